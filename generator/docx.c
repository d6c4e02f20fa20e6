/* docx.c - the DOCX writer: assembles the WordprocessingML package (content
 * types, relationships, settings, header and footer, document properties)
 * around the parts docx_body.c and docx_styles.c render, in memory and in
 * a fixed part order so equal input gives equal bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "docinfo.h"
#include "doctext.h"
#include "docx_int.h"
#include "i18n.h"
#include "profile.h"
#include "writers.h"
#include "zipio.h"

#define NS_PKG_RELS "http://schemas.openxmlformats.org/package/2006/relationships"
#define NS_CT "http://schemas.openxmlformats.org/package/2006/content-types"
#define REL_PKG_CORE "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
#define CT_WML "application/vnd.openxmlformats-officedocument.wordprocessingml."
#define CUSTOM_FMTID "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

/* One part of the package, in the order it is zipped. */
typedef struct {
  const char *name;
  const char *content_type; /* NULL: covered by a Default (rels) */
  buf *data;                /* own allocation: stays put as the list grows */
  zip_out_part *zp;         /* its place in the archive, taken when added */
} part;

typedef struct {
  part *items;
  size_t n, cap;
  zip_out *z; /* parts are zipped in the order they are added */
} part_list;

static buf *add_part(part_list *p, const char *name, const char *content_type) {
  xgrow((void **)&p->items, &p->cap, p->n + 1, sizeof *p->items);
  part *pt = &p->items[p->n++];
  pt->name = name;
  pt->content_type = content_type;
  pt->data = xcalloc(1, sizeof *pt->data);
  buf_init(pt->data);
  pt->zp = zip_out_begin(p->z, name);
  return pt->data;
}

static void free_parts(part_list *p) {
  for (size_t i = 0; i < p->n; i++) {
    buf_free(p->items[i].data);
    free(p->items[i].data);
  }
  free(p->items);
  zip_out_free(p->z);
}

/* ---- relationships ---- */

const char *docx_rels_add(docx_rels *r, const char *type, const char *target, bool external) {
  /* Parts are few and added once; links can be many and each may have a
   * relationship of its own (as Word does), so only parts are looked up. */
  for (size_t i = 0; !external && i < r->n; i++)
    if (r->items[i].type == type && !r->items[i].external && strcmp(r->items[i].target, target) == 0)
      return r->items[i].id;
  xgrow((void **)&r->items, &r->cap, r->n + 1, sizeof *r->items);
  docx_rel *rel = &r->items[r->n++];
  rel->id = xasprintf("%s%zu", r->prefix ? r->prefix : "rId", r->n);
  rel->type = type;
  rel->target = xstrdup(target);
  rel->external = external;
  return rel->id;
}

void docx_rels_write(const docx_rels *r, buf *out, xmlw_sink sink, void *sink_ctx) {
  xmlw *w = xmlw_new();
  if (sink) xmlw_set_sink(w, sink, sink_ctx);
  xmlw_start(w, "Relationships");
  xmlw_attr(w, "xmlns", NS_PKG_RELS);
  for (size_t i = 0; i < r->n; i++) {
    xmlw_start(w, "Relationship");
    xmlw_attr(w, "Id", r->items[i].id);
    xmlw_attr(w, "Type", r->items[i].type);
    xmlw_attr(w, "Target", r->items[i].target);
    if (r->items[i].external) xmlw_attr(w, "TargetMode", "External");
    xmlw_end(w);
  }
  xmlw_end(w);
  xmlw_finish(w, out);
}

void docx_rels_free(docx_rels *r) {
  for (size_t i = 0; i < r->n; i++) {
    free(r->items[i].id);
    free(r->items[i].target);
  }
  free(r->items);
  r->items = NULL;
  r->n = r->cap = 0;
}

/* ---- small writers ---- */

void docx_val(xmlw *w, const char *name, const char *val) {
  xmlw_start(w, name);
  xmlw_attr(w, "w:val", val);
  xmlw_end(w);
}

void docx_empty(xmlw *w, const char *name) {
  xmlw_start(w, name);
  xmlw_end(w);
}

