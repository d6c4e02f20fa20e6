/* variables.c - the {{ path }} variables of the body: resolving a path to
 * its value as readers write it (dates, amounts, "artikel 7"),
 * capitalising a value that starts a sentence, and suggesting the nearest
 * known paths for one that names nothing. */
#include "variables.h"

#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "money.h"
#include "profile.h"
#include "textout.h"

/* ---- values ---------------------------------------------------------------- */

static bool is(const char *s, size_t len, const char *word) {
  return len == strlen(word) && memcmp(s, word, len) == 0;
}

static void add_text(buf *out, const mtext *t) {
  if (t->s) buf_add(out, t->s, t->len);
}

static void add_date(const contract *c, buf *out, const mtext *t) {
  if (!mtext_nonempty(t)) return;
  char *date = textout_date(c->profile, model_language(c), t->s, t->len);
  buf_adds(out, date);
  free(date);
}

static const char *label(const contract *c, const char *key) {
  return profile_label(c->profile, model_language(c), key);
}

/* The status as readers see it: the label of the contract's status (or of
 * the profile's draft status when it names none). */
static void add_status(const contract *c, buf *out) {
  const profile *p = c->profile;
  if (!p) return;
  const profile_status *s = mtext_nonempty(&c->status) ? profile_status_find(p, c->status.s)
                                                      : profile_draft_status(p);
  if (s) buf_adds(out, profile_label2(p, model_language(c), "status", s->id));
}

/* Totals per currency: "€ 1.000", "€ 1.000 en $ 500", "€ 1, $ 2 en £ 3". */
static void add_totals(const contract *c, buf *out, const money_totals *t) {
  money_style st = money_style_for(c->profile, model_language(c));
  const char *fallback = c->profile && c->profile->currency ? c->profile->currency : "EUR";
  if (t->n == 0) {
    money_format(out, 0, fallback, &st);
    return;
  }
  for (size_t i = 0; i < t->n; i++) {
    if (i) {
      if (i + 1 < t->n) buf_adds(out, ", ");
      else buf_printf(out, " %s ", label(c, "text.and"));
    }
    money_format(out, t->items[i].cents, t->items[i].code, &st);
  }
}

static void add_article(const contract *c, buf *out, const model_article *a) {
  if (!c->profile || !c->profile->number_articles) {
    model_heading_text(a->heading, out);
    return;
  }
  buf_printf(out, "%s %d", label(c, "text.article-ref"), a->number);
  if (a->sub) buf_printf(out, ".%d", a->sub);
}

/* "ID.FIELD": splits at the last dot (ids have none). */
static bool split_last_dot(const char *s, size_t len, size_t *id_len, const char **field,
                           size_t *field_len) {
  for (size_t i = len; i-- > 0;) {
    if (s[i] != '.') continue;
    if (i == 0) return false;
    *id_len = i;
    *field = s + i + 1;
    *field_len = len - i - 1;
    return true;
  }
  return false;
}

/* An id of a collection as a NUL-terminated string for the look-ups
 * (ids are short: longer text names nothing). */
static bool id_copy(const char *s, size_t len, char id[80]) {
  if (len == 0 || len >= 80 || memchr(s, '\0', len)) return false;
  memcpy(id, s, len);
  id[len] = '\0';
  return true;
}

/* "ID.FIELD" after a collection's prefix: the id as a string for the
 * look-ups and the field. */
static bool id_and_field(const char *rest, size_t len, char id[80], const char **field,
                         size_t *field_len) {
  size_t id_len;
  return split_last_dot(rest, len, &id_len, field, field_len) && id_copy(rest, id_len, id);
}

