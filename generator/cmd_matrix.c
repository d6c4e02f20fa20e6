/* cmd_matrix.c - the `matrix` command: the role matrix alone, as a text
 * table fitted to the terminal, CSV, a Markdown table, or a one-page ODT or
 * DOCX document. A contract with errors is refused, as `build` refuses it:
 * a matrix of a contract that does not check would show roles that are not
 * what the parties will sign. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "doc.h"
#include "i18n.h"
#include "model.h"
#include "profile.h"
#include "rolematrix.h"
#include "textout.h"
#include "util.h"
#include "workflow.h"

/* The matrix as strings: rows x cols cells, with row and column titles. */
typedef struct {
  const char *corner;    /* title of the row-label column */
  char **row_titles;
  char **col_titles;
  char **cells;          /* rows * cols; NULL for an empty cell (most are) */
  size_t rows, cols;
} grid;

static void grid_free(grid *g) {
  for (size_t i = 0; i < g->rows; i++) free(g->row_titles[i]);
  for (size_t j = 0; j < g->cols; j++) free(g->col_titles[j]);
  for (size_t k = 0; k < g->rows * g->cols; k++) free(g->cells[k]);
  free(g->row_titles);
  free(g->col_titles);
  free(g->cells);
}

static const char *cell_at(const grid *g, size_t i, size_t j) {
  const char *s = g->cells[i * g->cols + j];
  return s ? s : "";
}


/* Parties as rows, challenges as columns. */
static grid grid_build(const contract *c, const role_matrix *m, const char *group,
                       const char *sep) {
  grid g = {0};
  g.corner = profile_label(c->profile, model_language(c), "field.party");
  g.rows = c->n_parties;
  g.cols = c->n_challenges;
  g.row_titles = xcalloc(g.rows + 1, sizeof *g.row_titles);
  g.col_titles = xcalloc(g.cols + 1, sizeof *g.col_titles);
  g.cells = xcalloc(g.rows * g.cols + 1, sizeof *g.cells);
  for (size_t i = 0; i < g.rows; i++) g.row_titles[i] = mtext_dup(&c->parties[i].name);
  for (size_t j = 0; j < g.cols; j++) g.col_titles[j] = mtext_dup(&c->challenges[j].title);
  for (size_t i = 0; i < g.rows; i++)
    for (size_t j = 0; j < g.cols; j++) g.cells[i * g.cols + j] = role_matrix_cell_text(m, c, i, j, group, sep);
  return g;
}

/* Challenges as rows, parties as columns (for wide contracts with few
 * parties). Moves the strings of g into the result. */
static grid grid_transpose(grid *g, const char *corner) {
  grid t = {0};
  t.corner = corner;
  t.rows = g->cols;
  t.cols = g->rows;
  t.row_titles = g->col_titles;
  t.col_titles = g->row_titles;
  t.cells = xcalloc(t.rows * t.cols + 1, sizeof *t.cells);
  for (size_t i = 0; i < g->rows; i++)
    for (size_t j = 0; j < g->cols; j++) t.cells[j * t.cols + i] = g->cells[i * g->cols + j];
  free(g->cells);
  memset(g, 0, sizeof *g);
  return t;
}

static size_t str_cols(const char *s) { return textout_cols(s, strlen(s)); }

enum { GAP = 2, MAX_HEAD_LINES = 3 };

/* Lays g out in width columns: full column titles (wrapped to at most
 * MAX_HEAD_LINES lines) or, with numbered, "1", "2"... and a key below.
 * Returns false when it does not fit. */
