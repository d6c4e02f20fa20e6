/* rolematrix.c - the sparse party x challenge x role table behind the
 * document's matrix, `matrix` and `review`: built once per contract by
 * resolving every challenge's role map against the profile and the parties. */
#include "rolematrix.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "profile.h"
#include "util.h"

/* A party id with its index, sorted by id, so holder look-ups cost
 * O(log parties) even in very large contracts. */
typedef struct {
  const char *id;
  size_t len;
  size_t index;
} id_entry;

static int cmp_bytes(const char *a, size_t alen, const char *b, size_t blen) {
  int r = memcmp(a, b, alen < blen ? alen : blen);
  if (r) return r;
  return alen < blen ? -1 : alen > blen ? 1 : 0;
}

static int cmp_id_entry(const void *a, const void *b) {
  const id_entry *x = a, *y = b;
  int r = cmp_bytes(x->id, x->len, y->id, y->len);
  if (r) return r;
  /* a repeated id resolves to its first party, as model_party does */
  return x->index < y->index ? -1 : x->index > y->index;
}

static long find_party(const id_entry *ids, size_t n, const mtext *t) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int r = cmp_bytes(ids[mid].id, ids[mid].len, t->s, t->len);
    if (r < 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo < n && cmp_bytes(ids[lo].id, ids[lo].len, t->s, t->len) == 0) return (long)ids[lo].index;
  return -1;
}

static long find_role(const profile *p, const mtext *t) {
  for (size_t i = 0; i < p->n_roles; i++)
    if (strlen(p->roles[i].id) == t->len && memcmp(p->roles[i].id, t->s, t->len) == 0)
      return (long)i;
  return -1;
}

static int cmp_holding(const void *a, const void *b) {
  const role_holding *x = a, *y = b;
  if (x->party != y->party) return x->party < y->party ? -1 : 1;
  if (x->challenge != y->challenge) return x->challenge < y->challenge ? -1 : 1;
  if (x->role != y->role) return x->role < y->role ? -1 : 1;
  return 0;
}

role_matrix *role_matrix_build(const contract *c) {
  role_matrix *m = xcalloc(1, sizeof *m);
  m->n_parties = c->n_parties;
  m->n_challenges = c->n_challenges;
  m->party_start = xcalloc(c->n_parties + 1, sizeof *m->party_start);
  const profile *p = c->profile;
  if (!p) return m;
  m->n_roles = p->n_roles;

  id_entry *ids = xcalloc(c->n_parties ? c->n_parties : 1, sizeof *ids);
  size_t n_ids = 0;
  for (size_t i = 0; i < c->n_parties; i++) {
    if (!mtext_set(&c->parties[i].id)) continue;
    ids[n_ids++] = (id_entry){c->parties[i].id.s, c->parties[i].id.len, i};
  }
  qsort(ids, n_ids, sizeof *ids, cmp_id_entry);

  size_t cap = 0;
  for (size_t ch = 0; ch < c->n_challenges; ch++) {
    const challenge *chl = &c->challenges[ch];
    for (size_t r = 0; r < chl->n_roles; r++) {
      const role_assignment *ra = &chl->roles[r];
      if (!mtext_set(&ra->role)) continue;
      long role = find_role(p, &ra->role);
      if (role < 0) continue;
      for (size_t h = 0; h < ra->holders.n; h++) {
        const mtext *holder = &ra->holders.items[h];
        if (!mtext_set(holder)) continue;
        long pi = find_party(ids, n_ids, holder);
        if (pi < 0) continue;
        xgrow((void **)&m->items, &cap, m->n + 1, sizeof *m->items);
        m->items[m->n++] = (role_holding){(size_t)pi, ch, (size_t)role};
      }
    }
  }
  free(ids);

  if (m->n) qsort(m->items, m->n, sizeof *m->items, cmp_holding);
  /* drop repeats (a party named twice for one role) */
  size_t out = 0;
  for (size_t i = 0; i < m->n; i++)
    if (out == 0 || cmp_holding(&m->items[out - 1], &m->items[i]) != 0)
      m->items[out++] = m->items[i];
  m->n = out;

  /* party_start[p] = first item of party p; counting pass then prefix sum */
  for (size_t i = 0; i < m->n; i++) m->party_start[m->items[i].party + 1]++;
  for (size_t i = 0; i < c->n_parties; i++) m->party_start[i + 1] += m->party_start[i];
  return m;
}

