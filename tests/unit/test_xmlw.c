/* test_xmlw.c - the XML writer escapes, drops what XML 1.0 forbids and
 * always balances its tags. */
#include <stdbool.h>
#include <stdio.h>
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
  /* long runs of plain text (passed over eight bytes at a time) with
   * what else is allowed or not at places within and between them */
  w = xmlw_new();
  xmlw_start(w, "t");
  xmlw_texts(w, "0123456789\x7F" "ABCDEFGHIJ\x01KLMNOPQRS\tTUVWXYZ0123\x1F" "abcdefgh\r\nijklmnopq\x0B");
  xmlw_end(w);
  s = body_of(w);
  CHECK_STR(s, "<t>0123456789\x7F" "ABCDEFGHIJKLMNOPQRS\tTUVWXYZ0123abcdefgh&#13;\nijklmnopq</t>");
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

/* Collects what a sink is handed. */
static void collect(void *ctx, const char *data, size_t len) { buf_add(ctx, data, len); }

/* Writes the same content with and without a sink: the sink gets exactly
 * the bytes xmlw_finish would have appended, in pieces. */
static void write_sample(xmlw *w) {
  xmlw_start(w, "root");
  xmlw_attr(w, "a", "1");
  for (int i = 0; i < 5000; i++) {
    xmlw_start(w, "row");
    xmlw_attr_long(w, "n", i - 2500);
    xmlw_texts(w, i % 7 ? "text & more" : "");
    xmlw_end(w);
  }
  xmlw_start(w, "open"); /* still empty when flushed: closed as content */
  xmlw_flush(w);
  xmlw_raw(w, "<r/>", 4);
  xmlw_end(w);
}

static void test_sink(void) {
  xmlw *w = xmlw_new();
  write_sample(w);
  buf plain;
  buf_init(&plain);
  xmlw_finish(w, &plain);

  buf sunk;
  buf_init(&sunk);
  w = xmlw_new();
  xmlw_set_sink(w, collect, &sunk);
  write_sample(w);
  xmlw_finish(w, NULL);
  CHECK(plain.len > 64 * 1024); /* large enough to go out in pieces */
  CHECK(sunk.len == plain.len && memcmp(sunk.data, plain.data, plain.len) == 0);
  CHECK(strstr(plain.data, "<row n=\"-2499\">text &amp; more</row>") != NULL);
  CHECK(strstr(plain.data, "<row n=\"-2493\"/>") != NULL); /* empty text: empty element */
  CHECK(strstr(plain.data, "<open><r/></open>") != NULL);
  buf_free(&plain);
  buf_free(&sunk);
}

/* Text is escaped also where every element around it is bare (written
 * as copied tags), in each kind of writer: there libxml2's writer knows
 * of no element, and its WriteString would put the text out as it is. */
static void test_escaping_bare(void) {
  for (int kind = 0; kind < 3; kind++) {
    xmlw *w = kind == 0 ? xmlw_new() : kind == 1 ? xmlw_new_fragment() : xmlw_new_utf8_fragment();
    xmlw_start(w, "x");
    xmlw_start(w, "y");
    xmlw_texts(w, "a & b < c > d \"e\" f\r\xC3\xA9");
    xmlw_end(w);
    xmlw_texts(w, "plain \xC3\xA9");
    xmlw_end(w);
    buf b;
    buf_init(&b);
    xmlw_finish(w, &b);
    CHECK(strstr(b.data, "<x><y>a &amp; b &lt; c &gt; d &quot;e&quot; f&#13;\xC3\xA9</y>plain \xC3\xA9</x>") != NULL);
    buf_free(&b);
  }
}

/* Copied bytes (bare tags, plain text) wait for the writer and go to it
 * in pieces: written among elements the writer itself starts, ends and
 * gives attributes, over many pieces, with and without a sink, the part
 * holds everything in its order. */
static void write_mixed(xmlw *w) {
  xmlw_start(w, "doc");
  xmlw_attr(w, "xmlns:w", "urn:w");
  for (int i = 0; i < 3000; i++) {
    xmlw_start(w, "w:r");
    if (i % 7 == 0) xmlw_attr_long(w, "w:n", i);
    xmlw_start(w, "w:t");
    char t[32];
    snprintf(t, sizeof t, i % 5 ? "%d;" : "%d&;", i);
    xmlw_texts(w, t);
    xmlw_end(w);
    if (i % 11 == 0) xmlw_raw(w, "<w:br/>", 7);
    if (i % 13 == 0) xmlw_element(w, "w:tab", NULL, NULL);
    xmlw_end(w);
  }
  xmlw_end(w);
}

