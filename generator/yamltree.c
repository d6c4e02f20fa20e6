/* yamltree.c - builds a ynode tree from libyaml events with an explicit
 * stack, refusing the YAML features a contract never needs (anchors,
 * aliases, tags, merge keys) and reporting every problem with its position. */
#include "yamltree.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "i18n.h"
#include "util.h"

/* ---- characters --------------------------------------------------------- */

diag_id ytext_char_check(const char *text, size_t len, size_t *seq, unsigned *cp) {
  const unsigned char *s = (const unsigned char *)text;
  unsigned c = s[0];
  *seq = 1;
  *cp = c;
  if (c < 0x80) {
    if (c == 0) return DIAG_NUL_CHAR;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return DIAG_INVALID_CHAR;
    return DIAG__COUNT;
  }
  size_t n;
  unsigned min;
  if (c >= 0xc2 && c <= 0xdf) n = 2, min = 0x80, c &= 0x1f;
  else if (c >= 0xe0 && c <= 0xef) n = 3, min = 0x800, c &= 0x0f;
  else if (c >= 0xf0 && c <= 0xf4) n = 4, min = 0x10000, c &= 0x07;
  else return DIAG_INVALID_UTF8;
  if (n > len) return DIAG_INVALID_UTF8;
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xc0) != 0x80) return DIAG_INVALID_UTF8;
    c = (c << 6) | (s[i] & 0x3f);
  }
  if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return DIAG_INVALID_UTF8;
  *seq = n;
  *cp = c;
  if (c >= 0x80 && c <= 0x9f) return DIAG_INVALID_CHAR;
  if (c == 0xfffe || c == 0xffff) return DIAG_NONCHARACTER;
  return DIAG__COUNT;
}

/* ---- positions ---------------------------------------------------------- */

/* libyaml's marks count characters (a BOM not included); diagnostics want
 * file lines and byte columns. A cursor walks the text forward once, as
 * events arrive in order; a backward request restarts it. CR LF, LF and a
 * lone CR each end a line, as in load.c. */
typedef struct {
  const char *text;
  size_t len;
  size_t start;      /* after a BOM */
  size_t chars;      /* characters passed */
  size_t byte;       /* byte offset of the cursor */
  int line;          /* 0-based line of the cursor */
  size_t line_start; /* byte offset of that line */
  int first_line;
  size_t plain;      /* characters from start before the first CR or non-ASCII byte */
} poscur;

/* Up to c->plain a character is a byte and only LF ends a line, as for
 * libyaml: its marks' line and column there are ours. */
static void cur_plain(poscur *c) {
  size_t i = c->start;
  while ((i += ascii_printable_span(c->text + i, c->len - i)) < c->len && c->text[i] != '\r' &&
         (unsigned char)c->text[i] < 0x80)
    i++;
  c->plain = c->start == 0 ? i : 0; /* after a BOM: the cursor, always */
}

static void cur_reset(poscur *c) {
  c->chars = 0;
  c->byte = c->line_start = c->start;
  c->line = 0;
}

static size_t utf8_seq_len(unsigned char b) {
  if (b < 0xc0) return 1;
  if (b < 0xe0) return 2;
  if (b < 0xf0) return 3;
  return 4;
}

static void cur_step(poscur *c) {
  unsigned char b = (unsigned char)c->text[c->byte];
  size_t n = utf8_seq_len(b);
  if (b == '\n' || (b == '\r' && (c->byte + 1 >= c->len || c->text[c->byte + 1] != '\n'))) {
    c->line++;
    c->line_start = c->byte + 1;
  }
  c->byte += n <= c->len - c->byte ? n : c->len - c->byte;
  c->chars++;
}

static srcpos cur_pos(const poscur *c) {
  srcpos p = {c->first_line + c->line, (int)(c->byte - c->line_start) + 1};
  return p;
}

/* The cursor moved to mark m: its position, and the line around it for
 * stumbling_cause. */
