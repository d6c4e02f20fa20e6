/* compose_annex.c - the v2 parts of the contract document (spec section 6):
 * the conditions as an article, and the annexes of financial
 * contributions (per party and per challenge, exact totals per currency),
 * reporting duties and the amendment history. */
#include <stdlib.h>
#include <string.h>

#include "compose_impl.h"
#include "money.h"
#include "variables.h"

/* One paragraph of text in a cell; nothing (a dash) for NULL or "". */
static void cell(doc_row *row, size_t col, doc_style style, const char *text) {
  doc_cell_text(&row->cells[col], style, text);
}

static void cell_mtext(doc_row *row, size_t col, const mtext *t) {
  if (mtext_nonempty(t)) cell(row, col, DOC_STYLE_TABLE, t->s);
}

static void cell_date(const composer *cm, doc_row *row, size_t col, const mtext *date) {
  if (!mtext_nonempty(date)) return;
  char *text = D(cm, date);
  cell(row, col, DOC_STYLE_TABLE, text);
  free(text);
}

/* A table of n columns under a header row of the labels of keys. */
static doc_block *head_table(composer *cm, size_t n, const char *const *keys) {
  doc_block *t = doc_table(cm->d, n, 1);
  doc_row *r = doc_table_row(t);
  for (size_t c = 0; c < n; c++) doc_cell_text(&r->cells[c], DOC_STYLE_TABLE_HEAD, L(cm, keys[c]));
  return t;
}

/* ---- conditions ---- */

bool compose_has_conditions(const composer *cm) { return cm->c->n_conditions > 0; }

/* "Artikel 7 Voorwaarden": what the agreement depends on, its state and
 * the date by which it must be met. number (malloc'd, or NULL when the
 * profile does not number articles) goes to the heading. */
void compose_conditions_article(composer *cm, char *number) {
  const contract *c = cm->c;
  heading(cm, 1, L(cm, "heading.conditions"))->number = number;
  static const char *const head[] = {"field.condition", "field.status", "field.due"};
  doc_block *t = head_table(cm, 3, head);
  for (size_t i = 0; i < c->n_conditions; i++) {
    const condition *k = &c->conditions[i];
    doc_row *row = doc_table_row(t);
    row->key = doc_key("condition", k->id.s);
    cell_mtext(row, 0, &k->text);
    const profile_word *status = NULL;
    if (cm->p) {
      status = mtext_nonempty(&k->status)
                   ? profile_word_find(cm->p->condition_statuses, cm->p->n_condition_statuses, k->status.s)
                   : profile_word_default(cm->p->condition_statuses, cm->p->n_condition_statuses);
    }
    cell(row, 1, DOC_STYLE_TABLE, status ? L2(cm, "condition-status", status->id) : T(&k->status));
    cell_date(cm, row, 2, &k->due);
  }
}

/* ---- financial contributions ---- */

/* The commitments whose amount checks, with their money; the annex counts
 * only these (check reports the others, and a draft shows them as
 * written in the commitments annex). */
typedef struct {
  size_t index;
  model_money money;
} contribution;

static contribution *contributions(const contract *c, size_t *n) {
  contribution *out = xmalloc((c->n_commitments ? c->n_commitments : 1) * sizeof *out);
  *n = 0;
  for (size_t i = 0; i < c->n_commitments; i++)
    if (model_amount(c, &c->commitments[i], &out[*n].money)) out[(*n)++].index = i;
  return out;
}

bool compose_has_finance(const composer *cm) {
  model_money m;
  for (size_t i = 0; i < cm->c->n_commitments; i++)
    if (model_amount(cm->c, &cm->c->commitments[i], &m)) return true;
  return false;
}

/* Totals per currency, "€ 1.000 en $ 500". */
static void format_totals(const composer *cm, const money_totals *t, buf *out) {
  money_style st = money_style_for(cm->p, cm->lang);
  char *sep = xasprintf(" %s ", L(cm, "text.and"));
  money_format_totals(out, t, cm->p ? cm->p->currency : "EUR", sep, &st);
  free(sep);
}

/* Totals in a cell, e.g. "$1,000 and €500", aligned as align. */
static void totals_cell(const composer *cm, doc_row *row, size_t col, const money_totals *t, doc_style style,
                        doc_align align) {
  buf s;
  buf_init(&s);
  format_totals(cm, t, &s);
  cell(row, col, style, s.data);
  row->cells[col].align = align;
  buf_free(&s);
}

