/* SPDX-License-Identifier: MIT */
/* Snapshots are untrusted input too: the limits and checks of
 * configurations and events apply to them (contact ids, attributes, join
 * sequences, average handle time, objects listed twice), a refused
 * snapshot names the place, and the engine it was refused by is left
 * exactly as it was: clock, counters, catalog, metric settings, memory. */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/engine_int.h"
#include "policies/policy_int.h"

/* A small engine worth a snapshot: agents a1..a3 members of q, a1 logged
 * in and away ("lunch"), contact c1 waiting. */
static json_object *base(void) {
  harness h;
  char *doc = NULL;
  size_t len = 0;
  json_object *root;
  h_start(&h);
  h_agents(&h, "a1 a2 a3");
  h_queue(&h, "q", "longest-idle");
  h_members(&h, "q", "a1:0:0 a2:0:0 a3:0:0");
  h_login(&h, "a1", S(1));
  CALL(&h, acdr_agent_set_status(h.e, "a1", ACDR_AGENT_AWAY, "lunch", S(2)));
  h_arrive(&h, "c1", "q", S(3));
  CALL(&h, acdr_engine_snapshot(h.e, &doc, &len));
  root = json_tokener_parse(doc);
  assert_non_null(root);
  acdr_free(h.e, doc);
  h_free(&h);
  return root;
}

static json_object *at(json_object *o, const char *key) {
  json_object *v = NULL;
  assert_true(json_object_object_get_ex(o, key, &v));
  return v;
}

static json_object *first(json_object *o, const char *key) {
  return json_object_array_get_idx(at(o, key), 0);
}

static char *snapshot_of(acdr_engine *e) {
  char *doc = NULL;
  size_t len = 0;
  assert_int_equal(acdr_engine_snapshot(e, &doc, &len), 0);
  return doc;
}

/* An engine with no agents, queues or contacts but a state of its own: a
 * clock at 5 s, a disposition code, a rule and metric settings. */
static acdr_engine *engine_with_state(void) {
  static const char cfg[] =
      "{\"dispositions\": {\"codes\": [{\"id\": \"sale\"}]}, "
      "\"rules\": [{\"id\": \"r1\", \"code\": \"sale\", \"action\": "
      "\"message\", \"argument\": \"thanks\"}], "
      "\"metrics\": {\"bucket_ms\": 60000, \"sl_variant\": \"answered\"}}";
  acdr_engine *e = NULL;
  assert_int_equal(acdr_engine_new(&e, NULL, NULL, NULL), 0);
  assert_int_equal(
      acdr_config_apply(e, cfg, strlen(cfg), ACDR_RELOAD_REFUSE, S(5)), 0);
  assert_int_equal(acdr_engine_handle_expiry(e, S(5)), 0);
  return e;
}

/* Restoring `snap` is refused with `code` and an error report containing
 * `msg`; the engine's snapshot is the same before and after. */
static void refused(json_object *snap, int code, const char *msg) {
  acdr_engine *e = engine_with_state();
  char *before = snapshot_of(e), *after;
  const char *doc = json_object_to_json_string_ext(snap,
                                                   JSON_C_TO_STRING_PLAIN);
  int rv = acdr_engine_restore(e, doc, strlen(doc));
  if (rv != code)
    fail_msg("restore returned %d, expected %d: %s", rv, code,
             acdr_config_last_errors(e));
  if (!strstr(acdr_config_last_errors(e), msg))
    fail_msg("error report \"%s\" does not contain \"%s\"",
             acdr_config_last_errors(e), msg);
  assert_int_equal(acdr_engine_check(e), 0);
  assert_int_equal(acdr_engine_now(e), S(5));
  after = snapshot_of(e);
  assert_string_equal(before, after);
  acdr_free(e, before);
  acdr_free(e, after);
  acdr_engine_del(e);
  json_object_put(snap);
}

static char *repeat(char ch, size_t n) {
  char *s = malloc(n + 1);
  assert_non_null(s);
  memset(s, ch, n);
  s[n] = '\0';
  return s;
}

static void base_restores(void **state) {
  json_object *snap = base();
  const char *doc = json_object_to_json_string_ext(snap,
                                                   JSON_C_TO_STRING_PLAIN);
  acdr_engine *e;
  (void)state;
  assert_int_equal(acdr_engine_new(&e, NULL, NULL, NULL), 0);
  assert_int_equal(acdr_engine_restore(e, doc, strlen(doc)), 0);
  assert_int_equal(acdr_engine_check(e), 0);
  acdr_engine_del(e);
  json_object_put(snap);
}

