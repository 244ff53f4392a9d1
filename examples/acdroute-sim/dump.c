/* SPDX-License-Identifier: MIT */
/*
 * acdroute-sim: write a scenario as a scenario file (--write-scenario), in
 * the format --config reads (docs/simulator.md).  Loading the written file
 * gives the same scenario: numbers are written so that they read back to
 * the same double, so the built-in day and its file simulate identically
 * (the test sim_scenario_roundtrip checks it).
 *
 * The document is built as a json-c tree and printed by a small printer
 * that keeps lists of numbers and small objects on one line.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "sim.h"
#include "util/civil.h"

/* The shortest decimal that reads back to x. */
static json_object *num(double x) {
  char buf[40];
  if (x == floor(x) && fabs(x) < 9e15)
    return json_object_new_int64((int64_t)x);
  for (int prec = 15; prec <= 17; ++prec) {
    snprintf(buf, sizeof buf, "%.*g", prec, x);
    if (strtod(buf, NULL) == x) break;
  }
  return json_object_new_double_s(x, buf);
}

static void add(json_object *o, const char *k, json_object *v) {
  json_object_object_add(o, k, v);
}

static json_object *str(const char *s) { return json_object_new_string(s); }

static json_object *hhmm(double t) {
  char buf[64];
  long v = lround(t);
  if (v % 60)
    snprintf(buf, sizeof buf, "%02ld:%02ld:%02ld", v / 3600, v / 60 % 60,
             v % 60);
  else
    snprintf(buf, sizeof buf, "%02ld:%02ld", v / 3600, v / 60 % 60);
  return str(buf);
}

static json_object *dist(const sim_dist *d) {
  json_object *o;
  if (d->kind == DIST_EXP) return num(d->mean);
  if (d->kind == DIST_FIXED && d->mean == 0) return num(0);
  o = json_object_new_object();
  add(o, "dist", str(dist_name(d->kind)));
  if (d->kind != DIST_UNIFORM) add(o, "mean_s", num(d->mean));
  if (d->kind == DIST_LOGNORMAL) add(o, "sd_s", num(d->sd));
  if (d->kind != DIST_FIXED && (d->lo > 0 || d->kind == DIST_UNIFORM))
    add(o, "min_s", num(d->lo));
  if (d->kind != DIST_FIXED && (d->hi > 0 || d->kind == DIST_UNIFORM))
    add(o, "max_s", num(d->hi));
  return o;
}

static json_object *pair(double a, double b) {
  json_object *v;
  if (a == b) return num(a);
  v = json_object_new_array();
  json_object_array_add(v, num(a));
  json_object_array_add(v, num(b));
  return v;
}

static json_object *curve(const double *c, int n) {
  json_object *v = json_object_new_array();
  for (int k = 0; k < n; ++k) json_object_array_add(v, num(c[k]));
  return v;
}

