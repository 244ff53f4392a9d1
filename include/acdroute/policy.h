/* SPDX-License-Identifier: MIT */
/*
 * acdroute - queue policies: business hours.
 *
 * The other queue policies (maximum length, maximum wait, overflow target,
 * joining / leaving when no agent is logged in, announcements, no-answer
 * handling, wrap-up, known-agent hold, UTC offset) are fields of
 * acdr_queue_def, declared in queue.h for ABI reasons and tagged [policy]
 * there; this module owns and documents them: docs/policies.md lists every
 * setting with its default.  Overflow kinds and causes are in action.h.
 *
 * Business hours are a weekly schedule of open intervals per weekday plus
 * holiday dates (closed, or special hours), in the queue's local time.  The
 * library reads no clock and no time-zone database: the local time of a
 * host time `now` is acdr_callbacks.local_time when set, else
 * acdr_options.unix_time_at_zero + now + acdr_queue_def.utc_offset_s.
 *
 * Outside the hours an arriving contact hears ACDR_ANNOUNCE_CLOSED (text:
 * closed_text) and then takes the closed action: an OVERFLOW action
 * (cause ACDR_OVERFLOW_CAUSE_CLOSED) to closed_kind / closed_target, or,
 * with ACDR_OVERFLOW_NONE, CONTACT_ENDED with reason ACDR_END_REJECTED.
 *
 * Threads, time and errors: as engine.h.  Every string and array passed in
 * is copied.
 */
#ifndef ACDROUTE_POLICY_H
#define ACDROUTE_POLICY_H

#include <acdroute/types.h>
#include <acdroute/errors.h>
#include <acdroute/action.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Days of the week: the index into acdr_hours.week. */
typedef enum acdr_weekday {
  ACDR_MONDAY = 0,
  ACDR_TUESDAY = 1,
  ACDR_WEDNESDAY = 2,
  ACDR_THURSDAY = 3,
  ACDR_FRIDAY = 4,
  ACDR_SATURDAY = 5,
  ACDR_SUNDAY = 6
} acdr_weekday;

/** One open interval [open_min, close_min) in minutes after local
 * midnight: 0 <= open_min < close_min <= 1440.  A night shift past
 * midnight is two intervals: 1320..1440 on one day, 0..120 on the next
 * (the queue stays open across midnight). */
typedef struct acdr_interval {
  int32_t open_min;
  int32_t close_min;
} acdr_interval;

/** The open intervals of one day, in any order; overlapping or touching
 * intervals are merged.  nintervals 0: closed all day.  At most
 * ACDR_HOURS_MAX_INTERVALS per day. */
typedef struct acdr_day_hours {
  const acdr_interval *intervals;
  size_t nintervals;
} acdr_day_hours;

/** A holiday: on `date` ("YYYY-MM-DD", local, years 1..9999) the weekly
 * schedule is replaced by `intervals` (nintervals 0: closed all day). */
typedef struct acdr_holiday {
  const char *date;
  const acdr_interval *intervals;
  size_t nintervals;
} acdr_holiday;

#define ACDR_HOURS_MAX_INTERVALS 96 /* per day or holiday */
#define ACDR_HOURS_MAX_HOLIDAYS 4096

/** What happens at closing time to contacts still waiting in line
 * (acdr_hours.at_closing).  (#defines in earlier 1.0 headers; same names
 * and values.) */
typedef enum acdr_at_closing {
  ACDR_AT_CLOSING_KEEP = 0,    /* they keep waiting and are served */
  ACDR_AT_CLOSING_OVERFLOW = 1 /* they hear CLOSED and take the closed
                                  action */
} acdr_at_closing;

#define ACDR_HOURS_V1 1
#define ACDR_HOURS_VERSION ACDR_HOURS_V1

/** A queue's business hours. */
typedef struct acdr_hours {
  /** Weekly schedule, indexed by acdr_weekday. */
  acdr_day_hours week[7];
  /** Holiday dates (each date at most once). */
  const acdr_holiday *holidays;
  size_t nholidays;
  /** Text of the CLOSED announcement, e.g. the opening hours; NULL = "". */
  const char *closed_text;
  /** acdr_overflow_kind for contacts refused while closed; default
   * ACDR_OVERFLOW_NONE (the contact ends REJECTED). */
  int32_t closed_kind;
  /** ACDR_AT_CLOSING_KEEP (default) or ACDR_AT_CLOSING_OVERFLOW. */
  int32_t at_closing;
  /** Queue id (closed_kind QUEUE: required, not the queue itself),
   * mailbox or message for the other kinds; may be NULL for those. */
  const char *closed_target;
} acdr_hours;

/** Fill `hours` with the defaults of struct version `version`: closed
 * every day, no holidays, empty text, closed action NONE, at closing
 * KEEP.  Does nothing if hours is NULL. */
ACDROUTE_EXTERN void acdr_hours_default_versioned(int version,
                                                  acdr_hours *hours);
#define acdr_hours_default(H)                                                \
  acdr_hours_default_versioned(ACDR_HOURS_VERSION, (H))

/**
 * acdr_queue_set_hours_versioned - set (or with hours NULL, remove) the
 * business hours of a queue.  A queue without hours is always open.
 *
 * The schedule is copied.  Takes effect at the engine's latest time
 * (acdr_engine_now()): if the queue thereby changes from open to closed
 * and at_closing is OVERFLOW, the contacts waiting in line take the closed
 * action now, as at any closing time.
 *
 * Errors: INVALID_ARGUMENT (engine or id NULL, bad interval, malformed or
 * impossible date, closed_kind QUEUE without target or targeting the
 * queue itself, at_closing unknown), RANGE (closed_kind unknown), LIMIT
 * (too many intervals or holidays, text too long), DUPLICATE_ID (a holiday
 * date listed twice), VERSION, QUEUE_NOT_FOUND, NOMEM,
 * CALLBACK_FAILURE.  On error the queue keeps its previous hours.
 */
ACDROUTE_EXTERN int acdr_queue_set_hours_versioned(acdr_engine *engine,
                                                   const char *queue_id,
                                                   int version,
                                                   const acdr_hours *hours);
#define acdr_queue_set_hours(E, QID, H)                                      \
  acdr_queue_set_hours_versioned((E), (QID), ACDR_HOURS_VERSION, (H))

/**
 * acdr_queue_hours_state - whether a queue is open at host time `now`
 * and when that next changes.
 *
 * *open is 1 or 0.  *next_change is the host time of the next opening or
 * closing, ACDR_TSTAMP_MAX for a queue without hours; when no change is
 * found within the next 8 days it is the time 8 days on (ask again then).
 * Calls acdr_callbacks.local_time if set.  Does not change the engine.
 * Errors: INVALID_ARGUMENT (NULL), QUEUE_NOT_FOUND, CALLBACK_FAILURE (the
 * local_time callback failed; the fallback time was used).
 */
ACDROUTE_EXTERN int acdr_queue_hours_state(acdr_engine *engine,
                                           const char *queue_id,
                                           acdr_tstamp now, int32_t *open,
                                           acdr_tstamp *next_change);

#ifdef __cplusplus
}
#endif

#endif /* ACDROUTE_POLICY_H */
