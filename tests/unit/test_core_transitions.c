/* SPDX-License-Identifier: MIT */
/* Every allowed and every refused transition of agents and contacts, with
 * the invariant checker after every event; re-entrant callbacks. */
#include "harness.h"

#include <string.h>

static void setup2(harness *h) {
  h_init(h, NULL);
  h_team(h, "q", NULL, "a1 a2", "a1:0:0 a2:0:1", NULL);
}

/* The engine's observable state, to prove a refused call changed nothing. */
typedef struct snap {
  acdr_engine_counts counts;
  acdr_agent_info a1, a2;
  acdr_queue_info q;
} snap;

static void take_snap(harness *h, snap *s) {
  memset(s, 0, sizeof(*s));
  assert_int_equal(acdr_engine_get_counts(h->e, &s->counts), 0);
  assert_int_equal(acdr_agent_get_info(h->e, "a1", &s->a1), 0);
  assert_int_equal(acdr_agent_get_info(h->e, "a2", &s->a2), 0);
  assert_int_equal(
      acdr_queue_get_info(h->e, "q", acdr_engine_now(h->e), &s->q), 0);
}

static void assert_same(harness *h, const snap *before) {
  snap now;
  take_snap(h, &now);
  assert_memory_equal(&before->counts, &now.counts, sizeof(now.counts));
  assert_int_equal(before->a1.status, now.a1.status);
  assert_int_equal(before->a1.activity, now.a1.activity);
  assert_memory_equal(before->a1.load, now.a1.load, sizeof(now.a1.load));
  assert_int_equal(before->a2.status, now.a2.status);
  assert_int_equal(before->a2.activity, now.a2.activity);
  assert_int_equal(before->q.waiting, now.q.waiting);
  assert_int_equal(before->q.offered, now.q.offered);
  assert_int_equal(before->q.connected, now.q.connected);
  assert_string_equal(h_take(h), ""); /* and no action was emitted */
  h_check(h);
}

#define REFUSED(h, call, code)                                      \
  do {                                                              \
    snap s_;                                                        \
    acdr_tstamp now_ = acdr_engine_now((h)->e);                     \
    take_snap((h), &s_);                                            \
    assert_int_equal((call), (code));                               \
    assert_true(acdr_engine_last_error((h)->e)[0] != '\0');         \
    assert_same((h), &s_);                                          \
    assert_int_equal(acdr_engine_now((h)->e), now_); /* clock too */ \
  } while (0)

