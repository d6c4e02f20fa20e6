/* seqdiff.c - edit scripts between two hashed sequences (seqdiff.h). */
#include "seqdiff.h"

#include <stdlib.h>

#include "util.h"

enum { SEQ_TABLE_MAX = 1 << 20, /* cells of one gap's LCS table */
       SEQ_DEPTH_MAX = 48 };    /* anchor rounds within each other */

typedef struct {
  seq_edit *items;
  size_t n, cap;
} script;

static void emit(script *s, seq_op op, size_t a, size_t b) {
  xgrow((void **)&s->items, &s->cap, s->n + 1, sizeof *s->items);
  s->items[s->n++] = (seq_edit){op, a, b};
}

uint64_t seqdiff_hash(const char *s, size_t len, uint64_t seed) {
  uint64_t h = 1469598103934665603ull ^ (seed * 1099511628211ull);
  for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h;
}

/* Longest common subsequence by table, for a small gap. */
static void lcs(script *s, const uint64_t *a, size_t a0, size_t n, const uint64_t *b, size_t b0,
                size_t m) {
  size_t w = m + 1;
  unsigned *len = xcalloc((n + 1) * w, sizeof *len);
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      len[i * w + j] = a[a0 + i] == b[b0 + j] ? len[(i + 1) * w + j + 1] + 1
                       : len[(i + 1) * w + j] > len[i * w + j + 1] ? len[(i + 1) * w + j]
                                                                  : len[i * w + j + 1];
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[a0 + i] == b[b0 + j]) {
      emit(s, SEQ_KEEP, a0 + i++, b0 + j++);
    } else if (j < m && (i == n || len[i * w + j + 1] >= len[(i + 1) * w + j])) {
      emit(s, SEQ_INS, 0, b0 + j++);
    } else {
      emit(s, SEQ_DEL, a0 + i++, 0);
    }
  }
  free(len);
}

typedef struct {
  uint64_t h;
  size_t pos;
  int side;
} tagged;

static int cmp_tagged(const void *x, const void *y) {
  const tagged *p = x, *q = y;
  if (p->h != q->h) return p->h < q->h ? -1 : 1;
  if (p->side != q->side) return p->side - q->side;
  return p->pos < q->pos ? -1 : p->pos > q->pos;
}

static void gap(script *s, const uint64_t *a, size_t a0, size_t n, const uint64_t *b, size_t b0,
                size_t m, int depth);

/* Anchors: items that occur once on each side; the longest run of them in
 * the same order (patience sorting) splits the gap into smaller ones. */
static bool anchored(script *s, const uint64_t *a, size_t a0, size_t n, const uint64_t *b,
                     size_t b0, size_t m, int depth) {
  tagged *t = xcalloc(n + m + 1, sizeof *t);
  for (size_t i = 0; i < n; i++) t[i] = (tagged){a[a0 + i], a0 + i, 0};
  for (size_t j = 0; j < m; j++) t[n + j] = (tagged){b[b0 + j], b0 + j, 1};
  qsort(t, n + m, sizeof *t, cmp_tagged);
  /* pairs (a position, b position) of unique items, in a order */
  size_t *pa = xcalloc(n + 1, sizeof *pa), *pb = xcalloc(n + 1, sizeof *pb), k = 0;
  for (size_t i = 0; i + 1 < n + m;) {
    size_t e = i;
    while (e < n + m && t[e].h == t[i].h) e++;
    if (e - i == 2 && t[i].side == 0 && t[i + 1].side == 1) {
      pa[k] = t[i].pos;
      pb[k] = t[i + 1].pos;
      k++;
    }
    i = e;
  }
  free(t);
  bool any = k > 0;
  if (any) {
    /* sort the pairs by a position */
    size_t *order = xcalloc(k + 1, sizeof *order);
    tagged *by_a = xcalloc(k + 1, sizeof *by_a);
    for (size_t i = 0; i < k; i++) by_a[i] = (tagged){pa[i], i, 0};
    qsort(by_a, k, sizeof *by_a, cmp_tagged);
    for (size_t i = 0; i < k; i++) order[i] = by_a[i].pos;
    free(by_a);
    /* longest increasing run of b positions: patience piles */
    size_t *tops = xcalloc(k + 1, sizeof *tops), *prev = xcalloc(k + 1, sizeof *prev), piles = 0;
    for (size_t i = 0; i < k; i++) {
      size_t v = pb[order[i]], lo = 0, hi = piles;
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (pb[order[tops[mid]]] < v) lo = mid + 1;
        else hi = mid;
      }
      prev[i] = lo ? tops[lo - 1] : (size_t)-1;
      tops[lo] = i;
      if (lo == piles) piles++;
    }
    size_t *chain = xcalloc(piles + 1, sizeof *chain);
    for (size_t i = piles, at = tops[piles - 1]; i-- > 0; at = prev[at]) chain[i] = order[at];
    size_t ca = a0, cb = b0;
    for (size_t i = 0; i < piles; i++) {
      size_t xa = pa[chain[i]], xb = pb[chain[i]];
      gap(s, a, ca, xa - ca, b, cb, xb - cb, depth + 1);
      emit(s, SEQ_KEEP, xa, xb);
      ca = xa + 1;
      cb = xb + 1;
    }
    gap(s, a, ca, a0 + n - ca, b, cb, b0 + m - cb, depth + 1);
    free(chain);
    free(tops);
    free(prev);
    free(order);
  }
  free(pa);
  free(pb);
  return any;
}

static void gap(script *s, const uint64_t *a, size_t a0, size_t n, const uint64_t *b, size_t b0,
                size_t m, int depth) {
  /* common ends */
  size_t head = 0;
  while (head < n && head < m && a[a0 + head] == b[b0 + head]) emit(s, SEQ_KEEP, a0 + head, b0 + head), head++;
  a0 += head, b0 += head, n -= head, m -= head;
  size_t tail = 0;
  while (tail < n && tail < m && a[a0 + n - 1 - tail] == b[b0 + m - 1 - tail]) tail++;
  n -= tail, m -= tail;
  if (n == 0 || m == 0 || (n + 1) * (m + 1) <= SEQ_TABLE_MAX) {
    lcs(s, a, a0, n, b, b0, m);
  } else if (depth >= SEQ_DEPTH_MAX || !anchored(s, a, a0, n, b, b0, m, depth)) {
    for (size_t i = 0; i < n; i++) emit(s, SEQ_DEL, a0 + i, 0);
    for (size_t j = 0; j < m; j++) emit(s, SEQ_INS, 0, b0 + j);
  }
  for (size_t i = 0; i < tail; i++) emit(s, SEQ_KEEP, a0 + n + i, b0 + m + i);
}

seq_edit *seqdiff(const uint64_t *a, size_t n, const uint64_t *b, size_t m, size_t *count) {
  script s = {0};
  gap(&s, a, 0, n, b, 0, m, 0);
  if (!s.items) s.items = xcalloc(1, sizeof *s.items);
  *count = s.n;
  return s.items;
}
