/* profile.c - loads the profiles embedded from templates/<kind>/profile.yaml
 * into `profile` structures (vocabulary, rules, compiled phrase patterns,
 * sorted labels), looks labels up, and runs patterns under match limits. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "profile.h"

#include <pcre2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "i18n.h"
#include "money.h"
#include "templates.h"
#include "util.h"
#include "yamltree.h"

#define DEFAULT_PROFILE "wijkcontract"
#define PROFILE_FILE "profile.yaml"
#define PROFILE_PACK "profile.ytree" /* PROFILE_FILE packed (tools/ypack.c) */
#define PROFILE_CODES "profile.pcre2" /* its patterns compiled (profile.h) */

/* ---- broken profiles ---------------------------------------------------- */

/* A shipped profile that does not load is a defect of the build, not of the
 * user's input: say exactly where, then stop. */
static _Noreturn void defect(const char *file, srcpos pos, const char *fmt, ...) {
  fprintf(stderr, "wijkcontract: %s:%d:%d: ", file, pos.line, pos.col);
  fputs(_("broken profile (a defect of this build): "), stderr);
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  abort();
}

static void *pcre2_check_alloc(void *p) {
  if (!p) {
    fputs("wijkcontract: out of memory\n", stderr);
    abort();
  }
  return p;
}

/* ---- reading the YAML tree ---------------------------------------------- */

/* The patterns compiled when the binary was built (profile.h), each
 * taken once by the pattern of the same source. */
typedef struct {
  pcre2_code **codes; /* NULL once taken */
  const char **sources;
  size_t n, next;
} precompiled;

typedef struct {
  const char *file; /* "templates/cba/profile.yaml", for messages */
  profile *p;
  precompiled pre;
} loader;

static const ynode *need(loader *ld, const ynode *map, const char *key) {
  const ynode *v = ynode_get(map, key);
  if (!v) defect(ld->file, map->pos, _("missing key '%s'"), key);
  return v;
}

static void expect_kind(loader *ld, const ynode *n, ynode_kind kind, const char *what) {
  if (n->kind != kind)
    defect(ld->file, n->pos, _("%s must be %s, not %s"), what,
           kind == YNODE_MAP ? _("a mapping") : kind == YNODE_SEQ ? _("a list") : _("text"),
           _(ynode_kind_name(n)));
}

/* Every key of map must be one of allowed (NULL-terminated): a typo in a
 * profile must not silently drop a rule. */
static void only_keys(loader *ld, const ynode *map, const char *const *allowed) {
  for (size_t i = 0; i < map->n; i++) {
    const char *const *a = allowed;
    while (*a && strcmp(*a, map->keys[i]->text) != 0) a++;
    if (!*a) defect(ld->file, map->keys[i]->pos, _("unknown key '%s'"), map->keys[i]->text);
  }
}

static char *text_of(loader *ld, const ynode *n, const char *what) {
  expect_kind(ld, n, YNODE_SCALAR, what);
  if (strlen(n->text) != n->len) defect(ld->file, n->pos, _("%s contains a NUL"), what);
  if (ynode_is_null(n)) return xstrdup("");
  return xstrndup(n->text, n->len);
}

bool profile_is_ident(const char *s, size_t len) {
  if (len == 0 || len > 64 || *s < 'a' || *s > 'z') return false;
  for (size_t i = 1; i < len; i++)
    if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-')) return false;
  return true;
}

static bool is_ident(const char *s) { return profile_is_ident(s, strlen(s)); }

static char *ident_of(loader *ld, const ynode *n, const char *what) {
  char *s = text_of(ld, n, what);
  if (!is_ident(s))
    defect(ld->file, n->pos, _("%s '%s' is not an id (a-z, 0-9, '-', starting with a letter)"),
           what, s);
  return s;
}

static bool bool_of(loader *ld, const ynode *n, const char *what) {
  expect_kind(ld, n, YNODE_SCALAR, what);
  if (n->plain && strcmp(n->text, "true") == 0) return true;
  if (n->plain && strcmp(n->text, "false") == 0) return false;
  defect(ld->file, n->pos, _("%s must be true or false"), what);
}

static bool opt_bool(loader *ld, const ynode *map, const char *key) {
  const ynode *v = ynode_get(map, key);
  return v ? bool_of(ld, v, key) : false;
}

/* ---- JIT, once a pattern has work enough ------------------------------- */

/* pcre2's JIT makes a pattern several times faster, but compiling one
 * (about 175,000 instructions) costs as much as interpreting it some 100
 * times on a short field: a single small contract would pay more than it
 * gains. So each profile pattern counts its work, the bytes of subject
 * plus JIT_CALL_BYTES per call (pcre2_match's cost of starting), and is
 * JIT-compiled once past JIT_AFTER_BYTES. Where pcre2 has no JIT for this
 * CPU, or a pattern does not JIT, pcre2_match goes on interpreting it.
 * A large contract (profile_jit_expect) has each pattern it uses
 * compiled at its first match instead: every such pattern then walks the
 * whole contract's text, many times what compiling costs. */
#define JIT_AFTER_BYTES (16u * 1024)
#define JIT_LARGE_TEXT (64u * 1024)
static size_t jit_after = JIT_AFTER_BYTES;
#define JIT_CALL_BYTES 128u

/* A start bitmap of at most this many bytes is looked for byte by byte
 * with memchr, over a text of any length. */
#define FILTER_FEW 4u

/* What pcre2 itself knows must be in any text a pattern matches (its
 * start-up checks, PCRE2_INFO_*), kept so that a text that fails them is
 * answered without calling pcre2_match, which costs some 1,100
 * instructions before it gets to them. Each test accepts at least what
 * pcre2's does, so a text it refuses is one pcre2 answers "no match"
 * without running the pattern (and so without nearing a limit). */
typedef struct {
  uint32_t min_len;        /* characters; a character is at least a byte */
  unsigned char first[2];  /* a match starts with one of these bytes */
  unsigned char last[2];   /* a match holds one of these bytes */
  bool has_first, has_last;
  const uint8_t *start_bits; /* a match starts with a byte set here */
  unsigned char starts[FILTER_FEW]; /* those bytes, when there are so few */
  unsigned n_starts;                /* (else 0) */
} filter;

typedef struct {
  pcre2_code *re; /* NULL: an empty slot */
  size_t scanned; /* bytes of subject so far; SIZE_MAX once compiled */
  filter f;
} jit_entry;

static jit_entry *jit_table; /* open addressing by pointer */
static size_t n_jit, cap_jit;  /* cap_jit: a power of two */

static size_t jit_slot(jit_entry *t, size_t cap, const pcre2_code *re) {
  /* the high bits of the product: patterns lie a few hundred bytes apart */
  size_t i = (size_t)(((uint64_t)(uintptr_t)re * 0x9e3779b97f4a7c15u) >> 40) & (cap - 1);
  while (t[i].re && t[i].re != re) i = (i + 1) & (cap - 1);
  return i;
}

/* A code unit pcre2 looks for (what_type 1: there is one), a letter in
 * both cases (pcre2 keeps whether it matches caselessly, but not where
 * pattern_info tells; both cases is never less than it accepts). Only a
 * byte below 0x80: one of a longer character is left untested. */
static bool unit_of(const pcre2_code *re, uint32_t what_type, uint32_t what_unit, unsigned char u[2]) {
  uint32_t type = 0, unit = 0;
  if (pcre2_pattern_info(re, what_type, &type) != 0 || type != 1) return false;
  if (pcre2_pattern_info(re, what_unit, &unit) != 0 || unit >= 0x80) return false;
  u[0] = u[1] = (unsigned char)unit;
  if (unit >= 'a' && unit <= 'z') u[1] = (unsigned char)(unit - 'a' + 'A');
  if (unit >= 'A' && unit <= 'Z') u[1] = (unsigned char)(unit - 'A' + 'a');
  return true;
}

