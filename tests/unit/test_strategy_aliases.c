/* SPDX-License-Identifier: MIT */
/* The peers' strategy names (Asterisk queues.conf `strategy=`, FreeSWITCH
 * mod_callcenter `strategy`) are aliases of the built-ins: through the C
 * API and a configuration document each alias makes the same offers as
 * its strategy in a scenario where every strategy offers differently; the
 * name is kept as written in exports and snapshots; unknown names get a
 * did-you-mean hint that says which strategy an alias stands for. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sources for the mapping:
 *   Asterisk: configs/samples/queues.conf.sample, "strategy = ringall |
 *     leastrecent | fewestcalls | random | rrmemory | rrordered | linear |
 *     wrandom", and app_queue.c calc_metric() (wrandom: the penalty
 *     scales the random metric, so it weighs members, never tiers them).
 *   FreeSWITCH: mod_callcenter documentation page, "strategy" list
 *     (longest-idle-agent, round-robin, top-down, agent-with-least-talk-
 *     time, agent-with-fewest-calls, sequentially-by-agent-order, random,
 *     ring-progressively, ring-all), and mod_callcenter.c
 *     members_callback() (the agent ORDER BY of each strategy: top-down
 *     and sequentially-by-agent-order "level, position", longest-idle-
 *     agent "level, last_offered_call", agent-with-fewest-calls "level,
 *     calls_answered", agent-with-least-talk-time "level, talk_time"). */
static const struct {
  const char *alias, *target;
} aliases[] = {
    {"ringall", "ring-all"},
    {"leastrecent", "longest-idle"},
    {"fewestcalls", "fewest-contacts"},
    {"rrmemory", "round-robin"},
    {"rrordered", "round-robin"},
    {"wrandom", "weighted-random"},
    {"longest-idle-agent", "longest-idle"},
    {"top-down", "linear"},
    {"agent-with-least-talk-time", "least-talk-time"},
    {"agent-with-fewest-calls", "fewest-contacts"},
    {"sequentially-by-agent-order", "linear"},
};
#define NALIASES (sizeof(aliases) / sizeof(aliases[0]))

/* The strategies the aliases stand for, plus random (so that wrandom is
 * shown not to be random). */
static const char *const targets[] = {
    "ring-all",        "longest-idle", "fewest-contacts", "round-robin",
    "weighted-random", "linear",       "least-talk-time", "random"};
#define NTARGETS (sizeof(targets) / sizeof(targets[0]))

static void load_ok(acdr_engine *e, const char *doc) {
  int rv = acdr_config_apply(e, doc, strlen(doc), ACDR_RELOAD_REFUSE,
                             acdr_engine_now(e));
  if (rv) fail_msg("load failed: %s", acdr_config_last_errors(e));
  assert_int_equal(acdr_engine_check(e), 0);
}

/* Accept contact c with the first agent it was offered to. */
static void arrive_and_take(harness *h, const char *c, acdr_tstamp t,
                            char *out, size_t cap) {
  char want[32], agent[32];
  const char *log, *at;
  size_t len = strlen(out);
  h_arrive(h, c, "q", t);
  log = h_take(h);
  snprintf(want, sizeof(want), "OFFER %s ", c);
  at = strstr(log, want);
  assert_non_null(at);
  assert_int_equal(sscanf(at + strlen(want), "%31s", agent), 1);
  snprintf(out + len, cap - len, "%s", log);
  len = strlen(out);
  h_accept(h, c, agent, t + S(1));
  snprintf(out + len, cap - len, "%s", h_take(h));
}

/* Members a1..a4 in member order, each with a different history (solo
 * queues s1..s4) so that every target strategy picks differently:
 *   idle since 65, 110, 44, 60 s   -> longest-idle: a3
 *   answered 2, 1, 3, 2            -> fewest-contacts: a2
 *   talk 50, 100, 30, 20 s         -> least-talk-time: a4
 *   member order a1 a2 a3 a4       -> linear a1 a1 a1, round-robin a1 a2 a3
 * Then three contacts in q, each answered and hung up before the next.
 * The offers made are written to out. */
