/* SPDX-License-Identifier: MIT */
/* Conversations.
 *
 * A waiting contact's priority changed (asterisk #202.  app_queue.c reads
 * the channel's QUEUE_PRIO when the caller joins and orders its queue by
 * priority, then by join order; a waiting caller's priority is changed
 * with the AMI action QueueChangePriorityCaller / CLI "queue priority
 * caller" (Asterisk 16), whose later "Immediate" argument moves the caller
 * at once.  The change here always takes effect at once and keeps the
 * contact's original wait among its new equals).
 *
 * First replies and the reply deadline (chatwoot #14508: a conversation
 * assigned to an agent who does not answer should go to someone else);
 * the first-response-time metric. */
#include "harness.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <acdroute/config.h>
#include <acdroute/metrics.h>

static int32_t position(harness *h, const char *c) {
  acdr_contact_info info;
  assert_int_equal(acdr_contact_get_info(h->e, c, &info), 0);
  return (int32_t)info.position;
}

/* q with member a1 logged out: c1, c2, c3 (priority 0) and c4 (5) wait. */
static void line_of_four(harness *h) {
  acdr_contact_def d;
  h_team(h, "q", NULL, "a1", "a1:0:0", NULL);
  h_arrive(h, "c1", "q", S(1));
  h_arrive(h, "c2", "q", S(2));
  h_arrive(h, "c3", "q", S(3));
  acdr_contact_def_default(&d);
  d.id = "c4";
  d.queue = "q";
  d.priority = 5;
  CALL(h, acdr_contact_arrive(h->e, &d, S(4)));
  (void)h_take(h);
}

/* Raised to 5, c3 goes before c4 (same priority, waited longer) but after
 * nobody else of priority 5; lowered again it goes back behind c2, not to
 * the end of anything: its place is its original wait. */
H_TEST(priority_change_keeps_the_original_wait) {
  line_of_four(h);
  assert_int_equal(position(h, "c4"), 1);
  assert_int_equal(position(h, "c3"), 4);
  CALL(h, acdr_contact_set_priority(h->e, "c3", 5, S(10)));
  assert_int_equal(position(h, "c3"), 1);
  assert_int_equal(position(h, "c4"), 2);
  assert_int_equal(position(h, "c1"), 3);
  CALL(h, acdr_contact_set_priority(h->e, "c1", -1, S(11)));
  assert_int_equal(position(h, "c1"), 4);
  assert_int_equal(position(h, "c2"), 3);
  CALL(h, acdr_contact_set_priority(h->e, "c1", 0, S(12)));
  assert_int_equal(position(h, "c1"), 3);
  assert_int_equal(position(h, "c2"), 4);
  h_expect(h, "");
  /* who gets the agent: the raised contact first */
  h_login(h, "a1", S(20));
  h_expect(h, "OFFER c3 a1\n");
}

/* A ringing contact keeps ringing; the new priority counts when it comes
 * back to the line. */
H_TEST(priority_of_a_ringing_contact_counts_when_it_returns) {
  line_of_four(h);
  h_login(h, "a1", S(5));
  h_expect(h, "OFFER c4 a1\n");
  CALL(h, acdr_contact_set_priority(h->e, "c4", -3, S(6)));
  h_expect(h, "");
  CALL(h, acdr_contact_reject(h->e, "c4", "a1", ACDR_REJECT_DECLINED, S(7)));
  (void)h_take(h);
  assert_int_equal(position(h, "c4"), 4);
}

/* Past capacity only with nothing ringing at the agent: the engine never
 * rings an agent that is over its capacity.  A ringing contact assigned
 * to the agent it rings at uses the offer's slot. */
H_TEST(assignment_past_capacity_waits_for_ringing_offers) {
  acdr_queue_def q;
  h_qdef(&q, "chat", "linear");
  q.channel = ACDR_CHANNEL_CHAT;
  q.ring_timeout_ms = 0;
  h_qadd(h, &q);
  h_agent_caps(h, "a1", 0, 2, 0);
  h_members(h, "chat", "a1:0:0");
  h_logins(h, "a1:0");
  h_arrive(h, "c1", "chat", S(1));
  h_accept(h, "c1", "a1", S(1));
  h_arrive(h, "c2", "chat", S(2)); /* rings at a1: 2 of 2 */
  h_arrive(h, "c3", "chat", S(3)); /* waits */
  (void)h_take(h);
  assert_int_equal(acdr_contact_assign(h->e, "c3", "a1",
                                       ACDR_ASSIGN_OVER_CAPACITY, S(4)),
                   ACDR_ERR_INVALID_STATE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "offer ringing"));
  h_expect(h, "");
  /* c2, ringing at a1, assigned to a1: no capacity needed beyond its own */
  CALL(h, acdr_contact_assign(h->e, "c2", "a1", 0, S(5)));
  h_expect(h, "CANCEL c2 a1 withdrawn\nCONNECTED c2 a1\n");
  CALL(h, acdr_contact_assign(h->e, "c3", "a1", ACDR_ASSIGN_OVER_CAPACITY,
                              S(6)));
  h_expect(h, "CONNECTED c3 a1\n");
}

static void opt_record(harness *h) {
  acdr_options o;
  acdr_options_default(&o);
  o.record_events = 1;
  h_init(h, &o);
}

