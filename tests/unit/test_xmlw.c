/* test_xmlw.c - the XML writer escapes, drops what XML 1.0 forbids and
 * always balances its tags. */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "unit.h"
#include "xmlw.h"

/* The part written by w without the XML declaration line. */
static char *body_of(xmlw *w) {
  buf b;
  buf_init(&b);
  xmlw_finish(w, &b);
  char *nl = strchr(b.data, '\n');
  char *res = xstrdup(nl ? nl + 1 : b.data);
  size_t n = strlen(res);
  while (n > 0 && res[n - 1] == '\n') res[--n] = '\0';
  buf_free(&b);
  return res;
}

static void test_escaping(void) {
  xmlw *w = xmlw_new();
  xmlw_start(w, "a");
  xmlw_attr(w, "b", "x\"<&>'y");
  xmlw_texts(w, "1 < 2 & 3 > 2");
  xmlw_end(w);
  char *s = body_of(w);
  CHECK_STR(s, "<a b=\"x&quot;&lt;&amp;&gt;'y\">1 &lt; 2 &amp; 3 &gt; 2</a>");
  free(s);
}

static void test_declaration(void) {
  xmlw *w = xmlw_new();
  xmlw_element(w, "r", NULL, NULL);
  buf b;
  buf_init(&b);
  xmlw_finish(w, &b);
  CHECK(strncmp(b.data, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 38) == 0);
  buf_free(&b);
}

static void test_illegal_chars(void) {
  xmlw *w = xmlw_new();
  xmlw_start(w, "t");
  /* C0 control, stray byte, overlong '/', surrogate, U+FFFE, NUL inside:
   * all dropped; tab, é and an astral character kept. */
  static const char text[] = "a\x01" "b\xFF" "c\xC0\xAF" "d\xED\xA0\x80" "e\xEF\xBF\xBE" "f\0g\th\xC3\xA9\xF0\x9F\x98\x80";
  xmlw_attr(w, "x", "p\x02q\xFE");
  xmlw_text(w, text, sizeof text - 1);
  xmlw_end(w);
  char *s = body_of(w);
  CHECK_STR(s, "<t x=\"pq\">abcdefg\th\xC3\xA9\xF0\x9F\x98\x80</t>");
  free(s);
}

static void test_balance(void) {
  xmlw *w = xmlw_new();
  xmlw_start(w, "a");
  xmlw_start(w, "b");
  xmlw_texts(w, "x");
  /* left open: finish must close both */
  char *s = body_of(w);
  CHECK_STR(s, "<a><b>x</b></a>");
  free(s);

  w = xmlw_new();
  xmlw_start(w, "a");
  xmlw_end(w);
  xmlw_end(w); /* one too many: ignored */
  xmlw_end(w);
  s = body_of(w);
  CHECK_STR(s, "<a/>");
  free(s);
}

static void test_element_and_raw(void) {
  xmlw *w = xmlw_new();
  xmlw_start(w, "r");
  const char *attrs[] = {"k", "v&", "n", "2", NULL};
  xmlw_element(w, "e", attrs, "t<");
  xmlw_raw(w, "<raw a=\"1\"/>", 12);
  xmlw_attrf(w, "ignored-after-content", "%d", 3); /* too late: libxml2 refuses, stays well-formed */
  xmlw_end(w);
  buf b;
  buf_init(&b);
  xmlw_finish(w, &b);
  CHECK(strstr(b.data, "<e k=\"v&amp;\" n=\"2\">t&lt;</e><raw a=\"1\"/>") != NULL);
  xmlDocPtr doc = xmlReadMemory(b.data, (int)b.len, NULL, NULL, XML_PARSE_NONET);
  CHECK(doc != NULL);
  xmlFreeDoc(doc);
  buf_free(&b);
}

static void test_newline_attr(void) {
  xmlw *w = xmlw_new();
  xmlw_element(w, "a", (const char *[]){"v", "1\n2", NULL}, NULL);
  buf b;
  buf_init(&b);
  xmlw_finish(w, &b);
  /* a raw newline in an attribute would be normalised to a space on reading */
  CHECK(strstr(b.data, "v=\"1&#10;2\"") != NULL);
  buf_free(&b);
}

int main(void) {
  test_escaping();
  test_declaration();
  test_illegal_chars();
  test_balance();
  test_element_and_raw();
  test_newline_attr();
  return unit_finish();
}
