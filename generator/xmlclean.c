/* xmlclean.c - the allow-list copy of untrusted XML parts (see xmlclean.h):
 * a streaming read that keeps only what the tables name, checked. */
#include "xmlclean.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/tree.h>

#include "i18n.h"
#include "refdoc.h"
#include "util.h"

#define NS_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"

struct xmlclean_node {
  const char *name;          /* from the table */
  const xmlclean_elem *elem;
  unsigned slot;             /* its place in the parent's children table */
  char **vals;               /* one per entry of elem->attrs */
  unsigned *counts;          /* children seen per entry of elem->children */
  xmlclean_node *kids, *last, *next;
};

static size_t count_attrs(const xmlclean_elem *e) {
  size_t n = 0;
  while (e->attrs && e->attrs[n].name) n++;
  return n;
}

static size_t count_children(const xmlclean_elem *e) {
  size_t n = 0;
  while (e->children && e->children[n].name) n++;
  return n;
}

static xmlclean_node *node_new(const char *name, const xmlclean_elem *e, unsigned slot) {
  xmlclean_node *n = xcalloc(1, sizeof *n);
  n->name = name;
  n->elem = e;
  n->slot = slot;
  size_t na = count_attrs(e), nc = count_children(e);
  if (na) n->vals = xcalloc(na, sizeof *n->vals);
  if (nc) n->counts = xcalloc(nc, sizeof *n->counts);
  return n;
}

static void node_free(xmlclean_node *n) {
  while (n) {
    xmlclean_node *next = n->next;
    node_free(n->kids); /* depth is bounded by the tables, not the input */
    for (size_t i = 0, na = count_attrs(n->elem); i < na; i++) free(n->vals[i]);
    free(n->vals);
    free(n->counts);
    free(n);
    n = next;
  }
}

static void attach(xmlclean_node *parent, xmlclean_node *k) {
  if (parent->last) parent->last->next = k;
  else parent->kids = k;
  parent->last = k;
}

/* ---- names ---- */

/* Whether the (namespace, local) pair read is the table's "prefix:local"
 * (a name without a prefix is in no namespace). */
static bool name_is(const xmlclean_spec *s, const char *qname, const char *href, const char *local) {
  const char *colon = strchr(qname, ':');
  if (!colon) return !href && strcmp(qname, local) == 0;
  if (!href || strcmp(colon + 1, local) != 0) return false;
  size_t plen = (size_t)(colon - qname);
  for (const xmlclean_ns *ns = s->ns; ns->prefix; ns++)
    if (strlen(ns->prefix) == plen && memcmp(ns->prefix, qname, plen) == 0) return strcmp(ns->href, href) == 0;
  return false;
}

static bool understood(const xmlclean_spec *s, const char *href) {
  if (!href) return false;
  if (strcmp(href, NS_MC) == 0) return true;
  for (const xmlclean_ns *ns = s->ns; ns->prefix; ns++)
    if (strcmp(ns->href, href) == 0) return true;
  return false;
}

/* ---- the read ---- */

typedef enum {
  F_KEEP,    /* an element kept: node */
  F_THROUGH, /* mc:Choice / mc:Fallback taken: its content goes to node */
  F_ALT      /* mc:AlternateContent: node as above; chosen once a branch is */
} frame_kind;

typedef struct {
  frame_kind kind;
  xmlclean_node *node; /* the element that takes the content */
  bool chosen;
} frame;

typedef struct {
  const xmlclean_spec *spec;
  xmlTextReaderPtr r;
  frame *frames;
  size_t n_frames, cap_frames;
  xmlclean_node *root;
  char *error;       /* the first parser error */
  char *refusal;     /* why the part cannot be used (malloc'd) */
  const char *what;
} run;

static void on_error(void *arg, xmlErrorPtr e) {
  run *st = arg;
  if (!e || e->level < XML_ERR_ERROR || st->error) return;
  const char *m = e->message ? e->message : "?";
  size_t len = strlen(m);
  while (len > 0 && (m[len - 1] == '\n' || m[len - 1] == ' ')) len--;
  st->error = xasprintf("line %d: %.*s", e->line, (int)len, m);
}

