/* SPDX-License-Identifier: MIT */
/* Internal state of the disposition module (lib/disposition): catalog,
 * per-contact records and history, follow-up rules and pending follow-ups,
 * the do-not-contact list and statistics.  Shared by the files of this
 * folder and by lib/config (snapshot / configuration). */
#ifndef ACDR_DISPOSITION_INT_H
#define ACDR_DISPOSITION_INT_H

#include <acdroute/disposition.h>

#include "core/engine_int.h"
#include "core/hooks.h"

struct json_object;

#define ACDR_DISPO_HISTORY_DEFAULT 10000u
#define ACDR_DISPO_CHANGES_DEFAULT 1000u
#define ACDR_DISPO_END_REASONS 8 /* acdr_end_reason values 0..7 */
/* Most tags a record holds (its packed count). */
#define ACDR_DISPO_MAX_TAGS ((1u << 30) - 1)
/* Longest delay or duration accepted: ten years (keeps now + delay far
 * from overflowing). */
#define ACDR_DISPO_MAX_MS ((int64_t)3650 * 86400000)

/* now + ms, saturating at ACDR_TSTAMP_MAX. */
static inline acdr_tstamp acdr_dispo_after(acdr_tstamp now, int64_t ms) {
  acdr_tstamp d = (acdr_tstamp)ms * ACDR_MILLISECONDS;
  return now > ACDR_TSTAMP_MAX - d ? ACDR_TSTAMP_MAX : now + d;
}

typedef struct acdr_drule acdr_drule;
typedef struct acdr_fu acdr_fu;

/* A catalog code.  `rules` chains the rules of this code in the order they
 * were added (a code with rules cannot be removed). */
typedef struct acdr_dcode {
  char *id;
  char *label;
  char *category;
  uint32_t attrs;
  char **queues;
  size_t nqueues;
  int64_t min_ms, max_ms;
  int32_t auto_end;
  int64_t dnc_ms;
  acdr_drule *rules;
} acdr_dcode;

/* The disposition of one contact: attached to the live contact
 * (c->disposition) during wrap-up, then moved into the history when the
 * contact closes (the close fills in the ids and times).  Codes (primary,
 * tags), queue and agent ids are interned strings (acdr_dispo_intern):
 * thousands of records share a handful of them. */
typedef struct acdr_drec {
  char *primary;
  char **tags;
  /* closed contacts: contact_id and agent_id share one allocation
   * (acdr_history_set_ids), queue_id is interned */
  char *contact_id, *queue_id, *agent_id, *customer_id;
  acdr_kv *cattrs;                 /* contact attributes, for rules */
  struct acdr_drec *older, *newer; /* history order */
  acdr_contact *contact;           /* while the contact struct exists */
  acdr_fu *pending;                /* follow-ups scheduled from it */
  int64_t duration_ms;
  acdr_tstamp closed_at;
  uint64_t stats_epoch; /* period its statistics were counted in */
  uint32_t attrs;       /* primary's */
  uint32_t all_attrs;   /* union */
  uint32_t ncattrs;
  /* packed to keep the record at 136 bytes (a 144-byte chunk); a tag
   * count is bounded by max_attrs and by memory far below 2^30 */
  uint32_t ntags : 30;
  uint32_t counted : 1;
  uint32_t in_history : 1;
  int32_t end_reason;
  int32_t corrections;
} acdr_drec;

struct acdr_drule {
  char *id, *code, *queue, *attr_key, *attr_value, *argument;
  int32_t action;
  int64_t delay_ms, duration_ms;
  acdr_drule *next_of_code;
};

/* A delayed follow-up: one allocation, strings stored after the struct. */
struct acdr_fu {
  acdr_timer timer;
  acdr_fu *prev, *next;           /* engine list */
  acdr_fu *prev_of, *next_of;     /* the history entry's list */
  acdr_drec *entry;               /* NULL once evicted from history */
  int32_t kind;
  int64_t value_ms;
  int64_t dnc_ms;
  const char *contact_id, *customer_id, *queue_id, *text, *code, *rule_id;
};

typedef struct acdr_dchange {
  char *contact_id, *old_codes, *new_codes;
  acdr_tstamp time;
} acdr_dchange;

