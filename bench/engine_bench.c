/* SPDX-License-Identifier: MIT */
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

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median_d(double *v, size_t n) {
  if (!n) return 0;
  qsort(v, n, sizeof(*v), cmp_d);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int over_time(uint64_t start, double max_seconds, uint64_t i) {
  if (i & 15) return 0;
  return (double)(bench_now_ns() - start) > max_seconds * 1e9;
}

/* Decisions are timed in batches of up to 32 arrivals (every agent free,
 * so each arrival is offered to a different agent), so that the clock
 * read (~20 ns) is paid once per batch; a sample is batch time / batch
 * size, the report gives the median and the 99th percentile of samples. */
static uint32_t batch_size(const bench_cfg *cfg) {
  uint32_t b = cfg->agents / 8;
  return b < 1 ? 1 : b > 32 ? 32 : b;
}

/* Every agent takes one contact before anything is timed, at every size:
 * the first contact of an agent pays one-time allocations (metrics
 * buckets, strategy nodes) that a timed decision must not include.
 * Arrivals without answers are offered to distinct agents; draining
 * then answers them and the contacts that waited. */
static int warm_all(bench_host *h, bench_result *r) {
  uint32_t round, i;
  int rv;
  h->accept_in_cb = 0;
  for (round = 0; round < 4 && h->ntouched < h->cfg->agents; round++) {
    uint64_t first = h->next_seq;
    for (i = 0; i < h->cfg->agents; i++)
      if ((rv = bench_host_arrive(h, h->next_seq++)) != 0) return rv;
    if ((rv = bench_host_drain(h, BENCH_RECYCLE)) != 0) return rv;
    /* a contact nobody could take (no agent with its skill) leaves */
    for (; first < h->next_seq; first++)
      if (!bench_host_accepted(h, first) &&
          (rv = bench_host_hangup(h, first)) != 0)
        return rv;
  }
  r->warm_share = h->cfg->agents
                      ? (double)h->ntouched / (double)h->cfg->agents : 0;
  return 0;
}

static int measure_decisions(bench_host *h, bench_result *r) {
  const bench_cfg *cfg = h->cfg;
  bench_samples s = {NULL, 0, 0};
  uint32_t bs = batch_size(cfg), nb = cfg->decisions / bs + 1,
           warm = nb / 10 + 1, b, j;
  uint64_t start = bench_now_ns(), offered = 0, tried = 0;
  int rv = 0;
  if ((rv = warm_all(h, r)) != 0) return rv;
  h->accept_in_cb = 0;
  for (b = 0; b < warm + nb; b++) {
    uint64_t first = h->next_seq, t0, t1, oc0 = h->offered_contacts;
    if (over_time(start, cfg->max_seconds, b) && s.n >= 20) break;
    t0 = bench_now_ns();
    for (j = 0; j < bs; j++)
      if ((rv = bench_host_arrive(h, h->next_seq++)) != 0) goto out;
    t1 = bench_now_ns();
    if (b >= warm) {
      tried += bs;
      offered += h->offered_contacts - oc0;
      bench_samples_add(&s, (t1 - t0 + bs / 2) / bs);
    }
    if ((rv = bench_host_drain(h, BENCH_RECYCLE)) != 0) break;
    for (; first < h->next_seq; first++)
      if (!bench_host_accepted(h, first) &&
          (rv = bench_host_hangup(h, first)) != 0)
        goto out;
  }
out:
  r->decide_batch = bs;
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
    /* the leader ships its lines as it goes (part of its cost) */
    if (cfg->record_events && (rv = bench_host_take_log(h)) != 0) return rv;
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
  uint32_t warm, i, added = 0, bs, nb;
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
  /* batches of wrap-up done calls, each freeing an agent that takes the
   * head of the line; then the offers are answered (untimed), those
   * agents go to wrap-up, and as many new contacts join the line */
  bs = batch_size(cfg);
  nb = cfg->frees / bs + 1;
  warm = nb / 10 + 1;
  start = bench_now_ns();
  for (i = 0; i < warm + nb && h->wrapup.len >= bs; i++) {
    uint64_t t0, t1, oc0 = h->offered_contacts;
    uint32_t j;
    if (over_time(start, cfg->max_seconds, i) && s.n >= 20) break;
    t0 = bench_now_ns();
    for (j = 0; j < bs; j++) {
      uint32_t a = bench_fifo_pop(&h->wrapup);
      uint64_t c = h->agent_contact[a] - 1;
      h->agent_contact[a] = 0;
      if ((rv = bench_host_wrapup_done(h, c)) != 0) goto out;
    }
    t1 = bench_now_ns();
    if (i >= warm) {
      tried += bs;
      offered += h->offered_contacts - oc0;
      bench_samples_add(&s, (t1 - t0 + bs / 2) / bs);
    }
    if ((rv = bench_host_drain(h, BENCH_TO_WRAPUP)) != 0) break;
    for (j = 0; j < bs; j++) {
      if ((rv = bench_host_arrive(h, h->next_seq++)) != 0) goto out;
      if ((rv = bench_host_drain(h, BENCH_TO_WRAPUP)) != 0) goto out;
    }
  }
out:
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
  if (cfg->frees && !cfg->floor && (rv = measure_frees(&h, r)) != 0)
    goto out;
  if (cfg->floor) goto out;
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

/* ---- acdroute against its floor, interleaved ---- */

/* One timed batch of `bs` arrivals with every agent free; the offers are
 * answered afterwards (untimed).  *ns: time per decision. */
static int decision_batch(bench_host *h, uint32_t bs, uint64_t *ns,
                          uint64_t *offered) {
  uint64_t first = h->next_seq, t0, t1, oc0 = h->offered_contacts;
  uint32_t j;
  int rv;
  h->accept_in_cb = 0;
  t0 = bench_now_ns();
  for (j = 0; j < bs; j++)
    if ((rv = bench_host_arrive(h, h->next_seq++)) != 0) return rv;
  t1 = bench_now_ns();
  *ns = (t1 - t0 + bs / 2) / bs;
  *offered = h->offered_contacts - oc0;
  if ((rv = bench_host_drain(h, BENCH_RECYCLE)) != 0) return rv;
  for (; first < h->next_seq; first++)
    if (!bench_host_accepted(h, first) &&
        (rv = bench_host_hangup(h, first)) != 0)
      return rv;
  return 0;
}

static int lifecycle_chunk(bench_host *h, uint64_t contacts, double *eps) {
  uint64_t ev0 = h->events, t0 = bench_now_ns(), t1;
  int rv;
  h->accept_in_cb = 1;
  if ((rv = bench_cg_lifecycle(h, contacts)) != 0) return rv;
  t1 = bench_now_ns();
  *eps = (double)(h->events - ev0) * 1e9 / (double)(t1 - t0 ? t1 - t0 : 1);
  return 0;
}

/* Both sides are built and warmed, then their batches alternate, so that
 * the machine's load changes hit both alike; the ratios compare medians
 * of batches taken over the same seconds. */
int bench_floor_compare(const bench_cfg *cfg, bench_floor_row *row) {
  bench_cfg fc = *cfg;
  bench_host he, hf;
  bench_result tmp;
  bench_samples de = {NULL, 0, 0}, df = {NULL, 0, 0};
  double *le = NULL, *lf = NULL;
  uint32_t bs = batch_size(cfg), b, nb = cfg->decisions / bs + 1, nl = 16, k;
  uint64_t off_e = 0, off_f = 0, chunk;
  int rv;
  memset(row, 0, sizeof(*row));
  row->strategy = cfg->strategy;
  row->agents = cfg->agents;
  row->skills = cfg->skills;
  fc.floor = 1;
  memset(&he, 0, sizeof(he));
  memset(&hf, 0, sizeof(hf));
  le = calloc(nl, sizeof(*le));
  lf = calloc(nl, sizeof(*lf));
  if (!le || !lf) { rv = -1; goto out; }
  if ((rv = bench_host_init(&he, cfg)) != 0 ||
      (rv = bench_host_add_agents(&he)) != 0 ||
      (rv = bench_host_init(&hf, &fc)) != 0 ||
      (rv = bench_host_add_agents(&hf)) != 0 ||
      (rv = warm_all(&he, &tmp)) != 0)
    goto out;
  row->warm_share = tmp.warm_share;
  if ((rv = warm_all(&hf, &tmp)) != 0) goto out;
  for (b = 0; b < nb + 4; b++) {
    uint64_t ns, o;
    if ((rv = decision_batch(&he, bs, &ns, &o)) != 0) goto out;
    if (b >= 4) { bench_samples_add(&de, ns); off_e += o; }
    if ((rv = decision_batch(&hf, bs, &ns, &o)) != 0) goto out;
    if (b >= 4) { bench_samples_add(&df, ns); off_f += o; }
  }
  row->batch = bs;
  row->ours_decide_p50 = bench_samples_quantile(&de, 0.5);
  row->floor_decide_p50 = bench_samples_quantile(&df, 0.5);
  row->decide_ratio = row->floor_decide_p50 > 0
                          ? row->ours_decide_p50 / row->floor_decide_p50 : 0;
  row->ours_offer_rate = (double)off_e / ((double)(nb) * bs);
  row->floor_offer_rate = (double)off_f / ((double)(nb) * bs);
  /* lifecycle: half of the agents on a call, then alternating chunks */
  he.accept_in_cb = hf.accept_in_cb = 1;
  if ((rv = lifecycle_steps(&he, cfg->agents / 2 + 1000)) != 0 ||
      (rv = lifecycle_steps(&hf, cfg->agents / 2 + 1000)) != 0)
    goto out;
  chunk = cfg->lifecycle / nl ? cfg->lifecycle / nl : 1;
  for (k = 0; k < nl; k++) {
    if ((rv = lifecycle_chunk(&he, chunk, &le[k])) != 0 ||
        (rv = lifecycle_chunk(&hf, chunk, &lf[k])) != 0)
      goto out;
  }
  row->ours_life_eps = median_d(le, nl);
  row->floor_life_eps = median_d(lf, nl);
  row->life_ratio = row->ours_life_eps > 0
                        ? row->floor_life_eps / row->ours_life_eps : 0;
  row->ok = 1;
out:
  if (!row->ok)
    snprintf(row->error, sizeof(row->error), "%s",
             he.error[0] ? he.error : hf.error[0] ? hf.error
                                                  : acdr_err_name(rv));
  bench_samples_free(&de);
  bench_samples_free(&df);
  free(le);
  free(lf);
  bench_host_free(&he);
  bench_host_free(&hf);
  return row->ok ? 0 : -1;
}

/* ---- replay: a follower applying the leader's event log ---- */

/* Two leaders on the same workload, one recording its events (and taking
 * the lines after every chunk, as a leader shipping its log would), one
 * not, their chunks interleaved; then a follower built from the recorded
 * setup lines applies the measured lines, timed. */
int bench_replay(uint32_t agents, uint32_t contacts, bench_replay_result *r) {
  bench_cfg cfg, rc;
  bench_host lp, lr;
  acdr_engine *f = NULL;
  enum { NCHUNK = 16 };
  double ep[NCHUNK], er[NCHUNK];
  uint64_t chunk = contacts / NCHUNK ? contacts / NCHUNK : 1, ev0, t0, t1;
  size_t prefix, pos;
  uint32_t k;
  int rv;
  memset(r, 0, sizeof(*r));
  memset(&cfg, 0, sizeof(cfg));
  memset(&lp, 0, sizeof(lp));
  memset(&lr, 0, sizeof(lr));
  r->agents = agents;
  cfg.strategy = "longest-idle";
  cfg.agents = agents;
  cfg.queues = 1;
  rc = cfg;
  rc.record_events = 1;
  if ((rv = bench_host_init(&lp, &cfg)) != 0 ||
      (rv = bench_host_add_agents(&lp)) != 0 ||
      (rv = bench_host_init(&lr, &rc)) != 0 ||
      (rv = bench_host_add_agents(&lr)) != 0)
    goto out;
  lp.accept_in_cb = lr.accept_in_cb = 1;
  if ((rv = lifecycle_steps(&lp, agents / 2 + 1000)) != 0 ||
      (rv = lifecycle_steps(&lr, agents / 2 + 1000)) != 0 ||
      (rv = bench_host_take_log(&lr)) != 0)
    goto out;
  prefix = lr.loglen;
  ev0 = lr.events;
  for (k = 0; k < NCHUNK; k++) {
    uint64_t e0 = lr.events;
    if ((rv = lifecycle_chunk(&lp, chunk, &ep[k])) != 0) goto out;
    t0 = bench_now_ns();
    if ((rv = bench_cg_lifecycle(&lr, chunk)) != 0 ||
        (rv = bench_host_take_log(&lr)) != 0)
      goto out;
    t1 = bench_now_ns();
    er[k] = (double)(lr.events - e0) * 1e9 / (double)(t1 - t0 ? t1 - t0 : 1);
  }
  r->leader_events = lr.events - ev0;
  r->leader_eps = median_d(ep, NCHUNK);
  r->leader_rec_eps = median_d(er, NCHUNK);
  r->record_cost = r->leader_eps > 0 ? 1 - r->leader_rec_eps / r->leader_eps
                                     : 0;
  /* the follower: setup lines untimed, then the measured ones */
  if ((rv = acdr_engine_new(&f, NULL, NULL, NULL)) != 0) goto out;
  for (pos = 0; pos < lr.loglen;) {
    const char *line = lr.log + pos, *nl = memchr(line, '\n', lr.loglen - pos);
    size_t len = nl ? (size_t)(nl - line) : lr.loglen - pos;
    if (pos == prefix) t0 = bench_now_ns();
    if ((rv = acdr_engine_apply_event_json(f, line, len)) != 0) {
      snprintf(lr.error, sizeof(lr.error), "follower: %.*s: %s",
               (int)(len < 60 ? len : 60), line, acdr_engine_last_error(f));
      goto out;
    }
    if (pos >= prefix) r->lines++;
    pos += len + 1;
  }
  t1 = bench_now_ns();
  r->follower_lps = (double)r->lines * 1e9 / (double)(t1 - t0 ? t1 - t0 : 1);
  r->follower_ratio = r->leader_eps > 0 ? r->follower_lps / r->leader_eps : 0;
  r->ok = 1;
out:
  if (!r->ok)
    snprintf(r->error, sizeof(r->error), "%s",
             lr.error[0] ? lr.error : lp.error[0] ? lp.error
                                                  : acdr_err_name(rv));
  acdr_engine_del(f);
  bench_host_free(&lp);
  bench_host_free(&lr);
  return r->ok ? 0 : -1;
}

/* ---- callgrind mode ---- */

BENCH_NOINLINE int bench_cg_arrive(bench_host *h, uint64_t seq);

BENCH_NOINLINE int bench_cg_arrive(bench_host *h, uint64_t seq) {
  return bench_host_arrive(h, seq);
}

int bench_callgrind(const char *what, const char *strategy, uint32_t agents,
                    uint32_t count, int floor) {
  bench_cfg cfg;
  bench_host h;
  bench_result tmp;
  uint64_t ev0, i;
  int rv;
  memset(&cfg, 0, sizeof(cfg));
  cfg.strategy = strategy;
  cfg.agents = agents;
  cfg.queues = 1;
  cfg.skills = strcmp(strategy, "skills") == 0;
  cfg.floor = floor;
  if ((rv = bench_host_init(&h, &cfg)) != 0 ||
      (rv = bench_host_add_agents(&h)) != 0 ||
      (rv = warm_all(&h, &tmp)) != 0)
    goto out;
  if (strcmp(what, "decide") == 0) {
    /* toggle: bench_cg_arrive; one call = one routing decision */
    for (i = 0; i < count; i++) {
      uint64_t seq = h.next_seq++;
      if ((rv = bench_cg_arrive(&h, seq)) != 0) goto out;
      if ((rv = bench_host_drain(&h, BENCH_RECYCLE)) != 0) goto out;
    }
    printf("callgrind decide: strategy=%s%s agents=%u calls=%u events=%u\n",
           strategy, floor ? " (floor)" : "", agents, count, count);
  } else {
    /* toggle: bench_cg_lifecycle; warm-up outside the toggled call */
    h.accept_in_cb = 1;
    if ((rv = lifecycle_steps(&h, agents / 2 + 1000)) != 0) goto out;
    ev0 = h.events;
    if ((rv = bench_cg_lifecycle(&h, count)) != 0) goto out;
    printf("callgrind lifecycle: strategy=%s%s agents=%u contacts=%u "
           "events=%llu\n",
           strategy, floor ? " (floor)" : "", agents, count,
           (unsigned long long)(h.events - ev0));
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
  size_t k = 0;
  for (i = 0; *names && i < n; i++) {
    const char *s = acdr_engine_strategy_name(e, i);
    size_t len = strlen(s);
    /* outcome draws from a posterior for every ready agent: O(ready) per
     * decision by design, hours at 100,000 agents; not in the matrix
     * (docs/strategies.md) */
    if (strcmp(s, "outcome") == 0) continue;
    if (((*names)[k] = malloc(len + 1)) != NULL) memcpy((*names)[k], s, len + 1);
    k++;
  }
  acdr_engine_del(e);
  return *names ? k : 0;
}
