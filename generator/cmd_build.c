/* cmd_build.c - the `build` command: load, check, compose once, render as
 * ODT or DOCX, write atomically; refuses on errors (unless --draft, and even
 * then when the loader refused the text), never overwrites the input, never
 * replaces a signed document without --force. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "commands.h"
#include "doc.h"
#include "docinfo.h"
#include "i18n.h"
#include "model.h"
#include "output.h"
#include "pdf.h"
#include "refdoc.h"
#include "writers.h"
#include "build_impl.h"

static const char *const FORMAT_EXT[] = {"", "odt", "docx", "pdf"};

static out_format format_of_name(const char *s) {
  if (!s) return FMT_NONE;
  if (strcmp(s, "odt") == 0) return FMT_ODT;
  if (strcmp(s, "docx") == 0) return FMT_DOCX;
  if (strcmp(s, "pdf") == 0) return FMT_PDF;
  return FMT_NONE;
}

static out_format format_of_path(const char *path) {
  if (has_suffix(path, ".odt")) return FMT_ODT;
  if (has_suffix(path, ".docx")) return FMT_DOCX;
  if (has_suffix(path, ".pdf")) return FMT_PDF;
  return FMT_NONE;
}

/* -j's number of builds at a time: 1 to BUILD_MAX_JOBS. */
static int parse_jobs(const char *v, int *jobs) {
  char *end;
  long n = strtol(v, &end, 10);
  if (!*v || *end || n < 1 || n > BUILD_MAX_JOBS)
    return usage_error("build", _("-j takes a number of builds at a time from 1 to %d, not '%s'"), BUILD_MAX_JOBS,
                       v);
  *jobs = (int)n;
  return 0;
}

static int parse_args(int argc, char **argv, build_opts *o) {
  memset(o, 0, sizeof *o);
  const char *jobs = NULL;
  const cli_option opts[] = {{"--output", "-o", NULL, &o->output},
                             {"--to", "-t", NULL, &o->to},
                             {"--reference-doc", NULL, NULL, &o->reference},
                             {"--directory", "-d", NULL, &o->dir},
                             {"--jobs", "-j", NULL, &jobs},
                             {"--draft", NULL, &o->draft, NULL},
                             {"--force", NULL, &o->force, NULL},
                             {"--public", NULL, &o->public_version, NULL},
                             {"--quiet", "-q", &o->quiet, NULL},
                             {NULL, NULL, NULL, NULL}};
  int n;
  int rc = cli_parse("build", argc, argv, opts, &n);
  if (rc) return rc;
  /* cli_parse moved the files to argv[1..n] */
  o->inputs = xcalloc((size_t)n + 1, sizeof *o->inputs);
  for (int k = 0; k < n; k++) o->inputs[o->n_inputs++] = argv[k + 1];
  if (o->n_inputs == 0) return usage_error("build", _("no file to build"));
  if (!o->dir && o->n_inputs > 1)
    return usage_error("build", _("only one contract at a time: '%s' (to build many, name a directory with -d DIR)"),
                       o->inputs[1]);
  if (o->dir && o->output) return usage_error("build", _("-o names one file: with -d DIR the names are NAME.EXT"));
  if (jobs && !o->dir) return usage_error("build", _("-j goes with -d DIR (many files in one run)"));
  if (jobs && parse_jobs(jobs, &o->jobs) != 0) return 2;
  o->input = o->inputs[0];
  if (o->to && format_of_name(o->to) == FMT_NONE)
    return usage_error("build", _("unknown format '%s': use odt, docx or pdf"), o->to);
  return 0;
}

/* The extension of path when it names a file of another kind (a Word 97
 * document, text, ...): -t would write an ODT, DOCX or PDF under a name
 * that promises something else. NULL for .odt, .docx, .pdf and unknown ones. */
static const char *other_document_ext(const char *path) {
  static const char *const exts[] = {".doc", ".rtf", ".txt", ".md",  ".html", ".htm",
                                     ".ott", ".dot", ".dotx", ".xls", ".xlsx", ".ods", ".csv",
                                     ".odp", ".pptx", ".ics", ".xml", ".json", ".zip"};
  for (size_t i = 0; i < ARRAY_LEN(exts); i++)
    if (has_suffix(path, exts[i])) return exts[i];
  return NULL;
}

/* NAME.EXT in the current directory, NAME being the input's file name
 * without its extension. */
