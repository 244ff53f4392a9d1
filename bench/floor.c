/* SPDX-License-Identifier: MIT */
/*
 * The floor: the least a router must do for each indexed strategy, to
 * put acdroute's cost in proportion (issue 16).  Same events as the
 * engine (arrive, accept, hang up, wrap-up done), same string ids looked
 * up through a hash table, contacts from a pool, one offer callback to
 * the host.  No metrics, policies, dispositions, validation, timers or
 * snapshots: only the routing structure.
 *
 *   FIFO   longest-idle, round-robin: an intrusive list of ready agents
 *          (idle keys only grow, so appending keeps the order)
 *   HEAP   least-busy: a 4-ary heap keyed by (load, idle since, number)
 *   SKILLS skills: one 4-ary heap per skill keyed by (level desc, idle
 *          since, number); a ready agent sits in the heap of each of its
 *          skills, a contact takes the top of its required skill's heap
 *
 * The waiting line is one FIFO; a freed agent takes its head when it
 * qualifies.  The benchmark times decisions with every agent free and
 * the lifecycle with half of them busy, so nobody waits there.
 */
#include "floor.h"

#include <stdlib.h>
#include <string.h>

#define NIL UINT32_MAX
#define NSK 4 /* skills per agent, as in the benchmark's host */

typedef struct fl_agent {
  char id[16];
  uint64_t idle_since;
  uint32_t prev, next; /* FIFO links */
  uint32_t hpos[NSK];  /* position in each heap it is in */
  uint32_t skill[NSK]; /* interned skill numbers */
  int32_t level[NSK];
  uint32_t load;
  uint32_t contact;    /* pool slot + 1 of its contact, 0 if none */
  uint8_t ready, nskills;
} fl_agent;

enum { C_FREE, C_WAITING, C_OFFERED, C_CONNECTED, C_WRAPUP };

typedef struct fl_contact {
  char id[24];
  uint32_t agent; /* offered / connected agent */
  uint32_t next;  /* free list or waiting FIFO */
  uint32_t skill; /* required skill or NIL */
  uint8_t state;
} fl_contact;

/* Open addressing, linear probing; slot = (hash fragment, index + 1). */
typedef struct fl_map {
  uint64_t *slot;
  uint32_t mask, n;
} fl_map;

typedef struct fl_heap {
  uint32_t *v;
  uint32_t n, cap;
  uint32_t skill; /* NIL: the least-busy heap */
} fl_heap;

struct bench_floor {
  int kind;
  bench_floor_offer_fn offer;
  void *ud;
  fl_agent *agents;
  uint32_t nagents, capagents;
  fl_contact *pool;
  uint32_t npool, cappool, free_head;
  fl_map agent_map, contact_map, skill_map;
  char (*skill_names)[24];
  uint32_t nskill_names;
  /* ready structures */
  uint32_t head, tail; /* FIFO */
  fl_heap lb;          /* HEAP */
  fl_heap *sk;         /* SKILLS: one per interned skill */
  uint32_t wait_head, wait_tail;
};

static uint32_t fnv1a(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
  return h;
}

/* ---- hash map over ids stored in the objects ---- */

typedef const char *(*fl_key_fn)(const bench_floor *f, uint32_t idx);

static const char *agent_key(const bench_floor *f, uint32_t i) {
  return f->agents[i].id;
}
static const char *contact_key(const bench_floor *f, uint32_t i) {
  return f->pool[i].id;
}
static const char *skill_key(const bench_floor *f, uint32_t i) {
  return f->skill_names[i];
}

static int map_init(fl_map *m, uint32_t want) {
  uint32_t cap = 16;
  while (cap < want + want / 3 + 1) cap *= 2;
  m->slot = calloc(cap, sizeof(*m->slot));
  m->mask = cap - 1;
  m->n = 0;
  return m->slot ? 0 : -1;
}

static uint32_t map_get(const bench_floor *f, const fl_map *m, fl_key_fn key,
                        const char *s) {
  uint32_t h = fnv1a(s), i = h & m->mask;
  for (;; i = (i + 1) & m->mask) {
    uint64_t e = m->slot[i];
    if (!e) return NIL;
    if ((uint32_t)(e >> 32) == h &&
        strcmp(key(f, (uint32_t)e - 1), s) == 0)
      return (uint32_t)e - 1;
  }
}

