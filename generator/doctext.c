/* doctext.c - reads the text of an ODT or DOCX package (rules in
 * doctext.h): each text part is streamed from the archive through
 * libxml2's SAX parser, so neither a part nor a tree of it is held whole. */
#include "doctext.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
/* the low-level SHA-256, as load.c uses it (see there) */
#define OPENSSL_API_COMPAT 10101
#include <openssl/sha.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "i18n.h"
#include "refdoc.h"
#include "util.h"
#include "xmlw.h"

#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_R_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"
#define NS_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define NS_XML "http://www.w3.org/XML/1998/namespace"

/* The first line of what is digested: names these rules, so that other
 * rules could never give the same digest for other text. */
static const char DIGEST_PREAMBLE[] = "wijkcontract text v1\n";

/* ---- normalising ---- */

/* Unicode NFC of UTF-8 text, through ICU (libxml2 links it already). */
static char *nfc(const char *s, size_t len) {
  UErrorCode e = U_ZERO_ERROR;
  const UNormalizer2 *n2 = unorm2_getNFCInstance(&e);
  int32_t n16 = 0;
  u_strFromUTF8(NULL, 0, &n16, s, (int32_t)len, &e);
  if (e != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(e)) return xstrndup(s, len);
  e = U_ZERO_ERROR;
  UChar *in = xmalloc(((size_t)n16 + 1) * sizeof *in);
  u_strFromUTF8(in, n16 + 1, NULL, s, (int32_t)len, &e);
  /* NFC can lengthen text a little (singletons, some scripts): three times
   * is ICU's own bound */
  int32_t cap = 3 * n16 + 1;
  UChar *out = xmalloc((size_t)cap * sizeof *out);
  int32_t n = U_SUCCESS(e) && n2 ? unorm2_normalize(n2, in, n16, out, cap, &e) : 0;
  char *r = NULL;
  if (U_SUCCESS(e) && n2) {
    int32_t n8 = 0;
    u_strToUTF8(NULL, 0, &n8, out, n, &e);
    e = U_ZERO_ERROR;
    r = xmalloc((size_t)n8 + 1);
    u_strToUTF8(r, n8 + 1, NULL, out, n, &e);
    if (U_FAILURE(e)) {
      free(r);
      r = NULL;
    }
  }
  free(in);
  free(out);
  return r ? r : xstrndup(s, len);
}

/* White space as the text counts it: ASCII's, and Unicode White_Space. */
static bool is_space_cp(unsigned cp) {
  return cp < 0x80 ? (cp == ' ' || (cp >= 0x09 && cp <= 0x0D)) : u_isUWhiteSpace((UChar32)cp);
}

/* Whether a character leaves text in NFC as it stands: ICU's quick check
 * says yes and it does not combine with what precedes it (then no
 * reordering or composition can touch it; UAX #15's quick check). */
static bool nfc_inert(unsigned cp) {
  return u_getCombiningClass((UChar32)cp) == 0 &&
         u_getIntPropertyValue((UChar32)cp, UCHAR_NFC_QUICK_CHECK) == UNORM_YES;
}

/* Whether a byte is ASCII that is neither white space nor a control
 * character's kind of space: copied as it stands. */
static bool ascii_word(unsigned char c) { return c < 0x80 && !is_space_cp(c); }

/* Normalises s[0..len) into out (emptied first, NUL-terminated); returns
 * the text's length. */
static size_t normalize_into(buf *out, const char *s, size_t len) {
  /* the text only shrinks (a space stands for one or more white space
   * characters): written straight into room of its length */
  buf_reset(out);
  buf_reserve(out, len + 1);
  char *o = out->data;
  size_t n = 0;
  bool space = false, inert = true;
  for (size_t i = 0; i < len;) {
    unsigned char c = (unsigned char)s[i];
    if (ascii_word(c)) { /* a run of ASCII, copied at once */
      /* printable but the space, one comparison a byte (a control byte
       * ends the run, and the next goes on with it), and a single space
       * between two such bytes, which stays as it is: most paragraphs
       * are one run */
      size_t j = i + 1;
      for (;;) {
        while (j < len && (unsigned char)(s[j] - 0x21) < 0x5F) j++;
        if (j + 1 < len && s[j] == ' ' && (unsigned char)(s[j + 1] - 0x21) < 0x5F) {
          j += 2;
          continue;
        }
        break;
      }
      if (space) o[n++] = ' ';
      space = false;
      memcpy(o + n, s + i, j - i);
      n += j - i;
      i = j;
      continue;
    }
    if (c < 0x80) { /* ASCII white space */
      space = n > 0;
      i++;
      continue;
    }
    unsigned cp;
    size_t k = utf8_decode(s + i, len - i, &cp);
    if (!k) { /* libxml2 hands over valid UTF-8; anything else is dropped */
      i++;
      continue;
    }
    i += k;
    if (cp == 0xAD) continue; /* soft hyphen: where a word may break */
    if (is_space_cp(cp)) {
      space = n > 0;
      continue;
    }
    if (space) o[n++] = ' ';
    space = false;
    if (inert) inert = nfc_inert(cp);
    memcpy(o + n, s + i - k, k);
    n += k;
  }
  o[n] = '\0';
  out->len = n;
  if (inert || n == 0) return n;
  char *r = nfc(o, n);
  buf_reset(out);
  buf_adds(out, r);
  free(r);
  return out->len;
}

char *doctext_normalize(const char *s, size_t len) {
  buf b;
  buf_init(&b);
  normalize_into(&b, s, len);
  char *r = xstrndup(b.data, b.len);
  buf_free(&b);
  return r;
}

/* ---- the paragraph list ---- */

static void push_para(doctext *t, doctext_para p) {
  xgrow((void **)&t->paras, &t->cap, t->n + 1, sizeof *t->paras);
  t->paras[t->n++] = p;
}

static void copy_all(doctext *dest, const doctext *src, doctext_area area) {
  for (size_t i = 0; i < src->n; i++) {
    doctext_para p = src->paras[i];
    p.text = xstrdup(p.text);
    p.area = (unsigned char)area;
    push_para(dest, p);
  }
}

void doctext_free(doctext *t) {
  if (!t) return;
  for (size_t i = 0; i < t->n; i++) free(t->paras[i].text);
  free(t->paras);
  memset(t, 0, sizeof *t);
}

static bool same_text(const doctext *a, const doctext *b) {
  if (a->n != b->n) return false;
  for (size_t i = 0; i < a->n; i++)
    if (strcmp(a->paras[i].text, b->paras[i].text) != 0) return false;
  return true;
}

/* The digest, fed one paragraph at a time: doctext_digest and
 * doctext_digest_package both go through here. Paragraphs are short:
 * they are collected into pieces of HASH_PIECE bytes for SHA-256 (the
 * digest of the whole is the same however it is cut). */
enum { HASH_PIECE = 8192 };