static filter filter_of(const pcre2_code *re) {
  filter f = {0};
  uint32_t options = 0;
  pcre2_pattern_info(re, PCRE2_INFO_ALLOPTIONS, &options);
  if (options & PCRE2_NO_START_OPTIMIZE) return f; /* pcre2 tests nothing first */
  if (pcre2_pattern_info(re, PCRE2_INFO_MINLENGTH, &f.min_len) != 0) f.min_len = 0;
  f.has_first = unit_of(re, PCRE2_INFO_FIRSTCODETYPE, PCRE2_INFO_FIRSTCODEUNIT, f.first);
  if (!f.has_first && pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &f.start_bits) != 0)
    f.start_bits = NULL;
  for (unsigned b = 0; f.start_bits && b < 256; b++)
    if (f.start_bits[b >> 3] & (1u << (b & 7))) {
      if (f.n_starts == FILTER_FEW) {
        f.n_starts = 0; /* too many: the bitmap itself */
        break;
      }
      f.starts[f.n_starts++] = (unsigned char)b;
    }
  f.has_last = unit_of(re, PCRE2_INFO_LASTCODETYPE, PCRE2_INFO_LASTCODEUNIT, f.last);
  return f;
}

/* pcre2 looks for the last code unit only in a text shorter than some
 * thousands of bytes (REQ_CU_MAX; its JIT further): so does this, below
 * that in every version. */
#define FILTER_LAST_MAX 1000u
/* The start bitmap is tried byte by byte, some 5 instructions a byte that
 * pcre2 spends again when the text passes: worth it on a short text only. */
#define FILTER_BITS_MAX 256u

static bool has_unit(const unsigned char *s, size_t n, const unsigned char u[2]) {
  return memchr(s, u[0], n) || (u[1] != u[0] && memchr(s, u[1], n));
}

/* True when pcre2 would find re cannot match text[from..len) before
 * trying it anywhere. */
static bool cannot_match(const filter *f, const char *text, size_t len, size_t from) {
  const unsigned char *s = (const unsigned char *)text + from;
  size_t n = len - from;
  if (n < f->min_len) return true;
  if (f->has_first && !has_unit(s, n, f->first)) return true;
  if (f->n_starts) {
    unsigned k = 0;
    while (k < f->n_starts && !memchr(s, f->starts[k], n)) k++;
    if (k == f->n_starts) return true;
  } else if (f->start_bits && n <= FILTER_BITS_MAX) {
    size_t i = 0;
    while (i < n && !(f->start_bits[s[i] >> 3] & (1u << (s[i] & 7)))) i++;
    if (i == n) return true;
  }
  return f->has_last && n < FILTER_LAST_MAX && !has_unit(s, n, f->last);
}

static void jit_register(pcre2_code *re) {
  if (2 * (n_jit + 1) > cap_jit) {
    size_t cap = cap_jit ? 2 * cap_jit : 64;
    jit_entry *t = xcalloc(cap, sizeof *t);
    for (size_t i = 0; i < cap_jit; i++)
      if (jit_table[i].re) t[jit_slot(t, cap, jit_table[i].re)] = jit_table[i];
    free(jit_table);
    jit_table = t;
    cap_jit = cap;
  }
  jit_entry *e = &jit_table[jit_slot(jit_table, cap_jit, re)];
  if (!e->re) n_jit++;
  *e = (jit_entry){re, 0, filter_of(re)};
}

/* The entry of re, or NULL when it is no profile pattern. */
static jit_entry *jit_find(const pcre2_code *re) {
  if (!cap_jit) return NULL;
  jit_entry *e = &jit_table[jit_slot(jit_table, cap_jit, re)];
  return e->re ? e : NULL;
}

/* Counts `bytes` against e's pattern and compiles it for the JIT when it
 * crosses the threshold. */
static void jit_account(jit_entry *e, size_t bytes) {
  if (!e || e->scanned == SIZE_MAX) return;
  e->scanned += bytes;
  if (e->scanned < jit_after) return;
  e->scanned = SIZE_MAX;
  (void)pcre2_jit_compile(e->re, PCRE2_JIT_COMPLETE); /* failing: interpreted */
}

void profile_jit_expect(size_t text_bytes) {
  jit_after = text_bytes >= JIT_LARGE_TEXT ? 1 : JIT_AFTER_BYTES;
}

void profile_jit_all(void) {
  for (size_t i = 0; i < cap_jit; i++) {
    jit_entry *e = &jit_table[i];
    if (!e->re || e->scanned == SIZE_MAX) continue;
    e->scanned = SIZE_MAX;
    (void)pcre2_jit_compile(e->re, PCRE2_JIT_COMPLETE); /* failing: interpreted */
  }
}

static void jit_forget(void) {
  free(jit_table);
  jit_table = NULL;
  n_jit = cap_jit = 0;
}

static size_t get_u32(const unsigned char *b) {
  return (size_t)b[0] | (size_t)b[1] << 8 | (size_t)b[2] << 16 | (size_t)b[3] << 24;
}

/* Decodes the embedded codes of profile id; none where they are missing,
 * damaged or of another pcre2 (then every pattern is compiled). */
static void precompiled_load(precompiled *pre, const char *id) {
  memset(pre, 0, sizeof *pre);
  char *name = xasprintf("%s/" PROFILE_CODES, id);
  const template_file *tf = templates_find(name);
  free(name);
  if (!tf || tf->len < 8) return;
  const unsigned char *data = tf->data;
  size_t n = get_u32(data + tf->len - 8), size = get_u32(data + tf->len - 4);
  if (n == 0 || n > 4096 || size > tf->len - 8) return;
  const char **sources = xmalloc(n * sizeof *sources);
  const char *s = (const char *)data + size, *end = (const char *)data + tf->len - 8;
  size_t k = 0;
  for (; k < n && s < end; k++) {
    const char *nul = memchr(s, 0, (size_t)(end - s));
    if (!nul) break;
    sources[k] = s;
    s = nul + 1;
  }
  pcre2_code **codes = xcalloc(n, sizeof *codes);
  if (k != n || s != end || pcre2_serialize_get_number_of_codes(data) != (int32_t)n ||
      pcre2_serialize_decode(codes, (int32_t)n, data, NULL) != (int32_t)n) {
    free(codes);
    free(sources);
    return;
  }
  *pre = (precompiled){codes, sources, n, 0};
}

/* The code of source, compiled beforehand: the next in order, as a rule. */
static pcre2_code *precompiled_take(precompiled *pre, const char *source) {
  for (size_t i = 0; i < pre->n; i++) {
    size_t k = (pre->next + i) % pre->n;
    if (pre->codes[k] && strcmp(pre->sources[k], source) == 0) {
      pcre2_code *re = pre->codes[k];
      pre->codes[k] = NULL;
      pre->next = k + 1;
      return re;
    }
  }
  return NULL;
}

static void precompiled_free(precompiled *pre) {
  for (size_t i = 0; i < pre->n; i++) pcre2_code_free(pre->codes[i]);
  free(pre->codes);
  free(pre->sources);
}

static pcre2_code *compile(loader *ld, const ynode *n, const char *source) {
  pcre2_code *re = precompiled_take(&ld->pre, source);
  if (re) {
    jit_register(re);
    return re;
  }
  int err;
  PCRE2_SIZE off;
  re = pcre2_compile((PCRE2_SPTR)source, strlen(source), PROFILE_RE_OPTIONS, &err, &off, NULL);
  if (!re) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(err, msg, sizeof msg);
    defect(ld->file, n->pos, _("pattern '%s' does not compile at offset %zu: %s"), source,
           (size_t)off, (const char *)msg);
  }
  jit_register(re);
  return re;
}

/* A list of ids (languages, axes). */
static char **ident_list(loader *ld, const ynode *seq, const char *what, size_t *count) {
  expect_kind(ld, seq, YNODE_SEQ, what);
  if (seq->n == 0) defect(ld->file, seq->pos, _("%s must not be empty"), what);
  char **v = xcalloc(seq->n, sizeof *v);
  for (size_t i = 0; i < seq->n; i++) v[i] = ident_of(ld, seq->items[i], what);
  *count = seq->n;
  return v;
}

