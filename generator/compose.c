/* compose.c - builds the document tree of a contract once (spec section 6),
 * in the contract's language with the profile's labels, for both writers. */
#include "doc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model.h"
#include "profile.h"
#include "rolematrix.h"
#include "textout.h"

/* Challenges beyond this many are numbered in the matrix header (with a
 * legend) instead of titled, and the matrix is split into tables of at most
 * MATRIX_CHUNK challenge columns so every column stays readable. */
enum { MATRIX_TITLED_MAX = 4, MATRIX_CHUNK_PORTRAIT = 8, MATRIX_CHUNK_LANDSCAPE = 14 };

/* Width of the text area in points: the budget of the column layout
 * (compose_layout.c). */
#define TABLE_WIDTH_PORTRAIT DOC_TABLE_BUDGET_PORTRAIT
#define TABLE_WIDTH_LANDSCAPE DOC_TABLE_BUDGET_LANDSCAPE

typedef struct {
  doc *d;
  const contract *c;
  const profile *p;
  const char *lang;
} composer;

/* ---- the composer's shorthands ---- */

static doc_block *heading(composer *cm, int level, const char *text) { return doc_heading(cm->d, level, text); }
static doc_block *para(composer *cm, doc_style style, const char *text) { return doc_para(cm->d, style, text); }

/* "Label: value" with the label plain and the value as given. */
static doc_block *field_para(composer *cm, doc_style style, const char *label, const char *value) {
  return doc_field_para(cm->d, style, label, value, 0);
}

static const char *L(const composer *cm, const char *key) {
  return cm->p ? profile_label(cm->p, cm->lang, key) : key;
}

static const char *L2(const composer *cm, const char *group, const char *id) {
  if (!id) return "";
  if (cm->p) return profile_label2(cm->p, cm->lang, group, id);
  return id;
}

static const char *T(const mtext *t) { return t->s ? t->s : ""; }

/* A date as a reader writes it, in the document's language ("1 januari
 * 2026"); text that is no valid date (in a draft) stays as written.
 * Malloc'd. */
static char *D(const composer *cm, const mtext *t) {
  return t->s ? textout_date(cm->p, cm->lang, t->s, t->len) : xstrdup("");
}

static void header_row(doc_block *t, const char *const *labels) {
  doc_row *r = doc_table_row(t);
  for (size_t c = 0; c < t->n_cols; c++) doc_cell_text(&r->cells[c], DOC_STYLE_TABLE_HEAD, labels[c]);
}

/* ---- look-ups ---- */

static const char *party_name(const composer *cm, const char *id) {
  const party *pt = id ? model_party(cm->c, id) : NULL;
  return pt && pt->name.s ? pt->name.s : (id ? id : "");
}

static const char *obligation_id(const composer *cm, const commitment *k) {
  if (k->obligation.s) return k->obligation.s;
  for (size_t i = 0; cm->p && i < cm->p->n_obligations; i++)
    if (cm->p->obligations[i].is_default) return cm->p->obligations[i].id;
  return NULL;
}

/* ---- sections ---- */

static void title_block(composer *cm) {
  const contract *c = cm->c;
  para(cm, DOC_STYLE_SUBTITLE, cm->d->meta.kind_label);
  para(cm, DOC_STYLE_TITLE, T(&c->title));
  if (c->area.s) para(cm, DOC_STYLE_SUBTITLE, c->area.s);
  field_para(cm, DOC_STYLE_META, L(cm, "field.version"), T(&c->version));
  field_para(cm, DOC_STYLE_META, L(cm, "field.status"), cm->d->meta.status_label);
  if (c->date.s) {
    char *date = D(cm, &c->date);
    field_para(cm, DOC_STYLE_META, L(cm, "field.date"), date);
    free(date);
  }
}

/* A field name inside a sentence: "Adres" becomes "adres", while
 * "KvK-nummer" (an abbreviation) stays as written. */
static void add_midsentence(buf *s, const char *label) {
  bool lower = label[0] >= 'A' && label[0] <= 'Z';
  for (const char *q = label + 1; lower && *q && *q != ' ' && *q != '-'; q++)
    if (*q >= 'A' && *q <= 'Z') lower = false;
  if (lower) {
    buf_addc(s, (char)(label[0] - 'A' + 'a'));
    buf_adds(s, label + 1);
  } else {
    buf_adds(s, label);
  }
}