/* Whether text would lose spaces without xml:space="preserve": Word trims
 * a w:t's leading and trailing white space and may fold runs of spaces.
 * Control bytes count as white space here, since xmlw drops the ones XML
 * cannot carry and what is left next to them may be a space. */
static bool needs_preserve(const char *s, size_t len) {
  if (len == 0) return false;
  if ((unsigned char)s[0] <= 0x20 || (unsigned char)s[len - 1] <= 0x20) return true;
  /* two spaces in a row have one at an odd index: every other byte looked at */
  for (size_t i = 1; i < len; i += 2)
    if (s[i] == ' ' && (s[i - 1] == ' ' || (i + 1 < len && s[i + 1] == ' '))) return true;
  return false;
}

void docx_t(xmlw *w, const char *name, const char *s, size_t len) {
  xmlw_start(w, name);
  if (needs_preserve(s, len)) xmlw_attr(w, "xml:space", "preserve");
  xmlw_text(w, s, len);
  xmlw_end(w);
}

void docx_root_start(xmlw *w, const char *name) {
  xmlw_start(w, name);
  xmlw_attr(w, "xmlns:w", DOCX_NS_W);
  xmlw_attr(w, "xmlns:r", DOCX_NS_R);
}

void docx_dump_root(xmlDocPtr xd, buf *out) {
  xmlw *w = xmlw_new();
  xmlw_node(w, xmlDocGetRootElement(xd));
  xmlw_finish(w, out);
}

static bool is_draft(const doc *d) { return d->meta.draft; }

/* A run of plain text (spaces kept). */
static void text_run(xmlw *w, const char *s, bool bold) {
  if (!s || !*s) return;
  xmlw_start(w, "w:r");
  if (bold) {
    xmlw_start(w, "w:rPr");
    xmlw_element(w, "w:b", NULL, NULL);
    xmlw_end(w);
  }
  docx_t(w, "w:t", s, strlen(s));
  xmlw_end(w);
}

static void fld_char(xmlw *w, const char *type) {
  xmlw_start(w, "w:r");
  xmlw_start(w, "w:fldChar");
  xmlw_attr(w, "w:fldCharType", type);
  xmlw_end(w);
  xmlw_end(w);
}

/* A complex field (PAGE, NUMPAGES) with a placeholder result. */
static void field(xmlw *w, const char *instr) {
  fld_char(w, "begin");
  xmlw_start(w, "w:r");
  docx_t(w, "w:instrText", instr, strlen(instr));
  xmlw_end(w);
  fld_char(w, "separate");
  text_run(w, "1", false);
  fld_char(w, "end");
}

/* ---- header and footer ---- */

/* A header's or footer's text to the digest as it is written (text: a
 * part of the body's feed, or NULL). */
static void observe_part(xmlw *w, void *text) {
  if (!text) return;
  xmlw_observe(w, doctext_feed_sax(), text);
  xmlw_observe_ignores(w, doctext_feed_ignores);
}

static void finish_part(xmlw *w, void *text, buf *out) {
  if (text) doctext_feed_part_end(text, xmlw_observed_all(w));
  xmlw_finish(w, out);
}

/* The draft marking at the top of every page. */
static void write_header(const doc *d, buf *out, void *text) {
  xmlw *w = xmlw_new();
  observe_part(w, text);
  docx_root_start(w, "w:hdr");
  xmlw_start(w, "w:p");
  xmlw_start(w, "w:pPr");
  docx_val(w, "w:pStyle", "DraftMark");
  xmlw_end(w);
  text_run(w, d->meta.label_draft ? d->meta.label_draft : "DRAFT", false);
  xmlw_end(w);
  xmlw_end(w);
  finish_part(w, text, out);
}

/* The footer compose made (doc_footer_compose), with Word's PAGE and
 * NUMPAGES fields in it; a draft's label in bold. */
