/* SPDX-License-Identifier: MIT */
/* Memory per agent after an 8-hour shift (issue 16): 200 agents, one
 * queue, 24,480 contacts (122 per agent) with customer ids, each closed with a
 * disposition, FCR on, agent_bucket_bytes 1024 (and once without the
 * budget, for the size of the bucket slots).  Counted by a counting
 * allocator with the C library's real chunk sizes (malloc_usable_size plus
 * the chunk header), so allocator overhead is included.  The test asserts
 * the bound the engine reaches today and prints the parts; it measures
 * memory, never time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "countmem.h"
#include "harness.h"

#define SEC ((acdr_tstamp)1000000000)
#define MIN (60 * SEC)
#define HOUR (60 * MIN)

#define AGENTS 200
#define CONTACTS 24480
#define CUSTOMERS 16000
#define RING 1024


typedef struct run {
  harness h;
  h_counter cnt;
  acdr_mem mem;
  char agent[32]; /* the last OFFER's agent */
} run;

static int on_action(harness *h, const acdr_action *a) {
  run *r = h->hook_data;
  if (a->type == ACDR_ACTION_OFFER)
    snprintf(r->agent, sizeof(r->agent), "%s", a->agent_id);
  return 0;
}

static const char *const codes[] = {"deal-closed", "not-interested",
                                    "interested", "follow-up-required",
                                    "voicemail-left", "busy"};

/* Live bytes per agent: after config + login (`*before`) and after the
 * shift (returned).  `history` is the disposition history limit; without
 * `customers` the contacts carry no customer id (no FCR episodes);
 * `budget` is metrics.agent_bucket_bytes (0: none). */
static double shift_bytes(uint32_t history, int customers, uint32_t budget,
                          double *before) {
  run r;
  acdr_options o;
  acdr_contact_def d;
  char *doc, id[32], cu[32];
  size_t n = 0, cap = 64 * AGENTS + 512;
  uint64_t rnd = 12345;
  acdr_tstamp t = 8 * HOUR, step = 8 * HOUR / CONTACTS;
  int i, rv, head = 0;
  static struct {
    acdr_tstamp end;
    const char *code;
  } ends[RING];
  memset(&r, 0, sizeof(r));
  r.mem = h_countmem(&r.cnt);
  acdr_options_default(&o);
  o.mem = &r.mem;
  h_init(&r.h, &o);
  r.h.hook = on_action;
  r.h.hook_data = &r;
  assert_non_null(doc = malloc(cap));
  n += (size_t)snprintf(doc + n, cap - n,
                        "{\"metrics\": {\"agent_bucket_bytes\": %u}, "
                        "\"agents\": [",
                        (unsigned)budget);
  for (i = 0; i < AGENTS; i++)
    n += (size_t)snprintf(doc + n, cap - n, "%s{\"id\": \"a%d\"}",
                          i ? ", " : "", i);
  n += (size_t)snprintf(doc + n, cap - n,
                        "], \"queues\": [{\"id\": \"q\", \"strategy\": "
                        "\"longest-idle\", \"wrapup_ms\": 60000, "
                        "\"members\": [");
  for (i = 0; i < AGENTS; i++)
    n += (size_t)snprintf(doc + n, cap - n, "%s\"a%d\"", i ? ", " : "", i);
  snprintf(doc + n, cap - n, "]}]}");
  rv = acdr_config_apply(r.h.e, doc, strlen(doc), 0, 0);
  if (rv) print_error("%s\n", acdr_config_last_errors(r.h.e));
  assert_int_equal(rv, 0);
  free(doc);
  CALL(&r.h, acdr_dispo_set_limits(r.h.e, history, 1000));
  for (i = 0; i < AGENTS; i++) {
    snprintf(id, sizeof(id), "a%d", i);
    h_login(&r.h, id, t);
  }
  (void)h_take(&r.h);
  *before = (double)r.cnt.live / AGENTS;
  /* a contact every 235 ms, answered at once by the longest-idle agent,
   * 3 minutes of talk, then a disposition and the end of wrap-up: about
   * 770 calls at a time, every agent busy about 122 times */
  for (i = 0; i <= CONTACTS; i++, t += step) {
    while (head < i && (i == CONTACTS || ends[head % RING].end <= t)) {
      acdr_tstamp e = ends[head % RING].end;
      snprintf(id, sizeof(id), "c%d", head);
      CALL(&r.h, acdr_contact_hangup(r.h.e, id, e));
      CALL(&r.h, acdr_dispo_set(r.h.e, id, ends[head % RING].code, NULL, 0,
                                e));
      CALL(&r.h, acdr_contact_wrapup_done(r.h.e, id, e));
      (void)h_take(&r.h);
      head++;
    }
    if (i == CONTACTS) break;
    assert_true(i - head < RING);
    rnd = rnd * 6364136223846793005u + 1442695040888963407u;
    snprintf(id, sizeof(id), "c%d", i);
    snprintf(cu, sizeof(cu), "u%llu",
             (unsigned long long)((rnd >> 33) % CUSTOMERS));
    acdr_contact_def_default(&d);
    d.id = id;
    d.queue = "q";
    d.customer_id = customers ? cu : NULL;
    r.agent[0] = '\0';
    CALL(&r.h, acdr_contact_arrive(r.h.e, &d, t));
    assert_true(r.agent[0] != '\0');
    CALL(&r.h, acdr_contact_accept(r.h.e, id, r.agent, t));
    (void)h_take(&r.h);
    ends[i % RING].end = t + 3 * MIN;
    ends[i % RING].code =
        codes[(rnd >> 20) % (sizeof(codes) / sizeof(codes[0]))];
  }
  {
    double after = (double)r.cnt.live / AGENTS;
    h_free(&r.h);
    return after;
  }
}

static void memory_per_agent_after_a_shift(void **state) {
  double before, none, full, anon, unbounded;
  (void)state;
  none = shift_bytes(0, 1, 1024, &before);
  anon = shift_bytes(0, 0, 1024, &before);
  full = shift_bytes(2000, 1, 1024, &before);
  unbounded = shift_bytes(2000, 1, 0, &before);
  print_message("bytes per agent, %d agents, %d contacts in 8 h, %d "
                "customers: after login %.0f; after the shift %.0f with "
                "history 2,000 (10 per agent): history %.0f per agent (%.0f "
                "per record), FCR episodes %.0f, the rest %.0f\n",
                AGENTS, CONTACTS, CUSTOMERS, before, full, full - none,
                (full - none) * AGENTS / 2000.0, none - anon, anon);
  print_message("without a bucket budget: %.0f bytes per agent\n",
                unbounded);
  /* bounds reached today (see docs/performance.md): 10,335 when the
   * records were packed, 10,416 with the keyed id maps and the idle lists
   * (+81: their per-member entries); 10,657 after issues 17/18 (+241: 13
   * metrics counters per bucket slot -- first replies, outbound, after
   * hours, surveys -- the known-agent mark, per-agent peer settings),
   * 10,720 with the changes since; 10,194 once a slot keeps only the 26
   * counters an agent records (232 bytes, not 400): the 1024-byte budget
   * keeps its 2 slots in fewer bytes */
  assert_true(full <= 10300.0);
  assert_true(none - anon <= 4800.0);
  assert_true((full - none) * AGENTS / 2000.0 <= 295.0);
  /* without the budget an agent keeps a slot per quarter hour it was
   * logged in: 17,896 measured; 23,959 when every slot held all 48
   * counters and the slot arrays doubled */
  assert_true(unbounded <= 18100.0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(memory_per_agent_after_a_shift),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
