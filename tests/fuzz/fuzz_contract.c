/* fuzz_contract.c - libFuzzer target: the input is a contract definition.
 * Loads, checks, composes (draft) and renders it to ODT and DOCX in memory,
 * plus (when it has no errors) the role matrix and one party's review,
 * and holds every package to the invariants of oracle.c. A structure-aware
 * mutator (LLVMFuzzerCustomMutator) rewrites whole contracts: YAML values
 * with control escapes, tables of variables, links with odd targets.
 * Build: make fuzz (tests/fuzz/README.md). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "doc.h"
#include "model.h"
#include "oracle.h"
#include "util.h"
#include "writers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
/* libFuzzer's own byte-level mutations; absent in the plain runner
 * (regress.c), which never mutates. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) __attribute__((weak));

/* libFuzzer calls this before the first input; the plain runner
 * (regress.c) does not, so the first input does it then. */
static bool inited;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  inited = true;
  oracle_init();
  return 0;
}

/* Renders d in one format and checks the package; a writer failure without
 * a reference document is a library failure we want to hear about. */
static void render(const doc *d, bool docx, const char *what) {
  buf out;
  buf_init(&out);
  char *err = NULL;
  int rc = docx ? docx_write(d, NULL, &out, &err) : odt_write(d, NULL, &out, &err);
  if (rc != 0) {
    fprintf(stderr, "%s: %s writer failed: %s\n", what, docx ? "docx" : "odt", err ? err : "?");
    abort();
  }
  oracle_check_package(what, out.data, out.len, docx, true);
  buf_free(&out);
  free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!inited) LLVMFuzzerInitialize(NULL, NULL);
  diag_list dl;
  diag_list_init(&dl, "fuzz.md");
  contract *c = model_load_buffer("fuzz.md", (const char *)data, size, &dl);
  if (c) {
    check_contract(c, &dl);
    diag_sort(&dl);
    doc *d = compose_contract(c, true);
    render(d, false, "contract.odt");
    render(d, true, "contract.docx");
    doc_free(d);
    /* the workflows' documents, one format each, alternating by input;
     * like the commands, only for contracts without errors */
    if (diag_count(&dl, DIAG_ERROR, false) > 0) goto done;
    d = compose_matrix(c);
    render(d, size & 1, "matrix");
    doc_free(d);
    if (c->n_parties && c->parties[0].id.s) {
      d = compose_review(c, c->parties[0].id.s);
      render(d, !(size & 1), "review");
      doc_free(d);
    }
  }
done:
  model_free(c);
  diag_list_free(&dl);
  return 0;
}

/* ---- structure-aware mutations ----
 * Byte-level mutations rarely write a YAML escape into a value that the
 * body then uses in a table, or a link target that is almost a URI: the
 * inputs that once hung a draft and made documents invalid (issue 18).
 * These mutations make such contracts from the ones in the corpus. */

typedef struct {
  uint64_t state;
} rng;

static unsigned pick(rng *r, unsigned n) {
  r->state ^= r->state << 13;
  r->state ^= r->state >> 7;
  r->state ^= r->state << 17;
  return n ? (unsigned)(r->state % n) : 0;
}

#define PICK(r, arr) ((arr)[pick((r), sizeof(arr) / sizeof((arr)[0]))])

/* Pieces of a YAML double-quoted value: escapes of the characters check
 * reports as invalid-text, and the ones it allows. */
static const char *const escapes[] = {
    "\\0", "\\x01", "\\x1f", "\\x7f", "\\e", "\\a", "\\b", "\\v", "\\f", "\\u0085", "\\x9b",
    "\\uFFFE", "\\uFFFF", "\\U0010FFFF", "\\u2028", "\\u202E", "\\t", "\\n", "\\r", "\\\\", "\\\"",
    "\\u00eb", "a", "b", " ", "-", "=", "@", "+", "{{ title }}", "%zz", "#", "|"};

