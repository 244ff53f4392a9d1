/* SPDX-License-Identifier: MIT */
/* Outbound contacts (include/acdroute/outbound.h): the host asks for an
 * agent to call a number from.  The do-not-contact list belongs to the
 * dispositions module: the core asks the `may_contact` service, so it
 * names no module.  A request either offers the new contact to one agent
 * or leaves the engine as it was; the one exception is the refusal of a
 * listed number, which is counted (the `outbound_refused` observer) and
 * logged, so that a replay counts it too. */
#include <string.h>

#include <acdroute/outbound.h>

#include "core/internal.h"
#include "core/event.h"
#include "core/hooks.h"

static int check_args(acdr_engine *e, const char *cid, const char *qid,
                      const char *number, acdr_queue **pq) {
  int rv;
  if ((rv = acdr_check_id(e, cid, "outbound contact")) != 0) return rv;
  if ((rv = acdr_check_id(e, number, "outbound number")) != 0) return rv;
  if (!qid)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "outbound \"%s\": queue is NULL", cid);
  if (acdr_map_get(&e->contacts, cid))
    return acdr_err(e, ACDR_ERR_DUPLICATE_ID, "contact \"%s\" already exists",
                    cid);
  return acdr_find_queue(e, qid, pq);
}

int acdr_outbound_request(acdr_engine *e, const char *cid, const char *qid,
                          const char *number, acdr_tstamp now) {
  acdr_queue *q;
  acdr_contact *c;
  acdr_tstamp until = ACDR_TSTAMP_MAX;
  acdr_event ev = {.kind = ACDR_EV_OUTBOUND, .contact = cid, .queue = qid,
                   .key = number};
  int rv = acdr_enter(e, now);
  if (rv) return rv;
  if ((rv = check_args(e, cid, qid, number, &q)) != 0)
    return acdr_leave(e, rv);
  if (!acdr_hook_may_contact(e, number, &until)) {
    acdr_hook_outbound_refused(e, q);
    acdr_event_emit(e, &ev);
    if (until == ACDR_TSTAMP_MAX)
      rv = acdr_err(e, ACDR_ERR_DO_NOT_CONTACT,
                    "outbound \"%s\" on queue \"%s\": \"%s\" is on the "
                    "do-not-contact list (no expiry)",
                    cid, qid, number);
    else
      rv = acdr_err(e, ACDR_ERR_DO_NOT_CONTACT,
                    "outbound \"%s\" on queue \"%s\": \"%s\" is on the "
                    "do-not-contact list until t=%llu ns",
                    cid, qid, number, (unsigned long long)until);
    return acdr_leave(e, rv);
  }
  if (acdr_map_reserve(&e->contacts, &e->mem, 1) ||
      acdr_actions_reserve(e, ACDR_BUDGET_EVENT) ||
      acdr_timers_reserve(e, 4) ||
      !(c = acdr_contact_alloc(e, cid, number, NULL)))
    return acdr_leave(e, acdr_err(e, ACDR_ERR_NOMEM, "out of memory"));
  c->channel = (int8_t)q->def.channel;
  c->arrival = now;
  c->enqueued = now;
  c->state = ACDR_CONTACT_WAITING;
  c->queue = q;
  c->outbound = 1;
  c->seq = ++e->seq; /* strategies may read it while picking */
  /* picked before anything is recorded: a refusal leaves no trace */
  if ((rv = acdr_dispatch_outbound(e, c)) <= 0) {
    acdr_contact_free(e, c);
    e->seq--;
    if (rv < 0)
      return acdr_leave(e, acdr_err(e, ACDR_ERR_NOMEM, "out of memory"));
    return acdr_leave(
        e, acdr_err(e, ACDR_ERR_NO_AGENT,
                    q->nmembers
                        ? "outbound \"%s\": no member of queue \"%s\" is "
                          "ready now"
                        : "outbound \"%s\": queue \"%s\" has no members",
                    cid, qid));
  }
  (void)acdr_map_put(&e->contacts, &e->mem, c->id, c);
  e->counts.contacts_arrived++;
  acdr_hook_contact(e, ACDR_HOOK_ARRIVED, c, NULL);
  acdr_event_emit(e, &ev);
  return acdr_leave(e, 0);
}
