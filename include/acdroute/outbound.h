/* SPDX-License-Identifier: MIT */
/*
 * acdroute - outbound contacts (preview / progressive dialling).
 *
 * Outbound: the host has a number to call for a queue (a campaign list,
 * a follow-up rule's FOLLOWUP action) and asks the engine for an agent.
 * The engine checks the do-not-contact list at that moment, picks one
 * ready agent by the queue's strategy and offers the contact to that
 * agent (OFFER action): the agent is reserved; the host dials from it.
 * From then on the contact lives like an inbound one: accept when the
 * call connects, reject / ring timeout (the contact then waits in the
 * queue for the next agent), hangup, wrap-up, dispositions and follow-up
 * rules.  docs/outbound.md describes the host's side.
 *
 * Threads, time, errors and memory: as engine.h.
 */
#ifndef ACDROUTE_OUTBOUND_H
#define ACDROUTE_OUTBOUND_H

#include <acdroute/types.h>
#include <acdroute/errors.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * acdr_outbound_request - reserve an agent of `queue_id` for an outbound
 * contact `contact_id` to `number` (since 1.1).
 *
 * `number` is the do-not-contact key (a customer id or a phone number,
 * as the host put it on the list); it is also the contact's customer id,
 * so a DNC disposition code or rule puts it on the list.  On success the
 * contact is OFFERED to one agent (an OFFER action, delivered before the
 * call returns) and counts in the metrics' outbound_placed, not in
 * `offered`.  Strings are copied.
 *
 * Errors (the engine is left as it was, except where said):
 * - INVALID_ARGUMENT: a NULL or empty id or number;
 * - DUPLICATE_ID: a live contact has that id; QUEUE_NOT_FOUND; LIMIT
 *   (an id longer than max_id_len);
 * - DO_NOT_CONTACT: `number` is on the do-not-contact list at `now`; the
 *   refusal is counted (outbound_dnc_refused of the queue, its channel
 *   and the engine) and written to the event log, nothing else changes;
 * - NO_AGENT: no member of the queue is ready for it now (no members,
 *   all busy, away or logged out);
 * - TIME_BACKWARDS, BUSY, NOMEM.
 */
ACDROUTE_EXTERN int acdr_outbound_request(acdr_engine *engine,
                                          const char *contact_id,
                                          const char *queue_id,
                                          const char *number,
                                          acdr_tstamp now);

#ifdef __cplusplus
}
#endif

#endif /* ACDROUTE_OUTBOUND_H */
