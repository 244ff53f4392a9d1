/* SPDX-License-Identifier: MIT */
/* Event log and replay: the recorded lines, fed to a fresh engine, give
 * the same actions and the same final state. */
#include "sim.h"

#include <stdio.h>
#include <string.h>

#define EVENTS 2500

static void replay_reproduces_actions_and_state(void **state) {
  sim a, b;
  uint64_t x = 0x2545f4914f6cdd1dULL, t = 0;
  char line[512], *log = NULL;
  size_t len = 0;
  int i, lines, ok = 0;
  (void)state;
  sim_pair(&a, &b, 1); /* the configuration is recorded as one line */
  for (i = 0; i < EVENTS; i++) {
    ok += sim_step(&a, &x, i, &t, line, sizeof(line)) == 0;
    /* an API call made directly, not through a line, is recorded too */
    if (i == EVENTS / 2) {
      acdr_hours h;
      acdr_day_hours *thu;
      static const acdr_interval iv[2] = {{0, 30}, {60, 90}};
      assert_int_equal(acdr_queue_member_add(a.e, "q2", "a2", 0, 5,
                                             t * ACDR_MILLISECONDS), 0);
      assert_int_equal(acdr_agent_reset_counts(a.e, NULL), 0);
      assert_int_equal(acdr_dnc_add(a.e, "tel:+15550100", 0,
                                    t * ACDR_MILLISECONDS), 0);
      acdr_hours_default(&h);
      thu = &h.week[ACDR_THURSDAY];
      thu->intervals = iv;
      thu->nintervals = 2;
      h.closed_kind = ACDR_OVERFLOW_MESSAGE;
      h.closed_text = "back soon";
      assert_int_equal(acdr_queue_set_hours(a.e, "q0", &h), 0);
    }
  }
  /* a failed call still moves the engine's clock, and failed calls are
   * not recorded: end on a recorded one so both clocks agree */
  ok += sim_expiry(&a, t) == 0;
  lines = sim_take_log(&a, &log, &len);
  assert_int_equal(strlen(log), len);
  /* one line per successful call: config + events + the four calls */
  assert_int_equal(lines, 1 + ok + 4);
  /* dispositions, corrections, hours and DNC changes are among them */
  assert_non_null(strstr(log, "\"ev\": \"dispo\""));
  assert_non_null(strstr(log, "\"ev\": \"dispo_correct\""));
  assert_non_null(strstr(log, "\"ev\": \"hours\", \"queue\": \"q0\", "
                              "\"hours\": {\"monday\": [], "));
  assert_non_null(strstr(log, "\"ev\": \"dnc_add\", \"key\": "
                              "\"tel:+15550100\", \"duration_ms\": 0}"));
  sim_replay(&b, log);
  assert_true(a.len > 1000);
  sim_assert_same(&a, &b, t);
  acdr_free(a.e, log);
  /* the log is empty after a take */
  assert_int_equal(acdr_engine_event_log_take(a.e, &log, &len), 0);
  assert_string_equal(log, "");
  acdr_free(a.e, log);
  sim_free(&a);
  sim_free(&b);
}

/* Catalog, rule, history-limit, statistics, DNC-clear and metric-option
 * calls made directly on the engine are recorded too (failed ones are
 * not; queries are not), and replay reproduces actions, snapshot and
 * metrics. */
static acdr_dispo_code mk_code(const char *id, const char *label,
                               uint32_t attrs, const char *const *queues,
                               size_t nqueues) {
  acdr_dispo_code c;
  acdr_dispo_code_default(&c);
  c.id = id;
  c.label = label;
  c.attrs = attrs;
  c.queues = queues;
  c.nqueues = nqueues;
  return c;
}

