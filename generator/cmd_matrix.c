/* cmd_matrix.c - the `matrix` command (placeholder until implemented). */
#include <stdio.h>

#include "commands.h"

int cmd_matrix(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("wijkcontract: 'matrix' is not implemented yet\n", stderr);
  return 2;
}
