/* SPDX-License-Identifier: MIT */
/* Helpers shared by the built-in strategies.  Strategies see members only
 * through the public accessors of <acdroute/sys/strategy.h>; these helpers
 * add the library's heap, an ordered set and the engine's allocator.
 *
 * Conventions of every built-in:
 * - index memory is reserved in member_add, so member_ready does not
 *   allocate (it only may after a queue reconfiguration failed to reserve);
 * - every ordering is a strict total order ending in the member order, so a
 *   rebuilt index makes the same decision;
 * - single-pick strategies return nobody for a contact that is already
 *   ringing (offer_count > 0): the engine asks again when a recheck timer
 *   fires (known-agent hold over, tier opening), and a second agent must
 *   not start ringing then.  Only ring-all / ring-progressively add agents
 *   to a ringing contact. */
#ifndef ACDR_STRATEGIES_COMMON_H
#define ACDR_STRATEGIES_COMMON_H

#include <acdroute/sys/strategy.h>

#include "util/heap.h"

/* ---- heap of members (position in the member's index slot) ---- */

void acdr_strat_heap_setidx(void *item, size_t idx);
int acdr_strat_heap_reserve(acdr_strategy_host *h, acdr_heap *heap,
                            size_t total);
/* push without allocating (capacity reserved in member_add) */
int acdr_strat_heap_push(acdr_heap *heap, acdr_member *m);
void acdr_strat_heap_free(acdr_strategy_host *h, acdr_heap *heap);

/* ---- settings ---- */

/* Report the first unknown setting key. */
int acdr_strat_unknown_param(acdr_strategy_host *h, const char *strategy,
                             const acdr_kv *param);
/* Parse a non-negative integer setting (seconds, counts). */
int acdr_strat_parse_u64(acdr_strategy_host *h, const char *strategy,
                         const acdr_kv *param, uint64_t max, uint64_t *out);
/* Report a malformed setting value, with `why`. */
int acdr_strat_bad_param(acdr_strategy_host *h, const char *strategy,
                         const acdr_kv *param, const char *why);

/* ---- ordered set of members: a treap keyed by a 3-word key ----
 * Nodes are owned by the caller (allocated in member_add), so inserting
 * never allocates.  Expected O(log n) per operation; the treap priority
 * is a hash of the key, so the shape (and so every walk) depends only on
 * the keys present, never on the order of insertion. */

typedef struct acdr_strat_key {
  uint64_t a, b, c; /* compared lexicographically */
} acdr_strat_key;

typedef struct acdr_strat_onode {
  struct acdr_strat_onode *left, *right;
  acdr_member *m;
  acdr_strat_key key; /* snapshot taken at insertion */
  uint64_t prio;
  int linked;
} acdr_strat_onode;

typedef struct acdr_strat_oset {
  acdr_strat_onode *root;
  size_t len;
} acdr_strat_oset;

int acdr_strat_key_less(const acdr_strat_key *x, const acdr_strat_key *y);
/* n->key must be set; n must not be linked. */
void acdr_strat_oset_insert(acdr_strat_oset *s, acdr_strat_onode *n);
/* n must be linked in s. */
void acdr_strat_oset_remove(acdr_strat_oset *s, acdr_strat_onode *n);
acdr_strat_onode *acdr_strat_oset_first(const acdr_strat_oset *s);
/* The first node with key > k, or NULL. */
acdr_strat_onode *acdr_strat_oset_after(const acdr_strat_oset *s,
                                        const acdr_strat_key *k);
/* The node with key == k, or NULL. */
acdr_strat_onode *acdr_strat_oset_find(const acdr_strat_oset *s,
                                       const acdr_strat_key *k);

/* ---- idle list: ready members sorted by (idle_since, order) ----
 * Used instead of a heap where ready members are served longest idle
 * first.  A member almost always becomes ready with idle_since = now, the
 * largest key present: that is an append to a doubly linked list, and
 * unready an O(1) unlink.  A key that belongs elsewhere (an offer rang
 * out, a member added or restored, a chat agent whose load changed) is
 * placed by a walk of at most ACDR_STRAT_IL_WALK steps from each end of
 * the list; beyond that it goes to a side treap (O(log s) for s members
 * there), so no insertion costs more than O(log n).  The order is the
 * merge of both, exactly the heap's: ties on idle_since go to the member
 * order, a strict total order.  Nodes are owned by the caller. */

#define ACDR_STRAT_IL_WALK 16

typedef struct acdr_strat_inode {
  /* o.key = (idle_since, order, 0) copied at insertion (no member chase);
   * in the list o.left / o.right are the previous / next node; in the
   * side treap (o.linked = 1) they are its links */
  acdr_strat_onode o;
} acdr_strat_inode;

