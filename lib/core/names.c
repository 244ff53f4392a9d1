/* SPDX-License-Identifier: MIT */
/* Names of enum values (names.h): the one table of the words, which the
 * JSON forms (lib/json/action_json.c) use too. */
#include <acdroute/names.h>

#include <stddef.h>

static const char *const action_names[] = {
    NULL,       "offer",    "offer_cancel",  "connected",   "queued",
    "wrapup",   "contact_ended", "agent_state", "announce", "overflow",
    "callback", "followup", "requeued",      "reply_overdue"};
static const char *const end_names[] = {
    "none",       "completed",   "abandoned", "timed_out",
    "overflowed", "transferred", "callback",  "rejected"};
static const char *const cancel_names[] = {
    NULL,        "answered_elsewhere", "no_answer", "caller_hangup",
    "agent_unavailable", "withdrawn",  "rejected"};
static const char *const announce_names[] = {
    NULL, "position", "agent_assigned", "over_capacity", "closed", "message"};
static const char *const status_names[] = {"logged_out", "available", "away"};
static const char *const activity_names[] = {"idle", "offered", "on_contact",
                                             "wrapup"};
static const char *const state_names[] = {"waiting", "offered", "connected",
                                          "wrapup", "ended"};
static const char *const overflow_names[] = {"none", "queue", "voicemail",
                                             "callback", "message"};
static const char *const cause_names[] = {
    NULL, "max_wait", "queue_full", "closed", "no_agents", "queue_removed"};
static const char *const followup_names[] = {NULL, "callback", "message",
                                             "list", "dnc"};
static const char *const overdue_names[] = {"alert", "reassign"};

static const char *name_at(const char *const *tab, size_t n, int v) {
  if (v < 0 || (size_t)v >= n || !tab[v]) return "unknown";
  return tab[v];
}

#define NAME(tab, v) name_at((tab), sizeof(tab) / sizeof((tab)[0]), (v))

const char *acdr_action_type_name(int type) { return NAME(action_names, type); }
const char *acdr_end_reason_name(int reason) { return NAME(end_names, reason); }
const char *acdr_cancel_reason_name(int reason) {
  return NAME(cancel_names, reason);
}
const char *acdr_announce_kind_name(int kind) {
  return NAME(announce_names, kind);
}
const char *acdr_agent_status_name(int status) {
  return NAME(status_names, status);
}
const char *acdr_agent_activity_name(int activity) {
  return NAME(activity_names, activity);
}
const char *acdr_contact_state_name(int state) {
  return NAME(state_names, state);
}
const char *acdr_overflow_kind_name(int kind) {
  return NAME(overflow_names, kind);
}
const char *acdr_overflow_cause_name(int cause) {
  return NAME(cause_names, cause);
}
const char *acdr_followup_kind_name(int kind) {
  return NAME(followup_names, kind);
}
const char *acdr_reply_overdue_name(int what) {
  return NAME(overdue_names, what);
}

/* A type with no reason / activity of its own gives "none"; a type the
 * library does not know gives "unknown" (its fields mean nothing we know). */
static int type_known(int32_t type) {
  return type > 0 &&
         (size_t)type < sizeof(action_names) / sizeof(action_names[0]);
}

const char *acdr_action_reason_name(const acdr_action *a) {
  if (!a) return "unknown";
  switch (a->type) {
    case ACDR_ACTION_OFFER_CANCEL: return acdr_cancel_reason_name(a->reason);
    case ACDR_ACTION_CONTACT_ENDED: return acdr_end_reason_name(a->reason);
    case ACDR_ACTION_AGENT_STATE: return acdr_agent_status_name(a->reason);
    case ACDR_ACTION_ANNOUNCE: return acdr_announce_kind_name(a->reason);
    case ACDR_ACTION_OVERFLOW: return acdr_overflow_kind_name(a->reason);
    case ACDR_ACTION_FOLLOWUP: return acdr_followup_kind_name(a->reason);
    case ACDR_ACTION_REPLY_OVERDUE: return acdr_reply_overdue_name(a->reason);
    default: return type_known(a->type) ? "none" : "unknown";
  }
}

const char *acdr_action_activity_name(const acdr_action *a) {
  if (!a) return "unknown";
  switch (a->type) {
    case ACDR_ACTION_AGENT_STATE: return acdr_agent_activity_name(a->activity);
    case ACDR_ACTION_OVERFLOW: return acdr_overflow_cause_name(a->activity);
    default: return type_known(a->type) ? "none" : "unknown";
  }
}
