/* SPDX-License-Identifier: MIT */
/* Contacts: arrival, answer, reject, hang-up, hold, wrap-up, transfer,
 * callback. */
#include <string.h>

#include "core/engine_int.h"
#include "core/event.h"
#include "core/internal.h"
#include "core/hooks.h"
#include "util/structlen.h"

void acdr_contact_def_default_versioned(int version, acdr_contact_def *d) {
  if (version != ACDR_CONTACT_DEF_VERSION &&
      acdr_struct_default_old(ACDR_STRUCT(CONTACT_DEF), version, d)) return;
  if (!d) return;
  memset(d, 0, sizeof(*d));
  d->channel = -1;
  d->preferred_hold_ms = -1;
  d->min_penalty = -1;
  d->max_penalty = -1;
  d->raise_penalty = -1;
}

void *acdr_lookup(acdr_engine *e, acdr_obj_kind kind, const char *id,
                  int *rv) {
  static const char *const what[] = {"contact", "agent", "queue"};
  static const int notfound[] = {ACDR_ERR_CONTACT_NOT_FOUND,
                                 ACDR_ERR_AGENT_NOT_FOUND,
                                 ACDR_ERR_QUEUE_NOT_FOUND};
  const acdr_map *maps[3];
  void *found;
  maps[0] = &e->contacts;
  maps[1] = &e->agents;
  maps[2] = &e->queues;
  if ((*rv = acdr_check_id(e, id, what[kind])) != 0) return NULL;
  if (!(found = acdr_map_get(maps[kind], id)))
    *rv = acdr_err(e, notfound[kind], "unknown %s \"%s\"", what[kind], id);
  return found;
}

void *acdr_enter_lookup(acdr_engine *e, acdr_tstamp now, acdr_obj_kind kind,
                        const char *id, int *rv) {
  void *found;
  if ((*rv = acdr_enter(e, now)) != 0) return NULL;
  if (!(found = acdr_lookup(e, kind, id, rv))) *rv = acdr_leave(e, *rv);
  return found;
}

int acdr_find_contact(acdr_engine *e, const char *id, acdr_contact **out) {
  int rv;
  *out = acdr_lookup(e, ACDR_OBJ_CONTACT, id, &rv);
  return rv;
}

void acdr_contact_free(acdr_engine *e, acdr_contact *c) {
  acdr_ct_disarm_all(e, c);
  acdr_hook_contact_free(e, c);
  acdr_kv_free(e, c->attrs, c->nattrs);
  acdr_skills_free(e, c->skills, c->nskills);
  if (c->ext) {
    acdr_mem_free(&e->mem, c->ext->preferred_agent);
    acdr_mem_free(&e->mem, c->ext->rule);
    acdr_contact_known_clear(e, c);
  }
  acdr_mem_free(&e->mem, c->ext);
  acdr_mem_free(&e->mem, c);
}

acdr_contact_ext *acdr_contact_ext_get(acdr_engine *e, acdr_contact *c) {
  if (!c->ext) c->ext = acdr_mem_calloc(&e->mem, 1, sizeof(*c->ext));
  return c->ext;
}

/* A contact with its id, customer id and reason stored inline after the
 * struct (they never change).  NULL on allocation failure. */
acdr_contact *acdr_contact_alloc(acdr_engine *e, const char *id,
                                 const char *customer, const char *reason) {
  size_t li = strlen(id) + 1, lc = customer && *customer ? strlen(customer) + 1 : 0,
         lr = reason && *reason ? strlen(reason) + 1 : 0;
  acdr_contact *c = acdr_mem_calloc(&e->mem, 1, sizeof(*c) + li + lc + lr);
  if (!c) return NULL;
  acdr_ct_init(c);
  memcpy(c->id, id, li);
  if (lc) {
    c->customer_off = (uint32_t)li;
    memcpy(c->id + li, customer, lc);
  }
  if (lr) {
    c->reason_off = (uint32_t)(li + lc);
    memcpy(c->id + li + lc, reason, lr);
  }
  return c;
}

static int check_str(acdr_engine *e, const char *s, const char *what,
                     const char *cid) {
  if (s && strlen(s) > e->opt.max_id_len)
    return acdr_err(e, ACDR_ERR_LIMIT, "contact \"%s\": %s longer than %u",
                    cid, what, e->opt.max_id_len);
  return acdr_check_utf8(e, s, what);
}

static int validate_contact(acdr_engine *e, int version,
                            const acdr_contact_def *d, acdr_queue **pq) {
  int rv;
  size_t i;
  if (!d) return acdr_err_null(e, "contact def");
  if (version != ACDR_CONTACT_DEF_VERSION)
    return acdr_err_version(e, version, "contact def");
  if ((rv = acdr_check_id(e, d->id, "contact")) != 0) return rv;
  if (acdr_map_get(&e->contacts, d->id))
    return acdr_err(e, ACDR_ERR_DUPLICATE_ID, "contact \"%s\" already exists",
                    d->id);
  if ((rv = acdr_find_queue(e, d->queue, pq)) != 0) return rv;
  if (d->channel != -1 && d->channel != (*pq)->def.channel)
    return acdr_err(e, ACDR_ERR_CHANNEL,
                    "contact \"%s\": channel %d but queue \"%s\" takes "
                    "channel %d",
                    d->id, (int)d->channel, d->queue,
                    (int)(*pq)->def.channel);
  if (d->priority < -1000000 || d->priority > 1000000)
    return acdr_err(e, ACDR_ERR_RANGE, "contact \"%s\": priority %d",
                    d->id, (int)d->priority);
  if (d->nattrs > e->opt.max_attrs)
    return acdr_err(e, ACDR_ERR_LIMIT,
                    "contact \"%s\": %zu attributes > max_attrs %u", d->id,
                    d->nattrs, e->opt.max_attrs);
  if (d->nattrs && !d->attrs)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "contact \"%s\": attrs is NULL", d->id);
  for (i = 0; i < d->nattrs; i++) {
    if (!d->attrs[i].key || !d->attrs[i].value)
      return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                      "contact \"%s\": attribute %zu has a NULL key or value",
                      d->id, i);
    if (strlen(d->attrs[i].key) > e->opt.max_id_len ||
        strlen(d->attrs[i].value) > 16 * (size_t)e->opt.max_id_len)
      return acdr_err(e, ACDR_ERR_LIMIT,
                      "contact \"%s\": attribute \"%.32s\" too long", d->id,
                      d->attrs[i].key);
    if ((rv = acdr_check_utf8(e, d->attrs[i].key, "attribute key")) ||
        (rv = acdr_check_utf8(e, d->attrs[i].value, "attribute value")))
      return rv;
  }
  if ((rv = check_str(e, d->customer_id, "customer_id", d->id)) ||
      (rv = check_str(e, d->reason, "reason", d->id)) ||
      (rv = check_str(e, d->preferred_agent, "preferred_agent", d->id)))
    return rv;
  if (d->preferred_hold_ms < -1 || d->preferred_hold_ms > 86400000)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "contact \"%s\": preferred_hold_ms outside -1..86400000",
                    d->id);
  if (d->original_arrival > e->now)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "contact \"%s\": original_arrival %llu ns is after now "
                    "(%llu ns)",
                    d->id, (unsigned long long)d->original_arrival,
                    (unsigned long long)e->now);
  if (d->head_start_ms < 0 || d->head_start_ms > 366LL * 86400 * 1000)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "contact \"%s\": head_start_ms = %lld outside "
                    "0..31622400000",
                    d->id, (long long)d->head_start_ms);
  if (d->min_penalty < -1 || d->min_penalty > 1000000 ||
      d->max_penalty < -1 || d->max_penalty > 1000000)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "contact \"%s\": min_penalty %d / max_penalty %d "
                    "outside -1..1000000",
                    d->id, (int)d->min_penalty, (int)d->max_penalty);
  if (d->min_penalty >= 0 && d->max_penalty >= 0 &&
      d->min_penalty > d->max_penalty)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "contact \"%s\": min_penalty %d above max_penalty %d",
                    d->id, (int)d->min_penalty, (int)d->max_penalty);
  if (d->raise_penalty < -1 || d->raise_penalty > 1000000)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "contact \"%s\": raise_penalty %d outside -1..1000000",
                    d->id, (int)d->raise_penalty);
  if (d->rule && *d->rule && !acdr_queue_rule_find(*pq, d->rule))
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "contact \"%s\": queue \"%s\" has no rule \"%.64s\"",
                    d->id, (*pq)->id, d->rule);
  return 0;
}

