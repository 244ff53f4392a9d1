/* SPDX-License-Identifier: MIT */
/* Queue rules in the configuration: a queue's "rules" object, one array
 * of app_queue `penaltychange` lines per rule name, read into
 * acdr_penalty_change steps and written back the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_int.h"

#define YEAR_MS (366LL * 86400 * 1000)

/* One field of a penaltychange line: "" (relative 0: unchanged), "+N" /
 * "-N" (relative), "N" (absolute), as app_queue insert_penaltychange().
 * 0 ok, -1 bad. */
static int read_value(const char *s, size_t n, int32_t *v, int *relative) {
  char buf[16], *end;
  long x;
  while (n && *s == ' ') s++, n--;
  while (n && s[n - 1] == ' ') n--;
  *relative = n == 0 || *s == '+' || *s == '-';
  if (n == 0) {
    *v = 0;
    return 0;
  }
  if (n >= sizeof(buf)) return -1;
  memcpy(buf, s, n);
  buf[n] = '\0';
  x = strtol(buf, &end, 10);
  if (*end || end == buf || x < -1000000 || x > 1000000) return -1;
  *v = (int32_t)x;
  return 0;
}

/* "T,max[,min[,raise]]": T in seconds (app_queue), or "Nms". */
static int read_step(const char *line, acdr_penalty_change *s) {
  const char *f[4] = {"", "", "", ""};
  size_t len[4] = {0, 0, 0, 0}, nf = 0;
  const char *w = line;
  char buf[24], *end;
  long long t;
  int rel;
  for (;;) {
    size_t n = strcspn(w, ",");
    if (nf == 4) return -1;
    f[nf] = w;
    len[nf++] = n;
    if (!w[n]) break;
    w += n + 1;
  }
  if (nf < 2 || len[0] == 0 || len[0] >= sizeof(buf)) return -1;
  memcpy(buf, f[0], len[0]);
  buf[len[0]] = '\0';
  t = strtoll(buf, &end, 10);
  if (end == buf || t < 0) return -1;
  if (strcmp(end, "ms") == 0) {
    if (t > YEAR_MS) return -1;
    s->after_ms = t;
  } else if (*end == '\0') {
    if (t > YEAR_MS / 1000) return -1;
    s->after_ms = t * 1000;
  } else {
    return -1;
  }
  s->relative = 0;
  if (read_value(f[1], len[1], &s->max_penalty, &rel)) return -1;
  if (rel) s->relative |= ACDR_PC_MAX_RELATIVE;
  if (read_value(f[2], len[2], &s->min_penalty, &rel)) return -1;
  if (rel) s->relative |= ACDR_PC_MIN_RELATIVE;
  if (read_value(f[3], len[3], &s->raise_penalty, &rel)) return -1;
  if (rel) s->relative |= ACDR_PC_RAISE_RELATIVE;
  return 0;
}

/* A rules object {"name": ["T,max,min,raise", ...]} at r (pointer p)
 * into *out (allocated; names point into the JSON), *n steps. */
static int read_rules_obj(acdr_errs *er, json_object *r, const char *p,
                          acdr_penalty_change **out, size_t *nout) {
  size_t n = 0, i = 0;
  *out = NULL;
  *nout = 0;
  if (!json_object_is_type(r, json_type_object)) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, p,
                  "expected an object {\"rule\": [\"T,max,min,raise\", "
                  "...]}");
    return -1;
  }
  {
    json_object_object_foreach(r, key, val) {
      char kp[ACDR_PTR_MAX];
      acdr_ptr_key(kp, p, key);
      if (!json_object_is_type(val, json_type_array)) {
        acdr_errs_add(er, ACDR_ERR_CONFIG, kp,
                      "expected an array of penaltychange lines "
                      "(\"T,max[,min[,raise]]\")");
        return -1;
      }
      n += json_object_array_length(val);
    }
  }
  if (n > 1024) {
    acdr_errs_add(er, ACDR_ERR_LIMIT, p, "more than 1024 rule steps");
    return -1;
  }
  if (!n) return 0;
  if (!(*out = acdr_mem_calloc(&er->e->mem, n, sizeof(**out)))) {
    acdr_errs_add(er, ACDR_ERR_NOMEM, p, "out of memory");
    return -1;
  }
  {
    json_object_object_foreach(r, key, val) {
      size_t k, m = json_object_array_length(val);
      for (k = 0; k < m; k++) {
        json_object *line = json_object_array_get_idx(val, k);
        char kp[ACDR_PTR_MAX], ip[ACDR_PTR_MAX + 24];
        acdr_ptr_key(kp, p, key);
        snprintf(ip, sizeof(ip), "%s/%zu", kp, k);
        if (!json_object_is_type(line, json_type_string) ||
            read_step(json_object_get_string(line), &(*out)[i]) != 0) {
          acdr_errs_add(er, ACDR_ERR_CONFIG, ip,
                        "expected a penaltychange line \"T,max[,min[,raise]]"
                        "\" (T seconds or \"Nms\"; each value N, +N, -N or "
                        "empty, within 1000000)");
          continue;
        }
        (*out)[i++].rule = key;
      }
    }
  }
  *nout = i;
  return 0;
}

