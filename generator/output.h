/* output.h - writing result files without ever losing anything: a
 * temporary file in the target directory, written, flushed and renamed over
 * the target; never the input; never a partial file. */
#ifndef WK_OUTPUT_H
#define WK_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

/* Writes data to path atomically. Refuses (returns 1, *err set) when path
 * is the same file as any of inputs (NULL-terminated list, may be NULL).
 * Returns 0, or -1 with *err (malloc'd, names the file and the reason) on an
 * I/O failure, after removing the temporary file. */
int output_write(const char *path, const void *data, size_t len, const char *const *inputs,
                 char **err);

#endif
