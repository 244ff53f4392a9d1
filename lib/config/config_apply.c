/* SPDX-License-Identifier: MIT */
/* Applying a configuration: validation against the running engine first,
 * then additions, updates, member changes and removals through the public
 * API, so waiting contacts and agent state survive a reload. */
#include <stddef.h>
#include <string.h>

#include <acdroute/config.h>

#include "config/config_int.h"
#include "core/event.h"
#include "core/internal.h"

/* What the running engine allows (reload checks). */
static void check_engine(acdr_errs *er, const acdr_cfg *c,
                         int remove_waiting) {
  acdr_engine *e = er->e;
  size_t i;
  const char *k;
  void *v;
  for (i = 0; acdr_map_next(&e->agents, &i, &k, &v);) {
    acdr_agent *a = v;
    if (acdr_cfg_agent_of(c, a->id)) continue;
    if (a->status != ACDR_AGENT_LOGGED_OUT || a->held || a->offers)
      acdr_errs_add(er, ACDR_ERR_IN_USE, "/agents",
                    "agent \"%s\" is left out but is logged in or holds "
                    "contacts (log it out first)",
                    a->id);
  }
  for (i = 0; acdr_map_next(&e->queues, &i, &k, &v);) {
    acdr_queue *q = v;
    const acdr_cfg_queue *dq = acdr_cfg_queue_of(c, q->id);
    int busy = acdr_line_len(&q->line) || q->noffered || q->nconnected;
    if (!dq) {
      if (q->nconnected)
        acdr_errs_add(er, ACDR_ERR_IN_USE, "/queues",
                      "queue \"%s\" is left out but has %u connected "
                      "contacts",
                      q->id, q->nconnected);
      else if (busy && remove_waiting != ACDR_RELOAD_OVERFLOW)
        acdr_errs_add(er, ACDR_ERR_IN_USE, "/queues",
                      "queue \"%s\" is left out but has contacts waiting "
                      "(reload with ACDR_RELOAD_OVERFLOW to send them to its "
                      "overflow target)",
                      q->id);
      continue;
    }
    if (dq->def.channel != q->def.channel && busy) {
      char p[ACDR_PTR_MAX];
      acdr_ptr_key(p, dq->ptr, "channel");
      acdr_errs_add(er, ACDR_ERR_IN_USE, p,
                    "cannot change the channel of queue \"%s\" while "
                    "contacts are in it",
                    q->id);
    }
  }
}

static int skills_equal(const acdr_agent *a, const acdr_agent_def *d) {
  size_t i;
  if (a->nskills != d->nskills) return 0;
  for (i = 0; i < d->nskills; i++)
    if (strcmp(a->skills[i].name, d->skills[i].name) != 0 ||
        a->skills[i].level != d->skills[i].level)
      return 0;
  return 1;
}

static int agent_changed(const acdr_agent *a, const acdr_agent_def *d) {
  if ((a->name == NULL) != (d->name == NULL) ||
      (a->name && strcmp(a->name, d->name) != 0))
    return 1;
  return memcmp(a->cap, d->capacity, sizeof(a->cap)) != 0 ||
         a->wrapup_ms != d->wrapup_ms ||
         a->ring_timeout_ms != d->ring_timeout_ms ||
         a->vbo_setting != d->voice_blocks_other_channels ||
         acdr_agent_miss_of(a)->na_delay_ms != d->no_answer_delay_ms ||
         acdr_agent_miss_of(a)->rej_delay_ms != d->reject_delay_ms ||
         acdr_agent_miss_of(a)->busy_delay_ms != d->busy_delay_ms ||
         acdr_agent_miss_of(a)->max_missed != d->max_missed ||
         acdr_agent_miss_of(a)->missed_status != d->missed_status ||
         acdr_agent_miss_of(a)->on_demand != d->on_demand ||
         !skills_equal(a, d);
}

static int str_eq(const char *x, const char *y) {
  if (!x || !y) return x == y;
  return strcmp(x, y) == 0;
}

