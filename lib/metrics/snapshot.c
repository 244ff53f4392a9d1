/* SPDX-License-Identifier: MIT */
/* Save and restore the complete metric state (lifetime counters, time
 * buckets, FCR episodes) as JSON, for lib/config's engine snapshot.
 *
 * Counter sets are arrays in the order of the "fields" list saved with
 * them, so a later version with more fields still reads old snapshots
 * (unknown names are skipped, missing ones stay 0). */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/internal.h"
#include "json/json.h"
#include "metrics/metrics_int.h"

#define SNAP_VERSION 1

/* ---- save ---- */

static int put(json_object *o, const char *k, json_object *v) {
  if (!v) return -1;
  if (json_object_object_add(o, k, v) != 0) {
    json_object_put(v);
    return -1;
  }
  return 0;
}

static int push(json_object *a, json_object *v) {
  if (!v) return -1;
  if (json_object_array_add(a, v) != 0) {
    json_object_put(v);
    return -1;
  }
  return 0;
}

/* [head[0..nhead), counters...] */
static json_object *counts_arrn(const acdr_mcount *c, const uint64_t *head,
                                size_t nhead) {
  json_object *a = json_object_new_array();
  const uint64_t *v = (const uint64_t *)(const void *)c;
  size_t i;
  int bad = !a;
  for (i = 0; i < nhead && !bad; i++)
    bad = push(a, json_object_new_uint64(head[i]));
  for (i = 0; i < ACDR_MCOUNT_N && !bad; i++)
    bad = push(a, json_object_new_uint64(v[i]));
  if (bad) {
    json_object_put(a);
    return NULL;
  }
  return a;
}

static json_object *counts_arr(const acdr_mcount *c, const uint64_t *head) {
  return counts_arrn(c, head, head ? 1 : 0);
}

static json_object *rec_obj(const acdr_engine *e, const acdr_mrec *r) {
  json_object *o = json_object_new_object(), *b, *ro = NULL;
  uint64_t oldest = acdr_metrics_oldest_bucket(e);
  uint32_t i;
  int bad = !o;
  if (!bad) bad = put(o, "life", counts_arr(&r->life, NULL));
  if (!bad && r->kind == ACDR_MREC_AGENT)
    bad = put(o, "st", json_object_new_int(r->st)) ||
          put(o, "act", json_object_new_int(r->act));
  if (!bad && r->known_contacts) { /* known-agent routing (customers) */
    json_object *k = json_object_new_array();
    bad = put(o, "known", k) ||
          push(k, json_object_new_uint64(r->known_contacts)) ||
          push(k, json_object_new_uint64(r->known_answered));
  }
  if (!bad) bad = put(o, "buckets", b = json_object_new_array());
  /* slots are sorted, oldest first; roll-ups (agents under a budget) go
   * to "rolled" as [first, last, counters...], written only when there
   * are some so that snapshots without a budget keep their form */
  for (i = 0; !bad && i < r->nslots; i++) {
    const acdr_mslot *sl = r->slots[i];
    acdr_mcount c;
    if (sl->bucket < oldest) continue;
    memset(&c, 0, sizeof(c));
    acdr_mslot_addto(&c, sl);
    if (sl->last == sl->bucket) {
      bad = push(b, counts_arr(&c, &sl->bucket));
      continue;
    }
    if (!ro) bad = put(o, "rolled", ro = json_object_new_array());
    if (!bad) {
      uint64_t span[2];
      span[0] = sl->bucket;
      span[1] = sl->last;
      bad = push(ro, counts_arrn(&c, span, 2));
    }
  }
  if (!bad && r->kept_from)
    bad = put(o, "kept_from", json_object_new_uint64(r->kept_from));
  if (bad) {
    json_object_put(o);
    return NULL;
  }
  return o;
}

