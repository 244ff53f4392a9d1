/* SPDX-License-Identifier: MIT */
/* Business hours: civil-date arithmetic, weekly schedule, holidays, UTC
 * offset and the local_time callback, the closed action and closing
 * time. */
#include "recorder.h"

#include <stdlib.h>
#include <string.h>

#include "policies/policy_int.h"
#include "util/civil.h"

/* host time 0 = Monday 2024-01-01 00:00 UTC */
#define MONDAY_2024 1704067200LL
#define H(day, hour, min)                                                    \
  S((int64_t)(day) * 86400 + (int64_t)(hour) * 3600 + (int64_t)(min) * 60)

static void start(harness *h, int64_t unix0) {
  acdr_options o;
  acdr_options_default(&o);
  o.unix_time_at_zero = unix0;
  rec_start(h, &o, 1024);
}

static void monday(harness *h) { start(h, MONDAY_2024); }


static const acdr_interval nine_to_five[] = {{540, 1020}};

static void office_hours(acdr_hours *hr) {
  int d;
  acdr_hours_default(hr);
  for (d = ACDR_MONDAY; d <= ACDR_FRIDAY; d++) {
    hr->week[d].intervals = nine_to_five;
    hr->week[d].nintervals = 1;
  }
  hr->closed_text = "Mon-Fri 9:00-17:00";
}

static void set_hours(harness *h, const char *q, const acdr_hours *hr) {
  int rv = acdr_queue_set_hours(h->e, q, hr);
  if (rv) print_error("set_hours: %s\n", acdr_engine_last_error(h->e));
  assert_int_equal(rv, 0);
  h_check(h);
}

static void state_at(harness *h, const char *q, acdr_tstamp t, int32_t open,
                     acdr_tstamp next) {
  int32_t o = -1;
  acdr_tstamp n = 0;
  assert_int_equal(acdr_queue_hours_state(h->e, q, t, &o, &n), 0);
  assert_int_equal(o, open);
  assert_int_equal(n, next);
}

static void civil_arithmetic(void **state) {
  (void)state;
  /* reference values from Python's datetime.date */
  assert_int_equal(acdr_days_from_civil(1970, 1, 1), 0);
  assert_int_equal(acdr_days_from_civil(1969, 12, 31), -1);
  assert_int_equal(acdr_days_from_civil(2000, 3, 1), 11017);
  assert_int_equal(acdr_days_from_civil(2024, 1, 1), 19723);
  assert_int_equal(acdr_days_from_civil(2024, 2, 29), 19782);
  assert_int_equal(acdr_days_from_civil(1, 1, 1), -719162);
  assert_int_equal(acdr_days_from_civil(9999, 12, 31), 2932896);
  assert_int_equal(acdr_weekday_of(19723), ACDR_MONDAY);
  assert_int_equal(acdr_weekday_of(19782), ACDR_THURSDAY);
  assert_int_equal(acdr_weekday_of(-1), ACDR_WEDNESDAY);
  assert_int_equal(acdr_weekday_of(-719162), ACDR_MONDAY);
  assert_int_equal(acdr_weekday_of(2932896), ACDR_FRIDAY);
}

H_TEST_WITH(weekly_schedule, monday) {
  acdr_hours hr;
  acdr_queue_info qi;
  h_queue(h, "q", NULL);
  state_at(h, "q", 0, 1, ACDR_TSTAMP_MAX); /* no hours: always open */
  office_hours(&hr);
  set_hours(h, "q", &hr);
  state_at(h, "q", H(0, 8, 0), 0, H(0, 9, 0));
  state_at(h, "q", H(0, 9, 0), 1, H(0, 17, 0));
  state_at(h, "q", H(0, 16, 59) + MS(500), 1, H(0, 17, 0));
  state_at(h, "q", H(4, 17, 0), 0, H(7, 9, 0)); /* Friday -> Monday */
  state_at(h, "q", H(5, 12, 0), 0, H(7, 9, 0));
  assert_int_equal(acdr_queue_get_info(h->e, "q", H(0, 8, 0), &qi), 0);
  assert_int_equal(qi.open, 0);

  h_arrive(h, "c1", "q", H(0, 8, 0));
  h_expect(h, "ENDED c1 rejected\n");
  assert_int_equal(recs[0].type, ACDR_ACTION_ANNOUNCE);
  assert_int_equal(recs[0].reason, ACDR_ANNOUNCE_CLOSED);
  assert_string_equal(recs[0].text, "Mon-Fri 9:00-17:00");
  h_arrive(h, "c2", "q", H(0, 9, 0));
  h_expect(h, "");
  h_hangup(h, "c2", H(0, 9, 1));
  /* without at_closing OVERFLOW there is no timer at all */
  assert_int_equal(acdr_engine_get_expiry(h->e), ACDR_TSTAMP_MAX);
  rec_conserved(h);
}

