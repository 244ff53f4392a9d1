/*
 * acdroute - the routing engine: options, callbacks, events, queries.
 *
 * Threads: an engine is safe to use from any thread as long as one thread
 * at a time uses it.  There is no global mutable state.  Callbacks run
 * synchronously on the thread that made the call.
 *
 * Time: every event takes `now`, the host's monotonic time in nanoseconds.
 * `now` must never go backwards (ACDR_ERR_TIME_BACKWARDS).  The host asks
 * acdr_engine_get_expiry() for the next deadline and calls
 * acdr_engine_handle_expiry() once it has passed.  Deadlines are processed
 * only there: before feeding an event whose `now` is past
 * acdr_engine_get_expiry(), call acdr_engine_handle_expiry() first (as an
 * event loop does when its timer fires), so that the event meets the state
 * those deadlines produce.  The engine never reads a clock, never blocks
 * and never starts a thread.
 *
 * Errors: every function validates its arguments.  On failure it returns a
 * negative acdr_error, sets a message for acdr_engine_last_error(), and the
 * engine is exactly as it was before the call.
 *
 * Memory: the engine copies every string and array it is given; the caller
 * keeps ownership of what it passes in.  Pointers handed to callbacks are
 * valid only for the duration of the callback.
 */
#ifndef ACDROUTE_ENGINE_H
#define ACDROUTE_ENGINE_H

#include <acdroute/types.h>
#include <acdroute/errors.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Allocator                                                            */

/** Custom allocator.  All four functions must be set.  `user_data` is
 * passed back unchanged.  A function returning NULL makes the engine call
 * fail with ACDR_ERR_NOMEM, leaving the engine unchanged. */
typedef struct acdr_mem {
  void *user_data;
  void *(*malloc)(size_t size, void *user_data);
  void (*free)(void *ptr, void *user_data);
  void *(*calloc)(size_t nmemb, size_t size, void *user_data);
  void *(*realloc)(void *ptr, size_t size, void *user_data);
} acdr_mem;

/* ------------------------------------------------------------------ */
/* Actions (engine -> host)                                             */

typedef enum acdr_action_type {
  ACDR_ACTION_OFFER = 1,        /* ring contact_id at agent_id */
  ACDR_ACTION_OFFER_CANCEL = 2, /* stop ringing; reason: acdr_cancel_reason */
  ACDR_ACTION_CONNECTED = 3,    /* agent_id accepted contact_id */
  ACDR_ACTION_QUEUED = 4,       /* contact waits in queue_id at position */
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
  ACDR_ACTION_REQUEUED = 12     /* contact moved into queue_id (overflow to
                                   another queue, transfer) */
} acdr_action_type;

typedef enum acdr_cancel_reason {
  ACDR_CANCEL_ANSWERED_ELSEWHERE = 1, /* ring-all: another agent won */
  ACDR_CANCEL_NO_ANSWER = 2,          /* ring timeout passed */
  ACDR_CANCEL_CALLER_HANGUP = 3,      /* the customer left */
  ACDR_CANCEL_AGENT_UNAVAILABLE = 4,  /* agent logged out / went away */
  ACDR_CANCEL_WITHDRAWN = 5           /* contact moved (transfer,
                                         overflow, reconfiguration) */
} acdr_cancel_reason;

typedef enum acdr_announce_kind {
  ACDR_ANNOUNCE_POSITION = 1,      /* position and estimated wait (value_ms) */
  ACDR_ANNOUNCE_AGENT_ASSIGNED = 2,/* text: the agent's display name */
  ACDR_ANNOUNCE_OVER_CAPACITY = 3, /* every eligible agent is at capacity */
  ACDR_ANNOUNCE_CLOSED = 4,        /* text: the opening hours */
  ACDR_ANNOUNCE_MESSAGE = 5        /* text: a configured message */
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
  int64_t position;   /* QUEUED / ANNOUNCE: 1-based position */
  int64_t value_ms;   /* ANNOUNCE: estimated wait; CONTACT_ENDED: time
                         waited; FOLLOWUP: delay or duration */
} acdr_action;

