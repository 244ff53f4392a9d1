/* SPDX-License-Identifier: MIT */
/* The outcome strategy: learns from dispositions which agent resolves a
 * contact type, explores new agents, waits for a better agent only up to
 * max_wait, keeps fairness limits, falls back to longest idle without
 * outcomes; its state survives snapshots, reloads and replays.
 *
 * No peer routes by outcomes: Asterisk app_queue's strategies
 * (queues.conf.sample: ringall, leastrecent, fewestcalls, random,
 * rrmemory, rrordered, linear, wrandom) and FreeSWITCH mod_callcenter's
 * (ring-all, longest-idle-agent, round-robin, top-down,
 * agent-with-least-talk-time, agent-with-fewest-calls,
 * sequentially-by-agent-order, random, ring-progressively) all pick by
 * idle time, counts, order or chance; the tests compare with
 * longest-idle, the fallback. */
#include "failmem.h"
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <acdroute/config.h>
#include <acdroute/disposition.h>
#include <acdroute/metrics.h>

#define RESOLVED "deal-closed"       /* ACDR_DISPO_RESOLVED */
#define UNRESOLVED "follow-up-required" /* not resolved */

/* Queue q with the outcome strategy, settings "k=v,k=v" (may be NULL),
 * dispositions required, no wrap-up time: the code closes the contact. */
static int oq_set(harness *h, const char *settings, int update) {
  acdr_queue_def d;
  acdr_kv kv[8];
  char buf[256], *p, *save = NULL;
  size_t n = 0;
  acdr_queue_def_default(&d);
  d.id = "q";
  d.strategy = "outcome";
  d.require_disposition = 1;
  d.wrapup_ms = 0;
  d.ring_timeout_ms = 0;
  if (settings) {
    snprintf(buf, sizeof(buf), "%s", settings);
    for (p = strtok_r(buf, ",", &save); p && n < 8;
         p = strtok_r(NULL, ",", &save)) {
      char *eq = strchr(p, '=');
      *eq = '\0';
      kv[n].key = p;
      kv[n].value = eq + 1;
      n++;
    }
  }
  d.params = kv;
  d.nparams = n;
  return update ? acdr_queue_update(h->e, &d, acdr_engine_now(h->e))
                : acdr_queue_add(h->e, &d);
}

static int oq_add(harness *h, const char *settings) {
  return oq_set(h, settings, 0);
}

static void team(harness *h, const char *settings, int nagents) {
  char id[16];
  int i;
  assert_int_equal(oq_add(h, settings), 0);
  for (i = 1; i <= nagents; i++) {
    snprintf(id, sizeof(id), "a%d", i);
    h_agent(h, id);
    h_member(h, "q", id, 0, i, 0);
  }
  for (i = 1; i <= nagents; i++) {
    snprintf(id, sizeof(id), "a%d", i);
    h_login(h, id, S(i));
  }
  h_take(h);
}

/* The agent the last OFFER in the log went to ("" if none). */
static const char *offered_to(harness *h, char *out, size_t cap) {
  const char *log = h_take(h), *p = log, *last = NULL;
  out[0] = '\0';
  while ((p = strstr(p, "OFFER ")) != NULL) {
    last = p;
    p += 6;
  }
  if (last) {
    const char *a = strchr(last + 6, ' ');
    size_t n = strcspn(a + 1, "\n");
    if (n >= cap) n = cap - 1;
    memcpy(out, a + 1, n);
    out[n] = '\0';
  }
  return out;
}

/* Contact `c` arrives at t; whoever gets it answers, talks 10 s and codes
 * it with resolves(agent) ? RESOLVED : UNRESOLVED.  Returns the agent's
 * number (a3 -> 3), 0 if nobody got it. */
static int serve(harness *h, const char *c, acdr_tstamp t,
                 int (*resolves)(int agent, int i), int i) {
  char a[16];
  int n;
  h_arrive(h, c, "q", t);
  if (!offered_to(h, a, sizeof(a))[0]) return 0;
  n = atoi(a + 1);
  h_accept(h, c, a, t);
  h_hangup(h, c, t + S(10));
  assert_int_equal(acdr_dispo_set(h->e, c, resolves(n, i) ? RESOLVED
                                                          : UNRESOLVED,
                                  NULL, 0, t + S(11)),
                   0);
  h_take(h);
  return n;
}

