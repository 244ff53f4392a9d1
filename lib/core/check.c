/* SPDX-License-Identifier: MIT */
/* The invariant checker: recomputes every count from the objects and
 * compares it with the bookkeeping.  O(agents + contacts + members). */
#include <string.h>

#include "core/engine_int.h"

#define FAIL(...) return acdr_err(e, ACDR_ERR_INVARIANT, __VA_ARGS__)

static int check_agent(acdr_engine *e, acdr_agent *a) {
  uint32_t load[ACDR_CHANNEL_COUNT] = {0, 0, 0}, noffers = 0, nconn = 0,
           nwrap = 0;
  const acdr_offer *o;
  const acdr_contact *c;
  size_t i;
  int ch;
  for (o = a->offers; o; o = o->next_agent) {
    if (o->agent != a) FAIL("agent \"%s\": foreign offer in its list", a->id);
    if (o->contact->state != ACDR_CONTACT_OFFERED)
      FAIL("agent \"%s\": offer of contact \"%s\" in state %d", a->id,
           o->contact->id, (int)o->contact->state);
    if (o->prev_agent && o->prev_agent->next_agent != o)
      FAIL("agent \"%s\": broken offer list", a->id);
    load[o->contact->channel]++;
    noffers++;
  }
  for (c = a->held; c; c = c->next_held) {
    if (c->agent != a)
      FAIL("agent \"%s\": holds contact \"%s\" of another agent", a->id,
           c->id);
    if (c->state == ACDR_CONTACT_CONNECTED)
      nconn++;
    else if (c->state == ACDR_CONTACT_WRAPUP)
      nwrap++;
    else
      FAIL("agent \"%s\": holds contact \"%s\" in state %d", a->id, c->id,
           (int)c->state);
    load[c->channel]++;
  }
  if (noffers != a->noffers || nconn != a->nconnected || nwrap != a->nwrapup)
    FAIL("agent \"%s\": counts offers %u/%u connected %u/%u wrapup %u/%u",
         a->id, noffers, a->noffers, nconn, a->nconnected, nwrap,
         a->nwrapup);
  for (ch = 0; ch < ACDR_CHANNEL_COUNT; ch++) {
    if (load[ch] != a->load[ch])
      FAIL("agent \"%s\": channel %d load %u but %u contacts", a->id, ch,
           a->load[ch], load[ch]);
    if (load[ch] > a->cap[ch] && a->cap[ch] > 0 && noffers)
      FAIL("agent \"%s\": channel %d over capacity (%u > %u)", a->id, ch,
           load[ch], a->cap[ch]);
  }
  if (a->status == ACDR_AGENT_LOGGED_OUT && a->noffers)
    FAIL("agent \"%s\": logged out with offers ringing", a->id);
  if (a->activity != acdr_agent_activity_of(a))
    FAIL("agent \"%s\": activity %d announced, %d actual", a->id,
         (int)a->activity, acdr_agent_activity_of(a));
  for (i = 0; i < a->nmembers; i++) {
    acdr_member *m = a->members[i];
    if (m->agent != a) FAIL("agent \"%s\": foreign membership", a->id);
    /* a reject delay that has passed but whose timer has not been handled
     * yet is not an inconsistency */
    if (!acdr_timer_armed(&a->ready_timer) &&
        m->ready != acdr_member_ready_now(m, e->now))
      FAIL("agent \"%s\" in queue \"%s\": ready flag %d, actual %d", a->id,
           m->queue->id, m->ready, acdr_member_ready_now(m, e->now));
  }
  return 0;
}

