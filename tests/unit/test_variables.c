/* test_variables.c - unit tests of variables.c: every path of spec 2.2
 * and its value as readers write it in Dutch and English, article slugs,
 * capitalisation at the start of a sentence, and the nearest paths
 * suggested for a wrong one. */
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "model.h"
#include "profile.h"
#include "unit.h"
#include "util.h"
#include "variables.h"

static const char front[] =
    "---\n"
    "title: Wijkcontract Noord\n"
    "area: Noord\n"
    "version: \"1.2\"\n"
    "status: ter-ondertekening\n"
    "date: 2025-11-20\n"
    "%s" /* language */
    "period: {start: 2026-01-01, end: 2027-12-31}\n"
    "evaluations: [2026-06-30, 2027-11-30]\n"
    "parties:\n"
    "  - id: gemeente\n"
    "    name: Gemeente Noord\n"
    "    short: de Gemeente\n"
    "    type: overheid\n"
    "    signatory:\n"
    "      - {name: A. de Wit, function: wethouder}\n"
    "      - {name: B. Jansen, function: secretaris}\n"
    "  - id: buurt\n"
    "    name: Bewonersgroep Noord\n"
    "    type: initiatief\n"
    "    signatory: {name: C. Bakker, function: voorzitter}\n"
    "  - id: club\n"
    "    name: IJsclub Noord\n"
    "    short: ijsclub De Vaart\n"
    "    type: initiatief\n"
    "    signatory: {name: D. Smit, function: voorzitter}\n"
    "challenges:\n"
    "  - id: groen\n"
    "    title: Groen in de wijk\n"
    "    roles: {kadersteller: gemeente, facilitator: gemeente, uitvoerder: [buurt, club]}\n"
    "commitments:\n"
    "  - id: budget\n"
    "    party: gemeente\n"
    "    challenge: groen\n"
    "    text: Budget\n"
    "    impact: Bewoners doen mee\n"
    "    amount: {value: \"45000\", per: jaar, times: \"2\"}\n"
    "  - id: tuin\n"
    "    party: buurt\n"
    "    challenge: groen\n"
    "    text: Tuin\n"
    "    impact: Buren kennen elkaar\n"
    "  - id: samen\n"
    "    party: [gemeente, buurt]\n"
    "    text: Samen\n"
    "    impact: Eensgezind\n"
    "    amount: {value: \"1000.50\"}\n"
    "  - id: dollars\n"
    "    party: gemeente\n"
    "    challenge: groen\n"
    "    text: Dollars\n"
    "    impact: Iets\n"
    "    amount: {value: \"500\", currency: USD}\n"
    "---\n"
    "\n"
    "# Doel en achtergrond\n"
    "\n"
    "## Wie doet wat\n"
    "\n"
    "# Geschillen en klachten\n"
    "\n"
    "# Beëindiging\n";

static contract *load_lang(const char *lang_line, diag_list *dl) {
  char *text = xasprintf(front, lang_line);
  diag_list_init(dl, "test.md");
  contract *c = model_load_buffer("test.md", text, strlen(text), dl);
  free(text);
  return c;
}

/* The value of path in c ("(none)" when it names nothing). */
static char *value(const contract *c, const char *path) {
  buf b;
  buf_init(&b);
  if (!var_value(c, path, strlen(path), &b)) {
    buf_free(&b);
    return xstrdup("(none)");
  }
  buf_add(&b, "", 0);
  return buf_detach(&b);
}

#define CHECK_VALUE(c, path, want) \
  do {                             \
    char *v_ = value((c), (path)); \
    CHECK_STR(v_, (want));         \
    free(v_);                      \
  } while (0)

