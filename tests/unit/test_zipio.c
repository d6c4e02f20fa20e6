/* test_zipio.c - packages are written in order with a stored mimetype
 * without extra field and fixed times; untrusted archives are vetted and
 * read within caps. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "unit.h"
#include "zipio.h"

static unsigned rd16(const unsigned char *p) { return p[0] | (p[1] << 8); }

static void make_package(buf *out) {
  zip_out *z = zip_out_new();
  static const char mt[] = "application/vnd.oasis.opendocument.text";
  zip_out_add(z, "mimetype", mt, sizeof mt - 1, true);
  buf content;
  buf_init(&content);
  for (int i = 0; i < 200; i++) buf_adds(&content, "<p>compressible text</p>");
  zip_out_add_buf(z, "content.xml", &content);
  zip_out_add(z, "META-INF/manifest.xml", "<m/>", 4, false);
  char *err = NULL;
  CHECK_INT(zip_out_finish(z, out, &err), 0);
  zip_out_free(z);
  buf_free(&content);
  free(err);
}

static void test_mimetype_first(void) {
  setenv("SOURCE_DATE_EPOCH", "1700000000", 1); /* 2023-11-14 22:13:20 UTC */
  buf a;
  buf_init(&a);
  make_package(&a);
  const unsigned char *p = (const unsigned char *)a.data;
  CHECK(a.len > 30 && memcmp(p, "PK\3\4", 4) == 0);
  CHECK_INT(rd16(p + 8), 0);          /* method: stored */
  CHECK_INT(rd16(p + 26), 8);         /* name length */
  CHECK_INT(rd16(p + 28), 0);         /* no extra field */
  CHECK(memcmp(p + 30, "mimetype", 8) == 0);
  CHECK(memcmp(p + 38, "application/vnd.oasis.opendocument.text", 39) == 0);
  /* DOS time 22:13:20 and date 2023-11-14 */
  CHECK_INT(rd16(p + 10), (22 << 11) | (13 << 5) | 10);
  CHECK_INT(rd16(p + 12), ((2023 - 1980) << 9) | (11 << 5) | 14);
  /* the second entry is deflated */
  size_t off = 30 + 8 + 39;
  CHECK(memcmp(p + off, "PK\3\4", 4) == 0);
  CHECK_INT(rd16(p + off + 8), 8);

  buf b;
  buf_init(&b);
  make_package(&b);
  CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
  buf_free(&b);

  setenv("SOURCE_DATE_EPOCH", "1800000000", 1);
  buf_init(&b);
  make_package(&b);
  CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) != 0);
  buf_free(&b);
  buf_free(&a);
}

static void test_round_trip(void) {
  buf a;
  buf_init(&a);
  make_package(&a);
  char *err = NULL;
  zip_in *z = zip_in_open_buffer(a.data, a.len, &err);
  CHECK(z != NULL);
  if (!z) return;
  CHECK_INT(zip_in_count(z), 3);
  CHECK_STR(zip_in_name(z, 0), "mimetype");
  CHECK_STR(zip_in_name(z, 1), "content.xml");
  CHECK_STR(zip_in_name(z, 2), "META-INF/manifest.xml");
  CHECK(zip_in_name(z, 3) == NULL);
  CHECK(zip_in_has(z, "content.xml"));
  CHECK(!zip_in_has(z, "styles.xml"));
  char *data;
  size_t len;
  CHECK_INT(zip_in_read(z, "content.xml", &data, &len, &err), 0);
  CHECK_INT(len, 200 * 24);
  CHECK(data && memcmp(data, "<p>compressible text</p>", 24) == 0);
  free(data);
  CHECK_INT(zip_in_read(z, "absent.xml", &data, &len, &err), 1);
  zip_in_close(z);
  buf_free(&a);
}

/* Writes entries (name, size of zeros) with libzip directly. */
static void raw_zip(buf *out, const char *const *names, const size_t *sizes, size_t n) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  zip_source_keep(src);
  char **blocks = xcalloc(n, sizeof *blocks);
  for (size_t i = 0; i < n; i++) {
    blocks[i] = xcalloc(1, sizes[i] ? sizes[i] : 1);
    zip_source_t *s = zip_source_buffer(za, blocks[i], sizes[i], 0);
    zip_file_add(za, names[i], s, 0);
  }
  zip_close(za);
  zip_source_open(src);
  char chunk[65536];
  zip_int64_t r;
  while ((r = zip_source_read(src, chunk, sizeof chunk)) > 0) buf_add(out, chunk, (size_t)r);
  zip_source_close(src);
  zip_source_free(src);
  for (size_t i = 0; i < n; i++) free(blocks[i]);
  free(blocks);
  zip_error_fini(&ze);
}

