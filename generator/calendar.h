/* calendar.h - the contract's dates as an iCalendar file (ics.c): for one
 * party (`review --party ID -o X.ics`) or for the whole contract (`review
 * -o X.ics` without --party). Dated commitments and evaluations carry a
 * reminder a week before; a recurring commitment repeats by the rule its
 * `recurrence` text gives (recur.c), or keeps the text as a note when it
 * cannot be read. Event ids come from the contract's title and the
 * commitment's id, never from the time, so importing a new version
 * updates the events instead of adding them again. */
#ifndef WK_CALENDAR_H
#define WK_CALENDAR_H

#include "model.h"
#include "review.h"
#include "util.h"

/* Days before a due date or an evaluation that the reminder goes off. */
enum { CALENDAR_REMINDER_DAYS = 7 };

void calendar_review(const review *r, buf *out);
void calendar_contract(const contract *c, buf *out);

#endif