static void test_copies_in_order(void) {
  buf plain, sunk;
  buf_init(&plain);
  buf_init(&sunk);
  xmlw *w = xmlw_new();
  write_mixed(w);
  xmlw_finish(w, &plain);
  w = xmlw_new();
  xmlw_set_sink(w, collect, &sunk);
  write_mixed(w);
  xmlw_finish(w, NULL);
  CHECK(sunk.len == plain.len && memcmp(sunk.data, plain.data, plain.len) == 0);
  xmlDocPtr doc = xmlReadMemory(plain.data, (int)plain.len, NULL, NULL, XML_PARSE_NONET);
  CHECK(doc != NULL);
  if (doc) {
    /* the text, the attributes and the empty elements, in order */
    buf want, got;
    buf_init(&want);
    buf_init(&got);
    for (int i = 0; i < 3000; i++) {
      char t[64];
      snprintf(t, sizeof t, "%s%d%s;%s%s|", i % 7 ? "" : "n", i, i % 5 ? "" : "&",
               i % 11 ? "" : "br", i % 13 ? "" : "tab");
      buf_adds(&want, t);
    }
    for (xmlNodePtr r = xmlDocGetRootElement(doc)->children; r; r = r->next) {
      xmlChar *n = xmlGetProp(r, BAD_CAST "n");
      if (n) buf_adds(&got, "n");
      xmlFree(n);
      for (xmlNodePtr c = r->children; c; c = c->next) {
        if (strcmp((const char *)c->name, "t") == 0) {
          xmlChar *t = xmlNodeGetContent(c);
          buf_adds(&got, (const char *)t);
          xmlFree(t);
        } else {
          buf_adds(&got, (const char *)c->name);
        }
      }
      buf_adds(&got, "|");
    }
    buf_addc(&want, '\0');
    buf_addc(&got, '\0');
    CHECK_STR(got.data, want.data);
    buf_free(&want);
    buf_free(&got);
    xmlFreeDoc(doc);
  }
  buf_free(&plain);
  buf_free(&sunk);
}

/* Start tags with attributes met before are copied: the first time
 * through the writer, the second recorded, later copied; whatever the
 * way, the bytes are the writer's, also in the empty form, for each kind
 * of writer (an attribute value not ASCII differs between them), with
 * more attributes than are kept, and with an attribute after content
 * (refused, as the writer refuses it). */
static void write_tagged(xmlw *w) {
  for (int i = 0; i < 4; i++) {
    xmlw_start(w, "w:tc");
    xmlw_attr(w, "w:a", "1");
    xmlw_attr(w, "xml:space", "preserve");
    xmlw_texts(w, "x");
    xmlw_attr(w, "w:late", "no");
    xmlw_end(w);
    xmlw_start(w, "w:e");
    xmlw_attr(w, "w:v", "\xC3\xA9 & <");
    xmlw_attr_long(w, "w:n", -7);
    xmlw_end(w);
    xmlw_start(w, "w:many");
    for (int k = 0; k < 10; k++) xmlw_attr_long(w, k % 2 ? "w:odd" : "w:even", k);
    xmlw_element(w, "w:in", NULL, NULL);
    xmlw_end(w);
  }
}

static void test_attr_tags(void) {
  static const char many[] = "<w:many w:even=\"0\" w:odd=\"1\" w:even=\"2\" w:odd=\"3\" w:even=\"4\" w:odd=\"5\" "
                             "w:even=\"6\" w:odd=\"7\" w:even=\"8\" w:odd=\"9\"><w:in/></w:many>";
  for (int round = 0; round < 2; round++) {
    for (int kind = 0; kind < 2; kind++) {
      xmlw *w = kind ? xmlw_new_utf8_fragment() : xmlw_new_fragment();
      write_tagged(w);
      buf b;
      buf_init(&b);
      xmlw_finish(w, &b);
      buf want;
      buf_init(&want);
      for (int i = 0; i < 4; i++) {
        buf_adds(&want, "<w:tc w:a=\"1\" xml:space=\"preserve\">x</w:tc>");
        buf_adds(&want, kind ? "<w:e w:v=\"\xC3\xA9 &amp; &lt;\" w:n=\"-7\"/>" : "<w:e w:v=\"&#xE9; &amp; &lt;\" w:n=\"-7\"/>");
        buf_adds(&want, many);
      }
      buf_addc(&want, '\0');
      while (b.len > 0 && b.data[b.len - 1] == '\n') b.len--; /* a plain fragment's last line */
      buf_addc(&b, '\0');
      CHECK_STR(b.data, want.data);
      buf_free(&b);
      buf_free(&want);
    }
  }
}

