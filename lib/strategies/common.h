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

/* ---- "ordered" strategies: ready members in member order ----
 * A state struct that starts with acdr_strat_ordered can use these hooks
 * directly (linear, round-robin, ring-all, ring-progressively).  The node
 * of a member lives in its data slot. */

typedef struct acdr_strat_ordered {
  acdr_strategy_host *host;
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

/* ---- "heap" strategies: the top of a heap of ready members ----
 * One implementation for every strategy whose decision is "the ready
 * member with the smallest key" (least-busy, fewest-contacts,
 * least-talk-time).  The vtable's user_data points to the descriptor. */

typedef struct acdr_strat_heapdesc {
  const char *name;
  /* the member's key: smallest wins; must end in the member order so the
   * order is total */
  void (*key)(const acdr_member *m, acdr_strat_key *out);
} acdr_strat_heapdesc;

int acdr_strat_hp_create(acdr_strategy_state **out,
                         const acdr_strategy_ctx *ctx, const acdr_kv *params,
                         size_t nparams, void *user_data);
void acdr_strat_hp_destroy(acdr_strategy_state *st, void *user_data);
int acdr_strat_hp_member_add(acdr_strategy_state *st, acdr_member *m);
void acdr_strat_hp_member_remove(acdr_strategy_state *st, acdr_member *m);
int acdr_strat_hp_member_ready(acdr_strategy_state *st, acdr_member *m);
void acdr_strat_hp_member_unready(acdr_strategy_state *st, acdr_member *m);
void acdr_strat_hp_member_update(acdr_strategy_state *st, acdr_member *m);
int acdr_strat_hp_select(acdr_strategy_state *st, acdr_contact_view *c,
                         acdr_tstamp now, acdr_member **out, size_t max,
                         size_t *nout, acdr_tstamp *recheck_at);

/* The vtable of a heap strategy: only the name and the key differ. */
#define ACDR_STRAT_HEAP_VTABLE(NAME, DESC)                                   \
  {NAME,                        0,                                           \
   (void *)(uintptr_t)&(DESC),  acdr_strat_hp_create,                        \
   acdr_strat_hp_destroy,       acdr_strat_hp_member_add,                    \
   acdr_strat_hp_member_remove, acdr_strat_hp_member_ready,                  \
   acdr_strat_hp_member_unready, acdr_strat_hp_member_update,                \
   acdr_strat_hp_select,        NULL,                                        \
   NULL,                        NULL}

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

#endif
