/* test_money.c - unit tests of money.c: plain decimals read exactly in
 * hundredths, refused forms and the accepted form shown for them,
 * products and sums with overflow guarded, totals per currency, the
 * ISO 4217 list, and amounts written as Dutch and English write them. */
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "profile.h"
#include "unit.h"
#include "util.h"

static money_cents parsed(const char *s) {
  money_cents v = -1;
  return money_parse(s, strlen(s), &v) == MONEY_OK ? v : -1;
}

static money_status status(const char *s) {
  money_cents v;
  return money_parse(s, strlen(s), &v);
}

static void test_parse(void) {
  CHECK_INT(parsed("30000"), 3000000);
  CHECK_INT(parsed("1250.50"), 125050);
  CHECK_INT(parsed("12.5"), 1250);
  CHECK_INT(parsed("0.10"), 10);
  CHECK_INT(parsed("0"), 0);
  CHECK_INT(parsed("007"), 700);
  CHECK_INT(status("1.000,50"), MONEY_SEPARATORS);
  CHECK_INT(status("1,000.50"), MONEY_SEPARATORS);
  CHECK_INT(status("1250,50"), MONEY_SEPARATORS);
  CHECK_INT(status("30 000"), MONEY_SEPARATORS);
  CHECK_INT(status("30.000"), MONEY_DECIMALS);
  CHECK_INT(status("12.505"), MONEY_DECIMALS);
  CHECK_INT(status("ca. 500"), MONEY_SYNTAX);
  CHECK_INT(status("€ 500"), MONEY_SYNTAX);
  CHECK_INT(status("-3"), MONEY_SYNTAX);
  CHECK_INT(status("12."), MONEY_SYNTAX);
  CHECK_INT(status(".5"), MONEY_SYNTAX);
  CHECK_INT(status(""), MONEY_SYNTAX);
  CHECK_INT(status("1e6"), MONEY_SYNTAX);
  CHECK_INT(status("0x10"), MONEY_SYNTAX);
  /* the limit, and far past what a long long holds */
  CHECK_INT(parsed("1000000000000000"), MONEY_MAX);
  CHECK_INT(status("1000000000000000.01"), MONEY_TOO_LARGE);
  CHECK_INT(status("99999999999999999999999999999"), MONEY_TOO_LARGE);
  /* a NUL inside is no number */
  money_cents v;
  CHECK_INT(money_parse("12\0" "3", 4, &v), MONEY_SYNTAX);
}

static void check_plain(const char *in, const char *want) {
  char *got = money_plain_form(in, strlen(in));
  if (want) CHECK_STR(got, want);
  else CHECK(got == NULL);
  free(got);
}

static void test_plain_form(void) {
  check_plain("1.000,50", "1000.50");
  check_plain("1,000.50", "1000.50");
  check_plain("30.000", "30000");
  check_plain("30,000", "30000");
  check_plain("1250,50", "1250.50");
  check_plain("12,5", "12.5");
  check_plain("1.000.000", "1000000");
  check_plain("1.000.000,5", "1000000.5");
  check_plain("1 000", "1000");
  check_plain("1'250.50", "1250.50");
  check_plain("1,5,3", NULL);       /* no single reading */
  check_plain("1.00.000", NULL);    /* groups of two */
  check_plain("12,505,1", NULL);
  check_plain("abc", NULL);
  check_plain("1,234,56", NULL);
}

static void test_arithmetic(void) {
  money_cents a = parsed("0.10"), r = -1;
  CHECK(money_mul(a, 3, &r));
  CHECK_INT(r, 30); /* 0.10 x 3 = 0.30 exactly */
  money_cents sum = 0;
  for (int i = 0; i < 10; i++) CHECK(money_add(sum, a, &sum));
  CHECK_INT(sum, 100); /* ten times 0.10 is 1.00 */
  CHECK(money_mul(parsed("45000"), 2, &r));
  CHECK_INT(r, 9000000);
  CHECK(money_mul(parsed("1250.50"), 12, &r));
  CHECK_INT(r, 1500600);
  r = 7;
  CHECK(!money_mul(MONEY_MAX, 2, &r));
  CHECK_INT(r, 7); /* untouched on overflow */
  CHECK(!money_add(MONEY_MAX, 1, &r));
  CHECK(money_add(MONEY_MAX - 1, 1, &r));
  CHECK_INT(r, MONEY_MAX);
  long long n = 0;
  CHECK(money_parse_count("1", 1, &n) && n == 1);
  CHECK(money_parse_count("100000", 6, &n) && n == 100000);
  CHECK(!money_parse_count("0", 1, &n));
  CHECK(!money_parse_count("100001", 6, &n));
  CHECK(!money_parse_count("2a", 2, &n));
  CHECK(!money_parse_count("", 0, &n));
  CHECK(!money_parse_count("-1", 2, &n));
}

