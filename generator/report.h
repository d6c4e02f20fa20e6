/* report.h - the evaluation report of a contract at a date (`report`):
 * per commitment its latest progress record up to that date, its target
 * against baseline and the last measured value, whether it is overdue;
 * the conditions still open and the dates still to come. Computed once,
 * composed into a document (compose_report.c) that every output renders. */
#ifndef WK_REPORT_H
#define WK_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

typedef struct {
  const commitment *cm;
  size_t number;                 /* citation number */
  const progress_record *latest; /* the last record dated on or before the
                                    report's date (file order breaks ties);
                                    NULL: none */
  const progress_record *measured; /* the last such record with a value */
  long end_days;                 /* the day its term ends (due, else until);
                                    -1 when it has no end date */
  bool closed;                   /* latest status is done or dropped */
  bool overdue;                  /* ended before the report's date, not closed */
} report_item;

typedef enum {
  REPORT_EVALUATION,
  REPORT_DUE,       /* a commitment's due date */
  REPORT_UNTIL,     /* a commitment ends */
  REPORT_TARGET,    /* a target's `by` */
  REPORT_CONDITION, /* an open condition's due date */
  REPORT_PERIOD_END
} report_date_kind;

typedef struct {
  long days;
  const mtext *date;
  report_date_kind kind;
  const report_item *item;  /* REPORT_DUE, _UNTIL, _TARGET */
  const condition *cond;    /* REPORT_CONDITION */
  size_t seq;
} report_date;

typedef struct {
  const contract *c;
  const char *lang;        /* the contract's language */
  long as_of;              /* days since 1970-01-01 */
  char as_of_iso[11];
  report_item *items;      /* one per commitment, file order */
  size_t n_items;
  const condition **open;  /* conditions still open, file order */
  size_t n_open;
  report_date *dates;      /* on or after as_of, date order */
  size_t n_dates;
  size_t n_overdue;
} report;

/* The report of c (which has a profile) at day as_of. */
report *report_build(const contract *c, long as_of);
void report_free(report *r); /* accepts NULL */

/* Label of key in the contract's language. */
const char *report_label(const report *r, const char *key);
/* A date of the front matter as the document writes it (malloc'd). */
char *report_date_text(const report *r, const mtext *date);
/* The label of a progress status ("in uitvoering"), the word as written
 * when the profile does not know it. */
const char *report_status_label(const report *r, const mtext *status);

#endif
