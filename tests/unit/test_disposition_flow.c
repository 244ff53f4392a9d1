/* SPDX-License-Identifier: MIT */
/* Setting dispositions: required dispositions holding the agent in
 * wrap-up, several codes on one contact, automatic codes, corrections with
 * the change log, statistics, and bad input. */
#include "dispo.h"

#include <string.h>

#include <stdio.h>

/* One agent a1 on queue q (require_disposition, 5 s wrap-up); c1 talks
 * from 3 s to 63 s.  Returns with c1 in wrap-up. */
static void setup(harness *h) {
  h_init(h, NULL);
  h_agent(h, "a1");
  dq(h, "q", 1, 5000);
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(1));
  darrive(h, "c1", "q", "cust1", NULL, S(2));
  h_accept(h, "c1", "a1", S(3));
  h_hangup(h, "c1", S(63));
  h_expect(h, "OFFER c1 a1\nCONNECTED c1 a1\nWRAPUP c1 a1\n");
}

H_TEST_WITH(required_disposition_blocks_availability, setup) {
  acdr_agent_info ai;
  acdr_dispo_record rec;
  /* the 5 s wrap-up passes, but without a code the agent stays in it */
  h_advance(h, S(70));
  assert_int_equal(acdr_agent_get_info(h->e, "a1", &ai), 0);
  assert_int_equal(ai.activity, ACDR_ACTIVITY_WRAPUP);
  h_arrive(h, "c2", "q", S(71));
  h_expect(h, ""); /* nobody free */
  assert_int_equal(acdr_contact_wrapup_done(h->e, "c1", S(72)),
                   ACDR_ERR_DISPOSITION_REQUIRED);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "c1"));
  h_check(h);
  /* the code ends the overdue wrap-up at once; a1 takes c2 */
  dset(h, "c1", "deal-closed", NULL, 0, S(73));
  h_expect(h, "ENDED c1 completed\nOFFER c2 a1\n");
  assert_int_equal(acdr_dispo_get(h->e, "c1", &rec), 0);
  assert_int_equal(rec.closed, 1);
  assert_string_equal(rec.primary, "deal-closed");
  assert_int_equal(rec.duration_ms, 60000);
  assert_string_equal(rec.agent_id, "a1");
  assert_string_equal(rec.customer_id, "cust1");
  assert_int_equal(rec.closed_at, S(73));
}

/* Set during the wrap-up time: the wrap-up ends when its timer does. */
H_TEST_WITH(several_codes_on_one_contact, setup) {
  acdr_dispo_record rec;
  const char *tags[] = {"follow-up-required", "callback-requested"};
  const char *dup[] = {"busy", "busy"};
  const char *self[] = {"interested"};
  const char *unknown[] = {"nope"};
  assert_int_equal(acdr_dispo_set(h->e, "c1", "interested", dup, 2, S(64)),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_dispo_set(h->e, "c1", "interested", self, 1, S(64)),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_dispo_set(h->e, "c1", "interested", unknown, 1, S(64)),
                   ACDR_ERR_UNKNOWN_CODE);
  assert_int_equal(acdr_dispo_set(h->e, "c1", NULL, NULL, 0, S(64)),
                   ACDR_ERR_INVALID_ARGUMENT);
  dset(h, "c1", "busy", NULL, 0, S(64));
  /* a later set in the same wrap-up replaces the earlier one */
  dset(h, "c1", "interested", tags, 2, S(65));
  h_expect(h, "");
  assert_int_equal(acdr_dispo_get(h->e, "c1", &rec), 0);
  assert_int_equal(rec.closed, 0);
  assert_string_equal(rec.primary, "interested");
  assert_int_equal(rec.ntags, 2);
  assert_string_equal(rec.tags[1], "callback-requested");
  assert_true(rec.all_attrs & ACDR_DISPO_CALLBACK);
  assert_false(rec.attrs & ACDR_DISPO_CALLBACK);
  /* a failed set leaves the codes alone */
  assert_int_equal(acdr_dispo_set(h->e, "c1", "nope", NULL, 0, S(66)),
                   ACDR_ERR_UNKNOWN_CODE);
  assert_int_equal(acdr_dispo_get(h->e, "c1", &rec), 0);
  assert_string_equal(rec.primary, "interested");
  h_advance(h, S(68));
  h_expect(h, "ENDED c1 completed\n");
  assert_int_equal(acdr_dispo_get(h->e, "c1", &rec), 0);
  assert_int_equal(rec.closed, 1);
  assert_int_equal(rec.ntags, 2);
  assert_string_equal(rec.tags[0], "follow-up-required");
  /* closed: set refuses, correct is the way */
  assert_int_equal(acdr_dispo_set(h->e, "c1", "busy", NULL, 0, S(69)),
                   ACDR_ERR_INVALID_STATE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "closed"));
}