static srcpos cursor_to_mark(poscur *c, yaml_mark_t m) {
  if (m.index < c->chars) cur_reset(c);
  while (c->chars < m.index && c->byte < c->len) {
    /* ASCII other than line ends, the bulk of any front matter: a
     * character per byte, no line to count. */
    size_t n = m.index - c->chars, avail = c->len - c->byte;
    if (n > avail) n = avail;
    const unsigned char *t = (const unsigned char *)c->text + c->byte;
    size_t k = ascii_printable_span((const char *)t, n);
    while (k < n && t[k] < 0x80 && t[k] != '\n' && t[k] != '\r') k++;
    c->byte += k;
    c->chars += k;
    if (c->chars < m.index && c->byte < c->len) cur_step(c);
  }
  return cur_pos(c);
}

static srcpos pos_of_mark(poscur *c, yaml_mark_t m) {
  if (m.index <= c->plain) return (srcpos){c->first_line + (int)m.line, (int)m.column + 1};
  return cursor_to_mark(c, m);
}

static srcpos pos_of_byte(poscur *c, size_t off) {
  cur_reset(c);
  if (off < c->start) off = c->start;
  while (c->byte < off && c->byte < c->len) cur_step(c);
  return cur_pos(c);
}

/* ---- memory ------------------------------------------------------------- */

/* Nodes, texts and item arrays of one tree come from large blocks: a
 * million small mallocs were most of the time and a third of the memory of
 * a big front matter, and freeing needs no walk of a deep tree. */
#define YARENA_BLOCK (256 * 1024)

typedef struct yblock {
  struct yblock *next;
  size_t used, cap;
  max_align_t data[]; /* cap bytes */
} yblock;

struct yarena {
  yblock *head; /* the block being filled; big requests get their own */
};

/* One freed block kept for the next tree: every run parses the profile
 * and then the contract, and the second tree then lands on pages the
 * first one already touched instead of fresh ones (a page fault each). */
static yblock *spare;

static void *arena_alloc(struct yarena *a, size_t n) {
  n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
  yblock *b = a->head;
  if (!b || b->cap - b->used < n) {
    size_t cap = n > YARENA_BLOCK / 4 ? n : YARENA_BLOCK;
    yblock *nb = cap == YARENA_BLOCK && spare ? spare : xmalloc(sizeof *nb + cap);
    if (nb == spare) spare = NULL;
    nb->used = 0;
    nb->cap = cap;
    if (b && cap != YARENA_BLOCK) {
      /* Keep filling the current block: put the big one behind it. */
      nb->next = b->next;
      b->next = nb;
      nb->used = n;
      return nb->data;
    }
    nb->next = b;
    a->head = b = nb;
  }
  void *p = (char *)b->data + b->used;
  b->used += n;
  return p;
}

static void arena_free(struct yarena *a) {
  if (!a) return;
  for (yblock *b = a->head, *next; b; b = next) {
    next = b->next;
    if (!spare && b->cap == YARENA_BLOCK) spare = b;
    else free(b);
  }
  free(a);
}

void ynode_free(ynode *root) {
  if (root) arena_free(root->arena);
}

/* ---- nodes -------------------------------------------------------------- */

const ynode *ynode_get(const ynode *map, const char *key) {
  if (!map || map->kind != YNODE_MAP) return NULL;
  size_t klen = strlen(key);
  for (size_t i = 0; i < map->n; i++) {
    const ynode *k = map->keys[i];
    if (k->len == klen && memcmp(k->text, key, klen) == 0) return map->items[i];
  }
  return NULL;
}

bool ynode_is_null(const ynode *n) {
  if (!n) return true;
  if (n->kind != YNODE_SCALAR || !n->plain || n->len > 4) return false; /* longer than "null" */
  static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
  for (size_t i = 0; i < ARRAY_LEN(nulls); i++)
    if (n->len == strlen(nulls[i]) && memcmp(n->text, nulls[i], n->len) == 0) return true;
  return false;
}

const char *ynode_kind_name(const ynode *n) {
  if (n && n->kind == YNODE_MAP) return N_("a mapping");
  if (n && n->kind == YNODE_SEQ) return N_("a list");
  return N_("text");
}

/* ---- the parser state --------------------------------------------------- */

typedef enum { AWAIT_KEY, AWAIT_VALUE, SKIP_VALUE } map_state;

typedef struct {
  ynode *node;
  size_t cap;       /* of items (and keys) */
  map_state state;  /* maps only */
  ynode *pending_key;
} frame;