int acdr_cfg_read_qrules(acdr_errs *er, json_object *o, const char *ptr,
                         acdr_cfg_queue *q) {
  json_object *r;
  char p[ACDR_PTR_MAX];
  const char *dr = NULL;
  if (acdr_jstr(er, o, ptr, "default_rule", 0, &dr) == 0 && dr)
    q->def.default_rule = dr;
  if (!json_object_object_get_ex(o, "rules", &r)) return 0;
  acdr_ptr_key(p, ptr, "rules");
  if (read_rules_obj(er, r, p, &q->rules, &q->def.nrules) != 0) return -1;
  q->def.rules = q->rules;
  return 0;
}

int acdr_cfg_read_global_qrules(acdr_errs *er, json_object *root,
                                const char *ptr, acdr_cfg *c) {
  json_object *r;
  char p[ACDR_PTR_MAX];
  acdr_penalty_change *g = NULL;
  size_t ng = 0, i, j, k;
  if (!json_object_object_get_ex(root, "queue_rules", &r)) return 0;
  acdr_ptr_key(p, ptr, "queue_rules");
  if (read_rules_obj(er, r, p, &g, &ng) != 0) return -1;
  /* every queue gets the rules it does not define itself (queuerules.conf
   * rules are global in app_queue) */
  for (i = 0; i < c->nqueues && ng; i++) {
    acdr_cfg_queue *q = &c->queues[i];
    size_t own = q->def.nrules, add = 0;
    acdr_penalty_change *arr;
    for (j = 0; j < ng; j++) {
      for (k = 0; k < own && strcmp(q->rules[k].rule, g[j].rule); k++) {}
      if (k == own) add++;
    }
    if (!add) continue;
    if (own + add > 1024) {
      acdr_errs_add(er, ACDR_ERR_LIMIT, q->ptr,
                    "more than 1024 rule steps with queue_rules");
      continue;
    }
    arr = acdr_mem_realloc(&er->e->mem, q->rules, (own + add) * sizeof(*arr));
    if (!arr) {
      acdr_errs_add(er, ACDR_ERR_NOMEM, p, "out of memory");
      break;
    }
    q->rules = arr;
    for (j = 0; j < ng; j++) {
      for (k = 0; k < own && strcmp(arr[k].rule, g[j].rule); k++) {}
      if (k == own) arr[q->def.nrules++] = g[j];
    }
    q->def.rules = arr;
  }
  acdr_mem_free(&er->e->mem, g);
  return 0;
}

/* One bound of a step: empty for relative 0, +N / -N, N. */
static size_t put_value(char *b, size_t room, int32_t v, int relative) {
  int n;
  if (relative && v == 0) return 0;
  n = snprintf(b, room, relative ? "%+d" : "%d", (int)v);
  return n > 0 ? (size_t)n : 0;
}

void acdr_cfg_write_qrules(acdr_jw *w, const acdr_queue_def *d) {
  size_t i, j;
  if (d->default_rule && *d->default_rule)
    acdr_jw_kstr(w, "default_rule", d->default_rule);
  if (!d->nrules) return;
  acdr_jw_key(w, "rules");
  acdr_jw_obj(w);
  for (i = 0; i < d->nrules; i++) {
    /* each name once, at its first step; its steps in order */
    for (j = 0; j < i && strcmp(d->rules[j].rule, d->rules[i].rule); j++) {}
    if (j < i) continue;
    acdr_jw_key(w, d->rules[i].rule);
    acdr_jw_arr(w);
    for (j = i; j < d->nrules; j++) {
      const acdr_penalty_change *s = &d->rules[j];
      char b[96];
      size_t n;
      if (strcmp(s->rule, d->rules[i].rule) != 0) continue;
      n = (size_t)snprintf(b, sizeof(b),
                           s->after_ms % 1000 ? "%lldms," : "%lld,",
                           (long long)(s->after_ms % 1000 ? s->after_ms
                                                          : s->after_ms / 1000));
      n += put_value(b + n, sizeof(b) - n, s->max_penalty,
                     (s->relative & ACDR_PC_MAX_RELATIVE) != 0);
      b[n++] = ',';
      n += put_value(b + n, sizeof(b) - n, s->min_penalty,
                     (s->relative & ACDR_PC_MIN_RELATIVE) != 0);
      b[n++] = ',';
      n += put_value(b + n, sizeof(b) - n, s->raise_penalty,
                     (s->relative & ACDR_PC_RAISE_RELATIVE) != 0);
      b[n] = '\0';
      /* drop empty trailing fields: "30,+3" rather than "30,+3,," */
      while (n > 0 && b[n - 1] == ',' && strchr(b, ',') != b + n - 1)
        b[--n] = '\0';
      acdr_jw_str(w, b);
    }
    acdr_jw_arr_end(w);
  }
  acdr_jw_obj_end(w);
}
