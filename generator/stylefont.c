/* stylefont.c - the font of a style up its parents (see stylefont.h): the
 * facts of a sheet kept as strings in one buffer, and the walk. */
#include "stylefont.h"

#include <stdlib.h>
#include <string.h>

enum { HAS_PARENT = 1, HAS_FAMILY = 2, HAS_FONT_REF = 4 };

bool stylefont_says(const stylefont_fact *f) {
  return f->parent || f->family || f->font_ref || f->size_pt > 0 || f->scale != 1.0;
}

/* An entry's strings: name, parent, family, font_ref, each NUL-terminated
 * ("" for one it lacks). */
static stylefont_entry entry(stylefont_sheet *s, const stylefont_fact *f) {
  stylefont_entry e = {s->text.len, 0, f->size_pt, f->scale};
  const char *strings[] = {f->name, f->parent, f->family, f->font_ref};
  for (size_t i = 0; i < ARRAY_LEN(strings); i++) {
    const char *v = strings[i] ? strings[i] : "";
    buf_add(&s->text, v, strlen(v) + 1);
  }
  e.has = (f->parent ? HAS_PARENT : 0) | (f->family ? HAS_FAMILY : 0) | (f->font_ref ? HAS_FONT_REF : 0);
  return e;
}

void stylefont_add(stylefont_sheet *s, const stylefont_fact *f) {
  if (!f->name) {
    s->defaults = entry(s, f);
    s->has_defaults = true;
    return;
  }
  xgrow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v);
  s->v[s->n++] = entry(s, f);
}

static void fact_of(const stylefont_sheet *s, const stylefont_entry *e, stylefont_fact *f) {
  const char *p = s->text.data + e->at;
  const char *strings[4];
  for (size_t i = 0; i < ARRAY_LEN(strings); i++) {
    strings[i] = p;
    p += strlen(p) + 1;
  }
  *f = (stylefont_fact){strings[0],
                        e->has & HAS_PARENT ? strings[1] : NULL,
                        e->has & HAS_FAMILY ? strings[2] : NULL,
                        e->has & HAS_FONT_REF ? strings[3] : NULL,
                        e->size_pt,
                        e->scale};
}

bool stylefont_find(const stylefont_sheet *s, const char *name, stylefont_fact *f) {
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->text.data + s->v[i].at, name) == 0) {
      fact_of(s, &s->v[i], f);
      return true;
    }
  return false;
}

void stylefont_free(stylefont_sheet *s) {
  buf_free(&s->text);
  free(s->v);
  memset(s, 0, sizeof *s);
}

/* Takes from f what out still lacks. */
static void take(stylefont *out, const stylefont_fact *f, stylefont_family_of family_of, void *ctx) {
  if (!out->family && !out->font_ref) {
    if (f->family) out->family = xstrdup(f->family);
    else if (f->font_ref && family_of) out->family = family_of(ctx, f->font_ref);
    else if (f->font_ref) out->font_ref = xstrdup(f->font_ref);
  }
  if (out->size_pt > 0) return;
  if (f->size_pt > 0) out->size_pt = f->size_pt * out->scale;
  else out->scale *= f->scale;
}

static bool complete(const stylefont *f) { return (f->family || f->font_ref) && f->size_pt > 0; }

void stylefont_resolve(const stylefont_sheet *theirs, const stylefont_sheet *ours, const char *start,
                       stylefont_family_of family_of, void *ctx, stylefont *out) {
  *out = (stylefont){NULL, NULL, 0, 1.0};
  stylefont_fact f;
  const char *name = start;
  for (int depth = 0; name && depth < 32 && !complete(out); depth++) {
    if (!stylefont_find(theirs, name, &f) && !stylefont_find(ours, name, &f)) break;
    take(out, &f, family_of, ctx);
    name = f.parent;
  }
  const stylefont_sheet *d = theirs->has_defaults ? theirs : ours->has_defaults ? ours : NULL;
  if (d && !complete(out)) {
    fact_of(d, &d->defaults, &f);
    take(out, &f, family_of, ctx);
  }
}

void stylefont_done(stylefont *f) {
  free(f->family);
  free(f->font_ref);
  f->family = f->font_ref = NULL;
}

double stylefont_points(const char *value, double bare) {
  static const struct {
    const char *unit;
    double points;
  } units[] = {{"pt", 1}, {"pc", 12}, {"pi", 12}, {"in", 72}, {"cm", 72 / 2.54}, {"mm", 72 / 25.4}, {"px", 0.75}};
  char *end = NULL;
  double x = value ? strtod(value, &end) : 0;
  if (!(x > 0) || end == value) return 0;
  if (!*end) return x * bare;
  for (size_t i = 0; i < ARRAY_LEN(units); i++)
    if (strcmp(end, units[i].unit) == 0) return x * units[i].points;
  return 0;
}
