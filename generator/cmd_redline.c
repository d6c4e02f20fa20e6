/* cmd_redline.c - the `redline` command: NEW's document with the changes
 * from OLD as tracked changes, by author "wijkcontract", dated. Both
 * versions are composed into the document tree, compared there
 * (redline.c) and rendered by the writer of the format -o names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "doc.h"
#include "i18n.h"
#include "model.h"
#include "profile.h"
#include "redline.h"
#include "util.h"
#include "workflow.h"

/* Two versions of one contract: the same kind and language. */
static bool same_kind(const contract *a, const contract *b, const char *pa, const char *pb) {
  const char *ka = a->profile->id, *kb = b->profile->id;
  const char *la = model_language(a), *lb = model_language(b);
  if (strcmp(ka, kb) != 0) {
    fprintf(stderr, _("wijkcontract redline: %s is a %s and %s a %s: compare two versions of one contract\n"),
            pa, ka, pb, kb);
    return false;
  }
  if (!str_eq(la, lb)) {
    fprintf(stderr, _("wijkcontract redline: %s is in '%s' and %s in '%s': compare two versions in one language\n"),
            pa, la ? la : "", pb, lb ? lb : "");
    return false;
  }
  return true;
}

int cmd_redline(int argc, char **argv) {
  const char *paths[2] = {NULL, NULL}, *out = NULL;
  size_t n_paths = 0;
  bool draft = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
      if (++i >= argc) return usage_error("redline", _("option '%s' needs a value"), a);
      out = argv[i];
    } else if (strncmp(a, "--output=", 9) == 0) {
      out = a + 9;
    } else if (strncmp(a, "-o", 2) == 0 && a[2]) {
      out = a + 2;
    } else if (strcmp(a, "--draft") == 0) {
      draft = true;
    } else if (a[0] == '-' && a[1]) {
      return usage_error("redline", _("unknown option '%s'"), a);
    } else if (n_paths == 2) {
      return usage_error("redline", _("too many arguments"));
    } else {
      paths[n_paths++] = a;
    }
  }
  if (n_paths != 2) return usage_error("redline", _("give two contract files: OLD.md NEW.md"));
  wf_format fmt = workflow_format(out);
  if (!out || (fmt != WF_DOCX && fmt != WF_ODT))
    return usage_error("redline", _("give -o OUT.docx or -o OUT.odt"));

  int status;
  contract *a = workflow_load_draft(paths[0], "redline", draft, &status);
  if (!a) return status;
  contract *b = workflow_load_draft(paths[1], "redline", draft, &status);
  if (!b) {
    model_free(a);
    return status;
  }
  if (!same_kind(a, b, paths[0], paths[1])) {
    model_free(a);
    model_free(b);
    return 1;
  }
  doc *da = compose_contract(a, draft), *db = compose_contract(b, draft);
  redline_merge(da, db);
  const char *inputs[] = {paths[0], paths[1], NULL};
  buf data;
  buf_init(&data);
  status = workflow_render(db, fmt, &data);
  if (status == 0) status = workflow_emit_inputs(out, data.data, data.len, inputs);
  buf_free(&data);
  doc_free(da);
  doc_free(db);
  model_free(a);
  model_free(b);
  return status;
}
