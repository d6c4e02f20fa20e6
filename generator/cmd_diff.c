/* cmd_diff.c - the `diff` command (placeholder until implemented). */
#include <stdio.h>

#include "commands.h"

int cmd_diff(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("wijkcontract: 'diff' is not implemented yet\n", stderr);
  return 2;
}
