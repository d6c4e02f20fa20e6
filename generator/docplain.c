/* docplain.c - a composed document as plain text or Markdown (docplain.h). */
#include "docplain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textout.h"

typedef struct {
  buf *out;
  bool md;
  size_t width;
} plain;

/* The runs of a paragraph or heading as one line: bold in Markdown,
 * line breaks as spaces, a footnote mark as "[n]". */
static void runs_text(const plain *pl, const doc_block *b, buf *out) {
  for (size_t i = 0; i < b->n_runs; i++) {
    const doc_run *r = &b->runs[i];
    if (r->flags & RUN_BREAK) {
      buf_addc(out, ' ');
      continue;
    }
    if (!r->text) continue;
    if (r->flags & (RUN_NOTE | RUN_NOTE_REF)) {
      buf_printf(out, "[%s]", r->text);
      continue;
    }
    bool bold = pl->md && (r->flags & RUN_BOLD) && *r->text;
    if (bold) buf_adds(out, "**");
    if (pl->md) textout_md_item(out, r->text);
    else buf_adds(out, r->text);
    if (bold) buf_adds(out, "**");
  }
}

/* The text of a cell: its paragraphs joined by spaces. malloc'd. */
static char *cell_text(const plain *pl, const doc_cell *c) {
  buf b;
  buf_init(&b);
  buf_add(&b, "", 0);
  for (size_t i = 0; i < c->n_blocks; i++) {
    const doc_block *blk = &c->blocks[i];
    if (!doc_block_has_runs(blk)) continue;
    size_t before = b.len;
    if (b.len) buf_addc(&b, ' ');
    size_t start = b.len;
    runs_text(pl, blk, &b);
    if (b.len == start) b.len = before;
  }
  buf_add(&b, "", 0);
  return buf_detach(&b);
}

static void blank(plain *pl) {
  buf *o = pl->out;
  if (o->len == 0) return;
  if (o->len >= 2 && o->data[o->len - 1] == '\n' && o->data[o->len - 2] == '\n') return;
  buf_addc(o, '\n');
}

static void underline(buf *out, const char *s, char c) {
  for (size_t k = textout_cols(s, strlen(s)); k > 0; k--) buf_addc(out, c);
  buf_addc(out, '\n');
}

static void heading(plain *pl, const doc_block *b, int level) {
  buf t;
  buf_init(&t);
  if (b->number && *b->number) buf_printf(&t, "%s ", b->number);
  runs_text(pl, b, &t);
  buf_add(&t, "", 0);
  blank(pl);
  if (pl->md) {
    for (int i = 0; i < level; i++) buf_addc(pl->out, '#');
    buf_printf(pl->out, " %s\n\n", t.data);
  } else {
    buf_printf(pl->out, "%s\n", t.data);
    if (level <= 2) underline(pl->out, t.data, level == 1 ? '=' : '-');
    buf_addc(pl->out, '\n');
  }
  buf_free(&t);
}

static void paragraph(plain *pl, const doc_block *b) {
  if (b->style == DOC_STYLE_TITLE) {
    heading(pl, b, 1);
    return;
  }
  buf t;
  buf_init(&t);
  runs_text(pl, b, &t);
  bool block_line = b->style == DOC_STYLE_META || b->style == DOC_STYLE_SUBTITLE;
  if (t.len) {
    size_t len = t.len;
    buf_add(&t, "", 0);
    if (!block_line) blank(pl);
    if (pl->md) buf_printf(pl->out, "%s\n", t.data);
    else textout_wrap(pl->out, "", "", t.data, len, pl->width);
    /* the lines of a title block stay together; other paragraphs stand apart */
    if (!block_line) buf_addc(pl->out, '\n');
    else if (pl->md) buf_adds(pl->out, "\n");
  }
  buf_free(&t);
}

/* A label/value table (two columns, no header): aligned lines in text, a
 * list in Markdown. */
