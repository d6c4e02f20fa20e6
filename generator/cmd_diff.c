/* cmd_diff.c - the `diff` command: what changed between two versions of a
 * contract by meaning, not by line: top-level fields, parties, challenges
 * and their roles, commitments (matched by id, naming every changed field
 * with its old and new value), signatures, and the body's articles
 * (matched by heading). Text for readers, JSON for tools.
 *
 * JSON shape: {"old": PATH, "new": PATH, "changes": [CHANGE...]}, one
 * CHANGE object per added or removed item and per changed field:
 *   section  "contract" | "party" | "challenge" | "commitment" |
 *            "condition" | "report" | "amendment" | "progress" |
 *            "acknowledgement" | "signature" | "article"
 *   id       the item's id (party id for a signature, "PARTY>TO" for a
 *            report, version for an amendment, "COMMITMENT@DATE" for a
 *            progress record,
 *            "CHECK:SUBJECT" for an acknowledgement, heading text for an
 *            article, "" for the preamble); absent for "contract"
 *   change   "added" | "removed" | "changed"
 *   name     the item's name (party), title (challenge), committing party
 *            (commitment), text (condition), summary (amendment) or signer
 *            (signature), when it has one
 *   number   commitments: the citation number (in the new version, or the
 *            old one for a removed commitment)
 *   field    changed: the key, dotted below the item: "impact",
 *            "period.start", "roles.facilitator", "schuurpapier.legitimiteit";
 *            "text" for an article whose text changed
 *   old, new changed: the values; a string, an array of strings (lists:
 *            evaluations, role holders, beneficiaries, signatories, a joint
 *            commitment's parties, recipients), or null when absent on that
 *            side. Dates are ISO as written; an amount or a target is the
 *            text the document shows ("€ 45.000 per jaar, 2 keer (totaal
 *            € 90.000)"). The text and Markdown outputs write dates as
 *            the document does too ("1 januari 2027").
 *   old_text, new_text  dates: the values as the document writes them
 *            ("1 januari 2027"), in the language of each version
 *   removed, added  an article's changed text: its sentences found only in
 *            the old / only in the new version (arrays of strings), with
 *            their {{ placeholders }} filled in as each version's document
 *            fills them
 *   old_number, new_number  articles: their number in each version
 * An article whose heading changed over the same text is one change with
 * field "heading".
 * Exit status: 0 no changes, 1 changes, 2 error. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "commands.h"
#include "i18n.h"
#include "model.h"
#include "profile.h"
#include "textout.h"
#include "util.h"
#include "variables.h"
#include "workflow.h"

/* ---- values ---- */

/* One side of a field: absent, a text, or a list of texts. Texts are kept
 * with white space collapsed: re-wrapping a paragraph is no change. */
typedef struct {
  bool present;
  bool is_list;
  char *s;
  char **items;
  size_t n;
} dval;

static char *collapse(const char *s, size_t len) {
  buf b;
  buf_init(&b);
  buf_add(&b, "", 0);
  bool space = false;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = b.len > 0;
      continue;
    }
    if (space) buf_addc(&b, ' ');
    space = false;
    buf_addc(&b, c);
  }
  return buf_detach(&b);
}

static dval val_text(const mtext *t) {
  dval v = {0};
  if (t->s) {
    v.present = true;
    v.s = collapse(t->s, t->len);
  }
  return v;
}

static dval val_list(const mtext_list *l) {
  dval v = {0};
  v.is_list = true;
  if (!l->present && l->n == 0) return v;
  v.present = true;
  v.items = xcalloc(l->n + 1, sizeof *v.items);
  for (size_t i = 0; i < l->n; i++) {
    const mtext *t = &l->items[i];
    v.items[v.n++] = t->s ? collapse(t->s, t->len) : xstrdup("");
  }
  return v;
}

static void val_free(dval *v) {
  free(v->s);
  for (size_t i = 0; i < v->n; i++) free(v->items[i]);
  free(v->items);
  memset(v, 0, sizeof *v);
}

static bool val_eq(const dval *a, const dval *b) {
  if (a->present != b->present) return false;
  if (!a->present) return true;
  if (a->is_list != b->is_list) return false;
  if (!a->is_list) return strcmp(a->s, b->s) == 0;
  if (a->n != b->n) return false;
  for (size_t i = 0; i < a->n; i++)
    if (strcmp(a->items[i], b->items[i]) != 0) return false;
  return true;
}

/* ---- changes ---- */

typedef enum {
  SEC_CONTRACT, SEC_PARTY, SEC_CHALLENGE, SEC_COMMITMENT, SEC_CONDITION, SEC_REPORT, SEC_AMENDMENT,
  SEC_PROGRESS, SEC_ACKNOWLEDGE, SEC_SIGNATURE, SEC_ARTICLE
} section;
static const char *const section_names[] = {
    "contract",  "party",    "challenge",       "commitment", "condition", "report",
    "amendment", "progress", "acknowledgement", "signature",  "article"};
typedef enum { CH_ADDED, CH_REMOVED, CH_CHANGED } change_kind;
static const char *const change_names[] = {"added", "removed", "changed"};

typedef struct {
  section sec;
  char *id;
  change_kind kind;
  char *name;    /* added/removed: name or title; changed: a context note */
  char *field;   /* changed: key */
  char *label;   /* changed: the field as readers call it */
  dval old, new_;
  dval old_shown, new_shown; /* as the document writes them (dates, words of the
                                profile), or absent */
  bool json_shown;           /* JSON gives the shown values (amount, target) */
  long old_number, new_number; /* articles (0: none) */
  long number;               /* commitments: citation number (0: none) */
} change;

typedef struct {
  change *items;
  size_t n, cap;
  const profile *p; /* for field labels */
  const char *ui;   /* interface language */
  const contract *old_c, *new_c; /* for values written as the documents write them */
} change_list;

static change *add_change(change_list *cl, section sec, const char *id, change_kind kind) {
  xgrow((void **)&cl->items, &cl->cap, cl->n + 1, sizeof *cl->items);
  change *ch = &cl->items[cl->n++];
  memset(ch, 0, sizeof *ch);
  ch->sec = sec;
  ch->id = id ? xstrdup(id) : NULL;
  ch->kind = kind;
  return ch;
}

/* Label of a profile key in the interface language, or fallback when the
 * profile has none. */
static const char *plabel(const change_list *cl, const char *key, const char *fallback) {
  if (!cl->p) return fallback;
  const char *l = profile_label(cl->p, cl->ui, key);
  return l && strcmp(l, key) != 0 ? l : fallback;
}

/* Records a changed field when the values differ; takes the values. */
static void field_diff(change_list *cl, section sec, const char *id, const char *field,
                       const char *label, dval a, dval b) {
  if (val_eq(&a, &b)) {
    val_free(&a);
    val_free(&b);
    return;
  }
  change *ch = add_change(cl, sec, id, CH_CHANGED);
  ch->field = xstrdup(field);
  ch->label = xstrdup(label);
  ch->old = a;
  ch->new_ = b;
}

static void text_diff(change_list *cl, section sec, const char *id, const char *field,
                      const char *label, const mtext *a, const mtext *b) {
  field_diff(cl, sec, id, field, label, val_text(a), val_text(b));
}

/* A value as a document writes it: each text of v through fn. */
static dval shown(const contract *c, const dval *v, void (*fn)(const contract *, const mtext *, buf *)) {
  dval r = {0};
  r.present = v->present;
  r.is_list = v->is_list;
  if (!v->present) return r;
  size_t n = v->is_list ? v->n : 1;
  char **out = xcalloc(n + 1, sizeof *out);
  for (size_t i = 0; i < n; i++) {
    const char *s = v->is_list ? v->items[i] : v->s;
    mtext t = {(char *)s, strlen(s), {0, 0}, {0, 0}, false};
    buf b;
    buf_init(&b);
    fn(c, &t, &b);
    buf_add(&b, "", 0);
    out[i] = buf_detach(&b);
  }
  if (v->is_list) {
    r.items = out;
    r.n = n;
  } else {
    r.s = out[0];
    free(out);
  }
  return r;
}