static void test_attr_long(void) {
  xmlw *w = xmlw_new();
  xmlw_start(w, "a");
  xmlw_attr_long(w, "z", 0);
  xmlw_attr_long(w, "p", 1440);
  xmlw_attr_long(w, "n", -7);
  xmlw_attr_long(w, "min", -2147483647L - 1);
  xmlw_end(w);
  char *s = body_of(w);
  CHECK_STR(s, "<a z=\"0\" p=\"1440\" n=\"-7\" min=\"-2147483648\"/>");
  free(s);
}

/* Non-ASCII in attribute values: UTF-8 in a document, character
 * references in a fragment (the bytes libxml2's writer produced). */
static void test_attr_non_ascii(void) {
  xmlw *w = xmlw_new();
  xmlw_element(w, "a", (const char *[]){"v", "caf\xC3\xA9 \xE2\x80\xA6", NULL}, "\xC3\xA9");
  char *s = body_of(w);
  CHECK_STR(s, "<a v=\"caf\xC3\xA9 \xE2\x80\xA6\">\xC3\xA9</a>");
  free(s);
  w = xmlw_new_fragment();
  xmlw_element(w, "a", (const char *[]){"v", "caf\xC3\xA9 \xE2\x80\xA6", NULL}, "\xC3\xA9");
  buf b;
  buf_init(&b);
  xmlw_finish(w, &b);
  CHECK_STR(b.data, "<a v=\"caf&#xE9; &#x2026;\">\xC3\xA9</a>\n");
  buf_free(&b);
}

/* xmlw_flush hands everything written so far to the sink, the open
 * start tag ended, so bytes from elsewhere can follow (as
 * zip_out_splice adds them) and the part stays well-formed. */
static void test_flush(void) {
  buf out;
  buf_init(&out);
  xmlw *w = xmlw_new();
  xmlw_set_sink(w, collect, &out);
  xmlw_start(w, "root");
  xmlw_attr(w, "a", "1");
  xmlw_flush(w);
  CHECK(out.len > 0 && out.data[out.len - 1] == '>');
  CHECK(strstr(out.data, "<root a=\"1\">") != NULL);
  buf_add(&out, "<spliced/>", 10);
  xmlw_element(w, "after", NULL, "x");
  xmlw_finish(w, NULL);
  CHECK(strstr(out.data, "<root a=\"1\"><spliced/><after>x</after></root>") != NULL);
  buf_free(&out);
}

/* ---- xmlw_observe ---- */

/* Each SAX event as a line: what the parser reports reading a part, and
 * what the writer reports writing it, compared as text (runs of text
 * joined: the parser may hand them over in pieces). */
static void log_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int n_ns,
                      const xmlChar **nss, int n_attr, int n_defaulted, const xmlChar **attrs) {
  buf *b = ctx;
  buf_printf(b, "\n<%s %s {%s}", local, prefix ? (const char *)prefix : "-", uri ? (const char *)uri : "-");
  for (int i = 0; i < n_ns; i++)
    buf_printf(b, " ns %s=%s", nss[2 * i] ? (const char *)nss[2 * i] : "-", nss[2 * i + 1]);
  for (int i = 0; i < n_attr; i++) {
    const xmlChar **a = attrs + 5 * i;
    buf_printf(b, " @%s %s {%s}=[%.*s]", a[0], a[1] ? (const char *)a[1] : "-", a[2] ? (const char *)a[2] : "-",
               (int)(a[4] - a[3]), a[3]);
  }
  CHECK_INT(n_defaulted, 0);
  buf_adds(b, "\n");
}

