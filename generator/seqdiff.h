/* seqdiff.h - the differences between two sequences of items compared by
 * a 64-bit hash (blocks of a document, rows of a table, words of a
 * paragraph): an edit script of kept, deleted and inserted items. Time
 * and memory stay near linear for documents that share most of their
 * items: common ends are trimmed, items unique to both sides anchor the
 * rest (patience diff), and only the gaps between anchors, bounded in
 * size, get a longest-common-subsequence table; a larger gap without an
 * anchor is all deleted, then all inserted. */
#ifndef WK_SEQDIFF_H
#define WK_SEQDIFF_H

#include <stddef.h>
#include <stdint.h>

typedef enum { SEQ_KEEP, SEQ_DEL, SEQ_INS } seq_op;

typedef struct {
  seq_op op;
  size_t a; /* SEQ_KEEP, SEQ_DEL: index into the old sequence */
  size_t b; /* SEQ_KEEP, SEQ_INS: index into the new sequence */
} seq_edit;

/* The edits turning a[0..n) into b[0..m), in order; *count of them
 * (malloc'd, free it). */
seq_edit *seqdiff(const uint64_t *a, size_t n, const uint64_t *b, size_t m, size_t *count);

/* FNV-1a of s[0..len), mixed with seed (a kind, a level). */
uint64_t seqdiff_hash(const char *s, size_t len, uint64_t seed);

#endif
