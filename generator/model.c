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
  id_entry *commitments;
  size_t n_commitments;
  id_entry *conditions;
  size_t n_conditions;
  model_article *articles;
  size_t n_articles;
  size_t *article_order; /* indices of articles by slug, then position */
  money_totals *totals; /* per party, made on first use */
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

/* ---- articles ------------------------------------------------------------ */

void model_heading_text(cmark_node *heading, buf *out) {
  cmark_iter *it = cmark_iter_new(heading);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node *n = cmark_iter_get_node(it);
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE: {
      const char *lit = cmark_node_get_literal(n);
      if (lit) buf_adds(out, lit);
      break;
    }
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      buf_addc(out, ' ');
      break;
    default:
      break;
    }
  }
  cmark_iter_free(it);
}

/* The letters of U+00C0..U+017F without their accents, lower case: two
 * bytes per code point, a second byte of ' ' when it is one letter ("ae"
 * for U+00E6, "ss" for U+00DF); "  " for the signs of that range, which
 * are no letters. */
static const char latin_folded[] =
    "a a a a a a aec e e e e i i i i d n o o o o o   o u u u u y thss" /* C0-DF */
    "a a a a a a aec e e e e i i i i d n o o o o o   o u u u u y thy " /* E0-FF */
    "a a a a a a c c c c c c c c d d d d e e e e e e e e e e g g g g " /* 100-11F */
    "g g g g h h h h i i i i i i i i i i ijijj j k k k l l l l l l l " /* 120-13F */
    "l l l n n n n n n n n n o o o o o o oeoer r r r r r s s s s s s " /* 140-15F */
    "s s t t t t t t u u u u u u u u u u u u w w y y y z z z z z z s "; /* 160-17F */

void model_slug(const char *text, size_t len, buf *out) {
  bool hyphen = false; /* a run of other characters is pending */
  size_t start = out->len;
  for (size_t i = 0; i < len;) {
    unsigned cp = (unsigned char)text[i];
    size_t n = 1;
    if (cp >= 0x80) {
      n = utf8_decode(text + i, len - i, &cp);
      if (n == 0) n = 1, cp = 0xFFFD;
    }
    i += n;
    char folded[3] = {0};
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      folded[0] = (char)cp;
    } else if (cp >= 'A' && cp <= 'Z') {
      folded[0] = (char)(cp - 'A' + 'a');
    } else if (cp >= 0xC0 && cp <= 0x17F) {
      const char *f = latin_folded + 2 * (cp - 0xC0);
      folded[0] = f[0] == ' ' ? 0 : f[0];
      folded[1] = f[1] == ' ' ? 0 : f[1];
    } else if (cp >= 0x300 && cp <= 0x36F) {
      continue; /* a combining accent: dropped, the letter stays */
    }
    if (!folded[0]) {
      hyphen = true;
      continue;
    }
    if (hyphen && out->len > start) buf_addc(out, '-');
    hyphen = false;
    buf_adds(out, folded);
  }
  if (out->len == start) buf_add(out, "", 0);
}

static const model_article *sorting_articles; /* for by_slug (qsort has no context) */

static int by_slug(const void *x, const void *y) {
  size_t i = *(const size_t *)x, j = *(const size_t *)y;
  int r = strcmp(sorting_articles[i].slug, sorting_articles[j].slug);
  return r ? r : (i < j ? -1 : i > j);
}

static void index_articles(contract *c) {
  struct model_index *x = c->index;
  if (!c->body) return;
  size_t cap = 0;
  int art = 0, sub = 0;
  buf text;
  buf_init(&text);
  for (cmark_node *k = cmark_node_first_child(c->body); k; k = cmark_node_next(k)) {
    if (cmark_node_get_type(k) != CMARK_NODE_HEADING) continue;
    int level = cmark_node_get_heading_level(k);
    if (level == 1) art++, sub = 0;
    else if (level == 2 && art > 0) sub++;
    else continue;
    buf_reset(&text);
    model_heading_text(k, &text);
    buf slug;
    buf_init(&slug);
    model_slug(text.data ? text.data : "", text.len, &slug);
    void *items = x->articles;
    xgrow(&items, &cap, x->n_articles + 1, sizeof *x->articles);
    x->articles = items;
    x->articles[x->n_articles++] = (model_article){buf_detach(&slug), art, level == 2 ? sub : 0, k};
  }
  buf_free(&text);
  x->article_order = xmalloc((x->n_articles + 1) * sizeof *x->article_order);
  for (size_t i = 0; i < x->n_articles; i++) x->article_order[i] = i;
  sorting_articles = x->articles;
  qsort(x->article_order, x->n_articles, sizeof *x->article_order, by_slug);
}

const model_article *model_articles(const contract *c, size_t *n) {
  *n = c->index ? c->index->n_articles : 0;
  return c->index ? c->index->articles : NULL;
}

