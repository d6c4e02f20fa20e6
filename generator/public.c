/* public.c - the public version (Woo): which of a contract's values are
 * personal data by the profile's rules, and the sweep of a composed
 * document's text that puts the profile's mark in their place and in
 * place of e-mail addresses, phone numbers, IBANs and BSNs. */
#include "public.h"

#include <stdlib.h>
#include <string.h>

/* ---- the rules ------------------------------------------------------------ */

bool public_holds_office(const profile_public *r, const char *function) {
  if (!function || !*function) return false;
  size_t s, e;
  for (size_t i = 0; i < r->n_offices; i++)
    if (profile_match(r->offices[i].re, function, strlen(function), &s, &e) == 1) return true;
  return false;
}

bool public_address_personal(const profile_public *r, const party *pt) {
  if (!(r->fields & PUBLIC_ADDRESS) || !mtext_nonempty(&pt->address)) return false;
  if (mtext_nonempty(&pt->registration)) return false;
  for (size_t i = 0; i < r->n_public_bodies; i++)
    if (pt->type.s && strcmp(pt->type.s, r->public_bodies[i]) == 0) return false;
  return true;
}

static void values_add(public_values *v, size_t *cap, const mtext *t) {
  if (!mtext_nonempty(t)) return;
  for (size_t i = 0; i < v->n; i++)
    if (strcmp(v->items[i], t->s) == 0) return;
  xgrow((void **)&v->items, cap, v->n + 1, sizeof *v->items);
  v->items[v->n++] = xstrdup(t->s);
}

static int longest_first(const void *a, const void *b) {
  size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);
  return la < lb ? 1 : la > lb ? -1 : strcmp(*(char *const *)a, *(char *const *)b);
}

void public_values_collect(const contract *c, const profile_public *r, public_values *v) {
  size_t cap = 0;
  memset(v, 0, sizeof *v);
  for (size_t p = 0; p < c->n_parties; p++) {
    const party *pt = &c->parties[p];
    if (public_address_personal(r, pt)) values_add(v, &cap, &pt->address);
    for (size_t i = 0; i < pt->n_signatories; i++) {
      const signatory *sg = &pt->signatories[i];
      if ((r->fields & PUBLIC_SIGNATORY_NAME) && !public_holds_office(r, sg->function.s))
        values_add(v, &cap, &sg->name);
    }
  }
  for (size_t i = 0; i < c->n_signatures; i++) {
    const signature *s = &c->signatures[i];
    if ((r->fields & PUBLIC_SIGNATURE_NAME) && !public_holds_office(r, s->function.s)) values_add(v, &cap, &s->name);
  }
  if (v->n > 1) qsort(v->items, v->n, sizeof *v->items, longest_first);
}

void public_values_free(public_values *v) {
  for (size_t i = 0; i < v->n; i++) free(v->items[i]);
  free(v->items);
  memset(v, 0, sizeof *v);
}

/* ---- checksums --------------------------------------------------------------- */

bool public_iban_valid(const char *s, size_t len) {
  char c[40];
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == ' ') continue;
    if (n == sizeof c) return false;
    char ch = s[i];
    if (ch >= 'a' && ch <= 'z') ch = (char)(ch - 'a' + 'A');
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))) return false;
    c[n++] = ch;
  }
  if (n < 15 || n > 34) return false;
  if (c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' || c[2] > '9' || c[3] > '9') return false;
  /* the first four characters move to the end; letters count 10..35 */
  unsigned rem = 0;
  for (size_t k = 0; k < n; k++) {
    char ch = c[(k + 4) % n];
    if (ch >= 'A') rem = (rem * 100 + (unsigned)(ch - 'A' + 10)) % 97;
    else rem = (rem * 10 + (unsigned)(ch - '0')) % 97;
  }
  return rem == 1;
}

bool public_bsn_valid(const char *s, size_t len) {
  int d[9], n = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '.' || s[i] == ' ') continue;
    if (s[i] < '0' || s[i] > '9' || n == 9) return false;
    d[n++] = s[i] - '0';
  }
  if (n != 9) return false;
  int sum = 0;
  for (int i = 0; i < 8; i++) sum += (9 - i) * d[i];
  sum -= d[8];
  return sum != 0 && sum % 11 == 0;
}

