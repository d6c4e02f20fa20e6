/* oracle.h - what every generated ODT or DOCX package must satisfy,
 * checked from the bytes alone; the fuzz harnesses abort() on a violation so
 * libFuzzer records the input. */
#ifndef WK_FUZZ_ORACLE_H
#define WK_FUZZ_ORACLE_H

#include <stdbool.h>
#include <stddef.h>

/* Unzips data in memory (zipio), re-parses every XML part with libxml2
 * (well-formed, namespace-well-formed, no DOCTYPE) and checks the package's
 * cross references: unique ids, relationship ids that resolve, parts listed
 * in [Content_Types].xml or the manifest, table cells holding a paragraph,
 * link targets (external relationships, text:a) that are valid URIs.
 * With styles, every style reference must name a defined style (off for
 * foreign reference documents, whose style sheets we do not control).
 * what names the package in the message. Aborts on the first violation. */
void oracle_check_package(const char *what, const void *data, size_t len, bool is_docx,
                          bool styles);

/* Loads the schemas the shared validators use, read in place from dir
 * (../shared/schemas of the checkout): ECMA-376 Transitional and
 * OpenDocument 1.3. Returns false when they are not there. */
bool oracle_schemas_init(const char *dir);
/* With the schemas loaded, the parts a reference document shapes (DOCX
 * styles, font table, theme; ODT styles.xml) must be valid against them,
 * as validate-docx/validate-odt --strict want; else does nothing. */
void oracle_check_schemas(const char *what, const void *data, size_t len, bool is_docx);

/* libxml2 set up once, its error output silenced. */
void oracle_init(void);

#endif
