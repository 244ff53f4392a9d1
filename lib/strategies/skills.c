/* SPDX-License-Identifier: MIT */
/* skills: route by competence.
 *
 * A contact lists required skills with minimum levels
 * (acdr_contact_def.skills).  The first listed skill is the primary one.
 * An agent qualifies when it has every required skill at the (possibly
 * relaxed) minimum level.  Among qualified ready members the best match
 * wins: the highest level in the primary skill, ties to the longest idle,
 * then member order.  The other required skills are filters.  A contact
 * without required skills goes to the longest idle ready member.
 *
 * Setting "relax" = "30:3,60:0": steps of "seconds:level" with increasing
 * seconds; once the contact has waited (in this queue) that long, every
 * minimum level above `level` drops to `level`.  Level 0 still requires
 * the agent to have the skill.  select() sets *recheck_at to the next
 * step, so the contact is looked at again exactly then.
 *
 * Index: per skill (interned: members point at it), one list per
 * proficiency level of the ready members holding it at that level,
 * longest idle first (idle lists, common.h), a sparse directory of the
 * levels in use and a bitmap of the levels with a ready member; plus an
 * idle list of all ready members.  A decision scans the primary skill's
 * bitmap from the highest level, walks each level's list and stops at
 * the first qualified member or below the minimum level: the order is
 * (level desc, idle_since asc, member order asc), exactly the former
 * treap's.  O(1) plus the members skipped for lacking another required
 * skill (each costs R*S).  ready/unready: S appends/unlinks plus a
 * level look-up (O(log levels)).  Directory entries are reserved in
 * member_add; an agent whose skills or levels changed (acdr_agent_update)
 * allocates in member_ready.
 * LOOKAHEAD: a contact nobody qualifies for does not block the contacts
 * behind it. */
#include <stdlib.h>
#include <string.h>

#include "strategies/common.h"

#define SK_MAX_STEPS 16
#define SK_LEVELS 101 /* agent levels are 0..100 */

/* One proficiency level of a skill: its ready members, longest idle
 * first, and how many members (ready or not) hold the skill at it. */
typedef struct sk_lvl {
  int32_t level;
  uint32_t refs;
  acdr_strat_ilist ready;
} sk_lvl;

/* A skill, interned: members point to it, so linking never compares
 * names.  Levels are a sparse directory (sorted by level, highest first;
 * queues use a few of the 101 levels) plus a bitmap of the levels that
 * have a ready member, so a decision finds the best level in two word
 * scans. */
typedef struct sk_set {
  char *name;
  size_t refs; /* members holding the skill (ready or not) */
  uint64_t bits[2]; /* bit L: level L has a ready member */
  sk_lvl *lv;
  size_t nlv, caplv;
} sk_set;

typedef struct sk_ent {
  sk_set *set;
  int32_t level;
  uint32_t at; /* where the level was last found in set->lv: directories
                  change only when members come and go, so this saves
                  the binary search of almost every link / unlink */
  acdr_strat_inode node;
} sk_ent;

typedef struct sk_mem {
  size_t n;
  int ready;
  acdr_strat_inode all; /* in sk_state.all */
  sk_ent e[]; /* one per agent skill, in the agent's order */
} sk_mem;

typedef struct sk_step {
  acdr_tstamp after;
  int32_t level;
} sk_step;

typedef struct sk_state {
  acdr_strategy_host *host;
  acdr_strat_ilist all; /* all ready members, longest idle first */
  size_t members;
  sk_set **sets;  /* sorted by name */
  size_t nsets, capsets;
  sk_step steps[SK_MAX_STEPS];
  size_t nsteps;
} sk_state;

static int parse_relax(acdr_strategy_host *h, const acdr_kv *p,
                       sk_step *steps, size_t *nsteps) {
  const char *s = p->value;
  size_t n = 0;
  while (*s) {
    char *end;
    unsigned long secs, lvl;
    if (n == SK_MAX_STEPS)
      return acdr_strat_bad_param(h, "skills", p, "more than 16 steps");
    if (*s < '0' || *s > '9') goto bad;
    secs = strtoul(s, &end, 10);
    if (*end != ':' || secs > 86400UL * 366) goto bad;
    s = end + 1;
    if (*s < '0' || *s > '9') goto bad;
    lvl = strtoul(s, &end, 10);
    if (lvl > 100 || (*end && *end != ',')) goto bad;
    if (n && (acdr_tstamp)secs * ACDR_SECONDS <= steps[n - 1].after)
      return acdr_strat_bad_param(h, "skills", p,
                                  "step times must increase");
    steps[n].after = (acdr_tstamp)secs * ACDR_SECONDS;
    steps[n].level = (int32_t)lvl;
    n++;
    s = *end ? end + 1 : end;
    if (*end && !*s) goto bad; /* trailing comma */
  }
  *nsteps = n;
  return 0;
bad:
  return acdr_strat_bad_param(h, "skills", p,
                              "expected \"seconds:level,...\" with levels "
                              "0..100");
}