static void test_totals(void) {
  money_totals t = {0};
  money_totals_add(&t, "EUR", 10000);
  money_totals_add(&t, "USD", 5000);
  money_totals_add(&t, "EUR", 2550);
  CHECK_INT(t.n, 2);
  CHECK_STR(t.items[0].code, "EUR");
  CHECK_INT(t.items[0].cents, 12550);
  CHECK_STR(t.items[1].code, "USD");
  CHECK_INT(t.items[1].cents, 5000);
  CHECK(!t.overflow);
  money_totals_add(&t, "USD", MONEY_MAX);
  CHECK(t.overflow);
  money_totals_free(&t);
  CHECK(t.items == NULL && t.n == 0);
}

static void test_currencies(void) {
  CHECK(money_currency_valid("EUR", 3));
  CHECK(money_currency_valid("USD", 3));
  CHECK(money_currency_valid("GBP", 3));
  CHECK(money_currency_valid("ZWG", 3));
  CHECK(money_currency_valid("AED", 3));
  CHECK(!money_currency_valid("XXX", 3)); /* no currency */
  CHECK(!money_currency_valid("XTS", 3)); /* testing */
  CHECK(!money_currency_valid("eur", 3));
  CHECK(!money_currency_valid("EURO", 4));
  CHECK(!money_currency_valid("EU", 2));
  CHECK_STR(money_currency_symbol("EUR"), "€");
  CHECK_STR(money_currency_symbol("USD"), "$");
  CHECK_STR(money_currency_symbol("GBP"), "£");
  CHECK(money_currency_symbol("CHF") == NULL);
  /* what stands before an amount: a code or a symbol */
  CHECK(money_currency_mark("EUR", 3));
  CHECK(money_currency_mark("CHF", 3));
  CHECK(money_currency_mark("\xE2\x82\xAC", 3)); /* € */
  CHECK(money_currency_mark("NZ$", 3));
  CHECK(!money_currency_mark("totaal", 6));
  CHECK(!money_currency_mark("XXX", 3));
  CHECK(!money_currency_mark("", 0));
}

static char *fmt(money_cents v, const char *cur, const money_style *st) {
  buf b;
  buf_init(&b);
  money_format(&b, v, cur, st);
  return buf_detach(&b);
}

static char *num(money_cents v, const money_style *st) {
  buf b;
  buf_init(&b);
  money_format_number(&b, v, st);
  return buf_detach(&b);
}

#define CHECK_FMT(expr, want) \
  do {                        \
    char *s_ = (expr);        \
    CHECK_STR(s_, want);      \
    free(s_);                 \
  } while (0)

static void test_format(void) {
  const profile *p = profile_get("wijkcontract");
  money_style nl = money_style_for(p, "nl"), en = money_style_for(p, "en");
  CHECK_FMT(fmt(3000000, "EUR", &nl), "€ 30.000");
  CHECK_FMT(fmt(125050, "EUR", &nl), "€ 1.250,50");
  CHECK_FMT(fmt(3000000, "EUR", &en), "€30,000");
  CHECK_FMT(fmt(125050, "EUR", &en), "€1,250.50");
  CHECK_FMT(fmt(100000000, "USD", &en), "$1,000,000");
  CHECK_FMT(fmt(100000000, "USD", &nl), "$ 1.000.000");
  CHECK_FMT(fmt(100000, "CHF", &en), "CHF 1,000"); /* a code is never glued on */
  CHECK_FMT(fmt(100000, "CHF", &nl), "CHF 1.000");
  CHECK_FMT(fmt(30, "EUR", &nl), "€ 0,30");
  CHECK_FMT(fmt(5, "GBP", &en), "£0.05");
  CHECK_FMT(fmt(0, "EUR", &nl), "€ 0");
  CHECK_FMT(fmt(99900, "EUR", &nl), "€ 999");
  CHECK_FMT(fmt(MONEY_MAX, "EUR", &en), "€1,000,000,000,000,000");
  CHECK_FMT(num(1250, &nl), "12,5"); /* targets: the decimals they have */
  CHECK_FMT(num(7000, &nl), "70");
  CHECK_FMT(num(123456, &en), "1,234.56");
  /* the cba profile writes the same way in the same language */
  const profile *cba = profile_get("cba");
  money_style cba_en = money_style_for(cba, "en");
  CHECK_FMT(fmt(65000000, "USD", &cba_en), "$650,000");
  /* without labels: plain digits and the code before the amount */
  money_style none = money_style_for(NULL, "de");
  CHECK_FMT(fmt(125050, "EUR", &none), "€ 1250.50");
  /* totals per currency */
  money_totals t = {0};
  money_totals_add(&t, "EUR", 100000);
  money_totals_add(&t, "USD", 50000);
  buf b;
  buf_init(&b);
  money_format_totals(&b, &t, "EUR", " en ", &nl);
  CHECK_STR(b.data, "€ 1.000 en $ 500");
  buf_reset(&b);
  money_totals_free(&t);
  money_format_totals(&b, &t, "EUR", " en ", &nl);
  CHECK_STR(b.data, "€ 0");
  buf_free(&b);
}

int main(void) {
  test_parse();
  test_plain_form();
  test_arithmetic();
  test_totals();
  test_currencies();
  test_format();
  profile_unload_all();
  return unit_finish();
}
