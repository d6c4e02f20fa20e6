/* docx_body.c - renders the composed document into word/document.xml and
 * the body's footnotes into word/footnotes.xml. DOC_* blocks map onto
 * paragraphs and tables directly; the Markdown body is walked with
 * cmark_iter (never recursion: a body may nest thousands of levels), and
 * since WordprocessingML keeps lists and quotes flat (numbered, indented
 * paragraphs), the XML never nests deeper than a table cell. */
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "docx_int.h"

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
  bool gap_pending;        /* the next paragraph keeps its distance from a
                              table or tight list above it */
  list_frame *lists;
  size_t n_lists, cap_lists;
  int quote_depth;
  struct cmark_node **defs; /* footnote definitions of the current body */
  size_t n_defs, cap_defs;
  buf text; /* scratch for expanded text */
} rend;

/* Paragraph properties, written in schema order by write_ppr. */
typedef struct {
  const char *style;
  bool keep_next;
  int num_id, ilvl; /* num_id 0: not numbered */
  long ind_left;    /* -1: from the style */
  long ind_hanging;
  const char *jc;
  bool in_cell; /* page breaks wait for a paragraph outside the table */
} ppr;

static const char *const style_ids[DOC_STYLE__COUNT] = {
    [DOC_STYLE_BODY] = "BodyText",        [DOC_STYLE_TITLE] = "Title",
    [DOC_STYLE_SUBTITLE] = "Subtitle",    [DOC_STYLE_META] = "Meta",
    [DOC_STYLE_PARTY] = "Party",          [DOC_STYLE_TABLE] = "TableText",
    [DOC_STYLE_TABLE_HEAD] = "TableHeading", [DOC_STYLE_LEGEND] = "Legend",
    [DOC_STYLE_SIGNATURE] = "Signature",  [DOC_STYLE_SIGN_LINE] = "SignatureLine",
};

static const char *const heading_styles[] = {"Heading1", "Heading2", "Heading3"};

#define HEAD_FILL "D9E2F3" /* shading of table header cells */
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
static void put_text(rend *r, const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    size_t j = i;
    while (j < len && s[j] != '\t' && s[j] != '\n' && s[j] != '\r') j++;
    if (j > i) docx_t(r->w, "w:t", s + i, j - i);
    if (j < len) {
      if (s[j] == '\t') docx_empty(r->w, "w:tab");
      else if (s[j] == '\n') docx_empty(r->w, "w:br");
      else if (j + 1 >= len || s[j + 1] != '\n') docx_empty(r->w, "w:br"); /* lone CR */
      j++;
    }
    i = j;
  }
}

/* Opens w:r with its properties (rPr children in schema order). */
static void open_run(rend *r, unsigned flags, const char *rstyle) {
  xmlw *w = r->w;
  xmlw_start(w, "w:r");
  if (!rstyle && (flags & RUN_CODE)) rstyle = "VerbatimChar";
  if (!rstyle && !(flags & (RUN_BOLD | RUN_ITALIC | RUN_STRIKE))) return;
  xmlw_start(w, "w:rPr");
  if (rstyle) docx_val(w, "w:rStyle", rstyle);
  if (flags & RUN_BOLD) {
    docx_empty(w, "w:b");
    docx_empty(w, "w:bCs");
  }
  if (flags & RUN_ITALIC) {
    docx_empty(w, "w:i");
    docx_empty(w, "w:iCs");
  }
  if (flags & RUN_STRIKE) docx_empty(w, "w:strike");
  xmlw_end(w);
}

static void put_run(rend *r, const char *s, size_t len, unsigned flags, const char *rstyle) {
  if (len == 0) return;
  open_run(r, flags, rstyle);
  put_text(r, s, len);
  xmlw_end(r->w);
}

static void put_break(rend *r, const char *type) {
  xmlw_start(r->w, "w:r");
  xmlw_start(r->w, "w:br");
  if (type) xmlw_attr(r->w, "w:type", type);
  xmlw_end(r->w);
  xmlw_end(r->w);
}

/* Starts a hyperlink to url when the document may carry it; returns
 * whether one was opened. */
static bool open_link(rend *r, const char *url) {
  char *target = doc_link_target(url, NULL);
  if (!target) return false;
  const char *id = docx_rels_add(r->rels, DOCX_REL_HYPERLINK, target, true);
  free(target);
  xmlw_start(r->w, "w:hyperlink");
  xmlw_attr(r->w, "r:id", id);
  return true;
}