/* The change is an event line; replayed into a fresh engine it gives the
 * same order; a snapshot taken after it restores the same order. */
H_TEST_WITH(priority_change_replays_and_restores, opt_record) {
  char *log = NULL, *doc = NULL;
  size_t len = 0;
  harness r, s;
  line_of_four(h);
  CALL(h, acdr_contact_set_priority(h->e, "c2", 9, S(10)));
  assert_int_equal(acdr_engine_event_log_take(h->e, &log, &len), 0);
  assert_non_null(strstr(log, "\"ev\": \"set_priority\", \"contact\": "
                              "\"c2\", \"priority\": 9}"));
  h_start(&r);
  {
    const char *p = log, *nl;
    while ((nl = strchr(p, '\n')) != NULL) {
      CALL(&r, acdr_engine_apply_event_json(r.e, p, (size_t)(nl - p)));
      p = nl + 1;
    }
  }
  acdr_free(h->e, log);
  assert_int_equal(position(&r, "c2"), 1);
  assert_int_equal(position(&r, "c4"), 2);
  assert_int_equal(acdr_engine_snapshot(h->e, &doc, &len), 0);
  h_start(&s);
  CALL(&s, acdr_engine_restore(s.e, doc, len));
  acdr_free(h->e, doc);
  (void)h_take(&r);
  h_login(h, "a1", S(20));
  h_login(&r, "a1", S(20));
  h_login(&s, "a1", S(20));
  h_expect(h, "OFFER c2 a1\n");
  h_expect(&r, "OFFER c2 a1\n");
  h_expect(&s, "OFFER c2 a1\n");
  h_free(&r);
  h_free(&s);
}

/* ---- first replies ---- */

/* Chat queue "chat" (linear: a1 first, then a2), both agents logged in at
 * 0 with 2 chat slots; first-reply deadline 30 s with `mode`, target
 * 20 s.  c1 arrives at 1 s and is offered to a1, who accepts at 2 s. */
static void chat_center(harness *h, int mode) {
  acdr_queue_def q;
  h_qdef(&q, "chat", "linear");
  q.channel = ACDR_CHANNEL_CHAT;
  q.ring_timeout_ms = 0;
  q.reply_deadline_ms = 30000;
  q.reply_overdue = mode;
  q.reply_target_ms = 20000;
  h_qadd(h, &q);
  h_agent_caps(h, "a1", 0, 2, 0);
  h_agent_caps(h, "a2", 0, 2, 0);
  h_members(h, "chat", "a1:0:0 a2:0:1");
  h_logins(h, "a1:0 a2:0");
  (void)h_take(h);
  h_arrive(h, "c1", "chat", S(1));
  h_expect(h, "OFFER c1 a1\n");
  h_accept(h, "c1", "a1", S(2));
  (void)h_take(h);
}

static acdr_metrics qmetrics(harness *h, const char *kind, const char *id,
                             acdr_tstamp now) {
  acdr_metrics m;
  if (!strcmp(kind, "queue"))
    CALL(h, acdr_metrics_get_queue(h->e, id, 0, ACDR_TSTAMP_MAX, now, &m));
  else if (!strcmp(kind, "agent"))
    CALL(h, acdr_metrics_get_agent(h->e, id, 0, ACDR_TSTAMP_MAX, now, &m));
  else
    CALL(h, acdr_metrics_get_engine(h->e, 0, ACDR_TSTAMP_MAX, now, &m));
  return m;
}

/* A reply in time: the deadline never fires; counted in target, its
 * first-response time measured from the contact's arrival (1 s). */
H_TEST(reply_in_time_disarms_the_deadline) {
  acdr_metrics m;
  chat_center(h, ACDR_REPLY_OVERDUE_ALERT);
  assert_int_equal(acdr_engine_get_expiry(h->e), S(32));
  CALL(h, acdr_contact_first_reply(h->e, "c1", "a1", S(10)));
  assert_int_equal(acdr_engine_get_expiry(h->e), ACDR_TSTAMP_MAX);
  h_advance(h, S(60));
  h_expect(h, "");
  m = qmetrics(h, "queue", "chat", S(60));
  assert_int_equal(m.replied, 1);
  assert_int_equal(m.replied_in_target, 1);
  assert_int_equal(m.first_reply_ns, S(9));
  assert_true(m.frt_ms == 9000.0);
  assert_true(m.frt_in_target == 1.0);
  assert_int_equal(m.reply_overdue, 0);
  m = qmetrics(h, "agent", "a1", S(60));
  assert_int_equal(m.replied, 1);
  m = qmetrics(h, "agent", "a2", S(60));
  assert_int_equal(m.replied, 0);
  assert_true(m.frt_ms == -1.0);
}

/* Alert: at 32 s the host is told (30 s after the assignment); the agent
 * keeps the conversation; the late reply at 40 s counts 39 s, out of the
 * 20 s target. */