/* "Totaal" under the last row, in bold: the label in the column of text,
 * the totals in the column of amounts, the other cells blank on purpose
 * (an empty paragraph, not a dash). */
static void total_row(composer *cm, doc_block *t, size_t label_col, size_t value_col, const money_totals *tot,
                      doc_align align) {
  doc_row *row = doc_table_row(t);
  for (size_t c = 0; c < t->n_cols; c++)
    if (c != label_col && c != value_col) doc_cell_para(&row->cells[c], DOC_STYLE_TABLE);
  cell(row, label_col, DOC_STYLE_TABLE_LABEL, L(cm, "field.total"));
  totals_cell(cm, row, value_col, tot, DOC_STYLE_TABLE_LABEL, align);
}

/* One contribution in a party's table: number, challenge, recipients,
 * the amount (marked when the commitment is joint). */
static void contribution_row(composer *cm, doc_block *t, const contribution *ct) {
  const contract *c = cm->c;
  const commitment *k = &c->commitments[ct->index];
  doc_row *row = doc_table_row(t);
  row->key = doc_key("commitment", k->id.s);
  char *number = xasprintf("%zu", ct->index + 1);
  cell(row, 0, DOC_STYLE_TABLE, number);
  free(number);
  const challenge *ch = k->challenge.s ? model_challenge(c, k->challenge.s) : NULL;
  cell(row, 1, DOC_STYLE_TABLE, ch ? T(&ch->title) : k->challenge.s ? k->challenge.s : L(cm, "text.general"));
  buf s;
  buf_init(&s);
  for (size_t j = 0; j < k->to.n; j++)
    if (mtext_nonempty(&k->to.items[j])) buf_printf(&s, "%s%s", s.len ? ", " : "", party_name(cm, k->to.items[j].s));
  cell(row, 2, DOC_STYLE_TABLE, s.data);
  buf_reset(&s);
  var_amount(c, k, &s);
  cell(row, 3, DOC_STYLE_TABLE, s.data);
  buf_free(&s);
  if (k->parties.n > 1) doc_add_run(doc_cell_para(&row->cells[3], DOC_STYLE_TABLE), L(cm, "text.joint"), RUN_ITALIC, NULL);
}

/* The index of the j-th party a commitment binds; -1 for an id the
 * contract does not define (only in a draft) or one named before in the
 * list. */
static long bound_party(const contract *c, const commitment *k, size_t j) {
  const mtext *id = &k->parties.items[j];
  if (!id->s) return -1;
  for (size_t e = 0; e < j; e++)
    if (k->parties.items[e].s && strcmp(k->parties.items[e].s, id->s) == 0) return -1;
  return model_party_index(c, id->s);
}

/* Per party a table of its contributions, a joint one under each of its
 * parties, and its total (model_party_totals: a joint commitment counts
 * for each of its parties, as {{ totals.ID }} says); tables of one shape.
 * One counting pass groups them (no party x commitment loop): start[p] ..
 * start[p+1] index into order. Returns whether a joint one was shown. */
static bool party_contributions(composer *cm, const contribution *cs, size_t n) {
  const contract *c = cm->c;
  size_t np = c->n_parties, n_bind = 0;
  size_t *start = xcalloc(np + 1, sizeof *start);
  for (size_t i = 0; i < n; i++) {
    const commitment *k = &c->commitments[cs[i].index];
    for (size_t j = 0; j < k->parties.n; j++) {
      long p = bound_party(c, k, j);
      if (p >= 0) start[p + 1]++, n_bind++;
    }
  }
  for (size_t p = 0; p < np; p++) start[p + 1] += start[p];
  size_t *order = xmalloc((n_bind ? n_bind : 1) * sizeof *order);
  size_t *fill = xmalloc((np + 1) * sizeof *fill);
  memcpy(fill, start, (np + 1) * sizeof *fill);
  for (size_t i = 0; i < n; i++) {
    const commitment *k = &c->commitments[cs[i].index];
    for (size_t j = 0; j < k->parties.n; j++) {
      long p = bound_party(c, k, j);
      if (p >= 0) order[fill[p]++] = i;
    }
  }
  static const char *const head[] = {"field.number", "field.challenge", "field.to", "field.amount"};
  unsigned group = doc_group(cm->d, NULL);
  bool joint = false;
  for (size_t p = 0; p < np; p++) {
    if (start[p] == start[p + 1]) continue;
    heading(cm, 2, T(&c->parties[p].name))->key = doc_key("contributions-heading", c->parties[p].id.s);
    doc_block *t = head_table(cm, 4, head);
    t->group = (unsigned short)group;
    t->key = doc_key("contributions", c->parties[p].id.s);
    for (size_t j = start[p]; j < start[p + 1]; j++) {
      contribution_row(cm, t, &cs[order[j]]);
      joint |= c->commitments[cs[order[j]].index].parties.n > 1;
    }
    const money_totals *tot = model_party_totals(c, p);
    if (tot) total_row(cm, t, 1, 3, tot, DOC_ALIGN_DEFAULT);
  }
  free(start);
  free(order);
  free(fill);
  return joint;
}

