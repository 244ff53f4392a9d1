/* SPDX-License-Identifier: MIT */
/* Outbound contacts (acdr_outbound_request): the engine reserves an agent
 * by the queue's strategy, refuses numbers on the do-not-contact list
 * (counted), refuses when nobody can take the call, and the contact then
 * lives like an inbound one (dispositions, follow-up rules, snapshot,
 * event log).
 *
 * Peers: Asterisk has no outbound dialler in app_queue.c (originate is a
 * manager action outside the queue); FreeSWITCH mod_callcenter.c only
 * serves inbound members.  Preview/progressive dialling as done here
 * (reserve the agent, then dial) is what dialler products do on top of
 * them: the agent is picked first, so no customer waits for an agent. */
#include "dispo.h"

#include <stdio.h>
#include <string.h>

#define DAY_MS 86400000LL

static uint64_t qmetric(harness *h, const char *q, size_t off,
                        acdr_tstamp now) {
  acdr_metrics m;
  assert_int_equal(acdr_metrics_get_queue(h->e, q, 0, ACDR_TSTAMP_MAX, now,
                                          &m),
                   0);
  return *(const uint64_t *)(const void *)((const char *)&m + off);
}
#define QM(h, q, field, now) qmetric(h, q, offsetof(acdr_metrics, field), now)

/* The snapshot in *out (the caller's variable: returning a local that
 * the library wrote through its address trips GCC's -Wdangling-pointer
 * at -O3). */
static void snap(harness *h, char **out) {
  size_t len = 0;
  int rv;
  *out = NULL;
  rv = acdr_engine_snapshot(h->e, out, &len);
  if (rv != 0 || !*out) fail_msg("snapshot: %d", rv);
}

/* Queue q (longest idle, disposition not required, no wrap-up time),
 * agents a1..a3 logged in at 1, 2, 3 s: a1 has been idle longest. */
static void setup(harness *h) {
  h_init(h, NULL);
  h_team(h, "q", "longest-idle", "a1 a2 a3", "a1:0:0 a2:0:0 a3:0:0", NULL);
  h_login(h, "a1", S(1));
  h_login(h, "a2", S(2));
  h_login(h, "a3", S(3));
  (void)h_take(h);
}

H_TEST_WITH(reserves_the_strategys_agent, setup) {
  acdr_contact_info ci;
  CALL(h, acdr_outbound_request(h->e, "o1", "q", "tel:+15550101", S(10)));
  h_expect(h, "OFFER o1 a1\n");
  assert_int_equal(acdr_contact_get_info(h->e, "o1", &ci), 0);
  assert_int_equal(ci.state, ACDR_CONTACT_OFFERED);
  /* the next one goes to the next longest idle */
  CALL(h, acdr_outbound_request(h->e, "o2", "q", "tel:+15550102", S(11)));
  h_expect(h, "OFFER o2 a2\n");
  /* the customer answers after 20 s of dialling: no inbound wait counts */
  h_accept(h, "o1", "a1", S(30));
  h_hangup(h, "o1", S(90));
  h_expect(h, "CONNECTED o1 a1\nWRAPUP o1 a1\nENDED o1 completed\n");
  assert_int_equal(QM(h, "q", outbound_placed, S(90)), 2);
  assert_int_equal(QM(h, "q", offered, S(90)), 0);
  assert_int_equal(QM(h, "q", answered, S(90)), 0);
  assert_int_equal(QM(h, "q", handled, S(90)), 1);
  assert_int_equal(QM(h, "q", talk_ns, S(90)), S(60));
  /* an inbound call in the meantime is offered to the free agent a3 */
  h_arrive(h, "c1", "q", S(91));
  h_expect(h, "OFFER c1 a3\n");
  assert_int_equal(QM(h, "q", offered, S(91)), 1);
}

H_TEST_WITH(declined_preview_goes_to_the_next_agent, setup) {
  CALL(h, acdr_outbound_request(h->e, "o1", "q", "tel:+15550101", S(10)));
  h_expect(h, "OFFER o1 a1\n");
  CALL(h, acdr_contact_reject(h->e, "o1", "a1", ACDR_REJECT_DECLINED, S(12)));
  assert_non_null(strstr(h_take(h), "OFFER o1 a2\n"));
}

