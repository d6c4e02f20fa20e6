/* model.c - questions asked of a loaded contract: look-ups by id (through
 * a sorted index, so 20,000 parties stay fast), language and stage, body
 * positions, the {{ variables }} of the body, and calendar dates. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <cmark-gfm.h>
#include <pcre2.h>

#include "profile.h"
#include "util.h"

bool mtext_nonempty(const mtext *t) {
  if (!t || !t->s) return false;
  for (size_t i = 0; i < t->len; i++)
    if (!strchr(" \t\n\r", t->s[i]) || t->s[i] == '\0') return true;
  return false;
}

char *mtext_dup(const mtext *t) { return t->s ? xstrndup(t->s, t->len) : xstrdup(""); }

/* ---- the id index ------------------------------------------------------- */

typedef struct {
  const char *id;
  size_t len;
  long index;
} id_entry;

struct model_index {
  id_entry *parties;
  size_t n_parties;
  id_entry *challenges;
  size_t n_challenges;
};

static int id_cmp(const char *a, size_t alen, const char *b, size_t blen) {
  int c = memcmp(a, b, alen < blen ? alen : blen);
  if (c) return c;
  return alen < blen ? -1 : alen > blen;
}

/* By id, then by position in the file: the first definition of a repeated
 * id is the one found (check reports the repeat). */
static int by_id(const void *pa, const void *pb) {
  const id_entry *a = pa, *b = pb;
  int c = id_cmp(a->id, a->len, b->id, b->len);
  if (c) return c;
  return a->index < b->index ? -1 : a->index > b->index;
}

static id_entry *index_of(const mtext *ids, size_t stride, size_t n, size_t *count) {
  id_entry *e = xmalloc((n ? n : 1) * sizeof *e);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const mtext *t = (const mtext *)((const char *)ids + i * stride);
    if (!t->s) continue;
    e[k++] = (id_entry){t->s, t->len, (long)i};
  }
  qsort(e, k, sizeof *e, by_id);
  *count = k;
  return e;
}

void model_build_index(contract *c) {
  model_free_index(c);
  struct model_index *x = xcalloc(1, sizeof *x);
  x->parties = index_of(c->n_parties ? &c->parties[0].id : NULL, sizeof(party), c->n_parties,
                        &x->n_parties);
  x->challenges = index_of(c->n_challenges ? &c->challenges[0].id : NULL, sizeof(challenge),
                           c->n_challenges, &x->n_challenges);
  c->index = x;
}

void model_free_index(contract *c) {
  if (!c || !c->index) return;
  free(c->index->parties);
  free(c->index->challenges);
  free(c->index);
  c->index = NULL;
}

/* Binary search for the first entry equal to id[0..len). */
static long find(const id_entry *e, size_t n, const char *id, size_t len) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (id_cmp(e[mid].id, e[mid].len, id, len) < 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo < n && id_cmp(e[lo].id, e[lo].len, id, len) == 0) return e[lo].index;
  return -1;
}

static long party_index(const contract *c, const char *id, size_t len) {
  if (!c->index || !id) return -1;
  return find(c->index->parties, c->index->n_parties, id, len);
}

static long challenge_index(const contract *c, const char *id, size_t len) {
  if (!c->index || !id) return -1;
  return find(c->index->challenges, c->index->n_challenges, id, len);
}

long model_party_index(const contract *c, const char *id) {
  return id ? party_index(c, id, strlen(id)) : -1;
}

long model_challenge_index(const contract *c, const char *id) {
  return id ? challenge_index(c, id, strlen(id)) : -1;
}

const party *model_party(const contract *c, const char *id) {
  long i = model_party_index(c, id);
  return i < 0 ? NULL : &c->parties[i];
}

const challenge *model_challenge(const contract *c, const char *id) {
  long i = model_challenge_index(c, id);
  return i < 0 ? NULL : &c->challenges[i];
}

/* ---- language, stage, positions ----------------------------------------- */

static const profile *profile_or_default(const contract *c) {
  return c->profile ? c->profile : profile_get(profile_default_id());
}

const char *model_language(const contract *c) {
  const profile *p = profile_or_default(c);
  if (mtext_nonempty(&c->language) && p && profile_has_language(p, c->language.s))
    return c->language.s;
  return p && p->default_language ? p->default_language : "nl";
}

int model_stage(const contract *c) {
  const profile *p = c->profile;
  if (!p) return STAGE_DRAFT;
  if (mtext_nonempty(&c->status)) {
    const profile_status *s = profile_status_find(p, c->status.s);
    if (s) return s->stage;
  }
  const profile_status *d = profile_draft_status(p);
  return d ? d->stage : STAGE_DRAFT;
}

srcpos model_body_pos(const contract *c, struct cmark_node *node) {
  srcpos pos = {0, 0};
  if (!node) return pos;
  int line = cmark_node_get_start_line(node);
  if (line <= 0) return pos;
  int col = cmark_node_get_start_column(node);
  pos.line = c->body_line + line - 1;
  pos.col = col > 0 ? col : 1;
  return pos;
}

/* ---- variables ---------------------------------------------------------- */

static bool is(const char *s, size_t len, const char *word) {
  return len == strlen(word) && memcmp(s, word, len) == 0;
}

