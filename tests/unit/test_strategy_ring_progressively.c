/* SPDX-License-Identifier: MIT */
/* ring-progressively: one more agent every `interval` seconds while the
 * earlier ones keep ringing; settings are checked. */
#include "harness.h"

#include <string.h>

static void add_queue(harness *h, const char *interval) {
  acdr_queue_def d;
  acdr_kv kv = {"interval", interval};
  acdr_queue_def_default(&d);
  d.id = "q";
  d.strategy = "ring-progressively";
  d.params = interval ? &kv : NULL;
  d.nparams = interval ? 1 : 0;
  d.ring_timeout_ms = 60000; /* longer than the steps below */
  CALL(h, acdr_queue_add(h->e, &d));
}

H_TEST(progressive) {
  h_agents(h, "a1 a2 a3 a4");
  add_queue(h, NULL); /* default interval: 10 s */
  h_members(h, "q", "a4:0:3 a3:0:2 a2:0:1 a1:0:0");
  h_logins(h, "a4:1 a3:1 a2:1 a1:1");
  h_arrive(h, "c1", "q", S(100));
  h_expect(h, "OFFER c1 a1\n");
  h_advance(h, S(109));
  h_expect(h, "");
  h_advance(h, S(110));
  h_expect(h, "OFFER c1 a2\n");
  /* a2 declines at 115: a1 keeps ringing alone until the next step */
  CALL(h, acdr_contact_reject(h->e, "c1", "a2", ACDR_REJECT_DECLINED,
                               S(115)));
  h_expect(h, "CANCEL c1 a2 rejected\n");
  /* 120: three should ring, one is added: a3.  a2's reject delay also
   * ends at 120, but its timer was armed after the recheck timer, so a2
   * is not ready yet when the step runs (timers fire in arming order) */
  h_advance(h, S(120));
  h_expect(h, "OFFER c1 a3\n");
  /* a1 logs out while ringing: a3 rings on */
  CALL(h, acdr_agent_logout(h->e, "a1", S(125)));
  h_expect(h, "CANCEL c1 a1 agent-unavailable\n");
  /* 130: a2 is ready again and first in order among those not ringing */
  h_advance(h, S(130));
  h_expect(h, "OFFER c1 a2\n");
  h_advance(h, S(140));
  h_expect(h, "OFFER c1 a4\n");
  /* everybody rings: no more offers at 150 */
  h_advance(h, S(150));
  h_expect(h, "");
  h_accept(h, "c1", "a4", S(151));
  {
    /* the two others are cancelled (in any order) */
    const char *got = h_take(h);
    assert_non_null(strstr(got, "CANCEL c1 a3 answered-elsewhere\n"));
    assert_non_null(strstr(got, "CANCEL c1 a2 answered-elsewhere\n"));
    assert_non_null(strstr(got, "CONNECTED c1 a4\n"));
  }
}

H_TEST(settings) {
  acdr_queue_def d;
  acdr_kv bad[] = {{"interval", "0"}, {"interval", "ten"},
                   {"speed", "1"}};
  size_t i;
  acdr_queue_def_default(&d);
  d.id = "q";
  d.strategy = "ring-progressively";
  d.nparams = 1;
  for (i = 0; i < 3; i++) {
    d.params = bad + i;
    assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_STRATEGY);
    assert_non_null(strstr(acdr_engine_last_error(h->e), bad[i].key));
    assert_int_equal(acdr_queue_get_info(h->e, "q", 0, &(acdr_queue_info){0}),
                     ACDR_ERR_QUEUE_NOT_FOUND);
  }
  add_queue(h, "3");
  h_agents(h, "a1 a2");
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_logins(h, "a1:1 a2:1");
  h_arrive(h, "c1", "q", S(10));
  h_advance(h, S(13));
  h_expect(h, "OFFER c1 a1\nOFFER c1 a2\n");
}

H_MAIN(T(progressive), T(settings))