typedef struct {
  SHA256_CTX ctx;
  bool ok;
  size_t n;
  unsigned char piece[HASH_PIECE];
} hasher;

static void hash_start(hasher *h) {
  h->ok = SHA256_Init(&h->ctx) && SHA256_Update(&h->ctx, DIGEST_PREAMBLE, sizeof DIGEST_PREAMBLE - 1);
  h->n = 0;
}

static void hash_bytes(hasher *h, const char *s, size_t len) {
  if (h->n + len > HASH_PIECE) {
    h->ok = h->ok && SHA256_Update(&h->ctx, h->piece, h->n);
    h->n = 0;
  }
  if (len > HASH_PIECE) {
    h->ok = h->ok && SHA256_Update(&h->ctx, s, len);
    return;
  }
  memcpy(h->piece + h->n, s, len);
  h->n += len;
}

static void hash_para(hasher *h, const char *text) {
  hash_bytes(h, text, strlen(text));
  hash_bytes(h, "\n", 1);
}

static void hash_end(hasher *h, char hex[65]) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  h->ok = h->ok && SHA256_Update(&h->ctx, h->piece, h->n);
  if (!h->ok || !SHA256_Final(md, &h->ctx)) {
    hex[0] = '\0';
    return;
  }
  hex_encode(md, sizeof md, hex);
}

void doctext_digest(const doctext *t, char hex[65]) {
  hasher h;
  hash_start(&h);
  for (size_t i = 0; i < t->n; i++) hash_para(&h, t->paras[i].text);
  hash_end(&h, hex);
}

/* ---- the parser's state ---- */

/* What an open element did, undone when it ends. */
enum {
  E_COUNT = 1 << 0,  /* ODF: character data in it is text */
  E_PARA = 1 << 1,   /* opened a paragraph */
  E_TABLE = 1 << 2,  /* opened a table */
  E_REGION = 1 << 3, /* opened a region whose paragraphs count */
  E_NOTE = 1 << 4,   /* ODF note body */
  E_FIELD = 1 << 5,  /* Word fldSimple: opened a field */
  E_T = 1 << 6,      /* Word w:t */
  E_INSTR = 1 << 7,  /* Word w:instrText */
  E_RUN = 1 << 8     /* Word w:r: its tabs and breaks are text */
};

typedef struct {
  buf text;
  doctext kids; /* finished paragraphs inside this one (notes, text boxes) */
  doctext_para info;
} para_level;

typedef struct {
  unsigned number, row;
} table_level;

/* A Word field: code, then (after "separate") its result. A page number's
 * result is not text, and nothing of a field's code is. */
typedef struct {
  buf code;
  bool result, blocks;
} field;

/* A Word footnote or endnote, to place where it is referenced. */
typedef struct {
  char kind; /* 'f' or 'e' */
  char *id;
  doctext text;
} note;

typedef struct {
  bool docx;
  int skip; /* depth inside a subtree that holds no text */
  unsigned short *elems;
  size_t n_elems, cap_elems;
  para_level *paras;
  size_t n_paras, cap_paras;
  table_level *tables;
  size_t n_tables, cap_tables;
  unsigned table_count;
  field *fields;
  size_t n_fields, cap_fields;
  size_t blocking; /* fields on the stack that hide text */
  /* the region being collected: its area and where its paragraphs go */
  bool collecting;
  doctext_area area;
  doctext *dest;
  doctext group; /* a header, footer or note being read */
  char *note_id; /* the note being read (notes parts) */
  char note_kind;
  int note_depth; /* ODF: inside text:note-body */
  buf t;          /* Word: the w:t being read */
  buf spare;      /* a closed paragraph's text buffer, for the next to reuse */
  buf norm;       /* a closed paragraph's normalised text */
  bool t_preserve;
  /* results: the paragraphs in document order go to emit, which reads
   * each one's text and copies what it keeps (x->body only names that
   * destination) */
  void (*emit)(void *ctx, doctext_para p);
  void *emit_ctx;
  doctext body;
  doctext *groups; /* headers and footers, distinct */
  size_t n_groups, cap_groups;
  note *notes;
  size_t n_notes, cap_notes;
  char **hf_ids; /* Word: header and footer relationship ids, in order */
  size_t n_hf, cap_hf;
  bool doctype;  /* the part has a DOCTYPE: parsing stopped */
  char *xml_err; /* libxml2's first error */
  xmlParserCtxtPtr ctx;
  bool plain_ppr;  /* w:pPr holds no section properties (doctext_feed_plain_ppr) */
  bool fed;        /* the body comes from the writer (doctext_feed), before
                      the notes are read: a reference to a note is left in
                      place as a NOTE_REF paragraph, filled in at the end */
} ext;

/* The area of a paragraph that stands for a note not read yet: its text is
 * the note's kind and id ("f3"). Only a fed body has them. */
#define NOTE_REF 0xFF

/* The namespaces the text depends on. */
typedef enum { NS_ID_W, NS_ID_W_STRICT, NS_ID_TEXT, NS_ID_TABLE, NS_ID_OFFICE, NS_ID_STYLE, NS_ID_MC, NS_ID_XML,
               NS_ID_R, NS_ID_R_STRICT, NS_ID_OTHER } ns_id;

static const char *const ns_uris[NS_ID_OTHER] = {NS_W, NS_W_STRICT, NS_TEXT, NS_TABLE, NS_OFFICE, NS_STYLE,
                                                 NS_MC, NS_XML, NS_R, NS_R_STRICT};

/* Our namespaces as xmlw_ns_name keeps them (names_init). */
static const char *ns_kept[NS_ID_OTHER];

static void w_slots_init(void);

/* The tables the look-ups of names use, made once. */
static void names_init(void) {
  static bool ready;
  if (ready) return;
  for (int i = 0; i < NS_ID_OTHER; i++) ns_kept[i] = xmlw_ns_name(ns_uris[i]);
  w_slots_init();
  ready = true;
}

static ns_id ns_named(const xmlChar *uri) {
  for (int i = 0; i < NS_ID_OTHER; i++)
    if (strcmp((const char *)uri, ns_uris[i]) == 0) return (ns_id)i;
  return NS_ID_OTHER;
}

/* Asked of every element and attribute: an observer of our own writing
 * hands over namespaces as xmlw_ns_name's copies, which compare as
 * pointers; a parser's are compared as strings. NULL: NS_ID_OTHER. */
static inline ns_id ns_of(const xmlChar *uri) {
  if (!uri) return NS_ID_OTHER;
  for (int i = 0; i < NS_ID_OTHER; i++)
    if ((const char *)uri == ns_kept[i]) return (ns_id)i;
  return ns_named(uri);
}

/* The first byte decides most comparisons (an element's name is compared
 * with a dozen names before it is known): no call for those. */
static inline bool name_is(const xmlChar *local, const char *name) {
  return local[0] == (xmlChar)name[0] && strcmp((const char *)local, name) == 0;
}

