/* SPDX-License-Identifier: MIT */
/* The idle order of longest-idle, least-busy and skills when members
 * become ready out of idle order: agents logged in earlier join the queue
 * later, so the index sees idle times 4, 1, 6, 3, 5, 2 (inserted at the
 * head, the tail and in the middle).  The offers must still go longest
 * idle first (skills: best level first, then longest idle). */
#include "harness.h"

#include <stdio.h>

/* each test sets the harness up itself (out_of_order) */
static void nostart(harness *h) { (void)h; }

static void agent(harness *h, const char *id, int32_t level) {
  acdr_skill sk = {"en", level};
  acdr_agent_def d;
  acdr_agent_def_default(&d);
  d.id = id;
  d.skills = &sk;
  d.nskills = 1;
  CALL(h, acdr_agent_add(h->e, &d));
}

static void contact(harness *h, const char *id, int skills, acdr_tstamp t) {
  static const acdr_skill en = {"en", 0};
  acdr_contact_def d;
  acdr_contact_def_default(&d);
  d.id = id;
  d.queue = "q";
  if (skills) {
    d.skills = &en;
    d.nskills = 1;
  }
  CALL(h, acdr_contact_arrive(h->e, &d, t));
}

/* a2 and a5 have level 80 in "en", the others 50 */
static void out_of_order(harness *h, const char *strategy) {
  acdr_queue_def d;
  h_init(h, NULL);
  agent(h, "a1", 50);
  agent(h, "a2", 80);
  agent(h, "a3", 50);
  agent(h, "a4", 50);
  agent(h, "a5", 80);
  agent(h, "a6", 50);
  h_logins(h, "a1:1 a2:2 a3:3 a4:4 a5:5 a6:6");
  acdr_queue_def_default(&d);
  d.id = "q";
  d.strategy = strategy;
  d.ring_timeout_ms = 0;
  CALL(h, acdr_queue_add(h->e, &d));
  /* member order a4 a1 a6 a3 a5 a2: it is also the order of readiness */
  h_member(h, "q", "a4", 0, 0, S(7));
  h_member(h, "q", "a1", 0, 1, S(7));
  h_member(h, "q", "a6", 0, 2, S(7));
  h_member(h, "q", "a3", 0, 3, S(7));
  h_member(h, "q", "a5", 0, 4, S(7));
  h_member(h, "q", "a2", 0, 5, S(7));
}

static void arrive_six(harness *h, int skills) {
  static const char *ids[] = {"c1", "c2", "c3", "c4", "c5", "c6"};
  size_t i;
  for (i = 0; i < 6; i++) contact(h, ids[i], skills, S(10));
}

H_TEST_WITH(longest_idle_out_of_order, nostart) {
  out_of_order(h, "longest-idle");
  arrive_six(h, 0);
  h_expect(h, "OFFER c1 a1\nOFFER c2 a2\nOFFER c3 a3\nOFFER c4 a4\n"
              "OFFER c5 a5\nOFFER c6 a6\n");
}

H_TEST_WITH(least_busy_out_of_order, nostart) {
  out_of_order(h, "least-busy");
  arrive_six(h, 0);
  h_expect(h, "OFFER c1 a1\nOFFER c2 a2\nOFFER c3 a3\nOFFER c4 a4\n"
              "OFFER c5 a5\nOFFER c6 a6\n");
}

H_TEST_WITH(skills_without_requirement_out_of_order, nostart) {
  out_of_order(h, "skills");
  arrive_six(h, 0);
  h_expect(h, "OFFER c1 a1\nOFFER c2 a2\nOFFER c3 a3\nOFFER c4 a4\n"
              "OFFER c5 a5\nOFFER c6 a6\n");
}

H_TEST_WITH(skills_out_of_order, nostart) {
  out_of_order(h, "skills");
  arrive_six(h, 1);
  h_expect(h, "OFFER c1 a2\nOFFER c2 a5\nOFFER c3 a1\nOFFER c4 a3\n"
              "OFFER c5 a4\nOFFER c6 a6\n");
}

/* An agent that lets an offer ring out comes back with its old idle
 * time, ahead of agents that became free after it. */
