/* profile.h - a profile (templates/<kind>/profile.yaml): the vocabulary,
 * rules, phrase patterns and labels of one kind of contract. Profiles are
 * data: adding one needs no C change. */
#ifndef WK_PROFILE_H
#define WK_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pcre2_real_code_8;

/* How every pattern of a profile is compiled (pcre2.h's names). The
 * binary embeds them compiled as KIND/profile.pcre2 (tools/ypack.c): the
 * codes as pcre2_serialize_encode writes them, their sources (each ended
 * by a NUL) in the same order, then two little-endian 32-bit numbers, the
 * count of codes and the length of the serialized bytes. */
#define PROFILE_RE_OPTIONS (PCRE2_UTF | PCRE2_CASELESS | PCRE2_UCP)

enum { STAGE_DRAFT = 0, STAGE_FINAL = 1, STAGE_SIGNED = 2 };

typedef struct {
  char *id;
  bool citizen;   /* counts as the citizen side (no-citizen-party) */
  bool volunteer; /* run by volunteers (reporting-burden) */
} profile_party_type;

/* v2: one word of a small vocabulary (`per` of an amount, `every` of a
 * report, condition and progress statuses): its id, the other words that
 * mean the same (the other language's), and what checks need to know. */
typedef struct {
  char *id;
  char **also;
  size_t n_also;
  bool is_default;
  int per_year;        /* `every`: reports a year (0 with at_evaluations) */
  bool at_evaluations; /* `every`: at each evaluation moment */
  bool open;           /* condition status: not met yet (open-condition) */
  bool closed;         /* progress status: the commitment needs no more
                          (done, dropped): never overdue in a report */
} profile_word;

typedef struct {
  char *id;
  bool required; /* every challenge needs a holder (missing-role) */
} profile_role;

typedef struct {
  char *a, *b; /* role ids that conflict within one challenge */
} profile_conflict;

typedef struct {
  char *id;
  int stage; /* STAGE_* */
} profile_status;

typedef struct {
  char *id;
  bool result; /* obligation of result (needs a measure) */
  bool is_default;
} profile_obligation;

/* A body section the profile requires, matched against heading text. */
typedef struct {
  char *id;
  char *pattern; /* pcre2 source, matched caselessly, UTF-8 */
  struct pcre2_real_code_8 *re;
} profile_section;

/* A named phrase pattern (output indicators, hedging, placeholders). */
typedef struct {
  char *pattern;
  struct pcre2_real_code_8 *re;
} profile_pattern;

typedef struct {
  const char *lang;  /* one of the profile's languages */
  const char *key;   /* key and value: in the profile's label_text */
  const char *value;
} profile_label_entry; /* (not `profile_label`: that is the look-up function) */

/* v2: one word a `recurrence` text may hold, in one language, and what it
 * says (profile `recurrence`): how often, a weekday, a month, a season (a
 * set of months), a count ("twice"), the range word between two months
 * ("tot", "through"), or nothing (a filler word such as "every"). A text
 * whose every word is known becomes a calendar rule; any other stays a
 * note (recur.c). */
typedef enum {
  RECUR_FILLER,
  RECUR_FREQ,    /* value: RECUR_DAILY ... RECUR_YEARLY */
  RECUR_DAY,     /* value: 0 Monday ... 6 Sunday */
  RECUR_MONTH,   /* value: 1 ... 12 */
  RECUR_SEASON,  /* months: its months; value: the first of them */
  RECUR_COUNT,   /* value: how many times */
  RECUR_THROUGH  /* a range of months: "van november tot maart" */
} recur_word_kind;
enum { RECUR_DAILY = 1, RECUR_WEEKLY, RECUR_FORTNIGHTLY, RECUR_MONTHLY, RECUR_YEARLY };
typedef struct {
  const char *lang;      /* one of the profile's languages */
  char *word;            /* lower case */
  unsigned char kind;    /* recur_word_kind */
  unsigned char value;
  unsigned short months; /* RECUR_SEASON: bit m for month m */
} profile_recur_word;
/* v2, the public version (build --public): the fields that hold personal
 * data of natural persons, by bit. */
