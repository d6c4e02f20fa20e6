/* zipio.c - zip containers through libzip: packages are assembled in memory
 * with fixed timestamps (reproducible bytes), and untrusted archives are
 * read with caps on entries and inflated bytes. */
#include "zipio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/stat.h>

#include <zip.h>
#include <zlib.h>

#include "i18n.h"

/* ---- writing ---- */

/* Parts are deflated as they arrive (zlib, raw deflate) and kept only
 * compressed; zip_out_finish hands libzip each part's deflated bytes with
 * their size and CRC, which it copies into the archive as they are. So a
 * document of tens of megabytes of XML never sits in memory whole, nor
 * twice (a copy here, a copy in libzip). */

/* Deflate level: the fastest. zlib's levels 1 to 3 cost the same on these
 * parts and the default, 6, twice as much (half the time of building a
 * large document went there); the parts come out a third larger, which
 * nobody notices at a few tens of kilobytes. */
#define ZIP_OUT_LEVEL 1
/* Memory level: 6 rather than zlib's default 8 gives a hash table and an
 * output buffer of 16 KB instead of 64 KB each (less to clear for every
 * part, fewer pages to fault in), and at level 1 the parts come out the
 * same size within 0.2%, the large ones even a little smaller. */
#define ZIP_OUT_MEMLEVEL 6

struct zip_out_part {
  char *name;
  buf data;      /* deflated bytes (raw bytes when stored) */
  zip_uint64_t size; /* bytes before deflating */
  zip_uint32_t crc;
  bool stored;
  bool open;     /* zip_out_begin'd, not yet zip_out_end'ed */
  bool deflating; /* zs initialised: from the first byte to zip_out_end
                     (a deflate state is some 160 KB: parts whose place is
                     taken early do not hold one while they wait) */
  z_stream zs;
  zip_uint64_t pos; /* read position while libzip copies the part */
};

struct zip_out {
  zip_out_part **parts;
  size_t n, cap;
};

zip_out *zip_out_new(void) { return xcalloc(1, sizeof(zip_out)); }

static void zlib_failed(void) {
  fputs("wijkcontract: zlib failed to deflate\n", stderr);
  abort();
}

zip_out_part *zip_out_begin(zip_out *z, const char *name) {
  xgrow((void **)&z->parts, &z->cap, z->n + 1, sizeof *z->parts);
  zip_out_part *p = xcalloc(1, sizeof *p);
  z->parts[z->n++] = p;
  p->name = xstrdup(name);
  p->crc = (zip_uint32_t)crc32(0L, Z_NULL, 0);
  p->open = true;
  return p;
}