static void write_footer(const doc *d, buf *out, void *text) {
  doc_footer f;
  doc_footer_compose(&d->meta, &f);
  xmlw *w = xmlw_new();
  observe_part(w, text);
  docx_root_start(w, "w:ftr");
  xmlw_start(w, "w:p");
  xmlw_start(w, "w:pPr");
  docx_val(w, "w:pStyle", "Footer");
  xmlw_end(w);
  text_run(w, f.draft, true);
  text_run(w, f.lead, false);
  field(w, " PAGE ");
  text_run(w, f.middle, false);
  field(w, " NUMPAGES ");
  text_run(w, f.tail, false);
  xmlw_end(w);
  xmlw_end(w);
  finish_part(w, text, out);
  doc_footer_free(&f);
}

void docx_sect_write(const docx_ctx *c, xmlw *w) {
  bool landscape = c->d->meta.landscape;
  xmlw_start(w, "w:sectPr");
  if (c->header_rid) {
    xmlw_start(w, "w:headerReference");
    xmlw_attr(w, "w:type", "default");
    xmlw_attr(w, "r:id", c->header_rid);
    xmlw_end(w);
  }
  if (c->footer_rid) {
    xmlw_start(w, "w:footerReference");
    xmlw_attr(w, "w:type", "default");
    xmlw_attr(w, "r:id", c->footer_rid);
    xmlw_end(w);
  }
  xmlw_start(w, "w:pgSz");
  xmlw_attrf(w, "w:w", "%d", landscape ? DOCX_PAGE_LONG : DOCX_PAGE_SHORT);
  xmlw_attrf(w, "w:h", "%d", landscape ? DOCX_PAGE_SHORT : DOCX_PAGE_LONG);
  if (landscape) xmlw_attr(w, "w:orient", "landscape");
  xmlw_end(w);
  xmlw_start(w, "w:pgMar");
  xmlw_attrf(w, "w:top", "%d", DOCX_MARGIN);
  xmlw_attrf(w, "w:right", "%d", DOCX_SIDE_MARGIN);
  xmlw_attrf(w, "w:bottom", "%d", DOCX_MARGIN);
  xmlw_attrf(w, "w:left", "%d", DOCX_SIDE_MARGIN);
  xmlw_attrf(w, "w:header", "%d", DOCX_HEADER_DIST);
  xmlw_attrf(w, "w:footer", "%d", DOCX_HEADER_DIST);
  xmlw_attr(w, "w:gutter", "0");
  xmlw_end(w);
  xmlw_start(w, "w:cols");
  xmlw_attr(w, "w:space", "708");
  xmlw_end(w);
  xmlw_start(w, "w:docGrid");
  xmlw_attr(w, "w:linePitch", "360");
  xmlw_end(w);
  xmlw_end(w);
}

/* ---- settings and fonts ---- */

/* Children in CT_Settings order. */
static void write_settings(const doc *d, buf *out) {
  bool nl = d->meta.language && strcmp(d->meta.language, "nl") == 0;
  xmlw *w = xmlw_new();
  xmlw_start(w, "w:settings");
  xmlw_attr(w, "xmlns:w", DOCX_NS_W);
  xmlw_start(w, "w:zoom");
  xmlw_attr(w, "w:percent", "100");
  xmlw_end(w);
  docx_val(w, "w:defaultTabStop", "708");
  docx_empty(w, "w:autoHyphenation"); /* in the document's language (styles) */
  docx_val(w, "w:characterSpacingControl", "doNotCompress");
  xmlw_start(w, "w:footnotePr");
  xmlw_start(w, "w:footnote");
  xmlw_attr(w, "w:id", "-1");
  xmlw_end(w);
  xmlw_start(w, "w:footnote");
  xmlw_attr(w, "w:id", "0");
  xmlw_end(w);
  xmlw_end(w);
  xmlw_start(w, "w:compat");
  xmlw_start(w, "w:compatSetting");
  xmlw_attr(w, "w:name", "compatibilityMode");
  xmlw_attr(w, "w:uri", "http://schemas.microsoft.com/office/word");
  xmlw_attr(w, "w:val", "15");
  xmlw_end(w);
  xmlw_end(w);
  docx_val(w, "w:themeFontLang", nl ? "nl-NL" : "en-GB");
  docx_val(w, "w:decimalSymbol", nl ? "," : ".");
  docx_val(w, "w:listSeparator", nl ? ";" : ",");
  xmlw_end(w);
  xmlw_finish(w, out);
}

