/* SPDX-License-Identifier: MIT */
/* Conformance of the option rows of docs/conformance.md (queues.conf
 * queue and member options, mod_callcenter queue, agent and tier
 * settings) that say "same" and had no scenario yet.  Each scenario is
 * written from the peer's documentation or source (cited at the test) and
 * runs through the h_* helpers and CALL, which run the invariant checker
 * after every event.  Where both peers define the behaviour, the scenario
 * runs twice, once with each peer's out-of-the-box settings. */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { AST = 0, FS = 1 };

/* Each peer's out-of-the-box queue: the real profile ("asterisk" /
 * "freeswitch", lib/core/profile.c, sources in docs/config.md
 * "Profiles"), keeping the strategy the scenario names. */
static void peer_defaults(acdr_queue_def *d, int peer) {
  const char *strategy = d->strategy;
  assert_int_equal(
      acdr_queue_def_profile(d, peer == AST ? "asterisk" : "freeswitch"), 0);
  d->strategy = strategy;
}

static void peer_qdef(acdr_queue_def *d, const char *id, const char *strategy,
                      int peer) {
  h_qdef(d, id, strategy);
  peer_defaults(d, peer);
}

typedef void (*scenario)(harness *h, int peer);

static void run_peers(scenario f, int ast, int fs) {
  int peer;
  for (peer = AST; peer <= FS; peer++) {
    harness h;
    if ((peer == AST && !ast) || (peer == FS && !fs)) continue;
    h_init(&h, NULL);
    f(&h, peer);
    h_free(&h);
  }
}