/** Action callback.  Return 0; anything else makes the event call that
 * produced the action return ACDR_ERR_CALLBACK_FAILURE. */
typedef int (*acdr_action_cb)(acdr_engine *engine, const acdr_action *action,
                              void *user_data);

#define ACDR_CALLBACKS_V1 1
#define ACDR_CALLBACKS_VERSION ACDR_CALLBACKS_V1

/**
 * Host callbacks.
 *
 * Delivery: the engine first applies an event completely, then delivers
 * the actions it caused, in order.  A callback MAY call any engine
 * function, events included (for example accept an offer from inside the
 * OFFER callback); actions of such a nested call are delivered after the
 * ones already pending, in order.  A callback must not call
 * acdr_engine_del().  If a callback returns non-zero, the engine state
 * stays as the event left it (the event did happen), the remaining actions
 * are still delivered, and the outermost call returns
 * ACDR_ERR_CALLBACK_FAILURE.
 */
typedef struct acdr_callbacks {
  /** Every action goes here.  May be NULL (actions are discarded). */
  acdr_action_cb on_action;
  /** Local civil time for business hours: store the local time of `now`
   * in seconds since 1970-01-01 00:00 local (i.e. Unix time plus the UTC
   * offset in effect) for queue_id.  May be NULL: the engine then uses
   * acdr_options.unix_time_at_zero plus the queue's utc_offset. */
  int (*local_time)(acdr_engine *engine, const char *queue_id,
                    acdr_tstamp now, int64_t *local_seconds,
                    void *user_data);
} acdr_callbacks;

/* ------------------------------------------------------------------ */
/* Engine options                                                       */

#define ACDR_OPTIONS_V1 1
#define ACDR_OPTIONS_VERSION ACDR_OPTIONS_V1

typedef struct acdr_options {
  /** Seed of the engine's random generator (random strategies). */
  uint64_t seed;
  /** Allocator; NULL uses malloc/free.  The struct is copied. */
  const acdr_mem *mem;
  /** 1: an agent on a voice contact takes nothing on other channels.
   * Default 1; an agent definition can override it. */
  int32_t voice_blocks_other_channels;
  /** Unix time (seconds) at host time 0, for business hours when no
   * local_time callback is set.  Default 0. */
  int64_t unix_time_at_zero;
  /** Limits on untrusted input (0 = default). */
  uint32_t max_id_len;      /* default 256 bytes */
  uint32_t max_attrs;       /* per contact, default 64 */
  uint32_t max_skills;      /* per agent or contact, default 64 */
  uint32_t max_members;     /* per queue, default 1,000,000 */
  /** Record every event in an internal log (see acdr_engine_event_log). */
  int32_t record_events;
} acdr_options;

/** Fill `opt` with defaults for struct version `version`. */
ACDROUTE_EXTERN void acdr_options_default_versioned(int version,
                                                    acdr_options *opt);
#define acdr_options_default(OPT)                                            \
  acdr_options_default_versioned(ACDR_OPTIONS_VERSION, (OPT))

/* ------------------------------------------------------------------ */
/* Engine lifetime                                                      */

/**
 * acdr_engine_new_versioned - create an engine.
 *
 * `callbacks` and `options` may be NULL (no callbacks / defaults); both are
 * copied.  The built-in strategies are registered.  On success *pengine
 * owns a new engine to free with acdr_engine_del().
 *
 * Errors: ACDR_ERR_INVALID_ARGUMENT (pengine NULL, bad option),
 * ACDR_ERR_VERSION (unknown struct version), ACDR_ERR_NOMEM.
 */
ACDROUTE_EXTERN int acdr_engine_new_versioned(acdr_engine **pengine,
                                              int callbacks_version,
                                              const acdr_callbacks *callbacks,
                                              int options_version,
                                              const acdr_options *options,
                                              void *user_data);
#define acdr_engine_new(PENGINE, CALLBACKS, OPTIONS, USER_DATA)              \
  acdr_engine_new_versioned((PENGINE), ACDR_CALLBACKS_VERSION, (CALLBACKS),  \
                            ACDR_OPTIONS_VERSION, (OPTIONS), (USER_DATA))

