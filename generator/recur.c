/* recur.c - reading `recurrence` texts as calendar rules (recur.h). */
#include "recur.h"

#include <string.h>

#include "ics.h"

static bool word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

typedef struct {
  int freq;
  unsigned days;
  unsigned short months;       /* named months and ranges */
  unsigned short season;       /* the months of named seasons */
  int season_first;            /* the first month of the first season */
  int count;
  int last_month;              /* the month before a range word, or 0 */
  bool through;                /* a range word waits for its end */
} reading;

/* Takes one word; false when it is unknown or does not fit. */
static bool take(reading *rd, const profile_recur_word *w) {
  switch (w->kind) {
  case RECUR_FILLER: return true;
  case RECUR_FREQ:
    if (rd->freq && rd->freq != w->value) return false;
    rd->freq = w->value;
    return true;
  case RECUR_DAY: rd->days |= 1u << w->value; return true;
  case RECUR_COUNT:
    if (rd->count) return false;
    rd->count = w->value;
    return true;
  case RECUR_SEASON:
    rd->season |= w->months;
    if (!rd->season_first) rd->season_first = w->value;
    return true;
  case RECUR_THROUGH:
    if (!rd->last_month || rd->through) return false;
    rd->through = true;
    return true;
  case RECUR_MONTH:
    if (rd->through) { /* a range, round the year's end when it must */
      for (int m = rd->last_month;; m = m % 12 + 1) {
        rd->months |= (unsigned short)(1u << m);
        if (m == w->value) break;
      }
      rd->through = false;
    }
    rd->months |= (unsigned short)(1u << w->value);
    rd->last_month = w->value;
    return true;
  }
  return false;
}

static int bits(unsigned v) {
  int n = 0;
  for (; v; v &= v - 1) n++;
  return n;
}

bool recur_parse(const profile *p, const char *lang, const char *text, size_t len, recur_rule *out) {
  reading rd = {0};
  char word[64];
  size_t words = 0;
  for (size_t i = 0; i < len;) {
    if (!word_byte((unsigned char)text[i])) {
      i++;
      continue;
    }
    size_t n = 0;
    for (; i < len && word_byte((unsigned char)text[i]); i++) {
      if (n + 1 >= sizeof word) return false;
      char c = text[i];
      word[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    word[n] = '\0';
    const profile_recur_word *w = profile_recur_find(p, lang, word);
    if (!w || !take(&rd, w)) return false;
    words++;
  }
  if (!words || rd.through) return false;
  recur_rule r = {0};
  if (rd.days) {
    /* named days: every week (or every other), as many as it says */
    if (rd.freq && rd.freq != RECUR_WEEKLY && rd.freq != RECUR_FORTNIGHTLY) return false;
    if (rd.count && rd.count != bits(rd.days)) return false;
    r.freq = rd.freq ? rd.freq : RECUR_WEEKLY;
    r.days = rd.days;
  } else {
    if (rd.count) return false; /* "twice a week", but on which days? */
    r.freq = rd.freq ? rd.freq : (rd.season || rd.months) ? RECUR_YEARLY : 0;
    if (!r.freq) return false;
  }
  /* a season once a year falls in its first month; more often, in all */
  r.months = rd.months;
  if (r.freq == RECUR_YEARLY && rd.season_first) r.months |= (unsigned short)(1u << rd.season_first);
  else r.months |= rd.season;
  if (r.freq == RECUR_DAILY && r.days) return false;
  *out = r;
  return true;
}

void recur_rrule(const recur_rule *r, buf *out) {
  static const char *const freqs[] = {"", "DAILY", "WEEKLY", "WEEKLY", "MONTHLY", "YEARLY"};
  static const char *const days[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
  buf_printf(out, "FREQ=%s", freqs[r->freq]);
  if (r->freq == RECUR_FORTNIGHTLY) buf_adds(out, ";INTERVAL=2");
  if (r->days) {
    buf_adds(out, ";BYDAY=");
    for (int d = 0, first = 1; d < 7; d++)
      if (r->days & (1u << d)) {
        buf_printf(out, "%s%s", first ? "" : ",", days[d]);
        first = 0;
      }
  }
  if (r->months) {
    buf_adds(out, ";BYMONTH=");
    for (int m = 1, first = 1; m <= 12; m++)
      if (r->months & (1u << m)) {
        buf_printf(out, first ? "%d" : ",%d", m);
        first = 0;
      }
  }
}

static bool fits(const recur_rule *r, long day, bool first_day) {
  long y;
  int m, d;
  ics_civil(day, &y, &m, &d);
  if (r->months && !(r->months & (1u << m))) return false;
  if (r->days) return (r->days >> ((day + 3) % 7)) & 1u; /* 1970-01-01 was a Thursday */
  return first_day || d == 1;
}

long recur_first(const recur_rule *r, long from) {
  for (long day = from; day < from + 400; day++)
    if (fits(r, day, day == from)) return day;
  return from;
}
