/* SPDX-License-Identifier: MIT */
/* Internals of lib/config: the parsed configuration model shared by the
 * configuration loader, event lines (lib/replay) and snapshots
 * (lib/snapshot), and the writers of the engine's configuration. */
#ifndef ACDR_CONFIG_CONFIG_INT_H
#define ACDR_CONFIG_CONFIG_INT_H

#include <json-c/json.h>

#include <acdroute/disposition.h>
#include <acdroute/metrics.h>
#include <acdroute/policy.h>

#include "core/engine_int.h"
#include "json/json.h"
#include "util/suggest.h"

/* ---- the configuration model ---- */
typedef struct acdr_cfg_member {
  const char *agent;
  int32_t penalty, position;
  acdr_member_def set; /* weight, paused, wrapup_ms */
} acdr_cfg_member;

typedef struct acdr_cfg_agent {
  acdr_agent_def def;
  acdr_skill *skills;      /* def.skills */
  char ptr[ACDR_PTR_MAX];
} acdr_cfg_agent;

/* A queue's "hours" (config_hours.c): intervals sorted and merged,
 * holidays in date order, as the engine stores them. */
typedef struct acdr_cfg_hours {
  int present;
  acdr_hours h;            /* points into iv / hol / the document */
  acdr_interval *iv;       /* owned: every interval */
  acdr_holiday *hol;       /* owned */
} acdr_cfg_hours;

typedef struct acdr_cfg_queue {
  acdr_queue_def def;
  acdr_kv *params;         /* def.params */
  acdr_penalty_change *rules; /* def.rules (names point into the JSON) */
  acdr_cfg_member *members;
  size_t nmembers;
  int has_members;         /* "members" present */
  acdr_map member_ix;      /* agent id -> its first acdr_cfg_member */
  acdr_cfg_hours hours;
  char ptr[ACDR_PTR_MAX];
} acdr_cfg_queue;

/* "customers": the customer memory's bounds (customer.h). */
typedef struct acdr_cfg_customers {
  int present;
  uint32_t max, history;
  int64_t expiry_ms;
  uint64_t max_bytes;
} acdr_cfg_customers;

typedef struct acdr_cfg {
  json_object *root;       /* strings above point into it */
  char ptr[ACDR_PTR_MAX];  /* the document's own pointer ("" or "/config") */
  acdr_cfg_agent *agents;
  size_t nagents;
  acdr_cfg_queue *queues;
  size_t nqueues;
  /* id -> the first agent / queue with that id: every duplicate and
   * reference check is a lookup (linear-time loading) */
  acdr_map agent_ix, queue_ix;
  /* "dispositions" and "rules" (config_dispo.c) */
  int has_dispositions, replace_builtin, has_rules;
  acdr_dispo_code *codes;  /* codes[i].queues owned */
  size_t ncodes;
  acdr_dispo_rule *rules;
  size_t nrules;
  void *dispo;             /* acdr_dispo: the validated catalog + rules */
  int dispo_changed;       /* differs from the engine's */
  /* "metrics" (config_metrics.c) */
  int has_metrics;
  acdr_metrics_options metrics;
  uint32_t metrics_agent_bytes; /* agent_bucket_bytes (0: no budget) */
  /* "customers" (config_customers.c) */
  acdr_cfg_customers customers;
} acdr_cfg;

/* ---- customer memory (config_customers.c) ---- */
/* Read root["customers"] (defaults when absent, present 0). */
void acdr_cfg_read_customers(acdr_errs *er, json_object *root,
                             const char *ptr, acdr_cfg_customers *c);
/* Set the memory's bounds when the section is present and differs. */
int acdr_cfg_apply_customers(acdr_engine *e, const acdr_cfg_customers *c);
/* "customers": {...} when the memory is on; the bare object (events). */
void acdr_cfg_write_customers(acdr_jw *w, const acdr_engine *e);
void acdr_cfg_write_customers_obj(acdr_jw *w, const acdr_engine *e);

/* Read one agent / queue object (with members unless members_ok is 0). */
int acdr_cfg_read_agent(acdr_errs *er, json_object *o, const char *ptr,
                        acdr_cfg_agent *out);
int acdr_cfg_read_queue(acdr_errs *er, json_object *o, const char *ptr,
                        int members_ok, acdr_cfg_queue *out);
/* The numeric members of a queue object, in the order they are written
 * (and listed in the reader's key list): range and C type of the
 * acdr_queue_def field at `off`. */
