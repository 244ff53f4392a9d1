/* SPDX-License-Identifier: MIT */
/*
 * acdroute - disposition codes, follow-up rules, do-not-contact list.
 *
 * A disposition says how a contact ended ("deal closed", "wrong number").
 * The agent attaches one primary code plus optional tags during wrap-up
 * (acdr_dispo_set); the engine attaches automatic codes for outcomes it
 * sees itself (a caller hanging up in the queue gets "abandoned").  When a
 * contact closes, the engine counts its codes, adds do-not-contact entries
 * for DNC codes and runs the follow-up rules of its codes, emitting
 * ACDR_ACTION_FOLLOWUP actions at the host time each rule asks for.
 * Closed contacts stay in a bounded history so a code can be corrected
 * later (acdr_dispo_correct); every correction is logged.
 *
 * Every new engine starts with the built-in catalog of 14 common codes
 * (see docs/dispositions.md).  Threads, time and errors: as engine.h.
 * Strings and arrays passed in are copied; strings handed out are owned by
 * the engine and valid until the next call that changes what they
 * describe.
 */
#ifndef ACDROUTE_DISPOSITION_H
#define ACDROUTE_DISPOSITION_H

#include <acdroute/types.h>
#include <acdroute/errors.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Disposition code attributes (bit flags). */
#define ACDR_DISPO_CONTACT_MADE 0x01u /* a human was reached */
#define ACDR_DISPO_SUCCESS 0x02u      /* sale / goal reached */
#define ACDR_DISPO_FINAL 0x04u        /* final (else: retry) */
#define ACDR_DISPO_RESOLVED 0x08u     /* counts as resolved */
#define ACDR_DISPO_FOLLOW_UP 0x10u    /* requires follow-up */
#define ACDR_DISPO_CALLBACK 0x20u     /* schedules a callback */
#define ACDR_DISPO_DNC 0x40u          /* do not contact */
#define ACDR_DISPO_UNWORKABLE 0x80u   /* number unworkable */
#define ACDR_DISPO_ALL_ATTRS 0xffu    /* every flag above */

/* ------------------------------------------------------------------ */
/* Catalog                                                              */

#define ACDR_DISPO_CODE_V1 1
#define ACDR_DISPO_CODE_VERSION ACDR_DISPO_CODE_V1

/** One disposition code. */
typedef struct acdr_dispo_code {
  /** Required, unique in the catalog; no whitespace or control
   * characters (the change log joins codes with spaces). */
  const char *id;
  const char *label;           /* display text; NULL = id */
  const char *category;        /* free grouping text; NULL = "" */
  uint32_t attrs;              /* ACDR_DISPO_* flags */
  /** Queues the code may be used on; nqueues 0 = every queue. */
  const char *const *queues;
  size_t nqueues;
  /** Allowed conversation length (answer to hang-up, hold included) in
   * ms; 0 = no limit.  Contacts never answered have length 0. */
  int64_t min_duration_ms;
  int64_t max_duration_ms;
  /** acdr_end_reason this code is attached to automatically when a
   * contact ends that way without a code; 0 = never. */
  int32_t auto_end_reason;
  /** For ACDR_DISPO_DNC codes: how long the customer stays on the
   * do-not-contact list; 0 = until removed. */
  int64_t dnc_ms;
} acdr_dispo_code;

/** Fill `code` with defaults (everything 0 / NULL). */
ACDROUTE_EXTERN void acdr_dispo_code_default_versioned(int version,
                                                       acdr_dispo_code *code);
#define acdr_dispo_code_default(C)                                           \
  acdr_dispo_code_default_versioned(ACDR_DISPO_CODE_VERSION, (C))

/**
 * acdr_dispo_code_add - add a code to the catalog (at the end).
 * Errors: INVALID_ARGUMENT (NULL, bad id, unknown attribute bit, negative
 * or inverted duration range, bad end reason), VERSION, LIMIT (id too
 * long), DUPLICATE_ID (the id exists, or a queue is listed twice), NOMEM.
 */