static void log_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) {
  buf_printf(ctx, "\n>%s %s {%s}\n", local, prefix ? (const char *)prefix : "-", uri ? (const char *)uri : "-");
}

static void log_chars(void *ctx, const xmlChar *s, int len) { buf_add(ctx, s, (size_t)len); }

/* A handler that logs the three events. */
static void log_sax(xmlSAXHandler *sax) {
  memset(sax, 0, sizeof *sax);
  sax->initialized = XML_SAX2_MAGIC;
  sax->startElementNs = log_start;
  sax->endElementNs = log_end;
  sax->characters = log_chars;
}

static void test_observe(void) {
  xmlSAXHandler sax;
  log_sax(&sax);
  buf seen, parsed, bytes;
  buf_init(&seen);
  buf_init(&parsed);
  buf_init(&bytes);
  xmlw *w = xmlw_new();
  xmlw_observe(w, &sax, &seen);
  xmlw_start(w, "w:document");
  xmlw_attr(w, "xmlns:w", "urn:w");
  xmlw_attr(w, "xmlns", "urn:default");
  xmlw_attr(w, "id", "1");
  xmlw_start(w, "body");
  xmlw_start(w, "w:t");
  xmlw_attr(w, "xml:space", "preserve");
  xmlw_attr(w, "w:val", "a<b & \"c\"\td\ne");
  xmlw_attr_long(w, "w:n", -42);
  xmlw_texts(w, " 1 < 2 & \xE2\x80\x93 \x01");
  xmlw_end(w);
  xmlw_element(w, "w:empty", NULL, NULL);
  xmlw_start(w, "x:inner");
  xmlw_attr(w, "xmlns:x", "urn:x");
  xmlw_attr(w, "xmlns:w", "urn:w2"); /* a prefix declared again, inside */
  xmlw_attr(w, "w:a", "v");
  xmlw_start(w, "w:deep");
  xmlw_attr(w, "xmlns", ""); /* no default namespace in here */
  xmlw_element(w, "plain", NULL, "text\r\nmore");
  xmlw_end(w);
  xmlw_end(w);
  xmlw_element(w, "w:after", NULL, "tail");
  CHECK(xmlw_observed_all(w));
  xmlw_finish(w, &bytes);
  xmlParserCtxtPtr ctx = xmlCreatePushParserCtxt(&sax, &parsed, NULL, 0, "t.xml");
  xmlCtxtUseOptions(ctx, XML_PARSE_NONET);
  xmlParseChunk(ctx, bytes.data, (int)bytes.len, 1);
  CHECK(ctx->wellFormed && ctx->nsWellFormed);
  xmlFreeParserCtxt(ctx);
  CHECK_STR(seen.data, parsed.data);
  CHECK(strstr(seen.data, "<deep w {urn:w2}") != NULL);
  CHECK(strstr(seen.data, "<plain - {-}") != NULL);
  CHECK(strstr(seen.data, "<after w {urn:w}") != NULL);
  buf_free(&seen);
  buf_free(&parsed);
  buf_free(&bytes);

  /* raw XML cannot be reported: the writer says so */
  buf_init(&seen);
  w = xmlw_new();
  xmlw_observe(w, &sax, &seen);
  xmlw_start(w, "a");
  xmlw_raw(w, "<b/>", 4);
  CHECK(!xmlw_observed_all(w));
  xmlw_finish(w, &bytes);
  buf_free(&bytes);
  buf_free(&seen);
  w = xmlw_new();
  CHECK(!xmlw_observed_all(w));
  xmlw_finish(w, &bytes);
  buf_free(&bytes);
}

/* ---- xmlw_stamp ---- */

/* A subtree as the writers stamp them: attributes (one not ASCII, which
 * a plain fragment writes as a character reference), text needing
 * escapes, an empty element, nesting; arg picks the text. */
static void write_props(xmlw *w, const void *arg) {
  xmlw_start(w, "w:pPr");
  xmlw_start(w, "w:pStyle");
  xmlw_attr(w, "w:val", "Caf\xC3\xA9 & co");
  xmlw_end(w);
  xmlw_element(w, "w:keepNext", NULL, NULL);
  xmlw_start(w, "w:t");
  xmlw_attr(w, "xml:space", "preserve");
  xmlw_attr_long(w, "w:n", -3);
  xmlw_texts(w, arg);
  xmlw_end(w);
  xmlw_end(w);
  xmlw_element(w, "w:after", NULL, NULL); /* more than one element */
}

