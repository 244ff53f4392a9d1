/* SPDX-License-Identifier: MIT */
/* Accessors through which strategy plug-ins see members and contacts. */
#include <string.h>

#include "core/engine_int.h"

const char *acdr_member_agent_id(const acdr_member *m) {
  return m->agent->id;
}
int32_t acdr_member_penalty(const acdr_member *m) { return m->penalty; }
uint64_t acdr_member_order(const acdr_member *m) { return m->order; }
acdr_tstamp acdr_member_idle_since(const acdr_member *m) {
  return m->agent->idle_since;
}
uint32_t acdr_member_load(const acdr_member *m) {
  return m->agent->load[m->queue->def.channel];
}
uint32_t acdr_member_capacity(const acdr_member *m) {
  return m->agent->cap[m->queue->def.channel];
}
uint64_t acdr_member_handled(const acdr_member *m) {
  return m->agent->handled;
}
acdr_tstamp acdr_member_talk_time(const acdr_member *m) {
  return m->agent->talk_ns;
}
int32_t acdr_member_skill_level(const acdr_member *m, const char *skill) {
  size_t i;
  if (!skill) return -1;
  for (i = 0; i < m->agent->nskills; i++)
    if (strcmp(m->agent->skills[i].name, skill) == 0)
      return m->agent->skills[i].level;
  return -1;
}
size_t acdr_member_skill_count(const acdr_member *m) {
  return m->agent->nskills;
}
const char *acdr_member_skill_at(const acdr_member *m, size_t i,
                                 int32_t *level) {
  if (i >= m->agent->nskills) return NULL;
  if (level) *level = m->agent->skills[i].level;
  return m->agent->skills[i].name;
}
int acdr_member_is_ready(const acdr_member *m) { return m->ready; }
int32_t acdr_member_agent_status(const acdr_member *m) {
  return m->agent->status;
}
void *acdr_member_get_data(const acdr_member *m) { return m->sdata; }
void acdr_member_set_data(acdr_member *m, void *data) { m->sdata = data; }
size_t acdr_member_get_index(const acdr_member *m) { return m->sidx; }
void acdr_member_set_index(acdr_member *m, size_t index) { m->sidx = index; }

#define CV(c) ((const acdr_contact *)(const void *)(c))

/* The contact-view accessor acdr_contact_view_NAME: field FIELD. */
#define CV_FIELD(TYPE, NAME, FIELD)                             \
  TYPE acdr_contact_view_##NAME(const acdr_contact_view *c) { \
    return CV(c)->FIELD;                                        \
  }

CV_FIELD(const char *, id, id)
CV_FIELD(int32_t, priority, priority)
CV_FIELD(acdr_tstamp, arrival, arrival)
CV_FIELD(acdr_tstamp, enqueued, enqueued)
const char *acdr_contact_view_attr(const acdr_contact_view *c,
                                   const char *key) {
  size_t i;
  if (!key) return NULL;
  for (i = 0; i < CV(c)->nattrs; i++)
    if (strcmp(CV(c)->attrs[i].key, key) == 0) return CV(c)->attrs[i].value;
  return NULL;
}
const char *acdr_contact_view_reason(const acdr_contact_view *c) {
  return acdr_contact_reason(CV(c));
}
CV_FIELD(size_t, skill_count, nskills)
const char *acdr_contact_view_skill_at(const acdr_contact_view *c, size_t i,
                                       int32_t *min_level) {
  if (i >= CV(c)->nskills) return NULL;
  if (min_level) *min_level = CV(c)->skills[i].level;
  return CV(c)->skills[i].name;
}
int acdr_contact_view_is_offered_to(const acdr_contact_view *c,
                                    const acdr_member *m) {
  const acdr_offer *o;
  for (o = CV(c)->offers; o; o = o->next_contact)
    if (o->agent == m->agent) return 1;
  return 0;
}
CV_FIELD(size_t, offer_count, noffers)
CV_FIELD(acdr_tstamp, offer_started, offer_round_start)
CV_FIELD(uint64_t, get_data, sdata)
void acdr_contact_view_set_data(acdr_contact_view *c, uint64_t data) {
  ((acdr_contact *)(void *)c)->sdata = data;
}

/* ---- services for strategy instances ---- */

uint64_t acdr_strategy_random(acdr_strategy_host *h, uint64_t bound) {
  return acdr_rng_bounded(h->engine, bound);
}
void *acdr_strategy_malloc(acdr_strategy_host *h, size_t size) {
  return acdr_mem_malloc(&h->engine->mem, size);
}
void *acdr_strategy_realloc(acdr_strategy_host *h, void *p, size_t size) {
  return acdr_mem_realloc(&h->engine->mem, p, size);
}
void acdr_strategy_free(acdr_strategy_host *h, void *p) {
  acdr_mem_free(&h->engine->mem, p);
}
char *acdr_strategy_strdup(acdr_strategy_host *h, const char *s) {
  return s ? acdr_mem_strdup(&h->engine->mem, s) : NULL;
}
void acdr_strategy_set_error(acdr_strategy_host *h, const char *message) {
  acdr_err(h->engine, ACDR_ERR_STRATEGY, "%s", message ? message : "");
}
