/* cmd_verify.c - the `verify` command: "is this the text that was agreed?"
 * Reads a generated .odt/.docx as it is now: the properties wijkcontract
 * stored in it and its text (doctext.c). On its own, it says whether the
 * text is still the text the document was generated with (the stored text
 * digest). Given the source, it also rebuilds the document from it in
 * memory as build, matrix or review made it (the properties say which) and
 * compares the text paragraph by paragraph.
 *
 * Whatever comes from the document or the command line is printed escaped
 * (textout_escape), each value on the line of its label, so it cannot
 * make a line of its own; the verdict comes last, on a line that starts
 * with "Verdict:". Exit 0 only when the text is the source's (without a
 * source: unchanged since it was generated); 1 when it differs or cannot
 * be tied to the source; 2 when the document is not a readable ODT or
 * DOCX, or the source cannot be read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "doc.h"
#include "docinfo.h"
#include "doctext.h"
#include "i18n.h"
#include "model.h"
#include "profile.h"
#include "textout.h"
#include "util.h"
#include "writers.h"
#include "zipio.h"

enum {
  MAX_SHOWN = 20,        /* differences listed; the rest are counted */
  MAX_ALIGN = 4000000,   /* cells of the paragraph alignment table */
  MAX_CANDIDATES = 64,   /* documents tried when the properties are gone */
  CONTEXT_WORDS = 4,     /* words shown around a change */
  MAX_SHOWN_COLS = 240   /* columns of one changed stretch */
};

/* ---- printing ---- */

/* "Label:   value" lines with the values aligned and escaped. */
typedef struct {
  const char *label;
  const char *value; /* NULL: the row is left out */
} row;

static void print_rows(const row *rows, size_t n) {
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    size_t c = textout_cols(rows[i].label, strlen(rows[i].label)) + 1;
    if (rows[i].value && c > w) w = c;
  }
  for (size_t i = 0; i < n; i++) {
    if (!rows[i].value) continue;
    buf b;
    buf_init(&b);
    char *l = xasprintf("%s:", rows[i].label);
    textout_pad(&b, l, w + 1);
    buf_add_escaped(&b, rows[i].value, strlen(rows[i].value));
    printf("%s\n", b.data);
    buf_free(&b);
    free(l);
  }
}

/* The verdict: the last line, the only one that starts with its label. */
static void verdict(const char *text) { printf("\n%s %s\n", _("Verdict:"), text); }

/* What a digest proves, and what it does not; without a source, how to
 * learn more. */
static void digest_note(bool with_source) {
  printf("%s\n", _("A text digest shows that nobody changed the text after wijkcontract generated it. It is not\n"
                   "a signature: whoever generates a document from some other source gets a document whose\n"
                   "digest matches too."));
  if (!with_source)
    printf("%s\n", _("Whether this is the agreed text, only a comparison with the agreed source tells:\n"
                     "wijkcontract verify DOCUMENT SOURCE.md"));
}

/* ---- the document's own text ---- */

typedef enum { TEXT_UNCHANGED, TEXT_CHANGED, TEXT_NO_DIGEST } text_state;

static text_state text_check(const docinfo *info, const doctext *text) {
  if (!info->text_digest || !info->text_digest[0]) return TEXT_NO_DIGEST;
  char hex[65];
  doctext_digest(text, hex);
  return strcmp(hex, info->text_digest) == 0 ? TEXT_UNCHANGED : TEXT_CHANGED;
}

/* Another program saved the file after wijkcontract: its name is where
 * wijkcontract's was (ODT meta:generator, DOCX Application). */
static bool resaved(const docinfo *info) {
  return info->application && strncmp(info->application, "wijkcontract", 12) != 0;
}

static const char *text_state_line(text_state s) {
  switch (s) {
  case TEXT_UNCHANGED: return _("unchanged since it was generated (its text digest matches)");
  case TEXT_CHANGED: return _("CHANGED after it was generated (its text digest does not match)");
  default: return _("no text digest stored: made by an older wijkcontract, or another program dropped the "
                    "properties");
  }
}

/* The stage a document records (draft, final, signed: the same words in
 * every language) in the words of the interface. */
static const char *stage_word(const char *stage) {
  if (str_eq(stage, "draft")) return _("draft");
  if (str_eq(stage, "final")) return _("final");
  if (str_eq(stage, "signed")) return _("signed");
  return stage;
}

