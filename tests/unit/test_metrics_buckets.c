/* SPDX-License-Identifier: MIT */
/* Metrics: time buckets and range roll-ups (incl. agent time split across
 * buckets and buckets falling out of the ring), JSON export, and the
 * save/load pair used by engine snapshots. */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "metrics/metrics_int.h"

static void setup(harness *h) {
  acdr_metrics_options o;
  h_init(h, NULL);
  acdr_metrics_options_default(&o);
  o.bucket_ms = 60000; /* 1 minute */
  o.max_buckets = 5;
  assert_int_equal(acdr_engine_set_metrics_options(h->e, &o), 0);
  h_solo(h);
}

static void call(harness *h, const char *id, const char *cust,
                 acdr_tstamp arrive, acdr_tstamp answer, acdr_tstamp end) {
  acdr_contact_def d;
  acdr_contact_def_default(&d);
  d.id = id;
  d.queue = "q";
  d.customer_id = cust;
  assert_int_equal(acdr_contact_arrive(h->e, &d, arrive), 0);
  h_check(h);
  if (answer) h_accept(h, id, "a1", answer);
  h_hangup(h, id, end);
}

/* minute 0: c1 10-12-20; minute 1: c2 70-75-90; minute 2: c3 130,
 * abandons 135; minute 3: c4 200-201-210 */
static void script(harness *h) {
  setup(h);
  call(h, "c1", NULL, S(10), S(12), S(20));
  call(h, "c2", NULL, S(70), S(75), S(90));
  call(h, "c3", NULL, S(130), 0, S(135));
  call(h, "c4", "K", S(200), S(201), S(210));
}

static acdr_metrics q_range(harness *h, acdr_tstamp from, acdr_tstamp to,
                            acdr_tstamp now) {
  acdr_metrics m;
  assert_int_equal(acdr_metrics_get_queue(h->e, "q", from, to, now, &m), 0);
  return m;
}

H_TEST_WITH(rollups, script) {
  acdr_metrics m;
  m = q_range(h, 0, S(60), S(220));
  assert_int_equal(m.offered, 1);
  assert_int_equal(m.answered, 1);
  assert_int_equal(m.from, 0);
  assert_int_equal(m.to, S(60));
  m = q_range(h, S(60), S(180), S(220));
  assert_int_equal(m.offered, 2);
  assert_int_equal(m.answered, 1);
  assert_int_equal(m.abandoned, 1);
  /* a range selects the buckets that START in it: [30, 120) -> minute 1 */
  m = q_range(h, S(30), S(120), S(220));
  assert_int_equal(m.offered, 1);
  assert_int_equal(m.from, S(60));
  assert_int_equal(m.to, S(120));
  /* a "day" holds all four; nothing dropped yet */
  m = q_range(h, 0, S(86400), S(220));
  assert_int_equal(m.offered, 4);
  assert_int_equal(m.partial, 0);
  /* empty range */
  m = q_range(h, S(5), S(5), S(220));
  assert_int_equal(m.offered, 0);
  /* a1 in minute 1: idle 60-70 (the rest of the idle period 20-70 went
   * to minute 0), ringing 70-75, talking 75-90, idle 90-120 */
  assert_int_equal(acdr_metrics_get_agent(h->e, "a1", S(60), S(120), S(220),
                                          &m),
                   0);
  assert_int_equal(m.idle_ns, S(40));
  assert_int_equal(m.ringing_ns, S(5));
  assert_int_equal(m.on_contact_ns, S(15));
  assert_int_equal(acdr_metrics_get_agent(h->e, "a1", 0, S(60), S(220), &m),
                   0);
  assert_int_equal(m.idle_ns, S(10 + 40)); /* 0-10, 20-60 */
}

/* With 5 buckets kept, minute 6 pushes minutes 0 and 1 out:
 * c5 400-401-410 (minute 6).  Lifetime counters keep everything. */