static void party_entry(composer *cm, const party *pt, bool last) {
  doc_block *b = para(cm, DOC_STYLE_PARTY, NULL);
  doc_add_run(b, T(&pt->name), RUN_BOLD, NULL);
  if (pt->type.s) {
    doc_add_run(b, ", ", 0, NULL);
    doc_add_run(b, L2(cm, "party-type", pt->type.s), 0, NULL);
  }
  buf s;
  buf_init(&s);
  if (mtext_nonempty(&pt->registration)) {
    buf_adds(&s, ", ");
    add_midsentence(&s, L(cm, "field.registration"));
    buf_printf(&s, " %s", pt->registration.s);
  }
  if (mtext_nonempty(&pt->address)) {
    buf_adds(&s, ", ");
    add_midsentence(&s, L(cm, "field.address"));
    buf_printf(&s, " %s", pt->address.s);
  }
  size_t named = 0;
  for (size_t i = 0; i < pt->n_signatories; i++) {
    const signatory *sg = &pt->signatories[i];
    if (!mtext_nonempty(&sg->name)) continue;
    if (named++ == 0) buf_printf(&s, ", %s %s", L(cm, "text.represented-by"), sg->name.s);
    else buf_printf(&s, ", %s", sg->name.s);
    if (mtext_nonempty(&sg->function)) buf_printf(&s, " (%s)", sg->function.s);
  }
  if (mtext_nonempty(&pt->short_name))
    buf_printf(&s, ", %s \xE2\x80\x9C%s\xE2\x80\x9D", L(cm, "text.hereinafter"), pt->short_name.s);
  buf_adds(&s, last ? "," : ";");
  doc_add_run(b, s.data, 0, NULL);
  buf_free(&s);
}

static void parties_section(composer *cm) {
  const contract *c = cm->c;
  heading(cm, 1, L(cm, "heading.parties"));
  para(cm, DOC_STYLE_BODY, L(cm, "text.intro"));
  for (size_t i = 0; i < c->n_parties; i++) party_entry(cm, &c->parties[i], i + 1 == c->n_parties);
  para(cm, DOC_STYLE_BODY, L(cm, "text.agree"));
}

static void body_section(composer *cm) {
  if (!cm->c->body) return;
  const char *h = L(cm, "heading.articles");
  if (h && *h && strcmp(h, "heading.articles") != 0) heading(cm, 1, h);
  compose_markdown(cm->d, cm->c->body, cm->p && cm->p->number_articles ? L(cm, "heading.article") : NULL);
}

static void challenge_roles_table(composer *cm, const challenge *ch) {
  const char *head[] = {L(cm, "field.role"), L(cm, "field.party")};
  doc_block *t = doc_table(cm->d, 2, 1);
  header_row(t, head);
  for (size_t r = 0; r < ch->n_roles; r++) {
    const role_assignment *ra = &ch->roles[r];
    doc_row *row = doc_table_row(t);
    doc_cell_text(&row->cells[0], DOC_STYLE_TABLE, L2(cm, "role", ra->role.s));
    buf names;
    buf_init(&names);
    for (size_t h = 0; h < ra->holders.n; h++) {
      if (h) buf_adds(&names, ", ");
      buf_adds(&names, party_name(cm, ra->holders.items[h].s));
    }
    doc_cell_text(&row->cells[1], DOC_STYLE_TABLE, names.data);
    buf_free(&names);
  }
  /* the same columns for every challenge, so the tables line up */
  static const double shape[] = {0.3, 0.7};
  doc_table_seal(t, TABLE_WIDTH_PORTRAIT, shape);
}

static void challenges_section(composer *cm) {
  const contract *c = cm->c;
  if (c->n_challenges == 0) return;
  heading(cm, 1, L(cm, "heading.challenges"));
  for (size_t i = 0; i < c->n_challenges; i++) {
    const challenge *ch = &c->challenges[i];
    heading(cm, 2, T(&ch->title));
    doc_text_paras(cm->d, DOC_STYLE_BODY, ch->description.s);
    if (ch->n_roles) challenge_roles_table(cm, ch);
  }
}

