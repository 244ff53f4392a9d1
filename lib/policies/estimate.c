/* SPDX-License-Identifier: MIT */
/* Estimated wait: average handle time per queue and the agent slots
 * serving it. */
#include "policies/policy_int.h"

/* The first samples form a plain mean (a single early outlier should not
 * dominate); after that an exponential average follows recent calls. */
#define AHT_WARMUP 10
#define AHT_ALPHA 0.1
/* An average handle time above the whole clock (2^64 ns) is corrupt. */
#define AHT_MAX_MS 18446744073709.0

void acdr_policy_handled(acdr_engine *e, acdr_contact *c) {
  acdr_queue *q = c->queue;
  double x;
  if (!c->answered || e->now < c->answered) return;
  x = (double)((e->now - c->answered) / ACDR_MILLISECONDS);
  if (q->aht_samples < AHT_WARMUP) {
    q->aht_samples++;
    q->aht_avg_ms += (x - q->aht_avg_ms) / (double)q->aht_samples;
  } else {
    q->aht_avg_ms += AHT_ALPHA * (x - q->aht_avg_ms);
  }
}

/* EWT = (contacts ahead that no free agent will take at once) x AHT /
 * slots serving the queue: with every slot busy, one frees up every
 * AHT / slots on average, and the contact at position p needs p of them.
 * -1 when it cannot be estimated: no handle time measured yet, or no
 * available agent serving the queue.  O(tiers): the engine keeps the
 * slot count (queue.avail_slots). */
int64_t acdr_policy_estimated_wait(acdr_engine *e, acdr_queue *q,
                                   uint32_t pos) {
  uint64_t slots = q->avail_slots, ready = 0;
  size_t i;
  double est;
  (void)e;
  if (q->aht_samples <= 0) return -1;
  if (slots == 0) return -1;
  for (i = 0; i < q->ntiers; i++) ready += q->tiers[i]->nready;
  if (pos <= ready) return 0;
  /* restore refuses a non-finite or negative average; still, never
   * convert a value outside int64_t (undefined behaviour) */
  if (!(q->aht_avg_ms >= 0 && q->aht_avg_ms <= AHT_MAX_MS)) return -1;
  est = (double)(pos - ready) * q->aht_avg_ms / (double)slots + 0.5;
  return est < 9.2e18 ? (int64_t)est : INT64_MAX;
}
