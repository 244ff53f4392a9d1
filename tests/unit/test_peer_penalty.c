/* SPDX-License-Identifier: MIT */
/* Per-caller penalty window (issue 17): Asterisk's QUEUE_MIN_PENALTY and
 * QUEUE_MAX_PENALTY channel variables, read by queue_exec() into the
 * caller's queue_ent; app_queue.c calc_metric() gives no metric to (does
 * not ring) a member whose penalty is above max_penalty or below
 * min_penalty.  acdroute: acdr_contact_def.min_penalty / max_penalty,
 * -1 for none.  The invariant checker runs after every call (h_* / CALL). */
#include "harness.h"

#include <stdio.h>
#include <string.h>

static void arrive(harness *h, const char *id, const char *q, int32_t lo,
                   int32_t hi, acdr_tstamp now) {
  acdr_contact_def d;
  acdr_contact_def_default(&d);
  d.id = id;
  d.queue = q;
  d.min_penalty = lo;
  d.max_penalty = hi;
  CALL(h, acdr_contact_arrive(h->e, &d, now));
}

/* Ring-all queue q: a0 (penalty 0), a5 (5), a10 (10), all logged in. */
static void team(harness *h) {
  h_team(h, "q", "ring-all", "a0 a5 a10", "a0:0:0 a5:5:1 a10:10:2",
         "a0:0 a5:0 a10:0");
  (void)h_take(h);
}

H_TEST(no_window_rings_the_lowest_penalty) {
  team(h);
  arrive(h, "c", "q", -1, -1, S(10));
  h_expect(h, "OFFER c a0\n");
}

H_TEST(min_penalty_skips_lower_members) {
  team(h);
  arrive(h, "c", "q", 5, -1, S(10));
  h_expect(h, "OFFER c a5\n");
}

H_TEST(min_penalty_above_every_member_waits) {
  team(h);
  arrive(h, "c", "q", 11, -1, S(10));
  h_expect(h, ""); /* waits: no offer */
}

H_TEST(max_penalty_with_lowest_busy_waits) {
  team(h);
  h_arrive(h, "c1", "q", S(5)); /* rings a0 */
  h_accept(h, "c1", "a0", S(6));
  (void)h_take(h);
  arrive(h, "c", "q", -1, 0, S(10)); /* a0 busy, a5 above the window */
  h_expect(h, ""); /* waits: no offer */
  h_hangup(h, "c1", S(20)); /* a0 free again after wrap-up */
  h_advance(h, S(200));
  assert_non_null(strstr(h_take(h), "OFFER c a0\n"));
}

H_TEST(window_picks_a_middle_tier) {
  team(h);
  arrive(h, "c", "q", 1, 9, S(10));
  h_expect(h, "OFFER c a5\n");
}

/* The caller behind is not held back by a caller whose window excludes
 * every ready member (a difference: app_queue's is_our_turn() counts all
 * available members, whatever the window of the callers ahead). */
H_TEST(caller_behind_is_not_blocked) {
  acdr_queue_def d;
  h_agents(h, "a5");
  h_qdef(&d, "q", "ring-all");
  h_qadd(h, &d);
  h_members(h, "q", "a5:5:0");
  arrive(h, "c1", "q", -1, 0, S(10)); /* nobody at penalty 0 */
  h_logins(h, "a5:11");
  h_arrive(h, "c2", "q", S(12));
  assert_non_null(strstr(h_take(h), "OFFER c2 a5\n"));
}

/* The window goes with the caller to another queue. */
H_TEST(window_kept_across_transfer) {
  team(h);
  h_queue(h, "q2", "ring-all");
  h_members(h, "q2", "a5:0:0 a10:10:1"); /* a5 is penalty 0 here */
  h_arrive(h, "x", "q", S(5)); /* a0 rings for x */
  h_accept(h, "x", "a0", S(6));
  arrive(h, "c", "q", 6, -1, S(10)); /* rings a10 */
  (void)h_take(h);
  CALL(h, acdr_contact_transfer(h->e, "c", "q2", NULL, S(11)));
  h_expect(h, "CANCEL c a10 withdrawn\nREQUEUED c q2\nOFFER c a10\n");
}

H_TEST(refused_windows_change_nothing) {
  acdr_contact_def d;
  acdr_contact_info info;
  team(h);
  acdr_contact_def_default(&d);
  d.id = "c";
  d.queue = "q";
  d.min_penalty = 7;
  d.max_penalty = 5;
  assert_int_equal(acdr_contact_arrive(h->e, &d, S(1)), ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "min_penalty 7"));
  d.min_penalty = -1;
  d.max_penalty = 1000001;
  assert_int_equal(acdr_contact_arrive(h->e, &d, S(1)), ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "max_penalty"));
  d.max_penalty = -2;
  assert_int_equal(acdr_contact_arrive(h->e, &d, S(1)), ACDR_ERR_RANGE);
  assert_int_equal(acdr_contact_get_info(h->e, "c", &info),
                   ACDR_ERR_CONTACT_NOT_FOUND);
  h_expect(h, "");
  h_check(h);
}

