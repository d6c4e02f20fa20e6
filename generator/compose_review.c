/* compose_review.c - the review of one party as a document (`review -o
 * X.odt|.docx`): its roles, its promises, the promises others make in its
 * challenges and its key dates, in the contract's language. */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "model.h"
#include "profile.h"
#include "review.h"
#include "rolematrix.h"
#include "textout.h"
#include "util.h"

typedef struct {
  doc *d;
  size_t cap; /* capacity of d->blocks */
  const review *r;
} rcomposer;

static const char *L(const rcomposer *rc, const char *key) { return review_label(rc->r, key); }

static doc_block *add(rcomposer *rc, doc_kind kind) {
  return doc_add_block(&rc->d->blocks, &rc->d->n_blocks, &rc->cap, kind);
}

static doc_block *heading(rcomposer *rc, int level, const char *text) {
  doc_block *b = add(rc, DOC_HEADING);
  b->level = level;
  b->keep_with_next = true;
  doc_add_run(b, text, 0, NULL);
  return b;
}

static doc_block *para(rcomposer *rc, doc_style style, const char *text) {
  doc_block *b = add(rc, DOC_PARAGRAPH);
  b->style = style;
  if (text) doc_add_run(b, text, 0, NULL);
  return b;
}

static void field_para(rcomposer *rc, const char *label, const char *value) {
  doc_block *b = para(rc, DOC_STYLE_META, NULL);
  char *l = xasprintf("%s: ", label);
  doc_add_run(b, l, RUN_BOLD, NULL);
  free(l);
  doc_add_run(b, value, 0, NULL);
}

/* A table with fixed relative column widths (these tables have a known
 * shape: labels left, text right). */
static doc_block *table(rcomposer *rc, size_t n_cols, const double *widths, size_t header_rows) {
  doc_block *t = add(rc, DOC_TABLE);
  t->n_cols = n_cols;
  t->n_header_rows = header_rows;
  t->col_widths = xcalloc(n_cols, sizeof *t->col_widths);
  memcpy(t->col_widths, widths, n_cols * sizeof *widths);
  return t;
}

static doc_row *table_row(doc_block *t, size_t *cap) {
  xgrow((void **)&t->rows, cap, t->n_rows + 1, sizeof *t->rows);
  doc_row *row = &t->rows[t->n_rows++];
  row->n_cells = t->n_cols;
  row->cells = xcalloc(t->n_cols, sizeof *row->cells);
  return row;
}

/* One paragraph of text in a cell (every cell needs at least one). */
static void cell_text(doc_cell *cell, doc_style style, const char *text, unsigned flags) {
  size_t cap = cell->n_blocks;
  doc_block *b = doc_add_block(&cell->blocks, &cell->n_blocks, &cap, DOC_PARAGRAPH);
  b->style = style;
  if (text && *text) doc_add_run(b, text, flags, NULL);
}

static void cell_mtext(doc_cell *cell, const mtext *t) {
  char *s = t->s ? xstrndup(t->s, t->len) : NULL;
  cell_text(cell, DOC_STYLE_TABLE, s, 0);
  free(s);
}

static void kv_row(doc_block *t, size_t *cap, const char *label, const char *value) {
  doc_row *row = table_row(t, cap);
  cell_text(&row->cells[0], DOC_STYLE_TABLE_HEAD, label, 0);
  cell_text(&row->cells[1], DOC_STYLE_TABLE, value, 0);
}

static void kv_mtext(doc_block *t, size_t *cap, const char *label, const mtext *v) {
  if (!mtext_nonempty(v)) return;
  char *s = xstrndup(v->s, v->len);
  kv_row(t, cap, label, s);
  free(s);
}

/* A commitment as a two-column table: what, kind, impact, measure, term,
 * for whom, with what. */
