/* commands.h - the subcommands. Each gets argv from the subcommand name on
 * (argv[0] is "check", ...) and returns the process exit status:
 * 0 success, 1 findings / differences / refused, 2 usage or I/O failure. */
#ifndef WK_COMMANDS_H
#define WK_COMMANDS_H
#include <stdbool.h>
#include <stddef.h>

/* The whole command line (main() calls only this): global options, then
 * one subcommand. */
int cli_main(int argc, char **argv);

int cmd_check(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_matrix(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_redline(int argc, char **argv);

/* Prints the help of one command (or the overview for NULL) to stdout;
 * returns 0, or 2 for an unknown command. */
int help_show(const char *command);
/* Prints "wijkcontract: MESSAGE" and "Try 'wijkcontract help CMD'." to
 * stderr and returns 2: for usage errors. */
int usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One option of a command: a flag (flag set) or an option with a value
 * (value set), by its long name and an optional short one. */
typedef struct {
  const char *name;  /* "--format" */
  const char *alias; /* "-f", or NULL */
  bool *flag;
  const char **value;
} cli_option;

/* Parses a command's arguments as users of command-line tools expect:
 * options anywhere among the files, "--name=VALUE", "-oVALUE", and "--"
 * ending the options. Moves the other arguments, in order, to argv[1..]
 * and sets *n_args to their number. An unknown option is a usage error
 * that names the nearest known one. Returns 0, or 2 after printing the
 * usage error. */
int cli_parse(const char *command, int argc, char **argv, const cli_option *opts, int *n_args);

/* "unknown WHAT 'word'" with "; did you mean 'X'?" when one of cands is
 * near; for usage errors. Returns 2. */
int usage_unknown(const char *command, const char *what_fmt, const char *word, const char *const *cands,
                  size_t n);

#endif
