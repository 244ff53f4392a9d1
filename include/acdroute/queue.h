/* SPDX-License-Identifier: MIT */
/*
 * acdroute - queues: definitions, members, real-time view.
 *
 * Part of the engine API (included by engine.h).  acdr_queue_def carries
 * the settings of every layer that works per queue.  For ABI reasons they
 * all stay in this one struct, in their historical order, but each group
 * belongs to a module and is documented there:
 *   - routing (strategy, params, channel, weight, tiers): this header and
 *     sys/strategy.h, docs/strategies.md;
 *   - policies (length and wait limits, overflow, joining / leaving,
 *     announcements, no-answer handling, known agent, local time):
 *     policy.h, docs/policies.md;
 *   - dispositions (require_disposition): disposition.h,
 *     docs/dispositions.md;
 *   - metrics (sl_threshold_ms, short_abandon_ms): metrics.h,
 *     docs/metrics.md.
 * Business hours are set apart, with acdr_queue_set_hours (policy.h).
 *
 * Threads, time, errors and memory: as engine.h.
 */
#ifndef ACDROUTE_QUEUE_H
#define ACDROUTE_QUEUE_H

#include <acdroute/types.h>
#include <acdroute/errors.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ACDR_QUEUE_DEF_V1 1
#define ACDR_QUEUE_DEF_V2 2
#define ACDR_QUEUE_DEF_VERSION ACDR_QUEUE_DEF_V2

/** What a waiting contact's place in line counts from: the
 * acdr_queue_def `time_base` (mod_callcenter `time-base-score`). */
typedef enum acdr_time_base {
  ACDR_TIME_BASE_QUEUE = 0,  /* the time it entered this queue (default;
                                mod_callcenter "queue") */
  ACDR_TIME_BASE_SYSTEM = 1  /* its original arrival, kept across
                                transfers and overflows (mod_callcenter
                                "system") */
} acdr_time_base;
/* Member conditions of acdr_queue_def.join_empty and leave_empty
 * (app_queue's joinempty / leavewhenempty lists): a member in a listed condition does not count as present.
 * acdroute has no device state: unavailable, invalid and unknown all mean
 * "logged out" (app_queue removes a dynamic member at logout), inuse "on
 * a contact", ringing "an offer rings", paused "AWAY", wrapup "in
 * wrap-up".  penalty: in join_empty, a member outside the arriving
 * caller's penalty window (acdr_contact_def.min_penalty / max_penalty)
 * does not count; in leave_empty it has no effect. */
#define ACDR_EMPTY_PAUSED 0x01u
#define ACDR_EMPTY_PENALTY 0x02u
#define ACDR_EMPTY_INUSE 0x04u
#define ACDR_EMPTY_RINGING 0x08u
#define ACDR_EMPTY_UNAVAILABLE 0x10u
#define ACDR_EMPTY_INVALID 0x20u
#define ACDR_EMPTY_UNKNOWN 0x40u
#define ACDR_EMPTY_WRAPUP 0x80u
#define ACDR_EMPTY_ALL 0xffu

/** (since 1.1) What a wrap-up blocks: the acdr_queue_def `wrapup_scope`. */
typedef enum acdr_wrapup_scope {
  ACDR_WRAPUP_AGENT = 0,  /* the agent wraps up (contact state WRAPUP,
                             wrapup_done): no contact of any queue
                             (default) */
  ACDR_WRAPUP_QUEUE = 1,  /* app_queue (shared_lastcall=no): the contact
                             ends at talk end; the member is not offered
                             this queue's contacts until its wrap-up time
                             has passed since its last talk in this queue;
                             its other queues may offer at once */
  ACDR_WRAPUP_SHARED = 2  /* app_queue shared_lastcall=yes: as QUEUE,
                             counted from its last talk in any queue */
} acdr_wrapup_scope;

/** (since 1.1) One step of a queue rule (app_queue queuerules.conf
 * `penaltychange => T,max[,min[,raise]]`): once a waiting contact that
 * follows rule `rule` has been `after_ms` in the queue, its penalty window
 * changes.  Each of the three values is absolute, or added to the
 * contact's current value when its ACDR_PC_*_RELATIVE bit is set (an
 * empty field of the peer's line is relative 0: unchanged).  As app_queue
 * update_qe_rule(), a step changes only a bound the contact has (one set
 * at arrival, acdr_contact_def min_penalty / max_penalty / raise_penalty);
 * a result below 0 becomes 0, a min or raise above the max becomes the
 * max.  Steps of one rule apply in after_ms order (ties: array order). */
