/* SPDX-License-Identifier: MIT */
/*
 * acdroute - contacts: arrival, the events of a contact's life, queries.
 *
 * Part of the engine API (included by engine.h).  Contact states and end
 * reasons are in types.h; what the engine answers with (OFFER, QUEUED,
 * CONTACT_ENDED...) is in action.h.  Dispositions of a contact in
 * wrap-up: disposition.h.
 *
 * Threads, time, errors and memory: as engine.h.
 */
#ifndef ACDROUTE_CONTACT_H
#define ACDROUTE_CONTACT_H

#include <acdroute/types.h>
#include <acdroute/errors.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ACDR_CONTACT_DEF_V1 1
#define ACDR_CONTACT_DEF_V2 2
#define ACDR_CONTACT_DEF_VERSION ACDR_CONTACT_DEF_V2

typedef struct acdr_contact_def {
  const char *id;              /* required, unique among live contacts */
  const char *queue;           /* required */
  int32_t channel;             /* -1 (default): the queue's channel */
  int32_t priority;            /* higher first; default 0 */
  const acdr_kv *attrs;        /* customer data (language, region...) */
  size_t nattrs;
  const acdr_skill *skills;    /* required skills (minimum levels) */
  size_t nskills;
  const char *customer_id;     /* for FCR, do-not-contact, known agent */
  const char *reason;          /* contact reason (FCR per reason) */
  const char *preferred_agent; /* known agent: hold for this agent */
  int64_t preferred_hold_ms;   /* -1 (default): the queue's */
  /* since V2: the caller's place in line (docs/policies.md) */
  acdr_tstamp original_arrival; /* 0 (default): now.  An earlier time the
                                  caller first arrived (re-entry after an
                                  abandon): becomes the contact's arrival
                                  (acdr_contact_info.arrival, wait
                                  metrics) and, in a queue with time_base
                                  SYSTEM, its place in line.  Must not be
                                  after `now` */
  int64_t head_start_ms;       /* 0..31622400000 (default 0): counted as
                                  already waited when ordering the line
                                  (mod_callcenter cc_base_score, in ms);
                                  kept across transfers and overflows */
  /* since V2: penalty window */
  int32_t min_penalty;         /* -1 (default): none.  0..1000000: members
                                  with a lower penalty are not offered this
                                  contact (Asterisk QUEUE_MIN_PENALTY) */
  int32_t max_penalty;         /* -1 (default): none.  0..1000000: members
                                  with a higher penalty are not offered
                                  this contact (QUEUE_MAX_PENALTY).  The
                                  window is kept across transfers */
  /* since V2: queue rules (app_queue Queue() rule, QUEUE_RAISE_PENALTY) */
  const char *rule;            /* NULL (default): the queue's default_rule;
                                  "": none; else a rule of the queue
                                  (acdr_queue_def.rules) whose steps change
                                  the window while the contact waits,
                                  counted from its entry into the queue.
                                  Kept by name across transfers (a queue
                                  without that rule: none) */
  int32_t raise_penalty;       /* -1 (default): none.  0..1000000: members
                                  with a lower penalty count as having this
                                  one for this contact: the window and the
                                  tier order see the raised penalty
                                  (QUEUE_RAISE_PENALTY) */
} acdr_contact_def;

/** Fill *def with the defaults of struct version `version`: the queue's
 * channel, priority 0, no attributes, the queue's known-agent hold, no
 * penalty window, the queue's default rule, no raise.  Does nothing if
 * def is NULL. */
ACDROUTE_EXTERN void acdr_contact_def_default_versioned(int version,
                                                        acdr_contact_def *d);
#define acdr_contact_def_default(DEF)                                        \
  acdr_contact_def_default_versioned(ACDR_CONTACT_DEF_VERSION, (DEF))

/**
 * acdr_contact_arrive - a contact arrives in a queue.
 *
 * The engine queues it (QUEUED action) and offers it to agents if any can
 * take it.  A contact refused by a policy (queue full, closed, no agents)
 * still succeeds: the host gets OVERFLOW and/or CONTACT_ENDED actions with
 * the reason.  Errors: INVALID_ARGUMENT, VERSION, DUPLICATE_ID,
 * QUEUE_NOT_FOUND, CHANNEL, LIMIT, TIME_BACKWARDS, NOMEM.
 */
ACDROUTE_EXTERN int acdr_contact_arrive_versioned(acdr_engine *engine,
                                                  int version,
                                                  const acdr_contact_def *def,
                                                  acdr_tstamp now);
#define acdr_contact_arrive(E, DEF, NOW)                                     \
  acdr_contact_arrive_versioned((E), ACDR_CONTACT_DEF_VERSION, (DEF), (NOW))

/** The agent answers an offer.  Other offers of the contact are cancelled.
 * Errors: CONTACT_NOT_FOUND, AGENT_NOT_FOUND, NOT_OFFERED. */
