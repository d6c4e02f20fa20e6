/* docx_int.h - what the parts of the DOCX writer share (docx.c assembles
 * the package, docx_body.c renders document.xml and footnotes.xml,
 * docx_styles.c writes styles.xml and numbering.xml). Not a public API. */
#ifndef WK_DOCX_INT_H
#define WK_DOCX_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"
#include "refdoc.h"
#include "util.h"
#include "xmlw.h"

/* Namespaces and relationship types used by more than one part. */
#define DOCX_NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DOCX_NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define DOCX_REL_BASE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define DOCX_REL_HYPERLINK DOCX_REL_BASE "hyperlink"
/* The author of every tracked change (redline) */
#define DOCX_CHANGE_AUTHOR "wijkcontract"

/* Twips in a point: the writer's unit for compose's layout (doc.h). */
#define DOCX_TWIPS_PER_PT 20.0

/* Page geometry in twips: A4 with 2.54 cm margins at top and bottom and
 * 2.5 cm at the sides, so the text is 9072 twips (16.0 cm) wide in
 * portrait, 24.7 cm in landscape: the width compose lays tables out for
 * (doc.h's DOC_TEXT_WIDTH_CM_*). */
enum {
  DOCX_PAGE_SHORT = 11906,
  DOCX_PAGE_LONG = 16838,
  DOCX_MARGIN = 1440,
  DOCX_SIDE_MARGIN = 1417,
  DOCX_HEADER_DIST = 708,
  DOCX_LIST_STEP = 425,   /* indent per list level */
  DOCX_QUOTE_STEP = 567,  /* indent per block quote level (1 cm, doc.h) */
  DOCX_LIST_LEVELS = 9    /* ilvl 0..8: deeper lists stay at 8 */
};

/* Numbering definitions (abstractNumId) the writer generates. */
enum { DOCX_ABS_BULLET = 0, DOCX_ABS_DECIMAL_PERIOD = 1, DOCX_ABS_DECIMAL_PAREN = 2 };

/* One relationship of a part; ids are unique within that part's table. */
typedef struct {
  char *id;
  const char *type;
  char *target;
  bool external;
} docx_rel;

typedef struct {
  docx_rel *items;
  size_t n, cap;
  const char *prefix; /* "rId" for part relationships, "rIdL" for links */
} docx_rels;

/* Adds a relationship and returns its id; an internal one equal to an
 * existing one is not added twice. */
const char *docx_rels_add(docx_rels *r, const char *type, const char *target, bool external);
/* Serialises a .rels part (handed to sink piece by piece when one is
 * given: the document's has a relationship for every link). */
void docx_rels_write(const docx_rels *r, buf *out, xmlw_sink sink, void *sink_ctx);
void docx_rels_free(docx_rels *r);

/* A w:num instance: numId = index + 1. Ordered lists get one each, with
 * a start override on their level, so every list restarts at its start. */
typedef struct {
  int abstract_id;
  int ilvl;  /* level overridden, or -1 */
  int start; /* start value for ilvl */
} docx_num;

/* A footnote: its w:id and the note of the document it renders. */
typedef struct {
  int id;
  size_t note; /* index into d->notes */
} docx_note;

typedef struct {
  const doc *d;
  long text_width;     /* twips between the margins */
  docx_rels doc_rels;  /* word/_rels/document.xml.rels */
  docx_rels note_rels; /* word/_rels/footnotes.xml.rels (links in notes) */
  docx_num *nums;
  size_t n_nums, cap_nums;
  docx_note *notes;
  size_t n_notes, cap_notes;
  int bullet_num; /* numId shared by all bullet lists, 0 until used */
  const char *header_rid; /* draft marking, or NULL */
  const char *footer_rid;
  /* when set, docx_body_write hands word/document.xml to it piece by piece
   * (deflated into the archive as it is written) instead of to out */
  xmlw_sink body_sink;
  void *body_sink_ctx;
  /* when set, the text of word/document.xml goes to it as it is written
   * (doctext_feed): the digest needs no parse of the part; body_fed says
   * whether all of it did */
  struct doctext_feed *body_feed;
  bool body_fed;
  /* tracked changes (RUN_INS, RUN_DEL): the next revision id and the date
   * every revision carries */
  long next_change;
  char change_date[32];
} docx_ctx;

/* Small element writers every part uses (docx.c): <name w:val="val"/>,
 * <name/>, and a part's root element with the w: and r: namespaces. */
void docx_val(xmlw *w, const char *name, const char *val);
void docx_empty(xmlw *w, const char *name);
/* A text element (w:t, w:instrText) of s[0..len), with xml:space="preserve"
 * where its spaces need it. */
void docx_t(xmlw *w, const char *name, const char *s, size_t len);
void docx_root_start(xmlw *w, const char *name);
/* Whether n is the element w:local (any w: element when local is NULL). */
bool docx_is_w(const xmlNode *n, const char *local);
/* Serialises a parsed part (its root element) as the bytes of a part. */
void docx_dump_root(xmlDocPtr xd, buf *out);

/* document.xml: every block of d, then w:sectPr (docx_sect_write). */
void docx_body_write(docx_ctx *c, buf *out);
/* The section properties: page size and orientation, margins, header and
 * footer references. Last child of w:body. */
void docx_sect_write(const docx_ctx *c, xmlw *w);
/* footnotes.xml: the separators and every note collected by the body;
 * handed to sink piece by piece when one is given (each reference has its
 * own note, so the part can be as large as the body). */
void docx_footnotes_write(docx_ctx *c, buf *out, xmlw_sink sink, void *sink_ctx);
/* Number of a new ordered list / the bullet list instance. */
int docx_num_ordered(docx_ctx *c, int ilvl, int start, bool paren);
int docx_num_bullet(docx_ctx *c);

/* styles.xml: the embedded house style, or ref's styles (made schema
 * conformant, outline numbering removed) completed with every style id the
 * writer uses. -1 with *err when ref is not a usable .docx. */
int docx_styles_write(docx_ctx *c, refdoc *ref, buf *out, char **err);
/* styles.xml of the house style in language lang (docx_styles_write
 * without a reference document); fast copies the template's bytes where
 * that gives what parsing and dumping it gives. Returns 1 when it copied,
 * 0 when it parsed, -1 with *err. For the tests, which compare both. */
int docx_house_styles(const char *lang, bool fast, buf *out, char **err);
/* What a .docx reference document lends (docx_ref.c), each part copied
 * through an allow-list so the output stays schema-valid: styles.xml
 * (theirs, completed with the ids we use from ours, lang on the w:lang of
 * their defaults, made where they lack it), fontTable.xml and the theme its document names. Return 0, 1
 * when ref lacks the part (not for styles), or -1 with *err naming ref. */
int docx_ref_styles(refdoc *ref, xmlDocPtr ours, const char *lang, buf *out, char **err);
int docx_ref_fonts(refdoc *ref, buf *out, char **err);
int docx_ref_theme(refdoc *ref, buf *out, char **err);
/* The face ref's TableText is set in (docx_table_face), with ours, the
 * house style, for the ids they lack: from the same allow-list copy of
 * their styles and theme. 0, or -1 with *err as docx_ref_styles. */
int docx_ref_table_face(refdoc *ref, xmlDocPtr ours, doc_face *face, char **err);
/* numbering.xml for the lists the body used. */
void docx_numbering_write(const docx_ctx *c, buf *out);
/* Style ids the writer refers to (NULL-terminated), for the styles merge
 * and the tests. */
extern const char *const docx_used_styles[];

#endif
