/* SPDX-License-Identifier: MIT */
/*
 * acdroute - the routing engine: lifecycle, options, callbacks, memory,
 * time, inspection.
 *
 * The engine API is split by topic; this header declares the engine
 * itself and includes the rest, so including it gives the whole engine
 * API as before:
 *   time.h     acdr_tstamp and its units (through types.h)
 *   types.h    shared vocabulary: channels, agent and contact states, end
 *              reasons, key/value pairs, skills, the opaque acdr_engine
 *   action.h   actions the engine emits (acdr_action, its enums, the
 *              action callback type)
 *   agent.h    agents: definitions, login/status events, acdr_agent_info
 *   queue.h    queues: definitions, members, acdr_queue_info
 *   contact.h  contacts: arrival and life events, acdr_contact_info
 *   engine.h   (this file) allocator, callbacks, options, engine
 *              lifetime, last error, acdr_free, deadlines, checks, counts
 * Modules that build on the engine have their own headers: policy.h,
 * disposition.h, metrics.h, erlang.h, config.h and sys/strategy.h
 * (strategy plug-ins).  acdroute.h includes everything.
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
 *
 * Versioned structs: a struct with ACDR_X_V1 / ACDR_X_VERSION constants is
 * passed together with the version the caller was built with (the macros
 * without the _versioned suffix pass ACDR_X_VERSION).  Fields are only ever
 * added at the end, under a new version; the library accepts every version
 * up to its own, reading or writing only the part of the struct that
 * version has, and refuses other versions with ACDR_ERR_VERSION
 * (docs/abi.md).
 */
#ifndef ACDROUTE_ENGINE_H
#define ACDROUTE_ENGINE_H

#include <acdroute/types.h>
#include <acdroute/errors.h>
#include <acdroute/action.h>

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
/* Host callbacks                                                       */

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

/* The per-object parts of the engine API (see the list at the top). */
#include <acdroute/agent.h>
#include <acdroute/queue.h>
#include <acdroute/contact.h>

#endif /* ACDROUTE_ENGINE_H */
