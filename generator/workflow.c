/* workflow.c - loading, checking and output shared by `matrix` and
 * `review`: the same refusal rules as `build`, the same safe writes. */
#include "workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "i18n.h"
#include "output.h"
#include "util.h"
#include "writers.h"

wf_format workflow_format(const char *out) {
  if (!out || strcmp(out, "-") == 0 || has_suffix(out, ".txt")) return WF_TEXT;
  if (has_suffix(out, ".csv")) return WF_CSV;
  if (has_suffix(out, ".md")) return WF_MD;
  if (has_suffix(out, ".ics")) return WF_ICS;
  if (has_suffix(out, ".odt")) return WF_ODT;
  if (has_suffix(out, ".docx")) return WF_DOCX;
  return WF_UNKNOWN;
}

contract *workflow_load(const char *path, const char *cmd, int *status) {
  return workflow_load_draft(path, cmd, false, status, NULL);
}

contract *workflow_load_draft(const char *path, const char *cmd, bool draft, int *status, bool *with_errors) {
  diag_list dl;
  diag_list_init(&dl, path);
  contract *c = model_load(path, &dl);
  if (!c) {
    diag_list_free(&dl);
    *status = 2;
    return NULL;
  }
  check_contract(c, &dl);
  bool errors = diag_has_errors(&dl, false);
  /* a draft still needs a profile and front matter that could be read */
  bool refuse = !c->profile || (errors && (!draft || c->front_matter_incomplete));
  if (refuse || (draft && errors)) {
    diag_sort(&dl);
    diag_print_text(stderr, &dl, false);
  }
  if (refuse) {
    fprintf(stderr,
            _("wijkcontract %s: %s has errors; nothing was written (see 'wijkcontract check %s')\n"),
            cmd, path, path);
    diag_list_free(&dl);
    model_free(c);
    *status = 1;
    return NULL;
  }
  diag_list_free(&dl);
  *status = 0;
  if (with_errors) *with_errors = errors;
  return c;
}

int workflow_emit(const char *out, const void *data, size_t len, const char *input) {
  const char *inputs[] = {input, NULL};
  return workflow_emit_inputs(out, data, len, inputs);
}

int workflow_emit_inputs(const char *out, const void *data, size_t len, const char *const *inputs) {
  if (!out || strcmp(out, "-") == 0) {
    if (len && fwrite(data, 1, len, stdout) != len) goto fail;
    if (fflush(stdout) != 0 || ferror(stdout)) goto fail;
    return 0;
  fail:
    fprintf(stderr, _("wijkcontract: cannot write to standard output\n"));
    return 2;
  }
  char *err = NULL;
  int r = output_write(out, data, len, inputs && inputs[0] ? inputs : NULL, &err);
  if (r != 0) {
    print_error(err ? err : _("cannot write the output"));
    free(err);
    return r == 1 ? 1 : 2;
  }
  workflow_say_written(out);
  return 0;
}

/* The names of the formats in the line that reports a written file. */
static const char *const FORMAT_NAME[] = {
    [WF_TEXT] = N_("text"), [WF_CSV] = "CSV", [WF_MD] = "Markdown", [WF_ICS] = "iCalendar",
    [WF_ODT] = "ODT",       [WF_DOCX] = "DOCX", [WF_UNKNOWN] = NULL};

void workflow_say_written(const char *out) {
  char *shown = str_escaped(out);
  const char *name = FORMAT_NAME[workflow_format(out)];
  if (name) printf(_("Wrote %s (%s)\n"), shown, _(name));
  else printf(_("Wrote %s\n"), shown);
  free(shown);
}

int workflow_render(const doc *d, wf_format format, buf *out) {
  char *err = NULL;
  int r = format == WF_DOCX ? docx_write(d, NULL, out, &err) : odt_write(d, NULL, out, &err);
  if (r != 0) {
    print_error(err ? err : _("cannot render the document"));
    free(err);
    return 2;
  }
  return 0;
}

int workflow_write_doc(const doc *d, const char *out, wf_format format, const char *input) {
  buf b;
  buf_init(&b);
  int status = workflow_render(d, format, &b);
  if (status == 0) status = workflow_emit(out, b.data, b.len, input);
  buf_free(&b);
  return status;
}