/* "ID.FIELD" after a prefix: splits at the last dot (ids have none). */
static bool split_last_dot(const char *s, size_t len, size_t *id_len, const char **field,
                           size_t *field_len) {
  const char *dot = NULL;
  for (size_t i = len; i-- > 0;)
    if (s[i] == '.') {
      dot = s + i;
      break;
    }
  if (!dot || dot == s) return false;
  *id_len = (size_t)(dot - s);
  *field = dot + 1;
  *field_len = len - *id_len - 1;
  return true;
}

const mtext *model_variable(const contract *c, const char *path, size_t len) {
  if (is(path, len, "title")) return &c->title;
  if (is(path, len, "area")) return &c->area;
  if (is(path, len, "version")) return &c->version;
  if (is(path, len, "period.start")) return &c->period_start;
  if (is(path, len, "period.end")) return &c->period_end;
  size_t id_len, field_len;
  const char *field;
  static const char parties[] = "parties.", challenges[] = "challenges.";
  if (len > sizeof parties - 1 && memcmp(path, parties, sizeof parties - 1) == 0) {
    const char *rest = path + sizeof parties - 1;
    if (!split_last_dot(rest, len - (sizeof parties - 1), &id_len, &field, &field_len)) return NULL;
    long i = party_index(c, rest, id_len);
    if (i < 0) return NULL;
    if (is(field, field_len, "name")) return &c->parties[i].name;
    if (is(field, field_len, "short")) return &c->parties[i].short_name;
    return NULL;
  }
  if (len > sizeof challenges - 1 && memcmp(path, challenges, sizeof challenges - 1) == 0) {
    const char *rest = path + sizeof challenges - 1;
    if (!split_last_dot(rest, len - (sizeof challenges - 1), &id_len, &field, &field_len))
      return NULL;
    long i = challenge_index(c, rest, id_len);
    if (i < 0 || !is(field, field_len, "title")) return NULL;
    return &c->challenges[i].title;
  }
  return NULL;
}

/* For messages: the valid paths, cut short after a screenful. */
#define VARIABLE_NAMES_SHOWN 40

char *model_variable_names(const contract *c) {
  buf b;
  buf_init(&b);
  buf_adds(&b, "title, area, version, period.start, period.end");
  size_t shown = 5;
  for (size_t i = 0; i < c->n_parties && shown < VARIABLE_NAMES_SHOWN; i++) {
    if (!mtext_nonempty(&c->parties[i].id)) continue;
    buf_printf(&b, ", parties.%s.name, parties.%s.short", c->parties[i].id.s, c->parties[i].id.s);
    shown += 2;
  }
  for (size_t i = 0; i < c->n_challenges && shown < VARIABLE_NAMES_SHOWN; i++) {
    if (!mtext_nonempty(&c->challenges[i].id)) continue;
    buf_printf(&b, ", challenges.%s.title", c->challenges[i].id.s);
    shown++;
  }
  if (shown >= VARIABLE_NAMES_SHOWN) buf_adds(&b, ", ...");
  return buf_detach(&b);
}

/* {{, optional blanks, the path (no braces), optional blanks, }}. The
 * path cannot cross a brace, so matching stays linear. Compiled once. */
static pcre2_code *variable_re(void) {
  static pcre2_code *re;
  if (!re) {
    int err;
    PCRE2_SIZE off;
    re = pcre2_compile((PCRE2_SPTR) "\\{\\{[ \\t]*([^{}]*?)[ \\t]*\\}\\}", PCRE2_ZERO_TERMINATED,
                       0, &err, &off, NULL);
    if (!re) {
      fputs("wijkcontract: internal error: variable pattern\n", stderr);
      abort();
    }
  }
  return re;
}

/* Whether s[0..len) holds "{{". */
static bool has_open(const char *s, size_t len) {
  const char *end = s + len, *p = s;
  while ((p = memchr(p, '{', (size_t)(end - p))) != NULL && p + 1 < end) {
    if (p[1] == '{') return true;
    p++;
  }
  return false;
}

void model_each_variable(const char *text, size_t len, model_var_fn fn, void *ctx) {
  /* Most texts (every table cell, every field) hold no "{{": they cost a
   * scan for it, not a pattern match. */
  if (!text || !len || !has_open(text, len)) return;
  pcre2_code *re = variable_re();
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
  PCRE2_SIZE at = 0;
  while (at < len &&
         pcre2_match(re, (PCRE2_SPTR)text, len, at, 0, md, NULL) > 0) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    fn(ctx, ov[0], ov[1] - ov[0], text + ov[2], ov[3] - ov[2]);
    at = ov[1] > at ? ov[1] : at + 1;
  }
  pcre2_match_data_free(md);
}

/* ---- dates -------------------------------------------------------------- */

static bool digits(const char *s, size_t n, int *value) {
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *value = v;
  return true;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool model_parse_date(const char *s, size_t len, long *days) {
  int y, m, d;
  if (!s || len != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d)) return false;
  static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  if (d > month_days[m - 1] + (m == 2 && leap(y))) return false;
  /* Days from the civil date (proleptic Gregorian), counted from March so
   * the leap day falls at the end of the year. */
  long yy = y - (m <= 2);
  long era = yy / 400; /* yy >= 0 here */
  long yoe = yy - era * 400;
  long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  if (days) *days = era * 146097 + doe - 719468;
  return true;
}