H_TEST_WITH(holidays_and_special_hours, monday) {
  acdr_hours hr;
  static const acdr_interval late[] = {{600, 720}};
  acdr_holiday hol[2];
  h_queue(h, "q", NULL);
  office_hours(&hr);
  memset(hol, 0, sizeof(hol));
  hol[0].date = "2024-01-03"; /* Wednesday: 10-12 only */
  hol[0].intervals = late;
  hol[0].nintervals = 1;
  hol[1].date = "2024-01-02"; /* Tuesday: closed (out of order on purpose) */
  hr.holidays = hol;
  hr.nholidays = 2;
  set_hours(h, "q", &hr);
  state_at(h, "q", H(0, 17, 0), 0, H(2, 10, 0));
  state_at(h, "q", H(1, 10, 0), 0, H(2, 10, 0));
  state_at(h, "q", H(2, 9, 30), 0, H(2, 10, 0));
  state_at(h, "q", H(2, 10, 0), 1, H(2, 12, 0));
  state_at(h, "q", H(2, 12, 0), 0, H(3, 9, 0));
  /* the holiday is a date, not a weekday: a week later it is normal */
  state_at(h, "q", H(8, 10, 0), 1, H(8, 17, 0));
}

static void utc_offset_and_negative_local_time(void **state) {
  harness h;
  acdr_hours hr;
  acdr_queue_def d;
  static const acdr_interval late_evening[] = {{1380, 1440}};
  (void)state;
  start(&h, MONDAY_2024);
  h_qdef(&d, "paris", NULL);
  d.utc_offset_s = 3600;
  assert_int_equal(acdr_queue_add(h.e, &d), 0);
  office_hours(&hr);
  set_hours(&h, "paris", &hr);
  state_at(&h, "paris", H(0, 7, 59), 0, H(0, 8, 0));
  state_at(&h, "paris", H(0, 8, 0), 1, H(0, 16, 0));
  h_free(&h);

  /* host 0 = 1970-01-01 00:00 UTC; at -1 h it is Wednesday 23:00 local */
  start(&h, 0);
  h_qdef(&d, "west", NULL);
  d.utc_offset_s = -3600;
  assert_int_equal(acdr_queue_add(h.e, &d), 0);
  acdr_hours_default(&hr);
  hr.week[ACDR_WEDNESDAY].intervals = late_evening;
  hr.week[ACDR_WEDNESDAY].nintervals = 1;
  set_hours(&h, "west", &hr);
  state_at(&h, "west", 0, 1, H(0, 1, 0));
  state_at(&h, "west", H(0, 1, 0), 0, H(7, 0, 0));
  h_free(&h);
}

H_TEST_WITH(night_shift_and_merged_intervals, monday) {
  acdr_hours hr;
  static const acdr_interval fri[] = {{1320, 1440}};
  static const acdr_interval sat[] = {{0, 120}};
  static const acdr_interval mon[] = {{580, 700}, {540, 600}};
  h_queue(h, "q", NULL);
  acdr_hours_default(&hr);
  hr.week[ACDR_FRIDAY].intervals = fri;
  hr.week[ACDR_FRIDAY].nintervals = 1;
  hr.week[ACDR_SATURDAY].intervals = sat;
  hr.week[ACDR_SATURDAY].nintervals = 1;
  hr.week[ACDR_MONDAY].intervals = mon;
  hr.week[ACDR_MONDAY].nintervals = 2;
  set_hours(h, "q", &hr);
  /* open across midnight: no closing at 24:00 */
  state_at(h, "q", H(4, 23, 59), 1, H(5, 2, 0));
  state_at(h, "q", H(5, 0, 0), 1, H(5, 2, 0));
  /* 9:00-10:00 and 9:40-11:40 are one interval */
  state_at(h, "q", H(0, 9, 0), 1, H(0, 11, 40));
  state_at(h, "q", H(0, 11, 40), 0, H(4, 22, 0));
}

