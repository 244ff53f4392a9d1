/* SPDX-License-Identifier: MIT */
/*
 * The hook table: how modules (policies, dispositions, metrics, the event
 * log) attach to the core.  The core calls hooks; it never names a module
 * and uses no symbol defined outside lib/core and lib/util.  A module is a
 * vtable (acdr_module_vt, every member optional) plus its per-engine state;
 * the composition root (lib/acdroute.c) attaches each module once, in a
 * fixed order, when it builds an engine.
 *
 * Hooks take the engine; a module finds its state with
 * acdr_module_state() (a few pointer comparisons), so a module's own
 * functions can serve as hooks without adapters.
 *
 * Two kinds of hooks:
 * - observers (contact, contact_ended, agent_time, ... event): every
 *   attached module that has one is called, in attach order;
 * - services (admit, wrapup_may_end, summary, estimated_wait, is_open,
 *   overflow, deadline): one answer is needed; the last attached module
 *   that has one answers, and without any the core's default applies.
 *
 * Payloads carry what a hook needs: the ENDED contact hook carries the
 * contact's disposition summary (from the summary service), so metrics
 * never calls dispositions.  All hooks run inside a public call, on the
 * event path: they must be O(1) (amortised) and never fail half-way
 * (reserve first, as the core does).
 */
#ifndef ACDR_CORE_HOOKS_H
#define ACDR_CORE_HOOKS_H

#include "core/engine_int.h"

struct acdr_event; /* core/event.h */

/* Contact events of the `contact` observer. */
typedef enum acdr_hook {
  ACDR_HOOK_ARRIVED,      /* contact entered its first queue */
  ACDR_HOOK_QUEUED,       /* contact entered a queue (incl. transfer) */
  ACDR_HOOK_ANSWERED,
  ACDR_HOOK_TALK_END,     /* connected contact hung up -> wrap-up */
  ACDR_HOOK_ENDED,        /* terminal */
  ACDR_HOOK_OVERFLOWED,
  ACDR_HOOK_TRANSFERRED,
  ACDR_HOOK_MISSED,       /* offer not answered / rejected */
  ACDR_HOOK_CALLBACK,     /* waiting contact turned into a callback */
  ACDR_HOOK_REPLIED,      /* first reply of a connected contact (agent) */
  ACDR_HOOK_REPLY_OVERDUE /* no first reply in time; still connected to
                             the agent (its queue's reply_overdue says
                             whether it is taken away next) */
} acdr_hook;

/* How a contact was dispositioned, as far as the core's observers need. */
typedef struct acdr_disp_summary {
  const char *primary;          /* primary code id, NULL if none */
  uint32_t attrs;               /* ACDR_DISPO_* of the primary code */
  size_t ntags;
  const char *const *tags;      /* extra codes */
} acdr_disp_summary;

/* Payload of the `contact` observer.  Pointers are valid during the call. */
typedef struct acdr_contact_hook {
  acdr_hook kind;
  acdr_contact *contact;
  acdr_agent *agent;                    /* may be NULL */
  /* ENDED only: the contact's disposition, NULL when it has none */
  const acdr_disp_summary *disposition;
} acdr_contact_hook;

/* An ended contact as the closed_contact service gives it. */
typedef struct acdr_closed_contact {
  const char *queue;   /* queue it ended in, NULL if unknown */
  const char *agent;   /* its last agent, NULL if none */
  const char *primary; /* primary disposition code, NULL if none */
} acdr_closed_contact;

struct acdr_module_vt {
  const char *name;
  /* Frees the module state st (engine teardown). */
  void (*free)(acdr_engine *e, void *st);

  /* ---- observers ---- */
  void (*contact)(acdr_engine *e, const acdr_contact_hook *h);
  /* c just reached a terminal state; runs before the ENDED contact hook
   * (dispositions apply automatic codes and rules here). */
  void (*contact_ended)(acdr_engine *e, acdr_contact *c);
  void (*contact_free)(acdr_engine *e, acdr_contact *c);
  /* Just BEFORE an agent's status or activity changes. */
  void (*agent_time)(acdr_engine *e, acdr_agent *a);
  void (*agent_free)(acdr_engine *e, acdr_agent *a);
  void (*queue_free)(acdr_engine *e, acdr_queue *q);
  /* The last logged-in member of q left. */
  void (*queue_empty)(acdr_engine *e, acdr_queue *q);
  /* c joined q's line (arm per-contact timers). */
  void (*joined)(acdr_engine *e, acdr_contact *c);
  /* c was assigned to a (chat "agent assigned" announcement). */
  void (*assigned)(acdr_engine *e, acdr_contact *c, acdr_agent *a);
  /* c's handling (talk, hold, wrap-up) ended. */
  void (*handled)(acdr_engine *e, acdr_contact *c);
  /* One successful state-changing call (core/event.h). */
  void (*event)(acdr_engine *e, const struct acdr_event *ev);

