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
#include "xmlform.h"

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_FO "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"

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

static int odt_styles_part_parsed(const doc *d, refdoc *ref, buf *out, char **err);

/* The document's language, and hyphenation in it, on the default
 * paragraph style of a styles container (ours, or a reference document's,
 * which wins): fo:language, fo:country, fo:hyphenate="true". */
static void set_language(xmlNodePtr styles, const doc *d) {
  const char *lang = d->meta.language, *country = doc_language_country(lang);
  if (!styles || !lang || !*lang) return;
  for (xmlNodePtr n = styles->children; n; n = n->next) {
    if (!is_elem(n, NS_STYLE, "default-style")) continue;
    xmlChar *family = xmlGetNsProp(n, BAD_CAST "family", BAD_CAST NS_STYLE);
    bool para = family && strcmp((const char *)family, "paragraph") == 0;
    xmlFree(family);
    if (!para) continue;
    xmlNodePtr tp = child(n, NS_STYLE, "text-properties");
    if (!tp) tp = xmlNewChild(n, n->ns, BAD_CAST "text-properties", NULL);
    xmlNsPtr fo = xmlSearchNsByHref(n->doc, tp, BAD_CAST NS_FO);
    if (!fo) fo = xmlNewNs(tp, BAD_CAST NS_FO, BAD_CAST "fo");
    xmlSetNsProp(tp, fo, BAD_CAST "language", BAD_CAST lang);
    if (country) xmlSetNsProp(tp, fo, BAD_CAST "country", BAD_CAST country);
    else xmlUnsetNsProp(tp, fo, BAD_CAST "country");
    xmlSetNsProp(tp, fo, BAD_CAST "hyphenate", BAD_CAST "true");
  }
}

/* The template's default paragraph style with the document's language in
 * place of the template's (fo:language="nl" fo:country="NL"), written from
 * its bytes s[k..e); false when it is not of that form (then the caller
 * parses). */