/* A part with a start tag still open (an attribute pending) when the
 * subtree comes, then more after it; stamped says how it comes. */
static void write_part(xmlw *w, bool stamped, const xmlw_key *k, const char *text) {
  xmlw_start(w, "w:document");
  xmlw_attr(w, "xmlns:w", "urn:w");
  xmlw_start(w, "w:p");
  xmlw_attr(w, "w:id", "7");
  if (stamped) xmlw_stamp(w, k, write_props, text);
  else write_props(w, text);
  xmlw_texts(w, "x");
  xmlw_end(w);
  xmlw_end(w);
}

/* A stamp holding a stamp (as an empty cell holds its paragraph's
 * properties). */
static void write_cell(xmlw *w, const void *arg) {
  xmlw_key k = {0};
  xmlw_key_str(&k, "inner");
  xmlw_start(w, "w:tc");
  xmlw_stamp(w, &k, write_props, arg);
  xmlw_end(w);
}

static void write_raw(xmlw *w, const void *arg) {
  (void)arg;
  xmlw_raw(w, "<b/>", 4);
}

static void test_stamp(void) {
  xmlSAXHandler sax;
  log_sax(&sax);
  xmlw_key k = {0};
  xmlw_key_str(&k, "props");
  xmlw_key_long(&k, 42);
  for (int kind = 0; kind < 2; kind++) {
    /* written directly, then stamped: the first time recorded, the
     * second (a different text: the key says it makes no difference,
     * so the copy shows) copied */
    buf direct, first, second, ev_direct, ev_first, ev_second;
    buf *outs[] = {&direct, &first, &second}, *evs[] = {&ev_direct, &ev_first, &ev_second};
    for (int i = 0; i < 3; i++) {
      buf_init(outs[i]);
      buf_init(evs[i]);
      xmlw *w = kind ? xmlw_new_fragment() : xmlw_new();
      xmlw_observe(w, &sax, evs[i]);
      write_part(w, i > 0, &k, i < 2 ? "a < b \xE2\x80\x93 c" : "other");
      CHECK(xmlw_observed_all(w));
      xmlw_finish(w, outs[i]);
    }
    CHECK_STR(first.data, direct.data);
    CHECK_STR(second.data, direct.data);
    CHECK_STR(ev_first.data, ev_direct.data);
    CHECK_STR(ev_second.data, ev_direct.data);
    CHECK(strstr(direct.data, "<w:p w:id=\"7\"><w:pPr><w:pStyle w:val=") != NULL);
    CHECK(strstr(direct.data, kind ? "Caf&#xE9; &amp; co" : "Caf\xC3\xA9 &amp; co") != NULL);
    CHECK(strstr(direct.data, "<w:keepNext/>") != NULL);
    CHECK(strstr(direct.data, "</w:pPr><w:after/>x</w:p>") != NULL);
    CHECK(strstr(ev_direct.data, "<keepNext w {urn:w}") != NULL);
    for (int i = 0; i < 3; i++) {
      buf_free(outs[i]);
      buf_free(evs[i]);
    }
  }
  /* a stamp within a stamp, the same whether the outer one is written,
   * recorded or copied, and a part that copies both many times */
  xmlw_key outer = {0};
  xmlw_key_str(&outer, "outer");
  buf parts[3], evs[3];
  for (int i = 0; i < 3; i++) {
    buf_init(&parts[i]);
    buf_init(&evs[i]);
    xmlw *w = xmlw_new();
    xmlw_observe(w, &sax, &evs[i]);
    xmlw_start(w, "w:document");
    xmlw_attr(w, "xmlns:w", "urn:w");
    for (int n = 0; n < 3; n++) {
      if (i == 0) write_cell(w, "t");
      else xmlw_stamp(w, &outer, write_cell, "t");
    }
    CHECK(xmlw_observed_all(w));
    xmlw_finish(w, &parts[i]);
  }
  for (int i = 1; i < 3; i++) {
    CHECK_STR(parts[i].data, parts[0].data);
    CHECK_STR(evs[i].data, evs[0].data);
  }
  CHECK(strstr(parts[0].data, "<w:tc><w:pPr>") != NULL);
  for (int i = 0; i < 3; i++) {
    buf_free(&parts[i]);
    buf_free(&evs[i]);
  }
  /* raw XML in a stamp is as unseen copied as written */
  xmlw_key r = {0};
  xmlw_key_str(&r, "raw");
  for (int i = 0; i < 2; i++) {
    buf out, ev;
    buf_init(&out);
    buf_init(&ev);
    xmlw *w = xmlw_new();
    xmlw_observe(w, &sax, &ev);
    xmlw_start(w, "a");
    xmlw_stamp(w, &r, write_raw, NULL);
    CHECK(!xmlw_observed_all(w));
    xmlw_finish(w, &out);
    CHECK(strstr(out.data, "<a><b/></a>") != NULL);
    buf_free(&out);
    buf_free(&ev);
  }
}

