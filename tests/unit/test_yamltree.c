/* test_yamltree.c - unit tests of yamltree: positions, untyped scalars,
 * refused YAML features, duplicate keys, limits. */
#include <stdlib.h>
#include <string.h>

#include "templates.h"
#include "unit.h"
#include "util.h"
#include "yamltree.h"

static ynode *parse(const char *text, diag_list *dl) {
  diag_list_init(dl, "t.md");
  return ytree_parse(text, strlen(text), 2, dl);
}

/* Number of findings of id, and the position of the first. */
static int count(const diag_list *dl, diag_id id, srcpos *first) {
  int n = 0;
  for (size_t i = 0; i < dl->n; i++)
    if (dl->items[i].id == id) {
      if (!n && first) *first = dl->items[i].pos;
      n++;
    }
  return n;
}

static void test_positions(void) {
  diag_list dl;
  ynode *r = parse("title: Hallo\nparties:\n  - id: gemeente\n    name: \"Gemeente X\"\n", &dl);
  CHECK(r && r->kind == YNODE_MAP);
  CHECK_INT(dl.n, 0);
  const ynode *t = ynode_get(r, "title");
  CHECK(t && t->kind == YNODE_SCALAR);
  CHECK_STR(t ? t->text : NULL, "Hallo");
  CHECK_INT(t ? t->pos.line : 0, 2);
  CHECK_INT(t ? t->pos.col : 0, 8);
  CHECK_INT(r->keys[0]->pos.line, 2);
  CHECK_INT(r->keys[0]->pos.col, 1);
  const ynode *ps = ynode_get(r, "parties");
  CHECK(ps && ps->kind == YNODE_SEQ && ps->n == 1);
  const ynode *p = ps && ps->n ? ps->items[0] : NULL;
  CHECK(p && p->kind == YNODE_MAP);
  CHECK_INT(p ? p->pos.line : 0, 4);
  CHECK_INT(p ? p->pos.col : 0, 5);
  const ynode *name = ynode_get(p, "name");
  CHECK_INT(name ? name->pos.line : 0, 5);
  CHECK_INT(name ? name->pos.col : 0, 11);
  CHECK(name && !name->plain);
  CHECK(ynode_get(p, "absent") == NULL);
  CHECK(ynode_get(t, "title") == NULL); /* not a map */
  ynode_free(r);
  diag_list_free(&dl);
}

/* Columns are bytes: a multi-byte character before a value counts 2. */
static void test_byte_columns(void) {
  diag_list dl;
  ynode *r = parse("a: [\"\xc3\xa9\xc3\xa9\", x]\n", &dl);
  const ynode *a = ynode_get(r, "a");
  CHECK(a && a->n == 2);
  CHECK_INT(a && a->n == 2 ? a->items[1]->pos.col : 0, 13);
  ynode_free(r);
  diag_list_free(&dl);
}

static void test_crlf_and_bom_positions(void) {
  diag_list d1, d2;
  ynode *lf = parse("a: 1\nb:\n  c: [x, y]\n", &d1);
  ynode *crlf = parse("\xEF\xBB\xBF" "a: 1\r\nb:\r\n  c: [x, y]\r\n", &d2);
  const ynode *c1 = ynode_get(ynode_get(lf, "b"), "c");
  const ynode *c2 = ynode_get(ynode_get(crlf, "b"), "c");
  CHECK(c1 && c2 && c1->n == 2 && c2->n == 2);
  if (c1 && c2 && c1->n == 2 && c2->n == 2) {
    CHECK_INT(c2->items[1]->pos.line, c1->items[1]->pos.line);
    CHECK_INT(c2->items[1]->pos.col, c1->items[1]->pos.col);
    CHECK_INT(c1->items[1]->pos.line, 4);
    CHECK_INT(c1->items[1]->pos.col, 10);
  }
  ynode_free(lf);
  ynode_free(crlf);
  diag_list_free(&d1);
  diag_list_free(&d2);
}

