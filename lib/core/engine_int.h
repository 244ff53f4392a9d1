/* SPDX-License-Identifier: MIT */
/*
 * Internal engine structures.  Shared by lib/core, lib/strategies,
 * lib/policies, lib/disposition, lib/metrics and lib/config.
 */
#ifndef ACDR_CORE_ENGINE_INT_H
#define ACDR_CORE_ENGINE_INT_H

#include <assert.h>
#include <string.h>

#include <acdroute/engine.h>
#include <acdroute/sys/strategy.h>

#include "util/hashmap.h"
#include "util/heap.h"
#include "util/mem.h"

typedef struct acdr_agent acdr_agent;
typedef struct acdr_queue acdr_queue;
typedef struct acdr_contact acdr_contact;
typedef struct acdr_offer acdr_offer;
typedef struct acdr_tier acdr_tier;
typedef struct acdr_timer acdr_timer;
typedef struct acdr_resume acdr_resume;

/* ------------------------------------------------------------------ */
/* Timers: one heap for all deadlines.  A timer is embedded in the object
 * it belongs to; `fire` knows how to find the object. */

typedef void (*acdr_timer_fn)(acdr_engine *e, acdr_timer *t, acdr_tstamp now);

struct acdr_timer {
  acdr_tstamp when;
  uint64_t seq;     /* tie-break: order of arming, deterministic */
  size_t heap_idx;  /* ACDR_HEAP_NONE when not armed */
  acdr_timer_fn fire;
};

/* A disarmed timer that calls `fire` when its deadline passes. */
void acdr_timer_init(acdr_timer *t, acdr_timer_fn fire);
/* Arm or re-arm.  Returns ACDR_ERR_NOMEM only if the heap must grow; use
 * acdr_timers_reserve() first on paths that must not fail. */
int acdr_timer_arm(acdr_engine *e, acdr_timer *t, acdr_tstamp when);
/* Take t out of the heap (no-op when not armed); never allocates. */
void acdr_timer_disarm(acdr_engine *e, acdr_timer *t);
static inline int acdr_timer_armed(const acdr_timer *t) {
  return t->heap_idx != ACDR_HEAP_NONE;
}
/* Room for `extra` more deadlines, plus one kept for the dispatch retry
 * (which is armed on out-of-memory paths).  0 or ACDR_ERR_NOMEM. */
int acdr_timers_reserve(acdr_engine *e, size_t extra);
/* The result of a call that cannot fail on this path (room reserved, a
 * heap entry just popped): debug builds check it. */
static inline void acdr_must(int rv) {
  assert(rv == 0);
  (void)rv;
}
/* Arm where no allocation can be needed: the timer is armed already, its
 * heap entry was just popped, or room was reserved on this path. */
static inline void acdr_timer_arm_held(acdr_engine *e, acdr_timer *t,
                                       acdr_tstamp when) {
  acdr_must(acdr_timer_arm(e, t, when));
}

/* ------------------------------------------------------------------ */
/* Waiting line of a queue: a treap ordered by (priority desc, line_at
 * asc, seq asc) with subtree sizes, so position (rank) is O(log n). */

typedef struct acdr_line_node {
  struct acdr_line_node *left, *right, *parent;
  uint32_t size;
  uint32_t prio; /* treap heap priority, from the contact seq */
} acdr_line_node;

typedef struct acdr_line {
  acdr_line_node *root;
} acdr_line;

/* Insert c (not in a line) at its place by its order keys; the node is
 * embedded in the contact, so neither call allocates.  Remove c (in l). */
void acdr_line_insert(acdr_line *l, acdr_contact *c);
void acdr_line_remove(acdr_line *l, acdr_contact *c);
/* The head of the line / the contact after c, or NULL. */
acdr_contact *acdr_line_first(const acdr_line *l);
acdr_contact *acdr_line_next(acdr_contact *c);
/* Does a come before b in a line (the order above)? */
int acdr_line_before(const acdr_contact *a, const acdr_contact *b);
/* 1-based position of c (must be in l). */
uint32_t acdr_line_rank(const acdr_contact *c);
static inline uint32_t acdr_line_len(const acdr_line *l) {
  return l->root ? l->root->size : 0;
}

/* ------------------------------------------------------------------ */
/* Strategy registry */

typedef struct acdr_strategy_reg {
  acdr_strategy vt;
  char *name; /* owned copy */
} acdr_strategy_reg;

struct acdr_strategy_host {
  acdr_engine *engine;
};

