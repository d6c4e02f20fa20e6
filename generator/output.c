/* output.c - atomic writing of result files: a temporary file beside the
 * target, written in full, synced and renamed over it; inputs are never the
 * target. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

/* Directory part and file part of path (both malloc'd). */
static void split_path(const char *path, char **dir, char **base) {
  char *a = xstrdup(path), *b = xstrdup(path);
  *dir = xstrdup(dirname(a));
  *base = xstrdup(basename(b));
  free(a);
  free(b);
}

/* realpath of the directory joined with the base name: names a file that
 * may not exist yet in a canonical form. NULL when the directory is gone. */
static char *canonical(const char *path) {
  char *dir, *base;
  split_path(path, &dir, &base);
  char *rdir = realpath(dir, NULL);
  char *res = NULL;
  if (rdir) res = xasprintf("%s/%s", strcmp(rdir, "/") == 0 ? "" : rdir, base);
  free(rdir);
  free(dir);
  free(base);
  return res;
}

/* True when path and input name the same file: same device and inode, or
 * (target absent) the same canonical name. */
static bool same_file(const char *path, const char *input) {
  struct stat a, b;
  if (stat(path, &a) == 0 && stat(input, &b) == 0) return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
  char *ca = canonical(path), *cb = canonical(input);
  bool same = ca && cb && strcmp(ca, cb) == 0;
  free(ca);
  free(cb);
  return same;
}

static int write_all(int fd, const char *p, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

/* fsync of the directory makes the rename itself durable; file systems
 * that refuse it on a directory are not an error. */
static void sync_dir(const char *dir) {
  int fd = open(dir, O_RDONLY);
  if (fd < 0) return;
  fsync(fd);
  close(fd);
}

int output_write(const char *path, const void *data, size_t len, const char *const *inputs,
                 char **err) {
  for (size_t i = 0; inputs && inputs[i]; i++) {
    if (same_file(path, inputs[i])) {
      *err = xasprintf(_("%s: refusing to overwrite the input file"), path);
      return 1;
    }
  }
  char *dir, *base;
  split_path(path, &dir, &base);
  char *tmp = xasprintf("%s/.%s.XXXXXX", dir, base);
  int rc = 0;
  int fd = mkstemp(tmp);
  if (fd < 0) {
    *err = xasprintf(_("%s: cannot create a temporary file in %s: %s"), path, dir, strerror(errno));
    rc = -1;
    goto done;
  }
  /* mkstemp creates 0600; a document is an ordinary file. */
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
    *err = xasprintf(_("%s: cannot write: %s"), path, strerror(errno));
    close(fd);
    rc = -1;
  } else if (close(fd) < 0) {
    *err = xasprintf(_("%s: cannot write: %s"), path, strerror(errno));
    rc = -1;
  } else if (rename(tmp, path) < 0) {
    *err = xasprintf(_("%s: cannot replace: %s"), path, strerror(errno));
    rc = -1;
  }
  if (rc != 0) unlink(tmp);
  else sync_dir(dir);
done:
  free(tmp);
  free(dir);
  free(base);
  return rc;
}
