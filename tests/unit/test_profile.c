/* test_profile.c - unit tests of profile.c: the shipped profiles load, hold
 * their vocabulary and every label key, their phrase patterns fire on what
 * they should and not on ordinary contract prose, and matching fails
 * loudly (-1) when a limit is hit. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "textout.h"
#include "unit.h"
#include "util.h"

/* The label keys other code relies on (/work/label-keys.md, templates/
 * README.md), besides the per-id vocabulary checked from the profile. */
static const char *const fixed_keys[] = {
    "month.1", "month.2", "month.3", "month.4", "month.5", "month.6", "month.7", "month.8",
    "month.9", "month.10", "month.11", "month.12",
    "heading.parties", "heading.articles", "heading.article", "heading.challenges",
    "heading.commitments", "heading.matrix", "heading.matrix-roles", "heading.legend",
    "heading.evaluation", "heading.schuurpapier", "heading.signatures", "heading.review",
    "heading.our-commitments", "heading.their-commitments", "heading.our-roles",
    "heading.dates", "field.version", "field.status", "field.date", "field.area",
    "field.period", "field.start", "field.end", "field.type", "field.registration",
    "field.address", "field.mission", "field.signatory", "field.name", "field.function",
    "field.place", "field.signature", "field.party", "field.challenge", "field.role",
    "field.roles", "field.text", "field.obligation", "field.impact", "field.measure",
    "field.term", "field.due", "field.recurrence", "field.beneficiaries",
    "field.resources", "field.description", "field.evaluation", "field.fingerprint",
    "field.commitment", "text.hereinafter", "text.represented-by", "text.for",
    "text.page", "text.of", "text.draft", "text.from", "text.until", "text.none",
    "text.period-start", "text.period-end", "text.evaluation-moment", "text.intro",
    "text.agree", "text.matrix-intro", "text.generated-by", "registration-form",
    "heading.annex", "text.annexes", "text.closing",
    "number.group", "number.decimal", "money.format", "field.number", "field.amount",
    "field.target", "field.indicator", "field.baseline", "field.to", "field.after",
    "field.until", "field.remedy", "field.condition", "field.report", "field.every",
    "field.about", "field.summary", "field.total", "field.total-shared", "field.note",
    "heading.general", "heading.conditions", "heading.reports", "heading.amendments",
    "heading.finance", "heading.we-pay", "heading.we-receive", "heading.we-report",
    "heading.reported-to-us", "heading.remedies", "heading.commitment-count",
    "text.article-ref", "text.and", "text.times", "text.total", "text.by", "text.general",
    "text.to", "text.together", "text.commitment-ends", "text.joint", "text.joint-counted",
    "heading.finance-challenges",
};

static int has_label(const profile *p, const char *lang, const char *group, const char *id) {
  char key[200];
  if (id) snprintf(key, sizeof key, "%s.%s", group, id);
  else snprintf(key, sizeof key, "%s", group);
  if (profile_label_lookup(p, lang, key)) return 1;
  printf("FAIL: profile %s has no label '%s' in %s\n", p->id, key, lang);
  return 0;
}

/* Every key in nl and en; vocabulary labels non-empty; abbreviations unique. */
static void test_labels_complete(const profile *p) {
  static const char *const langs[] = {"nl", "en"};
  for (size_t l = 0; l < 2; l++) {
    const char *lang = langs[l];
    CHECK(profile_has_language(p, lang));
    int ok = 1;
    for (size_t i = 0; i < sizeof fixed_keys / sizeof fixed_keys[0]; i++)
      ok &= has_label(p, lang, fixed_keys[i], NULL);
    ok &= has_label(p, lang, "kind", p->id);
    for (size_t i = 0; i < p->n_party_types; i++) ok &= has_label(p, lang, "party-type", p->party_types[i].id);
    for (size_t i = 0; i < p->n_roles; i++) {
      ok &= has_label(p, lang, "role", p->roles[i].id);
      ok &= has_label(p, lang, "role-abbr", p->roles[i].id);
      ok &= has_label(p, lang, "role-desc", p->roles[i].id);
      for (size_t j = 0; j < i; j++)
        ok &= strcmp(profile_label2(p, lang, "role-abbr", p->roles[i].id),
                     profile_label2(p, lang, "role-abbr", p->roles[j].id)) != 0;
    }
    for (size_t i = 0; i < p->n_statuses; i++) ok &= has_label(p, lang, "status", p->statuses[i].id);
    for (size_t i = 0; i < p->n_obligations; i++) ok &= has_label(p, lang, "obligation", p->obligations[i].id);
    for (size_t i = 0; i < p->n_axes; i++) {
      ok &= has_label(p, lang, "axis", p->axes[i]);
      ok &= has_label(p, lang, "axis-question", p->axes[i]);
    }
    for (size_t i = 0; i < p->n_sections; i++) ok &= has_label(p, lang, "section", p->sections[i].id);
    CHECK(ok);
  }
  /* every label is found by its language and key (the hash) */
  int found = p->n_labels > 0;
  for (size_t i = 0; i < p->n_labels; i++)
    found &= profile_label_lookup(p, p->labels[i].lang, p->labels[i].key) == p->labels[i].value;
  CHECK(found);
  CHECK(profile_label_lookup(p, "nl", "no-such-key") == NULL);
  CHECK(profile_label_lookup(p, "xx", "kind.wijkcontract") == NULL);
}