/* A changed value whose text output is the documents' (fn: var_date, a
 * word of the profile); JSON keeps it as written. */
static void shown_diff(change_list *cl, section sec, const char *id, const char *field,
                       const char *label, dval a, dval b,
                       void (*fn)(const contract *, const mtext *, buf *)) {
  size_t before = cl->n;
  field_diff(cl, sec, id, field, label, a, b);
  if (cl->n == before) return;
  change *ch = &cl->items[cl->n - 1];
  ch->old_shown = shown(cl->old_c, &ch->old, fn);
  ch->new_shown = shown(cl->new_c, &ch->new_, fn);
}

/* A changed date (or list of dates). */
static void date_diff(change_list *cl, section sec, const char *id, const char *field,
                      const char *label, dval a, dval b) {
  shown_diff(cl, sec, id, field, label, a, b, var_date);
}

static void date_text_diff(change_list *cl, section sec, const char *id, const char *field,
                           const char *label, const mtext *a, const mtext *b) {
  date_diff(cl, sec, id, field, label, val_text(a), val_text(b));
}

/* A word of one of the profile's vocabularies (`every`, a condition's or
 * a progress record's `status`) as the document writes it, "elk kwartaal"
 * for kwartaal; as written when the vocabulary lacks it. */
static void shown_word(const contract *c, const mtext *t, buf *out, const profile_word *words, size_t n,
                       const char *group) {
  const profile_word *w = words && t->s ? profile_word_find(words, n, t->s) : NULL;
  if (w) buf_adds(out, profile_label2(c->profile, model_language(c), group, w->id));
  else if (t->s) buf_add(out, t->s, t->len);
}

static void shown_every(const contract *c, const mtext *t, buf *out) {
  const profile *p = c->profile;
  shown_word(c, t, out, p ? p->frequencies : NULL, p ? p->n_frequencies : 0, "every");
}

static void shown_condition_status(const contract *c, const mtext *t, buf *out) {
  const profile *p = c->profile;
  shown_word(c, t, out, p ? p->condition_statuses : NULL, p ? p->n_condition_statuses : 0,
             "condition-status");
}

static void shown_progress_status(const contract *c, const mtext *t, buf *out) {
  const profile *p = c->profile;
  shown_word(c, t, out, p ? p->progress_statuses : NULL, p ? p->n_progress_statuses : 0,
             "progress-status");
}

static void word_diff(change_list *cl, section sec, const char *id, const char *field,
                      const char *label, const mtext *a, const mtext *b,
                      void (*fn)(const contract *, const mtext *, buf *)) {
  shown_diff(cl, sec, id, field, label, val_text(a), val_text(b), fn);
}

/* A composite value (amount, target): compared by what it holds, shown
 * and given to JSON as the document writes it. */
static dval made(const contract *c, const commitment *cm,
                 void (*fn)(const contract *, const commitment *, buf *)) {
  dval v = {0};
  buf b;
  buf_init(&b);
  fn(c, cm, &b);
  if (b.len) {
    v.present = true;
    v.s = collapse(b.data, b.len);
  }
  buf_free(&b);
  return v;
}

/* The raw fields of a composite value joined, for comparing. */
static dval raw_of(const mtext *const *fields, size_t n, bool present) {
  dval v = {0};
  if (!present) return v;
  buf b;
  buf_init(&b);
  for (size_t i = 0; i < n; i++) {
    char *t = fields[i]->s ? collapse(fields[i]->s, fields[i]->len) : xstrdup("\x01");
    buf_printf(&b, "%s\x1f", t);
    free(t);
  }
  v.present = true;
  v.s = buf_detach(&b);
  return v;
}

static void made_diff(change_list *cl, const char *id, const char *field, const char *label,
                      dval raw_a, dval raw_b, const commitment *a, const commitment *b,
                      void (*fn)(const contract *, const commitment *, buf *)) {
  size_t before = cl->n;
  field_diff(cl, SEC_COMMITMENT, id, field, label, raw_a, raw_b);
  if (cl->n == before) return;
  change *ch = &cl->items[cl->n - 1];
  ch->old_shown = made(cl->old_c, a, fn);
  ch->new_shown = made(cl->new_c, b, fn);
  ch->json_shown = true;
}

/* ---- matching by id ---- */

typedef struct {
  const char *id;
  size_t idx;
} id_ref;

static int cmp_id_ref(const void *a, const void *b) {
  const id_ref *x = a, *y = b;
  int r = strcmp(x->id, y->id);
  return r ? r : (x->idx < y->idx ? -1 : x->idx > y->idx);
}

/* A sorted index of the ids of n items (stride bytes apart, id at offset),
 * so matching two large contracts costs O(n log n). */
typedef struct {
  id_ref *refs;
  size_t n;
} id_index;

static id_index index_build(const void *items, size_t n, size_t stride, size_t offset) {
  id_index ix = {xcalloc(n + 1, sizeof(id_ref)), 0};
  for (size_t i = 0; i < n; i++) {
    const mtext *t = (const mtext *)((const char *)items + i * stride + offset);
    if (t->s) ix.refs[ix.n++] = (id_ref){t->s, i};
  }
  qsort(ix.refs, ix.n, sizeof *ix.refs, cmp_id_ref);
  return ix;
}

