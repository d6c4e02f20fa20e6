/* rolematrix.h - who holds which role in which challenge, computed once from
 * a contract and shared by the document's matrix, `matrix` and `review`.
 * Sparse: large contracts have many parties and challenges but each party
 * holds few roles. */
#ifndef WK_ROLEMATRIX_H
#define WK_ROLEMATRIX_H

#include <stdbool.h>
#include <stddef.h>

struct contract;

typedef struct {
  size_t party;     /* index into contract.parties */
  size_t challenge; /* index into contract.challenges */
  size_t role;      /* index into profile.roles */
} role_holding;

typedef struct {
  role_holding *items; /* sorted by party, challenge, role; no repeats */
  size_t n;
  size_t *party_start; /* items of party p: [party_start[p], party_start[p+1]) */
  size_t n_parties, n_challenges, n_roles;
} role_matrix;

/* Builds the matrix; role ids the profile lacks and unknown party ids are
 * left out (check reports them). Needs c->profile (else an empty matrix). */
role_matrix *role_matrix_build(const struct contract *c);
void role_matrix_free(role_matrix *m); /* accepts NULL */

/* Appends to roles (capacity n_roles) the roles party p holds in challenge
 * ch, in profile order; returns how many. */
size_t role_matrix_cell(const role_matrix *m, size_t p, size_t ch, size_t *roles);
/* Whether party p holds role r in any challenge. */
bool role_matrix_holds_role(const role_matrix *m, size_t p, size_t r);
/* Whether party p holds a role in a challenge from `from` up to (not
 * including) `to`; holds_in(m, p, 0, n_challenges) is whether it holds any. */
bool role_matrix_holds_in(const role_matrix *m, size_t p, size_t from, size_t to);
/* The roles party p holds in challenge ch as text in the contract's
 * language: the profile's labels of `group` ("role-abbr" for "K, F",
 * "role" for full names) joined by sep; NULL when it holds none. */
char *role_matrix_cell_text(const role_matrix *m, const struct contract *c, size_t p, size_t ch,
                            const char *group, const char *sep);
/* Commitments per party, into all[] and general[] (c->n_parties entries
 * each): every commitment it makes, and how many of those are general
 * (no challenge, v2). A joint commitment counts for each of its parties,
 * once however often it names one; unknown party ids count for none. */
void role_matrix_commitment_counts(const struct contract *c, size_t *all, size_t *general);
/* The matrix legend, every role of the profile as "K = Kadersteller"
 * joined by sep. */
char *role_matrix_legend(const struct contract *c, const char *sep);

#endif
