/* SPDX-License-Identifier: MIT */
/* Action recorder for the policy tests: every action's details, for what
 * h_expect hides. */
#ifndef ACDR_TEST_RECORDER_H
#define ACDR_TEST_RECORDER_H

#include "harness.h"

#define REC_MAX 4096

typedef struct rec {
  int type, reason, activity;
  int64_t position, value_ms;
  char contact[32], queue[32], text[64];
} rec;

/* The actions recorded since the last rec_start (at most rec_cap). */
extern rec recs[REC_MAX];
extern size_t nrecs;
extern size_t rec_cap;

/* h_init(h, opt) with the recorder as hook, keeping at most `cap`
 * (<= REC_MAX) actions. */
void rec_start(harness *h, const acdr_options *opt, size_t cap);
/* Record one action (while there is room). */
void rec_keep(const acdr_action *a);
/* The harness hook: rec_keep. */
int rec_hook(harness *h, const acdr_action *a);
/* The last recorded action of a type, or NULL. */
const rec *rec_last(int type);
/* How many recorded actions have that type. */
size_t rec_count(int type);
/* Conservation: the invariants hold, no contact is live and there was one
 * CONTACT_ENDED per contact that arrived. */
void rec_conserved(harness *h);

#endif
