/* compose.c - builds the document tree of a contract once (spec section 6),
 * in the contract's language with the profile's labels, for both writers. */
#include "doc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compose_impl.h"
#include "model.h"
#include "profile.h"
#include "public.h"
#include "rolematrix.h"
#include "textout.h"
#include "variables.h"

/* Challenges beyond this many are numbered in the matrix header (with a
 * legend) instead of titled, and the matrix is split into tables of at most
 * MATRIX_CHUNK challenge columns so every column stays readable. */
enum { MATRIX_TITLED_MAX = 4, MATRIX_CHUNK_PORTRAIT = 8, MATRIX_CHUNK_LANDSCAPE = 14 };

/* "Label: value" with the label plain and the value as given. */
static doc_block *field_para(composer *cm, doc_style style, const char *label, const char *value) {
  return doc_field_para(cm->d, style, label, value, 0);
}

/* ---- look-ups ---- */

static const char *obligation_id(const composer *cm, const commitment *k) {
  if (k->obligation.s) return k->obligation.s;
  for (size_t i = 0; cm->p && i < cm->p->n_obligations; i++)
    if (cm->p->obligations[i].is_default) return cm->p->obligations[i].id;
  return NULL;
}

/* value, or the public version's mark when the rules make this field of
 * someone who holds no public office personal data. */
static const char *shown(const composer *cm, unsigned field, const char *value, bool office) {
  if (!cm->pub || !(cm->pub->fields & field) || office || !value || !*value) return value;
  return cm->pub->mark;
}

static bool holds_office(const composer *cm, const char *function) {
  return cm->pub && public_holds_office(cm->pub, function);
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
  if (cm->pub) para(cm, DOC_STYLE_META, L(cm, "public.notice"));
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
  b->key = doc_key("party", pt->id.s);
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
    buf_addc(&s, ' ');
    buf_adds(&s, pt->registration.s);
  }
  if (mtext_nonempty(&pt->address)) {
    buf_adds(&s, ", ");
    add_midsentence(&s, L(cm, "field.address"));
    buf_addc(&s, ' ');
    buf_adds(&s, cm->pub && public_address_personal(cm->pub, pt) ? cm->pub->mark : pt->address.s);
  }
  size_t named = 0;
  for (size_t i = 0; i < pt->n_signatories; i++) {
    const signatory *sg = &pt->signatories[i];
    if (!mtext_nonempty(&sg->name)) continue;
    bool office = holds_office(cm, sg->function.s);
    const char *name = shown(cm, PUBLIC_SIGNATORY_NAME, sg->name.s, office);
    buf_adds(&s, ", ");
    if (named++ == 0) {
      buf_adds(&s, L(cm, "text.represented-by"));
      buf_addc(&s, ' ');
    }
    buf_adds(&s, name);
    if (mtext_nonempty(&sg->function)) {
      buf_adds(&s, " (");
      buf_adds(&s, shown(cm, PUBLIC_SIGNATORY_FUNCTION, sg->function.s, office));
      buf_addc(&s, ')');
    }
  }
  if (mtext_nonempty(&pt->short_name)) {
    buf_adds(&s, ", ");
    buf_adds(&s, L(cm, "text.hereinafter"));
    buf_adds(&s, " \xE2\x80\x9C");
    buf_adds(&s, pt->short_name.s);
    buf_adds(&s, "\xE2\x80\x9D");
  }
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

/* The body's articles, then the conditions as an article of their own,
 * numbered after the last of the body's. */
static void body_section(composer *cm) {
  const char *article = cm->p && cm->p->number_articles ? L(cm, "heading.article") : NULL;
  size_t from = cm->d->n_blocks;
  if (cm->c->body) {
    const char *h = L(cm, "heading.articles");
    if (h && *h && strcmp(h, "heading.articles") != 0) heading(cm, 1, h);
    compose_markdown(cm->d, cm->c->body, article, cm->release);
  }
  if (!compose_has_conditions(cm)) return;
  int n = 0;
  for (size_t i = from; i < cm->d->n_blocks; i++)
    if (cm->d->blocks[i].kind == DOC_HEADING && cm->d->blocks[i].level == 1 && cm->d->blocks[i].number) n++;
  char *number = !article ? NULL : *article ? xasprintf("%s %d", article, n + 1) : xasprintf("%d", n + 1);
  compose_conditions_article(cm, number);
}

/* ---- annexes ---- */

/* A paragraph that introduces the table after it stays on its page. */
static doc_block *caption(composer *cm, const char *text) {
  doc_block *b = para(cm, DOC_STYLE_BODY, text);
  b->keep_with_next = true;
  return b;
}