static void font(xmlw *w, const char *name, const char *panose, const char *family,
                 const char *pitch) {
  xmlw_start(w, "w:font");
  xmlw_attr(w, "w:name", name);
  docx_val(w, "w:panose1", panose);
  docx_val(w, "w:charset", "00");
  docx_val(w, "w:family", family);
  docx_val(w, "w:pitch", pitch);
  xmlw_end(w);
}

/* The fonts the house style names. */
static void write_font_table(buf *out) {
  xmlw *w = xmlw_new();
  xmlw_start(w, "w:fonts");
  xmlw_attr(w, "xmlns:w", DOCX_NS_W);
  font(w, "Arial", "020B0604020202020204", "swiss", "variable");
  font(w, "Courier New", "02070309020205020404", "modern", "fixed");
  xmlw_end(w);
  xmlw_finish(w, out);
}

/* ---- document properties ---- */

static void text_element(xmlw *w, const char *name, const char *text) {
  if (!text || !*text) return;
  xmlw_start(w, name);
  xmlw_texts(w, text);
  xmlw_end(w);
}

static void write_core(const doc *d, buf *out) {
  const doc_meta *m = &d->meta;
  char when[32];
  build_time_iso(when, true);
  static const char *const root[] = {
      "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "xmlns:dc", "http://purl.org/dc/elements/1.1/",
      "xmlns:dcterms", "http://purl.org/dc/terms/",
      "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance", NULL};
  xmlw *w = xmlw_new();
  xmlw_start_attrs(w, "cp:coreProperties", root);
  text_element(w, "dc:title", m->title);
  text_element(w, "dc:subject", m->kind_label);
  text_element(w, "cp:keywords", m->kind);
  char tag[32];
  text_element(w, "dc:language", doc_language_tag(m->language, tag, sizeof tag) ? tag : "");
  text_element(w, "cp:contentStatus", m->status_label);
  text_element(w, "cp:version", m->version);
  const char *stamps[] = {"dcterms:created", "dcterms:modified"};
  for (size_t i = 0; i < ARRAY_LEN(stamps); i++) {
    xmlw_start(w, stamps[i]);
    xmlw_attr(w, "xsi:type", "dcterms:W3CDTF");
    xmlw_texts(w, when);
    xmlw_end(w);
  }
  xmlw_end(w);
  xmlw_finish(w, out);
}

/* AppVersion has the form XX.YYYY: "0.1.0" -> "00.0100". */
static void app_version(char out[16]) {
  unsigned a = 0, b = 0, c = 0;
#ifdef WK_VERSION
  sscanf(WK_VERSION, "%u.%u.%u", &a, &b, &c);
#endif
  snprintf(out, 16, "%02u.%02u%02u", a % 100, b % 100, c % 100);
}

