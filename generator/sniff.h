/* sniff.h - recognises an input that is no UTF-8 text before it is read
 * as one: an office document or PDF, UTF-16, or Latin-1/Windows-1252, so
 * that the user gets one finding that says what the file is and what to
 * do, instead of one per NUL or stray byte. */
#ifndef WK_SNIFF_H
#define WK_SNIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Reports what data[0..len) is when it is not a text file in UTF-8 (one
 * finding, at the first byte that shows it) and returns true; false for
 * UTF-8 text (with or without a byte-order mark), which the loader reads. */
bool sniff_report(const char *data, size_t len, diag_list *dl);

#endif
