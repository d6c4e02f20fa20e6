/* build_batch.c - `build FILE... -d DIR [-j N]`: every file built into DIR
 * by N worker processes, each building one file after another, so that one
 * file's failure (or crash) cannot stop the others: a worker that dies
 * fails only the file it was building, and a new one takes its place. A
 * file's findings come back through the worker's pipe, closed by a mark,
 * and are printed whole, one file after the other. A worker writes each
 * document unsynced beside its name; the run makes a group of them
 * durable with one sync of the file system, renames each into place,
 * syncs the directory once, and only then reports them built. */
#define _GNU_SOURCE /* _SC_NPROCESSORS_ONLN */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
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

/* A worker builds this many files at most, then a fresh one follows:
 * what one build leaves behind in its memory (fragments of the heap)
 * cannot pile up over a batch of any size. */
#define BATCH_WORKER_FILES 256
/* Files queued to a worker at a time: the one it builds and the next
 * ones, so that it goes on without waiting for the run to take its mark,
 * or to sync a group (some milliseconds, more on a busy disk). Towards the
 * end of the batch one at a time, so that no worker is left with a queue
 * while another has nothing to do. */
#define BATCH_QUEUE 4

/* A worker, between files, reads the index of the next one from cmd; after
 * each file it writes a mark (a NUL byte, then its exit status as a byte)
 * after the file's findings on its stdout and stderr. Findings are text,
 * never a NUL. */
