/* cmd_check.c - the `check` command: loads and checks each file, prints the
 * findings as text or one JSON array, exits 0 / 1 (errors) / 2 (usage, I/O). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "commands.h"
#include "diag.h"
#include "i18n.h"
#include "model.h"

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

  bool errors = false, failed = false;
  if (json) diag_json_begin(stdout);
  for (; i < argc; i++) {
    diag_list dl;
    diag_list_init(&dl, argv[i]);
    contract *c = model_load(argv[i], &dl);
    if (!c) {
      failed = true; /* model_load named the file on stderr */
    } else {
      check_contract(c, &dl);
      diag_sort(&dl);
      if (json) diag_json_items(stdout, &dl, strict);
      else diag_print_text(stdout, &dl, strict);
      if (diag_has_errors(&dl, strict)) errors = true;
    }
    model_free(c);
    diag_list_free(&dl);
  }
  if (json) diag_json_end(stdout);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    perror("wijkcontract: standard output");
    return 2;
  }
  return failed ? 2 : errors ? 1 : 0;
}
