/* SPDX-License-Identifier: MIT */
/* Peer tier behaviours (issue 17): ring-all across tiers, members added to
 * a ringing group, and mod_callcenter's tier rules exactly.
 *
 * mod_callcenter.c (FreeSWITCH, src/mod/applications/mod_callcenter):
 * - members_callback() lists the agents whose status is Available, On
 *   Break or Available (On Demand), ordered by level, then position for
 *   ring-all; agents_callback() walks them with cbt.tier = 0 and
 *   cbt.tier_agent_available = 0.  An agent of a level above cbt.tier
 *   passes only if tier-rule-no-agent-no-wait is true and no agent was
 *   counted since the last opening, or if the caller has waited level x
 *   tier-rule-wait-second (tier-rule-wait-multiply-level=true) or
 *   tier-rule-wait-second (false); otherwise the walk stops.  So levels
 *   1, 2, 3 open at 0, 2W, 3W with no-agent-no-wait (level 1 has nobody
 *   below it), at W, 2W, 3W without.
 * - for ring-all the walk does not stop at the first agent reached: every
 *   contactable agent of every open level rings; the dispatch thread
 *   picks up members in state Trying with serving_agent 'ring-all' again
 *   every 100 ms, so an agent who becomes free while the caller rings is
 *   added to the ring group.
 * Asterisk app_queue.c: calc_metric() gives ringall members the metric
 * penalty x 1000000 and ring_one() rings only the members with the best
 * metric, so ringall rings the lowest penalty that has free members; a
 * member freed while the call rings is not added (the defaults here).
 *
 * The invariant checker runs after every step (harness). */
#include "harness.h"

#include <stdio.h>
#include <string.h>

/* A queue with the tier settings (by_level, multiply, no_wait) and wait
 * w_ms; no ring timeout, so a ring group stays until it is answered. */
static void tq(harness *h, const char *strategy, int64_t w_ms, int by_level,
               int multiply, int no_wait) {
  acdr_queue_def d;
  h_qdef(&d, "q", strategy);
  d.ring_timeout_ms = 0;
  d.tier_wait_ms = w_ms;
  d.tier_by_level = by_level;
  d.tier_wait_multiply = multiply;
  d.tier_no_agent_no_wait = no_wait;
  h_qadd(h, &d);
}

/* Change queue "q" with f applied to its current definition. */
static void update_q(harness *h, const char *strategy,
                     void (*f)(acdr_queue_def *), acdr_tstamp now) {
  acdr_queue_def d;
  h_qdef(&d, "q", strategy);
  d.ring_timeout_ms = 0;
  f(&d);
  CALL(h, acdr_queue_update(h->e, &d, now));
}

static void away(harness *h, const char *a, acdr_tstamp now) {
  CALL(h, acdr_agent_set_status(h->e, a, ACDR_AGENT_AWAY, "break", now));
}

static void end_all(harness *h, const char *const *ids, acdr_tstamp now) {
  for (; *ids; ids++) h_hangup(h, *ids, now);
  (void)h_take(h);
}

/* ---- 1. ring-all across tiers ---- */

/* app_queue ringall (and the default): only the lowest tier with a free
 * member rings. */
H_TEST(ring_all_lowest_tier_by_default) {
  tq(h, "ring-all", 0, 0, 1, 0);
  h_agents(h, "a1 a2 b1");
  h_members(h, "q", "a1:1:0 a2:1:1 b1:2:2");
  h_logins(h, "a1:1 a2:1 b1:1");
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\nOFFER c1 a2\n");
  h_accept(h, "c1", "a2", S(11));
  h_expect(h, "CONNECTED c1 a2\nCANCEL c1 a1 answered-elsewhere\n");
  end_all(h, (const char *const[]){"c1", NULL}, S(12));
}

/* mod_callcenter ring-all with tier-rules-apply=false: every available
 * agent of every level rings, levels in order, then positions. */
H_TEST(ring_all_every_tier) {
  acdr_queue_def d;
  h_qdef(&d, "q", "ringall");
  d.ring_timeout_ms = 0;
  d.ring_all_tiers = 1;
  h_qadd(h, &d);
  h_agents(h, "a1 a2 b1 z9");
  h_members(h, "q", "b1:2:0 a2:1:1 a1:1:0 z9:7:0");
  h_logins(h, "a1:1 a2:1 b1:1");
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\nOFFER c1 a2\nOFFER c1 b1\n");
  h_accept(h, "c1", "b1", S(11));
  h_expect(h, "CONNECTED c1 b1\nCANCEL c1 a2 answered-elsewhere\n"
              "CANCEL c1 a1 answered-elsewhere\n");
  /* the next caller rings the members still free, in both tiers */
  h_login(h, "z9", S(12));
  h_arrive(h, "c2", "q", S(13));
  h_expect(h, "OFFER c2 a1\nOFFER c2 a2\nOFFER c2 z9\n");
  end_all(h, (const char *const[]){"c1", "c2", NULL}, S(14));
}