H_TEST(overdue_reply_alerts_and_the_agent_keeps_it) {
  acdr_contact_info ci;
  acdr_metrics m;
  chat_center(h, ACDR_REPLY_OVERDUE_ALERT);
  h_advance(h, S(31));
  h_expect(h, "");
  h_advance(h, S(32));
  h_expect(h, "OVERDUE c1 a1 alert 30000\n");
  assert_int_equal(acdr_contact_get_info(h->e, "c1", &ci), 0);
  assert_string_equal(ci.agent_id, "a1");
  CALL(h, acdr_contact_first_reply(h->e, "c1", "a1", S(40)));
  m = qmetrics(h, "queue", "chat", S(40));
  assert_int_equal(m.reply_overdue, 1);
  assert_int_equal(m.replied, 1);
  assert_int_equal(m.replied_in_target, 0);
  assert_true(m.frt_ms == 39000.0);
  assert_true(m.frt_in_target == 0.0);
  m = qmetrics(h, "agent", "a1", S(40));
  assert_int_equal(m.reply_overdue, 1);
  m = qmetrics(h, "engine", NULL, S(40));
  assert_int_equal(m.replied, 1);
  assert_int_equal(m.reply_overdue, 1);
}

/* Reassign: at 32 s the conversation is taken from a1 and offered to a2
 * (a1 is free but steered away); a2's reply at 35 s is the contact's
 * first reply: 34 s after its arrival, counted for a2, not for a1. */
H_TEST(overdue_reply_reassigns_to_another_agent) {
  acdr_contact_info ci;
  acdr_metrics m;
  char *json = NULL;
  chat_center(h, ACDR_REPLY_OVERDUE_REASSIGN);
  h_advance(h, S(32));
  h_expect(h, "OVERDUE c1 a1 reassign 30000\nOFFER c1 a2\n");
  assert_int_equal(acdr_contact_get_info(h->e, "c1", &ci), 0);
  assert_int_equal(ci.state, ACDR_CONTACT_OFFERED);
  assert_null(ci.agent_id);
  /* a1 no longer has it: its reply is refused */
  assert_int_equal(acdr_contact_first_reply(h->e, "c1", "a1", S(33)),
                   ACDR_ERR_INVALID_STATE);
  h_accept(h, "c1", "a2", S(33));
  (void)h_take(h);
  /* a new deadline for a2 */
  assert_int_equal(acdr_engine_get_expiry(h->e), S(63));
  CALL(h, acdr_contact_first_reply(h->e, "c1", "a2", S(35)));
  m = qmetrics(h, "agent", "a2", S(35));
  assert_int_equal(m.replied, 1);
  assert_int_equal(m.first_reply_ns, S(34));
  assert_int_equal(m.reply_overdue, 0);
  m = qmetrics(h, "agent", "a1", S(35));
  assert_int_equal(m.replied, 0);
  assert_int_equal(m.reply_overdue, 1);
  assert_int_equal(m.handled, 1); /* its 30 s leg */
  m = qmetrics(h, "queue", "chat", S(35));
  assert_int_equal(m.replied, 1);
  assert_int_equal(m.reply_overdue, 1);
  /* the JSON report carries the counters and the derived figures */
  CALL(h, acdr_metrics_to_json(h->e, S(35), &json, NULL));
  assert_non_null(strstr(json, "\"replied\":1"));
  assert_non_null(strstr(json, "\"reply_overdue\":1"));
  assert_non_null(strstr(json, "\"frt_ms\":34000"));
  acdr_free(h->e, json);
}

/* The second reply, a reply by the wrong agent, a reply for a contact in
 * wrap-up: each its own error and message, nothing changed. */
H_TEST(reply_refusals) {
  chat_center(h, ACDR_REPLY_OVERDUE_ALERT);
  assert_int_equal(acdr_contact_first_reply(h->e, "c1", "a2", S(3)),
                   ACDR_ERR_NOT_OFFERED);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "assigned to agent"));
  CALL(h, acdr_contact_first_reply(h->e, "c1", "a1", S(4)));
  assert_int_equal(acdr_contact_first_reply(h->e, "c1", "a1", S(5)),
                   ACDR_ERR_INVALID_STATE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "already"));
  h_hangup(h, "c1", S(6));
  assert_int_equal(acdr_contact_first_reply(h->e, "c1", "a1", S(7)),
                   ACDR_ERR_CONTACT_NOT_FOUND);
}

/* A snapshot taken while the deadline runs restores it: both engines
 * reassign at 32 s to a2; the event log replays the reply. */
H_TEST_WITH(reply_deadline_restores_and_replays, opt_record) {
  char *doc = NULL, *log = NULL;
  size_t len = 0;
  harness s, r;
  chat_center(h, ACDR_REPLY_OVERDUE_REASSIGN);
  CALL(h, acdr_engine_snapshot(h->e, &doc, &len));
  h_start(&s);
  CALL(&s, acdr_engine_restore(s.e, doc, len));
  acdr_free(h->e, doc);
  assert_int_equal(acdr_engine_get_expiry(s.e), S(32));
  h_advance(h, S(32));
  h_advance(&s, S(32));
  h_expect(h, "OVERDUE c1 a1 reassign 30000\nOFFER c1 a2\n");
  h_expect(&s, "OVERDUE c1 a1 reassign 30000\nOFFER c1 a2\n");
  h_free(&s);
  h_accept(h, "c1", "a2", S(33));
  CALL(h, acdr_contact_first_reply(h->e, "c1", "a2", S(34)));
  CALL(h, acdr_engine_event_log_take(h->e, &log, &len));
  assert_non_null(strstr(log, "\"ev\": \"first_reply\", \"contact\": "
                              "\"c1\", \"agent\": \"a2\"}"));
  h_start(&r);
  {
    const char *p = log, *nl;
    while ((nl = strchr(p, '\n')) != NULL) {
      CALL(&r, acdr_engine_apply_event_json(r.e, p, (size_t)(nl - p)));
      p = nl + 1;
    }
  }
  acdr_free(h->e, log);
  {
    acdr_metrics m;
    CALL(&r, acdr_metrics_get_agent(r.e, "a2", 0, ACDR_TSTAMP_MAX, S(34), &m));
    assert_int_equal(m.replied, 1);
    CALL(&r, acdr_metrics_get_agent(r.e, "a1", 0, ACDR_TSTAMP_MAX, S(34), &m));
    assert_int_equal(m.reply_overdue, 1);
  }
  h_free(&r);
}

