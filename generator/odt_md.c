/* odt_md.c - the contract body (a cmark-gfm tree) as ODF text, walked with
 * cmark_iter: no recursion over the tree, list nesting and quote
 * indentation clamped, inline formatting flattened into one span per text
 * so the XML stays shallow however deep the Markdown nests. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "odt_impl.h"

typedef enum { TABLE_NONE, TABLE_REAL, TABLE_FLAT } table_mode;

typedef struct {
  odt_ctx *x;
  size_t lists;       /* list nodes entered (may exceed the clamp) */
  size_t quotes;
  unsigned emph, strong, strike, code_span; /* open inline formatting */
  cmark_node *link;   /* the link that opened a text:a, if any */
  const char *href;
  bool in_para;
  table_mode table;
  bool table_head_row;
  size_t cell, n_cols;
  const uint8_t *aligns;
  buf scratch;
} walker;

static unsigned flags_of(const walker *k) {
  return (k->strong ? RUN_BOLD : 0) | (k->emph ? RUN_ITALIC : 0) | (k->strike ? RUN_STRIKE : 0) |
         (k->code_span ? RUN_CODE : 0);
}

static bool is_ext(cmark_node *n, const char *name) {
  const char *t = cmark_node_get_type_string(n);
  return t && strcmp(t, name) == 0;
}

/* Style of a body paragraph: footnote, quotation level, or body text. */
static const char *para_style(walker *k, char *tmp, size_t n) {
  if (k->x->in_note) return "Footnote";
  if (k->quotes > 0) {
    snprintf(tmp, n, "wkQ%zu", k->quotes < ODT_MAX_QUOTE_DEPTH ? k->quotes : (size_t)ODT_MAX_QUOTE_DEPTH);
    return tmp;
  }
  return "Text_20_body";
}

static void open_para(walker *k, const char *element, const char *style) {
  char tmp[16];
  odt_para_start(k->x, element, style ? style : para_style(k, tmp, sizeof tmp));
  k->in_para = true;
}

static void close_para(walker *k) {
  odt_para_end(k->x);
  k->in_para = false;
}

/* Text of the body with {{ variables }} replaced. */
static void put_expanded(walker *k, cmark_node *n, unsigned extra) {
  if (!cmark_node_get_literal(n)) return;
  k->x->more = true; /* cmark trims paragraph ends: text goes on */
  buf_reset(&k->scratch);
  doc_expand_text(k->x->d, n, &k->scratch);
  odt_put_run(k->x, k->scratch.data ? k->scratch.data : "", k->scratch.len, flags_of(k) | extra, NULL);
}

static void put_plain(walker *k, const char *s, size_t len, unsigned extra) {
  k->x->more = true;
  odt_put_run(k->x, s, len, flags_of(k) | extra, NULL);
}

/* A code block: every space and line kept. */
static void code_block(walker *k, cmark_node *n) {
  const char *s = cmark_node_get_literal(n);
  size_t len = s ? strlen(s) : 0;
  while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r')) len--;
  open_para(k, "text:p", k->x->in_note ? "Footnote" : "Preformatted_20_Text");
  if (len) odt_put_text(k->x, s, len);
  close_para(k);
}

/* Raw HTML is not passed into the document: its source shows as text. */
static void html_block(walker *k, cmark_node *n) {
  const char *s = cmark_node_get_literal(n);
  size_t len = s ? strlen(s) : 0;
  while (len > 0 && s[len - 1] == '\n') len--;
  open_para(k, "text:p", NULL);
  if (len) put_plain(k, s, len, 0);
  close_para(k);
}

static void heading_enter(walker *k, cmark_node *n) {
  int level = cmark_node_get_heading_level(n);
  int style_level = level < 1 ? 1 : level > 4 ? 4 : level;
  char style[32];
  snprintf(style, sizeof style, "Heading_20_%d", style_level);
  open_para(k, "text:h", style);
  xmlw_attrf(k->x->w, "text:outline-level", "%d", level < 1 ? 1 : level > 10 ? 10 : level);
  const char *num = doc_md_heading_number(k->x->d, n);
  if (num) {
    k->x->more = true;
    odt_put_text(k->x, num, strlen(num));
    xmlw_element(k->x->w, "text:tab", NULL, NULL);
    k->x->last_was_space = true;
  }
}