static void challenge_roles_table(composer *cm, const challenge *ch) {
  /* the same columns for every challenge, so the tables line up */
  static const double shape[] = {0.3, 0.7};
  if (!cm->roles_group) cm->roles_group = doc_group(cm->d, shape);
  const char *head[] = {L(cm, "field.role"), L(cm, "field.party")};
  doc_block *t = doc_table(cm->d, 2, 1);
  t->group = (unsigned short)cm->roles_group;
  t->key = doc_key("roles", ch->id.s);
  header_row(t, head);
  for (size_t r = 0; r < ch->n_roles; r++) {
    const role_assignment *ra = &ch->roles[r];
    doc_row *row = doc_table_row(t);
    row->key = doc_key("role", ra->role.s);
    /* in a draft with errors, what the contract does not define reads as
     * unknown, not as if it were a role or a party */
    char *role = cm->p && ra->role.s && !profile_role_find(cm->p, ra->role.s)
                     ? xasprintf("%s (%s)", ra->role.s, L(cm, "text.unknown-role"))
                     : xstrdup(L2(cm, "role", ra->role.s));
    doc_cell_text(&row->cells[0], DOC_STYLE_TABLE, role);
    free(role);
    buf names;
    buf_init(&names);
    for (size_t h = 0; h < ra->holders.n; h++) {
      const char *id = ra->holders.items[h].s;
      if (h) buf_adds(&names, ", ");
      if (id && *id && !model_party(cm->c, id)) buf_printf(&names, "%s (%s)", id, L(cm, "text.unknown-party"));
      else buf_adds(&names, party_name(cm, id));
    }
    doc_cell_text(&row->cells[1], DOC_STYLE_TABLE, names.data);
    buf_free(&names);
  }
}

static bool has_challenges(const composer *cm) { return cm->c->n_challenges > 0; }

static void challenges_annex(composer *cm) {
  const contract *c = cm->c;
  for (size_t i = 0; i < c->n_challenges; i++) {
    const challenge *ch = &c->challenges[i];
    heading(cm, 2, T(&ch->title))->key = doc_key("challenge", ch->id.s);
    doc_text_paras(cm->d, DOC_STYLE_BODY, ch->description.s);
    if (ch->n_roles && cm->d->n_blocks && cm->d->blocks[cm->d->n_blocks - 1].kind == DOC_PARAGRAPH)
      cm->d->blocks[cm->d->n_blocks - 1].keep_with_next = true; /* the description introduces the table */
    if (ch->n_roles) challenge_roles_table(cm, ch);
  }
}

/* ---- the commitments annex ---- */

/* The term: "1 februari 2026", "wekelijks", the event that starts it and
 * the date it ends ("tot en met 31 mei 2027"), as present; false when none
 * is set. */
static bool term_text(const composer *cm, const commitment *k, buf *out) {
  if (mtext_nonempty(&k->due)) {
    char *date = D(cm, &k->due);
    buf_adds(out, date);
    free(date);
  }
  const mtext *texts[] = {&k->recurrence, &k->after};
  for (size_t i = 0; i < 2; i++)
    if (mtext_nonempty(texts[i])) {
      if (out->len) buf_adds(out, "; ");
      buf_adds(out, texts[i]->s);
    }
  if (mtext_nonempty(&k->until)) {
    char *date = D(cm, &k->until);
    if (out->len) buf_adds(out, "; ");
    buf_adds(out, L(cm, "text.until"));
    buf_addc(out, ' ');
    buf_adds(out, date);
    free(date);
  }
  return out->len > 0;
}

static bool text_of(const mtext *t, buf *out) {
  if (!mtext_nonempty(t)) return false;
  buf_add(out, t->s, t->len);
  return true;
}

/* The names of the parties of ids, "A, B". */
static bool names_text(const composer *cm, const mtext_list *ids, buf *out) {
  for (size_t i = 0; i < ids->n; i++) {
    if (!mtext_nonempty(&ids->items[i])) continue;
    if (out->len) buf_adds(out, ", ");
    buf_adds(out, party_name(cm, ids->items[i].s));
  }
  return out->len > 0;
}

static bool is_general(const commitment *k) { return !mtext_set(&k->challenge) && !k->challenge.wrong_type; }

/* The challenge served; in the table of general commitments, which serve
 * none, the column names the parties that commit instead. */
static bool challenge_text(const composer *cm, const commitment *k, buf *out) {
  if (is_general(k)) return names_text(cm, &k->parties, out);
  const challenge *ch = k->challenge.s ? model_challenge(cm->c, k->challenge.s) : NULL;
  return text_of(ch && ch->title.s ? &ch->title : &k->challenge, out);
}

static bool impact_text(const composer *cm, const commitment *k, buf *out) { return text_of(&k->impact, out); }
static bool resources_text(const composer *cm, const commitment *k, buf *out) { return text_of(&k->resources, out); }
static bool remedy_text(const composer *cm, const commitment *k, buf *out) { return text_of(&k->remedy, out); }
static bool to_text(const composer *cm, const commitment *k, buf *out) { return names_text(cm, &k->to, out); }

