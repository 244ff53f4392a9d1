/* SPDX-License-Identifier: MIT */
/* One heap of deadlines; acdr_engine_get_expiry() is its top. */
#include "core/engine_int.h"
#include "core/event.h"
#include "core/internal.h"
#include "core/hooks.h"

void acdr_timer_init(acdr_timer *t, acdr_timer_fn fire) {
  t->when = 0;
  t->seq = 0;
  t->heap_idx = ACDR_HEAP_NONE;
  t->fire = fire;
}

int acdr_timers_reserve(acdr_engine *e, size_t extra) {
  return acdr_heap_reserve(&e->timers, &e->mem, extra + 1);
}

int acdr_timer_arm(acdr_engine *e, acdr_timer *t, acdr_tstamp when) {
  t->when = when;
  t->seq = ++e->seq;
  if (acdr_timer_armed(t)) {
    acdr_heap_update(&e->timers, t->heap_idx);
    return 0;
  }
  return acdr_heap_push(&e->timers, &e->mem, t);
}

void acdr_timer_disarm(acdr_engine *e, acdr_timer *t) {
  if (acdr_timer_armed(t)) acdr_heap_remove(&e->timers, t->heap_idx);
}

acdr_tstamp acdr_engine_get_expiry(const acdr_engine *e) {
  const acdr_timer *t;
  if (!e) return ACDR_TSTAMP_MAX;
  t = acdr_heap_top(&e->timers);
  return t ? t->when : ACDR_TSTAMP_MAX;
}

int acdr_engine_handle_expiry(acdr_engine *e, acdr_tstamp now) {
  uint64_t seq0;
  int rv = acdr_enter(e, now);
  if (rv) return rv;
  /* Each deadline fires at most once per call: one armed during this call
   * waits for the next.  Periodic work re-arms a period after `now`, so a
   * jump in time fires it once; at the end of the clock, where the next
   * period saturates to `now` itself, this is what ends the loop. */
  seq0 = e->seq;
  for (;;) {
    acdr_timer *t = acdr_heap_top(&e->timers);
    if (!t || t->when > now || t->seq > seq0) break;
    acdr_heap_pop(&e->timers);
    t->fire(e, t, now);
    acdr_dispatch_flush(e);
  }
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_EXPIRY});
  return acdr_leave(e, 0);
}

static int timer_less(const void *a, const void *b) {
  const acdr_timer *x = a, *y = b;
  if (x->when != y->when) return x->when < y->when;
  return x->seq < y->seq;
}

static void timer_setidx(void *it, size_t idx) {
  ((acdr_timer *)it)->heap_idx = idx;
}

void acdr_timers_setup(acdr_heap *h) {
  acdr_heap_init(h, timer_less, timer_setidx);
}
