/* redline.c - comparing two composed trees into one with tracked changes
 * (redline.h). */
#include "redline.h"

#include <stdlib.h>
#include <string.h>

#include "seqdiff.h"
#include "util.h"

/* ---- hashing what a block says ---- */

static void runs_key(const doc_block *b, buf *out) {
  if (b->number) buf_printf(out, "%s\t", b->number);
  for (size_t i = 0; i < b->n_runs; i++) {
    const doc_run *r = &b->runs[i];
    buf_printf(out, "%u:", r->flags);
    if (r->text) buf_adds(out, r->text);
    if (r->href) buf_printf(out, "<%s>", r->href);
    buf_addc(out, '\x1f');
  }
}

static void blocks_key(const doc_block *bs, size_t n, buf *out);

static void block_key(const doc_block *b, buf *out) {
  buf_printf(out, "[%d/%d/%d]", (int)b->kind, (int)b->style, b->level);
  switch (b->kind) {
  case DOC_HEADING:
  case DOC_PARAGRAPH: runs_key(b, out); break;
  case DOC_TABLE:
    for (size_t r = 0; r < b->n_rows; r++)
      for (size_t c = 0; c < b->rows[r].n_cells; c++) {
        blocks_key(b->rows[r].cells[c].blocks, b->rows[r].cells[c].n_blocks, out);
        buf_addc(out, '\x1e');
      }
    break;
  case DOC_LIST:
    for (size_t i = 0; i < b->n_items; i++) blocks_key(b->items[i].blocks, b->items[i].n_blocks, out);
    break;
  case DOC_QUOTE: blocks_key(b->children, b->n_children, out); break;
  case DOC_PAGE_BREAK: break;
  }
}

static void blocks_key(const doc_block *bs, size_t n, buf *out) {
  for (size_t i = 0; i < n; i++) block_key(&bs[i], out);
}

static uint64_t hash_block(const doc_block *b) {
  buf k;
  buf_init(&k);
  block_key(b, &k);
  uint64_t h = seqdiff_hash(k.data ? k.data : "", k.len, 1);
  buf_free(&k);
  return h;
}

static uint64_t hash_row(const doc_row *row) {
  buf k;
  buf_init(&k);
  for (size_t c = 0; c < row->n_cells; c++) {
    blocks_key(row->cells[c].blocks, row->cells[c].n_blocks, &k);
    buf_addc(&k, '\x1e');
  }
  uint64_t h = seqdiff_hash(k.data ? k.data : "", k.len, 2);
  buf_free(&k);
  return h;
}

/* ---- marking whole blocks ---- */

static void mark_blocks(doc_block *bs, size_t n, unsigned mark);
static void mark_row(doc_row *row, bool header, unsigned mark);

/* A heading's number as text at the start of its runs, so that it can be
 * marked with them ("Artikel 4" deleted, "Artikel 5" inserted). */
static void number_to_runs(doc_block *b, const char *old_number) {
  doc_block tmp = {0};
  tmp.kind = DOC_PARAGRAPH;
  if (old_number) doc_add_run(&tmp, old_number, RUN_DEL, NULL);
  if (b->number) doc_add_run(&tmp, b->number, old_number ? RUN_INS : 0, NULL);
  doc_add_run(&tmp, "\t", 0, NULL);
  for (size_t i = 0; i < b->n_runs; i++) {
    doc_add_run(&tmp, b->runs[i].text, b->runs[i].flags, b->runs[i].href);
    tmp.runs[tmp.n_runs - 1].note = b->runs[i].note;
    free(b->runs[i].text);
    free(b->runs[i].href);
  }
  free(b->runs);
  free(b->number);
  b->number = NULL;
  b->runs = tmp.runs;
  b->n_runs = tmp.n_runs;
}

/* A cell that shows the empty-cell dash: the dash as a paragraph of its
 * own, so that it can be marked. */
static void dash_cell(doc_cell *cell, unsigned mark) {
  doc_block *p = doc_cell_para(cell, DOC_STYLE_TABLE);
  doc_add_run(p, DOC_EMPTY_CELL, mark, NULL);
}