/* The runs of a DOC_HEADING or DOC_PARAGRAPH. */
static void put_doc_runs(rend *r, const doc_run *runs, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const doc_run *run = &runs[i];
    if (run->flags & RUN_BREAK) {
      put_break(r, NULL);
      continue;
    }
    if (!run->text) continue;
    bool link = open_link(r, run->href);
    put_run(r, run->text, strlen(run->text), run->flags, link ? "Hyperlink" : NULL);
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

/* w:pPr; the pending page break and gap are taken here. */
static void write_ppr(rend *r, const ppr *p) {
  xmlw *w = r->w;
  const char *style = p->style, *jc = p->jc;
  const char *centred = jc && strcmp(jc, "center") == 0 ? centred_style(style) : NULL;
  if (centred) style = centred, jc = NULL;
  bool page_break = r->page_break_pending && !r->in_note && !p->in_cell;
  if (page_break) r->page_break_pending = false;
  bool gap = r->gap_pending && !p->in_cell;
  if (gap) r->gap_pending = false;
  if (gap && style && strncmp(style, "Heading", 7) == 0) gap = false; /* has its own */
  xmlw_start(w, "w:pPr");
  if (style) docx_val(w, "w:pStyle", style);
  if (p->keep_next) docx_empty(w, "w:keepNext");
  if (page_break) docx_empty(w, "w:pageBreakBefore");
  if (p->num_id > 0) {
    xmlw_start(w, "w:numPr");
    xmlw_start(w, "w:ilvl");
    attr_long(w, "w:val", p->ilvl);
    xmlw_end(w);
    xmlw_start(w, "w:numId");
    attr_long(w, "w:val", p->num_id);
    xmlw_end(w);
    xmlw_end(w);
  }
  if (gap) {
    xmlw_start(w, "w:spacing");
    xmlw_attr(w, "w:before", GAP_BEFORE);
    xmlw_end(w);
  }
  if (p->ind_left >= 0) {
    xmlw_start(w, "w:ind");
    attr_long(w, "w:left", p->ind_left);
    if (p->ind_hanging > 0) attr_long(w, "w:hanging", p->ind_hanging);
    else if (p->ind_hanging == 0) attr_long(w, "w:firstLine", 0);
    xmlw_end(w);
  }
  if (jc) docx_val(w, "w:jc", jc);
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
  put_run(r, " ", 1, 0, NULL);
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

/* w:tblPr. */
static void table_props(rend *r, long total, long indent) {
  xmlw *w = r->w;
  xmlw_start(w, "w:tblPr");
  docx_val(w, "w:tblStyle", "ContractTable");
  xmlw_start(w, "w:tblW");
  attr_long(w, "w:w", total);
  xmlw_attr(w, "w:type", "dxa");
  xmlw_end(w);
  if (indent > 0) {
    xmlw_start(w, "w:tblInd");
    attr_long(w, "w:w", indent);
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

/* Table start: properties and grid. widths in twips, indent from the
 * left margin (lists, quotes). */
static void table_open(rend *r, const long *widths, size_t n, long indent) {
  xmlw *w = r->w;
  long total = 0;
  for (size_t i = 0; i < n; i++)
    total += widths[i];
  xmlw_start(w, "w:tbl");
  table_props(r, total, indent);
  xmlw_start(w, "w:tblGrid");
  for (size_t i = 0; i < n; i++) {
    xmlw_start(w, "w:gridCol");
    attr_long(w, "w:w", widths[i]);
    xmlw_end(w);
  }
  xmlw_end(w);
}

static void row_open(rend *r, bool header, bool cant_split) {
  xmlw_start(r->w, "w:tr");
  if (!header && !cant_split) return;
  xmlw_start(r->w, "w:trPr");
  if (cant_split) docx_empty(r->w, "w:cantSplit");
  if (header) docx_empty(r->w, "w:tblHeader");
  xmlw_end(r->w);
}

/* A cell takes its width from the table's grid (w:tblGrid, fixed layout),
 * as Word and LibreOffice both do when it has no w:tcW of its own; only a
 * header cell has properties: its shading. (A w:tcW per cell was a fifth
 * of a role matrix's XML and of the time spent writing it.) */
static void cell_open(rend *r, bool header) {
  xmlw *w = r->w;
  xmlw_start(w, "w:tc");
  if (!header) return;
  xmlw_start(w, "w:tcPr");
  xmlw_start(w, "w:shd");
  xmlw_attr(w, "w:val", "clear");
  xmlw_attr(w, "w:color", "auto");
  xmlw_attr(w, "w:fill", HEAD_FILL);
  xmlw_end(w);
  xmlw_end(w);
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
  int q = r->quote_depth < DOCX_QUOTE_MAX ? r->quote_depth : DOCX_QUOTE_MAX;
  long ind = (long)q * DOCX_QUOTE_STEP;
  if (r->n_lists > 0) ind += (long)DOCX_LIST_STEP * (r->lists[r->n_lists - 1].ilvl + 1);
  return ind;
}

static long avail_width(const rend *r, long indent) {
  long avail = r->c->text_width - indent;
  return avail < 1440 ? 1440 : avail;
}

/* ---- composed blocks ---- */

static void render_block(rend *r, const doc_block *b, bool in_cell, doc_align align);
static void md_render(rend *r, struct cmark_node *root);

/* An empty paragraph closing a cell: every cell needs one, last. */
static void empty_cell_para(rend *r, bool header, doc_align align) {
  ppr p;
  ppr_init(&p, header ? "TableHeading" : "TableText");
  p.in_cell = true;
  p.jc = align_jc(align);
  para_open(r, &p);
  para_close(r);
}

/* The one row of empty cells a table without rows gets (a w:tbl needs a
 * w:tr). */
static void empty_row(rend *r, size_t n) {
  row_open(r, false, false);
  for (size_t i = 0; i < n; i++) {
    cell_open(r, false);
    empty_cell_para(r, false, DOC_ALIGN_DEFAULT);
    xmlw_end(r->w);
  }
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

static void render_doc_table(rend *r, const doc_block *b) {
  size_t n = b->n_cols;
  if (n == 0) return;
  flush_page_break(r);
  open_grid(r, b->col_widths, n, 0);
  for (size_t ri = 0; ri < b->n_rows; ri++) {
    const doc_row *row = &b->rows[ri];
    bool header = ri < b->n_header_rows;
    row_open(r, header, true);
    for (size_t ci = 0; ci < n; ci++) {
      const doc_cell *cell = ci < row->n_cells ? &row->cells[ci] : NULL;
      cell_open(r, header);
      bool ends_with_para = false;
      for (size_t k = 0; cell && k < cell->n_blocks; k++) {
        render_block(r, &cell->blocks[k], true, cell->align);
        ends_with_para = cell->blocks[k].kind != DOC_TABLE;
      }
      /* an empty cell shows an empty paragraph of its row, aligned
       * (doc_cell); one that ends with a table needs one after it */
      if (!ends_with_para)
        empty_cell_para(r, header, cell && cell->n_blocks == 0 ? cell->align : DOC_ALIGN_DEFAULT);
      xmlw_end(r->w); /* tc */
    }
    xmlw_end(r->w); /* tr */
  }
  if (b->n_rows == 0) empty_row(r, n);
  xmlw_end(r->w); /* tbl */
}

static void render_block(rend *r, const doc_block *b, bool in_cell, doc_align align) {
  ppr p;
  switch (b->kind) {
  case DOC_HEADING:
    ppr_init(&p, heading_style(b->level));
    p.keep_next = true;
    p.in_cell = in_cell;
    para_open(r, &p);
    if (b->number && *b->number) {
      put_run(r, b->number, strlen(b->number), 0, NULL);
      put_run(r, "\t", 1, 0, NULL); /* to the heading style's tab stop */
    }
    put_doc_runs(r, b->runs, b->n_runs);
    para_close(r);
    break;
  case DOC_PARAGRAPH:
    ppr_init(&p, style_id(b->style));
    p.keep_next = b->keep_with_next;
    p.in_cell = in_cell;
    p.jc = in_cell ? align_jc(align) : NULL;
    para_open(r, &p);
    put_doc_runs(r, b->runs, b->n_runs);
    para_close(r);
    break;
  case DOC_TABLE:
    render_doc_table(r, b);
    break;
  case DOC_MARKDOWN:
    if (b->md) md_render(r, b->md);
    break;
  case DOC_PAGE_BREAK:
    if (!in_cell) r->page_break_pending = true;
    break;
  }
}

/* ---- the Markdown body ---- */

static bool node_is(struct cmark_node *n, const char *type_name) {
  return strcmp(cmark_node_get_type_string(n), type_name) == 0;
}

/* Properties of a body paragraph in the current context: the style of
 * its surroundings (or style), the list number on an item's first
 * paragraph, indentation for continuation paragraphs and quotes. */
static void md_ppr(rend *r, const char *style, ppr *p) {
  int q = r->quote_depth < DOCX_QUOTE_MAX ? r->quote_depth : DOCX_QUOTE_MAX;
  long qind = (long)q * DOCX_QUOTE_STEP;
  if (!style) {
    if (r->in_note) style = "FootnoteText";
    else if (r->n_lists > 0 && r->lists[r->n_lists - 1].tight) style = "Compact";
    else if (r->n_lists == 0 && r->quote_depth > 0) style = "BlockText";
    else style = "BodyText";
  }
  ppr_init(p, style);
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
 * table, a heading, nothing at all) still shows its number: on an empty
 * paragraph of its own. */
static void item_placeholder(rend *r) {
  if (r->n_lists == 0 || !r->lists[r->n_lists - 1].item_first) return;
  ppr p;
  md_ppr(r, NULL, &p);
  para_open(r, &p);
  para_close(r);
}

static unsigned inline_flags(int emph, int strong, int strike) {
  return (emph > 0 ? RUN_ITALIC : 0) | (strong > 0 ? RUN_BOLD : 0) | (strike > 0 ? RUN_STRIKE : 0);
}

/* A footnote reference: cmark-gfm numbers referenced definitions 1, 2, ...
 * in order of first reference, stores that number as the reference's
 * literal and moves the definitions, in that order, to the end of the
 * document. Each reference becomes a Word footnote of its own. A
 * reference inside a note (Word has no notes in notes) stays a
 * superscript number. */
static void md_note_ref(rend *r, struct cmark_node *n) {
  const char *lit = cmark_node_get_literal(n);
  char *end = NULL;
  long k = lit ? strtol(lit, &end, 10) : 0;
  struct cmark_node *def = (k >= 1 && (size_t)k <= r->n_defs && end && *end == '\0') ? r->defs[k - 1] : NULL;
  if (!def || r->in_note) {
    if (lit) put_run(r, lit, strlen(lit), 0, "FootnoteReference");
    return;
  }
  docx_ctx *c = r->c;
  xgrow((void **)&c->notes, &c->cap_notes, c->n_notes + 1, sizeof *c->notes);
  int id = (int)c->n_notes + 1;
  c->notes[c->n_notes++] = (docx_note){id, def};
  xmlw_start(r->w, "w:r");
  xmlw_start(r->w, "w:rPr");
  docx_val(r->w, "w:rStyle", "FootnoteReference");
  xmlw_end(r->w);
  xmlw_start(r->w, "w:footnoteReference");
  attr_long(r->w, "w:id", id);
  xmlw_end(r->w);
  xmlw_end(r->w);
}

/* Text of a Markdown text node with {{ variables }} replaced. */
static void put_md_text(rend *r, struct cmark_node *n, unsigned flags, const char *rstyle) {
  const char *lit = cmark_node_get_literal(n);
  if (!lit) return;
  size_t len = strlen(lit);
  if (r->c->d->contract) {
    buf_reset(&r->text);
    doc_expand_text(r->c->d, n, &r->text);
    put_run(r, r->text.data ? r->text.data : "", r->text.len, flags, rstyle);
  } else {
    put_run(r, lit, len, flags, rstyle);
  }
}

/* The inlines of a paragraph, heading or table cell, as runs. */
static void md_inlines(rend *r, struct cmark_node *parent) {
  cmark_iter *it = cmark_iter_new(parent);
  cmark_event_type ev;
  int emph = 0, strong = 0, strike = 0;
  struct cmark_node *link = NULL; /* the link whose w:hyperlink is open */
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    struct cmark_node *n = cmark_iter_get_node(it);
    if (n == parent) continue;
    bool enter = ev == CMARK_EVENT_ENTER;
    const char *rstyle = link ? "Hyperlink" : NULL;
    unsigned flags = inline_flags(emph, strong, strike);
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_EMPH: emph += enter ? 1 : -1; break;
    case CMARK_NODE_STRONG: strong += enter ? 1 : -1; break;
    case CMARK_NODE_TEXT: put_md_text(r, n, flags, rstyle); break;
    case CMARK_NODE_CODE: {
      const char *lit = cmark_node_get_literal(n);
      if (lit) put_run(r, lit, strlen(lit), flags | RUN_CODE, rstyle);
      break;
    }
    case CMARK_NODE_HTML_INLINE: { /* raw HTML is shown, never interpreted */
      const char *lit = cmark_node_get_literal(n);
      if (lit) put_run(r, lit, strlen(lit), flags, rstyle);
      break;
    }
    case CMARK_NODE_SOFTBREAK: put_run(r, " ", 1, flags, rstyle); break;
    case CMARK_NODE_LINEBREAK: put_break(r, NULL); break;
    case CMARK_NODE_LINK:
      if (enter && !link) {
        if (open_link(r, cmark_node_get_url(n))) link = n;
      } else if (!enter && n == link) {
        xmlw_end(r->w);
        link = NULL;
      }
      break;
    case CMARK_NODE_FOOTNOTE_REFERENCE:
      if (enter) md_note_ref(r, n);
      break;
    default:
      if (node_is(n, "strikethrough")) strike += enter ? 1 : -1;
      /* images: their alt text follows as text nodes */
      break;
    }
  }
  cmark_iter_free(it);
}

static void md_paragraph(rend *r, struct cmark_node *n) {
  ppr p;
  md_ppr(r, NULL, &p);
  para_open(r, &p);
  md_inlines(r, n);
  para_close(r);
}

static void md_heading(rend *r, struct cmark_node *n) {
  item_placeholder(r);
  ppr p;
  ppr_init(&p, r->in_note ? "FootnoteText" : heading_style(cmark_node_get_heading_level(n)));
  p.keep_next = !r->in_note;
  para_open(r, &p);
  const char *number = doc_md_heading_number(r->c->d, n);
  if (number && *number) {
    put_run(r, number, strlen(number), r->in_note ? RUN_BOLD : 0, NULL);
    put_run(r, "\t", 1, 0, NULL);
  }
  md_inlines(r, n);
  para_close(r);
}

/* A code block, or a raw HTML block shown as text: one paragraph, its
 * lines separated by w:br, spaces kept. */
static void md_literal_block(rend *r, struct cmark_node *n, const char *style) {
  const char *lit = cmark_node_get_literal(n);
  size_t len = lit ? strlen(lit) : 0;
  while (len > 0 && (lit[len - 1] == '\n' || lit[len - 1] == '\r')) len--;
  ppr p;
  md_ppr(r, style, &p);
  para_open(r, &p);
  put_run(r, lit, len, 0, NULL);
  para_close(r);
}

static const char *md_align(const uint8_t *aligns, size_t i) {
  switch (aligns ? aligns[i] : 0) {
  case 'l': return "left";
  case 'c': return "center";
  case 'r': return "right";
  default: return NULL;
  }
}

/* A GFM table: columns as wide as their longest text (within bounds),
 * the header row repeated on each page, alignment as paragraph jc. Rows
 * with fewer cells get empty ones; every cell gets a paragraph. */
static void md_table(rend *r, struct cmark_node *table) {
  size_t n = cmark_gfm_extensions_get_table_columns(table);
  if (n == 0) return;
  item_placeholder(r);
  flush_page_break(r);
  if (r->note_ref_pending) { /* the note's mark goes before the table */
    ppr p;
    ppr_init(&p, "FootnoteText");
    para_open(r, &p);
    para_close(r);
  }
  const uint8_t *aligns = cmark_gfm_extensions_get_table_alignments(table);
  long indent = block_indent(r);
  double *rel = xmalloc(n * sizeof *rel);
  doc_md_table_widths(r->c->d, table, n, (double)avail_width(r, indent) / DOCX_TWIPS_PER_PT, rel);
  open_grid(r, rel, n, indent);
  free(rel);
  size_t rows = 0;
  for (struct cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row)) {
    bool header = cmark_gfm_extensions_get_table_row_is_header(row) != 0;
    row_open(r, header, false);
    struct cmark_node *cell = cmark_node_first_child(row);
    for (size_t i = 0; i < n; i++) {
      cell_open(r, header);
      ppr p;
      ppr_init(&p, header ? "TableHeading" : "TableText");
      p.jc = md_align(aligns, i);
      p.in_cell = true;
      para_open(r, &p);
      if (cell) md_inlines(r, cell);
      para_close(r);
      xmlw_end(r->w); /* tc */
      if (cell) cell = cmark_node_next(cell);
    }
    xmlw_end(r->w); /* tr */
    rows++;
  }
  if (rows == 0) empty_row(r, n);
  xmlw_end(r->w); /* tbl */
  r->gap_pending = true;
}

static void list_push(rend *r, struct cmark_node *list) {
  item_placeholder(r);
  int ilvl = r->n_lists < DOCX_LIST_LEVELS ? (int)r->n_lists : DOCX_LIST_LEVELS - 1;
  int num;
  if (cmark_node_get_list_type(list) == CMARK_ORDERED_LIST)
    num = docx_num_ordered(r->c, ilvl, cmark_node_get_list_start(list),
                           cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM);
  else
    num = docx_num_bullet(r->c);
  xgrow((void **)&r->lists, &r->cap_lists, r->n_lists + 1, sizeof *r->lists);
  r->lists[r->n_lists++] = (list_frame){num, ilvl, cmark_node_get_list_tight(list) != 0, false};
}

/* Collects the footnote definitions (children of the document node). */
static void collect_defs(rend *r, struct cmark_node *root) {
  r->n_defs = 0;
  if (cmark_node_get_type(root) != CMARK_NODE_DOCUMENT) return;
  for (struct cmark_node *n = cmark_node_first_child(root); n; n = cmark_node_next(n)) {
    if (cmark_node_get_type(n) != CMARK_NODE_FOOTNOTE_DEFINITION) continue;
    xgrow((void **)&r->defs, &r->cap_defs, r->n_defs + 1, sizeof *r->defs);
    r->defs[r->n_defs++] = n;
  }
}

/* Walks a Markdown tree from root (a document, or a footnote definition
 * when writing notes). Leaves and nodes rendered whole (paragraphs,
 * headings, tables) are skipped over with cmark_iter_reset. */
static void md_walk(rend *r, struct cmark_node *root) {
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    struct cmark_node *n = cmark_iter_get_node(it);
    bool enter = ev == CMARK_EVENT_ENTER;
    bool skip = false;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_BLOCK_QUOTE:
      if (enter) item_placeholder(r);
      r->quote_depth += enter ? 1 : -1;
      break;
    case CMARK_NODE_LIST:
      if (enter) {
        list_push(r, n);
      } else if (r->n_lists > 0) {
        r->n_lists--;
        /* a tight list's items sit close; what follows it does not */
        if (r->n_lists == 0 && cmark_node_get_list_tight(n)) r->gap_pending = true;
      }
      break;
    case CMARK_NODE_ITEM:
      if (enter && r->n_lists > 0) r->lists[r->n_lists - 1].item_first = true;
      else if (!enter) item_placeholder(r); /* an empty item */
      break;
    case CMARK_NODE_PARAGRAPH:
      md_paragraph(r, n);
      skip = true;
      break;
    case CMARK_NODE_HEADING:
      md_heading(r, n);
      skip = true;
      break;
    case CMARK_NODE_CODE_BLOCK: md_literal_block(r, n, "SourceCode"); break;
    case CMARK_NODE_HTML_BLOCK: md_literal_block(r, n, NULL); break;
    case CMARK_NODE_THEMATIC_BREAK:
      if (!r->in_note) r->page_break_pending = true;
      break;
    case CMARK_NODE_FOOTNOTE_DEFINITION:
      skip = n != root; /* rendered in footnotes.xml */
      break;
    default:
      if (enter && node_is(n, "table")) {
        md_table(r, n);
        skip = true;
      }
      break;
    }
    if (skip && enter) cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
  }
  cmark_iter_free(it);
}

static void md_render(rend *r, struct cmark_node *root) {
  collect_defs(r, root);
  r->n_lists = 0;
  r->quote_depth = 0;
  md_walk(r, root);
}

static void rend_init(rend *r, docx_ctx *c, xmlw *w, docx_rels *rels) {
  memset(r, 0, sizeof *r);
  r->c = c;
  r->w = w;
  r->rels = rels;
  buf_init(&r->text);
}

static void rend_free(rend *r) {
  free(r->lists);
  free(r->defs);
  buf_free(&r->text);
}

void docx_body_write(docx_ctx *c, buf *out) {
  xmlw *w = xmlw_new();
  if (c->body_sink) xmlw_set_sink(w, c->body_sink, c->body_sink_ctx);
  rend r;
  rend_init(&r, c, w, &c->doc_rels);
  docx_root_start(w, "w:document");
  xmlw_start(w, "w:body");
  for (size_t i = 0; i < c->d->n_blocks; i++) render_block(&r, &c->d->blocks[i], false, DOC_ALIGN_DEFAULT);
  /* a page break at the very end would only add an empty page */
  docx_sect_write(c, w);
  xmlw_end(w); /* body */
  xmlw_end(w); /* document */
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
    md_walk(&r, c->notes[i].def);
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