  /* ---- services ---- */
  /* 1 if c joins q's line, 0 if the module handled it (ended or moved it,
   * actions emitted).  Default: 1. */
  int (*admit)(acdr_engine *e, acdr_contact *c, acdr_queue *q);
  /* 0 if c's wrap-up may end now, else an acdr_error with a message.
   * Default: 0. */
  int (*wrapup_may_end)(acdr_engine *e, acdr_contact *c);
  /* Fill *out for c (valid while c lives); 1 with a disposition, else 0.
   * Default: 0. */
  int (*summary)(acdr_engine *e, const acdr_contact *c,
                 acdr_disp_summary *out);
  /* Estimated wait (ms) at position pos of q; -1 unknown.  Default -1. */
  int64_t (*estimated_wait)(acdr_engine *e, acdr_queue *q,
                            uint32_t pos);
  /* Whether q is open at `now`.  Default: 1. */
  int (*is_open)(acdr_engine *e, acdr_queue *q, acdr_tstamp now);
  /* c leaves its queue for the overflow target of `cause`
   * (acdr_overflow_cause).  Default: c ends as OVERFLOWED. */
  void (*overflow)(acdr_engine *e, acdr_contact *c, int cause);
  /* A module deadline of c passed (ACDR_CT_MAX_WAIT, ACDR_CT_ANNOUNCE). */
  void (*deadline)(acdr_engine *e, acdr_contact *c, int kind,
                   acdr_tstamp now);
  /* The known agents of arriving contact c (customer memory): up to max
   * agent ids in order into ids (valid during the call) with their
   * acdr_known_kind into kinds; returns how many.  Default: 0. */
  size_t (*known_agents)(acdr_engine *e, const acdr_contact *c,
                         acdr_queue *q, const char **ids, uint8_t *kinds,
                         size_t max);

  /* ---- outbound (lib/core/outbound.c) ---- */
  /* Observer: an outbound request to a number on the do-not-contact list
   * was refused at q (metrics counts it). */
  void (*outbound_refused)(acdr_engine *e, acdr_queue *q);
  /* Service: 1 if `key` may be contacted at the engine's time; else 0
   * and *until the end of the entry (ACDR_TSTAMP_MAX: none).  Default:
   * 1. */
  int (*may_contact)(acdr_engine *e, const char *key, acdr_tstamp *until);
  /* Service: where an ended contact `cid` ended (survey scores): 1 and
   * *out filled (strings valid during the call) if it is in the history,
   * else 0.  Default: 0. */
  int (*closed_contact)(acdr_engine *e, const char *cid,
                        acdr_closed_contact *out);
};

/* Attach a module (vt static, st owned by the module and freed by
 * vt->free).  Returns 0, or ACDR_ERR_LIMIT when ACDR_MODULES_MAX are
 * attached (vt->free is not called then). */
int acdr_module_attach(acdr_engine *e, const acdr_module_vt *vt, void *st);
/* The state of the attached module `vt`, or NULL.  The first attached
 * module (metrics, which looks itself up on every event) is tested before
 * the loop: measured, this saves 0.14% of the lifecycle's instructions. */
static inline void *acdr_module_state(const acdr_engine *e,
                                      const acdr_module_vt *vt) {
  size_t i;
  if (e->nmodules && e->modules[0].vt == vt) return e->modules[0].st;
  for (i = 1; i < e->nmodules; i++)
    if (e->modules[i].vt == vt) return e->modules[i].st;
  return NULL;
}
/* Replace the state of the attached module `vt` (the old one is NOT
 * freed: the caller owns it now).  Returns the old state. */
void *acdr_module_swap(acdr_engine *e, const acdr_module_vt *vt, void *st);
/* A module's accessors, as static inline functions: OF(e) its state (a
 * T *, or NULL when the module is not attached) and SET(e, st) to install
 * another state (the previous one is not freed). */
#define ACDR_MODULE_STATE(T, VT, OF, SET)                                    \
  static inline T *OF(const acdr_engine *e) {                               \
    return (T *)acdr_module_state(e, &VT);                                  \
  }                                                                          \
  static inline void SET(acdr_engine *e, T *st) {                            \
    (void)acdr_module_swap(e, &VT, st);                                      \
  }

/* Free every module state, last attached first (engine teardown). */
void acdr_modules_free(acdr_engine *e);

/* ---- calling the hooks ----
 * One function per hook, with the arguments of the vtable member: the
 * observers call every implementer in attach order, the services the last
 * one or apply the default given in acdr_module_vt.  None allocates or
 * fails.  The ones the core calls on every event are inline, so the call
 * goes straight to the implementers. */

