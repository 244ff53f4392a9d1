/* The event log: with acdr_options.record_events, one JSON line per
 * successful public event call (docs/events.md), in the order applied.
 * Also the config module's engine state (acdr_cfgmod). */
#include <string.h>

#include <acdroute/config.h>

#include "config/config_int.h"
#include "core/internal.h"
#include "core/modules.h"

int acdr_eventlog_init(acdr_engine *e) {
  acdr_cfgmod *m = acdr_mem_calloc(&e->mem, 1, sizeof(*m));
  if (!m) return ACDR_ERR_NOMEM;
  acdr_jw_init(&m->log, &e->mem, 0);
  e->eventlog = m;
  return 0;
}

void acdr_eventlog_free(acdr_engine *e) {
  acdr_cfgmod *m = e->eventlog;
  if (!m) return;
  acdr_jw_free(&m->log);
  acdr_mem_free(&e->mem, m->errors);
  acdr_mem_free(&e->mem, m);
  e->eventlog = NULL;
}

acdr_cfgmod *acdr_cfgmod_of(const acdr_engine *e) { return e->eventlog; }

/* Actions are not recorded: replay recomputes them. */
void acdr_eventlog_action(acdr_engine *e, const acdr_action *a) {
  (void)e;
  (void)a;
}

static acdr_jw *begin(acdr_engine *e, const char *ev, size_t *mark) {
  acdr_cfgmod *m = e->eventlog;
  if (!m || !e->opt.record_events || m->suspended) return NULL;
  *mark = m->log.len;
  m->log.comma = 0;
  m->log.depth = 0;
  m->log.after_key = 0;
  acdr_jw_obj(&m->log);
  acdr_jw_time(&m->log, e->now);
  acdr_jw_kstr(&m->log, "ev", ev);
  return &m->log;
}

static void end(acdr_engine *e, size_t mark) {
  acdr_cfgmod *m = e->eventlog;
  acdr_jw_obj_end(&m->log);
  acdr_jw_raw(&m->log, "\n", 1);
  if (m->log.oom) {
    /* keep the log a sequence of whole lines; count the loss */
    m->log.oom = 0;
    m->log.len = mark;
    m->lost++;
  }
}

static const char *const ev_names[] = {
    NULL,          "login",        "logout",       "status",
    "arrive",      "accept",       "reject",       "hangup",
    "hold",        "wrapup_done",  "transfer",     "callback",
    "expiry",      "agent_add",    "agent_update", "agent_remove",
    "queue_add",   "queue_update", "queue_remove", "member_add",
    "member_remove", "reset_counts", "dispo",        "dispo_correct",
    "hours",         "dnc_add",      "dnc_remove",   "code_add",
    "code_update",   "code_remove",  "catalog_set",  "catalog_reset",
    "rule_add",      "rule_remove",  "dispo_limits", "dispo_stats_reset",
    "dnc_clear",     "metrics_options"};

const char *const acdr_reject_names[3] = {"declined", "busy", "no-answer"};

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

