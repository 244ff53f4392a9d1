/* SPDX-License-Identifier: MIT */
/* Queue rules (app_queue queuerules.conf): a waiting contact's penalty
 * window, changed by the steps of its rule as it waits; penalties ignored
 * in small queues (penaltymemberslimit).  Nothing here is state: the
 * window is computed from the arrival bounds, the time in the queue and
 * the rule, so snapshots and replicas need only the rule's name. */
#include <string.h>

#include "core/engine_int.h"
#include "core/internal.h"

#define PEN_MAX 1000000

int acdr_queue_flat(const acdr_queue *q) {
  /* app_queue calc_metric(): usepenalty is 0 when the member count is at
   * or below penaltymemberslimit */
  return q->def.penalty_members_limit > 0 &&
         q->nmembers <= (size_t)q->def.penalty_members_limit;
}

int acdr_window_admits(const acdr_window *w, int32_t pen) {
  /* calc_metric(): a penalty below the raise counts as the raise, then
   * the max / min bounds apply to it */
  if (w->raise >= 0 && pen < w->raise) pen = w->raise;
  return (w->lo < 0 || pen >= w->lo) && (w->hi < 0 || pen <= w->hi);
}

const acdr_penalty_change *acdr_queue_rule_find(const acdr_queue *q,
                                                const char *name) {
  size_t i;
  for (i = 0; i < q->def.nrules; i++)
    if (strcmp(q->def.rules[i].rule, name) == 0) return &q->def.rules[i];
  return NULL;
}

/* One bound after a step: relative or absolute, not below 0 (a relative
 * change could go there), not above the engine's range. */
static int32_t step_value(int32_t cur, int32_t v, int relative) {
  int64_t x = relative ? (int64_t)cur + v : v;
  if (x < 0) x = 0;
  if (x > PEN_MAX) x = PEN_MAX;
  return (int32_t)x;
}

/* app_queue update_qe_rule(): only a bound the caller has changes; the
 * new min and raise are capped by the new max. */
static void step_apply(const acdr_penalty_change *s, acdr_window *w) {
  if (w->hi >= 0)
    w->hi = step_value(w->hi, s->max_penalty,
                       (s->relative & ACDR_PC_MAX_RELATIVE) != 0);
  if (w->lo >= 0) {
    w->lo = step_value(w->lo, s->min_penalty,
                       (s->relative & ACDR_PC_MIN_RELATIVE) != 0);
    if (w->hi >= 0 && w->lo > w->hi) w->lo = w->hi;
  }
  if (w->raise >= 0) {
    w->raise = step_value(w->raise, s->raise_penalty,
                          (s->relative & ACDR_PC_RAISE_RELATIVE) != 0);
    if (w->hi >= 0 && w->raise > w->hi) w->raise = w->hi;
  }
}

void acdr_contact_window(const acdr_contact *c, acdr_tstamp now,
                         acdr_window *w, acdr_tstamp *next) {
  const acdr_queue *q = c->queue;
  const char *name = c->ext ? c->ext->rule : NULL;
  size_t i;
  w->lo = acdr_contact_min_penalty(c);
  w->hi = acdr_contact_max_penalty(c);
  w->raise = acdr_contact_raise_penalty(c);
  if (next) *next = ACDR_TSTAMP_MAX;
  if (!name) name = q->def.default_rule;
  if (!name || !*name || (w->lo < 0 && w->hi < 0 && w->raise < 0)) return;
  /* steps are sorted by time: the first one not due is the next */
  for (i = 0; i < q->def.nrules; i++) {
    const acdr_penalty_change *s = &q->def.rules[i];
    acdr_tstamp at;
    if (strcmp(s->rule, name) != 0) continue;
    at = acdr_deadline(c->enqueued, s->after_ms);
    if (now < at) { /* wait_our_turn(): due once waited >= the time */
      if (next) *next = at;
      return;
    }
    step_apply(s, w);
  }
}

void acdr_qrules_free(acdr_engine *e, acdr_penalty_change *r, size_t n) {
  size_t i;
  if (!r) return;
  for (i = 0; i < n; i++) acdr_mem_free(&e->mem, (char *)(uintptr_t)r[i].rule);
  acdr_mem_free(&e->mem, r);
}

int acdr_qrules_copy(acdr_engine *e, const acdr_penalty_change *in, size_t n,
                    acdr_penalty_change **out) {
  acdr_penalty_change *r;
  size_t i, j;
  *out = NULL;
  if (!n) return 0;
  if (!(r = acdr_mem_calloc(&e->mem, n, sizeof(*r))))
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  for (i = 0; i < n; i++) {
    acdr_penalty_change s = in[i];
    if (!(s.rule = acdr_mem_strdup(&e->mem, in[i].rule))) {
      acdr_qrules_free(e, r, n); /* calloc: the rest are NULL */
      return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
    }
    /* insertion by time, after equal times: stable (n <= 1024) */
    for (j = i; j > 0 && r[j - 1].after_ms > s.after_ms; j--) r[j] = r[j - 1];
    r[j] = s;
  }
  *out = r;
  return 0;
}
