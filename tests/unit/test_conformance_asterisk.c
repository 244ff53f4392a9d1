/* SPDX-License-Identifier: MIT */
/* Conformance with Asterisk app_queue (queues.conf): the behaviours that
 * docs/conformance.md lists as "same", pinned as scenarios on
 * the "asterisk" profile (peer_qdef).  Facts from
 * the queues.conf sample documentation; no Asterisk code. */
#include "harness.h"

#include <stdio.h>
#include <string.h>

/* A queue def from the asterisk profile (lib/core/profile.c: the peer's
 * out-of-the-box defaults), keeping the strategy the scenario names;
 * what a scenario sets after it is the peer option it ports. */
static void peer_qdef(acdr_queue_def *d, const char *id,
                      const char *strategy) {
  h_qdef(d, id, strategy);
  assert_int_equal(acdr_queue_def_profile(d, "asterisk"), 0);
  d->strategy = strategy;
}

/* n voice agents a1..an, members of q in that order with penalty 0, logged
 * in at 1 s apart so that a1 is the longest idle. */
static void agents(harness *h, const char *q, int n) {
  int i;
  char id[16];
  for (i = 1; i <= n; i++) {
    snprintf(id, sizeof(id), "a%d", i);
    h_agent(h, id);
    h_member(h, q, id, 0, i - 1, 0);
  }
  for (i = 1; i <= n; i++) {
    snprintf(id, sizeof(id), "a%d", i);
    h_login(h, id, S(i));
  }
}

static uint32_t missed(harness *h, const char *a) {
  acdr_agent_info info;
  CALL(h, acdr_agent_get_info(h->e, a, &info));
  return info.missed_in_row;
}

/* rrmemory / rrordered: round robin that remembers where it left off and
 * keeps the configured member order; an unavailable LAST member must not
 * stop the rotation (it wraps to the first). */
H_TEST(rrmemory_wraps_past_unavailable_last) {
  acdr_queue_def d;
  peer_qdef(&d, "q", "round-robin");
  h_qadd(h, &d);
  agents(h, "q", 3);
  h_serve(h, "c1", "q", "a1", S(10), 0);
  h_serve(h, "c2", "q", "a2", S(11), 0);
  /* a3 busy on a call from outside: the next turn is a3, skip and wrap */
  h_arrive(h, "x", "q", S(12));
  h_expect(h, "OFFER x a3\n");
  h_accept(h, "x", "a3", S(12));
  (void)h_take(h);
  h_serve(h, "c3", "q", "a1", S(13), 0);
  h_serve(h, "c4", "q", "a2", S(14), 0);
  /* a3 paused (away): wrap again */
  h_hangup(h, "x", S(15));
  (void)h_take(h);
  CALL(h, acdr_agent_set_status(h->e, "a3", ACDR_AGENT_AWAY, NULL, S(15)));
  h_serve(h, "c5", "q", "a1", S(16), 0);
  /* a3 logged out: wrap too */
  CALL(h, acdr_agent_logout(h->e, "a3", S(17)));
  h_serve(h, "c6", "q", "a2", S(18), 0);
  h_serve(h, "c7", "q", "a1", S(19), 0);
}

/* After a member lets a call ring out (timeout), the caller must be
 * offered to another free member, not to the one who just missed:
 * app_queue tries the remaining members before starting over. */
static void no_rering_after_miss_one(const char *strategy) {
  harness h;
  acdr_queue_def d;
  h_init(&h, NULL);
  peer_qdef(&d, "q", strategy);
  d.ring_timeout_ms = 15000;
  h_qadd(&h, &d);
  agents(&h, "q", 3);
  h_arrive(&h, "c1", "q", S(10));
  {
    const char *got = h_take(&h);
    char first[8];
    char want[64];
    assert_int_equal(sscanf(got, "OFFER c1 %7s", first), 1);
    /* ring-out at 25 s, then the `retry` pause (5 s) before the next
     * try_calling() (queue_exec(), wait_a_bit()) */
    h_advance(&h, S(30));
    got = h_take(&h);
    snprintf(want, sizeof(want), "CANCEL c1 %s no-answer\n", first);
    if (strncmp(got, want, strlen(want)) != 0 ||
        strstr(got + strlen(want), first) != NULL ||
        strstr(got + strlen(want), "OFFER c1 a") == NULL) {
      print_error("%s: after %s missed got:\n%s", strategy, first, got);
      fail();
    }
  }
  h_free(&h);
}

