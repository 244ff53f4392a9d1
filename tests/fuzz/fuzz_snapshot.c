/* SPDX-License-Identifier: MIT */
/* Snapshot loader fuzzer: the input is a snapshot document.
 *
 *  - acdr_engine_restore never crashes; a refused snapshot leaves the
 *    engine exactly as it was before (snapshot, next deadline and clock
 *    of the empty engine, oracle.h) with a message;
 *  - restoring into a loaded engine is refused and leaves it identical;
 *  - an accepted snapshot gives a consistent engine (acdr_engine_check);
 *  - its snapshot is valid UTF-8 (with -DACDR_FUZZ_STRICT_INPUT: ids
 *    with invalid UTF-8 are still accepted, issue 15); snapshot -> restore
 *    -> snapshot is a fixed point;
 *  - the restored engine keeps working: every deadline is run to the end
 *    with the invariant checker after each; every contact that ends is
 *    announced once and the live ones are still counted.
 * Any failure aborts.  Corpus: tests/fuzz/corpus/fuzz_snapshot/ (seeded
 * with snapshots of small scenarios). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <acdroute/acdroute.h>

#include "oracle.h"

static unsigned long ended;

static int on_action(acdr_engine *e, const acdr_action *a, void *ud) {
  (void)e;
  (void)ud;
  if (a->type == ACDR_ACTION_CONTACT_ENDED) ended++;
  return 0;
}

static void die(acdr_engine *e, const char *what, int rv) {
  fprintf(stderr, "fuzz_snapshot: %s: rv=%d %s\n%s\n", what, rv,
          e ? acdr_engine_last_error(e) : "",
          e ? acdr_config_last_errors(e) : "");
  abort();
}

static acdr_engine *new_engine(void) {
  acdr_engine *e = NULL;
  acdr_callbacks cb;
  memset(&cb, 0, sizeof(cb));
  cb.on_action = on_action;
  if (acdr_engine_new(&e, &cb, NULL, NULL) != 0) abort();
  return e;
}

/* A loaded engine: agents logged in, contacts waiting, timers running. */
static const char base_config[] =
    "{\"version\": 1,"
    " \"agents\": [{\"id\": \"a1\"}, {\"id\": \"a2\"}],"
    " \"queues\": [{\"id\": \"q\", \"max_wait_ms\": 60000,"
    "  \"ring_timeout_ms\": 10000, \"members\": [\"a1\", \"a2\"]}]}";

/* Built once and kept (reachable, so no leak report): a refused restore
 * must leave it as it is, so it can serve every input. */
static acdr_engine *loaded;
static fz_state loaded_state;

static void refused_over_loaded(const uint8_t *data, size_t size) {
  int rv, k;
  if (!loaded) {
    static const char *const cids[3] = {"c1", "c2", "c3"};
    acdr_contact_def d;
    loaded = new_engine();
    if ((rv = acdr_config_apply(loaded, base_config, sizeof(base_config) - 1,
                                ACDR_RELOAD_REFUSE, 0)) != 0)
      die(loaded, "base config", rv);
    if ((rv = acdr_agent_login(loaded, "a1", ACDR_SECONDS)) != 0)
      die(loaded, "login", rv);
    for (k = 0; k < 3; k++) {
      acdr_contact_def_default(&d);
      d.id = cids[k];
      d.queue = "q";
      if ((rv = acdr_contact_arrive(loaded, &d, 2 * ACDR_SECONDS)) != 0)
        die(loaded, "arrive", rv);
    }
    fz_state_take(loaded, &loaded_state);
  }
  rv = acdr_engine_restore(loaded, (const char *)data, size);
  if (rv == 0) die(loaded, "restored into a loaded engine", 0);
  if (rv <= ACDR_ERR_FATAL_LIMIT) die(loaded, "restore over loaded: fatal", rv);
  fz_state_expect_same(loaded, &loaded_state, "restore into a loaded engine",
                       rv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  acdr_engine *e = new_engine(), *e2;
  char *s1 = NULL, *s2 = NULL;
  size_t l1 = 0, l2 = 0, i;
  acdr_engine_counts c, c0;
  fz_state empty;
  int rv;

  refused_over_loaded(data, size);
  fz_state_take(e, &empty);
  rv = acdr_engine_restore(e, (const char *)data, size);
  if (rv <= ACDR_ERR_FATAL_LIMIT) die(e, "restore: fatal", rv);
  if (rv != 0) fz_state_expect_same(e, &empty, "restore", rv);
  fz_state_free(e, &empty);
  if (rv != 0) {
    if (acdr_engine_last_error(e)[0] == '\0')
      die(e, "refused without a message", rv);
    if (acdr_engine_get_counts(e, &c) != 0) abort();
    if (c.agents || c.queues || c.contacts_live)
      die(e, "refused but not empty", rv);
    if (acdr_engine_check(e) != 0) die(e, "invariant after refusal", rv);
    acdr_engine_del(e);
    return 0;
  }
  if (acdr_engine_check(e) != 0) die(e, "invariant after restore", 0);

  /* snapshot -> restore -> snapshot is a fixed point */
  if ((rv = acdr_engine_snapshot(e, &s1, &l1)) != 0) die(e, "snapshot", rv);
#ifdef ACDR_FUZZ_STRICT_INPUT
  if (!fz_utf8_valid((const unsigned char *)s1, l1))
    die(e, "snapshot is not valid UTF-8", 0);
#endif
  e2 = new_engine();
  if ((rv = acdr_engine_restore(e2, s1, l1)) != 0)
    die(e2, "own snapshot refused", rv);
  if (acdr_engine_check(e2) != 0) die(e2, "invariant (restore 2)", 0);
  if ((rv = acdr_engine_snapshot(e2, &s2, &l2)) != 0)
    die(e2, "snapshot 2", rv);
  if (l1 != l2 || memcmp(s1, s2, l1) != 0) {
    fprintf(stderr, "--- first\n%s\n--- second\n%s\n", s1, s2);
    die(e2, "snapshot is not a fixed point", 0);
  }
  acdr_free(e, s1);
  acdr_free(e2, s2);
  acdr_engine_del(e2);

  /* the restored engine runs: every deadline until none is left */
  ended = 0;
  if (acdr_engine_get_counts(e, &c0) != 0) abort();
  for (i = 0; i < 2000; i++) {
    acdr_tstamp t = acdr_engine_get_expiry(e);
    if (t == ACDR_TSTAMP_MAX) break;
    if (t < acdr_engine_now(e)) t = acdr_engine_now(e);
    rv = acdr_engine_handle_expiry(e, t);
    if (rv <= ACDR_ERR_FATAL_LIMIT) die(e, "expiry: fatal", rv);
    if (acdr_engine_check(e) != 0) die(e, "invariant (running)", 0);
  }
  if (acdr_engine_get_counts(e, &c) != 0) abort();
  if (c.contacts_ended - c0.contacts_ended != ended ||
      c.contacts_live + ended != c0.contacts_live)
    die(e, "contacts lost or ended twice while running", 0);
  acdr_engine_del(e);
  return 0;
}
