/* SPDX-License-Identifier: MIT */
/* Follow-up rules: a code (optionally with a queue and a contact attribute
 * condition) maps to an action for the host, emitted when the contact
 * closes or after a delay through the engine's timer heap. */
#include <string.h>

#include "core/internal.h"
#include "core/event.h"
#include "disposition/disposition_int.h"
#include "util/structlen.h"

void acdr_dispo_rule_default_versioned(int version, acdr_dispo_rule *r) {
  if (version != ACDR_DISPO_RULE_VERSION &&
      acdr_struct_default_old(ACDR_STRUCT(DISPO_RULE), version, r)) return;
  if (r) memset(r, 0, sizeof(*r));
}

static void rule_free(acdr_engine *e, acdr_drule *r) {
  acdr_mem_free(&e->mem, r->id);
  acdr_mem_free(&e->mem, r->code);
  acdr_mem_free(&e->mem, r->queue);
  acdr_mem_free(&e->mem, r->attr_key);
  acdr_mem_free(&e->mem, r->attr_value);
  acdr_defer_free(e, r->argument); /* FOLLOWUP actions may show it */
  acdr_mem_free(&e->mem, r);
}

void acdr_rules_free(acdr_engine *e, acdr_dispo *d) {
  size_t i;
  for (i = 0; i < d->nrules; i++) rule_free(e, d->rules[i]);
  acdr_mem_free(&e->mem, d->rules);
  d->rules = NULL;
  d->nrules = d->caprules = 0;
  acdr_map_free(&d->rule_map, &e->mem);
  for (i = 0; i < d->ncodes; i++) d->codes[i]->rules = NULL;
}

static int validate(acdr_engine *e, const acdr_dispo_rule *r) {
  acdr_dispo *d = acdr_dispo_of(e);
  int rv;
  if (!r) return acdr_err_null(e, "rule");
  if ((rv = acdr_check_id(e, r->id, "rule")) != 0) return rv;
  if (acdr_map_get(&d->rule_map, r->id))
    return acdr_err(e, ACDR_ERR_DUPLICATE_ID, "rule \"%s\" already exists",
                    r->id);
  if ((rv = acdr_check_id(e, r->code, "rule code")) != 0) return rv;
  if (!acdr_catalog_find(d, r->code))
    return acdr_err(e, ACDR_ERR_UNKNOWN_CODE,
                    "rule \"%s\": no code \"%s\" in the catalog", r->id,
                    r->code);
  if (r->queue && (rv = acdr_check_id(e, r->queue, "rule queue")) != 0)
    return rv;
  if ((r->attr_key != NULL) != (r->attr_value != NULL))
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "rule \"%s\": attr_key and attr_value go together",
                    r->id);
  if (r->attr_key && ((rv = acdr_check_id(e, r->attr_key, "rule attr")) ||
                      strlen(r->attr_value) > 16 * (size_t)e->opt.max_id_len))
    return rv ? rv
              : acdr_err(e, ACDR_ERR_LIMIT, "rule \"%s\": attr_value too long",
                         r->id);
  if (r->action < ACDR_FOLLOWUP_CALLBACK || r->action > ACDR_FOLLOWUP_DNC)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "rule \"%s\": action %d unknown", r->id, (int)r->action);
  if (r->delay_ms < 0 || r->delay_ms > ACDR_DISPO_MAX_MS ||
      r->duration_ms < 0 || r->duration_ms > ACDR_DISPO_MAX_MS)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "rule \"%s\": delay_ms / duration_ms outside 0..%lld",
                    r->id, (long long)ACDR_DISPO_MAX_MS);
  if (r->argument && strlen(r->argument) > 16 * (size_t)e->opt.max_id_len)
    return acdr_err(e, ACDR_ERR_LIMIT, "rule \"%s\": argument too long",
                    r->id);
  if ((rv = acdr_check_utf8(e, r->attr_value, "rule attr_value")) ||
      (rv = acdr_check_utf8(e, r->argument, "rule argument")))
    return rv;
  return 0;
}

