/* SPDX-License-Identifier: MIT */
/* acdr_engine_apply_event_json: one event line -> one acdr_event (the
 * vocabulary of core/event.h decides which keys a line may and must have)
 * -> the public call that made it (docs/events.md). */
#include <string.h>

#include <acdroute/config.h>
#include <acdroute/customer.h>
#include <acdroute/disposition.h>
#include <acdroute/metrics.h>
#include <acdroute/outbound.h>
#include <acdroute/policy.h>

#include "config/config_int.h"
#include "core/event.h"
#include "core/internal.h"
#include "replay/replay_int.h"
#include "util/suggest.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The keys of a contact definition on an "arrive" line. */
static const char *const arrival_keys[] = {
    "channel", "priority", "attrs",           "skills",
    "customer", "reason",  "preferred_agent", "preferred_hold_ms",
    "original_arrival_ns", "head_start_ms", "min_penalty", "max_penalty",
    "rule", "raise_penalty"};


static void parsed_free(acdr_engine *e, acdr_parsed *p) {
  size_t i;
  acdr_mem_free(&e->mem, p->attrs);
  acdr_mem_free(&e->mem, p->skills);
  if (p->has_agent) acdr_cfg_agent_clear(e, &p->agent);
  if (p->has_queue) acdr_cfg_queue_clear(e, &p->queue);
  if (p->has_hours) acdr_cfg_hours_clear(e, &p->hours);
  acdr_mem_free(&e->mem, (void *)p->code.queues);
  for (i = 0; i < p->ncatalog; i++)
    acdr_mem_free(&e->mem, (void *)p->catalog[i].queues);
  acdr_mem_free(&e->mem, p->catalog);
}

/* Read the attrs object into kv pairs (values: string/int/bool). */
static int read_attrs(acdr_errs *er, json_object *o, acdr_kv **out,
                      size_t *n) {
  json_object *a;
  size_t i = 0;
  if (!json_object_object_get_ex(o, "attrs", &a)) return 0;
  if (!json_object_is_type(a, json_type_object)) {
    acdr_errs_add(er, ACDR_ERR_PARSE, "/attrs",
                  "expected an object {\"key\": \"value\"}");
    return -1;
  }
  if (!json_object_object_length(a)) return 0;
  if (!(*out = acdr_mem_calloc(&er->e->mem,
                               (size_t)json_object_object_length(a),
                               sizeof(**out)))) {
    acdr_errs_add(er, ACDR_ERR_NOMEM, "/attrs", "out of memory");
    return -1;
  }
  {
    json_object_object_foreach(a, key, val) {
      char p[ACDR_PTR_MAX];
      acdr_ptr_key(p, "/attrs", key);
      if (!json_object_is_type(val, json_type_string)) {
        acdr_errs_add(er, ACDR_ERR_PARSE, p, "expected a string");
        return -1;
      }
      (*out)[i].key = key;
      (*out)[i].value = json_object_get_string(val);
      i++;
    }
  }
  *n = i;
  return 0;
}

/* 0 with *v = o[k] (NULL for a JSON null), or -1: missing (error). */
static int required(acdr_errs *er, json_object *o, const char *k,
                    json_object **v) {
  if (json_object_object_get_ex(o, k, v)) return 0;
  acdr_errs_add(er, ACDR_ERR_PARSE, "", "missing required key \"%s\"", k);
  return -1;
}

