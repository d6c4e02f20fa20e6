/* pdf.c - PDF/A-2b through LibreOffice: the ODT goes into a fresh
 * directory, soffice converts it there with a profile of its own, in a
 * process group of its own that is killed when the time is up or the
 * conversion has ended; the PDF comes back in memory and the directory
 * goes. Nothing of a failed conversion stays behind. */
#define _GNU_SOURCE /* nftw, setpgid */
#include "pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"

#define PDF_MAX_SIZE ((size_t)256 << 20)
#define PDF_DEFAULT_TIMEOUT 180
/* The Debian package that gives soffice with Writer and no desktop. */
#define PDF_PACKAGE "libreoffice-writer-nogui"

/* writer_pdf_Export in the JSON form of LibreOffice 7.4: version 2 is
 * PDF/A-2b; tagged for screen readers (PDF/A-2b does not imply it). */
static const char FILTER[] = "pdf:writer_pdf_Export:{"
                             "\"SelectPdfVersion\":{\"type\":\"long\",\"value\":\"2\"},"
                             "\"UseTaggedPDF\":{\"type\":\"boolean\",\"value\":\"true\"}}";

/* The program: a name with a slash as it is, else the first executable of
 * that name in PATH. NULL when there is none. */
static char *find_program(const char *name) {
  if (strchr(name, '/')) return access(name, X_OK) == 0 ? xstrdup(name) : NULL;
  const char *path = getenv("PATH");
  if (!path || !*path) path = "/usr/local/bin:/usr/bin:/bin";
  while (*path) {
    size_t n = strcspn(path, ":");
    char *cand = xasprintf("%.*s/%s", (int)n, n ? path : ".", name);
    struct stat st;
    if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0) return cand;
    free(cand);
    path += n;
    if (*path == ':') path++;
  }
  return NULL;
}

static char *find_soffice(void) {
  const char *env = getenv("SOFFICE");
  if (env && *env) return find_program(env);
  char *p = find_program("soffice");
  return p ? p : find_program("libreoffice");
}

static unsigned time_limit(void) {
  const char *e = getenv("WIJKCONTRACT_PDF_TIMEOUT");
  char *end;
  long v = e ? strtol(e, &end, 10) : 0;
  return e && *e && !*end && v > 0 && v < 86400 ? (unsigned)v : PDF_DEFAULT_TIMEOUT;
}

/* file:// URL of an absolute path, bytes other than unreserved ones and
 * '/' percent-encoded. */
static char *file_url(const char *path) {
  buf b;
  buf_init(&b);
  buf_adds(&b, "file://");
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
      buf_addc(&b, (char)*p);
    else
      buf_printf(&b, "%%%02X", *p);
  }
  return buf_detach(&b);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)ftw;
  if (flag == FTW_DP) rmdir(path);
  else unlink(path);
  return 0;
}

/* Removes the work directory and everything LibreOffice made in it. */
static void remove_tree(const char *dir) { nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

static int write_file(const char *path, const void *data, size_t len) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  const char *p = data;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close(fd);
      return -1;
    }
    p += n;
    len -= (size_t)n;
  }
  return close(fd);
}

/* The last non-empty line LibreOffice printed (malloc'd; "" if none). */
static char *last_line(const char *log) {
  char *data = NULL;
  size_t len = 0;
  if (read_file(log, 1 << 20, &data, &len) != 0) return xstrdup("");
  while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r' || data[len - 1] == ' ')) len--;
  size_t start = len;
  while (start > 0 && data[start - 1] != '\n') start--;
  char *res = xstrndup(data + start, len - start);
  free(data);
  return res;
}

/* Runs argv in a process group of its own, output to log; returns the
 * wait status, -1 (errno) when it could not start, or -2 when killed at
 * the time limit. The group is killed in every case afterwards: helper
 * processes must not outlive the conversion. */
