/* SPDX-License-Identifier: MIT */
/* Loading the disposition module's state from JSON (json-c, inside the
 * library only).  Loading builds a complete new state and swaps it in only
 * when everything parsed, so a bad document changes nothing. */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "core/internal.h"
#include "disposition/disposition_int.h"

#define NMEMBERS ACDR_DISPO_JSON_MEMBERS
#define members acdr_json_save_members


/* ------------------------------------------------------------------ */
/* Loading                                                              */

/* Prefix the current error message with the JSON path. */
static int at(acdr_engine *e, int rv, const char *path) {
  char msg[sizeof(e->errmsg)];
  memcpy(msg, e->errmsg, sizeof(msg));
  return acdr_err(e, rv, "disposition JSON %s: %s", path,
                  msg[0] ? msg : acdr_strerror(rv));
}

static int bad(acdr_engine *e, const char *path, const char *what) {
  return acdr_err(e, ACDR_ERR_PARSE, "disposition JSON %s: %s", path, what);
}

static json_object *field(json_object *o, const char *k) {
  json_object *v = NULL;
  return json_object_object_get_ex(o, k, &v) ? v : NULL;
}

/* Member k of o when present and of type t (and not negative if nonneg):
 * NULL, *rv 0 when absent; NULL, *rv ACDR_ERR_PARSE ("not <what>")
 * otherwise. */
static json_object *typed(acdr_engine *e, json_object *o, const char *k,
                          const char *path, json_type t, int nonneg,
                          const char *what, int *rv) {
  json_object *v = field(o, k);
  *rv = 0;
  if (!v) return NULL;
  /* json-c reads a value above INT64_MAX as INT64_MAX here, never < 0 */
  if (json_object_is_type(v, t) &&
      !(nonneg && json_object_get_int64(v) < 0))
    return v;
  *rv = acdr_err(e, ACDR_ERR_PARSE, "disposition JSON %s.%s: not %s", path, k,
                 what);
  return NULL;
}

/* Optional string member: *out NULL when absent or null. */
static int get_str(acdr_engine *e, json_object *o, const char *k,
                   const char *path, const char **out) {
  int rv;
  json_object *v = typed(e, o, k, path, json_type_string, 0, "a string", &rv);
  *out = v ? json_object_get_string(v) : NULL;
  return rv;
}

/* Integer members keep the default already in *out when absent. */
static int get_i64(acdr_engine *e, json_object *o, const char *k,
                   const char *path, int64_t *out) {
  int rv;
  json_object *v = typed(e, o, k, path, json_type_int, 0, "an integer", &rv);
  if (v) *out = json_object_get_int64(v);
  return rv;
}

static int get_u64(acdr_engine *e, json_object *o, const char *k,
                   const char *path, uint64_t *out) {
  int rv;
  json_object *v =
      typed(e, o, k, path, json_type_int, 1, "an unsigned integer", &rv);
  if (v) *out = json_object_get_uint64(v);
  return rv;
}

static int get_i32(acdr_engine *e, json_object *o, const char *k,
                   const char *path, int32_t *out) {
  int64_t v = *out;
  int rv = get_i64(e, o, k, path, &v);
  if (rv) return rv;
  if (v < INT32_MIN || v > INT32_MAX)
    return acdr_err(e, ACDR_ERR_RANGE, "disposition JSON %s.%s: out of range",
                    path, k);
  *out = (int32_t)v;
  return 0;
}

/* Member `k` as an array (NULL and 0 if absent). */
static int get_array(acdr_engine *e, json_object *o, const char *k,
                     const char *path, json_object **out, size_t *n) {
  int rv;
  *out = typed(e, o, k, path, json_type_array, 0, "an array", &rv);
  *n = *out ? json_object_array_length(*out) : 0;
  return rv;
}

