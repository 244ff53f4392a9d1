/* SPDX-License-Identifier: MIT */
/* The do-not-contact list: add / remove / check / count, expiry, the
 * later expiry winning, bad input, and a million entries. */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#define DAY_MS 86400000LL
#define DAY ((acdr_tstamp)DAY_MS * ACDR_MILLISECONDS)

static int32_t contactable(harness *h, const char *key, acdr_tstamp now,
                           acdr_tstamp *until) {
  int32_t ok = -1;
  assert_int_equal(acdr_dnc_check(h->e, key, now, &ok, until), 0);
  return ok;
}

static uint64_t count(harness *h, acdr_tstamp now) {
  uint64_t n = 0;
  assert_int_equal(acdr_dnc_count(h->e, now, &n), 0);
  return n;
}

H_TEST(expiry) {
  acdr_tstamp until = 0;
  assert_int_equal(contactable(h, "tel:+15550100", S(0), &until), 1);
  assert_int_equal(until, 0);
  assert_int_equal(acdr_dnc_add(h->e, "tel:+15550100", DAY_MS, S(10)), 0);
  assert_int_equal(acdr_dnc_add(h->e, "cust-7", 0, S(10)), 0); /* no expiry */
  assert_int_equal(count(h, S(10)), 2);
  assert_int_equal(contactable(h, "tel:+15550100", S(11), &until), 0);
  assert_int_equal(until, S(10) + DAY);
  assert_int_equal(contactable(h, "tel:+15550100", S(10) + DAY - 1, NULL), 0);
  assert_int_equal(count(h, S(10) + DAY - 1), 2);
  /* expired at exactly its time */
  assert_int_equal(count(h, S(10) + DAY), 1);
  assert_int_equal(contactable(h, "tel:+15550100", S(10) + DAY, NULL), 1);
  assert_int_equal(contactable(h, "cust-7", S(10) + 3650 * DAY, &until), 0);
  assert_int_equal(until, ACDR_TSTAMP_MAX);
  assert_int_equal(acdr_dnc_remove(h->e, "cust-7"), 0);
  assert_int_equal(acdr_dnc_remove(h->e, "cust-7"), ACDR_ERR_NOT_FOUND);
  assert_int_equal(count(h, S(10) + 3650 * DAY), 0);
}

H_TEST(later_expiry_wins) {
  acdr_tstamp until = 0;
  assert_int_equal(acdr_dnc_add(h->e, "k", 10000, S(0)), 0);
  assert_int_equal(acdr_dnc_add(h->e, "k", 5000, S(1)), 0);
  assert_int_equal(contactable(h, "k", S(2), &until), 0);
  assert_int_equal(until, S(10));
  assert_int_equal(acdr_dnc_add(h->e, "k", 20000, S(3)), 0);
  assert_int_equal(contactable(h, "k", S(4), &until), 0);
  assert_int_equal(until, S(23));
  assert_int_equal(acdr_dnc_add(h->e, "k", 0, S(5)), 0);
  assert_int_equal(contactable(h, "k", S(30), &until), 0);
  assert_int_equal(until, ACDR_TSTAMP_MAX);
  /* an expired entry added again starts afresh */
  assert_int_equal(acdr_dnc_add(h->e, "j", 1000, S(30)), 0);
  assert_int_equal(acdr_dnc_add(h->e, "j", 1000, S(40)), 0);
  assert_int_equal(contactable(h, "j", S(40), &until), 0);
  assert_int_equal(until, S(41));
  assert_int_equal(acdr_dnc_clear(h->e), 0);
  assert_int_equal(count(h, S(40)), 0);
  assert_int_equal(contactable(h, "k", S(40), NULL), 1);
}

H_TEST(bad_input) {
  int32_t ok;
  uint64_t n;
  assert_int_equal(acdr_dnc_add(h->e, NULL, 0, S(1)),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_dnc_add(h->e, "", 0, S(1)), ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_dnc_add(h->e, "k", -1, S(1)),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "\"k\""));
  assert_int_equal(acdr_dnc_add(NULL, "k", 0, S(1)), ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_dnc_add(h->e, "k", 0, S(5)), 0);
  assert_int_equal(acdr_dnc_add(h->e, "k2", 0, S(4)), ACDR_ERR_TIME_BACKWARDS);
  assert_int_equal(acdr_dnc_check(h->e, "k", S(4), &ok, NULL),
                   ACDR_ERR_TIME_BACKWARDS);
  assert_int_equal(acdr_dnc_check(h->e, "k", S(5), NULL, NULL),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_dnc_count(h->e, S(5), NULL), ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_dnc_remove(h->e, NULL), ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_dnc_count(h->e, S(5), &n), 0);
  assert_int_equal(n, 1); /* only the good add */
}

/* A million entries: half for an hour, half for good.  Functional, not
 * timed: every lookup is answered right. */
H_TEST(million) {
  char key[32];
  uint32_t i;
  for (i = 0; i < 1000000; i++) {
    snprintf(key, sizeof(key), "tel:+1%09u", i);
    assert_int_equal(acdr_dnc_add(h->e, key, i % 2 ? 0 : 3600000, S(1)), 0);
  }
  assert_int_equal(count(h, S(1)), 1000000);
  for (i = 0; i < 1000000; i += 9973) {
    snprintf(key, sizeof(key), "tel:+1%09u", i);
    assert_int_equal(contactable(h, key, S(2), NULL), 0);
  }
  assert_int_equal(contactable(h, "tel:+1999999999", S(2), NULL), 1);
  /* an hour later the even half is gone */
  assert_int_equal(count(h, S(1) + S(3600)), 500000);
  for (i = 0; i < 1000; i++) {
    snprintf(key, sizeof(key), "tel:+1%09u", i * 997);
    assert_int_equal(contactable(h, key, S(1) + S(3600), NULL), (i * 997) % 2 == 0);
  }
  for (i = 1; i < 1000000; i += 2) {
    snprintf(key, sizeof(key), "tel:+1%09u", i);
    assert_int_equal(acdr_dnc_remove(h->e, key), 0);
  }
  assert_int_equal(count(h, S(1) + S(3600)), 0);
}

H_MAIN(T(expiry), T(later_expiry_wins), T(bad_input), T(million))
