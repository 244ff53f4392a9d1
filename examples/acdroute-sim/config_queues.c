/* SPDX-License-Identifier: MIT */
/* acdroute-sim: the traffic of one queue in a scenario file: arrivals,
 * durations, attributes, VIPs, repeats, dispositions. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

static void load_attrs(ld *l, json_object *o, const char *ptr,
                       sim_queue_model *q) {
  static const char *const keys[] = {"value", "share", "skill", "level"};
  json_object_object_foreach(o, k, v) {
    char p[PTR];
    if (k[0] == '_') continue;
    pkey(p, ptr, k);
    if (q->nattrs == SIM_MAX_ATTRS) {
      cfg_err(l, p, "at most %d attributes", SIM_MAX_ATTRS);
      return;
    }
    sim_attr *a = &q->attrs[q->nattrs++];
    size_t n = json_object_is_type(v, json_type_array)
                   ? json_object_array_length(v)
                   : 0;
    if (strlen(k) >= sizeof a->key || n < 1 || n > SIM_MAX_VALUES) {
      cfg_err(l, p, "must be a list of 1 to %d {\"value\", \"share\"} objects "
                    "(key up to %zu characters)", SIM_MAX_VALUES,
              sizeof a->key - 1);
      continue;
    }
    str_copy(a->key, sizeof a->key, k);
    for (size_t i = 0; i < n; ++i) {
      sim_attr_value *av = &a->v[a->nvalues++];
      const char *val = NULL, *skill = NULL;
      double share = 1, level = 1;
      char ip[PTR];
      json_object *x = get_elem(l, v, p, i, ip, keys, NELEM(keys));
      if (!x) continue;
      if (get_str(l, x, ip, "value", &val) == 0)
        cfg_err(l, ip, "needs \"value\"");
      get_num(l, x, ip, "share", 0, 1e9, &share);
      get_str(l, x, ip, "skill", &skill);
      get_num(l, x, ip, "level", 0, 100, &level);
      if ((val && strlen(val) >= sizeof av->value) ||
          (skill && strlen(skill) >= sizeof av->skill))
        cfg_err(l, ip, "value or skill longer than %zu characters",
                sizeof av->value - 1);
      str_copy(av->value, sizeof av->value, val);
      av->share = share;
      str_copy(av->skill, sizeof av->skill, skill);
      av->level = (int32_t)level;
    }
  }
}

static void load_codes(ld *l, json_object *o, const char *ptr,
                       sim_queue_model *q) {
  json_object_object_foreach(o, k, v) {
    char p[PTR];
    acdr_dispo_code dc;
    if (k[0] == '_') continue;
    pkey(p, ptr, k);
    if (q->ncodes == SIM_MAX_CODES) {
      cfg_err(l, p, "at most %d codes per queue", SIM_MAX_CODES);
      return;
    }
    if (!is_num(v) || !(json_object_get_double(v) >= 0)) {
      cfg_err(l, p, "must be a share (a number >= 0)");
      continue;
    }
    if (acdr_dispo_code_get(l->e, k, &dc) < 0) {
      cfg_err(l, p, "unknown disposition code \"%s\" (not in the engine's "
                    "catalog: /engine/dispositions or the built-in codes)", k);
      continue;
    }
    if (strlen(k) >= sizeof q->codes[0].id) {
      cfg_err(l, p, "code id longer than %zu characters",
              sizeof q->codes[0].id - 1);
      continue;
    }
    sim_code *c = &q->codes[q->ncodes++];
    str_copy(c->id, sizeof c->id, k);
    str_copy(c->name, sizeof c->name, dc.label ? dc.label : k);
    c->share = json_object_get_double(v);
    c->resolved = (dc.attrs & ACDR_DISPO_RESOLVED) != 0;
  }
}

void load_queue(ld *l, json_object *o, const char *ptr,
                sim_queue_model *q, const double *curve, int ncurve) {
  static const char *const keys[] = {
      "volume",   "curve",      "rate_per_hour", "rates_per_hour",
      "handle",   "wrapup",     "patience",      "priority",
      "attributes", "vip",      "repeat",        "dispositions"};
  static const char *const vip_keys[] = {"share", "agents", "priority_boost",
                                         "hold_s"};
  static const char *const rep_keys[] = {"unresolved", "resolved",
                                         "abandoned", "delay"};
  json_object *v;
  char p[PTR];
  double x;
  int forms = 0;
  check_keys(l, o, ptr, keys, NELEM(keys));
  /* arrivals */
  if (get_num(l, o, ptr, "volume", 0, 1e9, &q->volume) != 0) {
    forms++;
    if (get_curve(l, o, ptr, "curve", q->curve, &q->nrates) == 0) {
      if (ncurve) {
        memcpy(q->curve, curve, (size_t)ncurve * sizeof *curve);
        q->nrates = ncurve;
      } else { /* flat */
        q->curve[0] = 1;
        q->nrates = 1;
      }
    }
    if (q->volume == 0) q->nrates = 0; /* no traffic */
  } else if (json_object_object_get_ex(o, "curve", &v)) {
    pkey(p, ptr, "curve");
    cfg_err(l, p, "a curve needs \"volume\" (contacts per day)");
  }
  if (get_num(l, o, ptr, "rate_per_hour", 0, 1e9, &q->rate_per_hour) != 0)
    forms++;
  if (get_curve(l, o, ptr, "rates_per_hour", q->curve, &q->nrates) != 0)
    forms++;
  if (forms != 1)
    cfg_err(l, ptr, "needs exactly one of \"volume\" (per day, with a curve), "
                    "\"rate_per_hour\", \"rates_per_hour\"");
  /* durations */
  if (get_dist(l, o, ptr, "handle", 0, &q->handle) == 0)
    cfg_err(l, ptr, "needs \"handle\" (talk time: seconds, or a distribution)");
  if (get_dist(l, o, ptr, "wrapup", 1, &q->wrapup) > 0 &&
      q->wrapup.mean > 0 && q->wrapup_cap_ms == 0) {
    pkey(p, ptr, "wrapup");
    cfg_err(l, p, "the queue has no wrap-up (set \"wrapup_ms\" in "
                  "/engine/queues: the most an agent may take)");
  }
  get_dist(l, o, ptr, "patience", 1, &q->patience);
  if (get_num(l, o, ptr, "priority", -1e6, 1e6, &x) > 0)
    q->priority = (int32_t)x;
  if (json_object_object_get_ex(o, "attributes", &v)) {
    pkey(p, ptr, "attributes");
    if (is_object(l, v, p)) load_attrs(l, v, p, q);
  }
  if (json_object_object_get_ex(o, "vip", &v)) {
    json_object *ag;
    pkey(p, ptr, "vip");
    if (is_object(l, v, p)) {
      check_keys(l, v, p, vip_keys, NELEM(vip_keys));
      get_num(l, v, p, "share", 0, 1, &q->vip_share);
      if (get_num(l, v, p, "priority_boost", -1e6, 1e6, &x) > 0)
        q->vip_priority_boost = (int32_t)x;
      if (get_num(l, v, p, "hold_s", 0, 86400, &x) > 0)
        q->vip_hold_ms = (int64_t)(x * 1000 + .5);
      char ap[PTR];
      pkey(ap, p, "agents");
      if (!json_object_object_get_ex(v, "agents", &ag) ||
          !json_object_is_type(ag, json_type_array) ||
          json_object_array_length(ag) < 1 ||
          json_object_array_length(ag) > SIM_MAX_VIP) {
        cfg_err(l, ap, "needs a list of 1 to %d account managers (agent ids)",
                SIM_MAX_VIP);
      } else {
        for (size_t i = 0; i < json_object_array_length(ag); ++i) {
          char ip[PTR];
          pidx(ip, ap, i);
          int a = agent_ref(l, json_object_array_get_idx(ag, i), ip);
          if (a >= 0) q->vip_agents[q->nvip++] = (uint32_t)a;
        }
      }
    }
  }
  q->repeat_delay = (sim_dist){DIST_EXP, 3600, 0, 0, 0};
  if (json_object_object_get_ex(o, "repeat", &v)) {
    pkey(p, ptr, "repeat");
    if (is_object(l, v, p)) {
      check_keys(l, v, p, rep_keys, NELEM(rep_keys));
      get_num(l, v, p, "unresolved", 0, 1, &q->repeat_share);
      get_num(l, v, p, "resolved", 0, 1, &q->repeat_resolved_share);
      get_num(l, v, p, "abandoned", 0, 1, &q->retry_abandoned_share);
      get_dist(l, v, p, "delay", 0, &q->repeat_delay);
    }
  }
  if (json_object_object_get_ex(o, "dispositions", &v)) {
    pkey(p, ptr, "dispositions");
    if (is_object(l, v, p)) load_codes(l, v, p, q);
  }
}
