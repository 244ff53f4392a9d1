/* SPDX-License-Identifier: MIT */
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
#include <stdlib.h>
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


/* A queue "q" under `profile` with `strategy` (NULL: the profile's). */
static void pq(harness *h, const char *profile, const char *strategy,
               int64_t tier_wait_ms, int64_t no_agent_wait_ms) {
  acdr_queue_def d;
  h_qdef(&d, "q", NULL);
  CALL(h, acdr_queue_def_profile(&d, profile));
  if (strategy) d.strategy = strategy;
  d.tier_wait_ms = tier_wait_ms;
  d.no_agent_wait_ms = no_agent_wait_ms;
  h_qadd(h, &d);
}

/* A missed offer pauses the caller, not the member.  app_queue
 * queue_exec(): after try_calling() rings out, wait_a_bit() waits `retry`
 * (5 s) before the next member is tried, and the member who missed is
 * free for the other callers at once (no rest).  mod_callcenter
 * agent no_answer_delay_time 0: the next agent rings at once. */
static void retry(const char *profile) {
  harness hh, *h = &hh;
  int ast = strcmp(profile, "asterisk") == 0;
  acdr_tstamp out = ast ? S(16) : S(61);
  h_init(h, NULL);
  pq(h, profile, ast ? "linear" : "top-down", 0, 0);
  h_agents(h, "a1 a2");
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_logins(h, "a1:0 a2:0");
  h_arrive(h, "c1", "q", S(1));
  h_expect(h, "OFFER c1 a1\n");
  h_advance(h, out);
  if (ast) {
    h_expect(h, "CANCEL c1 a1 no-answer\n");
    h_arrive(h, "c2", "q", out + S(1));
    h_expect(h, "OFFER c2 a1\n"); /* a1 does not rest */
    h_advance(h, out + S(5) - 1);
    h_expect(h, "");
    h_advance(h, out + S(5));
    h_expect(h, "OFFER c1 a2\n");
  } else {
    h_expect(h, "CANCEL c1 a1 no-answer\nOFFER c1 a2\n");
    h_arrive(h, "c2", "q", out + S(1));
    h_expect(h, "OFFER c2 a1\n");
  }
  h_free(h);
}

static void retry_per_profile(void **state) {
  (void)state;
  retry("asterisk");
  retry("freeswitch");
}

/* Ring-all with two penalties / levels.  app_queue ringall rings the
 * lowest penalty with a free member (calc_metric(): penalty x 1000000;
 * ring_one()) and the group is fixed for the attempt; mod_callcenter
 * ring-all with tier-rules-apply=false (its default) rings every level
 * and adds an agent who becomes available while the caller rings. */
static void ring_all(const char *profile) {
  harness hh, *h = &hh;
  int fs = strcmp(profile, "freeswitch") == 0;
  h_init(h, NULL);
  pq(h, profile, NULL, 0, 0); /* ringall / ring-all below */
  h_agents(h, "a1 a2 a3");
  h_members(h, "q", "a1:1:0 a2:2:0 a3:2:1");
  h_logins(h, "a1:0 a2:0");
  {
    acdr_queue_def d;
    h_qdef(&d, "q", NULL);
    CALL(h, acdr_queue_def_profile(&d, profile));
    d.strategy = fs ? "ring-all" : "ringall";
    CALL(h, acdr_queue_update(h->e, &d, 0));
  }
  h_arrive(h, "c1", "q", S(1));
  h_expect(h, fs ? "OFFER c1 a1\nOFFER c1 a2\n" : "OFFER c1 a1\n");
  h_login(h, "a3", S(5));
  h_expect(h, fs ? "OFFER c1 a3\n" : "");
  h_free(h);
}

static void ring_all_per_profile(void **state) {
  (void)state;
  ring_all("asterisk");
  ring_all("freeswitch");
}

/* A ported mod_callcenter queue with tier-rules-apply=true and
 * tier-rule-wait-second=10 and nothing else: load_queue() defaults
 * tier-rule-wait-multiply-level false and tier-rule-no-agent-no-wait
 * true, levels are level numbers.  Levels 1 and 2 on a break: level 3
 * opens after W (not 3W).  Levels 1 and 2 logged out: level 3 at once. */