/** Free an engine and everything it owns.  Accepts NULL.  Must not be
 * called from inside a callback. */
ACDROUTE_EXTERN void acdr_engine_del(acdr_engine *engine);

/** The message describing the last failed call on this engine ("" if
 * none).  Owned by the engine; valid until the next call. */
ACDROUTE_EXTERN const char *acdr_engine_last_error(const acdr_engine *engine);

/** Free a string or buffer the library returned to the caller (exported
 * documents, event logs, reports), with the engine's allocator.  `p` may be
 * NULL.  `engine` must be the engine that returned it (NULL only if p is
 * NULL). */
ACDROUTE_EXTERN void acdr_free(acdr_engine *engine, void *p);

/** The user_data given to acdr_engine_new. */
ACDROUTE_EXTERN void *acdr_engine_user_data(const acdr_engine *engine);

/** The library version string ("1.0.0") and number (0xMMmmpp). */
ACDROUTE_EXTERN const char *acdr_version(void);
ACDROUTE_EXTERN uint32_t acdr_version_num(void);

/* ------------------------------------------------------------------ */
/* Agents                                                               */

#define ACDR_AGENT_DEF_V1 1
#define ACDR_AGENT_DEF_VERSION ACDR_AGENT_DEF_V1

typedef struct acdr_agent_def {
  const char *id;                       /* required, unique */
  const char *name;                     /* display name; NULL = id */
  uint32_t capacity[ACDR_CHANNEL_COUNT];/* simultaneous contacts per
                                           channel; 0 = not served.
                                           Default voice 1, chat 3,
                                           email 5 */
  const acdr_skill *skills;
  size_t nskills;
  int64_t wrapup_ms;                    /* -1 (default): the queue's */
  int32_t voice_blocks_other_channels;  /* -1 (default): engine option */
} acdr_agent_def;

/** Fill *def with the defaults of struct version `version`: an agent definition: voice 1, chat 3, email 5 slots, no skills,
 * wrap-up and voice blocking from the queue / engine.
 * Does nothing if def is NULL. */
ACDROUTE_EXTERN void acdr_agent_def_default_versioned(int version,
                                                      acdr_agent_def *def);
#define acdr_agent_def_default(DEF)                                          \
  acdr_agent_def_default_versioned(ACDR_AGENT_DEF_VERSION, (DEF))

/**
 * acdr_agent_add - define an agent (logged out).  Redefining an existing
 * id fails with ACDR_ERR_DUPLICATE_ID; use acdr_agent_update for that.
 * Errors: INVALID_ARGUMENT, VERSION, DUPLICATE_ID, LIMIT, NOMEM.
 */
ACDROUTE_EXTERN int acdr_agent_add_versioned(acdr_engine *engine,
                                             int version,
                                             const acdr_agent_def *def);
#define acdr_agent_add(E, DEF)                                               \
  acdr_agent_add_versioned((E), ACDR_AGENT_DEF_VERSION, (DEF))

/** Replace an agent's capacities, skills, name and settings, keeping its
 * state and contacts.  Errors: as acdr_agent_add, AGENT_NOT_FOUND. */
ACDROUTE_EXTERN int acdr_agent_update_versioned(acdr_engine *engine,
                                                int version,
                                                const acdr_agent_def *def);
#define acdr_agent_update(E, DEF)                                            \
  acdr_agent_update_versioned((E), ACDR_AGENT_DEF_VERSION, (DEF))

/** Remove a logged-out agent (and its queue memberships).
 * Errors: AGENT_NOT_FOUND, INVALID_STATE (logged in). */
ACDROUTE_EXTERN int acdr_agent_remove(acdr_engine *engine,
                                      const char *agent_id);

/** Agent logs in; status becomes AVAILABLE.
 * Errors: AGENT_NOT_FOUND, INVALID_STATE (already logged in),
 * TIME_BACKWARDS, CALLBACK_FAILURE. */
ACDROUTE_EXTERN int acdr_agent_login(acdr_engine *engine,
                                     const char *agent_id, acdr_tstamp now);

