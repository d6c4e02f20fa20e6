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
#include <stdint.h>

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
  RUN_NOTE_REF = 64, /* a further reference to the footnote d->notes[note],
                       which stands elsewhere; text is its number */
  RUN_INS = 128,    /* a tracked insertion (redline.c): text NEW has, OLD not */
  RUN_DEL = 256     /* a tracked deletion: text OLD had, NEW not */
};

/* A run of text with one formatting. text never holds '\n' (use a
 * RUN_BREAK run); href, when set, makes the run a hyperlink to what
 * doc_link_target makes of it (plain text when it refuses). */
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
  DOC_STYLE_TABLE_HEAD, /* text in a header cell (of a row that heads
                           columns) */
  DOC_STYLE_LEGEND,     /* small print under a table */
  DOC_STYLE_SIGNATURE,  /* lines of a signature block */
  DOC_STYLE_SIGN_LINE,  /* the line to sign on */
  DOC_STYLE_QUOTE,      /* body text directly in a block quote */
  DOC_STYLE_CODE,       /* a code block: every space and line kept */
  DOC_STYLE_NOTE,       /* text of a footnote */
  DOC_STYLE_TABLE_LABEL, /* the label of a label/value row: bold, but not
                            a column's header */
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

/* DOC_TABLE flags. */
enum {
  DOC_TABLE_KEEP = 1 /* not split over pages (a short table) */
};

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

/* A cell's paragraphs. A cell without any shows DOC_EMPTY_CELL (a dash:
 * nothing to say here, not something left out) in a body row, nothing in
 * a header row, in one paragraph (both formats need one) of its row's
 * style with the cell's alignment: a role matrix is mostly empty cells,
 * which so cost no allocation. A cell holding an empty paragraph is blank
 * on purpose (the same as the row above). */
#define DOC_EMPTY_CELL "\xE2\x80\x93"
/* A cell may span the columns after it (doc_cell_span): span is then the
 * number of columns it covers, its own included, and each cell it covers
 * is marked covered, holds nothing and is not shown (ODT a covered cell,
 * DOCX nothing: w:gridSpan). The layout gives a spanning cell's text to
 * none of its columns. */
typedef struct {
  doc_block *blocks;
  size_t n_blocks;
  doc_align align;
  unsigned short span; /* 0 or 1: its own column */
  bool covered;        /* under the span of a cell before it */
} doc_cell;

typedef struct {
  doc_cell *cells; /* exactly the table's n_cols */
  size_t n_cells;
  uint64_t key;   /* what the row shows (doc_key), 0 for none */
  bool with_prev; /* the rest of the row above (a commitment's details):
                     kept on its page, and one row with it where rows are
                     counted (a table of up to ten rows is kept whole) */
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
  int level;            /* DOC_HEADING: 1..6; DOC_TABLE: the quotes around
                           it, which narrow it */
  bool keep_with_next;  /* keep on the page with the next block
                           (signature blocks, headings, captions, a table
                           and its legend) */
  unsigned char flags;  /* DOC_LIST: DOC_LIST_*; DOC_TABLE: DOC_TABLE_* */
  unsigned short group; /* DOC_TABLE: tables of one group (doc_group) share
                           their column widths; 0 for none */
  uint64_t key;         /* what the block shows (doc_key): a party, a
                           commitment, a date of the contract model; 0 for
                           none (the articles, labels) */
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

/* The face table text is set in: the advance widths of one of the known
 * families (font_metrics.h) and a size. */
typedef struct {
  unsigned metrics;
  double size_pt;
} doc_face;

/* Whether b holds runs (and number). */
static inline bool doc_block_has_runs(const doc_block *b) {
  return b->kind == DOC_HEADING || b->kind == DOC_PARAGRAPH;
}

/* RUN_INS or RUN_DEL when a redline (redline.c) inserted or deleted
 * paragraph or heading b whole: every run with text or a break so marked;
 * else 0. The writers then mark its paragraph break too. */
unsigned doc_block_change(const doc_block *b);

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
  bool public_version; /* the public version (--public): the footer and the
                          properties say so */
  const char *made_as; /* what composed it: "contract", "matrix", "review" */
  char *party;         /* review: the id of the party it is for */
  bool landscape;      /* A4 landscape (matrix) */
  /* footer labels in the document language */
  char *label_page;    /* "Pagina" */
  char *label_of;      /* "van" */
  char *label_version; /* "versie" */
  char *label_draft;   /* "CONCEPT" */
  char *label_public;  /* "Openbare versie" (public_version) */
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
  /* the layout: the face the tables are measured in, and the preferred
   * shape (relative widths, or NULL) of each group of tables */
  doc_face face;
  const double **group_shapes;
  size_t n_groups, cap_groups;
} doc;

