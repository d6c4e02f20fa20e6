/* check_money.c - the numbers of a commitment: its `amount` (a plain
 * decimal value, an ISO 4217 currency, a period of the profile, a whole
 * number of periods, a total that adds up) and its `target` (indicator,
 * baseline and value, the date it is due by). */
#include <stdlib.h>
#include <string.h>

#include "check_impl.h"
#include "i18n.h"
#include "money.h"
#include "util.h"

/* invalid-currency, saying the code in capitals when that is one ("usd"). */
static void bad_currency(ck *k, const mtext *t) {
  char upper[4] = {0};
  for (size_t i = 0; i < 3 && t->len == 3; i++)
    upper[i] = t->s[i] >= 'a' && t->s[i] <= 'z' ? (char)(t->s[i] - 'a' + 'A') : t->s[i];
  if (t->len == 3 && money_currency_valid(upper, 3))
    diag_report(k->dl, DIAG_INVALID_CURRENCY_CASE, t->pos, ck_quote_t(k, t), ck_printf(k, "%s", upper));
  else
    diag_report(k->dl, DIAG_INVALID_CURRENCY, t->pos, ck_quote_t(k, t));
}

void ck_amount(ck *k, const commitment *cm, const char *name) {
  const mamount *a = &cm->amount;
  if (!a->present) return;
  const char *in = ck_printf(k, _("the amount of commitment '%s'"), name);
  long long value = 0, times = 1;
  bool ok = ck_need_text(k, &a->value, "value", a->pos, in) && ck_number(k, &a->value, &value);
  if (mtext_set(&a->currency) && ck_need_text(k, &a->currency, "currency", a->pos, in) &&
      !money_currency_valid(a->currency.s, a->currency.len))
    bad_currency(k, &a->currency);
  if (mtext_set(&a->per) && ck_need_text(k, &a->per, "per", a->pos, in) && k->p &&
      !profile_word_find(k->p->periods, k->p->n_periods, a->per.s)) {
    char *words = profile_word_list(k->p->periods, k->p->n_periods);
    diag_report(k->dl, DIAG_INVALID_VALUE, a->per.pos, ck_quote_t(k, &a->per), _("period"),
                ck_keep(k, words));
  }
  if (mtext_set(&a->times) && ck_need_text(k, &a->times, "times", a->pos, in)) {
    if (!money_parse_count(a->times.s, a->times.len, &times)) {
      diag_report(k->dl, DIAG_INVALID_TIMES, a->times.pos, ck_quote_t(k, &a->times));
      ok = false;
    }
  }
  long long total;
  if (ok && !money_mul(value, times, &total))
    diag_report(k->dl, DIAG_TOTAL_TOO_LARGE, a->value.pos, name, ck_quote_t(k, &a->value),
                ck_quote_t(k, &a->times));
  ck_placeholders_t(k, &a->note);
}

bool ck_target(ck *k, const commitment *cm, const char *name) {
  const mtarget *t = &cm->target;
  if (!t->present) return false;
  const char *in = ck_printf(k, _("the target of commitment '%s'"), name);
  long long v;
  ck_need_text(k, &t->indicator, "indicator", t->pos, in);
  if (ck_need_text(k, &t->value, "value", t->pos, in)) ck_number(k, &t->value, &v);
  if (mtext_set(&t->baseline) && ck_need_text(k, &t->baseline, "baseline", t->pos, in))
    ck_number(k, &t->baseline, &v);
  long day;
  if (ck_date(k, &t->by, &day) &&
      ck_outside(k, t->by.pos, _("the target date of commitment '%s'"), name, &t->by, day))
    diag_about(k->dl, cm->id.s, NULL, NULL);
  ck_placeholders_t(k, &t->indicator);
  ck_placeholders_t(k, &t->unit);
  /* an empty target (only wrong fields) still says how the result is
   * observed once it is corrected: its own findings say what is wrong */
  return true;
}