H_TEST_WITH(dnc_number_is_refused_and_counted, setup) {
  char *before, *after;
  const char *msg;
  acdr_contact_info ci;
  CALL(h, acdr_dnc_add(h->e, "tel:+15550199", DAY_MS, S(5)));
  snap(h, &before);
  assert_int_equal(
      acdr_outbound_request(h->e, "o1", "q", "tel:+15550199", S(10)),
      ACDR_ERR_DO_NOT_CONTACT);
  msg = acdr_engine_last_error(h->e);
  assert_non_null(strstr(msg, "\"tel:+15550199\" is on the do-not-contact"));
  assert_non_null(strstr(msg, "outbound \"o1\" on queue \"q\""));
  h_expect(h, "");
  h_check(h);
  assert_int_equal(acdr_contact_get_info(h->e, "o1", &ci),
                   ACDR_ERR_CONTACT_NOT_FOUND);
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AVAILABLE);
  assert_int_equal(QM(h, "q", outbound_dnc_refused, S(10)), 1);
  assert_int_equal(QM(h, "q", outbound_placed, S(10)), 0);
  {
    acdr_metrics m;
    assert_int_equal(acdr_metrics_get_engine(h->e, 0, ACDR_TSTAMP_MAX, S(10),
                                             &m),
                     0);
    assert_int_equal(m.outbound_dnc_refused, 1);
  }
  /* nothing else changed: the snapshot differs only by the clock and the
   * counter (checked above); the agents are untouched */
  snap(h, &after);
  assert_non_null(strstr(after, "\"contacts\": []"));
  assert_non_null(strstr(before, "\"contacts\": []"));
  acdr_free(h->e, before);
  acdr_free(h->e, after);
  /* when the entry has expired the number may be called */
  CALL(h, acdr_outbound_request(h->e, "o1", "q", "tel:+15550199",
                                S(5) + (acdr_tstamp)DAY_MS * ACDR_MILLISECONDS));
  h_expect(h, "OFFER o1 a1\n");
}

H_TEST(no_agent_is_its_own_error) {
  char *before, *after;
  h_agents(h, "a1 a2");
  h_queue(h, "empty", "longest-idle");
  h_queue(h, "q", "round-robin");
  h_members(h, "q", "a1:0:0 a2:0:0");
  snap(h, &before);
  assert_int_equal(acdr_outbound_request(h->e, "o1", "empty", "n1", S(1)),
                   ACDR_ERR_NO_AGENT);
  assert_non_null(strstr(acdr_engine_last_error(h->e),
                         "queue \"empty\" has no members"));
  /* members, but logged out */
  assert_int_equal(acdr_outbound_request(h->e, "o1", "q", "n1", S(1)),
                   ACDR_ERR_NO_AGENT);
  assert_non_null(strstr(acdr_engine_last_error(h->e),
                         "no member of queue \"q\" is ready"));
  h_login(h, "a1", S(1));
  h_login(h, "a2", S(1));
  CALL(h, acdr_outbound_request(h->e, "o1", "q", "n1", S(2)));
  CALL(h, acdr_outbound_request(h->e, "o2", "q", "n2", S(2)));
  (void)h_take(h);
  /* both agents reserved: a third request finds nobody */
  assert_int_equal(acdr_outbound_request(h->e, "o3", "q", "n3", S(3)),
                   ACDR_ERR_NO_AGENT);
  h_expect(h, "");
  h_check(h);
  snap(h, &after);
  assert_null(strstr(after, "\"o3\""));
  acdr_free(h->e, before);
  acdr_free(h->e, after);
}

H_TEST_WITH(bad_input_leaves_the_engine_unchanged, setup) {
  char *before, *after;
  snap(h, &before);
  h_arrive(h, "c1", "q", S(4));
  (void)h_take(h);
  acdr_free(h->e, before);
  snap(h, &before);
  assert_int_equal(acdr_outbound_request(NULL, "o1", "q", "n", S(5)),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_outbound_request(h->e, NULL, "q", "n", S(5)),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "outbound contact"));
  assert_int_equal(acdr_outbound_request(h->e, "", "q", "n", S(5)),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_outbound_request(h->e, "o1", "q", NULL, S(5)),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "outbound number"));
  assert_int_equal(acdr_outbound_request(h->e, "o1", NULL, "n", S(5)),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_outbound_request(h->e, "o1", "nope", "n", S(5)),
                   ACDR_ERR_QUEUE_NOT_FOUND);
  assert_int_equal(acdr_outbound_request(h->e, "c1", "q", "n", S(5)),
                   ACDR_ERR_DUPLICATE_ID);
  assert_int_equal(acdr_outbound_request(h->e, "o1", "q", "n", S(3)),
                   ACDR_ERR_TIME_BACKWARDS);
  h_expect(h, "");
  snap(h, &after);
  /* the refused calls moved the clock to 5 s at most: compare the rest */
  assert_string_equal(strstr(before, "\"seq\""), strstr(after, "\"seq\""));
  acdr_free(h->e, before);
  acdr_free(h->e, after);
}

/* Dispositions and follow-up rules work on outbound contacts: a
 * "not-interested" outbound call gets the DNC rule, and the next request
 * to that number is refused. */
