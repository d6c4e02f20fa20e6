/* fuzz_zipin.c - libFuzzer target for zipio's reading side alone: the input
 * is a zip archive, opened from memory and every entry read. Holds zipio to
 * its caps (no entry longer than ZIP_IN_MAX_ENTRY, no more than
 * ZIP_IN_MAX_TOTAL in all, counted from what was returned). With
 * WK_ZIPIN_REPORT set it prints what it read, which tests/t-refdoc-hostile.sh
 * uses to see the archive cap refuse an entry. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"
#include "zipio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *err = NULL;
  zip_in *z = zip_in_open_buffer(data, size, &err);
  size_t total = 0, n_read = 0, n_refused = 0;
  for (size_t i = 0; z && i < zip_in_count(z); i++) {
    const char *name = zip_in_name(z, i);
    if (!name || !zip_in_has(z, name)) abort(); /* the directory lists it */
    char *d = NULL, *rerr = NULL;
    size_t len = 0;
    int rc = zip_in_read(z, name, &d, &len, &rerr);
    if (rc == 0) {
      if (len > ZIP_IN_MAX_ENTRY) abort();
      total += len;
      n_read++;
      if (total > ZIP_IN_MAX_TOTAL) abort();
    } else if (rc < 0) {
      if (!rerr) abort(); /* a failure always says why */
      n_refused++;
    }
    free(d);
    free(rerr);
  }
  if (getenv("WK_ZIPIN_REPORT"))
    printf("%s: %zu entries read, %zu bytes, %zu refused%s%s\n", z ? "opened" : "refused", n_read,
           total, n_refused, err ? ": " : "", err ? err : "");
  zip_in_close(z);
  free(err);
  return 0;
}