enum {
  PUBLIC_SIGNATORY_NAME = 1,      /* parties[].signatory[].name */
  PUBLIC_SIGNATORY_FUNCTION = 2,  /* parties[].signatory[].function */
  PUBLIC_SIGNATURE_NAME = 4,      /* signatures[].name */
  PUBLIC_SIGNATURE_FUNCTION = 8,  /* signatures[].function */
  PUBLIC_ADDRESS = 16             /* parties[].address, of a party with no
                                     registration that is no public body */
};

/* The checksum a match of a personal-data pattern must pass. */
typedef enum { PUBLIC_CHECK_NONE, PUBLIC_CHECK_IBAN, PUBLIC_CHECK_BSN } public_check;

/* A kind of personal data found in any text (e-mail, phone, IBAN, BSN). */
typedef struct {
  char *id;
  char *pattern;
  struct pcre2_real_code_8 *re;
  public_check check;
} profile_personal;

typedef struct {
  bool present;                 /* the profile has public-version rules */
  char *mark;                   /* what stands for a redacted value ("5.1.2e") */
  unsigned fields;              /* PUBLIC_* */
  char **public_bodies; size_t n_public_bodies; /* party types */
  profile_pattern *offices; size_t n_offices;   /* functions of public office */
  profile_personal *personal; size_t n_personal;
} profile_public;

typedef struct profile {
  char *id;               /* "wijkcontract" */
  char *default_language; /* "nl" */
  char **languages;       /* languages with labels */
  size_t n_languages;
  bool number_articles;   /* "Artikel 1", "1.1" */
  bool schuurpapier_required;
  char *registration_pattern; /* pcre2 source, per profile (nl: 8 digits) */
  struct pcre2_real_code_8 *registration_re;
  char *registration_form;    /* human description for the message: the
                                 label `registration-form` in English (or the
                                 default language); other languages:
                                 profile_label(p, lang, "registration-form") */

  profile_party_type *party_types; size_t n_party_types;
  profile_role *roles; size_t n_roles;
  profile_conflict *conflicts; size_t n_conflicts;
  profile_status *statuses; size_t n_statuses;
  profile_obligation *obligations; size_t n_obligations;
  char **axes; size_t n_axes; /* schuurpapier keys in document order */
  profile_section *sections; size_t n_sections;
  profile_pattern *output_indicators; size_t n_output_indicators;
  profile_pattern *hedges; size_t n_hedges;
  profile_pattern *placeholders; size_t n_placeholders;
  profile_label_entry *labels; size_t n_labels; /* in the profile's order */
  size_t *label_slots; size_t cap_label_slots;  /* hash of (lang, key): label index + 1 */
  char *label_text;                             /* the labels' keys and values */
  /* v2 */
  char *currency;                                   /* ISO 4217 default of `amount` */
  profile_word *periods; size_t n_periods;          /* `per` of an amount */
  profile_word *frequencies; size_t n_frequencies;  /* `every` of a report */
  profile_word *condition_statuses; size_t n_condition_statuses;
  profile_word *progress_statuses; size_t n_progress_statuses;
  profile_recur_word *recur_words; size_t n_recur_words; /* in the profile's order */
  size_t *recur_slots; size_t cap_recur_slots;          /* hash of (lang, word): index + 1 */
  profile_public public_rules; /* optional section `public` */
} profile;

/* The profile with this id, loaded from the embedded templates on first use
 * and kept for the process; NULL when there is none. A shipped profile that
 * fails to load is a build defect: it aborts with a message. */
const profile *profile_get(const char *id);
const char *profile_default_id(void); /* "wijkcontract" */
/* Ids of all embedded profiles, comma-separated (for messages). */
const char *profile_ids(void);

/* Label for key in lang ("role.kadersteller", "heading.parties", ...);
 * falls back to the profile's default language, then to the key itself. */
const char *profile_label(const profile *p, const char *lang, const char *key);
/* Convenience: label of "<group>.<id>", e.g. ("role", "handhaver"). */
const char *profile_label2(const profile *p, const char *lang, const char *group, const char *id);

const profile_party_type *profile_party_type_find(const profile *p, const char *id);
const profile_role *profile_role_find(const profile *p, const char *id);
const profile_status *profile_status_find(const profile *p, const char *id);
const profile_obligation *profile_obligation_find(const profile *p, const char *id);
const profile_status *profile_draft_status(const profile *p);
/* The word of a vocabulary whose id or other word is s (NULL when none);
 * the vocabulary's default word. */
