/* SPDX-License-Identifier: MIT */
/*
 * acdroute - actions: what the engine tells the host to do.
 *
 * Part of the engine API (included by engine.h).  This header holds the
 * action record handed to acdr_callbacks.on_action, the action types and
 * the reason / kind enums carried in its fields, and the callback type.
 * Overflow kinds are also the values of acdr_queue_def.overflow_kind
 * (queue.h) and acdr_hours.closed_kind (policy.h); follow-up kinds those
 * of acdr_dispo_rule.action (disposition.h).
 *
 * Delivery order and the rules for callbacks: engine.h (acdr_callbacks).
 * The text form of an action (one JSON line): acdr_action_to_json in
 * config.h, format in docs/events.md.
 */
#ifndef ACDROUTE_ACTION_H
#define ACDROUTE_ACTION_H

#include <acdroute/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum acdr_action_type {
  ACDR_ACTION_OFFER = 1,        /* ring contact_id at agent_id; position:
                                   rank among its ringing offers */
  ACDR_ACTION_OFFER_CANCEL = 2, /* stop ringing; reason: acdr_cancel_reason */
  ACDR_ACTION_CONNECTED = 3,    /* agent_id accepted contact_id */
  ACDR_ACTION_QUEUED = 4,       /* contact waits in queue_id; position:
                                   its place in line */
  ACDR_ACTION_WRAPUP = 5,       /* contact ended its talk; agent wraps up */
  ACDR_ACTION_CONTACT_ENDED = 6,/* terminal; reason: acdr_end_reason */
  ACDR_ACTION_AGENT_STATE = 7,  /* reason: acdr_agent_status,
                                   activity: acdr_agent_activity,
                                   text: away reason code */
  ACDR_ACTION_ANNOUNCE = 8,     /* tell the customer; reason:
                                   acdr_announce_kind */
  ACDR_ACTION_OVERFLOW = 9,     /* contact leaves queue_id for a target;
                                   reason: acdr_overflow_kind, text: target */
  ACDR_ACTION_CALLBACK = 10,    /* a callback's turn came: call the
                                   customer back (agent_id is offered) */
  ACDR_ACTION_FOLLOWUP = 11,    /* a disposition rule fired; reason:
                                   acdr_followup_kind, text: argument */
  ACDR_ACTION_REQUEUED = 12,    /* contact moved into queue_id (overflow to
                                   another queue, transfer) */
  /* since 1.1: conversations */
  ACDR_ACTION_REPLY_OVERDUE = 13 /* an assigned contact got no first reply
                                   within its queue's reply_deadline_ms:
                                   agent_id is the agent it was assigned
                                   to, value_ms the time since the
                                   assignment, reason an acdr_reply_overdue
                                   (what the engine does about it) */
} acdr_action_type;

/* since 1.1: conversations */
/** What the engine does when an assigned contact gets no first reply in
 * time (acdr_queue_def.reply_overdue, REPLY_OVERDUE's reason). */
typedef enum acdr_reply_overdue {
  ACDR_REPLY_OVERDUE_ALERT = 0,   /* tell the host; the agent keeps it */
  ACDR_REPLY_OVERDUE_REASSIGN = 1 /* take it from the agent and offer it to
                                     another one: it goes back to its place
                                     in line, the agent is steered away */
} acdr_reply_overdue;

typedef enum acdr_cancel_reason {
  ACDR_CANCEL_ANSWERED_ELSEWHERE = 1, /* ring-all: another agent won */
  ACDR_CANCEL_NO_ANSWER = 2,          /* ring timeout passed */
  ACDR_CANCEL_CALLER_HANGUP = 3,      /* the customer left */
  ACDR_CANCEL_AGENT_UNAVAILABLE = 4,  /* agent logged out / went away */
  ACDR_CANCEL_WITHDRAWN = 5,          /* contact moved (transfer,
                                         overflow, reconfiguration) */
  ACDR_CANCEL_REJECTED = 6            /* (since 1.1) the host reported a
                                         reject (acdr_contact_reject, any
                                         how): stop ringing that agent */
} acdr_cancel_reason;