typedef struct acdr_dispo {
  /* catalog, in order */
  acdr_dcode **codes;
  size_t ncodes, capcodes;
  acdr_map code_map;
  const acdr_dcode *auto_for[ACDR_DISPO_END_REASONS];
  /* rules, in order */
  acdr_drule **rules;
  size_t nrules, caprules;
  acdr_map rule_map;
  /* follow-ups waiting for their time */
  acdr_fu *pending;
  size_t npending;
  /* history of closed contacts and the change log (a ring) */
  acdr_map history;
  acdr_drec *oldest, *newest;
  size_t nhistory;
  uint32_t history_limit;
  acdr_dchange *changes;
  size_t nchanges, change_head, capchanges;
  uint32_t change_limit;
  /* do-not-contact list: map key -> entry; timed entries also in a heap */
  acdr_map dnc;
  acdr_heap dnc_heap;
  /* interned strings of the records: text -> acdr_istr (zeroed = empty) */
  acdr_map strs;
  /* statistics: scope key ("", "q\x1f<id>", "a\x1f<id>") -> scope */
  acdr_map scopes;
  uint64_t stats_epoch;
  uint64_t dropped; /* follow-ups / entries lost to out-of-memory */
} acdr_dispo;

/* The module's hooks (module.c); its state is the engine's acdr_dispo,
 * acdr_dispo_of(e).  acdr_dispo_set_state installs another one (the
 * configuration builds a candidate state beside the real one). */
extern const acdr_module_vt acdr_dispo_module;
ACDR_MODULE_STATE(acdr_dispo, acdr_dispo_module, acdr_dispo_of,
                  acdr_dispo_set_state)
/* Attach the module to a new engine (composition root): built-in
 * catalog, default limits.  0 or NOMEM. */
int acdr_dispo_attach(acdr_engine *e);
/* A fresh state (built-in catalog) replaces the current one (snapshot
 * restore); on NOMEM the current one stays. */
int acdr_dispo_reset(acdr_engine *e);

/* acdr_dispo_catalog_set_versioned for an old struct version (an array of
 * old-layout codes): converts the array and calls it with the latest
 * (catalog.c).  Errors: as acdr_dispo_catalog_set, NOMEM. */
int acdr_catalog_set_old(acdr_engine *e, int version,
                         const acdr_dispo_code *codes, size_t n);

/* --- the hooks' work (record.c) --- */
/* c reached a terminal state: automatic codes, rules, history, stats. */
void acdr_record_contact_ended(acdr_engine *e, acdr_contact *c);
/* c is freed: its record stays in the history (if there) without it. */
void acdr_record_contact_free(acdr_engine *e, acdr_contact *c);
/* 0 if c's wrap-up may end now, else ACDR_ERR_DISPOSITION_REQUIRED with a
 * message. */
int acdr_record_wrapup_may_end(acdr_engine *e, acdr_contact *c);
/* *out for c (valid while c lives): 1 with a primary code, else 0. */
int acdr_record_summary(acdr_engine *e, const acdr_contact *c,
                        acdr_disp_summary *out);
/* Where the closed contact cid ended: 1 if in the history, else 0. */
int acdr_record_closed_contact(acdr_engine *e, const char *cid,
                               acdr_closed_contact *out);

/* --- state and helpers (module.c) --- */
/* A fresh state: empty catalog, default limits. */
acdr_dispo *acdr_dispo_state_new(acdr_engine *e);
void acdr_dispo_state_free(acdr_engine *e, acdr_dispo *d);
/* Code ids: 1..max_id_len bytes, no whitespace or control characters. */
int acdr_dispo_check_code_id(acdr_engine *e, const char *id,
                             const char *what);
char *acdr_dispo_strdup0(acdr_engine *e, const char *s, int *fail);

/* --- catalog (catalog.c) --- */
int acdr_catalog_init(acdr_engine *e, acdr_dispo *d);
void acdr_catalog_free(acdr_engine *e, acdr_dispo *d);
const acdr_dcode *acdr_catalog_find(const acdr_dispo *d, const char *id);
/* The public view of k (strings borrowed from k): every field of *out. */
void acdr_catalog_fill(const acdr_dcode *k, acdr_dispo_code *out);
/* 0 if code may be used on queue_id for a conversation of duration_ms,
 * else UNKNOWN_CODE / CODE_NOT_ALLOWED with a message. */
