/* build_impl.h - what the one-file build (cmd_build.c) shares with the
 * batch build of many files into a directory (build_batch.c). */
#ifndef WK_BUILD_IMPL_H
#define WK_BUILD_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#define BUILD_MAX_JOBS 256

typedef enum { FMT_NONE, FMT_ODT, FMT_DOCX, FMT_PDF } out_format;

typedef struct {
  const char **inputs; /* every file named, in order */
  size_t n_inputs;
  const char *input; /* inputs[0]: the one file of a single build */
  const char *output, *to, *reference, *dir;
  int jobs; /* -j; 0: the number of processors */
  bool draft, force, public_version;
  bool quiet; /* -q: no line naming the file written (nor a batch's count) */
  /* The process ends after this build: the contract and the document it
   * composed are left to the exit, which takes all memory back at once,
   * instead of being freed block by block (build_one). */
  bool exit_after;
} build_opts;

/* Builds input into out: load, check, compose, render, write whole.
 * Prints the findings and any failure to stderr; returns the exit status
 * (0 written, 1 refused, 2 I/O or generation failure). staged: written
 * unsynced to output_stage_name(out, getpid()) instead, for the batch to
 * sync and commit (output.h). */
int build_one(const build_opts *o, const char *input, const char *out, out_format fmt, bool staged);

/* The format of a batch: -t's, else ODT. */
out_format build_format(const build_opts *o);

/* DIR/NAME.EXT (dir NULL: NAME.EXT), NAME being input's file name without
 * its extension. malloc'd. */
char *build_output_name(const char *dir, const char *input, out_format f);

/* `build FILE... -d DIR`: every file into DIR, o->jobs at a time. */
int build_batch(const build_opts *o);

#endif