/* Where an attribute's value is (SAX2 gives five pointers per attribute:
 * local name, prefix, URI, value start, value end) and its length in
 * *len, or NULL. ns1/ns2: accepted namespaces (NULL: none). */
static const char *attr_at(int n, const xmlChar **a, ns_id ns1, ns_id ns2, const char *local, size_t *len) {
  for (int i = 0; i < n; i++, a += 5) {
    if (!name_is(a[0], local)) continue;
    ns_id ns = a[2] ? ns_of(a[2]) : NS_ID_OTHER;
    bool ns_ok = a[2] ? ns != NS_ID_OTHER && (ns == ns1 || ns == ns2) : ns1 == NS_ID_OTHER;
    if (ns_ok) {
      *len = (size_t)(a[4] - a[3]);
      return (const char *)a[3];
    }
  }
  return NULL;
}

/* The same value as a malloc'd string, or NULL. */
static char *attr(int n, const xmlChar **a, ns_id ns1, ns_id ns2, const char *local) {
  size_t len;
  const char *v = attr_at(n, a, ns1, ns2, local, &len);
  return v ? xstrndup(v, len) : NULL;
}

/* Whether the attribute is there with exactly this value: compared where
 * it is, with no copy (it is read on nearly every element). */
static bool attr_is(int n, const xmlChar **a, ns_id ns1, ns_id ns2, const char *local,
                    const char *value) {
  size_t len;
  const char *v = attr_at(n, a, ns1, ns2, local, &len);
  return v && strlen(value) == len && memcmp(v, value, len) == 0;
}

static char *w_attr(int n, const xmlChar **a, const char *local) {
  return attr(n, a, NS_ID_W, NS_ID_W_STRICT, local);
}

static unsigned short top_flags(const ext *x) { return x->n_elems ? x->elems[x->n_elems - 1] : 0; }

static para_level *top_para(ext *x) { return x->n_paras ? &x->paras[x->n_paras - 1] : NULL; }

static void add_text(ext *x, const char *s, size_t len) {
  para_level *p = top_para(x);
  if (p && !x->blocking) buf_add(&p->text, s, len);
}

static void para_open(ext *x, unsigned level) {
  xgrow((void **)&x->paras, &x->cap_paras, x->n_paras + 1, sizeof *x->paras);
  para_level *p = &x->paras[x->n_paras++];
  memset(p, 0, sizeof *p);
  p->text = x->spare; /* grown by the paragraphs before: seldom grown again */
  buf_init(&x->spare);
  buf_reset(&p->text);
  p->info.area = (unsigned char)(x->note_depth > 0 ? DOCTEXT_NOTE : x->area);
  p->info.level = (unsigned char)(level > 9 ? 9 : level);
  if (x->n_tables) {
    p->info.table = x->tables[x->n_tables - 1].number;
    p->info.row = x->tables[x->n_tables - 1].row;
  }
}

/* A finished paragraph, its text p's own, to its destination: a list,
 * or (the body's) emit, after which the text is freed. */
static void put(ext *x, doctext *dest, doctext_para p) {
  if (dest != &x->body) {
    push_para(dest, p);
    return;
  }
  x->emit(x->emit_ctx, p);
  free(p.text);
}

/* Ends the innermost paragraph: it and then the paragraphs inside it go
 * to the paragraph around it, or to the region. */
static void para_close(ext *x) {
  para_level *p = &x->paras[--x->n_paras];
  para_level *outer = top_para(x);
  doctext *dest = outer ? &outer->kids : x->dest;
  doctext_para info = p->info;
  /* normalised into a buffer of the parser's, copied only to be kept */
  size_t n = normalize_into(&x->norm, p->text.data ? p->text.data : "", p->text.len);
  info.text = x->norm.data;
  if (n && dest == &x->body) {
    x->emit(x->emit_ctx, info);
  } else if (n && dest) {
    info.text = xstrndup(x->norm.data, n);
    push_para(dest, info);
  }
  if (!x->spare.data) x->spare = p->text;
  else buf_free(&p->text);
  if (dest) {
    for (size_t i = 0; i < p->kids.n; i++) put(x, dest, p->kids.paras[i]);
    free(p->kids.paras);
    memset(&p->kids, 0, sizeof p->kids);
  } else {
    doctext_free(&p->kids);
  }
}

static void table_open(ext *x) {
  xgrow((void **)&x->tables, &x->cap_tables, x->n_tables + 1, sizeof *x->tables);
  x->tables[x->n_tables++] = (table_level){++x->table_count, 0};
}

static void row_open(ext *x) {
  if (x->n_tables) x->tables[x->n_tables - 1].row++;
}

/* A region whose paragraphs count: the body (into x->body), or a header,
 * footer or note (into x->group until it ends). Regions do not nest. */
static bool region_open(ext *x, doctext_area area) {
  if (x->collecting) return false;
  x->collecting = true;
  x->area = area;
  x->dest = area == DOCTEXT_BODY ? &x->body : &x->group;
  return true;
}

/* A header's or footer's paragraphs (g, each of its area) kept unless the
 * same text of the same area is kept already; g is emptied if kept. */
static void group_keep(ext *x, doctext *g) {
  bool seen = false;
  for (size_t i = 0; i < x->n_groups && !seen; i++)
    seen = x->groups[i].paras[0].area == g->paras[0].area && same_text(&x->groups[i], g);
  if (!seen) {
    xgrow((void **)&x->groups, &x->cap_groups, x->n_groups + 1, sizeof *x->groups);
    x->groups[x->n_groups++] = *g;
    memset(g, 0, sizeof *g);
  }
}

static void region_close(ext *x) {
  while (x->n_paras) para_close(x);
  x->collecting = false;
  x->dest = NULL;
  if (x->area == DOCTEXT_NOTE) {
    xgrow((void **)&x->notes, &x->cap_notes, x->n_notes + 1, sizeof *x->notes);
    x->notes[x->n_notes++] = (note){x->note_kind, x->note_id, x->group};
    x->note_id = NULL;
    memset(&x->group, 0, sizeof x->group);
    return;
  }
  if (x->area != DOCTEXT_BODY && x->group.n) {
    for (size_t i = 0; i < x->group.n; i++) x->group.paras[i].area = (unsigned char)x->area;
    group_keep(x, &x->group);
  }
  doctext_free(&x->group);
}

/* ---- ODF ---- */

/* Text elements whose content is not the document's text: numbers the
 * application computes (pages, notes, list items), deleted text kept for
 * tracked changes, declarations, and index templates. */
static bool odf_skipped(const xmlChar *local) {
  static const char *const names[] = {"note-citation", "note-ref",       "page-number",  "page-count",
                                      "page-continuation", "tracked-changes", "number",   "sequence-decls",
                                      "variable-decls", "user-field-decls", "dde-connection-decls", NULL};
  for (size_t i = 0; names[i]; i++)
    if (name_is(local, names[i])) return true;
  size_t n = strlen((const char *)local);
  return n > 7 && strcmp((const char *)local + n - 7, "-source") == 0; /* index templates */
}

