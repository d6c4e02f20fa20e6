/* test_check.c - check_contract on contracts built in memory: the edges of
 * the id pattern, caps that keep a text full of findings linear, long
 * values quoted short, and a 20,000-party contract checked in linear time. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "model.h"
#include "unit.h"
#include "util.h"

/* A small clean wijkcontract; `extra_party` is inserted as the last party
 * and `body` replaces the body. */
static void clean_contract(buf *b, const char *extra_party, const char *body) {
  buf_adds(b, "---\ntitle: T\narea: A\nversion: \"1\"\n"
              "period: {start: 2026-01-01, end: 2026-12-31}\nevaluations: [2026-06-01]\n"
              "parties:\n"
              "  - id: gemeente\n    name: G\n    type: overheid\n"
              "    signatory: {name: A, function: B}\n"
              "  - id: buurt\n    name: B\n    type: initiatief\n    mission: M\n"
              "    signatory: {name: C, function: D}\n");
  if (extra_party) buf_adds(b, extra_party);
  buf_adds(b, "challenges:\n  - id: groen\n    title: G\n    roles:\n"
              "      kadersteller: gemeente\n      facilitator: gemeente\n"
              "      uitvoerder: [buurt]\n"
              "commitments:\n"
              "  - {id: c1, party: gemeente, challenge: groen, text: T, impact: I, due: 2026-02-01}\n"
              "  - {id: c2, party: buurt, challenge: groen, text: T, impact: I, due: 2026-02-01}\n"
              "schuurpapier: {legitimiteit: L, representativiteit: R, verantwoording: V}\n"
              "---\n");
  buf_adds(b, body ? body
                   : "\n# Doel\n\nx\n\n# Evaluatie\n\nx\n\n# Geschillen\n\nx\n\n# Beëindiging\n\nx\n");
}

static size_t count(const diag_list *dl, const char *check) {
  size_t n = 0;
  for (size_t i = 0; i < dl->n; i++)
    if (strcmp(diag_check_name(dl->items[i].id), check) == 0) n++;
  return n;
}

/* Loads and checks b; the caller frees dl. */
static void run(buf *b, diag_list *dl) {
  diag_list_init(dl, "t.md");
  contract *c = model_load_buffer("t.md", b->data, b->len, dl);
  check_contract(c, dl);
  model_free(c);
}

static void test_clean(void) {
  buf b;
  buf_init(&b);
  clean_contract(&b, NULL, NULL);
  diag_list dl;
  run(&b, &dl);
  CHECK_INT(dl.n, 0);
  for (size_t i = 0; i < dl.n; i++) printf("  unexpected: %s\n", dl.items[i].message);
  diag_list_free(&dl);
  buf_free(&b);
  check_contract(NULL, NULL); /* nothing loaded: nothing to do */
}

static void test_id_length(void) {
  char id64[65], id65[66];
  id64[0] = id65[0] = 'p';
  memset(id64 + 1, 'a', 63);
  id64[64] = '\0';
  memset(id65 + 1, 'b', 64);
  id65[65] = '\0';
  char *extra = xasprintf("  - {id: %s, name: X, type: bedrijf, signatory: {name: E, function: F}}\n"
                          "  - {id: %s, name: Y, type: bedrijf, signatory: {name: G, function: H}}\n"
                          "  - {id: 9lives, name: Z, type: bedrijf, signatory: {name: I, function: J}}\n",
                          id64, id65);
  buf b;
  buf_init(&b);
  clean_contract(&b, extra, NULL);
  diag_list dl;
  run(&b, &dl);
  CHECK_INT(count(&dl, "invalid-id"), 2); /* 65 characters, and a leading digit */
  int long_one = 0;
  for (size_t i = 0; i < dl.n; i++) {
    const diag *d = &dl.items[i];
    if (strcmp(diag_check_name(d->id), "invalid-id") != 0) continue;
    /* the 65-character id is quoted shortened, with an ellipsis */
    if (strstr(d->message, "pbbbbbbbbb") && strstr(d->message, "…'")) long_one = 1;
    CHECK(strstr(d->message, id64) == NULL);
  }
  CHECK(long_one);
  diag_list_free(&dl);
  buf_free(&b);
  free(extra);
}

/* One paragraph with 15 placeholders and 15 unknown variables reports 10 of
 * each, every one at its own column. */
