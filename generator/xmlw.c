/* xmlw.c - XML parts written through libxml2's xmlTextWriter, with text
 * cleaned of what XML 1.0 cannot carry and tags that always balance. */
#include "xmlw.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlwriter.h>

enum { XMLW_SINK_PIECE = 64 * 1024, XMLW_RAW_PIECE = 4096 };

/* A namespace an open element declares: its prefix ("" for the default
 * namespace) and its URI, offsets into observer.tag, and the URI's one
 * copy (xmlw_ns_name), or NULL. */
typedef struct {
  size_t prefix, uri;
  const char *name;
} obs_ns;

/* An open element: where its names begin in observer.tag (its prefix,
 * "" when it has none, then its local name), how many declarations were
 * open before it, and its namespace (an index into them, -1, or OBS_XML). */
typedef struct {
  size_t at, local, n_ns;
  long ns;
} obs_elem;

/* An attribute of the pending start tag: offsets into observer.tag. */
typedef struct {
  size_t prefix, local, value, len;
} obs_attr_at;

/* What xmlw_observe reports to, and what the events need: tag is a stack
 * of the open elements' names (each prefix NUL local NUL), with the
 * pending start tag's attributes on top until it is reported; an element
 * that declares namespaces keeps its attributes there while it is open,
 * for the declarations point into them. */
typedef struct {
  const xmlSAXHandler *sax;
  void *ctx;
  bool blind;    /* raw XML went into the part unreported */
  bool pending;  /* a start tag whose attributes may still come */
  bool declares; /* ... and it has an xmlns attribute */
  buf tag;
  size_t pend_at, pend_local, pend_end; /* pend_end: after its name */
  obs_attr_at *pend_attrs;
  size_t n_pend, cap_pend;
  obs_elem *open;
  size_t n_open, cap_open;
  obs_ns *ns;
  size_t n_ns, cap_ns;
  const xmlChar **attrs; /* five per attribute, as SAX2 hands them over */
  size_t cap_attrs;
  const xmlChar **decls; /* two per namespace declared */
  size_t cap_decls;
  char last_prefix[8];   /* the prefix looked up last and what it gave */
  long last_ns;
  bool (*ignores)(void *ctx); /* xmlw_observe_ignores, or NULL */
  size_t skip; /* inside an element the listener ignores: its depth there */
  unsigned long gen; /* the declarations in force, numbered (obs_forget) */
} observer;

typedef struct bare_tag bare_tag;

struct xmlw {
  xmlTextWriterPtr writer;
  size_t depth; /* open elements: xmlw_end never closes more than were opened */
  /* The open elements' tags, when copied (bare tags, below): libxml2's
   * writer knows only of those with NULL here. */
  const bare_tag **open_tags;
  size_t cap_open_tags;
  const bare_tag *pending; /* a bare element whose start tag is not out yet */
  buf pend_attrs;  /* ... its attributes so far: name NUL value NUL each */
  size_t n_pend_attrs;
  buf out;      /* bytes the writer produced, not yet handed on */
  buf raw;      /* copied bytes not yet given to the writer (raw_bytes) */
  buf scratch;  /* cleaned text, reused */
  xmlw_sink sink; /* when set, bytes go there in pieces (xmlw_set_sink) */
  void *sink_ctx;
  observer *obs; /* xmlw_observe: NULL when nobody listens */
  buf *tape;     /* a stamp being recorded: its events (stamp_record) */
  size_t *tape_open; /* where the open elements' 'S' wait for their end */
  size_t n_tape_open, cap_tape_open;
  bool utf8;     /* values keep their UTF-8: a document, a utf8 fragment */
  bool bare;     /* a piece to copy: without its closing newline */
};

#define OBS_XML (-2L) /* the xml prefix, bound by XML itself */
static const char NS_XML_URI[] = "http://www.w3.org/XML/1998/namespace";

/* The namespace a prefix ("" for none) stands for in the declarations of
 * the open elements: an index, OBS_XML or -1. Elements without a prefix
 * are in the default namespace, attributes without one in none. */
static long obs_lookup(observer *o, const char *prefix) {
  /* nearly always the prefix of the last look-up, and one letter long */
  if (prefix[0] == o->last_prefix[0] && (!prefix[0] || (prefix[1] == o->last_prefix[1] &&
                                                        (!prefix[1] || strcmp(prefix + 2, o->last_prefix + 2) == 0))))
    return o->last_ns;
  long r = -1;
  if (strcmp(prefix, "xml") == 0) {
    r = OBS_XML;
  } else {
    for (size_t i = o->n_ns; i-- > 0;)
      if (strcmp(o->tag.data + o->ns[i].prefix, prefix) == 0) {
        r = o->tag.data[o->ns[i].uri] ? (long)i : -1;
        break;
      }
  }
  if (strlen(prefix) < sizeof o->last_prefix) {
    strcpy(o->last_prefix, prefix);
    o->last_ns = r;
  }
  return r;
}

/* The cached look-up no longer holds once declarations come or go; nor
 * do the events worked out for them (stamp_sax): the declarations now in
 * force get a number no observer of the process had before. */
static void obs_forget(observer *o) {
  static unsigned long gens;
  o->last_prefix[0] = '\x01';
  o->last_prefix[1] = '\0';
  o->gen = ++gens;
}

/* ---- namespace names, one copy each ----
 * A process keeps one copy of each namespace name the observers meet (a
 * part declares a few, all parts the same few), up to NS_NAMES of them. */
enum { NS_NAMES = 64 };
static strset ns_names;

static void ns_names_free(void) { strset_free(&ns_names); }

const char *xmlw_ns_name(const char *uri) {
  const char *kept = strset_find(&ns_names, uri);
  if (kept || ns_names.n == NS_NAMES) return kept;
  if (ns_names.n == 0) atexit(ns_names_free);
  return strset_intern(&ns_names, uri);
}

static const xmlChar *obs_uri(const observer *o, long ns) {
  if (ns == OBS_XML) return BAD_CAST NS_XML_URI;
  if (ns < 0) return NULL;
  const obs_ns *d = &o->ns[ns];
  return BAD_CAST(d->name ? d->name : o->tag.data + d->uri);
}

