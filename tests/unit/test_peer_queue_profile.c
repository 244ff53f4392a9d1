/* Queue profiles (issue 17, "Presets"): the same scenario under the
 * "asterisk" and the "freeswitch" profile gives each peer's documented
 * out-of-the-box result, explicit settings win over the profile, and the
 * profile round-trips through the configuration.  Sources: Asterisk
 * configs/samples/queues.conf.sample (strategy ringall, timeout 15,
 * retry 5, autopause no, timeoutpriority app, weight / compare_weight());
 * FreeSWITCH mod_callcenter.c (agents table defaults: max_no_answer,
 * no_answer/reject/busy delay times 0; strategy longest-idle-agent;
 * time-base-score queue; the agent rung may answer after max-wait-time).
 * The invariant checker runs after every call (h_* / CALL). */
#include "harness.h"

#include <stdio.h>
#include <string.h>

static void profile_queue(harness *h, const char *profile, int64_t max_wait) {
  acdr_queue_def d;
  h_qdef(&d, "q", NULL);
  if (profile) CALL(h, acdr_queue_def_profile(&d, profile));
  d.max_wait_ms = max_wait;
  h_qadd(h, &d);
}

static int status(harness *h, const char *a) { return h_status(h, a); }

/* One agent who never answers, one caller.
 *   acdroute: 15 s rings, 5 s rest, set AWAY after the third miss (55 s).
 *   asterisk: 15 s rings, then the retry pause (5 s), forever; the member
 *             is never paused (autopause=no).
 *   freeswitch: 60 s rings (no timeout of its own), rung again at once
 *             (no_answer_delay_time 0), never set away (max_no_answer 0). */
static void no_answer(const char *profile) {
  harness hh, *h = &hh;
  h_init(h, NULL);
  profile_queue(h, profile, 0);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", 0);
  h_arrive(h, "c1", "q", S(1));
  h_expect(h, "OFFER c1 a1\n");
  h_advance(h, S(16));
  if (strcmp(profile, "freeswitch") == 0) {
    assert_string_equal(h_take(h), ""); /* still ringing */
    h_advance(h, S(61));
    h_expect(h, "CANCEL c1 a1 no-answer\nOFFER c1 a1\n");
  } else {
    h_expect(h, "CANCEL c1 a1 no-answer\n");
    h_advance(h, S(21));
    h_expect(h, "OFFER c1 a1\n");
  }
  h_advance(h, S(300));
  (void)h_take(h);
  assert_int_equal(status(h, "a1"), strcmp(profile, "acdroute") == 0
                                        ? ACDR_AGENT_AWAY
                                        : ACDR_AGENT_AVAILABLE);
  h_free(h);
}

static void no_answer_per_profile(void **state) {
  (void)state;
  no_answer("acdroute");
  no_answer("asterisk");
  no_answer("freeswitch");
}

/* The default strategy: app_queue rings every free member (ringall);
 * mod_callcenter rings the longest idle agent. */
static void strategy(const char *profile, const char *want) {
  harness hh, *h = &hh;
  h_init(h, NULL);
  profile_queue(h, profile, 0);
  h_agents(h, "a1 a2");
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_logins(h, "a2:1 a1:2"); /* a2 idle longest */
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, want);
  h_free(h);
}

static void strategy_per_profile(void **state) {
  (void)state;
  strategy("asterisk", "OFFER c1 a1\nOFFER c1 a2\n");
  strategy("freeswitch", "OFFER c1 a2\n");
}

/* A caller behind a ringing caller: app_queue says 2 (the ringing caller
 * is still in the queue), acdroute and mod_callcenter 1. */
static void position(const char *profile, uint32_t want) {
  harness hh, *h = &hh;
  acdr_contact_info info;
  h_init(h, NULL);
  profile_queue(h, profile, 0);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", 0);
  h_arrive(h, "c1", "q", S(1));
  h_arrive(h, "c2", "q", S(2));
  CALL(h, acdr_contact_get_info(h->e, "c2", &info));
  assert_int_equal(info.position, want);
  h_free(h);
}

static void position_per_profile(void **state) {
  (void)state;
  position("asterisk", 2);
  position("freeswitch", 1);
}

/* max wait 20 s reached while the agent rings (rung from 10 s): app_queue
 * (timeoutpriority=app) stops ringing at 20 s; mod_callcenter lets the
 * agent answer at 25 s. */
static void max_wait(const char *profile, int answered) {
  harness hh, *h = &hh;
  h_init(h, NULL);
  profile_queue(h, profile, 20000);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_arrive(h, "c1", "q", 0);
  h_login(h, "a1", S(10));
  h_expect(h, "OFFER c1 a1\n");
  h_advance(h, S(25));
  if (answered) {
    assert_string_equal(h_take(h), "");
    h_accept(h, "c1", "a1", S(25));
    h_expect(h, "CONNECTED c1 a1\n");
  } else {
    h_expect(h, "CANCEL c1 a1 withdrawn\nENDED c1 timed-out\n");
  }
  h_free(h);
}

static void max_wait_per_profile(void **state) {
  (void)state;
  max_wait("asterisk", 0);
  max_wait("freeswitch", 1);
}

/* app_queue weight: a member of a heavy and a light queue takes the heavy
 * queue's caller even when the light one's has a higher priority and has
 * waited longer than acdroute's weight aging (60 s). */