static int sk_create(acdr_strategy_state **out, const acdr_strategy_ctx *ctx,
                     const acdr_kv *params, size_t nparams, void *ud) {
  sk_state *s;
  sk_step steps[SK_MAX_STEPS];
  size_t i, nsteps = 0;
  int rv;
  (void)ud;
  for (i = 0; i < nparams; i++) {
    if (strcmp(params[i].key, "relax") != 0)
      return acdr_strat_unknown_param(ctx->host, "skills", params + i);
    if ((rv = parse_relax(ctx->host, params + i, steps, &nsteps)) != 0)
      return rv;
  }
  if (!(s = acdr_strategy_malloc(ctx->host, sizeof(*s)))) return ACDR_ERR_NOMEM;
  memset(s, 0, sizeof(*s));
  s->host = ctx->host;
  memcpy(s->steps, steps, nsteps * sizeof(*steps));
  s->nsteps = nsteps;
  *out = (acdr_strategy_state *)s;
  return 0;
}

static void sk_destroy(acdr_strategy_state *st, void *ud) {
  sk_state *s = (sk_state *)st;
  size_t i;
  (void)ud;
  for (i = 0; i < s->nsets; i++) { /* none left once members are gone */
    acdr_strategy_free(s->host, s->sets[i]->lv);
    acdr_strategy_free(s->host, s->sets[i]->name);
    acdr_strategy_free(s->host, s->sets[i]);
  }
  acdr_strategy_free(s->host, s->sets);
  acdr_strategy_free(s->host, s);
}

/* binary search; *at = insertion point */
static sk_set *set_find(const sk_state *s, const char *name, size_t *at) {
  size_t lo = 0, hi = s->nsets;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(s->sets[mid]->name, name);
    if (c == 0) {
      if (at) *at = mid;
      return s->sets[mid];
    }
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (at) *at = lo;
  return NULL;
}

static sk_set *set_ref(sk_state *s, const char *name) {
  size_t at;
  sk_set *k = set_find(s, name, &at);
  if (k) {
    k->refs++;
    return k;
  }
  if (s->nsets == s->capsets) {
    size_t ncap = s->capsets ? s->capsets * 2 : 8;
    sk_set **p = acdr_strategy_realloc(s->host, s->sets, ncap * sizeof(*p));
    if (!p) return NULL;
    s->sets = p;
    s->capsets = ncap;
  }
  if (!(k = acdr_strategy_malloc(s->host, sizeof(*k)))) return NULL;
  if (!(k->name = acdr_strategy_strdup(s->host, name))) {
    acdr_strategy_free(s->host, k);
    return NULL;
  }
  k->refs = 1;
  k->bits[0] = k->bits[1] = 0;
  k->lv = NULL;
  k->nlv = k->caplv = 0;
  memmove(s->sets + at + 1, s->sets + at, (s->nsets - at) * sizeof(*s->sets));
  s->sets[at] = k;
  s->nsets++;
  return k;
}

static void set_unref(sk_state *s, sk_set *k) {
  size_t at;
  if (--k->refs) return;
  (void)set_find(s, k->name, &at);
  memmove(s->sets + at, s->sets + at + 1,
          (s->nsets - at - 1) * sizeof(*s->sets));
  s->nsets--;
  acdr_strategy_free(s->host, k->lv);
  acdr_strategy_free(s->host, k->name);
  acdr_strategy_free(s->host, k);
}

/* binary search in the level directory (highest level first); *at =
 * insertion point */
static sk_lvl *lv_find(const sk_set *k, int32_t level, size_t *at) {
  size_t lo = 0, hi = k->nlv;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (k->lv[mid].level == level) {
      if (at) *at = mid;
      return k->lv + mid;
    }
    if (k->lv[mid].level > level)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (at) *at = lo;
  return NULL;
}

/* The directory entry of e's level (present while e exists). */
static sk_lvl *lv_of(sk_ent *e) {
  size_t at;
  sk_lvl *l;
  if (e->at < e->set->nlv && e->set->lv[e->at].level == e->level)
    return e->set->lv + e->at;
  l = lv_find(e->set, e->level, &at);
  e->at = (uint32_t)at;
  return l;
}