/* Per challenge (and for the general commitments) what all parties
 * contribute, each commitment counted once, and the grand total. */
static void challenge_totals(composer *cm, const contribution *cs, size_t n) {
  const contract *c = cm->c;
  size_t nch = c->n_challenges;
  money_totals *per = xcalloc(nch + 1, sizeof *per); /* [nch]: general */
  money_totals all = {0};
  for (size_t i = 0; i < n; i++) {
    const commitment *k = &c->commitments[cs[i].index];
    long ch = k->challenge.s ? model_challenge_index(c, k->challenge.s) : -1;
    money_totals_add(&per[ch < 0 ? nch : (size_t)ch], cs[i].money.currency, cs[i].money.total);
    money_totals_add(&all, cs[i].money.currency, cs[i].money.total);
  }
  heading(cm, 2, L(cm, "heading.finance-challenges"));
  static const char *const head[] = {"field.challenge", "field.amount"};
  doc_block *t = head_table(cm, 2, head);
  t->rows[0].cells[1].align = DOC_ALIGN_RIGHT;
  for (size_t s = 0; s <= nch; s++) {
    if (!per[s].n) continue;
    doc_row *row = doc_table_row(t);
    row->key = doc_key("challenge", s < nch ? c->challenges[s].id.s : "");
    cell(row, 0, DOC_STYLE_TABLE, s < nch ? T(&c->challenges[s].title) : L(cm, "heading.general"));
    totals_cell(cm, row, 1, &per[s], DOC_STYLE_TABLE, DOC_ALIGN_RIGHT);
  }
  total_row(cm, t, 0, 1, &all, DOC_ALIGN_RIGHT);
  for (size_t s = 0; s <= nch; s++) money_totals_free(&per[s]);
  money_totals_free(&all);
  free(per);
}

void compose_finance_annex(composer *cm) {
  size_t n;
  contribution *cs = contributions(cm->c, &n);
  if (party_contributions(cm, cs, n)) para(cm, DOC_STYLE_LEGEND, L(cm, "text.joint-counted"));
  challenge_totals(cm, cs, n);
  free(cs);
}

/* ---- reporting duties ---- */

bool compose_has_reports(const composer *cm) { return cm->c->n_reports > 0; }

/* Who reports to whom, how often, about what. */
void compose_reports_annex(composer *cm) {
  const contract *c = cm->c;
  static const char *const head[] = {"field.party", "field.to", "field.every", "field.about"};
  doc_block *t = head_table(cm, 4, head);
  for (size_t i = 0; i < c->n_reports; i++) {
    const report_duty *r = &c->reports[i];
    doc_row *row = doc_table_row(t);
    if (mtext_nonempty(&r->party)) cell(row, 0, DOC_STYLE_TABLE, party_name(cm, r->party.s));
    if (mtext_nonempty(&r->to)) cell(row, 1, DOC_STYLE_TABLE, party_name(cm, r->to.s));
    if (mtext_nonempty(&r->every))
      cell(row, 2, DOC_STYLE_TABLE,
           word_label(cm, cm->p ? cm->p->frequencies : NULL, cm->p ? cm->p->n_frequencies : 0, "every", r->every.s));
    cell_mtext(row, 3, &r->about);
  }
}

/* ---- amendment history ---- */

bool compose_has_amendments(const composer *cm) { return cm->c->n_amendments > 0; }

/* The versions, oldest first, as the file lists them. */
void compose_amendments_annex(composer *cm) {
  const contract *c = cm->c;
  static const char *const head[] = {"field.version", "field.date", "field.summary"};
  doc_block *t = head_table(cm, 3, head);
  for (size_t i = 0; i < c->n_amendments; i++) {
    const amendment *a = &c->amendments[i];
    doc_row *row = doc_table_row(t);
    row->key = doc_key("amendment", a->version.s);
    cell_mtext(row, 0, &a->version);
    cell_date(cm, row, 1, &a->date);
    cell_mtext(row, 2, &a->summary);
  }
}