/* Are the engine's rules a (sorted by time, stable) those of b (as
 * written)?  Step j of b sits where the stable sort puts it.  O(n^2),
 * n <= 1024, only on a reload. */
static int rules_same(const acdr_queue_def *a, const acdr_queue_def *b) {
  size_t j, k;
  if (a->nrules != b->nrules) return 0;
  for (j = 0; j < b->nrules; j++) {
    const acdr_penalty_change *x = &b->rules[j], *y;
    size_t pos = 0;
    for (k = 0; k < b->nrules; k++)
      if (b->rules[k].after_ms < x->after_ms ||
          (k < j && b->rules[k].after_ms == x->after_ms))
        pos++;
    y = &a->rules[pos];
    if (strcmp(x->rule, y->rule) != 0 || x->after_ms != y->after_ms ||
        x->max_penalty != y->max_penalty || x->min_penalty != y->min_penalty ||
        x->raise_penalty != y->raise_penalty || x->relative != y->relative)
      return 0;
  }
  return 1;
}

static int queue_changed(const acdr_queue *q, const acdr_queue_def *d) {
  acdr_queue_def a = q->def, b = *d;
  size_t i;
  if (!str_eq(a.strategy, b.strategy ? b.strategy : "longest-idle") ||
      !str_eq(a.overflow_target, b.overflow_target) ||
      a.nparams != b.nparams ||
      !str_eq(a.default_rule && *a.default_rule ? a.default_rule : NULL,
              b.default_rule && *b.default_rule ? b.default_rule : NULL) ||
      !rules_same(&a, &b))
    return 1;
  for (i = 0; i < a.nparams; i++)
    if (strcmp(a.params[i].key, b.params[i].key) != 0 ||
        strcmp(a.params[i].value, b.params[i].value) != 0)
      return 1;
  /* compare the plain fields */
  a.id = b.id = NULL;
  a.strategy = b.strategy = NULL;
  a.params = b.params = NULL;
  a.overflow_target = b.overflow_target = NULL;
  a.rules = b.rules = NULL;
  a.default_rule = b.default_rule = NULL;
  return memcmp(&a, &b, sizeof(a)) != 0;
}

/* The membership of agent aid in q, through the agent's own (short) list:
 * O(queues of the agent), not O(members of the queue). */
static const acdr_member *member_of(acdr_engine *e, const acdr_queue *q,
                                    const char *aid) {
  const acdr_agent *a = acdr_map_get(&e->agents, aid);
  size_t i;
  for (i = 0; a && i < a->nmembers; i++)
    if (a->members[i]->queue == q) return a->members[i];
  return NULL;
}

/* Undo additions of a failed load (they hold no contacts yet). */
static void undo_adds(acdr_engine *e, const acdr_cfg *c, const char *const *qadded,
                      size_t nq, const char *const *aadded, size_t na) {
  size_t i;
  (void)c;
  for (i = 0; i < nq; i++) (void)acdr_queue_remove(e, qadded[i], 0, e->now);
  for (i = 0; i < na; i++) (void)acdr_agent_remove(e, aadded[i]);
}