/* A declaration of URI (an offset into tag) for prefix. */
static void obs_declare(observer *o, size_t prefix, size_t uri) {
  xgrow((void **)&o->ns, &o->cap_ns, o->n_ns + 1, sizeof *o->ns);
  const char *u = o->tag.data + uri;
  o->ns[o->n_ns++] = (obs_ns){prefix, uri, *u ? xmlw_ns_name(u) : NULL};
}

/* Pushes a qualified name onto tag as prefix NUL local NUL; returns
 * where the local name begins. Copied in one piece, for every element
 * and attribute written comes here. */
static size_t obs_push_name(observer *o, const char *qname) {
  size_t n = strlen(qname);
  buf_reserve(&o->tag, n + 1);
  char *d = o->tag.data + o->tag.len;
  size_t at = o->tag.len;
  const char *colon = memchr(qname, ':', n);
  if (colon) {
    size_t c = (size_t)(colon - qname);
    memcpy(d, qname, n + 1);
    d[c] = '\0';
    o->tag.len += n + 1;
    return at + c + 1;
  }
  d[0] = '\0'; /* no prefix */
  memcpy(d + 1, qname, n + 1);
  o->tag.len += n + 2;
  return at + 1;
}

static bool obs_is_decl(const observer *o, const obs_attr_at *a) {
  const char *p = o->tag.data + a->prefix;
  return strcmp(*p ? p : o->tag.data + a->local, "xmlns") == 0;
}

/* Reports the pending start tag: its namespace declarations become the
 * open element's, its other attributes SAX2's five pointers each. */
static void obs_fire(observer *o) {
  if (!o->pending) return;
  o->pending = false;
  obs_elem e = {.at = o->pend_at, .local = o->pend_local, .n_ns = o->n_ns};
  size_t n_decl = 0;
  if (o->declares) {
    for (size_t i = 0; i < o->n_pend; i++) {
      const obs_attr_at *a = &o->pend_attrs[i];
      if (!obs_is_decl(o, a)) continue;
      /* xmlns="uri": the local name is "xmlns", its "" prefix is the one declared */
      obs_declare(o, o->tag.data[a->prefix] ? a->local : a->prefix, a->value);
      n_decl++;
    }
    obs_forget(o);
  }
  char *data = o->tag.data;
  e.ns = obs_lookup(o, data + e.at);
  if (o->n_open == o->cap_open) xgrow((void **)&o->open, &o->cap_open, o->n_open + 1, sizeof *o->open);
  o->open[o->n_open++] = e;
  if (o->sax->startElementNs) {
    if (n_decl) {
      xgrow((void **)&o->decls, &o->cap_decls, 2 * n_decl, sizeof *o->decls);
      for (size_t i = 0; i < n_decl; i++) {
        const obs_ns *d = &o->ns[e.n_ns + i];
        o->decls[2 * i] = data[d->prefix] ? BAD_CAST(data + d->prefix) : NULL;
        o->decls[2 * i + 1] = BAD_CAST(d->name ? d->name : data + d->uri);
      }
    }
    if (5 * o->n_pend > o->cap_attrs) xgrow((void **)&o->attrs, &o->cap_attrs, 5 * o->n_pend, sizeof *o->attrs);
    size_t n_attr = 0;
    for (size_t i = 0; i < o->n_pend; i++) {
      const obs_attr_at *a = &o->pend_attrs[i];
      if (o->declares && obs_is_decl(o, a)) continue;
      const xmlChar **v = o->attrs + 5 * n_attr++;
      const char *prefix = data + a->prefix;
      v[0] = BAD_CAST(data + a->local);
      v[1] = *prefix ? BAD_CAST prefix : NULL;
      v[2] = *prefix ? obs_uri(o, obs_lookup(o, prefix)) : NULL;
      v[3] = BAD_CAST(data + a->value);
      v[4] = v[3] + a->len;
    }
    o->sax->startElementNs(o->ctx, BAD_CAST(data + e.local), data[e.at] ? BAD_CAST(data + e.at) : NULL,
                           obs_uri(o, e.ns), (int)n_decl, o->decls, (int)n_attr, 0, o->attrs);
  }
  if (o->ignores && o->ignores(o->ctx)) o->skip = 1;
  /* the attributes are done with, but for declarations */
  if (!n_decl) o->tag.len = o->pend_end;
}

static void obs_start(observer *o, const char *name) {
  obs_fire(o);
  if (o->skip) { /* within an ignored element: only counted */
    o->skip++;
    return;
  }
  o->pend_at = o->tag.len;
  o->pend_local = obs_push_name(o, name);
  o->pend_end = o->tag.len;
  o->n_pend = 0;
  o->declares = false;
  o->pending = true;
}

static void obs_attr(observer *o, const char *name, const char *value) {
  if (!o->pending) return;
  if (o->n_pend == o->cap_pend) xgrow((void **)&o->pend_attrs, &o->cap_pend, o->n_pend + 1, sizeof *o->pend_attrs);
  obs_attr_at *a = &o->pend_attrs[o->n_pend++];
  a->prefix = o->tag.len;
  a->local = obs_push_name(o, name);
  a->value = o->tag.len;
  /* libxml2's SAX2 parser (entities not replaced, its default) hands an
   * ampersand in an attribute value over as "&#38;": so do we */
  for (const char *amp; (amp = strchr(value, '&')) != NULL; value = amp + 1) {
    buf_add(&o->tag, value, (size_t)(amp - value));
    buf_adds(&o->tag, "&#38;");
  }
  buf_add(&o->tag, value, strlen(value) + 1);
  a->len = o->tag.len - 1 - a->value;
  if (obs_is_decl(o, a)) o->declares = true;
}

static void obs_text(observer *o, const char *s, size_t len) {
  obs_fire(o);
  if (o->sax->characters && len && !o->skip) o->sax->characters(o->ctx, BAD_CAST s, (int)len);
}

static void obs_end(observer *o) {
  obs_fire(o);
  if (o->skip > 1) {
    o->skip--;
    return;
  }
  o->skip = 0; /* the ignored element itself ends as any other */
  if (!o->n_open) return;
  obs_elem e = o->open[--o->n_open];
  const char *data = o->tag.data;
  if (o->sax->endElementNs)
    o->sax->endElementNs(o->ctx, BAD_CAST(data + e.local), data[e.at] ? BAD_CAST(data + e.at) : NULL,
                         obs_uri(o, e.ns));
  if (o->n_ns != e.n_ns) {
    o->n_ns = e.n_ns;
    obs_forget(o);
  }
  o->tag.len = e.at;
}

