/* docx_styles.c - word/styles.xml and word/numbering.xml. The house style
 * is templates/styles/docx/styles.xml; a reference document's styles.xml
 * replaces it, as far as docx_ref.c's allow-list lets it through (without
 * outline numbering: body headings carry their number as text), completed
 * with any style id we use that it lacks. Numbering is always ours. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "docx_int.h"
#include "i18n.h"
#include "templates.h"
#include "writers.h"
#include "xmlform.h"

const char *const docx_used_styles[] = {
    "Normal", "BodyText", "Compact", "Title", "Subtitle", "Heading1", "Heading2", "Heading3",
    "Meta", "Party", "TableText", "TableHeading", "TableLabel", "TableTextCentered",
    "TableHeadingCentered", "Legend", "Signature", "SignatureLine",
    "BlockText", "SourceCode", "FootnoteText", "Header", "Footer", "DraftMark",
    "DefaultParagraphFont", "Hyperlink", "FootnoteReference", "VerbatimChar", "TableNormal",
    "ContractTable", "NoList", NULL};

bool docx_is_w(const xmlNode *n, const char *local) {
  return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
         strcmp((const char *)n->ns->href, DOCX_NS_W) == 0 &&
         (!local || strcmp((const char *)n->name, local) == 0);
}

/* The document language on the house style's default run properties
 * (spelling, hyphenation, a tagged PDF's language), whose w:lang carries
 * it. */
static void set_language(xmlDocPtr xd, const char *lang) {
  char buf_tag[32];
  const char *tag = doc_language_tag(lang, buf_tag, sizeof buf_tag);
  if (!tag) return;
  xmlNodePtr n = xmlDocGetRootElement(xd);
  const char *path[] = {"docDefaults", "rPrDefault", "rPr", "lang"};
  for (size_t i = 0; i < ARRAY_LEN(path) && n; i++) {
    xmlNodePtr k = n->children;
    while (k && !docx_is_w(k, path[i])) k = k->next;
    n = k;
  }
  if (!n) return;
  xmlSetNsProp(n, n->ns, BAD_CAST "val", BAD_CAST tag);
}

static xmlDocPtr house_styles(char **err) {
  const template_file *t = templates_find("styles/docx/styles.xml");
  if (!t) {
    *err = xasprintf(_("the built-in DOCX style sheet is missing (a build defect)"));
    return NULL;
  }
  return xml_parse_untrusted((const char *)t->data, t->len, "styles/docx/styles.xml", err);
}

static bool plain_tag(const char *tag) {
  if (!tag || !*tag) return false;
  for (const char *q = tag; *q; q++)
    if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
          *q == '-'))
      return false;
  return true;
}

/* The house style as parsing it and dumping its root would give, without
 * the parse: the template is our own file, written as libxml2 writes
 * (xml_dumped_element_end), so its root element's bytes are the dump, once
 * the document language is put on the default run properties' w:lang.
 * Returns false when the template is not of that form, and the caller
 * parses it; test_docx compares both ways for every language. */
static bool house_styles_fast(const char *lang, buf *out) {
  const template_file *t = templates_find("styles/docx/styles.xml");
  if (!t) return false;
  const char *s = (const char *)t->data;
  size_t len = t->len;
  size_t root = xml_prolog_end(s, len);
  if (len - root < 10 || memcmp(s + root, "<w:styles", 9) != 0 ||
      xml_name_end(s, root + 1, len) != root + 9)
    return false;
  size_t end = xml_dumped_element_end(s, root, len, true);
  if (end == 0) return false;
  for (size_t i = end; i < len; i++) /* only white space after the root */
    if (!xml_space(s[i])) return false;
  char buf_tag[32];
  const char *tag = doc_language_tag(lang, buf_tag, sizeof buf_tag);
  size_t v0 = end, v1 = end; /* the value to replace */
  if (tag) {
    size_t defaults = mem_find(s, root, end, "<w:rPrDefault>");
    size_t defaults_end = mem_find(s, defaults, end, "</w:rPrDefault>");
    size_t lang_at = mem_find(s, defaults, defaults_end, "<w:lang ");
    if (lang_at < defaults_end) {
      if (!plain_tag(tag)) return false;
      size_t tag_end = mem_find(s, lang_at, defaults_end, ">");
      v0 = mem_find(s, lang_at, tag_end, " w:val=\"");
      if (v0 == tag_end) return false; /* the value would be added: parse */
      v0 += 8;
      v1 = mem_find(s, v0, tag_end, "\"");
    }
  }
  xmlw *w = xmlw_new();
  xmlw_raw(w, s + root, v0 - root);
  if (v0 < end) {
    xmlw_raw(w, tag, strlen(tag));
    xmlw_raw(w, s + v1, end - v1);
  }
  xmlw_finish(w, out);
  return true;
}

int docx_house_styles(const char *lang, bool fast, buf *out, char **err) {
  if (fast && house_styles_fast(lang, out)) return 1;
  xmlDocPtr ours = house_styles(err);
  if (!ours) return -1;
  set_language(ours, lang);
  docx_dump_root(ours, out);
  xmlFreeDoc(ours);
  return 0;
}