static unsigned odf_text_start(ext *x, const xmlChar *local, int n_attr, const xmlChar **attrs) {
  unsigned short parent = top_flags(x);
  if (name_is(local, "p") || name_is(local, "h")) {
    if (!x->collecting) return 0;
    unsigned level = 0;
    if (name_is(local, "h")) {
      char *v = attr(n_attr, attrs, NS_ID_TEXT, NS_ID_TEXT, "outline-level");
      level = v ? (unsigned)strtoul(v, NULL, 10) : 1;
      if (level < 1) level = 1;
      free(v);
    }
    para_open(x, level);
    return E_PARA | E_COUNT;
  }
  if (!(parent & E_COUNT)) return name_is(local, "note-body") ? (x->note_depth++, E_NOTE) : 0;
  if (name_is(local, "s") || name_is(local, "tab") || name_is(local, "line-break")) {
    add_text(x, " ", 1);
    return 0;
  }
  if (name_is(local, "note")) return 0; /* its body holds paragraphs */
  return E_COUNT;
}

static unsigned odf_start(ext *x, const xmlChar *local, ns_id ns, int n_attr, const xmlChar **attrs) {
  if (ns == NS_ID_TEXT) {
    /* none of one letter is skipped: not looked for (text:p, text:s) */
    if (local[0] && local[1] && odf_skipped(local)) return (unsigned)-1;
    return odf_text_start(x, local, n_attr, attrs);
  }
  if (ns == NS_ID_TABLE) {
    if (name_is(local, "table")) {
      table_open(x);
      return E_TABLE;
    }
    if (name_is(local, "table-row")) row_open(x);
    return 0;
  }
  if (ns == NS_ID_OFFICE) {
    if (name_is(local, "annotation") || name_is(local, "annotation-end")) return (unsigned)-1;
    /* declarations of fonts and styles: headers and footers are in the
     * master styles, the text in office:text, never in here */
    if (name_is(local, "font-face-decls") || name_is(local, "styles") || name_is(local, "automatic-styles"))
      return (unsigned)-1;
    if (name_is(local, "text")) return region_open(x, DOCTEXT_BODY) ? E_REGION : 0;
    return 0;
  }
  if (ns == NS_ID_STYLE) {
    const char *l = (const char *)local;
    bool header = strncmp(l, "header", 6) == 0, footer = strncmp(l, "footer", 6) == 0;
    const char *rest = l + 6;
    bool variant = !*rest || strcmp(rest, "-left") == 0 || strcmp(rest, "-first") == 0;
    if ((header || footer) && variant)
      return region_open(x, header ? DOCTEXT_HEADER : DOCTEXT_FOOTER) ? E_REGION : 0;
  }
  return 0;
}

/* ---- Word ---- */

/* A field begins with its code, which is not text. */
static void field_push(ext *x, const char *code) {
  xgrow((void **)&x->fields, &x->cap_fields, x->n_fields + 1, sizeof *x->fields);
  field *f = &x->fields[x->n_fields++];
  buf_init(&f->code);
  if (code) buf_adds(&f->code, code);
  f->result = false;
  f->blocks = true;
  x->blocking++;
}

/* A field that shows the page number or the page count. */
static bool page_field(const char *code) {
  while (*code == ' ' || *code == '\t' || *code == '\n' || *code == '\r') code++;
  static const char *const names[] = {"PAGE", "NUMPAGES", "SECTIONPAGES", NULL};
  for (size_t i = 0; names[i]; i++) {
    size_t n = strlen(names[i]);
    if (strncasecmp(code, names[i], n) == 0 && (code[n] == '\0' || code[n] == ' ' || code[n] == '\\' ||
                                               code[n] == '\t' || code[n] == '\n' || code[n] == '\r'))
      return true;
  }
  return false;
}

/* The result of the innermost field begins: text unless a page field. */
static void field_separate(ext *x) {
  if (!x->n_fields) return;
  field *f = &x->fields[x->n_fields - 1];
  if (f->result) return;
  f->result = true;
  bool blocks = page_field(f->code.data ? f->code.data : "");
  if (!blocks && f->blocks) x->blocking--;
  f->blocks = blocks;
}

static void field_pop(ext *x) {
  if (!x->n_fields) return;
  field *f = &x->fields[--x->n_fields];
  if (f->blocks) x->blocking--;
  buf_free(&f->code);
}

static void field_char(ext *x, int n_attr, const xmlChar **attrs) {
  char *type = w_attr(n_attr, attrs, "fldCharType");
  if (type && strcmp(type, "begin") == 0) field_push(x, NULL);
  else if (type && strcmp(type, "separate") == 0) field_separate(x);
  else if (type && strcmp(type, "end") == 0) field_pop(x);
  free(type);
}

static int cmp_note(const void *a, const void *b) {
  const note *p = a, *q = b;
  if (p->kind != q->kind) return p->kind < q->kind ? -1 : 1;
  return strcmp(p->id, q->id);
}

/* A reference to a footnote or endnote: its paragraphs follow the
 * paragraph that holds the reference. */
static void note_ref(ext *x, char kind, int n_attr, const xmlChar **attrs) {
  para_level *p = top_para(x);
  char *id = w_attr(n_attr, attrs, "id");
  if (p && id && x->fed) {
    push_para(&p->kids, (doctext_para){xasprintf("%c%s", kind, id), NOTE_REF, 0, 0, 0});
  } else if (p && id) {
    note key = {kind, id, {0}};
    note *n = x->n_notes ? bsearch(&key, x->notes, x->n_notes, sizeof *x->notes, cmp_note) : NULL;
    if (n) copy_all(&p->kids, &n->text, DOCTEXT_NOTE);
  }
  free(id);
}

/* A paragraph style "Heading1" ... "Heading9" or an outline level makes
 * the paragraph a heading. */
static void heading_level(ext *x, bool outline, int n_attr, const xmlChar **attrs) {
  para_level *p = top_para(x);
  size_t n;
  const char *v = p ? attr_at(n_attr, attrs, NS_ID_W, NS_ID_W_STRICT, "val", &n) : NULL;
  if (!v) return;
  if (!outline && n == 8 && strncasecmp(v, "heading", 7) == 0 && v[7] >= '1' && v[7] <= '9')
    p->info.level = (unsigned char)(v[7] - '0');
  else if (outline && n == 1 && v[0] >= '0' && v[0] <= '8')
    p->info.level = (unsigned char)(v[0] - '0' + 1);
}

static void hf_reference(ext *x, int n_attr, const xmlChar **attrs) {
  char *id = attr(n_attr, attrs, NS_ID_R, NS_ID_R_STRICT, "id");
  if (!id) return;
  for (size_t i = 0; i < x->n_hf; i++)
    if (strcmp(x->hf_ids[i], id) == 0) {
      free(id);
      return;
    }
  xgrow((void **)&x->hf_ids, &x->cap_hf, x->n_hf + 1, sizeof *x->hf_ids);
  x->hf_ids[x->n_hf++] = id;
}

