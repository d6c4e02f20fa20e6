/* compose_report.c - the evaluation report as a document (`report`): its
 * date and the contract version, the progress of every commitment per
 * party, the overdue commitments, the open conditions and the dates to
 * come, in the contract's language. The one tree every output of `report`
 * renders (ODT, DOCX, and text and Markdown through docplain.c). */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "model.h"
#include "profile.h"
#include "report.h"
#include "review.h"
#include "util.h"
#include "variables.h"

typedef struct {
  doc *d;
  const report *r;
  unsigned kv_group; /* the label/value tables, once used */
} rcomposer;

static const char *L(const rcomposer *rc, const char *key) { return report_label(rc->r, key); }

static void cell_text(doc_cell *cell, doc_style style, const char *text, unsigned flags) {
  doc_block *b = doc_cell_para(cell, style);
  if (text && *text) doc_add_run(b, text, flags, NULL);
}

static void kv_row(doc_block *t, const char *label, const char *value, unsigned flags) {
  doc_row *row = doc_table_row(t);
  cell_text(&row->cells[0], DOC_STYLE_TABLE_LABEL, label, 0);
  cell_text(&row->cells[1], DOC_STYLE_TABLE, value, flags);
}

/* A table with a header row of the given labels. */
static doc_block *head_table(rcomposer *rc, const char *const *heads, size_t n) {
  doc_block *t = doc_table(rc->d, n, 1);
  doc_row *h = doc_table_row(t);
  for (size_t i = 0; i < n; i++) cell_text(&h->cells[i], DOC_STYLE_TABLE_HEAD, heads[i], 0);
  return t;
}

/* "Nr. 3" */
static char *number_text(const rcomposer *rc, const report_item *it) {
  return xasprintf("%s %zu", L(rc, "field.number"), it->number);
}

/* "{date}" and "{version}" of a label filled in. */
static char *fill(const char *text, const char *date, const char *version) {
  buf b;
  buf_init(&b);
  for (const char *p = text; *p;) {
    if (strncmp(p, "{date}", 6) == 0) {
      buf_adds(&b, date);
      p += 6;
    } else if (strncmp(p, "{version}", 9) == 0) {
      buf_adds(&b, version);
      p += 9;
    } else {
      buf_addc(&b, *p++);
    }
  }
  buf_add(&b, "", 0);
  return buf_detach(&b);
}

static void title_block(rcomposer *rc) {
  const report *r = rc->r;
  const contract *c = r->c;
  doc_para(rc->d, DOC_STYLE_SUBTITLE, L(rc, "heading.report"));
  char *title = mtext_dup(&c->title);
  doc_para(rc->d, DOC_STYLE_TITLE, title);
  free(title);
  mtext as_of = {(char *)r->as_of_iso, 10, {0, 0}, {0, 0}, false};
  char *date = report_date_text(r, &as_of);
  char *version = mtext_dup(&c->version);
  doc_field_para(rc->d, DOC_STYLE_META, L(rc, "field.as-of"), date, RUN_BOLD);
  doc_field_para(rc->d, DOC_STYLE_META, L(rc, "field.version"), version, RUN_BOLD);
  doc_field_para(rc->d, DOC_STYLE_META, L(rc, "field.status"), rc->d->meta.status_label, RUN_BOLD);
  if (mtext_nonempty(&c->area)) {
    char *area = mtext_dup(&c->area);
    doc_field_para(rc->d, DOC_STYLE_META, L(rc, "field.area"), area, RUN_BOLD);
    free(area);
  }
  char *intro = fill(L(rc, "text.report-intro"), date, version);
  doc_para(rc->d, DOC_STYLE_BODY, intro);
  free(intro);
  free(version);
  free(date);
}

/* "gedaan (1 september 2026)", or that nothing was recorded. */
static char *progress_text(const rcomposer *rc, const report_item *it) {
  if (!it->latest) return xstrdup(L(rc, "text.no-progress"));
  char *date = report_date_text(rc->r, &it->latest->date);
  char *s = xasprintf("%s (%s)", report_status_label(rc->r, &it->latest->status), date);
  free(date);
  return s;
}

/* One commitment: what, its term, its progress, its note, its target and
 * the last measured value. */