const profile_word *profile_word_find(const profile_word *words, size_t n, const char *s);
const profile_word *profile_word_default(const profile_word *words, size_t n);
/* The ids and other words of a vocabulary, "a, b, c", for messages
 * (malloc'd). */
char *profile_word_list(const profile_word *words, size_t n);
bool profile_has_language(const profile *p, const char *lang);

/* Match limits of profile_match, per call (pcre2 match context). Generous
 * for the phrase patterns on any paragraph or field, small enough that a
 * pathological pattern or text fails in milliseconds instead of hanging:
 * MATCH is the number of backtracking steps, DEPTH the nesting of
 * backtracking frames, HEAP the KiB of memory for those frames. */
#define PROFILE_MATCH_LIMIT 1000000u
#define PROFILE_DEPTH_LIMIT 10000u
#define PROFILE_HEAP_LIMIT 16384u

/* Runs re on text with the project's match limits. Returns 1 on a match
 * (start/end set), 0 on none, -1 when a limit was hit or the text is not
 * valid UTF-8 (callers report it; never a silent "no match"). */
int profile_match(const struct pcre2_real_code_8 *re, const char *text, size_t len,
                  size_t *start, size_t *end);

/* Same, searching from byte offset `from` of text (lookbehinds and \b see
 * the bytes before it): the way to walk every match of a text. A walk
 * starts at 0 (which checks the UTF-8) and goes on over the same, unchanged
 * bytes; a call from > 0 on another text checks it again. */
int profile_match_at(const struct pcre2_real_code_8 *re, const char *text, size_t len,
                     size_t from, size_t *start, size_t *end);
/* profile_match_at on the text of the previous call, its bytes unchanged
 * since (another pattern over the same text): its UTF-8 is not checked
 * again. */
int profile_match_same(const struct pcre2_real_code_8 *re, const char *text, size_t len,
                       size_t from, size_t *start, size_t *end);

/* Whether s[0..len) is an id: a lower-case letter, then up to 63 lower-
 * case letters, digits and hyphens (the ids of a contract and of a
 * profile alike). */
bool profile_is_ident(const char *s, size_t len);

/* Screens n texts (texts[i], lens[i] bytes) for a list of patterns at
 * once: each pattern whose matches depend on the matched bytes alone
 * (and \b at their ends) runs once over the texts joined by line feeds,
 * instead of once per text. Returns per text the set of patterns that
 * may match it (bit i: pats[i]; a pattern that is not local, or does not
 * run JIT-compiled, is in every set), for the caller to run those alone
 * as before; the caller frees it. NULL when it cannot tell (no such
 * pattern, more than 64, no text but empty ones, a limit hit, a text not
 * UTF-8): then every pattern may match every text. */
uint64_t *profile_screen(const profile_pattern *pats, size_t np, const char *const *texts,
                         const size_t *lens, size_t n);
/* Whether profile_screen screens any pattern of the list (else it
 * returns NULL, and gathering texts for it is wasted). */
bool profile_can_screen(const profile_pattern *pats, size_t np);

/* The label for key in lang exactly as the profile defines it (no fallback);
 * NULL when absent. */
/* The recurrence word in lang (lower case), or NULL. */
const profile_recur_word *profile_recur_find(const profile *p, const char *lang, const char *word);
const char *profile_label_lookup(const profile *p, const char *lang, const char *key);

/* JIT-compiles every pattern of the profiles loaded so far now, whatever
 * work each has done: for a batch, whose children (forked after this)
 * would each count from nothing and interpret their patterns. */
void profile_jit_all(void);
/* Says how much text the contract about to be checked has: from 64 KB
 * on, a pattern is JIT-compiled at its first match rather than after
 * 16 KB of subject (a large contract walks it over all its text). */
void profile_jit_expect(size_t text_bytes);

/* Frees every cached profile (for leak checkers at exit); profile_get
 * loads again afterwards. */
void profile_unload_all(void);

/* The skeleton definition used by `new`, for lang (falls back to the
 * default language); NULL if the profile has none. */
const char *profile_skeleton(const profile *p, const char *lang, size_t *len);

#endif