/* ---- the closed action and closing time ---- */

H_TEST_WITH(closed_action_to_night_queue, monday) {
  acdr_hours hr;
  h_queue(h, "day", NULL);
  h_queue(h, "night", NULL);
  office_hours(&hr);
  hr.closed_kind = ACDR_OVERFLOW_QUEUE;
  hr.closed_target = "night";
  set_hours(h, "day", &hr);
  h_arrive(h, "c1", "day", H(0, 20, 0));
  h_expect(h, "OVERFLOW c1 1 night\nREQUEUED c1 night\n");
  assert_int_equal(recs[0].type, ACDR_ACTION_ANNOUNCE);
  assert_int_equal(recs[0].reason, ACDR_ANNOUNCE_CLOSED);
  assert_int_equal(recs[1].activity, ACDR_OVERFLOW_CAUSE_CLOSED);
  h_hangup(h, "c1", H(0, 20, 1));
  rec_conserved(h);
}

H_TEST_WITH(closing_time_overflows_waiting, monday) {
  acdr_hours hr;
  acdr_queue_def d;
  acdr_contact_info ci;
  h_qdef(&d, "q", NULL);
  d.ring_timeout_ms = 0; /* the only timer is the closing */
  assert_int_equal(acdr_queue_add(h->e, &d), 0);
  office_hours(&hr);
  hr.closed_kind = ACDR_OVERFLOW_VOICEMAIL;
  hr.closed_target = "vm";
  hr.at_closing = ACDR_AT_CLOSING_OVERFLOW;
  set_hours(h, "q", &hr);
  assert_int_equal(acdr_engine_get_expiry(h->e), H(0, 9, 0)); /* opening */
  h_advance(h, H(0, 16, 0)); /* opens at 9:00 */
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, H(0, 16, 0));
  h_login(h, "a1", H(0, 16, 0));
  h_arrive(h, "c1", "q", H(0, 16, 0));
  h_arrive(h, "c2", "q", H(0, 16, 1));
  h_arrive(h, "c3", "q", H(0, 16, 2));
  assert_int_equal(acdr_contact_request_callback(h->e, "c3", H(0, 16, 3)), 0);
  h_expect(h, "OFFER c1 a1\n");
  assert_int_equal(acdr_engine_get_expiry(h->e), H(0, 17, 0));
  nrecs = 0;
  h_advance(h, H(0, 17, 0));
  /* waiting caller: told and sent to voicemail; the ringing one and the
   * callback stay */
  h_expect(h, "OVERFLOW c2 2 vm\nENDED c2 overflowed\n");
  assert_int_equal(recs[0].type, ACDR_ACTION_ANNOUNCE);
  assert_int_equal(recs[0].reason, ACDR_ANNOUNCE_CLOSED);
  assert_string_equal(recs[0].contact, "c2");
  assert_int_equal(recs[1].activity, ACDR_OVERFLOW_CAUSE_CLOSED);
  assert_int_equal(acdr_contact_get_info(h->e, "c3", &ci), 0);
  assert_int_equal(ci.position, 1);
  assert_int_equal(acdr_engine_get_expiry(h->e), H(1, 9, 0)); /* next open */
  h_accept(h, "c1", "a1", H(0, 17, 1));
  h_hangup(h, "c1", H(0, 17, 2));
  h_expect(h, "CONNECTED c1 a1\nWRAPUP c1 a1\nENDED c1 completed\n"
               "CALLBACK c3 a1\nOFFER c3 a1\n");
  h_accept(h, "c3", "a1", H(0, 17, 3));
  h_hangup(h, "c3", H(0, 17, 4));
  /* the next day's closing works the same */
  h_arrive(h, "c4", "q", H(1, 9, 30));
  h_arrive(h, "c5", "q", H(1, 9, 31));
  h_advance(h, H(1, 17, 0));
  h_take(h);
  assert_int_equal(recs[nrecs - 1].type, ACDR_ACTION_CONTACT_ENDED);
  assert_string_equal(recs[nrecs - 1].contact, "c5");
  h_hangup(h, "c4", H(1, 17, 1));
  rec_conserved(h);
}

