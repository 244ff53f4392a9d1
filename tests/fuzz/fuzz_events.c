/* SPDX-License-Identifier: MIT */
/* Event-sequence fuzzer: bytes become API calls (logins, arrivals,
 * accepts, rejects, hang-ups, holds, transfers, callbacks, wrap-ups,
 * membership changes, time advances).
 *
 *  - after every call the invariant checker passes;
 *  - a refused call changes nothing.  A shadow engine, set up the same way,
 *    gets only the calls the main engine accepted, so it always holds the
 *    state from before the current call: after a refused call both must
 *    have the same clock and next deadline, and (for the first
 *    FULL_CHECKS refusals of an input: a snapshot costs milliseconds under
 *    ASan; 32 made the corpus replay 2.5x slower than 8) the same snapshot.  At the end of the input the two snapshots
 *    must be identical, which also catches a refusal past the budget that
 *    changed anything for good;
 *  - the shadow accepts every call the main engine accepted (same calls
 *    on the same state give the same result);
 *  - at the end every contact that arrived is either live or was announced
 *    ended exactly once.
 * Any failure aborts (a crash for libFuzzer).  Inputs found go to
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

#ifndef FULL_CHECKS /* full snapshot comparisons per input (ms each) */
#define FULL_CHECKS 8
#endif

typedef struct fz {
  acdr_engine *e;
  acdr_engine *shadow; /* only the accepted calls: the state before a call */
  unsigned full_checks;
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
          f->e ? acdr_engine_last_error(f->e) : "");
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
  if (!f) return 0; /* the shadow engine */
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

/* Builds the engine from the first bytes; called twice from the same
 * position (main engine, then shadow) so both are set up identically. */
static acdr_engine *setup(fz *f, void *ud) {
  acdr_engine *e;
  acdr_callbacks cb;
  acdr_options opt;
  int i, j;
  memset(&cb, 0, sizeof(cb));
  cb.on_action = on_action;
  acdr_options_default(&opt);
  opt.seed = byte(f);
  if (acdr_engine_new(&e, &cb, &opt, ud) != 0) abort();
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
    if (acdr_agent_add(e, &d) != 0) die(f, "agent_add");
  }
  for (j = 0; j < NQUEUES; j++) {
    acdr_queue_def q;
    size_t ns = acdr_engine_strategy_count(e);
    acdr_queue_def_default(&q);
    q.id = queues[j];
    q.strategy = acdr_engine_strategy_name(e, byte(f) % ns);
    q.channel = j == 2 ? ACDR_CHANNEL_CHAT : ACDR_CHANNEL_VOICE;
    q.wrapup_ms = (int64_t)(byte(f) % 3) * 2000;
    q.ring_timeout_ms = (int64_t)(byte(f) % 3) * 5000;
    q.tier_wait_ms = (int64_t)(byte(f) % 2) * 10000;
    q.max_missed = byte(f) % 3;
    if (acdr_queue_add(e, &q) != 0) die(f, "queue_add");
    for (i = 0; i < NAGENTS; i++)
      if (byte(f) & 1)
        (void)acdr_queue_member_add(e, q.id, agents[i],
                                    (int32_t)(byte(f) % 3),
                                    (int32_t)(byte(f) % 4), 0);
  }
  return e;
}

static int pick_contact(fz *f) {
  return f->ncontacts ? (int)(byte(f) % f->ncontacts) : 0;
}

#define OP_NONE 16 /* nothing to call (no offer to reject, contacts full) */

static const char *const op_names[17] = {
    "login",    "logout",   "set_status",       "arrive", "arrive",
    "accept",   "accept",   "reject",           "hangup", "hold",
    "wrapup_done", "transfer", "request_callback", "member_add",
    "member_remove", "handle_expiry", "none"};

/* One API call, decoded from the bytes before it is made, so the same call
 * can be made on the main engine and on the shadow. */
typedef struct call {
  unsigned op;
  const char *agent, *cid, *queue;
  int flag;
  int32_t num;
  acdr_tstamp now;
  acdr_contact_def d;
  acdr_skill sk;
} call;

