/* test_compose.c - the composed document: article numbers of the body,
 * every table cell with a paragraph, runs without line ends, links and
 * variables, metadata, commitments grouped per party, signature blocks
 * that keep together, column layout. */
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "diag.h"
#include "doc.h"
#include "model.h"
#include "unit.h"
#include "writers.h"

static const char FRONT[] =
    "---\n"
    "title: Test\n"
    "area: Wijk\n"
    "version: \"1\"\n"
    "status: concept\n"
    "period: {start: 2026-01-01, end: 2026-12-31}\n"
    "evaluations: [2026-06-01]\n"
    "parties:\n"
    "  - {id: gem, name: Gemeente, short: de Gemeente, type: overheid,\n"
    "     signatory: {name: A, function: wethouder}}\n"
    "  - id: bew\n"
    "    name: Bewoners\n"
    "    type: initiatief\n"
    "    mission: Samen.\n"
    "    signatory: [{name: B, function: voorzitter}, {name: C, function: lid}]\n"
    "challenges:\n"
    "  - id: groen\n"
    "    title: Groen\n"
    "    roles: {kadersteller: gem, facilitator: gem, uitvoerder: bew}\n"
    "  - id: leeg\n"
    "    title: Leeg\n"
    "    roles: {kadersteller: gem, facilitator: [gem, bew]}\n"
    "commitments:\n"
    "  - {id: c1, party: bew, challenge: groen, text: \"Eerste\\nregel\", impact: I, due: 2026-02-01}\n"
    "  - {id: c2, party: gem, challenge: groen, text: Twee, impact: I, recurrence: wekelijks}\n"
    "  - {id: c3, party: bew, challenge: leeg, text: Drie, impact: I, obligation: resultaat,\n"
    "     measure: M, due: 2026-03-01, recurrence: daarna maandelijks}\n"
    "---\n";

static const char BODY[] =
    "# Doel\n\ntekst {{ parties.gem.short }} en {{ onbekend }}\n\n"
    "## Eerste\n\n## Tweede\n\n### Diep\n\n# Evaluatie\n\n> # In citaat\n\n"
    "## Sub\n\n# Geschillen\n\n# Beëindiging\n";

static contract *load(const char *body) {
  buf b;
  buf_init(&b);
  buf_adds(&b, FRONT);
  buf_adds(&b, body);
  diag_list dl;
  diag_list_init(&dl, "test.md");
  contract *c = model_load_buffer("test.md", b.data, b.len, &dl);
  diag_list_free(&dl);
  buf_free(&b);
  return c;
}

/* Concatenated text of a block's runs ("\n" for breaks). */
static char *runs_text(const doc_block *b) {
  buf s;
  buf_init(&s);
  for (size_t i = 0; i < b->n_runs; i++) buf_adds(&s, b->runs[i].text ? b->runs[i].text : "\n");
  return buf_detach(&s);
}

static const doc_block *find_heading(const doc *d, const char *text) {
  for (size_t i = 0; i < d->n_blocks; i++) {
    if (d->blocks[i].kind != DOC_HEADING) continue;
    char *t = runs_text(&d->blocks[i]);
    bool eq = strcmp(t, text) == 0;
    free(t);
    if (eq) return &d->blocks[i];
  }
  return NULL;
}

/* A heading of the body by its text, in the text or in a quote. */
static const doc_block *body_heading(const doc *d, const char *text) {
  const doc_block *h = find_heading(d, text);
  for (size_t i = 0; i < d->n_blocks && !h; i++) {
    const doc_block *q = &d->blocks[i];
    if (q->kind != DOC_QUOTE) continue;
    for (size_t k = 0; k < q->n_children && !h; k++) {
      if (q->children[k].kind != DOC_HEADING) continue;
      char *t = runs_text(&q->children[k]);
      if (strcmp(t, text) == 0) h = &q->children[k];
      free(t);
    }
  }
  return h;
}

static void test_numbering(const doc *d) {
  const char *want[][2] = {{"Doel", "Artikel 1"}, {"Eerste", "1.1"}, {"Tweede", "1.2"}, {"Diep", NULL},
                           {"Evaluatie", "Artikel 2"}, {"In citaat", NULL}, {"Sub", "2.1"},
                           {"Geschillen", "Artikel 3"}, {"Beëindiging", "Artikel 4"}};
  for (size_t i = 0; i < ARRAY_LEN(want); i++) {
    const doc_block *h = body_heading(d, want[i][0]);
    CHECK(h != NULL);
    if (!h) continue;
    if (want[i][1]) CHECK_STR(h->number, want[i][1]);
    else CHECK(h->number == NULL);
  }
}