/* Composition. Each returns a new document; the contract must outlive it. */
doc *compose_contract(const struct contract *c, bool draft);
/* compose_contract for a caller that needs c's Markdown no more (a build):
 * its blocks are freed as they are composed, so that the Markdown tree and
 * the document are never both held whole. c->body stays, emptied. */
doc *compose_contract_releasing(struct contract *c, bool draft);
/* The public version (build --public, Woo): compose_contract with the
 * personal data the profile's rules name replaced by its mark, a notice
 * under the title, the footer and the properties saying so (public.h).
 * release as compose_contract_releasing (then c must not be const to the
 * caller). NULL when c's profile has no public-version rules:
 * compose_public_possible says beforehand. */
bool compose_public_possible(const struct contract *c);
doc *compose_contract_public(const struct contract *c, bool draft, bool release);

/* Marks every page of a draft built despite errors as such ("CONCEPT MET
 * FOUTEN"), so that it cannot pass for a clean draft. */
void compose_mark_errors(doc *d);
doc *compose_matrix(const struct contract *c);
doc *compose_review(const struct contract *c, const char *party_id);
/* Appends the commitments per party of c under its role matrix
 * (compose_matrix.c): a joint commitment counts for each of its parties,
 * general ones are also counted apart. */
void compose_commitment_counts(doc *d, const struct contract *c);
/* The evaluation report of c at day as_of (days since 1970-01-01;
 * compose_report.c); draft marks every page. NULL without a profile. */
doc *compose_report(const struct contract *c, long as_of, bool draft);
/* A new document for c holding no blocks yet, its metadata (footer,
 * properties) filled as compose_contract fills them: the start of other
 * composers such as compose_review (compose_review.c), which end with
 * doc_finish. */
doc *compose_begin(const struct contract *c);
/* The last step of every composer: the typographic rules (compose_typeset.c:
 * quotes of the document's language, short tables kept whole) and the
 * layout for the house style's face. */
void doc_finish(doc *d);
void doc_free(doc *d); /* accepts NULL */
/* Calls fn(b, ctx) on every heading and paragraph of blocks, at any depth
 * (table cells, list items, quotes), in document order: for the passes
 * that change text wherever it stands. */
void doc_each_text_block(doc_block *blocks, size_t n, void (*fn)(doc_block *b, void *ctx), void *ctx);

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
 * breaks for thematic breaks. Raw HTML shows as text; links link to what
 * doc_link_target makes of their targets (plain text when it refuses).
 * root stays the caller's; with release, each block under it is freed
 * once composed (footnote definitions once their notes are). */
void compose_markdown(doc *d, struct cmark_node *root, const char *article, bool release);
/* Appends the literal of a cmark text node to out with every {{ path }}
 * replaced by its value (variables.c: unknown paths are left as written,
 * check has reported them; a value that starts a sentence is
 * capitalised). */
void doc_expand_text(const doc *d, struct cmark_node *text, buf *out);
/* The country of a document language, for language tags ("nl" -> "NL",
 * "en" -> "GB"); NULL for a language without one. */
const char *doc_language_country(const char *lang);
/* "nl-NL": the language with its country where doc_language_country knows
 * one, as the documents' properties and styles tag it, in tag[n]; NULL
 * (tag untouched) for no language. */
const char *doc_language_tag(const char *lang, char *tag, size_t n);

/* What becomes of a link target in a document (compose_link.c). */
typedef enum {
  DOC_LINK_KEPT,     /* a valid http, https or mailto URI, as written */
  DOC_LINK_ENCODED,  /* made one by percent-encoding (a stray '%', a second
                        '#', brackets, spaces, non-ASCII) or by leaving out
                        an empty port */
  DOC_LINK_SCHEME,   /* not http, https or mailto: shown as plain text */
  DOC_LINK_BAD_PORT, /* a port that is no number up to 65535: plain text */
  DOC_LINK_BAD_HOST  /* a host in brackets that is no IP address: plain text */
} doc_link_fate;
/* The target a document links to for url: a new string (free it) that is
 * a valid URI by RFC 3986 (and so xs:anyURI), or NULL when the link is
 * shown as plain text; *fate, when fate is not NULL, says which and why. */
char *doc_link_target(const char *url, doc_link_fate *fate);
/* Whether s[0..len) is an absolute URI (optionally with a fragment) by
 * RFC 3986, checked with a pcre2 pattern of its grammar. */
bool doc_uri_valid(const char *s, size_t len);

/* Indentation of a block quote's content per level of nesting, both
 * formats. */
#define DOC_QUOTE_INDENT_CM 1.0
/* Where a heading's title starts after its number ("Artikel 1", "1.2"):
 * the tab stop of level 1 and of deeper levels, both formats. */
#define DOC_HEADING_TAB_CM 3.0
#define DOC_SUBHEADING_TAB_CM 1.5

