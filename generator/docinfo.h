/* docinfo.h - the properties wijkcontract stores in every generated
 * document, and reading them back from an .odt/.docx (verify, and build's
 * refusal to replace a signed document), with the document's text.
 *
 * Property names (ODT: meta:user-defined in meta.xml; DOCX: custom
 * properties in docProps/custom.xml, fmtid {D5CDD505-2E9C-101B-9397-08002B2CF9AE}):
 *   wijkcontract-fingerprint  64 hex digits, SHA-256 of the source (LF)
 *   wijkcontract-version      the contract's version
 *   wijkcontract-status       the profile's status id
 *   wijkcontract-stage        draft | final | signed
 *   wijkcontract-kind         the profile id
 *   wijkcontract-generator    "wijkcontract 0.1.0"
 *   wijkcontract-made-as      contract | matrix | review: what composed it
 *   wijkcontract-party        review: the id of the party it is for
 *   wijkcontract-draft        true | false: built with the draft marking
 *   wijkcontract-public       true | false: the public version (--public),
 *                             personal data replaced by the profile's mark
 *   wijkcontract-text         64 hex digits, the digest of the document's
 *                             own text (doctext.h), computed from the
 *                             package as written, before this property
 * The last five let verify rebuild the document from its source as build,
 * matrix or review made it, and tell whether its text was changed. The
 * title goes in dc:title as usual. */
#ifndef WK_DOCINFO_H
#define WK_DOCINFO_H

#define DOCINFO_FINGERPRINT "wijkcontract-fingerprint"
#define DOCINFO_VERSION "wijkcontract-version"
#define DOCINFO_STATUS "wijkcontract-status"
#define DOCINFO_STAGE "wijkcontract-stage"
#define DOCINFO_KIND "wijkcontract-kind"
#define DOCINFO_GENERATOR "wijkcontract-generator"
#define DOCINFO_MADE_AS "wijkcontract-made-as"
#define DOCINFO_PARTY "wijkcontract-party"
#define DOCINFO_DRAFT "wijkcontract-draft"
#define DOCINFO_PUBLIC "wijkcontract-public"
#define DOCINFO_TEXT "wijkcontract-text"

#include <stdbool.h>

#include "doctext.h"
#include "zipio.h"

typedef struct {
  char *title, *fingerprint, *version, *status, *stage, *kind, *generator;
  char *made_as, *party, *draft, *public_version, *text_digest;
  /* what the file itself says made or last saved it (ODT meta:generator,
   * DOCX Application): another program's name after a re-save */
  char *application;
  bool docx; /* else ODT */
} docinfo;

/* The stored properties, in the order the writers store them: name and
 * value (never NULL) taken from the composed document's metadata. Both
 * writers loop over this list, and docinfo_read recognises the same names. */
enum { DOCINFO_NPROPS = 11 };
typedef struct {
  const char *name, *value;
} docinfo_prop;
struct doc_meta;
/* text_digest: docinfo_text_digest of the package as written so far. */
void docinfo_props(const struct doc_meta *m, const char *text_digest, docinfo_prop out[DOCINFO_NPROPS]);

/* The digest of the text of a package being written (its text parts
 * ended): for the writers, just before they write the properties. Returns
 * 0, or -1 with *err. */
int docinfo_text_digest(zip_out *z, bool docx, char hex[65], char **err);

/* Returns 0 with info filled; 1 when the file is a readable .odt/.docx that
 * wijkcontract did not make (no fingerprint); -1 with *err when it is not a
 * readable document. */
int docinfo_read(const char *path, docinfo *info, char **err);
/* The same without the title, which a DOCX keeps in a part of its own
 * (core.xml) that this then does not read: for build's signed guard, which
 * runs before every build over an existing document. */
int docinfo_read_props(const char *path, docinfo *info, char **err);
/* docinfo_read, and the document's text into *text (also when it returns
 * 1: a document whose properties were dropped still has its text). */
int docinfo_read_text(const char *path, docinfo *info, doctext *text, char **err);
void docinfo_free(docinfo *info); /* accepts NULL, frees the fields */

/* Stage names for the docinfo property. */
const char *docinfo_stage_name(int stage); /* STAGE_* -> "draft"... */

#endif