static void test_cells(const doc *d) {
  size_t tables = 0, cells = 0, empty = 0;
  for (size_t i = 0; i < d->n_blocks; i++) {
    const doc_block *t = &d->blocks[i];
    if (t->kind != DOC_TABLE) continue;
    tables++;
    double sum = 0;
    for (size_t c = 0; c < t->n_cols; c++) sum += t->col_widths[c];
    CHECK(sum > 0.999 && sum < 1.001);
    for (size_t r = 0; r < t->n_rows; r++) {
      CHECK_INT(t->rows[r].n_cells, t->n_cols);
      for (size_t c = 0; c < t->rows[r].n_cells; c++) {
        cells++;
        if (t->rows[r].cells[c].n_blocks == 0) empty++;
      }
    }
  }
  CHECK(tables >= 6); /* 2 role tables, 2 commitment tables, matrix, summary, dates */
  CHECK(cells > 40);
  /* the matrix's empty cells hold no paragraph (the writers give them
   * one): no allocation for most of a large matrix */
  CHECK(empty > 0 && empty < cells);
}

static void test_runs(void) {
  doc_block b = {0};
  doc_add_run(&b, "een\r\ntwee\nd\rrie", RUN_BOLD, NULL);
  CHECK_INT(b.n_runs, 5);
  CHECK_STR(b.runs[0].text, "een");
  CHECK(b.runs[1].flags & RUN_BREAK);
  CHECK_STR(b.runs[2].text, "twee");
  CHECK_STR(b.runs[4].text, "drie");
  CHECK(b.runs[4].flags & RUN_BOLD);
  for (size_t i = 0; i < b.n_runs; i++) {
    CHECK(!b.runs[i].text || !strpbrk(b.runs[i].text, "\r\n"));
    free(b.runs[i].text);
    free(b.runs[i].href);
  }
  free(b.runs);
}

static void test_expand(const doc *d) {
  buf out;
  buf_init(&out);
  /* a paragraph of its own: the node doc_expand_text is given */
  const char *md = "voor {{ parties.gem.short }}, {{title}} en {{ onbekend }}!";
  cmark_node *doc_node = cmark_parse_document(md, strlen(md), 0);
  cmark_node *text = cmark_node_first_child(cmark_node_first_child(doc_node));
  doc_expand_text(d, text, &out);
  CHECK_STR(out.data, "voor de Gemeente, Test en {{ onbekend }}!");
  cmark_node_free(doc_node);
  /* at the start of the paragraph the value is capitalised */
  buf_reset(&out);
  md = "{{ parties.gem.short }} zorgt.";
  doc_node = cmark_parse_document(md, strlen(md), 0);
  doc_expand_text(d, cmark_node_first_child(cmark_node_first_child(doc_node)), &out);
  CHECK_STR(out.data, "De Gemeente zorgt.");
  cmark_node_free(doc_node);
  buf_free(&out);
}

static void test_meta(const doc *d, const contract *c) {
  CHECK_STR(d->meta.title, "Test");
  CHECK_INT(strlen(d->meta.short_fingerprint), 8);
  CHECK(strncmp(d->meta.short_fingerprint, c->fingerprint, 8) == 0);
  CHECK_STR(d->meta.fingerprint, c->fingerprint);
  CHECK(d->meta.draft);
  CHECK(!d->meta.landscape);
  CHECK_STR(d->meta.status_id, "concept");
  CHECK_STR(d->meta.generator, "wijkcontract " WK_VERSION);
  CHECK_STR(d->meta.language, "nl");
}

/* Commitments appear per party in party order, each party's in file order. */
static void test_grouping(const doc *d) {
  const doc_block *h_gem = find_heading(d, "Gemeente");
  const doc_block *h_bew = find_heading(d, "Bewoners");
  CHECK(h_gem && h_bew && h_gem < h_bew);
  if (!h_gem || !h_bew) return;
  const doc_block *t = h_bew + 1;
  CHECK(t->kind == DOC_TABLE);
  if (t->kind != DOC_TABLE) return;
  CHECK_INT(t->n_rows, 3); /* header + c1 + c3 */
  /* the citation number, from the file's order */
  char *number = runs_text(&t->rows[2].cells[0].blocks[0]);
  CHECK_STR(number, "3");
  free(number);
  char *first = runs_text(&t->rows[1].cells[1].blocks[0]);
  CHECK_STR(first, "Eerste\nregel");
  free(first);
  char *term = runs_text(&t->rows[2].cells[t->n_cols - 1].blocks[0]);
  CHECK_STR(term, "1 maart 2026; daarna maandelijks");
  free(term);
  /* the obligation kind under the promise */
  CHECK_INT(t->rows[2].cells[1].n_blocks, 2);
  /* columns as present: no commitment has beneficiaries or resources, so
   * none is shown (nr, promise, challenge, impact, measure, term); c1 has
   * no measure: its cell is empty and shows a dash (doc_cell) */
  CHECK_INT(t->n_cols, 6);
  CHECK_INT(t->rows[1].cells[4].n_blocks, 0);
  /* the tables of all parties share their widths */
  const doc_block *t_gem = h_gem + 1;
  CHECK(t_gem->kind == DOC_TABLE && t_gem->group == t->group && t->group != 0);
  for (size_t c = 0; t_gem->kind == DOC_TABLE && c < t->n_cols; c++) CHECK(t_gem->col_widths[c] == t->col_widths[c]);
}

