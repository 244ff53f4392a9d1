/* Internals of lib/replay: the event log module and its state. */
#ifndef ACDR_REPLAY_REPLAY_INT_H
#define ACDR_REPLAY_REPLAY_INT_H

#include "core/engine_int.h"
#include "json/jsonw.h"

typedef struct acdr_eventlog {
  acdr_jw log;        /* recorded event lines */
  uint64_t lost;      /* lines lost for lack of memory */
} acdr_eventlog;

extern const acdr_module_vt acdr_eventlog_module;
/* Attach the event log to a new engine (composition root) when
 * acdr_options.record_events is set (the option cannot change later).
 * 0 or NOMEM. */
int acdr_eventlog_attach(acdr_engine *e);

#endif