static void obs_free(observer *o) {
  if (!o) return;
  buf_free(&o->tag);
  free(o->pend_attrs);
  free(o->open);
  free(o->ns);
  free(o->attrs);
  free(o->decls);
  free(o);
}

/* ---- what is written, as events ----
 * Each call is reported to the observer, if any, and put on the tape of
 * a stamp being recorded, from which xmlw_stamp reports it again. On the
 * tape: 'S', where its element's 'E' is (a uint32_t offset in the tape,
 * so a replay can pass over what the listener ignores), name NUL;
 * 'A' name NUL value NUL; 'T' text NUL (cleaned text holds no NUL); 'E';
 * and 'R' for raw XML nobody could be told about. */

static void tape_op(buf *t, char op, const char *a, const char *b) {
  buf_addc(t, op);
  if (a) buf_add(t, a, strlen(a) + 1);
  if (b) buf_add(t, b, strlen(b) + 1);
}

static void ev_start(xmlw *w, const char *name) {
  if (w->obs) obs_start(w->obs, name);
  if (w->tape) {
    buf_addc(w->tape, 'S');
    xgrow((void **)&w->tape_open, &w->cap_tape_open, w->n_tape_open + 1, sizeof *w->tape_open);
    w->tape_open[w->n_tape_open++] = w->tape->len;
    uint32_t end = 0; /* filled in at the element's end */
    buf_add(w->tape, &end, sizeof end);
    buf_add(w->tape, name, strlen(name) + 1);
  }
}

static void ev_attr(xmlw *w, const char *name, const char *value) {
  if (w->obs) obs_attr(w->obs, name, value);
  if (w->tape) tape_op(w->tape, 'A', name, value);
}

/* t is NUL-terminated after len bytes */
static void ev_text(xmlw *w, const char *t, size_t len) {
  if (w->obs) obs_text(w->obs, t, len);
  if (w->tape) tape_op(w->tape, 'T', t, NULL);
}

static void ev_end(xmlw *w) {
  if (w->obs) obs_end(w->obs);
  if (w->tape) {
    if (w->n_tape_open) {
      uint32_t end = (uint32_t)w->tape->len;
      memcpy(w->tape->data + w->tape_open[--w->n_tape_open], &end, sizeof end);
    }
    tape_op(w->tape, 'E', NULL, NULL);
  }
}

static void ev_raw(xmlw *w) {
  if (w->obs) {
    obs_fire(w->obs);
    /* in what the listener ignores, raw XML (well-formed) changes nothing */
    if (!w->obs->skip) w->obs->blind = true;
  }
  if (w->tape) tape_op(w->tape, 'R', NULL, NULL);
}

/* Reports a recorded tape again, as the calls it recorded would. What
 * the observer's listener ignores is passed over (unless the events go
 * on to a tape too): once an element's start tag is complete, it is
 * reported at once (the next event would report it first anyway), and
 * if the listener ignores it, or an element around it, the replay goes
 * straight on to its end. */
static void ev_replay(xmlw *w, const char *tape, const char *end) {
  const char *p = tape, *elem_end = NULL;
  while (p < end) {
    char op = *p++;
    const char *a = p;
    switch (op) {
    case 'S': {
      uint32_t e;
      memcpy(&e, p, sizeof e);
      elem_end = tape + e;
      a = p += sizeof e;
      ev_start(w, a);
      break;
    }
    case 'A':
      p += strlen(p) + 1;
      ev_attr(w, a, p);
      break;
    case 'T': ev_text(w, a, strlen(a)); break;
    case 'E': ev_end(w); continue;
    default: ev_raw(w); continue;
    }
    p += strlen(p) + 1;
    if (elem_end && (p >= end || *p != 'A')) { /* the start tag is complete */
      observer *o = w->obs;
      if (o && !w->tape) {
        obs_fire(o);
        if (o->skip) p = elem_end;
      }
      elem_end = NULL;
    }
  }
}

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
  size_t i = 0;
  for (;;) { /* printable ASCII eight bytes a step, then what else passes */
    i += ascii_printable_span(s + i, len - i);
    if (i == len || (s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != 0x7F)) return i;
    i++;
  }
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

/* ---- copied bytes ----
 * Bare tags, stamps and plain text are bytes the part takes as they are.
 * Each call of xmlTextWriterWriteRawLen costs a few hundred instructions
 * however short its bytes (the writer's state, then its output buffer's
 * bookkeeping), and most copies are a tag of a few bytes. So they wait in
 * w->raw and go to the writer in pieces of a few kilobytes: before any
 * other call of the writer (writer() below), which keeps the bytes in
 * order, and when the piece is full. */

static void raw_flush(xmlw *w) {
  if (w->raw.len == 0) return;
  xmlTextWriterWriteRawLen(w->writer, BAD_CAST w->raw.data, (int)w->raw.len);
  w->raw.len = 0;
}

/* The writer, for any call but a copy: what waits goes first. */
static inline xmlTextWriterPtr writer(xmlw *w) {
  raw_flush(w);
  return w->writer;
}

static void raw_bytes(xmlw *w, const char *bytes, size_t len) {
  if (len >= XMLW_RAW_PIECE) { /* large: straight on, after what waits */
    xmlTextWriterWriteRawLen(writer(w), BAD_CAST bytes, (int)len);
    return;
  }
  buf_add(&w->raw, bytes, len);
  if (w->raw.len >= XMLW_RAW_PIECE) raw_flush(w);
}

/* Text within an element, as xmlTextWriterWriteString puts it there
 * (xmlEncodeSpecialChars), also when the writer knows of no element
 * around it (all of them bare), where the writer would not escape it.
 * Text without one of the characters that function replaces is its own
 * escape, and is copied. t is NUL-terminated after len bytes. */
static void text_bytes(xmlw *w, const char *t, size_t len) {
  if (strcspn(t, "<>&\"\r") == len) {
    raw_bytes(w, t, len);
    return;
  }
  xmlChar *e = xmlEncodeSpecialChars(NULL, BAD_CAST t);
  if (!e) abort();
  raw_bytes(w, (const char *)e, strlen((const char *)e));
  xmlFree(e);
}