/* Index of the first item with id, or -1. */
static long index_find(const id_index *ix, const char *id) {
  size_t lo = 0, hi = ix->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(ix->refs[mid].id, id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo < ix->n && strcmp(ix->refs[lo].id, id) == 0 ? (long)ix->refs[lo].idx : -1;
}

/* Whether items[i] is the first with its id (later repeats are ignored:
 * check reports them as duplicate-id). */
static bool first_of_id(const id_index *ix, const mtext *id, size_t i) {
  return id->s && index_find(ix, id->s) == (long)i;
}

static char *mdup(const mtext *t) { return t->s ? collapse(t->s, t->len) : NULL; }

/* Walks old and new items of one section: removed (old order), added and
 * changed (new order). fields() records the changed fields of a match. */
typedef void (*fields_fn)(change_list *cl, const void *a, const void *b, const char *id);

static void match_items(change_list *cl, section sec, const void *olds, size_t n_old,
                        const void *news, size_t n_new, size_t stride, size_t id_off,
                        size_t name_off, fields_fn fields) {
  id_index io = index_build(olds, n_old, stride, id_off);
  id_index in = index_build(news, n_new, stride, id_off);
  for (size_t i = 0; i < n_old; i++) {
    const char *item = (const char *)olds + i * stride;
    const mtext *id = (const mtext *)(item + id_off);
    if (!first_of_id(&io, id, i) || index_find(&in, id->s) >= 0) continue;
    change *ch = add_change(cl, sec, id->s, CH_REMOVED);
    ch->name = mdup((const mtext *)(item + name_off));
  }
  for (size_t i = 0; i < n_new; i++) {
    const char *item = (const char *)news + i * stride;
    const mtext *id = (const mtext *)(item + id_off);
    if (!first_of_id(&in, id, i)) continue;
    long j = index_find(&io, id->s);
    if (j < 0) {
      change *ch = add_change(cl, sec, id->s, CH_ADDED);
      ch->name = mdup((const mtext *)(item + name_off));
    } else {
      size_t before = cl->n;
      fields(cl, (const char *)olds + (size_t)j * stride, item, id->s);
      for (size_t k = before; k < cl->n; k++) cl->items[k].name = mdup((const mtext *)(item + name_off));
    }
  }
  free(io.refs);
  free(in.refs);
}

/* ---- sections ---- */

static dval val_signatories(const party *pt) {
  dval v = {0};
  v.is_list = true;
  if (!pt->has_signatory_key && pt->n_signatories == 0) return v;
  v.present = true;
  v.items = xcalloc(pt->n_signatories + 1, sizeof *v.items);
  for (size_t i = 0; i < pt->n_signatories; i++) {
    char *name = mdup(&pt->signatories[i].name), *fn = mdup(&pt->signatories[i].function);
    v.items[v.n++] = fn ? xasprintf("%s (%s)", name ? name : "", fn) : xstrdup(name ? name : "");
    free(name);
    free(fn);
  }
  return v;
}

static void party_fields(change_list *cl, const void *a_, const void *b_, const char *id) {
  const party *a = a_, *b = b_;
  text_diff(cl, SEC_PARTY, id, "name", plabel(cl, "field.name", _("Name")), &a->name, &b->name);
  text_diff(cl, SEC_PARTY, id, "short", _("Defined term"), &a->short_name, &b->short_name);
  text_diff(cl, SEC_PARTY, id, "type", plabel(cl, "field.type", _("Type")), &a->type, &b->type);
  text_diff(cl, SEC_PARTY, id, "registration", plabel(cl, "field.registration", _("Registration")),
            &a->registration, &b->registration);
  text_diff(cl, SEC_PARTY, id, "address", plabel(cl, "field.address", _("Address")), &a->address,
            &b->address);
  text_diff(cl, SEC_PARTY, id, "mission", plabel(cl, "field.mission", _("Mission")), &a->mission,
            &b->mission);
  field_diff(cl, SEC_PARTY, id, "signatory", plabel(cl, "field.signatory", _("Signatory")),
             val_signatories(a), val_signatories(b));
}

static const role_assignment *find_role(const challenge *ch, const char *role) {
  for (size_t i = 0; i < ch->n_roles; i++)
    if (ch->roles[i].role.s && strcmp(ch->roles[i].role.s, role) == 0) return &ch->roles[i];
  return NULL;
}

static void role_diff(change_list *cl, const char *id, const char *role, const role_assignment *a,
                      const role_assignment *b) {
  dval va = {0}, vb = {0};
  if (a) va = val_list(&a->holders);
  if (b) vb = val_list(&b->holders);
  va.is_list = vb.is_list = true;
  if (a) va.present = true;
  if (b) vb.present = true;
  char *field = xasprintf("roles.%s", role);
  const char *rl = cl->p ? profile_label2(cl->p, cl->ui, "role", role) : role;
  char *label = xasprintf("%s %s", plabel(cl, "field.role", _("Role")), rl);
  field_diff(cl, SEC_CHALLENGE, id, field, label, va, vb);
  free(field);
  free(label);
}

static void challenge_fields(change_list *cl, const void *a_, const void *b_, const char *id) {
  const challenge *a = a_, *b = b_;
  text_diff(cl, SEC_CHALLENGE, id, "title", _("Title"), &a->title, &b->title);
  text_diff(cl, SEC_CHALLENGE, id, "description", plabel(cl, "field.description", _("Description")),
            &a->description, &b->description);
  /* roles of the profile order first, then any others as written */
  for (size_t i = 0; i < a->n_roles; i++) {
    const char *role = a->roles[i].role.s;
    if (!role || find_role(a, role) != &a->roles[i]) continue;
    role_diff(cl, id, role, &a->roles[i], find_role(b, role));
  }
  for (size_t i = 0; i < b->n_roles; i++) {
    const char *role = b->roles[i].role.s;
    if (!role || find_role(b, role) != &b->roles[i] || find_role(a, role)) continue;
    role_diff(cl, id, role, NULL, &b->roles[i]);
  }
}

/* `party`: a text for one party (as in v1), a list for a joint one. */
static dval val_parties(const commitment *cm) {
  if (cm->parties.n > 1) return val_list(&cm->parties);
  return val_text(&cm->party);
}

static dval raw_amount(const commitment *cm) {
  const mamount *m = &cm->amount;
  const mtext *f[] = {&m->value, &m->currency, &m->per, &m->times, &m->note};
  return raw_of(f, ARRAY_LEN(f), m->present);
}

static dval raw_target(const commitment *cm) {
  const mtarget *t = &cm->target;
  const mtext *f[] = {&t->indicator, &t->baseline, &t->value, &t->unit, &t->by};
  return raw_of(f, ARRAY_LEN(f), t->present);
}

static void commitment_fields(change_list *cl, const void *a_, const void *b_, const char *id) {
  const commitment *a = a_, *b = b_;
  static const struct {
    const char *key, *label_key, *fallback;
    size_t off;
    bool date;
  } fields[] = {
      {"challenge", "field.challenge", N_("Challenge"), offsetof(commitment, challenge), false},
      {"text", "field.text", N_("Text"), offsetof(commitment, text), false},
      {"obligation", "field.obligation", N_("Obligation"), offsetof(commitment, obligation), false},
      {"impact", "field.impact", N_("Impact"), offsetof(commitment, impact), false},
      {"measure", "field.measure", N_("Measure"), offsetof(commitment, measure), false},
      {"due", "field.due", N_("Due"), offsetof(commitment, due), true},
      {"recurrence", "field.recurrence", N_("Recurrence"), offsetof(commitment, recurrence), false},
      {"after", "field.after", N_("Starts when"), offsetof(commitment, after), false},
      {"until", "field.until", N_("Ends on"), offsetof(commitment, until), true},
      {"resources", "field.resources", N_("Resources"), offsetof(commitment, resources), false},
      {"remedy", "field.remedy", N_("If not kept"), offsetof(commitment, remedy), false},
  };
  field_diff(cl, SEC_COMMITMENT, id, "party", plabel(cl, "field.party", _("Party")), val_parties(a),
             val_parties(b));
  for (size_t i = 0; i < ARRAY_LEN(fields); i++) {
    const mtext *x = (const mtext *)((const char *)a + fields[i].off);
    const mtext *y = (const mtext *)((const char *)b + fields[i].off);
    const char *label = plabel(cl, fields[i].label_key, _(fields[i].fallback));
    if (fields[i].date) date_text_diff(cl, SEC_COMMITMENT, id, fields[i].key, label, x, y);
    else text_diff(cl, SEC_COMMITMENT, id, fields[i].key, label, x, y);
  }
  field_diff(cl, SEC_COMMITMENT, id, "to", plabel(cl, "field.to", _("Recipient")), val_list(&a->to),
             val_list(&b->to));
  made_diff(cl, id, "amount", plabel(cl, "field.amount", _("Amount")), raw_amount(a), raw_amount(b),
            a, b, var_amount);
  made_diff(cl, id, "target", plabel(cl, "field.target", _("Target")), raw_target(a), raw_target(b),
            a, b, var_target);
  field_diff(cl, SEC_COMMITMENT, id, "beneficiaries",
             plabel(cl, "field.beneficiaries", _("Beneficiaries")), val_list(&a->beneficiaries),
             val_list(&b->beneficiaries));
}

/* ---- v2: conditions, reports, amendments, progress, acknowledgements ---- */

static void condition_fields(change_list *cl, const void *a_, const void *b_, const char *id) {
  const condition *a = a_, *b = b_;
  text_diff(cl, SEC_CONDITION, id, "text", plabel(cl, "field.condition", _("Condition")), &a->text,
            &b->text);
  word_diff(cl, SEC_CONDITION, id, "status", plabel(cl, "field.status", _("Status")), &a->status,
            &b->status, shown_condition_status);
  date_text_diff(cl, SEC_CONDITION, id, "due", plabel(cl, "field.due", _("Due")), &a->due, &b->due);
}

static void amendment_fields(change_list *cl, const void *a_, const void *b_, const char *id) {
  const amendment *a = a_, *b = b_;
  date_text_diff(cl, SEC_AMENDMENT, id, "date", plabel(cl, "field.date", _("Date")), &a->date,
                 &b->date);
  text_diff(cl, SEC_AMENDMENT, id, "summary", plabel(cl, "field.summary", _("Change")), &a->summary,
            &b->summary);
}

/* Items without an id of their own, matched by a key made of fields:
 * reports (party and recipient), progress records (commitment and date),
 * acknowledgements (check and subject). */
typedef struct {
  mtext key;  /* the made key, "#2" added for a repeat */
  mtext name; /* shown beside it */
  const void *item;
} keyed;

static int cmp_key_ref(const void *x, const void *y) { return cmp_id_ref(x, y); }

static keyed *keyed_make(const void *items, size_t n, size_t stride, size_t off_a, size_t off_b,
                         const char *sep, size_t off_name) {
  keyed *k = xcalloc(n + 1, sizeof *k);
  id_ref *order = xcalloc(n + 1, sizeof *order);
  for (size_t i = 0; i < n; i++) {
    const char *item = (const char *)items + i * stride;
    const mtext *a = (const mtext *)(item + off_a), *b = (const mtext *)(item + off_b);
    char *key = xasprintf("%s%s%s", a->s ? a->s : "", sep, b->s ? b->s : "");
    k[i].key = (mtext){key, strlen(key), {0, 0}, {0, 0}, false};
    if (off_name != (size_t)-1) k[i].name = *(const mtext *)(item + off_name);
    k[i].item = item;
    order[i] = (id_ref){key, i};
  }
  /* the second of a key is KEY#2, the third KEY#3, in file order (sorted:
   * n log n however many there are) */
  qsort(order, n, sizeof *order, cmp_key_ref);
  for (size_t i = 1, run = 1; i < n; i++) {
    run = strcmp(order[i].id, order[i - 1].id) == 0 ? run + 1 : 1;
    if (run == 1) continue;
    keyed *e = &k[order[i].idx];
    char *more = xasprintf("%s#%zu", e->key.s, run);
    e->key.s = more; /* order[] still points at the plain key, freed below */
    e->key.len = strlen(more);
  }
  for (size_t i = 0; i < n; i++)
    if (k[order[i].idx].key.s != order[i].id) free((char *)order[i].id);
  free(order);
  return k;
}

static void keyed_free(keyed *k, size_t n) {
  for (size_t i = 0; i < n; i++) free(k[i].key.s);
  free(k);
}

static void report_fields(change_list *cl, const void *a_, const void *b_, const char *id) {
  const report_duty *a = ((const keyed *)a_)->item, *b = ((const keyed *)b_)->item;
  word_diff(cl, SEC_REPORT, id, "every", plabel(cl, "field.every", _("How often")), &a->every,
            &b->every, shown_every);
  text_diff(cl, SEC_REPORT, id, "about", plabel(cl, "field.about", _("About")), &a->about, &b->about);
}

static void progress_fields(change_list *cl, const void *a_, const void *b_, const char *id) {
  const progress_record *a = ((const keyed *)a_)->item, *b = ((const keyed *)b_)->item;
  word_diff(cl, SEC_PROGRESS, id, "status", plabel(cl, "field.status", _("Status")), &a->status,
            &b->status, shown_progress_status);
  text_diff(cl, SEC_PROGRESS, id, "value", _("Value"), &a->value, &b->value);
  text_diff(cl, SEC_PROGRESS, id, "note", plabel(cl, "field.note", _("Note")), &a->note, &b->note);
}

static void acknowledge_fields(change_list *cl, const void *a_, const void *b_, const char *id) {
  const acknowledgement *a = ((const keyed *)a_)->item, *b = ((const keyed *)b_)->item;
  text_diff(cl, SEC_ACKNOWLEDGE, id, "reason", _("Reason"), &a->reason, &b->reason);
}

/* Matches keyed items by their made keys, which are their ids. */
static void match_keyed(change_list *cl, section sec, const void *olds, size_t n_old,
                        const void *news, size_t n_new, size_t stride, size_t off_a, size_t off_b,
                        const char *sep, size_t off_name, fields_fn fields) {
  keyed *ka = keyed_make(olds, n_old, stride, off_a, off_b, sep, off_name);
  keyed *kb = keyed_make(news, n_new, stride, off_a, off_b, sep, off_name);
  match_items(cl, sec, ka, n_old, kb, n_new, sizeof(keyed), offsetof(keyed, key),
              offsetof(keyed, name), fields);
  keyed_free(ka, n_old);
  keyed_free(kb, n_new);
}

static void v2_diff(change_list *cl, const contract *a, const contract *b) {
  match_items(cl, SEC_CONDITION, a->conditions, a->n_conditions, b->conditions, b->n_conditions,
              sizeof(condition), offsetof(condition, id), offsetof(condition, text), condition_fields);
  match_keyed(cl, SEC_REPORT, a->reports, a->n_reports, b->reports, b->n_reports,
              sizeof(report_duty), offsetof(report_duty, party), offsetof(report_duty, to), ">",
              (size_t)-1, report_fields);
  match_items(cl, SEC_AMENDMENT, a->amendments, a->n_amendments, b->amendments, b->n_amendments,
              sizeof(amendment), offsetof(amendment, version), offsetof(amendment, summary),
              amendment_fields);
  match_keyed(cl, SEC_PROGRESS, a->progress, a->n_progress, b->progress, b->n_progress,
              sizeof(progress_record), offsetof(progress_record, commitment),
              offsetof(progress_record, date), "@", (size_t)-1, progress_fields);
  match_keyed(cl, SEC_ACKNOWLEDGE, a->acknowledge, a->n_acknowledge, b->acknowledge,
              b->n_acknowledge, sizeof(acknowledgement), offsetof(acknowledgement, check),
              offsetof(acknowledgement, subject), ":", (size_t)-1, acknowledge_fields);
}

static void contract_fields(change_list *cl, const contract *a, const contract *b) {
  text_diff(cl, SEC_CONTRACT, NULL, "kind", _("Kind"), &a->kind, &b->kind);
  text_diff(cl, SEC_CONTRACT, NULL, "title", _("Title"), &a->title, &b->title);
  text_diff(cl, SEC_CONTRACT, NULL, "area", plabel(cl, "field.area", _("Area")), &a->area, &b->area);
  text_diff(cl, SEC_CONTRACT, NULL, "language", _("Language"), &a->language, &b->language);
  text_diff(cl, SEC_CONTRACT, NULL, "version", plabel(cl, "field.version", _("Version")), &a->version,
            &b->version);
  text_diff(cl, SEC_CONTRACT, NULL, "status", plabel(cl, "field.status", _("Status")), &a->status,
            &b->status);
  date_text_diff(cl, SEC_CONTRACT, NULL, "date", plabel(cl, "field.date", _("Date")), &a->date,
                 &b->date);
  date_text_diff(cl, SEC_CONTRACT, NULL, "period.start", plabel(cl, "field.start", _("Start")),
                 &a->period_start, &b->period_start);
  date_text_diff(cl, SEC_CONTRACT, NULL, "period.end", plabel(cl, "field.end", _("End")),
                 &a->period_end, &b->period_end);
  date_diff(cl, SEC_CONTRACT, NULL, "evaluations", plabel(cl, "field.evaluation", _("Evaluations")),
            val_list(&a->evaluations), val_list(&b->evaluations));
  /* schuurpapier axes: those of the old version in order, then new ones */
  for (int side = 0; side < 2; side++) {
    const contract *x = side ? b : a, *y = side ? a : b;
    for (size_t i = 0; i < x->n_schuurpapier; i++) {
      const mtext *key = &x->schuurpapier[i].key;
      if (!key->s) continue;
      const mtext *other = NULL;
      for (size_t j = 0; j < y->n_schuurpapier && !other; j++)
        if (y->schuurpapier[j].key.s && strcmp(y->schuurpapier[j].key.s, key->s) == 0)
          other = &y->schuurpapier[j].value;
      if (side == 1 && other) continue; /* compared in the first pass */
      mtext none = {0};
      const mtext *va = side ? (other ? other : &none) : &x->schuurpapier[i].value;
      const mtext *vb = side ? &x->schuurpapier[i].value : (other ? other : &none);
      char *field = xasprintf("schuurpapier.%s", key->s);
      char *label = xasprintf("%s, %s", plabel(cl, "heading.schuurpapier", _("Schuurpapier")),
                              cl->p ? profile_label2(cl->p, cl->ui, "axis", key->s) : key->s);
      text_diff(cl, SEC_CONTRACT, NULL, field, label, va, vb);
      free(field);
      free(label);
    }
  }
}

/* Signatures are matched by party and signer's name. */
static long find_signature(const contract *c, const signature *s) {
  for (size_t i = 0; i < c->n_signatures; i++) {
    const signature *t = &c->signatures[i];
    if (str_eq(t->party.s, s->party.s) && str_eq(t->name.s, s->name.s)) return (long)i;
  }
  return -1;
}

static void signatures_diff(change_list *cl, const contract *a, const contract *b) {
  for (size_t i = 0; i < a->n_signatures; i++) {
    const signature *s = &a->signatures[i];
    if (find_signature(a, s) != (long)i || find_signature(b, s) >= 0) continue;
    change *ch = add_change(cl, SEC_SIGNATURE, s->party.s ? s->party.s : "", CH_REMOVED);
    ch->name = mdup(&s->name);
  }
  for (size_t i = 0; i < b->n_signatures; i++) {
    const signature *s = &b->signatures[i];
    if (find_signature(b, s) != (long)i) continue;
    long j = find_signature(a, s);
    const char *id = s->party.s ? s->party.s : "";
    if (j < 0) {
      change *ch = add_change(cl, SEC_SIGNATURE, id, CH_ADDED);
      ch->name = mdup(&s->name);
      continue;
    }
    const signature *o = &a->signatures[j];
    size_t before = cl->n;
    date_text_diff(cl, SEC_SIGNATURE, id, "date", plabel(cl, "field.date", _("Date")), &o->date,
                   &s->date);
    text_diff(cl, SEC_SIGNATURE, id, "place", plabel(cl, "field.place", _("Place")), &o->place,
              &s->place);
    text_diff(cl, SEC_SIGNATURE, id, "function", plabel(cl, "field.function", _("Function")),
              &o->function, &s->function);
    for (size_t k = before; k < cl->n; k++) cl->items[k].name = mdup(&s->name);
  }
}

/* The citation numbers of the commitment changes: in the new version, in
 * the old one for a removed commitment. */
static void number_commitments(change_list *cl, const contract *a, const contract *b) {
  for (size_t i = 0; i < cl->n; i++) {
    change *ch = &cl->items[i];
    if (ch->sec != SEC_COMMITMENT || !ch->id) continue;
    const contract *c = ch->kind == CH_REMOVED ? a : b;
    const commitment *cm = model_commitment(c, ch->id);
    if (cm) ch->number = (long)model_commitment_number(c, cm);
  }
}

/* ---- articles ---- */

typedef struct {
  char *heading;     /* NULL: the text before the first article */
  size_t occurrence; /* how many earlier articles have the same heading */
  char *body;        /* the article below its heading, white space collapsed */
  long number;       /* 1, 2, ... (0: preamble) */
  bool matched;
} article;

typedef struct {
  article *items;
  size_t n, cap;
} article_list;

static void heading_text(cmark_node *h, buf *out) {
  cmark_iter *it = cmark_iter_new(h);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node *n = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) buf_adds(out, cmark_node_get_literal(n));
    else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) buf_addc(out, ' ');
  }
  cmark_iter_free(it);
}

