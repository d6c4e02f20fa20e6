/* check_body.c - the checks on the Markdown body: required sections,
 * placeholders, variables that name nothing, raw HTML, link targets the
 * documents cannot carry. Walks the cmark tree once. */
#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

#include "check_impl.h"
#include "doc.h"
#include "i18n.h"
#include "util.h"
#include "variables.h"

/* ---- positions -------------------------------------------------------------- */

/* Line starts of the parsed text (LF line endings, no byte-order mark:
 * columns are those of the file). */
static void build_lines(ck *k) {
  const char *s = k->c->text, *end = s + k->c->text_len, *nl;
  size_t len = k->c->text_len, n = 1;
  for (const char *p = s; (nl = memchr(p, '\n', (size_t)(end - p))); p = nl + 1) n++;
  k->line_starts = xmalloc((n + 1) * sizeof(size_t));
  k->line_starts[0] = 0;
  size_t line = 1;
  for (const char *p = s; (nl = memchr(p, '\n', (size_t)(end - p))); p = nl + 1)
    k->line_starts[line++] = (size_t)(nl - s) + 1;
  k->line_starts[n] = len + 1; /* one past the last line's end */
  k->n_lines = n;
}

/* Bytes of file line `line` (1-based) without its line ending. */
static const char *source_line(ck *k, int line, size_t *len) {
  if (!k->c->text || line < 1) return NULL;
  if (!k->line_starts) build_lines(k);
  if ((size_t)line > k->n_lines) return NULL;
  size_t a = k->line_starts[line - 1], b = k->line_starts[line] - 1;
  if (b > k->c->text_len) b = k->c->text_len;
  *len = b - a;
  return k->c->text + a;
}

/* Position of the nth occurrence (counting from 0, overlaps allowed) of
 * needle in hay[from..), or -1. */
static long find_nth(const char *hay, size_t hlen, size_t from, const char *needle, size_t nlen,
                     size_t nth) {
  if (nlen == 0 || nlen > hlen) return -1;
  for (size_t i = from; i + nlen <= hlen; i++) {
    if (memcmp(hay + i, needle, nlen) != 0) continue;
    if (nth == 0) return (long)i;
    nth--;
  }
  return -1;
}

srcpos ck_body_spot(ck *k, srcpos first, const char *text, size_t start, size_t end) {
  int nl = 0;
  size_t line_begin = 0;
  for (size_t i = 0; i < start; i++)
    if (text[i] == '\n') nl++, line_begin = i + 1;
  /* The needle is the match up to the end of its line. */
  size_t nlen = end - start;
  const char *eol = memchr(text + start, '\n', nlen);
  if (eol) nlen = (size_t)(eol - (text + start));
  /* Which occurrence of the needle on its literal line this is. */
  size_t nth = 0;
  for (size_t i = line_begin; i < start; i++)
    if (memcmp(text + i, text + start, nlen) == 0) nth++;
  srcpos at = {first.line + nl, nl ? 1 : first.col};
  int fallback = at.col + (int)(start - line_begin);
  size_t llen;
  const char *line = source_line(k, at.line, &llen);
  long col = -1;
  if (line && at.col >= 1) {
    col = find_nth(line, llen, (size_t)at.col - 1, text + start, nlen, nth);
    if (col < 0) col = find_nth(line, llen, 0, text + start, nlen, 0);
  }
  at.col = col >= 0 ? (int)col + 1 : fallback;
  return at;
}

/* Offset in the parsed text of a file position. */
static size_t text_offset(ck *k, srcpos pos) {
  if (!k->line_starts) build_lines(k);
  if (pos.line < 1 || (size_t)pos.line > k->n_lines) return k->c->text_len;
  size_t off = k->line_starts[pos.line - 1] + (size_t)(pos.col > 0 ? pos.col - 1 : 0);
  return off < k->c->text_len ? off : k->c->text_len;
}

/* The file position of a text offset. */
static srcpos offset_pos(ck *k, size_t off) {
  size_t lo = 0, hi = k->n_lines; /* last line start <= off */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (k->line_starts[mid] <= off) lo = mid;
    else hi = mid;
  }
  return (srcpos){(int)lo + 1, (int)(off - k->line_starts[lo]) + 1};
}

