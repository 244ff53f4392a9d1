/* Internals of lib/config: module state, error collection with JSON
 * pointers, typed readers over json-c, and the parsed configuration model
 * shared by the configuration loader, event lines and snapshots.  json-c
 * types never leave lib/config. */
#ifndef ACDR_CONFIG_CONFIG_INT_H
#define ACDR_CONFIG_CONFIG_INT_H

#include <json-c/json.h>

#include <acdroute/disposition.h>
#include <acdroute/metrics.h>
#include <acdroute/policy.h>

#include "util/suggest.h"
#include "core/engine_int.h"
#include "config/jsonw.h"

/* ---- module state (e->eventlog) ---- */
typedef struct acdr_cfgmod {
  acdr_jw log;        /* recorded event lines */
  uint64_t lost;      /* lines lost for lack of memory */
  int suspended;      /* >0: calls made by lib/config itself, not recorded */
  char *errors;       /* every message of the last document call */
} acdr_cfgmod;

acdr_cfgmod *acdr_cfgmod_of(const acdr_engine *e);

/* ---- errors: all of them, each with a JSON pointer ---- */
#define ACDR_PTR_MAX 256
#define ACDR_ERRS_MAX 100 /* more than this are counted, not listed */

typedef struct acdr_errs {
  acdr_engine *e;
  acdr_jw text;
  size_t count;
  int code;           /* error code of the first error */
} acdr_errs;

void acdr_errs_init(acdr_errs *er, acdr_engine *e);
void acdr_errs_add(acdr_errs *er, int code, const char *ptr, const char *fmt,
                   ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Store the messages for acdr_config_last_errors, the first one as the
 * engine's last error; returns 0 if there were none, else the code of the
 * first error. */
int acdr_errs_finish(acdr_errs *er);
/* Drop the collected messages (success). */
void acdr_errs_free(acdr_errs *er);

/* Append "/" + escaped token (or index) to a pointer (truncates safely). */
void acdr_ptr_key(char *out, const char *base, const char *key);
void acdr_ptr_idx(char *out, const char *base, size_t i);


/* ---- reading JSON ---- */
/* Parse a whole document (len bytes).  On malformed JSON adds one error
 * "line L, column C: <what>" (code ACDR_ERR_PARSE) and returns NULL. */
json_object *acdr_json_parse(acdr_errs *er, const char *doc, size_t len);

/* Check that obj is an object; unknown keys are errors with a hint. */
int acdr_jobject(acdr_errs *er, json_object *obj, const char *ptr,
                 const char *const *known, size_t nknown);
/* Typed field readers.  Absent optional fields leave *out unchanged and
 * return 0; a present field of the wrong type or range adds an error and
 * returns -1.  Required and absent: error, -1. */
int acdr_jstr(acdr_errs *er, json_object *o, const char *ptr,
              const char *key, int required, const char **out);
int acdr_jint(acdr_errs *er, json_object *o, const char *ptr,
              const char *key, int required, int64_t lo, int64_t hi,
              int64_t *out);
int acdr_jbool(acdr_errs *er, json_object *o, const char *ptr,
               const char *key, int *out);
/* A value that is a string, integer or boolean, as a string (strategy
 * settings, attributes).  The string is owned by the object or `tmp`. */
const char *acdr_jscalar(json_object *v, char *tmp, size_t tmplen);

/* ---- names ---- */
const char *acdr_channel_name(int32_t ch);
int acdr_channel_parse(const char *s); /* -1 if unknown */
extern const char *const acdr_channel_names[ACDR_CHANNEL_COUNT];
extern const char *const acdr_overflow_kind_names[5];

/* ---- the configuration model ---- */
typedef struct acdr_cfg_member {
  const char *agent;
  int32_t penalty, position;
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
  acdr_cfg_member *members;
  size_t nmembers;
  int has_members;         /* "members" present */
  acdr_cfg_hours hours;
  char ptr[ACDR_PTR_MAX];
} acdr_cfg_queue;

typedef struct acdr_cfg {
  json_object *root;       /* strings above point into it */
  char ptr[ACDR_PTR_MAX];  /* the document's own pointer ("" or "/config") */
  acdr_cfg_agent *agents;
  size_t nagents;
  acdr_cfg_queue *queues;
  size_t nqueues;
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
} acdr_cfg;

/* Read one agent / queue object (with members unless members_ok is 0). */
int acdr_cfg_read_agent(acdr_errs *er, json_object *o, const char *ptr,
                        acdr_cfg_agent *out);
int acdr_cfg_read_queue(acdr_errs *er, json_object *o, const char *ptr,
                        int members_ok, acdr_cfg_queue *out);
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
/* Read one "hours" value of an event line into *out (storage in *h). */
int acdr_cfg_hours_from_json(acdr_errs *er, json_object *v, const char *ptr,
                             acdr_cfg_hours *h);

/* ---- writing ---- */
/* An agent object from a definition or from a live agent. */
void acdr_cfg_write_agent_def(acdr_jw *w, const acdr_agent_def *d);
void acdr_cfg_write_agent(acdr_jw *w, const acdr_agent *a);
/* members: the queue's members, or NULL to leave them out */
void acdr_cfg_write_queue(acdr_jw *w, const acdr_queue_def *d,
                          const acdr_queue *members_of);
/* The engine's configuration object. */
void acdr_cfg_write_engine(acdr_jw *w, acdr_engine *e);
/* The same, without "dispositions", "rules" and "metrics" (snapshots
 * carry those modules' whole state separately). */
void acdr_cfg_write_engine_core(acdr_jw *w, acdr_engine *e);
void acdr_action_write(acdr_jw *w, const acdr_action *a);

/* ---- snapshots of the modules (snapshot_modules.c) ---- */
/* "metrics", "dispositions" and "followup_seq" members. */
int acdr_snapshot_write_modules(acdr_jw *w, acdr_engine *e);
void acdr_snapshot_restore_modules(acdr_engine *e, acdr_errs *er,
                                   json_object *root);

/* ---- applying ---- */
/* Validate (against the engine) and, if apply, apply.  Records nothing. */
int acdr_cfg_apply_doc(acdr_engine *e, acdr_errs *er, acdr_cfg *c,
                       int remove_waiting, acdr_tstamp now, int apply);

/* Parse-level entry shared by acdr_config_apply and "config" event lines:
 * read, validate and apply a configuration object; records a "config"
 * line on success. */
int acdr_cfg_apply_json(acdr_engine *e, json_object *root, const char *ptr,
                        int remove_waiting, acdr_tstamp now, int doit);
extern const char *const acdr_reject_names[3];
void acdr_eventlog_config(acdr_engine *e, int remove_waiting);

/* Agents / queues in creation order (arrays allocated with the engine
 * allocator; NULL on OOM with n = 0 only if there are none). */
int acdr_agents_sorted(acdr_engine *e, acdr_agent ***out, size_t *n);
int acdr_queues_sorted(acdr_engine *e, acdr_queue ***out, size_t *n);

#endif