static void test_bomb(void) {
  buf a;
  buf_init(&a);
  const char *names[] = {"bomb.xml"};
  size_t sizes[] = {40u * 1024 * 1024};
  raw_zip(&a, names, sizes, 1);
  CHECK(a.len < 1024 * 1024); /* small on disk */
  char *err = NULL;
  zip_in *z = zip_in_open_buffer(a.data, a.len, &err);
  CHECK(z != NULL);
  char *data = NULL;
  size_t len;
  if (z) {
    CHECK_INT(zip_in_read(z, "bomb.xml", &data, &len, &err), -1);
    CHECK(data == NULL);
    CHECK(err && strstr(err, "bomb.xml"));
  }
  free(err);
  zip_in_close(z);
  buf_free(&a);

  /* total cap: seven entries of 20 MB each stay under the entry cap, but
   * together exceed the archive's */
  buf_init(&a);
  const char *many[] = {"e1", "e2", "e3", "e4", "e5", "e6", "e7"};
  size_t msz[7];
  for (int i = 0; i < 7; i++) msz[i] = 20u * 1024 * 1024;
  raw_zip(&a, many, msz, 7);
  err = NULL;
  z = zip_in_open_buffer(a.data, a.len, &err);
  int failed_at = -1;
  for (int i = 0; z && i < 7 && failed_at < 0; i++) {
    if (zip_in_read(z, many[i], &data, &len, &err) != 0) failed_at = i;
    free(data);
  }
  CHECK_INT(failed_at, 6);
  free(err);
  zip_in_close(z);
  buf_free(&a);
}

/* Replaces every occurrence of from by to (same length) in b. */
static void patch(buf *b, const char *from, const char *to) {
  size_t n = strlen(from);
  for (size_t i = 0; i + n <= b->len; i++)
    if (memcmp(b->data + i, from, n) == 0) memcpy(b->data + i, to, n);
}

static void expect_refused(buf *b, const char *what) {
  char *err = NULL;
  zip_in *z = zip_in_open_buffer(b->data, b->len, &err);
  CHECK(z == NULL);
  CHECK(err && strstr(err, what));
  if (err && !strstr(err, what)) printf("  message: %s\n", err);
  zip_in_close(z);
  free(err);
}

static void test_bad_names(void) {
  const char *names[] = {"dupA1", "dupB1"};
  size_t sizes[] = {10, 10};
  buf a;
  buf_init(&a);
  raw_zip(&a, names, sizes, 2);
  patch(&a, "dupB1", "dupA1");
  expect_refused(&a, "twice");
  buf_free(&a);

  const char *bad[][2] = {{"xx/evil", "../evil"}, {"Xabs", "/abs"}, {"aXb", "a\\b"}, {"d/xx/e", "d/../e"}};
  for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
    const char *one[] = {bad[i][0]};
    size_t sz[] = {3};
    buf_init(&a);
    raw_zip(&a, one, sz, 1);
    patch(&a, bad[i][0], bad[i][1]);
    expect_refused(&a, "path-like");
    buf_free(&a);
  }

  /* encrypted: set bit 0 of the flags in local and central headers */
  const char *enc[] = {"secret.xml"};
  size_t esz[] = {5};
  buf_init(&a);
  raw_zip(&a, enc, esz, 1);
  unsigned char *p = (unsigned char *)a.data;
  for (size_t i = 0; i + 10 < a.len; i++) {
    if (memcmp(p + i, "PK\3\4", 4) == 0) p[i + 6] |= 1;
    if (memcmp(p + i, "PK\1\2", 4) == 0) p[i + 8] |= 1;
  }
  expect_refused(&a, "encrypted");
  buf_free(&a);

  buf_init(&a);
  buf_adds(&a, "this is not a zip archive at all");
  expect_refused(&a, "zip");
  buf_free(&a);
}

/* Parts streamed in pieces, interleaved with others, and a piece deflated
 * aside and spliced into the middle of a part, read back byte for byte
 * (zip_in inflates and checks each CRC): what the writers do with
 * document.xml and content.xml. */