/* ---- the writers that record ----
 * Bare tags, start tags with attributes and stamps are bytes a writer
 * put out once, into a fragment of the kind (utf8 or not) they are for.
 * Those fragments are made when first needed and kept for the process.
 * The exit handlers that free what was recorded leave them alone: ending
 * a writer calls into libxml2, which a program may have cleaned up by
 * then (xmlCleanupParser); kept here, they stay reachable. */
enum { REC_BARE = 0, REC_ATAG = 2, REC_STAMP = 4, RECORDERS = 6 }; /* two kinds each */
static xmlw *recorders[RECORDERS];

/* A fragment to record in, of the kind (utf8 or not) asked for. */
static xmlw *recorder_new(bool utf8) {
  xmlw *f = utf8 ? xmlw_new_utf8_fragment() : xmlw_new_fragment();
  f->bare = true;
  return f;
}

/* The recorder which (REC_BARE, REC_ATAG or REC_STAMP) of that kind. */
static xmlw *recorder(int which, bool utf8) {
  xmlw **r = &recorders[which + utf8];
  if (!*r) *r = recorder_new(utf8);
  return *r;
}

/* ---- bare tags ----
 * Most elements carry no attribute (w:p, w:r, w:t, w:tc, ...), and their
 * tags are the same bytes each time. For each such name libxml2's writer
 * writes its start tag, its end tag and its empty form once a process;
 * after that they are copied into the part (xmlTextWriterWriteRawLen),
 * and the writer never hears of the element: its start and end cost a
 * copy each instead of the writer's bookkeeping. xmlw_start leaves the
 * element pending: an attribute then has the writer start it after all;
 * anything else puts out the copied start tag first, or, at its end, the
 * empty form. */
struct bare_tag {
  bare_tag *next; /* in its hash chain */
  size_t name_len, open_len, close_len, empty_len;
  char *open, *close, *empty; /* "<n>", "</n>" and "<n/>", as written */
  char name[];
};

/* Names longer than this, and names past the count (a reference
 * document's cleaning writes the names it finds), go through the writer. */
enum { BARE_NAME_MAX = 64, BARE_TAGS = 512, BARE_SLOTS = 256 };
static struct {
  bare_tag *slot[BARE_SLOTS];
  size_t n;
} bare;

static void bare_free(void) {
  for (size_t i = 0; i < BARE_SLOTS; i++) {
    for (bare_tag *t = bare.slot[i], *next; t; t = next) {
      next = t->next;
      free(t->open);
      free(t);
    }
    bare.slot[i] = NULL;
  }
  bare.n = 0;
}

/* Has a writer put out the tags of name: start tag (ended as content
 * would end it), end tag, then the element again, empty. One writer
 * records them all, a process long (a fresh writer for each name cost
 * more than the name's tags saved a single small build). */
static void bare_record(bare_tag *t) {
  xmlw *f = recorder(REC_BARE, false);
  size_t at[4];
  f->out.len = 0;
  at[0] = 0;
  xmlTextWriterStartElement(writer(f), BAD_CAST t->name);
  xmlTextWriterWriteRawLen(f->writer, BAD_CAST "", 0);
  xmlTextWriterFlush(f->writer);
  at[1] = f->out.len;
  xmlTextWriterEndElement(f->writer);
  xmlTextWriterFlush(f->writer);
  at[2] = f->out.len;
  xmlTextWriterStartElement(f->writer, BAD_CAST t->name);
  xmlTextWriterEndElement(f->writer);
  xmlTextWriterFlush(f->writer);
  at[3] = f->out.len;
  /* one allocation for the three */
  t->open = xmalloc(at[3] + 1);
  memcpy(t->open, f->out.data, at[3]);
  t->close = t->open + at[1];
  t->empty = t->open + at[2];
  t->open_len = at[1];
  t->close_len = at[2] - at[1];
  t->empty_len = at[3] - at[2];
  f->out.len = 0;
}

/* The tags of name, recorded now if need be; NULL when name goes
 * through the writer. */
static const bare_tag *bare_get(const char *name) {
  size_t n, h = str_hash_len(name, &n);
  if (n == 0 || n >= BARE_NAME_MAX) return NULL;
  bare_tag **chain = &bare.slot[h & (BARE_SLOTS - 1)];
  for (bare_tag *t = *chain; t; t = t->next)
    if (t->name_len == n && memcmp(t->name, name, n) == 0) return t;
  if (bare.n == BARE_TAGS) return NULL;
  if (bare.n++ == 0) atexit(bare_free);
  bare_tag *t = xcalloc(1, sizeof *t + n + 1);
  memcpy(t->name, name, n + 1);
  t->name_len = n;
  bare_record(t);
  t->next = *chain;
  *chain = t;
  return t;
}

/* ---- start tags with attributes ----
 * The attributes of a pending bare element wait with it (pend_attrs),
 * up to ATAG_ATTRS of them and ATAG_KEY_MAX bytes, until its start tag
 * is complete. A start tag the process has met before (the same name,
 * attributes and values, for a writer of the same kind) is then copied,
 * as a bare tag is: a document's start tags come from a few dozen
 * combinations (a table cell's style, a paragraph's) repeated thousands
 * of times. The first time a start tag comes, it goes through the
 * writer and is only noted; the second time the writer records its
 * bytes (a start tag met once, such as an automatic style's, costs no
 * recording). Up to ATAGS of them, ATAG_BYTES in all, for the process. */
typedef struct atag atag;
struct atag {
  atag *next;  /* in its hash chain */
  size_t hash, key_len;
  const bare_tag *bare;
  bool utf8;
  char *open, *empty; /* as content would end it, and empty; NULL: met once */
  size_t open_len, empty_len;
  char key[]; /* the attributes, as in pend_attrs */
};

enum { ATAG_ATTRS = 8, ATAG_KEY_MAX = 256, ATAGS = 4096, ATAG_SLOTS = 1024, ATAG_BYTES = 1 << 20 };
static struct {
  atag *slot[ATAG_SLOTS];
  size_t n, bytes;
} atags;

static void atags_free(void) {
  for (size_t i = 0; i < ATAG_SLOTS; i++) {
    for (atag *t = atags.slot[i], *next; t; t = next) {
      next = t->next;
      free(t->open);
      free(t);
    }
    atags.slot[i] = NULL;
  }
  memset(&atags, 0, sizeof atags);
}

/* Drops the start tags met only once: a long run (a batch) meets many
 * (automatic styles, widths), and they would fill the table. */
