/* SPDX-License-Identifier: MIT */
/* Abandoned resume (issue 17): mod_callcenter callcenter_function(), with
 * `abandoned-resume-allowed`, looks for a member of the same queue with
 * the caller's caller-id number in state Abandoned and, found, puts the
 * caller back with that member's joined time and score ("restoring it
 * previous position in queue"); `discard-abandoned-after` drops abandoned
 * members after that many seconds.  acdroute: abandoned_resume_ms, keyed
 * by customer_id (or the contact id without one).  The invariant checker
 * runs after every call (h_* / CALL). */
#include "harness.h"

#include <string.h>

static uint32_t position(harness *h, const char *c) {
  acdr_contact_info info;
  CALL(h, acdr_contact_get_info(h->e, c, &info));
  return info.position;
}

static void arrive(harness *h, const char *id, const char *q,
                   const char *customer, acdr_tstamp now) {
  acdr_contact_def d;
  acdr_contact_def_default(&d);
  d.id = id;
  d.queue = q;
  d.customer_id = customer;
  CALL(h, acdr_contact_arrive(h->e, &d, now));
}

/* Queue q (no agents: callers wait) keeping abandoned places for
 * `resume_ms`; c1 (cust-1) at 100 s, c2 at 110 s, c3 at 120 s; c1
 * abandons at 130 s. */
static void line(harness *h, int64_t resume_ms) {
  acdr_queue_def d;
  h_qdef(&d, "q", NULL);
  d.abandoned_resume_ms = resume_ms;
  h_qadd(h, &d);
  h_qdef(&d, "other", NULL);
  d.abandoned_resume_ms = resume_ms;
  h_qadd(h, &d);
  arrive(h, "c1", "q", "cust-1", S(100));
  arrive(h, "c2", "q", "cust-2", S(110));
  arrive(h, "c3", "q", NULL, S(120));
  h_hangup(h, "c1", S(130));
  h_expect(h, "ENDED c1 abandoned\n");
}

H_TEST(caller_back_within_the_window_gets_its_place) {
  acdr_contact_info info;
  line(h, 60000);
  arrive(h, "c1-again", "q", "cust-1", S(150));
  assert_int_equal(position(h, "c1-again"), 1);
  assert_int_equal(position(h, "c2"), 2);
  CALL(h, acdr_contact_get_info(h->e, "c1-again", &info));
  assert_int_equal(info.arrival, S(100));
  /* the place is given back once */
  h_hangup(h, "c1-again", S(151));
  h_hangup(h, "c2", S(152));
  (void)h_take(h);
  arrive(h, "c2-again", "q", "cust-2", S(153));
  assert_int_equal(position(h, "c2-again"), 1); /* 110 s: ahead of c3 */
}

H_TEST(off_by_default) {
  line(h, 0);
  arrive(h, "c1-again", "q", "cust-1", S(150));
  assert_int_equal(position(h, "c1-again"), 3);
}

H_TEST(too_late_or_another_queue) {
  line(h, 60000);
  /* another queue does not know the caller */
  arrive(h, "x", "other", "cust-1", S(140));
  assert_int_equal(position(h, "x"), 1);
  /* 130 s + 60 s: the last moment; one more second is too late */
  arrive(h, "c1-again", "q", "cust-1", S(191));
  assert_int_equal(position(h, "c1-again"), 3);
}

H_TEST(at_the_end_of_the_window) {
  line(h, 60000);
  arrive(h, "c1-again", "q", "cust-1", S(190));
  assert_int_equal(position(h, "c1-again"), 1);
}

/* Without a customer id the contact id is the key; an abandon while
 * ringing counts as well. */
H_TEST(contact_id_and_ringing) {
  acdr_queue_def d;
  h_qdef(&d, "q", NULL);
  d.abandoned_resume_ms = 60000;
  d.ring_timeout_ms = 0;
  h_qadd(h, &d);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", 0);
  h_arrive(h, "c1", "q", S(100)); /* rings a1 */
  h_arrive(h, "c2", "q", S(110));
  h_hangup(h, "c1", S(120)); /* a1 is offered c2 */
  (void)h_take(h);
  h_arrive(h, "c3", "q", S(121));
  h_arrive(h, "c1", "q", S(122));
  assert_int_equal(position(h, "c1"), 1);
  assert_int_equal(position(h, "c3"), 2);
}

/* The places kept go with a snapshot: the restored engine gives the same
 * place back. */
H_TEST(snapshot_keeps_abandoned_places) {
  char *snap = NULL;
  size_t len;
  harness b;
  line(h, 60000);
  CALL(h, acdr_engine_snapshot(h->e, &snap, &len));
  assert_non_null(strstr(snap, "\"resume\""));
  h_init(&b, NULL);
  CALL(&b, acdr_engine_restore(b.e, snap, len));
  arrive(&b, "c1-again", "q", "cust-1", S(150));
  assert_int_equal(position(&b, "c1-again"), 1);
  acdr_free(h->e, snap);
  h_free(&b);
}

/* The configuration round-trips the setting; out of range is refused. */
H_TEST(setting_config_and_range) {
  static const char doc[] =
      "{\"version\": 1, \"queues\": [{\"id\": \"q\", "
      "\"abandoned_resume_ms\": 60000}]}";
  char *out = NULL;
  acdr_queue_def d;
  CALL(h, acdr_config_apply(h->e, doc, strlen(doc), 0, 0));
  CALL(h, acdr_config_export(h->e, &out, NULL));
  assert_non_null(strstr(out, "\"abandoned_resume_ms\": 60000"));
  acdr_free(h->e, out);
  h_qdef(&d, "q2", NULL);
  d.abandoned_resume_ms = -1;
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "abandoned_resume_ms"));
}

H_MAIN(T(caller_back_within_the_window_gets_its_place), T(off_by_default),
       T(too_late_or_another_queue), T(at_the_end_of_the_window),
       T(contact_id_and_ringing), T(snapshot_keeps_abandoned_places),
       T(setting_config_and_range))
