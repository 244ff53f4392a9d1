/* acdr_engine_apply_event_json: one event line -> one acdr_event (the
 * vocabulary of core/event.h decides which keys a line may and must have)
 * -> the public call that made it (docs/events.md). */
#include <string.h>

#include <acdroute/config.h>
#include <acdroute/disposition.h>
#include <acdroute/metrics.h>
#include <acdroute/policy.h>

#include "config/config_int.h"
#include "core/event.h"
#include "core/internal.h"
#include "json/jscan.h"
#include "util/suggest.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
/* A primary code and up to 64 tags. */
#define MAX_CODES 65

/* The keys of a contact definition on an "arrive" line. */
static const char *const arrival_keys[] = {
    "channel", "priority", "attrs",           "skills",
    "customer", "reason",  "preferred_agent", "preferred_hold_ms"};

/* An event line read: the event and the storage its pointers use. */
typedef struct parsed {
  acdr_event ev;
  acdr_tstamp t;
  acdr_contact_def arrival;
  acdr_kv *attrs;
  acdr_skill *skills;
  acdr_cfg_agent agent;
  int has_agent;
  acdr_cfg_queue queue;
  int has_queue;
  const char *codes[MAX_CODES];
  acdr_cfg_hours hours;
  int has_hours;
  acdr_dispo_code code;
  acdr_dispo_code *catalog;
  size_t ncatalog;
  acdr_dispo_rule rule;
  acdr_cfg metrics;
} parsed;

