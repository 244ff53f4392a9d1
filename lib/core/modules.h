/*
 * Hooks between the core state machine and the optional modules
 * (metrics, disposition, policies, event log).  Each module implements its
 * functions in its own folder; all are O(1) on the event path.
 */
#ifndef ACDR_CORE_MODULES_H
#define ACDR_CORE_MODULES_H

#include <acdroute/disposition.h>

#include "core/engine_int.h"

int acdr_modules_init(acdr_engine *e);
void acdr_modules_free(acdr_engine *e);

void acdr_timers_setup(acdr_heap *h);
void acdr_agent_free(acdr_engine *e, acdr_agent *a);
void acdr_schedule_dispatch_retry(acdr_engine *e);

/* --- metrics (lib/metrics) --- */
int acdr_metrics_init(acdr_engine *e);
void acdr_metrics_free(acdr_engine *e);
/* A contact event.  `a` may be NULL. */
void acdr_metrics_contact(acdr_engine *e, acdr_hook h, acdr_contact *c,
                          acdr_agent *a);
/* Called just BEFORE an agent's status or activity changes, so the time
 * spent in the old state can be accounted. */
void acdr_metrics_agent_time(acdr_engine *e, acdr_agent *a);
void acdr_metrics_agent_free(acdr_engine *e, acdr_agent *a);
void acdr_metrics_queue_free(acdr_engine *e, acdr_queue *q);

/* --- disposition (lib/disposition) --- */
int acdr_disposition_init(acdr_engine *e);
void acdr_disposition_free(acdr_engine *e);
/* 0 if the contact's wrap-up may end now, else
 * ACDR_ERR_DISPOSITION_REQUIRED (with message). */
int acdr_disposition_wrapup_may_end(acdr_engine *e, acdr_contact *c);
/* The contact reached a terminal state: auto codes, rules, statistics. */
void acdr_disposition_contact_ended(acdr_engine *e, acdr_contact *c);
void acdr_disposition_contact_free(acdr_engine *e, acdr_contact *c);

/* --- policies (lib/policies) --- */
/* Arrival policy: returns 1 if the contact joins the queue's line, 0 if a
 * policy handled it (ended / overflowed: actions emitted). */
int acdr_policy_admit(acdr_engine *e, acdr_contact *c, acdr_queue *q);
/* Arm per-contact policy timers after joining a queue's line. */
void acdr_policy_joined(acdr_engine *e, acdr_contact *c);
/* The last logged-in member of q left. */
void acdr_policy_queue_empty(acdr_engine *e, acdr_queue *q);
/* Announcements on assignment (chat "agent assigned"). */
void acdr_policy_assigned(acdr_engine *e, acdr_contact *c, acdr_agent *a);
/* Nobody could take the contact although agents are logged in. */
void acdr_policy_no_agent(acdr_engine *e, acdr_contact *c);
void acdr_policy_queue_free(acdr_engine *e, acdr_queue *q);
/* A contact's handling (talk, hold, wrap-up) ended: feeds the queue's
 * average handle time for the estimated wait. */
void acdr_policy_handled(acdr_engine *e, acdr_contact *c);
/* Estimated wait (ms) for a contact joining q now at position pos. */
int64_t acdr_policy_estimated_wait(acdr_engine *e, acdr_queue *q,
                                   uint32_t pos);
int acdr_policy_is_open(acdr_engine *e, acdr_queue *q, acdr_tstamp now);
/* Overflow a contact out of its queue: to another queue, voicemail,
 * callback or message.  cause: acdr_overflow_cause. */
void acdr_policy_overflow(acdr_engine *e, acdr_contact *c, int cause);

/* --- event log (lib/config) --- */
int acdr_eventlog_init(acdr_engine *e);
void acdr_eventlog_free(acdr_engine *e);
void acdr_eventlog_action(acdr_engine *e, const acdr_action *a);
/* One call per successful public event function (docs/events.md); a no-op
 * unless acdr_options.record_events.  Arguments by kind: STATUS n1=status
 * text=reason; ARRIVE def=acdr_contact_def; REJECT n1=how; HOLD n1=on;
 * AGENT_ADD/UPDATE def=acdr_agent_def; QUEUE_ADD/UPDATE def=acdr_queue_def;
 * QUEUE_REMOVE n1=overflow_waiting; MEMBER_ADD n1=penalty n2=position. */