#define PEER_TEST(name, ast, fs)                \
  static void name##_s(harness *h, int peer);   \
  static void name(void **state) {              \
    (void)state;                                \
    run_peers(name##_s, ast, fs);               \
  }                                             \
  static void name##_s(harness *h, int peer)

/* queues.conf `timeout`: "the amount of time to try ringing a member's
 * phone before considering the member to be unavailable", then the next
 * member is tried.  mod_callcenter: the agent's originate times out
 * (leg_timeout of the contact string) and the caller goes on to the next
 * agent.  acdroute: ring_timeout_ms (and retry_ms 5 s under the asterisk
 * profile: queues.conf `retry`). */
PEER_TEST(ring_timeout_then_next_member, 1, 1) {
  acdr_queue_def d;
  acdr_tstamp ring = peer == AST ? S(15) : S(60);
  peer_qdef(&d, "q", "linear", peer);
  h_qadd(h, &d);
  h_agents(h, "a1 a2");
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_logins(h, "a1:1 a2:1");
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\n");
  h_advance(h, S(10) + ring - 1);
  h_expect(h, "");
  h_advance(h, S(10) + ring);
  if (peer == AST) {
    /* queue_exec(): wait_a_bit() waits `retry` (5 s) before the next
     * try_calling() */
    h_expect(h, "CANCEL c1 a1 no-answer\n");
    h_advance(h, S(10) + ring + S(5) - 1);
    h_expect(h, "");
    ring += S(5);
    h_advance(h, S(10) + ring);
    h_expect(h, "OFFER c1 a2\n");
  } else {
    h_expect(h, "CANCEL c1 a1 no-answer\nOFFER c1 a2\n");
  }
  h_accept(h, "c1", "a2", S(10) + ring);
  h_hangup(h, "c1", S(100));
  (void)h_take(h);
}

/* queues.conf `maxlen`: app_queue join_queue() refuses a caller with
 * QUEUE_FULL when q->count >= maxlen; a caller whose member is ringing is
 * still in the queue (it leaves only when bridged), so it counts. */
PEER_TEST(maxlen_counts_ringing_caller, 1, 0) {
  acdr_queue_def d;
  peer_qdef(&d, "q", "linear", peer);
  d.max_len = 2;
  h_qadd(h, &d);
  h_agents(h, "a1");
  h_members(h, "q", "a1:0:0");
  h_logins(h, "a1:1");
  h_arrive(h, "c1", "q", S(10)); /* rings a1 */
  h_arrive(h, "c2", "q", S(11)); /* waits */
  h_expect(h, "OFFER c1 a1\n");
  h_arrive(h, "c3", "q", S(12));
  {
    const char *got = h_take(h);
    assert_non_null(strstr(got, "ENDED c3 rejected\n"));
  }
  /* c1 answered: it left the queue, there is room again */
  h_accept(h, "c1", "a1", S(13));
  h_arrive(h, "c4", "q", S(14));
  h_expect(h, "CONNECTED c1 a1\n");
  h_hangup(h, "c4", S(15));
  h_expect(h, "ENDED c4 abandoned\n");
  h_hangup(h, "c2", S(15));
  h_hangup(h, "c1", S(16));
  (void)h_take(h);
}

/* queues.conf `weight`: "when compared to other queues, higher weights get
 * first shot at available channels when the same channel is included in
 * more than one queue" (app_queue compare_weight()).  The caller of the
 * heavier queue gets the shared member although the other one waited
 * longer (both priority 0, within weight_aging_ms). */
PEER_TEST(weight_heavier_queue_first, 1, 0) {
  acdr_queue_def d;
  peer_qdef(&d, "light", "linear", peer);
  h_qadd(h, &d);
  peer_qdef(&d, "heavy", "linear", peer);
  d.weight = 10;
  h_qadd(h, &d);
  h_agents(h, "a1");
  h_members(h, "light", "a1:0:0");
  h_members(h, "heavy", "a1:0:0");
  h_logins(h, "a1:1");
  h_arrive(h, "x", "light", S(5));
  h_accept(h, "x", "a1", S(5));
  h_arrive(h, "c_light", "light", S(10));
  h_arrive(h, "c_heavy", "heavy", S(20));
  (void)h_take(h);
  h_hangup(h, "x", S(30));
  {
    const char *got = h_take(h);
    assert_non_null(strstr(got, "OFFER c_heavy a1\n"));
    assert_null(strstr(got, "OFFER c_light"));
  }
  h_hangup(h, "c_light", S(31));
  h_hangup(h, "c_heavy", S(31));
  (void)h_take(h);
}

/* force_longest_waiting_caller=yes ([general]): "callers are offered in
 * order (longest waiting first), even for callers across multiple
 * queues".  acdroute always does this for queues of equal weight and
 * priority: a member of two queues takes the longest waiting head. */
PEER_TEST(longest_waiting_across_queues, 1, 0) {
  acdr_queue_def d;
  peer_qdef(&d, "q1", "linear", peer);
  h_qadd(h, &d);
  peer_qdef(&d, "q2", "linear", peer);
  h_qadd(h, &d);
  h_agents(h, "a1");
  h_members(h, "q1", "a1:0:0");
  h_members(h, "q2", "a1:0:0");
  h_arrive(h, "c_q2", "q2", S(10)); /* nobody logged in yet */
  h_arrive(h, "c_q1", "q1", S(20));
  h_login(h, "a1", S(30));
  h_expect(h, "OFFER c_q2 a1\n");
  h_accept(h, "c_q2", "a1", S(30));
  h_hangup(h, "c_q2", S(31));
  h_expect(h, "CONNECTED c_q2 a1\nWRAPUP c_q2 a1\nENDED c_q2 completed\n"
              "OFFER c_q1 a1\n");
  h_hangup(h, "c_q1", S(32));
  (void)h_take(h);
}

/* autofill=yes: "waiting callers are connecting with available members in
 * a parallel fashion until there are no more available members or no more
 * waiting callers" (queues.conf.sample): the second caller rings the
 * second member while the first caller is still ringing. */
PEER_TEST(autofill_parallel, 1, 0) {
  acdr_queue_def d;
  peer_qdef(&d, "q", "linear", peer);
  h_qadd(h, &d);
  h_agents(h, "a1 a2");
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_arrive(h, "c1", "q", S(1));
  h_arrive(h, "c2", "q", S(2));
  h_arrive(h, "c3", "q", S(3));
  h_expect(h, "");
  h_login(h, "a1", S(4));
  h_login(h, "a2", S(5));
  h_expect(h, "OFFER c1 a1\nOFFER c2 a2\n");
  h_hangup(h, "c1", S(6));
  h_hangup(h, "c2", S(6));
  h_hangup(h, "c3", S(6));
  (void)h_take(h);
}

/* servicelevel: "SL = (total calls answered within threshold / total
 * calls answered) * 100; SL2 = ((calls answered within threshold + calls
 * abandoned within threshold) / (answered calls + abandoned calls)) * 100"
 * (queues.conf.sample).  acdroute: sl_threshold_ms with the engine's
 * sl_variant ACDR_SL_ANSWERED (SL) or ACDR_SL_ABANDONED_IN_SL_OK (SL2). */
static void set_variant(harness *h, int variant) {
  acdr_metrics_options o;
  CALL(h, acdr_engine_get_metrics_options(h->e, &o));
  o.sl_variant = variant;
  CALL(h, acdr_engine_set_metrics_options(h->e, &o));
}

PEER_TEST(servicelevel_sl_and_sl2, 1, 0) {
  acdr_queue_def d;
  acdr_metrics m;
  peer_qdef(&d, "q", "linear", peer);
  d.sl_threshold_ms = 60000;
  h_qadd(h, &d);
  h_agents(h, "a1");
  h_members(h, "q", "a1:0:0");
  /* answered after 10 s (in), after 70 s (out); abandoned after 30 s */
  h_arrive(h, "in", "q", S(0));
  h_arrive(h, "out", "q", S(0));
  h_arrive(h, "ab_in", "q", S(0));
  h_login(h, "a1", S(10));
  h_accept(h, "in", "a1", S(10));
  h_hangup(h, "ab_in", S(30));
  h_hangup(h, "in", S(70));
  h_accept(h, "out", "a1", S(70));
  h_hangup(h, "out", S(91));
  h_expect(h,
           "OFFER in a1\nCONNECTED in a1\nENDED ab_in abandoned\n"
           "WRAPUP in a1\nENDED in completed\nOFFER out a1\n"
           "CONNECTED out a1\nWRAPUP out a1\n"
           "ENDED out completed\n");
  set_variant(h, ACDR_SL_ANSWERED);
  CALL(h, acdr_metrics_get_queue(h->e, "q", 0, ACDR_TSTAMP_MAX, S(100), &m));
  assert_true(fabs(m.service_level - 0.5) < 1e-9);
  set_variant(h, ACDR_SL_ABANDONED_IN_SL_OK);
  CALL(h, acdr_metrics_get_queue(h->e, "q", 0, ACDR_TSTAMP_MAX, S(100), &m));
  assert_true(fabs(m.service_level - 2.0 / 3.0) < 1e-9); /* (1+1)/(2+1) */
}

/* Queue() timeout argument: "the absolute amount of time to allow a
 * caller to stay in the queue before the caller is removed"
 * (queues.conf.sample, QUEUE TIMING OPTIONS); mod_callcenter
 * max-wait-time: the member leaves with cause TIMEOUT after that many
 * seconds of waiting.  acdroute: max_wait_ms, then the overflow (none:
 * the contact ends timed-out). */
PEER_TEST(max_wait_removes_waiting_caller, 1, 1) {
  acdr_queue_def d;
  peer_qdef(&d, "q", "linear", peer);
  d.max_wait_ms = 30000;
  h_qadd(h, &d);
  h_agents(h, "a1");
  h_members(h, "q", "a1:0:0");
  h_arrive(h, "c1", "q", S(10));
  h_advance(h, S(40) - 1);
  h_expect(h, "");
  h_advance(h, S(40));
  h_expect(h, "ENDED c1 timed-out\n");
}

/* autopause=all: "Member will be paused in all queues he/she is a member"
 * after failing to answer (queues.conf.sample).  acdroute's AWAY
 * "no-answer" (max_missed = 1) holds in every queue of the agent. */
PEER_TEST(autopause_all_pauses_every_queue, 1, 0) {
  acdr_queue_def d;
  peer_qdef(&d, "q1", "linear", peer);
  d.max_missed = 1;
  h_qadd(h, &d);
  peer_qdef(&d, "q2", "linear", peer);
  d.max_missed = 1;
  h_qadd(h, &d);
  h_agents(h, "a1");
  h_members(h, "q1", "a1:0:0");
  h_members(h, "q2", "a1:0:0");
  h_logins(h, "a1:1");
  h_arrive(h, "c1", "q1", S(10));
  h_expect(h, "OFFER c1 a1\n");
  h_advance(h, S(25));
  h_expect(h, "CANCEL c1 a1 no-answer\n");
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AWAY);
  h_arrive(h, "c2", "q2", S(26));
  h_expect(h, "");
  /* unpaused (QueuePause false / Available): both callers can be served */
  CALL(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AVAILABLE, NULL,
                                S(30)));
  h_expect(h, "OFFER c1 a1\n");
  h_hangup(h, "c1", S(31));
  h_hangup(h, "c2", S(31));
  (void)h_take(h);
}