static void weight(const char *profile, const char *want) {
  harness hh, *h = &hh;
  acdr_queue_def d;
  acdr_contact_def cd;
  h_init(h, NULL);
  h_qdef(&d, "heavy", NULL);
  CALL(h, acdr_queue_def_profile(&d, profile));
  d.weight = 10;
  h_qadd(h, &d);
  h_qdef(&d, "light", NULL);
  CALL(h, acdr_queue_def_profile(&d, profile));
  h_qadd(h, &d);
  h_agent(h, "a1");
  h_member(h, "heavy", "a1", 0, 0, 0);
  h_member(h, "light", "a1", 0, 0, 0);
  acdr_contact_def_default(&cd);
  cd.id = "urgent";
  cd.queue = "light";
  cd.priority = 5;
  CALL(h, acdr_contact_arrive(h->e, &cd, S(1)));
  h_arrive(h, "plain", "heavy", S(2));
  h_login(h, "a1", S(100));
  h_expect(h, want);
  h_free(h);
}

static void weight_per_profile(void **state) {
  (void)state;
  weight("asterisk", "OFFER plain a1\n");
  weight("acdroute", "OFFER urgent a1\n");
}

/* Explicit settings win over the profile, in C and in a document; the
 * export writes the profile and what was set, and loads back the same. */
H_TEST(explicit_settings_win_and_round_trip) {
  static const char doc[] =
      "{\"version\": 1, \"agents\": [{\"id\": \"a1\"}], \"queues\": ["
      "{\"id\": \"q\", \"profile\": \"asterisk\", \"ring_timeout_ms\": 5000,"
      " \"weight_first\": false, \"strategy\": \"linear\", "
      "\"members\": [\"a1\"]}]}";
  char *out = NULL, *out2 = NULL;
  size_t len;
  harness h2;
  acdr_queue_def d;
  h_qdef(&d, "c", NULL);
  CALL(h, acdr_queue_def_profile(&d, "freeswitch"));
  d.no_answer_delay_ms = 2000;
  assert_string_equal(d.profile, "freeswitch");
  assert_string_equal(d.strategy, "longest-idle-agent");
  assert_int_equal(d.ring_timeout_ms, 60000);
  h_qadd(h, &d);
  CALL(h, acdr_config_apply(h->e, doc, strlen(doc), 0, 0));
  CALL(h, acdr_config_export(h->e, &out, &len));
  /* the document's queue: the profile, its explicit values */
  {
    const char *q = strstr(out, "\"id\": \"q\"");
    assert_non_null(q);
    assert_non_null(strstr(q, "\"profile\": \"asterisk\""));
    assert_non_null(strstr(q, "\"strategy\": \"linear\""));
    assert_non_null(strstr(q, "\"ring_timeout_ms\": 5000"));
    assert_non_null(strstr(q, "\"weight_first\": false"));
    assert_non_null(strstr(q, "\"position_counts_ringing\": true"));
    assert_non_null(strstr(q, "\"max_missed\": 0"));
  }
  h_init(&h2, NULL);
  CALL(&h2, acdr_config_apply(h2.e, out, len, 0, 0));
  CALL(&h2, acdr_config_export(h2.e, &out2, NULL));
  assert_string_equal(out, out2);
  acdr_free(h->e, out);
  acdr_free(h2.e, out2);
  h_free(&h2);
}

/* Unknown profiles are refused: by the C call, by queue_add, and in a
 * document with a hint. */
H_TEST(unknown_profile_refused) {
  acdr_queue_def d;
  static const char doc[] =
      "{\"version\": 1, \"queues\": [{\"id\": \"q\", \"profile\": "
      "\"asterix\"}]}";
  h_qdef(&d, "q", NULL);
  assert_int_equal(acdr_queue_def_profile(&d, "asterix"),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_queue_def_profile(&d, NULL),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_queue_def_profile(NULL, "asterisk"),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_queue_def_profile_versioned(1, &d, "asterisk"),
                   ACDR_ERR_VERSION);
  assert_null(d.profile); /* unchanged by the refused calls */
  assert_int_equal(d.ring_timeout_ms, 15000);
  d.profile = "asterix";
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_INVALID_ARGUMENT);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "unknown profile"));
  assert_int_equal(acdr_config_validate(h->e, doc, strlen(doc), 0),
                   ACDR_ERR_CONFIG);
  assert_non_null(strstr(acdr_config_last_errors(h->e),
                         "did you mean \"asterisk\""));
}

/* The engine keeps its own copy of the name: the caller's string may go
 * away after acdr_queue_add. */
H_TEST(profile_name_is_the_engines) {
  acdr_queue_def d;
  char name[16];
  char *out = NULL;
  snprintf(name, sizeof(name), "%s", "freeswitch");
  h_qdef(&d, "q", NULL);
  d.profile = name;
  h_qadd(h, &d);
  memset(name, 'x', sizeof(name) - 1);
  CALL(h, acdr_config_export(h->e, &out, NULL));
  assert_non_null(strstr(out, "\"profile\": \"freeswitch\""));
  acdr_free(h->e, out);
}

H_MAIN(T(no_answer_per_profile), T(strategy_per_profile),
       T(position_per_profile), T(max_wait_per_profile),
       T(weight_per_profile), T(explicit_settings_win_and_round_trip),
       T(unknown_profile_refused), T(profile_name_is_the_engines))