/* ---- the sections of profile.yaml --------------------------------------- */

/* Entry i of a section that lists maps (party types, roles, ...): checks
 * that it is a map of the given keys and reads its id into *id. */
static const ynode *entry(loader *ld, const ynode *seq, size_t i, const char *item,
                          const char *const *keys, char **id) {
  const ynode *m = seq->items[i];
  expect_kind(ld, m, YNODE_MAP, item);
  only_keys(ld, m, keys);
  *id = ident_of(ld, need(ld, m, "id"), item);
  return m;
}

static void load_party_types(loader *ld, const ynode *seq) {
  static const char *const keys[] = {"id", "citizen", "volunteer", NULL};
  profile *p = ld->p;
  expect_kind(ld, seq, YNODE_SEQ, "party-types");
  p->party_types = xcalloc(seq->n, sizeof *p->party_types);
  for (size_t i = 0; i < seq->n; i++) {
    const ynode *m = entry(ld, seq, i, "party type", keys, &p->party_types[i].id);
    p->party_types[i].citizen = opt_bool(ld, m, "citizen");
    p->party_types[i].volunteer = opt_bool(ld, m, "volunteer");
    p->n_party_types++;
  }
}

static void load_roles(loader *ld, const ynode *seq) {
  static const char *const keys[] = {"id", "required", NULL};
  profile *p = ld->p;
  expect_kind(ld, seq, YNODE_SEQ, "roles");
  p->roles = xcalloc(seq->n, sizeof *p->roles);
  for (size_t i = 0; i < seq->n; i++) {
    const ynode *m = entry(ld, seq, i, "role", keys, &p->roles[i].id);
    p->roles[i].required = opt_bool(ld, m, "required");
    p->n_roles++;
  }
}

static void load_conflicts(loader *ld, const ynode *seq) {
  profile *p = ld->p;
  expect_kind(ld, seq, YNODE_SEQ, "conflicts");
  p->conflicts = xcalloc(seq->n, sizeof *p->conflicts);
  for (size_t i = 0; i < seq->n; i++) {
    const ynode *pair = seq->items[i];
    expect_kind(ld, pair, YNODE_SEQ, "conflict");
    if (pair->n != 2) defect(ld->file, pair->pos, _("a conflict names exactly two roles"));
    p->conflicts[i].a = ident_of(ld, pair->items[0], "role");
    p->conflicts[i].b = ident_of(ld, pair->items[1], "role");
    p->n_conflicts++;
    for (size_t k = 0; k < 2; k++)
      if (!profile_role_find(p, k ? p->conflicts[i].b : p->conflicts[i].a))
        defect(ld->file, pair->items[k]->pos, _("unknown role '%s'"), pair->items[k]->text);
  }
}

static int stage_of(loader *ld, const ynode *n) {
  static const char *const stages[] = {"draft", "final", "signed"};
  char *s = text_of(ld, n, "stage");
  for (int i = 0; i < 3; i++) {
    if (strcmp(s, stages[i]) == 0) {
      free(s);
      return i; /* STAGE_DRAFT, STAGE_FINAL, STAGE_SIGNED */
    }
  }
  defect(ld->file, n->pos, _("stage '%s' is not draft, final or signed"), s);
}

static void load_statuses(loader *ld, const ynode *seq) {
  static const char *const keys[] = {"id", "stage", NULL};
  profile *p = ld->p;
  expect_kind(ld, seq, YNODE_SEQ, "statuses");
  p->statuses = xcalloc(seq->n, sizeof *p->statuses);
  for (size_t i = 0; i < seq->n; i++) {
    const ynode *m = entry(ld, seq, i, "status", keys, &p->statuses[i].id);
    p->statuses[i].stage = stage_of(ld, need(ld, m, "stage"));
    p->n_statuses++;
  }
  if (!profile_draft_status(p)) defect(ld->file, seq->pos, _("no status has stage draft"));
}

static void load_obligations(loader *ld, const ynode *seq) {
  static const char *const keys[] = {"id", "default", "result", NULL};
  profile *p = ld->p;
  size_t defaults = 0;
  expect_kind(ld, seq, YNODE_SEQ, "obligations");
  p->obligations = xcalloc(seq->n, sizeof *p->obligations);
  for (size_t i = 0; i < seq->n; i++) {
    const ynode *m = entry(ld, seq, i, "obligation", keys, &p->obligations[i].id);
    p->obligations[i].is_default = opt_bool(ld, m, "default");
    p->obligations[i].result = opt_bool(ld, m, "result");
    defaults += p->obligations[i].is_default;
    p->n_obligations++;
  }
  if (defaults != 1)
    defect(ld->file, seq->pos, _("exactly one obligation must be the default, not %zu"), defaults);
}

static void load_schuurpapier(loader *ld, const ynode *m) {
  static const char *const keys[] = {"required", "axes", NULL};
  expect_kind(ld, m, YNODE_MAP, "schuurpapier");
  only_keys(ld, m, keys);
  ld->p->schuurpapier_required = bool_of(ld, need(ld, m, "required"), "required");
  ld->p->axes = ident_list(ld, need(ld, m, "axes"), "axis", &ld->p->n_axes);
}

static void load_registration(loader *ld, const ynode *m) {
  static const char *const keys[] = {"pattern", NULL};
  expect_kind(ld, m, YNODE_MAP, "registration");
  only_keys(ld, m, keys);
  const ynode *pat = need(ld, m, "pattern");
  ld->p->registration_pattern = text_of(ld, pat, "pattern");
  ld->p->registration_re = compile(ld, pat, ld->p->registration_pattern);
}

/* The `pattern` of an entry: its source and its compiled form. */
static void entry_pattern(loader *ld, const ynode *m, char **source, pcre2_code **re) {
  const ynode *pat = need(ld, m, "pattern");
  *source = text_of(ld, pat, "pattern");
  *re = compile(ld, pat, *source);
}

static void load_sections(loader *ld, const ynode *seq) {
  static const char *const keys[] = {"id", "pattern", NULL};
  profile *p = ld->p;
  expect_kind(ld, seq, YNODE_SEQ, "sections");
  p->sections = xcalloc(seq->n, sizeof *p->sections);
  for (size_t i = 0; i < seq->n; i++) {
    profile_section *s = &p->sections[p->n_sections++];
    entry_pattern(ld, entry(ld, seq, i, "section", keys, &s->id), &s->pattern, &s->re);
  }
}

static profile_pattern *load_patterns(loader *ld, const ynode *seq, const char *what,
                                      size_t *count) {
  expect_kind(ld, seq, YNODE_SEQ, what);
  profile_pattern *v = xcalloc(seq->n, sizeof *v);
  for (size_t i = 0; i < seq->n; i++) {
    v[i].pattern = text_of(ld, seq->items[i], what);
    v[i].re = compile(ld, seq->items[i], v[i].pattern);
    (*count)++;
  }
  return v;
}

/* A number of a profile: 1 to 366. */
static int count_of(loader *ld, const ynode *n, const char *what) {
  char *s = text_of(ld, n, what);
  char *end;
  long v = strtol(s, &end, 10);
  bool ok = *s && !*end && v >= 1 && v <= 366;
  free(s);
  if (!ok) defect(ld->file, n->pos, _("%s must be a whole number from 1 to 366"), what);
  return (int)v;
}

/* A v2 vocabulary: a list of {id, also, ...}; keys lists what an entry may
 * hold. With need_default exactly one is the default; with frequency each
 * says how often a year (per-year) or that it follows the evaluations. */
