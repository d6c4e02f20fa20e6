/* compose_link.c - link targets as documents may carry them: an http,
 * https or mailto target made a valid URI (RFC 3986, what xs:anyURI in
 * DOCX and ODF's xlink:href accept), percent-encoding what can be encoded,
 * or refused so the link is shown as plain text. Both writers and check
 * ask this one function, so a document never links where check did not
 * say so. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "doc.h"
#include "util.h"

/* ---- the syntax a result must have ---- */

/* RFC 3986's URI production (section 3 and appendix A), for absolute
 * URIs with an optional fragment. Runs of allowed characters are single
 * possessive classes ('%' among them; stray_percent_re checks the
 * escapes), so matching a link of any length is linear and keeps no
 * backtracking state per character. */
#define PCHAR "A-Za-z0-9._~!$&'()*+,;=:@%-"
#define H16 "[0-9A-Fa-f]{1,4}"
#define LS32 "(?:" H16 ":" H16 "|(?&v4))"
static const char uri_pattern[] =
    "(?(DEFINE)"
    "(?<oct>25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
    "(?<v4>(?&oct)\\.(?&oct)\\.(?&oct)\\.(?&oct))"
    "(?<v6>(?:" H16 ":){6}" LS32
    "|::(?:" H16 ":){5}" LS32
    "|(?:" H16 ")?::(?:" H16 ":){4}" LS32
    "|(?:(?:" H16 ":){0,1}" H16 ")?::(?:" H16 ":){3}" LS32
    "|(?:(?:" H16 ":){0,2}" H16 ")?::(?:" H16 ":){2}" LS32
    "|(?:(?:" H16 ":){0,3}" H16 ")?::" H16 ":" LS32
    "|(?:(?:" H16 ":){0,4}" H16 ")?::" LS32
    "|(?:(?:" H16 ":){0,5}" H16 ")?::" H16
    "|(?:(?:" H16 ":){0,6}" H16 ")?::)"
    "(?<host>\\[(?:(?&v6)|[vV][0-9A-Fa-f]+\\.[A-Za-z0-9._~!$&'()*+,;=:-]+)\\]"
    "|[A-Za-z0-9._~!$&'()*+,;=%-]*+)"
    ")"
    "\\A[A-Za-z][A-Za-z0-9+.-]*+:"
    "(?://(?:[A-Za-z0-9._~!$&'()*+,;=:%-]*+@)?(?&host)(?::[0-9]{1,5})?(?:/[" PCHAR "/]*+)?"
    "|/(?:[" PCHAR "][" PCHAR "/]*+)?"
    "|[" PCHAR "][" PCHAR "/]*+"
    "|)"
    "(?:\\?[" PCHAR "/?]*+)?"
    "(?:#[" PCHAR "/?]*+)?"
    "\\z";

/* A '%' that does not start an escape of two hex digits. */
static const char stray_percent_pattern[] = "%(?![0-9A-Fa-f]{2})";

static pcre2_code *compile(const char *pattern) {
  int err;
  PCRE2_SIZE at;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &err, &at, NULL);
  if (!re) {
    PCRE2_UCHAR msg[120];
    pcre2_get_error_message(err, msg, sizeof msg);
    fprintf(stderr, "wijkcontract: internal error: URI pattern at %zu: %s\n", (size_t)at, (char *)msg);
    abort();
  }
  return re;
}

static bool matches(pcre2_code **re, const char *pattern, const char *s, size_t len) {
  if (!*re) *re = compile(pattern);
  pcre2_match_data *md = pcre2_match_data_create(1, NULL);
  if (!md) abort();
  int rc = pcre2_match(*re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
  pcre2_match_data_free(md);
  return rc >= 0;
}

bool doc_uri_valid(const char *s, size_t len) {
  static pcre2_code *uri_re, *stray_re;
  return matches(&uri_re, uri_pattern, s, len) && !matches(&stray_re, stray_percent_pattern, s, len);
}

/* ---- making a target valid ---- */

/* What each part of a URI may hold unencoded besides escapes (RFC 3986,
 * 3.2.1 to 3.5). */
typedef enum { PART_USERINFO, PART_HOST, PART_PATH, PART_QUERY } uri_part;

static bool allowed(uri_part part, unsigned char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  if (c && strchr("-._~!$&'()*+,;=", c)) return true; /* unreserved, sub-delims */
  switch (part) {
  case PART_USERINFO: return c == ':';
  case PART_HOST: return false;
  case PART_PATH: return c == ':' || c == '@' || c == '/';
  case PART_QUERY: return c == ':' || c == '@' || c == '/' || c == '?';
  }
  return false;
}

static bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* s[0..len) into out, every byte the part may not hold as %XX: a '%'
 * that starts no escape becomes %25, a second '#' %23, brackets outside
 * an IPv6 host %5B and %5D, spaces, controls and UTF-8 bytes likewise. */
static void encode(buf *out, const char *s, size_t len, uri_part part) {
  static const char hex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '%' && i + 2 < len && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
      buf_add(out, s + i, 3);
      i += 2;
    } else if (allowed(part, c)) {
      buf_addc(out, (char)c);
    } else {
      char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
      buf_add(out, esc, 3);
    }
  }
}

