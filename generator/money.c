/* money.c - exact amounts in hundredths: reading plain decimals (and
 * saying what a refused one should read), guarded products and sums,
 * totals per currency, the ISO 4217 list and writing amounts per
 * language. No floating point anywhere. */
#include "money.h"

#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "templates.h"

#define CURRENCY_FILE "currencies.txt"
#define MAX_TIMES 100000LL

static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* ---- reading ------------------------------------------------------------- */

money_status money_parse(const char *s, size_t len, money_cents *out) {
  size_t i = 0;
  money_cents units = 0;
  bool too_large = false;
  while (i < len && is_digit(s[i])) {
    if (units > (MONEY_MAX / 100 - (s[i] - '0')) / 10) too_large = true;
    else units = units * 10 + (s[i] - '0');
    i++;
  }
  size_t int_digits = i;
  int cents = 0;
  size_t decimals = 0;
  if (i < len && s[i] == '.' && int_digits > 0) {
    i++;
    while (i < len && is_digit(s[i])) {
      if (decimals < 2) cents = cents * 10 + (s[i] - '0');
      decimals++;
      i++;
    }
  }
  if (int_digits > 0 && i == len && (decimals > 0 || s[len - 1] != '.')) {
    if (decimals > 2) {
      /* "30.000" is Dutch for thirty thousand as often as it is 30 */
      return MONEY_DECIMALS;
    }
    if (decimals == 1) cents *= 10;
    if (too_large || units * 100 + cents > MONEY_MAX) return MONEY_TOO_LARGE;
    *out = units * 100 + cents;
    return MONEY_OK;
  }
  /* Digits with ',' '.' ' ' or '\'' between them are a number written
   * with separators; anything else is no number. */
  bool digit = false, separator = false;
  for (size_t k = 0; k < len; k++) {
    if (is_digit(s[k])) digit = true;
    else if (strchr(".,' ", s[k]) && s[k]) separator = true;
    else return MONEY_SYNTAX;
  }
  return digit && separator && is_digit(s[0]) && is_digit(s[len - 1]) ? MONEY_SEPARATORS
                                                                      : MONEY_SYNTAX;
}

/* Whether the marks at positions pos[0..n) of s split it into groups of
 * three digits after the first (thousands separators). */
static bool groups_of_three(const char *s, size_t len, const size_t *pos, size_t n) {
  for (size_t i = 0; i < n; i++) {
    size_t next = i + 1 < n ? pos[i + 1] : len;
    if (next - pos[i] - 1 != 3) return false;
  }
  return n > 0 && pos[0] > 0 && pos[0] <= 3;
}

char *money_plain_form(const char *s, size_t len) {
  if (len == 0 || len > 64 || !is_digit(s[0]) || !is_digit(s[len - 1])) return NULL;
  size_t marks[64], n = 0;
  for (size_t i = 0; i < len; i++) {
    if (is_digit(s[i])) continue;
    if (!strchr(".,' ", s[i]) || !s[i]) return NULL;
    if (!is_digit(s[i - 1])) return NULL; /* two marks in a row */
    marks[n++] = i;
  }
  if (n == 0) return NULL;
  /* The last mark is the decimal one when it differs from the others, or
   * when it alone is followed by one or two digits. */
  char last = s[marks[n - 1]];
  size_t tail = len - marks[n - 1] - 1;
  bool last_decimal = (last == '.' || last == ',') &&
                      ((n > 1 && s[marks[n - 2]] != last) || (n == 1 && tail != 3) ||
                       (n > 1 && tail != 3));
  /* the same mark cannot both group thousands and start the decimals */
  if (last_decimal && n > 1 && s[marks[n - 2]] == last) return NULL;
  size_t grouped = last_decimal ? n - 1 : n;
  size_t end = last_decimal ? marks[n - 1] : len;
  for (size_t i = 1; i < grouped; i++)
    if (s[marks[i]] != s[marks[0]]) return NULL; /* "1.000,000.5" */
  if (grouped && !groups_of_three(s, end, marks, grouped)) return NULL;
  if (last_decimal && tail > 2) return NULL;
  buf b;
  buf_init(&b);
  for (size_t i = 0; i < end; i++)
    if (is_digit(s[i])) buf_addc(&b, s[i]);
  if (last_decimal) {
    buf_addc(&b, '.');
    buf_add(&b, s + marks[n - 1] + 1, tail);
  }
  return buf_detach(&b);
}

bool money_parse_count(const char *s, size_t len, long long *out) {
  if (len == 0 || len > 6) return false;
  long long v = 0;
  for (size_t i = 0; i < len; i++) {
    if (!is_digit(s[i])) return false;
    v = v * 10 + (s[i] - '0');
  }
  if (v < 1 || v > MAX_TIMES) return false;
  *out = v;
  return true;
}

/* ---- arithmetic ---------------------------------------------------------- */

bool money_mul(money_cents a, long long n, money_cents *out) {
  if (a < 0 || n < 0) return false;
  if (n != 0 && a > MONEY_MAX / n) return false;
  *out = a * n;
  return true;
}

bool money_add(money_cents a, money_cents b, money_cents *out) {
  if (a < 0 || b < 0 || a > MONEY_MAX - b) return false;
  *out = a + b;
  return true;
}

void money_totals_add(money_totals *t, const char *code, money_cents cents) {
  for (size_t i = 0; i < t->n; i++) {
    if (strcmp(t->items[i].code, code) != 0) continue;
    if (!money_add(t->items[i].cents, cents, &t->items[i].cents)) t->overflow = true;
    return;
  }
  void *items = t->items;
  xgrow(&items, &t->cap, t->n + 1, sizeof *t->items);
  t->items = items;
  money_total *e = &t->items[t->n++];
  memset(e, 0, sizeof *e);
  strncpy(e->code, code, 3);
  e->cents = cents;
}