/* Page and table geometry both writers lay out (compose_layout.c): A4 with
 * 2.5 cm side margins (the ODT page layouts in templates/styles/odt, the
 * DOCX section in docx.c), table text in the house style at 9 pt
 * Liberation Sans / Arial (the "Table Contents" and "TableText" styles,
 * which share their metrics; a reference document's are read by the
 * writers, doc_face), and 0.15 cm of padding left and right in every
 * cell. The writers convert
 * these to their units; a column's relative width times the text width is
 * its width on paper. */
#define DOC_TEXT_WIDTH_CM_PORTRAIT 16.0
#define DOC_TEXT_WIDTH_CM_LANDSCAPE 24.7
/* The height of the text area, about (header and footer taken off). */
#define DOC_TEXT_HEIGHT_CM_PORTRAIT 24.5
#define DOC_TEXT_HEIGHT_CM_LANDSCAPE 15.8
#define DOC_CELL_PAD_CM 0.15
#define DOC_TABLE_FONT_PT 9.0
#define DOC_PT_PER_CM (72.0 / 2.54)
/* Layout budget: the text width in points. */
#define DOC_TABLE_BUDGET_PORTRAIT (DOC_TEXT_WIDTH_CM_PORTRAIT * DOC_PT_PER_CM)
#define DOC_TABLE_BUDGET_LANDSCAPE (DOC_TEXT_WIDTH_CM_LANDSCAPE * DOC_PT_PER_CM)

/* The face of a family as a document's styles name it ("Arial", "'Liberation
 * Serif'": case and quotes do not matter) at size_pt (0: the table size);
 * for a family the metrics do not know, or NULL, the widest of the known
 * ones, so a column holds its words whatever the font turns out to be. */
doc_face doc_face_named(const char *family, double size_pt);
/* The house style's table face (9 pt Liberation Sans / Arial). */
doc_face doc_face_house(void);
/* The family whose metrics f uses, NULL for the widest. */
const char *doc_face_family(doc_face f);
/* Width in points of s[0..len) in face f: bold for RUN_BOLD, monospace for
 * RUN_CODE (other flags do not change widths). */
double doc_text_width(doc_face f, const char *s, size_t len, unsigned flags);
/* The widest piece of s[0..len) that cannot be broken across lines (words
 * break at spaces and after hyphens), in points, as doc_text_width. */
double doc_longest_word(doc_face f, const char *s, size_t len, unsigned flags);

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
 * budget in points, its text in face: fills t->col_widths. preferred
 * (relative widths, or NULL) fixes the table's shape, as for label/value
 * tables that should line up; a column whose preferred share is narrower
 * than its longest word still gets that word, taken from the columns that
 * have room. Where the page allows, a column holds its longest word in
 * the widest known face too. Without a preferred shape, a table whose rows
 * wrap then moves width between its columns while that makes its rows
 * lower (compose_layout.c, minimise_height). */
void doc_table_layout(doc_block *t, doc_face face, double budget, const double *preferred);
/* A new group of tables (t->group) that share their column widths, of the
 * preferred shape (or NULL), which must outlive d; returns its number. */
unsigned doc_group(doc *d, const double *shape);
/* Lays out every table of d, footnotes included, for its text set in face:
 * each on the text width less its quotes' indentation, tables of one group
 * (and of as many columns) measured together and given one set of widths;
 * and keeps a table of up to ten rows (a row and the rest of it below,
 * doc_row.with_prev, counted as one) on one page (DOC_TABLE_KEEP) unless
 * it would take more than half of one, where it could not stay on the page
 * of its heading. The composers lay out for the house style; a reference
 * document's face is laid out afresh. */
void doc_layout(doc *d, doc_face face);

/* The identity of a part of the contract model that a block or row shows
 * (kind "party", id "gemeente"), from its id: versions of one contract are
 * compared part by part by it (redline.c), whatever the part's text or
 * position. 0 (none) for a NULL id (a draft). */
uint64_t doc_key(const char *kind, const char *id);

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
 * of text (nothing for NULL or "": the cell shows DOC_EMPTY_CELL); these
 * return the last paragraph added, or NULL. doc_layout lays the columns
 * out. */
doc_block *doc_table(doc *d, size_t n_cols, size_t n_header_rows);
/* Makes b (a new block) a table of n_cols: doc_table without the append. */
void doc_table_init(doc_block *b, size_t n_cols, size_t n_header_rows);
doc_row *doc_table_row(doc_block *t);
/* A new, empty item at the end of a DOC_LIST. */
doc_item *doc_list_item(doc_block *list);
doc_block *doc_cell_para(doc_cell *cell, doc_style style);
/* Makes row's cell col span n columns (to the row's end at most): the
 * cells it covers must be empty. Returns the spanning cell. */
doc_cell *doc_cell_span(doc_row *row, size_t col, size_t n);
doc_block *doc_cell_text(doc_cell *cell, doc_style style, const char *text);

#endif
