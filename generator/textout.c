/* textout.c - plain-text layout for the workflow commands: how wide the
 * terminal is, how wide UTF-8 text looks, and word wrapping by that width. */
#include "textout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "model.h"
#include "profile.h"

size_t textout_width(bool tty) {
  const char *cols = getenv("COLUMNS");
  if (cols && *cols) {
    char *end = NULL;
    long v = strtol(cols, &end, 10);
    if (end && *end == '\0' && v >= 20 && v <= 10000) return (size_t)v;
  }
  if (tty && isatty(STDOUT_FILENO)) {
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20) return ws.ws_col;
  }
  return 80;
}

/* Decodes one code point at s[*i] (advancing *i); invalid bytes come back
 * as themselves, one at a time. */
static unsigned next_cp(const char *s, size_t len, size_t *i) {
  unsigned cp;
  size_t k = utf8_decode(s + *i, len - *i, &cp);
  if (k == 0) return (unsigned char)s[(*i)++];
  *i += k;
  return cp;
}

static size_t cp_cols(unsigned cp) {
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
      (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
      (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0x200B && cp <= 0x200F) ||
      (cp >= 0xFE00 && cp <= 0xFE0F))
    return 0;
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
      (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
    return 2;
  return 1;
}

size_t textout_cols(const char *s, size_t len) {
  size_t cols = 0;
  for (size_t i = 0; i < len;) cols += cp_cols(next_cp(s, len, &i));
  return cols;
}

static bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

typedef struct {
  char **items;
  size_t n, cap;
} line_list;

static void push_line(line_list *l, buf *cur) {
  xgrow((void **)&l->items, &l->cap, l->n + 1, sizeof *l->items);
  l->items[l->n++] = buf_detach(cur);
}

enum { PLACEHOLDER_MAX = 256 }; /* a longer "{{ ... }}" is ordinary text */

/* When text[i..] opens a placeholder "{{ ... }}" closed within
 * PLACEHOLDER_MAX bytes (white space inside allowed), the offset past its
 * "}}"; else i. */
static size_t placeholder_end(const char *text, size_t len, size_t i) {
  if (i + 1 >= len || text[i] != '{' || text[i + 1] != '{') return i;
  for (size_t j = i + 2; j + 1 < len && j - i < PLACEHOLDER_MAX; j++) {
    if (text[j] == '{' && text[j + 1] == '{') return i;
    if (text[j] == '}' && text[j + 1] == '}') return j + 2;
  }
  return i;
}

/* s[0..len) with each run of white space as one space. malloc'd. */
static char *collapse_spaces(const char *s, size_t len) {
  buf b;
  buf_init(&b);
  buf_add(&b, "", 0);
  for (size_t i = 0; i < len; i++) {
    if (!is_space(s[i])) buf_addc(&b, s[i]);
    else if (i == 0 || !is_space(s[i - 1])) buf_addc(&b, ' ');
  }
  return buf_detach(&b);
}

char **textout_lines(const char *text, size_t len, size_t width, size_t *n) {
  if (width < 1) width = 1;
  line_list l = {0};
  buf cur;
  buf_init(&cur);
  size_t cur_cols = 0;
  size_t i = 0;
  while (i < len) {
    while (i < len && is_space(text[i])) i++;
    if (i >= len) break;
    size_t start = i;
    bool placeholder = false;
    while (i < len && !is_space(text[i])) {
      size_t end = placeholder_end(text, len, i);
      placeholder = placeholder || end > i;
      i = end > i ? end : i + 1;
    }
    char *joined = placeholder ? collapse_spaces(text + start, i - start) : NULL;
    const char *w = joined ? joined : text + start;
    size_t wlen = joined ? strlen(joined) : i - start, wcols = textout_cols(w, wlen);
    if (cur_cols > 0 && cur_cols + 1 + wcols <= width) {
      buf_addc(&cur, ' ');
      buf_add(&cur, w, wlen);
      cur_cols += 1 + wcols;
      free(joined);
      continue;
    }
    if (cur_cols > 0) {
      push_line(&l, &cur);
      cur_cols = 0;
    }
    if (placeholder) { /* a placeholder is never broken, even when too long */
      buf_add(&cur, w, wlen);
      cur_cols += wcols;
      free(joined);
      continue;
    }
    /* a word longer than the line is broken between code points */
    size_t k = 0;
    while (k < wlen) {
      size_t before = k;
      size_t c = cp_cols(next_cp(w, wlen, &k));
      if (cur_cols > 0 && cur_cols + c > width) {
        push_line(&l, &cur);
        cur_cols = 0;
      }
      buf_add(&cur, w + before, k - before);
      cur_cols += c;
    }
  }
  if (cur_cols > 0 || l.n == 0) {
    if (!cur.data) buf_add(&cur, "", 0);
    push_line(&l, &cur);
  }
  buf_free(&cur);
  *n = l.n;
  return l.items;
}

void textout_lines_free(char **lines, size_t n) {
  if (!lines) return;
  for (size_t i = 0; i < n; i++) free(lines[i]);
  free(lines);
}

void textout_wrap(buf *out, const char *first, const char *rest, const char *text, size_t len,
                  size_t width) {
  size_t indent = textout_cols(first, strlen(first));
  size_t indent2 = textout_cols(rest, strlen(rest));
  if (indent2 > indent) indent = indent2;
  size_t avail = width > indent + 10 ? width - indent : 10;
  size_t n = 0;
  char **lines = textout_lines(text, len, avail, &n);
  for (size_t i = 0; i < n; i++) {
    buf_adds(out, i == 0 ? first : rest);
    buf_adds(out, lines[i]);
    buf_addc(out, '\n');
  }
  textout_lines_free(lines, n);
}

void textout_pad(buf *out, const char *s, size_t width) {
  size_t len = strlen(s);
  buf_add(out, s, len);
  for (size_t c = textout_cols(s, len); c < width; c++) buf_addc(out, ' ');
}

void textout_clip(buf *out, const char *s, size_t len, size_t width) {
  size_t n = 0;
  char **lines = textout_lines(s, len, width, &n);
  if (n == 1) {
    buf_adds(out, lines[0]);
    textout_lines_free(lines, n);
    return;
  }
  textout_lines_free(lines, n);
  lines = textout_lines(s, len, width > 1 ? width - 1 : 1, &n);
  buf_adds(out, lines[0]);
  buf_adds(out, "…");
  textout_lines_free(lines, n);
}

char *textout_date(const profile *p, const char *lang, const char *iso, size_t len) {
  long days;
  if (!p || !lang || len != 10 || !model_parse_date(iso, len, &days)) return xstrndup(iso, len);
  /* the numbers as %d prints them: the digits past their leading zeros
   * (each is 1 or more, model_parse_date says) */
  const char *year = iso, *month = iso + 5, *day = iso + 8;
  while (*year == '0') year++;
  if (*month == '0') month++;
  if (*day == '0') day++;
  char key[16] = "month.";
  memcpy(key + 6, month, (size_t)(iso + 7 - month));
  key[6 + (iso + 7 - month)] = '\0';
  const char *name = profile_label_lookup(p, lang, key);
  if (!name || !*name) return xstrndup(iso, len);
  buf out;
  buf_init(&out);
  buf_add(&out, day, (size_t)(iso + 10 - day));
  buf_addc(&out, ' ');
  buf_adds(&out, name);
  buf_addc(&out, ' ');
  buf_add(&out, year, (size_t)(iso + 4 - year));
  return buf_detach(&out);
}

void textout_md(buf *out, const char *s) {
  for (; *s; s++) {
    if (strchr("\\`*_[]<>|#~", *s)) buf_addc(out, '\\');
    buf_addc(out, *s == '\n' || *s == '\r' ? ' ' : *s);
  }
}

void textout_md_item(buf *out, const char *s) {
  for (const char *p = s; *p; p++) {
    if (strchr("\\`*_[]<>#|!~", *p) || ((*p == '-' || *p == '+') && p == s)) buf_addc(out, '\\');
    buf_addc(out, *p);
  }
}
