/* cmd_new.c - the `new` command: writes a profile's skeleton definition to
 * a new file with `language:` set, and never replaces an existing file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "i18n.h"
#include "profile.h"
#include "util.h"

typedef struct {
  const char *kind;
  const char *language;
  const char *out;
} new_args;

/* Value of an option given as `--name VALUE` or `--name=VALUE`; NULL when
 * argv[*i] is not that option. Advances *i past a separate value. */
static const char *option_value(int argc, char **argv, int *i, const char *name, bool *missing) {
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n) != 0) return NULL;
  if (argv[*i][n] == '=') return argv[*i] + n + 1;
  if (argv[*i][n] != '\0') return NULL;
  if (*i + 1 >= argc) {
    *missing = true;
    return NULL;
  }
  return argv[++*i];
}

static int parse_args(int argc, char **argv, new_args *a) {
  bool options = true;
  for (int i = 1; i < argc; i++) {
    bool missing = false;
    const char *v;
    if (options && strcmp(argv[i], "--") == 0) {
      options = false;
    } else if (options && (v = option_value(argc, argv, &i, "--kind", &missing))) {
      a->kind = v;
    } else if (options && (v = option_value(argc, argv, &i, "--language", &missing))) {
      a->language = v;
    } else if (missing) {
      return usage_error("new", _("option '%s' needs a value"), argv[i]);
    } else if (options && argv[i][0] == '-' && argv[i][1] != '\0') {
      return usage_error("new", _("unknown option '%s'"), argv[i]);
    } else if (a->out) {
      return usage_error("new", _("only one output file can be given ('%s', '%s')"), a->out, argv[i]);
    } else {
      a->out = argv[i];
    }
  }
  if (!a->out) return usage_error("new", _("no output file given"));
  return 0;
}

static char *language_list(const profile *p) {
  buf b;
  buf_init(&b);
  for (size_t i = 0; i < p->n_languages; i++) {
    if (i) buf_adds(&b, ", ");
    buf_adds(&b, p->languages[i]);
  }
  return buf_detach(&b);
}

/* The skeleton with its front matter's `language:` line set to lang (a line
 * is added at the end of the front matter when the skeleton has none). */
static char *with_language(const char *text, size_t len, const char *lang, size_t *out_len) {
  buf b;
  buf_init(&b);
  const char *end = text + len, *line = text;
  bool in_front = false, done = false;
  int n = 0;
  while (line < end) {
    const char *nl = memchr(line, '\n', (size_t)(end - line));
    const char *next = nl ? nl + 1 : end;
    size_t ll = (size_t)(next - line);
    bool fence = ll >= 3 && strncmp(line, "---", 3) == 0 && (ll == 3 || line[3] == '\n' || line[3] == '\r');
    if (fence && n == 0) {
      in_front = true;
      buf_add(&b, line, ll);
    } else if (fence && in_front) {
      if (!done) buf_printf(&b, "language: %s\n", lang);
      in_front = false;
      done = true;
      buf_add(&b, line, ll);
    } else if (in_front && !done && strncmp(line, "language:", 9) == 0) {
      buf_printf(&b, "language: %s\n", lang);
      done = true;
    } else {
      buf_add(&b, line, ll);
    }
    line = next;
    n++;
  }
  *out_len = b.len;
  return buf_detach(&b);
}

/* The folder part of path ("." when it has none), for the temporary file:
 * it must be in the same directory so that linking it into place is one
 * atomic step. */
static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return xstrdup(".");
  if (slash == path) return xstrdup("/");
  return xstrndup(path, (size_t)(slash - path));
}

static int write_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t w = write(fd, data, len);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    data += w;
    len -= (size_t)w;
  }
  return 0;
}

static int refuse_existing(const char *path) {
  fprintf(stderr, _("wijkcontract: '%s' already exists: choose another name or remove it first\n"), path);
  return 1;
}

/* Writes data to a temporary file beside path, then links it into place:
 * link() fails when path exists, so an existing file is never replaced,
 * not even one that appears meanwhile, and no partial file is ever seen.
 * Returns 0, 1 (path exists) or 2 (I/O failure, message printed). */
static int write_new_file(const char *path, const char *data, size_t len) {
  struct stat st;
  if (lstat(path, &st) == 0) return refuse_existing(path);
  char *dir = dir_of(path);
  char *tmp = xasprintf("%s/.wijkcontract-new.XXXXXX", dir);
  free(dir);
  int rc = 2;
  int fd = mkstemp(tmp);
  if (fd < 0) {
    fprintf(stderr, _("wijkcontract: cannot create a file beside '%s': %s\n"), path, strerror(errno));
    free(tmp);
    return 2;
  }
  mode_t mask = umask(0);
  umask(mask);
  bool ok = fchmod(fd, 0666 & ~mask) == 0 && write_all(fd, data, len) == 0;
  ok = (close(fd) == 0) && ok;
  if (!ok) {
    fprintf(stderr, _("wijkcontract: cannot write '%s': %s\n"), path, strerror(errno));
  } else if (link(tmp, path) == 0) {
    rc = 0;
  } else if (errno == EEXIST) {
    rc = refuse_existing(path);
  } else if (lstat(path, &st) == 0) {
    rc = refuse_existing(path);
  } else if (rename(tmp, path) == 0) {
    /* a file system without hard links: the check just above must do */
    free(tmp);
    return 0;
  } else {
    fprintf(stderr, _("wijkcontract: cannot write '%s': %s\n"), path, strerror(errno));
  }
  unlink(tmp);
  free(tmp);
  return rc;
}

int cmd_new(int argc, char **argv) {
  new_args a = {profile_default_id(), NULL, NULL};
  int rc = parse_args(argc, argv, &a);
  if (rc) return rc;
  const profile *p = profile_get(a.kind);
  if (!p) return usage_error("new", _("unknown kind '%s': use one of %s"), a.kind, profile_ids());
  const char *lang = a.language ? a.language : p->default_language;
  if (!profile_has_language(p, lang)) {
    char *langs = language_list(p);
    usage_error("new", _("language '%s' is not offered by kind '%s': use one of %s"), lang, p->id,
                langs);
    free(langs);
    return 2;
  }
  size_t len;
  const char *skeleton = profile_skeleton(p, lang, &len);
  if (!skeleton) {
    fprintf(stderr, _("wijkcontract: kind '%s' has no skeleton definition\n"), p->id);
    return 2;
  }
  size_t out_len;
  char *text = with_language(skeleton, len, lang, &out_len);
  rc = write_new_file(a.out, text, out_len);
  free(text);
  if (rc == 0)
    fprintf(stderr, _("wijkcontract: wrote %s (%s, %s): fill in the placeholders, then run 'wijkcontract check %s'\n"),
            a.out, p->id, lang, a.out);
  return rc;
}