/* A string array as a temporary const char* array (caller frees). */
static int get_strings(acdr_engine *e, json_object *o, const char *k,
                       const char *path, const char ***out, size_t *n) {
  json_object *a;
  size_t i;
  int rv = get_array(e, o, k, path, &a, n);
  *out = NULL;
  if (rv || !*n) return rv;
  if (!(*out = acdr_mem_calloc(&e->mem, *n, sizeof(char *))))
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  for (i = 0; i < *n; i++) {
    json_object *v = json_object_array_get_idx(a, i);
    if (!json_object_is_type(v, json_type_string)) {
      acdr_mem_free(&e->mem, (void *)*out);
      *out = NULL;
      return acdr_err(e, ACDR_ERR_PARSE,
                      "disposition JSON %s.%s[%zu]: not a string", path, k,
                      i);
    }
    (*out)[i] = json_object_get_string(v);
  }
  return 0;
}

/* One member for get_members: key, kind, destination (const char **,
 * int32_t *, int64_t *, uint64_t *, const char *** or json_object **),
 * and the count of a string array or array. */
typedef enum { G_STR, G_I32, G_I64, G_U64, G_STRS, G_ARR } gkind;
typedef struct gmember {
  const char *k;
  gkind kind;
  void *out;
  size_t *n;
} gmember;

/* Read the members g[0..n) of o in order; the first error stops. */
static int get_members(acdr_engine *e, json_object *o, const char *path,
                       const gmember *g, size_t n) {
  size_t i;
  int rv = 0;
  for (i = 0; i < n && !rv; i++) {
    switch (g[i].kind) {
      case G_STR: rv = get_str(e, o, g[i].k, path, g[i].out); break;
      case G_I32: rv = get_i32(e, o, g[i].k, path, g[i].out); break;
      case G_I64: rv = get_i64(e, o, g[i].k, path, g[i].out); break;
      case G_U64: rv = get_u64(e, o, g[i].k, path, g[i].out); break;
      case G_STRS:
        rv = get_strings(e, o, g[i].k, path, g[i].out, g[i].n);
        break;
      default: rv = get_array(e, o, g[i].k, path, g[i].out, g[i].n); break;
    }
  }
  return rv;
}
#define NG(g) (sizeof(g) / sizeof((g)[0]))

static int item(acdr_engine *e, json_object *a, size_t i, const char *name,
                char *path, size_t pathsz, json_object **out) {
  snprintf(path, pathsz, "%s[%zu]", name, i);
  *out = json_object_array_get_idx(a, i);
  if (!json_object_is_type(*out, json_type_object))
    return bad(e, path, "not an object");
  return 0;
}

static int load_limits(acdr_engine *e, acdr_dispo *d, json_object *o) {
  uint64_t h = d->history_limit, c = d->change_limit;
  int rv;
  if (!json_object_is_type(o, json_type_object))
    return bad(e, "limits", "not an object");
  if ((rv = get_u64(e, o, "history", "limits", &h)) ||
      (rv = get_u64(e, o, "changes", "limits", &c)))
    return rv;
  if (h > UINT32_MAX || c > UINT32_MAX)
    return acdr_err(e, ACDR_ERR_RANGE, "disposition JSON limits: too big");
  d->history_limit = (uint32_t)h;
  d->change_limit = (uint32_t)c;
  return 0;
}

/* Load each element of the array a (member `name`, an object each) with
 * one(e, o, path, ctx); the first error stops. */
typedef int (*item_fn)(acdr_engine *e, json_object *o, const char *path,
                       void *ctx);
static int load_items(acdr_engine *e, json_object *a, const char *name,
                      item_fn one, void *ctx) {
  size_t i, n = json_object_array_length(a);
  char path[128];
  for (i = 0; i < n; i++) {
    json_object *o;
    int rv = item(e, a, i, name, path, sizeof(path), &o);
    if (rv || (rv = one(e, o, path, ctx)) != 0) return rv;
  }
  return 0;
}

/* Short forms of the member lists of get_members. */
#define GSTR(k, p) {k, G_STR, p, NULL}
#define GI32(k, p) {k, G_I32, p, NULL}
#define GI64(k, p) {k, G_I64, p, NULL}
#define GU64(k, p) {k, G_U64, p, NULL}