static bool default_style_fast(xmlw *w, const doc *d, const char *s, size_t k, size_t e) {
  const char *lang = d->meta.language, *country = doc_language_country(lang);
  if (!lang || !country) return false;
  size_t l = mem_find(s, k, e, " fo:language=\""), c = mem_find(s, k, e, " fo:country=\"");
  if (l == e || c == e || c < l) return false;
  size_t lv = l + 14, lend = mem_find(s, lv, e, "\""), cv = c + 13, cend = mem_find(s, cv, e, "\"");
  if (lend == e || cend == e || lend > c) return false;
  for (const char *q = lang; *q; q++)
    if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'))) return false;
  xmlw_raw(w, s + k, lv - k);
  xmlw_raw(w, lang, strlen(lang));
  xmlw_raw(w, s + lend, cv - lend);
  xmlw_raw(w, country, strlen(country));
  xmlw_raw(w, s + cend, e - cend);
  return true;
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

/* ---- the house style without parsing it ----
 *
 * Without a reference document the part is the house style's containers
 * as parsing the template and dumping their children would give them. The
 * template is our own file, written the way libxml2 writes
 * (xml_dumped_element_end), so those dumps are the template's own bytes:
 * the scan below finds the elements and checks that form, and anything
 * else in the template sends the caller back to the parse. test_odt
 * compares both. */

/* The root's namespace declarations, in order, written on w: false when
 * the root's start tag is not of the simple form. *body is set to where
 * its content starts. */
static bool fast_namespaces(xmlw *w, const char *s, size_t root, size_t to, size_t *body) {
  size_t e = xml_name_end(s, root + 1, to);
  bool office = false;
  for (;;) {
    while (e < to && xml_space(s[e]))
      e++;
    if (e < to && s[e] == '>') break;
    size_t v = xml_name_end(s, e, to);
    if (v == e || v + 1 >= to || s[v] != '=' || s[v + 1] != '"') return false;
    size_t q = v + 2;
    while (q < to && s[q] != '"' && s[q] != '&' && s[q] != '<')
      q++;
    if (q >= to || s[q] != '"') return false;
    if (v - e > 6 && memcmp(s + e, "xmlns:", 6) == 0) {
      char *name = xstrndup(s + e, v - e), *value = xstrndup(s + v + 2, q - (v + 2));
      xmlw_attr(w, name, value);
      if (strcmp(name, "xmlns:office") == 0 && strcmp(value, NS_OFFICE) == 0) office = true;
      free(name);
      free(value);
    } else if (v - e == 5 && memcmp(s + e, "xmlns", 5) == 0) {
      return false; /* a default namespace: the parse decides */
    }
    e = q + 1;
  }
  *body = e + 1;
  return office;
}

/* Writes the part from the template's bytes; false (w then unusable)
 * when the template is not of the form described above. */
static bool house_styles_fast(xmlw *w, const doc *d, const char *s, size_t len) {
  static const char root_tag[] = "<office:document-styles";
  size_t i = xml_prolog_end(s, len);
  if (len - i < sizeof root_tag || memcmp(s + i, root_tag, sizeof root_tag - 1) != 0 ||
      xml_name_end(s, i + sizeof root_tag - 1, len) != i + sizeof root_tag - 1)
    return false;
  size_t body;
  xmlw_start(w, "office:document-styles");
  if (!fast_namespaces(w, s, i, len, &body)) return false;
  xmlw_attr(w, "office:version", "1.3");
  /* the root's children: containers by name */
  static const char *const names[] = {"office:font-face-decls", "office:styles",
                                      "office:automatic-styles"};
  size_t at[3] = {0}, end[3] = {0};
  for (size_t k = body; k < len;) {
    if (xml_space(s[k])) {
      k++;
      continue;
    }
    size_t e = xml_comment_end(s, k, len);
    if (e) {
      k = e;
      continue;
    }
    if (s[k] != '<' || (k + 1 < len && s[k + 1] == '/')) break; /* the root's end */
    e = xml_dumped_element_end(s, k, len, false);
    if (e == 0) return false;
    size_t n = xml_name_end(s, k + 1, len) - (k + 1);
    for (size_t c = 0; c < 3; c++)
      if (!at[c] && strlen(names[c]) == n && memcmp(s + k + 1, names[c], n) == 0)
        at[c] = k, end[c] = e;
    k = e;
  }
  for (size_t c = 0; c < 2; c++) { /* the containers' element children */
    xmlw_start(w, names[c]);
    if (at[c] && s[end[c] - 2] != '/') {
      size_t k = at[c] + 1;
      while (s[k] != '>')
        k++;
      for (k++; k < end[c];) { /* element children; text and comments are left out */
        size_t e = xml_comment_end(s, k, end[c]);
        if (e) {
          k = e;
        } else if (s[k] == '<' && s[k + 1] != '/') {
          e = xml_dumped_element_end(s, k, end[c], false);
          static const char para_default[] = "<style:default-style style:family=\"paragraph\"";
          if (e - k > sizeof para_default && memcmp(s + k, para_default, sizeof para_default - 1) == 0) {
            if (!default_style_fast(w, d, s, k, e)) return false;
          } else {
            xmlw_raw(w, s + k, e - k);
          }
          k = e;
        } else {
          k++;
        }
      }
    }
    xmlw_end(w);
  }
  if (at[2]) xmlw_raw(w, s + at[2], end[2] - at[2]);
  master_styles(w, d);
  return true;
}

int odt_styles_house(const doc *d, bool fast, buf *out, char **err) {
  const template_file *tf = templates_find("styles/odt/styles.xml");
  if (!tf) {
    *err = xstrdup(_("the house style templates/styles/odt/styles.xml is not built in"));
    return -1;
  }
  if (fast) {
    xmlw *w = xmlw_new();
    buf tmp;
    buf_init(&tmp);
    bool ok = house_styles_fast(w, d, (const char *)tf->data, tf->len);
    xmlw_finish(w, &tmp);
    if (ok) buf_add(out, tmp.data, tmp.len);
    buf_free(&tmp);
    if (ok) return 1;
  }
  return odt_styles_part_parsed(d, NULL, out, err);
}

int odt_styles_part(const doc *d, refdoc *ref, buf *out, char **err) {
  if (!ref) return odt_styles_house(d, true, out, err) < 0 ? -1 : 0;
  return odt_styles_part_parsed(d, ref, out, err);
}

/* The part by parsing the house style (and ref's styles.xml when given). */
static int odt_styles_part_parsed(const doc *d, refdoc *ref, buf *out, char **err) {
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
  set_language(child(mine, NS_OFFICE, "styles"), d);
  set_language(child(their_root, NS_OFFICE, "styles"), d);
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

/* ---- the face of the table text ---- */

#define NS_SVG "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"

/* The style of family paragraph named name in container (office:styles),
 * or its default style for name NULL. */
static xmlNodePtr para_style_named(xmlNodePtr styles, const char *name) {
  for (xmlNodePtr n = styles ? styles->children : NULL; n; n = n->next) {
    bool dflt = is_elem(n, NS_STYLE, "default-style");
    if (!dflt && !is_elem(n, NS_STYLE, "style")) continue;
    if (dflt != (name == NULL)) continue;
    xmlChar *family = xmlGetNsProp(n, BAD_CAST "family", BAD_CAST NS_STYLE);
    xmlChar *nm = name ? xmlGetNsProp(n, BAD_CAST "name", BAD_CAST NS_STYLE) : NULL;
    bool hit = family && strcmp((const char *)family, "paragraph") == 0 && (!name || (nm && strcmp((const char *)nm, name) == 0));
    xmlFree(family);
    xmlFree(nm);
    if (hit) return n;
  }
  return NULL;
}

/* The family a style:font-name names (font-face declarations, theirs
 * first). */
static char *face_family(xmlNodePtr *decls, size_t n, const char *font_name) {
  for (size_t i = 0; i < n; i++)
    for (xmlNodePtr f = decls[i] ? decls[i]->children : NULL; f; f = f->next) {
      if (!is_elem(f, NS_STYLE, "font-face")) continue;
      xmlChar *nm = xmlGetNsProp(f, BAD_CAST "name", BAD_CAST NS_STYLE);
      bool hit = nm && strcmp((const char *)nm, font_name) == 0;
      xmlFree(nm);
      if (hit) return (char *)xmlGetNsProp(f, BAD_CAST "font-family", BAD_CAST NS_SVG);
    }
  return (char *)xmlStrdup(BAD_CAST font_name);
}

typedef struct {
  char *family;
  double size_pt; /* 0 until an absolute size is found */
  double scale;   /* percentages met on the way up */
} text_font;

static void take_text_props(xmlNodePtr style, xmlNodePtr *decls, size_t n_decls, text_font *f) {
  xmlNodePtr tp = child(style, NS_STYLE, "text-properties");
  if (!tp) return;
  if (!f->family) {
    xmlChar *fn = xmlGetNsProp(tp, BAD_CAST "font-name", BAD_CAST NS_STYLE);
    if (fn) f->family = face_family(decls, n_decls, (const char *)fn);
    else f->family = (char *)xmlGetNsProp(tp, BAD_CAST "font-family", BAD_CAST NS_FO);
    xmlFree(fn);
  }
  if (f->size_pt <= 0) {
    xmlChar *sz = xmlGetNsProp(tp, BAD_CAST "font-size", BAD_CAST NS_FO);
    if (sz) {
      char *end = NULL;
      double v = strtod((const char *)sz, &end);
      if (v > 0 && end && *end == '%') f->scale *= v / 100.0;
      else if (v > 0 && end && strcmp(end, "pt") == 0) f->size_pt = v * f->scale;
      else if (v > 0 && end && strcmp(end, "cm") == 0) f->size_pt = v * DOC_PT_PER_CM * f->scale;
    }
    xmlFree(sz);
  }
}

/* The face "Table Contents" is set in once a reference document's styles
 * replace ours of the same name: up its parents, then the default
 * paragraph style, theirs winning (as odt_styles_part merges them);
 * LibreOffice's own defaults where nothing is said. */
int odt_table_face(refdoc *ref, doc_face *face, char **err) {
  *face = doc_face_house();
  if (!ref) return 0;
  const template_file *tf = templates_find("styles/odt/styles.xml");
  xmlDocPtr theirs = NULL, ours = tf ? xml_parse_untrusted((const char *)tf->data, tf->len, "styles/odt/styles.xml", err) : NULL;
  if (!ours) return -1;
  if (load_reference(ref, &theirs, err) < 0) {
    xmlFreeDoc(ours);
    return -1;
  }
  xmlNodePtr mine = xmlDocGetRootElement(ours), their_root = xmlDocGetRootElement(theirs);
  xmlNodePtr styles[2] = {child(their_root, NS_OFFICE, "styles"), child(mine, NS_OFFICE, "styles")};
  xmlNodePtr decls[2] = {child(their_root, NS_OFFICE, "font-face-decls"), child(mine, NS_OFFICE, "font-face-decls")};
  text_font f = {NULL, 0, 1.0};
  xmlChar *name = xmlStrdup(BAD_CAST "Table_20_Contents");
  for (int depth = 0; name && depth < 32 && (!f.family || f.size_pt <= 0); depth++) {
    xmlNodePtr st = para_style_named(styles[0], (const char *)name);
    if (!st) st = para_style_named(styles[1], (const char *)name);
    xmlFree(name);
    name = st ? xmlGetNsProp(st, BAD_CAST "parent-style-name", BAD_CAST NS_STYLE) : NULL;
    if (st) take_text_props(st, decls, 2, &f);
  }
  xmlFree(name);
  xmlNodePtr dflt = para_style_named(styles[0], NULL);
  take_text_props(dflt ? dflt : para_style_named(styles[1], NULL), decls, 2, &f);
  *face = doc_face_named(f.family ? f.family : "Liberation Serif", f.size_pt > 0 ? f.size_pt : 12.0 * f.scale);
  xmlFree(f.family);
  xmlFreeDoc(theirs);
  xmlFreeDoc(ours);
  return 0;
}