/* ------------------------------------------------------------------ */
/* Agents */

typedef struct acdr_agent_skill {
  const char *name; /* interned: engine->skill_names */
  int32_t level;
} acdr_agent_skill;

/* Membership of an agent in a queue: the strategy's member view. */
struct acdr_member {
  acdr_agent *agent;
  acdr_queue *queue;
  acdr_tier *tier;
  int32_t penalty;
  int32_t position;
  uint64_t order;        /* (position, join seq) packed: unique total order;
                            the join seq is its low 32 bits */
  uint8_t ready;         /* currently announced ready to the tier */
  uint8_t paused;        /* acdr_member_def: not ready for this queue */
  uint32_t pick_gen;     /* de-duplicates select() output in O(1): low 32
                            bits of engine->dispatch_gen (see dispatch.c) */
  void *sdata;           /* strategy-owned */
  size_t sidx;           /* strategy-owned */
  /* peer idle / count rules (Asterisk per-queue lastcall and calls) */
  acdr_tstamp last_call; /* talk end of the last contact of this queue;
                            0 = never */
  uint32_t calls;        /* contacts of this queue whose talk ended, since
                            joining or acdr_agent_reset_counts */
  uint32_t calls_shared; /* the same for contacts of any queue (Asterisk
                            shared_lastcall=yes: update_queue() counts a
                            call in every queue of the member) */
  /* acdr_member_def (member_settings.c; paused above) */
  int32_t weight;        /* weighted-random; 0: from the penalty */
  int64_t wrapup_ms;     /* -1: the agent's, else the queue's */
};

/* An agent's miss settings (acdr_agent_def V2), allocated only when one
 * is not its default: most agents carry just the NULL pointer. */
typedef struct acdr_agent_miss {
  int64_t na_delay_ms, rej_delay_ms, busy_delay_ms; /* -1: the queue's */
  int32_t max_missed;    /* -1: the queue's */
  int32_t missed_status; /* ACDR_AGENT_AWAY or ACDR_AGENT_LOGGED_OUT */
  int32_t on_demand;
} acdr_agent_miss;

struct acdr_agent {
  char *id;
  char *name;
  uint64_t seq;
  uint32_t cap[ACDR_CHANNEL_COUNT];
  uint32_t load[ACDR_CHANNEL_COUNT]; /* contacts held: offered, connected,
                                        wrap-up */
  acdr_agent_skill *skills;
  uint32_t nskills;
  int32_t vbo_setting;   /* -1: engine default */
  int64_t wrapup_ms;     /* -1: queue's */
  int64_t ring_timeout_ms; /* -1: queue's */
  acdr_agent_miss *miss; /* per-agent miss settings; NULL: defaults */

  char *away_reason;
  acdr_tstamp login_time;
  acdr_tstamp idle_since;
  acdr_tstamp ready_at;  /* not offered before this (reject delays) */
  acdr_timer ready_timer;

  uint32_t noffers;      /* offers ringing */
  uint32_t nconnected;
  uint32_t nwrapup;
  uint32_t missed_in_row;
  uint64_t handled;
  acdr_tstamp talk_ns;
  /* peer idle / count rules; kept across logout / login */
  acdr_tstamp last_talk_end; /* end of the last talk (before wrap-up), 0 =
                                never (FreeSWITCH last_bridge_end) */
  acdr_tstamp last_offered;  /* start of the last offer, 0 = never
                                (FreeSWITCH last_offered_call) */
  uint32_t handled_av;       /* handled / talk_ns since login, reset or the
                                last return from AWAY to AVAILABLE */
  acdr_tstamp talk_av;

  acdr_offer *offers;    /* list of offers ringing at this agent */
  acdr_contact *held;    /* connected / wrap-up contacts (list) */

  acdr_member **members;
  size_t nmembers, capmembers;

  /* metrics: time accounting (status/activity of the period that began
   * at state_since) */
  acdr_tstamp state_since;
  void *metrics;         /* per-agent metrics record (lib/metrics) */
  acdr_agent *next_pending; /* dispatch after the current step */
  int8_t status;
  int8_t activity;       /* last announced activity */
  int8_t acct_status;
  int8_t acct_activity;
  uint8_t vbo;           /* effective voice-blocks-others */
  uint8_t pending;
};

/* a's miss settings (the defaults when it has none of its own). */
static inline const acdr_agent_miss *acdr_agent_miss_of(const acdr_agent *a) {
  static const acdr_agent_miss defaults = {-1, -1, -1, -1, ACDR_AGENT_AWAY,
                                           0};
  return a->miss ? a->miss : &defaults;
}

