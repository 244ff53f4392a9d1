/* SPDX-License-Identifier: MIT */
/* A refused call changes nothing: for every public call that takes a time
 * (and the event lines of the calls that do not), a refusal - NULL, unknown
 * id, bad transition, time in the past, bad line - leaves the engine's
 * snapshot (its clock and deadlines included) exactly as it was.  Also: a
 * jump in time fires a periodic deadline once, not once per missed
 * period. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <acdroute/config.h>
#include <acdroute/disposition.h>
#include <acdroute/metrics.h>
#include <acdroute/policy.h>

/* The engine of every case, built anew: now = 20 s.
 *   q   ring timeout 10 s, announcements every 30 s, max wait 10 min;
 *       members a1, a2; a3 in no queue and logged out
 *   c1  ringing at a1; c2 connected to a2; c3 waiting
 *   dnc "k1" for a day; code "sale"; rule "r1" */
static void build(harness *h) {
  acdr_queue_def q;
  acdr_dispo_code code;
  acdr_dispo_rule rule;
  h_qdef(&q, "q", NULL);
  q.ring_timeout_ms = 10000;
  q.announce_interval_ms = 30000;
  q.max_wait_ms = 600000;
  h_qadd(h, &q);
  h_agents(h, "a1 a2 a3");
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_logins(h, "a2:1");
  h_arrive(h, "c2", "q", S(2));
  h_accept(h, "c2", "a2", S(3));
  h_login(h, "a1", S(4));
  h_arrive(h, "c1", "q", S(10));
  h_arrive(h, "c3", "q", S(11));
  CALL(h, acdr_dnc_add(h->e, "k1", 86400000, S(12)));
  acdr_dispo_code_default(&code);
  code.id = "sale";
  CALL(h, acdr_dispo_code_add(h->e, &code));
  acdr_dispo_rule_default(&rule);
  rule.id = "r1";
  rule.code = "sale";
  rule.action = ACDR_FOLLOWUP_CALLBACK;
  rule.delay_ms = 3600000;
  CALL(h, acdr_dispo_rule_add(h->e, &rule));
  h_expiry(h, S(20));
  (void)h_take(h);
}

static acdr_tstamp T; /* the time a case passes: later than now or past */

static int ev(acdr_engine *e, const char *fmt) {
  char line[512];
  int n = snprintf(line, sizeof line, fmt, (unsigned long long)T);
  return acdr_engine_apply_event_json(e, line, (size_t)n);
}

/* a line given as it is (no time filled in) */
static int line(acdr_engine *e, const char *text) {
  return acdr_engine_apply_event_json(e, text, strlen(text));
}

static const char *no_tags[1];
static int32_t i32;
static acdr_tstamp ts;
static uint64_t u64;
static char *str;

typedef struct rcase {
  const char *what;
  int later;   /* 1: T = now + 5 s (a refusal must not move the clock);
                  0: T = now - 1 ns (time in the past) */
  int expect;  /* the error code */
  int (*call)(acdr_engine *e);
} rcase;