typedef struct acdr_strat_ilist {
  acdr_strat_inode *head, *tail;
  acdr_strat_oset side;
  size_t len; /* list and side treap */
} acdr_strat_ilist;

/* Insert n (not linked) with the member's current key. */
void acdr_strat_il_insert(acdr_strat_ilist *l, acdr_strat_inode *n,
                          acdr_member *m);
/* Unlink n (linked in l). */
void acdr_strat_il_remove(acdr_strat_ilist *l, acdr_strat_inode *n);

/* Walk l in order: for (it = il_begin(l, &i); it; it = il_next(l, &i)). */
typedef struct acdr_strat_iliter {
  acdr_strat_inode *ln; /* next list node not returned yet */
  acdr_strat_onode *tn; /* next side node not returned yet */
  int from_list;        /* the last one returned came from the list */
} acdr_strat_iliter;

acdr_strat_inode *acdr_strat_il_begin(const acdr_strat_ilist *l,
                                      acdr_strat_iliter *it);
acdr_strat_inode *acdr_strat_il_next(const acdr_strat_ilist *l,
                                     acdr_strat_iliter *it);
/* The first member (longest idle), or NULL. */
acdr_member *acdr_strat_il_first(const acdr_strat_ilist *l);
/* The idle_since a linked node was inserted with. */
static inline uint64_t acdr_strat_il_idle(const acdr_strat_inode *n) {
  return n->o.key.a;
}

/* ---- the state every built-in starts with ----
 * A strategy's vtable user_data points to its descriptor; the shared
 * create() allocates the state from it and keeps it in the head. */

/* The single pick of a strategy that offers one member at a time: the
 * member for c (which rings for nobody yet), or NULL for nobody. */
typedef acdr_member *(*acdr_strat_pick_fn)(acdr_strategy_state *st,
                                           acdr_contact_view *c);

typedef struct acdr_strat_desc {
  const char *name;        /* the strategy's name, for messages */
  size_t size;             /* state size: a struct that starts with
                            * acdr_strat_head */
  size_t elem;             /* element size of an acdr_strat_arr, else 0 */
  acdr_strat_pick_fn pick; /* for acdr_strat_select_one, else NULL */
  const char *saved;       /* acdr_strat_turn: the saved value's name */
} acdr_strat_desc;

typedef struct acdr_strat_head {
  acdr_strategy_host *host;
  const acdr_strat_desc *desc;
} acdr_strat_head;

/* Allocate a zeroed state of d->size bytes with its head set.  Returns 0,
 * or ACDR_ERR_NOMEM (*out untouched).  The state is freed with
 * acdr_strat_destroy (or a destroy() that ends with it). */
int acdr_strat_new(acdr_strategy_state **out, const acdr_strategy_ctx *ctx,
                   const acdr_strat_desc *d);
/* create() of the strategy d without settings: the first setting is
 * reported as unknown (ACDR_ERR_STRATEGY), else as acdr_strat_new. */
int acdr_strat_create_as(acdr_strategy_state **out,
                         const acdr_strategy_ctx *ctx, const acdr_strat_desc *d,
                         const acdr_kv *params, size_t nparams);
/* The same as a vtable's create(), user_data being the descriptor (the
 * heap strategies). */
int acdr_strat_create(acdr_strategy_state **out, const acdr_strategy_ctx *ctx,
                      const acdr_kv *params, size_t nparams, void *user_data);
/* Define the descriptor FN_desc = {...} and FN, a create() of that strategy
 * without settings that does not need the vtable's user_data. */