/* ---- xmlw_observe_ignores ---- */

/* A listener that logs as log_sax does but ignores what is inside
 * w:rPr, counting depth there as doctext does; calls counts its events. */
typedef struct {
  buf log;
  int skip, calls;
} ignoring;

static void ig_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int n_ns,
                     const xmlChar **nss, int n_attr, int n_defaulted, const xmlChar **attrs) {
  ignoring *g = ctx;
  g->calls++;
  if (g->skip) {
    g->skip++;
    return;
  }
  log_start(&g->log, local, prefix, uri, n_ns, nss, n_attr, n_defaulted, attrs);
  if (strcmp((const char *)local, "rPr") == 0) g->skip = 1;
}

static void ig_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) {
  ignoring *g = ctx;
  g->calls++;
  if (g->skip > 1) {
    g->skip--;
    return;
  }
  g->skip = 0;
  log_end(&g->log, local, prefix, uri);
}

static void ig_chars(void *ctx, const xmlChar *s, int len) {
  ignoring *g = ctx;
  g->calls++;
  if (!g->skip) log_chars(&g->log, s, len);
}

static bool ig_ignores(void *ctx) { return ((ignoring *)ctx)->skip > 0; }

/* Run properties with content to ignore: nesting, a declaration, text,
 * raw XML (which an ignored element may hold unseen). */
static void write_rpr(xmlw *w, const void *arg) {
  (void)arg;
  xmlw_start(w, "w:rPr");
  xmlw_attr(w, "w:x", "1");
  xmlw_start(w, "w:b");
  xmlw_start(w, "q:deep");
  xmlw_attr(w, "xmlns:q", "urn:q");
  xmlw_texts(w, "hidden");
  xmlw_end(w);
  xmlw_end(w);
  xmlw_raw(w, "<w:i/>", 6);
  xmlw_element(w, "w:sz", NULL, NULL);
  xmlw_end(w);
}

/* A paragraph's properties holding run properties: the ignored element
 * inside a stamp, not at its top. */
static void write_ppr(xmlw *w, const void *arg) {
  xmlw_start(w, "w:pPr");
  xmlw_start(w, "w:pStyle");
  xmlw_attr(w, "w:val", "Kop");
  xmlw_end(w);
  write_rpr(w, arg);
  xmlw_end(w);
}

static void write_ignoring_part(xmlw *w, int how) {
  xmlw_key kp = {0}, kr = {0};
  xmlw_key_str(&kp, "ignored-ppr");
  xmlw_key_str(&kr, "ignored-rpr");
  xmlw_start(w, "w:document");
  xmlw_attr(w, "xmlns:w", "urn:w");
  for (int n = 0; n < 2; n++) {
    xmlw_start(w, "w:p");
    if (how) xmlw_stamp(w, &kp, write_ppr, NULL);
    else write_ppr(w, NULL);
    xmlw_start(w, "w:r");
    if (how) xmlw_stamp(w, &kr, write_rpr, NULL);
    else write_rpr(w, NULL);
    xmlw_start(w, "w:t");
    xmlw_texts(w, "seen");
    xmlw_end(w);
    xmlw_end(w);
    xmlw_end(w);
  }
  xmlw_end(w);
}

/* What a listener ignores is not reported to it, whether written, stamped
 * for the first time or copied; what it does not ignore is reported as
 * the parser reports it, and raw XML in an ignored element leaves the
 * part fully observed. */
