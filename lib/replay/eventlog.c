/* SPDX-License-Identifier: MIT */
/* The event log: with acdr_options.record_events, one JSON line per
 * successful state-changing call (docs/events.md), in the order applied.
 * It is a module of the engine whose `event` hook serialises each
 * acdr_event; which keys a line has, and in which order, comes from the
 * event vocabulary (core/event.h). */
#include <string.h>

#include <acdroute/config.h>

#include "config/config_int.h"
#include "core/event.h"
#include "core/hooks.h"
#include "replay/replay_int.h"

/* Every key after "t_ms" is written with its separator in one copy: the
 * log costs the leader a few hundred instructions per line, not a
 * formatter call per byte.  KEY() takes a literal (its length is a
 * constant, so the copy is inlined); field keys come from this table. */
#define KEY(W, K) key_raw((W), ", \"" K "\": ", sizeof(", \"" K "\": ") - 1)
static const struct {
  const char *s;
  size_t n;
} field_keys[ACDR_EVF_COUNT] = {
#define ACDR_F_(N, K) {", \"" K "\": ", sizeof(", \"" K "\": ") - 1},
    ACDR_EVENT_FIELDS(ACDR_F_)
#undef ACDR_F_
};

/* `, "ev": "<name>"` of each kind, made from the vocabulary. */
static const struct {
  const char *s;
  size_t n;
} ev_heads[ACDR_EV_COUNT] = {
    {"", 0},
#define ACDR_X_(K, N, R, O) \
  {", \"ev\": \"" N "\"", sizeof(", \"ev\": \"" N "\"") - 1},
    ACDR_EVENTS(ACDR_X_)
#undef ACDR_X_
};

static inline void key_raw(acdr_jw *w, const char *s, size_t n) {
  acdr_jw_raw(w, s, n);
  w->after_key = 1; /* the value writes no separator */
}
#define kstr(W, K, V) (KEY(W, K), acdr_jw_str((W), (V)))
#define ki64(W, K, V) (KEY(W, K), acdr_jw_i64((W), (V)))

static void fkey(acdr_jw *w, int f) {
  key_raw(w, field_keys[f].s, field_keys[f].n);
}
static void fstr(acdr_jw *w, int f, const char *v) {
  fkey(w, f);
  acdr_jw_str(w, v);
}
static void fi64(acdr_jw *w, int f, int64_t v) {
  fkey(w, f);
  acdr_jw_i64(w, v);
}
static void fbool(acdr_jw *w, int f, int v) {
  fkey(w, f);
  acdr_jw_bool(w, v);
}

static void write_arrive(acdr_jw *w, const acdr_contact_def *d) {
  size_t i;
  if (d->channel >= 0 && acdr_channel_name(d->channel))
    kstr(w, "channel", acdr_channel_name(d->channel));
  if (d->priority) ki64(w, "priority", d->priority);
  if (d->nattrs) {
    KEY(w, "attrs");
    acdr_jw_obj(w);
    for (i = 0; i < d->nattrs; i++)
      acdr_jw_kstr(w, d->attrs[i].key, d->attrs[i].value);
    acdr_jw_obj_end(w);
  }
  if (d->nskills) {
    KEY(w, "skills");
    acdr_jw_obj(w);
    for (i = 0; i < d->nskills; i++)
      acdr_jw_ki64(w, d->skills[i].name, d->skills[i].level);
    acdr_jw_obj_end(w);
  }
  if (d->customer_id && *d->customer_id)
    kstr(w, "customer", d->customer_id);
  if (d->reason && *d->reason) kstr(w, "reason", d->reason);
  if (d->preferred_agent && *d->preferred_agent)
    kstr(w, "preferred_agent", d->preferred_agent);
  if (d->preferred_hold_ms != -1)
    ki64(w, "preferred_hold_ms", d->preferred_hold_ms);
  if (d->original_arrival)
    ki64(w, "original_arrival_ns", (int64_t)d->original_arrival);
  if (d->head_start_ms) ki64(w, "head_start_ms", d->head_start_ms);
  if (d->min_penalty >= 0) ki64(w, "min_penalty", d->min_penalty);
  if (d->max_penalty >= 0) ki64(w, "max_penalty", d->max_penalty);
  /* since V2: queue rules ("" = none, kept: it is not the default) */
  if (d->rule) kstr(w, "rule", d->rule);
  if (d->raise_penalty >= 0) ki64(w, "raise_penalty", d->raise_penalty);
}

static void write_codes(acdr_jw *w, const char *primary,
                        const char *const *tags, size_t ntags) {
  size_t i;
  KEY(w, "codes");
  acdr_jw_arr(w);
  acdr_jw_str(w, primary);
  for (i = 0; i < ntags; i++) acdr_jw_str(w, tags[i]);
  acdr_jw_arr_end(w);
}

