/* model.h - the contract definition as loaded: front matter fields with the
 * position each came from, and the Markdown body as a cmark-gfm tree.
 * Built by load.c, read (const) by check, compose, the writers and the
 * workflows. */
#ifndef WK_MODEL_H
#define WK_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "money.h"
#include "util.h"

struct cmark_node;
struct profile;
struct model_index;

/* A text value. s is NULL when the field is absent; otherwise a
 * NUL-terminated copy of len bytes. Characters that cannot appear in a
 * document (a NUL or control character written as a YAML escape; loading
 * reported them as invalid-text) are replaced by U+FFFD, so s holds no NUL
 * before its end.
 * pos is the value's position; key_pos is its key's (for "missing" or
 * "empty" messages pos may be 0 and key_pos names the mapping). */
typedef struct {
  char *s;
  size_t len;
  srcpos pos;
  srcpos key_pos;
  bool wrong_type; /* the value had the wrong shape (wrong-type was reported;
                      s is NULL): do not also report it missing */
} mtext;

static inline bool mtext_set(const mtext *t) { return t->s != NULL; }
/* Set and not only white space. */
bool mtext_nonempty(const mtext *t);
/* A copy of the value, "" when it is not set (free it). */
char *mtext_dup(const mtext *t);

/* A list of text values (evaluations, beneficiaries, role holders). */
typedef struct {
  mtext *items;
  size_t n;
  bool present; /* the key was given (possibly as an empty list) */
  srcpos pos;   /* of the value (the list, or the scalar promoted to one) */
  srcpos key_pos;
  bool wrong_type; /* the value had the wrong shape (reported; n == 0) */
} mtext_list;

typedef struct {
  srcpos pos;
  mtext name;
  mtext function;
} signatory;

typedef struct {
  srcpos pos; /* of the party's mapping */
  mtext id, name, short_name /* key `short` */, type, registration, address, mission;
  signatory *signatories; /* `signatory`: one map or a list of maps */
  size_t n_signatories;
  bool has_signatory_key;
  srcpos signatory_pos;
} party;

/* One role of a challenge: role id -> holders (party ids). */
typedef struct {
  mtext role;          /* the key, pos = key position */
  mtext_list holders;  /* a single party id is promoted to a one-item list */
} role_assignment;

typedef struct {
  srcpos pos;
  mtext id, title, description;
  role_assignment *roles;
  size_t n_roles;
  bool has_roles;
  srcpos roles_pos;
} challenge;

/* An `amount` (v2): money the committing party contributes. */
typedef struct {
  bool present;    /* the key was given (as a mapping) */
  srcpos pos;      /* of the mapping */
  srcpos key_pos;
  mtext value, currency, per, times, note;
} mamount;

/* A numeric `target` (v2). */
typedef struct {
  bool present;
  srcpos pos;
  srcpos key_pos;
  mtext indicator, baseline, value, unit, by;
} mtarget;

typedef struct {
  srcpos pos;
  /* `party`: who commits. parties holds every id (a single id is a
   * one-item list; several make a joint commitment, v2); party is the
   * first of them, for code that shows one owner. */
  mtext id, party, challenge, text, obligation, impact, measure, due, recurrence, resources;
  mtext_list parties;
  mtext_list beneficiaries; /* text or list; a text is a one-item list */
  /* v2 */
  mtext_list to;            /* recipients: a party id or a list of them */
  mamount amount;
  mtarget target;
  mtext after, until, remedy;
} commitment;

/* v2: a condition the agreement depends on. */
typedef struct {
  srcpos pos;
  mtext id, text, status, due;
} condition;

/* v2: a reporting duty. */
typedef struct {
  srcpos pos;
  mtext party, to, every, about;
} report_duty;

/* v2: one version in the amendment history. */
typedef struct {
  srcpos pos;
  mtext version, date, summary;
} amendment;

/* v2: what happened to a commitment, recorded at an evaluation. */
typedef struct {
  srcpos pos;
  mtext commitment, date, status, value, note;
} progress_record;

/* v2: a warning the parties have weighed and accept. */
typedef struct {
  srcpos pos;
  mtext check, subject, reason;
} acknowledgement;

typedef struct {
  srcpos pos;
  mtext party, name, date, place, function;
} signature;

/* One schuurpapier entry, in file order; the key is checked against the
 * profile's axis ids by check.c. */
typedef struct {
  mtext key;
  mtext value;
} axis_entry;

/* Which top-level keys were present, for missing-field. */
typedef struct {
  bool present;
  srcpos key_pos;
  srcpos pos;
  bool wrong_type; /* present with the wrong shape (reported; nothing bound) */
} mfield;