static void kv_table(plain *pl, const doc_block *t) {
  size_t label_w = 0;
  char **cells = xcalloc(t->n_rows * 2 + 1, sizeof *cells);
  for (size_t r = 0; r < t->n_rows; r++)
    for (size_t c = 0; c < 2; c++) cells[r * 2 + c] = cell_text(pl, &t->rows[r].cells[c]);
  for (size_t r = 0; r < t->n_rows; r++) {
    size_t w = textout_cols(cells[r * 2], strlen(cells[r * 2]));
    if (w > label_w) label_w = w;
  }
  blank(pl);
  for (size_t r = 0; r < t->n_rows; r++) {
    const char *label = cells[r * 2], *value = cells[r * 2 + 1];
    if (pl->md) {
      buf_printf(pl->out, "- %s%s%s\n", *label ? label : "", *label ? ": " : "", value);
      continue;
    }
    buf first, rest;
    buf_init(&first);
    buf_init(&rest);
    buf_adds(&first, "  ");
    textout_pad(&first, label, label_w + 2);
    for (size_t k = 0; k < label_w + 4; k++) buf_addc(&rest, ' ');
    buf_add(&rest, "", 0);
    textout_wrap(pl->out, first.data, rest.data, value, strlen(value), pl->width);
    buf_free(&first);
    buf_free(&rest);
  }
  buf_addc(pl->out, '\n');
  for (size_t i = 0; i < t->n_rows * 2; i++) free(cells[i]);
  free(cells);
}

/* A table with a header row: a pipe table in Markdown; in text, one item
 * per row, its cells joined by " · ". */
static void grid_table(plain *pl, const doc_block *t) {
  blank(pl);
  for (size_t r = 0; r < t->n_rows; r++) {
    bool head = r < t->n_header_rows;
    if (!pl->md && head) continue;
    buf line;
    buf_init(&line);
    for (size_t c = 0; c < t->n_cols; c++) {
      char *s = cell_text(pl, &t->rows[r].cells[c]);
      if (pl->md) {
        buf_printf(&line, "| %s ", s);
      } else if (*s) {
        if (line.len) buf_adds(&line, " \xC2\xB7 ");
        buf_adds(&line, s);
      }
      free(s);
    }
    if (pl->md) {
      buf_printf(pl->out, "%.*s|\n", (int)line.len, line.data ? line.data : "");
      if (r + 1 == t->n_header_rows || (r == 0 && t->n_header_rows == 0)) {
        for (size_t c = 0; c < t->n_cols; c++) buf_adds(pl->out, "|---");
        buf_adds(pl->out, "|\n");
      }
    } else if (line.len) {
      textout_wrap(pl->out, "  - ", "    ", line.data, line.len, pl->width);
    }
    buf_free(&line);
  }
  buf_addc(pl->out, '\n');
}

static void blocks(plain *pl, const doc_block *bs, size_t n, const char *indent);

static void list(plain *pl, const doc_block *b) {
  for (size_t i = 0; i < b->n_items; i++) {
    char mark[32];
    if (b->flags & DOC_LIST_ORDERED) snprintf(mark, sizeof mark, "%d. ", b->start + (int)i);
    else snprintf(mark, sizeof mark, "- ");
    buf_adds(pl->out, mark);
    blocks(pl, b->items[i].blocks, b->items[i].n_blocks, "  ");
  }
}

static void blocks(plain *pl, const doc_block *bs, size_t n, const char *indent) {
  (void)indent;
  for (size_t i = 0; i < n; i++) {
    const doc_block *b = &bs[i];
    switch (b->kind) {
    case DOC_HEADING: heading(pl, b, b->level + 1); break;
    case DOC_PARAGRAPH: paragraph(pl, b); break;
    case DOC_TABLE:
      if (b->n_cols == 2 && b->n_header_rows == 0) kv_table(pl, b);
      else grid_table(pl, b);
      break;
    case DOC_LIST: list(pl, b); break;
    case DOC_QUOTE: blocks(pl, b->children, b->n_children, indent); break;
    case DOC_PAGE_BREAK: break;
    }
  }
}

void docplain_render(const doc *d, bool markdown, size_t width, buf *out) {
  plain pl = {out, markdown, width};
  if (d->meta.draft && d->meta.label_draft) buf_printf(out, markdown ? "**%s**\n\n" : "%s\n\n", d->meta.label_draft);
  blocks(&pl, d->blocks, d->n_blocks, "");
  /* one line feed at the end */
  while (out->len >= 2 && out->data[out->len - 1] == '\n' && out->data[out->len - 2] == '\n') out->len--;
}
