/* SPDX-License-Identifier: MIT */
/*
 * acdroute - routing strategy plug-in interface.
 *
 * A strategy decides which ready agent(s) of a queue get a contact.  The
 * engine keeps one strategy instance per queue *tier* (members of the same
 * penalty; strategies flagged ACDR_STRATEGY_F_FLAT get one instance for
 * all members) and tells it which members are ready: logged in, available,
 * free on the queue's channel, past any reject/no-answer delay.  The
 * instance keeps its own index (a heap, a ring, per-skill sets) so that a
 * decision costs O(log n) or better; the engine never asks it to scan.
 *
 * Members and contacts are seen through opaque views and accessor
 * functions so that no internal layout is frozen.  Every member has one
 * pointer-sized slot and one index slot the strategy may use freely (for
 * example its position in the strategy's heap).
 *
 * The built-in strategies are registered through this very interface.
 */
#ifndef ACDROUTE_SYS_STRATEGY_H
#define ACDROUTE_SYS_STRATEGY_H

#include <acdroute/types.h>
#include <acdroute/errors.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A queue membership as seen by a strategy (opaque). */
typedef struct acdr_member acdr_member;
/** A contact as seen by a strategy (opaque). */
typedef struct acdr_contact_view acdr_contact_view;
/** A strategy instance's own state (defined by the plug-in). */
typedef struct acdr_strategy_state acdr_strategy_state;
/** The engine's services for one strategy instance (opaque): allocator,
 * random numbers, error messages.  Valid until destroy(). */
typedef struct acdr_strategy_host acdr_strategy_host;

/* Member accessors (O(1) unless noted). */
ACDROUTE_EXTERN const char *acdr_member_agent_id(const acdr_member *m);
ACDROUTE_EXTERN int32_t acdr_member_penalty(const acdr_member *m);
/** Position in the member list (configured position, ties by order of
 * joining): a total order, unique within the queue. */
ACDROUTE_EXTERN uint64_t acdr_member_order(const acdr_member *m);
/** When the agent last became free (end of its last contact or login). */
ACDROUTE_EXTERN acdr_tstamp acdr_member_idle_since(const acdr_member *m);
/** Contacts the agent holds on the queue's channel, and its capacity. */
ACDROUTE_EXTERN uint32_t acdr_member_load(const acdr_member *m);
ACDROUTE_EXTERN uint32_t acdr_member_capacity(const acdr_member *m);
/** Contacts answered, and talk time, since login or counter reset. */
ACDROUTE_EXTERN uint64_t acdr_member_handled(const acdr_member *m);
ACDROUTE_EXTERN acdr_tstamp acdr_member_talk_time(const acdr_member *m);
/** Skill level of the agent (-1 if the agent lacks the skill).  O(skills).
 */
ACDROUTE_EXTERN int32_t acdr_member_skill_level(const acdr_member *m,
                                                const char *skill);
ACDROUTE_EXTERN size_t acdr_member_skill_count(const acdr_member *m);
/** i-th skill: name (owned by the engine) and level. */
ACDROUTE_EXTERN const char *acdr_member_skill_at(const acdr_member *m,
                                                 size_t i, int32_t *level);
/** The agent's acdr_agent_status (a busy agent is still AVAILABLE). */
ACDROUTE_EXTERN int32_t acdr_member_agent_status(const acdr_member *m);
/** 1 if the member is ready for this queue right now. */
ACDROUTE_EXTERN int acdr_member_is_ready(const acdr_member *m);
/** Strategy-owned slots; 0 / NULL until set. */
ACDROUTE_EXTERN void *acdr_member_get_data(const acdr_member *m);
ACDROUTE_EXTERN void acdr_member_set_data(acdr_member *m, void *data);
ACDROUTE_EXTERN size_t acdr_member_get_index(const acdr_member *m);
ACDROUTE_EXTERN void acdr_member_set_index(acdr_member *m, size_t index);

/* Contact accessors. */
ACDROUTE_EXTERN const char *acdr_contact_view_id(const acdr_contact_view *c);
ACDROUTE_EXTERN int32_t acdr_contact_view_priority(
    const acdr_contact_view *c);
ACDROUTE_EXTERN acdr_tstamp acdr_contact_view_arrival(
    const acdr_contact_view *c);
/** Time the contact entered this queue (arrival for a first queue). */
ACDROUTE_EXTERN acdr_tstamp acdr_contact_view_enqueued(
    const acdr_contact_view *c);