/* One field of an event, as its key(s) and value. */
static void write_field(acdr_jw *w, acdr_engine *e, int f,
                        const acdr_event *ev) {
  size_t i;
  switch (f) {
    case ACDR_EVF_IDX_CONTACT:
      if (ev->contact) fstr(w, f, ev->contact);
      break;
    case ACDR_EVF_IDX_QUEUE:
      if (ev->queue) fstr(w, f, ev->queue);
      break;
    case ACDR_EVF_IDX_AGENT:
      if (ev->agent) fstr(w, f, ev->agent);
      break;
    case ACDR_EVF_IDX_STATUS:
      fstr(w, f, ev->status == ACDR_AGENT_AWAY ? "away" : "available");
      break;
    case ACDR_EVF_IDX_REASON:
      if (ev->reason) fstr(w, f, ev->reason);
      break;
    case ACDR_EVF_IDX_ARRIVAL: write_arrive(w, ev->arrival); break;
    case ACDR_EVF_IDX_HOW:
      fstr(w, f,
           ev->how >= 0 && ev->how < ACDR_REJECT_NAMES ? acdr_reject_names[ev->how]
                                       : "declined");
      break;
    case ACDR_EVF_IDX_ON: fbool(w, f, ev->on != 0); break;
    case ACDR_EVF_IDX_AGENT_DEF:
      fkey(w, f);
      acdr_cfg_write_agent_def(w, ev->agent_def);
      break;
    case ACDR_EVF_IDX_QUEUE_DEF:
      fkey(w, f);
      acdr_cfg_write_queue(w, ev->queue_def, NULL);
      break;
    case ACDR_EVF_IDX_OVERFLOW_WAITING:
      fbool(w, f, ev->overflow_waiting != 0);
      break;
    case ACDR_EVF_IDX_PENALTY: fi64(w, f, ev->penalty); break;
    case ACDR_EVF_IDX_POSITION: fi64(w, f, ev->position); break;
    case ACDR_EVF_IDX_PRIORITY: fi64(w, f, ev->priority); break;
    case ACDR_EVF_IDX_OVER_CAPACITY:
      if (ev->over_capacity) fbool(w, f, 1);
      break;
    case ACDR_EVF_IDX_IGNORE_SKILLS:
      if (ev->ignore_skills) fbool(w, f, 1);
      break;
    case ACDR_EVF_IDX_SCORE: fi64(w, f, ev->score); break;
    case ACDR_EVF_IDX_CONFIG:
      /* the engine's configuration after the call */
      fkey(w, f);
      acdr_cfg_write_engine(w, e);
      break;
    case ACDR_EVF_IDX_REMOVE_WAITING:
      fstr(w, f,
           ev->remove_waiting == ACDR_RELOAD_OVERFLOW ? "overflow"
                                                      : "refuse");
      break;
    case ACDR_EVF_IDX_CODES:
      write_codes(w, ev->primary, ev->tags, ev->ntags);
      break;
    case ACDR_EVF_IDX_HOURS:
      fkey(w, f);
      acdr_cfg_write_hours(w, ev->hours);
      break;
    case ACDR_EVF_IDX_KEY: fstr(w, f, ev->key); break;
    case ACDR_EVF_IDX_DURATION: fi64(w, f, ev->duration_ms); break;
    case ACDR_EVF_IDX_CODE_DEF:
      fkey(w, f);
      acdr_cfg_write_code(w, ev->code);
      break;
    case ACDR_EVF_IDX_CODE_ID: fstr(w, f, ev->code_id); break;
    case ACDR_EVF_IDX_CATALOG:
      fkey(w, f);
      acdr_jw_arr(w);
      for (i = 0; i < ev->ncodes; i++) acdr_cfg_write_code(w, &ev->codes[i]);
      acdr_jw_arr_end(w);
      break;
    case ACDR_EVF_IDX_RULE_DEF:
      fkey(w, f);
      acdr_cfg_write_rule(w, ev->rule);
      break;
    case ACDR_EVF_IDX_RULE_ID: fstr(w, f, ev->rule_id); break;
    case ACDR_EVF_IDX_HISTORY: fi64(w, f, ev->history); break;
    case ACDR_EVF_IDX_CHANGES: fi64(w, f, ev->changes); break;
    case ACDR_EVF_IDX_METRICS:
      /* the engine's settings after the call */
      acdr_cfg_write_metrics(w, e);
      break;
    case ACDR_EVF_IDX_CUSTOMERS:
      fkey(w, f);
      acdr_cfg_write_customers_obj(w, e);
      break;
    case ACDR_EVF_IDX_MEMBER_DEF:
      fkey(w, f);
      acdr_jw_obj(w);
      acdr_cfg_write_member_def(w, ev->member_def, 1);
      acdr_jw_obj_end(w);
      break;
    default: break;
  }
}

