/* SPDX-License-Identifier: MIT */
/* Per-agent miss settings (acdr_agent_def V2, issue 17): FreeSWITCH
 * mod_callcenter agent params reject-delay-time, busy-delay-time,
 * no-answer-delay-time, max-no-answer (then the agent's status changes),
 * and the status "Available (On Demand)".
 *
 * Peer source read: mod_callcenter.c outbound_agent_thread_run(): on an
 * originate failure delay_next_agent_call is the agent's
 * reject_delay_time (CALL_REJECTED), busy_delay_time (USER_BUSY) or
 * no_answer_delay_time (other causes, no_answer_count + 1); when
 * max_no_answer > 0 and the count reaches it, cc_agent_update("status",
 * "On Break"); newer versions set the agent's configured no-answer status
 * instead.  At the end of the thread an agent whose status is
 * "Available (On Demand)" gets state Idle ("we do not receive another
 * call until state manually changed to Waiting").  The delays and
 * max-no-answer are per agent there; acdroute also has them per queue,
 * and the agent's own value (>= 0) wins.
 */
#include "harness.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the V1 length of acdr_agent_def rounded to its alignment (8) */
#define ACDR_STRUCT_V1_SIZE                                                  \
  ((offsetof(acdr_agent_def, voice_blocks_other_channels) + 4 + 7) / 8 * 8)

/* Queue q: ring timeout 10 s, every delay 0, max_missed 0 unless set. */
static void queue(harness *h, uint32_t max_missed) {
  acdr_queue_def d;
  h_qdef(&d, "q", "linear");
  d.ring_timeout_ms = 10000;
  d.no_answer_delay_ms = 0;
  d.reject_delay_ms = 0;
  d.busy_delay_ms = 0;
  d.max_missed = max_missed;
  h_qadd(h, &d);
}

/* Agent `id` with the miss settings given (-1: the queue's). */
static void agent(harness *h, const char *id, int64_t na, int64_t rej,
                  int64_t busy, int32_t max, int32_t status, int32_t od) {
  acdr_agent_def d;
  acdr_agent_def_default(&d);
  d.id = id;
  d.no_answer_delay_ms = na;
  d.reject_delay_ms = rej;
  d.busy_delay_ms = busy;
  d.max_missed = max;
  d.missed_status = status;
  d.on_demand = od;
  CALL(h, acdr_agent_add(h->e, &d));
}

/* a1 (the agent under test, member first) and a2 (plain), logged in. */
static void pair(harness *h, int64_t na, int64_t rej, int64_t busy,
                 int32_t max, int32_t status, int32_t od,
                 uint32_t queue_max) {
  queue(h, queue_max);
  agent(h, "a1", na, rej, busy, max, status, od);
  h_agent(h, "a2");
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_logins(h, "a1:1 a2:1");
}

static const char *away_reason(harness *h, const char *id) {
  static char r[32];
  acdr_agent_info info;
  CALL(h, acdr_agent_get_info(h->e, id, &info));
  snprintf(r, sizeof(r), "%s", info.away_reason ? info.away_reason : "");
  return r;
}

/* Each kind of miss uses the agent's own delay: a1 is not offered the
 * next contact for 20 s after a decline, 30 s after busy, 40 s after a
 * ring-out, although the queue says 0 (a2 is offered at once). */
H_TEST(agent_delays_override_queue) {
  static const struct {
    int how;
    int64_t back; /* s after the miss when a1 is offered again */
  } k[] = {{ACDR_REJECT_DECLINED, 20}, {ACDR_REJECT_BUSY, 30},
           {ACDR_REJECT_NO_ANSWER, 40}};
  size_t i;
  h_free(h);
  for (i = 0; i < 3; i++) {
    int na = k[i].how == ACDR_REJECT_NO_ANSWER;
    acdr_tstamp miss = na ? S(12) : S(10);
    h_init(h, NULL);
    pair(h, 40000, 20000, 30000, -1, ACDR_AGENT_AWAY, 0, 0);
    h_arrive(h, "c1", "q", S(2));
    h_expect(h, "OFFER c1 a1\n");
    if (na)
      h_advance(h, miss);
    else
      CALL(h, acdr_contact_reject(h->e, "c1", "a1", k[i].how, miss));
    h_expect(h, na ? "CANCEL c1 a1 no-answer\nOFFER c1 a2\n"
                   : "CANCEL c1 a1 rejected\nOFFER c1 a2\n");
    h_accept(h, "c1", "a2", miss + S(1));
    h_arrive(h, "c2", "q", miss + S(2));
    h_expect(h, "CONNECTED c1 a2\n"); /* a1 rests: c2 waits */
    h_advance(h, miss + S(k[i].back) - 1);
    h_expect(h, "");
    h_advance(h, miss + S(k[i].back));
    h_expect(h, "OFFER c2 a1\n");
    h_free(h);
  }
  h_init(h, NULL); /* for the H_TEST's own h_free */
}