static int apply(acdr_engine *e, acdr_cfg *c, int remove_waiting,
                 acdr_tstamp now) {
  const char **aadded = NULL, **qadded = NULL;
  unsigned char *isnew = NULL; /* per document agent: added just now */
  size_t na = 0, nq = 0, i, j;
  int rv = 0;
  if ((c->nagents &&
       (!(aadded = acdr_mem_calloc(&e->mem, c->nagents, sizeof(char *))) ||
        !(isnew = acdr_mem_calloc(&e->mem, c->nagents, 1)))) ||
      (c->nqueues &&
       !(qadded = acdr_mem_calloc(&e->mem, c->nqueues, sizeof(char *))))) {
    acdr_mem_free(&e->mem, aadded);
    acdr_mem_free(&e->mem, isnew);
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  }
  /* 1. additions (undone on failure) */
  for (i = 0; i < c->nagents && !rv; i++)
    if (!acdr_map_get(&e->agents, c->agents[i].def.id)) {
      if (!(rv = acdr_agent_add(e, &c->agents[i].def))) {
        aadded[na++] = c->agents[i].def.id;
        isnew[i] = 1;
      }
    }
  for (i = 0; i < c->nqueues && !rv; i++)
    if (!acdr_map_get(&e->queues, c->queues[i].def.id)) {
      if (!(rv = acdr_queue_add(e, &c->queues[i].def)))
        qadded[nq++] = c->queues[i].def.id;
    }
  if (rv) {
    undo_adds(e, c, qadded, nq, aadded, na);
    goto out;
  }
  /* 2. updates of what exists (only what changed: an update re-creates
   * strategy state) */
  for (i = 0; i < c->nagents && !rv; i++) {
    acdr_agent *a = acdr_map_get(&e->agents, c->agents[i].def.id);
    if (!isnew[i] && agent_changed(a, &c->agents[i].def))
      rv = acdr_agent_update(e, &c->agents[i].def);
  }
  for (i = 0; i < c->nqueues && !rv; i++) {
    acdr_queue *q = acdr_map_get(&e->queues, c->queues[i].def.id);
    if (queue_changed(q, &c->queues[i].def))
      rv = acdr_queue_update(e, &c->queues[i].def, now);
  }
  /* 3. members: leave, then (re)join in document order */
  for (i = 0; i < c->nqueues && !rv; i++) {
    const acdr_cfg_queue *dq = &c->queues[i];
    acdr_queue *q = acdr_map_get(&e->queues, dq->def.id);
    for (j = q->nmembers; j-- > 0 && !rv;) {
      const acdr_member *m = q->members[j];
      const acdr_cfg_member *dm = acdr_cfg_member_of(dq, m->agent->id);
      if (!dm || dm->penalty != m->penalty || dm->position != m->position)
        rv = acdr_queue_member_remove(e, dq->def.id, m->agent->id, now);
      if (j > q->nmembers) j = q->nmembers;
    }
    for (j = 0; j < dq->nmembers && !rv; j++) {
      const acdr_cfg_member *dm = &dq->members[j];
      const acdr_member *m = member_of(e, q, dm->agent);
      if (!m)
        rv = acdr_queue_member_add(e, dq->def.id, dm->agent, dm->penalty,
                                   dm->position, now);
      /* its settings (weight, paused, wrapup_ms) when they differ */
      if (!rv && (m = member_of(e, q, dm->agent)) != NULL &&
          (m->weight != dm->set.weight || m->paused != dm->set.paused ||
           m->wrapup_ms != dm->set.wrapup_ms))
        rv = acdr_queue_member_set(e, dq->def.id, dm->agent, &dm->set, now);
    }
  }
  /* 4. business hours of the document's queues */
  if (!rv) rv = acdr_cfg_apply_hours(e, c);
  /* 5. removals */
  if (!rv) {
    acdr_queue **qs = NULL;
    acdr_agent **as = NULL;
    size_t n;
    if ((rv = acdr_queues_sorted(e, &qs, &n)) == 0) {
      for (i = 0; i < n && !rv; i++)
        if (!acdr_cfg_queue_of(c, qs[i]->id))
          rv = acdr_queue_remove(e, qs[i]->id,
                                 remove_waiting == ACDR_RELOAD_OVERFLOW, now);
      acdr_mem_free(&e->mem, qs);
    }
    if (!rv && (rv = acdr_agents_sorted(e, &as, &n)) == 0) {
      for (i = 0; i < n && !rv; i++)
        if (!acdr_cfg_agent_of(c, as[i]->id)) rv = acdr_agent_remove(e, as[i]->id);
      acdr_mem_free(&e->mem, as);
    }
    if (rv == ACDR_ERR_NOMEM) acdr_err(e, rv, "out of memory");
  }
  /* 6. metric settings; the catalog and rules (cannot fail) */
  if (!rv) rv = acdr_cfg_apply_metrics(e, c);
  if (!rv) rv = acdr_cfg_apply_customers(e, &c->customers);
  if (!rv) acdr_cfg_apply_dispositions(e, c);
out:
  acdr_mem_free(&e->mem, isnew);
  acdr_mem_free(&e->mem, aadded);
  acdr_mem_free(&e->mem, qadded);
  return rv;
}

