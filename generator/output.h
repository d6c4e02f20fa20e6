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

/* Like output_write, but the directory is not synced: the file's bytes
 * are on disk, its name may not be yet. For a batch, which calls
 * output_sync_dir once for many files before it reports them written. */
int output_write_unsynced_dir(const char *path, const void *data, size_t len, const char *const *inputs,
                              char **err);

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
