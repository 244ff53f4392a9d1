/* SPDX-License-Identifier: MIT */
/* A seeded random event sequence for the snapshot and replay tests.  The
 * events are produced as event lines (docs/events.md) and applied with
 * acdr_engine_apply_event_json, so two engines fed the same lines must
 * produce the same action lines. */
#ifndef ACDR_TEST_SIM_H
#define ACDR_TEST_SIM_H

#include "harness.h"

#define SIM_OUT_MAX (1 << 22)

typedef struct sim {
  acdr_engine *e;
  char *out;          /* action lines */
  size_t len;
  char offers[64][2][16]; /* ringing (contact, agent), from OFFER actions */
  int noffers;
  char conn[64][16];  /* connected or in wrap-up, from the actions */
  int nconn;
} sim;

/* An engine (seed 42) recording its actions as JSON lines in s->out;
 * `record`: keep the event log. */
void sim_init(sim *s, int record);
/* Apply the test configuration (agents a0..a5, queues q0..q3, hours,
 * dispositions, rules, metrics). */
void sim_load_config(sim *s);
void sim_free(sim *s);
/* Two engines: *a (event log kept when `record`) with the configuration
 * loaded, *b empty. */
void sim_pair(sim *a, sim *b, int record);
uint64_t sim_rand(uint64_t *x);
/* The i-th event line of the sequence, chosen with `chooser`'s view of the
 * ringing offers.  Errors (a contact that is gone...) are part of the
 * test: both engines must refuse alike. */
void sim_line(sim *chooser, uint64_t *x, int i, uint64_t t_ms, char *line,
              size_t cap);
/* Apply a line; return its result and check the invariants. */
int sim_apply(sim *s, const char *line);
/* Move *t on by a random step, write the i-th line for that time and
 * apply it to s; return the result. */
int sim_step(sim *s, uint64_t *x, int i, uint64_t *t, char *line,
             size_t cap);
/* Apply an "expiry" line at t_ms; return the result. */
int sim_expiry(sim *s, uint64_t t_ms);
/* Take s's event log (*log, to acdr_free; *len its length); return its
 * number of lines. */
int sim_take_log(sim *s, char **log, size_t *len);
/* Apply every line of `log` to s, each one successfully, checking the
 * invariants after each. */
void sim_replay(sim *s, const char *log);
/* The engine's metrics document at `now`. */
char *sim_metrics(sim *s, uint64_t t_ms);
/* Disposition statistics of both engines, everywhere and per queue and
 * code, are the same. */
void sim_same_dispo_stats(sim *a, sim *b);
/* Both engines made the same actions and have the same snapshot, metrics
 * at t_ms and disposition statistics. */
void sim_assert_same(sim *a, sim *b, uint64_t t_ms);
char *sim_snapshot(sim *s);

#endif