static void no_rering_after_miss(void **state) {
  static const char *const names[] = {
      "linear",          "round-robin", "longest-idle",
      "fewest-contacts", "least-talk-time", "least-busy",
      "random",          "weighted-random"};
  size_t i;
  (void)state;
  for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    no_rering_after_miss_one(names[i]);
}

/* wrapuptime: after a successful call the member gets no call for exactly
 * the wrap-up time; the member definition may override the queue's. */
H_TEST(wrapuptime_blocks_exactly) {
  acdr_queue_def d;
  acdr_agent_def ad;
  peer_qdef(&d, "q", "longest-idle");
  d.wrapup_ms = 15000;
  h_qadd(h, &d);
  agents(h, "q", 1);
  h_arrive(h, "c1", "q", S(10));
  h_accept(h, "c1", "a1", S(10));
  h_hangup(h, "c1", S(40));
  h_expect(h, "OFFER c1 a1\nCONNECTED c1 a1\nWRAPUP c1 a1\n");
  h_arrive(h, "c2", "q", S(41));
  h_expect(h, "");
  h_advance(h, S(55) - 1);
  h_expect(h, "");
  h_advance(h, S(55));
  h_expect(h, "ENDED c1 completed\nOFFER c2 a1\n");
  h_accept(h, "c2", "a1", S(56));
  /* per-member wrapuptime (member => ...,wrapuptime) overrides */
  acdr_agent_def_default(&ad);
  ad.id = "a1";
  ad.capacity[ACDR_CHANNEL_VOICE] = 1;
  ad.wrapup_ms = 5000;
  CALL(h, acdr_agent_update(h->e, &ad));
  h_hangup(h, "c2", S(60));
  h_arrive(h, "c3", "q", S(60));
  h_expect(h, "CONNECTED c2 a1\nWRAPUP c2 a1\n");
  h_advance(h, S(65) - 1);
  h_expect(h, "");
  h_advance(h, S(65));
  h_expect(h, "ENDED c2 completed\nOFFER c3 a1\n");
  h_accept(h, "c3", "a1", S(65));
  h_hangup(h, "c3", S(66));
  h_advance(h, S(71));
  (void)h_take(h);
}

/* autopause=yes: a member who fails to answer is paused (max_missed 1);
 * busy does not pause (autopausebusy=no). */
H_TEST(autopause_after_no_answer) {
  acdr_queue_def d;
  peer_qdef(&d, "q", "linear");
  d.max_missed = 1;
  d.ring_timeout_ms = 15000;
  h_qadd(h, &d);
  agents(h, "q", 2);
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\n");
  CALL(h, acdr_contact_reject(h->e, "c1", "a1", ACDR_REJECT_BUSY, S(11)));
  h_expect(h, "CANCEL c1 a1 rejected\nOFFER c1 a2\n");
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AVAILABLE);
  assert_int_equal(missed(h, "a1"), 0);
  h_advance(h, S(26));
  h_expect(h, "CANCEL c1 a2 no-answer\n");
  assert_int_equal(h_status(h, "a2"), ACDR_AGENT_AWAY);
  h_advance(h, S(31)); /* after the `retry` pause */
  h_expect(h, "OFFER c1 a1\n");
  h_accept(h, "c1", "a1", S(32));
  h_hangup(h, "c1", S(33));
  (void)h_take(h);
}

/* Autopause after N consecutive no-answers; an answer resets the count. */
H_TEST(autopause_after_n_in_row) {
  acdr_queue_def d;
  acdr_tstamp t = S(10);
  int i;
  peer_qdef(&d, "q", "linear");
  d.max_missed = 3;
  d.ring_timeout_ms = 10000;
  d.no_answer_delay_ms = 0;
  h_qadd(h, &d);
  agents(h, "q", 1);
  h_arrive(h, "c1", "q", t);
  h_expect(h, "OFFER c1 a1\n");
  for (i = 1; i <= 2; i++) {
    t += S(10);
    h_advance(h, t);
    h_expect(h, "CANCEL c1 a1 no-answer\n");
    assert_int_equal(missed(h, "a1"), (uint32_t)i);
    t += S(5); /* `retry` */
    h_advance(h, t);
    h_expect(h, "OFFER c1 a1\n");
  }
  h_accept(h, "c1", "a1", t);
  assert_int_equal(missed(h, "a1"), 0);
  h_hangup(h, "c1", t);
  (void)h_take(h);
  h_arrive(h, "c2", "q", t);
  h_expect(h, "OFFER c2 a1\n");
  for (i = 1; i <= 3; i++) {
    t += S(10);
    h_advance(h, t);
    h_expect(h, "CANCEL c2 a1 no-answer\n");
    if (i == 3) break;
    t += S(5);
    h_advance(h, t);
    h_expect(h, "OFFER c2 a1\n");
  }
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AWAY);
  h_hangup(h, "c2", t);
  h_expect(h, "ENDED c2 abandoned\n");
}