static void test_wijkcontract(void) {
  const profile *p = profile_get("wijkcontract");
  CHECK(p != NULL);
  if (!p) return;
  CHECK(profile_get("wijkcontract") == p); /* cached */
  CHECK_STR(profile_default_id(), "wijkcontract");
  CHECK_STR(p->default_language, "nl");
  CHECK(p->number_articles);
  CHECK(p->schuurpapier_required);
  CHECK_INT(p->n_party_types, 4);
  CHECK(profile_party_type_find(p, "initiatief") && profile_party_type_find(p, "initiatief")->citizen);
  CHECK(profile_party_type_find(p, "overheid") && !profile_party_type_find(p, "overheid")->citizen);
  CHECK(profile_party_type_find(p, "maatschappelijke-organisatie") != NULL);
  CHECK(profile_party_type_find(p, "bedrijf") != NULL);
  CHECK(profile_party_type_find(p, "government") == NULL);
  CHECK_INT(p->n_roles, 5);
  CHECK(profile_role_find(p, "kadersteller") && profile_role_find(p, "kadersteller")->required);
  CHECK(profile_role_find(p, "facilitator") && profile_role_find(p, "facilitator")->required);
  CHECK(profile_role_find(p, "handhaver") && !profile_role_find(p, "handhaver")->required);
  CHECK(profile_role_find(p, "uitvoerder") != NULL);
  CHECK(profile_role_find(p, "initiatiefnemer") != NULL);
  CHECK_INT(p->n_conflicts, 1);
  CHECK_STR(p->conflicts[0].a, "handhaver");
  CHECK_STR(p->conflicts[0].b, "facilitator");
  CHECK(profile_obligation_find(p, "inspanning") && profile_obligation_find(p, "inspanning")->is_default);
  CHECK(profile_obligation_find(p, "resultaat") && profile_obligation_find(p, "resultaat")->result);
  CHECK(!profile_obligation_find(p, "inspanning")->result);
  CHECK_INT(p->n_axes, 3);
  CHECK_STR(p->axes[0], "legitimiteit");
  CHECK_STR(p->axes[1], "representativiteit");
  CHECK_STR(p->axes[2], "verantwoording");
  CHECK_INT(p->n_sections, 4);
  CHECK_STR(profile_label(p, "nl", "role.kadersteller"), "Kadersteller");
  CHECK_STR(profile_label(p, "en", "role.kadersteller"), "Framework-setter");
  CHECK_STR(profile_label(p, "nl", "heading.parties"), "Partijen");
  CHECK_STR(profile_label(p, "en", "heading.parties"), "Parties");
  CHECK_STR(profile_label(p, "nl", "text.hereinafter"), "hierna:");
  CHECK_STR(profile_label2(p, "nl", "role-abbr", "handhaver"), "H");
  CHECK_STR(profile_label2(p, "nl", "section", "beeindiging"), "Beëindiging");
  CHECK_STR(profile_label(p, "nl", "kind.wijkcontract"), "Wijkcontract");
  CHECK_STR(profile_label(p, "nl", "heading.articles"), "");
  /* fallbacks: unknown language -> default language; unknown key -> key */
  CHECK_STR(profile_label(p, "fr", "heading.parties"), "Partijen");
  CHECK_STR(profile_label(p, NULL, "heading.parties"), "Partijen");
  CHECK_STR(profile_label(p, "nl", "no.such.key"), "no.such.key");
  CHECK_STR(profile_label2(p, "nl", "role", "onbekend"), "role.onbekend");
  CHECK(profile_label2(p, "nl", "role", "onbekend") == profile_label2(p, "en", "role", "onbekend"));
  CHECK(profile_label_lookup(p, "fr", "heading.parties") == NULL);
  CHECK_STR(p->registration_form, "8 digits (Dutch Chamber of Commerce number)");
  test_labels_complete(p);
}

static void test_cba(void) {
  const profile *p = profile_get("cba");
  CHECK(p != NULL);
  if (!p) return;
  CHECK_STR(p->default_language, "en");
  CHECK(!p->schuurpapier_required);
  CHECK(profile_party_type_find(p, "community") && profile_party_type_find(p, "community")->citizen);
  CHECK(profile_party_type_find(p, "government") && !profile_party_type_find(p, "government")->citizen);
  CHECK(profile_party_type_find(p, "civil-society") != NULL);
  CHECK(profile_party_type_find(p, "business") != NULL);
  CHECK(profile_party_type_find(p, "overheid") == NULL);
  CHECK(profile_role_find(p, "framework-setter") && profile_role_find(p, "framework-setter")->required);
  CHECK(profile_role_find(p, "facilitator") && profile_role_find(p, "facilitator")->required);
  CHECK(profile_role_find(p, "enforcer") && !profile_role_find(p, "enforcer")->required);
  CHECK(profile_role_find(p, "implementer") && profile_role_find(p, "initiator"));
  CHECK_INT(p->n_conflicts, 1);
  CHECK_STR(p->conflicts[0].a, "enforcer");
  CHECK_STR(p->conflicts[0].b, "facilitator");
  CHECK(profile_obligation_find(p, "effort") && profile_obligation_find(p, "effort")->is_default);
  CHECK(profile_obligation_find(p, "result") && profile_obligation_find(p, "result")->result);
  CHECK_INT(p->n_axes, 3);
  CHECK_STR(p->axes[0], "legitimacy");
  CHECK_STR(profile_label(p, "en", "kind.cba"), "Community Benefit Agreement");
  CHECK_STR(profile_label2(p, "en", "role-abbr", "framework-setter"), "FS");
  CHECK_STR(profile_label2(p, "en", "role-abbr", "implementer"), "IM");
  CHECK_STR(profile_label2(p, "nl", "status", "signed"), "Ondertekend");
  CHECK_STR(profile_label(p, "fr", "heading.parties"), "Parties"); /* default en */
  test_labels_complete(p);
}