static void map_put_raw(fl_map *m, uint32_t h, uint32_t idx) {
  uint32_t i = h & m->mask;
  while (m->slot[i]) i = (i + 1) & m->mask;
  m->slot[i] = ((uint64_t)h << 32) | (idx + 1);
  m->n++;
}

static int map_put(bench_floor *f, fl_map *m, fl_key_fn key, uint32_t idx) {
  if ((m->n + 1) * 4 > (m->mask + 1) * 3) { /* grow at 3/4 */
    fl_map nm;
    uint32_t i;
    if (map_init(&nm, (m->mask + 1) * 2) != 0) return -1;
    for (i = 0; i <= m->mask; i++)
      if (m->slot[i])
        map_put_raw(&nm, (uint32_t)(m->slot[i] >> 32), (uint32_t)m->slot[i] - 1);
    free(m->slot);
    *m = nm;
  }
  map_put_raw(m, fnv1a(key(f, idx)), idx);
  return 0;
}

/* Backward-shift deletion: no tombstones, probes stay short. */
static void map_del(fl_map *m, uint32_t idx, uint32_t h) {
  uint32_t i = h & m->mask, j;
  while ((uint32_t)m->slot[i] != idx + 1) i = (i + 1) & m->mask;
  for (j = i;;) {
    uint32_t home;
    j = (j + 1) & m->mask;
    if (!m->slot[j]) break;
    home = (uint32_t)(m->slot[j] >> 32) & m->mask;
    /* move j back to i unless its home lies cyclically in (i, j] */
    if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
      m->slot[i] = m->slot[j];
      i = j;
    }
  }
  m->slot[i] = 0;
  m->n--;
}

/* ---- 4-ary heaps ---- */

static int skill_slot(const fl_agent *a, uint32_t skill) {
  int k;
  for (k = 0; k < a->nskills; k++)
    if (a->skill[k] == skill) return k;
  return 0; /* the least-busy heap uses slot 0 */
}

static int before(const bench_floor *f, const fl_heap *h, uint32_t x,
                  uint32_t y) {
  const fl_agent *a = &f->agents[x], *b = &f->agents[y];
  if (h->skill != NIL) {
    int32_t la = a->level[skill_slot(a, h->skill)],
            lb = b->level[skill_slot(b, h->skill)];
    if (la != lb) return la > lb;
  } else if (a->load != b->load) {
    return a->load < b->load;
  }
  if (a->idle_since != b->idle_since) return a->idle_since < b->idle_since;
  return x < y;
}

static void heap_set(bench_floor *f, fl_heap *h, uint32_t i, uint32_t ag) {
  fl_agent *a = &f->agents[ag];
  h->v[i] = ag;
  a->hpos[h->skill == NIL ? 0 : skill_slot(a, h->skill)] = i;
}

static void sift_up(bench_floor *f, fl_heap *h, uint32_t i) {
  uint32_t x = h->v[i];
  while (i) {
    uint32_t p = (i - 1) / 4;
    if (!before(f, h, x, h->v[p])) break;
    heap_set(f, h, i, h->v[p]);
    i = p;
  }
  heap_set(f, h, i, x);
}

static void sift_down(bench_floor *f, fl_heap *h, uint32_t i) {
  uint32_t x = h->v[i];
  for (;;) {
    uint32_t c = 4 * i + 1, best = NIL, k;
    for (k = 0; k < 4 && c + k < h->n; k++)
      if (best == NIL || before(f, h, h->v[c + k], h->v[best]))
        best = c + k;
    if (best == NIL || !before(f, h, h->v[best], x)) break;
    heap_set(f, h, i, h->v[best]);
    i = best;
  }
  heap_set(f, h, i, x);
}

static int heap_push(bench_floor *f, fl_heap *h, uint32_t ag) {
  if (h->n == h->cap) {
    uint32_t ncap = h->cap ? h->cap * 2 : 64;
    uint32_t *p = realloc(h->v, ncap * sizeof(*p));
    if (!p) return -1;
    h->v = p;
    h->cap = ncap;
  }
  h->v[h->n++] = ag;
  sift_up(f, h, h->n - 1);
  return 0;
}

static void heap_remove(bench_floor *f, fl_heap *h, uint32_t i) {
  uint32_t last = h->v[--h->n];
  if (i == h->n) return;
  h->v[i] = last;
  heap_set(f, h, i, last);
  if (i && before(f, h, last, h->v[(i - 1) / 4])) sift_up(f, h, i);
  else sift_down(f, h, i);
}

/* ---- ready set ---- */

