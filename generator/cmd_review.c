/* cmd_review.c - the `review` command: shows one party, in the contract's
 * language, its roles, what it promises, what the others promise in the
 * challenges where it holds a role, and every date that concerns it; as
 * text, as an iCalendar file of those dates, or as a document. Like
 * `build` and `matrix` it refuses a contract that has errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


#include "calendar.h"
#include "commands.h"
#include "doc.h"
#include "i18n.h"
#include "ics.h"
#include "model.h"
#include "profile.h"
#include "review.h"
#include "textout.h"
#include "util.h"
#include "variables.h"
#include "workflow.h"

/* ---- text ---- */

static void underline(buf *out, const char *text, char c, size_t width) {
  textout_wrap(out, "", "", text, strlen(text), width);
  size_t n = textout_cols(text, strlen(text));
  if (n > width) n = width;
  for (size_t i = 0; i < n; i++) buf_addc(out, c);
  buf_addc(out, '\n');
}

/* The labels of the commitment fields a text review shows, for aligning. */
static const char *const field_keys[] = {
    "field.party",   "field.obligation", "field.impact", "field.measure",   "field.target",
    "field.when",    "field.to",         "field.amount", "field.beneficiaries",
    "field.resources", "field.remedy"};

typedef struct {
  const review *r;
  buf *out;
  size_t width;
  size_t label_w; /* widest field label + ": " */
} text_ctx;

/* "Label:  value" with the value wrapped under itself; on narrow
 * terminals the label gets its own line. */
static void kv_text(text_ctx *t, const char *indent, const char *label, const char *value,
                    size_t len) {
  size_t ind = strlen(indent);
  char *lab = xasprintf("%s: ", label);
  if (ind + t->label_w + 20 > t->width) {
    char *first = xasprintf("%s%s", indent, lab);
    buf_adds(t->out, first);
    buf_addc(t->out, '\n');
    char *rest = xasprintf("%s  ", indent);
    textout_wrap(t->out, rest, rest, value, len, t->width);
    free(first);
    free(rest);
  } else {
    buf first;
    buf_init(&first);
    buf_adds(&first, indent);
    textout_pad(&first, lab, t->label_w);
    char *rest = xasprintf("%s%*s", indent, (int)t->label_w, "");
    textout_wrap(t->out, first.data, rest, value, len, t->width);
    buf_free(&first);
    free(rest);
  }
  free(lab);
}

static void kv_mtext(text_ctx *t, const char *indent, const char *key, const mtext *v) {
  if (mtext_nonempty(v)) kv_text(t, indent, review_label(t->r, key), v->s, v->len);
}

/* "Label: value" for a value made by fn (var_amount, var_target), when
 * it makes one. */
static void kv_made(text_ctx *t, const char *indent, const char *key, const commitment *cm,
                    void (*fn)(const contract *, const commitment *, buf *)) {
  buf b;
  buf_init(&b);
  fn(t->r->c, cm, &b);
  if (b.len) kv_text(t, indent, review_label(t->r, key), b.data, b.len);
  buf_free(&b);
}

/* "- 3. text" and its fields: the commitment's number, as the document
 * shows it, in front of what is promised. */
