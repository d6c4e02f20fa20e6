/* load.c - reads a contract definition: checks the text, splits front
 * matter from body, parses the YAML (yamltree) and binds it to the typed
 * model of model.h by the schema of the spec (2.1), and parses the body
 * with cmark-gfm. Syntax-level problems become diagnostics; only an
 * unreadable file makes loading fail. */
#include "model.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
/* SHA-256 through OpenSSL's low-level functions, not EVP: in OpenSSL 3,
 * EVP's first digest loads the configuration and the provider tables, 5.5
 * million instructions and 1.7 MB of memory per run (more than checking a
 * typical contract), for the same SHA-256 code. The low-level functions are
 * deprecated since 3.0 but present throughout 3.x; this level keeps them
 * declared without the deprecation warning. */
#define OPENSSL_API_COMPAT 10101
#include <openssl/sha.h>

#include "i18n.h"
#include "mdcost.h"
#include "profile.h"
#include "sniff.h"
#include "util.h"
#include "yamltree.h"

/* Limits (documented in README): a contract is a few hundred kilobytes;
 * 16 MiB leaves room for 20,000 parties and still bounds memory. */
#define LOAD_MAX_FILE (16u * 1024 * 1024)
#define LOAD_MAX_TEXT_REPORTS 20   /* invalid-text findings in the raw text */
#define LOAD_MAX_BIND_REPORTS 200  /* unknown-key, and wrong-type, findings each */
/* The body: bounds checked before cmark-gfm (0.29) sees it, each against
 * a blow-up measured on it, so that any body that fits in a file stays
 * under 256 MB and a few seconds (tests/t-memory.sh builds the largest
 * accepted body of each kind and bounds its peak memory), while
 * legitimate large ones (a 10,000 x 50 table of 2 MB, a paragraph of 1 MB)
 * go through:
 * - NODES: the peak of a build is mostly cmark's tree, about 200 bytes a
 *   node, and what its inline parser holds while it works through a
 *   paragraph. body_fits estimates it from the text, in units of about 150
 *   bytes of peak: 3 per line, 3 more for a line that opens a list item or
 *   a block quote (each makes several nodes), 1 per markup character (ASCII
 *   punctuation), 2 per 'w', 4 per ':' and 5 per '@' (an autolink may
 *   start there: "www.", "https:", an address; it costs more in DOCX, a
 *   relationship each) and 3 per
 *   character that starts inline markup ('*', '_', '~', '`', '[', ']',
 *   '!', '<', '&', '\\': each splits the text and may open a delimiter or a
 *   bracket, some 400 bytes until the paragraph is parsed); a
 *   table row counts 3 (a row holds more than a line: 200,000 rows of 2
 *   cells took 200 MB) and 2 per cell of its table (the cell and its
 *   text), at the width of the table's delimiter row, since cmark pads
 *   short rows to it (10,000 rows of one byte under a 500-wide header would
 *   be 5 million cells). A 10,000 x 50 table counts 1.56 million (236 MB
 *   at its peak, 2 s); the bound, 1.6 million, keeps every kind measured
 *   under 250 MB.
 * - ROW_PIPES: a table row of 40,000 cells took 8.5 s (cmark's table
 *   extension is quadratic in the cells of a row).
 * - AT_COST: e-mail autolinks scan their line back and forth at every '@'
 *   (a million addresses on one line: 31 s and 5.7 GB): the sum over lines
 *   of min('@', 1000) x length is bounded.
 * - DEPTH: later stages (writers, the office suites reading the output)
 *   should not meet a deeper tree. */
#define LOAD_MAX_BODY_NODES 1600000 /* estimated, as above */
#define LOAD_MAX_ROW_PIPES 500      /* '|' on one line */
#define LOAD_MAX_AT_COST 32000000   /* sum over lines of min('@', 1000) x length */
#define LOAD_MAX_BODY_DEPTH 5000   /* nesting of the Markdown tree */

/* ---- text: line endings, fingerprint, invalid characters ---------------- */

/* CR LF and lone CR become LF: what the fingerprint covers and what is
 * parsed. Columns stay those of the file (the CR ends its line). */
static char *normalise_newlines(const char *s, size_t len, size_t *out_len) {
  char *out = xmalloc(len + 1);
  size_t j = 0;
  for (size_t i = 0; i < len;) { /* the lines between CRs copied whole */
    const char *cr = memchr(s + i, '\r', len - i);
    size_t run = cr ? (size_t)(cr - (s + i)) : len - i;
    memcpy(out + j, s + i, run);
    i += run;
    j += run;
    if (i == len) break;
    out[j++] = '\n';
    i += i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
  }
  out[j] = '\0';
  *out_len = j;
  return out;
}

static void fingerprint(const char *s, size_t len, char hex[65]) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256_CTX ctx;
  if (!SHA256_Init(&ctx) || !SHA256_Update(&ctx, s, len) || !SHA256_Final(md, &ctx)) {
    hex[0] = '\0';
    return;
  }
  hex_encode(md, sizeof md, hex);
}

/* Reports invalid UTF-8, NUL and control characters at their line:column
 * and blanks them (one space per byte, so later positions hold): the YAML
 * and Markdown parsers then still see the rest of the file. */
static void clean_text(char *s, size_t len, diag_list *dl) {
  int line = 1;
  size_t line_start = 0, reported = 0;
  for (size_t i = 0; i < len;) {
    if ((i += ascii_printable_span(s + i, len - i)) == len) break;
    if (s[i] == '\n') {
      line++;
      line_start = ++i;
      continue;
    }
    if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f) {
      i++;
      continue;
    }
    size_t seq;
    unsigned cp;
    diag_id id = ytext_char_check(s + i, len - i, &seq, &cp);
    if (id != DIAG__COUNT) {
      srcpos pos = {line, (int)(i - line_start) + 1};
      if (reported < LOAD_MAX_TEXT_REPORTS) {
        if (id == DIAG_INVALID_CHAR || id == DIAG_NONCHARACTER) diag_report(dl, id, pos, cp);
        else diag_report(dl, id, pos);
      } else if (reported == LOAD_MAX_TEXT_REPORTS) {
        diag_report(dl, DIAG_INVALID_TEXT_MORE, pos, LOAD_MAX_TEXT_REPORTS);
      }
      reported++;
      memset(s + i, ' ', seq);
    }
    i += seq;
  }
}

