/* cli.c - the command line: global options, then one subcommand; the help
 * texts and the usage errors every command prints. In the library (not in
 * main.c) so that unit tests and fuzz targets link the real ones. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "i18n.h"
#include "util.h"

typedef struct {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *synopsis;
  const char *help; /* msgid */
} command;

static const command commands[] = {
    {"check", cmd_check, "check [--format text|json] [--strict] [-q] FILE...",
     N_("Checks contract definitions for completeness and prints every finding as\n"
        "FILE:LINE:COLUMN: SEVERITY: MESSAGE [CHECK-ID].\n\n"
        "  --format text|json  output format (default text)\n"
        "  --strict            treat warnings as errors\n"
        "  -q, --quiet         no closing count (\"2 files: 1 error, 3 warnings\")\n\n"
        "Exit status: 0 no errors, 1 errors found, 2 usage or I/O failure.\n")},
    {"build", cmd_build,
     "build FILE [-o OUT] [-t odt|docx|pdf] [--reference-doc REF] [--draft] [--force] [--public] [-q]\n"
     "  wijkcontract build FILE... -d DIR [-j N] [-t odt|docx|pdf] [...]",
     N_("Generates the contract as an ODT, DOCX or PDF/A document.\n\n"
        "  -o OUT               output file; its extension picks the format\n"
        "                       (default: NAME.odt in the current directory)\n"
        "  -t odt|docx|pdf      format when -o has no known extension; a PDF is\n"
        "                       made by LibreOffice (soffice, or $SOFFICE)\n"
        "  -d DIR               build every FILE into DIR as NAME.odt (or -t's)\n"
        "  -j N                 with -d: N files at a time (default: processors)\n"
        "  --reference-doc REF  take styles from this .odt or .docx (house style)\n"
        "  --draft              build despite errors; every page is marked draft\n"
        "  --force              replace an existing document with signed status\n"
        "  --public             the public version (Woo): personal data replaced\n"
        "  -q, --quiet          do not print the names of the files written\n\n"
        "Nothing is written when the check finds errors (without --draft).\n"
        "With -d, one file's errors do not stop the others; exit 1 if any failed.\n")},
    {"matrix", cmd_matrix, "matrix FILE [-o OUT]",
     N_("Writes the role matrix: parties as rows, challenges as columns.\n\n"
        "  -o OUT  .txt, .csv, .md, .odt or .docx (default: text on standard output)\n")},
    {"review", cmd_review, "review FILE [--party ID|NAME] [-o OUT]",
     N_("Shows one party what it promises, what others promise it, its roles and\n"
        "every date that concerns it.\n\n"
        "  --party ID|NAME  the party to review: its id, or its name or part of it\n"
        "                   (upper and lower case alike)\n"
        "  -o OUT           .txt (default: standard output), .ics, .odt or .docx\n\n"
        "A calendar (.ics) repeats recurring commitments by their recurrence where\n"
        "it names the days, and reminds a week before each due date and evaluation.\n"
        "Without --party, -o X.ics writes the whole contract's calendar.\n")},
    {"report", cmd_report, "report FILE [--as-of DATE] [-o OUT] [--draft]",
     N_("Writes the evaluation report: per party and per commitment the latest\n"
        "progress, targets against baseline and the last measured value, the\n"
        "commitments past their term that are not done, the open conditions and\n"
        "the dates to come. It states its date and the contract version.\n\n"
        "  --as-of DATE  the day of the report, YYYY-MM-DD (default: today)\n"
        "  -o OUT        .txt (default: standard output), .md, .odt or .docx\n"
        "  --draft       write it despite errors in the contract; marked draft\n\n"
        "Nothing is written when the check finds errors (without --draft).\n")},
    {"redline", cmd_redline, "redline OLD.md NEW.md -o OUT.docx|OUT.odt [--draft]",
     N_("Writes NEW's document with the changes from OLD as tracked changes, by\n"
        "author \"wijkcontract\": accepting them all gives NEW's text, rejecting them\n"
        "all OLD's.\n\n"
        "  -o OUT   .docx or .odt\n"
        "  --draft  write it despite errors in either version\n\n"
        "Both must be versions of one contract: the same kind and language.\n")},
    {"new", cmd_new, "new [--kind K] [--language nl|en] OUT.md",
     N_("Writes a new contract definition from a profile's skeleton.\n\n"
        "  --kind K           profile (default wijkcontract)\n"
        "  --language nl|en   language of the contract\n")},
    {"diff", cmd_diff, "diff [--format text|json] [-o OUT] OLD.md NEW.md",
     N_("Lists what changed between two versions: parties, challenges, roles and\n"
        "commitments added, removed or changed, and whether the articles changed.\n\n"
        "  --format text|json  what to print (default text)\n"
        "  -o OUT              write to OUT: .txt, .md or .json (the format follows)\n\n"
        "Exit status: 0 no changes, 1 changes, 2 error.\n")},
    {"verify", cmd_verify, "verify DOCUMENT [FILE.md]",
     N_("Tells whether a generated document holds the text that was agreed. On its\n"
        "own: whether its text is still the text it was generated with (a digest\n"
        "stored in it; a re-save that kept the text keeps it). Given the source: also\n"
        "rebuilds the document from it and compares the text paragraph by paragraph,\n"
        "listing each difference and where it stands. A digest shows that nobody\n"
        "edited the text; it is not a signature.\n\n"
        "Exit status: 0 the text is as generated (given the source: the source's),\n"
        "1 it was changed or differs from the source, 2 not a readable ODT or DOCX.\n")},
};

