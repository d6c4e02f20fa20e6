/* meta_fixture.h - the document metadata the writer unit tests share
 * (test_docx.c, test_odt.c): every field a writer reads, with a title
 * chosen by the test (markup characters, runs of spaces). */
#ifndef WK_META_FIXTURE_H
#define WK_META_FIXTURE_H

#include <stdbool.h>
#include <string.h>

#include "doc.h"
#include "util.h"

static void fill_meta_titled(doc *d, const char *title, bool draft, bool landscape) {
  doc_meta *m = &d->meta;
  m->title = xstrdup(title);
  m->version = xstrdup("0.3");
  m->status_id = xstrdup("concept");
  m->status_label = xstrdup("Concept");
  m->kind = xstrdup("wijkcontract");
  m->kind_label = xstrdup("Wijkcontract");
  m->fingerprint = xstrdup("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  memcpy(m->short_fingerprint, "01234567", 9);
  m->generator = xstrdup("wijkcontract test");
  m->language = xstrdup("nl");
  m->draft = draft;
  m->landscape = landscape;
  m->made_as = "contract";
  m->label_page = xstrdup("Pagina");
  m->label_of = xstrdup("van");
  m->label_version = xstrdup("versie");
  m->label_draft = xstrdup("CONCEPT");
}

#endif
