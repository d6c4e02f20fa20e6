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
#include "output.h"
#include "profile.h"
#include "util.h"

typedef struct {
  const char *kind;
  const char *language;
  const char *out;
} new_args;

static int parse_args(int argc, char **argv, new_args *a) {
  const cli_option opts[] = {
      {"--kind", NULL, NULL, &a->kind}, {"--language", NULL, NULL, &a->language}, {NULL, NULL, NULL, NULL}};
  int n;
  int rc = cli_parse("new", argc, argv, opts, &n);
  if (rc) return rc;
  if (n > 1) return usage_error("new", _("only one output file can be given ('%s', '%s')"), argv[1], argv[2]);
  if (n == 0) return usage_error("new", _("no output file given"));
  a->out = argv[1];
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

/* Writes the new file through output_create: atomic, never replacing a
 * file that exists or appears meanwhile, nothing left after a kill.
 * Returns 0, 1 (path exists) or 2 (I/O failure), message printed. */
static int write_new_file(const char *path, const char *data, size_t len) {
  char *err = NULL;
  int rc = output_create(path, data, len, &err);
  if (rc > 0)
    fprintf(stderr, _("wijkcontract: '%s' already exists: choose another name or remove it first\n"), path);
  else if (rc < 0)
    print_error(err);
  free(err);
  return rc > 0 ? 1 : rc < 0 ? 2 : 0;
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
