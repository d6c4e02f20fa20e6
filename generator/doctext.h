/* doctext.h - the text of an ODT or DOCX document as a reader sees it,
 * read from the package's XML: its paragraphs in document order and their
 * digest. The one extractor serves build (on the package just assembled,
 * before the digest goes into its properties; the main part's events come
 * straight from the writer, doctext_feed) and verify (on the file as it is
 * now), so the two cannot disagree.
 *
 * What counts as text, in both formats:
 *   - every paragraph (ODF text:p and text:h, Word w:p) with text in it, in
 *     document order: table cells row by row and cell by cell; the
 *     paragraphs of a footnote (or of a text box) right after the paragraph
 *     that holds its reference; then the header and the footer text once
 *     (each distinct header or footer, however many pages show it);
 *   - tabs, line breaks and (ODF) text:s are white space; every run of
 *     white space (Unicode White_Space, no-break spaces too) is one space,
 *     none at either end of a paragraph; soft hyphens are left out; the
 *     text is in Unicode NFC;
 *   - page-number and page-count fields, footnote numbers, list numbers,
 *     field codes, deleted text of tracked changes, comments, and the
 *     fallbacks of Markup Compatibility are not text;
 *   - markup that does not change the text (spans, runs, bookmarks, soft
 *     page breaks, how a field is written) makes no difference, so a
 *     re-save by LibreOffice or Word that keeps the text keeps the digest. */
#ifndef WK_DOCTEXT_H
#define WK_DOCTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "zipio.h"

typedef enum { DOCTEXT_BODY, DOCTEXT_NOTE, DOCTEXT_HEADER, DOCTEXT_FOOTER } doctext_area;

typedef struct {
  char *text;          /* normalised as above; never empty */
  unsigned char area;  /* doctext_area */
  unsigned char level; /* outline level of a heading; 0 for other paragraphs */
  unsigned table, row; /* innermost table (numbered in document order) and
                          its row, both from 1; 0 outside tables */
} doctext_para;

typedef struct {
  doctext_para *paras;
  size_t n, cap;
} doctext;

/* Reads the text of an ODT (docx false) or DOCX package. Returns 0, or -1
 * with *err (malloc'd, names the part) when a part cannot be read or is not
 * well-formed XML (a DOCTYPE counts as not well-formed: no part needs one). */
int doctext_read(zip_pkg pkg, bool docx, doctext *out, char **err);

/* SHA-256 of the paragraphs (a fixed first line naming these rules, then
 * each paragraph's text and a line feed) in 64 hex digits. */
void doctext_digest(const doctext *t, char hex[65]);
/* The same digest read straight from a package, keeping no paragraph of
 * the body (build: a document of any size). Returns 0, or -1 with *err. */
int doctext_digest_package(zip_pkg pkg, bool docx, char hex[65], char **err);

/* The same digest with the main part's text taken from the writer as it
 * writes (xmlw_observe with doctext_feed_sax and the feed) instead of
 * parsing the part back: the same handlers see the same events, so the
 * digest is the same; the rest of the package (headers and footers) is
 * read from pkg when the main part is complete. DOCX's notes are placed
 * in the body where they are referenced, but written after it: from a fed
 * body's first note reference on, its paragraphs are held (text only) until
 * the notes part has been read from pkg. Returns 0, or -1 with *err. */
typedef struct doctext_feed doctext_feed;
struct _xmlSAXHandler;
doctext_feed *doctext_feed_new(bool docx);
const struct _xmlSAXHandler *doctext_feed_sax(void);
/* For xmlw_observe_ignores, with the feed (or a fed part) as ctx: whether the element
 * just started holds nothing the digest reads. */
bool doctext_feed_ignores(void *ctx);
/* What else build writes of a package, handed over as it is written so
 * that doctext_feed_digest need not read it back: DOCX's main part's
 * relationships (every one that word/_rels/document.xml.rels holds but
 * external ones; target as written there), and the parts that hold the
 * headers and footers (DOCX's header and footer parts, ODF's styles.xml).
 * For a part: the ctx to observe its writer with (doctext_feed_sax(),
 * doctext_feed_ignores), then doctext_feed_part_end with whether the
 * writer reported all of it (xmlw_observed_all); a part not reported
 * whole is read from the package as before. */
/* DOCX: the writer puts no section properties (w:sectPr, which name the
 * headers and footers) into paragraph properties, so nothing in a w:pPr
 * counts for the digest (a paragraph's outline level is not digested):
 * the feed, and the parts made after this, pass over them. */
void doctext_feed_plain_ppr(doctext_feed *f);
void doctext_feed_rel(doctext_feed *f, const char *id, const char *type, const char *target);
void *doctext_feed_part(doctext_feed *f, const char *name);
void doctext_feed_part_end(void *part, bool observed_all);
int doctext_feed_digest(doctext_feed *f, zip_pkg pkg, char hex[65], char **err);
void doctext_feed_free(doctext_feed *f); /* accepts NULL */

/* One paragraph's text normalised as above (malloc'd): for tests. */
char *doctext_normalize(const char *s, size_t len);

void doctext_free(doctext *t); /* the paragraphs; accepts a zeroed doctext */

#endif
