/* SPDX-License-Identifier: MIT */
/* Limits on untrusted input: every length and count a tenant or caller
 * controls is bounded by a documented setting (acdr_options.max_id_len,
 * max_attrs, max_skills, max_members; JSON nesting depth 64; durations of
 * at most one year), and going past it is a clear error that changes
 * nothing.  Times near the end of the clock saturate instead of wrapping
 * (docs/reliability.md, "Limits"). */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *repeat(char ch, size_t n) {
  char *s = malloc(n + 1);
  assert_non_null(s);
  memset(s, ch, n);
  s[n] = '\0';
  return s;
}

static acdr_engine *engine(uint32_t id_len, uint32_t attrs, uint32_t skills,
                           uint32_t members) {
  acdr_options opt;
  acdr_engine *e = NULL;
  acdr_options_default(&opt);
  opt.max_id_len = id_len;
  opt.max_attrs = attrs;
  opt.max_skills = skills;
  opt.max_members = members;
  assert_int_equal(acdr_engine_new(&e, NULL, &opt, NULL), 0);
  return e;
}

static void counts_are(acdr_engine *e, uint64_t agents, uint64_t queues,
                       uint64_t live) {
  acdr_engine_counts c;
  assert_int_equal(acdr_engine_get_counts(e, &c), 0);
  assert_int_equal(c.agents, agents);
  assert_int_equal(c.queues, queues);
  assert_int_equal(c.contacts_live, live);
  assert_int_equal(acdr_engine_check(e), 0);
}

static void error_mentions(acdr_engine *e, const char *word) {
  if (!strstr(acdr_engine_last_error(e), word))
    fail_msg("error \"%s\" does not mention \"%s\"",
             acdr_engine_last_error(e), word);
}

static void add_queue(acdr_engine *e, const char *id) {
  acdr_queue_def q;
  acdr_queue_def_default(&q);
  q.id = id;
  assert_int_equal(acdr_queue_add(e, &q), 0);
}

static void id_length(void **state) {
  acdr_engine *e = engine(0, 0, 0, 0); /* defaults: 256 */
  char *ok = repeat('a', 256), *big = repeat('b', 257), *huge;
  acdr_agent_def d;
  acdr_queue_def q;
  acdr_contact_def c;
  (void)state;
  acdr_agent_def_default(&d);
  d.id = big;
  assert_int_equal(acdr_agent_add(e, &d), ACDR_ERR_LIMIT);
  error_mentions(e, "max_id_len");
  d.id = ok;
  assert_int_equal(acdr_agent_add(e, &d), 0);
  acdr_queue_def_default(&q);
  q.id = big;
  assert_int_equal(acdr_queue_add(e, &q), ACDR_ERR_LIMIT);
  q.id = "q";
  assert_int_equal(acdr_queue_add(e, &q), 0);
  acdr_contact_def_default(&c);
  c.queue = "q";
  c.id = big;
  assert_int_equal(acdr_contact_arrive(e, &c, 0), ACDR_ERR_LIMIT);
  c.id = "c1";
  c.customer_id = big;
  assert_int_equal(acdr_contact_arrive(e, &c, 0), ACDR_ERR_LIMIT);
  error_mentions(e, "customer_id");
  c.customer_id = NULL;
  c.reason = big;
  assert_int_equal(acdr_contact_arrive(e, &c, 0), ACDR_ERR_LIMIT);
  c.reason = NULL;
  c.preferred_agent = big;
  assert_int_equal(acdr_contact_arrive(e, &c, 0), ACDR_ERR_LIMIT);
  /* lookups by an over-long id fail fast (strnlen: a 1 MB id is not read
   * to its end) */
  huge = repeat('h', 1 << 20);
  assert_int_equal(acdr_agent_login(e, huge, 0), ACDR_ERR_LIMIT);
  assert_int_equal(acdr_contact_hangup(e, huge, 0), ACDR_ERR_LIMIT);
  assert_int_equal(acdr_agent_login(e, ok, 0), 0);
  assert_int_equal(acdr_agent_set_status(e, ok, ACDR_AGENT_AWAY, big, 0),
                   ACDR_ERR_LIMIT);
  counts_are(e, 1, 1, 0);
  free(ok);
  free(big);
  free(huge);
  acdr_engine_del(e);

  /* a smaller setting is honoured (not below 18 today: the built-in
   * disposition codes must fit, see docs/reliability.md) */
  e = engine(20, 0, 0, 0);
  acdr_agent_def_default(&d);
  d.id = "123456789012345678901";
  assert_int_equal(acdr_agent_add(e, &d), ACDR_ERR_LIMIT);
  error_mentions(e, "20");
  d.id = "12345678901234567890";
  assert_int_equal(acdr_agent_add(e, &d), 0);
  counts_are(e, 1, 0, 0);
  acdr_engine_del(e);
}

