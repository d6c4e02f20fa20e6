/* docx_body.c - renders the composed document into word/document.xml and
 * its footnotes into word/footnotes.xml. Blocks map onto paragraphs and
 * tables; WordprocessingML keeps lists and quotes flat (numbered, indented
 * paragraphs), so the XML never nests deeper than a table cell, and the
 * walk over the tree's lists and quotes goes no deeper than doc.h lets
 * them nest. */
#include <stdlib.h>
#include <string.h>

#include "docx_int.h"
#include "doctext.h"

/* An open Markdown list. */
typedef struct {
  int num_id;
  int ilvl;
  bool tight;
  bool item_first; /* the current item has not shown its number yet */
} list_frame;

/* Where rendering goes and the block context around it. */
typedef struct {
  docx_ctx *c;
  xmlw *w;
  docx_rels *rels;         /* the relationships of the part being written */
  bool in_note;            /* inside a footnote */
  bool note_ref_pending;   /* the note's first paragraph still needs its mark */
  bool page_break_pending; /* the next paragraph starts a new page */
  bool in_head_row;        /* header cells: text in the header colour */
  bool keep_row;           /* the row keeps with the next (a short table,
                              or one kept with what follows it) */
  bool gap_pending;        /* the next paragraph keeps its distance from a
                              table or tight list above it */
  list_frame *lists;
  size_t n_lists, cap_lists;
  int quote_depth;
} rend;

static void rend_init(rend *r, docx_ctx *c, xmlw *w, docx_rels *rels) {
  memset(r, 0, sizeof *r);
  r->c = c;
  r->w = w;
  r->rels = rels;
}

/* Paragraph properties, written in schema order by write_ppr. */
typedef struct {
  const char *style;
  bool keep_next;
  int num_id, ilvl; /* num_id 0: not numbered */
  long tab;         /* a left tab stop (twips), 0 for none */
  long ind_left;    /* -1: from the style */
  long ind_hanging;
  const char *jc;
  bool in_cell; /* page breaks wait for a paragraph outside the table */
  unsigned mark; /* RUN_INS, RUN_DEL: the paragraph mark is a revision */
} ppr;

static const char *const style_ids[DOC_STYLE__COUNT] = {
    [DOC_STYLE_BODY] = "BodyText",        [DOC_STYLE_TITLE] = "Title",
    [DOC_STYLE_SUBTITLE] = "Subtitle",    [DOC_STYLE_META] = "Meta",
    [DOC_STYLE_PARTY] = "Party",          [DOC_STYLE_TABLE] = "TableText",
    [DOC_STYLE_TABLE_HEAD] = "TableHeading", [DOC_STYLE_LEGEND] = "Legend",
    [DOC_STYLE_SIGNATURE] = "Signature",  [DOC_STYLE_SIGN_LINE] = "SignatureLine",
    [DOC_STYLE_QUOTE] = "BlockText",      [DOC_STYLE_CODE] = "SourceCode",
    [DOC_STYLE_NOTE] = "FootnoteText",    [DOC_STYLE_TABLE_LABEL] = "TableLabel",
};

static const char *const heading_styles[] = {"Heading1", "Heading2", "Heading3"};

/* Header cells: white text on dark blue, 7.2:1, the shading 7.2:1 against
 * the page too (the ODT cells have the same, templates/styles). The colour
 * goes on the runs, so a reference document's "Table Heading" cannot make
 * the text dark on dark. */
#define HEAD_FILL "2F5496"
#define HEAD_COLOR "FFFFFF"
#define GAP_BEFORE "140"   /* twips above a paragraph that follows a table */

static void attr_long(xmlw *w, const char *name, long v) { xmlw_attr_long(w, name, v); }

static const char *style_id(doc_style s) {
  return (s >= 0 && s < DOC_STYLE__COUNT && style_ids[s]) ? style_ids[s] : "BodyText";
}

static const char *heading_style(int level) {
  if (level < 1) level = 1;
  if (level > 3) level = 3;
  return heading_styles[level - 1];
}

static const char *align_jc(doc_align a) {
  switch (a) {
  case DOC_ALIGN_LEFT: return "left";
  case DOC_ALIGN_CENTER: return "center";
  case DOC_ALIGN_RIGHT: return "right";
  default: return NULL;
  }
}

/* ---- runs ---- */

/* Text inside an open w:r: tabs become w:tab, line feeds w:br (a raw
 * newline inside w:t is not a line break to Word), carriage returns go.
 * A w:t says xml:space="preserve" where its spaces need it (docx_t). */
