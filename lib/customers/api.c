/* SPDX-License-Identifier: MIT */
/* The public calls of customer.h. */
#include <string.h>

#include "core/event.h"
#include "core/internal.h"
#include "customers/customers_int.h"
#include "util/structlen.h"

ACDR_STRUCT_V1(CUSTOMER_CONTACT, acdr_customer_contact, ended, NULL);

static int check_customer(acdr_engine *e, const char *id) {
  return acdr_check_id(e, id, "customer");
}

int acdr_customer_memory_set(acdr_engine *e, uint32_t max, int64_t expiry_ms,
                             uint64_t max_bytes, uint32_t history) {
  int rv;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if ((rv = acdr_enter(e, e->now)) != 0) return rv;
  if ((rv = acdr_cust_set_limits(e, max, expiry_ms, max_bytes, history)) == 0)
    acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_CUSTOMER_MEMORY});
  return acdr_leave(e, rv);
}

int acdr_customer_memory_get(const acdr_engine *e, uint32_t *max,
                             int64_t *expiry_ms, uint64_t *max_bytes,
                             uint32_t *history, uint64_t *customers,
                             uint64_t *bytes, uint64_t *forgotten) {
  const acdr_customers *st;
  if (!e || !(st = acdr_cust_of(e))) return ACDR_ERR_INVALID_ARGUMENT;
  if (max) *max = st->max;
  if (expiry_ms) *expiry_ms = st->expiry_ms;
  if (max_bytes) *max_bytes = st->max_bytes;
  if (history) *history = st->history;
  if (customers) *customers = st->map.len;
  if (bytes) *bytes = st->bytes;
  if (forgotten) *forgotten = st->forgotten;
  return 0;
}

int acdr_customer_set_owner(acdr_engine *e, const char *cid, const char *aid,
                            acdr_tstamp now) {
  acdr_customers *st;
  acdr_cust *c;
  int rv, created = 0;
  if ((rv = acdr_enter(e, now)) != 0) return rv;
  st = acdr_cust_of(e);
  if ((rv = check_customer(e, cid)) != 0) return acdr_leave(e, rv);
  if (aid && !acdr_map_get(&e->agents, aid)) {
    if ((rv = acdr_check_id(e, aid, "agent")) != 0) return acdr_leave(e, rv);
    return acdr_leave(e, acdr_err(e, ACDR_ERR_AGENT_NOT_FOUND,
                                  "customer \"%s\": unknown agent \"%s\"",
                                  cid, aid));
  }
  if (!st->max)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_LIMIT,
                                  "customer \"%s\": customer memory is off "
                                  "(max_customers 0)",
                                  cid));
  if (!(c = acdr_cust_find(e, cid))) {
    if (!aid)
      return acdr_leave(e, acdr_err(e, ACDR_ERR_NOT_FOUND,
                                    "unknown customer \"%s\"", cid));
    if (!(c = acdr_cust_get(e, cid)))
      return acdr_leave(e, acdr_err(e, ACDR_ERR_NOMEM, "out of memory"));
    created = 1;
  }
  if (acdr_cust_str(e, &c->owner, aid) != 0) {
    if (created) acdr_cust_drop(e, c, 0);
    return acdr_leave(e, acdr_err(e, ACDR_ERR_NOMEM, "out of memory"));
  }
  acdr_cust_touch(e, c, now);
  acdr_cust_bound(e, c);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_CUSTOMER_OWNER, .key = cid,
                                   .agent = aid});
  return acdr_leave(e, 0);
}

int acdr_customer_forget(acdr_engine *e, const char *cid, acdr_tstamp now) {
  acdr_cust *c;
  int rv;
  if ((rv = acdr_enter(e, now)) != 0) return rv;
  if ((rv = check_customer(e, cid)) != 0) return acdr_leave(e, rv);
  if (!(c = acdr_cust_find(e, cid)))
    return acdr_leave(e, acdr_err(e, ACDR_ERR_NOT_FOUND,
                                  "unknown customer \"%s\"", cid));
  acdr_cust_drop(e, c, 0);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_CUSTOMER_FORGET,
                                   .key = cid});
  return acdr_leave(e, 0);
}

static acdr_cust *lookup(acdr_engine *e, const char *cid, int *rv) {
  acdr_cust *c;
  if (!e) {
    *rv = ACDR_ERR_INVALID_ARGUMENT;
    return NULL;
  }
  if ((*rv = check_customer(e, cid)) != 0) return NULL;
  if (!(c = acdr_cust_find(e, cid)))
    *rv = acdr_err(e, ACDR_ERR_NOT_FOUND, "unknown customer \"%s\"", cid);
  return c;
}

int acdr_customer_get(acdr_engine *e, const char *cid, const char *qid,
                      const char **owner, const char **last_agent,
                      uint32_t *ncontacts) {
  acdr_cust *c;
  const char *last = NULL;
  uint32_t i;
  int rv;
  if (!(c = lookup(e, cid, &rv))) return rv;
  if (qid) {
    for (i = 0; i < ACDR_CUST_QUEUES && c->last[i].queue; i++)
      if (strcmp(c->last[i].queue, qid) == 0) last = c->last[i].agent;
  } else {
    last = c->last[0].agent;
  }
  if (owner) *owner = c->owner;
  if (last_agent) *last_agent = last;
  if (ncontacts) *ncontacts = c->nhist;
  return 0;
}

int acdr_customer_history_versioned(acdr_engine *e, const char *cid,
                                    uint32_t index, int version,
                                    acdr_customer_contact *out) {
  ACDR_GETTER_OPEN(CUSTOMER_CONTACT, acdr_customer_contact, "customer history",
                   "customer contact",
                   acdr_customer_history_versioned(
                       e, cid, index, ACDR_CUSTOMER_CONTACT_VERSION,
                       &acdr_latest_));
  acdr_cust *c;
  const acdr_chist *h;
  if (!(c = lookup(e, cid, &rv))) return rv;
  if (index >= c->nhist)
    return acdr_err(e, ACDR_ERR_NOT_FOUND,
                    "customer \"%s\": contact %u of %u", cid, index,
                    c->nhist);
  h = c->hist[c->nhist - 1 - index];
  memset(out, 0, sizeof(*out));
  out->contact_id = h->s;
  out->queue_id = h->queue;
  out->agent_id = h->agent;
  out->disposition = h->code;
  out->tags = h->tags;
  out->channel = h->channel;
  out->end_reason = h->end_reason;
  out->arrival = h->arrival;
  out->ended = h->ended;
  return 0;
}

int acdr_customer_set_owner_lookup(acdr_engine *e, acdr_customer_owner_fn fn,
                                   void *user) {
  acdr_customers *st;
  int rv;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if ((rv = acdr_enter(e, e->now)) != 0) return rv;
  st = acdr_cust_of(e);
  st->lookup = fn;
  st->lookup_user = fn ? user : NULL;
  return acdr_leave(e, 0);
}