/* ------------------------------------------------------------------ */
/* Queues */

struct acdr_tier {
  int32_t penalty;
  acdr_strategy_reg *strategy;
  acdr_strategy_state *state;
  acdr_strategy_host host;
  size_t nmembers;
  size_t nready;
};


struct acdr_queue {
  char *id;
  uint64_t seq;
  acdr_queue_def def;    /* strings below are owned copies */
  char *strategy_name;
  char *overflow_target;
  char *join_message;          /* copy of def.join_message, or NULL */
  acdr_kv *params;       /* owned copies */
  acdr_penalty_change *rules; /* def.rules: owned copy, sorted by time */
  char *default_rule;    /* def.default_rule: owned copy or NULL */
  size_t nparams;
  acdr_strategy_reg *strategy;

  acdr_tier **tiers;     /* sorted by penalty; stable addresses */
  size_t ntiers;

  acdr_member **members; /* in join order */
  size_t nmembers, capmembers;
  uint64_t member_seq;
  uint32_t logged_in;    /* members logged in */
  uint64_t avail_slots;  /* capacity on the queue's channel of members
                            whose agent is available (estimated wait) */

  acdr_line line;        /* waiting contacts */
  uint32_t noffered;     /* contacts ringing from this queue */
  uint32_t nconnected;

  int dispatching;
  uint64_t dispatch_gen;
  acdr_queue *next_pending; /* dispatch after the current step */
  int pending;
  void *hours;           /* business hours (lib/policies), or NULL */
  /* lib/policies/noagent.c: when the last logged-in member left (0:
   * never had one), and the queue's policy deadline (the next no-agent
   * leave, or a leave_empty check due at the instant a member changed) */
  acdr_tstamp no_agent_since;
  acdr_timer no_agent_timer;
  void *metrics;         /* per-queue metrics record */
  /* estimated wait: exponential average of recent handle times */
  double aht_avg_ms;
  int aht_samples;
  acdr_resume *resume;   /* abandoned callers who may resume (resume.c),
                            or NULL */
};

/* An abandoned caller's place (resume.c): in its queue's list, oldest
 * first. */
typedef struct acdr_resume_rec {
  struct acdr_resume_rec *next, *prev;
  acdr_tstamp abandoned_at;
  acdr_tstamp arrival;
  acdr_tstamp line_at;
  int64_t head_start_ms;
  char key[];            /* "u:" customer id, or "c:" contact id */
} acdr_resume_rec;

/* ------------------------------------------------------------------ */
/* Contacts */

struct acdr_offer {
  acdr_contact *contact;
  acdr_agent *agent;
  acdr_member *member;
  acdr_tstamp started;
  acdr_timer timer;            /* ring timeout */
  acdr_offer *next_agent, *prev_agent;     /* agent's offer list */
  acdr_offer *next_contact, *prev_contact; /* contact's offer list */
};

/* Known-agent steps of a contact: preferred (the host's), owner (the
 * customer's personal manager), last (who handled the customer last). */
#define ACDR_KNOWN_MAX 3
typedef enum acdr_known_kind {
  ACDR_KNOWN_PREFERRED = 0,
  ACDR_KNOWN_OWNER = 1,
  ACDR_KNOWN_LAST = 2
} acdr_known_kind;

/* Fields a contact needs only sometimes, allocated on demand (before
 * anything changes, so a failed allocation leaves the engine as it was). */
typedef struct acdr_contact_ext {
  char *preferred_agent;       /* known agent of the current step */
  acdr_tstamp preferred_until; /* end of the current step's hold */
  /* known agents of the later steps, in order (owned); each step gets
   * its queue's known_agent_hold_ms from the moment it begins */
  char *known_next[ACDR_KNOWN_MAX - 1];
  uint8_t nknown_next;
  uint8_t known_kind;          /* acdr_known_kind of preferred_agent */
  uint8_t known_next_kind[ACDR_KNOWN_MAX - 1];
  uint8_t had_known;           /* arrived with a known agent (metrics) */
  uint64_t known_offered;      /* seq of the agent offered as known agent
                                  (0: none): metrics count the answer */
  acdr_tstamp hold_start;
  acdr_tstamp hold_ns;
  acdr_tstamp first_reply;     /* its first reply (conversations), 0: none */
  int64_t head_start_ms;       /* acdr_contact_def.head_start_ms */
  /* penalty window, stored +1 so that a zeroed ext means none */
  int32_t min_penalty1, max_penalty1;
  acdr_tstamp resume_line_at;  /* a resumed caller's old place, for its
                                  next entry into a queue (0: none) */
  /* queue rules (rules.c): the rule named at arrival (owned; NULL: the
   * queue's default_rule, "": none) and QUEUE_RAISE_PENALTY stored +1 */
  char *rule;
  int32_t raise_penalty1;
} acdr_contact_ext;