/* ---- front matter ------------------------------------------------------- */

/* Is the line s[0..len) (without its LF) exactly `mark` plus blanks? */
static bool is_fence(const char *s, size_t len, const char *mark) {
  if (len < 3 || memcmp(s, mark, 3) != 0) return false;
  for (size_t i = 3; i < len; i++)
    if (s[i] != ' ' && s[i] != '\t') return false;
  return true;
}

/* Where the front matter and the body lie in the text. */
typedef struct {
  const char *yaml;
  size_t yaml_len;
  const char *body;
  size_t body_len;
  int body_line;
} split;

/* Finds the fences: the first line `---`, the closing `---` or `...`
 * (trailing blanks allowed). Returns 1 and fills sp when both are there, 0
 * without an opening fence, -1 when the closing one is missing. */
static int split_front_matter(const char *s, size_t len, split *sp) {
  const char *nl = memchr(s, '\n', len);
  size_t first = nl ? (size_t)(nl - s) : len;
  if (!is_fence(s, first, "---")) return 0;
  size_t at = nl ? first + 1 : len;
  int line = 2;
  while (at < len) {
    const char *e = memchr(s + at, '\n', len - at);
    size_t end = e ? (size_t)(e - s) : len;
    if (is_fence(s + at, end - at, "---") || is_fence(s + at, end - at, "...")) {
      sp->yaml = s + first + 1;
      sp->yaml_len = at - (first + 1);
      sp->body = e ? s + end + 1 : s + len;
      sp->body_len = (size_t)(s + len - sp->body);
      sp->body_line = line + 1;
      return 1;
    }
    at = e ? end + 1 : len;
    line++;
  }
  return -1;
}

/* ---- binding the YAML to the model -------------------------------------- */

typedef struct {
  diag_list *dl;
  size_t warnings, errors; /* unknown-key and wrong-type findings so far */
  contract *c;             /* keeps the texts (keep) */
} binder;

/* A block of the contract's texts (contract.strings), the newest first. */
struct model_strings {
  struct model_strings *next;
  size_t used, cap;
  char data[];
};
#define STRINGS_BLOCK 16384u

/* A copy of s[0..len), NUL-terminated, kept with the contract. */
static char *keep(binder *b, const char *s, size_t len) {
  struct model_strings *m = b->c->strings;
  if (!m || m->cap - m->used < len + 1) {
    size_t cap = len + 1 > STRINGS_BLOCK ? len + 1 : STRINGS_BLOCK;
    m = xmalloc(sizeof *m + cap);
    *m = (struct model_strings){b->c->strings, 0, cap};
    b->c->strings = m;
  }
  char *d = m->data + m->used;
  if (len) memcpy(d, s, len);
  d[len] = '\0';
  m->used += len + 1;
  return d;
}

/* Hostile input can hold a million unknown keys: report the first ones of
 * each kind, then one note. Errors are counted apart from warnings so the
 * exit status never hides an error. */
static bool bind_room(binder *b, bool error, srcpos pos) {
  size_t *n = error ? &b->errors : &b->warnings;
  if (*n < LOAD_MAX_BIND_REPORTS) {
    ++*n;
    return true;
  }
  if (*n == LOAD_MAX_BIND_REPORTS) {
    ++*n;
    diag_report(b->dl, DIAG_FINDINGS_MORE, pos, LOAD_MAX_BIND_REPORTS);
  }
  return false;
}

/* Key text for messages: bounded, NUL-free (a key can hold anything),
 * never cut inside a UTF-8 sequence. */
enum { SHOWN_MAX = 60 };

static char *shown(const ynode *n) {
  size_t len = strnlen(n->text, n->len);
  if (len > SHOWN_MAX) {
    len = SHOWN_MAX;
    while (len > 0 && ((unsigned char)n->text[len] & 0xc0) == 0x80) len--;
  }
  return xstrndup(n->text, len);
}

/* shown(n), without a copy where that is the key as it is (nearly every
 * key): *copy is what to free. */
static const char *shown_ref(const ynode *n, char **copy) {
  *copy = NULL;
  if (n->len <= SHOWN_MAX && !memchr(n->text, '\0', n->len)) return n->text;
  return *copy = shown(n);
}

static void wrong_type(binder *b, const char *name, const char *expected, const ynode *v) {
  if (!bind_room(b, true, v->pos)) return;
  diag_report(b->dl, DIAG_WRONG_TYPE, v->pos, name, _(expected), _(ynode_kind_name(v)));
}

static void wrong_type_key(binder *b, const ynode *key, const char *expected, const ynode *v) {
  char *k = shown(key);
  wrong_type(b, k, expected, v);
  free(k);
}

static void unknown_key(binder *b, const ynode *key, const char *const *known, size_t n_known,
                        const char *context) {
  if (!bind_room(b, false, key->pos)) return;
  char *k = shown(key);
  if (mem_find(key->text, 0, key->len, "\xC2\xA0") < key->len) {
    diag_report(b->dl, DIAG_KEY_NBSP, key->pos, k);
    free(k);
    return;
  }
  const char *suggest = str_nearest(k, known, n_known);
  if (suggest) diag_report(b->dl, DIAG_UNKNOWN_KEY_SUGGEST, key->pos, k, _(context), suggest);
  else diag_report(b->dl, DIAG_UNKNOWN_KEY, key->pos, k, _(context));
  free(k);
}

/* Index of key among known, or -1: unknown (reported) or a repeat of a key
 * already bound (yamltree reported the duplicate; the first one counts). */
static int known_key(binder *b, const ynode *key, const char *const *known, size_t n_known,
                     const char *context, uint32_t *seen) {
  for (size_t i = 0; i < n_known; i++) {
    if (known[i][0] == key->text[0] && key->len == strlen(known[i]) && memcmp(key->text, known[i], key->len) == 0) {
      if (*seen & (1u << i)) return -1;
      *seen |= 1u << i;
      return (int)i;
    }
  }
  unknown_key(b, key, known, n_known, context);
  return -1;
}