#define ACDR_PC_MAX_RELATIVE 1u
#define ACDR_PC_MIN_RELATIVE 2u
#define ACDR_PC_RAISE_RELATIVE 4u
typedef struct acdr_penalty_change {
  const char *rule;       /* the rule's name, required */
  int64_t after_ms;       /* 0..1 year: time in the queue */
  int32_t max_penalty;    /* -1000000..1000000 (negative: relative only) */
  int32_t min_penalty;
  int32_t raise_penalty;
  uint32_t relative;      /* ACDR_PC_* bits */
} acdr_penalty_change;

/**
 * A queue definition.
 *
 * The fields keep their V1 order (the ABI); the tag after each says which
 * module owns it and documents it:
 *   [queue]   routing, this header and sys/strategy.h (docs/strategies.md)
 *   [policy]  queue policies, policy.h (docs/policies.md)
 *   [dispo]   dispositions, disposition.h (docs/dispositions.md)
 *   [metrics] metrics, metrics.h (docs/metrics.md)
 * Defaults are those of acdr_queue_def_default().
 */
typedef struct acdr_queue_def {
  const char *id;              /* [queue] required, unique */
  const char *strategy;        /* [queue] NULL = "longest-idle" */
  const acdr_kv *params;       /* [queue] strategy settings */
  size_t nparams;              /* [queue] */
  int32_t channel;             /* [queue] acdr_channel, default VOICE */
  int32_t weight;              /* [queue] agents in several queues serve
                                  higher weights first; default 0 */
  int64_t sl_threshold_ms;     /* [metrics] service level T, default
                                  20000 */
  int64_t ring_timeout_ms;     /* [policy] per offer, default 15000;
                                  0 = none */
  int64_t wrapup_ms;           /* [policy] default 0 */
  uint32_t max_len;            /* [policy] 0 = unlimited */
  int64_t max_wait_ms;         /* [policy] 0 = unlimited */
  int32_t overflow_kind;       /* [policy] acdr_overflow_kind (action.h),
                                  default NONE: the contact ends
                                  TIMED_OUT / REJECTED */
  const char *overflow_target; /* [policy] queue id, mailbox or message */
  int32_t join_when_empty;     /* [policy] 1 (default): contacts may join
                                  when no member is logged in */
  int32_t leave_when_empty;    /* [policy] 1: waiting contacts leave
                                  (overflow) when the last member logs
                                  out; 0 default */
  int64_t announce_interval_ms;/* [policy] position/wait announcements;
                                  0 = off */
  int64_t short_abandon_ms;    /* [metrics] abandons shorter than this are
                                  "short"; default 5000 */
  uint32_t max_missed;         /* [policy] consecutive no-answers before
                                  the agent is set AWAY "no-answer";
                                  0 = never; default 3 */
  int64_t no_answer_delay_ms;  /* [policy] agent not offered again for
                                  this long after a missed offer; default
                                  5000 */
  int64_t reject_delay_ms;     /* [policy] after a reject; default 5000 */
  int64_t busy_delay_ms;       /* [policy] after a busy; default 5000 */
  int32_t require_disposition; /* [dispo] 1: wrap-up cannot end without
                                  one */
  int64_t tier_wait_ms;        /* [queue] 0 (default): a higher penalty
                                  tier is used only when lower tiers have
                                  nobody free; >0: tier k opens after
                                  k*this of waiting */
  int64_t weight_aging_ms;     /* [queue] contacts waiting longer than
                                  this are served by wait, ignoring
                                  weight; default 60000 (never starves a
                                  queue) */
  int64_t known_agent_hold_ms; /* [policy] default hold for a preferred
                                  agent, default 30000 */
  int64_t utc_offset_s;        /* [policy] business hours local time
                                  offset (see acdr_queue_set_hours) */
  /* since V2: customer memory */
  int32_t wait_for_owner;      /* [queue] 1: a contact whose customer has
                                  an owner (personal manager, customer.h)
                                  waits the owner's whole hold while the
                                  owner is logged in, even away or busy;
                                  0 (default): an owner who cannot take
                                  it within the hold is skipped, like the
                                  other known agents */
  /* since V2: conversations (docs/conversations.md) */
  int64_t reply_deadline_ms;   /* [queue] 0 (default): none; else a
                                  contact assigned to an agent with no
                                  first reply (acdr_contact_first_reply)
                                  this long after the assignment gets
                                  REPLY_OVERDUE */
  int32_t reply_overdue;       /* [queue] acdr_reply_overdue, default
                                  ALERT */
  int64_t reply_target_ms;     /* [metrics] first-response target T:
                                  first replies within T of the contact's
                                  entry are "replied_in_target"; default
                                  60000 */
  int32_t inbox;               /* [queue] 1: an "unassigned inbox": no
                                  automatic offers; contacts wait until
                                  acdr_contact_assign gives them to an
                                  agent; default 0 */
  const char *join_message;    /* [policy] NULL (default): none; else a
                                  contact joining the queue (arrival,
                                  transfer; not a callback, not after an
                                  overflow) gets ANNOUNCE MESSAGE with this
                                  text (copied; at most 16 x max_id_len
                                  bytes of UTF-8) */
  /* since V2: peer queue semantics (the caller's place, positions, weight
   * across queues; docs/policies.md "Place in line") */
  int32_t time_base;           /* [queue] acdr_time_base; default QUEUE.
                                  Applies to contacts entering the queue
                                  after it is set */
  int32_t position_counts_ringing; /* [policy] 1: the place in line given
                                  in QUEUED / ANNOUNCE actions and
                                  acdr_contact_info counts contacts ahead
                                  that are ringing an agent (app_queue);
                                  0 (default): waiting contacts only */
  int32_t weight_first;        /* [queue] agents in several queues: 1:
                                  the heavier queue wins regardless of
                                  the contacts' priorities (app_queue
                                  compare_weight); 0 (default): priority
                                  first, then weight */
  int32_t max_wait_rings_out;  /* [policy] 1: an offer ringing when
                                  max_wait_ms is reached rings on (its ring
                                  timeout still applies); the contact
                                  leaves (overflow MAX_WAIT) only if it
                                  ends unanswered, without being offered
                                  again (FreeSWITCH, Asterisk
                                  timeoutpriority=conf); 0 (default): it
                                  is withdrawn at the deadline
                                  (timeoutpriority=app) */
  int32_t ring_timeout_restart; /* [policy] 1: a busy reject of one of a
                                  contact's offers restarts the ring
                                  timeout of its other offers (Asterisk
                                  timeoutrestart, ring-all); default 0 */
  int64_t abandoned_resume_ms; /* [queue] 0 (default): off.  >0: a caller
                                  who abandons this queue while waiting or
                                  ringing and arrives in it again within
                                  this time (same customer_id, or same
                                  contact id without one) takes back its
                                  place in line, arrival and head start
                                  (mod_callcenter abandoned-resume-allowed
                                  with discard-abandoned-after) */
  const char *profile;         /* [queue] NULL (default), "acdroute",
                                  "asterisk" or "freeswitch": the peer
                                  whose defaults the definition started
                                  from (acdr_queue_def_profile, which sets
                                  it); recorded and exported, it changes
                                  no other field by itself */
  /* since V2: pre-connect delay */
  int64_t connect_delay_ms;    /* [queue] a contact entering the queue is
                                  offered to nobody before this has passed
                                  (a greeting plays first); 0 (default) =
                                  at once.  Not applied to outbound
                                  requests (outbound.h) */
  /* since V2: tier rules, ring-all across tiers (docs/policies.md,
   * "Tier rules and ring groups"; mod_callcenter's tier-rule-*) */
  int32_t tier_by_level;       /* [queue] 0 (default): with tier_wait_ms
                                  > 0 the k-th tier in use (k = 0 for the
                                  lowest penalty) opens after k*wait; 1:
                                  the penalty is the level number L and
                                  opens after L*wait (mod_callcenter), and
                                  a tier whose members are all logged out
                                  is not counted */
  int32_t tier_wait_multiply;  /* [queue] 1 (default): the wait of a tier
                                  is its number times tier_wait_ms; 0:
                                  every tier above the first opens after
                                  tier_wait_ms (tier-rule-wait-multiply-
                                  level=false) */
  int32_t tier_no_agent_no_wait; /* [queue] 0 (default); 1: a tier opens at
                                  once when no member of the tiers opened
                                  before it (since the last one opened by
                                  time) is logged in */
  int32_t ring_all_tiers;      /* [queue] 0 (default): a ring-all contact
                                  rings the lowest tier with a ready
                                  member (app_queue); 1: every ready member
                                  of every open tier (mod_callcenter) */
  int32_t ring_add_late;       /* [queue] 0 (default); 1: ring-all: a
                                  member who becomes ready while a contact
                                  rings joins its ring group
                                  (mod_callcenter); app_queue does not */
  int64_t no_agent_wait_ms;    /* [policy] 0 (default): off; > 0: once no
                                  member has been logged in for this long,
                                  waiting contacts leave (overflow
                                  NO_AGENTS) (max-wait-time-with-no-agent) */
  int64_t no_agent_grace_ms;   /* [policy] with no_agent_wait_ms: a contact
                                  leaves only after this long in the queue
                                  (max-wait-time-with-no-agent-time-
                                  reached); default 0 */
  int64_t missed_delay_ms;     /* [policy] 0 (default); > 0: a miss does
                                  not set the agent AWAY (max_missed) if
                                  the agent's last contact ended less than
                                  this long ago (app_queue autopausedelay) */
  int32_t missed_busy;         /* [policy] 0 (default); 1: ACDR_REJECT_BUSY
                                  counts as a miss for max_missed
                                  (app_queue autopausebusy) */
  int64_t retry_ms;            /* [policy] 0 (default); > 0: after an offer
                                  rang out (ring_timeout_ms) the contact
                                  is not offered again for this long
                                  (app_queue retry) */
  uint32_t join_empty;         /* [policy] 0 (default): off; else
                                  ACDR_EMPTY_* bits: a contact is refused
                                  (NO_AGENTS) when every member is in one
                                  of these conditions (app_queue
                                  joinempty) */
  uint32_t leave_empty;        /* [policy] 0 (default): off; else
                                  ACDR_EMPTY_* bits: when every member is
                                  in one of these conditions, the contacts
                                  waiting leave (NO_AGENTS), checked at the
                                  instant a member's agent changes state
                                  (app_queue leavewhenempty) */
  /* since V2: autopause in one queue */
  int32_t missed_pause_queue;  /* [policy] 0 (default): an agent reaching
                                  max_missed on an offer of this queue is
                                  set AWAY "no-answer" (every queue;
                                  app_queue autopause=all); 1: only its
                                  membership of this queue is paused
                                  (acdr_member_def.paused; app_queue
                                  autopause=yes) and it stays available
                                  to its other queues */
  /* since V2: queue rules, penaltymemberslimit, autopauseunavail
   * (app_queue queuerules.conf; docs/config.md "Queue rules") */
  const acdr_penalty_change *rules; /* [queue] the steps of every rule of
                                  the queue, grouped by name (copied); a
                                  contact follows acdr_contact_def.rule,
                                  else default_rule */
  size_t nrules;               /* [queue] 0..1024 steps */
  const char *default_rule;    /* [queue] NULL (default): none; else the
                                  rule (one of `rules`) of a contact that
                                  names none (app_queue defaultrule) */
  int32_t penalty_members_limit; /* [queue] 0 (default): off; N > 0: while
                                  the queue has N members or fewer,
                                  penalties are ignored: every member is
                                  one tier and no penalty window applies
                                  (app_queue penaltymemberslimit) */
  int32_t missed_unavail;      /* [policy] 0 (default); 1:
                                  ACDR_REJECT_UNAVAILABLE counts as a miss
                                  for max_missed (app_queue
                                  autopauseunavail) */
  int32_t wrapup_scope;        /* [queue] acdr_wrapup_scope: what the
                                  wrap-up after a contact of this queue
                                  blocks; ACDR_WRAPUP_AGENT (default) */
} acdr_queue_def;

