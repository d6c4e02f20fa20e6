/* check_duties.c - the contract over time (v2): conditions it depends on
 * (open-condition), reporting duties (reporting-burden), the amendment
 * history (amendment-order) and progress records. */
#include <stdlib.h>
#include <string.h>

#include "check_impl.h"
#include "i18n.h"
#include "money.h"
#include "util.h"

/* A value of a profile vocabulary, or invalid-value listing its words. */
static const profile_word *word_of(ck *k, const profile_word *words, size_t n, const mtext *t,
                                   const char *what) {
  const profile_word *w = profile_word_find(words, n, t->s);
  if (!w) {
    char *list = profile_word_list(words, n);
    diag_report(k->dl, DIAG_INVALID_VALUE, t->pos, ck_quote_t(k, t), what, ck_keep(k, list));
  }
  return w;
}

/* A required party id: missing, empty or unknown is reported. */
static long need_party(ck *k, const mtext *t, const char *key, srcpos where, const char *in) {
  if (!ck_need_text(k, t, key, where, in)) return -1;
  long p = model_party_index(k->c, t->s);
  if (p < 0) ck_unknown_party(k, t);
  return p;
}

/* "condition 'x'", or "condition 3" while it has no usable id. */
static const char *item_name(ck *k, const char *named, const char *numbered, const mtext *id,
                             size_t i) {
  if (mtext_nonempty(id)) return ck_printf(k, named, ck_quote_t(k, id));
  return ck_printf(k, numbered, i + 1);
}

/* ---- conditions ---------------------------------------------------------- */

/* open-condition: warning when the contract is final, error when signed;
 * a draft may still leave conditions open. */
static void check_open(ck *k, const condition *cd, bool has_due, long due) {
  int stage = model_stage(k->c);
  if (stage == STAGE_DRAFT) return;
  diag_severity sev = stage == STAGE_SIGNED ? DIAG_ERROR : DIAG_WARNING;
  const char *name = ck_quote_t(k, &cd->id);
  if (!has_due && !mtext_set(&cd->due))
    diag_report_sev(k->dl, DIAG_OPEN_CONDITION_UNDATED, sev, cd->pos, name);
  else if (has_due && due < k->today)
    diag_report_sev(k->dl, DIAG_OPEN_CONDITION_PAST, sev, cd->due.pos, name,
                    ck_quote_t(k, &cd->due));
  else
    return;
  diag_about(k->dl, cd->id.s, NULL, NULL);
}

void ck_conditions(ck *k) {
  const contract *c = k->c;
  for (size_t i = 0; i < c->n_conditions; i++) {
    const condition *cd = &c->conditions[i];
    const char *in = item_name(k, _("condition '%s'"), _("condition %zu"), &cd->id, i);
    ck_id(k, &cd->id, cd->pos, in);
    ck_need_text(k, &cd->text, "text", cd->pos, in);
    ck_placeholders_t(k, &cd->text);
    long due = 0;
    bool has_due = ck_date(k, &cd->due, &due);
    if (!k->p) continue;
    const profile_word *status =
        mtext_nonempty(&cd->status)
            ? word_of(k, k->p->condition_statuses, k->p->n_condition_statuses, &cd->status,
                      _("condition status"))
            : profile_word_default(k->p->condition_statuses, k->p->n_condition_statuses);
    if (status && status->open && mtext_nonempty(&cd->id)) check_open(k, cd, has_due, due);
  }
}

/* ---- reports ------------------------------------------------------------- */

/* Evaluation moments a year, in tenths, over the contract's period (a
 * year when the period is not usable). */
static long evaluations_per_year_x10(const ck *k) {
  long n = (long)k->c->evaluations.n;
  long days = k->have_period ? k->period_end - k->period_start + 1 : 365;
  if (days < 1) days = 365;
  return (n * 3652 + days / 2) / days; /* n * 365.2 days / period, x10 */
}

static const char *tenths(ck *k, long x10) {
  return x10 % 10 ? ck_printf(k, "%ld.%ld", x10 / 10, x10 % 10) : ck_printf(k, "%ld", x10 / 10);
}