static void atags_sweep(void) {
  for (size_t i = 0; i < ATAG_SLOTS; i++) {
    for (atag **p = &atags.slot[i], *t; (t = *p) != NULL;) {
      if (t->open) {
        p = &t->next;
        continue;
      }
      *p = t->next;
      atags.n--;
      atags.bytes -= sizeof *t + t->key_len;
      free(t);
    }
  }
}

/* Has the writer w start the pending element with its attributes so
 * far. */
static void pend_to_writer(xmlw *w, xmlTextWriterPtr tw) {
  xmlTextWriterStartElement(tw, BAD_CAST w->pending->name);
  for (const char *a = w->pend_attrs.data, *end = a + w->pend_attrs.len; a < end;) {
    const char *v = a + strlen(a) + 1;
    xmlTextWriterWriteAttribute(tw, BAD_CAST a, BAD_CAST v);
    a = v + strlen(v) + 1;
  }
}

/* Has a writer of w's kind put out the pending start tag, ended as
 * content would end it ("<name a="v">"); the empty element is the same
 * with "/>" for its ">", as the writer ends a start tag that gets no
 * content. */
static void atag_record(xmlw *w, atag *t) {
  xmlw *f = recorder(REC_ATAG, w->utf8);
  xmlTextWriterPtr tw = f->writer;
  f->out.len = 0;
  pend_to_writer(w, tw);
  xmlTextWriterWriteRawLen(tw, BAD_CAST "", 0);
  xmlTextWriterFlush(tw);
  size_t n = f->out.len;
  if (n < 2 || f->out.data[n - 1] != '>') abort(); /* not the start tag expected */
  t->open = xmalloc(2 * n + 1);
  memcpy(t->open, f->out.data, n);
  t->open_len = n;
  t->empty = t->open + n;
  memcpy(t->empty, f->out.data, n - 1);
  memcpy(t->empty + n - 1, "/>", 2);
  t->empty_len = n + 1;
  xmlTextWriterEndElement(tw);
  xmlTextWriterFlush(tw);
  f->out.len = 0;
  atags.bytes += 2 * n + 1;
}

/* The copied start tag of w's pending element with its attributes, or
 * NULL: it goes through the writer. */
static const atag *atag_get(xmlw *w) {
  const char *key = w->pend_attrs.data;
  size_t len = w->pend_attrs.len;
  /* FNV-1a over the attributes (NULs within), from the tag and kind */
  size_t h = ((size_t)STR_HASH_BASIS ^ (size_t)(uintptr_t)w->pending) + (size_t)w->utf8;
  for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)key[i]) * (size_t)STR_HASH_PRIME;
  atag **chain = &atags.slot[h & (ATAG_SLOTS - 1)];
  for (atag *t = *chain; t; t = t->next) {
    if (t->hash != h || t->bare != w->pending || t->utf8 != w->utf8 || t->key_len != len ||
        memcmp(t->key, key, len) != 0)
      continue;
    if (!t->open) {
      if (atags.bytes >= ATAG_BYTES) return NULL;
      atag_record(w, t); /* met again: worth copying from now on */
    }
    return t;
  }
  if (atags.n == ATAGS || atags.bytes >= ATAG_BYTES) atags_sweep();
  if (atags.n == ATAGS || atags.bytes >= ATAG_BYTES) return NULL;
  if (atags.n++ == 0) atexit(atags_free);
  atag *t = xcalloc(1, sizeof *t + len);
  t->hash = h;
  t->key_len = len;
  t->bare = w->pending;
  t->utf8 = w->utf8;
  memcpy(t->key, key, len);
  t->next = *chain;
  *chain = t;
  atags.bytes += sizeof *t + len;
  return NULL; /* met once: through the writer */
}

/* Keeps an attribute with the pending element; false when there is no
 * room (then it goes to the writer with the others). */
static bool pend_attr(xmlw *w, const char *name, const char *value) {
  size_t n = strlen(name) + 1, v = strlen(value) + 1;
  if (w->n_pend_attrs == ATAG_ATTRS || w->pend_attrs.len + n + v > ATAG_KEY_MAX) return false;
  buf_add(&w->pend_attrs, name, n);
  buf_add(&w->pend_attrs, value, v);
  w->n_pend_attrs++;
  return true;
}

static void pend_clear(xmlw *w) {
  w->pend_attrs.len = 0;
  w->n_pend_attrs = 0;
  w->pending = NULL;
}

/* The pending element goes to the writer after all: it knows it from
 * now on. */
static void unbare(xmlw *w) {
  if (!w->pending) return;
  pend_to_writer(w, writer(w));
  w->open_tags[w->depth - 1] = NULL;
  pend_clear(w);
}

/* Puts out the start tag of a pending element with attributes. */
static void put_pending_attrs(xmlw *w) {
  const atag *t = atag_get(w);
  if (!t) {
    unbare(w);
    return;
  }
  raw_bytes(w, t->open, t->open_len);
  pend_clear(w);
}

/* Puts out the pending element's start tag: what comes next is its
 * content. Called before anything but an attribute or its end. */
static inline void put_pending(xmlw *w) {
  if (!w->pending) return;
  if (w->n_pend_attrs) {
    put_pending_attrs(w);
    return;
  }
  raw_bytes(w, w->pending->open, w->pending->open_len);
  w->pending = NULL;
}

xmlw *xmlw_new_fragment(void) {
  xmlw *w = xcalloc(1, sizeof *w);
  buf_init(&w->out);
  buf_init(&w->raw);
  buf_init(&w->pend_attrs);
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
  w->utf8 = true;
  return w;
}

xmlw *xmlw_new_utf8_fragment(void) {
  xmlw *w = xmlw_new();
  xmlTextWriterFlush(w->writer);
  w->out.len = 0; /* the XML declaration: the fragment goes inside a part */
  w->bare = true;
  return w;
}

void xmlw_start(xmlw *w, const char *name) {
  put_pending(w);
  ev_start(w, name);
  if (w->depth == w->cap_open_tags)
    xgrow((void **)&w->open_tags, &w->cap_open_tags, w->depth + 1, sizeof *w->open_tags);
  w->pending = bare_get(name);
  w->open_tags[w->depth++] = w->pending;
  if (!w->pending) xmlTextWriterStartElement(writer(w), BAD_CAST name);
}

/* An attribute of the element just started: kept with it while it is
 * pending, else given to the writer. */