char *build_output_name(const char *dir, const char *input, out_format f) {
  const char *base = strrchr(input, '/');
  base = base ? base + 1 : input;
  const char *dot = strrchr(base, '.');
  size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  if (dir) return xasprintf("%s%s%.*s.%s", dir, has_suffix(dir, "/") ? "" : "/", (int)len, base, FORMAT_EXT[f]);
  return xasprintf("%.*s.%s", (int)len, base, FORMAT_EXT[f]);
}

/* Decides output name and format; returns 0 or the exit status. */
static int choose_output(const build_opts *o, char **out, out_format *fmt) {
  out_format by_opt = format_of_name(o->to);
  if (!o->output) {
    *fmt = by_opt != FMT_NONE ? by_opt : FMT_ODT;
    *out = build_output_name(NULL, o->input, *fmt);
    return 0;
  }
  out_format by_ext = format_of_path(o->output);
  if (by_ext != FMT_NONE && by_opt != FMT_NONE && by_ext != by_opt)
    return usage_error("build", _("'%s' does not end in .%s as -t %s asks"), o->output, o->to, o->to);
  const char *ext = other_document_ext(o->output);
  if (by_ext == FMT_NONE && by_opt != FMT_NONE && ext)
    return usage_error("build", _("'%s' ends in %s, but -t %s writes a .%s document: name it .%s"), o->output, ext,
                       o->to, o->to, o->to);
  *fmt = by_ext != FMT_NONE ? by_ext : by_opt;
  if (*fmt == FMT_NONE)
    return usage_error("build", _("cannot tell the format of '%s': name it .odt, .docx or .pdf, or use -t odt|docx|pdf"),
                       o->output);
  *out = xstrdup(o->output);
  return 0;
}

/* An existing document that records a signed status is kept unless
 * --force: a signed contract must not silently become a regenerated one. */
static int guard_signed(const char *out, bool force) {
  struct stat st;
  if (stat(out, &st) != 0) return 0;
  if (!S_ISREG(st.st_mode)) {
    /* a FIFO would block the look inside; a device is no document */
    fprintf(stderr, _("wijkcontract: %s exists and is not a regular file; not replacing it\n"), out);
    return 1;
  }
  if (force) return 0;
  docinfo info = {0};
  char *err = NULL;
  int rc = docinfo_read_props(out, &info, &err);
  bool signed_doc = rc == 0 && info.stage && strcmp(info.stage, "signed") == 0;
  docinfo_free(&info);
  free(err);
  if (!signed_doc) return 0;
  fprintf(stderr,
          _("wijkcontract: %s is a signed document; not replacing it (use --force to replace it anyway)\n"),
          out);
  return 1;
}

/* Loads and checks; returns the contract, or NULL with *status set. */
static contract *load_checked(const build_opts *o, const char *input, int *status, bool *with_errors) {
  diag_list dl;
  diag_list_init(&dl, input);
  contract *c = model_load(input, &dl);
  if (!c) {
    diag_list_free(&dl);
    *status = 2;
    return NULL;
  }
  check_contract(c, &dl);
  diag_sort(&dl);
  diag_print_text(stderr, &dl, false);
  size_t errors = diag_count(&dl, DIAG_ERROR, false);
  *with_errors = errors > 0;
  diag_list_free(&dl);
  if (errors > 0 && !o->draft) {
    fprintf(stderr,
            _("wijkcontract: %s has errors; nothing written (fix them, or use --draft to build a draft)\n"),
            input);
    model_free(c);
    *status = 1;
    return NULL;
  }
  if (c->body_refused) {
    /* a draft without its articles would pass for the contract */
    fprintf(stderr,
            _("wijkcontract: %s:%d:%d: the text was refused (see the error above), so not even a draft can be "
              "built; nothing written\n"),
            input, c->body_refused_pos.line, c->body_refused_pos.col);
    model_free(c);
    *status = 1;
    return NULL;
  }
  return c;
}

/* What a single build leaves to the exit (build_opts.exit_after): the
 * model and the composed document are tens of thousands of small blocks,
 * and freeing them one by one cost a 200-party build 2% of its
 * instructions just before the process ended. Kept here, they stay
 * reachable: a leak checker reports them as such, not as lost (volatile:
 * the compiler would drop stores that nothing reads). */
static struct {
  doc *volatile d;
  contract *volatile c;
} left_to_exit;

