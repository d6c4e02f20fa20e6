/* workflow.h - what the workflow commands (matrix, review) share: loading
 * and checking the contract they read, the output format named by -o, and
 * writing text or a composed document to stdout or a file. */
#ifndef WK_WORKFLOW_H
#define WK_WORKFLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"
#include "model.h"

typedef enum {
  WF_TEXT,  /* .txt or standard output */
  WF_CSV,
  WF_MD,
  WF_ICS,
  WF_ODT,
  WF_DOCX,
  WF_UNKNOWN
} wf_format;

/* The format named by the extension of out (NULL or "-": WF_TEXT). */
wf_format workflow_format(const char *out);

/* Loads path and runs the checks. A contract with errors is refused like
 * `build` refuses it: the findings go to stderr and NULL comes back with
 * *status 1; an unreadable file gives NULL with *status 2 (message
 * printed). cmd names the command in messages. */
contract *workflow_load(const char *path, const char *cmd, int *status);
/* workflow_load, except that with draft a contract with errors is taken
 * (its findings printed) when its front matter could be read whole and
 * names a profile: `report --draft`. *with_errors (when not NULL) tells
 * whether it had errors, for compose_mark_errors. */
contract *workflow_load_draft(const char *path, const char *cmd, bool draft, int *status, bool *with_errors);

/* Writes data to out (NULL or "-": standard output) without ever leaving
 * a partial file or overwriting input. Returns the exit status: 0, 1 when
 * refused (out is the input), 2 on an I/O failure (message printed). */
int workflow_emit(const char *out, const void *data, size_t len, const char *input);
/* The same for output made from several inputs (NULL-terminated), none of
 * which it may replace. */
int workflow_emit_inputs(const char *out, const void *data, size_t len, const char *const *inputs);

/* Prints the line that reports out as written, its format named by its
 * extension ("Wrote X (CSV)"), to standard output, where the file's content
 * would have gone without -o. */
void workflow_say_written(const char *out);

/* Renders d as ODT or DOCX (format) into out: 0, or 2 (message printed). */
int workflow_render(const doc *d, wf_format format, buf *out);

/* Renders d as ODT or DOCX (format) and writes it to out like
 * workflow_emit. Takes ownership of nothing. */
int workflow_write_doc(const doc *d, const char *out, wf_format format, const char *input);

#endif