static void put_text(rend *r, const char *s, bool deleted) {
  while (*s) {
    size_t j = strcspn(s, "\t\n\r");
    if (j > 0) docx_t(r->w, deleted ? "w:delText" : "w:t", s, j);
    if (!s[j]) break;
    if (s[j] == '\t') docx_empty(r->w, "w:tab");
    else if (s[j] == '\n') docx_empty(r->w, "w:br");
    else if (s[j + 1] != '\n') docx_empty(r->w, "w:br"); /* lone CR */
    s += j + 1;
  }
}

/* What a run's w:rPr says (open_run). */
typedef struct {
  const char *rstyle;
  unsigned flags; /* RUN_BOLD, RUN_ITALIC, RUN_STRIKE */
  bool head;      /* in a header row: the header colour */
} rpr_said;

/* w:rPr, children in schema order. */
static void rpr_xml(xmlw *w, const void *arg) {
  const rpr_said *s = arg;
  xmlw_start(w, "w:rPr");
  if (s->rstyle) docx_val(w, "w:rStyle", s->rstyle);
  if (s->flags & RUN_BOLD) {
    docx_empty(w, "w:b");
    docx_empty(w, "w:bCs");
  }
  if (s->flags & RUN_ITALIC) {
    docx_empty(w, "w:i");
    docx_empty(w, "w:iCs");
  }
  if (s->flags & RUN_STRIKE) docx_empty(w, "w:strike");
  if (s->head) docx_val(w, "w:color", HEAD_COLOR);
  xmlw_end(w);
}

/* Opens w:r with its properties. */
static void open_run(rend *r, unsigned flags, const char *rstyle) {
  xmlw *w = r->w;
  xmlw_start(w, "w:r");
  if (!rstyle && (flags & RUN_CODE)) rstyle = "VerbatimChar";
  rpr_said s = {rstyle, flags & (RUN_BOLD | RUN_ITALIC | RUN_STRIKE), r->in_head_row};
  if (!s.rstyle && !s.flags && !s.head) return;
  xmlw_key k = {0};
  xmlw_key_str(&k, s.rstyle);
  xmlw_key_long(&k, (long)s.flags << 1 | s.head);
  xmlw_stamp(w, &k, rpr_xml, &s);
}

/* The attributes of a revision: its id, author and date. */
static void change_attrs(rend *r) {
  attr_long(r->w, "w:id", r->c->next_change++);
  xmlw_attr(r->w, "w:author", DOCX_CHANGE_AUTHOR);
  xmlw_attr(r->w, "w:date", r->c->change_date);
}

/* Opens w:ins or w:del around what follows for a run marked RUN_INS or
 * RUN_DEL; returns whether one was opened. */
static bool open_change(rend *r, unsigned flags) {
  if (!(flags & (RUN_INS | RUN_DEL))) return false;
  xmlw_start(r->w, flags & RUN_DEL ? "w:del" : "w:ins");
  change_attrs(r);
  return true;
}

static void put_run(rend *r, const char *s, unsigned flags, const char *rstyle) {
  if (!*s) return;
  bool change = open_change(r, flags);
  open_run(r, flags, rstyle);
  put_text(r, s, flags & RUN_DEL);
  xmlw_end(r->w);
  if (change) xmlw_end(r->w);
}

static void put_break(rend *r, const char *type) {
  xmlw_start(r->w, "w:r");
  xmlw_start(r->w, "w:br");
  if (type) xmlw_attr(r->w, "w:type", type);
  xmlw_end(r->w);
  xmlw_end(r->w);
}


/* Starts a hyperlink to url (the tree holds only doc_link_target's URIs);
 * returns whether one was opened. */
static bool open_link(rend *r, const char *url) {
  if (!url || !*url) return false;
  const char *id = docx_rels_add(r->rels, DOCX_REL_HYPERLINK, url, true);
  xmlw_start(r->w, "w:hyperlink");
  xmlw_attr(r->w, "r:id", id);
  return true;
}

static void put_note(rend *r, const doc_run *run);

/* The runs of a DOC_HEADING or DOC_PARAGRAPH. */
static void put_doc_runs(rend *r, const doc_run *runs, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const doc_run *run = &runs[i];
    if (run->flags & RUN_BREAK) {
      bool change = open_change(r, run->flags);
      put_break(r, NULL);
      if (change) xmlw_end(r->w);
      continue;
    }
    if (!run->text) continue;
    if (run->flags & (RUN_NOTE | RUN_NOTE_REF)) {
      put_note(r, run);
      continue;
    }
    bool link = open_link(r, run->href);
    put_run(r, run->text, run->flags, link ? "Hyperlink" : NULL);
    if (link) xmlw_end(r->w);
  }
}

/* ---- paragraphs ---- */

/* A table paragraph centred by its style rather than by a w:jc of its
 * own: a role matrix is thousands of centred cells, and the property
 * once in styles.xml is as many elements fewer to write (and reads
 * better to someone restyling the table in Word). NULL: no such style. */