/* Byte offset of the start of body line `line` (1-based); past the end
 * for lines beyond it. */
static size_t line_offset(const contract *c, const size_t *starts, size_t n_lines, int line) {
  if (line < 1) return 0;
  if ((size_t)line > n_lines) return c->body_len;
  return starts[line - 1];
}

/* Adds the article whose body spans body lines [from, to) (to 0: to the
 * end). */
static void add_article(article_list *al, const contract *c, const size_t *starts, size_t n_lines,
                        char *heading, int from, int to, long number) {
  size_t a = line_offset(c, starts, n_lines, from);
  size_t b = to > 0 ? line_offset(c, starts, n_lines, to) : c->body_len;
  if (b < a) b = a;
  char *body = collapse(c->body_text + a, b - a);
  if (!heading && !*body) {
    free(body);
    return; /* no preamble */
  }
  size_t occ = 0;
  for (size_t i = 0; i < al->n; i++)
    if (str_eq(al->items[i].heading, heading)) occ++;
  xgrow((void **)&al->items, &al->cap, al->n + 1, sizeof *al->items);
  al->items[al->n++] = (article){heading, occ, body, number, false};
}

/* The body split into articles at its level-1 headings. */
static article_list articles_of(const contract *c) {
  article_list al = {0};
  if (!c->body || !c->body_text) return al;
  size_t *starts = xcalloc(1, sizeof *starts), n_lines = 1, cap = 1;
  for (size_t i = 0; i < c->body_len; i++)
    if (c->body_text[i] == '\n') {
      xgrow((void **)&starts, &cap, n_lines + 1, sizeof *starts);
      starts[n_lines++] = i + 1;
    }
  char *heading = NULL;
  int from = 1;
  long number = 0;
  for (cmark_node *n = cmark_node_first_child(c->body); n; n = cmark_node_next(n)) {
    if (cmark_node_get_type(n) != CMARK_NODE_HEADING || cmark_node_get_heading_level(n) != 1) continue;
    add_article(&al, c, starts, n_lines, heading, from, cmark_node_get_start_line(n), number);
    buf h;
    buf_init(&h);
    heading_text(n, &h);
    heading = collapse(h.data ? h.data : "", h.len);
    buf_free(&h);
    from = cmark_node_get_end_line(n) + 1;
    number++;
  }
  add_article(&al, c, starts, n_lines, heading, from, 0, number);
  free(starts);
  return al;
}

