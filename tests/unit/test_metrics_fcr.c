/* SPDX-License-Identifier: MIT */
/* Metrics: dispositions (resolution rate, per-code counts) and
 * first-contact resolution with repeats inside / outside the window,
 * pending contacts, reports at a later `now`, per customer+reason. */
#include "harness.h"

#include <math.h>
#include <string.h>

#include "metrics/metrics_int.h"

#define assert_near(a, b) assert_true(fabs((a) - (b)) < 1e-9)

/* Dispositions by contact id: "r..." resolved (code "fixed", tag
 * "survey"), "u..." not resolved (code "open"), anything else none.
 * Stands in for the disposition module, which is not under test here. */
static const char *const survey_tag[] = {"survey"};
static int fake_summary(acdr_engine *e, const acdr_contact *c,
                        acdr_disp_summary *out) {
  (void)e;
  if (c->id[0] == 'r') {
    out->primary = "fixed";
    out->attrs = ACDR_DISPO_RESOLVED | ACDR_DISPO_CONTACT_MADE;
    out->tags = survey_tag;
    out->ntags = 1;
    return 1;
  }
  if (c->id[0] == 'u') {
    out->primary = "open";
    out->attrs = ACDR_DISPO_CONTACT_MADE | ACDR_DISPO_FOLLOW_UP;
    return 1;
  }
  return 0;
}

/* Attached last, its summary service answers instead of the real
 * module's (core/hooks.h). */
static const acdr_module_vt fake_dispositions = {.name = "fake",
                                                 .summary = fake_summary};

static void setup(harness *h, int64_t window_ms, int key) {
  acdr_metrics_options o;
  h_init(h, NULL);
  assert_int_equal(acdr_module_attach(h->e, &fake_dispositions, NULL), 0);
  acdr_metrics_options_default(&o);
  o.fcr_window_ms = window_ms;
  o.fcr_key = key;
  assert_int_equal(acdr_engine_set_metrics_options(h->e, &o), 0);
  h_solo(h);
}

static void arrive(harness *h, const char *id, const char *cust,
                   const char *reason, acdr_tstamp now) {
  acdr_contact_def d;
  acdr_contact_def_default(&d);
  d.id = id;
  d.queue = "q";
  d.customer_id = cust;
  d.reason = reason;
  assert_int_equal(acdr_contact_arrive(h->e, &d, now), 0);
  h_check(h);
}

/* arrive at t, answered at t+1, hang up (ends, no wrap-up) at `end` */
static void handled(harness *h, const char *id, const char *cust,
                    acdr_tstamp t, acdr_tstamp end) {
  arrive(h, id, cust, NULL, t);
  h_accept(h, id, "a1", t + S(1));
  h_hangup(h, id, end);
}

/* Window W = 100 s.  One agent, contacts one after another:
 *   rA1 (A) 0-5 resolved            first; rA2 arrives 50 <= 105: repeated
 *   rB1 (B) 10-20 resolved          first; window ends 120: FCR
 *   uC1 (C) 25-30 not resolved      first; unresolved at once
 *   rD1 (D) 35-40 resolved          first; rD2 arrives 141 > 140: FCR
 *   rA2 (A) 50-55                   repeat contact, not a first contact
 *   nE1 (E) 60, abandons 62         never answered: no first contact
 *   rE2 (E) 70-75 resolved          first; window ends 175
 *   rX  (no customer) 80-85         not in FCR
 *   rD2 (D) 141-150 resolved        first; window ends 250
 * At 160: first 6 = resolved 2 (B1, D1) + repeated 1 + unresolved 1 +
 * pending 2 (E2, D2); rate 2 / (6 - 2).  At 300 the pending two have
 * passed their windows: resolved 4, rate 4/6. */
static void script(harness *h) {
  setup(h, 100000, ACDR_FCR_KEY_CUSTOMER);
  handled(h, "rA1", "A", 0, S(5));
  handled(h, "rB1", "B", S(10), S(20));
  handled(h, "uC1", "C", S(25), S(30));
  handled(h, "rD1", "D", S(35), S(40));
  handled(h, "rA2", "A", S(50), S(55));
  arrive(h, "nE1", "E", NULL, S(60));
  h_hangup(h, "nE1", S(62));
  handled(h, "rE2", "E", S(70), S(75));
  handled(h, "rX", NULL, S(80), S(85));
  handled(h, "rD2", "D", S(141), S(150));
}

H_TEST_WITH(fcr_window, script) {
  acdr_metrics m;
  assert_int_equal(acdr_metrics_get_engine(h->e, 0, ACDR_TSTAMP_MAX, S(160),
                                           &m),
                   0);
  assert_int_equal(m.fcr_first, 6);
  assert_int_equal(m.fcr_resolved, 2);
  assert_int_equal(m.fcr_repeated, 1);
  assert_int_equal(m.fcr_unresolved, 1);
  assert_int_equal(m.fcr_pending, 2);
  assert_int_equal(m.repeat_contacts, 1);
  assert_near(m.fcr_rate, 0.5);
  /* later: the two pending windows have passed (judged by the report,
   * without changing the engine) */
  assert_int_equal(acdr_metrics_get_engine(h->e, 0, ACDR_TSTAMP_MAX, S(300),
                                           &m),
                   0);
  assert_int_equal(m.fcr_resolved, 4);
  assert_int_equal(m.fcr_pending, 0);
  assert_near(m.fcr_rate, 4.0 / 6.0);
  /* ...so an earlier `now` still sees them pending */
  assert_int_equal(acdr_metrics_get_engine(h->e, 0, ACDR_TSTAMP_MAX, S(174),
                                           &m),
                   0);
  assert_int_equal(m.fcr_pending, 2);
  /* E2's window is (75, 175]: still open at exactly 175 */
  assert_int_equal(acdr_metrics_get_engine(h->e, 0, ACDR_TSTAMP_MAX, S(175),
                                           &m),
                   0);
  assert_int_equal(m.fcr_pending, 2);
  assert_int_equal(acdr_metrics_get_engine(h->e, 0, ACDR_TSTAMP_MAX,
                                           S(175) + 1, &m),
                   0);
  assert_int_equal(m.fcr_pending, 1);
  /* the agent handled every first contact; the queue held them all */
  assert_int_equal(acdr_metrics_get_agent(h->e, "a1", 0, ACDR_TSTAMP_MAX,
                                          S(300), &m),
                   0);
  assert_int_equal(m.fcr_first, 6);
  assert_int_equal(m.fcr_resolved, 4);
  assert_int_equal(acdr_metrics_get_queue(h->e, "q", 0, ACDR_TSTAMP_MAX,
                                          S(160), &m),
                   0);
  assert_int_equal(m.fcr_first, 6);
  assert_int_equal(m.fcr_pending, 2);
  assert_int_equal(m.repeat_contacts, 1);
}

