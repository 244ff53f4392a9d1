/* SPDX-License-Identifier: MIT */
/* The benchmark's host side: engine set-up, ids, the action callback. */
#include "host.h"
#include "floor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Agents have one skill of each group (4 skills), levels 1..100; contacts
 * require one language (a quarter of the agents match). */
static const char *const k_lang[4] = {"lang-0", "lang-1", "lang-2", "lang-3"};
static const char *const k_prod[8] = {"prod-0", "prod-1", "prod-2", "prod-3",
                                      "prod-4", "prod-5", "prod-6", "prod-7"};
static const char *const k_region[4] = {"region-0", "region-1", "region-2",
                                        "region-3"};
static const char *const k_grade[3] = {"junior", "mid", "senior"};

static uint64_t rng_next(uint64_t *s) { /* splitmix64 */
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static void fmt_id(char *out, char prefix, uint64_t v) {
  char tmp[24];
  size_t n = 0, i = 0;
  out[i++] = prefix;
  do {
    tmp[n++] = (char)('0' + (int)(v % 10));
    v /= 10;
  } while (v);
  while (n) out[i++] = tmp[--n];
  out[i] = '\0';
}

static uint64_t parse_id(const char *s) {
  uint64_t v = 0;
  for (s++; *s >= '0' && *s <= '9'; s++) v = v * 10 + (uint64_t)(*s - '0');
  return v;
}

int bench_fifo_push(bench_fifo *f, uint32_t x) {
  if (f->len == f->cap) { /* grow and unwrap */
    size_t ncap = f->cap ? f->cap * 2 : 64, i;
    uint32_t *p = malloc(ncap * sizeof(*p));
    if (!p) return -1;
    for (i = 0; i < f->len; i++) p[i] = f->v[(f->head + i) % f->cap];
    free(f->v);
    f->v = p;
    f->cap = ncap;
    f->head = 0;
  }
  f->v[(f->head + f->len) % f->cap] = x;
  f->len++;
  return 0;
}

uint32_t bench_fifo_pop(bench_fifo *f) {
  uint32_t x = f->v[f->head];
  f->head = (f->head + 1) % f->cap;
  f->len--;
  return x;
}

static int fail(bench_host *h, int rv, const char *what) {
  if (!h->failed) {
    h->failed = 1;
    snprintf(h->error, sizeof(h->error), "%s: %s (%s)", what,
             acdr_err_name(rv), h->e ? acdr_engine_last_error(h->e) : "");
  }
  return rv;
}

static int is_accepted(const bench_host *h, uint64_t c) {
  return h->accepted[c & h->accepted_mask] == c + 1;
}

static void mark_accepted(bench_host *h, uint64_t c) {
  h->accepted[c & h->accepted_mask] = c + 1;
}

static int host_accept(bench_host *h, const char *cid, const char *aid) {
  if (h->floor)
    return bench_floor_accept(h->floor, cid, aid, (uint64_t)h->now) ==
                   BENCH_FLOOR_NOT_OFFERED
               ? ACDR_ERR_NOT_OFFERED
               : 0;
  return acdr_contact_accept(h->e, cid, aid, h->now);
}

/* An OFFER from the engine or the floor: the same host work for both. */
static void host_offer(bench_host *h, const char *contact_id,
                       const char *agent_id) {
  uint64_t c;
  uint32_t ai;
  int rv;
  if (!h->offered) {
    h->t_offer = bench_now_ns();
    h->offered = 1;
  }
  h->noffers++;
  c = parse_id(contact_id);
  if (c + 1 != h->last_offer_contact) { /* ring-all offers one many times */
    h->last_offer_contact = c + 1;
    h->offered_contacts++;
  }
  ai = (uint32_t)parse_id(agent_id);
  if (h->touched && ai < h->cfg->agents && !h->touched[ai]) {
    h->touched[ai] = 1;
    h->ntouched++;
  }
  if (!h->accept_in_cb) {
    if (h->npend == h->cappend) {
      size_t ncap = h->cappend ? h->cappend * 2 : 256;
      bench_offer *p = realloc(h->pend, ncap * sizeof(*p));
      if (!p) {
        (void)fail(h, ACDR_ERR_NOMEM, "offer list");
        return;
      }
      h->pend = p;
      h->cappend = ncap;
    }
    h->pend[h->npend].contact = c;
    h->pend[h->npend].agent = ai;
    h->npend++;
    return;
  }
  /* ring-all: the first OFFER of a contact is answered, the rest are
   * cancelled by the engine */
  if (is_accepted(h, c)) return;
  mark_accepted(h, c);
  if ((rv = host_accept(h, contact_id, agent_id)) != 0) {
    (void)fail(h, rv, "accept (in callback)");
    return;
  }
  h->events++;
  h->agent_contact[ai] = c + 1;
  if (h->talk_ends) h->talk_ends[ai] = h->now + h->talk_ns;
  (void)bench_fifo_push(&h->connected, ai);
}

static int on_action(acdr_engine *e, const acdr_action *a, void *ud) {
  (void)e;
  if (a->type == ACDR_ACTION_OFFER) host_offer(ud, a->contact_id, a->agent_id);
  return 0;
}

static void floor_offer(void *ud, const char *cid, const char *aid) {
  host_offer(ud, cid, aid);
}

/* Customer ids repeat (every `customers` contacts of a queue) so that the
 * engine's per-customer memory (FCR, known agent) is exercised. */
static const char *fmt_customer(const char *qid, uint64_t k) {
  static char buf[48];
  size_t n = strlen(qid);
  memcpy(buf, qid, n);
  buf[n] = '-';
  fmt_id(buf + n + 1, 'u', k);
  return buf;
}

int bench_host_init(bench_host *h, const bench_cfg *cfg) {
  acdr_callbacks cb;
  acdr_options opt;
  acdr_mem mem;
  uint32_t q;
  int rv;
  memset(h, 0, sizeof(*h));
  h->cfg = cfg;
  h->rng = 0x5eed;
  h->now = ACDR_SECONDS;
  h->step_ns = ACDR_MICROSECONDS;
  /* the ring must outlive a warm-up round of `agents` contacts */
  h->accepted_mask = (1u << 16) - 1;
  while (h->accepted_mask < 4ull * cfg->agents)
    h->accepted_mask = h->accepted_mask * 2 + 1;
  h->accepted = calloc(h->accepted_mask + 1ull, sizeof(*h->accepted));
  h->agent_contact = calloc(cfg->agents ? cfg->agents : 1,
                            sizeof(*h->agent_contact));
  h->touched = calloc(cfg->agents ? cfg->agents : 1, 1);
  if (!h->accepted || !h->agent_contact || !h->touched)
    return fail(h, ACDR_ERR_NOMEM, "bench host");
  if (cfg->floor) {
    int kind = bench_floor_kind(cfg->strategy);
    if (!kind) return fail(h, ACDR_ERR_INVALID_ARGUMENT, "no floor for it");
    h->floor = bench_floor_new(kind, cfg->agents, floor_offer, h);
    return h->floor ? 0 : fail(h, ACDR_ERR_NOMEM, "floor");
  }
  memset(&cb, 0, sizeof(cb));
  cb.on_action = on_action;
  acdr_options_default(&opt);
  mem = bench_counting_mem(&h->mem);
  opt.mem = &mem;
  opt.seed = 42;
  opt.record_events = cfg->record_events;
  if ((rv = acdr_engine_new(&h->e, &cb, &opt, h)) != 0)
    return fail(h, rv, "engine_new");
  if (cfg->agent_bucket_bytes) {
    /* the budget is a configuration setting: applied to the empty engine */
    char doc[96];
    int n = snprintf(doc, sizeof doc,
                     "{\"metrics\": {\"agent_bucket_bytes\": %u}}",
                     (unsigned)cfg->agent_bucket_bytes);
    if ((rv = acdr_config_apply(h->e, doc, (size_t)n, 0, h->now)) != 0)
      return fail(h, rv, "config_apply (agent_bucket_bytes)");
  }
  for (q = 0; q < cfg->queues; q++) {
    acdr_queue_def d;
    char id[24];
    fmt_id(id, 'q', q);
    acdr_queue_def_default(&d);
    d.id = id;
    d.strategy = cfg->strategy;
    d.wrapup_ms = 3600000; /* wrap-up ends by wrapup_done */
    if ((rv = acdr_queue_add(h->e, &d)) != 0)
      return fail(h, rv, "queue_add");
  }
  return 0;
}

int bench_host_add_agents(bench_host *h) {
  const bench_cfg *cfg = h->cfg;
  uint32_t i, k;
  int rv;
  for (i = 0; i < cfg->agents; i++) {
    acdr_agent_def d;
    acdr_skill sk[4];
    char id[24], qid[24];
    fmt_id(id, 'a', i);
    acdr_agent_def_default(&d);
    d.id = id;
    d.capacity[ACDR_CHANNEL_VOICE] = 1;
    d.capacity[ACDR_CHANNEL_CHAT] = 0;
    d.capacity[ACDR_CHANNEL_EMAIL] = 0;
    if (cfg->skills || h->floor) {
      uint64_t r = rng_next(&h->rng);
      sk[0].name = k_lang[r % 4];
      sk[1].name = k_prod[(r >> 8) % 8];
      sk[2].name = k_region[(r >> 16) % 4];
      sk[3].name = k_grade[(r >> 24) % 3];
      for (k = 0; k < 4; k++)
        sk[k].level = (int32_t)(1 + ((r >> (32 + 7 * k)) % 100));
      d.skills = sk;
      d.nskills = 4;
    }
    if (h->floor) {
      const char *names[4];
      int32_t levels[4];
      for (k = 0; k < 4; k++) {
        names[k] = sk[k].name;
        levels[k] = sk[k].level;
      }
      h->now += ACDR_MICROSECONDS;
      if (bench_floor_add_agent(h->floor, id, names, levels,
                                cfg->skills ? 4 : 0, (uint64_t)h->now) != 0)
        return fail(h, ACDR_ERR_NOMEM, "floor agent");
      continue;
    }
    if ((rv = acdr_agent_add(h->e, &d)) != 0) return fail(h, rv, "agent_add");
    /* one queue: everybody; 100 queues: each agent in 3 of them */
    for (k = 0; k < (cfg->queues > 1 ? 3u : 1u); k++) {
      fmt_id(qid, 'q', (i + 33u * k) % cfg->queues);
      if ((rv = acdr_queue_member_add(h->e, qid, id, 0, (int32_t)i,
                                      h->now)) != 0)
        return fail(h, rv, "queue_member_add");
    }
  }
  for (i = 0; !h->floor && i < cfg->agents; i++) {
    char id[24];
    fmt_id(id, 'a', i);
    h->now += ACDR_MICROSECONDS;
    if ((rv = acdr_agent_login(h->e, id, h->now)) != 0)
      return fail(h, rv, "agent_login");
  }
  return 0;
}

void bench_host_free(bench_host *h) {
  acdr_engine_del(h->e);
  bench_floor_free(h->floor);
  free(h->touched);
  free(h->talk_ends);
  free(h->log);
  free(h->accepted);
  free(h->agent_contact);
  free(h->pend);
  free(h->connected.v);
  free(h->wrapup.v);
  memset(h, 0, sizeof(*h));
}

int bench_host_arrive(bench_host *h, uint64_t seq) {
  acdr_contact_def d;
  acdr_skill sk;
  char id[24], qid[24];
  int rv;
  fmt_id(id, 'c', seq);
  fmt_id(qid, 'q', seq % h->cfg->queues);
  acdr_contact_def_default(&d);
  d.id = id;
  d.queue = qid;
  if (h->cfg->skills) {
    sk.name = k_lang[rng_next(&h->rng) % 4];
    sk.level = 1;
    d.skills = &sk;
    d.nskills = 1;
  }
  if (h->customers) d.customer_id = fmt_customer(qid, seq % h->customers);
  h->now += h->step_ns;
  if (h->floor) {
    if (bench_floor_arrive(h->floor, id, h->cfg->skills ? sk.name : NULL,
                           (uint64_t)h->now) != 0)
      return fail(h, ACDR_ERR_INVALID_ARGUMENT, "floor arrive");
    h->events++;
    return 0;
  }
  if ((rv = acdr_contact_arrive(h->e, &d, h->now)) != 0)
    return fail(h, rv, "contact_arrive");
  h->events++;
  return 0;
}

int bench_host_hangup(bench_host *h, uint64_t seq) {
  char id[24];
  int rv;
  fmt_id(id, 'c', seq);
  h->now += h->step_ns;
  if (h->floor) rv = bench_floor_hangup(h->floor, id, (uint64_t)h->now);
  else rv = acdr_contact_hangup(h->e, id, h->now);
  if (rv != 0)
    return fail(h, rv, "contact_hangup");
  h->events++;
  return 0;
}

int bench_host_wrapup_done(bench_host *h, uint64_t seq) {
  char id[24];
  int rv;
  fmt_id(id, 'c', seq);
  h->now += h->step_ns;
  if (h->dispo && (rv = acdr_dispo_set(h->e, id, h->dispo, NULL, 0,
                                       h->now)) != 0)
    return fail(h, rv, "dispo_set");
  if (h->floor) rv = bench_floor_wrapup_done(h->floor, id, (uint64_t)h->now);
  else rv = acdr_contact_wrapup_done(h->e, id, h->now);
  if (rv != 0)
    return fail(h, rv, "contact_wrapup_done");
  h->events++;
  return 0;
}

int bench_host_drain(bench_host *h, int mode) {
  int rv;
  while (h->pend_head < h->npend) {
    bench_offer o = h->pend[h->pend_head++];
    char cid[24], aid[24];
    if (is_accepted(h, o.contact)) continue;
    fmt_id(cid, 'c', o.contact);
    fmt_id(aid, 'a', o.agent);
    h->now += h->step_ns;
    rv = host_accept(h, cid, aid);
    if (rv == ACDR_ERR_NOT_OFFERED) continue; /* cancelled meanwhile */
    if (rv != 0) return fail(h, rv, "contact_accept");
    h->events++;
    mark_accepted(h, o.contact);
    h->agent_contact[o.agent] = o.contact + 1;
    if ((rv = bench_host_hangup(h, o.contact)) != 0) return rv;
    if (mode == BENCH_RECYCLE) {
      h->agent_contact[o.agent] = 0;
      if ((rv = bench_host_wrapup_done(h, o.contact)) != 0) return rv;
    } else if (bench_fifo_push(&h->wrapup, o.agent) != 0) {
      return fail(h, ACDR_ERR_NOMEM, "fifo");
    }
  }
  h->npend = h->pend_head = 0;
  return 0;
}

int bench_host_accepted(const bench_host *h, uint64_t seq) {
  return is_accepted(h, seq);
}

int bench_host_take_log(bench_host *h) {
  char *lines = NULL;
  size_t len = 0;
  int rv;
  if (!h->e) return 0;
  if ((rv = acdr_engine_event_log_take(h->e, &lines, &len)) != 0)
    return fail(h, rv, "event_log_take");
  if (h->loglen + len + 1 > h->logcap) {
    size_t ncap = h->logcap ? h->logcap : 1u << 20;
    char *p;
    while (ncap < h->loglen + len + 1) ncap *= 2;
    if (!(p = realloc(h->log, ncap))) {
      acdr_free(h->e, lines);
      return fail(h, ACDR_ERR_NOMEM, "log buffer");
    }
    h->log = p;
    h->logcap = ncap;
  }
  memcpy(h->log + h->loglen, lines, len);
  h->loglen += len;
  h->log[h->loglen] = '\0';
  acdr_free(h->e, lines);
  return 0;
}
