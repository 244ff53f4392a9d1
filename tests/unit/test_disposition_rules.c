/* SPDX-License-Identifier: MIT */
/* Follow-up rules: each action kind fires at the host time its rule asks
 * for, with the contact's ids; conditions on queue and contact attribute;
 * corrections cancel and add follow-ups. */
#include "dispo.h"

#include <string.h>

#include <stdio.h>

#define HOUR S(3600)
#define DAY (24 * HOUR)

/* The last FOLLOWUP seen. */
static struct {
  char contact[32], customer[32], queue[32];
  int64_t value_ms;
  acdr_tstamp time;
} last;

static int capture(harness *h, const acdr_action *a) {
  (void)h;
  if (a->type != ACDR_ACTION_FOLLOWUP) return 0;
  snprintf(last.contact, sizeof(last.contact), "%s",
           a->contact_id ? a->contact_id : "-");
  snprintf(last.customer, sizeof(last.customer), "%s",
           a->customer_id ? a->customer_id : "-");
  snprintf(last.queue, sizeof(last.queue), "%s",
           a->queue_id ? a->queue_id : "-");
  last.value_ms = a->value_ms;
  last.time = a->time;
  return 0;
}

static void rule(harness *h, const char *id, const char *code, int32_t action,
                 const char *arg, int64_t delay_ms, int64_t duration_ms,
                 const char *queue, const char *akey, const char *aval) {
  acdr_dispo_rule r;
  acdr_dispo_rule_default(&r);
  r.id = id;
  r.code = code;
  r.action = action;
  r.argument = arg;
  r.delay_ms = delay_ms;
  r.duration_ms = duration_ms;
  r.queue = queue;
  r.attr_key = akey;
  r.attr_value = aval;
  assert_int_equal(acdr_dispo_rule_add(h->e, &r), 0);
}

/* Queues q and q2 (disposition required, no wrap-up time: setting the
 * code closes the contact), agent a1 in both, and four rules. */
static void setup(harness *h) {
  h_init(h, NULL);
  h->hook = capture;
  memset(&last, 0, sizeof(last));
  h_agent(h, "a1");
  dq(h, "q", 1, 0);
  dq(h, "q2", 1, 0);
  h_member(h, "q", "a1", 0, 0, 0);
  h_member(h, "q2", "a1", 0, 0, 0);
  h_login(h, "a1", S(1));
  rule(h, "cb", "callback-requested", ACDR_FOLLOWUP_CALLBACK, "cb-sales",
       3600000, 0, NULL, NULL, NULL);
  rule(h, "brochure", "interested", ACDR_FOLLOWUP_MESSAGE, "tpl-brochure", 0,
       0, NULL, NULL, NULL);
  rule(h, "nurture", "interested", ACDR_FOLLOWUP_LIST, "nurture", 86400000,
       0, "q", NULL, NULL);
  rule(h, "spanish", "interested", ACDR_FOLLOWUP_MESSAGE, "tpl-es", 0, 0,
       NULL, "lang", "es");
  rule(h, "dnc30", "not-interested", ACDR_FOLLOWUP_DNC, "dnc-30", 0,
       30LL * 86400000, NULL, NULL, NULL);
  assert_int_equal(acdr_dispo_rule_count(h->e), 5);
}

/* Contact cid talks on queue q from t to t+60 s; the agent sets codes at
 * t+60 s, which closes it. */
static void call(harness *h, const char *cid, const char *q, const char *cust,
                 const char *lang, acdr_tstamp t) {
  darrive(h, cid, q, cust, lang, t);
  h_accept(h, cid, "a1", t);
  h_hangup(h, cid, t + S(60));
  h_take(h);
}

H_TEST_WITH(each_action_at_its_time, setup) {
  const char *tags[] = {"callback-requested"};
  acdr_tstamp t0 = S(100);
  call(h, "c1", "q", "cust1", "en", S(40));
  dset(h, "c1", "interested", tags, 1, t0);
  /* immediate: the message; not the Spanish one (lang=en) */
  h_expect(h, "FOLLOWUP 2 tpl-brochure\nENDED c1 completed\n");
  assert_string_equal(last.contact, "c1");
  assert_string_equal(last.customer, "cust1");
  assert_string_equal(last.queue, "q");
  assert_int_equal(acdr_dispo_pending_count(h->e), 2);
  assert_int_equal(acdr_engine_get_expiry(h->e), t0 + HOUR);
  h_advance(h, t0 + HOUR - 1);
  h_expect(h, "");
  h_advance(h, t0 + HOUR);
  h_expect(h, "FOLLOWUP 1 cb-sales\n");
  assert_int_equal(last.time, t0 + HOUR);
  assert_int_equal(last.value_ms, 3600000);
  assert_string_equal(last.contact, "c1");
  assert_string_equal(last.customer, "cust1");
  h_advance(h, t0 + DAY - 1);
  h_expect(h, "");
  h_advance(h, t0 + DAY);
  h_expect(h, "FOLLOWUP 3 nurture\n");
  assert_int_equal(last.time, t0 + DAY);
  assert_int_equal(acdr_dispo_pending_count(h->e), 0);
  assert_int_equal(acdr_engine_get_expiry(h->e), ACDR_TSTAMP_MAX);
}