static profile_word *load_words(loader *ld, const ynode *seq, const char *what,
                                const char *const *keys, bool need_default, bool frequency,
                                size_t *count) {
  expect_kind(ld, seq, YNODE_SEQ, what);
  if (seq->n == 0) defect(ld->file, seq->pos, _("%s must not be empty"), what);
  profile_word *w = xcalloc(seq->n, sizeof *w);
  size_t defaults = 0;
  for (size_t i = 0; i < seq->n; i++) {
    profile_word *e = &w[(*count)++];
    const ynode *m = entry(ld, seq, i, what, keys, &e->id);
    const ynode *also = ynode_get(m, "also");
    if (also) e->also = ident_list(ld, also, "also", &e->n_also);
    e->is_default = opt_bool(ld, m, "default");
    e->at_evaluations = opt_bool(ld, m, "at-evaluations");
    e->open = opt_bool(ld, m, "open");
    e->closed = opt_bool(ld, m, "closed");
    const ynode *per_year = ynode_get(m, "per-year");
    if (per_year) e->per_year = count_of(ld, per_year, "per-year");
    defaults += e->is_default;
    if (frequency && !per_year == !e->at_evaluations)
      defect(ld->file, m->pos, _("%s '%s' needs either per-year or at-evaluations"), what, e->id);
  }
  /* every word (id or other) names one entry only */
  for (size_t i = 0; i < *count; i++)
    for (size_t k = 0; k <= w[i].n_also; k++) {
      const char *word = k ? w[i].also[k - 1] : w[i].id;
      const profile_word *first = profile_word_find(w, *count, word);
      if (first != &w[i])
        defect(ld->file, seq->pos, _("%s: the word '%s' is used twice"), what, word);
    }
  if (need_default && defaults != 1)
    defect(ld->file, seq->pos, _("exactly one %s must be the default, not %zu"), what, defaults);
  return w;
}

static void load_v2_vocabulary(loader *ld, const ynode *root) {
  static const char *const period_keys[] = {"id", "also", "default", NULL};
  static const char *const every_keys[] = {"id", "also", "at-evaluations", "per-year", NULL};
  static const char *const condition_keys[] = {"id", "also", "default", "open", NULL};
  static const char *const progress_keys[] = {"id", "also", "closed", NULL};
  profile *p = ld->p;
  const ynode *cur = need(ld, root, "currency");
  p->currency = text_of(ld, cur, "currency");
  if (strlen(p->currency) != 3 || !money_currency_valid(p->currency, 3))
    defect(ld->file, cur->pos, _("currency '%s' is not an ISO 4217 code"), p->currency);
  p->periods = load_words(ld, need(ld, root, "amount-periods"), "amount period", period_keys,
                          true, false, &p->n_periods);
  p->frequencies = load_words(ld, need(ld, root, "report-frequencies"), "report frequency",
                              every_keys, false, true, &p->n_frequencies);
  p->condition_statuses = load_words(ld, need(ld, root, "condition-statuses"),
                                     "condition status", condition_keys, true,
                                     false, &p->n_condition_statuses);
  p->progress_statuses = load_words(ld, need(ld, root, "progress-statuses"), "progress status",
                                    progress_keys, false, false, &p->n_progress_statuses);
}

/* ---- the public version (optional) ----------------------------------------- */

static unsigned public_field_bit(loader *ld, const ynode *n) {
  static const struct {
    const char *name;
    unsigned bit;
  } fields[] = {{"signatory.name", PUBLIC_SIGNATORY_NAME},
                {"signatory.function", PUBLIC_SIGNATORY_FUNCTION},
                {"signature.name", PUBLIC_SIGNATURE_NAME},
                {"signature.function", PUBLIC_SIGNATURE_FUNCTION},
                {"address", PUBLIC_ADDRESS}};
  expect_kind(ld, n, YNODE_SCALAR, "personal field");
  for (size_t i = 0; i < ARRAY_LEN(fields); i++)
    if (strcmp(n->text, fields[i].name) == 0) return fields[i].bit;
  defect(ld->file, n->pos, _("'%s' is not a field the public version knows"), n->text);
}

static public_check check_of(loader *ld, const ynode *n) {
  if (!n) return PUBLIC_CHECK_NONE;
  expect_kind(ld, n, YNODE_SCALAR, "check");
  if (strcmp(n->text, "iban") == 0) return PUBLIC_CHECK_IBAN;
  if (strcmp(n->text, "bsn") == 0) return PUBLIC_CHECK_BSN;
  defect(ld->file, n->pos, _("check '%s' is not iban or bsn"), n->text);
}

static void load_public(loader *ld, const ynode *m) {
  static const char *const keys[] = {"mark", "personal-fields", "public-bodies", "public-office", "personal-data",
                                     NULL};
  static const char *const pkeys[] = {"id", "pattern", "check", NULL};
  profile_public *r = &ld->p->public_rules;
  if (!m) return;
  expect_kind(ld, m, YNODE_MAP, "public");
  only_keys(ld, m, keys);
  r->present = true;
  r->mark = text_of(ld, need(ld, m, "mark"), "mark");
  const ynode *f = need(ld, m, "personal-fields");
  expect_kind(ld, f, YNODE_SEQ, "personal-fields");
  for (size_t i = 0; i < f->n; i++) r->fields |= public_field_bit(ld, f->items[i]);
  r->public_bodies = ident_list(ld, need(ld, m, "public-bodies"), "public body", &r->n_public_bodies);
  r->offices = load_patterns(ld, need(ld, m, "public-office"), "public-office", &r->n_offices);
  const ynode *seq = need(ld, m, "personal-data");
  expect_kind(ld, seq, YNODE_SEQ, "personal-data");
  r->personal = xcalloc(seq->n, sizeof *r->personal);
  for (size_t i = 0; i < seq->n; i++) {
    profile_personal *pp = &r->personal[r->n_personal++];
    const ynode *e = entry(ld, seq, i, "personal data", pkeys, &pp->id);
    entry_pattern(ld, e, &pp->pattern, &pp->re);
    pp->check = check_of(ld, ynode_get(e, "check"));
  }
}

/* A map from language to a map of entries (labels, recurrence words):
 * checks the shape and counts the entries of all languages. */
static size_t per_language(loader *ld, const ynode *m, const char *what, const char *inner) {
  expect_kind(ld, m, YNODE_MAP, what);
  size_t total = 0;
  for (size_t i = 0; i < m->n; i++) {
    expect_kind(ld, m->items[i], YNODE_MAP, inner);
    total += m->items[i]->n;
  }
  return total;
}

/* ---- entries found by language and key ---------------------------------- */

/* Labels and recurrence words are found by a hash of their language and
 * key (FNV-1a over both): slots hold an entry's index + 1, 0 when empty,
 * in a power of two of them. Entries are structures that hold the two
 * strings at the offsets given. */
typedef struct {
  const void *entries;
  size_t size, lang_at, key_at;
  size_t *slots, cap;
} pair_index;

static size_t pair_hash(const char *lang, const char *key) {
  /* times the prime: the NUL between them */
  return str_hash_from(str_hash(lang) * (size_t)STR_HASH_PRIME, key);
}

static const char *pair_str(const pair_index *x, size_t entry, size_t at) {
  const char *s;
  memcpy(&s, (const char *)x->entries + entry * x->size + at, sizeof s);
  return s;
}

/* The slot of (lang, key): where it is, or the empty one it belongs in. */
static size_t pair_slot(const pair_index *x, const char *lang, const char *key) {
  size_t mask = x->cap - 1, i = pair_hash(lang, key) & mask;
  for (; x->slots[i]; i = (i + 1) & mask)
    if (strcmp(pair_str(x, x->slots[i] - 1, x->key_at), key) == 0 &&
        strcmp(pair_str(x, x->slots[i] - 1, x->lang_at), lang) == 0)
      break;
  return i;
}

/* Slots for n entries. */
static size_t *pair_slots(size_t n, size_t *cap) {
  for (*cap = 16; *cap < 2 * n;) *cap *= 2;
  return xcalloc(*cap, sizeof(size_t));
}

/* Entry i into its slot; a key again: the first holds. */
static void pair_add(const pair_index *x, size_t i) {
  size_t slot = pair_slot(x, pair_str(x, i, x->lang_at), pair_str(x, i, x->key_at));
  if (!x->slots[slot]) x->slots[slot] = i + 1;
}

/* The entry of (lang, key), or NULL. */
static const void *pair_find(const pair_index *x, const char *lang, const char *key) {
  if (!x->cap) return NULL;
  size_t slot = x->slots[pair_slot(x, lang, key)];
  return slot ? (const char *)x->entries + (slot - 1) * x->size : NULL;
}