#define ACDR_STRAT_CREATE_FN(FN, ...)                                        \
  static const acdr_strat_desc FN##_desc = {__VA_ARGS__};                    \
  static int FN(acdr_strategy_state **out, const acdr_strategy_ctx *ctx,     \
                const acdr_kv *params, size_t nparams, void *ud) {           \
    (void)ud;                                                                \
    return acdr_strat_create_as(out, ctx, &FN##_desc, params, nparams);      \
  }
/* destroy(): frees the state itself (not what it points to). */
void acdr_strat_destroy(acdr_strategy_state *st, void *user_data);
/* select() of a single-pick strategy: nobody for a contact that already
 * rings, else the descriptor's pick. */
int acdr_strat_select_one(acdr_strategy_state *st, acdr_contact_view *c,
                          acdr_tstamp now, acdr_member **out, size_t max,
                          size_t *nout, acdr_tstamp *recheck_at);

/* ---- "ordered" strategies: ready members in member order ----
 * A state struct that starts with acdr_strat_ordered can use these hooks
 * directly (linear, round-robin, ring-all, ring-progressively).  The node
 * of a member lives in its data slot. */

typedef struct acdr_strat_ordered {
  acdr_strat_head head;
  acdr_strat_oset ready;
} acdr_strat_ordered;

acdr_strat_onode *acdr_strat_node_of(acdr_member *m);
int acdr_strat_ord_member_add(acdr_strategy_state *st, acdr_member *m);
void acdr_strat_ord_member_remove(acdr_strategy_state *st, acdr_member *m);
int acdr_strat_ord_member_ready(acdr_strategy_state *st, acdr_member *m);
void acdr_strat_ord_member_unready(acdr_strategy_state *st, acdr_member *m);
/* The first ready member in member order with order > after (all if
 * `after` is NULL) that does not ring for c yet; NULL if none. */
acdr_member *acdr_strat_ord_next(const acdr_strat_ordered *s,
                                 const uint64_t *after,
                                 const acdr_contact_view *c);

/* The vtable of an ordered strategy. */
#define ACDR_STRAT_ORD_VTABLE(NAME, FLAGS, CREATE, SELECT, OFFERED, SAVE,     \
                              LOAD)                                           \
  {NAME,                          FLAGS,                                      \
   NULL,                          CREATE,                                     \
   acdr_strat_destroy,            acdr_strat_ord_member_add,                  \
   acdr_strat_ord_member_remove,  acdr_strat_ord_member_ready,                \
   acdr_strat_ord_member_unready, NULL,                                       \
   SELECT,                        OFFERED,                                    \
   SAVE,                          LOAD,                                       \
   NULL,                          NULL}

/* An ordered state with a "turn": the member order of the member whose
 * turn it was last (round-robin's cursor, round-robin-strict's turn). */
typedef struct acdr_strat_turn {
  acdr_strat_ordered base;
  uint64_t at;
  int has; /* 0: no turn yet */
} acdr_strat_turn;

/* save(): "" without a turn, else its decimal member order (allocated
 * with the host's allocator).  ACDR_ERR_INVALID_ARGUMENT / NOMEM. */
int acdr_strat_turn_save(acdr_strategy_state *st, char **out);
/* load(): NULL or "" clears the turn; anything else must be a whole
 * number (else ACDR_ERR_STRATEGY, named after desc->saved, the turn
 * unchanged). */
int acdr_strat_turn_load(acdr_strategy_state *st, const char *saved);

/* ---- "array" strategies: one array of ready entries ----
 * The state is an acdr_strat_arr; memory for one entry per member is
 * reserved in member_add (random, and the heap strategies below). */

typedef struct acdr_strat_arr {
  acdr_strat_head head;
  void *items; /* len entries of desc->elem bytes, room for cap */
  size_t len, cap, members;
} acdr_strat_arr;

/* Room for `total` entries; 0 or ACDR_ERR_NOMEM (nothing changed). */
int acdr_strat_arr_reserve(acdr_strat_arr *s, size_t total);
int acdr_strat_arr_member_add(acdr_strategy_state *st, acdr_member *m);
void acdr_strat_arr_member_remove(acdr_strategy_state *st, acdr_member *m);
/* destroy(): the array, then the state. */
void acdr_strat_arr_destroy(acdr_strategy_state *st, void *user_data);

/* The vtable of an array strategy (single pick). */
#define ACDR_STRAT_ARR_VTABLE(NAME, UD, CREATE, READY, UNREADY, UPDATE)      \
  {NAME,                         0,                                          \
   UD,                           CREATE,                                     \
   acdr_strat_arr_destroy,       acdr_strat_arr_member_add,                  \
   acdr_strat_arr_member_remove, READY,                                      \
   UNREADY,                      UPDATE,                                     \
   acdr_strat_select_one,        NULL,                                       \
   NULL,                         NULL,                                       \
   NULL,                         NULL}

/* ---- "heap" strategies: the top of a heap of ready members ----
 * One implementation for every strategy whose decision is "the ready
 * member with the smallest key" (longest-idle, least-busy,
 * fewest-contacts, least-talk-time): an acdr_strat_arr of entries. */

typedef struct acdr_strat_kentry {
  acdr_strat_key key;
  acdr_member *m;
} acdr_strat_kentry;

typedef struct acdr_strat_heapdesc {
  acdr_strat_desc base; /* first: the state's head points to it */
  /* the member's key: smallest wins; must end in the member order so the
   * order is total */
  void (*key)(const acdr_member *m, acdr_strat_key *out);
} acdr_strat_heapdesc;

