/* util.h - allocation wrappers that abort on exhaustion, growable buffers,
 * whole-file reading and small string helpers shared by every module. */
#ifndef WK_UTIL_H
#define WK_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Out of memory is not recoverable for a command-line tool: these abort with
 * a message, so callers never test for NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows *items (each of size elem) so that at least need elements fit;
 * doubles the capacity, so appending n elements costs O(n). */
void xgrow(void **items, size_t *cap, size_t need, size_t elem);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n); /* copies n bytes, adds a NUL */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* A growable byte buffer, always NUL-terminated after buf_* calls. */
typedef struct {
  char *data;
  size_t len;
  size_t cap;
} buf;

void buf_init(buf *b);
void buf_free(buf *b); /* accepts a zeroed or NULL buffer */
void buf_reset(buf *b);
void buf_add(buf *b, const void *data, size_t n);
/* Room for extra more bytes and a NUL after data + len, for a caller
 * that writes them there itself (then adds to len). */
void buf_reserve(buf *b, size_t extra);
void buf_adds(buf *b, const char *s);
void buf_addc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
char *buf_detach(buf *b); /* returns data (never NULL), leaves b empty */

/* Reads a whole file. Returns 0 on success; -1 with errno set on failure,
 * and -2 when the file exceeds max_size bytes. */
int read_file(const char *path, size_t max_size, char **data, size_t *len);
/* All len bytes written to (read from) fd, retrying after a signal and a
 * short count: true, or false with errno (EIO for a write that wrote
 * nothing, 0 for a read that met the end first). */
bool fd_write_all(int fd, const void *data, size_t len);
bool fd_read_all(int fd, void *data, size_t len);

bool str_eq(const char *a, const char *b); /* NULL-safe equality */
bool has_suffix(const char *s, const char *suffix); /* case-insensitive */
/* Whether a spreadsheet reading s[0..len) as a CSV cell would take it for
 * a formula: it starts with '=', '+', '-', '@', a tab or a carriage return
 * (OWASP's list for CSV injection). */
bool str_formula_lead(const char *s, size_t len);
/* Index of the first occurrence of pat in s[from..to), or to. */
size_t mem_find(const char *s, size_t from, size_t to, const char *pat);
/* Appends text read from an input (a document, a file name, a value) so
 * that the terminal shows it as it is, on one line, and it cannot pass for
 * anything the program prints: a backslash as \\, tab, line feed and
 * carriage return as \t \n \r, other control bytes and bytes that are not
 * UTF-8 as \xNN, and control, format (bidirectional overrides, zero-width
 * characters), line and paragraph separator and unassigned code points as
 * \u{XXXX}. Every untrusted string a command prints goes through here. */
void buf_add_escaped(buf *out, const char *s, size_t len);
/* buf_add_escaped of a NUL-terminated string (NULL: nothing) into a
 * malloc'd string. */
char *str_escaped(const char *s);
/* Prints "wijkcontract: MESSAGE" to stderr, the message escaped (it names
 * files and quotes what is in them). */
void print_error(const char *msg);

/* Length in Unicode code points of valid UTF-8 text (bytes otherwise). */
size_t utf8_width(const char *s, size_t len);
/* Decodes the UTF-8 sequence at s[0..len): returns its length in bytes and
 * sets *cp, or returns 0 (leaving *cp alone) when the bytes there are not a
 * valid shortest-form sequence (no overlongs, no surrogates, nothing past
 * U+10FFFF) or len is 0. */
size_t utf8_decode(const char *s, size_t len, unsigned *cp);
/* Appends code point cp (at most U+10FFFF, no surrogate) as UTF-8. */
void buf_add_cp(buf *b, unsigned cp);
/* n in decimal, into out (STR_SIZE_MAX bytes at least); returns out. */
enum { STR_SIZE_MAX = 24 };
char *str_size(char *out, size_t n);
/* Writes n bytes as 2n lower-case hex digits and a NUL into out. */
void hex_encode(const unsigned char *bytes, size_t n, char *out);
/* Returns true when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t len);
/* How many of the first n bytes of s are printable ASCII (space to '~')
 * in a row: what scanners of text can pass over at once. */
size_t ascii_printable_span(const char *s, size_t n);
/* The Levenshtein distance of a[0..n) and b[0..m) when it is at most max, else max + 1
 * (also when a side is longer than EDIT_DISTANCE_LEN): stops as soon as
 * no cell of a row is within max, so far-apart texts cost little. */
#define EDIT_DISTANCE_LEN 128
size_t edit_distance_max(const char *a, size_t n, const char *b, size_t m, size_t max);
/* The candidate nearest to word by edit distance, when it is near enough
 * to be a likely typo (one edit for words of up to three bytes, else a
 * third of the word's length, at least two); NULL otherwise. The one rule
 * for every "did you mean": commands, options, keys, ids. */
const char *str_nearest(const char *word, const char *const *cands, size_t n);

/* The time recorded in generated files: SOURCE_DATE_EPOCH when set to a
 * valid number (reproducible builds), else now. */
long long build_time(void);
/* build_time() in UTC as ISO 8601 "2026-01-01T00:00:00" (19 characters),
 * with a "Z" after it when zone is true. */
void build_time_iso(char out[32], bool zone);

/* A set of strings (copies), by hash: for names met by the ten thousand,
 * such as a reference document's style names. Zeroed is empty. */
typedef struct {
  char **slots;
  size_t cap, n;
} strset;
/* Adds key; false when it was there already. */
bool strset_add(strset *s, const char *key);
bool strset_has(const strset *s, const char *key);
/* The set's copy of key: NULL when absent (find); added when absent
 * (intern). The copy lives until strset_free. */
const char *strset_find(const strset *s, const char *key);
const char *strset_intern(strset *s, const char *key);
/* FNV-1a of a NUL-terminated string, as the set uses it; str_hash_from
 * goes on from an earlier hash (several strings as one key). */
#define STR_HASH_BASIS 14695981039346656037ull
#define STR_HASH_PRIME 1099511628211ull
size_t str_hash(const char *s);
size_t str_hash_from(size_t h, const char *s);
/* str_hash, and the string's length into *len: one pass, for look-ups
 * asked per element of a document. */
static inline size_t str_hash_len(const char *s, size_t *len) {
  size_t h = (size_t)STR_HASH_BASIS, n = 0;
  for (; s[n]; n++) h = (h ^ (unsigned char)s[n]) * (size_t)STR_HASH_PRIME;
  *len = n;
  return h;
}
void strset_free(strset *s);

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
