/* SPDX-License-Identifier: MIT */
/* Feedback and other measures: survey scores (CSAT 1-5, NPS 0-10) per
 * queue, agent, disposition code and period; after-hours contacts counted
 * apart from offered, so that the abandon and resolution rates are about
 * the contacts that came while the queue was open.
 *
 * Peers: Asterisk app_queue.c counts every caller who enters a queue in
 * "calls" (queue_exec: a closed queue is the dialplan's business, before
 * Queue() runs); FreeSWITCH mod_callcenter.c has no business hours at
 * all; neither records survey scores. */
#include "dispo.h"

#include <stdio.h>
#include <string.h>

#define HOUR_MS 3600000LL

static acdr_metrics qm(harness *h, const char *q, acdr_tstamp from,
                       acdr_tstamp to, acdr_tstamp now) {
  acdr_metrics m;
  int rv = acdr_metrics_get_queue(h->e, q, from, to, now, &m);
  if (rv) fail_msg("%s", acdr_engine_last_error(h->e));
  return m;
}

static acdr_metrics am(harness *h, const char *a, acdr_tstamp now) {
  acdr_metrics m;
  int rv = acdr_metrics_get_agent(h->e, a, 0, ACDR_TSTAMP_MAX, now, &m);
  if (rv) fail_msg("%s", acdr_engine_last_error(h->e));
  return m;
}

static acdr_metrics cm(harness *h, const char *code, acdr_tstamp now) {
  acdr_metrics m;
  int rv = acdr_metrics_get_code(h->e, code, 0, ACDR_TSTAMP_MAX, now, &m);
  if (rv) fail_msg("%s", acdr_engine_last_error(h->e));
  return m;
}

/* Agents a1, a2 on queue q (disposition required, no wrap-up time). */
static void setup(harness *h) {
  h_init(h, NULL);
  h_agents(h, "a1 a2");
  dq(h, "q", 1, 0);
  h_members(h, "q", "a1:0:0 a2:0:0");
  h_login(h, "a1", S(1));
  h_login(h, "a2", S(2));
  (void)h_take(h);
}

/* c talks to `agent` from t to t+60 s and gets `code`. */
static void call(harness *h, const char *c, const char *agent,
                 const char *code, acdr_tstamp t) {
  darrive(h, c, "q", NULL, NULL, t);
  h_accept(h, c, agent, t);
  h_hangup(h, c, t + S(60));
  dset(h, c, code, NULL, 0, t + S(61));
  (void)h_take(h);
}

static void survey(harness *h, const char *c, int32_t kind, int32_t score,
                   acdr_tstamp now) {
  CALL(h, acdr_survey_record(h->e, c, kind, score, now));
}