static int setting_calls(sim *a, int i, uint64_t t) {
  static const char *const q02[] = {"q0", "q2"};
  static const char *const q012[] = {"q0", "q1", "q2"};
  const uint32_t made = ACDR_DISPO_CONTACT_MADE;
  int n = 0;
  if (i == 400) {
    acdr_dispo_code c = mk_code("vip", NULL,
                                made | ACDR_DISPO_SUCCESS |
                                    ACDR_DISPO_RESOLVED,
                                q02, 2);
    acdr_dispo_rule r;
    acdr_metrics_options m;
    char *doc = NULL;
    c.category = "success";
    c.dnc_ms = 60000;
    assert_int_equal(acdr_dispo_code_add(a->e, &c), 0), n++;
    assert_int_equal(acdr_dispo_code_add(a->e, &c), ACDR_ERR_DUPLICATE_ID);
    acdr_dispo_rule_default(&r);
    r.id = "r-vip";
    r.code = "vip";
    r.queue = "q2";
    r.action = ACDR_FOLLOWUP_LIST;
    r.argument = "vip-list";
    r.delay_ms = 120000;
    assert_int_equal(acdr_dispo_rule_add(a->e, &r), 0), n++;
    assert_int_equal(acdr_dispo_set_limits(a->e, 40, 3), 0), n++;
    acdr_metrics_options_default(&m);
    m.bucket_ms = 60000;
    m.max_buckets = 40;
    m.sl_variant = ACDR_SL_ANSWERED;
    m.abandon_excludes_short = 1;
    m.fcr_key = ACDR_FCR_KEY_CUSTOMER_REASON;
    m.fcr_window_ms = 3600000;
    assert_int_equal(acdr_engine_set_metrics_options(a->e, &m), 0), n++;
    m.bucket_ms = 5;
    assert_int_equal(acdr_engine_set_metrics_options(a->e, &m),
                     ACDR_ERR_RANGE);
    /* reading the configuration records nothing */
    assert_int_equal(acdr_config_export(a->e, &doc, NULL), 0);
    assert_int_equal(acdr_config_validate(a->e, doc, strlen(doc),
                                          ACDR_RELOAD_REFUSE), 0);
    acdr_free(a->e, doc);
    assert_int_equal(acdr_engine_snapshot(a->e, &doc, NULL), 0);
    acdr_free(a->e, doc);
  } else if (i == 1000) {
    acdr_dispo_code c = mk_code("sale", "Big sale",
                                made | ACDR_DISPO_SUCCESS | ACDR_DISPO_FINAL |
                                    ACDR_DISPO_RESOLVED,
                                q012, 3);
    assert_int_equal(acdr_dispo_code_update(a->e, &c), 0), n++;
    {
      acdr_dispo_code k; /* an id owned by the engine */
      assert_int_equal(acdr_dispo_code_get(a->e, "no-thanks", &k), 0);
      assert_int_equal(acdr_dispo_code_remove(a->e, k.id), 0), n++;
    }
    assert_int_equal(acdr_dispo_rule_remove(a->e, "r-cb"), 0), n++;
    assert_int_equal(acdr_dispo_stats_reset(a->e), 0), n++;
    assert_int_equal(acdr_dnc_clear(a->e), 0), n++;
    assert_int_equal(acdr_dispo_code_remove(a->e, "sale"), ACDR_ERR_IN_USE);
    assert_int_equal(acdr_dispo_rule_remove(a->e, "r-cb"), ACDR_ERR_NOT_FOUND);
  } else if (i == 1500) {
    acdr_dispo_code cat[8];
    cat[0] = mk_code("sale", NULL, made | ACDR_DISPO_SUCCESS, NULL, 0);
    cat[1] = mk_code("abandoned", NULL, 0, NULL, 0);
    cat[2] = mk_code("not-interested", NULL, made | ACDR_DISPO_FINAL, NULL,
                     0);
    cat[3] = mk_code("callback-requested", NULL, made | ACDR_DISPO_CALLBACK,
                     NULL, 0);
    cat[4] = mk_code("deal-closed", NULL, made | ACDR_DISPO_SUCCESS, NULL, 0);
    cat[5] = mk_code("do-not-contact", NULL, made | ACDR_DISPO_DNC, NULL, 0);
    cat[6] = mk_code("wrong-number", NULL, ACDR_DISPO_UNWORKABLE, NULL, 0);
    cat[7] = mk_code("vip", "VIP", made | ACDR_DISPO_RESOLVED, q02, 2);
    cat[1].auto_end_reason = ACDR_END_ABANDONED;
    cat[5].dnc_ms = 30000;
    cat[0].max_duration_ms = 600000;
    /* without "vip", which rule r-vip uses */
    assert_int_equal(acdr_dispo_catalog_set(a->e, cat, 7), ACDR_ERR_IN_USE);
    assert_int_equal(acdr_dispo_catalog_set(a->e, cat, 8), 0), n++;
    (void)t;
  } else if (i == 1800) {
    assert_int_equal(acdr_dispo_rule_remove(a->e, "r-sale"), 0), n++;
    assert_int_equal(acdr_dispo_catalog_reset(a->e), ACDR_ERR_IN_USE);
    {
      acdr_dispo_rule r; /* an id owned by the engine */
      assert_int_equal(acdr_dispo_rule_get(a->e, "r-vip", &r), 0);
      assert_int_equal(acdr_dispo_rule_remove(a->e, r.id), 0), n++;
    }
    assert_int_equal(acdr_dispo_catalog_reset(a->e), 0), n++;
  }
  return n;
}