/* The engine document of a scenario built in C (the built-in day). */
static json_object *engine_of(const sim_scenario *s) {
  json_object *e = json_object_new_object(), *as, *qs, *codes;
  add(e, "version", json_object_new_int(1));
  as = json_object_new_array();
  for (size_t i = 0; i < s->nagents; ++i) {
    const sim_agent_model *a = &s->agents[i];
    json_object *o = json_object_new_object(), *cap, *sk;
    add(o, "id", str(a->id));
    if (a->name[0]) add(o, "name", str(a->name));
    cap = json_object_new_object();
    add(cap, "voice", json_object_new_int((int)a->capacity[ACDR_CHANNEL_VOICE]));
    add(cap, "chat", json_object_new_int((int)a->capacity[ACDR_CHANNEL_CHAT]));
    add(cap, "email", json_object_new_int((int)a->capacity[ACDR_CHANNEL_EMAIL]));
    add(o, "capacity", cap);
    sk = json_object_new_object();
    for (int k = 0; k < a->nskills; ++k)
      add(sk, a->skills[k].name, json_object_new_int(a->skills[k].level));
    add(o, "skills", sk);
    json_object_array_add(as, o);
  }
  add(e, "agents", as);
  qs = json_object_new_array();
  for (size_t i = 0; i < s->nqueues; ++i) {
    const sim_queue_model *q = &s->queues[i];
    json_object *o = json_object_new_object(), *ms;
    add(o, "id", str(q->id));
    if (q->strategy[0]) add(o, "strategy", str(q->strategy));
    add(o, "channel", str(q->channel == ACDR_CHANNEL_CHAT    ? "chat"
                          : q->channel == ACDR_CHANNEL_EMAIL ? "email"
                                                             : "voice"));
    if (q->weight) add(o, "weight", json_object_new_int(q->weight));
    add(o, "sl_threshold_ms", json_object_new_int64(q->sl_threshold_ms));
    add(o, "ring_timeout_ms", json_object_new_int64(q->ring_timeout_ms));
    add(o, "wrapup_ms", json_object_new_int64(q->wrapup_cap_ms));
    if (q->known_agent_hold_ms > 0)
      add(o, "known_agent_hold_ms",
          json_object_new_int64(q->known_agent_hold_ms));
    if (s->close_s > s->open_s) {
      static const char *const days[5] = {"monday", "tuesday", "wednesday",
                                          "thursday", "friday"};
      char iv[32];
      json_object *h = json_object_new_object();
      snprintf(iv, sizeof iv, "%02d:%02d-%02d:%02d", (int)(s->open_s / 3600),
               (int)fmod(s->open_s / 60, 60), (int)(s->close_s / 3600),
               (int)fmod(s->close_s / 60, 60));
      for (int d = 0; d < 5; ++d) {
        json_object *a = json_object_new_array();
        json_object_array_add(a, str(iv));
        add(h, days[d], a);
      }
      add(h, "closed_text",
          str("We are open Monday to Friday, 08:00 to 20:00."));
      add(o, "hours", h);
    }
    ms = json_object_new_array();
    for (size_t k = 0; k < s->nmembers; ++k) {
      const sim_member_model *m = &s->members[k];
      json_object *mo;
      if (m->queue != i) continue;
      mo = json_object_new_object();
      add(mo, "agent", str(s->agents[m->agent].id));
      add(mo, "penalty", json_object_new_int(m->penalty));
      add(mo, "position", json_object_new_int((int)m->agent));
      json_object_array_add(ms, mo);
    }
    add(o, "members", ms);
    json_object_array_add(qs, o);
  }
  add(e, "queues", qs);
  /* the catalog: the scenario's codes only (as setup_library sets it) */
  codes = json_object_new_array();
  for (size_t i = 0; i < s->nqueues; ++i)
    for (int k = 0; k < s->queues[i].ncodes; ++k) {
      const sim_code *c = &s->queues[i].codes[k];
      int dup = 0;
      for (size_t j = 0; j < json_object_array_length(codes) && !dup; ++j) {
        json_object *id;
        json_object_object_get_ex(json_object_array_get_idx(codes, j), "id",
                                  &id);
        dup = !strcmp(json_object_get_string(id), c->id);
      }
      if (dup) continue;
      json_object *o = json_object_new_object(), *at;
      add(o, "id", str(c->id));
      add(o, "label", str(c->name));
      at = json_object_new_array();
      json_object_array_add(at, str("contact_made"));
      if (c->resolved) {
        json_object_array_add(at, str("final"));
        json_object_array_add(at, str("resolved"));
      } else {
        json_object_array_add(at, str("follow_up"));
      }
      add(o, "attrs", at);
      json_object_array_add(codes, o);
    }
  json_object *d = json_object_new_object();
  add(d, "replace_builtin", json_object_new_boolean(1));
  add(d, "codes", codes);
  add(e, "dispositions", d);
  json_object *m = json_object_new_object();
  add(m, "fcr_window_ms",
      json_object_new_int64(s->fcr_window_ms > 0 ? s->fcr_window_ms
                                                 : 86400000));
  add(e, "metrics", m);
  return e;
}

static int same_shift(const sim_agent_model *a, const sim_agent_model *b) {
  if (a->shift_start_s != b->shift_start_s ||
      a->shift_end_s != b->shift_end_s || a->nbreaks != b->nbreaks ||
      a->answer_delay_lo != b->answer_delay_lo ||
      a->answer_delay_hi != b->answer_delay_hi ||
      a->miss_share != b->miss_share || a->speed_lo != b->speed_lo ||
      a->speed_hi != b->speed_hi)
    return 0;
  for (int k = 0; k < a->nbreaks; ++k)
    if (a->breaks[k].start_s != b->breaks[k].start_s ||
        a->breaks[k].len_s != b->breaks[k].len_s ||
        strcmp(a->breaks[k].reason, b->breaks[k].reason))
      return 0;
  return 1;
}

