/* SPDX-License-Identifier: MIT */
/* Functions shared between the files of lib/core (and the modules). */
#ifndef ACDR_CORE_INTERNAL_H
#define ACDR_CORE_INTERNAL_H

#include "core/engine_int.h"
#include "util/structlen.h"

/* A deadline `ms` milliseconds after `t`, saturating at ACDR_TSTAMP_MAX:
 * near the end of the clock a deadline must not wrap to a time in the past
 * (it would fire at once, and a timer re-armed that way would spin in
 * handle_expiry).  Negative `ms` counts as 0. */
static inline acdr_tstamp acdr_deadline(acdr_tstamp t, int64_t ms) {
  acdr_tstamp d;
  if (ms <= 0) return t;
  if ((uint64_t)ms > ACDR_TSTAMP_MAX / ACDR_MILLISECONDS)
    return ACDR_TSTAMP_MAX;
  d = (acdr_tstamp)ms * ACDR_MILLISECONDS;
  return t > ACDR_TSTAMP_MAX - d ? ACDR_TSTAMP_MAX : t + d;
}

/* Action budgets: the most actions one step may emit, reserved (with
 * acdr_actions_reserve) before anything changes, so that acdr_emit always
 * finds room and a call that cannot get it fails with nothing changed. */
enum {
  ACDR_BUDGET_EVENT = 16,      /* a contact or agent event's own actions,
                                  its dispatch round included */
  ACDR_BUDGET_MOVE = 24,       /* a transfer or a disposition: the above
                                  plus leaving one queue for another */
  ACDR_BUDGET_STEP = 8,        /* a queue/timer step's own actions */
  ACDR_BUDGET_PER_OFFER = 4,   /* per ringing offer: cancel, agent state,
                                  offer to the next agent, overflow */
  ACDR_BUDGET_PER_QUEUE = 2,   /* per queue of an agent: agent state and
                                  one offer from it */
  ACDR_BUDGET_PER_WAITING = 4, /* per waiting contact a queue change moves */
  /* queue-to-queue moves one contact may make in its life: beyond them the
   * overflow policy handles it as if its queue had no overflow target,
   * which stops chains like q1 -> q2 -> q1 */
  ACDR_MAX_HOPS = 8,
  /* one waiting contact leaving through an overflow chain: announcement,
   * OVERFLOW / REQUEUED / QUEUED per hop, the end */
  ACDR_BUDGET_OVERFLOW = ACDR_BUDGET_STEP + ACDR_BUDGET_PER_OFFER * ACDR_MAX_HOPS
};

/* Budget for every contact waiting in q leaving through an overflow chain
 * (announcement + ACDR_BUDGET_OVERFLOW each). */
static inline size_t acdr_budget_evict(const acdr_queue *q) {
  return (size_t)acdr_line_len(&q->line) * (1 + ACDR_BUDGET_OVERFLOW);
}

/* Budget for a's queues losing their last logged-in member (a logs out or
 * leaves them): their waiting contacts may all overflow. */
size_t acdr_budget_last_member(const acdr_agent *a, const acdr_queue *only);

/* Queue profiles (profile.c): the index of profile `name` (-1: unknown
 * or NULL), its static name, all names; set the profile's defaults in d
 * (also d->strategy and d->profile, static strings). */
int acdr_profile_find(const char *name);
const char *acdr_profile_name(int i);
const char *const *acdr_profile_names(size_t *n);
void acdr_profile_apply(acdr_queue_def *d, int p);

/* Abandoned resume (resume.c).  reserve: for contact c abandoning q, a
 * record to commit (*out NULL when q keeps none), with room in q's index;
 * 0 or ACDR_ERR_NOMEM (nothing changed).  commit: fill it from c and keep
 * it (never fails).  find: c's record in q if not expired (or NULL);
 * drop: forget it.  new / append: a record for key (NULL: out of memory)
 * and keeping it (snapshot restore, oldest first).  first: q's oldest
 * record (then ->next).  free: all of q's. */
int acdr_resume_reserve(acdr_engine *e, acdr_queue *q, const acdr_contact *c,
                        acdr_resume_rec **out);
void acdr_resume_commit(acdr_engine *e, acdr_queue *q, acdr_resume_rec *r,
                        const acdr_contact *c);
const acdr_resume_rec *acdr_resume_find(acdr_engine *e, acdr_queue *q,
                                        const acdr_contact *c);
void acdr_resume_drop(acdr_engine *e, acdr_queue *q,
                      const acdr_resume_rec *r);
acdr_resume_rec *acdr_resume_new(acdr_engine *e, acdr_queue *q,
                                 const char *key);
void acdr_resume_append(acdr_engine *e, acdr_queue *q, acdr_resume_rec *r);
const acdr_resume_rec *acdr_resume_first(const acdr_queue *q);
void acdr_resume_free(acdr_engine *e, acdr_queue *q);

/* What acdr_lookup finds. */
typedef enum acdr_obj_kind {
  ACDR_OBJ_CONTACT,
  ACDR_OBJ_AGENT,
  ACDR_OBJ_QUEUE
} acdr_obj_kind;

/* The engine's contact / agent / queue `id` (borrowed), or NULL with *rv
 * the id check's error or ACDR_ERR_*_NOT_FOUND ("unknown <kind> ..."),
 * set through acdr_err.  *rv is 0 on success. */
void *acdr_lookup(acdr_engine *e, acdr_obj_kind kind, const char *id,
                  int *rv);
/* acdr_enter, then acdr_lookup: NULL with *rv on either error, having
 * left the engine (acdr_leave) if the lookup failed. */
void *acdr_enter_lookup(acdr_engine *e, acdr_tstamp now, acdr_obj_kind kind,
                        const char *id, int *rv);