static void test_caps(void) {
  buf body;
  buf_init(&body);
  buf_adds(&body, "\n# Doel\n\n");
  for (int i = 0; i < 15; i++) buf_adds(&body, "TODO {{ nee }} ");
  buf_adds(&body, "\n\n# Evaluatie\n\n# Geschillen\n\n# Beëindiging\n");
  buf b;
  buf_init(&b);
  clean_contract(&b, NULL, body.data);
  diag_list dl;
  run(&b, &dl);
  CHECK_INT(count(&dl, "placeholder"), 10);
  CHECK_INT(count(&dl, "undefined-variable"), 10);
  int distinct = 1;
  for (size_t i = 1; i < dl.n; i++)
    if (dl.items[i].id == dl.items[i - 1].id && dl.items[i].pos.col == dl.items[i - 1].pos.col)
      distinct = 0;
  CHECK(distinct);
  /* "TODO {{ nee }} " is 15 bytes: the second TODO is at column 16 */
  int second = 0;
  for (size_t i = 0; i < dl.n; i++)
    if (strcmp(diag_check_name(dl.items[i].id), "placeholder") == 0 && dl.items[i].pos.col == 16)
      second = 1;
  CHECK(second);
  diag_list_free(&dl);
  buf_free(&b);
  buf_free(&body);
}

/* 20,000 parties in one challenge, 20,000 commitments of which every
 * seventh names an unknown party: every finding is there (and a
 * citizen-result note for each result a citizen party promises), and the
 * check itself takes well under a second of processor time. */
static void test_large(void) {
  enum { N = 20000 };
  buf b;
  buf_init(&b);
  buf_adds(&b, "---\ntitle: T\narea: A\nversion: \"1\"\n"
               "period: {start: 2026-01-01, end: 2026-12-31}\nevaluations: [2026-06-01]\n"
               "parties:\n");
  for (int i = 0; i < N; i++)
    buf_printf(&b, "  - {id: p%d, name: P, type: %s, mission: M, signatory: {name: N, function: F}}\n", i,
               i % 2 ? "initiatief" : "overheid");
  buf_adds(&b, "challenges:\n  - id: c\n    title: C\n    roles:\n"
               "      kadersteller: p0\n      facilitator: p1\n      uitvoerder: [p0");
  for (int i = 1; i < N; i++) buf_printf(&b, ", p%d", i);
  buf_adds(&b, "]\ncommitments:\n");
  for (int i = 0; i < N; i++)
    buf_printf(&b,
               "  - {id: k%d, party: %s%d, challenge: c, text: Wij doen het, obligation: resultaat,"
               " impact: Buren kennen elkaar, measure: Gesprekken, due: 2026-05-01}\n",
               i, i % 7 ? "p" : "q", i);
  buf_adds(&b, "schuurpapier: {legitimiteit: L, representativiteit: R, verantwoording: V}\n---\n"
               "\n# Doel\n\n# Evaluatie\n\n# Geschillen\n\n# Beëindiging\n");
  diag_list dl;
  diag_list_init(&dl, "big.md");
  contract *c = model_load_buffer("big.md", b.data, b.len, &dl);
  CHECK_INT(dl.n, 0);
  clock_t t0 = clock();
  check_contract(c, &dl);
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  printf("note: check_contract on %d parties and commitments: %.3f s\n", N, secs);
  /* sanitizer builds (WK_SKIP_TIMING=1) are too slow to time */
  const char *skip = getenv("WK_SKIP_TIMING");
  if (!skip || strcmp(skip, "1") != 0) CHECK(secs < 1.0);
  size_t unknown = (N + 6) / 7, citizen = 0;
  for (int i = 1; i < N; i += 2) citizen += i % 7 != 0; /* initiatief with a result */
  CHECK_INT(count(&dl, "unknown-reference"), unknown);
  CHECK_INT(count(&dl, "party-without-commitment"), unknown);
  CHECK_INT(count(&dl, "citizen-result"), citizen);
  CHECK_INT(dl.n, 2 * unknown + citizen);
  model_free(c);
  diag_list_free(&dl);
  buf_free(&b);
}

int main(void) {
  test_clean();
  test_id_length();
  test_caps();
  test_large();
  return unit_finish();
}
