/* Event-sequence fuzzer: bytes become API calls (logins, arrivals,
 * accepts, rejects, hang-ups, holds, transfers, callbacks, wrap-ups,
 * membership changes, time advances).  After every call the invariant
 * checker must pass; a refused call changes nothing (snapshot, next
 * deadline and clock identical before and after, oracle.h); at the end
 * every contact that arrived is either live or was announced ended exactly
 * once.  Any failure aborts (a crash for libFuzzer).  Inputs found go to
 * tests/fuzz/corpus/fuzz_events/. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <acdroute/acdroute.h>

#include "oracle.h"

#define NAGENTS 6
#define NQUEUES 3
#define MAXC 64
#define MAXOFFERS 64

typedef struct fz {
  acdr_engine *e;
  const uint8_t *p, *end;
  acdr_tstamp now;
  unsigned ncontacts;
  char cids[MAXC][8];
  int ended[MAXC];     /* CONTACT_ENDED seen, per contact */
  int arrived[MAXC];
  struct {
    int c, a;
  } offers[MAXOFFERS]; /* ringing, from actions */
  int noffers;
} fz;

static const char *agents[NAGENTS] = {"a0", "a1", "a2", "a3", "a4", "a5"};
static const char *queues[NQUEUES] = {"q0", "q1", "q2"};

static void die(fz *f, const char *what) {
  fprintf(stderr, "fuzz_events: %s: %s\n", what,
          acdr_engine_last_error(f->e));
  abort();
}

static unsigned byte(fz *f) { return f->p < f->end ? *f->p++ : 0; }

static int cindex(const char *id) {
  return id && id[0] == 'c' ? atoi(id + 1) : -1;
}
static int aindex(const char *id) {
  return id && id[0] == 'a' ? atoi(id + 1) : -1;
}

static void drop_offer(fz *f, int c, int a) {
  int i;
  for (i = 0; i < f->noffers; i++)
    if (f->offers[i].c == c && (a < 0 || f->offers[i].a == a)) {
      f->offers[i] = f->offers[--f->noffers];
      i--;
    }
}

static int on_action(acdr_engine *e, const acdr_action *a, void *ud) {
  fz *f = ud;
  int c = cindex(a->contact_id), ag = aindex(a->agent_id);
  (void)e;
  switch (a->type) {
    case ACDR_ACTION_OFFER:
      if (f->noffers < MAXOFFERS && c >= 0) {
        f->offers[f->noffers].c = c;
        f->offers[f->noffers].a = ag;
        f->noffers++;
      }
      break;
    case ACDR_ACTION_OFFER_CANCEL:
      drop_offer(f, c, ag);
      break;
    case ACDR_ACTION_CONNECTED:
      drop_offer(f, c, -1);
      break;
    case ACDR_ACTION_CONTACT_ENDED:
      if (c < 0 || c >= MAXC || !f->arrived[c]) abort();
      if (f->ended[c]++) {
        fprintf(stderr, "contact %s ended twice\n", a->contact_id);
        abort();
      }
      drop_offer(f, c, -1);
      break;
    default:
      break;
  }
  return 0;
}

static void setup(fz *f) {
  acdr_callbacks cb;
  acdr_options opt;
  int i, j;
  memset(&cb, 0, sizeof(cb));
  cb.on_action = on_action;
  acdr_options_default(&opt);
  opt.seed = byte(f);
  if (acdr_engine_new(&f->e, &cb, &opt, f) != 0) abort();
  for (i = 0; i < NAGENTS; i++) {
    acdr_agent_def d;
    acdr_skill sk = {"s", (int32_t)(byte(f) % 101)};
    acdr_agent_def_default(&d);
    d.id = agents[i];
    d.capacity[ACDR_CHANNEL_VOICE] = byte(f) % 2;
    d.capacity[ACDR_CHANNEL_CHAT] = byte(f) % 4;
    d.wrapup_ms = (int64_t)(byte(f) % 3) * 1000 - 1;
    d.skills = &sk;
    d.nskills = 1;
    if (acdr_agent_add(f->e, &d) != 0) die(f, "agent_add");
  }
  for (j = 0; j < NQUEUES; j++) {
    acdr_queue_def q;
    size_t ns = acdr_engine_strategy_count(f->e);
    acdr_queue_def_default(&q);
    q.id = queues[j];
    q.strategy = acdr_engine_strategy_name(f->e, byte(f) % ns);
    q.channel = j == 2 ? ACDR_CHANNEL_CHAT : ACDR_CHANNEL_VOICE;
    q.wrapup_ms = (int64_t)(byte(f) % 3) * 2000;
    q.ring_timeout_ms = (int64_t)(byte(f) % 3) * 5000;
    q.tier_wait_ms = (int64_t)(byte(f) % 2) * 10000;
    q.max_missed = byte(f) % 3;
    if (acdr_queue_add(f->e, &q) != 0) die(f, "queue_add");
    for (i = 0; i < NAGENTS; i++)
      if (byte(f) & 1)
        (void)acdr_queue_member_add(f->e, q.id, agents[i],
                                    (int32_t)(byte(f) % 3),
                                    (int32_t)(byte(f) % 4), 0);
  }
}

static int pick_contact(fz *f) {
  return f->ncontacts ? (int)(byte(f) % f->ncontacts) : 0;
}

