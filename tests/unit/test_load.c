/* test_load.c - unit tests of load.c and model.c: binding the front matter
 * to the model, positions (BOM, CRLF, body), invalid text, wrong types,
 * unknown keys, limits, look-ups, variables and dates. */
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "model.h"
#include "variables.h"
#include "profile.h"
#include "unit.h"
#include "util.h"

static const char full[] =
    "---\n"                                   /* 1 */
    "kind: wijkcontract\n"                    /* 2 */
    "title: Wijkcontract Noord\n"             /* 3 */
    "area:\n"                                 /* 4 */
    "version: 1.10\n"                         /* 5 */
    "status: concept\n"                       /* 6 */
    "period: {start: 2027-01-01, end: 2028-12-31}\n" /* 7 */
    "evaluations: [2027-06-01, 2028-06-01]\n" /* 8 */
    "parties:\n"                              /* 9 */
    "  - id: gemeente\n"                      /* 10 */
    "    name: Gemeente X\n"                  /* 11 */
    "    short: de Gemeente\n"                /* 12 */
    "    type: overheid\n"                    /* 13 */
    "    signatory: {name: A. Jansen, function: wethouder}\n" /* 14 */
    "  - id: buurt\n"                         /* 15 */
    "    name: Buurtinitiatief\n"             /* 16 */
    "    type: initiatief\n"                  /* 17 */
    "    signatory:\n"                        /* 18 */
    "      - {name: B, function: voorzitter}\n" /* 19 */
    "      - {name: C, function: secretaris}\n" /* 20 */
    "challenges:\n"                           /* 21 */
    "  - id: groen\n"                         /* 22 */
    "    title: Groen in de wijk\n"           /* 23 */
    "    roles:\n"                            /* 24 */
    "      kadersteller: gemeente\n"          /* 25 */
    "      facilitator: [gemeente, buurt]\n"  /* 26 */
    "commitments:\n"                          /* 27 */
    "  - id: c1\n"                            /* 28 */
    "    party: buurt\n"                      /* 29 */
    "    challenge: groen\n"                  /* 30 */
    "    text: Plant bomen\n"                 /* 31 */
    "    impact: Meer schaduw\n"              /* 32 */
    "    beneficiaries: bewoners\n"           /* 33 */
    "  - id: c2\n"                            /* 34 */
    "    party: gemeente\n"                   /* 35 */
    "    challenge: groen\n"                  /* 36 */
    "    text: Betaalt\n"                     /* 37 */
    "    impact: Bomen blijven\n"             /* 38 */
    "    beneficiaries: [kinderen, ouderen]\n" /* 39 */
    "schuurpapier:\n"                         /* 40 */
    "  legitimiteit: Voor iedereen\n"         /* 41 */
    "signatures:\n"                           /* 42 */
    "  - {party: gemeente, name: A. Jansen, date: 2027-01-01, place: X}\n" /* 43 */
    "---\n"                                   /* 44 */
    "# Doel\n"                                /* 45 */
    "\n"                                      /* 46 */
    "Tekst met {{ title }} en {{parties.buurt.short}}.\n"; /* 47 */

static contract *load(const char *text, size_t len, diag_list *dl) {
  diag_list_init(dl, "t.md");
  return model_load_buffer("t.md", text, len, dl);
}

static int count(const diag_list *dl, diag_id id, srcpos *first) {
  int n = 0;
  for (size_t i = 0; i < dl->n; i++)
    if (dl->items[i].id == id) {
      if (!n && first) *first = dl->items[i].pos;
      n++;
    }
  return n;
}

/* The text loads without a finding, its body kept. */
static void check_kept(const buf *b) {
  diag_list dl;
  contract *c = load(b->data, b->len, &dl);
  CHECK_INT(dl.n, 0);
  CHECK(c->body != NULL);
  model_free(c);
  diag_list_free(&dl);
}

static const char *message(const diag_list *dl, diag_id id) {
  for (size_t i = 0; i < dl->n; i++)
    if (dl->items[i].id == id) return dl->items[i].message;
  return "";
}

/* Converts LF to CR LF. */
static char *to_crlf(const char *s, size_t *len) {
  buf b;
  buf_init(&b);
  for (; *s; s++) {
    if (*s == '\n') buf_addc(&b, '\r');
    buf_addc(&b, *s);
  }
  *len = b.len;
  return buf_detach(&b);
}

