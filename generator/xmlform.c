/* xmlform.c - see xmlform.h. */
#include "xmlform.h"

#include <string.h>

#include "util.h"

static bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' ||
         c == '-' || c == '_' || c == '.';
}

size_t xml_prolog_end(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    if (xml_space(s[i])) {
      i++;
    } else if (len - i >= 2 && memcmp(s + i, "<?", 2) == 0) {
      size_t e = mem_find(s, i + 2, len, "?>");
      if (e == len) return len;
      i = e + 2;
    } else if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
      size_t e = xml_comment_end(s, i, len);
      if (e == 0) return len;
      i = e;
    } else {
      break;
    }
  }
  return i;
}

size_t xml_comment_end(const char *s, size_t i, size_t to) {
  if (to - i < 4 || memcmp(s + i, "<!--", 4) != 0) return 0;
  size_t e = mem_find(s, i + 4, to, "-->");
  return e == to ? 0 : e + 3;
}

size_t xml_name_end(const char *s, size_t i, size_t to) {
  while (i < to && name_char(s[i]))
    i++;
  return i;
}

/* Whether the end tag at s[i] ("</") follows a start tag directly ("<a></a>",
 * which a dump writes "<a/>"): fine only after the end of another element
 * or a comment. */
static bool closes_empty_pair(const char *s, size_t from, size_t i) {
  if (i == from || s[i - 1] != '>' || s[i - 2] == '/' || s[i - 2] == '-') return false;
  size_t k = i - 1;
  while (k > from && s[k] != '<')
    k--;
  return s[k + 1] != '/';
}

size_t xml_dumped_element_end(const char *s, size_t i, size_t to, bool ns_decls) {
  size_t from = i, depth = 0;
  while (i < to) {
    if (s[i] != '<') { /* text: a dump escapes these (and non-ASCII as references;
                          in attribute values it stays UTF-8) */
      if (s[i] == '&' || s[i] == '>' || s[i] == '\r' || (unsigned char)s[i] >= 0x80) return 0;
      i++;
      continue;
    }
    if (i + 1 < to && s[i + 1] == '/') { /* end tag */
      size_t e = xml_name_end(s, i + 2, to);
      if (e == i + 2 || e >= to || s[e] != '>' || depth == 0 || closes_empty_pair(s, from, i))
        return 0;
      i = e + 1;
      if (--depth == 0) return i;
      continue;
    }
    if (to - i >= 4 && memcmp(s + i, "<!--", 4) == 0) { /* kept as it is */
      i = xml_comment_end(s, i, to);
      if (i == 0) return 0;
      continue;
    }
    size_t e = xml_name_end(s, i + 1, to); /* start tag */
    if (e == i + 1) return 0;              /* <! or <? */
    while (e < to && s[e] == ' ') {
      size_t v = xml_name_end(s, e + 1, to);
      if (v == e + 1 || v + 1 >= to || s[v] != '=' || s[v + 1] != '"') return 0;
      if (!ns_decls && v - (e + 1) >= 5 && memcmp(s + e + 1, "xmlns", 5) == 0) return 0;
      size_t q = v + 2;
      while (q < to && s[q] != '"') {
        if (s[q] == '<' || s[q] == '&' || s[q] == '>' || (unsigned char)s[q] < 0x20) return 0;
        q++;
      }
      if (q >= to) return 0;
      e = q + 1;
    }
    if (to - e >= 2 && s[e] == '/' && s[e + 1] == '>') {
      i = e + 2;
      if (depth == 0) return i;
    } else if (e < to && s[e] == '>') {
      i = e + 1;
      depth++;
    } else {
      return 0;
    }
  }
  return 0;
}
