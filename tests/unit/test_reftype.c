/* test_reftype.c - what a reference document gives the typesetting, in
 * both formats: the face its table text is set in (up the styles' parents,
 * the defaults, the DOCX theme and the ODT font declarations, theirs
 * replacing ours of the same name), and the document language with
 * hyphenation on the defaults of the cleaned styles, made where the
 * reference document has none, in the schema's order. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "doc.h"
#include "docx_int.h"
#include "meta_fixture.h"
#include "odt_impl.h"
#include "refdoc.h"
#include "templates.h"
#include "unit.h"
#include "writers.h"
#include "zipio.h"
#include "zip_fixture.h"

#define W_ROOT "<?xml version=\"1.0\"?><w:styles xmlns:w=\"" DOCX_NS_W "\">"
#define W_END "</w:styles>"
#define O_ROOT                                                                                             \
  "<?xml version=\"1.0\"?><office:document-styles "                                                       \
  "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "                                    \
  "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "                                      \
  "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" "                             \
  "xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\" office:version=\"1.3\">"
#define O_END "</office:document-styles>"

static char dir[] = "/tmp/wk-test-reftype.XXXXXX";
static int made;

/* A reference document of parts (name, text, ... NULL) in the temporary
 * folder; the path is malloc'd. */
static char *reference(bool docx, ...) {
  char *path = xasprintf("%s/r%d.%s", dir, made++, docx ? "docx" : "odt");
  zip_out *z = zip_out_new();
  if (docx) {
    static const char ct[] = "<?xml version=\"1.0\"?><Types "
                             "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
    zip_out_add(z, "[Content_Types].xml", ct, sizeof ct - 1, false);
    zip_out_add(z, "word/document.xml", "<x/>", 4, false);
  } else {
    zip_out_add(z, "mimetype", "application/vnd.oasis.opendocument.text", 39, false);
  }
  va_list ap;
  va_start(ap, docx);
  for (const char *name; (name = va_arg(ap, const char *));) {
    const char *text = va_arg(ap, const char *);
    zip_out_add(z, name, text, strlen(text), false);
  }
  va_end(ap);
  unit_write_package(z, path);
  return path;
}

/* The face of a reference document's table text: its family's metrics
 * and its size. */
static void check_face(char *path, const char *family, double size_pt, int line) {
  char *err = NULL;
  refdoc *ref = refdoc_open(path, &err);
  doc_face f = doc_face_house();
  int rc = ref ? (ref->is_docx ? docx_table_face(ref, &f, &err) : odt_table_face(ref, &f, &err)) : -1;
  const char *got = doc_face_family(f);
  bool same = rc == 0 && got && strcmp(got, family) == 0 && f.size_pt > size_pt - 0.01 && f.size_pt < size_pt + 0.01;
  CHECK(same);
  if (!same)
    printf("  line %d: %s: %s %.2f pt, expected %s %.2f pt (%s)\n", line, path, got ? got : "(widest)", f.size_pt,
           family, size_pt, err ? err : "");
  free(err);
  refdoc_free(ref);
  free(path);
}
#define FACE(path, family, size) check_face(path, family, size, __LINE__)

static const char theme_rels[] =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme\" "
    "Target=\"theme/theme1.xml\"/></Relationships>";

/* A theme with minor and major Latin typefaces. */
static char *theme(const char *minor, const char *major) {
  buf b;
  buf_init(&b);
  buf_adds(&b, "<?xml version=\"1.0\"?><a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">"
               "<a:themeElements><a:clrScheme name=\"c\">");
  const char *slots[] = {"dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4",
                         "accent5", "accent6", "hlink", "folHlink"};
  for (size_t i = 0; i < ARRAY_LEN(slots); i++) buf_printf(&b, "<a:%s><a:srgbClr val=\"000000\"/></a:%s>", slots[i], slots[i]);
  buf_printf(&b, "</a:clrScheme><a:fontScheme name=\"f\">"
                 "<a:majorFont><a:latin typeface=\"%s\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:majorFont>"
                 "<a:minorFont><a:latin typeface=\"%s\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:minorFont>"
                 "</a:fontScheme></a:themeElements></a:theme>",
             major, minor);
  return buf_detach(&b);
}