static int lv_ref(sk_state *s, sk_set *k, int32_t level) {
  size_t at;
  sk_lvl *l = lv_find(k, level, &at);
  if (l) {
    l->refs++;
    return 0;
  }
  if (k->nlv == k->caplv) {
    size_t ncap = k->caplv ? k->caplv * 2 : 2;
    sk_lvl *p = acdr_strategy_realloc(s->host, k->lv, ncap * sizeof(*p));
    if (!p) return ACDR_ERR_NOMEM;
    k->lv = p;
    k->caplv = ncap;
  }
  /* moving a level moves its list's head, tail and side treap root with
   * it: nodes never point at the list itself */
  memmove(k->lv + at + 1, k->lv + at, (k->nlv - at) * sizeof(*k->lv));
  k->lv[at].level = level;
  k->lv[at].refs = 1;
  memset(&k->lv[at].ready, 0, sizeof(k->lv[at].ready));
  k->nlv++;
  return 0;
}

static void lv_unref(sk_set *k, int32_t level) {
  size_t at;
  sk_lvl *l = lv_find(k, level, &at);
  if (!l || --l->refs) return;
  memmove(k->lv + at, k->lv + at + 1, (k->nlv - at - 1) * sizeof(*k->lv));
  k->nlv--;
}

static void unlink_all(sk_state *s, sk_mem *d) {
  size_t i;
  if (!d->ready) return;
  for (i = 0; i < d->n; i++) {
    sk_set *k = d->e[i].set;
    sk_lvl *l = lv_of(d->e + i);
    acdr_strat_il_remove(&l->ready, &d->e[i].node);
    if (!l->ready.len)
      k->bits[d->e[i].level >> 6] &= ~(UINT64_C(1) << (d->e[i].level & 63));
  }
  acdr_strat_il_remove(&s->all, &d->all);
  d->ready = 0;
}

static void link_all(sk_state *s, sk_mem *d, acdr_member *m) {
  size_t i;
  for (i = 0; i < d->n; i++) {
    sk_set *k = d->e[i].set;
    sk_lvl *l = lv_of(d->e + i);
    acdr_strat_il_insert(&l->ready, &d->e[i].node, m);
    k->bits[d->e[i].level >> 6] |= UINT64_C(1) << (d->e[i].level & 63);
  }
  acdr_strat_il_insert(&s->all, &d->all, m);
  d->ready = 1;
}

static void mem_free(sk_state *s, sk_mem *d) {
  size_t i;
  if (!d) return;
  unlink_all(s, d);
  for (i = 0; i < d->n; i++) {
    lv_unref(d->e[i].set, d->e[i].level);
    set_unref(s, d->e[i].set);
  }
  acdr_strategy_free(s->host, d);
}

/* Index entries for the member's current skills (all-or-nothing). */
static sk_mem *mem_build(sk_state *s, acdr_member *m) {
  size_t i, n = acdr_member_skill_count(m);
  sk_mem *d = acdr_strategy_malloc(s->host, sizeof(*d) + n * sizeof(sk_ent));
  if (!d) return NULL;
  d->n = 0;
  d->ready = 0;
  for (i = 0; i < n; i++) {
    int32_t lvl = 0;
    const char *name = acdr_member_skill_at(m, i, &lvl);
    if (!(d->e[i].set = set_ref(s, name))) {
      mem_free(s, d);
      return NULL;
    }
    if (lv_ref(s, d->e[i].set, lvl) != 0) {
      set_unref(s, d->e[i].set);
      mem_free(s, d);
      return NULL;
    }
    d->e[i].level = lvl;
    d->e[i].at = 0;
    d->n++;
  }
  return d;
}

/* Do the entries still match the agent's skills (names and levels, in
 * order)? */
static int mem_current(const sk_mem *d, const acdr_member *m) {
  size_t i;
  if (d->n != acdr_member_skill_count(m)) return 0;
  for (i = 0; i < d->n; i++) {
    int32_t lvl = 0;
    if (strcmp(d->e[i].set->name, acdr_member_skill_at(m, i, &lvl)) != 0 ||
        lvl != d->e[i].level)
      return 0;
  }
  return 1;
}

static int sk_member_add(acdr_strategy_state *st, acdr_member *m) {
  sk_state *s = (sk_state *)st;
  sk_mem *d;
  if (!(d = mem_build(s, m))) return ACDR_ERR_NOMEM;
  acdr_member_set_data(m, d);
  s->members++;
  return 0;
}

static void sk_member_remove(acdr_strategy_state *st, acdr_member *m) {
  sk_state *s = (sk_state *)st;
  sk_mem *d = acdr_member_get_data(m);
  if (!d) return; /* member_add failed during a reconfiguration */
  mem_free(s, d);
  acdr_member_set_data(m, NULL);
  s->members--;
}

