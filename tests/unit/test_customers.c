/* SPDX-License-Identifier: MIT */
/* Customer memory (customer.h): a returning customer gets the agent who
 * handled him last, a customer with an owner (personal manager) gets the
 * owner, each known agent costs a hold only when he can take the contact
 * within it; per-customer history; bounds; bad input; snapshot, event log
 * and configuration.
 *
 * Peers: Asterisk app_queue.c has no customer memory (a dialplan looks
 * the last agent up in AstDB and calls Queue() with a member-specific
 * queue); FreeSWITCH mod_callcenter.c neither.  Chatwoot users ask for
 * exactly this (chatwoot #4158, #7204, #1208): "assign the conversation
 * to the agent who handled the contact last, if online". */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <acdroute/config.h>
#include <acdroute/customer.h>

/* Queue q (linear: a1, a2, a3 in that order), all logged in, hold 30 s,
 * wrap-up 10 s; memory for 100 customers. */
static void team(harness *h, int wait_for_owner) {
  acdr_queue_def d;
  h_agents(h, "a1 a2 a3");
  h_qdef(&d, "q", "linear");
  d.known_agent_hold_ms = 30000;
  d.wrapup_ms = 10000;
  d.wait_for_owner = wait_for_owner;
  h_qadd(h, &d);
  h_members(h, "q", "a1:0:0 a2:0:1 a3:0:2");
  h_logins(h, "a1:1 a2:1 a3:1");
  CALL(h, acdr_customer_memory_set(h->e, 100, 0, 0, 10));
}

static void arrive(harness *h, const char *c, const char *cust,
                   acdr_tstamp now) {
  acdr_contact_def d;
  acdr_contact_def_default(&d);
  d.id = c;
  d.queue = "q";
  d.customer_id = cust;
  CALL(h, acdr_contact_arrive(h->e, &d, now));
}

/* Contact c of customer cust is handled by `agent` from t to t + 20 s,
 * with disposition `code`, wrap-up done at t + 25 s.  Others are made
 * away meanwhile so that linear offers it to `agent`. */
static void handled_by(harness *h, const char *c, const char *cust,
                       const char *agent, const char *code, acdr_tstamp t) {
  const char *all[] = {"a1", "a2", "a3"};
  size_t i;
  for (i = 0; i < 3; i++)
    if (strcmp(all[i], agent) != 0)
      CALL(h, acdr_agent_set_status(h->e, all[i], ACDR_AGENT_AWAY, NULL, t));
  arrive(h, c, cust, t);
  h_accept(h, c, agent, t);
  for (i = 0; i < 3; i++)
    if (strcmp(all[i], agent) != 0)
      CALL(h, acdr_agent_set_status(h->e, all[i], ACDR_AGENT_AVAILABLE, NULL,
                                    t));
  h_hangup(h, c, t + S(20));
  if (code) CALL(h, acdr_dispo_set(h->e, c, code, NULL, 0, t + S(21)));
  CALL(h, acdr_contact_wrapup_done(h->e, c, t + S(25)));
  h_take(h);
}

/* A returning customer is offered to the agent who handled him last
 * (linear alone would pick a1); a new customer goes by the strategy. */
H_TEST(returning_customer_gets_last_agent) {
  team(h, 0);
  handled_by(h, "c1", "cust", "a2", NULL, S(10));
  arrive(h, "c2", "cust", S(100));
  h_expect(h, "OFFER c2 a2\n");
  arrive(h, "c3", "other", S(101));
  h_expect(h, "OFFER c3 a1\n");
}

/* Owner first, then the last agent, each only if he can take it: the
 * owner is away, so the last agent gets the contact at once. */
H_TEST(owner_away_last_agent_at_once) {
  const char *owner, *last;
  uint32_t n;
  team(h, 0);
  handled_by(h, "c1", "cust", "a3", NULL, S(10));
  CALL(h, acdr_customer_set_owner(h->e, "cust", "a2", S(50)));
  CALL(h, acdr_customer_get(h->e, "cust", "q", &owner, &last, &n));
  assert_string_equal(owner, "a2");
  assert_string_equal(last, "a3");
  assert_int_equal(n, 1);
  /* owner free: he gets it */
  arrive(h, "c2", "cust", S(60));
  h_expect(h, "OFFER c2 a2\n");
  CALL(h, acdr_contact_reject(h->e, "c2", "a2", ACDR_REJECT_DECLINED, S(61)));
  h_take(h); /* back in line: held for a2 (reject delay) or offered on */
  h_hangup(h, "c2", S(62));
  h_take(h);
  CALL(h, acdr_agent_set_status(h->e, "a2", ACDR_AGENT_AWAY, "lunch", S(70)));
  arrive(h, "c3", "cust", S(80));
  h_expect(h, "OFFER c3 a3\n");
}

