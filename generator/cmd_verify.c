/* cmd_verify.c - the `verify` command: reads the properties wijkcontract
 * stored in a generated .odt/.docx (fingerprint, version, status,
 * generator) and, given a source, says whether the document was generated
 * from exactly that source: same SHA-256 of the LF-normalised file, the
 * fingerprint model_load computes. Exit 0 match (or no source given), 1
 * mismatch or a document wijkcontract did not make, 2 not a document or
 * an unreadable source. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "docinfo.h"
#include "i18n.h"
#include "model.h"
#include "profile.h"
#include "textout.h"
#include "util.h"

/* Prints "Label:   value" lines with the values aligned. */
typedef struct {
  const char *label;
  const char *value;
} row;

static void print_rows(const row *rows, size_t n) {
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    size_t c = textout_cols(rows[i].label, strlen(rows[i].label)) + 1;
    if (c > w) w = c;
  }
  for (size_t i = 0; i < n; i++) {
    if (!rows[i].value) continue;
    buf b;
    buf_init(&b);
    char *l = xasprintf("%s:", rows[i].label);
    textout_pad(&b, l, w + 1);
    buf_adds(&b, rows[i].value);
    printf("%s\n", b.data);
    buf_free(&b);
    free(l);
  }
}

/* The source's status as the document would record it: its own, or the
 * profile's draft status when it names none. */
static const char *source_status(const contract *c) {
  if (c->status.s) return c->status.s;
  const profile_status *ds = c->profile ? profile_draft_status(c->profile) : NULL;
  return ds ? ds->id : "";
}

static int verify_source(const docinfo *info, const char *path) {
  diag_list dl;
  diag_list_init(&dl, path);
  contract *c = model_load(path, &dl);
  diag_list_free(&dl);
  if (!c) return 2; /* model_load said why */
  char *version = c->version.s ? xstrndup(c->version.s, c->version.len) : xstrdup("");
  const char *status = source_status(c);
  printf("\n");
  row rows[] = {{_("Source"), path}, {_("Fingerprint"), c->fingerprint}, {_("Version"), version},
                {_("Status"), status}};
  print_rows(rows, ARRAY_LEN(rows));
  printf("\n");
  bool same = str_eq(info->fingerprint, c->fingerprint);
  int result;
  if (same) {
    printf(_("The document was generated from exactly this source.\n"));
    result = 0;
  } else {
    printf(_("The document was NOT generated from this source:\n"));
    printf(_("  - the fingerprint differs: the source was changed after the document was made,\n"
             "    or the document comes from another file\n"));
    if (!str_eq(info->version, version))
      printf(_("  - version: document %s, source %s\n"), info->version ? info->version : "-",
             version);
    if (!str_eq(info->status, status))
      printf(_("  - status: document %s, source %s\n"), info->status ? info->status : "-", status);
    result = 1;
  }
  free(version);
  model_free(c);
  return result;
}

int cmd_verify(int argc, char **argv) {
  const char *paths[2] = {NULL, NULL};
  size_t n = 0;
  bool opts = true;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (opts && strcmp(a, "--") == 0) {
      opts = false;
    } else if (opts && a[0] == '-' && a[1]) {
      return usage_error("verify", _("unknown option '%s'"), a);
    } else {
      if (n == 2) return usage_error("verify", _("too many arguments"));
      paths[n++] = a;
    }
  }
  if (n == 0) return usage_error("verify", _("no document given"));

  docinfo info;
  char *err = NULL;
  int r = docinfo_read(paths[0], &info, &err);
  if (r < 0) {
    fprintf(stderr, "wijkcontract: %s\n", err ? err : paths[0]);
    free(err);
    return 2;
  }
  if (r == 1) {
    fprintf(stderr,
            _("wijkcontract: %s was not made by wijkcontract: it holds no wijkcontract fingerprint\n"),
            paths[0]);
    if (info.title) fprintf(stderr, _("(its title is \"%s\")\n"), info.title);
    docinfo_free(&info);
    return 1;
  }
  row rows[] = {{_("Document"), paths[0]},   {_("Title"), info.title},
                {_("Fingerprint"), info.fingerprint}, {_("Version"), info.version},
                {_("Status"), info.status}, {_("Stage"), info.stage},
                {_("Kind"), info.kind},     {_("Generator"), info.generator}};
  print_rows(rows, ARRAY_LEN(rows));
  int status = paths[1] ? verify_source(&info, paths[1]) : 0;
  docinfo_free(&info);
  return status;
}
