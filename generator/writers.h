/* writers.h - the two document writers. Each renders a composed doc into a
 * complete package in memory; nothing touches the disk here (output.c does
 * the safe write). ref may be NULL (the embedded default house style). */
#ifndef WK_WRITERS_H
#define WK_WRITERS_H

#include "doc.h"
#include "refdoc.h"
#include "util.h"

/* Return 0, or -1 with *err (malloc'd) on a library failure or an unusable
 * reference document. */
int odt_write(const doc *d, refdoc *ref, buf *out, char **err);
int docx_write(const doc *d, refdoc *ref, buf *out, char **err);

/* The face the document's table text will be set in with ref's styles
 * (the house style's for NULL): what doc_layout measures with. Return 0,
 * or -1 with *err when ref's styles cannot be read. */
int odt_table_face(refdoc *ref, doc_face *face, char **err);
int docx_table_face(refdoc *ref, doc_face *face, char **err);

#endif