int acdr_dispo_rule_add_versioned(acdr_engine *e, int version,
                                  const acdr_dispo_rule *in) {
  ACDR_STRUCT_IN(DISPO_RULE, acdr_dispo_rule, version, in);
  acdr_dispo *d;
  acdr_drule *r, **pp;
  acdr_dcode *k;
  int rv, fail = 0;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  d = acdr_dispo_of(e);
  if (version != ACDR_DISPO_RULE_VERSION)
    return acdr_err_version(e, version, "rule");
  if ((rv = validate(e, in)) != 0) return rv;
  if (acdr_map_reserve(&d->rule_map, &e->mem, 1) ||
      acdr_mem_grow(&e->mem, (void **)&d->rules, &d->caprules,
                    d->nrules + 1, sizeof(*d->rules)) ||
      !(r = acdr_mem_calloc(&e->mem, 1, sizeof(*r))))
    return acdr_err(e, ACDR_ERR_NOMEM, "rule add: out of memory");
  r->id = acdr_dispo_strdup0(e, in->id, &fail);
  r->code = acdr_dispo_strdup0(e, in->code, &fail);
  r->queue = acdr_dispo_strdup0(e, in->queue, &fail);
  r->attr_key = acdr_dispo_strdup0(e, in->attr_key, &fail);
  r->attr_value = acdr_dispo_strdup0(e, in->attr_value, &fail);
  r->argument = acdr_dispo_strdup0(e, in->argument ? in->argument : "",
                                   &fail);
  if (fail) {
    rule_free(e, r);
    return acdr_err(e, ACDR_ERR_NOMEM, "rule add: out of memory");
  }
  r->action = in->action;
  r->delay_ms = in->delay_ms;
  r->duration_ms = in->duration_ms;
  d->rules[d->nrules++] = r;
  (void)acdr_map_put(&d->rule_map, &e->mem, r->id, r);
  k = (acdr_dcode *)acdr_catalog_find(d, r->code);
  for (pp = &k->rules; *pp; pp = &(*pp)->next_of_code) {
  }
  *pp = r;
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_RULE_ADD, .rule = in});
  return 0;
}

int acdr_dispo_rule_remove(acdr_engine *e, const char *id) {
  acdr_dispo *d;
  acdr_drule *r, **pp;
  acdr_dcode *k;
  size_t i;
  int rv;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  d = acdr_dispo_of(e);
  if ((rv = acdr_check_id(e, id, "rule")) != 0) return rv;
  if (!(r = acdr_map_get(&d->rule_map, id)))
    return acdr_err(e, ACDR_ERR_NOT_FOUND, "no rule \"%s\"", id);
  acdr_map_del(&d->rule_map, r->id);
  for (i = 0; d->rules[i] != r; i++) {
  }
  memmove(&d->rules[i], &d->rules[i + 1],
          (d->nrules - i - 1) * sizeof(*d->rules));
  d->nrules--;
  k = (acdr_dcode *)acdr_catalog_find(d, r->code);
  for (pp = &k->rules; *pp != r; pp = &(*pp)->next_of_code) {
  }
  *pp = r->next_of_code;
  /* recorded before the free: id may be the engine's own string */
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_RULE_REMOVE, .rule_id = id});
  rule_free(e, r);
  return 0;
}

size_t acdr_dispo_rule_count(const acdr_engine *e) {
  return e ? acdr_dispo_of(e)->nrules : 0;
}

void acdr_rules_fill(const acdr_drule *r, acdr_dispo_rule *out) {
  memset(out, 0, sizeof(*out));
  out->id = r->id;
  out->code = r->code;
  out->queue = r->queue;
  out->attr_key = r->attr_key;
  out->attr_value = r->attr_value;
  out->action = r->action;
  out->argument = r->argument;
  out->delay_ms = r->delay_ms;
  out->duration_ms = r->duration_ms;
}

