/* odt.c - the ODT writer: renders a composed doc as an OpenDocument text
 * package (mimetype, content.xml, styles.xml, meta.xml, manifest). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docinfo.h"
#include "doctext.h"
#include "i18n.h"
#include "odt_impl.h"
#include "writers.h"
#include "zipio.h"

static const char ODT_MIMETYPE[] = "application/vnd.oasis.opendocument.text";

/* The namespaces of content.xml, declared once on the root. */
static const char *const content_ns[] = {
    "xmlns:office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "xmlns:style",  "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "xmlns:text",   "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "xmlns:table",  "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "xmlns:draw",   "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "xmlns:fo",     "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xmlns:xlink",  "http://www.w3.org/1999/xlink",
    "xmlns:dc",     "http://purl.org/dc/elements/1.1/",
    "xmlns:meta",   "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "xmlns:number", "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
    "xmlns:svg",    "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    NULL};

/* Named paragraph styles of templates/styles/odt/styles.xml, by doc_style. */
static const char *const para_styles[DOC_STYLE__COUNT] = {
    [DOC_STYLE_BODY] = "Text_20_body",
    [DOC_STYLE_TITLE] = "Title",
    [DOC_STYLE_SUBTITLE] = "Subtitle",
    [DOC_STYLE_META] = "wk_Meta",
    [DOC_STYLE_PARTY] = "wk_Party",
    [DOC_STYLE_TABLE] = "Table_20_Contents",
    [DOC_STYLE_TABLE_HEAD] = "Table_20_Heading",
    [DOC_STYLE_LEGEND] = "wk_Legend",
    [DOC_STYLE_SIGNATURE] = "wk_Signature",
    [DOC_STYLE_SIGN_LINE] = "wk_SignLine",
    [DOC_STYLE_QUOTE] = "Quotations",
    [DOC_STYLE_CODE] = "Preformatted_20_Text",
    [DOC_STYLE_NOTE] = "Footnote",
    [DOC_STYLE_TABLE_LABEL] = "wk_TableLabel",
};

static const char *para_style(doc_style s) {
  return (unsigned)s < DOC_STYLE__COUNT && para_styles[s] ? para_styles[s] : "Text_20_body";
}

/* prefix and a, then "." and b unless b is 0, into out (NAME_SIZE bytes):
 * the names of the tables and of their automatic styles, a column's
 * twice, without printf. */
enum { NAME_SIZE = 64 };
static const char *numbered(char *out, const char *prefix, size_t a, size_t b) {
  size_t n = strlen(prefix);
  memcpy(out, prefix, n);
  n += strlen(str_size(out + n, a));
  if (b) {
    out[n++] = '.';
    str_size(out + n, b);
  }
  return out;
}

/* ---- text ---- */

void odt_para_start(odt_ctx *x, const char *element, const char *style) {
  xmlw_start(x->w, element);
  if (style) xmlw_attr(x->w, "text:style-name", style);
  x->at_para_start = true;
  x->last_was_space = false;
  x->more = false;
}

void odt_para_end(odt_ctx *x) { xmlw_end(x->w); }

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Writes text: tabs as text:tab, line ends as text:line-break, and every
 * space ODF would collapse (leading, repeated, trailing) as text:s. */
void odt_put_text(odt_ctx *x, const char *s, size_t len) {
  size_t lit = 0; /* start of the literal stretch not yet written */
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c == ' ') {
      bool next_ok = i + 1 < len ? !is_blank(s[i + 1]) : x->more;
      bool keep_literal = !x->at_para_start && !x->last_was_space && next_ok;
      if (keep_literal) {
        x->last_was_space = true;
        continue;
      }
      xmlw_text(x->w, s + lit, i - lit);
      size_t n = 1;
      while (i + n < len && s[i + n] == ' ') n++;
      xmlw_start(x->w, "text:s");
      if (n > 1) xmlw_attr_long(x->w, "text:c", (long)n);
      xmlw_end(x->w);
      i += n - 1;
      lit = i + 1;
      x->last_was_space = true;
      x->at_para_start = false;
    } else if (c == '\t' || c == '\n' || c == '\r') {
      xmlw_text(x->w, s + lit, i - lit);
      if (c == '\t') xmlw_element(x->w, "text:tab", NULL, NULL);
      else if (c == '\n') xmlw_element(x->w, "text:line-break", NULL, NULL);
      lit = i + 1;
      x->last_was_space = c != '\r';
      x->at_para_start = false;
    } else { /* ordinary characters, up to the next blank, at once */
      while (i + 1 < len && !is_blank(s[i + 1])) i++;
      x->last_was_space = false;
      x->at_para_start = false;
    }
  }
  xmlw_text(x->w, s + lit, len - lit);
}

/* The text style of a combination of RUN_* flags: a named style for one
 * kind of formatting (restyled by a reference document), an automatic
 * style wkT<flags> for combinations, NULL for plain text. */
static const char *span_style(unsigned flags, char *tmp, size_t tmplen) {
  flags &= RUN_BOLD | RUN_ITALIC | RUN_CODE | RUN_STRIKE;
  switch (flags) {
  case 0: return NULL;
  case RUN_BOLD: return "Strong_20_Emphasis";
  case RUN_ITALIC: return "Emphasis";
  case RUN_CODE: return "Source_20_Text";
  case RUN_STRIKE: return "wk_Strike";
  default: snprintf(tmp, tmplen, "wkT%u", flags); return tmp;
  }
}

/* ---- tracked changes ---- */

/* Whether a run is a tracked change the text marks (a footnote's text
 * holds none: a note inserted or deleted is one change, mark and text). */
static bool is_change(const odt_ctx *x, unsigned flags) {
  return !x->in_note && !x->in_group && (flags & (RUN_INS | RUN_DEL));
}

static void put_note(odt_ctx *x, const doc_run *r);

/* <office:change-info>: who and when. */
static void change_info(odt_ctx *x) {
  xmlw_start(x->w, "office:change-info");
  xmlw_element(x->w, "dc:creator", NULL, ODT_CHANGE_AUTHOR);
  xmlw_element(x->w, "dc:date", NULL, x->change_date);
  xmlw_end(x->w);
}

/* One text:changed-region: an insertion, or a deletion holding the text
 * it took away. */
static void changed_region(odt_ctx *x, const doc_run *r) {
  char id[32];
  snprintf(id, sizeof id, "ct%lu", x->next_change++);
  xmlw_start(x->w, "text:changed-region");
  xmlw_attr(x->w, "xml:id", id);
  xmlw_attr(x->w, "text:id", id);
  xmlw_start(x->w, r->flags & RUN_DEL ? "text:deletion" : "text:insertion");
  change_info(x);
  if (r->flags & RUN_DEL) {
    odt_para_start(x, "text:p", NULL);
    if (r->flags & RUN_BREAK) xmlw_element(x->w, "text:line-break", NULL, NULL);
    else if (r->flags & (RUN_NOTE | RUN_NOTE_REF)) put_note(x, r);
    else if (r->text) odt_put_text(x, r->text, strlen(r->text));
    odt_para_end(x);
  }
  xmlw_end(x->w);
  xmlw_end(x->w);
}

