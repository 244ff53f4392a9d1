/* SPDX-License-Identifier: MIT */
/* Records share one copy of their codes and queue ids (interned strings,
 * kept for memory): a record and the statistics keep their strings after
 * the code, the queue and the agent are gone, and a correction moves the
 * counts from the old code to the new one. */
#include "dispo.h"

#include <stdio.h>
#include <string.h>

static void closed_c1(harness *h) {
  h_init(h, NULL);
  h_agent(h, "a1");
  dq(h, "q", 1, 5000);
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(1));
  darrive(h, "c1", "q", "cust1", NULL, S(2));
  h_accept(h, "c1", "a1", S(3));
  h_hangup(h, "c1", S(63));
  dset(h, "c1", "deal-closed", NULL, 0, S(64));
  h_advance(h, S(70));
  (void)h_take(h);
}

static uint64_t code_total(harness *h, const char *agent, const char *code) {
  acdr_dispo_stats st;
  CALL(h, acdr_dispo_stats_get(h->e, NULL, agent, code, &st));
  return st.code_total;
}

H_TEST_WITH(records_keep_strings_of_removed_objects, closed_c1) {
  acdr_dispo_record rec;
  CALL(h, acdr_agent_logout(h->e, "a1", S(80)));
  CALL(h, acdr_agent_remove(h->e, "a1"));
  CALL(h, acdr_queue_remove(h->e, "q", 0, S(81)));
  CALL(h, acdr_dispo_code_remove(h->e, "deal-closed"));
  (void)h_take(h);
  CALL(h, acdr_dispo_get(h->e, "c1", &rec));
  assert_int_equal(rec.closed, 1);
  assert_string_equal(rec.primary, "deal-closed");
  assert_string_equal(rec.queue_id, "q");
  assert_string_equal(rec.agent_id, "a1");
  assert_string_equal(rec.customer_id, "cust1");
  assert_int_equal(code_total(h, "a1", "deal-closed"), 1);
  /* a correction re-counts under the new code */
  CALL(h, acdr_dispo_correct(h->e, "c1", "not-interested", NULL, 0, S(90)));
  CALL(h, acdr_dispo_get(h->e, "c1", &rec));
  assert_string_equal(rec.primary, "not-interested");
  assert_string_equal(rec.agent_id, "a1");
  assert_int_equal(code_total(h, "a1", "deal-closed"), 0);
  assert_int_equal(code_total(h, "a1", "not-interested"), 1);
  assert_int_equal(acdr_dispo_change_count(h->e), 1);
}

/* Many records, one code: each one still reads its own ids. */
H_TEST_WITH(shared_code_many_records, closed_c1) {
  acdr_dispo_record rec;
  char id[16];
  int i;
  for (i = 2; i < 12; i++) {
    snprintf(id, sizeof(id), "c%d", i);
    darrive(h, id, "q", "cust2", NULL, S(100 * i));
    h_accept(h, id, "a1", S(100 * i + 1));
    h_hangup(h, id, S(100 * i + 30));
    dset(h, id, "deal-closed", NULL, 0, S(100 * i + 31));
    h_advance(h, S(100 * i + 40));
    (void)h_take(h);
  }
  CALL(h, acdr_dispo_set_limits(h->e, 5, 10));
  assert_int_equal(acdr_dispo_get(h->e, "c6", &rec),
                   ACDR_ERR_CONTACT_NOT_FOUND);
  for (i = 7; i < 12; i++) {
    snprintf(id, sizeof(id), "c%d", i);
    CALL(h, acdr_dispo_get(h->e, id, &rec));
    assert_string_equal(rec.primary, "deal-closed");
    assert_string_equal(rec.queue_id, "q");
    assert_string_equal(rec.agent_id, "a1");
  }
  assert_int_equal(code_total(h, "a1", "deal-closed"), 11);
}

H_MAIN(T(records_keep_strings_of_removed_objects), T(shared_code_many_records))