ACDROUTE_EXTERN int acdr_dispo_code_add_versioned(acdr_engine *engine,
                                                  int version,
                                                  const acdr_dispo_code *code);
#define acdr_dispo_code_add(E, C)                                            \
  acdr_dispo_code_add_versioned((E), ACDR_DISPO_CODE_VERSION, (C))

/** Replace an existing code's definition (same id, same catalog place).
 * Contacts that already carry it keep the attributes they were given.
 * Errors: as acdr_dispo_code_add, UNKNOWN_CODE instead of DUPLICATE_ID. */
ACDROUTE_EXTERN int acdr_dispo_code_update_versioned(
    acdr_engine *engine, int version, const acdr_dispo_code *code);
#define acdr_dispo_code_update(E, C)                                         \
  acdr_dispo_code_update_versioned((E), ACDR_DISPO_CODE_VERSION, (C))

/** Remove a code.  Contacts that carry it keep it.  Errors:
 * INVALID_ARGUMENT, UNKNOWN_CODE, IN_USE (a follow-up rule uses it). */
ACDROUTE_EXTERN int acdr_dispo_code_remove(acdr_engine *engine,
                                           const char *code_id);

/**
 * acdr_dispo_code_get - read a code.  Strings and the queue array in *out
 * are owned by the engine, valid until the catalog changes.
 * Errors: INVALID_ARGUMENT, VERSION, UNKNOWN_CODE.
 */
ACDROUTE_EXTERN int acdr_dispo_code_get_versioned(acdr_engine *engine,
                                                  const char *code_id,
                                                  int version,
                                                  acdr_dispo_code *out);
#define acdr_dispo_code_get(E, ID, OUT)                                      \
  acdr_dispo_code_get_versioned((E), (ID), ACDR_DISPO_CODE_VERSION, (OUT))

/** Number of codes in the catalog (0 if engine is NULL). */
ACDROUTE_EXTERN size_t acdr_dispo_code_count(const acdr_engine *engine);

/** The index-th code in catalog order (0-based), as acdr_dispo_code_get.
 * Errors: INVALID_ARGUMENT, VERSION, RANGE (index >= count). */
ACDROUTE_EXTERN int acdr_dispo_code_at_versioned(acdr_engine *engine,
                                                 size_t index, int version,
                                                 acdr_dispo_code *out);
#define acdr_dispo_code_at(E, I, OUT)                                        \
  acdr_dispo_code_at_versioned((E), (I), ACDR_DISPO_CODE_VERSION, (OUT))

/**
 * acdr_dispo_catalog_set - replace the whole catalog by `codes` (n may be
 * 0: an empty catalog).  All or nothing.  Errors: as acdr_dispo_code_add
 * (DUPLICATE_ID also for an id given twice; the message names the index),
 * IN_USE (a follow-up rule uses a code missing from the new catalog).
 */
ACDROUTE_EXTERN int acdr_dispo_catalog_set_versioned(
    acdr_engine *engine, int version, const acdr_dispo_code *codes,
    size_t n);
#define acdr_dispo_catalog_set(E, CODES, N)                                  \
  acdr_dispo_catalog_set_versioned((E), ACDR_DISPO_CODE_VERSION, (CODES),   \
                                   (N))

/** Put back the built-in catalog (the 14 common codes).  Errors:
 * INVALID_ARGUMENT, IN_USE (a rule uses a code not in it), NOMEM. */
ACDROUTE_EXTERN int acdr_dispo_catalog_reset(acdr_engine *engine);

/* ------------------------------------------------------------------ */
/* Dispositions of contacts                                             */

/**
 * acdr_dispo_set - the agent's disposition of a contact in wrap-up: one
 * primary code plus `ntags` extra codes (tags may be NULL when ntags is 0).
 * Replaces what was set before during the same wrap-up.  Each code must
 * exist, be allowed on the contact's queue and for its conversation
 * length; no code may appear twice.  If the queue requires a disposition
 * and its wrap-up time has already passed, the wrap-up ends now.
 *
 * Errors: INVALID_ARGUMENT, CONTACT_NOT_FOUND, INVALID_STATE (not in
 * wrap-up, or already closed: use acdr_dispo_correct), UNKNOWN_CODE,
 * CODE_NOT_ALLOWED, LIMIT (ntags > the engine's max_attrs),
 * TIME_BACKWARDS, NOMEM, CALLBACK_FAILURE.
 */
