/* SPDX-License-Identifier: MIT */
/* ring-all: every ready member rings, in member order; the first accept
 * wins and the others are cancelled. */
#include "harness.h"

H_TEST(ring_everyone) {
  h_team(h, "q", "ring-all", "a1 a2 a3 a4", "a3:0:2 a1:0:0 a2:0:1", NULL);
  h_member(h, "q", "a4", 1, 3, 0); /* higher penalty: another tier */
  h_logins(h, "a1:1 a2:1 a3:1 a4:1");
  CALL(h, acdr_agent_set_status(h->e, "a3", ACDR_AGENT_AWAY, NULL, S(2)));
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\nOFFER c1 a2\n");
  h_accept(h, "c1", "a2", S(11));
  h_expect(h, "CONNECTED c1 a2\nCANCEL c1 a1 answered-elsewhere\n");
  /* only a1 is free in tier 0 */
  h_arrive(h, "c2", "q", S(12));
  h_expect(h, "OFFER c2 a1\n");
  /* a1 logs out while ringing: tier 0 is empty, tier 1 (a4) rings */
  CALL(h, acdr_agent_logout(h->e, "a1", S(13)));
  h_expect(h, "CANCEL c2 a1 agent-unavailable\nOFFER c2 a4\n");
  /* a3 comes back: c2 already rings, nothing changes */
  CALL(h, acdr_agent_set_status(h->e, "a3", ACDR_AGENT_AVAILABLE, NULL,
                                 S(14)));
  h_expect(h, "");
  /* a4 declines: c2 goes back to the line and rings at tier 0 (a3) */
  CALL(h, acdr_contact_reject(h->e, "c2", "a4", ACDR_REJECT_DECLINED, S(15)));
  h_expect(h, "CANCEL c2 a4 rejected\nOFFER c2 a3\n");
  /* nobody answers: after the ring timeout tier 0 has nobody (a1 out,
   * a2 busy, a3 in its no-answer delay) and a4's reject delay is over */
  h_advance(h, S(30));
  h_expect(h, "CANCEL c2 a3 no-answer\nOFFER c2 a4\n");
  h_accept(h, "c2", "a4", S(31));
  h_expect(h, "CONNECTED c2 a4\n");
  /* the next contact rings at the whole free tier 0 again */
  h_advance(h, S(40));
  h_arrive(h, "c3", "q", S(40));
  h_expect(h, "OFFER c3 a3\n");
  h_hangup(h, "c1", S(41));
  h_expect(h, "WRAPUP c1 a2\nENDED c1 completed\n");
  h_arrive(h, "c4", "q", S(42));
  h_expect(h, "OFFER c4 a2\n");
}

H_MAIN(T(ring_everyone))