static void contact_limits(void **state) {
  json_object *snap = base(), *attrs;
  char *big = repeat('x', 5000);
  int i;
  (void)state;
  /* a contact id of 5,000 bytes (max_id_len 256) */
  json_object_object_add(first(snap, "contacts"), "id",
                         json_object_new_string(big));
  refused(snap, ACDR_ERR_LIMIT,
          "/contacts/0: contact id is longer than max_id_len (256 bytes)");
  /* 200 attributes (max_attrs 64) */
  snap = base();
  attrs = at(first(snap, "contacts"), "attrs");
  for (i = 0; i < 200; i++) {
    char k[16];
    snprintf(k, sizeof(k), "k%d", i);
    json_object_object_add(attrs, k, json_object_new_string("v"));
  }
  refused(snap, ACDR_ERR_LIMIT,
          "/contacts/0/attrs: contact \"c1\": 200 attributes > max_attrs "
          "64");
  /* an attribute value of 5,000 bytes (16 x max_id_len) */
  snap = base();
  json_object_object_add(at(first(snap, "contacts"), "attrs"), "k",
                         json_object_new_string(big));
  refused(snap, ACDR_ERR_LIMIT, "/contacts/0: contact \"c1\": attribute "
                                "\"k\" too long");
  /* a customer id of 5,000 bytes */
  snap = base();
  json_object_object_add(first(snap, "contacts"), "customer",
                         json_object_new_string(big));
  refused(snap, ACDR_ERR_LIMIT,
          "/contacts/0: contact \"c1\": customer_id longer than 256");
  free(big);
}

static void join_seq(void **state) {
  json_object *snap = base(), *js = json_object_new_array();
  (void)state;
  json_object_array_add(js, json_object_new_string("x"));
  json_object_array_add(js, json_object_new_object());
  json_object_array_add(js, NULL);
  json_object_object_add(first(snap, "queues"), "join_seq", js);
  refused(snap, ACDR_ERR_RANGE,
          "/queues/0/join_seq/0: expected an integer in 0..4294967295");
  /* out of range for 32 bits */
  snap = base();
  js = json_object_new_array();
  json_object_array_add(js, json_object_new_int64(1));
  json_object_array_add(js, json_object_new_int64(4294967296LL));
  json_object_array_add(js, json_object_new_int64(3));
  json_object_object_add(first(snap, "queues"), "join_seq", js);
  refused(snap, ACDR_ERR_RANGE, "/queues/0/join_seq/1: expected an integer");
  /* two members with the same order */
  snap = base();
  js = json_object_new_array();
  json_object_array_add(js, json_object_new_int64(2));
  json_object_array_add(js, json_object_new_int64(3));
  json_object_array_add(js, json_object_new_int64(2));
  json_object_object_add(first(snap, "queues"), "join_seq", js);
  refused(snap, ACDR_ERR_DUPLICATE_ID,
          "/queues/0/join_seq: two members with the same position and join "
          "sequence 2");
}

static void handle_time(void **state) {
  static const double bad[] = {1e300, -1.0, 2e13};
  size_t i;
  json_object *snap;
  (void)state;
  for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    snap = base();
    json_object_object_add(first(snap, "queues"), "aht_avg_ms",
                           json_object_new_double(bad[i]));
    refused(snap, ACDR_ERR_RANGE, "/queues/0/aht_avg_ms: ");
  }
  snap = base();
  json_object_object_add(first(snap, "queues"), "aht_avg_ms",
                         json_object_new_string("fast"));
  refused(snap, ACDR_ERR_CONFIG, "/queues/0/aht_avg_ms: expected a number");
}

/* Whatever reaches the estimate (a corrupt average), it never converts an
 * out-of-range double: unknown (-1) or the largest wait. */
