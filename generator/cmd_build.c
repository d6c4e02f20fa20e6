/* cmd_build.c - the `build` command (placeholder until implemented). */
#include <stdio.h>

#include "commands.h"

int cmd_build(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("wijkcontract: 'build' is not implemented yet\n", stderr);
  return 2;
}
