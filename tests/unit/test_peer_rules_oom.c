/* SPDX-License-Identifier: MIT */
/* Allocation failure on the queue-rule paths (a queue defined and updated
 * with rules and a default rule, contacts arriving with a rule and a
 * raise, the configuration export and reload, a per-queue wrap-up, a
 * snapshot and restore):
 * an allocator fails the k-th allocation, for every k.  Each call either
 * succeeds or returns ACDR_ERR_NOMEM with the engine as before; the
 * scenario goes on; nothing leaks. */
#include "harness.h"
#include "failmem.h"

#include <stdlib.h>
#include <string.h>

static const acdr_penalty_change rules[] = {
    {"wide", 10000, 3, 0, 0, ACDR_PC_MAX_RELATIVE | ACDR_PC_MIN_RELATIVE},
    {"wide", 20000, 9, 0, 1, ACDR_PC_MIN_RELATIVE},
    {"up", 0, 0, 0, 2, ACDR_PC_MAX_RELATIVE | ACDR_PC_MIN_RELATIVE}};

typedef struct obs {
  acdr_engine_counts counts;
  acdr_queue_info q;
  acdr_tstamp expiry;
} obs;

static void observe(acdr_engine *e, obs *o) {
  memset(o, 0, sizeof(*o));
  assert_int_equal(acdr_engine_get_counts(e, &o->counts), 0);
  (void)acdr_queue_get_info(e, "q", acdr_engine_now(e), &o->q);
  o->q.strategy = NULL;
  o->expiry = acdr_engine_get_expiry(e);
}

static int same(const obs *x, const obs *y) {
  return memcmp(&x->counts, &y->counts, sizeof(x->counts)) == 0 &&
         x->q.waiting == y->q.waiting && x->q.offered == y->q.offered &&
         x->q.members == y->q.members && x->expiry == y->expiry;
}

#define NSTEPS 18

static int step(acdr_engine *e, int i, char **doc) {
  acdr_agent_def ad;
  acdr_queue_def qd;
  acdr_contact_def cd;
  acdr_agent_def_default(&ad);
  acdr_queue_def_default(&qd);
  qd.id = "q";
  qd.strategy = "ringall";
  qd.ring_timeout_ms = 0;
  qd.rules = rules;
  qd.nrules = 3;
  qd.default_rule = "wide";
  acdr_contact_def_default(&cd);
  cd.queue = "q";
  cd.min_penalty = 0;
  cd.max_penalty = 0;
  switch (i) {
    case 0: ad.id = "a1"; return acdr_agent_add(e, &ad);
    case 1: ad.id = "a5"; return acdr_agent_add(e, &ad);
    case 2: return acdr_queue_add(e, &qd);
    case 3: return acdr_queue_member_add(e, "q", "a1", 1, 0, S(1));
    case 4: return acdr_queue_member_add(e, "q", "a5", 5, 1, S(1));
    case 5: return acdr_agent_login(e, "a5", S(2));
    case 6: cd.id = "c1"; return acdr_contact_arrive(e, &cd, S(3));
    case 7:
      cd.id = "c2";
      cd.rule = "up";
      cd.raise_penalty = 0;
      return acdr_contact_arrive(e, &cd, S(4));
    case 8: return acdr_engine_handle_expiry(e, S(13));
    case 9:
      qd.penalty_members_limit = 1;
      qd.nrules = 2;
      return acdr_queue_update(e, &qd, S(14));
    case 10: {
      int rv;
      size_t len;
      acdr_free(e, *doc);
      *doc = NULL;
      rv = acdr_config_export(e, doc, &len);
      return rv;
    }
    case 11:
      return acdr_config_apply(e, *doc, strlen(*doc), 0, S(15));
    case 12: return acdr_agent_login(e, "a1", S(16));
    case 13: return acdr_engine_handle_expiry(e, S(40));
    case 14:
      /* a per-queue wrap-up: the member's wake-up on the agent's timer */
      qd.wrapup_scope = ACDR_WRAPUP_QUEUE;
      qd.wrapup_ms = 5000;
      qd.default_rule = NULL;
      qd.nrules = 0;
      return acdr_queue_update(e, &qd, S(41));
    case 15: return acdr_contact_accept(e, "c1", "a1", S(42));
    case 16: return acdr_contact_hangup(e, "c1", S(43));
    default: return acdr_engine_handle_expiry(e, S(60));
  }
}

static void run_with_failure(long fail_at, long *total) {
  failmem fm;
  acdr_mem mem;
  acdr_options opt;
  acdr_callbacks cb;
  acdr_engine *e = NULL;
  char *doc = NULL;
  int i;
  failmem_init(&fm, &mem, 0);
  acdr_options_default(&opt);
  opt.mem = &mem;
  memset(&cb, 0, sizeof(cb));
  cb.on_action = h_count_action;
  assert_int_equal(acdr_engine_new(&e, &cb, &opt, NULL), 0);
  fm.count = 0;
  fm.fail_at = fail_at;
  for (i = 0; i < NSTEPS; i++) {
    obs before, after;
    int rv;
    long n0 = h_nactions;
    observe(e, &before);
    rv = step(e, i, &doc);
    if (rv == ACDR_ERR_NOMEM) {
      observe(e, &after);
      if (!same(&before, &after))
        fail_msg("k=%ld step %d: NOMEM but state changed", fail_at, i);
      assert_int_equal(h_nactions, n0);
      assert_int_equal(acdr_engine_check(e), 0);
      fm.fail_at = 0; /* the scenario goes on */
      rv = step(e, i, &doc);
    }
    if (rv) fail_msg("k=%ld step %d: rv=%d %s", fail_at, i, rv,
                     acdr_engine_last_error(e));
    if (acdr_engine_check(e) != 0)
      fail_msg("k=%ld step %d: %s", fail_at, i, acdr_engine_last_error(e));
  }
  *total = fm.count;
  {
    /* a snapshot restored into a fresh engine under the same allocator */
    char *snap = NULL;
    size_t len;
    acdr_engine *b = NULL;
    int rv;
    fm.fail_at = 0;
    assert_int_equal(acdr_engine_snapshot(e, &snap, &len), 0);
    assert_int_equal(acdr_engine_new(&b, &cb, &opt, NULL), 0);
    fm.count = 0;
    fm.fail_at = fail_at;
    rv = acdr_engine_restore(b, snap, len);
    assert_true(rv == 0 || rv == ACDR_ERR_NOMEM);
    fm.fail_at = 0;
    acdr_free(e, snap);
    acdr_engine_del(b);
  }
  acdr_free(e, doc);
  acdr_engine_del(e);
  if (fm.live != 0) fail_msg("k=%ld: %ld blocks leaked", fail_at, fm.live);
}

static void every_allocation_fails_once(void **state) {
  long total = 0, k, n;
  (void)state;
  run_with_failure(0, &total);
  assert_true(total > 20);
  for (k = 1; k <= total; k++) run_with_failure(k, &n);
}

H_MAIN(T(every_allocation_fails_once))