H_TEST(freeswitch_tier_rules_defaults) {
  pq(h, "freeswitch", NULL, 10000, 0);
  h_agents(h, "l1 l2 l3");
  h_members(h, "q", "l1:1:0 l2:2:0 l3:3:0");
  h_logins(h, "l1:1 l2:1 l3:1");
  CALL(h, acdr_agent_set_status(h->e, "l1", ACDR_AGENT_AWAY, "b", S(2)));
  CALL(h, acdr_agent_set_status(h->e, "l2", ACDR_AGENT_AWAY, "b", S(2)));
  (void)h_take(h);
  h_arrive(h, "c1", "q", S(100));
  h_advance(h, S(110) - 1);
  h_expect(h, "");
  h_advance(h, S(110));
  h_expect(h, "OFFER c1 l3\n");
  h_accept(h, "c1", "l3", S(111));
  h_hangup(h, "c1", S(112));
  CALL(h, acdr_agent_logout(h->e, "l1", S(113)));
  CALL(h, acdr_agent_logout(h->e, "l2", S(113)));
  (void)h_take(h);
  h_arrive(h, "c2", "q", S(200));
  h_expect(h, "OFFER c2 l3\n");
}

/* The same port under the asterisk profile keeps acdroute's tier
 * numbering (the k-th penalty in use opens after k x W): l3 is the third
 * penalty in use, 2W. */
H_TEST(asterisk_tier_wait_by_rank) {
  pq(h, "asterisk", "linear", 10000, 0);
  h_agents(h, "l1 l2 l3");
  h_members(h, "q", "l1:1:0 l2:2:0 l3:3:0");
  h_logins(h, "l1:1 l2:1 l3:1");
  CALL(h, acdr_agent_set_status(h->e, "l1", ACDR_AGENT_AWAY, "b", S(2)));
  CALL(h, acdr_agent_set_status(h->e, "l2", ACDR_AGENT_AWAY, "b", S(2)));
  (void)h_take(h);
  h_arrive(h, "c1", "q", S(100));
  h_advance(h, S(120) - 1);
  h_expect(h, "");
  h_advance(h, S(120));
  h_expect(h, "OFFER c1 l3\n");
}

/* max-wait-time-with-no-agent=30 ported alone: mod_callcenter's
 * ...-time-reached default (5 s) lets a caller who joins after the queue
 * has been empty 30 s stay 5 s; app_queue has no such grace (acdroute
 * default 0: it leaves at once). */
static void no_agent(const char *profile, acdr_tstamp leaves) {
  harness hh, *h = &hh;
  h_init(h, NULL);
  pq(h, profile, NULL, 0, 30000);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(1));
  CALL(h, acdr_agent_logout(h->e, "a1", S(100)));
  (void)h_take(h);
  h_arrive(h, "c1", "q", S(140));
  if (leaves > S(140)) {
    h_advance(h, leaves - 1);
    h_expect(h, "");
  }
  h_advance(h, leaves); /* the check runs at the timer */
  h_expect(h, "ENDED c1 rejected\n");
  h_free(h);
}

static void no_agent_grace_per_profile(void **state) {
  (void)state;
  no_agent("freeswitch", S(145));
  no_agent("asterisk", S(140));
}

/* Every profile leaves the settings neither peer has at acdroute's
 * default, and app_queue's "no" defaults (joinempty, leavewhenempty,
 * autopausebusy, autopausedelay) are off. */
H_TEST(profile_values) {
  static const char *const names[] = {"acdroute", "asterisk", "freeswitch"};
  size_t i;
  for (i = 0; i < 3; i++) {
    acdr_queue_def d;
    h_qdef(&d, "q", NULL);
    CALL(h, acdr_queue_def_profile(&d, names[i]));
    assert_int_equal(d.join_when_empty, 1);
    assert_int_equal(d.leave_when_empty, 0);
    assert_int_equal(d.join_empty, 0);
    assert_int_equal(d.leave_empty, 0);
    assert_int_equal(d.missed_busy, 0);
    assert_int_equal(d.missed_delay_ms, 0);
    assert_int_equal(d.no_agent_wait_ms, 0);
    assert_int_equal(d.retry_ms, i == 1 ? 5000 : 0);
    assert_int_equal(d.tier_by_level, i == 2);
    assert_int_equal(d.tier_wait_multiply, i != 2);
    assert_int_equal(d.tier_no_agent_no_wait, i == 2);
    assert_int_equal(d.ring_all_tiers, i == 2);
    assert_int_equal(d.ring_add_late, i == 2);
  }
}