/* Every run of b (and of what it holds) inserted or deleted. */
static void mark_block(doc_block *b, unsigned mark) {
  switch (b->kind) {
  case DOC_HEADING:
  case DOC_PARAGRAPH:
    if (b->number && *b->number) number_to_runs(b, NULL);
    for (size_t i = 0; i < b->n_runs; i++) {
      /* OLD's footnotes are not NEW's: a deleted mark is its number as text */
      if (mark == RUN_DEL) b->runs[i].flags &= ~(unsigned)(RUN_NOTE | RUN_NOTE_REF);
      b->runs[i].flags |= mark;
    }
    break;
  case DOC_TABLE:
    for (size_t r = 0; r < b->n_rows; r++) mark_row(&b->rows[r], r < b->n_header_rows, mark);
    break;
  case DOC_LIST:
    for (size_t i = 0; i < b->n_items; i++) mark_blocks(b->items[i].blocks, b->items[i].n_blocks, mark);
    break;
  case DOC_QUOTE: mark_blocks(b->children, b->n_children, mark); break;
  case DOC_PAGE_BREAK: break;
  }
}

static void mark_row(doc_row *row, bool header, unsigned mark) {
  for (size_t c = 0; c < row->n_cells; c++) {
    doc_cell *cell = &row->cells[c];
    if (cell->n_blocks == 0 && !header) dash_cell(cell, 0);
    mark_blocks(cell->blocks, cell->n_blocks, mark);
  }
}

static void mark_blocks(doc_block *bs, size_t n, unsigned mark) {
  for (size_t i = 0; i < n; i++) mark_block(&bs[i], mark);
}

/* ---- words ---- */

/* A piece of a paragraph: a word, a run of spaces, a break or a note. */
typedef struct {
  const char *text; /* NULL: a break */
  size_t len;
  const doc_run *run;
} token;

typedef struct {
  token *items;
  size_t n, cap;
} tokens;

/* 0: a letter or digit (any byte of a multi-byte character counts as
 * one), 1: a space, 2: anything else. */
static int char_kind(unsigned char c) {
  if (c == ' ') return 1;
  if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return 0;
  return 2;
}

static void tokenize(const doc_block *b, tokens *t) {
  for (size_t i = 0; i < b->n_runs; i++) {
    const doc_run *r = &b->runs[i];
    if (!r->text || (r->flags & (RUN_BREAK | RUN_NOTE | RUN_NOTE_REF))) {
      xgrow((void **)&t->items, &t->cap, t->n + 1, sizeof *t->items);
      t->items[t->n++] = (token){r->text, r->text ? strlen(r->text) : 0, r};
      continue;
    }
    /* a word (letters and digits), a run of spaces, or one other
     * character: "op." is "op" and "." */
    for (const char *p = r->text; *p;) {
      int kind = char_kind((unsigned char)*p);
      const char *q = p + 1;
      if (kind != 2)
        while (*q && char_kind((unsigned char)*q) == kind) q++;
      xgrow((void **)&t->items, &t->cap, t->n + 1, sizeof *t->items);
      t->items[t->n++] = (token){p, (size_t)(q - p), r};
      p = q;
    }
  }
}

static uint64_t hash_token(const token *t) {
  unsigned flags = t->run->flags & ~(unsigned)(RUN_INS | RUN_DEL);
  uint64_t h = seqdiff_hash(t->text ? t->text : "\n", t->text ? t->len : 1, flags + 3);
  return t->run->href ? h ^ seqdiff_hash(t->run->href, strlen(t->run->href), 5) : h;
}

/* Appends a token's text to the last run when it reads the same, else as a
 * run of its own. */
static void put_token(doc_block *out, const token *t, unsigned mark) {
  const doc_run *src = t->run;
  unsigned flags = (src->flags & ~(unsigned)(RUN_INS | RUN_DEL)) | mark;
  /* OLD's footnotes are not NEW's: a deleted mark is its number as text */
  if (mark == RUN_DEL) flags &= ~(unsigned)(RUN_NOTE | RUN_NOTE_REF);
  if (!t->text || (flags & (RUN_NOTE | RUN_NOTE_REF))) {
    doc_add_run(out, t->text, flags, src->href);
    if (out->n_runs) out->runs[out->n_runs - 1].note = src->note;
    return;
  }
  doc_run *last = out->n_runs ? &out->runs[out->n_runs - 1] : NULL;
  if (last && last->text && last->flags == flags && !(flags & (RUN_BREAK | RUN_NOTE | RUN_NOTE_REF)) &&
      str_eq(last->href, src->href)) {
    size_t n = strlen(last->text);
    last->text = xrealloc(last->text, n + t->len + 1);
    memcpy(last->text + n, t->text, t->len);
    last->text[n + t->len] = '\0';
    return;
  }
  char *s = xstrndup(t->text, t->len);
  doc_add_run(out, s, flags, src->href);
  free(s);
}

