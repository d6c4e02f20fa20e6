/* review.c - gathers what one party needs to know from a contract: its
 * roles, its promises, the promises made around it, and its dates. */
#include "review.h"

#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "textout.h"
#include "util.h"

static bool mtext_eq(const mtext *a, const mtext *b) {
  return a->s && b->s && a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

static void add_date(review *r, size_t *cap, const mtext *date, review_date_kind kind,
                     const commitment *cm, size_t who) {
  long days;
  if (!date->s || !model_parse_date(date->s, date->len, &days)) return;
  xgrow((void **)&r->dates, cap, r->n_dates + 1, sizeof *r->dates);
  r->dates[r->n_dates] = (review_date){days, date, kind, cm, who, r->n_dates};
  r->n_dates++;
}

/* Sort key for dates: day, then kind, then the order they were added. */
static int cmp_date(const void *a, const void *b) {
  const review_date *x = a, *y = b;
  if (x->days != y->days) return x->days < y->days ? -1 : 1;
  if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_by_party(const void *a, const void *b) {
  const review_commitment *x = a, *y = b;
  if (x->party != y->party) return x->party < y->party ? -1 : 1;
  return x->cm < y->cm ? -1 : x->cm > y->cm;
}

bool review_commits(const contract *c, const commitment *cm, size_t p) {
  const mtext *self = &c->parties[p].id;
  for (size_t i = 0; i < cm->parties.n; i++)
    if (mtext_eq(&cm->parties.items[i], self)) return true;
  return false;
}

static bool names(const mtext_list *l, const mtext *id) {
  for (size_t i = 0; i < l->n; i++)
    if (mtext_eq(&l->items[i], id)) return true;
  return false;
}

char *review_parties_text(const review *r, const mtext_list *ids) {
  buf b;
  buf_init(&b);
  for (size_t i = 0; i < ids->n; i++) {
    if (i) buf_printf(&b, i + 1 < ids->n ? ", " : " %s ", review_label(r, "text.and"));
    long p = ids->items[i].s ? model_party_index(r->c, ids->items[i].s) : -1;
    if (p < 0) {
      buf_add(&b, ids->items[i].s ? ids->items[i].s : "", ids->items[i].len);
      continue;
    }
    char *name = review_party_short(r->c, (size_t)p);
    buf_adds(&b, name);
    free(name);
  }
  if (b.len) return buf_detach(&b);
  buf_free(&b);
  return NULL;
}

char *review_others_text(const review *r, const mtext_list *ids) {
  mtext_list rest = {0};
  rest.items = xcalloc(ids->n + 1, sizeof *rest.items);
  const mtext *self = &r->c->parties[r->party].id;
  for (size_t i = 0; i < ids->n; i++)
    if (!mtext_eq(&ids->items[i], self)) rest.items[rest.n++] = ids->items[i];
  char *text = review_parties_text(r, &rest);
  free(rest.items);
  return text;
}

const char *review_every(const review *r, const report_duty *rd) {
  const profile *p = r->c->profile;
  const profile_word *every = rd->every.s ? profile_word_find(p->frequencies, p->n_frequencies, rd->every.s) : NULL;
  return every ? profile_label2(p, r->lang, "every", every->id) : "";
}

#define PUSH(array, count, cap, item)                                  \
  do {                                                                 \
    xgrow((void **)&(array), &(cap), (count) + 1, sizeof *(array));    \
    (array)[(count)++] = (item);                                       \
  } while (0)

/* What the party pays and receives, the reports it makes and gets, and
 * its remedies. */
static void build_v2(review *r) {
  const contract *c = r->c;
  review_v2 *v = &r->v2;
  const mtext *self = &c->parties[r->party].id;
  size_t cap_pay = 0, cap_rec = 0, cap_rem = 0, cap_ro = 0, cap_rd = 0;
  v->paid = model_party_totals(c, r->party);
  for (size_t k = 0; k < c->n_commitments; k++) {
    const commitment *cm = &c->commitments[k];
    bool own = review_commits(c, cm, r->party);
    model_money m;
    bool money = model_amount(c, cm, &m);
    v->any_amount |= cm->amount.present;
    v->any_remedy |= mtext_nonempty(&cm->remedy);
    if (own && cm->amount.present) PUSH(v->pays, v->n_pays, cap_pay, cm);
    if (own && mtext_nonempty(&cm->remedy)) PUSH(v->remedies, v->n_remedies, cap_rem, cm);
    if (!own && names(&cm->to, self)) {
      PUSH(v->receives, v->n_receives, cap_rec, cm);
      if (money) money_totals_add(cm->to.n > 1 ? &v->shared : &v->received, m.currency, m.total);
    }
  }
  for (size_t i = 0; i < c->n_reports; i++) {
    const report_duty *rd = &c->reports[i];
    v->any_report = true;
    if (mtext_eq(&rd->party, self)) PUSH(v->reports_owed, v->n_reports_owed, cap_ro, rd);
    if (mtext_eq(&rd->to, self)) PUSH(v->reports_due, v->n_reports_due, cap_rd, rd);
  }
}

review *review_build(const contract *c, size_t p) {
  review *r = xcalloc(1, sizeof *r);
  r->c = c;
  r->party = p;
  r->lang = model_language(c);
  r->matrix = role_matrix_build(c);
  /* each commitment's challenge and party, looked up once */
  size_t nc = c->n_commitments;
  long *cm_ch = xcalloc(nc + 1, sizeof *cm_ch), *cm_party = xcalloc(nc + 1, sizeof *cm_party);
  for (size_t k = 0; k < nc; k++) {
    const commitment *cm = &c->commitments[k];
    cm_ch[k] = cm->challenge.s ? model_challenge_index(c, cm->challenge.s) : -1;
    cm_party[k] = cm->party.s ? model_party_index(c, cm->party.s) : -1;
  }
  size_t gen_cap = 0;
  for (size_t k = 0; k < nc; k++) {
    const commitment *cm = &c->commitments[k];
    if (mtext_set(&cm->challenge) || !review_commits(c, cm, p)) continue;
    review_commitment item = {cm, p};
    PUSH(r->general, r->n_general, gen_cap, item);
  }

  size_t cap = 0, dcap = 0;
  size_t *roles = xcalloc(r->matrix->n_roles + 1, sizeof *roles);
  for (size_t ch = 0; ch < c->n_challenges; ch++) {
    size_t n_roles = role_matrix_cell(r->matrix, p, ch, roles);
    review_challenge rc = {0};
    rc.challenge = ch;
    size_t own_cap = 0, oth_cap = 0;
    for (size_t k = 0; k < nc; k++) {
      if (cm_ch[k] != (long)ch || cm_party[k] < 0) continue;
      const commitment *cm = &c->commitments[k];
      review_commitment item = {cm, (size_t)cm_party[k]};
      if (review_commits(c, cm, p)) {
        item.party = p; /* a joint commitment is its own */
        xgrow((void **)&rc.own, &own_cap, rc.n_own + 1, sizeof *rc.own);
        rc.own[rc.n_own++] = item;
      } else if (n_roles > 0) {
        xgrow((void **)&rc.others, &oth_cap, rc.n_others + 1, sizeof *rc.others);
        rc.others[rc.n_others++] = item;
        add_date(r, &dcap, &cm->due, REVIEW_DUE_OTHER, cm, item.party);
      }
    }
    if (n_roles == 0 && rc.n_own == 0) {
      free(rc.own);
      free(rc.others);
      continue;
    }
    if (rc.n_others > 1) qsort(rc.others, rc.n_others, sizeof *rc.others, cmp_by_party);
    rc.roles = xcalloc(n_roles + 1, sizeof *rc.roles);
    memcpy(rc.roles, roles, n_roles * sizeof *roles);
    rc.n_roles = n_roles;
    xgrow((void **)&r->challenges, &cap, r->n_challenges + 1, sizeof *r->challenges);
    r->challenges[r->n_challenges++] = rc;
  }
  free(roles);
  free(cm_ch);
  free(cm_party);

  /* its own dates, general commitments included */
  for (size_t k = 0; k < nc; k++) {
    const commitment *cm = &c->commitments[k];
    if (!review_commits(c, cm, p)) continue;
    add_date(r, &dcap, &cm->due, REVIEW_DUE_OWN, cm, p);
    add_date(r, &dcap, &cm->until, REVIEW_UNTIL_OWN, cm, p);
  }
  build_v2(r);
  add_date(r, &dcap, &c->period_start, REVIEW_PERIOD_START, NULL, p);
  add_date(r, &dcap, &c->period_end, REVIEW_PERIOD_END, NULL, p);
  for (size_t i = 0; i < c->evaluations.n; i++)
    add_date(r, &dcap, &c->evaluations.items[i], REVIEW_EVALUATION, NULL, p);
  if (r->n_dates > 1) qsort(r->dates, r->n_dates, sizeof *r->dates, cmp_date);
  return r;
}

void review_free(review *r) {
  if (!r) return;
  for (size_t i = 0; i < r->n_challenges; i++) {
    free(r->challenges[i].roles);
    free(r->challenges[i].own);
    free(r->challenges[i].others);
  }
  free(r->challenges);
  free(r->general);
  free(r->dates);
  free(r->v2.pays);
  free(r->v2.receives);
  money_totals_free(&r->v2.received);
  money_totals_free(&r->v2.shared);
  free(r->v2.reports_owed);
  free(r->v2.reports_due);
  free(r->v2.remedies);
  role_matrix_free(r->matrix);
  free(r);
}

const char *review_label(const review *r, const char *key) {
  return profile_label(r->c->profile, r->lang, key);
}

char *review_party_short(const contract *c, size_t p) {
  const party *pt = &c->parties[p];
  const mtext *t = mtext_nonempty(&pt->short_name) ? &pt->short_name : &pt->name;
  return mtext_dup(t);
}

char *review_period(const review *r) {
  const contract *c = r->c;
  if (!c->period_start.s || !c->period_end.s) return NULL;
  char *from = textout_date(r->c->profile, r->lang, c->period_start.s, c->period_start.len);
  char *until = textout_date(r->c->profile, r->lang, c->period_end.s, c->period_end.len);
  char *period = xasprintf("%s %s %s", from, review_label(r, "text.until"), until);
  free(from);
  free(until);
  return period;
}

char *review_beneficiaries(const commitment *cm) {
  buf b;
  buf_init(&b);
  for (size_t i = 0; i < cm->beneficiaries.n; i++) {
    const mtext *v = &cm->beneficiaries.items[i];
    if (!v->s) continue;
    if (b.len) buf_adds(&b, "; ");
    buf_add(&b, v->s, v->len);
  }
  if (b.len == 0) {
    buf_free(&b);
    return NULL;
  }
  return buf_detach(&b);
}

char *review_role_list(const review *r, const size_t *roles, size_t n, const char *sep) {
  const profile *p = r->c->profile;
  buf b;
  buf_init(&b);
  buf_add(&b, "", 0);
  for (size_t i = 0; i < n; i++) {
    if (i) buf_adds(&b, sep);
    buf_adds(&b, profile_label2(p, r->lang, "role", p->roles[roles[i]].id));
  }
  return buf_detach(&b);
}

char *review_term(const review *r, const commitment *cm) {
  buf b;
  buf_init(&b);
  if (mtext_nonempty(&cm->due)) {
    char *date = textout_date(r->c->profile, r->lang, cm->due.s, cm->due.len);
    buf_printf(&b, "%s %s", review_label(r, "field.due"), date);
    free(date);
  }
  if (mtext_nonempty(&cm->recurrence)) {
    if (b.len) buf_adds(&b, "; ");
    buf_add(&b, cm->recurrence.s, cm->recurrence.len);
  }
  if (mtext_nonempty(&cm->after)) { /* "bij oplevering van het gebouw" */
    if (b.len) buf_adds(&b, "; ");
    buf_add(&b, cm->after.s, cm->after.len);
  }
  if (mtext_nonempty(&cm->until)) {
    char *date = textout_date(r->c->profile, r->lang, cm->until.s, cm->until.len);
    buf_printf(&b, "%s%s %s", b.len ? "; " : "", review_label(r, "text.until"), date);
    free(date);
  }
  if (b.len) return buf_detach(&b);
  buf_free(&b);
  return NULL;
}

const char *review_obligation(const review *r, const commitment *cm) {
  const profile *p = r->c->profile;
  const profile_obligation *o = NULL;
  if (mtext_nonempty(&cm->obligation)) o = profile_obligation_find(p, cm->obligation.s);
  for (size_t i = 0; !o && i < p->n_obligations; i++)
    if (p->obligations[i].is_default) o = &p->obligations[i];
  return o ? profile_label2(p, r->lang, "obligation", o->id) : "";
}

char *review_obligation_explained(const review *r, const commitment *cm) {
  const profile *p = r->c->profile;
  const profile_obligation *o = NULL;
  if (mtext_nonempty(&cm->obligation)) o = profile_obligation_find(p, cm->obligation.s);
  for (size_t i = 0; !o && i < p->n_obligations; i++)
    if (p->obligations[i].is_default) o = &p->obligations[i];
  if (!o) return xstrdup("");
  return xasprintf("%s. %s", profile_label2(p, r->lang, "obligation", o->id),
                   profile_label2(p, r->lang, "obligation-desc", o->id));
}

char *review_date_what(const review *r, const review_date *d, size_t width) {
  switch (d->kind) {
  case REVIEW_PERIOD_START: return xstrdup(review_label(r, "text.period-start"));
  case REVIEW_PERIOD_END: return xstrdup(review_label(r, "text.period-end"));
  case REVIEW_EVALUATION: return xstrdup(review_label(r, "text.evaluation-moment"));
  default: break;
  }
  char *who = review_party_short(r->c, d->party);
  buf b;
  buf_init(&b);
  buf_printf(&b, "%s %zu (%s): ",
             review_label(r, d->kind == REVIEW_UNTIL_OWN ? "text.commitment-ends" : "field.commitment"),
             model_commitment_number(r->c, d->cm), who);
  free(who);
  const mtext *text = &d->cm->text;
  size_t used = textout_cols(b.data, b.len);
  if (width == 0) {
    /* the whole text, white space collapsed */
    size_t n = 0;
    char **lines = textout_lines(text->s ? text->s : "", text->len, (size_t)-1 / 2, &n);
    buf_adds(&b, lines[0]);
    textout_lines_free(lines, n);
  } else {
    textout_clip(&b, text->s ? text->s : "", text->len, width > used + 10 ? width - used : 10);
  }
  return buf_detach(&b);
}