H_TEST_WITH(longest_idle_reject_keeps_place, nostart) {
  out_of_order(h, "longest-idle");
  contact(h, "c1", 0, S(10));
  h_expect(h, "OFFER c1 a1\n");
  CALL(h, acdr_contact_reject(h->e, "c1", "a1", ACDR_REJECT_DECLINED,
                               S(11)));
  h_expect(h, "CANCEL c1 a1 rejected\nOFFER c1 a2\n");
  h_advance(h, S(100)); /* a1's reject delay is over */
  contact(h, "c2", 0, S(100));
  h_expect(h, "OFFER c2 a1\n");
}

/* 100 agents (idle since 1..100 s) join the queue even ones first, then
 * odd ones from the highest down: the odd ones belong in the middle of
 * the index, far from both ends.  Odd agents also speak "fr". */
static void many(harness *h, const char *strategy) {
  acdr_queue_def d;
  char id[16], spec[32];
  int i;
  h_init(h, NULL);
  for (i = 1; i <= 100; i++) {
    acdr_skill sk[2] = {{"en", 50}, {"fr", 50}};
    acdr_agent_def a;
    snprintf(id, sizeof(id), "a%03d", i);
    acdr_agent_def_default(&a);
    a.id = id;
    a.skills = sk;
    a.nskills = i % 2 ? 2 : 1;
    CALL(h, acdr_agent_add(h->e, &a));
    snprintf(spec, sizeof(spec), "%s:%d", id, i);
    h_logins(h, spec);
  }
  acdr_queue_def_default(&d);
  d.id = "q";
  d.strategy = strategy;
  d.ring_timeout_ms = 0;
  CALL(h, acdr_queue_add(h->e, &d));
  for (i = 2; i <= 100; i += 2) {
    snprintf(id, sizeof(id), "a%03d", i);
    h_member(h, "q", id, 0, 0, S(200));
  }
  for (i = 99; i >= 1; i -= 2) {
    snprintf(id, sizeof(id), "a%03d", i);
    h_member(h, "q", id, 0, 0, S(200));
  }
}

/* n contacts (requiring en + fr if `fr`); the offers must go to agents
 * first, first + step, ... */
static void serve_in_order(harness *h, int fr, int n, int first, int step) {
  static const acdr_skill enfr[] = {{"en", 0}, {"fr", 0}};
  char want[4096], cid[16];
  size_t len = 0;
  int i;
  want[0] = '\0';
  for (i = 0; i < n; i++) {
    acdr_contact_def d;
    snprintf(cid, sizeof(cid), "c%03d", i);
    acdr_contact_def_default(&d);
    d.id = cid;
    d.queue = "q";
    if (fr) {
      d.skills = enfr;
      d.nskills = 2;
    }
    CALL(h, acdr_contact_arrive(h->e, &d, S(300)));
    len += (size_t)snprintf(want + len, sizeof(want) - len,
                            "OFFER %s a%03d\n", cid, first + i * step);
  }
  h_expect(h, want);
}

H_TEST_WITH(longest_idle_far_from_both_ends, nostart) {
  many(h, "longest-idle");
  serve_in_order(h, 0, 100, 1, 1);
}

H_TEST_WITH(least_busy_far_from_both_ends, nostart) {
  many(h, "least-busy");
  serve_in_order(h, 0, 100, 1, 1);
}

H_TEST_WITH(skills_far_from_both_ends, nostart) {
  many(h, "skills");
  serve_in_order(h, 1, 50, 1, 2); /* en + fr: the odd agents */
}

H_TEST_WITH(skills_primary_far_from_both_ends, nostart) {
  many(h, "skills");
  serve_in_order(h, 0, 100, 1, 1); /* no requirement: all agents */
}

H_MAIN(T(longest_idle_out_of_order), T(least_busy_out_of_order),
       T(skills_without_requirement_out_of_order), T(skills_out_of_order),
       T(longest_idle_reject_keeps_place),
       T(longest_idle_far_from_both_ends), T(least_busy_far_from_both_ends),
       T(skills_far_from_both_ends), T(skills_primary_far_from_both_ends))
