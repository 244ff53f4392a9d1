/* SPDX-License-Identifier: MIT */
/* The caller's place in line, as the peers define it (issue 17):
 *   - time base (mod_callcenter `time-base-score` = queue | system),
 *     head start (`cc_base_score`) and an original arrival on re-entry;
 *   - the position told to a caller while a caller ahead is ringing
 *     (app_queue keeps the ringing caller in the queue);
 *   - weight against priority for an agent in several queues (app_queue
 *     compare_weight()).
 * Each scenario runs the invariant checker after every call (CALL / h_*)
 * and says which peer source it follows. */
#include "harness.h"

#include "util/structlen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t position(harness *h, const char *c) {
  acdr_contact_info info;
  CALL(h, acdr_contact_get_info(h->e, c, &info));
  return info.position;
}

static void arrive(harness *h, const char *id, const char *q,
                   int64_t head_start_ms, acdr_tstamp original,
                   acdr_tstamp now) {
  acdr_contact_def d;
  acdr_contact_def_default(&d);
  d.id = id;
  d.queue = q;
  d.head_start_ms = head_start_ms;
  d.original_arrival = original;
  CALL(h, acdr_contact_arrive(h->e, &d, now));
}

/* Queues q1 and q2 (q2 with time base `base`), no members yet: callers
 * wait. */
static void two_queues(harness *h, int32_t base) {
  acdr_queue_def d;
  h_qdef(&d, "q1", NULL);
  h_qadd(h, &d);
  h_qdef(&d, "q2", NULL);
  d.time_base = base;
  h_qadd(h, &d);
  h_agent(h, "a1");
}

/* mod_callcenter.c callcenter_function(): with time-base-score=system the
 * member's base score gets the time its session was up before it joined,
 * so a caller transferred from another queue keeps its place by its first
 * arrival; with "queue" (the default) it counts from joining this queue. */
static void transfer_scenario(int32_t base, const char *first) {
  harness hh, *h = &hh;
  char want[32];
  h_init(h, NULL);
  two_queues(h, base);
  h_arrive(h, "early", "q1", S(100));
  h_arrive(h, "late", "q2", S(110));
  CALL(h, acdr_contact_transfer(h->e, "early", "q2", NULL, S(120)));
  h_expect(h, "REQUEUED early q2\n");
  assert_int_equal(position(h, "early"),
                   base == ACDR_TIME_BASE_SYSTEM ? 1 : 2);
  h_member(h, "q2", "a1", 0, 0, S(125));
  h_login(h, "a1", S(130));
  snprintf(want, sizeof(want), "OFFER %s a1\n", first);
  h_expect(h, want);
  h_free(h);
}

static void time_base_transfer(void **state) {
  (void)state;
  transfer_scenario(ACDR_TIME_BASE_QUEUE, "late");
  transfer_scenario(ACDR_TIME_BASE_SYSTEM, "early");
}

/* The same through an overflow (max-wait-time into another queue):
 * mod_callcenter counts the session's time from its start either way. */
static void overflow_scenario(int32_t base, const char *first) {
  harness hh, *h = &hh;
  acdr_queue_def d;
  char want[32];
  h_init(h, NULL);
  h_qdef(&d, "q2", NULL);
  d.time_base = base;
  h_qadd(h, &d);
  h_qdef(&d, "q1", NULL);
  d.max_wait_ms = 10000;
  d.overflow_kind = ACDR_OVERFLOW_QUEUE;
  d.overflow_target = "q2";
  h_qadd(h, &d);
  h_agent(h, "a1");
  h_arrive(h, "early", "q1", S(100));
  h_arrive(h, "late", "q2", S(105));
  h_advance(h, S(111));
  (void)h_take(h);
  h_member(h, "q2", "a1", 0, 0, S(120));
  h_login(h, "a1", S(120));
  snprintf(want, sizeof(want), "OFFER %s a1\n", first);
  h_expect(h, want);
  h_free(h);
}

static void time_base_overflow(void **state) {
  (void)state;
  overflow_scenario(ACDR_TIME_BASE_QUEUE, "late");
  overflow_scenario(ACDR_TIME_BASE_SYSTEM, "early");
}

/* cc_base_score: seconds added to the member's score (its waiting time)
 * at joining; kept when the caller moves on (here a transfer). */