static int catalog_item(acdr_engine *e, json_object *o, const char *path,
                        void *ctx) {
  acdr_dispo_code c;
  const char **qs = NULL;
  int64_t attrs = 0;
  int rv;
  const gmember g[] = {
      GSTR("id", &c.id), GSTR("label", &c.label), GSTR("category", &c.category),
      GI64("attrs", &attrs), GI64("min_duration_ms", &c.min_duration_ms),
      GI64("max_duration_ms", &c.max_duration_ms),
      GI32("auto_end_reason", &c.auto_end_reason), GI64("dnc_ms", &c.dnc_ms),
      {"queues", G_STRS, &qs, &c.nqueues}};
  (void)ctx;
  acdr_dispo_code_default(&c);
  if ((rv = get_members(e, o, path, g, NG(g))) != 0) return rv;
  if (attrs < 0 || attrs > (int64_t)ACDR_DISPO_ALL_ATTRS) {
    acdr_mem_free(&e->mem, (void *)qs);
    return bad(e, path, "attrs has unknown bits");
  }
  c.attrs = (uint32_t)attrs;
  c.queues = qs;
  rv = acdr_dispo_code_add(e, &c);
  acdr_mem_free(&e->mem, (void *)qs);
  return rv ? at(e, rv, path) : 0;
}

static int rules_item(acdr_engine *e, json_object *o, const char *path,
                      void *ctx) {
  acdr_dispo_rule r;
  int rv;
  const gmember g[] = {
      GSTR("id", &r.id), GSTR("code", &r.code), GSTR("queue", &r.queue),
      GSTR("attr_key", &r.attr_key), GSTR("attr_value", &r.attr_value),
      GI32("action", &r.action), GSTR("argument", &r.argument),
      GI64("delay_ms", &r.delay_ms), GI64("duration_ms", &r.duration_ms)};
  (void)ctx;
  acdr_dispo_rule_default(&r);
  if ((rv = get_members(e, o, path, g, NG(g))) != 0) return rv;
  if ((rv = acdr_dispo_rule_add(e, &r)) != 0) return at(e, rv, path);
  return 0;
}

static int dnc_item(acdr_engine *e, json_object *o, const char *path,
                    void *ctx) {
  const char *key;
  uint64_t until = ACDR_TSTAMP_MAX;
  int rv;
  const gmember g[] = {GSTR("key", &key), GU64("until", &until)};
  (void)ctx;
  if ((rv = get_members(e, o, path, g, NG(g))) != 0) return rv;
  if ((rv = acdr_check_id(e, key, "do-not-contact key")) != 0)
    return at(e, rv, path);
  if (acdr_dnc_put(e, key, until) != 0)
    return acdr_err(e, ACDR_ERR_NOMEM, "%s: out of memory", path);
  return 0;
}

/* primary + tags of o into r (codes need not be in the catalog: a closed
 * contact keeps a code that was removed since). */
static int load_codes(acdr_engine *e, json_object *o, const char *path,
                      acdr_drec *r) {
  const acdr_dispo *d = acdr_dispo_of(e);
  const char *primary, **tags = NULL;
  size_t ntags = 0, i;
  int rv;
  if ((rv = get_str(e, o, "primary", path, &primary)) ||
      (rv = get_strings(e, o, "tags", path, &tags, &ntags)))
    return rv;
  if (!primary && ntags) rv = bad(e, path, "tags without a primary code");
  if (!rv && ntags > ACDR_DISPO_MAX_TAGS) rv = bad(e, path, "too many tags");
  for (i = 0; !rv && primary && i <= ntags; i++)
    rv = acdr_dispo_check_code_id(e, i ? tags[i - 1] : primary, "code");
  if (!rv && primary &&
      acdr_history_copy_codes(e, primary, tags, ntags, &r->primary, &r->tags))
    rv = acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  acdr_mem_free(&e->mem, (void *)tags);
  if (rv) return rv == ACDR_ERR_PARSE ? rv : at(e, rv, path);
  r->ntags = primary ? ntags & ACDR_DISPO_MAX_TAGS : 0;
  for (i = 0; primary && i <= ntags; i++) {
    const acdr_dcode *k = acdr_catalog_find(d, i ? r->tags[i - 1] : r->primary);
    if (!k) continue;
    if (i == 0) r->attrs = k->attrs;
    r->all_attrs |= k->attrs;
  }
  return 0;
}