static void push(run *st, frame_kind kind, xmlclean_node *node) {
  xgrow((void **)&st->frames, &st->cap_frames, st->n_frames + 1, sizeof *st->frames);
  st->frames[st->n_frames++] = (frame){kind, node, false};
}

/* Whether every prefix in the list (white-space separated) names a
 * namespace understood, as declared where the reader stands. */
static bool all_understood(run *st, const char *list) {
  const char *p = list;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    if (!*p) return true;
    const char *e = p;
    while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r') e++;
    char *prefix = xstrndup(p, (size_t)(e - p));
    xmlChar *href = xmlTextReaderLookupNamespace(st->r, BAD_CAST prefix);
    bool ok = understood(st->spec, (const char *)href);
    xmlFree(href);
    free(prefix);
    if (!ok) return false;
    p = e;
  }
}

/* The mc: attributes of the element the reader is on: MustUnderstand must
 * name only namespaces understood. Returns false (st->refusal set) when
 * not. */
static bool mc_attributes_ok(run *st) {
  xmlChar *must = xmlTextReaderGetAttributeNs(st->r, BAD_CAST "MustUnderstand", BAD_CAST NS_MC);
  bool ok = !must || all_understood(st, (const char *)must);
  if (!ok)
    st->refusal = xasprintf(_("%s: requires markup that wijkcontract does not understand (mc:MustUnderstand=\"%s\")"),
                            st->what, (const char *)must);
  xmlFree(must);
  return ok;
}

/* Reads the attributes of the element the reader is on into n. Returns
 * false when a required one is missing or fails its check. */
static bool read_attributes(run *st, xmlclean_node *n) {
  const xmlclean_attr *t = n->elem->attrs;
  if (t && xmlTextReaderMoveToFirstAttribute(st->r) == 1) {
    do {
      const char *href = (const char *)xmlTextReaderConstNamespaceUri(st->r);
      const char *local = (const char *)xmlTextReaderConstLocalName(st->r);
      if (!local || xmlTextReaderIsNamespaceDecl(st->r)) continue;
      for (size_t i = 0; t[i].name; i++) {
        if (!name_is(st->spec, t[i].name, href, local)) continue;
        const char *v = (const char *)xmlTextReaderConstValue(st->r);
        bool ok = v && !n->vals[i] && strlen(v) <= XMLCLEAN_MAX_VALUE;
        if (ok && (t[i].values || t[i].check)) {
          bool listed = false;
          for (size_t k = 0; t[i].values && t[i].values[k] && !listed; k++) listed = strcmp(v, t[i].values[k]) == 0;
          ok = listed || (t[i].check && t[i].check(v));
        }
        if (ok) n->vals[i] = xstrdup(v);
        break;
      }
    } while (xmlTextReaderMoveToNextAttribute(st->r) == 1);
    xmlTextReaderMoveToElement(st->r);
  }
  for (size_t i = 0; t && t[i].name; i++)
    if (t[i].required && !n->vals[i]) return false;
  return true;
}

/* The element a frame's content goes to. */
static xmlclean_node *target(run *st) { return st->frames[st->n_frames - 1].node; }

/* n is complete: checked by its table, then kept in its parent, or handed
 * to emit (a child of a stream element; the root when it is not one). */
static void complete(run *st, xmlclean_node *parent, xmlclean_node *n) {
  bool kept = !n->elem->keep || n->elem->keep(n);
  if (kept && parent && !parent->elem->stream) {
    attach(parent, n);
    return;
  }
  if (kept && !n->elem->stream && st->spec->emit) st->spec->emit(st->spec->ctx, n);
  if (n != st->root) node_free(n);
}

/* Starts an element of the tables under parent, or returns false when it
 * is not one (or one too many): the caller skips it. */
static bool start_element(run *st, xmlclean_node *parent, const char *href, const char *local, bool empty) {
  const xmlclean_child *c = parent->elem->children;
  for (unsigned i = 0; c && c[i].name; i++) {
    if (!name_is(st->spec, c[i].name, href, local)) continue;
    unsigned max = c[i].max ? c[i].max : 1;
    if (parent->counts[i] >= max) return false;
    xmlclean_node *n = node_new(c[i].name, c[i].elem, i);
    if (!read_attributes(st, n)) {
      node_free(n);
      return false;
    }
    parent->counts[i]++;
    if (empty) complete(st, parent, n);
    else push(st, F_KEEP, n);
    return true;
  }
  return false;
}

