/* SPDX-License-Identifier: MIT */
/* The hook table (hooks.h): attaching modules and calling them. */
#include <string.h>

#include <acdroute/disposition.h>

#include "core/hooks.h"
#include "core/internal.h"

int acdr_module_attach(acdr_engine *e, const acdr_module_vt *vt, void *st) {
  if (e->nmodules == ACDR_MODULES_MAX)
    return acdr_err(e, ACDR_ERR_LIMIT, "more than %d modules",
                    ACDR_MODULES_MAX);
  e->modules[e->nmodules].vt = vt;
  e->modules[e->nmodules].st = st;
#define ADD_(N)                                                          \
  if (vt->N) e->hook_mod[ACDR_HS_##N][e->hook_n[ACDR_HS_##N]++] =         \
                 (uint8_t)e->nmodules;
  ACDR_HOOK_NAMES(ADD_)
#undef ADD_
  e->nmodules++;
  return 0;
}

void *acdr_module_swap(acdr_engine *e, const acdr_module_vt *vt, void *st) {
  size_t i;
  for (i = 0; i < e->nmodules; i++)
    if (e->modules[i].vt == vt) {
      void *old = e->modules[i].st;
      e->modules[i].st = st;
      return old;
    }
  return NULL;
}

void acdr_modules_free(acdr_engine *e) {
  /* a module may look itself up while it frees: detach it afterwards */
  while (e->nmodules) {
    acdr_module *m = &e->modules[e->nmodules - 1];
    if (m->vt->free) m->vt->free(e, m->st);
    e->nmodules--;
  }
  memset(e->hook_n, 0, sizeof(e->hook_n));
}

/* Tell the strategy of the tier the handling agent sits in how the
 * contact ended (outcome-based routing learns from it).  O(queues of the
 * agent). */
static void strategy_outcome(acdr_engine *e, acdr_contact *c,
                             const acdr_disp_summary *ds) {
  acdr_agent *a = c->agent;
  size_t i;
  if (!a || !c->queue || !c->queue->strategy->vt.outcome) return;
  for (i = 0; i < a->nmembers; i++) {
    acdr_member *m = a->members[i];
    if (m->queue != c->queue) continue;
    if (m->tier && m->tier->strategy->vt.outcome)
      m->tier->strategy->vt.outcome(m->tier->state, m, (acdr_contact_view *)c,
                                    (ds->attrs & ACDR_DISPO_RESOLVED) != 0,
                                    e->now);
    return;
  }
}

void acdr_hook_ended(acdr_engine *e, acdr_contact *c) {
  acdr_contact_hook h;
  acdr_disp_summary ds;
  ACDR_HOOK_EACH(contact_ended, c);
  h.kind = ACDR_HOOK_ENDED;
  h.contact = c;
  h.agent = c->agent;
  h.disposition = acdr_hook_summary(e, c, &ds) > 0 && ds.primary ? &ds : NULL;
  if (h.disposition) strategy_outcome(e, c, &ds);
  ACDR_HOOK_EACH(contact, &h);
}

void acdr_hook_agent_free(acdr_engine *e, acdr_agent *a) {
  ACDR_HOOK_EACH(agent_free, a);
}

void acdr_hook_queue_free(acdr_engine *e, acdr_queue *q) {
  ACDR_HOOK_EACH(queue_free, q);
}

void acdr_hook_queue_empty(acdr_engine *e, acdr_queue *q) {
  ACDR_HOOK_EACH(queue_empty, q);
}

int acdr_hook_summary(acdr_engine *e, const acdr_contact *c,
                      acdr_disp_summary *out) {
  memset(out, 0, sizeof(*out));
  return ACDR_HOOK_CALL(summary, 0, c, out);
}

int acdr_hook_is_open(acdr_engine *e, acdr_queue *q, acdr_tstamp now) {
  return ACDR_HOOK_CALL(is_open, 1, q, now);
}

void acdr_hook_overflow(acdr_engine *e, acdr_contact *c, int cause) {
  const acdr_module *m = ACDR_HOOK_PROVIDER(overflow);
  if (m) {
    m->vt->overflow(e, c, cause);
    return;
  }
  acdr_contact_pull(e, c);
  acdr_contact_end(e, c, ACDR_END_OVERFLOWED);
}

void acdr_hook_deadline(acdr_engine *e, acdr_contact *c, int kind,
                        acdr_tstamp now) {
  ACDR_HOOK_EACH(deadline, c, kind, now);
}
