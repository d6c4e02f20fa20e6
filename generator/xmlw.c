/* xmlw.c - XML parts serialised straight into a growable buffer, with text
 * cleaned of what XML 1.0 cannot carry and tags that always balance. The
 * bytes are those libxml2's xmlTextWriter wrote for the same calls (which
 * this replaced: its per-element lists, copies and per-attribute escaping
 * buffers cost about 2,000 instructions an attribute, the bulk of building
 * a large document); tests/unit/test_xmlw.c compares the two. */
#include "xmlw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct xmlw {
  buf out;
  buf names;        /* the open elements' names, each NUL-terminated */
  size_t *starts;   /* offset in names of each open element */
  size_t depth, cap; /* open elements: xmlw_end never closes more than were opened */
  bool tag_open;    /* the last start tag still lacks its '>' */
  bool char_refs;   /* a fragment: non-ASCII in attribute values as &#x..; */
  xmlw_sink sink;   /* where the bytes go as they pile up, or NULL */
  void *sink_ctx;
};

/* With a sink, the bytes go on once this many are waiting. */
#define XMLW_CHUNK (64u * 1024)

/* ---- output ---- */

static inline char *room(buf *b, size_t n) {
  if (b->cap - b->len < n + 1) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < n + 1) cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
  }
  return b->data + b->len;
}

static inline void put(buf *b, const char *s, size_t n) {
  memcpy(room(b, n), s, n);
  b->len += n;
}

static inline void putc1(buf *b, char c) {
  *room(b, 1) = c;
  b->len++;
}

static void puts0(buf *b, const char *s) { put(b, s, strlen(s)); }

/* Hands the bytes written so far to the sink (a start tag still open
 * goes too: its '>' or "/>" follows in the next piece). */
static void drain(xmlw *w) {
  if (w->out.len) w->sink(w->sink_ctx, w->out.data, w->out.len);
  w->out.len = 0;
}

static void maybe_drain(xmlw *w) {
  if (w->sink && w->out.len >= XMLW_CHUNK) drain(w);
}

void xmlw_set_sink(xmlw *w, xmlw_sink sink, void *ctx) {
  w->sink = sink;
  w->sink_ctx = ctx;
  maybe_drain(w);
}

static void close_tag(xmlw *w);

void xmlw_flush(xmlw *w) {
  close_tag(w);
  if (w->sink) drain(w);
}

/* Ends a start tag that is still open, before content. */
static void close_tag(xmlw *w) {
  if (w->tag_open) {
    putc1(&w->out, '>');
    w->tag_open = false;
  }
}

/* ---- characters ---- */

/* The Char production of XML 1.0. */
static bool xml_char_allowed(unsigned cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* What an ASCII byte becomes: NULL for itself, "" when XML cannot carry it
 * (C0 controls other than tab, LF, CR; NUL), else its escape. Text escapes
 * '"' and CR as well (as xmlEncodeSpecialChars did); attribute values also
 * tab and LF, which a reader would otherwise normalise to spaces. */
static const char *ascii_escape(unsigned char c, bool attr) {
  switch (c) {
  case '&': return "&amp;";
  case '<': return "&lt;";
  case '>': return "&gt;";
  case '"': return "&quot;";
  case '\r': return "&#13;";
  case '\n': return attr ? "&#10;" : NULL;
  case '\t': return attr ? "&#9;" : NULL;
  default: return c < 0x20 ? "" : NULL;
  }
}

/* Appends s[0..len) escaped, without invalid bytes (each dropped, the text
 * resynchronising on the next byte) or characters XML 1.0 forbids. Outside
 * ASCII, text carries UTF-8; so do attribute values, except with refs (a
 * fragment), where they carry character references (&#xE9;) as libxml2
 * wrote them without a document encoding. Returns the characters kept. */
static size_t put_escaped(buf *b, const char *s, size_t len, bool attr, bool refs) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, kept = 0;
  while (i < len) {
    size_t run = i; /* a run of bytes that go out as they are */
    while (run < len && p[run] >= 0x20 && p[run] < 0x80 && p[run] != '&' && p[run] != '<' &&
           p[run] != '>' && p[run] != '"')
      run++;
    if (run > i) {
      put(b, s + i, run - i);
      kept += run - i;
      i = run;
      continue;
    }
    if (p[i] < 0x80) {
      const char *e = ascii_escape(p[i], attr);
      if (!e) putc1(b, (char)p[i]), kept++;
      else if (*e) puts0(b, e), kept++;
      i++;
      continue;
    }
    unsigned cp;
    size_t k = utf8_decode(s + i, len - i, &cp);
    if (k == 0) {
      i++; /* drop the stray byte, resynchronise on the next one */
      continue;
    }
    if (xml_char_allowed(cp)) {
      if (attr && refs) {
        char ref[16];
        int n = snprintf(ref, sizeof ref, "&#x%X;", cp);
        put(b, ref, (size_t)n);
      } else {
        put(b, s + i, k);
      }
      kept++;
    }
    i += k;
  }
  return kept;
}