/* The value as every later stage sees it. What yamltree reported as
 * invalid-text inside it (a NUL or another control character written as an
 * escape, "\0" or "\x01", a non-character) becomes U+FFFD, as cmark does
 * with a NUL in the body: a draft built anyway shows where something was,
 * and no measurement, writer or CSV cell ever meets such a byte. */
static void set_text(binder *bd, mtext *t, const ynode *v) {
  const char *s = v->text;
  size_t len = v->len, i = 0, done = 0;
  buf b = {0}; /* used only when something is replaced */
  if (v->clean) i = len; /* yamltree found nothing to replace */
  while ((i += ascii_printable_span(s + i, len - i)) < len) {
    unsigned char c = (unsigned char)s[i];
    size_t seq = 1;
    unsigned cp;
    if ((c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r' ||
        ytext_char_check(s + i, len - i, &seq, &cp) == DIAG__COUNT) {
      i += seq;
      continue;
    }
    buf_add(&b, s + done, i - done);
    buf_adds(&b, "\xEF\xBF\xBD");
    done = i += seq;
  }
  if (b.data) {
    buf_add(&b, s + done, len - done);
    t->len = b.len;
    t->s = keep(bd, b.data, b.len);
    buf_free(&b);
  } else {
    t->len = len;
    t->s = keep(bd, s, len);
  }
  t->pos = v->pos;
}

/* A value wrapped in a word processor's curly quotes ("Wijkcontract ..."
 * typed in Word): YAML keeps them as text, so the document would print
 * them and a defined term would read with two pairs. */
static void typographic_quotes(binder *b, const char *name, const mtext *t) {
  static const char *const pairs[][2] = {
      {"\u201C", "\u201D"}, {"\u201E", "\u201D"}, {"\u201E", "\u201C"}, {"\u2018", "\u2019"},
      {"\u201A", "\u2019"}, {"\u00AB", "\u00BB"}, {"\u201D", "\u201D"}};
  if (!t->len || (unsigned char)t->s[0] < 0x80) return; /* every mark is beyond ASCII */
  for (size_t i = 0; i < ARRAY_LEN(pairs); i++) {
    size_t o = strlen(pairs[i][0]), c = strlen(pairs[i][1]);
    if (t->len > o + c && memcmp(t->s, pairs[i][0], o) == 0 && memcmp(t->s + t->len - c, pairs[i][1], c) == 0) {
      if (bind_room(b, false, t->pos))
        diag_report(b->dl, DIAG_TYPOGRAPHIC_QUOTES, t->pos, name, pairs[i][0], pairs[i][1]);
      return;
    }
  }
}

/* A null value (`key:`, `~`, `null`) is an empty text at the key, so check
 * can say "empty" rather than "missing". */
static void bind_scalar(binder *b, mtext *t, srcpos key_pos, const char *name,
                        const char *expected, const ynode *v) {
  t->key_pos = key_pos;
  if (v->kind != YNODE_SCALAR) {
    wrong_type(b, name, expected, v);
    t->wrong_type = true;
    t->pos = v->pos;
    return;
  }
  if (ynode_is_null(v)) {
    t->s = keep(b, "", 0);
    t->len = 0;
    t->pos = v->len ? v->pos : key_pos;
    return;
  }
  set_text(b, t, v);
  typographic_quotes(b, name, t);
}

static void bind_text(binder *b, mtext *t, const ynode *key, const ynode *v, const char *expected) {
  char *copy;
  bind_scalar(b, t, key->pos, shown_ref(key, &copy), expected, v);
  free(copy);
}

static void list_add(binder *b, mtext_list *l, size_t *cap, const ynode *v) {
  void *p = l->items;
  xgrow(&p, cap, l->n + 1, sizeof(mtext));
  l->items = p;
  mtext *t = &l->items[l->n++];
  memset(t, 0, sizeof *t);
  if (ynode_is_null(v)) {
    t->s = keep(b, "", 0);
    t->pos = v->pos;
  } else {
    set_text(b, t, v);
  }
  t->key_pos = v->pos;
}

/* A list of texts; with allow_scalar a single text is promoted to a
 * one-item list (beneficiaries, role holders). */
static void bind_list(binder *b, mtext_list *l, const ynode *key, const char *name, const ynode *v,
                      bool allow_scalar, const char *expected, const char *item_expected) {
  l->present = true;
  l->key_pos = key->pos;
  l->pos = v->pos;
  size_t cap = 0;
  if (ynode_is_null(v)) return;
  if (v->kind == YNODE_SCALAR && allow_scalar) {
    list_add(b, l, &cap, v);
    return;
  }
  if (v->kind != YNODE_SEQ) {
    wrong_type(b, name, expected, v);
    l->wrong_type = true;
    return;
  }
  for (size_t i = 0; i < v->n; i++) {
    const ynode *item = v->items[i];
    if (item->kind != YNODE_SCALAR) {
      char *nm = xasprintf("%s[%zu]", name, i + 1);
      wrong_type(b, nm, item_expected, item);
      free(nm);
      continue;
    }
    list_add(b, l, &cap, item);
  }
}

static void set_field(mfield *f, const ynode *key, const ynode *v) {
  f->present = true;
  f->key_pos = key->pos;
  f->pos = v->pos;
}

/* A field that must be a mapping: false (after wrong-type) when it is not;
 * a null value is an empty mapping. */
static bool want_map(binder *b, const ynode *key, const ynode *v, const char *expected) {
  if (v->kind == YNODE_MAP || ynode_is_null(v)) return true;
  wrong_type_key(b, key, expected, v);
  return false;
}

/* The items of a list that must hold mappings; the others get wrong-type.
 * Returns an array of *count elements of elem bytes (NULL when there is no
 * list), calling bind(b, item, element) to fill each from its mapping. */
typedef void (*bind_item_fn)(binder *b, const ynode *map, void *element);

static void *bind_map_list(binder *b, const ynode *key, const ynode *v, mfield *f,
                           size_t *count, size_t elem, bind_item_fn bind) {
  set_field(f, key, v);
  *count = 0;
  if (ynode_is_null(v)) return NULL;
  char *name = shown(key);
  if (v->kind != YNODE_SEQ) {
    wrong_type(b, name, N_("a list"), v);
    f->wrong_type = true;
    free(name);
    return NULL;
  }
  size_t maps = 0;
  for (size_t i = 0; i < v->n; i++) maps += v->items[i]->kind == YNODE_MAP;
  char *array = xcalloc(maps ? maps : 1, elem);
  for (size_t i = 0; i < v->n; i++) {
    const ynode *item = v->items[i];
    if (item->kind != YNODE_MAP) {
      char *nm = xasprintf("%s[%zu]", name, i + 1);
      wrong_type(b, nm, N_("a mapping"), item);
      free(nm);
      continue;
    }
    bind(b, item, array + elem * (*count)++);
  }
  free(name);
  return array;
}

/* -- signatory: {name, function} or a list of them -- */

static void bind_one_signatory(binder *b, const ynode *m, signatory *s) {
  static const char *const keys[] = {"name", "function"};
  uint32_t seen = 0;
  s->pos = m->pos;
  for (size_t i = 0; i < m->n; i++) {
    const ynode *k = m->keys[i], *v = m->items[i];
    switch (known_key(b, k, keys, ARRAY_LEN(keys), N_("a signatory"), &seen)) {
    case 0: bind_text(b, &s->name, k, v, N_("text")); break;
    case 1: bind_text(b, &s->function, k, v, N_("text")); break;
    default: break;
    }
  }
}

static void bind_signatory(binder *b, party *p, const ynode *key, const ynode *v) {
  static const char *const expected = N_("a mapping {name, function} or a list of such mappings");
  p->has_signatory_key = true;
  p->signatory_pos = v->pos;
  if (ynode_is_null(v)) {
    p->signatory_pos = key->pos;
    return;
  }
  if (v->kind == YNODE_MAP) {
    p->signatories = xcalloc(1, sizeof(signatory));
    p->n_signatories = 1;
    bind_one_signatory(b, v, &p->signatories[0]);
    return;
  }
  if (v->kind != YNODE_SEQ) {
    wrong_type(b, "signatory", expected, v);
    return;
  }
  p->signatories = xcalloc(v->n ? v->n : 1, sizeof(signatory));
  for (size_t i = 0; i < v->n; i++) {
    if (v->items[i]->kind != YNODE_MAP) {
      char *nm = xasprintf("signatory[%zu]", i + 1);
      wrong_type(b, nm, N_("a mapping"), v->items[i]);
      free(nm);
      continue;
    }
    bind_one_signatory(b, v->items[i], &p->signatories[p->n_signatories++]);
  }
}

/* -- party -- */

static void bind_party(binder *b, const ynode *m, void *element) {
  static const char *const keys[] = {"id",      "name",    "short",   "type",
                                     "registration", "address", "mission", "signatory"};
  party *p = element;
  uint32_t seen = 0;
  p->pos = m->pos;
  for (size_t i = 0; i < m->n; i++) {
    const ynode *k = m->keys[i], *v = m->items[i];
    switch (known_key(b, k, keys, ARRAY_LEN(keys), N_("a party"), &seen)) {
    case 0: bind_text(b, &p->id, k, v, N_("text")); break;
    case 1: bind_text(b, &p->name, k, v, N_("text")); break;
    case 2: bind_text(b, &p->short_name, k, v, N_("text")); break;
    case 3: bind_text(b, &p->type, k, v, N_("text")); break;
    case 4: bind_text(b, &p->registration, k, v, N_("text")); break;
    case 5: bind_text(b, &p->address, k, v, N_("text")); break;
    case 6: bind_text(b, &p->mission, k, v, N_("text")); break;
    case 7: bind_signatory(b, p, k, v); break;
    default: break;
    }
  }
}

/* -- challenge and its roles -- */

static void bind_roles(binder *b, challenge *ch, const ynode *key, const ynode *v) {
  ch->has_roles = true;
  ch->roles_pos = ynode_is_null(v) ? key->pos : v->pos;
  if (!want_map(b, key, v, N_("a mapping"))) return;
  if (v->kind != YNODE_MAP) return;
  ch->roles = xcalloc(v->n ? v->n : 1, sizeof(role_assignment));
  for (size_t i = 0; i < v->n; i++) {
    const ynode *k = v->keys[i], *h = v->items[i];
    role_assignment *r = &ch->roles[ch->n_roles++];
    set_text(b, &r->role, k);
    r->role.key_pos = k->pos;
    char *copy;
    bind_list(b, &r->holders, k, shown_ref(k, &copy), h, true, N_("a party id or a list of party ids"),
              N_("a party id"));
    free(copy);
  }
}

static void bind_challenge(binder *b, const ynode *m, void *element) {
  static const char *const keys[] = {"id", "title", "description", "roles"};
  challenge *ch = element;
  uint32_t seen = 0;
  ch->pos = m->pos;
  for (size_t i = 0; i < m->n; i++) {
    const ynode *k = m->keys[i], *v = m->items[i];
    switch (known_key(b, k, keys, ARRAY_LEN(keys), N_("a challenge"), &seen)) {
    case 0: bind_text(b, &ch->id, k, v, N_("text")); break;
    case 1: bind_text(b, &ch->title, k, v, N_("text")); break;
    case 2: bind_text(b, &ch->description, k, v, N_("text")); break;
    case 3: bind_roles(b, ch, k, v); break;
    default: break;
    }
  }
}

/* -- commitment -- */

/* Binds the text fields of mapping m: keys[i] into texts[i]; the keys
 * whose bit is set in dates are expected to be dates (for wrong-type). */
static void bind_texts(binder *b, const ynode *m, const char *const *keys, mtext *const *texts,
                       size_t n, const char *context, uint32_t dates) {
  uint32_t seen = 0;
  for (size_t i = 0; i < m->n; i++) {
    const ynode *k = m->keys[i], *v = m->items[i];
    int which = known_key(b, k, keys, n, context, &seen);
    if (which >= 0)
      bind_text(b, texts[which], k, v, dates & (1u << which) ? N_("a date") : N_("text"));
  }
}

static void copy_text(binder *b, mtext *dst, const mtext *src) {
  *dst = *src;
  dst->s = src->s ? keep(b, src->s, src->len) : NULL;
}

/* `party`: one id (as in v1) or a list of ids (a joint commitment). */
static void bind_commitment_party(binder *b, commitment *cm, const ynode *k, const ynode *v) {
  static const char *const expected = N_("a party id or a list of party ids");
  if (v->kind == YNODE_SCALAR) {
    bind_text(b, &cm->party, k, v, expected);
    cm->parties.present = true;
    cm->parties.key_pos = k->pos;
    cm->parties.pos = cm->party.pos;
    if (!ynode_is_null(v)) {
      cm->parties.items = xcalloc(1, sizeof(mtext));
      copy_text(b, &cm->parties.items[0], &cm->party);
      cm->parties.n = 1;
    }
    return;
  }
  bind_list(b, &cm->parties, k, "party", v, true, expected, N_("a party id"));
  cm->party.key_pos = k->pos;
  if (cm->parties.wrong_type) {
    cm->party.wrong_type = true;
    cm->party.pos = v->pos;
  } else if (cm->parties.n > 0) {
    copy_text(b, &cm->party, &cm->parties.items[0]);
  } else if (v->n == 0) {
    cm->party.s = keep(b, "", 0); /* `party: []` is empty */
    cm->party.pos = v->pos;
  } else {
    cm->party.wrong_type = true; /* only items of the wrong shape */
    cm->party.pos = v->pos;
  }
}

static void bind_amount(binder *b, mamount *a, const ynode *k, const ynode *v) {
  static const char *const keys[] = {"value", "currency", "per", "times", "note"};
  mtext *texts[] = {&a->value, &a->currency, &a->per, &a->times, &a->note};
  a->key_pos = k->pos;
  a->pos = ynode_is_null(v) ? k->pos : v->pos;
  if (!want_map(b, k, v, N_("a mapping {value, currency, per, times, note}"))) return;
  a->present = true;
  if (v->kind == YNODE_MAP)
    bind_texts(b, v, keys, texts, ARRAY_LEN(keys), N_("an amount"), 0);
}

static void bind_target(binder *b, mtarget *t, const ynode *k, const ynode *v) {
  static const char *const keys[] = {"indicator", "baseline", "value", "unit", "by"};
  mtext *texts[] = {&t->indicator, &t->baseline, &t->value, &t->unit, &t->by};
  t->key_pos = k->pos;
  t->pos = ynode_is_null(v) ? k->pos : v->pos;
  if (!want_map(b, k, v, N_("a mapping {indicator, baseline, value, unit, by}"))) return;
  t->present = true;
  if (v->kind == YNODE_MAP)
    bind_texts(b, v, keys, texts, ARRAY_LEN(keys), N_("a target"), 1u << 4);
}

enum {
  C_ID, C_PARTY, C_CHALLENGE, C_TEXT, C_OBLIGATION, C_IMPACT, C_MEASURE, C_DUE, C_RECURRENCE,
  C_RESOURCES, C_BENEFICIARIES, C_TO, C_AMOUNT, C_TARGET, C_AFTER, C_UNTIL, C_REMEDY
};

static void bind_commitment(binder *b, const ynode *m, void *element) {
  static const char *const keys[] = {"id",         "party",     "challenge",     "text",
                                     "obligation", "impact",    "measure",       "due",
                                     "recurrence", "resources", "beneficiaries", "to",
                                     "amount",     "target",    "after",         "until",
                                     "remedy"};
  commitment *cm = element;
  mtext *texts[] = {&cm->id,      &cm->party,    &cm->challenge,  &cm->text,
                    &cm->obligation, &cm->impact, &cm->measure,   &cm->due,
                    &cm->recurrence, &cm->resources};
  uint32_t seen = 0;
  cm->pos = m->pos;
  for (size_t i = 0; i < m->n; i++) {
    const ynode *k = m->keys[i], *v = m->items[i];
    int which = known_key(b, k, keys, ARRAY_LEN(keys), N_("a commitment"), &seen);
    switch (which) {
    case -1: break;
    case C_PARTY: bind_commitment_party(b, cm, k, v); break;
    case C_BENEFICIARIES:
      bind_list(b, &cm->beneficiaries, k, "beneficiaries", v, true, N_("text or a list of texts"),
                N_("text"));
      break;
    case C_TO:
      bind_list(b, &cm->to, k, "to", v, true, N_("a party id or a list of party ids"),
                N_("a party id"));
      break;
    case C_AMOUNT: bind_amount(b, &cm->amount, k, v); break;
    case C_TARGET: bind_target(b, &cm->target, k, v); break;
    case C_AFTER: bind_text(b, &cm->after, k, v, N_("text")); break;
    case C_UNTIL: bind_text(b, &cm->until, k, v, N_("a date")); break;
    case C_REMEDY: bind_text(b, &cm->remedy, k, v, N_("text")); break;
    default: bind_text(b, texts[which], k, v, which == C_DUE ? N_("a date") : N_("text")); break;
    }
  }
}

/* -- signature -- */

static void bind_signature(binder *b, const ynode *m, void *element) {
  static const char *const keys[] = {"party", "name", "date", "place", "function"};
  signature *sg = element;
  mtext *texts[] = {&sg->party, &sg->name, &sg->date, &sg->place, &sg->function};
  sg->pos = m->pos;
  bind_texts(b, m, keys, texts, ARRAY_LEN(keys), N_("a signature"), 1u << 2);
}

/* -- v2: conditions, reports, amendments, progress, acknowledgements -- */

static void bind_condition(binder *b, const ynode *m, void *element) {
  static const char *const keys[] = {"id", "text", "status", "due"};
  condition *cd = element;
  mtext *texts[] = {&cd->id, &cd->text, &cd->status, &cd->due};
  cd->pos = m->pos;
  bind_texts(b, m, keys, texts, ARRAY_LEN(keys), N_("a condition"), 1u << 3);
}

static void bind_report(binder *b, const ynode *m, void *element) {
  static const char *const keys[] = {"party", "to", "every", "about"};
  report_duty *r = element;
  mtext *texts[] = {&r->party, &r->to, &r->every, &r->about};
  r->pos = m->pos;
  bind_texts(b, m, keys, texts, ARRAY_LEN(keys), N_("a report"), 0);
}

static void bind_amendment(binder *b, const ynode *m, void *element) {
  static const char *const keys[] = {"version", "date", "summary"};
  amendment *a = element;
  mtext *texts[] = {&a->version, &a->date, &a->summary};
  a->pos = m->pos;
  bind_texts(b, m, keys, texts, ARRAY_LEN(keys), N_("an amendment"), 1u << 1);
}

static void bind_progress(binder *b, const ynode *m, void *element) {
  static const char *const keys[] = {"commitment", "date", "status", "value", "note"};
  progress_record *pr = element;
  mtext *texts[] = {&pr->commitment, &pr->date, &pr->status, &pr->value, &pr->note};
  pr->pos = m->pos;
  bind_texts(b, m, keys, texts, ARRAY_LEN(keys), N_("a progress record"), 1u << 1);
}

static void bind_acknowledgement(binder *b, const ynode *m, void *element) {
  static const char *const keys[] = {"check", "subject", "reason"};
  acknowledgement *a = element;
  mtext *texts[] = {&a->check, &a->subject, &a->reason};
  a->pos = m->pos;
  bind_texts(b, m, keys, texts, ARRAY_LEN(keys), N_("an acknowledgement"), 0);
}

/* -- period and schuurpapier -- */

static void bind_period(binder *b, contract *c, const ynode *key, const ynode *v) {
  static const char *const keys[] = {"start", "end"};
  set_field(&c->period, key, v);
  if (!want_map(b, key, v, N_("a mapping {start, end}"))) {
    c->period.wrong_type = true;
    return;
  }
  if (v->kind != YNODE_MAP) return;
  uint32_t seen = 0;
  for (size_t i = 0; i < v->n; i++) {
    const ynode *k = v->keys[i], *x = v->items[i];
    switch (known_key(b, k, keys, ARRAY_LEN(keys), N_("the period"), &seen)) {
    case 0: bind_text(b, &c->period_start, k, x, N_("a date")); break;
    case 1: bind_text(b, &c->period_end, k, x, N_("a date")); break;
    default: break;
    }
  }
}

static void bind_schuurpapier(binder *b, contract *c, const ynode *key, const ynode *v) {
  set_field(&c->schuurpapier_field, key, v);
  if (!want_map(b, key, v, N_("a mapping"))) {
    c->schuurpapier_field.wrong_type = true;
    return;
  }
  if (v->kind != YNODE_MAP) return;
  c->schuurpapier = xcalloc(v->n ? v->n : 1, sizeof(axis_entry));
  for (size_t i = 0; i < v->n; i++) {
    axis_entry *e = &c->schuurpapier[c->n_schuurpapier++];
    set_text(b, &e->key, v->keys[i]);
    e->key.key_pos = v->keys[i]->pos;
    bind_text(b, &e->value, v->keys[i], v->items[i], N_("text"));
  }
}

/* -- the front matter as a whole -- */

enum {
  K_KIND, K_TITLE, K_AREA, K_LANGUAGE, K_VERSION, K_STATUS, K_DATE, K_PERIOD, K_EVALUATIONS,
  K_PARTIES, K_CHALLENGES, K_COMMITMENTS, K_SCHUURPAPIER, K_SIGNATURES, K_CONDITIONS, K_REPORTS,
  K_AMENDMENTS, K_PROGRESS, K_ACKNOWLEDGE
};

/* A top-level list of mappings into *array / *count / *field. */
#define BIND_LIST(field_name, count_name, type, fn)                                       \
  c->field_name = bind_map_list(b, k, v, &c->field_name##_field, &c->count_name,          \
                                sizeof(type), fn)

static void bind_top(binder *b, contract *c, const ynode *root) {
  static const char *const keys[] = {
      "kind",    "title",       "area",       "language",    "version",
      "status",  "date",        "period",     "evaluations", "parties",
      "challenges", "commitments", "schuurpapier", "signatures", "conditions",
      "reports", "amendments", "progress",   "acknowledge"};
  uint32_t seen = 0;
  for (size_t i = 0; i < root->n; i++) {
    const ynode *k = root->keys[i], *v = root->items[i];
    int which = known_key(b, k, keys, ARRAY_LEN(keys), N_("the front matter"), &seen);
    switch (which) {
    case K_KIND: bind_text(b, &c->kind, k, v, N_("text")); break;
    case K_TITLE: bind_text(b, &c->title, k, v, N_("text")); break;
    case K_AREA: bind_text(b, &c->area, k, v, N_("text")); break;
    case K_LANGUAGE: bind_text(b, &c->language, k, v, N_("text")); break;
    case K_VERSION: bind_text(b, &c->version, k, v, N_("text")); break;
    case K_STATUS: bind_text(b, &c->status, k, v, N_("text")); break;
    case K_DATE: bind_text(b, &c->date, k, v, N_("a date")); break;
    case K_PERIOD: bind_period(b, c, k, v); break;
    case K_EVALUATIONS:
      bind_list(b, &c->evaluations, k, "evaluations", v, false, N_("a list of dates"),
                N_("a date"));
      break;
    case K_PARTIES:
      c->parties = bind_map_list(b, k, v, &c->parties_field, &c->n_parties, sizeof(party),
                                 bind_party);
      break;
    case K_CHALLENGES:
      c->challenges = bind_map_list(b, k, v, &c->challenges_field, &c->n_challenges,
                                    sizeof(challenge), bind_challenge);
      break;
    case K_COMMITMENTS:
      c->commitments = bind_map_list(b, k, v, &c->commitments_field, &c->n_commitments,
                                     sizeof(commitment), bind_commitment);
      break;
    case K_SCHUURPAPIER: bind_schuurpapier(b, c, k, v); break;
    case K_SIGNATURES:
      c->signatures = bind_map_list(b, k, v, &c->signatures_field, &c->n_signatures,
                                    sizeof(signature), bind_signature);
      break;
    case K_CONDITIONS: BIND_LIST(conditions, n_conditions, condition, bind_condition); break;
    case K_REPORTS: BIND_LIST(reports, n_reports, report_duty, bind_report); break;
    case K_AMENDMENTS: BIND_LIST(amendments, n_amendments, amendment, bind_amendment); break;
    case K_PROGRESS: BIND_LIST(progress, n_progress, progress_record, bind_progress); break;
    case K_ACKNOWLEDGE:
      BIND_LIST(acknowledge, n_acknowledge, acknowledgement, bind_acknowledgement);
      break;
    default: break;
    }
  }
}

static void load_front_matter(contract *c, const split *sp, diag_list *dl) {
  bool fatal = false;
  ynode *root = ytree_parse_ex(sp->yaml, sp->yaml_len, 2, dl, &fatal);
  if (fatal) c->front_matter_incomplete = true;
  if (root && root->kind != YNODE_MAP) {
    /* After a fatal error a scalar root is only what was read so far. */
    if (!fatal)
      diag_report(dl, DIAG_WRONG_TYPE, root->pos, _("the front matter"), _("a mapping"),
                  _(ynode_kind_name(root)));
    c->front_matter_incomplete = true;
  } else if (root) {
    binder b = {dl, 0, 0, c};
    bind_top(&b, c, root);
  }
  ynode_free(root);
}

/* ---- the body ----------------------------------------------------------- */

static void attach_extension(cmark_parser *p, const char *name) {
  cmark_syntax_extension *ext = cmark_find_syntax_extension(name);
  if (ext) cmark_parser_attach_syntax_extension(p, ext);
}

/* Depth of the tree, measured without recursion: a walk along the child,
 * sibling and parent links. */
static int body_depth(cmark_node *doc) {
  int depth = 0, max = 0;
  cmark_node *n = doc;
  for (;;) {
    cmark_node *child = cmark_node_first_child(n);
    if (child) {
      n = child;
      if (++depth > max) max = depth;
      continue;
    }
    while (n != doc && !cmark_node_next(n)) {
      n = cmark_node_parent(n);
      depth--;
    }
    if (n == doc) return max;
    n = cmark_node_next(n);
  }
}

/* Whether s[0..len) is a table's delimiter row: only '-', ':', '|' and
 * blanks, with at least one '-' and one '|'. */
static bool delimiter_row(const char *s, size_t len) {
  bool dash = false, pipe = false;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '-') dash = true;
    else if (s[i] == '|') pipe = true;
    else if (s[i] != ':' && s[i] != ' ' && s[i] != '\t') return false;
  }
  return dash && pipe;
}