int acdr_dispo_rule_get_versioned(acdr_engine *e, const char *id, int version,
                                  acdr_dispo_rule *out) {
  ACDR_GETTER_OPEN(DISPO_RULE, acdr_dispo_rule, "rule get", "rule",
                   acdr_dispo_rule_get_versioned(e, id,
                                                 ACDR_DISPO_RULE_VERSION,
                                                 &acdr_latest_));
  const acdr_drule *r;
  if ((rv = acdr_check_id(e, id, "rule")) != 0) return rv;
  if (!(r = acdr_map_get(&acdr_dispo_of(e)->rule_map, id)))
    return acdr_err(e, ACDR_ERR_NOT_FOUND, "no rule \"%s\"", id);
  acdr_rules_fill(r, out);
  return 0;
}

size_t acdr_rules_count_for(const acdr_dispo *d, const char *primary,
                            const char *const *tags, size_t ntags) {
  size_t n = 0, i;
  const acdr_drule *r;
  for (i = 0; i <= ntags; i++) {
    const acdr_dcode *k =
        acdr_catalog_find(d, i == 0 ? primary : tags[i - 1]);
    for (r = k ? k->rules : NULL; r; r = r->next_of_code) n++;
  }
  return n;
}

/* --- emitting --- */

void acdr_rules_emit(acdr_engine *e, int32_t kind, int64_t value_ms,
                     int64_t dnc_ms, const char *contact_id,
                     const char *customer_id, const char *queue_id,
                     const char *text) {
  acdr_action a;
  if (kind == ACDR_FOLLOWUP_DNC && customer_id &&
      acdr_dnc_put(e, customer_id,
                   dnc_ms ? acdr_dispo_after(e->now, dnc_ms)
                          : ACDR_TSTAMP_MAX) != 0)
    acdr_dispo_of(e)->dropped++;
  a = acdr_action_of(ACDR_ACTION_FOLLOWUP, NULL, NULL, NULL);
  a.reason = kind;
  a.contact_id = contact_id;
  a.customer_id = customer_id;
  a.queue_id = queue_id;
  a.text = text;
  a.value_ms = value_ms;
  acdr_emit(e, &a);
}

static int attr_matches(const acdr_drec *r, const acdr_drule *rule) {
  size_t i;
  if (!rule->attr_key) return 1;
  for (i = 0; i < r->ncattrs; i++)
    if (strcmp(r->cattrs[i].key, rule->attr_key) == 0 &&
        strcmp(r->cattrs[i].value, rule->attr_value) == 0)
      return 1;
  return 0;
}

void acdr_rules_fire(acdr_engine *e, acdr_drec *r, const char *code) {
  const acdr_dcode *k = acdr_catalog_find(acdr_dispo_of(e), code);
  const acdr_drule *rule;
  for (rule = k ? k->rules : NULL; rule; rule = rule->next_of_code) {
    int64_t value = rule->action == ACDR_FOLLOWUP_DNC ? rule->duration_ms
                                                      : rule->delay_ms;
    if (rule->queue && (!r->queue_id || strcmp(rule->queue, r->queue_id)))
      continue;
    if (!attr_matches(r, rule)) continue;
    if (rule->delay_ms == 0)
      acdr_rules_emit(e, rule->action, value, rule->duration_ms, r->contact_id,
                   r->customer_id, r->queue_id, rule->argument);
    else if (acdr_rules_schedule(e, r, rule->action, value, rule->duration_ms,
                              r->contact_id, r->customer_id, r->queue_id,
                              rule->argument, code, rule->id,
                              acdr_dispo_after(e->now, rule->delay_ms)) != 0)
      acdr_dispo_of(e)->dropped++;
  }
}

/* --- pending follow-ups --- */

static void fu_unlink(acdr_dispo *d, acdr_fu *f) {
  if (f->prev) f->prev->next = f->next;
  else d->pending = f->next;
  if (f->next) f->next->prev = f->prev;
  d->npending--;
  if (f->entry) {
    if (f->prev_of) f->prev_of->next_of = f->next_of;
    else f->entry->pending = f->next_of;
    if (f->next_of) f->next_of->prev_of = f->prev_of;
  }
  f->entry = NULL;
}

