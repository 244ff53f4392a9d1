/* Loading the disposition module's state from JSON (json-c, inside the
 * library only).  Loading builds a complete new state and swaps it in only
 * when everything parsed, so a bad document changes nothing. */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "core/internal.h"
#include "disposition/disposition_int.h"

#define NMEMBERS ACDR_DISPO_JSON_MEMBERS
#define members acdr_dispo_json_members


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

/* Optional string member: *out NULL when absent or null. */
static int get_str(acdr_engine *e, json_object *o, const char *k,
                   const char *path, const char **out) {
  json_object *v = field(o, k);
  *out = NULL;
  if (!v) return 0;
  if (!json_object_is_type(v, json_type_string))
    return acdr_err(e, ACDR_ERR_PARSE, "disposition JSON %s.%s: not a string",
                    path, k);
  *out = json_object_get_string(v);
  return 0;
}

static int get_i64(acdr_engine *e, json_object *o, const char *k,
                   const char *path, int64_t *out) {
  json_object *v = field(o, k);
  if (!v) return 0; /* keeps the default already in *out */
  if (!json_object_is_type(v, json_type_int))
    return acdr_err(e, ACDR_ERR_PARSE,
                    "disposition JSON %s.%s: not an integer", path, k);
  *out = json_object_get_int64(v);
  return 0;
}

static int get_u64(acdr_engine *e, json_object *o, const char *k,
                   const char *path, uint64_t *out) {
  json_object *v = field(o, k);
  if (!v) return 0;
  /* json-c reads a value above INT64_MAX as INT64_MAX here, never < 0 */
  if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0)
    return acdr_err(e, ACDR_ERR_PARSE,
                    "disposition JSON %s.%s: not an unsigned integer", path,
                    k);
  *out = json_object_get_uint64(v);
  return 0;
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
  json_object *v = field(o, k);
  *out = NULL;
  *n = 0;
  if (!v) return 0;
  if (!json_object_is_type(v, json_type_array))
    return acdr_err(e, ACDR_ERR_PARSE, "disposition JSON %s.%s: not an array",
                    path, k);
  *out = v;
  *n = json_object_array_length(v);
  return 0;
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

static int load_catalog(acdr_engine *e, json_object *a) {
  size_t i, n = json_object_array_length(a);
  char path[64];
  for (i = 0; i < n; i++) {
    json_object *o;
    acdr_dispo_code c;
    const char **qs = NULL;
    int64_t attrs = 0;
    int rv;
    acdr_dispo_code_default(&c);
    if ((rv = item(e, a, i, "catalog", path, sizeof(path), &o)) ||
        (rv = get_str(e, o, "id", path, &c.id)) ||
        (rv = get_str(e, o, "label", path, &c.label)) ||
        (rv = get_str(e, o, "category", path, &c.category)) ||
        (rv = get_i64(e, o, "attrs", path, &attrs)) ||
        (rv = get_i64(e, o, "min_duration_ms", path, &c.min_duration_ms)) ||
        (rv = get_i64(e, o, "max_duration_ms", path, &c.max_duration_ms)) ||
        (rv = get_i32(e, o, "auto_end_reason", path, &c.auto_end_reason)) ||
        (rv = get_i64(e, o, "dnc_ms", path, &c.dnc_ms)) ||
        (rv = get_strings(e, o, "queues", path, &qs, &c.nqueues)))
      return rv;
    if (attrs < 0 || attrs > (int64_t)ACDR_DISPO_ALL_ATTRS) {
      acdr_mem_free(&e->mem, (void *)qs);
      return bad(e, path, "attrs has unknown bits");
    }
    c.attrs = (uint32_t)attrs;
    c.queues = qs;
    rv = acdr_dispo_code_add(e, &c);
    acdr_mem_free(&e->mem, (void *)qs);
    if (rv) return at(e, rv, path);
  }
  return 0;
}