/* clang-format off */
#define C(name, body) static int name(acdr_engine *e) { return body; }
C(login_unknown, acdr_agent_login(e, "nobody", T))
C(login_null, acdr_agent_login(e, NULL, T))
C(login_twice, acdr_agent_login(e, "a1", T))
C(logout_logged_out, acdr_agent_logout(e, "a3", T))
C(status_bad, acdr_agent_set_status(e, "a1", 99, NULL, T))
C(status_unknown, acdr_agent_set_status(e, "nobody", ACDR_AGENT_AWAY, "x", T))
static int arrive_dup(acdr_engine *e) {
  acdr_contact_def d;
  acdr_contact_def_default(&d);
  d.id = "c1";
  d.queue = "q";
  return acdr_contact_arrive(e, &d, T);
}
static int arrive_no_queue(acdr_engine *e) {
  acdr_contact_def d;
  acdr_contact_def_default(&d);
  d.id = "c9";
  d.queue = "nowhere";
  return acdr_contact_arrive(e, &d, T);
}
static int arrive_ok_past(acdr_engine *e) {
  acdr_contact_def d;
  acdr_contact_def_default(&d);
  d.id = "c9";
  d.queue = "q";
  return acdr_contact_arrive(e, &d, T);
}
C(arrive_null, acdr_contact_arrive(e, NULL, T))
C(accept_not_offered, acdr_contact_accept(e, "c3", "a1", T))
C(accept_other_agent, acdr_contact_accept(e, "c1", "a2", T))
C(accept_past, acdr_contact_accept(e, "c1", "a1", T))
C(reject_other_agent, acdr_contact_reject(e, "c1", "a2", 0, T))
C(hangup_unknown, acdr_contact_hangup(e, "c9", T))
C(hangup_past, acdr_contact_hangup(e, "c2", T))
C(hold_waiting, acdr_contact_hold(e, "c3", 1, T))
C(wrapup_done_connected, acdr_contact_wrapup_done(e, "c2", T))
C(transfer_no_queue, acdr_contact_transfer(e, "c2", "nowhere", NULL, T))
C(callback_unknown, acdr_contact_request_callback(e, "c9", T))
C(priority_unknown, acdr_contact_set_priority(e, "c9", 5, T))
C(assign_connected, acdr_contact_assign(e, "c2", "a1", 0, T))
C(assign_not_member, acdr_contact_assign(e, "c3", "a3", 0, T))
C(assign_full, acdr_contact_assign(e, "c3", "a2", 0, T))
C(assign_bad_flags, acdr_contact_assign(e, "c3", "a2", 8, T))
C(assign_unknown_agent, acdr_contact_assign(e, "c3", "nobody", 0, T))
C(assign_past, acdr_contact_assign(e, "c3", "a2", ACDR_ASSIGN_OVER_CAPACITY, T))
C(line_assign_bad_flag, ev(e, "{\"t_ns\": %llu, \"ev\": \"assign\", \"contact\": \"c3\", \"agent\": \"a2\", \"over_capacity\": 1}"))
C(reply_waiting, acdr_contact_first_reply(e, "c3", "a1", T))
C(reply_ringing, acdr_contact_first_reply(e, "c1", "a1", T))
C(reply_other_agent, acdr_contact_first_reply(e, "c2", "a1", T))
C(reply_unknown_agent, acdr_contact_first_reply(e, "c2", "nobody", T))
C(reply_unknown_contact, acdr_contact_first_reply(e, "c9", "a2", T))
C(reply_null_agent, acdr_contact_first_reply(e, "c2", NULL, T))
C(reply_past, acdr_contact_first_reply(e, "c2", "a2", T))
C(priority_null, acdr_contact_set_priority(e, NULL, 5, T))
C(priority_range, acdr_contact_set_priority(e, "c3", 1000001, T))
C(priority_connected, acdr_contact_set_priority(e, "c2", 5, T))
C(priority_past, acdr_contact_set_priority(e, "c3", 5, T))
C(line_priority_range, ev(e, "{\"t_ns\": %llu, \"ev\": \"set_priority\", \"contact\": \"c3\", \"priority\": -1000001}"))
C(line_priority_missing, ev(e, "{\"t_ns\": %llu, \"ev\": \"set_priority\", \"contact\": \"c3\"}"))
C(expiry_past, acdr_engine_handle_expiry(e, T))
static int queue_update_unknown(acdr_engine *e) {
  acdr_queue_def d;
  acdr_queue_def_default(&d);
  d.id = "nowhere";
  return acdr_queue_update(e, &d, T);
}
C(queue_remove_unknown, acdr_queue_remove(e, "nowhere", 0, T))
C(member_add_twice, acdr_queue_member_add(e, "q", "a1", 0, 0, T))
C(member_remove_not_member, acdr_queue_member_remove(e, "q", "a3", T))
C(dispo_set_connected, acdr_dispo_set(e, "c2", "sale", no_tags, 0, T))
C(dispo_correct_unknown, acdr_dispo_correct(e, "c9", "sale", no_tags, 0, T))
C(dnc_add_null, acdr_dnc_add(e, NULL, 1000, T))
C(dnc_add_negative, acdr_dnc_add(e, "k2", -1, T))
C(dnc_add_past, acdr_dnc_add(e, "k2", 1000, T))
C(dnc_check_null, acdr_dnc_check(e, "k1", T, NULL, &ts))
C(dnc_count_null, acdr_dnc_count(e, T, NULL))
C(dnc_count_past, acdr_dnc_count(e, T, &u64))
C(hours_state_unknown, acdr_queue_hours_state(e, "nowhere", T, &i32, &ts))
C(config_bad, acdr_config_apply(e, "{\"queues\": 5}", 13, ACDR_RELOAD_REFUSE, T))
static int config_drops_busy_queue(acdr_engine *e) {
  const char *doc = "{\"queues\": [{\"id\": \"q2\"}], \"agents\": "
                    "[{\"id\": \"a1\"}, {\"id\": \"a2\"}]}";
  return acdr_config_apply(e, doc, strlen(doc), ACDR_RELOAD_REFUSE, T);
}
C(config_past, acdr_config_apply(e, "{}", 2, ACDR_RELOAD_REFUSE, T))
C(metrics_null, acdr_metrics_to_json(e, T, NULL, NULL))
/* event lines, above all of calls that take no time of their own */
C(line_dnc_remove, ev(e, "{\"t_ns\": %llu, \"ev\": \"dnc_remove\", \"key\": \"k9\"}"))
C(line_hours, ev(e, "{\"t_ns\": %llu, \"ev\": \"hours\", \"queue\": \"nowhere\", \"hours\": {\"monday\": [\"08:00-18:00\"]}}"))
C(line_code_remove, ev(e, "{\"t_ns\": %llu, \"ev\": \"code_remove\", \"code\": \"nope\"}"))
C(line_rule_remove, ev(e, "{\"t_ns\": %llu, \"ev\": \"rule_remove\", \"rule\": \"nope\"}"))
C(line_code_add_dup, ev(e, "{\"t_ns\": %llu, \"ev\": \"code_add\", \"def\": {\"id\": \"sale\"}}"))
C(line_rule_add_bad, ev(e, "{\"t_ns\": %llu, \"ev\": \"rule_add\", \"def\": {\"id\": \"r2\", \"code\": \"nope\", \"action\": \"callback\"}}"))
C(line_catalog_set_bad, ev(e, "{\"t_ns\": %llu, \"ev\": \"catalog_set\", \"codes\": [{\"id\": \"x\"}, {\"id\": \"x\"}]}"))
C(line_login_unknown, ev(e, "{\"t_ns\": %llu, \"ev\": \"login\", \"agent\": \"nobody\"}"))
C(line_config_bad, ev(e, "{\"t_ns\": %llu, \"ev\": \"config\", \"config\": {\"queues\": 5}}"))
C(line_bad_field, ev(e, "{\"t_ns\": %llu, \"ev\": \"login\", \"agent\": 5}"))
C(line_past, ev(e, "{\"t_ns\": %llu, \"ev\": \"login\", \"agent\": \"a3\"}"))
C(line_dnc_remove_past, ev(e, "{\"t_ns\": %llu, \"ev\": \"dnc_remove\", \"key\": \"k1\"}"))
C(line_t_ms_too_big, line(e,
  "{\"t_ms\": 9223372036855, \"ev\": \"login\", \"agent\": \"a3\"}"))