static void test_full(void) {
  diag_list dl;
  contract *c = load(full, strlen(full), &dl);
  CHECK(c != NULL);
  CHECK_INT(dl.n, 0);
  for (size_t i = 0; i < dl.n; i++) printf("  unexpected: %d:%d %s\n", dl.items[i].pos.line,
                                           dl.items[i].pos.col, dl.items[i].message);
  CHECK(c->has_front_matter);
  CHECK(!c->front_matter_incomplete);
  CHECK_STR(c->title.s, "Wijkcontract Noord");
  CHECK_INT(c->title.pos.line, 3);
  CHECK_INT(c->title.pos.col, 8);
  CHECK_INT(c->title.key_pos.col, 1);
  CHECK_STR(c->version.s, "1.10");
  /* Empty vs absent. */
  CHECK(c->area.s != NULL && c->area.len == 0);
  CHECK_INT(c->area.key_pos.line, 4);
  CHECK(!mtext_nonempty(&c->area));
  CHECK(c->date.s == NULL);
  CHECK(c->language.s == NULL);
  CHECK(c->period.present);
  CHECK_STR(c->period_start.s, "2027-01-01");
  CHECK_INT(c->period_end.pos.line, 7);
  CHECK_INT(c->period_end.pos.col, 34);
  CHECK_INT(c->evaluations.n, 2);
  CHECK_INT(c->evaluations.n == 2 ? c->evaluations.items[1].pos.col : 0, 27);

  CHECK_INT(c->n_parties, 2);
  CHECK(c->parties_field.present);
  if (c->n_parties == 2) {
    party *g = &c->parties[0], *b = &c->parties[1];
    CHECK_STR(g->short_name.s, "de Gemeente");
    CHECK_INT(g->pos.line, 10);
    CHECK_INT(g->n_signatories, 1);
    CHECK_STR(g->n_signatories ? g->signatories[0].function.s : NULL, "wethouder");
    CHECK(g->has_signatory_key);
    CHECK_INT(b->n_signatories, 2);
    CHECK_STR(b->n_signatories == 2 ? b->signatories[1].name.s : NULL, "C");
    CHECK_INT(b->n_signatories == 2 ? b->signatories[1].name.pos.line : 0, 20);
    CHECK(b->short_name.s == NULL);
  }
  CHECK_INT(c->n_challenges, 1);
  if (c->n_challenges == 1) {
    challenge *ch = &c->challenges[0];
    CHECK(ch->has_roles);
    CHECK_INT(ch->n_roles, 2);
    CHECK_STR(ch->n_roles ? ch->roles[0].role.s : NULL, "kadersteller");
    CHECK_INT(ch->n_roles ? ch->roles[0].role.pos.line : 0, 25);
    CHECK_INT(ch->n_roles ? ch->roles[0].holders.n : 0, 1);
    CHECK_INT(ch->n_roles == 2 ? ch->roles[1].holders.n : 0, 2);
    CHECK_STR(ch->n_roles == 2 ? ch->roles[1].holders.items[1].s : NULL, "buurt");
    CHECK_INT(ch->n_roles == 2 ? ch->roles[1].holders.items[1].pos.col : 0, 31);
  }
  CHECK_INT(c->n_commitments, 2);
  if (c->n_commitments == 2) {
    CHECK_INT(c->commitments[0].beneficiaries.n, 1);
    CHECK_STR(c->commitments[0].beneficiaries.items[0].s, "bewoners");
    CHECK_INT(c->commitments[1].beneficiaries.n, 2);
    CHECK_STR(c->commitments[1].impact.s, "Bomen blijven");
    CHECK(c->commitments[1].due.s == NULL);
  }
  CHECK_INT(c->n_schuurpapier, 1);
  CHECK_STR(c->n_schuurpapier ? c->schuurpapier[0].key.s : NULL, "legitimiteit");
  CHECK_INT(c->n_signatures, 1);
  CHECK_STR(c->n_signatures ? c->signatures[0].place.s : NULL, "X");

  /* Look-ups. */
  CHECK(model_party(c, "buurt") == &c->parties[1]);
  CHECK(model_party(c, "niemand") == NULL);
  CHECK_INT(model_party_index(c, "gemeente"), 0);
  CHECK(model_challenge(c, "groen") == &c->challenges[0]);
  CHECK_INT(model_challenge_index(c, "rood"), -1);

  /* Profile, language, stage. */
  CHECK(c->profile != NULL);
  CHECK_STR(c->profile ? c->profile->id : NULL, "wijkcontract");
  CHECK_STR(model_language(c), "nl");
  CHECK_INT(model_stage(c), STAGE_DRAFT);

  /* Body: parsed, positions mapped to file lines. */
  CHECK_INT(c->body_line, 45);
  CHECK(c->body != NULL);
  cmark_node *h = c->body ? cmark_node_first_child(c->body) : NULL;
  CHECK(h && cmark_node_get_type(h) == CMARK_NODE_HEADING);
  CHECK_INT(model_body_pos(c, h).line, 45);
  CHECK_INT(model_body_pos(c, h).col, 1);
  cmark_node *para = h ? cmark_node_next(h) : NULL;
  CHECK_INT(model_body_pos(c, para).line, 47);

  /* Variables (variables.c; more in test_variables.c). */
  buf v;
  buf_init(&v);
  CHECK(var_value(c, "title", 5, &v));
  CHECK_STR(v.data, c->title.s);
  buf_reset(&v);
  CHECK(var_value(c, "parties.gemeente.short", 22, &v));
  CHECK_STR(v.data, "de Gemeente");
  buf_reset(&v);
  CHECK(var_value(c, "challenges.groen.title", 22, &v));
  CHECK_STR(v.data, "Groen in de wijk");
  CHECK(var_value(c, "period.start", 12, NULL));
  CHECK(!var_value(c, "parties.gemeente.type", 21, NULL));
  CHECK(!var_value(c, "parties.niemand.name", 20, NULL));
  CHECK(!var_value(c, "titel", 5, NULL));
  CHECK(var_value(c, "title.x", 5, NULL)); /* by length */
  buf_free(&v);

  model_free(c);
  diag_list_free(&dl);
}

