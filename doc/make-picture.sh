#!/bin/sh
# make-picture.sh - makes doc/page-matrix.png, the picture in README.md: the
# page of the example contract's DOCX that holds the role matrix, rendered
# by LibreOffice (../shared/tools/render-pdf) and pdftoppm. Run through
# `make picture` so the picture always shows the current output.
set -eu
cd "$(dirname "$0")/.."
WK=${WK:-build/wijkcontract}
RENDER=${RENDER:-$(cd .. && pwd)/shared/tools/render-pdf}
if [ ! -x "$RENDER" ]; then
  echo "make-picture: $RENDER is absent: cannot render the picture" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
SOURCE_DATE_EPOCH=1790000000 "$WK" build contracts/wijkcontract-klaverveld.md -o "$tmp/contract.docx"
"$RENDER" -o "$tmp" "$tmp/contract.docx" >/dev/null
pages=$(pdfinfo "$tmp/contract.pdf" | sed -n 's/^Pages: *//p')
page=""
for p in $(seq 1 "$pages"); do
  if pdftotext -f "$p" -l "$p" "$tmp/contract.pdf" - | grep -q '^Rollenmatrix'; then page=$p; break; fi
done
[ -n "$page" ] || { echo "make-picture: no page with the role matrix" >&2; exit 1; }
pdftoppm -png -r 60 -f "$page" -l "$page" -singlefile "$tmp/contract.pdf" doc/page-matrix
echo "doc/page-matrix.png: page $page of $pages"