static void attributes(void **state) {
  acdr_engine *e = engine(20, 4, 0, 0);
  acdr_kv kv[5] = {{"k0", "v"}, {"k1", "v"}, {"k2", "v"}, {"k3", "v"},
                   {"k4", "v"}};
  char *val_ok = repeat('v', 16 * 20), *val_big = repeat('w', 16 * 20 + 1);
  char *key_big = repeat('k', 21);
  acdr_contact_def c;
  (void)state;
  add_queue(e, "q");
  acdr_contact_def_default(&c);
  c.id = "c";
  c.queue = "q";
  c.attrs = kv;
  c.nattrs = 5;
  assert_int_equal(acdr_contact_arrive(e, &c, 0), ACDR_ERR_LIMIT);
  error_mentions(e, "max_attrs");
  c.nattrs = 4;
  kv[0].value = val_big;
  assert_int_equal(acdr_contact_arrive(e, &c, 0), ACDR_ERR_LIMIT);
  kv[0].value = val_ok;
  kv[1].key = key_big;
  assert_int_equal(acdr_contact_arrive(e, &c, 0), ACDR_ERR_LIMIT);
  kv[1].key = "k1";
  counts_are(e, 0, 1, 0);
  assert_int_equal(acdr_contact_arrive(e, &c, 0), 0);
  counts_are(e, 0, 1, 1);
  free(val_ok);
  free(val_big);
  free(key_big);
  acdr_engine_del(e);
}

static void skills(void **state) {
  acdr_engine *e = engine(0, 0, 3, 0);
  acdr_skill sk[4] = {{"s0", 1}, {"s1", 2}, {"s2", 3}, {"s3", 4}};
  char *name_big = repeat('s', 257);
  acdr_agent_def d;
  acdr_contact_def c;
  (void)state;
  add_queue(e, "q");
  acdr_agent_def_default(&d);
  d.id = "a";
  d.skills = sk;
  d.nskills = 4;
  assert_int_equal(acdr_agent_add(e, &d), ACDR_ERR_LIMIT);
  error_mentions(e, "max_skills");
  d.nskills = 3;
  sk[2].name = name_big;
  assert_int_equal(acdr_agent_add(e, &d), ACDR_ERR_LIMIT);
  sk[2].name = "s2";
  assert_int_equal(acdr_agent_add(e, &d), 0);
  d.nskills = 4;
  assert_int_equal(acdr_agent_update(e, &d), ACDR_ERR_LIMIT);
  acdr_contact_def_default(&c);
  c.id = "c";
  c.queue = "q";
  c.skills = sk;
  c.nskills = 4;
  assert_int_equal(acdr_contact_arrive(e, &c, 0), ACDR_ERR_LIMIT);
  error_mentions(e, "max_skills");
  counts_are(e, 1, 1, 0);
  free(name_big);
  acdr_engine_del(e);
}