/* The opening of a public getter that fills `T *out` (struct KIND) for
 * struct version `version`: an old version goes through the latest (CALL:
 * the same function with the latest version and &acdr_latest_, see
 * ACDR_STRUCT_OUT), then acdr_check_out(e, out, NAME, ..., WHAT).
 * Declares `int rv`. */
#define ACDR_GETTER_OPEN(KIND, T, NAME, WHAT, CALL)                          \
  ACDR_STRUCT_OUT(KIND, T, version, out, CALL);                              \
  int rv = acdr_check_out(e, out, NAME, version, ACDR_##KIND##_VERSION,      \
                          WHAT);                                             \
  if (rv) return rv

/* acdr_lookup with the type of each kind (*out NULL on error). */
int acdr_find_agent(acdr_engine *e, const char *id, acdr_agent **out);
int acdr_find_queue(acdr_engine *e, const char *id, acdr_queue **out);
int acdr_find_contact(acdr_engine *e, const char *id, acdr_contact **out);

int acdr_skills_copy(acdr_engine *e, const acdr_skill *in, size_t n,
                     acdr_agent_skill **out, const char *owner);
void acdr_skills_free(acdr_engine *e, acdr_agent_skill *s, size_t n);
int acdr_kv_copy(acdr_engine *e, const acdr_kv *in, size_t n, acdr_kv **out);
void acdr_kv_free(acdr_engine *e, acdr_kv *p, size_t n);

/* The checks acdr_agent_add / acdr_queue_add / acdr_contact_arrive make
 * on a definition (latest struct version), without changing or allocating
 * anything, so that documents (configurations, snapshots) refuse at
 * validation exactly what the calls would refuse.  Skill lists are not
 * checked here (acdr_skills_copy does, and interns).  The contact check
 * also finds its queue (*pq) and refuses a known id. */
int acdr_agent_def_check(acdr_engine *e, const acdr_agent_def *d);
int acdr_queue_def_check(acdr_engine *e, const acdr_queue_def *d);
int acdr_contact_def_check(acdr_engine *e, const acdr_contact_def *d,
                           acdr_queue **pq);

void acdr_agent_delay(acdr_engine *e, acdr_agent *a, acdr_tstamp until);
void acdr_agent_force_away(acdr_engine *e, acdr_agent *a, const char *reason);
/* An offer to a in q ended unanswered (ACDR_REJECT_*): delay, max_missed,
 * on-demand (agent.c). */
void acdr_agent_missed(acdr_engine *e, acdr_agent *a, const acdr_queue *q,
                       int how);
/* The wrap-up of a's contacts from q: the membership's, else the
 * agent's, else the queue's (member_settings.c). */
int64_t acdr_member_wrapup_ms(const acdr_agent *a, const acdr_queue *q);
/* An on-demand agent's offer or talk ended: set it AWAY "on-demand". */
void acdr_agent_on_demand_done(acdr_engine *e, acdr_agent *a);
void acdr_member_detach(acdr_engine *e, acdr_member *m);
/* queue.avail_slots: add (sign 1) or remove (-1) agent a's share in each
 * of its queues; call with -1 before and 1 after changing a's status or
 * capacity. */
void acdr_agent_slots(acdr_agent *a, int sign);

/* offers */
void acdr_offer_unlink(acdr_engine *e, acdr_offer *o);
/* unlink + free the agent's slot */
void acdr_offer_release(acdr_engine *e, acdr_offer *o);
void acdr_offer_emit_cancel(acdr_engine *e, acdr_contact *c, acdr_agent *a,
                            int reason);
/* An offer was not taken: how = ACDR_REJECT_*; timeout = 1 when the
 * engine's ring timer expired. */
void acdr_offer_missed(acdr_engine *e, acdr_offer *o, int how, int timeout);

/* Free the later known-agent steps of c (customer memory's owner, last
 * agent); the current one (preferred_agent) stays. */
void acdr_contact_known_clear(acdr_engine *e, acdr_contact *c);

/* deferred dispatch: collected during a step, run by acdr_dispatch_flush
 * (also called by acdr_leave) */
void acdr_dispatch_agent_later(acdr_engine *e, acdr_agent *a);
void acdr_dispatch_queue_later(acdr_engine *e, acdr_queue *q);
void acdr_dispatch_flush(acdr_engine *e);

acdr_contact *acdr_contact_alloc(acdr_engine *e, const char *id,
                                 const char *customer, const char *reason);
void acdr_contact_talk_end(acdr_engine *e, acdr_contact *c, int wrap);
/* Record the end of a talk of agent a for queue q at `now` (the times and
 * counts of the peers' idle rules: agent.c). */
void acdr_agent_talk_ended(acdr_agent *a, const acdr_queue *q,
                           acdr_tstamp now);
void acdr_contact_pull(acdr_engine *e, acdr_contact *c);
/* Where c's place in q's line counts from (acdr_contact.line_at): its
 * arrival (time base SYSTEM) or its entry into q, less its head start. */
acdr_tstamp acdr_contact_line_at(const acdr_contact *c, const acdr_queue *q);
/* The 1-based place in line of waiting contact c (in its queue's line)
 * that QUEUED / ANNOUNCE / acdr_contact_info give: its rank, plus the
 * ringing contacts ahead of it when its queue's position_counts_ringing
 * is set.  O(log n), or O(members + offers) with that setting. */
uint32_t acdr_contact_position(const acdr_contact *c);
void acdr_contact_move(acdr_engine *e, acdr_contact *c, acdr_queue *to);
void acdr_contact_wrapup_maybe_end(acdr_engine *e, acdr_contact *c);
/* The first-reply deadline of a connected contact passed (contact.c). */
void acdr_contact_reply_overdue(acdr_engine *e, acdr_contact *c,
                                acdr_tstamp now);

#endif