static int read_arrival(acdr_errs *er, json_object *o, acdr_parsed *p) {
  acdr_contact_def *d = &p->arrival;
  const char *ch = NULL;
  int64_t prio = 0, hold = -1;
  acdr_contact_def_default(d);
  d->id = p->ev.contact;
  d->queue = p->ev.queue;
  if (!acdr_jstr(er, o, "", "channel", 0, &ch) && ch) {
    d->channel = acdr_channel_parse(ch);
    if (d->channel < 0)
      acdr_errs_add(er, ACDR_ERR_PARSE, "/channel", "unknown channel \"%s\"",
                    ch);
  }
  (void)acdr_jint(er, o, "", "priority", 0, INT32_MIN, INT32_MAX, &prio);
  (void)acdr_jint(er, o, "", "preferred_hold_ms", 0, -1, INT32_MAX, &hold);
  (void)acdr_jstr(er, o, "", "customer", 0, &d->customer_id);
  (void)acdr_jstr(er, o, "", "reason", 0, &d->reason);
  (void)acdr_jstr(er, o, "", "preferred_agent", 0, &d->preferred_agent);
  {
    int64_t orig = 0, head = 0;
    (void)acdr_jint(er, o, "", "original_arrival_ns", 0, 0, INT64_MAX, &orig);
    (void)acdr_jint(er, o, "", "head_start_ms", 0, 0, 366LL * 86400 * 1000,
                    &head);
    d->original_arrival = (acdr_tstamp)orig;
    d->head_start_ms = head;
  }
  {
    int64_t lo = -1, hi = -1;
    (void)acdr_jint(er, o, "", "min_penalty", 0, -1, 1000000, &lo);
    (void)acdr_jint(er, o, "", "max_penalty", 0, -1, 1000000, &hi);
    d->min_penalty = (int32_t)lo;
    d->max_penalty = (int32_t)hi;
  }
  {
    int64_t raise = -1;
    (void)acdr_jint(er, o, "", "raise_penalty", 0, -1, 1000000, &raise);
    d->raise_penalty = (int32_t)raise;
    (void)acdr_jstr(er, o, "", "rule", 0, &d->rule);
  }
  (void)read_attrs(er, o, &p->attrs, &d->nattrs);
  (void)acdr_cfg_read_skills(er, o, "", &p->skills, &d->nskills);
  d->priority = (int32_t)prio;
  d->preferred_hold_ms = hold;
  d->attrs = p->attrs;
  d->skills = p->skills;
  p->ev.arrival = d;
  return er->count ? -1 : 0;
}

/* "codes": [primary, tag...] */
static int read_codes(acdr_errs *er, json_object *a, acdr_parsed *p) {
  size_t n, i;
  if (!json_object_is_type(a, json_type_array) ||
      (n = json_object_array_length(a)) == 0 || n > ACDR_EVENT_MAX_CODES) {
    acdr_errs_add(er, ACDR_ERR_PARSE, "/codes",
                  "expected an array of 1 to 65 code ids (the primary code "
                  "first)");
    return -1;
  }
  for (i = 0; i < n; i++) {
    json_object *v = json_object_array_get_idx(a, i);
    if (!json_object_is_type(v, json_type_string)) {
      char ptr[ACDR_PTR_MAX];
      acdr_ptr_idx(ptr, "/codes", i);
      acdr_errs_add(er, ACDR_ERR_PARSE, ptr, "expected a code id");
      return -1;
    }
    p->codes[i] = json_object_get_string(v);
  }
  p->ev.primary = p->codes[0];
  p->ev.tags = p->codes + 1;
  p->ev.ntags = n - 1;
  return 0;
}

static int read_catalog(acdr_engine *e, acdr_errs *er, json_object *v,
                        acdr_parsed *p) {
  size_t n, i;
  if (!json_object_is_type(v, json_type_array)) {
    acdr_errs_add(er, ACDR_ERR_PARSE, "/codes", "expected an array of codes");
    return -1;
  }
  n = json_object_array_length(v);
  if (n && !(p->catalog = acdr_mem_calloc(&e->mem, n, sizeof(*p->catalog)))) {
    acdr_errs_add(er, ACDR_ERR_NOMEM, "/codes", "out of memory");
    return -1;
  }
  p->ncatalog = n;
  for (i = 0; i < n; i++) {
    char ptr[ACDR_PTR_MAX];
    acdr_ptr_idx(ptr, "/codes", i);
    acdr_cfg_read_code(er, json_object_array_get_idx(v, i), ptr,
                       &p->catalog[i]);
  }
  p->ev.codes = p->catalog;
  p->ev.ncodes = n;
  return er->count ? -1 : 0;
}

static int read_enum(acdr_errs *er, json_object *o, const char *key,
                     int required, const char *const *names, int n,
                     const char *expected, int32_t *out) {
  const char *s = NULL;
  int i;
  if (acdr_jstr(er, o, "", key, required, &s)) return -1;
  if (!s) return 0;
  for (i = 0; i < n; i++)
    if (!strcmp(s, names[i])) {
      *out = i;
      return 0;
    }
  {
    char ptr[ACDR_PTR_MAX];
    acdr_ptr_key(ptr, "", key);
    acdr_errs_add(er, ACDR_ERR_PARSE, ptr, "expected %s, got \"%s\"",
                  expected, s);
  }
  return -1;
}

