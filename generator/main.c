/* main.c - the program: everything is in cli.c (part of the library the
 * tests link too). */
#include "commands.h"

int main(int argc, char **argv) { return cli_main(argc, argv); }
