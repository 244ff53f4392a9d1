/* SPDX-License-Identifier: MIT */
/* Soak test: a long run of contacts through a dedicated driver (random
 * arrivals, answers, rejects, no-answers, abandons, holds, transfers,
 * callbacks, wrap-ups, agents going away and coming back, logouts), with
 * acdr_engine_check every N events and a conservation check at the end:
 * every contact that arrived ended exactly once (one CONTACT_ENDED action,
 * one end reason), none is left, and the engine's counters agree.
 *
 *   soak [CONTACTS] [CHECK_EVERY] [SEED]      (defaults 20000 1000 1)
 *
 * scripts/soak runs it for a million contacts under ASan/UBSan; ctest runs
 * a short form (soak_short).  Exit status 0 = nothing lost. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <acdroute/acdroute.h>

#define NAGENTS 40
#define NQUEUES 4

enum { EV_ARRIVE, EV_ANSWER, EV_HANGUP, EV_ABANDON, EV_WRAPDONE, EV_AGENT,
       EV_TRANSFER, EV_HOLD };

typedef struct hev {
  acdr_tstamp t;
  uint64_t seq;
  int type;
  uint32_t c; /* contact index */
  int a;      /* agent index */
} hev;

typedef struct soak {
  acdr_engine *e;
  uint64_t rng;
  hev *heap;
  size_t n, cap;
  uint64_t seq;
  acdr_tstamp now;
  /* per contact: 0 never, 1 live, 2 ended */
  uint8_t *state;
  uint8_t *connected;
  uint32_t ncontacts, target;
  uint64_t ended_by_reason[16];
  uint64_t ended, events, checks, offers, actions;
} soak;

static const char *agent_id(int i) {
  static char buf[NAGENTS][8];
  snprintf(buf[i], sizeof(buf[i]), "a%d", i);
  return buf[i];
}
static const char *queue_ids[NQUEUES] = {"sales", "support", "vip", "chat"};

static uint32_t rnd(soak *s, uint32_t n) {
  /* xorshift64* */
  s->rng ^= s->rng >> 12;
  s->rng ^= s->rng << 25;
  s->rng ^= s->rng >> 27;
  return (uint32_t)(((s->rng * 2685821657736338717ull) >> 33) % n);
}

static void die(soak *s, const char *what) {
  fprintf(stderr, "soak: %s (after %" PRIu64 " events, %u contacts): %s\n",
          what, s->events, s->ncontacts, acdr_engine_last_error(s->e));
  exit(1);
}

static int hless(const hev *x, const hev *y) {
  return x->t != y->t ? x->t < y->t : x->seq < y->seq;
}

static void push(soak *s, acdr_tstamp t, int type, uint32_t c, int a) {
  size_t i;
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 1024;
    s->heap = realloc(s->heap, s->cap * sizeof(*s->heap));
    if (!s->heap) die(s, "out of memory");
  }
  i = s->n++;
  s->heap[i].t = t;
  s->heap[i].seq = s->seq++;
  s->heap[i].type = type;
  s->heap[i].c = c;
  s->heap[i].a = a;
  while (i && hless(&s->heap[i], &s->heap[(i - 1) / 2])) {
    hev tmp = s->heap[i];
    s->heap[i] = s->heap[(i - 1) / 2];
    s->heap[(i - 1) / 2] = tmp;
    i = (i - 1) / 2;
  }
}

static hev pop(soak *s) {
  hev top = s->heap[0];
  size_t i = 0;
  s->heap[0] = s->heap[--s->n];
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, m = i;
    if (l < s->n && hless(&s->heap[l], &s->heap[m])) m = l;
    if (r < s->n && hless(&s->heap[r], &s->heap[m])) m = r;
    if (m == i) break;
    hev tmp = s->heap[i];
    s->heap[i] = s->heap[m];
    s->heap[m] = tmp;
    i = m;
  }
  return top;
}

static uint32_t cindex(const char *id) {
  return (uint32_t)strtoul(id + 1, NULL, 10);
}
static int aindex(const char *id) { return atoi(id + 1); }

