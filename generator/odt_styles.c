/* odt_styles.c - styles.xml of a generated ODT: the house style of
 * templates/styles/odt/styles.xml, a reference document's named styles and
 * fonts in place of ours where it defines the same names, and the master
 * page with the contract's footer and draft marking. */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "i18n.h"
#include "odt_impl.h"
#include "templates.h"

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

/* Namespaces of the OpenDocument schema; everything else in a reference
 * document (LibreOffice's loext:, officeooo:, ...) is left out so the result
 * stays a plain conforming document. */
static bool odf_namespace(const xmlChar *href) {
  static const char *const exact[] = {"http://www.w3.org/1999/xlink", "http://purl.org/dc/elements/1.1/",
                                      "http://www.w3.org/1998/Math/MathML", "http://www.w3.org/1999/xhtml",
                                      "http://www.w3.org/2003/g/data-view#", "http://www.w3.org/2002/xforms"};
  static const char odf_prefix[] = "urn:oasis:names:tc:opendocument:xmlns:";
  if (!href) return false;
  if (strncmp((const char *)href, odf_prefix, sizeof odf_prefix - 1) == 0) return true;
  for (size_t i = 0; i < ARRAY_LEN(exact); i++)
    if (strcmp((const char *)href, exact[i]) == 0) return true;
  return false;
}

static bool is_elem(xmlNodePtr n, const char *ns, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && n->ns && strcmp((const char *)n->ns->href, ns) == 0 &&
         strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr child(xmlNodePtr parent, const char *ns, const char *name) {
  for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next)
    if (is_elem(n, ns, name)) return n;
  return NULL;
}

/* The node after n in document order, not entering n's children. */
static xmlNodePtr after(xmlNodePtr n, xmlNodePtr top) {
  while (n && n != top) {
    if (n->next) return n->next;
    n = n->parent;
  }
  return NULL;
}

static void strip_foreign_attrs(xmlNodePtr n);

/* Removes foreign elements and attributes from the subtree of top, without
 * recursion (a reference document can nest deeply). */
static void strip_foreign(xmlNodePtr top) {
  xmlNodePtr n = top->children;
  while (n) {
    if (n->type != XML_ELEMENT_NODE) {
      n = after(n, top);
    } else if (!n->ns || !odf_namespace(n->ns->href)) {
      xmlNodePtr victim = n;
      n = after(n, top);
      xmlUnlinkNode(victim);
      xmlFreeNode(victim);
    } else {
      strip_foreign_attrs(n);
      n = n->children ? n->children : after(n, top);
    }
  }
}

static void strip_foreign_attrs(xmlNodePtr n) {
  xmlAttrPtr a = n->properties;
  while (a) {
    xmlAttrPtr an = a->next;
    if (!a->ns || !odf_namespace(a->ns->href)) xmlRemoveProp(a);
    a = an;
  }
}

/* Identity of a style-like element: kind, family and name. */
static char *style_key(xmlNodePtr n) {
  xmlChar *family = xmlGetNsProp(n, BAD_CAST "family", BAD_CAST NS_STYLE);
  xmlChar *name = xmlGetNsProp(n, BAD_CAST "name", BAD_CAST NS_STYLE);
  xmlChar *cls = name ? NULL : xmlGetNsProp(n, BAD_CAST "note-class", BAD_CAST NS_TEXT);
  char *key = xasprintf("%s|%s|%s|%s", n->ns ? (const char *)n->ns->href : "", (const char *)n->name,
                        family ? (const char *)family : "", name ? (const char *)name : cls ? (const char *)cls : "");
  xmlFree(family);
  xmlFree(name);
  xmlFree(cls);
  return key;
}

static int cmp_key(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

typedef struct {
  char **keys;
  size_t n;
} key_set;

static void keys_of(xmlNodePtr parent, key_set *ks) {
  ks->n = 0;
  ks->keys = NULL;
  size_t cap = 0;
  for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    xgrow((void **)&ks->keys, &cap, ks->n + 1, sizeof *ks->keys);
    ks->keys[ks->n++] = style_key(n);
  }
  if (ks->n) qsort(ks->keys, ks->n, sizeof *ks->keys, cmp_key);
}