static void commitment_table(rcomposer *rc, const commitment *cm) {
  static const double widths[] = {0.28, 0.72};
  doc_block *t = table(rc, 2, widths, 0);
  size_t cap = 0;
  kv_mtext(t, &cap, L(rc, "field.text"), &cm->text);
  kv_row(t, &cap, L(rc, "field.obligation"), review_obligation(rc->r, cm));
  kv_mtext(t, &cap, L(rc, "field.impact"), &cm->impact);
  kv_mtext(t, &cap, L(rc, "field.measure"), &cm->measure);
  char *term = review_term(rc->r, cm);
  kv_row(t, &cap, L(rc, "field.term"), term ? term : L(rc, "text.none"));
  free(term);
  if (cm->beneficiaries.n) {
    buf b;
    buf_init(&b);
    for (size_t i = 0; i < cm->beneficiaries.n; i++) {
      const mtext *v = &cm->beneficiaries.items[i];
      if (!v->s) continue;
      if (b.len) buf_adds(&b, "; ");
      buf_add(&b, v->s, v->len);
    }
    if (b.len) kv_row(t, &cap, L(rc, "field.beneficiaries"), b.data);
    buf_free(&b);
  }
  kv_mtext(t, &cap, L(rc, "field.resources"), &cm->resources);
  /* space before what follows; two tables in a row would also merge into
   * one in Word */
  para(rc, DOC_STYLE_BODY, NULL);
}

static char *mtext_str(const mtext *t) { return t->s ? xstrndup(t->s, t->len) : xstrdup(""); }

static void title_block(rcomposer *rc) {
  const review *r = rc->r;
  const contract *c = r->c;
  para(rc, DOC_STYLE_SUBTITLE, L(rc, "heading.review"));
  char *name = mtext_str(&c->parties[r->party].name);
  para(rc, DOC_STYLE_TITLE, name);
  free(name);
  char *title = mtext_str(&c->title);
  field_para(rc, rc->d->meta.kind_label, title);
  free(title);
  if (mtext_nonempty(&c->area)) {
    char *area = mtext_str(&c->area);
    field_para(rc, L(rc, "field.area"), area);
    free(area);
  }
  char *version = mtext_str(&c->version);
  field_para(rc, L(rc, "field.version"), version);
  free(version);
  field_para(rc, L(rc, "field.status"), rc->d->meta.status_label);
  if (c->period_start.s && c->period_end.s) {
    char *from = textout_date(r->lang, c->period_start.s, c->period_start.len);
    char *until = textout_date(r->lang, c->period_end.s, c->period_end.len);
    char *period = xasprintf("%s %s %s", from, L(rc, "text.until"), until);
    field_para(rc, L(rc, "field.period"), period);
    free(period);
    free(from);
    free(until);
  }
}

static void roles_section(rcomposer *rc) {
  const review *r = rc->r;
  const profile *p = r->c->profile;
  heading(rc, 1, L(rc, "heading.our-roles"));
  static const double widths[] = {0.34, 0.2, 0.46};
  doc_block *t = NULL;
  size_t cap = 0;
  for (size_t i = 0; i < r->n_challenges; i++) {
    const review_challenge *ch = &r->challenges[i];
    for (size_t k = 0; k < ch->n_roles; k++) {
      if (!t) {
        t = table(rc, 3, widths, 1);
        doc_row *h = table_row(t, &cap);
        cell_text(&h->cells[0], DOC_STYLE_TABLE_HEAD, L(rc, "field.challenge"), 0);
        cell_text(&h->cells[1], DOC_STYLE_TABLE_HEAD, L(rc, "field.role"), 0);
        cell_text(&h->cells[2], DOC_STYLE_TABLE_HEAD, L(rc, "field.description"), 0);
      }
      doc_row *row = table_row(t, &cap);
      if (k == 0) cell_mtext(&row->cells[0], &r->c->challenges[ch->challenge].title);
      else cell_text(&row->cells[0], DOC_STYLE_TABLE, NULL, 0);
      const char *id = p->roles[ch->roles[k]].id;
      cell_text(&row->cells[1], DOC_STYLE_TABLE, profile_label2(p, r->lang, "role", id), 0);
      cell_text(&row->cells[2], DOC_STYLE_TABLE, profile_label2(p, r->lang, "role-desc", id), 0);
    }
  }
  if (!t) para(rc, DOC_STYLE_BODY, L(rc, "text.none"));
}