/* The settings round-trip through the configuration; bad values are
 * refused with their own messages. */
H_TEST(reply_settings_in_the_configuration) {
  static const char doc[] =
      "{\"queues\": [{\"id\": \"chat\", \"channel\": \"chat\", "
      "\"reply_deadline_ms\": 45000, \"reply_overdue\": \"reassign\", "
      "\"reply_target_ms\": 15000}]}";
  static const char bad[] =
      "{\"queues\": [{\"id\": \"chat\", \"reply_overdue\": \"later\"}]}";
  char *out = NULL;
  acdr_queue_def q;
  CALL(h, acdr_config_apply(h->e, doc, sizeof doc - 1, ACDR_RELOAD_REFUSE,
                            S(1)));
  CALL(h, acdr_config_export(h->e, &out, NULL));
  assert_non_null(strstr(out, "\"reply_deadline_ms\": 45000"));
  assert_non_null(strstr(out, "\"reply_target_ms\": 15000"));
  assert_non_null(strstr(out, "\"reply_overdue\": \"reassign\""));
  acdr_free(h->e, out);
  assert_int_equal(acdr_config_apply(h->e, bad, sizeof bad - 1,
                                     ACDR_RELOAD_REFUSE, S(2)),
                   ACDR_ERR_CONFIG);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "reply_overdue"));
  h_qdef(&q, "q2", NULL);
  q.reply_overdue = 7;
  assert_int_equal(acdr_queue_add(h->e, &q), ACDR_ERR_RANGE);
  q.reply_overdue = ACDR_REPLY_OVERDUE_ALERT;
  q.reply_deadline_ms = -1;
  assert_int_equal(acdr_queue_add(h->e, &q), ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "reply_deadline_ms"));
}

/* Announcements a chat customer gets: AGENT_ASSIGNED carries the reply
 * deadline (the reply the customer can expect within); OVER_CAPACITY
 * (both agents' two slots taken) carries the position and the estimated
 * wait, as POSITION does. */
static int on_announce(harness *h, const acdr_action *a) {
  char *line = h->hook_data;
  size_t n = strlen(line);
  if (a->type == ACDR_ACTION_ANNOUNCE)
    snprintf(line + n, 256 - n, "%s:%d:%lld:%lld ", a->contact_id,
             (int)a->reason, (long long)a->position, (long long)a->value_ms);
  return 0;
}

H_TEST(chat_announcements_carry_reply_time_and_position) {
  char line[256] = "";
  h->hook = on_announce;
  h->hook_data = line;
  chat_center(h, ACDR_REPLY_OVERDUE_ALERT);
  /* a1 was assigned c1: told to expect a reply within 30 s */
  assert_string_equal(line, "c1:2:0:30000 ");
  line[0] = '\0';
  CALL(h, acdr_contact_first_reply(h->e, "c1", "a1", S(3)));
  h_serve(h, "c2", "chat", "a1", S(4), S(6));
  h_serve(h, "c3", "chat", "a1", S(10), S(6));
  h_arrive(h, "c4", "chat", S(20));
  h_accept(h, "c4", "a1", S(20));
  h_arrive(h, "c5", "chat", S(20));
  h_accept(h, "c5", "a2", S(20));
  h_arrive(h, "c6", "chat", S(20));
  h_accept(h, "c6", "a2", S(20));
  line[0] = '\0';
  /* a1 has c1 and c4, a2 has c5 and c6: c7 and c8 wait, over capacity */
  h_arrive(h, "c7", "chat", S(21));
  h_arrive(h, "c8", "chat", S(22));
  assert_non_null(strstr(line, "c7:3:1:"));
  assert_non_null(strstr(line, "c8:3:2:"));
  /* handle times are known (6 s, ...): the estimated wait is too */
  assert_null(strstr(line, ":-1 "));
}

/* ---- the queue's join message (ACDR_ANNOUNCE_MESSAGE) ---- */

static int on_message(harness *h, const acdr_action *a) {
  char *line = h->hook_data;
  size_t n = strlen(line);
  if (a->type == ACDR_ACTION_ANNOUNCE && a->reason == ACDR_ANNOUNCE_MESSAGE)
    snprintf(line + n, 256 - n, "%s@%s:%s ", a->contact_id, a->queue_id,
             a->text);
  return 0;
}

/* "front" overflows after 10 s of waiting to "back"; both have a join
 * message, nobody is logged in.  c1 arriving at front hears front's;
 * overflowing to back it hears nothing more; c2 transferred to back
 * hears back's. */
