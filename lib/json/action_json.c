/* SPDX-License-Identifier: MIT */
/* acdr_action_to_json: one action as one JSON line (docs/events.md). */
#include <acdroute/config.h>
#include <acdroute/names.h>

#include <string.h>

#include "json/json.h"

/* The library's name of a value (names.h), NULL for a value it has no
 * name for (written as the integer). */
static const char *known(const char *name) {
  return strcmp(name, "unknown") ? name : NULL;
}

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
    case ACDR_ACTION_OFFER_CANCEL:
      n = known(acdr_cancel_reason_name(a->reason));
      break;
    case ACDR_ACTION_CONTACT_ENDED:
      n = known(acdr_end_reason_name(a->reason));
      break;
    case ACDR_ACTION_AGENT_STATE:
      n = known(acdr_agent_status_name(a->reason));
      break;
    case ACDR_ACTION_ANNOUNCE:
      n = known(acdr_announce_kind_name(a->reason));
      break;
    case ACDR_ACTION_OVERFLOW:
      n = known(acdr_overflow_kind_name(a->reason));
      break;
    case ACDR_ACTION_FOLLOWUP:
      n = known(acdr_followup_kind_name(a->reason));
      break;
    case ACDR_ACTION_REPLY_OVERDUE:
      n = known(acdr_reply_overdue_name(a->reason));
      break;
    default: break;
  }
  named(w, "reason", n, a->reason, 1);
}

static void activity(acdr_jw *w, const acdr_action *a) {
  const char *n = NULL;
  if (a->type == ACDR_ACTION_AGENT_STATE)
    n = known(acdr_agent_activity_name(a->activity));
  else if (a->type == ACDR_ACTION_OVERFLOW)
    n = known(acdr_overflow_cause_name(a->activity));
  named(w, "activity", n, a->activity, 1);
}

void acdr_action_write(acdr_jw *w, const acdr_action *a) {
  acdr_jw_obj(w);
  acdr_jw_time(w, a->time);
  named(w, "action", known(acdr_action_type_name(a->type)), a->type, 0);
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
