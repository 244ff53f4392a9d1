/* Event log and replay: the recorded lines, fed to a fresh engine, give
 * the same actions and the same final state. */
#include "test_snapshot_sim.h"

#define EVENTS 2500

static void replay_reproduces_actions_and_state(void **state) {
  sim a, b;
  uint64_t x = 0x2545f4914f6cdd1dULL, t = 0;
  char line[512], *log = NULL, *p, *snap_a, *snap_b;
  size_t len = 0;
  int i, lines = 0, ok = 0;
  (void)state;
  sim_init(&a, 1);
  sim_init(&b, 0);
  sim_load_config(&a); /* recorded as one "config" line */
  for (i = 0; i < EVENTS; i++) {
    t += sim_rand(&x) % 4000;
    sim_line(&a, &x, i, t, line, sizeof(line));
    ok += sim_apply(&a, line) == 0;
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
  snprintf(line, sizeof(line), "{\"t_ms\": %llu, \"ev\": \"expiry\"}",
           (unsigned long long)t);
  ok += sim_apply(&a, line) == 0;
  assert_int_equal(acdr_engine_event_log_take(a.e, &log, &len), 0);
  assert_int_equal(strlen(log), len);
  /* one line per successful call: config + events + the four calls */
  for (p = log; (p = strchr(p, '\n')); p++) lines++;
  assert_int_equal(lines, 1 + ok + 4);
  /* dispositions, corrections, hours and DNC changes are among them */
  assert_non_null(strstr(log, "\"ev\": \"dispo\""));
  assert_non_null(strstr(log, "\"ev\": \"dispo_correct\""));
  assert_non_null(strstr(log, "\"ev\": \"hours\", \"queue\": \"q0\", "
                              "\"hours\": {\"monday\": [], "));
  assert_non_null(strstr(log, "\"ev\": \"dnc_add\", \"key\": "
                              "\"tel:+15550100\", \"duration_ms\": 0}"));
  for (p = log; *p;) {
    char *nl = strchr(p, '\n');
    assert_non_null(nl);
    assert_int_equal(acdr_engine_apply_event_json(b.e, p, (size_t)(nl - p)),
                     0);
    assert_int_equal(acdr_engine_check(b.e), 0);
    p = nl + 1;
  }
  assert_true(a.len > 1000);
  assert_string_equal(a.out, b.out);
  snap_a = sim_snapshot(&a);
  snap_b = sim_snapshot(&b);
  assert_string_equal(snap_a, snap_b);
  {
    char *ma = sim_metrics(&a, t), *mb = sim_metrics(&b, t);
    assert_string_equal(ma, mb);
    acdr_free(a.e, ma);
    acdr_free(b.e, mb);
  }
  sim_same_dispo_stats(&a, &b);
  acdr_free(a.e, log);
  /* the log is empty after a take */
  assert_int_equal(acdr_engine_event_log_take(a.e, &log, &len), 0);
  assert_string_equal(log, "");
  acdr_free(a.e, log);
  acdr_free(a.e, snap_a);
  acdr_free(b.e, snap_b);
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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(replay_reproduces_actions_and_state),
      cmocka_unit_test(event_lines_bad_input),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