static void parsed_free(acdr_engine *e, parsed *p) {
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

static int read_arrival(acdr_errs *er, json_object *o, parsed *p) {
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
static int read_codes(acdr_errs *er, json_object *a, parsed *p) {
  size_t n, i;
  if (!json_object_is_type(a, json_type_array) ||
      (n = json_object_array_length(a)) == 0 || n > MAX_CODES) {
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
                        parsed *p) {
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
                      int req, parsed *p) {
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
      return read_enum(er, o, key, 0, acdr_reject_names, 3,
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
    case ACDR_EVF_IDX_METRICS:
      memset(&p->metrics, 0, sizeof(p->metrics));
      acdr_cfg_read_metrics(er, o, "", &p->metrics);
      if (!p->metrics.has_metrics)
        acdr_errs_add(er, ACDR_ERR_PARSE, "", "missing required key "
                      "\"metrics\"");
      ev->metrics = &p->metrics.metrics;
      return er->count ? -1 : 0;
    default: return 0; /* the ids: read before */
  }
}

/* Calls without a time argument happen at the engine's time, which the
 * line recorded: set it first. */
static int at_line_time(acdr_engine *e, acdr_tstamp t) {
  if (t < e->now)
    return acdr_err(e, ACDR_ERR_TIME_BACKWARDS, "time went backwards");
  e->now = t;
  return 0;
}

/* The public call that made the event. */
static int apply(acdr_engine *e, const parsed *p) {
  const acdr_event *ev = &p->ev;
  acdr_tstamp t = p->t;
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
    default: break;
  }
  /* the rest take no time argument: they act at the line's time */
  if ((rv = at_line_time(e, t)) != 0) return rv;
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
  uint32_t fields = sp->required | sp->optional;
  size_t nk = 0, i;
  int f;
  known[nk++] = "t_ms";
  known[nk++] = "t_ns";
  known[nk++] = "ev";
  for (f = 0; f < ACDR_EVF_COUNT; f++) {
    if (!(fields & (UINT32_C(1) << f))) continue;
    if (f == ACDR_EVF_IDX_ARRIVAL)
      for (i = 0; i < NELEM(arrival_keys); i++) known[nk++] = arrival_keys[i];
    else
      known[nk++] = acdr_event_field_names[f];
  }
  return nk;
}

/* ---- the fast path: a line read straight into the event ----
 *
 * A replica applies the leader's log line by line, so a line must cost
 * about what the call it replays costs.  The lines the log is mostly made
 * of (ids, strings, integers, booleans, an arrival's attrs and skills, a
 * disposition's codes) are read here with the strict lexer of
 * json/jscan.h into the same `parsed` as the general path, with no json-c
 * tree.  Anything else (a definition, a configuration, an unknown or
 * duplicate key, a wrong type, a value out of range, a malformed line)
 * goes to the general path, which gives the answer and the error message:
 * both paths accept exactly the same lines with the same meaning. */

/* Fields read by the general path only (nested documents). */
#define SLOW_FIELDS                                                        \
  (ACDR_EVF(AGENT_DEF) | ACDR_EVF(QUEUE_DEF) | ACDR_EVF(CONFIG) |          \
   ACDR_EVF(REMOVE_WAITING) | ACDR_EVF(HOURS) | ACDR_EVF(CODE_DEF) |       \
   ACDR_EVF(CATALOG) | ACDR_EVF(RULE_DEF) | ACDR_EVF(METRICS))
/* Attributes and skills the fast path holds (more: the general path). */
#define FAST_MAX 64

/* The keys the fast path knows: a field, or one of these. */
enum {
  K_TMS = ACDR_EVF_COUNT, K_TNS, K_EV, K_CHANNEL, K_PRIORITY, K_ATTRS,
  K_SKILLS, K_CUSTOMER, K_PREFERRED_AGENT, K_HOLD, K_COUNT
};

static const struct {
  const char *name;
  uint8_t len;
  uint8_t id;
} fast_keys[] = {
#define FK(S, ID) {S, sizeof(S) - 1, ID}
    /* the most frequent first */
    FK("t_ms", K_TMS), FK("ev", K_EV), FK("contact", ACDR_EVF_IDX_CONTACT),
    FK("agent", ACDR_EVF_IDX_AGENT), FK("queue", ACDR_EVF_IDX_QUEUE),
    FK("t_ns", K_TNS), FK("status", ACDR_EVF_IDX_STATUS),
    FK("reason", ACDR_EVF_IDX_REASON), FK("how", ACDR_EVF_IDX_HOW),
    FK("on", ACDR_EVF_IDX_ON), FK("codes", ACDR_EVF_IDX_CODES),
    FK("channel", K_CHANNEL), FK("priority", K_PRIORITY),
    FK("attrs", K_ATTRS), FK("skills", K_SKILLS),
    FK("customer", K_CUSTOMER), FK("preferred_agent", K_PREFERRED_AGENT),
    FK("preferred_hold_ms", K_HOLD),
    FK("overflow_waiting", ACDR_EVF_IDX_OVERFLOW_WAITING),
    FK("penalty", ACDR_EVF_IDX_PENALTY), FK("position", ACDR_EVF_IDX_POSITION),
    FK("key", ACDR_EVF_IDX_KEY), FK("duration_ms", ACDR_EVF_IDX_DURATION),
    FK("code", ACDR_EVF_IDX_CODE_ID), FK("rule", ACDR_EVF_IDX_RULE_ID),
    FK("history", ACDR_EVF_IDX_HISTORY), FK("changes", ACDR_EVF_IDX_CHANGES),
#undef FK
};

enum { V_STR = 1, V_INT, V_BOOL, V_NEST };

/* One value of the line (strings decoded in place, NUL-terminated). */
typedef struct fval {
  uint8_t type;
  const char *s;
  int64_t i;
} fval;

typedef struct fast {
  fval v[K_COUNT];
  uint64_t seen;                  /* bit per key id */
  acdr_kv attrs[FAST_MAX];
  size_t nattrs;
  acdr_skill skills[FAST_MAX];
  size_t nskills;
  size_t ncodes;
} fast;

static inline int same(const char *a, const char *b, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

static inline int fast_key_id(const char *k, size_t n) {
  size_t i;
  for (i = 0; i < NELEM(fast_keys); i++)
    if (fast_keys[i].len == n && fast_keys[i].name[0] == k[0] &&
        same(fast_keys[i].name, k, n))
      return fast_keys[i].id;
  return -1;
}

/* A string at lx->i, decoded in place and NUL-terminated.  The line's
 * copy ends in a NUL, which stops the scan of plain bytes; a string with
 * escapes or non-ASCII bytes goes through the full lexer. */
static inline int fast_str(acdr_jlex *lx, const char **out, size_t *len) {
  char *s = (char *)(uintptr_t)lx->s, *dst;
  size_t i = lx->i, st;
  if (s[i] != '"') return -1;
  st = ++i;
  while (acdr_json_str_class[(unsigned char)s[i]] == 1) i++;
  dst = s + st;
  if (s[i] == '"') {
    *len = i - st;
  } else if (i >= lx->n || acdr_jlex_string(lx, dst, len)) {
    return -1;
  } else {
    i = lx->i - 1; /* the closing quote */
  }
  /* the decoded text ends at or before the closing quote, already read */
  dst[*len] = '\0';
  lx->i = i + 1;
  *out = dst;
  return 0;
}

/* ':' then whitespace. */
static inline int fast_colon(acdr_jlex *lx) {
  acdr_jlex_ws(lx);
  if (lx->i >= lx->n || lx->s[lx->i] != ':') return -1;
  lx->i++;
  acdr_jlex_ws(lx);
  return lx->i < lx->n ? 0 : -1;
}

/* After a member: 1 at '}' (consumed), 0 at ',' (consumed), -1 else. */
static inline int fast_next(acdr_jlex *lx, char close) {
  acdr_jlex_ws(lx);
  if (lx->i >= lx->n) return -1;
  if (lx->s[lx->i] == close) {
    lx->i++;
    return 1;
  }
  if (lx->s[lx->i] != ',') return -1;
  lx->i++;
  acdr_jlex_ws(lx);
  return 0;
}

static inline int is_dig(char c) { return c >= '0' && c <= '9'; }

static inline int fast_int(acdr_jlex *lx, int64_t *v) {
  const char *s = lx->s;
  size_t i = lx->i, st = i;
  int is_int;
  double d;
  int64_t x = 0;
  /* up to 18 digits cannot overflow: the common case, inline */
  if (s[i] > '0' && s[i] <= '9') {
    while (is_dig(s[i]) && i - st < 18) x = x * 10 + (s[i++] - '0');
    if (!is_dig(s[i]) && s[i] != '.' && s[i] != 'e' && s[i] != 'E') {
      lx->i = i;
      *v = x;
      return 0;
    }
  }
  if (s[st] != '-' && !is_dig(s[st])) return -1;
  if (acdr_jlex_number(lx, &is_int, v, &d) || !is_int) return -1;
  return 0;
}

/* "attrs": {"key": "value", ...} */
static int fast_attrs(acdr_jlex *lx, fast *f) {
  size_t i, n;
  int r;
  if (lx->s[lx->i] != '{') return -1;
  lx->i++;
  acdr_jlex_ws(lx);
  if (lx->i < lx->n && lx->s[lx->i] == '}') {
    lx->i++;
    return 0;
  }
  do {
    acdr_kv *kv;
    if (f->nattrs == FAST_MAX) return -1;
    kv = &f->attrs[f->nattrs];
    if (fast_str(lx, &kv->key, &n) || fast_colon(lx) ||
        fast_str(lx, &kv->value, &n))
      return -1;
    for (i = 0; i < f->nattrs; i++) /* duplicates: the general path says */
      if (strcmp(f->attrs[i].key, kv->key) == 0) return -1;
    f->nattrs++;
  } while ((r = fast_next(lx, '}')) == 0);
  return r > 0 ? 0 : -1;
}

/* "skills": {"name": level 0..100, ...} */
static int fast_skills(acdr_engine *e, acdr_jlex *lx, fast *f) {
  size_t i, n;
  int64_t lvl;
  int r;
  if (lx->s[lx->i] != '{') return -1;
  lx->i++;
  acdr_jlex_ws(lx);
  if (lx->i < lx->n && lx->s[lx->i] == '}') {
    lx->i++;
    return 0;
  }
  do {
    acdr_skill *sk;
    if (f->nskills == FAST_MAX || f->nskills == e->opt.max_skills) return -1;
    sk = &f->skills[f->nskills];
    if (fast_str(lx, &sk->name, &n) || !n || n > e->opt.max_id_len ||
        fast_colon(lx) || fast_int(lx, &lvl) || lvl < 0 || lvl > 100)
      return -1;
    for (i = 0; i < f->nskills; i++)
      if (strcmp(f->skills[i].name, sk->name) == 0) return -1;
    sk->level = (int32_t)lvl;
    f->nskills++;
  } while ((r = fast_next(lx, '}')) == 0);
  return r > 0 ? 0 : -1;
}

/* "codes": ["primary", "tag", ...] (1 to MAX_CODES) */
static int fast_codes(acdr_jlex *lx, fast *f, parsed *p) {
  size_t n;
  int r;
  if (lx->s[lx->i] != '[') return -1;
  lx->i++;
  acdr_jlex_ws(lx);
  do {
    if (f->ncodes == MAX_CODES ||
        fast_str(lx, &p->codes[f->ncodes], &n))
      return -1;
    f->ncodes++;
  } while ((r = fast_next(lx, ']')) == 0);
  return r > 0 ? 0 : -1;
}

/* Scan the line's members into f.  0, or -1: take the general path. */
static int fast_scan(acdr_engine *e, acdr_jlex *lx, fast *f, parsed *p) {
  int r;
  acdr_jlex_ws(lx);
  if (lx->i >= lx->n || lx->s[lx->i] != '{') return -1;
  lx->i++;
  acdr_jlex_ws(lx);
  do {
    const char *k;
    size_t n;
    int id, w;
    fval *v;
    if (fast_str(lx, &k, &n) || (id = fast_key_id(k, n)) < 0 ||
        (f->seen >> id) & 1 || fast_colon(lx))
      return -1;
    f->seen |= UINT64_C(1) << id;
    v = &f->v[id];
    switch (lx->s[lx->i]) {
      case '"':
        v->type = V_STR;
        if (fast_str(lx, &v->s, &n)) return -1;
        break;
      case 't':
      case 'f':
        v->type = V_BOOL;
        if (acdr_jlex_literal(lx, &w) || w < 0) return -1;
        v->i = w;
        break;
      case '{':
      case '[':
        v->type = V_NEST;
        if (id == K_ATTRS) r = fast_attrs(lx, f);
        else if (id == K_SKILLS) r = fast_skills(e, lx, f);
        else if (id == ACDR_EVF_IDX_CODES) r = fast_codes(lx, f, p);
        else r = -1;
        if (r) return -1;
        break;
      default:
        v->type = V_INT;
        if (fast_int(lx, &v->i)) return -1;
    }
  } while ((r = fast_next(lx, '}')) == 0);
  if (r < 0) return -1;
  acdr_jlex_ws(lx);
  return lx->i == lx->n ? 0 : -1;
}

/* The string of key id: 0 (absent: *out unchanged) or -1 (not a string,
 * or required and absent or empty). */
static inline int fast_get_str(const fast *f, int id, int req, const char **out) {
  const fval *v = &f->v[id];
  if (!((f->seen >> id) & 1)) return req ? -1 : 0;
  if (v->type != V_STR || (req && !*v->s)) return -1;
  *out = v->s;
  return 0;
}

static inline int fast_get_int(const fast *f, int id, int req, int64_t lo,
                        int64_t hi, int64_t *out) {
  const fval *v = &f->v[id];
  if (!((f->seen >> id) & 1)) return req ? -1 : 0;
  if (v->type != V_INT || v->i < lo || v->i > hi) return -1;
  *out = v->i;
  return 0;
}

static int fast_enum(const fast *f, int id, int req,
                     const char *const *names, int n, int32_t *out) {
  const char *s = NULL;
  int i;
  if (fast_get_str(f, id, req, &s)) return -1;
  if (!s) return 0;
  for (i = 0; i < n; i++)
    if (!strcmp(s, names[i])) {
      *out = i;
      return 0;
    }
  return -1;
}

/* find_kind, comparing lengths first (one line, one lookup). */
static acdr_ev_kind fast_kind(const char *name) {
  static const uint8_t lens[ACDR_EV_COUNT] = {
      0,
#define ACDR_X_(K, N, R, O) sizeof(N) - 1,
      ACDR_EVENTS(ACDR_X_)
#undef ACDR_X_
  };
  size_t n = strlen(name);
  int k;
  for (k = 1; k < ACDR_EV_COUNT; k++)
    if (lens[k] == n && acdr_event_specs[k].name[0] == name[0] &&
        same(acdr_event_specs[k].name, name, n))
      return (acdr_ev_kind)k;
  return ACDR_EV_NONE;
}

/* Fill p from f as the general path would: 0, or -1 (general path). */
static int fast_fill(fast *f, parsed *p) {
  static const char *const status_names[] = {"available", "away"};
  const acdr_event_spec *sp;
  const char *name = NULL;
  acdr_event *ev = &p->ev;
  uint32_t fields, req;
  uint64_t allowed;
  int64_t tms = -1, tns = -1;
  int k;
  if (fast_get_str(f, K_EV, 1, &name) || !(ev->kind = fast_kind(name)))
    return -1;
  sp = &acdr_event_specs[ev->kind];
  fields = sp->required | sp->optional;
  req = sp->required;
  if (fields & SLOW_FIELDS) return -1;
  allowed = fields | (UINT64_C(1) << K_TMS) | (UINT64_C(1) << K_TNS) |
            (UINT64_C(1) << K_EV);
  if (fields & ACDR_EVF(ARRIVAL))
    for (k = K_CHANNEL; k < K_COUNT; k++) allowed |= UINT64_C(1) << k;
  /* "reason": the status's or the arrival's, by kind */
  if (fields & ACDR_EVF(ARRIVAL)) allowed |= ACDR_EVF(REASON);
  if (f->seen & ~allowed) return -1;
  if (fast_get_int(f, K_TMS, 0, 0,
                   (int64_t)(UINT64_MAX / ACDR_MILLISECONDS / 2), &tms) ||
      fast_get_int(f, K_TNS, 0, 0, INT64_MAX - 1, &tns) ||
      (tms < 0) == (tns < 0))
    return -1;
  p->t = tms >= 0 ? (acdr_tstamp)tms * ACDR_MILLISECONDS : (acdr_tstamp)tns;
#define REQ(F) ((int)((req >> ACDR_EVF_IDX_##F) & 1))
#define HAS(F) (fields & ACDR_EVF(F))
  if ((HAS(CONTACT) && fast_get_str(f, ACDR_EVF_IDX_CONTACT, REQ(CONTACT),
                                    &ev->contact)) ||
      (HAS(QUEUE) &&
       fast_get_str(f, ACDR_EVF_IDX_QUEUE, REQ(QUEUE), &ev->queue)) ||
      (HAS(AGENT) &&
       fast_get_str(f, ACDR_EVF_IDX_AGENT, REQ(AGENT), &ev->agent)))
    return -1;
  if (HAS(STATUS)) {
    int32_t st = 0;
    if (fast_enum(f, ACDR_EVF_IDX_STATUS, 1, status_names, 2, &st))
      return -1;
    ev->status = st ? ACDR_AGENT_AWAY : ACDR_AGENT_AVAILABLE;
  }
  if (HAS(REASON) && fast_get_str(f, ACDR_EVF_IDX_REASON, 0, &ev->reason))
    return -1;
  if (HAS(ARRIVAL)) {
    acdr_contact_def *d = &p->arrival;
    const char *ch = NULL;
    int64_t prio = 0, hold = -1;
    acdr_contact_def_default(d);
    d->id = ev->contact;
    d->queue = ev->queue;
    if (fast_get_str(f, K_CHANNEL, 0, &ch)) return -1;
    if (ch && (d->channel = acdr_channel_parse(ch)) < 0) return -1;
    if (fast_get_int(f, K_PRIORITY, 0, INT32_MIN, INT32_MAX, &prio) ||
        fast_get_int(f, K_HOLD, 0, -1, INT32_MAX, &hold) ||
        fast_get_str(f, K_CUSTOMER, 0, &d->customer_id) ||
        fast_get_str(f, ACDR_EVF_IDX_REASON, 0, &d->reason) ||
        fast_get_str(f, K_PREFERRED_AGENT, 0, &d->preferred_agent))
      return -1;
    if (((f->seen >> K_ATTRS) & 1 && f->v[K_ATTRS].type != V_NEST) ||
        ((f->seen >> K_SKILLS) & 1 && f->v[K_SKILLS].type != V_NEST))
      return -1;
    d->priority = (int32_t)prio;
    d->preferred_hold_ms = hold;
    d->attrs = f->nattrs ? f->attrs : NULL;
    d->nattrs = f->nattrs;
    d->skills = f->nskills ? f->skills : NULL;
    d->nskills = f->nskills;
    ev->reason = NULL;
    ev->arrival = d;
  }
  if (HAS(HOW)) {
    ev->how = ACDR_REJECT_DECLINED;
    if (fast_enum(f, ACDR_EVF_IDX_HOW, 0, acdr_reject_names, 3, &ev->how))
      return -1;
  }
  if (HAS(ON) || HAS(OVERFLOW_WAITING)) {
    int id = HAS(ON) ? ACDR_EVF_IDX_ON : ACDR_EVF_IDX_OVERFLOW_WAITING;
    int b = 0;
    if ((f->seen >> id) & 1) {
      if (f->v[id].type != V_BOOL) return -1;
      b = (int)f->v[id].i;
    } else if ((req >> id) & 1) {
      return -1;
    }
    if (HAS(ON))
      ev->on = b;
    else
      ev->overflow_waiting = b;
  }
  if (HAS(PENALTY) || HAS(POSITION)) {
    int64_t pen = 0, pos = 0;
    if (fast_get_int(f, ACDR_EVF_IDX_PENALTY, REQ(PENALTY), INT32_MIN,
                     INT32_MAX, &pen) ||
        fast_get_int(f, ACDR_EVF_IDX_POSITION, REQ(POSITION), INT32_MIN,
                     INT32_MAX, &pos))
      return -1;
    ev->penalty = (int32_t)pen;
    ev->position = (int32_t)pos;
  }
  if (HAS(CODES)) {
    if (!((f->seen >> ACDR_EVF_IDX_CODES) & 1) ||
        f->v[ACDR_EVF_IDX_CODES].type != V_NEST || !f->ncodes)
      return -1;
    ev->primary = p->codes[0];
    ev->tags = p->codes + 1;
    ev->ntags = f->ncodes - 1;
  }
  if ((HAS(KEY) && fast_get_str(f, ACDR_EVF_IDX_KEY, 1, &ev->key)) ||
      (HAS(DURATION) && fast_get_int(f, ACDR_EVF_IDX_DURATION, REQ(DURATION),
                                     0, INT64_MAX, &ev->duration_ms)) ||
      (HAS(CODE_ID) &&
       fast_get_str(f, ACDR_EVF_IDX_CODE_ID, 1, &ev->code_id)) ||
      (HAS(RULE_ID) &&
       fast_get_str(f, ACDR_EVF_IDX_RULE_ID, 1, &ev->rule_id)))
    return -1;
  if (HAS(HISTORY) || HAS(CHANGES)) {
    int64_t h = 0, c = 0;
    if (fast_get_int(f, ACDR_EVF_IDX_HISTORY, 1, 0, UINT32_MAX, &h) ||
        fast_get_int(f, ACDR_EVF_IDX_CHANGES, 1, 0, UINT32_MAX, &c))
      return -1;
    ev->history = (uint32_t)h;
    ev->changes = (uint32_t)c;
  }
#undef REQ
#undef HAS
  return 0;
}

/* Apply a line by the fast path: the call's result, or FAST_NO (the
 * general path decides). */
#define FAST_NO 1
static int fast_apply(acdr_engine *e, const char *line, size_t len) {
  char stackbuf[512], *buf = stackbuf;
  acdr_jlex lx;
  fast f;
  parsed p;
  int rv = FAST_NO;
  if (len >= sizeof(stackbuf) &&
      !(buf = acdr_mem_malloc(&e->mem, len + 1)))
    return FAST_NO; /* the general path reports the lack of memory */
  memcpy(buf, line, len);
  buf[len] = '\0';
  lx.s = buf;
  lx.n = len;
  lx.i = 0;
  lx.what = NULL;
  f.seen = 0;
  f.nattrs = f.nskills = f.ncodes = 0;
  /* apply() reads p.ev and p.t only; the rest is set before it is
   * pointed to (the whole struct is kilobytes) */
  memset(&p.ev, 0, sizeof(p.ev));
  if (fast_scan(e, &lx, &f, &p) == 0 && fast_fill(&f, &p) == 0)
    rv = apply(e, &p);
  if (buf != stackbuf) acdr_mem_free(&e->mem, buf);
  return rv;
}

int acdr_engine_apply_event_json(acdr_engine *e, const char *line,
                                 size_t len) {
  acdr_errs er;
  json_object *o;
  const char *name = NULL;
  const acdr_event_spec *sp;
  const char *known[3 + ACDR_EVF_COUNT + NELEM(arrival_keys)];
  size_t nk;
  int64_t tms = -1, tns = -1;
  uint32_t fields;
  parsed p;
  int rv, f;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!line) return acdr_err_null(e, "event line");
  /* allowed from callbacks like direct calls */
  if ((rv = fast_apply(e, line, len)) != FAST_NO) return rv;
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
                  (int64_t)(UINT64_MAX / ACDR_MILLISECONDS / 2), &tms);
  /* INT64_MAX - 1: json-c clamps larger numbers to INT64_MAX */
  (void)acdr_jint(&er, o, "", "t_ns", 0, 0, INT64_MAX - 1, &tns);
  if ((tms < 0) == (tns < 0) && !er.count)
    acdr_errs_add(&er, ACDR_ERR_PARSE, "",
                  "exactly one of \"t_ms\" and \"t_ns\" is required");
  p.t = tms >= 0 ? (acdr_tstamp)tms * ACDR_MILLISECONDS : (acdr_tstamp)tns;
  /* the ids first: required where the vocabulary says so */
  for (f = ACDR_EVF_IDX_CONTACT; f <= ACDR_EVF_IDX_AGENT; f++) {
    const char **slot = f == ACDR_EVF_IDX_CONTACT ? &p.ev.contact
                        : f == ACDR_EVF_IDX_QUEUE ? &p.ev.queue
                                                  : &p.ev.agent;
    if (fields & (UINT32_C(1) << f))
      (void)acdr_jstr(&er, o, "", acdr_event_field_names[f],
                      (sp->required >> f) & 1, slot);
  }
  if (er.count) goto bad;
  for (f = ACDR_EVF_IDX_AGENT + 1; f < ACDR_EVF_COUNT; f++)
    if ((fields & (UINT32_C(1) << f)) &&
        read_field(e, &er, o, f, (int)((sp->required >> f) & 1), &p) != 0)
      goto bad;
  if (er.count) goto bad;
  rv = apply(e, &p);
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