H_TEST(join_message_on_arrival_and_transfer_not_on_overflow) {
  char line[256] = "";
  char *out = NULL;
  acdr_queue_def q;
  h->hook = on_message;
  h->hook_data = line;
  h_qdef(&q, "back", NULL);
  q.join_message = "All agents are busy";
  h_qadd(h, &q);
  h_qdef(&q, "front", NULL);
  q.join_message = "Welcome";
  q.max_wait_ms = 10000;
  q.overflow_kind = ACDR_OVERFLOW_QUEUE;
  q.overflow_target = "back";
  h_qadd(h, &q);
  h_agent(h, "a1");
  h_members(h, "back", "a1:0:0");
  h_members(h, "front", "a1:0:0");
  h_arrive(h, "c1", "front", S(1));
  assert_string_equal(line, "c1@front:Welcome ");
  h_advance(h, S(12));
  h_expect(h, "OVERFLOW c1 1 back\nREQUEUED c1 back\n");
  assert_string_equal(line, "c1@front:Welcome ");
  h_arrive(h, "c2", "front", S(13));
  CALL(h, acdr_contact_transfer(h->e, "c2", "back", NULL, S(14)));
  assert_string_equal(line, "c1@front:Welcome c2@front:Welcome "
                            "c2@back:All agents are busy ");
  CALL(h, acdr_config_export(h->e, &out, NULL));
  assert_non_null(strstr(out, "\"join_message\": \"Welcome\""));
  acdr_free(h->e, out);
  /* not UTF-8: refused, queue unchanged */
  q.join_message = "\xff";
  q.id = "third";
  assert_int_equal(acdr_queue_add(h->e, &q), ACDR_ERR_INVALID_ARGUMENT);
}

/* ---- manual assignment and the unassigned inbox ---- */

/* Chat queue "inbox" with inbox = 1; a1 (1 chat slot) and a2 (2), both
 * logged in at 0.  c1 (1 s) and c2 (2 s) arrive: nobody is offered
 * anything. */
static void inbox_center(harness *h) {
  acdr_queue_def q;
  h_qdef(&q, "inbox", NULL);
  q.channel = ACDR_CHANNEL_CHAT;
  q.inbox = 1;
  h_qadd(h, &q);
  h_agent_caps(h, "a1", 0, 1, 0);
  h_agent_caps(h, "a2", 0, 2, 0);
  h_members(h, "inbox", "a1:0:0 a2:0:1");
  h_logins(h, "a1:0 a2:0");
  (void)h_take(h);
  h_arrive(h, "c1", "inbox", S(1));
  h_arrive(h, "c2", "inbox", S(2));
}

/* Contacts wait in the inbox until picked; a supervisor's assignment goes
 * past capacity only with the flag; the engine then offers that agent
 * nothing until its load is below capacity again. */
H_TEST(inbox_waits_for_assignment_and_supervisor_goes_past_capacity) {
  acdr_agent_info ai;
  acdr_metrics m;
  inbox_center(h);
  h_expect(h, "");
  h_advance(h, S(60));
  h_expect(h, "");
  assert_int_equal(position(h, "c1"), 1);
  /* a1 picks the second one */
  CALL(h, acdr_contact_assign(h->e, "c2", "a1", 0, S(61)));
  h_expect(h, "CONNECTED c2 a1\n");
  /* a1's only chat slot is taken: refused without the flag */
  assert_int_equal(acdr_contact_assign(h->e, "c1", "a1", 0, S(62)),
                   ACDR_ERR_LIMIT);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "at capacity (1 of 1"));
  h_expect(h, "");
  CALL(h, acdr_contact_assign(h->e, "c1", "a1", ACDR_ASSIGN_OVER_CAPACITY,
                              S(63)));
  h_expect(h, "CONNECTED c1 a1\n");
  CALL(h, acdr_agent_get_info(h->e, "a1", &ai));
  assert_int_equal(ai.load[ACDR_CHANNEL_CHAT], 2);
  /* counted as answered after the time they waited in the inbox */
  m = qmetrics(h, "queue", "inbox", S(63));
  assert_int_equal(m.answered, 2);
  assert_int_equal(m.wait_answered_ns, S(59) + S(62));
  /* the inbox turned off: c3 goes to a2; a1, past capacity, gets nothing */
  {
    acdr_queue_def q;
    h_qdef(&q, "inbox", NULL);
    q.channel = ACDR_CHANNEL_CHAT;
    CALL(h, acdr_queue_update(h->e, &q, S(64)));
  }
  h_arrive(h, "c3", "inbox", S(65));
  h_expect(h, "OFFER c3 a2\n");
  h_hangup(h, "c2", S(66)); /* a1: 1 of 1, still full */
  (void)h_take(h);
  h_arrive(h, "c4", "inbox", S(67));
  h_expect(h, "OFFER c4 a2\n");
}

/* Assignments are event lines (the flag included) and an agent past
 * capacity survives a snapshot: the restored engine continues the same. */