void role_matrix_free(role_matrix *m) {
  if (!m) return;
  free(m->items);
  free(m->party_start);
  free(m);
}

/* First item of party p in challenge ch (items are sorted, so a binary
 * search within the party's range). */
static size_t first_in_cell(const role_matrix *m, size_t p, size_t ch) {
  size_t lo = m->party_start[p], hi = m->party_start[p + 1];
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (m->items[mid].challenge < ch) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

size_t role_matrix_cell(const role_matrix *m, size_t p, size_t ch, size_t *roles) {
  if (!m || p >= m->n_parties || ch >= m->n_challenges) return 0;
  size_t n = 0;
  for (size_t i = first_in_cell(m, p, ch);
       i < m->party_start[p + 1] && m->items[i].challenge == ch && n < m->n_roles; i++)
    roles[n++] = m->items[i].role;
  return n;
}

bool role_matrix_holds_role(const role_matrix *m, size_t p, size_t r) {
  if (!m || p >= m->n_parties) return false;
  for (size_t i = m->party_start[p]; i < m->party_start[p + 1]; i++)
    if (m->items[i].role == r) return true;
  return false;
}

bool role_matrix_holds_in(const role_matrix *m, size_t p, size_t from, size_t to) {
  if (!m || p >= m->n_parties) return false;
  size_t first = first_in_cell(m, p, from); /* the party's first holding from `from` on */
  return first < m->party_start[p + 1] && m->items[first].challenge < to;
}

char *role_matrix_cell_text(const role_matrix *m, const contract *c, size_t p, size_t ch, const char *group,
                            const char *sep) {
  const profile *pr = c->profile;
  if (!pr || !m || p >= m->n_parties || ch >= m->n_challenges) return NULL;
  size_t first = first_in_cell(m, p, ch); /* most cells are empty: no work for them */
  if (first >= m->party_start[p + 1] || m->items[first].challenge != ch) return NULL;
  const char *lang = model_language(c);
  size_t *roles = xcalloc(m->n_roles ? m->n_roles : 1, sizeof *roles);
  size_t n = role_matrix_cell(m, p, ch, roles);
  char *text = NULL;
  if (n > 0) {
    buf b;
    buf_init(&b);
    for (size_t i = 0; i < n; i++) {
      if (i) buf_adds(&b, sep);
      buf_adds(&b, profile_label2(pr, lang, group, pr->roles[roles[i]].id));
    }
    text = buf_detach(&b);
  }
  free(roles);
  return text;
}

char *role_matrix_legend(const contract *c, const char *sep) {
  /* the document of a contract of unknown kind (--draft) uses the default
   * profile's vocabulary */
  const profile *p = c->profile ? c->profile : profile_get(profile_default_id());
  const char *lang = model_language(c);
  buf b;
  buf_init(&b);
  buf_add(&b, "", 0);
  for (size_t r = 0; p && r < p->n_roles; r++) {
    if (r) buf_adds(&b, sep);
    buf_printf(&b, "%s = %s", profile_label2(p, lang, "role-abbr", p->roles[r].id),
               profile_label2(p, lang, "role", p->roles[r].id));
  }
  return buf_detach(&b);
}

void role_matrix_commitment_counts(const contract *c, size_t *all, size_t *general) {
  memset(all, 0, c->n_parties * sizeof *all);
  memset(general, 0, c->n_parties * sizeof *general);
  long *seen = xcalloc(c->n_parties + 1, sizeof *seen); /* last commitment counted, + 1 */
  for (size_t k = 0; k < c->n_commitments; k++) {
    const commitment *cm = &c->commitments[k];
    for (size_t i = 0; i < cm->parties.n; i++) {
      const mtext *id = &cm->parties.items[i];
      long p = id->s ? model_party_index(c, id->s) : -1;
      if (p < 0 || seen[p] == (long)k + 1) continue;
      seen[p] = (long)k + 1;
      all[p]++;
      if (!mtext_set(&cm->challenge)) general[p]++;
    }
  }
  free(seen);
}