static int a1_only(int agent, int i) {
  (void)i;
  return agent == 1;
}
/* a1 resolves 7 in 10, a2 2 in 10, others 5 in 10 */
static int mixed(int agent, int i) {
  int k = i % 10;
  return agent == 1 ? k < 7 : agent == 2 ? k < 2 : k < 5;
}

/* n contacts one after the other (every agent free at each arrival) from
 * time t0 (seconds); counts[agent] += 1 per contact from index `from` on. */
static void run(harness *h, int first, int n, int (*res)(int, int),
                int counts[8], int from) {
  int i;
  char c[16];
  for (i = first; i < first + n; i++) {
    int who;
    snprintf(c, sizeof(c), "c%d", i);
    who = serve(h, c, S(100 + 20 * (acdr_tstamp)i), res, i);
    assert_true(who > 0);
    if (i - first >= from) counts[who]++;
  }
}

/* Learns: of two agents, the one that resolves gets nearly every contact
 * once outcomes are known (longest idle would alternate). */
H_TEST(learns_better_of_two) {
  int counts[8] = {0};
  team(h, NULL, 2);
  run(h, 0, 200, a1_only, counts, 100);
  /* a2 ~ Beta(1, 1 + n2): a draw above a1's ~ Beta(1 + n1, 1) is rare */
  assert_true(counts[1] >= 95);
}

/* Per type: a1 resolves billing, a2 technical; with type=reason each
 * reason goes mostly to its agent (with type=queue both would look alike,
 * 50% each). */
H_TEST(learns_per_reason) {
  int i, right = 0, late = 0;
  char a[16], c[16];
  team(h, "type=reason", 2);
  for (i = 0; i < 300; i++) {
    acdr_contact_def d;
    acdr_tstamp t = S(100 + 20 * (acdr_tstamp)i);
    int billing = i % 2, who;
    snprintf(c, sizeof(c), "c%d", i);
    acdr_contact_def_default(&d);
    d.id = c;
    d.queue = "q";
    d.reason = billing ? "billing" : "technical";
    assert_int_equal(acdr_contact_arrive(h->e, &d, t), 0);
    assert_true(offered_to(h, a, sizeof(a))[0] != '\0');
    who = atoi(a + 1);
    h_accept(h, c, a, t);
    h_hangup(h, c, t + S(10));
    assert_int_equal(
        acdr_dispo_set(h->e, c,
                       (who == 1) == billing ? RESOLVED : UNRESOLVED, NULL,
                       0, t + S(11)),
        0);
    h_take(h);
    if (i >= 200) {
      late++;
      right += (who == 1) == billing;
    }
  }
  assert_true(right >= 90 * late / 100);
}

/* Explores: a new agent gets contacts although the incumbents are known. */
H_TEST(explores_new_agent) {
  int counts[8] = {0};
  team(h, NULL, 2);
  run(h, 0, 100, mixed, counts, 100);
  h_agent(h, "a3");
  h_member(h, "q", "a3", 0, 3, S(3000));
  h_login(h, "a3", S(3000));
  h_take(h);
  memset(counts, 0, sizeof(counts));
  run(h, 200, 60, mixed, counts, 0);
  assert_true(counts[3] >= 3);
  /* and the worst known agent is used least */
  assert_true(counts[2] < counts[1]);
}

/* Falls back: without any outcome the longest idle agent gets each
 * contact (a1 logged in first, then a2, a3). */
H_TEST(falls_back_to_longest_idle) {
  team(h, NULL, 3);
  h_arrive(h, "c1", "q", S(50));
  h_arrive(h, "c2", "q", S(50));
  h_arrive(h, "c3", "q", S(50));
  h_expect(h, "OFFER c1 a1\nOFFER c2 a2\nOFFER c3 a3\n");
}

/* Wait cap: with a1 known to be better and busy, a contact waits for it
 * up to max_wait, then goes to a2; a1 freed earlier gets it at once. */
