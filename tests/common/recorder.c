/* SPDX-License-Identifier: MIT */
#include "recorder.h"

#include <string.h>

rec recs[REC_MAX];
size_t nrecs;
size_t rec_cap = REC_MAX;

void rec_keep(const acdr_action *a) {
  rec *r;
  if (nrecs == rec_cap) return;
  r = &recs[nrecs++];
  memset(r, 0, sizeof(*r));
  r->type = a->type;
  r->reason = a->reason;
  r->activity = a->activity;
  r->position = a->position;
  r->value_ms = a->value_ms;
  if (a->contact_id) strncpy(r->contact, a->contact_id, 31);
  if (a->queue_id) strncpy(r->queue, a->queue_id, 31);
  if (a->text) strncpy(r->text, a->text, 63);
}

int rec_hook(harness *h, const acdr_action *a) {
  (void)h;
  rec_keep(a);
  return 0;
}

void rec_start(harness *h, const acdr_options *opt, size_t cap) {
  h_init(h, opt);
  h->hook = rec_hook;
  nrecs = 0;
  rec_cap = cap < REC_MAX ? cap : REC_MAX;
}

const rec *rec_last(int type) {
  size_t i = nrecs;
  while (i--)
    if (recs[i].type == type) return &recs[i];
  return NULL;
}

size_t rec_count(int type) {
  size_t i, n = 0;
  for (i = 0; i < nrecs; i++) n += recs[i].type == type;
  return n;
}

void rec_conserved(harness *h) {
  acdr_engine_counts k;
  h_check(h);
  assert_int_equal(acdr_engine_get_counts(h->e, &k), 0);
  assert_int_equal(k.contacts_live, 0);
  assert_int_equal(rec_count(ACDR_ACTION_CONTACT_ENDED), k.contacts_arrived);
}