static void test_crlf_bom(void) {
  size_t len;
  char *crlf = to_crlf(full, &len);
  buf b;
  buf_init(&b);
  buf_add(&b, "\xEF\xBB\xBF", 3);
  buf_add(&b, crlf, len);
  diag_list d1, d2, d3;
  contract *lf = load(full, strlen(full), &d1);
  contract *cr = load(crlf, len, &d2);
  contract *bom = load(b.data, b.len, &d3);
  CHECK_INT(d2.n, 0);
  CHECK_INT(d3.n, 0);
  CHECK_STR(cr->fingerprint, lf->fingerprint);
  CHECK(strcmp(bom->fingerprint, lf->fingerprint) != 0); /* the BOM is content */
  CHECK_INT(strlen(lf->fingerprint), 64);
  const contract *cs[] = {cr, bom};
  for (int i = 0; i < 2; i++) {
    const contract *c = cs[i];
    CHECK_INT(c->title.pos.line, lf->title.pos.line);
    CHECK_INT(c->title.pos.col, lf->title.pos.col);
    CHECK_INT(c->period_end.pos.col, lf->period_end.pos.col);
    CHECK_INT(c->n_parties == 2 ? c->parties[1].signatories[1].name.pos.line : 0, 20);
    CHECK_STR(c->title.s, "Wijkcontract Noord"); /* no CR kept */
    CHECK_INT(c->body_line, 45);
    cmark_node *h = c->body ? cmark_node_first_child(c->body) : NULL;
    CHECK_INT(model_body_pos(c, h).line, 45);
  }
  model_free(lf);
  model_free(cr);
  model_free(bom);
  diag_list_free(&d1);
  diag_list_free(&d2);
  diag_list_free(&d3);
  free(crlf);
  buf_free(&b);

  /* The fingerprint is SHA-256 of the text with LF line endings. */
  diag_list dl;
  contract *c = load("abc", 3, &dl);
  CHECK_STR(c->fingerprint, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  model_free(c);
  diag_list_free(&dl);
  contract *x = load("a\r\nb\rc\n", 7, &d1);
  contract *y = load("a\nb\nc\n", 6, &d2);
  CHECK_STR(x->fingerprint, y->fingerprint);
  model_free(x);
  model_free(y);
  diag_list_free(&d1);
  diag_list_free(&d2);
}

static void test_invalid_text(void) {
  diag_list dl;
  srcpos p = {0, 0};
  /* A raw NUL in the front matter, invalid UTF-8 and a control character
   * in the body: each at its place; the rest still loads. */
  static const char text[] = "---\ntitle: a\0b\narea: Noord\n---\nok \xff\xfe here\n\nx\x01y\n";
  contract *c = load(text, sizeof text - 1, &dl);
  CHECK_INT(count(&dl, DIAG_NUL_CHAR, &p), 1);
  CHECK_INT(p.line, 2);
  CHECK_INT(p.col, 9);
  CHECK_INT(count(&dl, DIAG_INVALID_UTF8, &p), 2);
  CHECK_INT(p.line, 5);
  CHECK_INT(p.col, 4);
  CHECK_INT(count(&dl, DIAG_INVALID_CHAR, &p), 1);
  CHECK_INT(p.line, 7);
  CHECK_INT(p.col, 2);
  CHECK(strstr(message(&dl, DIAG_INVALID_CHAR), "0001") != NULL);
  CHECK_STR(c->area.s, "Noord");
  CHECK(c->title.s && c->title.len == 3);
  CHECK(c->body != NULL);
  CHECK_STR(c->source + 4, "title: a"); /* source kept as read */
  model_free(c);
  diag_list_free(&dl);

  /* NUL escaped in a double-quoted scalar: reported, and U+FFFD in the
   * model, as other control characters an escape writes; tab, newline
   * and the rest stay. */
  static const char esc[] = "---\ntitle: \"a\\0b\"\narea: \"\\x01\\t\\u0085\\e\\u00ebx\"\n---\n";
  c = load(esc, sizeof esc - 1, &dl);
  CHECK_INT(c->title.len, 5);
  CHECK_STR(c->title.s, "a\xEF\xBF\xBD" "b");
  CHECK_STR(c->area.s, "\xEF\xBF\xBD\t\xEF\xBF\xBD\xEF\xBF\xBD\xC3\xABx");
  CHECK_INT(count(&dl, DIAG_NUL_CHAR, &p), 1);
  CHECK_INT(p.line, 2);
  CHECK_INT(p.col, 8);
  model_free(c);
  diag_list_free(&dl);

  /* Many bad bytes: 20 reports and one note. */
  buf b;
  buf_init(&b);
  buf_adds(&b, "---\ntitle: x\n---\n");
  for (int i = 0; i < 50; i++) buf_adds(&b, "\x02\n");
  c = load(b.data, b.len, &dl);
  CHECK_INT(count(&dl, DIAG_INVALID_CHAR, NULL), 20);
  CHECK_INT(count(&dl, DIAG_INVALID_TEXT_MORE, &p), 1);
  CHECK_INT(p.line, 24);
  model_free(c);
  diag_list_free(&dl);
  buf_free(&b);
}

static void test_front_matter_fences(void) {
  diag_list dl;
  srcpos p = {0, 0};
  contract *c = load("# Geen front matter\n", 20, &dl);
  CHECK_INT(count(&dl, DIAG_FRONT_MATTER_MISSING, &p), 1);
  CHECK_INT(p.line, 1);
  CHECK_INT(p.col, 1);
  CHECK_INT(dl.n, 1);
  CHECK(!c->has_front_matter && c->front_matter_incomplete);
  model_free(c);
  diag_list_free(&dl);

  c = load("", 0, &dl);
  CHECK_INT(count(&dl, DIAG_FRONT_MATTER_MISSING, NULL), 1);
  model_free(c);
  diag_list_free(&dl);

  c = load("---\ntitle: x\n# Doel\n", 20, &dl);
  CHECK_INT(count(&dl, DIAG_FRONT_MATTER_UNTERMINATED, &p), 1);
  CHECK_INT(p.line, 1);
  CHECK_INT(dl.n, 1);
  CHECK(c->front_matter_incomplete);
  model_free(c);
  diag_list_free(&dl);

  /* Trailing blanks on the fences, `...` closes, no body at all. */
  static const char t[] = "---  \ntitle: x\n... \t";
  c = load(t, sizeof t - 1, &dl);
  CHECK_INT(dl.n, 0);
  CHECK(c->has_front_matter);
  CHECK_STR(c->title.s, "x");
  CHECK_INT(c->body_len, 0);
  model_free(c);
  diag_list_free(&dl);

  /* An empty front matter is not an error of loading. */
  c = load("---\n---\nTekst\n", 14, &dl);
  CHECK_INT(dl.n, 0);
  CHECK(c->has_front_matter && c->title.s == NULL && c->body_line == 3);
  model_free(c);
  diag_list_free(&dl);
}

static void test_wrong_type_and_unknown(void) {
  static const char t[] =
      "---\n"
      "title: [a, b]\n"              /* 2 */
      "tittle: x\n"                  /* 3 */
      "zzqqxxyy: 1\n"                /* 4 */
      "evaluations: 2027-01-01\n"    /* 5 */
      "parties: {id: x}\n"           /* 6 */
      "period: 2027\n"               /* 7 */
      "challenges:\n"                /* 8 */
      "  - just text\n"              /* 9 */
      "  - id: a\n"                  /* 10 */
      "    roles: {kadersteller: {x: 1}}\n" /* 11 */
      "    tilte: y\n"               /* 12 */
      "commitments:\n"               /* 13 */
      "  - id: c\n"                  /* 14 */
      "    beneficiaries: {a: b}\n"  /* 15 */
      "    due: [2027-01-01]\n"      /* 16 */
      "---\n";
  diag_list dl;
  srcpos p = {0, 0};
  contract *c = load(t, sizeof t - 1, &dl);
  CHECK_INT(count(&dl, DIAG_WRONG_TYPE, &p), 8);
  CHECK_INT(p.line, 2);
  CHECK_INT(p.col, 8);
  CHECK_STR(message(&dl, DIAG_WRONG_TYPE), "'title' must be text, not a list");
  CHECK(c->title.s == NULL && c->title.wrong_type);
  CHECK(c->evaluations.present && c->evaluations.wrong_type && c->evaluations.n == 0);
  CHECK(c->parties_field.present && c->parties_field.wrong_type && c->n_parties == 0);
  CHECK(c->period.present && c->period.wrong_type);
  CHECK_INT(c->n_challenges, 1);
  CHECK_INT(c->n_commitments, 1);
  CHECK(c->n_commitments && c->commitments[0].due.wrong_type);
  int found = 0;
  for (size_t i = 0; i < dl.n; i++) {
    const diag *d = &dl.items[i];
    if (d->id != DIAG_WRONG_TYPE) continue;
    if (d->pos.line == 5) found += strstr(d->message, "a list of dates") != NULL;
    if (d->pos.line == 9) found += strstr(d->message, "challenges[1]") != NULL;
    if (d->pos.line == 11)
      found += strstr(d->message, "a party id or a list of party ids, not a mapping") != NULL;
    if (d->pos.line == 15) found += strstr(d->message, "not a mapping") != NULL;
    if (d->pos.line == 16) found += strstr(d->message, "a date, not a list") != NULL;
  }
  CHECK_INT(found, 5);
  CHECK_INT(count(&dl, DIAG_UNKNOWN_KEY_SUGGEST, &p), 2);
  CHECK_INT(p.line, 3);
  CHECK(strstr(message(&dl, DIAG_UNKNOWN_KEY_SUGGEST), "did you mean 'title'") != NULL);
  CHECK_INT(count(&dl, DIAG_UNKNOWN_KEY, &p), 1);
  CHECK_INT(p.line, 4);
  int tilte = 0;
  for (size_t i = 0; i < dl.n; i++)
    tilte += dl.items[i].pos.line == 12 && strstr(dl.items[i].message, "'title'") != NULL;
  CHECK_INT(tilte, 1);
  model_free(c);
  diag_list_free(&dl);
}

static void test_yaml_errors_in_file(void) {
  diag_list dl;
  srcpos p = {0, 0};
  static const char t[] = "---\ntitle: x\narea: [a\nversion: 1\n---\nBody\n";
  contract *c = load(t, sizeof t - 1, &dl);
  CHECK_INT(count(&dl, DIAG_YAML_SYNTAX, &p), 1);
  CHECK(p.line >= 3 && p.line <= 5);
  CHECK(c->front_matter_incomplete);
  CHECK(c->body != NULL);
  model_free(c);
  diag_list_free(&dl);

  static const char d[] = "---\ntitle: a\ntitle: b\n---\n";
  c = load(d, sizeof d - 1, &dl);
  CHECK_INT(count(&dl, DIAG_DUPLICATE_KEY, &p), 1);
  CHECK_INT(p.line, 3);
  CHECK_STR(c->title.s, "a"); /* the first one counts */
  CHECK(!c->front_matter_incomplete);
  model_free(c);
  diag_list_free(&dl);

  static const char bomb[] = "---\na: &a [lol, lol]\nb: [*a, *a]\n---\n";
  c = load(bomb, sizeof bomb - 1, &dl);
  CHECK_INT(count(&dl, DIAG_YAML_ANCHOR, &p), 1);
  CHECK_INT(p.line, 2);
  CHECK(c->front_matter_incomplete);
  model_free(c);
  diag_list_free(&dl);
}

static void test_deep(void) {
  for (int k = 0; k < 4; k++) {
    buf b;
    buf_init(&b);
    buf_adds(&b, "---\n");
    if (k == 0) {
      buf_adds(&b, "title: ");
      for (int i = 0; i < 100000; i++) buf_addc(&b, '[');
      buf_adds(&b, "\n");
    } else if (k == 1) {
      buf_adds(&b, "title:\n");
      for (int i = 0; i < 100000; i++) buf_adds(&b, "- ");
      buf_adds(&b, "x\n");
    }
    buf_adds(&b, "---\n");
    if (k == 2)
      for (int i = 0; i < 100000; i++) buf_addc(&b, '>');
    if (k == 3)
      for (int i = 0; i < 100000; i++) buf_adds(&b, "- ");
    buf_adds(&b, "x\n");
    diag_list dl;
    contract *c = load(b.data, b.len, &dl);
    if (k < 2) {
      CHECK_INT(count(&dl, DIAG_YAML_TOO_DEEP, NULL), 1);
    } else {
      srcpos p = {0, 0};
      CHECK_INT(count(&dl, DIAG_BODY_TOO_DEEP, &p), 1);
      CHECK_INT(p.line, 3);
      CHECK(c->body == NULL);
    }
    model_free(c);
    diag_list_free(&dl);
    buf_free(&b);
  }

  /* 1,000 nested lists are within the limit and kept. */
  buf b;
  buf_init(&b);
  buf_adds(&b, "---\n---\n");
  for (int i = 0; i < 1000; i++) buf_adds(&b, "- ");
  buf_adds(&b, "x\n");
  check_kept(&b);
  buf_free(&b);
}

static void test_big(void) {
  /* 20,000 parties and a commitment each: loaded, and each looked up
   * (how the work grows is tests/t-pathological.sh's parties-20000). */
  buf b;
  buf_init(&b);
  buf_adds(&b, "---\ntitle: groot\nparties:\n");
  for (int i = 0; i < 20000; i++)
    buf_printf(&b, "  - id: p%d\n    name: Partij %d\n    type: initiatief\n"
                   "    signatory: {name: N, function: F}\n", i, i);
  buf_adds(&b, "commitments:\n");
  for (int i = 0; i < 20000; i++)
    buf_printf(&b, "  - {id: c%d, party: p%d, challenge: x, text: t, impact: i}\n", i, i);
  buf_adds(&b, "---\n# Doel\n");
  diag_list dl;
  contract *c = load(b.data, b.len, &dl);
  int hits = 0;
  for (size_t i = 0; i < c->n_commitments; i++)
    hits += model_party(c, c->commitments[i].party.s) != NULL;
  CHECK_INT(dl.n, 0);
  CHECK_INT(c->n_parties, 20000);
  CHECK_INT(hits, 20000);
  CHECK_INT(model_party_index(c, "p19999"), 19999);
  model_free(c);
  diag_list_free(&dl);
  buf_free(&b);

  /* A 10 MB line in the body. */
  buf_init(&b);
  buf_adds(&b, "---\ntitle: x\n---\n");
  for (int i = 0; i < 1000000; i++) buf_adds(&b, "abcdefghi ");
  buf_adds(&b, "\n");
  check_kept(&b);
  buf_free(&b);

  /* Over the size limit: one finding, nothing else loaded. */
  size_t big = 17u * 1024 * 1024;
  char *huge = xmalloc(big);
  memset(huge, 'a', big);
  c = load(huge, big, &dl);
  CHECK_INT(dl.n, 1);
  CHECK_INT(count(&dl, DIAG_FILE_TOO_LARGE, NULL), 1);
  CHECK(c->front_matter_incomplete && c->body == NULL);
  model_free(c);
  diag_list_free(&dl);
  free(huge);
}

static void test_dates(void) {
  long d = -1;
  CHECK(model_parse_date("1970-01-01", 10, &d) && d == 0);
  CHECK(model_parse_date("1970-01-02", 10, &d) && d == 1);
  CHECK(model_parse_date("2000-03-01", 10, &d) && d == 11017);
  CHECK(model_parse_date("2024-02-29", 10, &d));
  long a, b;
  CHECK(model_parse_date("2027-12-31", 10, &a) && model_parse_date("2028-01-01", 10, &b) &&
        b - a == 1);
  CHECK(model_parse_date("2000-02-29", 10, NULL));
  CHECK(!model_parse_date("1900-02-29", 10, &d));
  CHECK(!model_parse_date("2027-02-29", 10, &d));
  CHECK(!model_parse_date("2027-02-30", 10, &d));
  CHECK(!model_parse_date("2027-04-31", 10, &d));
  CHECK(!model_parse_date("2027-13-01", 10, &d));
  CHECK(!model_parse_date("2027-00-10", 10, &d));
  CHECK(!model_parse_date("2027-01-00", 10, &d));
  CHECK(!model_parse_date("27-1-1", 6, &d));
  CHECK(!model_parse_date("2027-1-01", 9, &d));
  CHECK(!model_parse_date("2027-01-01T", 11, &d));
  CHECK(!model_parse_date("2027/01/01", 10, &d));
  CHECK(!model_parse_date("2027-01-0a", 10, &d));
  CHECK(!model_parse_date("2027-01-01", 9, &d)); /* by length */
}

typedef struct {
  int n;
  size_t start[4], len[4];
  char path[4][32];
} var_seen;

static void on_var(void *ctx, size_t start, size_t len, const char *path, size_t path_len) {
  var_seen *v = ctx;
  if (v->n >= 4) return;
  v->start[v->n] = start;
  v->len[v->n] = len;
  snprintf(v->path[v->n], sizeof v->path[0], "%.*s", (int)path_len, path);
  v->n++;
}

static void test_each_variable(void) {
  static const char t[] = "A {{ title }} b {{parties.x.name}}, {{ }} and { {no}} {{{x}}}";
  var_seen v;
  memset(&v, 0, sizeof v);
  model_each_variable(t, sizeof t - 1, on_var, &v);
  CHECK_INT(v.n, 4);
  CHECK_INT(v.start[0], 2);
  CHECK_INT(v.len[0], 11);
  CHECK_STR(v.path[0], "title");
  CHECK_STR(v.path[1], "parties.x.name");
  CHECK_STR(v.path[2], "");
  CHECK_STR(v.path[3], "x");
  memset(&v, 0, sizeof v);
  model_each_variable("{{ title }}", 5, on_var, &v); /* by length */
  CHECK_INT(v.n, 0);
}

static void test_language_kind(void) {
  static const char t[] = "---\nkind: cba\nlanguage: en\nstatus: signed\n---\n";
  diag_list dl;
  contract *c = load(t, sizeof t - 1, &dl);
  CHECK(c->profile && strcmp(c->profile->id, "cba") == 0);
  CHECK_STR(model_language(c), "en");
  CHECK_INT(model_stage(c), STAGE_SIGNED);
  model_free(c);
  diag_list_free(&dl);

  static const char u[] = "---\nkind: onbekend\nlanguage: fr\n---\n";
  c = load(u, sizeof u - 1, &dl);
  CHECK(c->profile == NULL);
  CHECK_STR(model_language(c), "nl");
  CHECK_INT(model_stage(c), STAGE_DRAFT);
  model_free(c);
  diag_list_free(&dl);
}

/* The GitHub extensions are attached: each construct gives its node. */
static void test_extensions(void) {
  static const char t[] = "---\ntitle: x\n---\n"
                          "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                          "~~weg~~ en www.example.com en een voetnoot[^1].\n\n"
                          "[^1]: De noot.\n";
  diag_list dl;
  contract *c = load(t, sizeof t - 1, &dl);
  CHECK_INT(dl.n, 0);
  int table = 0, strike = 0, link = 0, fnref = 0, fndef = 0;
  cmark_iter *it = cmark_iter_new(c->body);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node *n = cmark_iter_get_node(it);
    const char *type = cmark_node_get_type_string(n);
    table += strcmp(type, "table") == 0;
    strike += strcmp(type, "strikethrough") == 0;
    fnref += cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_REFERENCE;
    fndef += cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION;
    if (cmark_node_get_type(n) == CMARK_NODE_LINK) {
      link++;
      CHECK_STR(cmark_node_get_url(n), "http://www.example.com");
    }
    if (strcmp(type, "table") == 0) {
      CHECK_INT(model_body_pos(c, n).line, 4);
    }
  }
  cmark_iter_free(it);
  CHECK_INT(table, 1);
  CHECK_INT(strike, 1);
  CHECK_INT(link, 1);
  CHECK_INT(fnref, 1);
  CHECK_INT(fndef, 1);
  model_free(c);
  diag_list_free(&dl);
}

