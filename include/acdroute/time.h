/* SPDX-License-Identifier: MIT */
/*
 * acdroute - host time: acdr_tstamp and its units.
 *
 * The library never reads a clock: every event carries the host's current
 * time as an acdr_tstamp, nanoseconds on the host's monotonic clock, which
 * must never go backwards (ACDR_ERR_TIME_BACKWARDS).  Durations in the
 * definition structs are int64_t milliseconds (fields named *_ms);
 * accumulated times in info and metrics structs are acdr_tstamp
 * nanoseconds (fields named *_ns).  The engine's deadline functions
 * (acdr_engine_get_expiry, acdr_engine_handle_expiry, acdr_engine_now) are
 * in engine.h.  Included by types.h.
 */
#ifndef ACDROUTE_TIME_H
#define ACDROUTE_TIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Host time: nanoseconds on the host's monotonic clock.  The library never
 * reads a clock; every event carries the host's current time. */
typedef uint64_t acdr_tstamp;

/** "No deadline": what acdr_engine_get_expiry() returns when nothing is
 * scheduled. */
#define ACDR_TSTAMP_MAX UINT64_MAX

#define ACDR_NANOSECONDS ((acdr_tstamp)1)
#define ACDR_MICROSECONDS ((acdr_tstamp)1000ULL)
#define ACDR_MILLISECONDS ((acdr_tstamp)1000000ULL)
#define ACDR_SECONDS ((acdr_tstamp)1000000000ULL)

#ifdef __cplusplus
}
#endif

#endif /* ACDROUTE_TIME_H */