static void list_enter(walker *k, cmark_node *n) {
  k->lists++;
  if (k->lists > ODT_MAX_LIST_DEPTH) return;
  xmlw_start(k->x->w, "text:list");
  bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
  xmlw_attr(k->x->w, "text:style-name", ordered ? "wk_Number" : "wk_Bullet");
}

static void list_exit(walker *k) {
  if (k->lists <= ODT_MAX_LIST_DEPTH) xmlw_end(k->x->w);
  k->lists--;
}

static void item_enter(walker *k, cmark_node *n) {
  if (k->lists > ODT_MAX_LIST_DEPTH) return;
  xmlw_start(k->x->w, "text:list-item");
  cmark_node *list = cmark_node_parent(n);
  /* every ordered list states its start on its first item, so each list
   * restarts its numbering instead of continuing a previous one */
  if (list && cmark_node_get_list_type(list) == CMARK_ORDERED_LIST && cmark_node_first_child(list) == n) {
    int start = cmark_node_get_list_start(list);
    xmlw_attrf(k->x->w, "text:start-value", "%d", start < 0 ? 0 : start);
  }
}

static void item_exit(walker *k) {
  if (k->lists <= ODT_MAX_LIST_DEPTH) xmlw_end(k->x->w);
}

static void table_enter(walker *k, cmark_node *n) {
  /* a table cannot sit in a list item (nor inside a paragraph): its rows
   * become paragraphs there */
  if (k->lists > 0 || k->in_para) {
    k->table = TABLE_FLAT;
    return;
  }
  k->table = TABLE_REAL;
  k->n_cols = cmark_gfm_extensions_get_table_columns(n);
  if (k->n_cols == 0) k->n_cols = 1;
  k->aligns = cmark_gfm_extensions_get_table_alignments(n);
  double *w = xmalloc(k->n_cols * sizeof *w);
  doc_md_table_widths(k->x->d, n, k->n_cols,
                      k->x->d->meta.landscape ? DOC_TABLE_BUDGET_LANDSCAPE : DOC_TABLE_BUDGET_PORTRAIT, w);
  odt_table_begin(k->x, w, k->n_cols);
  free(w);
}

static void table_exit(walker *k) {
  if (k->table == TABLE_REAL) xmlw_end(k->x->w);
  k->table = TABLE_NONE;
}

static void row_enter(walker *k, cmark_node *n) {
  k->cell = 0;
  if (k->table == TABLE_FLAT) {
    open_para(k, "text:p", NULL);
    return;
  }
  k->table_head_row = cmark_gfm_extensions_get_table_row_is_header(n) != 0;
  if (k->table_head_row) xmlw_start(k->x->w, "table:table-header-rows");
  xmlw_start(k->x->w, "table:table-row");
  if (k->table_head_row) xmlw_attr(k->x->w, "table:style-name", "wkHeadRow");
}

static void cell_open(walker *k) {
  xmlw_start(k->x->w, "table:table-cell");
  xmlw_attr(k->x->w, "table:style-name", k->table_head_row ? "wkHeadCell" : "wkCell");
  xmlw_attr(k->x->w, "office:value-type", "string");
  doc_align a = DOC_ALIGN_DEFAULT;
  if (k->aligns && k->cell < k->n_cols) {
    switch (k->aligns[k->cell]) {
    case 'l': a = DOC_ALIGN_LEFT; break;
    case 'c': a = DOC_ALIGN_CENTER; break;
    case 'r': a = DOC_ALIGN_RIGHT; break;
    default: break;
    }
  }
  open_para(k, "text:p", odt_cell_para_style(k->table_head_row, a));
}

static void cell_close(walker *k) {
  close_para(k);
  xmlw_end(k->x->w);
  k->cell++;
}

static void row_exit(walker *k) {
  if (k->table == TABLE_FLAT) {
    close_para(k);
    return;
  }
  while (k->cell < k->n_cols) { /* short rows still fill the grid */
    cell_open(k);
    cell_close(k);
  }
  xmlw_end(k->x->w);
  if (k->table_head_row) xmlw_end(k->x->w);
  k->table_head_row = false;
}

/* Returns false when the cell's content is to be skipped (a cell beyond
 * the table's columns). */
static bool cell_enter(walker *k) {
  if (k->table == TABLE_FLAT) {
    if (k->cell++ > 0) put_plain(k, " | ", 3, 0);
    return true;
  }
  if (k->cell >= k->n_cols) return false;
  cell_open(k);
  return true;
}

static void cell_exit(walker *k) {
  if (k->table == TABLE_REAL) cell_close(k);
}

