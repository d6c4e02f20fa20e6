/* failio.c - LD_PRELOAD shim for tests/t-nothing-lost.sh: makes the Nth
 * call of one I/O function fail, as a full or broken disk would.
 *   WK_FAIL_FUNC   write | fsync | close | rename | mkstemp | fchmod |
 *                  tmpfile (an open with O_TMPFILE) | linkat
 *   WK_FAIL_NTH    which call fails (1-based; calls on fds 0-2 not counted)
 *   WK_FAIL_ERRNO  ENOSPC (default) | EIO | EDQUOT
 *   WK_FAIL_STICKY 1: every later call fails too (a disk stays full)
 *   WK_FAIL_PARTIAL 1: the failing write first writes half its bytes and
 *                  returns that short count; the next call fails
 *   WK_FAIL_COUNT  file: at exit, appends "FUNC COUNT" lines for calls seen
 *   WK_NO_TMPFILE  1: every open with O_TMPFILE fails with EOPNOTSUPP, as
 *                  on a file system without it (not counted as a failure)
 *   WK_SLOW_FSYNC_MS  N: fsync sleeps N ms first, so that a random kill
 *                  lands in the write more often
 *   WK_SLOW_RENAME_MS N: rename sleeps N ms first, so that a kill lands
 *                  between linking the finished file under its temporary
 *                  name and renaming it over the target
 *   WK_RENAME_MARK   PATH: with WK_SLOW_RENAME_MS, rename creates PATH as
 *                  its pause begins (a test waits for it, then kills)
 * Built by the suite: cc -shared -fPIC -o failio.so failio.c -ldl */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

enum { F_WRITE, F_FSYNC, F_CLOSE, F_RENAME, F_MKSTEMP, F_FCHMOD, F_TMPFILE, F_LINKAT, F_N };
static const char *const names[F_N] = {"write", "fsync",   "close",   "rename",
                                       "mkstemp", "fchmod", "tmpfile", "linkat"};
static long counts[F_N];
static int target = -1;
static long nth;
static int fail_errno = ENOSPC;
static int sticky, partial, partial_done;
static int no_tmpfile;
static long slow_fsync_ms, slow_rename_ms;