/* How the impact is assessed: the measure; a target shows as a line of
 * its own under it (target_line), so the column is there for either. */
static bool measure_text(const composer *cm, const commitment *k, buf *out) {
  if (text_of(&k->measure, out)) return true;
  return k->target.present;
}

/* "aandeel: 20% -> 70%, uiterlijk 1 januari 2027" */
static bool target_text(const composer *cm, const commitment *k, buf *out) {
  var_target(cm->c, k, out);
  return out->len > 0;
}

/* "€ 45.000 per jaar, 2 keer (totaal € 90.000); note" */
static bool amount_text(const composer *cm, const commitment *k, buf *out) {
  var_amount(cm->c, k, out);
  return out->len > 0;
}

static bool beneficiaries_text(const composer *cm, const commitment *k, buf *out) {
  for (size_t i = 0; i < k->beneficiaries.n; i++) {
    if (!mtext_nonempty(&k->beneficiaries.items[i])) continue;
    if (out->len) buf_adds(out, ", ");
    buf_add(out, k->beneficiaries.items[i].s, k->beneficiaries.items[i].len);
  }
  return out->len > 0;
}

/* A field of a commitment as the commitments annex shows it: a column of
 * its own, shown when any commitment of the contract has the field, or a
 * line "Label: text" in the row of details under the commitment's
 * (details_row; for what few commitments have and would make a column of
 * a few words). A new field is one more row. */
typedef struct {
  const char *label; /* label key */
  bool line;         /* in the details' row, not a column */
  bool (*text)(const composer *cm, const commitment *k, buf *out);
} commitment_field;

static const commitment_field commitment_fields[] = {
    {"field.challenge", false, challenge_text},
    {"field.impact", false, impact_text},
    {"field.measure", false, measure_text},
    {"field.term", false, term_text},
    {"field.to", true, to_text},
    {"field.amount", true, amount_text},
    {"field.beneficiaries", true, beneficiaries_text},
    {"field.resources", true, resources_text},
    {"field.remedy", true, remedy_text},
};

enum { N_COMMITMENT_FIELDS = sizeof commitment_fields / sizeof commitment_fields[0] };

/* The columns: number, the promise, then the fields any commitment has. */
typedef struct {
  size_t field[N_COMMITMENT_FIELDS]; /* the column fields shown */
  size_t n;
} commitment_columns;

static void choose_columns(const composer *cm, commitment_columns *cols) {
  cols->n = 0;
  buf scratch;
  buf_init(&scratch);
  for (size_t f = 0; f < N_COMMITMENT_FIELDS; f++) {
    if (commitment_fields[f].line) continue;
    bool any = false;
    for (size_t i = 0; i < cm->c->n_commitments && !any; i++) {
      buf_reset(&scratch);
      any = commitment_fields[f].text(cm, &cm->c->commitments[i], &scratch);
    }
    if (any) cols->field[cols->n++] = f;
  }
  buf_free(&scratch);
}

/* An italic label and its text, a paragraph of a cell. */
static void cell_line(composer *cm, doc_cell *cell, const char *label_key, const char *text) {
  doc_block *b = doc_cell_para(cell, DOC_STYLE_TABLE);
  doc_add_run(b, L(cm, label_key), RUN_ITALIC, NULL);
  doc_add_run(b, ": ", RUN_ITALIC, NULL); /* joins the label's run */
  doc_add_run(b, text, 0, NULL);
}

/* "Gezamenlijke afspraak, samen met X": a joint commitment in the table of
 * one of its parties names the others (owner < 0: none left out). */
static void joint_line(composer *cm, doc_cell *cell, const commitment *k, long owner) {
  if (k->parties.n < 2 || is_general(k)) return;
  buf others;
  buf_init(&others);
  for (size_t i = 0; i < k->parties.n; i++) {
    const char *id = k->parties.items[i].s;
    if (!id || (owner >= 0 && model_party_index(cm->c, id) == owner)) continue;
    if (others.len) buf_adds(&others, ", ");
    buf_adds(&others, party_name(cm, id));
  }
  doc_block *b = doc_cell_para(cell, DOC_STYLE_TABLE);
  doc_add_run(b, L(cm, "text.joint"), RUN_ITALIC, NULL);
  if (others.len) {
    doc_add_run(b, ", ", 0, NULL); /* one run, as the parts join */
    doc_add_run(b, L(cm, "text.together"), 0, NULL);
    doc_add_run(b, " ", 0, NULL);
    doc_add_run(b, others.data, 0, NULL);
  }
  buf_free(&others);
}