int acdr_metrics_save_json(acdr_engine *e, struct json_object *out) {
  acdr_metrics_state *m;
  json_object *o, *a;
  acdr_episode *ep;
  size_t i;
  const char *k;
  void *v;
  int bad = 0, ch;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!out || !json_object_is_type(out, json_type_object))
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "metrics save: output is not a JSON object");
  m = acdr_ms(e);
  bad |= put(out, "v", json_object_new_int(SNAP_VERSION));
  bad |= put(out, "fields", a = json_object_new_array());
  for (i = 0; !bad && i < ACDR_MCOUNT_N; i++)
    bad |= push(a, json_object_new_string(acdr_mcount_names[i]));
  bad |= put(out, "settings", o = json_object_new_object());
  if (!bad) {
    bad |= put(o, "bucket_ms", json_object_new_int64(m->opt.bucket_ms));
    bad |= put(o, "max_buckets", json_object_new_int64(m->opt.max_buckets));
    bad |= put(o, "sl_variant", json_object_new_int(m->opt.sl_variant));
    bad |= put(o, "abandon_excludes_short",
               json_object_new_int(m->opt.abandon_excludes_short));
    bad |= put(o, "fcr_key", json_object_new_int(m->opt.fcr_key));
    bad |= put(o, "fcr_window_ms", json_object_new_int64(m->opt.fcr_window_ms));
    if (m->agent_bytes)
      bad |= put(o, "agent_bucket_bytes",
                 json_object_new_int64(m->agent_bytes));
  }
  bad |= put(out, "first_bucket", json_object_new_uint64(m->first_bucket));
  bad |= put(out, "dropped", json_object_new_uint64(m->dropped));
  bad |= put(out, "engine", rec_obj(e, &m->engine));
  bad |= put(out, "channels", a = json_object_new_array());
  for (ch = 0; !bad && ch < ACDR_CHANNEL_COUNT; ch++)
    bad |= push(a, rec_obj(e, &m->channel[ch]));
  bad |= put(out, "queues", o = json_object_new_object());
  for (i = 0; !bad && acdr_map_next(&e->queues, &i, &k, &v);)
    if (((acdr_queue *)v)->metrics)
      bad |= put(o, k, rec_obj(e, ((acdr_queue *)v)->metrics));
  bad |= put(out, "agents", o = json_object_new_object());
  for (i = 0; !bad && acdr_map_next(&e->agents, &i, &k, &v);)
    if (((acdr_agent *)v)->metrics)
      bad |= put(o, k, rec_obj(e, ((acdr_agent *)v)->metrics));
  bad |= put(out, "codes", o = json_object_new_object());
  for (i = 0; !bad && acdr_map_next(&m->codes, &i, &k, &v);)
    bad |= put(o, k, rec_obj(e, v));
  bad |= put(out, "fcr", a = json_object_new_array());
  for (ep = m->ep_head; !bad && ep; ep = ep->next) {
    json_object *x = json_object_new_object();
    const char *qid = NULL, *aid = NULL;
    /* records point back to no id: find the live owner (dead ones are
     * saved without attribution) */
    for (i = 0; ep->queue && !qid && acdr_map_next(&e->queues, &i, &k, &v);)
      if (((acdr_queue *)v)->metrics == ep->queue) qid = k;
    for (i = 0; ep->agent && !aid && acdr_map_next(&e->agents, &i, &k, &v);)
      if (((acdr_agent *)v)->metrics == ep->agent) aid = k;
    bad |= push(a, x);
    if (bad) break;
    bad |= put(x, "key", json_object_new_string(ep->key));
    bad |= put(x, "te", json_object_new_uint64(ep->te));
    bad |= put(x, "state", json_object_new_int(ep->state));
    bad |= put(x, "channel", json_object_new_int(ep->channel));
    if (qid) bad |= put(x, "queue", json_object_new_string(qid));
    if (aid) bad |= put(x, "agent", json_object_new_string(aid));
  }
  if (bad)
    return acdr_err(e, ACDR_ERR_NOMEM, "metrics save: out of memory");
  return 0;
}

/* ---- load ---- */

typedef struct loader {
  acdr_engine *e;
  int map[64 + ACDR_MCOUNT_N]; /* saved field i -> our index or -1 */
  size_t nmap;
  /* queue / agent id -> its loaded record, for the FCR episodes */
  acdr_map qrec, arec;
} loader;

static int bad_doc(acdr_engine *e, const char *what) {
  return acdr_err(e, ACDR_ERR_PARSE, "metrics load: %s", what);
}

static json_object *get(json_object *o, const char *k, json_type t) {
  json_object *v;
  if (!o || !json_object_object_get_ex(o, k, &v) || !json_object_is_type(v, t))
    return NULL;
  return v;
}