H_TEST_WITH(closing_by_new_hours, monday) {
  acdr_hours hr;
  h_queue(h, "q", NULL);
  h_arrive(h, "c1", "q", H(0, 20, 0));
  acdr_hours_default(&hr); /* closed every day */
  hr.at_closing = ACDR_AT_CLOSING_OVERFLOW;
  set_hours(h, "q", &hr);
  h_expect(h, "ENDED c1 rejected\n");
  /* back to always open */
  set_hours(h, "q", NULL);
  h_arrive(h, "c2", "q", H(0, 20, 1));
  h_expect(h, "");
  h_hangup(h, "c2", H(0, 20, 2));
  rec_conserved(h);
}

/* ---- the host's clock for civil time ---- */

static int64_t cb_local;
static int cb_fail;
static int local_cb(acdr_engine *e, const char *qid, acdr_tstamp now,
                    int64_t *out, void *ud) {
  (void)e;
  (void)qid;
  (void)now;
  (void)ud;
  if (cb_fail) return -1;
  *out = cb_local;
  return 0;
}
static int on_action(acdr_engine *e, const acdr_action *a, void *ud) {
  (void)e;
  (void)ud;
  rec_keep(a);
  return 0;
}

static void local_time_callback(void **state) {
  harness h;
  acdr_callbacks cb;
  acdr_hours hr;
  int32_t open;
  acdr_tstamp next;
  (void)state;
  memset(&h, 0, sizeof(h));
  memset(&cb, 0, sizeof(cb));
  cb.on_action = on_action;
  cb.local_time = local_cb;
  nrecs = 0;
  rec_cap = 1024;
  assert_int_equal(acdr_engine_new(&h.e, &cb, NULL, NULL), 0);
  h_queue(&h, "q", NULL);
  office_hours(&hr);
  set_hours(&h, "q", &hr);
  cb_local = MONDAY_2024 + 10 * 3600; /* the host says Monday 10:00 */
  cb_fail = 0;
  state_at(&h, "q", S(5), 1, S(5) + S(7 * 3600));
  cb_local = MONDAY_2024 + 18 * 3600; /* ...and now 18:00 (e.g. DST) */
  state_at(&h, "q", S(5), 0, S(5) + S(15 * 3600));
  h_arrive(&h, "c1", "q", S(6));
  assert_int_equal(rec_count(ACDR_ACTION_CONTACT_ENDED), 1);
  /* failure: reported, and the offset clock (1970-01-01, a Thursday
   * 00:00: closed) is used */
  cb_fail = 1;
  assert_int_equal(acdr_queue_hours_state(h.e, "q", S(7), &open, &next),
                   ACDR_ERR_CALLBACK_FAILURE);
  assert_int_equal(open, 0);
  assert_int_equal(next, S(9 * 3600));
  {
    acdr_contact_def d;
    acdr_contact_def_default(&d);
    d.id = "c2";
    d.queue = "q";
    assert_int_equal(acdr_contact_arrive(h.e, &d, S(8)),
                     ACDR_ERR_CALLBACK_FAILURE);
  }
  h_check(&h);
  assert_int_equal(rec_count(ACDR_ACTION_CONTACT_ENDED), 2);
  /* the failure does not stick to the next call */
  cb_fail = 0;
  cb_local = MONDAY_2024 + 10 * 3600;
  h_arrive(&h, "c3", "q", S(9));
  h_hangup(&h, "c3", S(10));
  rec_conserved(&h);
  h_free(&h);
}

/* ---- bad input ---- */

