/* textout.h - plain-text output for the workflow commands (matrix, review,
 * diff, verify): terminal width, display width of UTF-8 text, word
 * wrapping, padding, and dates written out for readers. */
#ifndef WK_TEXTOUT_H
#define WK_TEXTOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* Columns available: COLUMNS when it holds a number >= 20, else the
 * terminal's width when tty is true and stdout is a terminal, else 80. */
size_t textout_width(bool tty);

/* Display columns of UTF-8 text (one per code point; combining marks and
 * zero-width characters count zero). */
size_t textout_cols(const char *s, size_t len);

/* Splits text into lines of at most width columns at spaces; a word
 * longer than width is broken. A placeholder "{{ path }}" is one word,
 * never broken, even where it is longer than width. Runs of white space (including newlines)
 * collapse to one space. Returns a malloc'd array of malloc'd lines (at
 * least one, possibly empty); free with textout_lines_free. */
char **textout_lines(const char *text, size_t len, size_t width, size_t *n);
void textout_lines_free(char **lines, size_t n);

/* Appends text word-wrapped to width columns: the first line starts with
 * first, the others with rest (both count towards width). Ends with '\n'. */
void textout_wrap(buf *out, const char *first, const char *rest, const char *text, size_t len,
                  size_t width);

/* Appends s and then spaces up to width columns. */
void textout_pad(buf *out, const char *s, size_t width);

/* Appends s cut to at most width columns at a word boundary, with "…"
 * when cut; white space collapses. */
void textout_clip(buf *out, const char *s, size_t len, size_t width);

/* A date ("2026-06-30") for readers in lang: "30 juni 2026", "30 June 2026",
 * with the month names of the profile's labels (month.1 ... month.12). A
 * language without them, no profile, and text that is no valid date come
 * back as written. Returns a malloc'd string. */
struct profile;
char *textout_date(const struct profile *p, const char *lang, const char *iso, size_t len);

/* Appends s as Markdown text that shows literally: inline syntax and a
 * table's cell separator escaped, line breaks as spaces. */
void textout_md(buf *out, const char *s);
/* Appends s as the text of a Markdown line or list item: the characters
 * Markdown reads as markup ('!' too) escaped, and a '-' or '+' that
 * starts s, which would begin a list. Used by diff -o X.md and the
 * report's Markdown. */
void textout_md_item(buf *out, const char *s);

#endif