/** Fill *def with the defaults of struct version `version` (listed field
 * by field above).  Does nothing if def is NULL. */
ACDROUTE_EXTERN void acdr_queue_def_default_versioned(int version,
                                                      acdr_queue_def *def);
#define acdr_queue_def_default(DEF)                                          \
  acdr_queue_def_default_versioned(ACDR_QUEUE_DEF_VERSION, (DEF))

/**
 * acdr_queue_def_profile - set every field that a peer's out-of-the-box
 * behaviour decides to that peer's default (since 1.1).
 *
 * `profile` is "acdroute" (this library's defaults), "asterisk"
 * (app_queue / queues.conf) or "freeswitch" (mod_callcenter).  The fields
 * set and their values per profile are listed in docs/config.md
 * ("Profiles"); every other field of *def is left as it is, and
 * def->profile is set to the profile's name (a static string).  Call it
 * on a def filled by acdr_queue_def_default(), then set what differs:
 * explicit settings win.  `version` must be ACDR_QUEUE_DEF_VERSION (V2 or
 * later; the macro passes it).  Errors: INVALID_ARGUMENT (def or profile
 * NULL, or an unknown profile name), VERSION.
 */
ACDROUTE_EXTERN int acdr_queue_def_profile_versioned(int version,
                                                     acdr_queue_def *def,
                                                     const char *profile);
