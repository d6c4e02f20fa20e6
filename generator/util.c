/* util.c - allocation wrappers, buffers, file reading and string helpers. */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <unicode/uchar.h>

static void out_of_memory(void) {
  fputs("wijkcontract: out of memory\n", stderr);
  abort();
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) out_of_memory();
  return p;
}

void *xcalloc(size_t count, size_t size) {
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (!p) out_of_memory();
  return p;
}

void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) out_of_memory();
  return p;
}

void xgrow(void **items, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return;
  size_t c = *cap ? *cap : 8;
  while (c < need) {
    if (c > ((size_t)-1) / 2 / elem) out_of_memory();
    c *= 2;
  }
  *items = xrealloc(*items, c * elem);
  *cap = c;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrndup(const char *s, size_t n) {
  char *p = xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *xvasprintf(const char *fmt, va_list ap) {
  buf b;
  buf_init(&b);
  buf_vprintf(&b, fmt, ap);
  return buf_detach(&b);
}

char *xasprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = xvasprintf(fmt, ap);
  va_end(ap);
  return s;
}

void buf_init(buf *b) { memset(b, 0, sizeof *b); }

void buf_free(buf *b) {
  if (!b) return;
  free(b->data);
  memset(b, 0, sizeof *b);
}

void buf_reset(buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

void buf_reserve(buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  void *p = b->data;
  xgrow(&p, &b->cap, b->len + extra + 1, 1);
  b->data = p;
}

void buf_add(buf *b, const void *data, size_t n) {
  buf_reserve(b, n);
  if (n) memcpy(b->data + b->len, data, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void buf_adds(buf *b, const char *s) { buf_add(b, s, strlen(s)); }

void buf_addc(buf *b, char c) { buf_add(b, &c, 1); }

void buf_vprintf(buf *b, const char *fmt, va_list ap) {
  char small[256]; /* most texts are short: formatted once, then copied */
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(small, sizeof small, fmt, ap2);
  va_end(ap2);
  if (n < 0) return;
  if ((size_t)n < sizeof small) {
    buf_add(b, small, (size_t)n);
    return;
  }
  buf_reserve(b, (size_t)n);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(b, fmt, ap);
  va_end(ap);
}

char *buf_detach(buf *b) {
  char *d = b->data ? b->data : xstrdup("");
  memset(b, 0, sizeof *b);
  return d;
}

/* Reads into one buffer sized from fstat when the file is regular: no
 * staging chunk and no copies on growth, since every page a run touches
 * for the first time costs a page fault (a sizeable part of a run's time).
 * Pipes and the like grow the buffer as they go. */
int read_file(const char *path, size_t max_size, char **data, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  struct stat st;
  size_t cap = 4096;
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0) {
    if ((uintmax_t)st.st_size > max_size) {
      fclose(f);
      return -2;
    }
    cap = (size_t)st.st_size + 1; /* + 1: room to see the end of file */
  }
  char *d = xmalloc(cap);
  size_t n = 0, got;
  while ((got = fread(d + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n > max_size) {
      fclose(f);
      free(d);
      return -2;
    }
    if (n == cap) {
      void *p = d;
      xgrow(&p, &cap, cap + 1, 1);
      d = p;
    }
  }
  int err = ferror(f) ? errno : 0;
  fclose(f);
  if (err) {
    free(d);
    errno = err;
    return -1;
  }
  d[n] = '\0'; /* n < cap: the loop leaves room */
  *len = n;
  *data = d;
  return 0;
}

bool str_eq(const char *a, const char *b) {
  if (!a || !b) return a == b;
  return strcmp(a, b) == 0;
}

bool has_suffix(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

size_t utf8_decode(const char *s, size_t len, unsigned *cp) {
  const unsigned char *u = (const unsigned char *)s;
  if (len == 0) return 0;
  unsigned c = u[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t need;
  unsigned min;
  if (c >= 0xC2 && c <= 0xDF) need = 2, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF) need = 3, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4) need = 4, min = 0x10000;
  else return 0;
  if (len < need) return 0;
  unsigned v = c & (0xFFu >> (need + 1));
  for (size_t i = 1; i < need; i++) {
    if ((u[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (u[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return need;
}

void buf_add_cp(buf *b, unsigned cp) {
  char u[4];
  size_t n;
  if (cp < 0x80) {
    u[0] = (char)cp, n = 1;
  } else if (cp < 0x800) {
    u[0] = (char)(0xC0 | cp >> 6), n = 2;
  } else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | cp >> 12), n = 3;
  } else {
    u[0] = (char)(0xF0 | cp >> 18), n = 4;
  }
  for (size_t i = 1; i < n; i++) u[i] = (char)(0x80 | ((cp >> (6 * (n - 1 - i))) & 0x3F));
  buf_add(b, u, n);
}

void hex_encode(const unsigned char *bytes, size_t n, char *out) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 15];
  }
  out[2 * n] = '\0';
}

bool utf8_valid(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    /* Runs of ASCII, the bulk of any contract, eight bytes at a time. */
    uint64_t word;
    while (i + 8 <= len && (memcpy(&word, p + i, 8), (word & 0x8080808080808080u) == 0)) i += 8;
    if (i >= len) break;
    unsigned cp;
    size_t k = utf8_decode(s + i, len - i, &cp);
    if (!k) return false;
    i += k;
  }
  return true;
}

/* Code points a terminal would not show as themselves: controls (C0, C1),
 * format characters (bidirectional controls among them), line and
 * paragraph separators, and code points not assigned yet. */
static bool shows_as_itself(unsigned cp) {
  if (cp < 0x80) return cp >= 0x20 && cp != 0x7F;
  int8_t t = u_charType((UChar32)cp);
  return t != U_CONTROL_CHAR && t != U_FORMAT_CHAR && t != U_LINE_SEPARATOR &&
         t != U_PARAGRAPH_SEPARATOR && t != U_UNASSIGNED && t != U_SURROGATE;
}

void buf_add_escaped(buf *out, const char *s, size_t len) {
  for (size_t i = 0; i < len;) {
    unsigned cp;
    size_t k = utf8_decode(s + i, len - i, &cp);
    if (k == 0) {
      buf_printf(out, "\\x%02X", (unsigned char)s[i++]);
      continue;
    }
    if (cp == '\\') buf_adds(out, "\\\\");
    else if (cp == '\n') buf_adds(out, "\\n");
    else if (cp == '\t') buf_adds(out, "\\t");
    else if (cp == '\r') buf_adds(out, "\\r");
    else if (cp < 0x80 && !shows_as_itself(cp)) buf_printf(out, "\\x%02X", cp);
    else if (!shows_as_itself(cp)) buf_printf(out, "\\u{%04X}", cp);
    else buf_add(out, s + i, k);
    i += k;
  }
}

char *str_escaped(const char *s) {
  buf b;
  buf_init(&b);
  if (s) buf_add_escaped(&b, s, strlen(s));
  return buf_detach(&b);
}

void print_error(const char *msg) {
  char *e = str_escaped(msg);
  fprintf(stderr, "wijkcontract: %s\n", e);
  free(e);
}

size_t utf8_width(const char *s, size_t len) {
  size_t w = 0;
  for (size_t i = 0; i < len; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) w++;
  return w;
}

size_t edit_distance_max(const char *a, size_t n, const char *b, size_t m, size_t max) {
  if (n > EDIT_DISTANCE_LEN || m > EDIT_DISTANCE_LEN || (n > m ? n - m : m - n) > max)
    return max + 1;
  size_t row[EDIT_DISTANCE_LEN + 1];
  for (size_t j = 0; j <= m; j++) row[j] = j;
  for (size_t i = 1; i <= n; i++) {
    size_t corner = row[0], low = row[0] = i;
    for (size_t j = 1; j <= m; j++) {
      size_t up = row[j];
      size_t best = corner + (a[i - 1] != b[j - 1]);
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      if (up + 1 < best) best = up + 1;
      row[j] = best;
      corner = up;
      if (best < low) low = best;
    }
    if (low > max) return max + 1; /* no cell of the row is near enough */
  }
  return row[m] <= max ? row[m] : max + 1;
}

const char *str_nearest(const char *word, const char *const *cands, size_t n) {
  size_t len = strlen(word), limit = len <= 3 ? 1 : 2;
  if (len / 3 > limit) limit = len / 3;
  const char *best = NULL;
  size_t best_d = limit + 1;
  for (size_t i = 0; i < n; i++) {
    if (!cands[i]) continue;
    size_t d = edit_distance_max(word, len, cands[i], strlen(cands[i]), limit);
    if (d < best_d) best_d = d, best = cands[i];
  }
  return best;
}

long long build_time(void) {
  const char *e = getenv("SOURCE_DATE_EPOCH");
  if (e && *e) {
    char *end;
    errno = 0;
    long long v = strtoll(e, &end, 10);
    if (errno == 0 && *end == '\0' && v >= 0 && v < 253402300800LL) return v;
  }
  return (long long)time(NULL);
}

void build_time_iso(char out[32], bool zone) {
  time_t t = (time_t)build_time();
  struct tm tm;
  if (!gmtime_r(&t, &tm)) memset(&tm, 0, sizeof tm);
  strftime(out, 32, zone ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%dT%H:%M:%S", &tm);
}

bool str_formula_lead(const char *s, size_t len) {
  return len > 0 && s[0] && strchr("=+-@\t\r", s[0]) != NULL;
}

size_t mem_find(const char *s, size_t from, size_t to, const char *pat) {
  size_t n = strlen(pat);
  for (size_t i = from; i + n <= to; i++)
    if (memcmp(s + i, pat, n) == 0) return i;
  return to;
}

/* ---- strset: open addressing, linear probing, at most half full ---- */

size_t str_hash_from(size_t h, const char *s) {
  for (; *s; s++) h = (h ^ (unsigned char)*s) * (size_t)STR_HASH_PRIME;
  return h;
}

size_t str_hash(const char *s) { return str_hash_from((size_t)STR_HASH_BASIS, s); }

static size_t strset_slot(char *const *slots, size_t cap, const char *key) {
  size_t i = str_hash(key) & (cap - 1);
  while (slots[i] && strcmp(slots[i], key) != 0) i = (i + 1) & (cap - 1);
  return i;
}

bool strset_has(const strset *s, const char *key) { return strset_find(s, key) != NULL; }

const char *strset_find(const strset *s, const char *key) {
  return s->cap ? s->slots[strset_slot(s->slots, s->cap, key)] : NULL;
}

/* key's copy in the set, made now when added (*added). */
static const char *strset_put(strset *s, const char *key, bool *added) {
  if (2 * (s->n + 1) > s->cap) {
    size_t cap = s->cap ? 2 * s->cap : 64;
    char **slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < s->cap; i++)
      if (s->slots[i]) slots[strset_slot(slots, cap, s->slots[i])] = s->slots[i];
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
  }
  size_t i = strset_slot(s->slots, s->cap, key);
  *added = !s->slots[i];
  if (*added) {
    s->slots[i] = xstrdup(key);
    s->n++;
  }
  return s->slots[i];
}

bool strset_add(strset *s, const char *key) {
  bool added;
  strset_put(s, key, &added);
  return added;
}

const char *strset_intern(strset *s, const char *key) {
  bool added;
  return strset_put(s, key, &added);
}

void strset_free(strset *s) {
  for (size_t i = 0; i < s->cap; i++) free(s->slots[i]);
  free(s->slots);
  memset(s, 0, sizeof *s);
}

bool fd_write_all(int fd, const void *data, size_t len) {
  const char *p = data;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    p += n;
    len -= (size_t)n;
  }
  return true;
}

bool fd_read_all(int fd, void *data, size_t len) {
  char *p = data;
  while (len > 0) {
    ssize_t n = read(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = 0;
      return false;
    }
    p += n;
    len -= (size_t)n;
  }
  return true;
}

char *str_size(char *out, size_t n) {
  char digits[STR_SIZE_MAX];
  size_t k = 0;
  do {
    digits[k++] = (char)('0' + n % 10);
    n /= 10;
  } while (n);
  for (size_t i = 0; i < k; i++) out[i] = digits[k - 1 - i];
  out[k] = '\0';
  return out;
}

/* Eight bytes a step: a byte under 0x20 borrows in w - 0x20 and had no
 * high bit, one over 0x7e carries into it in w + 1 or has it; below the
 * first such byte nothing borrows or carries, so the lowest byte marked
 * is the first one outside. */
size_t ascii_printable_span(const char *s, size_t n) {
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  size_t k = 0;
  for (uint64_t w, hit; k + 8 <= n; k += 8) {
    memcpy(&w, s + k, 8);
    if ((hit = (((w - ones * 0x20) & ~w) | (w + ones) | w) & highs)) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      return k + (size_t)__builtin_ctzll(hit) / 8;
#else
      break;
#endif
    }
  }
  while (k < n && (unsigned char)s[k] >= 0x20 && (unsigned char)s[k] < 0x7f) k++;
  return k;
}
