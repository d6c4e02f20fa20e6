/* docx_styles.c - word/styles.xml and word/numbering.xml. The house style
 * is templates/styles/docx/styles.xml; a reference document's styles.xml
 * replaces it after being put into schema order (office suites are not
 * always careful), stripped of outline numbering (body headings carry
 * their number as text) and completed with any style id we use that it
 * lacks. Numbering is always ours. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "docx_int.h"
#include "i18n.h"
#include "templates.h"
#include "xmlform.h"

const char *const docx_used_styles[] = {
    "Normal", "BodyText", "Compact", "Title", "Subtitle", "Heading1", "Heading2", "Heading3",
    "Meta", "Party", "TableText", "TableHeading", "TableLabel", "TableTextCentered",
    "TableHeadingCentered", "Legend", "Signature", "SignatureLine",
    "BlockText", "SourceCode", "FootnoteText", "Header", "Footer", "DraftMark",
    "DefaultParagraphFont", "Hyperlink", "FootnoteReference", "VerbatimChar", "TableNormal",
    "ContractTable", "NoList", NULL};

/* ---- schema order ---- */

/* Child sequences of the elements a styles part contains (ECMA-376 Part
 * 1, wml.xsd), by local name in the w: namespace. */
static const char *const order_style[] = {
    "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
    "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
    "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr", NULL};
