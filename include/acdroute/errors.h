/* SPDX-License-Identifier: MIT */
/*
 * acdroute - error codes.
 *
 * Every public function that can fail returns an int: 0 (ACDR_OK) on
 * success, one of the negative codes below on failure.  The values are
 * pinned forever: a code is never renumbered or reused.
 *
 * Fatal errors: codes <= ACDR_ERR_FATAL_LIMIT (today ACDR_ERR_INVARIANT,
 * -500, and ACDR_ERR_FATAL, -501) mean the engine can no longer be trusted
 * and should be deleted; test with ACDR_ERR_IS_FATAL(rv).  Every other
 * code is recoverable: the engine stays usable (each function says what a
 * failure leaves behind).  ACDR_ERR_FATAL is one fatal code, not the
 * boundary.
 */
#ifndef ACDROUTE_ERRORS_H
#define ACDROUTE_ERRORS_H

#include <acdroute/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/* X(name, value, message).  One list feeds the enum, acdr_strerror() and
 * acdr_err_name(). */
#define ACDR_ERRNO_MAP(X)                                                    \
  X(OK, 0, "success")                                                        \
  X(ERR_INVALID_ARGUMENT, -1, "invalid argument")                            \
  X(ERR_NOMEM, -2, "out of memory")                                          \
  X(ERR_NOT_FOUND, -3, "no such id")                                         \
  X(ERR_AGENT_NOT_FOUND, -4, "unknown agent")                                \
  X(ERR_QUEUE_NOT_FOUND, -5, "unknown queue")                                \
  X(ERR_CONTACT_NOT_FOUND, -6, "unknown contact")                            \
  X(ERR_DUPLICATE_ID, -7, "id already in use")                               \
  X(ERR_INVALID_STATE, -8, "transition not allowed in the current state")   \
  X(ERR_TIME_BACKWARDS, -9, "time went backwards")                           \
  X(ERR_CALLBACK_FAILURE, -10, "a host callback returned an error")          \
  X(ERR_UNKNOWN_STRATEGY, -11, "unknown strategy")                           \
  X(ERR_VERSION, -12, "unsupported struct or format version")                \
  X(ERR_LIMIT, -13, "a configured limit was exceeded")                       \
  X(ERR_NOT_MEMBER, -14, "agent is not a member of that queue")              \
  X(ERR_NOT_OFFERED, -15, "contact is not offered to that agent")            \
  X(ERR_QUEUE_FULL, -16, "queue is full")                                    \
  X(ERR_UNKNOWN_CODE, -17, "unknown disposition code")                       \
  X(ERR_CODE_NOT_ALLOWED, -18, "disposition code not allowed here")          \
  X(ERR_DISPOSITION_REQUIRED, -19, "a disposition is required first")        \
  X(ERR_PARSE, -20, "malformed document")                                    \
  X(ERR_CONFIG, -21, "invalid configuration")                                \
  X(ERR_BUSY, -22, "engine is busy: call not allowed from a callback")       \
  X(ERR_PASSTHROUGH, -23, "plug-in passes; use the default behaviour")       \
  X(ERR_STRATEGY, -24, "strategy plug-in failed")                            \
  X(ERR_CHANNEL, -25, "agent or queue cannot handle that channel")           \
  X(ERR_IN_USE, -26, "object still in use")                                  \
  X(ERR_RANGE, -27, "value out of range")                                    \
  X(ERR_DO_NOT_CONTACT, -28, "number is on the do-not-contact list")         \
  X(ERR_NO_AGENT, -29, "no agent can take the contact now")                  \
  X(ERR_SKILLS, -30, "agent lacks a skill the contact requires")            \
  X(ERR_INVARIANT, -500, "internal invariant violated")                      \
  X(ERR_FATAL, -501, "fatal error")

typedef enum acdr_error {
#define ACDR_ERRNO_ENUM_(name, value, msg) ACDR_##name = (value),
  ACDR_ERRNO_MAP(ACDR_ERRNO_ENUM_)
#undef ACDR_ERRNO_ENUM_
  /** The fatal boundary: codes <= ACDR_ERR_FATAL_LIMIT leave "delete the
   * engine" as the only option.  The only boundary name to use. */
  ACDR_ERR_FATAL_LIMIT = ACDR_ERR_INVARIANT
} acdr_error;

/* Also a macro, so that `#ifdef ACDR_ERR_FATAL_LIMIT` keeps working (it
 * was a #define in earlier 1.0 headers). */
#define ACDR_ERR_FATAL_LIMIT ACDR_ERR_FATAL_LIMIT

/** 1 if `rv` is a fatal code (<= ACDR_ERR_FATAL_LIMIT), else 0. */
#define ACDR_ERR_IS_FATAL(rv) ((rv) <= ACDR_ERR_FATAL_LIMIT)

/** Deprecated alias of ACDR_ERR_FATAL_LIMIT (was an enum member of the
 * same value); kept so that sources using it still compile. */
#define ACDR_ERR_FATAL_RANGE_ ACDR_ERR_FATAL_LIMIT

/**
 * acdr_strerror - a static English description of an error code.
 *
 * Never returns NULL; unknown codes give "unknown error".  The string is
 * static and must not be freed.
 */
ACDROUTE_EXTERN const char *acdr_strerror(int err);

/**
 * acdr_err_name - the symbolic name of an error code ("ACDR_ERR_NOMEM").
 *
 * Never returns NULL; unknown codes give "ACDR_ERR_UNKNOWN".  Static string.
 */
ACDROUTE_EXTERN const char *acdr_err_name(int err);

#ifdef __cplusplus
}
#endif

#endif /* ACDROUTE_ERRORS_H */
