/* SPDX-License-Identifier: MIT */
/* ring-progressively: the first ready member in member order rings; every
 * `interval` seconds (setting, default 10) one more ready member (next in
 * member order among those not ringing yet) is added while the earlier
 * ones keep ringing.  The first to accept wins; the others are cancelled.
 *
 * The schedule is stateless: a round that started at S (the first offer)
 * wants k+1 agents ringing from S + k*interval on.  When the engine asks
 * again (the recheck timer set here fires) and fewer ring, one is added;
 * so an agent who rejects or times out is replaced at the next step, and
 * a rebuilt engine makes the same decisions.  When every agent's offer
 * has ended the contact goes back to the line and a new round starts.
 *
 * Ready members sit in an ordered set keyed by member order: select
 * O((r+1) log n) for r members of the tier already ringing for the contact
 * (r = 0 on voice, where a ringing agent is not ready), ready/unready
 * O(log n). */
#include <string.h>

#include "strategies/common.h"

#define RP_DEFAULT_INTERVAL_S 10
#define RP_MAX_INTERVAL_S 86400

typedef struct rp_state {
  acdr_strat_ordered base; /* first: the shared hooks cast to it */
  acdr_tstamp interval;
} rp_state;

static const acdr_strat_desc desc = {"ring-progressively", sizeof(rp_state), 0,
                                     NULL, NULL};

static int rp_create(acdr_strategy_state **out, const acdr_strategy_ctx *ctx,
                     const acdr_kv *params, size_t nparams, void *ud) {
  rp_state *s;
  uint64_t secs = RP_DEFAULT_INTERVAL_S;
  size_t i;
  int rv;
  (void)ud;
  for (i = 0; i < nparams; i++) {
    if (strcmp(params[i].key, "interval") != 0)
      return acdr_strat_unknown_param(ctx->host, "ring-progressively",
                                      params + i);
    if ((rv = acdr_strat_parse_u64(ctx->host, "ring-progressively", params + i,
                                   RP_MAX_INTERVAL_S, &secs)))
      return rv;
    if (secs == 0)
      return acdr_strat_bad_param(ctx->host, "ring-progressively", params + i,
                                  "must be at least 1 second");
  }
  if ((rv = acdr_strat_new(out, ctx, &desc)) != 0) return rv;
  s = (rp_state *)*out;
  s->interval = (acdr_tstamp)secs * ACDR_SECONDS;
  return 0;
}

static int rp_select(acdr_strategy_state *st, acdr_contact_view *c,
                     acdr_tstamp now, acdr_member **out, size_t max,
                     size_t *nout, acdr_tstamp *recheck) {
  rp_state *s = (rp_state *)st;
  size_t ringing = acdr_contact_view_offer_count(c);
  acdr_tstamp start = ringing ? acdr_contact_view_offer_started(c) : now;
  acdr_tstamp steps, next;
  acdr_member *m;
  (void)max;
  *nout = 0;
  /* steps passed since the round started: that many agents added */
  steps = now > start ? (now - start) / s->interval : 0;
  next = start + (steps + 1) * s->interval;
  if (ringing && ringing > steps) {
    *recheck = next; /* not due yet */
    return 0;
  }
  m = acdr_strat_ord_next(&s->base, NULL, c);
  /* a waiting contact that got nobody needs no timer: an agent becoming
   * ready dispatches the queue; a ringing one is looked at each step */
  if (m || ringing) *recheck = next;
  if (m) {
    out[0] = m;
    *nout = 1;
  }
  return 0;
}

static const acdr_strategy ring_progressively = ACDR_STRAT_ORD_VTABLE(
    "ring-progressively", 0, rp_create, rp_select, NULL, NULL, NULL);

const acdr_strategy *acdr_strategy_ring_progressively(void) {
  return &ring_progressively;
}