/* The promise: its text, the kind of obligation (a column of its own would
 * be as wide as "Inspanningsverplichting" for one word) and whether it is
 * joint. */
static void promise_cell(composer *cm, doc_cell *cell, const commitment *k, long owner) {
  doc_cell_text(cell, DOC_STYLE_TABLE, T(&k->text));
  const char *ob = obligation_id(cm, k);
  if (ob) doc_add_run(doc_cell_para(cell, DOC_STYLE_TABLE), L2(cm, "obligation", ob), RUN_ITALIC, NULL);
  joint_line(cm, cell, k, owner);
}

/* The fields shown as lines, each "Label: text", in a row of their own
 * under the commitment's, in one cell over every column after the number:
 * in the promise's column they made it the tallest of the row by far,
 * with the page's width beside it mostly empty. The number's cell stays
 * blank (the same commitment). No row when the commitment has none. */
static void details_row(composer *cm, doc_block *t, const commitment *k) {
  doc_row *row = NULL;
  buf value;
  buf_init(&value);
  for (size_t f = 0; f < N_COMMITMENT_FIELDS; f++) {
    buf_reset(&value);
    if (!commitment_fields[f].line || !commitment_fields[f].text(cm, k, &value)) continue;
    if (!row) {
      row = doc_table_row(t);
      row->key = doc_key("commitment-details", k->id.s);
      row->with_prev = true;
      doc_cell_para(&row->cells[0], DOC_STYLE_TABLE);
      doc_cell_span(row, 1, t->n_cols - 1);
    }
    cell_line(cm, &row->cells[1], commitment_fields[f].label, value.data);
  }
  buf_free(&value);
}

static void commitment_row(composer *cm, doc_block *t, const commitment_columns *cols, size_t index, long owner) {
  const commitment *k = &cm->c->commitments[index];
  doc_row *row = doc_table_row(t);
  row->key = doc_key("commitment", k->id.s);
  char number[STR_SIZE_MAX]; /* citation numbers follow the file */
  doc_cell_text(&row->cells[0], DOC_STYLE_TABLE, str_size(number, index + 1));
  promise_cell(cm, &row->cells[1], k, owner);
  buf value;
  buf_init(&value);
  for (size_t c = 0; c < cols->n; c++) {
    buf_reset(&value);
    doc_cell *cell = &row->cells[2 + c];
    bool (*text)(const composer *, const commitment *, buf *) = commitment_fields[cols->field[c]].text;
    if (text(cm, k, &value)) doc_cell_text(cell, DOC_STYLE_TABLE, value.data);
    buf_reset(&value);
    if (text == measure_text && target_text(cm, k, &value)) cell_line(cm, cell, "field.target", value.data);
  }
  buf_free(&value);
  details_row(cm, t, k);
}

static bool has_commitments(const composer *cm) { return cm->c->n_commitments > 0; }

/* How many parties a commitment binds, as listed (none for a general
 * one; one slot for a missing party, only in --draft). */
static size_t n_bound(const commitment *k) { return is_general(k) ? 0 : k->parties.n ? k->parties.n : 1; }

/* The table the j-th party of k goes in: the party's index; n_parties for
 * an id the contract does not define or a missing party (only in
 * --draft); SIZE_MAX for a party named before in the list (listed once). */
static size_t bound_slot(const contract *c, const commitment *k, size_t j) {
  const mtext *id = k->parties.n ? &k->parties.items[j] : &k->party;
  for (size_t e = 0; k->parties.n && e < j; e++)
    if (k->parties.items[e].s && id->s && strcmp(k->parties.items[e].s, id->s) == 0) return SIZE_MAX;
  long p = id->s ? model_party_index(c, id->s) : -1;
  return p < 0 ? c->n_parties : (size_t)p;
}

/* Per party a table of the commitments that bind it (a joint one under
 * each of its parties, marked), then the general commitments apart; all
 * tables of one shape. Grouped through one counting pass (no party x
 * commitment loop): start[p] .. start[p+1] index into order. */