static void put_attr(xmlw *w, const char *name, const char *value) {
  ev_attr(w, name, value);
  if (w->pending && pend_attr(w, name, value)) return;
  unbare(w);
  xmlTextWriterWriteAttribute(writer(w), BAD_CAST name, BAD_CAST value);
}

void xmlw_attr(xmlw *w, const char *name, const char *value) {
  put_attr(w, name, fit(w, value ? value : ""));
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
  put_attr(w, name, p);
}

void xmlw_text(xmlw *w, const char *s, size_t len) {
  if (!s || len == 0) return;
  const char *t = clean(w, s, len); /* a copy: s need not end at len */
  if (!*t) return;
  put_pending(w);
  ev_text(w, t, w->scratch.len);
  text_bytes(w, t, w->scratch.len);
}

void xmlw_texts(xmlw *w, const char *s) {
  if (s) xmlw_text(w, s, strlen(s));
}

void xmlw_end(xmlw *w) {
  if (w->depth == 0) return;
  ev_end(w);
  const atag *at;
  if (w->pending && w->n_pend_attrs) { /* nothing came within it */
    if ((at = atag_get(w)) != NULL) {
      raw_bytes(w, at->empty, at->empty_len);
      pend_clear(w);
    } else {
      unbare(w);
      xmlTextWriterEndElement(writer(w));
    }
  } else if (w->pending) {
    raw_bytes(w, w->pending->empty, w->pending->empty_len);
    w->pending = NULL;
  } else if (w->open_tags[w->depth - 1]) {
    const bare_tag *t = w->open_tags[w->depth - 1];
    raw_bytes(w, t->close, t->close_len);
  } else {
    xmlTextWriterEndElement(writer(w));
  }
  w->depth--;
}

void xmlw_start_attrs(xmlw *w, const char *name, const char *const *attrs) {
  xmlw_start(w, name);
  for (size_t i = 0; attrs && attrs[i] && attrs[i + 1]; i += 2) xmlw_attr(w, attrs[i], attrs[i + 1]);
}

void xmlw_element(xmlw *w, const char *name, const char *const *attrs, const char *text) {
  xmlw_start_attrs(w, name, attrs);
  if (text) xmlw_texts(w, text);
  xmlw_end(w);
}

void xmlw_raw(xmlw *w, const char *xml, size_t len) {
  if (!xml || len == 0 || len > INT_MAX) return;
  put_pending(w);
  ev_raw(w);
  raw_bytes(w, xml, len);
}

void xmlw_raw_element(xmlw *w, const char *name, const char *xml, size_t len) {
  if (!xml || len == 0 || len > INT_MAX) return;
  put_pending(w);
  observer *o = w->obs;
  if (w->tape || !o) {
    ev_raw(w);
  } else { /* reported as an empty element: enough if the listener ignores it */
    obs_start(o, name);
    obs_fire(o);
    bool ignored = o->skip > 0;
    obs_end(o);
    if (!ignored) o->blind = true;
  }
  raw_bytes(w, xml, len);
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
  put_pending(w);
  xmlTextWriterWriteRawLen(writer(w), BAD_CAST "", 0);
}

void xmlw_flush(xmlw *w) {
  close_start_tag(w);
  xmlTextWriterFlush(w->writer);
  if (w->sink) hand_on(w);
}

void xmlw_finish(xmlw *w, buf *out) {
  while (w->depth > 0) xmlw_end(w);
  xmlTextWriterEndDocument(writer(w));
  xmlTextWriterFlush(w->writer);
  xmlFreeTextWriter(w->writer); /* closes the output buffer: the rest comes out */
  if (w->bare && !w->sink && w->out.len > 0 && w->out.data[w->out.len - 1] == '\n')
    w->out.len--; /* what ending the document adds */
  if (w->sink)
    hand_on(w);
  else
    buf_add(out, w->out.data, w->out.len);
  buf_free(&w->out);
  buf_free(&w->raw);
  buf_free(&w->pend_attrs);
  buf_free(&w->scratch);
  obs_free(w->obs);
  free(w->tape_open);
  free(w->open_tags);
  free(w);
}

void xmlw_observe(xmlw *w, const xmlSAXHandler *sax, void *ctx) {
  obs_free(w->obs);
  w->obs = xcalloc(1, sizeof *w->obs);
  w->obs->sax = sax;
  w->obs->ctx = ctx;
  buf_init(&w->obs->tag);
  obs_forget(w->obs);
}

bool xmlw_observed_all(const xmlw *w) { return w->obs && !w->obs->blind; }

void xmlw_observe_ignores(xmlw *w, bool (*ignores)(void *ctx)) {
  if (w->obs) w->obs->ignores = ignores;
}

void xmlw_observe_ns(xmlw *w, const char *const *pairs) {
  observer *o = w->obs;
  if (!o || o->n_open || o->pending) return;
  /* at the bottom of the stack, as if an element around everything
   * declared them */
  for (size_t i = 0; pairs[i] && pairs[i + 1]; i += 2) {
    const char *name = pairs[i];
    if (strncmp(name, "xmlns", 5) != 0 || (name[5] && name[5] != ':')) continue;
    size_t prefix = o->tag.len;
    buf_add(&o->tag, name[5] ? name + 6 : "", strlen(name[5] ? name + 6 : "") + 1);
    size_t uri = o->tag.len;
    buf_add(&o->tag, pairs[i + 1], strlen(pairs[i + 1]) + 1);
    obs_declare(o, prefix, uri);
  }
  obs_forget(o);
}

/* ---- stamps ---- */

void xmlw_key_str(xmlw_key *k, const char *s) {
  size_t n = s ? strlen(s) + 1 : 1;
  if (k->len + n > sizeof k->bytes) {
    k->full = true;
    return;
  }
  if (s) memcpy(k->bytes + k->len, s, n);
  else k->bytes[k->len] = 0xFF; /* no string: unlike any string */
  k->len += n;
}

void xmlw_key_long(xmlw_key *k, long v) {
  if (k->len + sizeof v > sizeof k->bytes) {
    k->full = true;
    return;
  }
  memcpy(k->bytes + k->len, &v, sizeof v);
  k->len += sizeof v;
}

/* A subtree as written once: for which writer function, kind of writer
 * and key, its bytes and its tape (the events to report again). */
/* One event of a stamp as the observer's listener gets it: SAX2's
 * arguments, names split and namespaces resolved (stamp_sax). */
