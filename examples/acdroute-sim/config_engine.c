/* SPDX-License-Identifier: MIT */
/* acdroute-sim: the engine part of a scenario file, applied to a scratch
 * engine (the library checks it); queues and agents from its export. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

/* ------------------------------------------------------------------ */
/* The engine part                                                      */

static int noop_action(acdr_engine *e, const acdr_action *a, void *u) {
  (void)e, (void)a, (void)u;
  return 0;
}

/* Apply the command-line overrides that belong to the engine document. */
void engine_overrides(json_object *eng, const sim_overrides *ov) {
  json_object *qs;
  if (!json_object_object_get_ex(eng, "queues", &qs) ||
      !json_object_is_type(qs, json_type_array))
    return;
  for (size_t i = 0; i < json_object_array_length(qs); ++i) {
    json_object *q = json_object_array_get_idx(qs, i);
    if (!json_object_is_type(q, json_type_object)) continue;
    if (ov->strategy) {
      json_object_object_add(q, "strategy",
                             json_object_new_string(ov->strategy));
      json_object_object_del(q, "settings"); /* the old strategy's */
    }
    if (ov->threshold >= 0)
      json_object_object_add(
          q, "sl_threshold_ms",
          json_object_new_int64((int64_t)(ov->threshold * 1000 + .5)));
  }
}

static int64_t jint(json_object *o, const char *k, int64_t dflt) {
  json_object *v;
  return json_object_object_get_ex(o, k, &v) ? json_object_get_int64(v)
                                             : dflt;
}

static const char *jstr(json_object *o, const char *k) {
  json_object *v;
  return json_object_object_get_ex(o, k, &v) &&
                 json_object_is_type(v, json_type_string)
             ? json_object_get_string(v)
             : NULL;
}

static int32_t channel_of(const char *name) {
  if (name && !strcmp(name, "chat")) return ACDR_CHANNEL_CHAT;
  if (name && !strcmp(name, "email")) return ACDR_CHANNEL_EMAIL;
  return ACDR_CHANNEL_VOICE;
}

/* The id of the i-th queue or agent ("what") of the export into dst[n];
 * -1 (reported) when it does not fit. */
static int model_id(ld *l, json_object *o, const char *what, size_t i,
                    char *dst, size_t n) {
  const char *id = jstr(o, "id");
  char base[32], p[PTR];
  snprintf(base, sizeof base, "/engine/%ss", what);
  pidx(p, base, i);
  if (!id || strlen(id) >= n) {
    cfg_err(l, p, "%s id longer than %zu characters (the simulator's limit)",
            what, n - 1);
    return -1;
  }
  str_copy(dst, n, id);
  return 0;
}

/* Apply the engine document to a scratch engine (the library checks it)
 * and take the queues and agents from its export, every setting spelled
 * out. */