static void deflate_start(zip_out_part *p) {
  if (p->deflating) return;
  memset(&p->zs, 0, sizeof p->zs);
  /* windowBits -15: raw deflate, the zip entry's own format */
  if (deflateInit2(&p->zs, ZIP_OUT_LEVEL, Z_DEFLATED, -15, ZIP_OUT_MEMLEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
    zlib_failed();
  p->deflating = true;
}

/* Runs deflate over the input until it is consumed and, flushing, all
 * output is out (finishing: until the stream ends), growing the output as
 * needed. */
static void deflate_into(zip_out_part *p, int flush) {
  for (;;) {
    size_t want = p->zs.avail_in / 2 + 4096;
    if (p->data.cap - p->data.len < want + 1) {
      void *d = p->data.data;
      xgrow(&d, &p->data.cap, p->data.len + want + 1, 1);
      p->data.data = d;
    }
    size_t room = p->data.cap - p->data.len - 1;
    if (room > UINT_MAX) room = UINT_MAX;
    p->zs.next_out = (Bytef *)p->data.data + p->data.len;
    p->zs.avail_out = (uInt)room;
    int rc = deflate(&p->zs, flush);
    p->data.len += room - p->zs.avail_out;
    if (rc == Z_STREAM_END) return;
    if (rc != Z_OK && rc != Z_BUF_ERROR) zlib_failed();
    if (flush != Z_FINISH && p->zs.avail_in == 0 && p->zs.avail_out > 0) return;
  }
}

void zip_out_write(zip_out_part *p, const void *data, size_t len) {
  if (!p->open || len == 0) return;
  const Bytef *d = data;
  deflate_start(p);
  p->size += len;
  while (len > 0) { /* zlib counts in uInt */
    uInt n = len > UINT_MAX ? UINT_MAX : (uInt)len;
    p->crc = (zip_uint32_t)crc32(p->crc, d, n);
    p->zs.next_in = (Bytef *)d;
    p->zs.avail_in = n;
    deflate_into(p, Z_NO_FLUSH);
    d += n;
    len -= n;
  }
}

void zip_out_sink(void *part, const char *data, size_t len) { zip_out_write(part, data, len); }

void zip_out_end(zip_out_part *p) {
  if (!p->open) return;
  deflate_start(p); /* an empty part still needs its (empty) deflate stream */
  p->zs.next_in = Z_NULL;
  p->zs.avail_in = 0;
  deflate_into(p, Z_FINISH);
  deflateEnd(&p->zs);
  p->deflating = p->open = false;
}

zip_out_part *zip_out_piece(void) {
  zip_out_part *p = xcalloc(1, sizeof *p);
  p->crc = (zip_uint32_t)crc32(0L, Z_NULL, 0);
  p->open = true;
  return p;
}

/* Ends a deflate stream without its final block, on a byte boundary, so
 * that other deflated bytes may follow it (deflate has no headers, and the
 * next stream starts with an empty window, so no reference crosses). */
static void deflate_pause(zip_out_part *p) {
  if (!p->deflating) return;
  p->zs.next_in = Z_NULL;
  p->zs.avail_in = 0;
  deflate_into(p, Z_SYNC_FLUSH);
  deflateEnd(&p->zs);
  p->deflating = false;
}

void zip_out_splice(zip_out_part *p, zip_out_part *piece) {
  deflate_pause(piece);
  if (p->open) {
    deflate_pause(p); /* what p writes next starts a stream of its own */
    buf_add(&p->data, piece->data.data, piece->data.len);
    p->crc = (zip_uint32_t)crc32_combine((uLong)p->crc, (uLong)piece->crc, (z_off_t)piece->size);
    p->size += piece->size;
  }
  buf_free(&piece->data);
  free(piece);
}

/* Parts written whole that come out the same in build after build: a
 * batch worker builds many contracts of one profile, and their styles,
 * settings, font table, numbering definitions and package lists are
 * identical byte for byte. Such a part is deflated once per process: each
 * part name keeps the bytes it last had and what they deflated to, and the
 * same bytes again take the same deflated bytes and CRC (deflate is
 * deterministic, so the archive is byte-identical either way). A part that
 * differs, as the body, footer and properties of every contract do, is
 * deflated as usual and becomes its name's new memo. */
enum { ZIP_MEMO_SLOTS = 24, ZIP_MEMO_MAX = 256 * 1024 };
typedef struct {
  char *name;
  char *raw;        /* the part's bytes */
  size_t len;
  buf deflated;     /* and what they deflated to */
  zip_uint32_t crc;
} zip_memo;
static zip_memo zip_memos[ZIP_MEMO_SLOTS]; /* kept for the process's life */
static size_t zip_memo_count;

static zip_memo *memo_for(const char *name) {
  for (size_t i = 0; i < zip_memo_count; i++)
    if (strcmp(zip_memos[i].name, name) == 0) return &zip_memos[i];
  if (zip_memo_count == ZIP_MEMO_SLOTS) return NULL; /* a bound, never reached by our packages */
  zip_memo *m = &zip_memos[zip_memo_count++];
  m->name = xstrdup(name);
  return m;
}

static unsigned long zip_memo_hit_count;
unsigned long zip_out_memo_hits(void) { return zip_memo_hit_count; }

void zip_out_put(zip_out_part *p, const void *data, size_t len) {
  zip_memo *m = NULL;
  if (p->open && !p->deflating && p->size == 0 && p->data.len == 0 && len <= ZIP_MEMO_MAX)
    m = memo_for(p->name);
  if (m && m->raw && m->len == len && memcmp(m->raw, data, len) == 0) {
    buf_add(&p->data, m->deflated.data, m->deflated.len);
    p->size = len;
    p->crc = m->crc;
    p->open = false;
    zip_memo_hit_count++;
    return;
  }
  zip_out_write(p, data, len);
  zip_out_end(p);
  if (!m) return;
  free(m->raw);
  m->raw = xmalloc(len ? len : 1);
  if (len) memcpy(m->raw, data, len);
  m->len = len;
  m->deflated.len = 0;
  buf_add(&m->deflated, p->data.data, p->data.len);
  m->crc = p->crc;
}

void zip_out_add(zip_out *z, const char *name, const void *data, size_t len, bool stored) {
  zip_out_part *p = zip_out_begin(z, name);
  if (!stored) {
    zip_out_put(p, data, len);
    return;
  }
  p->open = false;
  p->stored = true;
  p->size = len;
  p->crc = (zip_uint32_t)crc32(p->crc, data, (uInt)len); /* tiny: ODF's mimetype */
  buf_add(&p->data, data, len);
}

void zip_out_add_buf(zip_out *z, const char *name, const buf *b) {
  zip_out_add(z, name, b->data ? b->data : "", b->len, false);
}

void zip_out_free(zip_out *z) {
  if (!z) return;
  for (size_t i = 0; i < z->n; i++) {
    zip_out_part *p = z->parts[i];
    if (p->deflating) deflateEnd(&p->zs);
    free(p->name);
    buf_free(&p->data);
    free(p);
  }
  free(z->parts);
  free(z);
}

/* MS-DOS date and time of build_time() in UTC; DOS dates start in 1980
 * and end in 2107, so the time is clamped into that range. */
static void dos_time(zip_uint16_t *dtime, zip_uint16_t *ddate) {
  long long t = build_time();
  if (t < 315532800LL) t = 315532800LL;     /* 1980-01-01 */
  if (t > 4354819199LL) t = 4354819199LL;   /* 2107-12-31 23:59:59 */
  time_t tt = (time_t)t;
  struct tm tm;
  if (!gmtime_r(&tt, &tm)) memset(&tm, 0, sizeof tm), tm.tm_year = 80, tm.tm_mday = 1;
  *dtime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
  *ddate = (zip_uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

static char *zip_error_text(const char *what, zip_error_t *ze) {
  return xasprintf(_("cannot %s the zip archive: %s"), what, zip_error_strerror(ze));
}

/* A libzip source serving a part's bytes as they are, with the stat that
 * tells libzip they are deflated already (method, both sizes, CRC). */
static zip_int64_t part_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd) {
  zip_out_part *p = ud;
  switch (cmd) {
  case ZIP_SOURCE_OPEN:
    p->pos = 0;
    return 0;
  case ZIP_SOURCE_READ: {
    zip_uint64_t left = p->data.len - p->pos;
    if (len > left) len = left;
    if (len) memcpy(data, p->data.data + p->pos, len);
    p->pos += len;
    return (zip_int64_t)len;
  }
  case ZIP_SOURCE_CLOSE:
  case ZIP_SOURCE_FREE:
    return 0;
  case ZIP_SOURCE_STAT: {
    if (len < sizeof(zip_stat_t)) return -1;
    zip_stat_t *st = data;
    zip_stat_init(st);
    st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
                ZIP_STAT_ENCRYPTION_METHOD;
    st->size = p->size;
    st->comp_size = p->data.len;
    st->comp_method = p->stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE;
    st->crc = p->crc;
    st->encryption_method = ZIP_EM_NONE;
    return sizeof(zip_stat_t);
  }
  case ZIP_SOURCE_ERROR:
    if (len < 2 * sizeof(int)) return -1;
    ((int *)data)[0] = ZIP_ER_INTERNAL;
    ((int *)data)[1] = 0;
    return 2 * sizeof(int);
  case ZIP_SOURCE_SUPPORTS:
    return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                          ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
  default:
    return -1;
  }
}

/* Adds every part to za; returns 0 or -1 with *err. */
static int add_parts(zip_out *z, zip_t *za, char **err) {
  zip_uint16_t dtime, ddate;
  dos_time(&dtime, &ddate);
  for (size_t i = 0; i < z->n; i++) {
    zip_out_part *p = z->parts[i];
    zip_out_end(p); /* a part left open ends here */
    zip_source_t *s = zip_source_function(za, part_source, p);
    zip_int64_t idx = s ? zip_file_add(za, p->name, s, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) {
      if (s) zip_source_free(s);
      *err = xasprintf(_("cannot add %s to the zip archive: %s"), p->name, zip_strerror(za));
      return -1;
    }
    zip_uint64_t u = (zip_uint64_t)idx;
    /* the method stays libzip's default: it takes the source's (deflated,
     * copied as is); the stored mimetype says so explicitly */
    if ((p->stored && zip_set_file_compression(za, u, ZIP_CM_STORE, 0) < 0) ||
        zip_file_set_dostime(za, u, dtime, ddate, 0) < 0 ||
        zip_file_set_external_attributes(za, u, 0, ZIP_OPSYS_UNIX, (zip_uint32_t)0100644 << 16) < 0) {
      *err = xasprintf(_("cannot add %s to the zip archive: %s"), p->name, zip_strerror(za));
      return -1;
    }
  }
  return 0;
}

/* Copies the finished archive out of its memory source. */
static int read_back(zip_source_t *src, buf *out, char **err) {
  if (zip_source_open(src) < 0) {
    *err = zip_error_text("read back", zip_source_error(src));
    return -1;
  }
  char chunk[65536];
  zip_int64_t n;
  while ((n = zip_source_read(src, chunk, sizeof chunk)) > 0) buf_add(out, chunk, (size_t)n);
  int rc = 0;
  if (n < 0) {
    *err = zip_error_text("read back", zip_source_error(src));
    rc = -1;
  }
  zip_source_close(src);
  return rc;
}

int zip_out_finish(zip_out *z, buf *out, char **err) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  if (!src) {
    *err = zip_error_text("create", &ze);
    zip_error_fini(&ze);
    return -1;
  }
  zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  if (!za) {
    *err = zip_error_text("create", &ze);
    zip_source_free(src);
    zip_error_fini(&ze);
    return -1;
  }
  zip_error_fini(&ze);
  zip_source_keep(src); /* survives zip_close so the bytes can be read */
  int rc = add_parts(z, za, err);
  if (rc == 0 && zip_close(za) < 0) {
    *err = xasprintf(_("cannot write the zip archive: %s"), zip_strerror(za));
    rc = -1;
  }
  if (rc != 0) zip_discard(za);
  if (rc == 0) rc = read_back(src, out, err);
  zip_source_free(src);
  return rc;
}

/* ---- reading ---- */

struct zip_in {
  zip_t *za;
  char **names; /* index order */
  size_t n;
  size_t total; /* inflated bytes read so far */
};

static bool name_is_pathlike(const char *s) {
  if (s[0] == '\0' || s[0] == '/' || strchr(s, '\\')) return true;
  if (((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z') && s[1] == ':') return true;
  const char *p = s;
  while (*p) {
    const char *e = strchr(p, '/');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len == 2 && p[0] == '.' && p[1] == '.') return true;
    if (!e) break;
    p = e + 1;
  }
  return false;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Checks the directory against the caps; returns 0 or -1 with *err. */
static int vet(zip_in *z, const char *what, char **err) {
  zip_int64_t n = zip_get_num_entries(z->za, 0);
  if (n < 0 || n > ZIP_IN_MAX_ENTRIES) {
    *err = xasprintf(_("%s: too many entries in the zip archive (at most %d)"), what,
                     ZIP_IN_MAX_ENTRIES);
    return -1;
  }
  z->n = (size_t)n;
  z->names = xcalloc(z->n ? z->n : 1, sizeof *z->names);
  for (size_t i = 0; i < z->n; i++) {
    zip_stat_t st;
    const char *name = zip_get_name(z->za, i, 0);
    if (!name || zip_stat_index(z->za, i, 0, &st) < 0) {
      *err = xasprintf(_("%s: unreadable zip directory: %s"), what, zip_strerror(z->za));
      return -1;
    }
    z->names[i] = xstrdup(name);
    if (name_is_pathlike(name)) {
      *err = xasprintf(_("%s: zip entry '%s' has a path-like name"), what, name);
      return -1;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
      *err = xasprintf(_("%s: zip entry '%s' is encrypted"), what, name);
      return -1;
    }
  }
  char **sorted = xmalloc((z->n ? z->n : 1) * sizeof *sorted);
  memcpy(sorted, z->names, z->n * sizeof *sorted);
  qsort(sorted, z->n, sizeof *sorted, cmp_str);
  int rc = 0;
  for (size_t i = 1; i < z->n && rc == 0; i++) {
    if (strcmp(sorted[i - 1], sorted[i]) == 0) {
      *err = xasprintf(_("%s: zip entry '%s' appears twice"), what, sorted[i]);
      rc = -1;
    }
  }
  free(sorted);
  return rc;
}

static zip_in *open_source(zip_source_t *src, const char *what, char **err) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
  if (!za) {
    *err = xasprintf(_("%s: not a readable zip archive: %s"), what, zip_error_strerror(&ze));
    zip_error_fini(&ze);
    zip_source_free(src);
    return NULL;
  }
  zip_error_fini(&ze);
  zip_in *z = xcalloc(1, sizeof *z);
  z->za = za;
  if (vet(z, what, err) < 0) {
    zip_in_close(z);
    return NULL;
  }
  return z;
}

/* A zip is read by seeking to its directory at the end: only a regular
 * file will do. A FIFO or a terminal would block the open (or the first
 * read) until someone wrote to it, so the file is opened without
 * blocking and looked at before anything is read. */
zip_in *zip_in_open(const char *path, char **err) {
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    *err = xasprintf(_("%s: cannot open: %s"), path, strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    *err = xasprintf(_("%s: not a regular file"), path);
    close(fd);
    return NULL;
  }
  FILE *f = fdopen(fd, "rb");
  if (!f) abort();
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_filep_create(f, 0, -1, &ze); /* owns f from here */
  if (!src) {
    *err = xasprintf(_("%s: cannot open: %s"), path, zip_error_strerror(&ze));
    zip_error_fini(&ze);
    fclose(f);
    return NULL;
  }
  zip_error_fini(&ze);
  return open_source(src, path, err);
}

zip_in *zip_in_open_buffer(const void *data, size_t len, char **err) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
  if (!src) {
    *err = xasprintf(_("%s: not a readable zip archive: %s"), "(memory)", zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return NULL;
  }
  zip_error_fini(&ze);
  return open_source(src, "(memory)", err);
}

static zip_int64_t locate(const zip_in *z, const char *name) {
  return zip_name_locate(z->za, name, 0);
}

bool zip_in_has(const zip_in *z, const char *name) { return locate(z, name) >= 0; }

/* ---- reading parts in pieces ---- */

struct zip_part_reader {
  char *name;
  zip_in *in;      /* reading an archive: */
  zip_file_t *f;
  size_t got;      /* inflated bytes of this entry so far */
  size_t cap;      /* at most this many */
  zip_out_part *p; /* or a part of one being written: */
  z_stream zs;
  bool inflating;
  size_t pos; /* bytes of p->data consumed */
  bool done;
};

static zip_part_reader *open_in(zip_in *z, const char *name, size_t cap, char **err) {
  zip_int64_t idx = locate(z, name);
  if (idx < 0) return NULL;
  zip_file_t *f = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
  if (!f) {
    *err = xasprintf(_("cannot read zip entry '%s': %s"), name, zip_strerror(z->za));
    return NULL;
  }
  zip_part_reader *r = xcalloc(1, sizeof *r);
  r->name = xstrdup(name);
  r->in = z;
  r->f = f;
  r->cap = cap;
  return r;
}

static zip_part_reader *open_out(zip_out *z, const char *name, char **err) {
  zip_out_part *p = NULL;
  for (size_t i = 0; i < z->n && !p; i++)
    if (strcmp(z->parts[i]->name, name) == 0) p = z->parts[i];
  if (!p) return NULL;
  if (p->open) { /* a writer's mistake: its text is not complete yet */
    *err = xasprintf(_("zip part '%s' is still being written"), name);
    return NULL;
  }
  zip_part_reader *r = xcalloc(1, sizeof *r);
  r->name = xstrdup(name);
  r->p = p;
  if (!p->stored) {
    if (inflateInit2(&r->zs, -15) != Z_OK) zlib_failed();
    r->inflating = true;
  }
  return r;
}

zip_part_reader *zip_pkg_open(zip_pkg pkg, const char *name, char **err) {
  *err = NULL;
  /* a part read in pieces is never held whole: only the archive's total
   * bounds it */
  return pkg.in ? open_in(pkg.in, name, ZIP_IN_MAX_TOTAL, err) : pkg.out ? open_out(pkg.out, name, err) : NULL;
}

/* Counts what actually inflates from an archive being read: a declared
 * size can lie. */
static long read_in(zip_part_reader *r, void *data, size_t len, char **err) {
  zip_int64_t n = zip_fread(r->f, data, len);
  if (n < 0) {
    *err = xasprintf(_("cannot read zip entry '%s': %s"), r->name, zip_file_strerror(r->f));
    return -1;
  }
  if (r->got + (size_t)n > r->cap || r->in->total + (size_t)n > ZIP_IN_MAX_TOTAL) {
    *err = xasprintf(_("zip entry '%s' inflates to more than the allowed size"), r->name);
    return -1;
  }
  r->got += (size_t)n;
  r->in->total += (size_t)n;
  return (long)n;
}

static long read_out(zip_part_reader *r, void *data, size_t len, char **err) {
  zip_out_part *p = r->p;
  if (p->stored || r->done) {
    size_t left = r->done ? 0 : p->data.len - r->pos;
    if (len > left) len = left;
    if (len) memcpy(data, p->data.data + r->pos, len);
    r->pos += len;
    return (long)len;
  }
  if (len > UINT_MAX) len = UINT_MAX;
  r->zs.next_out = data;
  r->zs.avail_out = (uInt)len;
  while (r->zs.avail_out == len) {
    size_t left = p->data.len - r->pos;
    r->zs.next_in = (Bytef *)p->data.data + r->pos;
    r->zs.avail_in = left > UINT_MAX ? UINT_MAX : (uInt)left;
    int rc = inflate(&r->zs, Z_NO_FLUSH);
    r->pos += (size_t)((const char *)r->zs.next_in - (p->data.data + r->pos));
    if (rc == Z_STREAM_END) {
      r->done = true;
      r->pos = p->data.len;
      break;
    }
    if (rc != Z_OK) {
      *err = xasprintf(_("zip part '%s' does not inflate"), r->name);
      return -1;
    }
  }
  return (long)(len - r->zs.avail_out);
}

long zip_part_read(zip_part_reader *r, void *data, size_t len, char **err) {
  if (len > LONG_MAX) len = LONG_MAX;
  return r->in ? read_in(r, data, len, err) : read_out(r, data, len, err);
}

void zip_part_close(zip_part_reader *r) {
  if (!r) return;
  if (r->f) zip_fclose(r->f);
  if (r->inflating) inflateEnd(&r->zs);
  free(r->name);
  free(r);
}

int zip_in_read(zip_in *z, const char *name, char **data, size_t *len, char **err) {
  *data = NULL;
  *len = 0;
  char *oerr = NULL;
  zip_part_reader *r = open_in(z, name, ZIP_IN_MAX_ENTRY, &oerr);
  if (!r) {
    if (!oerr) return 1;
    *err = oerr;
    return -1;
  }
  buf b;
  buf_init(&b);
  char chunk[65536];
  long n;
  while ((n = zip_part_read(r, chunk, sizeof chunk, err)) > 0) buf_add(&b, chunk, (size_t)n);
  zip_part_close(r);
  if (n < 0) {
    buf_free(&b);
    return -1;
  }
  *len = b.len;
  *data = buf_detach(&b);
  return 0;
}

size_t zip_in_count(const zip_in *z) { return z->n; }

const char *zip_in_name(const zip_in *z, size_t i) { return i < z->n ? z->names[i] : NULL; }

void zip_in_close(zip_in *z) {
  if (!z) return;
  if (z->za) zip_discard(z->za);
  for (size_t i = 0; i < z->n; i++) free(z->names[i]);
  free(z->names);
  free(z);
}
