/* SPDX-License-Identifier: MIT */
/* Event-line fuzzer: the input is a sequence of JSON event lines
 * (docs/events.md), fed one by one to acdr_engine_apply_event_json, as
 * acdroute-drive does, on an engine loaded with a small fixed
 * configuration.
 *
 *  - no line crashes; a line that fails leaves a consistent engine
 *    (acdr_engine_check after every line) and changes nothing: a shadow
 *    engine gets only the accepted lines (and must accept each of them),
 *    so it holds the state from before the current line; after a refused
 *    line both have the same clock and next deadline and, for the first
 *    FULL_CHECKS refusals of an input, the same snapshot (oracle.h); at
 *    the end of the input the two snapshots are identical;
 *  - every action converts to a JSON line (acdr_action_to_json, first
 *    into a too-small buffer: LIMIT, then with the size it asked for)
 *    that is valid UTF-8 (with -DACDR_FUZZ_STRICT_INPUT: ids with invalid
 *    UTF-8 are still accepted, issue 15);
 *  - the recorder's log, replayed into a fresh engine, gives the same
 *    actions (hash of the action lines), the same snapshot and the same
 *    clock (acdr_engine_now).
 * Any failure aborts.  Corpus: tests/fuzz/corpus/fuzz_eventline/ (seeded
 * from the examples of docs/events.md). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <acdroute/acdroute.h>

#include "oracle.h"

#define MAX_LINES 256
#ifndef FULL_CHECKS /* full snapshot comparisons per input (ms each) */
#define FULL_CHECKS 8
#endif

static const char config[] =
    "{\"version\": 1,"
    " \"agents\": ["
    "  {\"id\": \"a1\", \"skills\": {\"german\": 80}},"
    "  {\"id\": \"a2\", \"capacity\": {\"voice\": 1, \"chat\": 2}},"
    "  {\"id\": \"a3\", \"wrapup_ms\": 2000}],"
    " \"queues\": ["
    "  {\"id\": \"sales\", \"strategy\": \"round-robin\", \"max_wait_ms\": "
    "60000, \"overflow_kind\": \"queue\", \"overflow_target\": \"support\","
    "   \"announce_interval_ms\": 20000, \"members\": [\"a1\", \"a2\"]},"
    "  {\"id\": \"support\", \"strategy\": \"longest-idle\", \"max_len\": 5,"
    "   \"ring_timeout_ms\": 10000, \"wrapup_ms\": 1000,"
    "   \"members\": [\"a2\", {\"agent\": \"a3\", \"penalty\": 1}]},"
    "  {\"id\": \"chat\", \"strategy\": \"least-busy\", \"channel\": \"chat\","
    "   \"members\": [\"a2\"]}]}";

typedef struct run {
  uint64_t hash;
  unsigned long nactions;
  char buf[8192];
} run;

static void die(acdr_engine *e, const char *what, int rv) {
  fprintf(stderr, "fuzz_eventline: %s: rv=%d %s\n", what, rv,
          e ? acdr_engine_last_error(e) : "");
  abort();
}

static int on_action(acdr_engine *e, const acdr_action *a, void *ud) {
  run *r = ud;
  size_t need = 0, i;
  int rv = acdr_action_to_json(r->buf, 8, &need, a);
  if (rv != 0 && rv != ACDR_ERR_LIMIT) die(e, "action_to_json", rv);
  if ((rv == ACDR_ERR_LIMIT) != (need >= 8)) die(e, "to_json size", rv);
  if (need + 1 > sizeof(r->buf)) return 0; /* long ids: skip the hash */
  rv = acdr_action_to_json(r->buf, need + 1, &need, a);
  if (rv != 0 || strlen(r->buf) != need) die(e, "to_json retry", rv);
#ifdef ACDR_FUZZ_STRICT_INPUT
  if (!fz_utf8_valid((const unsigned char *)r->buf, need)) {
    fprintf(stderr, "action: %s\n", r->buf);
    die(e, "action line is not valid UTF-8", 0);
  }
#endif
  for (i = 0; i < need; i++) r->hash = (r->hash ^ (uint8_t)r->buf[i]) *
                                       1099511628211ull;
  r->hash = (r->hash ^ '\n') * 1099511628211ull;
  r->nactions++;
  return 0;
}