typedef struct {
  diag_list *dl;
  struct yarena *arena;
  poscur cur;
  frame *stack;
  size_t depth, stack_cap;
  ynode *root;
  bool root_done;   /* a document was completed: another one is refused */
  size_t nodes;
  size_t reports;     /* findings so far: a flood ends the parse */
  size_t char_reports;
  bool fatal;
} ystate;

/* Every finding first asks for room: after YTREE_MAX_REPORTS the parse
 * stops with one message, so hostile input cannot flood memory or output. */
static bool room(ystate *st) {
  if (st->fatal) return false;
  if (st->reports++ < YTREE_MAX_REPORTS) return true;
  diag_report(st->dl, DIAG_TOO_MANY_FINDINGS, cur_pos(&st->cur), YTREE_MAX_REPORTS);
  st->fatal = true;
  return false;
}

static ynode *node_new(ystate *st, ynode_kind kind, srcpos pos, size_t text_len) {
  ynode *y = arena_alloc(st->arena, sizeof *y + (kind == YNODE_SCALAR ? text_len + 1 : 0));
  memset(y, 0, sizeof *y);
  y->kind = kind;
  y->pos = pos;
  if (kind == YNODE_SCALAR) y->text = (char *)(y + 1);
  return y;
}

/* Doubling in the arena leaves the old array behind: at most as much
 * again as the final array. */
static ynode **grow_array(ystate *st, ynode **old, size_t n, size_t cap) {
  ynode **a = arena_alloc(st->arena, cap * sizeof *a);
  if (n) memcpy(a, old, n * sizeof *a);
  return a;
}

static void push_item(ystate *st, frame *f, ynode *key, ynode *value) {
  ynode *y = f->node;
  if (y->n == f->cap) {
    size_t cap = f->cap ? 2 * f->cap : 4;
    y->items = grow_array(st, y->items, y->n, cap);
    if (y->kind == YNODE_MAP) y->keys = grow_array(st, y->keys, y->n, cap);
    f->cap = cap;
  }
  if (y->kind == YNODE_MAP) y->keys[y->n] = key;
  y->items[y->n++] = value;
}

static bool is_merge_key(const ynode *k) {
  return k->plain && k->len == 2 && memcmp(k->text, "<<", 2) == 0;
}

/* Links a new node under the open container (or makes it the root).
 * Returns false when the node was refused (a key that is not text, a merge
 * key, a value of a refused key): it stays unlinked. */
static bool attach(ystate *st, ynode *y) {
  if (st->depth == 0) {
    st->root = y;
    return true;
  }
  frame *f = &st->stack[st->depth - 1];
  if (f->node->kind == YNODE_SEQ) {
    push_item(st, f, NULL, y);
    return true;
  }
  switch (f->state) {
  case AWAIT_KEY:
    if (y->kind != YNODE_SCALAR) {
      if (room(st)) diag_report(st->dl, DIAG_YAML_KEY_NOT_TEXT, y->pos, _(ynode_kind_name(y)));
      f->state = SKIP_VALUE;
      return false;
    }
    if (is_merge_key(y)) {
      if (room(st)) diag_report(st->dl, DIAG_YAML_MERGE, y->pos);
      f->state = SKIP_VALUE;
      return false;
    }
    f->pending_key = y;
    f->state = AWAIT_VALUE;
    return true;
  case AWAIT_VALUE:
    push_item(st, f, f->pending_key, y);
    f->pending_key = NULL;
    f->state = AWAIT_KEY;
    return true;
  case SKIP_VALUE:
    f->state = AWAIT_KEY;
    return false;
  }
  return false;
}

static void fatal(ystate *st) { st->fatal = true; }
#define fatal_report(st, ...) \
  do {                        \
    room(st);                 \
    diag_report(__VA_ARGS__); \
    fatal(st);                \
  } while (0)

static bool count_node(ystate *st, srcpos pos) {
  if (++st->nodes <= YTREE_MAX_NODES) return true;
  fatal_report(st, st->dl, DIAG_YAML_TOO_LARGE, pos, YTREE_MAX_NODES);
  return false;
}

