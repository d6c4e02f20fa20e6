/* odt_styles.c - styles.xml of a generated ODT: the house style of
 * templates/styles/odt/styles.xml, a reference document's named styles and
 * fonts (as odt_ref.c lets them through) in place of ours where it defines
 * the same names, and the master page with the contract's footer and
 * draft marking. */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "doctext.h"
#include "i18n.h"
#include "odt_impl.h"
#include "templates.h"
#include "xmlform.h"

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_FO "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"

static bool is_elem(xmlNodePtr n, const char *ns, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && n->ns && strcmp((const char *)n->ns->href, ns) == 0 &&
         strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr child(xmlNodePtr parent, const char *ns, const char *name) {
  for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next)
    if (is_elem(n, ns, name)) return n;
  return NULL;
}

/* The key of one of our style-like elements (odt_style_key). */
static char *our_key(xmlNodePtr n) {
  char *element = xasprintf("%s:%s", n->ns && n->ns->prefix ? (const char *)n->ns->prefix : "", (const char *)n->name);
  xmlChar *family = xmlGetNsProp(n, BAD_CAST "family", BAD_CAST NS_STYLE);
  xmlChar *name = xmlGetNsProp(n, BAD_CAST "name", BAD_CAST NS_STYLE);
  xmlChar *cls = name ? NULL : xmlGetNsProp(n, BAD_CAST "note-class", BAD_CAST NS_TEXT);
  char *key = odt_style_key(element, (const char *)family, name ? (const char *)name : (const char *)cls);
  free(element);
  xmlFree(family);
  xmlFree(name);
  xmlFree(cls);
  return key;
}

/* Writes one container (font-face-decls, styles): the reference's
 * children (theirs: cleaned, may be NULL), then ours that it lacks. */
static void merged(xmlw *w, const char *name, xmlNodePtr mine, const buf *theirs, const strset *keys) {
  xmlw_start(w, name);
  if (theirs) xmlw_raw(w, theirs->data, theirs->len);
  for (xmlNodePtr n = mine ? mine->children : NULL; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    char *key = our_key(n);
    if (!keys || !strset_has(keys, key)) xmlw_node(w, n);
    free(key);
  }
  xmlw_end(w);
}

/* Footer text with the body's white-space rules (a title with two spaces
 * keeps them). */
static void footer_text(odt_ctx *x, const char *s) {
  x->more = true;
  if (s) odt_put_text(x, s, strlen(s));
}

/* The master page: A4 (landscape for the matrix), the draft marking in the
 * header (an empty one without), and the footer compose made (doc_footer_compose) with the page
 * number and count fields in it; a draft's label in bold (wk_FooterDraft,
 * an automatic style of templates/styles/odt/styles.xml). */
static void master_styles(xmlw *w, const doc *d) {
  const doc_meta *m = &d->meta;
  xmlw_start(w, "office:master-styles");
  xmlw_start(w, "style:master-page");
  xmlw_attr(w, "style:name", "Standard");
  xmlw_attr(w, "style:page-layout-name", m->landscape ? "wk_Landscape" : "wk_Portrait");
  /* Every page has its header, empty but for a draft's marking: the body
   * begins below it, at the same height with and without the marking, as
   * in DOCX (whose text begins 2.54 cm down either way). */
  xmlw_start(w, "style:header");
  xmlw_start(w, "text:p");
  xmlw_attr(w, "text:style-name", m->draft ? "wk_Draft" : "Header");
  if (m->draft) xmlw_texts(w, m->label_draft);
  xmlw_end(w);
  xmlw_end(w);
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

/* The document's language, and hyphenation in it, on the house style's
 * default paragraph style (a reference document's gets them in odt_ref.c):
 * fo:language, fo:country, fo:hyphenate="true". */
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
  if (at[2]) xmlw_raw_element(w, names[2], s + at[2], end[2] - at[2]);
  master_styles(w, d);
  return true;
}

/* odt_styles_house, the text of its headers and footers to the digest as
 * it is written (text: a part of the content's feed, or NULL) when it
 * copies. */
static int house(const doc *d, bool fast, buf *out, void *text, char **err) {
  const template_file *tf = templates_find("styles/odt/styles.xml");
  if (!tf) {
    *err = xstrdup(_("the house style templates/styles/odt/styles.xml is not built in"));
    return -1;
  }
  if (fast) {
    xmlw *w = xmlw_new();
    if (text) {
      xmlw_observe(w, doctext_feed_sax(), text);
      xmlw_observe_ignores(w, doctext_feed_ignores);
    }
    buf tmp;
    buf_init(&tmp);
    bool ok = house_styles_fast(w, d, (const char *)tf->data, tf->len);
    if (text) doctext_feed_part_end(text, ok && xmlw_observed_all(w));
    xmlw_finish(w, &tmp);
    if (ok) buf_add(out, tmp.data, tmp.len);
    buf_free(&tmp);
    if (ok) return 1;
  }
  return odt_styles_part_parsed(d, NULL, out, err);
}

int odt_styles_house(const doc *d, bool fast, buf *out, char **err) { return house(d, fast, out, NULL, err); }

int odt_styles_part(const doc *d, refdoc *ref, buf *out, void *text, char **err) {
  if (!ref) return house(d, true, out, text, err) < 0 ? -1 : 0;
  return odt_styles_part_parsed(d, ref, out, err);
}

/* The part by parsing the house style (and ref's styles.xml when given). */
static int odt_styles_part_parsed(const doc *d, refdoc *ref, buf *out, char **err) {
  const template_file *tf = templates_find("styles/odt/styles.xml");
  if (!tf) {
    *err = xstrdup(_("the house style templates/styles/odt/styles.xml is not built in"));
    return -1;
  }
  odt_ref_styles theirs;
  if (ref && odt_ref_read(ref, d->meta.language, &theirs, err) < 0) return -1;
  xmlDocPtr ours = xml_parse_untrusted((const char *)tf->data, tf->len, "styles/odt/styles.xml", err);
  if (!ours) {
    if (ref) odt_ref_free(&theirs);
    return -1;
  }
  xmlNodePtr mine = xmlDocGetRootElement(ours);
  set_language(child(mine, NS_OFFICE, "styles"), d);
  xmlw *w = xmlw_new();
  xmlw_start(w, "office:document-styles");
  for (xmlNsPtr ns = mine->nsDef; ns; ns = ns->next) {
    char *attr = xasprintf("xmlns:%s", (const char *)ns->prefix);
    xmlw_attr(w, attr, (const char *)ns->href);
    free(attr);
  }
  xmlw_attr(w, "office:version", "1.3");
  merged(w, "office:font-face-decls", child(mine, NS_OFFICE, "font-face-decls"), ref ? &theirs.fonts : NULL,
         ref ? &theirs.keys : NULL);
  merged(w, "office:styles", child(mine, NS_OFFICE, "styles"), ref ? &theirs.styles : NULL,
         ref ? &theirs.keys : NULL);
  xmlNodePtr autos = child(mine, NS_OFFICE, "automatic-styles");
  if (autos) xmlw_node(w, autos);
  master_styles(w, d);
  xmlw_finish(w, out);
  xmlFreeDoc(ours);
  if (ref) odt_ref_free(&theirs);
  return 0;
}