/* A contact's deadlines share one heap entry (`timer`), keyed by the
 * earliest armed deadline; each deadline keeps its own (when, seq), so the
 * order of expiry is exactly that of one timer per deadline.  Recheck,
 * reply and wrap-up share slot 0: only a waiting contact is rechecked,
 * only a connected one awaits its first reply, and a contact in wrap-up
 * neither. */
enum {
  ACDR_CT_RECHECK,  /* strategy / tier / preferred recheck (slot 0) */
  ACDR_CT_MAX_WAIT, /* policy: overflow after max wait (slot 1) */
  ACDR_CT_ANNOUNCE, /* policy: position announcements (slot 2) */
  ACDR_CT_WRAPUP,   /* wrap-up end (slot 0) */
  ACDR_CT_REPLY,    /* first-reply deadline of a connected contact (slot 0) */
  ACDR_CT_KINDS
};
#define ACDR_CT_SLOTS 3

typedef struct acdr_ct_slot {
  acdr_tstamp when;
  uint64_t seq; /* 0: not armed */
} acdr_ct_slot;

struct acdr_contact {
  uint64_t seq;
  acdr_queue *queue;
  acdr_kv *attrs;
  acdr_agent_skill *skills;    /* required, min levels */
  acdr_contact_ext *ext;       /* or NULL */
  uint32_t nattrs;
  uint32_t nskills;
  int32_t priority;
  uint32_t noffers;            /* ringing */
  uint32_t overflow_hops;      /* policy: queue-to-queue overflows so far */
  uint32_t metrics_flags;      /* lib/metrics: what was counted already */
  uint32_t customer_off;       /* customer id at id + customer_off, 0: none */
  uint32_t reason_off;         /* reason at id + reason_off, 0: none */
  int8_t channel;
  int8_t state;
  int8_t end_reason;
  uint8_t in_line;             /* 0: not in the line; 1: in it; 2: in it
                                  and select()ed since it entered, so its
                                  recheck is armed if it needs one
                                  (dispatch.c: requirement groups) */
  uint8_t on_hold;
  uint8_t is_callback;
  uint8_t transferred;         /* arrived by transfer */
  uint8_t slot0_kind;          /* ACDR_CT_RECHECK, _WRAPUP or _REPLY */
  uint8_t max_wait_due;        /* max wait reached while ringing, in a
                                  queue with max_wait_rings_out: no new
                                  offer; it leaves once the ringing ends */
  uint8_t outbound;            /* placed by acdr_outbound_request */

  acdr_tstamp arrival;         /* original arrival */
  acdr_tstamp enqueued;        /* entered the current queue */
  acdr_tstamp line_at;         /* its place in line counts from this
                                  (line.c order): set on entering a queue
                                  from the queue's time base and the head
                                  start (acdr_contact_line_at) */
  acdr_tstamp answered;
  acdr_tstamp talk_start;
  acdr_tstamp talk_end;
  acdr_tstamp offer_round_start;
  uint64_t sdata;              /* strategy-owned */
  uint64_t missed_agent;       /* seq of the agent who last let it ring
                                  out or declined (0: none); steered
                                  away from while others are free */
  acdr_tstamp retry_at;        /* not offered before this after a ring
                                  timeout (queue retry_ms); 0: none */

  union {
    acdr_line_node line;       /* while waiting (in_line) */
    struct {                   /* connected / wrap-up: agent's held list */
      acdr_contact *next_held, *prev_held;
    };
    acdr_contact *next_dead;   /* ended: graveyard */
  };

  acdr_offer *offers;          /* ringing */
  acdr_agent *agent;           /* connected / wrap-up */

  acdr_timer timer;            /* heap entry of the earliest slot */
  acdr_ct_slot slot[ACDR_CT_SLOTS];

  void *disposition;           /* lib/disposition record */
  char id[];                   /* then customer id, reason (see *_off) */
};

