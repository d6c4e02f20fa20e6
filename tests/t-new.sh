# t-new.sh - `new`: writes each profile's skeleton in each language with
# `language:` set, the skeleton passes `check` but for placeholders (and
# passes --strict once they are filled in), an existing file is never
# replaced, and bad kinds, languages and arguments are usage errors.
. tests/lib.sh

# placeholder-free copy of a skeleton: every <blank> and TODO filled in
fill_in() {
  sed -e 's/<[^<>]*>/Ingevuld/g' -e 's/TODO/Ingevuld/g' "$1" >"$2"
}

for kind in wijkcontract cba; do
  for lang in nl en; do
    f=$TMP/$kind-$lang.md
    expect_status "new $kind $lang writes" 0 "$WK" new --kind "$kind" --language "$lang" "$f"
    if [ ! -s "$f" ]; then
      not_ok "new $kind $lang: file exists" "$f missing or empty"
      continue
    fi
    expect_eq "new $kind $lang: starts with front matter" "---" "$(head -n 1 "$f")"
    expect_eq "new $kind $lang: kind line" "kind: $kind" "$(grep '^kind:' "$f")"
    expect_eq "new $kind $lang: one language line" "language: $lang" "$(grep '^language:' "$f")"
    expect_grep "new $kind $lang: has placeholders" 'TODO|<[a-z]' "$f"
    ls -A "$TMP" | grep -q '^\.wijkcontract-new' && not_ok "new $kind $lang: temp file left behind"

    # the skeleton is complete: check finds nothing but placeholders
    "$WK" check --format json "$f" >"$TMP/check.json" 2>"$TMP/check.err"
    st=$?
    if [ "$st" -eq 2 ]; then
      not_ok "new $kind $lang: check runs" "exit 2: $(head -c 300 "$TMP/check.err")"
    else
      grep '"check"' "$TMP/check.json" | grep -v '"check": *"placeholder"' >"$TMP/other"
      if [ -s "$TMP/other" ]; then
        not_ok "new $kind $lang: only placeholder findings" "$(head -5 "$TMP/other")"
      else ok "new $kind $lang: only placeholder findings"; fi
      expect_grep "new $kind $lang: placeholders reported" '"check": *"placeholder"' "$TMP/check.json"
      expect_eq "new $kind $lang: check exit status (draft)" 0 "$st"
      # filled in, it passes even --strict: no pattern fires on its prose
      fill_in "$f" "$TMP/filled.md"
      expect_status "new $kind $lang: filled-in skeleton passes check --strict" 0 \
        "$WK" check --strict "$TMP/filled.md"
    fi
  done
done

# default kind and language: wijkcontract in Dutch
expect_status "new without options" 0 "$WK" new "$TMP/default.md"
expect_eq "default kind" "kind: wijkcontract" "$(grep '^kind:' "$TMP/default.md")"
expect_eq "default language" "language: nl" "$(grep '^language:' "$TMP/default.md")"
expect_status "new --kind=cba (with =)" 0 "$WK" new --kind=cba "$TMP/cba-default.md"
expect_eq "cba default language" "language: en" "$(grep '^language:' "$TMP/cba-default.md")"

# never overwrite
echo "keep me" >"$TMP/exists.md"
expect_status "refuses to overwrite" 1 "$WK" new "$TMP/exists.md"
expect_eq "existing file untouched" "keep me" "$(cat "$TMP/exists.md")"
expect_grep "says the file exists" 'already exists' "$TMP/err"
ln -s "$TMP/nowhere" "$TMP/link.md"
expect_status "refuses a dangling symlink" 1 "$WK" new "$TMP/link.md"
[ -e "$TMP/nowhere" ] && not_ok "symlink target not created" || ok "symlink target not created"

# usage errors
expect_status "unknown kind" 2 "$WK" new --kind nope "$TMP/x.md"
expect_grep "unknown kind lists the kinds" 'cba' "$TMP/err"
expect_grep "unknown kind lists wijkcontract" 'wijkcontract' "$TMP/err"
expect_status "unknown language" 2 "$WK" new --language fr "$TMP/x.md"
expect_grep "unknown language lists the languages" 'nl, en' "$TMP/err"
expect_status "no output file" 2 "$WK" new
expect_status "two output files" 2 "$WK" new "$TMP/a.md" "$TMP/b.md"
expect_status "unknown option" 2 "$WK" new --bogus "$TMP/x.md"
expect_status "option without value" 2 "$WK" new --kind
[ -e "$TMP/x.md" ] && not_ok "nothing written on usage errors" || ok "nothing written on usage errors"
expect_status "missing folder" 2 "$WK" new "$TMP/no/such/dir/x.md"

finish