/* Penalties: higher penalties are considered last, i.e. only when every
 * lower-penalty member is unavailable. */
H_TEST(penalty_used_only_when_lower_busy) {
  acdr_queue_def d;
  peer_qdef(&d, "q", "longest-idle");
  h_qadd(h, &d);
  h_agents(h, "low high");
  h_members(h, "q", "low:0:0 high:5:1");
  h_login(h, "high", S(1)); /* longer idle, but higher penalty */
  h_login(h, "low", S(2));
  h_serve(h, "c1", "q", "low", S(10), 0);
  h_arrive(h, "c2", "q", S(20));
  h_expect(h, "OFFER c2 low\n");
  h_accept(h, "c2", "low", S(20));
  h_arrive(h, "c3", "q", S(21));
  h_expect(h, "CONNECTED c2 low\nOFFER c3 high\n");
  h_accept(h, "c3", "high", S(21));
  /* both busy: c4 waits; the low-penalty member takes it when free */
  h_arrive(h, "c4", "q", S(22));
  h_hangup(h, "c3", S(23));
  h_hangup(h, "c2", S(24));
  h_expect(h,
           "CONNECTED c3 high\nWRAPUP c3 high\nENDED c3 completed\n"
           "OFFER c4 high\nWRAPUP c2 low\nENDED c2 completed\n");
  h_accept(h, "c4", "high", S(24));
  h_hangup(h, "c4", S(25));
  (void)h_take(h);
}

/* ringall: every free member rings; the first to answer wins. */
H_TEST(ringall_first_answer_wins) {
  acdr_queue_def d;
  peer_qdef(&d, "q", "ring-all");
  h_qadd(h, &d);
  agents(h, "q", 3);
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\nOFFER c1 a2\nOFFER c1 a3\n");
  h_accept(h, "c1", "a2", S(11));
  h_expect(h,
           "CONNECTED c1 a2\nCANCEL c1 a3 answered-elsewhere\n"
           "CANCEL c1 a1 answered-elsewhere\n");
  h_hangup(h, "c1", S(12));
  (void)h_take(h);
}

/* leastrecent (longest idle since last hang-up) and fewestcalls. */
H_TEST(leastrecent_and_fewestcalls) {
  acdr_queue_def d;
  peer_qdef(&d, "lr", "longest-idle");
  h_qadd(h, &d);
  peer_qdef(&d, "fc", "fewest-contacts");
  h_qadd(h, &d);
  h_agents(h, "a1 a2");
  h_members(h, "lr", "a1:0:0 a2:0:1");
  h_members(h, "fc", "a1:0:0 a2:0:1");
  h_logins(h, "a1:1 a2:2");
  h_serve(h, "c1", "lr", "a1", S(10), 0); /* a1 hung up at 10 */
  h_serve(h, "c2", "lr", "a2", S(11), 0); /* a2 hung up at 11 */
  h_serve(h, "c3", "lr", "a1", S(12), 0); /* a1 least recent */
  /* a1 answered 2, a2 1: fewestcalls picks a2 although a2 idles shorter */
  h_serve(h, "c4", "fc", "a2", S(20), 0);
  h_serve(h, "c5", "fc", "a1", S(21), 0); /* 2 vs 2: tie -> longest idle */
}

/* joinempty=no: a caller may not join a queue with nobody logged in;
 * leavewhenempty: waiting callers leave when the last member logs out. */
H_TEST(joinempty_leavewhenempty) {
  acdr_queue_def d;
  peer_qdef(&d, "q", "linear");
  d.join_when_empty = 0;
  d.leave_when_empty = 1;
  h_qadd(h, &d);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_arrive(h, "c1", "q", S(1));
  h_expect(h, "ENDED c1 rejected\n");
  h_login(h, "a1", S(2));
  h_arrive(h, "c2", "q", S(3));
  h_accept(h, "c2", "a1", S(3));
  h_arrive(h, "c3", "q", S(4)); /* waits: a1 busy but logged in */
  h_expect(h, "OFFER c2 a1\nCONNECTED c2 a1\n");
  CALL(h, acdr_agent_logout(h->e, "a1", S(5)));
  h_expect(h, "ENDED c3 rejected\n");
  h_hangup(h, "c2", S(6));
  (void)h_take(h);
}