/* The known agents of arriving contact c, in order: the host's preferred
 * agent, then those customer memory knows (owner, last agent), each
 * once.  1 on allocation failure (c is freed by the caller). */
static int known_chain(acdr_engine *e, acdr_contact *c, acdr_queue *q,
                       const char *preferred) {
  const char *ids[ACDR_KNOWN_MAX + 1];
  uint8_t kinds[ACDR_KNOWN_MAX + 1];
  size_t n = 0, m, i, j, k;
  if (preferred && *preferred) {
    ids[n] = preferred;
    kinds[n++] = ACDR_KNOWN_PREFERRED;
  }
  m = acdr_hook_known_agents(e, c, q, ids + n, kinds + n, ACDR_KNOWN_MAX - n);
  if (m > ACDR_KNOWN_MAX - n) m = ACDR_KNOWN_MAX - n;
  for (i = n, k = n; i < n + m; i++) {
    for (j = 0; j < k && strcmp(ids[j], ids[i]) != 0; j++) {}
    if (j == k && ids[i] && *ids[i]) {
      ids[k] = ids[i];
      kinds[k++] = kinds[i];
    }
  }
  if (!k) return 0;
  if (!acdr_contact_ext_get(e, c) ||
      !(c->ext->preferred_agent = acdr_mem_strdup(&e->mem, ids[0])))
    return 1;
  c->ext->known_kind = kinds[0];
  c->ext->had_known = 1;
  for (i = 1; i < k; i++) {
    if (!(c->ext->known_next[i - 1] = acdr_mem_strdup(&e->mem, ids[i])))
      return 1;
    c->ext->known_next_kind[i - 1] = kinds[i];
    c->ext->nknown_next = (uint8_t)i;
  }
  return 0;
}

void acdr_contact_known_clear(acdr_engine *e, acdr_contact *c) {
  size_t i;
  if (!c->ext) return;
  for (i = 0; i < c->ext->nknown_next; i++)
    acdr_mem_free(&e->mem, c->ext->known_next[i]);
  c->ext->nknown_next = 0;
}

int acdr_contact_arrive_versioned(acdr_engine *e, int version,
                                  const acdr_contact_def *d,
                                  acdr_tstamp now) {
  ACDR_STRUCT_IN(CONTACT_DEF, acdr_contact_def, version, d);
  acdr_queue *q;
  acdr_contact *c;
  const acdr_resume_rec *resumed = NULL;
  int rv, fail = 0;
  if ((rv = acdr_enter(e, now)) != 0) return rv;
  if ((rv = validate_contact(e, version, d, &q)) != 0)
    return acdr_leave(e, rv);
  if (acdr_map_reserve(&e->contacts, &e->mem, 1) ||
      acdr_actions_reserve(e, ACDR_BUDGET_EVENT + ACDR_BUDGET_OVERFLOW) ||
      acdr_timers_reserve(e, 4) ||
      !(c = acdr_contact_alloc(e, d->id, d->customer_id, d->reason)))
    return acdr_leave(e, acdr_err(e, ACDR_ERR_NOMEM, "out of memory"));
  fail = known_chain(e, c, q, d->preferred_agent);
  if (!fail && (d->head_start_ms || d->min_penalty >= 0 ||
                d->max_penalty >= 0 || d->raise_penalty >= 0 || d->rule)) {
    if (acdr_contact_ext_get(e, c)) {
      c->ext->head_start_ms = d->head_start_ms;
      acdr_contact_set_window(c, d->min_penalty, d->max_penalty);
      c->ext->raise_penalty1 = d->raise_penalty < 0 ? 0 : d->raise_penalty + 1;
      if (d->rule && !(c->ext->rule = acdr_mem_strdup(&e->mem, d->rule)))
        fail = 1;
    } else
      fail = 1;
  }
  /* a caller back after an abandon: its record, and room to keep what it
   * gives back (the record is used only once nothing can fail) */
  if (!fail && (resumed = acdr_resume_find(e, q, c)) != NULL &&
      !acdr_contact_ext_get(e, c))
    fail = 1;
  if (fail || acdr_kv_copy(e, d->attrs, d->nattrs, &c->attrs) != 0) {
    acdr_contact_free(e, c);
    return acdr_leave(e, acdr_err(e, ACDR_ERR_NOMEM, "out of memory"));
  }
  c->nattrs = (uint32_t)d->nattrs;
  if ((rv = acdr_skills_copy(e, d->skills, d->nskills, &c->skills, d->id))) {
    acdr_contact_free(e, c);
    return acdr_leave(e, rv);
  }
  c->nskills = (uint32_t)d->nskills;
  c->seq = ++e->seq;
  c->channel = (int8_t)q->def.channel;
  c->priority = d->priority;
  c->arrival = d->original_arrival ? d->original_arrival : now;
  c->enqueued = now;
  if (resumed) {
    if (resumed->arrival < c->arrival) c->arrival = resumed->arrival;
    if (!c->ext->head_start_ms) c->ext->head_start_ms = resumed->head_start_ms;
    c->ext->resume_line_at = resumed->line_at;
    acdr_resume_drop(e, q, resumed);
  }
  c->state = ACDR_CONTACT_WAITING;
  if (acdr_contact_preferred(c))
    c->ext->preferred_until = acdr_deadline(
        now, d->preferred_hold_ms >= 0 &&
                     c->ext->known_kind == ACDR_KNOWN_PREFERRED
                 ? d->preferred_hold_ms
                 : q->def.known_agent_hold_ms);
  c->queue = q;
  (void)acdr_map_put(&e->contacts, &e->mem, c->id, c);
  e->counts.contacts_arrived++;
  acdr_hook_contact(e, ACDR_HOOK_ARRIVED, c, NULL);
  if (acdr_hook_admit(e, c, q))
    acdr_contact_enter_queue(e, c, q, 1);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_ARRIVE, .contact = d->id,
                                   .queue = d->queue, .arrival = d});
  return acdr_leave(e, 0);
}

