/* SPDX-License-Identifier: MIT */
/* Customer messages: position and estimated wait, agent assigned, over
 * capacity; the estimated wait itself. */
#include "recorder.h"

#include <stdio.h>
#include <string.h>

static void start(harness *h) { rec_start(h, NULL, 2048); }

/* The announcements of one kind since the last reset, as
 * "contact:position:wait " items. */
static const char *announced(int kind) {
  static char buf[4096];
  size_t i, len = 0;
  buf[0] = '\0';
  for (i = 0; i < nrecs; i++)
    if (recs[i].type == ACDR_ACTION_ANNOUNCE && recs[i].reason == kind)
      len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s:%lld:%lld ",
                              recs[i].contact, (long long)recs[i].position,
                              (long long)recs[i].value_ms);
  return buf;
}

static const char *assigned_text(void) {
  size_t i = nrecs;
  while (i--)
    if (recs[i].type == ACDR_ACTION_ANNOUNCE &&
        recs[i].reason == ACDR_ANNOUNCE_AGENT_ASSIGNED)
      return recs[i].text;
  return "";
}


static void voice_queue(harness *h, const char *id, int64_t every) {
  acdr_queue_def d;
  h_qdef(&d, id, NULL);
  d.announce_interval_ms = every;
  d.ring_timeout_ms = 10000;
  assert_int_equal(acdr_queue_add(h->e, &d), 0);
}

/* Handle one contact in q at agent a: answer at t, end after `ms`. */
static void handle(harness *h, const char *c, const char *q, const char *a,
                   acdr_tstamp t, int64_t ms) {
  h_arrive(h, c, q, t);
  h_accept(h, c, a, t);
  h_hangup(h, c, t + MS(ms));
}

H_TEST_WITH(position_announcements_repeat, start) {
  voice_queue(h, "q", 30000);
  h_arrive(h, "c1", "q", S(0));
  h_arrive(h, "c2", "q", S(10));
  h_advance(h, S(30) - 1);
  assert_string_equal(announced(ACDR_ANNOUNCE_POSITION), "");
  h_advance(h, S(30));
  /* no handle time measured yet: wait unknown (-1) */
  assert_string_equal(announced(ACDR_ANNOUNCE_POSITION), "c1:1:-1 ");
  h_advance(h, S(60));
  assert_string_equal(announced(ACDR_ANNOUNCE_POSITION),
                      "c1:1:-1 c2:2:-1 c1:1:-1 ");
  h_hangup(h, "c1", S(61));
  nrecs = 0;
  h_advance(h, S(70));
  assert_string_equal(announced(ACDR_ANNOUNCE_POSITION), "c2:1:-1 ");
  h_hangup(h, "c2", S(71));
  assert_int_equal(acdr_engine_get_expiry(h->e), ACDR_TSTAMP_MAX);
}

/* No position while ringing; announcements resume in rhythm when the
 * offer goes unanswered. */
H_TEST_WITH(announcements_pause_while_ringing, start) {
  voice_queue(h, "q", 8000);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_arrive(h, "c1", "q", S(0));
  h_login(h, "a1", S(5)); /* rings 5..15, then (after the 5 s no-answer
                              delay) 20..30 */
  h_advance(h, S(8));
  assert_string_equal(announced(ACDR_ANNOUNCE_POSITION), ""); /* ringing */
  h_advance(h, S(16));
  assert_string_equal(announced(ACDR_ANNOUNCE_POSITION), "c1:1:-1 ");
  h_advance(h, S(33)); /* 24: ringing again; 32: back in line */
  assert_string_equal(announced(ACDR_ANNOUNCE_POSITION),
                      "c1:1:-1 c1:1:-1 ");
  h_hangup(h, "c1", S(34));
  rec_conserved(h);
}

H_TEST_WITH(estimated_wait_grows_with_the_queue, start) {
  acdr_queue_info qi;
  int64_t w1, w2, w3;
  size_t base;
  voice_queue(h, "q", 30000);
  h_agents(h, "a1 a2");
  h_members(h, "q", "a1:0:0 a2:0:0");
  h_login(h, "a1", S(0));
  /* three calls of 120 s: AHT 120 s */
  handle(h, "h1", "q", "a1", S(1), 120000);
  handle(h, "h2", "q", "a1", S(200), 120000);
  handle(h, "h3", "q", "a1", S(400), 120000);
  /* a1 busy, a2 logged out: one serving slot */
  h_arrive(h, "b1", "q", S(600));
  h_accept(h, "b1", "a1", S(600));
  base = nrecs;
  h_arrive(h, "c1", "q", S(601));
  h_arrive(h, "c2", "q", S(602));
  h_arrive(h, "c3", "q", S(603));
  assert_int_equal(nrecs, base + 3);
  assert_int_equal(recs[base + 2].type, ACDR_ACTION_QUEUED);
  w1 = recs[base].value_ms;
  w2 = recs[base + 1].value_ms;
  w3 = recs[base + 2].value_ms;
  assert_int_equal(w1, 120000);
  assert_int_equal(w2, 240000);
  assert_int_equal(w3, 360000);
  assert_int_equal(acdr_queue_get_info(h->e, "q", S(603), &qi), 0);
  assert_int_equal(qi.estimated_wait_ms, 480000);
  /* a2 logs in and takes c1: two busy slots now */
  h_login(h, "a2", S(604));
  h_accept(h, "c1", "a2", S(604));
  assert_int_equal(acdr_queue_get_info(h->e, "q", S(604), &qi), 0);
  assert_int_equal(qi.estimated_wait_ms, 180000); /* 3 x 120 / 2 */
  /* an idle ready agent means no wait for the first in line */
  h_hangup(h, "b1", S(700));
  h_hangup(h, "c1", S(700));
  h_hangup(h, "c2", S(700));
  h_hangup(h, "c3", S(700));
  assert_int_equal(acdr_queue_get_info(h->e, "q", S(701), &qi), 0);
  assert_int_equal(qi.estimated_wait_ms, 0);
  /* nobody available: cannot estimate */
  assert_int_equal(acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AWAY, NULL,
                                         S(702)), 0);
  assert_int_equal(acdr_agent_set_status(h->e, "a2", ACDR_AGENT_AWAY, NULL,
                                         S(702)), 0);
  assert_int_equal(acdr_queue_get_info(h->e, "q", S(703), &qi), 0);
  assert_int_equal(qi.estimated_wait_ms, -1);
  rec_conserved(h);
}

