/* SPDX-License-Identifier: MIT */
/* After an agent lets a contact ring out (or declines it), the contact is
 * offered to the other ready agents of the tier first, as app_queue does
 * within one attempt - even with no rest delay and even when that agent
 * is still the strategy's first choice.  If nobody else is free, the same
 * agent rings again. */
#include "harness.h"

#include <stdio.h>

static void queue_no_delay(harness *h, const char *strategy) {
  acdr_queue_def d;
  acdr_queue_def_default(&d);
  d.id = "q";
  d.strategy = strategy;
  d.no_answer_delay_ms = 0;
  d.reject_delay_ms = 0;
  d.ring_timeout_ms = 10000;
  d.max_missed = 0;
  assert_int_equal(acdr_queue_add(h->e, &d), 0);
}

/* x: the agent c1 goes to after a2 declines; y, z: the agents c2 is
 * offered to first and then (when y goes away) the only one left. */
static void run(const char *strategy, const char *x, const char *y,
                const char *z) {
  harness h;
  char line[64];
  h_init(&h, NULL);
  h_agents(&h, "a1 a2 a3");
  queue_no_delay(&h, strategy);
  h_members(&h, "q", "a1:0:0 a2:0:1 a3:0:2");
  h_login(&h, "a1", S(1)); /* longest idle and first in the list */
  h_logins(&h, "a2:2 a3:3");
  h_arrive(&h, "c1", "q", S(10));
  h_expect(&h, "OFFER c1 a1\n");
  /* a1 rings out; without a rest delay a1 is still first for the
   * strategy, yet the contact goes to a2 */
  h_advance(&h, S(20));
  h_expect(&h, "CANCEL c1 a1 no-answer\nOFFER c1 a2\n");
  /* a2 declines: a1 is the one who missed last no more, a2 is (linear
   * goes on down the list instead: a3) */
  assert_int_equal(acdr_contact_reject(h.e, "c1", "a2", ACDR_REJECT_DECLINED,
                                       S(21)), 0);
  h_check(&h);
  snprintf(line, sizeof(line), "CANCEL c1 a2 rejected\nOFFER c1 %s\n", x);
  h_expect(&h, line);
  h_accept(&h, "c1", x, S(22));
  snprintf(line, sizeof(line), "CONNECTED c1 %s\n", x);
  h_expect(&h, line);
  /* only z is free now and it misses: it rings again, nobody else */
  h_arrive(&h, "c2", "q", S(30));
  snprintf(line, sizeof(line), "OFFER c2 %s\n", y);
  h_expect(&h, line);
  assert_int_equal(acdr_agent_set_status(h.e, y, ACDR_AGENT_AWAY, "x",
                                         S(31)), 0);
  h_check(&h);
  snprintf(line, sizeof(line),
           "CANCEL c2 %s agent-unavailable\nOFFER c2 %s\n", y, z);
  h_expect(&h, line);
  h_advance(&h, S(41));
  snprintf(line, sizeof(line), "CANCEL c2 %s no-answer\nOFFER c2 %s\n", z,
           z);
  h_expect(&h, line);
  h_free(&h);
}

static void longest_idle(void **state) {
  (void)state;
  run("longest-idle", "a1", "a2", "a3");
}

static void linear(void **state) {
  (void)state;
  run("linear", "a3", "a1", "a2");
}

static void fewest_contacts(void **state) {
  (void)state;
  run("fewest-contacts", "a1", "a2", "a3");
}

H_MAIN(T(longest_idle), T(linear), T(fewest_contacts))
