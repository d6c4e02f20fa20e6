/* cmd_new.c - the `new` command (placeholder until implemented). */
#include <stdio.h>

#include "commands.h"

int cmd_new(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("wijkcontract: 'new' is not implemented yet\n", stderr);
  return 2;
}