static bool keys_has(const key_set *ks, const char *key) {
  return ks->n && bsearch(&key, ks->keys, ks->n, sizeof *ks->keys, cmp_key) != NULL;
}

static void keys_free(key_set *ks) {
  for (size_t i = 0; i < ks->n; i++) free(ks->keys[i]);
  free(ks->keys);
}

static void dump(xmlw *w, xmlNodePtr n) {
  xmlBufferPtr b = xmlBufferCreate();
  if (!b) abort();
  xmlNodeDump(b, n->doc, n, 0, 0);
  xmlw_raw(w, (const char *)xmlBufferContent(b), (size_t)xmlBufferLength(b));
  xmlBufferFree(b);
}

/* Writes one container (font-face-decls, styles): the reference's
 * children, then ours that it lacks. The outline style is always ours: it
 * switches off outline numbering, since headings carry their own numbers. */
static void merged(xmlw *w, const char *name, xmlNodePtr mine, xmlNodePtr theirs) {
  xmlw_start(w, name);
  key_set ks = {0};
  if (theirs) {
    keys_of(theirs, &ks);
    for (xmlNodePtr n = theirs->children; n; n = n->next) {
      if (n->type != XML_ELEMENT_NODE || is_elem(n, NS_TEXT, "outline-style")) continue;
      if (!n->ns || !odf_namespace(n->ns->href)) continue;
      strip_foreign_attrs(n);
      strip_foreign(n);
      dump(w, n);
    }
  }
  for (xmlNodePtr n = mine ? mine->children : NULL; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    char *key = style_key(n);
    bool skip = keys_has(&ks, key) && !is_elem(n, NS_TEXT, "outline-style");
    free(key);
    if (!skip) dump(w, n);
  }
  keys_free(&ks);
  xmlw_end(w);
}

/* Namespace declarations: ours, then those the reference's copied styles
 * need. A prefix bound to another namespace than ours cannot be copied. */
static int declare_namespaces(xmlw *w, xmlNodePtr mine, xmlNodePtr theirs, const char *ref, char **err) {
  for (xmlNsPtr ns = mine->nsDef; ns; ns = ns->next) {
    char *attr = xasprintf("xmlns:%s", (const char *)ns->prefix);
    xmlw_attr(w, attr, (const char *)ns->href);
    free(attr);
  }
  for (xmlNsPtr ns = theirs ? theirs->nsDef : NULL; ns; ns = ns->next) {
    if (!odf_namespace(ns->href)) continue;
    if (!ns->prefix) {
      *err = xasprintf(_("%s: styles.xml uses a default namespace for OpenDocument elements; cannot use its styles"),
                       ref);
      return -1;
    }
    xmlNsPtr same = xmlSearchNs(mine->doc, mine, ns->prefix);
    if (same && strcmp((const char *)same->href, (const char *)ns->href) == 0) continue;
    if (same) {
      *err = xasprintf(_("%s: styles.xml binds the prefix '%s' to another namespace; cannot use its styles"),
                       ref, (const char *)ns->prefix);
      return -1;
    }
    char *attr = xasprintf("xmlns:%s", (const char *)ns->prefix);
    xmlw_attr(w, attr, (const char *)ns->href);
    free(attr);
  }
  return 0;
}

/* Footer text with the body's white-space rules (a title with two spaces
 * keeps them). */
static void footer_text(odt_ctx *x, const char *s) {
  x->more = true;
  if (s) odt_put_text(x, s, strlen(s));
}

/* The master page: A4 (landscape for the matrix), the draft marking in the
 * header, and the footer compose made (doc_footer_compose) with the page
 * number and count fields in it; a draft's label in bold (wk_FooterDraft,
 * an automatic style of templates/styles/odt/styles.xml). */