/* One field of the line into p->ev: 0, or -1 with an error in er.  The
 * ids (contact, queue, agent) are read before. */
static int read_field(acdr_engine *e, acdr_errs *er, json_object *o, int f,
                      int req, acdr_parsed *p) {
  static const char *const status_names[] = {"available", "away"};
  const char *key = acdr_event_field_names[f];
  acdr_event *ev = &p->ev;
  json_object *v = NULL;
  int64_t n = 0;
  int b = 0;
  switch (f) {
    case ACDR_EVF_IDX_STATUS: {
      int32_t st = 0;
      if (read_enum(er, o, key, 1, status_names, 2,
                    "\"available\" or \"away\"", &st))
        return -1;
      ev->status = st ? ACDR_AGENT_AWAY : ACDR_AGENT_AVAILABLE;
      return 0;
    }
    case ACDR_EVF_IDX_REASON: return acdr_jstr(er, o, "", key, 0, &ev->reason);
    case ACDR_EVF_IDX_ARRIVAL: return read_arrival(er, o, p);
    case ACDR_EVF_IDX_HOW:
      ev->how = ACDR_REJECT_DECLINED;
      return read_enum(er, o, key, 0, acdr_reject_names, ACDR_REJECT_NAMES,
                       "\"declined\", \"busy\" or \"no-answer\"",
                       &ev->how);
    case ACDR_EVF_IDX_ON:
    case ACDR_EVF_IDX_OVERFLOW_WAITING:
      if (req && required(er, o, key, &v)) return -1;
      if (acdr_jbool(er, o, "", key, &b)) return -1;
      if (f == ACDR_EVF_IDX_ON)
        ev->on = b;
      else
        ev->overflow_waiting = b;
      return 0;
    case ACDR_EVF_IDX_AGENT_DEF:
      if (required(er, o, key, &v)) return -1;
      p->has_agent = 1;
      if (acdr_cfg_read_agent(er, v, "/def", &p->agent) != 0) return -1;
      ev->agent_def = &p->agent.def;
      return 0;
    case ACDR_EVF_IDX_QUEUE_DEF:
      if (required(er, o, key, &v)) return -1;
      p->has_queue = 1;
      if (acdr_cfg_read_queue(er, v, "/def", 0, &p->queue) != 0) return -1;
      ev->queue_def = &p->queue.def;
      return 0;
    case ACDR_EVF_IDX_OVER_CAPACITY:
      if (acdr_jbool(er, o, "", key, &b)) return -1;
      ev->over_capacity = b;
      return 0;
    case ACDR_EVF_IDX_IGNORE_SKILLS:
      if (acdr_jbool(er, o, "", key, &b)) return -1;
      ev->ignore_skills = b;
      return 0;
    case ACDR_EVF_IDX_PRIORITY:
      /* the range is the call's to check (its own error and message) */
      if (acdr_jint(er, o, "", key, req, INT32_MIN, INT32_MAX, &n)) return -1;
      ev->priority = (int32_t)n;
      return 0;
    case ACDR_EVF_IDX_SCORE:
      if (acdr_jint(er, o, "", key, req, 0, 10, &n)) return -1;
      ev->score = (int32_t)n;
      return 0;
    case ACDR_EVF_IDX_PENALTY:
    case ACDR_EVF_IDX_POSITION:
      if (acdr_jint(er, o, "", key, req, INT32_MIN, INT32_MAX, &n)) return -1;
      if (f == ACDR_EVF_IDX_PENALTY)
        ev->penalty = (int32_t)n;
      else
        ev->position = (int32_t)n;
      return 0;
    case ACDR_EVF_IDX_REMOVE_WAITING: {
      const char *s = NULL;
      ev->remove_waiting = ACDR_RELOAD_REFUSE;
      if (acdr_jstr(er, o, "", key, 0, &s)) return -1;
      if (s && !strcmp(s, "overflow"))
        ev->remove_waiting = ACDR_RELOAD_OVERFLOW;
      else if (s && strcmp(s, "refuse")) {
        acdr_errs_add(er, ACDR_ERR_PARSE, "/remove_waiting",
                      "expected \"refuse\" or \"overflow\"");
        return -1;
      }
      return 0;
    }
    case ACDR_EVF_IDX_CONFIG:
      if (required(er, o, key, &v)) return -1;
      ev->config = v;
      return 0;
    case ACDR_EVF_IDX_CODES:
      if (required(er, o, key, &v)) return -1;
      return read_codes(er, v, p);
    case ACDR_EVF_IDX_HOURS:
      if (required(er, o, key, &v)) return -1;
      p->has_hours = 1;
      if (acdr_cfg_hours_from_json(er, v, "/hours", &p->hours) != 0)
        return -1;
      ev->hours = p->hours.present ? &p->hours.h : NULL;
      return 0;
    case ACDR_EVF_IDX_KEY: return acdr_jstr(er, o, "", key, 1, &ev->key);
    case ACDR_EVF_IDX_DURATION:
      return acdr_jint(er, o, "", key, req, 0, INT64_MAX, &ev->duration_ms);
    case ACDR_EVF_IDX_CODE_DEF:
      if (required(er, o, key, &v)) return -1;
      acdr_cfg_read_code(er, v, "/def", &p->code);
      ev->code = &p->code;
      return er->count ? -1 : 0;
    case ACDR_EVF_IDX_CODE_ID: return acdr_jstr(er, o, "", key, 1, &ev->code_id);
    case ACDR_EVF_IDX_CATALOG:
      if (required(er, o, key, &v)) return -1;
      return read_catalog(e, er, v, p);
    case ACDR_EVF_IDX_RULE_DEF:
      if (required(er, o, key, &v)) return -1;
      acdr_cfg_read_rule(er, v, "/def", &p->rule);
      ev->rule = &p->rule;
      return er->count ? -1 : 0;
    case ACDR_EVF_IDX_RULE_ID: return acdr_jstr(er, o, "", key, 1, &ev->rule_id);
    case ACDR_EVF_IDX_HISTORY:
    case ACDR_EVF_IDX_CHANGES:
      if (acdr_jint(er, o, "", key, 1, 0, UINT32_MAX, &n)) return -1;
      if (f == ACDR_EVF_IDX_HISTORY)
        ev->history = (uint32_t)n;
      else
        ev->changes = (uint32_t)n;
      return 0;
    case ACDR_EVF_IDX_CUSTOMERS: {
      acdr_cfg_customers cc;
      json_object *wrap;
      if (required(er, o, key, &v)) return -1;
      /* the section reader takes the object that holds "customers" */
      if (!(wrap = json_object_new_object())) {
        acdr_errs_add(er, ACDR_ERR_NOMEM, "", "out of memory");
        return -1;
      }
      (void)json_object_object_add(wrap, "customers", json_object_get(v));
      acdr_cfg_read_customers(er, wrap, "", &cc);
      json_object_put(wrap);
      ev->cust_max = cc.max;
      ev->cust_expiry_ms = cc.expiry_ms;
      ev->cust_max_bytes = cc.max_bytes;
      ev->cust_history = cc.history;
      return er->count ? -1 : 0;
    }
    case ACDR_EVF_IDX_METRICS:
      memset(&p->metrics, 0, sizeof(p->metrics));
      acdr_cfg_read_metrics(er, o, "", &p->metrics);
      if (!p->metrics.has_metrics)
        acdr_errs_add(er, ACDR_ERR_PARSE, "", "missing required key "
                      "\"metrics\"");
      ev->metrics = &p->metrics.metrics;
      return er->count ? -1 : 0;
    case ACDR_EVF_IDX_MEMBER_DEF:
      if (required(er, o, key, &v)) return -1;
      acdr_member_def_default(&p->member);
      if (acdr_cfg_read_member_def(er, v, "/def", 1, &p->member) != 0)
        return -1;
      ev->member_def = &p->member;
      return 0;
    default: return 0; /* the ids: read before */
  }
}