/* The average follows recent handle times: a plain mean for the first 10
 * calls, then exponential (alpha 0.1). */
H_TEST_WITH(handle_time_average, start) {
  acdr_queue_info qi;
  int i;
  char id[16];
  voice_queue(h, "q", 0);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(0));
  for (i = 0; i < 10; i++) {
    snprintf(id, sizeof(id), "w%d", i);
    handle(h, id, "q", "a1", S(1000 * (i + 1)), i < 5 ? 60000 : 100000);
  }
  /* mean of 5 x 60 s and 5 x 100 s: 80 s; position 1 with a1 idle is 0,
   * so ask for the joiner behind a busy a1 */
  h_arrive(h, "x", "q", S(20000));
  h_accept(h, "x", "a1", S(20000));
  assert_int_equal(acdr_queue_get_info(h->e, "q", S(20000), &qi), 0);
  assert_int_equal(qi.estimated_wait_ms, 80000);
  h_hangup(h, "x", S(20000) + S(180)); /* 11th sample: 80 + 0.1 x 100 */
  h_arrive(h, "y", "q", S(21000));
  h_accept(h, "y", "a1", S(21000));
  assert_int_equal(acdr_queue_get_info(h->e, "q", S(21000), &qi), 0);
  assert_int_equal(qi.estimated_wait_ms, 90000);
  h_hangup(h, "y", S(21001));
  rec_conserved(h);
}

H_TEST_WITH(chat_agent_assigned_and_over_capacity, start) {
  acdr_queue_def d;
  acdr_agent_def ad;
  h_qdef(&d, "chat", NULL);
  d.channel = ACDR_CHANNEL_CHAT;
  assert_int_equal(acdr_queue_add(h->e, &d), 0);
  acdr_agent_def_default(&ad);
  ad.id = "a1";
  ad.name = "Alice";
  ad.capacity[ACDR_CHANNEL_CHAT] = 2;
  assert_int_equal(acdr_agent_add(h->e, &ad), 0);
  h_member(h, "chat", "a1", 0, 0, 0);
  /* nobody logged in: waiting, but not "over capacity" */
  h_arrive(h, "c0", "chat", S(0));
  assert_string_equal(announced(ACDR_ANNOUNCE_OVER_CAPACITY), "");
  h_hangup(h, "c0", S(1));
  h_login(h, "a1", S(2));
  h_arrive(h, "c1", "chat", S(3));
  h_accept(h, "c1", "a1", S(4));
  h_arrive(h, "c2", "chat", S(5));
  assert_string_equal(announced(ACDR_ANNOUNCE_OVER_CAPACITY), "");
  h_accept(h, "c2", "a1", S(6));
  assert_string_equal(announced(ACDR_ANNOUNCE_AGENT_ASSIGNED),
                      "c1:0:0 c2:0:0 ");
  assert_string_equal(assigned_text(), "Alice");
  /* both slots taken: the next chat hears "over capacity", once, with its
   * position and estimated wait (-1: unknown, nothing handled yet) */
  h_arrive(h, "c3", "chat", S(7));
  assert_string_equal(announced(ACDR_ANNOUNCE_OVER_CAPACITY), "c3:1:-1 ");
  h_advance(h, S(100));
  assert_string_equal(announced(ACDR_ANNOUNCE_OVER_CAPACITY), "c3:1:-1 ");
  /* the agent away: nobody available, so that is not over capacity */
  assert_int_equal(acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AWAY, NULL,
                                         S(101)), 0);
  h_arrive(h, "c4", "chat", S(102));
  assert_string_equal(announced(ACDR_ANNOUNCE_OVER_CAPACITY), "c3:1:-1 ");
  h_hangup(h, "c1", S(103));
  h_hangup(h, "c2", S(103));
  h_hangup(h, "c3", S(103));
  h_hangup(h, "c4", S(103));
  rec_conserved(h);
}

H_TEST_WITH(voice_has_no_assigned_message, start) {
  voice_queue(h, "q", 0);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(0));
  h_arrive(h, "c1", "q", S(1));
  h_accept(h, "c1", "a1", S(2));
  h_arrive(h, "c2", "q", S(3)); /* voice: never "over capacity" */
  assert_string_equal(announced(ACDR_ANNOUNCE_AGENT_ASSIGNED), "");
  assert_string_equal(announced(ACDR_ANNOUNCE_OVER_CAPACITY), "");
  h_hangup(h, "c1", S(4));
  h_hangup(h, "c2", S(4));
  rec_conserved(h);
}

H_MAIN(T(position_announcements_repeat), T(announcements_pause_while_ringing),
       T(estimated_wait_grows_with_the_queue), T(handle_time_average),
       T(chat_agent_assigned_and_over_capacity),
       T(voice_has_no_assigned_message))