static void item_table(rcomposer *rc, const report_item *it) {
  static const double widths[] = {0.28, 0.72};
  if (!rc->kv_group) rc->kv_group = doc_group(rc->d, widths);
  doc_block *t = doc_table(rc->d, 2, 0);
  t->group = (unsigned short)rc->kv_group;
  const commitment *cm = it->cm;
  char *num = number_text(rc, it), *text = mtext_dup(&cm->text);
  char *what = xasprintf("%s: %s", num, text);
  kv_row(t, L(rc, "field.commitment"), what, 0);
  free(what);
  free(text);
  free(num);
  if (mtext_nonempty(&cm->due) || mtext_nonempty(&cm->until)) {
    char *date = report_date_text(rc->r, mtext_nonempty(&cm->due) ? &cm->due : &cm->until);
    char *term = it->overdue ? xasprintf("%s (%s)", date, L(rc, "text.overdue")) : xstrdup(date);
    kv_row(t, L(rc, mtext_nonempty(&cm->due) ? "field.due" : "field.until"), term,
           it->overdue ? RUN_BOLD : 0);
    free(term);
    free(date);
  } else if (mtext_nonempty(&cm->recurrence)) {
    char *rec = mtext_dup(&cm->recurrence);
    kv_row(t, L(rc, "field.recurrence"), rec, 0);
    free(rec);
  }
  char *progress = progress_text(rc, it);
  kv_row(t, L(rc, "field.progress"), progress, 0);
  free(progress);
  if (it->latest && mtext_nonempty(&it->latest->note)) {
    char *note = mtext_dup(&it->latest->note);
    kv_row(t, L(rc, "field.note"), note, 0);
    free(note);
  }
  if (cm->target.present) {
    buf b;
    buf_init(&b);
    var_target(rc->r->c, cm, &b);
    buf_add(&b, "", 0);
    kv_row(t, L(rc, "field.target"), b.data, 0);
    buf_reset(&b);
    if (it->measured) {
      var_number(rc->r->c, &it->measured->value, &b);
      if (mtext_nonempty(&cm->target.unit)) buf_add(&b, cm->target.unit.s, cm->target.unit.len);
      char *date = report_date_text(rc->r, &it->measured->date);
      buf_printf(&b, " (%s)", date);
      free(date);
    } else {
      buf_adds(&b, L(rc, "text.no-progress"));
    }
    buf_add(&b, "", 0);
    kv_row(t, L(rc, "field.measured"), b.data, 0);
    buf_free(&b);
  }
  /* space before what follows; two tables in a row would merge in Word */
  doc_para(rc->d, DOC_STYLE_BODY, NULL);
}

static void progress_section(rcomposer *rc) {
  const report *r = rc->r;
  const contract *c = r->c;
  doc_heading(rc->d, 1, L(rc, "heading.progress"));
  for (size_t p = 0; p < c->n_parties; p++) {
    char *name = mtext_dup(&c->parties[p].name);
    doc_heading(rc->d, 2, name);
    free(name);
    bool any = false;
    for (size_t i = 0; i < r->n_items; i++) {
      if (!review_commits(c, r->items[i].cm, p)) continue;
      item_table(rc, &r->items[i]);
      any = true;
    }
    if (!any) doc_para(rc->d, DOC_STYLE_BODY, L(rc, "text.none"));
  }
}

/* "de Gemeente: De Gemeente plaatst een hek" */
static char *item_line(const rcomposer *rc, const report_item *it) {
  long p = it->cm->party.s ? model_party_index(rc->r->c, it->cm->party.s) : -1;
  char *who = p >= 0 ? review_party_short(rc->r->c, (size_t)p) : mtext_dup(&it->cm->party);
  char *text = mtext_dup(&it->cm->text);
  char *s = xasprintf("%s: %s", who, text);
  free(who);
  free(text);
  return s;
}

