/* SPDX-License-Identifier: MIT */
/* The pre-connect delay of a queue (connect_delay_ms: nobody is offered a
 * contact before it has passed, a greeting plays first) and the ring time
 * per agent (agent def ring_timeout_ms), with their configuration,
 * snapshot and struct-version behaviour.
 *
 * Peers: Asterisk app_queue.c rings each member for the queue's `timeout`
 * (queues.conf.sample; a per-member ring time does not exist, the
 * member's `ringinuse`/`wrapuptime` do); FreeSWITCH mod_callcenter.c has
 * a per-agent `max-no-answer` and the tier's ring time comes from the
 * agent's originate timeout (`contact` with `originate_timeout`), which
 * is what a per-agent ring time models.  A delay before the first offer
 * is app_queue's `announce` played to the caller before members ring
 * (the dialplan's Playback before Queue()). */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "util/structlen.h"

static int count(const char *s, const char *what) {
  int n = 0;
  for (; (s = strstr(s, what)) != NULL; s++) n++;
  return n;
}

static int64_t last_ring_ms;

static int capture(harness *h, const acdr_action *a) {
  (void)h;
  if (a->type == ACDR_ACTION_OFFER) last_ring_ms = a->value_ms;
  return 0;
}

static void delay_queue(harness *h, const char *id, int64_t delay_ms) {
  acdr_queue_def d;
  acdr_queue_def_default(&d);
  d.id = id;
  d.connect_delay_ms = delay_ms;
  CALL(h, acdr_queue_add(h->e, &d));
}

static void setup(harness *h) {
  h_init(h, NULL);
  h->hook = capture;
  h_agents(h, "a1");
  delay_queue(h, "q", 3000);
  h_members(h, "q", "a1:0:0");
  h_login(h, "a1", S(1));
  (void)h_take(h);
}

H_TEST_WITH(nobody_is_offered_before_the_delay, setup) {
  acdr_contact_info ci;
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "");
  assert_int_equal(acdr_engine_get_expiry(h->e), S(13));
  h_advance(h, S(13) - 1);
  h_expect(h, "");
  h_advance(h, S(13));
  h_expect(h, "OFFER c1 a1\n");
  assert_int_equal(acdr_contact_get_info(h->e, "c1", &ci), 0);
  assert_int_equal(ci.state, ACDR_CONTACT_OFFERED);
  /* outbound requests do not wait: the agent is reserved at once */
  h_accept(h, "c1", "a1", S(14));
  h_hangup(h, "c1", S(20));
  (void)h_take(h);
  CALL(h, acdr_outbound_request(h->e, "o1", "q", "tel:+1", S(21)));
  h_expect(h, "OFFER o1 a1\n");
}

/* A contact of higher priority, still in its delay, does not hold back
 * an earlier one whose delay has passed. */
H_TEST_WITH(a_delayed_head_does_not_block_the_line, setup) {
  acdr_contact_def d;
  /* a1 busy with b until 15 s */
  h_arrive(h, "b", "q", S(2));
  h_advance(h, S(5));
  h_accept(h, "b", "a1", S(5));
  (void)h_take(h);
  h_arrive(h, "c1", "q", S(10));
  h_advance(h, S(13)); /* c1's delay has passed: nobody free */
  acdr_contact_def_default(&d);
  d.id = "vip";
  d.queue = "q";
  d.priority = 5;
  CALL(h, acdr_contact_arrive(h->e, &d, S(14))); /* first in line */
  h_expect(h, "");
  /* a1 frees up while vip is in its delay: c1 gets a1 */
  h_hangup(h, "b", S(15));
  assert_non_null(strstr(h_take(h), "OFFER c1 a1\n"));
  h_advance(h, S(17));
  h_expect(h, "");
}

H_TEST_WITH(ring_time_per_agent, setup) {
  acdr_agent_def d;
  acdr_agent_def_default(&d);
  assert_int_equal(d.ring_timeout_ms, -1);
  d.id = "a2";
  d.ring_timeout_ms = 5000;
  CALL(h, acdr_agent_add(h->e, &d));
  CALL(h, acdr_queue_member_add(h->e, "q", "a2", 0, 0, S(2)));
  h_login(h, "a2", S(2));
  CALL(h, acdr_agent_logout(h->e, "a1", S(3)));
  (void)h_take(h);
  h_arrive(h, "c1", "q", S(10));
  h_advance(h, S(13));
  h_expect(h, "OFFER c1 a2\n");
  assert_int_equal(last_ring_ms, 5000);
  /* rings out after its own 5 s, not the queue's 15 s */
  h_advance(h, S(18) - 1);
  h_expect(h, "");
  h_advance(h, S(18));
  assert_non_null(strstr(h_take(h), "CANCEL c1 a2 no-answer\n"));
  /* back to the queue's ring time */
  d.ring_timeout_ms = -1;
  CALL(h, acdr_agent_update(h->e, &d));
  h_login(h, "a1", S(19));
  assert_int_equal(last_ring_ms, 15000);
  /* out of range */
  d.ring_timeout_ms = -2;
  assert_int_equal(acdr_agent_update(h->e, &d), ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "ring_timeout_ms"));
}