static void test_untyped(void) {
  diag_list dl;
  ynode *r = parse("a: no\nb: 1.10\nc: on\nd: 2027-01-01\ne: 0x1F\nf: ~\ng:\nh: ''\ni: null\n", &dl);
  CHECK_STR(ynode_get(r, "a")->text, "no");
  CHECK_STR(ynode_get(r, "b")->text, "1.10");
  CHECK_STR(ynode_get(r, "c")->text, "on");
  CHECK_STR(ynode_get(r, "d")->text, "2027-01-01");
  CHECK_STR(ynode_get(r, "e")->text, "0x1F");
  CHECK(ynode_is_null(ynode_get(r, "f")));
  CHECK(ynode_is_null(ynode_get(r, "g")));
  CHECK(!ynode_is_null(ynode_get(r, "h"))); /* quoted empty is text */
  CHECK(ynode_is_null(ynode_get(r, "i")));
  CHECK(!ynode_is_null(ynode_get(r, "a")));
  CHECK_INT(dl.n, 0);
  ynode_free(r);
  diag_list_free(&dl);
}

static void test_nul_escape(void) {
  diag_list dl;
  ynode *r = parse("a: \"a\\0b\"\nb: \"x\\x01\"\n", &dl);
  const ynode *a = ynode_get(r, "a");
  CHECK_INT(a ? a->len : 0, 3);
  CHECK(a && a->text[1] == '\0' && a->text[2] == 'b');
  srcpos p = {0, 0};
  CHECK_INT(count(&dl, DIAG_NUL_CHAR, &p), 1);
  CHECK_INT(p.line, 2);
  CHECK_INT(p.col, 4);
  CHECK_INT(count(&dl, DIAG_INVALID_CHAR, &p), 1);
  CHECK_INT(p.line, 3);
  ynode_free(r);
  diag_list_free(&dl);
}

static void test_duplicates(void) {
  diag_list dl;
  ynode *r = parse("title: a\narea: b\ntitle: c\n", &dl);
  srcpos p = {0, 0};
  CHECK_INT(count(&dl, DIAG_DUPLICATE_KEY, &p), 1);
  CHECK_INT(p.line, 4);
  CHECK(dl.n == 1 && strstr(dl.items[0].message, "line 2") != NULL);
  CHECK(dl.n == 1 && strstr(dl.items[0].message, "'title'") != NULL);
  ynode_free(r);
  diag_list_free(&dl);

  /* 10,000 keys, two repeats: each found at its own line (how the work
   * grows with the keys is tests/t-pathological.sh's keys-10000-repeated). */
  buf b;
  buf_init(&b);
  for (int i = 0; i < 10000; i++) buf_printf(&b, "k%d: v\n", i);
  buf_adds(&b, "k17: again\nk9999: again\n");
  diag_list_init(&dl, "t.md");
  r = ytree_parse(b.data, b.len, 1, &dl);
  CHECK_INT(count(&dl, DIAG_DUPLICATE_KEY, &p), 2);
  CHECK_INT(p.line, 10001);
  CHECK(dl.n >= 1 && strstr(dl.items[0].message, "line 18") != NULL);
  CHECK_INT(r ? r->n : 0, 10002);
  ynode_free(r);
  diag_list_free(&dl);
  buf_free(&b);
}

static void test_refused(void) {
  diag_list dl;
  srcpos p = {0, 0};
  ynode *r = parse("a: &x 1\nb: *x\n", &dl);
  CHECK_INT(count(&dl, DIAG_YAML_ANCHOR, &p), 1);
  CHECK_INT(p.line, 2);
  CHECK_INT(p.col, 4);
  CHECK_INT(count(&dl, DIAG_YAML_ALIAS, NULL), 0); /* stopped at the anchor */
  ynode_free(r);
  diag_list_free(&dl);

  r = parse("a: 1\nb: [1, *x]\n", &dl);
  CHECK_INT(count(&dl, DIAG_YAML_ALIAS, &p), 1);
  CHECK_INT(p.line, 3);
  CHECK_INT(p.col, 8);
  ynode_free(r);
  diag_list_free(&dl);

  r = parse("a: !!str 1\nb: 2\n", &dl);
  CHECK_INT(count(&dl, DIAG_YAML_TAG, &p), 1);
  CHECK_INT(p.line, 2);
  CHECK(dl.n && strstr(dl.items[0].message, "!!str") != NULL);
  CHECK(ynode_get(r, "b") != NULL); /* parsing went on */
  ynode_free(r);
  diag_list_free(&dl);

  r = parse("base: {x: 1}\nother:\n  <<: {y: 2}\n  z: 3\n", &dl);
  CHECK_INT(count(&dl, DIAG_YAML_MERGE, &p), 1);
  CHECK_INT(p.line, 4);
  CHECK_INT(p.col, 3);
  CHECK_INT(ynode_get(r, "other") ? ynode_get(r, "other")->n : 0, 1);
  ynode_free(r);
  diag_list_free(&dl);

  /* Billion laughs: refused at the first anchor, nothing expanded. */
  r = parse("a: &a [\"lol\",\"lol\"]\nb: &b [*a,*a,*a]\nc: &c [*b,*b,*b]\n", &dl);
  CHECK_INT(count(&dl, DIAG_YAML_ANCHOR, &p), 1);
  CHECK_INT(p.line, 2);
  ynode_free(r);
  diag_list_free(&dl);

  r = parse("? [a, b]\n: c\nd: e\n", &dl);
  CHECK_INT(count(&dl, DIAG_YAML_KEY_NOT_TEXT, &p), 1);
  CHECK_INT(r ? r->n : 0, 1);
  ynode_free(r);
  diag_list_free(&dl);
}