static void bad_hours_leave_state_unchanged(void **state) {
  harness h;
  acdr_hours hr, bad;
  acdr_holiday hol[2];
  static const acdr_interval inverted[] = {{600, 600}};
  static const acdr_interval too_late[] = {{600, 1441}};
  static const acdr_interval negative[] = {{-1, 60}};
  static acdr_interval many[ACDR_HOURS_MAX_INTERVALS + 1];
  const char *bad_dates[] = {"2023-02-29", "2024-13-01", "2024-1-01",
                             "2024-04-31", "0000-01-01", "2024-01-0x", NULL};
  size_t i;
  (void)state;
  start(&h, MONDAY_2024);
  h_queue(&h, "q", NULL);
  office_hours(&hr);
  set_hours(&h, "q", &hr);

#define REFUSED(expr, code)                                                  \
  do {                                                                       \
    assert_int_equal((expr), (code));                                        \
    assert_true(acdr_engine_last_error(h.e)[0] != '\0');                     \
    state_at(&h, "q", H(0, 10, 0), 1, H(0, 17, 0));                          \
    h_check(&h);                                                             \
  } while (0)

  assert_int_equal(acdr_queue_set_hours(NULL, "q", &hr),
                   ACDR_ERR_INVALID_ARGUMENT);
  REFUSED(acdr_queue_set_hours(h.e, "nope", &hr), ACDR_ERR_QUEUE_NOT_FOUND);
  REFUSED(acdr_queue_set_hours(h.e, NULL, &hr), ACDR_ERR_INVALID_ARGUMENT);
  REFUSED(acdr_queue_set_hours_versioned(h.e, "q", 99, &hr), ACDR_ERR_VERSION);
  bad = hr;
  bad.week[ACDR_MONDAY].intervals = inverted;
  REFUSED(acdr_queue_set_hours(h.e, "q", &bad), ACDR_ERR_INVALID_ARGUMENT);
  assert_non_null(strstr(acdr_engine_last_error(h.e), "Monday"));
  bad.week[ACDR_MONDAY].intervals = too_late;
  REFUSED(acdr_queue_set_hours(h.e, "q", &bad), ACDR_ERR_INVALID_ARGUMENT);
  bad.week[ACDR_MONDAY].intervals = negative;
  REFUSED(acdr_queue_set_hours(h.e, "q", &bad), ACDR_ERR_INVALID_ARGUMENT);
  bad.week[ACDR_MONDAY].intervals = NULL;
  REFUSED(acdr_queue_set_hours(h.e, "q", &bad), ACDR_ERR_INVALID_ARGUMENT);
  for (i = 0; i < ACDR_HOURS_MAX_INTERVALS + 1; i++) {
    many[i].open_min = (int32_t)i * 10;
    many[i].close_min = (int32_t)i * 10 + 5;
  }
  bad.week[ACDR_MONDAY].intervals = many;
  bad.week[ACDR_MONDAY].nintervals = ACDR_HOURS_MAX_INTERVALS + 1;
  REFUSED(acdr_queue_set_hours(h.e, "q", &bad), ACDR_ERR_LIMIT);
  memset(hol, 0, sizeof(hol));
  for (i = 0; bad_dates[i]; i++) {
    bad = hr;
    hol[0].date = bad_dates[i];
    bad.holidays = hol;
    bad.nholidays = 1;
    REFUSED(acdr_queue_set_hours(h.e, "q", &bad), ACDR_ERR_INVALID_ARGUMENT);
    assert_non_null(strstr(acdr_engine_last_error(h.e), "holiday"));
  }
  hol[0].date = "2024-12-25";
  hol[1].date = "2024-12-25";
  bad.nholidays = 2;
  REFUSED(acdr_queue_set_hours(h.e, "q", &bad), ACDR_ERR_DUPLICATE_ID);
  bad.holidays = NULL;
  REFUSED(acdr_queue_set_hours(h.e, "q", &bad), ACDR_ERR_INVALID_ARGUMENT);
  bad = hr;
  bad.closed_kind = 99;
  REFUSED(acdr_queue_set_hours(h.e, "q", &bad), ACDR_ERR_RANGE);
  bad.closed_kind = ACDR_OVERFLOW_QUEUE;
  REFUSED(acdr_queue_set_hours(h.e, "q", &bad), ACDR_ERR_INVALID_ARGUMENT);
  bad.closed_target = "q";
  REFUSED(acdr_queue_set_hours(h.e, "q", &bad), ACDR_ERR_INVALID_ARGUMENT);
  bad = hr;
  bad.at_closing = 7;
  REFUSED(acdr_queue_set_hours(h.e, "q", &bad), ACDR_ERR_INVALID_ARGUMENT);
  {
    int32_t o;
    acdr_tstamp n;
    assert_int_equal(acdr_queue_hours_state(h.e, "q", 0, NULL, &n),
                     ACDR_ERR_INVALID_ARGUMENT);
    assert_int_equal(acdr_queue_hours_state(h.e, "q", 0, &o, NULL),
                     ACDR_ERR_INVALID_ARGUMENT);
    assert_int_equal(acdr_queue_hours_state(NULL, "q", 0, &o, &n),
                     ACDR_ERR_INVALID_ARGUMENT);
    assert_int_equal(acdr_queue_hours_state(h.e, "x", 0, &o, &n),
                     ACDR_ERR_QUEUE_NOT_FOUND);
  }
#undef REFUSED
  acdr_hours_default(NULL); /* accepted, does nothing */
  h_free(&h);
}

