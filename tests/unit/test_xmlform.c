/* test_xmlform.c - unit tests of xmlform: the prolog, and which elements
 * are already in the form libxml2 dumps them in (checked against libxml2
 * itself: parse, dump, compare). */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "unit.h"
#include "xmlform.h"

static size_t end_of(const char *s, bool ns) { return xml_dumped_element_end(s, 0, strlen(s), ns); }

/* Whether libxml2's dump of s's root gives s again. */
static bool dumps_as_itself(const char *s) {
  xmlDocPtr d = xmlReadMemory(s, (int)strlen(s), NULL, NULL, XML_PARSE_NONET);
  if (!d) return false;
  xmlBufferPtr b = xmlBufferCreate();
  xmlNodeDump(b, d, xmlDocGetRootElement(d), 0, 0);
  bool same = (size_t)xmlBufferLength(b) == strlen(s) && memcmp(xmlBufferContent(b), s, strlen(s)) == 0;
  xmlBufferFree(b);
  xmlFreeDoc(d);
  return same;
}

static void test_prolog(void) {
  const char *s = "<?xml version=\"1.0\"?>\n<!-- a -->\n  <r/>";
  CHECK_INT(xml_prolog_end(s, strlen(s)), strstr(s, "<r/>") - s);
  s = "<!DOCTYPE r><r/>";
  CHECK_INT(xml_prolog_end(s, strlen(s)), 0);
  s = "<?xml version=\"1.0\"";
  CHECK_INT(xml_prolog_end(s, strlen(s)), strlen(s)); /* unterminated */
  s = "<!-- open";
  CHECK_INT(xml_prolog_end(s, strlen(s)), strlen(s));
  CHECK_INT(xml_comment_end("<!-- c -->x", 0, 11), 10);
  CHECK_INT(xml_comment_end("<a/>", 0, 4), 0);
  CHECK_INT(xml_name_end("w:p-x_1.2 ", 0, 10), 9);
}

static void test_dumped_form(void) {
  /* accepted: and libxml2 agrees */
  static const char *const same[] = {
      "<a/>",
      "<a b=\"1\" c=\"x y\"><b/>text's<c d=\"\"/></a>",
      "<a>\n  <!-- kept -->\n  <b>t</b>\n</a>",
      "<a><b/></a>",
  };
  for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
    CHECK_INT(end_of(same[i], false), strlen(same[i]));
    CHECK(dumps_as_itself(same[i]));
  }
  /* refused, and libxml2 would indeed write each differently */
  static const char *const differ[] = {
      "<a></a>",          /* <a/> */
      "<a b='1'/>",       /* double quotes */
      "<a  b=\"1\"/>",    /* one space */
      "<a>x > y</a>",     /* &gt; */
      "<a>\r</a>",        /* a line feed */
  };
  for (size_t i = 0; i < sizeof differ / sizeof *differ; i++) {
    CHECK_INT(end_of(differ[i], false), 0);
    CHECK(!dumps_as_itself(differ[i]));
  }
  /* refused to be safe (the template does without them; how a dump writes
   * them depends on the document's encoding and options) */
  static const char *const unsure[] = {"<a>x &amp; y</a>", "<a>\xC3\xA9</a>",
                                       "<a><![CDATA[x]]></a>", "<a><?pi x?></a>"};
  for (size_t i = 0; i < sizeof unsure / sizeof *unsure; i++) CHECK_INT(end_of(unsure[i], false), 0);
  /* namespace declarations only where asked for */
  const char *ns = "<w:s xmlns:w=\"urn:x\"><w:t/></w:s>";
  CHECK_INT(end_of(ns, false), 0);
  CHECK_INT(end_of(ns, true), strlen(ns));
  CHECK(dumps_as_itself(ns));
  /* the end of the first element, not of the text */
  CHECK_INT(xml_dumped_element_end("<a/><b/>", 0, 8, false), 4);
  CHECK_INT(end_of("<a><b/>", false), 0); /* unterminated */
}

int main(void) {
  test_prolog();
  test_dumped_form();
  return unit_finish();
}