static void write_app(buf *out) {
  char ver[16];
  app_version(ver);
  xmlw *w = xmlw_new();
  xmlw_start(w, "Properties");
  xmlw_attr(w, "xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
  xmlw_attr(w, "xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes");
  text_element(w, "Application", "wijkcontract");
  text_element(w, "AppVersion", ver);
  xmlw_end(w);
  xmlw_finish(w, out);
}

/* The properties of docinfo.h, read back by `verify`. */
static void write_custom(const doc *d, const char *text_digest, buf *out) {
  docinfo_prop props[DOCINFO_NPROPS];
  docinfo_props(&d->meta, text_digest, props);
  xmlw *w = xmlw_new();
  xmlw_start(w, "Properties");
  xmlw_attr(w, "xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties");
  xmlw_attr(w, "xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes");
  for (size_t i = 0; i < DOCINFO_NPROPS; i++) {
    xmlw_start(w, "property");
    xmlw_attr(w, "fmtid", CUSTOM_FMTID);
    xmlw_attrf(w, "pid", "%zu", i + 2);
    xmlw_attr(w, "name", props[i].name);
    xmlw_start(w, "vt:lpwstr");
    xmlw_texts(w, props[i].value);
    xmlw_end(w);
    xmlw_end(w);
  }
  xmlw_end(w);
  xmlw_finish(w, out);
}

/* ---- package ---- */

static void write_content_types(const part_list *parts, buf *out) {
  xmlw *w = xmlw_new();
  xmlw_start(w, "Types");
  xmlw_attr(w, "xmlns", NS_CT);
  const char *defaults[][2] = {
      {"rels", "application/vnd.openxmlformats-package.relationships+xml"},
      {"xml", "application/xml"},
  };
  for (size_t i = 0; i < ARRAY_LEN(defaults); i++) {
    xmlw_start(w, "Default");
    xmlw_attr(w, "Extension", defaults[i][0]);
    xmlw_attr(w, "ContentType", defaults[i][1]);
    xmlw_end(w);
  }
  for (size_t i = 0; i < parts->n; i++) {
    if (!parts->items[i].content_type) continue;
    xmlw_start(w, "Override");
    xmlw_attrf(w, "PartName", "/%s", parts->items[i].name);
    xmlw_attr(w, "ContentType", parts->items[i].content_type);
    xmlw_end(w);
  }
  xmlw_end(w);
  xmlw_finish(w, out);
}

static void write_package_rels(buf *out) {
  docx_rels r = {.prefix = "rId"};
  docx_rels_add(&r, DOCX_REL_BASE "officeDocument", "word/document.xml", false);
  docx_rels_add(&r, REL_PKG_CORE, "docProps/core.xml", false);
  docx_rels_add(&r, DOCX_REL_BASE "extended-properties", "docProps/app.xml", false);
  docx_rels_add(&r, DOCX_REL_BASE "custom-properties", "docProps/custom.xml", false);
  docx_rels_write(&r, out, NULL, NULL);
  docx_rels_free(&r);
}

/* Each part's bytes into its place in the archive (a part that was
 * streamed there, word/document.xml, has none left here), but for one
 * still to be written (NULL: none); a part is written once. */
static void zip_parts(const part_list *parts, const buf *except) {
  for (size_t i = 0; i < parts->n; i++) {
    if (parts->items[i].data == except) continue;
    zip_out_put(parts->items[i].zp, parts->items[i].data->data, parts->items[i].data->len);
  }
}

int docx_write(const doc *d, refdoc *ref, buf *out, char **err) {
  *err = NULL;
  if (ref && !ref->is_docx) {
    *err = xasprintf(_("%s: not a usable .docx reference document: it is an OpenDocument file"),
                     ref->path);
    return -1;
  }
  docx_ctx c = {.d = d};
  c.next_change = 1;
  build_time_iso(c.change_date, true); /* SOURCE_DATE_EPOCH, for reproducible output */
  c.text_width = (d->meta.landscape ? DOCX_PAGE_LONG : DOCX_PAGE_SHORT) - 2 * DOCX_SIDE_MARGIN;
  c.doc_rels.prefix = "rId";
  c.note_rels.prefix = "rId";
  part_list parts = {0};
  parts.z = zip_out_new();
  int rc = -1;

  buf *ct = add_part(&parts, "[Content_Types].xml", NULL);
  buf *pkg_rels = add_part(&parts, "_rels/.rels", NULL);
  buf *document = add_part(&parts, "word/document.xml", CT_WML "document.main+xml");
  c.body_sink = zip_out_sink; /* the largest part: never held whole */
  c.body_sink_ctx = parts.items[parts.n - 1].zp;
  c.body_feed = doctext_feed_new(true); /* its text, for the digest */
  /* the one w:sectPr is the body's last child (docx_sect_write) */
  doctext_feed_plain_ppr(c.body_feed);
  buf *doc_rels = add_part(&parts, "word/_rels/document.xml.rels", NULL);
  zip_out_part *doc_rels_zp = parts.items[parts.n - 1].zp; /* a relationship a link */
  buf *styles = add_part(&parts, "word/styles.xml", CT_WML "styles+xml");
  if (docx_styles_write(&c, ref, styles, err) != 0) goto done;
  docx_rels_add(&c.doc_rels, DOCX_REL_BASE "styles", "styles.xml", false);
  buf *numbering = add_part(&parts, "word/numbering.xml", CT_WML "numbering+xml");
  docx_rels_add(&c.doc_rels, DOCX_REL_BASE "numbering", "numbering.xml", false);
  buf *footnotes = add_part(&parts, "word/footnotes.xml", CT_WML "footnotes+xml");
  zip_out_part *footnotes_zp = parts.items[parts.n - 1].zp;
  docx_rels_add(&c.doc_rels, DOCX_REL_BASE "footnotes", "footnotes.xml", false);
  write_settings(d, add_part(&parts, "word/settings.xml", CT_WML "settings+xml"));
  docx_rels_add(&c.doc_rels, DOCX_REL_BASE "settings", "settings.xml", false);
  buf *fonts = add_part(&parts, "word/fontTable.xml", CT_WML "fontTable+xml");
  int frc = ref ? docx_ref_fonts(ref, fonts, err) : 1;
  if (frc < 0) goto done;
  if (frc == 1) write_font_table(fonts);
  docx_rels_add(&c.doc_rels, DOCX_REL_BASE "fontTable", "fontTable.xml", false);
  if (ref) {
    buf theme;
    buf_init(&theme);
    int trc = docx_ref_theme(ref, &theme, err);
    if (trc < 0) {
      buf_free(&theme);
      goto done;
    }
    if (trc == 0) {
      buf *t = add_part(&parts, "word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml");
      buf_add(t, theme.data, theme.len);
      docx_rels_add(&c.doc_rels, DOCX_REL_BASE "theme", "theme/theme1.xml", false);
    }
    buf_free(&theme);
  }
  if (is_draft(d)) {
    write_header(d, add_part(&parts, "word/header1.xml", CT_WML "header+xml"),
                 doctext_feed_part(c.body_feed, "word/header1.xml"));
    c.header_rid = docx_rels_add(&c.doc_rels, DOCX_REL_BASE "header", "header1.xml", false);
  }
  write_footer(d, add_part(&parts, "word/footer1.xml", CT_WML "footer+xml"),
               doctext_feed_part(c.body_feed, "word/footer1.xml"));
  c.footer_rid = docx_rels_add(&c.doc_rels, DOCX_REL_BASE "footer", "footer1.xml", false);

  docx_body_write(&c, document);
  zip_out_end(c.body_sink_ctx); /* complete: its deflate state goes now */
  docx_footnotes_write(&c, footnotes, zip_out_sink, footnotes_zp);
  zip_out_end(footnotes_zp);
  docx_numbering_write(&c, numbering);
  if (c.note_rels.n > 0) docx_rels_write(&c.note_rels, add_part(&parts, "word/_rels/footnotes.xml.rels", NULL), NULL, NULL);
  docx_rels_write(&c.doc_rels, doc_rels, zip_out_sink, doc_rels_zp);
  for (size_t i = 0; i < c.doc_rels.n; i++) { /* the digest need not read them back */
    const docx_rel *r = &c.doc_rels.items[i];
    if (!r->external) doctext_feed_rel(c.body_feed, r->id, r->type, r->target);
  }
  zip_out_end(doc_rels_zp);
  write_core(d, add_part(&parts, "docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"));
  write_app(add_part(&parts, "docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"));
  buf *custom = add_part(&parts, "docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml");
  write_package_rels(pkg_rels);
  write_content_types(&parts, ct);
  /* the text is all written now (body, notes, header and footer): its
   * digest goes into the custom properties, the last part */
  zip_parts(&parts, custom);
  char digest[65];
  int drc = c.body_fed ? doctext_feed_digest(c.body_feed, (zip_pkg){NULL, parts.z}, digest, err) : 1;
  if (drc < 0) goto done;
  if (drc == 1 && docinfo_text_digest(parts.z, true, digest, err) != 0) goto done;
  write_custom(d, digest, custom);
  zip_parts(&parts, NULL);
  rc = zip_out_finish(parts.z, out, err);

done:
  doctext_feed_free(c.body_feed);
  free_parts(&parts);
  docx_rels_free(&c.doc_rels);
  docx_rels_free(&c.note_rels);
  free(c.nums);
  free(c.notes);
  return rc;
}