H_TEST_WITH(agent_transitions, setup2) {
  acdr_agent_info info;
  acdr_agent_def d;
  h->verbose = 1;
  /* logged out -> available */
  h_login(h, "a1", S(1));
  h_expect(h, "AGENT a1 available idle\n");
  REFUSED(h, acdr_agent_login(h->e, "a1", S(1)), ACDR_ERR_INVALID_STATE);
  /* available -> away (reason) -> away (other reason) -> available */
  assert_int_equal(acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AWAY, "lunch",
                                         S(2)), 0);
  h_check(h);
  h_expect(h, "AGENT a1 away idle lunch\n");
  REFUSED(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AWAY, "lunch", S(2)),
          ACDR_ERR_INVALID_STATE);
  assert_int_equal(acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AWAY,
                                         "training", S(3)), 0);
  h_expect(h, "AGENT a1 away idle training\n");
  assert_int_equal(acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AVAILABLE,
                                         NULL, S(4)), 0);
  h_check(h);
  h_expect(h, "AGENT a1 available idle\n");
  REFUSED(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AVAILABLE, NULL,
                                    S(4)),
          ACDR_ERR_INVALID_STATE);
  REFUSED(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_LOGGED_OUT, NULL,
                                    S(4)),
          ACDR_ERR_INVALID_ARGUMENT);
  REFUSED(h, acdr_agent_set_status(h->e, "a2", ACDR_AGENT_AWAY, "x", S(4)),
          ACDR_ERR_INVALID_STATE); /* a2 is logged out */
  /* available -> logged out; twice is refused */
  assert_int_equal(acdr_agent_logout(h->e, "a1", S(5)), 0);
  h_check(h);
  h_expect(h, "AGENT a1 logged-out idle\n");
  REFUSED(h, acdr_agent_logout(h->e, "a1", S(5)), ACDR_ERR_INVALID_STATE);
  /* away -> logged out */
  h_login(h, "a1", S(6));
  assert_int_equal(acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AWAY, NULL,
                                         S(6)), 0);
  assert_int_equal(acdr_agent_logout(h->e, "a1", S(7)), 0);
  h_check(h);
  h_take(h);
  /* unknown ids, NULLs, duplicates, time going backwards */
  REFUSED(h, acdr_agent_login(h->e, "zz", S(7)), ACDR_ERR_AGENT_NOT_FOUND);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "zz"));
  REFUSED(h, acdr_agent_login(h->e, NULL, S(7)), ACDR_ERR_INVALID_ARGUMENT);
  REFUSED(h, acdr_agent_login(h->e, "a1", S(6)), ACDR_ERR_TIME_BACKWARDS);
  assert_int_equal(acdr_agent_login(NULL, "a1", S(7)),
                   ACDR_ERR_INVALID_ARGUMENT);
  acdr_agent_def_default(&d);
  d.id = "a1";
  REFUSED(h, acdr_agent_add(h->e, &d), ACDR_ERR_DUPLICATE_ID);
  d.id = "";
  REFUSED(h, acdr_agent_add(h->e, &d), ACDR_ERR_INVALID_ARGUMENT);
  REFUSED(h, acdr_agent_add(h->e, NULL), ACDR_ERR_INVALID_ARGUMENT);
  d.id = "a9";
  REFUSED(h, acdr_agent_add_versioned(h->e, 99, &d), ACDR_ERR_VERSION);
  /* remove: refused while logged in, fine when logged out */
  h_login(h, "a2", S(8));
  h_expect(h, "AGENT a2 available idle\n");
  REFUSED(h, acdr_agent_remove(h->e, "a2"), ACDR_ERR_INVALID_STATE);
  assert_int_equal(acdr_agent_remove(h->e, "a1"), 0);
  h_check(h);
  assert_int_equal(acdr_agent_get_info(h->e, "a1", &info),
                   ACDR_ERR_AGENT_NOT_FOUND);
}

H_TEST(contact_happy_path_with_wrapup) {
  acdr_contact_info ci;
  acdr_queue_def qd;
  h_agent(h, "a1");
  h_agent(h, "a2"); /* not a member: only observed */
  acdr_queue_def_default(&qd);
  qd.id = "q";
  qd.wrapup_ms = 30000;
  assert_int_equal(acdr_queue_add(h->e, &qd), 0);
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q", S(2));
  h_arrive(h, "c2", "q", S(2));
  h_expect(h, "OFFER c1 a1\n");
  assert_int_equal(acdr_contact_get_info(h->e, "c2", &ci), 0);
  assert_int_equal(ci.state, ACDR_CONTACT_WAITING);
  assert_int_equal(ci.position, 1);
  h_accept(h, "c1", "a1", S(5));
  h_expect(h, "CONNECTED c1 a1\n");
  assert_int_equal(acdr_contact_get_info(h->e, "c1", &ci), 0);
  assert_int_equal(ci.state, ACDR_CONTACT_CONNECTED);
  assert_string_equal(ci.agent_id, "a1");
  assert_int_equal(acdr_contact_hold(h->e, "c1", 1, S(10)), 0);
  REFUSED(h, acdr_contact_hold(h->e, "c1", 1, S(10)), ACDR_ERR_INVALID_STATE);
  assert_int_equal(acdr_contact_hold(h->e, "c1", 0, S(20)), 0);
  REFUSED(h, acdr_contact_wrapup_done(h->e, "c1", S(20)),
          ACDR_ERR_INVALID_STATE);
  h_hangup(h, "c1", S(60));
  h_expect(h, "WRAPUP c1 a1\n");
  REFUSED(h, acdr_contact_hangup(h->e, "c1", S(61)), ACDR_ERR_INVALID_STATE);
  REFUSED(h, acdr_contact_hold(h->e, "c1", 1, S(61)), ACDR_ERR_INVALID_STATE);
  /* wrap-up ends by timer 30 s later; a1 then takes c2 */
  assert_int_equal(acdr_engine_get_expiry(h->e), S(90));
  h_advance(h, S(89));
  h_expect(h, "");
  h_advance(h, S(90));
  h_expect(h, "ENDED c1 completed\nOFFER c2 a1\n");
  REFUSED(h, acdr_contact_hangup(h->e, "c1", S(91)),
          ACDR_ERR_CONTACT_NOT_FOUND);
  /* wrap-up ended early by the host */
  h_accept(h, "c2", "a1", S(92));
  h_hangup(h, "c2", S(100));
  assert_int_equal(acdr_contact_wrapup_done(h->e, "c2", S(101)), 0);
  h_check(h);
  h_expect(h, "CONNECTED c2 a1\nWRAPUP c2 a1\nENDED c2 completed\n");
}