/* Both known agents away: the strategy at once (a1), no wait at all. */
H_TEST(all_known_agents_away_no_wait) {
  team(h, 0);
  handled_by(h, "c1", "cust", "a3", NULL, S(10));
  CALL(h, acdr_customer_set_owner(h->e, "cust", "a2", S(50)));
  CALL(h, acdr_agent_set_status(h->e, "a2", ACDR_AGENT_AWAY, NULL, S(51)));
  CALL(h, acdr_agent_set_status(h->e, "a3", ACDR_AGENT_AWAY, NULL, S(51)));
  arrive(h, "c2", "cust", S(80));
  h_expect(h, "OFFER c2 a1\n");
}

/* wait_for_owner: the owner is away but logged in; the contact waits his
 * whole hold (30 s), then the last agent's step: a3 is free, so a3 at
 * 110 s (waited 30 s; without the setting: at once, see above). */
H_TEST(wait_for_owner_holds_for_owner) {
  team(h, 1);
  handled_by(h, "c1", "cust", "a3", NULL, S(10));
  CALL(h, acdr_customer_set_owner(h->e, "cust", "a2", S(50)));
  CALL(h, acdr_agent_set_status(h->e, "a2", ACDR_AGENT_AWAY, NULL, S(51)));
  arrive(h, "c2", "cust", S(80));
  h_expect(h, "");
  h_advance(h, S(109));
  h_expect(h, "");
  h_advance(h, S(110));
  h_expect(h, "OFFER c2 a3\n");
}

/* ... and the owner coming back within the hold gets it. */
H_TEST(wait_for_owner_owner_returns) {
  team(h, 1);
  CALL(h, acdr_customer_set_owner(h->e, "cust", "a2", S(50)));
  CALL(h, acdr_agent_set_status(h->e, "a2", ACDR_AGENT_AWAY, NULL, S(51)));
  arrive(h, "c2", "cust", S(80));
  h_expect(h, "");
  CALL(h, acdr_agent_set_status(h->e, "a2", ACDR_AGENT_AVAILABLE, NULL,
                                S(95)));
  h_expect(h, "OFFER c2 a2\n");
}

/* The last N contacts, most recent first, with queue, agent,
 * disposition and outcome; the bound keeps only N. */
H_TEST(history_of_a_customer) {
  acdr_customer_contact x;
  uint32_t n;
  team(h, 0);
  CALL(h, acdr_customer_memory_set(h->e, 100, 0, 0, 2));
  handled_by(h, "c1", "cust", "a2", "interested", S(10));
  handled_by(h, "c2", "cust", "a3", "demo-booked", S(100));
  arrive(h, "c3", "cust", S(200)); /* a3, last agent */
  h_expect(h, "OFFER c3 a3\n");
  h_hangup(h, "c3", S(205)); /* abandoned while ringing */
  h_take(h);
  CALL(h, acdr_customer_get(h->e, "cust", NULL, NULL, NULL, &n));
  assert_int_equal(n, 2);
  CALL(h, acdr_customer_history(h->e, "cust", 0, &x));
  assert_string_equal(x.contact_id, "c3");
  assert_string_equal(x.queue_id, "q");
  assert_null(x.agent_id);
  assert_int_equal(x.end_reason, ACDR_END_ABANDONED);
  assert_int_equal(x.arrival, S(200));
  assert_int_equal(x.ended, S(205));
  CALL(h, acdr_customer_history(h->e, "cust", 1, &x));
  assert_string_equal(x.contact_id, "c2");
  assert_string_equal(x.agent_id, "a3");
  assert_string_equal(x.disposition, "demo-booked");
  assert_int_equal(x.end_reason, ACDR_END_COMPLETED);
  /* c1 fell out of the 2-contact history */
  assert_int_equal(acdr_customer_history(h->e, "cust", 2, &x),
                   ACDR_ERR_NOT_FOUND);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "contact 2 of 2"));
}