/* Bodies that would cost cmark-gfm too much time or memory are refused
 * before parsing, at a position. */
static void test_body_bounds(void) {
  diag_list dl;
  srcpos p = {0, 0};
  buf b;
  buf_init(&b);
  buf_adds(&b, "---\ntitle: x\n---\nintro\n");
  for (int i = 0; i < 600; i++) buf_adds(&b, "|a");
  buf_adds(&b, "|\n");
  contract *c = load(b.data, b.len, &dl);
  CHECK_INT(count(&dl, DIAG_BODY_LINE_TOO_COMPLEX, &p), 1);
  CHECK_INT(p.line, 5);
  CHECK(c->body == NULL);
  model_free(c);
  diag_list_free(&dl);

  /* 3 million lines of "x" (5 million ran cmark out of memory) */
  buf_reset(&b);
  buf_adds(&b, "---\ntitle: x\n---\n");
  for (int i = 0; i < 3000000; i++) buf_adds(&b, "x\n");
  c = load(b.data, b.len, &dl);
  CHECK_INT(count(&dl, DIAG_BODY_TOO_LARGE, &p), 1);
  CHECK_INT(p.line, 4);
  model_free(c);
  diag_list_free(&dl);

  /* rows of one byte under a 400-wide header count at the header's width
   * (cmark pads them): 10,000 of them are 8 million cells, refused */
  buf_reset(&b);
  buf_adds(&b, "---\ntitle: x\n---\n");
  for (int i = 0; i < 400; i++) buf_adds(&b, "|h");
  buf_adds(&b, "|\n");
  for (int i = 0; i < 400; i++) buf_adds(&b, "|-");
  buf_adds(&b, "|\n");
  for (int i = 0; i < 10000; i++) buf_adds(&b, "a\n");
  c = load(b.data, b.len, &dl);
  CHECK_INT(count(&dl, DIAG_BODY_TOO_LARGE, &p), 1);
  CHECK(c->body == NULL);
  model_free(c);
  diag_list_free(&dl);

  /* a 10,000 x 50 table (2 MB, half a million '|') is parsed */
  buf_reset(&b);
  buf_adds(&b, "---\ntitle: x\n---\n");
  for (int r = -2; r < 10000; r++) {
    for (int k = 0; k < 50; k++) buf_adds(&b, r == -1 ? "|---" : "| 123");
    buf_adds(&b, "|\n");
  }
  c = load(b.data, b.len, &dl);
  CHECK_INT(count(&dl, DIAG_BODY_TOO_LARGE, &p), 0);
  CHECK(c->body != NULL);
  model_free(c);
  diag_list_free(&dl);

  buf_reset(&b);
  buf_adds(&b, "---\ntitle: x\n---\n");
  for (int i = 0; i < 20000; i++) buf_adds(&b, "a@b.nl ");
  c = load(b.data, b.len, &dl);
  CHECK_INT(count(&dl, DIAG_BODY_LINE_TOO_COMPLEX, &p), 1);
  model_free(c);
  diag_list_free(&dl);

  /* A normal table and a few addresses are fine. */
  buf_reset(&b);
  buf_adds(&b, "---\ntitle: x\n---\n| a | b |\n|---|---|\n| x@y.nl | z@w.nl |\n");
  check_kept(&b);
  buf_free(&b);
}