/* Spec section 6: articles, the signature page with the annexes declared
 * part of the contract and the closing formula, then numbered annexes,
 * each on a page of its own. */
static void test_order(const doc *d) {
  const doc_block *sig = find_heading(d, "Ondertekening");
  const doc_block *art = find_heading(d, "Beëindiging");
  CHECK(sig && art && art < sig);
  if (!sig) return;
  CHECK(sig[-1].kind == DOC_PAGE_BREAK);
  char *declared = runs_text(&sig[1]);
  CHECK_STR(declared, "De volgende bijlagen maken deel uit van dit contract:");
  free(declared);
  /* the contract has no schuurpapier: four annexes */
  CHECK(sig[2].kind == DOC_LIST && sig[2].n_items == 4);
  CHECK(find_heading(d, "Schuurpapier") == NULL);
  char *first = sig[2].kind == DOC_LIST ? runs_text(&sig[2].items[0].blocks[0]) : NULL;
  CHECK_STR(first, "Bijlage 1: Maatschappelijke opgaven en rollen");
  free(first);
  char *formula = runs_text(&sig[3]);
  CHECK_STR(formula, "Aldus overeengekomen en in 2-voud ondertekend.");
  free(formula);
  CHECK(sig[3].keep_with_next);
  const char *annexes[] = {"Maatschappelijke opgaven en rollen", "Afspraken", "Rollenmatrix",
                           "Evaluatie en looptijd"};
  const doc_block *prev = sig;
  for (size_t i = 0; i < ARRAY_LEN(annexes); i++) {
    const doc_block *h = find_heading(d, annexes[i]);
    CHECK(h && h > prev && h[-1].kind == DOC_PAGE_BREAK && h->level == 1);
    if (!h) continue;
    char *want = xasprintf("Bijlage %zu", i + 1);
    CHECK_STR(h->number, want);
    free(want);
    prev = h;
  }
}

static void test_signatures(const doc *d) {
  /* three signatories: each block is six paragraphs, the first five keep
   * with the next, the sixth (the line) ends the block */
  const doc_block *h = find_heading(d, "Ondertekening");
  CHECK(h != NULL);
  if (!h) return;
  size_t kept = 0, ends = 0;
  const doc_block *formula = h + 3; /* after the annexes' list (test_order) */
  for (const doc_block *b = formula + 1; b < d->blocks + d->n_blocks && b->kind != DOC_PAGE_BREAK; b++) {
    if (b->style == DOC_STYLE_SIGN_LINE) {
      CHECK(!b->keep_with_next);
      ends++;
    } else if (b->kind == DOC_PARAGRAPH && b->keep_with_next) {
      kept++;
    }
  }
  CHECK_INT(ends, 3);
  CHECK_INT(kept, 15);
}

static void test_layout(void) {
  double minw[] = {10, 10, 30}, maxw[] = {12, 80, 60}, wt[] = {10, 500, 100}, w[3];
  doc_layout_columns(minw, maxw, wt, 3, 100, w);
  CHECK(w[0] * 100 >= 9.99 && w[0] * 100 <= 12.01); /* short column: its text */
  CHECK(w[2] * 100 >= 29.99);                       /* longest word fits */
  CHECK(w[1] > w[2]);                               /* most text, most room */
  CHECK(w[0] + w[1] + w[2] > 0.999 && w[0] + w[1] + w[2] < 1.001);
  double m2[] = {5, 5}, x2[] = {10, 20}, t2[] = {1, 1};
  doc_layout_columns(m2, x2, t2, 2, 100, w); /* fits on a line: by length */
  CHECK(w[0] > 0.33 && w[0] < 0.34);
}

static void test_matrix(const contract *c) {
  doc *m = compose_matrix(c);
  CHECK(m->meta.landscape);
  CHECK(!m->meta.draft);
  const doc_block *t = NULL;
  for (size_t i = 0; i < m->n_blocks && !t; i++)
    if (m->blocks[i].kind == DOC_TABLE) t = &m->blocks[i];
  CHECK(t != NULL);
  if (t) {
    CHECK_INT(t->n_cols, 3); /* party + 2 challenges */
    CHECK_INT(t->n_rows, 3); /* header + 2 parties */
    char *cell = runs_text(&t->rows[1].cells[1].blocks[0]);
    CHECK_STR(cell, "K, F");
    free(cell);
    char *cell2 = runs_text(&t->rows[2].cells[2].blocks[0]);
    CHECK_STR(cell2, "F");
    free(cell2);
  }
  doc_free(m);
}