#define acdr_queue_def_profile(DEF, PROFILE)                                 \
  acdr_queue_def_profile_versioned(ACDR_QUEUE_DEF_VERSION, (DEF), (PROFILE))

/** Define a queue.  Errors: INVALID_ARGUMENT, VERSION, DUPLICATE_ID,
 * UNKNOWN_STRATEGY, STRATEGY (bad strategy setting), NOMEM. */
ACDROUTE_EXTERN int acdr_queue_add_versioned(acdr_engine *engine, int version,
                                             const acdr_queue_def *def);
#define acdr_queue_add(E, DEF)                                               \
  acdr_queue_add_versioned((E), ACDR_QUEUE_DEF_VERSION, (DEF))

/** Change a queue's settings (strategy included) keeping its members and
 * waiting contacts.  Errors: as acdr_queue_add, QUEUE_NOT_FOUND,
 * INVALID_ARGUMENT (channel change with contacts present). */
ACDROUTE_EXTERN int acdr_queue_update_versioned(acdr_engine *engine,
                                                int version,
                                                const acdr_queue_def *def,
                                                acdr_tstamp now);
#define acdr_queue_update(E, DEF, NOW)                                       \
  acdr_queue_update_versioned((E), ACDR_QUEUE_DEF_VERSION, (DEF), (NOW))