static void own_section(rcomposer *rc) {
  const review *r = rc->r;
  heading(rc, 1, L(rc, "heading.our-commitments"));
  bool any = false;
  for (size_t i = 0; i < r->n_challenges; i++) {
    const review_challenge *ch = &r->challenges[i];
    if (!ch->n_own) continue;
    char *title = mtext_str(&r->c->challenges[ch->challenge].title);
    heading(rc, 2, title);
    free(title);
    for (size_t k = 0; k < ch->n_own; k++) commitment_table(rc, ch->own[k].cm);
    any = true;
  }
  if (!any) para(rc, DOC_STYLE_BODY, L(rc, "text.none"));
}

static void others_section(rcomposer *rc) {
  const review *r = rc->r;
  heading(rc, 1, L(rc, "heading.their-commitments"));
  bool any = false;
  size_t *roles = xcalloc(r->matrix->n_roles + 1, sizeof *roles);
  for (size_t i = 0; i < r->n_challenges; i++) {
    const review_challenge *ch = &r->challenges[i];
    if (!ch->n_others) continue;
    char *title = mtext_str(&r->c->challenges[ch->challenge].title);
    heading(rc, 2, title);
    free(title);
    for (size_t k = 0; k < ch->n_others; k++) {
      size_t who = ch->others[k].party;
      if (k == 0 || ch->others[k - 1].party != who) {
        /* "Gemeente Lindenhaven (Kadersteller, Handhaver)" */
        doc_block *b = para(rc, DOC_STYLE_BODY, NULL);
        b->keep_with_next = true;
        char *name = mtext_str(&r->c->parties[who].name);
        doc_add_run(b, name, RUN_BOLD, NULL);
        free(name);
        size_t n = role_matrix_cell(r->matrix, who, ch->challenge, roles);
        if (n) {
          char *list = review_role_list(r, roles, n, ", ");
          char *paren = xasprintf(" (%s)", list);
          doc_add_run(b, paren, 0, NULL);
          free(paren);
          free(list);
        }
      }
      commitment_table(rc, ch->others[k].cm);
    }
    any = true;
  }
  free(roles);
  if (!any) para(rc, DOC_STYLE_BODY, L(rc, "text.none"));
}

static void dates_section(rcomposer *rc) {
  const review *r = rc->r;
  heading(rc, 1, L(rc, "heading.dates"));
  if (r->n_dates == 0) {
    para(rc, DOC_STYLE_BODY, L(rc, "text.none"));
    return;
  }
  static const double widths[] = {0.24, 0.76};
  doc_block *t = table(rc, 2, widths, 1);
  size_t cap = 0;
  doc_row *h = table_row(t, &cap);
  cell_text(&h->cells[0], DOC_STYLE_TABLE_HEAD, L(rc, "field.date"), 0);
  cell_text(&h->cells[1], DOC_STYLE_TABLE_HEAD, L(rc, "field.description"), 0);
  for (size_t i = 0; i < r->n_dates; i++) {
    const review_date *d = &r->dates[i];
    doc_row *row = table_row(t, &cap);
    char *date = textout_date(r->lang, d->date->s, d->date->len);
    cell_text(&row->cells[0], DOC_STYLE_TABLE, date, 0);
    free(date);
    char *what = review_date_what(r, d, 100);
    cell_text(&row->cells[1], DOC_STYLE_TABLE, what, d->kind == REVIEW_DUE_OWN ? RUN_BOLD : 0);
    free(what);
  }
}

doc *compose_review(const contract *c, const char *party_id) {
  long p = party_id ? model_party_index(c, party_id) : -1;
  if (p < 0 || !c->profile) return NULL;
  review *r = review_build(c, (size_t)p);
  rcomposer rc = {compose_begin(c), 0, r};
  rc.cap = rc.d->n_blocks;
  title_block(&rc);
  roles_section(&rc);
  own_section(&rc);
  others_section(&rc);
  dates_section(&rc);
  review_free(r);
  return rc.d;
}
