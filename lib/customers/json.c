/* SPDX-License-Identifier: MIT */
/* The customer memory's part of a snapshot: every remembered customer,
 * from the one seen longest ago, with all it holds, so a restored engine
 * forgets and routes exactly as the saved one would have. */
#include <stdio.h>
#include <string.h>

#include "core/internal.h"
#include "customers/customers_int.h"
#include "json/json.h"

int acdr_snapshot_write_customers(acdr_engine *e, acdr_jw *w) {
  acdr_customers *st = acdr_cust_of(e);
  const acdr_cust *c;
  uint32_t i;
  /* nothing to say while the memory was never used: older snapshots keep
   * their form */
  if (!st || (!st->max && !st->map.len && !st->forgotten)) return 0;
  acdr_jw_key(w, "customers");
  acdr_jw_obj(w);
  acdr_jw_ku64(w, "forgotten", st->forgotten);
  acdr_jw_key(w, "entries");
  acdr_jw_arr(w);
  for (c = st->oldest; c; c = c->newer) {
    acdr_jw_obj(w);
    acdr_jw_kstr(w, "id", c->id);
    acdr_jw_ku64(w, "seen", c->seen);
    if (c->owner) acdr_jw_kstr(w, "owner", c->owner);
    acdr_jw_key(w, "last");
    acdr_jw_arr(w);
    for (i = 0; i < ACDR_CUST_QUEUES && c->last[i].queue; i++) {
      acdr_jw_arr(w);
      acdr_jw_str(w, c->last[i].queue);
      acdr_jw_str(w, c->last[i].agent);
      acdr_jw_arr_end(w);
    }
    acdr_jw_arr_end(w);
    acdr_jw_key(w, "channels");
    acdr_jw_arr(w);
    for (i = 0; i < ACDR_CHANNEL_COUNT; i++) acdr_jw_str(w, c->last_ch[i]);
    acdr_jw_arr_end(w);
    acdr_jw_key(w, "history");
    acdr_jw_arr(w);
    for (i = 0; i < c->nhist; i++) {
      const acdr_chist *h = c->hist[i];
      acdr_jw_obj(w);
      acdr_jw_kstr(w, "contact", h->s);
      acdr_jw_kstr(w, "queue", h->queue);
      acdr_jw_kstr(w, "agent", h->agent);
      acdr_jw_kstr(w, "code", h->code);
      acdr_jw_kstr(w, "tags", h->tags);
      acdr_jw_ki64(w, "channel", h->channel);
      acdr_jw_ki64(w, "end_reason", h->end_reason);
      acdr_jw_ku64(w, "arrival", h->arrival);
      acdr_jw_ku64(w, "ended", h->ended);
      acdr_jw_obj_end(w);
    }
    acdr_jw_arr_end(w);
    acdr_jw_obj_end(w);
  }
  acdr_jw_arr_end(w);
  acdr_jw_obj_end(w);
  return 0;
}

/* A string or null member (NULL when absent or null). */
static int opt_str(acdr_errs *er, json_object *o, const char *ptr,
                   const char *key, const char **out) {
  json_object *v;
  *out = NULL;
  if (!json_object_object_get_ex(o, key, &v) || !v) return 0;
  return acdr_jstr(er, o, ptr, key, 0, out);
}

static const char *str_or_null(json_object *v) {
  return v && json_object_is_type(v, json_type_string)
             ? json_object_get_string(v)
             : NULL;
}