static void print_overview(FILE *out) {
  fprintf(out, "%s\n\n", _("Usage: wijkcontract [--lang nl|en] COMMAND [OPTIONS] ..."));
  fprintf(out, "%s\n", _("Checks neighbourhood contracts (wijkcontracten, Community Benefit\n"
                         "Agreements) and generates them as ODT and DOCX documents."));
  fprintf(out, "\n%s\n", _("Commands:"));
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(out, "  wijkcontract %s\n", commands[i].synopsis);
  fprintf(out, "\n%s\n", _("Run 'wijkcontract help COMMAND' for the options of one command."));
}

static int unknown_command(const char *name) {
  const char *names[ARRAY_LEN(commands) + 1];
  for (size_t k = 0; k < ARRAY_LEN(commands); k++) names[k] = commands[k].name;
  names[ARRAY_LEN(commands)] = "help";
  return usage_unknown(NULL, _("unknown command '%s'"), name, names, ARRAY_LEN(names));
}

int help_show(const char *name) {
  if (!name) {
    print_overview(stdout);
    return 0;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    if (strcmp(commands[i].name, name) == 0) {
      printf("%s wijkcontract %s\n\n%s", _("Usage:"), commands[i].synopsis, _(commands[i].help));
      return 0;
    }
  }
  return unknown_command(name);
}

/* The message quotes arguments, so it is printed escaped. */
int usage_error(const char *cmd, const char *fmt, ...) {
  buf b;
  buf_init(&b);
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&b, fmt, ap);
  va_end(ap);
  print_error(b.data);
  buf_free(&b);
  if (cmd) fprintf(stderr, _("Try 'wijkcontract help %s'.\n"), cmd);
  else fputs(_("Try 'wijkcontract --help'.\n"), stderr);
  return 2;
}

int usage_unknown(const char *cmd, const char *what_fmt, const char *word, const char *const *cands, size_t n) {
  buf b;
  buf_init(&b);
  buf_printf(&b, what_fmt, word);
  const char *near = str_nearest(word, cands, n);
  if (near) {
    buf_adds(&b, "; ");
    buf_printf(&b, _("did you mean '%s'?"), near);
  }
  int rc = usage_error(cmd, "%s", b.data);
  buf_free(&b);
  return rc;
}