/* Bounds: the customer seen longest ago goes first; expiry; bytes. */
H_TEST(bounds_forget_oldest) {
  uint64_t customers, bytes, forgotten;
  team(h, 0);
  CALL(h, acdr_customer_memory_set(h->e, 2, 60000, 0, 10));
  CALL(h, acdr_customer_set_owner(h->e, "x", "a1", S(10)));
  CALL(h, acdr_customer_set_owner(h->e, "y", "a1", S(11)));
  CALL(h, acdr_customer_set_owner(h->e, "x", "a2", S(12))); /* x seen */
  CALL(h, acdr_customer_set_owner(h->e, "z", "a1", S(13)));
  /* y was seen longest ago */
  assert_int_equal(acdr_customer_get(h->e, "y", NULL, NULL, NULL, NULL),
                   ACDR_ERR_NOT_FOUND);
  CALL(h, acdr_customer_get(h->e, "x", NULL, NULL, NULL, NULL));
  /* x not seen for 60 s: forgotten */
  CALL(h, acdr_customer_set_owner(h->e, "z", "a3", S(60)));
  arrive(h, "c1", NULL, S(72));
  assert_int_equal(acdr_customer_get(h->e, "x", NULL, NULL, NULL, NULL),
                   ACDR_ERR_NOT_FOUND);
  CALL(h, acdr_customer_memory_get(h->e, NULL, NULL, NULL, NULL, &customers,
                                   &bytes, &forgotten));
  assert_int_equal(customers, 1);
  assert_int_equal(forgotten, 2);
  /* a byte budget below one more customer's size keeps one */
  CALL(h, acdr_customer_memory_set(h->e, 100, 0, bytes + 10, 10));
  CALL(h, acdr_customer_set_owner(h->e, "w", "a1", S(80)));
  CALL(h, acdr_customer_memory_get(h->e, NULL, NULL, NULL, NULL, &customers,
                                   NULL, &forgotten));
  assert_int_equal(customers, 1);
  assert_int_equal(forgotten, 3);
}

/* Each refusal its own code and message, the memory unchanged. */
H_TEST(bad_input_refused_unchanged) {
  uint32_t max;
  uint64_t customers;
  acdr_customer_contact x;
  char *snap1, *snap2;
  team(h, 0);
  CALL(h, acdr_customer_set_owner(h->e, "cust", "a1", S(5)));
  CALL(h, acdr_engine_snapshot(h->e, &snap1, NULL));
  assert_int_equal(acdr_customer_set_owner(h->e, "cust", "nobody", S(6)),
                   ACDR_ERR_AGENT_NOT_FOUND);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "unknown agent"));
  assert_int_equal(acdr_customer_set_owner(h->e, "new", "nobody", S(6)),
                   ACDR_ERR_AGENT_NOT_FOUND);
  assert_int_equal(acdr_customer_set_owner(h->e, "", "a1", S(6)),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_customer_set_owner(h->e, NULL, "a1", S(6)),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_customer_set_owner(h->e, "ghost", NULL, S(6)),
                   ACDR_ERR_NOT_FOUND);
  assert_int_equal(acdr_customer_forget(h->e, "ghost", S(6)),
                   ACDR_ERR_NOT_FOUND);
  assert_non_null(strstr(acdr_engine_last_error(h->e),
                         "unknown customer \"ghost\""));
  assert_int_equal(acdr_customer_memory_set(h->e, ACDR_CUSTOMER_MAX + 1, 0,
                                            0, 10),
                   ACDR_ERR_RANGE);
  assert_int_equal(acdr_customer_memory_set(h->e, 10, -1, 0, 10),
                   ACDR_ERR_RANGE);
  assert_int_equal(acdr_customer_memory_set(h->e, 10, 0, 0,
                                            ACDR_CUSTOMER_HISTORY_MAX + 1),
                   ACDR_ERR_RANGE);
  assert_int_equal(acdr_customer_history_versioned(h->e, "cust", 0, 99, &x),
                   ACDR_ERR_VERSION);
  assert_int_equal(acdr_customer_history(h->e, "cust", 0, NULL),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_customer_set_owner(h->e, "cust", "a2", S(1)),
                   ACDR_ERR_TIME_BACKWARDS);
  CALL(h, acdr_customer_memory_get(h->e, &max, NULL, NULL, NULL, &customers,
                                   NULL, NULL));
  assert_int_equal(max, 100);
  assert_int_equal(customers, 1);
  CALL(h, acdr_engine_snapshot(h->e, &snap2, NULL));
  assert_string_equal(snap1, snap2);
  acdr_free(h->e, snap1);
  acdr_free(h->e, snap2);
  /* memory off: an owner cannot be set */
  CALL(h, acdr_customer_memory_set(h->e, 0, 0, 0, 10));
  assert_int_equal(acdr_customer_set_owner(h->e, "cust", "a1", S(7)),
                   ACDR_ERR_LIMIT);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "memory is off"));
}

/* Per queue: contacts with a known agent, and those the known agent
 * answered, in the metrics JSON. */