static pair_index labels_of(const profile *p) {
  return (pair_index){p->labels, sizeof *p->labels, offsetof(profile_label_entry, lang),
                      offsetof(profile_label_entry, key), p->label_slots, p->cap_label_slots};
}

static pair_index recur_words_of(const profile *p) {
  return (pair_index){p->recur_words, sizeof *p->recur_words, offsetof(profile_recur_word, lang),
                      offsetof(profile_recur_word, word), p->recur_slots, p->cap_recur_slots};
}

/* The profile's own copy of lang, which profile_has_language found. */
static const char *language_of(const profile *p, const char *lang) {
  size_t i = 0;
  while (strcmp(p->languages[i], lang) != 0) i++;
  return p->languages[i];
}

/* A label's text: a scalar without NUL, "" for null. */
static const ynode *label_value(loader *ld, const ynode *n) {
  expect_kind(ld, n, YNODE_SCALAR, "label");
  if (strlen(n->text) != n->len) defect(ld->file, n->pos, _("%s contains a NUL"), "label");
  return n;
}

/* The labels, read into one block of text and found by a hash of their
 * language and key. */
static void load_labels(loader *ld, const ynode *m) {
  profile *p = ld->p;
  size_t total = per_language(ld, m, "labels", "labels of a language"), bytes = 0;
  for (size_t i = 0; i < m->n; i++) {
    const ynode *lang = m->keys[i], *set = m->items[i];
    if (!profile_has_language(p, lang->text))
      defect(ld->file, lang->pos, _("labels for '%s', which is not in languages"), lang->text);
    for (size_t k = 0; k < set->n; k++) {
      const ynode *v = label_value(ld, set->items[k]);
      bytes += set->keys[k]->len + 1 + (ynode_is_null(v) ? 0 : v->len) + 1;
    }
  }
  p->labels = xcalloc(total ? total : 1, sizeof *p->labels);
  p->label_text = xmalloc(bytes ? bytes : 1);
  p->label_slots = pair_slots(total, &p->cap_label_slots);
  pair_index x = labels_of(p);
  char *at = p->label_text;
  for (size_t i = 0; i < m->n; i++) {
    const ynode *lang = m->keys[i], *set = m->items[i];
    const char *own = language_of(p, lang->text);
    for (size_t k = 0; k < set->n; k++) {
      const ynode *key = set->keys[k], *v = set->items[k];
      profile_label_entry *l = &p->labels[p->n_labels];
      l->lang = own;
      l->key = memcpy(at, key->text, key->len + 1);
      at += key->len + 1;
      size_t vlen = ynode_is_null(v) ? 0 : v->len;
      l->value = memcpy(at, vlen ? v->text : "", vlen);
      at[vlen] = '\0';
      at += vlen + 1;
      pair_add(&x, p->n_labels++);
    }
  }
}

/* ---- consistency of the labels with the vocabulary ---------------------- */

/* "<group>.<id>" (group alone without id) in small when it fits, else in
 * memory of its own (free it when it is not small). */
static char *label_key(char *small, size_t size, const char *group, const char *id) {
  size_t gl = strlen(group), il = id ? strlen(id) : 0;
  char *key = gl + il + 2 <= size ? small : xmalloc(gl + il + 2);
  memcpy(key, group, gl);
  if (id) {
    key[gl] = '.';
    memcpy(key + gl + 1, id, il);
    key[gl + 1 + il] = '\0';
  } else {
    key[gl] = '\0';
  }
  return key;
}

static void need_label(loader *ld, srcpos pos, const char *lang, const char *group,
                       const char *id) {
  char small[128], *key = label_key(small, sizeof small, group, id);
  if (!profile_label_lookup(ld->p, lang, key))
    defect(ld->file, pos, _("no label '%s' for language '%s'"), key, lang);
  if (key != small) free(key);
}

/* Every id of the vocabulary is shown to readers, so each needs a label in
 * every language; role abbreviations must tell the roles apart. */
static void check_labels(loader *ld, const ynode *labels) {
  const profile *p = ld->p;
  for (size_t l = 0; l < p->n_languages; l++) {
    const char *lang = p->languages[l];
    const ynode *set = ynode_get(labels, lang);
    srcpos pos = set ? set->pos : labels->pos;
    need_label(ld, pos, lang, "kind", p->id);
    need_label(ld, pos, lang, "registration-form", NULL);
    for (size_t i = 0; i < p->n_party_types; i++)
      need_label(ld, pos, lang, "party-type", p->party_types[i].id);
    for (size_t i = 0; i < p->n_roles; i++) {
      need_label(ld, pos, lang, "role", p->roles[i].id);
      need_label(ld, pos, lang, "role-abbr", p->roles[i].id);
      need_label(ld, pos, lang, "role-desc", p->roles[i].id);
      for (size_t j = 0; j < i; j++)
        if (strcmp(profile_label2(p, lang, "role-abbr", p->roles[i].id),
                   profile_label2(p, lang, "role-abbr", p->roles[j].id)) == 0)
          defect(ld->file, pos, _("roles '%s' and '%s' share an abbreviation in '%s'"),
                 p->roles[j].id, p->roles[i].id, lang);
    }
    for (size_t i = 0; i < p->n_statuses; i++) need_label(ld, pos, lang, "status", p->statuses[i].id);
    for (size_t i = 0; i < p->n_obligations; i++) {
      need_label(ld, pos, lang, "obligation", p->obligations[i].id);
      need_label(ld, pos, lang, "obligation-desc", p->obligations[i].id);
    }
    for (size_t i = 0; i < p->n_axes; i++) {
      need_label(ld, pos, lang, "axis", p->axes[i]);
      need_label(ld, pos, lang, "axis-question", p->axes[i]);
    }
    for (size_t i = 0; i < p->n_sections; i++) need_label(ld, pos, lang, "section", p->sections[i].id);
    for (size_t i = 0; i < p->n_periods; i++) need_label(ld, pos, lang, "per", p->periods[i].id);
    for (size_t i = 0; i < p->n_frequencies; i++)
      need_label(ld, pos, lang, "every", p->frequencies[i].id);
    for (size_t i = 0; i < p->n_condition_statuses; i++)
      need_label(ld, pos, lang, "condition-status", p->condition_statuses[i].id);
    for (size_t i = 0; i < p->n_progress_statuses; i++)
      need_label(ld, pos, lang, "progress-status", p->progress_statuses[i].id);
    if (p->public_rules.present) {
      need_label(ld, pos, lang, "public.notice", NULL);
      need_label(ld, pos, lang, "public.footer", NULL);
    }
  }
}

/* ---- recurrence words --------------------------------------------------- */

/* A number from 1 to max in a meaning, or a defect. */
static unsigned char recur_number(loader *ld, const ynode *n, const char *s, int max) {
  char *end;
  long v = strtol(s, &end, 10);
  if (end == s || v < 1 || v > max || (*end && *end != ' '))
    defect(ld->file, n->pos, _("recurrence: '%s' needs a number from 1 to %d"), n->text, max);
  return (unsigned char)v;
}

/* What a word means: "filler", "daily" ... "yearly", "day MO" ... "day SU",
 * "month N", "season N N N", "count N" or "through". */
