/* test_doctext.c - the text extractor behind the text digest: markup that
 * does not change the text (spans, text:s, bookmarks, soft page breaks,
 * both ways Word writes a field, Markup Compatibility fallbacks) leaves
 * the digest alone, every change of the text changes it; notes follow the
 * paragraph that refers to them, page numbers are no text; parts read in
 * pieces from a package being written and from one being read agree, and
 * so does the main part's text fed from the writer as build takes it; and
 * untrusted text is escaped for the terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "doctext.h"
#include "unit.h"
#include "util.h"
#include "xmlw.h"
#include "zipio.h"

#define ODF_NS                                                                                             \
  " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""                                     \
  " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""                                         \
  " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""                                       \
  " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""                                       \
  " xmlns:dc=\"http://purl.org/dc/elements/1.1/\""

#define W_NS                                                                                               \
  " xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""                              \
  " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""                       \
  " xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\""

#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static const char FOOTER_ODT[] = "<office:document-styles" ODF_NS "><office:master-styles>"
                                 "<style:master-page style:name=\"Standard\"><style:footer><text:p>Titel · "
                                 "Pagina <text:page-number>%d</text:page-number> van "
                                 "<text:page-count>%d</text:page-count></text:p></style:footer>"
                                 "<style:footer-left><text:p>Titel · Pagina <text:page-number>2</text:page-number> "
                                 "van <text:page-count>9</text:page-count></text:p></style:footer-left>"
                                 "</style:master-page></office:master-styles></office:document-styles>";

/* An ODT package with body (the office:text content) and a footer
 * showing page n of m; kept in a zip_out, its parts ended. */
static zip_out *odt_with(const char *body, const char *styles);

static zip_out *odt(const char *body, int n, int m) {
  char *styles = xasprintf(FOOTER_ODT, n, m);
  zip_out *z = odt_with(body, styles);
  free(styles);
  return z;
}

/* The same with styles.xml as given. */
static zip_out *odt_with(const char *body, const char *styles) {
  zip_out *z = zip_out_new();
  zip_out_add(z, "mimetype", "application/vnd.oasis.opendocument.text", 39, true);
  char *content = xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content" ODF_NS
                            "><office:body><office:text>%s</office:text></office:body>"
                            "</office:document-content>",
                            body);
  zip_out_add(z, "content.xml", content, strlen(content), false);
  zip_out_add(z, "styles.xml", styles, strlen(styles), false);
  free(content);
  return z;
}

/* A DOCX package: body (w:body content), its footnotes (w:footnotes
 * content, or NULL) and a header and a footer, both referenced from the
 * section (the header twice). */
static zip_out *docx(const char *body, const char *notes, const char *footer) {
  zip_out *z = zip_out_new();
  char *doc = xasprintf("<?xml version=\"1.0\"?><w:document" W_NS "><w:body>%s<w:sectPr>"
                        "<w:headerReference w:type=\"default\" r:id=\"rH\"/>"
                        "<w:headerReference w:type=\"first\" r:id=\"rH\"/>"
                        "<w:footerReference w:type=\"default\" r:id=\"rF\"/></w:sectPr></w:body></w:document>",
                        body);
  zip_out_add(z, "word/document.xml", doc, strlen(doc), false);
  static const char rels[] = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                             "<Relationship Id=\"rH\" Type=\"" REL "header\" Target=\"header1.xml\"/>"
                             "<Relationship Id=\"rF\" Type=\"" REL "footer\" Target=\"/word/footer1.xml\"/>"
                             "<Relationship Id=\"rN\" Type=\"" REL "footnotes\" Target=\"footnotes.xml\"/>"
                             "</Relationships>";
  zip_out_add(z, "word/_rels/document.xml.rels", rels, sizeof rels - 1, false);
  static const char hdr[] = "<w:hdr" W_NS "><w:p><w:r><w:t>CONCEPT</w:t></w:r></w:p></w:hdr>";
  zip_out_add(z, "word/header1.xml", hdr, sizeof hdr - 1, false);
  char *ftr = xasprintf("<w:ftr" W_NS "><w:p>%s</w:p></w:ftr>", footer);
  zip_out_add(z, "word/footer1.xml", ftr, strlen(ftr), false);
  if (notes) {
    char *fn = xasprintf("<w:footnotes" W_NS "><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r>"
                         "<w:separator/></w:r></w:p></w:footnote>%s</w:footnotes>",
                         notes);
    zip_out_add(z, "word/footnotes.xml", fn, strlen(fn), false);
    free(fn);
  }
  free(doc);
  free(ftr);
  return z;
}