/* max-no-answer per agent: the queue never sets anyone away
 * (max_missed 0); a1's own limit 2 puts it On Break (AWAY "no-answer")
 * after its second ring-out in a row. */
H_TEST(agent_max_missed_sets_away) {
  pair(h, -1, -1, -1, 2, ACDR_AGENT_AWAY, 0, 0);
  h_arrive(h, "c1", "q", S(0) + S(2));
  h_advance(h, S(12));
  h_expect(h, "OFFER c1 a1\nCANCEL c1 a1 no-answer\nOFFER c1 a2\n");
  h_advance(h, S(22)); /* a2 rings out, a1 again */
  h_expect(h, "CANCEL c1 a2 no-answer\nOFFER c1 a1\n");
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AVAILABLE);
  h_advance(h, S(32));
  h_expect(h, "CANCEL c1 a1 no-answer\nOFFER c1 a2\n");
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AWAY);
  assert_string_equal(away_reason(h, "a1"), "no-answer");
  /* a2 uses the queue's 0: never away */
  h_advance(h, S(42));
  h_expect(h, "CANCEL c1 a2 no-answer\nOFFER c1 a2\n");
  assert_int_equal(h_status(h, "a2"), ACDR_AGENT_AVAILABLE);
}

/* The agent's 0 (never) wins over the queue's 1. */
H_TEST(agent_max_missed_zero_wins) {
  pair(h, -1, -1, -1, 0, ACDR_AGENT_AWAY, 0, 1);
  h_arrive(h, "c1", "q", S(2));
  h_advance(h, S(12));
  h_expect(h, "OFFER c1 a1\nCANCEL c1 a1 no-answer\nOFFER c1 a2\n");
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AVAILABLE);
  assert_int_equal(h_status(h, "a2"), ACDR_AGENT_AVAILABLE);
  h_advance(h, S(22));
  h_expect(h, "CANCEL c1 a2 no-answer\nOFFER c1 a1\n");
  assert_int_equal(h_status(h, "a2"), ACDR_AGENT_AWAY);
}

/* missed_status LOGGED_OUT: after max_missed the agent is logged out
 * (its queue counts it no more) instead of set away. */
H_TEST(missed_status_logged_out) {
  acdr_queue_info qi;
  pair(h, -1, -1, -1, 1, ACDR_AGENT_LOGGED_OUT, 0, 0);
  h_arrive(h, "c1", "q", S(2));
  h_advance(h, S(12));
  h_expect(h, "OFFER c1 a1\nCANCEL c1 a1 no-answer\nOFFER c1 a2\n");
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_LOGGED_OUT);
  CALL(h, acdr_queue_get_info(h->e, "q", S(12), &qi));
  assert_int_equal(qi.agents_logged_in, 1);
  /* it logs in again as usual */
  h_login(h, "a1", S(13));
}

/* Available (On Demand): one contact, then AWAY "on-demand" until the
 * host sets AVAILABLE; also after a decline. */