static void replay_reproduces_setting_calls(void **state) {
  sim a, b;
  uint64_t x = 0x9e3779b97f4a7c15ULL, t = 0;
  char line[512], *log = NULL, *ma, *mb;
  size_t len = 0;
  int i, ok = 0, calls = 0;
  (void)state;
  sim_pair(&a, &b, 1);
  for (i = 0; i < 2000; i++) {
    ok += sim_step(&a, &x, i, &t, line, sizeof(line)) == 0;
    calls += setting_calls(&a, i, t);
  }
  assert_int_equal(calls, 13);
  ok += sim_expiry(&a, t) == 0;
  assert_int_equal(sim_take_log(&a, &log, &len), 1 + ok + calls);
  assert_non_null(strstr(log, "\"ev\": \"code_add\", \"def\": {\"id\": "
                              "\"vip\", \"label\": \"vip\", \"category\": "
                              "\"success\", \"attrs\": [\"contact_made\", "
                              "\"success\", \"resolved\"], \"queues\": "
                              "[\"q0\", \"q2\"], \"min_duration_ms\": 0, "
                              "\"max_duration_ms\": 0, \"auto_end_reason\": "
                              "\"none\", \"dnc_ms\": 60000}}\n"));
  assert_non_null(strstr(log, "\"ev\": \"rule_add\", \"def\": {\"id\": "
                              "\"r-vip\", \"code\": \"vip\", \"queue\": "
                              "\"q2\", \"action\": \"list\", \"argument\": "
                              "\"vip-list\", \"delay_ms\": 120000, "
                              "\"duration_ms\": 0}}\n"));
  assert_non_null(strstr(log, "\"ev\": \"dispo_limits\", \"history\": 40, "
                              "\"changes\": 3}\n"));
  assert_non_null(strstr(log, "\"ev\": \"metrics_options\", \"metrics\": "
                              "{\"bucket_ms\": 60000, \"max_buckets\": 40, "
                              "\"sl_variant\": \"answered\", "
                              "\"abandon_excludes_short\": true, "
                              "\"fcr_key\": \"customer_reason\", "
                              "\"fcr_window_ms\": 3600000}}\n"));
  assert_non_null(strstr(log, "\"ev\": \"code_update\", \"def\": {\"id\": "
                              "\"sale\", \"label\": \"Big sale\""));
  assert_non_null(strstr(log, "\"ev\": \"code_remove\", \"code\": "
                              "\"no-thanks\"}\n"));
  assert_non_null(strstr(log, "\"ev\": \"rule_remove\", \"rule\": "
                              "\"r-cb\"}\n"));
  assert_non_null(strstr(log, "\"ev\": \"dispo_stats_reset\"}\n"));
  assert_non_null(strstr(log, "\"ev\": \"dnc_clear\"}\n"));
  assert_non_null(strstr(log, "\"ev\": \"catalog_set\", \"codes\": [{\"id\": "
                              "\"sale\", "));
  assert_non_null(strstr(log, "\"ev\": \"catalog_reset\"}\n"));
  sim_replay(&b, log);
  sim_assert_same(&a, &b, t);
  assert_int_equal(acdr_metrics_range_to_json(a.e, 0, t * ACDR_MILLISECONDS,
                                              t * ACDR_MILLISECONDS, &ma,
                                              NULL), 0);
  assert_int_equal(acdr_metrics_range_to_json(b.e, 0, t * ACDR_MILLISECONDS,
                                              t * ACDR_MILLISECONDS, &mb,
                                              NULL), 0);
  assert_string_equal(ma, mb);
  acdr_free(a.e, ma);
  acdr_free(b.e, mb);
  acdr_free(a.e, log);
  sim_free(&a);
  sim_free(&b);
}