/* With tier rules the ring group grows as levels open: level 2 joins the
 * ringing caller at 2W (no-agent-no-wait: level 1 opened at once). */
H_TEST(ring_all_tiers_open_while_ringing) {
  acdr_queue_def d;
  h_qdef(&d, "q", "ring-all");
  d.ring_timeout_ms = 0;
  d.ring_all_tiers = 1;
  d.tier_wait_ms = 10000;
  d.tier_by_level = 1;
  d.tier_no_agent_no_wait = 1;
  h_qadd(h, &d);
  h_agents(h, "a1 b1 b2");
  h_members(h, "q", "a1:1:0 b1:2:0 b2:2:1");
  h_logins(h, "a1:1 b1:1 b2:1");
  h_arrive(h, "c1", "q", S(100));
  h_expect(h, "OFFER c1 a1\n");
  h_advance(h, S(120) - 1);
  h_expect(h, "");
  h_advance(h, S(120));
  h_expect(h, "OFFER c1 b1\nOFFER c1 b2\n");
  end_all(h, (const char *const[]){"c1", NULL}, S(121));
}

/* ---- 1b. a member who becomes free joins the ringing group ---- */

static void add_late_team(harness *h, int add_late) {
  acdr_queue_def d;
  h_qdef(&d, "q", "ring-all");
  d.ring_timeout_ms = 0;
  d.ring_add_late = add_late;
  h_qadd(h, &d);
  h_agents(h, "a1 a2 a3");
  h_members(h, "q", "a1:0:0 a2:0:1 a3:0:2");
  h_logins(h, "a1:1");
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\n");
}

/* app_queue: the ring group is fixed when the attempt starts. */
H_TEST(ring_group_fixed_by_default) {
  add_late_team(h, 0);
  h_login(h, "a2", S(11));
  h_expect(h, "");
  h_accept(h, "c1", "a1", S(12));
  h_expect(h, "CONNECTED c1 a1\n");
  end_all(h, (const char *const[]){"c1", NULL}, S(13));
}

/* mod_callcenter: an agent logging in, back from a break or done with
 * wrap-up while the caller rings starts ringing too. */
H_TEST(ring_group_adds_late_members) {
  add_late_team(h, 1);
  h_login(h, "a2", S(11));
  h_expect(h, "OFFER c1 a2\n");
  h_login(h, "a3", S(12));
  away(h, "a3", S(12));
  (void)h_take(h);
  CALL(h, acdr_agent_set_status(h->e, "a3", ACDR_AGENT_AVAILABLE, NULL,
                                S(13)));
  h_expect(h, "OFFER c1 a3\n");
  h_accept(h, "c1", "a3", S(14));
  h_expect(h, "CONNECTED c1 a3\nCANCEL c1 a2 answered-elsewhere\n"
              "CANCEL c1 a1 answered-elsewhere\n");
  /* c2 rings a1 and a2; c3 waits behind it.  a3 freed goes to the ringing
   * c2, the caller first in line. */
  h_arrive(h, "c2", "q", S(15));
  h_arrive(h, "c3", "q", S(16));
  h_expect(h, "OFFER c2 a1\nOFFER c2 a2\n");
  h_hangup(h, "c1", S(17));
  h_expect(h, "WRAPUP c1 a3\nENDED c1 completed\nOFFER c2 a3\n");
  h_accept(h, "c2", "a1", S(18));
  h_expect(h, "CONNECTED c2 a1\nCANCEL c2 a3 answered-elsewhere\n"
              "CANCEL c2 a2 answered-elsewhere\nOFFER c3 a2\nOFFER c3 a3\n");
  end_all(h, (const char *const[]){"c2", "c3", NULL}, S(19));
}

/* ---- 2. mod_callcenter tier rules ---- */

/* tier-rule-no-agent-no-wait=true, multiply=true: levels 1, 2, 3 open at
 * 0, 2W, 3W (level 1: nobody below it). */
H_TEST(fs_levels_open_at_0_2w_3w) {
  tq(h, "longest-idle", 10000, 1, 1, 1);
  h_agents(h, "l1 l2 l3");
  h_members(h, "q", "l1:1:0 l2:2:0 l3:3:0");
  h_logins(h, "l3:1 l2:2 l1:3");
  h_arrive(h, "c0", "q", S(50));
  h_expect(h, "OFFER c0 l1\n"); /* level 1 at once, although l3 idles longer */
  h_accept(h, "c0", "l1", S(50));
  (void)h_take(h);
  h_arrive(h, "c1", "q", S(100));
  h_advance(h, S(120) - 1);
  h_expect(h, "");
  h_advance(h, S(120));
  h_expect(h, "OFFER c1 l2\n");
  h_accept(h, "c1", "l2", S(120));
  (void)h_take(h);
  h_arrive(h, "c2", "q", S(200));
  h_advance(h, S(230) - 1);
  h_expect(h, "");
  h_advance(h, S(230));
  h_expect(h, "OFFER c2 l3\n");
  end_all(h, (const char *const[]){"c0", "c1", "c2", NULL}, S(231));
}

