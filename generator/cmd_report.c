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
  const char *out = NULL, *as_of = NULL;
  bool draft = false;
  const cli_option opts[] = {{"--output", "-o", NULL, &out},
                             {"--as-of", NULL, NULL, &as_of},
                             {"--draft", NULL, &draft, NULL},
                             {NULL, NULL, NULL, NULL}};
  int n;
  int rc = cli_parse("report", argc, argv, opts, &n);
  if (rc) return rc;
  if (n > 1) return usage_error("report", _("too many arguments"));
  const char *file = n ? argv[1] : NULL;
  if (!file) return usage_error("report", _("no contract file given"));
  long days = 0;
  if (as_of && !model_parse_date(as_of, strlen(as_of), &days))
    return usage_error("report", _("'%s' is no date: give --as-of YYYY-MM-DD"), as_of);
  if (!as_of) days = today();
  wf_format fmt = workflow_format(out);
  if (fmt != WF_TEXT && fmt != WF_MD && fmt != WF_ODT && fmt != WF_DOCX)
    return usage_error("report", _("cannot write a report as '%s': use .txt, .md, .odt or .docx"), out);

  int status;
  bool with_errors = false;
  contract *c = workflow_load_draft(file, "report", draft, &status, &with_errors);
  if (!c) return status;
  doc *d = compose_report(c, days, draft);
  if (with_errors) compose_mark_errors(d);
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