/* "1 februari 2026", "wekelijks", or both. */
static char *term_text(const composer *cm, const commitment *k) {
  bool due = mtext_nonempty(&k->due), rec = mtext_nonempty(&k->recurrence);
  if (!due) return xstrdup(rec ? k->recurrence.s : "\xE2\x80\x93");
  char *date = D(cm, &k->due);
  if (!rec) return date;
  char *both = xasprintf("%s; %s", date, k->recurrence.s);
  free(date);
  return both;
}

static void commitment_row(composer *cm, doc_block *t, const commitment *k) {
  doc_row *row = doc_table_row(t);
  const challenge *ch = k->challenge.s ? model_challenge(cm->c, k->challenge.s) : NULL;
  /* the kind of obligation goes under the promise: a column of its own
   * would be as wide as "Inspanningsverplichting" for one word */
  doc_cell_text(&row->cells[0], DOC_STYLE_TABLE, T(&k->text));
  const char *ob = obligation_id(cm, k);
  if (ob) doc_add_run(doc_cell_para(&row->cells[0], DOC_STYLE_TABLE), L2(cm, "obligation", ob), RUN_ITALIC, NULL);
  doc_cell_text(&row->cells[1], DOC_STYLE_TABLE, ch && ch->title.s ? ch->title.s : T(&k->challenge));
  doc_cell_text(&row->cells[2], DOC_STYLE_TABLE, T(&k->impact));
  doc_cell_text(&row->cells[3], DOC_STYLE_TABLE, T(&k->measure));
  char *term = term_text(cm, k);
  doc_cell_text(&row->cells[4], DOC_STYLE_TABLE, term);
  free(term);
}

/* Commitments grouped per party through one counting pass (no party x
 * commitment loop): start[p]..start[p+1] index into order. */
static void commitments_section(composer *cm) {
  const contract *c = cm->c;
  if (c->n_commitments == 0) return;
  size_t np = c->n_parties;
  size_t *start = xcalloc(np + 2, sizeof *start);
  long *owner = xmalloc((c->n_commitments ? c->n_commitments : 1) * sizeof *owner);
  for (size_t i = 0; i < c->n_commitments; i++) {
    const mtext *pid = &c->commitments[i].party;
    owner[i] = pid->s ? model_party_index(c, pid->s) : -1;
    start[(owner[i] < 0 ? np : (size_t)owner[i]) + 1]++;
  }
  for (size_t p = 0; p <= np; p++) start[p + 1] += start[p];
  size_t *order = xmalloc((c->n_commitments ? c->n_commitments : 1) * sizeof *order);
  size_t *fill = xmalloc((np + 1) * sizeof *fill);
  memcpy(fill, start, (np + 1) * sizeof *fill);
  for (size_t i = 0; i < c->n_commitments; i++) order[fill[owner[i] < 0 ? np : (size_t)owner[i]]++] = i;

  heading(cm, 1, L(cm, "heading.commitments"));
  const char *head[] = {L(cm, "field.commitment"), L(cm, "field.challenge"), L(cm, "field.impact"),
                        L(cm, "field.measure"), L(cm, "field.term")};
  for (size_t p = 0; p <= np; p++) {
    if (start[p] == start[p + 1]) continue;
    /* commitments of unknown parties (only in --draft) come last, under
     * their party id */
    heading(cm, 2, p < np ? T(&c->parties[p].name) : T(&c->commitments[order[start[p]]].party));
    doc_block *t = doc_table(cm->d, 5, 1);
    header_row(t, head);
    for (size_t j = start[p]; j < start[p + 1]; j++) commitment_row(cm, t, &c->commitments[order[j]]);
    doc_table_seal(t, TABLE_WIDTH_PORTRAIT, NULL);
  }
  free(start);
  free(owner);
  free(order);
  free(fill);
}

