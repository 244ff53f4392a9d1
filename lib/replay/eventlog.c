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

static void write_arrive(acdr_jw *w, const acdr_contact_def *d) {
  size_t i;
  if (d->channel >= 0 && acdr_channel_name(d->channel))
    acdr_jw_kstr(w, "channel", acdr_channel_name(d->channel));
  if (d->priority) acdr_jw_ki64(w, "priority", d->priority);
  if (d->nattrs) {
    acdr_jw_key(w, "attrs");
    acdr_jw_obj(w);
    for (i = 0; i < d->nattrs; i++)
      acdr_jw_kstr(w, d->attrs[i].key, d->attrs[i].value);
    acdr_jw_obj_end(w);
  }
  if (d->nskills) {
    acdr_jw_key(w, "skills");
    acdr_jw_obj(w);
    for (i = 0; i < d->nskills; i++)
      acdr_jw_ki64(w, d->skills[i].name, d->skills[i].level);
    acdr_jw_obj_end(w);
  }
  if (d->customer_id && *d->customer_id)
    acdr_jw_kstr(w, "customer", d->customer_id);
  if (d->reason && *d->reason) acdr_jw_kstr(w, "reason", d->reason);
  if (d->preferred_agent && *d->preferred_agent)
    acdr_jw_kstr(w, "preferred_agent", d->preferred_agent);
  if (d->preferred_hold_ms != -1)
    acdr_jw_ki64(w, "preferred_hold_ms", d->preferred_hold_ms);
}

static void write_codes(acdr_jw *w, const char *primary,
                        const char *const *tags, size_t ntags) {
  size_t i;
  acdr_jw_key(w, "codes");
  acdr_jw_arr(w);
  acdr_jw_str(w, primary);
  for (i = 0; i < ntags; i++) acdr_jw_str(w, tags[i]);
  acdr_jw_arr_end(w);
}

/* One field of an event, as its key(s) and value. */
static void write_field(acdr_jw *w, acdr_engine *e, int f,
                        const acdr_event *ev) {
  const char *key = acdr_event_field_names[f];
  size_t i;
  switch (f) {
    case ACDR_EVF_IDX_CONTACT:
      if (ev->contact) acdr_jw_kstr(w, key, ev->contact);
      break;
    case ACDR_EVF_IDX_QUEUE:
      if (ev->queue) acdr_jw_kstr(w, key, ev->queue);
      break;
    case ACDR_EVF_IDX_AGENT:
      if (ev->agent) acdr_jw_kstr(w, key, ev->agent);
      break;
    case ACDR_EVF_IDX_STATUS:
      acdr_jw_kstr(w, key,
                   ev->status == ACDR_AGENT_AWAY ? "away" : "available");
      break;
    case ACDR_EVF_IDX_REASON:
      if (ev->reason) acdr_jw_kstr(w, key, ev->reason);
      break;
    case ACDR_EVF_IDX_ARRIVAL: write_arrive(w, ev->arrival); break;
    case ACDR_EVF_IDX_HOW:
      acdr_jw_kstr(w, key, ev->how >= 0 && ev->how < 3
                               ? acdr_reject_names[ev->how]
                               : "declined");
      break;
    case ACDR_EVF_IDX_ON: acdr_jw_kbool(w, key, ev->on != 0); break;
    case ACDR_EVF_IDX_AGENT_DEF:
      acdr_jw_key(w, key);
      acdr_cfg_write_agent_def(w, ev->agent_def);
      break;
    case ACDR_EVF_IDX_QUEUE_DEF:
      acdr_jw_key(w, key);
      acdr_cfg_write_queue(w, ev->queue_def, NULL);
      break;
    case ACDR_EVF_IDX_OVERFLOW_WAITING:
      acdr_jw_kbool(w, key, ev->overflow_waiting != 0);
      break;
    case ACDR_EVF_IDX_PENALTY: acdr_jw_ki64(w, key, ev->penalty); break;
    case ACDR_EVF_IDX_POSITION: acdr_jw_ki64(w, key, ev->position); break;
    case ACDR_EVF_IDX_CONFIG:
      /* the engine's configuration after the call */
      acdr_jw_key(w, key);
      acdr_cfg_write_engine(w, e);
      break;
    case ACDR_EVF_IDX_REMOVE_WAITING:
      acdr_jw_kstr(w, key, ev->remove_waiting == ACDR_RELOAD_OVERFLOW
                               ? "overflow"
                               : "refuse");
      break;
    case ACDR_EVF_IDX_CODES:
      write_codes(w, ev->primary, ev->tags, ev->ntags);
      break;
    case ACDR_EVF_IDX_HOURS:
      acdr_jw_key(w, key);
      acdr_cfg_write_hours(w, ev->hours);
      break;
    case ACDR_EVF_IDX_KEY: acdr_jw_kstr(w, key, ev->key); break;
    case ACDR_EVF_IDX_DURATION: acdr_jw_ki64(w, key, ev->duration_ms); break;
    case ACDR_EVF_IDX_CODE_DEF:
      acdr_jw_key(w, key);
      acdr_cfg_write_code(w, ev->code);
      break;
    case ACDR_EVF_IDX_CODE_ID: acdr_jw_kstr(w, key, ev->code_id); break;
    case ACDR_EVF_IDX_CATALOG:
      acdr_jw_key(w, key);
      acdr_jw_arr(w);
      for (i = 0; i < ev->ncodes; i++) acdr_cfg_write_code(w, &ev->codes[i]);
      acdr_jw_arr_end(w);
      break;
    case ACDR_EVF_IDX_RULE_DEF:
      acdr_jw_key(w, key);
      acdr_cfg_write_rule(w, ev->rule);
      break;
    case ACDR_EVF_IDX_RULE_ID: acdr_jw_kstr(w, key, ev->rule_id); break;
    case ACDR_EVF_IDX_HISTORY: acdr_jw_ki64(w, key, ev->history); break;
    case ACDR_EVF_IDX_CHANGES: acdr_jw_ki64(w, key, ev->changes); break;
    case ACDR_EVF_IDX_METRICS:
      /* the engine's settings after the call */
      acdr_cfg_write_metrics(w, e);
      break;
    default: break;
  }
}

static void on_event(acdr_engine *e, const acdr_event *ev) {
  acdr_eventlog *m;
  const acdr_event_spec *sp;
  uint32_t fields;
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
  acdr_jw_obj(&m->log);
  acdr_jw_time(&m->log, e->now);
  acdr_jw_kstr(&m->log, "ev", sp->name);
  for (f = 0; f < ACDR_EVF_COUNT; f++)
    if (fields & (UINT32_C(1) << f)) write_field(&m->log, e, f, ev);
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