C(line_t_ns_too_big, line(e,
  "{\"t_ns\": 18446744073709551615, \"ev\": \"login\", \"agent\": \"a3\"}"))
/* the same calls, valid but for a time in the past */
C(logout_past, acdr_agent_logout(e, "a1", T))
C(status_past, acdr_agent_set_status(e, "a1", ACDR_AGENT_AWAY, "x", T))
C(reject_past, acdr_contact_reject(e, "c1", "a1", 0, T))
C(hold_past, acdr_contact_hold(e, "c2", 1, T))
C(transfer_past, acdr_contact_transfer(e, "c2", "q", NULL, T))
C(callback_past, acdr_contact_request_callback(e, "c3", T))
C(member_add_past, acdr_queue_member_add(e, "q", "a3", 0, 0, T))
C(member_remove_past, acdr_queue_member_remove(e, "q", "a1", T))
C(queue_remove_past, acdr_queue_remove(e, "q", 1, T))
C(dnc_check_past, acdr_dnc_check(e, "k1", T, &i32, &ts))
C(metrics_past, acdr_metrics_to_json(e, T, &str, NULL))
static int queue_update_past(acdr_engine *e) {
  acdr_queue_def d;
  acdr_queue_def_default(&d);
  d.id = "q";
  return acdr_queue_update(e, &d, T);
}
static int check_line(acdr_engine *e, const char *fmt) {
  char line[512];
  int n = snprintf(line, sizeof line, fmt, (unsigned long long)T);
  return acdr_engine_check_event_json(e, line, (size_t)n, &ts);
}
C(check_past, check_line(e, "{\"t_ns\": %llu, \"ev\": \"login\", \"agent\": \"a3\"}"))
C(check_bad_key, check_line(e, "{\"t_ns\": %llu, \"ev\": \"login\", \"agnet\": \"a3\"}"))
C(check_null_when, acdr_engine_check_event_json(e, "{}", 2, NULL))
#undef C