static void test_stages(void) {
  const profile *w = profile_get("wijkcontract"), *c = profile_get("cba");
  if (!w || !c) return;
  CHECK(profile_status_find(w, "concept") && profile_status_find(w, "concept")->stage == STAGE_DRAFT);
  CHECK(profile_status_find(w, "ter-ondertekening") &&
        profile_status_find(w, "ter-ondertekening")->stage == STAGE_FINAL);
  CHECK(profile_status_find(w, "ondertekend") && profile_status_find(w, "ondertekend")->stage == STAGE_SIGNED);
  CHECK(profile_status_find(w, "draft") == NULL);
  CHECK_STR(profile_draft_status(w)->id, "concept");
  CHECK(profile_status_find(c, "draft") && profile_status_find(c, "draft")->stage == STAGE_DRAFT);
  CHECK(profile_status_find(c, "for-signature") && profile_status_find(c, "for-signature")->stage == STAGE_FINAL);
  CHECK(profile_status_find(c, "signed") && profile_status_find(c, "signed")->stage == STAGE_SIGNED);
  CHECK_STR(profile_draft_status(c)->id, "draft");
}

static void test_unknown(void) {
  CHECK(profile_get("nope") == NULL);
  CHECK(profile_get("") == NULL);
  CHECK(profile_get(NULL) == NULL);
  CHECK(profile_get("../wijkcontract") == NULL);
  CHECK(profile_get("Wijkcontract") == NULL);
  const char *ids = profile_ids();
  CHECK(strstr(ids, "wijkcontract") != NULL);
  CHECK(strstr(ids, "cba") != NULL);
  CHECK(strstr(ids, "locale") == NULL);
}

/* Does any pattern of the list match text? Reports the first match. */
static int any(const profile_pattern *v, size_t n, const char *text, size_t *s, size_t *e) {
  for (size_t i = 0; i < n; i++) {
    int rc = profile_match(v[i].re, text, strlen(text), s, e);
    if (rc != 0) return rc;
  }
  return 0;
}

static int fires(const profile_pattern *v, size_t n, const char *text) {
  size_t s, e;
  int rc = any(v, n, text, &s, &e);
  if (rc != 1) printf("FAIL: expected a match in \"%s\" (rc %d)\n", text, rc);
  return rc == 1;
}

static int silent(const profile_pattern *v, size_t n, const char *text) {
  size_t s = 0, e = 0;
  int rc = any(v, n, text, &s, &e);
  if (rc != 0) printf("FAIL: unexpected match \"%.*s\" in \"%s\" (rc %d)\n", (int)(e - s), text + s, text, rc);
  return rc == 0;
}

