/* check_impl.h - state and helpers shared by the files of the check stage
 * (check.c: front matter, check_sign.c: signatures, check_body.c: Markdown
 * body, check_util.c: helpers). Not a public interface: everything else
 * includes check.h only. */
#ifndef WK_CHECK_IMPL_H
#define WK_CHECK_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"
#include "profile.h"

/* Lists of ids or names in messages stop after this many, so a contract
 * with thousands of parties still gets a readable message. */
#define CK_LIST_CAP 12
/* Findings of one kind reported per text (a paragraph, a value): a text
 * full of placeholders gets this many, and checking it stays linear. */
#define CK_PER_TEXT 10

/* One run of check_contract. */
typedef struct {
  const contract *c;
  const profile *p;       /* NULL when `kind` names no profile */
  diag_list *dl;
  const char *lang;       /* document language, for labels */
  diag_severity placeholder_sev;
  bool limit_reported;    /* a pattern limit was hit (reported once per node) */
  char **pool;            /* strings made for messages, freed at the end */
  size_t n_pool, cap_pool;
  size_t *line_starts;    /* offsets of the source's lines, built on demand */
  size_t n_lines;
  const char *party_list;     /* known party ids for messages, on demand */
  const char *challenge_list; /* known challenge ids, on demand */
  const char *commitment_list; /* known commitment ids, on demand */
  struct ck_ids *ids;     /* ids seen so far (duplicate-id) */
  bool have_period;       /* the period is valid: */
  long period_start, period_end; /* its days */
  long today;             /* days; build_time() (SOURCE_DATE_EPOCH) */
  size_t first_finding;   /* findings of dl before this run (the loader's) */
} ck;

/* A string for a message, owned by k (freed when the check ends). */
char *ck_keep(ck *k, char *s);
char *ck_printf(ck *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A role's label as it reads mid-sentence: "handhaver", not "Handhaver"
 * (an initial capital followed by a lower-case letter is lowered; an
 * abbreviation stays). */
const char *ck_role_name(ck *k, const char *role_id);
/* unknown-reference for a party or challenge id that is not defined: the
 * known ids, and the nearest one when it looks like a typo. */
void ck_unknown_party(ck *k, const mtext *id);
void ck_unknown_challenge(ck *k, const mtext *id);
/* User text fit to quote in a message: control characters replaced, long
 * text shortened with an ellipsis. */
const char *ck_quote(ck *k, const char *s, size_t len);
const char *ck_quote_t(ck *k, const mtext *t);

/* "a, b, c" of the char * field at `offset` in n elements of `size` bytes,
 * cut after `cap` items with a count of the rest; "(none)" when empty. */
const char *ck_join(ck *k, const void *base, size_t n, size_t size, size_t offset, size_t cap);
#define CK_JOIN(k, arr, n, type, field, cap) \
  ck_join((k), (arr), (n), sizeof(type), offsetof(type, field), (cap))
#define CK_JOIN_STRS(k, arr, n) ck_join((k), (arr), (n), sizeof(char *), 0, SIZE_MAX)
/* Known party / challenge ids for unknown-reference messages (cut). */
const char *ck_known_parties(ck *k);
const char *ck_known_challenges(ck *k);

/* Runs re over text; on a limit hit reports "too complex" at pos and returns
 * -1. Returns 1 with start/end on a match, 0 on none. same: text is that
 * of the previous ck_match, unchanged (profile_match_same). */
int ck_match(ck *k, const struct pcre2_real_code_8 *re, const char *text, size_t len, bool same,
             size_t *start, size_t *end, srcpos pos, const char *what);

/* Reports every placeholder in text[0..len), each at its own line and
 * column: of the front matter value `value` (text is its text), or, with
 * value NULL, of body text whose first byte is at pos. */
void ck_placeholders(ck *k, const char *text, size_t len, srcpos pos, const mtext *value);

/* File position of text[start..end) of a body literal whose first byte is
 * at `first`: the line follows the literal's newlines, the column is where
 * the matched bytes really are on that file line (entities, escapes and
 * stripped indentation make literal offsets and columns differ). */
srcpos ck_body_spot(ck *k, srcpos first, const char *text, size_t start, size_t end);

/* The file position of t->s[start..end) of a front matter value: where
 * those bytes are within the value's lines, else the value's position. */
srcpos ck_value_spot(ck *k, const mtext *t, size_t start, size_t end);

/* Placeholders in a front matter value (if set). */
void ck_placeholders_t(ck *k, const mtext *t);

/* The field was given with the wrong shape: load reported it (wrong-type),
 * so it is not also reported missing. */
bool ck_unusable(const mtext *t);
/* A required text field: reports it missing (at `where`, the enclosing
 * mapping, "in <in>") or empty (at the value). True when it has text. */
bool ck_need_text(ck *k, const mtext *t, const char *key, srcpos where, const char *in);
/* An optional date: reports an invalid one; true with *days when valid. */
bool ck_date(ck *k, const mtext *t, long *days);

/* An id of a party, challenge, commitment or condition: reports it
 * missing, invalid or used before (check.c); true when it is fine. */
bool ck_id(ck *k, const mtext *id, srcpos where, const char *in);
/* outside-period for a date of the contract: what names it, with name in
 * its %s when name is not NULL (put together only when it is reported). */
bool ck_outside(ck *k, srcpos pos, const char *what, const char *name, const mtext *date, long day);
/* Known commitment ids for unknown-reference messages (cut). */
const char *ck_known_commitments(ck *k);
/* A plain decimal (`amount`, `target`): invalid-number when it is not
 * one; true with *v (hundredths) when it is. */
bool ck_number(ck *k, const mtext *t, long long *v);

/* check_money.c: the amount and target of a commitment (invalid-number,
 * invalid-currency, their vocabulary and required fields). name: the
 * commitment's id for messages; returns whether it has a target. */
void ck_amount(ck *k, const commitment *cm, const char *name);
bool ck_target(ck *k, const commitment *cm, const char *name);

/* check_duties.c: conditions (open-condition), reports
 * (reporting-burden), amendments (amendment-order) and progress records. */
void ck_conditions(ck *k);
void ck_reports(ck *k);
void ck_amendments(ck *k);
void ck_progress(ck *k);
/* acknowledge: entries checked, matching warnings turned into notes (runs
 * last, over every finding of the run). */
void ck_acknowledge(ck *k);

/* check_sign.c: signatures, signature-mismatch, missing-signature. */
void ck_signatures(ck *k);

/* check_body.c: sections, placeholders, variables and raw HTML. */
void ck_body(ck *k);

#endif
