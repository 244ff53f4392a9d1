/* SPDX-License-Identifier: MIT */
/* random and weighted-random: only ready members are drawn, the draw is
 * reproducible from the engine seed, and the frequencies follow the
 * documented weights. */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#define NAGENTS 4

static void setup(harness *h, const char *strategy, uint64_t seed,
                  const int32_t *penalty) {
  acdr_options o;
  int i;
  acdr_options_default(&o);
  o.seed = seed;
  h_init(h, &o);
  h_queue(h, "q", strategy);
  for (i = 0; i < NAGENTS; i++) {
    char id[8];
    snprintf(id, sizeof(id), "a%d", i);
    h_agent(h, id);
    h_member(h, "q", id, penalty ? penalty[i] : 0, i, S(1));
    h_login(h, id, S(1));
  }
}

/* Serve n contacts one at a time; count the agent of each offer and
 * append it to seq. */
static void run(harness *h, int n, int *count, char *seq, size_t seqlen) {
  int i;
  acdr_tstamp t = S(10);
  for (i = 0; i < n; i++) {
    char c[16];
    const char *got, *agent;
    snprintf(c, sizeof(c), "c%d", i);
    h_arrive(h, c, "q", t);
    got = h_take(h);
    assert_int_equal(strncmp(got, "OFFER ", 6), 0);
    agent = strchr(got + 6, ' ') + 1;
    assert_true(agent[0] == 'a' && agent[1] >= '0' &&
                agent[1] < '0' + NAGENTS);
    count[agent[1] - '0']++;
    if (seq && (size_t)i + 1 < seqlen) {
      seq[i] = agent[1];
      seq[i + 1] = '\0';
    }
    {
      char a[3] = {agent[0], agent[1], '\0'};
      h_accept(h, c, a, t);
      h_hangup(h, c, t + MS(1));
    }
    (void)h_take(h);
    t += S(1);
  }
}

static void uniform(void **state) {
  harness h, h2;
  int count[NAGENTS] = {0}, count2[NAGENTS] = {0}, i;
  char seq[64], seq2[64];
  (void)state;
  setup(&h, "random", 42, NULL);
  /* a3 away: never drawn */
  CALL(&h, acdr_agent_set_status(h.e, "a3", ACDR_AGENT_AWAY, NULL, S(2)));
  run(&h, 600, count, seq, sizeof(seq));
  assert_int_equal(count[3], 0);
  /* each of 3 agents expects 200 of 600 (sd ~11.5): far from 150..250
   * only with negligible probability, and the seed is fixed */
  for (i = 0; i < 3; i++) {
    assert_true(count[i] > 150);
    assert_true(count[i] < 250);
  }
  /* the same seed and events give the same choices */
  setup(&h2, "random", 42, NULL);
  CALL(&h2, acdr_agent_set_status(h2.e, "a3", ACDR_AGENT_AWAY, NULL, S(2)));
  run(&h2, 600, count2, seq2, sizeof(seq2));
  assert_string_equal(seq, seq2);
  assert_memory_equal(count, count2, sizeof(count));
  h_free(&h);
  h_free(&h2);
}

static void weighted(void **state) {
  harness h;
  /* weights 1000 / (p + 1): 1000, 500, 250, 100; total 1850 */
  const int32_t pen[NAGENTS] = {0, 1, 3, 9};
  const double expect[NAGENTS] = {1000.0 / 1850, 500.0 / 1850, 250.0 / 1850,
                                  100.0 / 1850};
  int count[NAGENTS] = {0}, i, n = 3700;
  (void)state;
  setup(&h, "weighted-random", 7, pen);
  run(&h, n, count, NULL, 0);
  for (i = 0; i < NAGENTS; i++) {
    double share = (double)count[i] / n;
    /* 5 standard deviations at most ~0.041 for n = 3700 */
    assert_true(share > expect[i] - 0.041);
    assert_true(share < expect[i] + 0.041);
  }
  /* FLAT: a member with penalty 9 is drawn even when penalty 0 is
   * free (the counts above), and it is the only choice when the others
   * are away */
  CALL(&h, acdr_agent_set_status(h.e, "a0", ACDR_AGENT_AWAY, NULL, S(9000)));
  CALL(&h, acdr_agent_set_status(h.e, "a1", ACDR_AGENT_AWAY, NULL, S(9000)));
  CALL(&h, acdr_agent_set_status(h.e, "a2", ACDR_AGENT_AWAY, NULL, S(9000)));
  (void)h_take(&h);
  h_arrive(&h, "last", "q", S(9001));
  h_expect(&h, "OFFER last a3\n");
  /* a3 logs out while ringing: nobody is left */
  CALL(&h, acdr_agent_logout(h.e, "a3", S(9002)));
  h_expect(&h, "CANCEL last a3 agent-unavailable\n");
  CALL(&h, acdr_agent_set_status(h.e, "a2", ACDR_AGENT_AVAILABLE, NULL,
                                 S(9003)));
  h_expect(&h, "OFFER last a2\n");
  h_free(&h);
}

H_MAIN(T(uniform), T(weighted))
