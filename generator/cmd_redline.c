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
  const char *out = NULL;
  bool draft = false;
  const cli_option opts[] = {{"--output", "-o", NULL, &out}, {"--draft", NULL, &draft, NULL}, {NULL, NULL, NULL, NULL}};
  int n_paths;
  int rc = cli_parse("redline", argc, argv, opts, &n_paths);
  if (rc) return rc;
  if (n_paths > 2) return usage_error("redline", _("too many arguments"));
  const char *paths[2] = {n_paths > 0 ? argv[1] : NULL, n_paths > 1 ? argv[2] : NULL};
  if (n_paths != 2) return usage_error("redline", _("give two contract files: OLD.md NEW.md"));
  wf_format fmt = workflow_format(out);
  if (!out || (fmt != WF_DOCX && fmt != WF_ODT))
    return usage_error("redline", _("give -o OUT.docx or -o OUT.odt"));

  int status;
  bool errors_a = false, errors_b = false;
  contract *a = workflow_load_draft(paths[0], "redline", draft, &status, &errors_a);
  if (!a) return status;
  contract *b = workflow_load_draft(paths[1], "redline", draft, &status, &errors_b);
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
  db->meta.made_as = "redline"; /* verify says what it is */
  /* the document written is NEW's: marked when either version had errors */
  if (errors_a || errors_b) compose_mark_errors(db);
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
