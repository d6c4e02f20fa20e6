/* report.c - what the evaluation report says at its date: the latest
 * progress of each commitment, overdue commitments, open conditions and
 * the dates to come (see report.h). */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ics.h"
#include "profile.h"
#include "textout.h"
#include "util.h"

const char *report_label(const report *r, const char *key) {
  return profile_label(r->c->profile, r->lang, key);
}

char *report_date_text(const report *r, const mtext *date) {
  return textout_date(r->c->profile, r->lang, date->s ? date->s : "", date->s ? date->len : 0);
}

const char *report_status_label(const report *r, const mtext *status) {
  const profile *p = r->c->profile;
  const profile_word *w =
      status->s ? profile_word_find(p->progress_statuses, p->n_progress_statuses, status->s) : NULL;
  if (!w) return status->s ? status->s : "";
  return profile_label2(p, r->lang, "progress-status", w->id);
}

static bool parse(const mtext *t, long *days) {
  return t->s && model_parse_date(t->s, t->len, days);
}

static bool closed_status(const report *r, const mtext *status) {
  const profile *p = r->c->profile;
  const profile_word *w =
      status->s ? profile_word_find(p->progress_statuses, p->n_progress_statuses, status->s) : NULL;
  return w && w->closed;
}

/* The records of each commitment up to the report's date: the latest, and
 * the latest with a measured value. One pass over the records. */
static void gather_progress(report *r) {
  const contract *c = r->c;
  long *latest_day = xcalloc(r->n_items + 1, sizeof *latest_day);
  long *measured_day = xcalloc(r->n_items + 1, sizeof *measured_day);
  for (size_t i = 0; i < c->n_progress; i++) {
    const progress_record *pr = &c->progress[i];
    long days, k = pr->commitment.s ? model_commitment_index(c, pr->commitment.s) : -1;
    if (k < 0 || !parse(&pr->date, &days) || days > r->as_of) continue;
    report_item *it = &r->items[k];
    if (!it->latest || days >= latest_day[k]) {
      it->latest = pr;
      latest_day[k] = days;
    }
    if (mtext_nonempty(&pr->value) && (!it->measured || days >= measured_day[k])) {
      it->measured = pr;
      measured_day[k] = days;
    }
  }
  free(latest_day);
  free(measured_day);
}

static void add_date(report *r, size_t *cap, const mtext *date, report_date_kind kind,
                     const report_item *item, const condition *cond) {
  long days;
  if (!parse(date, &days) || days < r->as_of) return;
  xgrow((void **)&r->dates, cap, r->n_dates + 1, sizeof *r->dates);
  r->dates[r->n_dates] = (report_date){days, date, kind, item, cond, r->n_dates};
  r->n_dates++;
}

static int cmp_date(const void *a, const void *b) {
  const report_date *x = a, *y = b;
  if (x->days != y->days) return x->days < y->days ? -1 : 1;
  if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool condition_open(const report *r, const condition *cd) {
  const profile *p = r->c->profile;
  const profile_word *w =
      cd->status.s ? profile_word_find(p->condition_statuses, p->n_condition_statuses, cd->status.s)
                   : profile_word_default(p->condition_statuses, p->n_condition_statuses);
  return w && w->open;
}

report *report_build(const contract *c, long as_of) {
  report *r = xcalloc(1, sizeof *r);
  r->c = c;
  r->lang = model_language(c);
  r->as_of = as_of;
  char ymd[16];
  ics_date(as_of, ymd, sizeof ymd);
  snprintf(r->as_of_iso, sizeof r->as_of_iso, "%.4s-%.2s-%.2s", ymd, ymd + 4, ymd + 6);
  r->n_items = c->n_commitments;
  r->items = xcalloc(r->n_items + 1, sizeof *r->items);
  for (size_t i = 0; i < c->n_commitments; i++) {
    report_item *it = &r->items[i];
    it->cm = &c->commitments[i];
    it->number = model_commitment_number(c, it->cm);
    long days;
    it->end_days = parse(&it->cm->due, &days) ? days : parse(&it->cm->until, &days) ? days : -1;
  }
  gather_progress(r);
  size_t cap = 0;
  for (size_t i = 0; i < r->n_items; i++) {
    report_item *it = &r->items[i];
    it->closed = it->latest && closed_status(r, &it->latest->status);
    it->overdue = it->end_days >= 0 && it->end_days < as_of && !it->closed;
    r->n_overdue += it->overdue;
    add_date(r, &cap, &it->cm->due, REPORT_DUE, it, NULL);
    add_date(r, &cap, &it->cm->until, REPORT_UNTIL, it, NULL);
    if (it->cm->target.present) add_date(r, &cap, &it->cm->target.by, REPORT_TARGET, it, NULL);
  }
  for (size_t i = 0; i < c->evaluations.n; i++)
    add_date(r, &cap, &c->evaluations.items[i], REPORT_EVALUATION, NULL, NULL);
  r->open = xcalloc(c->n_conditions + 1, sizeof *r->open);
  for (size_t i = 0; i < c->n_conditions; i++) {
    const condition *cd = &c->conditions[i];
    if (!condition_open(r, cd)) continue;
    r->open[r->n_open++] = cd;
    add_date(r, &cap, &cd->due, REPORT_CONDITION, NULL, cd);
  }
  add_date(r, &cap, &c->period_end, REPORT_PERIOD_END, NULL, NULL);
  if (r->n_dates > 1) qsort(r->dates, r->n_dates, sizeof *r->dates, cmp_date);
  return r;
}

void report_free(report *r) {
  if (!r) return;
  free(r->items);
  free(r->open);
  free(r->dates);
  free(r);
}
