/* commands.h - the subcommands. Each gets argv from the subcommand name on
 * (argv[0] is "check", ...) and returns the process exit status:
 * 0 success, 1 findings / differences / refused, 2 usage or I/O failure. */
#ifndef WK_COMMANDS_H
#define WK_COMMANDS_H

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

#endif