static const char *centred_style(const char *style) {
  if (!style) return NULL;
  if (strcmp(style, "TableText") == 0) return "TableTextCentered";
  if (strcmp(style, "TableHeading") == 0) return "TableHeadingCentered";
  return NULL;
}

/* What a w:pPr without a revision mark says, decided (write_ppr): its
 * bytes depend on nothing else, so each combination is a stamp. */
typedef struct {
  const char *style, *jc;
  bool keep_next, page_break, gap;
  int num_id, ilvl;
  long tab, ind_left, ind_hanging;
} ppr_said;

static void ppr_key(xmlw_key *k, const ppr_said *s) {
  xmlw_key_str(k, s->style);
  xmlw_key_str(k, s->jc);
  xmlw_key_long(k, s->keep_next | s->page_break << 1 | s->gap << 2);
  xmlw_key_long(k, s->num_id);
  xmlw_key_long(k, s->ilvl);
  xmlw_key_long(k, s->tab);
  xmlw_key_long(k, s->ind_left);
  xmlw_key_long(k, s->ind_hanging);
}

/* The children of w:pPr but a revision mark, in schema order. */
static void ppr_children(xmlw *w, const ppr_said *s) {
  if (s->style) docx_val(w, "w:pStyle", s->style);
  if (s->keep_next) docx_empty(w, "w:keepNext");
  if (s->page_break) docx_empty(w, "w:pageBreakBefore");
  if (s->num_id > 0) {
    xmlw_start(w, "w:numPr");
    xmlw_start(w, "w:ilvl");
    attr_long(w, "w:val", s->ilvl);
    xmlw_end(w);
    xmlw_start(w, "w:numId");
    attr_long(w, "w:val", s->num_id);
    xmlw_end(w);
    xmlw_end(w);
  }
  if (s->tab > 0) {
    xmlw_start(w, "w:tabs");
    xmlw_start(w, "w:tab");
    xmlw_attr(w, "w:val", "left");
    attr_long(w, "w:pos", s->tab);
    xmlw_end(w);
    xmlw_end(w);
  }
  if (s->gap) {
    xmlw_start(w, "w:spacing");
    xmlw_attr(w, "w:before", GAP_BEFORE);
    xmlw_end(w);
  }
  if (s->ind_left >= 0) {
    xmlw_start(w, "w:ind");
    attr_long(w, "w:left", s->ind_left);
    if (s->ind_hanging > 0) attr_long(w, "w:hanging", s->ind_hanging);
    else if (s->ind_hanging == 0) attr_long(w, "w:firstLine", 0);
    xmlw_end(w);
  }
  if (s->jc) docx_val(w, "w:jc", s->jc);
}

static void ppr_plain(xmlw *w, const void *arg) {
  xmlw_start(w, "w:pPr");
  ppr_children(w, arg);
  xmlw_end(w);
}

/* w:pPr; the pending page break and gap are taken here. */
static void write_ppr(rend *r, const ppr *p) {
  xmlw *w = r->w;
  ppr_said s = {.style = p->style, .jc = p->jc, .keep_next = p->keep_next, .num_id = p->num_id,
                .ilvl = p->ilvl, .tab = p->tab, .ind_left = p->ind_left, .ind_hanging = p->ind_hanging};
  const char *centred = s.jc && strcmp(s.jc, "center") == 0 ? centred_style(s.style) : NULL;
  if (centred) s.style = centred, s.jc = NULL;
  s.page_break = r->page_break_pending && !r->in_note && !p->in_cell;
  if (s.page_break) r->page_break_pending = false;
  s.gap = r->gap_pending && !p->in_cell;
  if (s.gap) r->gap_pending = false;
  /* body text; headings, legends and the like have spacing of their own */
  if (s.gap && !(s.style && (strcmp(s.style, "BodyText") == 0 || strcmp(s.style, "Compact") == 0 ||
                             strcmp(s.style, "BlockText") == 0)))
    s.gap = false;
  if (!p->mark) {
    xmlw_key k = {0};
    ppr_key(&k, &s);
    xmlw_stamp(w, &k, ppr_plain, &s);
    return;
  }
  xmlw_start(w, "w:pPr");
  ppr_children(w, &s);
  xmlw_start(w, "w:rPr"); /* a revision's id counts up: never a stamp */
  xmlw_start(w, p->mark == RUN_DEL ? "w:del" : "w:ins");
  change_attrs(r);
  xmlw_end(w);
  xmlw_end(w);
  xmlw_end(w);
}

/* The mark at the start of a footnote's text. */
static void put_note_mark(rend *r) {
  xmlw_start(r->w, "w:r");
  xmlw_start(r->w, "w:rPr");
  docx_val(r->w, "w:rStyle", "FootnoteReference");
  xmlw_end(r->w);
  docx_empty(r->w, "w:footnoteRef");
  xmlw_end(r->w);
  put_run(r, " ", 0, NULL);
}