srcpos ck_value_spot(ck *k, const mtext *t, size_t start, size_t end) {
  if (!k->c->text || t->pos.line < 1) return t->pos;
  size_t nlen = end - start;
  const char *eol = memchr(t->s + start, '\n', nlen);
  if (eol) nlen = (size_t)(eol - (t->s + start));
  if (nlen == 0) return t->pos;
  size_t nth = 0;
  for (size_t i = 0; i < start; i++)
    if (i + nlen <= t->len && memcmp(t->s + i, t->s + start, nlen) == 0) nth++;
  /* The value's extent: the rest of its line and the lines after it that
   * are indented deeper than its key (how YAML continues a scalar). */
  const char *text = k->c->text;
  size_t from = text_offset(k, t->pos), to = from;
  int indent = t->key_pos.line > 0 && t->key_pos.line <= t->pos.line ? t->key_pos.col : t->pos.col;
  for (int line = t->pos.line;; line++) {
    size_t len;
    const char *l = source_line(k, line, &len);
    if (!l) break;
    if (line > t->pos.line) {
      size_t sp = 0;
      while (sp < len && l[sp] == ' ') sp++;
      if (sp < len && (int)sp + 1 <= indent) break;
    }
    to = (size_t)(l - text) + len;
  }
  long at = find_nth(text + from, to - from, 0, t->s + start, nlen, nth);
  if (at < 0) at = find_nth(text + from, to - from, 0, t->s + start, nlen, 0);
  return at < 0 ? t->pos : offset_pos(k, from + (size_t)at);
}

/* ---- variables ----------------------------------------------------------------- */

typedef struct {
  ck *k;
  var_names *names;  /* made at the first wrong path */
  srcpos first;      /* position of the literal's first byte */
  const char *text;  /* the literal */
  size_t reported;   /* undefined variables reported in this literal */
  struct cmark_node *html_parent; /* block of the last inline HTML reported */
  struct cmark_node *link_block;  /* block of the last link reported */
  size_t links_reported;          /* links reported in it */
} var_ctx;

static void on_variable(void *ctx, size_t ref_start, size_t ref_len, const char *path,
                        size_t path_len) {
  var_ctx *v = ctx;
  ck *k = v->k;
  if (var_value(k->c, path, path_len, NULL) || v->reported >= CK_PER_TEXT) return;
  v->reported++;
  if (!v->names) v->names = var_names_new(k->c);
  srcpos at = ck_body_spot(k, v->first, v->text, ref_start, ref_start + ref_len);
  const char *shown = ck_quote(k, path, path_len), *collection = NULL;
  char *near = var_names_suggest(v->names, path, path_len), *ids = NULL;
  if (near)
    diag_report(k->dl, DIAG_UNDEFINED_VARIABLE, at, shown, ck_keep(k, near));
  else if ((ids = var_names_ids(v->names, path, path_len, CK_LIST_CAP, &collection)) != NULL)
    diag_report(k->dl, DIAG_UNDEFINED_VARIABLE_ID, at, shown, collection, ck_keep(k, ids));
  else
    diag_report(k->dl, DIAG_UNDEFINED_VARIABLE_FORMS, at, shown, var_forms());
}

/* ---- the walk ---------------------------------------------------------------------- */

static void check_heading(ck *k, cmark_node *n, bool *found) {
  if (!k->p || cmark_node_get_heading_level(n) > 2) return;
  buf b;
  buf_init(&b);
  model_heading_text(n, &b);
  srcpos at = model_body_pos(k->c, n);
  bool matched = false; /* a pattern went over the text before */
  for (size_t i = 0; i < k->p->n_sections; i++) {
    size_t s, e;
    if (found[i]) continue;
    if (ck_match(k, k->p->sections[i].re, b.data ? b.data : "", b.len, matched, &s, &e, at, _("section names")) > 0)
      found[i] = true;
    matched = true;
  }
  buf_free(&b);
}

/* An inline "<naam>" is a blank to fill in, not HTML. */
static bool is_placeholder_html(ck *k, const char *lit, size_t len, srcpos at) {
  if (!k->p) return false;
  for (size_t i = 0; i < k->p->n_placeholders; i++) {
    size_t s, e;
    if (ck_match(k, k->p->placeholders[i].re, lit, len, i > 0, &s, &e, at, _("placeholders")) > 0 &&
        s == 0 && e == len)
      return true;
  }
  return false;
}