static int read_counts(loader *l, json_object *arr, size_t skip,
                       acdr_mcount *c) {
  size_t i, n = json_object_array_length(arr);
  if (n != l->nmap + skip) return -1;
  for (i = 0; i < l->nmap; i++) {
    json_object *x = json_object_array_get_idx(arr, i + skip);
    if (!json_object_is_type(x, json_type_int) ||
        json_object_get_int64(x) < 0)
      return -1;
    if (l->map[i] >= 0)
      acdr_mc_vals(c)[l->map[i]] = json_object_get_uint64(x);
  }
  return 0;
}

static int read_rec(loader *l, json_object *o, acdr_mrec *r,
                    const char *where) {
  acdr_engine *e = l->e;
  json_object *life = get(o, "life", json_type_array),
              *b = get(o, "buckets", json_type_array), *x;
  size_t i;
  if (!life || !b || read_counts(l, life, 0, &r->life) != 0)
    return acdr_err(e, ACDR_ERR_PARSE, "metrics load: %s: bad counters",
                    where);
  if ((x = get(o, "known", json_type_array))) {
    json_object *k0 = json_object_array_get_idx(x, 0),
                *k1 = json_object_array_get_idx(x, 1);
    if (json_object_array_length(x) != 2 ||
        !json_object_is_type(k0, json_type_int) ||
        !json_object_is_type(k1, json_type_int) ||
        json_object_get_int64(k0) < 0 || json_object_get_int64(k1) < 0 ||
        json_object_get_uint64(k1) > json_object_get_uint64(k0))
      return acdr_err(e, ACDR_ERR_PARSE,
                      "metrics load: %s/known: [contacts, answered] with "
                      "answered <= contacts", where);
    r->known_contacts = json_object_get_uint64(k0);
    r->known_answered = json_object_get_uint64(k1);
  }
  if (r->kind == ACDR_MREC_AGENT) {
    /* the agent status and activity the record accounts time to */
    if ((x = get(o, "st", json_type_int))) {
      if (json_object_get_int64(x) < ACDR_AGENT_LOGGED_OUT ||
          json_object_get_int64(x) > ACDR_AGENT_AWAY)
        return acdr_err(e, ACDR_ERR_RANGE, "metrics load: %s/st outside "
                        "0..2", where);
      r->st = json_object_get_int(x);
    }
    if ((x = get(o, "act", json_type_int))) {
      if (json_object_get_int64(x) < ACDR_ACTIVITY_IDLE ||
          json_object_get_int64(x) > ACDR_ACTIVITY_WRAPUP)
        return acdr_err(e, ACDR_ERR_RANGE, "metrics load: %s/act outside "
                        "0..3", where);
      r->act = json_object_get_int(x);
    }
  }
  for (i = 0; i < json_object_array_length(b); i++) {
    json_object *arr = json_object_array_get_idx(b, i);
    acdr_mcount tmp;
    uint64_t bn;
    memset(&tmp, 0, sizeof(tmp));
    if (!json_object_is_type(arr, json_type_array) ||
        json_object_array_length(arr) < 1 ||
        !json_object_is_type(json_object_array_get_idx(arr, 0),
                             json_type_int) ||
        json_object_get_int64(json_object_array_get_idx(arr, 0)) < 0 ||
        read_counts(l, arr, 1, &tmp) != 0)
      return acdr_err(e, ACDR_ERR_PARSE,
                      "metrics load: %s/buckets/%zu: bad bucket", where, i);
    bn = json_object_get_uint64(json_object_array_get_idx(arr, 0));
    /* 1: too old to keep under the loaded settings */
    if (acdr_mrec_insert(e, acdr_ms(e), r, bn, bn, &tmp) < 0)
      return acdr_err(e, ACDR_ERR_NOMEM, "metrics load: out of memory");
  }
  /* roll-ups: [first, last, counters...] (agents under a budget) */
  if ((b = get(o, "rolled", json_type_array)))
    for (i = 0; i < json_object_array_length(b); i++) {
      json_object *arr = json_object_array_get_idx(b, i);
      acdr_mcount tmp;
      uint64_t b0, b1;
      memset(&tmp, 0, sizeof(tmp));
      if (!json_object_is_type(arr, json_type_array) ||
          json_object_array_length(arr) < 2 ||
          read_counts(l, arr, 2, &tmp) != 0)
        return acdr_err(e, ACDR_ERR_PARSE,
                        "metrics load: %s/rolled/%zu: bad roll-up", where, i);
      b0 = json_object_get_uint64(json_object_array_get_idx(arr, 0));
      b1 = json_object_get_uint64(json_object_array_get_idx(arr, 1));
      if (b1 < b0)
        return acdr_err(e, ACDR_ERR_PARSE,
                        "metrics load: %s/rolled/%zu: last bucket before first",
                        where, i);
      if (acdr_mrec_insert(e, acdr_ms(e), r, b0, b1, &tmp) < 0)
        return acdr_err(e, ACDR_ERR_NOMEM, "metrics load: out of memory");
    }
  if ((x = get(o, "kept_from", json_type_int)))
    r->kept_from = json_object_get_uint64(x);
  acdr_mrec_enforce(e, acdr_ms(e), r);
  return 0;
}