/* mc:AlternateContent and its branches. Returns false when the element
 * is to be skipped. */
static bool start_mc(run *st, const char *local, bool empty) {
  frame *f = &st->frames[st->n_frames - 1];
  if (strcmp(local, "AlternateContent") == 0) {
    if (!empty) push(st, F_ALT, f->node);
    return true;
  }
  if (f->kind != F_ALT || f->chosen) return false;
  bool take = false;
  if (strcmp(local, "Choice") == 0) {
    xmlChar *req = xmlTextReaderGetAttribute(st->r, BAD_CAST "Requires");
    take = req && all_understood(st, (const char *)req);
    xmlFree(req);
  } else if (strcmp(local, "Fallback") == 0) {
    take = true;
  }
  if (!take) return false;
  f->chosen = true;
  if (!empty) push(st, F_THROUGH, f->node);
  return true;
}

/* The element the reader is on. Returns 1 to read on into it, 0 to skip
 * its subtree, -1 to stop (st->refusal set). */
static int on_element(run *st) {
  const char *href = (const char *)xmlTextReaderConstNamespaceUri(st->r);
  const char *local = (const char *)xmlTextReaderConstLocalName(st->r);
  bool empty = xmlTextReaderIsEmptyElement(st->r) == 1;
  if (!local) return 0;
  if (!mc_attributes_ok(st)) return -1;
  if (!st->root) {
    if (!name_is(st->spec, st->spec->root, href, local)) {
      st->refusal = xasprintf("%s %s", st->what, st->spec->not_kind);
      return -1;
    }
    st->root = node_new(st->spec->root, st->spec->root_elem, 0);
    read_attributes(st, st->root);
    if (!empty) push(st, F_KEEP, st->root);
    return 1;
  }
  if (st->n_frames == 0) return 0; /* after the root: the parser refuses it */
  if (href && strcmp(href, NS_MC) == 0) return start_mc(st, local, empty) ? 1 : 0;
  if (st->frames[st->n_frames - 1].kind == F_ALT) return 0; /* only branches belong there */
  return start_element(st, target(st), href, local, empty) ? 1 : 0;
}

static void on_end(run *st) {
  if (st->n_frames == 0) return;
  frame f = st->frames[--st->n_frames];
  if (f.kind != F_KEEP || f.node == st->root) return;
  complete(st, target(st), f.node);
}

int xmlclean_run(const xmlclean_spec *spec, const char *data, size_t len, const char *what, char **err) {
  *err = NULL;
  if (len > (size_t)INT32_MAX) {
    *err = xasprintf(_("%s: too large to parse"), what);
    return -1;
  }
  if (xml_untrusted_doctype(data, len)) {
    *err = xasprintf(_("%s: has a DOCTYPE declaration, which is not allowed"), what);
    return -1;
  }
  run st = {.spec = spec, .what = what};
  st.r = xmlReaderForMemory(data, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!st.r) abort();
  xmlTextReaderSetStructuredErrorHandler(st.r, on_error, &st);
  int rc = xmlTextReaderRead(st.r);
  while (rc == 1 && !st.error && !st.refusal) {
    int type = xmlTextReaderNodeType(st.r);
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
      st.refusal = xasprintf(_("%s: has a DOCTYPE declaration, which is not allowed"), what);
      break;
    }
    if (type == XML_READER_TYPE_ELEMENT) {
      int go = on_element(&st);
      if (go < 0) break;
      if (go == 0) {
        rc = xmlTextReaderNext(st.r); /* past the subtree, onto what follows */
        continue;
      }
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
      on_end(&st);
    }
    rc = xmlTextReaderRead(st.r);
  }
  if (!st.refusal && (st.error || rc < 0 || !st.root || st.n_frames > 0))
    st.refusal = xasprintf(_("%s: not well-formed XML (%s)"), what, st.error ? st.error : _("unreadable"));
  if (!st.refusal && st.root) complete(&st, NULL, st.root);
  xmlFreeTextReader(st.r);
  for (size_t i = 0; i < st.n_frames; i++)
    if (st.frames[i].kind == F_KEEP && st.frames[i].node != st.root) node_free(st.frames[i].node);
  node_free(st.root);
  free(st.frames);
  free(st.error);
  if (st.refusal) {
    *err = st.refusal;
    return -1;
  }
  return 0;
}