/* Calls without a time argument happen at the engine's time, which the
 * line recorded: set it first (apply_untimed puts it back if refused). */
static int at_line_time(acdr_engine *e, acdr_tstamp t) {
  if (t < e->now)
    return acdr_err(e, ACDR_ERR_TIME_BACKWARDS,
                    "time went backwards: now=%llu < last=%llu",
                    (unsigned long long)t, (unsigned long long)e->now);
  e->now = t;
  return 0;
}

static int apply_untimed(acdr_engine *e, const acdr_event *ev);

int acdr_event_finish(acdr_engine *e, const acdr_parsed *p, int doit,
                      acdr_tstamp *when) {
  if (doit) return acdr_event_apply(e, p);
  if (p->t < e->now)
    return acdr_err(e, ACDR_ERR_TIME_BACKWARDS,
                    "time went backwards: now=%llu < last=%llu",
                    (unsigned long long)p->t, (unsigned long long)e->now);
  e->errmsg[0] = '\0';
  *when = p->t;
  return 0;
}

/* The public call that made the event. */
int acdr_event_apply(acdr_engine *e, const acdr_parsed *p) {
  const acdr_event *ev = &p->ev;
  acdr_tstamp t = p->t, before;
  int rv;
  switch (ev->kind) {
    case ACDR_EV_LOGIN: return acdr_agent_login(e, ev->agent, t);
    case ACDR_EV_LOGOUT: return acdr_agent_logout(e, ev->agent, t);
    case ACDR_EV_STATUS:
      return acdr_agent_set_status(e, ev->agent, ev->status, ev->reason, t);
    case ACDR_EV_ARRIVE: return acdr_contact_arrive(e, ev->arrival, t);
    case ACDR_EV_ACCEPT:
      return acdr_contact_accept(e, ev->contact, ev->agent, t);
    case ACDR_EV_REJECT:
      return acdr_contact_reject(e, ev->contact, ev->agent, ev->how, t);
    case ACDR_EV_HANGUP: return acdr_contact_hangup(e, ev->contact, t);
    case ACDR_EV_HOLD: return acdr_contact_hold(e, ev->contact, ev->on, t);
    case ACDR_EV_WRAPUP_DONE: return acdr_contact_wrapup_done(e, ev->contact, t);
    case ACDR_EV_TRANSFER:
      return acdr_contact_transfer(e, ev->contact, ev->queue, ev->agent, t);
    case ACDR_EV_CALLBACK:
      return acdr_contact_request_callback(e, ev->contact, t);
    case ACDR_EV_ASSIGN:
      return acdr_contact_assign(e, ev->contact, ev->agent,
                                 (ev->over_capacity ? ACDR_ASSIGN_OVER_CAPACITY
                                                    : 0u) |
                                     (ev->ignore_skills
                                          ? ACDR_ASSIGN_IGNORE_SKILLS
                                          : 0u),
                                 t);
    case ACDR_EV_FIRST_REPLY:
      return acdr_contact_first_reply(e, ev->contact, ev->agent, t);
    case ACDR_EV_PRIORITY:
      return acdr_contact_set_priority(e, ev->contact, ev->priority, t);
    case ACDR_EV_EXPIRY: return acdr_engine_handle_expiry(e, t);
    case ACDR_EV_AGENT_ADD: return acdr_agent_add(e, ev->agent_def);
    case ACDR_EV_AGENT_UPDATE: return acdr_agent_update(e, ev->agent_def);
    case ACDR_EV_AGENT_REMOVE: return acdr_agent_remove(e, ev->agent);
    case ACDR_EV_QUEUE_ADD: return acdr_queue_add(e, ev->queue_def);
    case ACDR_EV_QUEUE_UPDATE: return acdr_queue_update(e, ev->queue_def, t);
    case ACDR_EV_QUEUE_REMOVE:
      return acdr_queue_remove(e, ev->queue, ev->overflow_waiting, t);
    case ACDR_EV_MEMBER_ADD:
      return acdr_queue_member_add(e, ev->queue, ev->agent, ev->penalty,
                                   ev->position, t);
    case ACDR_EV_MEMBER_REMOVE:
      return acdr_queue_member_remove(e, ev->queue, ev->agent, t);
    case ACDR_EV_MEMBER_SET:
      return acdr_queue_member_set(e, ev->queue, ev->agent, ev->member_def,
                                   t);
    case ACDR_EV_RESET_COUNTS: return acdr_agent_reset_counts(e, ev->agent);
    case ACDR_EV_CONFIG:
      if (t < e->now)
        return acdr_err(e, ACDR_ERR_TIME_BACKWARDS, "time went backwards");
      return acdr_cfg_apply_json(e, (json_object *)(uintptr_t)ev->config,
                                 "/config", ev->remove_waiting, t, 1);
    case ACDR_EV_DISPO:
      return acdr_dispo_set(e, ev->contact, ev->primary, ev->tags, ev->ntags,
                            t);
    case ACDR_EV_DISPO_CORRECT:
      return acdr_dispo_correct(e, ev->contact, ev->primary, ev->tags,
                                ev->ntags, t);
    case ACDR_EV_DNC_ADD:
      return acdr_dnc_add(e, ev->key, ev->duration_ms, t);
    case ACDR_EV_CUSTOMER_OWNER:
      return acdr_customer_set_owner(e, ev->key, ev->agent, t);
    case ACDR_EV_CUSTOMER_FORGET:
      return acdr_customer_forget(e, ev->key, t);
    case ACDR_EV_CSAT:
    case ACDR_EV_NPS:
      return acdr_survey_record(e, ev->contact,
                                ev->kind == ACDR_EV_CSAT ? ACDR_SURVEY_CSAT
                                                         : ACDR_SURVEY_NPS,
                                ev->score, t);
    case ACDR_EV_OUTBOUND: {
      /* a refusal of a listed number is logged (it was counted): applied
       * again it is refused again, which is what the line recorded */
      int r = acdr_outbound_request(e, ev->contact, ev->queue, ev->key, t);
      return r == ACDR_ERR_DO_NOT_CONTACT ? 0 : r;
    }
    default: break;
  }
  /* the rest take no time argument: they act at the line's time, and a
   * refused one leaves the clock where it was (a replica must end with
   * the leader's clock) */
  before = e->now;
  if ((rv = at_line_time(e, t)) != 0) return rv;
  rv = apply_untimed(e, ev);
  if (rv < 0 && rv != ACDR_ERR_CALLBACK_FAILURE) e->now = before;
  return rv;
}