/* ringinuse=no: a member on a call is not rung (voice capacity 1). */
H_TEST(ringinuse_no) {
  acdr_queue_def d;
  peer_qdef(&d, "q", "ring-all");
  h_qadd(h, &d);
  agents(h, "q", 2);
  h_arrive(h, "c1", "q", S(10));
  h_accept(h, "c1", "a1", S(10));
  h_arrive(h, "c2", "q", S(11));
  h_expect(h,
           "OFFER c1 a1\nOFFER c1 a2\nCONNECTED c1 a1\n"
           "CANCEL c1 a2 answered-elsewhere\nOFFER c2 a2\n");
  h_accept(h, "c2", "a2", S(11));
  h_hangup(h, "c1", S(12));
  h_hangup(h, "c2", S(12));
  (void)h_take(h);
}

/* announce-frequency with announce-position: periodic position (1-based)
 * and hold time while waiting; positions move up as callers ahead leave. */
static struct {
  char buf[1024];
} ann;

static int ann_hook(harness *h, const acdr_action *a) {
  (void)h;
  if (a->type == ACDR_ACTION_ANNOUNCE && a->reason == ACDR_ANNOUNCE_POSITION) {
    size_t n = strlen(ann.buf);
    snprintf(ann.buf + n, sizeof(ann.buf) - n, "%s:%lld@%lld ", a->contact_id,
             (long long)a->position, (long long)(a->time / ACDR_SECONDS));
  }
  return 0;
}

static void announce_position(void **state) {
  harness h;
  acdr_queue_def d;
  (void)state;
  memset(&ann, 0, sizeof(ann));
  h_init(&h, NULL);
  h.hook = ann_hook;
  peer_qdef(&d, "q", "linear");
  d.announce_interval_ms = 30000;
  h_qadd(&h, &d);
  h_agent(&h, "a1");
  h_member(&h, "q", "a1", 0, 0, 0);
  h_arrive(&h, "c1", "q", S(0)); /* waits: nobody logged in */
  h_arrive(&h, "c2", "q", S(10));
  h_advance(&h, S(40));
  assert_string_equal(ann.buf, "c1:1@30 c2:2@40 ");
  ann.buf[0] = '\0';
  h_login(&h, "a1", S(45));
  h_accept(&h, "c1", "a1", S(45));
  h_advance(&h, S(70));
  assert_string_equal(ann.buf, "c2:1@70 ");
  h_hangup(&h, "c2", S(71));
  h_hangup(&h, "c1", S(72));
  (void)h_take(&h);
  h_free(&h);
}

/* wrandom: penalty is a weight, never a tier: every member gets calls,
 * lower penalties more often. */
static void wrandom_penalty_is_weight(void **state) {
  harness h;
  acdr_queue_def d;
  acdr_options opt;
  int i, n0 = 0, n3 = 0;
  char id[16];
  (void)state;
  acdr_options_default(&opt);
  opt.seed = 42;
  h_init(&h, &opt);
  peer_qdef(&d, "q", "weighted-random");
  h_qadd(&h, &d);
  h_agents(&h, "p0 p3");
  h_members(&h, "q", "p0:0:0 p3:3:1");
  h_logins(&h, "p0:1 p3:1");
  for (i = 0; i < 500; i++) {
    const char *got;
    snprintf(id, sizeof(id), "c%d", i);
    h_arrive(&h, id, "q", S(10 + i));
    got = h_take(&h);
    if (strstr(got, " p0\n")) {
      n0++;
      h_accept(&h, id, "p0", S(10 + i));
    } else {
      assert_non_null(strstr(got, " p3\n"));
      n3++;
      h_accept(&h, id, "p3", S(10 + i));
    }
    h_hangup(&h, id, S(10 + i));
    (void)h_take(&h);
  }
  assert_true(n3 > 0);
  assert_true(n0 > 2 * n3);
  h_free(&h);
}

H_MAIN(T(rrmemory_wraps_past_unavailable_last), T(no_rering_after_miss),
       T(wrapuptime_blocks_exactly), T(autopause_after_no_answer),
       T(autopause_after_n_in_row), T(penalty_used_only_when_lower_busy),
       T(ringall_first_answer_wins), T(leastrecent_and_fewestcalls),
       T(joinempty_leavewhenempty), T(ringinuse_no), T(announce_position),
       T(wrandom_penalty_is_weight))
