/* SPDX-License-Identifier: MIT */
/* round-robin-strict: each contact is pinned to the member whose turn it
 * is and waits for that agent even while it is busy; an agent who logs
 * out or goes away loses its pinned contacts to the next turn. */
#include "harness.h"

static void setup(harness *h) {
  h_init(h, NULL);
  h_agents(h, "a1 a2 a3");
  h_queue(h, "q", "round-robin-strict");
  h_member(h, "q", "a1", 0, 0, 0);
  h_member(h, "q", "a2", 5, 1, 0); /* penalties are ignored (FLAT) */
  h_member(h, "q", "a3", 0, 2, 0);
  h_logins(h, "a3:1 a2:2 a1:3");
}

H_TEST_WITH(pinned_waits, setup) {
  h_arrive(h, "c1", "q", S(10));
  h_accept(h, "c1", "a1", S(10));
  h_arrive(h, "c2", "q", S(11));
  h_accept(h, "c2", "a2", S(11));
  h_arrive(h, "c3", "q", S(12));
  h_expect(h, "OFFER c1 a1\nCONNECTED c1 a1\nOFFER c2 a2\n"
               "CONNECTED c2 a2\nOFFER c3 a3\n");
  /* c4 is a1's turn, c5 a2's: both busy, so both wait, although a3 ... */
  h_arrive(h, "c4", "q", S(13));
  h_arrive(h, "c5", "q", S(14));
  h_expect(h, "");
  /* ... a3 declines c3: c3 waits for a3 (reject delay 5 s) */
  CALL(h, acdr_contact_reject(h->e, "c3", "a3", ACDR_REJECT_DECLINED, S(15)));
  h_expect(h, "CANCEL c3 a3 rejected\n");
  h_arrive(h, "c6", "q", S(16)); /* a3's turn */
  /* a2 frees up: c5 (pinned to a2) is offered, passing c3 and c4 */
  h_hangup(h, "c2", S(17));
  h_expect(h, "WRAPUP c2 a2\nENDED c2 completed\nOFFER c5 a2\n");
  /* a3's delay is over: the first contact pinned to it, c3 */
  h_advance(h, S(20));
  h_expect(h, "OFFER c3 a3\n");
  h_accept(h, "c3", "a3", S(21));
  h_accept(h, "c5", "a2", S(21));
  h_expect(h, "CONNECTED c3 a3\nCONNECTED c5 a2\n");
  /* a3 logs out while on c3: c6 (pinned to a3) is re-pinned to the next
   * turn after a3, a1 (busy), and waits for a1 */
  CALL(h, acdr_agent_logout(h->e, "a3", S(22)));
  h_expect(h, "");
  /* a2 frees up: nothing is pinned to a2 any more */
  h_hangup(h, "c5", S(23));
  h_expect(h, "WRAPUP c5 a2\nENDED c5 completed\n");
  /* a1 frees up: c4 (its own) first, then c6 waits for a1 again */
  h_hangup(h, "c1", S(24));
  h_expect(h, "WRAPUP c1 a1\nENDED c1 completed\nOFFER c4 a1\n");
  h_accept(h, "c4", "a1", S(25));
  h_hangup(h, "c4", S(26));
  h_expect(h, "CONNECTED c4 a1\nWRAPUP c4 a1\nENDED c4 completed\n"
               "OFFER c6 a1\n");
}

/* The pinned agent goes away while another agent is idle: the contact is
 * re-pinned at once (the engine redispatches the queue), no event of the
 * idle agent is needed. */
H_TEST_WITH(repin_on_away, setup) {
  h_arrive(h, "c1", "q", S(10));
  h_accept(h, "c1", "a1", S(10));
  h_arrive(h, "c2", "q", S(11));
  h_accept(h, "c2", "a2", S(11));
  h_hangup(h, "c2", S(12)); /* a2 idle again */
  h_arrive(h, "c3", "q", S(13));
  h_accept(h, "c3", "a3", S(13));
  h_arrive(h, "c4", "q", S(14)); /* a1's turn: a1 busy, a2 idle */
  (void)h_take(h);
  CALL(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AWAY, "break",
                                 S(15)));
  /* next turn after a1 is a2 */
  h_expect(h, "OFFER c4 a2\n");
}

H_MAIN(T(pinned_waits), T(repin_on_away))