static void para_open(rend *r, const ppr *p) {
  xmlw_start(r->w, "w:p");
  write_ppr(r, p);
  if (r->note_ref_pending) {
    put_note_mark(r);
    r->note_ref_pending = false;
  }
}

static void para_close(rend *r) { xmlw_end(r->w); }

static void ppr_init(ppr *p, const char *style) {
  memset(p, 0, sizeof *p);
  p->style = style;
  p->ind_left = p->ind_hanging = -1;
}

/* A page break that could not go onto a paragraph (a table follows):
 * an explicit break in a paragraph of its own. */
static void flush_page_break(rend *r) {
  if (!r->page_break_pending) return;
  r->page_break_pending = false;
  ppr p;
  ppr_init(&p, r->in_note ? "FootnoteText" : "BodyText");
  xmlw_start(r->w, "w:p");
  write_ppr(r, &p);
  put_break(r, "page");
  xmlw_end(r->w);
}

/* ---- tables ---- */

/* What a table's w:tblPr says: its width and indentation (twips); all
 * its bytes, so a stamp (nearly every table of a document has the same). */
typedef struct {
  long total, indent;
} tblpr_said;

static void tblpr_xml(xmlw *w, const void *arg) {
  const tblpr_said *s = arg;
  xmlw_start(w, "w:tblPr");
  docx_val(w, "w:tblStyle", "ContractTable");
  xmlw_start(w, "w:tblW");
  attr_long(w, "w:w", s->total);
  xmlw_attr(w, "w:type", "dxa");
  xmlw_end(w);
  if (s->indent > 0) {
    xmlw_start(w, "w:tblInd");
    attr_long(w, "w:w", s->indent);
    xmlw_attr(w, "w:type", "dxa");
    xmlw_end(w);
  }
  xmlw_start(w, "w:tblLayout");
  xmlw_attr(w, "w:type", "fixed");
  xmlw_end(w);
  xmlw_start(w, "w:tblLook");
  xmlw_attr(w, "w:val", "04A0");
  xmlw_attr(w, "w:firstRow", "1");
  xmlw_attr(w, "w:lastRow", "0");
  xmlw_attr(w, "w:firstColumn", "0");
  xmlw_attr(w, "w:lastColumn", "0");
  xmlw_attr(w, "w:noHBand", "1");
  xmlw_attr(w, "w:noVBand", "1");
  xmlw_end(w);
  xmlw_end(w); /* tblPr */
}

static void table_props(rend *r, long total, long indent) {
  tblpr_said s = {total, indent};
  xmlw_key k = {0};
  xmlw_key_long(&k, total);
  xmlw_key_long(&k, indent);
  xmlw_stamp(r->w, &k, tblpr_xml, &s);
}

/* A table's w:tblGrid: its columns' widths (twips). */
typedef struct {
  const long *widths;
  size_t n;
} grid_said;

static void grid_xml(xmlw *w, const void *arg) {
  const grid_said *s = arg;
  xmlw_start(w, "w:tblGrid");
  for (size_t i = 0; i < s->n; i++) {
    xmlw_start(w, "w:gridCol");
    attr_long(w, "w:w", s->widths[i]);
    xmlw_end(w);
  }
  xmlw_end(w);
}

/* Table start: properties and grid. widths in twips, indent from the
 * left margin (lists, quotes). */
static void table_open(rend *r, const long *widths, size_t n, long indent) {
  xmlw *w = r->w;
  long total = 0;
  for (size_t i = 0; i < n; i++)
    total += widths[i];
  xmlw_start(w, "w:tbl");
  table_props(r, total, indent);
  /* a stamp too: the tables of one kind share their widths (doc_group);
   * a grid of many columns has a key too long and is written as it is */
  grid_said g = {widths, n};
  xmlw_key k = {0};
  for (size_t i = 0; i < n; i++) xmlw_key_long(&k, widths[i]);
  xmlw_stamp(w, &k, grid_xml, &g);
}

/* What a row's w:trPr says but a revision mark. */
typedef struct {
  bool header, cant_split;
} trpr_said;

static void trpr_children(xmlw *w, const trpr_said *s) {
  if (s->cant_split) docx_empty(w, "w:cantSplit");
  if (s->header) docx_empty(w, "w:tblHeader");
}

static void trpr_xml(xmlw *w, const void *arg) {
  xmlw_start(w, "w:trPr");
  trpr_children(w, arg);
  xmlw_end(w);
}

/* mark: RUN_INS or RUN_DEL for a row a redline inserted or deleted whole
 * (accepting or rejecting takes the row away), else 0. */