static int on_action(acdr_engine *e, const acdr_action *a, void *ud) {
  soak *s = ud;
  uint32_t c;
  (void)e;
  s->actions++;
  switch (a->type) {
    case ACDR_ACTION_OFFER:
      s->offers++;
      /* 85%: answered after 0-4 s; else left to ring out or rejected */
      if (rnd(s, 100) < 85)
        push(s, s->now + (acdr_tstamp)rnd(s, 4000) * ACDR_MILLISECONDS,
             EV_ANSWER, cindex(a->contact_id), aindex(a->agent_id));
      else if (rnd(s, 2))
        push(s, s->now + ACDR_SECONDS, EV_ANSWER + 100,
             cindex(a->contact_id), aindex(a->agent_id));
      break;
    case ACDR_ACTION_CONNECTED:
      c = cindex(a->contact_id);
      s->connected[c] = 1;
      push(s, s->now + (acdr_tstamp)(20 + rnd(s, 300)) * ACDR_SECONDS,
           EV_HANGUP, c, 0);
      if (rnd(s, 20) == 0)
        push(s, s->now + (acdr_tstamp)(5 + rnd(s, 10)) * ACDR_SECONDS,
             EV_HOLD, c, 0);
      if (rnd(s, 25) == 0)
        push(s, s->now + (acdr_tstamp)(10 + rnd(s, 10)) * ACDR_SECONDS,
             EV_TRANSFER, c, 0);
      break;
    case ACDR_ACTION_WRAPUP:
      c = cindex(a->contact_id);
      if (rnd(s, 3) == 0)
        push(s, s->now + (acdr_tstamp)rnd(s, 8000) * ACDR_MILLISECONDS,
             EV_WRAPDONE, c, 0);
      break;
    case ACDR_ACTION_CONTACT_ENDED:
      c = cindex(a->contact_id);
      if (c >= s->ncontacts || s->state[c] != 1) {
        fprintf(stderr, "soak: contact %s ended twice or never arrived\n",
                a->contact_id);
        exit(1);
      }
      s->state[c] = 2;
      s->ended++;
      s->ended_by_reason[a->reason & 15]++;
      break;
    default:
      break;
  }
  return 0;
}

static const char config[] =
    "{\"version\": 1, \"agents\": ["
    "%s], \"queues\": ["
    " {\"id\": \"sales\", \"strategy\": \"round-robin\", \"weight\": 2,"
    "  \"max_wait_ms\": 240000, \"overflow_kind\": \"queue\","
    "  \"overflow_target\": \"support\", \"announce_interval_ms\": 45000,"
    "  \"wrapup_ms\": 5000, \"members\": [%s]},"
    " {\"id\": \"support\", \"strategy\": \"longest-idle\", \"max_len\": 60,"
    "  \"max_wait_ms\": 600000, \"wrapup_ms\": 10000, \"tier_wait_ms\": "
    "20000, \"members\": [%s]},"
    " {\"id\": \"vip\", \"strategy\": \"ring-all\", \"ring_timeout_ms\": "
    "10000, \"members\": [%s]},"
    " {\"id\": \"chat\", \"strategy\": \"least-busy\", \"channel\": "
    "\"chat\", \"members\": [%s]}]}";

static void load(soak *s) {
  static char agents[8192], m0[4096], m1[4096], m2[4096], m3[4096],
      doc[32768];
  size_t la = 0, l0 = 0, l1 = 0, l2 = 0, l3 = 0;
  int i, n;
  for (i = 0; i < NAGENTS; i++) {
    la += (size_t)snprintf(agents + la, sizeof(agents) - la,
                           "%s{\"id\": \"a%d\", \"capacity\": {\"voice\": 1, "
                           "\"chat\": %d}}",
                           i ? ", " : "", i, 1 + i % 3);
    if (i % 2 == 0)
      l0 += (size_t)snprintf(m0 + l0, sizeof(m0) - l0, "%s\"a%d\"",
                             l0 ? ", " : "", i);
    l1 += (size_t)snprintf(m1 + l1, sizeof(m1) - l1,
                           "%s{\"agent\": \"a%d\", \"penalty\": %d}",
                           l1 ? ", " : "", i, i % 3);
    if (i % 5 == 0)
      l2 += (size_t)snprintf(m2 + l2, sizeof(m2) - l2, "%s\"a%d\"",
                             l2 ? ", " : "", i);
    if (i % 4 == 1)
      l3 += (size_t)snprintf(m3 + l3, sizeof(m3) - l3, "%s\"a%d\"",
                             l3 ? ", " : "", i);
  }
  n = snprintf(doc, sizeof(doc), config, agents, m0, m1, m2, m3);
  if (acdr_config_apply(s->e, doc, (size_t)n, ACDR_RELOAD_REFUSE, 0))
    die(s, "config");
  for (i = 0; i < NAGENTS; i++)
    if (acdr_agent_login(s->e, agent_id(i), 0)) die(s, "login");
}