static const char *const output_yes[] = {
    "Het aantal bezoekers van het buurthuis stijgt.",
    "Aantal georganiseerde activiteiten per jaar",
    "We organiseren 12 activiteiten per jaar.",
    "Minimaal 50 unieke bezoekers per maand",
    "De bezoekersaantallen nemen toe.",
    "aantal deelnemers aan de bijeenkomsten",
    "The number of visitors doubles.",
    "number of events held",
    "At least 40 participants per session.",
    "Attendance figures are reported quarterly.",
};
static const char *const output_no[] = {
    "Bewoners kennen elkaar beter en voelen zich veiliger in hun straat.",
    "Het aantal eenzame ouderen in de wijk neemt af.",
    "Een aantal bewoners voelt zich minder eenzaam.",
    "Jongeren vinden eerder een stageplek; de schooluitval daalt.",
    "Per 1 januari 2027 beheren bewoners de tuin zelf.",
    "Residents feel safer and know where to find help.",
    "The number of residents who feel lonely falls.",
    "Fewer young people leave school without a qualification.",
    "Within 2 years the playground is maintained by the residents themselves.",
};
static const char *const hedge_yes[] = {
    "Het Initiatief organiseert zo mogelijk elke maand een maaltijd.",
    "De Gemeente streeft ernaar de subsidie binnen zes weken te betalen.",
    "Partijen streven naar een schone wijk.",
    "Indien mogelijk wordt de tuin in het voorjaar aangelegd.",
    "Waar mogelijk worden bewoners betrokken.",
    "De Gemeente stelt in principe een ruimte beschikbaar.",
    "De Corporatie zorgt voor zoveel mogelijk groen.",
    "The council will, where possible, open the hall on Sundays.",
    "The partners aim to reduce litter.",
    "The company strives to hire local residents.",
    "We will endeavour to respond within a week.",
    "As far as possible the works avoid school hours.",
};
static const char *const hedge_no[] = {
    "De Gemeente maakt het mogelijk dat bewoners de tuin gebruiken.",
    "De Gemeente betaalt de subsidie uiterlijk op 1 maart 2027 uit.",
    "Het Initiatief beheert de moestuin en houdt deze open op zaterdag.",
    "Het doel van de afspraak is dat de speeltuin veilig is.",
    "The council pays the grant by 1 March 2027.",
    "The aim of this agreement is a safer street.",
    "The company makes it possible for residents to use the yard.",
};
static const char *const placeholder_yes[] = {
    "TODO", "Naam: TODO invullen", "tbd", "XXX", "<naam>", "Gemeente <naam van de gemeente>",
    "[...]", "[…]", "zie …", "en zo verder...", "bedrag: n.t.b.",
};
static const char *const placeholder_no[] = {
    "De Gemeente, hierna: de Gemeente, verleent subsidie.",
    "Zie [de website](https://example.org) en <https://example.org>.",
    "Mail naar <info@example.org>.",
    "Als a < b en b > c, dan geldt a < c.",
    "Regel<br>afgebroken",
    "De partijen komen het volgende overeen: artikel 1.2 geldt.",
    "Het XXL-festival en de to-do-lijst van de buurt, enz.",
    "The parties agree as follows.",
};

#define ALL(list, fn, pats, n)                                                                  \
  do {                                                                                          \
    int ok_ = 1;                                                                                \
    for (size_t i_ = 0; i_ < sizeof list / sizeof list[0]; i_++) ok_ &= fn(pats, n, list[i_]); \
    CHECK(ok_);                                                                                 \
  } while (0)

static void test_patterns(const profile *p) {
  ALL(output_yes, fires, p->output_indicators, p->n_output_indicators);
  ALL(output_no, silent, p->output_indicators, p->n_output_indicators);
  ALL(hedge_yes, fires, p->hedges, p->n_hedges);
  ALL(hedge_no, silent, p->hedges, p->n_hedges);
  ALL(placeholder_yes, fires, p->placeholders, p->n_placeholders);
  ALL(placeholder_no, silent, p->placeholders, p->n_placeholders);
  /* "[...]" is one match, not a bracket and then the dots */
  size_t s = 9, e = 9;
  CHECK_INT(any(p->placeholders, p->n_placeholders, "zie [...] hier", &s, &e), 1);
  CHECK_INT(s, 4);
  CHECK_INT(e, 9);
}

static const profile_section *section(const profile *p, const char *id) {
  for (size_t i = 0; i < p->n_sections; i++)
    if (strcmp(p->sections[i].id, id) == 0) return &p->sections[i];
  printf("FAIL: no section %s in %s\n", id, p->id);
  return NULL;
}

static int heading_is(const profile *p, const char *id, const char *heading) {
  const profile_section *s = section(p, id);
  if (!s) return -2;
  return profile_match(s->re, heading, strlen(heading), NULL, NULL);
}

static void test_sections(void) {
  const profile *w = profile_get("wijkcontract"), *c = profile_get("cba");
  if (!w || !c) return;
  CHECK_INT(heading_is(w, "doel", "Doel en achtergrond"), 1);
  CHECK_INT(heading_is(w, "doel", "DOEL"), 1);
  CHECK_INT(heading_is(w, "doel", "Aanleiding en doelstellingen"), 1);
  CHECK_INT(heading_is(w, "doel", "Doelgroep"), 0);
  CHECK_INT(heading_is(w, "doel", "Partijen"), 0);
  CHECK_INT(heading_is(w, "evaluatie", "Evaluatie"), 1);
  CHECK_INT(heading_is(w, "evaluatie", "Looptijd en evaluatie"), 1);
  CHECK_INT(heading_is(w, "evaluatie", "Looptijd"), 0);
  CHECK_INT(heading_is(w, "geschillen", "Geschillen"), 1);
  CHECK_INT(heading_is(w, "geschillen", "Geschillenregeling"), 1);
  CHECK_INT(heading_is(w, "geschillen", "Afspraken"), 0);
  CHECK_INT(heading_is(w, "beeindiging", "Beëindiging"), 1);
  CHECK_INT(heading_is(w, "beeindiging", "BEËINDIGING"), 1);
  CHECK_INT(heading_is(w, "beeindiging", "Beeindiging"), 1);
  CHECK_INT(heading_is(w, "beeindiging", "Bee\xcc\x88indiging van het contract"), 1); /* NFD */
  CHECK_INT(heading_is(w, "beeindiging", "Einde"), 1);
  CHECK_INT(heading_is(w, "beeindiging", "Looptijd"), 0);
  CHECK_INT(heading_is(c, "purpose", "Purpose and background"), 1);
  CHECK_INT(heading_is(c, "purpose", "Parties"), 0);
  CHECK_INT(heading_is(c, "evaluation", "Monitoring and evaluation"), 1);
  CHECK_INT(heading_is(c, "disputes", "Dispute resolution"), 1);
  CHECK_INT(heading_is(c, "termination", "Term and termination"), 1);
  CHECK_INT(heading_is(c, "termination", "Term"), 0);
  /* Dutch compounds and synonyms (v2) */
  CHECK_INT(heading_is(w, "evaluatie", "Tussenevaluatie"), 1);
  CHECK_INT(heading_is(w, "evaluatie", "Jaarevaluatie en bijsturing"), 1);
  CHECK_INT(heading_is(w, "evaluatie", "Monitoring en evaluatie"), 1);
  CHECK_INT(heading_is(w, "evaluatie", "Monitoring"), 1);
  CHECK_INT(heading_is(w, "doel", "Doelstelling"), 1);
  CHECK_INT(heading_is(w, "doel", "Hoofddoelen van het contract"), 1);
  CHECK_INT(heading_is(w, "geschillen", "Geschillencommissie"), 1);
  CHECK_INT(heading_is(w, "geschillen", "Geschiedenis"), 0);
  CHECK_INT(heading_is(c, "purpose", "Goals"), 1);
  CHECK_INT(heading_is(c, "evaluation", "Mid-term review"), 1);
  CHECK_INT(heading_is(c, "evaluation", "Annual evaluation"), 1);
  CHECK_INT(heading_is(c, "evaluation", "Tussenevaluatie"), 1);
  CHECK_INT(heading_is(c, "disputes", "Geschillenregeling"), 1);
  CHECK_INT(heading_is(c, "disputes", "Parking"), 0);
}