/** Remove a queue.  Waiting contacts go to the overflow target if
 * `overflow_waiting` is 1; otherwise a queue with contacts is refused
 * (ERR_IN_USE).  Errors: QUEUE_NOT_FOUND, IN_USE. */
ACDROUTE_EXTERN int acdr_queue_remove(acdr_engine *engine,
                                      const char *queue_id,
                                      int overflow_waiting, acdr_tstamp now);

/** Add an agent to a queue with a penalty (tier; lower is tried first)
 * and a position (order for linear/round-robin; ties by insertion).
 * Errors: QUEUE_NOT_FOUND, AGENT_NOT_FOUND, DUPLICATE_ID (already a
 * member), LIMIT, NOMEM. */
ACDROUTE_EXTERN int acdr_queue_member_add(acdr_engine *engine,
                                          const char *queue_id,
                                          const char *agent_id,
                                          int32_t penalty, int32_t position,
                                          acdr_tstamp now);

/**
 * acdr_queue_pick_next - an agent takes the next contact of an inbox queue
 * (acdr_queue_def.inbox): the contact at position 1, or, unless flags has
 * ACDR_ASSIGN_IGNORE_SKILLS, the first in line whose required skills the
 * agent has.  The contact is assigned as by acdr_contact_assign(engine,
 * that contact, agent_id, flags, now) (flags: ACDR_ASSIGN_* of contact.h),
 * which is also its event line.
 *
 * contact_id: may be NULL; on success receives the id of the contact
 * taken (owned by the engine, valid while the contact lives), else NULL.
 *
 * Errors: INVALID_ARGUMENT (NULL engine or ids), QUEUE_NOT_FOUND,
 * AGENT_NOT_FOUND, INVALID_STATE (the queue is not an inbox queue),
 * NOT_FOUND (no contact is waiting in the queue), SKILLS (the agent lacks
 * a skill that each waiting contact requires), and every error of
 * acdr_contact_assign.  A refused call changes nothing.  Since 1.1.
 */
ACDROUTE_EXTERN int acdr_queue_pick_next(acdr_engine *engine,
                                         const char *queue_id,
                                         const char *agent_id, uint32_t flags,
                                         acdr_tstamp now,
                                         const char **contact_id);

/** Remove a member.  Its ringing offers from this queue are cancelled.
 * Errors: QUEUE_NOT_FOUND, AGENT_NOT_FOUND, NOT_MEMBER. */
ACDROUTE_EXTERN int acdr_queue_member_remove(acdr_engine *engine,
                                             const char *queue_id,
                                             const char *agent_id,
                                             acdr_tstamp now);

#define ACDR_QUEUE_INFO_V1 1
#define ACDR_QUEUE_INFO_VERSION ACDR_QUEUE_INFO_V1