H_TEST_WITH(conditions, setup) {
  /* Spanish speaker on q2: both messages, no "nurture" (q only) */
  call(h, "c2", "q2", "cust2", "es", S(10));
  dset(h, "c2", "interested", NULL, 0, S(70));
  h_expect(h, "FOLLOWUP 2 tpl-brochure\nFOLLOWUP 2 tpl-es\n"
               "ENDED c2 completed\n");
  assert_int_equal(acdr_dispo_pending_count(h->e), 0);
}

H_TEST_WITH(dnc_rule_and_code, setup) {
  int32_t ok = -1;
  acdr_tstamp until = 0, t0 = S(70);
  call(h, "c3", "q", "cust3", NULL, S(10));
  dset(h, "c3", "not-interested", NULL, 0, t0);
  h_expect(h, "FOLLOWUP 4 dnc-30\nENDED c3 completed\n");
  assert_int_equal(last.value_ms, 30LL * 86400000);
  assert_int_equal(acdr_dnc_check(h->e, "cust3", t0, &ok, &until), 0);
  assert_int_equal(ok, 0);
  assert_int_equal(until, t0 + 30 * DAY);
  assert_int_equal(acdr_dnc_check(h->e, "cust3", t0 + 30 * DAY, &ok, NULL), 0);
  assert_int_equal(ok, 1);
  /* the built-in do-not-contact code lists the customer until removed */
  call(h, "c4", "q", "cust4", NULL, t0 + 30 * DAY);
  dset(h, "c4", "do-not-contact", NULL, 0, t0 + 30 * DAY + S(60));
  h_expect(h, "FOLLOWUP 4 do-not-contact\nENDED c4 completed\n");
  assert_int_equal(last.value_ms, 0);
  assert_int_equal(acdr_dnc_check(h->e, "cust4", t0 + 400 * DAY, &ok, &until),
                   0);
  assert_int_equal(ok, 0);
  assert_int_equal(until, ACDR_TSTAMP_MAX);
}

H_TEST_WITH(corrections_move_followups, setup) {
  acdr_tstamp t0 = S(70);
  const char *tags[] = {"callback-requested"};
  call(h, "c5", "q", "cust5", NULL, S(10));
  dset(h, "c5", "interested", NULL, 0, t0);
  h_expect(h, "FOLLOWUP 2 tpl-brochure\nENDED c5 completed\n");
  assert_int_equal(acdr_dispo_pending_count(h->e), 1); /* nurture */
  /* an hour later: not interested after all, but call back */
  assert_int_equal(acdr_dispo_correct(h->e, "c5", "not-interested", tags, 1,
                                      t0 + HOUR),
                   0);
  h_check(h);
  h_expect(h, "FOLLOWUP 4 dnc-30\n");
  assert_int_equal(acdr_dispo_pending_count(h->e), 1); /* only the callback */
  h_advance(h, t0 + 2 * HOUR);
  h_expect(h, "FOLLOWUP 1 cb-sales\n");
  h_advance(h, t0 + 2 * DAY);
  h_expect(h, ""); /* nurture was cancelled */
}

H_TEST_WITH(rule_input, setup) {
  acdr_dispo_rule r, out;
  acdr_dispo_rule_default(&r);
  r.id = "cb";
  r.code = "busy";
  r.action = ACDR_FOLLOWUP_CALLBACK;
  assert_int_equal(acdr_dispo_rule_add(h->e, &r), ACDR_ERR_DUPLICATE_ID);
  r.id = "x";
  r.code = "nope";
  assert_int_equal(acdr_dispo_rule_add(h->e, &r), ACDR_ERR_UNKNOWN_CODE);
  r.code = "busy";
  r.action = 9;
  assert_int_equal(acdr_dispo_rule_add(h->e, &r), ACDR_ERR_INVALID_ARGUMENT);
  r.action = ACDR_FOLLOWUP_CALLBACK;
  r.delay_ms = -1;
  assert_int_equal(acdr_dispo_rule_add(h->e, &r), ACDR_ERR_INVALID_ARGUMENT);
  r.delay_ms = 0;
  r.attr_key = "lang";
  assert_int_equal(acdr_dispo_rule_add(h->e, &r), ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_dispo_rule_count(h->e), 5);
  assert_int_equal(acdr_dispo_rule_get(h->e, "nurture", &out), 0);
  assert_string_equal(out.code, "interested");
  assert_string_equal(out.queue, "q");
  assert_int_equal(out.delay_ms, 86400000);
  assert_int_equal(acdr_dispo_rule_remove(h->e, "nurture"), 0);
  assert_int_equal(acdr_dispo_rule_remove(h->e, "nurture"), ACDR_ERR_NOT_FOUND);
  assert_int_equal(acdr_dispo_rule_get(h->e, "nurture", &out),
                   ACDR_ERR_NOT_FOUND);
  assert_int_equal(acdr_dispo_rule_count(h->e), 4);
  /* the rest still fire, in the order they were added */
  call(h, "c6", "q", "cust6", "es", S(10));
  dset(h, "c6", "interested", NULL, 0, S(70));
  h_expect(h, "FOLLOWUP 2 tpl-brochure\nFOLLOWUP 2 tpl-es\n"
               "ENDED c6 completed\n");
  assert_int_equal(acdr_dispo_pending_count(h->e), 0);
}

H_MAIN(T(each_action_at_its_time), T(conditions), T(dnc_rule_and_code),
       T(corrections_move_followups), T(rule_input))