static void regions_of_blocks(odt_ctx *x, const doc_block *blocks, size_t n);

/* ---- paragraphs changed whole ----
 * A paragraph a redline inserted or deleted whole goes with its paragraph
 * break, so that accepting or rejecting all changes leaves no empty
 * paragraph behind: a run of them is marked against the paragraph that
 * follows (a deletion's paragraphs in its region, then an empty one: the
 * break; its text:change at the start of the next paragraph; an
 * insertion from the start of its first paragraph to the start of the
 * next) or, as LibreOffice marks them and where there is one, against the
 * end of the paragraph before (a deletion's region then starts with the
 * empty paragraph; an insertion runs from that end to the end of its
 * last paragraph). */

typedef enum { UNIT_NONE, UNIT_BEFORE, UNIT_AFTER } unit_mode;

/* doc_block_change, for the paragraphs marked paragraph-wise: not in a
 * note (one change as a whole) nor in a table cell. */
static unsigned whole_change(const odt_ctx *x, const doc_block *b) {
  return x->in_note || x->in_cell ? 0 : doc_block_change(b);
}

/* Whether blocks[i] starts a run of paragraphs changed whole (to *end)
 * and how it is marked. */
static unit_mode whole_unit(const odt_ctx *x, const doc_block *blocks, size_t n, size_t i, size_t *end) {
  if (!whole_change(x, &blocks[i]) || (i > 0 && whole_change(x, &blocks[i - 1]))) return UNIT_NONE;
  size_t j = i;
  while (j < n && whole_change(x, &blocks[j])) j++;
  *end = j;
  if (i > 0 && doc_block_has_runs(&blocks[i - 1])) return UNIT_AFTER; /* as LibreOffice marks them */
  if (j < n && doc_block_has_runs(&blocks[j])) return UNIT_BEFORE;
  return UNIT_NONE;
}

static void write_heading(odt_ctx *x, const doc_block *b);
static void write_paragraph(odt_ctx *x, const doc_block *b, const char *style_override);

static void write_whole(odt_ctx *x, const doc_block *b) {
  bool g = x->in_group;
  x->in_group = true;
  if (b->kind == DOC_HEADING) write_heading(x, b);
  else write_paragraph(x, b, NULL);
  x->in_group = g;
}

/* The regions of blocks[i..end): one per stretch of deleted or of
 * inserted paragraphs, as write_blocks numbers them. */
static void unit_regions(odt_ctx *x, const doc_block *blocks, size_t n, size_t i, size_t end) {
  bool before = whole_unit(x, blocks, n, i, &end) == UNIT_BEFORE;
  for (size_t s = i, t; s < end; s = t) {
    unsigned mark = whole_change(x, &blocks[s]);
    for (t = s; t < end && whole_change(x, &blocks[t]) == mark; t++) {}
    char id[32];
    snprintf(id, sizeof id, "ct%lu", x->next_change++);
    xmlw_start(x->w, "text:changed-region");
    xmlw_attr(x->w, "xml:id", id);
    xmlw_attr(x->w, "text:id", id);
    xmlw_start(x->w, mark == RUN_DEL ? "text:deletion" : "text:insertion");
    change_info(x);
    if (mark == RUN_DEL) {
      if (!before) { /* the break before them */
        odt_para_start(x, "text:p", NULL);
        odt_para_end(x);
      }
      for (size_t k = s; k < t; k++) write_whole(x, &blocks[k]);
      if (before) { /* the break after them */
        odt_para_start(x, "text:p", NULL);
        odt_para_end(x);
      }
    }
    xmlw_end(x->w);
    xmlw_end(x->w);
  }
}

/* The marks waiting for the start of the next paragraph. */
static void flush_pending(odt_ctx *x) {
  for (size_t i = 0; i < x->n_pending; i++) {
    char id[32];
    snprintf(id, sizeof id, "ct%lu", x->pending[i].id);
    xmlw_start(x->w, x->pending[i].element);
    xmlw_attr(x->w, "text:change-id", id);
    xmlw_end(x->w);
  }
  x->n_pending = 0;
}

static void add_pending(odt_ctx *x, const char *element, unsigned long id) {
  if (x->n_pending == sizeof x->pending / sizeof x->pending[0]) { /* never more than two wait */
    flush_pending(x);
  }
  x->pending[x->n_pending].element = element;
  x->pending[x->n_pending++].id = id;
}

static void change_point(odt_ctx *x, const char *element, unsigned long id) {
  char s[32];
  snprintf(s, sizeof s, "ct%lu", id);
  xmlw_start(x->w, element);
  xmlw_attr(x->w, "text:change-id", s);
  xmlw_end(x->w);
}

/* A unit marked against what follows: deleted paragraphs leave a mark
 * for the next paragraph, inserted ones are written between a
 * change-start at their start and a change-end at the next's. */
static void write_unit_before(odt_ctx *x, const doc_block *blocks, size_t i, size_t end) {
  for (size_t s = i, t; s < end; s = t) {
    unsigned mark = whole_change(x, &blocks[s]);
    for (t = s; t < end && whole_change(x, &blocks[t]) == mark; t++) {}
    unsigned long id = x->next_change++;
    if (mark == RUN_DEL) {
      add_pending(x, "text:change", id);
      continue;
    }
    add_pending(x, "text:change-start", id);
    for (size_t k = s; k < t; k++) write_whole(x, &blocks[k]);
    add_pending(x, "text:change-end", id);
  }
}

/* The end of a paragraph: the change-end that waits for it, then a unit
 * marked against it (see write_unit_before, the other way round): a
 * deletion's mark here, an insertion's change-start here and its
 * change-end at the end of its last paragraph, after which the rest of
 * the unit is marked in turn. */
static void close_para(odt_ctx *x) {
  if (x->end_mark) change_point(x, "text:change-end", x->end_mark);
  x->end_mark = 0;
  const doc_block *blocks = x->after;
  size_t n = x->n_after, s = 0;
  x->after = NULL;
  x->n_after = 0;
  while (s < n && whole_change(x, &blocks[s]) == RUN_DEL) s++;
  if (s > 0) change_point(x, "text:change", x->next_change++); /* the deleted ones: one region */
  if (s == n) {
    odt_para_end(x);
    return;
  }
  size_t t = s;
  while (t < n && whole_change(x, &blocks[t]) == RUN_INS) t++;
  unsigned long id = x->next_change++;
  change_point(x, "text:change-start", id);
  odt_para_end(x);
  for (size_t k = s; k < t; k++) {
    if (k + 1 == t) { /* the last one ends the insertion, then marks the rest */
      x->end_mark = id;
      x->after = blocks + t;
      x->n_after = n - t;
    }
    write_whole(x, &blocks[k]);
  }
}

/* The regions of the changes in one block, in the order write_blocks
 * meets them. */