static json_object *traffic_of(const sim_scenario *s) {
  json_object *t = json_object_new_object(), *qs, *ag, *sh;
  char date[11];
  acdr_civil_format(s->unix_time_at_zero / 86400, date);
  add(t, "_date", str("Simulated time 0 is midnight (UTC) of this date; "
                      "queue hours use utc_offset_s.  Shifts repeat every "
                      "day."));
  add(t, "date", str(date));
  add(t, "days", json_object_new_int(s->days > 0 ? s->days : 1));
  add(t, "interval_min", num(s->interval_s / 60.0));
  add(t, "seed", json_object_new_int64((int64_t)s->seed));
  add(t, "sl_target", num(s->sl_target));
  if (s->warmup_s > 0) add(t, "warmup_s", num(s->warmup_s));
  if (s->max_contacts)
    add(t, "contacts", json_object_new_int64((int64_t)s->max_contacts));
  /* one shared curve when every volume queue has the same */
  const sim_queue_model *cq = NULL;
  int shared = 1;
  for (size_t i = 0; i < s->nqueues; ++i) {
    const sim_queue_model *q = &s->queues[i];
    if (q->volume <= 0) continue;
    if (!cq) cq = q;
    else if (q->nrates != cq->nrates ||
             memcmp(q->curve, cq->curve, (size_t)q->nrates * sizeof(double)))
      shared = 0;
  }
  if (cq && shared) {
    add(t, "_curve", str("Share of each queue's daily volume per half hour "
                         "(any weights: they are normalised)."));
    add(t, "curve", curve(cq->curve, cq->nrates));
  }
  qs = json_object_new_object();
  for (size_t i = 0; i < s->nqueues; ++i) {
    const sim_queue_model *q = &s->queues[i];
    json_object *o = json_object_new_object();
    if (q->volume > 0) {
      add(o, "volume", num(q->volume));
      if (!shared) add(o, "curve", curve(q->curve, q->nrates));
    } else if (q->nrates > 0) {
      add(o, "rates_per_hour", curve(q->curve, q->nrates));
    } else if (q->rate_per_hour > 0) {
      add(o, "rate_per_hour", num(q->rate_per_hour));
    } else {
      json_object_put(o);
      continue;
    }
    add(o, "handle", dist(&q->handle));
    if (q->wrapup.mean > 0) add(o, "wrapup", dist(&q->wrapup));
    add(o, "patience", dist(&q->patience));
    if (q->priority) add(o, "priority", json_object_new_int(q->priority));
    if (q->nattrs) {
      json_object *at = json_object_new_object();
      for (int k = 0; k < q->nattrs; ++k) {
        json_object *vs = json_object_new_array();
        for (int j = 0; j < q->attrs[k].nvalues; ++j) {
          const sim_attr_value *v = &q->attrs[k].v[j];
          json_object *vo = json_object_new_object();
          add(vo, "value", str(v->value));
          add(vo, "share", num(v->share));
          if (v->skill[0]) {
            add(vo, "skill", str(v->skill));
            add(vo, "level", json_object_new_int(v->level));
          }
          json_object_array_add(vs, vo);
        }
        add(at, q->attrs[k].key, vs);
      }
      add(o, "attributes", at);
    }
    if (q->nvip) {
      json_object *v = json_object_new_object(), *ids;
      add(v, "share", num(q->vip_share));
      ids = json_object_new_array();
      for (int k = 0; k < q->nvip; ++k)
        json_object_array_add(ids, str(s->agents[q->vip_agents[k]].id));
      add(v, "agents", ids);
      if (q->vip_priority_boost)
        add(v, "priority_boost", json_object_new_int(q->vip_priority_boost));
      if (q->vip_hold_ms >= 0)
        add(v, "hold_s", num((double)q->vip_hold_ms / 1000.0));
      add(o, "vip", v);
    }
    if (q->repeat_share > 0 || q->repeat_resolved_share > 0 ||
        q->retry_abandoned_share > 0) {
      json_object *r = json_object_new_object();
      add(r, "unresolved", num(q->repeat_share));
      add(r, "resolved", num(q->repeat_resolved_share));
      add(r, "abandoned", num(q->retry_abandoned_share));
      add(r, "delay", dist(&q->repeat_delay));
      add(o, "repeat", r);
    }
    if (q->ncodes) {
      json_object *c = json_object_new_object();
      for (int k = 0; k < q->ncodes; ++k)
        add(c, q->codes[k].id, num(q->codes[k].share));
      add(o, "dispositions", c);
    }
    add(qs, q->id, o);
  }
  add(t, "queues", qs);
  /* agents: defaults from the first agent, shifts grouped */
  ag = json_object_new_object();
  add(ag, "_comment",
      str("answer_delay_s: seconds from offer to answer (uniform; 0 = at "
          "once); miss_share: offers left to ring out; speed: handle-time "
          "factors spread over the agents.  Agents in no shift stay logged "
          "in all the time."));
  if (s->nagents) {
    const sim_agent_model *a0 = &s->agents[0];
    add(ag, "answer_delay_s", pair(a0->answer_delay_lo, a0->answer_delay_hi));
    add(ag, "miss_share", num(a0->miss_share));
    add(ag, "speed", pair(a0->speed_lo, a0->speed_hi));
  }
  sh = json_object_new_array();
  char *done = calloc(s->nagents ? s->nagents : 1, 1);
  for (size_t i = 0; done && i < s->nagents; ++i) {
    const sim_agent_model *a = &s->agents[i];
    if (done[i] || a->shift_end_s <= a->shift_start_s) continue;
    json_object *o = json_object_new_object(), *ids = json_object_new_array();
    for (size_t j = i; j < s->nagents; ++j)
      if (!done[j] && same_shift(a, &s->agents[j])) {
        done[j] = 1;
        json_object_array_add(ids, str(s->agents[j].id));
      }
    add(o, "agents", ids);
    add(o, "login", hhmm(a->shift_start_s));
    add(o, "logout", hhmm(a->shift_end_s));
    if (a->nbreaks) {
      json_object *bs = json_object_new_array();
      for (int k = 0; k < a->nbreaks; ++k) {
        json_object *b = json_object_new_object();
        add(b, "start", hhmm(a->breaks[k].start_s));
        add(b, "minutes", num(a->breaks[k].len_s / 60.0));
        add(b, "reason", str(a->breaks[k].reason));
        json_object_array_add(bs, b);
      }
      add(o, "breaks", bs);
    }
    const sim_agent_model *a0 = &s->agents[0];
    if (a->answer_delay_lo != a0->answer_delay_lo ||
        a->answer_delay_hi != a0->answer_delay_hi)
      add(o, "answer_delay_s", pair(a->answer_delay_lo, a->answer_delay_hi));
    if (a->miss_share != a0->miss_share)
      add(o, "miss_share", num(a->miss_share));
    if (a->speed_lo != a0->speed_lo || a->speed_hi != a0->speed_hi)
      add(o, "speed", pair(a->speed_lo, a->speed_hi));
    json_object_array_add(sh, o);
  }
  free(done);
  add(ag, "shifts", sh);
  add(t, "agents", ag);
  return t;
}

