# t-nonregular.sh - inputs that must be seekable files (a document given to
# verify, a reference document, the existing output build looks inside)
# are refused at once when they are a FIFO or a device, with a message
# naming them, instead of blocking until someone writes to the pipe.
# `timeout` ends a run that blocks: its exit 124 is a failure here.
. tests/lib.sh

SRC=contracts/wijkcontract-klaverveld.md
[ -f "$SRC" ] || SRC=$(ls contracts/*.md | head -n 1)
have_tool mkfifo && have_tool timeout || { echo "note $T_SUITE: mkfifo or timeout absent: skipped"; finish; exit 0; }

mkdir -p "$TMP/res"
mkfifo "$TMP/pipe.odt" "$TMP/pipe.docx" "$TMP/res/taken.odt"

# refused: exit WANT, stderr names NAME, nothing blocks (NAME CMD...)
refused() {
  r_name=$1 r_want=$2 r_file=$3
  shift 3
  timeout 20 "$@" >"$TMP/o" 2>"$TMP/e" </dev/null
  r_st=$?
  if [ "$r_st" = 124 ]; then
    not_ok "$r_name: does not block" "still running after 20 s"
  elif [ "$r_st" != "$r_want" ]; then
    not_ok "$r_name: exit $r_want" "exit $r_st; stderr: $(head -c 300 "$TMP/e")"
  elif ! grep -qF "$r_file" "$TMP/e" || ! grep -q "regular file" "$TMP/e"; then
    not_ok "$r_name: message names the file and says why" "$(head -c 300 "$TMP/e")"
  else
    ok "$r_name"
  fi
}

refused "verify on a FIFO" 2 pipe.odt "$WK" verify "$TMP/pipe.odt"
refused "verify on a FIFO with a source" 2 pipe.docx "$WK" verify "$TMP/pipe.docx" "$SRC"
refused "verify on a character device" 2 /dev/zero "$WK" verify /dev/zero
for fmt in odt docx; do
  refused "build --reference-doc FIFO ($fmt)" 2 "pipe.$fmt" \
    "$WK" build "$SRC" --reference-doc "$TMP/pipe.$fmt" -o "$TMP/res/x.$fmt"
  [ -e "$TMP/res/x.$fmt" ] && not_ok "$fmt: nothing written after a refused reference document"
done
refused "build -o over an existing FIFO" 1 taken.odt "$WK" build "$SRC" -o "$TMP/res/taken.odt"
if [ -p "$TMP/res/taken.odt" ]; then ok "the FIFO is left in place"; else not_ok "the FIFO is left in place"; fi
refused "build -o over an existing FIFO, --force" 1 taken.odt "$WK" build "$SRC" --force -o "$TMP/res/taken.odt"

# the control: a regular file is still read
"$WK" build "$SRC" -o "$TMP/res/ok.odt" >/dev/null 2>&1
expect_status "a regular document is verified" 0 timeout 20 "$WK" verify "$TMP/res/ok.odt" "$SRC"
finish
