/* SPDX-License-Identifier: MIT */
/* Membership settings (acdr_queue_member_set, issue 17): a weighted-random
 * weight that is not the penalty, pausing in one queue only, a wrap-up per
 * membership.
 *
 * Peer sources read:
 * - Asterisk app_queue.c set_member_paused() / `queue pause member ...
 *   queue <name>` and the QUEUE pause AMI action with a Queue: the member
 *   is paused in that queue only; queues.conf.sample member lines carry
 *   the member's own wrapuptime, which get_wrapuptime() prefers to the
 *   queue's.  calc_metric() QUEUE_STRATEGY_WRANDOM draws with the penalty
 *   as the weight; acdroute's membership weight replaces it when set.
 * - acdroute difference (docs/strategies.md): the wrap-up of a contact
 *   holds the agent for every queue (Asterisk checks the time since the
 *   member's last call per queue).
 */
#include "harness.h"

#include <stdio.h>
#include <string.h>

static void set(harness *h, const char *q, const char *a, int32_t weight,
                int32_t paused, int64_t wrapup_ms, acdr_tstamp now) {
  acdr_member_def d;
  acdr_member_def_default(&d);
  d.weight = weight;
  d.paused = paused;
  d.wrapup_ms = wrapup_ms;
  CALL(h, acdr_queue_member_set(h->e, q, a, &d, now));
}

/* 1000 contacts, each abandoned while it rings: how many rang at a1. */
static int draws_for_a1(harness *h, acdr_tstamp *t) {
  int i, n = 0;
  for (i = 0; i < 1000; i++) {
    char c[16];
    const char *log;
    snprintf(c, sizeof(c), "c%d", i);
    h_arrive(h, c, "q", *t);
    log = h_take(h);
    n += strstr(log, " a1\n") != NULL;
    h_hangup(h, c, *t);
    (void)h_take(h);
    *t += S(1);
  }
  return n;
}

/* Same penalty: the draw is even until a1's membership weight is 1 and
 * a2's 999: then a1 rings for about 1 contact in 1000. */
H_TEST(member_weight_is_not_the_penalty) {
  acdr_queue_def d;
  acdr_tstamp t = S(1);
  int even, rare;
  h_qdef(&d, "q", "weighted-random");
  d.ring_timeout_ms = 0;
  h_qadd(h, &d);
  h_agents(h, "a1 a2");
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_logins(h, "a1:1 a2:1");
  even = draws_for_a1(h, &t);
  set(h, "q", "a1", 1, 0, -1, t);
  set(h, "q", "a2", 999, 0, -1, t);
  rare = draws_for_a1(h, &t);
  assert_true(even > 400 && even < 600);
  assert_true(rare < 15);
  /* back to 0: from the penalty again */
  set(h, "q", "a1", 0, 0, -1, t);
  set(h, "q", "a2", 0, 0, -1, t);
  even = draws_for_a1(h, &t);
  assert_true(even > 400 && even < 600);
}

/* a1 is in q1 and q2; paused in q1 only it gets q2's contacts, not
 * q1's; pausing cancels its q1 offer; unpausing offers again. */
H_TEST(pause_in_one_queue) {
  acdr_queue_def d;
  acdr_member_def md;
  h_qdef(&d, "q1", "linear");
  d.ring_timeout_ms = 0;
  h_qadd(h, &d);
  d.id = "q2";
  h_qadd(h, &d);
  h_agent(h, "a1");
  h_member(h, "q1", "a1", 0, 0, 0);
  h_member(h, "q2", "a1", 0, 0, 0);
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q1", S(2));
  h_expect(h, "OFFER c1 a1\n");
  set(h, "q1", "a1", 0, 1, -1, S(3));
  h_expect(h, "CANCEL c1 a1 agent-unavailable\n");
  CALL(h, acdr_queue_member_get(h->e, "q1", "a1", &md));
  assert_int_equal(md.paused, 1);
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AVAILABLE);
  h_arrive(h, "c2", "q2", S(4));
  h_expect(h, "OFFER c2 a1\n");
  h_hangup(h, "c2", S(5));
  h_expect(h, "CANCEL c2 a1 caller-hangup\nENDED c2 abandoned\n");
  set(h, "q1", "a1", 0, 0, -1, S(6));
  h_expect(h, "OFFER c1 a1\n");
}

