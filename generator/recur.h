/* recur.h - a commitment's `recurrence` text read as a calendar rule
 * (RFC 5545 RRULE) with the words of the profile (profile_recur_word):
 * "elke dinsdag", "wekelijks van november tot en met maart", "twice a week
 * on Tuesday and Thursday", "each spring". A text with a word the profile
 * does not know, or words that do not fit together, is not read: the
 * calendar notes it instead of guessing. */
#ifndef WK_RECUR_H
#define WK_RECUR_H

#include <stdbool.h>
#include <stddef.h>

#include "profile.h"
#include "util.h"

typedef struct {
  int freq;              /* RECUR_DAILY ... RECUR_YEARLY */
  unsigned days;         /* bit 0 Monday ... bit 6 Sunday; 0: any */
  unsigned short months; /* bit m for month m; 0: any */
} recur_rule;

/* Reads text[0..len) with the words of lang; false when it cannot be read
 * whole. */
bool recur_parse(const profile *p, const char *lang, const char *text, size_t len, recur_rule *out);
/* Appends "FREQ=WEEKLY;BYDAY=TU,TH;BYMONTH=11,12,1,2,3" (no UNTIL). */
void recur_rrule(const recur_rule *r, buf *out);
/* The first day on or after from (days since 1970-01-01) that the rule
 * yields, as the event's start: from itself when it fits, else the first
 * fitting day (a weekly rule's named day, the 1st of an allowed month). */
long recur_first(const recur_rule *r, long from);

#endif