ACDROUTE_EXTERN int acdr_dispo_set(acdr_engine *engine,
                                   const char *contact_id,
                                   const char *primary,
                                   const char *const *tags, size_t ntags,
                                   acdr_tstamp now);

/**
 * acdr_dispo_correct - change the codes of a closed contact still in the
 * history.  The change is logged (acdr_dispo_change_at); statistics move
 * from the old codes to the new ones; DNC entries of new DNC codes are
 * added; follow-up rules of codes that were not there before fire (their
 * delays count from now) and pending follow-ups of codes that were
 * dropped are cancelled.  Queue and duration limits apply as for
 * acdr_dispo_set.
 *
 * Errors: as acdr_dispo_set; NOT_FOUND (not in the history any more),
 * INVALID_STATE (the contact is still live).
 */
ACDROUTE_EXTERN int acdr_dispo_correct(acdr_engine *engine,
                                       const char *contact_id,
                                       const char *primary,
                                       const char *const *tags, size_t ntags,
                                       acdr_tstamp now);

#define ACDR_DISPO_RECORD_V1 1
#define ACDR_DISPO_RECORD_VERSION ACDR_DISPO_RECORD_V1

/** The disposition of one contact. */
typedef struct acdr_dispo_record {
  const char *primary;          /* NULL if none */
  const char *const *tags;
  size_t ntags;
  uint32_t attrs;               /* ACDR_DISPO_* of the primary code */
  uint32_t all_attrs;           /* union over primary and tags */
  int32_t closed;               /* 1: contact ended (from the history) */
  int32_t end_reason;           /* acdr_end_reason when closed */
  int32_t corrections;          /* times corrected after closing */
  int64_t duration_ms;          /* conversation length */
  const char *queue_id;         /* closed contacts only, else NULL */
  const char *agent_id;         /* closed contacts only; NULL if none */
  const char *customer_id;      /* closed contacts only; NULL if none */
  acdr_tstamp closed_at;        /* 0 while live */
} acdr_dispo_record;

/**
 * acdr_dispo_get - the disposition of a live contact or of a closed one
 * still in the history.  Strings are owned by the engine, valid until the
 * next call that changes that contact.  Errors: INVALID_ARGUMENT,
 * VERSION, CONTACT_NOT_FOUND (neither live nor in the history).
 */
ACDROUTE_EXTERN int acdr_dispo_get_versioned(acdr_engine *engine,
                                             const char *contact_id,
                                             int version,
                                             acdr_dispo_record *out);
#define acdr_dispo_get(E, ID, OUT)                                           \
  acdr_dispo_get_versioned((E), (ID), ACDR_DISPO_RECORD_VERSION, (OUT))

/**
 * acdr_dispo_set_limits - how many closed contacts the history keeps
 * (default 10000) and how many corrections the change log keeps (default
 * 1000); the oldest go first.  0 keeps nothing.  Shrinking drops the
 * oldest entries now.  Errors: INVALID_ARGUMENT.
 */
ACDROUTE_EXTERN int acdr_dispo_set_limits(acdr_engine *engine,
                                          uint32_t history,
                                          uint32_t changes);

/** One logged correction. */
typedef struct acdr_dispo_change {
  const char *contact_id;
  const char *old_codes;        /* "primary tag tag" ("" if none) */
  const char *new_codes;
  acdr_tstamp time;
} acdr_dispo_change;

/** Number of corrections in the change log. */
ACDROUTE_EXTERN size_t acdr_dispo_change_count(const acdr_engine *engine);

/** The index-th logged correction, oldest first.  Strings owned by the
 * engine, valid until the next correction or limit change.
 * Errors: INVALID_ARGUMENT, RANGE. */
ACDROUTE_EXTERN int acdr_dispo_change_at(const acdr_engine *engine,
                                         size_t index,
                                         acdr_dispo_change *out);