static void row_open(rend *r, bool header, bool cant_split, unsigned mark) {
  xmlw *w = r->w;
  xmlw_start(w, "w:tr");
  if (!header && !cant_split && !mark) return;
  trpr_said s = {header, cant_split};
  if (!mark) {
    xmlw_key k = {0};
    xmlw_key_long(&k, header << 1 | cant_split);
    xmlw_stamp(w, &k, trpr_xml, &s);
    return;
  }
  xmlw_start(w, "w:trPr");
  trpr_children(w, &s);
  xmlw_start(w, mark == RUN_DEL ? "w:del" : "w:ins"); /* its id counts up: never a stamp */
  change_attrs(r);
  xmlw_end(w);
  xmlw_end(w);
}

/* RUN_INS or RUN_DEL when every paragraph of the row that says anything
 * is so changed whole (doc_block_change; a cell blank on purpose goes with
 * them), else 0. */
static unsigned row_mark(const doc_row *row, size_t n_cols) {
  unsigned all = RUN_INS | RUN_DEL;
  size_t marked = 0;
  for (size_t c = 0; c < n_cols; c++) {
    if (c < row->n_cells && row->cells[c].covered) continue;
    if (c >= row->n_cells || row->cells[c].n_blocks == 0) return 0;
    for (size_t k = 0; k < row->cells[c].n_blocks; k++) {
      const doc_block *b = &row->cells[c].blocks[k];
      if (doc_block_has_runs(b) && b->n_runs == 0) continue;
      all &= doc_block_has_runs(b) ? doc_block_change(b) : 0;
      marked++;
    }
  }
  return marked && (all == RUN_INS || all == RUN_DEL) ? all : 0;
}

/* A cell takes its width from the table's grid (w:tblGrid, fixed layout),
 * as Word and LibreOffice both do when it has no w:tcW of its own; only a
 * header cell (its shading) and one spanning columns have properties. (A w:tcW per cell was a fifth
 * of a role matrix's XML and of the time spent writing it.) */
/* What a cell's w:tcPr says. */
typedef struct {
  bool header;
  unsigned span;
} tcpr_said;

static void tcpr_xml(xmlw *w, const void *arg) {
  const tcpr_said *s = arg;
  xmlw_start(w, "w:tcPr");
  if (s->span >= 2) { /* the columns it covers have no w:tc of their own */
    xmlw_start(w, "w:gridSpan");
    attr_long(w, "w:val", (long)s->span);
    xmlw_end(w);
  }
  if (s->header) {
    xmlw_start(w, "w:shd");
    xmlw_attr(w, "w:val", "clear");
    xmlw_attr(w, "w:color", "auto");
    xmlw_attr(w, "w:fill", HEAD_FILL);
    xmlw_end(w);
  }
  xmlw_end(w);
}

static void cell_open(rend *r, bool header, unsigned span) {
  xmlw_start(r->w, "w:tc");
  if (!header && span < 2) return;
  tcpr_said s = {header, span};
  xmlw_key k = {0};
  xmlw_key_long(&k, (long)span << 1 | header);
  xmlw_stamp(r->w, &k, tcpr_xml, &s);
}

/* Splits avail twips over n columns in proportion to weights (all > 0);
 * the last column takes the rounding so the grid fills the width. */
static void split_width(long avail, const double *weights, size_t n, long *out) {
  double sum = 0;
  for (size_t i = 0; i < n; i++) sum += weights[i];
  long used = 0;
  for (size_t i = 0; i < n; i++) {
    long v = sum > 0 ? (long)(avail * weights[i] / sum) : avail / (long)n;
    if (v < 1) v = 1;
    out[i] = v;
    used += v;
  }
  if (n > 0 && avail - used + out[n - 1] >= 1) out[n - 1] += avail - used;
}

/* Left indent of block content at the current list and quote depth. */
static long block_indent(const rend *r) {
  long ind = (long)r->quote_depth * DOCX_QUOTE_STEP;
  if (r->n_lists > 0) ind += (long)DOCX_LIST_STEP * (r->lists[r->n_lists - 1].ilvl + 1);
  return ind;
}

static long avail_width(const rend *r, long indent) {
  long avail = r->c->text_width - indent;
  return avail < 1440 ? 1440 : avail;
}

/* ---- blocks ---- */

static void render_blocks(rend *r, const doc_block *blocks, size_t n);
static void render_block(rend *r, const doc_block *b, bool in_cell, doc_align align);

/* The paragraph of a cell without any: every cell needs one, last; in a
 * body row it shows DOC_EMPTY_CELL (doc_cell). */
static void empty_cell_para(rend *r, bool header, doc_align align) {
  ppr p;
  ppr_init(&p, header ? "TableHeading" : "TableText");
  p.in_cell = true;
  p.keep_next = r->keep_row;
  p.jc = align_jc(align);
  para_open(r, &p);
  if (!header) put_run(r, DOC_EMPTY_CELL, 0, NULL);
  para_close(r);
}