/* Bodies on which cmark-gfm 0.29.0.gfm.6 works superlinearly (mdcost.c)
 * are refused before parsing, at the paragraph or word; each of these took
 * the library (before the bound) 0.2 to 1 billion instructions, ten times
 * that at twice the size. Bodies shaped like real text are not refused. */
static void test_superlinear(void) {
  static const struct {
    const char *head, *unit; /* the body: head, unit times times, */
    int times;
    const char *mid, *tail; /* mid, tail tail_times times */
    int tail_times;
    diag_id id;
    int line, col;
  } cases[] = {
      /* emphasis before links: each link walks the delimiter stack */
      {"", "*a* [c](d) ", 8000, "", "", 0, DIAG_BODY_INLINE_TOO_COMPLEX, 4, 1},
      {"intro\n\n  ", "~a~ [^1] ", 8000, "\n\n[^1]: x", "", 0, DIAG_BODY_INLINE_TOO_COMPLEX, 6, 3},
      {"", "_a [c](d) ", 8000, "", "", 0, DIAG_BODY_INLINE_TOO_COMPLEX, 4, 1},
      /* closers whose search bound was freed walk to the bottom */
      {"", "*a ", 4000, "", "_a*_ ", 4000, DIAG_BODY_INLINE_TOO_COMPLEX, 4, 1},
      /* image openers walked by every link (CVE-2023-22486) */
      {"", "![[]()", 10000, "", "", 0, DIAG_BODY_INLINE_TOO_COMPLEX, 4, 1},
      /* processing instructions and declarations scanned to the end */
      {"a", "<?", 6000, "", "", 0, DIAG_BODY_INLINE_TOO_COMPLEX, 4, 1},
      {"a", "<![CDATA[", 3000, "", "", 0, DIAG_BODY_INLINE_TOO_COMPLEX, 4, 1},
      {"- x\n- a", "<!A ", 6000, "", "", 0, DIAG_BODY_INLINE_TOO_COMPLEX, 5, 1},
      /* depth times content (CVE-2023-24824): blank lines in deep lists
       * and footnotes, text deep in quotes */
      {"", "- ", 2000, "x\n", "\n", 2000, DIAG_BODY_NESTING_TOO_COSTLY, 4, 1},
      {"", "[^a]: ", 2000, "x\n", "\n", 2000, DIAG_BODY_NESTING_TOO_COSTLY, 4, 1},
      {"", ">", 3000, "", "a.", 12000, DIAG_BODY_NESTING_TOO_COSTLY, 4, 1},
      /* web addresses scanned to the next white space */
      {"Zie ", "http://a<", 3000, "", "", 0, DIAG_BODY_LINKS_TOO_DENSE, 4, 5},
      {"", "(www.a<", 4000, "", "", 0, DIAG_BODY_LINKS_TOO_DENSE, 4, 1},
      {"http://a", ")", 8000, "", "", 0, DIAG_BODY_LINKS_TOO_DENSE, 4, 1},
  };
  buf b;
  buf_init(&b);
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    buf_reset(&b);
    buf_adds(&b, "---\ntitle: x\n---\n");
    buf_adds(&b, cases[k].head);
    for (int i = 0; i < cases[k].times; i++) buf_adds(&b, cases[k].unit);
    buf_adds(&b, cases[k].mid);
    for (int i = 0; i < cases[k].tail_times; i++) buf_adds(&b, cases[k].tail);
    buf_adds(&b, "\n");
    diag_list dl;
    srcpos p = {0, 0};
    contract *c = load(b.data, b.len, &dl);
    CHECK_INT(count(&dl, cases[k].id, &p), 1);
    CHECK_INT(p.line, cases[k].line);
    CHECK_INT(p.col, cases[k].col);
    CHECK(c->body == NULL && c->body_refused);
    model_free(c);
    diag_list_free(&dl);
  }

  /* Text shaped like a contract, only very long: 5,000 paragraphs with
   * emphasis, links, footnotes and addresses, a 2,000-item list five
   * levels deep with blank lines, a 1,000-row table with emphasis and
   * links in its cells (a table counts as one paragraph: the text does not
   * show for sure where one starts), and a line of 5,000 web addresses. */
  buf_reset(&b);
  buf_adds(&b, "---\ntitle: x\n---\n");
  for (int i = 0; i < 5000; i++)
    buf_printf(&b, "Artikel %d: *de partijen* zien op **deze afspraak** toe[^n%d], zie [de regeling]"
                   "(https://example.org/r_(%d)) of www.example.org en mail naar a%d@example.org.\n\n"
                   "[^n%d]: Een noot.\n\n", i, i, i, i, i);
  for (int i = 0; i < 2000; i++)
    buf_printf(&b, "- a\n\n  - b\n\n    - c\n\n      - d\n\n        - *e* [f](g) %d\n\n", i);
  buf_adds(&b, "| a | b |\n|---|---|\n");
  for (int i = 0; i < 1000; i++) buf_printf(&b, "| *a* [b](c) | _%d_ |\n", i);
  buf_adds(&b, "\n");
  for (int i = 0; i < 5000; i++) buf_printf(&b, "https://example.org/%d ", i);
  buf_adds(&b, "\n");
  check_kept(&b);
  buf_free(&b);
}