static void test_syntax_error(void) {
  diag_list dl;
  srcpos p = {0, 0};
  ynode *r = parse("a: 1\nb: [x, y\nc: 2\n", &dl);
  CHECK_INT(count(&dl, DIAG_YAML_SYNTAX, &p), 1);
  CHECK(p.line >= 3);
  ynode_free(r);
  diag_list_free(&dl);

  r = parse("a: 1\n  b: 2\n", &dl);
  CHECK_INT(count(&dl, DIAG_YAML_SYNTAX, &p), 1);
  CHECK_INT(p.line, 3);
  ynode_free(r);
  diag_list_free(&dl);

  r = parse("", &dl);
  CHECK(r == NULL);
  CHECK_INT(dl.n, 0);
  diag_list_free(&dl);
}

static void test_deep(void) {
  for (int block = 0; block < 2; block++) {
    buf b;
    buf_init(&b);
    if (block) {
      for (int i = 0; i < 100000; i++) buf_adds(&b, "- ");
      buf_adds(&b, "x\n");
    } else {
      for (int i = 0; i < 100000; i++) buf_addc(&b, '[');
      for (int i = 0; i < 100000; i++) buf_addc(&b, ']');
    }
    diag_list dl;
    diag_list_init(&dl, "t.md");
    bool fatal = false;
    ynode *r = ytree_parse_ex(b.data, b.len, 1, &dl, &fatal);
    CHECK(fatal);
    CHECK_INT(count(&dl, DIAG_YAML_TOO_DEEP, NULL), 1);
    ynode_free(r);
    diag_list_free(&dl);
    buf_free(&b);
  }
}

static void test_char_check(void) {
  size_t seq;
  unsigned cp;
  CHECK(ytext_char_check("a", 1, &seq, &cp) == DIAG__COUNT);
  CHECK(ytext_char_check("\t", 1, &seq, &cp) == DIAG__COUNT);
  CHECK(ytext_char_check("\x01", 1, &seq, &cp) == DIAG_INVALID_CHAR && cp == 1);
  CHECK(ytext_char_check("\x7f", 1, &seq, &cp) == DIAG_INVALID_CHAR);
  CHECK(ytext_char_check("", 1, &seq, &cp) == DIAG_NUL_CHAR);
  CHECK(ytext_char_check("\xc3\xa9", 2, &seq, &cp) == DIAG__COUNT && seq == 2 && cp == 0xe9);
  CHECK(ytext_char_check("\xc2\x85", 2, &seq, &cp) == DIAG_INVALID_CHAR && cp == 0x85);
  CHECK(ytext_char_check("\xef\xbf\xbe", 3, &seq, &cp) == DIAG_NONCHARACTER);
  CHECK(ytext_char_check("\xc3", 1, &seq, &cp) == DIAG_INVALID_UTF8 && seq == 1);
  CHECK(ytext_char_check("\xc0\x80", 2, &seq, &cp) == DIAG_INVALID_UTF8);      /* overlong */
  CHECK(ytext_char_check("\xed\xa0\x80", 3, &seq, &cp) == DIAG_INVALID_UTF8);  /* surrogate */
  CHECK(ytext_char_check("\xf0\x9f\x98\x80", 4, &seq, &cp) == DIAG__COUNT && seq == 4);
}