static void recur_meaning(loader *ld, const ynode *n, profile_recur_word *w) {
  static const char *const freqs[] = {"daily", "weekly", "fortnightly", "monthly", "yearly"};
  static const char *const days[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
  const char *m = n->text;
  for (size_t i = 0; i < 5; i++)
    if (strcmp(m, freqs[i]) == 0) {
      w->kind = RECUR_FREQ;
      w->value = (unsigned char)(RECUR_DAILY + i);
      return;
    }
  if (strcmp(m, "filler") == 0) {
    w->kind = RECUR_FILLER;
  } else if (strcmp(m, "through") == 0) {
    w->kind = RECUR_THROUGH;
  } else if (strncmp(m, "day ", 4) == 0) {
    w->kind = RECUR_DAY;
    size_t i = 0;
    while (i < 7 && strcmp(m + 4, days[i]) != 0) i++;
    if (i == 7) defect(ld->file, n->pos, _("recurrence: '%s' names no day (MO ... SU)"), m);
    w->value = (unsigned char)i;
  } else if (strncmp(m, "month ", 6) == 0) {
    w->kind = RECUR_MONTH;
    w->value = recur_number(ld, n, m + 6, 12);
  } else if (strncmp(m, "count ", 6) == 0) {
    w->kind = RECUR_COUNT;
    w->value = recur_number(ld, n, m + 6, 7);
  } else if (strncmp(m, "season ", 7) == 0) {
    w->kind = RECUR_SEASON;
    for (const char *q = m + 7; *q;) {
      unsigned char month = recur_number(ld, n, q, 12);
      if (!w->value) w->value = month;
      w->months |= (unsigned short)(1u << month);
      while (*q && *q != ' ') q++;
      while (*q == ' ') q++;
    }
  } else {
    defect(ld->file, n->pos, _("recurrence: unknown meaning '%s'"), m);
  }
}

/* `recurrence`: per language, a map from each word to what it means. */
static void load_recurrence(loader *ld, const ynode *map) {
  profile *p = ld->p;
  size_t total = per_language(ld, map, "recurrence", "recurrence words");
  p->recur_words = xcalloc(total + 1, sizeof *p->recur_words);
  p->recur_slots = pair_slots(total, &p->cap_recur_slots);
  pair_index x = recur_words_of(p);
  for (size_t i = 0; i < map->n; i++) {
    const char *lang = map->keys[i]->text;
    if (!profile_has_language(p, lang))
      defect(ld->file, map->keys[i]->pos, _("recurrence: '%s' is not in languages"), lang);
    const char *own = language_of(p, lang);
    const ynode *words = map->items[i];
    for (size_t k = 0; k < words->n; k++) {
      profile_recur_word *w = &p->recur_words[p->n_recur_words];
      w->lang = own;
      w->word = text_of(ld, words->keys[k], "recurrence word");
      for (char *c = w->word; *c; c++)
        if (*c >= 'A' && *c <= 'Z') defect(ld->file, words->keys[k]->pos, _("recurrence: '%s' is not lower case"), w->word);
      expect_kind(ld, words->items[k], YNODE_SCALAR, "recurrence meaning");
      recur_meaning(ld, words->items[k], w);
      pair_add(&x, p->n_recur_words++);
    }
  }
}

const profile_recur_word *profile_recur_find(const profile *p, const char *lang, const char *word) {
  if (!p || !lang || !word) return NULL;
  pair_index x = recur_words_of(p);
  return pair_find(&x, lang, word);
}

/* ---- loading one profile ------------------------------------------------ */

static void load_tree(loader *ld, const ynode *root, const char *id) {
  static const char *const keys[] = {
      "id", "default-language", "languages", "number-articles", "party-types", "roles",
      "conflicts", "statuses", "obligations", "schuurpapier", "registration", "sections",
      "output-indicators", "hedges", "placeholders", "labels", "currency", "amount-periods",
      "report-frequencies", "condition-statuses", "progress-statuses", "recurrence", "public", NULL};
  profile *p = ld->p;
  expect_kind(ld, root, YNODE_MAP, "a profile");
  only_keys(ld, root, keys);
  const ynode *idn = need(ld, root, "id");
  p->id = ident_of(ld, idn, "id");
  if (strcmp(p->id, id) != 0)
    defect(ld->file, idn->pos, _("id '%s' differs from the folder name '%s'"), p->id, id);
  p->languages = ident_list(ld, need(ld, root, "languages"), "language", &p->n_languages);
  const ynode *dl = need(ld, root, "default-language");
  p->default_language = ident_of(ld, dl, "default-language");
  if (!profile_has_language(p, p->default_language))
    defect(ld->file, dl->pos, _("default-language '%s' is not in languages"), p->default_language);
  p->number_articles = bool_of(ld, need(ld, root, "number-articles"), "number-articles");
  load_party_types(ld, need(ld, root, "party-types"));
  load_roles(ld, need(ld, root, "roles"));
  load_conflicts(ld, need(ld, root, "conflicts"));
  load_statuses(ld, need(ld, root, "statuses"));
  load_obligations(ld, need(ld, root, "obligations"));
  load_schuurpapier(ld, need(ld, root, "schuurpapier"));
  load_registration(ld, need(ld, root, "registration"));
  load_sections(ld, need(ld, root, "sections"));
  p->output_indicators = load_patterns(ld, need(ld, root, "output-indicators"),
                                       "output-indicators", &p->n_output_indicators);
  p->hedges = load_patterns(ld, need(ld, root, "hedges"), "hedges", &p->n_hedges);
  p->placeholders = load_patterns(ld, need(ld, root, "placeholders"), "placeholders",
                                  &p->n_placeholders);
  load_v2_vocabulary(ld, root);
  load_recurrence(ld, need(ld, root, "recurrence"));
  load_public(ld, ynode_get(root, "public"));
  const ynode *labels = need(ld, root, "labels");
  load_labels(ld, labels);
  check_labels(ld, labels);
  const char *form = profile_label_lookup(p, "en", "registration-form");
  p->registration_form = xstrdup(form ? form : profile_label(p, NULL, "registration-form"));
}

/* The profile's YAML was parsed when the binary was built (ypack checked
 * that it parses) and is embedded beside it as a packed tree: a run
 * unpacks that instead of parsing the YAML again. The positions in the
 * tree are the YAML's, for the defects load_tree may report. */
static profile *profile_load(const char *id) {
  char *file = xasprintf("templates/%s/" PROFILE_FILE, id);
  char *packed = xasprintf("%s/" PROFILE_PACK, id);
  const template_file *tf = templates_find(packed);
  free(packed);
  ynode *root = tf ? ytree_unpack(tf->data, tf->len) : NULL;
  if (!root) defect(file, (srcpos){1, 1}, _("its packed tree is missing or damaged"));
  loader ld = {file, xcalloc(1, sizeof(profile)), {0}};
  precompiled_load(&ld.pre, id);
  load_tree(&ld, root, id);
  precompiled_free(&ld.pre);
  ynode_free(root);
  free(file);
  return ld.p;
}

static void patterns_free(profile_pattern *v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(v[i].pattern);
    pcre2_code_free(v[i].re);
  }
  free(v);
}

static void words_free(profile_word *w, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(w[i].id);
    for (size_t k = 0; k < w[i].n_also; k++) free(w[i].also[k]);
    free(w[i].also);
  }
  free(w);
}

static void profile_free(profile *p) {
  if (!p) return;
  for (size_t i = 0; i < p->n_recur_words; i++) free(p->recur_words[i].word);
  free(p->recur_words);
  free(p->recur_slots);
  free(p->currency);
  words_free(p->periods, p->n_periods);
  words_free(p->frequencies, p->n_frequencies);
  words_free(p->condition_statuses, p->n_condition_statuses);
  words_free(p->progress_statuses, p->n_progress_statuses);
  profile_public *r = &p->public_rules;
  free(r->mark);
  for (size_t i = 0; i < r->n_public_bodies; i++) free(r->public_bodies[i]);
  free(r->public_bodies);
  patterns_free(r->offices, r->n_offices);
  for (size_t i = 0; i < r->n_personal; i++) {
    free(r->personal[i].id);
    free(r->personal[i].pattern);
    pcre2_code_free(r->personal[i].re);
  }
  free(r->personal);
  free(p->id);
  free(p->default_language);
  for (size_t i = 0; i < p->n_languages; i++) free(p->languages[i]);
  free(p->languages);
  free(p->registration_pattern);
  pcre2_code_free(p->registration_re);
  free(p->registration_form);
  for (size_t i = 0; i < p->n_party_types; i++) free(p->party_types[i].id);
  free(p->party_types);
  for (size_t i = 0; i < p->n_roles; i++) free(p->roles[i].id);
  free(p->roles);
  for (size_t i = 0; i < p->n_conflicts; i++) free(p->conflicts[i].a), free(p->conflicts[i].b);
  free(p->conflicts);
  for (size_t i = 0; i < p->n_statuses; i++) free(p->statuses[i].id);
  free(p->statuses);
  for (size_t i = 0; i < p->n_obligations; i++) free(p->obligations[i].id);
  free(p->obligations);
  for (size_t i = 0; i < p->n_axes; i++) free(p->axes[i]);
  free(p->axes);
  for (size_t i = 0; i < p->n_sections; i++) {
    free(p->sections[i].id);
    free(p->sections[i].pattern);
    pcre2_code_free(p->sections[i].re);
  }
  free(p->sections);
  patterns_free(p->output_indicators, p->n_output_indicators);
  patterns_free(p->hedges, p->n_hedges);
  patterns_free(p->placeholders, p->n_placeholders);
  free(p->labels);
  free(p->label_slots);
  free(p->label_text);
  free(p);
}