/* The paragraphs of a package being written, joined by " | ". */
static char *text_of(zip_out *z, bool is_docx) {
  doctext t;
  char *err = NULL;
  if (doctext_read((zip_pkg){NULL, z}, is_docx, &t, &err) != 0) {
    printf("doctext_read: %s\n", err ? err : "?");
    free(err);
    return xstrdup("(error)");
  }
  buf b;
  buf_init(&b);
  for (size_t i = 0; i < t.n; i++) buf_printf(&b, "%s%s", i ? " | " : "", t.paras[i].text);
  doctext_free(&t);
  return buf_detach(&b);
}

static void digest_of(zip_out *z, bool is_docx, char hex[65]) {
  char *err = NULL;
  hex[0] = '\0';
  if (doctext_digest_package((zip_pkg){NULL, z}, is_docx, hex, &err) != 0) free(err);
}

static void test_normalize(void) {
  char *s = doctext_normalize("  a\t b\xC2\xA0 c \n", 12);
  CHECK_STR(s, "a b c");
  free(s);
  s = doctext_normalize("Speel\xC2\xADtuin", 11); /* soft hyphen */
  CHECK_STR(s, "Speeltuin");
  free(s);
  s = doctext_normalize("e\xCC\x81\xE2\x80\x83x", 8); /* e + combining acute, em space */
  CHECK_STR(s, "\xC3\xA9 x");
  free(s);
  /* an en dash and a precomposed letter are NFC as they stand; Hangul
   * jamo (combining class 0, but not inert) still compose */
  s = doctext_normalize("\xE2\x80\x93 \xC3\xA9", 6);
  CHECK_STR(s, "\xE2\x80\x93 \xC3\xA9");
  free(s);
  s = doctext_normalize("\xE1\x84\x80\xE1\x85\xA1", 6); /* U+1100 U+1161 */
  CHECK_STR(s, "\xEA\xB0\x80");                          /* U+AC00 */
  free(s);
  s = doctext_normalize(" \t ", 3);
  CHECK_STR(s, "");
  free(s);
}

static void test_odt_markup(void) {
  zip_out *a = odt("<text:h text:outline-level=\"1\">Artikel 1<text:tab/>Doel</text:h>"
                   "<text:p>Dit is de speeltuin aan de Kade.</text:p>"
                   "<text:p>Twee  spaties</text:p>",
                   1, 5);
  zip_out *b = odt("<text:h text:outline-level=\"1\"><text:soft-page-break/>Artikel 1 <text:span>Doel</text:span>"
                   "</text:h><text:p><text:span text:style-name=\"x\">Dit is</text:span><text:s/>de "
                   "<text:bookmark text:name=\"b\"/>speel<text:soft-page-break/>tuin aan de<text:tab/>Kade."
                   "<office:annotation><text:p>een opmerking</text:p></office:annotation></text:p>"
                   "<text:p>Twee<text:s text:c=\"2\"/>spaties</text:p><text:p/><text:p> </text:p>",
                   4, 6);
  zip_out *c = odt("<text:h text:outline-level=\"1\">Artikel 1<text:tab/>Doel</text:h>"
                   "<text:p>Dit is de Parkeerplaats aan de Kade.</text:p>"
                   "<text:p>Twee  spaties</text:p>",
                   1, 5);
  char *ta = text_of(a, false);
  CHECK_STR(ta, "Artikel 1 Doel | Dit is de speeltuin aan de Kade. | Twee spaties | Titel · Pagina van");
  free(ta);
  char da[65], db[65], dc[65];
  digest_of(a, false, da);
  digest_of(b, false, db);
  digest_of(c, false, dc);
  CHECK_INT(strlen(da), 64);
  CHECK_STR(db, da);
  CHECK(strcmp(dc, da) != 0);
  zip_out_free(a);
  zip_out_free(b);
  zip_out_free(c);
}