static void commitments_annex(composer *cm) {
  const contract *c = cm->c;
  size_t np = c->n_parties, n_bind = 0;
  size_t *start = xcalloc(np + 2, sizeof *start);
  for (size_t i = 0; i < c->n_commitments; i++)
    for (size_t j = 0, slot; j < n_bound(&c->commitments[i]); j++)
      if ((slot = bound_slot(c, &c->commitments[i], j)) != SIZE_MAX) start[slot + 1]++, n_bind++;
  for (size_t p = 0; p <= np; p++) start[p + 1] += start[p];
  size_t *order = xmalloc((n_bind ? n_bind : 1) * sizeof *order);
  size_t *fill = xmalloc((np + 1) * sizeof *fill);
  memcpy(fill, start, (np + 1) * sizeof *fill);
  for (size_t i = 0; i < c->n_commitments; i++)
    for (size_t j = 0, slot; j < n_bound(&c->commitments[i]); j++)
      if ((slot = bound_slot(c, &c->commitments[i], j)) != SIZE_MAX) order[fill[slot]++] = i;

  commitment_columns cols;
  choose_columns(cm, &cols);
  const char **head = xmalloc((2 + cols.n) * sizeof *head);
  head[0] = L(cm, "field.number");
  head[1] = L(cm, "field.commitment");
  for (size_t k = 0; k < cols.n; k++) head[2 + k] = L(cm, commitment_fields[cols.field[k]].label);
  unsigned group = doc_group(cm->d, NULL);
  for (size_t p = 0; p <= np; p++) {
    if (start[p] == start[p + 1]) continue;
    /* commitments of unknown parties (only in --draft) come last, under
     * their party id */
    const char *who = p < np ? c->parties[p].id.s : c->commitments[order[start[p]]].party.s;
    heading(cm, 2, p < np ? T(&c->parties[p].name) : T(&c->commitments[order[start[p]]].party))->key =
        doc_key("commitments-heading", who);
    doc_block *t = doc_table(cm->d, 2 + cols.n, 1);
    t->group = (unsigned short)group;
    t->key = doc_key("commitments", who);
    header_row(t, head);
    for (size_t j = start[p]; j < start[p + 1]; j++) commitment_row(cm, t, &cols, order[j], p < np ? (long)p : -1);
  }
  /* general commitments: the challenge's column names who commits */
  doc_block *t = NULL;
  for (size_t i = 0; i < c->n_commitments; i++) {
    if (!is_general(&c->commitments[i])) continue;
    if (!t) {
      heading(cm, 2, L(cm, "heading.general"))->key = doc_key("commitments-heading", "");
      for (size_t k = 0; k < cols.n; k++)
        if (commitment_fields[cols.field[k]].text == challenge_text) head[2 + k] = L(cm, "field.party");
      t = doc_table(cm->d, 2 + cols.n, 1);
      t->group = (unsigned short)group;
      t->key = doc_key("commitments", "");
      header_row(t, head);
    }
    commitment_row(cm, t, &cols, i, -1);
  }
  free(head);
  free(start);
  free(order);
  free(fill);
}

/* ---- the role matrix ---- */

static void matrix_tables(composer *cm, const role_matrix *m, size_t chunk) {
  const contract *c = cm->c;
  bool titled = c->n_challenges <= MATRIX_TITLED_MAX;
  unsigned group = doc_group(cm->d, NULL);
  doc_block *t = NULL;
  for (size_t from = 0; from < c->n_challenges; from += chunk) {
    size_t to = from + chunk < c->n_challenges ? from + chunk : c->n_challenges;
    t = doc_table(cm->d, 1 + (to - from), 1);
    t->group = (unsigned short)group;
    doc_row *h = doc_table_row(t);
    doc_cell_text(&h->cells[0], DOC_STYLE_TABLE_HEAD, L(cm, "field.party"));
    for (size_t ch = from; ch < to; ch++) {
      char num[STR_SIZE_MAX];
      doc_cell_text(&h->cells[1 + ch - from], DOC_STYLE_TABLE_HEAD,
                    titled ? T(&c->challenges[ch].title) : str_size(num, ch + 1));
      h->cells[1 + ch - from].align = DOC_ALIGN_CENTER;
    }
    for (size_t p = 0; p < c->n_parties; p++) {
      /* a party only beside the challenges where it holds a role: each
       * is listed at least once (party-without-role is an error), a
       * matrix of one table lists them all, and a wide matrix does not
       * repeat a row of dashes per party in every table, which with many
       * parties each playing a part in a few would be nearly all of it */
      if (!role_matrix_holds_in(m, p, from, to)) continue;
      doc_row *row = doc_table_row(t);
      row->key = doc_key("party", c->parties[p].id.s);
      doc_cell_text(&row->cells[0], DOC_STYLE_TABLE, T(&c->parties[p].name));
      for (size_t ch = from; ch < to; ch++) {
        char *roles = role_matrix_cell_text(m, c, p, ch, "role-abbr", ", ");
        doc_cell_text(&row->cells[1 + ch - from], DOC_STYLE_TABLE, roles); /* empty: a dash */
        free(roles);
        row->cells[1 + ch - from].align = DOC_ALIGN_CENTER;
      }
    }
  }
  if (t) t->keep_with_next = true; /* with its legend */
}

/* "K = Kadersteller, H = Handhaver, ..." and, with numbered columns,
 * "1 = title; 2 = title". */
