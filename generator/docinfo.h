/* docinfo.h - the properties wijkcontract stores in every generated
 * document, and reading them back from an .odt/.docx (verify, and build's
 * refusal to replace a signed document).
 *
 * Property names (ODT: meta:user-defined in meta.xml; DOCX: custom
 * properties in docProps/custom.xml, fmtid {D5CDD505-2E9C-101B-9397-08002B2CF9AE}):
 *   wijkcontract-fingerprint  64 hex digits, SHA-256 of the source (LF)
 *   wijkcontract-version      the contract's version
 *   wijkcontract-status       the profile's status id
 *   wijkcontract-stage        draft | final | signed
 *   wijkcontract-kind         the profile id
 *   wijkcontract-generator    "wijkcontract 0.1.0"
 * The title goes in dc:title as usual. */
#ifndef WK_DOCINFO_H
#define WK_DOCINFO_H

#define DOCINFO_FINGERPRINT "wijkcontract-fingerprint"
#define DOCINFO_VERSION "wijkcontract-version"
#define DOCINFO_STATUS "wijkcontract-status"
#define DOCINFO_STAGE "wijkcontract-stage"
#define DOCINFO_KIND "wijkcontract-kind"
#define DOCINFO_GENERATOR "wijkcontract-generator"

typedef struct {
  char *title, *fingerprint, *version, *status, *stage, *kind, *generator;
} docinfo;

/* The stored properties, in the order the writers store them: name and
 * value (never NULL) taken from the composed document's metadata. Both
 * writers loop over this list, and docinfo_read recognises the same names. */
enum { DOCINFO_NPROPS = 6 };
typedef struct {
  const char *name, *value;
} docinfo_prop;
struct doc_meta;
void docinfo_props(const struct doc_meta *m, docinfo_prop out[DOCINFO_NPROPS]);

/* Returns 0 with info filled; 1 when the file is a readable .odt/.docx that
 * wijkcontract did not make (no fingerprint); -1 with *err when it is not a
 * readable document. */
int docinfo_read(const char *path, docinfo *info, char **err);
/* The same without the title, which a DOCX keeps in a part of its own
 * (core.xml) that this then does not read: for build's signed guard, which
 * runs before every build over an existing document. */
int docinfo_read_props(const char *path, docinfo *info, char **err);
void docinfo_free(docinfo *info); /* accepts NULL, frees the fields */

/* Stage names for the docinfo property. */
const char *docinfo_stage_name(int stage); /* STAGE_* -> "draft"... */

#endif
