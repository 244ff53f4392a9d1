/* SPDX-License-Identifier: MIT */
/* The catalog: the built-in codes, custom catalogs, and the queue and
 * duration limits of a code. */
#include "dispo.h"

#include <string.h>

static const char *const common[14] = {
    "no-answer",      "busy",        "abandoned",         "dropped",
    "callback-requested", "voicemail-left", "interested", "not-interested",
    "demo-booked",    "meeting-scheduled", "deal-closed", "follow-up-required",
    "do-not-contact", "wrong-number"};

H_TEST(default_catalog) {
  acdr_dispo_code c;
  size_t i;
  assert_int_equal(acdr_dispo_code_count(h->e), 14);
  for (i = 0; i < 14; i++) {
    assert_int_equal(acdr_dispo_code_at(h->e, i, &c), 0);
    assert_string_equal(c.id, common[i]);
    assert_non_null(c.label);
  }
  assert_int_equal(acdr_dispo_code_at(h->e, 14, &c), ACDR_ERR_RANGE);
  assert_int_equal(acdr_dispo_code_get(h->e, "do-not-contact", &c), 0);
  assert_true(c.attrs & ACDR_DISPO_DNC);
  assert_true(c.attrs & ACDR_DISPO_FINAL);
  assert_int_equal(acdr_dispo_code_get(h->e, "deal-closed", &c), 0);
  assert_int_equal(c.attrs & ACDR_DISPO_SUCCESS, ACDR_DISPO_SUCCESS);
  assert_int_equal(c.min_duration_ms, 10000);
  assert_int_equal(acdr_dispo_code_get(h->e, "wrong-number", &c), 0);
  assert_true(c.attrs & ACDR_DISPO_UNWORKABLE);
  assert_false(c.attrs & ACDR_DISPO_CONTACT_MADE);
  assert_int_equal(acdr_dispo_code_get(h->e, "no-answer", &c), 0);
  assert_false(c.attrs & ACDR_DISPO_FINAL); /* retry */
  assert_int_equal(acdr_dispo_code_get(h->e, "abandoned", &c), 0);
  assert_int_equal(c.auto_end_reason, ACDR_END_ABANDONED);
  assert_int_equal(acdr_dispo_code_get(h->e, "nope", &c),
                   ACDR_ERR_UNKNOWN_CODE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "nope"));
}

H_TEST(custom_catalog) {
  acdr_dispo_code codes[3], c;
  const char *sales[] = {"sales"};
  acdr_dispo_rule r;
  acdr_dispo_code_default(&codes[0]);
  codes[0].id = "sale";
  codes[0].label = "Sale";
  codes[0].attrs = ACDR_DISPO_CONTACT_MADE | ACDR_DISPO_SUCCESS |
                   ACDR_DISPO_FINAL | ACDR_DISPO_RESOLVED;
  codes[0].queues = sales;
  codes[0].nqueues = 1;
  codes[0].min_duration_ms = 30000;
  acdr_dispo_code_default(&codes[1]);
  codes[1].id = "no-sale";
  codes[1].attrs = ACDR_DISPO_CONTACT_MADE | ACDR_DISPO_FINAL;
  acdr_dispo_code_default(&codes[2]);
  codes[2].id = "sale"; /* duplicate */
  assert_int_equal(acdr_dispo_catalog_set(h->e, codes, 3),
                   ACDR_ERR_DUPLICATE_ID);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "catalog[2]"));
  assert_int_equal(acdr_dispo_code_count(h->e), 14); /* unchanged */
  assert_int_equal(acdr_dispo_catalog_set(h->e, codes, 2), 0);
  assert_int_equal(acdr_dispo_code_count(h->e), 2);
  assert_int_equal(acdr_dispo_code_get(h->e, "deal-closed", &c),
                   ACDR_ERR_UNKNOWN_CODE);
  assert_int_equal(acdr_dispo_code_get(h->e, "sale", &c), 0);
  assert_string_equal(c.label, "Sale");
  assert_int_equal(c.nqueues, 1);
  assert_string_equal(c.queues[0], "sales");
  /* add, duplicates, bad ids, update, remove */
  acdr_dispo_code_default(&c);
  c.id = "no-sale";
  assert_int_equal(acdr_dispo_code_add(h->e, &c), ACDR_ERR_DUPLICATE_ID);
  c.id = "has space";
  assert_int_equal(acdr_dispo_code_add(h->e, &c), ACDR_ERR_INVALID_ARGUMENT);
  c.id = "x";
  c.attrs = 0x100;
  assert_int_equal(acdr_dispo_code_add(h->e, &c), ACDR_ERR_INVALID_ARGUMENT);
  c.attrs = 0;
  c.min_duration_ms = 5000;
  c.max_duration_ms = 1000;
  assert_int_equal(acdr_dispo_code_add(h->e, &c), ACDR_ERR_INVALID_ARGUMENT);
  c.max_duration_ms = 0;
  assert_int_equal(acdr_dispo_code_add(h->e, &c), 0);
  assert_int_equal(acdr_dispo_code_count(h->e), 3);
  c.label = "Renamed";
  assert_int_equal(acdr_dispo_code_update(h->e, &c), 0);
  assert_int_equal(acdr_dispo_code_at(h->e, 2, &c), 0);
  assert_string_equal(c.label, "Renamed");
  c.id = "ghost";
  assert_int_equal(acdr_dispo_code_update(h->e, &c), ACDR_ERR_UNKNOWN_CODE);
  /* a code with a rule can be neither removed nor dropped by a new set */
  acdr_dispo_rule_default(&r);
  r.id = "r1";
  r.code = "no-sale";
  r.action = ACDR_FOLLOWUP_LIST;
  r.argument = "lost";
  assert_int_equal(acdr_dispo_rule_add(h->e, &r), 0);
  assert_int_equal(acdr_dispo_code_remove(h->e, "no-sale"), ACDR_ERR_IN_USE);
  assert_int_equal(acdr_dispo_catalog_set(h->e, codes, 1), ACDR_ERR_IN_USE);
  assert_int_equal(acdr_dispo_catalog_reset(h->e), ACDR_ERR_IN_USE);
  assert_int_equal(acdr_dispo_code_count(h->e), 3);
  assert_int_equal(acdr_dispo_code_remove(h->e, "x"), 0);
  assert_int_equal(acdr_dispo_code_remove(h->e, "x"), ACDR_ERR_UNKNOWN_CODE);
  assert_int_equal(acdr_dispo_rule_remove(h->e, "r1"), 0);
  assert_int_equal(acdr_dispo_catalog_reset(h->e), 0);
  assert_int_equal(acdr_dispo_code_count(h->e), 14);
  assert_int_equal(acdr_dispo_code_add(NULL, &c), ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_dispo_code_add(h->e, NULL), ACDR_ERR_INVALID_ARGUMENT);
}