static void regions_of_block(odt_ctx *x, const doc_block *b) {
  switch (b->kind) {
  case DOC_HEADING:
  case DOC_PARAGRAPH:
    for (size_t i = 0; i < b->n_runs; i++)
      if (is_change(x, b->runs[i].flags)) changed_region(x, &b->runs[i]);
    break;
  case DOC_TABLE:
    x->in_cell = true; /* as write_table */
    for (size_t r = 0; r < b->n_rows; r++)
      for (size_t c = 0; c < b->rows[r].n_cells && c < b->n_cols; c++)
        regions_of_blocks(x, b->rows[r].cells[c].blocks, b->rows[r].cells[c].n_blocks);
    x->in_cell = false;
    break;
  case DOC_LIST:
    for (size_t i = 0; i < b->n_items; i++) regions_of_blocks(x, b->items[i].blocks, b->items[i].n_blocks);
    break;
  case DOC_QUOTE: regions_of_blocks(x, b->children, b->n_children); break;
  case DOC_PAGE_BREAK: break;
  }
}

static void regions_of_blocks(odt_ctx *x, const doc_block *blocks, size_t n) {
  for (size_t i = 0; i < n; i++) {
    size_t end;
    if (whole_unit(x, blocks, n, i, &end) != UNIT_NONE) {
      unit_regions(x, blocks, n, i, end);
      i = end - 1;
    } else {
      regions_of_block(x, &blocks[i]);
    }
  }
}

static bool any_change(const odt_ctx *x, const doc_block *blocks, size_t n);

static bool block_changes(const odt_ctx *x, const doc_block *b) {
  switch (b->kind) {
  case DOC_HEADING:
  case DOC_PARAGRAPH:
    for (size_t i = 0; i < b->n_runs; i++)
      if (is_change(x, b->runs[i].flags)) return true;
    return false;
  case DOC_TABLE:
    for (size_t r = 0; r < b->n_rows; r++)
      for (size_t c = 0; c < b->rows[r].n_cells && c < b->n_cols; c++)
        if (any_change(x, b->rows[r].cells[c].blocks, b->rows[r].cells[c].n_blocks)) return true;
    return false;
  case DOC_LIST:
    for (size_t i = 0; i < b->n_items; i++)
      if (any_change(x, b->items[i].blocks, b->items[i].n_blocks)) return true;
    return false;
  case DOC_QUOTE: return any_change(x, b->children, b->n_children);
  case DOC_PAGE_BREAK: return false;
  }
  return false;
}

static bool any_change(const odt_ctx *x, const doc_block *blocks, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (block_changes(x, &blocks[i])) return true;
  return false;
}

/* <text:tracked-changes> before the text, when the tree has changes. */
static void tracked_changes(odt_ctx *x, const doc *d) {
  if (!any_change(x, d->blocks, d->n_blocks)) return;
  build_time_iso(x->change_date, false); /* SOURCE_DATE_EPOCH, for reproducible output */
  x->next_change = 1;
  xmlw_start(x->w, "text:tracked-changes");
  xmlw_attr(x->w, "text:track-changes", "false");
  regions_of_blocks(x, d->blocks, d->n_blocks);
  xmlw_end(x->w);
  x->next_change = 1; /* the text counts them again in the same order */
}

/* Where a change stands in the text: an insertion around its text, a
 * deletion as a mark (its text is in the region). Returns whether the
 * run's text is to be written. */
static bool change_mark(odt_ctx *x, unsigned flags, bool end) {
  char id[32];
  snprintf(id, sizeof id, "ct%lu", end ? x->next_change - 1 : x->next_change++);
  if (flags & RUN_DEL) {
    if (!end) {
      xmlw_start(x->w, "text:change");
      xmlw_attr(x->w, "text:change-id", id);
      xmlw_end(x->w);
    }
    return false;
  }
  xmlw_start(x->w, end ? "text:change-end" : "text:change-start");
  xmlw_attr(x->w, "text:change-id", id);
  xmlw_end(x->w);
  return true;
}

void odt_put_run(odt_ctx *x, const char *s, size_t len, unsigned flags, const char *href) {
  if (is_change(x, flags)) {
    if (change_mark(x, flags, false)) {
      odt_put_run(x, s, len, flags & ~(unsigned)(RUN_INS | RUN_DEL), href);
      change_mark(x, flags, true);
    }
    return;
  }
  if (flags & RUN_BREAK) {
    xmlw_element(x->w, "text:line-break", NULL, NULL);
    x->last_was_space = true;
    return;
  }
  bool link = href != NULL; /* the tree holds only doc_link_target's URIs */
  if (link) {
    xmlw_start(x->w, "text:a");
    xmlw_attr(x->w, "xlink:type", "simple");
    xmlw_attr(x->w, "xlink:href", href);
    xmlw_attr(x->w, "text:style-name", "Internet_20_link");
    xmlw_attr(x->w, "text:visited-style-name", "Internet_20_link");
  }
  char tmp[16];
  const char *st = span_style(flags, tmp, sizeof tmp);
  if (st) {
    xmlw_start(x->w, "text:span");
    xmlw_attr(x->w, "text:style-name", st);
  }
  odt_put_text(x, s, len);
  if (st) xmlw_end(x->w);
  if (link) xmlw_end(x->w);
}

static void write_blocks(odt_ctx *x, const doc_block *blocks, size_t n, bool heading_after);

/* A footnote where it stands, its text in the note's body; a further
 * reference to it, superscript like the note's own citation. */
static void put_note(odt_ctx *x, const doc_run *r) {
  char id[32];
  /* a deleted note stands in its change's region, apart from the notes
   * the text refers to */
  if (r->flags & RUN_DEL) snprintf(id, sizeof id, "wkfnd%lu", ++x->deleted_notes);
  else snprintf(id, sizeof id, "wkfn%u", r->note + 1);
  if (!(r->flags & RUN_NOTE) || x->in_note || r->note >= x->d->n_notes) {
    xmlw_start(x->w, "text:span");
    xmlw_attr(x->w, "text:style-name", "Footnote_20_anchor");
    xmlw_start(x->w, "text:note-ref");
    xmlw_attr(x->w, "text:note-class", "footnote");
    xmlw_attr(x->w, "text:reference-format", "text");
    xmlw_attr(x->w, "text:ref-name", id);
    xmlw_texts(x->w, r->text);
    xmlw_end(x->w);
    xmlw_end(x->w);
    x->last_was_space = false;
    return;
  }
  const doc_item *note = &x->d->notes[r->note];
  xmlw_start(x->w, "text:note");
  xmlw_attr(x->w, "text:id", id);
  xmlw_attr(x->w, "text:note-class", "footnote");
  xmlw_element(x->w, "text:note-citation", NULL, r->text);
  xmlw_start(x->w, "text:note-body");
  bool at = x->at_para_start, sp = x->last_was_space, more = x->more;
  size_t quotes = x->quotes;
  x->in_note = true;
  x->quotes = 0;
  write_blocks(x, note->blocks, note->n_blocks, false);
  if (note->n_blocks == 0) { /* a note body needs a paragraph */
    odt_para_start(x, "text:p", "Footnote");
    odt_para_end(x);
  }
  x->in_note = false;
  x->quotes = quotes;
  xmlw_end(x->w);
  xmlw_end(x->w);
  x->at_para_start = at;
  x->last_was_space = sp;
  x->more = more;
}