H_TEST_WITH(assignment_replays_and_restores, opt_record) {
  char *log = NULL, *doc = NULL;
  size_t len = 0;
  harness r, s;
  inbox_center(h);
  CALL(h, acdr_contact_assign(h->e, "c2", "a1", 0, S(3)));
  CALL(h, acdr_contact_assign(h->e, "c1", "a1", ACDR_ASSIGN_OVER_CAPACITY,
                              S(4)));
  CALL(h, acdr_engine_event_log_take(h->e, &log, &len));
  assert_non_null(strstr(log, "\"ev\": \"assign\", \"contact\": \"c2\", "
                              "\"agent\": \"a1\"}"));
  assert_non_null(strstr(log, "\"ev\": \"assign\", \"contact\": \"c1\", "
                              "\"agent\": \"a1\", \"over_capacity\": true}"));
  h_start(&r);
  {
    const char *p = log, *nl;
    while ((nl = strchr(p, '\n')) != NULL) {
      CALL(&r, acdr_engine_apply_event_json(r.e, p, (size_t)(nl - p)));
      p = nl + 1;
    }
  }
  acdr_free(h->e, log);
  CALL(h, acdr_engine_snapshot(h->e, &doc, &len));
  h_start(&s);
  CALL(&s, acdr_engine_restore(s.e, doc, len));
  acdr_free(h->e, doc);
  (void)h_take(h);
  (void)h_take(&r);
  {
    harness *all[3];
    int i;
    all[0] = h;
    all[1] = &r;
    all[2] = &s;
    for (i = 0; i < 3; i++) {
      acdr_agent_info ai;
      CALL(all[i], acdr_agent_get_info(all[i]->e, "a1", &ai));
      assert_int_equal(ai.load[ACDR_CHANNEL_CHAT], 2);
      h_hangup(all[i], "c1", S(5));
      h_arrive(all[i], "c3", "inbox", S(6));
      CALL(all[i], acdr_contact_assign(all[i]->e, "c3", "a2", 0, S(7)));
      (void)h_take(all[i]);
    }
  }
  h_free(&r);
  h_free(&s);
}

/* ---- skills on a manual assignment, picking the next contact ---- */

static void skilled_agent(harness *h, const char *id, const char *skill,
                          int32_t level) {
  acdr_agent_def d;
  acdr_skill k;
  acdr_agent_def_default(&d);
  d.id = id;
  d.capacity[ACDR_CHANNEL_VOICE] = 0;
  d.capacity[ACDR_CHANNEL_CHAT] = 2;
  d.capacity[ACDR_CHANNEL_EMAIL] = 0;
  k.name = skill;
  k.level = level;
  if (skill) {
    d.skills = &k;
    d.nskills = 1;
  }
  CALL(h, acdr_agent_add(h->e, &d));
}

static void arrive_needing(harness *h, const char *c, const char *skill,
                           int32_t level, int32_t priority, acdr_tstamp now) {
  acdr_contact_def d;
  acdr_skill k;
  acdr_contact_def_default(&d);
  d.id = c;
  d.queue = "inbox";
  d.priority = priority;
  k.name = skill;
  k.level = level;
  if (skill) {
    d.skills = &k;
    d.nskills = 1;
  }
  CALL(h, acdr_contact_arrive(h->e, &d, now));
}

/* Inbox chat queue; a1 speaks german at 40, a2 at 80, a3 none. */
static void skilled_inbox(harness *h) {
  acdr_queue_def q;
  h_qdef(&q, "inbox", NULL);
  q.channel = ACDR_CHANNEL_CHAT;
  q.inbox = 1;
  h_qadd(h, &q);
  skilled_agent(h, "a1", "german", 40);
  skilled_agent(h, "a2", "german", 80);
  skilled_agent(h, "a3", NULL, 0);
  h_members(h, "inbox", "a1:0:0 a2:0:1 a3:0:2");
  h_logins(h, "a1:0 a2:0 a3:0");
  (void)h_take(h);
}

/* A supervisor cannot hand a contact that needs german 60 to an agent
 * without german or with german 40, unless he says so; nothing changes
 * on a refusal. */
H_TEST(assignment_checks_skills) {
  acdr_agent_info ai;
  skilled_inbox(h);
  arrive_needing(h, "c1", "german", 60, 0, S(1));
  (void)h_take(h);
  assert_int_equal(acdr_contact_assign(h->e, "c1", "a3", 0, S(2)),
                   ACDR_ERR_SKILLS);
  assert_non_null(strstr(acdr_engine_last_error(h->e),
                         "agent \"a3\" lacks skill \"german\" that contact "
                         "\"c1\" requires (level 60)"));
  assert_int_equal(acdr_contact_assign(h->e, "c1", "a1", 0, S(3)),
                   ACDR_ERR_SKILLS);
  assert_non_null(strstr(acdr_engine_last_error(h->e),
                         "skill \"german\" at level 40, contact \"c1\" "
                         "requires 60"));
  h_expect(h, "");
  assert_int_equal(position(h, "c1"), 1);
  CALL(h, acdr_agent_get_info(h->e, "a1", &ai));
  assert_int_equal(ai.load[ACDR_CHANNEL_CHAT], 0);
  /* unknown flag bits are still refused */
  assert_int_equal(acdr_contact_assign(h->e, "c1", "a1", 4u, S(3)),
                   ACDR_ERR_INVALID_ARGUMENT);
  /* the supervisor's say-so */
  CALL(h, acdr_contact_assign(h->e, "c1", "a1", ACDR_ASSIGN_IGNORE_SKILLS,
                              S(4)));
  h_expect(h, "CONNECTED c1 a1\n");
  /* an agent with the skill at the level needs no flag */
  arrive_needing(h, "c2", "german", 60, 0, S(5));
  (void)h_take(h);
  CALL(h, acdr_contact_assign(h->e, "c2", "a2", 0, S(6)));
  h_expect(h, "CONNECTED c2 a2\n");
}

