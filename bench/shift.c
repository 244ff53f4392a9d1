/* SPDX-License-Identifier: MIT */
/* Memory after a simulated shift, and the snapshot of that state.
 *
 * `agents` agents with 4 skills in one longest-idle queue take calls for
 * `hours` of simulated time at 80% occupancy (5 minutes of talk, 30 s of
 * wrap-up, a disposition code set on every contact, customer ids that
 * repeat), with the engine's deadlines run as they fall due.  Then the
 * traffic stops, every call ends, and what the engine still holds is
 * counted per agent through the counting allocator (real glibc chunk
 * sizes): routing, metrics buckets, disposition history, customer memory.
 * Then every agent goes away and `waiting` contacts join the line: their
 * bytes are counted per waiting contact.  Last, the engine is
 * snapshotted and restored into a new one.  `flags` leave out the
 * disposition codes or the customer ids, to attribute the bytes. */
#include "host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_codes(bench_host *h) {
  acdr_dispo_code c;
  int rv;
  acdr_dispo_code_default(&c);
  c.id = "resolved";
  c.attrs = ACDR_DISPO_CONTACT_MADE | ACDR_DISPO_FINAL | ACDR_DISPO_RESOLVED;
  if ((rv = acdr_dispo_code_add(h->e, &c)) != 0) return rv;
  return 0;
}

/* Run the host's calls and the engine's deadlines due before `until`, in
 * time order. */
static int run_until(bench_host *h, acdr_tstamp until, acdr_tstamp wrap_ns) {
  int rv;
  for (;;) {
    acdr_tstamp tc = h->connected.len ? h->talk_ends[h->connected.v[h->connected.head]]
                                      : ACDR_TSTAMP_MAX;
    acdr_tstamp tw = h->wrapup.len ? h->talk_ends[h->wrapup.v[h->wrapup.head]]
                                   : ACDR_TSTAMP_MAX;
    acdr_tstamp tx = acdr_engine_get_expiry(h->e), t = tc;
    if (tw < t) t = tw;
    if (tx < t) t = tx;
    if (t > until || t == ACDR_TSTAMP_MAX) return 0;
    if (t > h->now) h->now = t;
    if (t == tx) {
      if ((rv = acdr_engine_handle_expiry(h->e, h->now)) != 0) return rv;
    } else if (t == tc) {
      uint32_t a = bench_fifo_pop(&h->connected);
      if ((rv = bench_host_hangup(h, h->agent_contact[a] - 1)) != 0) return rv;
      h->talk_ends[a] = h->now + wrap_ns;
      if (bench_fifo_push(&h->wrapup, a) != 0) return ACDR_ERR_NOMEM;
    } else {
      uint32_t a = bench_fifo_pop(&h->wrapup);
      uint64_t c = h->agent_contact[a] - 1;
      h->agent_contact[a] = 0; /* the call may offer it the next contact */
      if ((rv = bench_host_wrapup_done(h, c)) != 0) return rv;
    }
  }
}