/* The WordprocessingML elements the text depends on, and what they are. */
typedef enum {
  W_OTHER,
  W_SKIP, /* a subtree that holds no text: properties, deleted and
             moved-away text of tracked changes, content control settings */
  W_HF_REF, W_P, W_R, W_T, W_INSTR, W_FLDCHAR, W_FOOTNOTE_REF, W_ENDNOTE_REF,
  W_BLANK, /* in a run: tabs and breaks, white space */
  W_NB_HYPHEN, W_SYM, W_FLDSIMPLE, W_TBL, W_TR, W_PSTYLE, W_OUTLINE, W_BODY, W_HDR, W_FTR,
  W_FOOTNOTE, W_ENDNOTE,
  W_PPR /* paragraph properties: style, outline level, section properties */
} w_kind;

/* Looked up by hash (w_kind_of). */
static const struct {
  const char *name;
  unsigned char kind;
} w_names[] = {
    {"br", W_BLANK},         {"body", W_BODY},
    {"cr", W_BLANK},         {"del", W_SKIP},
    {"delText", W_SKIP},     {"delInstrText", W_SKIP},
    {"endnoteReference", W_ENDNOTE_REF}, {"endnote", W_ENDNOTE},
    {"fldChar", W_FLDCHAR},  {"footnoteReference", W_FOOTNOTE_REF},
    {"footerReference", W_HF_REF}, {"fldSimple", W_FLDSIMPLE},
    {"ftr", W_FTR},          {"footnote", W_FOOTNOTE},
    {"headerReference", W_HF_REF}, {"hdr", W_HDR},
    {"instrText", W_INSTR},  {"moveFrom", W_SKIP},
    {"noBreakHyphen", W_NB_HYPHEN}, {"outlineLvl", W_OUTLINE},
    {"p", W_P},              {"pStyle", W_PSTYLE},
    {"pPr", W_PPR},
    {"ptab", W_BLANK},       {"r", W_R},
    {"rPr", W_SKIP},         {"sdtPr", W_SKIP},
    {"sdtEndPr", W_SKIP},    {"sym", W_SYM},
    {"t", W_T},              {"tab", W_BLANK},
    {"tbl", W_TBL},          {"tblPr", W_SKIP},
    {"tblGrid", W_SKIP},     {"tr", W_TR},
    {"trPr", W_SKIP},        {"tcPr", W_SKIP},
};

/* w_names by hash, in a table with room to spare (open addressing,
 * names_init): an element (every element of the body is looked up) is
 * compared with no name at all unless one has its hash. */
enum { W_SLOTS = 128 };

static struct {
  size_t hash; /* str_hash_len's */
  unsigned char len, name; /* name: its index in w_names, plus one */
} w_slots[W_SLOTS];

static void w_slots_init(void) {
  for (size_t i = 0; i < ARRAY_LEN(w_names); i++) {
    size_t n;
    size_t h = str_hash_len(w_names[i].name, &n);
    size_t k = h & (W_SLOTS - 1);
    while (w_slots[k].name) k = (k + 1) & (W_SLOTS - 1);
    w_slots[k].hash = h;
    w_slots[k].len = (unsigned char)n;
    w_slots[k].name = (unsigned char)(i + 1);
  }
}

static w_kind w_kind_of(const xmlChar *local) {
  size_t n;
  size_t h = str_hash_len((const char *)local, &n);
  for (size_t k = h & (W_SLOTS - 1); w_slots[k].name; k = (k + 1) & (W_SLOTS - 1)) {
    if (w_slots[k].hash != h || w_slots[k].len != n) continue;
    /* a few bytes: compared here, not by a call */
    const char *name = w_names[w_slots[k].name - 1].name;
    size_t i = 0;
    while (i < n && local[i] == (xmlChar)name[i]) i++;
    if (i == n) return (w_kind)w_names[w_slots[k].name - 1].kind;
  }
  return W_OTHER;
}

/* A symbol (w:sym) as its character. */
static void w_sym(ext *x, int n_attr, const xmlChar **attrs) {
  char *c = w_attr(n_attr, attrs, "char");
  unsigned long cp = c ? strtoul(c, NULL, 16) : 0;
  if (cp > 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF)) {
    buf b;
    buf_init(&b);
    buf_add_cp(&b, (unsigned)cp);
    add_text(x, b.data, b.len);
    buf_free(&b);
  }
  free(c);
}

static unsigned w_start(ext *x, const xmlChar *local, int n_attr, const xmlChar **attrs) {
  w_kind k = w_kind_of(local);
  switch (k) {
  case W_HF_REF: hf_reference(x, n_attr, attrs); return 0;
  case W_SKIP: return (unsigned)-1;
  case W_PPR: return x->plain_ppr ? (unsigned)-1 : 0;
  case W_P:
    if (!x->collecting) return 0;
    para_open(x, 0);
    return E_PARA;
  case W_R: return E_RUN;
  case W_T:
    buf_reset(&x->t);
    x->t_preserve = attr_is(n_attr, attrs, NS_ID_XML, NS_ID_XML, "space", "preserve");
    return E_T;
  case W_INSTR: return E_INSTR;
  default: break;
  }
  if (top_flags(x) & E_RUN) { /* a run's content that is text */
    switch (k) {
    case W_FLDCHAR: field_char(x, n_attr, attrs); break;
    case W_FOOTNOTE_REF: note_ref(x, 'f', n_attr, attrs); break;
    case W_ENDNOTE_REF: note_ref(x, 'e', n_attr, attrs); break;
    case W_BLANK: add_text(x, " ", 1); break;
    case W_NB_HYPHEN: add_text(x, "\xE2\x80\x91", 3); break; /* U+2011 */
    case W_SYM: w_sym(x, n_attr, attrs); break;
    default: break;
    }
    return 0;
  }
  switch (k) {
  case W_FLDSIMPLE: {
    char *code = w_attr(n_attr, attrs, "instr");
    field_push(x, code); /* the content is the result */
    field_separate(x);
    free(code);
    return E_FIELD;
  }
  case W_TBL: table_open(x); return E_TABLE;
  case W_TR: row_open(x); return 0;
  case W_PSTYLE:
  case W_OUTLINE: heading_level(x, k == W_OUTLINE, n_attr, attrs); return 0;
  case W_BODY: return region_open(x, DOCTEXT_BODY) ? E_REGION : 0;
  case W_HDR:
  case W_FTR: return region_open(x, k == W_HDR ? DOCTEXT_HEADER : DOCTEXT_FOOTER) ? E_REGION : 0;
  case W_FOOTNOTE:
  case W_ENDNOTE: {
    char *type = w_attr(n_attr, attrs, "type");
    bool separator = type && strcmp(type, "normal") != 0;
    free(type);
    char *id = w_attr(n_attr, attrs, "id");
    if (separator || !id || !region_open(x, DOCTEXT_NOTE)) {
      free(id);
      return 0;
    }
    x->note_id = id;
    x->note_kind = k == W_FOOTNOTE ? 'f' : 'e';
    return E_REGION;
  }
  default: return 0;
  }
}

