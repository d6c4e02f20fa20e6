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
    /* a footnote by which note it is (redline_merge made one index of
     * notes the versions share), not by its number */
    if (r->flags & (RUN_NOTE | RUN_NOTE_REF)) buf_printf(out, "#%u", r->note);
    else if (r->text) buf_adds(out, r->text);
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

/* What a sequence of blocks (a list item, a cell, a note) says, mixed
 * with seed. */
static uint64_t hash_blocks(const doc_block *bs, size_t n, uint64_t seed) {
  buf k;
  buf_init(&k);
  blocks_key(bs, n, &k);
  uint64_t h = seqdiff_hash(k.data ? k.data : "", k.len, seed);
  buf_free(&k);
  return h;
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
      /* a deleted further reference to a note is its number as text (the
       * note itself stays, deleted with it) */
      if (mark == RUN_DEL) b->runs[i].flags &= ~(unsigned)RUN_NOTE_REF;
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
    if (cell->covered) continue; /* not shown: nothing to mark */
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
  if (flags & (RUN_NOTE | RUN_NOTE_REF)) /* which note, as runs_key */
    return seqdiff_hash((const char *)&t->run->note, sizeof t->run->note, flags + 3);
  uint64_t h = seqdiff_hash(t->text ? t->text : "\n", t->text ? t->len : 1, flags + 3);
  return t->run->href ? h ^ seqdiff_hash(t->run->href, strlen(t->run->href), 5) : h;
}

/* Appends a token's text to the last run when it reads the same, else as a
 * run of its own. */
