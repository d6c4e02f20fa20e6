/* regress.c - runs a fuzz target over files without libFuzzer, so the
 * regression inputs and seed corpora run in `make test` (and under ASan)
 * with the ordinary compiler. Usage: regress-TARGET FILE|DIR... */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path) {
  char *data = NULL;
  size_t len = 0;
  if (read_file(path, 64 * 1024 * 1024, &data, &len) != 0) {
    fprintf(stderr, "regress: cannot read %s\n", path);
    return 1;
  }
  /* an exact-size copy, so ASan sees reads past the end of the input */
  char *exact = xmalloc(len ? len : 1);
  memcpy(exact, data, len);
  free(data);
  LLVMFuzzerTestOneInput((const uint8_t *)exact, len);
  free(exact);
  printf("ok %s\n", path);
  return 0;
}

int main(int argc, char **argv) {
  int bad = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) { fprintf(stderr, "regress: no %s\n", argv[i]); bad++; continue; }
    if (!S_ISDIR(st.st_mode)) { bad += run_file(argv[i]); continue; }
    DIR *d = opendir(argv[i]);
    if (!d) { bad++; continue; }
    struct dirent *e;
    while ((e = readdir(d))) {
      if (e->d_name[0] == '.') continue;
      char *p = xasprintf("%s/%s", argv[i], e->d_name);
      struct stat st2;
      if (stat(p, &st2) == 0 && S_ISREG(st2.st_mode)) bad += run_file(p);
      free(p);
    }
    closedir(d);
  }
  return bad ? 2 : 0;
}