H_TEST(waits_for_better_agent_up_to_cap) {
  int counts[8] = {0};
  char a[16];
  team(h, "max_wait=30", 2);
  run(h, 0, 60, a1_only, counts, 0);
  h_arrive(h, "x1", "q", S(5000));
  assert_string_equal(offered_to(h, a, sizeof(a)), "a1");
  h_accept(h, "x1", "a1", S(5000));
  h_take(h);
  h_arrive(h, "x2", "q", S(5001));
  /* nobody yet: a2 is free but clearly worse */
  h_expect(h, "");
  h_advance(h, S(5030));
  h_expect(h, "");
  h_advance(h, S(5031));
  h_expect(h, "OFFER x2 a2\n");
  /* a1 frees up 10 s into x3's wait: x3 goes to a1 */
  h_accept(h, "x2", "a2", S(5032));
  h_take(h);
  h_arrive(h, "x3", "q", S(5040));
  h_expect(h, "");
  h_hangup(h, "x1", S(5050));
  assert_int_equal(acdr_dispo_set(h->e, "x1", RESOLVED, NULL, 0, S(5050)), 0);
  assert_string_equal(offered_to(h, a, sizeof(a)), "a1");
}

/* Without max_wait the contact goes to the free agent at once. */
H_TEST(no_wait_by_default) {
  int counts[8] = {0};
  char a[16];
  team(h, NULL, 2);
  run(h, 0, 60, a1_only, counts, 0);
  h_arrive(h, "x1", "q", S(5000));
  assert_string_equal(offered_to(h, a, sizeof(a)), "a1");
  h_accept(h, "x1", "a1", S(5000));
  h_arrive(h, "x2", "q", S(5001));
  assert_string_equal(offered_to(h, a, sizeof(a)), "a2");
}

/* Share limit: a1 resolves everything but may take at most 60% of the
 * recent offers (without the limit it takes ~all: learns_better_of_two). */
H_TEST(max_share_limits_best_agent) {
  int counts[8] = {0};
  team(h, "max_share=60", 2);
  run(h, 0, 200, a1_only, counts, 100);
  assert_true(counts[1] <= 65);
  assert_true(counts[1] >= 50);
}

/* Occupancy ceiling: a1 talks 10 s of every 20 s (50%); with a ceiling of
 * 30% it is passed over for a2 much of the time. */
H_TEST(occupancy_ceiling_limits_best_agent) {
  int counts[8] = {0};
  team(h, "occupancy=30,window=600", 2);
  run(h, 0, 200, a1_only, counts, 100);
  assert_true(counts[1] <= 70);
  assert_true(counts[2] >= 30);
}

/* Settings out of range or unknown: each refused with its own message,
 * and no queue is added. */
H_TEST(bad_settings) {
  static const char *const bad[][2] = {
      {"half_life=59", "half_life"},   {"half_life=x", "half_life"},
      {"window=0", "window"},          {"max_wait=3601", "max_wait"},
      {"memory=0", "memory"},          {"margin=101", "margin"},
      {"occupancy=0", "occupancy"},    {"max_share=-1", "max_share"},
      {"type=colour", "type"},         {"type=attr:", "type"},
      {"greed=1", "greed"},
  };
  size_t i;
  for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    assert_int_equal(oq_add(h, bad[i][0]), ACDR_ERR_STRATEGY);
    assert_non_null(strstr(acdr_engine_last_error(h->e), bad[i][1]));
    {
      acdr_queue_info qi;
      assert_int_equal(acdr_queue_get_info(h->e, "q", 0, &qi),
                       ACDR_ERR_QUEUE_NOT_FOUND);
    }
  }
  assert_int_equal(oq_add(h, "type=attr:segment,half_life=60,window=60,"
                             "max_wait=0,memory=1,margin=1,occupancy=100"),
                   0);
}

/* The metrics report gives the strategy's figures per queue: decisions,
 * exploration share (some, not all) and a positive uplift once a1 is
 * known to resolve and a2 not. */