static void articles_free(article_list *al) {
  for (size_t i = 0; i < al->n; i++) {
    free(al->items[i].heading);
    free(al->items[i].body);
  }
  free(al->items);
}

static long find_article(const article_list *al, const article *x) {
  for (size_t i = 0; i < al->n; i++)
    if (str_eq(al->items[i].heading, x->heading) && al->items[i].occurrence == x->occurrence)
      return (long)i;
  return -1;
}

/* Splits collapsed text after sentence ends (". ", "? ", "! ", "; "). */
static dval sentences(const char *text) {
  dval v = {0};
  v.present = v.is_list = true;
  size_t cap = 0;
  const char *start = text;
  for (const char *p = text; *p; p++) {
    bool end = strchr(".?!;", *p) && (p[1] == ' ' || p[1] == '\0');
    if (!end) continue;
    xgrow((void **)&v.items, &cap, v.n + 1, sizeof *v.items);
    v.items[v.n++] = xstrndup(start, (size_t)(p + 1 - start));
    start = p[1] ? p + 2 : p + 1;
    if (!p[1]) break;
  }
  if (*start) {
    xgrow((void **)&v.items, &cap, v.n + 1, sizeof *v.items);
    v.items[v.n++] = xstrdup(start);
  }
  return v;
}

enum { SENTENCE_DIFF_MAX = 4000 }; /* beyond this many sentences: no detail */

/* Sentences of a only (removed) and of b only (added), by a longest
 * common subsequence of the two articles' sentences. */