static void test_ignores(void) {
  xmlSAXHandler sax;
  memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = ig_start;
  sax.endElementNs = ig_end;
  sax.characters = ig_chars;
  ignoring parsed, seen[3];
  memset(&parsed, 0, sizeof parsed);
  memset(seen, 0, sizeof seen);
  buf bytes[3];
  for (int how = 0; how < 3; how++) { /* written, recorded, copied */
    buf_init(&bytes[how]);
    xmlw *w = xmlw_new();
    xmlw_observe(w, &sax, &seen[how]);
    xmlw_observe_ignores(w, ig_ignores);
    write_ignoring_part(w, how);
    CHECK(xmlw_observed_all(w));
    xmlw_finish(w, &bytes[how]);
  }
  xmlParserCtxtPtr ctx = xmlCreatePushParserCtxt(&sax, &parsed, NULL, 0, "t.xml");
  xmlCtxtUseOptions(ctx, XML_PARSE_NONET);
  xmlParseChunk(ctx, bytes[0].data, (int)bytes[0].len, 1);
  CHECK(ctx->wellFormed && ctx->nsWellFormed);
  xmlFreeParserCtxt(ctx);
  CHECK(strstr(parsed.log.data, "<rPr w {urn:w} @x w {urn:w}=[1]") != NULL);
  CHECK(strstr(parsed.log.data, "hidden") == NULL);
  CHECK(strstr(parsed.log.data, "<pStyle w {urn:w}") != NULL);
  for (int how = 0; how < 3; how++) {
    CHECK_STR(bytes[how].data, bytes[0].data);
    CHECK_STR(seen[how].log.data, parsed.log.data);
    /* the parser reports the ignored content, the writer does not: in
     * each of the four w:rPr, w:b, q:deep, w:i and w:sz start and end,
     * and the text */
    CHECK_INT(seen[how].calls, parsed.calls - 4 * 9);
  }
  for (int how = 0; how < 3; how++) {
    buf_free(&seen[how].log);
    buf_free(&bytes[how]);
  }
  buf_free(&parsed.log);

  /* an element copied whole: enough that the listener ignores it */
  for (int ignore = 0; ignore < 2; ignore++) {
    ignoring g;
    memset(&g, 0, sizeof g);
    buf out;
    buf_init(&out);
    xmlw *w = xmlw_new();
    xmlw_observe(w, &sax, &g);
    xmlw_observe_ignores(w, ig_ignores);
    xmlw_start(w, "w:document");
    xmlw_attr(w, "xmlns:w", "urn:w");
    static const char rpr[] = "<w:rPr w:x=\"1\"><w:b/></w:rPr>", other[] = "<w:pPr><w:b/></w:pPr>";
    if (ignore) xmlw_raw_element(w, "w:rPr", rpr, sizeof rpr - 1);
    else xmlw_raw_element(w, "w:pPr", other, sizeof other - 1);
    xmlw_texts(w, "na");
    CHECK(xmlw_observed_all(w) == (ignore == 1));
    xmlw_finish(w, &out);
    CHECK(strstr(out.data, ignore ? "<w:document xmlns:w=\"urn:w\"><w:rPr w:x=\"1\"><w:b/></w:rPr>na</w:document>"
                                  : "<w:document xmlns:w=\"urn:w\"><w:pPr><w:b/></w:pPr>na</w:document>") != NULL);
    if (ignore) CHECK(strstr(g.log.data, "<rPr w {urn:w}\n\n>rPr w {urn:w}\nna") != NULL);
    buf_free(&out);
    buf_free(&g.log);
  }
}

/* A stamp's events are worked out once for the declarations in force and
 * handed over as they are while those hold: copied again where a prefix
 * means another namespace, and after that element ends, the listener
 * hears what writing would tell it. */
/* Properties without an ampersand in a value (which keeps a stamp's
 * events from being worked out once), with an element in the default
 * namespace and an attribute in xml's. */
static void write_ns_props(xmlw *w, const void *arg) {
  xmlw_start(w, "w:pPr");
  xmlw_start(w, "w:pStyle");
  xmlw_attr(w, "w:val", "Caf\xC3\xA9");
  xmlw_end(w);
  xmlw_start(w, "w:t");
  xmlw_attr(w, "xml:space", "preserve");
  xmlw_texts(w, arg);
  xmlw_end(w);
  xmlw_element(w, "plain", NULL, NULL);
  xmlw_end(w);
}

