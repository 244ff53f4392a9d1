/* The measurements of one cell (strategy x agents x queues x skills):
 * memory per agent, arrive -> OFFER, full lifecycle throughput, then
 * wrap-up done -> OFFER with many contacts waiting and memory per waiting
 * contact.  One engine per cell, reused across the measurements. */
#include "host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define BENCH_NOINLINE __attribute__((noinline))
#else
#define BENCH_NOINLINE
#endif

static int over_time(uint64_t start, double max_seconds, uint64_t i) {
  if (i & 15) return 0;
  return (double)(bench_now_ns() - start) > max_seconds * 1e9;
}

/* ---- arrive -> OFFER with every agent free ---- */

static int measure_decisions(bench_host *h, bench_result *r) {
  const bench_cfg *cfg = h->cfg;
  bench_samples s = {NULL, 0, 0};
  uint32_t warm = cfg->decisions / 10 + 1, i;
  uint64_t start = bench_now_ns(), offered = 0, tried = 0;
  int rv = 0;
  h->accept_in_cb = 0;
  for (i = 0; i < warm + cfg->decisions; i++) {
    uint64_t seq = h->next_seq++, t0;
    if (over_time(start, cfg->max_seconds, i) && s.n >= 50) break;
    h->offered = 0;
    t0 = bench_now_ns();
    if ((rv = bench_host_arrive(h, seq)) != 0) break;
    if (i >= warm) {
      tried++;
      if (h->offered) {
        bench_samples_add(&s, h->t_offer - t0);
        offered++;
      }
    }
    if (!h->offered && (rv = bench_host_hangup(h, seq)) != 0) break;
    if ((rv = bench_host_drain(h, BENCH_RECYCLE)) != 0) break;
  }
  r->decide_p50 = bench_samples_quantile(&s, 0.5);
  r->decide_p99 = bench_samples_quantile(&s, 0.99);
  r->decide_n = s.n;
  r->decide_offer_rate = tried ? (double)offered / (double)tried : 0;
  bench_samples_free(&s);
  return rv;
}

/* ---- full lifecycle: arrive, OFFER (accepted inside the callback),
 * hangup, wrap-up done; half of the agents on a call ---- */

static int lifecycle_steps(bench_host *h, uint64_t contacts) {
  size_t busy = h->cfg->agents / 2 ? h->cfg->agents / 2 : 1;
  size_t wrap = h->cfg->agents / 8 < 16 ? h->cfg->agents / 8 : 16;
  uint64_t k;
  int rv;
  for (k = 0; k < contacts; k++) {
    if ((rv = bench_host_arrive(h, h->next_seq++)) != 0) return rv;
    if (h->failed) return -1;
    while (h->connected.len > busy) {
      uint32_t a = bench_fifo_pop(&h->connected);
      if ((rv = bench_host_hangup(h, h->agent_contact[a] - 1)) != 0)
        return rv;
      if (bench_fifo_push(&h->wrapup, a) != 0) return -1;
    }
    while (h->wrapup.len > wrap) {
      uint32_t a = bench_fifo_pop(&h->wrapup);
      uint64_t c = h->agent_contact[a] - 1;
      /* cleared first: the call may offer the agent its next contact */
      h->agent_contact[a] = 0;
      if ((rv = bench_host_wrapup_done(h, c)) != 0) return rv;
    }
  }
  return 0;
}

/* The measured loop, under its own name for callgrind --toggle-collect. */
BENCH_NOINLINE int bench_cg_lifecycle(bench_host *h, uint64_t contacts);

BENCH_NOINLINE int bench_cg_lifecycle(bench_host *h, uint64_t contacts) {
  return lifecycle_steps(h, contacts);
}

