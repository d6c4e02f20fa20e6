/* zipio.h - the only place that touches zip containers (libzip): writing
 * ODT/DOCX packages into memory, and reading reference documents and
 * generated documents with caps on what is inflated. */
#ifndef WK_ZIPIO_H
#define WK_ZIPIO_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* ---- writing ---- */
typedef struct zip_out zip_out;

zip_out *zip_out_new(void);
/* Adds a part (deflated at once; data is not kept). stored=true for ODF's
 * mimetype (no compression, no extra field). Parts are written in the
 * order added (zip_out_begin counts as adding). */
void zip_out_add(zip_out *z, const char *name, const void *data, size_t len, bool stored);
void zip_out_add_buf(zip_out *z, const char *name, const buf *b);
/* A part written in pieces as they are produced (xmlw_set_sink): each
 * piece is deflated as it comes, so a large part is never held whole.
 * The part takes its place in the archive at zip_out_begin; zip_out_end
 * completes it (zip_out_finish ends one still open). */
typedef struct zip_out_part zip_out_part;
zip_out_part *zip_out_begin(zip_out *z, const char *name);
void zip_out_write(zip_out_part *p, const void *data, size_t len);
void zip_out_end(zip_out_part *p);
/* A part's whole content at once: zip_out_write then zip_out_end, but
 * content equal to what the part of that name last had in this process
 * reuses its deflated bytes (a batch writes the same styles many times). */
void zip_out_put(zip_out_part *p, const void *data, size_t len);
/* How many parts zip_out_put took from its memo (for tests). */
unsigned long zip_out_memo_hits(void);
/* zip_out_write with the arguments of an xmlw_sink (ctx: the part). */
void zip_out_sink(void *part, const char *data, size_t len);
/* A piece of a part, written (zip_out_write) and deflated on its own and
 * spliced into the part later, after what the part holds by then: ODT's
 * content.xml writes its body first and places it after the styles the
 * body turned out to need. zip_out_splice consumes the piece. */
zip_out_part *zip_out_piece(void);
void zip_out_splice(zip_out_part *p, zip_out_part *piece);
/* Writes the archive to out. Timestamps come from SOURCE_DATE_EPOCH when
 * set, else a fixed date, so equal input gives equal bytes. Returns 0, or -1
 * with *err set (malloc'd). Frees nothing: call zip_out_free. */
int zip_out_finish(zip_out *z, buf *out, char **err);
void zip_out_free(zip_out *z); /* accepts NULL */

/* ---- reading (untrusted input) ---- */
enum {
  ZIP_IN_MAX_ENTRIES = 2000,
  ZIP_IN_MAX_ENTRY = 32 * 1024 * 1024,  /* inflated bytes per entry read whole */
  ZIP_IN_MAX_TOTAL = 128 * 1024 * 1024  /* inflated bytes per archive */
};

typedef struct zip_in zip_in;

/* Opens path (or memory) and vets the directory: entry count, duplicate
 * names, path-like names (absolute, "..", backslashes), encrypted entries.
 * NULL with *err set when the file is not a usable zip. */
zip_in *zip_in_open(const char *path, char **err);
zip_in *zip_in_open_buffer(const void *data, size_t len, char **err);
bool zip_in_has(const zip_in *z, const char *name);
/* Reads an entry, counting the bytes actually inflated against the caps.
 * Returns 0; 1 when absent; -1 with *err set on failure or cap. */
int zip_in_read(zip_in *z, const char *name, char **data, size_t *len, char **err);
size_t zip_in_count(const zip_in *z);

/* ---- reading parts in pieces ---- */
/* A package whose parts are read: one being read (zip_in; what is
 * inflated counts against the archive's total cap, not the entry cap, as
 * a part read in pieces is never held whole) or one being written
 * (zip_out; only parts already ended). Exactly one of the two is set. */
typedef struct {
  zip_in *in;
  zip_out *out;
} zip_pkg;
typedef struct zip_part_reader zip_part_reader;
/* Opens a part; NULL with *err NULL when it is absent, NULL with *err set
 * when it cannot be read. */
zip_part_reader *zip_pkg_open(zip_pkg pkg, const char *name, char **err);
/* Reads up to len bytes into data: the count, 0 at the end, -1 with *err. */
long zip_part_read(zip_part_reader *r, void *data, size_t len, char **err);
void zip_part_close(zip_part_reader *r); /* accepts NULL */
const char *zip_in_name(const zip_in *z, size_t i);
void zip_in_close(zip_in *z); /* accepts NULL */

#endif