int load_engine(ld *l, json_object *eng) {
  sim_scenario *s = l->s;
  acdr_callbacks cb = {noop_action, NULL};
  acdr_options opt;
  const char *doc = json_object_to_json_string_ext(eng, JSON_C_TO_STRING_PLAIN);
  char *out = NULL;
  json_object *x = NULL, *qs, *as;
  int rv;
  acdr_options_default(&opt);
  if (acdr_engine_new(&l->e, &cb, &opt, NULL) < 0) return -1;
  rv = acdr_config_apply(l->e, doc, strlen(doc), ACDR_RELOAD_REFUSE, 0);
  if (rv < 0) {
    const char *p = acdr_config_last_errors(l->e);
    if (!*p) p = acdr_engine_last_error(l->e);
    while (*p) {
      const char *nl = strchr(p, '\n');
      int n = nl ? (int)(nl - p) : (int)strlen(p);
      if (l->nerr++ < MAX_PRINTED)
        fprintf(stderr, "%s: /engine%s%.*s\n", l->file, *p == '/' ? "" : ": ",
                n, p);
      p += n + (nl ? 1 : 0);
    }
    if (!l->nerr) cfg_err(l, "/engine", "%s", acdr_strerror(rv));
    return -1;
  }
  s->engine_doc = strdup(doc);
  if (!s->engine_doc || acdr_config_export(l->e, &out, NULL) < 0 ||
      !(x = json_tokener_parse(out))) {
    acdr_free(l->e, out);
    return -1;
  }
  acdr_free(l->e, out);
  if (!json_object_object_get_ex(x, "queues", &qs)) qs = NULL;
  if (!json_object_object_get_ex(x, "agents", &as)) as = NULL;
  size_t nq = qs ? json_object_array_length(qs) : 0;
  size_t na = as ? json_object_array_length(as) : 0;
  s->queues = calloc(nq ? nq : 1, sizeof(*s->queues));
  s->agents = calloc(na ? na : 1, sizeof(*s->agents));
  s->members = calloc(1, sizeof(*s->members));
  if (!s->queues || !s->agents || !s->members) {
    json_object_put(x);
    return -1;
  }
  for (size_t i = 0; i < nq; ++i) {
    json_object *q = json_object_array_get_idx(qs, i);
    sim_queue_model *m = &s->queues[i];
    if (model_id(l, q, "queue", i, m->id, sizeof m->id) != 0) continue;
    str_copy(m->name, sizeof m->name, m->id);
    str_copy(m->strategy, sizeof m->strategy, jstr(q, "strategy"));
    m->channel = channel_of(jstr(q, "channel"));
    m->weight = (int32_t)jint(q, "weight", 0);
    m->sl_threshold_ms = jint(q, "sl_threshold_ms", 20000);
    m->ring_timeout_ms = jint(q, "ring_timeout_ms", 15000);
    m->wrapup_cap_ms = jint(q, "wrapup_ms", 0);
    m->known_agent_hold_ms = jint(q, "known_agent_hold_ms", 30000);
    m->vip_hold_ms = -1;
    m->handle = (sim_dist){DIST_EXP, 180, 0, 0, 0};
  }
  s->nqueues = nq;
  for (size_t i = 0; i < na; ++i) {
    json_object *a = json_object_array_get_idx(as, i), *cap;
    sim_agent_model *m = &s->agents[i];
    if (model_id(l, a, "agent", i, m->id, sizeof m->id) != 0) continue;
    str_copy(m->name, sizeof m->name, jstr(a, "name"));
    if (json_object_object_get_ex(a, "capacity", &cap)) {
      m->capacity[ACDR_CHANNEL_VOICE] = (uint32_t)jint(cap, "voice", 1);
      m->capacity[ACDR_CHANNEL_CHAT] = (uint32_t)jint(cap, "chat", 3);
      m->capacity[ACDR_CHANNEL_EMAIL] = (uint32_t)jint(cap, "email", 5);
    }
    m->answer_delay_lo = 1;
    m->answer_delay_hi = 5;
    m->aht_factor = 1;
  }
  s->nagents = na;
  /* queue memberships (teams, --agents scaling); the engine itself is
   * built from the document */
  size_t nm = 0;
  for (size_t i = 0; i < nq; ++i) {
    json_object *ms;
    if (json_object_object_get_ex(json_object_array_get_idx(qs, i), "members",
                                  &ms) &&
        json_object_is_type(ms, json_type_array))
      nm += json_object_array_length(ms);
  }
  free(s->members);
  s->members = calloc(nm ? nm : 1, sizeof(*s->members));
  if (!s->members) {
    json_object_put(x);
    return -1;
  }
  for (size_t i = 0; i < nq; ++i) {
    json_object *ms, *e, *v;
    if (!json_object_object_get_ex(json_object_array_get_idx(qs, i), "members",
                                   &ms) ||
        !json_object_is_type(ms, json_type_array))
      continue;
    for (size_t k = 0; k < json_object_array_length(ms); ++k) {
      const char *id = NULL;
      e = json_object_array_get_idx(ms, k);
      if (json_object_is_type(e, json_type_string))
        id = json_object_get_string(e);
      else if (json_object_object_get_ex(e, "agent", &v))
        id = json_object_get_string(v);
      for (size_t a = 0; id && a < na; ++a)
        if (!strcmp(s->agents[a].id, id)) {
          sim_member_model *mm = &s->members[s->nmembers++];
          mm->queue = (uint32_t)i;
          mm->agent = (uint32_t)a;
          mm->penalty = (int32_t)jint(e, "penalty", 0);
          break;
        }
    }
  }
  json_object_put(x);
  return l->nerr ? -1 : 0;
}
