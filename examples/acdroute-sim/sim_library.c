/* SPDX-License-Identifier: MIT */
/* acdroute-sim: the library's side: metric settings, disposition catalog,
 * business hours, and reading its metrics back at the end. */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* ------------------------------------------------------------------ */
/* Setup                                                                */

/* Metric settings, the disposition catalog of the scenario and business
 * hours: the library keeps the figures the report shows. */
int setup_library(sim *m) {
  const sim_scenario *s = m->s;
  acdr_metrics_options mo;
  int rv;
  acdr_metrics_options_default(&mo);
  mo.bucket_ms = (int64_t)(s->interval_s * 1000.0);
  mo.max_buckets = 100000;
  if (s->engine_doc) {
    /* the document's metric settings, with buckets of one interval */
    if ((rv = acdr_engine_get_metrics_options(m->e, &mo)) < 0) return rv;
    mo.bucket_ms = (int64_t)(s->interval_s * 1000.0);
    mo.max_buckets = 100000;
  } else {
    mo.fcr_window_ms = s->fcr_window_ms > 0 ? s->fcr_window_ms
                                            : 86400000; /* one day */
  }
  if ((rv = acdr_engine_set_metrics_options(m->e, &mo)) < 0) {
    fprintf(stderr, "acdroute-sim: metrics options: %s\n",
            acdr_engine_last_error(m->e));
    return rv;
  }
  m->r->sl_variant = mo.sl_variant;
  m->r->lib_excl_short = mo.abandon_excludes_short != 0;
  if (s->engine_doc) return 0; /* catalog and hours: the document's */
  /* one catalog entry per distinct code id of the scenario */
  acdr_dispo_code codes[64];
  size_t n = 0;
  for (size_t i = 0; i < s->nqueues; ++i)
    for (int k = 0; k < s->queues[i].ncodes; ++k) {
      const sim_code *c = &s->queues[i].codes[k];
      size_t j = 0;
      while (j < n && strcmp(codes[j].id, c->id) != 0) ++j;
      if (j < n || n == sizeof codes / sizeof codes[0]) continue;
      acdr_dispo_code_default(&codes[n]);
      codes[n].id = c->id;
      codes[n].label = c->name;
      codes[n].attrs = ACDR_DISPO_CONTACT_MADE |
                       (c->resolved ? ACDR_DISPO_RESOLVED | ACDR_DISPO_FINAL
                                    : ACDR_DISPO_FOLLOW_UP);
      n++;
    }
  if (n && (rv = acdr_dispo_catalog_set(m->e, codes, n)) < 0) {
    fprintf(stderr, "acdroute-sim: disposition catalog: %s\n",
            acdr_engine_last_error(m->e));
    return rv;
  }
  if (s->close_s > s->open_s) {
    acdr_interval iv = {(int32_t)(s->open_s / 60), (int32_t)(s->close_s / 60)};
    acdr_hours h;
    acdr_hours_default(&h);
    for (int d = ACDR_MONDAY; d <= ACDR_FRIDAY; ++d) {
      h.week[d].intervals = &iv;
      h.week[d].nintervals = 1;
    }
    h.closed_text = "We are open Monday to Friday, 08:00 to 20:00.";
    for (size_t i = 0; i < s->nqueues; ++i)
      if ((rv = acdr_queue_set_hours(m->e, s->queues[i].id, &h)) < 0) {
        fprintf(stderr, "acdroute-sim: hours: %s\n",
                acdr_engine_last_error(m->e));
        return rv;
      }
  }
  return 0;
}

/* Read the library's metrics before the engine goes away. */
void fetch_metrics(sim *m) {
  const sim_scenario *s = m->s;
  sim_result *r = m->r;
  /* at the engine's own time: a later `now` would add idle time to every
   * logged-in agent (occupancy) and judge FCR windows that never passed
   * in the run */
  acdr_metrics_options mo;
  acdr_tstamp now = acdr_engine_now(m->e);
  int ok = 1;
  if (acdr_engine_get_metrics_options(m->e, &mo) == 0) {
    r->lib_excl_short = mo.abandon_excludes_short != 0;
    r->sl_variant = mo.sl_variant;
  }
  r->lib_queue = calloc(s->nqueues ? s->nqueues : 1, sizeof(*r->lib_queue));
  r->lib_agent = calloc(s->nagents ? s->nagents : 1, sizeof(*r->lib_agent));
  r->lib_iv = calloc(r->niv ? r->niv : 1, sizeof(*r->lib_iv));
  if (!r->lib_queue || !r->lib_agent || !r->lib_iv) return;
  ok &= acdr_metrics_get_engine(m->e, 0, ACDR_TSTAMP_MAX, now,
                                &r->lib_total) == 0;
  for (size_t i = 0; i < s->nqueues; ++i)
    ok &= acdr_metrics_get_queue(m->e, s->queues[i].id, 0, ACDR_TSTAMP_MAX,
                                 now, &r->lib_queue[i]) == 0;
  for (size_t i = 0; i < s->nagents; ++i)
    ok &= acdr_metrics_get_agent(m->e, s->agents[i].id, 0, ACDR_TSTAMP_MAX,
                                 now, &r->lib_agent[i]) == 0;
  uint64_t step = ns_of(s->interval_s);
  for (size_t k = 0; k < r->niv; ++k)
    ok &= acdr_metrics_get_engine(m->e, k * step, (k + 1) * step, now,
                                  &r->lib_iv[k]) == 0;
  if (!ok)
    fprintf(stderr, "acdroute-sim: metrics: %s\n",
            acdr_engine_last_error(m->e));
  r->have_lib = ok;
}