static void on_event(acdr_engine *e, const acdr_event *ev) {
  acdr_eventlog *m;
  const acdr_event_spec *sp;
  uint64_t fields;
  size_t mark;
  int f;
  if (!e->opt.record_events) return;
  if (!(m = acdr_module_state(e, &acdr_eventlog_module))) return;
  if (ev->kind <= ACDR_EV_NONE || ev->kind >= ACDR_EV_COUNT) return;
  sp = &acdr_event_specs[ev->kind];
  fields = sp->required | sp->optional;
  mark = m->log.len;
  m->log.comma = 0;
  m->log.depth = 0;
  m->log.after_key = 0;
  if (e->now % ACDR_MILLISECONDS == 0) {
    acdr_jw_raw(&m->log, "{\"t_ms\": ", 9);
    acdr_jw_raw_u64(&m->log, e->now / ACDR_MILLISECONDS);
  } else {
    acdr_jw_raw(&m->log, "{\"t_ns\": ", 9);
    acdr_jw_raw_u64(&m->log, e->now);
  }
  /* as acdr_jw_obj + a member would leave it, for the nested writers */
  m->log.depth = 1;
  m->log.comma = 1;
  acdr_jw_raw(&m->log, ev_heads[ev->kind].s, ev_heads[ev->kind].n);
  /* only the kind's fields, lowest bit first (the vocabulary's order) */
  for (; fields; fields &= fields - 1) {
    for (f = 0; !(fields & (UINT64_C(1) << f)); f++) {
    }
    write_field(&m->log, e, f, ev);
  }
  acdr_jw_obj_end(&m->log);
  acdr_jw_raw(&m->log, "\n", 1);
  if (m->log.oom) {
    /* keep the log a sequence of whole lines; count the loss */
    m->log.oom = 0;
    m->log.len = mark;
    m->lost++;
  }
}

static void on_free(acdr_engine *e, void *st) {
  acdr_eventlog *m = st;
  if (!m) return;
  acdr_jw_free(&m->log);
  acdr_mem_free(&e->mem, m);
}

const acdr_module_vt acdr_eventlog_module = {
    .name = "event log",
    .free = on_free,
    .event = on_event,
};

int acdr_eventlog_attach(acdr_engine *e) {
  acdr_eventlog *m;
  int rv;
  if (!e->opt.record_events) return 0; /* nothing to record, ever */
  if (!(m = acdr_mem_calloc(&e->mem, 1, sizeof(*m)))) return ACDR_ERR_NOMEM;
  acdr_jw_init(&m->log, &e->mem, 0);
  if ((rv = acdr_module_attach(e, &acdr_eventlog_module, m)) != 0)
    on_free(e, m);
  return rv;
}

int acdr_engine_event_log_take(acdr_engine *e, char **plines, size_t *plen) {
  acdr_eventlog *m;
  char *out;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!plines)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT, "event log: plines is "
                    "NULL");
  *plines = NULL;
  if (plen) *plen = 0;
  m = acdr_module_state(e, &acdr_eventlog_module);
  if (!e->opt.record_events || !m)
    return acdr_err(e, ACDR_ERR_INVALID_STATE,
                    "event log: recording is off (acdr_options."
                    "record_events)");
  if (m->lost) {
    uint64_t lost = m->lost;
    acdr_jw_free(&m->log);
    acdr_jw_init(&m->log, &e->mem, 0);
    m->lost = 0;
    return acdr_err(e, ACDR_ERR_NOMEM,
                    "event log: %llu lines were lost for lack of memory; "
                    "the log was discarded (re-seed replicas from a "
                    "snapshot)",
                    (unsigned long long)lost);
  }
  if (!m->log.buf) {
    out = acdr_mem_strdup(&e->mem, "");
  } else {
    size_t len = m->log.len;
    acdr_jw_raw(&m->log, "", 1);
    if (m->log.oom) {
      m->log.oom = 0;
      m->log.len = len;
      return acdr_err(e, ACDR_ERR_NOMEM, "out of memory (event log)");
    }
    out = m->log.buf;
    if (plen) *plen = len;
    m->log.buf = NULL;
    m->log.len = m->log.cap = 0;
  }
  if (!out) return acdr_err(e, ACDR_ERR_NOMEM, "out of memory (event log)");
  *plines = out;
  return 0;
}
