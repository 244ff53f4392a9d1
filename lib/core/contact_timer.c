/* SPDX-License-Identifier: MIT */
/* A contact's deadlines (recheck, max wait, announcements, wrap-up, first
 * reply) share one entry in the timer heap, keyed by the earliest of them.
 * Each deadline keeps its own (when, seq), so they expire in exactly the
 * order separate timers would, and a snapshot reproduces the tie-breaks. */
#include "core/engine_int.h"
#include "core/internal.h"
#include "core/hooks.h"

static int slot_of(acdr_contact *c, int kind) {
  (void)c;
  return kind == ACDR_CT_WRAPUP || kind == ACDR_CT_REPLY ? 0 : kind;
}

static int kind_of(const acdr_contact *c, int slot) {
  return slot == 0 ? c->slot0_kind : slot;
}

static int slot_less(const acdr_ct_slot *x, const acdr_ct_slot *y) {
  if (x->when != y->when) return x->when < y->when;
  return x->seq < y->seq;
}

/* The earliest armed slot, or -1. */
static int earliest(const acdr_contact *c) {
  int i, best = -1;
  for (i = 0; i < ACDR_CT_SLOTS; i++)
    if (c->slot[i].seq &&
        (best < 0 || slot_less(&c->slot[i], &c->slot[best])))
      best = i;
  return best;
}

/* Re-key the heap entry after a slot changed.  Pushing needs heap room
 * only when the entry was not in the heap. */
static int rekey(acdr_engine *e, acdr_contact *c) {
  int i = earliest(c);
  if (i < 0) {
    acdr_timer_disarm(e, &c->timer);
    return 0;
  }
  c->timer.when = c->slot[i].when;
  c->timer.seq = c->slot[i].seq;
  if (acdr_timer_armed(&c->timer)) {
    acdr_heap_update(&e->timers, c->timer.heap_idx);
    return 0;
  }
  return acdr_heap_push(&e->timers, &e->mem, &c->timer);
}

static void ct_fire(acdr_engine *e, acdr_timer *t, acdr_tstamp now) {
  acdr_contact *c =
      (acdr_contact *)(void *)((char *)t - offsetof(acdr_contact, timer));
  int i = earliest(c), kind;
  if (i < 0) return;
  kind = kind_of(c, i);
  c->slot[i].seq = 0;
  /* the entry was just popped: pushing it back cannot need memory */
  acdr_must(rekey(e, c));
  switch (kind) {
    case ACDR_CT_RECHECK: acdr_dispatch_contact(e, c); break;
    case ACDR_CT_WRAPUP: acdr_contact_wrapup_maybe_end(e, c); break;
    case ACDR_CT_REPLY: acdr_contact_reply_overdue(e, c, now); break;
    case ACDR_CT_MAX_WAIT:
    case ACDR_CT_ANNOUNCE: acdr_hook_deadline(e, c, kind, now); break;
    default: break;
  }
}

void acdr_ct_init(acdr_contact *c) {
  int i;
  acdr_timer_init(&c->timer, ct_fire);
  for (i = 0; i < ACDR_CT_SLOTS; i++) c->slot[i].when = c->slot[i].seq = 0;
  c->slot0_kind = ACDR_CT_RECHECK;
}

int acdr_ct_restore(acdr_engine *e, acdr_contact *c, int kind,
                    acdr_tstamp when, uint64_t seq) {
  int s = slot_of(c, kind);
  acdr_ct_slot old = c->slot[s];
  uint8_t oldkind = c->slot0_kind;
  int rv;
  if (s == 0) c->slot0_kind = (uint8_t)kind;
  c->slot[s].when = when;
  c->slot[s].seq = seq ? seq : 1;
  if ((rv = rekey(e, c)) != 0) {
    c->slot[s] = old;
    c->slot0_kind = oldkind;
  }
  return rv;
}

int acdr_ct_arm(acdr_engine *e, acdr_contact *c, int kind,
                acdr_tstamp when) {
  return acdr_ct_restore(e, c, kind, when, ++e->seq);
}

void acdr_ct_disarm(acdr_engine *e, acdr_contact *c, int kind) {
  int s = slot_of(c, kind);
  if (!c->slot[s].seq || (s == 0 && c->slot0_kind != kind)) return;
  c->slot[s].seq = 0;
  acdr_must(rekey(e, c));
}

void acdr_ct_disarm_all(acdr_engine *e, acdr_contact *c) {
  int i;
  for (i = 0; i < ACDR_CT_SLOTS; i++) c->slot[i].seq = 0;
  acdr_timer_disarm(e, &c->timer);
}

const acdr_ct_slot *acdr_ct_get(const acdr_contact *c, int kind) {
  int s = kind == ACDR_CT_WRAPUP || kind == ACDR_CT_REPLY ? 0 : kind;
  if (kind < 0 || kind >= ACDR_CT_KINDS || !c->slot[s].seq) return NULL;
  if (s == 0 && c->slot0_kind != kind) return NULL;
  return &c->slot[s];
}