/* The v2 vocabularies: each word found by its id and by the other
 * language's word, the defaults, the frequencies a year. */
static void test_v2_vocabulary(void) {
  const profile *w = profile_get("wijkcontract"), *c = profile_get("cba");
  if (!w || !c) return;
  CHECK_STR(w->currency, "EUR");
  CHECK_STR(c->currency, "GBP");
  const profile_word *x = profile_word_find(w->periods, w->n_periods, "year");
  CHECK_STR(x ? x->id : NULL, "jaar");
  x = profile_word_default(w->periods, w->n_periods);
  CHECK_STR(x ? x->id : NULL, "eenmalig");
  x = profile_word_find(c->frequencies, c->n_frequencies, "halfjaar");
  CHECK_STR(x ? x->id : NULL, "half-year");
  CHECK_INT(x ? x->per_year : 0, 2);
  x = profile_word_find(w->frequencies, w->n_frequencies, "evaluatie");
  CHECK(x && x->at_evaluations);
  x = profile_word_default(w->condition_statuses, w->n_condition_statuses);
  CHECK(x && x->open && strcmp(x->id, "open") == 0);
  x = profile_word_find(c->condition_statuses, c->n_condition_statuses, "vervuld");
  CHECK(x && !x->open);
  CHECK(profile_word_find(w->progress_statuses, w->n_progress_statuses, "in-progress") != NULL);
  CHECK(profile_word_find(w->periods, w->n_periods, "jaarlijks") == NULL);
  CHECK(profile_party_type_find(w, "initiatief")->volunteer);
  CHECK(!profile_party_type_find(w, "overheid")->volunteer);
  CHECK(profile_party_type_find(c, "community")->volunteer);
  char *list = profile_word_list(w->periods, w->n_periods);
  CHECK_STR(list, "eenmalig, once, jaar, year, kwartaal, quarter, maand, month, week");
  free(list);
}

static void test_registration(void) {
  const profile *w = profile_get("wijkcontract"), *c = profile_get("cba");
  if (!w || !c) return;
  CHECK_INT(profile_match(w->registration_re, "12345678", 8, NULL, NULL), 1);
  CHECK_INT(profile_match(w->registration_re, "1234567", 7, NULL, NULL), 0);
  CHECK_INT(profile_match(w->registration_re, "123456789", 9, NULL, NULL), 0);
  CHECK_INT(profile_match(w->registration_re, "1234 5678", 9, NULL, NULL), 0);
  CHECK_INT(profile_match(c->registration_re, "SC123456", 8, NULL, NULL), 1);
  CHECK_INT(profile_match(c->registration_re, "01234567", 8, NULL, NULL), 1);
  CHECK_INT(profile_match(c->registration_re, "ABC12345", 8, NULL, NULL), 0);
}