static void commitment_text(text_ctx *t, const commitment *cm, const char *indent) {
  const review *r = t->r;
  char *bullet = xasprintf("%s- %zu. ", indent, model_commitment_number(r->c, cm));
  char *rest = xasprintf("%s  ", indent);
  textout_wrap(t->out, bullet, rest, cm->text.s ? cm->text.s : "", cm->text.len, t->width);
  char *joint = cm->parties.n > 1 ? review_parties_text(r, &cm->parties) : NULL;
  if (joint) kv_text(t, rest, review_label(r, "field.party"), joint, strlen(joint));
  free(joint);
  char *ob = review_obligation_explained(r, cm);
  kv_text(t, rest, review_label(r, "field.obligation"), ob, strlen(ob));
  free(ob);
  kv_mtext(t, rest, "field.impact", &cm->impact);
  kv_mtext(t, rest, "field.measure", &cm->measure);
  kv_made(t, rest, "field.target", cm, var_target);
  char *term = review_term(r, cm);
  const char *tv = term ? term : review_label(r, "text.none");
  /* "When", not "Term": that is the contract's duration */
  kv_text(t, rest, review_label(r, "field.when"), tv, strlen(tv));
  free(term);
  char *to = review_parties_text(r, &cm->to);
  if (to) kv_text(t, rest, review_label(r, "field.to"), to, strlen(to));
  free(to);
  kv_made(t, rest, "field.amount", cm, var_amount);
  char *who = review_beneficiaries(cm);
  if (who) kv_text(t, rest, review_label(r, "field.beneficiaries"), who, strlen(who));
  free(who);
  kv_mtext(t, rest, "field.resources", &cm->resources);
  kv_mtext(t, rest, "field.remedy", &cm->remedy);
  free(bullet);
  free(rest);
}

static void text_head(text_ctx *t) {
  const review *r = t->r;
  const contract *c = r->c;
  const profile *p = c->profile;
  char *name = mtext_dup(&c->parties[r->party].name);
  char *head = xasprintf("%s %s", review_label(r, "heading.review"), name);
  underline(t->out, head, '=', t->width);
  free(head);
  free(name);
  char *title = mtext_dup(&c->title);
  char *line = xasprintf("%s: %s", profile_label2(p, r->lang, "kind", p->id), title);
  textout_wrap(t->out, "", "  ", line, strlen(line), t->width);
  free(line);
  free(title);
  if (mtext_nonempty(&c->area)) {
    char *area = mtext_dup(&c->area);
    line = xasprintf("%s: %s", review_label(r, "field.area"), area);
    textout_wrap(t->out, "", "  ", line, strlen(line), t->width);
    free(line);
    free(area);
  }
  const profile_status *st = c->status.s ? profile_status_find(p, c->status.s) : profile_draft_status(p);
  char *version = mtext_dup(&c->version);
  line = xasprintf("%s: %s; %s: %s", review_label(r, "field.version"), version,
                   review_label(r, "field.status"), st ? profile_label2(p, r->lang, "status", st->id) : "");
  textout_wrap(t->out, "", "  ", line, strlen(line), t->width);
  free(line);
  free(version);
  char *period = review_period(r);
  if (period) {
    line = xasprintf("%s: %s", review_label(r, "field.period"), period);
    textout_wrap(t->out, "", "  ", line, strlen(line), t->width);
    free(line);
    free(period);
  }
}

static void text_roles(text_ctx *t) {
  const review *r = t->r;
  const profile *p = r->c->profile;
  buf_addc(t->out, '\n');
  underline(t->out, review_label(r, "heading.our-roles"), '-', t->width);
  bool any = false;
  for (size_t i = 0; i < r->n_challenges; i++) {
    const review_challenge *ch = &r->challenges[i];
    if (!ch->n_roles) continue;
    const mtext *title = &r->c->challenges[ch->challenge].title;
    textout_wrap(t->out, "", "", title->s ? title->s : "", title->len, t->width);
    for (size_t k = 0; k < ch->n_roles; k++) {
      const char *id = p->roles[ch->roles[k]].id;
      char *line = xasprintf("%s: %s", profile_label2(p, r->lang, "role", id),
                             profile_label2(p, r->lang, "role-desc", id));
      textout_wrap(t->out, "  - ", "    ", line, strlen(line), t->width);
      free(line);
    }
    any = true;
  }
  if (!any) buf_printf(t->out, "%s\n", review_label(r, "text.none"));
}