int bench_shift(uint32_t agents, double hours, uint32_t waiting, int flags,
                bench_shift_result *r) {
  bench_cfg cfg;
  bench_host h;
  const acdr_tstamp talk = 300 * ACDR_SECONDS, wrap = 30 * ACDR_SECONDS;
  acdr_tstamp start, end, next, gap, hour;
  int64_t b0, b1;
  uint32_t i, k = 0;
  char *doc = NULL;
  size_t len = 0;
  acdr_engine *e2 = NULL;
  uint64_t t0;
  int rv;
  memset(r, 0, sizeof(*r));
  memset(&cfg, 0, sizeof(cfg));
  cfg.strategy = "longest-idle";
  cfg.agents = agents;
  cfg.queues = 1;
  cfg.skills = 1;
  cfg.agent_bucket_bytes = flags & BENCH_SHIFT_BUDGET ? 1024 : 0;
  r->agents = agents;
  r->hours = hours;
  r->waiting = waiting;
  r->flags = flags;
  if ((rv = bench_host_init(&h, &cfg)) != 0 || (rv = add_codes(&h)) != 0)
    goto out;
  b0 = h.mem.live;
  if ((rv = bench_host_add_agents(&h)) != 0) goto out;
  r->bytes_per_agent_start = (double)(h.mem.live - b0) / agents;
  h.talk_ends = calloc(agents, sizeof(*h.talk_ends));
  if (!h.talk_ends) { rv = ACDR_ERR_NOMEM; goto out; }
  h.talk_ns = talk;
  h.step_ns = 1;
  h.dispo = flags & BENCH_SHIFT_NO_DISPO ? NULL : "resolved";
  h.customers = flags & BENCH_SHIFT_NO_CUSTOMERS ? 0 : (uint64_t)agents * 20;
  h.accept_in_cb = 1;
  /* 80% occupancy: agents x 0.8 / (talk + wrap) arrivals per second */
  gap = (acdr_tstamp)((double)(talk + wrap) / (0.8 * agents));
  start = h.now;
  end = start + (acdr_tstamp)(hours * 3600.0 * 1e9);
  hour = 3600 * ACDR_SECONDS;
  t0 = bench_now_ns();
  for (next = start; next < end; next += gap) {
    if ((rv = run_until(&h, next, wrap)) != 0) goto out;
    if (next > h.now) h.now = next;
    if ((rv = bench_host_arrive(&h, h.next_seq++)) != 0) goto out;
    r->contacts++;
    while (k < BENCH_SHIFT_HOURS && next - start >= (k + 1) * hour) {
      r->bytes_per_agent_hour[k] = (double)(h.mem.live - b0) / agents;
      k++;
    }
  }
  for (; k < BENCH_SHIFT_HOURS && k < hours; k++) /* the last hour */
    r->bytes_per_agent_hour[k] = (double)(h.mem.live - b0) / agents;
  if ((rv = run_until(&h, ACDR_TSTAMP_MAX - 1, wrap)) != 0) goto out;
  r->seconds = (double)(bench_now_ns() - t0) / 1e9;
  r->events = h.events;
  r->bytes_per_agent = (double)(h.mem.live - b0) / agents;
  r->peak_bytes = (double)h.mem.peak;
  /* waiting contacts: nobody available */
  for (i = 0; i < agents; i++) {
    char id[24];
    snprintf(id, sizeof(id), "a%u", i);
    h.now += 1;
    if ((rv = acdr_agent_set_status(h.e, id, ACDR_AGENT_AWAY, NULL, h.now)))
      goto out;
  }
  b1 = h.mem.live;
  for (i = 0; i < waiting; i++)
    if ((rv = bench_host_arrive(&h, h.next_seq++)) != 0) goto out;
  r->bytes_per_waiting = waiting ? (double)(h.mem.live - b1) / waiting : 0;
  r->total_bytes = (double)h.mem.live;
  if (flags & BENCH_SHIFT_NO_SNAPSHOT) {
    r->ok = 1;
    goto out;
  }
  /* snapshot of that state, and a restore into a fresh engine */
  t0 = bench_now_ns();
  if ((rv = acdr_engine_snapshot(h.e, &doc, &len)) != 0) goto out;
  r->snapshot_ms = (double)(bench_now_ns() - t0) / 1e6;
  r->snapshot_bytes = (double)len;
  if ((rv = acdr_engine_new(&e2, NULL, NULL, NULL)) != 0) goto out;
  t0 = bench_now_ns();
  if ((rv = acdr_engine_restore(e2, doc, len)) != 0) goto out;
  r->restore_ms = (double)(bench_now_ns() - t0) / 1e6;
  r->ok = 1;
out:
  if (!r->ok)
    snprintf(r->error, sizeof(r->error), "%s",
             h.error[0] ? h.error
                        : h.e ? acdr_engine_last_error(h.e) : acdr_err_name(rv));
  if (doc) acdr_free(h.e, doc);
  acdr_engine_del(e2);
  bench_host_free(&h);
  return r->ok ? 0 : -1;
}

int bench_customers(uint32_t customers, uint32_t per,
                    bench_customer_result *r) {
  bench_cfg cfg;
  bench_host h;
  uint64_t i, n = (uint64_t)customers * per, counted = 0, held = 0;
  int64_t before;
  int rv;
  memset(r, 0, sizeof(*r));
  memset(&cfg, 0, sizeof(cfg));
  cfg.strategy = "longest-idle";
  cfg.agents = 10;
  cfg.queues = 1;
  r->customers = customers;
  r->per = per;
  if ((rv = bench_host_init(&h, &cfg)) != 0 || (rv = add_codes(&h)) != 0 ||
      (rv = bench_host_add_agents(&h)) != 0 ||
      (rv = acdr_customer_memory_set(h.e, customers, 0, 0, 10)) != 0)
    goto out;
  h.dispo = "resolved";
  h.customers = customers;
  h.accept_in_cb = 1;
  for (i = 0; i < n; i++) {
    uint64_t seq = h.next_seq++;
    if ((rv = bench_host_arrive(&h, seq)) != 0 ||
        (rv = bench_host_hangup(&h, seq)) != 0 ||
        (rv = bench_host_wrapup_done(&h, seq)) != 0)
      goto out;
  }
  if ((rv = acdr_customer_memory_get(h.e, NULL, NULL, NULL, NULL, &held,
                                     &counted, NULL)) != 0)
    goto out;
  if (held != customers) {
    snprintf(r->error, sizeof(r->error), "%llu customers remembered, not %u",
             (unsigned long long)held, customers);
    rv = -1;
    goto out;
  }
  before = h.mem.live;
  if ((rv = acdr_customer_memory_set(h.e, 0, 0, 0, 10)) != 0) goto out;
  r->bytes_per_customer = (double)(before - h.mem.live) / customers;
  r->counted_per_customer = (double)counted / customers;
  r->ok = 1;
out:
  if (rv && !r->error[0])
    snprintf(r->error, sizeof(r->error), "customers: %d %s", rv,
             h.e ? acdr_engine_last_error(h.e) : "");
  bench_host_free(&h);
  return r->ok ? 0 : -1;
}