/** Attribute value or NULL. */
ACDROUTE_EXTERN const char *acdr_contact_view_attr(const acdr_contact_view *c,
                                                   const char *key);
ACDROUTE_EXTERN size_t acdr_contact_view_skill_count(
    const acdr_contact_view *c);
ACDROUTE_EXTERN const char *acdr_contact_view_skill_at(
    const acdr_contact_view *c, size_t i, int32_t *min_level);
/** 1 if `m` is already ringing for this contact (ring-progressively). */
ACDROUTE_EXTERN int acdr_contact_view_is_offered_to(
    const acdr_contact_view *c, const acdr_member *m);
/** Number of agents ringing for this contact now. */
ACDROUTE_EXTERN size_t acdr_contact_view_offer_count(
    const acdr_contact_view *c);
/** When the contact's current offer round started (0 if none). */
ACDROUTE_EXTERN acdr_tstamp acdr_contact_view_offer_started(
    const acdr_contact_view *c);
/** Strategy-owned per-contact value (e.g. a pinned agent order). */
ACDROUTE_EXTERN uint64_t acdr_contact_view_get_data(
    const acdr_contact_view *c);
ACDROUTE_EXTERN void acdr_contact_view_set_data(acdr_contact_view *c,
                                                uint64_t data);

/** (since 1.1) The contact's reason (acdr_contact_def.reason) or NULL. */
ACDROUTE_EXTERN const char *acdr_contact_view_reason(
    const acdr_contact_view *c);

/** The engine's seeded random generator: uniform in [0, bound), bound>0.
 * Use it instead of rand() so that decisions are deterministic. */
ACDROUTE_EXTERN uint64_t acdr_strategy_random(acdr_strategy_host *host,
                                              uint64_t bound);

/* Flags (acdr_strategy.flags), bit values in increasing order.  Bit
 * flags are #defines of unsigned type throughout the API (also
 * ACDR_DISPO_* in disposition.h); sets of alternatives are enums. */
/** One instance for all members, ignoring penalty tiers (the strategy
 * reads penalties itself, e.g. as weights). */
#define ACDR_STRATEGY_F_FLAT 0x1u
/** The strategy may return several agents (ring-all). */
#define ACDR_STRATEGY_F_MULTI 0x2u
/** Finding nobody for one contact does not mean nobody for the contacts
 * behind it (skills, pinned agents): the engine then looks further down
 * the line (at most 256 contacts per dispatch). */
#define ACDR_STRATEGY_F_LOOKAHEAD 0x4u
/** The strategy pins contacts to agents (round-robin-strict): the engine
 * does not steer a contact away from an agent who just missed it. */
#define ACDR_STRATEGY_F_PINNED 0x8u
/** (since 1.1) With F_LOOKAHEAD: select() depends on a waiting contact
 * only through its required skills (names and minimum levels, in order)
 * and the time it entered the queue, and a contact that entered later
 * never qualifies for more.  The engine then groups waiting contacts by
 * requirement: once one got nobody, the contacts behind it with the same
 * requirement that entered no earlier are passed over in that dispatch
 * without a select(), and the 256-contact limit of F_LOOKAHEAD does not
 * apply to them, so no number of contacts nobody can serve blocks one
 * that can be served (skills). */
#define ACDR_STRATEGY_F_REQUIREMENTS 0x10u

/** What the engine passes to create(). */
typedef struct acdr_strategy_ctx {
  const char *queue_id;
  int32_t channel;
  int32_t tier_penalty;     /* the tier's penalty (0 for FLAT) */
  acdr_strategy_host *host; /* keep it: allocator, random, errors */
} acdr_strategy_ctx;

#define ACDR_STRATEGY_V1 1
#define ACDR_STRATEGY_V2 2
#define ACDR_STRATEGY_VERSION ACDR_STRATEGY_V2

/**
 * The strategy vtable.  Required: name, create, destroy, select.  Optional
 * hooks may be NULL.  Hooks returning int return 0 or a negative
 * acdr_error; ACDR_ERR_PASSTHROUGH from select means "no opinion: use the
 * default (longest idle among ready members)".
 */