H_TEST_WITH(scores_per_queue_agent_code_and_period, setup) {
  acdr_metrics m;
  char *json = NULL;
  call(h, "c1", "a1", "interested", S(10));
  call(h, "c2", "a2", "not-interested", S(100));
  call(h, "c3", "a1", "not-interested", S(200));
  survey(h, "c1", ACDR_SURVEY_CSAT, 5, S(300));
  survey(h, "c2", ACDR_SURVEY_CSAT, 2, S(300));
  survey(h, "c3", ACDR_SURVEY_CSAT, 4, S(300));
  survey(h, "c1", ACDR_SURVEY_NPS, 10, S(300));
  survey(h, "c2", ACDR_SURVEY_NPS, 3, S(300));
  /* an hour later: the next bucket (15-minute buckets) */
  survey(h, "c3", ACDR_SURVEY_NPS, 8, S(300) + S(3600));

  m = qm(h, "q", 0, ACDR_TSTAMP_MAX, S(4000));
  assert_int_equal(m.csat_responses, 3);
  assert_int_equal(m.csat_sum, 11);
  assert_int_equal(m.csat_satisfied, 2);
  assert_true(m.csat_avg > 3.66 && m.csat_avg < 3.67);
  assert_true(m.csat_rate > 0.66 && m.csat_rate < 0.67);
  assert_int_equal(m.nps_responses, 3);
  assert_int_equal(m.nps_promoters, 1);
  assert_int_equal(m.nps_detractors, 1);
  assert_true(m.promoter_rate - m.detractor_rate == 0.0); /* NPS 0 */
  /* resolution and FCR stay where they were: scores are apart */
  assert_int_equal(m.offered, 3);
  assert_int_equal(m.dispositioned, 3);

  /* per agent: a1 had c1 (5, NPS 10) and c3 (4, NPS 8) */
  m = am(h, "a1", S(4000));
  assert_int_equal(m.csat_responses, 2);
  assert_true(m.csat_avg == 4.5);
  assert_true(m.csat_rate == 1.0);
  assert_int_equal(m.nps_promoters, 1);
  assert_int_equal(m.nps_detractors, 0);
  m = am(h, "a2", S(4000));
  assert_true(m.csat_avg == 2.0);
  assert_true(m.detractor_rate == 1.0);

  /* per code */
  m = cm(h, "not-interested", S(4000));
  assert_int_equal(m.csat_responses, 2);
  assert_int_equal(m.csat_sum, 6);
  m = cm(h, "interested", S(4000));
  assert_int_equal(m.nps_promoters, 1);

  /* per period: the bucket a score came in */
  m = qm(h, "q", 0, S(900), S(4000));
  assert_int_equal(m.csat_responses, 3);
  assert_int_equal(m.nps_responses, 2);
  m = qm(h, "q", S(3600), S(4500), S(4000));
  assert_int_equal(m.csat_responses, 0);
  assert_int_equal(m.nps_responses, 1);
  assert_true(m.csat_avg == -1.0); /* no data */

  /* JSON: counters and the derived KPIs, NPS in points */
  CALL(h, acdr_metrics_to_json(h->e, S(4000), &json, NULL));
  assert_non_null(strstr(json, "\"csat_responses\":3,\"csat_sum\":11"));
  assert_non_null(strstr(json, "\"nps\":0"));
  acdr_free(h->e, json);
  CALL(h, acdr_metrics_range_to_json(h->e, S(3600), S(4500), S(4000), &json,
                                     NULL));
  /* one NPS 8 (passive) in that hour: NPS 0, CSAT no data */
  assert_non_null(strstr(json, "\"csat_avg\":null"));
  acdr_free(h->e, json);
}

H_TEST_WITH(bad_scores_are_refused_with_nothing_counted, setup) {
  acdr_metrics before, after;
  call(h, "c1", "a1", "interested", S(10));
  darrive(h, "live", "q", NULL, NULL, S(100));
  (void)h_take(h);
  before = qm(h, "q", 0, ACDR_TSTAMP_MAX, S(100));
  assert_int_equal(acdr_survey_record(h->e, "c1", ACDR_SURVEY_CSAT, 0, S(100)),
                   ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e),
                         "CSAT score 0 outside 1..5"));
  assert_int_equal(acdr_survey_record(h->e, "c1", ACDR_SURVEY_CSAT, 6, S(100)),
                   ACDR_ERR_RANGE);
  assert_int_equal(acdr_survey_record(h->e, "c1", ACDR_SURVEY_NPS, 11, S(100)),
                   ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e),
                         "NPS score 11 outside 0..10"));
  assert_int_equal(acdr_survey_record(h->e, "c1", ACDR_SURVEY_NPS, -1, S(100)),
                   ACDR_ERR_RANGE);
  assert_int_equal(acdr_survey_record(h->e, "c1", 2, 3, S(100)),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_survey_record(h->e, "nobody", ACDR_SURVEY_CSAT, 3,
                                      S(100)),
                   ACDR_ERR_CONTACT_NOT_FOUND);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "\"nobody\""));
  assert_int_equal(acdr_survey_record(h->e, "live", ACDR_SURVEY_CSAT, 3,
                                      S(100)),
                   ACDR_ERR_INVALID_STATE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "not ended yet"));
  assert_int_equal(acdr_survey_record(h->e, NULL, ACDR_SURVEY_CSAT, 3,
                                      S(100)),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_survey_record(NULL, "c1", ACDR_SURVEY_CSAT, 3,
                                      S(100)),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_survey_record(h->e, "c1", ACDR_SURVEY_CSAT, 3, S(50)),
                   ACDR_ERR_TIME_BACKWARDS);
  h_expect(h, "");
  after = qm(h, "q", 0, ACDR_TSTAMP_MAX, S(100));
  assert_int_equal(after.csat_responses, before.csat_responses);
  assert_int_equal(after.nps_responses, 0);
  assert_int_equal(acdr_metrics_get_engine(h->e, 0, ACDR_TSTAMP_MAX, S(100),
                                           &after),
                   0);
  assert_int_equal(after.csat_responses, 0);
}

