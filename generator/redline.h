/* redline.h - NEW's document with the differences from OLD as tracked
 * changes (`redline`): both versions are composed into the one document
 * tree, the trees are compared block by block (a table row by row, cell
 * by cell), and within a changed paragraph word by word. Blocks and rows
 * that show a part of the contract model (a party, a commitment, a date:
 * their key, doc_key) are compared with the same part of the other
 * version only, wherever it stands; the articles by their text. What only OLD
 * has stays in the tree as runs marked RUN_DEL, what only NEW has is
 * marked RUN_INS; the ODT and DOCX writers turn the marks into revision
 * marks. Nothing of the comparison knows a file format. */
#ifndef WK_REDLINE_H
#define WK_REDLINE_H

#include "doc.h"

/* Moves the blocks of old and new into one tree: new, changed in place
 * (old keeps only what the result does not use; free both). */
void redline_merge(doc *old, doc *new_doc);

#endif