static void scenario(harness *h, const char *strategy, int via_config,
                     char *out, size_t cap) {
  /* "A t agent": a call in that agent's solo queue, answered at t s;
   * "H t agent": its hang-up.  In time order. */
  static const char *const history[] = {
      "A 10 a1", "A 10 a2", "A 10 a3", "H 20 a3", "A 22 a3", "A 30 a4",
      "H 32 a3", "A 34 a3", "H 35 a1", "A 40 a1", "H 40 a4", "H 44 a3",
      "A 50 a4", "H 60 a4", "H 65 a1", "H 110 a2"};
  char open_call[5][16] = {"", "", "", "", ""};
  size_t i;
  char c[16];
  out[0] = '\0';
  if (via_config) {
    char doc[1024];
    snprintf(doc, sizeof(doc),
             "{\"agents\": [{\"id\": \"a1\"}, {\"id\": \"a2\"}, "
             "{\"id\": \"a3\"}, {\"id\": \"a4\"}],\n"
             " \"queues\": [{\"id\": \"q\", \"strategy\": \"%s\", "
             "\"members\": [{\"agent\": \"a3\", \"position\": 2}, "
             "{\"agent\": \"a1\", \"position\": 0}, "
             "{\"agent\": \"a4\", \"position\": 3}, "
             "{\"agent\": \"a2\", \"position\": 1}]},\n"
             "  {\"id\": \"s1\", \"strategy\": \"linear\", \"members\": "
             "[\"a1\"]}, {\"id\": \"s2\", \"strategy\": \"linear\", "
             "\"members\": [\"a2\"]}, {\"id\": \"s3\", \"strategy\": "
             "\"linear\", \"members\": [\"a3\"]}, {\"id\": \"s4\", "
             "\"strategy\": \"linear\", \"members\": [\"a4\"]}]}",
             strategy);
    load_ok(h->e, doc);
  } else {
    h_agents(h, "a1 a2 a3 a4");
    h_queue(h, "q", strategy);
    h_members(h, "q", "a3:0:2 a1:0:0 a4:0:3 a2:0:1");
    for (i = 1; i <= 4; i++) {
      char s[8], m[16];
      snprintf(s, sizeof(s), "s%zu", i);
      snprintf(m, sizeof(m), "a%zu:0:0", i);
      h_queue(h, s, "linear");
      h_members(h, s, m);
    }
  }
  h_logins(h, "a4:1 a3:2 a2:3 a1:4");
  for (i = 0; i < sizeof(history) / sizeof(history[0]); i++) {
    char op, a[8], s[8];
    int t, k;
    assert_int_equal(sscanf(history[i], "%c %d %7s", &op, &t, a), 3);
    k = a[1] - '0';
    snprintf(s, sizeof(s), "s%d", k);
    if (op == 'A') {
      snprintf(open_call[k], sizeof(open_call[k]), "h%zu", i);
      h_arrive(h, open_call[k], s, S(t));
      h_accept(h, open_call[k], a, S(t));
    } else {
      h_hangup(h, open_call[k], S(t));
    }
  }
  (void)h_take(h);
  for (i = 0; i < 3; i++) {
    snprintf(c, sizeof(c), "c%zu", i + 1);
    arrive_and_take(h, c, S(200 + 20 * (int)i), out, cap);
    h_hangup(h, c, S(210 + 20 * (int)i));
    (void)h_take(h);
  }
}

static char *run(const char *strategy, int via_config) {
  harness h;
  char *out = malloc(4096);
  assert_non_null(out);
  h_init(&h, NULL);
  scenario(&h, strategy, via_config, out, 4096);
  h_free(&h);
  return out;
}

/* The scenario tells the targets apart, so "same offers as the target"
 * means the alias really is that strategy.  A mapping to the wrong
 * strategy (wrandom -> random, say) fails here. */
static void each_alias_offers_as_its_strategy(void **state) {
  char *logs[NTARGETS];
  size_t i, j;
  (void)state;
  for (i = 0; i < NTARGETS; i++) logs[i] = run(targets[i], 0);
  for (i = 0; i < NTARGETS; i++)
    for (j = i + 1; j < NTARGETS; j++)
      if (strcmp(logs[i], logs[j]) == 0)
        fail_msg("scenario does not separate %s and %s", targets[i],
                 targets[j]);
  /* the picks the comment above promises, for the deterministic ones */
  assert_non_null(strstr(logs[1], "OFFER c1 a3\n")); /* longest-idle */
  assert_non_null(strstr(logs[2], "OFFER c1 a2\n")); /* fewest-contacts */
  assert_non_null(strstr(logs[6], "OFFER c1 a4\n")); /* least-talk-time */
  assert_non_null(strstr(logs[5], "OFFER c3 a1\n")); /* linear */
  assert_non_null(strstr(logs[3], "OFFER c3 a3\n")); /* round-robin */
  for (i = 0; i < NALIASES; i++) {
    int via;
    for (j = 0; j < NTARGETS; j++)
      if (strcmp(targets[j], aliases[i].target) == 0) break;
    assert_true(j < NTARGETS);
    for (via = 0; via < 2; via++) {
      char *got = run(aliases[i].alias, via);
      if (strcmp(got, logs[j]) != 0)
        fail_msg("%s (%s) offered\n%s\nbut %s offered\n%s",
                 aliases[i].alias, via ? "config" : "C API", got,
                 aliases[i].target, logs[j]);
      free(got);
    }
  }
  /* through a configuration document the targets decide as through the
   * C API, so the two paths above compare like with like */
  for (i = 0; i < NTARGETS; i++) {
    char *got = run(targets[i], 1);
    assert_string_equal(got, logs[i]);
    free(got);
    free(logs[i]);
  }
}