/* Scores are in the event log (replay counts them again) and in the
 * snapshot (restore continues with them). */
H_TEST(scores_replay_and_restore) {
  acdr_options o;
  harness b, c;
  char *log = NULL, *line, *next, *sa = NULL, *sb = NULL, *sc = NULL;
  acdr_metrics m;
  h_free(h);
  acdr_options_default(&o);
  o.record_events = 1;
  h_init(h, &o);
  h_agents(h, "a1");
  dq(h, "q", 1, 0);
  h_members(h, "q", "a1:0:0");
  h_login(h, "a1", S(1));
  call(h, "c1", "a1", "interested", S(10));
  survey(h, "c1", ACDR_SURVEY_CSAT, 4, S(100));
  survey(h, "c1", ACDR_SURVEY_NPS, 9, S(100));
  CALL(h, acdr_engine_event_log_take(h->e, &log, NULL));
  assert_non_null(strstr(log, "\"ev\": \"csat\", \"contact\": \"c1\", "
                              "\"score\": 4}"));
  assert_non_null(strstr(log, "\"ev\": \"nps\", \"contact\": \"c1\", "
                              "\"score\": 9}"));
  h_init(&b, NULL);
  for (line = log; *line; line = next) {
    int rv;
    next = strchr(line, '\n');
    next = next ? next + 1 : line + strlen(line);
    rv = acdr_engine_apply_event_json(b.e, line, (size_t)(next - line));
    if (rv) fail_msg("%.*s: %s", (int)(next - line), line,
                     acdr_engine_last_error(b.e));
  }
  acdr_free(h->e, log);
  CALL(h, acdr_engine_snapshot(h->e, &sa, NULL));
  CALL(&b, acdr_engine_snapshot(b.e, &sb, NULL));
  assert_string_equal(sa, sb);
  m = qm(&b, "q", 0, ACDR_TSTAMP_MAX, S(100));
  assert_int_equal(m.csat_sum, 4);
  assert_int_equal(m.nps_promoters, 1);

  h_init(&c, NULL);
  CALL(&c, acdr_engine_restore(c.e, sa, strlen(sa)));
  survey(&c, "c1", ACDR_SURVEY_CSAT, 2, S(200));
  survey(h, "c1", ACDR_SURVEY_CSAT, 2, S(200));
  acdr_free(h->e, sa);
  CALL(h, acdr_engine_snapshot(h->e, &sa, NULL));
  CALL(&c, acdr_engine_snapshot(c.e, &sc, NULL));
  assert_string_equal(sa, sc);
  m = qm(&c, "q", 0, ACDR_TSTAMP_MAX, S(200));
  assert_int_equal(m.csat_responses, 2);
  assert_true(m.csat_avg == 3.0);
  acdr_free(h->e, sa);
  acdr_free(b.e, sb);
  acdr_free(c.e, sc);
  h_free(&b);
  h_free(&c);
}

/* Queue "day" open 09:00-17:00 every day (host time 0 = Monday 00:00
 * UTC), night calls go to voicemail; agent a1. */
static const acdr_interval nine_to_five[] = {{540, 1020}};

static void night_setup(harness *h) {
  acdr_options o;
  acdr_hours hr;
  int d;
  acdr_options_default(&o);
  o.unix_time_at_zero = 1704067200LL; /* Monday 2024-01-01 */
  h_init(h, &o);
  h_agents(h, "a1");
  h_queue(h, "day", "longest-idle");
  h_members(h, "day", "a1:0:0");
  acdr_hours_default(&hr);
  for (d = ACDR_MONDAY; d <= ACDR_SUNDAY; d++) {
    hr.week[d].intervals = nine_to_five;
    hr.week[d].nintervals = 1;
  }
  hr.closed_kind = ACDR_OVERFLOW_VOICEMAIL;
  hr.closed_target = "mbox";
  CALL(h, acdr_queue_set_hours(h->e, "day", &hr));
  (void)h_take(h);
}