static const char *const order_ppr[] = {
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange", NULL};
static const char *const order_rpr[] = {
    "ins", "del", "moveFrom", "moveTo", "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps",
    "smallCaps", "strike", "dstrike", "outline", "shadow", "emboss", "imprint", "noProof",
    "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
    "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
    "eastAsianLayout", "specVanish", "oMath", "rPrChange", NULL};
static const char *const order_tblpr[] = {
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
    "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
    "tblLook", "tblCaption", "tblDescription", "tblPrChange", NULL};
static const char *const order_tcpr[] = {
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel",
    "cellMerge", "tcPrChange", NULL};
static const char *const order_tblstylepr[] = {"pPr", "rPr", "tblPr", "trPr", "tcPr", NULL};
static const char *const order_docdefaults[] = {"rPrDefault", "pPrDefault", NULL};
static const char *const order_pbdr[] = {"top", "left", "bottom", "right", "between", "bar", NULL};
static const char *const order_borders[] = {"top", "start", "left", "bottom", "end", "right",
                                            "insideH", "insideV", "tl2br", "tr2bl", NULL};
static const char *const order_styles[] = {"docDefaults", "latentStyles", "style", NULL};

static const struct {
  const char *parent;
  const char *const *order;
} orders[] = {
    {"styles", order_styles},   {"style", order_style},     {"pPr", order_ppr},
    {"rPr", order_rpr},         {"tblPr", order_tblpr},     {"tcPr", order_tcpr},
    {"tblStylePr", order_tblstylepr}, {"docDefaults", order_docdefaults},
    {"pBdr", order_pbdr},       {"tblBorders", order_borders}, {"tcBorders", order_borders},
    {"tblCellMar", order_borders}, {"tcMar", order_borders},
};

static bool is_w(const xmlNode *n, const char *local) {
  return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
         strcmp((const char *)n->ns->href, DOCX_NS_W) == 0 &&
         (!local || strcmp((const char *)n->name, local) == 0);
}

static const char *const *order_for(const xmlNode *n) {
  if (!is_w(n, NULL)) return NULL;
  for (size_t i = 0; i < ARRAY_LEN(orders); i++)
    if (strcmp((const char *)n->name, orders[i].parent) == 0) return orders[i].order;
  return NULL;
}

typedef struct {
  xmlNodePtr node;
  size_t rank, index;
} ranked;

static int by_rank(const void *a, const void *b) {
  const ranked *x = a, *y = b;
  if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Puts the children of n into the schema's order. An element the table
 * does not know (an extension, a comment, white space) keeps its place
 * after the element before it. */
static void reorder_children(xmlNodePtr n, const char *const *order) {
  size_t count = 0;
  for (xmlNodePtr k = n->children; k; k = k->next) count++;
  if (count < 2) return;
  ranked *v = xmalloc(count * sizeof *v);
  size_t i = 0, rank = 0;
  bool sorted = true;
  for (xmlNodePtr k = n->children; k; k = k->next, i++) {
    if (is_w(k, NULL)) {
      for (size_t j = 0; order[j]; j++)
        if (strcmp((const char *)k->name, order[j]) == 0) {
          if (j + 1 < rank) sorted = false;
          rank = j + 1;
          break;
        }
    }
    v[i] = (ranked){k, rank, i};
  }
  if (!sorted) {
    qsort(v, count, sizeof *v, by_rank);
    for (i = 0; i < count; i++) xmlUnlinkNode(v[i].node);
    for (i = 0; i < count; i++) xmlAddChild(n, v[i].node);
  }
  free(v);
}

/* Removes the w:numPr of every paragraph style: the numbering it names
 * does not exist in our numbering part, and outline numbering on headings
 * would number our already numbered articles twice. */
static void drop_style_numbering(xmlNodePtr ppr) {
  xmlNodePtr k = ppr->children;
  while (k) {
    xmlNodePtr next = k->next;
    if (is_w(k, "numPr")) {
      xmlUnlinkNode(k);
      xmlFreeNode(k);
    }
    k = next;
  }
}

/* Walks the whole tree without recursion (parts are untrusted). */
static void normalise(xmlNodePtr root) {
  xmlNodePtr n = root;
  while (n) {
    if (n->type == XML_ELEMENT_NODE) {
      if (is_w(n, "pPr") && is_w(n->parent, "style")) drop_style_numbering(n);
      const char *const *order = order_for(n);
      if (order) reorder_children(n, order);
    }
    if (n->children && n->type == XML_ELEMENT_NODE) {
      n = n->children;
      continue;
    }
    while (n && n != root && !n->next) n = n->parent;
    if (!n || n == root) break;
    n = n->next;
  }
}

/* ---- merging ---- */

static char *style_id_of(xmlNodePtr style) {
  for (xmlAttrPtr a = style->properties; a; a = a->next)
    if (strcmp((const char *)a->name, "styleId") == 0 && a->ns && a->ns->href &&
        strcmp((const char *)a->ns->href, DOCX_NS_W) == 0)
      return (char *)xmlNodeGetContent((xmlNodePtr)a);
  return NULL;
}

static xmlNodePtr find_style(xmlNodePtr root, const char *id) {
  for (xmlNodePtr k = root->children; k; k = k->next) {
    if (!is_w(k, "style")) continue;
    char *sid = style_id_of(k);
    bool eq = sid && strcmp(sid, id) == 0;
    xmlFree(sid);
    if (eq) return k;
  }
  return NULL;
}

/* Copies each style we use that theirs lacks from ours. Our styles only
 * refer (basedOn, next) to ids of this same list, so every reference
 * resolves: to their style of that id or to the copy of ours. */
static void add_missing_styles(xmlDocPtr theirs, xmlDocPtr ours) {
  xmlNodePtr troot = xmlDocGetRootElement(theirs), oroot = xmlDocGetRootElement(ours);
  for (size_t i = 0; docx_used_styles[i]; i++) {
    if (find_style(troot, docx_used_styles[i])) continue;
    xmlNodePtr mine = find_style(oroot, docx_used_styles[i]);
    if (!mine) continue;
    xmlNodePtr copy = xmlDocCopyNode(mine, theirs, 1);
    if (!copy) abort();
    xmlAddChild(troot, copy);
  }
  xmlReconciliateNs(theirs, troot);
}

/* "nl-NL": the document language as WordprocessingML tags it. */
static bool lang_tag(const char *lang, char *tag, size_t n) {
  const char *country = doc_language_country(lang);
  if (!lang || !*lang) return false;
  snprintf(tag, n, country ? "%s-%s" : "%s", lang, country);
  return true;
}

/* The child of n named local, made when n has none (last). */
static xmlNodePtr child_w(xmlNodePtr n, const char *local) {
  for (xmlNodePtr k = n->children; k; k = k->next)
    if (is_w(k, local)) return k;
  return xmlNewChild(n, n->ns, BAD_CAST local, NULL);
}

/* The document language on the default run properties (spelling,
 * hyphenation, a tagged PDF's language), made where a reference document
 * has none: w:docDefaults/w:rPrDefault/w:rPr/w:lang. */
static void set_language(xmlDocPtr xd, const char *lang) {
  char tag[32];
  xmlNodePtr root = xmlDocGetRootElement(xd);
  if (!lang_tag(lang, tag, sizeof tag) || !root) return;
  xmlNodePtr defaults = NULL;
  for (xmlNodePtr k = root->children; k && !defaults; k = k->next)
    if (is_w(k, "docDefaults")) defaults = k;
  if (!defaults) {
    defaults = xmlNewNode(root->ns, BAD_CAST "docDefaults");
    if (root->children) xmlAddPrevSibling(root->children, defaults);
    else xmlAddChild(root, defaults);
  }
  xmlNodePtr n = child_w(child_w(child_w(defaults, "rPrDefault"), "rPr"), "lang");
  xmlSetNsProp(n, root->ns, BAD_CAST "val", BAD_CAST tag);
  normalise(defaults); /* w:lang made last goes to its place */
}

static xmlDocPtr house_styles(char **err) {
  const template_file *t = templates_find("styles/docx/styles.xml");
  if (!t) {
    *err = xasprintf(_("the built-in DOCX style sheet is missing (a build defect)"));
    return NULL;
  }
  return xml_parse_untrusted((const char *)t->data, t->len, "styles/docx/styles.xml", err);
}

/* Their styles.xml, or NULL with *err naming the file. */
static xmlDocPtr reference_styles(refdoc *ref, char **err) {
  xmlDocPtr xd = NULL;
  char *perr = NULL;
  int rc = refdoc_part(ref, "word/styles.xml", &xd, &perr);
  if (rc == 1) {
    *err = xasprintf(_("%s: not a usable .docx reference document: it has no word/styles.xml"),
                     ref->path);
    return NULL;
  }
  if (rc < 0) {
    *err = xasprintf(_("%s: not a usable .docx reference document: %s"), ref->path, perr);
    free(perr);
    return NULL;
  }
  if (!is_w(xmlDocGetRootElement(xd), "styles")) {
    *err = xasprintf(_("%s: not a usable .docx reference document: word/styles.xml is not a "
                       "WordprocessingML style sheet"),
                     ref->path);
    xmlFreeDoc(xd);
    return NULL;
  }
  return xd;
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
  char tag_buf[32];
  const char *tag = lang_tag(lang, tag_buf, sizeof tag_buf) ? tag_buf : NULL;
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
  xmlDocPtr result = ours;
  if (ref) {
    xmlDocPtr theirs = reference_styles(ref, err);
    if (!theirs) {
      xmlFreeDoc(ours);
      return -1;
    }
    normalise(xmlDocGetRootElement(theirs));
    add_missing_styles(theirs, ours);
    result = theirs;
  }
  set_language(result, c->d->meta.language);
  docx_dump_root(result, out);
  if (result != ours) xmlFreeDoc(result);
  xmlFreeDoc(ours);
  return 0;
}

/* ---- the face of the table text ---- */

static xmlNodePtr first_w(xmlNodePtr n, const char *local) {
  for (xmlNodePtr k = n ? n->children : NULL; k; k = k->next)
    if (is_w(k, local)) return k;
  return NULL;
}

static char *w_attr(xmlNodePtr n, const char *name) {
  return n ? (char *)xmlGetNsProp(n, BAD_CAST name, BAD_CAST DOCX_NS_W) : NULL;
}

/* What a run's properties say about the font: the first family and size
 * found going up the styles wins. */
typedef struct {
  char *family; /* w:ascii, or the theme's for w:asciiTheme */
  char *theme;  /* "minorHAnsi", ... when the family is the theme's */
  double size_pt;
} run_font;

static void take_rpr(xmlNodePtr rpr, run_font *f) {
  if (!rpr) return;
  xmlNodePtr fonts = first_w(rpr, "rFonts");
  if (fonts && !f->family && !f->theme) {
    f->family = w_attr(fonts, "ascii");
    if (!f->family) f->theme = w_attr(fonts, "asciiTheme");
  }
  char *sz = f->size_pt > 0 ? NULL : w_attr(first_w(rpr, "sz"), "val");
  if (sz && atof(sz) > 0) f->size_pt = atof(sz) / 2;
  xmlFree(sz);
}

/* The style id, theirs if they define it, else ours (as the merge of
 * docx_styles_write gives it). */
static xmlNodePtr merged_style(xmlDocPtr theirs, xmlDocPtr ours, const char *id) {
  xmlNodePtr s = find_style(xmlDocGetRootElement(theirs), id);
  return s ? s : find_style(xmlDocGetRootElement(ours), id);
}

/* The theme's minor or major Latin font. */
static char *theme_font(refdoc *ref, const char *which, char **err) {
  char *name = NULL, *family = NULL;
  xmlDocPtr theme = NULL;
  if (docx_ref_related_part(ref, DOCX_REL_BASE "theme", &name, err) != 0 || refdoc_part(ref, name, &theme, err) != 0) {
    free(name);
    return NULL;
  }
  free(name);
  const char *want = strncmp(which, "major", 5) == 0 ? "majorFont" : "minorFont";
  for (xmlNodePtr n = xmlDocGetRootElement(theme); n && !family;) {
    if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, want) == 0) {
      for (xmlNodePtr k = n->children; k && !family; k = k->next)
        if (k->type == XML_ELEMENT_NODE && strcmp((const char *)k->name, "latin") == 0)
          family = (char *)xmlGetProp(k, BAD_CAST "typeface");
      break;
    }
    if (n->children) { /* depth-first, no recursion */
      n = n->children;
      continue;
    }
    while (n && !n->next) n = n->parent;
    if (n) n = n->next;
  }
  xmlFreeDoc(theme);
  return family;
}