/* The share of words two paragraphs have in common, in per cent. */
static unsigned likeness(const seq_edit *e, size_t n, size_t na, size_t nb) {
  size_t keep = 0;
  for (size_t i = 0; i < n; i++) keep += e[i].op == SEQ_KEEP;
  size_t most = na > nb ? na : nb;
  return most ? (unsigned)(keep * 100 / most) : 100;
}

static void free_runs(doc_block *b) {
  for (size_t i = 0; i < b->n_runs; i++) {
    free(b->runs[i].text);
    free(b->runs[i].href);
  }
  free(b->runs);
  b->runs = NULL;
  b->n_runs = 0;
}

/* The runs of new paragraph b replaced by the word-by-word comparison with
 * old paragraph a; false (nothing changed) when they have too little in
 * common to read as one paragraph changed. */
static bool merge_runs(const doc_block *a, doc_block *b) {
  tokens ta = {0}, tb = {0};
  tokenize(a, &ta);
  tokenize(b, &tb);
  uint64_t *ha = xcalloc(ta.n + 1, sizeof *ha), *hb = xcalloc(tb.n + 1, sizeof *hb);
  for (size_t i = 0; i < ta.n; i++) ha[i] = hash_token(&ta.items[i]);
  for (size_t i = 0; i < tb.n; i++) hb[i] = hash_token(&tb.items[i]);
  size_t n;
  seq_edit *e = seqdiff(ha, ta.n, hb, tb.n, &n);
  bool ok = likeness(e, n, ta.n, tb.n) >= 40;
  if (ok) {
    doc_block merged = {0};
    merged.kind = DOC_PARAGRAPH;
    /* a changed number ("Artikel 4" -> "Artikel 5") becomes text */
    bool renumbered = !str_eq(a->number, b->number);
    if (renumbered) {
      if (a->number) doc_add_run(&merged, a->number, RUN_DEL, NULL);
      if (b->number) doc_add_run(&merged, b->number, RUN_INS, NULL);
      doc_add_run(&merged, "\t", 0, NULL);
    }
    /* deletions before insertions within each changed stretch */
    for (size_t i = 0; i < n;) {
      if (e[i].op == SEQ_KEEP) {
        put_token(&merged, &tb.items[e[i].b], 0);
        i++;
        continue;
      }
      size_t j = i;
      while (j < n && e[j].op != SEQ_KEEP) j++;
      for (size_t k = i; k < j; k++)
        if (e[k].op == SEQ_DEL) put_token(&merged, &ta.items[e[k].a], RUN_DEL);
      for (size_t k = i; k < j; k++)
        if (e[k].op == SEQ_INS) put_token(&merged, &tb.items[e[k].b], RUN_INS);
      i = j;
    }
    free_runs(b);
    b->runs = merged.runs;
    b->n_runs = merged.n_runs;
    if (renumbered) {
      free(b->number);
      b->number = NULL;
    }
  }
  free(e);
  free(ha);
  free(hb);
  free(ta.items);
  free(tb.items);
  return ok;
}

/* ---- blocks ---- */

typedef struct {
  doc_block *items;
  size_t n, cap;
} block_list;

/* Moves *b into the list, leaving an empty block that frees nothing. */
static void take(block_list *l, doc_block *b) {
  xgrow((void **)&l->items, &l->cap, l->n + 1, sizeof *l->items);
  l->items[l->n++] = *b;
  memset(b, 0, sizeof *b);
  b->kind = DOC_PAGE_BREAK;
}

static void merge_blocks(doc_block *olds, size_t n_old, doc_block *news, size_t n_new, block_list *out);

