/* cmd_review.c - the `review` command (placeholder until implemented). */
#include <stdio.h>

#include "commands.h"

int cmd_review(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("wijkcontract: 'review' is not implemented yet\n", stderr);
  return 2;
}