acdr_tstamp acdr_contact_line_at(const acdr_contact *c, const acdr_queue *q) {
  acdr_tstamp base =
      q->def.time_base == ACDR_TIME_BASE_SYSTEM ? c->arrival : c->enqueued;
  acdr_tstamp hs = (acdr_tstamp)acdr_contact_head_start_ms(c) *
                   ACDR_MILLISECONDS; /* at most a year: no overflow */
  return base > hs ? base - hs : 0;
}

uint32_t acdr_contact_position(const acdr_contact *c) {
  const acdr_queue *q = c->queue;
  uint32_t pos = acdr_line_rank(c);
  size_t i;
  if (!q->def.position_counts_ringing || !q->noffered) return pos;
  /* app_queue leaves a ringing caller in the queue, so the callers behind
   * it count it (queue_exec / say_position): count each ringing contact
   * of q that would be ahead of c once, at its first offer.  Every offer
   * goes to a member (dispatch.c), so q's members see them all. */
  for (i = 0; i < q->nmembers; i++) {
    const acdr_offer *o;
    for (o = q->members[i]->agent->offers; o; o = o->next_agent)
      if (o->contact->queue == q && o->contact->offers == o &&
          acdr_line_before(o->contact, c))
        pos++;
  }
  return pos;
}

/* Put a contact into q's line (first arrival, overflow, transfer). */
int acdr_contact_enter_queue(acdr_engine *e, acdr_contact *c, acdr_queue *q,
                             int announce_queued) {
  acdr_action a;
  c->queue = q;
  c->state = ACDR_CONTACT_WAITING;
  c->max_wait_due = 0; /* a new queue, a new max wait */
  c->line_at = acdr_contact_line_at(c, q);
  if (c->ext && c->ext->resume_line_at) { /* abandoned resume */
    if (c->ext->resume_line_at < c->line_at)
      c->line_at = c->ext->resume_line_at;
    c->ext->resume_line_at = 0;
  }
  acdr_line_insert(&q->line, c);
  acdr_hook_contact(e, ACDR_HOOK_QUEUED, c, NULL);
  if (announce_queued) {
    a = acdr_action_of(ACDR_ACTION_QUEUED, c, q, NULL);
    a.position = acdr_contact_position(c);
    a.value_ms = acdr_hook_estimated_wait(e, q, (uint32_t)a.position);
    acdr_emit(e, &a);
  }
  acdr_hook_joined(e, c);
  acdr_dispatch_queue(e, q);
  return 0;
}

/* Put a contact whose offers all ended back in its place in line. */
void acdr_contact_to_line(acdr_engine *e, acdr_contact *c) {
  acdr_queue *q = c->queue;
  (void)e;
  c->state = ACDR_CONTACT_WAITING;
  c->offer_round_start = 0;
  q->noffered--;
  acdr_line_insert(&q->line, c);
}

/* Terminal: tell the host, update statistics, free later. */
void acdr_contact_end(acdr_engine *e, acdr_contact *c, int reason) {
  acdr_action a;
  if (c->in_line) acdr_line_remove(&c->queue->line, c);
  acdr_ct_disarm_all(e, c);
  c->state = ACDR_CONTACT_ENDED;
  c->end_reason = (int8_t)reason;
  acdr_hook_ended(e, c);
  a = acdr_action_of(ACDR_ACTION_CONTACT_ENDED, c, c->queue, c->agent);
  a.reason = reason;
  a.value_ms = (int64_t)(((c->answered ? c->answered : e->now) - c->arrival) /
                         ACDR_MILLISECONDS);
  acdr_emit(e, &a);
  acdr_map_del(&e->contacts, c->id);
  e->counts.contacts_ended++;
  c->next_dead = e->graveyard;
  e->graveyard = c;
}

/* Release the agent slot held by a connected / wrap-up contact. */
void acdr_contact_release_agent(acdr_engine *e, acdr_contact *c) {
  acdr_agent *a = c->agent;
  if (!a) return;
  if (c->state == ACDR_CONTACT_CONNECTED) {
    a->nconnected--;
    c->queue->nconnected--;
  } else if (c->state == ACDR_CONTACT_WRAPUP) {
    a->nwrapup--;
  }
  a->load[c->channel]--;
  if (c->prev_held)
    c->prev_held->next_held = c->next_held;
  else
    a->held = c->next_held;
  if (c->next_held) c->next_held->prev_held = c->prev_held;
  c->next_held = c->prev_held = NULL;
  /* "idle since" counts from the end of the agent's last handled contact;
   * unanswered offers do not reset it (as last_bridge_end in the PBXs) */
  if (!a->held) a->idle_since = e->now;
}

static void finish_wrapup(acdr_engine *e, acdr_contact *c) {
  acdr_agent *a = c->agent;
  acdr_hook_handled(e, c);
  acdr_contact_release_agent(e, c);
  acdr_contact_end(e, c, ACDR_END_COMPLETED);
  acdr_agent_refresh(e, a);
  acdr_dispatch_agent(e, a);
}