static const rcase cases[] = {
  {"login unknown agent", 1, ACDR_ERR_AGENT_NOT_FOUND, login_unknown},
  {"login NULL agent", 1, ACDR_ERR_INVALID_ARGUMENT, login_null},
  {"login twice", 1, ACDR_ERR_INVALID_STATE, login_twice},
  {"logout when logged out", 1, ACDR_ERR_INVALID_STATE, logout_logged_out},
  {"status out of range", 1, ACDR_ERR_INVALID_ARGUMENT, status_bad},
  {"status unknown agent", 1, ACDR_ERR_AGENT_NOT_FOUND, status_unknown},
  {"arrive duplicate id", 1, ACDR_ERR_DUPLICATE_ID, arrive_dup},
  {"arrive unknown queue", 1, ACDR_ERR_QUEUE_NOT_FOUND, arrive_no_queue},
  {"arrive NULL def", 1, ACDR_ERR_INVALID_ARGUMENT, arrive_null},
  {"arrive in the past", 0, ACDR_ERR_TIME_BACKWARDS, arrive_ok_past},
  {"accept not offered", 1, ACDR_ERR_NOT_OFFERED, accept_not_offered},
  {"accept offer of another", 1, ACDR_ERR_NOT_OFFERED, accept_other_agent},
  {"accept in the past", 0, ACDR_ERR_TIME_BACKWARDS, accept_past},
  {"reject offer of another", 1, ACDR_ERR_NOT_OFFERED, reject_other_agent},
  {"hangup unknown contact", 1, ACDR_ERR_CONTACT_NOT_FOUND, hangup_unknown},
  {"hangup in the past", 0, ACDR_ERR_TIME_BACKWARDS, hangup_past},
  {"hold a waiting contact", 1, ACDR_ERR_INVALID_STATE, hold_waiting},
  {"wrap-up done while connected", 1, ACDR_ERR_INVALID_STATE,
   wrapup_done_connected},
  {"transfer to unknown queue", 1, ACDR_ERR_QUEUE_NOT_FOUND,
   transfer_no_queue},
  {"callback unknown contact", 1, ACDR_ERR_CONTACT_NOT_FOUND,
   callback_unknown},
  {"priority of an unknown contact", 1, ACDR_ERR_CONTACT_NOT_FOUND,
   priority_unknown},
  {"assign a connected contact", 1, ACDR_ERR_INVALID_STATE, assign_connected},
  {"assign to a non-member", 1, ACDR_ERR_NOT_MEMBER, assign_not_member},
  {"assign to a full agent", 1, ACDR_ERR_LIMIT, assign_full},
  {"assign with unknown flags", 1, ACDR_ERR_INVALID_ARGUMENT,
   assign_bad_flags},
  {"assign to an unknown agent", 1, ACDR_ERR_AGENT_NOT_FOUND,
   assign_unknown_agent},
  {"assign in the past", 0, ACDR_ERR_TIME_BACKWARDS, assign_past},
  {"assign line with a non-boolean flag", 1, ACDR_ERR_PARSE,
   line_assign_bad_flag},
  {"reply for a waiting contact", 1, ACDR_ERR_INVALID_STATE, reply_waiting},
  {"reply for a ringing contact", 1, ACDR_ERR_INVALID_STATE, reply_ringing},
  {"reply by another agent", 1, ACDR_ERR_NOT_OFFERED, reply_other_agent},
  {"reply by an unknown agent", 1, ACDR_ERR_AGENT_NOT_FOUND,
   reply_unknown_agent},
  {"reply for an unknown contact", 1, ACDR_ERR_CONTACT_NOT_FOUND,
   reply_unknown_contact},
  {"reply by a NULL agent", 1, ACDR_ERR_INVALID_ARGUMENT, reply_null_agent},
  {"reply in the past", 0, ACDR_ERR_TIME_BACKWARDS, reply_past},
  {"priority of a NULL contact", 1, ACDR_ERR_INVALID_ARGUMENT, priority_null},
  {"priority out of range", 1, ACDR_ERR_RANGE, priority_range},
  {"priority of a connected contact", 1, ACDR_ERR_INVALID_STATE,
   priority_connected},
  {"priority in the past", 0, ACDR_ERR_TIME_BACKWARDS, priority_past},
  {"priority line out of range", 1, ACDR_ERR_RANGE, line_priority_range},
  {"priority line without priority", 1, ACDR_ERR_PARSE,
   line_priority_missing},
  {"expiry in the past", 0, ACDR_ERR_TIME_BACKWARDS, expiry_past},
  {"queue update unknown", 1, ACDR_ERR_QUEUE_NOT_FOUND, queue_update_unknown},
  {"queue remove unknown", 1, ACDR_ERR_QUEUE_NOT_FOUND, queue_remove_unknown},
  {"member added twice", 1, ACDR_ERR_DUPLICATE_ID, member_add_twice},
  {"member remove not a member", 1, ACDR_ERR_NOT_MEMBER,
   member_remove_not_member},
  {"disposition while connected", 1, ACDR_ERR_INVALID_STATE,
   dispo_set_connected},
  {"correct unknown contact", 1, ACDR_ERR_NOT_FOUND, dispo_correct_unknown},
  {"dnc add NULL key", 1, ACDR_ERR_INVALID_ARGUMENT, dnc_add_null},
  {"dnc add negative duration", 1, ACDR_ERR_INVALID_ARGUMENT,
   dnc_add_negative},
  {"dnc add in the past", 0, ACDR_ERR_TIME_BACKWARDS, dnc_add_past},
  {"dnc check NULL out", 1, ACDR_ERR_INVALID_ARGUMENT, dnc_check_null},
  {"dnc count NULL out", 1, ACDR_ERR_INVALID_ARGUMENT, dnc_count_null},
  {"dnc count in the past", 0, ACDR_ERR_TIME_BACKWARDS, dnc_count_past},
  {"hours state unknown queue", 1, ACDR_ERR_QUEUE_NOT_FOUND,
   hours_state_unknown},
  {"config invalid", 1, ACDR_ERR_CONFIG, config_bad},
  {"config dropping a busy queue", 1, ACDR_ERR_IN_USE, config_drops_busy_queue},
  {"config in the past", 0, ACDR_ERR_TIME_BACKWARDS, config_past},
  {"metrics NULL out", 1, ACDR_ERR_INVALID_ARGUMENT, metrics_null},
  {"line dnc_remove unknown key", 1, ACDR_ERR_NOT_FOUND, line_dnc_remove},
  {"line hours unknown queue", 1, ACDR_ERR_QUEUE_NOT_FOUND, line_hours},
  {"line code_remove unknown", 1, ACDR_ERR_UNKNOWN_CODE, line_code_remove},
  {"line rule_remove unknown", 1, ACDR_ERR_NOT_FOUND, line_rule_remove},
  {"line code_add duplicate", 1, ACDR_ERR_DUPLICATE_ID, line_code_add_dup},
  {"line rule_add unknown code", 1, ACDR_ERR_UNKNOWN_CODE, line_rule_add_bad},
  {"line catalog_set dropping a used code", 1, ACDR_ERR_IN_USE,
   line_catalog_set_bad},
  {"line login unknown agent", 1, ACDR_ERR_AGENT_NOT_FOUND,
   line_login_unknown},
  {"line config invalid", 1, ACDR_ERR_CONFIG, line_config_bad},
  {"line field of the wrong type", 1, ACDR_ERR_PARSE, line_bad_field},
  {"logout in the past", 0, ACDR_ERR_TIME_BACKWARDS, logout_past},
  {"status in the past", 0, ACDR_ERR_TIME_BACKWARDS, status_past},
  {"reject in the past", 0, ACDR_ERR_TIME_BACKWARDS, reject_past},
  {"hold in the past", 0, ACDR_ERR_TIME_BACKWARDS, hold_past},
  {"transfer in the past", 0, ACDR_ERR_TIME_BACKWARDS, transfer_past},
  {"callback in the past", 0, ACDR_ERR_TIME_BACKWARDS, callback_past},
  {"member add in the past", 0, ACDR_ERR_TIME_BACKWARDS, member_add_past},
  {"member remove in the past", 0, ACDR_ERR_TIME_BACKWARDS,
   member_remove_past},
  {"queue update in the past", 0, ACDR_ERR_TIME_BACKWARDS, queue_update_past},
  {"queue remove in the past", 0, ACDR_ERR_TIME_BACKWARDS, queue_remove_past},
  {"dnc check in the past", 0, ACDR_ERR_TIME_BACKWARDS, dnc_check_past},
  {"metrics in the past", 0, ACDR_ERR_TIME_BACKWARDS, metrics_past},
  {"check a line in the past", 0, ACDR_ERR_TIME_BACKWARDS, check_past},
  {"check a line with an unknown key", 1, ACDR_ERR_PARSE, check_bad_key},
  {"check with NULL when", 1, ACDR_ERR_INVALID_ARGUMENT, check_null_when},
  {"line in the past", 0, ACDR_ERR_TIME_BACKWARDS, line_past},
  {"line dnc_remove in the past", 0, ACDR_ERR_TIME_BACKWARDS,
   line_dnc_remove_past},
  {"line t_ms beyond the range", 1, ACDR_ERR_PARSE, line_t_ms_too_big},
  {"line t_ns beyond the range", 1, ACDR_ERR_PARSE, line_t_ns_too_big},
};
/* clang-format on */