static void print_document(const char *path, const docinfo *info, const doctext *text, text_state ts) {
  char *made_as = NULL;
  if (info->made_as && info->party && info->party[0])
    made_as = xasprintf("%s (%s)", info->made_as, info->party);
  else if (info->made_as && str_eq(info->public_version, "true"))
    made_as = xasprintf(_("%s, public version"), info->made_as);
  else if (info->made_as)
    made_as = xstrdup(info->made_as);
  char *paras = xasprintf("%zu", text->n);
  row rows[] = {{_("Document"), path},
                {_("Title"), info->title},
                {_("Fingerprint"), info->fingerprint},
                {_("Version"), info->version},
                {_("Status"), info->status},
                {_("Stage"), stage_word(info->stage)},
                {_("Kind"), info->kind},
                {_("Made as"), made_as},
                {_("Generator"), info->generator},
                {_("Saved by"), resaved(info) ? info->application : NULL},
                {_("Text digest"), info->text_digest},
                {_("Paragraphs"), paras},
                {_("Text"), info->fingerprint || info->text_digest ? text_state_line(ts) : NULL}};
  print_rows(rows, ARRAY_LEN(rows));
  free(made_as);
  free(paras);
}

/* What a document that is no contract, matrix or review is, or NULL: an
 * evaluation report depends on its date and a redline on two versions,
 * so neither is the text of one source to compare with. */
static const char *not_the_contract(const docinfo *info) {
  if (str_eq(info->made_as, "report"))
    return _("This document is an evaluation report (made by 'wijkcontract report'), not the contract: it\n"
             "shows the state of the commitments at a date, so it is not the agreed text of any source.\n"
             "To check the agreed text, verify the contract's own document.");
  if (str_eq(info->made_as, "redline"))
    return _("This document is a redline (made by 'wijkcontract redline'): a new version's text with the\n"
             "changes from an older one as tracked changes, not the agreed text itself.\n"
             "To check the agreed text, verify the contract's own document.");
  return NULL;
}

/* ---- rebuilding from the source ---- */

/* One way the document may have been made. */
typedef struct {
  const char *made_as; /* "contract", "matrix", "review" */
  const char *party;   /* review */
  bool draft;          /* contract */
  bool public_version; /* contract: the public version (--public) */
} recipe;

/* The text of the document recipe r makes from c, in the format of the
 * document (docx); 0, or -1 with *err when it cannot be made. */
static int rebuild(const contract *c, const recipe *r, bool docx, doctext *out, char **err) {
  memset(out, 0, sizeof *out);
  doc *d = NULL;
  if (strcmp(r->made_as, "matrix") == 0) d = compose_matrix(c);
  else if (strcmp(r->made_as, "review") == 0) d = r->party ? compose_review(c, r->party) : NULL;
  else if (r->public_version) d = compose_contract_public(c, r->draft, false);
  else d = compose_contract(c, r->draft);
  if (!d) {
    *err = xstrdup(_("the source has no such party, or no profile"));
    return -1;
  }
  buf pkg;
  buf_init(&pkg);
  int rc = docx ? docx_write(d, NULL, &pkg, err) : odt_write(d, NULL, &pkg, err);
  doc_free(d);
  zip_in *z = rc == 0 ? zip_in_open_buffer(pkg.data, pkg.len, err) : NULL;
  if (z) {
    rc = doctext_read((zip_pkg){z, NULL}, docx, out, err);
    zip_in_close(z);
  } else {
    rc = -1;
  }
  buf_free(&pkg);
  return rc;
}

/* ---- comparing paragraphs ---- */

typedef enum { DIFF_CHANGED, DIFF_MISSING, DIFF_EXTRA } diff_kind;

typedef struct {
  diff_kind kind;
  size_t doc, src; /* paragraph indexes (doc for CHANGED/EXTRA, src for CHANGED/MISSING) */
} diff;

typedef struct {
  diff *items;
  size_t n, cap;
} diff_list;

static void diff_add(diff_list *l, diff_kind kind, size_t doc_i, size_t src_i) {
  xgrow((void **)&l->items, &l->cap, l->n + 1, sizeof *l->items);
  l->items[l->n++] = (diff){kind, doc_i, src_i};
}

static bool para_eq(const doctext *a, size_t i, const doctext *b, size_t j) {
  return strcmp(a->paras[i].text, b->paras[j].text) == 0;
}

/* A stretch of a[ai..ai+na) replaced by b[bi..bi+nb): paragraphs paired
 * as changed, the rest missing or extra. */
