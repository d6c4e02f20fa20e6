/* output.c - atomic writing of result files: the bytes go to a file beside
 * the target that nobody can see (Linux O_TMPFILE) or, failing that, to a
 * locked temporary file; written in full, synced, then linked or renamed
 * into place. A batch stages its files unsynced and makes a group durable
 * with one syncfs before renaming them (output.h). Inputs are never the
 * target; a killed run leaves at most a temporary file that the next write
 * to the same target removes. */
#define _GNU_SOURCE /* O_TMPFILE, flock */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

/* A temporary file of target NAME is ".NAME.wktmp.XXXXXX", X being one of
 * TEMP_ALPHABET (mkstemp's letters). The marker keeps the clean-up of
 * stale ones away from a user's ".NAME.backup". */
#define TEMP_MARK ".wktmp."
#define TEMP_RANDOM 6
static const char TEMP_ALPHABET[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

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

/* fsync of the directory makes the rename itself durable; file systems
 * that refuse it on a directory are not an error. */
static void sync_dir(const char *dir) {
  int fd = open(dir, O_RDONLY);
  if (fd < 0) return;
  fsync(fd);
  close(fd);
}

/* A document is an ordinary file: 0666 less the umask, whichever way the
 * file was created (mkstemp makes 0600). */
static void set_mode(int fd) {
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
}

/* Holds an exclusive flock on fd for as long as it stays open: a temporary
 * file whose lock can be taken belongs to a process that has died. Where
 * locks are not supported, nobody can take one either: the file is then
 * never taken for stale. */
static void lock_temp(int fd) {
  while (flock(fd, LOCK_EX) < 0 && errno == EINTR) {
  }
}

/* ---- stale temporary files ------------------------------------------------ */

/* Whether name is a temporary file of target base: ".BASE.wktmp.XXXXXX". */
static bool is_temp_of(const char *name, const char *base) {
  size_t nb = strlen(base), nm = strlen(TEMP_MARK);
  if (name[0] != '.' || strncmp(name + 1, base, nb) != 0 || strncmp(name + 1 + nb, TEMP_MARK, nm) != 0)
    return false;
  const char *r = name + 1 + nb + nm;
  if (strlen(r) != TEMP_RANDOM) return false;
  for (; *r; r++)
    if (!strchr(TEMP_ALPHABET, *r)) return false;
  return true;
}

/* Removes name (in the directory dfd) when it is a regular file whose lock
 * can be taken: its writer was killed between making it visible and
 * renaming it. A live writer holds the lock; a symlink, a FIFO or another
 * user's file is left alone. */
static void remove_if_stale(int dfd, const char *name) {
  int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return;
  struct stat held, now;
  if (fstat(fd, &held) == 0 && S_ISREG(held.st_mode) && flock(fd, LOCK_EX | LOCK_NB) == 0 &&
      fstatat(dfd, name, &now, AT_SYMLINK_NOFOLLOW) == 0 && now.st_dev == held.st_dev &&
      now.st_ino == held.st_ino)
    unlinkat(dfd, name, 0);
  close(fd);
}

/* Whether name is a temporary file of any target: ".X.wktmp.XXXXXX". */
static bool is_any_temp(const char *name) {
  size_t n = strlen(name), nm = strlen(TEMP_MARK);
  if (name[0] != '.' || n < 2 + nm + TEMP_RANDOM) return false;
  const char *r = name + n - TEMP_RANDOM;
  if (strncmp(r - nm, TEMP_MARK, nm) != 0) return false;
  for (; *r; r++)
    if (!strchr(TEMP_ALPHABET, *r)) return false;
  return true;
}

/* Removes the stale temporary files of target base in dir (base NULL: of
 * every target), and no other. */
static void remove_stale_temps(const char *dir, const char *base) {
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return;
  DIR *d = fdopendir(dfd);
  if (!d) {
    close(dfd);
    return;
  }
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (base ? is_temp_of(e->d_name, base) : is_any_temp(e->d_name)) remove_if_stale(dfd, e->d_name);
  closedir(d);
}

/* ---- a visible temporary file, then rename ----------------------------- */

/* Whether the name tmp still refers to the file open as fd: a clean-up in
 * another process may take a fresh temporary file for stale in the instant
 * between its creation and our lock. */
static bool names_fd(const char *tmp, int fd) {
  struct stat a, b;
  return fstat(fd, &a) == 0 && lstat(tmp, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Gives the named temporary file tmp the name path: renamed over it when
 * replacing; else linked, which fails when path exists (even when it
 * appeared meanwhile), or on a file system without hard links renamed
 * after a last look. Returns 0, 1 (path exists) or -1 with errno. */
static int place_named(const char *tmp, const char *path, bool replace) {
  if (replace) return rename(tmp, path) == 0 ? 0 : -1;
  if (link(tmp, path) == 0) return 0;
  if (errno == EEXIST) return 1;
  struct stat st;
  if (lstat(path, &st) == 0) return 1;
  return rename(tmp, path) == 0 ? 0 : -1;
}

char *output_folder_error(const char *path, const char *dir, int why) {
  switch (why) {
  case ENOENT: return xasprintf(_("%s: the folder %s does not exist; create it first, or write elsewhere"), path, dir);
  case ENOTDIR: return xasprintf(_("%s: %s is not a folder"), path, dir);
  case EACCES:
  case EPERM:
    return xasprintf(_("%s: you may not write in the folder %s (it is read-only for you); choose another folder with "
                       "-o"),
                     path, dir);
  case EROFS: return xasprintf(_("%s: the folder %s is on a read-only disk; choose another folder with -o"), path, dir);
  case ENOSPC:
  case EDQUOT: return xasprintf(_("%s: the disk of the folder %s is full"), path, dir);
  default: return xasprintf(_("%s: cannot write in the folder %s: %s"), path, dir, strerror(why));
  }
}

/* Writes through a named, locked temporary file (prefix + XXXXXX) renamed
 * over path: where O_TMPFILE is not available. */
static int write_named(const char *path, const char *dir, const char *prefix, const void *data, size_t len,
                       bool replace, char **err) {
  char *tmp = NULL;
  int fd = -1, why = EAGAIN; /* EAGAIN: every try was taken for stale */
  for (int tries = 0; fd < 0 && tries < 10; tries++) {
    tmp = xasprintf("%sXXXXXX", prefix);
    fd = mkstemp(tmp);
    if (fd < 0) {
      why = errno;
      free(tmp);
      break;
    }
    lock_temp(fd);
    if (!names_fd(tmp, fd)) {
      close(fd);
      fd = -1;
      free(tmp);
    }
  }
  if (fd < 0) {
    *err = output_folder_error(path, dir, why);
    return -1;
  }
  set_mode(fd);
  int rc = 0;
  if (!fd_write_all(fd, data, len) || fsync(fd) < 0) {
    *err = xasprintf(_("%s: cannot write: %s"), path, strerror(errno));
    rc = -1;
  } else if ((rc = place_named(tmp, path, replace)) != 0) {
    *err = rc > 0     ? xasprintf(_("%s: already exists"), path)
           : replace ? xasprintf(_("%s: cannot replace: %s"), path, strerror(errno))
                     : xasprintf(_("%s: cannot write: %s"), path, strerror(errno));
  }
  /* failed, or linked: the temporary name goes; renamed: it is gone */
  if (rc != 0 || names_fd(tmp, fd)) unlink(tmp);
  /* closed after the rename or unlink, so that the lock covers the name's
   * whole life; the bytes were synced before, so a late close error (NFS
   * write-back) concerns nothing that is in place */
  close(fd);
  free(tmp);
  return rc;
}

/* ---- an invisible file, linked into place (Linux) ------------------------- */

/* Six letters for a temporary name; uniqueness comes from linkat refusing
 * an existing name, so these need only be hard to collide on. */
static void random_suffix(char out[TEMP_RANDOM + 1]) {
  static uint64_t state;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  state ^= (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ ((uint64_t)getpid() << 40);
  for (int i = 0; i < TEMP_RANDOM; i++) {
    state += 0x9E3779B97F4A7C15u; /* splitmix64 */
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    z ^= z >> 31;
    out[i] = TEMP_ALPHABET[z % (sizeof TEMP_ALPHABET - 1)];
  }
  out[TEMP_RANDOM] = '\0';
}

/* An unnamed file in dir, or -1 with errno (EOPNOTSUPP where the kernel,
 * the file system or a missing /proc rule it out). */
static int open_unnamed(const char *dir) {
#ifdef O_TMPFILE
  /* linkat needs the file's /proc name: without /proc, do not start */
  if (access("/proc/self/fd", X_OK) != 0) {
    errno = EOPNOTSUPP;
    return -1;
  }
  return open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
#else
  (void)dir;
  errno = EOPNOTSUPP;
  return -1;
#endif
}

/* Links the unnamed file fd to path when path does not exist (one atomic
 * step, no temporary name ever seen); otherwise, when replacing, to a fresh
 * temporary name renamed over path at once. Returns 0, -1 with *err, 2 with
 * *err when path exists and may not be replaced, or 1 when linking is not
 * possible here (the caller writes through a named file instead). */
static int link_into_place(int fd, const char *path, const char *prefix, bool replace, char **err) {
  char proc[64];
  snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
  if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0) return 0;
  if (errno != EEXIST) return 1;
  if (!replace) {
    *err = xasprintf(_("%s: already exists"), path);
    return 2;
  }
  /* the target exists (or appeared meanwhile): replace it */
  char *tmp = NULL;
  for (int tries = 0; tries < 100; tries++) {
    char r[TEMP_RANDOM + 1];
    random_suffix(r);
    tmp = xasprintf("%s%s", prefix, r);
    if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0) break;
    int e = errno;
    free(tmp);
    tmp = NULL;
    if (e != EEXIST) return 1;
  }
  if (!tmp) return 1;
  int rc = 0;
  if (rename(tmp, path) < 0) {
    *err = xasprintf(_("%s: cannot replace: %s"), path, strerror(errno));
    unlink(tmp);
    rc = -1;
  }
  free(tmp);
  return rc;
}

/* Writes through an unnamed file. Returns 0, -1 with *err, 2 with *err
 * (exists, not replacing), or 1 when the caller must write through a named
 * file instead (nothing left behind). */
static int write_unnamed(const char *path, const char *dir, const char *prefix, const void *data,
                         size_t len, bool replace, char **err) {
  int fd = open_unnamed(dir);
  if (fd < 0) {
    if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL) return 1;
    *err = output_folder_error(path, dir, errno);
    return -1;
  }
  set_mode(fd);
  /* locked before it has a name: the temporary name of the replace step
   * is never seen unlocked while we live */
  lock_temp(fd);
  int rc;
  if (!fd_write_all(fd, data, len) || fsync(fd) < 0) {
    *err = xasprintf(_("%s: cannot write: %s"), path, strerror(errno));
    rc = -1;
  } else {
    rc = link_into_place(fd, path, prefix, replace, err);
  }
  /* the bytes were synced before any name pointed at them: a close error
   * now (NFS write-back) concerns nothing that is in place */
  close(fd);
  return rc;
}

/* The shared path of output_write and output_create: 0, 1 (refused, *err)
 * or -1 (*err). */
static int write_atomically(const char *path, const void *data, size_t len, bool replace, char **err) {
  char *dir, *base;
  split_path(path, &dir, &base);
  remove_stale_temps(dir, base);
  char *prefix = xasprintf("%s/.%s" TEMP_MARK, dir, base);
  int rc = write_unnamed(path, dir, prefix, data, len, replace, err);
  if (rc == 1) rc = write_named(path, dir, prefix, data, len, replace, err);
  else if (rc == 2) rc = 1;
  if (rc == 0) sync_dir(dir);
  free(prefix);
  free(dir);
  free(base);
  return rc;
}

/* 1 with *err when path is one of inputs, else 0. */
static int refuse_input(const char *path, const char *const *inputs, char **err) {
  for (size_t i = 0; inputs && inputs[i]; i++) {
    if (same_file(path, inputs[i])) {
      *err = xasprintf(_("%s: refusing to overwrite the input file"), path);
      return 1;
    }
  }
  return 0;
}

int output_write(const char *path, const void *data, size_t len, const char *const *inputs,
                 char **err) {
  if (refuse_input(path, inputs, err)) return 1;
  return write_atomically(path, data, len, true, err);
}

/* ---- staged for a batch ---------------------------------------------------- */

char *output_stage_name(const char *path, long id) {
  char *dir, *base;
  split_path(path, &dir, &base);
  /* id in TEMP_ALPHABET's digits, TEMP_RANDOM of them */
  char r[TEMP_RANDOM + 1];
  unsigned long long v = (unsigned long long)id;
  for (int i = TEMP_RANDOM - 1; i >= 0; i--) {
    r[i] = TEMP_ALPHABET[v % (sizeof TEMP_ALPHABET - 1)];
    v /= sizeof TEMP_ALPHABET - 1;
  }
  r[TEMP_RANDOM] = '\0';
  char *tmp = xasprintf("%s/.%s" TEMP_MARK "%s", dir, base, r);
  free(dir);
  free(base);
  return tmp;
}

int output_stage(const char *path, long id, const void *data, size_t len, const char *const *inputs,
                 char **err) {
  if (refuse_input(path, inputs, err)) return 1;
  char *dir, *base;
  split_path(path, &dir, &base);
  char *tmp = output_stage_name(path, id);
  int rc = 0;
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    *err = output_folder_error(path, dir, errno);
    rc = -1;
  } else {
    /* locked while it is written: another run's clean-up leaves it alone */
    lock_temp(fd);
    set_mode(fd);
    int why = !fd_write_all(fd, data, len) ? errno : 0;
    if (close(fd) != 0 && !why) why = errno;
    if (why) {
      *err = xasprintf(_("%s: cannot write: %s"), path, strerror(why));
      unlink(tmp);
      rc = -1;
    }
  }
  free(tmp);
  free(dir);
  free(base);
  return rc;
}

void output_clean_dir(const char *dir) { remove_stale_temps(dir, NULL); }

void output_sync_data(const char *dir) {
  int fd = open(dir, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || syncfs(fd) != 0) sync(); /* syncfs refused: everything, then */
  if (fd >= 0) close(fd);
}

int output_commit(const char *tmp, const char *path, char **err) {
  if (rename(tmp, path) == 0) return 0;
  *err = xasprintf(_("%s: cannot replace: %s"), path, strerror(errno));
  unlink(tmp);
  return -1;
}

void output_sync_dir(const char *dir) { sync_dir(dir); }

int output_create(const char *path, const void *data, size_t len, char **err) {
  struct stat st;
  if (lstat(path, &st) == 0) {
    *err = xasprintf(_("%s: already exists"), path);
    return 1;
  }
  return write_atomically(path, data, len, false, err);
}
