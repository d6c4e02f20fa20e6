/* yamltree.h - YAML text -> a small tree with positions, via libyaml's event
 * API. Used for the front matter of a contract and for profiles. Scalars are
 * never typed: `no`, `1.10`, `2027-01-01` stay the text as written. */
#ifndef WK_YAMLTREE_H
#define WK_YAMLTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "util.h"

/* A contract needs about 6 levels; profiles a few more. Deeper input is
 * refused before it can cost anything (the tree is built with an explicit
 * stack, never by recursion). */
#define YTREE_MAX_DEPTH 64
/* Keys and values together; 20,000 parties with their commitments fit. */
#define YTREE_MAX_NODES 1000000
/* Findings before the parse stops with "too many problems", and reports of
 * NUL or control characters in escapes before one closing note. */
#define YTREE_MAX_REPORTS 200
#define YTREE_MAX_CHAR_REPORTS 20

typedef enum { YNODE_SCALAR, YNODE_MAP, YNODE_SEQ } ynode_kind;

typedef struct ynode ynode;
struct ynode {
  ynode_kind kind;
  srcpos pos;     /* start of the node in the file */
  char *text;     /* scalar: NUL-terminated copy, may contain NUL (use len) */
  size_t len;
  bool plain;     /* scalar was unquoted (so `~`, `null` and empty mean null) */
  bool clean;     /* scalar: ytree_parse checked every character of text and
                     found none to report (ytext_char_check); false when it
                     did not look, as in an unpacked tree */
  ynode **items;  /* seq: items; map: values */
  ynode **keys;   /* map: keys (always scalars), parallel to items */
  size_t n;
  struct yarena *arena; /* root only: the memory of every node of the tree */
};

/* Parses YAML text (first_line = file line of text's first line, for
 * positions; columns are bytes of the line, 1-based). Reports into dl:
 * yaml-syntax (libyaml's problem + position), anchors and aliases (fatal:
 * they build YAML bombs), tags and `<<` merge keys (refused, parsing goes
 * on), keys that are not text, duplicate keys, depth > YTREE_MAX_DEPTH and
 * more than YTREE_MAX_NODES nodes (fatal), and NUL or control characters
 * written as escapes in quoted scalars (invalid-text). Returns the root
 * (NULL for an empty document or a fatal error before any node); partial
 * trees are fine. *fatal (may be NULL) tells whether parsing stopped early. */
ynode *ytree_parse(const char *text, size_t len, int first_line, diag_list *dl);
ynode *ytree_parse_ex(const char *text, size_t len, int first_line, diag_list *dl,
                      bool *fatal);
/* Frees the tree of a root returned by ytree_parse (accepts NULL). The
 * nodes of a tree share its memory: other nodes cannot be freed apart. */
void ynode_free(ynode *root);

/* A tree as bytes and back: ytree_pack appends root's packed form to out;
 * ytree_unpack rebuilds the tree (free it with ynode_free) or returns NULL
 * for bytes that are not a whole packed tree. The profiles are parsed when
 * the binary is built and unpacked when it runs (generator/tools/ypack.c). */
void ytree_pack(const ynode *root, buf *out);
ynode *ytree_unpack(const void *data, size_t len);

/* The value of key in a mapping; NULL if absent or map is not a mapping. */
const ynode *ynode_get(const ynode *map, const char *key);
/* NULL, or a plain scalar "", "~", "null", "Null", "NULL". */
bool ynode_is_null(const ynode *n);
/* "text", "a list", "a mapping": English msgids (N_) for WRONG_TYPE;
 * translate with _(). */
const char *ynode_kind_name(const ynode *n);

/* Checks the character at s (len bytes available) for text that goes into a
 * document: returns DIAG_NUL_CHAR, DIAG_INVALID_CHAR (C0 controls other than
 * tab, LF and CR; DEL; C1 controls), DIAG_NONCHARACTER (U+FFFE, U+FFFF) or
 * DIAG_INVALID_UTF8, and DIAG__COUNT when it is fine. *seq gets the bytes
 * it occupies (1 for an invalid byte), *cp its code point. */
diag_id ytext_char_check(const char *s, size_t len, size_t *seq, unsigned *cp);

#endif