/* no-agent-no-wait=false: level 1 itself waits W (cbt.tier starts at 0);
 * a level 0 would not wait. */
H_TEST(fs_first_level_waits_without_no_wait) {
  tq(h, "longest-idle", 10000, 1, 1, 0);
  h_agents(h, "l1 l2");
  h_members(h, "q", "l1:1:0 l2:2:0");
  h_logins(h, "l1:1 l2:1");
  h_arrive(h, "c1", "q", S(100));
  h_advance(h, S(110) - 1);
  h_expect(h, "");
  h_advance(h, S(110));
  h_expect(h, "OFFER c1 l1\n");
  h_accept(h, "c1", "l1", S(110));
  (void)h_take(h);
  h_arrive(h, "c2", "q", S(200));
  h_advance(h, S(220) - 1);
  h_expect(h, "");
  h_advance(h, S(220));
  h_expect(h, "OFFER c2 l2\n");
  end_all(h, (const char *const[]){"c1", "c2", NULL}, S(221));
}

/* The level number counts, not the rank: levels 1 and 5 open at 0 and 5W
 * (rank numbering, tier_by_level = 0, opens the second tier at W). */
H_TEST(fs_level_gap_waits_by_number) {
  tq(h, "longest-idle", 10000, 1, 1, 1);
  h_agents(h, "l1 l5");
  h_members(h, "q", "l1:1:0 l5:5:0");
  h_logins(h, "l1:1 l5:1");
  h_serve(h, "x", "q", "l1", S(10), 0);
  away(h, "l1", S(20));
  (void)h_take(h);
  h_arrive(h, "c1", "q", S(100));
  h_advance(h, S(150) - 1);
  h_expect(h, "");
  h_advance(h, S(150));
  h_expect(h, "OFFER c1 l5\n");
  end_all(h, (const char *const[]){"c1", NULL}, S(151));
}

H_TEST(rank_numbering_opens_second_tier_at_w) {
  tq(h, "longest-idle", 10000, 0, 1, 0);
  h_agents(h, "l1 l5");
  h_members(h, "q", "l1:1:0 l5:5:0");
  h_logins(h, "l1:1 l5:1");
  away(h, "l1", S(20));
  (void)h_take(h);
  h_arrive(h, "c1", "q", S(100));
  h_advance(h, S(110) - 1);
  h_expect(h, "");
  h_advance(h, S(110));
  h_expect(h, "OFFER c1 l5\n");
  end_all(h, (const char *const[]){"c1", NULL}, S(111));
}

/* tier-rule-wait-multiply-level=false: every level above the first opens
 * after W, level 3 as early as level 2. */
H_TEST(fs_no_multiply_opens_all_after_w) {
  tq(h, "longest-idle", 10000, 1, 0, 1);
  h_agents(h, "l1 l2 l3");
  h_members(h, "q", "l1:1:0 l2:2:0 l3:3:0");
  h_logins(h, "l1:1 l2:1 l3:1");
  away(h, "l1", S(2));
  away(h, "l2", S(2));
  (void)h_take(h);
  h_arrive(h, "c1", "q", S(100));
  h_advance(h, S(110) - 1);
  h_expect(h, "");
  h_advance(h, S(110));
  h_expect(h, "OFFER c1 l3\n");
  end_all(h, (const char *const[]){"c1", NULL}, S(111));
}

/* no-agent-no-wait: a level whose agents are all logged out is not seen
 * (mod_callcenter's query returns no row for it), so the next level opens
 * at once; an agent on break counts as present (On Break rows are
 * returned), so the next level waits. */
H_TEST(fs_no_agent_no_wait_skips_empty_level) {
  tq(h, "longest-idle", 10000, 1, 1, 1);
  h_agents(h, "l1 l2 l3");
  h_members(h, "q", "l1:1:0 l2:2:0 l3:3:0");
  h_logins(h, "l3:1");
  /* levels 1 and 2 empty: level 3 is the first level seen, at once */
  h_arrive(h, "c1", "q", S(100));
  h_expect(h, "OFFER c1 l3\n");
  h_accept(h, "c1", "l3", S(100));
  (void)h_take(h);
  /* l2 logged in but on break: level 3 waits 3W */
  h_login(h, "l2", S(150));
  away(h, "l2", S(150));
  h_hangup(h, "c1", S(160));
  (void)h_take(h);
  h_arrive(h, "c2", "q", S(200));
  h_advance(h, S(230) - 1);
  h_expect(h, "");
  /* l2 logs out at 229 s: nobody below level 3 any more, it opens now */
  CALL(h, acdr_agent_logout(h->e, "l2", S(230) - 1));
  h_expect(h, "OFFER c2 l3\n");
  end_all(h, (const char *const[]){"c2", NULL}, S(231));
}

