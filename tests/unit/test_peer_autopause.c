/* SPDX-License-Identifier: MIT */
/* Asterisk autopause=yes (issue 17): a member who fails to answer is
 * paused in the queue that rang it only.  app_queue rna() calls
 * set_member_paused(qe->parent->name, interface, "Auto-Pause", 1): the
 * member stays available to its other queues (autopause=all pauses it in
 * every queue, acdroute's AWAY "no-answer").  acdroute:
 * missed_pause_queue = 1 with max_missed = 1 pauses the membership
 * (acdr_member_def.paused); the host unpauses it with
 * acdr_queue_member_set.  The invariant checker runs after every call
 * (h_* / CALL). */
#include "harness.h"

#include <stdio.h>
#include <string.h>

/* q1 (autopause) and q2, both app_queue defaults (the asterisk profile);
 * a1 in both. */
static void setup(harness *h, int pause_queue) {
  acdr_queue_def d;
  h_qdef(&d, "q1", NULL);
  CALL(h, acdr_queue_def_profile(&d, "asterisk"));
  d.strategy = "linear";
  d.max_missed = 1;
  d.missed_pause_queue = pause_queue;
  h_qadd(h, &d);
  h_qdef(&d, "q2", NULL);
  CALL(h, acdr_queue_def_profile(&d, "asterisk"));
  d.strategy = "linear";
  h_qadd(h, &d);
  h_agent(h, "a1");
  h_member(h, "q1", "a1", 0, 0, 0);
  h_member(h, "q2", "a1", 0, 0, 0);
  h_login(h, "a1", 0);
  h_arrive(h, "c1", "q1", S(1));
  h_expect(h, "OFFER c1 a1\n");
  h_advance(h, S(16)); /* timeout = 15 */
  h_expect(h, "CANCEL c1 a1 no-answer\n");
}

static int paused(harness *h, const char *q) {
  acdr_member_def md;
  CALL(h, acdr_queue_member_get(h->e, q, "a1", &md));
  return md.paused;
}

static void unpause(harness *h, acdr_tstamp now) {
  acdr_member_def md;
  CALL(h, acdr_queue_member_get(h->e, "q1", "a1", &md));
  md.paused = 0;
  CALL(h, acdr_queue_member_set(h->e, "q1", "a1", &md, now));
}

/* autopause=yes: paused in q1 only; a q2 caller reaches a1, the q1 caller
 * waits until the host unpauses a1 in q1. */
H_TEST(autopause_yes_pauses_this_queue_only) {
  setup(h, 1);
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AVAILABLE);
  assert_int_equal(paused(h, "q1"), 1);
  assert_int_equal(paused(h, "q2"), 0);
  h_arrive(h, "c2", "q2", S(17));
  h_expect(h, "OFFER c2 a1\n");
  h_accept(h, "c2", "a1", S(18));
  h_hangup(h, "c2", S(20));
  (void)h_take(h);
  h_advance(h, S(60));
  h_expect(h, ""); /* c1 past its retry pause, a1 paused in q1 */
  unpause(h, S(61));
  h_expect(h, "OFFER c1 a1\n");
}

/* autopause=all (missed_pause_queue 0): a1 goes AWAY, q2 gets nothing. */
H_TEST(autopause_all_sets_the_agent_away) {
  setup(h, 0);
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AWAY);
  assert_int_equal(paused(h, "q1"), 0);
  h_arrive(h, "c2", "q2", S(17));
  h_expect(h, "");
}

/* The setting round-trips through the configuration; the pause survives
 * a snapshot (the restored engine goes on identically) and is rebuilt by
 * replaying the event log. */
H_TEST(autopause_queue_config_snapshot_replay) {
  acdr_options o;
  harness a, b, r;
  char *out, *out2, *snap, *log, *line, *nl;
  (void)h;
  acdr_options_default(&o);
  o.record_events = 1;
  h_init(&a, &o);
  setup(&a, 1);
  CALL(&a, acdr_config_export(a.e, &out, NULL));
  assert_non_null(strstr(out, "\"missed_pause_queue\": true"));
  assert_non_null(strstr(out, "\"paused\": true"));
  h_init(&b, NULL);
  CALL(&b, acdr_config_apply(b.e, out, strlen(out), ACDR_RELOAD_REFUSE, 0));
  CALL(&b, acdr_config_export(b.e, &out2, NULL));
  assert_string_equal(out, out2);
  acdr_free(b.e, out2);
  acdr_free(a.e, out);
  h_free(&b);
  /* snapshot: the restored engine continues as the original */
  CALL(&a, acdr_engine_snapshot(a.e, &snap, NULL));
  h_init(&b, NULL);
  CALL(&b, acdr_engine_restore(b.e, snap, strlen(snap)));
  acdr_free(a.e, snap);
  assert_int_equal(paused(&b, "q1"), 1);
  h_advance(&a, S(40));
  h_advance(&b, S(40));
  h_expect(&a, "");
  h_expect(&b, "");
  unpause(&a, S(41));
  unpause(&b, S(41));
  h_expect(&a, "OFFER c1 a1\n");
  h_expect(&b, "OFFER c1 a1\n");
  /* replay of a's events up to here: same pause, same offer */
  h_init(&r, NULL);
  CALL(&a, acdr_engine_event_log_take(a.e, &log, NULL));
  for (line = log; (nl = strchr(line, '\n')) != NULL; line = nl + 1)
    CALL(&r, acdr_engine_apply_event_json(r.e, line, (size_t)(nl - line)));
  acdr_free(a.e, log);
  {
    acdr_contact_info ci;
    CALL(&r, acdr_contact_get_info(r.e, "c1", &ci));
    assert_int_equal(ci.state, ACDR_CONTACT_OFFERED);
  }
  assert_int_equal(paused(&r, "q1"), 0);
  h_free(&r);
  h_free(&a);
  h_free(&b);
}

/* Only 0 and 1; a refused definition changes nothing. */
H_TEST(autopause_queue_flag_checked) {
  acdr_queue_def d;
  h_qdef(&d, "q", "linear");
  d.missed_pause_queue = 2;
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e),
                         "missed_pause_queue = 2 is not 0 or 1"));
  {
    acdr_queue_info qi;
    assert_int_equal(acdr_queue_get_info(h->e, "q", 0, &qi),
                     ACDR_ERR_QUEUE_NOT_FOUND);
  }
}

H_MAIN(T(autopause_yes_pauses_this_queue_only),
       T(autopause_all_sets_the_agent_away),
       T(autopause_queue_config_snapshot_replay),
       T(autopause_queue_flag_checked))