static int ready_add(bench_floor *f, uint32_t ag) {
  fl_agent *a = &f->agents[ag];
  int k;
  a->ready = 1;
  switch (f->kind) {
  case BENCH_FLOOR_FIFO:
    a->next = NIL;
    a->prev = f->tail;
    if (f->tail != NIL) f->agents[f->tail].next = ag;
    else f->head = ag;
    f->tail = ag;
    return 0;
  case BENCH_FLOOR_HEAP:
    return heap_push(f, &f->lb, ag);
  default:
    for (k = 0; k < a->nskills; k++)
      if (heap_push(f, &f->sk[a->skill[k]], ag) != 0) return -1;
    return 0;
  }
}

static void ready_remove(bench_floor *f, uint32_t ag) {
  fl_agent *a = &f->agents[ag];
  int k;
  a->ready = 0;
  switch (f->kind) {
  case BENCH_FLOOR_FIFO:
    if (a->prev != NIL) f->agents[a->prev].next = a->next;
    else f->head = a->next;
    if (a->next != NIL) f->agents[a->next].prev = a->prev;
    else f->tail = a->prev;
    break;
  case BENCH_FLOOR_HEAP:
    heap_remove(f, &f->lb, a->hpos[0]);
    break;
  default:
    for (k = 0; k < a->nskills; k++)
      heap_remove(f, &f->sk[a->skill[k]], a->hpos[k]);
  }
}

static uint32_t ready_pick(const bench_floor *f, uint32_t skill) {
  switch (f->kind) {
  case BENCH_FLOOR_FIFO: return f->head;
  case BENCH_FLOOR_HEAP: return f->lb.n ? f->lb.v[0] : NIL;
  default:
    if (skill == NIL) return NIL; /* every benchmark contact has one */
    return f->sk[skill].n ? f->sk[skill].v[0] : NIL;
  }
}

static int has_skill(const fl_agent *a, uint32_t skill) {
  int k;
  if (skill == NIL) return 1;
  for (k = 0; k < a->nskills; k++)
    if (a->skill[k] == skill) return 1;
  return 0;
}

/* ---- public ---- */

int bench_floor_kind(const char *strategy) {
  if (strcmp(strategy, "longest-idle") == 0 ||
      strcmp(strategy, "round-robin") == 0)
    return BENCH_FLOOR_FIFO;
  if (strcmp(strategy, "least-busy") == 0) return BENCH_FLOOR_HEAP;
  if (strcmp(strategy, "skills") == 0) return BENCH_FLOOR_SKILLS;
  return 0;
}

bench_floor *bench_floor_new(int kind, uint32_t agents,
                             bench_floor_offer_fn offer, void *ud) {
  bench_floor *f = calloc(1, sizeof(*f));
  if (!f) return NULL;
  f->kind = kind;
  f->offer = offer;
  f->ud = ud;
  f->head = f->tail = f->wait_head = f->wait_tail = f->free_head = NIL;
  f->lb.skill = NIL;
  f->capagents = agents ? agents : 1;
  f->agents = calloc(f->capagents, sizeof(*f->agents));
  f->skill_names = calloc(64, sizeof(*f->skill_names));
  f->sk = calloc(64, sizeof(*f->sk));
  if (!f->agents || !f->skill_names || !f->sk ||
      map_init(&f->agent_map, agents) != 0 ||
      map_init(&f->contact_map, 1024) != 0 ||
      map_init(&f->skill_map, 64) != 0) {
    bench_floor_free(f);
    return NULL;
  }
  return f;
}

void bench_floor_free(bench_floor *f) {
  uint32_t i;
  if (!f) return;
  for (i = 0; i < f->nskill_names; i++) free(f->sk[i].v);
  free(f->sk);
  free(f->skill_names);
  free(f->lb.v);
  free(f->agent_map.slot);
  free(f->contact_map.slot);
  free(f->skill_map.slot);
  free(f->agents);
  free(f->pool);
  free(f);
}

static uint32_t intern(bench_floor *f, const char *name) {
  uint32_t i = map_get(f, &f->skill_map, skill_key, name);
  if (i != NIL) return i;
  if (f->nskill_names == 64 || strlen(name) >= sizeof(f->skill_names[0]))
    return NIL;
  i = f->nskill_names++;
  strcpy(f->skill_names[i], name);
  f->sk[i].skill = i;
  if (map_put(f, &f->skill_map, skill_key, i) != 0) return NIL;
  return i;
}

