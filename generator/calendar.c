/* calendar.c - a party's or the whole contract's dates as iCalendar
 * events (calendar.h). */
#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "ics.h"
#include "profile.h"
#include "recur.h"
#include "textout.h"

typedef struct {
  const contract *c;
  const char *lang;
  const char *scope; /* the party id, or "contract" */
  char hash[13];
  char stamp[32];
  char *title;
  buf *out;
} cal;

static const char *L(const cal *k, const char *key) { return profile_label(k->c->profile, k->lang, key); }

/* First 12 hex digits of SHA-256 of what identifies the contract across
 * its versions: its kind, the area it covers and the start of its term.
 * The spec gives a contract no id of its own, and the title and the
 * parties' names are what new versions change, so the UIDs hang on
 * neither: importing a new version updates its events. (Each event adds
 * ids that stay too: a party's, a commitment's, an evaluation's place.) */
static void contract_hash(const contract *c, char out[13]) {
  buf id;
  buf_init(&id);
  buf_printf(&id, "%s\n%s\n%s", c->profile && c->profile->id ? c->profile->id : "", c->area.s ? c->area.s : "",
             c->period_start.s ? c->period_start.s : "");
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!EVP_Digest(id.data, id.len, md, &n, EVP_sha256(), NULL)) abort();
  buf_free(&id);
  for (int i = 0; i < 6; i++) snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* DTSTAMP: SOURCE_DATE_EPOCH for reproducible output, else the contract's
 * date (stable across runs), else now. */
static void dtstamp(const contract *c, char *out, size_t size) {
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  long days;
  if ((!sde || !*sde) && c->date.s && model_parse_date(c->date.s, c->date.len, &days)) {
    ics_datetime((long long)days * 86400, out, size);
    return;
  }
  ics_datetime(build_time(), out, size);
}

static void cal_begin(cal *k, const contract *c, const char *scope, const char *calname, buf *out) {
  k->c = c;
  k->lang = model_language(c);
  k->scope = scope;
  k->out = out;
  k->title = mtext_dup(&c->title);
  contract_hash(c, k->hash);
  dtstamp(c, k->stamp, sizeof k->stamp);
  char *prodid = xasprintf("-//wijkcontract//wijkcontract %s//%s", WK_VERSION,
                           str_eq(k->lang, "nl") ? "NL" : "EN");
  ics_begin(out, prodid, calname);
  free(prodid);
}

static void cal_end(cal *k) {
  ics_end(k->out);
  free(k->title);
}

/* One event; its UID is HASH-SCOPE-WHAT@wijkcontract. */
static void event(cal *k, const char *what, long days, const char *summary, const char *description,
                  const char *rrule, bool reminder) {
  char *uid = xasprintf("%s-%s-%s@wijkcontract", k->hash, k->scope, what);
  ics_event e = {uid, days, summary, description, NULL, rrule, reminder ? CALENDAR_REMINDER_DAYS : 0};
  ics_add_event(k->out, &e, k->stamp);
  free(uid);
}

/* "Afspraak 3 (de Gemeente): De Gemeente plaatst …" */
static char *commitment_what(const cal *k, const char *label_key, const commitment *cm) {
  long p = cm->party.s ? model_party_index(k->c, cm->party.s) : -1;
  char *who = p >= 0 ? review_party_short(k->c, (size_t)p) : mtext_dup(&cm->party);
  buf b;
  buf_init(&b);
  buf_printf(&b, "%s %zu (%s): ", L(k, label_key), model_commitment_number(k->c, cm), who);
  free(who);
  size_t used = textout_cols(b.data, b.len);
  textout_clip(&b, cm->text.s ? cm->text.s : "", cm->text.len, 72 > used + 10 ? 72 - used : 10);
  return buf_detach(&b);
}

/* What a commitment event tells: its challenge, text, impact, measure
 * (and for a recurring one its recurrence, or the note that it could not
 * be read), and the contract. */