static void sentence_diff(const char *a_text, const char *b_text, dval *removed, dval *added) {
  dval a = sentences(a_text), b = sentences(b_text);
  memset(removed, 0, sizeof *removed);
  memset(added, 0, sizeof *added);
  removed->present = removed->is_list = added->present = added->is_list = true;
  if (a.n > SENTENCE_DIFF_MAX || b.n > SENTENCE_DIFF_MAX || (a.n + 1) * (b.n + 1) > 4000000) {
    val_free(&a);
    val_free(&b);
    return;
  }
  size_t w = b.n + 1;
  unsigned *len = xcalloc((a.n + 1) * w, sizeof *len);
  for (size_t i = a.n; i-- > 0;)
    for (size_t j = b.n; j-- > 0;)
      len[i * w + j] = strcmp(a.items[i], b.items[j]) == 0
                           ? len[(i + 1) * w + j + 1] + 1
                           : (len[(i + 1) * w + j] > len[i * w + j + 1] ? len[(i + 1) * w + j]
                                                                        : len[i * w + j + 1]);
  size_t cap_r = 0, cap_a = 0, i = 0, j = 0;
  while (i < a.n || j < b.n) {
    if (i < a.n && j < b.n && strcmp(a.items[i], b.items[j]) == 0) {
      i++, j++;
    } else if (j < b.n && (i == a.n || len[i * w + j + 1] >= len[(i + 1) * w + j])) {
      xgrow((void **)&added->items, &cap_a, added->n + 1, sizeof *added->items);
      added->items[added->n++] = xstrdup(b.items[j++]);
    } else {
      xgrow((void **)&removed->items, &cap_r, removed->n + 1, sizeof *removed->items);
      removed->items[removed->n++] = xstrdup(a.items[i++]);
    }
  }
  free(len);
  val_free(&a);
  val_free(&b);
}

/* The sentences of a list as c's document writes them: each {{ path }}
 * replaced by its value (compared as written, so a changed date is one
 * change of the front matter, not of every article that names it). */
static void expand_all(const contract *c, dval *v) {
  for (size_t i = 0; i < v->n; i++) {
    buf b;
    buf_init(&b);
    var_expand(c, v->items[i], strlen(v->items[i]), true, &b);
    char *s = collapse(b.data ? b.data : "", b.len);
    buf_free(&b);
    free(v->items[i]);
    v->items[i] = s;
  }
}

/* Article changes in document order: by number in the new version (a
 * removed article at its old number), a removal first. */
static int cmp_article_change(const void *x_, const void *y_) {
  const change *x = x_, *y = y_;
  long px = x->kind == CH_REMOVED ? x->old_number : x->new_number;
  long py = y->kind == CH_REMOVED ? y->old_number : y->new_number;
  if (px != py) return px < py ? -1 : 1;
  if ((x->kind == CH_REMOVED) != (y->kind == CH_REMOVED)) return x->kind == CH_REMOVED ? -1 : 1;
  return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

static void articles_diff(change_list *cl, const contract *a, const contract *b) {
  size_t first = cl->n;
  article_list oa = articles_of(a), na = articles_of(b);
  for (size_t i = 0; i < na.n; i++) {
    long j = find_article(&oa, &na.items[i]);
    if (j >= 0) oa.items[j].matched = na.items[i].matched = true;
  }
  /* a heading renamed over the same text: one change, not removed + added */
  for (size_t i = 0; i < na.n; i++) {
    if (na.items[i].matched) continue;
    for (size_t j = 0; j < oa.n; j++) {
      if (oa.items[j].matched || !oa.items[j].heading || !na.items[i].heading) continue;
      if (strcmp(oa.items[j].body, na.items[i].body) != 0) continue;
      oa.items[j].matched = na.items[i].matched = true;
      change *ch = add_change(cl, SEC_ARTICLE, na.items[i].heading, CH_CHANGED);
      ch->field = xstrdup("heading");
      ch->label = xstrdup(_("heading"));
      ch->old = (dval){true, false, xstrdup(oa.items[j].heading), NULL, 0};
      ch->new_ = (dval){true, false, xstrdup(na.items[i].heading), NULL, 0};
      ch->old_number = oa.items[j].number;
      ch->new_number = na.items[i].number;
      break;
    }
  }
  for (size_t i = 0; i < oa.n; i++) {
    if (oa.items[i].matched) continue;
    change *ch = add_change(cl, SEC_ARTICLE, oa.items[i].heading ? oa.items[i].heading : "", CH_REMOVED);
    ch->old_number = oa.items[i].number;
  }
  for (size_t i = 0; i < na.n; i++) {
    const article *x = &na.items[i];
    long j = x->matched ? find_article(&oa, x) : -1;
    if (!x->matched) {
      change *ch = add_change(cl, SEC_ARTICLE, x->heading ? x->heading : "", CH_ADDED);
      ch->new_number = x->number;
    } else if (j >= 0 && strcmp(oa.items[j].body, x->body) != 0) {
      change *ch = add_change(cl, SEC_ARTICLE, x->heading ? x->heading : "", CH_CHANGED);
      ch->field = xstrdup("text");
      ch->label = xstrdup(_("text"));
      ch->old_number = oa.items[j].number;
      ch->new_number = x->number;
      sentence_diff(oa.items[j].body, x->body, &ch->old, &ch->new_);
      expand_all(a, &ch->old);
      expand_all(b, &ch->new_);
    }
  }
  articles_free(&oa);
  articles_free(&na);
  if (cl->n - first > 1) qsort(cl->items + first, cl->n - first, sizeof *cl->items, cmp_article_change);
}

/* ---- output ---- */

static void json_str(buf *out, const char *s) {
  buf_addc(out, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') {
      buf_addc(out, '\\');
      buf_addc(out, (char)*p);
    } else if (*p == '\n') {
      buf_adds(out, "\\n");
    } else if (*p == '\t') {
      buf_adds(out, "\\t");
    } else if (*p < 0x20) {
      buf_printf(out, "\\u%04x", *p);
    } else {
      buf_addc(out, (char)*p);
    }
  }
  buf_addc(out, '"');
}

static void json_val(buf *out, const dval *v) {
  if (!v->present) {
    buf_adds(out, "null");
  } else if (!v->is_list) {
    json_str(out, v->s);
  } else {
    buf_addc(out, '[');
    for (size_t i = 0; i < v->n; i++) {
      if (i) buf_adds(out, ", ");
      json_str(out, v->items[i]);
    }
    buf_addc(out, ']');
  }
}

static void print_json(const change_list *cl, const char *old_path, const char *new_path, buf *out) {
  buf_adds(out, "{\n  \"old\": ");
  json_str(out, old_path);
  buf_adds(out, ",\n  \"new\": ");
  json_str(out, new_path);
  buf_adds(out, ",\n  \"changes\": [");
  for (size_t i = 0; i < cl->n; i++) {
    const change *ch = &cl->items[i];
    buf_adds(out, i ? ",\n    {" : "\n    {");
    buf_adds(out, "\"section\": ");
    json_str(out, section_names[ch->sec]);
    if (ch->sec != SEC_CONTRACT) {
      buf_adds(out, ", \"id\": ");
      json_str(out, ch->id ? ch->id : "");
    }
    buf_adds(out, ", \"change\": ");
    json_str(out, change_names[ch->kind]);
    if (ch->name) {
      buf_adds(out, ", \"name\": ");
      json_str(out, ch->name);
    }
    if (ch->number) buf_printf(out, ", \"number\": %ld", ch->number);
    if (ch->kind == CH_CHANGED) {
      buf_adds(out, ", \"field\": ");
      json_str(out, ch->field);
      bool text = ch->sec == SEC_ARTICLE && strcmp(ch->field, "text") == 0;
      buf_adds(out, text ? ", \"removed\": " : ", \"old\": ");
      json_val(out, ch->json_shown ? &ch->old_shown : &ch->old);
      buf_adds(out, text ? ", \"added\": " : ", \"new\": ");
      json_val(out, ch->json_shown ? &ch->new_shown : &ch->new_);
      if (!ch->json_shown && (ch->old_shown.present || ch->new_shown.present)) {
        buf_adds(out, ", \"old_text\": ");
        json_val(out, &ch->old_shown);
        buf_adds(out, ", \"new_text\": ");
        json_val(out, &ch->new_shown);
      }
    }
    if (ch->old_number) buf_printf(out, ", \"old_number\": %ld", ch->old_number);
    if (ch->new_number) buf_printf(out, ", \"new_number\": %ld", ch->new_number);
    buf_addc(out, '}');
  }
  buf_adds(out, cl->n ? "\n  ]\n}\n" : "]\n}\n");
}