static void text_own(text_ctx *t) {
  const review *r = t->r;
  buf_addc(t->out, '\n');
  underline(t->out, review_label(r, "heading.our-commitments"), '-', t->width);
  bool any = false;
  for (size_t i = 0; i < r->n_challenges; i++) {
    const review_challenge *ch = &r->challenges[i];
    if (!ch->n_own) continue;
    if (any) buf_addc(t->out, '\n');
    const mtext *title = &r->c->challenges[ch->challenge].title;
    textout_wrap(t->out, "", "", title->s ? title->s : "", title->len, t->width);
    for (size_t k = 0; k < ch->n_own; k++) {
      if (k) buf_addc(t->out, '\n');
      commitment_text(t, ch->own[k].cm, "");
    }
    any = true;
  }
  if (r->n_general) { /* commitments that serve no single challenge */
    if (any) buf_addc(t->out, '\n');
    const char *head = review_label(r, "heading.general");
    textout_wrap(t->out, "", "", head, strlen(head), t->width);
    for (size_t k = 0; k < r->n_general; k++) {
      if (k) buf_addc(t->out, '\n');
      commitment_text(t, r->general[k].cm, "");
    }
    any = true;
  }
  if (!any) buf_printf(t->out, "%s\n", review_label(r, "text.none"));
}

/* "3. € 45.000 per jaar (samen met ...) — De Gemeente stelt ...": the
 * commitments the party pays (from false) or receives (from true), then
 * their totals. */
static void money_lines(text_ctx *t, const commitment *const *items, size_t n, bool from) {
  const review *r = t->r;
  const contract *c = r->c;
  for (size_t i = 0; i < n; i++) {
    const commitment *cm = items[i];
    buf line;
    buf_init(&line);
    if (from) {
      char *who = review_parties_text(r, &cm->parties);
      buf_printf(&line, "%s %s", review_label(r, "text.from"), who ? who : "");
      free(who);
    }
    if (cm->amount.present) {
      if (line.len) buf_adds(&line, ": ");
      var_amount(c, cm, &line);
    }
    /* shared with other payers or recipients */
    char *others = review_others_text(r, from ? &cm->to : &cm->parties);
    if (others) buf_printf(&line, "%s(%s %s)", line.len ? " " : "", review_label(r, "text.together"), others);
    free(others);
    buf_adds(&line, line.len ? " \xE2\x80\x94 " : ""); /* an em dash */
    if (cm->text.s) buf_add(&line, cm->text.s, cm->text.len);
    char *bullet = xasprintf("%zu. ", model_commitment_number(c, cm));
    char *rest = xasprintf("%*s", (int)strlen(bullet), "");
    textout_wrap(t->out, bullet, rest, line.data, line.len, t->width);
    free(bullet);
    free(rest);
    buf_free(&line);
  }
  if (!n) buf_printf(t->out, "%s\n", review_label(r, "text.none"));
}

/* "Totaal: € 90.000" (label and totals). */
static void total_line(text_ctx *t, const char *key, const money_totals *total) {
  const review *r = t->r;
  money_style st = money_style_for(r->c->profile, r->lang);
  buf sum;
  buf_init(&sum);
  buf_printf(&sum, "%s: ", review_label(r, key));
  money_format_totals(&sum, total, r->c->profile->currency, ", ", &st);
  textout_wrap(t->out, "", "  ", sum.data, sum.len, t->width);
  buf_free(&sum);
}

/* What the party pays and receives (only where the contract has amounts):
 * its totals count a joint commitment whole, as it binds each party;
 * received amounts shared with others are totalled apart. */
static void text_money(text_ctx *t) {
  const review *r = t->r;
  const review_v2 *v = &r->v2;
  if (!v->any_amount) return;
  buf_addc(t->out, '\n');
  underline(t->out, review_label(r, "heading.we-pay"), '-', t->width);
  money_lines(t, v->pays, v->n_pays, false);
  if (v->n_pays) total_line(t, "field.total", v->paid);
  buf_addc(t->out, '\n');
  underline(t->out, review_label(r, "heading.we-receive"), '-', t->width);
  money_lines(t, v->receives, v->n_receives, true);
  if (v->received.n) total_line(t, "field.total", &v->received);
  if (v->shared.n) total_line(t, "field.total-shared", &v->shared);
}