static void diff_stretch(diff_list *l, size_t ai, size_t na, size_t bi, size_t nb) {
  size_t k = 0;
  for (; k < na && k < nb; k++) diff_add(l, DIFF_CHANGED, ai + k, bi + k);
  for (size_t i = k; i < na; i++) diff_add(l, DIFF_EXTRA, ai + i, bi + nb);
  for (size_t j = k; j < nb; j++) diff_add(l, DIFF_MISSING, ai + na, bi + j);
}

/* The differences between the document's paragraphs a and the source's b:
 * a longest common subsequence of the middle that differs (the common
 * start and end taken off first); beyond MAX_ALIGN cells, paragraph by
 * paragraph. */
static void compare(const doctext *a, const doctext *b, diff_list *out) {
  memset(out, 0, sizeof *out);
  size_t lo = 0, na = a->n, nb = b->n;
  while (lo < na && lo < nb && para_eq(a, lo, b, lo)) lo++;
  while (na > lo && nb > lo && para_eq(a, na - 1, b, nb - 1)) na--, nb--;
  size_t n = na - lo, m = nb - lo;
  if (n == 0 || m == 0 || (n + 1) > MAX_ALIGN / (m + 1)) {
    diff_stretch(out, lo, n, lo, m);
    return;
  }
  /* len[i][j]: common subsequence of a[lo+i..na) and b[lo+j..nb) */
  unsigned *len = xcalloc((n + 1) * (m + 1), sizeof *len);
#define LEN(i, j) len[(i) * (m + 1) + (j)]
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      LEN(i, j) = para_eq(a, lo + i, b, lo + j) ? LEN(i + 1, j + 1) + 1
                  : LEN(i + 1, j) > LEN(i, j + 1) ? LEN(i + 1, j) : LEN(i, j + 1);
  size_t i = 0, j = 0, si = 0, sj = 0; /* start of the stretch that differs */
  while (i < n || j < m) {
    if (i < n && j < m && para_eq(a, lo + i, b, lo + j)) {
      diff_stretch(out, lo + si, i - si, lo + sj, j - sj);
      si = ++i;
      sj = ++j;
    } else if (j < m && (i == n || LEN(i, j + 1) >= LEN(i + 1, j))) {
      j++;
    } else {
      i++;
    }
  }
  diff_stretch(out, lo + si, i - si, lo + sj, j - sj);
#undef LEN
  free(len);
}

/* ---- where a paragraph stands ---- */

/* "Artikel 2 Samenwerking", "Afspraken › Gemeente Lindenhaven, table row
 * 3", "footer": the headings above paragraph i (outline levels 1 and 2),
 * its table row, or its part of the page. */
static char *where(const doctext *t, size_t i) {
  if (i >= t->n) i = t->n ? t->n - 1 : 0;
  const doctext_para *p = t->n ? &t->paras[i] : NULL;
  if (p && p->area == DOCTEXT_HEADER) return xstrdup(_("in the header"));
  if (p && p->area == DOCTEXT_FOOTER) return xstrdup(_("in the footer"));
  const char *h1 = NULL, *h2 = NULL;
  for (size_t k = 0; p && k < i; k++) {
    const doctext_para *q = &t->paras[k];
    if (q->area == DOCTEXT_BODY && q->level == 1) h1 = q->text, h2 = NULL;
    else if (q->area == DOCTEXT_BODY && q->level == 2) h2 = q->text;
  }
  buf b;
  buf_init(&b);
  if (h1) textout_clip(&b, h1, strlen(h1), 60);
  if (h2) {
    if (h1) buf_adds(&b, " \xE2\x80\xBA "); /* › */
    textout_clip(&b, h2, strlen(h2), 60);
  }
  if (!h1 && !h2) buf_adds(&b, _("at the beginning"));
  if (p && p->area == DOCTEXT_NOTE) buf_printf(&b, ", %s", _("in a footnote"));
  else if (p && p->table) buf_printf(&b, _(", table row %u"), p->row);
  char *s = buf_detach(&b);
  char *r = str_escaped(s);
  free(s);
  return r;
}

/* ---- showing a change ---- */

static bool is_space_at(const char *s, size_t i) { return s[i] == ' '; }

/* Start of the word CONTEXT_WORDS words before position p of s. */
static size_t context_start(const char *s, size_t p) {
  size_t k = p, words = 0;
  while (k > 0 && words <= CONTEXT_WORDS) {
    k--;
    if (is_space_at(s, k)) words++;
  }
  return words > CONTEXT_WORDS ? k + 1 : 0;
}

