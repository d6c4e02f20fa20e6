/* ypack.c - build-time tool: parses a profile's YAML with the generator's
 * own parser (yamltree.c) and writes the tree in its packed form, which
 * the binary embeds next to the YAML and unpacks at run time instead of
 * parsing it again on every run (a sixth of a small build's work). A
 * profile that does not parse stops the build here, with the positions.
 * Usage: ypack IN.yaml OUT.ytree */
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "templates.h"
#include "util.h"
#include "yamltree.h"

/* The tool runs before anything is embedded: no message catalogs, so
 * i18n finds none and messages stay in English. */
const template_file *templates_find(const char *name) {
  (void)name;
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: ypack IN.yaml OUT.ytree\n");
    return 2;
  }
  char *text;
  size_t len;
  int rc = read_file(argv[1], 1 << 20, &text, &len);
  if (rc != 0) {
    if (rc == -2) fprintf(stderr, "ypack: %s: larger than 1 MiB\n", argv[1]);
    else perror(argv[1]);
    return 1;
  }
  diag_list dl;
  diag_list_init(&dl, argv[1]);
  ynode *root = ytree_parse(text, len, 1, &dl);
  if (dl.n > 0 || !root) {
    diag_print_text(stderr, &dl, false);
    fprintf(stderr, "ypack: %s: the profile does not parse\n", argv[1]);
    return 1;
  }
  buf out;
  buf_init(&out);
  ytree_pack(root, &out);
  FILE *f = fopen(argv[2], "wb");
  if (!f || fwrite(out.data, 1, out.len, f) != out.len || fclose(f) != 0) {
    perror(argv[2]);
    remove(argv[2]);
    return 1;
  }
  buf_free(&out);
  ynode_free(root);
  diag_list_free(&dl);
  free(text);
  return 0;
}
