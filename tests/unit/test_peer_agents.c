/* SPDX-License-Identifier: MIT */
/* Agent-side peer semantics (issue 17): the peers' definitions of "longest
 * idle" as the `idle` setting of longest-idle, and the peers' counters as
 * the `counts` setting of fewest-contacts / least-talk-time.
 *
 * Peer sources read for these scenarios:
 * - FreeSWITCH mod_callcenter.c, agent_dispatch / cc_queue member thread:
 *   longest-idle-agent is `ORDER BY level, agents.last_offered_call,
 *   position`; last_offered_call is set when the agent starts ringing,
 *   answered or not, and lives in the agents table (kept across Logged
 *   Out); last_bridge_end is set when the bridged call ends (wrap-up
 *   counts from it).  cc_agent_update("status"): going to Available from
 *   any other status sets talk_time = 0, calls_answered = 0,
 *   no_answer_count = 0.
 * - Asterisk app_queue.c calc_metric(): QUEUE_STRATEGY_LEASTRECENT ranks a
 *   member with lastcall == 0 first, then by time since lastcall;
 *   QUEUE_STRATEGY_FEWESTCALLS by the member's `calls`.  update_queue()
 *   sets lastcall and calls++ when the call ends, for this queue's member
 *   only, or for the member in every queue with shared_lastcall=yes
 *   (queues.conf.sample [general] shared_lastcall).
 */
#include "harness.h"

#include <stdio.h>
#include <string.h>

/* A queue without ring timeout, delays or max-missed, strategy with one
 * setting (key NULL: none). */
static void pq(harness *h, const char *id, const char *strategy,
               const char *key, const char *value, int64_t wrapup_ms) {
  acdr_queue_def d;
  acdr_kv kv = {key, value};
  h_qdef(&d, id, strategy);
  d.ring_timeout_ms = 0;
  d.wrapup_ms = wrapup_ms;
  d.no_answer_delay_ms = 0;
  d.reject_delay_ms = 0;
  d.max_missed = 0;
  if (key) {
    d.params = &kv;
    d.nparams = 1;
  }
  h_qadd(h, &d);
}

/* a1, a2 members of q (member order a1, a2) logged in at 0 and 1 s. */
static void team(harness *h, const char *strategy, const char *key,
                 const char *value, int64_t wrapup_ms) {
  pq(h, "q", strategy, key, value, wrapup_ms);
  h_agents(h, "a1 a2");
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_logins(h, "a1:0 a2:1");
}

/* Contact c arrives in q at t, rings at `agent` who answers at once. */
static void take(harness *h, const char *c, const char *q, const char *agent,
                 acdr_tstamp t) {
  char want[64];
  h_arrive(h, c, q, t);
  snprintf(want, sizeof(want), "OFFER %s %s\n", c, agent);
  h_expect(h, want);
  h_accept(h, c, agent, t);
  (void)h_take(h);
}

/* Who gets a contact arriving in q at t (answered, then the line is
 * cleared): "a1" or "a2". */
static const char *next_of(harness *h, const char *c, acdr_tstamp t) {
  static char agent[16];
  const char *log;
  h_arrive(h, c, "q", t);
  log = h_take(h);
  agent[0] = '\0';
  if (strncmp(log, "OFFER ", 6) == 0)
    (void)sscanf(log + 6 + strlen(c) + 1, "%15s", agent);
  return agent;
}

/* a1 talks 10..20 s, a2 12..40 s; wrap-up 30 s: a1 is free at 50 s, a2
 * ends its wrap-up early at 45 s.  Free since: a2 (45) before a1 (50);
 * talk end: a1 (20) before a2 (40). */
static const char *talk_end_vs_free(const char *idle) {
  harness hh, *h = &hh;
  static char got[16];
  h_init(h, NULL);
  team(h, "longest-idle", idle ? "idle" : NULL, idle, 30000);
  take(h, "c1", "q", "a1", S(10));
  take(h, "c2", "q", "a2", S(12));
  h_hangup(h, "c1", S(20));
  h_hangup(h, "c2", S(40));
  CALL(h, acdr_contact_wrapup_done(h->e, "c2", S(45)));
  h_advance(h, S(50));
  (void)h_take(h);
  snprintf(got, sizeof(got), "%s", next_of(h, "c3", S(60)));
  h_free(h);
  return got;
}