typedef struct acdr_strategy {
  const char *name;
  uint32_t flags;
  void *user_data;

  /** Create per-tier state.  params: the queue's strategy settings; reject
   * unknown keys or bad values with ACDR_ERR_STRATEGY (and a message via
   * acdr_strategy_set_error). */
  int (*create)(acdr_strategy_state **pstate, const acdr_strategy_ctx *ctx,
                const acdr_kv *params, size_t nparams, void *user_data);
  void (*destroy)(acdr_strategy_state *state, void *user_data);

  /** Membership: a member joins / leaves this tier (ready or not). */
  int (*member_add)(acdr_strategy_state *state, acdr_member *m);
  void (*member_remove)(acdr_strategy_state *state, acdr_member *m);
  /** A member becomes ready / stops being ready. */
  int (*member_ready)(acdr_strategy_state *state, acdr_member *m);
  void (*member_unready)(acdr_strategy_state *state, acdr_member *m);
  /** A ready member's load, counters or skills changed. */
  void (*member_update)(acdr_strategy_state *state, acdr_member *m);

  /**
   * Choose agents for a contact at `now`: write up to `max` ready members
   * to out[] (max is 1 unless the strategy is F_MULTI) and their number to
   * *nout (0 = nobody now).  *recheck_at may be set to a time at which the
   * engine should ask again even if nothing else changes (relaxing skill
   * requirements, ring-progressively); leave it at ACDR_TSTAMP_MAX
   * otherwise.  Must only return ready members not already offered the
   * contact.  Must not change state except through offered().
   */
  int (*select)(acdr_strategy_state *state, acdr_contact_view *c,
                acdr_tstamp now, acdr_member **out, size_t max, size_t *nout,
                acdr_tstamp *recheck_at);

  /** The engine offered the contact to `m` (after select). */
  void (*offered)(acdr_strategy_state *state, acdr_member *m,
                  acdr_contact_view *c);

  /** Persist/restore the instance's own decisions state (round-robin
   * cursor...) as a short string.  save() stores a string allocated with
   * the engine allocator (acdr_strategy_strdup) in *out, or NULL. */
  int (*save)(acdr_strategy_state *state, char **out);
  int (*load)(acdr_strategy_state *state, const char *saved);

  /* since V2: outcomes */
  /** A contact the member's agent handled on this queue ended with a
   * disposition code at `now`: `resolved` is 1 when the primary code
   * counts as resolved (ACDR_DISPO_RESOLVED), else 0.  Called for the
   * queue the contact was in when it ended, on the instance of the
   * agent's tier, only when the agent is still a member.  May change the
   * instance's state (it is an outcome to learn from); must not call the
   * engine.  NULL: outcomes are not wanted. */
  void (*outcome)(acdr_strategy_state *state, acdr_member *m,
                  acdr_contact_view *c, int resolved, acdr_tstamp now);
  /** The instance's own figures for the metrics report (acdr_metrics_to_json
   * writes them under the queue's "strategy"): write up to `max` pairs
   * to names[] (static strings) and values[], return how many there are.
   * Must not change state.  NULL: none. */
  size_t (*stats)(acdr_strategy_state *state, const char **names,
                  double *values, size_t max);
} acdr_strategy;

/**
 * Register a strategy on an engine under strategy->name.  The vtable is
 * copied.  Errors: INVALID_ARGUMENT (missing required hook or name),
 * VERSION, DUPLICATE_ID (name taken), NOMEM.
 */
ACDROUTE_EXTERN int acdr_engine_register_strategy_versioned(
    acdr_engine *engine, int version, const acdr_strategy *strategy);
#define acdr_engine_register_strategy(E, S)                                  \
  acdr_engine_register_strategy_versioned((E), ACDR_STRATEGY_VERSION, (S))

/** Number of registered strategies and the i-th name (registration
 * order). */
ACDROUTE_EXTERN size_t acdr_engine_strategy_count(const acdr_engine *engine);
ACDROUTE_EXTERN const char *acdr_engine_strategy_name(
    const acdr_engine *engine, size_t i);

/** Allocate with the engine's allocator (for plug-in state and save()). */
ACDROUTE_EXTERN void *acdr_strategy_malloc(acdr_strategy_host *host,
                                           size_t size);
ACDROUTE_EXTERN void *acdr_strategy_realloc(acdr_strategy_host *host,
                                            void *ptr, size_t size);
ACDROUTE_EXTERN void acdr_strategy_free(acdr_strategy_host *host, void *ptr);
ACDROUTE_EXTERN char *acdr_strategy_strdup(acdr_strategy_host *host,
                                           const char *s);
/** Explain a create()/load() failure (copied into the engine's last
 * error). */
ACDROUTE_EXTERN void acdr_strategy_set_error(acdr_strategy_host *host,
                                             const char *message);

#ifdef __cplusplus
}
#endif

#endif /* ACDROUTE_SYS_STRATEGY_H */
