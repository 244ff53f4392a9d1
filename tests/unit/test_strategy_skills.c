/* SPDX-License-Identifier: MIT */
/* skills: best level in the primary skill wins, other skills filter,
 * ties to the longest idle; requirements relax in steps; a contact nobody
 * qualifies for does not block the line. */
#include "harness.h"

#include <string.h>

static void agent(harness *h, const char *id, const acdr_skill *sk,
                  size_t n) {
  acdr_agent_def d;
  acdr_agent_def_default(&d);
  d.id = id;
  d.capacity[ACDR_CHANNEL_CHAT] = 0;
  d.capacity[ACDR_CHANNEL_EMAIL] = 0;
  d.skills = sk;
  d.nskills = n;
  CALL(h, acdr_agent_add(h->e, &d));
}

static void contact(harness *h, const char *id, const acdr_skill *sk,
                    size_t n, acdr_tstamp t) {
  acdr_contact_def d;
  acdr_contact_def_default(&d);
  d.id = id;
  d.queue = "q";
  d.skills = sk;
  d.nskills = n;
  CALL(h, acdr_contact_arrive(h->e, &d, t));
}

static void setup(harness *h) {
  static const acdr_skill s1[] = {{"en", 50}};
  static const acdr_skill s2[] = {{"billing", 30}, {"en", 80}};
  static const acdr_skill s3[] = {{"en", 90}};
  static const acdr_skill s4[] = {{"de", 70}, {"en", 80}};
  acdr_queue_def d;
  acdr_kv relax = {"relax", "30:40,60:0"};
  h_init(h, NULL);
  agent(h, "s1", s1, 1);
  agent(h, "s2", s2, 2);
  agent(h, "s3", s3, 1);
  agent(h, "s4", s4, 2);
  acdr_queue_def_default(&d);
  d.id = "q";
  d.strategy = "skills";
  d.params = &relax;
  d.nparams = 1;
  d.ring_timeout_ms = 0; /* ring until answered */
  CALL(h, acdr_queue_add(h->e, &d));
  h_members(h, "q", "s1:0:0 s2:0:1 s3:0:2 s4:0:3");
  h_logins(h, "s1:1 s2:2 s3:3 s4:4");
}

H_TEST_WITH(best_match_and_relax, setup) {
  static const acdr_skill en60[] = {{"en", 60}};
  static const acdr_skill en60_bill[] = {{"en", 60}, {"billing", 20}};
  static const acdr_skill de50[] = {{"de", 50}};
  static const acdr_skill fr1[] = {{"fr", 1}};
  /* en >= 60: s3 (90) beats s2 and s4 (80) though idle shortest */
  contact(h, "c1", en60, 1, S(10));
  h_expect(h, "OFFER c1 s3\n");
  /* en >= 60 and billing >= 20: only s2 */
  contact(h, "c2", en60_bill, 2, S(11));
  h_expect(h, "OFFER c2 s2\n");
  /* en >= 60: s4 (80) is the only one left at that level */
  contact(h, "c3", en60, 1, S(12));
  h_expect(h, "OFFER c3 s4\n");
  /* en >= 60 again: s1 (50) does not qualify: c4 waits ... */
  contact(h, "c4", en60, 1, S(13));
  h_expect(h, "");
  /* ... and does not block c5 behind it, nor does c6 that nobody can
   * ever take (nobody speaks fr) */
  h_hangup(h, "c3", S(14)); /* abandoned while ringing at s4 */
  h_expect(h, "CANCEL c3 s4 caller-hangup\nENDED c3 abandoned\n"
               "OFFER c4 s4\n");
  contact(h, "c6", fr1, 1, S(15));
  contact(h, "c5", en60, 1, S(16));
  contact(h, "c7", de50, 1, S(17));
  h_expect(h, "");
  /* s2 frees up: en 80 qualifies for c5 (c6 needs fr) */
  h_accept(h, "c2", "s2", S(18));
  h_hangup(h, "c2", S(19));
  h_expect(h, "CONNECTED c2 s2\nWRAPUP c2 s2\nENDED c2 completed\n"
               "OFFER c5 s2\n");
  /* c7 (de >= 50) waits for s4 though s1 is free; after 30 s of wait
   * (47 s) the minimum drops to 40, but s1 has no "de" at all: still
   * nothing.  c6 after 60 s (75 s) needs "fr" at level 0: nothing */
  h_advance(h, S(80));
  h_expect(h, "");
}

H_TEST_WITH(relax_steps, setup) {
  static const acdr_skill en85[] = {{"en", 85}};
  static const acdr_skill en95[] = {{"en", 95}};
  contact(h, "c1", en85, 1, S(10));
  h_expect(h, "OFFER c1 s3\n");
  /* en >= 95: nobody; at 30 s of wait the minimum is 40: s2 and s4 (80)
   * and s1 (50) qualify; s2 and s4 tie at 80: s2 idle longer */
  contact(h, "c2", en95, 1, S(20));
  h_expect(h, "");
  h_advance(h, S(49));
  h_expect(h, "");
  h_advance(h, S(50));
  h_expect(h, "OFFER c2 s2\n");
  /* c3 en >= 95 at 51 s: after 30 s: s4 (80) beats s1 (50) */
  contact(h, "c3", en95, 1, S(51));
  h_advance(h, S(81));
  h_expect(h, "OFFER c3 s4\n");
  /* c4 at 82 s: after 30 s: s1 (50 >= 40) */
  contact(h, "c4", en95, 1, S(82));
  h_advance(h, S(112));
  h_expect(h, "OFFER c4 s1\n");
  /* a contact without requirements: longest idle (nobody free now) */
  h_arrive(h, "c5", "q", S(113));
  h_expect(h, "");
  h_accept(h, "c1", "s3", S(114));
  h_hangup(h, "c1", S(115));
  h_expect(h, "CONNECTED c1 s3\nWRAPUP c1 s3\nENDED c1 completed\n"
               "OFFER c5 s3\n");
}

H_TEST(settings) {
  acdr_queue_def d;
  acdr_kv bad[] = {{"relax", "30:3,20:0"}, {"relax", "30"},
                   {"relax", "30:101"},    {"relax", "30:3,"},
                   {"level", "3"}};
  size_t i;
  acdr_queue_def_default(&d);
  d.id = "q";
  d.strategy = "skills";
  d.nparams = 1;
  for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    d.params = bad + i;
    assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_STRATEGY);
    assert_non_null(strstr(acdr_engine_last_error(h->e), bad[i].key));
  }
}

H_MAIN(T(best_match_and_relax), T(relax_steps), T(settings))