typedef struct pending_rec {
  void *owner; /* acdr_queue * or acdr_agent * */
  acdr_mrec *rec;
} pending_rec;

static int load_objs(loader *l, json_object *objs, acdr_map *by_id,
                     int32_t kind, pending_rec **out, size_t *nout,
                     acdr_map *recs) {
  acdr_engine *e = l->e;
  struct json_object_iterator it, end;
  size_t n = 0, cap = (size_t)json_object_object_length(objs);
  *out = cap ? acdr_mem_calloc(&e->mem, cap, sizeof(**out)) : NULL;
  *nout = 0;
  if ((cap && !*out) || acdr_map_reserve(recs, &e->mem, cap))
    return acdr_err(e, ACDR_ERR_NOMEM, "metrics load: oom");
  it = json_object_iter_begin(objs);
  end = json_object_iter_end(objs);
  for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
    const char *id = json_object_iter_peek_name(&it);
    json_object *v = json_object_iter_peek_value(&it);
    void *owner = acdr_map_get(by_id, id);
    acdr_mrec *r;
    int rv;
    if (!owner) continue; /* object no longer configured */
    if (!json_object_is_type(v, json_type_object))
      return acdr_err(e, ACDR_ERR_PARSE, "metrics load: %s is not an object",
                      id);
    if (!(r = acdr_mrec_new(e, kind)))
      return acdr_err(e, ACDR_ERR_NOMEM, "metrics load: oom");
    (*out)[n].owner = owner;
    (*out)[n++].rec = r;
    *nout = n;
    /* keyed by the engine's own id string (lives as long as the owner) */
    (void)acdr_map_put(recs, &e->mem,
                       kind == ACDR_MREC_QUEUE ? ((acdr_queue *)owner)->id
                                               : ((acdr_agent *)owner)->id,
                       r); /* reserved */
    if ((rv = read_rec(l, v, r, id)) != 0) return rv;
  }
  return 0;
}

