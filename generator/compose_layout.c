/* compose_layout.c - column widths of the composed tables, computed once for
 * both writers: text is measured with the advance widths of the font the
 * document sets its tables in (font_metrics.h; doc.h's geometry), every
 * column gets at least its longest word plus the cell padding, and the
 * rest of the page width goes where the text is, then where it makes the
 * rows lowest. Tables of one kind share their widths throughout a
 * document. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "font_metrics.h"

/* ---- the table font's metrics ---- */

#define HOUSE_FAMILY "Liberation Sans" /* the house style's table text */

/* Characters the tables lack are measured generously (in thousandths of
 * an em), so a column made for them holds them in whatever font the
 * viewer substitutes. */
enum { WIDE_EM = 1000, OTHER_EM = 750 };

/* The last known entry: the widest of all, glyph by glyph. */
static unsigned widest_face(void) {
  static unsigned widest;
  if (!widest)
    while (font_metrics_known[widest].names) widest++;
  return widest;
}

/* A family name compared as styles write it: case aside, without the
 * quotes ODF puts around names with spaces. */
static bool same_family(const char *name, const char *known) {
  while (*name == '\'' || *name == '"' || *name == ' ') name++;
  size_t n = strlen(name);
  while (n > 0 && (name[n - 1] == '\'' || name[n - 1] == '"' || name[n - 1] == ' ')) n--;
  return strlen(known) == n && strncasecmp(name, known, n) == 0;
}

doc_face doc_face_named(const char *family, double size_pt) {
  doc_face f = {widest_face(), size_pt > 0 ? size_pt : DOC_TABLE_FONT_PT};
  for (unsigned i = 0; family && font_metrics_known[i].names; i++)
    for (const char *const *n = font_metrics_known[i].names; *n; n++)
      if (same_family(family, *n)) f.metrics = i;
  return f;
}

doc_face doc_face_house(void) { return doc_face_named(HOUSE_FAMILY, DOC_TABLE_FONT_PT); }

const char *doc_face_family(doc_face f) {
  const char *const *names = font_metrics_known[f.metrics].names;
  return names ? names[0] : NULL;
}

/* Room kept beyond the measured words, in points: column widths are
 * rounded (a twip, 0.001 cm) and a renderer may round glyph positions. */
#define SLACK_PT 1.5