/* Whether two trees are the same: kinds, positions, flags, texts, order. */
static bool same_tree(const ynode *a, const ynode *b) {
  if (!a || !b) return a == b;
  if (a->kind != b->kind || a->plain != b->plain || a->pos.line != b->pos.line ||
      a->pos.col != b->pos.col || a->n != b->n)
    return false;
  if (a->kind == YNODE_SCALAR)
    return a->len == b->len && memcmp(a->text, b->text, a->len) == 0 && b->text[b->len] == '\0';
  for (size_t i = 0; i < a->n; i++) {
    if (a->kind == YNODE_MAP && !same_tree(a->keys[i], b->keys[i])) return false;
    if (!same_tree(a->items[i], b->items[i])) return false;
  }
  return true;
}

/* A tree survives packing; damaged or cut bytes unpack to NULL. */
static void test_pack(void) {
  diag_list dl;
  ynode *r = parse("a: 1\nb: [x, 'y z', \"\"]\nc:\n  d: ~\n  e: |\n    two\n    lines\nf: []\ng: {}\n",
                   &dl);
  CHECK(r && dl.n == 0);
  buf b;
  buf_init(&b);
  ytree_pack(r, &b);
  ynode *u = ytree_unpack(b.data, b.len);
  CHECK(same_tree(r, u));
  ynode_free(u);
  CHECK(ytree_unpack(b.data, b.len - 1) == NULL); /* cut short */
  CHECK(ytree_unpack(b.data, 3) == NULL);
  b.data[0] = 'X'; /* not the magic */
  CHECK(ytree_unpack(b.data, b.len) == NULL);
  b.data[0] = 'Y';
  b.data[4] = 7; /* no such kind */
  CHECK(ytree_unpack(b.data, b.len) == NULL);
  b.data[4] = (char)YNODE_MAP;
  buf_addc(&b, 0); /* bytes after the tree */
  CHECK(ytree_unpack(b.data, b.len) == NULL);
  buf_free(&b);
  ynode_free(r);
  diag_list_free(&dl);
}

/* Every embedded profile's packed tree is its YAML's tree: the build
 * packed the YAML it embeds, not a stale copy. */
static void test_embedded_packs(void) {
  size_t count_all, profiles = 0;
  const template_file *all = templates_all(&count_all);
  for (size_t i = 0; i < count_all; i++) {
    const char *slash = strchr(all[i].name, '/');
    if (!slash || strcmp(slash + 1, "profile.yaml") != 0) continue;
    profiles++;
    char *packed = xasprintf("%.*s/profile.ytree", (int)(slash - all[i].name), all[i].name);
    const template_file *tf = templates_find(packed);
    CHECK(tf != NULL);
    diag_list dl;
    diag_list_init(&dl, all[i].name);
    ynode *yaml = ytree_parse((const char *)all[i].data, all[i].len, 1, &dl);
    CHECK(yaml && dl.n == 0);
    ynode *unpacked = tf ? ytree_unpack(tf->data, tf->len) : NULL;
    CHECK(unpacked && same_tree(yaml, unpacked));
    ynode_free(yaml);
    ynode_free(unpacked);
    diag_list_free(&dl);
    free(packed);
  }
  CHECK(profiles >= 2);
}

/* ascii_printable_span stops at the first byte outside space..'~',
 * wherever it falls in a word of eight. */
static void test_printable_span(void) {
  static const unsigned char stops[] = {0x00, 0x09, 0x0a, 0x0d, 0x1f, 0x7f, 0x80, 0xc3, 0xff};
  char s[40];
  bool ok = true;
  for (size_t at = 0; at < sizeof s; at++)
    for (size_t k = 0; k < sizeof stops; k++) {
      for (size_t i = 0; i < sizeof s; i++) s[i] = (char)(0x20 + (i * 7) % 0x5f);
      s[at] = (char)stops[k];
      if (at + 1 < sizeof s) s[at + 1] = (char)stops[(k + 3) % sizeof stops];
      ok &= ascii_printable_span(s, sizeof s) == at;
      ok &= ascii_printable_span(s, at) == at;
    }
  for (size_t i = 0; i < sizeof s; i++) s[i] = (char)(0x20 + i % 0x5f);
  ok &= ascii_printable_span(s, sizeof s) == sizeof s;
  ok &= ascii_printable_span(" ~", 2) == 2 && ascii_printable_span("", 0) == 0;
  CHECK(ok);
}

int main(void) {
  test_printable_span();
  test_positions();
  test_byte_columns();
  test_crlf_and_bom_positions();
  test_untyped();
  test_nul_escape();
  test_duplicates();
  test_refused();
  test_syntax_error();
  test_deep();
  test_char_check();
  test_pack();
  test_embedded_packs();
  return unit_finish();
}
