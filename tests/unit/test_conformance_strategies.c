/* SPDX-License-Identifier: MIT */
/* Conformance of the strategy rows of docs/conformance.md: one scenario per
 * peer strategy name, written from the peer's source and documentation
 * (cited at each test), run through the peer's own name (the alias), with
 * the invariant checker after every event (the h_* helpers and CALL run
 * it).  A scenario that both peers define the same way runs twice, once
 * with each peer's out-of-the-box queue settings (peer_defaults below). */
#include "harness.h"

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

static void peer_queue(harness *h, const char *id, const char *strategy,
                       int peer) {
  acdr_queue_def d;
  h_qdef(&d, id, strategy);
  peer_defaults(&d, peer);
  h_qadd(h, &d);
}

/* A scenario run once per peer in `peers` (bit 1 << AST, 1 << FS), each on
 * a fresh engine; `names` gives the strategy name each peer uses. */
typedef void (*scenario)(harness *h, int peer, const char *strategy);

static void run_peers(scenario f, const char *ast_name, const char *fs_name) {
  const char *names[2];
  int peer;
  names[AST] = ast_name;
  names[FS] = fs_name;
  for (peer = AST; peer <= FS; peer++) {
    harness h;
    if (!names[peer]) continue;
    h_init(&h, NULL);
    f(&h, peer, names[peer]);
    h_free(&h);
  }
}

