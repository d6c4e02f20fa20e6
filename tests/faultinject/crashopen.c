/* crashopen.c - LD_PRELOAD shim for tests/t-batch.sh: the process that
 * fopen()s a path containing $WK_CRASH_PATH dies of SIGSEGV there, as a
 * build that crashes on one contract would.
 * Built by the suite: cc -shared -fPIC -o crashopen.so crashopen.c -ldl */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void crash_on(const char *path) {
  const char *what = getenv("WK_CRASH_PATH");
  if (what && *what && path && strstr(path, what)) {
    signal(SIGSEGV, SIG_DFL);
    raise(SIGSEGV);
  }
}

FILE *fopen(const char *path, const char *mode) {
  crash_on(path);
  FILE *(*f)(const char *, const char *) = (FILE * (*)(const char *, const char *)) dlsym(RTLD_NEXT, "fopen");
  return f(path, mode);
}

FILE *fopen64(const char *path, const char *mode) {
  crash_on(path);
  FILE *(*f)(const char *, const char *) = (FILE * (*)(const char *, const char *)) dlsym(RTLD_NEXT, "fopen64");
  return f(path, mode);
}