static char *snap(harness *h) {
  char *doc = NULL, *copy;
  size_t len = 0;
  assert_int_equal(acdr_engine_snapshot(h->e, &doc, &len), 0);
  copy = malloc(len + 1);
  assert_non_null(copy);
  memcpy(copy, doc, len);
  copy[len] = '\0';
  acdr_free(h->e, doc);
  return copy;
}

static void refused_calls_change_nothing(void **state) {
  size_t i, failed = 0;
  (void)state;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const rcase *k = &cases[i];
    harness h;
    char *before, *after;
    acdr_tstamp now, expiry;
    int rv;
    h_start(&h);
    build(&h);
    now = acdr_engine_now(h.e);
    expiry = acdr_engine_get_expiry(h.e);
    before = snap(&h);
    T = k->later ? now + S(5) : now - 1;
    rv = k->call(h.e);
    if (rv != k->expect) {
      print_error("%s: returned %s, expected %s (%s)\n", k->what,
                  acdr_err_name(rv), acdr_err_name(k->expect),
                  acdr_engine_last_error(h.e));
      failed++;
    }
    if (acdr_engine_last_error(h.e)[0] == '\0') {
      print_error("%s: refused without a message\n", k->what);
      failed++;
    }
    if (acdr_engine_now(h.e) != now ||
        acdr_engine_get_expiry(h.e) != expiry) {
      print_error("%s: clock %llu -> %llu, next deadline %llu -> %llu\n",
                  k->what, (unsigned long long)now,
                  (unsigned long long)acdr_engine_now(h.e),
                  (unsigned long long)expiry,
                  (unsigned long long)acdr_engine_get_expiry(h.e));
      failed++;
    }
    after = snap(&h);
    if (strcmp(before, after) != 0) {
      print_error("%s: snapshot changed\n", k->what);
      failed++;
    }
    if (h.len) {
      print_error("%s: acted: %s\n", k->what, h.log);
      failed++;
    }
    free(before);
    free(after);
    h_check(&h);
    h_free(&h);
  }
  assert_int_equal(failed, 0);
}