static void fatal_check(soak *s, int rv, const char *what) {
  if (rv <= ACDR_ERR_FATAL_LIMIT || rv == ACDR_ERR_CALLBACK_FAILURE ||
      rv == ACDR_ERR_NOMEM || rv == ACDR_ERR_INVALID_ARGUMENT)
    die(s, what);
}

static void run_event(soak *s, hev *h) {
  char cid[16];
  int rv = 0;
  snprintf(cid, sizeof(cid), "c%u", h->c);
  switch (h->type) {
    case EV_ARRIVE: {
      acdr_contact_def d;
      uint32_t q = rnd(s, 10);
      acdr_contact_def_default(&d);
      d.id = cid;
      d.queue = queue_ids[q < 4 ? 0 : q < 7 ? 1 : q < 8 ? 2 : 3];
      d.priority = (int32_t)rnd(s, 3);
      s->state[h->c] = 1;
      rv = acdr_contact_arrive(s->e, &d, s->now);
      if (rv) die(s, "arrive");
      /* callers give up after 10 s .. 5 min unless connected */
      push(s, s->now + (acdr_tstamp)(10 + rnd(s, 290)) * ACDR_SECONDS,
           EV_ABANDON, h->c, 0);
      if (s->ncontacts < s->target) {
        /* ~1 arrival per 5 s on average: about 85% of the agents busy */
        push(s, s->now + (acdr_tstamp)rnd(s, 10000) * ACDR_MILLISECONDS,
             EV_ARRIVE, s->ncontacts++, 0);
      }
      break;
    }
    case EV_ANSWER:
      rv = acdr_contact_accept(s->e, cid, agent_id(h->a), s->now);
      break;
    case EV_ANSWER + 100:
      rv = acdr_contact_reject(s->e, cid, agent_id(h->a),
                               (int)rnd(s, 3), s->now);
      break;
    case EV_HANGUP:
      rv = acdr_contact_hangup(s->e, cid, s->now);
      break;
    case EV_ABANDON:
      if (s->state[h->c] == 1 && !s->connected[h->c]) {
        if (rnd(s, 10) == 0)
          rv = acdr_contact_request_callback(s->e, cid, s->now);
        else
          rv = acdr_contact_hangup(s->e, cid, s->now);
      }
      break;
    case EV_WRAPDONE:
      rv = acdr_contact_wrapup_done(s->e, cid, s->now);
      break;
    case EV_HOLD:
      rv = acdr_contact_hold(s->e, cid, 1, s->now);
      if (!rv)
        push(s, s->now + (acdr_tstamp)(1 + rnd(s, 20)) * ACDR_SECONDS,
             EV_HOLD + 100, h->c, 0);
      break;
    case EV_HOLD + 100:
      rv = acdr_contact_hold(s->e, cid, 0, s->now);
      break;
    case EV_TRANSFER:
      s->connected[h->c] = 0;
      rv = acdr_contact_transfer(s->e, cid, queue_ids[1 + rnd(s, 2)], NULL,
                                 s->now);
      if (rv) s->connected[h->c] = 1;
      break;
    case EV_AGENT: {
      /* an agent goes away / comes back / logs out / logs in */
      const char *a = agent_id(h->a);
      acdr_agent_info info;
      if (acdr_agent_get_info(s->e, a, &info)) die(s, "agent info");
      if (info.status == ACDR_AGENT_LOGGED_OUT)
        rv = acdr_agent_login(s->e, a, s->now);
      else if (info.status == ACDR_AGENT_AWAY)
        rv = acdr_agent_set_status(s->e, a, ACDR_AGENT_AVAILABLE, NULL,
                                   s->now);
      else if (rnd(s, 4) == 0)
        rv = acdr_agent_logout(s->e, a, s->now);
      else
        rv = acdr_agent_set_status(s->e, a, ACDR_AGENT_AWAY, "break",
                                   s->now);
      push(s, s->now + (acdr_tstamp)(60 + rnd(s, 900)) * ACDR_SECONDS,
           EV_AGENT, 0, (int)rnd(s, NAGENTS));
      break;
    }
    default:
      break;
  }
  fatal_check(s, rv, "event");
}