/* Shortens the standard tag prefix back to the `!!` a writer typed. */
static void report_tag(ystate *st, const yaml_char_t *tag, srcpos pos) {
  if (!room(st)) return;
  const char *t = (const char *)tag;
  static const char std[] = "tag:yaml.org,2002:";
  if (strncmp(t, std, sizeof std - 1) == 0) {
    char *s = xasprintf("!!%s", t + sizeof std - 1);
    diag_report(st->dl, DIAG_YAML_TAG, pos, s);
    free(s);
  } else {
    diag_report(st->dl, DIAG_YAML_TAG, pos, t);
  }
}

/* Anchors are where YAML bombs and cycles start: stop at the first. */
static bool refuse_anchor(ystate *st, const yaml_char_t *anchor, srcpos pos) {
  if (!anchor) return false;
  fatal_report(st, st->dl, DIAG_YAML_ANCHOR, pos, (const char *)anchor);
  return true;
}

/* An escape (\0, \x01, \u0085) can put characters into a quoted scalar
 * that the file itself does not contain; one report per scalar. */
static void check_scalar_chars(ystate *st, ynode *y) {
  if (st->char_reports > YTREE_MAX_CHAR_REPORTS) return;
  size_t i = 0;
  while ((i += ascii_printable_span(y->text + i, y->len - i)) < y->len) {
    unsigned char b = (unsigned char)y->text[i];
    if (b == '\t' || b == '\n' || b == '\r') {
      i++; /* what ytext_char_check passes, without the call */
      continue;
    }
    size_t seq;
    unsigned cp;
    diag_id id = ytext_char_check(y->text + i, y->len - i, &seq, &cp);
    if (id != DIAG__COUNT) {
      if (++st->char_reports > YTREE_MAX_CHAR_REPORTS)
        diag_report(st->dl, DIAG_INVALID_TEXT_MORE, y->pos, YTREE_MAX_CHAR_REPORTS);
      else if (id == DIAG_NUL_CHAR || id == DIAG_INVALID_UTF8)
        diag_report(st->dl, id, y->pos);
      else
        diag_report(st->dl, id, y->pos, cp);
      return;
    }
    i += seq;
  }
  y->clean = true;
}

static void on_scalar(ystate *st, const yaml_event_t *ev, srcpos pos) {
  if (refuse_anchor(st, ev->data.scalar.anchor, pos)) return;
  if (!count_node(st, pos)) return;
  if (ev->data.scalar.tag) report_tag(st, ev->data.scalar.tag, pos);
  ynode *y = node_new(st, YNODE_SCALAR, pos, ev->data.scalar.length);
  y->len = ev->data.scalar.length;
  memcpy(y->text, ev->data.scalar.value, y->len);
  y->text[y->len] = '\0';
  y->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
  check_scalar_chars(st, y);
  attach(st, y); /* a refused node stays in the arena, unlinked */
}

static void on_start(ystate *st, ynode_kind kind, const yaml_char_t *anchor,
                     const yaml_char_t *tag, srcpos pos) {
  if (refuse_anchor(st, anchor, pos)) return;
  if (!count_node(st, pos)) return;
  if (st->depth >= YTREE_MAX_DEPTH) {
    fatal_report(st, st->dl, DIAG_YAML_TOO_DEEP, pos, YTREE_MAX_DEPTH);
    return;
  }
  if (tag) report_tag(st, tag, pos);
  ynode *y = node_new(st, kind, pos, 0);
  attach(st, y);
  void *p = st->stack;
  xgrow(&p, &st->stack_cap, st->depth + 1, sizeof(frame));
  st->stack = p;
  frame *f = &st->stack[st->depth++];
  memset(f, 0, sizeof *f);
  f->node = y;
}

/* ---- duplicate keys ----------------------------------------------------- */

static int key_cmp(const ynode *a, const ynode *b) {
  if (a->len != b->len) return a->len < b->len ? -1 : 1;
  return memcmp(a->text, b->text, a->len);
}

static const ynode *const *sort_keys; /* qsort has no context argument */

static int by_key_then_index(const void *pa, const void *pb) {
  size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
  int c = key_cmp(sort_keys[a], sort_keys[b]);
  if (c) return c;
  return a < b ? -1 : a > b;
}