/* End of the word CONTEXT_WORDS words after position p of s. */
static size_t context_end(const char *s, size_t len, size_t p) {
  size_t k = p, words = 0;
  while (k < len && words <= CONTEXT_WORDS) {
    if (is_space_at(s, k)) words++;
    k++;
  }
  return words > CONTEXT_WORDS ? k - 1 : len;
}

/* One side of a change: s[from..to), "…" where it is cut, escaped and
 * clipped. */
static void show_side(const char *label, const char *s, size_t from, size_t to) {
  buf b, raw;
  buf_init(&b);
  buf_init(&raw);
  buf_printf(&b, "      %s ", label);
  if (from > 0) buf_adds(&raw, "\xE2\x80\xA6"); /* … */
  buf_add(&raw, s + from, to - from);
  if (to < strlen(s)) buf_adds(&raw, "\xE2\x80\xA6");
  buf clipped;
  buf_init(&clipped);
  textout_clip(&clipped, raw.data, raw.len, MAX_SHOWN_COLS);
  buf_add_escaped(&b, clipped.data, clipped.len);
  printf("%s\n", b.data);
  buf_free(&b);
  buf_free(&raw);
  buf_free(&clipped);
}

/* Both sides of a changed paragraph, cut to the words that differ and a
 * few around them. */
static void show_change(const char *doc_text, const char *src_text) {
  size_t la = strlen(doc_text), lb = strlen(src_text);
  size_t p = 0;
  while (p < la && p < lb && doc_text[p] == src_text[p]) p++;
  while (p > 0 && !is_space_at(doc_text, p - 1)) p--; /* whole words */
  size_t q = 0;
  while (q < la - p && q < lb - p && doc_text[la - 1 - q] == src_text[lb - 1 - q]) q++;
  while (q > 0 && !is_space_at(doc_text, la - q)) q--;
  const char *lab_doc = _("document:"), *lab_src = _("source:  ");
  show_side(lab_doc, doc_text, context_start(doc_text, p), context_end(doc_text, la, la - q));
  show_side(lab_src, src_text, context_start(src_text, p), context_end(src_text, lb, lb - q));
}

static void show_whole(const char *label, const char *s) { show_side(label, s, 0, strlen(s)); }

static void print_diffs(const doctext *a, const doctext *b, const diff_list *dl) {
  for (size_t k = 0; k < dl->n && k < MAX_SHOWN; k++) {
    const diff *d = &dl->items[k];
    char *at = d->kind == DIFF_EXTRA ? where(a, d->doc) : where(b, d->src);
    const char *what = d->kind == DIFF_CHANGED   ? _("changed")
                       : d->kind == DIFF_MISSING ? _("missing from the document")
                                                 : _("only in the document");
    printf("  %zu. %s: %s\n", k + 1, at, what);
    free(at);
    if (d->kind == DIFF_CHANGED) show_change(a->paras[d->doc].text, b->paras[d->src].text);
    else if (d->kind == DIFF_MISSING) show_whole(_("source:  "), b->paras[d->src].text);
    else show_whole(_("document:"), a->paras[d->doc].text);
  }
  if (dl->n > MAX_SHOWN) printf(_("  ... and %zu more\n"), dl->n - MAX_SHOWN);
}

/* ---- the source ---- */

/* The source's status as the document would record it: its own, or the
 * profile's draft status when it names none. */
static const char *source_status(const contract *c) {
  if (c->status.s) return c->status.s;
  const profile_status *ds = c->profile ? profile_draft_status(c->profile) : NULL;
  return ds ? ds->id : "";
}

/* The ways the document may have been made: the one its properties
 * record, or, when they are gone, every one the source allows. */
static size_t recipes(const docinfo *info, const contract *c, recipe *out) {
  if (info->made_as && info->made_as[0]) {
    const char *who = info->party && info->party[0] ? info->party : NULL;
    out[0] = (recipe){info->made_as, who, str_eq(info->draft, "true"), str_eq(info->public_version, "true")};
    return 1;
  }
  size_t n = 0;
  out[n++] = (recipe){"contract", NULL, false, false};
  if (model_stage(c) != STAGE_DRAFT) out[n++] = (recipe){"contract", NULL, true, false};
  if (compose_public_possible(c)) {
    out[n++] = (recipe){"contract", NULL, false, true};
    if (model_stage(c) != STAGE_DRAFT) out[n++] = (recipe){"contract", NULL, true, true};
  }
  out[n++] = (recipe){"matrix", NULL, false, false};
  for (size_t p = 0; p < c->n_parties && n < MAX_CANDIDATES; p++)
    if (c->parties[p].id.s) out[n++] = (recipe){"review", c->parties[p].id.s, false, false};
  return n;
}

