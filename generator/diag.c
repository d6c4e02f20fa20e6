/* diag.c - collects findings, sorts them into source order and prints them
 * as text (FILE:LINE:COL: SEVERITY: MESSAGE [ID]) or JSON. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

typedef struct {
  const char *check;
  diag_severity severity;
  const char *format;
} diag_row;

static const diag_row rows[] = {
#define DIAG(name, check, sev, fmt) {check, DIAG_##sev, fmt},
#include "diag.def"
#undef DIAG
};

void diag_list_init(diag_list *dl, const char *file) {
  memset(dl, 0, sizeof *dl);
  dl->file = xstrdup(file ? file : "-");
}

void diag_list_free(diag_list *dl) {
  if (!dl) return;
  for (size_t i = 0; i < dl->n; i++) {
    free(dl->items[i].message);
    free(dl->items[i].about);
  }
  free(dl->items);
  free(dl->file);
  memset(dl, 0, sizeof *dl);
}

const char *diag_check_name(diag_id id) { return rows[id].check; }
diag_severity diag_default_severity(diag_id id) { return rows[id].severity; }

const char *diag_severity_name(diag_severity sev) {
  switch (sev) {
  case DIAG_ERROR: return "error";
  case DIAG_WARNING: return "warning";
  default: return "note";
  }
}

static void report(diag_list *dl, diag_id id, diag_severity sev, srcpos pos, va_list ap) {
  void *items = dl->items;
  xgrow(&items, &dl->cap, dl->n + 1, sizeof(diag));
  dl->items = items;
  diag *d = &dl->items[dl->n];
  d->pos = pos;
  d->severity = sev;
  d->id = id;
  d->seq = dl->n;
  d->about = NULL;
  buf b;
  buf_init(&b);
  buf_vprintf(&b, _(rows[id].format), ap);
  d->message = buf_detach(&b);
  dl->n++;
}

void diag_report(diag_list *dl, diag_id id, srcpos pos, ...) {
  va_list ap;
  va_start(ap, pos);
  report(dl, id, rows[id].severity, pos, ap);
  va_end(ap);
}

void diag_report_sev(diag_list *dl, diag_id id, diag_severity sev, srcpos pos, ...) {
  va_list ap;
  va_start(ap, pos);
  report(dl, id, sev, pos, ap);
  va_end(ap);
}

void diag_about(diag_list *dl, const char *id1, const char *id2, const char *id3) {
  if (dl->n == 0) return;
  diag *d = &dl->items[dl->n - 1];
  const char *ids[] = {id1, id2, id3};
  buf b;
  buf_init(&b);
  for (size_t i = 0; i < 3; i++) {
    if (!ids[i] || !*ids[i] || strchr(ids[i], ' ')) continue;
    if (b.len) buf_addc(&b, ' ');
    buf_adds(&b, ids[i]);
  }
  free(d->about);
  d->about = b.len ? buf_detach(&b) : NULL;
  buf_free(&b);
}

void diag_acknowledge(diag *d, const char *reason) {
  char *m = xasprintf(_("%s (acknowledged: \"%s\")"), d->message, reason);
  free(d->message);
  d->message = m;
  d->severity = DIAG_NOTE;
}

/* A check whose findings may be acknowledged: one with warnings, or with
 * notes only (citizen-result); not acknowledge itself. */
static bool acknowledgeable(const char *check) {
  bool warning = false, note = false, error = false;
  for (size_t i = 0; i < DIAG__COUNT; i++) {
    if (strcmp(rows[i].check, check) != 0) continue;
    warning |= rows[i].severity == DIAG_WARNING;
    note |= rows[i].severity == DIAG_NOTE;
    error |= rows[i].severity == DIAG_ERROR;
  }
  return strcmp(check, "acknowledge") != 0 && (warning || (note && !error));
}

bool diag_check_known(const char *check, bool *can_acknowledge) {
  *can_acknowledge = false;
  for (size_t i = 0; i < DIAG__COUNT; i++) {
    if (strcmp(rows[i].check, check) != 0) continue;
    *can_acknowledge = acknowledgeable(check);
    return true;
  }
  return false;
}