static void setup(void) {
  static int done;
  if (done) return;
  done = 1;
  const char *f = getenv("WK_FAIL_FUNC");
  for (int i = 0; f && i < F_N; i++)
    if (strcmp(f, names[i]) == 0) target = i;
  const char *n = getenv("WK_FAIL_NTH");
  nth = n ? atol(n) : 0;
  const char *e = getenv("WK_FAIL_ERRNO");
  if (e && strcmp(e, "EIO") == 0) fail_errno = EIO;
  if (e && strcmp(e, "EDQUOT") == 0) fail_errno = EDQUOT;
  sticky = getenv("WK_FAIL_STICKY") != NULL;
  partial = getenv("WK_FAIL_PARTIAL") != NULL;
  no_tmpfile = getenv("WK_NO_TMPFILE") != NULL;
  const char *ms = getenv("WK_SLOW_FSYNC_MS");
  slow_fsync_ms = ms ? atol(ms) : 0;
  ms = getenv("WK_SLOW_RENAME_MS");
  slow_rename_ms = ms ? atol(ms) : 0;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* Counts a call of func; returns 1 when it must fail. */
static int should_fail(int func) {
  setup();
  long c = ++counts[func];
  if (func != target || nth <= 0) return 0;
  return c == nth || (sticky && c > nth) || (partial && partial_done && c > nth);
}

static void *real(const char *name) {
  void *p = dlsym(RTLD_NEXT, name);
  if (!p) abort();
  return p;
}

__attribute__((destructor)) static void report(void) {
  const char *path = getenv("WK_FAIL_COUNT");
  if (!path) return;
  FILE *f = fopen(path, "a");
  if (!f) return;
  for (int i = 0; i < F_N; i++) fprintf(f, "%s %ld\n", names[i], counts[i]);
  fclose(f);
}

ssize_t write(int fd, const void *p, size_t n) {
  ssize_t (*w)(int, const void *, size_t) = real("write");
  if (fd <= 2) return w(fd, p, n);
  if (should_fail(F_WRITE)) {
    if (partial && !partial_done && n > 1) {
      partial_done = 1;
      return w(fd, p, n / 2);
    }
    errno = fail_errno;
    return -1;
  }
  return w(fd, p, n);
}

int fsync(int fd) {
  int (*f)(int) = real("fsync");
  setup();
  if (fd > 2 && slow_fsync_ms > 0) sleep_ms(slow_fsync_ms);
  if (fd > 2 && should_fail(F_FSYNC)) {
    errno = fail_errno;
    return -1;
  }
  return f(fd);
}

int close(int fd) {
  int (*f)(int) = real("close");
  if (fd > 2 && should_fail(F_CLOSE)) {
    f(fd); /* Linux closes the descriptor even when close reports EIO */
    errno = fail_errno;
    return -1;
  }
  return f(fd);
}

int rename(const char *a, const char *b) {
  int (*f)(const char *, const char *) = real("rename");
  setup();
  if (slow_rename_ms > 0) {
    const char *mark = getenv("WK_RENAME_MARK");
    if (mark) {
      int fd = open(mark, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
      if (fd >= 0) close(fd);
    }
    sleep_ms(slow_rename_ms);
  }
  if (should_fail(F_RENAME)) {
    errno = fail_errno;
    return -1;
  }
  return f(a, b);
}

int mkstemp(char *tmpl) {
  int (*f)(char *) = real("mkstemp");
  if (should_fail(F_MKSTEMP)) {
    errno = fail_errno;
    return -1;
  }
  return f(tmpl);
}

int fchmod(int fd, mode_t m) {
  int (*f)(int, mode_t) = real("fchmod");
  if (should_fail(F_FCHMOD)) {
    errno = fail_errno;
    return -1;
  }
  return f(fd, m);
}

int linkat(int olddir, const char *a, int newdir, const char *b, int flags) {
  int (*f)(int, const char *, int, const char *, int) = real("linkat");
  if (should_fail(F_LINKAT)) {
    errno = fail_errno;
    return -1;
  }
  return f(olddir, a, newdir, b, flags);
}

/* open and openat: only the opens with O_TMPFILE are counted or failed. */
static int tmpfile_fails(int flags) {
  setup();
  if ((flags & O_TMPFILE) != O_TMPFILE) return 0;
  if (no_tmpfile) {
    errno = EOPNOTSUPP;
    return 1;
  }
  if (should_fail(F_TMPFILE)) {
    errno = fail_errno;
    return 1;
  }
  return 0;
}

static mode_t mode_arg(int flags, va_list ap) {
  return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t)va_arg(ap, int) : 0;
}

#define OPEN_SHIM(NAME)                                              \
  int NAME(const char *path, int flags, ...) {                       \
    int (*f)(const char *, int, ...) = real(#NAME);                  \
    va_list ap;                                                      \
    va_start(ap, flags);                                             \
    mode_t m = mode_arg(flags, ap);                                  \
    va_end(ap);                                                      \
    return tmpfile_fails(flags) ? -1 : f(path, flags, m);            \
  }
#define OPENAT_SHIM(NAME)                                            \
  int NAME(int dir, const char *path, int flags, ...) {              \
    int (*f)(int, const char *, int, ...) = real(#NAME);             \
    va_list ap;                                                      \
    va_start(ap, flags);                                             \
    mode_t m = mode_arg(flags, ap);                                  \
    va_end(ap);                                                      \
    return tmpfile_fails(flags) ? -1 : f(dir, path, flags, m);       \
  }
OPEN_SHIM(open)
OPEN_SHIM(open64)
OPENAT_SHIM(openat)
OPENAT_SHIM(openat64)
