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
 * Index: one ordered set per skill of the ready members having it, keyed
 * by (level desc, idle_since asc, member order asc), plus a longest-idle
 * heap of all ready members.  A decision walks the primary skill's set
 * from its best member and stops at the first qualified one or at the
 * first level below the minimum: O(log n) for a single required skill,
 * O((k+1) (log n + R*S)) with k members skipped for lacking another
 * required skill (R required skills, S skills per agent).  ready/unready/
 * update cost O(S log n).  Index nodes are reserved in member_add; an
 * agent whose skills grew (acdr_agent_update) allocates in member_ready.
 * LOOKAHEAD: a contact nobody qualifies for does not block the contacts
 * behind it. */
#include <stdlib.h>
#include <string.h>

#include "strategies/common.h"

#define SK_MAX_STEPS 16

typedef struct sk_set {
  char *name;
  acdr_strat_oset set;
  size_t refs; /* members holding the skill (ready or not) */
} sk_set;

typedef struct sk_ent {
  sk_set *set;
  acdr_strat_onode node;
} sk_ent;

typedef struct sk_mem {
  size_t n;
  int ready;
  sk_ent e[]; /* one per agent skill, in the agent's order */
} sk_mem;

typedef struct sk_step {
  acdr_tstamp after;
  int32_t level;
} sk_step;

typedef struct sk_state {
  acdr_strategy_host *host;
  acdr_heap idle; /* all ready members, longest idle first */
  size_t members;
  sk_set **sets;  /* sorted by name */
  size_t nsets, capsets;
  sk_step steps[SK_MAX_STEPS];
  size_t nsteps;
} sk_state;

static int idle_less(const void *a, const void *b) {
  return acdr_strat_idle_less(a, b);
}

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
  acdr_heap_init(&s->idle, idle_less, acdr_strat_heap_setidx);
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
    acdr_strategy_free(s->host, s->sets[i]->name);
    acdr_strategy_free(s->host, s->sets[i]);
  }
  acdr_strategy_free(s->host, s->sets);
  acdr_strat_heap_free(s->host, &s->idle);
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
  k->set.root = NULL;
  k->set.len = 0;
  k->refs = 1;
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
  acdr_strategy_free(s->host, k->name);
  acdr_strategy_free(s->host, k);
}

static void mem_free(sk_state *s, sk_mem *d) {
  size_t i;
  if (!d) return;
  for (i = 0; i < d->n; i++) set_unref(s, d->e[i].set);
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
    const char *name = acdr_member_skill_at(m, i, NULL);
    if (!(d->e[i].set = set_ref(s, name))) {
      mem_free(s, d);
      return NULL;
    }
    d->e[i].node.m = m;
    d->e[i].node.linked = 0;
    d->n++;
  }
  return d;
}

/* Do the entries still match the agent's skills (names, in order)? */
static int mem_current(const sk_mem *d, const acdr_member *m) {
  size_t i;
  if (d->n != acdr_member_skill_count(m)) return 0;
  for (i = 0; i < d->n; i++)
    if (strcmp(d->e[i].set->name, acdr_member_skill_at(m, i, NULL)) != 0)
      return 0;
  return 1;
}

static int sk_member_add(acdr_strategy_state *st, acdr_member *m) {
  sk_state *s = (sk_state *)st;
  sk_mem *d;
  if (acdr_strat_heap_reserve(s->host, &s->idle, s->members + 1) != 0 ||
      !(d = mem_build(s, m)))
    return ACDR_ERR_NOMEM;
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

static void link_all(sk_mem *d, acdr_member *m) {
  size_t i;
  for (i = 0; i < d->n; i++) {
    int32_t lvl = 0;
    (void)acdr_member_skill_at(m, i, &lvl);
    d->e[i].node.key.a = (uint64_t)(0x80000000LL - (int64_t)lvl);
    d->e[i].node.key.b = acdr_member_idle_since(m);
    d->e[i].node.key.c = acdr_member_order(m);
    acdr_strat_oset_insert(&d->e[i].set->set, &d->e[i].node);
  }
  d->ready = 1;
}

static void unlink_all(sk_mem *d) {
  size_t i;
  for (i = 0; i < d->n; i++)
    if (d->e[i].node.linked)
      acdr_strat_oset_remove(&d->e[i].set->set, &d->e[i].node);
  d->ready = 0;
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
  if (acdr_strat_heap_reserve(s->host, &s->idle, s->idle.len + 1) != 0)
    return ACDR_ERR_NOMEM;
  (void)acdr_strat_heap_push(&s->idle, m);
  link_all(d, m);
  return 0;
}

static void sk_member_unready(acdr_strategy_state *st, acdr_member *m) {
  sk_state *s = (sk_state *)st;
  sk_mem *d = acdr_member_get_data(m);
  acdr_heap_remove(&s->idle, acdr_member_get_index(m));
  if (d) unlink_all(d);
}

static void sk_member_update(acdr_strategy_state *st, acdr_member *m) {
  sk_state *s = (sk_state *)st;
  sk_mem *d = acdr_member_get_data(m);
  acdr_heap_update(&s->idle, acdr_member_get_index(m));
  /* idle_since may have moved: re-key (levels change only through
   * acdr_agent_update, which makes the member unready first) */
  if (d && d->n && d->e[0].node.key.b != acdr_member_idle_since(m)) {
    unlink_all(d);
    link_all(d, m);
  }
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
  acdr_strat_onode *n;
  size_t i;
  (void)max;
  *nout = 0;
  if (acdr_contact_view_offer_count(c)) return 0;
  if (!acdr_contact_view_skill_count(c)) {
    if (s->idle.len) {
      out[0] = acdr_heap_top(&s->idle);
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
  for (n = acdr_strat_oset_first(&k->set); n;
       n = acdr_strat_oset_after(&k->set, &n->key)) {
    int64_t lvl = 0x80000000LL - (int64_t)n->key.a;
    if (lvl < min0) break; /* levels only go down from here */
    if (qualifies(s, c, n->m, waited)) {
      out[0] = n->m;
      *nout = 1;
      break;
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
    NULL};

const acdr_strategy *acdr_strategy_skills(void) { return &skills; }