static void event_lines_bad_input(void **state) {
  sim a;
  size_t n = 0;
  char buf[256], *log;
  acdr_action act;
  (void)state;
  sim_init(&a, 0);
  sim_load_config(&a);
#define BAD(LINE, MSG)                                                       \
  do {                                                                       \
    assert_int_equal(acdr_engine_apply_event_json(a.e, LINE, strlen(LINE)),  \
                     ACDR_ERR_PARSE);                                        \
    assert_string_equal(acdr_config_last_errors(a.e), MSG);                  \
  } while (0)
  BAD("{\"t_ms\": 1, \"ev\": \"lgoin\", \"agent\": \"a1\"}",
      "/ev: unknown event \"lgoin\" (did you mean \"login\"?)");
  BAD("{\"t_ms\": 1, \"ev\": \"login\", \"agnet\": \"a1\"}",
      "/agnet: unknown key \"agnet\" (did you mean \"agent\"?)\n"
      "(document): missing required key \"agent\"");
  BAD("{\"ev\": \"login\", \"agent\": \"a1\"}",
      "(document): exactly one of \"t_ms\" and \"t_ns\" is required");
  BAD("{\"t_ms\": 1, \"ev\": \"reject\", \"contact\": \"c\", \"agent\": "
      "\"a1\", \"how\": \"rude\"}",
      "/how: expected \"declined\", \"busy\" or \"no-answer\", got \"rude\"");
  BAD("{\"t_ms\": -5, \"ev\": \"expiry\"}",
      "/t_ms: -5 outside 0..9223372036854");
  BAD("{\"t_ms\": 1, \"ev\": \"login\"", "(document): malformed JSON at "
      "line 1, column 26: unexpected end of document");
  /* a well-formed line whose event fails returns the event's error */
  assert_int_equal(acdr_engine_apply_event_json(
                       a.e, "{\"t_ms\": 1, \"ev\": \"login\", \"agent\": "
                            "\"zz\"}\n", 42),
                   ACDR_ERR_AGENT_NOT_FOUND);
  /* setting lines: unknown and missing keys, then the API's own errors */
  BAD("{\"t_ms\": 1, \"ev\": \"rule_remove\", \"rul\": \"x\"}",
      "/rul: unknown key \"rul\" (did you mean \"rule\"?)");
  BAD("{\"t_ms\": 1, \"ev\": \"dispo_limits\", \"history\": 5}",
      "(document): missing required key \"changes\"");
  BAD("{\"t_ms\": 1, \"ev\": \"code_add\", \"def\": {\"id\": \"x\", "
      "\"attrs\": [\"sucess\"]}}",
      "/def/attrs/0: unknown attribute \"sucess\" (did you mean "
      "\"success\"?)");
  BAD("{\"t_ms\": 1, \"ev\": \"metrics_options\"}",
      "(document): missing required key \"metrics\"");
#define APPLY(LINE) acdr_engine_apply_event_json(a.e, LINE, strlen(LINE))
  assert_int_equal(APPLY("{\"t_ms\": 1, \"ev\": \"code_remove\", "
                            "\"code\": \"nope\"}"),
                   ACDR_ERR_UNKNOWN_CODE);
  assert_string_equal(acdr_engine_last_error(a.e),
                      "code remove: no code \"nope\" in the catalog");
  assert_int_equal(APPLY("{\"t_ms\": 1, \"ev\": \"code_add\", \"def\": "
                            "{\"id\": \"sale\"}}"),
                   ACDR_ERR_DUPLICATE_ID);
  assert_string_equal(acdr_engine_last_error(a.e),
                      "code add: code \"sale\" is already in the catalog");
  assert_int_equal(APPLY("{\"t_ms\": 2, \"ev\": \"rule_remove\", "
                            "\"rule\": \"r-cb\"}"),
                   0);
  assert_int_equal(APPLY("{\"t_ms\": 1, \"ev\": \"dnc_clear\"}"),
                   ACDR_ERR_TIME_BACKWARDS);
#undef APPLY
  /* recording is off for this engine */
  assert_int_equal(acdr_engine_event_log_take(a.e, &log, NULL),
                   ACDR_ERR_INVALID_STATE);
  /* action lines */
  memset(&act, 0, sizeof(act));
  act.type = ACDR_ACTION_OFFER_CANCEL;
  act.reason = ACDR_CANCEL_NO_ANSWER;
  act.channel = ACDR_CHANNEL_CHAT;
  act.time = 1500 * ACDR_MILLISECONDS + 1;
  act.contact_id = "c\"1";
  act.agent_id = "a1";
  assert_int_equal(acdr_action_to_json(buf, sizeof(buf), &n, &act), 0);
  assert_string_equal(buf, "{\"t_ns\": 1500000001, \"action\": "
                           "\"offer_cancel\", \"reason\": \"no_answer\", "
                           "\"channel\": \"chat\", \"contact\": \"c\\\"1\", "
                           "\"agent\": \"a1\"}");
  assert_int_equal(n, strlen(buf));
  assert_int_equal(acdr_action_to_json(buf, 10, &n, &act), ACDR_ERR_LIMIT);
  assert_int_equal(n, strlen("{\"t_ns\": 1500000001, \"action\": "
                             "\"offer_cancel\", \"reason\": \"no_answer\", "
                             "\"channel\": \"chat\", \"contact\": "
                             "\"c\\\"1\", \"agent\": \"a1\"}"));
  assert_int_equal(acdr_action_to_json(NULL, 0, &n, &act), ACDR_ERR_LIMIT);
  assert_int_equal(acdr_action_to_json(buf, sizeof(buf), &n, NULL),
                   ACDR_ERR_INVALID_ARGUMENT);
  sim_free(&a);
}

H_MAIN(T(replay_reproduces_actions_and_state),
       T(replay_reproduces_setting_calls), T(event_lines_bad_input))
