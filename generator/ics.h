/* ics.h - writing iCalendar (RFC 5545) files: all-day events with escaped
 * TEXT values, CRLF line ends and lines folded at 75 octets. */
#ifndef WK_ICS_H
#define WK_ICS_H

#include <stddef.h>

#include "util.h"

typedef struct {
  const char *uid;         /* globally unique and stable, e.g. "...@wijkcontract" */
  long days;               /* the day, in days since 1970-01-01 */
  const char *summary;     /* plain text; escaped here */
  const char *description; /* may be NULL */
  const char *categories;  /* may be NULL; one category, escaped here */
  const char *rrule;       /* may be NULL: a recurrence rule ("FREQ=WEEKLY;BYDAY=TU") */
  int alarm_days;          /* > 0: a reminder (VALARM) that many days before */
} ics_event;

/* BEGIN:VCALENDAR with VERSION, PRODID, CALSCALE, METHOD and, when name
 * is not NULL, X-WR-CALNAME. */
void ics_begin(buf *out, const char *prodid, const char *name);
/* One VEVENT on one whole day (DTSTART;VALUE=DATE, DTEND the next day),
 * repeated by e->rrule, with a reminder alarm_days before; dtstamp is
 * "YYYYMMDDTHHMMSSZ". */
void ics_add_event(buf *out, const ics_event *e, const char *dtstamp);
void ics_end(buf *out);

/* Appends one content line "NAME:VALUE" (value already escaped), folded
 * so that no line exceeds 75 octets and no UTF-8 sequence is split, and
 * ended with CRLF. */
void ics_line(buf *out, const char *name, const char *value);
/* Appends s escaped as a TEXT value (backslash, semicolon, comma, newline). */
void ics_escape(buf *out, const char *s);

/* Days since 1970-01-01 -> year, month (1-12), day. */
void ics_civil(long days, long *y, int *m, int *d);
/* Days since 1970-01-01 -> "YYYYMMDD" (out holds at least 16 bytes). */
void ics_date(long days, char *out, size_t size);
/* Seconds since the epoch (UTC) -> "YYYYMMDDTHHMMSSZ" (out >= 32 bytes). */
void ics_datetime(long long secs, char *out, size_t size);

#endif