static void test_docx_face(void) {
  /* our TableText (9 pt) based on their Normal (Times New Roman) */
  FACE(reference(true, "word/styles.xml",
                 W_ROOT "<w:style w:type=\"paragraph\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:rPr>"
                        "<w:rFonts w:ascii=\"Times New Roman\"/><w:sz w:val=\"30\"/></w:rPr></w:style>" W_END,
                 NULL),
       "Liberation Serif", 9);
  /* their defaults name the theme's minor font (pandoc's reference.docx) */
  char *t = theme("Calibri", "DejaVu Sans");
  FACE(reference(true, "word/styles.xml",
                 W_ROOT "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme=\"minorHAnsi\"/><w:sz w:val=\"24\"/>"
                        "</w:rPr></w:rPrDefault></w:docDefaults>" W_END,
                 "word/_rels/document.xml.rels", theme_rels, "word/theme/theme1.xml", t, NULL),
       "Carlito", 9);
  /* their TableText, up two of their styles to the major font and a size in points */
  FACE(reference(true, "word/styles.xml",
                 W_ROOT "<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"t\"/>"
                        "<w:basedOn w:val=\"A\"/></w:style>"
                        "<w:style w:type=\"paragraph\" w:styleId=\"A\"><w:name w:val=\"a\"/><w:basedOn w:val=\"B\"/>"
                        "<w:rPr><w:sz w:val=\"11pt\"/></w:rPr></w:style>"
                        "<w:style w:type=\"paragraph\" w:styleId=\"B\"><w:name w:val=\"b\"/><w:rPr>"
                        "<w:rFonts w:asciiTheme=\"majorHAnsi\"/><w:sz w:val=\"40\"/></w:rPr></w:style>" W_END,
                 "word/_rels/document.xml.rels", theme_rels, "word/theme/theme1.xml", t, NULL),
       "DejaVu Sans", 11);
  free(t);
  /* their TableText says nothing and has no parent: it hides ours, and
   * Word's defaults apply (Times New Roman, 10 pt) */
  FACE(reference(true, "word/styles.xml",
                 W_ROOT "<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"t\"/></w:style>" W_END,
                 NULL),
       "Liberation Serif", 10);
  /* a character style of that id is not used: ours is (9 pt) */
  FACE(reference(true, "word/styles.xml",
                 W_ROOT "<w:style w:type=\"character\" w:styleId=\"TableText\"><w:name w:val=\"t\"/><w:rPr>"
                        "<w:sz w:val=\"40\"/></w:rPr></w:style>" W_END,
                 NULL),
       "Liberation Serif", 9);
  /* the first of an id wins; values the allow-list drops do not count;
   * a cycle of parents ends */
  FACE(reference(true, "word/styles.xml",
                 W_ROOT "<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"t\"/>"
                        "<w:basedOn w:val=\"C\"/><w:rPr><w:sz w:val=\"-5\"/><w:rFonts w:ascii=\"Carlito\"/></w:rPr></w:style>"
                        "<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"t\"/><w:rPr>"
                        "<w:rFonts w:ascii=\"Arial\"/><w:sz w:val=\"40\"/></w:rPr></w:style>"
                        "<w:style w:type=\"paragraph\" w:styleId=\"C\"><w:name w:val=\"c\"/><w:basedOn w:val=\"TableText\"/>"
                        "</w:style>" W_END,
                 NULL),
       "Carlito", 10);
  /* a theme that is no theme: the family stays unknown (Word's default);
   * the writer refuses the reference document */
  FACE(reference(true, "word/styles.xml",
                 W_ROOT "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme=\"minorHAnsi\"/>"
                        "</w:rPr></w:rPrDefault></w:docDefaults>" W_END,
                 "word/_rels/document.xml.rels", theme_rels, "word/theme/theme1.xml", W_ROOT W_END, NULL),
       "Liberation Serif", 9);
  char *err = NULL;
  doc_face f;
  /* styles that are no style sheet: refused, naming the file */
  char *path = reference(true, "word/styles.xml", "<?xml version=\"1.0\"?><w:fonts xmlns:w=\"" DOCX_NS_W "\"/>", NULL);
  refdoc *ref = refdoc_open(path, &err);
  CHECK_INT(ref ? docx_table_face(ref, &f, &err) : 0, -1);
  CHECK(err && strstr(err, path) && strstr(err, "styles.xml"));
  free(err);
  refdoc_free(ref);
  free(path);
}