/* ---- the sweep ------------------------------------------------------------ */

/* A byte that continues a word: a letter or digit (any byte of a
 * multi-byte UTF-8 character counts as one). */
static bool word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* in[0..len) with every whole-word occurrence of value replaced. */
static size_t replace_value(const char *in, size_t len, const char *value, const char *mark, buf *out) {
  size_t vl = strlen(value), count = 0, at = 0;
  for (size_t i = 0; i + vl <= len;) {
    size_t f = mem_find(in, i, len, value);
    if (f >= len || f + vl > len) break;
    bool before = f == 0 || !word_byte((unsigned char)in[f - 1]) || !word_byte((unsigned char)value[0]);
    bool after = f + vl == len || !word_byte((unsigned char)in[f + vl]) || !word_byte((unsigned char)value[vl - 1]);
    if (before && after) {
      buf_add(out, in + at, f - at);
      buf_adds(out, mark);
      at = f + vl;
      count++;
      i = at;
    } else {
      i = f + 1;
    }
  }
  buf_add(out, in + at, len - at);
  return count;
}

/* in[0..len) with every match of pp that passes its check replaced. */
static size_t replace_pattern(const char *in, size_t len, const profile_personal *pp, const char *mark, buf *out) {
  size_t count = 0, at = 0, from = 0, s, e;
  while (from <= len && profile_match_at(pp->re, in, len, from, &s, &e) == 1) {
    bool pass = pp->check == PUBLIC_CHECK_IBAN  ? public_iban_valid(in + s, e - s)
                : pp->check == PUBLIC_CHECK_BSN ? public_bsn_valid(in + s, e - s)
                                                : true;
    if (pass && e > s) {
      buf_add(out, in + at, s - at);
      buf_adds(out, mark);
      at = e;
      count++;
    }
    from = e > s ? e : s + 1;
  }
  buf_add(out, in + at, len - at);
  return count;
}

size_t public_redact_text(const profile_public *r, const public_values *v, const char *text, size_t len,
                          buf *out) {
  buf a, b;
  buf_init(&a);
  buf_init(&b);
  buf_add(&a, text, len);
  size_t count = 0;
  for (size_t i = 0; i < v->n; i++) {
    buf_reset(&b);
    count += replace_value(a.data, a.len, v->items[i], r->mark, &b);
    buf t = a;
    a = b;
    b = t;
  }
  for (size_t i = 0; i < r->n_personal; i++) {
    buf_reset(&b);
    count += replace_pattern(a.data, a.len, &r->personal[i], r->mark, &b);
    buf t = a;
    a = b;
    b = t;
  }
  buf_add(out, a.data, a.len);
  buf_free(&a);
  buf_free(&b);
  return count;
}

/* Replaces *s by its redaction when anything was redacted; returns
 * whether it was. */
static bool redact_string(const profile_public *r, const public_values *v, char **s) {
  if (!*s) return false;
  buf out;
  buf_init(&out);
  bool changed = public_redact_text(r, v, *s, strlen(*s), &out) > 0;
  if (changed) {
    free(*s);
    *s = buf_detach(&out);
  }
  buf_free(&out);
  return changed;
}

typedef struct {
  const profile_public *r;
  const public_values *v;
} redaction;

/* The personal data in b's runs replaced by the mark. */
static void redact_block(doc_block *b, void *ctx) {
  const redaction *rd = ctx;
  for (size_t i = 0; i < b->n_runs; i++) {
    doc_run *run = &b->runs[i];
    if (run->flags & (RUN_BREAK | RUN_NOTE | RUN_NOTE_REF)) continue;
    redact_string(rd->r, rd->v, &run->text);
    if (run->href && redact_string(rd->r, rd->v, &run->href)) {
      free(run->href); /* a link to personal data: the text stays, unlinked */
      run->href = NULL;
    }
  }
}

void public_redact_doc(doc *d, const profile_public *r, const public_values *v) {
  redaction rd = {r, v};
  doc_each_text_block(d->blocks, d->n_blocks, redact_block, &rd);
  for (size_t i = 0; i < d->n_notes; i++) doc_each_text_block(d->notes[i].blocks, d->notes[i].n_blocks, redact_block, &rd);
  redact_string(r, v, &d->meta.title);
}