H_TEST_WITH(bad_states, setup) {
  h_arrive(h, "c2", "q", S(64)); /* waiting: a1 is in wrap-up */
  assert_int_equal(acdr_dispo_set(h->e, "c2", "busy", NULL, 0, S(65)),
                   ACDR_ERR_INVALID_STATE);
  assert_int_equal(acdr_dispo_set(h->e, "zz", "busy", NULL, 0, S(65)),
                   ACDR_ERR_CONTACT_NOT_FOUND);
  assert_int_equal(acdr_dispo_set(h->e, NULL, "busy", NULL, 0, S(65)),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_dispo_set(NULL, "c1", "busy", NULL, 0, S(65)),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_dispo_set(h->e, "c1", "busy", NULL, 0, S(1)),
                   ACDR_ERR_TIME_BACKWARDS);
  assert_int_equal(acdr_dispo_correct(h->e, "c1", "busy", NULL, 0, S(65)),
                   ACDR_ERR_INVALID_STATE); /* still live */
  assert_int_equal(acdr_dispo_correct(h->e, "zz", "busy", NULL, 0, S(65)),
                   ACDR_ERR_NOT_FOUND);
  h_check(h);
  h_expect(h, "");
}

H_TEST(automatic_codes) {
  acdr_dispo_record rec;
  h_queue(h, "q", NULL);
  h_arrive(h, "c1", "q", S(1));
  h_hangup(h, "c1", S(9));
  h_expect(h, "ENDED c1 abandoned\n");
  assert_int_equal(acdr_dispo_get(h->e, "c1", &rec), 0);
  assert_string_equal(rec.primary, "abandoned");
  assert_int_equal(rec.end_reason, ACDR_END_ABANDONED);
  assert_null(rec.agent_id);
  /* the host can still say what really happened */
  assert_int_equal(acdr_dispo_correct(h->e, "c1", "dropped", NULL, 0, S(10)),
                   0);
  assert_int_equal(acdr_dispo_get(h->e, "c1", &rec), 0);
  assert_string_equal(rec.primary, "dropped");
  assert_int_equal(rec.corrections, 1);
}

H_TEST_WITH(corrections_and_statistics, setup) {
  acdr_dispo_stats st;
  acdr_dispo_change ch;
  acdr_dispo_record rec;
  const char *tags[] = {"follow-up-required", "callback-requested"};
  dset(h, "c1", "deal-closed", NULL, 0, S(64));
  h_advance(h, S(68)); /* c1 closes: deal, 60 s */
  darrive(h, "c2", "q", "cust2", NULL, S(70));
  h_accept(h, "c2", "a1", S(71));
  h_hangup(h, "c2", S(72)); /* 1 s */
  dset(h, "c2", "interested", tags, 2, S(72));
  h_advance(h, S(77));
  h_arrive(h, "c3", "q", S(80));
  h_hangup(h, "c3", S(81)); /* abandoned, no agent */
  h_take(h);

  assert_int_equal(acdr_dispo_stats_get(h->e, NULL, NULL, "deal-closed", &st),
                   0);
  assert_int_equal(st.contacts, 3);
  assert_int_equal(st.code_total, 1);
  assert_true(st.code_share > 0.333 && st.code_share < 0.334);
  assert_int_equal(st.contact_made, 2); /* c1, c2 */
  assert_int_equal(st.success, 1);
  assert_int_equal(st.resolved, 1);
  assert_int_equal(acdr_dispo_stats_get(h->e, "q", NULL, NULL, &st), 0);
  assert_int_equal(st.contacts, 3);
  assert_int_equal(acdr_dispo_stats_get(h->e, NULL, "a1", "callback-requested",
                                        &st),
                   0);
  assert_int_equal(st.contacts, 2); /* c3 had no agent */
  assert_int_equal(st.code_total, 1);
  assert_int_equal(st.code_primary, 0);
  assert_true(st.success_rate > 0.49 && st.success_rate < 0.51);
  assert_int_equal(acdr_dispo_stats_get(h->e, "q", "a1", NULL, &st),
                   ACDR_ERR_INVALID_ARGUMENT);

  /* correcting c2 moves its counts and is logged */
  assert_int_equal(acdr_dispo_correct(h->e, "c2", "deal-closed", NULL, 0,
                                      S(90)),
                   ACDR_ERR_CODE_NOT_ALLOWED); /* a 1 s call */
  assert_int_equal(acdr_dispo_change_count(h->e), 0);
  assert_int_equal(acdr_dispo_correct(h->e, "c2", "not-interested", NULL, 0,
                                      S(90)),
                   0);
  h_check(h);
  assert_int_equal(acdr_dispo_change_count(h->e), 1);
  assert_int_equal(acdr_dispo_change_at(h->e, 0, &ch), 0);
  assert_string_equal(ch.contact_id, "c2");
  assert_string_equal(ch.old_codes,
                      "interested follow-up-required callback-requested");
  assert_string_equal(ch.new_codes, "not-interested");
  assert_int_equal(ch.time, S(90));
  assert_int_equal(acdr_dispo_change_at(h->e, 1, &ch), ACDR_ERR_RANGE);
  assert_int_equal(acdr_dispo_stats_get(h->e, NULL, NULL, "interested", &st),
                   0);
  assert_int_equal(st.contacts, 3);
  assert_int_equal(st.code_total, 0);
  assert_int_equal(st.resolved, 2); /* deal-closed, not-interested */
  assert_int_equal(acdr_dispo_get(h->e, "c2", &rec), 0);
  assert_string_equal(rec.primary, "not-interested");
  assert_int_equal(rec.ntags, 0);

  /* a new period starts from zero; older contacts are not uncounted */
  assert_int_equal(acdr_dispo_stats_reset(h->e), 0);
  assert_int_equal(acdr_dispo_correct(h->e, "c1", "interested", NULL, 0,
                                      S(91)),
                   0);
  assert_int_equal(acdr_dispo_stats_get(h->e, NULL, NULL, NULL, &st), 0);
  assert_int_equal(st.contacts, 1);
  assert_int_equal(st.success, 0);
}