/* Variables a body may use; parties.ID.* gets an id of the input. */
static const char *const variables[] = {
    "title", "area", "version", "period.start", "period.end", "date", "status", "kind",
    "parties.ID.name", "parties.ID.short", "parties.ID.type", "challenges.ID.title", "nothing.here"};

/* Pieces of link targets: schemes, hosts, ports, paths and the bytes
 * that RFC 3986 allows only in some places, or nowhere. */
static const char *const schemes[] = {"http://", "https://", "mailto:", "HTTP://", "http:", "https:///",
                                      "javascript:", "ftp://", "", "//"};
static const char *const hosts[] = {"a", "example.org", "[::1]", "[::1", "::1]", "[v1.x]", "[x]",
                                    "[2001:db8::7]", "u:p@a", "u@v@a", "%zz", "b\xc3\xbc.nl", "", "a b",
                                    "[fe80::1%25eth0]", "1.2.3.4"};
static const char *const ports[] = {"", "", ":", ":80", ":-1", ":65535", ":65536", ":99999999999",
                                    ":0", ":8a", ":1:2"};
static const char *const path_bits[] = {"/", "/a", "%", "%4", "%zz", "%41", "[", "]", "#", "#x#y", "?",
                                        "?q=[1]", "@", ":", " ", "\xc3\xab", "&amp;", "&#1;", "\\", "\"",
                                        "<", ">", "{", "|", "^", "`", "'", "(", ")", "*", "~"};

static void add_target(rng *r, buf *b) {
  buf_adds(b, PICK(r, schemes));
  buf_adds(b, PICK(r, hosts));
  buf_adds(b, PICK(r, ports));
  for (unsigned i = pick(r, 5); i > 0; i--) buf_adds(b, PICK(r, path_bits));
}

/* A link in one of Markdown's forms. */
static void add_link(rng *r, buf *b) {
  switch (pick(r, 4)) {
  case 0:
    buf_adds(b, "[de wet](");
    add_target(r, b);
    buf_adds(b, ")");
    break;
  case 1:
    buf_adds(b, "[tekst](<");
    add_target(r, b);
    buf_adds(b, ">)");
    break;
  case 2:
    buf_addc(b, '<');
    add_target(r, b);
    buf_addc(b, '>');
    break;
  default:
    buf_adds(b, " www.example.org");
    for (unsigned i = pick(r, 4); i > 0; i--) buf_adds(b, PICK(r, path_bits));
    buf_addc(b, ' ');
  }
}

/* The id of some party or challenge of the input ("id: x"), or "a". */
static void some_id(rng *r, const char *s, size_t len, buf *b) {
  size_t n = 0;
  for (size_t i = 0; i + 4 <= len; i++)
    if (memcmp(s + i, "id: ", 4) == 0) n++;
  size_t want = n ? pick(r, (unsigned)n) : 0;
  for (size_t i = 0; n && i + 4 <= len; i++) {
    if (memcmp(s + i, "id: ", 4) != 0 || want-- > 0) continue;
    size_t e = i + 4;
    while (e < len && s[e] != '\n' && s[e] != ' ' && s[e] != '}' && s[e] != ',') e++;
    if (e > i + 4) {
      buf_add(b, s + i + 4, e - i - 4);
      return;
    }
  }
  buf_addc(b, 'a');
}

static void add_variable(rng *r, const char *s, size_t len, buf *b) {
  const char *v = PICK(r, variables);
  const char *id = strstr(v, "ID");
  buf_adds(b, "{{ ");
  if (id) {
    buf_add(b, v, (size_t)(id - v));
    some_id(r, s, len, b);
    buf_adds(b, id + 2);
  } else {
    buf_adds(b, v);
  }
  buf_adds(b, " }}");
}