void acdr_eventlog_event(acdr_engine *e, acdr_ev_kind kind,
                         const char *contact, const char *agent,
                         const char *queue, const char *text, int64_t n1,
                         int64_t n2, const void *def) {
  size_t mark;
  acdr_jw *w;
  if ((size_t)kind >= sizeof(ev_names) / sizeof(ev_names[0]) ||
      !ev_names[kind])
    return;
  if (!(w = begin(e, ev_names[kind], &mark))) return;
  if (contact) acdr_jw_kstr(w, "contact", contact);
  if (queue) acdr_jw_kstr(w, "queue", queue);
  if (agent) acdr_jw_kstr(w, "agent", agent);
  switch (kind) {
    case ACDR_EV_STATUS:
      acdr_jw_kstr(w, "status",
                   n1 == ACDR_AGENT_AWAY ? "away" : "available");
      if (text) acdr_jw_kstr(w, "reason", text);
      break;
    case ACDR_EV_ARRIVE: write_arrive(w, def); break;
    case ACDR_EV_REJECT:
      acdr_jw_kstr(w, "how", n1 >= 0 && n1 < 3 ? acdr_reject_names[n1]
                                               : "declined");
      break;
    case ACDR_EV_HOLD: acdr_jw_kbool(w, "on", n1 != 0); break;
    case ACDR_EV_AGENT_ADD:
    case ACDR_EV_AGENT_UPDATE:
      acdr_jw_key(w, "def");
      acdr_cfg_write_agent_def(w, def);
      break;
    case ACDR_EV_QUEUE_ADD:
    case ACDR_EV_QUEUE_UPDATE:
      acdr_jw_key(w, "def");
      acdr_cfg_write_queue(w, def, NULL);
      break;
    case ACDR_EV_QUEUE_REMOVE:
      acdr_jw_kbool(w, "overflow_waiting", n1 != 0);
      break;
    case ACDR_EV_MEMBER_ADD:
      acdr_jw_ki64(w, "penalty", n1);
      acdr_jw_ki64(w, "position", n2);
      break;
    case ACDR_EV_DISPO:
    case ACDR_EV_DISPO_CORRECT: {
      const char *const *tags = def;
      int64_t i;
      acdr_jw_key(w, "codes");
      acdr_jw_arr(w);
      acdr_jw_str(w, text);
      for (i = 0; i < n1; i++) acdr_jw_str(w, tags[i]);
      acdr_jw_arr_end(w);
      break;
    }
    case ACDR_EV_HOURS:
      acdr_jw_key(w, "hours");
      acdr_cfg_write_hours(w, def);
      break;
    case ACDR_EV_DNC_ADD:
      acdr_jw_kstr(w, "key", text);
      acdr_jw_ki64(w, "duration_ms", n1);
      break;
    case ACDR_EV_DNC_REMOVE: acdr_jw_kstr(w, "key", text); break;
    case ACDR_EV_CODE_ADD:
    case ACDR_EV_CODE_UPDATE:
      acdr_jw_key(w, "def");
      acdr_cfg_write_code(w, def);
      break;
    case ACDR_EV_CODE_REMOVE: acdr_jw_kstr(w, "code", text); break;
    case ACDR_EV_CATALOG_SET: {
      const acdr_dispo_code *codes = def;
      int64_t i;
      acdr_jw_key(w, "codes");
      acdr_jw_arr(w);
      for (i = 0; i < n1; i++) acdr_cfg_write_code(w, &codes[i]);
      acdr_jw_arr_end(w);
      break;
    }
    case ACDR_EV_RULE_ADD:
      acdr_jw_key(w, "def");
      acdr_cfg_write_rule(w, def);
      break;
    case ACDR_EV_RULE_REMOVE: acdr_jw_kstr(w, "rule", text); break;
    case ACDR_EV_DISPO_LIMITS:
      acdr_jw_ki64(w, "history", n1);
      acdr_jw_ki64(w, "changes", n2);
      break;
    case ACDR_EV_METRICS_OPTIONS: acdr_cfg_write_metrics(w, e); break;
    default: break;
  }
  end(e, mark);
}

/* A configuration applied with acdr_config_apply: the resulting engine
 * configuration, as one line. */
void acdr_eventlog_config(acdr_engine *e, int remove_waiting) {
  size_t mark;
  acdr_jw *w = begin(e, "config", &mark);
  if (!w) return;
  acdr_jw_key(w, "config");
  acdr_cfg_write_engine(w, e);
  acdr_jw_kstr(w, "remove_waiting",
               remove_waiting == ACDR_RELOAD_OVERFLOW ? "overflow" : "refuse");
  end(e, mark);
}

int acdr_engine_event_log_take(acdr_engine *e, char **plines, size_t *plen) {
  acdr_cfgmod *m;
  char *out;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!plines)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT, "event log: plines is "
                    "NULL");
  *plines = NULL;
  if (plen) *plen = 0;
  m = e->eventlog;
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
