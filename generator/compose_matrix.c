/* compose_matrix.c - the commitments per party under the role matrix of a
 * document (`matrix -o X.odt|.docx` and the contract's matrix annex): a
 * joint commitment counts for each party it binds, general commitments
 * (no challenge) are also counted apart, as the text matrix does. */
#include <stdlib.h>

#include "doc.h"
#include "model.h"
#include "profile.h"
#include "rolematrix.h"
#include "util.h"

static void count_cell(doc_cell *cell, size_t n) {
  char s[STR_SIZE_MAX];
  doc_cell_text(cell, DOC_STYLE_TABLE, str_size(s, n));
  cell->align = DOC_ALIGN_CENTER;
}

void compose_commitment_counts(doc *d, const contract *c) {
  if (c->n_parties == 0) return;
  const profile *p = c->profile ? c->profile : profile_get(profile_default_id());
  const char *lang = model_language(c);
  size_t *all = xcalloc(c->n_parties, sizeof *all), *general = xcalloc(c->n_parties, sizeof *general);
  role_matrix_commitment_counts(c, all, general);
  bool any_general = false;
  for (size_t i = 0; i < c->n_parties; i++) any_general |= general[i] > 0;
  doc_heading(d, 2, profile_label(p, lang, "heading.commitment-count"));
  size_t n_cols = any_general ? 3 : 2;
  doc_block *t = doc_table(d, n_cols, 1);
  doc_row *h = doc_table_row(t);
  doc_cell_text(&h->cells[0], DOC_STYLE_TABLE_HEAD, profile_label(p, lang, "field.party"));
  doc_cell_text(&h->cells[1], DOC_STYLE_TABLE_HEAD, profile_label(p, lang, "field.total"));
  h->cells[1].align = DOC_ALIGN_CENTER;
  if (any_general) {
    doc_cell_text(&h->cells[2], DOC_STYLE_TABLE_HEAD, profile_label(p, lang, "heading.general"));
    h->cells[2].align = DOC_ALIGN_CENTER;
  }
  for (size_t i = 0; i < c->n_parties; i++) {
    doc_row *row = doc_table_row(t);
    row->key = doc_key("party", c->parties[i].id.s);
    char *name = mtext_dup(&c->parties[i].name);
    doc_cell_text(&row->cells[0], DOC_STYLE_TABLE, name);
    free(name);
    count_cell(&row->cells[1], all[i]);
    if (any_general) count_cell(&row->cells[2], general[i]);
  }
  free(all);
  free(general);
}