void ck_reports(ck *k) {
  const contract *c = k->c;
  for (size_t i = 0; i < c->n_reports; i++) {
    const report_duty *r = &c->reports[i];
    const char *in = ck_printf(k, _("report %zu"), i + 1);
    long who = need_party(k, &r->party, "party", r->pos, in);
    need_party(k, &r->to, "to", r->pos, in);
    ck_placeholders_t(k, &r->about);
    if (!ck_need_text(k, &r->every, "every", r->pos, in) || !k->p) continue;
    const profile_word *every = word_of(k, k->p->frequencies, k->p->n_frequencies, &r->every,
                                        _("report frequency"));
    if (!every || every->at_evaluations || who < 0) continue;
    const profile_party_type *type = profile_party_type_find(k->p, c->parties[who].type.s);
    long evals = evaluations_per_year_x10(k);
    if (!type || !type->volunteer || every->per_year * 10 <= evals) continue;
    diag_report(k->dl, DIAG_REPORTING_BURDEN, r->every.pos, ck_quote_t(k, &r->party),
                ck_quote_t(k, &r->every),
                ck_printf(k, "%d", every->per_year), tenths(k, evals));
    diag_about(k->dl, r->party.s, NULL, NULL);
  }
}

/* ---- amendments ---------------------------------------------------------- */

/* Amendments sorted by version, then file order: a repeat follows the
 * first of its version (n log n, however long the history). */
static const contract *sort_c;
static int by_version(const void *x, const void *y) {
  size_t i = *(const size_t *)x, j = *(const size_t *)y;
  int r = strcmp(sort_c->amendments[i].version.s, sort_c->amendments[j].version.s);
  return r ? r : (i < j ? -1 : i > j);
}

/* first[i]: the index of the first amendment with i's version, or i. */
static size_t *first_versions(const contract *c) {
  size_t *first = xcalloc(c->n_amendments + 1, sizeof *first), *order = xcalloc(c->n_amendments + 1, sizeof *order);
  size_t n = 0;
  for (size_t i = 0; i < c->n_amendments; i++) {
    first[i] = i;
    if (mtext_nonempty(&c->amendments[i].version)) order[n++] = i;
  }
  sort_c = c;
  qsort(order, n, sizeof *order, by_version);
  for (size_t i = 1; i < n; i++)
    if (strcmp(c->amendments[order[i]].version.s, c->amendments[order[i - 1]].version.s) == 0)
      first[order[i]] = first[order[i - 1]];
  free(order);
  return first;
}

void ck_amendments(ck *k) {
  const contract *c = k->c;
  long last_day = 0;
  const amendment *last_dated = NULL;
  size_t *first = first_versions(c);
  for (size_t i = 0; i < c->n_amendments; i++) {
    const amendment *a = &c->amendments[i];
    const char *in = ck_printf(k, _("amendment %zu"), i + 1);
    bool version = ck_need_text(k, &a->version, "version", a->pos, in);
    long day;
    bool dated = ck_need_text(k, &a->date, "date", a->pos, in) && ck_date(k, &a->date, &day);
    ck_need_text(k, &a->summary, "summary", a->pos, in);
    ck_placeholders_t(k, &a->summary);
    if (version && first[i] != i)
      diag_report(k->dl, DIAG_AMENDMENT_REPEAT, a->version.pos, ck_quote_t(k, &a->version),
                  c->amendments[first[i]].version.pos.line);
    if (!dated) continue;
    if (last_dated && day < last_day)
      diag_report(k->dl, DIAG_AMENDMENT_BACKWARDS, a->date.pos,
                  version ? ck_quote_t(k, &a->version) : in, ck_quote_t(k, &a->date),
                  ck_quote_t(k, &last_dated->date));
    last_dated = a;
    last_day = day;
  }
  free(first);
  if (c->n_amendments == 0 || !mtext_nonempty(&c->version)) return;
  const amendment *last = &c->amendments[c->n_amendments - 1];
  if (mtext_nonempty(&last->version) && strcmp(last->version.s, c->version.s) != 0)
    diag_report(k->dl, DIAG_AMENDMENT_NOT_CURRENT, last->version.pos, ck_quote_t(k, &last->version),
                ck_quote_t(k, &c->version));
}

/* ---- progress ------------------------------------------------------------ */

void ck_progress(ck *k) {
  const contract *c = k->c;
  for (size_t i = 0; i < c->n_progress; i++) {
    const progress_record *pr = &c->progress[i];
    const char *in = ck_printf(k, _("progress record %zu"), i + 1);
    if (ck_need_text(k, &pr->commitment, "commitment", pr->pos, in) &&
        !model_commitment(c, pr->commitment.s))
      diag_report(k->dl, DIAG_UNKNOWN_COMMITMENT, pr->commitment.pos,
                  ck_quote_t(k, &pr->commitment), ck_known_commitments(k));
    long day;
    if (ck_need_text(k, &pr->date, "date", pr->pos, in)) ck_date(k, &pr->date, &day);
    if (ck_need_text(k, &pr->status, "status", pr->pos, in) && k->p)
      word_of(k, k->p->progress_statuses, k->p->n_progress_statuses, &pr->status,
              _("progress status"));
    long long v;
    if (mtext_set(&pr->value) && ck_need_text(k, &pr->value, "value", pr->pos, in))
      ck_number(k, &pr->value, &v);
    ck_placeholders_t(k, &pr->note);
  }
}