H_TEST_WITH(contact_refusals, setup2) {
  acdr_contact_def d;
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q", S(2));
  h_expect(h, "OFFER c1 a1\n");
  acdr_contact_def_default(&d);
  d.id = "c1";
  d.queue = "q";
  REFUSED(h, acdr_contact_arrive(h->e, &d, S(3)), ACDR_ERR_DUPLICATE_ID);
  d.id = "c9";
  d.queue = "nope";
  REFUSED(h, acdr_contact_arrive(h->e, &d, S(3)), ACDR_ERR_QUEUE_NOT_FOUND);
  d.queue = "q";
  d.channel = ACDR_CHANNEL_CHAT;
  REFUSED(h, acdr_contact_arrive(h->e, &d, S(3)), ACDR_ERR_CHANNEL);
  d.channel = -1;
  REFUSED(h, acdr_contact_arrive(h->e, NULL, S(3)), ACDR_ERR_INVALID_ARGUMENT);
  REFUSED(h, acdr_contact_arrive(h->e, &d, S(1)), ACDR_ERR_TIME_BACKWARDS);
  /* accept by an agent who is not ringing */
  REFUSED(h, acdr_contact_accept(h->e, "c1", "a2", S(3)),
          ACDR_ERR_NOT_OFFERED);
  REFUSED(h, acdr_contact_accept(h->e, "c1", "zz", S(3)),
          ACDR_ERR_AGENT_NOT_FOUND);
  REFUSED(h, acdr_contact_reject(h->e, "c1", "a1", 42, S(3)),
          ACDR_ERR_INVALID_ARGUMENT);
  REFUSED(h, acdr_contact_request_callback(h->e, "c1", S(3)),
          ACDR_ERR_INVALID_STATE); /* ringing, not waiting */
  REFUSED(h, acdr_contact_transfer(h->e, "c1", NULL, NULL, S(3)),
          ACDR_ERR_INVALID_ARGUMENT);
  REFUSED(h, acdr_contact_transfer(h->e, "c1", "nope", NULL, S(3)),
          ACDR_ERR_QUEUE_NOT_FOUND);
  h_accept(h, "c1", "a1", S(4));
  h_expect(h, "CONNECTED c1 a1\n");
  /* accept twice: the offer is gone */
  REFUSED(h, acdr_contact_accept(h->e, "c1", "a1", S(4)),
          ACDR_ERR_NOT_OFFERED);
}

H_TEST_WITH(offer_cancelled_then_accept_is_refused, setup2) {
  h_logins(h, "a1:1 a2:2");
  h_arrive(h, "c1", "q", S(3));
  h_expect(h, "OFFER c1 a1\n");
  /* ring timeout: the offer moves to a2; a1's late accept is refused */
  h_advance(h, S(18));
  h_expect(h, "CANCEL c1 a1 no-answer\nOFFER c1 a2\n");
  REFUSED(h, acdr_contact_accept(h->e, "c1", "a1", S(19)),
          ACDR_ERR_NOT_OFFERED);
  /* a2 declines: back in line; a1 is still in its 5 s no-answer delay,
   * a2 in its reject delay; a1 gets it again when its delay ends */
  assert_int_equal(acdr_contact_reject(h->e, "c1", "a2",
                                       ACDR_REJECT_DECLINED, S(19)), 0);
  h_check(h);
  h_expect(h, "CANCEL c1 a2 rejected\n");
  h_advance(h, S(23));
  h_expect(h, "OFFER c1 a1\n");
}

