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
  xmlw_sink sink; /* when set, bytes go there in pieces (xmlw_set_sink) */
  void *sink_ctx;
};

enum { XMLW_SINK_PIECE = 64 * 1024 };

/* Hands what the writer has produced so far to the sink and empties the
 * buffer the writer appends to. */
static void drain(xmlw *w) {
  xmlTextWriterFlush(w->writer);
  int n = xmlBufferLength(w->buffer);
  if (n > 0) w->sink(w->sink_ctx, (const char *)xmlBufferContent(w->buffer), (size_t)n);
  xmlBufferEmpty(w->buffer);
}

/* The Char production of XML 1.0. */
static bool xml_char_allowed(unsigned cp) {
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
    unsigned cp;
    size_t k = utf8_decode((const char *)p + i, len - i, &cp);
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
  va_list ap;
  va_start(ap, fmt);
  char *v = xvasprintf(fmt, ap);
  va_end(ap);
  xmlw_attr(w, name, v);
  free(v);
}

void xmlw_attr_long(xmlw *w, const char *name, long v) {
  char num[32];
  snprintf(num, sizeof num, "%ld", v);
  xmlTextWriterWriteAttribute(w->writer, BAD_CAST name, BAD_CAST num);
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
  if (w->sink && xmlBufferLength(w->buffer) >= XMLW_SINK_PIECE) drain(w);
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

void xmlw_set_sink(xmlw *w, xmlw_sink sink, void *ctx) {
  w->sink = sink;
  w->sink_ctx = ctx;
}

void xmlw_flush(xmlw *w) {
  /* an empty raw write ends a start tag that is still open */
  xmlTextWriterWriteRaw(w->writer, BAD_CAST "");
  if (w->sink) drain(w);
}

void xmlw_finish(xmlw *w, buf *out) {
  while (w->depth > 0) xmlw_end(w);
  xmlTextWriterEndDocument(w->writer);
  xmlTextWriterFlush(w->writer);
  xmlFreeTextWriter(w->writer);
  if (w->sink) {
    int n = xmlBufferLength(w->buffer);
    if (n > 0) w->sink(w->sink_ctx, (const char *)xmlBufferContent(w->buffer), (size_t)n);
  } else {
    buf_add(out, xmlBufferContent(w->buffer), (size_t)xmlBufferLength(w->buffer));
  }
  xmlBufferFree(w->buffer);
  buf_free(&w->scratch);
  free(w);
}