static int measure_lifecycle(bench_host *h, bench_result *r) {
  const bench_cfg *cfg = h->cfg;
  uint64_t t0, t1, ev0, done = 0, chunk;
  int rv;
  h->accept_in_cb = 1;
  /* warm up: fill the calls in progress */
  if ((rv = lifecycle_steps(h, cfg->agents / 2 + cfg->lifecycle / 10)))
    return rv;
  chunk = cfg->lifecycle / 8 ? cfg->lifecycle / 8 : 1;
  ev0 = h->events;
  t0 = bench_now_ns();
  while (done < cfg->lifecycle) {
    if ((rv = bench_cg_lifecycle(h, chunk)) != 0) return rv;
    done += chunk;
    if ((double)(bench_now_ns() - t0) > cfg->max_seconds * 1e9) break;
  }
  t1 = bench_now_ns();
  r->life_events = h->events - ev0;
  r->life_events_per_s = (double)r->life_events * 1e9 / (double)(t1 - t0);
  r->life_contacts_per_s = (double)done * 1e9 / (double)(t1 - t0);
  /* hang up the calls in progress: their agents join the wrap-up FIFO */
  while (h->connected.len) {
    uint32_t a = bench_fifo_pop(&h->connected);
    if ((rv = bench_host_hangup(h, h->agent_contact[a] - 1)) != 0) return rv;
    if (bench_fifo_push(&h->wrapup, a) != 0) return -1;
  }
  h->accept_in_cb = 0;
  return 0;
}

/* ---- an agent frees up with `waiting` contacts in line ---- */

static int measure_frees(bench_host *h, bench_result *r) {
  const bench_cfg *cfg = h->cfg;
  bench_samples s = {NULL, 0, 0};
  uint32_t warm = cfg->frees / 10 + 1, i, added = 0;
  uint64_t start, offered = 0, tried = 0;
  int64_t b0;
  int rv = 0;
  h->accept_in_cb = 0;
  /* every agent busy (in wrap-up); a contact that finds nobody with its
   * skill waits, which is fine */
  while (h->wrapup.len < cfg->agents && added < 2 * cfg->agents) {
    if ((rv = bench_host_arrive(h, h->next_seq++)) != 0) return rv;
    if ((rv = bench_host_drain(h, BENCH_TO_WRAPUP)) != 0) return rv;
    added++;
  }
  b0 = h->mem.live;
  for (i = 0; i < cfg->waiting; i++) {
    if ((rv = bench_host_arrive(h, h->next_seq++)) != 0) return rv;
    if ((rv = bench_host_drain(h, BENCH_TO_WRAPUP)) != 0) return rv;
  }
  r->bytes_per_waiting_contact =
      cfg->waiting ? (double)(h->mem.live - b0) / (double)cfg->waiting : 0;
  start = bench_now_ns();
  for (i = 0; i < warm + cfg->frees && h->wrapup.len; i++) {
    uint32_t a = bench_fifo_pop(&h->wrapup);
    uint64_t t0, c = h->agent_contact[a] - 1;
    if (over_time(start, cfg->max_seconds, i) && s.n >= 50) break;
    h->agent_contact[a] = 0;
    h->offered = 0;
    t0 = bench_now_ns();
    if ((rv = bench_host_wrapup_done(h, c)) != 0) break;
    if (i >= warm) {
      tried++;
      if (h->offered) {
        bench_samples_add(&s, h->t_offer - t0);
        offered++;
      }
    }
    if ((rv = bench_host_drain(h, BENCH_TO_WRAPUP)) != 0) break;
    /* keep the line as long as it was */
    if ((rv = bench_host_arrive(h, h->next_seq++)) != 0) break;
    if ((rv = bench_host_drain(h, BENCH_TO_WRAPUP)) != 0) break;
  }
  r->free_p50 = bench_samples_quantile(&s, 0.5);
  r->free_p99 = bench_samples_quantile(&s, 0.99);
  r->free_n = s.n;
  r->free_offer_rate = tried ? (double)offered / (double)tried : 0;
  bench_samples_free(&s);
  return rv;
}