static inline const char *acdr_contact_customer(const acdr_contact *c) {
  return c->customer_off ? c->id + c->customer_off : NULL;
}
static inline const char *acdr_contact_reason(const acdr_contact *c) {
  return c->reason_off ? c->id + c->reason_off : NULL;
}
static inline const char *acdr_contact_preferred(const acdr_contact *c) {
  return c->ext ? c->ext->preferred_agent : NULL;
}
static inline acdr_tstamp acdr_contact_hold_ns(const acdr_contact *c) {
  return c->ext ? c->ext->hold_ns : 0;
}
/* When the contact got its first reply, 0 if none yet. */
static inline acdr_tstamp acdr_contact_first_reply_at(const acdr_contact *c) {
  return c->ext ? c->ext->first_reply : 0;
}
static inline int64_t acdr_contact_head_start_ms(const acdr_contact *c) {
  return c->ext ? c->ext->head_start_ms : 0;
}
/* The contact's penalty window (-1: no bound). */
static inline int32_t acdr_contact_min_penalty(const acdr_contact *c) {
  return c->ext ? c->ext->min_penalty1 - 1 : -1;
}
static inline int32_t acdr_contact_max_penalty(const acdr_contact *c) {
  return c->ext ? c->ext->max_penalty1 - 1 : -1;
}
static inline int acdr_contact_has_window(const acdr_contact *c) {
  return c->ext && (c->ext->min_penalty1 || c->ext->max_penalty1);
}
/* Set the window of a contact whose ext exists (bounds -1..1000000). */
static inline void acdr_contact_set_window(acdr_contact *c, int32_t lo,
                                           int32_t hi) {
  c->ext->min_penalty1 = lo < 0 ? 0 : lo + 1;
  c->ext->max_penalty1 = hi < 0 ? 0 : hi + 1;
}
static inline int32_t acdr_contact_raise_penalty(const acdr_contact *c) {
  return c->ext ? c->ext->raise_penalty1 - 1 : -1;
}

/* Queue rules (rules.c).  The penalty window of contact c at `now`: its
 * arrival bounds (-1: none) changed by the steps of its rule that are due
 * (app_queue update_qe_rule()); *next: when its next step is due
 * (ACDR_TSTAMP_MAX: none; may be NULL).  O(steps of the queue). */
typedef struct acdr_window {
  int32_t lo, hi, raise;
} acdr_window;
void acdr_contact_window(const acdr_contact *c, acdr_tstamp now,
                         acdr_window *w, acdr_tstamp *next);
/* Does q ignore penalties now (penalty_members_limit)? */
int acdr_queue_flat(const acdr_queue *q);
/* Is a member of penalty pen inside window w?  (the raised penalty) */
int acdr_window_admits(const acdr_window *w, int32_t pen);
/* The first step of rule `name` in q, or NULL. */
const acdr_penalty_change *acdr_queue_rule_find(const acdr_queue *q,
                                                const char *name);
/* Copy n steps (names too), sorted by time, stable; *out NULL for n = 0.
 * 0 or ACDR_ERR_NOMEM (nothing allocated); free with acdr_qrules_free. */
int acdr_qrules_copy(acdr_engine *e, const acdr_penalty_change *in, size_t n,
                    acdr_penalty_change **out);
void acdr_qrules_free(acdr_engine *e, acdr_penalty_change *r, size_t n);

/* The ext record, allocated if missing; NULL on allocation failure. */
acdr_contact_ext *acdr_contact_ext_get(acdr_engine *e, acdr_contact *c);

/* Contact deadlines (lib/core/timer.c).  Arming takes a seq like
 * acdr_timer_arm; it needs heap room only when no deadline was armed. */
/* No deadline armed. */
void acdr_ct_init(acdr_contact *c);
/* Arm (or move) deadline `kind` at `when`.  0, or ACDR_ERR_NOMEM when the
 * contact had no heap entry and the heap must grow (nothing changed). */
int acdr_ct_arm(acdr_engine *e, acdr_contact *c, int kind, acdr_tstamp when);
/* As acdr_timer_arm_held, for a contact deadline. */
static inline void acdr_ct_arm_held(acdr_engine *e, acdr_contact *c, int kind,
                                    acdr_tstamp when) {
  acdr_must(acdr_ct_arm(e, c, kind, when));
}
/* Arm with a saved (when, seq) (snapshot restore). */
int acdr_ct_restore(acdr_engine *e, acdr_contact *c, int kind,
                    acdr_tstamp when, uint64_t seq);