static void master_styles(xmlw *w, const doc *d) {
  const doc_meta *m = &d->meta;
  xmlw_start(w, "office:master-styles");
  xmlw_start(w, "style:master-page");
  xmlw_attr(w, "style:name", "Standard");
  xmlw_attr(w, "style:page-layout-name", m->landscape ? "wk_Landscape" : "wk_Portrait");
  if (m->draft) {
    xmlw_start(w, "style:header");
    xmlw_start(w, "text:p");
    xmlw_attr(w, "text:style-name", "wk_Draft");
    xmlw_texts(w, m->label_draft);
    xmlw_end(w);
    xmlw_end(w);
  }
  doc_footer f;
  doc_footer_compose(m, &f);
  xmlw_start(w, "style:footer");
  odt_ctx x = {0};
  x.d = d;
  x.w = w;
  odt_para_start(&x, "text:p", "Footer");
  if (f.draft) {
    xmlw_start(w, "text:span");
    xmlw_attr(w, "text:style-name", "wk_FooterDraft");
    footer_text(&x, f.draft);
    xmlw_end(w);
  }
  footer_text(&x, f.lead);
  xmlw_element(w, "text:page-number", (const char *[]){"text:select-page", "current", NULL}, "1");
  x.last_was_space = false;
  footer_text(&x, f.middle);
  xmlw_element(w, "text:page-count", NULL, "1");
  x.last_was_space = false;
  footer_text(&x, f.tail);
  odt_para_end(&x);
  xmlw_end(w);
  xmlw_end(w);
  xmlw_end(w);
  doc_footer_free(&f);
}

static int load_reference(refdoc *ref, xmlDocPtr *theirs, char **err) {
  *theirs = NULL;
  if (!ref) return 0;
  int rc = refdoc_part(ref, "styles.xml", theirs, err);
  if (rc == 1) {
    *err = xasprintf(_("%s: not a usable reference document: it has no styles.xml"), ref->path);
    return -1;
  }
  if (rc < 0) return -1;
  xmlNodePtr root = xmlDocGetRootElement(*theirs);
  if (!is_elem(root, NS_OFFICE, "document-styles")) {
    *err = xasprintf(_("%s: not a usable reference document: styles.xml is not an OpenDocument style sheet"),
                     ref->path);
    xmlFreeDoc(*theirs);
    *theirs = NULL;
    return -1;
  }
  return 0;
}

int odt_styles_part(const doc *d, refdoc *ref, buf *out, char **err) {
  const template_file *tf = templates_find("styles/odt/styles.xml");
  if (!tf) {
    *err = xstrdup(_("the house style templates/styles/odt/styles.xml is not built in"));
    return -1;
  }
  xmlDocPtr ours = xml_parse_untrusted((const char *)tf->data, tf->len, "styles/odt/styles.xml", err);
  if (!ours) return -1;
  xmlDocPtr theirs = NULL;
  if (load_reference(ref, &theirs, err) < 0) {
    xmlFreeDoc(ours);
    return -1;
  }
  xmlNodePtr mine = xmlDocGetRootElement(ours);
  xmlNodePtr their_root = theirs ? xmlDocGetRootElement(theirs) : NULL;
  xmlw *w = xmlw_new();
  xmlw_start(w, "office:document-styles");
  int rc = declare_namespaces(w, mine, their_root, ref ? ref->path : "", err);
  if (rc == 0) {
    xmlw_attr(w, "office:version", "1.3");
    merged(w, "office:font-face-decls", child(mine, NS_OFFICE, "font-face-decls"),
           child(their_root, NS_OFFICE, "font-face-decls"));
    merged(w, "office:styles", child(mine, NS_OFFICE, "styles"), child(their_root, NS_OFFICE, "styles"));
    xmlNodePtr autos = child(mine, NS_OFFICE, "automatic-styles");
    if (autos) dump(w, autos);
    master_styles(w, d);
  }
  buf tmp;
  buf_init(&tmp);
  xmlw_finish(w, &tmp);
  if (rc == 0) buf_add(out, tmp.data, tmp.len);
  buf_free(&tmp);
  xmlFreeDoc(ours);
  if (theirs) xmlFreeDoc(theirs);
  return rc;
}