int main(int argc, char **argv) {
  soak s;
  acdr_callbacks cb;
  acdr_options opt;
  acdr_engine_counts counts;
  uint64_t every = 1000, live = 0, i;
  memset(&s, 0, sizeof(s));
  s.target = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 20000;
  if (argc > 2) every = strtoull(argv[2], NULL, 10);
  s.rng = argc > 3 ? strtoull(argv[3], NULL, 10) * 2654435761u + 1 : 88172645463325252ull;
  if (!every) every = 1;
  s.state = calloc(s.target + 1, 1);
  s.connected = calloc(s.target + 1, 1);
  if (!s.state || !s.connected) return 2;
  memset(&cb, 0, sizeof(cb));
  cb.on_action = on_action;
  acdr_options_default(&opt);
  opt.seed = s.rng;
  if (acdr_engine_new(&s.e, &cb, &opt, &s)) return 2;
  load(&s);
  if (s.target) push(&s, 0, EV_ARRIVE, s.ncontacts++, 0);
  for (i = 0; i < 8; i++)
    push(&s, (acdr_tstamp)(30 + 60 * i) * ACDR_SECONDS, EV_AGENT, 0,
         (int)rnd(&s, NAGENTS));
  /* host events and engine deadlines in time order, until every contact
   * arrived and nothing is pending */
  for (;;) {
    acdr_tstamp texp = acdr_engine_get_expiry(s.e);
    int have = s.n > 0;
    /* only agent churn left and all contacts ended: done */
    if (s.ncontacts >= s.target && s.ended == s.ncontacts) break;
    if (have && s.heap[0].t <= texp) {
      hev h = pop(&s);
      if (h.t > s.now) s.now = h.t;
      run_event(&s, &h);
    } else if (texp != ACDR_TSTAMP_MAX) {
      if (texp > s.now) s.now = texp;
      fatal_check(&s, acdr_engine_handle_expiry(s.e, s.now), "expiry");
    } else if (!have) {
      break;
    }
    if (++s.events % every == 0) {
      s.checks++;
      if (acdr_engine_check(s.e) != 0) die(&s, "invariant");
    }
    if (s.events > 400ull * s.target + 1000000) die(&s, "no progress");
  }
  if (acdr_engine_check(s.e) != 0) die(&s, "invariant (end)");
  s.checks++;
  /* conservation */
  if (acdr_engine_get_counts(s.e, &counts)) return 2;
  for (i = 0; i < s.ncontacts; i++) live += s.state[i] == 1;
  {
    uint64_t sum = 0;
    for (i = 0; i < 16; i++) sum += s.ended_by_reason[i];
    printf("soak: %u contacts, %" PRIu64 " events, %" PRIu64
           " offers, %" PRIu64 " actions, %" PRIu64 " invariant checks\n",
           s.ncontacts, s.events, s.offers, s.actions, s.checks);
    printf("ended: completed %" PRIu64 " abandoned %" PRIu64
           " timed_out %" PRIu64 " overflowed %" PRIu64 " transferred %" PRIu64
           " callback %" PRIu64 " rejected %" PRIu64 "; live %" PRIu64 "\n",
           s.ended_by_reason[ACDR_END_COMPLETED],
           s.ended_by_reason[ACDR_END_ABANDONED],
           s.ended_by_reason[ACDR_END_TIMED_OUT],
           s.ended_by_reason[ACDR_END_OVERFLOWED],
           s.ended_by_reason[ACDR_END_TRANSFERRED],
           s.ended_by_reason[ACDR_END_CALLBACK],
           s.ended_by_reason[ACDR_END_REJECTED], live);
    if (sum != s.ended || s.ended != s.ncontacts || live != 0 ||
        counts.contacts_arrived != s.ncontacts ||
        counts.contacts_ended != s.ended || counts.contacts_live != 0) {
      fprintf(stderr,
              "soak: conservation failed: arrived %u ended %" PRIu64
              " live %" PRIu64 " engine arrived %" PRIu64 " ended %" PRIu64
              " live %" PRIu64 "\n",
              s.ncontacts, s.ended, live, counts.contacts_arrived,
              counts.contacts_ended, counts.contacts_live);
      return 1;
    }
  }
  printf("soak: nothing lost\n");
  acdr_engine_del(s.e);
  free(s.heap);
  free(s.state);
  free(s.connected);
  return 0;
}