/* ---- the cache ---------------------------------------------------------- */

static profile **loaded;
static size_t n_loaded, cap_loaded;
static char *ids_text;
/* Fallback keys made by profile_label2, by hash (a contract may name
 * 10,000 unknown roles; a list scanned per look-up made that quadratic). */
static strset missing_keys;
static pcre2_match_context *match_ctx;
static pcre2_jit_stack *jit_stack;
static pcre2_match_data *match_data; /* one for the process: no threads */
static const char *valid_text;       /* the text last checked for UTF-8 */
static size_t valid_len;

const profile *profile_get(const char *id) {
  if (!id || !is_ident(id)) return NULL;
  for (size_t i = 0; i < n_loaded; i++)
    if (strcmp(loaded[i]->id, id) == 0) return loaded[i];
  char *name = xasprintf("%s/" PROFILE_FILE, id);
  const template_file *tf = templates_find(name);
  free(name);
  if (!tf) return NULL;
  profile *p = profile_load(id);
  void *v = loaded;
  xgrow(&v, &cap_loaded, n_loaded + 1, sizeof *loaded);
  loaded = v;
  loaded[n_loaded++] = p;
  return p;
}

const char *profile_default_id(void) { return DEFAULT_PROFILE; }

const char *profile_ids(void) {
  if (ids_text) return ids_text;
  size_t count;
  const template_file *all = templates_all(&count);
  buf b;
  buf_init(&b);
  for (size_t i = 0; i < count; i++) {
    const char *slash = strchr(all[i].name, '/');
    if (!slash || strcmp(slash + 1, PROFILE_FILE) != 0) continue;
    if (b.len) buf_adds(&b, ", ");
    buf_add(&b, all[i].name, (size_t)(slash - all[i].name));
  }
  ids_text = buf_detach(&b);
  return ids_text;
}

void profile_unload_all(void) {
  for (size_t i = 0; i < n_loaded; i++) profile_free(loaded[i]);
  free(loaded);
  loaded = NULL;
  n_loaded = cap_loaded = 0;
  free(ids_text);
  ids_text = NULL;
  strset_free(&missing_keys);
  pcre2_match_context_free(match_ctx);
  match_ctx = NULL;
  pcre2_jit_stack_free(jit_stack);
  jit_stack = NULL;
  pcre2_match_data_free(match_data);
  match_data = NULL;
  jit_forget();
  valid_text = NULL;
  valid_len = 0;
}

/* ---- labels ------------------------------------------------------------- */

const char *profile_label_lookup(const profile *p, const char *lang, const char *key) {
  if (!p || !lang || !key) return NULL;
  pair_index x = labels_of(p);
  const profile_label_entry *l = pair_find(&x, lang, key);
  return l ? l->value : NULL;
}

const char *profile_label(const profile *p, const char *lang, const char *key) {
  const char *v = profile_label_lookup(p, lang, key);
  if (!v && p) v = profile_label_lookup(p, p->default_language, key);
  return v ? v : key;
}

const char *profile_label2(const profile *p, const char *lang, const char *group, const char *id) {
  /* Called per table cell and row: the key is put together without printf
   * and, when short, without malloc. */
  char small[128], *key = label_key(small, sizeof small, group, id ? id : "");
  const char *v = profile_label(p, lang, key);
  /* a missing "<group>.<id>" falls back to the key itself, which must
   * outlive the call: kept for the process, once per distinct key */
  if (v == key) v = strset_intern(&missing_keys, key);
  if (key != small) free(key);
  return v;
}

/* ---- vocabulary --------------------------------------------------------- */

#define FIND_BY_ID(array, count)                                                                \
  do {                                                                                          \
    if (!p || !id) return NULL;                                                                 \
    for (size_t i = 0; i < p->count; i++)                                                       \
      if (strcmp(p->array[i].id, id) == 0) return &p->array[i];                                 \
    return NULL;                                                                                \
  } while (0)

const profile_party_type *profile_party_type_find(const profile *p, const char *id) {
  FIND_BY_ID(party_types, n_party_types);
}

const profile_role *profile_role_find(const profile *p, const char *id) {
  FIND_BY_ID(roles, n_roles);
}

const profile_status *profile_status_find(const profile *p, const char *id) {
  FIND_BY_ID(statuses, n_statuses);
}

const profile_obligation *profile_obligation_find(const profile *p, const char *id) {
  FIND_BY_ID(obligations, n_obligations);
}

const profile_status *profile_draft_status(const profile *p) {
  if (!p) return NULL;
  for (size_t i = 0; i < p->n_statuses; i++)
    if (p->statuses[i].stage == STAGE_DRAFT) return &p->statuses[i];
  return NULL;
}

const profile_word *profile_word_find(const profile_word *words, size_t n, const char *s) {
  if (!s) return NULL;
  for (size_t i = 0; i < n; i++) {
    if (strcmp(words[i].id, s) == 0) return &words[i];
    for (size_t k = 0; k < words[i].n_also; k++)
      if (strcmp(words[i].also[k], s) == 0) return &words[i];
  }
  return NULL;
}

const profile_word *profile_word_default(const profile_word *words, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (words[i].is_default) return &words[i];
  return NULL;
}

char *profile_word_list(const profile_word *words, size_t n) {
  buf b;
  buf_init(&b);
  buf_add(&b, "", 0);
  for (size_t i = 0; i < n; i++) {
    if (i) buf_adds(&b, ", ");
    buf_adds(&b, words[i].id);
    for (size_t k = 0; k < words[i].n_also; k++) buf_printf(&b, ", %s", words[i].also[k]);
  }
  return buf_detach(&b);
}

bool profile_has_language(const profile *p, const char *lang) {
  if (!p || !lang) return false;
  for (size_t i = 0; i < p->n_languages; i++)
    if (strcmp(p->languages[i], lang) == 0) return true;
  return false;
}

/* ---- matching ----------------------------------------------------------- */

/* The JIT runs on a stack of its own instead of the heap frames that
 * PROFILE_HEAP_LIMIT and PROFILE_DEPTH_LIMIT bound; this caps it at the
 * same order of size, and running out of it is a limit hit like the others
 * (PCRE2_ERROR_JIT_STACKLIMIT). PROFILE_MATCH_LIMIT applies to both. */
#define PROFILE_JIT_STACK_MIN (32u * 1024)
#define PROFILE_JIT_STACK_MAX (1024u * 1024)

static pcre2_match_context *limits(void) {
  if (!match_ctx) {
    match_ctx = pcre2_check_alloc(pcre2_match_context_create(NULL));
    pcre2_set_match_limit(match_ctx, PROFILE_MATCH_LIMIT);
    pcre2_set_depth_limit(match_ctx, PROFILE_DEPTH_LIMIT);
    pcre2_set_heap_limit(match_ctx, PROFILE_HEAP_LIMIT);
    /* NULL where pcre2 was built without a JIT: nothing JIT-compiled then. */
    jit_stack = pcre2_jit_stack_create(PROFILE_JIT_STACK_MIN, PROFILE_JIT_STACK_MAX, NULL);
    if (jit_stack) pcre2_jit_stack_assign(match_ctx, NULL, jit_stack);
  }
  return match_ctx;
}