/* Reads the bytes in the order the corpus was made with. */
static void decode(fz *f, call *c) {
  unsigned op = byte(f) % 16;
  int ci;
  memset(c, 0, sizeof(*c));
  c->op = op;
  c->agent = agents[byte(f) % NAGENTS];
  ci = pick_contact(f);
  c->cid = f->cids[ci];
  f->now += (acdr_tstamp)(byte(f) % 8) * 500 * ACDR_MILLISECONDS;
  switch (op) {
    case 0: case 1: case 8: case 10: case 12: break;
    case 2: c->flag = (int)(byte(f) & 1); break;
    case 3:
    case 4:
      c->op = 3;
      if (f->ncontacts < MAXC) {
        unsigned n = f->ncontacts;
        c->sk.name = "s";
        c->sk.level = (int32_t)(byte(f) % 101);
        acdr_contact_def_default(&c->d);
        snprintf(f->cids[n], sizeof(f->cids[n]), "c%u", n);
        c->d.id = f->cids[n];
        c->d.queue = queues[byte(f) % NQUEUES];
        c->d.priority = (int32_t)(byte(f) % 3);
        if (byte(f) & 1) {
          c->d.skills = &c->sk;
          c->d.nskills = 1;
        }
        if (byte(f) % 4 == 0) c->d.preferred_agent = c->agent;
      } else {
        c->op = OP_NONE;
      }
      break;
    case 5:
    case 6:
      c->op = 5;
      if (f->noffers) {
        int k = (int)(byte(f) % (unsigned)f->noffers);
        c->cid = f->cids[f->offers[k].c];
        c->agent = agents[f->offers[k].a];
      }
      break;
    case 7:
      if (f->noffers) {
        int k = (int)(byte(f) % (unsigned)f->noffers);
        c->cid = f->cids[f->offers[k].c];
        c->agent = agents[f->offers[k].a];
        c->num = (int32_t)(byte(f) % 3);
      } else {
        c->op = OP_NONE;
      }
      break;
    case 9: c->flag = (int)(byte(f) & 1); break;
    case 11:
      c->queue = queues[byte(f) % NQUEUES];
      if (!(byte(f) & 1)) c->agent = NULL;
      break;
    case 13:
      if (byte(f) & 1) {
        c->queue = queues[byte(f) % NQUEUES];
        c->num = (int32_t)(byte(f) % 3);
      } else {
        c->op = 14;
        c->queue = queues[byte(f) % NQUEUES];
      }
      break;
    default:
      c->op = 15;
      f->now += (acdr_tstamp)(byte(f)) * ACDR_SECONDS;
      break;
  }
  c->now = f->now;
}

static int apply(acdr_engine *e, const call *c) {
  acdr_tstamp now = c->now;
  switch (c->op) {
    case 0: return acdr_agent_login(e, c->agent, now);
    case 1: return acdr_agent_logout(e, c->agent, now);
    case 2:
      return acdr_agent_set_status(
          e, c->agent, c->flag ? ACDR_AGENT_AWAY : ACDR_AGENT_AVAILABLE, "r",
          now);
    case 3: return acdr_contact_arrive(e, &c->d, now);
    case 5: return acdr_contact_accept(e, c->cid, c->agent, now);
    case 7: return acdr_contact_reject(e, c->cid, c->agent, (int)c->num, now);
    case 8: return acdr_contact_hangup(e, c->cid, now);
    case 9: return acdr_contact_hold(e, c->cid, c->flag, now);
    case 10: return acdr_contact_wrapup_done(e, c->cid, now);
    case 11: return acdr_contact_transfer(e, c->cid, c->queue, c->agent, now);
    case 12: return acdr_contact_request_callback(e, c->cid, now);
    case 13:
      return acdr_queue_member_add(e, c->queue, c->agent, c->num, 0, now);
    case 14: return acdr_queue_member_remove(e, c->queue, c->agent, now);
    case 15: return acdr_engine_handle_expiry(e, now);
    default: return 0;
  }
}

static void step(fz *f) {
  call c;
  int rv, rv2;
  unsigned n = f->ncontacts;
  decode(f, &c);
  if (c.op == 3) { /* callbacks may name the new contact */
    f->arrived[n] = 1;
    f->ncontacts++;
  }
  rv = apply(f->e, &c);
  if (rv <= ACDR_ERR_FATAL_LIMIT || rv == ACDR_ERR_CALLBACK_FAILURE)
    die(f, "fatal error");
  if (c.op == 3 && rv != 0) {
    f->arrived[n] = 0;
    f->ncontacts--;
  }
  if (rv == 0) {
    if ((rv2 = apply(f->shadow, &c)) != 0) {
      fprintf(stderr, "%s: rv %d on the shadow: %s\n", op_names[c.op], rv2,
              acdr_engine_last_error(f->shadow));
      die(f, "same call on the same state, another result");
    }
  } else if (acdr_engine_now(f->e) != acdr_engine_now(f->shadow) ||
             acdr_engine_get_expiry(f->e) !=
                 acdr_engine_get_expiry(f->shadow) ||
             f->full_checks++ < FULL_CHECKS) {
    fz_state before;
    fz_state_take(f->shadow, &before);
    fz_state_expect_same(f->e, &before, op_names[c.op], rv);
    fz_state_free(f->shadow, &before);
  }
  if (acdr_engine_check(f->e) != 0) die(f, "invariant");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz f;
  fz_state shadow_end;
  acdr_engine_counts counts;
  unsigned i, ended = 0;
  memset(&f, 0, sizeof(f));
  f.p = data;
  f.end = data + size;
  f.e = setup(&f, &f);
  f.p = data;
  f.shadow = setup(&f, NULL);
  while (f.p < f.end) step(&f);
  /* every refusal past the budget: nothing changed for good either */
  fz_state_take(f.shadow, &shadow_end);
  fz_state_expect_same(f.e, &shadow_end, "call (end of input)", 0);
  fz_state_free(f.shadow, &shadow_end);
  acdr_engine_del(f.shadow);
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
