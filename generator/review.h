/* review.h - what one party sees in `review`: its roles per challenge, its
 * own commitments, the commitments of others in the challenges where it
 * holds a role, and every date that concerns it, in date order. Computed
 * once, shown as text, iCalendar (cmd_review.c) or a document
 * (compose_review.c). */
#ifndef WK_REVIEW_H
#define WK_REVIEW_H

#include <stddef.h>

#include "model.h"
#include "rolematrix.h"

typedef enum {
  REVIEW_PERIOD_START,
  REVIEW_EVALUATION,
  REVIEW_DUE_OWN,   /* a commitment of the party itself */
  REVIEW_DUE_OTHER, /* a commitment another party makes in one of its challenges */
  REVIEW_UNTIL_OWN, /* a commitment of its own ends (`until`, v2) */
  REVIEW_PERIOD_END
} review_date_kind;

typedef struct {
  long days;                 /* since 1970-01-01 */
  const mtext *date;         /* as written */
  review_date_kind kind;
  const commitment *cm;      /* REVIEW_DUE_*: the commitment */
  size_t party;              /* REVIEW_DUE_*: index of the committing party */
  size_t seq;                /* order of discovery (stable sorting) */
} review_date;

typedef struct {
  const commitment *cm;
  size_t party; /* index of the committing party */
} review_commitment;

typedef struct {
  size_t challenge;          /* index into contract.challenges */
  size_t *roles;             /* profile role indices the party holds here */
  size_t n_roles;
  review_commitment *own;    /* its commitments in this challenge */
  size_t n_own;
  review_commitment *others; /* others' commitments (only where it holds a role),
                                grouped by party in contract order */
  size_t n_others;
} review_challenge;

/* v2: money, reports and remedies of the party. */
typedef struct {
  const commitment **pays;     /* its commitments with an amount, file order */
  size_t n_pays;
  const money_totals *paid;    /* their totals per currency (owned by c) */
  const commitment **receives; /* others' commitments made `to` it */
  size_t n_receives;
  money_totals received;       /* totals of those made to it alone */
  money_totals shared;         /* totals of those made to it and others */
  const report_duty **reports_owed; /* reports it makes */
  size_t n_reports_owed;
  const report_duty **reports_due;  /* reports made to it */
  size_t n_reports_due;
  const commitment **remedies; /* its commitments with a remedy */
  size_t n_remedies;
  bool any_amount, any_report, any_remedy; /* in the contract at all */
} review_v2;

typedef struct {
  const contract *c;
  size_t party;               /* index of the reviewed party */
  const char *lang;           /* the contract's language */
  role_matrix *matrix;
  review_challenge *challenges; /* where it holds a role or commits; contract order */
  size_t n_challenges;
  review_commitment *general; /* its general commitments (no challenge, v2) */
  size_t n_general;
  review_date *dates;         /* date order; equal days: start, evaluation, own, others, end */
  size_t n_dates;
  review_v2 v2;
} review;

/* Builds the review of party index p (c must have a profile). */
review *review_build(const contract *c, size_t p);
void review_free(review *r); /* accepts NULL */

/* Label of key in the contract's language (profile_label). */
const char *review_label(const review *r, const char *key);
/* The party's defined term ("de Gemeente") or, without one, its name. */
char *review_party_short(const contract *c, size_t p);
/* The roles of one challenge as "Uitvoerder, Initiatiefnemer" (full labels). */
char *review_role_list(const review *r, const size_t *roles, size_t n, const char *sep);
/* Whether party index p is one of the committing parties of cm (a joint
 * commitment binds each of them). */
bool review_commits(const contract *c, const commitment *cm, size_t p);
/* The parties of a commitment by their defined terms, "de Gemeente en het
 * Buurthuis" (its `party`, or with to its `to`); NULL for none. */
char *review_parties_text(const review *r, const mtext_list *ids);
/* The parties of ids other than the reviewed one, by their defined terms:
 * "het Buurthuis" of [moestuin, buurthuis] for the moestuin; NULL when
 * there are none (a shared payment or receipt: "samen met ..."). */
char *review_others_text(const review *r, const mtext_list *ids);
/* How often a report is made, in the contract's language ("elk jaar"),
 * "" when its `every` is not one of the profile's words. */
const char *review_every(const review *r, const report_duty *rd);
/* Term of a commitment for readers: "Uiterlijk op 1 februari 2026",
 * its recurrence, the event it starts on (`after`) and the day it ends
 * (`until`: "tot en met 30 juni 2027"), joined by "; "; NULL when it has
 * none of them. */
char *review_term(const review *r, const commitment *cm);
/* The contract's term for readers, "1 januari 2026 tot en met 31 december
 * 2027", or NULL when it lacks a start or an end. */
char *review_period(const review *r);
/* The beneficiaries of a commitment joined by "; ", or NULL when it names
 * none. */
char *review_beneficiaries(const commitment *cm);
/* Label and value of obligation kind (the profile default when absent). */
const char *review_obligation(const review *r, const commitment *cm);
/* The same with what it means in plain words, for a volunteer who does not
 * know the terms: "Resultaatverplichting. De partij staat in voor ..."
 * (the profile's label obligation-desc.ID); malloc'd. */
char *review_obligation_explained(const review *r, const commitment *cm);
/* What a date is, for the dates list: "Evaluatiemoment",
 * "Afspraak (de Gemeente): De Gemeente stelt …" (clipped to width columns
 * when width > 0). */
char *review_date_what(const review *r, const review_date *d, size_t width);

#endif