typedef struct acdr_cfg_num {
  const char *key;
  int64_t lo, hi;
  int kind;   /* 0 int64_t, 1 int32_t, 2 uint32_t */
  size_t off; /* in acdr_queue_def */
} acdr_cfg_num;
#define ACDR_CFG_QUEUE_NUMS 23
extern const acdr_cfg_num acdr_cfg_queue_nums[ACDR_CFG_QUEUE_NUMS];
/* The 0/1 settings of a queue, JSON booleans: all read by one loop; those
 * with `in_loop` written by one loop too, the others where write_queue
 * puts them (their place and rule in exports predate the table). */
typedef struct acdr_cfg_flag {
  const char *key;
  size_t off;  /* of an int32_t in acdr_queue_def */
  int in_loop; /* written by the flags loop of write_queue */
} acdr_cfg_flag;
#define ACDR_CFG_QUEUE_FLAGS 17
/* The names of the ACDR_EMPTY_* bits, in bit order (since V2). */
#define ACDR_CFG_EMPTY_NAMES 8
extern const char *const acdr_cfg_empty_names[ACDR_CFG_EMPTY_NAMES];
extern const acdr_cfg_flag acdr_cfg_queue_flags[ACDR_CFG_QUEUE_FLAGS];
/* The value of field f of d, widened to int64_t. */
int64_t acdr_cfg_num_get(const acdr_cfg_num *f, const acdr_queue_def *d);

/* The document's agent / queue with this id, or NULL (O(1): the indexes
 * built by acdr_cfg_read).  The member of q for agent id, or NULL. */
const acdr_cfg_agent *acdr_cfg_agent_of(const acdr_cfg *c, const char *id);
const acdr_cfg_queue *acdr_cfg_queue_of(const acdr_cfg *c, const char *id);
const acdr_cfg_member *acdr_cfg_member_of(const acdr_cfg_queue *q,
                                          const char *agent);
/* " (did you mean \"x\"?)" for an unknown queue / agent id among the
 * document's, or "" (the hint text lives in buf).  Only while the error
 * will be listed, and over the first ACDR_CFG_HINT_IDS ids: a hint is for
 * a typo in a hand-written document and must not make a large generated
 * one quadratic. */
#define ACDR_CFG_HINT_IDS 1000
const char *acdr_cfg_hint(const acdr_errs *er, const acdr_cfg *c, int queues,
                          const char *id, char *buf, size_t len);

/* A JSON array read into a new zeroed C array: the element type. */
typedef struct acdr_cfg_list {
  const char *what; /* "expected an array of <what>" */
  size_t size;      /* element size */
  /* read element i of arr (already allocated) from o, at ptr = base/i */
  void (*item)(acdr_errs *er, json_object *o, const char *base,
               const char *ptr, void *arr, size_t i);
} acdr_cfg_list;

/* Read the JSON array a, element i at base/i: returns the new array
 * (engine allocator, owned by the caller) and its length in *n; NULL with
 * *n 0 when a is empty or not an array (reported at base).  Out of memory:
 * reported at ptr, NULL with *oom set. */
void *acdr_cfg_read_list(acdr_errs *er, json_object *a, const char *ptr,
                         const char *base, const acdr_cfg_list *l, size_t *n,
                         int *oom);

/* o[key] (optional) naming an overflow kind (acdr_overflow_kind_names)
 * into *out; an unknown name is reported at ptr/key as "unknown <what>
 * ..." with a suggestion, then `tail`.  *out is untouched otherwise. */
void acdr_cfg_read_kind(acdr_errs *er, json_object *o, const char *ptr,
                        const char *key, const char *what, const char *tail,
                        int32_t *out);
/* o["skills"] ({name: level}) as an array (allocated; names borrowed). */
int acdr_cfg_read_skills(acdr_errs *er, json_object *o, const char *ptr,
                         acdr_skill **out, size_t *n);
void acdr_cfg_agent_clear(acdr_engine *e, acdr_cfg_agent *a);
void acdr_cfg_queue_clear(acdr_engine *e, acdr_cfg_queue *q);
/* Read a whole configuration object (already parsed). */
int acdr_cfg_read(acdr_errs *er, json_object *root, const char *ptr,
                  acdr_cfg *out);
void acdr_cfg_free(acdr_engine *e, acdr_cfg *c);
/* Check the model against the engine's registered strategies (names and
 * settings); errors go to er. */
void acdr_cfg_check_strategies(acdr_errs *er, const acdr_cfg *c);

/* ---- dispositions, rules, metrics, hours (config_dispo.c,
 * config_metrics.c, config_hours.c) ---- */
void acdr_cfg_read_dispositions(acdr_errs *er, json_object *root,
                                const char *ptr, acdr_cfg *c);
/* Build c->dispo (the catalog and rules the document asks for) against
 * the engine; every error goes to er. */