H_TEST_WITH(logout_and_away_while_ringing, setup2) {
  h_logins(h, "a1:1 a2:2");
  h_arrive(h, "c1", "q", S(3));
  h_expect(h, "OFFER c1 a1\n");
  assert_int_equal(acdr_agent_logout(h->e, "a1", S(4)), 0);
  h_check(h);
  h_expect(h, "CANCEL c1 a1 agent-unavailable\nOFFER c1 a2\n");
  assert_int_equal(acdr_agent_set_status(h->e, "a2", ACDR_AGENT_AWAY, "break",
                                         S(5)), 0);
  h_check(h);
  h_expect(h, "CANCEL c1 a2 agent-unavailable\n");
  /* nobody is ready: the contact waits at the head of the line */
  h_login(h, "a1", S(6));
  h_expect(h, "OFFER c1 a1\n");
}

H_TEST_WITH(abandon_waiting_and_ringing, setup2) {
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q", S(2));
  h_arrive(h, "c2", "q", S(3));
  h_expect(h, "OFFER c1 a1\n");
  h_hangup(h, "c2", S(4)); /* waiting */
  h_expect(h, "ENDED c2 abandoned\n");
  h_hangup(h, "c1", S(5)); /* ringing */
  h_expect(h, "CANCEL c1 a1 caller-hangup\nENDED c1 abandoned\n");
  h_arrive(h, "c3", "q", S(6));
  h_expect(h, "OFFER c3 a1\n"); /* a1 free again at once */
}

H_TEST_WITH(logout_while_connected_keeps_the_contact, setup2) {
  acdr_agent_info info;
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q", S(2));
  h_accept(h, "c1", "a1", S(3));
  assert_int_equal(acdr_agent_logout(h->e, "a1", S(4)), 0);
  h_check(h);
  assert_int_equal(acdr_agent_get_info(h->e, "a1", &info), 0);
  assert_int_equal(info.status, ACDR_AGENT_LOGGED_OUT);
  assert_int_equal(info.activity, ACDR_ACTIVITY_ON_CONTACT);
  h_hangup(h, "c1", S(10));
  h_expect(h, "OFFER c1 a1\nCONNECTED c1 a1\nWRAPUP c1 a1\nENDED c1 "
               "completed\n");
  assert_int_equal(acdr_agent_get_info(h->e, "a1", &info), 0);
  assert_int_equal(info.activity, ACDR_ACTIVITY_IDLE);
}

/* Re-entrancy: accept from inside the OFFER callback. */
static int accept_in_callback(harness *h, const acdr_action *a) {
  if (a->type == ACDR_ACTION_OFFER)
    assert_int_equal(
        acdr_contact_accept(h->e, a->contact_id, a->agent_id, a->time), 0);
  return 0;
}

H_TEST_WITH(reentrant_accept, setup2) {
  h->hook = accept_in_callback;
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q", S(2));
  h_expect(h, "OFFER c1 a1\nCONNECTED c1 a1\n");
  h_arrive(h, "c2", "q", S(3));
  h_expect(h, "");
  h_login(h, "a2", S(4));
  h_expect(h, "OFFER c2 a2\nCONNECTED c2 a2\n");
}

static int fail_on_offer(harness *h, const acdr_action *a) {
  (void)h;
  return a->type == ACDR_ACTION_OFFER ? -1 : 0;
}