int acdr_catalog_allowed(acdr_engine *e, const char *code,
                         const char *queue_id, int64_t duration_ms,
                         const char *contact_id);

/* --- records and history (record.c / history.c) --- */
/* An interned string, counted by the records that hold it: the text
 * starts the allocation (so the engine can blank actions pointing at it if
 * it must free it early), this trailer follows at the next multiple of 8.
 * `pool` is the map of the state that made it, NULL once that state is
 * freed (a live contact's record may outlive it). */
typedef struct acdr_istr {
  acdr_map *pool;
  uint32_t refs;
} acdr_istr;
/* s's shared copy (one more reference), NULL for NULL; on out-of-memory
 * NULL and *fail = 1. */
char *acdr_dispo_intern(acdr_engine *e, const char *s, int *fail);
/* Drop a reference taken by acdr_dispo_intern (NULL: nothing); the last
 * one frees the copy once pending actions are delivered. */
void acdr_dispo_unintern(acdr_engine *e, const char *s);
void acdr_history_free_record(acdr_engine *e, acdr_drec *r);
/* Validate primary + tags for a contact; fills *attrs / *all_attrs. */
int acdr_record_validate(acdr_engine *e, const char *contact_id,
                         const char *queue_id, int64_t duration_ms,
                         const char *primary, const char *const *tags,
                         size_t ntags, uint32_t *attrs, uint32_t *all_attrs);
/* r's contact id and agent id (NULL: none) in one allocation: the
 * contact id first (it is what actions point at), the agent id after it.
 * 0 or NOMEM (r unchanged). */
int acdr_history_set_ids(acdr_engine *e, acdr_drec *r, const char *contact_id,
                         const char *agent_id);
/* Interned primary + tags (*ptags may be NULL; the array is the
 * caller's, the strings are references). */
int acdr_history_copy_codes(acdr_engine *e, const char *primary,
                            const char *const *tags, size_t ntags,
                            char **pprimary, char ***ptags);
void acdr_history_free_codes(acdr_engine *e, char *primary, char **tags,
                             size_t ntags);
acdr_drec *acdr_history_find(const acdr_dispo *d, const char *contact_id);
/* Add a closed record to the history (evicting the oldest / a record of
 * the same contact id).  Frees r if the limit is 0. */
void acdr_history_push(acdr_engine *e, acdr_drec *r);
void acdr_history_trim(acdr_engine *e);
void acdr_history_free(acdr_engine *e, acdr_dispo *d);
/* Log a correction (takes ownership of the strings; frees on failure). */
void acdr_history_changes_log(acdr_engine *e, char *contact_id, char *old_codes,
                              char *new_codes, acdr_tstamp time);
void acdr_history_changes_trim(acdr_engine *e);
void acdr_history_changes_free(acdr_engine *e, acdr_dispo *d);
/* "primary tag tag" in a new string ("" without a primary), or NULL on
 * out-of-memory. */
char *acdr_history_join(acdr_engine *e, const char *primary, char *const *tags,
                        size_t ntags);
int acdr_history_codes_contain(const char *primary, char *const *tags, size_t ntags,
                               const char *code);

/* --- rules and follow-ups (rules.c) --- */
void acdr_rules_free(acdr_engine *e, acdr_dispo *d);
/* Fire the rules of `code` for record r (closed; ids filled) at e->now. */
void acdr_rules_fire(acdr_engine *e, acdr_drec *r, const char *code);
/* Cancel r's pending follow-ups whose code r no longer carries. */
void acdr_rules_cancel_dropped(acdr_engine *e, acdr_drec *r);
/* The public view of r (strings borrowed from r): every field of *out. */
void acdr_rules_fill(const acdr_drule *r, acdr_dispo_rule *out);
/* An upper bound of the timers the rules of these codes may need. */
size_t acdr_rules_count_for(const acdr_dispo *d, const char *primary,
                            const char *const *tags, size_t ntags);
/* Schedule a follow-up (used by rules and by snapshot restore). */
int acdr_rules_schedule(acdr_engine *e, acdr_drec *entry, int32_t kind,
                        int64_t value_ms, int64_t dnc_ms, const char *contact_id,
                        const char *customer_id, const char *queue_id,
                        const char *text, const char *code, const char *rule_id,
                        acdr_tstamp when);