static void matrix_legend(composer *cm, size_t chunk) {
  doc_block *b = para(cm, DOC_STYLE_LEGEND, NULL);
  doc_add_run(b, L(cm, "heading.legend"), RUN_BOLD, NULL);
  doc_add_run(b, ": ", RUN_BOLD, NULL);
  char *roles = role_matrix_legend(cm->c, ", ");
  doc_add_run(b, roles, 0, NULL);
  free(roles);
  if (cm->c->n_challenges > MATRIX_TITLED_MAX) {
    buf s;
    buf_init(&s);
    for (size_t ch = 0; ch < cm->c->n_challenges; ch++) {
      char num[STR_SIZE_MAX];
      if (ch) buf_adds(&s, "; ");
      buf_adds(&s, str_size(num, ch + 1));
      buf_adds(&s, " = ");
      buf_adds(&s, T(&cm->c->challenges[ch].title));
    }
    doc_add_run(b, NULL, RUN_BREAK, NULL);
    doc_add_run(b, s.data, 0, NULL);
    buf_free(&s);
  }
  if (cm->c->n_challenges > chunk) { /* more than one table: say which rows each has */
    doc_add_run(b, NULL, RUN_BREAK, NULL);
    doc_add_run(b, L(cm, "text.matrix-rows"), 0, NULL);
  }
}

/* Parties x roles: a check mark where the party holds the role anywhere. */
static void matrix_summary(composer *cm, const role_matrix *m) {
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
    row->key = doc_key("party", c->parties[p].id.s);
    doc_cell_text(&row->cells[0], DOC_STYLE_TABLE, T(&c->parties[p].name));
    for (size_t r = 0; r < cm->p->n_roles; r++) {
      if (role_matrix_holds_role(m, p, r)) doc_cell_text(&row->cells[1 + r], DOC_STYLE_TABLE, "\xE2\x9C\x93");
      row->cells[1 + r].align = DOC_ALIGN_CENTER;
    }
  }
}

static bool has_matrix(const composer *cm) {
  return cm->p && cm->c->n_parties > 0 && cm->c->n_challenges > 0;
}

static void matrix_content(composer *cm, bool landscape) {
  role_matrix *m = role_matrix_build(cm->c);
  if (!m) return;
  const char *intro = L(cm, "text.matrix-intro");
  if (intro && *intro && strcmp(intro, "text.matrix-intro") != 0) caption(cm, intro);
  size_t chunk = landscape ? MATRIX_CHUNK_LANDSCAPE : MATRIX_CHUNK_PORTRAIT;
  matrix_tables(cm, m, chunk);
  matrix_legend(cm, chunk);
  matrix_summary(cm, m);
  compose_commitment_counts(cm->d, cm->c);
  role_matrix_free(m);
}

static void matrix_annex(composer *cm) { matrix_content(cm, false); }

/* ---- evaluation, schuurpapier ---- */

static void date_row(const composer *cm, doc_block *t, const char *label, const mtext *date, const char *id) {
  doc_row *row = doc_table_row(t);
  row->key = doc_key("date", id);
  doc_cell_text(&row->cells[0], DOC_STYLE_TABLE, label);
  char *text = D(cm, date);
  doc_cell_text(&row->cells[1], DOC_STYLE_TABLE, text);
  free(text);
}

static bool has_evaluation(const composer *cm) { return true; }

static void evaluation_annex(composer *cm) {
  const contract *c = cm->c;
  doc_block *t = doc_table(cm->d, 2, 0);
  t->key = doc_key("dates", "");
  date_row(cm, t, L(cm, "text.period-start"), &c->period_start, "period.start");
  date_row(cm, t, L(cm, "text.period-end"), &c->period_end, "period.end");
  for (size_t i = 0; i < c->evaluations.n; i++) {
    char *label = c->evaluations.n > 1 ? xasprintf("%s %zu", L(cm, "text.evaluation-moment"), i + 1)
                                       : xstrdup(L(cm, "text.evaluation-moment"));
    char *id = xasprintf("evaluations.%zu", i + 1); /* as the body's variables name it */
    date_row(cm, t, label, &c->evaluations.items[i], id);
    free(id);
    free(label);
  }
}

static bool has_schuurpapier(const composer *cm) { return cm->c->n_schuurpapier > 0 && cm->p; }

static void schuurpapier_annex(composer *cm) {
  const contract *c = cm->c;
  /* profile order; the profile has a handful of axes */
  for (size_t a = 0; a < cm->p->n_axes; a++) {
    const char *axis = cm->p->axes[a];
    for (size_t i = 0; i < c->n_schuurpapier; i++) {
      const axis_entry *e = &c->schuurpapier[i];
      if (!e->key.s || strcmp(e->key.s, axis) != 0) continue;
      heading(cm, 2, L2(cm, "axis", axis));
      doc_block *q = para(cm, DOC_STYLE_BODY, NULL);
      q->keep_with_next = true;
      doc_add_run(q, L2(cm, "axis-question", axis), RUN_ITALIC, NULL);
      doc_text_paras(cm->d, DOC_STYLE_BODY, e->value.s);
      break;
    }
  }
}

