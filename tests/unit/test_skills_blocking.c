/* SPDX-License-Identifier: MIT */
/* Waiting contacts that nobody can serve never block one that can, however
 * many there are: 1,000 contacts needing a skill nobody has (or a level
 * nobody reaches) wait ahead of a contact an idle agent can take. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { AHEAD = 1000 };

static void agent(harness *h, const char *id, const acdr_skill *sk,
                  size_t n) {
  acdr_agent_def d;
  acdr_agent_def_default(&d);
  d.id = id;
  d.skills = sk;
  d.nskills = n;
  CALL(h, acdr_agent_add(h->e, &d));
}

static void contact(harness *h, const char *id, const acdr_skill *sk,
                    size_t n, int32_t priority, acdr_tstamp t) {
  acdr_contact_def d;
  acdr_contact_def_default(&d);
  d.id = id;
  d.queue = "q";
  d.skills = sk;
  d.nskills = n;
  d.priority = priority;
  assert_int_equal(acdr_contact_arrive(h->e, &d, t), 0);
}

/* Queue q (skills, optional relax setting), agent a1 with en 50. */
static void team(harness *h, const char *relax) {
  static const acdr_skill en50[] = {{"en", 50}};
  acdr_queue_def d;
  acdr_kv p = {"relax", relax};
  agent(h, "a1", en50, 1);
  acdr_queue_def_default(&d);
  d.id = "q";
  d.strategy = "skills";
  d.ring_timeout_ms = 0;
  if (relax) {
    d.params = &p;
    d.nparams = 1;
  }
  CALL(h, acdr_queue_add(h->e, &d));
  h_members(h, "q", "a1:0:0");
}

/* `n` contacts "x0".."x<n-1>" needing `sk`, one per millisecond from t. */
static void crowd(harness *h, const acdr_skill *sk, size_t nsk, int n,
                  acdr_tstamp t) {
  char id[32];
  int i;
  for (i = 0; i < n; i++) {
    snprintf(id, sizeof(id), "x%d", i);
    contact(h, id, sk, nsk, 0, t + MS(i));
  }
}

/* The agent is idle while the crowd arrives; the servable contact behind
 * it is offered at once. */
H_TEST(arrival_behind_unservable) {
  static const acdr_skill fr[] = {{"fr", 1}};
  static const acdr_skill en[] = {{"en", 10}};
  team(h, NULL);
  h_login(h, "a1", S(1));
  crowd(h, fr, 1, AHEAD, S(2));
  h_expect(h, "");
  contact(h, "good", en, 1, 0, S(10));
  h_expect(h, "OFFER good a1\n");
  h_check(h);
}

/* The agent logs in (frees up) after everyone waits: dispatch from the
 * agent's side reaches the servable contact too, and again after the
 * agent finished it. */
H_TEST(agent_frees_up_behind_unservable) {
  static const acdr_skill fr[] = {{"fr", 1}};
  static const acdr_skill en[] = {{"en", 10}};
  team(h, NULL);
  crowd(h, fr, 1, AHEAD, S(2));
  contact(h, "good1", en, 1, 0, S(10));
  contact(h, "good2", en, 1, 0, S(11));
  h_expect(h, "");
  h_login(h, "a1", S(20));
  h_expect(h, "OFFER good1 a1\n");
  h_accept(h, "good1", "a1", S(21));
  h_hangup(h, "good1", S(30));
  assert_non_null(strstr(h_take(h), "OFFER good2 a1\n"));
  h_check(h);
}

/* A level nobody reaches is a requirement of its own: contacts needing en
 * 90 (a1 has 50) do not hide one needing en 40, nor do contacts mixing
 * requirements; a higher priority contact with the unservable requirement
 * entered later does not either. */
