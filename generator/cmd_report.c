/* cmd_report.c - the `report` command: the evaluation report of a contract
 * at a date, composed once (compose_report.c) and written as text,
 * Markdown, ODT or DOCX. Refuses a contract with errors like `build`,
 * unless --draft. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "docplain.h"
#include "i18n.h"
#include "model.h"
#include "textout.h"
#include "util.h"
#include "workflow.h"

/* Today in local time (or SOURCE_DATE_EPOCH's day), as days since
 * 1970-01-01. */
static long today(void) {
  time_t t = (time_t)build_time();
  struct tm tm;
  char iso[16] = "1970-01-01";
  if (localtime_r(&t, &tm)) strftime(iso, sizeof iso, "%Y-%m-%d", &tm);
  long days = 0;
  model_parse_date(iso, strlen(iso), &days);
  return days;
}

int cmd_report(int argc, char **argv) {
  const char *file = NULL, *out = NULL, *as_of = NULL;
  bool draft = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    bool is_out = strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0;
    bool is_date = strcmp(a, "--as-of") == 0;
    if (is_out || is_date) {
      if (++i >= argc) return usage_error("report", _("option '%s' needs a value"), a);
      if (is_out) out = argv[i];
      else as_of = argv[i];
    } else if (strncmp(a, "--output=", 9) == 0) {
      out = a + 9;
    } else if (strncmp(a, "--as-of=", 8) == 0) {
      as_of = a + 8;
    } else if (strncmp(a, "-o", 2) == 0 && a[2]) {
      out = a + 2;
    } else if (strcmp(a, "--draft") == 0) {
      draft = true;
    } else if (strcmp(a, "--") == 0) {
      if (i + 1 < argc && !file) file = argv[++i];
      if (i + 1 < argc) return usage_error("report", _("too many arguments"));
    } else if (a[0] == '-' && a[1]) {
      return usage_error("report", _("unknown option '%s'"), a);
    } else if (file) {
      return usage_error("report", _("too many arguments"));
    } else {
      file = a;
    }
  }
  if (!file) return usage_error("report", _("no contract file given"));
  long days = 0;
  if (as_of && !model_parse_date(as_of, strlen(as_of), &days))
    return usage_error("report", _("'%s' is no date: give --as-of YYYY-MM-DD"), as_of);
  if (!as_of) days = today();
  wf_format fmt = workflow_format(out);
  if (fmt != WF_TEXT && fmt != WF_MD && fmt != WF_ODT && fmt != WF_DOCX)
    return usage_error("report", _("cannot write a report as '%s': use .txt, .md, .odt or .docx"), out);

  int status;
  contract *c = workflow_load_draft(file, "report", draft, &status);
  if (!c) return status;
  doc *d = compose_report(c, days, draft);
  if (fmt == WF_ODT || fmt == WF_DOCX) {
    status = workflow_write_doc(d, out, fmt, file);
  } else {
    buf b;
    buf_init(&b);
    docplain_render(d, fmt == WF_MD, textout_width(out == NULL || strcmp(out, "-") == 0), &b);
    status = workflow_emit(out, b.data, b.len, file);
    buf_free(&b);
  }
  doc_free(d);
  model_free(c);
  return status;
}