/* A limit hit and invalid UTF-8 are -1, never a silent no-match. */
static void test_limits(void) {
  int err;
  PCRE2_SIZE off;
  const char *bad = "^(a+)+$";
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)bad, strlen(bad), PCRE2_UTF, &err, &off, NULL);
  CHECK(re != NULL);
  if (!re) return;
  char text[64];
  memset(text, 'a', 40);
  text[40] = 'b';
  text[41] = '\0';
  size_t s = 0, e = 0;
  CHECK_INT(profile_match(re, text, 41, &s, &e), -1);
  CHECK_INT(profile_match(re, "aaaa", 4, &s, &e), 1);
  CHECK_INT(e, 4);
  CHECK_INT(profile_match(re, "aab", 3, &s, &e), 0);
  CHECK_INT(profile_match(re, "a\xff", 2, &s, &e), -1); /* invalid UTF-8 */
  CHECK_INT(profile_match(re, "a\xc3", 2, &s, &e), -1); /* truncated sequence */
  CHECK_INT(profile_match(NULL, "a", 1, &s, &e), -1);
  pcre2_code_free(re);
  /* matching from an offset keeps the context before it */
  const profile *w = profile_get("wijkcontract");
  if (w) {
    const char *t = "TODO en nog een TODO";
    CHECK_INT(profile_match_at(w->placeholders[0].re, t, strlen(t), 1, &s, &e), 1);
    CHECK_INT(s, 16);
    CHECK_INT(profile_match_at(w->placeholders[0].re, t, strlen(t), 17, &s, &e), 0);
    CHECK_INT(profile_match_at(w->placeholders[0].re, t, strlen(t), 99, &s, &e), -1);
  }
}

static void test_skeletons(void) {
  const profile *w = profile_get("wijkcontract"), *c = profile_get("cba");
  if (!w || !c) return;
  size_t len = 0;
  const char *nl = profile_skeleton(w, "nl", &len);
  CHECK(nl && len > 100 && strncmp(nl, "---", 3) == 0);
  const char *en = profile_skeleton(w, "en", &len);
  CHECK(en && en != nl);
  CHECK(profile_skeleton(w, "fr", &len) == nl); /* falls back to the default */
  CHECK(profile_skeleton(c, "en", &len) != NULL);
  CHECK(profile_skeleton(c, "nl", &len) != NULL);
}

/* Unknown ids fall back to their key, one kept copy per distinct key (a
 * contract may name 10,000 unknown roles). */
static void test_missing_labels(void) {
  const profile *w = profile_get("wijkcontract");
  if (!w) return;
  const char *first[3000];
  char id[32];
  for (int i = 0; i < 3000; i++) {
    snprintf(id, sizeof id, "r%d", i);
    first[i] = profile_label2(w, "nl", "role", id);
  }
  int same = 0, right = 0;
  for (int i = 0; i < 3000; i++) {
    snprintf(id, sizeof id, "r%d", i);
    const char *again = profile_label2(w, "nl", "role", id);
    same += again == first[i];
    char want[40];
    snprintf(want, sizeof want, "role.%s", id);
    right += strcmp(again, want) == 0;
  }
  CHECK_INT(same, 3000);
  CHECK_INT(right, 3000);
  CHECK_STR(profile_label2(w, "nl", "role", "kadersteller"), profile_label(w, "nl", "role.kadersteller"));
}

/* A pattern run often enough is JIT-compiled on the way: the results stay
 * those of the first calls, and walking every match of a long text from
 * growing offsets finds each one once. */
static void test_many_matches(void) {
  const profile *w = profile_get("wijkcontract");
  if (!w) return;
  const struct pcre2_real_code_8 *todo = w->placeholders[0].re;
  size_t s = 0, e = 0;
  int ok = 0;
  for (int i = 0; i < 2000; i++) {
    ok += profile_match(todo, "nog TODO hier", 13, &s, &e) == 1 && s == 4 && e == 8;
    ok += profile_match(todo, "niets", 5, &s, &e) == 0;
  }
  CHECK_INT(ok, 4000);
  buf t;
  buf_init(&t);
  for (int i = 0; i < 3000; i++) buf_adds(&t, "een TODO en ");
  size_t off = 0, found = 0;
  while (off < t.len && profile_match_at(todo, t.data, t.len, off, &s, &e) == 1) {
    found++;
    off = e;
  }
  CHECK_INT(found, 3000);
  t.data[5] = (char)0xFF; /* a new text at the same address is checked again */
  CHECK_INT(profile_match_at(todo, t.data, t.len, 0, &s, &e), -1);
  buf_free(&t);
}

/* Long dates take their month names from the profile's labels; what they
 * cannot format comes back as written. */