/* Wrap-up may end (timer passed and disposition present): end it. */
void acdr_contact_wrapup_maybe_end(acdr_engine *e, acdr_contact *c) {
  if (c->state != ACDR_CONTACT_WRAPUP || acdr_ct_armed(c, ACDR_CT_WRAPUP))
    return;
  if (acdr_hook_wrapup_may_end(e, c) != 0) return;
  finish_wrapup(e, c);
}

static acdr_offer *find_offer(acdr_contact *c, acdr_agent *a) {
  acdr_offer *o;
  for (o = c->offers; o; o = o->next_contact)
    if (o->agent == a) return o;
  return NULL;
}

static int lookup_offer(acdr_engine *e, const char *cid, const char *aid,
                        acdr_contact **pc, acdr_agent **pa,
                        acdr_offer **po) {
  int rv;
  if ((rv = acdr_find_contact(e, cid, pc)) != 0 ||
      (rv = acdr_find_agent(e, aid, pa)) != 0)
    return rv;
  if ((*pc)->state != ACDR_CONTACT_OFFERED || !(*po = find_offer(*pc, *pa)))
    return acdr_err(e, ACDR_ERR_NOT_OFFERED,
                    "contact \"%s\" is not ringing at agent \"%s\"", cid,
                    aid);
  return 0;
}

/* The first-reply deadline an assignment of c gets (ms), 0: none. */
static int64_t reply_ms(const acdr_contact *c) {
  return acdr_contact_first_reply_at(c) ? 0 : c->queue->def.reply_deadline_ms;
}

/* c is connected to a (answered offer or manual assignment): the agent
 * holds it, its reply deadline runs, and the host gets CONNECTED.  The
 * caller reserved the action and the reply timer. */
static void connect_to(acdr_engine *e, acdr_contact *c, acdr_agent *a,
                       acdr_tstamp now) {
  acdr_action act;
  c->state = ACDR_CONTACT_CONNECTED;
  c->agent = a;
  c->answered = now;
  c->talk_start = now;
  c->queue->nconnected++;
  a->nconnected++;
  a->handled++;
  a->handled_av++;
  c->next_held = a->held;
  c->prev_held = NULL;
  if (a->held) a->held->prev_held = c;
  a->held = c;
  if (reply_ms(c))
    acdr_ct_arm_held(e, c, ACDR_CT_REPLY, acdr_deadline(now, reply_ms(c)));
  acdr_hook_contact(e, ACDR_HOOK_ANSWERED, c, a);
  act = acdr_action_of(ACDR_ACTION_CONNECTED, c, c->queue, a);
  act.value_ms = (int64_t)((now - c->enqueued) / ACDR_MILLISECONDS);
  acdr_emit(e, &act);
  acdr_hook_assigned(e, c, a);
  acdr_agent_refresh(e, a);
}

int acdr_contact_accept(acdr_engine *e, const char *cid, const char *aid,
                        acdr_tstamp now) {
  acdr_contact *c;
  acdr_agent *a;
  acdr_offer *o;
  int rv;
  if ((rv = acdr_enter(e, now)) != 0) return rv;
  if ((rv = lookup_offer(e, cid, aid, &c, &a, &o)) != 0)
    return acdr_leave(e, rv);
  if ((rv = acdr_actions_reserve(
           e, ACDR_BUDGET_EVENT + ACDR_BUDGET_PER_OFFER * (size_t)c->noffers)) != 0 ||
      (reply_ms(c) && (rv = acdr_timers_reserve(e, 1)) != 0))
    return acdr_leave(e, rv);
  /* the winning offer becomes the connection (it keeps the slot) */
  acdr_offer_unlink(e, o);
  c->queue->noffered--;
  a->missed_in_row = 0;
  acdr_ct_disarm(e, c, ACDR_CT_RECHECK);
  acdr_ct_disarm(e, c, ACDR_CT_MAX_WAIT);
  acdr_ct_disarm(e, c, ACDR_CT_ANNOUNCE);
  connect_to(e, c, a, now);
  /* ring-all: everybody else stops ringing and is free again */
  while (c->offers) acdr_offer_cancel(e, c->offers,
                                      ACDR_CANCEL_ANSWERED_ELSEWHERE);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_ACCEPT, .contact = cid,
                                   .agent = aid});
  return acdr_leave(e, 0);
}

int acdr_contact_reject(acdr_engine *e, const char *cid, const char *aid,
                        int how, acdr_tstamp now) {
  acdr_contact *c;
  acdr_agent *a;
  acdr_offer *o;
  int rv;
  if ((rv = acdr_enter(e, now)) != 0) return rv;
  if (how != ACDR_REJECT_DECLINED && how != ACDR_REJECT_BUSY &&
      how != ACDR_REJECT_NO_ANSWER && how != ACDR_REJECT_UNAVAILABLE)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                                  "reject: how=%d unknown", how));
  if ((rv = lookup_offer(e, cid, aid, &c, &a, &o)) != 0)
    return acdr_leave(e, rv);
  if ((rv = acdr_actions_reserve(
           e, ACDR_BUDGET_EVENT + ACDR_BUDGET_PER_QUEUE * a->nmembers)) != 0)
    return acdr_leave(e, rv);
  acdr_offer_missed(e, o, how, 0);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_REJECT, .contact = cid,
                                   .agent = aid, .how = how});
  return acdr_leave(e, 0);
}

/* An on-demand agent goes away at talk end: its other offers are
 * cancelled (acdr_agent_on_demand_done). */
static size_t on_demand_budget(const acdr_contact *c) {
  const acdr_agent *a = c->state == ACDR_CONTACT_CONNECTED ? c->agent : NULL;
  if (!a || !acdr_agent_miss_of(a)->on_demand) return 0;
  return ACDR_BUDGET_PER_OFFER * (size_t)a->noffers +
         ACDR_BUDGET_PER_QUEUE * a->nmembers;
}