static void fu_fire(acdr_engine *e, acdr_timer *t, acdr_tstamp now) {
  acdr_fu *f = (acdr_fu *)(void *)((char *)t - offsetof(acdr_fu, timer));
  (void)now;
  fu_unlink(acdr_dispo_of(e), f);
  acdr_rules_emit(e, f->kind, f->value_ms, f->dnc_ms, f->contact_id,
               f->customer_id, f->queue_id, f->text);
  /* the action points into f: free it after delivery */
  acdr_defer_free(e, (char *)f);
}

static const char *put_str(char **p, const char *s) {
  size_t n;
  char *out = *p;
  if (!s) return NULL;
  n = strlen(s) + 1;
  memcpy(out, s, n);
  *p += n;
  return out;
}

int acdr_rules_schedule(acdr_engine *e, acdr_drec *entry, int32_t kind,
                        int64_t value_ms, int64_t dnc_ms, const char *contact_id,
                        const char *customer_id, const char *queue_id,
                        const char *text, const char *code, const char *rule_id,
                        acdr_tstamp when) {
  acdr_dispo *d = acdr_dispo_of(e);
  const char *s[6];
  size_t n = sizeof(acdr_fu), i;
  acdr_fu *f;
  char *p;
  s[0] = contact_id, s[1] = customer_id, s[2] = queue_id, s[3] = text,
  s[4] = code, s[5] = rule_id;
  for (i = 0; i < 6; i++)
    if (s[i]) n += strlen(s[i]) + 1;
  if (!(f = acdr_mem_calloc(&e->mem, 1, n))) return ACDR_ERR_NOMEM;
  acdr_timer_init(&f->timer, fu_fire);
  if (acdr_timer_arm(e, &f->timer, when) != 0) {
    acdr_mem_free(&e->mem, f);
    return ACDR_ERR_NOMEM;
  }
  p = (char *)(f + 1);
  f->contact_id = put_str(&p, s[0]);
  f->customer_id = put_str(&p, s[1]);
  f->queue_id = put_str(&p, s[2]);
  f->text = put_str(&p, s[3]);
  f->code = put_str(&p, s[4]);
  f->rule_id = put_str(&p, s[5]);
  f->kind = kind;
  f->value_ms = value_ms;
  f->dnc_ms = dnc_ms;
  f->next = d->pending;
  if (d->pending) d->pending->prev = f;
  d->pending = f;
  d->npending++;
  if ((f->entry = entry) != NULL) {
    f->next_of = entry->pending;
    if (entry->pending) entry->pending->prev_of = f;
    entry->pending = f;
  }
  return 0;
}

void acdr_rules_cancel_dropped(acdr_engine *e, acdr_drec *r) {
  acdr_fu *f = r->pending, *next;
  for (; f; f = next) {
    next = f->next_of;
    if (f->code && acdr_history_codes_contain(r->primary, r->tags, r->ntags, f->code))
      continue;
    acdr_timer_disarm(e, &f->timer);
    fu_unlink(acdr_dispo_of(e), f);
    acdr_mem_free(&e->mem, f);
  }
}

void acdr_rules_detach_all(acdr_drec *r) {
  acdr_fu *f = r->pending, *next;
  for (; f; f = next) {
    next = f->next_of;
    f->entry = NULL;
    f->prev_of = f->next_of = NULL;
  }
  r->pending = NULL;
}

void acdr_rules_pending_free(acdr_engine *e, acdr_dispo *d) {
  while (d->pending) {
    acdr_fu *f = d->pending;
    acdr_timer_disarm(e, &f->timer);
    fu_unlink(d, f);
    acdr_mem_free(&e->mem, f);
  }
}

size_t acdr_dispo_pending_count(const acdr_engine *e) {
  return e ? acdr_dispo_of(e)->npending : 0;
}