H_TEST(on_demand_one_contact_at_a_time) {
  pair(h, -1, -1, -1, -1, ACDR_AGENT_AWAY, 1, 0);
  h_arrive(h, "c1", "q", S(2));
  h_expect(h, "OFFER c1 a1\n");
  h_accept(h, "c1", "a1", S(3));
  h_expect(h, "CONNECTED c1 a1\n");
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AVAILABLE);
  h_hangup(h, "c1", S(20));
  h_expect(h, "WRAPUP c1 a1\nENDED c1 completed\n");
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AWAY);
  assert_string_equal(away_reason(h, "a1"), "on-demand");
  /* a2 busy: c2 waits for a1 to be set available again */
  h_arrive(h, "c0", "q", S(21));
  h_expect(h, "OFFER c0 a2\n");
  h_accept(h, "c0", "a2", S(21));
  h_arrive(h, "c2", "q", S(22));
  h_expect(h, "CONNECTED c0 a2\n");
  CALL(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AVAILABLE, NULL,
                                S(30)));
  h_expect(h, "OFFER c2 a1\n");
  CALL(h, acdr_contact_reject(h->e, "c2", "a1", ACDR_REJECT_DECLINED,
                              S(31)));
  h_expect(h, "CANCEL c2 a1 rejected\n");
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AWAY);
  assert_string_equal(away_reason(h, "a1"), "on-demand");
}

/* Refused values name the field; the agent is not added. */
static void bad_values_refused(void **state) {
  static const struct {
    int field;
    int64_t v;
    const char *msg;
  } bad[] = {
      {0, -2, "agent \"a1\": no_answer_delay_ms outside -1..31622400000"},
      {1, 366LL * 86400 * 1000 + 1,
       "agent \"a1\": reject_delay_ms outside -1..31622400000"},
      {2, -5, "agent \"a1\": busy_delay_ms outside -1..31622400000"},
      {3, -2, "agent \"a1\": max_missed -2 below -1"},
      {4, ACDR_AGENT_AVAILABLE,
       "agent \"a1\": missed_status 1 is not AWAY or LOGGED_OUT"},
      {5, 2, "agent \"a1\": on_demand not 0/1"},
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    harness hh, *h = &hh;
    acdr_agent_def d;
    acdr_agent_info info;
    h_init(h, NULL);
    acdr_agent_def_default(&d);
    d.id = "a1";
    switch (bad[i].field) {
      case 0: d.no_answer_delay_ms = bad[i].v; break;
      case 1: d.reject_delay_ms = bad[i].v; break;
      case 2: d.busy_delay_ms = bad[i].v; break;
      case 3: d.max_missed = (int32_t)bad[i].v; break;
      case 4: d.missed_status = (int32_t)bad[i].v; break;
      default: d.on_demand = (int32_t)bad[i].v; break;
    }
    assert_int_equal(acdr_agent_add(h->e, &d), ACDR_ERR_RANGE);
    assert_string_equal(acdr_engine_last_error(h->e), bad[i].msg);
    assert_int_equal(acdr_agent_get_info(h->e, "a1", &info),
                     ACDR_ERR_AGENT_NOT_FOUND);
    h_free(h);
  }
}

/* A caller built against V1 passes the smaller struct: the V2 settings
 * take their defaults (the queue's values, not on demand). */
typedef struct agent_def_v1 { /* acdr_agent_def as the V1 header had it */
  const char *id, *name;
  uint32_t capacity[ACDR_CHANNEL_COUNT];
  const acdr_skill *skills;
  size_t nskills;
  int64_t wrapup_ms;
  int32_t voice_blocks_other_channels;
} agent_def_v1;

H_TEST(v1_struct_gets_defaults) {
  /* exactly V1's size on the heap: reading past it trips ASan */
  agent_def_v1 *d = malloc(sizeof(*d));
  char *doc;
  assert_non_null(d);
  assert_int_equal(sizeof(*d), ACDR_STRUCT_V1_SIZE);
  acdr_agent_def_default_versioned(ACDR_AGENT_DEF_V1,
                                   (acdr_agent_def *)(void *)d);
  d->id = "a1";
  CALL(h, acdr_agent_add_versioned(h->e, ACDR_AGENT_DEF_V1,
                                   (acdr_agent_def *)(void *)d));
  free(d);
  CALL(h, acdr_config_export(h->e, &doc, NULL));
  assert_null(strstr(doc, "delay_ms"));
  assert_null(strstr(doc, "max_missed"));
  assert_null(strstr(doc, "on_demand"));
  acdr_free(h->e, doc);
  queue(h, 1);
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q", S(2));
  h_advance(h, S(12));
  h_expect(h, "OFFER c1 a1\nCANCEL c1 a1 no-answer\n");
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AWAY); /* the queue's 1 */
}

