/* SPDX-License-Identifier: MIT */
/* Allocation failure: run a scenario with an allocator that fails the k-th
 * allocation, for every k.  Each call either succeeds or returns
 * ACDR_ERR_NOMEM with the engine exactly as before; the scenario then goes
 * on; nothing leaks. */
#include "harness.h"
#include "failmem.h"

#include <stdlib.h>
#include <string.h>


/* Observable state. */
typedef struct obs {
  acdr_engine_counts counts;
  acdr_agent_info a[3];
  int ahave[3];
  acdr_queue_info q;
} obs;

static const char *agents[3] = {"a1", "a2", "a3"};

static void observe(acdr_engine *e, obs *o) {
  int i;
  memset(o, 0, sizeof(*o));
  assert_int_equal(acdr_engine_get_counts(e, &o->counts), 0);
  for (i = 0; i < 3; i++) {
    o->ahave[i] = acdr_agent_get_info(e, agents[i], &o->a[i]) == 0;
    o->a[i].away_reason = NULL;
  }
  (void)acdr_queue_get_info(e, "q", acdr_engine_now(e), &o->q);
  o->q.strategy = NULL;
}

static int same(const obs *x, const obs *y) {
  int i;
  if (memcmp(&x->counts, &y->counts, sizeof(x->counts))) return 0;
  for (i = 0; i < 3; i++) {
    if (x->ahave[i] != y->ahave[i]) return 0;
    if (x->ahave[i] &&
        (x->a[i].status != y->a[i].status ||
         x->a[i].activity != y->a[i].activity ||
         memcmp(x->a[i].load, y->a[i].load, sizeof(x->a[i].load))))
      return 0;
  }
  return x->q.waiting == y->q.waiting && x->q.offered == y->q.offered &&
         x->q.connected == y->q.connected && x->q.members == y->q.members;
}

#define NSTEPS 22

static int step(acdr_engine *e, int i) {
  acdr_agent_def ad;
  acdr_queue_def qd;
  acdr_contact_def cd;
  acdr_kv attr = {"lang", "en"};
  acdr_skill sk = {"english", 5};
  acdr_agent_def_default(&ad);
  acdr_queue_def_default(&qd);
  h_cdef(&cd, "q", &attr, &sk);
  cd.customer_id = "cust";
  switch (i) {
    case 0: ad.id = "a1"; ad.skills = &sk; ad.nskills = 1;
      return acdr_agent_add(e, &ad);
    case 1: ad.id = "a2"; return acdr_agent_add(e, &ad);
    case 2: ad.id = "a3"; return acdr_agent_add(e, &ad);
    case 3: qd.id = "q"; qd.wrapup_ms = 1000; return acdr_queue_add(e, &qd);
    case 4: return acdr_queue_member_add(e, "q", "a1", 0, 0, S(1));
    case 5: return acdr_queue_member_add(e, "q", "a2", 1, 0, S(1));
    case 6: return acdr_queue_member_add(e, "q", "a3", 0, 2, S(1));
    case 7: return acdr_agent_login(e, "a1", S(2));
    case 8: return acdr_agent_login(e, "a2", S(3));
    case 9: cd.id = "c1"; return acdr_contact_arrive(e, &cd, S(4));
    case 10: cd.id = "c2"; return acdr_contact_arrive(e, &cd, S(5));
    case 11: cd.id = "c3"; return acdr_contact_arrive(e, &cd, S(6));
    case 12: return acdr_contact_accept(e, "c1", "a1", S(7));
    case 13: return acdr_agent_set_status(e, "a2", ACDR_AGENT_AWAY, "lunch",
                                          S(8));
    case 14: return acdr_agent_login(e, "a3", S(9));
    case 15: return acdr_contact_hangup(e, "c1", S(20));
    case 16: return acdr_engine_handle_expiry(e, S(40));
    case 17: return acdr_contact_transfer(e, "c3", "q", "a1", S(41));
    case 18: return acdr_agent_logout(e, "a3", S(42));
    case 19: return acdr_contact_hangup(e, "c2", S(43));
    case 20: return acdr_queue_member_remove(e, "q", "a2", S(44));
    default: return acdr_engine_handle_expiry(e, S(100));
  }
}

static void run_with_failure(long fail_at, long *total, int *any_failed) {
  failmem fm;
  acdr_mem mem;
  failmem_init(&fm, &mem, 0);
  acdr_options opt;
  acdr_callbacks cb;
  acdr_engine *e = NULL;
  int i;
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
    rv = step(e, i);
    if (getenv("OOM_TRACE") && fm.failed == 1) {
      print_message("k=%ld failed in step %d rv=%d\n", fail_at, i, rv);
      fm.failed = 2;
    }
    if (rv == ACDR_ERR_NOMEM) {
      observe(e, &after);
      if (!same(&before, &after))
        fail_msg("k=%ld step %d: NOMEM but state changed", fail_at, i);
      assert_int_equal(h_nactions, n0);
      assert_int_equal(acdr_engine_check(e), 0);
      fm.fail_at = 0; /* the scenario goes on */
      rv = step(e, i);
    }
    if (rv == ACDR_ERR_NOT_OFFERED || rv == ACDR_ERR_INVALID_STATE) {
      /* a deferred offer (allocation failed while offering) changes who
       * rings; the refusal itself must leave a consistent engine */
      rv = 0;
    }
    if (rv) fail_msg("k=%ld step %d: rv=%d %s", fail_at, i, rv,
                     acdr_engine_last_error(e));
    if (acdr_engine_check(e) != 0)
      fail_msg("k=%ld step %d: %s", fail_at, i, acdr_engine_last_error(e));
  }
  *total = fm.count;
  *any_failed = fm.failed;
  acdr_engine_del(e);
  if (fm.live != 0) fail_msg("k=%ld: %ld blocks leaked", fail_at, fm.live);
}

static void every_allocation_fails_once(void **state) {
  long total = 0, k;
  int failed;
  (void)state;
  run_with_failure(0, &total, &failed);
  assert_true(total > 20);
  for (k = 1; k <= total; k++) run_with_failure(k, &total, &failed);
}

static void engine_new_fails_cleanly(void **state) {
  long k;
  (void)state;
  for (k = 1;; k++) {
    failmem fm;
    acdr_mem mem;
    failmem_init(&fm, &mem, k);
    acdr_options opt;
    acdr_engine *e = NULL;
    int rv;
    acdr_options_default(&opt);
    opt.mem = &mem;
    rv = acdr_engine_new(&e, NULL, &opt, NULL);
    if (rv == 0) {
      acdr_engine_del(e);
      assert_int_equal(fm.live, 0);
      break;
    }
    assert_int_equal(rv, ACDR_ERR_NOMEM);
    assert_null(e);
    assert_int_equal(fm.live, 0);
  }
}

H_MAIN(T(engine_new_fails_cleanly), T(every_allocation_fails_once))
