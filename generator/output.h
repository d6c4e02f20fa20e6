/* output.h - writing result files without ever losing anything: a
 * temporary file in the target directory (unnamed where Linux allows),
 * written, flushed and linked or renamed over the target; never the input;
 * never a partial file; a killed run's temporary file is removed by the
 * next write to the same target. */
#ifndef WK_OUTPUT_H
#define WK_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

/* Writes data to path atomically. Refuses (returns 1, *err set) when path
 * is the same file as any of inputs (NULL-terminated list, may be NULL).
 * Returns 0, or -1 with *err (malloc'd, names the file and the reason) on an
 * I/O failure, after removing the temporary file. First removes the stale
 * temporary files of path (".NAME.wktmp.XXXXXX" beside it whose writer is
 * gone), and no other file. */
int output_write(const char *path, const void *data, size_t len, const char *const *inputs,
                 char **err);

/* A batch writes each document in two steps, so that many files become
 * durable with one sync instead of two each:
 * output_stage (in the child that built it) writes data, not synced, to
 * the temporary file output_stage_name(path, id) beside path, checking
 * path against inputs as output_write does (1 with *err: refused; -1 with
 * *err: cannot write; nothing left behind then); the batch then calls
 * output_sync_data once for the files staged together, output_commit for
 * each (renamed over path: the name points at bytes already on disk),
 * and output_sync_dir once, and only then reports them written. A
 * staged file never committed (the batch killed) is a stale temporary
 * file, removed by the next write to path. */
char *output_stage_name(const char *path, long id); /* malloc'd */
/* Removes the stale temporary files of every target in dir, and no other
 * file: once per batch, before it stages (output_stage does not look). */
void output_clean_dir(const char *dir);
int output_stage(const char *path, long id, const void *data, size_t len, const char *const *inputs,
                 char **err);
/* Makes the data written on the file system of dir durable (syncfs). */
void output_sync_data(const char *dir);
/* Renames the staged tmp over path: 0, or -1 with *err (tmp removed). */
int output_commit(const char *tmp, const char *path, char **err);

/* Makes the names created in dir durable (fsync of the directory; a file
 * system that refuses it on a directory is not an error). */
void output_sync_dir(const char *dir);

/* Like output_write, for a file that must not exist yet (`new`): returns 1
 * with *err when path exists, or appears while writing; never replaces. */
int output_create(const char *path, const void *data, size_t len, char **err);

/* The message for a folder that cannot take the file path: it names the
 * folder and the cause (errno why: missing, not a folder, read-only,
 * full), never the temporary file the user does not know about. */
char *output_folder_error(const char *path, const char *dir, int why);

#endif