/* East Asian wide and fullwidth characters. */
static bool is_wide(unsigned cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* Combining marks and zero-width characters take no room of their own. */
static bool is_zero_width(unsigned cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
         cp == 0xFEFF;
}

static unsigned glyph_width(unsigned metrics, unsigned cp, bool bold, bool mono) {
  if (is_zero_width(cp)) return 0;
  if (is_wide(cp)) return WIDE_EM;
  if (mono) return font_metrics_mono;
  const unsigned short *w = font_metrics_known[metrics].widths[bold];
  if (cp >= FONT_FIRST_CP && cp < FONT_FIRST_CP + FONT_LATIN) return w[cp - FONT_FIRST_CP] ? w[cp - FONT_FIRST_CP] : OTHER_EM;
  for (size_t i = 0; i < FONT_EXTRA; i++)
    if (font_metrics_extra[i] == cp) return w[FONT_LATIN + i] ? w[FONT_LATIN + i] : OTHER_EM;
  return OTHER_EM;
}

/* The width of s[0..len) in thousandths of an em in the metrics a, and
 * in b into *em_b: one pass for both, as a word is measured in the
 * document's face and in the widest known one. */
static inline double text_em(unsigned a, unsigned b, const char *s, size_t len, unsigned flags, double *em_b) {
  bool bold = (flags & RUN_BOLD) != 0, mono = (flags & RUN_CODE) != 0;
  /* printable ASCII, nearly all of it, straight from the tables (what
   * glyph_width gives it: neither zero-width nor wide) */
  const unsigned short *ascii_a = mono ? NULL : font_metrics_known[a].widths[bold];
  const unsigned short *ascii_b = mono ? NULL : font_metrics_known[b].widths[bold];
  /* whole thousandths: summed as integers, they make the same double */
  unsigned long long em = 0, em2 = 0;
  for (size_t i = 0; i < len;) {
    unsigned cp = (unsigned char)s[i];
    if (!mono && cp >= FONT_FIRST_CP && cp < 0x80) {
      unsigned ga = ascii_a[cp - FONT_FIRST_CP], gb = ascii_b[cp - FONT_FIRST_CP];
      em += ga ? ga : OTHER_EM;
      em2 += gb ? gb : OTHER_EM;
      i++;
      continue;
    }
    size_t k = 1;
    if (cp >= 0x80) { /* ASCII is nearly all of it: decoded in place */
      k = utf8_decode(s + i, len - i, &cp);
      if (k == 0) cp = 0xFFFD, k = 1; /* shown as a replacement mark, if at all */
    }
    em += glyph_width(a, cp, bold, mono);
    em2 += glyph_width(b, cp, bold, mono);
    i += k;
  }
  *em_b = (double)em2;
  return (double)em;
}

/* The widths text_em gives printable ASCII (from FONT_FIRST_CP) in the
 * metrics, regular or bold by flags, each one known (not 0); NULL for
 * monospace (RUN_CODE), where every character has the same. Made once. */
static const unsigned short *ascii_em(unsigned metrics, unsigned flags) {
  enum { FACES_MAX = 16, N = 0x80 - FONT_FIRST_CP };
  static unsigned short table[FACES_MAX][2][N];
  static bool made[FACES_MAX][2];
  bool bold = (flags & RUN_BOLD) != 0;
  if ((flags & RUN_CODE) || metrics >= FACES_MAX) return NULL;
  if (!made[metrics][bold]) {
    const unsigned short *w = font_metrics_known[metrics].widths[bold];
    for (unsigned c = 0; c < N; c++) table[metrics][bold][c] = w[c] ? w[c] : OTHER_EM;
    made[metrics][bold] = true;
  }
  return table[metrics][bold];
}

double doc_text_width(doc_face f, const char *s, size_t len, unsigned flags) {
  double same;
  return text_em(f.metrics, f.metrics, s, len, flags, &same) * f.size_pt / 1000.0;
}

/* ---- measuring text ---- */

/* The widest unbreakable piece, the widest line and all the text of a
 * cell, in points, read run by run: a word may continue into the next run
 * ("**Stich**ting"). A word is measured twice: in the document's face and
 * in the widest known one, which is what a viewer without the document's
 * font may show it in. */
typedef struct {
  doc_face face, wide;
  double word, longest_word;
  double word_wide, longest_word_wide;
  double line, longest_line;
  double total;
  double para_total; /* the same of the paragraph being measured alone */
} measure;

static void measure_init(measure *m, doc_face face) {
  memset(m, 0, sizeof *m);
  m->face = face;
  m->wide = (doc_face){widest_face(), face.size_pt};
}

static void end_word(measure *m) {
  if (m->word > m->longest_word) m->longest_word = m->word;
  if (m->word_wide > m->longest_word_wide) m->longest_word_wide = m->word_wide;
  m->word = m->word_wide = 0;
}

static void end_line(measure *m) {
  end_word(m);
  if (m->line > m->longest_line) m->longest_line = m->line;
  m->line = 0;
}

static bool is_letter(unsigned char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch >= 0x80;
}

/* Lines break at spaces and after a hyphen between letters ("VOG-aanvragen");
 * not inside "2026-02-01", which renderers keep whole. */
static bool hyphen_break(const char *s, size_t len, size_t i) {
  return s[i] == '-' && i > 0 && i + 1 < len && is_letter((unsigned char)s[i - 1]) &&
         is_letter((unsigned char)s[i + 1]);
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

static void measure_text(measure *m, const char *s, size_t len, unsigned flags) {
  double space = doc_text_width(m->face, " ", 1, flags);
  /* printable ASCII's widths in both faces, every one known (text_em
   * gives a width of 0 in the tables OTHER_EM: see ascii_em) */
  const unsigned short *ascii_a = ascii_em(m->face.metrics, flags), *ascii_b = ascii_em(m->wide.metrics, flags);
  if (!ascii_a || !ascii_b) ascii_a = ascii_b = NULL;
  size_t i = 0;
  while (i < len) {
    if (s[i] == '\n') {
      end_line(m);
      i++;
      continue;
    }
    if (is_space(s[i])) {
      end_word(m);
      m->line += space;
      m->total += space;
      m->para_total += space;
      i++;
      continue;
    }
    /* the word, measured as it is found while it is printable ASCII
     * (what text_em would sum), else by text_em after */
    size_t j = i;
    unsigned long long sum = 0, sum_wide = 0;
    bool ascii = ascii_a != NULL;
    for (; j < len; j++) {
      unsigned char c = (unsigned char)s[j];
      if (is_space((char)c) || c == '\n' || (c == '-' && hyphen_break(s, len, j))) break;
      if (ascii && c >= FONT_FIRST_CP && c < 0x80) {
        sum += ascii_a[c - FONT_FIRST_CP];
        sum_wide += ascii_b[c - FONT_FIRST_CP];
      } else {
        ascii = false;
      }
    }
    bool hyphen = j < len && hyphen_break(s, len, j);
    if (hyphen) { /* the hyphen stays on the line with its first part */
      sum += ascii_a ? ascii_a['-' - FONT_FIRST_CP] : 0;
      sum_wide += ascii_b ? ascii_b['-' - FONT_FIRST_CP] : 0;
      j++;
    }
    double em_wide, em;
    if (ascii) {
      em = (double)sum;
      em_wide = (double)sum_wide;
    } else {
      em = text_em(m->face.metrics, m->wide.metrics, s + i, j - i, flags, &em_wide);
    }
    double w = em * m->face.size_pt / 1000.0;
    m->word += w;
    m->word_wide += em_wide * m->wide.size_pt / 1000.0;
    m->line += w;
    m->total += w;
    m->para_total += w;
    if (hyphen) end_word(m);
    i = j;
  }
}

double doc_longest_word(doc_face f, const char *s, size_t len, unsigned flags) {
  measure m;
  measure_init(&m, f);
  measure_text(&m, s, len, flags);
  end_line(&m);
  return m.longest_word;
}

/* One paragraph of a body row, for the height of the rows: its text's
 * width on one line, its row (counted over every table measured into the
 * columns) and the columns it stands on. */
typedef struct {
  double width;
  size_t row, col, span;
} para_need;

/* Up to this many paragraphs the rows are kept for minimise_height; a
 * larger table (a role matrix of hundreds of parties) keeps the widths
 * its columns' shares of the text give. */
enum { HEIGHT_PARAS_MAX = 4096 };

/* What one column needs: min, max (points, padding included) and weight;
 * comfort is the minimum in the widest face. paras: the body rows'
 * paragraphs in order (none once there are too_many). */
typedef struct {
  double *minw, *maxw, *weight, *comfort;
  size_t n;
  para_need *paras;
  size_t n_paras, cap_paras, n_rows;
  bool too_many;
} columns;

static void columns_init(columns *cols, size_t n) {
  memset(cols, 0, sizeof *cols);
  cols->n = n;
  cols->minw = xcalloc(n ? n : 1, sizeof *cols->minw);
  cols->maxw = xcalloc(n ? n : 1, sizeof *cols->maxw);
  cols->weight = xcalloc(n ? n : 1, sizeof *cols->weight);
  cols->comfort = xcalloc(n ? n : 1, sizeof *cols->comfort);
}

static void columns_free(columns *cols) {
  free(cols->minw);
  free(cols->maxw);
  free(cols->weight);
  free(cols->comfort);
  free(cols->paras);
}

static void columns_add_para(columns *cols, size_t col, size_t span, double width) {
  if (cols->too_many) return;
  if (cols->n_paras == HEIGHT_PARAS_MAX) {
    cols->too_many = true;
    free(cols->paras);
    cols->paras = NULL;
    cols->n_paras = cols->cap_paras = 0;
    return;
  }
  xgrow((void **)&cols->paras, &cols->cap_paras, cols->n_paras + 1, sizeof *cols->paras);
  cols->paras[cols->n_paras++] = (para_need){width, cols->n_rows, col, span};
}

static void columns_add(columns *cols, size_t c, measure *m) {
  end_line(m);
  double pad = 2 * DOC_CELL_PAD_CM * DOC_PT_PER_CM + SLACK_PT;
  if (m->longest_word + pad > cols->minw[c]) cols->minw[c] = m->longest_word + pad;
  if (m->longest_word_wide + pad > cols->comfort[c]) cols->comfort[c] = m->longest_word_wide + pad;
  if (m->longest_line + pad > cols->maxw[c]) cols->maxw[c] = m->longest_line + pad;
  cols->weight[c] += m->total;
}

/* Where the page allows, a column is at least as wide as its longest word
 * in any known face: a viewer that lacks the document's font (and so shows
 * another) still breaks no word. The columns that need the least more go
 * first, as far as the width left over the minimums allows. */
static void columns_comfort(columns *cols, double budget) {
  double left = budget;
  for (size_t c = 0; c < cols->n; c++) left -= cols->minw[c];
  for (;;) {
    size_t best = cols->n;
    for (size_t c = 0; c < cols->n; c++) {
      double more = cols->comfort[c] - cols->minw[c];
      if (more > 0 && more <= left && (best == cols->n || more < cols->comfort[best] - cols->minw[best])) best = c;
    }
    if (best == cols->n) return;
    left -= cols->comfort[best] - cols->minw[best];
    cols->minw[best] = cols->comfort[best];
  }
}

/* ---- sharing the width ---- */

/* Widths for one value x of the free parameter: in "share" mode each
 * column's share of the text (x times its weight) kept between its minimum
 * and maximum; in "cut" mode each minimum cut down to at most x. Both sums
 * grow with x, so the x that fills the budget is found by bisection. */
static double spread(const double *minw, const double *maxw, const double *weight, size_t n, bool share,
                     double x, double *widths) {
  double sum = 0;
  for (size_t c = 0; c < n; c++) {
    double w;
    if (share) {
      w = x * (weight[c] > 0 ? weight[c] : 1);
      if (w < minw[c]) w = minw[c];
      if (w > maxw[c]) w = maxw[c];
    } else {
      w = minw[c] < x ? minw[c] : x;
    }
    widths[c] = w;
    sum += w;
  }
  return sum;
}

static void fill_budget(const double *minw, const double *maxw, const double *weight, size_t n, bool share,
                        double budget, double *widths) {
  double lo = 0, hi = 1;
  for (int i = 0; i < 200 && spread(minw, maxw, weight, n, share, hi, widths) < budget; i++) hi *= 2;
  for (int i = 0; i < 100; i++) {
    double mid = (lo + hi) / 2;
    if (spread(minw, maxw, weight, n, share, mid, widths) < budget) lo = mid;
    else hi = mid;
  }
  spread(minw, maxw, weight, n, share, hi, widths);
}

/* Below this share of the common cut width a column that has to be cut
 * is not narrowed further when the cut columns share their room. */
#define CUT_FLOOR 0.6

/* The columns cut below their longest word (cut mode gives each the same
 * width) share their room by their text instead: the one with the most
 * text gets the most lines' width, none goes under CUT_FLOOR of the common
 * width, none wider than its text on one line. */
static void share_cut(const double *minw, const double *maxw, const double *weight, size_t n, double *widths) {
  double room = 0, common = 0;
  size_t open = 0;
  bool *shares = xcalloc(n, sizeof *shares);
  for (size_t c = 0; c < n; c++)
    if (widths[c] < minw[c] - 0.01) {
      shares[c] = true;
      room += widths[c];
      if (widths[c] > common) common = widths[c];
      open++;
    }
  double floor_w = CUT_FLOOR * common;
  /* share by text; a column under the floor or over its word is set there
   * and leaves the sharing; again until none is */
  for (bool moved = open >= 2; moved && open > 0;) {
    double w_sum = 0;
    for (size_t c = 0; c < n; c++)
      if (shares[c]) w_sum += weight[c] > 0 ? weight[c] : 1;
    moved = false;
    for (size_t c = 0; c < n; c++) {
      if (!shares[c]) continue;
      double w = room * (weight[c] > 0 ? weight[c] : 1) / w_sum;
      double cap = maxw[c] > minw[c] ? maxw[c] : minw[c];
      double set = w < floor_w ? floor_w : w > cap ? cap : -1;
      widths[c] = w;
      if (set >= 0) {
        widths[c] = set;
        shares[c] = false;
        room -= set;
        open--;
        moved = true;
        break; /* the others' shares change */
      }
    }
  }
  free(shares);
}

void doc_layout_columns(const double *minw, const double *maxw, const double *weight, size_t n,
                        double budget, double *widths) {
  if (n == 0) return;
  double smin = 0, smax = 0;
  for (size_t c = 0; c < n; c++) {
    smin += minw[c];
    smax += maxw[c] > minw[c] ? maxw[c] : minw[c];
  }
  if (smax <= budget) {
    /* every cell on one line: columns as wide as their text, the rest
     * shared out in proportion */
    for (size_t c = 0; c < n; c++) widths[c] = maxw[c] > minw[c] ? maxw[c] : minw[c];
  } else if (smin <= budget) {
    double *hi = xmalloc(n * sizeof *hi);
    for (size_t c = 0; c < n; c++) hi[c] = maxw[c] > minw[c] ? maxw[c] : minw[c];
    fill_budget(minw, hi, weight, n, true, budget, widths);
    free(hi);
  } else {
    /* the longest words cannot all fit: the widest minimums are cut to
     * one level, and the columns so cut then share that room by their
     * text (their long words are hyphenated) */
    fill_budget(minw, minw, weight, n, false, budget, widths);
    share_cut(minw, maxw, weight, n, widths);
  }
  double total = 0;
  for (size_t c = 0; c < n; c++) total += widths[c];
  for (size_t c = 0; c < n; c++) widths[c] = total > 0 ? widths[c] / total : 1.0 / (double)n;
}

/* Preferred relative widths, widened where a column's longest word needs
 * it at the expense of the columns with room to spare; the free layout
 * when the minimums leave no room for a preference. */
static void layout_preferred(const columns *cols, double budget, const double *preferred, double *widths) {
  size_t n = cols->n;
  double need = 0, spare = 0;
  for (size_t c = 0; c < n; c++) {
    widths[c] = preferred[c] * budget;
    if (widths[c] < cols->minw[c]) need += cols->minw[c] - widths[c];
    else spare += widths[c] - cols->minw[c];
  }
  if (need > spare) {
    doc_layout_columns(cols->minw, cols->maxw, cols->weight, n, budget, widths);
    return;
  }
  for (size_t c = 0; c < n; c++) {
    if (widths[c] < cols->minw[c]) widths[c] = cols->minw[c];
    else if (spare > 0) widths[c] -= (widths[c] - cols->minw[c]) * need / spare;
  }
  double total = 0;
  for (size_t c = 0; c < n; c++) total += widths[c];
  for (size_t c = 0; c < n; c++) widths[c] /= total;
}

/* ---- composed tables ---- */

/* The paragraphs of a cell (one that shows DOC_EMPTY_CELL is measured by
 * measure_table); with para_totals, each one's text width as it alone
 * would measure (the same sums, begun at 0 for each). */
static void measure_cell(measure *m, const doc_cell *cell, double *para_totals) {
  for (size_t b = 0; b < cell->n_blocks; b++) {
    const doc_block *blk = &cell->blocks[b];
    m->para_total = 0;
    if (para_totals) para_totals[b] = 0;
    if (!doc_block_has_runs(blk)) continue;
    unsigned style_flags = blk->style == DOC_STYLE_TABLE_HEAD || blk->style == DOC_STYLE_TABLE_LABEL ? RUN_BOLD : 0;
    for (size_t r = 0; r < blk->n_runs; r++) {
      const doc_run *run = &blk->runs[r];
      if (run->flags & RUN_BREAK) end_line(m);
      else if (run->text) measure_text(m, run->text, strlen(run->text), run->flags | style_flags);
    }
    end_line(m); /* paragraphs never share a line */
    if (para_totals) para_totals[b] = m->para_total;
  }
}

/* Adds what t's columns need to cols (of t->n_cols), and the paragraphs
 * of its body rows. A cell that spans columns needs none of them in
 * particular: its text is no one column's. The empty body cells, most
 * cells of a role matrix, all need what the dash needs, measured once;
 * a cell of one paragraph needs what that paragraph does. */
static void measure_table(const doc_block *t, doc_face face, columns *cols) {
  measure dash;
  measure_init(&dash, face);
  measure_text(&dash, DOC_EMPTY_CELL, strlen(DOC_EMPTY_CELL), 0);
  end_line(&dash);
  double *totals = NULL; /* a cell's paragraphs', measured with it */
  size_t cap_totals = 0;
  for (size_t r = 0; r < t->n_rows; r++) {
    bool header = r < t->n_header_rows;
    for (size_t c = 0; c < t->n_cols && c < t->rows[r].n_cells; c++) {
      const doc_cell *cell = &t->rows[r].cells[c];
      if (cell->covered) continue;
      bool single = !header && cell->n_blocks == 1, paras = !header && cell->n_blocks > 1;
      measure m;
      if (cell->span <= 1) {
        if (cell->n_blocks == 0 && !header) {
          m = dash;
        } else {
          if (paras) xgrow((void **)&totals, &cap_totals, cell->n_blocks, sizeof *totals);
          measure_init(&m, face);
          measure_cell(&m, cell, paras ? totals : NULL);
        }
        columns_add(cols, c, &m);
        if (single) {
          columns_add_para(cols, c, 1, m.total);
          continue;
        }
      }
      for (size_t b = 0; !header && !cols->too_many && b < cell->n_blocks; b++) {
        if (cell->span <= 1) { /* measured with the cell */
          columns_add_para(cols, c, 1, totals[b]);
          continue;
        }
        measure_init(&m, face);
        measure_cell(&m, &(doc_cell){&cell->blocks[b], 1, cell->align, 0, false}, NULL);
        columns_add_para(cols, c, cell->span, m.total);
      }
    }
    if (!header) cols->n_rows++;
  }
  free(totals);
}

/* ---- the height of the rows ---- */

/* Words seldom fill a line: a paragraph of text w on lines room wide takes
 * about w * WRAP_SLACK / room lines. */
#define WRAP_SLACK 1.1

/* The cells and rows of the paragraphs, found once for the many heights
 * minimise_height asks for: a cell is a run of paragraphs of one row and
 * column, a row a run of cells of one row (row r ends before cell
 * row_end[r]). A cell's lines are kept between calls: a move of width
 * between two columns counts again only the cells on either (on_col: the
 * cells on each column, spans included), and rows_undo puts back what
 * the last count changed. */
typedef struct {
  double lines, frac; /* at the widths last asked for */
  size_t end;         /* the paragraph after its last */
  size_t lo, hi;      /* the columns [lo, hi) its paragraphs stand on */
} cell_need;

typedef struct {
  cell_need *cells;
  size_t n_cells;
  size_t *row_end;
  size_t n_rows;
  size_t **on_col, *n_on_col; /* by column: the cells on it, in order */
  double *room;               /* a column's room at the widths asked for */
  size_t *undo_at;            /* the cells the last count changed ... */
  double (*undo)[2];          /* ... their lines and fractions before */
  size_t n_undo;
} row_plan;

static void row_plan_init(row_plan *rp, const columns *cols) {
  size_t np = cols->n_paras, n = cols->n, n_cells = 0;
  rp->cells = xmalloc((np + 1) * sizeof *rp->cells);
  rp->row_end = xmalloc((np + 1) * sizeof *rp->row_end);
  rp->room = xmalloc((n ? n : 1) * sizeof *rp->room);
  rp->on_col = xcalloc(n ? n : 1, sizeof *rp->on_col);
  rp->n_on_col = xcalloc(n ? n : 1, sizeof *rp->n_on_col);
  rp->undo_at = xmalloc((np + 1) * sizeof *rp->undo_at);
  rp->undo = xmalloc((np + 1) * sizeof *rp->undo);
  rp->n_rows = rp->n_undo = 0;
  size_t hi = 0;
  for (size_t i = 0; i < np; i++) {
    const para_need *p = &cols->paras[i];
    size_t end = p->col + (p->span > 1 ? p->span : 1);
    if (end > hi) hi = end;
    bool row_ends = i + 1 == np || cols->paras[i + 1].row != p->row;
    if (row_ends || cols->paras[i + 1].col != p->col) {
      rp->cells[n_cells++] = (cell_need){0, 0, i + 1, p->col, hi < n ? hi : n};
      hi = 0;
    }
    if (row_ends) rp->row_end[rp->n_rows++] = n_cells;
  }
  rp->n_cells = n_cells;
  size_t *cap = xcalloc(n ? n : 1, sizeof *cap);
  for (size_t k = 0; k < n_cells; k++)
    for (size_t c = rp->cells[k].lo; c < rp->cells[k].hi; c++) {
      xgrow((void **)&rp->on_col[c], &cap[c], rp->n_on_col[c] + 1, sizeof **rp->on_col);
      rp->on_col[c][rp->n_on_col[c]++] = k;
    }
  free(cap);
}

static void row_plan_free(row_plan *rp, size_t n) {
  for (size_t c = 0; c < n; c++) free(rp->on_col[c]);
  free(rp->on_col);
  free(rp->n_on_col);
  free(rp->cells);
  free(rp->row_end);
  free(rp->room);
  free(rp->undo_at);
  free(rp->undo);
}

/* Counts the lines of cell k at widths, each paragraph on lines of its
 * own; and the same in fractions of lines. */
static inline void count_cell(const columns *cols, row_plan *rp, const double *widths, double pad, size_t k) {
  size_t n = cols->n;
  double cell = 0, cell_frac = 0;
  for (size_t i = k ? rp->cells[k - 1].end : 0; i < rp->cells[k].end; i++) {
    const para_need *p = &cols->paras[i];
    double room;
    if (p->span == 1 && p->col < n) {
      room = rp->room[p->col];
    } else {
      room = -pad;
      for (size_t c = p->col; c < p->col + p->span && c < n; c++) room += widths[c];
    }
    double lines = room > 0 ? p->width * WRAP_SLACK / room : 1;
    cell_frac += lines < 1 ? 1 : lines;
    cell += lines <= 1 ? 1 : (double)(long)(lines + 0.999);
  }
  rp->cells[k].lines = cell;
  rp->cells[k].frac = cell_frac;
}

/* Counts again the cells on column c but those on column other too
 * (counted with other), keeping what they were for rows_undo. */
static void recount_column(const columns *cols, row_plan *rp, const double *widths, double pad, size_t c,
                           size_t other) {
  for (size_t j = 0; j < rp->n_on_col[c]; j++) {
    size_t k = rp->on_col[c][j];
    if (other >= rp->cells[k].lo && other < rp->cells[k].hi) continue;
    rp->undo_at[rp->n_undo] = k;
    rp->undo[rp->n_undo][0] = rp->cells[k].lines;
    rp->undo[rp->n_undo++][1] = rp->cells[k].frac;
    count_cell(cols, rp, widths, pad, k);
  }
}

/* The height of the body rows at widths (points), in lines: each row as
 * tall as its tallest cell; plus a hundredth of the same in fractions of
 * lines, which still fall where whole lines do not, so that a search
 * does not stall. Only the cells on columns a and b are counted again
 * (a == SIZE_MAX: every cell). */
static double rows_height(const columns *cols, row_plan *rp, const double *widths, size_t a, size_t b) {
  double pad = 2 * DOC_CELL_PAD_CM * DOC_PT_PER_CM + SLACK_PT;
  size_t n = cols->n;
  for (size_t c = 0; c < n; c++) {
    rp->room[c] = -pad;
    rp->room[c] += widths[c];
  }
  rp->n_undo = 0;
  if (a == SIZE_MAX) {
    for (size_t k = 0; k < rp->n_cells; k++) count_cell(cols, rp, widths, pad, k);
  } else {
    recount_column(cols, rp, widths, pad, a, SIZE_MAX);
    recount_column(cols, rp, widths, pad, b, a);
  }
  double total = 0;
  const cell_need *cell = rp->cells;
  for (size_t r = 0; r < rp->n_rows; r++) {
    double row_max = 0, row_frac = 0;
    for (const cell_need *end = rp->cells + rp->row_end[r]; cell < end; cell++) {
      if (cell->lines > row_max) row_max = cell->lines;
      if (cell->frac > row_frac) row_frac = cell->frac;
    }
    total += row_max + 0.01 * row_frac;
  }
  return total;
}

/* The cells as they were before the last rows_height. */
static void rows_undo(row_plan *rp) {
  for (size_t u = 0; u < rp->n_undo; u++) {
    rp->cells[rp->undo_at[u]].lines = rp->undo[u][0];
    rp->cells[rp->undo_at[u]].frac = rp->undo[u][1];
  }
  rp->n_undo = 0;
}

/* Moves width (points) from column to column while the rows get lower:
 * the share of all the text a column starts with can leave it narrow for
 * the few long texts it has, and one tall cell makes its whole row tall.
 * A column keeps its minimum (or what it was cut to) and gets no more
 * than its longest line; steps halve from a sixteenth of the budget down
 * to a point, each at most 64 rounds of every pair of columns, and the
 * paragraphs weighed in all stay under HEIGHT_WORK_MAX (a table of many
 * columns stops early, with the lowest rows found by then). */
enum { HEIGHT_WORK_MAX = 20000000 };

static void minimise_height(const columns *cols, double budget, double *widths) {
  size_t n = cols->n, work = 0;
  double *lo = xmalloc(n * sizeof *lo);
  for (size_t c = 0; c < n; c++) lo[c] = widths[c] < cols->minw[c] ? widths[c] : cols->minw[c];
  row_plan rp;
  row_plan_init(&rp, cols);
  double best = rows_height(cols, &rp, widths, SIZE_MAX, SIZE_MAX);
  for (double step = budget / 16; step >= 1.0; step /= 2) {
    for (int round = 0; round < 64; round++) {
      bool moved = false;
      for (size_t to = 0; to < n; to++) {
        double cap = cols->maxw[to] > cols->minw[to] ? cols->maxw[to] : cols->minw[to];
        for (size_t from = 0; from < n; from++) {
          if (from == to || widths[from] - step < lo[from] || widths[to] + step > cap) continue;
          if ((work += cols->n_paras + 1) > HEIGHT_WORK_MAX) goto done;
          widths[from] -= step;
          widths[to] += step;
          double h = rows_height(cols, &rp, widths, from, to);
          if (h < best - 1e-9) {
            best = h;
            moved = true;
          } else {
            widths[from] += step;
            widths[to] -= step;
            rows_undo(&rp);
          }
        }
      }
      if (!moved) break;
    }
  }
done:
  row_plan_free(&rp, n);
  free(lo);
}

static void layout(columns *cols, double budget, const double *preferred, double *widths) {
  double sum = 0;
  for (size_t c = 0; c < cols->n; c++) sum += cols->minw[c];
  if (sum > budget) /* only the longest words are cut: the others hold in any face */
    for (size_t c = 0; c < cols->n; c++) cols->minw[c] = cols->comfort[c] > cols->minw[c] ? cols->comfort[c] : cols->minw[c];
  else
    columns_comfort(cols, budget);
  if (preferred) {
    layout_preferred(cols, budget, preferred, widths);
    return;
  }
  doc_layout_columns(cols->minw, cols->maxw, cols->weight, cols->n, budget, widths);
  /* rows that wrap: as low as the widths can make them */
  double smax = 0;
  for (size_t c = 0; c < cols->n; c++) smax += cols->maxw[c] > cols->minw[c] ? cols->maxw[c] : cols->minw[c];
  if (cols->too_many || cols->n_paras == 0 || smax <= budget) return;
  for (size_t c = 0; c < cols->n; c++) widths[c] *= budget;
  minimise_height(cols, budget, widths);
  for (size_t c = 0; c < cols->n; c++) widths[c] /= budget;
}

void doc_table_layout(doc_block *t, doc_face face, double budget, const double *preferred) {
  size_t n = t->n_cols;
  if (n == 0) return;
  if (!t->col_widths) t->col_widths = xcalloc(n, sizeof *t->col_widths);
  columns cols;
  columns_init(&cols, n);
  measure_table(t, face, &cols);
  layout(&cols, budget, preferred, t->col_widths);
  columns_free(&cols);
}

/* ---- keeping a table together ---- */

enum { KEEP_ROWS = 10 };

/* The widest glyph of any known face in thousandths of an em, and so the
 * most a byte of text can take (a character of several bytes takes no
 * more than one glyph). */
static unsigned widest_em(void) {
  static unsigned widest;
  if (widest) return widest;
  unsigned w = WIDE_EM > OTHER_EM ? WIDE_EM : OTHER_EM;
  if (font_metrics_mono > w) w = font_metrics_mono;
  for (unsigned f = 0; f <= widest_face(); f++)
    for (unsigned bold = 0; bold < 2; bold++)
      for (size_t i = 0; i < FONT_LATIN + FONT_EXTRA; i++)
        if (font_metrics_known[f].widths[bold][i] > w) w = font_metrics_known[f].widths[bold][i];
  return widest = w;
}

/* The width of paragraph b on one line, in points: measured, or (at_most)
 * a bound without measuring, every byte as wide as the widest glyph and a
 * little more for rounding. */
static double para_width(const doc_block *b, doc_face face, bool at_most) {
  if (!at_most) {
    measure m;
    measure_init(&m, face);
    measure_cell(&m, &(doc_cell){(doc_block *)b, 1, DOC_ALIGN_DEFAULT, 0, false}, NULL);
    return m.total;
  }
  size_t bytes = 0;
  for (size_t r = 0; doc_block_has_runs(b) && r < b->n_runs; r++)
    if (b->runs[r].text && !(b->runs[r].flags & RUN_BREAK)) bytes += strlen(b->runs[r].text);
  return (double)bytes * widest_em() * face.size_pt / 1000.0 * 1.001;
}

/* The height of t in points, about: each paragraph's text over its
 * column's width in lines of 1.17 times the size, some room around
 * paragraphs and in every cell. With at_most, a height it cannot exceed
 * (para_width), which grows with the widths as every step here does. */
static double table_height(const doc_block *t, doc_face face, double budget, bool at_most) {
  double line = 1.17 * face.size_pt, pad = 2 * DOC_CELL_PAD_CM * DOC_PT_PER_CM + SLACK_PT;
  double height = 0;
  for (size_t r = 0; r < t->n_rows; r++) {
    double row = line;
    for (size_t c = 0; c < t->n_cols && c < t->rows[r].n_cells; c++) {
      const doc_cell *cell = &t->rows[r].cells[c];
      if (cell->covered) continue;
      double room = -pad, h = 0; /* a spanning cell's: its columns' */
      for (size_t k = c; k < c + (cell->span > 1 ? cell->span : 1) && k < t->n_cols; k++) room += t->col_widths[k] * budget;
      for (size_t b = 0; b < cell->n_blocks; b++) {
        double lines = room > 0 ? para_width(&cell->blocks[b], face, at_most) * 1.1 / room : 1; /* words seldom fill a line */
        h += (lines < 1 ? 1 : (double)(long)(lines + 0.999)) * line + 2.0;
      }
      if (h > row) row = h;
    }
    height += row + 0.2 * DOC_PT_PER_CM;
  }
  return height;
}

/* Most short tables are far shorter than half a page: the bound tells
 * so without measuring their text. */
static void decide_keep(const doc *d, doc_block *t, double budget) {
  double page = (d->meta.landscape ? DOC_TEXT_HEIGHT_CM_LANDSCAPE : DOC_TEXT_HEIGHT_CM_PORTRAIT) * DOC_PT_PER_CM;
  t->flags &= (unsigned char)~DOC_TABLE_KEEP;
  size_t rows = 0; /* a row and the rest of it below (with_prev) are one */
  for (size_t r = 0; r < t->n_rows; r++) rows += !t->rows[r].with_prev;
  if (rows <= KEEP_ROWS && (table_height(t, d->face, budget, true) <= page / 2 ||
                            table_height(t, d->face, budget, false) <= page / 2))
    t->flags |= DOC_TABLE_KEEP;
}

/* ---- the document ---- */

/* What the tables of one group and width need together. */
typedef struct {
  unsigned group;
  size_t n_cols;
  double budget;
  columns cols;
  double *widths;
} shared;

typedef struct {
  doc *d;
  shared *groups;
  size_t n_groups, cap_groups;
  bool assign; /* second pass: give each grouped table its group's widths */
} layouter;

static shared *group_of(layouter *ly, const doc_block *t, double budget) {
  for (size_t i = 0; i < ly->n_groups; i++)
    if (ly->groups[i].group == t->group && ly->groups[i].n_cols == t->n_cols && ly->groups[i].budget == budget)
      return &ly->groups[i];
  if (ly->assign) return NULL;
  xgrow((void **)&ly->groups, &ly->cap_groups, ly->n_groups + 1, sizeof *ly->groups);
  shared *g = &ly->groups[ly->n_groups++];
  g->group = t->group;
  g->n_cols = t->n_cols;
  g->budget = budget;
  columns_init(&g->cols, t->n_cols);
  g->widths = NULL;
  return g;
}

/* The width a table at quote depth level may take: the text width less
 * the quotes' indentation. */
static double table_budget(const doc *d, const doc_block *t) {
  double budget = d->meta.landscape ? DOC_TABLE_BUDGET_LANDSCAPE : DOC_TABLE_BUDGET_PORTRAIT;
  budget -= (double)t->level * DOC_QUOTE_INDENT_CM * DOC_PT_PER_CM;
  return budget < 72.0 ? 72.0 : budget;
}

static void layout_blocks(layouter *ly, doc_block *blocks, size_t n);

static void layout_table(layouter *ly, doc_block *t) {
  if (t->n_cols == 0) return;
  if (!t->col_widths) t->col_widths = xcalloc(t->n_cols, sizeof *t->col_widths);
  double budget = table_budget(ly->d, t);
  if (t->group == 0) {
    if (ly->assign) return;
    doc_table_layout(t, ly->d->face, budget, NULL);
    decide_keep(ly->d, t, budget);
    return;
  }
  shared *g = group_of(ly, t, budget);
  if (!ly->assign) {
    measure_table(t, ly->d->face, &g->cols);
  } else if (g && g->widths) {
    memcpy(t->col_widths, g->widths, t->n_cols * sizeof *t->col_widths);
    decide_keep(ly->d, t, budget);
  }
}

/* Recursion is bounded as the tree's nesting is (doc.h). */
static void layout_blocks(layouter *ly, doc_block *blocks, size_t n) {
  for (size_t i = 0; i < n; i++) {
    doc_block *b = &blocks[i];
    if (b->kind == DOC_TABLE) layout_table(ly, b);
    else if (b->kind == DOC_QUOTE) layout_blocks(ly, b->children, b->n_children);
    else if (b->kind == DOC_LIST)
      for (size_t k = 0; k < b->n_items; k++) layout_blocks(ly, b->items[k].blocks, b->items[k].n_blocks);
  }
}

static void layout_all(layouter *ly) {
  doc *d = ly->d;
  layout_blocks(ly, d->blocks, d->n_blocks);
  for (size_t k = 0; k < d->n_notes; k++) layout_blocks(ly, d->notes[k].blocks, d->notes[k].n_blocks);
}

unsigned doc_group(doc *d, const double *shape) {
  xgrow((void **)&d->group_shapes, &d->cap_groups, d->n_groups + 1, sizeof *d->group_shapes);
  d->group_shapes[d->n_groups++] = shape;
  return (unsigned)d->n_groups;
}

void doc_layout(doc *d, doc_face face) {
  d->face = face;
  layouter ly = {d, NULL, 0, 0, false};
  layout_all(&ly);
  for (size_t i = 0; i < ly.n_groups; i++) {
    shared *g = &ly.groups[i];
    g->widths = xcalloc(g->n_cols, sizeof *g->widths);
    const double *shape = g->group <= d->n_groups ? d->group_shapes[g->group - 1] : NULL;
    layout(&g->cols, g->budget, shape, g->widths);
  }
  ly.assign = true;
  layout_all(&ly);
  for (size_t i = 0; i < ly.n_groups; i++) {
    columns_free(&ly.groups[i].cols);
    free(ly.groups[i].widths);
  }
  free(ly.groups);
}