static void report_duplicate(ystate *st, const ynode *first, const ynode *again) {
  if (!room(st)) return;
  size_t shown = again->len > 60 ? 60 : again->len;
  char *k = xstrndup(again->text, shown);
  diag_report(st->dl, DIAG_DUPLICATE_KEY, again->pos, k, first->pos.line);
  free(k);
}

/* Sorting (n log n) keeps a 10,000-key mapping cheap; each repeat is
 * reported at its own position, naming the line of the first. */
static void check_duplicates(ystate *st, const ynode *map) {
  size_t n = map->n;
  if (n < 2) return;
  if (n <= 16) {
    for (size_t i = 1; i < n; i++)
      for (size_t j = 0; j < i; j++)
        if (key_cmp(map->keys[i], map->keys[j]) == 0) {
          report_duplicate(st, map->keys[j], map->keys[i]);
          break;
        }
    return;
  }
  size_t *idx = xmalloc(n * sizeof *idx);
  for (size_t i = 0; i < n; i++) idx[i] = i;
  sort_keys = (const ynode *const *)map->keys;
  qsort(idx, n, sizeof *idx, by_key_then_index);
  size_t first = idx[0];
  for (size_t i = 1; i < n; i++) {
    if (key_cmp(map->keys[idx[i]], map->keys[first]) == 0)
      report_duplicate(st, map->keys[first], map->keys[idx[i]]);
    else
      first = idx[i];
  }
  free(idx);
}

static void on_end(ystate *st) {
  if (st->depth == 0) return;
  frame *f = &st->stack[--st->depth];
  if (f->node->kind == YNODE_MAP) check_duplicates(st, f->node);
}

/* ---- the event loop ----------------------------------------------------- */

/* libyaml's problems and contexts in words a user of a text editor knows
 * (msgids); the ones not listed are shown as libyaml words them. */
static const char *const yaml_problems[][2] = {
    {"found character that cannot start any token", N_("a character that cannot start a value here")},
    {"mapping values are not allowed in this context",
     N_("a ':' where no key can start (a value that holds ': ' needs quotes)")},
    {"did not find expected key", N_("this line does not line up with the keys above it")},
    {"could not find expected ':'", N_("a key without ':' after it")},
    {"did not find expected ',' or ']'", N_("a list in [ ] that is not closed with ']'")},
    {"did not find expected ',' or '}'", N_("a mapping in { } that is not closed with '}'")},
    {"did not find expected '-' indicator", N_("this line does not line up with the '-' items above it")},
    {"found unexpected end of stream", N_("the front matter ends inside a quoted value (a quote is not closed)")},
    {"found unknown escape character",
     N_("an unknown escape with '\\' in a value in double quotes (write '\\\\', or use single quotes)")},
    {"block sequence entries are not allowed in this context", N_("a '-' list item where a value was expected")},
    {"found a tab character that violates indentation", N_("a tab in the indentation")},
    {"found a tab character where an indentation space is expected", N_("a tab in the indentation")},
};
static const char *const yaml_contexts[][2] = {
    {"while parsing a block mapping", N_("in the mapping that starts on line %d")},
    {"while parsing a flow mapping", N_("in the mapping that starts on line %d")},
    {"while parsing a block collection", N_("in the list that starts on line %d")},
    {"while parsing a flow sequence", N_("in the list that starts on line %d")},
    {"while scanning a simple key", N_("in the key on line %d")},
    {"while scanning a quoted scalar", N_("in the quoted value that starts on line %d")},
    {"while scanning a plain scalar", N_("in the value that starts on line %d")},
};

static const char *translated(const char *const table[][2], size_t n, const char *words) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(table[i][0], words) == 0) return _(table[i][1]);
  return NULL;
}

/* What YAML does not take that stands where the parser stopped or in the
 * indentation before it: a tab, or a no-break space (U+00A0, which word
 * processors type and which looks like a space). NULL when neither. */
static const char *stumbling_cause(const poscur *c) {
  size_t end = c->byte < c->len ? c->byte + 1 : c->len;
  bool indent = true;
  for (size_t i = c->line_start; i < end; i++) {
    unsigned char b = (unsigned char)c->text[i];
    if (b == '\t' && (indent || i == c->byte))
      return _("a tab: YAML indents with spaces only; replace the tab with spaces");
    if (b == 0xC2 && i + 1 < c->len && (unsigned char)c->text[i + 1] == 0xA0)
      return _("a no-break space (as a word processor types it): replace it with an ordinary space");
    if (b != ' ' && b != '\t') indent = false;
  }
  return NULL;
}

