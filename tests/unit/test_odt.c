/* test_odt.c - the ODT writer's styles.xml: the house style taken from the
 * template's bytes is exactly what parsing the template gives, for every
 * kind of page (draft, landscape), and a well-formed part. */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "doc.h"
#include "odt_impl.h"
#include "meta_fixture.h"
#include "unit.h"

static void fill_meta(doc *d, bool draft, bool landscape) {
  fill_meta_titled(d, "Testcontract  & <co>", draft, landscape);
}

/* The template is edited by hand: this catches an edit after which the
 * copied bytes would differ from the parsed ones (the fast path must then
 * decline, or be fixed). */
static void test_house_styles_fast(void) {
  for (int v = 0; v < 4; v++) {
    doc *d = xcalloc(1, sizeof *d);
    fill_meta(d, v & 1, v & 2);
    buf fast, slow;
    buf_init(&fast);
    buf_init(&slow);
    char *err = NULL;
    CHECK_INT(odt_styles_house(d, true, &fast, &err), 1);
    CHECK_INT(odt_styles_house(d, false, &slow, &err), 0);
    CHECK(fast.len > 10000 && fast.len == slow.len && memcmp(fast.data, slow.data, fast.len) == 0);
    xmlDocPtr x = xmlReadMemory(fast.data, (int)fast.len, NULL, NULL, XML_PARSE_NONET);
    CHECK(x != NULL);
    xmlFreeDoc(x);
    CHECK(strstr(fast.data, "<style:style style:name=\"Text_20_body\"") != NULL);
    CHECK(strstr(fast.data, "<office:master-styles>") != NULL);
    CHECK((strstr(fast.data, "style:page-layout-name=\"wk_Landscape\"") != NULL) == ((v & 2) != 0));
    buf_free(&fast);
    buf_free(&slow);
    doc_free(d);
  }
}

int main(void) {
  test_house_styles_fast();
  xmlCleanupParser();
  return unit_finish();
}
