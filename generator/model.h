/* model.h - the contract definition as loaded: front matter fields with the
 * position each came from, and the Markdown body as a cmark-gfm tree.
 * Built by load.c, read (const) by check, compose, the writers and the
 * workflows. */
#ifndef WK_MODEL_H
#define WK_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

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

typedef struct {
  srcpos pos;
  mtext id, party, challenge, text, obligation, impact, measure, due, recurrence, resources;
  mtext_list beneficiaries; /* text or list; a text is a one-item list */
} commitment;

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

/* Document language: `language` if set and valid, else the profile's. */
const char *model_language(const contract *c);
/* Stage of the contract's status: 0 draft, 1 final, 2 signed (profile's
 * draft stage when status is absent or unknown). */
int model_stage(const contract *c);

/* Variables {{ path }} in body text. model_variable returns the value of a
 * path such as "parties.gemeente.name" (NULL when it names nothing); the
 * names returned by model_variable_names are the valid paths of c,
 * comma-separated, for messages. */
const mtext *model_variable(const contract *c, const char *path, size_t len);
char *model_variable_names(const contract *c);

/* Calls fn for every {{ ... }} in text[0..len): start/len of the whole
 * reference (braces included) and of the trimmed path inside it. Uses pcre2. */
typedef void (*model_var_fn)(void *ctx, size_t ref_start, size_t ref_len,
                             const char *path, size_t path_len);
void model_each_variable(const char *text, size_t len, model_var_fn fn, void *ctx);

/* Parses YYYY-MM-DD into days since 1970-01-01; false if malformed or no
 * such day. */
bool model_parse_date(const char *s, size_t len, long *days);

#endif
