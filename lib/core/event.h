/* SPDX-License-Identifier: MIT */
/*
 * The event vocabulary: every state-changing public call (docs/events.md)
 * is one acdr_event.  The public function builds its event after it has
 * succeeded and hands it to acdr_event_emit(), which passes it to the
 * `event` hook of every module (the event log serialises it); replay
 * parses a line into the same event and applies it through the same
 * public function.  One X-macro list below generates the kinds, their
 * names and the fields of each, so the writer (lib/replay/eventlog.c) and
 * the parser (lib/replay/event_parse.c) cannot disagree with it.
 */
#ifndef ACDR_CORE_EVENT_H
#define ACDR_CORE_EVENT_H

#include <acdroute/disposition.h>
#include <acdroute/metrics.h>
#include <acdroute/policy.h>

#include "core/engine_int.h"

/* The keys of an event line besides "t_ms"/"t_ns" and "ev", in the order
 * they are written.  ARRIVAL stands for the contact definition's keys
 * (channel, priority, attrs, skills, customer, reason, preferred_agent,
 * preferred_hold_ms). */
#define ACDR_EVENT_FIELDS(F)                                           \
  F(CONTACT, "contact") F(QUEUE, "queue") F(AGENT, "agent")            \
  F(STATUS, "status") F(REASON, "reason") F(ARRIVAL, "")               \
  F(HOW, "how") F(ON, "on") F(AGENT_DEF, "def") F(QUEUE_DEF, "def")    \
  F(OVERFLOW_WAITING, "overflow_waiting") F(PENALTY, "penalty")        \
  F(POSITION, "position") F(CONFIG, "config")                          \
  F(REMOVE_WAITING, "remove_waiting") F(CODES, "codes")                \
  F(HOURS, "hours") F(KEY, "key") F(DURATION, "duration_ms")           \
  F(CODE_DEF, "def") F(CODE_ID, "code") F(CATALOG, "codes")            \
  F(RULE_DEF, "def") F(RULE_ID, "rule") F(HISTORY, "history")          \
  F(CHANGES, "changes") F(METRICS, "metrics") F(CUSTOMERS, "customers") \
  F(PRIORITY, "priority") F(OVER_CAPACITY, "over_capacity") \
  F(SCORE, "score") F(IGNORE_SKILLS, "ignore_skills") \
  F(MEMBER_DEF, "def")

enum {
#define ACDR_F_(N, K) ACDR_EVF_IDX_##N,
  ACDR_EVENT_FIELDS(ACDR_F_)
#undef ACDR_F_
  ACDR_EVF_COUNT
};
/* One bit per field. */
#define ACDR_EVF(N) (UINT64_C(1) << ACDR_EVF_IDX_##N)

/* X(KIND, "name", required fields, optional fields) in the order of
 * docs/events.md. */
