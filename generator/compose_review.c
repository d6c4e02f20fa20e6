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
  const review *r;
  unsigned commitment_group, roles_group, dates_group; /* once used */
} rcomposer;

static const char *L(const rcomposer *rc, const char *key) { return review_label(rc->r, key); }

/* The review's tables are portrait pages' label/value lists with a fixed
 * shape (labels left, text right), all of a kind alike; compose_layout.c
 * widens a column only where a word needs it. */
static doc_block *table(rcomposer *rc, size_t n_cols, size_t header_rows, unsigned *group, const double *shape) {
  if (!*group) *group = doc_group(rc->d, shape);
  doc_block *t = doc_table(rc->d, n_cols, header_rows);
  t->group = (unsigned short)*group;
  return t;
}

/* One paragraph of text in a cell, as written (every cell needs one). */
static void cell_text(doc_cell *cell, doc_style style, const char *text, unsigned flags) {
  doc_block *b = doc_cell_para(cell, style);
  if (text && *text) doc_add_run(b, text, flags, NULL);
}

static void cell_mtext(doc_cell *cell, const mtext *t) {
  char *s = t->s ? xstrndup(t->s, t->len) : NULL;
  cell_text(cell, DOC_STYLE_TABLE, s, 0);
  free(s);
}

/* A label and its value: the label heads its row, not a column. */
static void kv_row(doc_block *t, const char *label, const char *value) {
  doc_row *row = doc_table_row(t);
  cell_text(&row->cells[0], DOC_STYLE_TABLE_LABEL, label, 0);
  cell_text(&row->cells[1], DOC_STYLE_TABLE, value, 0);
}

static void kv_mtext(doc_block *t, const char *label, const mtext *v) {
  if (!mtext_nonempty(v)) return;
  char *s = mtext_dup(v);
  kv_row(t, label, s);
  free(s);
}

/* A heading of its own text, by value ("" when unset). */
static void mtext_heading(rcomposer *rc, int level, const mtext *t) {
  char *s = mtext_dup(t);
  doc_heading(rc->d, level, s);
  free(s);
}

static void field_para(rcomposer *rc, const char *label, const char *value) {
  doc_field_para(rc->d, DOC_STYLE_META, label, value, RUN_BOLD);
}

static void field_mtext(rcomposer *rc, const char *label, const mtext *value) {
  char *s = mtext_dup(value);
  field_para(rc, label, s);
  free(s);
}

/* A commitment as a two-column table: what, kind, impact, measure, term,
 * for whom, with what. */
static void commitment_table(rcomposer *rc, const commitment *cm) {
  static const double widths[] = {0.28, 0.72};
  doc_block *t = table(rc, 2, 0, &rc->commitment_group, widths);
  kv_mtext(t, L(rc, "field.text"), &cm->text);
  char *ob = review_obligation_explained(rc->r, cm);
  kv_row(t, L(rc, "field.obligation"), ob);
  free(ob);
  kv_mtext(t, L(rc, "field.impact"), &cm->impact);
  kv_mtext(t, L(rc, "field.measure"), &cm->measure);
  char *term = review_term(rc->r, cm);
  kv_row(t, L(rc, "field.when"), term ? term : L(rc, "text.none")); /* not the contract's "Term" */
  free(term);
  char *who = review_beneficiaries(cm);
  if (who) kv_row(t, L(rc, "field.beneficiaries"), who);
  free(who);
  kv_mtext(t, L(rc, "field.resources"), &cm->resources);
  /* space before what follows; two tables in a row would also merge into
   * one in Word */
  doc_para(rc->d, DOC_STYLE_BODY, NULL);
}

static void title_block(rcomposer *rc) {
  const review *r = rc->r;
  const contract *c = r->c;
  doc_para(rc->d, DOC_STYLE_SUBTITLE, L(rc, "heading.review"));
  char *name = mtext_dup(&c->parties[r->party].name);
  doc_para(rc->d, DOC_STYLE_TITLE, name);
  free(name);
  field_mtext(rc, rc->d->meta.kind_label, &c->title);
  if (mtext_nonempty(&c->area)) field_mtext(rc, L(rc, "field.area"), &c->area);
  field_mtext(rc, L(rc, "field.version"), &c->version);
  field_para(rc, L(rc, "field.status"), rc->d->meta.status_label);
  char *period = review_period(r);
  if (period) field_para(rc, L(rc, "field.period"), period);
  free(period);
}