/** Agent logs out.  Offers ringing at the agent are cancelled and their
 * contacts go back to their place in line; contacts connected or in
 * wrap-up stay with the agent until they end (the agent is then fully
 * logged out).  Errors: AGENT_NOT_FOUND, INVALID_STATE (not logged in). */
ACDROUTE_EXTERN int acdr_agent_logout(acdr_engine *engine,
                                      const char *agent_id, acdr_tstamp now);

/** Set AVAILABLE or AWAY (with an optional reason code, copied).
 * Going away cancels ringing offers like logout.  Errors: AGENT_NOT_FOUND,
 * INVALID_ARGUMENT (other status), INVALID_STATE (logged out, or already
 * in that status with that reason). */
ACDROUTE_EXTERN int acdr_agent_set_status(acdr_engine *engine,
                                          const char *agent_id, int status,
                                          const char *reason,
                                          acdr_tstamp now);

#define ACDR_AGENT_INFO_V1 1
#define ACDR_AGENT_INFO_VERSION ACDR_AGENT_INFO_V1

typedef struct acdr_agent_info {
  int32_t status;                     /* acdr_agent_status */
  int32_t activity;                   /* acdr_agent_activity */
  uint32_t load[ACDR_CHANNEL_COUNT];  /* contacts held per channel */
  uint32_t capacity[ACDR_CHANNEL_COUNT];
  uint32_t offers;                    /* offers ringing now */
  uint32_t missed_in_row;             /* consecutive unanswered offers */
  uint64_t handled;                   /* contacts answered since login or
                                         acdr_agent_reset_counts */
  acdr_tstamp talk_ns;                /* talk time since the same point */
  acdr_tstamp idle_since;             /* last time the agent became free */
  acdr_tstamp login_time;
  const char *away_reason;            /* owned by engine; NULL if none */
  uint32_t queues;                    /* queue memberships */
} acdr_agent_info;

/** Read an agent's state.  Errors: AGENT_NOT_FOUND, INVALID_ARGUMENT. */
ACDROUTE_EXTERN int acdr_agent_get_info_versioned(const acdr_engine *engine,
                                                  const char *agent_id,
                                                  int version,
                                                  acdr_agent_info *info);
#define acdr_agent_get_info(E, ID, INFO)                                     \
  acdr_agent_get_info_versioned((E), (ID), ACDR_AGENT_INFO_VERSION, (INFO))

/** Reset the handled-contact and talk-time counters used by the
 * fewest-contacts and least-talk-time strategies. NULL agent_id: all. */
ACDROUTE_EXTERN int acdr_agent_reset_counts(acdr_engine *engine,
                                            const char *agent_id);

/* ------------------------------------------------------------------ */
/* Queues                                                               */

#define ACDR_QUEUE_DEF_V1 1
#define ACDR_QUEUE_DEF_VERSION ACDR_QUEUE_DEF_V1

typedef struct acdr_queue_def {
  const char *id;              /* required, unique */
  const char *strategy;        /* NULL = "longest-idle" */
  const acdr_kv *params;       /* strategy settings */
  size_t nparams;
  int32_t channel;             /* acdr_channel, default VOICE */
  int32_t weight;              /* agents in several queues serve higher
                                  weights first; default 0 */
  int64_t sl_threshold_ms;     /* service level T, default 20000 */
  int64_t ring_timeout_ms;     /* per offer, default 15000; 0 = none */
  int64_t wrapup_ms;           /* default 0 */
  /* Policies */
  uint32_t max_len;            /* 0 = unlimited */
  int64_t max_wait_ms;         /* 0 = unlimited */
  int32_t overflow_kind;       /* acdr_overflow_kind, default NONE: the
                                  contact ends TIMED_OUT / REJECTED */
  const char *overflow_target; /* queue id, mailbox or message */
  int32_t join_when_empty;     /* 1 (default): contacts may join when no
                                  member is logged in */
  int32_t leave_when_empty;    /* 1: waiting contacts leave (overflow)
                                  when the last member logs out; 0 default */
  int64_t announce_interval_ms;/* position/wait announcements; 0 = off */
  int64_t short_abandon_ms;    /* default 5000 */
  uint32_t max_missed;         /* consecutive no-answers before the agent
                                  is set AWAY "no-answer"; 0 = never;
                                  default 3 */
  int64_t no_answer_delay_ms;  /* agent not offered again for this long
                                  after a missed offer; default 5000 */
  int64_t reject_delay_ms;     /* after a reject; default 5000 */
  int64_t busy_delay_ms;       /* after a busy; default 5000 */
  int32_t require_disposition; /* 1: wrap-up cannot end without one */
  int64_t tier_wait_ms;        /* 0 (default): a higher penalty tier is
                                  used only when lower tiers have nobody
                                  free; >0: tier k opens after k*this of
                                  waiting */
  int64_t weight_aging_ms;     /* contacts waiting longer than this are
                                  served by wait, ignoring weight; default
                                  60000 (never starves a queue) */
  int64_t known_agent_hold_ms; /* default hold for a preferred agent,
                                  default 30000 */
  int64_t utc_offset_s;        /* business hours local time offset */
} acdr_queue_def;