#define ACDR_EVENTS(X)                                                     \
  X(LOGIN, "login", ACDR_EVF(AGENT), 0)                                    \
  X(LOGOUT, "logout", ACDR_EVF(AGENT), 0)                                  \
  X(STATUS, "status", ACDR_EVF(AGENT) | ACDR_EVF(STATUS), ACDR_EVF(REASON)) \
  X(ARRIVE, "arrive", ACDR_EVF(CONTACT) | ACDR_EVF(QUEUE), ACDR_EVF(ARRIVAL)) \
  X(ACCEPT, "accept", ACDR_EVF(CONTACT) | ACDR_EVF(AGENT), 0)              \
  X(REJECT, "reject", ACDR_EVF(CONTACT) | ACDR_EVF(AGENT), ACDR_EVF(HOW))  \
  X(HANGUP, "hangup", ACDR_EVF(CONTACT), 0)                                \
  X(HOLD, "hold", ACDR_EVF(CONTACT) | ACDR_EVF(ON), 0)                     \
  X(WRAPUP_DONE, "wrapup_done", ACDR_EVF(CONTACT), 0)                      \
  X(TRANSFER, "transfer", ACDR_EVF(CONTACT),                               \
    ACDR_EVF(QUEUE) | ACDR_EVF(AGENT))                                     \
  X(CALLBACK, "callback", ACDR_EVF(CONTACT), 0)                            \
  X(EXPIRY, "expiry", 0, 0)                                                \
  X(AGENT_ADD, "agent_add", ACDR_EVF(AGENT_DEF), 0)                        \
  X(AGENT_UPDATE, "agent_update", ACDR_EVF(AGENT_DEF), 0)                  \
  X(AGENT_REMOVE, "agent_remove", ACDR_EVF(AGENT), 0)                      \
  X(QUEUE_ADD, "queue_add", ACDR_EVF(QUEUE_DEF), 0)                        \
  X(QUEUE_UPDATE, "queue_update", ACDR_EVF(QUEUE_DEF), 0)                  \
  X(QUEUE_REMOVE, "queue_remove", ACDR_EVF(QUEUE),                         \
    ACDR_EVF(OVERFLOW_WAITING))                                            \
  X(MEMBER_ADD, "member_add", ACDR_EVF(QUEUE) | ACDR_EVF(AGENT),           \
    ACDR_EVF(PENALTY) | ACDR_EVF(POSITION))                                \
  X(MEMBER_REMOVE, "member_remove", ACDR_EVF(QUEUE) | ACDR_EVF(AGENT), 0)  \
  X(RESET_COUNTS, "reset_counts", 0, ACDR_EVF(AGENT))                      \
  X(CONFIG, "config", ACDR_EVF(CONFIG), ACDR_EVF(REMOVE_WAITING))          \
  X(DISPO, "dispo", ACDR_EVF(CONTACT) | ACDR_EVF(CODES), 0)                \
  X(DISPO_CORRECT, "dispo_correct", ACDR_EVF(CONTACT) | ACDR_EVF(CODES), 0) \
  X(HOURS, "hours", ACDR_EVF(QUEUE) | ACDR_EVF(HOURS), 0)                  \
  X(DNC_ADD, "dnc_add", ACDR_EVF(KEY), ACDR_EVF(DURATION))                 \
  X(DNC_REMOVE, "dnc_remove", ACDR_EVF(KEY), 0)                            \
  X(CODE_ADD, "code_add", ACDR_EVF(CODE_DEF), 0)                           \
  X(CODE_UPDATE, "code_update", ACDR_EVF(CODE_DEF), 0)                     \
  X(CODE_REMOVE, "code_remove", ACDR_EVF(CODE_ID), 0)                      \
  X(CATALOG_SET, "catalog_set", ACDR_EVF(CATALOG), 0)                      \
  X(CATALOG_RESET, "catalog_reset", 0, 0)                                  \
  X(RULE_ADD, "rule_add", ACDR_EVF(RULE_DEF), 0)                           \
  X(RULE_REMOVE, "rule_remove", ACDR_EVF(RULE_ID), 0)                      \
  X(DISPO_LIMITS, "dispo_limits", ACDR_EVF(HISTORY) | ACDR_EVF(CHANGES), 0) \
  X(DISPO_STATS_RESET, "dispo_stats_reset", 0, 0)                          \
  X(DNC_CLEAR, "dnc_clear", 0, 0)                                          \
  X(METRICS_OPTIONS, "metrics_options", ACDR_EVF(METRICS), 0)            \
  X(CUSTOMER_MEMORY, "customer_memory", ACDR_EVF(CUSTOMERS), 0)           \
  X(CUSTOMER_OWNER, "customer_owner", ACDR_EVF(KEY), ACDR_EVF(AGENT))     \
  X(CUSTOMER_FORGET, "customer_forget", ACDR_EVF(KEY), 0)  \
  X(PRIORITY, "set_priority", ACDR_EVF(CONTACT) | ACDR_EVF(PRIORITY), 0)   \
  X(FIRST_REPLY, "first_reply", ACDR_EVF(CONTACT) | ACDR_EVF(AGENT), 0)   \
  X(ASSIGN, "assign", ACDR_EVF(CONTACT) | ACDR_EVF(AGENT),                 \
    ACDR_EVF(OVER_CAPACITY) | ACDR_EVF(IGNORE_SKILLS))  \
  X(OUTBOUND, "outbound",                                                  \
    ACDR_EVF(CONTACT) | ACDR_EVF(QUEUE) | ACDR_EVF(KEY), 0)               \
  X(CSAT, "csat", ACDR_EVF(CONTACT) | ACDR_EVF(SCORE), 0)                 \
  X(NPS, "nps", ACDR_EVF(CONTACT) | ACDR_EVF(SCORE), 0)  \
  X(MEMBER_SET, "member_set",                                              \
    ACDR_EVF(QUEUE) | ACDR_EVF(AGENT) | ACDR_EVF(MEMBER_DEF), 0)