static bool party_value(const contract *c, const char *rest, size_t len, buf *out) {
  size_t field_len;
  const char *field;
  char id[80];
  if (!id_and_field(rest, len, id, &field, &field_len)) return false;
  const party *p = model_party(c, id);
  if (!p) return false;
  if (is(field, field_len, "name")) {
    if (out) add_text(out, &p->name);
  } else if (is(field, field_len, "short")) {
    /* the defined term, or the name where the party has none */
    if (out) add_text(out, mtext_nonempty(&p->short_name) ? &p->short_name : &p->name);
  } else if (is(field, field_len, "signatory")) {
    if (out && p->n_signatories) add_text(out, &p->signatories[0].name);
  } else {
    return false;
  }
  return true;
}

static bool challenge_value(const contract *c, const char *rest, size_t len, buf *out) {
  size_t field_len;
  const char *field;
  char id[80];
  if (!id_and_field(rest, len, id, &field, &field_len)) return false;
  const challenge *ch = model_challenge(c, id);
  if (!ch || !is(field, field_len, "title")) return false;
  if (out) add_text(out, &ch->title);
  return true;
}

static bool commitment_value(const contract *c, const char *rest, size_t len, buf *out) {
  size_t field_len;
  const char *field;
  char id[80];
  if (!id_and_field(rest, len, id, &field, &field_len)) return false;
  const commitment *cm = model_commitment(c, id);
  if (!cm) return false;
  if (is(field, field_len, "number")) {
    if (out) buf_printf(out, "%zu", model_commitment_number(c, cm));
    return true;
  }
  model_money m;
  if (!is(field, field_len, "amount") || !model_amount(c, cm, &m)) return false;
  if (out) {
    money_style st = money_style_for(c->profile, model_language(c));
    money_format(out, m.total, m.currency, &st);
  }
  return true;
}

static bool totals_value(const contract *c, const char *rest, size_t len, buf *out) {
  char id[80];
  if (!id_copy(rest, len, id)) return false;
  long p = model_party_index(c, id);
  if (p < 0) return false;
  if (out) add_totals(c, out, model_party_totals(c, (size_t)p));
  return true;
}

static bool evaluation_value(const contract *c, const char *rest, size_t len, buf *out) {
  size_t n = 0;
  if (len == 0 || len > 6 || rest[0] == '0') return false;
  for (size_t i = 0; i < len; i++) {
    if (rest[i] < '0' || rest[i] > '9') return false;
    n = n * 10 + (size_t)(rest[i] - '0');
  }
  if (n < 1 || n > c->evaluations.n) return false;
  if (out) add_date(c, out, &c->evaluations.items[n - 1]);
  return true;
}

bool var_value(const contract *c, const char *path, size_t len, buf *out) {
  if (is(path, len, "title")) {
    if (out) add_text(out, &c->title);
  } else if (is(path, len, "area")) {
    if (out) add_text(out, &c->area);
  } else if (is(path, len, "version")) {
    if (out) add_text(out, &c->version);
  } else if (is(path, len, "date")) {
    if (out) add_date(c, out, &c->date);
  } else if (is(path, len, "status")) {
    if (out) add_status(c, out);
  } else if (is(path, len, "period.start")) {
    if (out) add_date(c, out, &c->period_start);
  } else if (is(path, len, "period.end")) {
    if (out) add_date(c, out, &c->period_end);
  } else {
    const char *dot = memchr(path, '.', len);
    if (!dot) return false;
    size_t head = (size_t)(dot - path);
    const char *rest = dot + 1;
    size_t rest_len = len - head - 1;
    if (is(path, head, "parties")) return party_value(c, rest, rest_len, out);
    if (is(path, head, "challenges")) return challenge_value(c, rest, rest_len, out);
    if (is(path, head, "commitments")) return commitment_value(c, rest, rest_len, out);
    if (is(path, head, "totals")) return totals_value(c, rest, rest_len, out);
    if (is(path, head, "evaluations")) return evaluation_value(c, rest, rest_len, out);
    if (is(path, head, "articles")) {
      const model_article *a = model_article_find(c, rest, rest_len);
      if (!a) return false;
      if (out) add_article(c, out, a);
      return true;
    }
    return false;
  }
  return true;
}

