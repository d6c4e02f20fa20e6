/* oracle.c - invariants of a generated ODT/DOCX package, checked from its
 * bytes (see oracle.h). Used by the fuzz harnesses and their regression
 * runner; every violation prints what broke and aborts. */
#include "oracle.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xmlschemas.h>

#include "util.h"
#include "zipio.h"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_WP "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#define NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define NS_CT "http://schemas.openxmlformats.org/package/2006/content-types"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_MANIFEST "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
#define NS_XML "http://www.w3.org/XML/1998/namespace"
#define NS_XLINK "http://www.w3.org/1999/xlink"

/* ---- small helpers ---- */

static const char *g_what = "package";

static void fail(const char *part, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(const char *part, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "oracle: %s: %s: ", g_what, part ? part : "(package)");
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  abort();
}

/* A set of strings: appended, then sorted once for look-ups. */
typedef struct {
  char **s;
  size_t n, cap;
  bool sorted;
} nameset;

static void set_add(nameset *st, const char *s) {
  xgrow((void **)&st->s, &st->cap, st->n + 1, sizeof *st->s);
  st->s[st->n++] = xstrdup(s);
  st->sorted = false;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void set_sort(nameset *st) {
  if (!st->sorted && st->n) qsort(st->s, st->n, sizeof *st->s, cmp_str);
  st->sorted = true;
}

static bool set_has(nameset *st, const char *s) {
  set_sort(st);
  return st->n && bsearch(&s, st->s, st->n, sizeof *st->s, cmp_str) != NULL;
}

/* The first value present twice, or NULL. */
static const char *set_dup(nameset *st) {
  set_sort(st);
  for (size_t i = 1; i < st->n; i++)
    if (strcmp(st->s[i - 1], st->s[i]) == 0) return st->s[i];
  return NULL;
}

static void set_free(nameset *st) {
  for (size_t i = 0; i < st->n; i++) free(st->s[i]);
  free(st->s);
  memset(st, 0, sizeof *st);
}

static bool is(const xmlNode *n, const char *ns, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
         strcmp((const char *)n->ns->href, ns) == 0 && strcmp((const char *)n->name, name) == 0;
}

/* Attribute value (malloc'd by libxml2) or NULL. */
static char *attr(const xmlNode *n, const char *ns, const char *name) {
  return (char *)xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)ns);
}

static xmlNode *first_elem(const xmlNode *n) {
  for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE) return c;
  return NULL;
}

static xmlNode *next_elem(const xmlNode *n) {
  for (xmlNode *c = n->next; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE) return c;
  return NULL;
}

/* Next element in document order, without recursion (generated documents
 * can nest deep: lists of lists). */
static xmlNode *walk_next(xmlNode *n, const xmlNode *root) {
  xmlNode *c = first_elem(n);
  if (c) return c;
  while (n && n != root) {
    xmlNode *s = next_elem(n);
    if (s) return s;
    n = n->parent;
  }
  return NULL;
}

/* ---- the package in memory ---- */

typedef struct {
  char *name;
  char *data;
  size_t len;
  xmlDocPtr xml; /* for .xml and .rels parts */
  bool from_styles_part; /* ODT: styles.xml */
} part;

typedef struct {
  part *p;
  size_t n;
} package;

static bool is_xml_name(const char *name) {
  return has_suffix(name, ".xml") || has_suffix(name, ".rels");
}

static xmlDocPtr parse_part(const part *pt) {
  xmlParserCtxtPtr ctx = xmlNewParserCtxt();
  if (!ctx) abort();
  xmlDocPtr d = xmlCtxtReadMemory(ctx, pt->data, (int)pt->len, pt->name, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                      XML_PARSE_HUGE);
  bool wf = ctx->wellFormed && ctx->nsWellFormed;
  const xmlError *e = xmlCtxtGetLastError(ctx);
  char msg[200];
  snprintf(msg, sizeof msg, "%s (line %d)", e && e->message ? e->message : "?", e ? e->line : 0);
  xmlFreeParserCtxt(ctx);
  if (!d || !wf) fail(pt->name, "not well-formed XML: %s", msg);
  if (d->intSubset || d->extSubset) fail(pt->name, "has a DOCTYPE");
  if (!xmlDocGetRootElement(d)) fail(pt->name, "no root element");
  return d;
}

