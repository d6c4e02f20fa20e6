/* wkparts.c - turns a fuzz input in the WKPARTS form into a zip package
 * (wkparts.h). */
#include "wkparts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zipio.h"

static bool contains(const uint8_t *d, size_t n, const char *s) {
  size_t k = strlen(s);
  for (size_t i = 0; i + k <= n; i++)
    if (memcmp(d + i, s, k) == 0) return true;
  return false;
}

/* "WKPARTS\n== NAME\ncontent\n== NAME2\n..." -> a zip in out. */
static void zip_parts(const uint8_t *d, size_t n, buf *out, bool *is_docx) {
  zip_out *z = zip_out_new();
  size_t i = 8;
  *is_docx = false;
  while (i + 3 <= n && memcmp(d + i, "== ", 3) == 0) {
    size_t ns = i + 3, ne = ns;
    while (ne < n && d[ne] != '\n') ne++;
    size_t cs = ne < n ? ne + 1 : n, ce = cs;
    while (ce < n && !(d[ce] == '\n' && ce + 3 < n && memcmp(d + ce + 1, "== ", 3) == 0)) ce++;
    char *name = xstrndup((const char *)d + ns, ne - ns);
    if (strncmp(name, "word/", 5) == 0) *is_docx = true;
    if (*name && strlen(name) == ne - ns)
      zip_out_add(z, name, d + cs, ce - cs, strcmp(name, "mimetype") == 0);
    free(name);
    i = ce < n ? ce + 1 : n;
  }
  char *err = NULL;
  if (zip_out_finish(z, out, &err) != 0) buf_reset(out); /* e.g. a name twice */
  free(err);
  zip_out_free(z);
}

void wkparts_package(const uint8_t *data, size_t size, buf *out, bool *is_docx) {
  buf_reset(out);
  if (size >= 8 && memcmp(data, "WKPARTS\n", 8) == 0) {
    zip_parts(data, size, out, is_docx);
  } else {
    *is_docx = contains(data, size, "word/");
    buf_add(out, data, size);
  }
}

const char *wkparts_write(const uint8_t *data, size_t size, char paths[2][64], buf *pkg) {
  bool is_docx;
  wkparts_package(data, size, pkg, &is_docx);
  const char *path = paths[is_docx];
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(pkg->data, 1, pkg->len, f) != pkg->len || fclose(f) != 0) abort();
  return path;
}