/* Disarm one deadline / all of them (never allocate). */
void acdr_ct_disarm(acdr_engine *e, acdr_contact *c, int kind);
void acdr_ct_disarm_all(acdr_engine *e, acdr_contact *c);
/* The armed deadline of `kind`, or NULL. */
const acdr_ct_slot *acdr_ct_get(const acdr_contact *c, int kind);
static inline int acdr_ct_armed(const acdr_contact *c, int kind) {
  return acdr_ct_get(c, kind) != NULL;
}

/* ------------------------------------------------------------------ */
/* Modules: a vtable of hooks (core/hooks.h) and the module's state. */

typedef struct acdr_module_vt acdr_module_vt;
#define ACDR_MODULES_MAX 8

/* Every member of acdr_module_vt but `free` and `name`, in one list: the
 * engine keeps, per hook, which modules implement it (so calling a hook
 * walks its implementers only). */
#define ACDR_HOOK_NAMES(X)                                                 \
  X(contact) X(contact_ended) X(contact_free) X(agent_time) X(agent_free)  \
  X(queue_free) X(queue_empty) X(joined) X(assigned) X(handled) X(event)   \
  X(admit) X(wrapup_may_end) X(summary) X(estimated_wait) X(is_open)       \
  X(overflow) X(deadline) X(known_agents) X(outbound_refused) \
  X(may_contact) X(closed_contact)
enum {
#define ACDR_HS_(N) ACDR_HS_##N,
  ACDR_HOOK_NAMES(ACDR_HS_)
#undef ACDR_HS_
  ACDR_HS_COUNT
};
typedef struct acdr_module {
  const acdr_module_vt *vt;
  void *st;
} acdr_module;

/* ------------------------------------------------------------------ */
/* The engine */

struct acdr_engine {
  acdr_mem mem;
  acdr_callbacks cb;
  acdr_options opt;
  void *user_data;

  acdr_tstamp now;
  acdr_tstamp entry_now;       /* `now` before the outermost call (or a
                                  call made from an action callback) */
  size_t entry_nactions;       /* actions pending when it began */
  uint64_t seq;                /* object and timer sequence numbers */
  uint64_t dispatch_gen;
  uint64_t rng[4];             /* xoshiro256** state */

  acdr_map agents;
  acdr_map queues;
  acdr_map contacts;
  acdr_map strategies;
  acdr_strategy_reg **strategy_list;
  size_t nstrategies, capstrategies;

  acdr_heap timers;

  /* action queue (ring of records) */
  acdr_action *actions;
  size_t nactions, capactions, action_head;
  int delivering;
  acdr_action delivered;       /* the action the callback is looking at */
  uint64_t actions_lost;       /* emitted without reserved room, and the
                                  queue could not grow (never in tests:
                                  debug builds assert room) */
  int callback_failed;
  int depth;                   /* nesting of public calls */

  acdr_contact *graveyard;     /* ended contacts freed after delivery */
  char **dead_strings;         /* strings freed after delivery */
  size_t ndead_strings, capdead_strings;
  acdr_offer *free_offers;     /* offer record pool */
  size_t nfree_offers;
  acdr_agent *pending_agents;  /* agents to dispatch at the next flush */
  acdr_queue *pending_queues;
  acdr_member **scratch;       /* select() output buffer */
  size_t capscratch;

  acdr_engine_counts counts;
  char errmsg[512];

  /* pending dispatch: queues marked dirty (OOM or deferred) */
  acdr_timer dispatch_retry;

  acdr_map skill_names;        /* interned skill names (agent.c) */

  /* modules attached by the composition root (core/hooks.h) */
  acdr_module modules[ACDR_MODULES_MAX];
  size_t nmodules;
  uint8_t hook_n[ACDR_HS_COUNT];   /* modules implementing each hook */
  uint8_t hook_mod[ACDR_HS_COUNT][ACDR_MODULES_MAX]; /* their indexes */
  int events_suspended;        /* >0: acdr_event_emit is silent */
  char *err_report;            /* every message of the last document call
                                  (acdr_err_report_set), or NULL */
};

/* ------------------------------------------------------------------ */
/* Engine internals (lib/core) */

/* The core of acdr_engine_new_versioned (same arguments and errors): an
 * engine without strategies or modules; the composition root
 * (lib/acdroute.c) adds those. */
int acdr_engine_core_new(acdr_engine **pengine, int callbacks_version,
                         const acdr_callbacks *callbacks, int options_version,
                         const acdr_options *options, void *user_data);