/* A cell without content, all of whose bytes these decide: a role
 * matrix has tens of thousands, nearly all alike. */
typedef struct {
  bool header, keep_row, head_row;
  unsigned span;
  doc_align align;
} empty_cell_said;

static void empty_cell_xml(xmlw *w, const void *arg) {
  const empty_cell_said *s = arg;
  rend r;
  rend_init(&r, NULL, w, NULL);
  r.keep_row = s->keep_row;
  r.in_head_row = s->head_row;
  cell_open(&r, s->header, s->span);
  empty_cell_para(&r, s->header, s->align);
  xmlw_end(w);
}

/* An empty cell: a stamp but where the mark of a footnote still has to
 * come (render_table puts it before the table: never, in practice). */
static void empty_cell(rend *r, bool header, unsigned span, doc_align align) {
  empty_cell_said s = {header, r->keep_row, r->in_head_row, span, align};
  if (r->note_ref_pending) {
    cell_open(r, header, span);
    empty_cell_para(r, header, align);
    xmlw_end(r->w);
    return;
  }
  xmlw_key k = {0};
  xmlw_key_long(&k, s.header | s.keep_row << 1 | s.head_row << 2);
  xmlw_key_long(&k, s.span);
  xmlw_key_long(&k, s.align);
  xmlw_stamp(r->w, &k, empty_cell_xml, &s);
}

/* The one row of empty cells a table without rows gets (a w:tbl needs a
 * w:tr). */
static void empty_row(rend *r, size_t n) {
  row_open(r, false, false, 0);
  for (size_t i = 0; i < n; i++) empty_cell(r, false, 0, DOC_ALIGN_DEFAULT);
  xmlw_end(r->w);
}

/* Opens a table whose columns have the relative widths rel (compose's
 * layout) on the text width less indent. */
static void open_grid(rend *r, const double *rel, size_t n, long indent) {
  double *weights = xmalloc(n * sizeof *weights);
  long *widths = xmalloc(n * sizeof *widths);
  for (size_t i = 0; i < n; i++) weights[i] = (rel && rel[i] > 0) ? rel[i] : 1.0;
  split_width(avail_width(r, indent), weights, n, widths);
  table_open(r, widths, n, indent);
  free(weights);
  free(widths);
}

/* Properties of a paragraph outside a table in the current context: the
 * style of its kind (body text in a tight list is compact), the list
 * number on an item's first paragraph, indentation for the paragraphs
 * after it and for quotes. */
static void context_ppr(rend *r, const doc_block *b, ppr *p) {
  long qind = (long)r->quote_depth * DOCX_QUOTE_STEP;
  const char *style = style_id(b->style);
  if (r->n_lists > 0 && b->style == DOC_STYLE_BODY && r->lists[r->n_lists - 1].tight) style = "Compact";
  ppr_init(p, style);
  p->keep_next = b->keep_with_next;
  if (r->n_lists > 0) {
    list_frame *f = &r->lists[r->n_lists - 1];
    long left = qind + (long)DOCX_LIST_STEP * (f->ilvl + 1);
    if (f->item_first) {
      p->num_id = f->num_id;
      p->ilvl = f->ilvl;
      f->item_first = false;
      if (qind > 0) {
        p->ind_left = left;
        p->ind_hanging = DOCX_LIST_STEP;
      }
    } else {
      p->ind_left = left;
      p->ind_hanging = 0;
    }
  } else if (r->quote_depth > 0) {
    p->ind_left = qind;
  }
}

/* An item whose first content is not a paragraph (a nested list, a
 * quote, a heading, nothing at all) still shows its number: on an empty
 * paragraph of its own. */
static void item_placeholder(rend *r) {
  if (r->n_lists == 0 || !r->lists[r->n_lists - 1].item_first) return;
  doc_block empty = {.kind = DOC_PARAGRAPH, .style = r->in_note ? DOC_STYLE_NOTE : DOC_STYLE_BODY};
  ppr p;
  context_ppr(r, &empty, &p);
  para_open(r, &p);
  para_close(r);
}

/* A footnote mark: the note itself where it stands (Word numbers the
 * notes in the order of their references, as compose did), a further
 * reference to it as its number in the reference style (Word has no
 * reference to a note but a field). */