static void members(void **state) {
  acdr_engine *e = engine(0, 0, 0, 2);
  acdr_agent_def d;
  static const char *ids[3] = {"a", "b", "c"};
  int i;
  (void)state;
  add_queue(e, "q");
  for (i = 0; i < 3; i++) {
    acdr_agent_def_default(&d);
    d.id = ids[i];
    assert_int_equal(acdr_agent_add(e, &d), 0);
  }
  assert_int_equal(acdr_queue_member_add(e, "q", "a", 0, 0, 0), 0);
  assert_int_equal(acdr_queue_member_add(e, "q", "b", 0, 0, 0), 0);
  assert_int_equal(acdr_queue_member_add(e, "q", "c", 0, 0, 0),
                   ACDR_ERR_LIMIT);
  error_mentions(e, "max_members");
  assert_int_equal(acdr_engine_check(e), 0);
  acdr_engine_del(e);
}

/* The same limits through the configuration loader: an error naming the
 * place, and nothing applied. */
static void config_limits(void **state) {
  acdr_engine *e = engine(20, 0, 2, 1);
  static const char *docs[] = {
      "{\"version\": 1, \"agents\": [{\"id\": \"123456789012345678901\"}]}",
      "{\"version\": 1, \"agents\": [{\"id\": \"a\", \"skills\": "
      "{\"x\": 1, \"y\": 2, \"z\": 3}}]}",
      "{\"version\": 1, \"agents\": [{\"id\": \"a\"}, {\"id\": \"b\"}], "
      "\"queues\": [{\"id\": \"q\", \"members\": [\"a\", \"b\"]}]}",
      "{\"version\": 1, \"queues\": [{\"id\": \"q\", \"ring_timeout_ms\": "
      "99999999999999}]}",
      "{\"version\": 1, \"agents\": [{\"id\": \"a\", \"wrapup_ms\": "
      "9223372036854775807}]}",
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
    int rv = acdr_config_apply(e, docs[i], strlen(docs[i]), 0, 0);
    if (rv == 0) fail_msg("document %zu accepted: %s", i, docs[i]);
    assert_true(rv == ACDR_ERR_CONFIG || rv == ACDR_ERR_LIMIT ||
                rv == ACDR_ERR_RANGE);
    assert_true(acdr_engine_last_error(e)[0] != '\0');
    counts_are(e, 0, 0, 0);
  }
  acdr_engine_del(e);
}

/* JSON nesting: at most 64 levels in every document the library parses
 * (configuration, snapshot, event line); deeper is ACDR_ERR_PARSE, before
 * any deep recursion. */
static char *nested(size_t depth) {
  char *s = malloc(2 * depth + 1);
  assert_non_null(s);
  memset(s, '[', depth);
  memset(s + depth, ']', depth);
  s[2 * depth] = '\0';
  return s;
}

static void nesting_depth(void **state) {
  acdr_engine *e = engine(0, 0, 0, 0);
  char *ok = nested(64), *deep = nested(65), *very = nested(1000000);
  char line[300];
  (void)state;
  /* 64 levels parse (the document is then refused as a configuration) */
  assert_int_equal(acdr_config_apply(e, ok, strlen(ok), 0, 0),
                   ACDR_ERR_CONFIG);
  assert_int_equal(acdr_config_apply(e, deep, strlen(deep), 0, 0),
                   ACDR_ERR_PARSE);
  error_mentions(e, "nest");
  assert_int_equal(acdr_config_apply(e, very, strlen(very), 0, 0),
                   ACDR_ERR_PARSE);
  assert_int_equal(acdr_config_validate(e, very, strlen(very), 0),
                   ACDR_ERR_PARSE);
  assert_int_not_equal(acdr_engine_restore(e, very, strlen(very)), 0);
  snprintf(line, sizeof(line),
           "{\"t_ms\": 1, \"ev\": \"login\", \"agent\": \"a\", \"x\": %s}",
           deep);
  assert_int_equal(acdr_engine_apply_event_json(e, line, strlen(line)),
                   ACDR_ERR_PARSE);
  assert_int_equal(acdr_engine_apply_event_json(e, very, strlen(very)),
                   ACDR_ERR_PARSE);
  counts_are(e, 0, 0, 0);
  free(ok);
  free(deep);
  free(very);
  acdr_engine_del(e);
}

