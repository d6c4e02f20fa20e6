/* build_batch.c - `build FILE... -d DIR [-j N]`: every file built into DIR
 * by a child process of its own, N at a time, so that one file's failure
 * (or crash) cannot stop the others. A child's findings come back through
 * a pipe and are printed whole, one file after the other; a file is
 * reported as built only after the directory holding it was synced (once
 * for all the files that finished together). */
#define _GNU_SOURCE /* _SC_NPROCESSORS_ONLN */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "build_impl.h"
#include "i18n.h"
#include "output.h"
#include "profile.h"
#include "util.h"

/* A progress line is drawn on a terminal from this many files on. */
#define BATCH_PROGRESS_MIN 10

typedef struct {
  pid_t pid;
  int fd;       /* read end of the child's stdout and stderr */
  size_t index; /* into the inputs */
  buf text;     /* what the child printed so far */
} slot;

typedef struct {
  size_t index;
  int status; /* exit status; -1: a failure the parent describes in text */
  char *text;
} finished;

typedef struct {
  const build_opts *o;
  out_format fmt;
  char **outs;  /* output name per input, NULL when the input is refused */
  slot *slots;  /* running children */
  int running, jobs;
  finished *done; /* finished, not reported yet */
  size_t n_done, built, failed, reported;
  bool progress;
} batch;

static int processors(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > BUILD_MAX_JOBS ? BUILD_MAX_JOBS : (int)n;
}

/* DIR exists as a directory, or is made (one level). 0, or 2 with a message. */
static int ensure_dir(const char *dir) {
  struct stat st;
  if (stat(dir, &st) == 0) {
    if (S_ISDIR(st.st_mode)) return 0;
    char *m = xasprintf(_("%s is not a directory"), dir);
    print_error(m);
    free(m);
    return 2;
  }
  if (mkdir(dir, 0777) == 0) return 0;
  char *m = xasprintf(_("cannot make the directory %s: %s"), dir, strerror(errno));
  print_error(m);
  free(m);
  return 2;
}

/* The children's output file names; two inputs of the same NAME would
 * overwrite each other: the later ones are refused, by name. */
static void name_outputs(batch *b) {
  const build_opts *o = b->o;
  b->outs = xcalloc(o->n_inputs, sizeof *b->outs);
  strset seen = {0};
  for (size_t i = 0; i < o->n_inputs; i++) {
    char *out = build_output_name(o->dir, o->inputs[i], b->fmt);
    if (strset_add(&seen, out)) {
      b->outs[i] = out;
      continue;
    }
    buf m;
    buf_init(&m);
    buf_printf(&m, _("%s: another file of the batch is also built as %s; not built"), o->inputs[i], out);
    char *esc = str_escaped(m.data);
    b->done[b->n_done++] = (finished){i, -1, xasprintf("wijkcontract: %s\n", esc)};
    free(esc);
    buf_free(&m);
    free(out);
  }
  strset_free(&seen);
}

static void start(batch *b, size_t i) {
  int p[2];
  fflush(stdout);
  fflush(stderr);
  if (pipe(p) != 0) {
    b->done[b->n_done++] =
        (finished){i, -1, xasprintf(_("wijkcontract: %s: cannot start its build: %s\n"), b->o->inputs[i],
                                    strerror(errno))};
    return;
  }
  pid_t pid = fork();
  if (pid < 0) {
    int e = errno;
    close(p[0]);
    close(p[1]);
    b->done[b->n_done++] = (finished){
        i, -1, xasprintf(_("wijkcontract: %s: cannot start its build: %s\n"), b->o->inputs[i], strerror(e))};
    return;
  }
  if (pid == 0) {
    close(p[0]);
    for (int k = 0; k < b->running; k++) close(b->slots[k].fd);
    dup2(p[1], 1);
    dup2(p[1], 2);
    close(p[1]);
    /* the batch's closing count names the files built, not each child */
    build_opts one = *b->o;
    one.quiet = true;
    int st = build_one(&one, b->o->inputs[i], b->outs[i], b->fmt, false);
    fflush(stdout);
    fflush(stderr);
    _exit(st);
  }
  close(p[1]);
  fcntl(p[0], F_SETFD, FD_CLOEXEC);
  slot *s = &b->slots[b->running++];
  s->pid = pid;
  s->fd = p[0];
  s->index = i;
  buf_init(&s->text);
}