static bool grid_text(const grid *g, size_t width, bool numbered, const char *key_head,
                      buf *out) {
  size_t natural = str_cols(g->corner);
  for (size_t i = 0; i < g->rows; i++)
    if (str_cols(g->row_titles[i]) > natural) natural = str_cols(g->row_titles[i]);
  /* the row titles first get a third of the width, the rest after the
   * columns have what they need */
  size_t label_cap = width / 3 > 12 ? width / 3 : 12;
  size_t label_w = natural > label_cap ? label_cap : natural;

  size_t *col_w = xcalloc(g->cols + 1, sizeof *col_w);
  size_t *min_w = xcalloc(g->cols + 1, sizeof *min_w);
  size_t total = label_w;
  for (size_t j = 0; j < g->cols; j++) {
    size_t cw = 1;
    for (size_t i = 0; i < g->rows; i++)
      if (str_cols(cell_at(g, i, j)) > cw) cw = str_cols(cell_at(g, i, j));
    char num[32];
    snprintf(num, sizeof num, "%zu", j + 1);
    size_t head = numbered ? strlen(num) : str_cols(g->col_titles[j]);
    min_w[j] = numbered ? (cw > head ? cw : head) : (cw > 6 ? cw : 6);
    col_w[j] = cw > head ? cw : head;
    total += GAP + col_w[j];
  }
  /* narrow the widest columns (their titles wrap) until the table fits */
  while (total > width) {
    size_t best = g->cols;
    for (size_t j = 0; j < g->cols; j++)
      if (col_w[j] > min_w[j] && (best == g->cols || col_w[j] > col_w[best])) best = j;
    if (best == g->cols) break;
    col_w[best]--;
    total--;
  }
  bool fits = total <= width;
  if (fits && label_w < natural) {
    size_t more = natural - label_w < width - total ? natural - label_w : width - total;
    label_w += more;
    total += more;
  }

  /* header lines per column */
  char ***heads = xcalloc(g->cols + 1, sizeof *heads);
  size_t *n_heads = xcalloc(g->cols + 1, sizeof *n_heads);
  size_t head_lines = 1;
  for (size_t j = 0; fits && j < g->cols; j++) {
    if (numbered) {
      heads[j] = xcalloc(1, sizeof **heads);
      heads[j][0] = xasprintf("%zu", j + 1);
      n_heads[j] = 1;
    } else {
      heads[j] = textout_lines(g->col_titles[j], strlen(g->col_titles[j]), col_w[j], &n_heads[j]);
    }
    if (n_heads[j] > head_lines) head_lines = n_heads[j];
  }
  if (head_lines > MAX_HEAD_LINES) fits = false;

  if (fits) {
    /* header: titles bottom-aligned, the corner on the last line */
    for (size_t l = 0; l < head_lines; l++) {
      buf line;
      buf_init(&line);
      textout_pad(&line, l + 1 == head_lines ? g->corner : "", label_w);
      for (size_t j = 0; j < g->cols; j++) {
        size_t skip = head_lines - n_heads[j];
        buf_adds(&line, "  ");
        textout_pad(&line, l >= skip ? heads[j][l - skip] : "", col_w[j]);
      }
      while (line.len && line.data[line.len - 1] == ' ') line.len--;
      buf_add(out, line.data, line.len);
      buf_addc(out, '\n');
      buf_free(&line);
    }
    for (size_t k = 0; k < label_w; k++) buf_addc(out, '-');
    for (size_t j = 0; j < g->cols; j++) {
      buf_adds(out, "  ");
      for (size_t k = 0; k < col_w[j]; k++) buf_addc(out, '-');
    }
    buf_addc(out, '\n');
    for (size_t i = 0; i < g->rows; i++) {
      size_t n_lab = 0;
      char **lab = textout_lines(g->row_titles[i], strlen(g->row_titles[i]), label_w, &n_lab);
      for (size_t l = 0; l < n_lab; l++) {
        buf line;
        buf_init(&line);
        textout_pad(&line, lab[l], label_w);
        for (size_t j = 0; j < g->cols; j++) {
          buf_adds(&line, "  ");
          textout_pad(&line, l == 0 ? cell_at(g, i, j) : "", col_w[j]);
        }
        while (line.len && line.data[line.len - 1] == ' ') line.len--;
        buf_add(out, line.data, line.len);
        buf_addc(out, '\n');
        buf_free(&line);
      }
      textout_lines_free(lab, n_lab);
    }
    if (numbered) {
      buf_addc(out, '\n');
      buf_adds(out, key_head);
      buf_adds(out, ":\n");
      size_t digits = snprintf(NULL, 0, "%zu", g->cols);
      for (size_t j = 0; j < g->cols; j++) {
        char *first = xasprintf("  %*zu  ", (int)digits, j + 1);
        char *rest = xasprintf("  %*s  ", (int)digits, "");
        textout_wrap(out, first, rest, g->col_titles[j], strlen(g->col_titles[j]), width);
        free(first);
        free(rest);
      }
    }
  }
  for (size_t j = 0; j < g->cols; j++) textout_lines_free(heads[j], n_heads[j]);
  free(heads);
  free(n_heads);
  free(col_w);
  free(min_w);
  return fits;
}

