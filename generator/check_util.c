/* check_util.c - helpers of the check stage: strings for messages (quoted,
 * joined, owned by the run), pattern matching with limits reported, the
 * placeholder scan, and the tests of required text fields and dates. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check_impl.h"
#include "i18n.h"
#include "money.h"
#include "util.h"

/* Quoted user text in messages is cut after this many bytes. */
#define QUOTE_MAX 60

/* ---- strings for messages ------------------------------------------------ */

char *ck_keep(ck *k, char *s) {
  void *items = k->pool;
  xgrow(&items, &k->cap_pool, k->n_pool + 1, sizeof(char *));
  k->pool = items;
  k->pool[k->n_pool++] = s;
  return s;
}

char *ck_printf(ck *k, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = xvasprintf(fmt, ap);
  va_end(ap);
  return ck_keep(k, s);
}

const char *ck_quote(ck *k, const char *s, size_t len) {
  if (!s) return "";
  bool clean = len <= QUOTE_MAX && strlen(s) == len;
  for (size_t i = 0; clean && i < len; i++)
    if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) clean = false;
  if (clean) return s;
  size_t n = len;
  bool cut = false;
  if (n > QUOTE_MAX) {
    n = QUOTE_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--; /* whole characters */
    cut = true;
  }
  buf b;
  buf_init(&b);
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    buf_addc(&b, ch < 0x20 || ch == 0x7f ? '?' : (char)ch);
  }
  if (cut) buf_adds(&b, "…");
  return ck_keep(k, buf_detach(&b));
}

const char *ck_quote_t(ck *k, const mtext *t) { return ck_quote(k, t->s, t->len); }

/* Joins the char * field at `offset` of n elements of `size` bytes:
 * "a, b, c", cut after `cap` items with a count of the rest. */
const char *ck_join(ck *k, const void *base, size_t n, size_t size, size_t offset,
                              size_t cap) {
  buf b;
  buf_init(&b);
  size_t shown = 0;
  for (size_t i = 0; i < n; i++) {
    const char *s = *(char *const *)((const char *)base + i * size + offset);
    if (!s || !*s) continue;
    if (shown == cap) {
      buf_printf(&b, _(", ... (%zu more)"), n - i);
      break;
    }
    if (shown++) buf_adds(&b, ", ");
    buf_adds(&b, s);
  }
  if (!shown) buf_adds(&b, _("(none)"));
  return ck_keep(k, buf_detach(&b));
}


const char *ck_known_parties(ck *k) {
  if (!k->party_list)
    k->party_list = CK_JOIN(k, k->c->parties, k->c->n_parties, party, id.s, CK_LIST_CAP);
  return k->party_list;
}

const char *ck_known_challenges(ck *k) {
  if (!k->challenge_list)
    k->challenge_list =
        CK_JOIN(k, k->c->challenges, k->c->n_challenges, challenge, id.s, CK_LIST_CAP);
  return k->challenge_list;
}

const char *ck_known_commitments(ck *k) {
  if (!k->commitment_list)
    k->commitment_list =
        CK_JOIN(k, k->c->commitments, k->c->n_commitments, commitment, id.s, CK_LIST_CAP);
  return k->commitment_list;
}

bool ck_number(ck *k, const mtext *t, long long *v) {
  if (!mtext_nonempty(t)) return false;
  switch (money_parse(t->s, t->len, v)) {
  case MONEY_OK: return true;
  case MONEY_TOO_LARGE: diag_report(k->dl, DIAG_NUMBER_TOO_LARGE, t->pos, ck_quote_t(k, t)); break;
  case MONEY_SEPARATORS:
  case MONEY_DECIMALS: {
    char *plain = money_plain_form(t->s, t->len);
    if (plain) diag_report(k->dl, DIAG_INVALID_NUMBER_FORM, t->pos, ck_quote_t(k, t), ck_keep(k, plain));
    else diag_report(k->dl, DIAG_INVALID_NUMBER, t->pos, ck_quote_t(k, t));
    break;
  }
  default: diag_report(k->dl, DIAG_INVALID_NUMBER, t->pos, ck_quote_t(k, t)); break;
  }
  return false;
}

/* ---- pattern matching ------------------------------------------------------ */

int ck_match(ck *k, const struct pcre2_real_code_8 *re, const char *text, size_t len, bool same,
             size_t *start, size_t *end, srcpos pos, const char *what) {
  if (!re || !text) return 0;
  int r = same ? profile_match_same(re, text, len, 0, start, end) : profile_match(re, text, len, start, end);
  if (r < 0) diag_report(k->dl, DIAG_PATTERN_LIMIT, pos, what);
  return r;
}

typedef struct {
  size_t start, end;
} span;

static int span_cmp(const void *a, const void *b) {
  const span *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  return x->end > y->end ? -1 : x->end < y->end;
}