/* ---- values for readers ---------------------------------------------------- */

void var_date(const contract *c, const mtext *date, buf *out) { add_date(c, out, date); }

void var_number(const contract *c, const mtext *number, buf *out) {
  long long v;
  if (!mtext_nonempty(number)) return;
  if (money_parse(number->s, number->len, &v) != MONEY_OK) {
    add_text(out, number);
    return;
  }
  money_style st = money_style_for(c->profile, model_language(c));
  money_format_number(out, v, &st);
}

void var_amount(const contract *c, const commitment *cm, buf *out) {
  model_money m;
  if (!cm->amount.present) return;
  if (!model_amount(c, cm, &m)) {
    add_text(out, &cm->amount.value); /* as written: check reports it */
    return;
  }
  money_style st = money_style_for(c->profile, model_language(c));
  money_format(out, m.value, m.currency, &st);
  const profile_word *per = NULL;
  if (c->profile && m.per)
    per = profile_word_find(c->profile->periods, c->profile->n_periods, m.per);
  if (per && !per->is_default) buf_printf(out, " %s", profile_label2(c->profile, model_language(c), "per", per->id));
  if (m.times > 1) {
    buf_printf(out, ", %lld %s (%s ", m.times, label(c, "text.times"), label(c, "text.total"));
    money_format(out, m.total, m.currency, &st);
    buf_addc(out, ')');
  }
  if (mtext_nonempty(&cm->amount.note)) {
    buf_adds(out, "; ");
    add_text(out, &cm->amount.note);
  }
}

/* "70%", "20 bomen": a number of a target with its unit. */
static void add_measured(const contract *c, buf *out, const mtext *v, const mtext *unit) {
  var_number(c, v, out);
  if (!mtext_nonempty(unit)) return;
  if (unit->s[0] != '%') buf_addc(out, ' ');
  add_text(out, unit);
}

void var_target(const contract *c, const commitment *cm, buf *out) {
  const mtarget *t = &cm->target;
  if (!t->present) return;
  if (mtext_nonempty(&t->indicator)) {
    add_text(out, &t->indicator);
    buf_adds(out, ": ");
  }
  if (mtext_nonempty(&t->baseline)) {
    add_measured(c, out, &t->baseline, &t->unit);
    buf_adds(out, " \xE2\x86\x92 ");
  }
  add_measured(c, out, &t->value, &t->unit);
  if (mtext_nonempty(&t->by)) {
    buf_printf(out, ", %s ", label(c, "text.by"));
    add_date(c, out, &t->by);
  }
}

/* ---- expanding text ---------------------------------------------------------- */

/* Upper-cases the first letter of out->data[from..]: ASCII and the Latin-1
 * letters; Dutch "ij" becomes "IJ" ("IJsclub"). */
static void capitalise(buf *out, size_t from, const char *lang) {
  if (from >= out->len) return;
  unsigned char *s = (unsigned char *)out->data + from;
  size_t n = out->len - from;
  if (s[0] >= 'a' && s[0] <= 'z') {
    if (n > 1 && s[0] == 'i' && s[1] == 'j' && lang && strcmp(lang, "nl") == 0) s[1] = 'J';
    s[0] = (unsigned char)(s[0] - 'a' + 'A');
  } else if (n > 1 && s[0] == 0xC3 && s[1] >= 0xA0 && s[1] <= 0xBE && s[1] != 0xB7) {
    s[1] = (unsigned char)(s[1] - 0x20); /* à..þ -> À..Þ */
  }
}

/* Whether a sentence starts at text[at]: only blanks before it since the
 * start (when the text starts one), or since a '.', '!' or '?' followed by
 * at least one blank. */