static void overdue_section(rcomposer *rc) {
  const report *r = rc->r;
  doc_heading(rc->d, 1, L(rc, "heading.overdue"));
  if (!r->n_overdue) {
    doc_para(rc->d, DOC_STYLE_BODY, L(rc, "text.none"));
    return;
  }
  const char *heads[] = {L(rc, "field.number"), L(rc, "field.commitment"), L(rc, "field.term"),
                         L(rc, "field.progress")};
  doc_block *t = head_table(rc, heads, 4);
  for (size_t i = 0; i < r->n_items; i++) {
    const report_item *it = &r->items[i];
    if (!it->overdue) continue;
    doc_row *row = doc_table_row(t);
    char *num = xasprintf("%zu", it->number), *line = item_line(rc, it);
    char *date = report_date_text(r, mtext_nonempty(&it->cm->due) ? &it->cm->due : &it->cm->until);
    char *progress = progress_text(rc, it);
    cell_text(&row->cells[0], DOC_STYLE_TABLE, num, 0);
    cell_text(&row->cells[1], DOC_STYLE_TABLE, line, 0);
    cell_text(&row->cells[2], DOC_STYLE_TABLE, date, RUN_BOLD);
    cell_text(&row->cells[3], DOC_STYLE_TABLE, progress, 0);
    free(progress);
    free(date);
    free(line);
    free(num);
  }
}

static void conditions_section(rcomposer *rc) {
  const report *r = rc->r;
  doc_heading(rc->d, 1, L(rc, "heading.open-conditions"));
  if (!r->n_open) {
    doc_para(rc->d, DOC_STYLE_BODY, L(rc, "text.none"));
    return;
  }
  const char *heads[] = {L(rc, "field.condition"), L(rc, "field.due")};
  doc_block *t = head_table(rc, heads, 2);
  for (size_t i = 0; i < r->n_open; i++) {
    doc_row *row = doc_table_row(t);
    char *text = mtext_dup(&r->open[i]->text);
    cell_text(&row->cells[0], DOC_STYLE_TABLE, text, 0);
    free(text);
    char *due = mtext_nonempty(&r->open[i]->due) ? report_date_text(r, &r->open[i]->due) : NULL;
    cell_text(&row->cells[1], DOC_STYLE_TABLE, due, 0);
    free(due);
  }
}

/* What a coming date is. malloc'd. */
static char *date_what(const rcomposer *rc, const report_date *d) {
  switch (d->kind) {
  case REPORT_EVALUATION: return xstrdup(L(rc, "text.evaluation-moment"));
  case REPORT_PERIOD_END: return xstrdup(L(rc, "text.period-end"));
  case REPORT_CONDITION: {
    char *text = mtext_dup(&d->cond->text);
    char *s = xasprintf("%s: %s", L(rc, "field.condition"), text);
    free(text);
    return s;
  }
  default: break;
  }
  char *num = number_text(rc, d->item), *line = item_line(rc, d->item), *s;
  if (d->kind == REPORT_DUE) {
    s = xasprintf("%s, %s", num, line);
  } else if (d->kind == REPORT_UNTIL) {
    s = xasprintf("%s, %s: %s", L(rc, "text.commitment-ends"), num, line);
  } else {
    char *ind = mtext_dup(&d->item->cm->target.indicator);
    s = xasprintf("%s, %s: %s", L(rc, "field.target"), num, ind);
    free(ind);
  }
  free(num);
  free(line);
  return s;
}

static void dates_section(rcomposer *rc) {
  const report *r = rc->r;
  doc_heading(rc->d, 1, L(rc, "heading.coming"));
  if (!r->n_dates) {
    doc_para(rc->d, DOC_STYLE_BODY, L(rc, "text.none"));
    return;
  }
  const char *heads[] = {L(rc, "field.date"), L(rc, "field.description")};
  doc_block *t = head_table(rc, heads, 2);
  for (size_t i = 0; i < r->n_dates; i++) {
    const report_date *d = &r->dates[i];
    doc_row *row = doc_table_row(t);
    char *date = report_date_text(r, d->date), *what = date_what(rc, d);
    cell_text(&row->cells[0], DOC_STYLE_TABLE, date, 0);
    cell_text(&row->cells[1], DOC_STYLE_TABLE, what, d->kind == REPORT_EVALUATION ? RUN_BOLD : 0);
    free(what);
    free(date);
  }
}

doc *compose_report(const contract *c, long as_of, bool draft) {
  if (!c->profile) return NULL;
  report *r = report_build(c, as_of);
  rcomposer rc = {compose_begin(c), r, 0};
  rc.d->meta.made_as = "report";
  rc.d->meta.draft = draft;
  title_block(&rc);
  progress_section(&rc);
  overdue_section(&rc);
  conditions_section(&rc);
  dates_section(&rc);
  report_free(r);
  doc_finish(rc.d);
  return rc.d;
}
