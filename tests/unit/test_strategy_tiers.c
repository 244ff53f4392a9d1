/* SPDX-License-Identifier: MIT */
/* Rules every strategy shares: penalty tiers and tier_wait_ms, the known
 * agent hold, an agent in two queues, unknown strategies and settings. */
#include "harness.h"

#include <string.h>

static void queue(harness *h, const char *id, const char *strategy,
                  int64_t tier_wait_ms, int32_t weight) {
  acdr_queue_def d;
  h_qdef(&d, id, strategy);
  d.tier_wait_ms = tier_wait_ms;
  d.weight = weight;
  h_qadd(h, &d);
}

H_TEST(penalty_tiers) {
  h_agents(h, "a1 a2 b1");
  queue(h, "q", "round-robin", 0, 0);
  h_member(h, "q", "b1", 1, 0, 0); /* first in order, but tier 1 */
  h_members(h, "q", "a1:0:1 a2:0:2");
  h_logins(h, "b1:1 a1:1 a2:1");
  h_arrive(h, "c1", "q", S(10));
  h_arrive(h, "c2", "q", S(10));
  h_arrive(h, "c3", "q", S(10));
  /* tier 0 first (a1, a2), tier 1 only when tier 0 has nobody free */
  h_expect(h, "OFFER c1 a1\nOFFER c2 a2\nOFFER c3 b1\n");
}

H_TEST(tier_wait) {
  h_agents(h, "a1 b1");
  queue(h, "q", "linear", 20000, 0);
  h_members(h, "q", "a1:0:0 b1:1:1");
  h_logins(h, "a1:1 b1:1");
  h_arrive(h, "c1", "q", S(10));
  h_accept(h, "c1", "a1", S(10));
  h_expect(h, "OFFER c1 a1\nCONNECTED c1 a1\n");
  /* a1 busy: c2 waits 20 s before tier 1 opens */
  h_arrive(h, "c2", "q", S(11));
  h_expect(h, "");
  h_advance(h, S(30));
  h_expect(h, "");
  h_advance(h, S(31));
  h_expect(h, "OFFER c2 b1\n");
  /* c3: a1 frees before the 20 s: it gets c3 */
  h_arrive(h, "c3", "q", S(32));
  h_hangup(h, "c1", S(34));
  h_expect(h, "WRAPUP c1 a1\nENDED c1 completed\nOFFER c3 a1\n");
}

H_TEST(known_agent) {
  acdr_contact_def d;
  h_agents(h, "a1 a2");
  queue(h, "q", "linear", 0, 0);
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_logins(h, "a1:1 a2:1");
  acdr_contact_def_default(&d);
  d.queue = "q";
  d.preferred_agent = "a2";
  d.preferred_hold_ms = 10000;
  /* a2 free: it gets the contact although linear would pick a1 */
  d.id = "c1";
  CALL(h, acdr_contact_arrive(h->e, &d, S(10)));
  h_expect(h, "OFFER c1 a2\n");
  /* a2 busy (ringing c1): c2 is held for a2 for 10 s, a1 stays free */
  d.id = "c2";
  CALL(h, acdr_contact_arrive(h->e, &d, S(11)));
  h_expect(h, "");
  /* c1's hold ends at 20 s while it rings at a2: no second agent rings;
   * c2's hold ends at 21 s: linear offers it to a1 */
  h_advance(h, S(20));
  h_expect(h, "");
  h_advance(h, S(21));
  h_expect(h, "OFFER c2 a1\n");
  /* c1 rings out at a2 (25 s): nobody free (a1 ringing, a2 delayed) */
  h_advance(h, S(25));
  h_expect(h, "CANCEL c1 a2 no-answer\n");
  /* a2 back at 30 s: c1 (hold over) goes by the strategy: a2 */
  h_advance(h, S(30));
  h_expect(h, "OFFER c1 a2\n");
}

H_TEST(two_queues) {
  acdr_contact_def d;
  h_agent(h, "a");
  queue(h, "low", "longest-idle", 0, 0);
  queue(h, "high", "linear", 0, 10);
  h_member(h, "low", "a", 0, 0, 0);
  h_member(h, "high", "a", 0, 0, 0);
  h_arrive(h, "l1", "low", S(1));
  h_arrive(h, "h1", "high", S(2));
  acdr_contact_def_default(&d);
  d.id = "l2";
  d.queue = "low";
  d.priority = 5;
  CALL(h, acdr_contact_arrive(h->e, &d, S(3)));
  h_arrive(h, "h2", "high", S(4));
  (void)h_take(h);
  /* priority first (l2), then weight (h1 over the older l1) */
  h_login(h, "a", S(5));
  h_expect(h, "OFFER l2 a\n");
  h_accept(h, "l2", "a", S(6));
  h_hangup(h, "l2", S(7));
  h_expect(h, "CONNECTED l2 a\nWRAPUP l2 a\nENDED l2 completed\n"
               "OFFER h1 a\n");
  h_accept(h, "h1", "a", S(8));
  h_hangup(h, "h1", S(9));
  h_expect(h, "CONNECTED h1 a\nWRAPUP h1 a\nENDED h1 completed\n"
               "OFFER h2 a\n");
  /* l1 has waited more than weight_aging_ms (60 s) at 70 s: served by
   * wait, before h3 */
  h_accept(h, "h2", "a", S(10));
  h_arrive(h, "h3", "high", S(11));
  h_hangup(h, "h2", S(70));
  h_expect(h, "CONNECTED h2 a\nWRAPUP h2 a\nENDED h2 completed\n"
               "OFFER l1 a\n");
}

H_TEST(unknown_strategy) {
  acdr_queue_def d;
  acdr_queue_info info;
  acdr_kv bogus = {"bogus", "1"};
  static const char *const names[] = {
      "longest-idle",     "ring-all",        "ring-progressively",
      "linear",           "round-robin",     "round-robin-strict",
      "least-busy",       "fewest-contacts", "least-talk-time",
      "random",           "weighted-random", "skills"};
  size_t i;
  assert_int_equal(acdr_engine_strategy_count(h->e), 13);
  for (i = 0; i < 12; i++)
    assert_string_equal(acdr_engine_strategy_name(h->e, i), names[i]);
  acdr_queue_def_default(&d);
  d.id = "q";
  d.strategy = "round-robbin";
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_UNKNOWN_STRATEGY);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "round-robbin"));
  assert_int_equal(acdr_queue_get_info(h->e, "q", 0, &info),
                   ACDR_ERR_QUEUE_NOT_FOUND);
  /* update to an unknown strategy: nothing changes */
  queue(h, "q", "linear", 0, 0);
  assert_int_equal(acdr_queue_update(h->e, &d, 0), ACDR_ERR_UNKNOWN_STRATEGY);
  CALL(h, acdr_queue_get_info(h->e, "q", 0, &info));
  assert_string_equal(info.strategy, "linear");
  /* every built-in names an unknown setting */
  d.params = &bogus;
  d.nparams = 1;
  for (i = 0; i < 12; i++) {
    d.id = "p";
    d.strategy = names[i];
    assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_STRATEGY);
    assert_non_null(strstr(acdr_engine_last_error(h->e), "bogus"));
  }
  h_check(h);
}

H_MAIN(T(penalty_tiers), T(tier_wait), T(known_agent), T(two_queues),
       T(unknown_strategy))