static bool sentence_at(const char *text, size_t at, bool at_start) {
  size_t i = at, blanks = 0;
  while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) i--, blanks++;
  if (i == 0) return at_start;
  return blanks > 0 && strchr(".!?", text[i - 1]) != NULL;
}

typedef struct {
  const contract *c;
  const char *text;
  bool at_start;
  size_t done; /* bytes of text already copied */
  buf *out;
} expand_ctx;

static void expand_one(void *ctx, size_t ref_start, size_t ref_len, const char *path,
                       size_t path_len) {
  expand_ctx *e = ctx;
  buf_add(e->out, e->text + e->done, ref_start - e->done);
  size_t from = e->out->len;
  if (!var_value(e->c, path, path_len, e->out) || e->out->len == from) {
    e->out->len = from;
    buf_add(e->out, e->text + ref_start, ref_len); /* as written */
  } else if (sentence_at(e->text, ref_start, e->at_start)) {
    capitalise(e->out, from, model_language(e->c));
  }
  e->done = ref_start + ref_len;
}

void var_expand(const contract *c, const char *text, size_t len, bool at_start, buf *out) {
  expand_ctx e = {c, text, at_start, 0, out};
  if (c && len > 0) model_each_variable(text, len, expand_one, &e);
  buf_add(out, text + e.done, len - e.done);
}

/* Whether the content before node (its previous siblings, then its
 * parent's) ends a sentence or is nothing at all within its block. */
static bool ends_sentence_before(cmark_node *node) {
  for (cmark_node *n = node;;) {
    cmark_node *prev = cmark_node_previous(n);
    if (!prev) {
      cmark_node *parent = cmark_node_parent(n);
      if (!parent) return true;
      switch (cmark_node_get_type(parent)) {
      case CMARK_NODE_EMPH:
      case CMARK_NODE_STRONG:
      case CMARK_NODE_LINK:
        n = parent; /* "*{{ x }}*" starts where its emphasis starts */
        continue;
      default:
        return true; /* the first inline of a paragraph, heading or cell */
      }
    }
    cmark_node_type type = cmark_node_get_type(prev);
    if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
      /* "... eind.\n{{ x }}": what counts is the text before the break */
      cmark_node *before = cmark_node_previous(prev);
      if (!before || cmark_node_get_type(before) != CMARK_NODE_TEXT) return false;
      const char *lit = cmark_node_get_literal(before);
      size_t l = lit ? strlen(lit) : 0;
      while (l > 0 && lit[l - 1] == ' ') l--;
      return l > 0 && strchr(".!?", lit[l - 1]) != NULL;
    }
    if (type != CMARK_NODE_TEXT) return false;
    const char *lit = cmark_node_get_literal(prev);
    size_t l = lit ? strlen(lit) : 0, blanks = 0;
    while (l > 0 && lit[l - 1] == ' ') l--, blanks++;
    if (l == 0) {
      n = prev; /* a text of blanks only: look further back */
      continue;
    }
    if (!strchr(".!?", lit[l - 1])) return false;
    if (blanks) return true;
    /* "Wow" "!" " {{ x }}": the blank is at the start of node's own text */
    const char *own = cmark_node_get_literal(node);
    return own && (own[0] == ' ' || own[0] == '\t');
  }
}

bool var_starts_sentence(cmark_node *text) {
  return text && ends_sentence_before(text);
}

/* ---- suggestions ----------------------------------------------------------- */

/* Comparisons of a path with an id before only exact ids are tried. */
#define SUGGEST_BUDGET 500000
#define SUGGEST_SHOWN 3
/* Levenshtein up to this many bytes a side (ids have at most 64). */
#define LEV_MAX EDIT_DISTANCE_LEN

struct var_names {
  const contract *c;
  size_t budget;
  /* the best candidates of the current look-up, nearest first */
  char *best[SUGGEST_SHOWN];
  size_t best_d[SUGGEST_SHOWN];
  size_t n_best;
  size_t limit; /* largest distance that counts as near */
};