/* Whether text is valid UTF-8, remembering the last valid text: walking
 * every match of a text calls with growing `from`, and checking the whole
 * text each time made that quadratic. A walk starts at 0, which always
 * checks, unless the caller says the text is the same as before (same);
 * a later call continues on the same bytes. */
static bool text_valid(const char *text, size_t len, size_t from, bool same) {
  if ((from > 0 || same) && text == valid_text && len == valid_len) return true;
  valid_text = NULL;
  if (!utf8_valid(text, len)) return false;
  valid_text = text;
  valid_len = len;
  return true;
}

static int match(const pcre2_code *re, const char *text, size_t len, size_t from, bool same,
                 size_t *start, size_t *end) {
  /* Checked here, so pcre2 may skip its own check and a bad byte is a -1
   * the caller reports, never a quiet "no match". */
  if (!re || from > len || !text_valid(text, len, from, same)) return -1;
  pcre2_match_context *ctx = limits();
  /* One pair is all that is read; a pattern with groups then returns 0
   * ("ovector too small") on a match, which is still a match. Kept for the
   * process: pcre2 also keeps its backtracking frames in it. */
  if (!match_data) match_data = pcre2_check_alloc(pcre2_match_data_create(1, NULL));
  jit_entry *e = jit_find(re);
  if (e && cannot_match(&e->f, text, len, from)) return 0;
  jit_account(e, len - from + JIT_CALL_BYTES);
  int rc = pcre2_match(re, (PCRE2_SPTR)text, len, from, PCRE2_NO_UTF_CHECK, match_data, ctx);
  if (rc == PCRE2_ERROR_NOMATCH) return 0;
  if (rc < 0) return -1; /* a limit (match, depth, heap, JIT stack) or an error */
  const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(match_data);
  if (start) *start = ov[0];
  if (end) *end = ov[1];
  return 1;
}

int profile_match_at(const pcre2_code *re, const char *text, size_t len, size_t from,
                     size_t *start, size_t *end) {
  return match(re, text, len, from, false, start, end);
}

int profile_match_same(const pcre2_code *re, const char *text, size_t len, size_t from,
                       size_t *start, size_t *end) {
  return match(re, text, len, from, true, start, end);
}

int profile_match(const pcre2_code *re, const char *text, size_t len, size_t *start,
                  size_t *end) {
  return match(re, text, len, 0, false, start, end);
}

/* Whether pattern source src is local: where it matches a text alone,
 * it matches the same bytes amid others, line feeds around them. Told by
 * what the source leaves out, erring towards "no": anchors (^ $ \A \z
 * \Z \G), every (? but a plain group (?: (lookarounds, atomic groups,
 * conditions, options, recursion), verbs (*, and what never gives back
 * what it took (possessive quantifiers, \R, \X), which may refuse a
 * match once more text follows. \b and \B are local: a line feed is a
 * non-word byte, as the edge of a text is. */
static bool pattern_is_local(const char *src) {
  for (const char *c = src; *c; c++) {
    if (*c == '^' || *c == '$') return false;
    if (*c == '\\' && c[1]) {
      if (strchr("AzZGRX", c[1])) return false;
      c++;
      continue;
    }
    if (*c == '(' && (c[1] == '*' || (c[1] == '?' && c[2] != ':'))) return false;
    if (c[1] == '+' && (*c == '*' || *c == '+' || *c == '?' || *c == '}')) return false;
  }
  return true;
}

/* The text of texts[0..n) that joined byte `at` lies in: the last whose
 * offset off[] is at or before it. */
static size_t text_at(const size_t *off, size_t n, size_t at) {
  size_t lo = 0, hi = n; /* off[lo] <= at < off[hi] */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (off[mid] <= at) lo = mid;
    else hi = mid;
  }
  return lo;
}

/* Runs local pattern `bit` of a screen over texts[0..n) joined in j
 * (text i from off[i]), adding it to the set of every text a match
 * touches. After a match only the texts after the last one it touched
 * are searched: one match a text is all a screen needs. False on a limit. */
static bool screen_one(const pcre2_code *re, uint64_t bit, const buf *j, const size_t *off,
                       size_t n, bool same, uint64_t *may) {
  size_t from = 0, s, e;
  while (from < j->len) {
    int r = match(re, j->data, j->len, from, same, &s, &e);
    if (r < 0) return false;
    if (r == 0) break;
    size_t first = text_at(off, n, s), last = text_at(off, n, e > s ? e - 1 : s);
    for (size_t i = first; i <= last; i++) may[i] |= bit;
    if (last + 1 >= n) break;
    from = off[last + 1];
  }
  return true;
}

/* Whether a joined search pays for re: it runs JIT-compiled, or will
 * from its next match (interpreted, pcre2_match costs little to start
 * beside its work on each byte, and the filter of each text alone,
 * cannot_match, skips more than one search over all of them saves), and
 * pcre2 knows where a match may start (a first code unit or a start
 * bitmap). A pattern tried at every byte is tried at fewer of them text
 * by text: near the end of each, its minimum length rules them out. */
static bool screen_pays(const pcre2_code *re) {
  const jit_entry *e = jit_find(re);
  return e && (e->scanned == SIZE_MAX || jit_after <= 1) && (e->f.has_first || e->f.start_bits);
}

/* The patterns of pats[0..np) that each text runs alone (bit i: pats[i]);
 * all of them when there are more than 64. */
static uint64_t unscreened(const profile_pattern *pats, size_t np) {
  uint64_t always = 0;
  if (np > 64) return ~(uint64_t)0;
  for (size_t i = 0; i < np; i++)
    if (!screen_pays(pats[i].re) || !pattern_is_local(pats[i].pattern)) always |= (uint64_t)1 << i;
  return always;
}

/* Whether any of np patterns is screened, always the unscreened ones. */
static bool screens_any(uint64_t always, size_t np) {
  return np > 0 && always != (np >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << np) - 1);
}

bool profile_can_screen(const profile_pattern *pats, size_t np) {
  return screens_any(unscreened(pats, np), np);
}

uint64_t *profile_screen(const profile_pattern *pats, size_t np, const char *const *texts,
                         const size_t *lens, size_t n) {
  size_t bytes = 0;
  for (size_t i = 0; i < n; i++) bytes += lens[i];
  /* nothing to search: then each text (if any is matched at all) runs
   * the patterns as before, none JIT-compiled for the screen */
  uint64_t always = unscreened(pats, np);
  if (bytes == 0 || !screens_any(always, np)) return NULL;
  buf j;
  buf_init(&j);
  size_t *off = xmalloc(n * sizeof *off);
  for (size_t i = 0; i < n; i++) {
    off[i] = j.len;
    if (lens[i]) buf_add(&j, texts[i], lens[i]);
    buf_addc(&j, '\n');
  }
  uint64_t *may = xmalloc(n * sizeof *may);
  for (size_t i = 0; i < n; i++) may[i] = always;
  bool ok = true, same = false;
  for (size_t i = 0; ok && i < np; i++) {
    if (always & (uint64_t)1 << i) continue;
    ok = screen_one(pats[i].re, (uint64_t)1 << i, &j, off, n, same, may);
    same = true;
  }
  buf_free(&j);
  free(off);
  if (ok) return may;
  free(may);
  return NULL;
}

/* ---- skeletons ---------------------------------------------------------- */

static const template_file *skeleton_file(const profile *p, const char *lang) {
  char *name = xasprintf("%s/skeleton-%s.md", p->id, lang);
  const template_file *tf = templates_find(name);
  free(name);
  return tf;
}

const char *profile_skeleton(const profile *p, const char *lang, size_t *len) {
  if (!p) return NULL;
  const template_file *tf = lang && is_ident(lang) ? skeleton_file(p, lang) : NULL;
  if (!tf) tf = skeleton_file(p, p->default_language);
  if (!tf) return NULL;
  if (len) *len = tf->len;
  return (const char *)tf->data;
}
