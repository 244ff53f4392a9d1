/* SPDX-License-Identifier: MIT */
/*
 * acdroute - names of enum values (since 1.1).
 *
 * Part of the engine API (included by acdroute.h).  Each function returns
 * the name of one value of one enum, the same lower-case word the JSON
 * forms use (acdr_action_to_json, docs/events.md): "offer", "completed",
 * "caller_hangup".  So hosts print and log names without a table of their
 * own.  Error codes have acdr_err_name() and acdr_strerror() (errors.h).
 *
 * Every function: a static string, never NULL, never to be freed; a value
 * the enum does not have gives "unknown" (never a real name).  No engine is
 * needed and nothing is allocated; safe from any thread.
 */
#ifndef ACDROUTE_NAMES_H
#define ACDROUTE_NAMES_H

#include <acdroute/action.h>

#ifdef __cplusplus
extern "C" {
#endif

/** (since 1.1) acdr_action_type: "offer", "offer_cancel", "connected",
 * "queued", "wrapup", "contact_ended", "agent_state", "announce",
 * "overflow", "callback", "followup", "requeued", "reply_overdue". */
ACDROUTE_EXTERN const char *acdr_action_type_name(int type);

/** (since 1.1) acdr_end_reason: "none", "completed", "abandoned",
 * "timed_out", "overflowed", "transferred", "callback", "rejected". */
ACDROUTE_EXTERN const char *acdr_end_reason_name(int reason);

/** (since 1.1) acdr_cancel_reason: "answered_elsewhere", "no_answer",
 * "caller_hangup", "agent_unavailable", "withdrawn", "rejected". */
ACDROUTE_EXTERN const char *acdr_cancel_reason_name(int reason);

/** (since 1.1) acdr_announce_kind: "position", "agent_assigned",
 * "over_capacity", "closed", "message". */
ACDROUTE_EXTERN const char *acdr_announce_kind_name(int kind);

/** (since 1.1) acdr_agent_status: "logged_out", "available", "away". */
ACDROUTE_EXTERN const char *acdr_agent_status_name(int status);

/** (since 1.1) acdr_agent_activity: "idle", "offered", "on_contact",
 * "wrapup". */
ACDROUTE_EXTERN const char *acdr_agent_activity_name(int activity);

/** (since 1.1) acdr_contact_state: "waiting", "offered", "connected",
 * "wrapup", "ended". */
ACDROUTE_EXTERN const char *acdr_contact_state_name(int state);

/** (since 1.1) acdr_overflow_kind: "none", "queue", "voicemail",
 * "callback", "message". */
ACDROUTE_EXTERN const char *acdr_overflow_kind_name(int kind);

/** (since 1.1) acdr_overflow_cause: "max_wait", "queue_full", "closed",
 * "no_agents", "queue_removed". */
ACDROUTE_EXTERN const char *acdr_overflow_cause_name(int cause);

/** (since 1.1) acdr_followup_kind: "callback", "message", "list", "dnc". */
ACDROUTE_EXTERN const char *acdr_followup_kind_name(int kind);

/** (since 1.1) acdr_reply_overdue: "alert", "reassign". */
ACDROUTE_EXTERN const char *acdr_reply_overdue_name(int what);

/**
 * (since 1.1) acdr_action_reason_name - the name of action->reason read as
 * the enum its type says (acdr_action_type): an end reason for
 * CONTACT_ENDED, a cancel reason for OFFER_CANCEL, an agent status for
 * AGENT_STATE, an announce kind for ANNOUNCE, an overflow kind for
 * OVERFLOW, a follow-up kind for FOLLOWUP, a reply-overdue action for
 * REPLY_OVERDUE.  Types whose reason carries nothing give "none"; a NULL
 * action or an unknown value gives "unknown".
 */
ACDROUTE_EXTERN const char *acdr_action_reason_name(const acdr_action *action);

/**
 * (since 1.1) acdr_action_activity_name - the name of action->activity:
 * an agent activity for AGENT_STATE, an overflow cause for OVERFLOW;
 * "none" for other types; "unknown" for a NULL action or unknown value.
 */
ACDROUTE_EXTERN const char *acdr_action_activity_name(
    const acdr_action *action);

#ifdef __cplusplus
}
#endif

#endif /* ACDROUTE_NAMES_H */