#define AT(hh, mm) S((int64_t)(hh) * 3600 + (int64_t)(mm) * 60)

H_TEST_WITH(after_hours_contacts_are_counted_apart, night_setup) {
  acdr_metrics m;
  /* three night calls to voicemail */
  h_arrive(h, "n1", "day", AT(2, 0));
  h_arrive(h, "n2", "day", AT(3, 0));
  h_arrive(h, "n3", "day", AT(8, 59));
  assert_non_null(strstr(h_take(h), "ENDED n3 overflowed"));
  /* in hours: one answered, one abandoned */
  h_login(h, "a1", AT(9, 0));
  h_arrive(h, "d1", "day", AT(9, 1));
  h_accept(h, "d1", "a1", AT(9, 1) + S(10));
  h_arrive(h, "d2", "day", AT(9, 2));
  h_hangup(h, "d2", AT(9, 3));
  (void)h_take(h);

  m = qm(h, "day", 0, ACDR_TSTAMP_MAX, AT(9, 3));
  assert_int_equal(m.after_hours, 3);
  assert_int_equal(m.offered, 2);
  assert_int_equal(m.overflowed, 0); /* night routing is no overflow */
  assert_int_equal(m.abandoned, 1);
  assert_true(m.abandon_rate == 0.5); /* 1 / 2, not 1 / 5 */
  assert_int_equal(acdr_metrics_get_engine(h->e, 0, ACDR_TSTAMP_MAX,
                                           AT(9, 3), &m),
                   0);
  assert_int_equal(m.after_hours, 3);
  assert_int_equal(m.offered, 2);
  assert_int_equal(m.overflowed, 0);
  assert_true(m.abandon_rate == 0.5);
  /* the night's period holds the night calls only */
  m = qm(h, "day", 0, AT(9, 0), AT(9, 3));
  assert_int_equal(m.after_hours, 3);
  assert_int_equal(m.offered, 0);
  assert_true(m.abandon_rate == -1.0);
}

/* A night call sent on to an open queue counts there as offered, and as
 * after_hours in the closed queue and the engine. */
H_TEST_WITH(after_hours_sent_to_an_open_queue, night_setup) {
  acdr_hours hr;
  acdr_metrics m;
  h_agents(h, "n1");
  h_queue(h, "night", "longest-idle");
  h_members(h, "night", "n1:0:0");
  h_login(h, "n1", S(1));
  acdr_hours_default(&hr);
  for (int d = ACDR_MONDAY; d <= ACDR_SUNDAY; d++) {
    hr.week[d].intervals = nine_to_five;
    hr.week[d].nintervals = 1;
  }
  hr.closed_kind = ACDR_OVERFLOW_QUEUE;
  hr.closed_target = "night";
  CALL(h, acdr_queue_set_hours(h->e, "day", &hr));
  h_arrive(h, "x1", "day", AT(2, 0));
  h_accept(h, "x1", "n1", AT(2, 0) + S(5));
  (void)h_take(h);
  m = qm(h, "day", 0, ACDR_TSTAMP_MAX, AT(2, 1));
  assert_int_equal(m.after_hours, 1);
  assert_int_equal(m.offered, 0);
  assert_int_equal(m.overflowed, 0);
  m = qm(h, "night", 0, ACDR_TSTAMP_MAX, AT(2, 1));
  assert_int_equal(m.offered, 1);
  assert_int_equal(m.answered, 1);
  assert_int_equal(acdr_metrics_get_engine(h->e, 0, ACDR_TSTAMP_MAX,
                                           AT(2, 1), &m),
                   0);
  assert_int_equal(m.after_hours, 1);
  assert_int_equal(m.offered, 0);
  assert_int_equal(m.answered, 0);
}

H_MAIN(T(scores_per_queue_agent_code_and_period),
       T(bad_scores_are_refused_with_nothing_counted),
       T(scores_replay_and_restore),
       T(after_hours_contacts_are_counted_apart),
       T(after_hours_sent_to_an_open_queue))
