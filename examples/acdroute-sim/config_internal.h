/* SPDX-License-Identifier: MIT */
/*
 * acdroute-sim: the scenario-file loader's internal declarations, shared by
 * config*.c only.
 *
 *   config.c         the document, the traffic object, quick overrides
 *   config_json.c    checked reading: errors with JSON pointers, unknown
 *                    keys, numbers, strings, times, distributions
 *   config_engine.c  the engine part (applied by the library)
 *   config_queues.c  the traffic of a queue: arrivals, durations,
 *                    attributes, VIPs, repeats, dispositions
 *   config_agents.c  agents' behaviour and shifts
 */
#ifndef ACDR_SIM_CONFIG_INTERNAL_H
#define ACDR_SIM_CONFIG_INTERNAL_H

#include <json-c/json.h>

#include "sim.h"

#define PTR 512
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_PRINTED 50

typedef struct ld {
  const char *file;
  int nerr;
  sim_scenario *s;
  acdr_engine *e;        /* the engine part, applied (catalog lookups) */
} ld;

/* config_json.c */
/* Report an error at JSON pointer ptr (the first MAX_PRINTED of them). */
void cfg_err(ld *l, const char *ptr, const char *fmt, ...);
/* JSON pointer of a member / an element of base. */
void pkey(char *dst, const char *base, const char *key);
void pidx(char *dst, const char *base, size_t i);
int is_num(json_object *v);
/* 1 if o is an object, else 0 (reported). */
int is_object(ld *l, json_object *o, const char *ptr);
/* Unknown keys are errors (with a hint when one is close). */
void check_keys(ld *l, json_object *o, const char *ptr,
                const char *const *keys, size_t n);
/* Element i of array a (its pointer into ip[PTR]): an object with only
 * the given keys (others reported); NULL (reported) when not an object. */
json_object *get_elem(ld *l, json_object *a, const char *ptr, size_t i,
                      char *ip, const char *const *keys, size_t n);
/* The getters: 1 if present and valid, 0 if absent, -1 bad (reported). */
int get_num(ld *l, json_object *o, const char *ptr, const char *key,
            double lo, double hi, double *out);
int get_str(ld *l, json_object *o, const char *ptr, const char *key,
            const char **out);
int get_time(ld *l, json_object *o, const char *ptr, const char *key,
             double *out);
int get_dist(ld *l, json_object *o, const char *ptr, const char *key,
             int allow_zero, sim_dist *d);
int get_range(ld *l, json_object *o, const char *ptr, const char *key,
              double lo, double hi, double *a, double *b);
/* An intraday curve: 1 to SIM_MAX_CURVE numbers >= 0. */
int get_curve(ld *l, json_object *o, const char *ptr, const char *key,
              double *c, int *n);
/* An agent id at p; -1 (reported) if unknown. */
int agent_ref(ld *l, json_object *v, const char *p);

/* config_engine.c */
/* Apply the command-line overrides that belong to the engine document. */
void engine_overrides(json_object *eng, const sim_overrides *ov);
/* Queues and agents of the scenario from the engine document. */
int load_engine(ld *l, json_object *eng);

/* config_queues.c */
void load_queue(ld *l, json_object *o, const char *ptr, sim_queue_model *q,
                const double *curve, int ncurve);

/* config_agents.c */
void load_agents(ld *l, json_object *o, const char *ptr);

#endif
