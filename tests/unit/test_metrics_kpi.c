/* SPDX-License-Identifier: MIT */
/* Metrics: service level (every variant), ASA, abandonment incl. short
 * abandons, longest wait, AHT split with hold and wrap-up, occupancy,
 * transfer rate; argument checking.  Each expected value is worked out in
 * the comment above it from the event script. */
#include "harness.h"

#include <math.h>
#include <string.h>

#include "metrics/metrics_int.h"


/* A voice queue without ring timeout (offers ring until answered or the
 * caller hangs up), T = 20 s, short abandon 5 s. */
static void queue_nt(harness *h, const char *id, int64_t wrapup_ms) {
  acdr_queue_def d;
  acdr_queue_def_default(&d);
  d.id = id;
  d.ring_timeout_ms = 0;
  d.wrapup_ms = wrapup_ms;
  d.sl_threshold_ms = 20000;
  d.short_abandon_ms = 5000;
  assert_int_equal(acdr_queue_add(h->e, &d), 0);
  h_check(h);
}

static void get_queue(harness *h, const char *q, acdr_tstamp now,
                      acdr_metrics *m) {
  assert_int_equal(acdr_metrics_get_queue(h->e, q, 0, ACDR_TSTAMP_MAX, now, m), 0);
}

static void set_variant(harness *h, int variant, int excl_short) {
  acdr_metrics_options o;
  assert_int_equal(acdr_engine_get_metrics_options(h->e, &o), 0);
  o.sl_variant = variant;
  o.abandon_excludes_short = excl_short;
  assert_int_equal(acdr_engine_set_metrics_options(h->e, &o), 0);
}

#define assert_near(a, b) assert_true(fabs((a) - (b)) < 1e-9)

/* Script (one agent a1, queue q, times in s):
 *   c1 arrives 10, answered 12 (wait 2: in SL), hangs up 40 (talk 28)
 *   c2 arrives 50, answered 80 (wait 30: out of SL), hangs up 100 (talk 20)
 *   c3 arrives 110, abandons 113 (wait 3: short, within T)
 *   c4 arrives 120, abandons 150 (wait 30: not short, beyond T)
 *   c5 arrives 160, abandons 170 (wait 10: not short, within T) */
static void script_sl(harness *h) {
  h_agent(h, "a1");
  queue_nt(h, "q", 0);
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", 0);
  h_arrive(h, "c1", "q", S(10));
  h_accept(h, "c1", "a1", S(12));
  h_hangup(h, "c1", S(40));
  h_arrive(h, "c2", "q", S(50));
  h_accept(h, "c2", "a1", S(80));
  h_hangup(h, "c2", S(100));
  h_arrive(h, "c3", "q", S(110));
  h_hangup(h, "c3", S(113));
  h_arrive(h, "c4", "q", S(120));
  h_hangup(h, "c4", S(150));
  h_arrive(h, "c5", "q", S(160));
  h_hangup(h, "c5", S(170));
}

H_TEST(service_level_variants) {
  acdr_metrics m;
  script_sl(h);
  get_queue(h, "q", S(200), &m);
  assert_int_equal(m.offered, 5);
  assert_int_equal(m.answered, 2);
  assert_int_equal(m.answered_in_sl, 1);
  assert_int_equal(m.abandoned, 3);
  assert_int_equal(m.abandoned_short, 1);
  assert_int_equal(m.abandoned_in_sl, 2);
  assert_int_equal(m.sl_threshold_ms, 20000);
  /* default variant: answered_in_sl / (answered + abandoned) = 1/5 */
  assert_int_equal(m.sl_variant, ACDR_SL_OFFERED);
  assert_string_equal(m.sl_variant_name,
                      "answered_in_sl/(answered+abandoned)");
  assert_near(m.service_level, 0.2);
  /* 1 / 2 */
  set_variant(h, ACDR_SL_ANSWERED, 0);
  get_queue(h, "q", S(200), &m);
  assert_near(m.service_level, 0.5);
  assert_string_equal(m.sl_variant_name, "answered_in_sl/answered");
  /* (1 + 2) / (2 + 3) */
  set_variant(h, ACDR_SL_ABANDONED_IN_SL_OK, 0);
  get_queue(h, "q", S(200), &m);
  assert_near(m.service_level, 0.6);
  /* 1 / (2 + 3 - 1) */
  set_variant(h, ACDR_SL_EXCLUDE_SHORT, 0);
  get_queue(h, "q", S(200), &m);
  assert_near(m.service_level, 0.25);
  assert_int_equal(m.sl_variant, ACDR_SL_EXCLUDE_SHORT);
  /* the engine counts the same contacts (one queue, no transfers) */
  assert_int_equal(acdr_metrics_get_engine(h->e, 0, ACDR_TSTAMP_MAX, S(200), &m), 0);
  assert_near(m.service_level, 0.25);
  assert_int_equal(m.sl_threshold_ms, -1);
}