static int load_into(loader *l, json_object *in, pending_rec **pq, size_t *nq,
                     pending_rec **pa, size_t *na) {
  acdr_engine *e = l->e;
  acdr_metrics_state *m = acdr_ms(e);
  json_object *x, *arr, *o;
  struct json_object_iterator it, end;
  size_t i;
  int rv, ch;
  if ((x = get(in, "first_bucket", json_type_int)))
    m->first_bucket = json_object_get_uint64(x);
  if ((x = get(in, "dropped", json_type_int)))
    m->dropped = json_object_get_uint64(x);
  if (!(o = get(in, "engine", json_type_object)))
    return bad_doc(e, "\"engine\" missing");
  if ((rv = read_rec(l, o, &m->engine, "engine")) != 0) return rv;
  if (!(arr = get(in, "channels", json_type_array)) ||
      json_object_array_length(arr) != ACDR_CHANNEL_COUNT)
    return bad_doc(e, "\"channels\" must list 3 records");
  for (ch = 0; ch < ACDR_CHANNEL_COUNT; ch++)
    if ((rv = read_rec(l, json_object_array_get_idx(arr, (size_t)ch),
                       &m->channel[ch], "channels")) != 0)
      return rv;
  if (!(o = get(in, "queues", json_type_object)))
    return bad_doc(e, "\"queues\" missing");
  if ((rv = load_objs(l, o, &e->queues, ACDR_MREC_QUEUE, pq, nq,
                      &l->qrec)) != 0)
    return rv;
  if (!(o = get(in, "agents", json_type_object)))
    return bad_doc(e, "\"agents\" missing");
  if ((rv = load_objs(l, o, &e->agents, ACDR_MREC_AGENT, pa, na,
                      &l->arec)) != 0)
    return rv;
  if (!(o = get(in, "codes", json_type_object)))
    return bad_doc(e, "\"codes\" missing");
  it = json_object_iter_begin(o);
  end = json_object_iter_end(o);
  for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
    const char *id = json_object_iter_peek_name(&it);
    acdr_mrec *r = acdr_metrics_code_rec(e, id, 1);
    if (!r) return acdr_err(e, ACDR_ERR_NOMEM, "metrics load: oom");
    if ((rv = read_rec(l, json_object_iter_peek_value(&it), r, id)) != 0)
      return rv;
  }
  if (!(arr = get(in, "fcr", json_type_array)))
    return bad_doc(e, "\"fcr\" missing");
  for (i = 0; i < json_object_array_length(arr); i++) {
    json_object *ep = json_object_array_get_idx(arr, i);
    json_object *k = get(ep, "key", json_type_string),
                *te = get(ep, "te", json_type_int),
                *st = get(ep, "state", json_type_int),
                *chn = get(ep, "channel", json_type_int), *id;
    acdr_mrec *qr = NULL, *ar = NULL;
    int32_t state;
    if (!k || !te || !st || !chn)
      return acdr_err(e, ACDR_ERR_PARSE, "metrics load: fcr/%zu: bad entry",
                      i);
    state = json_object_get_int(st);
    if (state != ACDR_EP_PENDING && state != ACDR_EP_DONE)
      return acdr_err(e, ACDR_ERR_PARSE, "metrics load: fcr/%zu: bad state",
                      i);
    if ((id = get(ep, "queue", json_type_string)))
      qr = acdr_map_get(&l->qrec, json_object_get_string(id));
    if ((id = get(ep, "agent", json_type_string)))
      ar = acdr_map_get(&l->arec, json_object_get_string(id));
    if (acdr_fcr_find(m, json_object_get_string(k)))
      return acdr_err(e, ACDR_ERR_PARSE,
                      "metrics load: fcr/%zu: key listed twice", i);
    if (m->ep_tail && json_object_get_uint64(te) < m->ep_tail->te)
      return acdr_err(e, ACDR_ERR_PARSE,
                      "metrics load: fcr/%zu: not in time order", i);
    if (!acdr_fcr_episode_new(e, json_object_get_string(k),
                              json_object_get_uint64(te), state,
                              json_object_get_int(chn), qr, ar))
      return acdr_err(e, ACDR_ERR_NOMEM, "metrics load: oom");
  }
  return 0;
}

static void free_pending(acdr_engine *e, pending_rec *p, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) acdr_mrec_unref(e, p[i].rec);
  acdr_mem_free(&e->mem, p);
}

static int read_settings(acdr_engine *e, json_object *in,
                         acdr_metrics_options *o, int64_t *agent_bytes) {
  json_object *s = get(in, "settings", json_type_object), *x;
  acdr_metrics_options_default(o);
  if (!s) return bad_doc(e, "\"settings\" missing");
  if ((x = get(s, "bucket_ms", json_type_int)))
    o->bucket_ms = json_object_get_int64(x);
  if ((x = get(s, "max_buckets", json_type_int)))
    o->max_buckets = (uint32_t)json_object_get_int64(x);
  if ((x = get(s, "sl_variant", json_type_int)))
    o->sl_variant = json_object_get_int(x);
  if ((x = get(s, "abandon_excludes_short", json_type_int)))
    o->abandon_excludes_short = json_object_get_int(x);
  if ((x = get(s, "fcr_key", json_type_int))) o->fcr_key = json_object_get_int(x);
  if ((x = get(s, "fcr_window_ms", json_type_int)))
    o->fcr_window_ms = json_object_get_int64(x);
  *agent_bytes = 0;
  if ((x = get(s, "agent_bucket_bytes", json_type_int)))
    *agent_bytes = json_object_get_int64(x);
  return 0;
}