int acdr_contact_hangup(acdr_engine *e, const char *cid, acdr_tstamp now) {
  acdr_contact *c;
  acdr_resume_rec *resume = NULL;
  int rv;
  if (!(c = acdr_enter_lookup(e, now, ACDR_OBJ_CONTACT, cid, &rv))) return rv;
  if (c->state == ACDR_CONTACT_WRAPUP)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_STATE,
                                  "contact \"%s\" already hung up (in "
                                  "wrap-up)",
                                  cid));
  if ((rv = acdr_actions_reserve(
           e, ACDR_BUDGET_EVENT + ACDR_BUDGET_PER_OFFER * (size_t)c->noffers +
                  on_demand_budget(c))) != 0 ||
      (rv = acdr_timers_reserve(e, 1)) != 0 ||
      ((c->state == ACDR_CONTACT_WAITING || c->state == ACDR_CONTACT_OFFERED) &&
       (rv = acdr_resume_reserve(e, c->queue, c, &resume)) != 0))
    return acdr_leave(e, rv);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_HANGUP, .contact = cid});
  if (c->state == ACDR_CONTACT_WAITING || c->state == ACDR_CONTACT_OFFERED) {
    if (c->state == ACDR_CONTACT_OFFERED) {
      acdr_queue *q = c->queue;
      while (c->offers) {
        acdr_offer *o = c->offers;
        acdr_agent *a = o->agent;
        acdr_offer_release(e, o);
        acdr_offer_emit_cancel(e, c, a, ACDR_CANCEL_CALLER_HANGUP);
        acdr_agent_refresh(e, a);
        acdr_dispatch_agent_later(e, a);
      }
      q->noffered--;
    }
    acdr_resume_commit(e, c->queue, resume, c);
    acdr_contact_end(e, c, c->is_callback ? ACDR_END_CALLBACK
                                          : ACDR_END_ABANDONED);
    acdr_dispatch_flush(e);
    return acdr_leave(e, 0);
  }
  /* connected: talk ends, wrap-up begins */
  acdr_contact_talk_end(e, c, 1);
  return acdr_leave(e, 0);
}

/* A connected contact's conversation ends; the agent wraps up. */
void acdr_contact_talk_end(acdr_engine *e, acdr_contact *c, int wrap) {
  acdr_agent *a = c->agent;
  acdr_action act;
  int64_t wrap_ms;
  if (c->on_hold) {
    c->ext->hold_ns += e->now - c->ext->hold_start;
    c->on_hold = 0;
  }
  c->talk_end = e->now;
  acdr_ct_disarm(e, c, ACDR_CT_REPLY);
  a->talk_ns += (e->now - c->talk_start) - acdr_contact_hold_ns(c);
  a->talk_av += (e->now - c->talk_start) - acdr_contact_hold_ns(c);
  acdr_agent_talk_ended(a, c->queue, e->now);
  acdr_hook_contact(e, ACDR_HOOK_TALK_END, c, a);
  a->nconnected--;
  c->queue->nconnected--;
  a->nwrapup++;
  c->state = ACDR_CONTACT_WRAPUP;
  act = acdr_action_of(ACDR_ACTION_WRAPUP, c, c->queue, a);
  /* a per-queue wrap-up blocks the membership, not the agent
   * (acdr_member_wrap_until): the contact ends at once */
  wrap_ms = c->queue->def.wrapup_scope != ACDR_WRAPUP_AGENT
                ? 0
                : acdr_member_wrapup_ms(a, c->queue);
  act.value_ms = wrap ? wrap_ms : 0;
  acdr_emit(e, &act);
  if (wrap && wrap_ms > 0)
    acdr_ct_arm_held(e, c, ACDR_CT_WRAPUP, acdr_deadline(e->now, wrap_ms));
  acdr_agent_refresh(e, a);
  acdr_agent_on_demand_done(e, a);
  acdr_contact_wrapup_maybe_end(e, c);
}

int acdr_contact_hold(acdr_engine *e, const char *cid, int on,
                      acdr_tstamp now) {
  acdr_contact *c;
  int rv;
  if (!(c = acdr_enter_lookup(e, now, ACDR_OBJ_CONTACT, cid, &rv))) return rv;
  if (c->state != ACDR_CONTACT_CONNECTED || (on != 0) == (c->on_hold != 0))
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_STATE,
                                  "contact \"%s\" is not connected%s", cid,
                                  on ? " or already on hold"
                                     : " on hold"));
  if (on && !acdr_contact_ext_get(e, c))
    return acdr_leave(e, acdr_err(e, ACDR_ERR_NOMEM, "out of memory"));
  if (on) {
    c->on_hold = 1;
    c->ext->hold_start = now;
  } else {
    c->on_hold = 0;
    c->ext->hold_ns += now - c->ext->hold_start;
  }
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_HOLD, .contact = cid,
                                   .on = on});
  return acdr_leave(e, 0);
}

int acdr_contact_wrapup_done(acdr_engine *e, const char *cid,
                             acdr_tstamp now) {
  acdr_contact *c;
  int rv;
  if (!(c = acdr_enter_lookup(e, now, ACDR_OBJ_CONTACT, cid, &rv))) return rv;
  if (c->state != ACDR_CONTACT_WRAPUP)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_STATE,
                                  "contact \"%s\" is not in wrap-up", cid));
  if ((rv = acdr_hook_wrapup_may_end(e, c)) != 0)
    return acdr_leave(e, rv);
  if ((rv = acdr_actions_reserve(
           e, ACDR_BUDGET_EVENT + ACDR_BUDGET_PER_QUEUE * c->agent->nmembers)) != 0)
    return acdr_leave(e, rv);
  acdr_ct_disarm(e, c, ACDR_CT_WRAPUP);
  finish_wrapup(e, c);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_WRAPUP_DONE, .contact = cid});
  return acdr_leave(e, 0);
}

/* Take a waiting or ringing contact out of its queue (offers withdrawn). */
void acdr_contact_pull(acdr_engine *e, acdr_contact *c) {
  if (c->state == ACDR_CONTACT_OFFERED) {
    while (c->offers) {
      acdr_offer *o = c->offers;
      acdr_agent *a = o->agent;
      acdr_offer_release(e, o);
      acdr_offer_emit_cancel(e, c, a, ACDR_CANCEL_WITHDRAWN);
      acdr_agent_refresh(e, a);
      acdr_dispatch_agent_later(e, a);
    }
    c->queue->noffered--;
    c->state = ACDR_CONTACT_WAITING;
  }
  if (c->in_line) acdr_line_remove(&c->queue->line, c);
  acdr_ct_disarm(e, c, ACDR_CT_RECHECK);
  acdr_ct_disarm(e, c, ACDR_CT_MAX_WAIT);
  acdr_ct_disarm(e, c, ACDR_CT_ANNOUNCE);
}

/* Move a contact into another queue (overflow, transfer). */
void acdr_contact_move(acdr_engine *e, acdr_contact *c, acdr_queue *to) {
  acdr_action a;
  acdr_contact_pull(e, c);
  c->enqueued = e->now;
  a = acdr_action_of(ACDR_ACTION_REQUEUED, c, to, NULL);
  a.text = c->queue->id;
  acdr_emit(e, &a);
  c->queue = to;
  c->sdata = 0; /* strategy data belongs to the old queue's strategy */
  c->missed_agent = 0;
  c->retry_at = 0;
  acdr_contact_enter_queue(e, c, to, 1);
}