static void matrix_tables(composer *cm, const role_matrix *m, size_t chunk, double budget) {
  const contract *c = cm->c;
  bool titled = c->n_challenges <= MATRIX_TITLED_MAX;
  for (size_t from = 0; from < c->n_challenges; from += chunk) {
    size_t to = from + chunk < c->n_challenges ? from + chunk : c->n_challenges;
    doc_block *t = doc_table(cm->d, 1 + (to - from), 1);
    doc_row *h = doc_table_row(t);
    doc_cell_text(&h->cells[0], DOC_STYLE_TABLE_HEAD, L(cm, "field.party"));
    for (size_t ch = from; ch < to; ch++) {
      char *num = xasprintf("%zu", ch + 1);
      doc_cell_text(&h->cells[1 + ch - from], DOC_STYLE_TABLE_HEAD, titled ? T(&c->challenges[ch].title) : num);
      h->cells[1 + ch - from].align = DOC_ALIGN_CENTER;
      free(num);
    }
    for (size_t p = 0; p < c->n_parties; p++) {
      doc_row *row = doc_table_row(t);
      doc_cell_text(&row->cells[0], DOC_STYLE_TABLE, T(&c->parties[p].name));
      for (size_t ch = from; ch < to; ch++) {
        char *roles = role_matrix_cell_text(m, c, p, ch, "role-abbr", ", ");
        if (roles && *roles)
          doc_cell_text(&row->cells[1 + ch - from], DOC_STYLE_TABLE, roles); /* else empty */
        free(roles);
        row->cells[1 + ch - from].align = DOC_ALIGN_CENTER;
      }
    }
    doc_table_seal(t, budget, NULL);
  }
}

/* "K = Kadersteller, H = Handhaver, ..." and, with numbered columns,
 * "1 = title; 2 = title". */
static void matrix_legend(composer *cm) {
  doc_block *b = para(cm, DOC_STYLE_LEGEND, NULL);
  char *head = xasprintf("%s: ", L(cm, "heading.legend"));
  doc_add_run(b, head, RUN_BOLD, NULL);
  free(head);
  char *roles = role_matrix_legend(cm->c, ", ");
  doc_add_run(b, roles, 0, NULL);
  free(roles);
  if (cm->c->n_challenges > MATRIX_TITLED_MAX) {
    buf s;
    buf_init(&s);
    for (size_t ch = 0; ch < cm->c->n_challenges; ch++)
      buf_printf(&s, "%s%zu = %s", ch ? "; " : "", ch + 1, T(&cm->c->challenges[ch].title));
    doc_add_run(b, NULL, RUN_BREAK, NULL);
    doc_add_run(b, s.data, 0, NULL);
    buf_free(&s);
  }
}

/* Parties x roles: a check mark where the party holds the role anywhere. */
static void matrix_summary(composer *cm, const role_matrix *m, double budget) {
  const contract *c = cm->c;
  heading(cm, 2, L(cm, "heading.matrix-roles"));
  doc_block *t = doc_table(cm->d, 1 + cm->p->n_roles, 1);
  doc_row *h = doc_table_row(t);
  doc_cell_text(&h->cells[0], DOC_STYLE_TABLE_HEAD, L(cm, "field.party"));
  for (size_t r = 0; r < cm->p->n_roles; r++) {
    doc_cell_text(&h->cells[1 + r], DOC_STYLE_TABLE_HEAD, L2(cm, "role", cm->p->roles[r].id));
    h->cells[1 + r].align = DOC_ALIGN_CENTER;
  }
  for (size_t p = 0; p < c->n_parties; p++) {
    doc_row *row = doc_table_row(t);
    doc_cell_text(&row->cells[0], DOC_STYLE_TABLE, T(&c->parties[p].name));
    for (size_t r = 0; r < cm->p->n_roles; r++) {
      if (role_matrix_holds_role(m, p, r))
        doc_cell_text(&row->cells[1 + r], DOC_STYLE_TABLE, "\xE2\x9C\x93");
      row->cells[1 + r].align = DOC_ALIGN_CENTER;
    }
  }
  doc_table_seal(t, budget, NULL);
}