/* "- aan de Gemeente, elk jaar: over de besteding" */
static void report_lines(text_ctx *t, const report_duty *const *items, size_t n, bool owed) {
  const review *r = t->r;
  const contract *c = r->c;
  for (size_t i = 0; i < n; i++) {
    const report_duty *rd = items[i];
    const mtext *other = owed ? &rd->to : &rd->party;
    long p = other->s ? model_party_index(c, other->s) : -1;
    char *who = p >= 0 ? review_party_short(c, (size_t)p) : mtext_dup(other);
    buf line;
    buf_init(&line);
    buf_printf(&line, "%s %s, %s", review_label(r, owed ? "text.to" : "text.from"), who,
               review_every(r, rd));
    if (mtext_nonempty(&rd->about)) {
      buf_adds(&line, ": ");
      buf_add(&line, rd->about.s, rd->about.len);
    }
    textout_wrap(t->out, "- ", "  ", line.data, line.len, t->width);
    buf_free(&line);
    free(who);
  }
  if (!n) buf_printf(t->out, "%s\n", review_label(r, "text.none"));
}

/* The reports it makes and gets (only where the contract has reports). */
static void text_reports(text_ctx *t) {
  const review *r = t->r;
  if (!r->v2.any_report) return;
  buf_addc(t->out, '\n');
  underline(t->out, review_label(r, "heading.we-report"), '-', t->width);
  report_lines(t, r->v2.reports_owed, r->v2.n_reports_owed, true);
  buf_addc(t->out, '\n');
  underline(t->out, review_label(r, "heading.reported-to-us"), '-', t->width);
  report_lines(t, r->v2.reports_due, r->v2.n_reports_due, false);
}

/* What follows when it does not keep a commitment (where the contract
 * names remedies). */
static void text_remedies(text_ctx *t) {
  const review *r = t->r;
  if (!r->v2.any_remedy) return;
  buf_addc(t->out, '\n');
  underline(t->out, review_label(r, "heading.remedies"), '-', t->width);
  for (size_t i = 0; i < r->v2.n_remedies; i++) {
    const commitment *cm = r->v2.remedies[i];
    char *bullet = xasprintf("%zu. ", model_commitment_number(r->c, cm));
    char *rest = xasprintf("%*s", (int)strlen(bullet), "");
    buf first;
    buf_init(&first);
    textout_clip(&first, cm->text.s ? cm->text.s : "", cm->text.len,
                 t->width > strlen(bullet) + 10 ? t->width - strlen(bullet) : 10);
    textout_wrap(t->out, bullet, rest, first.data, first.len, t->width);
    textout_wrap(t->out, rest, rest, cm->remedy.s, cm->remedy.len, t->width);
    buf_free(&first);
    free(bullet);
    free(rest);
  }
  if (!r->v2.n_remedies) buf_printf(t->out, "%s\n", review_label(r, "text.none"));
}

static void text_others(text_ctx *t) {
  const review *r = t->r;
  buf_addc(t->out, '\n');
  underline(t->out, review_label(r, "heading.their-commitments"), '-', t->width);
  bool any = false;
  size_t *roles = xcalloc(r->matrix->n_roles + 1, sizeof *roles);
  for (size_t i = 0; i < r->n_challenges; i++) {
    const review_challenge *ch = &r->challenges[i];
    if (!ch->n_others) continue;
    if (any) buf_addc(t->out, '\n');
    const mtext *title = &r->c->challenges[ch->challenge].title;
    textout_wrap(t->out, "", "", title->s ? title->s : "", title->len, t->width);
    for (size_t k = 0; k < ch->n_others; k++) {
      size_t who = ch->others[k].party;
      if (k) buf_addc(t->out, '\n');
      if (k == 0 || ch->others[k - 1].party != who) {
        char *name = mtext_dup(&r->c->parties[who].name);
        size_t n = role_matrix_cell(r->matrix, who, ch->challenge, roles);
        char *list = review_role_list(r, roles, n, ", ");
        char *line = n ? xasprintf("%s (%s)", name, list) : xstrdup(name);
        textout_wrap(t->out, "  ", "    ", line, strlen(line), t->width);
        free(line);
        free(list);
        free(name);
      }
      commitment_text(t, ch->others[k].cm, "    ");
    }
    any = true;
  }
  free(roles);
  if (!any) buf_printf(t->out, "%s\n", review_label(r, "text.none"));
}

