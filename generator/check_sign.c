/* check_sign.c - the signatures of a contract: each one complete and for a
 * known party, names that match the party's signatories (signature-mismatch),
 * and in a signed contract a signature for every signatory
 * (missing-signature). */
#include <stdlib.h>
#include <string.h>

#include "check_impl.h"
#include "i18n.h"
#include "util.h"

/* A name as compared: ASCII letters in lower case, runs of white space as
 * one space, none at the ends ("J. de  Vries" signs for "j. de vries"). */
static char *name_key(const mtext *t) {
  char *k = xmalloc(t->len + 1);
  size_t n = 0;
  bool space = false;
  for (size_t i = 0; i < t->len; i++) {
    unsigned char ch = (unsigned char)t->s[i];
    if (ch == ' ' || ch == '\t' || ch == '\n') {
      space = n > 0;
      continue;
    }
    if (space) k[n++] = ' ';
    space = false;
    k[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  }
  k[n] = '\0';
  return k;
}

/* (party index, name key) pairs, sorted for look-ups, so matching
 * signatures to signatories stays O(n log n) however many there are. */
typedef struct {
  long party;
  char *name;
} name_ref;

typedef struct {
  name_ref *items;
  size_t n, cap;
} name_refs;

static void refs_add(name_refs *r, long party_idx, const mtext *name) {
  void *items = r->items;
  xgrow(&items, &r->cap, r->n + 1, sizeof(name_ref));
  r->items = items;
  r->items[r->n++] = (name_ref){party_idx, name_key(name)};
}

static int ref_cmp(const void *pa, const void *pb) {
  const name_ref *a = pa, *b = pb;
  if (a->party != b->party) return a->party < b->party ? -1 : 1;
  return strcmp(a->name, b->name);
}

static void refs_sort(name_refs *r) {
  if (r->n > 1) qsort(r->items, r->n, sizeof(name_ref), ref_cmp);
}

static bool refs_has(const name_refs *r, long party_idx, const mtext *name) {
  name_ref key = {party_idx, name_key(name)};
  bool found = r->n && bsearch(&key, r->items, r->n, sizeof(name_ref), ref_cmp) != NULL;
  free(key.name);
  return found;
}

static void refs_free(name_refs *r) {
  for (size_t i = 0; i < r->n; i++) free(r->items[i].name);
  free(r->items);
}

static bool signature_complete(const signature *sg) {
  return mtext_nonempty(&sg->name) && mtext_nonempty(&sg->date) && mtext_nonempty(&sg->place);
}

/* Index of the party a signature is for (it must be the party the id
 * finds: the first of duplicated ids), or -1. */
static long signature_owner(ck *k, const signature *sg, size_t i) {
  const contract *c = k->c;
  const char *in = ck_printf(k, _("signature %zu"), i + 1);
  long owner = -1;
  if (ck_need_text(k, &sg->party, "party", sg->pos, in)) {
    owner = model_party_index(c, sg->party.s);
    if (owner < 0)
      ck_unknown_party(k, &sg->party);
  }
  ck_need_text(k, &sg->name, "name", sg->pos, in);
  long day;
  if (ck_need_text(k, &sg->date, "date", sg->pos, in)) ck_date(k, &sg->date, &day);
  ck_need_text(k, &sg->place, "place", sg->pos, in);
  ck_placeholders_t(k, &sg->name);
  ck_placeholders_t(k, &sg->place);
  ck_placeholders_t(k, &sg->function);
  return owner;
}

/* missing-signature: every named signatory of a signed contract needs a
 * complete signature under its name. A complete signature under another
 * name (reported as a mismatch) still counts for one signatory of its
 * party, so one misspelt name gives one message, not two. */
static void check_signed(ck *k, const name_refs *signed_by, const size_t *spare) {
  const contract *c = k->c;
  size_t *left = xmalloc((c->n_parties + 1) * sizeof(size_t));
  memcpy(left, spare, c->n_parties * sizeof(size_t));
  for (size_t i = 0; i < c->n_parties; i++) {
    const party *pt = &c->parties[i];
    if (!mtext_nonempty(&pt->id) || model_party_index(c, pt->id.s) != (long)i) continue;
    for (size_t j = 0; j < pt->n_signatories; j++) {
      const signatory *sr = &pt->signatories[j];
      if (!mtext_nonempty(&sr->name)) continue; /* no-signatory said it */
      if (refs_has(signed_by, (long)i, &sr->name)) continue;
      if (left[i]) {
        left[i]--;
        continue;
      }
    {
      diag_report(k->dl, DIAG_MISSING_SIGNATURE, sr->pos, ck_quote_t(k, &pt->id),
                  ck_quote_t(k, &sr->name));
      diag_about(k->dl, pt->id.s, NULL, NULL);
    }
    }
  }
  free(left);
}

void ck_signatures(ck *k) {
  const contract *c = k->c;
  name_refs signatories = {0}, signed_by = {0};
  for (size_t i = 0; i < c->n_parties; i++)
    for (size_t j = 0; j < c->parties[i].n_signatories; j++)
      if (mtext_nonempty(&c->parties[i].signatories[j].name))
        refs_add(&signatories, (long)i, &c->parties[i].signatories[j].name);
  refs_sort(&signatories);
  size_t *spare = xcalloc(c->n_parties + 1, sizeof(size_t));
  for (size_t i = 0; i < c->n_signatures; i++) {
    const signature *sg = &c->signatures[i];
    long owner = signature_owner(k, sg, i);
    if (owner < 0 || !mtext_nonempty(&sg->name)) continue;
    const party *pt = &c->parties[owner];
    bool known = refs_has(&signatories, owner, &sg->name);
    if (!known && pt->n_signatories > 0) {
      diag_report(k->dl, DIAG_SIGNATURE_MISMATCH, sg->name.pos, ck_quote_t(k, &sg->name),
                  ck_quote_t(k, &pt->id),
                  CK_JOIN(k, pt->signatories, pt->n_signatories, signatory, name.s, CK_LIST_CAP));
      diag_about(k->dl, pt->id.s, NULL, NULL);
    }
    if (!signature_complete(sg)) continue;
    if (known) refs_add(&signed_by, owner, &sg->name);
    else spare[owner]++;
  }
  refs_sort(&signed_by);
  if (model_stage(c) == STAGE_SIGNED) check_signed(k, &signed_by, spare);
  free(spare);
  refs_free(&signatories);
  refs_free(&signed_by);
}
