/* i18n.h - message translation with gettext's conventions: msgids are the
 * English texts marked with _() or N_(), translations are po/LANG.po files
 * compiled to .mo catalogs and embedded at build time, so a translator adds
 * a language without touching C. */
#ifndef WK_I18N_H
#define WK_I18N_H

/* Chooses the interface language: forced ("nl", "en") when not NULL, else
 * LANGUAGE, LC_ALL, LC_MESSAGES, LANG in that order (first one set). A
 * language without a catalog falls back to English. */
void i18n_init(const char *forced);
const char *i18n_language(void); /* "en", "nl", ... */
/* format_arg: a translated format is checked against its arguments like
 * the msgid it stands for. */
const char *i18n_gettext(const char *msgid) __attribute__((format_arg(1)));

#define _(s) i18n_gettext(s)
#define N_(s) (s)

#endif
