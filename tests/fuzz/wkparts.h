/* wkparts.h - the WKPARTS input form of the package harnesses
 * (fuzz_refdoc, fuzz_verify): "WKPARTS\n" and then each part as
 * "== NAME\n" + content, zipped by the harness with correct checksums so
 * that mutations reach the XML, which raw zip mutations rarely do. */
#ifndef WK_FUZZ_WKPARTS_H
#define WK_FUZZ_WKPARTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* The package the input stands for, into out (reset first): zipped from
 * its parts when it starts with "WKPARTS\n", else the bytes as they are.
 * *is_docx: whether a part name (or, raw, the bytes) says "word/".
 * A WKPARTS input that cannot be zipped (a name twice) gives no bytes. */
void wkparts_package(const uint8_t *data, size_t size, buf *out, bool *is_docx);

/* The package of the input written to the file paths[1] when it is a
 * DOCX, else paths[0]; returns that path, and leaves the bytes in pkg.
 * Aborts when the file cannot be written. */
const char *wkparts_write(const uint8_t *data, size_t size, char paths[2][64], buf *pkg);

#endif