/* An agent of an inbox queue takes position 1: by priority, then by
 * wait; skipping a contact whose skills he lacks; then the queue is
 * empty. */
H_TEST(pick_next_takes_position_one) {
  const char *got = "x";
  acdr_metrics m;
  skilled_inbox(h);
  arrive_needing(h, "c1", NULL, 0, 0, S(1));
  arrive_needing(h, "c2", NULL, 0, 0, S(2));
  arrive_needing(h, "c3", NULL, 0, 5, S(3)); /* raised: position 1 */
  arrive_needing(h, "c4", "german", 60, 9, S(4));
  (void)h_take(h);
  /* a3 (no german) skips c4, at position 1, and takes c3 */
  CALL(h, acdr_queue_pick_next(h->e, "inbox", "a3", 0, S(10), &got));
  assert_string_equal(got, "c3");
  h_expect(h, "CONNECTED c3 a3\n");
  /* a2 takes c4 */
  CALL(h, acdr_queue_pick_next(h->e, "inbox", "a2", 0, S(11), &got));
  assert_string_equal(got, "c4");
  h_expect(h, "CONNECTED c4 a2\n");
  CALL(h, acdr_queue_pick_next(h->e, "inbox", "a3", 0, S(12), NULL));
  h_expect(h, "CONNECTED c1 a3\n");
  /* a3 is full (2 of 2): the assignment's own refusal, nothing taken */
  assert_int_equal(acdr_queue_pick_next(h->e, "inbox", "a3", 0, S(13), &got),
                   ACDR_ERR_LIMIT);
  assert_null(got);
  assert_int_equal(position(h, "c2"), 1);
  CALL(h, acdr_queue_pick_next(h->e, "inbox", "a1", 0, S(14), &got));
  assert_string_equal(got, "c2");
  h_expect(h, "CONNECTED c2 a1\n");
  /* waits counted as for any answer: 7 + 7 + 11 + 12 s */
  m = qmetrics(h, "queue", "inbox", S(14));
  assert_int_equal(m.answered, 4);
  assert_int_equal(m.wait_answered_ns, S(7) + S(7) + S(11) + S(12));
  /* empty now */
  assert_int_equal(acdr_queue_pick_next(h->e, "inbox", "a1", 0, S(15), &got),
                   ACDR_ERR_NOT_FOUND);
  assert_non_null(strstr(acdr_engine_last_error(h->e),
                         "queue \"inbox\" has no waiting contact"));
  assert_null(got);
}

H_TEST(pick_next_refusals) {
  acdr_queue_def q;
  acdr_queue_info qi;
  skilled_inbox(h);
  h_qdef(&q, "plain", NULL);
  q.channel = ACDR_CHANNEL_CHAT;
  h_qadd(h, &q);
  h_members(h, "plain", "a1:0:0");
  arrive_needing(h, "c1", "german", 90, 0, S(1));
  (void)h_take(h);
  assert_int_equal(acdr_queue_pick_next(h->e, "plain", "a1", 0, S(2), NULL),
                   ACDR_ERR_INVALID_STATE);
  assert_non_null(strstr(acdr_engine_last_error(h->e),
                         "queue \"plain\" is not an inbox queue"));
  assert_int_equal(acdr_queue_pick_next(h->e, "nope", "a1", 0, S(2), NULL),
                   ACDR_ERR_QUEUE_NOT_FOUND);
  assert_int_equal(acdr_queue_pick_next(h->e, "inbox", "zz", 0, S(2), NULL),
                   ACDR_ERR_AGENT_NOT_FOUND);
  assert_int_equal(acdr_queue_pick_next(NULL, "inbox", "a1", 0, S(2), NULL),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_queue_pick_next(h->e, NULL, "a1", 0, S(2), NULL),
                   ACDR_ERR_INVALID_ARGUMENT);
  /* nobody has german 90: every waiting contact needs it */
  assert_int_equal(acdr_queue_pick_next(h->e, "inbox", "a2", 0, S(2), NULL),
                   ACDR_ERR_SKILLS);
  assert_non_null(strstr(acdr_engine_last_error(h->e),
                         "agent \"a2\" lacks a skill every contact waiting "
                         "in queue \"inbox\" requires"));
  /* a time in the past: the assignment's refusal */
  assert_int_equal(acdr_queue_pick_next(h->e, "inbox", "a2",
                                        ACDR_ASSIGN_IGNORE_SKILLS, S(0), NULL),
                   ACDR_ERR_TIME_BACKWARDS);
  h_expect(h, "");
  CALL(h, acdr_queue_get_info(h->e, "inbox", S(2), &qi));
  assert_int_equal(qi.waiting, 1);
  CALL(h, acdr_queue_pick_next(h->e, "inbox", "a2", ACDR_ASSIGN_IGNORE_SKILLS,
                               S(3), NULL));
  h_expect(h, "CONNECTED c1 a2\n");
}

/* Both are event lines (assign, with "ignore_skills": true when the flag
 * was given): a replica replays the same contacts to the same agents. */