int acdr_contact_transfer(acdr_engine *e, const char *cid, const char *qid,
                          const char *aid, acdr_tstamp now) {
  acdr_contact *c;
  acdr_queue *to = NULL;
  acdr_agent *ta = NULL;
  char *pref = NULL;
  int rv;
  size_t i;
  if (!(c = acdr_enter_lookup(e, now, ACDR_OBJ_CONTACT, cid, &rv))) return rv;
  if (!qid && !aid)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                                  "transfer of \"%s\": no queue and no agent",
                                  cid));
  if (qid && (rv = acdr_find_queue(e, qid, &to)) != 0)
    return acdr_leave(e, rv);
  if (!to) to = c->queue;
  if (aid && (rv = acdr_find_agent(e, aid, &ta)) != 0)
    return acdr_leave(e, rv);
  if (c->state == ACDR_CONTACT_WRAPUP)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_STATE,
                                  "contact \"%s\" has already ended (wrap-up)",
                                  cid));
  if (to->def.channel != c->channel)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_CHANNEL,
                                  "queue \"%s\" does not take channel %d",
                                  to->id, (int)c->channel));
  if (ta) {
    for (i = 0; i < ta->nmembers; i++)
      if (ta->members[i]->queue == to) break;
    if (i == ta->nmembers)
      return acdr_leave(e, acdr_err(e, ACDR_ERR_NOT_MEMBER,
                                    "agent \"%s\" is not a member of queue "
                                    "\"%s\"",
                                    aid, to->id));
    if (!acdr_contact_ext_get(e, c) ||
        !(pref = acdr_mem_strdup(&e->mem, aid)))
      return acdr_leave(e, acdr_err(e, ACDR_ERR_NOMEM, "out of memory"));
  }
  if (to == c->queue && !ta && c->state != ACDR_CONTACT_CONNECTED)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                                  "contact \"%s\" is already in queue \"%s\"",
                                  cid, to->id));
  if ((rv = acdr_actions_reserve(
           e, ACDR_BUDGET_MOVE + ACDR_BUDGET_PER_OFFER * (size_t)c->noffers)) != 0 ||
      (rv = acdr_timers_reserve(e, 4)) != 0) {
    acdr_mem_free(&e->mem, pref);
    return acdr_leave(e, rv);
  }
  acdr_hook_contact(e, ACDR_HOOK_TRANSFERRED, c, c->agent);
  if (c->state == ACDR_CONTACT_CONNECTED) {
    /* the first agent's leg ends; the agent wraps up without the contact
     * (for the transferred contact's own wrap-up, use the new agent) */
    acdr_agent *a = c->agent;
    int64_t wrap_ms = a->wrapup_ms >= 0 ? a->wrapup_ms : c->queue->def.wrapup_ms;
    acdr_ct_disarm(e, c, ACDR_CT_REPLY);
    if (c->on_hold) {
      c->ext->hold_ns += now - c->ext->hold_start;
      c->on_hold = 0;
    }
    a->talk_ns += (now - c->talk_start) - acdr_contact_hold_ns(c);
    acdr_hook_contact(e, ACDR_HOOK_TALK_END, c, a);
    acdr_contact_release_agent(e, c);
    c->agent = NULL;
    c->answered = 0;
    if (c->ext) c->ext->hold_ns = 0;
    c->state = ACDR_CONTACT_WAITING;
    acdr_agent_delay(e, a, acdr_deadline(now, wrap_ms));
    acdr_agent_refresh(e, a);
    acdr_dispatch_agent_later(e, a);
  }
  c->transferred = 1;
  if (pref) {
    acdr_mem_free(&e->mem, c->ext->preferred_agent);
    acdr_contact_known_clear(e, c); /* the transfer names the agent */
    c->ext->preferred_agent = pref;
    c->ext->known_kind = ACDR_KNOWN_PREFERRED;
    c->ext->preferred_until = acdr_deadline(now, to->def.known_agent_hold_ms);
  }
  acdr_contact_move(e, c, to);
  acdr_dispatch_flush(e);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_TRANSFER, .contact = cid,
                                   .queue = qid, .agent = aid});
  return acdr_leave(e, 0);
}

int acdr_contact_request_callback(acdr_engine *e, const char *cid,
                                  acdr_tstamp now) {
  acdr_contact *c;
  int rv;
  if (!(c = acdr_enter_lookup(e, now, ACDR_OBJ_CONTACT, cid, &rv))) return rv;
  if (c->state != ACDR_CONTACT_WAITING || c->is_callback)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_STATE,
                                  "contact \"%s\" is not waiting%s", cid,
                                  c->is_callback ? " (already a callback)"
                                                 : ""));
  c->is_callback = 1;
  /* the caller is gone: no announcements, no max-wait overflow */
  acdr_ct_disarm(e, c, ACDR_CT_MAX_WAIT);
  acdr_ct_disarm(e, c, ACDR_CT_ANNOUNCE);
  acdr_hook_contact(e, ACDR_HOOK_CALLBACK, c, NULL);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_CALLBACK, .contact = cid});
  return acdr_leave(e, 0);
}

/* Is c ringing at a? */
static int rings_at(const acdr_contact *c, const acdr_agent *a) {
  const acdr_offer *o;
  for (o = c->offers; o; o = o->next_contact)
    if (o->agent == a) return 1;
  return 0;
}

/* The first of c's required skills that agent a lacks or has below the
 * minimum level (*have: a's level, -1 if none), or NULL when a has them
 * all, as the skills strategy counts them (without its relaxation). */
static const acdr_agent_skill *skill_missing(const acdr_contact *c,
                                             const acdr_agent *a,
                                             int32_t *have) {
  uint32_t i, j;
  for (i = 0; i < c->nskills; i++) {
    *have = -1;
    for (j = 0; j < a->nskills; j++)
      if (strcmp(a->skills[j].name, c->skills[i].name) == 0) {
        *have = a->skills[j].level;
        break;
      }
    if (*have < c->skills[i].level) return &c->skills[i];
  }
  return NULL;
}