/* The wrap-up of a q1 contact is q1's membership value (30 s), over the
 * agent's own 5 s and the queue's 0; a q2 contact takes the agent's 5 s. */
H_TEST(wrapup_per_membership) {
  acdr_queue_def d;
  acdr_agent_def ad;
  h_qdef(&d, "q1", "linear");
  d.ring_timeout_ms = 0;
  h_qadd(h, &d);
  d.id = "q2";
  h_qadd(h, &d);
  acdr_agent_def_default(&ad);
  ad.id = "a1";
  ad.wrapup_ms = 5000;
  CALL(h, acdr_agent_add(h->e, &ad));
  h_member(h, "q1", "a1", 0, 0, 0);
  h_member(h, "q2", "a1", 0, 0, 0);
  set(h, "q1", "a1", 0, 0, 30000, 0);
  h_login(h, "a1", S(1));
  h_serve(h, "c1", "q1", "a1", S(2), S(1)); /* wrap-up 3..33 s */
  h_arrive(h, "c2", "q2", S(10));
  h_expect(h, "");
  h_advance(h, S(33));
  h_expect(h, "ENDED c1 completed\nOFFER c2 a1\n");
  h_accept(h, "c2", "a1", S(33));
  h_hangup(h, "c2", S(34)); /* wrap-up 34..39 s */
  h_arrive(h, "c3", "q1", S(35));
  h_expect(h, "CONNECTED c2 a1\nWRAPUP c2 a1\n");
  h_advance(h, S(39));
  h_expect(h, "ENDED c2 completed\nOFFER c3 a1\n");
}

/* Refused calls name the problem and change nothing. */
H_TEST(member_set_refused) {
  static const struct {
    int32_t weight, paused;
    int64_t wrapup_ms;
    const char *msg;
  } bad[] = {
      {-1, 0, -1, "member \"a1\" of queue \"q\": weight -1 outside 0..1000000"},
      {1000001, 0, -1,
       "member \"a1\" of queue \"q\": weight 1000001 outside 0..1000000"},
      {0, 2, -1, "member \"a1\" of queue \"q\": paused not 0/1"},
      {0, 0, -2,
       "member \"a1\" of queue \"q\": wrapup_ms outside -1..31622400000"},
  };
  acdr_member_def d, got;
  size_t i;
  h_queue(h, "q", "weighted-random");
  h_agents(h, "a1 a2");
  h_member(h, "q", "a1", 0, 0, 0);
  for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    acdr_member_def_default(&d);
    d.weight = bad[i].weight;
    d.paused = bad[i].paused;
    d.wrapup_ms = bad[i].wrapup_ms;
    assert_int_equal(acdr_queue_member_set(h->e, "q", "a1", &d, 0),
                     ACDR_ERR_RANGE);
    assert_string_equal(acdr_engine_last_error(h->e), bad[i].msg);
  }
  CALL(h, acdr_queue_member_get(h->e, "q", "a1", &got));
  assert_int_equal(got.weight, 0);
  assert_int_equal(got.paused, 0);
  assert_int_equal(got.wrapup_ms, -1);
  acdr_member_def_default(&d);
  assert_int_equal(acdr_queue_member_set(h->e, "q", "a2", &d, 0),
                   ACDR_ERR_NOT_MEMBER);
  assert_int_equal(acdr_queue_member_set(h->e, "nope", "a1", &d, 0),
                   ACDR_ERR_QUEUE_NOT_FOUND);
  assert_int_equal(acdr_queue_member_set(h->e, "q", "nope", &d, 0),
                   ACDR_ERR_AGENT_NOT_FOUND);
  assert_int_equal(acdr_queue_member_set(h->e, "q", "a1", NULL, 0),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_queue_member_set_versioned(h->e, "q", "a1", 99, &d,
                                                   0),
                   ACDR_ERR_VERSION);
  assert_int_equal(acdr_queue_member_get(h->e, "q", "a2", &got),
                   ACDR_ERR_NOT_MEMBER);
}

/* Configuration: member keys read, exported, reloaded; a reload that
 * changes only "paused" pauses; a snapshot keeps the settings. */
