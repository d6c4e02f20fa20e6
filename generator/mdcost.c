/* mdcost.c - estimates, from the text alone and in one pass, the work that
 * cmark-gfm 0.29.0.gfm.6 (Debian 12) does beyond linear time, so that the
 * loader can refuse a body before the library spends minutes on it.
 *
 * Debian's package carries none of the fixes of 0.29.0.gfm.7 and later
 * (its changelog ends at CVE-2022-39209). Measured with cachegrind on the
 * library alone (tests/t-pathological.sh keeps each case bounded), these
 * paths grow with a product of two counts; each estimate below is an upper
 * bound of that product, in units of about ten instructions:
 *
 * - inline: within one inline container (a paragraph, a heading, a table
 *   cell), every closing bracket that makes a link walks the whole stack of
 *   emphasis delimiters below it (process_emphasis looks for its bottom
 *   from the top: `*a* [c](d) ` repeated), deactivating link openers walks
 *   over every open image opener (`![[]()`, CVE-2023-22486), a closer whose
 *   search bound was freed walks to the bottom (`*a ` then `_a*_ `), and an
 *   e-mail autolink is inserted below every level of emphasis around it.
 *   Estimated per container as the text shows it (a run of non-blank
 *   lines, split where a bullet item or a heading starts: a container never
 *   spans a blank line, and a run may hold several, which only
 *   over-counts): each delimiter run ('*', '_', '~'), ']' and '@' costs the
 *   delimiter runs and '![' seen before it in the container. And '<?' or
 *   '<!' (not a comment) make the HTML scanner read to the end of the
 *   container when no end follows: each costs the container's length.
 * - nesting: inserting an inline node checks every container above it
 *   (cmark_node_append_child's cycle check, CVE-2023-24824), and a blank
 *   line walks every open list item and footnote. A line's container depth
 *   is at most its container markers ('>', list and footnote markers) plus
 *   half its indentation columns, and no line is deeper than the deepest
 *   prefix since the last blank line (a lazy line continues the paragraph
 *   above it; after a blank line none can). Each line costs that depth times
 *   one plus the punctuation and 'w' after its prefix (where text nodes
 *   split); a blank
 *   line costs 8 times the depth before it (it walks the items several
 *   times).
 * - links: the autolink extension reads from every "://" and "www." to the
 *   next white space, and trims each trailing ')' by counting the brackets
 *   of the whole address again: a word costs its length times its
 *   addresses and, when it has one, its ')'.
 *
 * Real contracts stay far below the limits (mdcost.h): the inline and the
 * nesting sums of every contract in contracts/ are under a thousandth of
 * them, while at the limits the library's extra work stays under about
 * a second. */
#include "mdcost.h"

#include <ctype.h>
#include <string.h>

/* The length of one container marker at s[0..len): '>', a bullet or an
 * ordered list marker followed by a blank or the end of the line, or a
 * footnote definition's "[^label]:"; 0 when s starts with none. */
static size_t marker_len(const char *s, size_t len) {
  if (s[0] == '>') return 1;
  size_t m = 0;
  if (s[0] == '-' || s[0] == '+' || s[0] == '*') {
    m = 1;
  } else if (isdigit((unsigned char)s[0])) {
    size_t d = 0;
    while (d < len && d < 10 && isdigit((unsigned char)s[d])) d++;
    if (d <= 9 && d < len && (s[d] == '.' || s[d] == ')')) m = d + 1;
  } else if (len > 3 && s[0] == '[' && s[1] == '^') {
    size_t k = 2;
    while (k < len && s[k] != ']' && s[k] != ' ' && s[k] != '\t') k++;
    return k > 2 && k + 1 < len && s[k] == ']' && s[k + 1] == ':' ? k + 2 : 0;
  }
  return m && (m == len || s[m] == ' ' || s[m] == '\t') ? m : 0;
}

/* An upper bound of the container depth of the line s[0..len); *end: where
 * its container prefix ends. */
static unsigned long long prefix_depth(const char *s, size_t len, size_t *end) {
  unsigned long long markers = 0, cols = 0;
  size_t i = 0;
  for (;;) {
    for (; i < len && (s[i] == ' ' || s[i] == '\t'); i++) cols += s[i] == '\t' ? 4 : 1;
    size_t m = i < len ? marker_len(s + i, len - i) : 0;
    if (!m) break;
    markers++;
    i += m;
  }
  *end = i;
  return markers + (cols + 1) / 2;
}

static bool is_blank(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (s[i] != ' ' && s[i] != '\t') return false;
  return true;
}

/* Where a text node may split: ASCII punctuation and 'w' (autolinks). */
static bool splits(unsigned char ch) {
  return (ch < 0x80 && ispunct(ch)) || ch == 'w';
}

/* White space as the autolink extension sees it. */
static bool space(unsigned char ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\v' || ch == '\f' || ch == '\r';
}

/* The inline container being read, as far as the text shows it: a run of
 * non-blank lines that starts at a blank line, a bullet list item or an
 * ATX heading (each starts a new container wherever it appears). */
typedef struct {
  size_t start;                   /* offset of its first line */
  srcpos pos;                     /* where its text starts */
  unsigned long long items;       /* delimiter runs and '![' so far */
  unsigned long long tags;        /* '<?' and '<!' not opening a comment */
} container;

