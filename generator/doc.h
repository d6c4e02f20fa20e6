/* doc.h - the composed document: one tree built once by compose.c from a
 * checked contract (or for `matrix` and `review`), rendered by odt.c and
 * docx.c. Everything both formats show lives here, the body's articles
 * included (compose_body.c turns the Markdown into blocks): a writer holds
 * only what is specific to its format, and a tree can be compared with or
 * transformed into another without either format in mind. */
#ifndef WK_DOC_H
#define WK_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct cmark_node;
struct contract;
struct profile;

enum {
  RUN_BOLD = 1,
  RUN_ITALIC = 2,
  RUN_CODE = 4,
  RUN_STRIKE = 8,
  RUN_BREAK = 16,   /* a line break; text is NULL */
  RUN_NOTE = 32,    /* the footnote d->notes[note] stands here; text is its
                       number */
  RUN_NOTE_REF = 64 /* a further reference to the footnote d->notes[note],
                       which stands elsewhere; text is its number */
};

/* A run of text with one formatting. text never holds '\n' (use a
 * RUN_BREAK run); href, when set, makes the run a hyperlink (only http,
 * https and mailto targets ever get here). */
typedef struct {
  char *text;
  unsigned flags;
  unsigned note; /* RUN_NOTE, RUN_NOTE_REF: index into d->notes */
  char *href;
} doc_run;

/* Paragraph styles. Each writer maps them onto its style sheet
 * (templates/styles/...), so a reference document can restyle them. */
typedef enum {
  DOC_STYLE_BODY,       /* ordinary text */
  DOC_STYLE_TITLE,      /* contract title */
  DOC_STYLE_SUBTITLE,   /* kind label, area */
  DOC_STYLE_META,       /* "Versie: 0.3" lines of the title block */
  DOC_STYLE_PARTY,      /* one party in the list of parties */
  DOC_STYLE_TABLE,      /* text in a table cell */
  DOC_STYLE_TABLE_HEAD, /* text in a header cell */
  DOC_STYLE_LEGEND,     /* small print under a table */
  DOC_STYLE_SIGNATURE,  /* lines of a signature block */
  DOC_STYLE_SIGN_LINE,  /* the line to sign on */
  DOC_STYLE_QUOTE,      /* body text directly in a block quote */
  DOC_STYLE_CODE,       /* a code block: every space and line kept */
  DOC_STYLE_NOTE,       /* text of a footnote */
  DOC_STYLE__COUNT
} doc_style;

typedef enum {
  DOC_HEADING,   /* level 1..6, optional number text, runs */
  DOC_PARAGRAPH, /* style, runs */
  DOC_TABLE,     /* grid of cells */
  DOC_LIST,      /* items, each a sequence of blocks */
  DOC_QUOTE,     /* a block quote: a sequence of blocks */
  DOC_PAGE_BREAK
} doc_kind;

/* DOC_LIST flags. */
enum {
  DOC_LIST_ORDERED = 1, /* numbered from start; bullets otherwise */
  DOC_LIST_TIGHT = 2,   /* items close together (no blank lines between) */
  DOC_LIST_PAREN = 4    /* "1)" rather than "1." */
};

/* Deepest nesting of lists and of block quotes in the tree: the items of
 * deeper lists join the deepest list, the text of deeper quotes the
 * deepest quote. They keep every output shallow whatever the Markdown. */
enum { DOC_MAX_LIST_DEPTH = 10, DOC_MAX_QUOTE_DEPTH = 6 };

typedef enum { DOC_ALIGN_DEFAULT, DOC_ALIGN_LEFT, DOC_ALIGN_CENTER, DOC_ALIGN_RIGHT } doc_align;

typedef struct doc_block doc_block;

/* A cell's paragraphs; a cell without any shows one empty paragraph
 * (both formats need one) in the style of its row (DOC_STYLE_TABLE_HEAD in
 * header rows, DOC_STYLE_TABLE otherwise) with the cell's alignment: a
 * role matrix is mostly empty cells, which so cost no allocation. */
typedef struct {
  doc_block *blocks;
  size_t n_blocks;
  doc_align align;
} doc_cell;

typedef struct {
  doc_cell *cells; /* exactly the table's n_cols */
  size_t n_cells;
} doc_row;

/* A list item, a footnote: a sequence of blocks. */
typedef struct {
  doc_block *blocks;
  size_t n_blocks;
} doc_item;

/* A block holds what its kind needs and nothing else: the members of the
 * other kinds share its memory (a large contract has tens of thousands of
 * table cells, each a block), so only those of b->kind may be read. */