H_TEST_WITH(ring_wraps, script) {
  acdr_metrics m;
  call(h, "c5", NULL, S(400), S(401), S(410));
  m = q_range(h, 0, S(180), S(430));
  assert_int_equal(m.offered, 1); /* only minute 2 (c3) is left */
  assert_int_equal(m.abandoned, 1);
  assert_int_equal(m.partial, 1);
  m = q_range(h, 0, ACDR_TSTAMP_MAX, S(430));
  assert_int_equal(m.offered, 5);
  assert_int_equal(m.partial, 0);
  /* a1 in minute 6 [360, 420), asked at 430: idle 360-400 (end of the
   * idle period 210-400), ringing 400-401, talk 401-410, idle 410-420
   * (the open period, clipped to the range) */
  assert_int_equal(acdr_metrics_get_agent(h->e, "a1", S(360), S(420), S(430),
                                          &m),
                   0);
  assert_int_equal(m.idle_ns, S(50));
  assert_int_equal(m.ringing_ns, S(1));
  assert_int_equal(m.on_contact_ns, S(9));
  /* changing the bucket layout drops buckets, keeps lifetime counters */
  {
    acdr_metrics_options o;
    assert_int_equal(acdr_engine_get_metrics_options(h->e, &o), 0);
    o.max_buckets = 10;
    assert_int_equal(acdr_engine_set_metrics_options(h->e, &o), 0);
  }
  m = q_range(h, 0, S(86400), S(430));
  assert_int_equal(m.offered, 0);
  m = q_range(h, 0, ACDR_TSTAMP_MAX, S(430));
  assert_int_equal(m.offered, 5);
}

/* A record's ring starts small and grows while its object stays active:
 * 40 one-minute buckets with one call each (the ring grows 4 -> 64, up to
 * max_buckets 100), then every single bucket and every range still counts
 * exactly its calls, also after a gap of idle buckets. */
H_TEST(ring_grows) {
  acdr_metrics_options o;
  acdr_metrics m;
  char id[16];
  int i;
  acdr_metrics_options_default(&o);
  o.bucket_ms = 60000;
  o.max_buckets = 100;
  assert_int_equal(acdr_engine_set_metrics_options(h->e, &o), 0);
  h_solo(h);
  for (i = 0; i < 40; i++) {
    /* minutes 0..29, then 50..59: a gap of 20 idle minutes */
    acdr_tstamp t = S(60) * (acdr_tstamp)(i < 30 ? i : i + 20);
    snprintf(id, sizeof(id), "c%d", i);
    call(h, id, NULL, t + S(10), t + S(12), t + S(20));
  }
  for (i = 0; i < 60; i++) {
    acdr_tstamp t = S(60) * (acdr_tstamp)i;
    m = q_range(h, t, t + S(60), S(3600));
    assert_int_equal(m.answered, (i < 30 || i >= 50) ? 1 : 0);
  }
  m = q_range(h, S(60) * 25, S(60) * 55, S(3600)); /* 25..29, 50..54 */
  assert_int_equal(m.answered, 10);
  m = q_range(h, 0, ACDR_TSTAMP_MAX, S(3600));
  assert_int_equal(m.answered, 40);
  assert_int_equal(acdr_metrics_get_agent(h->e, "a1", 0, S(3600), S(3600), &m),
                   0);
  assert_int_equal(m.answered, 40);
}

static json_object *path(json_object *o, const char *a, const char *b,
                         const char *c) {
  json_object *v = o;
  if (a && !json_object_object_get_ex(v, a, &v)) return NULL;
  if (b && !json_object_object_get_ex(v, b, &v)) return NULL;
  if (c && !json_object_object_get_ex(v, c, &v)) return NULL;
  return v;
}