/* ---- out of memory: an error, never a crash, state unchanged ---- */

static long fail_at = -1, nalloc;
static void *f_malloc(size_t n, void *ud) {
  (void)ud;
  return nalloc++ == fail_at ? NULL : malloc(n);
}
static void *f_calloc(size_t k, size_t n, void *ud) {
  (void)ud;
  return nalloc++ == fail_at ? NULL : calloc(k, n);
}
static void *f_realloc(void *p, size_t n, void *ud) {
  (void)ud;
  return nalloc++ == fail_at ? NULL : realloc(p, n);
}
static void f_free(void *p, void *ud) {
  (void)ud;
  free(p);
}

static void set_hours_out_of_memory(void **state) {
  harness h;
  acdr_options o;
  acdr_mem m = {NULL, f_malloc, f_free, f_calloc, f_realloc};
  acdr_hours hr;
  acdr_holiday hol[1];
  long k;
  int rv = ACDR_ERR_NOMEM, failures = 0;
  (void)state;
  acdr_options_default(&o);
  o.mem = &m;
  o.unix_time_at_zero = MONDAY_2024;
  fail_at = -1;
  h_init(&h, &o);
  h_queue(&h, "q", NULL);
  office_hours(&hr);
  hr.at_closing = ACDR_AT_CLOSING_OVERFLOW;
  hr.closed_target = "vm";
  hr.closed_kind = ACDR_OVERFLOW_VOICEMAIL;
  memset(hol, 0, sizeof(hol));
  hol[0].date = "2024-12-25";
  hr.holidays = hol;
  hr.nholidays = 1;
  for (k = 0; rv == ACDR_ERR_NOMEM && k < 100; k++) {
    fail_at = nalloc + k;
    rv = acdr_queue_set_hours(h.e, "q", &hr);
    fail_at = -1;
    if (rv == ACDR_ERR_NOMEM) {
      failures++;
      state_at(&h, "q", H(0, 8, 0), 1, ACDR_TSTAMP_MAX); /* no hours yet */
    }
  }
  assert_int_equal(rv, 0);
  assert_true(failures >= 4); /* days, hours, pool, holidays, strings */
  state_at(&h, "q", H(0, 8, 0), 0, H(0, 9, 0));
  h_free(&h);
}

H_MAIN(T(civil_arithmetic), T(weekly_schedule), T(holidays_and_special_hours),
       T(utc_offset_and_negative_local_time),
       T(night_shift_and_merged_intervals), T(closed_action_to_night_queue),
       T(closing_time_overflows_waiting), T(closing_by_new_hours),
       T(local_time_callback), T(bad_hours_leave_state_unchanged),
       T(set_hours_out_of_memory))