var_names *var_names_new(const contract *c) {
  var_names *vn = xcalloc(1, sizeof *vn);
  vn->c = c;
  vn->budget = SUGGEST_BUDGET;
  return vn;
}

void var_names_free(var_names *vn) {
  if (!vn) return;
  for (size_t i = 0; i < vn->n_best; i++) free(vn->best[i]);
  free(vn);
}

static size_t lev(const char *a, size_t an, const char *b, size_t bn, size_t max) {
  return edit_distance_max(a, an, b, bn, max);
}

/* Keeps candidate (malloc'd) at distance d among the nearest. */
static void offer(var_names *vn, char *cand, size_t d) {
  if (d > vn->limit) {
    free(cand);
    return;
  }
  for (size_t i = 0; i < vn->n_best; i++)
    if (strcmp(vn->best[i], cand) == 0) {
      free(cand);
      return;
    }
  size_t at = vn->n_best;
  while (at > 0 && vn->best_d[at - 1] > d) at--;
  if (at >= SUGGEST_SHOWN) {
    free(cand);
    return;
  }
  if (vn->n_best == SUGGEST_SHOWN) free(vn->best[--vn->n_best]);
  memmove(vn->best + at + 1, vn->best + at, (vn->n_best - at) * sizeof *vn->best);
  memmove(vn->best_d + at + 1, vn->best_d + at, (vn->n_best - at) * sizeof *vn->best_d);
  vn->best[at] = cand;
  vn->best_d[at] = d;
  vn->n_best++;
}

/* The ids of a collection: parties, challenges, commitments, articles. */
typedef struct {
  const char *name;        /* "parties" */
  const char *const *fields; /* NULL-terminated; NULL for totals and articles */
} collection;

static const char *const party_fields[] = {"name", "short", "signatory", NULL};
static const char *const challenge_fields[] = {"title", NULL};
static const char *const commitment_fields[] = {"number", "amount", NULL};
static const collection collections[] = {
    {"parties", party_fields}, {"challenges", challenge_fields},
    {"commitments", commitment_fields}, {"totals", NULL}, {"articles", NULL}};

static const char *id_at(const contract *c, size_t coll, size_t i, size_t *n) {
  switch (coll) {
  case 0:
  case 3: *n = c->n_parties; return i < *n ? c->parties[i].id.s : NULL;
  case 1: *n = c->n_challenges; return i < *n ? c->challenges[i].id.s : NULL;
  case 2: *n = c->n_commitments; return i < *n ? c->commitments[i].id.s : NULL;
  default: {
    const model_article *a = model_articles(c, n);
    return i < *n ? a[i].slug : NULL;
  }
  }
}

/* Offers the paths of collection coll for an id like mid and a field like
 * field (field NULL: the path had none), at cost `base` so far. */
static void try_collection(var_names *vn, size_t coll, const char *mid, size_t mid_len,
                           const char *field, size_t field_len, size_t base) {
  const contract *c = vn->c;
  const collection *co = &collections[coll];
  size_t n = 0;
  id_at(c, coll, 0, &n);
  for (size_t i = 0; i < n; i++) {
    const char *id = id_at(c, coll, i, &n);
    if (!id || !*id) continue;
    size_t len = strlen(id), d;
    if (vn->budget > 0) {
      vn->budget--;
      d = lev(mid, mid_len, id, len, vn->limit - base);
    } else {
      d = len == mid_len && memcmp(mid, id, len) == 0 ? 0 : vn->limit + 1;
    }
    if (base + d > vn->limit) continue;
    if (!co->fields) {
      offer(vn, xasprintf("%s.%s", co->name, id), base + d);
      continue;
    }
    for (const char *const *f = co->fields; *f; f++) {
      /* a path without its field ("parties.gemeente") is one step away */
      size_t fd = field ? lev(field, field_len, *f, strlen(*f), vn->limit) : 1;
      char probe[200];
      snprintf(probe, sizeof probe, "%s.%s.%s", co->name, id, *f);
      if (!var_value(c, probe, strlen(probe), NULL)) continue; /* amount without one */
      offer(vn, xstrdup(probe), base + d + fd);
    }
  }
}