static acdr_engine *new_engine(run *r, int record) {
  acdr_engine *e = NULL;
  acdr_callbacks cb;
  acdr_options opt;
  memset(&cb, 0, sizeof(cb));
  cb.on_action = on_action;
  acdr_options_default(&opt);
  opt.seed = 7;
  opt.record_events = record;
  r->hash = 14695981039346656037ull;
  r->nactions = 0;
  if (acdr_engine_new(&e, &cb, &opt, r) != 0) abort();
  return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  run r1, r2, r3;
  acdr_engine *e = new_engine(&r1, 1), *e2, *shadow;
  unsigned full_checks = 0;
  const char *p = (const char *)data, *end = p + size;
  char *log = NULL, *s1 = NULL, *s2 = NULL;
  size_t loglen = 0, l1 = 0, l2 = 0;
  int rv, nlines = 0;

  if ((rv = acdr_config_apply(e, config, sizeof(config) - 1,
                              ACDR_RELOAD_REFUSE, 0)) != 0)
    die(e, "config", rv);
  shadow = new_engine(&r3, 0);
  if ((rv = acdr_config_apply(shadow, config, sizeof(config) - 1,
                              ACDR_RELOAD_REFUSE, 0)) != 0)
    die(shadow, "config (shadow)", rv);
  while (p < end && nlines++ < MAX_LINES) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
    rv = acdr_engine_apply_event_json(e, p, len);
    if (rv <= ACDR_ERR_FATAL_LIMIT) die(e, "fatal", rv);
    if (rv != 0 && acdr_engine_last_error(e)[0] == '\0')
      die(e, "error without a message", rv);
    if (rv == 0) {
      int rv2 = acdr_engine_apply_event_json(shadow, p, len);
      if (rv2 != 0) {
        fprintf(stderr, "line %d: %.*s\n", nlines, (int)len, p);
        die(shadow, "same line on the same state, another result", rv2);
      }
    } else if (rv != ACDR_ERR_CALLBACK_FAILURE &&
               (acdr_engine_now(e) != acdr_engine_now(shadow) ||
                acdr_engine_get_expiry(e) != acdr_engine_get_expiry(shadow) ||
                full_checks++ < FULL_CHECKS)) {
      char what[300];
      fz_state before;
      snprintf(what, sizeof(what), "line %d: %.*s", nlines,
               (int)(len > 240 ? 240 : len), p);
      fz_state_take(shadow, &before);
      fz_state_expect_same(e, &before, what, rv);
      fz_state_free(shadow, &before);
    }
    if (acdr_engine_check(e) != 0) die(e, "invariant", rv);
    p += len;
  }
  {
    /* every refusal past the budget: nothing changed for good either */
    fz_state shadow_end;
    fz_state_take(shadow, &shadow_end);
    fz_state_expect_same(e, &shadow_end, "line (end of input)", 0);
    fz_state_free(shadow, &shadow_end);
    acdr_engine_del(shadow);
  }

  /* replay the recorded log into a fresh engine */
  rv = acdr_engine_event_log_take(e, &log, &loglen);
  if (rv) die(e, "event_log_take", rv);
  e2 = new_engine(&r2, 1);
  for (p = log, end = log + loglen; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
    rv = acdr_engine_apply_event_json(e2, p, len);
    if (rv != 0 && rv != ACDR_ERR_CALLBACK_FAILURE) {
      fprintf(stderr, "line: %.*s\n", (int)len, p);
      die(e2, "recorded line refused on replay", rv);
    }
    p += len;
  }
  if (acdr_engine_check(e2) != 0) die(e2, "invariant (replica)", 0);
  if (acdr_engine_now(e) != acdr_engine_now(e2)) {
    fprintf(stderr, "log:\n%s\nnow %llu vs %llu\n", log,
            (unsigned long long)acdr_engine_now(e),
            (unsigned long long)acdr_engine_now(e2));
    die(e2, "replica clock differs", 0);
  }
  if (r1.nactions != r2.nactions || r1.hash != r2.hash) {
    fprintf(stderr, "log:\n%s\nactions %lu vs %lu\n", log, r1.nactions,
            r2.nactions);
    die(e2, "replica emitted different actions", 0);
  }
  if ((rv = acdr_engine_snapshot(e, &s1, &l1)) != 0) die(e, "snapshot", rv);
  if ((rv = acdr_engine_snapshot(e2, &s2, &l2)) != 0)
    die(e2, "snapshot 2", rv);
  /* the clock too: a refused call does not move it, and every call that
   * succeeded is in the log */
  if (l1 != l2 || memcmp(s1, s2, l1) != 0) {
    fprintf(stderr, "log:\n%s\n--- original\n%s\n--- replica\n%s\n", log,
            s1, s2);
    die(e2, "replica state differs", 0);
  }
  acdr_free(e, log);
  acdr_free(e, s1);
  acdr_free(e2, s2);
  acdr_engine_del(e2);
  acdr_engine_del(e);
  return 0;
}