/* A port of digits up to 65535; *empty when there are none. */
static bool port_ok(const char *s, size_t len, bool *empty) {
  *empty = len == 0;
  unsigned long v = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (unsigned long)(s[i] - '0');
    if (v > 65535) return false;
  }
  return true;
}

/* "//" authority: userinfo@, host, :port, each encoded or refused. */
static doc_link_fate authority(buf *out, const char *s, size_t len) {
  const char *at = NULL;
  for (size_t i = 0; i < len; i++)
    if (s[i] == '@') at = s + i; /* userinfo holds no '@': the last one ends it */
  if (at) {
    encode(out, s, (size_t)(at - s), PART_USERINFO);
    buf_addc(out, '@');
    len -= (size_t)(at + 1 - s);
    s = at + 1;
  }
  size_t host_len;
  if (len > 0 && s[0] == '[') {
    /* an IP literal is kept as written: the syntax check decides on it */
    const char *close = memchr(s, ']', len);
    if (!close) return DOC_LINK_BAD_HOST;
    host_len = (size_t)(close + 1 - s);
    if (host_len < len && s[host_len] != ':') return DOC_LINK_BAD_HOST;
    buf_add(out, s, host_len);
  } else {
    const char *colon = memchr(s, ':', len);
    host_len = colon ? (size_t)(colon - s) : len;
    encode(out, s, host_len, PART_HOST);
  }
  if (host_len < len) { /* s[host_len] is ':' */
    bool empty;
    const char *port = s + host_len + 1;
    size_t port_len = len - host_len - 1;
    if (!port_ok(port, port_len, &empty)) return DOC_LINK_BAD_PORT;
    if (!empty) { /* an empty port is the default one: left out */
      buf_addc(out, ':');
      buf_add(out, port, port_len);
    }
  }
  return DOC_LINK_KEPT;
}

/* Whether url starts with one of the schemes a document may link to. */
static size_t allowed_scheme(const char *url) {
  static const char *const schemes[] = {"http:", "https:", "mailto:"};
  for (size_t i = 0; i < ARRAY_LEN(schemes); i++)
    if (strncasecmp(url, schemes[i], strlen(schemes[i])) == 0) return strlen(schemes[i]);
  return 0;
}

char *doc_link_target(const char *url, doc_link_fate *fate) {
  doc_link_fate f = DOC_LINK_KEPT;
  size_t len = url ? strlen(url) : 0, at = url ? allowed_scheme(url) : 0;
  if (at == 0) {
    if (fate) *fate = DOC_LINK_SCHEME;
    return NULL;
  }
  buf out;
  buf_init(&out);
  buf_add(&out, url, at);
  if (len - at >= 2 && url[at] == '/' && url[at + 1] == '/') {
    size_t end = at + 2 + strcspn(url + at + 2, "/?#");
    buf_adds(&out, "//");
    f = authority(&out, url + at + 2, end - at - 2);
    at = end;
  }
  if (f == DOC_LINK_KEPT) {
    size_t path_end = at + strcspn(url + at, "?#");
    encode(&out, url + at, path_end - at, PART_PATH);
    at = path_end;
    if (url[at] == '?') {
      size_t query_end = at + 1 + strcspn(url + at + 1, "#");
      buf_addc(&out, '?');
      encode(&out, url + at + 1, query_end - at - 1, PART_QUERY);
      at = query_end;
    }
    if (url[at] == '#') { /* the fragment runs to the end: a later '#' is encoded */
      buf_addc(&out, '#');
      encode(&out, url + at + 1, len - at - 1, PART_QUERY);
    }
    if (!doc_uri_valid(out.data, out.len)) f = DOC_LINK_BAD_HOST;
    else if (out.len != len || memcmp(out.data, url, len) != 0) f = DOC_LINK_ENCODED;
  }
  if (fate) *fate = f;
  if (f == DOC_LINK_KEPT || f == DOC_LINK_ENCODED) return buf_detach(&out);
  buf_free(&out);
  return NULL;
}