int acdr_err(acdr_engine *e, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Common entry check: engine non-NULL, time monotonic. */
int acdr_enter(acdr_engine *e, acdr_tstamp now);
/* Finish a public call: deliver actions when outermost; free graveyard;
 * return rv or ACDR_ERR_CALLBACK_FAILURE. */
int acdr_leave(acdr_engine *e, int rv);

/* Room for `extra` more undelivered actions (see the ACDR_BUDGET_*
 * constants of internal.h).  0 or ACDR_ERR_NOMEM with a message. */
int acdr_actions_reserve(acdr_engine *e, size_t extra);
/* Queue a copy of a (time set to now) for delivery when the outermost
 * call leaves; its strings are borrowed until then (acdr_defer_free).
 * Never allocates: the step reserved room (ACDR_BUDGET_*) before it
 * changed anything, which debug builds assert.  (Release builds would
 * grow the queue, and count the action in actions_lost if even that
 * failed.) */
void acdr_emit(acdr_engine *e, const acdr_action *a);
/* The one builder of actions: type, and the ids and channel of c, q and a
 * (each may be NULL: channel -1 without a contact); every other field 0.
 * The ids are borrowed (the engine defers freeing them until delivery). */
static inline acdr_action acdr_action_of(int32_t type, const acdr_contact *c,
                                         const acdr_queue *q,
                                         const acdr_agent *a) {
  acdr_action x;
  memset(&x, 0, sizeof(x));
  x.type = type;
  x.channel = c ? c->channel : -1;
  x.contact_id = c ? c->id : NULL;
  x.customer_id = c ? acdr_contact_customer(c) : NULL;
  x.queue_id = q ? q->id : NULL;
  x.agent_id = a ? a->id : NULL;
  return x;
}
/* The multi-line report of the last failed document call (config,
 * snapshot, event line): `text` (allocated with e->mem, may be NULL)
 * replaces the previous one, which is freed. */
void acdr_err_report_set(acdr_engine *e, char *text);
/* The report ("" when none); owned by the engine. */
const char *acdr_err_report(const acdr_engine *e);
/* Queue an AGENT_STATE action with a's status, activity and reason. */
void acdr_emit_agent_state(acdr_engine *e, acdr_agent *a);

/* The engine's seeded generator (xoshiro256**): the next 64 bits; an
 * unbiased draw in [0, bound) (0 when bound <= 1). */
uint64_t acdr_rng_next(acdr_engine *e);
uint64_t acdr_rng_bounded(acdr_engine *e, uint64_t bound);

/* 0 if id is a usable id (present, not empty, at most max_id_len bytes,
 * valid UTF-8); else INVALID_ARGUMENT or LIMIT with a message naming
 * `what`. */
int acdr_check_id(acdr_engine *e, const char *id, const char *what);
/* 0 if s (NULL allowed) is valid UTF-8; else INVALID_ARGUMENT "<what> is
 * not valid UTF-8 (byte N)".  Length limits are the caller's. */
int acdr_check_utf8(acdr_engine *e, const char *s, const char *what);
/* The two refusals every versioned entry point shares, with their
 * messages: "<what> version <v> unknown" (ACDR_ERR_VERSION) and "<what> is
 * NULL" (ACDR_ERR_INVALID_ARGUMENT).  Return the error code. */
int acdr_err_version(acdr_engine *e, int version, const char *what);
int acdr_err_null(acdr_engine *e, const char *what);
/* The opening checks of a public getter: e (INVALID_ARGUMENT), out
 * ("<call>: out is NULL") and out's struct version against `latest`
 * ("<what> version <v> unknown").  0 or the error. */
int acdr_check_out(acdr_engine *e, const void *out, const char *call,
                   int version, int latest, const char *what);

/* Timer heap setup and the dispatch retry (engine.c, timer.c). */
void acdr_timers_setup(acdr_heap *h);
void acdr_schedule_dispatch_retry(acdr_engine *e);
void acdr_agent_free(acdr_engine *e, acdr_agent *a);
/* Timer callbacks that snapshot restore re-attaches to the timers it
 * re-arms. */
acdr_timer_fn acdr_offer_timer_fn(void);          /* dispatch.c */
acdr_timer_fn acdr_agent_ready_fn(void);          /* agent.c */

/* Agent readiness: recompute for every membership and notify tiers;
 * emits AGENT_STATE when activity changes. */
void acdr_agent_refresh(acdr_engine *e, acdr_agent *a);
/* 1 if a could take a contact of `channel` at `now` (status, capacity,
 * delays, voice blocking). */
int acdr_agent_ready_for(const acdr_agent *a, int channel, acdr_tstamp now);
/* The activity (acdr_agent_activity) a's state implies. */
int32_t acdr_agent_activity_of(const acdr_agent *a);
/* Withdraw a from every tier (before it is removed). */
void acdr_agent_unready_all(acdr_engine *e, acdr_agent *a);

/* Queues / tiers */
/* The registered strategy `name` (registry.c), or NULL. */
/* By registered name, else by a peer's alias (ringall, top-down, ...). */
acdr_strategy_reg *acdr_strategy_find(acdr_engine *e, const char *name);
/* The built-in strategy a peer's name stands for, or NULL. */
const char *acdr_strategy_alias_target(const char *name);
/* The registered name or alias closest to an unknown `name` (NULL: none
 * close); *target is set to the alias's strategy when the hint is an
 * alias, else NULL.  Static strings or registry-owned: no allocation. */
const char *acdr_strategy_suggest(acdr_engine *e, const char *name,
                                  const char **target);
/* Free q, its tiers and members (its contacts are gone already). */
void acdr_queue_free(acdr_engine *e, acdr_queue *q);
/* 1 if m's agent can take a contact of m's queue at `now`. */
int acdr_member_ready_now(const acdr_member *m, acdr_tstamp now);
/* The end of m's per-queue wrap-up (queue wrapup_scope QUEUE / SHARED:
 * the last talk in that queue / any queue + the wrap-up time); 0: none. */
acdr_tstamp acdr_member_wrap_until(const acdr_member *m);
/* Arm a's ready timer for the end of its next per-queue wrap-up (called
 * by acdr_agent_refresh; after a change of a queue's or membership's
 * wrap-up settings). */
void acdr_agent_wake_wrapups(acdr_engine *e, acdr_agent *a);
/* Tell m's tier whether m is ready now (member_ready/unready/update). */
void acdr_member_sync(acdr_engine *e, acdr_member *m);

/* Contacts */
/* Terminal: hooks (ENDED), CONTACT_ENDED, out of the id map; the memory
 * goes to the graveyard, freed after delivery. */
void acdr_contact_end(acdr_engine *e, acdr_contact *c, int reason);
/* Back to its place in its queue's line (its offers all ended). */
void acdr_contact_to_line(acdr_engine *e, acdr_contact *c);
/* Free c (out of every structure already). */
void acdr_contact_free(acdr_engine *e, acdr_contact *c);
/* c no longer holds its agent (load, held list, idle time). */
void acdr_contact_release_agent(acdr_engine *e, acdr_contact *c);
/* Put c into q's line: QUEUED action (if announce_queued), hooks, and a
 * dispatch of q.  Returns 0 (needs no memory: c's node is embedded). */
int acdr_contact_enter_queue(acdr_engine *e, acdr_contact *c, acdr_queue *q,
                             int announce_queued);

/* Offers / dispatch */
/* Stop one offer (OFFER_CANCEL with reason) and free the agent's slot. */
void acdr_offer_cancel(acdr_engine *e, acdr_offer *o, int reason);
/* Match now: q's line from the head / a's queues best head first / one
 * contact.  Reserve inside; on out-of-memory the contact keeps waiting
 * and the dispatch retry timer tries again. */
void acdr_dispatch_queue(acdr_engine *e, acdr_queue *q);
void acdr_dispatch_agent(acdr_engine *e, acdr_agent *a);
void acdr_dispatch_contact(acdr_engine *e, acdr_contact *c);
/* Offer a new outbound contact (not in any line) to whoever the strategy
 * picks: 1 offered, 0 nobody can take it (nothing changed), NOMEM. */
int acdr_dispatch_outbound(acdr_engine *e, acdr_contact *c);
/* The pool of offer records: freed with the engine; room for n more
 * (0 or ACDR_ERR_NOMEM). */
void acdr_offers_free_pool(acdr_engine *e);
int acdr_offers_reserve(acdr_engine *e, size_t n);

/* Free s (allocated with e->mem) once the pending actions, which may
 * point at it, are delivered; at once if none are pending.  Never fails:
 * without memory to defer it, pending actions' pointers to s become "". */
void acdr_defer_free(acdr_engine *e, char *s);

#endif /* ACDR_CORE_ENGINE_INT_H */