const model_article *model_article_find(const contract *c, const char *slug, size_t len) {
  if (!c->index || !c->index->n_articles) return NULL;
  const struct model_index *x = c->index;
  size_t lo = 0, hi = x->n_articles; /* the first in order with that slug */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const char *s = x->articles[x->article_order[mid]].slug;
    if (id_cmp(s, strlen(s), slug, len) < 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo == x->n_articles) return NULL;
  const model_article *a = &x->articles[x->article_order[lo]];
  return id_cmp(a->slug, strlen(a->slug), slug, len) == 0 ? a : NULL;
}

void model_build_index(contract *c) {
  model_free_index(c);
  struct model_index *x = xcalloc(1, sizeof *x);
  x->parties = index_of(c->n_parties ? &c->parties[0].id : NULL, sizeof(party), c->n_parties,
                        &x->n_parties);
  x->challenges = index_of(c->n_challenges ? &c->challenges[0].id : NULL, sizeof(challenge),
                           c->n_challenges, &x->n_challenges);
  x->commitments = index_of(c->n_commitments ? &c->commitments[0].id : NULL, sizeof(commitment),
                            c->n_commitments, &x->n_commitments);
  x->conditions = index_of(c->n_conditions ? &c->conditions[0].id : NULL, sizeof(condition),
                           c->n_conditions, &x->n_conditions);
  c->index = x;
  index_articles(c);
}

void model_free_index(contract *c) {
  if (!c || !c->index) return;
  struct model_index *x = c->index;
  free(x->parties);
  free(x->challenges);
  free(x->commitments);
  free(x->conditions);
  for (size_t i = 0; i < x->n_articles; i++) free(x->articles[i].slug);
  free(x->articles);
  free(x->article_order);
  if (x->totals)
    for (size_t i = 0; i < c->n_parties; i++) money_totals_free(&x->totals[i]);
  free(x->totals);
  free(x);
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

long model_commitment_index(const contract *c, const char *id) {
  if (!c->index || !id) return -1;
  return find(c->index->commitments, c->index->n_commitments, id, strlen(id));
}

const commitment *model_commitment(const contract *c, const char *id) {
  long i = model_commitment_index(c, id);
  return i < 0 ? NULL : &c->commitments[i];
}

const condition *model_condition(const contract *c, const char *id) {
  if (!c->index || !id) return NULL;
  long i = find(c->index->conditions, c->index->n_conditions, id, strlen(id));
  return i < 0 ? NULL : &c->conditions[i];
}

size_t model_commitment_number(const contract *c, const commitment *cm) {
  return (size_t)(cm - c->commitments) + 1;
}

/* ---- money ------------------------------------------------------------------ */

bool model_amount(const contract *c, const commitment *cm, model_money *out) {
  const mamount *a = &cm->amount;
  if (!a->present || !mtext_nonempty(&a->value)) return false;
  memset(out, 0, sizeof *out);
  if (money_parse(a->value.s, a->value.len, &out->value) != MONEY_OK) return false;
  out->times = 1;
  if (mtext_nonempty(&a->times) && !money_parse_count(a->times.s, a->times.len, &out->times))
    return false;
  if (!money_mul(out->value, out->times, &out->total)) return false;
  const profile *p = c->profile;
  if (mtext_nonempty(&a->currency)) {
    if (!money_currency_valid(a->currency.s, a->currency.len)) return false;
    out->currency = a->currency.s;
  } else {
    out->currency = p && p->currency ? p->currency : "EUR";
  }
  const profile_word *per = NULL;
  if (p) {
    per = mtext_nonempty(&a->per) ? profile_word_find(p->periods, p->n_periods, a->per.s)
                                  : profile_word_default(p->periods, p->n_periods);
    if (mtext_nonempty(&a->per) && !per) return false;
  }
  out->per = per ? per->id : NULL;
  return true;
}

static void make_totals(const contract *c) {
  struct model_index *x = c->index;
  x->totals = xcalloc(c->n_parties + 1, sizeof *x->totals);
  size_t *seen = xcalloc(c->n_parties + 1, sizeof *seen); /* last commitment + 1 */
  for (size_t i = 0; i < c->n_commitments; i++) {
    const commitment *cm = &c->commitments[i];
    model_money m;
    if (!model_amount(c, cm, &m)) continue;
    for (size_t k = 0; k < cm->parties.n; k++) {
      const mtext *id = &cm->parties.items[k];
      long p = id->s ? party_index(c, id->s, id->len) : -1;
      if (p < 0 || seen[p] == i + 1) continue; /* named twice: pays once */
      seen[p] = i + 1;
      money_totals_add(&x->totals[p], m.currency, m.total);
    }
  }
  free(seen);
}

const money_totals *model_party_totals(const contract *c, size_t p) {
  if (!c->index || p >= c->n_parties) return NULL;
  if (!c->index->totals) make_totals(c);
  return &c->index->totals[p];
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
