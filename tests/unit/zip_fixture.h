/* zip_fixture.h - writes a package the test assembled with zip_out to a
 * file, for the unit tests that need reference documents on disk
 * (test_docx.c, test_reftype.c). Include after unit.h. */
#ifndef WK_ZIP_FIXTURE_H
#define WK_ZIP_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "util.h"
#include "zipio.h"

/* Finishes z (and frees it) and writes its bytes to path; every step is
 * a CHECK, so a fixture that could not be written fails the test. */
static void unit_write_package(zip_out *z, const char *path) {
  buf out;
  buf_init(&out);
  char *err = NULL;
  CHECK_INT(zip_out_finish(z, &out, &err), 0);
  free(err);
  zip_out_free(z);
  FILE *f = fopen(path, "wb");
  CHECK(f != NULL);
  if (f) {
    CHECK_INT(fwrite(out.data, 1, out.len, f), out.len);
    CHECK_INT(fclose(f), 0);
  }
  buf_free(&out);
}

#endif
