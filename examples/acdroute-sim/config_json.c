/* SPDX-License-Identifier: MIT */
/* acdroute-sim: checked reading of scenario-file values: errors with JSON
 * pointers, unknown keys, numbers, strings, times, distributions, ranges. */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "config_internal.h"
#include "util/suggest.h"

void cfg_err(ld *l, const char *ptr, const char *fmt, ...) {
  va_list ap;
  if (l->nerr++ >= MAX_PRINTED) return;
  fprintf(stderr, "%s: %s: ", l->file, ptr[0] ? ptr : "/");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

/* JSON pointer of a member (RFC 6901: "~" -> "~0", "/" -> "~1"). */
void pkey(char *dst, const char *base, const char *key) {
  size_t n = (size_t)snprintf(dst, PTR, "%s/", base);
  for (; *key && n + 3 < PTR; ++key) {
    if (*key == '~' || *key == '/') {
      dst[n++] = '~';
      dst[n++] = *key == '~' ? '0' : '1';
    } else {
      dst[n++] = *key;
    }
  }
  dst[n < PTR ? n : PTR - 1] = 0;
}

void pidx(char *dst, const char *base, size_t i) {
  char num[24];
  snprintf(num, sizeof num, "%zu", i);
  pkey(dst, base, num);
}

int is_num(json_object *v) {
  return json_object_is_type(v, json_type_int) ||
         json_object_is_type(v, json_type_double);
}

/* Unknown keys are errors (with a hint when one is close). */
int is_object(ld *l, json_object *o, const char *ptr) {
  if (json_object_is_type(o, json_type_object)) return 1;
  cfg_err(l, ptr, "must be an object");
  return 0;
}

void check_keys(ld *l, json_object *o, const char *ptr,
                const char *const *keys, size_t n) {
  json_object_object_foreach(o, k, v) {
    size_t i;
    (void)v;
    if (k[0] == '_') continue;
    for (i = 0; i < n; ++i)
      if (!strcmp(k, keys[i])) break;
    if (i < n) continue;
    const char *hint = acdr_suggest(k, keys, n);
    char p[PTR];
    pkey(p, ptr, k);
    if (hint)
      cfg_err(l, p, "unknown key \"%s\" (did you mean \"%s\"?)", k, hint);
    else
      cfg_err(l, p, "unknown key \"%s\"", k);
  }
}

json_object *get_elem(ld *l, json_object *a, const char *ptr, size_t i,
                      char *ip, const char *const *keys, size_t n) {
  json_object *x = json_object_array_get_idx(a, i);
  pidx(ip, ptr, i);
  if (!is_object(l, x, ip)) return NULL;
  check_keys(l, x, ip, keys, n);
  return x;
}

/* A number in [lo, hi]: 1 if present and valid, 0 if absent, -1 bad. */
int get_num(ld *l, json_object *o, const char *ptr, const char *key,
            double lo, double hi, double *out) {
  json_object *v;
  char p[PTR];
  if (!json_object_object_get_ex(o, key, &v)) return 0;
  pkey(p, ptr, key);
  double x = is_num(v) ? json_object_get_double(v) : NAN;
  if (!is_num(v) || !isfinite(x) || x < lo || x > hi) {
    cfg_err(l, p, "must be a number in [%g, %g]", lo, hi);
    return -1;
  }
  *out = x;
  return 1;
}

int get_str(ld *l, json_object *o, const char *ptr, const char *key,
            const char **out) {
  json_object *v;
  char p[PTR];
  if (!json_object_object_get_ex(o, key, &v)) return 0;
  pkey(p, ptr, key);
  if (!json_object_is_type(v, json_type_string)) {
    cfg_err(l, p, "must be a string");
    return -1;
  }
  *out = json_object_get_string(v);
  return 1;
}

/* A time of day: "HH:MM", "HH:MM:SS" (up to 48:00, for shifts past
 * midnight) or seconds after midnight. */
static int time_of(ld *l, json_object *v, const char *p, double *out) {
  if (is_num(v)) {
    double x = json_object_get_double(v);
    if (x >= 0 && x <= 2 * 86400) {
      *out = x;
      return 1;
    }
  } else if (json_object_is_type(v, json_type_string)) {
    const char *t = json_object_get_string(v);
    unsigned h, m, sec = 0;
    char c;
    int n = sscanf(t, "%2u:%2u:%2u%c", &h, &m, &sec, &c);
    if ((n == 2 || n == 3) && strlen(t) == (n == 2 ? 5u : 8u) && m < 60 &&
        sec < 60 && h * 3600 + m * 60 + sec <= 2 * 86400) {
      *out = h * 3600.0 + m * 60.0 + sec;
      return 1;
    }
  }
  cfg_err(l, p, "must be a time of day \"HH:MM\" (or seconds after midnight)");
  return -1;
}

int get_time(ld *l, json_object *o, const char *ptr, const char *key,
             double *out) {
  json_object *v;
  char p[PTR];
  if (!json_object_object_get_ex(o, key, &v)) return 0;
  pkey(p, ptr, key);
  return time_of(l, v, p, out);
}

/* A duration distribution in seconds.  A number is an exponential mean
 * (0: none, when allowed); an object names the distribution:
 *   {"dist": "exponential", "mean_s": 180}
 *   {"dist": "lognormal", "mean_s": 240, "sd_s": 180, "min_s": 20,
 *    "max_s": 3600}
 *   {"dist": "fixed", "mean_s": 30}
 *   {"dist": "uniform", "min_s": 1, "max_s": 5} */
int get_dist(ld *l, json_object *o, const char *ptr, const char *key,
             int allow_zero, sim_dist *d) {
  static const char *const keys[] = {"dist", "mean_s", "sd_s", "min_s",
                                     "max_s"};
  json_object *v;
  char p[PTR];
  const char *kind = "exponential";
  double mean = 0, sd = 0, lo = 0, hi = 0;
  if (!json_object_object_get_ex(o, key, &v)) return 0;
  pkey(p, ptr, key);
  memset(d, 0, sizeof *d);
  if (is_num(v)) {
    mean = json_object_get_double(v);
    if (!isfinite(mean) || mean < 0 || (mean == 0 && !allow_zero)) {
      cfg_err(l, p, allow_zero ? "must be a number >= 0 (seconds; 0 = none)"
                               : "must be a number > 0 (seconds)");
      return -1;
    }
    d->kind = mean > 0 ? DIST_EXP : DIST_FIXED;
    d->mean = mean;
    return 1;
  }
  if (!is_object(l, v, p)) return -1;
  check_keys(l, v, p, keys, NELEM(keys));
  int bad = get_str(l, v, p, "dist", &kind) < 0;
  bad |= get_num(l, v, p, "mean_s", 0, 1e7, &mean) < 0;
  bad |= get_num(l, v, p, "sd_s", 0, 1e7, &sd) < 0;
  bad |= get_num(l, v, p, "min_s", 0, 1e7, &lo) < 0;
  bad |= get_num(l, v, p, "max_s", 0, 1e7, &hi) < 0;
  if (bad) return -1;
  char dp[PTR];
  pkey(dp, p, "dist");
  if (!strcmp(kind, "exponential")) {
    d->kind = DIST_EXP;
  } else if (!strcmp(kind, "lognormal")) {
    d->kind = DIST_LOGNORMAL;
    d->sd = sd;
    d->lo = lo;
    d->hi = hi;
    if (hi > 0 && hi < lo) {
      cfg_err(l, p, "max_s is below min_s");
      return -1;
    }
  } else if (!strcmp(kind, "fixed")) {
    d->kind = DIST_FIXED;
  } else if (!strcmp(kind, "uniform")) {
    d->kind = DIST_UNIFORM;
    d->lo = lo;
    d->hi = hi;
    if (hi < lo) {
      cfg_err(l, p, "max_s is below min_s");
      return -1;
    }
    mean = (lo + hi) / 2;
  } else {
    cfg_err(l, dp, "unknown distribution \"%s\" (exponential, lognormal, "
                   "fixed, uniform)", kind);
    return -1;
  }
  d->mean = mean;
  if (mean <= 0 && !allow_zero) {
    cfg_err(l, p, "needs \"mean_s\" > 0");
    return -1;
  }
  return 1;
}

/* A number or a [low, high] pair. */
int get_range(ld *l, json_object *o, const char *ptr, const char *key,
              double lo, double hi, double *a, double *b) {
  json_object *v;
  char p[PTR];
  if (!json_object_object_get_ex(o, key, &v)) return 0;
  pkey(p, ptr, key);
  if (is_num(v)) {
    *a = *b = json_object_get_double(v);
    if (*a >= lo && *a <= hi) return 1;
  } else if (json_object_is_type(v, json_type_array) &&
             json_object_array_length(v) == 2 &&
             is_num(json_object_array_get_idx(v, 0)) &&
             is_num(json_object_array_get_idx(v, 1))) {
    *a = json_object_get_double(json_object_array_get_idx(v, 0));
    *b = json_object_get_double(json_object_array_get_idx(v, 1));
    if (*a >= lo && *b <= hi && *a <= *b) return 1;
  }
  cfg_err(l, p, "must be a number or [low, high] within [%g, %g]", lo, hi);
  return -1;
}

static int agent_idx(const sim_scenario *s, const char *id) {
  for (size_t i = 0; i < s->nagents; ++i)
    if (!strcmp(s->agents[i].id, id)) return (int)i;
  return -1;
}

/* An agent id at p; -1 (reported) if unknown. */
int agent_ref(ld *l, json_object *v, const char *p) {
  int i;
  if (!json_object_is_type(v, json_type_string)) {
    cfg_err(l, p, "must be an agent id (a string)");
    return -1;
  }
  i = agent_idx(l->s, json_object_get_string(v));
  if (i < 0)
    cfg_err(l, p, "unknown agent \"%s\" (not in /engine/agents)",
            json_object_get_string(v));
  return i;
}

int get_curve(ld *l, json_object *o, const char *ptr, const char *key,
              double *c, int *n) {
  json_object *v;
  char p[PTR];
  if (!json_object_object_get_ex(o, key, &v)) return 0;
  pkey(p, ptr, key);
  size_t len = json_object_is_type(v, json_type_array)
                   ? json_object_array_length(v)
                   : 0;
  if (len < 1 || len > SIM_MAX_CURVE) {
    cfg_err(l, p, "must be a list of 1 to %d numbers >= 0 (the day in equal "
                  "steps: 24 = hours, 48 = half hours, 96 = quarters)",
            SIM_MAX_CURVE);
    return -1;
  }
  for (size_t i = 0; i < len; ++i) {
    json_object *x = json_object_array_get_idx(v, i);
    double d = is_num(x) ? json_object_get_double(x) : -1;
    if (!(d >= 0) || !isfinite(d)) {
      char ip[PTR];
      pidx(ip, p, i);
      cfg_err(l, ip, "must be a number >= 0");
      return -1;
    }
    c[i] = d;
  }
  *n = (int)len;
  return 1;
}
