/* compose_body.c - the contract body (a cmark-gfm tree) as blocks of the
 * document tree, walked once with cmark_iter: article numbers, variables,
 * links, footnotes, lists and quotes are decided here for every output.
 * No recursion over the Markdown: open containers (lists, items, quotes)
 * are kept on a stack of their own, and nested no deeper than doc.h
 * allows. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "doc.h"
#include "variables.h"

/* Where blocks go. A frame is popped at the exit of the node that pushed
 * it. PASS frames (a list or quote nested too deep) add no container of
 * their own: what is in them goes where it would have gone without them,
 * except that the items of a too deep list join the deepest list. */
typedef enum { FRAME_ROOT, FRAME_NOTE, FRAME_LIST, FRAME_ITEM, FRAME_QUOTE, FRAME_PASS } frame_kind;

typedef struct {
  frame_kind kind;
  cmark_node *node;
  doc_block *owner; /* LIST: the list its items join; ITEM: the item's list;
                       QUOTE: the quote. Never moves while the frame is
                       open: only the innermost container grows. */
  size_t index;     /* ITEM: the item; NOTE: the note */
  bool counted;     /* a real list or quote, counted in lists/quotes */
} frame;

typedef struct {
  doc *d;
  const char *article; /* label of article numbers, NULL for none */
  int art, sub;        /* the last article and sub-article numbers */
  frame *stack;
  size_t depth, cap;
  size_t lists, quotes; /* real lists and quotes open */
  bool in_note;
  /* footnote definitions, by the number cmark-gfm gave their references,
   * and the note each became (-1 until a reference in the text places it) */
  cmark_node **defs;
  long *placed;
  size_t n_defs;
  size_t n_placed;
  buf scratch;
  bool release; /* free each block of the Markdown once composed */
} builder;

static void push(builder *bd, frame_kind kind, cmark_node *node, doc_block *owner, size_t index, bool counted) {
  xgrow((void **)&bd->stack, &bd->cap, bd->depth + 1, sizeof *bd->stack);
  bd->stack[bd->depth++] = (frame){kind, node, owner, index, counted};
}

static void pop(builder *bd) {
  frame *f = &bd->stack[--bd->depth];
  if (!f->counted) return;
  if (f->kind == FRAME_LIST) bd->lists--;
  else if (f->kind == FRAME_QUOTE) bd->quotes--;
}

/* The innermost frame that holds blocks. */
static frame *container(builder *bd) {
  for (size_t i = bd->depth; i-- > 0;)
    if (bd->stack[i].kind != FRAME_LIST && bd->stack[i].kind != FRAME_PASS) return &bd->stack[i];
  return &bd->stack[0];
}

/* A new block at the end of the innermost container. */
static doc_block *new_block(builder *bd, doc_kind kind) {
  frame *f = container(bd);
  switch (f->kind) {
  case FRAME_NOTE: {
    doc_item *note = &bd->d->notes[f->index];
    return doc_push_block(&note->blocks, &note->n_blocks, kind);
  }
  case FRAME_ITEM: {
    doc_item *item = &f->owner->items[f->index];
    return doc_push_block(&item->blocks, &item->n_blocks, kind);
  }
  case FRAME_QUOTE: return doc_push_block(&f->owner->children, &f->owner->n_children, kind);
  default: return doc_append(bd->d, kind);
  }
}

/* The style of body text here: a footnote's, a quotation's (text directly
 * in a quote) or plain body text. */
static doc_style text_style(builder *bd) {
  if (bd->in_note) return DOC_STYLE_NOTE;
  return container(bd)->kind == FRAME_QUOTE ? DOC_STYLE_QUOTE : DOC_STYLE_BODY;
}

static bool is_type(cmark_node *n, const char *name) {
  const char *t = cmark_node_get_type_string(n);
  return t && strcmp(t, name) == 0;
}

/* ---- inlines ---- */

/* A footnote reference. cmark-gfm numbers the referenced definitions 1,
 * 2, ... in order of first reference and gives each reference that number
 * as its literal. The first reference in the text places the note (its
 * blocks are composed after the text); later ones, and those inside notes
 * (no notes in notes), refer to it. */
