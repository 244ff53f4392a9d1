/* SPDX-License-Identifier: MIT */
/* Snapshot/restore: a restored engine makes exactly the decisions the
 * original makes, from the middle of a random event sequence. */
#include "sim.h"

#include <string.h>

#define EVENTS 3000

static void restore_mid_sequence_same_decisions(void **state) {
  int cut;
  size_t pending_at_cut = 0, dnc_at_cut = 0, closed_hours = 0;
  acdr_dispo_stats all;
  (void)state;
  for (cut = 1; cut < EVENTS; cut += EVENTS / 4) {
    sim a, b;
    uint64_t x = 0x9e3779b97f4a7c15ULL, t = 0;
    char line[512];
    char *snap, *snap_b;
    int i, accepted = 0;
    sim_pair(&a, &b, 0);
    for (i = 0; i < cut; i++)
      (void)sim_step(&a, &x, i, &t, line, sizeof(line));
    snap = sim_snapshot(&a);
    pending_at_cut += acdr_dispo_pending_count(a.e);
    {
      uint64_t n = 0;
      assert_int_equal(acdr_dnc_count(a.e, t * ACDR_MILLISECONDS, &n), 0);
      dnc_at_cut += n;
    }
    assert_int_equal(acdr_engine_restore(b.e, snap, strlen(snap)), 0);
    assert_int_equal(acdr_engine_check(b.e), 0);
    /* the restored engine snapshots to the same document */
    snap_b = sim_snapshot(&b);
    assert_string_equal(snap, snap_b);
    memcpy(b.offers, a.offers, sizeof(a.offers));
    b.noffers = a.noffers;
    memcpy(b.conn, a.conn, sizeof(a.conn));
    b.nconn = a.nconn;
    a.len = 0;
    a.out[0] = '\0';
    for (; i < EVENTS; i++) {
      int ra = sim_step(&a, &x, i, &t, line, sizeof(line));
      int rb = sim_apply(&b, line);
      assert_int_equal(ra, rb);
      accepted += strstr(line, "accept") && ra == 0;
    }
    closed_hours += strstr(a.out, "\"reason\": \"closed\"") != NULL;
    /* the sequence did real work after the cut */
    if (accepted < 5 || a.len <= 1000)
      fail_msg("cut %d: accepted %d, %zu bytes of actions", cut, accepted,
               a.len);
    /* the same actions, end state, metrics and disposition statistics */
    sim_assert_same(&a, &b, t);
    assert_int_equal(acdr_dispo_stats_get(a.e, NULL, NULL, "sale", &all), 0);
    if (all.contacts < 20 || all.code_total == 0 || all.dnc == 0)
      fail_msg("cut %d: only %llu contacts disposed (%llu sales, %llu DNC)",
               cut, (unsigned long long)all.contacts,
               (unsigned long long)all.code_total,
               (unsigned long long)all.dnc);
    acdr_free(a.e, snap);
    acdr_free(b.e, snap_b);
    sim_free(&a);
    sim_free(&b);
  }
  /* the cuts fell while follow-ups and do-not-contact entries were
   * pending, and the hours closed a queue on contacts */
  if (!pending_at_cut || !dnc_at_cut || !closed_hours)
    fail_msg("pending follow-ups %zu, DNC entries %zu, closings %zu at the "
             "cuts", pending_at_cut, dnc_at_cut, closed_hours);
}