struct doc_block {
  doc_kind kind;
  doc_style style;      /* DOC_PARAGRAPH */
  int level;            /* DOC_HEADING: 1..6 */
  bool keep_with_next;  /* keep on the page with the next block
                           (signature blocks, headings) */
  unsigned char flags;  /* DOC_LIST: DOC_LIST_* */
  union {
    struct {        /* DOC_HEADING, DOC_PARAGRAPH */
      char *number; /* DOC_HEADING: "Artikel 1", "1.2" or NULL */
      doc_run *runs;
      size_t n_runs;
    };
    struct { /* DOC_TABLE */
      size_t n_cols;
      double *col_widths;   /* relative, sum 1.0 */
      size_t n_header_rows; /* repeated on each page */
      doc_row *rows;
      size_t n_rows;
    };
    struct { /* DOC_LIST */
      doc_item *items;
      size_t n_items;
      int start; /* number of the first item (DOC_LIST_ORDERED) */
    };
    struct { /* DOC_QUOTE */
      doc_block *children;
      size_t n_children;
    };
  };
};

/* Whether b holds runs (and number). */
static inline bool doc_block_has_runs(const doc_block *b) {
  return b->kind == DOC_HEADING || b->kind == DOC_PARAGRAPH;
}

typedef struct doc_meta {
  /* shown in the footer and document properties */
  char *title;
  char *version;
  char *status_id;     /* profile status id */
  char *status_label;  /* in the document language */
  int stage;           /* STAGE_* of the status */
  char *kind;          /* profile id */
  char *kind_label;
  char *date;          /* ISO date or NULL */
  char *fingerprint;   /* 64 hex digits */
  char short_fingerprint[9];
  char *generator;     /* "wijkcontract 0.1.0" */
  char *language;      /* "nl", "en" */
  bool draft;          /* visible draft marking on every page */
  bool landscape;      /* A4 landscape (matrix) */
  /* footer labels in the document language */
  char *label_page;    /* "Pagina" */
  char *label_of;      /* "van" */
  char *label_version; /* "versie" */
  char *label_draft;   /* "CONCEPT" */
} doc_meta;

typedef struct doc {
  doc_meta meta;
  doc_block *blocks;
  size_t n_blocks;
  size_t cap_blocks; /* capacity of blocks (doc_append) */
  /* the body's footnotes, numbered from 1 in the order they stand in the
   * text (RUN_NOTE) */
  doc_item *notes;
  size_t n_notes;
  const struct contract *contract; /* for variables in the body's text */
  const struct profile *profile;
} doc;

/* Composition. Each returns a new document; the contract must outlive it. */
doc *compose_contract(const struct contract *c, bool draft);
doc *compose_matrix(const struct contract *c);
doc *compose_review(const struct contract *c, const char *party_id);
/* A new document for c holding no blocks yet, its metadata (footer,
 * properties) filled as compose_contract fills them: the start of other
 * composers such as compose_review (compose_review.c). */
doc *compose_begin(const struct contract *c);
void doc_free(doc *d); /* accepts NULL */

/* The footer of every page, composed from the metadata for both writers,
 * which only place the pieces and their page-number and page-count fields:
 * [draft, in bold] lead PAGE middle NUMPAGES tail, e.g. "CONCEPT · " ,
 * "Titel · versie 0.3 · Concept · Pagina ", " van ", " · 01234567". draft
 * is NULL when the document is not a draft. */
typedef struct {
  char *draft;
  char *lead;
  char *middle;
  char *tail;
} doc_footer;
void doc_footer_compose(const doc_meta *m, doc_footer *f);
void doc_footer_free(doc_footer *f); /* the pieces, not f */

/* Appends the blocks of a Markdown document (cmark-gfm, with the table,
 * strikethrough and autolink extensions and footnotes) to d, and its
 * footnotes to d->notes (compose_body.c): headings, the top-level ones
 * numbered when article is not NULL (level 1 "Artikel 1" for article
 * "Artikel", "1" for "", level 2 "1.1"); paragraphs of runs with
 * {{ variables }} expanded; lists, quotes, tables laid out, code, page
 * breaks for thematic breaks. Raw HTML shows as text; links keep only the
 * targets doc_link_allowed accepts. root stays the caller's. */
void compose_markdown(doc *d, struct cmark_node *root, const char *article);
/* Appends text to out with every {{ path }} replaced by its value (unknown
 * paths are left as written: check has reported them). */
void doc_expand_text(const doc *d, const char *text, size_t len, buf *out);
/* True for link targets a document may carry (http, https, mailto). */
bool doc_link_allowed(const char *url);

/* Indentation of a block quote's content per level of nesting, both
 * formats. */
#define DOC_QUOTE_INDENT_CM 1.0