static void note_ref(builder *bd, doc_block *b, cmark_node *n) {
  const char *lit = cmark_node_get_literal(n);
  char *end = NULL;
  long k = lit ? strtol(lit, &end, 10) : 0;
  if (k < 1 || (size_t)k > bd->n_defs || !end || *end) {
    char *t = xasprintf("[%s]", lit ? lit : "?");
    doc_add_run(b, t, 0, NULL);
    free(t);
    return;
  }
  long *placed = &bd->placed[k - 1];
  if (*placed < 0 && !bd->in_note) {
    *placed = (long)(bd->d->n_notes + bd->n_placed++);
    doc_add_note_run(b, RUN_NOTE, (unsigned)*placed);
  } else if (*placed >= 0) {
    doc_add_note_run(b, RUN_NOTE_REF, (unsigned)*placed);
  } else {
    char *t = xasprintf("[%s]", lit);
    doc_add_run(b, t, 0, NULL);
    free(t);
  }
}

void doc_expand_text(const doc *d, cmark_node *text, buf *out) {
  const char *lit = cmark_node_get_literal(text);
  if (lit) var_expand(d->contract, lit, strlen(lit), var_starts_sentence(text), out);
}

/* Runs of the inlines under parent (and of parent itself when it is an
 * inline met outside any paragraph, which cmark never makes but a tree
 * built by hand can hold), in base's formatting and more. */
static void inlines(builder *bd, doc_block *b, cmark_node *parent, bool self, unsigned base) {
  cmark_iter *it = cmark_iter_new(parent);
  cmark_event_type ev;
  int emph = 0, strong = 0, strike = 0;
  cmark_node *link = NULL; /* the link whose target the runs carry */
  char *href = NULL;       /* doc_link_target's URI for it */
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (n == parent && !self) continue;
    bool enter = ev == CMARK_EVENT_ENTER;
    unsigned flags = base | (strong > 0 ? RUN_BOLD : 0) | (emph > 0 ? RUN_ITALIC : 0) | (strike > 0 ? RUN_STRIKE : 0);
    const char *lit = cmark_node_get_literal(n);
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_EMPH: emph += enter ? 1 : -1; break;
    case CMARK_NODE_STRONG: strong += enter ? 1 : -1; break;
    case CMARK_NODE_TEXT:
      if (!lit) break;
      buf_reset(&bd->scratch);
      doc_expand_text(bd->d, n, &bd->scratch);
      doc_add_run(b, bd->scratch.data, flags, href);
      break;
    case CMARK_NODE_CODE: doc_add_run(b, lit, flags | RUN_CODE, href); break;
    case CMARK_NODE_HTML_INLINE: doc_add_run(b, lit, flags, href); break; /* shown, never interpreted */
    case CMARK_NODE_SOFTBREAK: doc_add_run(b, " ", flags, href); break;
    case CMARK_NODE_LINEBREAK: doc_add_run(b, NULL, RUN_BREAK, NULL); break;
    case CMARK_NODE_LINK:
      if (enter && !link && (href = doc_link_target(cmark_node_get_url(n), NULL))) {
        link = n;
      } else if (!enter && n == link) {
        link = NULL;
        free(href);
        href = NULL;
      }
      break;
    case CMARK_NODE_FOOTNOTE_REFERENCE:
      if (enter) note_ref(bd, b, n);
      break;
    default:
      if (is_type(n, "strikethrough")) strike += enter ? 1 : -1;
      break; /* images: their description follows as text */
    }
  }
  cmark_iter_free(it);
  free(href); /* a link left open: the iteration ended inside it */
}

/* ---- blocks ---- */

static doc_block *paragraph(builder *bd, doc_style style) {
  doc_block *b = new_block(bd, DOC_PARAGRAPH);
  b->style = style;
  return b;
}

/* A heading. Only headings of the text itself are numbered, not those in
 * quotes or lists; in a footnote a heading is a bold line of the note. */
static void heading(builder *bd, cmark_node *n) {
  if (bd->in_note) {
    inlines(bd, paragraph(bd, DOC_STYLE_NOTE), n, false, RUN_BOLD);
    return;
  }
  int level = cmark_node_get_heading_level(n);
  doc_block *b = new_block(bd, DOC_HEADING);
  b->level = level < 1 ? 1 : level;
  b->keep_with_next = true;
  if (bd->article && bd->depth == 1) {
    if (level == 1) {
      bd->art++, bd->sub = 0;
      b->number = *bd->article ? xasprintf("%s %d", bd->article, bd->art) : xasprintf("%d", bd->art);
    } else if (level == 2 && bd->art > 0) {
      b->number = xasprintf("%d.%d", bd->art, ++bd->sub);
    }
  }
  inlines(bd, b, n, false, 0);
}

/* A code block, or raw HTML shown as text: one paragraph, every line and
 * space kept. */