/* QUEUE_PRIO (Queue() channel variable): app_queue insert_entry() puts a
 * caller ahead of every caller with a lower priority.  acdroute:
 * acdr_contact_def.priority. */
PEER_TEST(queue_prio_goes_first, 1, 0) {
  acdr_queue_def d;
  acdr_contact_def c;
  peer_qdef(&d, "q", "linear", peer);
  h_qadd(h, &d);
  h_agents(h, "a1");
  h_members(h, "q", "a1:0:0");
  h_arrive(h, "low", "q", S(10));
  acdr_contact_def_default(&c);
  c.id = "high";
  c.queue = "q";
  c.priority = 5;
  CALL(h, acdr_contact_arrive(h->e, &c, S(20)));
  h_login(h, "a1", S(30));
  h_expect(h, "OFFER high a1\n");
  h_hangup(h, "high", S(31));
  h_hangup(h, "low", S(31));
  (void)h_take(h);
}

/* mod_callcenter agent status: "On Break" agents get no calls; back to
 * "Available" they do; "Logged Out" get none (agents_callback() selects
 * status Available / Available (On Demand) only). */
PEER_TEST(on_break_and_logged_out_get_nothing, 0, 1) {
  acdr_queue_def d;
  peer_qdef(&d, "q", "longest-idle-agent", peer);
  h_qadd(h, &d);
  h_agents(h, "a1 a2");
  h_members(h, "q", "a1:1:1 a2:1:2");
  h_logins(h, "a1:1");
  CALL(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AWAY, "break", S(2)));
  h_arrive(h, "c1", "q", S(10)); /* a1 on break, a2 logged out */
  h_expect(h, "");
  h_login(h, "a2", S(20));
  h_expect(h, "OFFER c1 a2\n");
  h_accept(h, "c1", "a2", S(20));
  h_arrive(h, "c2", "q", S(21));
  h_expect(h, "CONNECTED c1 a2\n");
  CALL(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AVAILABLE, NULL,
                                S(22)));
  h_expect(h, "OFFER c2 a1\n");
  h_hangup(h, "c1", S(23));
  h_hangup(h, "c2", S(23));
  (void)h_take(h);
}