char *var_names_suggest(var_names *vn, const char *path, size_t len) {
  static const char *const fixed[] = {"title",  "area",         "version",   "date",
                                      "status", "period.start", "period.end"};
  const contract *c = vn->c;
  for (size_t i = 0; i < vn->n_best; i++) free(vn->best[i]);
  vn->n_best = 0;
  if (len > LEV_MAX) return NULL;
  vn->limit = len / 3 > 2 ? len / 3 : 2;
  if (vn->limit > 6) vn->limit = 6;
  for (size_t i = 0; i < ARRAY_LEN(fixed); i++)
    offer(vn, xstrdup(fixed[i]), lev(path, len, fixed[i], strlen(fixed[i]), vn->limit));
  for (size_t i = 0; i < c->evaluations.n && i < 100; i++) {
    char *cand = xasprintf("evaluations.%zu", i + 1);
    offer(vn, cand, lev(path, len, cand, strlen(cand), vn->limit));
  }
  /* collection.id.field, or collection.id */
  const char *dot = memchr(path, '.', len);
  size_t head = dot ? (size_t)(dot - path) : len;
  const char *rest = dot ? dot + 1 : path + len;
  size_t rest_len = dot ? len - head - 1 : 0;
  for (size_t k = 0; k < ARRAY_LEN(collections); k++) {
    const collection *co = &collections[k];
    size_t hd = lev(path, head, co->name, strlen(co->name), vn->limit);
    if (hd > vn->limit) continue;
    if (!co->fields) {
      try_collection(vn, k, rest, rest_len, NULL, 0, hd);
      continue;
    }
    size_t id_len, field_len;
    const char *field;
    if (split_last_dot(rest, rest_len, &id_len, &field, &field_len))
      try_collection(vn, k, rest, id_len, field, field_len, hd);
    else
      try_collection(vn, k, rest, rest_len, NULL, 0, hd);
  }
  if (vn->n_best == 0) return NULL;
  buf b;
  buf_init(&b);
  /* the nearest only: "naam" is name, not also short */
  for (size_t i = 0; i < vn->n_best && vn->best_d[i] == vn->best_d[0]; i++) {
    if (i) buf_adds(&b, ", ");
    buf_adds(&b, vn->best[i]);
  }
  return buf_detach(&b);
}

char *var_names_ids(var_names *vn, const char *path, size_t len, size_t cap,
                    const char **which) {
  const char *dot = memchr(path, '.', len);
  if (!dot) return NULL;
  size_t head = (size_t)(dot - path);
  for (size_t k = 0; k < ARRAY_LEN(collections); k++) {
    if (!is(path, head, collections[k].name)) continue;
    size_t n = 0, shown = 0;
    id_at(vn->c, k, 0, &n);
    buf b;
    buf_init(&b);
    for (size_t i = 0; i < n; i++) {
      const char *id = id_at(vn->c, k, i, &n);
      if (!id || !*id) continue;
      if (shown == cap) {
        buf_printf(&b, _(", ... (%zu more)"), n - i);
        break;
      }
      buf_printf(&b, "%s%s", shown++ ? ", " : "", id);
    }
    if (!shown) {
      buf_free(&b);
      return NULL;
    }
    *which = collections[k].name;
    return buf_detach(&b);
  }
  return NULL;
}

const char *var_forms(void) {
  return "title, area, version, date, status, period.start, period.end, evaluations.N, "
         "parties.ID.name, parties.ID.short, parties.ID.signatory, challenges.ID.title, "
         "commitments.ID.number, commitments.ID.amount, totals.ID, articles.SLUG";
}