static void walk(odt_ctx *x, cmark_node *root, bool skip_root);

/* A footnote: the first reference carries the note, later ones refer to
 * it; inside a note (no notes in notes) the number shows as text. */
static void footnote_ref(walker *k, cmark_node *n) {
  const char *lit = cmark_node_get_literal(n);
  long ix = lit ? strtol(lit, NULL, 10) : 0;
  odt_ctx *x = k->x;
  if (ix < 1 || (size_t)ix > x->n_notes || x->in_note) {
    char *t = xasprintf("[%s]", lit ? lit : "?");
    put_plain(k, t, strlen(t), 0);
    free(t);
    return;
  }
  char id[32];
  snprintf(id, sizeof id, "wkfn%ld", ix);
  if (x->note_written[ix - 1]) {
    /* superscript like the note's own citation */
    xmlw_start(x->w, "text:span");
    xmlw_attr(x->w, "text:style-name", "Footnote_20_anchor");
    xmlw_start(x->w, "text:note-ref");
    xmlw_attr(x->w, "text:note-class", "footnote");
    xmlw_attr(x->w, "text:reference-format", "text");
    xmlw_attr(x->w, "text:ref-name", id);
    xmlw_texts(x->w, lit);
    xmlw_end(x->w);
    xmlw_end(x->w);
    x->last_was_space = false;
    return;
  }
  x->note_written[ix - 1] = true;
  xmlw_start(x->w, "text:note");
  xmlw_attr(x->w, "text:id", id);
  xmlw_attr(x->w, "text:note-class", "footnote");
  xmlw_element(x->w, "text:note-citation", NULL, lit);
  xmlw_start(x->w, "text:note-body");
  bool at = x->at_para_start, sp = x->last_was_space;
  x->in_note = true;
  walk(x, x->notes[ix - 1], true);
  x->in_note = false;
  xmlw_end(x->w);
  xmlw_end(x->w);
  x->at_para_start = at;
  x->last_was_space = sp;
}

static void link_enter(walker *k, cmark_node *n) {
  const char *url = cmark_node_get_url(n);
  char *target = k->link ? NULL : doc_link_target(url, NULL);
  if (!target) return;
  k->link = n;
  xmlw_start(k->x->w, "text:a");
  xmlw_attr(k->x->w, "xlink:type", "simple");
  xmlw_attr(k->x->w, "xlink:href", target);
  free(target);
  xmlw_attr(k->x->w, "text:style-name", "Internet_20_link");
  xmlw_attr(k->x->w, "text:visited-style-name", "Internet_20_link");
}

static void link_exit(walker *k, cmark_node *n) {
  if (k->link != n) return;
  xmlw_end(k->x->w);
  k->link = NULL;
}

/* Extension nodes: tables and strikethrough. Returns false to skip the
 * node's content. */
static bool ext_event(walker *k, cmark_node *n, bool enter) {
  if (is_ext(n, "strikethrough")) {
    if (enter) k->strike++;
    else k->strike--;
  } else if (is_ext(n, "table")) {
    if (enter) table_enter(k, n);
    else table_exit(k);
  } else if (is_ext(n, "table_row") || is_ext(n, "table_header")) {
    if (enter) row_enter(k, n);
    else row_exit(k);
  } else if (is_ext(n, "table_cell")) {
    if (enter) return cell_enter(k);
    cell_exit(k);
  }
  return true;
}

/* Inline content met outside any paragraph (not produced by cmark, but a
 * tree can be built by hand) gets one. */
static void ensure_para(walker *k) {
  if (!k->in_para) open_para(k, "text:p", NULL);
}