/* ------------------------------------------------------------------ */
/* Follow-up rules                                                      */

#define ACDR_DISPO_RULE_V1 1
#define ACDR_DISPO_RULE_VERSION ACDR_DISPO_RULE_V1

/**
 * A follow-up rule: when a contact closes carrying `code` (as primary or
 * tag), optionally only on `queue` and only if the contact attribute
 * `attr_key` equals `attr_value`, the engine emits ACDR_ACTION_FOLLOWUP
 * `delay_ms` after the close (reason = action, text = argument, value_ms =
 * duration_ms for ACDR_FOLLOWUP_DNC, else delay_ms; contact, customer and
 * queue ids set).  An ACDR_FOLLOWUP_DNC rule also puts the customer id on
 * the engine's do-not-contact list for duration_ms (0 = until removed)
 * when it fires.
 */
typedef struct acdr_dispo_rule {
  const char *id;              /* required, unique among rules */
  const char *code;            /* required, must be in the catalog */
  const char *queue;           /* NULL = any queue */
  const char *attr_key;        /* NULL = no attribute condition */
  const char *attr_value;      /* required with attr_key */
  int32_t action;              /* acdr_followup_kind */
  const char *argument;        /* template id, list name...; NULL = "" */
  int64_t delay_ms;            /* >= 0; 0 = when the contact closes */
  int64_t duration_ms;         /* DNC only: >= 0 */
} acdr_dispo_rule;

/** Fill *r with the defaults of struct version `version` (no
 * condition, no delay, everything zero / NULL).  Does nothing if r is
 * NULL. */
ACDROUTE_EXTERN void acdr_dispo_rule_default_versioned(int version,
                                                       acdr_dispo_rule *r);
#define acdr_dispo_rule_default(R)                                           \
  acdr_dispo_rule_default_versioned(ACDR_DISPO_RULE_VERSION, (R))

/** Add a rule.  Errors: INVALID_ARGUMENT (NULL, missing field, unknown
 * action, negative time), VERSION, LIMIT, DUPLICATE_ID, UNKNOWN_CODE,
 * NOMEM. */
ACDROUTE_EXTERN int acdr_dispo_rule_add_versioned(acdr_engine *engine,
                                                  int version,
                                                  const acdr_dispo_rule *r);
#define acdr_dispo_rule_add(E, R)                                            \
  acdr_dispo_rule_add_versioned((E), ACDR_DISPO_RULE_VERSION, (R))

/** Remove a rule.  Follow-ups it already scheduled still fire.
 * Errors: INVALID_ARGUMENT, NOT_FOUND. */
ACDROUTE_EXTERN int acdr_dispo_rule_remove(acdr_engine *engine,
                                           const char *rule_id);

/** Number of rules. */
ACDROUTE_EXTERN size_t acdr_dispo_rule_count(const acdr_engine *engine);

/** Read a rule (strings owned by the engine, valid until it is removed).
 * Errors: INVALID_ARGUMENT, VERSION, NOT_FOUND. */
ACDROUTE_EXTERN int acdr_dispo_rule_get_versioned(acdr_engine *engine,
                                                  const char *rule_id,
                                                  int version,
                                                  acdr_dispo_rule *out);
#define acdr_dispo_rule_get(E, ID, OUT)                                      \
  acdr_dispo_rule_get_versioned((E), (ID), ACDR_DISPO_RULE_VERSION, (OUT))

/** Follow-ups scheduled and not yet fired. */
ACDROUTE_EXTERN size_t acdr_dispo_pending_count(const acdr_engine *engine);

/* ------------------------------------------------------------------ */
/* Do-not-contact list                                                  */

/*
 * Entries are keyed by a string: a customer id or a phone number (one
 * namespace; the host may prefix keys, e.g. "tel:+15550100").  Automatic
 * entries (DNC codes, DNC rules) use the contact's customer id.  An entry
 * expires at its `until` time; expired entries are dropped lazily.
 * Lookups are O(1) on average.
 */