int acdr_contact_assign(acdr_engine *e, const char *cid, const char *aid,
                        uint32_t flags, acdr_tstamp now) {
  acdr_contact *c;
  acdr_agent *a;
  int rv, ch, own;
  size_t i;
  if (!(c = acdr_enter_lookup(e, now, ACDR_OBJ_CONTACT, cid, &rv))) return rv;
  if ((rv = acdr_find_agent(e, aid, &a)) != 0) return acdr_leave(e, rv);
  if (flags & ~(ACDR_ASSIGN_OVER_CAPACITY | ACDR_ASSIGN_IGNORE_SKILLS))
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                                  "assign \"%s\": unknown flags 0x%x", cid,
                                  (unsigned)flags));
  if (c->state != ACDR_CONTACT_WAITING && c->state != ACDR_CONTACT_OFFERED)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_STATE,
                                  "contact \"%s\" is already %s agent \"%s\"",
                                  cid,
                                  c->state == ACDR_CONTACT_WRAPUP
                                      ? "in wrap-up with"
                                      : "assigned to",
                                  c->agent ? c->agent->id : "?"));
  for (i = 0; i < a->nmembers; i++)
    if (a->members[i]->queue == c->queue) break;
  if (i == a->nmembers)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_NOT_MEMBER,
                                  "agent \"%s\" is not a member of queue "
                                  "\"%s\"",
                                  aid, c->queue->id));
  if (a->status == ACDR_AGENT_LOGGED_OUT)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_STATE,
                                  "agent \"%s\" is logged out", aid));
  if (!(flags & ACDR_ASSIGN_IGNORE_SKILLS)) {
    int32_t have;
    const acdr_agent_skill *k = skill_missing(c, a, &have);
    if (k) {
      if (have < 0)
        return acdr_leave(e, acdr_err(e, ACDR_ERR_SKILLS,
                                      "agent \"%s\" lacks skill \"%s\" "
                                      "that contact \"%s\" requires (level "
                                      "%d); assigning anyway needs "
                                      "ACDR_ASSIGN_IGNORE_SKILLS",
                                      aid, k->name, cid, (int)k->level));
      return acdr_leave(e, acdr_err(e, ACDR_ERR_SKILLS,
                                    "agent \"%s\" has skill \"%s\" at "
                                    "level %d, contact \"%s\" requires %d; "
                                    "assigning anyway needs "
                                    "ACDR_ASSIGN_IGNORE_SKILLS",
                                    aid, k->name, (int)have, cid,
                                    (int)k->level));
    }
  }
  ch = c->channel;
  if (a->cap[ch] == 0)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_CHANNEL,
                                  "agent \"%s\" takes no contacts of channel "
                                  "%d",
                                  aid, ch));
  /* a ringing offer of this contact at a already holds one of a's slots */
  own = rings_at(c, a);
  if (a->load[ch] - (uint32_t)own >= a->cap[ch]) {
    if (!(flags & ACDR_ASSIGN_OVER_CAPACITY))
      return acdr_leave(e, acdr_err(e, ACDR_ERR_LIMIT,
                                    "agent \"%s\" is at capacity (%u of %u "
                                    "on channel %d); going past it needs "
                                    "ACDR_ASSIGN_OVER_CAPACITY",
                                    aid, a->load[ch] - (uint32_t)own,
                                    a->cap[ch], ch));
    /* the engine never rings an agent past capacity: keep it so */
    if (a->noffers > (uint32_t)own)
      return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_STATE,
                                    "agent \"%s\" has an offer ringing: "
                                    "no assignment past capacity until it "
                                    "is answered or refused",
                                    aid));
  }
  if ((rv = acdr_actions_reserve(
           e, ACDR_BUDGET_MOVE + ACDR_BUDGET_PER_OFFER * (size_t)c->noffers +
                  ACDR_BUDGET_PER_QUEUE * a->nmembers)) != 0 ||
      (rv = acdr_timers_reserve(e, 2)) != 0)
    return acdr_leave(e, rv);
  acdr_contact_pull(e, c); /* out of line, offers withdrawn */
  c->offer_round_start = 0;
  a->load[ch]++; /* an answered offer was counted when it rang */
  connect_to(e, c, a, now);
  acdr_dispatch_flush(e);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_ASSIGN, .contact = cid,
                                   .agent = aid,
                                   .over_capacity =
                                       (flags & ACDR_ASSIGN_OVER_CAPACITY) != 0,
                                   .ignore_skills =
                                       (flags & ACDR_ASSIGN_IGNORE_SKILLS) != 0});
  return acdr_leave(e, 0);
}

int acdr_queue_pick_next(acdr_engine *e, const char *qid, const char *aid,
                         uint32_t flags, acdr_tstamp now,
                         const char **contact_id) {
  acdr_queue *q;
  acdr_agent *a;
  acdr_contact *c;
  int32_t have;
  int rv;
  if (contact_id) *contact_id = NULL;
  if (!e || !qid || !aid) return ACDR_ERR_INVALID_ARGUMENT;
  if (!(q = acdr_map_get(&e->queues, qid)))
    return acdr_err(e, ACDR_ERR_QUEUE_NOT_FOUND, "pick next: unknown queue "
                    "\"%s\"", qid);
  if ((rv = acdr_find_agent(e, aid, &a)) != 0) return rv;
  if (!q->def.inbox)
    return acdr_err(e, ACDR_ERR_INVALID_STATE,
                    "pick next: queue \"%s\" is not an inbox queue (its "
                    "contacts are offered by its strategy)",
                    qid);
  /* position 1 first; with skills checked, the first the agent can take */
  for (c = acdr_line_first(&q->line); c; c = acdr_line_next(c)) {
    if (c->max_wait_due) continue; /* leaving: its deadline is due */
    if ((flags & ACDR_ASSIGN_IGNORE_SKILLS) || !skill_missing(c, a, &have))
      break;
  }
  if (!c) {
    if (!acdr_line_len(&q->line))
      return acdr_err(e, ACDR_ERR_NOT_FOUND,
                      "pick next: queue \"%s\" has no waiting contact", qid);
    return acdr_err(e, ACDR_ERR_SKILLS,
                    "pick next: agent \"%s\" lacks a skill every contact "
                    "waiting in queue \"%s\" requires; taking one anyway "
                    "needs ACDR_ASSIGN_IGNORE_SKILLS",
                    aid, qid);
  }
  /* the assignment checks the rest (time, membership, capacity) and is
   * the event line, so a replica replays the same contact */
  if ((rv = acdr_contact_assign(e, c->id, aid, flags, now)) == 0 &&
      contact_id)
    *contact_id = c->id;
  return rv;
}