H_TEST_WITH(pick_and_skill_override_replay, opt_record) {
  char *log = NULL;
  size_t len = 0;
  harness r;
  acdr_agent_info ai;
  skilled_inbox(h);
  arrive_needing(h, "c1", "german", 90, 0, S(1));
  arrive_needing(h, "c2", NULL, 0, 0, S(2));
  CALL(h, acdr_queue_pick_next(h->e, "inbox", "a1", 0, S(3), NULL));
  CALL(h, acdr_contact_assign(h->e, "c1", "a3", ACDR_ASSIGN_IGNORE_SKILLS,
                              S(4)));
  CALL(h, acdr_engine_event_log_take(h->e, &log, &len));
  assert_non_null(strstr(log, "\"ev\": \"assign\", \"contact\": \"c2\", "
                              "\"agent\": \"a1\"}"));
  assert_non_null(strstr(log, "\"ev\": \"assign\", \"contact\": \"c1\", "
                              "\"agent\": \"a3\", \"ignore_skills\": true}"));
  h_start(&r);
  {
    const char *p = log, *nl;
    while ((nl = strchr(p, '\n')) != NULL) {
      CALL(&r, acdr_engine_apply_event_json(r.e, p, (size_t)(nl - p)));
      p = nl + 1;
    }
  }
  acdr_free(h->e, log);
  CALL(&r, acdr_agent_get_info(r.e, "a3", &ai));
  assert_int_equal(ai.load[ACDR_CHANNEL_CHAT], 1);
  CALL(&r, acdr_agent_get_info(r.e, "a1", &ai));
  assert_int_equal(ai.load[ACDR_CHANNEL_CHAT], 1);
  /* a line that says false is checked again */
  {
    const char *arr = "{\"t_ms\": 5000, \"ev\": \"arrive\", \"contact\": "
                      "\"c9\", \"queue\": \"inbox\", \"skills\": "
                      "{\"german\": 90}}";
    const char *asg = "{\"t_ms\": 6000, \"ev\": \"assign\", \"contact\": "
                      "\"c9\", \"agent\": \"a1\", \"ignore_skills\": false}";
    CALL(&r, acdr_engine_apply_event_json(r.e, arr, strlen(arr)));
    assert_int_equal(acdr_engine_apply_event_json(r.e, asg, strlen(asg)),
                     ACDR_ERR_SKILLS);
  }
  h_free(&r);
}

/* A caller built against V1 of acdr_queue_def / acdr_metrics passes the
 * smaller structs: the V2 fields take their defaults (no deadline, target
 * 60 s) and nothing is written past the V1 end (ASan: heap blocks of the
 * V1 size). */
H_TEST(v1_structs_get_the_defaults) {
  size_t qlen = offsetof(acdr_queue_def, utc_offset_s) + sizeof(int64_t);
  size_t mlen = offsetof(acdr_metrics, dropped) + sizeof(uint64_t);
  acdr_queue_def full;
  acdr_metrics got;
  /* the V1 caller's blocks, written and read only through memcpy */
  unsigned char *q = malloc(qlen), *m = malloc(mlen);
  char *out = NULL;
  assert_non_null(q);
  assert_non_null(m);
  acdr_queue_def_default_versioned(ACDR_QUEUE_DEF_V1, &full);
  full.id = "old";
  memcpy(q, &full, qlen);
  CALL(h, acdr_queue_add_versioned(h->e, ACDR_QUEUE_DEF_V1,
                                   (acdr_queue_def *)(void *)q));
  CALL(h, acdr_config_export(h->e, &out, NULL));
  assert_non_null(strstr(out, "\"reply_deadline_ms\": 0"));
  assert_non_null(strstr(out, "\"reply_target_ms\": 60000"));
  assert_non_null(strstr(out, "\"reply_overdue\": \"alert\""));
  assert_non_null(strstr(out, "\"inbox\": false"));
  assert_null(strstr(out, "join_message"));
  acdr_free(h->e, out);
  CALL(h, acdr_metrics_get_queue_versioned(h->e, "old", 0, ACDR_TSTAMP_MAX, 0,
                                           ACDR_METRICS_V1,
                                           (acdr_metrics *)(void *)m));
  memset(&got, 0, sizeof(got));
  memcpy(&got, m, mlen);
  assert_int_equal(got.offered, 0);
  assert_int_equal(got.sl_threshold_ms, 20000);
  free(q);
  free(m);
}

H_MAIN(T(join_message_on_arrival_and_transfer_not_on_overflow),
       T(inbox_waits_for_assignment_and_supervisor_goes_past_capacity),
       T(assignment_past_capacity_waits_for_ringing_offers),
       T(assignment_replays_and_restores), T(assignment_checks_skills),
       T(pick_next_takes_position_one), T(pick_next_refusals),
       T(pick_and_skill_override_replay),
       T(chat_announcements_carry_reply_time_and_position),
       T(v1_structs_get_the_defaults), T(reply_in_time_disarms_the_deadline),
       T(overdue_reply_alerts_and_the_agent_keeps_it),
       T(overdue_reply_reassigns_to_another_agent), T(reply_refusals),
       T(reply_deadline_restores_and_replays),
       T(reply_settings_in_the_configuration),
       T(priority_change_keeps_the_original_wait),
       T(priority_of_a_ringing_contact_counts_when_it_returns),
       T(priority_change_replays_and_restores))