static void test_odd_front_matter(void) {
  diag_list dl;
  srcpos p = {0, 0};
  static const char list[] = "---\n- a\n- b\n---\n";
  contract *c = load(list, sizeof list - 1, &dl);
  CHECK_INT(count(&dl, DIAG_WRONG_TYPE, &p), 1);
  CHECK_INT(p.line, 2);
  CHECK(c->front_matter_incomplete);
  model_free(c);
  diag_list_free(&dl);

  static const char two[] = "---\ntitle: x\n--- y\narea: z\n---\n";
  c = load(two, sizeof two - 1, &dl);
  CHECK_INT(count(&dl, DIAG_YAML_MULTI_DOC, &p) + count(&dl, DIAG_YAML_SYNTAX, NULL), 1);
  model_free(c);
  diag_list_free(&dl);

  /* Many unknown keys: 200 warnings and one note. */
  buf b;
  buf_init(&b);
  buf_adds(&b, "---\n");
  for (int i = 0; i < 1000; i++) buf_printf(&b, "extra%d: x\n", i);
  buf_adds(&b, "title: [a]\n---\n");
  c = load(b.data, b.len, &dl);
  CHECK_INT(count(&dl, DIAG_UNKNOWN_KEY, NULL), 200);
  CHECK_INT(count(&dl, DIAG_FINDINGS_MORE, &p), 1);
  CHECK_INT(p.line, 202);
  CHECK_INT(count(&dl, DIAG_WRONG_TYPE, NULL), 1); /* errors are counted apart */
  model_free(c);
  diag_list_free(&dl);
  buf_free(&b);
}

