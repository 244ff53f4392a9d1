/* SPDX-License-Identifier: MIT */
/* round-robin (skip): rotation after the member offered last, wrapping
 * when the last member is unavailable; the cursor survives logouts,
 * member-list changes, rejects, ring timeouts and save/load. */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#include "core/engine_int.h"

static void setup(harness *h) {
  h_init(h, NULL);
  /* reverse idle order, so longest-idle would differ */
  h_team(h, "q", "round-robin", "a1 a2 a3 a4 a5",
         "a1:0:0 a2:0:1 a3:0:2 a4:0:3", "a4:1 a3:2 a2:3 a1:4");
}

H_TEST_WITH(rotation, setup) {
  h_serve(h, "c1", "q", "a1", S(10), 0);
  h_serve(h, "c2", "q", "a2", S(11), 0);
  CALL(h, acdr_agent_set_status(h->e, "a4", ACDR_AGENT_AWAY, NULL, S(12)));
  h_serve(h, "c3", "q", "a3", S(12), 0);
  /* the last member (a4) is away: the rotation wraps to a1 instead of
   * stopping */
  h_serve(h, "c4", "q", "a1", S(13), 0);
  /* a2 logged out is skipped; the cursor (a1) is unaffected */
  CALL(h, acdr_agent_logout(h->e, "a2", S(14)));
  h_serve(h, "c5", "q", "a3", S(14), 0);
  /* a2 back, a5 joins at position 1 after a2: a1 a2 a5 a3 a4 */
  h_login(h, "a2", S(15));
  h_member(h, "q", "a5", 0, 1, S(15));
  h_login(h, "a5", S(15));
  h_serve(h, "c6", "q", "a1", S(16), 0); /* after a3: a4 away, wrap */
  h_serve(h, "c7", "q", "a2", S(17), 0);
  h_serve(h, "c8", "q", "a5", S(18), 0);
  h_serve(h, "c9", "q", "a3", S(19), 0);
  /* the member offered last leaves the queue: continue after its place */
  CALL(h, acdr_queue_member_remove(h->e, "q", "a3", S(20)));
  CALL(h, acdr_agent_set_status(h->e, "a4", ACDR_AGENT_AVAILABLE, NULL,
                                 S(20)));
  h_serve(h, "c10", "q", "a4", S(21), 0);
  /* a1 (after the wrap) declines: a2 is next; a2 rings out: a5 */
  h_arrive(h, "c11", "q", S(22));
  h_expect(h, "OFFER c11 a1\n");
  CALL(h, acdr_contact_reject(h->e, "c11", "a1", ACDR_REJECT_DECLINED,
                               S(23)));
  h_expect(h, "CANCEL c11 a1 rejected\nOFFER c11 a2\n");
  h_advance(h, S(38));
  h_expect(h, "CANCEL c11 a2 no-answer\nOFFER c11 a5\n");
  /* a5 logs out while ringing: next after a5 is a4 (a3 is gone) */
  CALL(h, acdr_agent_logout(h->e, "a5", S(39)));
  h_expect(h, "CANCEL c11 a5 agent-unavailable\nOFFER c11 a4\n");
}

static acdr_tier *tier_of(harness *h, const char *qid) {
  acdr_queue *q = acdr_map_get(&h->e->queues, qid);
  assert_non_null(q);
  assert_int_equal(q->ntiers, 1);
  return q->tiers[0];
}

/* The cursor is decision state: save() and load() carry it to a fresh
 * instance, which then continues the rotation. */
H_TEST_WITH(save_load, setup) {
  acdr_tier *t;
  acdr_strategy_state *fresh = NULL;
  acdr_strategy_ctx ctx;
  char *saved = NULL, *again = NULL;
  t = tier_of(h, "q");
  assert_int_equal(t->strategy->vt.save(t->state, &saved), 0);
  assert_string_equal(saved, ""); /* nobody offered yet */
  acdr_strategy_free(&t->host, saved);
  h_serve(h, "c1", "q", "a1", S(10), 0);
  h_serve(h, "c2", "q", "a2", S(11), 0);
  assert_int_equal(t->strategy->vt.save(t->state, &saved), 0);
  memset(&ctx, 0, sizeof(ctx));
  ctx.queue_id = "q";
  ctx.host = &t->host;
  assert_int_equal(t->strategy->vt.create(&fresh, &ctx, NULL, 0, NULL), 0);
  assert_int_equal(t->strategy->vt.load(fresh, saved), 0);
  assert_int_equal(t->strategy->vt.save(fresh, &again), 0);
  assert_string_equal(saved, again);
  assert_int_equal(t->strategy->vt.load(fresh, "12x"), ACDR_ERR_STRATEGY);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "12x"));
  t->strategy->vt.destroy(fresh, NULL);
  acdr_strategy_free(&t->host, saved);
  acdr_strategy_free(&t->host, again);
  h_serve(h, "c3", "q", "a3", S(12), 0);
}

H_MAIN(T(rotation), T(save_load))
