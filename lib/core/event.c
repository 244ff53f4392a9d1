/* SPDX-License-Identifier: MIT */
/* The event vocabulary's tables (event.h) and its emission. */
#include "core/event.h"
#include "core/hooks.h"

const acdr_event_spec acdr_event_specs[ACDR_EV_COUNT] = {
    {NULL, 0, 0},
#define ACDR_X_(K, N, R, O) {N, R, O},
    ACDR_EVENTS(ACDR_X_)
#undef ACDR_X_
};

const char *const acdr_event_field_names[ACDR_EVF_COUNT] = {
#define ACDR_F_(N, K) K,
    ACDR_EVENT_FIELDS(ACDR_F_)
#undef ACDR_F_
};

void acdr_event_emit_any(acdr_engine *e, const acdr_event *ev) {
  ACDR_HOOK_EACH(event, ev);
}

void acdr_events_suspend(acdr_engine *e) { e->events_suspended++; }
void acdr_events_resume(acdr_engine *e) { e->events_suspended--; }