static void report_parser_error(ystate *st, yaml_parser_t *p) {
  srcpos pos;
  if (p->error == YAML_READER_ERROR) pos = pos_of_byte(&st->cur, p->problem_offset);
  else pos = cursor_to_mark(&st->cur, p->problem_mark);
  const char *problem = p->problem ? p->problem : "unknown problem";
  const char *words = translated(yaml_problems, ARRAY_LEN(yaml_problems), problem);
  const char *cause = p->error == YAML_READER_ERROR ? NULL : stumbling_cause(&st->cur);
  buf msg;
  buf_init(&msg);
  buf_adds(&msg, cause ? cause : words ? words : problem);
  if (p->context && !cause) {
    srcpos cpos = pos_of_mark(&st->cur, p->context_mark);
    const char *where = translated(yaml_contexts, ARRAY_LEN(yaml_contexts), p->context);
    buf_adds(&msg, " (");
    if (where) buf_printf(&msg, where, cpos.line);
    else buf_printf(&msg, "%s, line %d", p->context, cpos.line);
    buf_addc(&msg, ')');
  }
  room(st);
  diag_report(st->dl, DIAG_YAML_SYNTAX, pos, msg.data);
  buf_free(&msg);
}

/* Handles one event; false ends the loop. */
static bool on_event(ystate *st, const yaml_event_t *ev) {
  srcpos pos = pos_of_mark(&st->cur, ev->start_mark);
  switch (ev->type) {
  case YAML_STREAM_END_EVENT:
    return false;
  case YAML_DOCUMENT_START_EVENT:
    if (st->root_done) {
      fatal_report(st, st->dl, DIAG_YAML_MULTI_DOC, pos);
      return false;
    }
    break;
  case YAML_DOCUMENT_END_EVENT:
    st->root_done = true;
    break;
  case YAML_ALIAS_EVENT:
    fatal_report(st, st->dl, DIAG_YAML_ALIAS, pos, (const char *)ev->data.alias.anchor);
    break;
  case YAML_SCALAR_EVENT:
    on_scalar(st, ev, pos);
    break;
  case YAML_SEQUENCE_START_EVENT:
    on_start(st, YNODE_SEQ, ev->data.sequence_start.anchor, ev->data.sequence_start.tag, pos);
    break;
  case YAML_MAPPING_START_EVENT:
    on_start(st, YNODE_MAP, ev->data.mapping_start.anchor, ev->data.mapping_start.tag, pos);
    break;
  case YAML_SEQUENCE_END_EVENT:
  case YAML_MAPPING_END_EVENT:
    on_end(st);
    break;
  default:
    break;
  }
  return !st->fatal;
}

ynode *ytree_parse_ex(const char *text, size_t len, int first_line, diag_list *dl,
                      bool *fatal_out) {
  ystate st;
  memset(&st, 0, sizeof st);
  st.dl = dl;
  st.arena = xcalloc(1, sizeof *st.arena);
  st.cur.text = text;
  st.cur.len = len;
  st.cur.start = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  st.cur.first_line = first_line;
  cur_reset(&st.cur);
  cur_plain(&st.cur);

  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    fputs("wijkcontract: out of memory\n", stderr);
    abort();
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
  for (;;) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) {
      report_parser_error(&st, &parser);
      st.fatal = true;
      break;
    }
    bool go_on = on_event(&st, &ev);
    yaml_event_delete(&ev);
    if (!go_on) break;
  }
  yaml_parser_delete(&parser);
  free(st.stack);
  if (st.root) st.root->arena = st.arena;
  else arena_free(st.arena);
  if (fatal_out) *fatal_out = st.fatal;
  return st.root;
}

ynode *ytree_parse(const char *text, size_t len, int first_line, diag_list *dl) {
  return ytree_parse_ex(text, len, first_line, dl, NULL);
}

/* ---- the packed form ---------------------------------------------------- */