static int unknown_option(const char *cmd, const char *arg, const cli_option *opts) {
  const char *cands[64];
  size_t n = 0;
  for (size_t k = 0; opts[k].name && n + 2 < ARRAY_LEN(cands); k++) {
    cands[n++] = opts[k].name;
    if (opts[k].alias) cands[n++] = opts[k].alias;
  }
  cands[n++] = "--help";
  /* "--fromat=json" is compared without its value */
  const char *eq = strchr(arg, '=');
  char *word = eq ? xstrndup(arg, (size_t)(eq - arg)) : xstrdup(arg);
  int rc = usage_unknown(cmd, _("unknown option '%s'"), word, cands, n);
  free(word);
  return rc;
}

int cli_parse(const char *cmd, int argc, char **argv, const cli_option *opts, int *n_args) {
  char **args = xcalloc((size_t)argc + 1, sizeof *args);
  int n = 0, rc = 0;
  bool options = true;
  for (int i = 1; i < argc && rc == 0; i++) {
    char *a = argv[i];
    if (!options || a[0] != '-' || a[1] == '\0') {
      args[n++] = a;
      continue;
    }
    if (strcmp(a, "--") == 0) {
      options = false;
      continue;
    }
    const cli_option *o = NULL;
    const char *attached = NULL; /* "--name=VALUE" or "-oVALUE" */
    for (size_t k = 0; opts[k].name && !o; k++) {
      size_t len = strlen(opts[k].name);
      if (strncmp(a, opts[k].name, len) == 0 && (a[len] == '\0' || a[len] == '=')) {
        o = &opts[k];
        if (a[len] == '=') attached = a + len + 1;
      } else if (opts[k].alias && strcmp(a, opts[k].alias) == 0) {
        o = &opts[k];
      } else if (opts[k].alias && opts[k].value && strncmp(a, opts[k].alias, strlen(opts[k].alias)) == 0) {
        o = &opts[k];
        attached = a + strlen(opts[k].alias);
      }
    }
    if (!o) {
      rc = unknown_option(cmd, a, opts);
    } else if (o->flag) {
      if (attached) rc = usage_error(cmd, _("option '%s' takes no value"), o->name);
      else *o->flag = true;
    } else if (attached) {
      *o->value = attached;
    } else if (i + 1 < argc) {
      *o->value = argv[++i];
    } else {
      rc = usage_error(cmd, _("option '%s' needs a value"), a);
    }
  }
  for (int k = 0; k < n; k++) argv[k + 1] = args[k];
  free(args);
  *n_args = n;
  return rc;
}

int cli_main(int argc, char **argv) {
  const char *forced = NULL;
  /* --lang may stand anywhere before "--": taken out of the arguments */
  int kept = 1;
  bool options = true;
  for (int j = 1; j < argc; j++) {
    if (options && strcmp(argv[j], "--") == 0) options = false;
    if (options && strncmp(argv[j], "--lang", 6) == 0 && argv[j][6] == '=') {
      forced = argv[j] + 7;
    } else if (options && strcmp(argv[j], "--lang") == 0 && j + 1 < argc) {
      forced = argv[++j];
    } else {
      argv[kept++] = argv[j];
    }
  }
  argc = kept;
  int i = 1;
  i18n_init(forced);
  if (i >= argc) {
    print_overview(stderr);
    return 2;
  }
  const char *cmd = argv[i];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) return help_show(NULL);
  if (strcmp(cmd, "--version") == 0) {
    printf("wijkcontract %s\n", WK_VERSION);
    return 0;
  }
  if (strcmp(cmd, "help") == 0) return help_show(i + 1 < argc ? argv[i + 1] : NULL);
  for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++) {
    if (strcmp(commands[k].name, cmd) == 0) {
      /* --help anywhere in a command's arguments shows its help */
      for (int j = i + 1; j < argc; j++)
        if (strcmp(argv[j], "--help") == 0) return help_show(cmd);
      return commands[k].run(argc - i, argv + i);
    }
  }
  return unknown_command(cmd);
}