H_TEST(asa_abandon_longest) {
  acdr_metrics m;
  script_sl(h);
  get_queue(h, "q", S(200), &m);
  /* ASA = (2 + 30) / 2 s: abandoned waits do not count */
  assert_near(m.asa_ms, 16000.0);
  assert_int_equal(m.wait_answered_ns, S(32));
  /* longest: c2 answered after 30 s and c4 abandoned after 30 s */
  assert_int_equal(m.longest_wait_ns, S(30));
  /* abandoned / offered = 3/5; short ones out: (3-1)/(5-1) */
  assert_near(m.abandon_rate, 0.6);
  set_variant(h, ACDR_SL_OFFERED, 1);
  get_queue(h, "q", S(200), &m);
  assert_near(m.abandon_rate, 0.5);
  /* the channel sees the same */
  assert_int_equal(acdr_metrics_get_channel(h->e, ACDR_CHANNEL_VOICE, 0, ACDR_TSTAMP_MAX,
                                            S(200), &m),
                   0);
  assert_int_equal(m.offered, 5);
  assert_near(m.abandon_rate, 0.5);
  assert_int_equal(acdr_metrics_get_channel(h->e, ACDR_CHANNEL_CHAT, 0, ACDR_TSTAMP_MAX,
                                            S(200), &m),
                   0);
  assert_int_equal(m.offered, 0);
  assert_true(m.abandon_rate < 0); /* no data */
}

/* Occupancy of a1 in script_sl, queried at 200 s:
 *   idle:    0-10, 40-50, 100-110, 113-120, 150-160, 170-200 = 77 s
 *   ringing: 10-12, 50-80, 110-113, 120-150, 160-170       = 75 s
 *   talking: 12-40, 80-100                                  = 48 s
 *   busy = 123, occupancy = 123 / (123 + 77) = 0.615 */
H_TEST(occupancy) {
  acdr_metrics m;
  script_sl(h);
  assert_int_equal(acdr_metrics_get_agent(h->e, "a1", 0, ACDR_TSTAMP_MAX, S(200), &m), 0);
  assert_int_equal(m.idle_ns, S(77));
  assert_int_equal(m.ringing_ns, S(75));
  assert_int_equal(m.on_contact_ns, S(48));
  assert_int_equal(m.logged_in_ns, S(200));
  assert_near(m.occupancy, 0.615);
  assert_int_equal(m.answered, 2);
  assert_int_equal(m.handled, 2);
  /* AHT = (28 + 20) / 2 s, all talk */
  assert_near(m.aht_ms, 24000.0);
  assert_near(m.aht_talk_ms, 24000.0);
  assert_near(m.aht_hold_ms, 0.0);
  /* the open idle period grows with the query's now */
  assert_int_equal(acdr_metrics_get_agent(h->e, "a1", 0, ACDR_TSTAMP_MAX, S(300), &m), 0);
  assert_int_equal(m.idle_ns, S(177));
  /* away time is not idle: away at 300, back at 320, query at 330 */
  assert_int_equal(acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AWAY, "lunch",
                                         S(300)),
                   0);
  h_check(h);
  assert_int_equal(acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AVAILABLE,
                                         NULL, S(320)),
                   0);
  h_check(h);
  assert_int_equal(acdr_metrics_get_agent(h->e, "a1", 0, ACDR_TSTAMP_MAX, S(330), &m), 0);
  assert_int_equal(m.away_ns, S(20));
  assert_int_equal(m.idle_ns, S(187));
  assert_int_equal(m.logged_in_ns, S(330));
  /* the engine sums its agents */
  assert_int_equal(acdr_metrics_get_engine(h->e, 0, ACDR_TSTAMP_MAX, S(330), &m), 0);
  assert_int_equal(m.idle_ns, S(187));
  assert_near(m.occupancy, 123.0 / 310.0);
}

/* AHT split, queue with 10 s wrap-up:
 *   c1 arrives 1, answered 2, hold 12-17, hangs up 32: talk 25, hold 5;
 *      wrap-up timer ends it at 42: wrap 10
 *   c2 arrives 50, answered 50, hangs up 60: talk 10; wrap-up done at 63:
 *      wrap 3
 *   handled 2: talk 35/2, hold 5/2, wrap 13/2, AHT 53/2 s
 *   a1 (query at 70): idle 0-1, 42-50, 63-70 = 16; ringing 1-2 = 1;
 *      on contact 2-32, 50-60 = 40; wrap-up 32-42, 60-63 = 13 */