/* Returns false when the node's subtree is to be skipped. */
static bool on_enter(walker *k, cmark_node *n) {
  switch (cmark_node_get_type(n)) {
  case CMARK_NODE_DOCUMENT: break;
  case CMARK_NODE_BLOCK_QUOTE: k->quotes++; break;
  case CMARK_NODE_LIST: list_enter(k, n); break;
  case CMARK_NODE_ITEM: item_enter(k, n); break;
  case CMARK_NODE_CODE_BLOCK: code_block(k, n); break;
  case CMARK_NODE_HTML_BLOCK: html_block(k, n); break;
  case CMARK_NODE_CUSTOM_BLOCK: break;
  case CMARK_NODE_PARAGRAPH:
    if (k->table != TABLE_NONE || k->in_para) break;
    open_para(k, "text:p", NULL);
    break;
  case CMARK_NODE_HEADING: heading_enter(k, n); break;
  case CMARK_NODE_THEMATIC_BREAK:
    if (k->x->in_note) break;
    open_para(k, "text:p", "wk_PageBreak");
    close_para(k);
    break;
  case CMARK_NODE_FOOTNOTE_DEFINITION: return false; /* written at its reference */
  case CMARK_NODE_TEXT: ensure_para(k); put_expanded(k, n, 0); break;
  case CMARK_NODE_SOFTBREAK: ensure_para(k); put_plain(k, " ", 1, 0); break;
  case CMARK_NODE_LINEBREAK: ensure_para(k); odt_put_run(k->x, NULL, 0, RUN_BREAK, NULL); break;
  case CMARK_NODE_CODE: {
    ensure_para(k);
    const char *s = cmark_node_get_literal(n);
    put_plain(k, s ? s : "", s ? strlen(s) : 0, RUN_CODE);
    break;
  }
  case CMARK_NODE_HTML_INLINE: {
    ensure_para(k);
    const char *s = cmark_node_get_literal(n);
    put_plain(k, s ? s : "", s ? strlen(s) : 0, 0);
    break;
  }
  case CMARK_NODE_CUSTOM_INLINE: break;
  case CMARK_NODE_EMPH: k->emph++; break;
  case CMARK_NODE_STRONG: k->strong++; break;
  case CMARK_NODE_LINK: ensure_para(k); link_enter(k, n); break;
  case CMARK_NODE_IMAGE: break; /* its description shows as text */
  case CMARK_NODE_FOOTNOTE_REFERENCE: ensure_para(k); footnote_ref(k, n); break;
  default: return ext_event(k, n, true);
  }
  return true;
}

static void on_exit(walker *k, cmark_node *n) {
  switch (cmark_node_get_type(n)) {
  case CMARK_NODE_BLOCK_QUOTE: k->quotes--; break;
  case CMARK_NODE_LIST: list_exit(k); break;
  case CMARK_NODE_ITEM: item_exit(k); break;
  case CMARK_NODE_PARAGRAPH:
    if (k->table == TABLE_NONE && k->in_para) close_para(k);
    break;
  case CMARK_NODE_HEADING: close_para(k); break;
  case CMARK_NODE_EMPH: k->emph--; break;
  case CMARK_NODE_STRONG: k->strong--; break;
  case CMARK_NODE_LINK: link_exit(k, n); break;
  default: ext_event(k, n, false); break;
  }
}

/* Walks root's subtree (without root's own events when skip_root, as for a
 * footnote definition whose children become the note body). */
static void walk(odt_ctx *x, cmark_node *root, bool skip_root) {
  walker k = {0};
  k.x = x;
  buf_init(&k.scratch);
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  bool wrote_block = false;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (skip_root && n == root) continue;
    if (ev == CMARK_EVENT_ENTER) {
      if ((cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK) wrote_block = true;
      if (!on_enter(&k, n)) cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
    } else {
      on_exit(&k, n);
    }
  }
  cmark_iter_free(it);
  if (k.in_para) close_para(&k);
  if (skip_root && !wrote_block) { /* a note body needs a paragraph */
    odt_para_start(x, "text:p", "Footnote");
    odt_para_end(x);
  }
  buf_free(&k.scratch);
}

/* Collects the footnote definitions (cmark-gfm puts the referenced ones at
 * the end of the document, numbered in order of first reference). */
static void collect_notes(odt_ctx *x, cmark_node *root) {
  size_t n = 0;
  for (cmark_node *c = cmark_node_first_child(root); c; c = cmark_node_next(c))
    if (cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_DEFINITION) n++;
  x->notes = xcalloc(n ? n : 1, sizeof *x->notes);
  x->note_written = xcalloc(n ? n : 1, sizeof *x->note_written);
  x->n_notes = 0;
  for (cmark_node *c = cmark_node_first_child(root); c; c = cmark_node_next(c))
    if (cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_DEFINITION) x->notes[x->n_notes++] = c;
}

void odt_markdown(odt_ctx *x, cmark_node *root) {
  odt_markdown_free(x);
  collect_notes(x, root);
  walk(x, root, false);
}

void odt_markdown_free(odt_ctx *x) {
  free(x->notes);
  free(x->note_written);
  x->notes = NULL;
  x->note_written = NULL;
  x->n_notes = 0;
}