/* The weight of a character in body_fits's estimate. */
static unsigned char_weight(unsigned char ch) {
  if ((ch >= 'a' && ch <= 'v') || (ch >= 'x' && ch <= 'z') || (ch >= 'A' && ch <= 'V') || (ch >= 'X' && ch <= 'Z') ||
      (ch >= '0' && ch <= '9') || ch >= 0x80)
    return 0; /* letters and digits but 'w', most of any text, weigh nothing */
  switch (ch) {
  case '*': /* emphasis */
  case '_':
  case '~': /* strikethrough */
  case '`': /* code */
  case '[': /* links and images */
  case ']':
  case '!':
  case '<': /* autolinks and HTML */
  case '&': /* entities */
  case '\\': /* escapes */
    return 3;
  case ':': /* autolinks: http:, https:, ftp: (4: a link costs more in DOCX) */
    return 4;
  case '@': /* e-mail autolinks */
    return 5;
  case 'w': /* autolinks: www. */
  case 'W':
    return 2;
  default:
    return ch < 0x80 && ispunct(ch) ? 1 : 0;
  }
}

/* Whether the line s[0..len) opens a list item or a block quote: after
 * its indentation, '>', or '-', '+', '*' or 1 to 9 digits and '.' or ')',
 * followed by a blank or the end of the line. */
