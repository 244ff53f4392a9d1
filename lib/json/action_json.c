/* acdr_action_to_json: one action as one JSON line (docs/events.md). */
#include <acdroute/config.h>

#include "json/json.h"

static const char *const action_names[] = {
    NULL,        "offer",         "offer_cancel", "connected",
    "queued",    "wrapup",        "contact_ended", "agent_state",
    "announce",  "overflow",      "callback",     "followup",
    "requeued",  "reply_overdue"};
static const char *const cancel_names[] = {
    NULL, "answered_elsewhere", "no_answer", "caller_hangup",
    "agent_unavailable", "withdrawn", "rejected"};
static const char *const end_names[] = {
    "none",        "completed", "abandoned", "timed_out",
    "overflowed",  "transferred", "callback", "rejected"};
static const char *const status_names[] = {"logged_out", "available",
                                           "away"};
static const char *const activity_names[] = {"idle", "offered", "on_contact",
                                             "wrapup"};
static const char *const announce_names[] = {
    NULL, "position", "agent_assigned", "over_capacity", "closed", "message"};
static const char *const overflow_names[] = {"none", "queue", "voicemail",
                                             "callback", "message"};
static const char *const cause_names[] = {
    NULL, "max_wait", "queue_full", "closed", "no_agents", "queue_removed"};
static const char *const followup_names[] = {NULL, "callback", "message",
                                             "list", "dnc"};
static const char *const overdue_names[] = {"alert", "reassign"};

#define NAME_AT(tab, v)                                                      \
  ((v) >= 0 && (size_t)(v) < sizeof(tab) / sizeof(tab[0]) ? tab[(v)] : NULL)

/* A name, or the integer when the value has none (future values). */
static void named(acdr_jw *w, const char *key, const char *name, int32_t v,
                  int skip_zero) {
  if (name) {
    acdr_jw_kstr(w, key, name);
  } else if (v || !skip_zero) {
    acdr_jw_ki64(w, key, v);
  }
}

static void reason(acdr_jw *w, const acdr_action *a) {
  const char *n = NULL;
  switch (a->type) {
    case ACDR_ACTION_OFFER_CANCEL: n = NAME_AT(cancel_names, a->reason); break;
    case ACDR_ACTION_CONTACT_ENDED: n = NAME_AT(end_names, a->reason); break;
    case ACDR_ACTION_AGENT_STATE: n = NAME_AT(status_names, a->reason); break;
    case ACDR_ACTION_ANNOUNCE: n = NAME_AT(announce_names, a->reason); break;
    case ACDR_ACTION_OVERFLOW: n = NAME_AT(overflow_names, a->reason); break;
    case ACDR_ACTION_FOLLOWUP: n = NAME_AT(followup_names, a->reason); break;
    case ACDR_ACTION_REPLY_OVERDUE:
      n = NAME_AT(overdue_names, a->reason);
      break;
    default: break;
  }
  named(w, "reason", n, a->reason, 1);
}

static void activity(acdr_jw *w, const acdr_action *a) {
  const char *n = NULL;
  if (a->type == ACDR_ACTION_AGENT_STATE)
    n = NAME_AT(activity_names, a->activity);
  else if (a->type == ACDR_ACTION_OVERFLOW)
    n = NAME_AT(cause_names, a->activity);
  named(w, "activity", n, a->activity, 1);
}

void acdr_action_write(acdr_jw *w, const acdr_action *a) {
  acdr_jw_obj(w);
  acdr_jw_time(w, a->time);
  named(w, "action", NAME_AT(action_names, a->type), a->type, 0);
  reason(w, a);
  activity(w, a);
  if (a->channel >= 0)
    named(w, "channel", acdr_channel_name(a->channel), a->channel, 0);
  if (a->contact_id) acdr_jw_kstr(w, "contact", a->contact_id);
  if (a->agent_id) acdr_jw_kstr(w, "agent", a->agent_id);
  if (a->queue_id) acdr_jw_kstr(w, "queue", a->queue_id);
  if (a->customer_id) acdr_jw_kstr(w, "customer", a->customer_id);
  if (a->text) acdr_jw_kstr(w, "text", a->text);
  if (a->position) acdr_jw_ki64(w, "position", a->position);
  if (a->value_ms) acdr_jw_ki64(w, "value_ms", a->value_ms);
  acdr_jw_obj_end(w);
}

int acdr_action_to_json(char *buf, size_t buflen, size_t *plen,
                        const acdr_action *a) {
  acdr_jw w;
  if (plen) *plen = 0;
  if (!a || (!buf && buflen)) return ACDR_ERR_INVALID_ARGUMENT;
  acdr_jw_init_fixed(&w, buf, buflen);
  acdr_action_write(&w, a);
  if (plen) *plen = w.len;
  if (w.len >= buflen) {
    if (buf && buflen) buf[0] = '\0';
    return ACDR_ERR_LIMIT;
  }
  return 0;
}