typedef struct contract {
  char *path;            /* as given on the command line */
  char *source;          /* the file as read (NUL-terminated) */
  size_t source_len;
  char fingerprint[65];  /* SHA-256 hex of source with CRLF -> LF */
  /* What was parsed: source with line endings normalised to LF, without a
   * byte-order mark, invalid characters replaced by spaces (so columns
   * stay those of the file). */
  char *text;
  size_t text_len;

  bool has_front_matter; /* a terminated front matter block was found */
  srcpos front_matter_pos; /* line of the opening `---` */
  /* The metadata could not be read completely (no or unterminated front
   * matter, a YAML error or limit that stopped parsing, file too large):
   * checks of missing fields and counts would only add noise. */
  bool front_matter_incomplete;

  mtext kind, title, area, language, version, status, date;
  mfield period;
  mtext period_start, period_end;
  mtext_list evaluations;

  party *parties;
  size_t n_parties;
  mfield parties_field;
  challenge *challenges;
  size_t n_challenges;
  mfield challenges_field;
  commitment *commitments;
  size_t n_commitments;
  mfield commitments_field;
  axis_entry *schuurpapier;
  size_t n_schuurpapier;
  mfield schuurpapier_field;
  signature *signatures;
  size_t n_signatures;
  mfield signatures_field;
  /* v2 */
  condition *conditions;
  size_t n_conditions;
  mfield conditions_field;
  report_duty *reports;
  size_t n_reports;
  mfield reports_field;
  amendment *amendments;
  size_t n_amendments;
  mfield amendments_field;
  progress_record *progress;
  size_t n_progress;
  mfield progress_field;
  acknowledgement *acknowledge;
  size_t n_acknowledge;
  mfield acknowledge_field;

  /* The body: Markdown after the closing `---`. body_line is the file line
   * of the body's first line; cmark positions are relative to it, map them
   * with model_body_pos(). */
  const char *body_text; /* points into text */
  size_t body_len;
  int body_line;
  struct cmark_node *body; /* CMARK_NODE_DOCUMENT, owned; NULL if not parsed
                              (no front matter, or over a body limit of
                              load.c: nesting, size, table width) */
  /* The body (or, over the file size limit, the whole file) was refused by
   * a limit of load.c, reported at body_refused_pos: even a draft would
   * lack the text, so `build` writes nothing. */
  bool body_refused;
  srcpos body_refused_pos;

  /* The profile named by `kind` (or the default); NULL when kind names no
   * shipped profile (check reports invalid-value). */
  const struct profile *profile;

  struct model_index *index; /* id look-ups, private to model.c */
  /* The bytes of every mtext above, in blocks freed with the contract
   * (load.c): no text is allocated or freed alone. */
  struct model_strings *strings;
} contract;

/* Loads path: reads it (size limit), splits front matter and body, parses
 * both, binds the YAML to the schema above. Syntax-level problems go to dl
 * (front-matter, yaml-syntax, duplicate-key, unknown-key, wrong-type,
 * invalid-text). Returns NULL only when the file cannot be read: then an
 * error naming the file has been printed to stderr (exit status 2). */
contract *model_load(const char *path, diag_list *dl);
/* Same from memory (tests, fuzzing); name is used in diagnostics. */
contract *model_load_buffer(const char *name, const char *data, size_t len, diag_list *dl);
void model_free(contract *c); /* accepts NULL */

/* For load.c: builds and frees the id index behind the look-ups below. */
void model_build_index(contract *c);
void model_free_index(contract *c);

/* File position of a cmark node (start line/column mapped to the file). */
srcpos model_body_pos(const contract *c, struct cmark_node *node);

/* Look-ups by id (NULL when absent). */
const party *model_party(const contract *c, const char *id);
const challenge *model_challenge(const contract *c, const char *id);
/* Index of the party/challenge, or -1. */
long model_party_index(const contract *c, const char *id);
long model_challenge_index(const contract *c, const char *id);

/* v2 look-ups: commitments and conditions by id (NULL / -1 when absent). */
const commitment *model_commitment(const contract *c, const char *id);
long model_commitment_index(const contract *c, const char *id);
const condition *model_condition(const contract *c, const char *id);
/* The citation number of a commitment: 1, 2, 3 ... in file order. */
size_t model_commitment_number(const contract *c, const commitment *cm);

/* The amount of a commitment, read: value of one period, times, the
 * exact total (value x times, in hundredths) and the currency (its own
 * code, or the profile's default). False when the commitment has no
 * amount or one that does not check (invalid number or currency). */
typedef struct {
  long long value;      /* hundredths */
  long long times;
  long long total;      /* hundredths */
  const char *currency; /* ISO 4217 code */
  const char *per;      /* id of the profile's period word, or NULL */
} model_money;
bool model_amount(const contract *c, const commitment *cm, model_money *out);
/* What party p contributes: the totals of the commitments it makes (a
 * joint one counts for each of its parties), per currency. Owned by c;
 * NULL when p is out of range. */
const money_totals *model_party_totals(const contract *c, size_t p);

/* The articles of the body: its top-level level-1 headings (numbered 1,
 * 2, ...) and level-2 headings (1.1, 1.2 ...), each with the slug of its
 * text (lower case, accents dropped, every run of other characters a
 * hyphen: "Geschillen en klachten" -> "geschillen-en-klachten"). */
typedef struct {
  char *slug;
  int number;     /* the article's number */
  int sub;        /* 0 for an article, else the sub-article's number */
  struct cmark_node *heading;
} model_article;
const model_article *model_articles(const contract *c, size_t *n);
/* The first article whose slug is slug[0..len), or NULL. */
const model_article *model_article_find(const contract *c, const char *slug, size_t len);
/* Appends the slug of text[0..len) to out. */
void model_slug(const char *text, size_t len, buf *out);
/* The plain text of a heading (text and code, breaks as spaces). */
void model_heading_text(struct cmark_node *heading, buf *out);

/* Document language: `language` if set and valid, else the profile's. */
const char *model_language(const contract *c);
/* Stage of the contract's status: 0 draft, 1 final, 2 signed (profile's
 * draft stage when status is absent or unknown). */
int model_stage(const contract *c);

/* Calls fn for every {{ ... }} in text[0..len): start/len of the whole
 * reference (braces included) and of the trimmed path inside it. Uses pcre2. */
typedef void (*model_var_fn)(void *ctx, size_t ref_start, size_t ref_len,
                             const char *path, size_t path_len);
void model_each_variable(const char *text, size_t len, model_var_fn fn, void *ctx);

/* Parses YYYY-MM-DD into days since 1970-01-01; false if malformed or no
 * such day. */
bool model_parse_date(const char *s, size_t len, long *days);

#endif