H_TEST(bounded_history) {
  acdr_dispo_record rec;
  acdr_dispo_change ch;
  char id[16];
  int i;
  h_queue(h, "q", NULL);
  assert_int_equal(acdr_dispo_set_limits(h->e, 3, 2), 0);
  for (i = 0; i < 5; i++) {
    snprintf(id, sizeof(id), "c%d", i);
    h_arrive(h, id, "q", S(i + 1));
    h_hangup(h, id, S(i + 1));
  }
  assert_int_equal(acdr_dispo_get(h->e, "c1", &rec),
                   ACDR_ERR_CONTACT_NOT_FOUND);
  assert_int_equal(acdr_dispo_get(h->e, "c2", &rec), 0);
  assert_int_equal(acdr_dispo_correct(h->e, "c1", "busy", NULL, 0, S(9)),
                   ACDR_ERR_NOT_FOUND);
  assert_int_equal(acdr_dispo_correct(h->e, "c2", "busy", NULL, 0, S(9)), 0);
  assert_int_equal(acdr_dispo_correct(h->e, "c3", "busy", NULL, 0, S(9)), 0);
  assert_int_equal(acdr_dispo_correct(h->e, "c4", "busy", NULL, 0, S(9)), 0);
  assert_int_equal(acdr_dispo_change_count(h->e), 2);
  assert_int_equal(acdr_dispo_change_at(h->e, 0, &ch), 0);
  assert_string_equal(ch.contact_id, "c3");
  assert_string_equal(ch.old_codes, "abandoned");
  assert_int_equal(acdr_dispo_set_limits(h->e, 1, 1), 0);
  assert_int_equal(acdr_dispo_get(h->e, "c3", &rec),
                   ACDR_ERR_CONTACT_NOT_FOUND);
  assert_int_equal(acdr_dispo_get(h->e, "c4", &rec), 0);
  assert_int_equal(acdr_dispo_change_count(h->e), 1);
  assert_int_equal(acdr_dispo_change_at(h->e, 0, &ch), 0);
  assert_string_equal(ch.contact_id, "c4");
  /* a contact id used again replaces the older record */
  h_arrive(h, "c4", "q", S(10));
  h_hangup(h, "c4", S(11));
  assert_int_equal(acdr_dispo_get(h->e, "c4", &rec), 0);
  assert_int_equal(rec.closed_at, S(11));
  assert_int_equal(rec.corrections, 0);
}

H_MAIN(T(required_disposition_blocks_availability),
       T(several_codes_on_one_contact), T(bad_states), T(automatic_codes),
       T(corrections_and_statistics), T(bounded_history))
