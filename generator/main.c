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
   * of the 1,700 building the 200-party contract, 1,300 of 4,900 at 800
   * parties. From the heap they are reused. Blocks from 1 MB on keep
   * their own mappings: growing one then moves no bytes (mremap), where
   * in the heap it is copied, and the largest text the tool accepts
   * peaked 25 MB higher with a 32 MB threshold. (Keeping the heap's free
   * top as well made no difference.) */
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
  /* The time zone, read once: with TZ unset glibc's mktime looks at
   * /etc/localtime again on every call, and libzip calls it for each part
   * of a package it writes or reads (its DOS times). The same file named
   * in TZ lets glibc see that nothing changed. */
  if (!getenv("TZ")) setenv("TZ", ":/etc/localtime", 0);
  return cli_main(argc, argv);
}
