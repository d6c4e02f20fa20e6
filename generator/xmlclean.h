/* xmlclean.h - copies an untrusted XML part (a reference document's style
 * sheet, font table or theme) through an allow-list, so that what comes out
 * is valid against the part's schema whatever came in.
 *
 * The allow-list is a set of tables, one per element type: its attributes
 * with a check of their values, and its child elements in the order the
 * schema wants them, each with how many are kept. The part is read with
 * libxml2's streaming reader (no network, no entities, no DOCTYPE) and
 * never held as a tree: only the element being copied is, in cleaned form,
 * and the children of a table marked `stream` (the styles of a style
 * sheet) are handed on one by one as each is complete. So memory stays
 * near the size of the part, not the ten or more times a DOM takes.
 *
 * Markup Compatibility (ECMA-376 Part 3) is processed as a consumer that
 * understands only the tables' namespaces would: mc:AlternateContent
 * becomes its first mc:Choice whose Requires namespaces are all understood,
 * else its mc:Fallback; ignorable and other unknown markup is left out
 * (also the content of mc:ProcessContent elements, which is stricter than
 * needed but never wrong); a namespace named in mc:MustUnderstand that is
 * not understood makes the part unusable, as the standard says.
 *
 * What is dropped: elements and attributes the tables do not name (in any
 * namespace, text, comments, CDATA, processing instructions), attribute
 * values that fail their check or exceed XMLCLEAN_MAX_VALUE bytes, an
 * element whose required attribute is dropped, occurrences beyond an
 * element's count, and an element its table's `keep` function refuses
 * (e.g. a list that must not be empty). */
#ifndef WK_XMLCLEAN_H
#define WK_XMLCLEAN_H

#include <stdbool.h>
#include <stddef.h>

#include "xmlw.h"

enum {
  XMLCLEAN_MAX_VALUE = 1024, /* bytes of one attribute value */
  XMLCLEAN_MANY = 1u << 30   /* "unbounded": only for the children of a stream table */
};

/* A check of an attribute value (NUL-terminated UTF-8). */
typedef bool (*xmlclean_check)(const char *value);

/* An attribute: "prefix:local", or "local" for one in no namespace.
 * Accepted when its value is one of `values` (NULL-terminated), or passes
 * `check`; with neither given, any string is. */
typedef struct {
  const char *name;
  xmlclean_check check;
  const char *const *values;
  bool required; /* the element is dropped without it */
} xmlclean_attr;

typedef struct xmlclean_elem xmlclean_elem;
typedef struct xmlclean_node xmlclean_node;

/* A child element: its name, its table, and how many are kept (0 means
 * one). The children of a table are written in the order it lists them. */
typedef struct {
  const char *name;
  const xmlclean_elem *elem;
  unsigned max;
} xmlclean_child;

struct xmlclean_elem {
  const xmlclean_attr *attrs;     /* ends with {NULL}; NULL for none */
  const xmlclean_child *children; /* ends with {NULL}; NULL for none */
  /* Called when the element is complete (children cleaned): false drops
   * it. May remove children (xmlclean_drop) or set attributes. */
  bool (*keep)(xmlclean_node *n);
  /* The element's complete children go to the spec's emit, one by one,
   * instead of being kept in it. */
  bool stream;
};

typedef struct {
  const char *prefix, *href;
} xmlclean_ns;

typedef struct {
  const xmlclean_ns *ns;        /* the namespaces understood; ends with {NULL} */
  const char *root;             /* the root element's name, "w:styles" */
  const char *not_kind;         /* "is not a ...": the message when the root is another */
  const xmlclean_elem *root_elem;
  /* Receives each complete child of a stream element; the node is freed
   * after the call (copy what is needed). */
  void (*emit)(void *ctx, xmlclean_node *n);
  void *ctx;
} xmlclean_spec;

/* Reads the part data[0..len) through spec. Returns 0; -1 with *err (names
 * what) when it is not well-formed XML, has a DOCTYPE, its root is not
 * spec->root, or it requires a namespace that is not understood. */
int xmlclean_run(const xmlclean_spec *spec, const char *data, size_t len, const char *what, char **err);

/* ---- what emit and keep functions see ---- */
const char *xmlclean_name(const xmlclean_node *n);
/* The value of an attribute the element's table names, or NULL. */
const char *xmlclean_get(const xmlclean_node *n, const char *attr);
/* Sets (value NULL: removes) an attribute the element's table names. */
void xmlclean_set(xmlclean_node *n, const char *attr, const char *value);
/* The first kept child of that name, or NULL; the next one after k. */
xmlclean_node *xmlclean_child_named(const xmlclean_node *n, const char *name);
/* Removes child k from n and frees it. */
void xmlclean_drop(xmlclean_node *n, xmlclean_node *k);
/* The first kept child of that name, made (without attributes) when n has
 * none; name must be one n's table lists. */
xmlclean_node *xmlclean_child_make(xmlclean_node *n, const char *name);
/* An element of table e made from nothing (for what a part lacks), to be
 * written with xmlclean_write and freed with xmlclean_free. */
xmlclean_node *xmlclean_new(const char *name, const xmlclean_elem *e);
void xmlclean_free(xmlclean_node *n);
/* Writes n and what it kept, children in their table's order. The
 * namespaces' prefixes are the spec's: the part's root declares them. */
void xmlclean_write(xmlw *w, const xmlclean_node *n);

/* ---- value checks shared by the tables ---- */
bool xmlclean_int(const char *s);          /* -?[0-9]{1,9} */
bool xmlclean_uint(const char *s);         /* [0-9]{1,9} */
bool xmlclean_positive_int(const char *s); /* uint, not 0 */
bool xmlclean_hex(const char *s, size_t digits);
bool xmlclean_ncname(const char *s);       /* an XML NCName */
/* [0-9]+(\.[0-9]+)? followed by one of units (NULL-terminated); a leading
 * '-' when sign. With dot_forms, also "1." and ".5" (ODF's patterns). */
bool xmlclean_measure(const char *s, bool sign, bool dot_forms, const char *const *units);

#endif