/* Compares the fingerprint, version and status with the source's. */
static bool compare_properties(const docinfo *info, const contract *c, const char *version) {
  const char *status = source_status(c);
  if (!info->fingerprint) {
    printf("%s\n", _("The document records no fingerprint to compare with the source's."));
    return false;
  }
  if (str_eq(info->fingerprint, c->fingerprint)) {
    printf("%s\n", _("The document's fingerprint is the source's."));
    return true;
  }
  printf(_("The document was NOT generated from this source:\n"));
  printf(_("  - the fingerprint differs: the source was changed after the document was made,\n"
           "    or the document comes from another file\n"));
  char *dv = str_escaped(info->version ? info->version : "-");
  char *ds = str_escaped(info->status ? info->status : "-");
  char *sv = str_escaped(version), *ss = str_escaped(status);
  if (!str_eq(info->version, version)) printf(_("  - version: document %s, source %s\n"), dv, sv);
  if (!str_eq(info->status, status)) printf(_("  - status: document %s, source %s\n"), ds, ss);
  free(dv);
  free(ds);
  free(sv);
  free(ss);
  return false;
}

/* The rebuilt document closest to the document's text: its recipe, its
 * text and the differences. */
typedef struct {
  recipe r;
  doctext text;
  diff_list diffs;
  bool found;
  char *err; /* why nothing could be rebuilt */
} match;

/* Rebuilds the document from c every way its properties allow (one, or
 * all when they are gone) and keeps the closest; stops at an exact one. */
static void closest(const docinfo *info, const contract *c, const doctext *text, match *m) {
  memset(m, 0, sizeof *m);
  recipe rs[MAX_CANDIDATES];
  size_t n = recipes(info, c, rs);
  for (size_t k = 0; k < n && !(m->found && m->diffs.n == 0); k++) {
    doctext t;
    char *e = NULL;
    if (rebuild(c, &rs[k], info->docx, &t, &e) != 0) {
      if (!m->err) m->err = e;
      else free(e);
      continue;
    }
    diff_list d;
    compare(text, &t, &d);
    if (m->found && d.n >= m->diffs.n) {
      doctext_free(&t);
      free(d.items);
      continue;
    }
    doctext_free(&m->text);
    free(m->diffs.items);
    *m = (match){rs[k], t, d, true, m->err};
  }
}

static void match_free(match *m) {
  doctext_free(&m->text);
  free(m->diffs.items);
  free(m->err);
}

/* Prints the comparison and the verdict; returns the exit status. */
static int report(const docinfo *info, const doctext *text, const match *m, bool same_fp, text_state ts) {
  printf("\n");
  if (!m->found) {
    digest_note(true);
    char *e = str_escaped(m->err ? m->err : "?");
    char *v = xasprintf(_("the document cannot be tied to this source: it cannot be rebuilt from it (%s)."), e);
    verdict(v);
    free(v);
    free(e);
    return 1;
  }
  char *kind = m->r.party            ? xasprintf("%s (%s)", m->r.made_as, m->r.party)
               : m->r.public_version ? xasprintf(_("%s, public version"), m->r.made_as)
                                     : xstrdup(m->r.made_as);
  char *k_esc = str_escaped(kind);
  if (!info->made_as || !info->made_as[0])
    printf(_("The document does not record how it was made; it is closest to the %s the source makes.\n"), k_esc);
  printf(_("Its text compared paragraph by paragraph with the %s generated from the source (%s):\n"), k_esc,
         info->docx ? "DOCX" : "ODT");
  free(kind);
  free(k_esc);
  if (m->diffs.n == 0) printf(_("  all %zu paragraphs are the same.\n"), m->text.n);
  else print_diffs(text, &m->text, &m->diffs);
  printf("\n");
  digest_note(true);
  if (m->diffs.n == 0 && same_fp && ts != TEXT_CHANGED && m->r.public_version) {
    verdict(_("the document is the public version generated from exactly this source: its text is that "
              "public version's."));
  } else if (m->diffs.n == 0 && same_fp && ts != TEXT_CHANGED) {
    verdict(_("the document was generated from exactly this source: its text is the source's."));
  } else if (m->diffs.n == 0) {
    verdict(_("the document's text is exactly the text generated from this source."));
  } else {
    char *v = xasprintf(_("the document's text is NOT the text generated from this source "
                          "(differences: %zu)."),
                        m->diffs.n);
    verdict(v);
    free(v);
  }
  return m->diffs.n == 0 ? 0 : 1;
}

