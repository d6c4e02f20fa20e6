/* fuzz_verify.c - libFuzzer target for what `verify` reads from a document:
 * the input is an .odt or .docx (raw zip bytes, or the WKPARTS form of
 * wkparts.h). It is read as verify reads it (docinfo_read_text: the
 * properties in meta.xml or docProps/, and the text through doctext.c),
 * and `verify DOCUMENT` and `verify DOCUMENT SOURCE` are run on it with
 * their output captured. Any of these is a finding (abort):
 *   - a paragraph that is empty, is not normalised as doctext.h says
 *     (valid UTF-8, no space at either end or twice, doctext_normalize
 *     leaves it alone), or has an area or outline level out of range;
 *   - the digest of the paragraphs read differing from the digest build
 *     takes straight from the package (doctext_digest_package), or
 *     docinfo_read_props (build's guard) reading other properties;
 *   - `verify` ending with another status than 0, 1 or 2, or 2 when the
 *     document could be read (or not 2 when it could not);
 *   - a character in what `verify` prints (stdout and stderr) that is
 *     not shown as itself: a control other than the line feed, a format
 *     or bidirectional control, a line or paragraph separator, an
 *     unassigned code point, or bytes that are not UTF-8;
 *   - a verdict that can be imitated: with status 0 or 1, stdout must
 *     have exactly one line starting "Verdict:", and it must be the last.
 * SOURCE is tests/fuzz/corpus-contract/minimal.md (WK_VERIFY_SOURCE
 * overrides), from which the seeds in corpus-verify/ were built, so that
 * mutated seeds reach the paragraph comparison. While verify runs, its
 * stdout and stderr go to files in /dev/shm; sanitizer reports still go
 * to the real stderr. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unicode/uchar.h>

#include "commands.h"
#include "docinfo.h"
#include "doctext.h"
#include "oracle.h"
#include "util.h"
#include "wkparts.h"
#include "zipio.h"

#ifdef __SANITIZE_ADDRESS__
#define WK_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WK_SANITIZED 1
#endif
#endif
#ifdef WK_SANITIZED
#include <sanitizer/common_interface_defs.h>
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char g_doc[2][64]; /* the document as .odt, .docx */
static char g_out[2][64]; /* verify's stdout and stderr */
static const char *g_source;
static bool inited;

#define FAIL(...)                                  \
  do {                                             \
    fprintf(stderr, "fuzz_verify: " __VA_ARGS__); \
    fputc('\n', stderr);                           \
    abort();                                       \
  } while (0)

static void remove_captures(void) {
  unlink(g_out[0]);
  unlink(g_out[1]);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  inited = true;
  oracle_init();
  const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  long pid = (long)getpid();
  snprintf(g_doc[0], sizeof g_doc[0], "%s/wkfuzz-verify-%ld.odt", dir, pid);
  snprintf(g_doc[1], sizeof g_doc[1], "%s/wkfuzz-verify-%ld.docx", dir, pid);
  snprintf(g_out[0], sizeof g_out[0], "%s/wkfuzz-verify-%ld.out", dir, pid);
  snprintf(g_out[1], sizeof g_out[1], "%s/wkfuzz-verify-%ld.err", dir, pid);
  atexit(remove_captures);
  const char *src = getenv("WK_VERIFY_SOURCE");
  g_source = src ? src : "tests/fuzz/corpus-contract/minimal.md";
  if (access(g_source, R_OK) != 0) {
    fprintf(stderr, "fuzz_verify: no %s: verify runs without a source\n", g_source);
    g_source = NULL;
  }
#ifdef WK_SANITIZED
  /* reports keep going to the real stderr while verify's is captured */
  __sanitizer_set_report_fd((void *)(intptr_t)dup(2));
#endif
  return 0;
}

/* ---- the paragraphs ---- */

static void check_paragraphs(const doctext *t) {
  for (size_t i = 0; i < t->n; i++) {
    const doctext_para *p = &t->paras[i];
    const char *s = p->text;
    size_t len = s ? strlen(s) : 0;
    if (len == 0) FAIL("paragraph %zu is empty", i);
    if (s[0] == ' ' || s[len - 1] == ' ' || strstr(s, "  ")) FAIL("paragraph %zu: space at an end or twice", i);
    for (size_t k = 0; k < len;) {
      unsigned cp;
      size_t n = utf8_decode(s + k, len - k, &cp);
      if (n == 0) FAIL("paragraph %zu: not UTF-8 at byte %zu", i, k);
      k += n;
    }
    char *again = doctext_normalize(s, len);
    if (strcmp(again, s) != 0) FAIL("paragraph %zu changes when normalised again", i);
    free(again);
    if (p->area > DOCTEXT_FOOTER || p->level > 9) FAIL("paragraph %zu: area %u, level %u", i, p->area, p->level);
  }
}

/* build's digest, straight from the package, must be verify's. */
static void check_digest(const buf *pkg, const docinfo *info, const doctext *t) {
  char *err = NULL;
  zip_in *z = zip_in_open_buffer(pkg->data, pkg->len, &err);
  if (!z) FAIL("the package verify read does not open from memory: %s", err ? err : "?");
  char want[65], got[65];
  doctext_digest(t, want);
  if (doctext_digest_package((zip_pkg){z, NULL}, info->docx, got, &err) != 0)
    FAIL("verify read the text, the package digest fails: %s", err ? err : "?");
  if (strcmp(want, got) != 0) FAIL("digest of the paragraphs %s, of the package %s", want, got);
  zip_in_close(z);
}

