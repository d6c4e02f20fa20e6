/* check.c - the semantic checks of spec section 4 on the front matter:
 * required fields, ids, references, vocabulary, roles, commitments, dates
 * and the schuurpapier; signatures are in check_sign.c, the body in
 * check_body.c, shared helpers in check_util.c. */
#include "check.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_impl.h"
#include "i18n.h"
#include "util.h"

/* The first match of any of the n patterns in t, or 0; only the patterns
 * in `may` (profile_screen) can match t. */
static int first_match(ck *k, const profile_pattern *pats, size_t n, uint64_t may, const mtext *t,
                       const char *what, size_t *start, size_t *end) {
  if (!mtext_set(t)) return 0;
  bool ran = false; /* a pattern went over t before */
  for (size_t i = 0; i < n; i++) {
    if (i < 64 && !(may & (uint64_t)1 << i)) continue;
    int r = ck_match(k, pats[i].re, t->s, t->len, ran, start, end, t->pos, what);
    ran = true;
    if (r < 0) return 0;
    if (r > 0) return 1;
  }
  return 0;
}

/* ---- ids ------------------------------------------------------------------- */

/* Ids seen so far, with the line of their first use (open addressing). */
typedef struct {
  const char *s;
  size_t len;
  int line;
} id_slot;

struct ck_ids {
  id_slot *slots;
  size_t mask;
};
typedef struct ck_ids id_set;

static void id_set_init(id_set *set, size_t n) {
  size_t cap = 16;
  while (cap < 2 * n + 1) cap *= 2;
  set->slots = xcalloc(cap, sizeof(id_slot));
  set->mask = cap - 1;
}

/* Adds s; returns 0 when new, else the line where it was first seen. */
static int id_set_add(id_set *set, const char *s, size_t len, int line) {
  uint64_t h = 1469598103934665603u;
  for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211u;
  for (size_t i = (size_t)h & set->mask;; i = (i + 1) & set->mask) {
    id_slot *slot = &set->slots[i];
    if (!slot->s) {
      *slot = (id_slot){s, len, line};
      return 0;
    }
    if (slot->len == len && memcmp(slot->s, s, len) == 0) return slot->line > 0 ? slot->line : 1;
  }
}

bool ck_id(ck *k, const mtext *id, srcpos where, const char *in) {
  if (!ck_need_text(k, id, "id", where, in)) return false;
  if (!profile_is_ident(id->s, id->len)) {
    diag_report(k->dl, DIAG_INVALID_ID, id->pos, ck_quote_t(k, id));
    return false;
  }
  int first = id_set_add(k->ids, id->s, id->len, id->pos.line);
  if (first) {
    diag_report(k->dl, DIAG_DUPLICATE_ID, id->pos, ck_quote_t(k, id), first);
    return false;
  }
  return true;
}

/* "party 'gemeente'", or "party 3" while it has no usable id. */
static const char *where_name(ck *k, const char *named, const char *numbered, const mtext *id,
                              size_t i) {
  if (mtext_nonempty(id)) return ck_printf(k, named, ck_quote_t(k, id));
  return ck_printf(k, numbered, i + 1);
}

/* The id for "party '%s'" in messages; "#3" when the party has none. */
static const char *name_of(ck *k, const mtext *id, size_t i) {
  if (mtext_nonempty(id)) return ck_quote_t(k, id);
  return ck_printf(k, "#%zu", i + 1);
}

/* Position to blame for a whole item without a usable value. */
static srcpos value_or(const mtext *t, srcpos fallback) {
  return t->s && t->pos.line > 0 ? t->pos : fallback;
}

/* ---- the contract as a whole ------------------------------------------------ */

typedef struct {
  ck *k;
  bool *party_has_role, *party_has_commit, *challenge_has_commit;
  uint64_t *pairs; /* party index * n_challenges + challenge index, sorted */
  size_t n_pairs, cap_pairs;
  size_t *stamp; /* per party: last conflict test that marked it */
  srcpos *stamp_pos; /* where that test saw it */
  size_t stamp_now;
  uint64_t *indicator_screen, *hedge_screen; /* wording_screen */
} state;

bool ck_outside(ck *k, srcpos pos, const char *what, const char *name, const mtext *date, long day) {
  if (!k->have_period || (day >= k->period_start && day <= k->period_end)) return false;
  const contract *c = k->c;
  diag_report(k->dl, DIAG_OUTSIDE_PERIOD, pos, name ? ck_printf(k, what, name) : what, ck_quote_t(k, date),
              c->period_start.s, c->period_end.s);
  return true;
}

