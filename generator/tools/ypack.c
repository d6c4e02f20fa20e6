/* ypack.c - build-time tool: parses a profile's YAML with the generator's
 * own parser (yamltree.c) and writes the tree in its packed form, which
 * the binary embeds next to the YAML and unpacks at run time instead of
 * parsing it again on every run (a sixth of a small build's work). A
 * profile that does not parse stops the build here, with the positions.
 * With --patterns it writes instead the profile's phrase patterns compiled
 * by pcre2 and serialized (profile.h: PROFILE_RE_*), which the binary
 * decodes instead of compiling them on every run; a pattern that does not
 * compile is left out, for the run to report.
 * Usage: ypack IN.yaml OUT.ytree | ypack --patterns IN.yaml OUT.pcre2 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "profile.h"
#include "templates.h"
#include "util.h"
#include "yamltree.h"

/* The tool runs before anything is embedded: no message catalogs, so
 * i18n finds none and messages stay in English. */
const template_file *templates_find(const char *name) {
  (void)name;
  return NULL;
}

/* The patterns of the profile found under n, in the tree's order: each
 * `pattern` of an entry and each item of a list of patterns. */
typedef struct {
  pcre2_code **codes;
  buf sources; /* each source and a NUL */
  size_t n, cap;
} patterns;

static void add_pattern(patterns *ps, const ynode *n) {
  if (n->kind != YNODE_SCALAR || strlen(n->text) != n->len) return;
  const char *src = ynode_is_null(n) ? "" : n->text;
  int err;
  PCRE2_SIZE off;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)src, strlen(src), PROFILE_RE_OPTIONS, &err, &off, NULL);
  if (!re) return;
  xgrow((void **)&ps->codes, &ps->cap, ps->n + 1, sizeof *ps->codes);
  ps->codes[ps->n++] = re;
  buf_add(&ps->sources, src, strlen(src) + 1);
}

static void find_patterns(patterns *ps, const ynode *n) {
  static const char *const lists[] = {"output-indicators", "hedges", "placeholders", "public-office"};
  if (n->kind == YNODE_SEQ)
    for (size_t i = 0; i < n->n; i++) find_patterns(ps, n->items[i]);
  if (n->kind != YNODE_MAP) return;
  for (size_t i = 0; i < n->n; i++) {
    const char *key = n->keys[i]->text;
    const ynode *v = n->items[i];
    if (strcmp(key, "pattern") == 0) add_pattern(ps, v);
    for (size_t k = 0; k < sizeof lists / sizeof *lists; k++)
      if (strcmp(key, lists[k]) == 0 && v->kind == YNODE_SEQ)
        for (size_t j = 0; j < v->n; j++) add_pattern(ps, v->items[j]);
    find_patterns(ps, v);
  }
}

static void put_u32(buf *out, size_t v) {
  unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                        (unsigned char)(v >> 24)};
  buf_add(out, (const char *)b, 4);
}

/* The serialized codes, then their sources, then the number of codes and
 * the serialized bytes' length (profile.h). */
static int pack_patterns(const ynode *root, buf *out) {
  patterns ps = {0};
  buf_init(&ps.sources);
  find_patterns(&ps, root);
  uint8_t *bytes = NULL;
  PCRE2_SIZE size = 0;
  if (ps.n > 0 && pcre2_serialize_encode((const pcre2_code **)ps.codes, (int32_t)ps.n, &bytes, &size, NULL) < 0) {
    fprintf(stderr, "ypack: the patterns do not serialize\n");
    return -1;
  }
  buf_add(out, (const char *)bytes, size);
  buf_add(out, ps.sources.data ? ps.sources.data : "", ps.sources.len);
  put_u32(out, ps.n);
  put_u32(out, size);
  pcre2_serialize_free(bytes);
  for (size_t i = 0; i < ps.n; i++) pcre2_code_free(ps.codes[i]);
  free(ps.codes);
  buf_free(&ps.sources);
  return 0;
}

int main(int argc, char **argv) {
  bool patterns_only = argc == 4 && strcmp(argv[1], "--patterns") == 0;
  if (patterns_only) argv++, argc--;
  if (argc != 3) {
    fprintf(stderr, "usage: ypack IN.yaml OUT.ytree | ypack --patterns IN.yaml OUT.pcre2\n");
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
  if (!patterns_only) ytree_pack(root, &out);
  else if (pack_patterns(root, &out) != 0) return 1;
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