H_TEST(aht_split) {
  acdr_metrics m;
  h_agent(h, "a1");
  queue_nt(h, "q", 10000);
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", 0);
  h_arrive(h, "c1", "q", S(1));
  h_accept(h, "c1", "a1", S(2));
  assert_int_equal(acdr_contact_hold(h->e, "c1", 1, S(12)), 0);
  assert_int_equal(acdr_contact_hold(h->e, "c1", 0, S(17)), 0);
  h_check(h);
  h_hangup(h, "c1", S(32));
  h_advance(h, S(45));
  assert_int_equal(acdr_metrics_get_queue(h->e, "q", 0, ACDR_TSTAMP_MAX, S(45), &m), 0);
  assert_int_equal(m.handled, 1);
  assert_int_equal(m.wrapup_ns, S(10));
  h_arrive(h, "c2", "q", S(50));
  h_accept(h, "c2", "a1", S(50));
  h_hangup(h, "c2", S(60));
  assert_int_equal(acdr_contact_wrapup_done(h->e, "c2", S(63)), 0);
  h_check(h);
  get_queue(h, "q", S(70), &m);
  assert_int_equal(m.handled, 2);
  assert_int_equal(m.talk_ns, S(35));
  assert_int_equal(m.hold_ns, S(5));
  assert_int_equal(m.wrapup_ns, S(13));
  assert_near(m.aht_talk_ms, 17500.0);
  assert_near(m.aht_hold_ms, 2500.0);
  assert_near(m.aht_wrapup_ms, 6500.0);
  assert_near(m.aht_ms, 26500.0);
  assert_int_equal(acdr_metrics_get_agent(h->e, "a1", 0, ACDR_TSTAMP_MAX, S(70), &m), 0);
  assert_int_equal(m.idle_ns, S(16));
  assert_int_equal(m.ringing_ns, S(1));
  assert_int_equal(m.on_contact_ns, S(40));
  assert_int_equal(m.wrapup_time_ns, S(13));
  assert_near(m.occupancy, 54.0 / 70.0);
  assert_near(m.aht_ms, 26500.0);
}

/* Transfer: c1 arrives in q1 at 0, a1 answers at 1, transfers it to q2 at
 * 11 (a1's leg: talk 10), a2 answers at 13 (q2 wait 2 s), hangs up at 23.
 *   q1: offered 1, answered 1, transferred 1, handled 1 -> rate 1
 *   q2: offered 1, answered 1 (ASA 2 s), handled 1 -> rate 0
 *   engine: offered 1, answered once (wait 1 s), handled 2 legs,
 *           transferred 1 -> rate 1/2 */
H_TEST(transfer_rate) {
  acdr_metrics m;
  h_agents(h, "a1 a2");
  queue_nt(h, "q1", 0);
  queue_nt(h, "q2", 0);
  h_member(h, "q1", "a1", 0, 0, 0);
  h_member(h, "q2", "a2", 0, 0, 0);
  h_login(h, "a1", 0);
  h_login(h, "a2", 0);
  h_arrive(h, "c1", "q1", 0);
  h_accept(h, "c1", "a1", S(1));
  assert_int_equal(acdr_contact_transfer(h->e, "c1", "q2", NULL, S(11)), 0);
  h_check(h);
  h_accept(h, "c1", "a2", S(13));
  h_hangup(h, "c1", S(23));
  get_queue(h, "q1", S(30), &m);
  assert_int_equal(m.offered, 1);
  assert_int_equal(m.transferred, 1);
  assert_int_equal(m.handled, 1);
  assert_int_equal(m.talk_ns, S(10));
  assert_near(m.transfer_rate, 1.0);
  get_queue(h, "q2", S(30), &m);
  assert_int_equal(m.offered, 1);
  assert_int_equal(m.answered, 1);
  assert_near(m.asa_ms, 2000.0);
  assert_near(m.transfer_rate, 0.0);
  assert_int_equal(acdr_metrics_get_engine(h->e, 0, ACDR_TSTAMP_MAX, S(30), &m), 0);
  assert_int_equal(m.offered, 1);
  assert_int_equal(m.answered, 1);
  assert_near(m.asa_ms, 1000.0);
  assert_int_equal(m.handled, 2);
  assert_near(m.transfer_rate, 0.5);
  assert_int_equal(acdr_metrics_get_agent(h->e, "a1", 0, ACDR_TSTAMP_MAX, S(30), &m), 0);
  assert_int_equal(m.transferred, 1);
  assert_int_equal(m.handled, 1);
}

/* Boundaries: wait == T is within T; an abandon at exactly
 * short_abandon_ms is not short.  c1 answered after exactly 20 s; c2
 * abandons after exactly 5 s; c3 after 4.999 s. */