/* The annexes in their order (spec section 6): the title's label, whether
 * the contract has anything for it, what it holds under its heading. Each
 * is numbered and starts a page; the signature page lists those present
 * as part of the contract. A new annex is one more row. */
typedef struct {
  const char *title;
  bool (*present)(const composer *cm);
  void (*compose)(composer *cm);
} annex;

static const annex annexes[] = {
    {"heading.challenges", has_challenges, challenges_annex},
    {"heading.commitments", has_commitments, commitments_annex},
    {"heading.finance", compose_has_finance, compose_finance_annex},
    {"heading.reports", compose_has_reports, compose_reports_annex},
    {"heading.matrix", has_matrix, matrix_annex},
    {"heading.evaluation", has_evaluation, evaluation_annex},
    {"heading.schuurpapier", has_schuurpapier, schuurpapier_annex},
    {"heading.amendments", compose_has_amendments, compose_amendments_annex},
};

enum { N_ANNEXES = sizeof annexes / sizeof annexes[0] };

/* "Bijlage 3" */
static char *annex_number(const composer *cm, size_t n) { return xasprintf("%s %zu", L(cm, "heading.annex"), n); }

/* The annexes present, by index into annexes; returns how many. */
static size_t present_annexes(const composer *cm, size_t *which) {
  size_t n = 0;
  for (size_t i = 0; i < N_ANNEXES; i++)
    if (annexes[i].present(cm)) which[n++] = i;
  return n;
}

static void annex_section(composer *cm, const annex *a, size_t number) {
  doc_append(cm->d, DOC_PAGE_BREAK);
  doc_block *h = heading(cm, 1, L(cm, a->title));
  h->number = annex_number(cm, number);
  a->compose(cm);
}

/* "De volgende bijlagen maken deel uit van dit contract:" and a list of
 * them: what the parties sign includes the annexes. */
static void annexes_declaration(composer *cm, const size_t *which, size_t n) {
  if (n == 0) return;
  para(cm, DOC_STYLE_BODY, L(cm, "text.annexes"));
  doc_block *list = doc_append(cm->d, DOC_LIST);
  list->flags = DOC_LIST_TIGHT;
  for (size_t i = 0; i < n; i++) {
    doc_item *it = doc_list_item(list);
    doc_block *b = doc_push_block(&it->blocks, &it->n_blocks, DOC_PARAGRAPH);
    b->style = DOC_STYLE_BODY;
    char *number = annex_number(cm, i + 1);
    char *text = xasprintf("%s: %s", number, L(cm, annexes[which[i]].title));
    doc_add_run(b, text, 0, NULL);
    free(text);
    free(number);
  }
}

/* "Aldus overeengekomen en in 3-voud ondertekend.": one original per
 * party. */
static void closing_formula(composer *cm) {
  const char *formula = L(cm, "text.closing");
  const char *at = strstr(formula, "{n}");
  buf s;
  buf_init(&s);
  if (at) {
    buf_add(&s, formula, (size_t)(at - formula));
    buf_printf(&s, "%zu", cm->c->n_parties);
    buf_adds(&s, at + 3);
  } else {
    buf_adds(&s, formula);
  }
  para(cm, DOC_STYLE_BODY, s.data)->keep_with_next = true;
  buf_free(&s);
}

/* ---- signatures ---- */

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

/* b, marked as showing part kind of signatory who ("gemeente/1"). */
static doc_block *keyed(doc_block *b, const char *kind, const char *who) {
  b->key = doc_key(kind, who);
  return b;
}

