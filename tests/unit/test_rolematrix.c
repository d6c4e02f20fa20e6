/* test_rolematrix.c - role_matrix_build on hand-made contracts: cells in
 * profile order, unknown roles and parties left out, repeats removed, and a
 * large sparse contract. */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "profile.h"
#include "rolematrix.h"
#include "unit.h"
#include "util.h"

static mtext T(const char *s) {
  mtext t;
  memset(&t, 0, sizeof t);
  t.s = (char *)s;
  t.len = strlen(s);
  return t;
}

static profile_role roles[] = {
    {"kadersteller", true}, {"handhaver", false}, {"facilitator", false},
    {"uitvoerder", false},  {"initiatiefnemer", false},
};

static profile fake_profile(void) {
  profile p;
  memset(&p, 0, sizeof p);
  p.id = "wijkcontract";
  p.roles = roles;
  p.n_roles = ARRAY_LEN(roles);
  return p;
}

/* role -> holders list for one challenge */
static role_assignment assign(const char *role, const char **holders, size_t n) {
  role_assignment ra;
  memset(&ra, 0, sizeof ra);
  ra.role = T(role);
  ra.holders.items = xcalloc(n ? n : 1, sizeof(mtext));
  ra.holders.n = n;
  ra.holders.present = true;
  for (size_t i = 0; i < n; i++) ra.holders.items[i] = T(holders[i]);
  return ra;
}

static void test_small(void) {
  profile p = fake_profile();
  contract c;
  memset(&c, 0, sizeof c);
  c.profile = &p;
  party parties[3];
  memset(parties, 0, sizeof parties);
  parties[0].id = T("gemeente");
  parties[1].id = T("buurt");
  parties[2].id = T("corporatie");
  c.parties = parties;
  c.n_parties = 3;

  challenge chs[2];
  memset(chs, 0, sizeof chs);
  chs[0].id = T("groen");
  chs[1].id = T("veilig");
  const char *gem[] = {"gemeente"};
  const char *buurt_twice[] = {"buurt", "buurt"};
  const char *both[] = {"gemeente", "corporatie"};
  const char *ghost[] = {"nobody"};
  /* listed in non-profile order: facilitator before kadersteller */
  role_assignment r0[4] = {assign("facilitator", gem, 1), assign("kadersteller", gem, 1),
                           assign("initiatiefnemer", buurt_twice, 2),
                           assign("toverenaar", both, 2)};
  role_assignment r1[3] = {assign("handhaver", both, 2), assign("uitvoerder", ghost, 1),
                           assign("kadersteller", gem, 1)};
  chs[0].roles = r0;
  chs[0].n_roles = 4;
  chs[1].roles = r1;
  chs[1].n_roles = 3;
  c.challenges = chs;
  c.n_challenges = 2;

  role_matrix *m = role_matrix_build(&c);
  CHECK(m != NULL);
  CHECK_INT(m->n_parties, 3);
  CHECK_INT(m->n_challenges, 2);
  CHECK_INT(m->n_roles, 5);
  /* gemeente: groen {K, F}, veilig {K, H}; buurt: groen {I} once;
   * corporatie: veilig {H}; toverenaar and nobody left out */
  CHECK_INT(m->n, 6);
  size_t cell[5];
  size_t n = role_matrix_cell(m, 0, 0, cell);
  CHECK_INT(n, 2);
  CHECK_INT(cell[0], 0); /* kadersteller first: profile order */
  CHECK_INT(cell[1], 2);
  n = role_matrix_cell(m, 0, 1, cell);
  CHECK_INT(n, 2);
  CHECK_INT(cell[0], 0);
  CHECK_INT(cell[1], 1);
  n = role_matrix_cell(m, 1, 0, cell);
  CHECK_INT(n, 1);
  CHECK_INT(cell[0], 4);
  CHECK_INT(role_matrix_cell(m, 1, 1, cell), 0);
  CHECK_INT(role_matrix_cell(m, 2, 0, cell), 0);
  n = role_matrix_cell(m, 2, 1, cell);
  CHECK_INT(n, 1);
  CHECK_INT(cell[0], 1);
  CHECK_INT(role_matrix_cell(m, 7, 0, cell), 0); /* out of range */
  CHECK(role_matrix_holds_role(m, 0, 1));
  CHECK(!role_matrix_holds_role(m, 0, 3));
  CHECK(role_matrix_holds_role(m, 2, 1));
  CHECK(!role_matrix_holds_role(m, 2, 0));
  CHECK(!role_matrix_holds_role(m, 1, 3)); /* uitvoerder went to "nobody" */
  CHECK_INT(m->party_start[0], 0);
  CHECK_INT(m->party_start[1], 4);
  CHECK_INT(m->party_start[2], 5);
  CHECK_INT(m->party_start[3], 6);
  role_matrix_free(m);

  /* without a profile: empty but usable */
  c.profile = NULL;
  m = role_matrix_build(&c);
  CHECK_INT(m->n, 0);
  CHECK_INT(role_matrix_cell(m, 0, 0, cell), 0);
  CHECK(!role_matrix_holds_role(m, 0, 0));
  role_matrix_free(m);
  role_matrix_free(NULL);

  for (size_t i = 0; i < 4; i++) free(r0[i].holders.items);
  for (size_t i = 0; i < 3; i++) free(r1[i].holders.items);
}

/* 2000 parties, 500 challenges, each challenge held by 3 parties: the
 * matrix stays sparse and every holding is found. */
static void test_large(void) {
  enum { NP = 2000, NC = 500 };
  profile p = fake_profile();
  contract c;
  memset(&c, 0, sizeof c);
  c.profile = &p;
  party *parties = xcalloc(NP, sizeof *parties);
  char **ids = xcalloc(NP, sizeof *ids);
  for (size_t i = 0; i < NP; i++) {
    ids[i] = xasprintf("p%zu", i);
    parties[i].id = T(ids[i]);
  }
  challenge *chs = xcalloc(NC, sizeof *chs);
  for (size_t k = 0; k < NC; k++) {
    const char *h[3] = {ids[k % NP], ids[(k * 7 + 1) % NP], ids[(k * 13 + 2) % NP]};
    chs[k].roles = xcalloc(1, sizeof(role_assignment));
    chs[k].roles[0] = assign("uitvoerder", h, 3);
    chs[k].n_roles = 1;
  }
  c.parties = parties;
  c.n_parties = NP;
  c.challenges = chs;
  c.n_challenges = NC;
  role_matrix *m = role_matrix_build(&c);
  size_t expected = 0;
  for (size_t k = 0; k < NC; k++) {
    size_t a = k % NP, b = (k * 7 + 1) % NP, d = (k * 13 + 2) % NP;
    expected += 1 + (b != a) + (d != a && d != b);
  }
  CHECK_INT(m->n, expected);
  size_t cell[5];
  int all = 1;
  for (size_t k = 0; k < NC; k++)
    if (role_matrix_cell(m, (k * 13 + 2) % NP, k, cell) != 1 || cell[0] != 3) all = 0;
  CHECK(all);
  CHECK(!role_matrix_holds_role(m, NP - 1, 0));
  role_matrix_free(m);
  for (size_t k = 0; k < NC; k++) {
    free(chs[k].roles[0].holders.items);
    free(chs[k].roles);
  }
  free(chs);
  for (size_t i = 0; i < NP; i++) free(ids[i]);
  free(ids);
  free(parties);
}

int main(void) {
  test_small();
  test_large();
  return unit_finish();
}