static void literal(builder *bd, cmark_node *n, doc_style style) {
  const char *s = cmark_node_get_literal(n);
  size_t len = s ? strlen(s) : 0;
  while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r')) len--;
  doc_block *b = paragraph(bd, style);
  if (len == 0) return;
  char *text = xstrndup(s, len);
  doc_add_run(b, text, 0, NULL);
  free(text);
}

static doc_align column_align(const uint8_t *aligns, size_t i) {
  switch (aligns ? aligns[i] : 0) {
  case 'l': return DOC_ALIGN_LEFT;
  case 'c': return DOC_ALIGN_CENTER;
  case 'r': return DOC_ALIGN_RIGHT;
  default: return DOC_ALIGN_DEFAULT;
  }
}

/* A table in a list item (which no output can nest there): each row a
 * paragraph, its cells separated by " | ". */
static void flat_table(builder *bd, cmark_node *table) {
  doc_style style = text_style(bd);
  for (cmark_node *row = cmark_node_first_child(table), *next; row; row = next) {
    doc_block *b = paragraph(bd, style);
    for (cmark_node *cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell)) {
      if (cell != cmark_node_first_child(row)) doc_add_run(b, " | ", 0, NULL);
      inlines(bd, b, cell, false, 0);
    }
    next = cmark_node_next(row);
    if (bd->release) cmark_node_free(row); /* row by row: a table is most of a large body */
  }
}

/* A GFM table: its header row, alignment per column, every row filled to
 * the table's columns (extra cells are dropped); laid out later (doc_layout)
 * for the width the quotes around it leave. */
static void table(builder *bd, cmark_node *tn) {
  if (bd->lists > 0) {
    flat_table(bd, tn);
    return;
  }
  size_t n = cmark_gfm_extensions_get_table_columns(tn);
  if (n == 0) n = 1;
  const uint8_t *aligns = cmark_gfm_extensions_get_table_alignments(tn);
  doc_block *t = new_block(bd, DOC_TABLE);
  doc_table_init(t, n, 0);
  for (cmark_node *rn = cmark_node_first_child(tn), *next; rn; rn = next) {
    bool header = cmark_gfm_extensions_get_table_row_is_header(rn) != 0;
    if (header && t->n_header_rows == t->n_rows) t->n_header_rows++;
    doc_row *row = doc_table_row(t);
    cmark_node *cn = cmark_node_first_child(rn);
    for (size_t c = 0; c < n; c++) {
      row->cells[c].align = column_align(aligns, c);
      if (!cn) continue;
      if (cmark_node_first_child(cn))
        inlines(bd, doc_cell_para(&row->cells[c], header ? DOC_STYLE_TABLE_HEAD : DOC_STYLE_TABLE), cn, false, 0);
      cn = cmark_node_next(cn);
    }
    next = cmark_node_next(rn);
    if (bd->release) cmark_node_free(rn);
  }
  t->level = (int)bd->quotes; /* which narrow it */
}

static void enter_list(builder *bd, cmark_node *n) {
  if (bd->lists >= DOC_MAX_LIST_DEPTH) { /* its items join the deepest list */
    doc_block *deepest = NULL;
    for (size_t i = bd->depth; i-- > 0 && !deepest;)
      if (bd->stack[i].kind == FRAME_LIST) deepest = bd->stack[i].owner;
    push(bd, FRAME_LIST, n, deepest, 0, false);
    return;
  }
  doc_block *list = new_block(bd, DOC_LIST);
  if (cmark_node_get_list_type(n) == CMARK_ORDERED_LIST) {
    list->flags |= DOC_LIST_ORDERED;
    int start = cmark_node_get_list_start(n);
    list->start = start < 0 ? 0 : start;
  }
  if (cmark_node_get_list_tight(n)) list->flags |= DOC_LIST_TIGHT;
  if (cmark_node_get_list_delim(n) == CMARK_PAREN_DELIM) list->flags |= DOC_LIST_PAREN;
  bd->lists++;
  push(bd, FRAME_LIST, n, list, 0, true);
}

static void enter_item(builder *bd, cmark_node *n) {
  frame *top = &bd->stack[bd->depth - 1];
  if (top->kind != FRAME_LIST || !top->owner) { /* not in a list: no item */
    push(bd, FRAME_PASS, n, NULL, 0, false);
    return;
  }
  doc_list_item(top->owner);
  push(bd, FRAME_ITEM, n, top->owner, top->owner->n_items - 1, false);
}

static void enter_quote(builder *bd, cmark_node *n) {
  if (bd->quotes >= DOC_MAX_QUOTE_DEPTH) {
    push(bd, FRAME_PASS, n, NULL, 0, false);
    return;
  }
  bd->quotes++;
  push(bd, FRAME_QUOTE, n, new_block(bd, DOC_QUOTE), 0, true);
}