ACDROUTE_EXTERN int acdr_contact_accept(acdr_engine *engine,
                                        const char *contact_id,
                                        const char *agent_id,
                                        acdr_tstamp now);

/** How an offer was refused: the `how` of acdr_contact_reject.
 * (#defines in earlier 1.0 headers; same names and values.) */
typedef enum acdr_reject_how {
  ACDR_REJECT_DECLINED = 0, /* the agent declined */
  ACDR_REJECT_BUSY = 1,     /* the agent's device was busy */
  ACDR_REJECT_NO_ANSWER = 2, /* the host's own ring timer expired */
  ACDR_REJECT_UNAVAILABLE = 3 /* (since 1.1) the agent's device is
                                 unavailable or congested (app_queue
                                 CONGESTION / CHANUNAVAIL): the busy delay
                                 applies; a miss for max_missed with the
                                 queue's missed_unavail; restarts the ring
                                 timeout as busy does */
} acdr_reject_how;

/** The agent declines an offer (or its device is busy); `how` is an
 * acdr_reject_how.  The contact goes back to its place in line.  Errors:
 * CONTACT_NOT_FOUND, AGENT_NOT_FOUND, NOT_OFFERED, INVALID_ARGUMENT
 * (how). */
ACDROUTE_EXTERN int acdr_contact_reject(acdr_engine *engine,
                                        const char *contact_id,
                                        const char *agent_id, int how,
                                        acdr_tstamp now);

/** Either side hangs up.  Waiting/offered: the contact is abandoned.
 * Connected: the agent goes to wrap-up.  Errors: CONTACT_NOT_FOUND,
 * INVALID_STATE (already in wrap-up). */
ACDROUTE_EXTERN int acdr_contact_hangup(acdr_engine *engine,
                                        const char *contact_id,
                                        acdr_tstamp now);

/** Put a connected contact on hold (1) or take it off hold (0); hold time
 * is measured apart from talk time.  Errors: CONTACT_NOT_FOUND,
 * INVALID_STATE. */
ACDROUTE_EXTERN int acdr_contact_hold(acdr_engine *engine,
                                      const char *contact_id, int on,
                                      acdr_tstamp now);

/** Wrap-up of a contact is done: it ends COMPLETED and the agent's slot is
 * freed.  Errors: CONTACT_NOT_FOUND, INVALID_STATE (not in wrap-up),
 * DISPOSITION_REQUIRED. */
ACDROUTE_EXTERN int acdr_contact_wrapup_done(acdr_engine *engine,
                                             const char *contact_id,
                                             acdr_tstamp now);

/** Transfer a waiting, offered or connected contact to another queue
 * (queue_id) and/or a specific agent (agent_id, as a preferred agent).
 * The original arrival time is kept for service-level purposes.  A
 * connected contact's agent goes to wrap-up.  Errors: CONTACT_NOT_FOUND,
 * QUEUE_NOT_FOUND, AGENT_NOT_FOUND, INVALID_ARGUMENT (both NULL),
 * INVALID_STATE, CHANNEL. */
ACDROUTE_EXTERN int acdr_contact_transfer(acdr_engine *engine,
                                          const char *contact_id,
                                          const char *queue_id,
                                          const char *agent_id,
                                          acdr_tstamp now);

/** A waiting customer asks to be called back and hangs up: the contact
 * keeps its place; when its turn comes the engine emits CALLBACK and
 * offers it to an agent.  Errors: CONTACT_NOT_FOUND, INVALID_STATE. */
ACDROUTE_EXTERN int acdr_contact_request_callback(acdr_engine *engine,
                                                  const char *contact_id,
                                                  acdr_tstamp now);

/* since 1.1: conversations */

/**
 * acdr_contact_set_priority - change the priority of a live contact that
 * no agent has answered yet (Asterisk's QUEUE_PRIO change, asterisk #202).
 *
 * Place rules: a queue's line is ordered by priority (higher first), then
 * by the time the contact entered this queue, then by arrival order.  A
 * change keeps the entry time, so among the contacts of its new priority
 * the contact stands where its original wait puts it (not at the end, not
 * at the front).  A ringing contact keeps ringing; the new priority counts
 * when it returns to the line.  A raised contact that an agent is ready
 * for is offered at once.  Setting the same priority is a no-op that
 * succeeds.
 *
 * Errors: INVALID_ARGUMENT (NULL engine or id), CONTACT_NOT_FOUND,
 * RANGE (priority outside -1000000..1000000), INVALID_STATE (connected or
 * in wrap-up), TIME_BACKWARDS, NOMEM.  A refused call changes nothing.
 */
ACDROUTE_EXTERN int acdr_contact_set_priority(acdr_engine *engine,
                                              const char *contact_id,
                                              int32_t priority,
                                              acdr_tstamp now);