/* Checking a good line gives its time and does nothing else; the line is
 * applied afterwards as usual. */
H_TEST(check_gives_the_time_and_changes_nothing) {
  static const char line[] = "{\"t_ms\": 25000, \"ev\": \"login\", "
                             "\"agent\": \"a3\"}";
  acdr_tstamp when = 0, now;
  char *before, *after;
  build(h);
  now = acdr_engine_now(h->e);
  before = snap(h);
  CALL(h, acdr_engine_check_event_json(h->e, line, sizeof line - 1, &when));
  assert_int_equal(when, MS(25000));
  assert_int_equal(acdr_engine_now(h->e), now);
  after = snap(h);
  assert_string_equal(before, after);
  h_expect(h, "");
  CALL(h, acdr_engine_apply_event_json(h->e, line, sizeof line - 1));
  assert_int_equal(acdr_engine_now(h->e), MS(25000));
  free(before);
  free(after);
}

/* A call refused from inside an action callback leaves the clock too. */
static int nested_rv;
static acdr_tstamp nested_before, nested_after;
static int refuse_inside(harness *h, const acdr_action *a) {
  if (a->type != ACDR_ACTION_OFFER || nested_before) return 0;
  nested_before = acdr_engine_now(h->e);
  nested_rv = acdr_agent_login(h->e, "nobody", nested_before + S(60));
  nested_after = acdr_engine_now(h->e);
  return 0;
}