void acdr_cfg_check_dispositions(acdr_errs *er, acdr_cfg *c);
/* Swap the validated catalog and rules in (cannot fail). */
void acdr_cfg_apply_dispositions(acdr_engine *e, acdr_cfg *c);
void acdr_cfg_dispositions_free(acdr_engine *e, acdr_cfg *c);
/* "dispositions" and "rules" members of the engine's configuration. */
void acdr_cfg_write_dispositions(acdr_jw *w, acdr_engine *e);
/* One code / rule object as in the configuration (event lines).  A code
 * read gets its queue array allocated: free (void *)k->queues. */
void acdr_cfg_read_code(acdr_errs *er, json_object *o, const char *ptr,
                        acdr_dispo_code *k);
void acdr_cfg_read_rule(acdr_errs *er, json_object *o, const char *ptr,
                        acdr_dispo_rule *r);
void acdr_cfg_write_code(acdr_jw *w, const acdr_dispo_code *k);
void acdr_cfg_write_rule(acdr_jw *w, const acdr_dispo_rule *r);

void acdr_cfg_read_metrics(acdr_errs *er, json_object *root,
                           const char *ptr, acdr_cfg *c);
int acdr_cfg_apply_metrics(acdr_engine *e, const acdr_cfg *c);
void acdr_cfg_write_metrics(acdr_jw *w, acdr_engine *e);

/* o["hours"] of a queue object into q->hours. */
void acdr_cfg_read_hours(acdr_errs *er, json_object *o, const char *ptr,
                         acdr_cfg_hours *out);
void acdr_cfg_hours_clear(acdr_engine *e, acdr_cfg_hours *h);
/* Closed targets must be other queues of the document. */
void acdr_cfg_check_hours_refs(acdr_errs *er, const acdr_cfg *c);
/* Set the hours of every document queue whose hours differ. */
int acdr_cfg_apply_hours(acdr_engine *e, const acdr_cfg *c);
/* An "hours" object (as given; NULL writes null). */
void acdr_cfg_write_hours(acdr_jw *w, const acdr_hours *h);

/* A queue's "rules" and "default_rule" (config_qrules.c): read into
 * q->rules / q->def; write them (nothing when the queue has none). */
int acdr_cfg_read_qrules(acdr_errs *er, json_object *o, const char *ptr,
                         acdr_cfg_queue *q);
void acdr_cfg_write_qrules(acdr_jw *w, const acdr_queue_def *d);
/* The document's top-level "queue_rules": added to every queue's rules
 * (a queue's own rule of the same name wins). */
int acdr_cfg_read_global_qrules(acdr_errs *er, json_object *root,
                                const char *ptr, acdr_cfg *c);
/* Read one "hours" value of an event line into *out (storage in *h). */
int acdr_cfg_hours_from_json(acdr_errs *er, json_object *v, const char *ptr,
                             acdr_cfg_hours *h);

/* ---- writing ---- */
/* An agent object from a definition or from a live agent. */
void acdr_cfg_write_agent_def(acdr_jw *w, const acdr_agent_def *d);
/* A membership's settings as keys of the object being written: all of
 * them (`all`), or those not at their default.  Read them from object o
 * (absent keys keep *d; `all`: every key required). */
void acdr_cfg_write_member_def(acdr_jw *w, const acdr_member_def *d, int all);
int acdr_cfg_read_member_def(acdr_errs *er, json_object *o, const char *ptr,
                             int all, acdr_member_def *d);
void acdr_cfg_write_agent(acdr_jw *w, const acdr_agent *a);
/* members: the queue's members, or NULL to leave them out */
void acdr_cfg_write_queue(acdr_jw *w, const acdr_queue_def *d,
                          const acdr_queue *members_of);
/* The engine's configuration object. */
void acdr_cfg_write_engine(acdr_jw *w, acdr_engine *e);
/* The same, without "dispositions", "rules" and "metrics" (snapshots
 * carry those modules' whole state separately). */
void acdr_cfg_write_engine_core(acdr_jw *w, acdr_engine *e);

/* ---- applying ---- */
/* Validate (against the engine) and, if apply, apply.  Records nothing. */
int acdr_cfg_apply_doc(acdr_engine *e, acdr_errs *er, acdr_cfg *c,
                       int remove_waiting, acdr_tstamp now, int apply);

/* Parse-level entry shared by acdr_config_apply and "config" event lines:
 * read, validate and apply a configuration object; records a "config"
 * line on success. */
int acdr_cfg_apply_json(acdr_engine *e, json_object *root, const char *ptr,
                        int remove_waiting, acdr_tstamp now, int doit);

/* Agents / queues in creation order (arrays allocated with the engine
 * allocator; NULL on OOM with n = 0 only if there are none). */
int acdr_agents_sorted(acdr_engine *e, acdr_agent ***out, size_t *n);
int acdr_queues_sorted(acdr_engine *e, acdr_queue ***out, size_t *n);

#endif
