/* cmd_check.c - the `check` command: loads and checks each file, prints the
 * findings as text or one JSON array, exits 0 / 1 (errors) / 2 (usage, I/O). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "commands.h"
#include "diag.h"
#include "i18n.h"
#include "model.h"
#include "util.h"

/* "N, " with the singular or plural msgid (the languages we ship have
 * one form for 1 and one for the rest). */
static void count_words(buf *b, size_t n, const char *zero, const char *one, const char *many) {
  if (b->len) buf_adds(b, ", ");
  if (n == 0) buf_adds(b, zero);
  else if (n == 1) buf_adds(b, one);
  else buf_printf(b, many, n);
}

/* The closing line on stderr, so that a clean file says so and a user
 * sees how far they are: "2 files: 1 error, 3 warnings". */
static void print_summary(size_t n_files, const size_t counts[3], size_t n_failed) {
  buf b;
  buf_init(&b);
  count_words(&b, counts[DIAG_ERROR], _("no errors"), _("1 error"), _("%zu errors"));
  count_words(&b, counts[DIAG_WARNING], _("no warnings"), _("1 warning"), _("%zu warnings"));
  if (counts[DIAG_NOTE]) count_words(&b, counts[DIAG_NOTE], "", _("1 note"), _("%zu notes"));
  if (n_failed) count_words(&b, n_failed, "", _("1 file not read"), _("%zu files not read"));
  char *files = n_files == 1 ? xstrdup(_("1 file")) : xasprintf(_("%zu files"), n_files);
  fflush(stdout); /* after the findings, also when both go to one pipe */
  fprintf(stderr, "%s: %s\n", files, b.data);
  free(files);
  buf_free(&b);
}

int cmd_check(int argc, char **argv) {
  bool json = false, strict = false, quiet = false;
  const char *format = NULL;
  const cli_option opts[] = {{"--format", "-f", NULL, &format},
                             {"--strict", NULL, &strict, NULL},
                             {"--quiet", "-q", &quiet, NULL},
                             {NULL, NULL, NULL, NULL}};
  int n_files;
  int rc = cli_parse("check", argc, argv, opts, &n_files);
  if (rc) return rc;
  if (format) {
    if (strcmp(format, "json") == 0) json = true;
    else if (strcmp(format, "text") != 0) return usage_error("check", _("unknown format '%s': use text or json"), format);
  }
  if (n_files == 0) return usage_error("check", _("no file to check"));
  int i = 1;
  argc = n_files + 1;

  bool errors = false;
  size_t counts[3] = {0, 0, 0}, n_failed = 0;
  if (json) diag_json_begin(stdout);
  for (; i < argc; i++) {
    diag_list dl;
    diag_list_init(&dl, argv[i]);
    contract *c = model_load(argv[i], &dl);
    if (!c) {
      n_failed++; /* model_load named the file on stderr */
    } else {
      check_contract(c, &dl);
      diag_sort(&dl);
      if (json) diag_json_items(stdout, &dl, strict);
      else diag_print_text(stdout, &dl, strict);
      if (diag_has_errors(&dl, strict)) errors = true;
      for (size_t k = 0; k < dl.n; k++) counts[dl.items[k].severity]++;
    }
    model_free(c);
    diag_list_free(&dl);
  }
  if (json) diag_json_end(stdout);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    perror("wijkcontract: standard output");
    return 2;
  }
  if (!json && !quiet) print_summary((size_t)n_files, counts, n_failed);
  return n_failed ? 2 : errors ? 1 : 0;
}
