# t-package.sh - installing: `make install` puts the binary, the manual
# page and the bash completion under PREFIX; the completion completes
# commands, options and values; the Debian package (debian/, built from a
# copy of the tree with dpkg-buildpackage) holds the same three, links
# Debian's shared libraries and passes lintian without errors.
. tests/lib.sh

# ---- make install ----
make --no-print-directory install DESTDIR="$TMP/inst" PREFIX=/usr >"$TMP/install.log" 2>&1
for f in usr/bin/wijkcontract usr/share/man/man1/wijkcontract.1 usr/share/bash-completion/completions/wijkcontract; do
  if [ -s "$TMP/inst/$f" ]; then ok "make install: /$f"; else not_ok "make install: /$f" "$(tail -3 "$TMP/install.log")"; fi
done
[ -x "$TMP/inst/usr/bin/wijkcontract" ] && ok "make install: the binary is executable" || not_ok "make install: the binary is executable"

# ---- the completion ----
if [ -f /usr/share/bash-completion/bash_completion ] && have_tool bash "the completion checks"; then
  cat >"$TMP/comp.sh" <<'SH'
. /usr/share/bash-completion/bash_completion
. "$1"
comp() {
  COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
  read -ra COMP_WORDS <<<"$1"
  [ "${1% }" != "$1" ] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _wijkcontract
  echo "$1|${COMPREPLY[*]}"
}
comp "wijkcontract bu"
comp "wijkcontract build -t "
comp "wijkcontract build --pu"
comp "wijkcontract --lang nl ve"
comp "wijkcontract check --format "
SH
  bash "$TMP/comp.sh" "$TMP/inst/usr/share/bash-completion/completions/wijkcontract" >"$TMP/comp" 2>&1
  expect_grep "completion: a command" "^wijkcontract bu\|build$" "$TMP/comp"
  expect_grep "completion: the formats of -t" "^wijkcontract build -t \|odt docx pdf$" "$TMP/comp"
  expect_grep "completion: an option of build" "^wijkcontract build --pu\|--public$" "$TMP/comp"
  expect_grep "completion: a command after --lang" "^wijkcontract --lang nl ve\|verify$" "$TMP/comp"
  expect_grep "completion: the formats of check" "^wijkcontract check --format \|text json$" "$TMP/comp"
else
  echo "note t-package: bash-completion is not installed: the completion checks skipped"
fi

# ---- the Debian package ----
if have_tool dpkg-buildpackage "the package build" && have_tool dh "the package build" &&
   have_tool lintian "the package build"; then
  mkdir -p "$TMP/pkg/src"
  tar -cf - --exclude=./build --exclude=./.git --exclude=./debian/wijkcontract --exclude=./debian/.debhelper . |
    (cd "$TMP/pkg/src" && tar -xf -)
  if (cd "$TMP/pkg/src" && dpkg-buildpackage -us -uc -b) >"$TMP/pkg.log" 2>&1; then ok "dpkg-buildpackage -us -uc -b"
  else not_ok "dpkg-buildpackage -us -uc -b" "$(tail -5 "$TMP/pkg.log")"; fi
  deb=$(ls "$TMP"/pkg/wijkcontract_*_*.deb 2>/dev/null | head -1)
  if [ -n "$deb" ]; then
    dpkg -c "$deb" >"$TMP/contents"
    expect_grep "package: the binary" " \./usr/bin/wijkcontract$" "$TMP/contents"
    expect_grep "package: the manual page" " \./usr/share/man/man1/wijkcontract\.1\.gz$" "$TMP/contents"
    expect_grep "package: the bash completion" " \./usr/share/bash-completion/completions/wijkcontract$" "$TMP/contents"
    dpkg -I "$deb" >"$TMP/control"
    expect_grep "package: depends on Debian's libxml2" "Depends:.*libxml2" "$TMP/control"
    expect_grep "package: depends on Debian's ICU" "Depends:.*libicu" "$TMP/control"
    lintian "$TMP"/pkg/wijkcontract_*.changes >"$TMP/lintian" 2>&1
    expect_no_grep "lintian: no errors" "^E: " "$TMP/lintian"
  else
    not_ok "package: a .deb was built"
  fi
fi

finish