/* The worked example of docs/conformance.md "How to port a queue"
 * (examples/configs/port-peers.json): each queue keeps its peer's
 * behaviour with only the options the peer's file sets.
 * support (app_queue): a1 and a2 never called, a1 first (leastrecent:
 * equal lastcall, member order); rings timeout=20 s, then the caller waits
 * retry=5 s (queue_exec(), wait_a_bit()); after a call a1 wraps up 10 s.
 * sales (mod_callcenter): b1 (level 1) on a break: level 2 opens after
 * tier-rule-wait-second=30 s (multiply-level false, agents_callback()). */
H_TEST(port_example) {
  char path[600], *doc, *out = NULL, *out2 = NULL;
  const char *slash = strrchr(__FILE__, '/');
  FILE *f;
  long n;
  harness h2;
  snprintf(path, sizeof(path), "%.*s/../../examples/configs/port-peers.json",
           (int)(slash - __FILE__), __FILE__);
  f = fopen(path, "rb");
  assert_non_null(f);
  assert_int_equal(fseek(f, 0, SEEK_END), 0);
  n = ftell(f);
  assert_true(n > 0);
  rewind(f);
  doc = malloc((size_t)n);
  assert_non_null(doc);
  assert_int_equal(fread(doc, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  CALL(h, acdr_config_apply(h->e, doc, (size_t)n, 0, 0));
  free(doc);
  /* the export keeps the profile's values and loads back the same */
  CALL(h, acdr_config_export(h->e, &out, NULL));
  assert_non_null(strstr(out, "\"retry_ms\": 5000"));
  h_init(&h2, NULL);
  CALL(&h2, acdr_config_apply(h2.e, out, strlen(out), 0, 0));
  CALL(&h2, acdr_config_export(h2.e, &out2, NULL));
  assert_string_equal(out, out2);
  acdr_free(h->e, out);
  acdr_free(h2.e, out2);
  h_free(&h2);

  h_logins(h, "a1:0 a2:0 b1:0 b2:0");
  CALL(h, acdr_agent_set_status(h->e, "b1", ACDR_AGENT_AWAY, "break", S(1)));
  (void)h_take(h);
  h_arrive(h, "c1", "support", S(10));
  h_expect(h, "OFFER c1 a1\n");
  h_advance(h, S(30));
  h_expect(h, "CANCEL c1 a1 no-answer\n");
  h_advance(h, S(35) - 1);
  h_expect(h, "");
  h_advance(h, S(35));
  h_expect(h, "OFFER c1 a2\n");
  h_accept(h, "c1", "a2", S(36));
  h_hangup(h, "c1", S(40));
  (void)h_take(h);
  /* a2 wraps up until 50 s: a caller at 45 s rings a1 */
  h_arrive(h, "c2", "support", S(45));
  h_expect(h, "OFFER c2 a1\n");
  h_hangup(h, "c2", S(46));
  (void)h_take(h);
  h_advance(h, S(50) - 1);
  h_expect(h, "");
  h_advance(h, S(50));
  h_expect(h, "ENDED c1 completed\n");
  h_arrive(h, "s1", "sales", S(100));
  h_advance(h, S(130) - 1);
  h_expect(h, "");
  h_advance(h, S(130));
  h_expect(h, "OFFER s1 b2\n");
  h_hangup(h, "s1", S(131));
  (void)h_take(h);
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
       T(unknown_profile_refused), T(profile_name_is_the_engines),
       T(retry_per_profile), T(ring_all_per_profile),
       T(freeswitch_tier_rules_defaults), T(asterisk_tier_wait_by_rank),
       T(no_agent_grace_per_profile), T(profile_values),
       T(port_example))