H_TEST(refused_inside_a_callback_keeps_the_clock) {
  h_solo(h);
  nested_before = 0;
  h->hook = refuse_inside;
  h_arrive(h, "c1", "q", S(10));
  assert_int_equal(nested_rv, ACDR_ERR_AGENT_NOT_FOUND);
  assert_int_equal(nested_before, S(10));
  assert_int_equal(nested_after, S(10));
  assert_int_equal(acdr_engine_now(h->e), S(10));
  /* and the host may go on at the time it really is */
  h_accept(h, "c1", "a1", S(11));
}

/* A host suspended for three days wakes up: each waiting contact hears one
 * position announcement, not one per missed 1 s period, and the next one
 * is a period after the wake-up. */
H_TEST(jump_fires_a_periodic_deadline_once) {
  acdr_queue_def q;
  size_t n = 0;
  const char *p;
  h_qdef(&q, "q", NULL);
  q.announce_interval_ms = 1000;
  h_qadd(h, &q);
  h_arrive(h, "c1", "q", S(0));
  h_arrive(h, "c2", "q", S(0));
  (void)h_take(h);
  h->verbose = 1;
  CALL(h, acdr_engine_handle_expiry(h->e, S(3 * 86400)));
  for (p = h->log; (p = strstr(p, "ANNOUNCE")) != NULL; p++) n++;
  assert_int_equal(n, 2);
  assert_int_equal(acdr_engine_get_expiry(h->e), S(3 * 86400 + 1));
}

/* The last instant of the clock is a time like any other: a periodic
 * deadline whose next period would be past the end fires once, and the
 * call returns (it used to re-fire forever). */
H_TEST(periodic_deadline_at_the_end_of_the_clock) {
  acdr_queue_def q;
  h_qdef(&q, "q", NULL);
  q.announce_interval_ms = 1000;
  h_qadd(h, &q);
  h_arrive(h, "c1", "q", S(0));
  (void)h_take(h);
  h->verbose = 1;
  alarm(30); /* a hang is a failure, not a stuck test run */
  CALL(h, acdr_engine_handle_expiry(h->e, ACDR_TSTAMP_MAX));
  alarm(0);
  h_expect(h, "ANNOUNCE c1 1 1\n");
  assert_int_equal(acdr_engine_get_expiry(h->e), ACDR_TSTAMP_MAX);
}

H_MAIN(T(refused_calls_change_nothing),
       T(check_gives_the_time_and_changes_nothing),
       T(refused_inside_a_callback_keeps_the_clock),
       T(jump_fires_a_periodic_deadline_once),
       T(periodic_deadline_at_the_end_of_the_clock))