static bool opens_container(const char *s, size_t len) {
  size_t i = 0;
  while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
  if (i < len && s[i] == '>') return true;
  size_t d = i;
  while (d < len && d - i < 9 && s[d] >= '0' && s[d] <= '9') d++;
  size_t m = d > i ? (d < len && (s[d] == '.' || s[d] == ')') ? d + 1 : 0)
                   : (i < len && (s[i] == '-' || s[i] == '+' || s[i] == '*') ? i + 1 : 0);
  return m && (m == len || s[m] == ' ' || s[m] == '\t');
}

/* Checks the bounds above before cmark sees the text; reports and returns
 * false (*at: where it reported) when the body must not be parsed. */
static bool body_fits(const char *s, size_t len, int first_line, diag_list *dl, srcpos *at) {
  size_t pipes = 0, prev_pipes = 0, ats = 0, line_start = 0;
  size_t table_cols = 0; /* inside a table (since its delimiter row): its width */
  unsigned long long at_cost = 0, nodes = 0;
  int line = first_line;
  for (size_t i = 0; i <= len; i++) {
    unsigned char ch = i < len ? (unsigned char)s[i] : '\n';
    if (ch == '\n') {
      at_cost += (unsigned long long)(ats < 1000 ? ats : 1000) * (i - line_start);
      if (at_cost > LOAD_MAX_AT_COST) {
        *at = (srcpos){line, 1};
        diag_report(dl, DIAG_BODY_LINE_TOO_COMPLEX, *at);
        return false;
      }
      bool blank = true;
      for (size_t k = line_start; k < i && blank; k++) blank = s[k] == ' ' || s[k] == '\t';
      if (blank) {
        table_cols = 0;
      } else if (!table_cols && delimiter_row(s + line_start, i - line_start)) {
        table_cols = (pipes > prev_pipes ? pipes : prev_pipes) + 1;
        nodes += 3 + 2 * (unsigned long long)table_cols; /* the header row */
      }
      if (table_cols) nodes += 3 + 2 * (unsigned long long)table_cols;
      else nodes += 3 + (opens_container(s + line_start, i - line_start) ? 3 : 0);
      prev_pipes = pipes;
      pipes = ats = 0;
      line++;
      line_start = i + 1;
      continue;
    }
    if (ch == '|' && ++pipes > LOAD_MAX_ROW_PIPES) {
      *at = (srcpos){line, 1};
      diag_report(dl, DIAG_BODY_LINE_TOO_COMPLEX, *at);
      return false;
    }
    if (ch == '@') ats++;
    nodes += char_weight(ch);
  }
  if (nodes > LOAD_MAX_BODY_NODES) {
    *at = (srcpos){first_line, 1};
    diag_report(dl, DIAG_BODY_TOO_LARGE, *at, LOAD_MAX_BODY_NODES);
    return false;
  }
  return true;
}