static int run_limited(char *const argv[], const char *log, unsigned seconds) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    setpgid(0, 0);
    int in = open("/dev/null", O_RDONLY);
    int out = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0) _exit(127);
    dup2(in, 0);
    dup2(out, 1);
    dup2(out, 2);
    execv(argv[0], argv);
    _exit(127);
  }
  setpgid(pid, pid); /* either side may run first */
  struct timespec start, now, nap = {0, 20 * 1000 * 1000};
  clock_gettime(CLOCK_MONOTONIC, &start);
  int status = 0;
  for (;;) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (r < 0 && errno != EINTR) {
      status = -1;
      break;
    }
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec - start.tv_sec >= (time_t)seconds) {
      kill(-pid, SIGKILL);
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      return -2;
    }
    nanosleep(&nap, NULL);
  }
  kill(-pid, SIGKILL); /* what it left running (oosplash's soffice.bin) */
  return status;
}

int pdf_from_odt(const void *odt, size_t len, buf *pdf, char **err) {
  char *soffice = find_soffice();
  if (!soffice) {
    const char *env = getenv("SOFFICE");
    *err = env && *env ? xasprintf(_("cannot run LibreOffice as '%s' (from $SOFFICE): a PDF needs LibreOffice; "
                                     "install the package %s"),
                                   env, PDF_PACKAGE)
                       : xasprintf(_("a PDF needs LibreOffice (soffice), which is not installed: install the "
                                     "package %s, or name the program in $SOFFICE"),
                                   PDF_PACKAGE);
    return 2;
  }
  const char *tmp = getenv("TMPDIR");
  char *dir = xasprintf("%s/wijkcontract-pdf.XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    *err = xasprintf(_("cannot make a work directory for the PDF conversion in %s: %s"),
                     tmp && *tmp ? tmp : "/tmp", strerror(errno));
    free(dir);
    free(soffice);
    return 2;
  }
  char *in = xasprintf("%s/document.odt", dir), *outdir = xasprintf("%s/out", dir);
  char *out = xasprintf("%s/document.pdf", outdir), *log = xasprintf("%s/soffice.log", dir);
  char *profile = xasprintf("%s/profile", dir), *url = file_url(profile);
  char *env_arg = xasprintf("-env:UserInstallation=%s", url);
  int rc = 2;
  if (write_file(in, odt, len) != 0) {
    *err = xasprintf(_("cannot write the document for the PDF conversion in %s: %s"), dir, strerror(errno));
    goto done;
  }
  char *argv[] = {soffice,       env_arg,      "--headless",     "--norestore", "--nologo",
                  "--nolockcheck", "--convert-to", (char *)FILTER, "--outdir",    outdir,
                  in,            NULL};
  unsigned limit = time_limit();
  int st = run_limited(argv, log, limit);
  if (st == -2) {
    *err = xasprintf(_("the PDF conversion by %s did not finish within %u seconds; it was stopped and nothing "
                       "was written"),
                     soffice, limit);
    goto done;
  }
  if (st == -1) {
    *err = xasprintf(_("cannot start %s: %s"), soffice, strerror(errno));
    goto done;
  }
  char *data = NULL;
  size_t n = 0;
  int r = read_file(out, PDF_MAX_SIZE, &data, &n);
  if (r != 0 || n < 5 || memcmp(data, "%PDF-", 5) != 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
    char *why = last_line(log);
    *err = xasprintf(_("%s made no PDF (%s%s%s); nothing was written"), soffice,
                     WIFEXITED(st) ? _("it exited") : _("it was killed"), *why ? ": " : "", why);
    free(why);
    free(data);
    goto done;
  }
  buf_reset(pdf);
  buf_add(pdf, data, n);
  free(data);
  rc = 0;
done:
  remove_tree(dir);
  free(env_arg);
  free(url);
  free(profile);
  free(log);
  free(out);
  free(outdir);
  free(in);
  free(dir);
  free(soffice);
  return rc;
}