static void load_package(package *pk, const void *data, size_t len) {
  char *err = NULL;
  zip_in *z = zip_in_open_buffer(data, len, &err);
  if (!z) fail(NULL, "not a readable zip: %s", err ? err : "?");
  pk->n = zip_in_count(z);
  pk->p = xcalloc(pk->n ? pk->n : 1, sizeof *pk->p);
  for (size_t i = 0; i < pk->n; i++) {
    part *pt = &pk->p[i];
    pt->name = xstrdup(zip_in_name(z, i));
    if (has_suffix(pt->name, "/")) continue; /* a directory entry */
    if (zip_in_read(z, pt->name, &pt->data, &pt->len, &err) != 0)
      fail(pt->name, "cannot be read back: %s", err ? err : "?");
    if (is_xml_name(pt->name)) pt->xml = parse_part(pt);
  }
  zip_in_close(z);
}

static void free_package(package *pk) {
  for (size_t i = 0; i < pk->n; i++) {
    free(pk->p[i].name);
    free(pk->p[i].data);
    if (pk->p[i].xml) xmlFreeDoc(pk->p[i].xml);
  }
  free(pk->p);
}

static part *find_part(package *pk, const char *name) {
  for (size_t i = 0; i < pk->n; i++)
    if (strcmp(pk->p[i].name, name) == 0) return &pk->p[i];
  return NULL;
}

/* ---- tables (both formats) ---- */

static long num_attr(const xmlNode *n, const char *ns, const char *name, long dflt) {
  char *v = attr(n, ns, name);
  if (!v) return dflt;
  long x = strtol(v, NULL, 10);
  xmlFree(v);
  return x;
}

static void check_docx_table(const part *pt, xmlNode *tbl) {
  long cols = 0;
  for (xmlNode *c = first_elem(tbl); c; c = next_elem(c))
    if (is(c, NS_W, "tblGrid"))
      for (xmlNode *g = first_elem(c); g; g = next_elem(g))
        if (is(g, NS_W, "gridCol")) cols++;
  if (cols == 0) fail(pt->name, "w:tbl without w:tblGrid columns (line %d)", tbl->line);
  for (xmlNode *r = first_elem(tbl); r; r = next_elem(r)) {
    if (!is(r, NS_W, "tr")) continue;
    long span = 0;
    for (xmlNode *tc = first_elem(r); tc; tc = next_elem(tc)) {
      if (!is(tc, NS_W, "tc")) continue;
      long s = 1;
      bool has_p = false;
      xmlNode *last = NULL;
      for (xmlNode *k = first_elem(tc); k; k = next_elem(k)) {
        last = k;
        if (is(k, NS_W, "p")) has_p = true;
        if (is(k, NS_W, "tcPr"))
          for (xmlNode *q = first_elem(k); q; q = next_elem(q))
            if (is(q, NS_W, "gridSpan")) s = num_attr(q, NS_W, "val", 1);
      }
      if (!has_p || !is(last, NS_W, "p"))
        fail(pt->name, "w:tc without a closing w:p (line %d)", tc->line);
      span += s;
    }
    if (span != cols)
      fail(pt->name, "w:tr spans %ld grid columns, the grid has %ld (line %d)", span, cols, r->line);
  }
}

static void check_odt_table(const part *pt, xmlNode *tbl) {
  long cols = 0;
  for (xmlNode *c = first_elem(tbl); c; c = next_elem(c)) {
    if (is(c, NS_TABLE, "table-column")) cols += num_attr(c, NS_TABLE, "number-columns-repeated", 1);
    if (is(c, NS_TABLE, "table-columns") || is(c, NS_TABLE, "table-header-columns"))
      for (xmlNode *g = first_elem(c); g; g = next_elem(g))
        if (is(g, NS_TABLE, "table-column"))
          cols += num_attr(g, NS_TABLE, "number-columns-repeated", 1);
  }
  if (cols == 0) fail(pt->name, "table:table without columns (line %d)", tbl->line);
  /* rows sit directly under the table or under header-rows/rows groups */
  for (xmlNode *c = first_elem(tbl); c; c = next_elem(c)) {
    xmlNode *group = NULL, *r = NULL;
    if (is(c, NS_TABLE, "table-row")) r = c;
    else if (is(c, NS_TABLE, "table-header-rows") || is(c, NS_TABLE, "table-rows"))
      group = c, r = first_elem(c);
    for (; r; r = group ? next_elem(r) : NULL) {
      if (!is(r, NS_TABLE, "table-row")) continue;
      long n = 0;
      for (xmlNode *cell = first_elem(r); cell; cell = next_elem(cell)) {
        if (is(cell, NS_TABLE, "covered-table-cell")) {
          n += num_attr(cell, NS_TABLE, "number-columns-repeated", 1);
          continue;
        }
        if (!is(cell, NS_TABLE, "table-cell")) continue;
        n += num_attr(cell, NS_TABLE, "number-columns-repeated", 1);
        bool has_text = false;
        for (xmlNode *k = first_elem(cell); k; k = next_elem(k))
          if (is(k, NS_TEXT, "p") || is(k, NS_TEXT, "h") || is(k, NS_TEXT, "list")) has_text = true;
        if (!has_text) fail(pt->name, "table:table-cell without a text:p (line %d)", cell->line);
      }
      if (n != cols)
        fail(pt->name, "table:table-row has %ld cells, the table %ld columns (line %d)", n, cols,
             r->line);
      if (!group) break;
    }
  }
}