H_TEST_WITH(json_export, script) {
  char *txt;
  size_t len;
  json_object *doc, *v;
  assert_int_equal(acdr_metrics_to_json(h->e, S(220), &txt, &len), 0);
  assert_int_equal(strlen(txt), len);
  doc = json_tokener_parse(txt);
  assert_non_null(doc);
  assert_string_equal(json_object_get_string(path(doc, "format", NULL, NULL)),
                      "acdroute-metrics");
  assert_true(json_object_get_boolean(path(doc, "lifetime", NULL, NULL)));
  assert_string_equal(
      json_object_get_string(path(doc, "settings", "sl_variant", NULL)),
      "answered_in_sl/(answered+abandoned)");
  assert_int_equal(json_object_get_int64(path(doc, "engine", "offered", NULL)),
                   4);
  assert_int_equal(
      json_object_get_int64(path(doc, "channels", "voice", "offered")), 4);
  assert_int_equal(json_object_get_int64(path(doc, "queues", "q", "answered")),
                   3);
  /* 3 answered within 20 s, 1 abandoned: 3/4 */
  v = path(doc, "queues", "q", "kpi");
  assert_non_null(v);
  assert_true(json_object_get_double(path(v, "service_level", NULL, NULL)) ==
              0.75);
  assert_string_equal(
      json_object_get_string(path(doc, "queues", "q", "sl_variant")),
      "answered_in_sl/(answered+abandoned)");
  assert_int_equal(
      json_object_get_int64(path(path(doc, "queues", "q", "realtime"),
                                 "waiting", NULL, NULL)),
      0);
  assert_non_null(path(path(doc, "agents", "a1", "kpi"), "occupancy", NULL,
                       NULL));
  /* no transfers: transfer_rate 0/3; no codes: resolution 0/4 */
  assert_true(json_object_get_double(
                  path(path(doc, "engine", "kpi", NULL), "transfer_rate",
                       NULL, NULL)) == 0.0);
  /* c4 (customer K, no disposition) is a judged first contact: 0/1 */
  assert_true(json_object_get_double(path(path(doc, "engine", "kpi", NULL),
                                          "fcr_rate", NULL, NULL)) == 0.0);
  /* nothing on chat: rates without data are null */
  v = path(path(doc, "channels", "chat", "kpi"), "service_level", NULL, NULL);
  assert_true(json_object_is_type(v, json_type_null));
  assert_non_null(path(doc, "channels", "chat", "kpi"));
  json_object_put(doc);
  acdr_free(h->e, txt);
  /* a range export */
  assert_int_equal(acdr_metrics_range_to_json(h->e, S(60), S(120), S(220),
                                              &txt, NULL),
                   0);
  doc = json_tokener_parse(txt);
  assert_non_null(doc);
  assert_false(json_object_get_boolean(path(doc, "lifetime", NULL, NULL)));
  assert_int_equal(json_object_get_int64(path(doc, "engine", "offered", NULL)),
                   1);
  json_object_put(doc);
  acdr_free(h->e, txt);
  assert_int_equal(acdr_metrics_to_json(h->e, S(220), NULL, NULL),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_metrics_range_to_json(h->e, 2, 1, S(220), &txt, NULL),
                   ACDR_ERR_RANGE);
}

static void save_load(void **state) {
  harness h, h2;
  json_object *saved, *bad;
  acdr_metrics a, b;
  (void)state;
  script(&h);
  saved = json_object_new_object();
  assert_int_equal(acdr_metrics_save_json(h.e, saved), 0);
  /* a fresh engine with the same objects */
  setup(&h2);
  assert_int_equal(acdr_metrics_load_json(h2.e, saved), 0);
  assert_int_equal(acdr_metrics_get_engine(h.e, 0, ACDR_TSTAMP_MAX, S(220),
                                           &a),
                   0);
  assert_int_equal(acdr_metrics_get_engine(h2.e, 0, ACDR_TSTAMP_MAX, S(220),
                                           &b),
                   0);
  assert_int_equal(a.offered, b.offered);
  assert_int_equal(a.answered_in_sl, b.answered_in_sl);
  assert_int_equal(a.talk_ns, b.talk_ns);
  /* c4 (customer K) has no disposition: a first contact, unresolved,
   * whose key stays known for the window */
  assert_int_equal(a.fcr_unresolved, 1);
  assert_int_equal(b.fcr_unresolved, 1);
  assert_int_equal(acdr_ms(h2.e)->ep_len, 1);
  a = q_range(&h, S(60), S(180), S(220));
  b = q_range(&h2, S(60), S(180), S(220));
  assert_int_equal(b.offered, 2);
  assert_int_equal(a.abandoned, b.abandoned);
  assert_int_equal(acdr_metrics_get_agent(h2.e, "a1", 0, S(60), S(220), &b),
                   0);
  /* the 50 s restored, plus h2's own a1, idle since its login at 0 (its
   * open period, core state that this load does not touch) */
  assert_int_equal(b.idle_ns, S(50) + S(60));
  /* a broken document is refused and changes nothing */
  bad = json_tokener_parse("{\"v\":1,\"fields\":[],\"settings\":{}}");
  assert_int_equal(acdr_metrics_load_json(h2.e, bad), ACDR_ERR_PARSE);
  assert_non_null(strstr(acdr_engine_last_error(h2.e), "engine"));
  json_object_put(bad);
  bad = json_tokener_parse("{\"v\":9}");
  assert_int_equal(acdr_metrics_load_json(h2.e, bad), ACDR_ERR_VERSION);
  json_object_put(bad);
  b = q_range(&h2, S(60), S(180), S(220));
  assert_int_equal(b.offered, 2);
  json_object_put(saved);
  h_free(&h);
  h_free(&h2);
}

H_MAIN(T(rollups), T(ring_wraps), T(ring_grows), T(json_export), T(save_load))
