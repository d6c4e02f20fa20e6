/* doc.c - the document tree's builders and its freeing (doc.h), shared by
 * the composers (compose.c, compose_body.c, compose_review.c). */
#include "doc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seqdiff.h"

/* ---- building blocks ---- */

/* Grows an array that holds n elements so that one more fits: capacity is
 * the next power of two, so appending stays amortised O(1) without a
 * capacity field. */
static void grow_pow2(void **items, size_t n, size_t elem) {
  if (n == 0) {
    *items = xmalloc(elem);
  } else if ((n & (n - 1)) == 0) {
    if (n > SIZE_MAX / 2 / elem) abort();
    *items = xrealloc(*items, 2 * n * elem);
  }
}

/* Tables never touch: a table that would follow a table at once gets a
 * small empty paragraph before it (legend style, kept with the table).
 * Word and LibreOffice read two tables that touch in a .docx as one,
 * whose first header row then heads the pages of both; the line keeps
 * them apart, and the ODT looks the same. */
static bool parts_tables(const doc_block *blocks, size_t n, doc_kind kind) {
  return kind == DOC_TABLE && n > 0 && blocks[n - 1].kind == DOC_TABLE;
}

static void init_block(doc_block *b, doc_kind kind) {
  memset(b, 0, sizeof *b);
  b->kind = kind;
}

static void init_gap(doc_block *b) {
  init_block(b, DOC_PARAGRAPH);
  b->style = DOC_STYLE_LEGEND;
  b->keep_with_next = true;
}

doc_block *doc_add_block(doc_block **blocks, size_t *n, size_t *cap, doc_kind kind) {
  if (parts_tables(*blocks, *n, kind)) {
    xgrow((void **)blocks, cap, *n + 1, sizeof **blocks);
    init_gap(&(*blocks)[(*n)++]);
  }
  xgrow((void **)blocks, cap, *n + 1, sizeof **blocks);
  doc_block *b = &(*blocks)[(*n)++];
  init_block(b, kind);
  return b;
}

doc_block *doc_push_block(doc_block **blocks, size_t *n, doc_kind kind) {
  if (parts_tables(*blocks, *n, kind)) {
    grow_pow2((void **)blocks, *n, sizeof **blocks);
    init_gap(&(*blocks)[(*n)++]);
  }
  grow_pow2((void **)blocks, *n, sizeof **blocks);
  doc_block *b = &(*blocks)[(*n)++];
  init_block(b, kind);
  return b;
}

static doc_run *push_run(doc_block *b, char *text, unsigned flags, const char *href) {
  grow_pow2((void **)&b->runs, b->n_runs, sizeof *b->runs);
  doc_run *r = &b->runs[b->n_runs++];
  r->text = text;
  r->flags = flags;
  r->note = 0;
  r->href = href ? xstrdup(href) : NULL;
  return r;
}

void doc_add_note_run(doc_block *b, unsigned flags, unsigned note) {
  push_run(b, xasprintf("%u", note + 1), flags & (RUN_NOTE | RUN_NOTE_REF), NULL)->note = note;
}

/* Text that continues the last run (same formatting, same link) joins
 * it: a paragraph holds as few runs as its formatting needs. */
static bool join_run(doc_block *b, const char *text, size_t len, unsigned flags, const char *href) {
  if (b->n_runs == 0) return false;
  doc_run *last = &b->runs[b->n_runs - 1];
  if (last->flags != flags || !last->text || (flags & (RUN_NOTE | RUN_NOTE_REF)) || !str_eq(last->href, href))
    return false;
  size_t had = strlen(last->text);
  last->text = xrealloc(last->text, had + len + 1);
  memcpy(last->text + had, text, len);
  last->text[had + len] = '\0';
  return true;
}

/* Newlines become RUN_BREAK runs and carriage returns vanish, so no run
 * ever holds a line end. */
void doc_add_run(doc_block *b, const char *text, unsigned flags, const char *href) {
  if (flags & RUN_BREAK) {
    push_run(b, NULL, RUN_BREAK, NULL);
    return;
  }
  if (!text) return;
  const char *s = text;
  for (;;) {
    size_t len = strcspn(s, "\n");
    size_t keep = len;
    while (keep > 0 && s[keep - 1] == '\r') keep--;
    if (keep > 0) {
      char *t = xstrndup(s, keep), *w = t + keep;
      if (memchr(t, '\r', keep)) { /* a stray CR inside the line is dropped too */
        w = t;
        for (char *q = t; *q; q++)
          if (*q != '\r') *w++ = *q;
        *w = '\0';
      }
      unsigned f = flags & ~(unsigned)RUN_BREAK;
      if (*t && !join_run(b, t, (size_t)(w - t), f, href)) push_run(b, t, f, href);
      else free(t);
    }
    if (s[len] != '\n') break;
    push_run(b, NULL, RUN_BREAK, NULL);
    s += len + 1;
  }
}