/* ---- DOCX ---- */

/* Resolves a relationship target against the directory of the source part
 * ("" for the package): handles "/abs", "./" and "../". */
static char *resolve_target(const char *src_dir, const char *target) {
  buf b;
  buf_init(&b);
  if (target[0] == '/') buf_adds(&b, target + 1);
  else {
    buf_adds(&b, src_dir);
    buf_adds(&b, target);
  }
  /* normalise segments */
  char *s = buf_detach(&b);
  char **seg = NULL;
  size_t n = 0, cap = 0;
  for (char *tok = strtok(s, "/"); tok; tok = strtok(NULL, "/")) {
    if (strcmp(tok, ".") == 0) continue;
    if (strcmp(tok, "..") == 0) {
      if (n) n--;
      continue;
    }
    xgrow((void **)&seg, &cap, n + 1, sizeof *seg);
    seg[n++] = tok;
  }
  buf_init(&b);
  for (size_t i = 0; i < n; i++) {
    if (i) buf_addc(&b, '/');
    buf_adds(&b, seg[i]);
  }
  free(seg);
  free(s);
  return buf_detach(&b);
}

/* A link target must be a URI (xs:anyURI in DOCX, ODF's xlink:href),
 * judged apart from the generator's own check: printable ASCII without the
 * characters RFC 3986 never allows, every '%' starting an escape of two
 * hex digits, at most one '#', a port of at most five digits, and
 * accepted by libxml2's URI parser, which the schema validators use. */