/* The child of slot k has closed its output: collect its status. */
static void reap(batch *b, int k) {
  slot *s = &b->slots[k];
  close(s->fd);
  int st = 0;
  while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR) {
  }
  int status;
  if (WIFEXITED(st)) {
    status = WEXITSTATUS(st);
  } else {
    buf_printf(&s->text, _("wijkcontract: %s: the build stopped (signal %d); nothing written\n"),
               b->o->inputs[s->index], WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    status = -1;
  }
  b->done[b->n_done++] = (finished){s->index, status, buf_detach(&s->text)};
  buf_free(&s->text);
  b->slots[k] = b->slots[--b->running];
}

/* Reads what is there from each child; reaps those that are done. */
static void collect(batch *b) {
  struct pollfd pf[BUILD_MAX_JOBS];
  for (int k = 0; k < b->running; k++) pf[k] = (struct pollfd){.fd = b->slots[k].fd, .events = POLLIN};
  int n = b->running;
  if (poll(pf, (nfds_t)n, -1) < 0) return; /* EINTR: try again */
  /* backwards, as reap moves the last slot into the reaped one */
  for (int k = n - 1; k >= 0; k--) {
    if (!pf[k].revents) continue;
    char chunk[4096];
    ssize_t got = read(pf[k].fd, chunk, sizeof chunk);
    if (got > 0) buf_add(&b->slots[k].text, chunk, (size_t)got);
    else if (got == 0 || errno != EINTR) reap(b, k);
  }
}

static void draw_progress(const batch *b) {
  if (!b->progress) return;
  fputc('\r', stderr);
  fprintf(stderr, _("%zu of %zu files, %zu failed"), b->reported, b->o->n_inputs, b->failed);
  fflush(stderr);
}

/* Reports what finished, after one sync of the directory: a file counts
 * as written once it is reported. */
static void report(batch *b) {
  if (b->n_done == 0) return;
  output_sync_dir(b->o->dir);
  if (b->progress) fputs("\r\033[K", stderr);
  for (size_t k = 0; k < b->n_done; k++) {
    finished *f = &b->done[k];
    fputs(f->text, stderr);
    free(f->text);
    if (f->status == 0) b->built++;
    else b->failed++;
    b->reported++;
  }
  b->n_done = 0;
  draw_progress(b);
}

/* What every child would otherwise do again: the profiles loaded (their
 * patterns compiled) and libxml2 set up, once, before the first fork. */
static void warm_up(void) {
  xmlInitParser();
  const char *ids = profile_ids();
  while (*ids) {
    size_t n = strcspn(ids, ", ");
    char *id = xstrndup(ids, n);
    if (n) profile_get(id);
    free(id);
    ids += n;
    ids += strspn(ids, ", ");
  }
}

int build_batch(const build_opts *o) {
  int rc = ensure_dir(o->dir);
  if (rc) return rc;
  batch b = {.o = o, .fmt = build_format(o)};
  b.jobs = o->jobs > 0 ? o->jobs : processors();
  b.slots = xcalloc((size_t)b.jobs, sizeof *b.slots);
  b.done = xcalloc(o->n_inputs, sizeof *b.done);
  b.progress = isatty(2) && o->n_inputs >= BATCH_PROGRESS_MIN;
  name_outputs(&b);
  warm_up();
  size_t next = 0;
  while (next < o->n_inputs || b.running > 0) {
    for (; b.running < b.jobs && next < o->n_inputs; next++)
      if (b.outs[next]) start(&b, next);
    if (b.running > 0) collect(&b);
    report(&b);
  }
  if (b.progress) fputs("\r\033[K", stderr);
  if (!o->quiet) {
    char *dir = str_escaped(o->dir);
    printf(_("%zu of %zu files built into %s, %zu failed\n"), b.built, o->n_inputs, dir, b.failed);
    free(dir);
  }
  for (size_t i = 0; i < o->n_inputs; i++) free(b.outs[i]);
  free(b.outs);
  free(b.done);
  free(b.slots);
  return b.failed ? 1 : 0;
}