static void talk_end_counts_before_wrapup(void **state) {
  (void)state;
  assert_string_equal(talk_end_vs_free(NULL), "a2");
  assert_string_equal(talk_end_vs_free("free"), "a2");
  assert_string_equal(talk_end_vs_free("talk-end"), "a1");
}

/* An agent who never took a call ranks first (mod_callcenter: a new
 * agent's last_bridge_end / last_offered_call is 0; Asterisk: lastcall 0
 * gives metric 0), even when it logged in last. */
static const char *never_called(const char *idle) {
  harness hh, *h = &hh;
  static char got[16];
  h_init(h, NULL);
  team(h, "longest-idle", "idle", idle, 0);
  h_serve(h, "c1", "q", "a1", S(10), S(10));
  /* a2 leaves and comes back at 100 s, after a1 became free (20 s) */
  CALL(h, acdr_agent_logout(h->e, "a2", S(30)));
  h_login(h, "a2", S(100));
  (void)h_take(h);
  snprintf(got, sizeof(got), "%s", next_of(h, "c2", S(110)));
  h_free(h);
  return got;
}

static void never_called_first(void **state) {
  (void)state;
  assert_string_equal(never_called("free"), "a1");
  assert_string_equal(never_called("talk-end"), "a2");
  assert_string_equal(never_called("queue-talk-end"), "a2");
  assert_string_equal(never_called("offered"), "a2");
}

/* The time is kept across log out / log in: a1's last call ended at 20 s,
 * a2's at 40 s; both log out and back in, a2 first.  The default counts
 * from the login (a2); talk-end still from the calls (a1). */
static const char *across_login(const char *idle) {
  harness hh, *h = &hh;
  static char got[16];
  h_init(h, NULL);
  team(h, "longest-idle", "idle", idle, 0);
  take(h, "c1", "q", "a1", S(10));
  take(h, "c2", "q", "a2", S(12));
  h_hangup(h, "c1", S(20));
  h_hangup(h, "c2", S(40));
  CALL(h, acdr_agent_logout(h->e, "a1", S(50)));
  CALL(h, acdr_agent_logout(h->e, "a2", S(50)));
  h_login(h, "a2", S(100));
  h_login(h, "a1", S(101));
  (void)h_take(h);
  snprintf(got, sizeof(got), "%s", next_of(h, "c3", S(110)));
  h_free(h);
  return got;
}

static void kept_across_logout(void **state) {
  (void)state;
  assert_string_equal(across_login("free"), "a2");
  assert_string_equal(across_login("talk-end"), "a1");
}

/* mod_callcenter longest-idle-agent orders by last_offered_call: an agent
 * whose offer was not answered (here the caller hung up while it rang)
 * goes to the back, while "free since" is not moved by an unanswered
 * offer. */
static const char *offer_not_answered(const char *idle) {
  harness hh, *h = &hh;
  static char got[16];
  h_init(h, NULL);
  team(h, "longest-idle", "idle", idle, 0);
  h_arrive(h, "c1", "q", S(5));
  h_expect(h, "OFFER c1 a1\n");
  h_hangup(h, "c1", S(7));
  (void)h_take(h);
  snprintf(got, sizeof(got), "%s", next_of(h, "c2", S(8)));
  h_free(h);
  return got;
}

static void offered_goes_to_back(void **state) {
  (void)state;
  assert_string_equal(offer_not_answered("free"), "a1");
  assert_string_equal(offer_not_answered("talk-end"), "a1");
  assert_string_equal(offer_not_answered("offered"), "a2");
}

/* Asterisk leastrecent: lastcall per queue membership (shared_lastcall=no)
 * or shared by every queue of the agent (shared_lastcall=yes, idle
 * talk-end).  a2's last call was in q (ends 10 s), a1's in q2 (ends
 * 20 s): in q, a1 never had a call. */
static const char *per_queue(const char *idle) {
  harness hh, *h = &hh;
  static char got[16];
  h_init(h, NULL);
  team(h, "longest-idle", "idle", idle, 0);
  pq(h, "q2", "linear", NULL, NULL, 0);
  h_member(h, "q2", "a1", 0, 0, S(1));
  h_serve(h, "c1", "q", "a1", S(2), S(1));  /* a1 in q at 3 s */
  h_serve(h, "c2", "q", "a2", S(5), S(5));  /* a2 in q at 10 s */
  h_serve(h, "c3", "q2", "a1", S(15), S(5)); /* a1 in q2 at 20 s */
  snprintf(got, sizeof(got), "%s", next_of(h, "c4", S(100)));
  h_free(h);
  return got;
}