static void test_odt_structure(void) {
  zip_out *z = odt("<text:p>Zie<text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
                   "<text:note-body><text:p>De noot.</text:p></text:note-body></text:note> hier.</text:p>"
                   "<text:tracked-changes><text:changed-region><text:deletion><text:p>weg</text:p>"
                   "</text:deletion></text:changed-region></text:tracked-changes>"
                   "<table:table><table:table-column/><table:table-header-rows><table:table-row>"
                   "<table:table-cell><text:p>Kop</text:p></table:table-cell></table:table-row>"
                   "</table:table-header-rows><table:table-row><table:table-cell><text:p>30000</text:p>"
                   "</table:table-cell></table:table-row></table:table>"
                   "<text:list><text:list-item><text:number>1.</text:number><text:p>een</text:p>"
                   "</text:list-item></text:list>",
                   1, 1);
  doctext t;
  char *err = NULL;
  CHECK_INT(doctext_read((zip_pkg){NULL, z}, false, &t, &err), 0);
  CHECK_INT(t.n, 6);
  if (t.n == 6) {
    CHECK_STR(t.paras[0].text, "Zie hier.");
    CHECK_STR(t.paras[1].text, "De noot.");
    CHECK_INT(t.paras[1].area, DOCTEXT_NOTE);
    CHECK_STR(t.paras[3].text, "30000");
    CHECK_INT(t.paras[3].table, 1);
    CHECK_INT(t.paras[3].row, 2);
    CHECK_STR(t.paras[4].text, "een");
    CHECK_STR(t.paras[5].text, "Titel · Pagina van"); /* the footer once */
    CHECK_INT(t.paras[5].area, DOCTEXT_FOOTER);
  }
  doctext_free(&t);
  zip_out_free(z);
}

static void test_docx_markup(void) {
  const char *page_fldchar =
      "<w:r><w:t xml:space=\"preserve\">Pagina </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
      "<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
      "<w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
  const char *page_simple = "<w:r><w:t xml:space=\"preserve\">Pagina </w:t></w:r>"
                            "<w:fldSimple w:instr=\" PAGE \"><w:r><w:t>7</w:t></w:r></w:fldSimple>";
  zip_out *a = docx("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/>"
                    "</w:tabs></w:pPr><w:r><w:t>Artikel 1</w:t><w:tab/><w:t>Doel</w:t></w:r></w:p>"
                    "<w:p><w:r><w:t>Dit is de speeltuin.</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r>"
                    "</w:p>",
                    "<w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> "
                    "De noot.</w:t></w:r></w:p></w:footnote>",
                    page_fldchar);
  zip_out *b = docx("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Artikel "
                    "1 </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>Doel</w:t></w:r></w:p>"
                    "<w:p><w:bookmarkStart w:id=\"0\" w:name=\"x\"/><w:r><w:t xml:space=\"preserve\">Dit is de </w:t></w:r>"
                    "<w:r><w:lastRenderedPageBreak/><w:t>speeltuin.</w:t></w:r>"
                    "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"/><mc:Fallback><w:pict><w:p><w:r>"
                    "<w:t>kopie</w:t></w:r></w:p></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
                    "<w:del><w:r><w:delText>weg</w:delText></w:r></w:del>"
                    "<w:r><w:footnoteReference w:id=\"4\"/></w:r></w:p>",
                    "<w:footnote w:id=\"4\"><w:p><w:r><w:t>De noot.</w:t></w:r></w:p></w:footnote>", page_simple);
  zip_out *c = docx("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>Artikel 1</w:t><w:tab/>"
                    "<w:t>Doel</w:t></w:r></w:p><w:p><w:r><w:t>Dit is de speeltuin.</w:t></w:r></w:p>",
                    NULL, page_fldchar);
  char *ta = text_of(a, true);
  CHECK_STR(ta, "Artikel 1 Doel | Dit is de speeltuin. | De noot. | CONCEPT | Pagina");
  free(ta);
  char da[65], db[65], dc[65];
  digest_of(a, true, da);
  digest_of(b, true, db);
  digest_of(c, true, dc);
  CHECK_INT(strlen(da), 64);
  char *tb = text_of(b, true);
  CHECK_STR(tb, "Artikel 1 Doel | Dit is de speeltuin. | De noot. | CONCEPT | Pagina");
  free(tb);
  CHECK_STR(db, da);
  CHECK(strcmp(dc, da) != 0); /* the note is text */
  zip_out_free(a);
  zip_out_free(b);
  zip_out_free(c);

  /* a field that is not a page number shows its result; w:t without
   * xml:space="preserve" loses the white space at its ends, as in Word */
  zip_out *d = docx("<w:p><w:r><w:t> Datum: </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
                    "<w:r><w:instrText>DATE</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/>"
                    "</w:r><w:r><w:t>1 mei</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>",
                    NULL, "");
  char *td = text_of(d, true);
  CHECK_STR(td, "Datum:1 mei | CONCEPT");
  free(td);
  zip_out_free(d);
}