H_TEST(levels_and_mixed_requirements) {
  static const acdr_skill en90[] = {{"en", 90}};
  static const acdr_skill de[] = {{"de", 1}};
  static const acdr_skill en_de[] = {{"en", 10}, {"de", 1}};
  static const acdr_skill en40[] = {{"en", 40}};
  char id[32];
  int i;
  team(h, NULL);
  h_login(h, "a1", S(1));
  for (i = 0; i < AHEAD; i++) {
    snprintf(id, sizeof(id), "x%d", i);
    contact(h, id, i % 3 == 0 ? en90 : i % 3 == 1 ? de : en_de,
            i % 3 == 0 ? 1 : i % 3 == 1 ? 1 : 2, i % 2, S(2) + MS(i));
  }
  h_expect(h, "");
  contact(h, "good", en40, 1, 0, S(10));
  h_expect(h, "OFFER good a1\n");
  h_check(h);
}

/* With relaxation, contacts with one requirement relax one by one, each
 * at its own time, and are served in line order while a servable contact
 * is never held up by them. */
H_TEST(relaxation_still_reaches_each_contact) {
  static const acdr_skill en90[] = {{"en", 90}};
  static const acdr_skill en[] = {{"en", 10}};
  team(h, "30:40");
  h_login(h, "a1", S(1));
  crowd(h, en90, 1, AHEAD, S(2));
  contact(h, "good", en, 1, 0, S(5));
  h_expect(h, "OFFER good a1\n");
  h_accept(h, "good", "a1", S(6));
  h_hangup(h, "good", S(7));
  h_take(h);
  /* x0 relaxes to en 40 at 32 s: a1 (free again) takes it then */
  h_advance(h, S(31));
  h_take(h);
  h_advance(h, S(32));
  assert_non_null(strstr(h_take(h), "OFFER x0 a1\n"));
  h_check(h);
}

/* The same events after the cut, on the original and on its restored
 * copy: the actions so far and the final snapshots. */
static char *after_cut(harness *h, char **snap) {
  static const acdr_skill en[] = {{"en", 10}};
  char *log;
  int i;
  h_take(h);
  contact(h, "late", en, 1, 0, S(20));
  h_advance(h, S(35));
  for (i = 0; i < 3; i++) {
    char id[32];
    snprintf(id, sizeof(id), "x%d", i - 1);
    h_accept(h, i ? id : "late", "a1", S(36 + 2 * i));
    h_hangup(h, i ? id : "late", S(37 + 2 * i));
  }
  log = strdup(h_take(h));
  assert_int_equal(acdr_engine_snapshot(h->e, snap, NULL), 0);
  return log;
}

/* Contacts passed over are part of no saved state: a restored engine
 * passes over (or tries) the same contacts and continues identically. */
H_TEST(restored_engine_continues_identically) {
  static const acdr_skill en90[] = {{"en", 90}};
  static const acdr_skill fr[] = {{"fr", 1}};
  harness b;
  char *snap, *snap_a, *snap_b, *log_a, *log_b;
  team(h, "30:40");
  h_login(h, "a1", S(1));
  crowd(h, en90, 1, 300, S(2));
  contact(h, "f", fr, 1, 0, S(3));
  h_take(h);
  assert_int_equal(acdr_engine_snapshot(h->e, &snap, NULL), 0);
  h_init(&b, NULL);
  assert_int_equal(acdr_engine_restore(b.e, snap, strlen(snap)), 0);
  log_a = after_cut(h, &snap_a);
  log_b = after_cut(&b, &snap_b);
  assert_non_null(strstr(log_a, "OFFER late a1\n"));
  assert_non_null(strstr(log_a, "OFFER x2 a1\n")); /* x0, x1 done */
  assert_string_equal(log_a, log_b);
  assert_string_equal(snap_a, snap_b);
  free(log_a);
  free(log_b);
  acdr_free(h->e, snap);
  acdr_free(h->e, snap_a);
  acdr_free(b.e, snap_b);
  h_free(&b);
}

H_MAIN(T(arrival_behind_unservable), T(agent_frees_up_behind_unservable),
       T(levels_and_mixed_requirements),
       T(relaxation_still_reaches_each_contact),
       T(restored_engine_continues_identically))