/* ---- the writer ---- */

xmlw *xmlw_new_fragment(void) {
  xmlw *w = xcalloc(1, sizeof *w);
  buf_init(&w->out);
  buf_init(&w->names);
  w->char_refs = true;
  return w;
}

xmlw *xmlw_new(void) {
  xmlw *w = xmlw_new_fragment();
  w->char_refs = false;
  puts0(&w->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  return w;
}

void xmlw_start(xmlw *w, const char *name) {
  maybe_drain(w);
  close_tag(w);
  if (w->depth == w->cap) {
    w->cap = w->cap ? 2 * w->cap : 16;
    w->starts = xrealloc(w->starts, w->cap * sizeof *w->starts);
  }
  w->starts[w->depth++] = w->names.len;
  size_t n = strlen(name);
  put(&w->names, name, n + 1);
  putc1(&w->out, '<');
  put(&w->out, name, n);
  w->tag_open = true;
}

void xmlw_attr(xmlw *w, const char *name, const char *value) {
  if (!w->tag_open) return; /* after content: refused, the part stays well-formed */
  if (!value) value = "";
  putc1(&w->out, ' ');
  puts0(&w->out, name);
  put(&w->out, "=\"", 2);
  put_escaped(&w->out, value, strlen(value), true, w->char_refs);
  putc1(&w->out, '"');
}

void xmlw_attr_long(xmlw *w, const char *name, long v) {
  char digits[24], *p = digits + sizeof digits;
  unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
  *--p = '\0';
  do *--p = (char)('0' + u % 10); while ((u /= 10) != 0);
  if (v < 0) *--p = '-';
  xmlw_attr(w, name, p);
}

void xmlw_attrf(xmlw *w, const char *name, const char *fmt, ...) {
  char small[64];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n >= 0 && (size_t)n < sizeof small) {
    xmlw_attr(w, name, small);
    return;
  }
  buf b;
  buf_init(&b);
  va_start(ap, fmt);
  buf_vprintf(&b, fmt, ap);
  va_end(ap);
  xmlw_attr(w, name, b.data ? b.data : "");
  buf_free(&b);
}

void xmlw_text(xmlw *w, const char *s, size_t len) {
  if (!s || len == 0) return;
  /* Text that cleans down to nothing leaves an empty element "<e/>". */
  size_t mark = w->out.len;
  bool was_open = w->tag_open;
  close_tag(w);
  if (put_escaped(&w->out, s, len, false, false) == 0) {
    w->out.len = mark;
    w->tag_open = was_open;
  }
}

void xmlw_texts(xmlw *w, const char *s) {
  if (s) xmlw_text(w, s, strlen(s));
}

void xmlw_end(xmlw *w) {
  if (w->depth == 0) return;
  maybe_drain(w);
  size_t start = w->starts[--w->depth];
  if (w->tag_open) {
    put(&w->out, "/>", 2);
    w->tag_open = false;
  } else {
    put(&w->out, "</", 2);
    put(&w->out, w->names.data + start, w->names.len - start - 1);
    putc1(&w->out, '>');
  }
  w->names.len = start;
}

void xmlw_element(xmlw *w, const char *name, const char *const *attrs, const char *text) {
  xmlw_start(w, name);
  for (size_t i = 0; attrs && attrs[i] && attrs[i + 1]; i += 2) xmlw_attr(w, attrs[i], attrs[i + 1]);
  if (text) xmlw_texts(w, text);
  xmlw_end(w);
}

void xmlw_raw(xmlw *w, const char *xml, size_t len) {
  if (!xml || len == 0) return;
  close_tag(w);
  size_t n = strnlen(xml, len); /* up to a NUL, as before */
  if (w->sink && n >= XMLW_CHUNK) { /* a large fragment goes on directly */
    drain(w);
    w->sink(w->sink_ctx, xml, n);
    return;
  }
  put(&w->out, xml, n);
  maybe_drain(w);
}

void xmlw_finish(xmlw *w, buf *out) {
  while (w->depth > 0) xmlw_end(w);
  putc1(&w->out, '\n');
  w->out.data[w->out.len] = '\0'; /* room() always leaves a byte for it */
  if (w->sink || !out) { /* out may be NULL with a sink */
    if (w->sink) drain(w);
    buf_free(&w->out);
  } else if (out->len == 0 && !out->data) {
    *out = w->out; /* hand the bytes over instead of copying them */
  } else {
    buf_add(out, w->out.data, w->out.len);
    buf_free(&w->out);
  }
  buf_free(&w->names);
  free(w->starts);
  free(w);
}