static void bad_snapshots(void **state) {
  sim a;
  acdr_engine *e;
  char *snap;
  (void)state;
  sim_init(&a, 0);
  sim_load_config(&a);
  snap = sim_snapshot(&a);
  /* restore only into an empty engine */
  assert_int_equal(acdr_engine_restore(a.e, snap, strlen(snap)),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_engine_new(&e, NULL, NULL, NULL), 0);
  {
    const char *v9 = "{\"format\": \"acdroute-snapshot\", \"version\": 9}";
    assert_int_equal(acdr_engine_restore(e, v9, strlen(v9)),
                     ACDR_ERR_VERSION);
  }
  assert_string_equal(acdr_config_last_errors(e),
                      "/version: snapshot format 9 is newer than this library "
                      "(reads up to 1)");
  assert_int_equal(acdr_engine_restore(e, "{\"format\": \"x\"}", 15),
                   ACDR_ERR_CONFIG);
  assert_int_equal(acdr_engine_restore(e, snap, strlen(snap) / 2),
                   ACDR_ERR_PARSE);
  /* a truncated-but-valid document: a contact in an unknown queue */
  {
    const char *bad =
        "{\"format\": \"acdroute-snapshot\", \"version\": 1, \"now\": 5, "
        "\"seq\": 9, \"dispatch_gen\": 0, \"rng\": [\"1\", \"2\", \"3\", "
        "\"4\"], \"contacts_arrived\": 1, \"contacts_ended\": 0, "
        "\"config\": {\"agents\": [], \"queues\": []}, \"agents\": [], "
        "\"queues\": [], \"contacts\": [{\"id\": \"c\", \"queue\": "
        "\"nope\"}]}";
    acdr_engine_counts n;
    assert_int_equal(acdr_engine_restore(e, bad, strlen(bad)),
                     ACDR_ERR_QUEUE_NOT_FOUND);
    assert_string_equal(acdr_config_last_errors(e),
                        "/contacts/0: unknown queue \"nope\"");
    /* the failed restore left the engine empty and usable */
    assert_int_equal(acdr_engine_get_counts(e, &n), 0);
    assert_int_equal(n.contacts_live + n.agents + n.queues, 0);
    assert_int_equal(acdr_engine_restore(e, snap, strlen(snap)), 0);
  }
  acdr_free(a.e, snap);
  acdr_engine_del(e);
  sim_free(&a);
}

/* An agent whose reject delay is over while its ready timer has not fired
 * yet (the host has not called handle_expiry) is still unready in the
 * original: a restored engine must not offer it a contact one expiry
 * early. */
static void restore_keeps_a_due_delay_unready(void **state) {
  harness a, b;
  acdr_queue_def d;
  char *snap, *snap_b;
  size_t len;
  const acdr_tstamp s = ACDR_SECONDS;
  (void)state;
  h_init(&a, NULL);
  h_qdef(&d, "q", "round-robin");
  d.reject_delay_ms = 5000;
  h_qadd(&a, &d);
  h_agents(&a, "a0 a1");
  h_members(&a, "q", "a0:0:0 a1:0:1");
  h_login(&a, "a1", 0);
  h_arrive(&a, "c0", "q", 0);
  h_expect(&a, "OFFER c0 a1\n");
  CALL(&a, acdr_contact_reject(a.e, "c0", "a1", ACDR_REJECT_DECLINED, 0));
  h_login(&a, "a0", 5 * s); /* a1's delay ends now; no expiry yet */
  h_take(&a);
  CALL(&a, acdr_engine_snapshot(a.e, &snap, &len));
  h_init(&b, NULL);
  CALL(&b, acdr_engine_restore(b.e, snap, len));
  CALL(&b, acdr_engine_snapshot(b.e, &snap_b, &len));
  assert_string_equal(snap, snap_b);
  /* a0 leaves: both engines withdraw its offer and offer nobody else */
  CALL(&a, acdr_agent_logout(a.e, "a0", 5 * s));
  CALL(&b, acdr_agent_logout(b.e, "a0", 5 * s));
  h_expect(&a, "CANCEL c0 a0 agent-unavailable\n");
  h_expect(&b, "CANCEL c0 a0 agent-unavailable\n");
  /* at the expiry, a1 is ready in both and gets the contact */
  h_expiry(&a, 5 * s);
  h_expiry(&b, 5 * s);
  h_expect(&a, "OFFER c0 a1\n");
  h_expect(&b, "OFFER c0 a1\n");
  acdr_free(a.e, snap);
  acdr_free(b.e, snap_b);
  h_free(&a);
  h_free(&b);
}

H_MAIN(T(restore_mid_sequence_same_decisions), T(bad_snapshots),
       T(restore_keeps_a_due_delay_unready))
