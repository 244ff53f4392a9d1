/* SPDX-License-Identifier: MIT */
/* Internals of lib/customers: the customer memory (customer.h).
 *
 * One entry per customer id in a map, and on a list from the customer
 * seen longest ago to the one seen last: expiry and the bounds (count,
 * bytes) forget from the head, O(1) each.  An entry keeps its owner, the
 * last agent of up to ACDR_CUST_QUEUES queues (most recent first) and of
 * each channel, and its last contacts (oldest first). */
#ifndef ACDR_CUSTOMERS_CUSTOMERS_INT_H
#define ACDR_CUSTOMERS_CUSTOMERS_INT_H

#include <acdroute/customer.h>

#include "core/engine_int.h"
#include "core/hooks.h"
#include "json/jsonw.h"

struct json_object;
struct acdr_errs;

#define ACDR_CUST_QUEUES 4
#define ACDR_CUST_EXPIRY_DEFAULT_MS (30LL * 86400000LL)
#define ACDR_CUST_HISTORY_DEFAULT 10u

/* One past contact: one allocation, its strings after it. */
typedef struct acdr_chist {
  acdr_tstamp arrival, ended;
  int32_t channel, end_reason;
  const char *queue, *agent, *code, *tags; /* into s[] or NULL */
  size_t size;                             /* bytes of the allocation */
  char s[];                                /* contact id first */
} acdr_chist;

typedef struct acdr_cust_last {
  char *queue, *agent;
} acdr_cust_last;

typedef struct acdr_cust {
  struct acdr_cust *older, *newer; /* by last seen */
  acdr_tstamp seen;
  char *owner;
  acdr_cust_last last[ACDR_CUST_QUEUES]; /* most recent first */
  char *last_ch[ACDR_CHANNEL_COUNT];
  acdr_chist **hist;                     /* oldest first */
  uint32_t nhist, caphist;
  size_t bytes;                          /* this entry, as counted */
  char id[];
} acdr_cust;

typedef struct acdr_customers {
  acdr_map map;                /* id -> acdr_cust */
  acdr_cust *oldest, *newest;
  uint32_t max;                /* 0: memory off */
  int64_t expiry_ms;           /* 0: never */
  uint64_t max_bytes;          /* 0: none */
  uint32_t history;
  uint64_t bytes, forgotten;
  acdr_customer_owner_fn lookup; /* CRM hook (not in snapshots) */
  void *lookup_user;
} acdr_customers;

extern const acdr_module_vt acdr_customers_module;
ACDR_MODULE_STATE(acdr_customers, acdr_customers_module, acdr_cust_of,
                  acdr_cust_set_state)

int acdr_customers_attach(acdr_engine *e);
/* Forget everything and take the default settings (restore). */
void acdr_customers_reset(acdr_engine *e);

/* The entry of id (after expiring what is due at e->now), or NULL. */
acdr_cust *acdr_cust_find(acdr_engine *e, const char *id);
/* The entry of id, created (seen now) if missing; NULL when out of memory
 * or the memory is off.  Bounds are applied by acdr_cust_bound. */
acdr_cust *acdr_cust_get(acdr_engine *e, const char *id);
void acdr_cust_drop(acdr_engine *e, acdr_cust *c, int counted);
/* Mark c seen at `when` (moves it to the newest end) and re-count it. */
void acdr_cust_touch(acdr_engine *e, acdr_cust *c, acdr_tstamp when);
/* Forget from the oldest while a bound is passed, never `keep`. */
void acdr_cust_bound(acdr_engine *e, const acdr_cust *keep);
/* Replace *slot by a copy of s (NULL: none); 0 or ACDR_ERR_NOMEM (slot
 * unchanged). */
int acdr_cust_str(acdr_engine *e, char **slot, const char *s);
int acdr_cust_set_limits(acdr_engine *e, uint32_t max, int64_t expiry_ms,
                         uint64_t max_bytes, uint32_t history);
/* Add a past contact (the oldest goes when history is full). */
int acdr_cust_hist_add(acdr_engine *e, acdr_cust *c, const char *contact,
                       const char *queue, const char *agent,
                       const char *code, const char *tags, int32_t channel,
                       int32_t end_reason, acdr_tstamp arrival,
                       acdr_tstamp ended);
/* Record that agent handled a contact of c in queue on channel. */
int acdr_cust_last_set(acdr_engine *e, acdr_cust *c, const char *queue,
                       int32_t channel, const char *agent);

/* ---- snapshot (json.c) ---- */
/* The memory as "customers": {...} in w; 0 or NOMEM. */
int acdr_snapshot_write_customers(acdr_engine *e, acdr_jw *w);
/* Read it back (after the configuration set the limits). */
void acdr_snapshot_read_customers(acdr_engine *e, struct acdr_errs *er,
                                  struct json_object *root);

#endif
