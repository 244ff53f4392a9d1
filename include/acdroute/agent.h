/* SPDX-License-Identifier: MIT */
/*
 * acdroute - agents: definitions, login / status events, state queries.
 *
 * Part of the engine API (included by engine.h).  Agent status and
 * activity enums are in types.h (shared with strategies and metrics);
 * queue memberships are made in queue.h (acdr_queue_member_add).
 *
 * Threads, time, errors and memory: as engine.h.
 */
#ifndef ACDROUTE_AGENT_H
#define ACDROUTE_AGENT_H

#include <acdroute/types.h>
#include <acdroute/errors.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ACDR_AGENT_DEF_V1 1
#define ACDR_AGENT_DEF_V2 2 /* since 1.1: the miss settings below */
#define ACDR_AGENT_DEF_VERSION ACDR_AGENT_DEF_V2

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
  /* since V2: ring time per agent */
  int64_t ring_timeout_ms;              /* ring time of offers to this
                                           agent: -1 (default) the
                                           queue's ring_timeout_ms; 0 =
                                           none; else 1 .. 31622400000 */
  /* since V2: per-agent miss settings (FreeSWITCH mod_callcenter agent
   * params no-answer-delay-time, reject-delay-time, busy-delay-time,
   * max-no-answer, Available (On Demand)); -1 (default): the value of
   * the queue the offer came from */
  int64_t no_answer_delay_ms;           /* not offered again for this long
                                           after an offer rang out */
  int64_t reject_delay_ms;              /* ... after ACDR_REJECT_DECLINED */
  int64_t busy_delay_ms;                /* ... after ACDR_REJECT_BUSY */
  int32_t max_missed;                   /* consecutive no-answers before
                                           the agent gets missed_status;
                                           0 = never */
  int32_t missed_status;                /* status after max_missed:
                                           ACDR_AGENT_AWAY (default,
                                           reason "no-answer") or
                                           ACDR_AGENT_LOGGED_OUT */
  int32_t on_demand;                    /* 1: after each offer that ends
                                           (its talk ends, or it is
                                           rejected or rings out) the agent
                                           is set AWAY, reason "on-demand",
                                           until set AVAILABLE again; 0
                                           (default) */
} acdr_agent_def;

/** Fill *def with the defaults of struct version `version`: voice 1, chat
 * 3, email 5 slots, no skills, wrap-up and voice blocking from the queue /
 * engine; (V2) delays and max_missed -1 (the queue's), missed_status
 * ACDR_AGENT_AWAY, on_demand 0.  Does nothing if def is NULL. */
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

#ifdef __cplusplus
}
#endif

#endif /* ACDROUTE_AGENT_H */
