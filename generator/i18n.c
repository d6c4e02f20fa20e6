/* i18n.c - looks messages up in the embedded .mo catalog of the chosen
 * language (GNU gettext's binary format, produced by msgfmt from po/). */
#include "i18n.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "templates.h"
#include "util.h"

static char lang[16] = "en";
static const unsigned char *mo;
static size_t mo_len;
static bool mo_swapped;

static uint32_t mo_word(size_t off) {
  if (off + 4 > mo_len) return 0;
  uint32_t v;
  memcpy(&v, mo + off, 4);
  if (mo_swapped) v = __builtin_bswap32(v);
  return v;
}

/* Copies the language part of a locale name ("nl_NL.UTF-8" -> "nl"). */
static void set_language(const char *locale) {
  size_t n = 0;
  while (n < sizeof lang - 1 && locale[n] >= 'a' && locale[n] <= 'z') n++;
  if (n == 0) {
    strcpy(lang, "en");
    return;
  }
  memcpy(lang, locale, n);
  lang[n] = '\0';
}

void i18n_init(const char *forced) {
  const char *choice = forced;
  static const char *vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
  for (size_t i = 0; !choice && i < ARRAY_LEN(vars); i++) {
    const char *v = getenv(vars[i]);
    if (v && *v) choice = v;
  }
  set_language(choice ? choice : "en");
  mo = NULL;
  mo_len = 0;
  char name[48];
  snprintf(name, sizeof name, "locale/%s.mo", lang);
  const template_file *f = templates_find(name);
  if (!f) {
    if (strcmp(lang, "en") != 0) strcpy(lang, "en");
    return;
  }
  mo = f->data;
  mo_len = f->len;
  mo_swapped = false;
  uint32_t magic = mo_word(0);
  if (magic == 0xde120495u) mo_swapped = true;
  else if (magic != 0x950412deu) mo = NULL;
}

const char *i18n_language(void) { return lang; }

/* Catalog string i of the table at table_off: (pointer, length). */
static const char *mo_string(uint32_t table_off, uint32_t i, uint32_t *len) {
  *len = mo_word(table_off + 8 * (size_t)i);
  uint32_t off = mo_word(table_off + 8 * (size_t)i + 4);
  if ((size_t)off + *len >= mo_len) return NULL;
  return (const char *)mo + off;
}

const char *i18n_gettext(const char *msgid) {
  if (!mo || !msgid || !*msgid) return msgid;
  uint32_t n = mo_word(8), orig = mo_word(12), trans = mo_word(16);
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2, len;
    const char *s = mo_string(orig, mid, &len);
    if (!s) return msgid;
    int cmp = strcmp(msgid, s);
    if (cmp == 0) {
      const char *t = mo_string(trans, mid, &len);
      return t && len ? t : msgid;
    }
    if (cmp < 0) hi = mid;
    else lo = mid + 1;
  }
  return msgid;
}
