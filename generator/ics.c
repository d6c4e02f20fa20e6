/* ics.c - iCalendar output (RFC 5545) for `review -o FILE.ics`: all-day
 * events a calendar can import, recurring by a rule or with a reminder. */
#include "ics.h"

#include <stdio.h>
#include <string.h>

enum { ICS_MAX_OCTETS = 75 };

/* Civil date from days since 1970-01-01 (proleptic Gregorian; the
 * era-based method: 400-year cycles of 146097 days). */
void ics_civil(long days, long *y, int *m, int *d) {
  long z = days + 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

void ics_date(long days, char *out, size_t size) {
  long y;
  int m, d;
  ics_civil(days, &y, &m, &d);
  snprintf(out, size, "%04ld%02d%02d", y, m, d);
}

void ics_datetime(long long secs, char *out, size_t size) {
  long long days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  long long rem = secs - days * 86400;
  long y;
  int m, d;
  ics_civil((long)days, &y, &m, &d);
  snprintf(out, size, "%04ld%02d%02dT%02d%02d%02dZ", y, m, d, (int)(rem / 3600),
           (int)(rem / 60 % 60), (int)(rem % 60));
}

void ics_escape(buf *out, const char *s) {
  for (; *s; s++) {
    switch (*s) {
    case '\\': buf_adds(out, "\\\\"); break;
    case ';': buf_adds(out, "\\;"); break;
    case ',': buf_adds(out, "\\,"); break;
    case '\r':
      if (s[1] == '\n') s++;
      buf_adds(out, "\\n");
      break;
    case '\n': buf_adds(out, "\\n"); break;
    default:
      /* other control characters cannot appear in a TEXT value */
      if ((unsigned char)*s < 0x20 && *s != '\t') buf_addc(out, ' ');
      else buf_addc(out, *s);
    }
  }
}

void ics_line(buf *out, const char *name, const char *value) {
  buf line;
  buf_init(&line);
  buf_adds(&line, name);
  buf_addc(&line, ':');
  buf_adds(&line, value);
  /* fold: a line holds at most 75 octets; continuation lines start with a
   * space that counts towards them. Never cut before a UTF-8 continuation
   * byte (10xxxxxx). */
  size_t i = 0, limit = ICS_MAX_OCTETS;
  while (line.len - i > limit) {
    size_t cut = i + limit;
    while (cut > i && ((unsigned char)line.data[cut] & 0xC0) == 0x80) cut--;
    buf_add(out, line.data + i, cut - i);
    buf_adds(out, "\r\n ");
    i = cut;
    limit = ICS_MAX_OCTETS - 1;
  }
  buf_add(out, line.data + i, line.len - i);
  buf_adds(out, "\r\n");
  buf_free(&line);
}

void ics_begin(buf *out, const char *prodid, const char *name) {
  ics_line(out, "BEGIN", "VCALENDAR");
  ics_line(out, "VERSION", "2.0");
  ics_line(out, "PRODID", prodid);
  ics_line(out, "CALSCALE", "GREGORIAN");
  ics_line(out, "METHOD", "PUBLISH");
  if (name) {
    buf v;
    buf_init(&v);
    buf_add(&v, "", 0);
    ics_escape(&v, name);
    ics_line(out, "X-WR-CALNAME", v.data);
    buf_free(&v);
  }
}

static void text_prop(buf *out, const char *name, const char *text) {
  buf v;
  buf_init(&v);
  buf_add(&v, "", 0);
  ics_escape(&v, text);
  ics_line(out, name, v.data);
  buf_free(&v);
}

/* A reminder alarm_days before the day: a VALARM that shows the summary. */
static void add_alarm(buf *out, const ics_event *e) {
  char trigger[32];
  snprintf(trigger, sizeof trigger, "-P%dD", e->alarm_days);
  ics_line(out, "BEGIN", "VALARM");
  ics_line(out, "ACTION", "DISPLAY");
  text_prop(out, "DESCRIPTION", e->summary);
  ics_line(out, "TRIGGER", trigger);
  ics_line(out, "END", "VALARM");
}

void ics_add_event(buf *out, const ics_event *e, const char *dtstamp) {
  char start[16], end[16];
  ics_date(e->days, start, sizeof start);
  ics_date(e->days + 1, end, sizeof end);
  ics_line(out, "BEGIN", "VEVENT");
  ics_line(out, "UID", e->uid);
  ics_line(out, "DTSTAMP", dtstamp);
  ics_line(out, "DTSTART;VALUE=DATE", start);
  ics_line(out, "DTEND;VALUE=DATE", end);
  if (e->rrule && *e->rrule) ics_line(out, "RRULE", e->rrule);
  text_prop(out, "SUMMARY", e->summary);
  if (e->description && *e->description) text_prop(out, "DESCRIPTION", e->description);
  if (e->categories && *e->categories) text_prop(out, "CATEGORIES", e->categories);
  ics_line(out, "TRANSP", "TRANSPARENT");
  if (e->alarm_days > 0) add_alarm(out, e);
  ics_line(out, "END", "VEVENT");
}

void ics_end(buf *out) { ics_line(out, "END", "VCALENDAR"); }