static int load_rules(acdr_engine *e, json_object *a) {
  size_t i, n = json_object_array_length(a);
  char path[64];
  for (i = 0; i < n; i++) {
    json_object *o;
    acdr_dispo_rule r;
    int rv;
    acdr_dispo_rule_default(&r);
    if ((rv = item(e, a, i, "rules", path, sizeof(path), &o)) ||
        (rv = get_str(e, o, "id", path, &r.id)) ||
        (rv = get_str(e, o, "code", path, &r.code)) ||
        (rv = get_str(e, o, "queue", path, &r.queue)) ||
        (rv = get_str(e, o, "attr_key", path, &r.attr_key)) ||
        (rv = get_str(e, o, "attr_value", path, &r.attr_value)) ||
        (rv = get_i32(e, o, "action", path, &r.action)) ||
        (rv = get_str(e, o, "argument", path, &r.argument)) ||
        (rv = get_i64(e, o, "delay_ms", path, &r.delay_ms)) ||
        (rv = get_i64(e, o, "duration_ms", path, &r.duration_ms)))
      return rv;
    if ((rv = acdr_dispo_rule_add(e, &r)) != 0) return at(e, rv, path);
  }
  return 0;
}

static int load_dnc(acdr_engine *e, json_object *a) {
  size_t i, n = json_object_array_length(a);
  char path[64];
  for (i = 0; i < n; i++) {
    json_object *o;
    const char *key;
    uint64_t until = ACDR_TSTAMP_MAX;
    int rv;
    if ((rv = item(e, a, i, "dnc", path, sizeof(path), &o)) ||
        (rv = get_str(e, o, "key", path, &key)) ||
        (rv = get_u64(e, o, "until", path, &until)))
      return rv;
    if ((rv = acdr_check_id(e, key, "do-not-contact key")) != 0)
      return at(e, rv, path);
    if (acdr_dnc_put(e, key, until) != 0)
      return acdr_err(e, ACDR_ERR_NOMEM, "%s: out of memory", path);
  }
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
  for (i = 0; !rv && primary && i <= ntags; i++)
    rv = acdr_dispo_check_code_id(e, i ? tags[i - 1] : primary, "code");
  if (!rv && primary &&
      acdr_drec_copy_codes(e, primary, tags, ntags, &r->primary, &r->tags))
    rv = acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  acdr_mem_free(&e->mem, (void *)tags);
  if (rv) return rv == ACDR_ERR_PARSE ? rv : at(e, rv, path);
  r->ntags = primary ? ntags : 0;
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
  if ((rv = get_str(e, o, "contact_id", path, &cid)) ||
      (rv = get_str(e, o, "queue_id", path, &q)) ||
      (rv = get_str(e, o, "agent_id", path, &ag)) ||
      (rv = get_str(e, o, "customer_id", path, &cu)) ||
      (rv = get_i32(e, o, "end_reason", path, &r->end_reason)) ||
      (rv = get_i32(e, o, "corrections", path, &r->corrections)) ||
      (rv = get_i64(e, o, "duration_ms", path, &r->duration_ms)) ||
      (rv = get_u64(e, o, "closed_at", path, &closed)) ||
      (rv = get_array(e, o, "contact_attrs", path, &kv, &n)) ||
      (rv = load_codes(e, o, path, r)))
    return rv;
  if ((rv = acdr_check_id(e, cid, "contact")) != 0) return at(e, rv, path);
  if (field(o, "counted")) counted = json_object_get_boolean(field(o, "counted"));
  r->closed_at = closed;
  r->contact_id = acdr_dispo_strdup0(e, cid, &fail);
  r->queue_id = acdr_dispo_strdup0(e, q, &fail);
  r->agent_id = acdr_dispo_strdup0(e, ag, &fail);
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
      r->ncattrs = i + 1;
    }
  }
  if (fail) return acdr_err(e, ACDR_ERR_NOMEM, "%s: out of memory", path);
  if (counted && r->primary) {
    r->counted = 1;
    r->stats_epoch = acdr_dispo_of(e)->stats_epoch;
  }
  return 0;
}