/* Start of the next character after byte i (so a retry never starts inside
 * a UTF-8 sequence). */
static size_t next_char(const char *s, size_t len, size_t i) {
  i++;
  while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
  return i;
}

void ck_placeholders(ck *k, const char *text, size_t len, srcpos pos, const mtext *value) {
  if (!k->p || !text || !len) return;
  span *found = NULL;
  size_t n = 0, cap = 0;
  const char *what = _("placeholders");
  for (size_t i = 0; i < k->p->n_placeholders; i++) {
    size_t off = 0, s, e, count = 0;
    while (off < len && count++ < CK_PER_TEXT) {
      /* every pattern after the first walks the same text */
      int r = (i > 0 ? profile_match_same : profile_match_at)(k->p->placeholders[i].re, text, len, off, &s, &e);
      if (r < 0) diag_report(k->dl, DIAG_PATTERN_LIMIT, pos, what);
      if (r <= 0) break;
      void *items = found;
      xgrow(&items, &cap, n + 1, sizeof(span));
      found = items;
      found[n++] = (span){s, e};
      off = e > s ? e : next_char(text, len, s);
    }
  }
  if (n > 1) qsort(found, n, sizeof(span), span_cmp);
  size_t last_end = 0;
  for (size_t i = 0; i < n; i++) {
    if (i > 0 && found[i].start < last_end) continue; /* overlaps a reported one */
    last_end = found[i].end;
    srcpos at = value ? ck_value_spot(k, value, found[i].start, found[i].end)
                      : ck_body_spot(k, pos, text, found[i].start, found[i].end);
    diag_report_sev(k->dl, DIAG_PLACEHOLDER, k->placeholder_sev, at,
                    ck_quote(k, text + found[i].start, found[i].end - found[i].start));
  }
  free(found);
}

void ck_placeholders_t(ck *k, const mtext *t) {
  if (mtext_set(t)) ck_placeholders(k, t->s, t->len, t->pos, t);
}

/* ---- fields ---------------------------------------------------------------- */

/* The field was given but the loader could not use it (it reported
 * wrong-type): no second message about it being missing. */
bool ck_unusable(const mtext *t) { return !t->s && t->wrong_type; }

/* A required text field: reports missing (at `where`, the enclosing
 * mapping) or empty (at the value). True when it has text. */
bool ck_need_text(ck *k, const mtext *t, const char *key, srcpos where, const char *in) {
  if (!mtext_set(t)) {
    if (!ck_unusable(t)) diag_report(k->dl, DIAG_MISSING_FIELD, where, key, in);
    return false;
  }
  if (!mtext_nonempty(t)) {
    diag_report(k->dl, DIAG_EMPTY_FIELD, t->pos, key, in);
    return false;
  }
  return true;
}

/* An optional date: reports an invalid one; true with *days when valid. */
bool ck_date(ck *k, const mtext *t, long *days) {
  if (!mtext_set(t)) return false;
  if (model_parse_date(t->s, t->len, days)) return true;
  diag_report(k->dl, DIAG_INVALID_DATE, t->pos, ck_quote_t(k, t));
  return false;
}

const char *ck_role_name(ck *k, const char *role_id) {
  const char *label = profile_label2(k->p, k->lang, "role", role_id);
  char *s = ck_printf(k, "%s", label);
  if (s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'a' && s[1] <= 'z') s[0] = (char)(s[0] - 'A' + 'a');
  return s;
}

/* Suggestions are looked for among at most this many ids: a typo in a
 * contract of a few dozen parties, not a search through thousands. */
#define CK_SUGGEST_MAX 256

/* unknown-reference for id, a party's (is_party) or a challenge's. */
static void report_unknown(ck *k, const mtext *id, bool is_party) {
  const contract *c = k->c;
  size_t n = is_party ? c->n_parties : c->n_challenges;
  const char *ids[CK_SUGGEST_MAX] = {NULL};
  bool few = n <= CK_SUGGEST_MAX;
  for (size_t i = 0; few && i < n; i++) ids[i] = is_party ? c->parties[i].id.s : c->challenges[i].id.s;
  const char *near = few && id->s ? str_nearest(id->s, ids, n) : NULL;
  const char *known = is_party ? ck_known_parties(k) : ck_known_challenges(k);
  if (near)
    diag_report(k->dl, is_party ? DIAG_UNKNOWN_PARTY_SUGGEST : DIAG_UNKNOWN_CHALLENGE_SUGGEST, id->pos,
                ck_quote_t(k, id), near, known);
  else
    diag_report(k->dl, is_party ? DIAG_UNKNOWN_PARTY : DIAG_UNKNOWN_CHALLENGE, id->pos, ck_quote_t(k, id), known);
}

void ck_unknown_party(ck *k, const mtext *id) { report_unknown(k, id, true); }

void ck_unknown_challenge(ck *k, const mtext *id) { report_unknown(k, id, false); }