/* Last resort for very narrow terminals: one block per party. */
static void list_text(const grid *g, size_t width, buf *out) {
  for (size_t i = 0; i < g->rows; i++) {
    textout_wrap(out, "", "", g->row_titles[i], strlen(g->row_titles[i]), width);
    for (size_t j = 0; j < g->cols; j++) {
      const char *cell = cell_at(g, i, j);
      if (!*cell) continue;
      char *line = xasprintf("%s: %s", g->col_titles[j], cell);
      textout_wrap(out, "  ", "    ", line, strlen(line), width);
      free(line);
    }
  }
}

/* "K = Kadersteller, H = Handhaver, ..." for every role of the profile
 * (sep between the items). */
/* The legend wrapped between its items, so "K = Kadersteller" stays on
 * one line. */
static void legend_lines(const contract *c, const char *head, size_t width, buf *out) {
  const profile *p = c->profile;
  const char *lang = model_language(c);
  buf line;
  buf_init(&line);
  buf_printf(&line, "%s:", head);
  size_t cols = str_cols(line.data);
  for (size_t r = 0; r < p->n_roles; r++) {
    char *item = xasprintf("%s = %s%s", profile_label2(p, lang, "role-abbr", p->roles[r].id),
                           profile_label2(p, lang, "role", p->roles[r].id),
                           r + 1 < p->n_roles ? "," : "");
    size_t w = str_cols(item);
    if (cols > 2 && cols + 1 + w > width) {
      buf_add(out, line.data, line.len);
      buf_addc(out, '\n');
      buf_reset(&line);
      buf_adds(&line, " ");
      cols = 1;
    }
    buf_addc(&line, ' ');
    buf_adds(&line, item);
    cols += 1 + w;
    free(item);
  }
  buf_add(out, line.data, line.len);
  buf_addc(out, '\n');
  buf_free(&line);
}

/* How many commitments each party makes: "Gemeente Noord  3 (1 algemeen)",
 * a joint commitment counted for each of its parties. */
static void count_lines(const contract *c, size_t width, bool md, buf *out) {
  const char *lang = model_language(c);
  size_t *all = xcalloc(c->n_parties + 1, sizeof *all), *general = xcalloc(c->n_parties + 1, sizeof *general);
  role_matrix_commitment_counts(c, all, general);
  const char *head = profile_label(c->profile, lang, "heading.commitment-count");
  const char *gen = profile_label(c->profile, lang, "text.general");
  size_t name_w = 0;
  for (size_t i = 0; i < c->n_parties && !md; i++) {
    size_t w = textout_cols(c->parties[i].name.s ? c->parties[i].name.s : "", c->parties[i].name.len);
    if (w > name_w) name_w = w;
  }
  if (name_w + 4 > width / 2) name_w = width / 2 > 4 ? width / 2 - 4 : 0;
  buf_addc(out, '\n');
  if (md) {
    buf_adds(out, "**");
    textout_md(out, head);
    buf_adds(out, ":**\n\n");
  } else {
    buf_printf(out, "%s:\n", head);
  }
  for (size_t i = 0; i < c->n_parties; i++) {
    char *name = mtext_dup(&c->parties[i].name);
    char *count = general[i] ? xasprintf("%zu (%zu %s)", all[i], general[i], gen) : xasprintf("%zu", all[i]);
    if (md) {
      buf_adds(out, "- ");
      textout_md(out, name);
      buf_printf(out, ": %s\n", count);
    } else {
      size_t n = 0;
      char **lines = textout_lines(name, strlen(name), name_w ? name_w : 1, &n);
      for (size_t l = 0; l < n; l++) {
        buf line;
        buf_init(&line);
        buf_adds(&line, "  ");
        textout_pad(&line, lines[l], name_w);
        if (l + 1 == n) buf_printf(&line, "  %s", count);
        while (line.len && line.data[line.len - 1] == ' ') line.len--;
        buf_add(out, line.data, line.len);
        buf_addc(out, '\n');
        buf_free(&line);
      }
      textout_lines_free(lines, n);
    }
    free(count);
    free(name);
  }
  free(all);
  free(general);
}