static void test_odt_face(void) {
  /* their default style's font (declared), our Table Contents' 9 pt */
  FACE(reference(false, "styles.xml",
                 O_ROOT "<office:font-face-decls><style:font-face style:name=\"Dj\" svg:font-family=\"'DejaVu Sans'\"/>"
                        "</office:font-face-decls><office:styles><style:default-style style:family=\"paragraph\">"
                        "<style:text-properties style:font-name=\"Dj\" fo:font-size=\"10pt\"/></style:default-style>"
                        "</office:styles>" O_END,
                 NULL),
       "DejaVu Sans", 9);
  /* their Table Contents: 80% of its parent's 15 pt, the parent's family */
  FACE(reference(false, "styles.xml",
                 O_ROOT "<office:styles><style:style style:name=\"Table_20_Contents\" style:family=\"paragraph\" "
                        "style:parent-style-name=\"Body\"><style:text-properties fo:font-size=\"80%\"/></style:style>"
                        "<style:style style:name=\"Body\" style:family=\"paragraph\"><style:text-properties "
                        "fo:font-family=\"Carlito\" fo:font-size=\"15pt\"/></style:style></office:styles>" O_END,
                 NULL),
       "Carlito", 12);
  /* their declaration of our font's name gives our default style its family */
  FACE(reference(false, "styles.xml",
                 O_ROOT "<office:font-face-decls><style:font-face style:name=\"Liberation Sans\" "
                        "svg:font-family=\"'Liberation Serif'\"/></office:font-face-decls>" O_END,
                 NULL),
       "Liberation Serif", 9);
  /* their default paragraph style saying nothing hides ours (Liberation
   * Sans): LibreOffice's default family; the first of a name wins */
  FACE(reference(false, "styles.xml",
                 O_ROOT "<office:styles><style:default-style style:family=\"paragraph\"/>"
                        "<style:style style:name=\"Table_20_Contents\" style:family=\"paragraph\">"
                        "<style:text-properties fo:font-size=\"8pt\"/></style:style>"
                        "<style:style style:name=\"Table_20_Contents\" style:family=\"paragraph\">"
                        "<style:text-properties fo:font-size=\"20pt\" fo:font-family=\"Carlito\"/></style:style>"
                        "<style:style style:name=\"Table_20_Contents\" style:family=\"text\">"
                        "<style:text-properties fo:font-family=\"DejaVu Sans\"/></style:style>"
                        "</office:styles>" O_END,
                 NULL),
       "Liberation Serif", 8);
}

/* ---- the language on the cleaned styles ---- */

static doc *english_doc(void) {
  doc *d = xcalloc(1, sizeof *d);
  fill_meta_titled(d, "Contract", false, false);
  free(d->meta.language);
  d->meta.language = xstrdup("en");
  return d;
}

/* ref's styles.xml as the DOCX writer makes it, in English. */
static char *docx_styles(const char *styles) {
  char *path = reference(true, "word/styles.xml", styles, NULL), *err = NULL;
  refdoc *ref = refdoc_open(path, &err);
  const template_file *t = templates_find("styles/docx/styles.xml");
  xmlDocPtr ours = t ? xml_parse_untrusted((const char *)t->data, t->len, "ours", &err) : NULL;
  buf out;
  buf_init(&out);
  CHECK_INT(ref && ours ? docx_ref_styles(ref, ours, "en-GB", &out, &err) : -1, 0);
  xmlFreeDoc(ours);
  refdoc_free(ref);
  free(path);
  free(err);
  buf_addc(&out, '\0');
  return buf_detach(&out);
}

static void test_docx_language(void) {
  /* no defaults at all: made, first in the style sheet */
  char *s = docx_styles(W_ROOT "<w:style w:type=\"paragraph\" w:styleId=\"X\"><w:name w:val=\"x\"/></w:style>" W_END);
  CHECK(strstr(s, "<w:styles xmlns:w=\"" DOCX_NS_W "\"><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val=\"en-GB\"/>"
                  "</w:rPr></w:rPrDefault></w:docDefaults>") != NULL);
  free(s);
  /* paragraph defaults only: the run defaults made before them */
  s = docx_styles(W_ROOT "<w:docDefaults><w:pPrDefault><w:pPr><w:jc w:val=\"left\"/></w:pPr></w:pPrDefault>"
                         "</w:docDefaults>" W_END);
  CHECK(strstr(s, "<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault>"
                  "<w:pPrDefault><w:pPr><w:jc w:val=\"left\"/></w:pPr></w:pPrDefault></w:docDefaults>") != NULL);
  free(s);
  /* run properties without a language: w:lang in its place (before
   * w:oMath, after w:b), theirs replaced where they have one */
  s = docx_styles(W_ROOT "<w:docDefaults><w:rPrDefault><w:rPr><w:oMath/><w:b/><w:rFonts w:ascii=\"Arial\"/></w:rPr>"
                         "</w:rPrDefault></w:docDefaults>" W_END);
  CHECK(strstr(s, "<w:rPr><w:rFonts w:ascii=\"Arial\"/><w:b/><w:lang w:val=\"en-GB\"/><w:oMath/></w:rPr>") != NULL);
  free(s);
  s = docx_styles(W_ROOT "<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val=\"de-DE\" w:eastAsia=\"zh-CN\"/></w:rPr>"
                         "</w:rPrDefault></w:docDefaults>" W_END);
  CHECK(strstr(s, "<w:lang w:val=\"en-GB\" w:eastAsia=\"zh-CN\"/>") != NULL && !strstr(s, "de-DE"));
  free(s);
}