static void put_token(doc_block *out, const token *t, unsigned mark) {
  const doc_run *src = t->run;
  unsigned flags = (src->flags & ~(unsigned)(RUN_INS | RUN_DEL)) | mark;
  if (mark == RUN_DEL) flags &= ~(unsigned)RUN_NOTE_REF; /* as mark_block */
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
 * common to read as one paragraph changed, unless same (they show the same
 * part of the contract, whatever they say). */
static bool merge_runs(const doc_block *a, doc_block *b, bool same) {
  tokens ta = {0}, tb = {0};
  tokenize(a, &ta);
  tokenize(b, &tb);
  uint64_t *ha = xcalloc(ta.n + 1, sizeof *ha), *hb = xcalloc(tb.n + 1, sizeof *hb);
  for (size_t i = 0; i < ta.n; i++) ha[i] = hash_token(&ta.items[i]);
  for (size_t i = 0; i < tb.n; i++) hb[i] = hash_token(&tb.items[i]);
  size_t n;
  seq_edit *e = seqdiff(ha, ta.n, hb, tb.n, &n);
  bool ok = same || likeness(e, n, ta.n, tb.n) >= 40;
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

/* ---- parts of the contract, by key ---- */

typedef struct {
  uint64_t key;
  size_t pos;
} key_pos;

static int cmp_key_pos(const void *x, const void *y) {
  const key_pos *p = x, *q = y;
  if (p->key != q->key) return p->key < q->key ? -1 : 1;
  return p->pos < q->pos ? -1 : p->pos > q->pos;
}

/* How much a keyed item changed, for those whose part of the contract
 * both versions have but with other content: old item a against new item
 * b, 1 or more (ctx: the caller's items). */
typedef unsigned (*weigh_fn)(const void *ctx_old, size_t a, const void *ctx_new, size_t b);

enum { WEIGHT_MAX = 2 }; /* changed in one place; in more */

/* wa[a], wb[b]: how much keyed items changed (weigh, at most WEIGHT_MAX),
 * 0 for the others (ka, ca: the old items' keys and content hashes; kb,
 * cb: the new ones'). Returns the most. */
static unsigned find_changed(const uint64_t *ka, const uint64_t *ca, size_t n_old, const uint64_t *kb,
                             const uint64_t *cb, size_t n_new, weigh_fn weigh, const void *ctx_old,
                             const void *ctx_new, unsigned char *wa, unsigned char *wb) {
  key_pos *olds = xcalloc(n_old + 1, sizeof *olds);
  size_t nk = 0;
  unsigned most = 0;
  for (size_t i = 0; i < n_old; i++)
    if (ka[i]) olds[nk++] = (key_pos){ka[i], i};
  qsort(olds, nk, sizeof *olds, cmp_key_pos);
  for (size_t j = 0; nk && j < n_new; j++) {
    if (!kb[j]) continue;
    size_t lo = 0, hi = nk;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (olds[mid].key < kb[j]) lo = mid + 1;
      else hi = mid;
    }
    if (lo < nk && olds[lo].key == kb[j] && ca[olds[lo].pos] != cb[j]) {
      unsigned w = weigh ? weigh(ctx_old, olds[lo].pos, ctx_new, j) : 1;
      w = w < 1 ? 1 : w > WEIGHT_MAX ? WEIGHT_MAX : w;
      wa[olds[lo].pos] = wb[j] = (unsigned char)w;
      if (w > most) most = w;
    }
  }
  free(olds);
  return most;
}

typedef struct {
  seq_edit *items;
  size_t n, cap;
} edits;

static void append_edits(edits *out, const seq_edit *e, size_t ne, size_t a0, size_t b0) {
  xgrow((void **)&out->items, &out->cap, out->n + ne + 1, sizeof *out->items);
  for (size_t i = 0; i < ne; i++) out->items[out->n++] = (seq_edit){e[i].op, e[i].a + a0, e[i].b + b0};
}

/* The edits between ha[a0..a1) and hb[b0..b1) (alignment hashes), the
 * items that changed by at least tier aligned first, those that changed
 * less between them, and so on down to tier 0: everything. */
static void align_range(const uint64_t *ha, const uint64_t *hb, const unsigned char *wa, const unsigned char *wb,
                        size_t a0, size_t a1, size_t b0, size_t b1, unsigned tier, edits *out) {
  size_t n = a1 - a0, m = b1 - b0, ne;
  bool any = false;
  for (size_t i = a0; tier && !any && i < a1; i++) any = wa[i] >= tier;
  if (!any) {
    seq_edit *e = tier ? NULL : seqdiff(ha + a0, n, hb + b0, m, &ne);
    if (tier) align_range(ha, hb, wa, wb, a0, a1, b0, b1, tier - 1, out);
    else append_edits(out, e, ne, a0, b0);
    free(e);
    return;
  }
  /* every other item its own value on each side */
  uint64_t *pa = xcalloc(n + 1, sizeof *pa), *pb = xcalloc(m + 1, sizeof *pb);
  for (size_t i = 0; i < n; i++) pa[i] = wa[a0 + i] >= tier ? ha[a0 + i] : seqdiff_hash("a", 1, a0 + i);
  for (size_t j = 0; j < m; j++) pb[j] = wb[b0 + j] >= tier ? hb[b0 + j] : seqdiff_hash("b", 1, b0 + j);
  seq_edit *anchors = seqdiff(pa, n, pb, m, &ne);
  free(pa);
  free(pb);
  size_t ca = a0, cb = b0;
  for (size_t k = 0; k < ne; k++) {
    if (anchors[k].op != SEQ_KEEP) continue;
    size_t xa = a0 + anchors[k].a, xb = b0 + anchors[k].b;
    align_range(ha, hb, wa, wb, ca, xa, cb, xb, tier - 1, out);
    append_edits(out, &(seq_edit){SEQ_KEEP, xa, xb}, 1, 0, 0);
    ca = xa + 1, cb = xb + 1;
  }
  align_range(ha, hb, wa, wb, ca, a1, cb, b1, tier - 1, out);
  free(anchors);
}

/* The edits between two sequences of items, aligned by their keys where
 * they have one (the same party, commitment or date, whatever it says
 * now), else by what they say. The keyed items that changed most are
 * aligned first, the rest between them: of items that changed places, the
 * one that stays put is the one that changed most (a moved commitment's
 * new number aside), which so shows its changes word by word, while what
 * moved is deleted where it was and inserted where it is (so that
 * rejecting all changes gives OLD's order). */
static seq_edit *align(const uint64_t *ka, const uint64_t *ca, size_t n_old, const uint64_t *kb, const uint64_t *cb,
                       size_t n_new, weigh_fn weigh, const void *ctx_old, const void *ctx_new, size_t *n_out) {
  uint64_t *ha = xcalloc(n_old + 1, sizeof *ha), *hb = xcalloc(n_new + 1, sizeof *hb);
  for (size_t i = 0; i < n_old; i++) ha[i] = ka[i] ? ka[i] : ca[i];
  for (size_t j = 0; j < n_new; j++) hb[j] = kb[j] ? kb[j] : cb[j];
  unsigned char *wa = xcalloc(n_old + 1, 1), *wb = xcalloc(n_new + 1, 1);
  unsigned most = find_changed(ka, ca, n_old, kb, cb, n_new, weigh, ctx_old, ctx_new, wa, wb);
  edits out = {0};
  align_range(ha, hb, wa, wb, 0, n_old, 0, n_new, most, &out);
  if (!out.items) out.items = xcalloc(1, sizeof *out.items);
  free(wa);
  free(wb);
  free(ha);
  free(hb);
  *n_out = out.n;
  return out.items;
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

/* Whether a (old) and b (new) can be compared as one block changed. */
static bool comparable(const doc_block *a, const doc_block *b) {
  if (a->kind != b->kind) return false;
  if (a->kind == DOC_PARAGRAPH) return a->style == b->style;
  if (a->kind == DOC_HEADING) return a->level == b->level;
  if (a->kind == DOC_TABLE) return a->n_cols == b->n_cols && a->n_header_rows == b->n_header_rows;
  if (a->kind == DOC_LIST) return a->flags == b->flags;
  return false;
}

static void merge_cells(doc_row *a, doc_row *b) {
  for (size_t c = 0; c < b->n_cells && c < a->n_cells; c++) {
    if (a->cells[c].covered || b->cells[c].covered) continue; /* row_pairs: both */
    /* a cell that showed the dash on one side only: the dash is text too */
    if (a->cells[c].n_blocks == 0 && b->cells[c].n_blocks > 0) dash_cell(&a->cells[c], 0);
    if (b->cells[c].n_blocks == 0 && a->cells[c].n_blocks > 0) dash_cell(&b->cells[c], 0);
    doc_cell *ca = &a->cells[c], *cb = &b->cells[c];
    /* a cell of one paragraph on both sides is one cell changed ("5" to
     * "4"), word by word, not a paragraph deleted and one inserted: a
     * cell's last paragraph mark cannot go, so that would leave an empty
     * paragraph on accepting or rejecting */
    if (ca->n_blocks == 1 && cb->n_blocks == 1 && comparable(&ca->blocks[0], &cb->blocks[0]) &&
        doc_block_has_runs(&cb->blocks[0]) && hash_block(&ca->blocks[0]) != hash_block(&cb->blocks[0])) {
      merge_runs(&ca->blocks[0], &cb->blocks[0], true);
      continue;
    }
    block_list l = {0};
    merge_blocks(ca->blocks, ca->n_blocks, cb->blocks, cb->n_blocks, &l);
    /* what the cell held was moved into l */
    free(b->cells[c].blocks);
    b->cells[c].blocks = l.items;
    b->cells[c].n_blocks = l.n;
  }
}

static uint64_t hash_item(const doc_item *it) { return hash_blocks(it->blocks, it->n_blocks, 4); }

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
  uint64_t (*key)(const void *item); /* doc_key, 0 for none */
  weigh_fn weigh;                     /* NULL: every change weighs 1 */
  void (*merge)(void *old_item, void *new_item); /* into new_item */
  void (*mark)(void *item, unsigned mark);
  /* NULL, or whether an old and a new item can be merged at all (rows of
   * one shape); the others are deleted and inserted */
  bool (*pairs)(const void *old_item, const void *new_item);
} seq_kind;

static uint64_t row_hash(const void *r) { return hash_row(r); }
static uint64_t row_key(const void *r) { return ((const doc_row *)r)->key; }

static uint64_t hash_cell(const doc_cell *cell) { return hash_blocks(cell->blocks, cell->n_blocks, 6); }

/* A row changed in how many cells. */
static unsigned row_weigh(const void *olds, size_t a, const void *news, size_t b) {
  const doc_row *ra = (const doc_row *)olds + a, *rb = (const doc_row *)news + b;
  unsigned n = ra->n_cells != rb->n_cells;
  for (size_t c = 0; c < ra->n_cells && c < rb->n_cells; c++) n += hash_cell(&ra->cells[c]) != hash_cell(&rb->cells[c]);
  return n;
}
static uint64_t no_key(const void *item) { return 0; }
static void row_merge(void *a, void *b) { merge_cells(a, b); }
static void row_mark(void *r, unsigned mark) { mark_row(r, false, mark); }
static uint64_t item_hash(const void *it) { return hash_item(it); }
static void item_merge(void *a, void *b) { merge_item(a, b); }
static void item_mark(void *it, unsigned mark) {
  doc_item *x = it;
  mark_blocks(x->blocks, x->n_blocks, mark);
}
/* Rows of one shape: both the rest of the row above (doc_row.with_prev)
 * or neither, their cells spanning alike. A commitment's row and a row of
 * its details are never one row changed: their cells do not line up. */
static bool row_pairs(const void *a, const void *b) {
  const doc_row *ra = a, *rb = b;
  if (ra->with_prev != rb->with_prev || ra->n_cells != rb->n_cells) return false;
  for (size_t c = 0; c < ra->n_cells; c++)
    if (ra->cells[c].covered != rb->cells[c].covered || ra->cells[c].span != rb->cells[c].span) return false;
  return true;
}
static const seq_kind rows_kind = {sizeof(doc_row), row_hash, row_key, row_weigh, row_merge, row_mark, row_pairs};
static const seq_kind items_kind = {sizeof(doc_item), item_hash, no_key, NULL, item_merge, item_mark, NULL};

/* Moves item (marked) to the end of out, leaving it empty. */
static void take_item(const seq_kind *k, char **out, size_t *n, size_t *cap, void *item, unsigned mark) {
  xgrow((void **)out, cap, *n + 1, k->size);
  if (mark) k->mark(item, mark);
  memcpy(*out + *n * k->size, item, k->size);
  memset(item, 0, k->size);
  (*n)++;
}

/* The items of new with those of old it lacks (deleted) and its own added
 * ones marked. Items of one key are compared with each other only;
 * unkeyed items in the same place of a changed stretch are merged in
 * pairs. Returns the new array (every item of news moved into it). */
static void *merge_seq(const seq_kind *k, void *olds_, size_t n_old, void *news_, size_t n_new, size_t *n_out) {
  char *olds = olds_, *news = news_;
  uint64_t *ca = xcalloc(n_old + 1, sizeof *ca), *cb = xcalloc(n_new + 1, sizeof *cb);
  uint64_t *ka = xcalloc(n_old + 1, sizeof *ka), *kb = xcalloc(n_new + 1, sizeof *kb);
  for (size_t i = 0; i < n_old; i++) ka[i] = k->key(olds + i * k->size), ca[i] = k->hash(olds + i * k->size);
  for (size_t i = 0; i < n_new; i++) kb[i] = k->key(news + i * k->size), cb[i] = k->hash(news + i * k->size);
  size_t n;
  seq_edit *e = align(ka, ca, n_old, kb, cb, n_new, k->weigh, olds, news, &n);
  char *out = NULL;
  size_t n_items = 0, cap = 0;
  for (size_t i = 0; i < n;) {
    if (e[i].op == SEQ_KEEP && k->pairs && !k->pairs(olds + e[i].a * k->size, news + e[i].b * k->size)) {
      take_item(k, &out, &n_items, &cap, olds + e[i].a * k->size, RUN_DEL);
      take_item(k, &out, &n_items, &cap, news + e[i].b * k->size, RUN_INS);
      i++;
      continue;
    }
    if (e[i].op == SEQ_KEEP) {
      /* the same item, or the same part of the contract changed */
      if (ca[e[i].a] != cb[e[i].b]) k->merge(olds + e[i].a * k->size, news + e[i].b * k->size);
      take_item(k, &out, &n_items, &cap, news + e[i].b * k->size, 0);
      i++;
      continue;
    }
    size_t j = i;
    while (j < n && e[j].op != SEQ_KEEP) j++;
    size_t d = i, a = i;
    for (;;) { /* the stretch's unkeyed deletions and insertions in pairs, in order */
      while (d < j && (e[d].op != SEQ_DEL || ka[e[d].a])) d++;
      while (a < j && (e[a].op != SEQ_INS || kb[e[a].b])) a++;
      if (d == j || a == j) break;
      size_t b2 = a; /* the next insertion of the deletion's shape */
      while (b2 < j && (e[b2].op != SEQ_INS || kb[e[b2].b] ||
                        (k->pairs && !k->pairs(olds + e[d].a * k->size, news + e[b2].b * k->size))))
        b2++;
      if (b2 == j) { /* none: deleted */
        d++;
        continue;
      }
      a = b2;
      k->merge(olds + e[d].a * k->size, news + e[a].b * k->size);
      e[d].op = SEQ_KEEP, e[a].op = SEQ_KEEP; /* done with */
      take_item(k, &out, &n_items, &cap, news + e[a].b * k->size, 0);
      d++, a++;
    }
    for (d = i; d < j; d++)
      if (e[d].op == SEQ_DEL) take_item(k, &out, &n_items, &cap, olds + e[d].a * k->size, RUN_DEL);
    for (a = i; a < j; a++)
      if (e[a].op == SEQ_INS) take_item(k, &out, &n_items, &cap, news + e[a].b * k->size, RUN_INS);
    i = j;
  }
  free(e);
  free(ca);
  free(cb);
  free(ka);
  free(kb);
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


/* Old block a deleted, then new block b inserted in its place. */
static void replace_block(doc_block *a, doc_block *b, block_list *out) {
  if (a) {
    mark_block(a, RUN_DEL);
    if (a->kind == DOC_TABLE) a->group = 0; /* OLD's groups are not NEW's */
    take(out, a);
  }
  if (b) {
    mark_block(b, RUN_INS);
    take(out, b);
  }
}

/* Old block a and new block b compared as one block changed; false when
 * they do not read as one (nothing changed then). same: they show the same
 * part of the contract (a key), whatever they say. */
static bool merge_pair(doc_block *a, doc_block *b, bool same, block_list *out) {
  if (!comparable(a, b)) return false;
  if (b->kind == DOC_TABLE) merge_table(a, b);
  else if (b->kind == DOC_LIST) merge_list(a, b);
  else if (!merge_runs(a, b, same)) return false;
  take(out, b);
  return true;
}

/* One stretch of deleted and inserted blocks: unkeyed ones compared in
 * pairs where they read as one block changed, else (and keyed ones, whose
 * part of the contract the other version lacks) deleted and inserted
 * whole. */
static void merge_stretch(doc_block *olds, const size_t *dels, size_t nd, doc_block *news,
                          const size_t *ins, size_t ni, block_list *out) {
  size_t d = 0, k = 0;
  while (d < nd || k < ni) {
    if (d < nd && k < ni && !olds[dels[d]].key && !news[ins[k]].key &&
        merge_pair(&olds[dels[d]], &news[ins[k]], false, out)) {
      d++, k++;
      continue;
    }
    /* the old block goes first, then the new one in its place */
    if (d < nd) replace_block(&olds[dels[d++]], NULL, out);
    else replace_block(NULL, &news[ins[k++]], out);
  }
}

static void merge_blocks(doc_block *olds, size_t n_old, doc_block *news, size_t n_new, block_list *out) {
  uint64_t *ca = xcalloc(n_old + 1, sizeof *ca), *cb = xcalloc(n_new + 1, sizeof *cb);
  uint64_t *ka = xcalloc(n_old + 1, sizeof *ka), *kb = xcalloc(n_new + 1, sizeof *kb);
  for (size_t i = 0; i < n_old; i++) ka[i] = olds[i].key, ca[i] = hash_block(&olds[i]);
  for (size_t i = 0; i < n_new; i++) kb[i] = news[i].key, cb[i] = hash_block(&news[i]);
  size_t n;
  seq_edit *e = align(ka, ca, n_old, kb, cb, n_new, NULL, olds, news, &n);
  size_t *dels = xcalloc(n + 1, sizeof *dels), *ins = xcalloc(n + 1, sizeof *ins);
  for (size_t i = 0; i < n;) {
    if (e[i].op == SEQ_KEEP) {
      /* the same block, or the same part of the contract changed */
      doc_block *a = &olds[e[i].a], *b = &news[e[i].b];
      if (ca[e[i].a] == cb[e[i].b]) take(out, b);
      else if (!merge_pair(a, b, true, out)) replace_block(a, b, out);
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
  free(ca);
  free(cb);
  free(ka);
  free(kb);
}

/* ---- footnotes ---- */

/* Points the footnote marks of b at map[note] (ctx: the map). */
static void renote_block(doc_block *b, void *ctx) {
  const size_t *map = ctx;
  for (size_t i = 0; i < b->n_runs; i++)
    if (b->runs[i].flags & (RUN_NOTE | RUN_NOTE_REF)) b->runs[i].note = (unsigned)map[b->runs[i].note];
}

/* One index of footnotes for both versions, before they are compared: a
 * note of OLD that NEW has too (the same text) becomes NEW's, one that NEW
 * lacks moves into NEW's notes, its text deleted; NEW's own new notes
 * have their text inserted. A footnote mark so compares by which note it
 * is, and a deleted one keeps its note. */
static void join_notes(doc *old, doc *new_doc) {
  size_t n_old = old->n_notes, n_new = new_doc->n_notes;
  if (!n_old && !n_new) return;
  key_pos *news = xcalloc(n_new + 1, sizeof *news);
  bool *matched = xcalloc(n_new + 1, sizeof *matched);
  for (size_t j = 0; j < n_new; j++) news[j] = (key_pos){hash_item(&new_doc->notes[j]), j};
  qsort(news, n_new, sizeof *news, cmp_key_pos);
  size_t *map = xcalloc(n_old + 1, sizeof *map);
  new_doc->notes = xrealloc(new_doc->notes, (n_new + n_old + 1) * sizeof *new_doc->notes);
  for (size_t i = 0; i < n_old; i++) {
    uint64_t h = hash_item(&old->notes[i]);
    size_t lo = 0, hi = n_new;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (news[mid].key < h) lo = mid + 1;
      else hi = mid;
    }
    while (lo < n_new && news[lo].key == h && matched[news[lo].pos]) lo++;
    if (lo < n_new && news[lo].key == h) {
      matched[news[lo].pos] = true;
      map[i] = news[lo].pos;
      continue;
    }
    doc_item *moved = &new_doc->notes[new_doc->n_notes];
    *moved = old->notes[i];
    memset(&old->notes[i], 0, sizeof old->notes[i]);
    mark_blocks(moved->blocks, moved->n_blocks, RUN_DEL);
    map[i] = new_doc->n_notes++;
  }
  for (size_t j = 0; j < n_new; j++)
    if (!matched[j]) mark_blocks(new_doc->notes[j].blocks, new_doc->notes[j].n_blocks, RUN_INS);
  doc_each_text_block(old->blocks, old->n_blocks, renote_block, map);
  free(map);
  free(matched);
  free(news);
}

void redline_merge(doc *old, doc *new_doc) {
  join_notes(old, new_doc);
  block_list l = {0};
  merge_blocks(old->blocks, old->n_blocks, new_doc->blocks, new_doc->n_blocks, &l);
  free(new_doc->blocks);
  new_doc->blocks = l.items;
  new_doc->n_blocks = l.n;
  new_doc->cap_blocks = l.cap;
}