static void put_runs(odt_ctx *x, const doc_run *runs, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const doc_run *r = &runs[i];
    x->more = i + 1 < n;
    if (!(r->flags & (RUN_NOTE | RUN_NOTE_REF))) {
      odt_put_run(x, r->text, r->text ? strlen(r->text) : 0, r->flags, r->href);
    } else if (!is_change(x, r->flags)) {
      put_note(x, r);
    } else if (change_mark(x, r->flags, false)) { /* inserted; a deletion is in its region */
      put_note(x, r);
      change_mark(x, r->flags, true);
    }
  }
}

/* ---- doc blocks ---- */

/* A heading in wkH<level>, its level's style kept with the next paragraph
 * and given the tab stop after its number (write_fixed_auto_styles): a
 * reference document's heading styles keep their look but cannot strand
 * a heading at a page's foot or run number and title together. */
static void write_heading(odt_ctx *x, const doc_block *b) {
  int level = b->level < 1 ? 1 : b->level;
  char style[NAME_SIZE];
  numbered(style, "wkH", (size_t)(level > ODT_HEADING_STYLES ? ODT_HEADING_STYLES : level), 0);
  odt_para_start(x, "text:h", style);
  xmlw_attr_long(x->w, "text:outline-level", level > 10 ? 10 : level);
  flush_pending(x);
  if (b->number) {
    x->more = true;
    odt_put_text(x, b->number, strlen(b->number));
    xmlw_element(x->w, "text:tab", NULL, NULL);
    x->last_was_space = true;
  }
  put_runs(x, b->runs, b->n_runs);
  close_para(x);
}

/* The style of a paragraph: its kind's, kept with the next one where it
 * must be, or the quotation style of its depth for body text in quotes
 * (wkQ<depth>, the indentation of DOC_QUOTE_INDENT_CM per level). */
static const char *paragraph_style(odt_ctx *x, const doc_block *b, char tmp[NAME_SIZE]) {
  if (x->quotes > 0 && (b->style == DOC_STYLE_BODY || b->style == DOC_STYLE_QUOTE))
    return numbered(tmp, "wkQ", x->quotes, 0);
  if (b->keep_with_next) return numbered(tmp, "wkK", (size_t)b->style, 0);
  /* before a heading, the space below that the heading's space above
   * takes for granted (templates/styles/odt/styles.xml) */
  if (x->before_heading && x->tight && b->style == DOC_STYLE_BODY) return "wk_CompactBeforeHeading";
  if (x->before_heading && b->style == DOC_STYLE_META) return "wk_MetaBeforeHeading";
  if (x->before_heading && b->style == DOC_STYLE_LEGEND) return "wk_LegendBeforeHeading";
  if (x->tight && b->style == DOC_STYLE_BODY) return "wk_Compact"; /* as DOCX's Compact */
  return para_style(b->style);
}

static void write_paragraph(odt_ctx *x, const doc_block *b, const char *style_override) {
  char tmp[NAME_SIZE];
  const char *style = style_override ? style_override : paragraph_style(x, b, tmp);
  odt_para_start(x, "text:p", style);
  flush_pending(x);
  put_runs(x, b->runs, b->n_runs);
  close_para(x);
}

/* Starts a table and records what its automatic styles need: its column
 * widths, indentation and whether it keeps together and with what
 * follows. */
static size_t odt_table_begin(odt_ctx *x, const doc_block *b, bool before_heading) {
  if (x->n_tables == 0 || (x->n_tables & (x->n_tables - 1)) == 0)
    x->tables = xrealloc(x->tables, (x->n_tables ? 2 * x->n_tables : 1) * sizeof *x->tables);
  odt_table_style *t = &x->tables[x->n_tables++];
  size_t n = b->n_cols;
  t->n = n ? n : 1;
  t->widths = xmalloc(t->n * sizeof *t->widths);
  for (size_t i = 0; i < t->n; i++) t->widths[i] = n && b->col_widths ? b->col_widths[i] : 1.0 / (double)t->n;
  t->indent_cm = (double)x->quotes * DOC_QUOTE_INDENT_CM;
  t->keep = (b->flags & DOC_TABLE_KEEP) != 0;
  t->keep_with_next = b->keep_with_next;
  t->before_heading = before_heading;
  size_t id = x->n_tables;
  char name[NAME_SIZE];
  xmlw_start(x->w, "table:table");
  xmlw_attr(x->w, "table:name", numbered(name, "Table", id, 0));
  xmlw_attr(x->w, "table:style-name", numbered(name, "wkTab", id, 0));
  for (size_t i = 0; i < t->n; i++) {
    xmlw_start(x->w, "table:table-column");
    xmlw_attr(x->w, "table:style-name", numbered(name, "wkTab", id, i + 1));
    xmlw_end(x->w);
  }
  return id;
}

/* Header cells' paragraphs always have an automatic style of their own:
 * their colour (on the header shading) must survive a reference
 * document's "Table Heading". */
static const char *odt_cell_para_style(bool head, doc_align align) {
  static const char *const body[] = {"Table_20_Contents", "wkPT_L", "wkPT_C", "wkPT_R"};
  static const char *const hd[] = {"wkPH_D", "wkPH_L", "wkPH_C", "wkPH_R"};
  unsigned a = (unsigned)align <= DOC_ALIGN_RIGHT ? (unsigned)align : 0;
  return head ? hd[a] : body[a];
}

/* A body paragraph that keeps with the next, in its cell's alignment:
 * wkK<style> for the default one, wkPK_<alignment> otherwise. */
static const char *odt_cell_keep_style(doc_style style, doc_align align, char tmp[NAME_SIZE]) {
  static const char *const aligned[] = {NULL, "wkPK_L", "wkPK_C", "wkPK_R"};
  unsigned a = (unsigned)align <= DOC_ALIGN_RIGHT ? (unsigned)align : 0;
  if (aligned[a]) return aligned[a];
  return numbered(tmp, "wkK", (size_t)style, 0);
}

static void cell_open(odt_ctx *x, bool head, unsigned span) {
  xmlw_start(x->w, "table:table-cell");
  xmlw_attr(x->w, "table:style-name", head ? "wkHeadCell" : "wkCell");
  if (span >= 2) xmlw_attr_long(x->w, "table:number-columns-spanned", (long)span);
  xmlw_attr(x->w, "office:value-type", "string");
}

/* A cell without content, all of whose bytes these decide: a role
 * matrix has tens of thousands, nearly all alike. */
typedef struct {
  bool head, keep;
  unsigned span;
  doc_align align;
} empty_cell_said;

