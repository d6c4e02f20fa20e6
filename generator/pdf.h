/* pdf.h - the PDF/A of a document: our ODT converted by LibreOffice
 * headless, in a throwaway directory, under a time limit. */
#ifndef WK_PDF_H
#define WK_PDF_H

#include <stddef.h>

#include "util.h"

/* Converts the ODT package odt[0..len) to a tagged PDF/A-2b in *pdf.
 * LibreOffice is $SOFFICE, else soffice or libreoffice on the PATH; its
 * user profile and every file it sees live in a fresh directory under
 * $TMPDIR (or /tmp) that is removed afterwards. The conversion is killed
 * (its whole process group) after $WIJKCONTRACT_PDF_TIMEOUT seconds
 * (default 180). Returns 0, or 2 with *err (malloc'd) saying why:
 * LibreOffice missing (naming the package), failed, timed out, or made no
 * PDF. */
int pdf_from_odt(const void *odt, size_t len, buf *pdf, char **err);

#endif
