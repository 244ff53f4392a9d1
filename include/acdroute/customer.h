/* SPDX-License-Identifier: MIT */
/*
 * acdroute - customer memory: the agent who last handled a customer (per
 * queue and per channel), an optional owner (personal manager), and the
 * customer's last contacts.
 *
 * A contact with a customer id (acdr_contact_def.customer_id) is routed
 * to its known agents in order, a hold of the queue's known_agent_hold_ms
 * each: the host's preferred agent, the customer's owner, the agent who
 * last handled the customer in this queue (else on this channel).  A
 * known agent who is logged out, away, not a member of the queue, or who
 * will not be free before his hold runs out is passed at once (queue
 * setting wait_for_owner: an owner who is logged in is waited for).
 *
 * The memory is off until acdr_customer_memory_set (or the configuration's
 * "customers" section) gives it room.  It is bounded three ways: a number
 * of customers, an expiry (a customer not seen for that long is
 * forgotten) and a byte budget; past a bound the customer seen longest
 * ago is forgotten first.  It is part of snapshots; its calls are events
 * of the event log.
 *
 * Threads, time, errors and memory: as engine.h.  Since 1.1.
 */
#ifndef ACDROUTE_CUSTOMER_H
#define ACDROUTE_CUSTOMER_H

#include <acdroute/types.h>
#include <acdroute/errors.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Limits of acdr_customer_memory_set. */
#define ACDR_CUSTOMER_MAX 10000000u          /* customers */
#define ACDR_CUSTOMER_HISTORY_MAX 1000u      /* contacts per customer */
#define ACDR_CUSTOMER_EXPIRY_MAX_MS 315360000000LL /* ten years */

/**
 * acdr_customer_memory_set - size the customer memory.
 *
 * max_customers: customers remembered (0, the default: memory off, and
 * what it held is dropped); expiry_ms: a customer not seen (no contact
 * answered or ended, no owner set) for this long is forgotten (0: never;
 * default 30 days); max_bytes: budget for the whole memory (0: none);
 * history: contacts kept per customer (default 10).  Shrinking forgets
 * the customers seen longest ago and the oldest contacts at once.
 * Errors: INVALID_ARGUMENT (engine NULL), RANGE (a value above
 * ACDR_CUSTOMER_MAX, ACDR_CUSTOMER_EXPIRY_MAX_MS, ACDR_CUSTOMER_HISTORY_MAX
 * or negative), BUSY.  Since 1.1.
 */
ACDROUTE_EXTERN int acdr_customer_memory_set(acdr_engine *engine,
                                             uint32_t max_customers,
                                             int64_t expiry_ms,
                                             uint64_t max_bytes,
                                             uint32_t history);

/**
 * acdr_customer_memory_get - the memory's settings and use.  Any out
 * pointer may be NULL.  customers: remembered now; bytes: what they
 * take (the measure max_bytes bounds); forgotten: customers dropped by a
 * bound (count, expiry or bytes) since the engine started.
 * Errors: INVALID_ARGUMENT (engine NULL).  Since 1.1.
 */
ACDROUTE_EXTERN int acdr_customer_memory_get(const acdr_engine *engine,
                                             uint32_t *max_customers,
                                             int64_t *expiry_ms,
                                             uint64_t *max_bytes,
                                             uint32_t *history,
                                             uint64_t *customers,
                                             uint64_t *bytes,
                                             uint64_t *forgotten);

/**
 * acdr_customer_set_owner - make agent_id the owner (personal manager) of
 * customer_id; agent_id NULL removes the owner.  The customer is
 * remembered if it was not.  Contacts that already arrived keep their
 * known agents.  Errors: INVALID_ARGUMENT (customer id NULL, empty or
 * not UTF-8), LIMIT (id too long; memory off: max_customers 0),
 * AGENT_NOT_FOUND (no such agent), NOT_FOUND (removing the owner of a
 * customer not remembered), TIME_BACKWARDS, NOMEM.  Since 1.1.
 */
ACDROUTE_EXTERN int acdr_customer_set_owner(acdr_engine *engine,
                                            const char *customer_id,
                                            const char *agent_id,
                                            acdr_tstamp now);

/**
 * acdr_customer_forget - forget customer_id (owner, last agents, history).
 * Errors: INVALID_ARGUMENT, LIMIT (id too long), NOT_FOUND (not
 * remembered), TIME_BACKWARDS.  Since 1.1.
 */
ACDROUTE_EXTERN int acdr_customer_forget(acdr_engine *engine,
                                         const char *customer_id,
                                         acdr_tstamp now);

/**
 * acdr_customer_get - what the memory knows of customer_id: its owner
 * (NULL: none), the agent who last handled it in queue_id (queue_id NULL:
 * in any queue; NULL: none) and how many past contacts it keeps.  Any
 * out pointer may be NULL; strings are owned by the engine and valid
 * until the next call that changes it.  Errors: INVALID_ARGUMENT, LIMIT,
 * NOT_FOUND (not remembered).  Since 1.1.
 */
ACDROUTE_EXTERN int acdr_customer_get(acdr_engine *engine,
                                      const char *customer_id,
                                      const char *queue_id,
                                      const char **owner,
                                      const char **last_agent,
                                      uint32_t *ncontacts);

#define ACDR_CUSTOMER_CONTACT_V1 1
#define ACDR_CUSTOMER_CONTACT_VERSION ACDR_CUSTOMER_CONTACT_V1

/** One past contact of a customer.  Strings owned by the engine, valid
 * until the next call that changes it. */
typedef struct acdr_customer_contact {
  const char *contact_id;
  const char *queue_id;    /* the queue it ended in */
  const char *agent_id;    /* who handled it; NULL: nobody */
  const char *disposition; /* primary code; NULL: none */
  const char *tags;        /* the other codes, comma-separated; NULL */
  int32_t channel;
  int32_t end_reason;      /* acdr_end_reason */
  acdr_tstamp arrival;
  acdr_tstamp ended;
} acdr_customer_contact;

/**
 * acdr_customer_history - the index-th most recent ended contact of
 * customer_id (0: the last one).  Errors: INVALID_ARGUMENT (NULL out),
 * VERSION, LIMIT, NOT_FOUND (customer not remembered, or index past its
 * contacts: see acdr_customer_get's ncontacts).  Since 1.1.
 */
ACDROUTE_EXTERN int acdr_customer_history_versioned(
    acdr_engine *engine, const char *customer_id, uint32_t index,
    int version, acdr_customer_contact *out);
#define acdr_customer_history(E, ID, I, OUT)                                 \
  acdr_customer_history_versioned((E), (ID), (I),                            \
                                  ACDR_CUSTOMER_CONTACT_VERSION, (OUT))

/** CRM hook: the owner of a customer the memory has no owner for, or
 * NULL.  Called inside acdr_contact_arrive (do not call the engine); the
 * string is copied.  Its answer is remembered as the owner and written
 * to the event log as an owner change, so a replay needs no hook. */
typedef const char *(*acdr_customer_owner_fn)(void *user,
                                              const char *customer_id);

/**
 * acdr_customer_set_owner_lookup - install (fn non-NULL) or remove (NULL)
 * the CRM hook.  Not part of snapshots.  Errors: INVALID_ARGUMENT
 * (engine NULL), BUSY.  Since 1.1.
 */
ACDROUTE_EXTERN int acdr_customer_set_owner_lookup(acdr_engine *engine,
                                                   acdr_customer_owner_fn fn,
                                                   void *user);

#ifdef __cplusplus
}
#endif

#endif /* ACDROUTE_CUSTOMER_H */
