/* SPDX-License-Identifier: MIT */
/* least-busy (chat load / capacity), fewest-contacts and least-talk-time:
 * the order of offers, ties to the longest idle. */
#include "harness.h"

H_TEST(least_busy) {
  acdr_queue_def d;
  h_agent_caps(h, "b1", 0, 3, 0);
  h_agent_caps(h, "b2", 0, 2, 0);
  h_agent_caps(h, "b3", 0, 3, 0);
  acdr_queue_def_default(&d);
  d.id = "chat";
  d.strategy = "least-busy";
  d.channel = ACDR_CHANNEL_CHAT;
  CALL(h, acdr_queue_add(h->e, &d));
  h_members(h, "chat", "b3:0:0 b2:0:1 b1:0:2");
  h_logins(h, "b1:1 b2:2 b3:3");
  /* all 0 load: longest idle b1, then b2, then b3 */
  h_arrive(h, "c1", "chat", S(10));
  h_arrive(h, "c2", "chat", S(10));
  h_arrive(h, "c3", "chat", S(10));
  h_expect(h, "OFFER c1 b1\nOFFER c2 b2\nOFFER c3 b3\n");
  /* loads 1/3 1/2 1/3: b1 and b3 tie, b1 idle longer */
  h_arrive(h, "c4", "chat", S(11));
  /* 2/3 1/2 1/3: b3 */
  h_arrive(h, "c5", "chat", S(11));
  /* 2/3 1/2 2/3: b2 (1/2 < 2/3) */
  h_arrive(h, "c6", "chat", S(11));
  h_expect(h, "OFFER c4 b1\nOFFER c5 b3\nOFFER c6 b2\n");
  /* b2 is full (2/2); b1 declines c4: 1/3 but in its reject delay */
  CALL(h, acdr_contact_reject(h->e, "c4", "b1", ACDR_REJECT_DECLINED,
                               S(12)));
  h_expect(h, "CANCEL c4 b1 rejected\nOFFER c4 b3\n"); /* b3 3/3 now */
  h_arrive(h, "c7", "chat", S(13));
  h_expect(h, "");
  h_advance(h, S(17));
  h_expect(h, "OFFER c7 b1\n");
}

static void take(harness *h, const char *c, const char *a, acdr_tstamp t) {
  h_arrive(h, c, "q", t);
  h_accept(h, c, a, t);
}

/* a1 handles two short contacts early, a2 and a3 one long each. */
static void history(harness *h, const char *strategy) {
  h_init(h, NULL);
  h_team(h, "q", strategy, "a1 a2 a3",
         "a1:0:0 a2:0:1 a3:0:2", "a1:1 a2:2 a3:3");
  take(h, "c1", "a1", S(10)); /* a1 idle longest */
  h_hangup(h, "c1", S(11));
  take(h, "c2", "a2", S(12)); /* a2 idle since 2 < a3 since 3 */
  take(h, "c3", "a3", S(13));
  take(h, "c4", "a1", S(14));
  h_hangup(h, "c4", S(15));
  h_hangup(h, "c3", S(32));
  h_hangup(h, "c2", S(40));
  h_expect(h, "OFFER c1 a1\nCONNECTED c1 a1\nWRAPUP c1 a1\n"
              "ENDED c1 completed\n"
              "OFFER c2 a2\nCONNECTED c2 a2\n"
              "OFFER c3 a3\nCONNECTED c3 a3\n"
              "OFFER c4 a1\nCONNECTED c4 a1\nWRAPUP c4 a1\n"
              "ENDED c4 completed\n"
              "WRAPUP c3 a3\nENDED c3 completed\n"
              "WRAPUP c2 a2\nENDED c2 completed\n");
  /* now: a1 handled 2, talked 2 s, idle since 15;
   *      a2 handled 1, talked 28 s, idle since 40;
   *      a3 handled 1, talked 19 s, idle since 32 */
}

static void fewest_contacts(void **state) {
  harness h;
  (void)state;
  history(&h, "fewest-contacts");
  /* a2 and a3 tie at 1: a3 idle longer; longest idle would take a1 */
  h_arrive(&h, "c5", "q", S(50));
  h_expect(&h, "OFFER c5 a3\n");
  h_arrive(&h, "c6", "q", S(50));
  h_expect(&h, "OFFER c6 a2\n");
  h_accept(&h, "c6", "a2", S(51));
  h_expect(&h, "CONNECTED c6 a2\n");
  /* a3 rings out: c5 goes to the only free agent, a1 */
  h_advance(&h, S(65));
  h_expect(&h, "CANCEL c5 a3 no-answer\nOFFER c5 a1\n");
  h_free(&h);
}

static void least_talk_time(void **state) {
  harness h;
  (void)state;
  history(&h, "least-talk-time");
  h_arrive(&h, "c5", "q", S(50));
  h_expect(&h, "OFFER c5 a1\n"); /* 2 s */
  h_arrive(&h, "c6", "q", S(50));
  h_expect(&h, "OFFER c6 a3\n"); /* 19 s < 28 s */
  /* a1 logs out while ringing: a2 is the only one left */
  CALL(&h, acdr_agent_logout(h.e, "a1", S(51)));
  h_expect(&h, "CANCEL c5 a1 agent-unavailable\nOFFER c5 a2\n");
  h_free(&h);
}

H_MAIN(T(least_busy), T(fewest_contacts), T(least_talk_time))