/* A tree as bytes, for the profiles, which are parsed when the binary is
 * built (generator/tools/ypack.c) and only unpacked when it runs. In
 * preorder, integers as 4 bytes little-endian: the magic, then per node
 * its kind and plain flag (a byte each), line and column, and a scalar's
 * length and bytes, or a list's item count and items, or a mapping's
 * entry count and key-value pairs. */
static const char pack_magic[4] = {'Y', 'T', 'R', '1'};

static void pack_u32(buf *out, size_t v) {
  unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                        (unsigned char)(v >> 24)};
  buf_add(out, b, 4);
}

static void pack_node(const ynode *y, buf *out) {
  buf_addc(out, (char)y->kind);
  buf_addc(out, (char)y->plain);
  pack_u32(out, (size_t)y->pos.line);
  pack_u32(out, (size_t)y->pos.col);
  if (y->kind == YNODE_SCALAR) {
    pack_u32(out, y->len);
    buf_add(out, y->text, y->len);
    return;
  }
  pack_u32(out, y->n);
  for (size_t i = 0; i < y->n; i++) {
    if (y->kind == YNODE_MAP) pack_node(y->keys[i], out);
    pack_node(y->items[i], out);
  }
}

void ytree_pack(const ynode *root, buf *out) {
  buf_add(out, pack_magic, sizeof pack_magic);
  pack_node(root, out);
}

typedef struct {
  const unsigned char *p, *end;
  struct yarena *arena;
} unpacker;

static bool unpack_u32(unpacker *u, size_t *v) {
  if (u->end - u->p < 4) return false;
  *v = (size_t)u->p[0] | (size_t)u->p[1] << 8 | (size_t)u->p[2] << 16 | (size_t)u->p[3] << 24;
  u->p += 4;
  return true;
}

static ynode *unpack_node(unpacker *u, int depth) {
  if (depth > YTREE_MAX_DEPTH || u->end - u->p < 2) return NULL;
  ynode_kind kind = (ynode_kind)u->p[0];
  bool plain = u->p[1] != 0;
  u->p += 2;
  size_t line, col, n;
  if ((kind != YNODE_SCALAR && kind != YNODE_MAP && kind != YNODE_SEQ) ||
      !unpack_u32(u, &line) || !unpack_u32(u, &col) || !unpack_u32(u, &n))
    return NULL;
  if (kind == YNODE_SCALAR && (size_t)(u->end - u->p) < n) return NULL;
  /* every item takes at least 14 bytes: a count beyond the rest is corrupt */
  if (kind != YNODE_SCALAR && n > (size_t)(u->end - u->p) / 14) return NULL;
  ynode *y = arena_alloc(u->arena, sizeof *y + (kind == YNODE_SCALAR ? n + 1 : 0));
  memset(y, 0, sizeof *y);
  y->kind = kind;
  y->plain = plain;
  y->pos = (srcpos){(int)line, (int)col};
  if (kind == YNODE_SCALAR) {
    y->text = (char *)(y + 1);
    memcpy(y->text, u->p, n);
    y->text[n] = '\0';
    y->len = n;
    u->p += n;
    return y;
  }
  y->n = n;
  y->items = n ? arena_alloc(u->arena, n * sizeof *y->items) : NULL;
  if (kind == YNODE_MAP) y->keys = n ? arena_alloc(u->arena, n * sizeof *y->keys) : NULL;
  for (size_t i = 0; i < n; i++) {
    if (kind == YNODE_MAP && !(y->keys[i] = unpack_node(u, depth + 1))) return NULL;
    if (!(y->items[i] = unpack_node(u, depth + 1))) return NULL;
  }
  return y;
}

ynode *ytree_unpack(const void *data, size_t len) {
  unpacker u = {data, (const unsigned char *)data + len, xcalloc(1, sizeof(struct yarena))};
  ynode *root = NULL;
  if (len >= sizeof pack_magic && memcmp(data, pack_magic, sizeof pack_magic) == 0) {
    u.p += sizeof pack_magic;
    root = unpack_node(&u, 0);
  }
  if (!root || u.p != u.end) {
    arena_free(u.arena);
    return NULL;
  }
  root->arena = u.arena;
  return root;
}
