/* check.h - the semantic checks of spec section 4: everything `check`
 * reports beyond what loading found (missing fields, references, roles,
 * commitments, dates, body sections, placeholders, variables, signatures). */
#ifndef WK_CHECK_H
#define WK_CHECK_H

#include "diag.h"
#include "model.h"

/* Reports every finding on c to dl (never stops at the first). Runs in time
 * linear in the size of the contract (up to sorting). When the front matter
 * could not be read at all (no front matter, YAML syntax error), nothing
 * more is reported, so one broken line does not drown in follow-up errors. */
void check_contract(const contract *c, diag_list *dl);

#endif