/* mod_callcenter tier `position` within one level (tier-rules-apply
 * false): top-down and sequentially-by-agent-order ring by position, and
 * the tier position is independent of the order tiers were added. */
PEER_TEST(tier_position_orders_within_level, 0, 1) {
  acdr_queue_def d;
  peer_qdef(&d, "q", "top-down", peer);
  h_qadd(h, &d);
  h_agents(h, "p3 p1 p2");
  h_members(h, "q", "p3:1:3 p1:1:1 p2:1:2");
  h_logins(h, "p3:1 p2:2 p1:3");
  h_arrive(h, "c1", "q", S(10));
  h_arrive(h, "c2", "q", S(10));
  h_arrive(h, "c3", "q", S(10));
  h_expect(h, "OFFER c1 p1\nOFFER c2 p2\nOFFER c3 p3\n");
  h_hangup(h, "c1", S(11));
  h_hangup(h, "c2", S(11));
  h_hangup(h, "c3", S(11));
  (void)h_take(h);
}

H_MAIN(T(ring_timeout_then_next_member), T(maxlen_counts_ringing_caller),
       T(weight_heavier_queue_first), T(longest_waiting_across_queues),
       T(autofill_parallel), T(servicelevel_sl_and_sl2),
       T(max_wait_removes_waiting_caller),
       T(autopause_all_pauses_every_queue), T(queue_prio_goes_first),
       T(on_break_and_logged_out_get_nothing),
       T(tier_position_orders_within_level))