H_TEST(member_config_and_snapshot) {
  static const char doc[] =
      "{\"agents\": [{\"id\": \"a1\"}, {\"id\": \"a2\"}], \"queues\": "
      "[{\"id\": \"q\", \"strategy\": \"weighted-random\", \"members\": "
      "[{\"agent\": \"a1\", \"weight\": 7, \"wrapup_ms\": 2000}, "
      "{\"agent\": \"a2\", \"paused\": true}]}]}";
  acdr_member_def md;
  char *out, *out2, *snap;
  harness b;
  CALL(h, acdr_config_apply(h->e, doc, strlen(doc), ACDR_RELOAD_REFUSE, 0));
  CALL(h, acdr_queue_member_get(h->e, "q", "a1", &md));
  assert_int_equal(md.weight, 7);
  assert_int_equal(md.wrapup_ms, 2000);
  CALL(h, acdr_queue_member_get(h->e, "q", "a2", &md));
  assert_int_equal(md.paused, 1);
  CALL(h, acdr_config_export(h->e, &out, NULL));
  assert_non_null(strstr(out, "\"weight\": 7"));
  assert_non_null(strstr(out, "\"paused\": true"));
  h_init(&b, NULL);
  CALL(&b, acdr_config_apply(b.e, out, strlen(out), ACDR_RELOAD_REFUSE, 0));
  CALL(&b, acdr_config_export(b.e, &out2, NULL));
  assert_string_equal(out, out2);
  acdr_free(b.e, out2);
  h_free(&b);
  /* a2 paused: a contact goes to a1 only */
  h_logins(h, "a1:1 a2:1");
  h_arrive(h, "c1", "q", S(2));
  h_expect(h, "OFFER c1 a1\n");
  CALL(h, acdr_engine_snapshot(h->e, &snap, NULL));
  h_init(&b, NULL);
  CALL(&b, acdr_engine_restore(b.e, snap, strlen(snap)));
  CALL(&b, acdr_queue_member_get(b.e, "q", "a2", &md));
  assert_int_equal(md.paused, 1);
  h_arrive(&b, "c2", "q", S(3));
  h_expect(&b, ""); /* a1 rings for c1, a2 paused */
  h_free(&b);
  acdr_free(h->e, snap);
  acdr_free(h->e, out);
  /* reload with a2 not paused: only its setting changes, c2 reaches it */
  {
    static const char doc2[] =
        "{\"agents\": [{\"id\": \"a1\"}, {\"id\": \"a2\"}], \"queues\": "
        "[{\"id\": \"q\", \"strategy\": \"weighted-random\", \"members\": "
        "[{\"agent\": \"a1\", \"weight\": 7, \"wrapup_ms\": 2000}, "
        "{\"agent\": \"a2\"}]}]}";
    h_arrive(h, "c2", "q", S(3));
    h_expect(h, "");
    CALL(h, acdr_config_apply(h->e, doc2, strlen(doc2), ACDR_RELOAD_REFUSE,
                              S(4)));
    h_expect(h, "OFFER c2 a2\n");
  }
}

/* The event log records member_set; replayed, it gives the same
 * settings. */
static void member_set_replayed(void **state) {
  acdr_options o;
  harness a, b;
  acdr_member_def md;
  char *log, *line, *nl;
  (void)state;
  acdr_options_default(&o);
  o.record_events = 1;
  h_init(&a, &o);
  h_init(&b, NULL);
  h_queue(&a, "q", "linear");
  h_agent(&a, "a1");
  h_member(&a, "q", "a1", 0, 0, 0);
  set(&a, "q", "a1", 3, 1, 1500, S(1));
  CALL(&a, acdr_engine_event_log_take(a.e, &log, NULL));
  assert_non_null(strstr(log, "\"ev\": \"member_set\", \"queue\": \"q\", "
                              "\"agent\": \"a1\", \"def\": {\"weight\": 3, "
                              "\"paused\": true, \"wrapup_ms\": 1500}"));
  for (line = log; (nl = strchr(line, '\n')) != NULL; line = nl + 1)
    CALL(&b, acdr_engine_apply_event_json(b.e, line, (size_t)(nl - line)));
  CALL(&b, acdr_queue_member_get(b.e, "q", "a1", &md));
  assert_int_equal(md.weight, 3);
  assert_int_equal(md.paused, 1);
  assert_int_equal(md.wrapup_ms, 1500);
  acdr_free(a.e, log);
  h_free(&a);
  h_free(&b);
}

H_MAIN(T(member_weight_is_not_the_penalty), T(pause_in_one_queue),
       T(wrapup_per_membership), T(member_set_refused),
       T(member_config_and_snapshot), T(member_set_replayed))
