/* xmlw.c - XML parts written through libxml2's xmlTextWriter, with text
 * cleaned of what XML 1.0 cannot carry and tags that always balance. */
#include "xmlw.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlwriter.h>

enum { XMLW_SINK_PIECE = 64 * 1024 };

struct xmlw {
  xmlTextWriterPtr writer;
  size_t depth; /* open elements: xmlw_end never closes more than were opened */
  buf out;      /* bytes the writer produced, not yet handed on */
  buf scratch;  /* cleaned text, reused */
  xmlw_sink sink; /* when set, bytes go there in pieces (xmlw_set_sink) */
  void *sink_ctx;
};

/* Hands the bytes collected so far to the sink. */
static void hand_on(xmlw *w) {
  if (w->out.len > 0) w->sink(w->sink_ctx, w->out.data, w->out.len);
  w->out.len = 0;
}

/* libxml2's output buffer writes here, in pieces of a few kilobytes,
 * into w->out; with a sink, on to it in pieces of about XMLW_SINK_PIECE. */
static int on_write(void *ctx, const char *data, int len) {
  xmlw *w = ctx;
  if (len <= 0) return 0;
  if (w->sink) {
    if (w->out.len + (size_t)len < XMLW_SINK_PIECE) {
      buf_add(&w->out, data, (size_t)len);
    } else {
      hand_on(w);
      w->sink(w->sink_ctx, data, (size_t)len);
    }
  } else {
    buf_add(&w->out, data, (size_t)len);
  }
  return len;
}

static int on_close(void *ctx) {
  (void)ctx;
  return 0;
}

/* The Char production of XML 1.0. */
static bool xml_char_allowed(unsigned cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* Length of the prefix of s[0..len) that is printable ASCII, tab, LF or
 * CR: text that needs no cleaning (nearly all of it). */
static size_t plain_prefix(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len && ((p[i] >= 0x20 && p[i] < 0x80) || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
    i++;
  return i;
}

/* Copies s[0..len) into w->scratch without invalid bytes or forbidden
 * characters; returns the cleaned, NUL-terminated text. Stretches that
 * are fine go over in one piece. */
static const char *clean(xmlw *w, const char *s, size_t len) {
  buf_reset(&w->scratch);
  size_t i = 0;
  while (i < len) {
    size_t ok = i + plain_prefix(s + i, len - i);
    for (;;) { /* extend over valid, allowed non-ASCII characters */
      unsigned cp;
      size_t k = ok < len && (unsigned char)s[ok] >= 0x80 ? utf8_decode(s + ok, len - ok, &cp) : 0;
      if (k == 0 || !xml_char_allowed(cp)) break;
      ok += k;
      ok += plain_prefix(s + ok, len - ok);
    }
    if (ok > i) buf_add(&w->scratch, s + i, ok - i);
    if (ok >= len) break;
    /* s[ok] starts a stray byte or a forbidden character: drop it */
    unsigned cp;
    size_t k = utf8_decode(s + ok, len - ok, &cp);
    i = ok + (k ? k : 1);
  }
  buf_addc(&w->scratch, '\0');
  w->scratch.len--;
  return w->scratch.data;
}

/* A NUL-terminated string (an attribute value) fit for XML: s itself
 * when it is plain, else a cleaned copy. */
static const char *fit(xmlw *w, const char *s) {
  size_t len = strlen(s);
  return plain_prefix(s, len) == len ? s : clean(w, s, len);
}

xmlw *xmlw_new_fragment(void) {
  xmlw *w = xcalloc(1, sizeof *w);
  buf_init(&w->out);
  buf_init(&w->scratch);
  xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(on_write, on_close, w, NULL);
  if (!ob) abort();
  w->writer = xmlNewTextWriter(ob);
  if (!w->writer) abort();
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
  xmlTextWriterWriteAttribute(w->writer, BAD_CAST name, BAD_CAST fit(w, value));
}

void xmlw_attrf(xmlw *w, const char *name, const char *fmt, ...) {
  char small[128]; /* nearly every value fits: formatted once, not allocated */
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n >= 0 && (size_t)n < sizeof small) {
    xmlw_attr(w, name, small);
    return;
  }
  va_start(ap, fmt);
  char *v = xvasprintf(fmt, ap);
  va_end(ap);
  xmlw_attr(w, name, v);
  free(v);
}

void xmlw_attr_long(xmlw *w, const char *name, long v) {
  char num[32];
  char *p = num + sizeof num;
  *--p = '\0';
  unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
  do
    *--p = (char)('0' + u % 10);
  while (u /= 10);
  if (v < 0) *--p = '-';
  xmlTextWriterWriteAttribute(w->writer, BAD_CAST name, BAD_CAST p);
}

void xmlw_text(xmlw *w, const char *s, size_t len) {
  if (!s || len == 0) return;
  const char *t = clean(w, s, len); /* a copy: s need not end at len */
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
  if (!xml || len == 0 || len > INT_MAX) return;
  xmlTextWriterWriteRawLen(w->writer, BAD_CAST xml, (int)len);
}

void xmlw_node(xmlw *w, xmlNodePtr n) {
  xmlBufferPtr b = xmlBufferCreate();
  if (!b) abort();
  xmlNodeDump(b, n->doc, n, 0, 0);
  xmlw_raw(w, (const char *)xmlBufferContent(b), (size_t)xmlBufferLength(b));
  xmlBufferFree(b);
}

void xmlw_set_sink(xmlw *w, xmlw_sink sink, void *ctx) {
  w->sink = sink;
  w->sink_ctx = ctx;
}

/* Ends a start tag still open, as content would. */
static void close_start_tag(xmlw *w) {
  xmlTextWriterWriteRawLen(w->writer, BAD_CAST "", 0);
}

void xmlw_flush(xmlw *w) {
  close_start_tag(w);
  xmlTextWriterFlush(w->writer);
  if (w->sink) hand_on(w);
}

void xmlw_finish(xmlw *w, buf *out) {
  while (w->depth > 0) xmlw_end(w);
  xmlTextWriterEndDocument(w->writer);
  xmlTextWriterFlush(w->writer);
  xmlFreeTextWriter(w->writer); /* closes the output buffer: the rest comes out */
  if (w->sink)
    hand_on(w);
  else
    buf_add(out, w->out.data, w->out.len);
  buf_free(&w->out);
  buf_free(&w->scratch);
  free(w);
}