static void check_header(state *st) {
  ck *k = st->k;
  const contract *c = k->c;
  const char *fm = _("the front matter");
  srcpos at = c->front_matter_pos;
  /* Optional values left empty take their default: nothing to report. */
  if (mtext_nonempty(&c->kind) && !c->profile)
    diag_report(k->dl, DIAG_INVALID_VALUE, c->kind.pos, ck_quote_t(k, &c->kind), _("kind"),
                profile_ids());
  if (k->p && mtext_nonempty(&c->language) && !profile_has_language(k->p, c->language.s))
    diag_report(k->dl, DIAG_INVALID_VALUE, c->language.pos, ck_quote_t(k, &c->language),
                _("language"), CK_JOIN_STRS(k, k->p->languages, k->p->n_languages));
  if (k->p && mtext_nonempty(&c->status) && !profile_status_find(k->p, c->status.s))
    diag_report(k->dl, DIAG_INVALID_VALUE, c->status.pos, ck_quote_t(k, &c->status), _("status"),
                CK_JOIN(k, k->p->statuses, k->p->n_statuses, profile_status, id, SIZE_MAX));
  ck_need_text(k, &c->title, "title", at, fm);
  ck_need_text(k, &c->area, "area", at, fm);
  ck_need_text(k, &c->version, "version", at, fm);
  ck_placeholders_t(k, &c->title);
  ck_placeholders_t(k, &c->area);
  ck_placeholders_t(k, &c->version);
  long day;
  ck_date(k, &c->date, &day);
}

static void check_period(state *st) {
  ck *k = st->k;
  const contract *c = k->c;
  if (c->period.wrong_type) {
    /* reported by the loader */
  } else if (!c->period.present) {
    diag_report(k->dl, DIAG_MISSING_FIELD, c->front_matter_pos, "period", _("the front matter"));
  } else {
    const char *in = "period";
    bool s = ck_need_text(k, &c->period_start, "start", c->period.pos, in) &&
             ck_date(k, &c->period_start, &k->period_start);
    bool e = ck_need_text(k, &c->period_end, "end", c->period.pos, in) &&
             ck_date(k, &c->period_end, &k->period_end);
    if (s && e) {
      if (k->period_end <= k->period_start)
        diag_report(k->dl, DIAG_PERIOD_ORDER, c->period_end.pos, c->period_end.s,
                    c->period_start.s);
      else
        k->have_period = true;
    }
  }
  const mtext_list *ev = &c->evaluations;
  if (ev->n == 0 && !ev->wrong_type) {
    srcpos at = ev->present ? ev->pos : c->front_matter_pos;
    diag_report(k->dl, DIAG_NO_EVALUATION, at);
  }
  for (size_t i = 0; i < ev->n; i++) {
    long day;
    if (ck_date(k, &ev->items[i], &day))
      ck_outside(k, ev->items[i].pos, _("evaluation moment"), NULL, &ev->items[i], day);
  }
}

static void check_signatories(ck *k, const party *pt, const char *name) {
  if (pt->n_signatories == 0) {
    srcpos at = pt->has_signatory_key && pt->signatory_pos.line ? pt->signatory_pos : pt->pos;
    diag_report(k->dl, DIAG_NO_SIGNATORY, at, name);
    return;
  }
  for (size_t j = 0; j < pt->n_signatories; j++) {
    const signatory *sg = &pt->signatories[j];
    if (!mtext_nonempty(&sg->name))
      diag_report(k->dl, DIAG_NO_SIGNATORY_PART, value_or(&sg->name, sg->pos), name, "name",
                  "name");
    if (!mtext_nonempty(&sg->function))
      diag_report(k->dl, DIAG_NO_SIGNATORY_PART, value_or(&sg->function, sg->pos), name,
                  "function", "function");
    ck_placeholders_t(k, &sg->name);
    ck_placeholders_t(k, &sg->function);
  }
}

/* Text that becomes a cell of the role matrix as CSV (party names,
 * challenge titles) and would be read there as a formula. */
static void check_formula(ck *k, const mtext *t, const char *what) {
  if (t->s && str_formula_lead(t->s, t->len))
    diag_report(k->dl, DIAG_FORMULA_TEXT, t->pos, what, ck_quote_t(k, t));
}