enum { DATE_LINES = 3 }; /* lines per entry of the dates list */

static void text_dates(text_ctx *t) {
  const review *r = t->r;
  buf_addc(t->out, '\n');
  underline(t->out, review_label(r, "heading.dates"), '-', t->width);
  if (r->n_dates == 0) {
    buf_printf(t->out, "%s\n", review_label(r, "text.none"));
    return;
  }
  char **dates = xcalloc(r->n_dates, sizeof *dates);
  size_t date_w = 0;
  for (size_t i = 0; i < r->n_dates; i++) {
    dates[i] = textout_date(r->c->profile, r->lang, r->dates[i].date->s, r->dates[i].date->len);
    size_t w = textout_cols(dates[i], strlen(dates[i]));
    if (w > date_w) date_w = w;
  }
  size_t avail = t->width > date_w + 22 ? t->width - date_w - 2 : 20;
  char *indent = xasprintf("%*s", (int)(date_w + 2), "");
  for (size_t i = 0; i < r->n_dates; i++) {
    /* what the date is, in at most DATE_LINES lines */
    char *what = review_date_what(r, &r->dates[i], 0);
    size_t n = 0;
    char **lines = textout_lines(what, strlen(what), avail, &n);
    buf first;
    buf_init(&first);
    textout_pad(&first, dates[i], date_w + 2);
    for (size_t l = 0; l < n && l < DATE_LINES; l++) {
      buf_adds(t->out, l == 0 ? first.data : indent);
      if (l + 1 == DATE_LINES && n > DATE_LINES) {
        buf rest;
        buf_init(&rest);
        for (size_t k = l; k < n; k++) {
          if (k > l) buf_addc(&rest, ' ');
          buf_adds(&rest, lines[k]);
        }
        textout_clip(t->out, rest.data, rest.len, avail);
        buf_free(&rest);
      } else {
        buf_adds(t->out, lines[l]);
      }
      buf_addc(t->out, '\n');
    }
    textout_lines_free(lines, n);
    buf_free(&first);
    free(what);
    free(dates[i]);
  }
  free(indent);
  free(dates);
}

static void review_text(const review *r, size_t width, buf *out) {
  text_ctx t = {r, out, width, 0};
  for (size_t i = 0; i < ARRAY_LEN(field_keys); i++) {
    const char *l = review_label(r, field_keys[i]);
    size_t w = textout_cols(l, strlen(l)) + 2;
    if (w > t.label_w) t.label_w = w;
  }
  text_head(&t);
  text_roles(&t);
  text_own(&t);
  text_others(&t);
  text_money(&t);
  text_reports(&t);
  text_remedies(&t);
  text_dates(&t);
}

/* ---- the command ---- */

/* Whether needle occurs in hay, ASCII letters compared without case. */
static bool contains_nocase(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  for (; *hay; hay++)
    if (strncasecmp(hay, needle, n) == 0) return true;
  return false;
}

/* "id (name)" of every party for which pick(i) holds, comma-separated. */
static char *party_list(const contract *c, const bool *pick) {
  buf b;
  buf_init(&b);
  for (size_t i = 0; i < c->n_parties; i++) {
    const party *p = &c->parties[i];
    if (!p->id.s || (pick && !pick[i])) continue;
    if (b.len) buf_adds(&b, ", ");
    buf_adds(&b, p->id.s);
    if (p->name.s) buf_printf(&b, " (%s)", p->name.s);
  }
  if (!b.len) buf_adds(&b, "-");
  return buf_detach(&b);
}

/* The party a user named: by id, by id or name without regard to case,
 * then by part of its name; ambiguity and no match are reported (with
 * the nearest id or name). Returns its index, or -1 after the message. */