static void put_note(rend *r, const doc_run *run) {
  if (!(run->flags & RUN_NOTE) || r->in_note) {
    put_run(r, run->text, run->flags & (RUN_INS | RUN_DEL), "FootnoteReference");
    return;
  }
  docx_ctx *c = r->c;
  xgrow((void **)&c->notes, &c->cap_notes, c->n_notes + 1, sizeof *c->notes);
  int id = (int)c->n_notes + 1;
  c->notes[c->n_notes++] = (docx_note){id, run->note};
  /* a note a redline inserts or deletes: its mark in w:ins or w:del, its
   * text marked in the note */
  bool change = open_change(r, run->flags);
  xmlw_start(r->w, "w:r");
  xmlw_start(r->w, "w:rPr");
  docx_val(r->w, "w:rStyle", "FootnoteReference");
  xmlw_end(r->w);
  xmlw_start(r->w, "w:footnoteReference");
  attr_long(r->w, "w:id", id);
  xmlw_end(r->w);
  xmlw_end(r->w);
  if (change) xmlw_end(r->w);
}

static void render_table(rend *r, const doc_block *b) {
  size_t n = b->n_cols;
  if (n == 0) return;
  item_placeholder(r);
  flush_page_break(r);
  if (r->note_ref_pending) { /* the note's mark goes before the table */
    ppr p;
    ppr_init(&p, "FootnoteText");
    para_open(r, &p);
    para_close(r);
  }
  open_grid(r, b->col_widths, n, block_indent(r));
  bool keep = (b->flags & DOC_TABLE_KEEP) != 0;
  for (size_t ri = 0; ri < b->n_rows; ri++) {
    const doc_row *row = &b->rows[ri];
    bool header = ri < b->n_header_rows;
    /* Word keeps a table together when each row keeps with the next; the
     * last row keeps with what follows when the table does (its legend),
     * and a header row always keeps with the first row under it, a row
     * with the rest of it (doc_row.with_prev) */
    r->keep_row = header || (ri + 1 < b->n_rows ? keep || b->rows[ri + 1].with_prev : b->keep_with_next);
    r->in_head_row = header;
    row_open(r, header, true, row_mark(row, n));
    for (size_t ci = 0; ci < n; ci++) {
      const doc_cell *cell = ci < row->n_cells ? &row->cells[ci] : NULL;
      if (cell && cell->covered) continue;
      /* an empty cell shows an empty paragraph of its row, aligned
       * (doc_cell) */
      if (!cell || cell->n_blocks == 0) {
        empty_cell(r, header, cell ? cell->span : 0, cell ? cell->align : DOC_ALIGN_DEFAULT);
        continue;
      }
      cell_open(r, header, cell->span);
      for (size_t k = 0; k < cell->n_blocks; k++) render_block(r, &cell->blocks[k], true, cell->align);
      xmlw_end(r->w); /* tc */
    }
    xmlw_end(r->w); /* tr */
  }
  r->keep_row = r->in_head_row = false;
  if (b->n_rows == 0) empty_row(r, n);
  xmlw_end(r->w); /* tbl */
  r->gap_pending = true;
}

/* A list: its own numbering instance (ordered lists restart at their
 * start), a level per nesting up to Word's nine. */
static void render_list(rend *r, const doc_block *b) {
  item_placeholder(r);
  int ilvl = r->n_lists < DOCX_LIST_LEVELS ? (int)r->n_lists : DOCX_LIST_LEVELS - 1;
  int num = (b->flags & DOC_LIST_ORDERED)
                ? docx_num_ordered(r->c, ilvl, b->start, (b->flags & DOC_LIST_PAREN) != 0)
                : docx_num_bullet(r->c);
  xgrow((void **)&r->lists, &r->cap_lists, r->n_lists + 1, sizeof *r->lists);
  size_t at = r->n_lists++;
  r->lists[at] = (list_frame){num, ilvl, (b->flags & DOC_LIST_TIGHT) != 0, false};
  for (size_t i = 0; i < b->n_items; i++) {
    r->lists[at].item_first = true;
    render_blocks(r, b->items[i].blocks, b->items[i].n_blocks);
    item_placeholder(r); /* an item that never showed its number */
  }
  r->n_lists--;
  /* a tight list's items sit close; what follows it does not */
  if (r->n_lists == 0 && (b->flags & DOC_LIST_TIGHT)) r->gap_pending = true;
}

static void render_heading(rend *r, const doc_block *b, bool in_cell) {
  item_placeholder(r);
  ppr p;
  ppr_init(&p, heading_style(b->level));
  /* kept with what follows and given the tab after its number here, not
   * only by the style, which a reference document may replace */
  p.keep_next = true;
  if (b->number && *b->number)
    p.tab = (long)((b->level <= 1 ? DOC_HEADING_TAB_CM : DOC_SUBHEADING_TAB_CM) * DOC_PT_PER_CM * DOCX_TWIPS_PER_PT + 0.5);
  p.in_cell = in_cell;
  p.mark = doc_block_change(b);
  para_open(r, &p);
  if (b->number && *b->number) {
    put_run(r, b->number, 0, NULL);
    put_run(r, "\t", 0, NULL); /* to the heading style's tab stop */
  }
  put_doc_runs(r, b->runs, b->n_runs);
  para_close(r);
}

