/* SPDX-License-Identifier: MIT */
/* Core loop: arrive, offer, accept, hang up, wrap-up; longest idle. */
#include "harness.h"

#include <string.h>

H_TEST(basic_flow) {
  h_team(h, "q", NULL, "a1 a2", "a1:0:0 a2:0:1", NULL);
  h_login(h, "a2", S(1)); /* a2 idle since 1 s */
  h_login(h, "a1", S(2)); /* a1 idle since 2 s */
  h_expect(h, "");
  h_arrive(h, "c1", "q", S(3));
  h_expect(h, "OFFER c1 a2\n"); /* longest idle */
  h_arrive(h, "c2", "q", S(4));
  h_expect(h, "OFFER c2 a1\n");
  h_arrive(h, "c3", "q", S(5));
  h_expect(h, "");
  h_accept(h, "c1", "a2", S(6));
  h_expect(h, "CONNECTED c1 a2\n");
  h_hangup(h, "c1", S(10));
  /* no wrap-up time: the contact ends and a2 takes c3 */
  h_expect(h, "WRAPUP c1 a2\nENDED c1 completed\nOFFER c3 a2\n");
}

H_TEST(ring_timeout_goes_to_next) {
  acdr_agent_info info;
  h_team(h, "q", NULL, "a1 a2", "a1:0:0 a2:0:1", "a1:1 a2:2");
  h_arrive(h, "c1", "q", S(3));
  h_expect(h, "OFFER c1 a1\n");
  assert_int_equal(acdr_engine_get_expiry(h->e), S(3) + S(15));
  h_advance(h, S(18));
  h_expect(h, "CANCEL c1 a1 no-answer\nOFFER c1 a2\n");
  assert_int_equal(acdr_agent_get_info(h->e, "a1", &info), 0);
  assert_int_equal(info.missed_in_row, 1);
}

H_TEST(bad_input) {
  h_agent(h, "a1");
  h_queue(h, "q", NULL);
  assert_int_equal(acdr_agent_login(h->e, "nobody", 0),
                   ACDR_ERR_AGENT_NOT_FOUND);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "nobody"));
  assert_int_equal(acdr_agent_login(NULL, "a1", 0), ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_agent_login(h->e, NULL, 0), ACDR_ERR_INVALID_ARGUMENT);
  h_login(h, "a1", S(5));
  assert_int_equal(acdr_agent_login(h->e, "a1", S(5)), ACDR_ERR_INVALID_STATE);
  assert_int_equal(acdr_agent_logout(h->e, "a1", S(4)),
                   ACDR_ERR_TIME_BACKWARDS);
  assert_int_equal(acdr_contact_accept(h->e, "zz", "a1", S(6)),
                   ACDR_ERR_CONTACT_NOT_FOUND);
  h_check(h);
}

H_MAIN(T(basic_flow), T(ring_timeout_goes_to_next), T(bad_input))