static void matrix_section(composer *cm, bool landscape) {
  if (!cm->p || cm->c->n_parties == 0 || cm->c->n_challenges == 0) return;
  role_matrix *m = role_matrix_build(cm->c);
  if (!m) return;
  double budget = landscape ? TABLE_WIDTH_LANDSCAPE : TABLE_WIDTH_PORTRAIT;
  heading(cm, 1, L(cm, "heading.matrix"));
  const char *intro = L(cm, "text.matrix-intro");
  if (intro && *intro && strcmp(intro, "text.matrix-intro") != 0) para(cm, DOC_STYLE_BODY, intro);
  matrix_tables(cm, m, landscape ? MATRIX_CHUNK_LANDSCAPE : MATRIX_CHUNK_PORTRAIT, budget);
  matrix_legend(cm);
  matrix_summary(cm, m, budget);
  role_matrix_free(m);
}

static void date_row(const composer *cm, doc_block *t, const char *label, const mtext *date) {
  doc_row *row = doc_table_row(t);
  doc_cell_text(&row->cells[0], DOC_STYLE_TABLE, label);
  char *text = D(cm, date);
  doc_cell_text(&row->cells[1], DOC_STYLE_TABLE, text);
  free(text);
}

static void evaluation_section(composer *cm) {
  const contract *c = cm->c;
  heading(cm, 1, L(cm, "heading.evaluation"));
  doc_block *t = doc_table(cm->d, 2, 0);
  date_row(cm, t, L(cm, "text.period-start"), &c->period_start);
  date_row(cm, t, L(cm, "text.period-end"), &c->period_end);
  for (size_t i = 0; i < c->evaluations.n; i++) {
    char *label = c->evaluations.n > 1 ? xasprintf("%s %zu", L(cm, "text.evaluation-moment"), i + 1)
                                       : xstrdup(L(cm, "text.evaluation-moment"));
    date_row(cm, t, label, &c->evaluations.items[i]);
    free(label);
  }
  doc_table_seal(t, TABLE_WIDTH_PORTRAIT, NULL);
}

static void schuurpapier_section(composer *cm) {
  const contract *c = cm->c;
  if (c->n_schuurpapier == 0 || !cm->p) return;
  heading(cm, 1, L(cm, "heading.schuurpapier"));
  /* profile order; the profile has a handful of axes */
  for (size_t a = 0; a < cm->p->n_axes; a++) {
    const char *axis = cm->p->axes[a];
    for (size_t i = 0; i < c->n_schuurpapier; i++) {
      const axis_entry *e = &c->schuurpapier[i];
      if (!e->key.s || strcmp(e->key.s, axis) != 0) continue;
      heading(cm, 2, L2(cm, "axis", axis));
      doc_block *q = para(cm, DOC_STYLE_BODY, NULL);
      doc_add_run(q, L2(cm, "axis-question", axis), RUN_ITALIC, NULL);
      doc_text_paras(cm->d, DOC_STYLE_BODY, e->value.s);
      break;
    }
  }
}

/* The recorded signature of one signatory: same party and name, or the
 * party's only signature when it has one signatory. */
static const signature *find_signature(const contract *c, const size_t *sig_start, const size_t *sig_order,
                                       size_t p, const signatory *sg) {
  size_t n = sig_start[p + 1] - sig_start[p];
  for (size_t j = sig_start[p]; j < sig_start[p + 1]; j++) {
    const signature *s = &c->signatures[sig_order[j]];
    if (s->name.s && sg->name.s && strcasecmp(s->name.s, sg->name.s) == 0) return s;
  }
  if (n == 1 && c->parties[p].n_signatories == 1) return &c->signatures[sig_order[sig_start[p]]];
  return NULL;
}

static void signature_block(composer *cm, const party *pt, const signatory *sg, const signature *s) {
  const char *blank = "______________________________";
  char *line = xasprintf("%s %s", L(cm, "text.for"), T(&pt->name));
  doc_block *b = para(cm, DOC_STYLE_SIGNATURE, NULL);
  doc_add_run(b, line, RUN_BOLD, NULL);
  free(line);
  b->keep_with_next = true;
  field_para(cm, DOC_STYLE_SIGNATURE, L(cm, "field.name"), T(&sg->name))->keep_with_next = true;
  const char *function = mtext_nonempty(&sg->function) ? sg->function.s : (s ? T(&s->function) : "");
  field_para(cm, DOC_STYLE_SIGNATURE, L(cm, "field.function"), function)->keep_with_next = true;
  const char *place = s && mtext_nonempty(&s->place) ? s->place.s : blank;
  field_para(cm, DOC_STYLE_SIGNATURE, L(cm, "field.place"), place)->keep_with_next = true;
  char *date = s && mtext_nonempty(&s->date) ? D(cm, &s->date) : xstrdup(blank);
  field_para(cm, DOC_STYLE_SIGNATURE, L(cm, "field.date"), date)->keep_with_next = true;
  free(date);
  doc_block *sl = para(cm, DOC_STYLE_SIGN_LINE, NULL);
  char *label = xasprintf("%s: %s", L(cm, "field.signature"), blank);
  doc_add_run(sl, label, 0, NULL);
  free(label);
}