H_TEST(metrics_report_uplift_and_exploration) {
  int counts[8] = {0};
  char *doc = NULL;
  double dec, expl, up;
  const char *p;
  team(h, NULL, 2);
  run(h, 0, 100, mixed, counts, 0);
  assert_int_equal(acdr_metrics_to_json(h->e, acdr_engine_now(h->e), &doc,
                                        NULL),
                   0);
  p = strstr(doc, "\"strategy\"");
  assert_non_null(p);
  assert_int_equal(sscanf(strstr(p, "\"decisions\""), "\"decisions\": %lf",
                          &dec), 1);
  assert_int_equal(sscanf(strstr(p, "\"exploration_share\""),
                          "\"exploration_share\": %lf", &expl), 1);
  assert_int_equal(sscanf(strstr(p, "\"uplift_points\""),
                          "\"uplift_points\": %lf", &up), 1);
  assert_true(dec == 100.0);
  assert_true(expl > 0.0 && expl < 0.5);
  assert_true(up > 5.0);
  acdr_free(h->e, doc);
}

/* The state as saved in a snapshot (the queue's tier "state" string). */
static char *saved_state(harness *h) {
  char *doc = NULL, *p, *r;
  size_t n;
  assert_int_equal(acdr_engine_snapshot(h->e, &doc, NULL), 0);
  p = strstr(doc, "outcome 1 ");
  assert_non_null(p);
  n = strcspn(p, "\"");
  r = malloc(n + 1);
  memcpy(r, p, n);
  r[n] = '\0';
  acdr_free(h->e, doc);
  return r;
}

/* Outcomes that cannot be attributed change nothing: an unknown contact
 * is refused, and a contact whose agent left the queue teaches nothing. */
H_TEST(unattributable_outcomes) {
  int counts[8] = {0};
  char *before, *after;
  team(h, NULL, 2);
  run(h, 0, 20, a1_only, counts, 0);
  h_arrive(h, "y1", "q", S(900));
  {
    char ag[16];
    assert_true(offered_to(h, ag, sizeof(ag))[0] != '\0');
    h_accept(h, "y1", ag, S(900));
    h_hangup(h, "y1", S(910));
    assert_int_equal(acdr_queue_member_remove(h->e, "q", ag, S(911)), 0);
  }
  before = saved_state(h);
  assert_int_equal(acdr_dispo_set(h->e, "nope", RESOLVED, NULL, 0, S(912)),
                   ACDR_ERR_CONTACT_NOT_FOUND);
  assert_int_equal(acdr_dispo_set(h->e, "y1", RESOLVED, NULL, 0, S(912)), 0);
  after = saved_state(h);
  assert_string_equal(before, after);
  free(before);
  free(after);
}

/* Offers of contacts first..first+n-1 as a string of agent numbers. */
static void trace(harness *h, int first, int n, char *out) {
  int i;
  char c[16];
  for (i = first; i < first + n; i++) {
    snprintf(c, sizeof(c), "c%d", i);
    out[i - first] = (char)('0' + serve(h, c, S(100 + 20 * (acdr_tstamp)i),
                                        mixed, i));
  }
  out[n] = '\0';
}

/* A restored snapshot continues exactly as the original. */
H_TEST(snapshot_restore_continues_identically) {
  harness h2;
  char *doc = NULL, t1[128], t2[128], *s1, *s2;
  team(h, NULL, 3);
  trace(h, 0, 80, t1);
  assert_int_equal(acdr_engine_snapshot(h->e, &doc, NULL), 0);
  h_init(&h2, NULL);
  assert_int_equal(acdr_engine_restore(h2.e, doc, strlen(doc)), 0);
  acdr_free(h->e, doc);
  trace(h, 80, 100, t1);
  trace(&h2, 80, 100, t2);
  assert_string_equal(t1, t2);
  /* learning went on: a1 (70%) gets more than a2 (20%) */
  s1 = saved_state(h);
  s2 = saved_state(&h2);
  assert_string_equal(s1, s2);
  free(s1);
  free(s2);
  h_free(&h2);
}