static void test_streamed_and_spliced(void) {
  zip_out *z = zip_out_new();
  zip_out_add(z, "mimetype", "x/y", 3, true);
  zip_out_part *big = zip_out_begin(z, "big.xml");
  zip_out_part *late = zip_out_begin(z, "late.xml"); /* place taken, filled last */
  zip_out_part *empty = zip_out_begin(z, "empty.xml");
  zip_out_end(empty);
  buf want;
  buf_init(&want);
  char line[64];
  for (int i = 0; i < 20000; i++) { /* ~0.4 MB in pieces of varying size */
    int n = snprintf(line, sizeof line, "<row n=\"%d\">%*s</row>\n", i, i % 23, "");
    zip_out_write(big, line, (size_t)n);
    buf_add(&want, line, (size_t)n);
  }
  zip_out_part *piece = zip_out_piece();
  buf middle;
  buf_init(&middle);
  for (int i = 0; i < 5000; i++) {
    int n = snprintf(line, sizeof line, "<body i=\"%d\"/>", i);
    zip_out_sink(piece, line, (size_t)n);
    buf_add(&middle, line, (size_t)n);
  }
  zip_out_splice(big, piece);
  buf_add(&want, middle.data, middle.len);
  zip_out_write(big, "</end>\n", 7);
  buf_add(&want, "</end>\n", 7);
  zip_out_end(big);
  /* a piece spliced into a part that has nothing yet, then nothing after */
  zip_out_part *only = zip_out_piece();
  zip_out_write(only, middle.data, middle.len);
  zip_out_splice(late, only);
  buf out;
  buf_init(&out);
  char *err = NULL;
  CHECK_INT(zip_out_finish(z, &out, &err), 0); /* late.xml is ended here */
  zip_out_free(z);
  zip_in *in = zip_in_open_buffer(out.data, out.len, &err);
  CHECK(in != NULL);
  if (in) {
    CHECK_INT(zip_in_count(in), 4);
    CHECK_STR(zip_in_name(in, 1), "big.xml");
    CHECK_STR(zip_in_name(in, 2), "late.xml");
    char *data;
    size_t len;
    CHECK_INT(zip_in_read(in, "big.xml", &data, &len, &err), 0);
    CHECK(data && len == want.len && memcmp(data, want.data, len) == 0);
    free(data);
    CHECK_INT(zip_in_read(in, "late.xml", &data, &len, &err), 0);
    CHECK(data && len == middle.len && memcmp(data, middle.data, len) == 0);
    free(data);
    CHECK_INT(zip_in_read(in, "empty.xml", &data, &len, &err), 0);
    CHECK_INT(len, 0);
    free(data);
    zip_in_close(in);
  }
  /* deflated as written: the archive is far smaller than the parts */
  CHECK(out.len < want.len / 4);
  buf_free(&out);
  buf_free(&want);
  buf_free(&middle);
  free(err);
}

/* Packages of parts put whole: the second and third reuse what the first
 * deflated for a part whose bytes did not change, deflate afresh a part
 * whose bytes did, and come out byte for byte as a package built without
 * the memo would (the first one, built when the memo was empty). */
static void build_put(buf *out, const char *styles, const char *body) {
  zip_out *z = zip_out_new();
  zip_out_add(z, "mimetype", "x/y", 3, true);
  zip_out_put(zip_out_begin(z, "styles.xml"), styles, strlen(styles));
  zip_out_add(z, "body.xml", body, strlen(body), false);
  char *err = NULL;
  CHECK_INT(zip_out_finish(z, out, &err), 0);
  free(err);
  zip_out_free(z);
}

static void check_part(const buf *pkg, const char *name, const char *want) {
  char *err = NULL, *data = NULL;
  size_t len = 0;
  zip_in *in = zip_in_open_buffer(pkg->data, pkg->len, &err);
  CHECK(in != NULL);
  if (in) {
    CHECK_INT(zip_in_read(in, name, &data, &len, &err), 0);
    CHECK(data && len == strlen(want) && memcmp(data, want, len) == 0);
    zip_in_close(in);
  }
  free(data);
  free(err);
}

static void test_put_memo(void) {
  setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  buf styles;
  buf_init(&styles);
  for (int i = 0; i < 500; i++) buf_adds(&styles, "<style name=\"s\" size=\"11pt\"/>");
  buf_addc(&styles, '\0');
  buf first, second, third;
  buf_init(&first);
  buf_init(&second);
  buf_init(&third);
  unsigned long hits = zip_out_memo_hits();
  build_put(&first, styles.data, "<body>one</body>");
  CHECK_INT(zip_out_memo_hits() - hits, 0); /* nothing to reuse yet */
  build_put(&second, styles.data, "<body>two</body>");
  CHECK_INT(zip_out_memo_hits() - hits, 1); /* styles.xml, not body.xml */
  check_part(&second, "styles.xml", styles.data);
  check_part(&second, "body.xml", "<body>two</body>");
  styles.data[styles.len - 4] = 'X'; /* the closing quote of the last size */
  build_put(&third, styles.data, "<body>one</body>");
  CHECK_INT(zip_out_memo_hits() - hits, 1); /* changed: deflated afresh */
  check_part(&third, "styles.xml", styles.data);
  styles.data[styles.len - 4] = '"';
  buf fourth;
  buf_init(&fourth);
  build_put(&fourth, styles.data, "<body>one</body>"); /* as the first, memo now stale */
  CHECK(fourth.len == first.len && memcmp(fourth.data, first.data, first.len) == 0);
  buf_free(&styles);
  buf_free(&first);
  buf_free(&second);
  buf_free(&third);
  buf_free(&fourth);
}

int main(void) {
  test_mimetype_first();
  test_round_trip();
  test_bomb();
  test_bad_names();
  test_streamed_and_spliced();
  test_put_memo();
  return unit_finish();
}