static void read_entry(acdr_engine *e, acdr_errs *er, json_object *o,
                       const char *ptr) {
  acdr_customers *st = acdr_cust_of(e);
  const char *id = NULL, *owner = NULL;
  int64_t seen = 0;
  json_object *last, *ch, *hist;
  acdr_cust *c;
  size_t i, n;
  if (acdr_jstr(er, o, ptr, "id", 1, &id) ||
      acdr_jint(er, o, ptr, "seen", 1, 0, INT64_MAX, &seen) ||
      opt_str(er, o, ptr, "owner", &owner))
    return;
  if (acdr_check_id(e, id, "customer") != 0) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, ptr, "%s", e->errmsg);
    return;
  }
  if (acdr_map_get(&st->map, id)) {
    acdr_errs_add(er, ACDR_ERR_DUPLICATE_ID, ptr, "customer \"%s\" twice", id);
    return;
  }
  if (!json_object_object_get_ex(o, "last", &last) ||
      !json_object_is_type(last, json_type_array) ||
      json_object_array_length(last) > ACDR_CUST_QUEUES ||
      !json_object_object_get_ex(o, "channels", &ch) ||
      !json_object_is_type(ch, json_type_array) ||
      json_object_array_length(ch) != ACDR_CHANNEL_COUNT ||
      !json_object_object_get_ex(o, "history", &hist) ||
      !json_object_is_type(hist, json_type_array) ||
      json_object_array_length(hist) > st->history) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, ptr,
                  "a customer needs \"last\" (at most %d [queue, agent]), "
                  "\"channels\" (%d) and \"history\" (at most %u)",
                  ACDR_CUST_QUEUES, ACDR_CHANNEL_COUNT, st->history);
    return;
  }
  if (!(c = acdr_cust_get(e, id))) goto oom;
  if (acdr_cust_str(e, &c->owner, owner) != 0) goto oom;
  n = json_object_array_length(last);
  for (i = n; i-- > 0;) { /* oldest first: each goes to the front */
    json_object *p = json_object_array_get_idx(last, i);
    const char *q = p && json_object_is_type(p, json_type_array) &&
                            json_object_array_length(p) == 2
                        ? str_or_null(json_object_array_get_idx(p, 0))
                        : NULL,
               *a = q ? str_or_null(json_object_array_get_idx(p, 1)) : NULL;
    if (!q || !a) {
      acdr_errs_add(er, ACDR_ERR_CONFIG, ptr, "last[%zu]: [queue, agent]", i);
      return;
    }
    if (acdr_cust_last_set(e, c, q, -1, a) != 0) goto oom;
  }
  for (i = 0; i < ACDR_CHANNEL_COUNT; i++)
    if (acdr_cust_str(e, &c->last_ch[i],
                      str_or_null(json_object_array_get_idx(ch, i))) != 0)
      goto oom;
  n = json_object_array_length(hist);
  for (i = 0; i < n; i++) {
    json_object *h = json_object_array_get_idx(hist, i);
    const char *k = NULL, *q, *a, *code, *tags;
    int64_t chn = 0, why = 0, t0 = 0, t1 = 0;
    if (acdr_jstr(er, h, ptr, "contact", 1, &k) ||
        opt_str(er, h, ptr, "queue", &q) || opt_str(er, h, ptr, "agent", &a) ||
        opt_str(er, h, ptr, "code", &code) ||
        opt_str(er, h, ptr, "tags", &tags) ||
        acdr_jint(er, h, ptr, "channel", 1, 0, ACDR_CHANNEL_COUNT - 1, &chn) ||
        acdr_jint(er, h, ptr, "end_reason", 1, 0, 100, &why) ||
        acdr_jint(er, h, ptr, "arrival", 1, 0, INT64_MAX, &t0) ||
        acdr_jint(er, h, ptr, "ended", 1, 0, INT64_MAX, &t1))
      return;
    if (acdr_cust_hist_add(e, c, k, q, a, code, tags, (int32_t)chn,
                           (int32_t)why, (acdr_tstamp)t0,
                           (acdr_tstamp)t1) != 0)
      goto oom;
  }
  acdr_cust_touch(e, c, (acdr_tstamp)seen);
  return;
oom:
  acdr_errs_add(er, ACDR_ERR_NOMEM, ptr, "out of memory");
}

void acdr_snapshot_read_customers(acdr_engine *e, acdr_errs *er,
                                  json_object *root) {
  acdr_customers *st = acdr_cust_of(e);
  json_object *o, *ents;
  int64_t forgotten = 0;
  size_t i, n;
  const acdr_cust *c;
  if (!st || !json_object_object_get_ex(root, "customers", &o)) return;
  if (!json_object_is_type(o, json_type_object) ||
      acdr_jint(er, o, "/customers", "forgotten", 1, 0, INT64_MAX,
                &forgotten) ||
      !json_object_object_get_ex(o, "entries", &ents) ||
      !json_object_is_type(ents, json_type_array)) {
    if (!er->count)
      acdr_errs_add(er, ACDR_ERR_CONFIG, "/customers",
                    "expected {\"forgotten\": n, \"entries\": [...]}");
    return;
  }
  n = json_object_array_length(ents);
  if (n > st->max) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, "/customers/entries",
                  "%zu customers, more than max_customers %u", n, st->max);
    return;
  }
  for (i = 0; i < n && !er->count; i++) {
    char p[64];
    snprintf(p, sizeof p, "/customers/entries/%zu", i);
    read_entry(e, er, json_object_array_get_idx(ents, i), p);
  }
  /* saved from the one seen longest ago: times must not go down */
  for (c = st->oldest; c && c->newer && !er->count; c = c->newer)
    if (c->newer->seen < c->seen)
      acdr_errs_add(er, ACDR_ERR_CONFIG, "/customers/entries",
                    "customers out of order (seen goes down)");
  st->forgotten = (uint64_t)forgotten;
}