/* The text of a w:t: without xml:space="preserve", Word drops the white
 * space at either end. */
static void w_t_end(ext *x) {
  const char *s = x->t.data ? x->t.data : "";
  size_t a = 0, b = x->t.len;
  if (!x->t_preserve) {
    while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\n' || s[a] == '\r')) a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\n' || s[b - 1] == '\r')) b--;
  }
  add_text(x, s + a, b - a);
}

/* ---- SAX handlers ---- */

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int n_ns,
                     const xmlChar **nss, int n_attr, int n_defaulted, const xmlChar **attrs) {
  (void)prefix, (void)n_ns, (void)nss, (void)n_defaulted;
  ext *x = ctx;
  if (x->skip) {
    x->skip++;
    return;
  }
  unsigned f = 0;
  ns_id ns = ns_of(uri);
  if (x->docx) {
    if (ns == NS_ID_W || ns == NS_ID_W_STRICT) f = w_start(x, local, n_attr, attrs);
    else if (ns == NS_ID_MC && name_is(local, "Fallback")) f = (unsigned)-1;
  } else {
    f = odf_start(x, local, ns, n_attr, attrs);
  }
  if (f == (unsigned)-1) {
    x->skip = 1;
    return;
  }
  if (x->n_elems == x->cap_elems) xgrow((void **)&x->elems, &x->cap_elems, x->n_elems + 1, sizeof *x->elems);
  x->elems[x->n_elems++] = (unsigned short)f;
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) {
  (void)local, (void)prefix, (void)uri;
  ext *x = ctx;
  if (x->skip) {
    x->skip--;
    return;
  }
  if (!x->n_elems) return;
  unsigned short f = x->elems[--x->n_elems];
  if (!f) return; /* most elements: nothing to undo */
  if (f & E_T) w_t_end(x);
  if ((f & E_PARA) && x->n_paras) para_close(x);
  if ((f & E_TABLE) && x->n_tables) x->n_tables--;
  if (f & E_NOTE) x->note_depth--;
  if (f & E_FIELD) field_pop(x);
  if (f & E_REGION) region_close(x);
}

static void on_chars(void *ctx, const xmlChar *s, int len) {
  ext *x = ctx;
  if (x->skip || len <= 0) return;
  unsigned short f = top_flags(x);
  if (f & E_T) buf_add(&x->t, s, (size_t)len);
  else if ((f & E_INSTR) && x->n_fields) buf_add(&x->fields[x->n_fields - 1].code, s, (size_t)len);
  else if (f & E_COUNT) add_text(x, (const char *)s, (size_t)len);
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext_id, const xmlChar *sys_id) {
  (void)name, (void)ext_id, (void)sys_id;
  ext *x = ctx;
  x->doctype = true;
  xmlStopParser(x->ctx);
}

static void on_error(void *ctx, xmlErrorPtr e) {
  ext *x = ctx;
  if (x->xml_err || !e || !e->message) return;
  size_t len = strlen(e->message);
  while (len > 0 && (e->message[len - 1] == '\n' || e->message[len - 1] == ' ')) len--;
  x->xml_err = xasprintf("line %d: %.*s", e->line, (int)len, e->message);
}

/* Resets what one part's parse leaves behind (a broken part may leave
 * elements open). */
static void part_reset(ext *x) {
  while (x->n_paras) para_close(x);
  if (x->collecting) region_close(x);
  while (x->n_fields) field_pop(x);
  x->n_elems = x->n_tables = 0;
  x->skip = x->note_depth = 0;
  x->blocking = 0;
}

/* Streams part name through the parser. Returns 0 (also when the part is
 * absent and optional), -1 with *err. */
static int parse_part(ext *x, zip_pkg pkg, const char *name, bool required, char **err) {
  char *zerr = NULL;
  zip_part_reader *r = zip_pkg_open(pkg, name, &zerr);
  if (!r) {
    if (!zerr && !required) return 0;
    *err = zerr ? zerr : xasprintf(_("%s is missing"), name);
    return -1;
  }
  xmlSAXHandler sax;
  memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = on_start;
  sax.endElementNs = on_end;
  sax.characters = on_chars;
  sax.cdataBlock = on_chars;
  sax.internalSubset = on_doctype;
  sax.serror = on_error;
  x->ctx = xmlCreatePushParserCtxt(&sax, x, NULL, 0, name);
  if (!x->ctx) abort();
  /* no network, no entities beyond XML's own (there is no DTD to declare
   * any), and the depth and size limits of libxml2 left in place */
  xmlCtxtUseOptions(x->ctx, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  char chunk[65536];
  long n;
  int rc = 0;
  do {
    n = zip_part_read(r, chunk, sizeof chunk, &zerr);
    if (n < 0) {
      *err = zerr;
      rc = -1;
      break;
    }
    xmlParseChunk(x->ctx, chunk, (int)n, n == 0);
  } while (n > 0 && !x->doctype && x->ctx->wellFormed && !x->ctx->disableSAX);
  if (rc == 0 && (x->doctype || !x->ctx->wellFormed || !x->ctx->nsWellFormed)) {
    if (x->doctype) *err = xasprintf(_("%s: has a DOCTYPE declaration, which is not allowed"), name);
    else *err = xasprintf(_("%s: not well-formed XML (%s)"), name, x->xml_err ? x->xml_err : _("unreadable"));
    rc = -1;
  }
  free(x->xml_err);
  x->xml_err = NULL;
  x->doctype = false;
  xmlFreeParserCtxt(x->ctx);
  x->ctx = NULL;
  zip_part_close(r);
  part_reset(x);
  return rc;
}

/* ---- the package ---- */

/* Word's relationships of the main document: targets by id and type. */
typedef struct {
  char *id, *type, *target;
} rel;

typedef struct {
  rel *items;
  size_t n, cap;
} rel_list;

static void rels_free(rel_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->items[i].id);
    free(l->items[i].type);
    free(l->items[i].target);
  }
  free(l->items);
}

static int read_whole(zip_pkg pkg, const char *name, buf *out, char **err) {
  char *zerr = NULL;
  zip_part_reader *r = zip_pkg_open(pkg, name, &zerr);
  if (!r) {
    if (!zerr) return 1;
    *err = zerr;
    return -1;
  }
  char chunk[16384];
  long n;
  while ((n = zip_part_read(r, chunk, sizeof chunk, &zerr)) > 0) buf_add(out, chunk, (size_t)n);
  zip_part_close(r);
  if (n < 0) {
    *err = zerr;
    return -1;
  }
  return 0;
}

