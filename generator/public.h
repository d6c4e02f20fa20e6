/* public.h - the public version of a contract (build --public, Woo): the
 * profile's rules say which values are personal data; the composer shows
 * the mark in their place, and the composed document's text is swept for
 * them and for the personal data the profile's patterns find in any text
 * (e-mail addresses, phone numbers, IBANs, citizen service numbers). */
#ifndef WK_PUBLIC_H
#define WK_PUBLIC_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"
#include "model.h"
#include "profile.h"

/* Whether a signatory or signer of this function holds public office (and
 * stays named). */
bool public_holds_office(const profile_public *r, const char *function);

/* Whether the address of party pt is personal data: the rules name the
 * field, and the party has no registration and is no public body. */
bool public_address_personal(const profile_public *r, const party *pt);

/* The values of c that are personal data by r and stand anywhere in its
 * text: the names of signatories and signers who hold no public office,
 * personal addresses (copies; longest first). */
typedef struct {
  char **items;
  size_t n;
} public_values;
void public_values_collect(const contract *c, const profile_public *r, public_values *v);
void public_values_free(public_values *v);

/* Appends text[0..len) to out with every value of v (standing as a whole
 * word) and every match of r's personal-data patterns (that passes its
 * checksum) replaced by r's mark. Returns the number of replacements. */
size_t public_redact_text(const profile_public *r, const public_values *v, const char *text, size_t len,
                          buf *out);

/* Redacts every run of d (body, tables, lists, quotes, footnotes) and its
 * title; a link whose target held personal data loses its target. */
void public_redact_doc(doc *d, const profile_public *r, const public_values *v);

/* The checksums: an IBAN by ISO 13616 (mod 97 is 1; spaces ignored) and a
 * Dutch citizen service number by the elfproef (nine digits; dots and
 * spaces ignored). */
bool public_iban_valid(const char *s, size_t len);
bool public_bsn_valid(const char *s, size_t len);

#endif