typedef struct {
  pid_t pid;    /* 0: no worker */
  int out;      /* read end of the worker's stdout and stderr */
  int cmd;      /* write end of its queue of files; -1 once closed */
  size_t queue[BATCH_QUEUE]; /* indexes into the inputs: queue[0] is being built */
  int queued;
  size_t given; /* files given to it so far */
  buf text;     /* what the worker printed since its last mark */
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
  slot *slots;  /* jobs workers */
  int jobs;
  finished *done; /* finished, not reported yet */
  size_t *retry;  /* files queued to a worker that died before them */
  size_t n_retry;
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

/* The output file names; two inputs of the same NAME would
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

/* A file that could not be given to a worker: failed, with why. */
static void fail_to_start(batch *b, size_t i, int e) {
  if (b->n_done == 0) clock_gettime(CLOCK_MONOTONIC, &b->first_done);
  b->done[b->n_done++] = (finished){
      i, -1, xasprintf(_("wijkcontract: %s: cannot start its build: %s\n"), b->o->inputs[i], strerror(e)), NULL};
}

/* The worker: builds the files whose indexes come on cmd until it ends. */
static _Noreturn void work(const batch *b, int cmd) {
  signal(SIGPIPE, SIG_DFL);
  /* the batch's closing count names the files built, not each build */
  build_opts one = *b->o;
  one.quiet = true;
  size_t i;
  while (fd_read_all(cmd, &i, sizeof i) && i < b->o->n_inputs) {
    int st = build_one(&one, b->o->inputs[i], b->outs[i], b->fmt, true);
    fflush(stdout);
    fflush(stderr);
    unsigned char mark[2] = {0, (unsigned char)st};
    if (!fd_write_all(1, mark, sizeof mark)) break;
  }
  _exit(0);
}

/* Starts a worker in slot s. 0, or an errno. */
static int hire(batch *b, slot *s) {
  int out[2], cmd[2];
  fflush(stdout);
  fflush(stderr);
  if (pipe(out) != 0) return errno;
  if (pipe(cmd) != 0) {
    int e = errno;
    close(out[0]);
    close(out[1]);
    return e;
  }
  pid_t pid = fork();
  if (pid < 0) {
    int e = errno;
    close(out[0]);
    close(out[1]);
    close(cmd[0]);
    close(cmd[1]);
    return e;
  }
  if (pid == 0) {
    /* the other workers' pipes: a worker holding one open would keep
     * its owner from ever seeing the end of its queue */
    for (int k = 0; k < b->jobs; k++) {
      if (!b->slots[k].pid) continue;
      close(b->slots[k].out);
      if (b->slots[k].cmd >= 0) close(b->slots[k].cmd);
    }
    close(out[0]);
    close(cmd[1]);
    fcntl(cmd[0], F_SETFD, FD_CLOEXEC); /* not for LibreOffice (-t pdf) */
    dup2(out[1], 1);
    dup2(out[1], 2);
    close(out[1]);
    work(b, cmd[0]);
  }
  close(out[1]);
  close(cmd[0]);
  fcntl(out[0], F_SETFD, FD_CLOEXEC);
  fcntl(cmd[1], F_SETFD, FD_CLOEXEC);
  *s = (slot){.pid = pid, .out = out[0], .cmd = cmd[1]};
  buf_init(&s->text);
  return 0;
}

/* Queues file i to the worker of s. false when the worker is gone. */
static bool give(slot *s, size_t i) {
  if (!fd_write_all(s->cmd, &i, sizeof i)) return false;
  s->queue[s->queued++] = i;
  s->given++;
  return true;
}

/* Ends the worker's queue: it exits when it has read all of it. */
static void dismiss(slot *s) {
  if (s->cmd < 0) return;
  close(s->cmd);
  s->cmd = -1;
}

static void add_done(batch *b, size_t i, int status, char *text, pid_t pid) {
  if (b->n_done == 0) clock_gettime(CLOCK_MONOTONIC, &b->first_done);
  char *staged = status == 0 ? output_stage_name(b->outs[i], (long)pid) : NULL;
  b->done[b->n_done++] = (finished){i, status, text, staged};
}

/* The files the worker of s has finished: each is its text up to a mark. */
static void take_finished(batch *b, slot *s) {
  char *nul;
  while (s->queued && s->text.len >= 2 && (nul = memchr(s->text.data, 0, s->text.len - 1)) != NULL) {
    size_t len = (size_t)(nul - s->text.data);
    int status = (unsigned char)nul[1];
    char *text = xstrndup(s->text.data, len);
    size_t rest = s->text.len - len - 2;
    memmove(s->text.data, nul + 2, rest);
    s->text.len = rest;
    s->text.data[rest] = '\0';
    add_done(b, s->queue[0], status, text, s->pid);
    memmove(s->queue, s->queue + 1, (size_t)--s->queued * sizeof *s->queue);
  }
}

/* The worker of s has closed its output: collect its status; a file it
 * was building when it died has failed, and those queued after it go to
 * another worker. */
static void reap(batch *b, slot *s) {
  close(s->out);
  dismiss(s);
  int st = 0;
  while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR) {
  }
  if (s->queued) {
    int status;
    if (WIFEXITED(st) && WEXITSTATUS(st) != 0) {
      status = WEXITSTATUS(st);
    } else {
      buf_printf(&s->text, _("wijkcontract: %s: the build stopped (signal %d); nothing written\n"),
                 b->o->inputs[s->queue[0]], WIFSIGNALED(st) ? WTERMSIG(st) : 0);
      status = -1;
    }
    add_done(b, s->queue[0], status, buf_detach(&s->text), 0);
    while (s->queued > 1) b->retry[b->n_retry++] = s->queue[--s->queued];
  }
  buf_free(&s->text);
  *s = (slot){0};
}

/* Reads what is there from each worker; takes the files finished; reaps
 * the workers that are gone. */
static void collect(batch *b) {
  struct pollfd pf[BUILD_MAX_JOBS];
  int at[BUILD_MAX_JOBS], n = 0;
  for (int k = 0; k < b->jobs; k++)
    if (b->slots[k].pid) {
      at[n] = k;
      pf[n++] = (struct pollfd){.fd = b->slots[k].out, .events = POLLIN};
    }
  if (n == 0) return;
  /* with files waiting to be reported, wake up in time to report them */
  if (poll(pf, (nfds_t)n, b->n_done ? BATCH_GROUP_MS : -1) <= 0) return; /* EINTR, or time */
  for (int k = 0; k < n; k++) {
    if (!pf[k].revents) continue;
    slot *s = &b->slots[at[k]];
    char chunk[4096];
    ssize_t got = read(pf[k].fd, chunk, sizeof chunk);
    if (got > 0) {
      buf_add(&s->text, chunk, (size_t)got);
      take_finished(b, s);
    } else if (got == 0 || errno != EINTR) {
      reap(b, s);
    }
  }
}