static void test_dates(void) {
  const profile *p = profile_get("wijkcontract");
  CHECK(p != NULL);
  if (!p) return;
  static const struct {
    const char *lang, *iso, *want;
  } cases[] = {
      {"nl", "2026-01-01", "1 januari 2026"}, {"nl", "2027-12-31", "31 december 2027"},
      {"en", "2026-06-30", "30 June 2026"},   {"nl", "2028-02-29", "29 februari 2028"},
      {"nl", "2027-02-29", "2027-02-29"},     /* no such day */
      {"nl", "2026-1-01", "2026-1-01"},       {"fr", "2026-01-01", "2026-01-01"}, /* no labels */
      {"nl", "volgend jaar", "volgend jaar"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *got = textout_date(p, cases[i].lang, cases[i].iso, strlen(cases[i].iso));
    CHECK_STR(got, cases[i].want);
    free(got);
  }
  char *none = textout_date(NULL, "nl", "2026-01-01", 10);
  CHECK_STR(none, "2026-01-01");
  free(none);
}

/* profile_jit_all (a batch's warm-up) leaves every pattern of a loaded
 * profile JIT-compiled, where pcre2 has a JIT for this machine; before it,
 * a freshly loaded profile's patterns are interpreted. */
static void test_jit_all(void) {
  profile_unload_all();
  const profile *p = profile_get("wijkcontract");
  CHECK(p != NULL && p->n_sections > 0);
  if (!p || p->n_sections == 0) return;
  uint32_t jit = 0;
  pcre2_config(PCRE2_CONFIG_JIT, &jit);
  size_t size = 1;
  pcre2_pattern_info((const pcre2_code *)p->sections[0].re, PCRE2_INFO_JITSIZE, &size);
  CHECK(size == 0);
  profile_jit_all();
  for (size_t i = 0; jit && i < p->n_sections; i++) {
    size = 0;
    pcre2_pattern_info((const pcre2_code *)p->sections[i].re, PCRE2_INFO_JITSIZE, &size);
    CHECK(size > 0);
  }
  profile_unload_all();
}

/* The example contracts, which the pattern tests go through line by line. */
static const char *const example_files[] = {"contracts/cba-la-sports-district.md", "contracts/cba-riverside.md",
                                            "contracts/wijkcontract-klaverveld.md",
                                            "contracts/wijkcontract-ondertekend.md"};

/* Texts, each with its length. */
typedef struct {
  char **s;
  size_t *len;
  size_t n, cap, cap_len;
} text_list;

static void text_add(text_list *l, const char *s, size_t len) {
  xgrow((void **)&l->s, &l->cap, l->n + 1, sizeof *l->s);
  xgrow((void **)&l->len, &l->cap_len, l->n + 1, sizeof *l->len);
  l->s[l->n] = xstrndup(s, len);
  l->len[l->n++] = len;
}

static void text_list_free(text_list *l) {
  for (size_t i = 0; i < l->n; i++) free(l->s[i]);
  free(l->s);
  free(l->len);
}

/* Every line of the examples, as it is and then in upper case (ASCII). */
static void example_lines(text_list *l) {
  for (size_t f = 0; f < sizeof example_files / sizeof *example_files; f++) {
    char *data = NULL;
    size_t len = 0;
    if (read_file(example_files[f], 1 << 20, &data, &len) != 0) {
      printf("FAIL: cannot read %s (run from the checkout)\n", example_files[f]);
      unit_failed++;
      continue;
    }
    for (size_t at = 0; at < len;) {
      size_t end = at;
      while (end < len && data[end] != '\n') end++;
      text_add(l, data + at, end - at);
      text_add(l, data + at, end - at);
      char *upper = l->s[l->n - 1];
      for (size_t i = 0; i < end - at; i++)
        if (upper[i] >= 'a' && upper[i] <= 'z') upper[i] = (char)(upper[i] - 'a' + 'A');
      at = end + 1;
    }
    free(data);
  }
}

/* profile.c turns a text away before pcre2_match when pcre2's own
 * start-up tests (minimum length, first code unit or start bitmap, last
 * required unit) would fail it: never a text pcre2 would match. Every
 * pattern of every profile, against every line of the example contracts
 * (at its start, at an ASCII byte in its middle, and in upper case), must
 * give what pcre2_match itself gives, position included. */
typedef struct {
  const pcre2_code *re[256];
  size_t n;
} pattern_set;

static void add_patterns(pattern_set *ps, const profile_pattern *v, size_t n) {
  for (size_t i = 0; i < n && ps->n < 256; i++) ps->re[ps->n++] = (const pcre2_code *)v[i].re;
}

static void patterns_of(const profile *p, pattern_set *ps) {
  ps->n = 0;
  add_patterns(ps, p->output_indicators, p->n_output_indicators);
  add_patterns(ps, p->hedges, p->n_hedges);
  add_patterns(ps, p->placeholders, p->n_placeholders);
  add_patterns(ps, p->public_rules.offices, p->public_rules.n_offices);
  for (size_t i = 0; i < p->n_sections && ps->n < 256; i++) ps->re[ps->n++] = (const pcre2_code *)p->sections[i].re;
  for (size_t i = 0; i < p->public_rules.n_personal && ps->n < 256; i++)
    ps->re[ps->n++] = (const pcre2_code *)p->public_rules.personal[i].re;
  if (p->registration_re && ps->n < 256) ps->re[ps->n++] = (const pcre2_code *)p->registration_re;
}

/* One text at from: 1 when the two agree. */
static int agrees(const pcre2_code *re, pcre2_match_data *md, const char *t, size_t len, size_t from) {
  size_t s = 0, e = 0;
  int ours = profile_match_at((const struct pcre2_real_code_8 *)re, t, len, from, &s, &e);
  int rc = pcre2_match(re, (PCRE2_SPTR)t, len, from, 0, md, NULL);
  int theirs = rc == PCRE2_ERROR_NOMATCH ? 0 : rc >= 0 || rc == 0 ? 1 : -1;
  if (ours != theirs) return 0;
  if (ours != 1) return 1;
  const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
  return ov[0] == s && ov[1] == e;
}

static void test_filter_agrees(void) {
  static const char *const ids[] = {"wijkcontract", "cba"};
  pcre2_match_data *md = pcre2_match_data_create(1, NULL);
  text_list l = {0};
  example_lines(&l);
  for (size_t k = 0; k < 2; k++) {
    const profile *p = profile_get(ids[k]);
    CHECK(p != NULL);
    if (!p) continue;
    pattern_set ps;
    patterns_of(p, &ps);
    size_t tried = 0, wrong = 0;
    for (size_t t = 0; t + 1 < l.n; t += 2) {
      const char *line = l.s[t], *upper = l.s[t + 1];
      size_t n = l.len[t], mid = n / 2;
      while (mid < n && (unsigned char)line[mid] >= 0x80) mid++;
      for (size_t r = 0; r < ps.n; r++) {
        tried += 3;
        wrong += !agrees(ps.re[r], md, line, n, 0) + !agrees(ps.re[r], md, upper, n, 0) +
                 !agrees(ps.re[r], md, line, n, mid);
      }
    }
    if (wrong) printf("FAIL: %s: %zu of %zu matches differ from pcre2_match\n", ids[k], wrong, tried);
    CHECK(wrong == 0);
    CHECK(tried > 10000);
  }
  text_list_free(&l);
  pcre2_match_data_free(md);
}

/* profile_screen: a pattern that matches a text alone is in that text's
 * set, whatever texts lie around it. Every list of both profiles, JIT-
 * compiled, over the lines of the example contracts (as they are and in
 * upper case) and phrases the patterns are for, some twice in a row and
 * some split over two texts; the screen must also leave some patterns
 * out, or it screens nothing. */
static void screen_lines(const profile_pattern *pats, size_t np, char **lines, size_t *lens, size_t n,
                         pcre2_match_data *md, size_t *missed, size_t *left_out) {
  uint64_t *may = profile_screen(pats, np, (const char *const *)lines, lens, n);
  CHECK(may != NULL);
  if (!may) return;
  for (size_t t = 0; t < n; t++)
    for (size_t i = 0; i < np; i++) {
      int rc = pcre2_match((const pcre2_code *)pats[i].re, (PCRE2_SPTR)lines[t], lens[t], 0, 0, md, NULL);
      bool in = may[t] & (uint64_t)1 << i;
      if (rc >= 0 && !in) {
        printf("FAIL: screen leaves out pattern %s on '%.*s'\n", pats[i].pattern, (int)lens[t], lines[t]);
        (*missed)++;
      }
      *left_out += !in;
    }
  free(may);
}

static void test_screen(void) {
  static const char *const phrases[] = {
      "zo veel mogelijk", "we streven er naar", "in principe", "TODO", "n.t.b.", "[...]", "<naam>",
      "het aantal bezoekers", "40 community events", "footfall", "best efforts", "", "zo",
      "mogelijk", "as far as possible", "12 activiteiten per jaar", "attempts to", "in principe",
      "in principe", "TODO", "TODO", "footfall", "footfall"};
  text_list l = {0};
  example_lines(&l);
  for (size_t i = 0; i < sizeof phrases / sizeof *phrases; i++) text_add(&l, phrases[i], strlen(phrases[i]));
  char **lines = l.s;
  size_t *lens = l.len, n = l.n;
  static const char *const ids[] = {"wijkcontract", "cba"};
  pcre2_match_data *md = pcre2_match_data_create(1, NULL);
  uint32_t jit = 0;
  pcre2_config(PCRE2_CONFIG_JIT, &jit);
  for (size_t k = 0; jit && k < 2; k++) {
    const profile *p = profile_get(ids[k]);
    CHECK(p != NULL);
    if (!p) continue;
    profile_jit_all();
    size_t missed = 0, left_out = 0;
    screen_lines(p->output_indicators, p->n_output_indicators, lines, lens, n, md, &missed, &left_out);
    screen_lines(p->hedges, p->n_hedges, lines, lens, n, md, &missed, &left_out);
    screen_lines(p->placeholders, p->n_placeholders, lines, lens, n, md, &missed, &left_out);
    CHECK(missed == 0);
    CHECK(left_out > n);
  }
  /* patterns compiled elsewhere (not the profile's, so not JIT-run by it):
   * nothing to screen */
  int err;
  PCRE2_SIZE off;
  profile_pattern own = {(char *)"todo", (struct pcre2_real_code_8 *)pcre2_compile(
                                              (PCRE2_SPTR) "todo", 4, PROFILE_RE_OPTIONS, &err, &off, NULL)};
  CHECK(profile_screen(&own, 1, (const char *const *)lines, lens, n) == NULL);
  pcre2_code_free((pcre2_code *)own.re);
  pcre2_match_data_free(md);
  text_list_free(&l);
}

int main(void) {
  test_jit_all();
  test_screen();
  test_filter_agrees();
  test_dates();
  test_wijkcontract();
  test_cba();
  test_stages();
  test_unknown();
  if (profile_get("wijkcontract")) test_patterns(profile_get("wijkcontract"));
  if (profile_get("cba")) test_patterns(profile_get("cba"));
  test_sections();
  test_v2_vocabulary();
  test_registration();
  test_limits();
  test_skeletons();
  test_missing_labels();
  test_many_matches();
  profile_unload_all();
  CHECK(profile_get("cba") != NULL); /* loads again after unloading */
  profile_unload_all();
  return unit_finish();
}
