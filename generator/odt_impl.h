/* odt_impl.h - what the parts of the ODT writer share: the rendering state
 * of content.xml (text runs, tables) and the style names they use. Private
 * to odt*.c. */
#ifndef WK_ODT_IMPL_H
#define WK_ODT_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"
#include "refdoc.h"
#include "util.h"
#include "xmlw.h"

/* Text area width (cm) of the page layouts in templates/styles/odt: the
 * width compose lays tables out for (doc.h). */
#define ODT_TEXT_WIDTH_PORTRAIT DOC_TEXT_WIDTH_CM_PORTRAIT
#define ODT_TEXT_WIDTH_LANDSCAPE DOC_TEXT_WIDTH_CM_LANDSCAPE

/* Heading levels with an automatic style of their own (wkH1..); deeper
 * ones take the last. */
enum { ODT_HEADING_STYLES = 4 };

/* The space below a table that a heading follows: the space below body
 * text in templates/styles/odt/styles.xml, which a heading's space above
 * there takes for granted (LibreOffice adds the two, Word and DOCX take
 * the larger; see the template). Elsewhere a table has no space of its
 * own above or below, as in DOCX: the paragraphs around it have theirs. */
#define ODT_SPACE_BEFORE_HEADING "0.247cm"

/* The padding above and below a cell's text: DOCX's cell margins (28
 * twips, templates/styles/docx/styles.xml). */
#define ODT_CELL_PAD_V "0.049cm"

/* The author of every tracked change (redline). */
#define ODT_CHANGE_AUTHOR "wijkcontract"

typedef struct {
  double *widths; /* relative, sum 1 */
  size_t n;
  double indent_cm;    /* from the left margin (quotes) */
  bool keep;           /* not split over pages */
  bool keep_with_next; /* on the page of what follows (its legend) */
  bool before_heading; /* a heading follows: the space below (ODT_SPACE_BEFORE_HEADING) */
} odt_table_style;

typedef struct {
  const doc *d;
  xmlw *w;
  /* tables met while writing the body; their automatic styles are written
   * afterwards, before the body in content.xml */
  odt_table_style *tables;
  size_t n_tables;
  /* whitespace state of the open paragraph: ODF collapses spaces, so a
   * space that is leading, repeated or trailing is written as text:s */
  bool at_para_start;
  bool last_was_space;
  bool more; /* more text follows in this paragraph: a single space at the
                end of a chunk may stay literal */
  size_t quotes; /* block quotes around the block being written */
  bool tight;    /* in the items of a tight list */
  bool before_heading; /* the paragraph being written has a heading next */
  bool in_note;
  /* tracked changes (RUN_INS, RUN_DEL; redline.c): the next change id,
   * counted alike by the list of changes and the text that marks them */
  unsigned long next_change;
  char change_date[32];
  /* paragraphs changed whole (odt.c): their runs carry no marks of their
   * own; marks that wait for the start of the next paragraph written
   * (text:change of a deletion, text:change-end or -start of an
   * insertion); a unit of such paragraphs to mark at the end of the
   * paragraph being written; deleted notes written so far */
  bool in_group;
  bool in_cell; /* writing a table: cells are not marked paragraph-wise */
  struct {
    const char *element;
    unsigned long id;
  } pending[4];
  size_t n_pending;
  const doc_block *after;
  size_t n_after;
  unsigned long end_mark; /* an insertion's change-end for the end of the
                             paragraph being written, 0 for none */
  unsigned long deleted_notes;
} odt_ctx;

/* odt.c */
void odt_para_start(odt_ctx *x, const char *element, const char *style);
void odt_para_end(odt_ctx *x);
void odt_put_text(odt_ctx *x, const char *s, size_t len);
/* Text with formatting (RUN_* flags) and an optional link (only allowed
 * schemes become text:a). */
void odt_put_run(odt_ctx *x, const char *s, size_t len, unsigned flags, const char *href);

/* odt_styles.c: styles.xml from the house style, merged with a reference
 * document's named styles; text, when not NULL, a part of the content's
 * digest feed (doctext_feed_part) that is told the headers' and footers'
 * text as it is written. Returns 0, or -1 with *err. */
int odt_styles_part(const doc *d, refdoc *ref, buf *out, void *text, char **err);
/* styles.xml of the house style (odt_styles_part without a reference
 * document); fast takes the template's bytes where that gives what
 * parsing it gives. Returns 1 when it copied, 0 when it parsed, -1 with
 * *err. For the tests, which compare both. */
int odt_styles_house(const doc *d, bool fast, buf *out, char **err);

/* odt_ref.c: a reference document's font declarations and named styles,
 * copied through an allow-list of what the output can hold, as fragments
 * (children of office:font-face-decls and office:styles, the first of each
 * name) and the keys (odt_style_key) of what they define. */
typedef struct {
  buf fonts, styles;
  strset keys;
} odt_ref_styles;
/* Their default paragraph style gets the language lang (NULL: left as
 * it is) and hyphenation in it. 0, or -1 with *err naming ref and the
 * part (out then empty). */
int odt_ref_read(refdoc *ref, const char *lang, odt_ref_styles *out, char **err);
void odt_ref_free(odt_ref_styles *s);
/* Identity of a style-like element: its name ("style:style"), family and
 * style name (malloc'd). */
char *odt_style_key(const char *element, const char *family, const char *name);

#endif