const char *diag_acknowledgeable_checks(void) {
  static char *list;
  if (list) return list;
  buf b;
  buf_init(&b);
  for (size_t i = 0; i < DIAG__COUNT; i++) {
    bool seen = false; /* a check id with several rows, once */
    for (size_t j = 0; j < i && !seen; j++) seen = strcmp(rows[j].check, rows[i].check) == 0;
    if (seen || !acknowledgeable(rows[i].check)) continue;
    if (b.len) buf_adds(&b, ", ");
    buf_adds(&b, rows[i].check);
  }
  list = buf_detach(&b);
  return list;
}

static int by_position(const void *pa, const void *pb) {
  const diag *a = pa, *b = pb;
  if (a->pos.line != b->pos.line) return a->pos.line < b->pos.line ? -1 : 1;
  if (a->pos.col != b->pos.col) return a->pos.col < b->pos.col ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void diag_sort(diag_list *dl) {
  if (dl->n > 1) qsort(dl->items, dl->n, sizeof(diag), by_position);
}

static diag_severity effective(const diag *d, bool strict) {
  return strict && d->severity == DIAG_WARNING ? DIAG_ERROR : d->severity;
}

size_t diag_count(const diag_list *dl, diag_severity sev, bool strict) {
  size_t n = 0;
  for (size_t i = 0; i < dl->n; i++)
    if (effective(&dl->items[i], strict) >= sev) n++;
  return n;
}

bool diag_has_errors(const diag_list *dl, bool strict) {
  return diag_count(dl, DIAG_ERROR, strict) > 0;
}

/* The file name and the message (which quotes values from the file)
 * escaped: a finding is one line, and shows what is in the file. */
void diag_print_text(FILE *out, const diag_list *dl, bool strict) {
  char *file = str_escaped(dl->file);
  buf msg, text;
  buf_init(&msg);
  buf_init(&text);
  for (size_t i = 0; i < dl->n; i++) {
    const diag *d = &dl->items[i];
    buf_reset(&msg);
    buf_add_escaped(&msg, d->message, strlen(d->message));
    buf_printf(&text, "%s:%d:%d: %s: %s [%s]\n", file, d->pos.line, d->pos.col,
               diag_severity_name(effective(d, strict)), msg.data, rows[d->id].check);
  }
  /* in one piece: stderr is unbuffered, and a line at a time was a
   * write(2) per finding */
  if (text.len) fwrite(text.data, 1, text.len, out);
  buf_free(&text);
  buf_free(&msg);
  free(file);
}

static bool json_started;
static bool json_first;

static void json_string(FILE *out, const char *s) {
  putc('"', out);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"': fputs("\\\"", out); break;
    case '\\': fputs("\\\\", out); break;
    case '\n': fputs("\\n", out); break;
    case '\t': fputs("\\t", out); break;
    case '\r': fputs("\\r", out); break;
    default:
      if (*p < 0x20) fprintf(out, "\\u%04x", *p);
      else putc(*p, out);
    }
  }
  putc('"', out);
}

void diag_json_begin(FILE *out) {
  json_started = true;
  json_first = true;
  fputs("[", out);
}

void diag_json_items(FILE *out, const diag_list *dl, bool strict) {
  for (size_t i = 0; i < dl->n; i++) {
    const diag *d = &dl->items[i];
    fputs(json_first ? "\n  {" : ",\n  {", out);
    json_first = false;
    fputs("\"file\": ", out);
    json_string(out, dl->file);
    fprintf(out, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", \"check\": \"%s\", \"message\": ",
            d->pos.line, d->pos.col, diag_severity_name(effective(d, strict)), rows[d->id].check);
    json_string(out, d->message);
    fputs("}", out);
  }
}

void diag_json_end(FILE *out) {
  fputs(json_first ? "]\n" : "\n]\n", out);
  json_started = false;
}