static void title_line(const contract *c, buf *out, size_t width) {
  const char *lang = model_language(c);
  char *t = xasprintf("%s — %.*s, %s %.*s", profile_label(c->profile, lang, "heading.matrix"),
                      (int)c->title.len, c->title.s ? c->title.s : "",
                      profile_label(c->profile, lang, "field.version"), (int)c->version.len,
                      c->version.s ? c->version.s : "");
  textout_wrap(out, "", "", t, strlen(t), width);
  free(t);
  buf_addc(out, '\n');
}

static void matrix_text(const contract *c, const role_matrix *m, size_t width, buf *out) {
  const char *lang = model_language(c);
  const char *ch_head = profile_label(c->profile, lang, "field.challenge");
  const char *party_head = profile_label(c->profile, lang, "field.party");
  title_line(c, out, width);
  grid g = grid_build(c, m, "role-abbr", ", ");
  bool done = grid_text(&g, width, false, ch_head, out) || grid_text(&g, width, true, ch_head, out);
  if (!done) {
    grid t = grid_transpose(&g, ch_head);
    done = grid_text(&t, width, false, party_head, out) ||
           grid_text(&t, width, true, party_head, out);
    if (!done) {
      /* back to parties as rows for the list */
      g = grid_transpose(&t, party_head);
      list_text(&g, width, out);
    } else {
      grid_free(&t);
    }
  }
  grid_free(&g);
  buf_addc(out, '\n');
  legend_lines(c, profile_label(c->profile, lang, "heading.legend"), width, out);
  count_lines(c, width, false, out);
}

/* RFC 4180: quoted when needed, quotes doubled, CRLF line ends. A cell a
 * spreadsheet would take for a formula (a party named "=HYPERLINK(...)";
 * check warns, formula-text) is quoted and starts with an apostrophe
 * inside the quotes, which spreadsheets read as "this is text". */
/* One CSV field: quoted when it holds the separator, a quote or a line
 * end, and neutralised (a leading ') when a spreadsheet would take it for
 * a formula. */
static void csv_field_sep(buf *out, const char *s, char sep) {
  bool formula = str_formula_lead(s, strlen(s));
  const char special[] = {sep, '"', '\r', '\n', '\0'};
  if (!formula && !strpbrk(s, special)) {
    buf_adds(out, s);
    return;
  }
  buf_addc(out, '"');
  if (formula) buf_addc(out, '\'');
  for (; *s; s++) {
    if (*s == '"') buf_addc(out, '"');
    buf_addc(out, *s);
  }
  buf_addc(out, '"');
}

static void csv_field_comma(buf *out, const char *s) { csv_field_sep(out, s, ','); }
static void csv_field_semicolon(buf *out, const char *s) { csv_field_sep(out, s, ';'); }

/* How a grid is written as lines of delimited fields: CSV, a GFM table. */
typedef struct {
  const char *lead, *sep, *trail; /* around and between the fields of a line */
  void (*field)(buf *out, const char *s);
  const char *rule_first, *rule_each; /* a rule under the titles, or NULL */
} grid_format;

static void grid_line(buf *out, const grid_format *f, const char *first, const grid *g, size_t row) {
  buf_adds(out, f->lead);
  f->field(out, first);
  for (size_t j = 0; j < g->cols; j++) {
    buf_adds(out, f->sep);
    f->field(out, row == (size_t)-1 ? g->col_titles[j] : cell_at(g, row, j));
  }
  buf_adds(out, f->trail);
}