/* Returns false when the node's content has been taken (or is to be
 * skipped): the walk goes on after it. */
static bool enter_block(builder *bd, cmark_node *n) {
  switch (cmark_node_get_type(n)) {
  case CMARK_NODE_BLOCK_QUOTE: enter_quote(bd, n); return true;
  case CMARK_NODE_LIST: enter_list(bd, n); return true;
  case CMARK_NODE_ITEM: enter_item(bd, n); return true;
  case CMARK_NODE_PARAGRAPH: inlines(bd, paragraph(bd, text_style(bd)), n, false, 0); return false;
  case CMARK_NODE_HEADING: heading(bd, n); return false;
  case CMARK_NODE_CODE_BLOCK: literal(bd, n, bd->in_note ? DOC_STYLE_NOTE : DOC_STYLE_CODE); return false;
  case CMARK_NODE_HTML_BLOCK: literal(bd, n, text_style(bd)); return false;
  case CMARK_NODE_THEMATIC_BREAK:
    if (!bd->in_note) new_block(bd, DOC_PAGE_BREAK);
    return false;
  case CMARK_NODE_FOOTNOTE_DEFINITION: return false; /* composed where it is referred to */
  case CMARK_NODE_DOCUMENT:
  case CMARK_NODE_CUSTOM_BLOCK: return true;
  default:
    if (is_type(n, "table")) {
      table(bd, n);
      return false;
    }
    if ((cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE) {
      inlines(bd, paragraph(bd, text_style(bd)), n, true, 0);
      return false;
    }
    return true;
  }
}

/* Walks the blocks under root (not root itself). With bd->release, a
 * block is freed once composed, when the walk has moved past it (a
 * footnote definition is composed later, where it is referred to). */
static void walk(builder *bd, cmark_node *root) {
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  size_t base = bd->depth;
  cmark_node *done = NULL;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (done) cmark_node_free(done);
    done = NULL;
    if (n == root) continue;
    if (ev == CMARK_EVENT_EXIT) {
      if (bd->depth > base && bd->stack[bd->depth - 1].node == n) pop(bd);
    } else if (!enter_block(bd, n)) {
      cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
    } else {
      continue; /* a container: freed at its exit */
    }
    if (bd->release && cmark_node_get_type(n) != CMARK_NODE_FOOTNOTE_DEFINITION) done = n;
  }
  cmark_iter_free(it);
  if (done) cmark_node_free(done);
  while (bd->depth > base) pop(bd);
}

/* The definitions (children of the document, in the order of their
 * numbers). */
static void collect_defs(builder *bd, cmark_node *root) {
  size_t cap = 0;
  for (cmark_node *n = cmark_node_first_child(root); n; n = cmark_node_next(n)) {
    if (cmark_node_get_type(n) != CMARK_NODE_FOOTNOTE_DEFINITION) continue;
    xgrow((void **)&bd->defs, &cap, bd->n_defs + 1, sizeof *bd->defs);
    bd->defs[bd->n_defs++] = n;
  }
  bd->placed = xmalloc((bd->n_defs ? bd->n_defs : 1) * sizeof *bd->placed);
  for (size_t i = 0; i < bd->n_defs; i++) bd->placed[i] = -1;
}

/* The blocks of each note the text placed, in the order they stand. */
static void compose_notes(builder *bd) {
  doc *d = bd->d;
  size_t first = d->n_notes;
  if (bd->n_placed == 0) return;
  d->notes = xrealloc(d->notes, (first + bd->n_placed) * sizeof *d->notes);
  memset(d->notes + first, 0, bd->n_placed * sizeof *d->notes);
  d->n_notes = first + bd->n_placed;
  bd->in_note = true;
  for (size_t k = 0; k < bd->n_defs; k++) {
    if (bd->placed[k] < 0) continue;
    push(bd, FRAME_NOTE, bd->defs[k], NULL, (size_t)bd->placed[k], false);
    walk(bd, bd->defs[k]);
    pop(bd);
  }
  bd->in_note = false;
}

void compose_markdown(doc *d, cmark_node *root, const char *article, bool release) {
  if (!root) return;
  builder bd = {0};
  bd.d = d;
  bd.release = release;
  bd.article = article;
  buf_init(&bd.scratch);
  collect_defs(&bd, root);
  push(&bd, FRAME_ROOT, root, NULL, 0, false);
  walk(&bd, root);
  compose_notes(&bd);
  free(bd.stack);
  free(bd.defs);
  free(bd.placed);
  buf_free(&bd.scratch);
}
