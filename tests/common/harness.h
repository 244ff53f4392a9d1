/* SPDX-License-Identifier: MIT */
/* Test harness shared by all tests: an engine whose actions are recorded
 * as text lines, and the invariant checker after every step. */
#ifndef ACDR_TEST_HARNESS_H
#define ACDR_TEST_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <acdroute/acdroute.h>

#define H_LOG_MAX (1 << 16)

typedef struct harness {
  acdr_engine *e;
  char log[H_LOG_MAX]; /* one line per action since the last h_take */
  size_t len;
  size_t nactions;
  /* optional hook run inside the action callback */
  int (*hook)(struct harness *h, const acdr_action *a);
  void *hook_data;
  int verbose;         /* include AGENT_STATE / QUEUED lines */
} harness;

/* Create an engine (options may be NULL).  Registers an on_action that
 * records lines like "OFFER c1 a1", "CANCEL c1 a2 no-answer",
 * "CONNECTED c1 a1", "ENDED c1 completed", "QUEUED c1 q1 1".  AGENT_STATE
 * lines ("AGENT a1 available idle") are recorded only when verbose. */
void h_init(harness *h, const acdr_options *opt);
void h_free(harness *h);
/* Return the recorded lines (space separated, one per line) and clear. */
const char *h_take(harness *h);
/* Assert that the recorded lines equal `expected` and clear them. */
#define h_expect(h, expected) h_expect_(h, expected, __FILE__, __LINE__)
void h_expect_(harness *h, const char *expected, const char *file, int line);
/* Assert acdr_engine_check() == 0. */
#define h_check(h) h_check_(h, __FILE__, __LINE__)
void h_check_(harness *h, const char *file, int line);

/* An on_action callback that only counts the actions in h_nactions. */
extern long h_nactions;
int h_count_action(acdr_engine *e, const acdr_action *a, void *ud);

/* Run an engine call on h, expect success (printing the engine's last
 * error otherwise), then run the invariant checker. */
#define CALL(h, expr)                                                        \
  do {                                                                       \
    int rv_ = (expr);                                                        \
    if (rv_) print_error("%s: %s\n", #expr, acdr_engine_last_error((h)->e)); \
    assert_int_equal(rv_, 0);                                                \
    h_check(h);                                                              \
  } while (0)

/* Shortcuts (assert success, then run the invariant checker). */
void h_agent(harness *h, const char *id);                /* voice agent */
void h_agent_caps(harness *h, const char *id, uint32_t voice, uint32_t chat,
                  uint32_t email);
void h_queue(harness *h, const char *id, const char *strategy);
void h_member(harness *h, const char *q, const char *a, int32_t penalty,
              int32_t pos, acdr_tstamp now);
void h_login(harness *h, const char *a, acdr_tstamp now);
void h_arrive(harness *h, const char *c, const char *q, acdr_tstamp now);
void h_accept(harness *h, const char *c, const char *a, acdr_tstamp now);
void h_hangup(harness *h, const char *c, acdr_tstamp now);
void h_expiry(harness *h, acdr_tstamp now);
/* Queue q without ring timeout, agent a1 its only member, logged in at
 * time 0. */
void h_solo(harness *h);
/* Several at once, in the order given (each as above):
 *   h_agents(h, "a1 a2")             voice agents a1, a2;
 *   h_members(h, "q", "a2:0:1 a1:5:0") members agent:penalty:position,
 *                                      added at time 0;
 *   h_logins(h, "a2:1 a1:2")          logins agent:seconds. */
void h_agents(harness *h, const char *ids);
void h_members(harness *h, const char *q, const char *spec);
void h_logins(harness *h, const char *spec);
/* A team on queue q: h_agents(agents), h_queue(q, strategy),
 * h_members(q, members), then h_logins(logins) unless logins is NULL. */
void h_team(harness *h, const char *q, const char *strategy,
            const char *agents, const char *members, const char *logins);
/* A queue definition with defaults, id and strategy; add it (asserting
 * success); an agent's status. */
void h_qdef(acdr_queue_def *d, const char *id, const char *strategy);
void h_qadd(harness *h, const acdr_queue_def *d);
int h_status(harness *h, const char *agent);
/* A contact definition with defaults for queue q with one attribute and
 * one skill. */
void h_cdef(acdr_contact_def *d, const char *q, const acdr_kv *attr,
            const acdr_skill *skill);
/* Contact c arrives in q at t and is offered to `agent`, who answers at
 * t and hangs up at t + talk; the recorded lines are dropped. */
void h_serve(harness *h, const char *c, const char *q, const char *agent,
             acdr_tstamp t, acdr_tstamp talk);
/* Run handle_expiry for every deadline up to `until` (in order). */
void h_advance(harness *h, acdr_tstamp until);

/* A test function `name` on a fresh harness: start(&h_) sets it up, the
 * body written after the macro runs with `harness *h`, then h_free.
 * H_TEST starts with h_start (h_init with default options). */
#define H_TEST_WITH(name, start)    \
  static void name##_(harness *h);  \
  static void name(void **state) {  \
    harness h_;                     \
    (void)state;                    \
    start(&h_);                     \
    name##_(&h_);                   \
    h_free(&h_);                    \
  }                                 \
  static void name##_(harness *h)
#define H_TEST(name) H_TEST_WITH(name, h_start)
void h_start(harness *h);

/* main(): run the tests T(f), ... as one cmocka group. */
#define T(f) cmocka_unit_test(f)
#define H_MAIN(...)                                    \
  int main(void) {                                     \
    const struct CMUnitTest tests_[] = {__VA_ARGS__};  \
    return cmocka_run_group_tests(tests_, NULL, NULL); \
  }

#define S(x) ((acdr_tstamp)(x) * ACDR_SECONDS)
#define MS(x) ((acdr_tstamp)(x) * ACDR_MILLISECONDS)

const char *h_end_reason(int r);
const char *h_cancel_reason(int r);

#endif