/** Put `key` on the list for duration_ms from now (0 = until removed).
 * An existing entry keeps the later of the two expiries.
 * Errors: INVALID_ARGUMENT (NULL key, negative duration), LIMIT (key
 * longer than max_id_len), TIME_BACKWARDS, NOMEM. */
ACDROUTE_EXTERN int acdr_dnc_add(acdr_engine *engine, const char *key,
                                 int64_t duration_ms, acdr_tstamp now);

/** Take `key` off the list.  Errors: INVALID_ARGUMENT, NOT_FOUND. */
ACDROUTE_EXTERN int acdr_dnc_remove(acdr_engine *engine, const char *key);

/**
 * acdr_dnc_check - may `key` be contacted at `now`?  *contactable = 1 if
 * it is not on the list (or its entry has expired), else 0.  If `until`
 * is not NULL it receives the entry's expiry (ACDR_TSTAMP_MAX: never; 0
 * when contactable).  Errors: INVALID_ARGUMENT, TIME_BACKWARDS.
 */
ACDROUTE_EXTERN int acdr_dnc_check(acdr_engine *engine, const char *key,
                                   acdr_tstamp now, int32_t *contactable,
                                   acdr_tstamp *until);

/** Number of entries in force at `now` (drops the expired ones).
 * Errors: INVALID_ARGUMENT, TIME_BACKWARDS. */
ACDROUTE_EXTERN int acdr_dnc_count(acdr_engine *engine, acdr_tstamp now,
                                   uint64_t *count);

/** Remove every entry.  Errors: INVALID_ARGUMENT. */
ACDROUTE_EXTERN int acdr_dnc_clear(acdr_engine *engine);

/* ------------------------------------------------------------------ */
/* Statistics                                                           */

#define ACDR_DISPO_STATS_V1 1
#define ACDR_DISPO_STATS_VERSION ACDR_DISPO_STATS_V1

/**
 * Disposition counts of closed contacts that carry at least one code,
 * since the engine started or acdr_dispo_stats_reset (the period).
 * Attribute groups count a contact once if any of its codes has the flag.
 * Corrections move a contact's counts (within the same period).
 */
typedef struct acdr_dispo_stats {
  uint64_t contacts;           /* closed contacts with a disposition */
  uint64_t code_total;         /* carrying `code` as primary or tag */
  uint64_t code_primary;       /* carrying `code` as primary */
  uint64_t contact_made;       /* ACDR_DISPO_CONTACT_MADE */
  uint64_t success;            /* ACDR_DISPO_SUCCESS */
  uint64_t resolved;           /* ACDR_DISPO_RESOLVED */
  uint64_t dnc;                /* ACDR_DISPO_DNC */
  uint64_t unworkable;         /* ACDR_DISPO_UNWORKABLE */
  double code_share;           /* code_total / contacts (0 if none) */
  double contact_rate;         /* contact_made / contacts */
  double success_rate;         /* success / contacts */
  double resolution_rate;      /* resolved / contacts */
} acdr_dispo_stats;

/**
 * acdr_dispo_stats_get - statistics for one scope: a queue (queue_id), an
 * agent (agent_id) or everything (both NULL); `code` may be NULL (then
 * code_* are 0).  Unknown ids give zeros.  Errors: INVALID_ARGUMENT (both
 * ids given), VERSION.
 */
ACDROUTE_EXTERN int acdr_dispo_stats_get_versioned(acdr_engine *engine,
                                                   const char *queue_id,
                                                   const char *agent_id,
                                                   const char *code,
                                                   int version,
                                                   acdr_dispo_stats *out);
#define acdr_dispo_stats_get(E, Q, A, CODE, OUT)                             \
  acdr_dispo_stats_get_versioned((E), (Q), (A), (CODE),                      \
                                 ACDR_DISPO_STATS_VERSION, (OUT))

/** Start a new statistics period (all counts to 0).  Errors:
 * INVALID_ARGUMENT. */
ACDROUTE_EXTERN int acdr_dispo_stats_reset(acdr_engine *engine);

#ifdef __cplusplus
}
#endif

#endif /* ACDROUTE_DISPOSITION_H */