static int load_history_item(acdr_engine *e, json_object *o,
                             const char *path, acdr_drec *r) {
  const char *cid, *q, *ag, *cu;
  json_object *kv;
  size_t n, i;
  int fail = 0, rv;
  json_bool counted = 0;
  uint64_t closed = 0;
  const gmember g[] = {
      GSTR("contact_id", &cid), GSTR("queue_id", &q), GSTR("agent_id", &ag),
      GSTR("customer_id", &cu), GI32("end_reason", &r->end_reason),
      GI32("corrections", &r->corrections),
      GI64("duration_ms", &r->duration_ms), GU64("closed_at", &closed),
      {"contact_attrs", G_ARR, &kv, &n}};
  if ((rv = get_members(e, o, path, g, NG(g))) ||
      (rv = load_codes(e, o, path, r)))
    return rv;
  if ((rv = acdr_check_id(e, cid, "contact")) != 0) return at(e, rv, path);
  if (field(o, "counted")) counted = json_object_get_boolean(field(o, "counted"));
  r->closed_at = closed;
  if (acdr_history_set_ids(e, r, cid, ag)) fail = 1;
  r->queue_id = acdr_dispo_intern(e, q, &fail);
  r->customer_id = acdr_dispo_strdup0(e, cu, &fail);
  if (n && !fail) {
    if (!(r->cattrs = acdr_mem_calloc(&e->mem, n, sizeof(acdr_kv)))) fail = 1;
    for (i = 0; !fail && i < n; i++) {
      json_object *p = json_object_array_get_idx(kv, i);
      json_object *k = json_object_array_get_idx(p, 0);
      json_object *v = json_object_array_get_idx(p, 1);
      if (!json_object_is_type(p, json_type_array) ||
          !json_object_is_type(k, json_type_string) ||
          !json_object_is_type(v, json_type_string))
        return bad(e, path, "contact_attrs: want [key, value] pairs");
      r->cattrs[i].key = acdr_dispo_strdup0(e, json_object_get_string(k), &fail);
      r->cattrs[i].value =
          acdr_dispo_strdup0(e, json_object_get_string(v), &fail);
      r->ncattrs = (uint32_t)(i + 1);
    }
  }
  if (fail) return acdr_err(e, ACDR_ERR_NOMEM, "%s: out of memory", path);
  if (counted && r->primary) {
    r->counted = 1;
    r->stats_epoch = acdr_dispo_of(e)->stats_epoch;
  }
  return 0;
}

static int history_item(acdr_engine *e, json_object *o, const char *path,
                        void *ctx) {
  acdr_dispo *d = acdr_dispo_of(e);
  acdr_drec *r;
  uint64_t dropped = d->dropped;
  int rv;
  (void)ctx;
  if (!(r = acdr_mem_calloc(&e->mem, 1, sizeof(*r))))
    return acdr_err(e, ACDR_ERR_NOMEM, "%s: out of memory", path);
  if ((rv = load_history_item(e, o, path, r)) != 0) {
    acdr_history_free_record(e, r);
    return rv;
  }
  acdr_history_push(e, r);
  if (d->dropped != dropped) {
    if (!r->in_history) acdr_history_free_record(e, r);
    return acdr_err(e, ACDR_ERR_NOMEM, "%s: out of memory", path);
  }
  return 0;
}

static int pending_item(acdr_engine *e, json_object *o, const char *path,
                        void *ctx) {
  const char *cid, *cu, *q, *text, *code, *rule;
  uint64_t when = 0;
  int32_t kind = 0;
  int64_t value = 0, dnc = 0;
  acdr_drec *entry;
  int rv;
  const gmember g[] = {
      GU64("when", &when), GI32("kind", &kind), GI64("value_ms", &value),
      GI64("dnc_ms", &dnc), GSTR("contact_id", &cid),
      GSTR("customer_id", &cu), GSTR("queue_id", &q), GSTR("text", &text),
      GSTR("code", &code), GSTR("rule_id", &rule)};
  (void)ctx;
  if ((rv = get_members(e, o, path, g, NG(g))) != 0) return rv;
  if (kind < ACDR_FOLLOWUP_CALLBACK || kind > ACDR_FOLLOWUP_DNC || dnc < 0 ||
      dnc > ACDR_DISPO_MAX_MS)
    return bad(e, path, "kind or dnc_ms out of range");
  entry = cid ? acdr_history_find(acdr_dispo_of(e), cid) : NULL;
  if (acdr_rules_schedule(e, entry, kind, value, dnc, cid, cu, q, text, code,
                       rule, when) != 0)
    return acdr_err(e, ACDR_ERR_NOMEM, "%s: out of memory", path);
  return 0;
}