static char *commitment_description(const cal *k, const commitment *cm, const char *note) {
  buf b;
  buf_init(&b);
  const challenge *ch = cm->challenge.s ? model_challenge(k->c, cm->challenge.s) : NULL;
  if (ch && ch->title.s) buf_printf(&b, "%s: %s\n", L(k, "field.challenge"), ch->title.s);
  if (cm->text.s) buf_printf(&b, "%s: %s\n", L(k, "field.text"), cm->text.s);
  if (cm->impact.s) buf_printf(&b, "%s: %s\n", L(k, "field.impact"), cm->impact.s);
  if (cm->measure.s) buf_printf(&b, "%s: %s\n", L(k, "field.measure"), cm->measure.s);
  if (note) buf_printf(&b, "%s\n", note);
  buf_printf(&b, "%s", k->title);
  return buf_detach(&b);
}

/* The event of a recurring commitment: from the start of the contract,
 * repeated by its rule up to its end (`until`, else the contract's), or,
 * when the text cannot be read, one event on the start day that says so. */
static void recurring(cal *k, const commitment *cm) {
  const contract *c = k->c;
  long start, end = -1, until;
  if (!mtext_nonempty(&cm->recurrence) || !c->period_start.s ||
      !model_parse_date(c->period_start.s, c->period_start.len, &start))
    return;
  if (c->period_end.s && model_parse_date(c->period_end.s, c->period_end.len, &until)) end = until;
  if (cm->until.s && model_parse_date(cm->until.s, cm->until.len, &until) && (end < 0 || until < end))
    end = until;
  recur_rule rule;
  bool read = recur_parse(c->profile, k->lang, cm->recurrence.s, cm->recurrence.len, &rule);
  for (size_t i = 0; !read && i < c->profile->n_languages; i++)
    if (!str_eq(c->profile->languages[i], k->lang))
      read = recur_parse(c->profile, c->profile->languages[i], cm->recurrence.s, cm->recurrence.len, &rule);
  long first = read ? recur_first(&rule, start) : start;
  if (read && end >= 0 && first > end) read = false, first = start;
  char *rec = mtext_dup(&cm->recurrence);
  char *note = read ? xasprintf("%s: %s", L(k, "field.recurrence"), rec)
                    : xasprintf("%s: %s. %s", L(k, "field.recurrence"), rec, L(k, "text.recurrence-unread"));
  buf rrule;
  buf_init(&rrule);
  if (read) {
    recur_rrule(&rule, &rrule);
    if (end >= 0) {
      char day[16];
      ics_date(end, day, sizeof day);
      buf_printf(&rrule, ";UNTIL=%s", day);
    }
  }
  char *summary = commitment_what(k, "field.commitment", cm);
  char *description = commitment_description(k, cm, note);
  char *what = xasprintf("recurring-%s", cm->id.s ? cm->id.s : "");
  event(k, what, first, summary, description, read ? rrule.data : NULL, false);
  free(what);
  free(description);
  free(summary);
  buf_free(&rrule);
  free(note);
  free(rec);
}

/* "Evaluatiemoment: Wijkcontract Klaverveld 2026-2027" */
static char *titled(const char *what, const char *title) { return xasprintf("%s: %s", what, title); }

/* The dates of the contract's term and its evaluations. An evaluation's
 * UID is its place in the list (`evaluations.N`, as the body's variables
 * name it), not its date: a moved evaluation is the same event moved. */
static void evaluation(cal *k, const mtext *date, long days) {
  size_t index = (size_t)(date - k->c->evaluations.items) + 1;
  char *what = xasprintf("evaluation-%zu", index);
  char *summary = titled(L(k, "text.evaluation-moment"), k->title);
  event(k, what, days, summary, NULL, NULL, true);
  free(summary);
  free(what);
}

