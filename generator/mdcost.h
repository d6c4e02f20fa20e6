/* mdcost.h - bounds, estimated from the text before it is parsed, on the
 * work cmark-gfm 0.29.0.gfm.6 does beyond linear time (mdcost.c). */
#ifndef WK_MDCOST_H
#define WK_MDCOST_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* The limits (documented in README): each bounds a sum over the whole
 * body, in units of about ten instructions of the library's work. */
#define MDCOST_MAX_INLINE 16000000ULL  /* stacks of delimiters and brackets, tag scans */
#define MDCOST_MAX_NESTING 16000000ULL /* container depth times what lies in it */
#define MDCOST_MAX_LINKS 32000000ULL   /* web-address scans to the end of a word */

/* The estimates of one body. */
typedef struct {
  unsigned long long inline_work, nesting_work, link_work;
} mdcost;

/* Estimates the work for the body s[0..len) (its first line is first_line
 * of the file) into *cost, stopping at the first limit it passes: then it
 * reports that (invalid-text) at the paragraph or word where the sum
 * crossed the limit, sets *at to that place and returns false. */
bool mdcost_fits(const char *s, size_t len, int first_line, mdcost *cost, diag_list *dl, srcpos *at);

#endif