/* Writes the elements of a parsed tree again through w. */
static void rewrite(xmlw *w, const xmlNode *n) {
  for (; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      xmlw_texts(w, (const char *)n->content);
      continue;
    }
    if (n->type != XML_ELEMENT_NODE) continue;
    char *name = n->ns && n->ns->prefix ? xasprintf("%s:%s", n->ns->prefix, n->name) : xstrdup((const char *)n->name);
    xmlw_start(w, name);
    free(name);
    for (const xmlNs *d = n->nsDef; d; d = d->next) {
      char *an = d->prefix ? xasprintf("xmlns:%s", d->prefix) : xstrdup("xmlns");
      xmlw_attr(w, an, (const char *)d->href);
      free(an);
    }
    for (const xmlAttr *a = n->properties; a; a = a->next) {
      char *an = a->ns && a->ns->prefix ? xasprintf("%s:%s", a->ns->prefix, a->name) : xstrdup((const char *)a->name);
      xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
      xmlw_attr(w, an, (const char *)v);
      xmlFree(v);
      free(an);
    }
    rewrite(w, n->children);
    xmlw_end(w);
  }
}

/* Part name of z parsed into a tree, or NULL. */
static xmlDocPtr part_tree(zip_out *z, const char *name) {
  char *err = NULL;
  zip_part_reader *r = zip_pkg_open((zip_pkg){NULL, z}, name, &err);
  buf b;
  buf_init(&b);
  char chunk[4096];
  long n;
  while (r && (n = zip_part_read(r, chunk, sizeof chunk, &err)) > 0) buf_add(&b, chunk, (size_t)n);
  zip_part_close(r);
  free(err);
  xmlDocPtr d = xmlReadMemory(b.data ? b.data : "", (int)b.len, name, NULL, XML_PARSE_NONET);
  buf_free(&b);
  return d;
}

/* build's digest: the main part of package z written again through the
 * writer with the text fed from it (the rest read from z): DOCX's
 * word/document.xml whole, ODF's office:body of content.xml as the
 * fragment build writes, in the namespaces of the part. Returns
 * doctext_feed_digest's result. */
static int fed_digest_with(zip_out *z, bool is_docx, char hex[65], zip_out *parts_from, bool whole);

static int fed_digest(zip_out *z, bool is_docx, char hex[65]) { return fed_digest_with(z, is_docx, hex, NULL, false); }