static void test_mtext_nonempty(void) {
  mtext t = {0};
  CHECK(!mtext_nonempty(&t));
  t.s = " \t\n";
  t.len = 3;
  CHECK(!mtext_nonempty(&t));
  t.s = " x";
  t.len = 2;
  CHECK(mtext_nonempty(&t));
}

/* The v2 fields are bound with the line and column of each value. */
static void test_v2_fields(void) {
  static const char text[] =
      "---\n"                                                      /* 1 */
      "title: T\n"                                                 /* 2 */
      "parties:\n"                                                 /* 3 */
      "  - {id: a, name: A, type: overheid}\n"                     /* 4 */
      "  - {id: b, name: B, type: initiatief}\n"                   /* 5 */
      "commitments:\n"                                             /* 6 */
      "  - id: k1\n"                                               /* 7 */
      "    party: [a, b]\n"                                        /* 8 */
      "    to: b\n"                                                /* 9 */
      "    amount: {value: \"1250.50\", currency: USD, per: jaar, times: \"2\", note: n}\n" /* 10 */
      "    target: {indicator: i, baseline: \"20\", value: \"70\", unit: \"%\", by: 2027-01-01}\n" /* 11 */
      "    after: bij oplevering\n"                                /* 12 */
      "    until: 2027-06-30\n"                                    /* 13 */
      "    remedy: r\n"                                            /* 14 */
      "  - id: k2\n"                                               /* 15 */
      "    party: b\n"                                             /* 16 */
      "conditions: [{id: c1, text: t, status: open, due: 2026-01-01}]\n" /* 17 */
      "reports: [{party: b, to: a, every: jaar, about: x}]\n"      /* 18 */
      "amendments: [{version: \"1\", date: 2026-01-01, summary: s}]\n" /* 19 */
      "progress: [{commitment: k1, date: 2026-06-01, status: gedaan, value: \"30\", note: n}]\n" /* 20 */
      "acknowledge: [{check: role-conflict, subject: a, reason: r}]\n" /* 21 */
      "---\n";
  diag_list dl;
  contract *c = load(text, strlen(text), &dl);
  CHECK_INT(dl.n, 0);
  CHECK_INT(c->n_commitments, 2);
  const commitment *k = &c->commitments[0];
  CHECK_INT(k->parties.n, 2);
  CHECK_STR(k->party.s, "a"); /* the first, for code that shows one owner */
  CHECK_STR(k->parties.items[1].s, "b");
  CHECK_INT(k->parties.items[1].pos.line, 8);
  CHECK_INT(k->parties.items[1].pos.col, 16);
  CHECK_INT(k->to.n, 1);
  CHECK_STR(k->to.items[0].s, "b");
  CHECK(k->amount.present);
  CHECK_STR(k->amount.value.s, "1250.50");
  CHECK_INT(k->amount.value.pos.line, 10);
  CHECK_INT(k->amount.value.pos.col, 21);
  CHECK_STR(k->amount.currency.s, "USD");
  CHECK_STR(k->amount.per.s, "jaar");
  CHECK_STR(k->amount.times.s, "2");
  CHECK_STR(k->target.indicator.s, "i");
  CHECK_STR(k->target.by.s, "2027-01-01");
  CHECK_INT(k->target.by.pos.line, 11);
  CHECK_STR(k->after.s, "bij oplevering");
  CHECK_STR(k->until.s, "2027-06-30");
  CHECK_INT(k->until.pos.line, 13);
  CHECK_STR(k->remedy.s, "r");
  model_money m;
  CHECK(model_amount(c, k, &m));
  CHECK_INT(m.total, 250100); /* 1250.50 x 2, in cents */
  CHECK_STR(m.currency, "USD");
  CHECK_STR(m.per, "jaar");
  CHECK_INT(model_commitment_number(c, &c->commitments[1]), 2);
  CHECK(model_commitment(c, "k2") == &c->commitments[1]);
  CHECK(c->commitments[1].parties.n == 1 && str_eq(c->commitments[1].party.s, "b"));
  CHECK(!model_amount(c, &c->commitments[1], &m));
  CHECK_INT(c->n_conditions, 1);
  CHECK(model_condition(c, "c1") == &c->conditions[0]);
  CHECK_INT(c->conditions[0].due.pos.line, 17);
  CHECK_INT(c->n_reports, 1);
  CHECK_STR(c->reports[0].every.s, "jaar");
  CHECK_INT(c->n_amendments, 1);
  CHECK_STR(c->amendments[0].summary.s, "s");
  CHECK_INT(c->n_progress, 1);
  CHECK_STR(c->progress[0].value.s, "30");
  CHECK_INT(c->n_acknowledge, 1);
  CHECK_STR(c->acknowledge[0].reason.s, "r");
  CHECK_INT(c->acknowledge[0].subject.pos.line, 21);
  /* each party's total, a joint commitment counted for both */
  const money_totals *t = model_party_totals(c, 1);
  CHECK(t && t->n == 1 && t->items[0].cents == 250100);
  model_free(c);
  diag_list_free(&dl);
}

int main(void) {
  test_v2_fields();
  test_full();
  test_crlf_bom();
  test_invalid_text();
  test_front_matter_fences();
  test_wrong_type_and_unknown();
  test_yaml_errors_in_file();
  test_deep();
  test_big();
  test_dates();
  test_each_variable();
  test_language_kind();
  test_mtext_nonempty();
  test_extensions();
  test_body_bounds();
  test_superlinear();
  test_odd_front_matter();
  model_free(NULL);
  return unit_finish();
}
