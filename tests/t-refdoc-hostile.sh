# t-refdoc-hostile.sh - hostile and foreign reference documents. Hostile
# ones (zip bombs, entities, broken XML, a theme that is no theme) must be
# refused by `build --reference-doc` with a non-zero exit, a message naming
# the file, and no output written. Foreign ones (markup of other programs
# and namespaces, misplaced or invalid markup, LibreOffice's own files) must
# build into a document that passes validate-odt/validate-docx --strict:
# what the output cannot hold is left out. The inputs are made here with
# python3's zipfile (tests/refdoc_foreign.py) from a document the tool
# itself built (so the control case is accepted), and with LibreOffice
# (soffice) when it is installed.
. tests/lib.sh

SRC=contracts/wijkcontract-klaverveld.md
[ -f "$SRC" ] || SRC=$(ls contracts/*.md | head -n 1)
command -v python3 >/dev/null || { echo "note $T_SUITE: python3 absent: skipped"; finish; exit 0; }

mkdir -p "$TMP/in" "$TMP/res"
for fmt in odt docx; do
  if ! "$WK" build "$SRC" --draft -o "$TMP/in/base.$fmt" >/dev/null 2>"$TMP/err"; then
    not_ok "$fmt: base document builds" "$(head -c 300 "$TMP/err")"
  fi
done
[ -f "$TMP/in/base.odt" ] && [ -f "$TMP/in/base.docx" ] || { finish; exit 0; }

python3 - "$TMP/in" <<'PY'
import io, os, struct, sys, warnings, zipfile
warnings.simplefilter("ignore")  # duplicate names are the point
d = sys.argv[1]
MiB = 1024 * 1024

def entries(fmt):
    with zipfile.ZipFile(os.path.join(d, "base." + fmt)) as z:
        return [(i.filename, z.read(i), i.compress_type) for i in z.infolist()]

def write(name, items, extra=()):
    with zipfile.ZipFile(os.path.join(d, name), "w") as z:
        for n, data, ct in list(items) + list(extra):
            z.writestr(zipfile.ZipInfo(n, (2026, 1, 1, 0, 0, 0)), data,
                       compress_type=ct)

def styles_part(fmt):
    return "word/styles.xml" if fmt == "docx" else "styles.xml"

def replace(items, name, data):
    return [(n, data if n == name else b, ct) for n, b, ct in items]

def padded(fmt, size):
    # a well-formed styles part of about size bytes (white space inside)
    root = (b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            if fmt == "docx" else
            b'<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.3">')
    end = b"</w:styles>" if fmt == "docx" else b"</office:document-styles>"
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + root + b" " * size + end

def patch_headers(path, member, flag_or=0, usize=None):
    # sets general purpose flag bits / the uncompressed size of one member
    # in both its local header and its central directory record
    b = bytearray(open(path, "rb").read())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
    lh = info.header_offset
    assert b[lh:lh + 4] == b"PK\x03\x04"
    flags = struct.unpack_from("<H", b, lh + 6)[0] | flag_or
    struct.pack_into("<H", b, lh + 6, flags)
    if usize is not None:
        struct.pack_into("<I", b, lh + 22, usize)
    i = b.find(b"PK\x01\x02")
    while i >= 0:
        nlen = struct.unpack_from("<H", b, i + 28)[0]
        if bytes(b[i + 46:i + 46 + nlen]) == member.encode():
            flags = struct.unpack_from("<H", b, i + 8)[0] | flag_or
            struct.pack_into("<H", b, i + 8, flags)
            if usize is not None:
                struct.pack_into("<I", b, i + 24, usize)
        i = b.find(b"PK\x01\x02", i + 4)
    open(path, "wb").write(b)

D = zipfile.ZIP_DEFLATED
for fmt in ("docx", "odt"):
    base = entries(fmt)
    sp = styles_part(fmt)
    orig = dict((n, b) for n, b, ct in base)[sp]
    decl_end = orig.index(b"?>") + 2 if orig.startswith(b"<?xml") else 0
    body = orig[decl_end:]
    xxe = (b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
           + body)
    write("xxe." + fmt, replace(base, sp, xxe))
    lol = b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
    prev = "a"
    for k in "bcdefghij":
        lol += ('<!ENTITY %s "%s">' % (k, ("&%s;" % prev) * 10)).encode()
        prev = k
    lol += b']>\n<r>&j;</r>'
    write("billion-laughs." + fmt, replace(base, sp, lol))
    hidden = b'<?xml version="1.0"?>\n<!-- a comment first -->\n<?pi x?>\n<!DOCTYPE r>\n' + body
    write("doctype-after-comment." + fmt, replace(base, sp, hidden))
    write("too-many-entries." + fmt, base,
          [("pad/%04d.txt" % i, b"x", D) for i in range(2001)])
    write("entry-over-cap." + fmt, replace(base, sp, padded(fmt, 33 * MiB)))
    write("lying-size." + fmt, replace(base, sp, padded(fmt, 40 * MiB)))
    patch_headers(os.path.join(d, "lying-size." + fmt), sp, usize=1000)
    if fmt == "docx":
        # parts read besides the styles: the font table, and the theme the
        # document's relationships name
        write("xxe-fonttable.docx", replace(base, "word/fontTable.xml", xxe))
        rels = dict((n, b) for n, b, ct in base)["word/_rels/document.xml.rels"]
        rels = rels.replace(b"</Relationships>", b'<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/></Relationships>')
        write("xxe-theme.docx", replace(base, "word/_rels/document.xml.rels", rels),
              [("word/theme/theme1.xml", xxe, D)])
    write("encrypted." + fmt, base)
    patch_headers(os.path.join(d, "encrypted." + fmt), sp, flag_or=1)
    write("duplicate." + fmt, base, [(sp, orig, D)])
    write("dotdot." + fmt, base, [("../x", b"x", D)])
    write("absolute." + fmt, base, [("/abs", b"x", D)])
    write("backslash." + fmt, base, [("a\\b", b"x", D)])
    write("not-xml." + fmt, replace(base, sp, b"<w:styles><unclosed>"))
    # well-formed XML 1.0 but no namespace QName (found by fuzz_refdoc: it
    # was copied into the output, which then did not parse)
    tag = b"<w:style " if fmt == "docx" else b"<style:style "
    bad = tag + (b'w:x:="1" ' if fmt == "docx" else b'style:x:="1" ')
    write("bad-qname." + fmt, replace(base, sp, orig.replace(tag, bad, 1)))
    open(os.path.join(d, "not-a-zip." + fmt), "wb").write(b"This is plain text, not a zip.\n" * 20)
    full = open(os.path.join(d, "base." + fmt), "rb").read()
    open(os.path.join(d, "truncated." + fmt), "wb").write(full[: len(full) // 2])
    open(os.path.join(d, "empty." + fmt), "wb").write(b"")
# an archive that is neither format
write("neither.docx", [("hello.txt", b"hello", D)])
PY
[ $? = 0 ] || { not_ok "hostile inputs generated"; finish; exit 0; }

for fmt in odt docx; do
  expect_status "$fmt: control: the tool's own document is a usable reference" 0 \
    "$WK" build "$SRC" --draft --reference-doc "$TMP/in/base.$fmt" -o "$TMP/res/ok.$fmt"
  rm -f "$TMP/res/ok.$fmt"
done

# refused FILE: the build exits 1 or 2 naming FILE (and what FILE.expect's
# "message" lines ask), and writes nothing
refused() {
  bad=$1
  name=$(basename "$bad")
  fmt=${name##*.}
  start=$(date +%s%N)
  "$WK" build "$SRC" --draft --reference-doc "$bad" -o "$TMP/res/o.$fmt" >"$TMP/res.txt" 2>"$TMP/err"
  st=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  if [ "$st" = 0 ] || [ "$st" -ge 128 ]; then
    not_ok "$name refused" "exit $st; stderr: $(head -c 300 "$TMP/err")"
  elif ! grep -qF "$name" "$TMP/err"; then
    not_ok "$name: message names the file" "$(head -c 300 "$TMP/err")"
  elif [ -n "$(ls -A "$TMP/res")" ]; then
    not_ok "$name: nothing written" "found: $(ls -A "$TMP/res" | tr '\n' ' ')"
  else
    ok "$name refused"
    [ -n "${VERBOSE:-}" ] && echo "     exit $st, ${ms} ms: $(head -n 1 "$TMP/err")"
  fi
  if [ -f "$bad.expect" ]; then
    grep '^message	' "$bad.expect" | cut -f2- | while IFS= read -r re; do
      grep -Eq -- "$re" "$TMP/err" || echo "$re"
    done >"$TMP/miss"
    if [ -s "$TMP/miss" ]; then not_ok "$name: message says why" "no /$(head -n 1 "$TMP/miss")/ in: $(head -c 300 "$TMP/err")"
    else ok "$name: message says why"; fi
  fi
  rm -rf "$TMP/res" && mkdir -p "$TMP/res"
}

# builds FILE: exit 0, the output passes --strict, and FILE.expect's part
# lines hold for it
builds_valid() {
  ref=$1
  name=$(basename "$ref")
  fmt=${name##*.}
  out=$TMP/res/o.$fmt
  if ! "$WK" build "$SRC" --draft --reference-doc "$ref" -o "$out" >/dev/null 2>"$TMP/err"; then
    not_ok "$name: builds" "$(head -c 300 "$TMP/err")"
    rm -rf "$TMP/res" && mkdir -p "$TMP/res"
    return 0
  fi
  ok "$name: builds"
  if [ "$VALIDATE" = 1 ]; then
    if "$SHARED/tools/validate-$fmt" --strict "$out" >"$TMP/val" 2>&1; then ok "$name: output valid --strict"
    else not_ok "$name: output valid --strict" "$(grep -v '^OK' "$TMP/val" | head -n 3)"; fi
  fi
  if [ -f "$ref.expect" ]; then
    grep -v '^message	' "$ref.expect" | while IFS="	" read -r part re; do
      unzip -p "$out" "$part" >"$TMP/part" 2>/dev/null
      case $re in
        !*) grep -Eq -- "${re#!}" "$TMP/part" && echo "unexpected /${re#!}/ in $part: $(grep -Eo -- ".{0,60}(${re#!}).{0,60}" "$TMP/part" | head -n 1)" ;;
        *) grep -Eq -- "$re" "$TMP/part" || echo "no /$re/ in $part" ;;
      esac
    done >"$TMP/miss"
    if [ -s "$TMP/miss" ]; then not_ok "$name: takes what it can, leaves out the rest" "$(head -n 2 "$TMP/miss")"
    else ok "$name: takes what it can, leaves out the rest"; fi
  fi
  rm -rf "$TMP/res" && mkdir -p "$TMP/res"
}

for bad in "$TMP"/in/*; do
  case $(basename "$bad") in base.*) continue ;; esac
  refused "$bad"
done

# ---- foreign markup ----
VALIDATE=0 # t-asan sets WK_SKIP_VALIDATE: the plain run validates the same bytes
if [ -z "${WK_SKIP_VALIDATE:-}" ] && have_shared validate-odt && have_shared validate-docx; then VALIDATE=1; fi
if python3 tests/refdoc_foreign.py "$TMP/in/base.docx" "$TMP/in/base.odt" "$TMP/foreign" 2>"$TMP/err"; then
  for ref in "$TMP"/foreign/valid/*.odt "$TMP"/foreign/valid/*.docx; do builds_valid "$ref"; done
  for ref in "$TMP"/foreign/refused/*.odt "$TMP"/foreign/refused/*.docx; do refused "$ref"; done
else
  not_ok "foreign inputs generated" "$(head -c 300 "$TMP/err")"
fi

# ---- reference documents LibreOffice saved ----
# The usual way to a house style: a document saved by LibreOffice, as .odt
# or .docx; here the tool's own documents re-saved in both formats, and
# the shared sample when present.
mkdir -p "$TMP/lo/odt" "$TMP/lo/docx"
if [ -n "${WK_SKIP_RENDER:-}" ]; then
  echo "note $T_SUITE: WK_SKIP_RENDER: no LibreOffice-saved reference documents made"
elif have_tool soffice; then
  for to in odt docx; do
    mkdir -p "$TMP/lo/$to-in"
    for from in odt docx; do cp "$TMP/in/base.$from" "$TMP/lo/$to-in/from-$from.$from"; done
    timeout 300 soffice --headless "-env:UserInstallation=file://$TMP/lo/profile" --convert-to "$to" \
      --outdir "$TMP/lo/$to" "$TMP/lo/$to-in"/from-odt.odt "$TMP/lo/$to-in"/from-docx.docx >"$TMP/lo/log" 2>&1
    n=$(ls "$TMP/lo/$to" | wc -l)
    if [ "$n" = 2 ]; then ok "LibreOffice saved two .$to reference documents"
    else not_ok "LibreOffice saved two .$to reference documents" "found $n: $(tail -c 300 "$TMP/lo/log")"; fi
  done
else
  echo "note $T_SUITE: soffice absent: no LibreOffice-saved reference documents made (make test-deps installs it)"
fi
for s in libreoffice-7.4.odt libreoffice-7.4.docx; do
  [ -f "$SHARED/tools/samples/$s" ] && cp "$SHARED/tools/samples/$s" "$TMP/lo/${s##*.}/sample-$s"
done
for ref in "$TMP"/lo/odt/*.odt "$TMP"/lo/docx/*.docx; do
  [ -f "$ref" ] && builds_valid "$ref"
done
finish
