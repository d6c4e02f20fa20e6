/* compose_review.c - the review of one party as a document (`review -o
 * X.odt|.docx`): its roles, its promises (general and joint ones too), the
 * promises others make in its challenges, what it pays and receives, the
 * reports it makes and gets, its remedies and its key dates, in the
 * contract's language: what the text review shows. */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "model.h"
#include "profile.h"
#include "review.h"
#include "rolematrix.h"
#include "textout.h"
#include "util.h"
#include "variables.h"

typedef struct {
  doc *d;
  const review *r;
  /* table groups, made when first used */
  unsigned commitment_group, roles_group, dates_group, pay_group, receive_group, report_group,
      remedy_group;
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

/* A row whose value fn writes (var_amount, var_target), when it writes
 * one: the amount and the target as the contract document writes them. */
static void kv_made(rcomposer *rc, doc_block *t, const char *key, const commitment *cm,
                    void (*fn)(const contract *, const commitment *, buf *)) {
  buf b;
  buf_init(&b);
  fn(rc->r->c, cm, &b);
  if (b.len) kv_row(t, L(rc, key), b.data);
  buf_free(&b);
}

/* A row of a text that may be NULL (then no row), freed. */
static void kv_owned(doc_block *t, const char *label, char *value) {
  if (value) kv_row(t, label, value);
  free(value);
}

/* The commitment's citation number, as the contract document shows it. */
static char *number_text(const rcomposer *rc, const commitment *cm) {
  return xasprintf("%zu", model_commitment_number(rc->r->c, cm));
}

/* A commitment as a two-column table: its number, what, who is bound with
 * it (a joint one), kind, impact, measure, target, term, to whom, how
 * much, for whom, with what, and what follows when it is not kept. */
static void commitment_table(rcomposer *rc, const commitment *cm) {
  static const double widths[] = {0.28, 0.72};
  const review *r = rc->r;
  doc_block *t = table(rc, 2, 0, &rc->commitment_group, widths);
  kv_owned(t, L(rc, "field.number"), number_text(rc, cm));
  kv_mtext(t, L(rc, "field.text"), &cm->text);
  if (cm->parties.n > 1) kv_owned(t, L(rc, "field.party"), review_parties_text(r, &cm->parties));
  kv_owned(t, L(rc, "field.obligation"), review_obligation_explained(r, cm));
  kv_mtext(t, L(rc, "field.impact"), &cm->impact);
  kv_mtext(t, L(rc, "field.measure"), &cm->measure);
  kv_made(rc, t, "field.target", cm, var_target);
  char *term = review_term(r, cm);
  kv_row(t, L(rc, "field.when"), term ? term : L(rc, "text.none")); /* not the contract's "Term" */
  free(term);
  kv_owned(t, L(rc, "field.to"), review_parties_text(r, &cm->to));
  kv_made(rc, t, "field.amount", cm, var_amount);
  kv_owned(t, L(rc, "field.beneficiaries"), review_beneficiaries(cm));
  kv_mtext(t, L(rc, "field.resources"), &cm->resources);
  kv_mtext(t, L(rc, "field.remedy"), &cm->remedy);
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
  if (r->n_general) { /* commitments that serve no single challenge */
    doc_heading(rc->d, 2, L(rc, "heading.general"));
    for (size_t k = 0; k < r->n_general; k++) commitment_table(rc, r->general[k].cm);
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

/* ---- v2: money, reports, remedies ---- */

/* A table with a header row of labels (profile keys). */
static doc_block *headed_table(rcomposer *rc, size_t n, unsigned *group, const double *shape,
                               const char *const *keys) {
  doc_block *t = table(rc, n, 1, group, shape);
  doc_row *h = doc_table_row(t);
  for (size_t i = 0; i < n; i++) cell_text(&h->cells[i], DOC_STYLE_TABLE_HEAD, L(rc, keys[i]), 0);
  return t;
}

static void number_cell(rcomposer *rc, doc_cell *cell, const commitment *cm) {
  char *n = number_text(rc, cm);
  cell_text(cell, DOC_STYLE_TABLE, n, 0);
  free(n);
}

/* The amount as the document writes it and, when others pay or receive
 * it too, "(samen met het Buurthuis)" in a paragraph of its own. */
static void amount_cell(rcomposer *rc, doc_cell *cell, const commitment *cm, const mtext_list *shared) {
  buf b;
  buf_init(&b);
  var_amount(rc->r->c, cm, &b);
  if (b.len) cell_text(cell, DOC_STYLE_TABLE, b.data, 0); /* else a dash */
  buf_free(&b);
  char *others = review_others_text(rc->r, shared);
  if (others) {
    char *with = xasprintf("(%s %s)", L(rc, "text.together"), others);
    cell_text(cell, DOC_STYLE_TABLE, with, 0);
    free(with);
  }
  free(others);
}

/* A closing row: the label in the next-to-last column, the totals per
 * currency in the last, both bold. */
static void total_row(rcomposer *rc, doc_block *t, const char *key, const money_totals *total) {
  const review *r = rc->r;
  money_style st = money_style_for(r->c->profile, r->lang);
  buf sum;
  buf_init(&sum);
  money_format_totals(&sum, total, r->c->profile->currency, ", ", &st);
  doc_row *row = doc_table_row(t);
  for (size_t i = 0; i + 2 < t->n_cols; i++) cell_text(&row->cells[i], DOC_STYLE_TABLE, NULL, 0);
  cell_text(&row->cells[t->n_cols - 2], DOC_STYLE_TABLE_LABEL, L(rc, key), 0);
  cell_text(&row->cells[t->n_cols - 1], DOC_STYLE_TABLE, sum.data, RUN_BOLD);
  buf_free(&sum);
}

/* What the party pays (its commitments with an amount, a joint one whole,
 * as it binds each party) and receives (others' commitments made to it;
 * amounts it shares with other recipients totalled apart), only where the
 * contract has amounts. */
static void money_section(rcomposer *rc) {
  const review *r = rc->r;
  const review_v2 *v = &r->v2;
  if (!v->any_amount) return;
  doc_heading(rc->d, 1, L(rc, "heading.we-pay"));
  if (v->n_pays) {
    static const double widths[] = {0.08, 0.6, 0.32};
    static const char *const keys[] = {"field.number", "field.commitment", "field.amount"};
    doc_block *t = headed_table(rc, 3, &rc->pay_group, widths, keys);
    for (size_t i = 0; i < v->n_pays; i++) {
      const commitment *cm = v->pays[i];
      doc_row *row = doc_table_row(t);
      number_cell(rc, &row->cells[0], cm);
      cell_mtext(&row->cells[1], &cm->text);
      amount_cell(rc, &row->cells[2], cm, &cm->parties);
    }
    total_row(rc, t, "field.total", v->paid);
  } else {
    doc_para(rc->d, DOC_STYLE_BODY, L(rc, "text.none"));
  }
  doc_heading(rc->d, 1, L(rc, "heading.we-receive"));
  if (v->n_receives) {
    static const double widths[] = {0.08, 0.2, 0.44, 0.28};
    static const char *const keys[] = {"field.number", "field.party", "field.commitment", "field.amount"};
    doc_block *t = headed_table(rc, 4, &rc->receive_group, widths, keys);
    for (size_t i = 0; i < v->n_receives; i++) {
      const commitment *cm = v->receives[i];
      doc_row *row = doc_table_row(t);
      number_cell(rc, &row->cells[0], cm);
      char *from = review_parties_text(r, &cm->parties);
      cell_text(&row->cells[1], DOC_STYLE_TABLE, from, 0);
      free(from);
      cell_mtext(&row->cells[2], &cm->text);
      amount_cell(rc, &row->cells[3], cm, &cm->to);
    }
    if (v->received.n) total_row(rc, t, "field.total", &v->received);
    if (v->shared.n) total_row(rc, t, "field.total-shared", &v->shared);
  } else {
    doc_para(rc->d, DOC_STYLE_BODY, L(rc, "text.none"));
  }
}

/* Reports as a table: the other party (recipient or reporter), how
 * often, about what. */
static void report_table(rcomposer *rc, const report_duty *const *items, size_t n, bool owed) {
  const review *r = rc->r;
  if (!n) {
    doc_para(rc->d, DOC_STYLE_BODY, L(rc, "text.none"));
    return;
  }
  static const double widths[] = {0.3, 0.22, 0.48};
  const char *keys[] = {owed ? "field.to" : "field.party", "field.every", "field.about"};
  doc_block *t = headed_table(rc, 3, &rc->report_group, widths, keys);
  for (size_t i = 0; i < n; i++) {
    const report_duty *rd = items[i];
    const mtext *other = owed ? &rd->to : &rd->party;
    long p = other->s ? model_party_index(r->c, other->s) : -1;
    char *who = p >= 0 ? review_party_short(r->c, (size_t)p) : mtext_dup(other);
    doc_row *row = doc_table_row(t);
    cell_text(&row->cells[0], DOC_STYLE_TABLE, who, 0);
    cell_text(&row->cells[1], DOC_STYLE_TABLE, review_every(r, rd), 0);
    cell_mtext(&row->cells[2], &rd->about);
    free(who);
  }
}

/* The reports it makes and gets (only where the contract has reports). */
static void reports_section(rcomposer *rc) {
  const review_v2 *v = &rc->r->v2;
  if (!v->any_report) return;
  doc_heading(rc->d, 1, L(rc, "heading.we-report"));
  report_table(rc, v->reports_owed, v->n_reports_owed, true);
  doc_heading(rc->d, 1, L(rc, "heading.reported-to-us"));
  report_table(rc, v->reports_due, v->n_reports_due, false);
}

/* What follows when it does not keep a commitment (only where the
 * contract names remedies). */
static void remedies_section(rcomposer *rc) {
  const review_v2 *v = &rc->r->v2;
  if (!v->any_remedy) return;
  doc_heading(rc->d, 1, L(rc, "heading.remedies"));
  if (!v->n_remedies) {
    doc_para(rc->d, DOC_STYLE_BODY, L(rc, "text.none"));
    return;
  }
  static const double widths[] = {0.08, 0.46, 0.46};
  static const char *const keys[] = {"field.number", "field.commitment", "field.remedy"};
  doc_block *t = headed_table(rc, 3, &rc->remedy_group, widths, keys);
  for (size_t i = 0; i < v->n_remedies; i++) {
    const commitment *cm = v->remedies[i];
    doc_row *row = doc_table_row(t);
    number_cell(rc, &row->cells[0], cm);
    cell_mtext(&row->cells[1], &cm->text);
    cell_mtext(&row->cells[2], &cm->remedy);
  }
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
  rcomposer rc = {compose_begin(c), r, 0, 0, 0, 0, 0, 0, 0};
  rc.d->meta.made_as = "review";
  const mtext *id = &c->parties[p].id;
  rc.d->meta.party = id->s ? xstrndup(id->s, id->len) : xstrdup(party_id);
  title_block(&rc);
  roles_section(&rc);
  own_section(&rc);
  others_section(&rc);
  money_section(&rc);
  reports_section(&rc);
  remedies_section(&rc);
  dates_section(&rc);
  review_free(r);
  doc_finish(rc.d);
  return rc.d;
}