/* Compares the document with what the source at path makes. Returns the
 * exit status. */
static int verify_source(const docinfo *info, const doctext *text, text_state ts, const char *path) {
  diag_list dl;
  diag_list_init(&dl, path);
  contract *c = model_load(path, &dl);
  diag_list_free(&dl);
  if (!c) return 2; /* model_load said why */
  char *version = c->version.s ? xstrndup(c->version.s, c->version.len) : xstrdup("");
  printf("\n");
  row rows[] = {{_("Source"), path},
                {_("Fingerprint"), c->fingerprint},
                {_("Version"), version},
                {_("Status"), source_status(c)}};
  print_rows(rows, ARRAY_LEN(rows));
  printf("\n");
  bool same_fp = compare_properties(info, c, version);
  free(version);
  int status;
  if (not_the_contract(info)) {
    printf("\n%s\n\n", not_the_contract(info));
    digest_note(true);
    verdict(str_eq(info->made_as, "report")
                ? _("the document is an evaluation report, not the text of this source.")
                : _("the document is a redline between two versions, not the text of this source."));
    status = 1;
  } else if (c->body_refused) {
    printf("\n");
    digest_note(true);
    verdict(_("the document cannot be tied to this source: the source's text was refused "
              "(see 'wijkcontract check')."));
    status = 1;
  } else {
    match m;
    closest(info, c, text, &m);
    status = report(info, text, &m, same_fp, ts);
    match_free(&m);
  }
  model_free(c);
  return status;
}

/* ---- the command ---- */

/* The verdict without a source: the stored digest alone. */
static int verify_alone(const docinfo *info, text_state ts) {
  printf("\n");
  if (not_the_contract(info)) printf("%s\n\n", not_the_contract(info));
  digest_note(not_the_contract(info) != NULL); /* no source to compare it with */
  if (ts == TEXT_UNCHANGED) {
    if (resaved(info)) {
      char *app = str_escaped(info->application);
      char *v = xasprintf(_("the text is as it was generated; the file was saved again since (by %s), "
                            "which kept the text."),
                          app);
      verdict(v);
      free(v);
      free(app);
    } else {
      verdict(_("the text is as it was generated: nobody changed it since."));
    }
    return 0;
  }
  if (ts == TEXT_CHANGED) {
    verdict(_("the text was changed after it was generated."));
    return 1;
  }
  verdict(_("cannot tell whether the text was changed: the document holds no text digest. Give its source "
            "to compare the text."));
  return 1;
}

int cmd_verify(int argc, char **argv) {
  const cli_option opts[] = {{NULL, NULL, NULL, NULL}};
  int n;
  int rc = cli_parse("verify", argc, argv, opts, &n);
  if (rc) return rc;
  if (n > 2) return usage_error("verify", _("too many arguments"));
  const char *paths[2] = {n > 0 ? argv[1] : NULL, n > 1 ? argv[2] : NULL};
  if (n == 0) return usage_error("verify", _("no document given"));

  docinfo info;
  doctext text;
  char *err = NULL;
  int r = docinfo_read_text(paths[0], &info, &text, &err);
  if (r < 0) {
    print_error(err ? err : paths[0]);
    free(err);
    return 2;
  }
  if (r == 1 && !info.text_digest) {
    char *p = str_escaped(paths[0]);
    fprintf(stderr,
            _("wijkcontract: %s holds no wijkcontract properties: it was not made by wijkcontract, or another "
              "program dropped them\n"),
            p);
    free(p);
    if (info.title) {
      char *t = str_escaped(info.title);
      fprintf(stderr, _("(its title is \"%s\")\n"), t);
      free(t);
    }
  }
  text_state ts = text_check(&info, &text);
  print_document(paths[0], &info, &text, ts);
  int status = paths[1] ? verify_source(&info, &text, ts, paths[1]) : verify_alone(&info, ts);
  docinfo_free(&info);
  doctext_free(&text);
  return status;
}