typedef enum acdr_ev_kind {
  ACDR_EV_NONE,
#define ACDR_X_(K, N, R, O) ACDR_EV_##K,
  ACDR_EVENTS(ACDR_X_)
#undef ACDR_X_
  ACDR_EV_COUNT
} acdr_ev_kind;

typedef struct acdr_event_spec {
  const char *name;
  uint64_t required, optional; /* ACDR_EVF bits (more than 32 fields) */
} acdr_event_spec;

/* Indexed by acdr_ev_kind; entry 0 is empty. */
extern const acdr_event_spec acdr_event_specs[ACDR_EV_COUNT];
/* Names of acdr_ev_fields by index. */
extern const char *const acdr_event_field_names[ACDR_EVF_COUNT];

/* One state-changing call with its arguments.  Pointers are borrowed for
 * the duration of acdr_event_emit (or of the replay call). */
typedef struct acdr_event {
  acdr_ev_kind kind;
  const char *contact, *queue, *agent;
  int32_t status;                   /* STATUS: acdr_agent_status */
  const char *reason;               /* STATUS (may be NULL) */
  const acdr_contact_def *arrival;  /* ARRIVE */
  int32_t how;                      /* REJECT: acdr_reject_how */
  int on;                           /* HOLD */
  const acdr_agent_def *agent_def;  /* AGENT_ADD, AGENT_UPDATE */
  const acdr_queue_def *queue_def;  /* QUEUE_ADD, QUEUE_UPDATE */
  int overflow_waiting;             /* QUEUE_REMOVE */
  int32_t penalty, position;        /* MEMBER_ADD */
  const struct json_object *config; /* CONFIG: the document read (replay) */
  int remove_waiting;               /* CONFIG: acdr_reload_mode */
  const char *primary;              /* DISPO, DISPO_CORRECT: primary code */
  const char *const *tags;          /*   and its tags */
  size_t ntags;
  const acdr_hours *hours;          /* HOURS (NULL: hours removed) */
  const char *key;                  /* DNC_ADD, DNC_REMOVE, OUTBOUND */
  int64_t duration_ms;              /* DNC_ADD */
  const acdr_dispo_code *code;      /* CODE_ADD, CODE_UPDATE */
  const char *code_id;              /* CODE_REMOVE */
  const acdr_dispo_code *codes;     /* CATALOG_SET */
  size_t ncodes;
  const acdr_dispo_rule *rule;      /* RULE_ADD */
  const char *rule_id;              /* RULE_REMOVE */
  uint32_t history, changes;        /* DISPO_LIMITS */
  const acdr_metrics_options *metrics; /* METRICS_OPTIONS (replay) */
  /* CUSTOMER_MEMORY (replay): max_customers, expiry_ms, max_bytes,
   * history; the writer writes the engine's settings after the call */
  uint32_t cust_max, cust_history;
  int64_t cust_expiry_ms;
  uint64_t cust_max_bytes;
  int32_t priority;                 /* PRIORITY */
  int over_capacity;                /* ASSIGN: ACDR_ASSIGN_OVER_CAPACITY */
  int ignore_skills;                /* ASSIGN: ACDR_ASSIGN_IGNORE_SKILLS */
  int32_t score;                    /* CSAT, NPS */
  const acdr_member_def *member_def;   /* MEMBER_SET */
} acdr_event;

/* Hand a successful call's event to the modules' `event` hooks (nothing
 * while suspended).  Never fails: a module that cannot keep it counts the
 * loss itself. */
/* Pass ev to every `event` hook (acdr_event_emit's slow path). */
void acdr_event_emit_any(acdr_engine *e, const acdr_event *ev);
static inline void acdr_event_emit(acdr_engine *e, const acdr_event *ev) {
  /* most engines record nothing: no call, and the caller's event need not
   * be built */
  if (e->hook_n[ACDR_HS_event] && !e->events_suspended)
    acdr_event_emit_any(e, ev);
}
/* Calls made by the library itself on behalf of one outer call (a
 * configuration applying its parts, a snapshot restoring) are not events
 * of their own: suspend/resume nest. */
void acdr_events_suspend(acdr_engine *e);
/* Ends one acdr_events_suspend. */
void acdr_events_resume(acdr_engine *e);

#endif