static void merge_cells(doc_row *a, doc_row *b) {
  for (size_t c = 0; c < b->n_cells && c < a->n_cells; c++) {
    /* a cell that showed the dash on one side only: the dash is text too */
    if (a->cells[c].n_blocks == 0 && b->cells[c].n_blocks > 0) dash_cell(&a->cells[c], 0);
    if (b->cells[c].n_blocks == 0 && a->cells[c].n_blocks > 0) dash_cell(&b->cells[c], 0);
    block_list l = {0};
    merge_blocks(a->cells[c].blocks, a->cells[c].n_blocks, b->cells[c].blocks, b->cells[c].n_blocks, &l);
    /* what the cell held was moved into l */
    free(b->cells[c].blocks);
    b->cells[c].blocks = l.items;
    b->cells[c].n_blocks = l.n;
  }
}

static uint64_t hash_item(const doc_item *it) {
  buf k;
  buf_init(&k);
  blocks_key(it->blocks, it->n_blocks, &k);
  uint64_t h = seqdiff_hash(k.data ? k.data : "", k.len, 4);
  buf_free(&k);
  return h;
}

static void merge_item(doc_item *a, doc_item *b) {
  block_list l = {0};
  merge_blocks(a->blocks, a->n_blocks, b->blocks, b->n_blocks, &l);
  free(b->blocks);
  b->blocks = l.items;
  b->n_blocks = l.n;
}

/* The parts of a sequence of table rows or list items that merging it
 * needs. */
typedef struct {
  size_t size;                        /* of one item */
  uint64_t (*hash)(const void *item);
  void (*merge)(void *old_item, void *new_item); /* into new_item */
  void (*mark)(void *item, unsigned mark);
} seq_kind;

static uint64_t row_hash(const void *r) { return hash_row(r); }
static void row_merge(void *a, void *b) { merge_cells(a, b); }
static void row_mark(void *r, unsigned mark) { mark_row(r, false, mark); }
static uint64_t item_hash(const void *it) { return hash_item(it); }
static void item_merge(void *a, void *b) { merge_item(a, b); }
static void item_mark(void *it, unsigned mark) {
  doc_item *x = it;
  mark_blocks(x->blocks, x->n_blocks, mark);
}
static const seq_kind rows_kind = {sizeof(doc_row), row_hash, row_merge, row_mark};
static const seq_kind items_kind = {sizeof(doc_item), item_hash, item_merge, item_mark};

/* Moves item (marked) to the end of out, leaving it empty. */
static void take_item(const seq_kind *k, char **out, size_t *n, size_t *cap, void *item, unsigned mark) {
  xgrow((void **)out, cap, *n + 1, k->size);
  if (mark) k->mark(item, mark);
  memcpy(*out + *n * k->size, item, k->size);
  memset(item, 0, k->size);
  (*n)++;
}

/* The items of new with those of old it lacks (deleted) and its own added
 * ones marked; items in the same place of a changed stretch are merged in
 * pairs. Returns the new array (every item of news moved into it). */
static void *merge_seq(const seq_kind *k, void *olds_, size_t n_old, void *news_, size_t n_new, size_t *n_out) {
  char *olds = olds_, *news = news_;
  uint64_t *ha = xcalloc(n_old + 1, sizeof *ha), *hb = xcalloc(n_new + 1, sizeof *hb);
  for (size_t i = 0; i < n_old; i++) ha[i] = k->hash(olds + i * k->size);
  for (size_t i = 0; i < n_new; i++) hb[i] = k->hash(news + i * k->size);
  size_t n;
  seq_edit *e = seqdiff(ha, n_old, hb, n_new, &n);
  char *out = NULL;
  size_t n_items = 0, cap = 0;
  for (size_t i = 0; i < n;) {
    if (e[i].op == SEQ_KEEP) {
      take_item(k, &out, &n_items, &cap, news + e[i].b * k->size, 0);
      i++;
      continue;
    }
    size_t j = i;
    while (j < n && e[j].op != SEQ_KEEP) j++;
    size_t d = i, a = i;
    for (;;) { /* the stretch's deletions and insertions in pairs, in order */
      while (d < j && e[d].op != SEQ_DEL) d++;
      while (a < j && e[a].op != SEQ_INS) a++;
      if (d == j || a == j) break;
      k->merge(olds + e[d].a * k->size, news + e[a].b * k->size);
      take_item(k, &out, &n_items, &cap, news + e[a].b * k->size, 0);
      d++, a++;
    }
    for (; d < j; d++)
      if (e[d].op == SEQ_DEL) take_item(k, &out, &n_items, &cap, olds + e[d].a * k->size, RUN_DEL);
    for (; a < j; a++)
      if (e[a].op == SEQ_INS) take_item(k, &out, &n_items, &cap, news + e[a].b * k->size, RUN_INS);
    i = j;
  }
  free(e);
  free(ha);
  free(hb);
  *n_out = n_items;
  return out;
}