static int load_history(acdr_engine *e, json_object *a) {
  acdr_dispo *d = acdr_dispo_of(e);
  size_t i, n = json_object_array_length(a);
  char path[64];
  for (i = 0; i < n; i++) {
    json_object *o;
    acdr_drec *r;
    uint64_t dropped = d->dropped;
    int rv = item(e, a, i, "history", path, sizeof(path), &o);
    if (rv) return rv;
    if (!(r = acdr_mem_calloc(&e->mem, 1, sizeof(*r))))
      return acdr_err(e, ACDR_ERR_NOMEM, "%s: out of memory", path);
    if ((rv = load_history_item(e, o, path, r)) != 0) {
      acdr_drec_free(e, r);
      return rv;
    }
    acdr_history_push(e, r);
    if (d->dropped != dropped) {
      if (!r->in_history) acdr_drec_free(e, r);
      return acdr_err(e, ACDR_ERR_NOMEM, "%s: out of memory", path);
    }
  }
  return 0;
}

static int load_pending(acdr_engine *e, json_object *a) {
  size_t i, n = json_object_array_length(a);
  char path[64];
  for (i = 0; i < n; i++) {
    json_object *o;
    const char *cid, *cu, *q, *text, *code, *rule;
    uint64_t when = 0;
    int32_t kind = 0;
    int64_t value = 0, dnc = 0;
    acdr_drec *entry;
    int rv;
    if ((rv = item(e, a, i, "pending", path, sizeof(path), &o)) ||
        (rv = get_u64(e, o, "when", path, &when)) ||
        (rv = get_i32(e, o, "kind", path, &kind)) ||
        (rv = get_i64(e, o, "value_ms", path, &value)) ||
        (rv = get_i64(e, o, "dnc_ms", path, &dnc)) ||
        (rv = get_str(e, o, "contact_id", path, &cid)) ||
        (rv = get_str(e, o, "customer_id", path, &cu)) ||
        (rv = get_str(e, o, "queue_id", path, &q)) ||
        (rv = get_str(e, o, "text", path, &text)) ||
        (rv = get_str(e, o, "code", path, &code)) ||
        (rv = get_str(e, o, "rule_id", path, &rule)))
      return rv;
    if (kind < ACDR_FOLLOWUP_CALLBACK || kind > ACDR_FOLLOWUP_DNC ||
        dnc < 0 || dnc > ACDR_DISPO_MAX_MS)
      return bad(e, path, "kind or dnc_ms out of range");
    entry = cid ? acdr_history_find(acdr_dispo_of(e), cid) : NULL;
    if (acdr_fu_schedule(e, entry, kind, value, dnc, cid, cu, q, text, code,
                         rule, when) != 0)
      return acdr_err(e, ACDR_ERR_NOMEM, "%s: out of memory", path);
  }
  return 0;
}

static int load_changes(acdr_engine *e, json_object *a) {
  acdr_dispo *d = acdr_dispo_of(e);
  size_t i, n = json_object_array_length(a);
  char path[64];
  for (i = 0; i < n; i++) {
    json_object *o;
    const char *cid, *os, *ns;
    uint64_t t = 0, dropped = d->dropped;
    int rv, fail = 0;
    if ((rv = item(e, a, i, "changes", path, sizeof(path), &o)) ||
        (rv = get_str(e, o, "contact_id", path, &cid)) ||
        (rv = get_str(e, o, "old", path, &os)) ||
        (rv = get_str(e, o, "new", path, &ns)) ||
        (rv = get_u64(e, o, "time", path, &t)))
      return rv;
    if (!cid || !os || !ns)
      return bad(e, path, "contact_id, old and new are required");
    acdr_changes_log(e, acdr_dispo_strdup0(e, cid, &fail),
                     acdr_dispo_strdup0(e, os, &fail),
                     acdr_dispo_strdup0(e, ns, &fail), t);
    if (fail || d->dropped != dropped)
      return acdr_err(e, ACDR_ERR_NOMEM, "%s: out of memory", path);
  }
  return 0;
}