/* ---- acknowledge --------------------------------------------------------- */

/* The id of a party, challenge, commitment or condition. */
static bool subject_known(const contract *c, const char *id) {
  return model_party(c, id) || model_challenge(c, id) || model_commitment(c, id) ||
         model_condition(c, id);
}

/* The reason, whole, as one line (it is quoted in full in the note). */
static const char *reason_text(ck *k, const mtext *t) {
  char *r = ck_keep(k, xstrndup(t->s, t->len));
  for (char *p = r; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = ' ';
  return r;
}

/* (check, id) of every finding of the run that is about something, sorted,
 * so each acknowledgement finds its findings by binary search. */
typedef struct {
  const char *check;
  const char *id;
  size_t len;
  size_t finding;
} about_ref;

static int about_cmp(const void *x, const void *y) {
  const about_ref *a = x, *b = y;
  int r = strcmp(a->check, b->check);
  if (r) return r;
  r = memcmp(a->id, b->id, a->len < b->len ? a->len : b->len);
  if (r) return r;
  if (a->len != b->len) return a->len < b->len ? -1 : 1;
  return a->finding < b->finding ? -1 : a->finding > b->finding;
}

static about_ref *about_index(const diag_list *dl, size_t from, size_t to, size_t *n) {
  size_t cap = 0;
  about_ref *refs = NULL;
  *n = 0;
  for (size_t i = from; i < to; i++) {
    const char *p = dl->items[i].about;
    while (p && *p) {
      const char *e = strchr(p, ' ');
      size_t len = e ? (size_t)(e - p) : strlen(p);
      void *items = refs;
      xgrow(&items, &cap, *n + 1, sizeof *refs);
      refs = items;
      refs[(*n)++] = (about_ref){diag_check_name(dl->items[i].id), p, len, i};
      p = e ? e + 1 : p + len;
    }
  }
  if (*n > 1) qsort(refs, *n, sizeof *refs, about_cmp);
  return refs;
}

void ck_acknowledge(ck *k) {
  const contract *c = k->c;
  diag_list *dl = k->dl;
  /* the findings of this run so far; what this pass adds is not matched */
  size_t end = dl->n, n_refs = 0;
  about_ref *refs = c->n_acknowledge ? about_index(dl, k->first_finding, end, &n_refs) : NULL;
  for (size_t i = 0; i < c->n_acknowledge; i++) {
    const acknowledgement *a = &c->acknowledge[i];
    const char *in = ck_printf(k, _("acknowledgement %zu"), i + 1);
    bool can = false, ok = true;
    if (ck_need_text(k, &a->check, "check", a->pos, in) && !diag_check_known(a->check.s, &can)) {
      diag_report(dl, DIAG_INVALID_VALUE, a->check.pos, ck_quote_t(k, &a->check), _("check id"),
                  diag_acknowledgeable_checks());
      ok = false;
    } else if (!mtext_nonempty(&a->check)) {
      ok = false;
    }
    if (ck_need_text(k, &a->subject, "subject", a->pos, in)) {
      if (!subject_known(c, a->subject.s)) {
        diag_report(dl, DIAG_UNKNOWN_SUBJECT, a->subject.pos, ck_quote_t(k, &a->subject));
        ok = false;
      }
    } else {
      ok = false;
    }
    if (!ck_need_text(k, &a->reason, "reason", a->pos, in)) ok = false;
    ck_placeholders_t(k, &a->reason);
    if (!ok) continue;
    bool matched = false, error = false;
    about_ref key = {a->check.s, a->subject.s, a->subject.len, 0};
    size_t lo = 0, hi = n_refs;
    while (lo < hi) { /* the first ref of (check, subject) */
      size_t mid = lo + (hi - lo) / 2;
      if (about_cmp(&refs[mid], &key) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (size_t r = lo; r < n_refs; r++) {
      if (strcmp(refs[r].check, key.check) != 0 || refs[r].len != key.len ||
          memcmp(refs[r].id, key.id, key.len) != 0)
        break;
      diag *d = &dl->items[refs[r].finding];
      if (d->severity == DIAG_ERROR) {
        error = true;
        continue;
      }
      diag_acknowledge(d, reason_text(k, &a->reason));
      matched = true;
    }
    if (matched) continue;
    diag_report(dl, error ? DIAG_ACKNOWLEDGE_ERROR : DIAG_ACKNOWLEDGE_UNUSED, a->pos,
                ck_quote_t(k, &a->check), ck_quote_t(k, &a->subject));
  }
  free(refs);
}