void money_totals_free(money_totals *t) {
  if (!t) return;
  free(t->items);
  memset(t, 0, sizeof *t);
}

/* ---- currencies ---------------------------------------------------------- */

typedef struct {
  char code[4];
  char *symbol;
  size_t symbol_len;
} currency;

static currency *currencies;
static size_t n_currencies;
static size_t longest_symbol; /* bytes: a longer word is no symbol */

/* Reads templates/currencies.txt once: "CODE" or "CODE SYMBOL" a line. */
static void load_currencies(void) {
  if (currencies) return;
  const template_file *tf = templates_find(CURRENCY_FILE);
  const char *s = tf ? (const char *)tf->data : "";
  size_t len = tf ? tf->len : 0, cap = 0;
  currencies = xcalloc(1, sizeof *currencies);
  for (size_t at = 0; at < len;) {
    const char *nl = memchr(s + at, '\n', len - at);
    size_t end = nl ? (size_t)(nl - s) : len;
    const char *line = s + at;
    size_t n = end - at;
    at = end + 1;
    if (n < 3 || line[0] == '#') continue;
    void *items = currencies;
    xgrow(&items, &cap, n_currencies + 1, sizeof *currencies);
    currencies = items;
    currency *c = &currencies[n_currencies++];
    memcpy(c->code, line, 3);
    c->code[3] = '\0';
    c->symbol = n > 4 ? xstrndup(line + 4, n - 4) : NULL;
    c->symbol_len = c->symbol ? n - 4 : 0;
    if (c->symbol_len > longest_symbol) longest_symbol = c->symbol_len;
  }
}

static const currency *find_currency(const char *code, size_t len) {
  load_currencies();
  if (len != 3) return NULL;
  size_t lo = 0, hi = n_currencies;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int r = memcmp(currencies[mid].code, code, 3);
    if (r == 0) return &currencies[mid];
    if (r < 0) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

bool money_currency_valid(const char *code, size_t len) { return find_currency(code, len) != NULL; }

const char *money_currency_symbol(const char *code) {
  const currency *c = code ? find_currency(code, strlen(code)) : NULL;
  return c ? c->symbol : NULL;
}

bool money_currency_mark(const char *s, size_t len) {
  if (find_currency(s, len)) return true;
  if (len == 0 || len > longest_symbol) return false; /* most words: at once */
  for (size_t i = 0; i < n_currencies; i++) /* a dozen symbols */
    if (currencies[i].symbol_len == len && memcmp(currencies[i].symbol, s, len) == 0) return true;
  return false;
}

/* ---- writing ------------------------------------------------------------- */

money_style money_style_for(const profile *p, const char *lang) {
  money_style st = {"", ".", "{symbol} {amount}"};
  const char *g = profile_label_lookup(p, lang, "number.group");
  const char *d = profile_label_lookup(p, lang, "number.decimal");
  const char *f = profile_label_lookup(p, lang, "money.format");
  if (g) st.group = g;
  if (d && *d) st.decimal = d;
  if (f && strstr(f, "{amount}")) st.pattern = f;
  return st;
}

/* Whole units with group marks every three digits. */
static void put_units(buf *out, money_cents units, const char *group) {
  char digits[32];
  int n = 0;
  do {
    digits[n++] = (char)('0' + units % 10);
    units /= 10;
  } while (units > 0 && n < 30);
  for (int i = n - 1; i >= 0; i--) {
    buf_addc(out, digits[i]);
    if (i > 0 && i % 3 == 0) buf_adds(out, group);
  }
}

static void put_number(buf *out, money_cents v, const money_style *st, bool money) {
  if (v < 0) v = 0;
  put_units(out, v / 100, st->group);
  int cents = (int)(v % 100);
  if (cents == 0) return;
  buf_adds(out, st->decimal);
  buf_addc(out, (char)('0' + cents / 10));
  if (money || cents % 10) buf_addc(out, (char)('0' + cents % 10));
}

void money_format_number(buf *out, money_cents v, const money_style *st) {
  put_number(out, v, st, false);
}

void money_format(buf *out, money_cents v, const char *currency_code, const money_style *st) {
  const char *symbol = money_currency_symbol(currency_code);
  bool code = !symbol;
  if (code) symbol = currency_code ? currency_code : "";
  for (const char *p = st->pattern; *p;) {
    if (strncmp(p, "{symbol}", 8) == 0) {
      buf_adds(out, symbol);
      p += 8;
      /* a code is a word: never glued to the digits ("CHF 1,000") */
      if (code && strncmp(p, "{amount}", 8) == 0) buf_addc(out, ' ');
    } else if (strncmp(p, "{amount}", 8) == 0) {
      put_number(out, v, st, true);
      p += 8;
      if (code && strncmp(p, "{symbol}", 8) == 0) buf_addc(out, ' ');
    } else {
      buf_addc(out, *p++);
    }
  }
}

void money_format_totals(buf *out, const money_totals *t, const char *fallback_currency,
                         const char *sep, const money_style *st) {
  if (t->n == 0) {
    money_format(out, 0, fallback_currency, st);
    return;
  }
  for (size_t i = 0; i < t->n; i++) {
    if (i) buf_adds(out, sep);
    money_format(out, t->items[i].cents, t->items[i].code, st);
  }
}