static void check_parties(state *st) {
  ck *k = st->k;
  const contract *c = k->c;
  const profile *p = k->p;
  if (c->parties_field.wrong_type)
    ; /* reported by the loader */
  else if (!c->parties_field.present)
    diag_report(k->dl, DIAG_MISSING_FIELD, c->front_matter_pos, "parties", _("the front matter"));
  else if (c->n_parties < 2)
    diag_report(k->dl, DIAG_TOO_FEW_PARTIES, c->parties_field.key_pos, (int)c->n_parties);
  bool citizen = false, all_typed = true;
  for (size_t i = 0; i < c->n_parties; i++) {
    const party *pt = &c->parties[i];
    const char *in = where_name(k, _("party '%s'"), _("party %zu"), &pt->id, i);
    const char *name = name_of(k, &pt->id, i);
    ck_id(k, &pt->id, pt->pos, in);
    ck_need_text(k, &pt->name, "name", pt->pos, in);
    const profile_party_type *type = NULL;
    if (ck_need_text(k, &pt->type, "type", pt->pos, in) && p) {
      type = profile_party_type_find(p, pt->type.s);
      if (!type)
        diag_report(k->dl, DIAG_INVALID_VALUE, pt->type.pos, ck_quote_t(k, &pt->type),
                    _("party type"),
                    CK_JOIN(k, p->party_types, p->n_party_types, profile_party_type, id, SIZE_MAX));
    }
    if (!type) all_typed = false;
    if (type && type->citizen) {
      citizen = true;
      if (!mtext_nonempty(&pt->mission) && !ck_unusable(&pt->mission)) {
        diag_report(k->dl, DIAG_MISSING_MISSION, pt->pos, name);
        diag_about(k->dl, pt->id.s, NULL, NULL);
      }
    }
    if (p && p->registration_re && mtext_nonempty(&pt->registration)) {
      size_t s, e;
      /* The form is part of the message: in the language of the messages. */
      const char *form = profile_label_lookup(p, i18n_language(), "registration-form");
      if (!form) form = p->registration_form ? p->registration_form : p->registration_pattern;
      if (ck_match(k, p->registration_re, pt->registration.s, pt->registration.len, false, &s, &e,
                   pt->registration.pos, _("its form")) == 0) {
        diag_report(k->dl, DIAG_REGISTRATION_FORMAT, pt->registration.pos,
                    ck_quote_t(k, &pt->registration), name, form);
        diag_about(k->dl, pt->id.s, NULL, NULL);
      }
    }
    check_signatories(k, pt, name);
    check_formula(k, &pt->name, _("party name"));
    ck_placeholders_t(k, &pt->name);
    ck_placeholders_t(k, &pt->short_name);
    ck_placeholders_t(k, &pt->address);
    ck_placeholders_t(k, &pt->mission);
    ck_placeholders_t(k, &pt->registration);
  }
  /* With a party of unknown type the citizen may be among them: that
   * type's own error says enough. */
  if (p && c->n_parties > 0 && !citizen && all_typed) {
    buf b;
    buf_init(&b);
    for (size_t i = 0; i < p->n_party_types; i++) {
      if (!p->party_types[i].citizen) continue;
      if (b.len) buf_adds(&b, ", ");
      buf_adds(&b, p->party_types[i].id);
    }
    diag_report(k->dl, DIAG_NO_CITIZEN_PARTY, c->parties_field.key_pos, b.len ? b.data : "");
    buf_free(&b);
  }
}

static void add_pair(state *st, long party_idx, long challenge_idx) {
  void *items = st->pairs;
  xgrow(&items, &st->cap_pairs, st->n_pairs + 1, sizeof(uint64_t));
  st->pairs = items;
  st->pairs[st->n_pairs++] = (uint64_t)party_idx * st->k->c->n_challenges + (uint64_t)challenge_idx;
}

