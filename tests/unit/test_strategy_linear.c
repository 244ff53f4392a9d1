/* linear: always the first ready member in member order; rejects, ring
 * timeouts, logouts while ringing, and the last member being away. */
#include "harness.h"

static void setup(harness *h) {
  h_init(h, NULL);
  /* positions out of join order: the member order is by position */
  /* a4 idle longest, a1 shortest: longest idle would pick the reverse */
  h_team(h, "q", "linear", "a1 a2 a3 a4",
         "a3:0:2 a1:0:0 a4:0:3 a2:0:1", "a4:1 a3:2 a2:3 a1:4");
}

H_TEST_WITH(top_down, setup) {
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\n");
  h_arrive(h, "c2", "q", S(10));
  h_expect(h, "OFFER c2 a2\n");
  /* a1 declines: c1 goes to the first ready member, a3 */
  CALL(h, acdr_contact_reject(h->e, "c1", "a1", ACDR_REJECT_DECLINED, S(11)));
  h_expect(h, "OFFER c1 a3\n");
  h_accept(h, "c2", "a2", S(12));
  h_expect(h, "CONNECTED c2 a2\n");
  /* the last member of the list is away; a1 is in its reject delay
   * (5 s): nobody for c3 until a1 is back at 16 s */
  CALL(h, acdr_agent_set_status(h->e, "a4", ACDR_AGENT_AWAY, "lunch", S(13)));
  h_arrive(h, "c3", "q", S(13));
  h_expect(h, "");
  h_advance(h, S(16));
  h_expect(h, "OFFER c3 a1\n");
  /* a3 logs out while c1 rings there: c1 waits (a1, a2 busy, a4 away) */
  CALL(h, acdr_agent_logout(h->e, "a3", S(17)));
  h_expect(h, "CANCEL c1 a3 agent-unavailable\n");
  CALL(h, acdr_agent_set_status(h->e, "a4", ACDR_AGENT_AVAILABLE, NULL,
                                 S(18)));
  h_expect(h, "OFFER c1 a4\n");
  h_accept(h, "c1", "a4", S(19));
  h_expect(h, "CONNECTED c1 a4\n");
  /* c3 rings out at a1 (16 s + 15 s); nobody else is free, so it waits
   * for a1's no-answer delay (5 s) and goes to a1 again */
  h_advance(h, S(31));
  h_expect(h, "CANCEL c3 a1 no-answer\n");
  h_advance(h, S(36));
  h_expect(h, "OFFER c3 a1\n");
  /* a4 then a2 free up: the next contact goes to a2, above a4 in the
   * list although a4 has been idle longer */
  h_hangup(h, "c1", S(37));
  h_hangup(h, "c2", S(37));
  h_expect(h, "WRAPUP c1 a4\nENDED c1 completed\nWRAPUP c2 a2\n"
               "ENDED c2 completed\n");
  h_arrive(h, "c4", "q", S(38));
  h_expect(h, "OFFER c4 a2\n");
}

H_MAIN(T(top_down))