doc_block *doc_append(doc *d, doc_kind kind) { return doc_add_block(&d->blocks, &d->n_blocks, &d->cap_blocks, kind); }

unsigned doc_block_change(const doc_block *b) {
  if (!doc_block_has_runs(b)) return 0;
  unsigned all = RUN_INS | RUN_DEL;
  size_t n = 0;
  for (size_t i = 0; i < b->n_runs; i++) {
    if (!b->runs[i].text && !(b->runs[i].flags & RUN_BREAK)) continue;
    all &= b->runs[i].flags;
    n++;
  }
  return n && (all == RUN_INS || all == RUN_DEL) ? all : 0;
}

uint64_t doc_key(const char *kind, const char *id) {
  if (!id) return 0;
  uint64_t h = seqdiff_hash(id, strlen(id), seqdiff_hash(kind, strlen(kind), 7));
  return h ? h : 1;
}

doc_block *doc_heading(doc *d, int level, const char *text) {
  doc_block *b = doc_append(d, DOC_HEADING);
  b->level = level;
  b->keep_with_next = true;
  doc_add_run(b, text, 0, NULL);
  return b;
}

doc_block *doc_para(doc *d, doc_style style, const char *text) {
  doc_block *b = doc_append(d, DOC_PARAGRAPH);
  b->style = style;
  if (text) doc_add_run(b, text, 0, NULL);
  return b;
}

doc_block *doc_field_para(doc *d, doc_style style, const char *label, const char *value, unsigned label_flags) {
  doc_block *b = doc_para(d, style, NULL);
  doc_add_run(b, label, label_flags, NULL);
  doc_add_run(b, ": ", label_flags, NULL); /* joins the label's run */
  doc_add_run(b, value, 0, NULL);
  return b;
}

/* Trims white space at both ends of s[0..len). */
static void trim(const char **s, size_t *len) {
  while (*len > 0 && strchr(" \t\r\n", (*s)[0])) (*s)++, (*len)--;
  while (*len > 0 && strchr(" \t\r\n", (*s)[*len - 1])) (*len)--;
}

/* Calls fn for every paragraph of text (separated by blank lines). */
typedef void (*para_fn)(void *ctx, const char *text);

static void each_paragraph(const char *text, size_t len, para_fn fn, void *ctx) {
  const char *s = text;
  trim(&s, &len);
  while (len > 0) {
    size_t end = 0;
    /* a blank line: "\n" followed by optional spaces and another "\n" */
    size_t next = len;
    for (const char *nl = memchr(s, '\n', len); nl; nl = memchr(nl + 1, '\n', len - (size_t)(nl + 1 - s))) {
      size_t i = (size_t)(nl - s), j = i + 1;
      while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r')) j++;
      if (j < len && s[j] == '\n') {
        end = i;
        next = j;
        break;
      }
    }
    if (next == len) end = len;
    if (s[end] == '\0') { /* the text's end: no copy needed */
      fn(ctx, s);
    } else {
      char *one = xstrndup(s, end);
      fn(ctx, one);
      free(one);
    }
    s += next;
    len -= next;
    trim(&s, &len);
  }
}

typedef struct {
  doc *d;
  doc_style style;
  doc_cell *cell;
} para_ctx;

static void body_para(void *ctx, const char *text) {
  para_ctx *pc = ctx;
  doc_para(pc->d, pc->style, text);
}

void doc_text_paras(doc *d, doc_style style, const char *text) {
  if (!text) return;
  para_ctx pc = {d, style, NULL};
  each_paragraph(text, strlen(text), body_para, &pc);
}

/* ---- tables ---- */

doc_block *doc_cell_para(doc_cell *cell, doc_style style) {
  doc_block *b = doc_push_block(&cell->blocks, &cell->n_blocks, DOC_PARAGRAPH);
  b->style = style;
  return b;
}

static void cell_para_cb(void *ctx, const char *text) {
  para_ctx *pc = ctx;
  doc_add_run(doc_cell_para(pc->cell, pc->style), text, 0, NULL);
}

void doc_table_init(doc_block *t, size_t n_cols, size_t n_header_rows) {
  t->kind = DOC_TABLE;
  t->n_cols = n_cols;
  t->n_header_rows = n_header_rows;
  t->col_widths = xcalloc(n_cols, sizeof *t->col_widths);
}

doc_block *doc_table(doc *d, size_t n_cols, size_t n_header_rows) {
  doc_block *t = doc_append(d, DOC_TABLE);
  doc_table_init(t, n_cols, n_header_rows);
  return t;
}

doc_row *doc_table_row(doc_block *t) {
  grow_pow2((void **)&t->rows, t->n_rows, sizeof *t->rows);
  doc_row *r = &t->rows[t->n_rows++];
  r->key = 0;
  r->with_prev = false;
  r->n_cells = t->n_cols;
  r->cells = xcalloc(t->n_cols, sizeof *r->cells);
  return r;
}

