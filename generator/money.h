/* money.h - exact amounts in hundredths (integers, never floating point):
 * the plain decimals of `amount` and `target` read and refused with the
 * accepted form, products and sums with overflow guarded, totals per
 * currency, the ISO 4217 codes (templates/currencies.txt), and amounts
 * written as a document's language writes them. */
#ifndef WK_MONEY_H
#define WK_MONEY_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct profile;

/* An amount or a number in hundredths: 1250.50 is 125050. */
typedef long long money_cents;

/* The largest value accepted (a thousand billion units); products and sums
 * past it are overflow, well inside what a long long holds. */
#define MONEY_MAX 100000000000000000LL

typedef enum {
  MONEY_OK,
  MONEY_SEPARATORS, /* thousands separators or a decimal comma: "1.000,50" */
  MONEY_DECIMALS,   /* more than two decimals: "12.505" */
  MONEY_SYNTAX,     /* not a number at all: "ca. 500", "-3", "" */
  MONEY_TOO_LARGE   /* more than MONEY_MAX */
} money_status;

/* Reads a plain decimal: digits, optionally '.' and one or two more digits
 * ("30000", "1250.50", "12.5"). */
money_status money_parse(const char *s, size_t len, money_cents *out);
/* For a number refused with MONEY_SEPARATORS or MONEY_DECIMALS: the plain
 * form it most likely means ("1.000,50" and "1,000.50" -> "1000.50",
 * "30.000" -> "30000", "12,5" -> "12.5"), or NULL when there is no one
 * reading. malloc'd. */
char *money_plain_form(const char *s, size_t len);
/* A positive whole number (`times`): digits only, 1 to 100000. */
bool money_parse_count(const char *s, size_t len, long long *out);

/* a x n and a + b, false (and *out untouched) past MONEY_MAX. */
bool money_mul(money_cents a, long long n, money_cents *out);
bool money_add(money_cents a, money_cents b, money_cents *out);

/* Totals per currency, in the order the currencies first occur. */
typedef struct {
  char code[4];
  money_cents cents;
} money_total;

typedef struct {
  money_total *items;
  size_t n, cap;
  bool overflow; /* a sum went past MONEY_MAX (that total is not exact) */
} money_totals;

void money_totals_add(money_totals *t, const char *code, money_cents cents);
void money_totals_free(money_totals *t); /* the items, not t */

/* Whether code[0..len) is an ISO 4217 code of templates/currencies.txt. */
bool money_currency_valid(const char *code, size_t len);
/* The symbol written for code ("€", "$", "£"), or NULL for none. */
const char *money_currency_symbol(const char *code);
/* Whether s[0..len) names a currency as amounts are written: an ISO 4217
 * code or the symbol of one ("EUR", "€", "US$" is not). */
bool money_currency_mark(const char *s, size_t len);

/* How a language writes numbers and amounts: the group and decimal marks
 * and where the currency goes ("{symbol} {amount}", "{symbol}{amount}").
 * From the profile's labels number.group, number.decimal and money.format
 * for lang; without them plain digits, '.' and "{symbol} {amount}". */
typedef struct {
  const char *group;
  const char *decimal;
  const char *pattern;
} money_style;

money_style money_style_for(const struct profile *p, const char *lang);
/* A number: groups of three, the decimals it has ("30.000", "12,5",
 * "1.250,50"): two decimals when the hundredths are not zero, one when
 * only the tenths are (targets: 12.5). */
void money_format_number(buf *out, money_cents v, const money_style *st);
/* An amount: the currency's symbol (or code) placed by the style, whole
 * amounts without decimals, others with two ("€ 30.000", "€1,250.50",
 * "CHF 1,000"). */
void money_format(buf *out, money_cents v, const char *currency, const money_style *st);
/* Totals joined by sep ("€ 1.000 en $ 500"); "€ 0" style of fallback
 * currency when there are none. */
void money_format_totals(buf *out, const money_totals *t, const char *fallback_currency,
                         const char *sep, const money_style *st);

#endif