static void empty_cell_xml(xmlw *w, const void *arg) {
  const empty_cell_said *s = arg;
  odt_ctx x = {.w = w};
  cell_open(&x, s->head, s->span);
  /* a paragraph of its row, aligned; a dash in a body row (doc_cell) */
  char tmp[NAME_SIZE];
  const char *st = s->keep && !s->head ? odt_cell_keep_style(DOC_STYLE_TABLE, s->align, tmp)
                   : s->align != DOC_ALIGN_DEFAULT || s->head ? odt_cell_para_style(s->head, s->align)
                                                              : para_style(DOC_STYLE_TABLE);
  odt_para_start(&x, "text:p", st);
  if (!s->head) odt_put_text(&x, DOC_EMPTY_CELL, strlen(DOC_EMPTY_CELL));
  odt_para_end(&x);
  xmlw_end(w);
}

static void empty_cell(odt_ctx *x, bool head, bool keep, unsigned span, doc_align align) {
  empty_cell_said s = {head, keep, span, align};
  xmlw_key k = {0};
  xmlw_key_long(&k, s.head | s.keep << 1);
  xmlw_key_long(&k, s.span);
  xmlw_key_long(&k, s.align);
  xmlw_stamp(x->w, &k, empty_cell_xml, &s);
  /* as the paragraph's text leaves them */
  x->at_para_start = head;
  x->last_was_space = x->more = false;
}

/* keep: the row keeps with the next one (write_table), which LibreOffice
 * reads from the first paragraph of the row's first cell. */
static void write_cell(odt_ctx *x, const doc_cell *cell, bool head, bool keep) {
  if (cell->covered) { /* under a spanning cell before it */
    xmlw_element(x->w, "table:covered-table-cell", NULL, NULL);
    return;
  }
  if (cell->n_blocks == 0) {
    empty_cell(x, head, keep, cell->span, cell->align);
    return;
  }
  char tmp[NAME_SIZE];
  cell_open(x, head, cell->span);
  for (size_t k = 0; k < cell->n_blocks; k++) {
    const doc_block *b = &cell->blocks[k];
    const char *st = NULL;
    if (keep && k == 0 && !head)
      st = odt_cell_keep_style(b->style, cell->align, tmp);
    else if (cell->align != DOC_ALIGN_DEFAULT || b->style == DOC_STYLE_TABLE_HEAD)
      st = odt_cell_para_style(b->style == DOC_STYLE_TABLE_HEAD, cell->align);
    write_paragraph(x, b, st);
  }
  xmlw_end(x->w);
}

/* A row and the rest of it (doc_row.with_prev) stay on one page. ODF
 * has no property that keeps a row with the next (only a whole table,
 * style:may-break-between-rows), but LibreOffice, with the TableRowKeep
 * setting on (settings_part), keeps a row with the next when the first
 * paragraph of its first cell keeps with the next, as Word does; the
 * DOCX writer marks the same paragraphs. */
static void write_table(odt_ctx *x, const doc_block *b, bool before_heading) {
  odt_table_begin(x, b, before_heading);
  x->in_cell = true; /* a cell's paragraphs are marked run by run */
  for (size_t r = 0; r < b->n_rows; r++) {
    bool head = r < b->n_header_rows;
    if (head && r == 0) xmlw_start(x->w, "table:table-header-rows");
    xmlw_start(x->w, "table:table-row");
    xmlw_attr(x->w, "table:style-name", head ? "wkHeadRow" : "wkRow");
    bool keep = r + 1 < b->n_rows && b->rows[r + 1].with_prev;
    for (size_t c = 0; c < b->n_cols; c++) {
      if (c < b->rows[r].n_cells) {
        write_cell(x, &b->rows[r].cells[c], head, keep && c == 0);
      } else {
        doc_cell empty = {0};
        write_cell(x, &empty, head, keep && c == 0);
      }
    }
    xmlw_end(x->w);
    if (head && r + 1 == b->n_header_rows) xmlw_end(x->w);
  }
  x->in_cell = false;
  xmlw_end(x->w);
}

/* A list and its items (every ordered list states its start on its first
 * item, so each restarts its numbering instead of continuing another). */
static void write_list(odt_ctx *x, const doc_block *b, bool heading_after) {
  bool ordered = (b->flags & DOC_LIST_ORDERED) != 0, tight = x->tight;
  x->tight = (b->flags & DOC_LIST_TIGHT) != 0;
  xmlw_start(x->w, "text:list");
  xmlw_attr(x->w, "text:style-name", ordered ? "wk_Number" : "wk_Bullet");
  for (size_t i = 0; i < b->n_items; i++) {
    xmlw_start(x->w, "text:list-item");
    if (ordered && i == 0) xmlw_attr_long(x->w, "text:start-value", b->start);
    write_blocks(x, b->items[i].blocks, b->items[i].n_blocks, heading_after && i + 1 == b->n_items);
    xmlw_end(x->w);
  }
  xmlw_end(x->w);
  x->tight = tight;
}

/* Recursion is bounded: lists and quotes nest no deeper than doc.h
 * allows, a cell holds paragraphs, and notes hold no notes. heading_after:
 * a heading follows the last of the blocks. */
static void write_blocks(odt_ctx *x, const doc_block *blocks, size_t n, bool heading_after) {
  for (size_t i = 0; i < n; i++) {
    const doc_block *b = &blocks[i];
    bool heading_next = i + 1 < n ? blocks[i + 1].kind == DOC_HEADING : heading_after;
    size_t end;
    unit_mode mode = whole_unit(x, blocks, n, i, &end);
    if (mode != UNIT_NONE) {
      if (mode == UNIT_BEFORE) write_unit_before(x, blocks, i, end);
      i = end - 1; /* UNIT_AFTER: written at the end of the paragraph before */
      continue;
    }
    if (i + 1 < n && whole_unit(x, blocks, n, i + 1, &end) == UNIT_AFTER) {
      x->after = blocks + i + 1; /* for close_para */
      x->n_after = end - (i + 1);
    }
    switch (b->kind) {
    case DOC_HEADING: write_heading(x, b); break;
    case DOC_PARAGRAPH:
      x->before_heading = heading_next;
      write_paragraph(x, b, NULL);
      x->before_heading = false;
      break;
    case DOC_TABLE: write_table(x, b, heading_next); break;
    case DOC_LIST: write_list(x, b, heading_next); break;
    case DOC_QUOTE:
      x->quotes++;
      write_blocks(x, b->children, b->n_children, heading_next);
      x->quotes--;
      break;
    case DOC_PAGE_BREAK:
      odt_para_start(x, "text:p", "wk_PageBreak");
      odt_para_end(x);
      break;
    }
  }
}

/* ---- content.xml ---- */

static void auto_style_open(xmlw *w, const char *name, const char *family, const char *parent) {
  xmlw_start(w, "style:style");
  xmlw_attr(w, "style:name", name);
  xmlw_attr(w, "style:family", family);
  if (parent) xmlw_attr(w, "style:parent-style-name", parent);
}

