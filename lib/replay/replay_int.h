/* SPDX-License-Identifier: MIT */
/* Internals of lib/replay: the event log module, and the two readers of
 * event lines (the general one, event_parse.c, and the tree-free one for
 * the common lines, event_fast.c). */
#ifndef ACDR_REPLAY_REPLAY_INT_H
#define ACDR_REPLAY_REPLAY_INT_H

#include "config/config_int.h"
#include "core/engine_int.h"
#include "core/event.h"
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

/* ---- event lines (event_parse.c, event_fast.c) ---- */
/* A primary code and up to 64 tags. */
#define ACDR_EVENT_MAX_CODES 65

/* An event line read: the event and the storage its pointers use. */
typedef struct acdr_parsed {
  acdr_event ev;
  acdr_tstamp t;
  acdr_contact_def arrival;
  acdr_kv *attrs;
  acdr_skill *skills;
  acdr_cfg_agent agent;
  int has_agent;
  acdr_cfg_queue queue;
  int has_queue;
  const char *codes[ACDR_EVENT_MAX_CODES];
  acdr_cfg_hours hours;
  int has_hours;
  acdr_dispo_code code;
  acdr_dispo_code *catalog;
  size_t ncatalog;
  acdr_dispo_rule rule;
  acdr_cfg metrics;
  acdr_member_def member;
} acdr_parsed;

/* The range of a line's time, the same for both readers: t_ms * 10^6
 * and t_ns fit in int64; INT64_MAX itself is refused because json-c
 * clamps larger numbers to it (and the strict lexer saturates to it). */
#define ACDR_EVENT_TMS_MAX ((int64_t)(UINT64_MAX / ACDR_MILLISECONDS / 2))
#define ACDR_EVENT_TNS_MAX (INT64_MAX - 1)

/* Call the public function that made p's event, at p's time. */
int acdr_event_apply(acdr_engine *e, const acdr_parsed *p);

/* A read line's last step, shared by both readers: when `doit`, apply it
 * (the call's result); else check its time only and give it in *when (0
 * or TIME_BACKWARDS, engine unchanged). */
int acdr_event_finish(acdr_engine *e, const acdr_parsed *p, int doit,
                      acdr_tstamp *when);

/* Read a common line without a json-c tree and, when `doit`, apply it:
 * the call's result; else only check it and give its time in *when (0 or
 * TIME_BACKWARDS).  ACDR_EVENT_FAST_NO when the line needs the general
 * reader, which then gives the answer and any error message. */
#define ACDR_EVENT_FAST_NO 1
int acdr_event_line_fast(acdr_engine *e, const char *line, size_t len,
                         int doit, acdr_tstamp *when);

#endif