/* Table b takes the rows of a it lacks (deleted) and marks the ones it
 * adds; rows changed in place are compared cell by cell. */
static void merge_table(doc_block *a, doc_block *b) {
  size_t n;
  doc_row *rows = merge_seq(&rows_kind, a->rows, a->n_rows, b->rows, b->n_rows, &n);
  free(b->rows);
  b->rows = rows;
  b->n_rows = n;
}

/* The same for a list's items, compared block by block. */
static void merge_list(doc_block *a, doc_block *b) {
  size_t n;
  doc_item *items = merge_seq(&items_kind, a->items, a->n_items, b->items, b->n_items, &n);
  free(b->items);
  b->items = items;
  b->n_items = n;
}

/* Whether a (old) and b (new) can be compared as one block changed. */
static bool comparable(const doc_block *a, const doc_block *b) {
  if (a->kind != b->kind) return false;
  if (a->kind == DOC_PARAGRAPH) return a->style == b->style;
  if (a->kind == DOC_HEADING) return a->level == b->level;
  if (a->kind == DOC_TABLE) return a->n_cols == b->n_cols && a->n_header_rows == b->n_header_rows;
  if (a->kind == DOC_LIST) return a->flags == b->flags;
  return false;
}

/* One stretch of deleted and inserted blocks: compared in pairs where
 * they read as one block changed, else deleted and inserted whole. */
static void merge_stretch(doc_block *olds, const size_t *dels, size_t nd, doc_block *news,
                          const size_t *ins, size_t ni, block_list *out) {
  size_t d = 0, k = 0;
  while (d < nd || k < ni) {
    if (d < nd && k < ni && comparable(&olds[dels[d]], &news[ins[k]])) {
      doc_block *a = &olds[dels[d]], *b = &news[ins[k]];
      bool merged = true;
      if (b->kind == DOC_TABLE) merge_table(a, b);
      else if (b->kind == DOC_LIST) merge_list(a, b);
      else merged = merge_runs(a, b);
      if (merged) {
        take(out, b);
        d++, k++;
        continue;
      }
    }
    /* the old block goes first, then the new one in its place */
    if (d < nd) {
      doc_block *a = &olds[dels[d++]];
      mark_block(a, RUN_DEL);
      if (a->kind == DOC_TABLE) a->group = 0; /* OLD's groups are not NEW's */
      take(out, a);
    } else {
      mark_block(&news[ins[k]], RUN_INS);
      take(out, &news[ins[k++]]);
    }
  }
}

static void merge_blocks(doc_block *olds, size_t n_old, doc_block *news, size_t n_new, block_list *out) {
  uint64_t *ha = xcalloc(n_old + 1, sizeof *ha), *hb = xcalloc(n_new + 1, sizeof *hb);
  for (size_t i = 0; i < n_old; i++) ha[i] = hash_block(&olds[i]);
  for (size_t i = 0; i < n_new; i++) hb[i] = hash_block(&news[i]);
  size_t n;
  seq_edit *e = seqdiff(ha, n_old, hb, n_new, &n);
  size_t *dels = xcalloc(n + 1, sizeof *dels), *ins = xcalloc(n + 1, sizeof *ins);
  for (size_t i = 0; i < n;) {
    if (e[i].op == SEQ_KEEP) {
      take(out, &news[e[i].b]);
      i++;
      continue;
    }
    size_t nd = 0, ni = 0;
    for (; i < n && e[i].op != SEQ_KEEP; i++) {
      if (e[i].op == SEQ_DEL) dels[nd++] = e[i].a;
      else ins[ni++] = e[i].b;
    }
    merge_stretch(olds, dels, nd, news, ins, ni, out);
  }
  free(dels);
  free(ins);
  free(e);
  free(ha);
  free(hb);
}

void redline_merge(doc *old, doc *new_doc) {
  block_list l = {0};
  merge_blocks(old->blocks, old->n_blocks, new_doc->blocks, new_doc->n_blocks, &l);
  free(new_doc->blocks);
  new_doc->blocks = l.items;
  new_doc->n_blocks = l.n;
  new_doc->cap_blocks = l.cap;
}