static void load(acdr_engine *e, const char *doc, int want) {
  int rv = acdr_config_apply(e, doc, strlen(doc), ACDR_RELOAD_REFUSE, 0);
  if (rv != want) fail_msg("apply: %d %s", rv, acdr_config_last_errors(e));
}

/* Configuration keys: read, exported as written, reloaded unchanged;
 * bad values refused with a pointer to the key; snapshots keep them. */
H_TEST(config_round_trip) {
  static const char doc[] =
      "{\"agents\": [{\"id\": \"a1\", \"no_answer_delay_ms\": 4000, "
      "\"reject_delay_ms\": 1000, \"busy_delay_ms\": 2000, \"max_missed\": "
      "5, \"missed_status\": \"logged_out\", \"on_demand\": true}, "
      "{\"id\": \"a2\"}], \"queues\": [{\"id\": \"q\", \"members\": "
      "[\"a1\", \"a2\"]}]}";
  char *out, *out2, *snap;
  harness b;
  load(h->e, doc, 0);
  CALL(h, acdr_config_export(h->e, &out, NULL));
  assert_non_null(strstr(out, "\"no_answer_delay_ms\": 4000"));
  assert_non_null(strstr(out, "\"reject_delay_ms\": 1000"));
  assert_non_null(strstr(out, "\"busy_delay_ms\": 2000"));
  assert_non_null(strstr(out, "\"max_missed\": 5"));
  assert_non_null(strstr(out, "\"missed_status\": \"logged_out\""));
  assert_non_null(strstr(out, "\"on_demand\": true"));
  h_init(&b, NULL);
  load(b.e, out, 0);
  CALL(&b, acdr_config_export(b.e, &out2, NULL));
  assert_string_equal(out, out2);
  acdr_free(b.e, out2);
  h_free(&b);
  /* a snapshot taken after a1 went on-demand away restores it away, with
   * its settings */
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q", S(2));
  h_expect(h, "OFFER c1 a1\n");
  h_accept(h, "c1", "a1", S(3));
  h_hangup(h, "c1", S(4));
  (void)h_take(h);
  assert_string_equal(away_reason(h, "a1"), "on-demand");
  CALL(h, acdr_engine_snapshot(h->e, &snap, NULL));
  h_init(&b, NULL);
  CALL(&b, acdr_engine_restore(b.e, snap, strlen(snap)));
  assert_string_equal(away_reason(&b, "a1"), "on-demand");
  CALL(&b, acdr_config_export(b.e, &out2, NULL));
  assert_string_equal(out, out2);
  CALL(&b, acdr_agent_set_status(b.e, "a1", ACDR_AGENT_AVAILABLE, NULL,
                                 S(5)));
  h_arrive(&b, "c2", "q", S(6));
  h_expect(&b, "OFFER c2 a1\n");
  h_accept(&b, "c2", "a1", S(6));
  h_hangup(&b, "c2", S(7));
  (void)h_take(&b);
  assert_string_equal(away_reason(&b, "a1"), "on-demand");
  acdr_free(b.e, out2);
  h_free(&b);
  acdr_free(h->e, snap);
  acdr_free(h->e, out);
  /* bad values */
  h_init(&b, NULL);
  load(b.e, "{\"agents\": [{\"id\": \"a1\", \"missed_status\": \"break\"}]}",
       ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_config_last_errors(b.e),
                         "/agents/0/missed_status"));
  load(b.e, "{\"agents\": [{\"id\": \"a1\", \"max_missed\": -2}]}",
       ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_config_last_errors(b.e),
                         "/agents/0/max_missed"));
  h_free(&b);
}

H_MAIN(T(agent_delays_override_queue), T(agent_max_missed_sets_away),
       T(agent_max_missed_zero_wins), T(missed_status_logged_out),
       T(on_demand_one_contact_at_a_time), T(bad_values_refused),
       T(v1_struct_gets_defaults), T(config_round_trip))