static void signature_block(composer *cm, const party *pt, size_t nth, const signature *s) {
  const signatory *sg = &pt->signatories[nth];
  const char *blank = "______________________________";
  char *who = NULL;
  if (pt->id.s) {
    char num[STR_SIZE_MAX];
    buf w;
    buf_init(&w);
    buf_adds(&w, pt->id.s);
    buf_addc(&w, '/');
    buf_adds(&w, str_size(num, nth + 1));
    who = buf_detach(&w);
  }
  doc_block *b = keyed(para(cm, DOC_STYLE_SIGNATURE, NULL), "sign-for", who);
  doc_add_run(b, L(cm, "text.for"), RUN_BOLD, NULL); /* the three join in one run */
  doc_add_run(b, " ", RUN_BOLD, NULL);
  doc_add_run(b, T(&pt->name), RUN_BOLD, NULL);
  b->keep_with_next = true;
  bool own = mtext_nonempty(&sg->function);
  const char *function = own ? sg->function.s : (s ? T(&s->function) : "");
  bool office = holds_office(cm, function) || (s && holds_office(cm, s->function.s));
  keyed(field_para(cm, DOC_STYLE_SIGNATURE, L(cm, "field.name"), shown(cm, PUBLIC_SIGNATORY_NAME, T(&sg->name), office)),
        "sign-name", who)
      ->keep_with_next = true;
  function = shown(cm, own ? PUBLIC_SIGNATORY_FUNCTION : PUBLIC_SIGNATURE_FUNCTION, function, office);
  keyed(field_para(cm, DOC_STYLE_SIGNATURE, L(cm, "field.function"), function), "sign-function", who)
      ->keep_with_next = true;
  const char *place = s && mtext_nonempty(&s->place) ? s->place.s : blank;
  keyed(field_para(cm, DOC_STYLE_SIGNATURE, L(cm, "field.place"), place), "sign-place", who)->keep_with_next = true;
  char *date = s && mtext_nonempty(&s->date) ? D(cm, &s->date) : xstrdup(blank);
  keyed(field_para(cm, DOC_STYLE_SIGNATURE, L(cm, "field.date"), date), "sign-date", who)->keep_with_next = true;
  free(date);
  doc_block *sl = keyed(para(cm, DOC_STYLE_SIGN_LINE, NULL), "sign-line", who);
  doc_add_run(sl, L(cm, "field.signature"), 0, NULL);
  doc_add_run(sl, ": ", 0, NULL);
  doc_add_run(sl, blank, 0, NULL);
  free(who);
}

/* The signature page: the annexes declared part of the contract, the
 * closing formula, a block per signatory. */
static void signatures_section(composer *cm, const size_t *annexes_present, size_t n_annexes) {
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
  annexes_declaration(cm, annexes_present, n_annexes);
  closing_formula(cm);
  for (size_t p = 0; p < np; p++) {
    const party *pt = &c->parties[p];
    for (size_t i = 0; i < pt->n_signatories; i++)
      signature_block(cm, pt, i, find_signature(c, start, order, p, &pt->signatories[i]));
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
  if (m->public_version && m->label_public) buf_printf(&lead, "%s" FOOTER_SEP, m->label_public);
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

/* Spec section 6: title block, parties, articles, the signature page,
 * the annexes. */
static doc *contract_doc(const contract *c, bool draft, bool release, bool public_version) {
  composer cm;
  doc *d = start(&cm, c, draft);
  cm.release = release;
  d->meta.made_as = "contract";
  public_values personal = {0};
  if (public_version) {
    cm.pub = &cm.p->public_rules;
    public_values_collect(c, cm.pub, &personal);
    d->meta.public_version = true;
    d->meta.label_public = xstrdup(L(&cm, "public.footer"));
  }
  title_block(&cm);
  parties_section(&cm);
  body_section(&cm);
  size_t which[N_ANNEXES];
  size_t n = present_annexes(&cm, which);
  signatures_section(&cm, which, n);
  for (size_t i = 0; i < n; i++) annex_section(&cm, &annexes[which[i]], i + 1);
  if (public_version) {
    /* what the fields' marks did not cover: the same values and the
     * personal data the profile's patterns find, wherever they stand */
    public_redact_doc(d, cm.pub, &personal);
    public_values_free(&personal);
  }
  doc_finish(d);
  return d;
}

doc *compose_contract(const contract *c, bool draft) { return contract_doc(c, draft, false, false); }

void compose_mark_errors(doc *d) {
  free(d->meta.label_draft);
  d->meta.label_draft = xstrdup(profile_label(d->profile, d->meta.language, "text.draft-errors"));
  d->meta.draft = true;
}

doc *compose_contract_releasing(contract *c, bool draft) { return contract_doc(c, draft, true, false); }

bool compose_public_possible(const contract *c) {
  const profile *p = c->profile ? c->profile : profile_get(profile_default_id());
  return p && p->public_rules.present;
}

doc *compose_contract_public(const contract *c, bool draft, bool release) {
  if (!compose_public_possible(c)) return NULL;
  return contract_doc(c, draft, release, true);
}

doc *compose_matrix(const contract *c) {
  composer cm;
  doc *d = start(&cm, c, false);
  d->meta.draft = false; /* an overview, not a document to sign */
  d->meta.landscape = true;
  d->meta.made_as = "matrix";
  para(&cm, DOC_STYLE_SUBTITLE, d->meta.kind_label);
  para(&cm, DOC_STYLE_TITLE, T(&c->title));
  if (c->area.s) para(&cm, DOC_STYLE_SUBTITLE, c->area.s);
  if (has_matrix(&cm)) {
    heading(&cm, 1, L(&cm, "heading.matrix"));
    matrix_content(&cm, true);
  }
  doc_finish(d);
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