void acdr_rules_detach_all(acdr_drec *r);
void acdr_rules_pending_free(acdr_engine *e, acdr_dispo *d);
/* Emit a FOLLOWUP action now (and apply a DNC follow-up to the list). */
void acdr_rules_emit(acdr_engine *e, int32_t kind, int64_t value_ms,
                     int64_t dnc_ms, const char *contact_id,
                     const char *customer_id, const char *queue_id,
                     const char *text);

/* --- do-not-contact (dnc.c) --- */
typedef struct acdr_dnc_entry {
  acdr_tstamp until; /* ACDR_TSTAMP_MAX: never expires (not in the heap) */
  size_t heap_idx;
  char key[];
} acdr_dnc_entry;

void acdr_dnc_init_state(acdr_dispo *d);
void acdr_dnc_free_state(acdr_engine *e, acdr_dispo *d);
/* Add or extend an entry until `until` (ACDR_TSTAMP_MAX = never). */
int acdr_dnc_put(acdr_engine *e, const char *key, acdr_tstamp until);
/* Drop up to `max` expired entries (all if max is 0). */
void acdr_dnc_sweep(acdr_engine *e, acdr_tstamp now, size_t max);
/* The core's may_contact service (core/hooks.h). */
int acdr_dnc_may_contact(acdr_engine *e, const char *key, acdr_tstamp *until);

/* --- statistics (stats.c) --- */
/* A code's counts in a scope; `code` is interned (acdr_dispo_intern). */
typedef struct acdr_dcount {
  char *code;
  uint64_t total, primary;
} acdr_dcount;

/* A scope holds only the codes it counted, in an array of exactly that
 * size (a scope sees few codes; a lookup compares interned pointers
 * first). */
typedef struct acdr_dscope {
  uint64_t contacts, made, success, resolved, dnc, unworkable;
  acdr_dcount *codes;
  size_t ncodes;
  char key[]; /* "" (all), "q\x1f<queue>", "a\x1f<agent>" */
} acdr_dscope;

acdr_dscope *acdr_stats_scope(acdr_engine *e, const char *key, int create);
/* s's counts of code, added (zero) if missing; valid until the next
 * call adds a code to s.  NULL on out-of-memory. */
acdr_dcount *acdr_stats_code(acdr_engine *e, acdr_dscope *s,
                             const char *code);
/* The counts of code in s, or NULL. */
const acdr_dcount *acdr_stats_find(const acdr_dscope *s, const char *code);
/* Count (sign +1) or uncount (-1) closed record r. */
void acdr_stats_count(acdr_engine *e, acdr_drec *r, int sign);
void acdr_stats_free(acdr_engine *e, acdr_dispo *d);

/* --- snapshot / configuration (json.c) ---
 * save: adds "catalog", "rules", "dnc", "pending", "history", "changes",
 * "live" and "limits" members to the object `out`.
 * load: replaces the module's state by what `in` holds (members absent in
 * `in` are left as they are); "live" records are attached to contacts
 * that exist, so restore contacts first.  All or nothing: on error the
 * state is unchanged and the message names the JSON path.
 * Errors: INVALID_ARGUMENT, PARSE, CONFIG, DUPLICATE_ID, UNKNOWN_CODE,
 * NOMEM. */
int acdr_json_save_state(acdr_engine *e, struct json_object *out);
/* The members, in load order (json_save.c). */
#define ACDR_DISPO_JSON_MEMBERS 9
extern const char *const acdr_json_save_members[ACDR_DISPO_JSON_MEMBERS];
int acdr_json_load_state(acdr_engine *e, struct json_object *in);

/* --- snapshot.c: the module's part of a snapshot --- */
struct acdr_jw;
struct acdr_errs;
/* Write the "dispositions" and "followup_seq" members (canonical: equal
 * states give equal text).  0 or an error with a message. */
int acdr_snapshot_write_dispositions(acdr_engine *e, struct acdr_jw *w);
/* Read them back: d is root["dispositions"] (an object); every error goes
 * to er with its JSON pointer. */
void acdr_snapshot_read_dispositions(acdr_engine *e, struct acdr_errs *er,
                                     struct json_object *root,
                                     struct json_object *d);

#endif