static void queue_talk_end_is_per_queue(void **state) {
  (void)state;
  /* q: a1 3 s, a2 10 s -> a1; shared: a1 20 s, a2 10 s -> a2 */
  assert_string_equal(per_queue("queue-talk-end"), "a1");
  assert_string_equal(per_queue("talk-end"), "a2");
  assert_string_equal(per_queue("free"), "a2");
}

/* mod_callcenter resets calls_answered and talk_time when the agent goes
 * from a break to Available: a1 answered two calls (40 s talk), a2 one
 * (5 s); a1 takes a break and comes back. */
static const char *after_break(const char *strategy, const char *counts) {
  harness hh, *h = &hh;
  static char got[16];
  h_init(h, NULL);
  team(h, strategy, counts ? "counts" : NULL, counts, 0);
  pq(h, "s1", "linear", NULL, NULL, 0);
  h_member(h, "s1", "a1", 0, 0, S(1));
  take(h, "c1", "q", "a1", S(10));
  take(h, "c2", "q", "a2", S(11));
  h_hangup(h, "c2", S(16));
  h_hangup(h, "c1", S(30));
  (void)h_take(h);
  h_serve(h, "c3", "s1", "a1", S(40), S(20));
  CALL(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AWAY, "lunch",
                                S(70)));
  CALL(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AVAILABLE, NULL,
                                S(80)));
  (void)h_take(h);
  snprintf(got, sizeof(got), "%s", next_of(h, "c4", S(90)));
  h_free(h);
  return got;
}

static void counts_reset_on_available(void **state) {
  (void)state;
  assert_string_equal(after_break("fewest-contacts", NULL), "a2");
  assert_string_equal(after_break("fewest-contacts", "login"), "a2");
  assert_string_equal(after_break("fewest-contacts", "available"), "a1");
  assert_string_equal(after_break("least-talk-time", NULL), "a2");
  assert_string_equal(after_break("least-talk-time", "available"), "a1");
}

/* Asterisk fewestcalls counts the member's calls in this queue: a1
 * answered two calls in q2, a2 one in q; in q a1 has none. */
static const char *fewest_per_queue(const char *counts, int reset) {
  harness hh, *h = &hh;
  static char got[16];
  h_init(h, NULL);
  team(h, "fewest-contacts", "counts", counts, 0);
  pq(h, "q2", "linear", NULL, NULL, 0);
  h_member(h, "q2", "a1", 0, 0, S(1));
  h_serve(h, "c1", "q2", "a1", S(10), S(5));
  h_serve(h, "c2", "q2", "a1", S(20), S(5));
  h_serve(h, "c3", "q", "a2", S(30), S(5));
  if (reset) CALL(h, acdr_agent_reset_counts(h->e, NULL));
  snprintf(got, sizeof(got), "%s", next_of(h, "c4", S(100)));
  h_free(h);
  return got;
}

static void fewest_counts_per_queue(void **state) {
  (void)state;
  assert_string_equal(fewest_per_queue("login", 0), "a2");
  assert_string_equal(fewest_per_queue("queue", 0), "a1");
  /* after a reset both have 0: the longest idle, a1 (free since 25 s; a2
   * since 35 s) */
  assert_string_equal(fewest_per_queue("queue", 1), "a1");
}

/* Bad settings are refused with a message naming them; nothing added. */
static void bad_settings_refused(void **state) {
  static const struct {
    const char *strategy, *key, *value, *msg;
  } bad[] = {
      {"longest-idle", "idle", "lastcall",
       "strategy \"longest-idle\": setting \"idle\" = \"lastcall\": expected "
       "free, talk-end, queue-talk-end or offered"},
      {"longest-idle", "counts", "login",
       "strategy \"longest-idle\": unknown setting \"counts\""},
      {"least-talk-time", "counts", "queue",
       "strategy \"least-talk-time\": setting \"counts\" = \"queue\": "
       "expected login or available"},
      {"fewest-contacts", "idle", "free",
       "strategy \"fewest-contacts\": unknown setting \"idle\""},
      {"leastrecent", "idle", "", NULL},
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    harness hh, *h = &hh;
    acdr_queue_def d;
    acdr_kv kv = {bad[i].key, bad[i].value};
    acdr_queue_info qi;
    h_init(h, NULL);
    h_qdef(&d, "q", bad[i].strategy);
    d.params = &kv;
    d.nparams = 1;
    assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_STRATEGY);
    if (bad[i].msg)
      assert_string_equal(acdr_engine_last_error(h->e), bad[i].msg);
    assert_int_equal(acdr_queue_get_info(h->e, "q", 0, &qi),
                     ACDR_ERR_QUEUE_NOT_FOUND);
    h_check(h);
    h_free(h);
  }
}