static void auto_para_props(xmlw *w, const char *name, const char *value) {
  xmlw_start(w, "style:paragraph-properties");
  xmlw_attr(w, name, value);
  xmlw_end(w);
}

static void write_fixed_auto_styles(xmlw *w) {
  char name[32];
  for (int h = 1; h <= ODT_HEADING_STYLES; h++) {
    snprintf(name, sizeof name, "wkH%d", h);
    char parent[32];
    snprintf(parent, sizeof parent, "Heading_20_%d", h);
    auto_style_open(w, name, "paragraph", parent);
    xmlw_start(w, "style:paragraph-properties");
    /* No margin here: the space above and below a heading is its level's
     * style's, the house style's or the reference document's, as in DOCX.
     * LibreOffice holds both margins in one attribute, so naming only
     * fo:margin-bottom would set the top margin to 0, not inherit it. */
    xmlw_attr(w, "fo:keep-with-next", "always");
    xmlw_start(w, "style:tab-stops");
    xmlw_start(w, "style:tab-stop");
    xmlw_attrf(w, "style:position", "%.1fcm", h == 1 ? DOC_HEADING_TAB_CM : DOC_SUBHEADING_TAB_CM);
    xmlw_end(w);
    xmlw_end(w);
    xmlw_end(w);
    xmlw_end(w);
  }
  for (int s = 0; s < DOC_STYLE__COUNT; s++) { /* keep with next */
    snprintf(name, sizeof name, "wkK%d", s);
    auto_style_open(w, name, "paragraph", para_style((doc_style)s));
    auto_para_props(w, "fo:keep-with-next", "always");
    xmlw_end(w);
  }
  static const char *const align[] = {"D", NULL, "L", "start", "C", "center", "R", "end"};
  for (int h = 0; h < 2; h++) {
    for (int a = h ? 0 : 1; a < 4; a++) {
      snprintf(name, sizeof name, "wkP%s_%s", h ? "H" : "T", align[2 * a]);
      auto_style_open(w, name, "paragraph", h ? "Table_20_Heading" : "Table_20_Contents");
      if (align[2 * a + 1]) auto_para_props(w, "fo:text-align", align[2 * a + 1]);
      if (h) { /* white on the header shading, as in DOCX */
        xmlw_start(w, "style:text-properties");
        xmlw_attr(w, "fo:color", "#ffffff");
        xmlw_attr(w, "fo:font-weight", "bold");
        xmlw_end(w);
      }
      xmlw_end(w);
    }
  }
  for (int a = 1; a < 4; a++) { /* aligned, kept with the next (odt_cell_keep_style) */
    snprintf(name, sizeof name, "wkPK_%s", align[2 * a]);
    auto_style_open(w, name, "paragraph", "Table_20_Contents");
    xmlw_start(w, "style:paragraph-properties");
    xmlw_attr(w, "fo:text-align", align[2 * a + 1]);
    xmlw_attr(w, "fo:keep-with-next", "always");
    xmlw_end(w);
    xmlw_end(w);
  }
  for (int q = 1; q <= DOC_MAX_QUOTE_DEPTH; q++) {
    snprintf(name, sizeof name, "wkQ%d", q);
    auto_style_open(w, name, "paragraph", "Quotations");
    xmlw_start(w, "style:paragraph-properties");
    xmlw_attrf(w, "fo:margin-left", "%.1fcm", DOC_QUOTE_INDENT_CM * q);
    xmlw_end(w);
    xmlw_end(w);
  }
  for (unsigned f = 1; f < 16; f++) { /* combined formatting */
    if ((f & (f - 1)) == 0) continue;
    snprintf(name, sizeof name, "wkT%u", f);
    auto_style_open(w, name, "text", NULL);
    xmlw_start(w, "style:text-properties");
    if (f & RUN_CODE) {
      xmlw_attr(w, "fo:font-family", "'Liberation Mono'");
      xmlw_attr(w, "style:font-family-generic", "modern");
      xmlw_attr(w, "style:font-pitch", "fixed");
    }
    if (f & RUN_ITALIC) xmlw_attr(w, "fo:font-style", "italic");
    if (f & RUN_BOLD) xmlw_attr(w, "fo:font-weight", "bold");
    if (f & RUN_STRIKE) {
      xmlw_attr(w, "style:text-line-through-style", "solid");
      xmlw_attr(w, "style:text-line-through-type", "single");
    }
    xmlw_end(w);
    xmlw_end(w);
  }
  /* a header row never splits over two pages, nor does a row of the
   * composed tables (as in DOCX, w:cantSplit): a role or a commitment stays
   * in one piece */
  for (int h = 0; h < 2; h++) {
    auto_style_open(w, h ? "wkHeadRow" : "wkRow", "table-row", NULL);
    xmlw_start(w, "style:table-row-properties");
    xmlw_attr(w, "fo:keep-together", "always");
    xmlw_end(w);
    xmlw_end(w);
  }
  for (int h = 0; h < 2; h++) {
    auto_style_open(w, h ? "wkHeadCell" : "wkCell", "table-cell", NULL);
    xmlw_start(w, "style:table-cell-properties");
    /* the side padding the column layout reserves (doc.h) */
    xmlw_attr(w, "fo:padding-top", ODT_CELL_PAD_V);
    xmlw_attr(w, "fo:padding-bottom", ODT_CELL_PAD_V);
    xmlw_attrf(w, "fo:padding-left", "%.2fcm", DOC_CELL_PAD_CM);
    xmlw_attrf(w, "fo:padding-right", "%.2fcm", DOC_CELL_PAD_CM);
    /* borders 4.5:1 on white, the header shading 7.2:1 (docx_body.c) */
    xmlw_attr(w, "fo:border", "0.5pt solid #767676");
    if (h) xmlw_attr(w, "fo:background-color", "#2f5496");
    xmlw_end(w);
    xmlw_end(w);
  }
}

/* What a table's style:table-properties says, its values as written: a
 * stamp, the same for nearly every table of a document. */
typedef struct {
  char width[48], margin[48]; /* margin: "" for none */
  const char *bottom;
  bool keep_with_next, keep;
} table_props_said;

static void table_props_xml(xmlw *w, const void *arg) {
  const table_props_said *s = arg;
  xmlw_start(w, "style:table-properties");
  xmlw_attr(w, "style:width", s->width);
  if (s->margin[0]) xmlw_attr(w, "fo:margin-left", s->margin);
  xmlw_attr(w, "table:align", "margins");
  xmlw_attr(w, "fo:margin-top", "0cm");
  xmlw_attr(w, "fo:margin-bottom", s->bottom);
  if (s->keep_with_next) xmlw_attr(w, "fo:keep-with-next", "always");
  if (s->keep) xmlw_attr(w, "style:may-break-between-rows", "false");
  xmlw_attr(w, "table:border-model", "collapsing");
  xmlw_end(w);
}

/* What a column's style:table-column-properties says: its width, in
 * centimetres and relative, as written; a stamp too, the tables of one
 * kind having the same widths (doc_group). */
typedef struct {
  char width[48], rel[48];
} column_props_said;

