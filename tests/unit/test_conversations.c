/* Conversations: a waiting contact's priority changed (Asterisk's
 * QUEUE_PRIO set from the dialplan while the caller waits, asterisk #202:
 * app_queue.c reads the channel's QUEUE_PRIO when the caller joins and
 * orders its queue by priority, then by join order; the change here keeps
 * the contact's original wait among its new equals). */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include <acdroute/config.h>

static int32_t position(harness *h, const char *c) {
  acdr_contact_info info;
  assert_int_equal(acdr_contact_get_info(h->e, c, &info), 0);
  return (int32_t)info.position;
}

/* q with member a1 logged out: c1, c2, c3 (priority 0) and c4 (5) wait. */
static void line_of_four(harness *h) {
  acdr_contact_def d;
  h_team(h, "q", NULL, "a1", "a1:0:0", NULL);
  h_arrive(h, "c1", "q", S(1));
  h_arrive(h, "c2", "q", S(2));
  h_arrive(h, "c3", "q", S(3));
  acdr_contact_def_default(&d);
  d.id = "c4";
  d.queue = "q";
  d.priority = 5;
  CALL(h, acdr_contact_arrive(h->e, &d, S(4)));
  (void)h_take(h);
}

/* Raised to 5, c3 goes before c4 (same priority, waited longer) but after
 * nobody else of priority 5; lowered again it goes back behind c2, not to
 * the end of anything: its place is its original wait. */
H_TEST(priority_change_keeps_the_original_wait) {
  line_of_four(h);
  assert_int_equal(position(h, "c4"), 1);
  assert_int_equal(position(h, "c3"), 4);
  CALL(h, acdr_contact_set_priority(h->e, "c3", 5, S(10)));
  assert_int_equal(position(h, "c3"), 1);
  assert_int_equal(position(h, "c4"), 2);
  assert_int_equal(position(h, "c1"), 3);
  CALL(h, acdr_contact_set_priority(h->e, "c1", -1, S(11)));
  assert_int_equal(position(h, "c1"), 4);
  assert_int_equal(position(h, "c2"), 3);
  CALL(h, acdr_contact_set_priority(h->e, "c1", 0, S(12)));
  assert_int_equal(position(h, "c1"), 3);
  assert_int_equal(position(h, "c2"), 4);
  h_expect(h, "");
  /* who gets the agent: the raised contact first */
  h_login(h, "a1", S(20));
  h_expect(h, "OFFER c3 a1\n");
}

/* A ringing contact keeps ringing; the new priority counts when it comes
 * back to the line. */
H_TEST(priority_of_a_ringing_contact_counts_when_it_returns) {
  line_of_four(h);
  h_login(h, "a1", S(5));
  h_expect(h, "OFFER c4 a1\n");
  CALL(h, acdr_contact_set_priority(h->e, "c4", -3, S(6)));
  h_expect(h, "");
  CALL(h, acdr_contact_reject(h->e, "c4", "a1", ACDR_REJECT_DECLINED, S(7)));
  (void)h_take(h);
  assert_int_equal(position(h, "c4"), 4);
}

static void opt_record(harness *h) {
  acdr_options o;
  acdr_options_default(&o);
  o.record_events = 1;
  h_init(h, &o);
}

/* The change is an event line; replayed into a fresh engine it gives the
 * same order; a snapshot taken after it restores the same order. */
H_TEST_WITH(priority_change_replays_and_restores, opt_record) {
  char *log = NULL, *doc = NULL;
  size_t len = 0;
  harness r, s;
  line_of_four(h);
  CALL(h, acdr_contact_set_priority(h->e, "c2", 9, S(10)));
  assert_int_equal(acdr_engine_event_log_take(h->e, &log, &len), 0);
  assert_non_null(strstr(log, "\"ev\": \"set_priority\", \"contact\": "
                              "\"c2\", \"priority\": 9}"));
  h_start(&r);
  {
    const char *p = log, *nl;
    while ((nl = strchr(p, '\n')) != NULL) {
      CALL(&r, acdr_engine_apply_event_json(r.e, p, (size_t)(nl - p)));
      p = nl + 1;
    }
  }
  acdr_free(h->e, log);
  assert_int_equal(position(&r, "c2"), 1);
  assert_int_equal(position(&r, "c4"), 2);
  assert_int_equal(acdr_engine_snapshot(h->e, &doc, &len), 0);
  h_start(&s);
  CALL(&s, acdr_engine_restore(s.e, doc, len));
  acdr_free(h->e, doc);
  (void)h_take(&r);
  h_login(h, "a1", S(20));
  h_login(&r, "a1", S(20));
  h_login(&s, "a1", S(20));
  h_expect(h, "OFFER c2 a1\n");
  h_expect(&r, "OFFER c2 a1\n");
  h_expect(&s, "OFFER c2 a1\n");
  h_free(&r);
  h_free(&s);
}

H_MAIN(T(priority_change_keeps_the_original_wait),
       T(priority_of_a_ringing_contact_counts_when_it_returns),
       T(priority_change_replays_and_restores))