static int check_queue(acdr_engine *e, acdr_queue *q) {
  size_t i, nready = 0, tmembers = 0, logged = 0;
  uint64_t slots = 0;
  uint32_t n = 0;
  const acdr_contact *c, *prev = NULL;
  for (i = 0; i < q->ntiers; i++) {
    if (i && q->tiers[i - 1]->penalty >= q->tiers[i]->penalty)
      FAIL("queue \"%s\": tiers out of order", q->id);
    nready += q->tiers[i]->nready;
    tmembers += q->tiers[i]->nmembers;
  }
  for (i = 0; i < q->nmembers; i++) {
    acdr_member *m = q->members[i];
    size_t j;
    int found = 0;
    if (m->queue != q) FAIL("queue \"%s\": foreign member", q->id);
    if (m->agent->status != ACDR_AGENT_LOGGED_OUT) logged++;
    if (m->agent->status == ACDR_AGENT_AVAILABLE)
      slots += m->agent->cap[q->def.channel];
    for (j = 0; j < q->ntiers; j++)
      if (q->tiers[j] == m->tier) found = 1;
    if (!found)
      FAIL("queue \"%s\": member \"%s\" in no tier", q->id, m->agent->id);
    if (m->ready) nready--;
  }
  if (nready != 0 || tmembers != q->nmembers)
    FAIL("queue \"%s\": tier counts do not add up", q->id);
  if (slots != q->avail_slots)
    FAIL("queue \"%s\": %llu slots available, count says %llu", q->id,
         (unsigned long long)slots, (unsigned long long)q->avail_slots);
  if (logged != q->logged_in)
    FAIL("queue \"%s\": %zu members logged in, count says %u", q->id, logged,
         q->logged_in);
  for (c = acdr_line_first(&q->line); c;
       c = acdr_line_next((acdr_contact *)(uintptr_t)c)) {
    n++;
    if (c->queue != q || c->state != ACDR_CONTACT_WAITING || !c->in_line)
      FAIL("queue \"%s\": contact \"%s\" in line but state %d", q->id, c->id,
           (int)c->state);
    if (acdr_line_rank(c) != n)
      FAIL("queue \"%s\": contact \"%s\" rank %u, expected %u", q->id, c->id,
           acdr_line_rank(c), n);
    if (prev && (prev->priority < c->priority ||
                 (prev->priority == c->priority &&
                  prev->line_at > c->line_at)))
      FAIL("queue \"%s\": line out of order at \"%s\"", q->id, c->id);
    prev = c;
  }
  if (n != acdr_line_len(&q->line))
    FAIL("queue \"%s\": line length %u, counted %u", q->id,
         acdr_line_len(&q->line), n);
  return 0;
}

int acdr_engine_check(acdr_engine *e) {
  size_t i;
  const char *k;
  void *v;
  int rv;
  uint64_t offered_contacts = 0, connected = 0, qoffered = 0, qconnected = 0;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  for (i = 0; acdr_map_next(&e->agents, &i, &k, &v);)
    if ((rv = check_agent(e, v)) != 0) return rv;
  for (i = 0; acdr_map_next(&e->queues, &i, &k, &v);) {
    acdr_queue *q = v;
    if ((rv = check_queue(e, q)) != 0) return rv;
    qoffered += q->noffered;
    qconnected += q->nconnected;
  }
  for (i = 0; acdr_map_next(&e->contacts, &i, &k, &v);) {
    acdr_contact *c = v;
    const acdr_offer *o;
    uint32_t no = 0;
    if (acdr_map_get(&e->queues, c->queue->id) != c->queue)
      FAIL("contact \"%s\": its queue is gone", c->id);
    for (o = c->offers; o; o = o->next_contact) {
      if (o->contact != c) FAIL("contact \"%s\": foreign offer", c->id);
      no++;
    }
    if (no != c->noffers) FAIL("contact \"%s\": offer count", c->id);
    switch (c->state) {
      case ACDR_CONTACT_WAITING:
        if (!c->in_line || c->noffers || c->agent)
          FAIL("contact \"%s\": waiting but not (only) in line", c->id);
        break;
      case ACDR_CONTACT_OFFERED:
        if (c->in_line || !c->noffers || c->agent)
          FAIL("contact \"%s\": offered but in line or without offers",
               c->id);
        offered_contacts++;
        break;
      case ACDR_CONTACT_CONNECTED:
        connected++;
        /* fallthrough */
      case ACDR_CONTACT_WRAPUP:
        if (c->in_line || c->noffers || !c->agent)
          FAIL("contact \"%s\": connected/wrap-up without agent", c->id);
        break;
      default:
        FAIL("contact \"%s\": live contact in state %d", c->id,
             (int)c->state);
    }
  }
  if (offered_contacts != qoffered || connected != qconnected)
    FAIL("queues count %llu offered / %llu connected, contacts %llu / %llu",
         (unsigned long long)qoffered, (unsigned long long)qconnected,
         (unsigned long long)offered_contacts, (unsigned long long)connected);
  if (e->counts.contacts_arrived !=
      e->counts.contacts_ended + e->contacts.len)
    FAIL("arrived %llu != ended %llu + live %zu",
         (unsigned long long)e->counts.contacts_arrived,
         (unsigned long long)e->counts.contacts_ended, e->contacts.len);
  return 0;
}
