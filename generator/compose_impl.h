/* compose_impl.h - what the contract's composers share (compose.c and
 * compose_annex.c): the composer's state and its shorthands for labels,
 * values and blocks. Private to the composition. */
#ifndef WK_COMPOSE_IMPL_H
#define WK_COMPOSE_IMPL_H

#include <stdbool.h>
#include <stdlib.h>

#include "doc.h"
#include "model.h"
#include "profile.h"
#include "textout.h"

typedef struct {
  doc *d;
  const contract *c;
  const profile *p;
  const char *lang;
  unsigned roles_group; /* the challenges' role tables, once there is one */
  bool release;         /* free the Markdown as it is composed */
  const profile_public *pub; /* the public version's rules, or NULL */
} composer;

static inline doc_block *heading(composer *cm, int level, const char *text) { return doc_heading(cm->d, level, text); }
static inline doc_block *para(composer *cm, doc_style style, const char *text) { return doc_para(cm->d, style, text); }

static inline const char *L(const composer *cm, const char *key) {
  return cm->p ? profile_label(cm->p, cm->lang, key) : key;
}

static inline const char *L2(const composer *cm, const char *group, const char *id) {
  if (!id) return "";
  if (cm->p) return profile_label2(cm->p, cm->lang, group, id);
  return id;
}

static inline const char *T(const mtext *t) { return t->s ? t->s : ""; }

/* A date as a reader writes it, in the document's language ("1 januari
 * 2026"); text that is no valid date (in a draft) stays as written.
 * Malloc'd. */
static inline char *D(const composer *cm, const mtext *t) {
  return t->s ? textout_date(cm->p, cm->lang, t->s, t->len) : xstrdup("");
}

/* A row of column headers. */
static inline void header_row(doc_block *t, const char *const *labels) {
  doc_row *r = doc_table_row(t);
  for (size_t c = 0; c < t->n_cols; c++) doc_cell_text(&r->cells[c], DOC_STYLE_TABLE_HEAD, labels[c]);
}

/* A party's name by id; the id itself for one the contract does not
 * define (only in a draft). */
static inline const char *party_name(const composer *cm, const char *id) {
  const party *pt = id ? model_party(cm->c, id) : NULL;
  return pt && pt->name.s ? pt->name.s : (id ? id : "");
}

/* The word of a small vocabulary (per, every, condition status) as the
 * document's language writes it: its label when the profile knows the
 * word, else as written. */
static inline const char *word_label(const composer *cm, const profile_word *words, size_t n, const char *group,
                                     const char *s) {
  const profile_word *w = cm->p && s ? profile_word_find(words, n, s) : NULL;
  return w ? L2(cm, group, w->id) : (s ? s : "");
}

/* The v2 parts of the contract (compose_annex.c): the conditions as an
 * article of their own, and the annexes of financial contributions,
 * reporting duties and the amendment history. */
bool compose_has_conditions(const composer *cm);
/* number: the article's number ("Artikel 7"), malloc'd, owned by the
 * heading from then on; NULL when articles are not numbered. */
void compose_conditions_article(composer *cm, char *number);
bool compose_has_finance(const composer *cm);
void compose_finance_annex(composer *cm);
bool compose_has_reports(const composer *cm);
void compose_reports_annex(composer *cm);
bool compose_has_amendments(const composer *cm);
void compose_amendments_annex(composer *cm);

#endif