static long find_party(const contract *c, const char *file, const char *given) {
  long at = model_party_index(c, given);
  if (at >= 0) return at;
  bool *hit = xcalloc(c->n_parties + 1, sizeof *hit);
  size_t n_hits = 0;
  for (int pass = 0; pass < 2 && n_hits == 0; pass++) {
    for (size_t i = 0; i < c->n_parties; i++) {
      const party *p = &c->parties[i];
      if (!p->id.s) continue;
      bool m = pass == 0 ? strcasecmp(p->id.s, given) == 0 || (p->name.s && strcasecmp(p->name.s, given) == 0) ||
                               (p->short_name.s && strcasecmp(p->short_name.s, given) == 0)
                         : p->name.s && contains_nocase(p->name.s, given);
      if (m) hit[i] = true, n_hits++, at = (long)i;
    }
  }
  if (n_hits == 1) {
    free(hit);
    return at;
  }
  char *msg;
  if (n_hits > 1) {
    char *list = party_list(c, hit);
    msg = xasprintf(_("%s: '%s' fits more than one party: %s; give its id"), file, given, list);
    free(list);
  } else {
    const char **cands = xcalloc(2 * c->n_parties + 1, sizeof *cands);
    for (size_t i = 0; i < c->n_parties; i++) {
      cands[2 * i] = c->parties[i].id.s;
      cands[2 * i + 1] = c->parties[i].name.s;
    }
    const char *near = str_nearest(given, cands, 2 * c->n_parties);
    char *list = party_list(c, NULL);
    if (near) msg = xasprintf(_("%s has no party '%s' (did you mean '%s'?); its parties are: %s"), file, given,
                              near, list);
    else msg = xasprintf(_("%s has no party '%s'; its parties are: %s"), file, given, list);
    free(list);
    free(cands);
  }
  print_error(msg);
  free(msg);
  free(hit);
  return -1;
}

int cmd_review(int argc, char **argv) {
  const char *out = NULL, *party_id = NULL;
  const cli_option opts[] = {
      {"--output", "-o", NULL, &out}, {"--party", "-p", NULL, &party_id}, {NULL, NULL, NULL, NULL}};
  int n;
  int rc = cli_parse("review", argc, argv, opts, &n);
  if (rc) return rc;
  if (n > 1) return usage_error("review", _("too many arguments"));
  const char *file = n ? argv[1] : NULL;
  if (!file) return usage_error("review", _("no contract file given"));
  wf_format fmt = workflow_format(out);
  /* without a party: the whole contract's calendar */
  if ((!party_id || !*party_id) && fmt != WF_ICS)
    return usage_error("review",
                       _("which party? Give --party ID or NAME (or -o FILE.ics for the whole contract's calendar)"));
  if (fmt == WF_UNKNOWN || fmt == WF_CSV || fmt == WF_MD)
    return usage_error("review", _("cannot write a review as '%s': use .txt, .ics, .odt or .docx"), out);

  int status;
  contract *c = workflow_load(file, "review", &status);
  if (!c) return status;
  if (!party_id || !*party_id) {
    buf b;
    buf_init(&b);
    calendar_contract(c, &b);
    status = workflow_emit(out, b.data, b.len, file);
    buf_free(&b);
    model_free(c);
    return status;
  }
  long p = find_party(c, file, party_id);
  if (p < 0) {
    model_free(c);
    return 2;
  }
  party_id = c->parties[p].id.s;
  if (fmt == WF_ODT || fmt == WF_DOCX) {
    doc *d = compose_review(c, party_id);
    status = workflow_write_doc(d, out, fmt, file);
    doc_free(d);
    model_free(c);
    return status;
  }
  review *r = review_build(c, (size_t)p);
  buf b;
  buf_init(&b);
  if (fmt == WF_ICS) calendar_review(r, &b);
  else review_text(r, textout_width(out == NULL || strcmp(out, "-") == 0), &b);
  status = workflow_emit(out, b.data, b.len, file);
  buf_free(&b);
  review_free(r);
  model_free(c);
  return status;
}
