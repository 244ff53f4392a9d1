/* SPDX-License-Identifier: MIT */
/* Snapshot of the disposition module in JSON (json-c, inside the library
 * only): saving.  Loading is in json_load.c. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "core/internal.h"
#include "disposition/disposition_int.h"

/* ------------------------------------------------------------------ */
/* Saving                                                               */

typedef struct saver {
  int oom;
} saver;

static void set(saver *s, json_object *o, const char *k, json_object *v) {
  if (!v || !o || json_object_object_add(o, k, v) != 0) {
    json_object_put(v);
    s->oom = 1;
  }
}

static void push(saver *s, json_object *a, json_object *v) {
  if (!v || !a || json_object_array_add(a, v) != 0) {
    json_object_put(v);
    s->oom = 1;
  }
}

static void set_str(saver *s, json_object *o, const char *k, const char *v) {
  if (v) set(s, o, k, json_object_new_string(v));
}

static void set_i64(saver *s, json_object *o, const char *k, int64_t v) {
  set(s, o, k, json_object_new_int64(v));
}

static void set_u64(saver *s, json_object *o, const char *k, uint64_t v) {
  set(s, o, k, json_object_new_uint64(v));
}

static json_object *str_array(saver *s, char *const *v, size_t n) {
  json_object *a = json_object_new_array();
  size_t i;
  for (i = 0; i < n; i++) push(s, a, json_object_new_string(v[i]));
  return a;
}

/* A member of a record saved by fields_obj: its key, the C type of the
 * field at `off` (strings: char *; F_CHARS: a char array; F_STRS: char **
 * with a size_t count at `noff`); integers are written signed except
 * F_U64. */
typedef enum { F_STR, F_CHARS, F_STRS, F_I32, F_U32, F_I64, F_U64 } fkind;
typedef struct sfield {
  const char *k;
  fkind kind;
  size_t off, noff;
} sfield;
#define FLD(T, k, kind, m) {k, kind, offsetof(T, m), 0}
#define NF(f) (sizeof(f) / sizeof((f)[0]))

/* Table rows of each record type. */
#define C_(k, kind, m) FLD(acdr_dcode, k, kind, m)
#define R_(k, kind, m) FLD(acdr_drule, k, kind, m)
#define U_(k, kind, m) FLD(acdr_fu, k, kind, m)
#define H_(k, kind, m) FLD(acdr_dchange, k, kind, m)
#define S_(k, kind, m) FLD(acdr_dscope, k, kind, m)
#define N_(k, kind, m) FLD(acdr_dcount, k, kind, m)

static const sfield code_fields[] = {
    C_("id", F_STR, id), C_("label", F_STR, label),
    C_("category", F_STR, category), C_("attrs", F_U32, attrs),
    {"queues", F_STRS, offsetof(acdr_dcode, queues),
     offsetof(acdr_dcode, nqueues)},
    C_("min_duration_ms", F_I64, min_ms), C_("max_duration_ms", F_I64, max_ms),
    C_("auto_end_reason", F_I32, auto_end), C_("dnc_ms", F_I64, dnc_ms)};

static const sfield rule_fields[] = {
    R_("id", F_STR, id), R_("code", F_STR, code), R_("queue", F_STR, queue),
    R_("attr_key", F_STR, attr_key), R_("attr_value", F_STR, attr_value),
    R_("action", F_I32, action), R_("argument", F_STR, argument),
    R_("delay_ms", F_I64, delay_ms), R_("duration_ms", F_I64, duration_ms)};

static const sfield fu_fields[] = {
    U_("when", F_U64, timer.when), U_("kind", F_I32, kind),
    U_("value_ms", F_I64, value_ms), U_("dnc_ms", F_I64, dnc_ms),
    U_("contact_id", F_STR, contact_id), U_("customer_id", F_STR, customer_id),
    U_("queue_id", F_STR, queue_id), U_("text", F_STR, text),
    U_("code", F_STR, code), U_("rule_id", F_STR, rule_id)};