static int changes_item(acdr_engine *e, json_object *o, const char *path,
                        void *ctx) {
  acdr_dispo *d = acdr_dispo_of(e);
  const char *cid, *os, *ns;
  uint64_t t = 0, dropped = d->dropped;
  int rv, fail = 0;
  const gmember g[] = {GSTR("contact_id", &cid), GSTR("old", &os),
                       GSTR("new", &ns), GU64("time", &t)};
  (void)ctx;
  if ((rv = get_members(e, o, path, g, NG(g))) != 0) return rv;
  if (!cid || !os || !ns)
    return bad(e, path, "contact_id, old and new are required");
  acdr_history_changes_log(e, acdr_dispo_strdup0(e, cid, &fail),
                   acdr_dispo_strdup0(e, os, &fail),
                   acdr_dispo_strdup0(e, ns, &fail), t);
  if (fail || d->dropped != dropped)
    return acdr_err(e, ACDR_ERR_NOMEM, "%s: out of memory", path);
  return 0;
}

/* A code count of the scope ctx. */
static int stats_code_item(acdr_engine *e, json_object *o, const char *path,
                           void *ctx) {
  acdr_dcount *c;
  const char *code;
  uint64_t total = 0, primary = 0;
  int rv;
  const gmember g[] = {GSTR("code", &code), GU64("total", &total),
                       GU64("primary", &primary)};
  if ((rv = get_members(e, o, path, g, NG(g))) != 0) return rv;
  if (!code) return bad(e, path, "code is required");
  if (!(c = acdr_stats_code(e, ctx, code)))
    return acdr_err(e, ACDR_ERR_NOMEM, "%s: out of memory", path);
  c->total = total;
  c->primary = primary;
  return 0;
}

static int stats_item(acdr_engine *e, json_object *o, const char *path,
                      void *ctx) {
  json_object *codes;
  const char *key;
  char base[96];
  acdr_dscope *s;
  size_t nc;
  uint64_t v[6] = {0, 0, 0, 0, 0, 0};
  int rv;
  const gmember g[] = {
      GSTR("scope", &key), GU64("contacts", &v[0]),
      GU64("contact_made", &v[1]), GU64("success", &v[2]),
      GU64("resolved", &v[3]), GU64("dnc", &v[4]), GU64("unworkable", &v[5]),
      {"codes", G_ARR, &codes, &nc}};
  (void)ctx;
  if ((rv = get_members(e, o, path, g, NG(g))) != 0) return rv;
  if (!key) return bad(e, path, "scope is required");
  if (!(s = acdr_stats_scope(e, key, 1)))
    return acdr_err(e, ACDR_ERR_NOMEM, "%s: out of memory", path);
  s->contacts = v[0], s->made = v[1], s->success = v[2];
  s->resolved = v[3], s->dnc = v[4], s->unworkable = v[5];
  if (!codes) return 0;
  snprintf(base, sizeof(base), "%s.codes", path);
  return load_items(e, codes, base, stats_code_item, s);
}

typedef struct live_list {
  acdr_contact **c;
  acdr_drec **r;
  size_t n;
} live_list;

static int load_live(acdr_engine *e, json_object *a, live_list *l) {
  size_t i, n = json_object_array_length(a);
  char path[64];
  if (n && (!(l->c = acdr_mem_calloc(&e->mem, n, sizeof(*l->c))) ||
            !(l->r = acdr_mem_calloc(&e->mem, n, sizeof(*l->r)))))
    return acdr_err(e, ACDR_ERR_NOMEM, "live: out of memory");
  for (i = 0; i < n; i++) {
    json_object *o;
    const char *cid;
    acdr_contact *c;
    int rv;
    if ((rv = item(e, a, i, "live", path, sizeof(path), &o)) ||
        (rv = get_str(e, o, "contact_id", path, &cid)))
      return rv;
    if ((rv = acdr_check_id(e, cid, "contact")) != 0) return at(e, rv, path);
    /* a contact gone since the snapshot has nothing to attach to */
    if (!(c = acdr_map_get(&e->contacts, cid))) continue;
    if (!(l->r[l->n] = acdr_mem_calloc(&e->mem, 1, sizeof(acdr_drec))))
      return acdr_err(e, ACDR_ERR_NOMEM, "%s: out of memory", path);
    l->c[l->n] = c;
    l->n++;
    if ((rv = load_codes(e, o, path, l->r[l->n - 1])) != 0) return rv;
  }
  return 0;
}