/* The block (paragraph, heading, table cell) an inline node is in. */
static cmark_node *block_of(cmark_node *n) {
  cmark_node *b = cmark_node_parent(n);
  while (b && (cmark_node_get_type(b) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE) b = cmark_node_parent(b);
  return b;
}

/* The text of an autolink ("https://a", "www.a.nl", "a@b.nl"), or NULL
 * for a link written as [text](target). */
static const char *autolink_text(ck *k, cmark_node *link, srcpos at) {
  size_t llen;
  const char *line = at.line > 0 ? source_line(k, at.line, &llen) : NULL;
  if (line && at.col >= 1 && (size_t)at.col <= llen && line[at.col - 1] == '[') return NULL;
  cmark_node *child = cmark_node_first_child(link);
  if (!child || cmark_node_get_type(child) != CMARK_NODE_TEXT || cmark_node_next(child)) return NULL;
  return cmark_node_get_literal(child);
}

/* The nth occurrence (from 0) of needle on the file lines first..last,
 * or {0, 0}. */
static srcpos nth_on_lines(ck *k, int first, int last, const char *needle, size_t nth) {
  size_t nlen = strlen(needle);
  for (int l = first; l <= last; l++) {
    size_t llen;
    const char *line = source_line(k, l, &llen);
    if (!line) break;
    for (size_t i = 0; i + nlen <= llen; i++) {
      if (memcmp(line + i, needle, nlen) != 0) continue;
      if (nth-- == 0) return (srcpos){l, (int)i + 1};
    }
  }
  return (srcpos){0, 0};
}

/* cmark-gfm places autolinks badly: "<https://...>" and "www..." at a
 * column counted from the start of their paragraph, or one off, a bare
 * "https://..." at no position at all. Such a link is found by its text
 * (with its angle brackets, when written so) on its line, or, without
 * one, on the lines of the block that holds it: the nth occurrence for
 * the nth autolink of that text there. */
static srcpos link_spot(ck *k, cmark_node *link, srcpos at) {
  const char *text = autolink_text(k, link, at);
  if (!text) return at;
  cmark_node *block = block_of(link);
  int first = at.line, last = at.line;
  if (first <= 0) {
    srcpos b = model_body_pos(k->c, block);
    if (b.line <= 0) return at;
    first = b.line;
    last = first + cmark_node_get_end_line(block) - cmark_node_get_start_line(block);
  }
  size_t nth = 0;
  cmark_iter *it = cmark_iter_new(block);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *m = cmark_iter_get_node(it);
    if (m == link) break;
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(m) != CMARK_NODE_LINK) continue;
    srcpos mat = model_body_pos(k->c, m);
    const char *other = mat.line == at.line ? autolink_text(k, m, mat) : NULL;
    if (other && strcmp(other, text) == 0) nth++;
  }
  cmark_iter_free(it);
  char *pointy = xasprintf("<%s>", text);
  srcpos spot = nth_on_lines(k, first, last, pointy, nth);
  free(pointy);
  if (spot.line == 0) spot = nth_on_lines(k, first, last, text, nth);
  if (spot.line == 0 && at.line <= 0) spot = (srcpos){first, 1};
  return spot.line ? spot : at;
}

/* A link whose target the documents change or drop (compose_link.c
 * decides, for the writers too). */
static void check_link(ck *k, cmark_node *n, srcpos at, var_ctx *vars) {
  const char *url = cmark_node_get_url(n);
  doc_link_fate fate;
  char *target = doc_link_target(url, &fate);
  cmark_node *block = block_of(n);
  if (block != vars->link_block) vars->link_block = block, vars->links_reported = 0;
  /* a block full of bad links gets CK_PER_TEXT findings: placing each
   * one reads the block */
  if (fate != DOC_LINK_KEPT && vars->links_reported++ < CK_PER_TEXT) {
    at = link_spot(k, n, at);
    const char *shown = ck_quote(k, url ? url : "", url ? strlen(url) : 0);
    switch (fate) {
    case DOC_LINK_KEPT: break;
    case DOC_LINK_ENCODED:
      diag_report(k->dl, DIAG_LINK_ENCODED, at, shown, ck_quote(k, target, strlen(target)));
      break;
    case DOC_LINK_SCHEME: diag_report(k->dl, DIAG_LINK_SCHEME, at, shown); break;
    case DOC_LINK_BAD_PORT: diag_report(k->dl, DIAG_LINK_BAD_PORT, at, shown); break;
    case DOC_LINK_BAD_HOST: diag_report(k->dl, DIAG_LINK_BAD_HOST, at, shown); break;
    }
  }
  free(target);
}