static void signatures_section(composer *cm) {
  const contract *c = cm->c;
  size_t np = c->n_parties;
  size_t *start = xcalloc(np + 2, sizeof *start);
  size_t *order = xmalloc((c->n_signatures ? c->n_signatures : 1) * sizeof *order);
  long *owner = xmalloc((c->n_signatures ? c->n_signatures : 1) * sizeof *owner);
  for (size_t i = 0; i < c->n_signatures; i++) {
    owner[i] = c->signatures[i].party.s ? model_party_index(c, c->signatures[i].party.s) : -1;
    if (owner[i] >= 0) start[(size_t)owner[i] + 1]++;
  }
  for (size_t p = 0; p < np; p++) start[p + 1] += start[p];
  size_t *fill = xmalloc((np + 1) * sizeof *fill);
  memcpy(fill, start, (np + 1) * sizeof *fill);
  for (size_t i = 0; i < c->n_signatures; i++)
    if (owner[i] >= 0) order[fill[owner[i]]++] = i;

  /* The signatures start on a page of their own: LibreOffice does not
   * always honour the keep-with-next chain of the first block when it
   * follows the heading mid-page, and a signature page is the custom. */
  doc_append(cm->d, DOC_PAGE_BREAK);
  heading(cm, 1, L(cm, "heading.signatures"));
  for (size_t p = 0; p < np; p++) {
    const party *pt = &c->parties[p];
    for (size_t i = 0; i < pt->n_signatories; i++)
      signature_block(cm, pt, &pt->signatories[i], find_signature(c, start, order, p, &pt->signatories[i]));
  }
  free(start);
  free(order);
  free(owner);
  free(fill);
}

/* ---- meta ---- */

static void fill_meta(composer *cm, bool draft) {
  doc_meta *m = &cm->d->meta;
  const contract *c = cm->c;
  const char *status = c->status.s;
  if (!status && cm->p) {
    const profile_status *ds = profile_draft_status(cm->p);
    status = ds ? ds->id : NULL;
  }
  m->title = xstrdup(T(&c->title));
  m->version = xstrdup(T(&c->version));
  m->status_id = xstrdup(status ? status : "");
  m->status_label = xstrdup(status ? L2(cm, "status", status) : "");
  m->stage = model_stage(c);
  m->kind = xstrdup(cm->p ? cm->p->id : T(&c->kind));
  m->kind_label = xstrdup(cm->p ? L2(cm, "kind", cm->p->id) : T(&c->kind));
  m->date = c->date.s ? xstrdup(c->date.s) : NULL;
  m->fingerprint = xstrdup(c->fingerprint);
  memcpy(m->short_fingerprint, c->fingerprint, 8);
  m->short_fingerprint[8] = '\0';
  m->generator = xstrdup("wijkcontract " WK_VERSION);
  m->language = xstrdup(cm->lang);
  m->draft = draft || m->stage == STAGE_DRAFT;
  m->label_page = xstrdup(L(cm, "text.page"));
  m->label_of = xstrdup(L(cm, "text.of"));
  m->label_version = xstrdup(L(cm, "field.version"));
  m->label_draft = xstrdup(L(cm, "text.draft"));
}

#define FOOTER_SEP " \xC2\xB7 " /* " · " between the footer's items */