static const sfield change_fields[] = {
    H_("contact_id", F_STR, contact_id), H_("old", F_STR, old_codes),
    H_("new", F_STR, new_codes), H_("time", F_U64, time)};

static const sfield scope_fields[] = {
    S_("scope", F_CHARS, key), S_("contacts", F_U64, contacts),
    S_("contact_made", F_U64, made), S_("success", F_U64, success),
    S_("resolved", F_U64, resolved), S_("dnc", F_U64, dnc),
    S_("unworkable", F_U64, unworkable)};

static const sfield count_fields[] = {
    N_("code", F_STR, code), N_("total", F_U64, total),
    N_("primary", F_U64, primary)};

#undef C_
#undef R_
#undef U_
#undef H_
#undef S_
#undef N_

/* A new object with the members f[0..n) of the record at rec. */
static json_object *fields_obj(saver *s, const void *rec, const sfield *f,
                               size_t n) {
  json_object *o = json_object_new_object();
  const char *p = rec;
  size_t i;
  for (i = 0; i < n; i++) {
    const void *at = p + f[i].off;
    switch (f[i].kind) {
      case F_STR: set_str(s, o, f[i].k, *(const char *const *)at); break;
      case F_CHARS: set_str(s, o, f[i].k, (const char *)at); break;
      case F_STRS:
        set(s, o, f[i].k,
            str_array(s, *(char *const *const *)at,
                      *(const size_t *)(const void *)(p + f[i].noff)));
        break;
      case F_I32: set_i64(s, o, f[i].k, *(const int32_t *)at); break;
      case F_U32: set_i64(s, o, f[i].k, *(const uint32_t *)at); break;
      case F_I64: set_i64(s, o, f[i].k, *(const int64_t *)at); break;
      default: set_u64(s, o, f[i].k, *(const uint64_t *)at); break;
    }
  }
  return o;
}

/* An array of one object per record: record i of n is at(d, i). */
static json_object *save_records(saver *s, const acdr_dispo *d, size_t n,
                                 const void *(*at)(const acdr_dispo *, size_t),
                                 const sfield *f, size_t nf) {
  json_object *a = json_object_new_array();
  size_t i;
  for (i = 0; i < n; i++) push(s, a, fields_obj(s, at(d, i), f, nf));
  return a;
}

/* An array of what one(s, a, value) pushes for each value of map m, in
 * the map's order. */
static json_object *save_map(saver *s, const acdr_map *m,
                             void (*one)(saver *s, json_object *a,
                                         const void *v)) {
  json_object *a = json_object_new_array();
  size_t i;
  const char *k;
  void *v;
  for (i = 0; acdr_map_next(m, &i, &k, &v);) one(s, a, v);
  return a;
}

static const void *code_at(const acdr_dispo *d, size_t i) {
  return d->codes[i];
}
static const void *rule_at(const acdr_dispo *d, size_t i) {
  return d->rules[i];
}
static const void *change_at(const acdr_dispo *d, size_t i) {
  return &d->changes[(d->change_head + i) % d->capchanges];
}

static void dnc_one(saver *s, json_object *a, const void *v) {
  const acdr_dnc_entry *x = v;
  json_object *o = json_object_new_object();
  set_str(s, o, "key", x->key);
  if (x->until != ACDR_TSTAMP_MAX) set_u64(s, o, "until", x->until);
  push(s, a, o);
}

static json_object *save_pending(saver *s, const acdr_dispo *d) {
  json_object *a = json_object_new_array();
  const acdr_fu *f;
  for (f = d->pending; f; f = f->next)
    push(s, a, fields_obj(s, f, fu_fields, NF(fu_fields)));
  return a;
}

static void save_codes(saver *s, json_object *o, const acdr_drec *r) {
  set_str(s, o, "primary", r->primary);
  set(s, o, "tags", str_array(s, r->tags, r->ntags));
}

