/* SPDX-License-Identifier: MIT */
/* Customer memory under a random event sequence (tests/common/sim.c: 13
 * returning customers, a preferred agent on every fifth contact): with a
 * memory smaller than the customers (6 of 13, history 3, a byte budget),
 * owners set now and then, a snapshot taken anywhere restores into an
 * engine that makes exactly the same decisions, and the event log
 * replays into the same state. */
#include "sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <acdroute/customer.h>

#define EVENTS 2000

static void memory_on(sim *s) {
  assert_int_equal(acdr_customer_memory_set(s->e, 6, 600000, 6000, 3), 0);
}

/* Every 40th step: an owner for a customer (through an event line, so
 * both engines get it). */
static int owner_line(int i, uint64_t t, char *line, size_t cap) {
  if (i % 40 != 39) return 0;
  snprintf(line, cap,
           "{\"t_ms\": %llu, \"ev\": \"customer_owner\", \"key\": \"cu%d\", "
           "\"agent\": \"a%d\"}",
           (unsigned long long)t, (i / 40) % 13, (i / 40) % 6);
  return 1;
}

static void restore_anywhere_same_decisions(void **state) {
  int cut;
  uint64_t known = 0, forgotten = 0;
  (void)state;
  for (cut = 1; cut < EVENTS; cut += EVENTS / 3) {
    sim a, b;
    uint64_t x = 0x9e3779b97f4a7c15ULL, t = 0, n;
    char line[512], *snap, *js, *k;
    int i;
    sim_pair(&a, &b, 0);
    memory_on(&a);
    for (i = 0; i < cut; i++) {
      (void)sim_step(&a, &x, i, &t, line, sizeof(line));
      if (owner_line(i, t, line, sizeof(line))) (void)sim_apply(&a, line);
    }
    snap = sim_snapshot(&a);
    assert_int_equal(acdr_engine_restore(b.e, snap, strlen(snap)), 0);
    memcpy(b.offers, a.offers, sizeof(a.offers));
    b.noffers = a.noffers;
    memcpy(b.conn, a.conn, sizeof(a.conn));
    b.nconn = a.nconn;
    a.len = 0;
    a.out[0] = '\0';
    for (; i < EVENTS; i++) {
      int ra = sim_step(&a, &x, i, &t, line, sizeof(line));
      assert_int_equal(ra, sim_apply(&b, line));
      if (owner_line(i, t, line, sizeof(line)))
        assert_int_equal(sim_apply(&a, line), sim_apply(&b, line));
    }
    sim_assert_same(&a, &b, t);
    /* the memory did work: customers forgotten, known agents answered */
    assert_int_equal(acdr_customer_memory_get(a.e, NULL, NULL, NULL, NULL,
                                              NULL, NULL, &n),
                     0);
    forgotten += n;
    js = sim_metrics(&a, t);
    for (k = strstr(js, "\"known_agent\""); k;
         k = strstr(k + 1, "\"known_agent\"")) {
      char *ans = strstr(k, "\"answered\":");
      if (ans) known += strtoull(ans + 11, NULL, 10);
    }
    acdr_free(a.e, js);
    acdr_free(a.e, snap);
    sim_free(&a);
    sim_free(&b);
  }
  print_message("forgotten %llu, answered by a known agent %llu\n",
                (unsigned long long)forgotten, (unsigned long long)known);
  if (!forgotten || !known)
    fail_msg("forgotten %llu, answered by a known agent %llu",
             (unsigned long long)forgotten, (unsigned long long)known);
}

static void event_log_replays_same_state(void **state) {
  sim a, c;
  uint64_t x = 0x243f6a8885a308d3ULL, t = 0;
  char line[512], *log;
  size_t len;
  int i;
  (void)state;
  sim_init(&a, 1);
  sim_load_config(&a);
  memory_on(&a);
  for (i = 0; i < EVENTS; i++) {
    (void)sim_step(&a, &x, i, &t, line, sizeof(line));
    if (owner_line(i, t, line, sizeof(line))) (void)sim_apply(&a, line);
  }
  assert_true(sim_take_log(&a, &log, &len) > EVENTS / 2);
  sim_init(&c, 0);
  sim_replay(&c, log);
  assert_string_equal(a.out, c.out);
  sim_assert_same(&a, &c, t);
  acdr_free(a.e, log);
  sim_free(&a);
  sim_free(&c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(restore_anywhere_same_decisions),
      cmocka_unit_test(event_log_replays_same_state),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