int acdr_metrics_load_json(acdr_engine *e, struct json_object *in) {
  acdr_metrics_state *old, *nm;
  acdr_metrics_options opt;
  int64_t agent_bytes = 0;
  loader l;
  json_object *x, *fields;
  pending_rec *pq = NULL, *pa = NULL;
  size_t nq = 0, na = 0, i, j;
  const char *k;
  void *v;
  int rv;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!in || !json_object_is_type(in, json_type_object))
    return bad_doc(e, "input is not a JSON object");
  if (!(x = get(in, "v", json_type_int)) ||
      json_object_get_int(x) != SNAP_VERSION)
    return acdr_err(e, ACDR_ERR_VERSION, "metrics load: unknown version");
  if (!(fields = get(in, "fields", json_type_array)) ||
      json_object_array_length(fields) > 64 + ACDR_MCOUNT_N)
    return bad_doc(e, "\"fields\" missing or too long");
  memset(&l, 0, sizeof(l));
  l.e = e;
  l.nmap = json_object_array_length(fields);
  for (i = 0; i < l.nmap; i++) {
    const char *name = json_object_get_string(
        json_object_array_get_idx(fields, i));
    l.map[i] = -1;
    for (j = 0; name && j < ACDR_MCOUNT_N; j++)
      if (strcmp(name, acdr_mcount_names[j]) == 0) l.map[i] = (int)j;
  }
  if ((rv = read_settings(e, in, &opt, &agent_bytes)) != 0) return rv;
  old = acdr_ms(e);
  /* build the new state beside the old one; swap only on success */
  acdr_ms_set(e, NULL);
  if ((rv = acdr_metrics_init(e)) != 0) {
    acdr_ms_set(e, old);
    return rv;
  }
  nm = acdr_ms(e);
  rv = acdr_metrics_validate_options(e, &opt);
  if (rv == 0 && agent_bytes != 0 &&
      (agent_bytes < ACDR_AGENT_BYTES_MIN || agent_bytes > ACDR_AGENT_BYTES_MAX))
    rv = acdr_err(e, ACDR_ERR_RANGE,
                  "metrics load: settings.agent_bucket_bytes %lld outside "
                  "0 or %u..%u",
                  (long long)agent_bytes, ACDR_AGENT_BYTES_MIN,
                  ACDR_AGENT_BYTES_MAX);
  if (rv == 0) {
    nm->opt = opt;
    nm->agent_bytes = (uint32_t)agent_bytes;
    acdr_metrics_derive(nm, e->now);
    rv = load_into(&l, in, &pq, &nq, &pa, &na);
  }
  acdr_map_free(&l.qrec, &e->mem);
  acdr_map_free(&l.arec, &e->mem);
  if (rv != 0) {
    free_pending(e, pq, nq);
    free_pending(e, pa, na);
    acdr_metrics_free(e);
    acdr_ms_set(e, old);
    return rv;
  }
  /* drop the old state (its records use the old ring size) */
  acdr_ms_set(e, old);
  for (i = 0; acdr_map_next(&e->queues, &i, &k, &v);)
    acdr_metrics_queue_free(e, v);
  for (i = 0; acdr_map_next(&e->agents, &i, &k, &v);)
    acdr_metrics_agent_free(e, v);
  acdr_metrics_free(e);
  acdr_ms_set(e, nm);
  for (i = 0; i < nq; i++) ((acdr_queue *)pq[i].owner)->metrics = pq[i].rec;
  for (i = 0; i < na; i++) ((acdr_agent *)pa[i].owner)->metrics = pa[i].rec;
  acdr_mem_free(&e->mem, pq);
  acdr_mem_free(&e->mem, pa);
  return 0;
}

int acdr_snapshot_write_metrics(acdr_engine *e, acdr_jw *w) {
  json_object *m = json_object_new_object();
  int rv;
  if (!m) return acdr_err(e, ACDR_ERR_NOMEM, "out of memory (snapshot)");
  if ((rv = acdr_metrics_save_json(e, m)) == 0) {
    acdr_jw_key(w, "metrics");
    acdr_jw_tree(w, m);
  }
  json_object_put(m);
  return rv;
}

void acdr_snapshot_read_metrics(acdr_engine *e, acdr_errs *er,
                                json_object *m) {
  int rv = acdr_metrics_load_json(e, m);
  if (rv) acdr_errs_add(er, rv, "/metrics", "%s", e->errmsg);
}