static void write_redeclared(xmlw *w, bool stamped) {
  xmlw_key k = {0};
  xmlw_key_str(&k, "redeclared");
  xmlw_start(w, "w:document");
  xmlw_attr(w, "xmlns:w", "urn:w");
  xmlw_attr(w, "xmlns", "urn:default");
  for (int round = 0; round < 3; round++) {
    if (round == 1) {
      xmlw_start(w, "w:inner");
      xmlw_attr(w, "xmlns:w", "urn:w2");
    }
    if (stamped) xmlw_stamp(w, &k, write_ns_props, "t & u");
    else write_ns_props(w, "t & u");
    if (round == 1) xmlw_end(w);
  }
  xmlw_end(w);
}

static void test_stamp_redeclared(void) {
  xmlSAXHandler sax;
  log_sax(&sax);
  buf ev[2], out[2];
  for (int stamped = 0; stamped < 2; stamped++) {
    buf_init(&ev[stamped]);
    buf_init(&out[stamped]);
    xmlw *w = xmlw_new();
    xmlw_observe(w, &sax, &ev[stamped]);
    write_redeclared(w, stamped);
    xmlw_finish(w, &out[stamped]);
  }
  CHECK_STR(out[1].data, out[0].data);
  CHECK_STR(ev[1].data, ev[0].data);
  CHECK(strstr(ev[0].data, "<pStyle w {urn:w2}") != NULL);
  CHECK(strstr(ev[0].data, "<plain - {urn:default}") != NULL);
  CHECK(strstr(ev[0].data, "space xml {http://www.w3.org/XML/1998/namespace}") != NULL);
  const char *first = strstr(ev[1].data, "<pStyle w {urn:w}");
  CHECK(first && strstr(first, "<pStyle w {urn:w2}") && strstr(strstr(first, "<pStyle w {urn:w2}"), "<pStyle w {urn:w}"));
  for (int i = 0; i < 2; i++) {
    buf_free(&ev[i]);
    buf_free(&out[i]);
  }
}

/* The stamps a process keeps are bounded: past XMLW_STAMPS keys, a new
 * one is written directly each time (a different text shows), while one
 * kept before is still copied; every part stays as written directly. */
static void test_stamp_bound(void) {
  char text[32];
  for (int i = 0; i < XMLW_STAMPS + 10; i++) {
    xmlw_key k = {0};
    xmlw_key_str(&k, "bound");
    xmlw_key_long(&k, i);
    snprintf(text, sizeof text, "n%d", i);
    buf direct, stamped;
    buf_init(&direct);
    buf_init(&stamped);
    xmlw *w = xmlw_new();
    write_part(w, false, &k, text);
    xmlw_finish(w, &direct);
    w = xmlw_new();
    write_part(w, true, &k, text);
    xmlw_finish(w, &stamped);
    if (strcmp(direct.data, stamped.data) != 0) CHECK_STR(stamped.data, direct.data);
    buf_free(&direct);
    buf_free(&stamped);
  }
  xmlw_key late = {0}, early = {0};
  xmlw_key_str(&late, "bound");
  xmlw_key_long(&late, XMLW_STAMPS + 5);
  xmlw_key_str(&early, "bound");
  xmlw_key_long(&early, 3);
  buf b;
  buf_init(&b);
  xmlw *w = xmlw_new();
  write_part(w, true, &late, "changed");
  write_part(w, true, &early, "changed");
  xmlw_finish(w, &b);
  CHECK(strstr(b.data, ">changed</w:t>") != NULL);
  CHECK(strstr(b.data, ">n3</w:t>") != NULL);
  buf_free(&b);
}

int main(void) {
  test_escaping();
  test_escaping_bare();
  test_copies_in_order();
  test_declaration();
  test_illegal_chars();
  test_balance();
  test_element_and_raw();
  test_newline_attr();
  test_sink();
  test_attr_long();
  test_attr_tags();
  test_attr_non_ascii();
  test_flush();
  test_observe();
  test_stamp();
  test_stamp_redeclared();
  test_ignores();
  test_stamp_bound(); /* last: it fills the process's stamps */
  return unit_finish();
}
