/* stylefont.h - the font a style sheet's style sets its text in, found up
 * the style's parents (DOCX w:basedOn, ODT style:parent-style-name) to the
 * sheet's defaults: what doc_layout measures table text with under a
 * reference document. The few facts this needs are gathered while a sheet
 * is read through its allow-list (docx_ref.c, odt_ref.c), some strings a
 * style in one buffer, so no tree of a (possibly huge) sheet is built. */
#ifndef WK_STYLEFONT_H
#define WK_STYLEFONT_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* What one style says about its font. */
typedef struct {
  const char *name;     /* the style's id or name */
  const char *parent;   /* NULL: none */
  const char *family;   /* NULL: not said */
  const char *font_ref; /* a font named through something else: DOCX's theme
                           font ("minorHAnsi"), ODT's font declaration */
  double size_pt;       /* 0: not said */
  double scale;         /* a size relative to the parent's (ODT "90%"): 1 when not said */
} stylefont_fact;

typedef struct {
  size_t at;    /* its strings in text */
  unsigned has; /* which of them it has */
  double size_pt, scale;
} stylefont_entry;

/* The facts of one sheet: its styles' and its defaults'. Zeroed is empty. */
typedef struct {
  buf text;
  stylefont_entry *v;
  size_t n, cap;
  stylefont_entry defaults;
  bool has_defaults;
} stylefont_sheet;

/* Whether f says anything (a parent, a font or a size). */
bool stylefont_says(const stylefont_fact *f);
/* Adds a style's facts (f->name set), or the defaults' (f->name NULL). */
void stylefont_add(stylefont_sheet *s, const stylefont_fact *f);
/* The facts of the style named name (the first added); false when none. */
bool stylefont_find(const stylefont_sheet *s, const char *name, stylefont_fact *f);
void stylefont_free(stylefont_sheet *s);

/* A length (a number and one of pt, pc, pi, in, cm, mm, px) in points;
 * a bare number counts bare points each (0: not accepted). 0 when it is
 * not such a length or not positive. */
double stylefont_points(const char *value, double bare);

/* The font found. */
typedef struct {
  char *family;   /* malloc'd, or NULL when no style says */
  char *font_ref; /* malloc'd: the first font_ref said, when no family is */
  double size_pt; /* 0 when no style says (scale then applies to the default) */
  double scale;
} stylefont;

/* Resolves a font_ref to a family (malloc'd), or NULL when it names none:
 * then the walk looks on up. */
typedef char *(*stylefont_family_of)(void *ctx, const char *font_ref);

/* Walks from style start up its parents, each looked up in theirs and
 * then in ours (a reference document's styles replace ours of the same
 * name), then the defaults (theirs, else ours): the first family said
 * (through family_of for a font_ref, where given; else the first font_ref
 * said is kept for the caller), and the first absolute size said, times
 * the relative sizes met before it. At most 32 styles up, so a cycle
 * ends. */
void stylefont_resolve(const stylefont_sheet *theirs, const stylefont_sheet *ours, const char *start,
                       stylefont_family_of family_of, void *ctx, stylefont *out);
void stylefont_done(stylefont *f);

#endif