H_TEST(head_start_orders_the_line_and_moves_with_the_caller) {
  two_queues(h, ACDR_TIME_BASE_QUEUE);
  h_arrive(h, "c1", "q1", S(100));
  h_arrive(h, "c3", "q2", S(100));
  arrive(h, "vip", "q1", 30000, 0, S(110)); /* counts from 80 s */
  assert_int_equal(position(h, "vip"), 1);
  assert_int_equal(position(h, "c1"), 2);
  /* a head start smaller than the gap changes nothing */
  arrive(h, "small", "q1", 5000, 0, S(111)); /* counts from 106 s */
  assert_int_equal(position(h, "small"), 3);
  CALL(h, acdr_contact_transfer(h->e, "vip", "q2", NULL, S(120)));
  (void)h_take(h);
  /* entered q2 at 120 s, less 30 s: ahead of c3 (100 s) */
  assert_int_equal(position(h, "vip"), 1);
  h_member(h, "q2", "a1", 0, 0, S(130));
  h_login(h, "a1", S(130));
  h_expect(h, "OFFER vip a1\n");
}

/* A caller coming back after an abandon, with the time it first arrived
 * (what mod_callcenter's abandoned-resume restores: the member's old
 * joined time): its place in a "system" queue counts from then. */
H_TEST(original_arrival_gives_the_place_back) {
  acdr_contact_info info;
  acdr_contact_def d;
  two_queues(h, ACDR_TIME_BASE_SYSTEM);
  h_arrive(h, "c1", "q2", S(100));
  h_arrive(h, "d1", "q1", S(100));
  arrive(h, "back", "q2", 0, S(50), S(110));
  assert_int_equal(position(h, "back"), 1);
  CALL(h, acdr_contact_get_info(h->e, "back", &info));
  assert_int_equal(info.arrival, S(50));
  /* in a "queue" queue the re-entry counts from now */
  arrive(h, "back2", "q1", 0, S(50), S(110));
  assert_int_equal(position(h, "back2"), 2);
  /* refused, with nothing changed: a time in the future, a negative
   * head start */
  acdr_contact_def_default(&d);
  d.id = "bad";
  d.queue = "q2";
  d.original_arrival = S(200);
  assert_int_equal(acdr_contact_arrive(h->e, &d, S(120)), ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "original_arrival"));
  d.original_arrival = 0;
  d.head_start_ms = -1;
  assert_int_equal(acdr_contact_arrive(h->e, &d, S(120)), ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "head_start_ms"));
  assert_int_equal(acdr_contact_get_info(h->e, "bad", &info),
                   ACDR_ERR_CONTACT_NOT_FOUND);
  h_check(h);
  assert_string_equal(h_take(h), "");
}

/* A program built against V1 of acdr_contact_def (no head start, no
 * original arrival) gets the defaults: no head start, arrival now. */
H_TEST(contact_def_v1_gets_defaults) {
  size_t n = ACDR_STRUCT_LEN_TO(acdr_contact_def, preferred_hold_ms);
  void *v1 = malloc(n); /* exactly the V1 size: ASan sees any overrun */
  acdr_contact_def d;
  acdr_contact_info info;
  two_queues(h, ACDR_TIME_BASE_SYSTEM);
  assert_non_null(v1);
  acdr_contact_def_default(&d);
  d.id = "old";
  d.queue = "q2";
  d.head_start_ms = 99999; /* not in V1: must not be read */
  memcpy(v1, &d, n);
  CALL(h, acdr_contact_arrive_versioned(h->e, ACDR_CONTACT_DEF_V1, v1, S(7)));
  CALL(h, acdr_contact_get_info(h->e, "old", &info));
  assert_int_equal(info.arrival, S(7));
  h_arrive(h, "new", "q2", S(8));
  assert_int_equal(position(h, "old"), 1);
  free(v1);
}

/* app_queue: a caller stays in the queue while its member rings
 * (join_queue() inserts it by priority; it leaves in leave_queue() only
 * once connected or gone), so the caller behind it is told position 2.
 * acdroute by default takes the ringing caller out of the line and says
 * 1; position_counts_ringing gives app_queue's count. */