/* The titles line (corner first), its rule, then a line per row. */
static void grid_write(const grid *g, const char *corner, const grid_format *f, buf *out) {
  grid_line(out, f, corner, g, (size_t)-1);
  if (f->rule_first) {
    buf_adds(out, f->rule_first);
    for (size_t j = 0; j < g->cols; j++) buf_adds(out, f->rule_each);
    buf_addc(out, '\n');
  }
  for (size_t i = 0; i < g->rows; i++) grid_line(out, f, g->row_titles[i], g, i);
}

/* CSV as the spreadsheet of the document's language opens it: Excel in a
 * Dutch locale splits on ';' and reads UTF-8 only after a byte-order mark
 * (roles in a cell then joined with ','); in English ',' without the mark.
 * Every column has a title. */
static void matrix_csv(const contract *c, const role_matrix *m, buf *out) {
  static const grid_format comma = {"", ",", "\r\n", csv_field_comma, NULL, NULL};
  static const grid_format semicolon = {"", ";", "\r\n", csv_field_semicolon, NULL, NULL};
  bool nl = str_eq(model_language(c), "nl");
  grid g = grid_build(c, m, "role", nl ? ", " : "; ");
  if (nl) buf_adds(out, "\xEF\xBB\xBF");
  grid_write(&g, g.corner, nl ? &semicolon : &comma, out);
  grid_free(&g);
}

static void matrix_md(const contract *c, const role_matrix *m, buf *out) {
  static const grid_format md = {"| ", " | ", " |\n", textout_md, "|---|", "---|"};
  const char *lang = model_language(c);
  grid g = grid_build(c, m, "role-abbr", ", ");
  buf_printf(out, "# %s: ", profile_label(c->profile, lang, "heading.matrix"));
  char *title = mtext_dup(&c->title);
  textout_md(out, title);
  free(title);
  buf_adds(out, "\n\n");
  grid_write(&g, g.corner, &md, out);
  char *legend = role_matrix_legend(c, ", ");
  buf_adds(out, "\n**");
  textout_md(out, profile_label(c->profile, lang, "heading.legend"));
  buf_adds(out, ":** ");
  textout_md(out, legend);
  buf_addc(out, '\n');
  free(legend);
  count_lines(c, 0, true, out);
  grid_free(&g);
}

int cmd_matrix(int argc, char **argv) {
  const char *out = NULL;
  const cli_option opts[] = {{"--output", "-o", NULL, &out}, {NULL, NULL, NULL, NULL}};
  int n;
  int rc = cli_parse("matrix", argc, argv, opts, &n);
  if (rc) return rc;
  if (n > 1) return usage_error("matrix", _("too many arguments"));
  const char *file = n ? argv[1] : NULL;
  if (!file) return usage_error("matrix", _("no contract file given"));
  wf_format fmt = workflow_format(out);
  if (fmt == WF_UNKNOWN || fmt == WF_ICS)
    return usage_error("matrix", _("cannot write the matrix as '%s': use .txt, .csv, .md, .odt or .docx"),
                       out);

  int status;
  contract *c = workflow_load(file, "matrix", &status);
  if (!c) return status;
  if (fmt == WF_ODT || fmt == WF_DOCX) {
    doc *d = compose_matrix(c);
    status = workflow_write_doc(d, out, fmt, file);
    doc_free(d);
    model_free(c);
    return status;
  }
  role_matrix *m = role_matrix_build(c);
  buf b;
  buf_init(&b);
  if (fmt == WF_CSV) matrix_csv(c, m, &b);
  else if (fmt == WF_MD) matrix_md(c, m, &b);
  else matrix_text(c, m, textout_width(out == NULL || strcmp(out, "-") == 0), &b);
  status = workflow_emit(out, b.data, b.len, file);
  buf_free(&b);
  role_matrix_free(m);
  model_free(c);
  return status;
}