int docx_styles_write(docx_ctx *c, refdoc *ref, buf *out, char **err) {
  if (!ref) return docx_house_styles(c->d->meta.language, true, out, err) < 0 ? -1 : 0;
  xmlDocPtr ours = house_styles(err);
  if (!ours) return -1;
  char tag[32];
  int rc = docx_ref_styles(ref, ours, doc_language_tag(c->d->meta.language, tag, sizeof tag), out, err);
  xmlFreeDoc(ours);
  return rc;
}

int docx_table_face(refdoc *ref, doc_face *face, char **err) {
  *face = doc_face_house();
  if (!ref) return 0;
  xmlDocPtr ours = house_styles(err);
  if (!ours) return -1;
  int rc = docx_ref_table_face(ref, ours, face, err);
  xmlFreeDoc(ours);
  return rc;
}

/* ---- numbering ---- */

int docx_num_ordered(docx_ctx *c, int ilvl, int start, bool paren) {
  xgrow((void **)&c->nums, &c->cap_nums, c->n_nums + 1, sizeof *c->nums);
  c->nums[c->n_nums++] =
      (docx_num){paren ? DOCX_ABS_DECIMAL_PAREN : DOCX_ABS_DECIMAL_PERIOD, ilvl, start < 0 ? 0 : start};
  return (int)c->n_nums;
}

int docx_num_bullet(docx_ctx *c) {
  if (c->bullet_num) return c->bullet_num;
  xgrow((void **)&c->nums, &c->cap_nums, c->n_nums + 1, sizeof *c->nums);
  c->nums[c->n_nums++] = (docx_num){DOCX_ABS_BULLET, -1, 0};
  c->bullet_num = (int)c->n_nums;
  return c->bullet_num;
}

/* One w:lvl (children in CT_Lvl order). */
static void write_lvl(xmlw *w, int abs, int ilvl) {
  static const char *const bullets[] = {"\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x96\xAA"}; /* • – ▪ */
  xmlw_start(w, "w:lvl");
  xmlw_attrf(w, "w:ilvl", "%d", ilvl);
  docx_val(w, "w:start", "1");
  if (abs == DOCX_ABS_BULLET) {
    docx_val(w, "w:numFmt", "bullet");
    docx_val(w, "w:lvlText", bullets[ilvl % 3]);
  } else {
    docx_val(w, "w:numFmt", "decimal");
    xmlw_start(w, "w:lvlText");
    xmlw_attrf(w, "w:val", "%%%d%c", ilvl + 1, abs == DOCX_ABS_DECIMAL_PAREN ? ')' : '.');
    xmlw_end(w);
  }
  docx_val(w, "w:lvlJc", "left");
  xmlw_start(w, "w:pPr");
  xmlw_start(w, "w:ind");
  xmlw_attrf(w, "w:left", "%d", DOCX_LIST_STEP * (ilvl + 1));
  xmlw_attrf(w, "w:hanging", "%d", DOCX_LIST_STEP);
  xmlw_end(w);
  xmlw_end(w);
  xmlw_end(w);
}

static void write_abstract(xmlw *w, int abs) {
  xmlw_start(w, "w:abstractNum");
  xmlw_attrf(w, "w:abstractNumId", "%d", abs);
  xmlw_start(w, "w:nsid");
  xmlw_attrf(w, "w:val", "5743%04X", abs); /* stable, unique per definition */
  xmlw_end(w);
  docx_val(w, "w:multiLevelType", "multilevel");
  for (int i = 0; i < DOCX_LIST_LEVELS; i++) write_lvl(w, abs, i);
  xmlw_end(w);
}

/* The three list definitions are the same in every document: written by
 * the writer once a process (a batch builds many documents) and kept. */
static const buf *abstracts(void) {
  static buf made;
  if (!made.data) {
    xmlw *f = xmlw_new_utf8_fragment();
    write_abstract(f, DOCX_ABS_BULLET);
    write_abstract(f, DOCX_ABS_DECIMAL_PERIOD);
    write_abstract(f, DOCX_ABS_DECIMAL_PAREN);
    xmlw_finish(f, &made);
  }
  return &made;
}

void docx_numbering_write(const docx_ctx *c, buf *out) {
  xmlw *w = xmlw_new();
  xmlw_start(w, "w:numbering");
  xmlw_attr(w, "xmlns:w", DOCX_NS_W);
  const buf *abs = abstracts();
  xmlw_raw(w, abs->data, abs->len);
  for (size_t i = 0; i < c->n_nums; i++) {
    const docx_num *n = &c->nums[i];
    xmlw_start(w, "w:num");
    xmlw_attrf(w, "w:numId", "%zu", i + 1);
    xmlw_start(w, "w:abstractNumId");
    xmlw_attrf(w, "w:val", "%d", n->abstract_id);
    xmlw_end(w);
    if (n->ilvl >= 0) {
      xmlw_start(w, "w:lvlOverride");
      xmlw_attrf(w, "w:ilvl", "%d", n->ilvl);
      xmlw_start(w, "w:startOverride");
      xmlw_attrf(w, "w:val", "%d", n->start);
      xmlw_end(w);
      xmlw_end(w);
    }
    xmlw_end(w);
  }
  xmlw_end(w);
  xmlw_finish(w, out);
}