static void load_body(contract *c, diag_list *dl) {
  mdcost cost;
  if (!body_fits(c->body_text, c->body_len, c->body_line, dl, &c->body_refused_pos) ||
      !mdcost_fits(c->body_text, c->body_len, c->body_line, &cost, dl, &c->body_refused_pos)) {
    c->body_refused = true;
    return;
  }
  cmark_gfm_core_extensions_ensure_registered();
  cmark_parser *p = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES);
  attach_extension(p, "table");
  attach_extension(p, "strikethrough");
  attach_extension(p, "autolink");
  cmark_parser_feed(p, c->body_text, c->body_len);
  c->body = cmark_parser_finish(p);
  cmark_parser_free(p);
  if (c->body && body_depth(c->body) > LOAD_MAX_BODY_DEPTH) {
    /* Later stages (writers, office suites reading the output) should not
     * meet such a tree: report it where the text starts and drop it. */
    c->body_refused = true;
    c->body_refused_pos = (srcpos){c->body_line, 1};
    diag_report(dl, DIAG_BODY_TOO_DEEP, c->body_refused_pos, LOAD_MAX_BODY_DEPTH);
    cmark_node_free(c->body);
    c->body = NULL;
  }
}

/* ---- loading ------------------------------------------------------------ */

static contract *not_read(const char *name);

