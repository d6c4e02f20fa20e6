/* cmd_verify.c - the `verify` command (placeholder until implemented). */
#include <stdio.h>

#include "commands.h"

int cmd_verify(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("wijkcontract: 'verify' is not implemented yet\n", stderr);
  return 2;
}