#define PEER_TEST(name, ast_name, fs_name)                           \
  static void name##_s(harness *h, int peer, const char *strategy);  \
  static void name(void **state) {                                   \
    (void)state;                                                     \
    run_peers(name##_s, ast_name, fs_name);                          \
  }                                                                  \
  static void name##_s(harness *h, int peer, const char *strategy)

/* ringall / ring-all, one level: every free member rings at once, the
 * first to answer gets the caller and the others stop ringing; a member on
 * a call is not rung (app_queue ring_entry() skips members that
 * can_ring_entry() refuses; mod_callcenter agents_callback() takes only
 * agents in state Waiting). */
PEER_TEST(ring_all_one_level, "ringall", "ring-all") {
  peer_queue(h, "q", strategy, peer);
  h_agents(h, "a1 a2 a3");
  h_members(h, "q", "a1:0:0 a2:0:1 a3:0:2");
  h_logins(h, "a1:1 a2:2 a3:3");
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\nOFFER c1 a2\nOFFER c1 a3\n");
  h_accept(h, "c1", "a2", S(12));
  {
    const char *got = h_take(h);
    assert_non_null(strstr(got, "CONNECTED c1 a2\n"));
    assert_non_null(strstr(got, "CANCEL c1 a1 answered-elsewhere\n"));
    assert_non_null(strstr(got, "CANCEL c1 a3 answered-elsewhere\n"));
  }
  /* a2 is on c1: c2 rings the two others only */
  h_arrive(h, "c2", "q", S(13));
  h_expect(h, "OFFER c2 a1\nOFFER c2 a3\n");
  h_accept(h, "c2", "a3", S(14));
  (void)h_take(h);
  /* nobody answers c3: it rings a1 alone for the ring time, then again
   * (after the retry pause under asterisk) */
  h_arrive(h, "c3", "q", S(15));
  h_expect(h, "OFFER c3 a1\n");
  h_advance(h, S(15) + (peer == AST ? S(15) : S(60)) - 1);
  h_expect(h, "");
  h_advance(h, S(15) + (peer == AST ? S(15) : S(60)));
  if (peer == AST) {
    /* app_queue queue_exec(): the caller waits `retry` (5 s,
     * wait_a_bit()) before ringing again */
    h_expect(h, "CANCEL c3 a1 no-answer\n");
    h_advance(h, S(35) - 1);
    h_expect(h, "");
    h_advance(h, S(35));
    h_expect(h, "OFFER c3 a1\n");
  } else {
    h_expect(h, "CANCEL c3 a1 no-answer\nOFFER c3 a1\n");
  }
  h_hangup(h, "c3", S(100));
  h_expect(h, "CANCEL c3 a1 caller-hangup\nENDED c3 abandoned\n");
  h_hangup(h, "c1", S(100));
  h_hangup(h, "c2", S(100));
  (void)h_take(h);
}

/* ringall with penalties: app_queue calc_metric() gives every member the
 * metric penalty x 1000000 and ring_entry() rings all members that share
 * the best metric among those that can ring: the lowest penalty with a
 * free member rings, a higher one only when that one is all busy. */
PEER_TEST(ringall_lowest_penalty_first, "ringall", NULL) {
  (void)peer;
  peer_queue(h, "q", strategy, peer);
  h_agents(h, "a1 a2 a3");
  h_members(h, "q", "a1:0:0 a2:0:1 a3:1:2");
  h_logins(h, "a3:1 a1:2 a2:3");
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\nOFFER c1 a2\n");
  h_accept(h, "c1", "a1", S(10));
  (void)h_take(h);
  h_arrive(h, "c2", "q", S(11));
  h_expect(h, "OFFER c2 a2\n");
  h_accept(h, "c2", "a2", S(11));
  (void)h_take(h);
  h_arrive(h, "c3", "q", S(12));
  h_expect(h, "OFFER c3 a3\n");
  h_accept(h, "c3", "a3", S(12));
  h_hangup(h, "c1", S(13));
  h_hangup(h, "c2", S(13));
  h_hangup(h, "c3", S(13));
  (void)h_take(h);
}

/* Three members each take one call; the calls end in another order than
 * they started.  Returns through the log only. */
static void three_calls_end_out_of_order(harness *h) {
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\n");
  h_accept(h, "c1", "a1", S(10));
  h_arrive(h, "c2", "q", S(11));
  h_accept(h, "c2", "a2", S(11));
  h_arrive(h, "c3", "q", S(12));
  h_accept(h, "c3", "a3", S(12));
  h_expect(h,
           "CONNECTED c1 a1\nOFFER c2 a2\nCONNECTED c2 a2\nOFFER c3 a3\n"
           "CONNECTED c3 a3\n");
  h_hangup(h, "c2", S(20));
  h_hangup(h, "c3", S(25));
  h_hangup(h, "c1", S(30));
  (void)h_take(h);
}

/* leastrecent: "ring interface which was least recently hung up by this
 * queue" (queues.conf.sample; app_queue calc_metric() uses now -
 * mem->lastcall, set when a call of the member ends).  The member whose
 * call ended first is rung first, whatever the order the calls began. */
PEER_TEST(leastrecent_orders_by_hangup, "leastrecent", NULL) {
  peer_queue(h, "q", strategy, peer);
  h_agents(h, "a1 a2 a3");
  h_members(h, "q", "a1:0:0 a2:0:1 a3:0:2");
  h_logins(h, "a1:1 a2:2 a3:3");
  three_calls_end_out_of_order(h);
  h_serve(h, "c4", "q", "a2", S(40), S(1)); /* ended at 20 */
  h_serve(h, "c5", "q", "a3", S(42), S(1)); /* ended at 25 */
  h_serve(h, "c6", "q", "a1", S(44), S(1)); /* ended at 30 */
  h_serve(h, "c7", "q", "a2", S(46), S(1)); /* ended at 41 */
}

/* longest-idle-agent: mod_callcenter orders the agents of a level by
 * agents.last_offered_call (agents_callback() sql_order_by "level,
 * agents.last_offered_call, position").  Where offers and hang-ups come in
 * the same order the two definitions agree; this scenario pins that
 * case and the level-first order. */
PEER_TEST(longest_idle_agent_basic, NULL, "longest-idle-agent") {
  peer_queue(h, "q", strategy, peer);
  h_agents(h, "a1 a2 a3 b1");
  h_members(h, "q", "a1:1:0 a2:1:1 a3:1:2 b1:2:3");
  h_logins(h, "b1:0 a1:1 a2:2 a3:3");
  h_serve(h, "c1", "q", "a1", S(10), S(1));
  h_serve(h, "c2", "q", "a2", S(12), S(1));
  h_serve(h, "c3", "q", "a3", S(14), S(1));
  /* b1 has idled longest but is on level 2 */
  h_serve(h, "c4", "q", "a1", S(20), S(1));
  h_serve(h, "c5", "q", "a2", S(22), S(1));
}

/* fewestcalls / agent-with-fewest-calls: "ring the one with fewest
 * completed calls from this queue" (queues.conf.sample, calc_metric()
 * metric = mem->calls); mod_callcenter: sql_order_by "level,
 * agents.calls_answered, position".  The member with fewer answered
 * calls wins even when another one has idled longer. */
PEER_TEST(fewest_calls_beats_idle_time, "fewestcalls",
          "agent-with-fewest-calls") {
  peer_queue(h, "q", strategy, peer);
  h_agents(h, "a1 a2 a3");
  h_members(h, "q", "a1:0:0 a2:0:1 a3:0:2");
  h_logins(h, "a1:1 a2:2 a3:3");
  h_serve(h, "c1", "q", "a1", S(10), 0); /* a1 1 */
  h_arrive(h, "c2", "q", S(11));         /* a2 1, stays on the call */
  h_expect(h, "OFFER c2 a2\n");
  h_accept(h, "c2", "a2", S(11));
  (void)h_take(h);
  h_serve(h, "c3", "q", "a3", S(12), 0); /* a3 1 */
  h_serve(h, "c4", "q", "a1", S(13), 0); /* a1 2 (a1, a3 tie: a1 first) */
  h_serve(h, "c5", "q", "a3", S(14), 0); /* a3 2 */
  h_hangup(h, "c2", S(15));
  (void)h_take(h);
  /* a1 idles since 13, a3 since 14, a2 since 15: a2 has fewer calls */
  h_serve(h, "c6", "q", "a2", S(16), 0);
  /* a ring-out is no completed call: a1 lets c7 ring out and keeps its
   * count */
  h_arrive(h, "c7", "q", S(17));
  h_expect(h, "OFFER c7 a1\n");
  h_advance(h, S(17) + (peer == AST ? S(15) : S(60)));
  {
    acdr_agent_info info;
    const char *got = h_take(h);
    assert_non_null(strstr(got, "CANCEL c7 a1 no-answer\n"));
    CALL(h, acdr_agent_get_info(h->e, "a1", &info));
    assert_int_equal(info.handled, 2);
  }
  h_hangup(h, "c7", S(80));
  (void)h_take(h);
}

/* A documented difference (docs/conformance.md, agent-with-fewest-calls /
 * agent-with-least-talk-time): on equal counts mod_callcenter takes the
 * lower tier position (sql_order_by "level, agents.calls_answered,
 * position"), acdroute the agent idle longest.  a2 (position 1) idles
 * longer than a1 (position 0), both with one call: acdroute offers a2,
 * mod_callcenter would offer a1. */
PEER_TEST(fewest_calls_tie_goes_to_longest_idle, NULL,
          "agent-with-fewest-calls") {
  peer_queue(h, "q", strategy, peer);
  h_agents(h, "a1 a2");
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_logins(h, "a1:1 a2:2");
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\n");
  h_accept(h, "c1", "a1", S(10));
  (void)h_take(h);
  h_serve(h, "c2", "q", "a2", S(11), 0); /* a2: 1 call, idle since 11 */
  h_hangup(h, "c1", S(20));              /* a1: 1 call, idle since 20 */
  (void)h_take(h);
  h_serve(h, "c3", "q", "a2", S(21), 0);
}

/* random: app_queue calc_metric() random % 1000 + penalty x 1000000;
 * mod_callcenter sql_order_by "level, random()".  Uniform among the free
 * members of the lowest penalty / level; a higher one never while a lower
 * one is free. */
PEER_TEST(random_uniform_in_lowest_level, "random", "random") {
  int n[3] = {0, 0, 0};
  int i;
  char id[16];
  peer_queue(h, "q", strategy, peer);
  h_agents(h, "a0 a1 a2 hi");
  h_members(h, "q", "a0:0:0 a1:0:1 a2:0:2 hi:1:3");
  h_logins(h, "hi:0 a0:1 a1:1 a2:1");
  for (i = 0; i < 300; i++) {
    const char *got;
    char who[8];
    snprintf(id, sizeof(id), "c%d", i);
    h_arrive(h, id, "q", S(10 + i));
    got = h_take(h);
    assert_int_equal(sscanf(got, "OFFER %*s %7s", who), 1);
    assert_true(who[0] == 'a');
    n[who[1] - '0']++;
    h_accept(h, id, who, S(10 + i));
    h_hangup(h, id, S(10 + i));
    (void)h_take(h);
  }
  for (i = 0; i < 3; i++) assert_true(n[i] > 60 && n[i] < 140);
}

/* rrmemory / rrordered: "round robin with memory, remember where we left
 * off last ring pass"; rrordered keeps the member order of the file
 * (queues.conf.sample).  Calls go a1, a2, a3, a1, ... whoever idles
 * longest. */
static void rr_rotation(harness *h, int peer, const char *strategy) {
  peer_queue(h, "q", strategy, peer);
  h_agents(h, "a1 a2 a3");
  h_members(h, "q", "a1:0:0 a2:0:1 a3:0:2");
  h_logins(h, "a3:1 a2:2 a1:3");
  h_serve(h, "c1", "q", "a1", S(10), 0);
  h_serve(h, "c2", "q", "a2", S(11), 0);
  h_serve(h, "c3", "q", "a3", S(12), 0);
  h_serve(h, "c4", "q", "a1", S(13), 0);
  h_serve(h, "c5", "q", "a2", S(14), 0);
}

PEER_TEST(rrmemory_rotates, "rrmemory", NULL) {
  rr_rotation(h, peer, strategy);
}

PEER_TEST(rrordered_rotates, "rrordered", NULL) {
  rr_rotation(h, peer, strategy);
}

/* linear / top-down: "rings interfaces in the order specified"
 * (queues.conf.sample); mod_callcenter top-down starts "from 1 for every
 * member" (module documentation).  Each new caller starts at the top:
 * the first member takes every call it is free for. */
PEER_TEST(linear_each_caller_from_top, "linear", "top-down") {
  peer_queue(h, "q", strategy, peer);
  h_agents(h, "a1 a2 a3");
  h_members(h, "q", "a1:0:0 a2:0:1 a3:0:2");
  h_logins(h, "a3:1 a2:2 a1:3");
  h_serve(h, "c1", "q", "a1", S(10), 0);
  h_serve(h, "c2", "q", "a1", S(11), 0);
  h_arrive(h, "c3", "q", S(12));
  h_expect(h, "OFFER c3 a1\n");
  h_accept(h, "c3", "a1", S(12));
  h_arrive(h, "c4", "q", S(13));
  h_expect(h, "CONNECTED c3 a1\nOFFER c4 a2\n");
  h_accept(h, "c4", "a2", S(13));
  h_arrive(h, "c5", "q", S(14));
  h_expect(h, "CONNECTED c4 a2\nOFFER c5 a3\n");
  h_accept(h, "c5", "a3", S(14));
  h_hangup(h, "c4", S(15));
  (void)h_take(h);
  h_serve(h, "c6", "q", "a2", S(16), 0);
  h_hangup(h, "c3", S(17));
  h_hangup(h, "c5", S(17));
  (void)h_take(h);
  h_serve(h, "c7", "q", "a1", S(18), 0);
}

/* sequentially-by-agent-order: by level, then position (mod_callcenter
 * sql_order_by); a new caller starts at the top. */
PEER_TEST(sequentially_by_level_then_position, NULL,
          "sequentially-by-agent-order") {
  peer_queue(h, "q", strategy, peer);
  h_agents(h, "l2p0 l1p2 l1p1");
  h_members(h, "q", "l2p0:2:0 l1p2:1:2 l1p1:1:1");
  h_logins(h, "l2p0:1 l1p2:2 l1p1:3");
  h_serve(h, "c1", "q", "l1p1", S(10), 0);
  h_serve(h, "c2", "q", "l1p1", S(11), 0);
  h_arrive(h, "c3", "q", S(12));
  h_accept(h, "c3", "l1p1", S(12));
  h_arrive(h, "c4", "q", S(13));
  h_accept(h, "c4", "l1p2", S(13));
  h_arrive(h, "c5", "q", S(14));
  h_expect(h,
           "OFFER c3 l1p1\nCONNECTED c3 l1p1\nOFFER c4 l1p2\n"
           "CONNECTED c4 l1p2\nOFFER c5 l2p0\n");
  h_accept(h, "c5", "l2p0", S(14));
  h_hangup(h, "c3", S(15));
  h_hangup(h, "c4", S(15));
  h_hangup(h, "c5", S(15));
  (void)h_take(h);
}

/* wrandom: the penalty is only a weight ("a member with penalty 0 will
 * have a metric somewhere between 0 and 1000, and a member with penalty 1
 * ... between 0 and 2000", queues.conf.sample): a high penalty member
 * still gets calls while a low one is free, fewer of them. */
PEER_TEST(wrandom_high_penalty_still_rung, "wrandom", NULL) {
  int n0 = 0, n5 = 0, i;
  char id[16];
  peer_queue(h, "q", strategy, peer);
  h_agents(h, "p0 p5");
  h_members(h, "q", "p0:0:0 p5:5:1");
  h_logins(h, "p0:1 p5:1");
  for (i = 0; i < 400; i++) {
    const char *got;
    const char *who;
    snprintf(id, sizeof(id), "c%d", i);
    h_arrive(h, id, "q", S(10 + i));
    got = h_take(h);
    who = strstr(got, " p0\n") ? "p0" : "p5";
    if (who[1] == '0')
      n0++;
    else
      n5++;
    h_accept(h, id, who, S(10 + i));
    h_hangup(h, id, S(10 + i));
    (void)h_take(h);
  }
  assert_true(n5 > 10);
  assert_true(n0 > 3 * n5);
}

H_MAIN(T(ring_all_one_level), T(ringall_lowest_penalty_first),
       T(leastrecent_orders_by_hangup), T(longest_idle_agent_basic),
       T(fewest_calls_beats_idle_time),
       T(fewest_calls_tie_goes_to_longest_idle), T(random_uniform_in_lowest_level),
       T(rrmemory_rotates), T(rrordered_rotates),
       T(linear_each_caller_from_top),
       T(sequentially_by_level_then_position),
       T(wrandom_high_penalty_still_rung))