/* Takes ownership of data (NUL-terminated, len bytes). */
static contract *load(const char *name, char *data, size_t len, diag_list *dl) {
  /* a document, UTF-16 or Latin-1: one finding that says so, first and alone */
  if (sniff_report(data, len, dl)) {
    free(data);
    return not_read(name);
  }
  contract *c = xcalloc(1, sizeof *c);
  c->path = xstrdup(name);
  c->source = data;
  c->source_len = len;
  c->front_matter_pos = (srcpos){1, 1};

  size_t norm_len;
  char *norm = normalise_newlines(data, len, &norm_len);
  fingerprint(norm, norm_len, c->fingerprint);
  size_t bom = norm_len >= 3 && memcmp(norm, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  if (bom) memmove(norm, norm + bom, norm_len - bom + 1);
  c->text = norm;
  c->text_len = norm_len - bom;
  clean_text(c->text, c->text_len, dl);

  split sp;
  int found = split_front_matter(c->text, c->text_len, &sp);
  if (found <= 0) {
    diag_report(dl, found == 0 ? DIAG_FRONT_MATTER_MISSING : DIAG_FRONT_MATTER_UNTERMINATED,
                c->front_matter_pos);
    c->front_matter_incomplete = true;
    c->body_text = c->text + c->text_len;
    c->body_line = 1;
  } else {
    c->has_front_matter = true;
    load_front_matter(c, &sp, dl);
    c->body_text = sp.body;
    c->body_len = sp.body_len;
    c->body_line = sp.body_line;
    load_body(c, dl);
  }
  c->profile = profile_get(mtext_nonempty(&c->kind) ? c->kind.s : profile_default_id());
  model_build_index(c);
  return c;
}

/* A file that is not read (the finding reported) as an empty contract
 * that is not checked further. */
static contract *not_read(const char *name) {
  contract *c = xcalloc(1, sizeof *c);
  c->path = xstrdup(name);
  c->source = xstrdup("");
  c->text = xstrdup("");
  c->body_text = c->text;
  c->front_matter_pos = (srcpos){1, 1};
  c->front_matter_incomplete = true;
  c->body_refused = true;
  c->body_refused_pos = (srcpos){1, 1};
  c->profile = profile_get(profile_default_id());
  model_build_index(c);
  return c;
}

/* A file over the limit is a finding (front-matter, at 1:1). */
static contract *too_large(const char *name, diag_list *dl) {
  char *limit = xasprintf("%u", LOAD_MAX_FILE);
  diag_report(dl, DIAG_FILE_TOO_LARGE, (srcpos){1, 1}, limit);
  free(limit);
  return not_read(name);
}

contract *model_load_buffer(const char *name, const char *data, size_t len, diag_list *dl) {
  if (len > LOAD_MAX_FILE) return too_large(name, dl);
  return load(name, xstrndup(data, len), len, dl);
}

contract *model_load(const char *path, diag_list *dl) {
  char *data = NULL;
  size_t len = 0;
  int r = read_file(path, LOAD_MAX_FILE, &data, &len);
  if (r == -2) return too_large(path, dl);
  if (r != 0) {
    char *msg = xasprintf("%s: %s", path, strerror(errno));
    print_error(msg);
    free(msg);
    return NULL;
  }
  return load(path, data, len, dl);
}

/* ---- freeing ------------------------------------------------------------ */

/* The texts themselves are in c->strings: what is freed here are the
 * arrays that hold them. */
static void party_free(party *p) { free(p->signatories); }

static void challenge_free(challenge *ch) {
  for (size_t i = 0; i < ch->n_roles; i++) free(ch->roles[i].holders.items);
  free(ch->roles);
}

static void commitment_free(commitment *cm) {
  free(cm->parties.items);
  free(cm->beneficiaries.items);
  free(cm->to.items);
}

void model_free(contract *c) {
  if (!c) return;
  model_free_index(c);
  free(c->evaluations.items);
  for (size_t i = 0; i < c->n_parties; i++) party_free(&c->parties[i]);
  free(c->parties);
  for (size_t i = 0; i < c->n_challenges; i++) challenge_free(&c->challenges[i]);
  free(c->challenges);
  for (size_t i = 0; i < c->n_commitments; i++) commitment_free(&c->commitments[i]);
  free(c->commitments);
  free(c->schuurpapier);
  free(c->signatures);
  free(c->conditions);
  free(c->reports);
  free(c->amendments);
  free(c->progress);
  free(c->acknowledge);
  for (struct model_strings *m = c->strings, *next; m; m = next) {
    next = m->next;
    free(m);
  }
  if (c->body) cmark_node_free(c->body);
  free(c->text);
  free(c->source);
  free(c->path);
  free(c);
}
