/* SPDX-License-Identifier: MIT */
/* acdroute-sim: agents in a scenario file: answer behaviour, speed and
 * shifts with breaks. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

static void load_shift(ld *l, json_object *o, const char *ptr, int *seen,
                       double dlo, double dhi, double miss, double slo,
                       double shi) {
  static const char *const keys[] = {"agents",       "login",
                                     "logout",       "breaks",
                                     "answer_delay_s", "miss_share",
                                     "speed"};
  static const char *const bkeys[] = {"start", "minutes", "reason"};
  sim_scenario *s = l->s;
  json_object *ag, *br;
  double login = 0, logout = 0;
  sim_break b[SIM_MAX_BREAKS];
  int nb = 0;
  char p[PTR];
  if (!is_object(l, o, ptr)) return;
  check_keys(l, o, ptr, keys, NELEM(keys));
  if (get_time(l, o, ptr, "login", &login) == 0)
    cfg_err(l, ptr, "needs \"login\" (\"HH:MM\")");
  if (get_time(l, o, ptr, "logout", &logout) == 0)
    cfg_err(l, ptr, "needs \"logout\" (\"HH:MM\")");
  else if (logout <= login) {
    pkey(p, ptr, "logout");
    cfg_err(l, p, "must be after login (past midnight: \"26:00\")");
  }
  get_range(l, o, ptr, "answer_delay_s", 0, 3600, &dlo, &dhi);
  get_num(l, o, ptr, "miss_share", 0, 1, &miss);
  get_range(l, o, ptr, "speed", 0.01, 100, &slo, &shi);
  if (json_object_object_get_ex(o, "breaks", &br)) {
    pkey(p, ptr, "breaks");
    size_t n = json_object_is_type(br, json_type_array)
                   ? json_object_array_length(br)
                   : (size_t)-1;
    if (n > SIM_MAX_BREAKS) {
      cfg_err(l, p, "must be a list of at most %d breaks", SIM_MAX_BREAKS);
      n = 0;
    }
    for (size_t i = 0; i < n; ++i) {
      const char *reason = "break";
      double st = 0, min = 15;
      char ip[PTR];
      json_object *x = get_elem(l, br, p, i, ip, bkeys, NELEM(bkeys));
      if (!x) continue;
      if (get_time(l, x, ip, "start", &st) == 0)
        cfg_err(l, ip, "needs \"start\" (\"HH:MM\")");
      get_num(l, x, ip, "minutes", 1, 1440, &min);
      get_str(l, x, ip, "reason", &reason);
      if (st < login || st + min * 60 > logout)
        cfg_err(l, ip, "the break is not within the shift");
      b[nb].start_s = st;
      b[nb].len_s = min * 60;
      str_copy(b[nb].reason, sizeof b[nb].reason, reason);
      nb++;
    }
  }
  pkey(p, ptr, "agents");
  if (!json_object_object_get_ex(o, "agents", &ag) ||
      !json_object_is_type(ag, json_type_array) ||
      json_object_array_length(ag) < 1) {
    cfg_err(l, p, "needs a list of agent ids");
    return;
  }
  for (size_t i = 0; i < json_object_array_length(ag); ++i) {
    char ip[PTR];
    pidx(ip, p, i);
    int a = agent_ref(l, json_object_array_get_idx(ag, i), ip);
    if (a < 0) continue;
    if (seen[a]) {
      cfg_err(l, ip, "agent \"%s\" already has a shift", s->agents[a].id);
      continue;
    }
    seen[a] = 1;
    sim_agent_model *m = &s->agents[a];
    m->shift_start_s = login;
    m->shift_end_s = logout;
    m->nbreaks = nb;
    memcpy(m->breaks, b, sizeof b);
    m->answer_delay_lo = dlo;
    m->answer_delay_hi = dhi;
    m->miss_share = miss;
    m->aht_factor = scenario_speed(slo, shi, (size_t)a);
    m->speed_lo = slo;
    m->speed_hi = shi;
  }
}

void load_agents(ld *l, json_object *o, const char *ptr) {
  static const char *const keys[] = {"answer_delay_s", "miss_share", "speed",
                                     "shifts"};
  sim_scenario *s = l->s;
  double dlo = 1, dhi = 5, miss = 0, slo = 1, shi = 1;
  json_object *sh;
  int *seen = calloc(s->nagents ? s->nagents : 1, sizeof *seen);
  if (!seen) {
    cfg_err(l, ptr, "out of memory");
    return;
  }
  if (o) {
    check_keys(l, o, ptr, keys, NELEM(keys));
    get_range(l, o, ptr, "answer_delay_s", 0, 3600, &dlo, &dhi);
    get_num(l, o, ptr, "miss_share", 0, 1, &miss);
    get_range(l, o, ptr, "speed", 0.01, 100, &slo, &shi);
  }
  /* agents without a shift: logged in for the whole run */
  for (size_t i = 0; i < s->nagents; ++i) {
    sim_agent_model *m = &s->agents[i];
    m->answer_delay_lo = dlo;
    m->answer_delay_hi = dhi;
    m->miss_share = miss;
    m->aht_factor = scenario_speed(slo, shi, i);
    m->speed_lo = slo;
    m->speed_hi = shi;
  }
  if (o && json_object_object_get_ex(o, "shifts", &sh)) {
    char p[PTR];
    pkey(p, ptr, "shifts");
    if (!json_object_is_type(sh, json_type_array)) {
      cfg_err(l, p, "must be a list of shifts");
    } else {
      for (size_t i = 0; i < json_object_array_length(sh); ++i) {
        char ip[PTR];
        pidx(ip, p, i);
        load_shift(l, json_object_array_get_idx(sh, i), ip, seen, dlo, dhi,
                   miss, slo, shi);
      }
    }
  }
  free(seen);
}
