/* cmd_build.c - the `build` command: load, check, compose once, render as
 * ODT or DOCX, write atomically; refuses on errors (unless --draft, and even
 * then when the loader refused the text), never overwrites the input, never
 * replaces a signed document without --force. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* Value of an option given as "-o X", "--output X" or "--output=X". */
static int option_value(int argc, char **argv, int *i, const char *const *names, const char **value) {
  const char *a = argv[*i];
  for (size_t k = 0; names[k]; k++) {
    size_t n = strlen(names[k]);
    if (strcmp(a, names[k]) == 0) {
      if (*i + 1 >= argc) return usage_error("build", _("option '%s' needs a value"), a);
      *value = argv[++*i];
      return 0;
    }
    if (strncmp(a, names[k], n) == 0 && a[n] == '=' && names[k][1] == '-') {
      *value = a + n + 1;
      return 0;
    }
  }
  return -1; /* not this option */
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
  static const char *const out_names[] = {"-o", "--output", NULL};
  static const char *const to_names[] = {"-t", "--to", NULL};
  static const char *const ref_names[] = {"--reference-doc", NULL};
  static const char *const dir_names[] = {"-d", "--directory", NULL};
  static const char *const jobs_names[] = {"-j", "--jobs", NULL};
  memset(o, 0, sizeof *o);
  o->inputs = xcalloc((size_t)argc, sizeof *o->inputs);
  const char *jobs = NULL;
  bool options_done = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int rc;
    if (!options_done && strcmp(a, "--") == 0) {
      options_done = true;
    } else if (!options_done && a[0] == '-' && a[1] != '\0') {
      if (strcmp(a, "--draft") == 0) o->draft = true;
      else if (strcmp(a, "--force") == 0) o->force = true;
      else if (strcmp(a, "--public") == 0) o->public_version = true;
      else if ((rc = option_value(argc, argv, &i, out_names, &o->output)) >= 0 ||
               (rc = option_value(argc, argv, &i, to_names, &o->to)) >= 0 ||
               (rc = option_value(argc, argv, &i, ref_names, &o->reference)) >= 0 ||
               (rc = option_value(argc, argv, &i, dir_names, &o->dir)) >= 0 ||
               (rc = option_value(argc, argv, &i, jobs_names, &jobs)) >= 0) {
        if (rc > 0) return rc;
      } else {
        return usage_error("build", _("unknown option '%s'"), a);
      }
    } else {
      o->inputs[o->n_inputs++] = a;
    }
  }
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
static contract *load_checked(const build_opts *o, const char *input, int *status) {
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

static int render(const build_opts *o, contract *c, out_format fmt, buf *out) {
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
  if (restyle) doc_layout(d, face); /* laid out for the house style: again for theirs */
  int rc = fmt == FMT_DOCX ? docx_write(d, ref, out, &err) : odt_write(d, ref, out, &err);
  doc_free(d);
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

int build_one(const build_opts *o, const char *input, const char *out, out_format fmt, bool sync_dir) {
  const char *inputs[] = {input, o->reference, NULL};
  contract *c = NULL;
  buf data;
  buf_init(&data);
  int status;
  if ((status = guard_signed(out, o->force)) != 0) goto done;
  if (!(c = load_checked(o, input, &status))) goto done;
  if (o->public_version && !compose_public_possible(c)) {
    fprintf(stderr,
            _("wijkcontract: %s: its profile has no rules for a public version (the section 'public' of the "
              "profile), so --public cannot tell which data is personal; nothing written\n"),
            input);
    status = 1;
    goto done;
  }
  if ((status = render(o, c, fmt, &data)) != 0) goto done;
  char *err = NULL;
  int rc = sync_dir ? output_write(out, data.data, data.len, inputs, &err)
                    : output_write_unsynced_dir(out, data.data, data.len, inputs, &err);
  if (rc != 0) {
    print_error(err);
    free(err);
    status = rc > 0 ? 1 : 2;
  }
done:
  buf_free(&data);
  model_free(c);
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
    if ((status = choose_output(&o, &out, &fmt)) == 0) status = build_one(&o, o.input, out, fmt, true);
    free(out);
  }
  free(o.inputs);
  return status;
}