/* without no-agent-no-wait the empty levels still cost their wait */
H_TEST(fs_empty_level_waits_without_no_wait) {
  tq(h, "longest-idle", 10000, 1, 1, 0);
  h_agents(h, "l1 l3");
  h_members(h, "q", "l1:1:0 l3:3:0");
  h_logins(h, "l3:1");
  h_arrive(h, "c1", "q", S(100));
  h_advance(h, S(130) - 1);
  h_expect(h, "");
  h_advance(h, S(130));
  h_expect(h, "OFFER c1 l3\n");
  end_all(h, (const char *const[]){"c1", NULL}, S(131));
}

static void fs_rules(acdr_queue_def *d) {
  d->tier_wait_ms = 10000;
  d->tier_by_level = 1;
  d->tier_wait_multiply = 0;
  d->tier_no_agent_no_wait = 1;
  d->ring_all_tiers = 1;
  d->ring_add_late = 1;
}

/* The settings survive export / apply, a snapshot and its restore, and
 * the restored engine opens the level at the same instant. */
H_TEST(settings_round_trip_and_restore) {
  harness b;
  char *doc, *doc2, *snap;
  size_t len, len2, slen;
  acdr_queue_def d;
  h_qdef(&d, "q", "longest-idle");
  fs_rules(&d);
  d.ring_timeout_ms = 0;
  h_qadd(h, &d);
  h_agents(h, "l1 l2");
  h_members(h, "q", "l1:1:0 l2:2:0");
  h_logins(h, "l1:1 l2:1");
  away(h, "l1", S(2));
  (void)h_take(h);
  CALL(h, acdr_config_export(h->e, &doc, &len));
  assert_non_null(strstr(doc, "\"tier_by_level\": true"));
  assert_non_null(strstr(doc, "\"tier_wait_multiply\": false"));
  assert_non_null(strstr(doc, "\"tier_no_agent_no_wait\": true"));
  assert_non_null(strstr(doc, "\"ring_all_tiers\": true"));
  assert_non_null(strstr(doc, "\"ring_add_late\": true"));
  h_init(&b, NULL);
  CALL(&b, acdr_config_apply(b.e, doc, len, 0, 0));
  CALL(&b, acdr_config_export(b.e, &doc2, &len2));
  assert_string_equal(doc, doc2);
  acdr_free(b.e, doc2);
  h_free(&b);
  acdr_free(h->e, doc);

  h_arrive(h, "c1", "q", S(100));
  h_advance(h, S(105));
  h_expect(h, "");
  CALL(h, acdr_engine_snapshot(h->e, &snap, &slen));
  h_init(&b, NULL);
  CALL(&b, acdr_engine_restore(b.e, snap, slen));
  acdr_free(h->e, snap);
  h_advance(h, S(110) - 1);
  h_advance(&b, S(110) - 1);
  h_expect(h, "");
  h_expect(&b, "");
  h_advance(h, S(110));
  h_advance(&b, S(110));
  h_expect(h, "OFFER c1 l2\n");
  h_expect(&b, "OFFER c1 l2\n");
  end_all(h, (const char *const[]){"c1", NULL}, S(111));
  end_all(&b, (const char *const[]){"c1", NULL}, S(111));
  h_free(&b);
}

/* Settings are 0 or 1; a refused definition changes nothing. */
H_TEST(flags_checked) {
  acdr_queue_def d;
  tq(h, "ring-all", 0, 0, 1, 0);
  h_qdef(&d, "q", "ring-all");
  d.ring_add_late = 2;
  assert_int_equal(acdr_queue_update(h->e, &d, 0), ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "ring_add_late"));
  h_qdef(&d, "q2", NULL);
  d.tier_by_level = -1;
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "tier_by_level"));
  update_q(h, "ring-all", fs_rules, 0);
}

H_MAIN(T(ring_all_lowest_tier_by_default), T(ring_all_every_tier),
       T(ring_all_tiers_open_while_ringing), T(ring_group_fixed_by_default),
       T(ring_group_adds_late_members), T(fs_levels_open_at_0_2w_3w),
       T(fs_first_level_waits_without_no_wait),
       T(fs_level_gap_waits_by_number),
       T(rank_numbering_opens_second_tier_at_w),
       T(fs_no_multiply_opens_all_after_w),
       T(fs_no_agent_no_wait_skips_empty_level),
       T(fs_empty_level_waits_without_no_wait),
       T(settings_round_trip_and_restore), T(flags_checked))
