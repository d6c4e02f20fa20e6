/* unit.h - a tiny test harness for the C unit tests in tests/unit/: each
 * test binary counts CHECKs and prints "N passed, N failed" last. */
#ifndef WK_UNIT_H
#define WK_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_passed, unit_failed;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (cond) unit_passed++;                                                   \
    else {                                                                     \
      unit_failed++;                                                           \
      printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                   \
    }                                                                          \
  } while (0)

#define CHECK_STR(got, want)                                                   \
  do {                                                                         \
    const char *g_ = (got), *w_ = (want);                                      \
    if (g_ && w_ && strcmp(g_, w_) == 0) unit_passed++;                        \
    else {                                                                     \
      unit_failed++;                                                           \
      printf("FAIL %s:%d: %s = \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
             #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)");                    \
    }                                                                          \
  } while (0)

#define CHECK_INT(got, want)                                                   \
  do {                                                                         \
    long g_ = (long)(got), w_ = (long)(want);                                  \
    if (g_ == w_) unit_passed++;                                               \
    else {                                                                     \
      unit_failed++;                                                           \
      printf("FAIL %s:%d: %s = %ld, expected %ld\n", __FILE__, __LINE__, #got, \
             g_, w_);                                                          \
    }                                                                          \
  } while (0)

static inline int unit_finish(void) {
  printf("%d passed, %d failed\n", unit_passed, unit_failed);
  return unit_failed ? 1 : 0;
}

#endif