/* joinempty=penalty: app_queue get_member_status() leaves out a member
 * whose penalty is outside the joining caller's window when `penalty` is
 * listed, so a caller whose window has no member is refused; without
 * `penalty` listed it joins and waits. */
H_TEST(joinempty_penalty_uses_the_callers_window) {
  acdr_queue_def d;
  h_agents(h, "a5");
  h_qdef(&d, "q", "ring-all");
  d.join_empty = ACDR_EMPTY_PENALTY | ACDR_EMPTY_UNAVAILABLE;
  h_qadd(h, &d);
  h_qdef(&d, "q2", "ring-all");
  d.join_empty = ACDR_EMPTY_UNAVAILABLE;
  h_qadd(h, &d);
  h_members(h, "q", "a5:5:0");
  h_members(h, "q2", "a5:5:0");
  h_logins(h, "a5:0");
  CALL(h, acdr_agent_set_status(h->e, "a5", ACDR_AGENT_AWAY, "x", S(1)));
  (void)h_take(h);
  arrive(h, "c1", "q", -1, 4, S(2)); /* a5 outside [.., 4] */
  h_expect(h, "ENDED c1 rejected\n");
  arrive(h, "c2", "q", 5, 5, S(3)); /* a5 inside */
  h_expect(h, "");
  arrive(h, "c3", "q2", -1, 4, S(4)); /* penalty not listed */
  h_expect(h, "");
}

/* A V1 contact definition has no window. */
H_TEST(contact_def_v1_has_no_window) {
  acdr_contact_def d;
  team(h);
  acdr_contact_def_default_versioned(ACDR_CONTACT_DEF_V1, &d);
  d.id = "c";
  d.queue = "q";
  CALL(h, acdr_contact_arrive_versioned(h->e, ACDR_CONTACT_DEF_V1, &d,
                                        S(1)));
  h_expect(h, "OFFER c a0\n");
}

/* Windowed callers wait while only members outside their windows are
 * logged in; then a0, a5, a10 log in. */
static void waiting_windows(harness *h) {
  acdr_queue_def d;
  h_agents(h, "a0 a5 a10");
  h_qdef(&d, "q", "ring-all");
  h_qadd(h, &d);
  h_members(h, "q", "a0:0:0 a5:5:1 a10:10:2");
  arrive(h, "hi", "q", 6, -1, S(1));
  arrive(h, "mid", "q", 1, 9, S(2));
}

static void log_in_all(harness *h) {
  h_login(h, "a0", S(10));
  h_login(h, "a5", S(11));
  h_login(h, "a10", S(12));
}

H_TEST(snapshot_keeps_windows) {
  char *snap = NULL;
  size_t len;
  harness b;
  char want[1024];
  waiting_windows(h);
  (void)h_take(h);
  CALL(h, acdr_engine_snapshot(h->e, &snap, &len));
  assert_non_null(strstr(snap, "\"min_penalty\": 6"));
  h_init(&b, NULL);
  CALL(&b, acdr_engine_restore(b.e, snap, len));
  log_in_all(h);
  snprintf(want, sizeof(want), "%s", h_take(h));
  assert_non_null(strstr(want, "OFFER mid a5\n"));
  assert_non_null(strstr(want, "OFFER hi a10\n"));
  assert_null(strstr(want, "a0\n"));
  log_in_all(&b);
  assert_string_equal(h_take(&b), want);
  acdr_free(h->e, snap);
  h_free(&b);
}

static void replay_keeps_windows(void **state) {
  harness a, b;
  acdr_options opt;
  char *log = NULL, *line, *nl;
  size_t len;
  char want[1024];
  (void)state;
  acdr_options_default(&opt);
  opt.record_events = 1;
  h_init(&a, &opt);
  h_init(&b, NULL);
  waiting_windows(&a);
  log_in_all(&a);
  snprintf(want, sizeof(want), "%s", h_take(&a));
  assert_non_null(strstr(want, "OFFER hi a10\n"));
  CALL(&a, acdr_engine_event_log_take(a.e, &log, &len));
  assert_non_null(strstr(log, "\"min_penalty\": 6"));
  assert_non_null(strstr(log, "\"max_penalty\": 9"));
  for (line = log; *line; line = nl + 1) {
    nl = strchr(line, '\n');
    CALL(&b, acdr_engine_apply_event_json(b.e, line, (size_t)(nl - line)));
  }
  assert_string_equal(h_take(&b), want);
  acdr_free(a.e, log);
  h_free(&a);
  h_free(&b);
}

H_MAIN(T(no_window_rings_the_lowest_penalty),
       T(min_penalty_skips_lower_members),
       T(min_penalty_above_every_member_waits),
       T(max_penalty_with_lowest_busy_waits), T(window_picks_a_middle_tier),
       T(caller_behind_is_not_blocked), T(window_kept_across_transfer),
       T(refused_windows_change_nothing), T(contact_def_v1_has_no_window),
       T(joinempty_penalty_uses_the_callers_window),
       T(snapshot_keeps_windows), T(replay_keeps_windows))
