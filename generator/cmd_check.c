/* cmd_check.c - the `check` command (placeholder until implemented). */
#include <stdio.h>

#include "commands.h"

int cmd_check(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("wijkcontract: 'check' is not implemented yet\n", stderr);
  return 2;
}