/** Fill *def with the defaults of struct version `version`: a queue definition (defaults listed field by field above).
 * Does nothing if def is NULL. */
ACDROUTE_EXTERN void acdr_queue_def_default_versioned(int version,
                                                      acdr_queue_def *def);
#define acdr_queue_def_default(DEF)                                          \
  acdr_queue_def_default_versioned(ACDR_QUEUE_DEF_VERSION, (DEF))

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

/* ------------------------------------------------------------------ */
/* Contacts                                                             */

#define ACDR_CONTACT_DEF_V1 1
#define ACDR_CONTACT_DEF_VERSION ACDR_CONTACT_DEF_V1

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
} acdr_contact_def;

/** Fill *def with the defaults of struct version `version`: a contact definition: the queue's channel, priority 0, no
 * attributes, the queue's known-agent hold.
 * Does nothing if def is NULL. */
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

#define ACDR_REJECT_DECLINED 0 /* the agent declined */
#define ACDR_REJECT_BUSY 1     /* the agent's device was busy */
#define ACDR_REJECT_NO_ANSWER 2/* the host's own ring timer expired */

/** The agent declines an offer (or its device is busy).  The contact goes
 * back to its place in line.  Errors: CONTACT_NOT_FOUND, AGENT_NOT_FOUND,
 * NOT_OFFERED, INVALID_ARGUMENT (how). */
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

/* ------------------------------------------------------------------ */
/* Time                                                                 */

/** The earliest deadline, or ACDR_TSTAMP_MAX if none. */
ACDROUTE_EXTERN acdr_tstamp acdr_engine_get_expiry(const acdr_engine *engine);

/** Process every deadline <= now.  Errors: TIME_BACKWARDS,
 * CALLBACK_FAILURE. */
ACDROUTE_EXTERN int acdr_engine_handle_expiry(acdr_engine *engine,
                                              acdr_tstamp now);

/** The latest `now` the engine has seen. */
ACDROUTE_EXTERN acdr_tstamp acdr_engine_now(const acdr_engine *engine);

/* ------------------------------------------------------------------ */
/* Inspection                                                           */

/**
 * acdr_engine_check - verify all internal bookkeeping: every contact in
 * exactly one place, no agent over capacity, offers and loads agree,
 * indexes agree with states, counts add up.  Returns 0 or
 * ACDR_ERR_INVARIANT with the first violation in acdr_engine_last_error().
 */
ACDROUTE_EXTERN int acdr_engine_check(acdr_engine *engine);

typedef struct acdr_engine_counts {
  uint64_t agents;
  uint64_t queues;
  uint64_t contacts_live;      /* not ended */
  uint64_t contacts_arrived;   /* since creation */
  uint64_t contacts_ended;     /* since creation */
} acdr_engine_counts;

/** Object counts.  Errors: INVALID_ARGUMENT. */
ACDROUTE_EXTERN int acdr_engine_get_counts(const acdr_engine *engine,
                                           acdr_engine_counts *counts);

#ifdef __cplusplus
}
#endif

#endif /* ACDROUTE_ENGINE_H */