/* Durations are bounded (one year for queue settings and agent wrap-up,
 * one day for a contact's preferred-agent hold) so that ms -> ns cannot
 * overflow. */
static void durations(void **state) {
  acdr_engine *e = engine(0, 0, 0, 0);
  acdr_queue_def q;
  acdr_agent_def d;
  acdr_contact_def c;
  (void)state;
  acdr_queue_def_default(&q);
  q.id = "q";
  q.ring_timeout_ms = 366LL * 86400 * 1000 + 1;
  assert_int_equal(acdr_queue_add(e, &q), ACDR_ERR_RANGE);
  error_mentions(e, "ring_timeout_ms");
  q.ring_timeout_ms = -5;
  assert_int_equal(acdr_queue_add(e, &q), ACDR_ERR_RANGE);
  q.ring_timeout_ms = 15000;
  q.max_wait_ms = INT64_MAX;
  assert_int_equal(acdr_queue_add(e, &q), ACDR_ERR_RANGE);
  q.max_wait_ms = 0;
  assert_int_equal(acdr_queue_add(e, &q), 0);
  acdr_agent_def_default(&d);
  d.id = "a";
  d.wrapup_ms = INT64_MAX;
  assert_int_equal(acdr_agent_add(e, &d), ACDR_ERR_RANGE);
  error_mentions(e, "wrapup_ms");
  d.wrapup_ms = 366LL * 86400 * 1000;
  assert_int_equal(acdr_agent_add(e, &d), 0);
  acdr_contact_def_default(&c);
  c.id = "c";
  c.queue = "q";
  c.preferred_agent = "a";
  c.preferred_hold_ms = INT64_MAX;
  assert_int_equal(acdr_contact_arrive(e, &c, 0), ACDR_ERR_RANGE);
  counts_are(e, 1, 1, 0);
  acdr_engine_del(e);
}

/* Event-line times: t_ms is bounded so that t_ms * 1e6 fits. */
static void event_line_time(void **state) {
  acdr_engine *e = engine(0, 0, 0, 0);
  static const char *lines[] = {
      "{\"t_ms\": 18446744073709551615, \"ev\": \"expiry\"}",
      "{\"t_ms\": 9223372036854775807, \"ev\": \"expiry\"}",
      "{\"t_ns\": 18446744073709551615, \"ev\": \"expiry\"}",
      "{\"t_ms\": -1, \"ev\": \"expiry\"}",
      "{\"t_ms\": 1e300, \"ev\": \"expiry\"}",
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
    int rv = acdr_engine_apply_event_json(e, lines[i], strlen(lines[i]));
    if (rv != ACDR_ERR_PARSE)
      fail_msg("line %zu: rv=%d (%s)", i, rv, acdr_engine_last_error(e));
  }
  assert_int_equal(acdr_engine_now(e), 0);
  acdr_engine_del(e);
}

/* Near the end of the clock every deadline (ring timeout, wrap-up, reject
 * delay, known-agent hold, tier opening, announcements, max wait) saturates
 * at ACDR_TSTAMP_MAX instead of wrapping to a time in the past, which
 * would fire at once (and could make handle_expiry offer and time out in a
 * loop). */