static int apply_untimed(acdr_engine *e, const acdr_event *ev) {
  switch (ev->kind) {
    case ACDR_EV_HOURS: return acdr_queue_set_hours(e, ev->queue, ev->hours);
    case ACDR_EV_DNC_REMOVE: return acdr_dnc_remove(e, ev->key);
    case ACDR_EV_CODE_ADD: return acdr_dispo_code_add(e, ev->code);
    case ACDR_EV_CODE_UPDATE: return acdr_dispo_code_update(e, ev->code);
    case ACDR_EV_CODE_REMOVE: return acdr_dispo_code_remove(e, ev->code_id);
    case ACDR_EV_CATALOG_SET:
      return acdr_dispo_catalog_set(e, ev->codes, ev->ncodes);
    case ACDR_EV_CATALOG_RESET: return acdr_dispo_catalog_reset(e);
    case ACDR_EV_RULE_ADD: return acdr_dispo_rule_add(e, ev->rule);
    case ACDR_EV_RULE_REMOVE: return acdr_dispo_rule_remove(e, ev->rule_id);
    case ACDR_EV_DISPO_LIMITS:
      return acdr_dispo_set_limits(e, ev->history, ev->changes);
    case ACDR_EV_DISPO_STATS_RESET: return acdr_dispo_stats_reset(e);
    case ACDR_EV_DNC_CLEAR: return acdr_dnc_clear(e);
    case ACDR_EV_METRICS_OPTIONS:
      return acdr_engine_set_metrics_options(e, ev->metrics);
    case ACDR_EV_CUSTOMER_MEMORY:
      return acdr_customer_memory_set(e, ev->cust_max, ev->cust_expiry_ms,
                                      ev->cust_max_bytes, ev->cust_history);
    default: return -1; /* not reached: every kind is handled above */
  }
}