static void check_node(ck *k, cmark_node *n, bool *found, var_ctx *vars) {
  const char *lit = cmark_node_get_literal(n);
  size_t len = lit ? strlen(lit) : 0;
  srcpos at = model_body_pos(k->c, n);
  switch (cmark_node_get_type(n)) {
  case CMARK_NODE_HEADING:
    check_heading(k, n, found);
    break;
  case CMARK_NODE_TEXT:
    ck_placeholders(k, lit, len, at, NULL);
    vars->first = at;
    vars->text = lit;
    vars->reported = 0;
    if (lit) model_each_variable(lit, len, on_variable, vars);
    break;
  case CMARK_NODE_CODE:
    ck_placeholders(k, lit, len, at, NULL);
    break;
  case CMARK_NODE_LINK:
    check_link(k, n, at, vars);
    break;
  case CMARK_NODE_CODE_BLOCK: {
    int flen, foff;
    char fch;
    /* A fenced block's text starts on the line after the fence. */
    if (cmark_node_get_fenced(n, &flen, &foff, &fch)) at.line++;
    ck_placeholders(k, lit, len, at, NULL);
    break;
  }
  case CMARK_NODE_HTML_BLOCK: {
    /* "<naam van de partij>" alone on a line is a block to cmark */
    size_t trimmed = len;
    while (trimmed > 0 && (lit[trimmed - 1] == '\n' || lit[trimmed - 1] == ' ')) trimmed--;
    if (!lit || !is_placeholder_html(k, lit, trimmed, at)) diag_report(k->dl, DIAG_RAW_HTML, at);
    ck_placeholders(k, lit, len, at, NULL);
    break;
  }
  case CMARK_NODE_HTML_INLINE: {
    if (lit && is_placeholder_html(k, lit, len, at)) {
      ck_placeholders(k, lit, len, at, NULL);
      break;
    }
    /* "<b>samen</b>" is one finding: a closing tag after a reported tag
     * of the same paragraph adds nothing. */
    cmark_node *parent = cmark_node_parent(n);
    if (len > 1 && lit[1] == '/' && parent == vars->html_parent) break;
    vars->html_parent = parent;
    diag_report(k->dl, DIAG_RAW_HTML, at);
    break;
  }
  default:
    break;
  }
}

void ck_body(ck *k) {
  const contract *c = k->c;
  const profile *p = k->p;
  bool *found = xcalloc(p ? p->n_sections + 1 : 1, sizeof(bool));
  var_ctx vars = {.k = k};
  if (c->body) {
    cmark_iter *it = cmark_iter_new(c->body);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
      if (ev == CMARK_EVENT_ENTER) check_node(k, cmark_iter_get_node(it), found, &vars);
    cmark_iter_free(it);
  }
  if (p && c->body) { /* a body too deep to parse was reported as such */
    /* Missing sections belong to the body as a whole: its first line
     * with text (or where it would start). */
    srcpos at = {c->body_line > 0 ? c->body_line : 1, 1};
    size_t len;
    for (int line = at.line;; line++) {
      const char *l = source_line(k, line, &len);
      if (!l) break;
      size_t sp = 0;
      while (sp < len && (l[sp] == ' ' || l[sp] == '\t')) sp++;
      if (sp < len) {
        at.line = line;
        break;
      }
    }
    for (size_t i = 0; i < p->n_sections; i++) {
      if (found[i]) continue;
      const char *label = profile_label2(p, k->lang, "section", p->sections[i].id);
      diag_report(k->dl, DIAG_MISSING_SECTION, at, label, label);
    }
  }
  var_names_free(vars.names);
  free(found);
}