/* ------------------------------------------------------------------ */
/* Printer: objects one member per line, except that lists of scalars
 * and small flat objects stay on one line. */

static int flat(json_object *v) {
  if (json_object_is_type(v, json_type_array)) {
    for (size_t i = 0; i < json_object_array_length(v); ++i) {
      json_object *x = json_object_array_get_idx(v, i);
      if (json_object_is_type(x, json_type_object) ||
          json_object_is_type(x, json_type_array))
        return 0;
    }
    return 1;
  }
  if (json_object_is_type(v, json_type_object)) {
    json_object_object_foreach(v, k, x) {
      (void)k;
      if ((json_object_is_type(x, json_type_object) ||
           json_object_is_type(x, json_type_array)) &&
          !flat(x))
        return 0;
    }
    return strlen(json_object_to_json_string_ext(
               v, JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE)) <
           120;
  }
  return 1;
}

static void print(FILE *f, json_object *v, int ind) {
  if (flat(v)) {
    fputs(json_object_to_json_string_ext(
              v, JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE),
          f);
    return;
  }
  if (json_object_is_type(v, json_type_array)) {
    fputs("[\n", f);
    for (size_t i = 0; i < json_object_array_length(v); ++i) {
      fprintf(f, "%*s", ind + 2, "");
      print(f, json_object_array_get_idx(v, i), ind + 2);
      fputs(i + 1 < json_object_array_length(v) ? ",\n" : "\n", f);
    }
    fprintf(f, "%*s]", ind, "");
    return;
  }
  int first = 1;
  fputs("{\n", f);
  json_object_object_foreach(v, k, x) {
    json_object *ks = json_object_new_string(k);
    fprintf(f, "%s%*s%s: ", first ? "" : ",\n", ind + 2, "",
            json_object_to_json_string_ext(ks, JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(ks);
    print(f, x, ind + 2);
    first = 0;
  }
  fprintf(f, "\n%*s}", ind, "");
}

int scenario_write(FILE *f, const sim_scenario *s) {
  json_object *root = json_object_new_object(), *eng;
  if (!root) return -1;
  add(root, "_comment",
      str("acdroute-sim scenario (docs/simulator.md): \"engine\" is an "
          "engine configuration (docs/config.md, applied with "
          "acdr_config_apply), \"traffic\" the traffic model.  Keys "
          "starting with _ are comments.  Written by acdroute-sim "
          "--write-scenario."));
  add(root, "name", str(s->name));
  eng = s->engine_doc ? json_tokener_parse(s->engine_doc) : engine_of(s);
  if (!eng) {
    json_object_put(root);
    return -1;
  }
  add(root, "engine", eng);
  add(root, "traffic", traffic_of(s));
  print(f, root, 0);
  fputc('\n', f);
  json_object_put(root);
  return ferror(f) ? -1 : 0;
}