static int render(const build_opts *o, contract *c, bool with_errors, out_format fmt, buf *out) {
  refdoc *ref = NULL;
  char *err = NULL;
  if (o->reference) {
    ref = refdoc_open(o->reference, &err);
    if (!ref) {
      print_error(err);
      free(err);
      return 2;
    }
  }
  /* the face of the reference's table text (the writer refuses a
   * reference of the other format, by name) */
  bool restyle = ref && ref->is_docx == (fmt == FMT_DOCX);
  doc_face face = doc_face_house();
  if (restyle && (fmt == FMT_DOCX ? docx_table_face(ref, &face, &err) : odt_table_face(ref, &face, &err)) != 0) {
    print_error(err);
    free(err);
    refdoc_free(ref);
    return 2;
  }
  /* the Markdown is not needed again */
  doc *d = o->public_version ? compose_contract_public(c, o->draft, true) : compose_contract_releasing(c, o->draft);
  if (with_errors) compose_mark_errors(d);
  if (restyle) doc_layout(d, face); /* laid out for the house style: again for theirs */
  int rc = fmt == FMT_DOCX ? docx_write(d, ref, out, &err) : odt_write(d, ref, out, &err);
  if (o->exit_after) left_to_exit.d = d;
  else doc_free(d);
  refdoc_free(ref);
  if (rc != 0) {
    print_error(err ? err : _("cannot generate the document"));
    free(err);
    return 2;
  }
  if (fmt == FMT_PDF) {
    /* the PDF is LibreOffice's rendering of our ODT */
    buf pdf;
    buf_init(&pdf);
    if (pdf_from_odt(out->data, out->len, &pdf, &err) != 0) {
      print_error(err);
      free(err);
      buf_free(&pdf);
      return 2;
    }
    buf_free(out);
    *out = pdf;
  }
  return 0;
}

/* The line naming the file written, by format (with -d the batch's
 * closing count says it instead). */
static const char *const WROTE[] = {"", N_("Wrote %s (ODT)\n"), N_("Wrote %s (DOCX)\n"), N_("Wrote %s (PDF)\n")};
static const char *const WROTE_DRAFT[] = {"", N_("Wrote %s (ODT, a draft with errors)\n"),
                                          N_("Wrote %s (DOCX, a draft with errors)\n"),
                                          N_("Wrote %s (PDF, a draft with errors)\n")};

int build_one(const build_opts *o, const char *input, const char *out, out_format fmt, bool staged) {
  const char *inputs[] = {input, o->reference, NULL};
  contract *c = NULL;
  buf data;
  buf_init(&data);
  int status;
  if ((status = guard_signed(out, o->force)) != 0) goto done;
  bool with_errors = false;
  if (!(c = load_checked(o, input, &status, &with_errors))) goto done;
  if (o->public_version && !compose_public_possible(c)) {
    fprintf(stderr,
            _("wijkcontract: %s: its profile has no rules for a public version (the section 'public' of the "
              "profile), so --public cannot tell which data is personal; nothing written\n"),
            input);
    status = 1;
    goto done;
  }
  if ((status = render(o, c, with_errors, fmt, &data)) != 0) goto done;
  char *err = NULL;
  int rc = staged ? output_stage(out, (long)getpid(), data.data, data.len, inputs, &err)
                  : output_write(out, data.data, data.len, inputs, &err);
  if (rc != 0) {
    print_error(err);
    free(err);
    status = rc > 0 ? 1 : 2;
  } else if (!o->quiet) {
    char *shown = str_escaped(out);
    printf(with_errors ? _(WROTE_DRAFT[fmt]) : _(WROTE[fmt]), shown);
    free(shown);
  }
done:
  buf_free(&data);
  if (o->exit_after) left_to_exit.c = c;
  else model_free(c);
  return status;
}

out_format build_format(const build_opts *o) {
  out_format f = format_of_name(o->to);
  return f != FMT_NONE ? f : FMT_ODT;
}

int cmd_build(int argc, char **argv) {
  build_opts o;
  int status = parse_args(argc, argv, &o);
  if (status == 0 && o.dir) status = build_batch(&o);
  else if (status == 0) {
    char *out = NULL;
    out_format fmt;
    o.exit_after = true;
    if ((status = choose_output(&o, &out, &fmt)) == 0) status = build_one(&o, o.input, out, fmt, false);
    free(out);
  }
  free(o.inputs);
  return status;
}