static void check_uri(const char *part_name, const char *uri, int line) {
  const char *why = NULL;
  size_t hashes = 0;
  for (const unsigned char *p = (const unsigned char *)uri; *p && !why; p++) {
    if (*p <= 0x20 || *p >= 0x7f || strchr("\"<>\\^`{|}", *p)) why = "a character outside URIs";
    else if (*p == '%' && !(isxdigit(p[1]) && isxdigit(p[2]))) why = "a '%' that starts no escape";
    else if (*p == '#' && ++hashes > 1) why = "a second '#'";
  }
  /* an authority only right after the scheme ("http://host:port"); a
   * "://" further on is part of a path ("mailto:x(http://a:1)") */
  size_t scheme = isalpha((unsigned char)uri[0]) ? strspn(uri, "abcdefghijklmnopqrstuvwxyz"
                                                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.")
                                                 : 0;
  const char *auth = scheme && strncmp(uri + scheme, "://", 3) == 0 ? uri + scheme : NULL;
  if (!why && auth) { /* the port: digits after the host's last ':' */
    auth += 3;
    size_t alen = strcspn(auth, "/?#");
    const char *colon = NULL;
    for (size_t i = 0; i < alen; i++)
      if (auth[i] == ':' || auth[i] == ']' || auth[i] == '@') colon = auth[i] == ':' ? auth + i : NULL;
    if (colon && (size_t)(auth + alen - colon - 1) > 5) why = "a port of more than five digits";
  }
  xmlURIPtr u = why ? NULL : xmlParseURI(uri);
  if (!why && !u) why = "libxml2 does not parse it";
  xmlFreeURI(u);
  if (why) fail(part_name, "link target \"%s\" is not a URI: %s (line %d)", uri, why, line);
}

/* "word/document.xml" -> "word/_rels/document.xml.rels"; dir gets "word/". */
static char *rels_name(const char *part_name, char **dir) {
  const char *slash = strrchr(part_name, '/');
  size_t dl = slash ? (size_t)(slash - part_name) + 1 : 0;
  *dir = xstrndup(part_name, dl);
  return xasprintf("%s_rels/%s.rels", *dir, part_name + dl);
}

static void check_rels(package *pk, const char *src_name, const char *src_dir, part *rels,
                       nameset *ids) {
  xmlNode *root = xmlDocGetRootElement(rels->xml);
  if (!is(root, NS_PKG_REL, "Relationships")) fail(rels->name, "root is not Relationships");
  for (xmlNode *r = first_elem(root); r; r = next_elem(r)) {
    if (!is(r, NS_PKG_REL, "Relationship")) fail(rels->name, "unexpected element %s", r->name);
    char *id = (char *)xmlGetProp(r, (const xmlChar *)"Id");
    char *target = (char *)xmlGetProp(r, (const xmlChar *)"Target");
    char *mode = (char *)xmlGetProp(r, (const xmlChar *)"TargetMode");
    char *type = (char *)xmlGetProp(r, (const xmlChar *)"Type");
    if (!id || !target || !type) fail(rels->name, "Relationship without Id, Type or Target");
    set_add(ids, id);
    if (mode && strcmp(mode, "External") == 0) {
      check_uri(rels->name, target, r->line);
    } else {
      char *t = resolve_target(src_dir, target);
      if (!find_part(pk, t))
        fail(rels->name, "relationship %s of %s points at missing part %s", id, src_name, t);
      free(t);
    }
    xmlFree(id), xmlFree(target), xmlFree(mode), xmlFree(type);
  }
  const char *d = set_dup(ids);
  if (d) fail(rels->name, "relationship Id %s used twice", d);
}

static void check_content_types(package *pk) {
  part *ct = find_part(pk, "[Content_Types].xml");
  if (!ct || !ct->xml) fail(NULL, "no [Content_Types].xml");
  nameset defaults = {0}, overrides = {0};
  xmlNode *root = xmlDocGetRootElement(ct->xml);
  if (!is(root, NS_CT, "Types")) fail(ct->name, "root is not Types");
  for (xmlNode *e = first_elem(root); e; e = next_elem(e)) {
    char *v = NULL;
    if (is(e, NS_CT, "Default") && (v = (char *)xmlGetProp(e, (const xmlChar *)"Extension"))) {
      for (char *p = v; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
      set_add(&defaults, v);
    } else if (is(e, NS_CT, "Override") &&
               (v = (char *)xmlGetProp(e, (const xmlChar *)"PartName"))) {
      if (v[0] != '/') fail(ct->name, "PartName %s does not start with /", v);
      if (set_has(&overrides, v + 1)) fail(ct->name, "PartName %s overridden twice", v);
      set_add(&overrides, v + 1);
      if (!find_part(pk, v + 1)) fail(ct->name, "Override for missing part %s", v);
    }
    xmlFree(v);
  }
  for (size_t i = 0; i < pk->n; i++) {
    const char *nm = pk->p[i].name;
    if (has_suffix(nm, "/") || strcmp(nm, "[Content_Types].xml") == 0) continue;
    const char *dot = strrchr(nm, '.');
    char *ext = xstrdup(dot ? dot + 1 : "");
    for (char *p = ext; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    if (!set_has(&overrides, nm) && !set_has(&defaults, ext))
      fail(ct->name, "part %s has no content type", nm);
    free(ext);
  }
  set_free(&defaults);
  set_free(&overrides);
}

typedef struct {
  nameset bookmark_ids, bookmark_names, docpr_ids, style_ids, num_ids, abstract_ids;
  nameset footnote_ids, endnote_ids;
  bool have_footnotes, have_endnotes, have_styles, have_numbering;
} docx_ids;

/* Every attribute in the relationships namespace (r:id, r:embed, r:link)
 * names a relationship of the part. */
static void check_r_attrs(const part *pt, xmlNode *n, nameset *rel_ids) {
  for (xmlAttr *a = n->properties; a; a = a->next) {
    if (!a->ns || strcmp((const char *)a->ns->href, NS_R) != 0) continue;
    char *v = (char *)xmlNodeGetContent((xmlNode *)a);
    if (!v || !set_has(rel_ids, v))
      fail(pt->name, "r:%s=\"%s\" names no relationship of the part (line %d)", a->name,
           v ? v : "", n->line);
    xmlFree(v);
  }
}

static void collect_docx(const part *pt, docx_ids *ids, nameset *rel_ids, bool collect_only) {
  xmlNode *root = xmlDocGetRootElement(pt->xml);
  nameset starts = {0}, ends = {0};
  for (xmlNode *n = root; n; n = walk_next(n, root)) {
    if (!collect_only) check_r_attrs(pt, n, rel_ids);
    char *v;
    if (is(n, NS_W, "bookmarkStart")) {
      if ((v = attr(n, NS_W, "id"))) set_add(&ids->bookmark_ids, v), set_add(&starts, v), xmlFree(v);
      if ((v = attr(n, NS_W, "name"))) set_add(&ids->bookmark_names, v), xmlFree(v);
    } else if (is(n, NS_W, "bookmarkEnd")) {
      if ((v = attr(n, NS_W, "id"))) set_add(&ends, v), xmlFree(v);
    } else if (is(n, NS_WP, "docPr")) {
      if ((v = (char *)xmlGetProp(n, (const xmlChar *)"id"))) set_add(&ids->docpr_ids, v), xmlFree(v);
    } else if (is(n, NS_W, "style") && (v = attr(n, NS_W, "styleId"))) {
      set_add(&ids->style_ids, v), xmlFree(v);
    } else if (is(n, NS_W, "num") && (v = attr(n, NS_W, "numId"))) {
      set_add(&ids->num_ids, v), xmlFree(v);
    } else if (is(n, NS_W, "abstractNum") && (v = attr(n, NS_W, "abstractNumId"))) {
      set_add(&ids->abstract_ids, v), xmlFree(v);
    } else if (is(n, NS_W, "footnote") && is(n->parent, NS_W, "footnotes") &&
               (v = attr(n, NS_W, "id"))) {
      set_add(&ids->footnote_ids, v), xmlFree(v);
    } else if (is(n, NS_W, "endnote") && is(n->parent, NS_W, "endnotes") &&
               (v = attr(n, NS_W, "id"))) {
      set_add(&ids->endnote_ids, v), xmlFree(v);
    } else if (is(n, NS_W, "tbl") && !collect_only) {
      check_docx_table(pt, n);
    }
  }
  for (size_t i = 0; i < ends.n; i++)
    if (!set_has(&starts, ends.s[i]))
      fail(pt->name, "w:bookmarkEnd %s without a w:bookmarkStart", ends.s[i]);
  set_free(&starts);
  set_free(&ends);
}

static void check_ref(const part *pt, xmlNode *n, const char *elem, nameset *set, bool have,
                      const char *what) {
  if (!is(n, NS_W, elem)) return;
  char *v = attr(n, NS_W, strcmp(elem, "footnoteReference") == 0 || strcmp(elem, "endnoteReference") == 0 ? "id" : "val");
  if (!v) fail(pt->name, "w:%s without a value (line %d)", elem, n->line);
  bool ok = (strcmp(elem, "numId") == 0 && strcmp(v, "0") == 0) || (have && set_has(set, v));
  if (!ok) fail(pt->name, "w:%s=\"%s\" names no %s (line %d)", elem, v, what, n->line);
  xmlFree(v);
}

static void check_docx_refs(const part *pt, docx_ids *ids, bool styles) {
  xmlNode *root = xmlDocGetRootElement(pt->xml);
  for (xmlNode *n = root; n; n = walk_next(n, root)) {
    check_ref(pt, n, "footnoteReference", &ids->footnote_ids, ids->have_footnotes, "footnote");
    check_ref(pt, n, "endnoteReference", &ids->endnote_ids, ids->have_endnotes, "endnote");
    if (!styles) continue;
    check_ref(pt, n, "pStyle", &ids->style_ids, ids->have_styles, "style");
    check_ref(pt, n, "rStyle", &ids->style_ids, ids->have_styles, "style");
    check_ref(pt, n, "tblStyle", &ids->style_ids, ids->have_styles, "style");
    check_ref(pt, n, "basedOn", &ids->style_ids, ids->have_styles, "style");
    check_ref(pt, n, "numId", &ids->num_ids, ids->have_numbering, "numbering");
    if (is(n, NS_W, "abstractNumId") && is(n->parent, NS_W, "num"))
      check_ref(pt, n, "abstractNumId", &ids->abstract_ids, ids->have_numbering, "abstract numbering");
  }
}

static void check_docx(package *pk, bool styles) {
  check_content_types(pk);
  part *pkg_rels = find_part(pk, "_rels/.rels");
  if (!pkg_rels || !pkg_rels->xml) fail(NULL, "no _rels/.rels");
  nameset ids0 = {0};
  check_rels(pk, "the package", "", pkg_rels, &ids0);
  set_free(&ids0);
  if (!find_part(pk, "word/document.xml")) fail(NULL, "no word/document.xml");

  docx_ids ids = {0};
  ids.have_footnotes = find_part(pk, "word/footnotes.xml") != NULL;
  ids.have_endnotes = find_part(pk, "word/endnotes.xml") != NULL;
  ids.have_styles = find_part(pk, "word/styles.xml") != NULL;
  ids.have_numbering = find_part(pk, "word/numbering.xml") != NULL;
  for (size_t i = 0; i < pk->n; i++) {
    part *pt = &pk->p[i];
    if (!pt->xml || has_suffix(pt->name, ".rels") || strcmp(pt->name, "[Content_Types].xml") == 0)
      continue;
    char *dir = NULL;
    char *rn = rels_name(pt->name, &dir);
    part *rels = find_part(pk, rn);
    nameset rel_ids = {0};
    if (rels && rels->xml) check_rels(pk, pt->name, dir, rels, &rel_ids);
    collect_docx(pt, &ids, &rel_ids, false);
    set_free(&rel_ids);
    free(rn);
    free(dir);
  }
  const char *d;
  if ((d = set_dup(&ids.bookmark_ids))) fail("word/", "bookmark id %s used twice", d);
  if ((d = set_dup(&ids.bookmark_names))) fail("word/", "bookmark name %s used twice", d);
  if ((d = set_dup(&ids.docpr_ids))) fail("word/", "drawing (wp:docPr) id %s used twice", d);
  if ((d = set_dup(&ids.footnote_ids))) fail("word/footnotes.xml", "footnote id %s used twice", d);
  if ((d = set_dup(&ids.endnote_ids))) fail("word/endnotes.xml", "endnote id %s used twice", d);
  if (styles && (d = set_dup(&ids.style_ids))) fail("word/styles.xml", "style id %s defined twice", d);
  if (styles && (d = set_dup(&ids.num_ids))) fail("word/numbering.xml", "w:num %s defined twice", d);
  for (size_t i = 0; i < pk->n; i++) {
    part *pt = &pk->p[i];
    if (pt->xml && has_suffix(pt->name, ".xml") && strncmp(pt->name, "word/", 5) == 0)
      check_docx_refs(pt, &ids, styles);
  }
  set_free(&ids.bookmark_ids), set_free(&ids.bookmark_names), set_free(&ids.docpr_ids);
  set_free(&ids.style_ids), set_free(&ids.num_ids), set_free(&ids.abstract_ids);
  set_free(&ids.footnote_ids), set_free(&ids.endnote_ids);
}

/* ---- ODT ---- */

typedef struct {
  nameset note_ids, bookmarks, frame_names, table_names, xml_ids;
  nameset common_styles, content_auto, styles_auto; /* style definitions by visibility */
} odt_ids;

static const char *const style_ref_attrs[][2] = {
    {NS_TEXT, "style-name"},        {NS_TABLE, "style-name"},
    {NS_DRAW, "style-name"},        {NS_STYLE, "parent-style-name"},
    {NS_STYLE, "next-style-name"},  {NS_STYLE, "list-style-name"},
    {NS_STYLE, "page-layout-name"}, {NS_STYLE, "master-page-name"},
    {NS_TEXT, "cond-style-name"},   {NS_DRAW, "text-style-name"},
};

static void collect_odt(part *pt, odt_ids *ids) {
  xmlNode *root = xmlDocGetRootElement(pt->xml);
  nameset starts = {0}, ends = {0};
  for (xmlNode *n = root; n; n = walk_next(n, root)) {
    char *v;
    if ((v = attr(n, NS_XML, "id"))) set_add(&ids->xml_ids, v), xmlFree(v);
    if (is(n, NS_TEXT, "note") && (v = attr(n, NS_TEXT, "id"))) set_add(&ids->note_ids, v), xmlFree(v);
    if ((is(n, NS_TEXT, "bookmark") || is(n, NS_TEXT, "bookmark-start")) &&
        (v = attr(n, NS_TEXT, "name"))) {
      set_add(&ids->bookmarks, v);
      if (is(n, NS_TEXT, "bookmark-start")) set_add(&starts, v);
      xmlFree(v);
    }
    if (is(n, NS_TEXT, "bookmark-end") && (v = attr(n, NS_TEXT, "name"))) set_add(&ends, v), xmlFree(v);
    if (n->ns && strcmp((const char *)n->ns->href, NS_DRAW) == 0 && (v = attr(n, NS_DRAW, "name")))
      set_add(&ids->frame_names, v), xmlFree(v);
    if (is(n, NS_TEXT, "a") && (v = attr(n, NS_XLINK, "href"))) check_uri(pt->name, v, n->line), xmlFree(v);
    if (is(n, NS_TABLE, "table")) {
      if ((v = attr(n, NS_TABLE, "name"))) set_add(&ids->table_names, v), xmlFree(v);
      check_odt_table(pt, n);
    }
    /* style definitions: anything with style:name, by where it sits */
    if ((v = attr(n, NS_STYLE, "name"))) {
      bool automatic = false;
      for (xmlNode *a = n->parent; a; a = a->parent)
        if (is(a, NS_OFFICE, "automatic-styles")) automatic = true;
      set_add(!automatic ? &ids->common_styles
                         : pt->from_styles_part ? &ids->styles_auto : &ids->content_auto,
              v);
      xmlFree(v);
    }
  }
  for (size_t i = 0; i < ends.n; i++)
    if (!set_has(&starts, ends.s[i]))
      fail(pt->name, "text:bookmark-end %s without a bookmark-start", ends.s[i]);
  set_free(&starts);
  set_free(&ends);
}

static void check_odt_style_refs(part *pt, odt_ids *ids) {
  xmlNode *root = xmlDocGetRootElement(pt->xml);
  nameset *own = pt->from_styles_part ? &ids->styles_auto : &ids->content_auto;
  for (xmlNode *n = root; n; n = walk_next(n, root))
    for (size_t k = 0; k < ARRAY_LEN(style_ref_attrs); k++) {
      char *v = attr(n, style_ref_attrs[k][0], style_ref_attrs[k][1]);
      if (!v) continue;
      if (*v && !set_has(&ids->common_styles, v) && !set_has(own, v))
        fail(pt->name, "%s:%s=\"%s\" names no style visible here (line %d)",
             k < 2 ? (k ? "table" : "text") : "style", style_ref_attrs[k][1], v, n->line);
      xmlFree(v);
    }
}

static void check_manifest(package *pk) {
  part *m = find_part(pk, "META-INF/manifest.xml");
  if (!m || !m->xml) fail(NULL, "no META-INF/manifest.xml");
  nameset listed = {0};
  xmlNode *root = xmlDocGetRootElement(m->xml);
  for (xmlNode *e = first_elem(root); e; e = next_elem(e)) {
    if (!is(e, NS_MANIFEST, "file-entry")) continue;
    char *p = attr(e, NS_MANIFEST, "full-path");
    if (!p) fail(m->name, "file-entry without full-path");
    if (set_has(&listed, p)) fail(m->name, "%s listed twice", p);
    set_add(&listed, p);
    if (strcmp(p, "/") != 0 && !has_suffix(p, "/") && !find_part(pk, p))
      fail(m->name, "lists missing part %s", p);
    xmlFree(p);
  }
  for (size_t i = 0; i < pk->n; i++) {
    const char *nm = pk->p[i].name;
    if (has_suffix(nm, "/") || strcmp(nm, "mimetype") == 0 || strncmp(nm, "META-INF/", 9) == 0)
      continue;
    if (!set_has(&listed, nm)) fail(m->name, "part %s is not in the manifest", nm);
  }
  set_free(&listed);
}

static void check_odt(package *pk, bool styles) {
  static const char mt[] = "application/vnd.oasis.opendocument.text";
  if (pk->n == 0 || strcmp(pk->p[0].name, "mimetype") != 0) fail(NULL, "mimetype is not the first entry");
  if (pk->p[0].len != sizeof mt - 1 || memcmp(pk->p[0].data, mt, sizeof mt - 1) != 0)
    fail("mimetype", "wrong content");
  check_manifest(pk);
  if (!find_part(pk, "content.xml") || !find_part(pk, "styles.xml"))
    fail(NULL, "content.xml or styles.xml missing");
  odt_ids ids = {0};
  for (size_t i = 0; i < pk->n; i++) {
    part *pt = &pk->p[i];
    if (!pt->xml || strncmp(pt->name, "META-INF/", 9) == 0) continue;
    pt->from_styles_part = strcmp(pt->name, "styles.xml") == 0;
    collect_odt(pt, &ids);
  }
  const char *d;
  if ((d = set_dup(&ids.note_ids))) fail("content.xml", "note id %s used twice", d);
  if ((d = set_dup(&ids.bookmarks))) fail("content.xml", "bookmark %s used twice", d);
  if ((d = set_dup(&ids.frame_names))) fail("content.xml", "draw:name %s used twice", d);
  if ((d = set_dup(&ids.table_names))) fail("content.xml", "table:name %s used twice", d);
  if ((d = set_dup(&ids.xml_ids))) fail("content.xml", "xml:id %s used twice", d);
  if (styles) {
    if ((d = set_dup(&ids.content_auto))) fail("content.xml", "automatic style %s defined twice", d);
    if ((d = set_dup(&ids.styles_auto))) fail("styles.xml", "automatic style %s defined twice", d);
    for (size_t i = 0; i < pk->n; i++) {
      part *pt = &pk->p[i];
      if (pt->xml && (strcmp(pt->name, "content.xml") == 0 || strcmp(pt->name, "styles.xml") == 0))
        check_odt_style_refs(pt, &ids);
    }
  }
  set_free(&ids.note_ids), set_free(&ids.bookmarks), set_free(&ids.frame_names);
  set_free(&ids.table_names), set_free(&ids.xml_ids), set_free(&ids.common_styles);
  set_free(&ids.content_auto), set_free(&ids.styles_auto);
}

/* ---- entry points ---- */

static void silent(void *ctx, const char *msg, ...) {
  (void)ctx;
  (void)msg;
}

void oracle_init(void) {
  xmlInitParser();
  xmlSetGenericErrorFunc(NULL, silent);
}

/* ---- the schemas ---- */

static xmlSchemaPtr g_wml;   /* ECMA-376 Transitional, DrawingML with it */
static xmlRelaxNGPtr g_odf;  /* OpenDocument 1.3 */
static char g_schema_error[300];

static void first_error(void *ctx, xmlErrorPtr e) {
  (void)ctx;
  if (g_schema_error[0] || !e || !e->message) return;
  snprintf(g_schema_error, sizeof g_schema_error, "line %d: %s", e->line, e->message);
  size_t n = strlen(g_schema_error);
  while (n && g_schema_error[n - 1] == '\n') g_schema_error[--n] = '\0';
}

bool oracle_schemas_init(const char *dir) {
  if (g_wml || g_odf) return true;
  char *wml = xasprintf("%s/ooxml/wml-transitional-local.xsd", dir);
  char *odf = xasprintf("%s/odf/1.3/OpenDocument-v1.3-schema.rng", dir);
  FILE *a = fopen(wml, "rb"), *b = fopen(odf, "rb");
  if (a && b) {
    xmlSchemaParserCtxtPtr sp = xmlSchemaNewParserCtxt(wml);
    xmlSchemaSetParserStructuredErrors(sp, first_error, NULL);
    g_wml = xmlSchemaParse(sp);
    xmlSchemaFreeParserCtxt(sp);
    xmlRelaxNGParserCtxtPtr rp = xmlRelaxNGNewParserCtxt(odf);
    xmlRelaxNGSetParserStructuredErrors(rp, first_error, NULL);
    g_odf = xmlRelaxNGParse(rp);
    xmlRelaxNGFreeParserCtxt(rp);
    if (!g_wml || !g_odf) {
      fprintf(stderr, "oracle: the schemas in %s do not load: %s\n", dir, g_schema_error);
      abort();
    }
  }
  if (a) fclose(a);
  if (b) fclose(b);
  free(wml);
  free(odf);
  return g_wml && g_odf;
}

/* The part must have the root its content type calls for (a schema
 * accepts any of its global elements) and be valid. */
static void validate_part(package *pk, const char *name, const char *ns, const char *root) {
  part *pt = find_part(pk, name);
  if (!pt || !pt->xml) return;
  bool docx = strcmp(ns, NS_OFFICE) != 0;
  if (!is(xmlDocGetRootElement(pt->xml), ns, root)) fail(name, "the root element is not %s", root);
  g_schema_error[0] = '\0';
  int rc;
  if (docx) {
    xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(g_wml);
    xmlSchemaSetValidStructuredErrors(v, first_error, NULL);
    rc = xmlSchemaValidateDoc(v, pt->xml);
    xmlSchemaFreeValidCtxt(v);
  } else {
    xmlRelaxNGValidCtxtPtr v = xmlRelaxNGNewValidCtxt(g_odf);
    xmlRelaxNGSetValidStructuredErrors(v, first_error, NULL);
    rc = xmlRelaxNGValidateDoc(v, pt->xml);
    xmlRelaxNGFreeValidCtxt(v);
  }
  if (rc != 0) fail(name, "not valid against its schema: %s", g_schema_error[0] ? g_schema_error : "?");
}

void oracle_check_schemas(const char *what, const void *data, size_t len, bool is_docx) {
  if (!g_wml || !g_odf) return;
  g_what = what;
  package pk = {0};
  load_package(&pk, data, len);
  if (is_docx) {
    validate_part(&pk, "word/styles.xml", NS_W, "styles");
    validate_part(&pk, "word/fontTable.xml", NS_W, "fonts");
    validate_part(&pk, "word/theme/theme1.xml", "http://schemas.openxmlformats.org/drawingml/2006/main", "theme");
  } else {
    validate_part(&pk, "styles.xml", NS_OFFICE, "document-styles");
  }
  free_package(&pk);
}

void oracle_check_package(const char *what, const void *data, size_t len, bool is_docx,
                          bool styles) {
  g_what = what;
  package pk = {0};
  load_package(&pk, data, len);
  if (is_docx) check_docx(&pk, styles);
  else check_odt(&pk, styles);
  free_package(&pk);
}
