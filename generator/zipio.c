/* zipio.c - zip containers through libzip: packages are assembled in memory
 * with fixed timestamps (reproducible bytes), and untrusted archives are
 * read with caps on entries and inflated bytes. */
#include "zipio.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zip.h>

#include "i18n.h"

/* ---- writing ---- */

typedef struct {
  char *name;
  char *data;
  size_t len;
  bool stored;
} zip_part;

struct zip_out {
  zip_part *parts;
  size_t n, cap;
};

zip_out *zip_out_new(void) { return xcalloc(1, sizeof(zip_out)); }

void zip_out_add(zip_out *z, const char *name, const void *data, size_t len, bool stored) {
  xgrow((void **)&z->parts, &z->cap, z->n + 1, sizeof *z->parts);
  zip_part *p = &z->parts[z->n++];
  p->name = xstrdup(name);
  p->data = xmalloc(len ? len : 1);
  if (len) memcpy(p->data, data, len);
  p->len = len;
  p->stored = stored;
}

void zip_out_add_buf(zip_out *z, const char *name, const buf *b) {
  zip_out_add(z, name, b->data ? b->data : "", b->len, false);
}

void zip_out_free(zip_out *z) {
  if (!z) return;
  for (size_t i = 0; i < z->n; i++) {
    free(z->parts[i].name);
    free(z->parts[i].data);
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

/* Adds every part to za; returns 0 or -1 with *err. */
static int add_parts(zip_out *z, zip_t *za, char **err) {
  zip_uint16_t dtime, ddate;
  dos_time(&dtime, &ddate);
  for (size_t i = 0; i < z->n; i++) {
    zip_part *p = &z->parts[i];
    zip_source_t *s = zip_source_buffer(za, p->data, p->len, 0);
    zip_int64_t idx = s ? zip_file_add(za, p->name, s, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) {
      if (s) zip_source_free(s);
      *err = xasprintf(_("cannot add %s to the zip archive: %s"), p->name, zip_strerror(za));
      return -1;
    }
    zip_uint64_t u = (zip_uint64_t)idx;
    if (zip_set_file_compression(za, u, p->stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) < 0 ||
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

zip_in *zip_in_open(const char *path, char **err) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_file_create(path, 0, -1, &ze);
  if (!src) {
    *err = xasprintf(_("%s: cannot open: %s"), path, zip_error_strerror(&ze));
    zip_error_fini(&ze);
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

int zip_in_read(zip_in *z, const char *name, char **data, size_t *len, char **err) {
  *data = NULL;
  *len = 0;
  zip_int64_t idx = locate(z, name);
  if (idx < 0) return 1;
  zip_file_t *f = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
  if (!f) {
    *err = xasprintf(_("cannot read zip entry '%s': %s"), name, zip_strerror(z->za));
    return -1;
  }
  buf b;
  buf_init(&b);
  char chunk[65536];
  zip_int64_t n;
  int rc = 0;
  /* Count what actually inflates: a declared size can lie. */
  while ((n = zip_fread(f, chunk, sizeof chunk)) > 0) {
    if (b.len + (size_t)n > ZIP_IN_MAX_ENTRY || z->total + (size_t)n > ZIP_IN_MAX_TOTAL) {
      *err = xasprintf(_("zip entry '%s' inflates to more than the allowed size"), name);
      rc = -1;
      break;
    }
    z->total += (size_t)n;
    buf_add(&b, chunk, (size_t)n);
  }
  if (rc == 0 && n < 0) {
    *err = xasprintf(_("cannot read zip entry '%s': %s"), name, zip_file_strerror(f));
    rc = -1;
  }
  zip_fclose(f);
  if (rc != 0) {
    buf_free(&b);
    return rc;
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
