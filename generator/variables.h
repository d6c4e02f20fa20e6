/* variables.h - the {{ path }} variables of the body (spec 2.2): which
 * paths a contract knows, their values written for readers in the
 * document's language (dates, amounts, article references), capitalised
 * where a sentence starts, and the nearest known paths for a wrong one.
 * Documents expand text through var_expand alone. */
#ifndef WK_VARIABLES_H
#define WK_VARIABLES_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "util.h"

struct cmark_node;

/* Appends text[0..len) to out with every {{ path }} replaced by its value;
 * a path that names nothing, or has no value (a contract without `date`),
 * stays as written (check reports the first kind). A value that starts a
 * sentence is capitalised: at the start of text when at_start, or after
 * ". ", "! " or "? ". */
void var_expand(const contract *c, const char *text, size_t len, bool at_start, buf *out);

/* Whether the text of a cmark text node begins a sentence, for at_start:
 * it is the first text of its paragraph, heading or table cell (or only
 * emphasis opens before it), or the text before it ends a sentence with
 * '.', '!' or '?' (then a space or a line break). */
bool var_starts_sentence(struct cmark_node *text);

/* Whether path[0..len) names something in c; with out, its value is
 * appended (possibly nothing, for a field the contract leaves out). */
bool var_value(const contract *c, const char *path, size_t len, buf *out);

/* Values of the front matter written for readers in the document's
 * language, for every output that shows them (documents, review, diff):
 * a date ("1 januari 2027"; as written when it is no valid date), an
 * amount ("€ 45.000 per jaar, 2 keer (totaal € 90.000)"; its value as
 * written when it does not check), a target ("aandeel: 20% -> 70%,
 * uiterlijk 1 januari 2027") and a number of a target ("12,5"). Each
 * appends to out; nothing for an absent value. */
void var_date(const contract *c, const mtext *date, buf *out);
void var_amount(const contract *c, const commitment *cm, buf *out);
void var_target(const contract *c, const commitment *cm, buf *out);
void var_number(const contract *c, const mtext *number, buf *out);

/* The paths nearest a wrong one, for undefined-variable. Made once per
 * check run: the comparisons it spends over the run are bounded, so a
 * body full of wrong paths in a contract with thousands of parties stays
 * fast (past the bound, only the fixed paths and exact ids are tried). */
typedef struct var_names var_names;
var_names *var_names_new(const contract *c);
void var_names_free(var_names *vn); /* accepts NULL */
/* "parties.gemeente.name, parties.gemeente.short" (at most three, nearest
 * first), or NULL when no known path is near. malloc'd. */
char *var_names_suggest(var_names *vn, const char *path, size_t len);
/* When path starts with a collection ("parties.", "articles.") but names
 * no id of it: that collection's name and its ids, "gemeente, buurt"
 * (cut after cap, with the number of the others), for the message; NULL
 * otherwise. malloc'd. */
char *var_names_ids(var_names *vn, const char *path, size_t len, size_t cap,
                    const char **which);
/* The forms of every path, for a message without a suggestion. */
const char *var_forms(void);

#endif