H_TEST(estimate_is_robust) {
  acdr_queue *q;
  h_team(h, "q", "longest-idle", "a1", "a1:0:0", "a1:1");
  q = acdr_map_get(&h->e->queues, "q");
  assert_non_null(q);
  q->aht_samples = 5;
  q->aht_avg_ms = 1000.0;
  assert_int_equal(acdr_policy_estimated_wait(h->e, q, 3), 2000);
  q->aht_avg_ms = NAN;
  assert_int_equal(acdr_policy_estimated_wait(h->e, q, 3), -1);
  q->aht_avg_ms = -5.0;
  assert_int_equal(acdr_policy_estimated_wait(h->e, q, 3), -1);
  q->aht_avg_ms = 1.8e13; /* the whole clock, large position */
  assert_true(acdr_policy_estimated_wait(h->e, q, 4000000000u) == INT64_MAX);
  q->aht_avg_ms = 1e300;
  assert_int_equal(acdr_policy_estimated_wait(h->e, q, 3), -1);
  q->aht_avg_ms = 0;
  q->aht_samples = 0;
}

static void listed_twice(void **state) {
  json_object *snap = base(), *agents;
  (void)state;
  /* a1 (away, with a reason) listed twice: refused, nothing leaks */
  agents = at(snap, "agents");
  json_object_array_add(agents, json_object_get(
                                    json_object_array_get_idx(agents, 0)));
  refused(snap, ACDR_ERR_DUPLICATE_ID, "/agents/3: agent \"a1\" listed twice");
  snap = base();
  json_object_array_add(at(snap, "queues"),
                        json_object_get(first(snap, "queues")));
  refused(snap, ACDR_ERR_DUPLICATE_ID, "/queues/1: queue \"q\" listed twice");
}

/* Unsigned 64-bit fields keep their whole range (they were clamped to
 * INT64_MAX), negative ones are refused. */
static void unsigned_fields(void **state) {
  json_object *snap = base();
  const char *doc;
  acdr_engine *e;
  char *again;
  (void)state;
  json_object_object_add(first(snap, "agents"), "handled",
                         json_object_new_uint64(18446744073709551615ULL));
  doc = json_object_to_json_string_ext(snap, JSON_C_TO_STRING_PLAIN);
  assert_int_equal(acdr_engine_new(&e, NULL, NULL, NULL), 0);
  assert_int_equal(acdr_engine_restore(e, doc, strlen(doc)), 0);
  again = snapshot_of(e);
  if (!strstr(again, "\"handled\": 18446744073709551615"))
    fail_msg("not kept: %.300s", strstr(again, "\"handled\""));
  acdr_free(e, again);
  acdr_engine_del(e);
  json_object_put(snap);
  snap = base();
  json_object_object_add(first(snap, "agents"), "handled",
                         json_object_new_int64(-1));
  refused(snap, ACDR_ERR_RANGE,
          "/agents/0/handled: -1 outside 0..18446744073709551615");
  /* a negative metrics counter (read as 0 before) */
  snap = base();
  json_object_array_put_idx(at(at(at(snap, "metrics"), "engine"), "life"), 0,
                            json_object_new_int64(-5));
  refused(snap, ACDR_ERR_PARSE, "/metrics: metrics load: engine: bad "
                                "counters");
  /* random state: decimal digits in range ("-1" wrapped, overflow
   * clamped) */
  snap = base();
  json_object_array_put_idx(at(snap, "rng"), 1, json_object_new_string("-1"));
  refused(snap, ACDR_ERR_CONFIG, "/rng: expected 4 decimal strings");
  snap = base();
  json_object_array_put_idx(at(snap, "rng"), 2,
                            json_object_new_string("18446744073709551616"));
  refused(snap, ACDR_ERR_CONFIG, "/rng: expected 4 decimal strings");
}

/* Any refusal, late or early, leaves the engine as it was (the helper
 * compares snapshots): a bad config inside, a contact of an unknown
 * queue, a broken metrics part. */
static void refused_leaves_engine_identical(void **state) {
  json_object *snap = base();
  (void)state;
  json_object_object_add(first(snap, "contacts"), "queue",
                         json_object_new_string("nope"));
  refused(snap, ACDR_ERR_QUEUE_NOT_FOUND, "unknown queue \"nope\"");
  snap = base();
  json_object_object_add(snap, "metrics", json_object_new_object());
  refused(snap, ACDR_ERR_VERSION, "/metrics");
  snap = base();
  json_object_object_add(first(snap, "agents"), "status",
                         json_object_new_int(7));
  refused(snap, ACDR_ERR_RANGE, "/agents/0/status: 7 outside 0..2");
}

H_MAIN(T(base_restores), T(contact_limits), T(join_seq), T(handle_time),
       T(estimate_is_robust), T(listed_twice), T(unsigned_fields),
       T(refused_leaves_engine_identical))