acdr_member *acdr_strat_hp_pick(acdr_strategy_state *st, acdr_contact_view *c);
int acdr_strat_hp_member_ready(acdr_strategy_state *st, acdr_member *m);
void acdr_strat_hp_member_unready(acdr_strategy_state *st, acdr_member *m);
void acdr_strat_hp_member_update(acdr_strategy_state *st, acdr_member *m);

/* Define the heap strategy NAME (getter acdr_strategy_FN) with key KEY:
 * only the name and the key differ. */
#define ACDR_STRAT_HEAP_STRATEGY(FN, NAME, KEY)                              \
  static const acdr_strat_heapdesc FN##_desc = {                             \
      {NAME, sizeof(acdr_strat_arr), sizeof(acdr_strat_kentry),             \
       acdr_strat_hp_pick, NULL},                                           \
      KEY};                                                                  \
  static const acdr_strategy FN##_vtable = ACDR_STRAT_ARR_VTABLE(          \
      NAME, (void *)(uintptr_t)&FN##_desc, acdr_strat_create,                \
      acdr_strat_hp_member_ready, acdr_strat_hp_member_unready,              \
      acdr_strat_hp_member_update);                                          \
  const acdr_strategy *acdr_strategy_##FN(void) { return &FN##_vtable; }

/* Tie-break shared by the heap strategies: longest idle, then member
 * order (a strict total order). */
int acdr_strat_idle_less(const acdr_member *x, const acdr_member *y);
/* Key (first, idle_since, order). */
void acdr_strat_idle_key(const acdr_member *m, uint64_t first,
                         acdr_strat_key *out);

/* Internal (not in the plug-in API): 1 if the member's agent is logged in
 * and AVAILABLE (it may be busy).  round-robin-strict needs it to tell a
 * busy agent (wait for it) from one that left (re-pin). */
int acdr_strat_member_available(const acdr_member *m);

/* ---- the peers' idle and count rules (peer_rules.c) ----
 * Internal, built-ins only: what "idle since" and "answered" mean.
 * `idle` setting of longest-idle:
 *   free            the end of the last handled contact (after wrap-up),
 *                   login or return from away (default);
 *   talk-end        the end of the last talk, before wrap-up; never = 0
 *                   (first); kept across logout (mod_callcenter
 *                   last_bridge_end; Asterisk lastcall with
 *                   shared_lastcall=yes);
 *   queue-talk-end  the same per queue membership (Asterisk leastrecent,
 *                   member lastcall, shared_lastcall=no);
 *   offered         the start of the last offer, answered or not; never =
 *                   0 (mod_callcenter longest-idle-agent, ordered by
 *                   last_offered_call). */
enum {
  ACDR_STRAT_IDLE_FREE = 0,
  ACDR_STRAT_IDLE_TALK_END = 1,
  ACDR_STRAT_IDLE_QUEUE_TALK_END = 2,
  ACDR_STRAT_IDLE_OFFERED = 3
};
uint64_t acdr_strat_idle_value(const acdr_member *m, int rule);
/* Parse an `idle` value into *out; ACDR_ERR_STRATEGY with a message. */
int acdr_strat_idle_rule(acdr_strategy_host *h, const char *strategy,
                         const acdr_kv *param, int *out);
/* `counts` setting of fewest-contacts / least-talk-time: since login or
 * acdr_agent_reset_counts (default); also since the last return from AWAY
 * to AVAILABLE (mod_callcenter resets calls_answered and talk_time then);
 * per queue membership, talks ended in this queue (Asterisk member
 * `calls`, fewest-contacts only). */
enum {
  ACDR_STRAT_COUNTS_LOGIN = 0,
  ACDR_STRAT_COUNTS_AVAILABLE = 1,
  ACDR_STRAT_COUNTS_QUEUE = 2,
  ACDR_STRAT_COUNTS_SHARED = 3 /* talks ended in any queue since the agent
                                  joined this one (Asterisk member calls
                                  with shared_lastcall=yes) */
};
uint64_t acdr_strat_handled(const acdr_member *m, int counts);
uint64_t acdr_strat_talk(const acdr_member *m, int counts);
/* Parse the settings of a counting strategy (only `counts` is known). */
int acdr_strat_counts_rule(acdr_strategy_host *h, const char *strategy,
                           const acdr_kv *params, size_t nparams,
                           int allow_queue, int *out);
/* The membership's weighted-random weight (acdr_member_def), 0 = none. */
int32_t acdr_strat_member_weight(const acdr_member *m);
/* acdr_strat_il_insert with key.a = `idle` instead of idle_since. */
void acdr_strat_il_insert_at(acdr_strat_ilist *l, acdr_strat_inode *n,
                             acdr_member *m, uint64_t idle);

#endif