/**
 * acdr_contact_first_reply - the agent a conversation is assigned to sent
 * it its first reply (chat, email, messaging).
 *
 * The engine measures the first-response time (from the contact's entry
 * into its queue; docs/metrics.md) for the engine, the queue and the
 * agent, and disarms the queue's reply deadline.  Only a contact's first
 * reply counts: it stays replied across transfers, so a later assignment
 * of it has no reply deadline.
 *
 * Errors: INVALID_ARGUMENT (NULL engine or id), CONTACT_NOT_FOUND,
 * AGENT_NOT_FOUND, INVALID_STATE (the contact is not assigned - waiting,
 * ringing or in wrap-up - or its first reply was already reported; the
 * message says which), NOT_OFFERED (it is assigned to another agent),
 * TIME_BACKWARDS, NOMEM.  A refused call changes nothing.
 */
ACDROUTE_EXTERN int acdr_contact_first_reply(acdr_engine *engine,
                                             const char *contact_id,
                                             const char *agent_id,
                                             acdr_tstamp now);

/** Flags of acdr_contact_assign. */
#define ACDR_ASSIGN_OVER_CAPACITY 1u /* a supervisor's say-so: the agent may
                                        go past its channel capacity */
#define ACDR_ASSIGN_IGNORE_SKILLS 2u /* a supervisor's say-so: the agent may
                                        lack the contact's required skills
                                        (since 1.1) */

/**
 * acdr_contact_assign - give a waiting or ringing contact to an agent now:
 * a supervisor assigns it, or an agent picks it (the way contacts leave an
 * "unassigned inbox" queue, acdr_queue_def.inbox).
 *
 * The contact leaves its line (ringing offers are withdrawn, reason
 * WITHDRAWN) and is connected to the agent at once: CONNECTED, counted as
 * answered with the time it waited, the queue's reply deadline armed, as
 * after acdr_contact_accept.  The agent must be logged in (AVAILABLE or
 * AWAY) and a member of the contact's queue.  Without
 * ACDR_ASSIGN_OVER_CAPACITY an agent whose channel is full is refused;
 * with it the agent's load may exceed its capacity (the engine offers it
 * nothing more on that channel until the load is below it again).  The
 * agent must have each of the contact's required skills at its minimum
 * level (acdr_contact_def.skills, as the skills strategy checks them,
 * without relaxation) unless ACDR_ASSIGN_IGNORE_SKILLS is given.
 *
 * Errors: INVALID_ARGUMENT (NULL engine or ids, unknown flag bits),
 * CONTACT_NOT_FOUND, AGENT_NOT_FOUND, INVALID_STATE (the contact is
 * already connected or in wrap-up; the agent is logged out; an over-capacity
 * assignment while the agent has an offer ringing), NOT_MEMBER, CHANNEL
 * (the agent takes no contacts of that channel), LIMIT (the agent is at
 * capacity and the flag is not given), SKILLS (the agent lacks a required
 * skill or has it below the minimum, and ACDR_ASSIGN_IGNORE_SKILLS is not
 * given; the message names the skill and both levels), TIME_BACKWARDS,
 * NOMEM.  A refused call changes nothing.
 */
ACDROUTE_EXTERN int acdr_contact_assign(acdr_engine *engine,
                                        const char *contact_id,
                                        const char *agent_id, uint32_t flags,
                                        acdr_tstamp now);

#define ACDR_CONTACT_INFO_V1 1
#define ACDR_CONTACT_INFO_VERSION ACDR_CONTACT_INFO_V1

typedef struct acdr_contact_info {
  int32_t state;          /* acdr_contact_state */
  int32_t channel;
  int32_t priority;
  int32_t is_callback;
  acdr_tstamp arrival;    /* original arrival (kept across transfers) */
  acdr_tstamp answered;   /* 0 if not answered */
  uint32_t position;      /* 1-based position while waiting, else 0 */
  uint32_t offers;        /* agents ringing now */
  const char *queue_id;   /* owned by the engine */
  const char *agent_id;   /* connected/wrap-up agent, else NULL */
} acdr_contact_info;

/** Read a live contact's state (ended contacts are gone).
 * Errors: CONTACT_NOT_FOUND, INVALID_ARGUMENT. */
ACDROUTE_EXTERN int acdr_contact_get_info_versioned(const acdr_engine *engine,
                                                    const char *contact_id,
                                                    int version,
                                                    acdr_contact_info *info);
#define acdr_contact_get_info(E, ID, INFO)                                   \
  acdr_contact_get_info_versioned((E), (ID), ACDR_CONTACT_INFO_VERSION,     \
                                  (INFO))


#ifdef __cplusplus
}
#endif

#endif /* ACDROUTE_CONTACT_H */