H_TEST(bad_delay_is_refused) {
  acdr_queue_def d;
  acdr_queue_def_default(&d);
  assert_int_equal(d.connect_delay_ms, 0);
  d.id = "q";
  d.connect_delay_ms = -1;
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "connect_delay_ms"));
}

/* A program built against the V1 headers passes V1-sized structs: the V2
 * fields take their defaults. */
H_TEST(v1_structs_get_the_defaults) {
  /* exactly the V1 bytes, so ASan catches a read past them; the id is
   * the first member of both */
  void *a =
      malloc(ACDR_STRUCT_LEN_TO(acdr_agent_def, voice_blocks_other_channels));
  void *q = malloc(ACDR_STRUCT_LEN_TO(acdr_queue_def, utc_offset_s));
  const char *aid = "a1", *qid = "q";
  char *doc = NULL;
  assert_non_null(a);
  assert_non_null(q);
  acdr_agent_def_default_versioned(ACDR_AGENT_DEF_V1, a);
  memcpy((char *)a + offsetof(acdr_agent_def, id), &aid, sizeof(aid));
  CALL(h, acdr_agent_add_versioned(h->e, ACDR_AGENT_DEF_V1, a));
  acdr_queue_def_default_versioned(ACDR_QUEUE_DEF_V1, q);
  memcpy((char *)q + offsetof(acdr_queue_def, id), &qid, sizeof(qid));
  CALL(h, acdr_queue_add_versioned(h->e, ACDR_QUEUE_DEF_V1, q));
  free(a);
  free(q);
  CALL(h, acdr_config_export(h->e, &doc, NULL));
  assert_null(strstr(doc, "ring_timeout_ms\": -"));
  assert_null(strstr(doc, "connect_delay_ms"));
  acdr_free(h->e, doc);
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q", S(2));
  h_expect(h, "OFFER c1 a1\n"); /* no delay */
}

static const char cfg[] =
    "{\"version\": 1, \"agents\": [{\"id\": \"a1\", \"ring_timeout_ms\": "
    "5000}, {\"id\": \"a2\"}], \"queues\": [{\"id\": \"q\", "
    "\"connect_delay_ms\": 3000, \"members\": [{\"agent\": \"a1\"}]}]}";

H_TEST(config_snapshot_and_replay_keep_the_settings) {
  harness b;
  char *doc = NULL, *snap = NULL, *snap2 = NULL;
  CALL(h, acdr_config_apply(h->e, cfg, sizeof(cfg) - 1, 0, 0));
  CALL(h, acdr_config_export(h->e, &doc, NULL));
  assert_non_null(strstr(doc, "\"ring_timeout_ms\": 5000"));
  assert_non_null(strstr(doc, "\"connect_delay_ms\": 3000"));
  /* a2 and other queues keep the defaults, left out */
  assert_int_equal(count(doc, "\"ring_timeout_ms\""), 1 + 1); /* + queue's */
  assert_int_equal(count(doc, "connect_delay_ms"), 1);
  /* the export applies to a fresh engine unchanged */
  h_init(&b, NULL);
  CALL(&b, acdr_config_apply(b.e, doc, strlen(doc), 0, 0));
  acdr_free(h->e, doc);
  CALL(h, acdr_engine_snapshot(h->e, &snap, NULL));
  CALL(&b, acdr_engine_snapshot(b.e, &snap2, NULL));
  assert_string_equal(snap, snap2);
  acdr_free(b.e, snap2);
  h_free(&b);
  /* restore: the delay still applies */
  h_init(&b, NULL);
  CALL(&b, acdr_engine_restore(b.e, snap, strlen(snap)));
  acdr_free(h->e, snap);
  h_login(&b, "a1", S(1));
  h_arrive(&b, "c1", "q", S(10));
  h_expect(&b, "");
  h_advance(&b, S(13));
  h_expect(&b, "OFFER c1 a1\n");
  h_free(&b);
}

H_MAIN(T(nobody_is_offered_before_the_delay),
       T(a_delayed_head_does_not_block_the_line), T(ring_time_per_agent),
       T(bad_delay_is_refused), T(v1_structs_get_the_defaults),
       T(config_snapshot_and_replay_keep_the_settings))