/* A table whose cells hold variables, links and text. */
static void add_table(rng *r, const char *s, size_t len, buf *b) {
  unsigned cols = 1 + pick(r, 3), rows = 1 + pick(r, 3);
  buf_adds(b, "\n|");
  for (unsigned c = 0; c < cols; c++) buf_adds(b, " kop |");
  buf_adds(b, "\n|");
  for (unsigned c = 0; c < cols; c++) buf_adds(b, "---|");
  for (unsigned i = 0; i < rows; i++) {
    buf_adds(b, "\n|");
    for (unsigned c = 0; c < cols; c++) {
      buf_addc(b, ' ');
      switch (pick(r, 4)) {
      case 0: add_link(r, b); break;
      case 1: buf_adds(b, "**vet** "); /* fall through */
      default: add_variable(r, s, len, b);
      }
      buf_adds(b, " |");
    }
  }
  buf_adds(b, "\n\n");
}

/* Where the body starts (after the second "---" line), or len. */
static size_t body_start(const char *s, size_t len) {
  const char *p = s;
  int fences = 0;
  while (p < s + len) {
    const char *nl = memchr(p, '\n', (size_t)(s + len - p));
    size_t l = nl ? (size_t)(nl - p) : (size_t)(s + len - p);
    if (l == 3 && memcmp(p, "---", 3) == 0 && ++fences == 2) return nl ? (size_t)(nl + 1 - s) : len;
    if (!nl) break;
    p = nl + 1;
  }
  return len;
}

/* Start of a random line in s[from..to). */
static size_t some_line(rng *r, const char *s, size_t from, size_t to) {
  if (to <= from) return from;
  size_t at = from + pick(r, (unsigned)(to - from));
  while (at > from && s[at - 1] != '\n') at--;
  return at;
}

/* Replaces the value of a "key: value" line of the front matter with a
 * double-quoted one made of escapes; true when there was such a line. */
static bool mutate_value(rng *r, const char *s, size_t len, buf *out) {
  size_t fm_end = body_start(s, len);
  for (int tries = 0; tries < 8; tries++) {
    size_t at = some_line(r, s, 0, fm_end);
    const char *nl = memchr(s + at, '\n', fm_end - at);
    size_t end = nl ? (size_t)(nl - s) : fm_end;
    const char *colon = memchr(s + at, ':', end - at);
    if (!colon || (size_t)(colon - s) + 1 >= end || colon[1] != ' ') continue;
    size_t v = (size_t)(colon - s) + 2;
    buf_add(out, s, v);
    buf_addc(out, '"');
    for (unsigned i = 1 + pick(r, 6); i > 0; i--) buf_adds(out, PICK(r, escapes));
    buf_addc(out, '"');
    buf_add(out, s + end, len - end);
    return true;
  }
  return false;
}

/* Inserts a table, a link or a variable into the body. */
static void mutate_body(rng *r, const char *s, size_t len, buf *out) {
  size_t from = body_start(s, len);
  unsigned what = pick(r, 3);
  size_t at = what == 0 ? some_line(r, s, from, len) : from + pick(r, (unsigned)(len - from + 1));
  buf_add(out, s, at);
  if (from == len && len > 0 && s[len - 1] != '\n') buf_addc(out, '\n');
  if (what == 0) add_table(r, s, len, out);
  else if (what == 1) add_link(r, out);
  else add_variable(r, s, len, out);
  buf_add(out, s + at, len - at);
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed) {
  rng r = {seed * 0x9E3779B97F4A7C15u + 1};
  unsigned how = pick(&r, 4);
  if (how < 2 && LLVMFuzzerMutate) return LLVMFuzzerMutate(data, size, max_size);
  buf out;
  buf_init(&out);
  const char *s = (const char *)data;
  if (how == 2 && mutate_value(&r, s, size, &out)) {
    /* done */
  } else {
    buf_reset(&out);
    mutate_body(&r, s, size, &out);
  }
  size_t n = out.len < max_size ? out.len : max_size;
  memcpy(data, out.data, n);
  buf_free(&out);
  return n;
}