/* A Dutch document of the Markdown md, typeset; *root is the caller's. */
static doc *typeset_nl(const char *md, cmark_node **root) {
  cmark_gfm_core_extensions_ensure_registered();
  *root = cmark_parse_document(md, strlen(md), 0);
  doc *d = xcalloc(1, sizeof *d);
  d->meta.language = xstrdup("nl");
  compose_markdown(d, *root, NULL, false);
  doc_finish(d);
  return d;
}

/* Straight quotes become typographic ones; code keeps them. */
static void test_quotes(void) {
  cmark_node *root;
  doc *d = typeset_nl("Zij zei \"ja\" en 'nee', zo'n 'ding' ('s avonds, '26).\n\n`code \"blijft\"`\n", &root);
  char *t = runs_text(&d->blocks[0]);
  CHECK_STR(t, "Zij zei \xE2\x80\x9Cja\xE2\x80\x9D en \xE2\x80\x98nee\xE2\x80\x99, zo\xE2\x80\x99n \xE2\x80\x98" "ding\xE2\x80\x99 "
               "(\xE2\x80\x99s avonds, \xE2\x80\x99" "26).");
  free(t);
  char *code = runs_text(&d->blocks[1]);
  CHECK_STR(code, "code \"blijft\"");
  free(code);
  doc_free(d);
  cmark_node_free(root);
}

/* A currency stays on the line of its amount: the blank after it becomes
 * a no-break space; a word that only looks like one does not. */
static void test_amounts(void) {
  cmark_node *root;
  doc *d = typeset_nl("Bijdrage EUR 45.000 en (totaal \xE2\x82\xAC 90.000), CHF 12 maar XYZ 3 en in 2026 is `EUR 1` code.\n", &root);
  char *t = runs_text(&d->blocks[0]);
  CHECK_STR(t, "Bijdrage EUR\xC2\xA0" "45.000 en (totaal \xE2\x82\xAC\xC2\xA0" "90.000), CHF\xC2\xA0" "12 maar XYZ 3 en in 2026 is EUR 1 code.");
  free(t);
  doc_free(d);
  cmark_node_free(root);
}

/* Composing while freeing the Markdown (a build) makes the same document
 * as composing it whole, and leaves only footnote definitions a reference
 * never placed. */
static void test_release(void) {
  static const char body[] =
      "# Doel\n\nTekst[^1] met een [link](https://example.org/) en `code`.\n\n"
      "| a | b |\n|---|--:|\n| 1 | 2 |\n| 3 |\n\n"
      "- een\n  - twee\n\n    | x | y |\n    |---|---|\n    | p | q |\n\n1. drie\n\n"
      "> citaat\n>\n> > dieper[^2]\n\n---\n\n<div>html</div>\n\n    blok\n\n"
      "[^1]: Noot met een tweede verwijzing[^2].\n[^2]: Tweede noot.\n[^3]: Nooit genoemd.\n";
  contract *kept = load(body), *freed = load(body);
  CHECK(kept && kept->body && freed && freed->body);
  if (!kept || !kept->body || !freed || !freed->body) {
    model_free(kept);
    model_free(freed);
    return;
  }
  doc *a = compose_contract(kept, false), *b = compose_contract_releasing(freed, false);
  buf pa, pb;
  buf_init(&pa);
  buf_init(&pb);
  char *err = NULL;
  CHECK_INT(odt_write(a, NULL, &pa, &err), 0);
  CHECK_INT(odt_write(b, NULL, &pb, &err), 0);
  CHECK(pa.len > 0 && pa.len == pb.len && memcmp(pa.data, pb.data, pa.len) == 0);
  size_t left = 0, defs = 0;
  for (cmark_node *n = cmark_node_first_child(freed->body); n; n = cmark_node_next(n), left++)
    defs += cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION;
  CHECK(left == defs && left <= 3);
  CHECK(cmark_node_first_child(kept->body) != NULL);
  buf_free(&pa);
  buf_free(&pb);
  doc_free(a);
  doc_free(b);
  model_free(kept);
  model_free(freed);
}

int main(void) {
  setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  test_release();
  contract *c = load(BODY);
  CHECK(c != NULL && c->body != NULL);
  if (!c || !c->body) return unit_finish();
  doc *d = compose_contract(c, false);
  test_numbering(d);
  test_cells(d);
  test_runs();
  test_expand(d);
  test_meta(d, c);
  test_grouping(d);
  test_order(d);
  test_signatures(d);
  test_layout();
  test_matrix(c);
  test_quotes();
  test_amounts();
  doc_free(d);
  model_free(c);
  return unit_finish();
}