/* Feeds f the header and the footer of package from (rewritten through a
 * writer, reported whole or not: DOCX's two parts, ODF's styles.xml) and
 * the relationships docx() writes. */
static void feed_parts(doctext_feed *f, zip_out *from, bool is_docx, bool whole) {
  static const char *const docx_names[] = {"word/header1.xml", "word/footer1.xml"};
  static const char *const odf_names[] = {"styles.xml", NULL};
  const char *const *names = is_docx ? docx_names : odf_names;
  for (size_t i = 0; i < 2 && names[i]; i++) {
    xmlDocPtr d = part_tree(from, names[i]);
    if (!d) continue;
    void *part = doctext_feed_part(f, names[i]);
    xmlw *w = xmlw_new();
    xmlw_observe(w, doctext_feed_sax(), part);
    xmlw_observe_ignores(w, doctext_feed_ignores);
    rewrite(w, xmlDocGetRootElement(d));
    xmlFreeDoc(d);
    doctext_feed_part_end(part, whole && xmlw_observed_all(w));
    buf out;
    buf_init(&out);
    xmlw_finish(w, &out);
    buf_free(&out);
  }
  if (!is_docx) return;
  doctext_feed_rel(f, "rH", REL "header", "header1.xml");
  doctext_feed_rel(f, "rF", REL "footer", "/word/footer1.xml");
  doctext_feed_rel(f, "rN", REL "footnotes", "footnotes.xml");
}

/* parts_from: a package whose header and footer are fed as written (with
 * whole: whether the writer says it reported them whole); NULL: none. */
static int fed_digest_with(zip_out *z, bool is_docx, char hex[65], zip_out *parts_from, bool whole) {
  static const char *const odf_ns[] = {"xmlns:office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
                                       "xmlns:text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0", NULL};
  char *err = NULL;
  xmlDocPtr d = part_tree(z, is_docx ? "word/document.xml" : "content.xml");
  if (!d) return -2;
  doctext_feed *f = doctext_feed_new(is_docx);
  xmlw *w = is_docx ? xmlw_new() : xmlw_new_fragment();
  xmlw_observe(w, doctext_feed_sax(), f);
  xmlw_observe_ignores(w, doctext_feed_ignores); /* as build does */
  if (!is_docx) xmlw_observe_ns(w, odf_ns);
  rewrite(w, is_docx ? xmlDocGetRootElement(d) : xmlDocGetRootElement(d)->children);
  xmlFreeDoc(d);
  CHECK(xmlw_observed_all(w));
  buf out;
  buf_init(&out);
  xmlw_finish(w, &out);
  buf_free(&out);
  if (parts_from) feed_parts(f, parts_from, is_docx, whole);
  hex[0] = '\0';
  int rc = doctext_feed_digest(f, (zip_pkg){NULL, z}, hex, &err);
  free(err);
  doctext_feed_free(f);
  return rc;
}

/* The body's text taken from the writer's events gives the digest that
 * reading the package back gives, notes included. */