H_TEST(metrics_count_known_agent_answers) {
  char *js;
  team(h, 0);
  handled_by(h, "c1", "cust", "a2", NULL, S(10));
  arrive(h, "c2", "cust", S(100)); /* a2 */
  h_accept(h, "c2", "a2", S(100));
  CALL(h, acdr_agent_set_status(h->e, "a3", ACDR_AGENT_AWAY, NULL, S(101)));
  arrive(h, "c3", "cust", S(102)); /* a2 busy, AHT 20 s: hold */
  h_advance(h, S(132));            /* hold over: a1 */
  h_accept(h, "c3", "a1", S(132));
  CALL(h, acdr_metrics_to_json(h->e, S(140), &js, NULL));
  assert_non_null(strstr(js, "\"known_agent\":{\"contacts\":2,\"answered\":1,"
                             "\"rate\":0.5}"));
  acdr_free(h->e, js);
}

/* The CRM hook supplies the owner of a customer the memory does not
 * know; it is remembered. */
static const char *crm(void *user, const char *customer) {
  (void)user;
  return strcmp(customer, "vip") == 0 ? "a3" : NULL;
}

H_TEST(crm_hook_supplies_owner) {
  const char *owner;
  team(h, 0);
  CALL(h, acdr_customer_set_owner_lookup(h->e, crm, NULL));
  arrive(h, "c1", "vip", S(10));
  h_expect(h, "OFFER c1 a3\n");
  arrive(h, "c2", "plain", S(11));
  h_expect(h, "OFFER c2 a1\n");
  CALL(h, acdr_customer_get(h->e, "vip", NULL, &owner, NULL, NULL));
  assert_string_equal(owner, "a3");
}

/* The hook's answer is in the event log (a customer_owner line before
 * the arrival): a replica without the hook routes the same way. */
H_TEST(crm_hook_answer_replays_without_hook) {
  acdr_options o;
  harness r;
  char *lines, *line, *save = NULL, *own, *arr;
  acdr_options_default(&o);
  o.record_events = 1;
  h_free(h);
  h_init(h, &o);
  team(h, 0);
  CALL(h, acdr_customer_set_owner_lookup(h->e, crm, NULL));
  arrive(h, "c1", "vip", S(10));
  h_expect(h, "OFFER c1 a3\n");
  CALL(h, acdr_engine_event_log_take(h->e, &lines, NULL));
  own = strstr(lines, "\"ev\": \"customer_owner\", \"agent\": \"a3\", "
                      "\"key\": \"vip\"");
  arr = strstr(lines, "\"ev\": \"arrive\", \"contact\": \"c1\"");
  assert_non_null(own);
  assert_non_null(arr);
  assert_true(own < arr);
  h_init(&r, NULL);
  for (line = strtok_r(lines, "\n", &save); line;
       line = strtok_r(NULL, "\n", &save))
    CALL(&r, acdr_engine_apply_event_json(r.e, line, strlen(line)));
  assert_non_null(strstr(h_take(&r), "OFFER c1 a3\n"));
  acdr_free(h->e, lines);
  h_free(&r);
}

/* A snapshot taken with customers remembered and a contact waiting for
 * its known agent: the restored engine routes exactly as the original. */
H_TEST(snapshot_restore_continues_identically) {
  harness h2;
  char *snap, *snap2;
  char out1[4096], out2[4096];
  int k;
  team(h, 0);
  handled_by(h, "c1", "cust", "a2", "interested", S(10));
  CALL(h, acdr_customer_set_owner(h->e, "vip", "a3", S(40)));
  h_serve(h, "w", "q", "a1", S(41), S(20)); /* an AHT of 20 s */
  h_advance(h, S(99));                      /* wrap-up over */
  arrive(h, "b", NULL, S(100));
  h_accept(h, "b", "a1", S(100));
  arrive(h, "b2", NULL, S(100));
  h_accept(h, "b2", "a2", S(100));
  arrive(h, "c2", "cust", S(101)); /* held for a2 (free at 120 s) */
  h_take(h);
  CALL(h, acdr_engine_snapshot(h->e, &snap, NULL));
  h_init(&h2, NULL);
  CALL(&h2, acdr_engine_restore(h2.e, snap, strlen(snap)));
  CALL(&h2, acdr_engine_snapshot(h2.e, &snap2, NULL));
  assert_string_equal(snap, snap2);
  for (k = 0; k < 2; k++) {
    harness *x = k ? &h2 : h;
    arrive(x, "c3", "vip", S(102));
    h_hangup(x, "b2", S(110));
    h_advance(x, S(200));
    arrive(x, "c4", "cust", S(201));
    snprintf(k ? out2 : out1, sizeof out1, "%s", h_take(x));
  }
  assert_string_equal(out1, out2);
  /* and what it is: c3 to its owner a3 at once; c2 gets a2 */
  assert_non_null(strstr(out1, "OFFER c3 a3\n"));
  assert_non_null(strstr(out1, "OFFER c2 a2\n"));
  acdr_free(h->e, snap);
  acdr_free(h2.e, snap2);
  h_free(&h2);
}