/* A reload (queue update, other settings) keeps what was learnt. */
H_TEST(reload_keeps_learning) {
  int counts[8] = {0};
  char *before, *after;
  team(h, NULL, 2);
  run(h, 0, 50, a1_only, counts, 0);
  before = saved_state(h);
  assert_int_equal(oq_set(h, "max_wait=20", 1), 0);
  after = saved_state(h);
  assert_string_equal(before, after);
  free(before);
  free(after);
  memset(counts, 0, sizeof(counts));
  run(h, 50, 20, a1_only, counts, 0);
  assert_true(counts[1] >= 18);
}

/* Bounded memory: with memory=3, three agents and two reasons (five
 * entries without the bound) keep three. */
H_TEST(memory_is_bounded) {
  int i, n = 0;
  char *st, *p;
  team(h, "type=reason,memory=3", 3);
  for (i = 0; i < 60; i++) {
    acdr_contact_def d;
    acdr_tstamp t = S(100 + 20 * (acdr_tstamp)i);
    char a[16], c[16];
    snprintf(c, sizeof(c), "c%d", i);
    acdr_contact_def_default(&d);
    d.id = c;
    d.queue = "q";
    d.reason = i % 2 ? "billing" : "technical";
    assert_int_equal(acdr_contact_arrive(h->e, &d, t), 0);
    assert_true(offered_to(h, a, sizeof(a))[0] != '\0');
    h_accept(h, c, a, t);
    h_hangup(h, c, t + S(10));
    assert_int_equal(acdr_dispo_set(h->e, c, RESOLVED, NULL, 0, t + S(11)),
                     0);
    h_take(h);
  }
  st = saved_state(h);
  for (p = st; (p = strstr(p, "\\nS ")) != NULL; p++) n++;
  assert_int_equal(n, 3);
  free(st);
}

/* A configuration document selects the strategy with its settings; the
 * export writes them out and applies again to the same export; a setting
 * out of range in a document is refused with the setting named. */
H_TEST(config_round_trip) {
  static const char doc[] =
      "{\"version\": 1, \"agents\": [{\"id\": \"a1\"}],"
      " \"queues\": [{\"id\": \"q\", \"strategy\": \"outcome\","
      " \"settings\": {\"type\": \"attr:segment\", \"max_wait\": \"5\","
      " \"max_share\": \"70\"}, \"members\": [\"a1\"]}]}";
  static const char bad[] =
      "{\"version\": 1, \"queues\": [{\"id\": \"q\", \"strategy\":"
      " \"outcome\", \"settings\": {\"occupancy\": \"0\"}}]}";
  char *out1 = NULL, *out2 = NULL;
  harness h2;
  assert_int_equal(acdr_config_apply(h->e, doc, strlen(doc), 0, 0), 0);
  assert_int_equal(acdr_config_export(h->e, &out1, NULL), 0);
  assert_non_null(strstr(out1, "\"max_wait\": \"5\""));
  assert_non_null(strstr(out1, "\"type\": \"attr:segment\""));
  h_init(&h2, NULL);
  assert_int_equal(acdr_config_apply(h2.e, out1, strlen(out1), 0, 0), 0);
  assert_int_equal(acdr_config_export(h2.e, &out2, NULL), 0);
  assert_string_equal(out1, out2);
  acdr_free(h->e, out1);
  acdr_free(h2.e, out2);
  h_free(&h2);
  h_init(&h2, NULL);
  assert_int_not_equal(acdr_config_apply(h2.e, bad, strlen(bad), 0, 0), 0);
  assert_non_null(strstr(acdr_engine_last_error(h2.e), "occupancy"));
  h_free(&h2);
}

/* The recorded event lines, applied to a fresh engine with the same seed,
 * give the same offers and the same learnt state. */