/* The name is kept as written: the queue reports it, a configuration
 * export writes it and loads back into the same routing, and a snapshot
 * restores it (a straight port round-trips). */
H_TEST(alias_kept_as_written) {
  acdr_queue_info qi;
  char *doc, *snap, *doc2;
  harness b;
  h_team(h, "q", "rrmemory", "a1 a2 a3", "a1:0:0 a2:0:1 a3:0:2",
         "a1:1 a2:1 a3:1");
  CALL(h, acdr_queue_get_info(h->e, "q", 0, &qi));
  assert_string_equal(qi.strategy, "rrmemory");
  CALL(h, acdr_config_export(h->e, &doc, NULL));
  assert_non_null(strstr(doc, "\"strategy\": \"rrmemory\""));
  /* the round-robin cursor moves, and survives the snapshot */
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\n");
  h_accept(h, "c1", "a1", S(11));
  h_hangup(h, "c1", S(12));
  (void)h_take(h);
  CALL(h, acdr_engine_snapshot(h->e, &snap, NULL));
  h_init(&b, NULL);
  assert_int_equal(acdr_engine_restore(b.e, snap, strlen(snap)), 0);
  h_check(&b);
  assert_int_equal(acdr_queue_get_info(b.e, "q", S(12), &qi), 0);
  assert_string_equal(qi.strategy, "rrmemory");
  assert_int_equal(acdr_config_export(b.e, &doc2, NULL), 0);
  assert_string_equal(doc, doc2);
  h_arrive(&b, "c2", "q", S(20));
  h_expect(&b, "OFFER c2 a2\n");
  h_arrive(h, "c2", "q", S(20));
  h_expect(h, "OFFER c2 a2\n");
  acdr_free(b.e, doc2);
  h_free(&b);
  acdr_free(h->e, snap);
  acdr_free(h->e, doc);
}

/* Changing a queue from a strategy to its alias is no change of
 * strategy: the round-robin cursor carries on. */
H_TEST(update_to_alias_keeps_state) {
  acdr_queue_def d;
  h_team(h, "q", "round-robin", "a1 a2 a3", "a1:0:0 a2:0:1 a3:0:2",
         "a1:1 a2:1 a3:1");
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\n");
  h_accept(h, "c1", "a1", S(11));
  h_hangup(h, "c1", S(12));
  (void)h_take(h);
  h_qdef(&d, "q", "rrordered");
  CALL(h, acdr_queue_update(h->e, &d, S(13)));
  h_arrive(h, "c2", "q", S(20));
  h_expect(h, "OFFER c2 a2\n");
}

static void expect_config_error(const char *name, const char *msg) {
  harness h;
  char doc[256];
  h_init(&h, NULL);
  snprintf(doc, sizeof(doc),
           "{\"queues\": [{\"id\": \"q\", \"strategy\": \"%s\"}]}", name);
  assert_int_equal(acdr_config_apply(h.e, doc, strlen(doc),
                                     ACDR_RELOAD_REFUSE, 0),
                   ACDR_ERR_UNKNOWN_STRATEGY);
  assert_string_equal(acdr_config_last_errors(h.e), msg);
  h_free(&h);
}

static void expect_api_error(const char *name, const char *msg) {
  harness h;
  acdr_queue_def d;
  h_init(&h, NULL);
  h_qdef(&d, "q", name);
  assert_int_equal(acdr_queue_add(h.e, &d), ACDR_ERR_UNKNOWN_STRATEGY);
  assert_string_equal(acdr_engine_last_error(h.e), msg);
  assert_int_equal(acdr_queue_get_info(h.e, "q", 0, &(acdr_queue_info){0}),
                   ACDR_ERR_QUEUE_NOT_FOUND);
  h_free(&h);
}

/* A misspelt alias is hinted with the strategy it stands for: "wrandum"
 * is weighted-random, not random. */