#define ACDR_HOOK_EACH(HOOK, ...)                                          \
  do {                                                                     \
    size_t i_;                                                             \
    for (i_ = 0; i_ < e->hook_n[ACDR_HS_##HOOK]; i_++)                     \
      e->modules[e->hook_mod[ACDR_HS_##HOOK][i_]].vt->HOOK(e, __VA_ARGS__); \
  } while (0)
/* The implementer of a service (the last attached), or NULL. */
#define ACDR_HOOK_PROVIDER(HOOK)                                           \
  (e->hook_n[ACDR_HS_##HOOK]                                               \
       ? &e->modules[e->hook_mod[ACDR_HS_##HOOK]                           \
                                [e->hook_n[ACDR_HS_##HOOK] - 1]]           \
       : NULL)
/* The service's answer, or DEFAULT without an implementer. */
#define ACDR_HOOK_CALL(HOOK, DEFAULT, ...)                                 \
  (e->hook_n[ACDR_HS_##HOOK]                                               \
       ? ACDR_HOOK_PROVIDER(HOOK)->vt->HOOK(e, __VA_ARGS__)                \
       : (DEFAULT))

static inline void acdr_hook_contact(acdr_engine *e, acdr_hook kind,
                                     acdr_contact *c, acdr_agent *a) {
  acdr_contact_hook h;
  if (!e->hook_n[ACDR_HS_contact]) return;
  h.kind = kind;
  h.contact = c;
  h.agent = a;
  h.disposition = NULL;
  ACDR_HOOK_EACH(contact, &h);
}
/* acdr_hook_<HOOK>(e, x) for the observers that take one object. */
#define ACDR_HOOK_OBSERVER(HOOK, T)                                        \
  static inline void acdr_hook_##HOOK(acdr_engine *e, T x) {               \
    ACDR_HOOK_EACH(HOOK, x);                                               \
  }
ACDR_HOOK_OBSERVER(agent_time, acdr_agent *)
ACDR_HOOK_OBSERVER(joined, acdr_contact *)
ACDR_HOOK_OBSERVER(handled, acdr_contact *)
ACDR_HOOK_OBSERVER(contact_free, acdr_contact *)
static inline void acdr_hook_assigned(acdr_engine *e, acdr_contact *c,
                                      acdr_agent *a) {
  ACDR_HOOK_EACH(assigned, c, a);
}
static inline int acdr_hook_admit(acdr_engine *e, acdr_contact *c,
                                  acdr_queue *q) {
  return ACDR_HOOK_CALL(admit, 1, c, q);
}
static inline int acdr_hook_wrapup_may_end(acdr_engine *e, acdr_contact *c) {
  return ACDR_HOOK_CALL(wrapup_may_end, 0, c);
}
static inline int64_t acdr_hook_estimated_wait(acdr_engine *e, acdr_queue *q,
                                               uint32_t pos) {
  return ACDR_HOOK_CALL(estimated_wait, -1, q, pos);
}

static inline size_t acdr_hook_known_agents(acdr_engine *e,
                                            const acdr_contact *c,
                                            acdr_queue *q, const char **ids,
                                            uint8_t *kinds, size_t max) {
  return ACDR_HOOK_CALL(known_agents, 0, c, q, ids, kinds, max);
}

/* c reached a terminal state: contact_ended observers, then the ENDED
 * contact hook with the summary service's answer. */
void acdr_hook_ended(acdr_engine *e, acdr_contact *c);
void acdr_hook_agent_free(acdr_engine *e, acdr_agent *a);
void acdr_hook_queue_free(acdr_engine *e, acdr_queue *q);
void acdr_hook_queue_empty(acdr_engine *e, acdr_queue *q);
int acdr_hook_summary(acdr_engine *e, const acdr_contact *c,
                      acdr_disp_summary *out);
int acdr_hook_is_open(acdr_engine *e, acdr_queue *q, acdr_tstamp now);
void acdr_hook_overflow(acdr_engine *e, acdr_contact *c, int cause);
void acdr_hook_deadline(acdr_engine *e, acdr_contact *c, int kind,
                        acdr_tstamp now);
static inline void acdr_hook_outbound_refused(acdr_engine *e, acdr_queue *q) {
  ACDR_HOOK_EACH(outbound_refused, q);
}
static inline int acdr_hook_closed_contact(acdr_engine *e, const char *cid,
                                           acdr_closed_contact *out) {
  return ACDR_HOOK_CALL(closed_contact, 0, cid, out);
}
static inline int acdr_hook_may_contact(acdr_engine *e, const char *key,
                                        acdr_tstamp *until) {
  return ACDR_HOOK_CALL(may_contact, 1, key, until);
}

#endif