static const char *section_title(section s) {
  switch (s) {
  case SEC_CONTRACT: return _("Contract");
  case SEC_PARTY: return _("Parties");
  case SEC_CHALLENGE: return _("Challenges");
  case SEC_COMMITMENT: return _("Commitments");
  case SEC_CONDITION: return _("Conditions");
  case SEC_REPORT: return _("Reports");
  case SEC_AMENDMENT: return _("Amendments");
  case SEC_PROGRESS: return _("Progress");
  case SEC_ACKNOWLEDGE: return _("Acknowledgements");
  case SEC_SIGNATURE: return _("Signatures");
  default: return _("Articles");
  }
}

static char *val_text_join(const dval *v, const char *sep) {
  if (!v->present) return xstrdup(_("(absent)"));
  if (!v->is_list) return xstrdup(v->s);
  if (v->n == 0) return xstrdup(_("(empty)"));
  buf b;
  buf_init(&b);
  for (size_t i = 0; i < v->n; i++) {
    if (i) buf_adds(&b, sep);
    buf_adds(&b, v->items[i]);
  }
  return buf_detach(&b);
}

/* "label: old -> new" when it fits on one line, else the values below
 * the label, each wrapped. */
static void text_field(buf *out, const change *ch, const char *indent, size_t width) {
  const char *sep = ch->sec == SEC_COMMITMENT ? "; " : ", ";
  const dval *old = ch->old_shown.present ? &ch->old_shown : &ch->old;
  const dval *new_ = ch->new_shown.present ? &ch->new_shown : &ch->new_;
  char *a = val_text_join(old, sep), *b = val_text_join(new_, sep);
  char *line = xasprintf("%s%s: %s -> %s", indent, ch->label, a, b);
  if (textout_cols(line, strlen(line)) <= width) {
    buf_printf(out, "%s\n", line);
  } else {
    buf_printf(out, "%s%s:\n", indent, ch->label);
    const char *was = _("was:"), *now = _("now:");
    size_t w = textout_cols(was, strlen(was)), w2 = textout_cols(now, strlen(now));
    if (w2 > w) w = w2;
    buf pa, pb;
    buf_init(&pa);
    buf_init(&pb);
    buf_printf(&pa, "%s  ", indent);
    buf_printf(&pb, "%s  ", indent);
    textout_pad(&pa, was, w + 1);
    textout_pad(&pb, now, w + 1);
    char *rest = xasprintf("%s  %*s", indent, (int)(w + 1), "");
    textout_wrap(out, pa.data, rest, a, strlen(a), width);
    textout_wrap(out, pb.data, rest, b, strlen(b), width);
    buf_free(&pa);
    buf_free(&pb);
    free(rest);
  }
  free(line);
  free(a);
  free(b);
}

static char *article_name(const change *ch, long number) {
  const char *h = ch->id && *ch->id ? ch->id : _("(text before the first article)");
  if (number > 0) return xasprintf(_("article %ld \"%s\""), number, h);
  return xasprintf("\"%s\"", h);
}

/* "article 3 "Geschillen": text changed" and the like. malloc'd. */
static char *article_what(const change *ch) {
  long num = ch->kind == CH_REMOVED ? ch->old_number : ch->new_number;
  char *name = article_name(ch, num);
  char *what;
  if (ch->kind == CH_ADDED) {
    what = xasprintf(_("%s: added"), name);
  } else if (ch->kind == CH_REMOVED) {
    what = xasprintf(_("%s: removed"), name);
  } else if (strcmp(ch->field, "heading") == 0) {
    what = xasprintf(_("%s: heading changed, was \"%s\""), name, ch->old.s);
  } else {
    what = xasprintf(_("%s: text changed"), name);
  }
  if (ch->kind == CH_CHANGED && ch->old_number != ch->new_number && ch->old_number > 0) {
    char *more = xasprintf(_("%s (was article %ld)"), what, ch->old_number);
    free(what);
    what = more;
  }
  free(name);
  return what;
}

static const char *mark_of(const change *ch) {
  return ch->kind == CH_ADDED ? "  + " : ch->kind == CH_REMOVED ? "  - " : "  ~ ";
}

static bool text_changed(const change *ch) {
  return ch->kind == CH_CHANGED && strcmp(ch->field, "text") == 0;
}

static void text_article(buf *out, const change *ch, size_t width) {
  char *what = article_what(ch);
  textout_wrap(out, mark_of(ch), "    ", what, strlen(what), width);
  if (text_changed(ch)) {
    /* the sentences that went and came */
    for (size_t i = 0; i < ch->old.n; i++)
      textout_wrap(out, "      - ", "        ", ch->old.items[i], strlen(ch->old.items[i]), width);
    for (size_t i = 0; i < ch->new_.n; i++)
      textout_wrap(out, "      + ", "        ", ch->new_.items[i], strlen(ch->new_.items[i]), width);
  }
  free(what);
}

/* "beheer (No. 2, horst): changed" and the like. malloc'd. */
static char *entity_what(const change *ch, const change_list *cl) {
  char *numbered = ch->number ? xasprintf("%s %ld, %s", plabel(cl, "field.number", _("No.")),
                                          ch->number, ch->name ? ch->name : "")
                              : NULL;
  const char *name = numbered ? numbered : ch->name;
  const char *id = ch->id ? ch->id : "";
  char *what;
  if (ch->kind == CH_ADDED)
    what = name ? xasprintf(_("%s (%s): added"), id, name) : xasprintf(_("%s: added"), id);
  else if (ch->kind == CH_REMOVED)
    what = name ? xasprintf(_("%s (%s): removed"), id, name) : xasprintf(_("%s: removed"), id);
  else
    what = name ? xasprintf(_("%s (%s): changed"), id, name) : xasprintf(_("%s: changed"), id);
  free(numbered);
  return what;
}

static void text_entity(buf *out, const change *ch, size_t width, const change_list *cl) {
  char *what = entity_what(ch, cl);
  textout_wrap(out, mark_of(ch), "    ", what, strlen(what), width);
  free(what);
}

/* Whether ch is a further field of the item of the change before it. */
static bool same_item(const change_list *cl, size_t i) {
  const change *ch = &cl->items[i], *prev = i ? &cl->items[i - 1] : NULL;
  return prev && prev->sec == ch->sec && prev->kind == CH_CHANGED && ch->kind == CH_CHANGED &&
         str_eq(prev->id, ch->id);
}

static void print_text(const change_list *cl, const char *old_path, const char *new_path, size_t width,
                       buf *out) {
  if (cl->n == 0) {
    buf_printf(out, _("No changes in meaning between %s and %s.\n"), old_path, new_path);
    return;
  }
  buf_printf(out, _("Changes from %s to %s:\n"), old_path, new_path);
  int last_sec = -1;
  for (size_t i = 0; i < cl->n; i++) {
    const change *ch = &cl->items[i];
    if ((int)ch->sec != last_sec) {
      buf_printf(out, "\n%s\n", section_title(ch->sec));
      last_sec = (int)ch->sec;
    }
    if (ch->sec == SEC_CONTRACT) {
      text_field(out, ch, "  ", width);
      continue;
    }
    if (ch->sec == SEC_ARTICLE) {
      text_article(out, ch, width);
      continue;
    }
    if (!same_item(cl, i)) text_entity(out, ch, width, cl);
    if (ch->kind == CH_CHANGED) text_field(out, ch, "      ", width);
  }
  buf_addc(out, '\n');
  if (cl->n == 1) buf_printf(out, "%s\n", _("1 change."));
  else buf_printf(out, _("%zu changes.\n"), cl->n);
}

/* ---- Markdown ---- */

static void md_item(buf *out, const char *indent, const char *mark, const char *s) {
  buf_printf(out, "%s- %s", indent, mark);
  textout_md_item(out, s);
  buf_addc(out, '\n');
}

