/* diag.h - collecting and printing diagnostics: FILE:LINE:COL: SEVERITY:
 * MESSAGE [CHECK-ID], or JSON. Message texts and ids live in diag.def. */
#ifndef WK_DIAG_H
#define WK_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A position in the source file: 1-based line and column (column counts
 * bytes of the line as stored, after a byte-order mark). 0 means unknown. */
typedef struct {
  int line;
  int col;
} srcpos;

typedef enum { DIAG_NOTE = 0, DIAG_WARNING = 1, DIAG_ERROR = 2 } diag_severity;

typedef enum {
#define DIAG(name, check, sev, fmt) DIAG_##name,
#include "diag.def"
#undef DIAG
  DIAG__COUNT
} diag_id;

typedef struct {
  srcpos pos;
  diag_severity severity;
  diag_id id;
  char *message; /* already translated and formatted */
  size_t seq;    /* report order, keeps sorting stable */
  char *about;   /* ids the finding is about, separated by spaces (for
                    `acknowledge`), or NULL */
} diag;

typedef struct {
  char *file; /* the name printed in front of every message */
  diag *items;
  size_t n, cap;
} diag_list;

void diag_list_init(diag_list *dl, const char *file);
void diag_list_free(diag_list *dl); /* accepts NULL */

/* Reports message `id` at pos with its default severity; the variadic
 * arguments fill the (translated) format of the table row. */
void diag_report(diag_list *dl, diag_id id, srcpos pos, ...);
/* Same, with an explicit severity (placeholder follows the status stage). */
void diag_report_sev(diag_list *dl, diag_id id, diag_severity sev, srcpos pos, ...);

/* Records the ids (a party, challenge, commitment, condition; NULL
 * skipped) the last reported finding is about. */
void diag_about(diag_list *dl, const char *id1, const char *id2, const char *id3);
/* Turns finding d into a note that quotes the reason the parties accept
 * it for (acknowledge). */
void diag_acknowledge(diag *d, const char *reason);
/* Whether check is a check id of the table; *can_acknowledge: it reports
 * warnings (or only notes), which `acknowledge` may turn into notes. */
bool diag_check_known(const char *check, bool *can_acknowledge);
/* The check ids with warnings or notes, "a, b, c" (for messages). */
const char *diag_acknowledgeable_checks(void);

const char *diag_check_name(diag_id id); /* "missing-role" */
diag_severity diag_default_severity(diag_id id);
const char *diag_severity_name(diag_severity sev); /* "error" (never translated) */

/* Sorts by position, keeping report order for equal positions. */
void diag_sort(diag_list *dl);
/* Counts findings at sev or worse; with strict, warnings count as errors. */
size_t diag_count(const diag_list *dl, diag_severity sev, bool strict);
bool diag_has_errors(const diag_list *dl, bool strict);

/* Text: one line per finding; strict prints warnings as errors. */
void diag_print_text(FILE *out, const diag_list *dl, bool strict);
/* JSON: call begin once, items for each list, end once. */
void diag_json_begin(FILE *out);
void diag_json_items(FILE *out, const diag_list *dl, bool strict);
void diag_json_end(FILE *out);

#endif
