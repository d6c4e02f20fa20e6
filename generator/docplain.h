/* docplain.h - a composed document as plain text or Markdown, for the
 * commands whose document is also read on a terminal or pasted into mail
 * (`report`): the same tree the ODT and DOCX writers render, so the four
 * outputs say the same. */
#ifndef WK_DOCPLAIN_H
#define WK_DOCPLAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"
#include "util.h"

/* Appends d to out: as text wrapped to width columns (headings underlined,
 * a label/value table as aligned "label  value" lines, another table's
 * rows as items), or as Markdown (headings, bold runs, label/value tables
 * as lists, other tables as pipe tables; text escaped). */
void docplain_render(const doc *d, bool markdown, size_t width, buf *out);

#endif