typedef enum acdr_ev_kind {
  ACDR_EV_LOGIN = 1, ACDR_EV_LOGOUT, ACDR_EV_STATUS, ACDR_EV_ARRIVE,
  ACDR_EV_ACCEPT, ACDR_EV_REJECT, ACDR_EV_HANGUP, ACDR_EV_HOLD,
  ACDR_EV_WRAPUP_DONE, ACDR_EV_TRANSFER, ACDR_EV_CALLBACK, ACDR_EV_EXPIRY,
  ACDR_EV_AGENT_ADD, ACDR_EV_AGENT_UPDATE, ACDR_EV_AGENT_REMOVE,
  ACDR_EV_QUEUE_ADD, ACDR_EV_QUEUE_UPDATE, ACDR_EV_QUEUE_REMOVE,
  ACDR_EV_MEMBER_ADD, ACDR_EV_MEMBER_REMOVE, ACDR_EV_RESET_COUNTS,
  /* DISPO / DISPO_CORRECT text=primary n1=ntags def=tags; HOURS
   * def=acdr_hours (NULL: removed); DNC_ADD text=key n1=duration_ms;
   * DNC_REMOVE text=key */
  ACDR_EV_DISPO, ACDR_EV_DISPO_CORRECT, ACDR_EV_HOURS, ACDR_EV_DNC_ADD,
  ACDR_EV_DNC_REMOVE,
  /* CODE_ADD/UPDATE def=acdr_dispo_code; CODE_REMOVE text=id;
   * CATALOG_SET def=acdr_dispo_code[n1]; RULE_ADD def=acdr_dispo_rule;
   * RULE_REMOVE text=id; DISPO_LIMITS n1=history n2=changes;
   * METRICS_OPTIONS: the engine's settings after the call */
  ACDR_EV_CODE_ADD, ACDR_EV_CODE_UPDATE, ACDR_EV_CODE_REMOVE,
  ACDR_EV_CATALOG_SET, ACDR_EV_CATALOG_RESET, ACDR_EV_RULE_ADD,
  ACDR_EV_RULE_REMOVE, ACDR_EV_DISPO_LIMITS, ACDR_EV_DISPO_STATS_RESET,
  ACDR_EV_DNC_CLEAR, ACDR_EV_METRICS_OPTIONS
} acdr_ev_kind;
void acdr_eventlog_event(acdr_engine *e, acdr_ev_kind kind,
                         const char *contact, const char *agent,
                         const char *queue, const char *text, int64_t n1,
                         int64_t n2, const void *def);
/* Timer callbacks that snapshot restore (lib/config) re-attaches to the
 * timers it re-arms. */
acdr_timer_fn acdr_offer_timer_fn(void);          /* dispatch.c */
acdr_timer_fn acdr_agent_ready_fn(void);          /* agent.c */
/* A contact's policy deadlines (lib/policies; contact_timer.c calls). */
void acdr_policy_max_wait_fire(acdr_engine *e, acdr_contact *c,
                               acdr_tstamp now);
void acdr_policy_announce_fire(acdr_engine *e, acdr_contact *c,
                               acdr_tstamp now);

/* --- what metrics need from dispositions --- */
typedef struct acdr_disp_summary {
  const char *primary;          /* primary code id, NULL if none */
  uint32_t attrs;               /* ACDR_DISPO_* of the primary code */
  size_t ntags;
  const char *const *tags;      /* extra codes */
} acdr_disp_summary;
/* Fill *out for contact c (valid while c lives). Returns 1 if c has a
 * disposition, 0 if not. */
int acdr_disposition_summary(acdr_engine *e, const acdr_contact *c,
                             acdr_disp_summary *out);

#endif