/* The peers' strategy names take the settings of their strategy. */
H_TEST(aliases_take_the_settings) {
  team(h, "leastrecent", "idle", "queue-talk-end", 0);
  pq(h, "f", "agent-with-fewest-calls", "counts", "available", 0);
  pq(h, "l", "longest-idle-agent", "idle", "offered", 0);
}

/* Snapshot / restore: the times and counts the rules read are engine
 * state; a restored engine decides as the original, and a configuration
 * export keeps the settings. */
static void restore_continues(void **state) {
  harness a, b;
  char *snap, *snap_b, *doc, *doc_b;
  (void)state;
  h_init(&a, NULL);
  team(&a, "longest-idle", "idle", "offered", 0);
  pq(&a, "f", "fewest-contacts", "counts", "queue", 0);
  pq(&a, "t", "least-talk-time", "counts", "available", 0);
  pq(&a, "e", "longest-idle", "idle", "queue-talk-end", 0);
  {
    static const char *const qs[] = {"f", "t", "e"};
    size_t i;
    for (i = 0; i < 3; i++) {
      h_member(&a, qs[i], "a1", 0, 0, S(1));
      h_member(&a, qs[i], "a2", 0, 1, S(1));
    }
  }
  take(&a, "c1", "f", "a1", S(10)); /* f: a1 1 call */
  take(&a, "c2", "e", "a2", S(11)); /* e: a2 at 12 s */
  h_hangup(&a, "c2", S(12));
  h_hangup(&a, "c1", S(40));
  CALL(&a, acdr_agent_set_status(a.e, "a2", ACDR_AGENT_AWAY, NULL, S(50)));
  CALL(&a, acdr_agent_set_status(a.e, "a2", ACDR_AGENT_AVAILABLE, NULL,
                                 S(51)));
  (void)h_take(&a);
  CALL(&a, acdr_engine_snapshot(a.e, &snap, NULL));
  CALL(&a, acdr_config_export(a.e, &doc, NULL));
  assert_non_null(strstr(doc, "\"idle\": \"offered\""));
  assert_non_null(strstr(doc, "\"counts\": \"queue\""));
  h_init(&b, NULL);
  CALL(&b, acdr_engine_restore(b.e, snap, strlen(snap)));
  CALL(&b, acdr_engine_snapshot(b.e, &snap_b, NULL));
  assert_string_equal(snap, snap_b);
  CALL(&b, acdr_config_export(b.e, &doc_b, NULL));
  assert_string_equal(doc, doc_b);
  {
    static const char *const qs[] = {"q", "f", "t", "e"};
    /* q (offered): a1 offered at 10 s, a2 at 11 s -> a1; f (queue): a2
     * none in f -> a2; t (available): a2 reset at 51 s -> a2; e: a1 never
     * talked in e -> a1 */
    static const char *const want[] = {"a1", "a2", "a2", "a1"};
    size_t i;
    for (i = 0; i < 4; i++) {
      char c[8], line[32];
      const char *la, *lb;
      snprintf(c, sizeof(c), "x%zu", i);
      snprintf(line, sizeof(line), "OFFER %s %s\n", c, want[i]);
      h_arrive(&a, c, qs[i], S(60 + i));
      h_arrive(&b, c, qs[i], S(60 + i));
      la = h_take(&a);
      assert_string_equal(la, line);
      lb = h_take(&b);
      assert_string_equal(lb, line);
      h_hangup(&a, c, S(60 + i));
      h_hangup(&b, c, S(60 + i));
      (void)h_take(&a);
      (void)h_take(&b);
    }
  }
  acdr_free(a.e, snap);
  acdr_free(a.e, doc);
  acdr_free(b.e, snap_b);
  acdr_free(b.e, doc_b);
  h_free(&a);
  h_free(&b);
}

H_MAIN(T(talk_end_counts_before_wrapup), T(never_called_first),
       T(kept_across_logout), T(offered_goes_to_back),
       T(queue_talk_end_is_per_queue), T(counts_reset_on_available),
       T(fewest_counts_per_queue), T(bad_settings_refused),
       T(aliases_take_the_settings), T(restore_continues))