typedef struct {
  char op;  /* 'S', 'T' or 'E' */
  int n_attr;
  size_t end;  /* 'S': the index of its 'E'; 'T': the text's length */
  const xmlChar *local, *prefix, *uri; /* 'T': local is the text */
  const xmlChar **attrs; /* 'S': five per attribute */
} sax_ev;

typedef struct {
  size_t hash;
  xmlw_write_fn write;
  bool utf8;
  size_t key_len;
  unsigned char key[XMLW_KEY_MAX];
  char *xml, *tape;
  size_t xml_len, tape_len;
  /* the tape's events for the listener, worked out for the declarations
   * numbered sax_gen (0: not yet); sax_never: its tape cannot be told so */
  sax_ev *sax;
  size_t n_sax;
  unsigned long sax_gen;
  bool sax_never;
} stamp;

/* The stamps of the process (a batch worker writes many documents), in a
 * table of fixed size: once it holds XMLW_STAMPS entries or XMLW_STAMP_BYTES
 * bytes, further subtrees are written as they come. Freed at exit. */
enum { XMLW_STAMP_SLOTS = 2 * XMLW_STAMPS, XMLW_STAMP_BYTES = 1 << 20 };
static struct {
  stamp **slot;
  size_t n, bytes;
  bool busy[2];  /* the recorder of each kind (utf8 or not) is recording:
                    a stamp recorded within another gets a fresh writer */
} stamps;

static void stamps_free(void) {
  for (size_t i = 0; stamps.slot && i < XMLW_STAMP_SLOTS; i++) {
    stamp *s = stamps.slot[i];
    if (!s) continue;
    free(s->xml);
    free(s->tape);
    free(s->sax);
    free(s);
  }
  free(stamps.slot);
  memset(&stamps, 0, sizeof stamps);
}

static size_t stamp_hash(const xmlw_key *k, bool utf8) {
  /* eight bytes a step (keys are tens of bytes, hashed for every stamp
   * written), each word mixed in by a multiplication; the table needs no
   * more than that */
  uint64_t h = utf8 ? 0x9E3779B97F4A7C15u : 0xC2B2AE3D27D4EB4Fu;
  size_t i = 0;
  for (; i + 8 <= k->len; i += 8) {
    uint64_t v;
    memcpy(&v, k->bytes + i, sizeof v);
    h = (h ^ v) * 0x100000001B3u;
    h ^= h >> 29;
  }
  for (; i < k->len; i++) h = (h ^ k->bytes[i]) * 0x100000001B3u;
  h ^= h >> 32;
  return (size_t)h;
}

/* Writes write(arg) into a fragment of w's kind, keeping its bytes and
 * events. */
static void stamp_record(stamp *s, xmlw_write_fn write, const void *arg) {
  int k = s->utf8;
  bool reuse = !stamps.busy[k];
  xmlw *f;
  if (reuse) { /* a writer per stamp cost a small build more than its stamps saved */
    f = recorder(REC_STAMP, k);
    f->out.len = 0;
    stamps.busy[k] = true;
  } else {
    f = recorder_new(k);
  }
  buf tape, xml;
  buf_init(&tape);
  buf_init(&xml);
  f->tape = &tape;
  write(f, arg);
  if (f->depth != 0) abort(); /* a stamp is whole elements */
  f->tape = NULL;
  if (reuse) {
    /* whole elements: nothing open, the bytes are all out once flushed */
    xmlTextWriterFlush(writer(f));
    buf_add(&xml, f->out.data, f->out.len);
    f->out.len = 0;
    stamps.busy[k] = false;
  } else {
    xmlw_finish(f, &xml);
  }
  s->xml = xml.data;
  s->xml_len = xml.len;
  s->tape = tape.data;
  s->tape_len = tape.len;
}

/* The stamp for key, recorded now if need be; NULL when the table is
 * full or the key too long. */
static stamp *stamp_get(const xmlw_key *key, bool utf8, xmlw_write_fn write, const void *arg) {
  if (key->full) return NULL;
  if (!stamps.slot) {
    stamps.slot = xcalloc(XMLW_STAMP_SLOTS, sizeof *stamps.slot);
    atexit(stamps_free);
  }
  size_t h = stamp_hash(key, utf8), i = h & (XMLW_STAMP_SLOTS - 1);
  for (stamp *s; (s = stamps.slot[i]) != NULL; i = (i + 1) & (XMLW_STAMP_SLOTS - 1))
    if (s->hash == h && s->write == write && s->utf8 == utf8 && s->key_len == key->len &&
        memcmp(s->key, key->bytes, key->len) == 0)
      return s;
  if (stamps.n >= XMLW_STAMPS || stamps.bytes >= XMLW_STAMP_BYTES) return NULL;
  stamp *s = xcalloc(1, sizeof *s);
  s->hash = h;
  s->write = write;
  s->utf8 = utf8;
  s->key_len = key->len;
  memcpy(s->key, key->bytes, key->len);
  stamp_record(s, write, arg);
  /* recording may have kept stamps of its own (an empty cell's paragraph
   * properties), perhaps in the slot found free above: look again */
  while (stamps.slot[i]) i = (i + 1) & (XMLW_STAMP_SLOTS - 1);
  stamps.slot[i] = s;
  stamps.n++;
  stamps.bytes += sizeof *s + s->xml_len + s->tape_len;
  return s;
}

/* ---- a stamp's events, worked out once ----
 * Replaying a tape to the observer pushes each name, splits it, looks up
 * its namespace and gathers its attributes, element by element, each time
 * the stamp is copied: most of what a stamp costs. Within a part the
 * declarations in force stay the same (the root element makes them), so
 * the stamp keeps the arguments its events give the listener, worked out
 * the first time, and later copies hand them over as they are. Names
 * point into the tape (local names) or to one copy each (prefixes);
 * namespace names to their one copy (xmlw_ns_name). A tape with raw XML,
 * a declaration, an ampersand in a value (which the observer rewrites)
 * or a namespace without its one copy is replayed as before. */
enum { SAX_PREFIXES = 64 };
static strset sax_prefixes;

static void sax_prefixes_free(void) { strset_free(&sax_prefixes); }

/* The one copy of the prefix of qname (NULL: none) in *prefix; the local
 * name's start. false when the prefixes are too many. */