H_TEST(boundaries) {
  acdr_metrics m;
  h_agent(h, "a1");
  queue_nt(h, "q", 0);
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", 0);
  h_arrive(h, "c1", "q", S(10));
  h_accept(h, "c1", "a1", S(30));
  h_hangup(h, "c1", S(40));
  h_arrive(h, "c2", "q", S(50));
  h_hangup(h, "c2", S(55));
  h_arrive(h, "c3", "q", S(60));
  h_hangup(h, "c3", S(65) - MS(1));
  get_queue(h, "q", S(70), &m);
  assert_int_equal(m.answered_in_sl, 1);
  assert_int_equal(m.abandoned, 2);
  assert_int_equal(m.abandoned_short, 1);
  assert_int_equal(m.abandoned_in_sl, 2);
}

H_TEST(bad_arguments) {
  acdr_metrics m;
  acdr_metrics_options o, before;
  queue_nt(h, "q", 0);
  h_agent(h, "a1");
  h_login(h, "a1", S(10));
  assert_int_equal(acdr_metrics_get_engine(NULL, 0, ACDR_TSTAMP_MAX, S(10), &m),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_metrics_get_engine(h->e, 0, ACDR_TSTAMP_MAX, S(10), NULL),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_metrics_get_engine_versioned(h->e, 0, ACDR_TSTAMP_MAX, S(10), 99,
                                                     &m),
                   ACDR_ERR_VERSION);
  assert_int_equal(acdr_metrics_get_engine(h->e, S(5), S(4), S(10), &m),
                   ACDR_ERR_RANGE);
  assert_int_equal(acdr_metrics_get_engine(h->e, 0, ACDR_TSTAMP_MAX, S(9), &m),
                   ACDR_ERR_TIME_BACKWARDS);
  assert_int_equal(acdr_metrics_get_queue(h->e, "nope", 0, ACDR_TSTAMP_MAX, S(10), &m),
                   ACDR_ERR_QUEUE_NOT_FOUND);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "nope"));
  assert_int_equal(acdr_metrics_get_agent(h->e, "zz", 0, ACDR_TSTAMP_MAX, S(10), &m),
                   ACDR_ERR_AGENT_NOT_FOUND);
  assert_int_equal(acdr_metrics_get_channel(h->e, 7, 0, ACDR_TSTAMP_MAX, S(10), &m),
                   ACDR_ERR_CHANNEL);
  assert_int_equal(acdr_metrics_get_code(h->e, "sale", 0, ACDR_TSTAMP_MAX, S(10), &m),
                   ACDR_ERR_UNKNOWN_CODE);
  assert_int_equal(acdr_metrics_get_code(h->e, NULL, 0, ACDR_TSTAMP_MAX, S(10), &m),
                   ACDR_ERR_INVALID_ARGUMENT);
  /* a queue without events reads as zeros with "no data" rates */
  assert_int_equal(acdr_metrics_get_queue(h->e, "q", 0, ACDR_TSTAMP_MAX, S(10), &m), 0);
  assert_int_equal(m.offered, 0);
  assert_true(m.service_level < 0 && m.asa_ms < 0 && m.aht_ms < 0);
  /* settings: each bad field is refused, naming it, state unchanged */
  assert_int_equal(acdr_engine_get_metrics_options(h->e, &before), 0);
  assert_int_equal(before.fcr_window_ms, INT64_C(7) * 86400000);
  assert_int_equal(before.bucket_ms, 900000);
  o = before;
  o.bucket_ms = 10;
  assert_int_equal(acdr_engine_set_metrics_options(h->e, &o), ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "bucket_ms"));
  o = before;
  o.max_buckets = 0;
  assert_int_equal(acdr_engine_set_metrics_options(h->e, &o), ACDR_ERR_RANGE);
  o = before;
  o.sl_variant = 4;
  assert_int_equal(acdr_engine_set_metrics_options(h->e, &o), ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "sl_variant"));
  o = before;
  o.fcr_key = 2;
  assert_int_equal(acdr_engine_set_metrics_options(h->e, &o), ACDR_ERR_RANGE);
  o = before;
  o.fcr_window_ms = 0;
  assert_int_equal(acdr_engine_set_metrics_options(h->e, &o), ACDR_ERR_RANGE);
  assert_int_equal(acdr_engine_set_metrics_options(h->e, NULL),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_engine_set_metrics_options_versioned(h->e, 0, &before),
                   ACDR_ERR_VERSION);
  assert_int_equal(acdr_engine_get_metrics_options(h->e, &o), 0);
  assert_memory_equal(&o, &before, sizeof(o));
  assert_string_equal(acdr_sl_variant_name(-1), "unknown");
  h_check(h);
}

H_MAIN(T(service_level_variants), T(asa_abandon_longest), T(occupancy),
       T(aht_split), T(transfer_rate), T(boundaries), T(bad_arguments))