/* Whether the line s[0..len) (not blank) starts a new inline container
 * even where a paragraph could continue: up to 3 blanks, then a bullet
 * with text after it (which may interrupt any paragraph) or 1 to 6 '#'
 * and a blank or the end (a heading). */
static bool starts_container(const char *s, size_t len) {
  size_t i = 0;
  while (i < len && i < 4 && s[i] == ' ') i++;
  if (i > 3 || i == len) return false;
  if (s[i] == '#') {
    size_t h = i;
    while (h < len && s[h] == '#') h++;
    return h - i <= 6 && (h == len || s[h] == ' ' || s[h] == '\t');
  }
  if (s[i] != '-' && s[i] != '+' && s[i] != '*') return false;
  if (i + 1 >= len || (s[i + 1] != ' ' && s[i + 1] != '\t')) return false;
  return !is_blank(s + i + 1, len - i - 1);
}

/* Reports id at pos when sum passed max. */
static bool over(unsigned long long sum, unsigned long long max, diag_id id, srcpos pos, diag_list *dl,
                 srcpos *at) {
  if (sum <= max) return false;
  *at = pos;
  diag_report(dl, id, pos);
  return true;
}

/* Adds the events of the line s[0..len), whose container prefix ends at
 * prefix and which lies depth containers deep, to r and c. Returns false
 * when the links limit was passed (reported at the word). */
static bool line_events(const char *s, size_t len, size_t prefix, int line, container *r, unsigned long long depth,
                        mdcost *c, diag_list *dl, srcpos *at) {
  unsigned long long splits_n = 0, urls = 0, parens = 0;
  size_t word = 0;
  for (size_t i = 0; i <= len; i++) {
    unsigned char ch = i < len ? (unsigned char)s[i] : '\n';
    if (space(ch)) {
      if (urls) {
        c->link_work += (urls + parens) * (i - word);
        if (over(c->link_work, MDCOST_MAX_LINKS, DIAG_BODY_LINKS_TOO_DENSE, (srcpos){line, (int)word + 1}, dl, at))
          return false;
      }
      urls = parens = 0;
      word = i + 1;
      continue;
    }
    if ((ch >= 'a' && ch <= 'v') || (ch >= 'x' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
        ch >= 0x80)
      continue; /* letters and digits but 'w', most of any text: no event, no split, no address */
    const char *rest = s + i;
    size_t left = len - i;
    if (splits(ch) && i >= prefix) splits_n++;
    if ((ch == '*' || ch == '_' || ch == '~') && (i == 0 || s[i - 1] != (char)ch)) {
      c->inline_work += r->items++;
    } else if (ch == ']' || ch == '@') {
      c->inline_work += r->items;
    } else if (ch == '!' && left > 1 && rest[1] == '[') {
      r->items++;
    } else if (ch == '<' && left > 1 && (rest[1] == '?' || (rest[1] == '!' && (left < 3 || rest[2] != '-')))) {
      r->tags++;
    } else if (ch == ')') {
      parens++;
    }
    if ((left >= 3 && memcmp(rest, "://", 3) == 0) || (left >= 4 && memcmp(rest, "www.", 4) == 0)) urls++;
  }
  c->nesting_work += depth * (1 + splits_n);
  return true;
}

/* Ends the container r at offset end: its tags scanned to its end. */
static void end_container(container *r, size_t end, mdcost *c) {
  c->inline_work += r->tags * (end - r->start);
  r->tags = 0;
}

bool mdcost_fits(const char *s, size_t len, int first_line, mdcost *c, diag_list *dl, srcpos *at) {
  memset(c, 0, sizeof *c);
  container r = {0};
  bool in_container = false;
  unsigned long long depth = 0; /* the deepest prefix since the last blank line */
  bool after_blank = true;
  int line = first_line;
  for (size_t ls = 0; ls <= len; line++) {
    const char *nl = memchr(s + ls, '\n', len - ls);
    size_t le = nl ? (size_t)(nl - s) : len;
    bool last = !nl, blank = is_blank(s + ls, le - ls);
    if (blank) {
      if (in_container) end_container(&r, ls, c);
      in_container = false;
      after_blank = true;
      if (!last) c->nesting_work += 8 * depth;
    } else {
      bool starts = starts_container(s + ls, le - ls);
      if (in_container && starts) end_container(&r, ls, c);
      if (!in_container || starts) {
        size_t first = ls;
        while (s[first] == ' ' || s[first] == '\t') first++;
        r = (container){.start = ls, .pos = {line, (int)(first - ls) + 1}};
        in_container = true;
      }
      size_t prefix;
      unsigned long long d = prefix_depth(s + ls, le - ls, &prefix);
      if (after_blank || d > depth) depth = d;
      after_blank = false;
      if (!line_events(s + ls, le - ls, prefix, line, &r, depth, c, dl, at)) return false;
      if (last) end_container(&r, le, c);
    }
    if (over(c->inline_work, MDCOST_MAX_INLINE, DIAG_BODY_INLINE_TOO_COMPLEX, r.pos, dl, at) ||
        over(c->nesting_work, MDCOST_MAX_NESTING, DIAG_BODY_NESTING_TOO_COSTLY, r.pos, dl, at))
      return false;
    if (last) break;
    ls = le + 1;
  }
  return true;
}