static const char *const op_names[16] = {
    "login",    "logout",   "set_status",       "arrive", "arrive",
    "accept",   "accept",   "reject",           "hangup", "hold",
    "wrapup_done", "transfer", "request_callback", "member add/remove",
    "handle_expiry", "handle_expiry"};

static void step(fz *f) {
  unsigned op = byte(f) % 16;
  fz_state before;
  const char *a = agents[byte(f) % NAGENTS];
  int ci = pick_contact(f);
  const char *cid = f->cids[ci];
  int rv = 0;
  f->now += (acdr_tstamp)(byte(f) % 8) * 500 * ACDR_MILLISECONDS;
  fz_state_take(f->e, &before);
  switch (op) {
    case 0: rv = acdr_agent_login(f->e, a, f->now); break;
    case 1: rv = acdr_agent_logout(f->e, a, f->now); break;
    case 2:
      rv = acdr_agent_set_status(f->e, a,
                                 (byte(f) & 1) ? ACDR_AGENT_AWAY
                                               : ACDR_AGENT_AVAILABLE,
                                 "r", f->now);
      break;
    case 3:
    case 4:
      if (f->ncontacts < MAXC) {
        acdr_contact_def d;
        acdr_skill sk = {"s", (int32_t)(byte(f) % 101)};
        unsigned n = f->ncontacts;
        acdr_contact_def_default(&d);
        snprintf(f->cids[n], sizeof(f->cids[n]), "c%u", n);
        d.id = f->cids[n];
        d.queue = queues[byte(f) % NQUEUES];
        d.priority = (int32_t)(byte(f) % 3);
        if (byte(f) & 1) {
          d.skills = &sk;
          d.nskills = 1;
        }
        if (byte(f) % 4 == 0) d.preferred_agent = a;
        f->arrived[n] = 1;
        f->ncontacts++;
        rv = acdr_contact_arrive(f->e, &d, f->now);
        if (rv) {
          f->arrived[n] = 0;
          f->ncontacts--;
        }
      }
      break;
    case 5:
    case 6:
      if (f->noffers) {
        int k = (int)(byte(f) % (unsigned)f->noffers);
        rv = acdr_contact_accept(f->e, f->cids[f->offers[k].c],
                                 agents[f->offers[k].a], f->now);
      } else {
        rv = acdr_contact_accept(f->e, cid, a, f->now);
      }
      break;
    case 7:
      if (f->noffers) {
        int k = (int)(byte(f) % (unsigned)f->noffers);
        rv = acdr_contact_reject(f->e, f->cids[f->offers[k].c],
                                 agents[f->offers[k].a], (int)(byte(f) % 3),
                                 f->now);
      }
      break;
    case 8: rv = acdr_contact_hangup(f->e, cid, f->now); break;
    case 9: rv = acdr_contact_hold(f->e, cid, (int)(byte(f) & 1), f->now); break;
    case 10: rv = acdr_contact_wrapup_done(f->e, cid, f->now); break;
    case 11:
      rv = acdr_contact_transfer(f->e, cid, queues[byte(f) % NQUEUES],
                                 (byte(f) & 1) ? a : NULL, f->now);
      break;
    case 12: rv = acdr_contact_request_callback(f->e, cid, f->now); break;
    case 13:
      if (byte(f) & 1)
        rv = acdr_queue_member_add(f->e, queues[byte(f) % NQUEUES], a,
                                   (int32_t)(byte(f) % 3), 0, f->now);
      else
        rv = acdr_queue_member_remove(f->e, queues[byte(f) % NQUEUES], a,
                                      f->now);
      break;
    default:
      f->now += (acdr_tstamp)(byte(f)) * ACDR_SECONDS;
      rv = acdr_engine_handle_expiry(f->e, f->now);
      break;
  }
  if (rv <= ACDR_ERR_FATAL_LIMIT || rv == ACDR_ERR_CALLBACK_FAILURE)
    die(f, "fatal error");
  if (rv != 0) fz_state_expect_same(f->e, &before, op_names[op], rv);
  fz_state_free(f->e, &before);
  if (acdr_engine_check(f->e) != 0) die(f, "invariant");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz f;
  acdr_engine_counts counts;
  unsigned i, ended = 0;
  memset(&f, 0, sizeof(f));
  f.p = data;
  f.end = data + size;
  setup(&f);
  while (f.p < f.end) step(&f);
  /* drain: let every deadline pass */
  for (i = 0; i < 1000 && acdr_engine_get_expiry(f.e) != ACDR_TSTAMP_MAX;
       i++) {
    acdr_tstamp t = acdr_engine_get_expiry(f.e);
    if (acdr_engine_handle_expiry(f.e, t > f.now ? t : f.now) != 0)
      die(&f, "expiry");
    if (t > f.now) f.now = t;
    if (acdr_engine_check(f.e) != 0) die(&f, "invariant (drain)");
  }
  /* conservation: arrived = ended (announced once) + live */
  if (acdr_engine_get_counts(f.e, &counts) != 0) abort();
  for (i = 0; i < f.ncontacts; i++) ended += f.ended[i] ? 1u : 0u;
  if (counts.contacts_arrived != f.ncontacts ||
      counts.contacts_ended != ended ||
      counts.contacts_live + ended != f.ncontacts) {
    fprintf(stderr, "conservation: arrived %u ended %u live %llu\n",
            f.ncontacts, ended, (unsigned long long)counts.contacts_live);
    abort();
  }
  acdr_engine_del(f.e);
  return 0;
}