/* The event log carries owner changes, forgetting and the memory's
 * settings; a replica fed the lines knows the same customers. */
H_TEST(event_log_replays_customer_calls) {
  acdr_options o;
  harness r;
  char *lines, *line, *save = NULL;
  const char *owner;
  acdr_options_default(&o);
  o.record_events = 1;
  h_free(h);
  h_init(h, &o);
  team(h, 0);
  CALL(h, acdr_customer_set_owner(h->e, "vip", "a3", S(40)));
  CALL(h, acdr_customer_set_owner(h->e, "old", "a1", S(41)));
  CALL(h, acdr_customer_forget(h->e, "old", S(42)));
  CALL(h, acdr_engine_event_log_take(h->e, &lines, NULL));
  assert_non_null(strstr(lines, "\"ev\": \"customer_owner\""));
  assert_non_null(strstr(lines, "\"ev\": \"customer_forget\""));
  assert_non_null(strstr(lines, "\"ev\": \"customer_memory\""));
  h_init(&r, NULL);
  for (line = strtok_r(lines, "\n", &save); line;
       line = strtok_r(NULL, "\n", &save))
    CALL(&r, acdr_engine_apply_event_json(r.e, line, strlen(line)));
  CALL(&r, acdr_customer_get(r.e, "vip", NULL, &owner, NULL, NULL));
  assert_string_equal(owner, "a3");
  assert_int_equal(acdr_customer_get(r.e, "old", NULL, NULL, NULL, NULL),
                   ACDR_ERR_NOT_FOUND);
  acdr_free(h->e, lines);
  h_free(&r);
}

/* The configuration's "customers" section sets the bounds and comes back
 * in the export; wait_for_owner too. */
H_TEST(config_round_trip) {
  const char *doc =
      "{\"version\": 1, \"agents\": [{\"id\": \"a1\"}],"
      " \"queues\": [{\"id\": \"q\", \"strategy\": \"linear\","
      " \"wait_for_owner\": true, \"members\": [{\"agent\": \"a1\"}]}],"
      " \"customers\": {\"max_customers\": 500, \"expiry_ms\": 3600000,"
      " \"max_bytes\": 1000000, \"history\": 5}}";
  char *out;
  uint32_t max, hist;
  int64_t exp;
  uint64_t bytes;
  acdr_queue_info qi;
  (void)qi;
  CALL(h, acdr_config_apply(h->e, doc, strlen(doc), 0, S(1)));
  CALL(h, acdr_customer_memory_get(h->e, &max, &exp, &bytes, &hist, NULL,
                                   NULL, NULL));
  assert_int_equal(max, 500);
  assert_int_equal(exp, 3600000);
  assert_int_equal(bytes, 1000000);
  assert_int_equal(hist, 5);
  CALL(h, acdr_config_export(h->e, &out, NULL));
  assert_non_null(strstr(out, "\"wait_for_owner\": true"));
  assert_non_null(strstr(out, "\"customers\": {\n    \"max_customers\": 500,"
                              "\n    \"expiry_ms\": 3600000,\n    "
                              "\"max_bytes\": 1000000,\n    \"history\": 5"));
  acdr_free(h->e, out);
  /* out of range: refused with where */
  doc = "{\"version\": 1, \"customers\": {\"history\": 5000}}";
  assert_int_equal(acdr_config_apply(h->e, doc, strlen(doc), 0, S(2)),
                   ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "/customers/history"));
}

H_MAIN(T(returning_customer_gets_last_agent),
       T(owner_away_last_agent_at_once), T(all_known_agents_away_no_wait),
       T(wait_for_owner_holds_for_owner), T(wait_for_owner_owner_returns),
       T(history_of_a_customer), T(bounds_forget_oldest),
       T(bad_input_refused_unchanged), T(metrics_count_known_agent_answers),
       T(crm_hook_supplies_owner), T(crm_hook_answer_replays_without_hook),
       T(snapshot_restore_continues_identically),
       T(event_log_replays_customer_calls), T(config_round_trip))