static void test_paths_nl(const contract *c) {
  CHECK_VALUE(c, "title", "Wijkcontract Noord");
  CHECK_VALUE(c, "area", "Noord");
  CHECK_VALUE(c, "version", "1.2");
  CHECK_VALUE(c, "date", "20 november 2025");
  CHECK_VALUE(c, "status", "Ter ondertekening");
  CHECK_VALUE(c, "period.start", "1 januari 2026");
  CHECK_VALUE(c, "period.end", "31 december 2027");
  CHECK_VALUE(c, "evaluations.1", "30 juni 2026");
  CHECK_VALUE(c, "evaluations.2", "30 november 2027");
  CHECK_VALUE(c, "evaluations.0", "(none)"); /* counted from 1 */
  CHECK_VALUE(c, "evaluations.3", "(none)");
  CHECK_VALUE(c, "evaluations.01", "(none)");
  CHECK_VALUE(c, "evaluations.x", "(none)");
  CHECK_VALUE(c, "parties.gemeente.name", "Gemeente Noord");
  CHECK_VALUE(c, "parties.gemeente.short", "de Gemeente");
  CHECK_VALUE(c, "parties.buurt.short", "Bewonersgroep Noord"); /* no short: the name */
  CHECK_VALUE(c, "parties.gemeente.signatory", "A. de Wit");    /* the first */
  CHECK_VALUE(c, "parties.gemeente.type", "(none)");
  CHECK_VALUE(c, "parties.niemand.name", "(none)");
  CHECK_VALUE(c, "challenges.groen.title", "Groen in de wijk");
  CHECK_VALUE(c, "challenges.groen.name", "(none)");
  CHECK_VALUE(c, "commitments.budget.number", "1");
  CHECK_VALUE(c, "commitments.samen.number", "3");
  CHECK_VALUE(c, "commitments.budget.amount", "€ 90.000"); /* 45000 x 2 */
  CHECK_VALUE(c, "commitments.samen.amount", "€ 1.000,50");
  CHECK_VALUE(c, "commitments.dollars.amount", "$ 500");
  CHECK_VALUE(c, "commitments.tuin.amount", "(none)"); /* it has none */
  /* a joint commitment counts for each of its parties */
  CHECK_VALUE(c, "totals.gemeente", "€ 91.000,50 en $ 500");
  CHECK_VALUE(c, "totals.buurt", "€ 1.000,50");
  CHECK_VALUE(c, "totals.club", "€ 0");
  CHECK_VALUE(c, "totals.niemand", "(none)");
  CHECK_VALUE(c, "articles.doel-en-achtergrond", "artikel 1");
  CHECK_VALUE(c, "articles.wie-doet-wat", "artikel 1.1");
  CHECK_VALUE(c, "articles.geschillen-en-klachten", "artikel 2");
  CHECK_VALUE(c, "articles.beeindiging", "artikel 3");
  CHECK_VALUE(c, "articles.geschillen", "(none)");
  CHECK_VALUE(c, "gebied", "(none)");
  CHECK_VALUE(c, "", "(none)");
}

static void test_paths_en(const contract *c) {
  CHECK_VALUE(c, "date", "20 November 2025");
  CHECK_VALUE(c, "status", "For signature");
  CHECK_VALUE(c, "evaluations.1", "30 June 2026");
  CHECK_VALUE(c, "commitments.budget.amount", "€90,000");
  CHECK_VALUE(c, "totals.gemeente", "€91,000.50 and $500");
  CHECK_VALUE(c, "articles.geschillen-en-klachten", "Article 2");
}

static char *expand(const contract *c, const char *text, bool at_start) {
  buf b;
  buf_init(&b);
  var_expand(c, text, strlen(text), at_start, &b);
  buf_add(&b, "", 0);
  return buf_detach(&b);
}

#define CHECK_EXPAND(c, text, at_start, want) \
  do {                                        \
    char *e_ = expand((c), (text), (at_start)); \
    CHECK_STR(e_, (want));                    \
    free(e_);                                 \
  } while (0)

static void test_expand(const contract *c) {
  CHECK_EXPAND(c, "{{ parties.gemeente.short }} betaalt.", true, "De Gemeente betaalt.");
  CHECK_EXPAND(c, "{{ parties.gemeente.short }} betaalt.", false, "de Gemeente betaalt.");
  CHECK_EXPAND(c, "  {{ parties.gemeente.short }} betaalt.", true, "  De Gemeente betaalt.");
  CHECK_EXPAND(c, "Zo is het. {{ parties.gemeente.short }} betaalt", false,
               "Zo is het. De Gemeente betaalt");
  CHECK_EXPAND(c, "Echt! {{ articles.beeindiging }} geldt", false, "Echt! Artikel 3 geldt");
  CHECK_EXPAND(c, "Wie? {{ parties.gemeente.short }}", false, "Wie? De Gemeente");
  CHECK_EXPAND(c, "zie {{ articles.beeindiging }} en {{ parties.gemeente.short }}", true,
               "zie artikel 3 en de Gemeente");
  CHECK_EXPAND(c, "bijv.{{ parties.gemeente.short }}", false, "bijv.de Gemeente");
  CHECK_EXPAND(c, "{{ parties.club.short }} schaatst", true, "IJsclub De Vaart schaatst");
  CHECK_EXPAND(c, "{{ onbekend }} blijft", true, "{{ onbekend }} blijft");
  CHECK_EXPAND(c, "tot {{ period.end }}.", false, "tot 31 december 2027.");
  CHECK_EXPAND(c, "{{title}}{{ area }}", false, "Wijkcontract NoordNoord");
  CHECK_EXPAND(c, "geen variabelen", true, "geen variabelen");
}

/* The first text node of a parsed body, or of its nth paragraph. */
static cmark_node *text_node(cmark_node *doc, int para, int nth) {
  cmark_node *p = cmark_node_first_child(doc);
  while (para-- > 0 && p) p = cmark_node_next(p);
  cmark_iter *it = cmark_iter_new(p);
  cmark_event_type ev;
  cmark_node *found = NULL;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_TEXT && nth-- == 0) {
      found = n;
      break;
    }
  }
  cmark_iter_free(it);
  return found;
}

static bool starts(const char *md, int para, int nth) {
  cmark_node *doc = cmark_parse_document(md, strlen(md), 0);
  bool r = var_starts_sentence(text_node(doc, para, nth));
  cmark_node_free(doc);
  return r;
}