static acdr_ev_kind find_kind(const char *name) {
  int k;
  for (k = 1; k < ACDR_EV_COUNT; k++)
    if (strcmp(acdr_event_specs[k].name, name) == 0) return (acdr_ev_kind)k;
  return ACDR_EV_NONE;
}

/* The keys a line of `sp` may have, in the order of the vocabulary. */
static size_t known_keys(const acdr_event_spec *sp, const char **known) {
  uint64_t fields = sp->required | sp->optional;
  size_t nk = 0, i;
  int f;
  known[nk++] = "t_ms";
  known[nk++] = "t_ns";
  known[nk++] = "ev";
  for (f = 0; f < ACDR_EVF_COUNT; f++) {
    if (!(fields & (UINT64_C(1) << f))) continue;
    if (f == ACDR_EVF_IDX_ARRIVAL)
      for (i = 0; i < NELEM(arrival_keys); i++) known[nk++] = arrival_keys[i];
    else
      known[nk++] = acdr_event_field_names[f];
  }
  return nk;
}

/* Parse and check a line; apply it when `doit`, else only give its time.
 * Both paths run the same checks, so a line the check passes fails only
 * on what depends on the engine's state. */
static int event_line(acdr_engine *e, const char *line, size_t len, int doit,
                      acdr_tstamp *when) {
  acdr_errs er;
  json_object *o;
  const char *name = NULL;
  const acdr_event_spec *sp;
  const char *known[3 + ACDR_EVF_COUNT + NELEM(arrival_keys)];
  size_t nk;
  int64_t tms = -1, tns = -1;
  uint64_t fields;
  acdr_parsed p;
  int rv, f;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!line) return acdr_err_null(e, "event line");
  /* allowed from callbacks like direct calls */
  if ((rv = acdr_event_line_fast(e, line, len, doit, when)) !=
      ACDR_EVENT_FAST_NO)
    return rv;
  acdr_errs_init(&er, e);
  memset(&p, 0, sizeof(p));
  if (!(o = acdr_json_parse(&er, line, len))) goto bad;
  if (!json_object_is_type(o, json_type_object)) {
    acdr_errs_add(&er, ACDR_ERR_PARSE, "", "an event line is a JSON object");
    goto bad;
  }
  if (acdr_jstr(&er, o, "", "ev", 1, &name)) goto bad;
  if (!(p.ev.kind = find_kind(name))) {
    const char *names[ACDR_EV_COUNT];
    const char *hint;
    for (f = 1; f < ACDR_EV_COUNT; f++) names[f - 1] = acdr_event_specs[f].name;
    hint = acdr_suggest(name, names, ACDR_EV_COUNT - 1);
    acdr_errs_add(&er, ACDR_ERR_PARSE, "/ev", "unknown event \"%s\"%s%s%s",
                  name, hint ? " (did you mean \"" : "", hint ? hint : "",
                  hint ? "\"?)" : "");
    goto bad;
  }
  sp = &acdr_event_specs[p.ev.kind];
  fields = sp->required | sp->optional;
  nk = known_keys(sp, known);
  (void)acdr_jobject(&er, o, "", known, nk);
  (void)acdr_jint(&er, o, "", "t_ms", 0, 0,
                  ACDR_EVENT_TMS_MAX, &tms);
  (void)acdr_jint(&er, o, "", "t_ns", 0, 0, ACDR_EVENT_TNS_MAX, &tns);
  if ((tms < 0) == (tns < 0) && !er.count)
    acdr_errs_add(&er, ACDR_ERR_PARSE, "",
                  "exactly one of \"t_ms\" and \"t_ns\" is required");
  p.t = tms >= 0 ? (acdr_tstamp)tms * ACDR_MILLISECONDS : (acdr_tstamp)tns;
  /* the ids first: required where the vocabulary says so */
  for (f = ACDR_EVF_IDX_CONTACT; f <= ACDR_EVF_IDX_AGENT; f++) {
    const char **slot = f == ACDR_EVF_IDX_CONTACT ? &p.ev.contact
                        : f == ACDR_EVF_IDX_QUEUE ? &p.ev.queue
                                                  : &p.ev.agent;
    if (fields & (UINT64_C(1) << f))
      (void)acdr_jstr(&er, o, "", acdr_event_field_names[f],
                      (sp->required >> f) & 1, slot);
  }
  if (er.count) goto bad;
  for (f = ACDR_EVF_IDX_AGENT + 1; f < ACDR_EVF_COUNT; f++)
    if ((fields & (UINT64_C(1) << f)) &&
        read_field(e, &er, o, f, (int)((sp->required >> f) & 1), &p) != 0)
      goto bad;
  if (er.count) goto bad;
  rv = acdr_event_finish(e, &p, doit, when);
  parsed_free(e, &p);
  acdr_errs_free(&er);
  json_object_put(o);
  return rv;
bad:
  if (!er.count)
    acdr_errs_add(&er, ACDR_ERR_PARSE, "", "malformed event line");
  rv = acdr_errs_finish(&er);
  parsed_free(e, &p);
  if (o) json_object_put(o);
  /* the message keeps its pointer; the code says "bad line" */
  return rv == ACDR_ERR_NOMEM ? rv : ACDR_ERR_PARSE;
}

int acdr_engine_apply_event_json(acdr_engine *e, const char *line,
                                 size_t len) {
  return event_line(e, line, len, 1, NULL);
}

int acdr_engine_check_event_json(acdr_engine *e, const char *line,
                                 size_t len, acdr_tstamp *when) {
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!when) return acdr_err_null(e, "check event line: when");
  return event_line(e, line, len, 0, when);
}