void doc_footer_compose(const doc_meta *m, doc_footer *f) {
  f->draft = m->draft ? xasprintf("%s" FOOTER_SEP, m->label_draft ? m->label_draft : "DRAFT") : NULL;
  buf lead;
  buf_init(&lead);
  if (m->title && *m->title) buf_printf(&lead, "%s" FOOTER_SEP, m->title);
  if (m->version && *m->version) {
    if (m->label_version && *m->label_version) buf_printf(&lead, "%s ", m->label_version);
    buf_printf(&lead, "%s" FOOTER_SEP, m->version);
  }
  if (m->status_label && *m->status_label) buf_printf(&lead, "%s" FOOTER_SEP, m->status_label);
  buf_printf(&lead, "%s ", m->label_page ? m->label_page : "Page");
  f->lead = buf_detach(&lead);
  f->middle = xasprintf(" %s ", m->label_of ? m->label_of : "of");
  f->tail = m->short_fingerprint[0] ? xasprintf(FOOTER_SEP "%s", m->short_fingerprint) : xstrdup("");
}

void doc_footer_free(doc_footer *f) {
  free(f->draft);
  free(f->lead);
  free(f->middle);
  free(f->tail);
}

static doc *start(composer *cm, const contract *c, bool draft) {
  memset(cm, 0, sizeof *cm);
  cm->d = xcalloc(1, sizeof *cm->d);
  cm->c = c;
  cm->p = c->profile ? c->profile : profile_get(profile_default_id());
  cm->lang = model_language(c);
  if (!cm->lang) cm->lang = cm->p ? cm->p->default_language : "nl";
  cm->d->contract = c;
  cm->d->profile = cm->p;
  fill_meta(cm, draft);
  return cm->d;
}

doc *compose_contract(const contract *c, bool draft) {
  composer cm;
  doc *d = start(&cm, c, draft);
  title_block(&cm);
  parties_section(&cm);
  body_section(&cm);
  challenges_section(&cm);
  commitments_section(&cm);
  matrix_section(&cm, false);
  evaluation_section(&cm);
  schuurpapier_section(&cm);
  signatures_section(&cm);
  return d;
}

doc *compose_matrix(const contract *c) {
  composer cm;
  doc *d = start(&cm, c, false);
  d->meta.draft = false; /* an overview, not a document to sign */
  d->meta.landscape = true;
  para(&cm, DOC_STYLE_SUBTITLE, d->meta.kind_label);
  para(&cm, DOC_STYLE_TITLE, T(&c->title));
  if (c->area.s) para(&cm, DOC_STYLE_SUBTITLE, c->area.s);
  matrix_section(&cm, true);
  return d;
}

/* An empty document with its metadata, for composers outside this file
 * (compose_review.c); not a draft: an overview, not a document to sign. */
doc *compose_begin(const contract *c) {
  composer cm;
  doc *d = start(&cm, c, false);
  d->meta.draft = false;
  return d;
}

/* ---- variables, links ---- */

typedef struct {
  const doc *d;
  const char *text;
  size_t done; /* bytes of text already copied */
  buf *out;
} expand_ctx;

static void expand_one(void *ctx, size_t ref_start, size_t ref_len, const char *path, size_t path_len) {
  expand_ctx *e = ctx;
  buf_add(e->out, e->text + e->done, ref_start - e->done);
  const contract *c = e->d->contract;
  const mtext *v = c ? model_variable(c, path, path_len) : NULL;
  if (v && v->s && (v == &c->period_start || v == &c->period_end)) {
    /* {{ period.start }} reads as the dates elsewhere in the document */
    char *date = textout_date(c->profile, e->d->meta.language, v->s, v->len);
    buf_adds(e->out, date);
    free(date);
  } else if (v && v->s) {
    buf_add(e->out, v->s, v->len);
  } else {
    buf_add(e->out, e->text + ref_start, ref_len);
  }
  e->done = ref_start + ref_len;
}

void doc_expand_text(const doc *d, const char *text, size_t len, buf *out) {
  expand_ctx e = {d, text, 0, out};
  if (len > 0) model_each_variable(text, len, expand_one, &e);
  buf_add(out, text + e.done, len - e.done);
}

bool doc_link_allowed(const char *url) {
  static const char *const schemes[] = {"http:", "https:", "mailto:"};
  if (!url) return false;
  for (size_t i = 0; i < ARRAY_LEN(schemes); i++)
    if (strncasecmp(url, schemes[i], strlen(schemes[i])) == 0) return true;
  return false;
}
