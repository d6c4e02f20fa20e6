/* sniff.c - what an input is when it is not UTF-8 text: documents by their
 * first bytes, UTF-16 by its byte-order mark or its NUL pattern, legacy
 * single-byte encodings by UTF-8 that never decodes. */
#include "sniff.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

/* Windows-1252's characters for 0x80..0x9F (0: undefined); Latin-1 has
 * control characters there, so text that uses them is Windows-1252. */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

static bool starts(const char *data, size_t len, const char *magic, size_t n) {
  return len >= n && memcmp(data, magic, n) == 0;
}

static bool within(const char *data, size_t len, size_t limit, const char *what) {
  return mem_find(data, 0, len < limit ? len : limit, what) < (len < limit ? len : limit);
}

/* The kind of document (msgid) data starts as, or NULL. */
static const char *document_kind(const char *data, size_t len) {
  if (starts(data, len, "%PDF-", 5)) return N_("a PDF document");
  if (starts(data, len, "{\\rtf", 5)) return N_("an RTF document");
  if (starts(data, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
    return N_("a Word 97-2003 document (.doc)");
  if (starts(data, len, "PK\x03\x04", 4)) {
    /* an ODF package names its type in the first entry, "mimetype" */
    if (within(data, len, 200, "opendocument")) return N_("an OpenDocument document (.odt)");
    if (within(data, len, 4096, "word/") || within(data, len, 4096, "[Content_Types].xml"))
      return N_("a Word document (.docx)");
    return N_("a ZIP archive (perhaps an office document)");
  }
  return NULL;
}

/* UTF-16: a byte-order mark, or NUL in every other byte of the start of a
 * file that is mostly ASCII (what Notepad's "Unicode" writes without a
 * mark). Sets *big_endian. */
static bool is_utf16(const unsigned char *d, size_t len, bool *big_endian) {
  if (len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF))) {
    *big_endian = d[0] == 0xFE;
    return true;
  }
  size_t n = len < 512 ? len & ~(size_t)1 : 512, even = 0, odd = 0;
  if (n < 4) return false;
  for (size_t i = 0; i < n; i += 2) {
    even += d[i] == 0;
    odd += d[i + 1] == 0;
  }
  /* NULs on one side only, for most characters */
  if (odd * 4 >= n && even == 0) return *big_endian = false, true;
  if (even * 4 >= n && odd == 0) return *big_endian = true, true;
  return false;
}

bool sniff_report(const char *data, size_t len, diag_list *dl) {
  const unsigned char *d = (const unsigned char *)data;
  const char *kind = document_kind(data, len);
  if (kind) {
    diag_report(dl, DIAG_INPUT_DOCUMENT, (srcpos){1, 1}, _(kind));
    return true;
  }
  bool big = false;
  if (is_utf16(d, len, &big)) {
    diag_report(dl, DIAG_INPUT_UTF16, (srcpos){1, 1}, big ? "UTF-16BE" : "UTF-16LE");
    return true;
  }
  /* Legacy single-byte text: bytes that never form UTF-8, and no sequence
   * that does (a UTF-8 file with one damaged byte is reported byte by
   * byte, as before). NUL or other control bytes: not text at all. */
  size_t first_bad = len, multibyte = 0;
  bool cp1252 = false;
  for (size_t i = 0; (i += ascii_printable_span(data + i, len - i)) < len;) {
    if (d[i] < 0x20 && d[i] != '\t' && d[i] != '\n' && d[i] != '\r') return false;
    if (d[i] < 0x80) {
      i++;
      continue;
    }
    unsigned cp;
    size_t n = utf8_decode(data + i, len - i, &cp);
    if (n) {
      multibyte++;
      i += n;
      continue;
    }
    if (first_bad == len) first_bad = i;
    if (d[i] < 0xA0) cp1252 = true;
    i++;
  }
  if (first_bad == len || multibyte > 0) return false;
  srcpos at = {1, 1};
  for (size_t i = 0; i < first_bad; i++) {
    if (d[i] == '\n') at.line++, at.col = 1;
    else at.col++;
  }
  /* the character as the likely encoding reads it, for the message */
  unsigned b = d[first_bad];
  unsigned cp = b >= 0xA0 ? b : cp1252_high[b - 0x80];
  buf shown;
  buf_init(&shown);
  if (cp) buf_add_cp(&shown, cp);
  else buf_printf(&shown, "\\x%02X", b);
  char byte[8];
  snprintf(byte, sizeof byte, "0x%02X", b);
  diag_report(dl, DIAG_INPUT_LEGACY, at, cp1252 ? "Windows-1252" : "Latin-1 (ISO-8859-1) / Windows-1252",
              shown.data, byte);
  buf_free(&shown);
  return true;
}