H_TEST(end_of_clock) {
  acdr_queue_def q;
  acdr_contact_def c;
  acdr_tstamp t0 = ACDR_TSTAMP_MAX - S(5);
  acdr_tstamp exp;
  h_agents(h, "a1 a2");
  acdr_queue_def_default(&q);
  q.id = "q";
  q.ring_timeout_ms = 15000;
  q.wrapup_ms = 30000;
  q.max_wait_ms = 60000;
  q.announce_interval_ms = 20000;
  q.tier_wait_ms = 10000;
  q.known_agent_hold_ms = 30000;
  assert_int_equal(acdr_queue_add(h->e, &q), 0);
  h_member(h, "q", "a1", 0, 0, t0);
  h_member(h, "q", "a2", 1, 0, t0);
  h_login(h, "a1", t0);
  h_login(h, "a2", t0);
  h_take(h);
  acdr_contact_def_default(&c);
  c.id = "c1";
  c.queue = "q";
  assert_int_equal(acdr_contact_arrive(h->e, &c, t0), 0);
  h_expect(h, "OFFER c1 a1\n");
  exp = acdr_engine_get_expiry(h->e);
  if (exp < t0)
    fail_msg("deadline wrapped: expiry %llu < now %llu",
             (unsigned long long)exp, (unsigned long long)t0);
  /* nothing is due a second later: the ring timeout has not "passed" */
  h_expiry(h, t0 + S(1));
  h_expect(h, "");
  assert_int_equal(acdr_contact_reject(h->e, "c1", "a1",
                                       ACDR_REJECT_DECLINED, t0 + S(2)),
                   0);
  h_check(h);
  h_take(h);
  assert_true(acdr_engine_get_expiry(h->e) >= t0 + S(2));
  c.id = "c2";
  c.preferred_agent = "a1";
  assert_int_equal(acdr_contact_arrive(h->e, &c, t0 + S(3)), 0);
  h_check(h);
  assert_true(acdr_engine_get_expiry(h->e) >= t0 + S(3));
  /* the very last instant: everything due fires, once, and it ends */
  h_expiry(h, ACDR_TSTAMP_MAX);
  h_check(h);
}

/* Snapshots meet the same limits as events: a contact that an engine with
 * max_id_len 20 and max_attrs 4 refuses to take as an arrival, it refuses
 * in a snapshot too, with the same message (and stays empty). */
static void snapshot_limits(void **state) {
  acdr_engine *big = engine(0, 0, 0, 0), *small = engine(20, 4, 0, 0);
  acdr_kv kv[5] = {{"k0", "v"}, {"k1", "v"}, {"k2", "v"}, {"k3", "v"},
                   {"k4", "v"}};
  char *long_id = repeat('c', 21), *doc = NULL, msg[512];
  size_t len = 0;
  acdr_contact_def c;
  size_t k;
  (void)state;
  for (k = 0; k < 2; k++) {
    acdr_engine *e = engine(0, 0, 0, 0);
    add_queue(e, "q");
    acdr_contact_def_default(&c);
    c.id = k ? "c" : long_id;
    c.queue = "q";
    c.attrs = kv;
    c.nattrs = k ? 5 : 0;
    assert_int_equal(acdr_contact_arrive(e, &c, 0), 0);
    assert_int_equal(acdr_engine_snapshot(e, &doc, &len), 0);
    /* the event, refused by the small engine */
    add_queue(small, "q");
    assert_int_equal(acdr_contact_arrive(small, &c, 0), ACDR_ERR_LIMIT);
    snprintf(msg, sizeof(msg), "%s", acdr_engine_last_error(small));
    assert_int_equal(acdr_queue_remove(small, "q", 0, 0), 0);
    /* the snapshot, refused with the same words */
    assert_int_equal(acdr_engine_restore(small, doc, len), ACDR_ERR_LIMIT);
    if (!strstr(acdr_engine_last_error(small), msg))
      fail_msg("snapshot error \"%s\" is not the event's \"%s\"",
               acdr_engine_last_error(small), msg);
    counts_are(small, 0, 0, 0);
    /* and the default engine takes it */
    assert_int_equal(acdr_engine_restore(big, doc, len), 0);
    acdr_engine_del(big);
    big = engine(0, 0, 0, 0);
    acdr_free(e, doc);
    acdr_engine_del(e);
  }
  free(long_id);
  acdr_engine_del(big);
  acdr_engine_del(small);
}

H_MAIN(T(id_length), T(attributes), T(skills), T(members), T(config_limits),
       T(nesting_depth), T(durations), T(event_line_time), T(end_of_clock),
       T(snapshot_limits))