static int u64_cmp(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static bool has_pair(const state *st, long party_idx, long challenge_idx) {
  uint64_t key = (uint64_t)party_idx * st->k->c->n_challenges + (uint64_t)challenge_idx;
  return st->n_pairs && bsearch(&key, st->pairs, st->n_pairs, sizeof(uint64_t), u64_cmp) != NULL;
}

static const role_assignment *find_role(const challenge *ch, const char *id) {
  for (size_t r = 0; r < ch->n_roles; r++)
    if (str_eq(ch->roles[r].role.s, id)) return &ch->roles[r];
  return NULL;
}

/* role-conflict: parties holding both roles of a conflicting pair. */
static void check_conflicts(state *st, const challenge *ch, const char *name) {
  ck *k = st->k;
  const profile *p = k->p;
  for (size_t i = 0; i < p->n_conflicts; i++) {
    const role_assignment *ra = find_role(ch, p->conflicts[i].a);
    const role_assignment *rb = find_role(ch, p->conflicts[i].b);
    if (!ra || !rb) continue;
    st->stamp_now++;
    for (size_t h = 0; h < ra->holders.n; h++) {
      const mtext *holder = &ra->holders.items[h];
      long idx = model_party_index(k->c, holder->s ? holder->s : "");
      if (idx < 0) continue;
      st->stamp[idx] = st->stamp_now;
      st->stamp_pos[idx] = holder->pos;
    }
    for (size_t h = 0; h < rb->holders.n; h++) {
      const mtext *holder = &rb->holders.items[h];
      long idx = model_party_index(k->c, holder->s ? holder->s : "");
      if (idx < 0 || st->stamp[idx] != st->stamp_now) continue;
      st->stamp[idx] = 0; /* once per party */
      /* At the later of the two, where the conflict arose. */
      srcpos at = holder->pos, other = st->stamp_pos[idx];
      if (other.line > at.line || (other.line == at.line && other.col > at.col)) at = other;
      diag_report(k->dl, DIAG_ROLE_CONFLICT, at, ck_quote_t(k, holder),
                  ck_role_name(k, p->conflicts[i].a), ck_role_name(k, p->conflicts[i].b), name);
      diag_about(k->dl, holder->s, ch->id.s, NULL);
    }
  }
}

static void check_roles(state *st, const challenge *ch, long ci, const char *in,
                        const char *name) {
  ck *k = st->k;
  const profile *p = k->p;
  for (size_t r = 0; r < ch->n_roles; r++) {
    const role_assignment *ra = &ch->roles[r];
    if (p && ra->role.s && !profile_role_find(p, ra->role.s))
      diag_report(k->dl, DIAG_INVALID_VALUE, ra->role.pos, ck_quote_t(k, &ra->role), _("role"),
                  CK_JOIN(k, p->roles, p->n_roles, profile_role, id, SIZE_MAX));
    if (ra->holders.n == 0 && ra->role.s && !ra->holders.wrong_type) {
      srcpos at = ra->holders.pos.line ? ra->holders.pos : ra->role.pos;
      diag_report(k->dl, DIAG_EMPTY_FIELD, at, ck_quote_t(k, &ra->role), in);
    }
    for (size_t h = 0; h < ra->holders.n; h++) {
      const mtext *holder = &ra->holders.items[h];
      if (!mtext_nonempty(holder)) {
        /* "handhaver[2]" when the empty one is an item of a list */
        const char *key = ra->holders.n > 1
                              ? ck_printf(k, "%s[%zu]", ck_quote_t(k, &ra->role), h + 1)
                              : ck_quote_t(k, &ra->role);
        diag_report(k->dl, DIAG_EMPTY_FIELD, value_or(holder, ra->role.pos), key, in);
        continue;
      }
      long idx = model_party_index(k->c, holder->s);
      if (idx < 0) {
        ck_unknown_party(k, holder);
        continue;
      }
      st->party_has_role[idx] = true;
      if (ci >= 0) add_pair(st, idx, ci);
    }
  }
  if (!p) return;
  srcpos at = ch->roles_pos.line ? ch->roles_pos : ch->pos;
  for (size_t i = 0; i < p->n_roles; i++)
    if (p->roles[i].required && !find_role(ch, p->roles[i].id)) {
      diag_report(k->dl, DIAG_MISSING_ROLE, at, name,
                  ck_role_name(k, p->roles[i].id), p->roles[i].id);
      diag_about(k->dl, ch->id.s, NULL, NULL);
    }
  check_conflicts(st, ch, name);
}

static void check_challenges(state *st) {
  ck *k = st->k;
  const contract *c = k->c;
  if (c->challenges_field.wrong_type)
    ; /* reported by the loader */
  else if (!c->challenges_field.present)
    diag_report(k->dl, DIAG_MISSING_FIELD, c->front_matter_pos, "challenges",
                _("the front matter"));
  else if (c->n_challenges == 0)
    diag_report(k->dl, DIAG_EMPTY_FIELD, c->challenges_field.pos, "challenges",
                _("the front matter"));
  for (size_t i = 0; i < c->n_challenges; i++) {
    const challenge *ch = &c->challenges[i];
    const char *in = where_name(k, _("challenge '%s'"), _("challenge %zu"), &ch->id, i);
    const char *name = name_of(k, &ch->id, i);
    bool id_ok = ck_id(k, &ch->id, ch->pos, in);
    ck_need_text(k, &ch->title, "title", ch->pos, in);
    check_formula(k, &ch->title, _("challenge title"));
    ck_placeholders_t(k, &ch->title);
    ck_placeholders_t(k, &ch->description);
    if (!ch->has_roles) {
      diag_report(k->dl, DIAG_MISSING_FIELD, ch->pos, "roles", in);
      continue;
    }
    /* Only the first challenge of a duplicated id is the one references
     * find, so only its roles count for commitment-outside-role. */
    long ci = id_ok ? model_challenge_index(c, ch->id.s) : -1;
    if (ci != (long)i) ci = -1;
    check_roles(st, ch, ci, in, name);
  }
}

/* Whether cm is an obligation of result; *known: its obligation is one
 * of the profile's (or the default). */
static bool is_result(const profile *p, const commitment *cm, bool *known) {
  *known = true;
  if (!p) return false;
  if (!mtext_nonempty(&cm->obligation)) {
    for (size_t i = 0; i < p->n_obligations; i++)
      if (p->obligations[i].is_default) return p->obligations[i].result;
    return false;
  }
  const profile_obligation *ob = profile_obligation_find(p, cm->obligation.s);
  *known = ob != NULL;
  return ob && ob->result;
}

/* obligation: returns whether it is one of result. */
static bool check_obligation(ck *k, const commitment *cm) {
  const profile *p = k->p;
  bool known;
  bool result = is_result(p, cm, &known);
  if (known) return result;
  diag_report(k->dl, DIAG_INVALID_VALUE, cm->obligation.pos, ck_quote_t(k, &cm->obligation),
              _("obligation"),
              CK_JOIN(k, p->obligations, p->n_obligations, profile_obligation, id, SIZE_MAX));
  return false;
}

/* The texts of a commitment whose wording is checked, in the order of
 * wording_screen. */
enum { WORDING_TEXT, WORDING_IMPACT, WORDING_MEASURE, N_WORDING };

static const mtext *wording_text(const commitment *cm, size_t w) {
  return w == WORDING_TEXT ? &cm->text : w == WORDING_IMPACT ? &cm->impact : &cm->measure;
}

/* Screens the wording check_wording matches against a list of patterns,
 * all commitments at once (profile_screen): per commitment N_WORDING
 * sets, or NULL. Output indicators are in impact and measure, hedges
 * (`hedge`) in any wording of an obligation of result. */
static uint64_t *wording_screen(ck *k, const profile_pattern *pats, size_t np, bool hedge) {
  const contract *c = k->c;
  size_t n = c->n_commitments * N_WORDING;
  if (n == 0 || !profile_can_screen(pats, np)) return NULL;
  const char **texts = xmalloc(n * sizeof *texts);
  size_t *lens = xmalloc(n * sizeof *lens);
  for (size_t ci = 0; ci < c->n_commitments; ci++) {
    const commitment *cm = &c->commitments[ci];
    bool known, result = hedge && is_result(k->p, cm, &known);
    for (size_t w = 0; w < N_WORDING; w++) {
      const mtext *t = wording_text(cm, w);
      bool wanted = hedge ? result : w != WORDING_TEXT;
      texts[ci * N_WORDING + w] = t->s;
      lens[ci * N_WORDING + w] = wanted && mtext_set(t) ? t->len : 0;
    }
  }
  uint64_t *may = profile_screen(pats, np, texts, lens, n);
  free(texts);
  free(lens);
  return may;
}

/* The set of patterns that may match wording w of commitment i. */
static uint64_t may_match(const uint64_t *screen, size_t i, size_t w) {
  return screen ? screen[i * N_WORDING + w] : ~(uint64_t)0;
}

static void check_wording(state *st, const commitment *cm, size_t ci, const char *name, bool result) {
  ck *k = st->k;
  const profile *p = k->p;
  if (!p) return;
  size_t s, e;
  const mtext *measured[] = {&cm->impact, &cm->measure};
  const size_t measured_w[] = {WORDING_IMPACT, WORDING_MEASURE};
  const char *keys[] = {"impact", "measure"};
  for (size_t i = 0; i < 2; i++)
    if (first_match(k, p->output_indicators, p->n_output_indicators,
                    may_match(st->indicator_screen, ci, measured_w[i]), measured[i],
                    _("output indicators"), &s, &e))
    {
      diag_report(k->dl, DIAG_OUTPUT_INDICATOR, ck_value_spot(k, measured[i], s, e), keys[i], name,
                  ck_quote(k, measured[i]->s + s, e - s));
      diag_about(k->dl, cm->id.s, NULL, NULL);
    }
  if (!result) return;
  for (size_t w = 0; w < N_WORDING; w++) {
    const mtext *promised = wording_text(cm, w);
    if (first_match(k, p->hedges, p->n_hedges, may_match(st->hedge_screen, ci, w), promised,
                    _("hedging"), &s, &e))
    {
      diag_report(k->dl, DIAG_VAGUE_RESULT, ck_value_spot(k, promised, s, e), name,
                  ck_quote(k, promised->s + s, e - s));
      diag_about(k->dl, cm->id.s, NULL, NULL);
    }
  }
}

/* The committing parties: each known, and each with a role in the
 * commitment's challenge (ci >= 0). */
static void check_committers(state *st, const commitment *cm, const char *in, long ci) {
  ck *k = st->k;
  const contract *c = k->c;
  if (!ck_need_text(k, &cm->party, "party", cm->pos, in)) return;
  const mtext_list *l = &cm->parties;
  for (size_t j = 0; j < l->n; j++) {
    const mtext *id = &l->items[j];
    if (!mtext_nonempty(id)) {
      if (l->n > 1) diag_report(k->dl, DIAG_EMPTY_FIELD, id->pos, ck_printf(k, "party[%zu]", j + 1), in);
      continue;
    }
    long pi = model_party_index(c, id->s);
    if (pi < 0) {
      ck_unknown_party(k, id);
      continue;
    }
    st->party_has_commit[pi] = true;
    if (ci >= 0 && !has_pair(st, pi, ci)) {
      diag_report(k->dl, DIAG_COMMITMENT_OUTSIDE_ROLE, id->pos, ck_quote_t(k, id),
                  ck_quote_t(k, &cm->challenge));
      diag_about(k->dl, cm->id.s, id->s, cm->challenge.s);
    }
  }
}

/* citizen-result: a result promised by a citizen initiative. */
static void check_citizen_result(ck *k, const commitment *cm, const char *name) {
  for (size_t j = 0; j < cm->parties.n; j++) {
    const party *pt = model_party(k->c, cm->parties.items[j].s);
    const profile_party_type *type = pt && k->p ? profile_party_type_find(k->p, pt->type.s) : NULL;
    if (!type || !type->citizen) continue;
    srcpos at = mtext_set(&cm->obligation) ? cm->obligation.pos : cm->pos;
    diag_report(k->dl, DIAG_CITIZEN_RESULT, at, name, ck_quote_t(k, &cm->parties.items[j]));
    diag_about(k->dl, cm->id.s, cm->parties.items[j].s, NULL);
  }
}

static void check_commitment(state *st, const commitment *cm, size_t i) {
  ck *k = st->k;
  const contract *c = k->c;
  const char *in = where_name(k, _("commitment '%s'"), _("commitment %zu"), &cm->id, i);
  const char *name = name_of(k, &cm->id, i);
  ck_id(k, &cm->id, cm->pos, in);
  long ci = -1;
  /* without `challenge` a general commitment (v2): it needs no role */
  if (mtext_set(&cm->challenge) && ck_need_text(k, &cm->challenge, "challenge", cm->pos, in)) {
    ci = model_challenge_index(c, cm->challenge.s);
    if (ci < 0)
      ck_unknown_challenge(k, &cm->challenge);
    else
      st->challenge_has_commit[ci] = true;
  }
  check_committers(st, cm, in, ci);
  for (size_t j = 0; j < cm->to.n; j++) {
    const mtext *to = &cm->to.items[j];
    if (!mtext_nonempty(to))
      diag_report(k->dl, DIAG_EMPTY_FIELD, to->pos, "to", in);
    else if (model_party_index(c, to->s) < 0)
      ck_unknown_party(k, to);
  }
  ck_need_text(k, &cm->text, "text", cm->pos, in);
  bool result = check_obligation(k, cm);
  if (!mtext_nonempty(&cm->impact) && !ck_unusable(&cm->impact))
  {
    diag_report(k->dl, DIAG_MISSING_IMPACT, value_or(&cm->impact, cm->pos), name);
    diag_about(k->dl, cm->id.s, NULL, NULL);
  }
  ck_amount(k, cm, name);
  bool target = ck_target(k, cm, name);
  if (result && !mtext_nonempty(&cm->measure) && !ck_unusable(&cm->measure) && !target)
  {
    diag_report(k->dl, DIAG_MISSING_MEASURE, value_or(&cm->measure, cm->pos), name);
    diag_about(k->dl, cm->id.s, NULL, NULL);
  }
  if (result) check_citizen_result(k, cm, name);
  check_wording(st, cm, i, name, result);
  long day;
  if (ck_date(k, &cm->due, &day) &&
      ck_outside(k, cm->due.pos, _("the due date of commitment '%s'"), name, &cm->due, day))
    diag_about(k->dl, cm->id.s, NULL, NULL);
  if (ck_date(k, &cm->until, &day) &&
      ck_outside(k, cm->until.pos, _("the end date of commitment '%s'"), name, &cm->until, day))
    diag_about(k->dl, cm->id.s, NULL, NULL);
  /* `after` (an event) is a term as much as a date or a recurrence */
  if (!mtext_nonempty(&cm->due) && !mtext_nonempty(&cm->recurrence) &&
      !mtext_nonempty(&cm->after) && !ck_unusable(&cm->due) && !ck_unusable(&cm->recurrence) &&
      !ck_unusable(&cm->after)) {
    diag_report(k->dl, DIAG_MISSING_TERM, cm->pos, name);
    diag_about(k->dl, cm->id.s, NULL, NULL);
  }
  const mtext *texts[] = {&cm->text,   &cm->impact, &cm->measure, &cm->recurrence,
                          &cm->resources, &cm->after, &cm->remedy};
  for (size_t t = 0; t < ARRAY_LEN(texts); t++) ck_placeholders_t(k, texts[t]);
  for (size_t b = 0; b < cm->beneficiaries.n; b++) ck_placeholders_t(k, &cm->beneficiaries.items[b]);
}

static void check_commitments(state *st) {
  ck *k = st->k;
  const contract *c = k->c;
  if (!c->commitments_field.present && !c->commitments_field.wrong_type)
    diag_report(k->dl, DIAG_MISSING_FIELD, c->front_matter_pos, "commitments",
                _("the front matter"));
  if (st->n_pairs > 1) qsort(st->pairs, st->n_pairs, sizeof(uint64_t), u64_cmp);
  if (k->p) {
    st->indicator_screen = wording_screen(k, k->p->output_indicators, k->p->n_output_indicators, false);
    st->hedge_screen = wording_screen(k, k->p->hedges, k->p->n_hedges, true);
  }
  for (size_t i = 0; i < c->n_commitments; i++) check_commitment(st, &c->commitments[i], i);
  free(st->indicator_screen);
  free(st->hedge_screen);
}

/* role-without-commitment: a party that holds a role in a challenge and
 * promises nothing in it (once per party and challenge; a party that
 * promises nothing at all has party-without-commitment instead). */
static void check_idle_roles(state *st) {
  ck *k = st->k;
  const contract *c = k->c;
  size_t n = 0;
  uint64_t *commits = xcalloc(c->n_commitments * 2 + 1, sizeof *commits);
  size_t cap = c->n_commitments * 2 + 1;
  for (size_t i = 0; i < c->n_commitments; i++) {
    long ci = model_challenge_index(c, c->commitments[i].challenge.s);
    if (ci < 0) continue;
    for (size_t j = 0; j < c->commitments[i].parties.n; j++) {
      long pi = model_party_index(c, c->commitments[i].parties.items[j].s);
      if (pi < 0) continue;
      if (n == cap) {
        void *items = commits;
        xgrow(&items, &cap, n + 1, sizeof *commits);
        commits = items;
      }
      commits[n++] = (uint64_t)pi * c->n_challenges + (uint64_t)ci;
    }
  }
  if (n > 1) qsort(commits, n, sizeof *commits, u64_cmp);
  /* per party: the first role it holds in challenge i (first_role), valid
   * where first_in is i + 1; one pass over the holders, however many */
  size_t *first_role = xcalloc(c->n_parties + 1, sizeof *first_role);
  size_t *first_in = xcalloc(c->n_parties + 1, sizeof *first_in);
  for (size_t i = 0; i < c->n_challenges; i++) {
    const challenge *ch = &c->challenges[i];
    if (!mtext_nonempty(&ch->id) || model_challenge_index(c, ch->id.s) != (long)i) continue;
    for (size_t r = 0; r < ch->n_roles; r++)
      for (size_t h = 0; h < ch->roles[r].holders.n; h++) {
        long pi = model_party_index(c, ch->roles[r].holders.items[h].s);
        if (pi < 0 || first_in[pi] == i + 1) continue;
        first_in[pi] = i + 1;
        first_role[pi] = r;
      }
    for (size_t r = 0; r < ch->n_roles; r++) {
      const role_assignment *ra = &ch->roles[r];
      for (size_t h = 0; h < ra->holders.n; h++) {
        const mtext *holder = &ra->holders.items[h];
        long pi = model_party_index(c, holder->s);
        if (pi < 0 || !st->party_has_commit[pi] || first_role[pi] != r) continue;
        uint64_t key = (uint64_t)pi * c->n_challenges + i;
        if (n && bsearch(&key, commits, n, sizeof *commits, u64_cmp)) continue;
        const char *who = ck_quote_t(k, holder), *what = ck_quote_t(k, &ch->id);
        diag_report(k->dl, DIAG_ROLE_WITHOUT_COMMITMENT, holder->pos, who, ck_role_name(k, ra->role.s), what, who,
                    what);
        diag_about(k->dl, holder->s, ch->id.s, NULL);
      }
    }
  }
  free(first_role);
  free(first_in);
  free(commits);
}

/* Parties and challenges left without a role or a commitment. Not when
 * the list that would give them one is absent: its own message says it. */
static void check_coverage(state *st) {
  ck *k = st->k;
  const contract *c = k->c;
  bool roles = c->challenges_field.present && !c->challenges_field.wrong_type;
  bool commits = c->commitments_field.present && !c->commitments_field.wrong_type;
  for (size_t i = 0; i < c->n_parties; i++) {
    const party *pt = &c->parties[i];
    if (!mtext_nonempty(&pt->id) || model_party_index(c, pt->id.s) != (long)i) continue;
    const char *name = ck_quote_t(k, &pt->id);
    if (roles && !st->party_has_role[i]) {
      diag_report(k->dl, DIAG_PARTY_WITHOUT_ROLE, pt->pos, name);
      diag_about(k->dl, pt->id.s, NULL, NULL);
    }
    if (commits && !st->party_has_commit[i]) {
      diag_report(k->dl, DIAG_PARTY_WITHOUT_COMMITMENT, pt->pos, name, name);
      diag_about(k->dl, pt->id.s, NULL, NULL);
    }
  }
  if (commits) check_idle_roles(st);
  for (size_t i = 0; i < c->n_challenges; i++) {
    const challenge *ch = &c->challenges[i];
    if (!mtext_nonempty(&ch->id) || model_challenge_index(c, ch->id.s) != (long)i) continue;
    if (commits && !st->challenge_has_commit[i]) {
      const char *name = ck_quote_t(k, &ch->id);
      diag_report(k->dl, DIAG_CHALLENGE_WITHOUT_COMMITMENT, ch->pos, name, name);
      diag_about(k->dl, ch->id.s, NULL, NULL);
    }
  }
}

static void check_schuurpapier(ck *k) {
  const contract *c = k->c;
  const profile *p = k->p;
  if (!p) return;
  const char *axes = CK_JOIN_STRS(k, p->axes, p->n_axes);
  bool *seen = xcalloc(p->n_axes + 1, sizeof(bool));
  for (size_t i = 0; i < c->n_schuurpapier; i++) {
    const axis_entry *ax = &c->schuurpapier[i];
    if (!ax->key.s) continue;
    size_t a = 0;
    while (a < p->n_axes && !str_eq(p->axes[a], ax->key.s)) a++;
    if (a == p->n_axes) {
      const char *best = str_nearest(ax->key.s, (const char *const *)p->axes, p->n_axes);
      if (best)
        diag_report(k->dl, DIAG_UNKNOWN_KEY_SUGGEST, ax->key.pos, ck_quote_t(k, &ax->key),
                    "schuurpapier", best);
      else
        diag_report(k->dl, DIAG_UNKNOWN_AXIS, ax->key.pos, ck_quote_t(k, &ax->key), axes);
      continue;
    }
    seen[a] = true;
    if (!mtext_nonempty(&ax->value))
      diag_report(k->dl, DIAG_SCHUURPAPIER_INCOMPLETE, value_or(&ax->value, ax->key.pos),
                  p->axes[a], profile_label2(p, k->lang, "axis-question", p->axes[a]));
    ck_placeholders_t(k, &ax->value);
  }
  if (p->schuurpapier_required) {
    if (c->schuurpapier_field.wrong_type) {
      /* reported by the loader */
    } else if (!c->schuurpapier_field.present) {
      diag_report(k->dl, DIAG_SCHUURPAPIER_MISSING, c->front_matter_pos, axes);
    } else {
      for (size_t a = 0; a < p->n_axes; a++)
        if (!seen[a])
          diag_report(k->dl, DIAG_SCHUURPAPIER_INCOMPLETE, c->schuurpapier_field.key_pos,
                      p->axes[a], profile_label2(p, k->lang, "axis-question", p->axes[a]));
    }
  }
  free(seen);
}

/* ---- entry ------------------------------------------------------------------ */

void check_contract(const contract *c, diag_list *dl) {
  /* When the loader could not read the metadata as a whole, every check
   * would report fields as missing that are only unread. */
  if (!c || !c->has_front_matter || c->front_matter_incomplete) return;
  profile_jit_expect(c->text_len); /* the patterns are about to walk all of it */
  ck k = {0};
  k.c = c;
  k.p = c->profile;
  k.dl = dl;
  k.lang = model_language(c);
  k.placeholder_sev = model_stage(c) == STAGE_DRAFT ? DIAG_WARNING : DIAG_ERROR;
  k.today = (long)(build_time() / 86400);
  k.first_finding = dl->n;

  state st = {0};
  st.k = &k;
  id_set ids;
  id_set_init(&ids, c->n_parties + c->n_challenges + c->n_commitments + c->n_conditions);
  k.ids = &ids;
  st.party_has_role = xcalloc(c->n_parties + 1, sizeof(bool));
  st.party_has_commit = xcalloc(c->n_parties + 1, sizeof(bool));
  st.challenge_has_commit = xcalloc(c->n_challenges + 1, sizeof(bool));
  st.stamp = xcalloc(c->n_parties + 1, sizeof(size_t));
  st.stamp_pos = xcalloc(c->n_parties + 1, sizeof(srcpos));

  check_header(&st);
  check_period(&st);
  check_parties(&st);
  check_challenges(&st);
  check_commitments(&st);
  check_coverage(&st);
  check_schuurpapier(&k);
  ck_conditions(&k);
  ck_reports(&k);
  ck_amendments(&k);
  ck_progress(&k);
  ck_signatures(&k);
  ck_body(&k);
  ck_acknowledge(&k);

  free(ids.slots);
  free(st.party_has_role);
  free(st.party_has_commit);
  free(st.challenge_has_commit);
  free(st.stamp);
  free(st.stamp_pos);
  free(st.pairs);
  for (size_t i = 0; i < k.n_pool; i++) free(k.pool[i]);
  free(k.pool);
  free(k.line_starts);
}
