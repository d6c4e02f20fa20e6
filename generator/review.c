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

review *review_build(const contract *c, size_t p) {
  review *r = xcalloc(1, sizeof *r);
  r->c = c;
  r->party = p;
  r->lang = model_language(c);
  r->matrix = role_matrix_build(c);
  const mtext *self = &c->parties[p].id;

  /* each commitment's challenge and party, looked up once */
  size_t nc = c->n_commitments;
  long *cm_ch = xcalloc(nc + 1, sizeof *cm_ch), *cm_party = xcalloc(nc + 1, sizeof *cm_party);
  for (size_t k = 0; k < nc; k++) {
    const commitment *cm = &c->commitments[k];
    cm_ch[k] = cm->challenge.s ? model_challenge_index(c, cm->challenge.s) : -1;
    cm_party[k] = cm->party.s ? model_party_index(c, cm->party.s) : -1;
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
      if (mtext_eq(&cm->party, self)) {
        xgrow((void **)&rc.own, &own_cap, rc.n_own + 1, sizeof *rc.own);
        rc.own[rc.n_own++] = item;
        add_date(r, &dcap, &cm->due, REVIEW_DUE_OWN, cm, item.party);
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
  free(r->dates);
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
  buf_printf(&b, "%s (%s): ", review_label(r, "field.commitment"), who);
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
