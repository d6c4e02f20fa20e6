/* compose_typeset.c - the typographic rules every composed document gets,
 * decided once for both writers: typographic quotes in the document's
 * language instead of straight ones, a currency kept on the line of its
 * amount, then the layout of the tables for the house style's face
 * (compose_layout.c). */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "money.h"

/* The quotation marks of a language: opening and closing, double and
 * single (the closing single one is also the apostrophe). */
typedef struct {
  const char *lang;
  const char *open2, *close2, *open1, *close1;
} quote_marks;

static const quote_marks marks[] = {
    {"nl", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x99"}, /* “ ” ‘ ’ */
    {"en", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x99"},
};

static const quote_marks *marks_of(const char *lang) {
  for (size_t i = 0; lang && i < ARRAY_LEN(marks); i++)
    if (strcmp(marks[i].lang, lang) == 0) return &marks[i];
  return &marks[0];
}

/* A letter or digit (Latin, and whatever lies beyond the punctuation). */
static bool is_alnum(unsigned cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
         (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && !(cp >= 0x2000 && cp <= 0x2BFF));
}

/* Whether a quote after prev (the character before it in the paragraph, 0
 * at its start) opens: after nothing, white space, an opening bracket or
 * quote, a dash or a slash. */
static bool opens(unsigned prev) {
  switch (prev) {
  case 0: case ' ': case '\t': case '\n': case '(': case '[': case '{': case '/': case '-':
  case 0xA0: case 0x2013: case 0x2014: case 0x2018: case 0x201C:
    return true;
  default:
    return false;
  }
}

/* "'s", "'t", "'n", "'k", "'m" at the start of a word are elisions
 * ("'s avonds", "'t is"): an apostrophe, not an opening quote. */
static bool elision(const char *s) {
  return s[1] && strchr("stnkm", s[1]) && !is_alnum((unsigned char)s[2]);
}

/* The text with straight quotes made typographic; *prev carries the last
 * character over to the next run. NULL when it has none. */
static char *curl(const char *text, const quote_marks *q, unsigned *prev) {
  size_t len = strlen(text);
  bool any = strpbrk(text, "\"'") != NULL;
  if (!any && len > 0) { /* nothing to change: only the last character counts */
    size_t at = len - 1;
    while (at > 0 && len - at < 4 && ((unsigned char)text[at] & 0xC0) == 0x80) at--;
    unsigned cp = (unsigned char)text[at];
    if (cp < 0x80 || utf8_decode(text + at, len - at, &cp) == len - at) {
      *prev = cp;
      return NULL;
    }
  }
  buf out;
  buf_init(&out);
  for (size_t i = 0; i < len;) {
    const char *s = text + i;
    unsigned cp = (unsigned char)*s;
    size_t k = cp < 0x80 ? 1 : utf8_decode(s, len - i, &cp);
    if (k == 0) k = 1;
    if (*s == '"') {
      buf_adds(&out, opens(*prev) ? q->open2 : q->close2);
      cp = opens(*prev) ? 0x201C : 0x201D;
    } else if (*s == '\'') {
      bool apostrophe = is_alnum(*prev) || elision(s) || (s[1] >= '0' && s[1] <= '9');
      bool open = !apostrophe && opens(*prev);
      buf_adds(&out, open ? q->open1 : q->close1);
      cp = open ? 0x2018 : 0x2019;
    } else if (any) {
      buf_add(&out, s, k);
    }
    *prev = cp;
    i += k;
  }
  if (!any) {
    buf_free(&out);
    return NULL;
  }
  return buf_detach(&out);
}

/* "€ 45.000", "EUR 45.000", "(totaal CHF 1,000)": the blank between a
 * currency and the amount after it becomes a no-break space, so that the
 * two never stand on two lines. NULL when the text has none. */
static char *bind_amounts(const char *text) {
  if (!strpbrk(text, "0123456789")) return NULL; /* no amount: most texts */
  buf out;
  bool any = false;
  size_t copied = 0; /* text before this is in out */
  for (size_t i = 0; text[i]; i++) {
    if (text[i] != ' ' || text[i + 1] < '0' || text[i + 1] > '9') continue;
    size_t word = i; /* where the word before the blank starts */
    while (word > 0 && text[word - 1] != ' ' && text[word - 1] != '\t' && text[word - 1] != '(' &&
           text[word - 1] != '/')
      word--;
    if (i == word || !money_currency_mark(text + word, i - word)) continue;
    if (!any) buf_init(&out);
    any = true;
    buf_add(&out, text + copied, i - copied);
    buf_adds(&out, "\xC2\xA0");
    copied = i + 1;
  }
  if (!any) return NULL;
  buf_adds(&out, text + copied);
  return buf_detach(&out);
}

static void replace_text(doc_run *r, char *t) {
  if (!t) return;
  free(r->text);
  r->text = t;
}

static void curl_runs(doc_block *b, const quote_marks *q) {
  if (b->style == DOC_STYLE_CODE) return; /* every character as written */
  unsigned prev = 0;
  for (size_t i = 0; i < b->n_runs; i++) {
    doc_run *r = &b->runs[i];
    if (r->flags & RUN_BREAK) {
      prev = '\n';
    } else if (r->text && (r->flags & (RUN_CODE | RUN_NOTE | RUN_NOTE_REF))) {
      prev = 'x';
    } else if (r->text) {
      replace_text(r, curl(r->text, q, &prev));
      replace_text(r, bind_amounts(r->text));
    }
  }
}

static void curl_visit(doc_block *b, void *q) { curl_runs(b, q); }

void doc_finish(doc *d) {
  const quote_marks *q = marks_of(d->meta.language);
  void *ctx = (void *)q; /* read only */
  doc_each_text_block(d->blocks, d->n_blocks, curl_visit, ctx);
  for (size_t i = 0; i < d->n_notes; i++) doc_each_text_block(d->notes[i].blocks, d->notes[i].n_blocks, curl_visit, ctx);
  doc_layout(d, doc_face_house());
}