typedef enum acdr_announce_kind {
  ACDR_ANNOUNCE_POSITION = 1,      /* position and estimated wait (value_ms) */
  ACDR_ANNOUNCE_AGENT_ASSIGNED = 2,/* text: the agent's display name */
  ACDR_ANNOUNCE_OVER_CAPACITY = 3, /* every eligible agent is at capacity */
  ACDR_ANNOUNCE_CLOSED = 4,        /* text: the opening hours */
  ACDR_ANNOUNCE_MESSAGE = 5        /* text: the queue's join_message (since
                                      1.1; never emitted before) */
} acdr_announce_kind;

typedef enum acdr_overflow_kind {
  ACDR_OVERFLOW_NONE = 0,
  ACDR_OVERFLOW_QUEUE = 1,     /* text: another queue's id */
  ACDR_OVERFLOW_VOICEMAIL = 2, /* text: mailbox (may be empty) */
  ACDR_OVERFLOW_CALLBACK = 3,  /* the contact becomes a callback */
  ACDR_OVERFLOW_MESSAGE = 4    /* text: message to play, then end */
} acdr_overflow_kind;

/** Why an overflow happened (in acdr_action.activity for OVERFLOW). */
typedef enum acdr_overflow_cause {
  ACDR_OVERFLOW_CAUSE_MAX_WAIT = 1,
  ACDR_OVERFLOW_CAUSE_QUEUE_FULL = 2,
  ACDR_OVERFLOW_CAUSE_CLOSED = 3,
  ACDR_OVERFLOW_CAUSE_NO_AGENTS = 4,
  ACDR_OVERFLOW_CAUSE_QUEUE_REMOVED = 5
} acdr_overflow_cause;

typedef enum acdr_followup_kind {
  ACDR_FOLLOWUP_CALLBACK = 1,  /* schedule a callback to the customer */
  ACDR_FOLLOWUP_MESSAGE = 2,   /* text: message template id */
  ACDR_FOLLOWUP_LIST = 3,      /* text: list to move the customer to */
  ACDR_FOLLOWUP_DNC = 4        /* value_ms: do-not-contact duration */
} acdr_followup_kind;

/** One action.  Unused fields are 0 / NULL.  Strings are valid only during
 * the callback. */
typedef struct acdr_action {
  int32_t type;       /* acdr_action_type */
  int32_t reason;     /* depends on type, see acdr_action_type */
  int32_t activity;   /* AGENT_STATE: acdr_agent_activity;
                         OVERFLOW: acdr_overflow_cause */
  int32_t channel;    /* the contact's acdr_channel, or -1 */
  acdr_tstamp time;   /* the `now` of the event that caused it */
  const char *contact_id;
  const char *agent_id;
  const char *queue_id;
  const char *customer_id;
  const char *text;   /* see acdr_action_type */
  int64_t position;   /* one field, two meanings by `type`:
                         QUEUED / ANNOUNCE: the place in line, 1-based
                         (counting contacts ahead that ring an agent
                         only when the queue's position_counts_ringing
                         is set);
                         OFFER: the offer's rank among the contact's
                         offers ringing now, 1-based (2 = the second
                         agent rung at once, ring-all) - not a place in
                         line */
  int64_t value_ms;   /* ANNOUNCE: estimated wait; CONTACT_ENDED: time
                         waited; FOLLOWUP: delay or duration;
                         REPLY_OVERDUE: time since the assignment */
} acdr_action;

/** Action callback.  Return 0; anything else makes the event call that
 * produced the action return ACDR_ERR_CALLBACK_FAILURE. */
typedef int (*acdr_action_cb)(acdr_engine *engine, const acdr_action *action,
                              void *user_data);


#ifdef __cplusplus
}
#endif

#endif /* ACDROUTE_ACTION_H */