/* The next file for a worker: one a dead worker left, else the next of
 * the inputs not refused by name. false when there is none. */
static bool next_file(batch *b, size_t *next, size_t *i) {
  if (b->n_retry) {
    *i = b->retry[--b->n_retry];
    return true;
  }
  while (*next < b->o->n_inputs && !b->outs[*next]) ++*next;
  if (*next >= b->o->n_inputs) return false;
  *i = (*next)++;
  return true;
}

static void put_back(batch *b, size_t i) { b->retry[b->n_retry++] = i; }

/* Fills each worker's queue (hiring workers as needed, and replacing one
 * that has built its share); dismisses those with nothing left to do.
 * Whether any worker is left, or any file. */
static bool staff(batch *b, size_t *next) {
  bool live = false;
  size_t i;
  size_t left = b->o->n_inputs - *next + b->n_retry;
  int depth = left >= (size_t)b->jobs * BATCH_QUEUE ? BATCH_QUEUE : 1;
  for (int k = 0; k < b->jobs; k++) {
    slot *s = &b->slots[k];
    if (!s->pid && next_file(b, next, &i)) {
      int e = hire(b, s);
      if (e) fail_to_start(b, i, e);
      else put_back(b, i);
    }
    while (s->pid && s->cmd >= 0 && s->queued < depth && s->given < BATCH_WORKER_FILES &&
           next_file(b, next, &i))
      if (!give(s, i)) {
        put_back(b, i);
        dismiss(s);
      }
    if (s->pid && !s->queued) dismiss(s);
    live |= s->pid != 0;
  }
  return live || b->n_retry || *next < b->o->n_inputs;
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
 * interpreted in every worker: each build's check and compose match them
 * over its whole contract. */
#define BATCH_JIT_MIN 8

/* What every worker would otherwise do again: the profiles loaded (their
 * patterns compiled, for a large batch JIT-compiled too) and libxml2 set
 * up, once, before the first fork. */
static void warm_up(size_t n_files) {
  xmlInitParser();
  /* The time zone, read once. With TZ unset glibc's mktime looks at
   * /etc/localtime again on every call, and libzip calls it for each part
   * of each package (its DOS times): some fourteen stat calls a document.
   * Naming the same file in TZ lets glibc see that nothing changed. */
  if (!getenv("TZ")) setenv("TZ", ":/etc/localtime", 0);
  tzset();
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
  b.retry = xcalloc((size_t)b.jobs * BATCH_QUEUE + 1, sizeof *b.retry);
  b.progress = isatty(2) && o->n_inputs >= BATCH_PROGRESS_MIN;
  name_outputs(&b);
  /* what killed runs left in DIR, once for all the workers */
  output_clean_dir(o->dir);
  warm_up(o->n_inputs);
  /* a worker that died is seen at the end of its output, not by a write */
  void (*was)(int) = signal(SIGPIPE, SIG_IGN);
  size_t next = 0;
  while (staff(&b, &next)) {
    collect(&b);
    /* the workers get their next files before the syncs of a report */
    staff(&b, &next);
    if (group_due(&b, false)) report(&b);
  }
  if (group_due(&b, true)) report(&b);
  signal(SIGPIPE, was);
  if (b.progress) fputs("\r\033[K", stderr);
  if (!o->quiet) {
    char *dir = str_escaped(o->dir);
    printf(_("%zu of %zu files built into %s, %zu failed\n"), b.built, o->n_inputs, dir, b.failed);
    free(dir);
  }
  for (size_t i = 0; i < o->n_inputs; i++) free(b.outs[i]);
  free(b.outs);
  free(b.done);
  free(b.retry);
  free(b.slots);
  return b.failed ? 1 : 0;
}
