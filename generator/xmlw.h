/* xmlw.h - a thin layer over libxml2's xmlTextWriter: every XML part of both
 * formats is written through it, so text and attributes are always escaped,
 * characters XML 1.0 forbids never reach a part, and tags always balance. */
#ifndef WK_XMLW_H
#define WK_XMLW_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

typedef struct xmlw xmlw;

xmlw *xmlw_new(void); /* starts the document with the XML declaration */
/* A fragment without the XML declaration (to be copied into a part with
 * xmlw_raw); prefixed names are written as given, so the part that takes
 * the fragment declares the namespaces. */
xmlw *xmlw_new_fragment(void);
/* A fragment whose text and attribute values keep their UTF-8, as in a
 * part that declares it (xmlw_new_fragment writes character references
 * for what is not ASCII): for pieces that go into such a part. */
xmlw *xmlw_new_utf8_fragment(void);
void xmlw_start(xmlw *w, const char *name);
void xmlw_attr(xmlw *w, const char *name, const char *value);
void xmlw_attrf(xmlw *w, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* An integer attribute (what xmlw_attrf(w, name, "%ld", v) writes, without
 * printf: tables write one per cell). */
void xmlw_attr_long(xmlw *w, const char *name, long v);
/* Text content; bytes that are not valid UTF-8 and characters XML 1.0
 * forbids are dropped. */
void xmlw_text(xmlw *w, const char *s, size_t len);
void xmlw_texts(xmlw *w, const char *s);
void xmlw_end(xmlw *w);
/* Starts <name attr1="v1" ...>: attrs is a NULL-terminated list of
 * name/value pairs (a part's root and its namespace declarations). */
void xmlw_start_attrs(xmlw *w, const char *name, const char *const *attrs);
/* Convenience: <name attr1="v1" ...>text</name>; attrs is a NULL-terminated
 * list of name/value pairs, may be NULL; text may be NULL (empty element). */
void xmlw_element(xmlw *w, const char *name, const char *const *attrs, const char *text);
/* Copies a complete XML fragment (already serialised, well-formed) as is. */
void xmlw_raw(xmlw *w, const char *xml, size_t len);
/* Copies one complete element, named name, already serialised, as
 * xmlw_raw does. An observer's listener is told of its start and end
 * only (no attributes, nothing within): if it ignores the element
 * (xmlw_observe_ignores), the part is still observed whole. */
void xmlw_raw_element(xmlw *w, const char *name, const char *xml, size_t len);
/* Copies an element of a parsed tree (one of our own templates), as
 * libxml2 serialises it; its prefixes must be declared where it lands. */
struct _xmlNode;
void xmlw_node(xmlw *w, struct _xmlNode *n);
/* Closes open elements, ends the document, appends the bytes to out (with
 * a sink: hands the rest to it; out may then be NULL) and frees w. */
void xmlw_finish(xmlw *w, buf *out);
/* From now on, hands the bytes written to sink(ctx, bytes, len) in pieces
 * of about 64 KiB as they pile up, and the rest at xmlw_finish, which then
 * appends nothing to out: a large part is never held whole (zip_out_sink
 * deflates each piece into the archive). */
typedef void (*xmlw_sink)(void *ctx, const char *data, size_t len);
void xmlw_set_sink(xmlw *w, xmlw_sink sink, void *ctx);
/* Hands everything written so far to the sink now, ending a start tag
 * still open as content would (the element can no longer be empty): so
 * bytes from elsewhere (zip_out_splice) can follow in the part. */
void xmlw_flush(xmlw *w);
/* From now on, also reports what is written to sax's startElementNs,
 * endElementNs and characters (with ctx), with the arguments libxml2's
 * parser would give them reading the bytes back (namespaces resolved from
 * the xmlns attributes written; text and values as written, unescaped):
 * whoever reads the part's XML with SAX gets the same events without
 * parsing it. Set it before the root element. */
struct _xmlSAXHandler;
void xmlw_observe(xmlw *w, const struct _xmlSAXHandler *sax, void *ctx);
/* For a fragment (xmlw_new_fragment) observed: the namespaces the part
 * it goes into declares around it, as xmlns attribute name and value
 * pairs (NULL-terminated); call before the fragment's first element. */
void xmlw_observe_ns(xmlw *w, const char *const *pairs);
/* Lets the observer's listener (the ctx of xmlw_observe) say it ignores
 * an element's content: asked right after each start it is given; while
 * ignores(ctx) is true then, nothing within the element is reported, only
 * its end (a listener that counts depth, as a SAX reader of the part would
 * see it, comes out the same). Saves the work for subtrees it skips. */
void xmlw_observe_ignores(xmlw *w, bool (*ignores)(void *ctx));
/* The process's one copy of a namespace name (NULL once it keeps too
 * many): an observer's listener gets element and attribute namespaces,
 * and the declarations, as these copies, so it may compare pointers
 * with them before comparing strings (other sources of events, such as
 * libxml2's parser, hand over their own). */
const char *xmlw_ns_name(const char *uri);
/* Whether everything written since xmlw_observe was reported: false once
 * raw XML (xmlw_raw, xmlw_node) went into the part unseen. */
bool xmlw_observed_all(const xmlw *w);

/* ---- stamps: a subtree written once a process, its bytes copied after ----
 * xmlw_stamp(w, key, write, arg) writes what write(w, arg) would: the
 * first time for a key through libxml2's writer, into a fragment whose
 * bytes (and the events an observer would get) are kept; after that by
 * copying them, which is a fraction of the work for the table cells and
 * paragraph properties written thousands of times alike. The key must
 * say everything write's bytes depend on; write must write whole
 * elements (balanced) and change nothing but the writer it gets. An
 * observer of w gets exactly the events writing would have given. */
/* Stamps are kept for the process, up to XMLW_STAMPS of them (and a
 * megabyte); after that, new keys are written directly each time. */
enum { XMLW_KEY_MAX = 96, XMLW_STAMPS = 1024 };
/* What decides a stamp's bytes, put together field by field: zero it,
 * then add. A key that does not fit is written directly every time. */
typedef struct {
  unsigned char bytes[XMLW_KEY_MAX];
  size_t len;
  bool full;
} xmlw_key;
void xmlw_key_str(xmlw_key *k, const char *s); /* s may be NULL */
void xmlw_key_long(xmlw_key *k, long v);
typedef void (*xmlw_write_fn)(xmlw *w, const void *arg);
void xmlw_stamp(xmlw *w, const xmlw_key *key, xmlw_write_fn write, const void *arg);

#endif