static void live_free(acdr_engine *e, live_list *l) {
  size_t i;
  for (i = 0; i < l->n; i++)
    if (l->r[i]) acdr_history_free_record(e, l->r[i]);
  acdr_mem_free(&e->mem, l->c);
  acdr_mem_free(&e->mem, l->r);
}

/* Load every member of `src` into the (fresh) current state. */
static int load_all(acdr_engine *e, json_object *src, live_list *live) {
  acdr_dispo *d = acdr_dispo_of(e);
  json_object *v;
  int rv;
  static const item_fn loaders[] = {catalog_item, rules_item, dnc_item,
                                    history_item, pending_item, changes_item,
                                    stats_item};
  size_t i;
  if ((v = field(src, "limits")) && (rv = load_limits(e, d, v)) != 0)
    return rv;
  for (i = 0; i < sizeof(loaders) / sizeof(loaders[0]); i++) {
    v = field(src, members[i + 1]);
    if (!v) continue;
    if (!json_object_is_type(v, json_type_array))
      return bad(e, members[i + 1], "not an array");
    if ((rv = load_items(e, v, members[i + 1], loaders[i], NULL)) != 0)
      return rv;
  }
  if ((v = field(src, "live")) != NULL) {
    if (!json_object_is_type(v, json_type_array))
      return bad(e, "live", "not an array");
    if ((rv = load_live(e, v, live)) != 0) return rv;
  }
  return 0;
}

int acdr_json_load_state(acdr_engine *e, json_object *in) {
  acdr_dispo *old, *tmp;
  json_object *cur, *src;
  live_list live = {NULL, NULL, 0};
  size_t i;
  const char *k;
  void *v;
  int rv;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!in || !json_object_is_type(in, json_type_object))
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "disposition load: input is not a JSON object");
  /* members absent from `in` keep their current content: take them from
   * a snapshot of the current state */
  if (!(cur = json_object_new_object()) || !(src = json_object_new_object())) {
    json_object_put(cur);
    return acdr_err(e, ACDR_ERR_NOMEM, "disposition load: out of memory");
  }
  if ((rv = acdr_json_save_state(e, cur)) != 0) goto out;
  for (i = 0; i < NMEMBERS; i++) {
    json_object *m = field(in, members[i]);
    if (!m) m = field(cur, members[i]);
    if (json_object_object_add(src, members[i], json_object_get(m)) != 0) {
      json_object_put(m);
      rv = acdr_err(e, ACDR_ERR_NOMEM, "disposition load: out of memory");
      goto out;
    }
  }
  old = acdr_dispo_of(e);
  if (!(tmp = acdr_dispo_state_new(e))) {
    rv = acdr_err(e, ACDR_ERR_NOMEM, "disposition load: out of memory");
    goto out;
  }
  acdr_dispo_set_state(e, tmp);
  if ((rv = load_all(e, src, &live)) != 0) {
    live_free(e, &live);
    acdr_dispo_state_free(e, tmp);
    acdr_dispo_set_state(e, old);
    goto out;
  }
  /* commit: the new records replace those of live contacts */
  for (i = 0; acdr_map_next(&e->contacts, &i, &k, &v);) {
    acdr_contact *c = v;
    if (c->disposition && !((acdr_drec *)c->disposition)->in_history) {
      acdr_history_free_record(e, c->disposition);
      c->disposition = NULL;
    }
  }
  for (i = 0; i < live.n; i++) {
    live.r[i]->contact = live.c[i];
    live.c[i]->disposition = live.r[i];
    live.r[i] = NULL;
  }
  live_free(e, &live);
  acdr_dispo_state_free(e, old);
  acdr_history_trim(e);
  acdr_history_changes_trim(e);
out:
  json_object_put(cur);
  json_object_put(src);
  return rv;
}