static int load_stats(acdr_engine *e, json_object *a) {
  size_t i, j, n = json_object_array_length(a), nc;
  char path[64], base[96], cpath[128];
  for (i = 0; i < n; i++) {
    json_object *o, *codes, *co;
    const char *key, *code;
    acdr_dscope *s;
    uint64_t v[6] = {0, 0, 0, 0, 0, 0};
    int rv;
    if ((rv = item(e, a, i, "stats", path, sizeof(path), &o)) ||
        (rv = get_str(e, o, "scope", path, &key)) ||
        (rv = get_u64(e, o, "contacts", path, &v[0])) ||
        (rv = get_u64(e, o, "contact_made", path, &v[1])) ||
        (rv = get_u64(e, o, "success", path, &v[2])) ||
        (rv = get_u64(e, o, "resolved", path, &v[3])) ||
        (rv = get_u64(e, o, "dnc", path, &v[4])) ||
        (rv = get_u64(e, o, "unworkable", path, &v[5])) ||
        (rv = get_array(e, o, "codes", path, &codes, &nc)))
      return rv;
    if (!key) return bad(e, path, "scope is required");
    if (!(s = acdr_stats_scope(e, key, 1)))
      return acdr_err(e, ACDR_ERR_NOMEM, "%s: out of memory", path);
    s->contacts = v[0], s->made = v[1], s->success = v[2];
    s->resolved = v[3], s->dnc = v[4], s->unworkable = v[5];
    for (j = 0; j < nc; j++) {
      acdr_dcount *c;
      uint64_t total = 0, primary = 0;
      snprintf(base, sizeof(base), "%s.codes", path);
      if ((rv = item(e, codes, j, base, cpath, sizeof(cpath), &co)) ||
          (rv = get_str(e, co, "code", cpath, &code)) ||
          (rv = get_u64(e, co, "total", cpath, &total)) ||
          (rv = get_u64(e, co, "primary", cpath, &primary)))
        return rv;
      if (!code) return bad(e, cpath, "code is required");
      if (!(c = acdr_stats_code(e, s, code)))
        return acdr_err(e, ACDR_ERR_NOMEM, "%s: out of memory", cpath);
      c->total = total;
      c->primary = primary;
    }
  }
  return 0;
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
    if (l->r[i]) acdr_drec_free(e, l->r[i]);
  acdr_mem_free(&e->mem, l->c);
  acdr_mem_free(&e->mem, l->r);
}

/* Load every member of `src` into the (fresh) current state. */
static int load_all(acdr_engine *e, json_object *src, live_list *live) {
  acdr_dispo *d = acdr_dispo_of(e);
  json_object *v;
  int rv;
  int (*loaders[])(acdr_engine *, json_object *) = {
      load_catalog, load_rules, load_dnc,   load_history,
      load_pending, load_changes, load_stats};
  size_t i;
  if ((v = field(src, "limits")) && (rv = load_limits(e, d, v)) != 0)
    return rv;
  for (i = 0; i < sizeof(loaders) / sizeof(loaders[0]); i++) {
    v = field(src, members[i + 1]);
    if (!v) continue;
    if (!json_object_is_type(v, json_type_array))
      return bad(e, members[i + 1], "not an array");
    if ((rv = loaders[i](e, v)) != 0) return rv;
  }
  if ((v = field(src, "live")) != NULL) {
    if (!json_object_is_type(v, json_type_array))
      return bad(e, "live", "not an array");
    if ((rv = load_live(e, v, live)) != 0) return rv;
  }
  return 0;
}

int acdr_disposition_load_json(acdr_engine *e, json_object *in) {
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
  if ((rv = acdr_disposition_save_json(e, cur)) != 0) goto out;
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
      acdr_drec_free(e, c->disposition);
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
  acdr_changes_trim(e);
out:
  json_object_put(cur);
  json_object_put(src);
  return rv;
}