/* ref's styles.xml as the ODT writer makes it, in English. */
static char *odt_styles(const char *styles) {
  char *path = reference(false, "styles.xml", styles, NULL), *err = NULL;
  refdoc *ref = refdoc_open(path, &err);
  doc *d = english_doc();
  buf out;
  buf_init(&out);
  CHECK_INT(ref ? odt_styles_part(d, ref, &out, NULL, &err) : -1, 0);
  doc_free(d);
  refdoc_free(ref);
  free(path);
  free(err);
  buf_addc(&out, '\0');
  return buf_detach(&out);
}

/* The default paragraph style in s, from its start tag to its end. */
static char *paragraph_default(const char *s) {
  const char *a = strstr(s, "<style:default-style style:family=\"paragraph\"");
  const char *b = a ? strstr(a, "</style:default-style>") : NULL;
  return a && b ? xstrndup(a, (size_t)(b - a)) : xstrdup("");
}

static void test_odt_language(void) {
  /* theirs without text properties: made after the paragraph properties;
   * another language tag of theirs goes */
  char *s = odt_styles(O_ROOT "<office:styles><style:default-style style:family=\"paragraph\">"
                              "<style:paragraph-properties fo:margin-top=\"1cm\"/></style:default-style>"
                              "<style:default-style style:family=\"table\"/></office:styles>" O_END);
  char *p = paragraph_default(s);
  CHECK(strstr(p, "<style:paragraph-properties fo:margin-top=\"1cm\"/><style:text-properties") != NULL);
  CHECK(strstr(p, "fo:language=\"en\"") && strstr(p, "fo:country=\"GB\"") && strstr(p, "fo:hyphenate=\"true\""));
  CHECK(strstr(s, "fo:language=\"nl\"") == NULL);
  free(p);
  free(s);
  s = odt_styles(O_ROOT "<office:styles><style:default-style style:family=\"paragraph\"><style:text-properties "
                        "fo:language=\"de\" fo:country=\"DE\" style:rfc-language-tag=\"de-DE\" fo:hyphenate=\"false\" "
                        "fo:font-size=\"11pt\"/></style:default-style></office:styles>" O_END);
  p = paragraph_default(s);
  CHECK(strstr(p, "fo:language=\"en\"") && strstr(p, "fo:country=\"GB\"") && strstr(p, "fo:hyphenate=\"true\"") &&
        strstr(p, "fo:font-size=\"11pt\""));
  CHECK(!strstr(p, "\"de\"") && !strstr(p, "\"DE\"") && !strstr(p, "de-DE") && !strstr(p, "false"));
  free(p);
  free(s);
  /* no default style of theirs: ours, in the document's language */
  s = odt_styles(O_ROOT "<office:styles><style:style style:name=\"X\" style:family=\"paragraph\"/></office:styles>" O_END);
  p = paragraph_default(s);
  CHECK(strstr(p, "fo:language=\"en\"") && strstr(p, "fo:country=\"GB\"") && strstr(p, "fo:hyphenate=\"true\""));
  free(p);
  free(s);
}

int main(void) {
  setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  if (!mkdtemp(dir)) return 1;
  test_docx_face();
  test_odt_face();
  test_docx_language();
  test_odt_language();
  for (int i = 0; i < made; i++) {
    char *path = xasprintf("%s/r%d.%s", dir, i, "docx");
    remove(path);
    free(path);
    path = xasprintf("%s/r%d.%s", dir, i, "odt");
    remove(path);
    free(path);
  }
  rmdir(dir);
  xmlCleanupParser();
  return unit_finish();
}