static bool same(const char *a, const char *b) { return (!a && !b) || (a && b && strcmp(a, b) == 0); }

/* docinfo_read_props reads the same properties wherever
 * docinfo_read_text reads the document (it skips the title and the
 * application, which DOCX keeps in other parts). */
static void check_props(const char *path, int r, const docinfo *info) {
  docinfo p;
  char *err = NULL;
  int rp = docinfo_read_props(path, &p, &err);
  free(err);
  if (r >= 0 && rp < 0) FAIL("docinfo_read_props fails where docinfo_read_text reads the document");
  if (rp >= 0 && r >= 0) {
    const char *a[] = {info->fingerprint, info->version, info->status, info->stage, info->kind,
                       info->generator, info->made_as, info->party, info->draft, info->text_digest};
    const char *b[] = {p.fingerprint, p.version, p.status, p.stage, p.kind,
                       p.generator, p.made_as, p.party, p.draft, p.text_digest};
    for (size_t i = 0; i < ARRAY_LEN(a); i++)
      if (!same(a[i], b[i])) FAIL("docinfo_read_props disagrees on property %zu", i);
    if (rp != r || p.docx != info->docx) FAIL("docinfo_read_props returns %d, docinfo_read_text %d", rp, r);
  }
  docinfo_free(&p);
}

/* ---- verify's output ---- */

static char *slurp(const char *path, size_t *len) {
  char *d = NULL;
  if (read_file(path, 64 << 20, &d, len) != 0) FAIL("cannot read back %s", path);
  return d;
}

/* Every character of s shows as itself; lines end in '\n'. */
static void check_shown(const char *what, const char *s, size_t len) {
  for (size_t k = 0; k < len;) {
    unsigned cp;
    size_t n = utf8_decode(s + k, len - k, &cp);
    if (n == 0) FAIL("%s: a byte 0x%02X that is not UTF-8 at %zu", what, (unsigned char)s[k], k);
    k += n;
    if (cp == '\n') continue;
    int8_t t = u_charType((UChar32)cp);
    if (cp < 0x20 || cp == 0x7F || t == U_CONTROL_CHAR || t == U_FORMAT_CHAR || t == U_LINE_SEPARATOR ||
        t == U_PARAGRAPH_SEPARATOR || t == U_UNASSIGNED || t == U_SURROGATE)
      FAIL("%s: U+%04X printed as it is, at byte %zu", what, cp, k - n);
  }
}

/* With status 0 or 1, one line starts "Verdict:", the last. */
static void check_verdict(const char *out, size_t len, int status) {
  size_t verdicts = 0;
  bool last = false;
  for (size_t ls = 0; ls < len;) {
    size_t le = ls;
    while (le < len && out[le] != '\n') le++;
    bool v = le - ls >= 8 && memcmp(out + ls, "Verdict:", 8) == 0;
    verdicts += v;
    last = v;
    ls = le + 1;
  }
  if (status == 2 ? verdicts != 0 : verdicts != 1 || !last)
    FAIL("status %d and %zu line(s) starting \"Verdict:\"%s", status, verdicts, last ? "" : ", not last");
}

/* Runs `verify path [source]` with stdout and stderr captured, checks what
 * it printed, and returns its status. */
static int run_verify(const char *path, const char *source) {
  char *argv[] = {"verify", (char *)path, (char *)source, NULL};
  fflush(stdout);
  fflush(stderr);
  int saved[2] = {dup(1), dup(2)};
  for (int k = 0; k < 2; k++) {
    int fd = open(g_out[k], O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || saved[k] < 0 || dup2(fd, k + 1) < 0) FAIL("cannot capture fd %d", k + 1);
    close(fd);
  }
  int status = cmd_verify(source ? 3 : 2, argv);
  fflush(stdout);
  fflush(stderr);
  for (int k = 0; k < 2; k++) {
    dup2(saved[k], k + 1);
    close(saved[k]);
  }
  size_t n_out = 0, n_err = 0;
  char *out = slurp(g_out[0], &n_out), *err = slurp(g_out[1], &n_err);
  if (status < 0 || status > 2) FAIL("verify returned %d", status);
  check_shown("verify's stdout", out, n_out);
  check_shown("verify's stderr", err, n_err);
  check_verdict(out, n_out, status);
  if (status == 2 && n_err == 0) FAIL("verify returned 2 and said nothing on stderr");
  free(out);
  free(err);
  return status;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!inited) LLVMFuzzerInitialize(NULL, NULL);
  buf pkg;
  buf_init(&pkg);
  const char *path = wkparts_write(data, size, g_doc, &pkg);

  docinfo info;
  doctext text;
  char *err = NULL;
  int r = docinfo_read_text(path, &info, &text, &err);
  if (r < 0 && !err) FAIL("docinfo_read_text failed without saying why");
  if (r >= 0) {
    check_paragraphs(&text);
    check_digest(&pkg, &info, &text);
  }
  check_props(path, r, &info);
  int alone = run_verify(path, NULL);
  if ((alone == 2) != (r < 0)) FAIL("verify returned %d, docinfo_read_text %d", alone, r);
  if (g_source) {
    int with = run_verify(path, g_source);
    if ((with == 2) != (r < 0)) FAIL("verify with the source returned %d, docinfo_read_text %d", with, r);
  }
  docinfo_free(&info);
  doctext_free(&text);
  free(err);
  buf_free(&pkg);
  unlink(path);
  return 0;
}