int bench_run_cell(const bench_cfg *cfg, bench_result *r) {
  bench_host h;
  int64_t b0;
  uint64_t t0 = bench_now_ns();
  int rv;
  memset(r, 0, sizeof(*r));
  r->cfg = *cfg;
  if ((rv = bench_host_init(&h, cfg)) != 0) goto out;
  b0 = h.mem.live;
  if ((rv = bench_host_add_agents(&h)) != 0) goto out;
  r->bytes_per_agent = (double)(h.mem.live - b0) / (double)cfg->agents;
  r->setup_ms = (double)(bench_now_ns() - t0) / 1e6;
  if ((rv = measure_decisions(&h, r)) != 0) goto out;
  if (cfg->lifecycle && (rv = measure_lifecycle(&h, r)) != 0) goto out;
  if (cfg->frees && (rv = measure_frees(&h, r)) != 0) goto out;
  rv = acdr_engine_check(h.e);
  if (rv != 0) snprintf(h.error, sizeof(h.error), "engine_check: %s",
                        acdr_engine_last_error(h.e));
out:
  if (rv != 0 || h.failed) {
    snprintf(r->error, sizeof(r->error), "%s",
             h.error[0] ? h.error : acdr_err_name(rv));
    bench_host_free(&h);
    return -1;
  }
  r->ok = 1;
  bench_host_free(&h);
  return 0;
}

/* ---- callgrind mode ---- */

BENCH_NOINLINE int bench_cg_arrive(bench_host *h, uint64_t seq);

BENCH_NOINLINE int bench_cg_arrive(bench_host *h, uint64_t seq) {
  return bench_host_arrive(h, seq);
}

int bench_callgrind(const char *what, const char *strategy, uint32_t agents,
                    uint32_t count) {
  bench_cfg cfg;
  bench_host h;
  uint64_t ev0, i;
  int rv;
  memset(&cfg, 0, sizeof(cfg));
  cfg.strategy = strategy;
  cfg.agents = agents;
  cfg.queues = 1;
  if ((rv = bench_host_init(&h, &cfg)) != 0 ||
      (rv = bench_host_add_agents(&h)) != 0)
    goto out;
  if (strcmp(what, "decide") == 0) {
    /* toggle: bench_cg_arrive; one call = one routing decision */
    for (i = 0; i < count; i++) {
      uint64_t seq = h.next_seq++;
      if ((rv = bench_cg_arrive(&h, seq)) != 0) goto out;
      if ((rv = bench_host_drain(&h, BENCH_RECYCLE)) != 0) goto out;
    }
    printf("callgrind decide: strategy=%s agents=%u calls=%u events=%u\n",
           strategy, agents, count, count);
  } else {
    /* toggle: bench_cg_lifecycle; warm-up outside the toggled call */
    h.accept_in_cb = 1;
    if ((rv = lifecycle_steps(&h, agents / 2 + 1000)) != 0) goto out;
    ev0 = h.events;
    if ((rv = bench_cg_lifecycle(&h, count)) != 0) goto out;
    printf("callgrind lifecycle: strategy=%s agents=%u contacts=%u "
           "events=%llu\n",
           strategy, agents, count, (unsigned long long)(h.events - ev0));
  }
out:
  if (rv != 0 || h.failed) {
    fprintf(stderr, "callgrind mode failed: %s\n",
            h.error[0] ? h.error : acdr_err_name(rv));
    rv = 1;
  }
  bench_host_free(&h);
  return rv;
}

size_t bench_list_strategies(char ***names) {
  acdr_engine *e = NULL;
  size_t n, i;
  *names = NULL;
  if (acdr_engine_new(&e, NULL, NULL, NULL) != 0) return 0;
  n = acdr_engine_strategy_count(e);
  *names = calloc(n ? n : 1, sizeof(**names));
  for (i = 0; *names && i < n; i++) {
    const char *s = acdr_engine_strategy_name(e, i);
    size_t len = strlen(s);
    if (((*names)[i] = malloc(len + 1)) != NULL) memcpy((*names)[i], s, len + 1);
  }
  acdr_engine_del(e);
  return *names ? n : 0;
}