static json_object *save_history(saver *s, const acdr_dispo *d) {
  json_object *a = json_object_new_array();
  const acdr_drec *r;
  size_t i;
  for (r = d->oldest; r; r = r->newer) {
    json_object *o = json_object_new_object(), *kv = json_object_new_array();
    set_str(s, o, "contact_id", r->contact_id);
    save_codes(s, o, r);
    set_str(s, o, "queue_id", r->queue_id);
    set_str(s, o, "agent_id", r->agent_id);
    set_str(s, o, "customer_id", r->customer_id);
    for (i = 0; i < r->ncattrs; i++) {
      json_object *p = json_object_new_array();
      push(s, p, json_object_new_string(r->cattrs[i].key));
      push(s, p, json_object_new_string(r->cattrs[i].value));
      push(s, kv, p);
    }
    set(s, o, "contact_attrs", kv);
    set_i64(s, o, "end_reason", r->end_reason);
    set_i64(s, o, "corrections", r->corrections);
    set_i64(s, o, "duration_ms", r->duration_ms);
    set_u64(s, o, "closed_at", r->closed_at);
    set(s, o, "counted",
        json_object_new_boolean(r->counted &&
                                r->stats_epoch == d->stats_epoch));
    push(s, a, o);
  }
  return a;
}

static void count_one(saver *s, json_object *a, const void *v) {
  push(s, a, fields_obj(s, v, count_fields, NF(count_fields)));
}

static void scope_one(saver *s, json_object *a, const void *v) {
  const acdr_dscope *sc = v;
  json_object *o = fields_obj(s, sc, scope_fields, NF(scope_fields));
  json_object *codes = json_object_new_array();
  size_t i;
  for (i = 0; i < sc->ncodes; i++) count_one(s, codes, &sc->codes[i]);
  set(s, o, "codes", codes);
  push(s, a, o);
}

static void live_one(saver *s, json_object *a, const void *v) {
  const acdr_contact *c = v;
  const acdr_drec *r = c->disposition;
  json_object *o;
  if (!r || !r->primary) return;
  o = json_object_new_object();
  set_str(s, o, "contact_id", c->id);
  save_codes(s, o, r);
  push(s, a, o);
}

const char *const acdr_json_save_members[ACDR_DISPO_JSON_MEMBERS] = {
    "limits", "catalog", "rules", "dnc", "history",
    "pending", "changes", "stats", "live"};
#define NMEMBERS ACDR_DISPO_JSON_MEMBERS
#define members acdr_json_save_members

int acdr_json_save_state(acdr_engine *e, json_object *out) {
  acdr_dispo *d;
  saver s = {0};
  json_object *m[NMEMBERS];
  size_t i;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  d = acdr_dispo_of(e);
  if (!out || !json_object_is_type(out, json_type_object))
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "disposition save: out is not a JSON object");
  m[0] = json_object_new_object();
  set_u64(&s, m[0], "history", d->history_limit);
  set_u64(&s, m[0], "changes", d->change_limit);
  m[1] = save_records(&s, d, d->ncodes, code_at, code_fields,
                      NF(code_fields));
  m[2] = save_records(&s, d, d->nrules, rule_at, rule_fields,
                      NF(rule_fields));
  m[3] = save_map(&s, &d->dnc, dnc_one);
  m[4] = save_history(&s, d);
  m[5] = save_pending(&s, d);
  m[6] = save_records(&s, d, d->nchanges, change_at, change_fields,
                      NF(change_fields));
  m[7] = save_map(&s, &d->scopes, scope_one);
  m[8] = save_map(&s, &e->contacts, live_one);
  for (i = 0; i < NMEMBERS; i++)
    if (!m[i]) s.oom = 1;
  if (s.oom) {
    for (i = 0; i < NMEMBERS; i++) json_object_put(m[i]);
    return acdr_err(e, ACDR_ERR_NOMEM, "disposition save: out of memory");
  }
  for (i = 0; i < NMEMBERS; i++) {
    if (json_object_object_add(out, members[i], m[i]) != 0) {
      size_t j;
      json_object_put(m[i]);
      for (j = i + 1; j < NMEMBERS; j++) json_object_put(m[j]);
      for (j = 0; j < i; j++) json_object_object_del(out, members[j]);
      return acdr_err(e, ACDR_ERR_NOMEM, "disposition save: out of memory");
    }
  }
  return 0;
}
