/* SPDX-License-Identifier: MIT */
/*
 * acdroute - JSON configuration, snapshot/restore, event lines and replay.
 *
 * The library does no file I/O: every document is passed in as a buffer
 * (not necessarily NUL-terminated) and every document the library makes is
 * returned as a NUL-terminated string allocated with the engine allocator,
 * to be released with acdr_free().  The formats are described in
 * docs/config.md (configuration, snapshot) and docs/events.md (event and
 * action lines).
 *
 * Errors: like every engine call, a failing function returns a negative
 * acdr_error, the engine is unchanged, and acdr_engine_last_error() says
 * what went wrong.  Document errors name the place with a JSON pointer:
 *   /queues/3/strategy: unknown strategy "longest-idel" (did you mean
 *   "longest-idle"?)
 * A document with several errors reports all of them, one per line, in
 * acdr_config_last_errors(); acdr_engine_last_error() holds the first.
 */
#ifndef ACDROUTE_CONFIG_H
#define ACDROUTE_CONFIG_H

#include <acdroute/types.h>
#include <acdroute/errors.h>
#include <acdroute/engine.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Configuration                                                        */

/** What a reload does with a queue that disappears from the document while
 * contacts wait in it: the `remove_waiting` of acdr_config_apply.
 * (#defines in earlier 1.0 headers; same names and values.) */
typedef enum acdr_reload_mode {
  ACDR_RELOAD_REFUSE = 0,  /* the whole reload fails (ERR_IN_USE) */
  ACDR_RELOAD_OVERFLOW = 1 /* they go to the queue's overflow target */
} acdr_reload_mode;

/**
 * acdr_config_apply - load a configuration document (JSON) into the
 * engine.
 *
 * On an empty engine this is the initial load.  On a running engine it is
 * a reload: agents and queues are added, updated or removed to match the
 * document, keeping waiting contacts and agent state (an agent missing
 * from the document must be logged out; a queue missing from the document
 * must have no connected contacts, and its waiting contacts are refused or
 * overflowed as `remove_waiting` says).  Members whose penalty or position
 * changed rejoin their queue.  `now` is the time of the reload (queue and
 * member changes are events).
 *
 * The whole document is validated before anything changes, against the
 * engine as it is (registered strategies, live contacts); all errors are
 * reported.  Only running out of memory while applying a valid document
 * can leave a reload half-done: additions are undone, updates already made
 * stay (the engine stays consistent) and ACDR_ERR_NOMEM is returned.
 *
 * Errors: INVALID_ARGUMENT (NULL engine/doc, bad remove_waiting), PARSE
 * (malformed JSON, with line and column), CONFIG (invalid document),
 * VERSION (document of a newer format), IN_USE, TIME_BACKWARDS, BUSY
 * (called from a callback), NOMEM.
 */
ACDROUTE_EXTERN int acdr_config_apply(acdr_engine *engine, const char *doc,
                                      size_t len, int remove_waiting,
                                      acdr_tstamp now);

/**
 * acdr_config_validate - check a document against the engine exactly as
 * acdr_config_apply would, without changing anything.  Returns 0 if
 * acdr_config_apply(..., remove_waiting, ...) would be accepted.
 * Errors: as acdr_config_apply.
 */
ACDROUTE_EXTERN int acdr_config_validate(acdr_engine *engine, const char *doc,
                                         size_t len, int remove_waiting);

/**
 * acdr_config_export - the engine's current configuration as a document
 * that acdr_config_apply accepts (agents and queues in creation order,
 * every setting written out).  *pdoc receives a NUL-terminated string
 * owned by the caller (free with acdr_free); *plen (may be NULL) its
 * length.  Errors: INVALID_ARGUMENT, NOMEM.
 */
ACDROUTE_EXTERN int acdr_config_export(acdr_engine *engine, char **pdoc,
                                       size_t *plen);

/** Every error of the last failed acdr_config_apply/validate/restore, one
 * per line ("" if none).  Owned by the engine; valid until the next
 * configuration call.  Never NULL. */
ACDROUTE_EXTERN const char *acdr_config_last_errors(const acdr_engine *engine);

/* ------------------------------------------------------------------ */
/* Snapshot / restore                                                   */

/** The snapshot format version this library writes (and the newest it
 * reads). */
#define ACDR_SNAPSHOT_FORMAT_VERSION 1