static void ringing_scenario(int32_t counts) {
  harness hh, *h = &hh;
  acdr_queue_def d;
  acdr_contact_def cd;
  char want[64];
  h_init(h, NULL);
  h->verbose = 1;
  h_qdef(&d, "q", NULL);
  d.position_counts_ringing = counts;
  d.ring_timeout_ms = 0;
  h_qadd(h, &d);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q", S(10));
  (void)h_take(h); /* QUEUED c1 q 1, OFFER c1 a1 */
  h_arrive(h, "c2", "q", S(11));
  snprintf(want, sizeof(want), "QUEUED c2 q %d", counts ? 2 : 1);
  assert_non_null(strstr(h_take(h), want));
  assert_int_equal(position(h, "c2"), counts ? 2 : 1);
  /* a higher priority caller goes ahead of the ringing one */
  acdr_contact_def_default(&cd);
  cd.id = "vip";
  cd.queue = "q";
  cd.priority = 5;
  CALL(h, acdr_contact_arrive(h->e, &cd, S(12)));
  assert_int_equal(position(h, "vip"), 1);
  assert_int_equal(position(h, "c2"), counts ? 3 : 2);
  (void)h_take(h);
  /* once c1 is answered it has left the queue in both */
  h_accept(h, "c1", "a1", S(13));
  assert_int_equal(position(h, "vip"), 1);
  assert_int_equal(position(h, "c2"), 2);
  h_free(h);
}

static void position_while_ahead_rings(void **state) {
  (void)state;
  ringing_scenario(0);
  ringing_scenario(1);
}

/* Position announcements count the same way. */
H_TEST(announce_counts_ringing_callers) {
  acdr_queue_def d;
  h->verbose = 1;
  h_qdef(&d, "q", NULL);
  d.position_counts_ringing = 1;
  d.ring_timeout_ms = 0;
  d.announce_interval_ms = 30000;
  h_qadd(h, &d);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q", S(10));
  h_arrive(h, "c2", "q", S(11));
  (void)h_take(h);
  h_advance(h, S(41));
  assert_non_null(strstr(h_take(h), "ANNOUNCE c2 1 2"));
}

/* app_queue compare_weight(): a member of a heavier queue that has
 * callers waiting is not rung for a lighter queue, whatever the callers'
 * priorities.  acdroute by default serves the higher priority first. */
static void weight_scenario(int32_t first, const char *want) {
  harness hh, *h = &hh;
  acdr_queue_def d;
  acdr_contact_def cd;
  h_init(h, NULL);
  h_qdef(&d, "heavy", NULL);
  d.weight = 10;
  d.weight_first = first;
  h_qadd(h, &d);
  h_qdef(&d, "light", NULL);
  h_qadd(h, &d);
  h_agent(h, "a1");
  h_member(h, "heavy", "a1", 0, 0, 0);
  h_member(h, "light", "a1", 0, 0, 0);
  acdr_contact_def_default(&cd);
  cd.id = "urgent";
  cd.queue = "light";
  cd.priority = 5;
  CALL(h, acdr_contact_arrive(h->e, &cd, S(10)));
  h_arrive(h, "plain", "heavy", S(11));
  h_login(h, "a1", S(12));
  h_expect(h, want);
  h_free(h);
}

static void weight_against_priority(void **state) {
  (void)state;
  weight_scenario(0, "OFFER urgent a1\n");
  weight_scenario(1, "OFFER plain a1\n");
}

static const char *const config_doc =
    "{\"version\": 1, \"agents\": [{\"id\": \"a1\"}], \"queues\": ["
    "{\"id\": \"q\", \"time_base\": \"system\", "
    "\"position_counts_ringing\": true, \"weight_first\": true, "
    "\"members\": [\"a1\"]}, {\"id\": \"plain\"}]}";

/* The settings load, export and load again unchanged; a queue that does
 * not use them exports none of them. */
H_TEST(config_round_trip) {
  char *doc = NULL, *doc2 = NULL;
  size_t len;
  harness h2;
  CALL(h, acdr_config_apply(h->e, config_doc, strlen(config_doc), 0, 0));
  CALL(h, acdr_config_export(h->e, &doc, &len));
  assert_non_null(strstr(doc, "\"time_base\": \"system\""));
  assert_non_null(strstr(doc, "\"position_counts_ringing\": true"));
  assert_non_null(strstr(doc, "\"weight_first\": true"));
  /* once each: the plain queue writes none */
  assert_null(strstr(strstr(doc, "\"time_base\"") + 1, "\"time_base\""));
  h_init(&h2, NULL);
  CALL(&h2, acdr_config_apply(h2.e, doc, len, 0, 0));
  CALL(&h2, acdr_config_export(h2.e, &doc2, NULL));
  assert_string_equal(doc, doc2);
  acdr_free(h->e, doc);
  acdr_free(h2.e, doc2);
  h_free(&h2);
  {
    static const char bad[] =
        "{\"version\": 1, \"queues\": [{\"id\": \"q\", \"time_base\": "
        "\"sytem\"}]}";
    assert_int_equal(acdr_config_validate(h->e, bad, strlen(bad), 0),
                     ACDR_ERR_CONFIG);
    assert_non_null(strstr(acdr_config_last_errors(h->e), "time_base"));
  }
}

