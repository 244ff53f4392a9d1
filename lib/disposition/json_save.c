/* Snapshot of the disposition module in JSON (json-c, inside the library
 * only): saving.  Loading is in json_load.c. */
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

static json_object *save_catalog(saver *s, const acdr_dispo *d) {
  json_object *a = json_object_new_array();
  size_t i;
  for (i = 0; i < d->ncodes; i++) {
    const acdr_dcode *k = d->codes[i];
    json_object *o = json_object_new_object();
    set_str(s, o, "id", k->id);
    set_str(s, o, "label", k->label);
    set_str(s, o, "category", k->category);
    set_i64(s, o, "attrs", k->attrs);
    set(s, o, "queues", str_array(s, k->queues, k->nqueues));
    set_i64(s, o, "min_duration_ms", k->min_ms);
    set_i64(s, o, "max_duration_ms", k->max_ms);
    set_i64(s, o, "auto_end_reason", k->auto_end);
    set_i64(s, o, "dnc_ms", k->dnc_ms);
    push(s, a, o);
  }
  return a;
}

static json_object *save_rules(saver *s, const acdr_dispo *d) {
  json_object *a = json_object_new_array();
  size_t i;
  for (i = 0; i < d->nrules; i++) {
    const acdr_drule *r = d->rules[i];
    json_object *o = json_object_new_object();
    set_str(s, o, "id", r->id);
    set_str(s, o, "code", r->code);
    set_str(s, o, "queue", r->queue);
    set_str(s, o, "attr_key", r->attr_key);
    set_str(s, o, "attr_value", r->attr_value);
    set_i64(s, o, "action", r->action);
    set_str(s, o, "argument", r->argument);
    set_i64(s, o, "delay_ms", r->delay_ms);
    set_i64(s, o, "duration_ms", r->duration_ms);
    push(s, a, o);
  }
  return a;
}

static json_object *save_dnc(saver *s, const acdr_dispo *d) {
  json_object *a = json_object_new_array();
  size_t i;
  const char *k;
  void *v;
  for (i = 0; acdr_map_next(&d->dnc, &i, &k, &v);) {
    const acdr_dnc_entry *x = v;
    json_object *o = json_object_new_object();
    set_str(s, o, "key", x->key);
    if (x->until != ACDR_TSTAMP_MAX) set_u64(s, o, "until", x->until);
    push(s, a, o);
  }
  return a;
}

static json_object *save_pending(saver *s, const acdr_dispo *d) {
  json_object *a = json_object_new_array();
  const acdr_fu *f;
  for (f = d->pending; f; f = f->next) {
    json_object *o = json_object_new_object();
    set_u64(s, o, "when", f->timer.when);
    set_i64(s, o, "kind", f->kind);
    set_i64(s, o, "value_ms", f->value_ms);
    set_i64(s, o, "dnc_ms", f->dnc_ms);
    set_str(s, o, "contact_id", f->contact_id);
    set_str(s, o, "customer_id", f->customer_id);
    set_str(s, o, "queue_id", f->queue_id);
    set_str(s, o, "text", f->text);
    set_str(s, o, "code", f->code);
    set_str(s, o, "rule_id", f->rule_id);
    push(s, a, o);
  }
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

static json_object *save_changes(saver *s, const acdr_dispo *d) {
  json_object *a = json_object_new_array();
  size_t i;
  for (i = 0; i < d->nchanges; i++) {
    const acdr_dchange *c = &d->changes[(d->change_head + i) % d->capchanges];
    json_object *o = json_object_new_object();
    set_str(s, o, "contact_id", c->contact_id);
    set_str(s, o, "old", c->old_codes);
    set_str(s, o, "new", c->new_codes);
    set_u64(s, o, "time", c->time);
    push(s, a, o);
  }
  return a;
}

static json_object *save_stats(saver *s, const acdr_dispo *d) {
  json_object *a = json_object_new_array();
  size_t i, j;
  const char *k;
  void *v;
  for (i = 0; acdr_map_next(&d->scopes, &i, &k, &v);) {
    const acdr_dscope *sc = v;
    json_object *o = json_object_new_object(), *codes = json_object_new_array();
    set_str(s, o, "scope", sc->key);
    set_u64(s, o, "contacts", sc->contacts);
    set_u64(s, o, "contact_made", sc->made);
    set_u64(s, o, "success", sc->success);
    set_u64(s, o, "resolved", sc->resolved);
    set_u64(s, o, "dnc", sc->dnc);
    set_u64(s, o, "unworkable", sc->unworkable);
    for (j = 0; acdr_map_next(&sc->codes, &j, &k, &v);) {
      const acdr_dcount *c = v;
      json_object *co = json_object_new_object();
      set_str(s, co, "code", c->code);
      set_u64(s, co, "total", c->total);
      set_u64(s, co, "primary", c->primary);
      push(s, codes, co);
    }
    set(s, o, "codes", codes);
    push(s, a, o);
  }
  return a;
}

static json_object *save_live(saver *s, acdr_engine *e) {
  json_object *a = json_object_new_array();
  size_t i;
  const char *k;
  void *v;
  for (i = 0; acdr_map_next(&e->contacts, &i, &k, &v);) {
    const acdr_contact *c = v;
    const acdr_drec *r = c->disposition;
    json_object *o;
    if (!r || !r->primary) continue;
    o = json_object_new_object();
    set_str(s, o, "contact_id", c->id);
    save_codes(s, o, r);
    push(s, a, o);
  }
  return a;
}

const char *const acdr_dispo_json_members[ACDR_DISPO_JSON_MEMBERS] = {
    "limits", "catalog", "rules", "dnc", "history",
    "pending", "changes", "stats", "live"};
#define NMEMBERS ACDR_DISPO_JSON_MEMBERS
#define members acdr_dispo_json_members

int acdr_disposition_save_json(acdr_engine *e, json_object *out) {
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
  m[1] = save_catalog(&s, d);
  m[2] = save_rules(&s, d);
  m[3] = save_dnc(&s, d);
  m[4] = save_history(&s, d);
  m[5] = save_pending(&s, d);
  m[6] = save_changes(&s, d);
  m[7] = save_stats(&s, d);
  m[8] = save_live(&s, e);
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