static void test_fed(void) {
  const char *bodies[] = {
      "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>Artikel 1</w:t><w:tab/>"
      "<w:t>Doel</w:t></w:r></w:p><w:p><w:r><w:t>Dit is de speeltuin.</w:t></w:r></w:p>",
      "<w:p><w:r><w:t xml:space=\"preserve\"> Datum: </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
      "<w:r><w:instrText>DATE</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/>"
      "</w:r><w:r><w:t>1 mei</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
      "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a &amp; b</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>\xE2\x80\x93</w:t>"
      "</w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"/><mc:Fallback>"
      "<w:p><w:r><w:t>kopie</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent></w:r>"
      "<w:del><w:r><w:delText>weg</w:delText></w:r></w:del><w:fldSimple w:instr=\" PAGE \"><w:r><w:t>7</w:t></w:r>"
      "</w:fldSimple></w:p>",
  };
  for (size_t i = 0; i < ARRAY_LEN(bodies); i++) {
    zip_out *z = docx(bodies[i], NULL, "<w:r><w:t>voet</w:t></w:r>");
    char read[65], fed[65];
    digest_of(z, true, read);
    CHECK_INT(fed_digest(z, true, fed), 0);
    CHECK_INT(strlen(read), 64);
    CHECK_STR(fed, read);
    zip_out_free(z);
  }
  /* notes, read after the body was fed, land where the package's reading
   * puts them: after the paragraph that refers to them, in a table cell,
   * in order, a reference to a note that is not there adding nothing */
  static const char *const with_notes[][2] = {
      {"<w:p><w:r><w:t>Zie</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>"
       "<w:p><w:r><w:t>Daarna.</w:t></w:r></w:p>",
       "<w:footnote w:id=\"1\"><w:p><w:r><w:t>De noot.</w:t></w:r></w:p></w:footnote>"},
      {"<w:p><w:r><w:t>Eerst.</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>cel</w:t></w:r><w:r>"
       "<w:footnoteReference w:id=\"2\"/></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc>"
       "</w:tr></w:tbl><w:p><w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p><w:p><w:r><w:t>x</w:t></w:r>"
       "<w:r><w:footnoteReference w:id=\"9\"/></w:r></w:p>",
       "<w:footnote w:id=\"1\"><w:p><w:r><w:t>Een.</w:t></w:r></w:p><w:p><w:r><w:t>Twee.</w:t></w:r></w:p>"
       "</w:footnote><w:footnote w:id=\"2\"><w:p><w:r><w:t>In de cel.</w:t></w:r></w:p></w:footnote>"},
  };
  char fed[65];
  for (size_t i = 0; i < ARRAY_LEN(with_notes); i++) {
    zip_out *z = docx(with_notes[i][0], with_notes[i][1], "<w:r><w:t>voet</w:t></w:r>");
    char read[65];
    digest_of(z, true, read);
    CHECK_INT(fed_digest(z, true, fed), 0);
    CHECK_INT(strlen(read), 64);
    CHECK_STR(fed, read);
    /* and the note counts: without it the digest differs */
    zip_out *bare = docx(with_notes[i][0], "", "<w:r><w:t>voet</w:t></w:r>");
    char without[65];
    CHECK_INT(fed_digest(bare, true, without), 0);
    CHECK(strcmp(without, fed) != 0);
    zip_out_free(bare);
    zip_out_free(z);
  }
  zip_out *z;

  /* ODF: the body written as a fragment, in the namespaces of the part */
  z = odt("<text:h text:outline-level=\"1\">Artikel 1<text:tab/>Doel</text:h><text:p>Zie<text:note "
          "text:note-class=\"footnote\"><text:note-citation>1</text:note-citation><text:note-body><text:p>De "
          "noot.</text:p></text:note-body></text:note> hier<text:s text:c=\"3\"/>en daar.</text:p>",
          2, 5);
  char read[65];
  digest_of(z, false, read);
  CHECK_INT(fed_digest(z, false, fed), 0);
  CHECK_INT(strlen(read), 64);
  CHECK_STR(fed, read);
  zip_out_free(z);
}

/* z and other differ in their footer only: the digest with z's header
 * and footer parts fed is z's, whatever the package, unless the parts
 * were not reported whole; z and other are freed. */
static void check_fed_parts(zip_out *z, zip_out *other, bool is_docx) {
  char read[65], read_other[65], fed[65];
  digest_of(z, is_docx, read);
  digest_of(other, is_docx, read_other);
  CHECK(strcmp(read, read_other) != 0);
  CHECK_INT(fed_digest_with(z, is_docx, fed, z, true), 0);
  CHECK_STR(fed, read);
  CHECK_INT(fed_digest_with(other, is_docx, fed, other, true), 0);
  CHECK_STR(fed, read_other);
  CHECK_INT(fed_digest_with(other, is_docx, fed, z, true), 0);
  CHECK_STR(fed, read);
  CHECK_INT(fed_digest_with(other, is_docx, fed, z, false), 0);
  CHECK_STR(fed, read_other);
  zip_out_free(z);
  zip_out_free(other);
}