/* ---- the nodes ---- */

const char *xmlclean_name(const xmlclean_node *n) { return n->name; }

static int attr_index(const xmlclean_node *n, const char *attr) {
  for (int i = 0; n->elem->attrs && n->elem->attrs[i].name; i++)
    if (strcmp(n->elem->attrs[i].name, attr) == 0) return i;
  return -1;
}

const char *xmlclean_get(const xmlclean_node *n, const char *attr) {
  int i = attr_index(n, attr);
  return i < 0 ? NULL : n->vals[i];
}

void xmlclean_set(xmlclean_node *n, const char *attr, const char *value) {
  int i = attr_index(n, attr);
  if (i < 0) abort(); /* a table defect */
  free(n->vals[i]);
  n->vals[i] = value ? xstrdup(value) : NULL;
}

xmlclean_node *xmlclean_child_named(const xmlclean_node *n, const char *name) {
  for (xmlclean_node *k = n->kids; k; k = k->next)
    if (strcmp(k->name, name) == 0) return k;
  return NULL;
}

void xmlclean_drop(xmlclean_node *n, xmlclean_node *k) {
  xmlclean_node **p = &n->kids, *prev = NULL;
  while (*p && *p != k) {
    prev = *p;
    p = &(*p)->next;
  }
  if (!*p) return;
  *p = k->next;
  if (n->last == k) n->last = prev;
  k->next = NULL;
  node_free(k);
}

xmlclean_node *xmlclean_child_make(xmlclean_node *n, const char *name) {
  xmlclean_node *k = xmlclean_child_named(n, name);
  if (k) return k;
  const xmlclean_child *c = n->elem->children;
  unsigned i = 0;
  while (c && c[i].name && strcmp(c[i].name, name) != 0) i++;
  if (!c || !c[i].name) abort(); /* a table defect */
  k = node_new(c[i].name, c[i].elem, i);
  n->counts[i]++;
  attach(n, k);
  return k;
}

xmlclean_node *xmlclean_new(const char *name, const xmlclean_elem *e) { return node_new(name, e, 0); }

void xmlclean_free(xmlclean_node *n) { node_free(n); }

void xmlclean_write(xmlw *w, const xmlclean_node *n) {
  xmlw_start(w, n->name);
  for (size_t i = 0, na = count_attrs(n->elem); i < na; i++)
    if (n->vals[i]) xmlw_attr(w, n->elem->attrs[i].name, n->vals[i]);
  /* children in the table's order, each kind in the order read */
  for (size_t slot = 0, nc = count_children(n->elem); slot < nc; slot++)
    for (const xmlclean_node *k = n->kids; k; k = k->next)
      if (k->slot == slot) xmlclean_write(w, k);
  xmlw_end(w);
}

/* ---- value checks ---- */

static size_t digits(const char *s) {
  size_t n = 0;
  while (s[n] >= '0' && s[n] <= '9') n++;
  return n;
}

bool xmlclean_uint(const char *s) {
  size_t n = digits(s);
  return n >= 1 && n <= 9 && s[n] == '\0';
}

bool xmlclean_int(const char *s) { return xmlclean_uint(*s == '-' ? s + 1 : s); }

bool xmlclean_positive_int(const char *s) { return xmlclean_uint(s) && strspn(s, "0") < strlen(s); }

bool xmlclean_hex(const char *s, size_t n) {
  return strlen(s) == n && strspn(s, "0123456789abcdefABCDEF") == n;
}

bool xmlclean_ncname(const char *s) { return *s && xmlValidateNCName(BAD_CAST s, 0) == 0; }

bool xmlclean_measure(const char *s, bool sign, bool dot_forms, const char *const *units) {
  if (sign && *s == '-') s++;
  size_t whole = digits(s);
  s += whole;
  if (*s == '.') {
    size_t frac = digits(s + 1);
    if (frac == 0 && !dot_forms) return false;
    if (whole == 0 && (!dot_forms || frac == 0)) return false;
    s += 1 + frac;
  } else if (whole == 0) {
    return false;
  }
  for (size_t i = 0; units[i]; i++)
    if (strcmp(s, units[i]) == 0) return true;
  return false;
}