int acdr_contact_first_reply(acdr_engine *e, const char *cid,
                             const char *aid, acdr_tstamp now) {
  acdr_contact *c;
  acdr_agent *a;
  int rv;
  if (!(c = acdr_enter_lookup(e, now, ACDR_OBJ_CONTACT, cid, &rv))) return rv;
  if ((rv = acdr_find_agent(e, aid, &a)) != 0) return acdr_leave(e, rv);
  if (c->state != ACDR_CONTACT_CONNECTED)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_STATE,
                                  "contact \"%s\" is not assigned to an "
                                  "agent (%s): no reply to report",
                                  cid,
                                  c->state == ACDR_CONTACT_WRAPUP ? "in wrap-up"
                                  : c->state == ACDR_CONTACT_OFFERED
                                      ? "ringing"
                                      : "waiting"));
  if (c->agent != a)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_NOT_OFFERED,
                                  "contact \"%s\" is assigned to agent "
                                  "\"%s\", not \"%s\"",
                                  cid, c->agent->id, aid));
  if (acdr_contact_first_reply_at(c))
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_STATE,
                                  "contact \"%s\" already has its first "
                                  "reply",
                                  cid));
  if (!acdr_contact_ext_get(e, c))
    return acdr_leave(e, acdr_err(e, ACDR_ERR_NOMEM, "out of memory"));
  /* a reply at the very start of the clock is still a reply */
  c->ext->first_reply = now ? now : 1;
  acdr_ct_disarm(e, c, ACDR_CT_REPLY);
  acdr_hook_contact(e, ACDR_HOOK_REPLIED, c, a);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_FIRST_REPLY,
                                   .contact = cid, .agent = aid});
  return acdr_leave(e, 0);
}

void acdr_contact_reply_overdue(acdr_engine *e, acdr_contact *c,
                                acdr_tstamp now) {
  acdr_agent *a = c->agent;
  acdr_action act;
  int reassign = c->queue->def.reply_overdue == ACDR_REPLY_OVERDUE_REASSIGN;
  if (acdr_actions_reserve(e, ACDR_BUDGET_STEP + ACDR_BUDGET_PER_QUEUE *
                                  a->nmembers) != 0 ||
      acdr_timers_reserve(e, 2) != 0) {
    /* retry shortly, as a ring timeout does (the entry was just popped) */
    acdr_ct_arm_held(e, c, ACDR_CT_REPLY, acdr_deadline(now, 100));
    return;
  }
  act = acdr_action_of(ACDR_ACTION_REPLY_OVERDUE, c, c->queue, a);
  act.reason = reassign ? ACDR_REPLY_OVERDUE_REASSIGN : ACDR_REPLY_OVERDUE_ALERT;
  act.value_ms = (int64_t)((now - c->answered) / ACDR_MILLISECONDS);
  acdr_emit(e, &act);
  acdr_hook_contact(e, ACDR_HOOK_REPLY_OVERDUE, c, a);
  if (!reassign) return;
  /* the agent's leg ends without wrap-up; the contact takes its old place
   * in line (its entry time is kept) and another agent is preferred */
  if (c->on_hold) {
    c->ext->hold_ns += now - c->ext->hold_start;
    c->on_hold = 0;
  }
  a->talk_ns += (now - c->talk_start) - acdr_contact_hold_ns(c);
  acdr_contact_release_agent(e, c);
  c->agent = NULL;
  c->answered = 0;
  if (c->ext) c->ext->hold_ns = 0;
  c->missed_agent = a->seq;
  c->state = ACDR_CONTACT_WAITING;
  acdr_line_insert(&c->queue->line, c);
  acdr_hook_joined(e, c);
  acdr_agent_refresh(e, a);
  acdr_dispatch_queue(e, c->queue);
  acdr_dispatch_agent_later(e, a);
}

int acdr_contact_set_priority(acdr_engine *e, const char *cid,
                              int32_t priority, acdr_tstamp now) {
  acdr_contact *c;
  int rv;
  if (!(c = acdr_enter_lookup(e, now, ACDR_OBJ_CONTACT, cid, &rv))) return rv;
  if (priority < -1000000 || priority > 1000000)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_RANGE,
                                  "contact \"%s\": priority %d outside "
                                  "-1000000..1000000",
                                  cid, (int)priority));
  if (c->state != ACDR_CONTACT_WAITING && c->state != ACDR_CONTACT_OFFERED)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_STATE,
                                  "contact \"%s\" is already answered: its "
                                  "priority no longer orders anything",
                                  cid));
  if ((rv = acdr_actions_reserve(e, ACDR_BUDGET_EVENT)) != 0)
    return acdr_leave(e, rv);
  if (priority != c->priority) {
    /* out and back in: the key keeps `enqueued`, so the contact's place
     * among its new equals is its original wait */
    if (c->in_line) {
      acdr_line_remove(&c->queue->line, c);
      c->priority = priority;
      acdr_line_insert(&c->queue->line, c);
      acdr_dispatch_queue(e, c->queue);
      acdr_dispatch_flush(e);
    } else {
      c->priority = priority;
    }
  }
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_PRIORITY, .contact = cid,
                                   .priority = priority});
  return acdr_leave(e, 0);
}

int acdr_contact_get_info_versioned(const acdr_engine *e, const char *id,
                                    int version, acdr_contact_info *info) {
  ACDR_STRUCT_OUT(CONTACT_INFO, acdr_contact_info, version, info,
                  acdr_contact_get_info_versioned(e, id, ACDR_CONTACT_INFO_VERSION,
                                                  &acdr_latest_));
  acdr_contact *c;
  if (!e || !id || !info) return ACDR_ERR_INVALID_ARGUMENT;
  if (version != ACDR_CONTACT_INFO_VERSION) return ACDR_ERR_VERSION;
  if (!(c = acdr_map_get(&e->contacts, id))) return ACDR_ERR_CONTACT_NOT_FOUND;
  memset(info, 0, sizeof(*info));
  info->state = c->state;
  info->channel = c->channel;
  info->priority = c->priority;
  info->is_callback = c->is_callback;
  info->arrival = c->arrival;
  info->answered = c->answered;
  info->position = c->in_line ? acdr_contact_position(c) : 0;
  info->offers = c->noffers;
  info->queue_id = c->queue->id;
  info->agent_id = c->agent ? c->agent->id : NULL;
  return 0;
}


int acdr_contact_def_check(acdr_engine *e, const acdr_contact_def *d,
                           acdr_queue **pq) {
  return validate_contact(e, ACDR_CONTACT_DEF_VERSION, d, pq);
}
