/* fuzz_refdoc.c - libFuzzer target: the input is a reference document
 * (--reference-doc), as the raw bytes of a zip (fuzzes the container
 * vetting) or in the WKPARTS form (wkparts.h: fuzzes the XML handling,
 * which raw mutations rarely reach because they break the CRC). The
 * document is opened, every XML part parsed, and a fixed contract is
 * rendered with it; the result must satisfy oracle.c, and the parts the
 * reference document shapes must be valid against the shared schemas when
 * they are there (../shared/schemas, or WK_SCHEMAS). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "doc.h"
#include "model.h"
#include "oracle.h"
#include "refdoc.h"
#include "util.h"
#include "wkparts.h"
#include "writers.h"
#include "zipio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static const char contract_text[] =
    "---\n"
    "title: Fuzz {{ area }}\n"
    "area: Wijk\n"
    "version: \"0.1\"\n"
    "period: {start: 2026-01-01, end: 2027-12-31}\n"
    "evaluations: [2026-06-01]\n"
    "parties:\n"
    "  - id: gemeente\n"
    "    name: Gemeente Voorbeeld\n"
    "    short: de Gemeente\n"
    "    type: overheid\n"
    "    signatory: {name: A. Jansen, function: wethouder}\n"
    "  - id: buren\n"
    "    name: Burenclub\n"
    "    type: initiatief\n"
    "    mission: Samen de straat groen maken\n"
    "    signatory: {name: B. de Vries, function: voorzitter}\n"
    "challenges:\n"
    "  - id: groen\n"
    "    title: Groene straat\n"
    "    roles: {kadersteller: gemeente, facilitator: gemeente, initiatiefnemer: buren, uitvoerder: buren}\n"
    "commitments:\n"
    "  - id: plantsoen\n"
    "    party: buren\n"
    "    challenge: groen\n"
    "    text: Onderhoud van het plantsoen\n"
    "    impact: Bewoners voelen zich thuis in de straat\n"
    "    recurrence: wekelijks\n"
    "  - id: budget\n"
    "    party: gemeente\n"
    "    challenge: groen\n"
    "    text: Budget voor planten\n"
    "    impact: De straat blijft groen\n"
    "    due: 2026-04-01\n"
    "schuurpapier:\n"
    "  legitimiteit: Voor iedereen.\n"
    "  representativiteit: Het bestuur overlegt.\n"
    "  verantwoording: Een verslag per jaar.\n"
    "---\n"
    "# Doel\n\nTekst met *nadruk*, **vet**, `code` en een voetnoot.[^1]\n\n"
    "| kolom | andere |\n|---|:-:|\n| 1 | 2 |\n\n"
    "- een\n  1. genest\n  2. nog een\n- twee\n\n> citaat\n\n"
    "[^1]: De voetnoot.\n\n"
    "## Sub\n\nZie <https://example.org>.\n\n***\n\n"
    "# Evaluatie\n\nJaarlijks.\n\n# Geschillen\n\nPraten.\n\n# Beëindiging\n\nOpzeggen.\n";

static contract *g_contract;
static doc *g_doc;
static char g_path[2][64]; /* [0] .odt, [1] .docx */

/* libFuzzer calls this before the first input; the plain runner
 * (regress.c) does not, so the first input does it then. */
static bool inited;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  inited = true;
  oracle_init();
  /* the shared schemas, read in place (WK_SCHEMAS overrides the folder) */
  const char *schemas = getenv("WK_SCHEMAS");
  if (!oracle_schemas_init(schemas ? schemas : "../shared/schemas"))
    fprintf(stderr, "fuzz_refdoc: no schemas in %s: output not validated\n", schemas ? schemas : "../shared/schemas");
  diag_list dl;
  diag_list_init(&dl, "refdoc-fuzz.md");
  g_contract = model_load_buffer("refdoc-fuzz.md", contract_text, sizeof contract_text - 1, &dl);
  if (!g_contract) abort();
  check_contract(g_contract, &dl);
  diag_list_free(&dl);
  g_doc = compose_contract(g_contract, true);
  const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  snprintf(g_path[0], sizeof g_path[0], "%s/wkfuzz-%ld.odt", dir, (long)getpid());
  snprintf(g_path[1], sizeof g_path[1], "%s/wkfuzz-%ld.docx", dir, (long)getpid());
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!inited) LLVMFuzzerInitialize(NULL, NULL);
  buf zipped;
  buf_init(&zipped);
  const char *path = wkparts_write(data, size, g_path, &zipped);
  buf_free(&zipped);

  char *err = NULL;
  refdoc *r = refdoc_open(path, &err);
  if (r) {
    for (size_t i = 0; i < zip_in_count(r->zip); i++) {
      const char *nm = zip_in_name(r->zip, i);
      if (!has_suffix(nm, ".xml")) continue;
      xmlDocPtr x = NULL;
      char *perr = NULL;
      if (refdoc_part(r, nm, &x, &perr) == 0) xmlFreeDoc(x);
      free(perr);
    }
    /* the face of the table text is read from the same styles: it
     * refuses only what the writer refuses */
    doc_face face;
    char *ferr = NULL;
    int frc = r->is_docx ? docx_table_face(r, &face, &ferr) : odt_table_face(r, &face, &ferr);
    buf out;
    buf_init(&out);
    char *werr = NULL;
    int rc = r->is_docx ? docx_write(g_doc, r, &out, &werr) : odt_write(g_doc, r, &out, &werr);
    if (frc != 0 && rc == 0) {
      fprintf(stderr, "oracle: the table face refused a reference document the writer took: %s\n", ferr);
      abort();
    }
    free(ferr);
    if (rc == 0) {
      const char *what = r->is_docx ? "with-ref.docx" : "with-ref.odt";
      oracle_check_package(what, out.data, out.len, r->is_docx, false);
      oracle_check_schemas(what, out.data, out.len, r->is_docx);
    }
    buf_free(&out);
    free(werr);
  }
  free(err);
  refdoc_free(r);
  unlink(path);
  return 0;
}
