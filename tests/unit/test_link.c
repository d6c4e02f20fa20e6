/* test_link.c - compose_link.c: link targets made valid URIs, or refused,
 * and the RFC 3986 syntax check behind it. */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "unit.h"

/* doc_link_target(url) gives want (NULL: plain text) with fate. */
static void expect(const char *url, const char *want, doc_link_fate fate) {
  doc_link_fate got = (doc_link_fate)-1;
  char *t = doc_link_target(url, &got);
  if (want) CHECK_STR(t, want);
  else if (t) {
    printf("FAIL %s: expected no link, got \"%s\"\n", url, t);
    unit_failed++;
  } else {
    unit_passed++;
  }
  if (got != fate) printf("  (fate of %s)\n", url);
  CHECK_INT(got, fate);
  if (t) CHECK(doc_uri_valid(t, strlen(t)));
  free(t);
}

static void valid(const char *s, bool want) {
  if (doc_uri_valid(s, strlen(s)) != want) printf("  (doc_uri_valid \"%s\")\n", s);
  CHECK(doc_uri_valid(s, strlen(s)) == want);
}

/* A target, what the document links to (NULL: plain text), and why. */
static const struct {
  const char *url, *want;
  doc_link_fate fate;
} cases[] = {
    /* kept as written */
    {"https://example.org/pad?a=1&b=2", "https://example.org/pad?a=1&b=2", DOC_LINK_KEPT},
    {"mailto:info@example.org", "mailto:info@example.org", DOC_LINK_KEPT},
    {"HTTPS://Example.org:8080/a%20b#top", "HTTPS://Example.org:8080/a%20b#top", DOC_LINK_KEPT},
    {"http://[::1]/", "http://[::1]/", DOC_LINK_KEPT},
    {"http://[2001:db8::7]:80/x", "http://[2001:db8::7]:80/x", DOC_LINK_KEPT},
    {"http://[::ffff:192.0.2.1]/", "http://[::ffff:192.0.2.1]/", DOC_LINK_KEPT},
    {"http://user:pw@a/", "http://user:pw@a/", DOC_LINK_KEPT},
    {"https:", "https:", DOC_LINK_KEPT},
    /* the targets of issue 18, made valid */
    {"https://example.org/a%zz", "https://example.org/a%25zz", DOC_LINK_ENCODED},
    {"https://a/%", "https://a/%25", DOC_LINK_ENCODED},
    {"https://a/%4", "https://a/%254", DOC_LINK_ENCODED},
    {"https://a/#x#y", "https://a/#x%23y", DOC_LINK_ENCODED},
    {"http://a/[x]", "http://a/%5Bx%5D", DOC_LINK_ENCODED},
    /* and refused */
    {"https://a:-1/", NULL, DOC_LINK_BAD_PORT},
    {"http://a:99999999999/", NULL, DOC_LINK_BAD_PORT},
    {"http://[::1", NULL, DOC_LINK_BAD_HOST},
    /* more encoding: spaces, UTF-8, a second '@', query brackets, an empty port */
    {"https://a/wet en regels", "https://a/wet%20en%20regels", DOC_LINK_ENCODED},
    {"https://nl.example/be\xC3\xABindiging", "https://nl.example/be%C3%ABindiging", DOC_LINK_ENCODED},
    {"http://u@v@a/", "http://u%40v@a/", DOC_LINK_ENCODED},
    {"http://a/?q=[1]", "http://a/?q=%5B1%5D", DOC_LINK_ENCODED},
    {"http://a:/x", "http://a/x", DOC_LINK_ENCODED},
    {"mailto:a b@example.org?subject=Hallo wereld", "mailto:a%20b@example.org?subject=Hallo%20wereld", DOC_LINK_ENCODED},
    {"http://a\"b/<c>", "http://a%22b/%3Cc%3E", DOC_LINK_ENCODED},
    {"http://a/\x01", "http://a/%01", DOC_LINK_ENCODED},
    /* more refusals */
    {"http://a:65536/", NULL, DOC_LINK_BAD_PORT},
    {"http://a:1:2/", NULL, DOC_LINK_BAD_PORT},
    {"http://[x]/", NULL, DOC_LINK_BAD_HOST},
    {"http://[::1]x/", NULL, DOC_LINK_BAD_HOST},
    {"http://[1:2:3:4:5:6:7:8:9]/", NULL, DOC_LINK_BAD_HOST},
    {"HTTP://x.nl", "HTTP://x.nl", DOC_LINK_KEPT},
    {"MailTo:a@b.nl", "MailTo:a@b.nl", DOC_LINK_KEPT},
    {"javascript:alert(1)", NULL, DOC_LINK_SCHEME},
    {"file:///etc/passwd", NULL, DOC_LINK_SCHEME},
    {"ftp://x", NULL, DOC_LINK_SCHEME},
    {"/relative", NULL, DOC_LINK_SCHEME},
    {"bijlage.pdf", NULL, DOC_LINK_SCHEME},
    {"", NULL, DOC_LINK_SCHEME},
    {NULL, NULL, DOC_LINK_SCHEME},
};

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) expect(cases[i].url, cases[i].want, cases[i].fate);

  /* the syntax check itself */
  valid("http://a/", true);
  valid("http://a:65535/", true);
  valid("urn:isbn:0451450523", true);
  valid("http://a/%4", false);
  valid("http://a/%zz", false);
  valid("http://a/#x#y", false);
  valid("http://a/[x]", false);
  valid("http://[::1", false);
  valid("http://a b/", false);
  valid("http://a/\xC3\xAB", false);
  valid("1http://a/", false);
  valid("//a/", false);
  valid("http://[::1]]/", false);

  /* a long target costs no backtracking state per character */
  size_t n = 1000000;
  char *big = malloc(n + 20);
  strcpy(big, "https://a/");
  memset(big + 10, 'x', n);
  memcpy(big + 10 + n - 6, "%zz#%4", 6);
  big[10 + n] = '\0';
  doc_link_fate f;
  char *t = doc_link_target(big, &f);
  CHECK_INT(f, DOC_LINK_ENCODED);
  CHECK(t && strcmp(t + strlen(t) - 10, "%25zz#%254") == 0);
  free(t);
  free(big);
  return unit_finish();
}
