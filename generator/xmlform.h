/* xmlform.h - recognising XML text that is already in the form libxml2
 * writes it in, so that our own templates (the house styles) can be copied
 * byte for byte instead of parsed and dumped again; and skipping a prolog,
 * for the same templates and for reference documents. Byte scanners over
 * s[i..to): no parsing, no allocation. */
#ifndef WK_XMLFORM_H
#define WK_XMLFORM_H

#include <stdbool.h>
#include <stddef.h>

/* XML white space. */
static inline bool xml_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Index where the root element starts, past the prolog (XML declaration,
 * processing instructions, comments, white space); len when one of those
 * is unterminated. A DOCTYPE is not part of it: the index then points at
 * "<!DOCTYPE". */
size_t xml_prolog_end(const char *s, size_t len);

/* Index after the comment starting at s[i], or 0 when none starts there
 * or it does not end before to. */
size_t xml_comment_end(const char *s, size_t i, size_t to);

/* Index after the XML name (letters, digits, ':', '-', '_', '.') at s[i],
 * or i when none starts there. */
size_t xml_name_end(const char *s, size_t i, size_t to);

/* The element whose start tag begins at s[i] ('<'): the index after its
 * end tag when libxml2's dump of it (xmlNodeDump, no formatting) gives
 * exactly these bytes, else 0. That form: attributes in double quotes
 * after one space each, no references, no CDATA or processing
 * instructions, text without '>', carriage returns or non-ASCII (a dump
 * escapes those), no empty element written as a start and an end tag;
 * comments stay as they are. Namespace declarations are accepted only
 * with ns_decls (a dump of an element taken out of its document moves
 * them). */
size_t xml_dumped_element_end(const char *s, size_t i, size_t to, bool ns_decls);

#endif