/* Bad values are refused with the field named. */
H_TEST(queue_settings_checked) {
  acdr_queue_def d;
  h_qdef(&d, "q", NULL);
  d.time_base = 2;
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "time_base"));
  d.time_base = 0;
  d.position_counts_ringing = 2;
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_RANGE);
  assert_non_null(
      strstr(acdr_engine_last_error(h->e), "position_counts_ringing"));
  d.position_counts_ringing = 0;
  d.weight_first = -1;
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "weight_first"));
}

/* Build the same waiting line in h: system-time queue q2 with a
 * transferred caller, a head start, a re-entry. */
static void place_scenario(harness *h) {
  two_queues(h, ACDR_TIME_BASE_SYSTEM);
  h_arrive(h, "t", "q1", S(100));
  h_arrive(h, "c1", "q2", S(101));
  arrive(h, "vip", "q2", 20000, 0, S(115)); /* 95 s */
  arrive(h, "back", "q2", 0, S(97), S(116));
  CALL(h, acdr_contact_transfer(h->e, "t", "q2", NULL, S(117))); /* 100 s */
}

static void serve_all(harness *h) {
  h_member(h, "q2", "a1", 0, 0, S(120));
  h_login(h, "a1", S(120));
  h_accept(h, "vip", "a1", S(121));
  h_hangup(h, "vip", S(122));
  h_accept(h, "back", "a1", S(122));
  h_hangup(h, "back", S(123));
  h_accept(h, "t", "a1", S(123));
  h_hangup(h, "t", S(124));
}

/* A snapshot keeps every caller's place (and head start): the restored
 * engine serves them in the same order as the original. */
H_TEST(snapshot_keeps_places) {
  char *snap = NULL;
  size_t len;
  harness b;
  char want[1024];
  place_scenario(h);
  (void)h_take(h);
  CALL(h, acdr_engine_snapshot(h->e, &snap, &len));
  h_init(&b, NULL);
  CALL(&b, acdr_engine_restore(b.e, snap, len));
  assert_int_equal(position(&b, "vip"), 1);
  assert_int_equal(position(&b, "back"), 2);
  assert_int_equal(position(&b, "t"), 3);
  serve_all(h);
  snprintf(want, sizeof(want), "%s", h_take(h));
  assert_non_null(strstr(want, "OFFER vip a1\n"));
  serve_all(&b);
  assert_string_equal(h_take(&b), want);
  acdr_free(h->e, snap);
  h_free(&b);
}

/* The event log records head start and original arrival: a replica fed
 * the lines makes the same decisions. */
static void replay_keeps_places(void **state) {
  harness a, b;
  acdr_options opt;
  char *log = NULL, *line, *nl;
  size_t len;
  char want[2048];
  (void)state;
  acdr_options_default(&opt);
  opt.record_events = 1;
  h_init(&a, &opt);
  h_init(&b, NULL);
  place_scenario(&a);
  serve_all(&a);
  snprintf(want, sizeof(want), "%s", h_take(&a));
  CALL(&a, acdr_engine_event_log_take(a.e, &log, &len));
  assert_non_null(strstr(log, "\"head_start_ms\": 20000"));
  assert_non_null(strstr(log, "\"original_arrival_ns\": 97000000000"));
  for (line = log; *line; line = nl + 1) {
    nl = strchr(line, '\n');
    CALL(&b, acdr_engine_apply_event_json(b.e, line, (size_t)(nl - line)));
  }
  assert_string_equal(h_take(&b), want);
  acdr_free(a.e, log);
  h_free(&a);
  h_free(&b);
}

H_MAIN(T(time_base_transfer), T(time_base_overflow),
       T(head_start_orders_the_line_and_moves_with_the_caller),
       T(original_arrival_gives_the_place_back),
       T(contact_def_v1_gets_defaults), T(position_while_ahead_rings),
       T(announce_counts_ringing_callers), T(weight_against_priority),
       T(config_round_trip), T(queue_settings_checked),
       T(snapshot_keeps_places), T(replay_keeps_places))