static void md_field(buf *out, const change *ch, const char *indent) {
  const char *sep = ch->sec == SEC_COMMITMENT ? "; " : ", ";
  const dval *old = ch->old_shown.present ? &ch->old_shown : &ch->old;
  const dval *new_ = ch->new_shown.present ? &ch->new_shown : &ch->new_;
  char *a = val_text_join(old, sep), *b = val_text_join(new_, sep);
  buf_printf(out, "%s- ", indent);
  textout_md_item(out, ch->label);
  buf_adds(out, ": ~~");
  textout_md_item(out, a);
  buf_adds(out, "~~ → **");
  textout_md_item(out, b);
  buf_adds(out, "**\n");
  free(a);
  free(b);
}

static const char *md_mark(const change *ch) {
  return ch->kind == CH_ADDED ? "+ " : ch->kind == CH_REMOVED ? "− " : "";
}

/* The changes as a Markdown document: a heading per section, a list item
 * per item, its changed fields below it (old struck through, new bold). */
static void print_md(const change_list *cl, const char *old_path, const char *new_path, buf *out) {
  buf_adds(out, "# ");
  char *title = cl->n ? xasprintf(_("Changes from %s to %s:\n"), old_path, new_path)
                      : xasprintf(_("No changes in meaning between %s and %s.\n"), old_path, new_path);
  size_t tl = strlen(title);
  while (tl && (title[tl - 1] == '\n' || title[tl - 1] == ':')) title[--tl] = '\0';
  textout_md_item(out, title);
  free(title);
  buf_adds(out, "\n");
  int last_sec = -1;
  for (size_t i = 0; i < cl->n; i++) {
    const change *ch = &cl->items[i];
    if ((int)ch->sec != last_sec) {
      buf_printf(out, "\n## %s\n\n", section_title(ch->sec));
      last_sec = (int)ch->sec;
    }
    if (ch->sec == SEC_CONTRACT) {
      md_field(out, ch, "");
    } else if (ch->sec == SEC_ARTICLE) {
      char *what = article_what(ch);
      md_item(out, "", md_mark(ch), what);
      free(what);
      if (!text_changed(ch)) continue;
      for (size_t k = 0; k < ch->old.n; k++) md_item(out, "  ", "− ", ch->old.items[k]);
      for (size_t k = 0; k < ch->new_.n; k++) md_item(out, "  ", "+ ", ch->new_.items[k]);
    } else {
      if (!same_item(cl, i)) {
        char *what = entity_what(ch, cl);
        md_item(out, "", md_mark(ch), what);
        free(what);
      }
      if (ch->kind == CH_CHANGED) md_field(out, ch, "  ");
    }
  }
  if (cl->n == 1) buf_printf(out, "\n%s\n", _("1 change."));
  else if (cl->n) buf_printf(out, "\n");
  if (cl->n > 1) buf_printf(out, _("%zu changes.\n"), cl->n);
}

/* Groups the changes by section in the order of section_names, keeping
 * the order found within each (a stable bucket pass: sections are few). */
static void group_by_section(change_list *cl) {
  change *sorted = xcalloc(cl->n + 1, sizeof *sorted);
  size_t k = 0;
  for (int s = SEC_CONTRACT; s <= SEC_ARTICLE; s++)
    for (size_t i = 0; i < cl->n; i++)
      if ((int)cl->items[i].sec == s) sorted[k++] = cl->items[i];
  free(cl->items);
  cl->items = sorted;
  cl->cap = cl->n + 1;
}

static void changes_free(change_list *cl) {
  for (size_t i = 0; i < cl->n; i++) {
    change *ch = &cl->items[i];
    free(ch->id);
    free(ch->name);
    free(ch->field);
    free(ch->label);
    val_free(&ch->old);
    val_free(&ch->new_);
    val_free(&ch->old_shown);
    val_free(&ch->new_shown);
  }
  free(cl->items);
}

/* Loads one side; NULL (status 2, message printed) when it cannot be
 * compared: unreadable, no front matter, or front matter not readable. */
static contract *load_side(const char *path) {
  diag_list dl;
  diag_list_init(&dl, path);
  contract *c = model_load(path, &dl);
  if (c && (!c->has_front_matter || c->front_matter_incomplete)) {
    diag_sort(&dl);
    diag_print_text(stderr, &dl, false);
    fprintf(stderr, _("wijkcontract diff: %s: the front matter cannot be read; nothing to compare\n"),
            path);
    model_free(c);
    c = NULL;
  }
  diag_list_free(&dl);
  return c;
}

int cmd_diff(int argc, char **argv) {
  const char *format = NULL, *out_path = NULL;
  const cli_option opts[] = {
      {"--format", "-f", NULL, &format}, {"--output", "-o", NULL, &out_path}, {NULL, NULL, NULL, NULL}};
  int n_paths;
  int rc = cli_parse("diff", argc, argv, opts, &n_paths);
  if (rc) return rc;
  if (n_paths > 2) return usage_error("diff", _("too many arguments"));
  const char *paths[2] = {n_paths > 0 ? argv[1] : NULL, n_paths > 1 ? argv[2] : NULL};
  if (format && strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
    return usage_error("diff", _("unknown format '%s': use text or json"), format);
  if (n_paths != 2) return usage_error("diff", _("give two contract files: OLD.md NEW.md"));
  /* -o names the format by its extension; --format may only agree */
  const char *kind = format ? format : "text";
  if (out_path && strcmp(out_path, "-") != 0) {
    kind = has_suffix(out_path, ".json") ? "json"
           : has_suffix(out_path, ".md") ? "md"
           : has_suffix(out_path, ".txt") ? "text"
                                          : NULL;
    if (!kind)
      return usage_error("diff", _("cannot write the changes as '%s': use .txt, .md or .json"),
                         out_path);
    if (format && strcmp(format, kind) != 0)
      return usage_error("diff", _("--format %s does not match the file name '%s'"), format,
                         out_path);
  }

  contract *a = load_side(paths[0]);
  if (!a) return 2;
  contract *b = load_side(paths[1]);
  if (!b) {
    model_free(a);
    return 2;
  }
  change_list cl = {0};
  cl.p = b->profile ? b->profile : a->profile;
  cl.ui = i18n_language();
  cl.old_c = a;
  cl.new_c = b;
  contract_fields(&cl, a, b);
  match_items(&cl, SEC_PARTY, a->parties, a->n_parties, b->parties, b->n_parties, sizeof(party),
              offsetof(party, id), offsetof(party, name), party_fields);
  match_items(&cl, SEC_CHALLENGE, a->challenges, a->n_challenges, b->challenges, b->n_challenges,
              sizeof(challenge), offsetof(challenge, id), offsetof(challenge, title), challenge_fields);
  match_items(&cl, SEC_COMMITMENT, a->commitments, a->n_commitments, b->commitments, b->n_commitments,
              sizeof(commitment), offsetof(commitment, id), offsetof(commitment, party),
              commitment_fields);
  number_commitments(&cl, a, b);
  v2_diff(&cl, a, b);
  signatures_diff(&cl, a, b);
  articles_diff(&cl, a, b);
  group_by_section(&cl);

  buf out;
  buf_init(&out);
  bool to_stdout = !out_path || strcmp(out_path, "-") == 0;
  if (strcmp(kind, "json") == 0) print_json(&cl, paths[0], paths[1], &out);
  else if (strcmp(kind, "md") == 0) print_md(&cl, paths[0], paths[1], &out);
  else print_text(&cl, paths[0], paths[1], textout_width(to_stdout), &out);
  const char *inputs[] = {paths[0], paths[1], NULL};
  int status = workflow_emit_inputs(out_path, out.data, out.len, inputs);
  if (status == 0) status = cl.n ? 1 : 0;
  else status = 2;
  buf_free(&out);
  changes_free(&cl);
  model_free(a);
  model_free(b);
  return status;
}