doc_cell *doc_cell_span(doc_row *row, size_t col, size_t n) {
  if (col + n > row->n_cells) n = row->n_cells - col;
  row->cells[col].span = (unsigned short)n;
  for (size_t c = col + 1; c < col + n; c++) row->cells[c].covered = true;
  return &row->cells[col];
}

doc_item *doc_list_item(doc_block *list) {
  grow_pow2((void **)&list->items, list->n_items, sizeof *list->items);
  doc_item *it = &list->items[list->n_items++];
  memset(it, 0, sizeof *it);
  return it;
}

doc_block *doc_cell_text(doc_cell *cell, doc_style style, const char *text) {
  if (!text || !*text) return NULL;
  para_ctx pc = {NULL, style, cell};
  size_t before = cell->n_blocks;
  each_paragraph(text, strlen(text), cell_para_cb, &pc);
  return cell->n_blocks > before ? &cell->blocks[cell->n_blocks - 1] : NULL;
}

const char *doc_language_country(const char *lang) {
  static const char *const countries[][2] = {{"nl", "NL"}, {"en", "GB"}};
  for (size_t i = 0; lang && i < ARRAY_LEN(countries); i++)
    if (strcmp(lang, countries[i][0]) == 0) return countries[i][1];
  return NULL;
}

const char *doc_language_tag(const char *lang, char *tag, size_t n) {
  if (!lang || !*lang) return NULL;
  const char *country = doc_language_country(lang);
  snprintf(tag, n, country ? "%s-%s" : "%s", lang, country);
  return tag;
}

static void free_blocks(doc_block *blocks, size_t n);

/* Recursion is bounded: lists and quotes nest at most DOC_MAX_LIST_DEPTH
 * and DOC_MAX_QUOTE_DEPTH deep, cells hold paragraphs. */
static void free_block(doc_block *b) {
  switch (b->kind) {
  case DOC_HEADING:
  case DOC_PARAGRAPH:
    free(b->number);
    for (size_t i = 0; i < b->n_runs; i++) {
      free(b->runs[i].text);
      free(b->runs[i].href);
    }
    free(b->runs);
    break;
  case DOC_TABLE:
    free(b->col_widths);
    for (size_t r = 0; r < b->n_rows; r++) {
      for (size_t c = 0; c < b->rows[r].n_cells; c++)
        free_blocks(b->rows[r].cells[c].blocks, b->rows[r].cells[c].n_blocks);
      free(b->rows[r].cells);
    }
    free(b->rows);
    break;
  case DOC_LIST:
    for (size_t i = 0; i < b->n_items; i++) free_blocks(b->items[i].blocks, b->items[i].n_blocks);
    free(b->items);
    break;
  case DOC_QUOTE:
    free_blocks(b->children, b->n_children);
    break;
  case DOC_PAGE_BREAK:
    break;
  }
}

static void free_blocks(doc_block *blocks, size_t n) {
  for (size_t i = 0; i < n; i++) free_block(&blocks[i]);
  free(blocks);
}

/* Recursion is bounded as the tree's nesting is (doc.h). */
void doc_each_text_block(doc_block *blocks, size_t n, void (*fn)(doc_block *b, void *ctx), void *ctx) {
  for (size_t i = 0; i < n; i++) {
    doc_block *b = &blocks[i];
    switch (b->kind) {
    case DOC_HEADING:
    case DOC_PARAGRAPH: fn(b, ctx); break;
    case DOC_TABLE:
      for (size_t r = 0; r < b->n_rows; r++)
        for (size_t c = 0; c < b->rows[r].n_cells; c++)
          doc_each_text_block(b->rows[r].cells[c].blocks, b->rows[r].cells[c].n_blocks, fn, ctx);
      break;
    case DOC_LIST:
      for (size_t k = 0; k < b->n_items; k++) doc_each_text_block(b->items[k].blocks, b->items[k].n_blocks, fn, ctx);
      break;
    case DOC_QUOTE: doc_each_text_block(b->children, b->n_children, fn, ctx); break;
    case DOC_PAGE_BREAK: break;
    }
  }
}

void doc_free(doc *d) {
  if (!d) return;
  free_blocks(d->blocks, d->n_blocks);
  for (size_t i = 0; i < d->n_notes; i++) free_blocks(d->notes[i].blocks, d->notes[i].n_blocks);
  free(d->notes);
  free(d->group_shapes);
  doc_meta *m = &d->meta;
  free(m->title);
  free(m->version);
  free(m->status_id);
  free(m->status_label);
  free(m->kind);
  free(m->kind_label);
  free(m->date);
  free(m->fingerprint);
  free(m->generator);
  free(m->language);
  free(m->label_page);
  free(m->label_of);
  free(m->label_version);
  free(m->label_draft);
  free(m->label_public);
  free(m->party);
  free(d);
}