static int sk_member_ready(acdr_strategy_state *st, acdr_member *m) {
  sk_state *s = (sk_state *)st;
  sk_mem *d = acdr_member_get_data(m);
  if (!d || !mem_current(d, m)) {
    /* skills changed (or a reconfiguration could not reserve): rebuild */
    sk_mem *nd = mem_build(s, m);
    if (!nd) return ACDR_ERR_NOMEM;
    if (!d) s->members++; /* member_add never succeeded */
    mem_free(s, d);
    acdr_member_set_data(m, nd);
    d = nd;
  }
  if (d->ready) unlink_all(s, d);
  link_all(s, d, m);
  return 0;
}

static void sk_member_unready(acdr_strategy_state *st, acdr_member *m) {
  sk_state *s = (sk_state *)st;
  sk_mem *d = acdr_member_get_data(m);
  if (d) unlink_all(s, d);
}

static void sk_member_update(acdr_strategy_state *st, acdr_member *m) {
  sk_state *s = (sk_state *)st;
  sk_mem *d = acdr_member_get_data(m);
  /* idle_since may have moved: re-key (levels change only through
   * acdr_agent_update, which makes the member unready first) */
  if (d && d->ready && acdr_strat_il_idle(&d->all) != acdr_member_idle_since(m)) {
    unlink_all(s, d);
    link_all(s, d, m);
  }
}

static inline unsigned clz64(uint64_t x) { /* x != 0 */
#if defined(__GNUC__) || defined(__clang__)
  return (unsigned)__builtin_clzll(x);
#else
  unsigned n = 0;
  while (!(x & (UINT64_C(1) << 63))) {
    x <<= 1;
    n++;
  }
  return n;
#endif
}

/* Minimum level after relaxation for a contact that waited `waited`. */
static int32_t relaxed(const sk_state *s, int32_t min, acdr_tstamp waited) {
  size_t i;
  for (i = 0; i < s->nsteps && waited >= s->steps[i].after; i++)
    if (min > s->steps[i].level) min = s->steps[i].level;
  return min;
}

static int qualifies(const sk_state *s, const acdr_contact_view *c,
                     const acdr_member *m, acdr_tstamp waited) {
  size_t j, n = acdr_contact_view_skill_count(c);
  for (j = 1; j < n; j++) {
    int32_t min = 0;
    const char *name = acdr_contact_view_skill_at(c, j, &min);
    if (acdr_member_skill_level(m, name) < relaxed(s, min, waited)) return 0;
  }
  return 1;
}

static int sk_select(acdr_strategy_state *st, acdr_contact_view *c,
                     acdr_tstamp now, acdr_member **out, size_t max,
                     size_t *nout, acdr_tstamp *recheck) {
  sk_state *s = (sk_state *)st;
  acdr_tstamp enq = acdr_contact_view_enqueued(c);
  acdr_tstamp waited = now > enq ? now - enq : 0;
  const char *primary;
  int32_t min0 = 0;
  sk_set *k;
  size_t i, w;
  (void)max;
  *nout = 0;
  if (acdr_contact_view_offer_count(c)) return 0;
  if (!acdr_contact_view_skill_count(c)) {
    acdr_member *m = acdr_strat_il_first(&s->all);
    if (m) {
      out[0] = m;
      *nout = 1;
    }
    return 0;
  }
  /* the next relaxation step: look again then */
  for (i = 0; i < s->nsteps; i++)
    if (s->steps[i].after > waited) {
      *recheck = enq + s->steps[i].after;
      break;
    }
  primary = acdr_contact_view_skill_at(c, 0, &min0);
  min0 = relaxed(s, min0, waited);
  if (!(k = set_find(s, primary, NULL))) return 0;
  if (min0 < 0) min0 = 0;
  /* levels with a ready member, best first, down to the minimum */
  for (w = 2; w-- > 0;) {
    uint64_t bits = k->bits[w];
    while (bits) {
      int32_t lvl = (int32_t)(w * 64) + 63 - (int32_t)clz64(bits);
      sk_lvl *l;
      acdr_strat_inode *n;
      acdr_strat_iliter it;
      if (lvl < min0) return 0; /* levels only go down from here */
      bits &= ~(UINT64_C(1) << (lvl & 63));
      l = lv_find(k, lvl, NULL);
      for (n = acdr_strat_il_begin(&l->ready, &it); n;
           n = acdr_strat_il_next(&l->ready, &it))
        if (qualifies(s, c, n->o.m, waited)) {
          out[0] = n->o.m;
          *nout = 1;
          return 0;
        }
    }
  }
  return 0;
}

static const acdr_strategy skills = {
    "skills",
    ACDR_STRATEGY_F_LOOKAHEAD | ACDR_STRATEGY_F_REQUIREMENTS,
    NULL,
    sk_create,
    sk_destroy,
    sk_member_add,
    sk_member_remove,
    sk_member_ready,
    sk_member_unready,
    sk_member_update,
    sk_select,
    NULL,
    NULL,
    NULL, NULL, NULL};

const acdr_strategy *acdr_strategy_skills(void) { return &skills; }