/* A real event after the windows passed judges them for good: memory for
 * the keys is released (episodes expire after the window). */
H_TEST_WITH(fcr_expiry_frees_keys, script) {
  acdr_metrics m;
  /* the hooks at 141 and 150 expired A1, B1, C1, D1: E2, D2 remain */
  assert_int_equal(acdr_ms(h->e)->ep_len, 2);
  handled(h, "rZ", "Z", S(400), S(410));
  /* everything older than 410 - 100 expired; only Z is left */
  assert_int_equal(acdr_ms(h->e)->ep_len, 1);
  assert_int_equal(acdr_metrics_get_engine(h->e, 0, ACDR_TSTAMP_MAX, S(410),
                                           &m),
                   0);
  assert_int_equal(m.fcr_first, 7);
  assert_int_equal(m.fcr_resolved, 4);
  assert_int_equal(m.fcr_pending, 1);
}

/* customer+reason: the same customer about another reason within the
 * window is a new issue, about the same reason a repeat.
 *   r1 (K, billing) 0-5; r2 (K, tech) 10-15; r3 (K, billing) 20-25
 *   -> first: r1 (repeated by r3), r2 (pending); r3 is a repeat */
static void fcr_customer_reason(void **state) {
  harness h;
  acdr_metrics m;
  (void)state;
  setup(&h, 100000, ACDR_FCR_KEY_CUSTOMER_REASON);
  arrive(&h, "r1", "K", "billing", 0);
  h_accept(&h, "r1", "a1", S(1));
  h_hangup(&h, "r1", S(5));
  arrive(&h, "r2", "K", "tech", S(10));
  h_accept(&h, "r2", "a1", S(11));
  h_hangup(&h, "r2", S(15));
  arrive(&h, "r3", "K", "billing", S(20));
  h_accept(&h, "r3", "a1", S(21));
  h_hangup(&h, "r3", S(25));
  assert_int_equal(acdr_metrics_get_engine(h.e, 0, ACDR_TSTAMP_MAX, S(30),
                                           &m),
                   0);
  assert_int_equal(m.fcr_first, 2);
  assert_int_equal(m.fcr_repeated, 1);
  assert_int_equal(m.fcr_pending, 1);
  assert_int_equal(m.repeat_contacts, 1);
  /* judged so far: r1 only, not FCR */
  assert_near(m.fcr_rate, 0.0);
  h_free(&h);
}

/* Resolution rate and per-code counts over the script:
 *   offered 9; with a code: 7 "fixed" (resolved), 1 "open"; nE1 none
 *   resolution rate = 7 / 9 */
H_TEST_WITH(resolution_and_codes, script) {
  acdr_metrics m;
  assert_int_equal(acdr_metrics_get_engine(h->e, 0, ACDR_TSTAMP_MAX, S(160),
                                           &m),
                   0);
  assert_int_equal(m.offered, 9);
  assert_int_equal(m.dispositioned, 8);
  assert_int_equal(m.resolved, 7);
  assert_int_equal(m.contact_made, 8);
  assert_int_equal(m.success, 0);
  assert_near(m.resolution_rate, 7.0 / 9.0);
  assert_int_equal(acdr_metrics_get_code(h->e, "fixed", 0, ACDR_TSTAMP_MAX,
                                         S(160), &m),
                   0);
  assert_int_equal(m.dispositioned, 7);
  assert_int_equal(m.resolved, 7);
  assert_int_equal(m.handled, 7);
  assert_near(m.resolution_rate, 1.0);
  /* talk: A1 4, B1 9, D1 4, A2 4, E2 4, X 4, D2 8 = 37 s over 7 */
  assert_int_equal(m.talk_ns, S(37));
  assert_int_equal(acdr_metrics_get_code(h->e, "open", 0, ACDR_TSTAMP_MAX,
                                         S(160), &m),
                   0);
  assert_int_equal(m.dispositioned, 1);
  assert_near(m.resolution_rate, 0.0);
  assert_int_equal(acdr_metrics_get_code(h->e, "survey", 0, ACDR_TSTAMP_MAX,
                                         S(160), &m),
                   0);
  assert_int_equal(m.tagged, 7);
  assert_int_equal(m.dispositioned, 0);
  /* the agent: resolved / answered = 7 / 8 */
  assert_int_equal(acdr_metrics_get_agent(h->e, "a1", 0, ACDR_TSTAMP_MAX,
                                          S(160), &m),
                   0);
  assert_int_equal(m.answered, 8);
  assert_near(m.resolution_rate, 7.0 / 8.0);
}

H_MAIN(T(fcr_window), T(fcr_expiry_frees_keys), T(fcr_customer_reason),
       T(resolution_and_codes))
