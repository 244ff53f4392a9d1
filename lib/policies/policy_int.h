/* SPDX-License-Identifier: MIT */
/* Shared between the files of lib/policies. */
#ifndef ACDR_POLICIES_POLICY_INT_H
#define ACDR_POLICIES_POLICY_INT_H

#include <acdroute/policy.h>

#include "core/internal.h"
#include "core/hooks.h"

/* A policy timer that cannot reserve room for its actions retries after
 * this long instead of spinning at the same instant. */
#define ACDR_POLICY_RETRY_NS (100 * ACDR_MILLISECONDS)

/* ---- module.c: the hooks (core/hooks.h); the module has no engine-wide
 * state (its data lives in the queue: hours, average handle time). ---- */
extern const acdr_module_vt acdr_policy_module;
/* Attach the module to a new engine (composition root).  0 or LIMIT. */
int acdr_policy_attach(acdr_engine *e);

/* Arrival: 1 if the contact joins q's line, 0 if a policy handled it
 * (ended or overflowed: actions emitted). */
int acdr_policy_admit(acdr_engine *e, acdr_contact *c, acdr_queue *q);
/* Arm per-contact policy timers after joining a queue's line. */
void acdr_policy_joined(acdr_engine *e, acdr_contact *c);
/* The last logged-in member of q left. */
void acdr_policy_queue_empty(acdr_engine *e, acdr_queue *q);
/* Announcements on assignment (chat "agent assigned"). */
void acdr_policy_assigned(acdr_engine *e, acdr_contact *c, acdr_agent *a);
void acdr_policy_queue_free(acdr_engine *e, acdr_queue *q);
/* A contact's handling (talk, hold, wrap-up) ended: feeds the queue's
 * average handle time for the estimated wait. */
void acdr_policy_handled(acdr_engine *e, acdr_contact *c);
/* Estimated wait (ms) for a contact joining q now at position pos; -1
 * when unknown. */
int64_t acdr_policy_estimated_wait(acdr_engine *e, acdr_queue *q,
                                   uint32_t pos);
int acdr_policy_is_open(acdr_engine *e, acdr_queue *q, acdr_tstamp now);
/* Overflow a contact out of its queue: to another queue, voicemail,
 * callback or message.  cause: acdr_overflow_cause. */
void acdr_policy_overflow(acdr_engine *e, acdr_contact *c, int cause);
/* A contact's policy deadlines (ACDR_CT_MAX_WAIT, ACDR_CT_ANNOUNCE). */
void acdr_policy_max_wait_fire(acdr_engine *e, acdr_contact *c,
                               acdr_tstamp now);
void acdr_policy_announce_fire(acdr_engine *e, acdr_contact *c,
                               acdr_tstamp now);

/* ---- hours.c ---- */
/* The closed action of q (from its hours): kind, target, announcement
 * text.  Without hours: NONE, NULL, "". */
void acdr_policy_closed_action(const acdr_queue *q, int32_t *kind,
                               const char **target, const char **text);

/* For lib/config (export, snapshot): q's hours as an acdr_hours whose
 * intervals are sorted and merged and whose holidays are in date order.
 * Strings and intervals point into the queue (valid until its hours
 * change); *buf (free with acdr_mem_free) holds the holiday array.
 * Returns 1 with hours, 0 without (out and *buf untouched), NOMEM. */
int acdr_policy_hours_get(acdr_engine *e, const acdr_queue *q,
                          acdr_hours *out, void **buf);
/* Merge the n intervals of iv, sorted by open_min, where they overlap or
 * touch, in place; returns how many remain (lib/config checks a
 * configuration's hours the way the engine stores them). */
size_t acdr_intervals_merge(acdr_interval *iv, size_t n);
/* The closing-time timer of q's hours and its last seen open state, for
 * snapshots; NULL without hours. */
acdr_timer *acdr_policy_hours_timer(acdr_queue *q, int **was_open);

/* ---- overflow.c ---- */
/* Why q would refuse contact c joining now (acdr_overflow_cause), 0 if
 * it takes it (join_empty `penalty` looks at c's penalty window). */
int acdr_policy_refusal(acdr_engine *e, acdr_queue *q,
                        const acdr_contact *c);
/* c (out of any line, c->queue = the queue it leaves) leaves for the
 * target of `cause`; ends it or moves it into another queue. */
void acdr_policy_leave(acdr_engine *e, acdr_contact *c, int cause);
/* Every non-callback contact waiting in q's line leaves with `cause`. */
int acdr_policy_evict_waiting(acdr_engine *e, acdr_queue *q, int cause);

/* ---- noagent.c: no-agent grace (no_agent_wait_ms) ---- */
/* The last logged-in member of q left / c joined its queue's line. */
void acdr_policy_no_agent_empty(acdr_engine *e, acdr_queue *q);
void acdr_policy_no_agent_joined(acdr_engine *e, acdr_contact *c);
/* q's no-agent timer with its fire function set (for snapshots). */
acdr_timer *acdr_policy_no_agent_timer(acdr_queue *q);

/* ---- overflow.c: leave_empty (app_queue leavewhenempty lists) ---- */
/* An agent's status or activity is about to change: check its queues'
 * leave_empty at this instant (a deadline at now). */
void acdr_policy_agent_changed(acdr_engine *e, acdr_agent *a);
/* c joined its queue's line: the same check. */
void acdr_policy_leave_check_joined(acdr_engine *e, acdr_contact *c);
/* The queue's policy deadline passed: leave q's line if it is empty by
 * leave_empty (actions for that reserved by the caller). */
void acdr_policy_leave_fire(acdr_engine *e, acdr_queue *q);

/* ---- announce.c ---- */
void acdr_policy_announce(acdr_engine *e, acdr_contact *c, int kind,
                          const char *text, int64_t position,
                          int64_t value_ms);
void acdr_policy_arm_announce(acdr_engine *e, acdr_contact *c);

#endif