/**
 * acdr_engine_snapshot - serialise the complete engine state to JSON:
 * configuration, agents with their status, loads and counters, contacts
 * waiting (in line order), ringing, connected and in wrap-up, every timer
 * with its deadline and tie-break order, strategy state, the random
 * generator and the engine clock.  *pdoc (free with acdr_free), *plen may
 * be NULL.  Must not be called from a callback (ERR_BUSY): the state is
 * only complete between events.
 * Errors: INVALID_ARGUMENT, BUSY, STRATEGY (a strategy's save() failed),
 * NOMEM.
 */
ACDROUTE_EXTERN int acdr_engine_snapshot(acdr_engine *engine, char **pdoc,
                                         size_t *plen);

/**
 * acdr_engine_restore - load a snapshot into a NEW engine: one with no
 * agents, queues or contacts, created with the callbacks, allocator and
 * custom strategies the host wants (the snapshot's strategies must be
 * registered).  Afterwards the engine makes exactly the decisions the
 * original would have made.  No actions are emitted.  On failure the
 * engine is left empty.  Errors: INVALID_ARGUMENT (NULL, engine not
 * empty), PARSE, CONFIG (inconsistent snapshot, unknown strategy...),
 * VERSION (newer format), NOMEM.
 */
ACDROUTE_EXTERN int acdr_engine_restore(acdr_engine *engine, const char *doc,
                                        size_t len);

/* ------------------------------------------------------------------ */
/* Event lines (docs/events.md)                                        */

/**
 * acdr_engine_apply_event_json - parse one event line ({"t_ms": 1500,
 * "ev": "login", "agent": "a1"}) and call the matching public function
 * with the line's time.  `line` need not be NUL-terminated; a trailing
 * newline is allowed.  Returns what that function returns; a line that
 * cannot be understood returns ACDR_ERR_PARSE and changes nothing.
 */
ACDROUTE_EXTERN int acdr_engine_apply_event_json(acdr_engine *engine,
                                                 const char *line, size_t len);

/**
 * acdr_engine_check_event_json - check one event line as
 * acdr_engine_apply_event_json would (JSON, event name, keys, field types
 * and ranges, the time's range) without applying it, and give its time in
 * *when.  A host that runs its deadlines up to a line's time
 * (acdr_engine_handle_expiry) checks the line first, so that a line the
 * engine will refuse runs nothing.  What depends on the engine's state
 * (unknown ids, transitions, a configuration's contents) is checked only
 * when the line is applied.  Changes nothing but the last error message.
 * Errors: INVALID_ARGUMENT (engine or when NULL), PARSE (with the
 * parser's message), TIME_BACKWARDS (the line's time is before
 * acdr_engine_now()), NOMEM.  Since 1.1.
 */
ACDROUTE_EXTERN int acdr_engine_check_event_json(acdr_engine *engine,
                                                 const char *line, size_t len,
                                                 acdr_tstamp *when);

/**
 * acdr_action_to_json - write an action as one JSON line (no newline) into
 * buf, NUL-terminated.  *plen (may be NULL) receives the length the line
 * needs (without the NUL) whether or not it fit, like snprintf.
 * Errors: INVALID_ARGUMENT (action NULL, or buf NULL with buflen > 0),
 * LIMIT (buf too small: nothing useful written, retry with *plen + 1).
 * Needs no engine and allocates nothing.
 */
ACDROUTE_EXTERN int acdr_action_to_json(char *buf, size_t buflen,
                                        size_t *plen,
                                        const acdr_action *action);

/**
 * acdr_engine_event_log_take - hand over the event lines recorded since
 * the last take (acdr_options.record_events): *plines receives a
 * NUL-terminated string of lines, each ending in '\n' (free with
 * acdr_free), *plen (may be NULL) its length; the log is emptied.  With
 * nothing recorded *plines is "" (still to be freed).
 * Errors: INVALID_ARGUMENT, INVALID_STATE (recording is off), NOMEM (the
 * string could not be made: the log is kept and can be taken later; or
 * lines were lost earlier for lack of memory: the log is incomplete, so it
 * is discarded, the message says how many lines were lost, and recording
 * continues with an empty log; a replica must then be re-seeded from a
 * snapshot).
 */
ACDROUTE_EXTERN int acdr_engine_event_log_take(acdr_engine *engine,
                                               char **plines, size_t *plen);

#ifdef __cplusplus
}
#endif

#endif /* ACDROUTE_CONFIG_H */