static void roles_section(rcomposer *rc) {
  const review *r = rc->r;
  const profile *p = r->c->profile;
  doc_heading(rc->d, 1, L(rc, "heading.our-roles"));
  static const double widths[] = {0.34, 0.2, 0.46};
  doc_block *t = NULL;
  for (size_t i = 0; i < r->n_challenges; i++) {
    const review_challenge *ch = &r->challenges[i];
    for (size_t k = 0; k < ch->n_roles; k++) {
      if (!t) {
        t = table(rc, 3, 1, &rc->roles_group, widths);
        doc_row *h = doc_table_row(t);
        cell_text(&h->cells[0], DOC_STYLE_TABLE_HEAD, L(rc, "field.challenge"), 0);
        cell_text(&h->cells[1], DOC_STYLE_TABLE_HEAD, L(rc, "field.role"), 0);
        cell_text(&h->cells[2], DOC_STYLE_TABLE_HEAD, L(rc, "field.description"), 0);
      }
      doc_row *row = doc_table_row(t);
      if (k == 0) cell_mtext(&row->cells[0], &r->c->challenges[ch->challenge].title);
      else cell_text(&row->cells[0], DOC_STYLE_TABLE, NULL, 0);
      const char *id = p->roles[ch->roles[k]].id;
      cell_text(&row->cells[1], DOC_STYLE_TABLE, profile_label2(p, r->lang, "role", id), 0);
      cell_text(&row->cells[2], DOC_STYLE_TABLE, profile_label2(p, r->lang, "role-desc", id), 0);
    }
  }
  if (!t) doc_para(rc->d, DOC_STYLE_BODY, L(rc, "text.none"));
}

static void own_section(rcomposer *rc) {
  const review *r = rc->r;
  doc_heading(rc->d, 1, L(rc, "heading.our-commitments"));
  bool any = false;
  for (size_t i = 0; i < r->n_challenges; i++) {
    const review_challenge *ch = &r->challenges[i];
    if (!ch->n_own) continue;
    mtext_heading(rc, 2, &r->c->challenges[ch->challenge].title);
    for (size_t k = 0; k < ch->n_own; k++) commitment_table(rc, ch->own[k].cm);
    any = true;
  }
  if (!any) doc_para(rc->d, DOC_STYLE_BODY, L(rc, "text.none"));
}

/* "Gemeente Lindenhaven (Kadersteller, Handhaver)" above the promises of
 * one party in one challenge. */
static void other_party(rcomposer *rc, size_t who, size_t ch, size_t *roles) {
  const review *r = rc->r;
  doc_block *b = doc_para(rc->d, DOC_STYLE_BODY, NULL);
  b->keep_with_next = true;
  char *name = mtext_dup(&r->c->parties[who].name);
  doc_add_run(b, name, RUN_BOLD, NULL);
  free(name);
  size_t n = role_matrix_cell(r->matrix, who, ch, roles);
  if (n) {
    char *list = review_role_list(r, roles, n, ", ");
    char *paren = xasprintf(" (%s)", list);
    doc_add_run(b, paren, 0, NULL);
    free(paren);
    free(list);
  }
}

static void others_section(rcomposer *rc) {
  const review *r = rc->r;
  doc_heading(rc->d, 1, L(rc, "heading.their-commitments"));
  bool any = false;
  size_t *roles = xcalloc(r->matrix->n_roles + 1, sizeof *roles);
  for (size_t i = 0; i < r->n_challenges; i++) {
    const review_challenge *ch = &r->challenges[i];
    if (!ch->n_others) continue;
    mtext_heading(rc, 2, &r->c->challenges[ch->challenge].title);
    for (size_t k = 0; k < ch->n_others; k++) {
      size_t who = ch->others[k].party;
      if (k == 0 || ch->others[k - 1].party != who) other_party(rc, who, ch->challenge, roles);
      commitment_table(rc, ch->others[k].cm);
    }
    any = true;
  }
  free(roles);
  if (!any) doc_para(rc->d, DOC_STYLE_BODY, L(rc, "text.none"));
}

static void dates_section(rcomposer *rc) {
  const review *r = rc->r;
  doc_heading(rc->d, 1, L(rc, "heading.dates"));
  if (r->n_dates == 0) {
    doc_para(rc->d, DOC_STYLE_BODY, L(rc, "text.none"));
    return;
  }
  static const double widths[] = {0.24, 0.76};
  doc_block *t = table(rc, 2, 1, &rc->dates_group, widths);
  doc_row *h = doc_table_row(t);
  cell_text(&h->cells[0], DOC_STYLE_TABLE_HEAD, L(rc, "field.date"), 0);
  cell_text(&h->cells[1], DOC_STYLE_TABLE_HEAD, L(rc, "field.description"), 0);
  for (size_t i = 0; i < r->n_dates; i++) {
    const review_date *d = &r->dates[i];
    doc_row *row = doc_table_row(t);
    char *date = textout_date(r->c->profile, r->lang, d->date->s, d->date->len);
    cell_text(&row->cells[0], DOC_STYLE_TABLE, date, 0);
    free(date);
    char *what = review_date_what(r, d, 0); /* whole: a cut text dropped the amount */
    cell_text(&row->cells[1], DOC_STYLE_TABLE, what, d->kind == REVIEW_DUE_OWN ? RUN_BOLD : 0);
    free(what);
  }
}

doc *compose_review(const contract *c, const char *party_id) {
  long p = party_id ? model_party_index(c, party_id) : -1;
  if (p < 0 || !c->profile) return NULL;
  review *r = review_build(c, (size_t)p);
  rcomposer rc = {compose_begin(c), r, 0, 0, 0};
  rc.d->meta.made_as = "review";
  const mtext *id = &c->parties[p].id;
  rc.d->meta.party = id->s ? xstrndup(id->s, id->len) : xstrdup(party_id);
  title_block(&rc);
  roles_section(&rc);
  own_section(&rc);
  others_section(&rc);
  dates_section(&rc);
  review_free(r);
  doc_finish(rc.d);
  return rc.d;
}