static void period_event(cal *k, const mtext *date, bool start_of) {
  long days;
  if (!date->s || !model_parse_date(date->s, date->len, &days)) return;
  char *summary = titled(L(k, start_of ? "text.period-start" : "text.period-end"), k->title);
  event(k, start_of ? "period-start" : "period-end", days, summary, NULL, NULL, false);
  free(summary);
}

void calendar_review(const review *r, buf *out) {
  const contract *c = r->c;
  const char *pid = c->parties[r->party].id.s;
  char *name = mtext_dup(&c->parties[r->party].name), *title = mtext_dup(&c->title);
  char *calname = xasprintf("%s %s: %s", review_label(r, "heading.review"), name, title);
  cal k;
  cal_begin(&k, c, pid, calname, out);
  for (size_t i = 0; i < r->n_dates; i++) {
    const review_date *d = &r->dates[i];
    switch (d->kind) {
    case REVIEW_PERIOD_START:
    case REVIEW_PERIOD_END: period_event(&k, d->date, d->kind == REVIEW_PERIOD_START); break;
    case REVIEW_EVALUATION: evaluation(&k, d->date, d->days); break;
    default: {
      bool until = d->kind == REVIEW_UNTIL_OWN;
      char *what = xasprintf("%s-%s", until ? "until" : "due", d->cm->id.s ? d->cm->id.s : "");
      char *summary = review_date_what(r, d, 72);
      char *description = commitment_description(&k, d->cm, NULL);
      event(&k, what, d->days, summary, description, NULL, !until);
      free(description);
      free(summary);
      free(what);
    }
    }
  }
  /* the recurring commitments it makes, and those made in its challenges */
  for (size_t i = 0; i < r->n_challenges; i++) {
    for (size_t j = 0; j < r->challenges[i].n_own; j++) recurring(&k, r->challenges[i].own[j].cm);
    for (size_t j = 0; j < r->challenges[i].n_others; j++) recurring(&k, r->challenges[i].others[j].cm);
  }
  for (size_t i = 0; i < r->n_general; i++) recurring(&k, r->general[i].cm);
  cal_end(&k);
  free(calname);
  free(title);
  free(name);
}

typedef struct {
  long days;
  const mtext *date;
} dated;

static int cmp_dated(const void *a, const void *b) {
  const dated *x = a, *y = b;
  if (x->days != y->days) return (x->days > y->days) - (x->days < y->days);
  return (x->date > y->date) - (x->date < y->date);
}

void calendar_contract(const contract *c, buf *out) {
  cal k;
  char *title = mtext_dup(&c->title);
  cal_begin(&k, c, "contract", title, out);
  period_event(&k, &c->period_start, true);
  /* evaluations in date order */
  dated *days = xcalloc(c->evaluations.n + 1, sizeof *days);
  size_t n = 0;
  for (size_t i = 0; i < c->evaluations.n; i++) {
    const mtext *e = &c->evaluations.items[i];
    if (e->s && model_parse_date(e->s, e->len, &days[n].days)) days[n++].date = e;
  }
  qsort(days, n, sizeof *days, cmp_dated);
  for (size_t i = 0; i < n; i++) evaluation(&k, days[i].date, days[i].days);
  free(days);
  for (size_t i = 0; i < c->n_commitments; i++) {
    const commitment *cm = &c->commitments[i];
    long d;
    for (int until = 0; until < 2; until++) {
      const mtext *date = until ? &cm->until : &cm->due;
      if (!date->s || !model_parse_date(date->s, date->len, &d)) continue;
      char *what = xasprintf("%s-%s", until ? "until" : "due", cm->id.s ? cm->id.s : "");
      char *summary = commitment_what(&k, until ? "text.commitment-ends" : "field.commitment", cm);
      char *description = commitment_description(&k, cm, NULL);
      event(&k, what, d, summary, description, NULL, !until);
      free(description);
      free(summary);
      free(what);
    }
    recurring(&k, cm);
  }
  period_event(&k, &c->period_end, false);
  cal_end(&k);
  free(title);
}