/* Page and table geometry both writers lay out (compose_layout.c): A4 with
 * 2.5 cm side margins (the ODT page layouts in templates/styles/odt, the
 * DOCX section in docx.c), table text in 9 pt Liberation Sans / Arial (the
 * "Table Contents" and "TableText" styles, which share their metrics), and
 * 0.15 cm of padding left and right in every cell. The writers convert
 * these to their units; a column's relative width times the text width is
 * its width on paper. */
#define DOC_TEXT_WIDTH_CM_PORTRAIT 16.0
#define DOC_TEXT_WIDTH_CM_LANDSCAPE 24.7
#define DOC_CELL_PAD_CM 0.15
#define DOC_TABLE_FONT_PT 9.0
#define DOC_PT_PER_CM (72.0 / 2.54)
/* Layout budget: the text width in points. */
#define DOC_TABLE_BUDGET_PORTRAIT (DOC_TEXT_WIDTH_CM_PORTRAIT * DOC_PT_PER_CM)
#define DOC_TABLE_BUDGET_LANDSCAPE (DOC_TEXT_WIDTH_CM_LANDSCAPE * DOC_PT_PER_CM)

/* Width in points of s[0..len) set in the table font at size_pt: bold for
 * RUN_BOLD, monospace for RUN_CODE (other flags do not change widths). */
double doc_text_width(const char *s, size_t len, unsigned flags, double size_pt);
/* The widest piece of s[0..len) that cannot be broken across lines (words
 * break at spaces and after hyphens), in points, as doc_text_width. */
double doc_longest_word(const char *s, size_t len, unsigned flags, double size_pt);

/* Relative widths (sum 1) of n columns that need at least minw[i] and at
 * most maxw[i] (the longest word, the longest line, cell padding included)
 * and hold weight[i] of text in all, for a table budget wide (the same
 * unit throughout: points). When the minimums fit, every column gets at
 * least its minimum and the rest goes where the text is, so rows stay
 * short; when they do not, the widest minimums are cut first, so only the
 * columns with the longest words break them, and the table still fits. */
void doc_layout_columns(const double *minw, const double *maxw, const double *weight, size_t n,
                        double budget, double *widths);
/* Lays out a composed table (every cell holding its paragraphs) for a
 * budget in points: fills t->col_widths. preferred (relative widths, or
 * NULL) fixes the table's shape, as for label/value tables that should line
 * up; a column whose preferred share is narrower than its longest word
 * still gets that word, taken from the columns that have room. */
void doc_table_layout(doc_block *t, double budget, const double *preferred);

/* Builders used by compose.c, compose_body.c, compose_review.c and tests. */
doc_block *doc_add_block(doc_block **blocks, size_t *n, size_t *cap, doc_kind kind);
/* A new block at the end of an array without a capacity field (cells,
 * items, quotes): its capacity is the next power of two of n. */
doc_block *doc_push_block(doc_block **blocks, size_t *n, doc_kind kind);
void doc_add_run(doc_block *b, const char *text, unsigned flags, const char *href);
/* A footnote mark: flags RUN_NOTE (note stands here) or RUN_NOTE_REF. */
void doc_add_note_run(doc_block *b, unsigned flags, unsigned note);
/* A new block at the end of d: any kind; a heading (kept with the next
 * block); a paragraph of one run (text may be NULL); "Label: value" with
 * the label's run in label_flags; one paragraph per blank-line-separated
 * paragraph of text (nothing for NULL). */
doc_block *doc_append(doc *d, doc_kind kind);
doc_block *doc_heading(doc *d, int level, const char *text);
doc_block *doc_para(doc *d, doc_style style, const char *text);
doc_block *doc_field_para(doc *d, doc_style style, const char *label, const char *value, unsigned label_flags);
void doc_text_paras(doc *d, doc_style style, const char *text);
/* Tables: a table of n_cols at the end of d, a row (n_cols empty cells), a
 * paragraph in a cell, and text in a cell as one paragraph per paragraph
 * of text (an empty paragraph for NULL or ""); these return the last
 * paragraph added. doc_table_seal lays the columns out (doc_table_layout);
 * cells left empty keep no paragraph (see doc_cell). */
doc_block *doc_table(doc *d, size_t n_cols, size_t n_header_rows);
/* Makes b (a new block) a table of n_cols: doc_table without the append. */
void doc_table_init(doc_block *b, size_t n_cols, size_t n_header_rows);
doc_row *doc_table_row(doc_block *t);
/* A new, empty item at the end of a DOC_LIST. */
doc_item *doc_list_item(doc_block *list);
doc_block *doc_cell_para(doc_cell *cell, doc_style style);
doc_block *doc_cell_text(doc_cell *cell, doc_style style, const char *text);
void doc_table_seal(doc_block *t, double budget, const double *preferred);

#endif