static void test_sentence_start(void) {
  CHECK(starts("{{ x }} en meer", 0, 0));
  CHECK(starts("Eerste alinea.\n\n{{ x }} tweede", 1, 0));
  CHECK(starts("Een zin.\n{{ x }} volgt", 0, 1));     /* after a line break */
  CHECK(!starts("Een zin\n{{ x }} volgt", 0, 1));     /* no sentence ended */
  CHECK(starts("*{{ x }}* zegt", 0, 0));              /* emphasis opens it */
  CHECK(!starts("en *{{ x }}* zegt", 0, 1));
  CHECK(starts("# {{ x }} in een kop", 0, 0));
  CHECK(starts("- {{ x }} in een lijst", 0, 0));
  CHECK(!starts("zie **vet** {{ x }}", 0, 2));
  CHECK(starts("Wauw! {{ x }}", 0, 1) || starts("Wauw! {{ x }}", 0, 0));
  CHECK(!var_starts_sentence(NULL));
}

static void test_slug(void) {
  static const char *const cases[][2] = {
      {"Geschillen en klachten", "geschillen-en-klachten"},
      {"Beëindiging", "beeindiging"},
      {"Bee\xCC\x88indiging", "beeindiging"}, /* e + combining diaeresis */
      {"Artikel 7: Looptijd & evaluatie!", "artikel-7-looptijd-evaluatie"},
      {"  Straße / Œuvre  ", "strasse-oeuvre"},
      {"ĳsclub Ærø", "ijsclub-aero"},
      {"Doel", "doel"},
      {"", ""},
      {"!!!", ""},
  };
  for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
    buf b;
    buf_init(&b);
    model_slug(cases[i][0], strlen(cases[i][0]), &b);
    buf_add(&b, "", 0);
    CHECK_STR(b.data, cases[i][1]);
    buf_free(&b);
  }
}

static void check_suggest(var_names *vn, const char *path, const char *want) {
  char *got = var_names_suggest(vn, path, strlen(path));
  if (want) CHECK_STR(got, want);
  else CHECK(got == NULL);
  free(got);
}

static void test_suggest(const contract *c) {
  var_names *vn = var_names_new(c);
  check_suggest(vn, "titel", "title");
  check_suggest(vn, "period.einde", "period.end");
  check_suggest(vn, "evaluations.0", "evaluations.1, evaluations.2");
  check_suggest(vn, "parties.gemeente.naam", "parties.gemeente.name");
  check_suggest(vn, "parties.gemeente", "parties.gemeente.name, parties.gemeente.short, "
                                        "parties.gemeente.signatory");
  check_suggest(vn, "parties.gemente.short", "parties.gemeente.short");
  check_suggest(vn, "commitment.budget.number", "commitments.budget.number");
  check_suggest(vn, "totals.gemeete", "totals.gemeente");
  check_suggest(vn, "articles.beindiging", "articles.beeindiging");
  check_suggest(vn, "xyzzy", NULL);
  const char *which = NULL;
  char *ids = var_names_ids(vn, "parties.wijkteam.name", 21, 12, &which);
  CHECK_STR(ids, "gemeente, buurt, club");
  CHECK_STR(which, "parties");
  free(ids);
  ids = var_names_ids(vn, "parties.wijkteam.name", 21, 2, &which);
  CHECK_STR(ids, "gemeente, buurt, ... (1 more)");
  free(ids);
  CHECK(var_names_ids(vn, "gebied", 6, 12, &which) == NULL);
  var_names_free(vn);
}

/* Many parties and many wrong paths: past the budget only exact ids are
 * tried, and a suggestion of a fixed path still comes. */
static void test_suggest_budget(void) {
  buf b;
  buf_init(&b);
  buf_adds(&b, "---\ntitle: T\nparties:\n");
  for (int i = 0; i < 5000; i++)
    buf_printf(&b, "  - {id: partij-%d, name: P, type: overheid}\n", i);
  buf_adds(&b, "---\n");
  diag_list dl;
  diag_list_init(&dl, "big.md");
  contract *c = model_load_buffer("big.md", b.data, b.len, &dl);
  var_names *vn = var_names_new(c);
  char path[64];
  for (int i = 0; i < 1000; i++) {
    snprintf(path, sizeof path, "parties.partij-x%d.name", i);
    free(var_names_suggest(vn, path, strlen(path)));
  }
  check_suggest(vn, "titel", "title");
  check_suggest(vn, "parties.partij-7.nam", "parties.partij-7.name");
  var_names_free(vn);
  model_free(c);
  diag_list_free(&dl);
  buf_free(&b);
}

int main(void) {
  diag_list dl, dl_en;
  contract *c = load_lang("", &dl);
  CHECK_INT(dl.n, 0);
  test_paths_nl(c);
  test_expand(c);
  test_suggest(c);
  contract *en = load_lang("language: en\n", &dl_en);
  test_paths_en(en);
  test_sentence_start();
  test_slug();
  test_suggest_budget();
  model_free(c);
  model_free(en);
  diag_list_free(&dl);
  diag_list_free(&dl_en);
  profile_unload_all();
  return unit_finish();
}