/* A "sale" only on the sales queue and only after 30 s of conversation. */
H_TEST(queue_and_duration_limits) {
  acdr_dispo_code c;
  const char *sales[] = {"sales"};
  acdr_dispo_record rec;
  acdr_dispo_code_default(&c);
  c.id = "sale";
  c.attrs = ACDR_DISPO_SUCCESS;
  c.queues = sales;
  c.nqueues = 1;
  c.min_duration_ms = 30000;
  assert_int_equal(acdr_dispo_code_add(h->e, &c), 0);
  h_agents(h, "a1 a2");
  dq(h, "sales", 1, 0);
  dq(h, "support", 1, 0);
  h_member(h, "sales", "a1", 0, 0, 0);
  h_member(h, "support", "a2", 0, 0, 0);
  h_logins(h, "a1:1 a2:1");
  h_arrive(h, "c1", "sales", S(2));
  h_arrive(h, "c2", "support", S(2));
  h_accept(h, "c1", "a1", S(3));
  h_accept(h, "c2", "a2", S(3));
  h_hangup(h, "c1", S(5)); /* 2 s call */
  h_hangup(h, "c2", S(60));
  h_take(h);
  assert_int_equal(acdr_dispo_set(h->e, "c1", "sale", NULL, 0, S(61)),
                   ACDR_ERR_CODE_NOT_ALLOWED);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "2000 ms"));
  assert_int_equal(acdr_dispo_set(h->e, "c2", "sale", NULL, 0, S(61)),
                   ACDR_ERR_CODE_NOT_ALLOWED);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "support"));
  /* a tag is checked like the primary */
  {
    const char *tags[] = {"sale"};
    assert_int_equal(
        acdr_dispo_set(h->e, "c1", "interested", tags, 1, S(61)),
        ACDR_ERR_CODE_NOT_ALLOWED);
  }
  h_expect(h, "");
  assert_int_equal(acdr_dispo_get(h->e, "c1", &rec), 0);
  assert_null(rec.primary); /* nothing changed */
  dset(h, "c1", "not-interested", NULL, 0, S(62));
  h_expect(h, "ENDED c1 completed\n");
  /* 59 s on the sales queue would have been a sale: c2 is on support */
  dset(h, "c2", "interested", NULL, 0, S(62));
  h_expect(h, "ENDED c2 completed\n");
}

/* An empty catalog: nothing to set, and no automatic code on abandon. */
H_TEST(empty_catalog) {
  acdr_dispo_record rec;
  assert_int_equal(acdr_dispo_catalog_set(h->e, NULL, 0), 0);
  assert_int_equal(acdr_dispo_code_count(h->e), 0);
  h_queue(h, "q", NULL);
  h_arrive(h, "c1", "q", S(1));
  h_hangup(h, "c1", S(2));
  h_expect(h, "ENDED c1 abandoned\n");
  assert_int_equal(acdr_dispo_get(h->e, "c1", &rec), 0);
  assert_int_equal(rec.closed, 1);
  assert_null(rec.primary);
  assert_int_equal(acdr_dispo_catalog_reset(h->e), 0);
  h_arrive(h, "c2", "q", S(3));
  h_hangup(h, "c2", S(4));
  assert_int_equal(acdr_dispo_get(h->e, "c2", &rec), 0);
  assert_string_equal(rec.primary, "abandoned");
}

H_MAIN(T(default_catalog), T(custom_catalog), T(queue_and_duration_limits),
       T(empty_catalog))