static void column_props_xml(xmlw *w, const void *arg) {
  const column_props_said *s = arg;
  xmlw_start(w, "style:table-column-properties");
  xmlw_attr(w, "style:column-width", s->width);
  /* relative widths as integers: what consumers honour */
  xmlw_attr(w, "style:rel-column-width", s->rel);
  xmlw_end(w);
}

static void write_table_styles(odt_ctx *x, xmlw *w) {
  double width = x->d->meta.landscape ? ODT_TEXT_WIDTH_LANDSCAPE : ODT_TEXT_WIDTH_PORTRAIT;
  char name[NAME_SIZE];
  for (size_t t = 0; t < x->n_tables; t++) {
    const odt_table_style *ts = &x->tables[t];
    double tw = width - ts->indent_cm;
    auto_style_open(w, numbered(name, "wkTab", t + 1, 0), "table", NULL);
    table_props_said tp = {.bottom = ts->before_heading ? ODT_SPACE_BEFORE_HEADING : "0cm",
                           .keep_with_next = ts->keep_with_next, .keep = ts->keep};
    snprintf(tp.width, sizeof tp.width, "%.2fcm", tw);
    if (ts->indent_cm > 0) snprintf(tp.margin, sizeof tp.margin, "%.2fcm", ts->indent_cm);
    xmlw_key k = {0};
    xmlw_key_str(&k, tp.width);
    xmlw_key_str(&k, tp.margin);
    xmlw_key_str(&k, tp.bottom);
    xmlw_key_long(&k, tp.keep_with_next << 1 | tp.keep);
    xmlw_stamp(w, &k, table_props_xml, &tp);
    xmlw_end(w);
    for (size_t c = 0; c < ts->n; c++) {
      auto_style_open(w, numbered(name, "wkTab", t + 1, c + 1), "table-column", NULL);
      column_props_said cp;
      snprintf(cp.width, sizeof cp.width, "%.3fcm", ts->widths[c] * tw);
      long rel = (long)(ts->widths[c] * 10000.0 + 0.5);
      size_t n = strlen(str_size(cp.rel, rel > 0 ? (size_t)rel : 1));
      cp.rel[n] = '*';
      cp.rel[n + 1] = '\0';
      xmlw_key ck = {0};
      xmlw_key_str(&ck, cp.width);
      xmlw_key_str(&ck, cp.rel);
      xmlw_stamp(w, &ck, column_props_xml, &cp);
      xmlw_end(w);
    }
  }
}

/* content.xml, streamed into its place in the archive. The automatic
 * styles come first but are known only once the body is written, so the
 * body is written (and deflated) aside first and spliced in after them:
 * neither is ever held whole. */
static bool content_part(const doc *d, zip_out_part *part, doctext_feed *feed) {
  odt_ctx x = {0};
  x.d = d;
  zip_out_part *body = zip_out_piece();
  x.w = xmlw_new_fragment();
  xmlw_set_sink(x.w, zip_out_sink, body);
  /* the body's text to the digest as it is written (all of the part's
   * text is in it) */
  xmlw_observe(x.w, doctext_feed_sax(), feed);
  xmlw_observe_ignores(x.w, doctext_feed_ignores);
  xmlw_observe_ns(x.w, content_ns);
  xmlw_start(x.w, "office:body");
  xmlw_start(x.w, "office:text");
  tracked_changes(&x, d);
  write_blocks(&x, d->blocks, d->n_blocks, false);
  bool fed = xmlw_observed_all(x.w);
  xmlw_finish(x.w, NULL);

  xmlw *w = xmlw_new();
  xmlw_set_sink(w, zip_out_sink, part);
  xmlw_start(w, "office:document-content");
  for (size_t i = 0; content_ns[i]; i += 2) xmlw_attr(w, content_ns[i], content_ns[i + 1]);
  xmlw_attr(w, "office:version", "1.3");
  xmlw_start(w, "office:automatic-styles");
  write_fixed_auto_styles(w);
  write_table_styles(&x, w);
  xmlw_end(w);
  xmlw_flush(w);
  zip_out_splice(part, body);
  xmlw_end(w);
  xmlw_finish(w, NULL);
  zip_out_end(part);
  for (size_t i = 0; i < x.n_tables; i++) free(x.tables[i].widths);
  free(x.tables);
  return fed;
}

/* ---- settings.xml ---- */

/* LibreOffice's layout settings, as LibreOffice 7.4 writes them for a new
 * document, with TableRowKeep on (write_table). A settings.xml that names
 * only some of them would give every other its value for old documents
 * (SwXMLImport::SetConfigurationSettings), so all are named; other
 * applications ignore them. */
static const struct {
  const char *name, *type, *value;
} odt_settings[] = {
    {"AddExternalLeading", "boolean", "true"},
    {"AddFrameOffsets", "boolean", "false"},
    {"AddParaLineSpacingToTableCells", "boolean", "true"},
    {"AddParaSpacingToTableCells", "boolean", "true"},
    {"AddParaTableSpacing", "boolean", "true"},
    {"AddParaTableSpacingAtStart", "boolean", "true"},
    {"AddVerticalFrameOffsets", "boolean", "false"},
    {"AlignTabStopPosition", "boolean", "true"},
    {"ApplyParagraphMarkFormatToNumbering", "boolean", "false"},
    {"AutoFirstLineIndentDisregardLineSpace", "boolean", "true"},
    {"BackgroundParaOverDrawings", "boolean", "false"},
    {"CharacterCompressionType", "short", "0"},
    {"ClipAsCharacterAnchoredWriterFlyFrames", "boolean", "false"},
    {"ClippedPictures", "boolean", "false"},
    {"CollapseEmptyCellPara", "boolean", "true"},
    {"ConsiderTextWrapOnObjPos", "boolean", "false"},
    {"ContinuousEndnotes", "boolean", "false"},
    {"DisableOffPagePositioning", "boolean", "false"},
    {"DoNotCaptureDrawObjsOnPage", "boolean", "false"},
    {"DoNotJustifyLinesWithManualBreak", "boolean", "false"},
    {"DoNotResetParaAttrsForNumFont", "boolean", "false"},
    {"EmptyDbFieldHidesPara", "boolean", "true"},
    {"FloattableNomargins", "boolean", "false"},
    {"FootnoteInColumnToPageEnd", "boolean", "false"},
    {"FrameAutowidthWithMorePara", "boolean", "false"},
    {"GutterAtTop", "boolean", "false"},
    {"HeaderSpacingBelowLastPara", "boolean", "false"},
    {"IgnoreFirstLineIndentInNumbering", "boolean", "false"},
    {"IgnoreTabsAndBlanksForLineCalculation", "boolean", "false"},
    {"InvertBorderSpacing", "boolean", "false"},
    {"IsKernAsianPunctuation", "boolean", "false"},
    {"MathBaselineAlignment", "boolean", "false"},
    {"MsWordCompMinLineHeightByFly", "boolean", "false"},
    {"MsWordCompTrailingBlanks", "boolean", "false"},
    {"NoNumberingShowFollowBy", "boolean", "false"},
    {"OutlineLevelYieldsNumbering", "boolean", "false"},
    {"PrinterIndependentLayout", "string", "high-resolution"},
    {"PropLineSpacingShrinksFirstLine", "boolean", "true"},
    {"SmallCapsPercentage66", "boolean", "false"},
    {"StylesNoDefault", "boolean", "false"},
    {"SubtractFlysAnchoredAtFlys", "boolean", "false"},
    {"SurroundTextWrapSmall", "boolean", "false"},
    {"TabAtLeftIndentForParagraphsInList", "boolean", "false"},
    {"TabOverMargin", "boolean", "false"},
    {"TabOverSpacing", "boolean", "false"},
    {"TabOverflow", "boolean", "true"},
    {"TableRowKeep", "boolean", "true"},
    {"TabsRelativeToIndent", "boolean", "true"},
    {"TreatSingleColumnBreakAsPageBreak", "boolean", "false"},
    {"UnbreakableNumberings", "boolean", "false"},
    {"UnxForceZeroExtLeading", "boolean", "false"},
    {"UseFormerLineSpacing", "boolean", "false"},
    {"UseFormerObjectPositioning", "boolean", "false"},
    {"UseFormerTextWrapping", "boolean", "false"},
    {"UseOldNumbering", "boolean", "false"},
    {"UseOldPrinterMetrics", "boolean", "false"},
    {"WordLikeWrapForAsCharFlys", "boolean", "false"},
};

