/* SPDX-License-Identifier: MIT */
/* The "metrics" section of the configuration document: the engine's
 * acdr_metrics_options (docs/config.md). */
#include <string.h>

#include "config/config_int.h"
#include "core/internal.h"
#include "metrics/metrics_int.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const metrics_keys[] = {
    "bucket_ms", "max_buckets", "sl_variant", "abandon_excludes_short",
    "fcr_key", "fcr_window_ms", "agent_bucket_bytes"};
static const char *const sl_names[ACDR_SL_VARIANT_COUNT] = {
    "answered", "offered", "abandoned_in_sl_ok", "exclude_short"};
static const char *const fcr_names[2] = {"customer", "customer_reason"};

static int name_of(acdr_errs *er, json_object *o, const char *ptr,
                   const char *key, const char *const *names, int n,
                   int32_t *out) {
  const char *s = NULL;
  char p[ACDR_PTR_MAX];
  int i;
  if (acdr_jstr(er, o, ptr, key, 0, &s) != 0 || !s) return 0;
  for (i = 0; i < n; i++)
    if (strcmp(s, names[i]) == 0) {
      *out = i;
      return 0;
    }
  acdr_ptr_key(p, ptr, key);
  {
    const char *hint = acdr_suggest(s, names, (size_t)n);
    acdr_errs_add(er, ACDR_ERR_CONFIG, p, "unknown %s \"%s\"%s%s%s", key, s,
                  hint ? " (did you mean \"" : "", hint ? hint : "",
                  hint ? "\"?)" : "");
  }
  return -1;
}

void acdr_cfg_read_metrics(acdr_errs *er, json_object *root, const char *ptr,
                           acdr_cfg *c) {
  json_object *o;
  char p[ACDR_PTR_MAX];
  acdr_metrics_options *m = &c->metrics;
  int64_t v;
  int b;
  if (!json_object_object_get_ex(root, "metrics", &o)) return;
  acdr_ptr_key(p, ptr, "metrics");
  c->has_metrics = 1;
  acdr_metrics_options_default(m);
  if (acdr_jobject(er, o, p, metrics_keys, NELEM(metrics_keys)) != 0 &&
      !json_object_is_type(o, json_type_object))
    return;
  v = m->bucket_ms;
  if (!acdr_jint(er, o, p, "bucket_ms", 0, 1000, 31LL * 86400000, &v))
    m->bucket_ms = v;
  v = m->max_buckets;
  if (!acdr_jint(er, o, p, "max_buckets", 0, 1, 100000, &v))
    m->max_buckets = (uint32_t)v;
  (void)name_of(er, o, p, "sl_variant", sl_names, ACDR_SL_VARIANT_COUNT,
                &m->sl_variant);
  b = m->abandon_excludes_short;
  if (!acdr_jbool(er, o, p, "abandon_excludes_short", &b))
    m->abandon_excludes_short = b;
  (void)name_of(er, o, p, "fcr_key", fcr_names, 2, &m->fcr_key);
  v = m->fcr_window_ms;
  if (!acdr_jint(er, o, p, "fcr_window_ms", 0, 1, 366LL * 86400000, &v))
    m->fcr_window_ms = v;
  /* 0: no budget; else at least ACDR_AGENT_BYTES_MIN (2 bucket slots) */
  v = 0;
  c->metrics_agent_bytes = 0;
  if (!acdr_jint(er, o, p, "agent_bucket_bytes", 0, 0, ACDR_AGENT_BYTES_MAX,
                 &v)) {
    if (v != 0 && v < ACDR_AGENT_BYTES_MIN) {
      char q[ACDR_PTR_MAX];
      acdr_ptr_key(q, p, "agent_bucket_bytes");
      acdr_errs_add(er, ACDR_ERR_CONFIG, q,
                    "agent_bucket_bytes %lld: 0 (no budget) or at least %u",
                    (long long)v, ACDR_AGENT_BYTES_MIN);
    } else {
      c->metrics_agent_bytes = (uint32_t)v;
    }
  }
}

int acdr_cfg_apply_metrics(acdr_engine *e, const acdr_cfg *c) {
  acdr_metrics_options cur;
  if (!c->has_metrics) return 0;
  acdr_metrics_options_default(&cur);
  if (acdr_engine_get_metrics_options(e, &cur) != 0 ||
      memcmp(&cur, &c->metrics, sizeof(cur)) != 0) {
    /* changed: otherwise keep the time buckets */
    int rv = acdr_engine_set_metrics_options(e, &c->metrics);
    if (rv) return rv;
  }
  if (acdr_metrics_agent_bytes(e) == c->metrics_agent_bytes) return 0;
  return acdr_metrics_set_agent_bytes(e, c->metrics_agent_bytes);
}

void acdr_cfg_write_metrics(acdr_jw *w, acdr_engine *e) {
  acdr_metrics_options m;
  acdr_metrics_options_default(&m);
  (void)acdr_engine_get_metrics_options(e, &m);
  acdr_jw_key(w, "metrics");
  acdr_jw_obj(w);
  acdr_jw_ki64(w, "bucket_ms", m.bucket_ms);
  acdr_jw_ku64(w, "max_buckets", m.max_buckets);
  acdr_jw_kstr(w, "sl_variant",
               m.sl_variant >= 0 && m.sl_variant < ACDR_SL_VARIANT_COUNT
                   ? sl_names[m.sl_variant]
                   : "offered");
  acdr_jw_kbool(w, "abandon_excludes_short", m.abandon_excludes_short != 0);
  acdr_jw_kstr(w, "fcr_key", fcr_names[m.fcr_key == ACDR_FCR_KEY_CUSTOMER_REASON]);
  acdr_jw_ki64(w, "fcr_window_ms", m.fcr_window_ms);
  /* written only when set: documents without a budget keep their form */
  if (acdr_metrics_agent_bytes(e))
    acdr_jw_ku64(w, "agent_bucket_bytes", acdr_metrics_agent_bytes(e));
  acdr_jw_obj_end(w);
}