H_TEST(dispositions_and_rules_apply_to_outbound) {
  acdr_dispo_rule r;
  acdr_dispo_record rec;
  h_agent(h, "a1");
  dq(h, "q", 1, 0);
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(1));
  acdr_dispo_rule_default(&r);
  r.id = "dnc30";
  r.code = "not-interested";
  r.action = ACDR_FOLLOWUP_DNC;
  r.argument = "dnc-30";
  r.duration_ms = 30 * DAY_MS;
  CALL(h, acdr_dispo_rule_add(h->e, &r));
  acdr_dispo_rule_default(&r);
  r.id = "brochure";
  r.code = "interested";
  r.action = ACDR_FOLLOWUP_MESSAGE;
  r.argument = "tpl-brochure";
  CALL(h, acdr_dispo_rule_add(h->e, &r));
  (void)h_take(h);

  CALL(h, acdr_outbound_request(h->e, "o1", "q", "tel:+1", S(10)));
  h_accept(h, "o1", "a1", S(20));
  h_hangup(h, "o1", S(80));
  dset(h, "o1", "interested", NULL, 0, S(85));
  h_expect(h, "OFFER o1 a1\nCONNECTED o1 a1\nWRAPUP o1 a1\n"
              "FOLLOWUP 2 tpl-brochure\nENDED o1 completed\n");
  assert_int_equal(acdr_dispo_get(h->e, "o1", &rec), 0);
  assert_string_equal(rec.primary, "interested");

  CALL(h, acdr_outbound_request(h->e, "o2", "q", "tel:+2", S(90)));
  h_accept(h, "o2", "a1", S(95));
  h_hangup(h, "o2", S(100));
  dset(h, "o2", "not-interested", NULL, 0, S(101));
  h_expect(h, "OFFER o2 a1\nCONNECTED o2 a1\nWRAPUP o2 a1\n"
              "FOLLOWUP 4 dnc-30\nENDED o2 completed\n");
  assert_int_equal(acdr_outbound_request(h->e, "o3", "q", "tel:+2", S(200)),
                   ACDR_ERR_DO_NOT_CONTACT);
  /* dispositioned, but an outbound call is no inbound resolution */
  assert_int_equal(QM(h, "q", dispositioned, S(200)), 2);
  assert_int_equal(QM(h, "q", outbound_placed, S(200)), 2);
  assert_int_equal(QM(h, "q", outbound_dnc_refused, S(200)), 1);
  assert_int_equal(QM(h, "q", offered, S(200)), 0);
}

/* The event log records placed and refused requests; replaying it gives
 * the same state (metrics included), and a restored snapshot continues
 * identically. */
static void record_setup(harness *h) {
  acdr_options o;
  acdr_options_default(&o);
  o.record_events = 1;
  h_init(h, &o);
  h_team(h, "q", "longest-idle", "a1 a2", "a1:0:0 a2:0:0", NULL);
  h_login(h, "a1", S(1));
  h_login(h, "a2", S(2));
  (void)h_take(h);
}

static void finish_o1(harness *h) {
  h_accept(h, "o1", "a1", S(20));
  h_hangup(h, "o1", S(50));
}

H_TEST_WITH(event_log_and_snapshot_cover_outbound, record_setup) {
  harness b, c;
  char *log = NULL, *line, *next, *sa, *sb, *sc;
  CALL(h, acdr_dnc_add(h->e, "tel:+9", 0, S(3)));
  CALL(h, acdr_outbound_request(h->e, "o1", "q", "tel:+1", S(10)));
  assert_int_equal(acdr_outbound_request(h->e, "o2", "q", "tel:+9", S(11)),
                   ACDR_ERR_DO_NOT_CONTACT);
  (void)h_take(h);
  assert_int_equal(acdr_engine_event_log_take(h->e, &log, NULL), 0);
  assert_non_null(strstr(log, "\"ev\": \"outbound\", \"contact\": \"o1\", "
                              "\"queue\": \"q\", \"key\": \"tel:+1\"}"));
  assert_non_null(strstr(log, "\"contact\": \"o2\""));

  /* replay into a fresh engine */
  h_init(&b, NULL);
  for (line = log; *line; line = next) {
    next = strchr(line, '\n');
    next = next ? next + 1 : line + strlen(line);
    assert_int_equal(acdr_engine_apply_event_json(b.e, line,
                                                  (size_t)(next - line)),
                     0);
  }
  acdr_free(h->e, log);
  snap(h, &sa);
  snap(&b, &sb);
  assert_string_equal(sa, sb);
  assert_non_null(strstr(sa, "\"outbound\": true"));
  assert_int_equal(QM(&b, "q", outbound_dnc_refused, S(11)), 1);

  /* restore and continue: same actions, same state */
  h_init(&c, NULL);
  assert_int_equal(acdr_engine_restore(c.e, sa, strlen(sa)), 0);
  (void)h_take(h);
  finish_o1(h);
  finish_o1(&c);
  assert_string_equal(h_take(h),
                      "CONNECTED o1 a1\nWRAPUP o1 a1\nENDED o1 completed\n");
  (void)h_take(&c);
  acdr_free(h->e, sa);
  acdr_free(b.e, sb);
  snap(h, &sa);
  snap(&c, &sc);
  assert_string_equal(sa, sc);
  assert_int_equal(QM(&c, "q", handled, S(50)), 1);
  assert_int_equal(QM(&c, "q", outbound_placed, S(50)), 1);
  acdr_free(h->e, sa);
  acdr_free(c.e, sc);
  h_free(&b);
  h_free(&c);
}

H_MAIN(T(reserves_the_strategys_agent),
       T(declined_preview_goes_to_the_next_agent),
       T(dnc_number_is_refused_and_counted), T(no_agent_is_its_own_error),
       T(bad_input_leaves_the_engine_unchanged),
       T(dispositions_and_rules_apply_to_outbound),
       T(event_log_and_snapshot_cover_outbound))