int acdr_cfg_apply_doc(acdr_engine *e, acdr_errs *er, acdr_cfg *c,
                       int remove_waiting, acdr_tstamp now, int doit) {
  int rv;
  check_engine(er, c, remove_waiting);
  if ((rv = acdr_errs_finish(er)) != 0 || !doit) return rv;
  /* the parts are not events of their own: the document is one */
  acdr_events_suspend(e);
  rv = apply(e, c, remove_waiting, now);
  acdr_events_resume(e);
  return rv;
}

static int entry(acdr_engine *e, const char *doc, int remove_waiting) {
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!doc)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT, "configuration: doc is "
                    "NULL");
  if (remove_waiting != ACDR_RELOAD_REFUSE &&
      remove_waiting != ACDR_RELOAD_OVERFLOW)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "configuration: remove_waiting %d is not "
                    "ACDR_RELOAD_REFUSE or ACDR_RELOAD_OVERFLOW",
                    remove_waiting);
  if (e->depth || e->delivering)
    return acdr_err(e, ACDR_ERR_BUSY,
                    "configuration cannot change from inside a callback");
  return 0;
}

int acdr_cfg_apply_json(acdr_engine *e, json_object *root, const char *ptr,
                        int remove_waiting, acdr_tstamp now, int doit) {
  acdr_errs er;
  acdr_cfg c;
  int rv;
  acdr_errs_init(&er, e);
  if (acdr_cfg_read(&er, root, ptr, &c) != 0) {
    rv = acdr_errs_finish(&er);
  } else {
    rv = acdr_cfg_apply_doc(e, &er, &c, remove_waiting, now, doit);
    if (rv == 0 && doit)
      acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_CONFIG,
                                       .config = root,
                                       .remove_waiting = remove_waiting});
  }
  acdr_cfg_free(e, &c);
  return rv;
}

static int load(acdr_engine *e, const char *doc, size_t len,
                int remove_waiting, acdr_tstamp now, int doit) {
  acdr_errs er;
  json_object *root;
  int rv = entry(e, doc, remove_waiting);
  if (rv) return rv;
  if (doit && now < e->now)
    return acdr_err(e, ACDR_ERR_TIME_BACKWARDS,
                    "time went backwards: now=%llu < last=%llu",
                    (unsigned long long)now, (unsigned long long)e->now);
  acdr_errs_init(&er, e);
  if (!(root = acdr_json_parse(&er, doc, len))) return acdr_errs_finish(&er);
  acdr_errs_free(&er);
  rv = acdr_cfg_apply_json(e, root, "", remove_waiting, now, doit);
  json_object_put(root);
  return rv;
}

int acdr_config_apply(acdr_engine *e, const char *doc, size_t len,
                      int remove_waiting, acdr_tstamp now) {
  return load(e, doc, len, remove_waiting, now, 1);
}

int acdr_config_validate(acdr_engine *e, const char *doc, size_t len,
                         int remove_waiting) {
  return load(e, doc, len, remove_waiting, e ? e->now : 0, 0);
}

int acdr_config_export(acdr_engine *e, char **pdoc, size_t *plen) {
  acdr_jw w;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!pdoc)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT, "config export: pdoc is "
                    "NULL");
  *pdoc = NULL;
  acdr_jw_init(&w, &e->mem, 1);
  acdr_cfg_write_engine(&w, e);
  acdr_jw_raw(&w, "\n", 1);
  if (!(*pdoc = acdr_jw_take(&w, plen)))
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory (config export)");
  return 0;
}

const char *acdr_config_last_errors(const acdr_engine *e) {
  return e ? acdr_err_report(e) : "";
}
