/* xmlw.c - XML parts written through libxml2's xmlTextWriter, with text
 * cleaned of what XML 1.0 cannot carry and tags that always balance. */
#include "xmlw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

struct xmlw {
  xmlBufferPtr buffer;
  xmlTextWriterPtr writer;
  size_t depth; /* open elements: xmlw_end never closes more than were opened */
  buf scratch;  /* cleaned text, reused */
};

/* Decodes one UTF-8 sequence at s[0..n); returns its length and sets *cp,
 * or 0 when the bytes there are not a valid, shortest-form sequence. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp) {
  unsigned char c = s[0];
  size_t len;
  unsigned long v, min;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    len = 2, v = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, v = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, v = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (len > n) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return len;
}

/* The Char production of XML 1.0. */
static bool xml_char_allowed(unsigned long cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* Copies s[0..len) into w->scratch without invalid bytes or forbidden
 * characters; returns the cleaned, NUL-terminated text. */
static const char *clean(xmlw *w, const char *s, size_t len) {
  buf_reset(&w->scratch);
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    unsigned long cp;
    size_t k = utf8_decode(p + i, len - i, &cp);
    if (k == 0) {
      i++; /* drop the stray byte, resynchronise on the next one */
      continue;
    }
    if (xml_char_allowed(cp)) buf_add(&w->scratch, p + i, k);
    i += k;
  }
  buf_addc(&w->scratch, '\0');
  w->scratch.len--;
  return w->scratch.data;
}

xmlw *xmlw_new_fragment(void) {
  xmlw *w = xcalloc(1, sizeof *w);
  w->buffer = xmlBufferCreate();
  if (!w->buffer) abort();
  w->writer = xmlNewTextWriterMemory(w->buffer, 0);
  if (!w->writer) abort();
  buf_init(&w->scratch);
  return w;
}

xmlw *xmlw_new(void) {
  xmlw *w = xmlw_new_fragment();
  xmlTextWriterStartDocument(w->writer, "1.0", "UTF-8", NULL);
  return w;
}

void xmlw_start(xmlw *w, const char *name) {
  xmlTextWriterStartElement(w->writer, BAD_CAST name);
  w->depth++;
}

void xmlw_attr(xmlw *w, const char *name, const char *value) {
  if (!value) value = "";
  const char *v = clean(w, value, strlen(value));
  xmlTextWriterWriteAttribute(w->writer, BAD_CAST name, BAD_CAST v);
}

void xmlw_attrf(xmlw *w, const char *name, const char *fmt, ...) {
  buf b;
  buf_init(&b);
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&b, fmt, ap);
  va_end(ap);
  xmlw_attr(w, name, b.data ? b.data : "");
  buf_free(&b);
}

void xmlw_text(xmlw *w, const char *s, size_t len) {
  if (!s || len == 0) return;
  const char *t = clean(w, s, len);
  if (*t) xmlTextWriterWriteString(w->writer, BAD_CAST t);
}

void xmlw_texts(xmlw *w, const char *s) {
  if (s) xmlw_text(w, s, strlen(s));
}

void xmlw_end(xmlw *w) {
  if (w->depth == 0) return;
  xmlTextWriterEndElement(w->writer);
  w->depth--;
}

void xmlw_element(xmlw *w, const char *name, const char *const *attrs, const char *text) {
  xmlw_start(w, name);
  for (size_t i = 0; attrs && attrs[i] && attrs[i + 1]; i += 2) xmlw_attr(w, attrs[i], attrs[i + 1]);
  if (text) xmlw_texts(w, text);
  xmlw_end(w);
}

void xmlw_raw(xmlw *w, const char *xml, size_t len) {
  if (!xml || len == 0) return;
  /* WriteRaw needs a NUL-terminated string; the fragment may not be one. */
  char *copy = xstrndup(xml, len);
  xmlTextWriterWriteRaw(w->writer, BAD_CAST copy);
  free(copy);
}

void xmlw_finish(xmlw *w, buf *out) {
  while (w->depth > 0) xmlw_end(w);
  xmlTextWriterEndDocument(w->writer);
  xmlTextWriterFlush(w->writer);
  xmlFreeTextWriter(w->writer);
  buf_add(out, xmlBufferContent(w->buffer), (size_t)xmlBufferLength(w->buffer));
  xmlBufferFree(w->buffer);
  buf_free(&w->scratch);
  free(w);
}