static void render_paragraph(rend *r, const doc_block *b, bool in_cell, doc_align align) {
  ppr p;
  if (in_cell) {
    ppr_init(&p, style_id(b->style));
    p.keep_next = b->keep_with_next || r->keep_row;
    p.in_cell = true;
    p.jc = align_jc(align);
  } else {
    context_ppr(r, b, &p);
  }
  p.mark = doc_block_change(b);
  para_open(r, &p);
  put_doc_runs(r, b->runs, b->n_runs);
  para_close(r);
}

/* Recursion is bounded: lists and quotes nest no deeper than doc.h
 * allows, and a cell holds paragraphs. */
static void render_block(rend *r, const doc_block *b, bool in_cell, doc_align align) {
  switch (b->kind) {
  case DOC_HEADING: render_heading(r, b, in_cell); break;
  case DOC_PARAGRAPH: render_paragraph(r, b, in_cell, align); break;
  case DOC_TABLE: render_table(r, b); break;
  case DOC_LIST: render_list(r, b); break;
  case DOC_QUOTE:
    item_placeholder(r);
    r->quote_depth++;
    render_blocks(r, b->children, b->n_children);
    r->quote_depth--;
    break;
  case DOC_PAGE_BREAK:
    if (!in_cell && !r->in_note) r->page_break_pending = true;
    break;
  }
}

static void render_blocks(rend *r, const doc_block *blocks, size_t n) {
  for (size_t i = 0; i < n; i++) render_block(r, &blocks[i], false, DOC_ALIGN_DEFAULT);
}

static void rend_free(rend *r) { free(r->lists); }

void docx_body_write(docx_ctx *c, buf *out) {
  xmlw *w = xmlw_new();
  if (c->body_sink) xmlw_set_sink(w, c->body_sink, c->body_sink_ctx);
  if (c->body_feed) {
    xmlw_observe(w, doctext_feed_sax(), c->body_feed);
    xmlw_observe_ignores(w, doctext_feed_ignores);
  }
  rend r;
  rend_init(&r, c, w, &c->doc_rels);
  docx_root_start(w, "w:document");
  xmlw_start(w, "w:body");
  render_blocks(&r, c->d->blocks, c->d->n_blocks);
  /* a page break at the very end would only add an empty page */
  docx_sect_write(c, w);
  xmlw_end(w); /* body */
  xmlw_end(w); /* document */
  c->body_fed = c->body_feed && xmlw_observed_all(w);
  xmlw_finish(w, out);
  rend_free(&r);
}

/* The separator footnotes Word expects (ids -1 and 0, named in
 * settings.xml). */
static void separator_note(xmlw *w, int id, const char *type, const char *mark) {
  xmlw_start(w, "w:footnote");
  xmlw_attr(w, "w:type", type);
  attr_long(w, "w:id", id);
  xmlw_start(w, "w:p");
  xmlw_start(w, "w:pPr");
  xmlw_start(w, "w:spacing");
  xmlw_attr(w, "w:after", "0");
  xmlw_attr(w, "w:line", "240");
  xmlw_attr(w, "w:lineRule", "auto");
  xmlw_end(w);
  xmlw_end(w);
  xmlw_start(w, "w:r");
  docx_empty(w, mark);
  xmlw_end(w);
  xmlw_end(w);
  xmlw_end(w);
}

void docx_footnotes_write(docx_ctx *c, buf *out, xmlw_sink sink, void *sink_ctx) {
  xmlw *w = xmlw_new();
  if (sink) xmlw_set_sink(w, sink, sink_ctx);
  rend r;
  rend_init(&r, c, w, &c->note_rels);
  r.in_note = true;
  docx_root_start(w, "w:footnotes");
  separator_note(w, -1, "separator", "w:separator");
  separator_note(w, 0, "continuationSeparator", "w:continuationSeparator");
  for (size_t i = 0; i < c->n_notes; i++) {
    xmlw_start(w, "w:footnote");
    attr_long(w, "w:id", c->notes[i].id);
    r.n_lists = 0;
    r.quote_depth = 0;
    r.note_ref_pending = true;
    r.gap_pending = false;
    const doc_item *note = &c->d->notes[c->notes[i].note];
    render_blocks(&r, note->blocks, note->n_blocks);
    if (r.note_ref_pending) { /* an empty note still shows its mark */
      ppr p;
      ppr_init(&p, "FootnoteText");
      para_open(&r, &p);
      para_close(&r);
    }
    xmlw_end(w);
  }
  xmlw_end(w);
  xmlw_finish(w, out);
  rend_free(&r);
}