static void settings_part(buf *out) {
  static const char *const root[] = {
      "xmlns:office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
      "xmlns:config", "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
      /* LibreOffice reads the set's name as a name in this namespace */
      "xmlns:ooo", "http://openoffice.org/2004/office",
      "office:version", "1.3", NULL};
  xmlw *w = xmlw_new();
  xmlw_start_attrs(w, "office:document-settings", root);
  xmlw_start(w, "office:settings");
  xmlw_start(w, "config:config-item-set");
  xmlw_attr(w, "config:name", "ooo:configuration-settings");
  for (size_t i = 0; i < sizeof odt_settings / sizeof odt_settings[0]; i++) {
    xmlw_start(w, "config:config-item");
    xmlw_attr(w, "config:name", odt_settings[i].name);
    xmlw_attr(w, "config:type", odt_settings[i].type);
    xmlw_texts(w, odt_settings[i].value);
    xmlw_end(w);
  }
  xmlw_finish(w, out);
}

/* ---- meta.xml, manifest ---- */

static void user_defined(xmlw *w, const char *name, const char *value) {
  xmlw_start(w, "meta:user-defined");
  xmlw_attr(w, "meta:name", name);
  xmlw_attr(w, "meta:value-type", "string");
  xmlw_texts(w, value);
  xmlw_end(w);
}

static void meta_part(const doc *d, const char *text_digest, buf *out) {
  const doc_meta *m = &d->meta;
  char when[32];
  build_time_iso(when, false);
  static const char *const root[] = {
      "xmlns:office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
      "xmlns:meta", "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
      "xmlns:dc", "http://purl.org/dc/elements/1.1/",
      "xmlns:xlink", "http://www.w3.org/1999/xlink",
      "office:version", "1.3", NULL};
  xmlw *w = xmlw_new();
  xmlw_start_attrs(w, "office:document-meta", root);
  xmlw_start(w, "office:meta");
  xmlw_element(w, "meta:generator", NULL, m->generator);
  xmlw_element(w, "dc:title", NULL, m->title);
  if (m->kind_label) xmlw_element(w, "dc:subject", NULL, m->kind_label);
  char tag[32];
  if (doc_language_tag(m->language, tag, sizeof tag)) xmlw_element(w, "dc:language", NULL, tag);
  xmlw_element(w, "meta:creation-date", NULL, when);
  xmlw_element(w, "dc:date", NULL, when);
  docinfo_prop p[DOCINFO_NPROPS];
  docinfo_props(m, text_digest, p);
  for (size_t i = 0; i < DOCINFO_NPROPS; i++) user_defined(w, p[i].name, p[i].value);
  xmlw_finish(w, out);
}

static void manifest_entry(xmlw *w, const char *path, const char *type, bool version) {
  xmlw_start(w, "manifest:file-entry");
  xmlw_attr(w, "manifest:full-path", path);
  if (version) xmlw_attr(w, "manifest:version", "1.3");
  xmlw_attr(w, "manifest:media-type", type);
  xmlw_end(w);
}

static void manifest_part(const char *const *parts, buf *out) {
  xmlw *w = xmlw_new();
  xmlw_start(w, "manifest:manifest");
  xmlw_attr(w, "xmlns:manifest", "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0");
  xmlw_attr(w, "manifest:version", "1.3");
  manifest_entry(w, "/", ODT_MIMETYPE, true);
  for (size_t i = 0; parts[i]; i++) manifest_entry(w, parts[i], "text/xml", false);
  xmlw_finish(w, out);
}

int odt_write(const doc *d, refdoc *ref, buf *out, char **err) {
  if (ref && ref->is_docx) {
    *err = xasprintf(_("%s: a Word document cannot give the styles of an ODT document; "
                       "use an .odt reference document"),
                     ref->path);
    return -1;
  }
  buf styles;
  buf_init(&styles);
  doctext_feed *feed = doctext_feed_new(false);
  if (odt_styles_part(d, ref, &styles, doctext_feed_part(feed, "styles.xml"), err) < 0) {
    buf_free(&styles);
    doctext_feed_free(feed);
    return -1;
  }
  buf meta, manifest, settings;
  buf_init(&meta);
  buf_init(&manifest);
  buf_init(&settings);
  zip_out *z = zip_out_new();
  zip_out_add(z, "mimetype", ODT_MIMETYPE, sizeof ODT_MIMETYPE - 1, true);
  bool fed = content_part(d, zip_out_begin(z, "content.xml"), feed);
  zip_out_add_buf(z, "styles.xml", &styles);
  /* the text is all written now (body, header and footer): its digest
   * goes into the properties */
  char digest[65];
  int rc = fed ? doctext_feed_digest(feed, (zip_pkg){NULL, z}, digest, err) : 1;
  if (rc == 1) rc = docinfo_text_digest(z, false, digest, err);
  doctext_feed_free(feed);
  if (rc == 0) {
    meta_part(d, digest, &meta);
    static const char *const parts[] = {"content.xml", "styles.xml", "meta.xml", "settings.xml", NULL};
    manifest_part(parts, &manifest);
    settings_part(&settings);
    zip_out_add_buf(z, "meta.xml", &meta);
    zip_out_add_buf(z, "settings.xml", &settings);
    zip_out_add_buf(z, "META-INF/manifest.xml", &manifest);
    rc = zip_out_finish(z, out, err);
  }
  zip_out_free(z);
  buf_free(&styles);
  buf_free(&meta);
  buf_free(&manifest);
  buf_free(&settings);
  return rc;
}