/* word/_rels/document.xml.rels: internal targets as package paths. */
static int read_rels(zip_pkg pkg, rel_list *l, char **err) {
  buf b;
  buf_init(&b);
  int rc = read_whole(pkg, "word/_rels/document.xml.rels", &b, err);
  if (rc != 0) {
    buf_free(&b);
    return rc < 0 ? -1 : 0;
  }
  xmlDocPtr d = xml_parse_untrusted(b.data ? b.data : "", b.len, "word/_rels/document.xml.rels", err);
  buf_free(&b);
  if (!d) return -1;
  xmlNodePtr root = xmlDocGetRootElement(d);
  for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "Relationship") != 0) continue;
    xmlChar *id = xmlGetProp(n, BAD_CAST "Id"), *type = xmlGetProp(n, BAD_CAST "Type");
    xmlChar *target = xmlGetProp(n, BAD_CAST "Target"), *mode = xmlGetProp(n, BAD_CAST "TargetMode");
    if (id && type && target && !mode) {
      const char *t = (const char *)target;
      xgrow((void **)&l->items, &l->cap, l->n + 1, sizeof *l->items);
      l->items[l->n++] = (rel){xstrdup((const char *)id), xstrdup((const char *)type),
                               t[0] == '/' ? xstrdup(t + 1) : xasprintf("word/%s", t)};
    }
    xmlFree(id);
    xmlFree(type);
    xmlFree(target);
    xmlFree(mode);
  }
  xmlFreeDoc(d);
  return 0;
}

static bool rel_is(const rel *r, const char *type) {
  size_t n = strlen(r->type), m = strlen(type);
  return n > m && r->type[n - m - 1] == '/' && strcmp(r->type + n - m, type) == 0;
}

/* The relationship with id (or, id NULL, the first one of type), or NULL
 * when there is none or it is not of type. Types are compared by their
 * last segment, the same in transitional and strict Office Open XML. */
static const rel *rel_find(const rel_list *l, const char *type, const char *id) {
  for (size_t i = 0; i < l->n; i++) {
    const rel *r = &l->items[i];
    if (id ? strcmp(r->id, id) == 0 : rel_is(r, type)) return rel_is(r, type) ? r : NULL;
  }
  return NULL;
}

/* A header or footer part whose text was taken as build wrote it
 * (doctext_feed_part): its groups, to keep as reading it would. */
typedef struct {
  ext x; /* first: the part's SAX handlers get this as their ctx */
  char *name;
  bool complete; /* all of it seen, and nothing but headers and footers */
} fed_part;

typedef struct {
  fed_part **items;
  size_t n, cap;
} fed_part_list;

static int read_hf(ext *x, zip_pkg pkg, const rel_list *rels, const fed_part_list *fed, char **err);

/* The footnotes and endnotes parts, their notes sorted for note_ref. */
static int read_notes(ext *x, zip_pkg pkg, const rel_list *rels, char **err) {
  const rel *notes[] = {rel_find(rels, "footnotes", NULL), rel_find(rels, "endnotes", NULL)};
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < ARRAY_LEN(notes); i++)
    if (notes[i]) rc = parse_part(x, pkg, notes[i]->target, false, err);
  if (rc == 0 && x->n_notes) qsort(x->notes, x->n_notes, sizeof *x->notes, cmp_note);
  return rc;
}

static int read_docx(ext *x, zip_pkg pkg, char **err) {
  rel_list rels = {0};
  int rc = read_rels(pkg, &rels, err);
  if (rc == 0) rc = read_notes(x, pkg, &rels, err);
  if (rc == 0) rc = parse_part(x, pkg, "word/document.xml", true, err);
  if (rc == 0) rc = read_hf(x, pkg, &rels, NULL, err);
  rels_free(&rels);
  return rc;
}

/* The groups of a part taken as written: what parsing it would keep. */
static void keep_fed(ext *x, fed_part *p) {
  for (size_t i = 0; i < p->x.n_groups; i++)
    if (p->x.groups[i].n) group_keep(x, &p->x.groups[i]);
}

static fed_part *fed_find(const fed_part_list *fed, const char *name) {
  for (size_t i = 0; fed && i < fed->n; i++)
    if (fed->items[i]->complete && strcmp(fed->items[i]->name, name) == 0) return fed->items[i];
  return NULL;
}

/* The headers, then the footers the body referred to, each part once;
 * those in fed as written, the others read from pkg. */
static int read_hf(ext *x, zip_pkg pkg, const rel_list *rels, const fed_part_list *fed, char **err) {
  int rc = 0;
  for (int footer = 0; footer < 2 && rc == 0; footer++) {
    const char *type = footer ? "footer" : "header";
    const rel **done = xcalloc(x->n_hf + 1, sizeof *done);
    size_t n_done = 0;
    for (size_t i = 0; i < x->n_hf && rc == 0; i++) {
      const rel *r = rel_find(rels, type, x->hf_ids[i]);
      bool seen = !r;
      for (size_t k = 0; k < n_done && !seen; k++) seen = strcmp(done[k]->target, r->target) == 0;
      if (seen) continue;
      done[n_done++] = r;
      fed_part *p = fed_find(fed, r->target);
      if (p) keep_fed(x, p);
      else rc = parse_part(x, pkg, r->target, false, err);
    }
    free(done);
  }
  return rc;
}

static void ext_free(ext *x) {
  part_reset(x);
  free(x->elems);
  free(x->paras);
  free(x->tables);
  free(x->fields);
  buf_free(&x->t);
  buf_free(&x->spare);
  buf_free(&x->norm);
  doctext_free(&x->body);
  doctext_free(&x->group);
  for (size_t i = 0; i < x->n_groups; i++) doctext_free(&x->groups[i]);
  free(x->groups);
  for (size_t i = 0; i < x->n_notes; i++) {
    free(x->notes[i].id);
    doctext_free(&x->notes[i].text);
  }
  free(x->notes);
  for (size_t i = 0; i < x->n_hf; i++) free(x->hf_ids[i]);
  free(x->hf_ids);
  free(x->note_id);
}

/* After the body: the headers, then the footers. */
static void emit_groups(ext *x) {
  for (int area = DOCTEXT_HEADER; area <= DOCTEXT_FOOTER; area++)
    for (size_t i = 0; i < x->n_groups; i++) {
      doctext *g = &x->groups[i];
      if (!g->n || g->paras[0].area != area) continue;
      for (size_t k = 0; k < g->n; k++) put(x, &x->body, g->paras[k]);
      free(g->paras);
      memset(g, 0, sizeof *g);
    }
}

/* Reads the package's text, handing each paragraph to emit in document
 * order: the body (notes in it), then the headers, then the footers. */