static void replay_gives_same_state(void **state) {
  harness a, b;
  acdr_options o;
  char *log = NULL, *p, *sa, *sb, ta[128];
  size_t len;
  (void)state;
  acdr_options_default(&o);
  o.seed = 7;
  o.record_events = 1;
  h_init(&a, &o);
  team(&a, "max_share=80", 3);
  trace(&a, 0, 120, ta);
  assert_int_equal(acdr_engine_event_log_take(a.e, &log, &len), 0);
  o.record_events = 0;
  h_init(&b, &o);
  for (p = log; *p;) {
    size_t n = strcspn(p, "\n");
    assert_int_equal(acdr_engine_apply_event_json(b.e, p, n), 0);
    p += n + (p[n] == '\n');
  }
  sa = saved_state(&a);
  sb = saved_state(&b);
  assert_string_equal(sa, sb);
  assert_non_null(strstr(sa, "A a3 "));
  free(sa);
  free(sb);
  acdr_free(a.e, log);
  h_free(&a);
  h_free(&b);
}

/* Out of memory at every allocation of a learning run (queue, members,
 * offers, outcomes, snapshot): calls fail with an error, nothing crashes
 * and nothing leaks. */
static char oom_offer[16];
static int oom_action(acdr_engine *e, const acdr_action *a, void *ud) {
  (void)e;
  (void)ud;
  if (a->type == ACDR_ACTION_OFFER)
    snprintf(oom_offer, sizeof(oom_offer), "%s", a->agent_id);
  return 0;
}

static void oom_sweep(void **state) {
  long k;
  (void)state;
  for (k = 1;; k++) {
    failmem fm;
    acdr_mem mem;
    acdr_options o;
    acdr_callbacks cb;
    acdr_engine *e = NULL;
    acdr_queue_def d;
    acdr_agent_def ad;
    acdr_kv kv = {"type", "reason"};
    char *doc = NULL;
    int i;
    failmem_init(&fm, &mem, k);
    acdr_options_default(&o);
    o.mem = &mem;
    memset(&cb, 0, sizeof(cb));
    cb.on_action = oom_action;
    if (acdr_engine_new(&e, &cb, &o, NULL) != 0) {
      assert_int_equal(fm.live, 0);
      continue;
    }
    acdr_queue_def_default(&d);
    d.id = "q";
    d.strategy = "outcome";
    d.params = &kv;
    d.nparams = 1;
    d.require_disposition = 1;
    d.ring_timeout_ms = 0;
    (void)acdr_queue_add(e, &d);
    for (i = 1; i <= 3; i++) {
      char id[8];
      snprintf(id, sizeof(id), "a%d", i);
      acdr_agent_def_default(&ad);
      ad.id = id;
      (void)acdr_agent_add(e, &ad);
      (void)acdr_queue_member_add(e, "q", id, 0, i, 0);
      (void)acdr_agent_login(e, id, S(i));
    }
    for (i = 0; i < 12; i++) {
      acdr_contact_def cd;
      acdr_tstamp t = S(100 + 20 * (acdr_tstamp)i);
      char c[16];
      snprintf(c, sizeof(c), "c%d", i);
      acdr_contact_def_default(&cd);
      cd.id = c;
      cd.queue = "q";
      cd.reason = i % 2 ? "billing" : "tech";
      oom_offer[0] = '\0';
      if (acdr_contact_arrive(e, &cd, t) != 0 || !oom_offer[0]) continue;
      (void)acdr_contact_accept(e, c, oom_offer, t);
      (void)acdr_contact_hangup(e, c, t + S(10));
      (void)acdr_dispo_set(e, c, oom_offer[1] == '1' ? RESOLVED : UNRESOLVED,
                           NULL, 0, t + S(11));
    }
    if (acdr_engine_snapshot(e, &doc, NULL) == 0) acdr_free(e, doc);
    acdr_engine_del(e);
    assert_int_equal(fm.live, 0);
    if (!fm.failed) break; /* a whole run without a failure: done */
  }
  assert_true(k > 100);
}

H_MAIN(T(oom_sweep), T(learns_better_of_two), T(learns_per_reason), T(explores_new_agent),
       T(falls_back_to_longest_idle), T(waits_for_better_agent_up_to_cap),
       T(no_wait_by_default), T(metrics_report_uplift_and_exploration), T(max_share_limits_best_agent),
       T(occupancy_ceiling_limits_best_agent), T(bad_settings),
       T(unattributable_outcomes), T(snapshot_restore_continues_identically),
       T(reload_keeps_learning), T(config_round_trip), T(memory_is_bounded),
       T(replay_gives_same_state))
