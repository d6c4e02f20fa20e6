/* build_batch.c - `build FILE... -d DIR [-j N]`: every file built into DIR
 * by a child process of its own, N at a time, so that one file's failure
 * (or crash) cannot stop the others. A child's findings come back through
 * a pipe and are printed whole, one file after the other. A child writes
 * its document unsynced beside its name; the run makes a group of them
 * durable with one sync of the file system, renames each into place,
 * syncs the directory once, and only then reports them built. */
#define _GNU_SOURCE /* _SC_NPROCESSORS_ONLN */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "build_impl.h"
#include "i18n.h"
#include "output.h"
#include "profile.h"
#include "util.h"

/* A progress line is drawn on a terminal from this many files on. */
#define BATCH_PROGRESS_MIN 10
/* Files made durable together: up to this many, or what finished within
 * BATCH_GROUP_MS of the oldest one not reported yet (so that a slow batch
 * still reports as it goes). */
#define BATCH_GROUP 64
#define BATCH_GROUP_MS 500

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
  char *staged; /* built: its unsynced temporary file (output_stage) */
} finished;

typedef struct {
  const build_opts *o;
  out_format fmt;
  char **outs;  /* output name per input, NULL when the input is refused */
  slot *slots;  /* running children */
  int running, jobs;
  finished *done; /* finished, not reported yet */
  size_t n_done, built, failed, reported;
  struct timespec first_done; /* when done[0] finished */
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
    b->done[b->n_done++] = (finished){i, -1, xasprintf("wijkcontract: %s\n", esc), NULL};
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
                                    strerror(errno)), NULL};
    return;
  }
  pid_t pid = fork();
  if (pid < 0) {
    int e = errno;
    close(p[0]);
    close(p[1]);
    b->done[b->n_done++] = (finished){
        i, -1, xasprintf(_("wijkcontract: %s: cannot start its build: %s\n"), b->o->inputs[i], strerror(e)), NULL};
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
    int st = build_one(&one, b->o->inputs[i], b->outs[i], b->fmt, true);
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
  if (b->n_done == 0) clock_gettime(CLOCK_MONOTONIC, &b->first_done);
  char *staged = status == 0 ? output_stage_name(b->outs[s->index], (long)s->pid) : NULL;
  b->done[b->n_done++] = (finished){s->index, status, buf_detach(&s->text), staged};
  buf_free(&s->text);
  b->slots[k] = b->slots[--b->running];
}

/* Reads what is there from each child; reaps those that are done. */
static void collect(batch *b) {
  struct pollfd pf[BUILD_MAX_JOBS];
  for (int k = 0; k < b->running; k++) pf[k] = (struct pollfd){.fd = b->slots[k].fd, .events = POLLIN};
  int n = b->running;
  /* with files waiting to be reported, wake up in time to report them */
  if (poll(pf, (nfds_t)n, b->n_done ? BATCH_GROUP_MS : -1) <= 0) return; /* EINTR, or time */
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

/* Whether the files finished so far are to be made durable and reported
 * now: a full group, an old one, or the end of the run. */
static bool group_due(const batch *b, bool last) {
  if (b->n_done == 0) return false;
  if (last || b->n_done >= BATCH_GROUP) return true;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  long ms = (long)(now.tv_sec - b->first_done.tv_sec) * 1000 + (now.tv_nsec - b->first_done.tv_nsec) / 1000000;
  return ms >= BATCH_GROUP_MS;
}

/* Makes what finished durable (one sync of the file system for their
 * bytes, each renamed into place, one sync of the directory for the
 * names) and then reports it: a file counts as written once it is
 * reported. */
static void report(batch *b) {
  bool any = false;
  for (size_t k = 0; k < b->n_done; k++) any |= b->done[k].staged != NULL;
  if (any) output_sync_data(b->o->dir);
  for (size_t k = 0; k < b->n_done; k++) {
    finished *f = &b->done[k];
    if (!f->staged) continue;
    char *err = NULL;
    if (output_commit(f->staged, b->outs[f->index], &err) != 0) {
      char *esc = str_escaped(err);
      char *t = xasprintf("%swijkcontract: %s\n", f->text, esc);
      free(esc);
      free(err);
      free(f->text);
      f->text = t;
      f->status = 2;
    }
    free(f->staged);
  }
  if (any) output_sync_dir(b->o->dir);
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

/* From this many files on, the profiles' patterns are JIT-compiled before
 * the first fork (some 175,000 instructions each, once) rather than
 * interpreted in every child: each child's check and compose match them
 * over its whole contract. */
#define BATCH_JIT_MIN 8

/* What every child would otherwise do again: the profiles loaded (their
 * patterns compiled, for a large batch JIT-compiled too) and libxml2 set
 * up, once, before the first fork. */
static void warm_up(size_t n_files) {
  xmlInitParser();
  tzset(); /* the time zone, read once */
  const char *ids = profile_ids();
  while (*ids) {
    size_t n = strcspn(ids, ", ");
    char *id = xstrndup(ids, n);
    if (n) profile_get(id);
    free(id);
    ids += n;
    ids += strspn(ids, ", ");
  }
  if (n_files >= BATCH_JIT_MIN) profile_jit_all();
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
  /* what killed runs left in DIR, once for all the children */
  output_clean_dir(o->dir);
  warm_up(o->n_inputs);
  size_t next = 0;
  while (next < o->n_inputs || b.running > 0) {
    for (; b.running < b.jobs && next < o->n_inputs; next++)
      if (b.outs[next]) start(&b, next);
    if (b.running > 0) collect(&b);
    if (group_due(&b, next >= o->n_inputs && b.running == 0)) report(&b);
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