static bool sax_split(const char *qname, const xmlChar **prefix, const xmlChar **local) {
  const char *colon = strchr(qname, ':');
  *local = BAD_CAST(colon ? colon + 1 : qname);
  *prefix = NULL;
  if (!colon) return true;
  char p[16];
  size_t n = (size_t)(colon - qname);
  if (n >= sizeof p) return false;
  memcpy(p, qname, n);
  p[n] = '\0';
  const char *kept = strset_find(&sax_prefixes, p);
  if (!kept && sax_prefixes.n < SAX_PREFIXES) {
    if (sax_prefixes.n == 0) atexit(sax_prefixes_free);
    kept = strset_intern(&sax_prefixes, p);
  }
  *prefix = BAD_CAST kept;
  return kept != NULL;
}

/* The namespace name of prefix (NULL: none; for an element, the default
 * namespace) as it stays: false when it has no lasting copy. */
static bool sax_uri(observer *o, const xmlChar *prefix, bool element, const xmlChar **uri) {
  *uri = NULL;
  if (!prefix && !element) return true; /* an attribute without a prefix */
  long ns = obs_lookup(o, prefix ? (const char *)prefix : "");
  if (ns == OBS_XML) *uri = BAD_CAST NS_XML_URI;
  else if (ns >= 0 && !(*uri = BAD_CAST o->ns[ns].name)) return false;
  return true;
}

/* Works out s's events for o's declarations; false when they cannot be
 * (then s->sax_never). */
static bool stamp_sax(stamp *s, observer *o) {
  free(s->sax);
  s->sax = NULL;
  s->n_sax = 0;
  size_t n_ev = 0, n_attr = 0;
  const char *p = s->tape, *end = s->tape + s->tape_len;
  while (p < end) { /* count, and refuse what cannot be told as it stands */
    char op = *p++;
    switch (op) {
    case 'S': p += sizeof(uint32_t) + strlen(p + sizeof(uint32_t)) + 1; n_ev++; break;
    case 'A':
      p += strlen(p) + 1;
      if (strchr(p, '&')) s->sax_never = true;
      p += strlen(p) + 1;
      n_attr++;
      break;
    case 'T': p += strlen(p) + 1; n_ev++; break;
    case 'E': n_ev++; break;
    default: s->sax_never = true; break;
    }
    if (s->sax_never) return false;
  }
  sax_ev *ev = xmalloc(n_ev * sizeof *ev + 5 * n_attr * sizeof(xmlChar *) + n_ev * sizeof(size_t));
  const xmlChar **attrs = (const xmlChar **)(ev + n_ev);
  size_t *open = (size_t *)(attrs + 5 * n_attr), n_open = 0, n = 0;
  bool ok = true;
  for (p = s->tape; ok && p < end;) {
    char op = *p++;
    sax_ev *e = &ev[n];
    switch (op) {
    case 'S':
      p += sizeof(uint32_t);
      *e = (sax_ev){.op = 'S', .attrs = attrs};
      ok = sax_split(p, &e->prefix, &e->local) && sax_uri(o, e->prefix, true, &e->uri);
      p += strlen(p) + 1;
      open[n_open++] = n++;
      break;
    case 'A': {
      if (!n_open) { /* not after a start tag: cannot be */
        ok = false;
        break;
      }
      sax_ev *owner = &ev[open[n_open - 1]];
      const xmlChar **v = owner->attrs + 5 * owner->n_attr++;
      ok = sax_split(p, &v[1], &v[0]) && sax_uri(o, v[1], false, &v[2]);
      if (ok && strcmp((const char *)(v[1] ? v[1] : v[0]), "xmlns") == 0) ok = false; /* a declaration */
      p += strlen(p) + 1;
      v[3] = BAD_CAST p;
      p += strlen(p) + 1;
      v[4] = BAD_CAST(p - 1);
      attrs = v + 5;
      break;
    }
    case 'T':
      *e = (sax_ev){.op = 'T', .local = BAD_CAST p, .end = strlen(p)};
      p += e->end + 1;
      n++;
      break;
    default: { /* 'E' */
      sax_ev *start = &ev[open[--n_open]];
      start->end = n;
      *e = (sax_ev){.op = 'E', .local = start->local, .prefix = start->prefix, .uri = start->uri};
      n++;
      break;
    }
    }
  }
  if (!ok) {
    free(ev);
    s->sax_never = true;
    return false;
  }
  s->sax = ev;
  s->n_sax = n;
  s->sax_gen = o->gen;
  stamps.bytes += n_ev * sizeof *ev + 5 * n_attr * sizeof(xmlChar *);
  return true;
}

/* Tells w's observer of s's events from what stamp_sax worked out, as
 * replaying the tape would; false when s cannot be told so. */
static bool stamp_tell(xmlw *w, stamp *s) {
  observer *o = w->obs;
  if (s->sax_never) return false;
  obs_fire(o); /* the start tag the stamp goes into comes first */
  if (o->skip) return true; /* within an element the listener ignores */
  if (s->sax_gen != o->gen && !stamp_sax(s, o)) return false;
  const xmlSAXHandler *sax = o->sax;
  for (size_t i = 0; i < s->n_sax; i++) {
    const sax_ev *e = &s->sax[i];
    if (e->op == 'S') {
      if (sax->startElementNs)
        sax->startElementNs(o->ctx, e->local, e->prefix, e->uri, 0, NULL, e->n_attr, 0, e->attrs);
      if (o->ignores && o->ignores(o->ctx)) i = e->end - 1; /* on to its end */
    } else if (e->op == 'T') {
      if (sax->characters && e->end) sax->characters(o->ctx, e->local, (int)e->end);
    } else if (sax->endElementNs) {
      sax->endElementNs(o->ctx, e->local, e->prefix, e->uri);
    }
  }
  return true;
}

void xmlw_stamp(xmlw *w, const xmlw_key *key, xmlw_write_fn write, const void *arg) {
  stamp *s = stamp_get(key, w->utf8, write, arg);
  if (!s) {
    write(w, arg);
    return;
  }
  if (s->tape_len && (w->tape || (w->obs && !stamp_tell(w, s)))) ev_replay(w, s->tape, s->tape + s->tape_len);
  /* after the events: a start tag still open is reported before its
   * child, as writing would; the writer ends it as content would */
  put_pending(w);
  if (s->xml_len > 0) raw_bytes(w, s->xml, s->xml_len);
}
