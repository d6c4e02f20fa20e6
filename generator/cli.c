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
    {"check", cmd_check, "check [--format text|json] [--strict] FILE...",
     N_("Checks contract definitions for completeness and prints every finding as\n"
        "FILE:LINE:COLUMN: SEVERITY: MESSAGE [CHECK-ID].\n\n"
        "  --format text|json  output format (default text)\n"
        "  --strict            treat warnings as errors\n\n"
        "Exit status: 0 no errors, 1 errors found, 2 usage or I/O failure.\n")},
    {"build", cmd_build,
     "build FILE [-o OUT] [-t odt|docx|pdf] [--reference-doc REF] [--draft] [--force] [--public]\n"
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
        "  --public             the public version (Woo): personal data replaced\n\n"
        "Nothing is written when the check finds errors (without --draft).\n"
        "With -d, one file's errors do not stop the others; exit 1 if any failed.\n")},
    {"matrix", cmd_matrix, "matrix FILE [-o OUT]",
     N_("Writes the role matrix: parties as rows, challenges as columns.\n\n"
        "  -o OUT  .txt, .csv, .md, .odt or .docx (default: text on standard output)\n")},
    {"review", cmd_review, "review FILE [--party ID] [-o OUT]",
     N_("Shows one party what it promises, what others promise it, its roles and\n"
        "every date that concerns it.\n\n"
        "  --party ID  the party to review\n"
        "  -o OUT      .txt (default: standard output), .ics, .odt or .docx\n\n"
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
  char *e = str_escaped(name);
  fprintf(stderr, _("wijkcontract: unknown command '%s'\n"), e);
  free(e);
  return 2;
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

int cli_main(int argc, char **argv) {
  const char *forced = NULL;
  int i = 1;
  /* --lang may come first (or anywhere before the command). */
  while (i < argc && strncmp(argv[i], "--lang", 6) == 0) {
    if (argv[i][6] == '=') forced = argv[i] + 7;
    else if (argv[i][6] == '\0' && i + 1 < argc) forced = argv[++i];
    else break;
    i++;
  }
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
  return usage_error(NULL, _("unknown command '%s'"), cmd);
}