static int extract(zip_pkg pkg, bool docx, void (*emit)(void *, doctext_para), void *ctx, char **err) {
  names_init();
  *err = NULL;
  ext x;
  memset(&x, 0, sizeof x);
  x.docx = docx;
  x.emit = emit;
  x.emit_ctx = ctx;
  buf_init(&x.t);
  int rc;
  if (docx) {
    rc = read_docx(&x, pkg, err);
  } else {
    rc = parse_part(&x, pkg, "content.xml", true, err);
    if (rc == 0) rc = parse_part(&x, pkg, "styles.xml", false, err);
  }
  if (rc == 0) emit_groups(&x);
  ext_free(&x);
  return rc;
}

static void emit_keep(void *ctx, doctext_para p) {
  p.text = xstrdup(p.text);
  push_para(ctx, p);
}

static void emit_hash(void *ctx, doctext_para p) { hash_para(ctx, p.text); }

int doctext_read(zip_pkg pkg, bool docx, doctext *out, char **err) {
  memset(out, 0, sizeof *out);
  int rc = extract(pkg, docx, emit_keep, out, err);
  if (rc != 0) doctext_free(out);
  return rc;
}

int doctext_digest_package(zip_pkg pkg, bool docx, char hex[65], char **err) {
  hasher h;
  hash_start(&h);
  int rc = extract(pkg, docx, emit_hash, &h, err);
  if (rc == 0) hash_end(&h, hex);
  return rc;
}

/* ---- the body from the writer ---- */

struct doctext_feed {
  ext x;
  hasher h;
  /* the body's paragraphs from its first note reference on, held until
   * the notes are read: only a document with notes holds any */
  doctext held;
  bool holding;
  /* what build handed over as it wrote it: the main part's relationships
   * (doctext_feed_rel) and header and footer parts (doctext_feed_part) */
  rel_list rels;
  bool have_rels;
  fed_part_list parts;
};

/* A fed body's paragraph: hashed at once until a note must be placed. */
static void emit_feed(void *ctx, doctext_para p) {
  doctext_feed *f = ctx;
  if (p.area == NOTE_REF) f->holding = true;
  if (f->holding) {
    p.text = xstrdup(p.text);
    push_para(&f->held, p);
    return;
  }
  hash_para(&f->h, p.text);
}

/* The held paragraphs hashed, each note reference replaced by the note's
 * paragraphs, as the package's reading places them (note_ref). */
static void hash_held(doctext_feed *f) {
  ext *x = &f->x;
  for (size_t i = 0; i < f->held.n; i++) {
    doctext_para *p = &f->held.paras[i];
    if (p->area != NOTE_REF) {
      hash_para(&f->h, p->text);
      continue;
    }
    note key = {p->text[0], p->text + 1, {0}};
    note *n = x->n_notes ? bsearch(&key, x->notes, x->n_notes, sizeof *x->notes, cmp_note) : NULL;
    for (size_t k = 0; n && k < n->text.n; k++) hash_para(&f->h, n->text.paras[k].text);
  }
  doctext_free(&f->held);
  f->holding = false;
}

static const xmlSAXHandler feed_sax = {
    .initialized = XML_SAX2_MAGIC,
    .startElementNs = on_start,
    .endElementNs = on_end,
    .characters = on_chars,
    .cdataBlock = on_chars,
};

doctext_feed *doctext_feed_new(bool docx) {
  names_init();
  doctext_feed *f = xcalloc(1, sizeof *f);
  f->x.docx = docx;
  f->x.fed = docx; /* ODF keeps its notes where they are referenced */
  f->x.emit = emit_feed;
  f->x.emit_ctx = f;
  buf_init(&f->x.t);
  hash_start(&f->h);
  return f;
}

const xmlSAXHandler *doctext_feed_sax(void) { return &feed_sax; }

/* ctx is a feed or a fed part: both begin with their ext */
bool doctext_feed_ignores(void *ctx) { return ((ext *)ctx)->skip > 0; }

void doctext_feed_rel(doctext_feed *f, const char *id, const char *type, const char *target) {
  rel_list *l = &f->rels;
  xgrow((void **)&l->items, &l->cap, l->n + 1, sizeof *l->items);
  /* as read_rels makes them of the part */
  l->items[l->n++] = (rel){xstrdup(id), xstrdup(type),
                           target[0] == '/' ? xstrdup(target + 1) : xasprintf("word/%s", target)};
  f->have_rels = true;
}

/* A fed part's paragraphs outside a header or footer would go to the
 * body: such a part is read from the package instead. */
static void emit_stray(void *ctx, doctext_para p) {
  (void)p;
  ((fed_part *)ctx)->complete = false;
}

void doctext_feed_plain_ppr(doctext_feed *f) { f->x.plain_ppr = true; }

void *doctext_feed_part(doctext_feed *f, const char *name) {
  fed_part *p = xcalloc(1, sizeof *p);
  p->x.docx = f->x.docx;
  p->x.plain_ppr = f->x.plain_ppr;
  p->x.emit = emit_stray;
  p->x.emit_ctx = p;
  buf_init(&p->x.t);
  p->name = xstrdup(name);
  p->complete = true;
  xgrow((void **)&f->parts.items, &f->parts.cap, f->parts.n + 1, sizeof *f->parts.items);
  f->parts.items[f->parts.n++] = p;
  return p;
}

void doctext_feed_part_end(void *part, bool observed_all) {
  fed_part *p = part;
  part_reset(&p->x);
  /* only what a header or footer holds: no body, notes or references */
  if (!observed_all || p->x.n_notes || p->x.n_hf) p->complete = false;
}

int doctext_feed_digest(doctext_feed *f, zip_pkg pkg, char hex[65], char **err) {
  *err = NULL;
  ext *x = &f->x;
  part_reset(x);
  x->fed = false; /* the other parts are read from the package */
  int rc;
  if (x->docx) {
    rel_list read = {0}, *rels = f->have_rels ? &f->rels : &read;
    rc = f->have_rels ? 0 : read_rels(pkg, &read, err);
    if (rc == 0 && f->holding) rc = read_notes(x, pkg, rels, err);
    if (rc == 0) hash_held(f);
    if (rc == 0) rc = read_hf(x, pkg, rels, &f->parts, err);
    rels_free(&read);
  } else {
    fed_part *p = fed_find(&f->parts, "styles.xml");
    rc = 0;
    if (p) keep_fed(x, p);
    else rc = parse_part(x, pkg, "styles.xml", false, err);
  }
  if (rc == 0) {
    emit_groups(x);
    hash_end(&f->h, hex);
  }
  return rc;
}

void doctext_feed_free(doctext_feed *f) {
  if (!f) return;
  doctext_free(&f->held);
  rels_free(&f->rels);
  for (size_t i = 0; i < f->parts.n; i++) {
    ext_free(&f->parts.items[i]->x);
    free(f->parts.items[i]->name);
    free(f->parts.items[i]);
  }
  free(f->parts.items);
  ext_free(&f->x);
  free(f);
}