int bench_floor_add_agent(bench_floor *f, const char *id,
                          const char *const *skills, const int32_t *levels,
                          int nskills, uint64_t now) {
  fl_agent *a;
  uint32_t ag;
  int k;
  if (f->nagents == f->capagents || strlen(id) >= sizeof(a->id) ||
      nskills > NSK)
    return -1;
  ag = f->nagents++;
  a = &f->agents[ag];
  strcpy(a->id, id);
  a->idle_since = now;
  a->nskills = (uint8_t)nskills;
  for (k = 0; k < nskills; k++) {
    if ((a->skill[k] = intern(f, skills[k])) == NIL) return -1;
    a->level[k] = levels[k];
  }
  if (map_put(f, &f->agent_map, agent_key, ag) != 0) return -1;
  return ready_add(f, ag);
}

static void offer_to(bench_floor *f, uint32_t c, uint32_t ag) {
  fl_agent *a = &f->agents[ag];
  ready_remove(f, ag);
  a->load++;
  a->contact = c + 1;
  f->pool[c].agent = ag;
  f->pool[c].state = C_OFFERED;
  f->offer(f->ud, f->pool[c].id, a->id); /* last: it may accept at once */
}

int bench_floor_arrive(bench_floor *f, const char *cid, const char *skill,
                       uint64_t now) {
  uint32_t c, ag, sk = NIL;
  (void)now;
  if (strlen(cid) >= sizeof(f->pool[0].id)) return -1;
  if (skill && (sk = map_get(f, &f->skill_map, skill_key, skill)) == NIL)
    return -1;
  if (map_get(f, &f->contact_map, contact_key, cid) != NIL) return -1;
  if (f->free_head != NIL) {
    c = f->free_head;
    f->free_head = f->pool[c].next;
  } else {
    if (f->npool == f->cappool) {
      uint32_t ncap = f->cappool ? f->cappool * 2 : 1024;
      fl_contact *p = realloc(f->pool, ncap * sizeof(*p));
      if (!p) return -1;
      f->pool = p;
      f->cappool = ncap;
    }
    c = f->npool++;
  }
  strcpy(f->pool[c].id, cid);
  f->pool[c].skill = sk;
  f->pool[c].next = NIL;
  if (map_put(f, &f->contact_map, contact_key, c) != 0) return -1;
  if ((ag = ready_pick(f, sk)) != NIL) {
    offer_to(f, c, ag);
    return 0;
  }
  f->pool[c].state = C_WAITING;
  if (f->wait_tail != NIL) f->pool[f->wait_tail].next = c;
  else f->wait_head = c;
  f->wait_tail = c;
  return 0;
}

static uint32_t find_contact(const bench_floor *f, const char *cid) {
  return map_get(f, &f->contact_map, contact_key, cid);
}

int bench_floor_accept(bench_floor *f, const char *cid, const char *aid,
                       uint64_t now) {
  uint32_t c = find_contact(f, cid),
           ag = map_get(f, &f->agent_map, agent_key, aid);
  (void)now;
  if (c == NIL || ag == NIL) return -1;
  if (f->pool[c].state != C_OFFERED || f->pool[c].agent != ag)
    return BENCH_FLOOR_NOT_OFFERED;
  f->pool[c].state = C_CONNECTED;
  return 0;
}

int bench_floor_hangup(bench_floor *f, const char *cid, uint64_t now) {
  uint32_t c = find_contact(f, cid);
  (void)now;
  if (c == NIL || f->pool[c].state != C_CONNECTED) return -1;
  f->pool[c].state = C_WRAPUP;
  return 0;
}

int bench_floor_wrapup_done(bench_floor *f, const char *cid, uint64_t now) {
  uint32_t c = find_contact(f, cid), ag, w;
  fl_agent *a;
  if (c == NIL || f->pool[c].state != C_WRAPUP) return -1;
  ag = f->pool[c].agent;
  a = &f->agents[ag];
  map_del(&f->contact_map, c, fnv1a(f->pool[c].id));
  f->pool[c].state = C_FREE;
  f->pool[c].next = f->free_head;
  f->free_head = c;
  a->load--;
  a->contact = 0;
  a->idle_since = now;
  if (ready_add(f, ag) != 0) return -1;
  w = f->wait_head;
  if (w != NIL && has_skill(a, f->pool[w].skill)) {
    f->wait_head = f->pool[w].next;
    if (f->wait_head == NIL) f->wait_tail = NIL;
    offer_to(f, w, ag);
  }
  return 0;
}