typedef struct acdr_queue_info {
  uint32_t waiting;            /* contacts waiting (incl. callbacks) */
  uint32_t offered;            /* contacts ringing */
  uint32_t connected;          /* contacts connected */
  uint32_t members;
  uint32_t agents_logged_in;
  uint32_t agents_ready;       /* could take a contact now */
  uint32_t agents_busy;        /* on contact or ringing */
  uint32_t agents_wrapup;
  uint32_t agents_away;
  int32_t open;                /* 1 inside business hours */
  acdr_tstamp longest_wait_ns; /* of contacts waiting now */
  int64_t estimated_wait_ms;   /* for a contact joining now */
  const char *strategy;        /* owned by the engine */
} acdr_queue_info;

/** Real-time view of a queue.  Errors: QUEUE_NOT_FOUND, INVALID_ARGUMENT. */
ACDROUTE_EXTERN int acdr_queue_get_info_versioned(const acdr_engine *engine,
                                                  const char *queue_id,
                                                  acdr_tstamp now,
                                                  int version,
                                                  acdr_queue_info *info);
#define acdr_queue_get_info(E, ID, NOW, INFO)                                \
  acdr_queue_get_info_versioned((E), (ID), (NOW), ACDR_QUEUE_INFO_VERSION,   \
                                (INFO))

/* since 1.1: member settings (Asterisk queues.conf member options and
 * `QUEUE pause` of one queue; weighted-random weight) */
#define ACDR_MEMBER_DEF_V1 1
#define ACDR_MEMBER_DEF_VERSION ACDR_MEMBER_DEF_V1

/** (since 1.1) The settings of one queue membership.  A membership made
 * by acdr_queue_member_add has the defaults. */
typedef struct acdr_member_def {
  int32_t weight;    /* weighted-random: chance proportional to this,
                        1..1000000; 0 (default): from the penalty
                        (docs/strategies.md) */
  int32_t paused;    /* 1: paused in this queue only: not offered its
                        contacts (offers ringing from it are cancelled);
                        other queues are not affected; 0 (default) */
  int64_t wrapup_ms; /* wrap-up after a contact of this queue, 0..1 year;
                        -1 (default): the agent's wrapup_ms, else the
                        queue's */
} acdr_member_def;

/** (since 1.1) Fill *def with the defaults of struct version `version`:
 * weight 0, not paused, wrapup_ms -1.  Does nothing if def is NULL. */
ACDROUTE_EXTERN void acdr_member_def_default_versioned(int version,
                                                       acdr_member_def *def);
#define acdr_member_def_default(DEF)                                         \
  acdr_member_def_default_versioned(ACDR_MEMBER_DEF_VERSION, (DEF))

/**
 * (since 1.1) acdr_queue_member_set - replace the settings of agent_id's
 * membership of queue_id (*def is copied).  Pausing cancels the agent's
 * offers ringing from this queue (their contacts go back to their place);
 * unpausing may offer at once.  Errors: INVALID_ARGUMENT, VERSION,
 * TIME_BACKWARDS, QUEUE_NOT_FOUND, AGENT_NOT_FOUND, NOT_MEMBER, RANGE (a
 * field outside its range; nothing changed), NOMEM.
 */
ACDROUTE_EXTERN int acdr_queue_member_set_versioned(
    acdr_engine *engine, const char *queue_id, const char *agent_id,
    int version, const acdr_member_def *def, acdr_tstamp now);
#define acdr_queue_member_set(E, Q, A, DEF, NOW)                             \
  acdr_queue_member_set_versioned((E), (Q), (A), ACDR_MEMBER_DEF_VERSION,   \
                                  (DEF), (NOW))

/** (since 1.1) Read the settings of a membership into *def.  Errors:
 * INVALID_ARGUMENT, VERSION, QUEUE_NOT_FOUND, AGENT_NOT_FOUND,
 * NOT_MEMBER. */
ACDROUTE_EXTERN int acdr_queue_member_get_versioned(
    const acdr_engine *engine, const char *queue_id, const char *agent_id,
    int version, acdr_member_def *def);
#define acdr_queue_member_get(E, Q, A, DEF)                                  \
  acdr_queue_member_get_versioned((E), (Q), (A), ACDR_MEMBER_DEF_VERSION,   \
                                  (DEF))

#ifdef __cplusplus
}
#endif

#endif /* ACDROUTE_QUEUE_H */