int docx_table_face(refdoc *ref, doc_face *face, char **err) {
  *face = doc_face_house();
  if (!ref) return 0;
  xmlDocPtr ours = house_styles(err);
  if (!ours) return -1;
  xmlDocPtr theirs = reference_styles(ref, err);
  if (!theirs) {
    xmlFreeDoc(ours);
    return -1;
  }
  run_font f = {0};
  char *id = xstrdup("TableText");
  for (int depth = 0; id && depth < 32 && ((!f.family && !f.theme) || f.size_pt <= 0); depth++) {
    xmlNodePtr st = merged_style(theirs, ours, id);
    free(id);
    id = NULL;
    if (!st) break;
    take_rpr(first_w(st, "rPr"), &f);
    char *based = w_attr(first_w(st, "basedOn"), "val");
    id = based ? xstrdup(based) : NULL;
    xmlFree(based);
  }
  free(id);
  xmlNodePtr defaults = first_w(xmlDocGetRootElement(theirs), "docDefaults");
  take_rpr(first_w(first_w(defaults, "rPrDefault"), "rPr"), &f);
  if (!f.family && f.theme) {
    char *terr = NULL;
    f.family = theme_font(ref, f.theme, &terr);
    free(terr); /* no theme: the family stays unknown */
  }
  /* Word's own defaults where the styles say nothing */
  *face = doc_face_named(f.family ? f.family : "Times New Roman", f.size_pt > 0 ? f.size_pt : 10.0);
  xmlFree(f.family);
  xmlFree(f.theme);
  xmlFreeDoc(theirs);
  xmlFreeDoc(ours);
  return 0;
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

void docx_numbering_write(const docx_ctx *c, buf *out) {
  xmlw *w = xmlw_new();
  xmlw_start(w, "w:numbering");
  xmlw_attr(w, "xmlns:w", DOCX_NS_W);
  write_abstract(w, DOCX_ABS_BULLET);
  write_abstract(w, DOCX_ABS_DECIMAL_PERIOD);
  write_abstract(w, DOCX_ABS_DECIMAL_PAREN);
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
