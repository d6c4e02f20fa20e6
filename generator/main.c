/* main.c - the program: everything is in cli.c (part of the library the
 * tests link too), but for what a short run of the process is told first. */
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "commands.h"

int main(int argc, char **argv) {
#ifdef __GLIBC__
  /* glibc gives each block from 128 KB on a mapping of its own, unmapped
   * when freed, so the next such block (the archive growing, a large
   * contract's tree) is fresh memory again, a page fault a page: some 300
   * of them building the 200-party contract. From the heap they are
   * reused. (Keeping the heap's free top as well made no difference.) */
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
  /* The time zone, read once: with TZ unset glibc's mktime looks at
   * /etc/localtime again on every call, and libzip calls it for each part
   * of a package it writes or reads (its DOS times). The same file named
   * in TZ lets glibc see that nothing changed. */
  if (!getenv("TZ")) setenv("TZ", ":/etc/localtime", 0);
  return cli_main(argc, argv);
}