/* The header, the footer and the relationships handed over as build
 * writes them give the digest that reading them from the package gives;
 * the package's own are then not read (a footer fed that differs from the
 * package's shows), unless a part was not reported whole. */
static void test_fed_parts(void) {
  static const char body[] = "<w:p><w:r><w:t>Tekst</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>";
  static const char notes[] = "<w:footnote w:id=\"1\"><w:p><w:r><w:t>Noot.</w:t></w:r></w:p></w:footnote>";
  static const char footer[] = "<w:r><w:rPr><w:b/></w:rPr><w:t>Pagina </w:t></w:r><w:fldSimple w:instr=\" PAGE \">"
                               "<w:r><w:t>1</w:t></w:r></w:fldSimple>";
  check_fed_parts(docx(body, notes, footer), docx(body, notes, "<w:r><w:t>Anders</w:t></w:r>"), true);
  /* ODF: the footer in styles.xml, among styles the digest passes over */
  static const char styles_other[] =
      "<office:document-styles" ODF_NS "><office:styles><style:style style:name=\"x\"/></office:styles>"
      "<office:master-styles><style:master-page style:name=\"Standard\"><style:footer><text:p>Anders</text:p>"
      "</style:footer></style:master-page></office:master-styles></office:document-styles>";
  check_fed_parts(odt("<text:p>Tekst</text:p>", 1, 2), odt_with("<text:p>Tekst</text:p>", styles_other), false);
}

/* The same package read while being written and read back from its
 * bytes: the same digest. */
static void test_written_and_read(void) {
  zip_out *z = odt("<text:p>Speeltuin aan de Kade</text:p>", 1, 1);
  char d1[65], d2[65] = "";
  digest_of(z, false, d1);
  buf bytes;
  buf_init(&bytes);
  char *err = NULL;
  CHECK_INT(zip_out_finish(z, &bytes, &err), 0);
  zip_in *in = zip_in_open_buffer(bytes.data, bytes.len, &err);
  CHECK(in != NULL);
  if (in) {
    CHECK_INT(doctext_digest_package((zip_pkg){in, NULL}, false, d2, &err), 0);
    zip_in_close(in);
  }
  CHECK_STR(d2, d1);
  buf_free(&bytes);
  zip_out_free(z);
}

static void test_refused(void) {
  zip_out *z = zip_out_new();
  static const char dt[] = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><x>&e;</x>";
  zip_out_add(z, "content.xml", dt, sizeof dt - 1, false);
  doctext t;
  char *err = NULL;
  CHECK_INT(doctext_read((zip_pkg){NULL, z}, false, &t, &err), -1);
  CHECK(err && strstr(err, "DOCTYPE"));
  free(err);
  zip_out_free(z);
  z = odt("<text:p>open", 1, 1);
  err = NULL;
  CHECK_INT(doctext_read((zip_pkg){NULL, z}, false, &t, &err), -1);
  CHECK(err && strstr(err, "content.xml"));
  free(err);
  zip_out_free(z);
}

static void test_escape(void) {
  char *s = str_escaped("a\nb\\c\x1b[2J\xC2\x9B" "31m\xE2\x80\xAE" "d\xFF" "é");
  CHECK_STR(s, "a\\nb\\\\c\\x1B[2J\\u{009B}31m\\u{202E}d\\xFFé");
  free(s);
  s = str_escaped("\xE2\x80\xA8\xEF\xBB\xBF\t");
  CHECK_STR(s, "\\u{2028}\\u{FEFF}\\t");
  free(s);
  s = str_escaped(NULL);
  CHECK_STR(s, "");
  free(s);
}

int main(void) {
  test_normalize();
  test_odt_markup();
  test_odt_structure();
  test_docx_markup();
  test_written_and_read();
  test_fed();
  test_fed_parts();
  test_refused();
  test_escape();
  return unit_finish();
}
