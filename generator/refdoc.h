/* refdoc.h - reference documents (--reference-doc): an .odt or .docx from
 * LibreOffice, Word or pandoc whose styles replace the defaults. Untrusted
 * input: read through zipio's caps, parsed by libxml2 with network access
 * and entity expansion off, and refused when a part has a DOCTYPE. */
#ifndef WK_REFDOC_H
#define WK_REFDOC_H

#include <stdbool.h>
#include <libxml/tree.h>

#include "zipio.h"

typedef struct {
  char *path;
  bool is_docx; /* else .odt */
  zip_in *zip;
} refdoc;

/* Opens and vets path; NULL with *err (malloc'd, names the file) when it is
 * not a usable .odt/.docx. */
refdoc *refdoc_open(const char *path, char **err);
/* Parses one XML part. Returns 0 with *out set; 1 when the part is absent;
 * -1 with *err when it is unreadable, not well-formed or has a DOCTYPE. */
int refdoc_part(refdoc *r, const char *name, xmlDocPtr *out, char **err);
/* The bytes of one part, as zip_in_read (the error names the file). */
int refdoc_part_data(refdoc *r, const char *name, char **data, size_t *len, char **err);
void refdoc_free(refdoc *r); /* accepts NULL */

/* Whether the prolog of untrusted XML (declaration, comments, processing
 * instructions) is followed by a DOCTYPE: looked for before a parser
 * sees its entities. */
bool xml_untrusted_doctype(const char *data, size_t len);
/* Parses untrusted XML from memory the same way (also used by verify),
 * into a tree of at most XML_UNTRUSTED_MAX_NODES nodes (elements, twice
 * the attributes, namespaces, text and comments): a part that needs more
 * is refused before its tree grows past some 75 MB. */
enum { XML_UNTRUSTED_MAX_NODES = 500000 };
xmlDocPtr xml_parse_untrusted(const char *data, size_t len, const char *what, char **err);

#endif