static void did_you_mean(void **state) {
  (void)state;
  expect_config_error("wrandum",
                      "/queues/0/strategy: unknown strategy \"wrandum\" "
                      "(did you mean \"wrandom\", an alias of "
                      "\"weighted-random\"?)");
  expect_config_error("rrmemroy",
                      "/queues/0/strategy: unknown strategy \"rrmemroy\" "
                      "(did you mean \"rrmemory\", an alias of "
                      "\"round-robin\"?)");
  expect_config_error("top-dwon",
                      "/queues/0/strategy: unknown strategy \"top-dwon\" "
                      "(did you mean \"top-down\", an alias of "
                      "\"linear\"?)");
  /* a built-in name is hinted as itself */
  expect_config_error("round-robbin",
                      "/queues/0/strategy: unknown strategy "
                      "\"round-robbin\" (did you mean \"round-robin\"?)");
  expect_config_error("speedy",
                      "/queues/0/strategy: unknown strategy \"speedy\"");
  expect_api_error("agent-with-fewest-cals",
                   "queue \"q\": unknown strategy \"agent-with-fewest-cals\" "
                   "(did you mean \"agent-with-fewest-calls\", an alias of "
                   "\"fewest-contacts\"?)");
  expect_api_error("ringal", "queue \"q\": unknown strategy \"ringal\" (did "
                             "you mean \"ringall\", an alias of "
                             "\"ring-all\"?)");
}

/* A strategy the host registers under a peer's name wins over the
 * alias. */
static int mine_create(acdr_strategy_state **st, const acdr_strategy_ctx *ctx,
                       const acdr_kv *p, size_t n, void *ud) {
  (void)ctx, (void)p, (void)n, (void)ud;
  *st = NULL;
  return 0;
}
static void mine_destroy(acdr_strategy_state *st, void *ud) {
  (void)st, (void)ud;
}
static int mine_select(acdr_strategy_state *st, acdr_contact_view *c,
                       acdr_tstamp now, acdr_member **out, size_t max,
                       size_t *nout, acdr_tstamp *recheck_at) {
  (void)st, (void)c, (void)now, (void)out, (void)max, (void)recheck_at;
  *nout = 0; /* nobody: tells it apart from linear */
  return 0;
}

H_TEST(registered_name_wins_over_alias) {
  acdr_strategy s;
  memset(&s, 0, sizeof(s));
  s.name = "top-down";
  s.create = mine_create;
  s.destroy = mine_destroy;
  s.select = mine_select;
  CALL(h, acdr_engine_register_strategy(h->e, &s));
  h_team(h, "q", "top-down", "a1", "a1:0:0", "a1:1");
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "");
}

/* Event lines: a queue_add line with an alias is applied, recorded with
 * the name as written, and a replica fed the recorded lines offers as the
 * leader. */
static void event_lines(void **state) {
  acdr_options o;
  harness a, b;
  acdr_queue_info qi;
  char *lines, *p;
  static const char *const evs[] = {
      "{\"t_ms\": 0, \"ev\": \"agent_add\", \"def\": {\"id\": \"a1\"}}",
      "{\"t_ms\": 0, \"ev\": \"agent_add\", \"def\": {\"id\": \"a2\"}}",
      "{\"t_ms\": 0, \"ev\": \"queue_add\", \"def\": {\"id\": \"q\", "
      "\"strategy\": \"agent-with-fewest-calls\"}}"};
  size_t i;
  (void)state;
  acdr_options_default(&o);
  o.record_events = 1;
  h_init(&a, &o);
  for (i = 0; i < 3; i++)
    CALL(&a, acdr_engine_apply_event_json(a.e, evs[i], strlen(evs[i])));
  CALL(&a, acdr_queue_get_info(a.e, "q", 0, &qi));
  assert_string_equal(qi.strategy, "agent-with-fewest-calls");
  h_members(&a, "q", "a1:0:0 a2:0:1");
  h_logins(&a, "a1:1 a2:1");
  /* a1 answers one call: fewest-contacts then prefers a2 although a1 is
   * first in member order and idle as long */
  h_arrive(&a, "c1", "q", S(2));
  h_expect(&a, "OFFER c1 a1\n");
  h_accept(&a, "c1", "a1", S(2));
  h_hangup(&a, "c1", S(3));
  (void)h_take(&a);
  h_arrive(&a, "c2", "q", S(10));
  h_expect(&a, "OFFER c2 a2\n");
  CALL(&a, acdr_engine_event_log_take(a.e, &lines, NULL));
  assert_non_null(strstr(lines,
                         "\"strategy\": \"agent-with-fewest-calls\""));
  h_init(&b, NULL);
  for (p = lines; *p;) {
    char *nl = strchr(p, '\n');
    assert_non_null(nl);
    assert_int_equal(acdr_engine_apply_event_json(b.e, p, (size_t)(nl - p)),
                     0);
    p = nl + 1;
  }
  h_check(&b);
  assert_non_null(strstr(h_take(&b), "OFFER c2 a2\n"));
  acdr_free(a.e, lines);
  h_free(&b);
  h_free(&a);
}

H_MAIN(T(each_alias_offers_as_its_strategy), T(alias_kept_as_written),
       T(update_to_alias_keeps_state), T(did_you_mean),
       T(registered_name_wins_over_alias), T(event_lines))