H_TEST_WITH(callback_failure_is_reported_and_state_kept, setup2) {
  acdr_contact_info ci;
  acdr_contact_def d;
  h_login(h, "a1", S(1));
  h->hook = fail_on_offer;
  acdr_contact_def_default(&d);
  d.id = "c1";
  d.queue = "q";
  assert_int_equal(acdr_contact_arrive(h->e, &d, S(2)),
                   ACDR_ERR_CALLBACK_FAILURE);
  h_check(h);
  /* the event happened: c1 is ringing at a1 */
  assert_int_equal(acdr_contact_get_info(h->e, "c1", &ci), 0);
  assert_int_equal(ci.state, ACDR_CONTACT_OFFERED);
  h->hook = NULL;
  h_accept(h, "c1", "a1", S(3));
}

H_TEST_WITH(transfer_keeps_arrival, setup2) {
  acdr_contact_info ci;
  h_queue(h, "q2", NULL);
  h_agent(h, "b1");
  h_member(h, "q2", "b1", 0, 0, 0);
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q", S(2));
  h_accept(h, "c1", "a1", S(3));
  h_take(h);
  assert_int_equal(acdr_contact_transfer(h->e, "c1", "q2", NULL, S(10)), 0);
  h_check(h);
  h_expect(h, "REQUEUED c1 q2\n");
  assert_int_equal(acdr_contact_get_info(h->e, "c1", &ci), 0);
  assert_int_equal(ci.arrival, S(2));
  assert_string_equal(ci.queue_id, "q2");
  h_login(h, "b1", S(11));
  h_expect(h, "OFFER c1 b1\n");
}

/* The last OFFER_CANCEL's JSON line, kept by the action hook. */
static char last_cancel_json[256];
static int keep_cancel_json(harness *h, const acdr_action *a) {
  (void)h;
  if (a->type == ACDR_ACTION_OFFER_CANCEL)
    assert_int_equal(acdr_action_to_json(last_cancel_json,
                                         sizeof(last_cancel_json), NULL, a),
                     0);
  return 0;
}

/* One rule for every way an offer ends without an answer: the agent's
 * phone gets OFFER_CANCEL.  A reject (declined, busy, or a no-answer the
 * host detected itself) does as a ring timeout, a logout, going away and
 * the caller hanging up do; the reason says it was rejected. */
H_TEST_WITH(reject_cancels_the_offer, setup2) {
  static const int hows[] = {ACDR_REJECT_DECLINED, ACDR_REJECT_BUSY,
                             ACDR_REJECT_NO_ANSWER};
  acdr_tstamp t = S(10);
  size_t i;
  h->hook = keep_cancel_json;
  h_login(h, "a1", S(1));
  for (i = 0; i < sizeof(hows) / sizeof(hows[0]); i++) {
    h_arrive(h, "c1", "q", t);
    h_expect(h, "OFFER c1 a1\n");
    last_cancel_json[0] = '\0';
    CALL(h, acdr_contact_reject(h->e, "c1", "a1", hows[i], t));
    h_expect(h, "CANCEL c1 a1 rejected\n");
    assert_non_null(strstr(last_cancel_json, "\"reason\": \"rejected\""));
    h_hangup(h, "c1", t);
    h_expect(h, "ENDED c1 abandoned\n");
    t += S(60); /* past every delay */
    h_advance(h, t);
  }
  /* the same offer ended by the other causes, for comparison */
  h_arrive(h, "c2", "q", t);
  h_expect(h, "OFFER c2 a1\n");
  h_hangup(h, "c2", t);
  h_expect(h, "CANCEL c2 a1 caller-hangup\nENDED c2 abandoned\n");
  h_arrive(h, "c3", "q", t);
  h_expect(h, "OFFER c3 a1\n");
  CALL(h, acdr_agent_logout(h->e, "a1", t));
  h_expect(h, "CANCEL c3 a1 agent-unavailable\n");
  h_hangup(h, "c3", t);
  (void)h_take(h);
}

H_MAIN(T(agent_transitions), T(contact_happy_path_with_wrapup),
       T(contact_refusals), T(offer_cancelled_then_accept_is_refused),
       T(logout_and_away_while_ringing), T(abandon_waiting_and_ringing),
       T(logout_while_connected_keeps_the_contact), T(reentrant_accept),
       T(callback_failure_is_reported_and_state_kept),
       T(transfer_keeps_arrival), T(reject_cancels_the_offer))
