/* fuzz_contract.c - libFuzzer target: the input is a contract definition.
 * Loads, checks, composes (draft) and renders it to ODT and DOCX in memory,
 * plus (when it has no errors) the role matrix and one party's review,
 * and holds every package to the invariants of oracle.c. Build: make fuzz (tests/fuzz/README.md). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "doc.h"
#include "model.h"
#include "oracle.h"
#include "util.h"
#include "writers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* libFuzzer calls this before the first input; the plain runner
 * (regress.c) does not, so the first input does it then. */
static bool inited;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  inited = true;
  oracle_init();
  return 0;
}

/* Renders d in one format and checks the package; a writer failure without
 * a reference document is a library failure we want to hear about. */
static void render(const doc *d, bool docx, const char *what) {
  buf out;
  buf_init(&out);
  char *err = NULL;
  int rc = docx ? docx_write(d, NULL, &out, &err) : odt_write(d, NULL, &out, &err);
  if (rc != 0) {
    fprintf(stderr, "%s: %s writer failed: %s\n", what, docx ? "docx" : "odt", err ? err : "?");
    abort();
  }
  oracle_check_package(what, out.data, out.len, docx, true);
  buf_free(&out);
  free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!inited) LLVMFuzzerInitialize(NULL, NULL);
  diag_list dl;
  diag_list_init(&dl, "fuzz.md");
  contract *c = model_load_buffer("fuzz.md", (const char *)data, size, &dl);
  if (c) {
    check_contract(c, &dl);
    diag_sort(&dl);
    doc *d = compose_contract(c, true);
    render(d, false, "contract.odt");
    render(d, true, "contract.docx");
    doc_free(d);
    /* the workflows' documents, one format each, alternating by input;
     * like the commands, only for contracts without errors */
    if (diag_count(&dl, DIAG_ERROR, false) > 0) goto done;
    d = compose_matrix(c);
    render(d, size & 1, "matrix");
    doc_free(d);
    if (c->n_parties && c->parties[0].id.s) {
      d = compose_review(c, c->parties[0].id.s);
      render(d, !(size & 1), "review");
      doc_free(d);
    }
  }
done:
  model_free(c);
  diag_list_free(&dl);
  return 0;
}
