/* SPDX-License-Identifier: MIT */
/* The "dispositions" (catalog) and "rules" (follow-up rules) sections of
 * the configuration document (docs/config.md).  Validation builds the
 * catalog and rules the document asks for in a scratch disposition state,
 * through the public disposition API, so every check of that API applies;
 * applying swaps the scratch catalog and rules in, which cannot fail.
 * Pending follow-ups, history, statistics and the do-not-contact list are
 * state, not configuration: a reload keeps them. */
#include <stdio.h>
#include <string.h>

#include "config/config_int.h"
#include "core/event.h"
#include "core/internal.h"
#include "disposition/disposition_int.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const dispo_keys[] = {"replace_builtin", "codes"};
static const char *const code_keys[] = {
    "id",      "label",           "category",        "attrs",
    "queues",  "min_duration_ms", "max_duration_ms", "auto_end_reason",
    "dnc_ms"};
static const char *const rule_keys[] = {
    "id",     "code",     "queue",    "attr_key",   "attr_value",
    "action", "argument", "delay_ms", "duration_ms"};
static const char *const attr_names[8] = {
    "contact_made", "success", "final", "resolved",
    "follow_up",    "callback", "dnc",  "unworkable"};
static const char *const end_names[ACDR_DISPO_END_REASONS] = {
    "none",       "completed",   "abandoned", "timed_out",
    "overflowed", "transferred", "callback",  "rejected"};
static const char *const action_names[5] = {NULL, "callback", "message",
                                            "list", "dnc"};

static int pick(acdr_errs *er, const char *p, const char *what,
                const char *s, const char *const *names, int n) {
  int i;
  const char *hint;
  for (i = 0; i < n; i++)
    if (names[i] && strcmp(s, names[i]) == 0) return i;
  hint = acdr_suggest(s, names[0] ? names : names + 1,
                      (size_t)(names[0] ? n : n - 1));
  acdr_errs_add(er, ACDR_ERR_CONFIG, p, "unknown %s \"%s\"%s%s%s", what, s,
                hint ? " (did you mean \"" : "", hint ? hint : "",
                hint ? "\"?)" : "");
  return -1;
}

/* ---- reading ---- */

/* o[key] (optional) as a duration in 0..ACDR_DISPO_MAX_MS into *out. */
static void read_ms(acdr_errs *er, json_object *o, const char *ptr,
                    const char *key, int64_t *out) {
  int64_t n = 0;
  if (!acdr_jint(er, o, ptr, key, 0, 0, ACDR_DISPO_MAX_MS, &n)) *out = n;
}

/* A string member: key, required, where it goes. */
typedef struct str_field {
  const char *key;
  int required;
  const char **out;
} str_field;

/* Check that o is an object with only the n keys, then read its string
 * members strs (in order).  0 if o is not an object (nothing read). */
static int read_object(acdr_errs *er, json_object *o, const char *ptr,
                       const char *const *keys, size_t n,
                       const str_field *strs, size_t nstrs) {
  size_t i;
  if (acdr_jobject(er, o, ptr, keys, n) != 0 &&
      !json_object_is_type(o, json_type_object))
    return 0;
  for (i = 0; i < nstrs; i++)
    (void)acdr_jstr(er, o, ptr, strs[i].key, strs[i].required, strs[i].out);
  return 1;
}

static void read_code(acdr_errs *er, json_object *o, const char *ptr,
                      acdr_dispo_code *k) {
  json_object *v;
  char p[ACDR_PTR_MAX];
  const char *s = NULL;
  const str_field strs[] = {{"id", 1, &k->id}, {"label", 0, &k->label},
                            {"category", 0, &k->category}};
  acdr_dispo_code_default(k);
  if (!read_object(er, o, ptr, code_keys, NELEM(code_keys), strs, NELEM(strs)))
    return;
  if (json_object_object_get_ex(o, "attrs", &v)) {
    size_t i;
    acdr_ptr_key(p, ptr, "attrs");
    if (!json_object_is_type(v, json_type_array)) {
      acdr_errs_add(er, ACDR_ERR_CONFIG, p, "expected an array of attribute "
                    "names");
    } else {
      for (i = 0; i < json_object_array_length(v); i++) {
        json_object *a = json_object_array_get_idx(v, i);
        char ap[ACDR_PTR_MAX];
        int bit;
        acdr_ptr_idx(ap, p, i);
        if (!json_object_is_type(a, json_type_string)) {
          acdr_errs_add(er, ACDR_ERR_CONFIG, ap, "expected a string");
          continue;
        }
        if ((bit = pick(er, ap, "attribute", json_object_get_string(a),
                        attr_names, 8)) >= 0)
          k->attrs |= 1u << bit;
      }
    }
  }
  if (json_object_object_get_ex(o, "queues", &v)) {
    size_t i, cnt;
    acdr_ptr_key(p, ptr, "queues");
    if (!json_object_is_type(v, json_type_array)) {
      acdr_errs_add(er, ACDR_ERR_CONFIG, p, "expected an array of queue ids");
    } else if ((cnt = json_object_array_length(v)) > 0) {
      const char **qs = acdr_mem_calloc(&er->e->mem, cnt, sizeof(*qs));
      if (!qs) {
        acdr_errs_add(er, ACDR_ERR_NOMEM, p, "out of memory");
        return;
      }
      for (i = 0; i < cnt; i++) {
        json_object *q = json_object_array_get_idx(v, i);
        char qp[ACDR_PTR_MAX];
        acdr_ptr_idx(qp, p, i);
        if (!json_object_is_type(q, json_type_string))
          acdr_errs_add(er, ACDR_ERR_CONFIG, qp, "expected a queue id");
        else
          qs[i] = json_object_get_string(q);
      }
      k->queues = qs;
      k->nqueues = cnt;
    }
  }
  read_ms(er, o, ptr, "min_duration_ms", &k->min_duration_ms);
  read_ms(er, o, ptr, "max_duration_ms", &k->max_duration_ms);
  if (k->max_duration_ms && k->min_duration_ms > k->max_duration_ms) {
    acdr_ptr_key(p, ptr, "max_duration_ms");
    acdr_errs_add(er, ACDR_ERR_CONFIG, p,
                  "%lld is less than min_duration_ms %lld (0 = no limit)",
                  (long long)k->max_duration_ms,
                  (long long)k->min_duration_ms);
  }
  read_ms(er, o, ptr, "dnc_ms", &k->dnc_ms);
  if (acdr_jstr(er, o, ptr, "auto_end_reason", 0, &s) == 0 && s) {
    int r;
    acdr_ptr_key(p, ptr, "auto_end_reason");
    if ((r = pick(er, p, "end reason", s, end_names,
                  ACDR_DISPO_END_REASONS)) >= 0)
      k->auto_end_reason = r;
  }
}

static void read_rule(acdr_errs *er, json_object *o, const char *ptr,
                      acdr_dispo_rule *r) {
  const char *s = NULL;
  char p[ACDR_PTR_MAX];
  const str_field strs[] = {{"id", 1, &r->id}, {"code", 1, &r->code},
                            {"queue", 0, &r->queue},
                            {"attr_key", 0, &r->attr_key},
                            {"attr_value", 0, &r->attr_value}};
  acdr_dispo_rule_default(r);
  if (!read_object(er, o, ptr, rule_keys, NELEM(rule_keys), strs, NELEM(strs)))
    return;
  if (!r->attr_key != !r->attr_value) {
    acdr_ptr_key(p, ptr, r->attr_key ? "attr_value" : "attr_key");
    acdr_errs_add(er, ACDR_ERR_CONFIG, p,
                  "attr_key and attr_value go together");
  }
  if (acdr_jstr(er, o, ptr, "action", 1, &s) == 0) {
    int a;
    acdr_ptr_key(p, ptr, "action");
    if ((a = pick(er, p, "action", s, action_names, 5)) > 0) r->action = a;
  }
  (void)acdr_jstr(er, o, ptr, "argument", 0, &r->argument);
  read_ms(er, o, ptr, "delay_ms", &r->delay_ms);
  read_ms(er, o, ptr, "duration_ms", &r->duration_ms);
}

void acdr_cfg_read_code(acdr_errs *er, json_object *o, const char *ptr,
                        acdr_dispo_code *k) {
  read_code(er, o, ptr, k);
}

void acdr_cfg_read_rule(acdr_errs *er, json_object *o, const char *ptr,
                        acdr_dispo_rule *r) {
  read_rule(er, o, ptr, r);
}

static void code_item(acdr_errs *er, json_object *o, const char *base,
                      const char *ptr, void *arr, size_t i) {
  (void)base;
  read_code(er, o, ptr, (acdr_dispo_code *)arr + i);
}

/* Each code id against the codes before it (an index: linear time); a
 * duplicate is reported and checked no further. */
static void code_duplicates(acdr_errs *er, acdr_dispo_code *codes, size_t n,
                            const char *base) {
  acdr_map seen;
  size_t i;
  acdr_map_init(&seen);
  if (acdr_map_reserve(&seen, &er->e->mem, n)) {
    acdr_errs_add(er, ACDR_ERR_NOMEM, base, "out of memory");
    return;
  }
  for (i = 0; i < n; i++) {
    const acdr_dispo_code *k;
    char p[ACDR_PTR_MAX], idp[ACDR_PTR_MAX];
    if (!codes[i].id) continue;
    if (!(k = acdr_map_get(&seen, codes[i].id))) {
      (void)acdr_map_put(&seen, &er->e->mem, codes[i].id, &codes[i]);
      continue;
    }
    acdr_ptr_idx(p, base, i);
    acdr_ptr_key(idp, p, "id");
    acdr_errs_add(er, ACDR_ERR_DUPLICATE_ID, idp,
                  "duplicate code id \"%s\" (also %s/%zu)", codes[i].id,
                  base, (size_t)(k - codes));
    codes[i].id = NULL; /* checked no further */
  }
  acdr_map_free(&seen, &er->e->mem);
}

static void rule_item(acdr_errs *er, json_object *o, const char *base,
                      const char *ptr, void *arr, size_t i) {
  (void)base;
  read_rule(er, o, ptr, (acdr_dispo_rule *)arr + i);
}

static const acdr_cfg_list code_list = {"codes", sizeof(acdr_dispo_code),
                                        code_item};
static const acdr_cfg_list rule_list = {"rules", sizeof(acdr_dispo_rule),
                                        rule_item};

void acdr_cfg_read_dispositions(acdr_errs *er, json_object *root,
                                const char *ptr, acdr_cfg *c) {
  json_object *o, *a;
  char p[ACDR_PTR_MAX], cp[ACDR_PTR_MAX];
  int oom = 0;
  if (json_object_object_get_ex(root, "dispositions", &o)) {
    int b = 0;
    acdr_ptr_key(p, ptr, "dispositions");
    c->has_dispositions = 1;
    if (acdr_jobject(er, o, p, dispo_keys, NELEM(dispo_keys)) != 0 &&
        !json_object_is_type(o, json_type_object))
      goto rules;
    if (!acdr_jbool(er, o, p, "replace_builtin", &b)) c->replace_builtin = b;
    acdr_ptr_key(cp, p, "codes");
    if (json_object_object_get_ex(o, "codes", &a)) {
      c->codes = acdr_cfg_read_list(er, a, cp, cp, &code_list, &c->ncodes,
                                    &oom);
      if (oom) return;
      code_duplicates(er, c->codes, c->ncodes, cp);
    }
  }
rules:
  if (json_object_object_get_ex(root, "rules", &a)) {
    acdr_ptr_key(p, ptr, "rules");
    c->has_rules = 1;
    c->rules = acdr_cfg_read_list(er, a, p, p, &rule_list, &c->nrules, &oom);
  }
}

void acdr_cfg_dispositions_free(acdr_engine *e, acdr_cfg *c) {
  size_t i;
  for (i = 0; i < c->ncodes; i++)
    acdr_mem_free(&e->mem, (void *)c->codes[i].queues);
  acdr_mem_free(&e->mem, c->codes);
  acdr_mem_free(&e->mem, c->rules);
  if (c->dispo) acdr_dispo_state_free(e, c->dispo);
  c->codes = NULL;
  c->rules = NULL;
  c->dispo = NULL;
}

/* ---- checking against the engine ---- */

static int doc_has_queue(const acdr_cfg *c, const char *id) {
  return acdr_cfg_queue_of(c, id) != NULL;
}

static int doc_has_code(const acdr_cfg *c, const char *id) {
  size_t i;
  for (i = 0; c->has_dispositions && i < c->ncodes; i++)
    if (c->codes[i].id && strcmp(c->codes[i].id, id) == 0) return 1;
  return 0;
}

static void unknown_queue(acdr_errs *er, const acdr_cfg *c, const char *p,
                          const char *id) {
  char hint[ACDR_PTR_MAX + 32];
  acdr_errs_add(er, ACDR_ERR_QUEUE_NOT_FOUND, p, "unknown queue \"%s\"%s",
                id, acdr_cfg_hint(er, c, 1, id, hint, sizeof(hint)));
}

static acdr_dispo_code code_of(const acdr_dcode *k) {
  acdr_dispo_code c;
  acdr_catalog_fill(k, &c);
  return c;
}

static acdr_dispo_rule rule_of(const acdr_drule *r) {
  acdr_dispo_rule x;
  acdr_rules_fill(r, &x);
  return x;
}

/* The codes: the document's over the built-in catalog or alone, or the
 * engine's when the document has no "dispositions". */
static void build_catalog(acdr_errs *er, acdr_cfg *c, const acdr_dispo *real,
                          acdr_dispo *d) {
  acdr_engine *e = er->e;
  char p[ACDR_PTR_MAX];
  size_t i, j;
  if (!c->has_dispositions) {
    for (i = 0; i < real->ncodes; i++) {
      acdr_dispo_code k = code_of(real->codes[i]);
      if (acdr_dispo_code_add(e, &k) != 0)
        acdr_errs_add(er, ACDR_ERR_NOMEM, "", "out of memory");
    }
    return;
  }
  if (!c->replace_builtin && acdr_dispo_catalog_reset(e) != 0)
    acdr_errs_add(er, ACDR_ERR_NOMEM, "", "out of memory");
  for (i = 0; i < c->ncodes; i++) {
    const acdr_dispo_code *k = &c->codes[i];
    int rv;
    {
      char dp[ACDR_PTR_MAX], cp[ACDR_PTR_MAX];
      acdr_ptr_key(dp, c->ptr, "dispositions");
      acdr_ptr_key(cp, dp, "codes");
      acdr_ptr_idx(p, cp, i);
    }
    for (j = 0; j < k->nqueues; j++)
      if (k->queues[j] && !doc_has_queue(c, k->queues[j])) {
        char qp[ACDR_PTR_MAX], qsp[ACDR_PTR_MAX];
        acdr_ptr_key(qsp, p, "queues");
        acdr_ptr_idx(qp, qsp, j);
        unknown_queue(er, c, qp, k->queues[j]);
      }
    if (!k->id ||
        (k->max_duration_ms && k->min_duration_ms > k->max_duration_ms))
      continue; /* reported while reading */
    rv = acdr_catalog_find(d, k->id) ? acdr_dispo_code_update(e, k)
                                     : acdr_dispo_code_add(e, k);
    if (rv) acdr_errs_add(er, rv, p, "%s", e->errmsg);
  }
}

static void build_rules(acdr_errs *er, acdr_cfg *c, const acdr_dispo *real,
                        acdr_dispo *d) {
  acdr_engine *e = er->e;
  char p[ACDR_PTR_MAX], fp[ACDR_PTR_MAX];
  size_t i;
  if (!c->has_rules) {
    for (i = 0; i < real->nrules; i++) {
      acdr_dispo_rule r = rule_of(real->rules[i]);
      int rv;
      if (!acdr_catalog_find(d, r.code)) {
        acdr_ptr_key(p, c->ptr, "dispositions");
        acdr_errs_add(er, ACDR_ERR_IN_USE, p,
                      "code \"%s\" is used by rule \"%s\" (give the rules "
                      "in \"rules\" or keep the code)",
                      r.code, r.id);
        continue;
      }
      if ((rv = acdr_dispo_rule_add(e, &r)) != 0)
        acdr_errs_add(er, rv, "", "%s", e->errmsg);
    }
    return;
  }
  for (i = 0; i < c->nrules; i++) {
    const acdr_dispo_rule *r = &c->rules[i];
    int ok = 1, rv;
    acdr_ptr_key(fp, c->ptr, "rules");
    acdr_ptr_idx(p, fp, i);
    if (!r->code) continue; /* reported */
    if (!acdr_catalog_find(d, r->code) && doc_has_code(c, r->code)) {
      ok = 0; /* the code itself was refused: reported there */
    } else if (!acdr_catalog_find(d, r->code)) {
      const char *names[256];
      size_t k, n = d->ncodes < 256 ? d->ncodes : 256;
      const char *hint;
      for (k = 0; k < n; k++) names[k] = d->codes[k]->id;
      hint = acdr_suggest(r->code, names, n);
      acdr_ptr_key(fp, p, "code");
      acdr_errs_add(er, ACDR_ERR_UNKNOWN_CODE, fp,
                    "unknown disposition code \"%s\"%s%s%s", r->code,
                    hint ? " (did you mean \"" : "", hint ? hint : "",
                    hint ? "\"?)" : "");
      ok = 0;
    }
    if (r->queue && !doc_has_queue(c, r->queue)) {
      acdr_ptr_key(fp, p, "queue");
      unknown_queue(er, c, fp, r->queue);
      ok = 0;
    }
    if (ok && r->id && r->action && (rv = acdr_dispo_rule_add(e, r)) != 0)
      acdr_errs_add(er, rv, p, "%s", e->errmsg);
  }
}

static char *state_text(acdr_engine *e, const acdr_dispo *d);

void acdr_cfg_check_dispositions(acdr_errs *er, acdr_cfg *c) {
  acdr_engine *e = er->e;
  acdr_dispo *real = acdr_dispo_of(e), *d;
  char saved[sizeof(e->errmsg)];
  size_t before = er->count;
  char *a, *b;
  if (!c->has_dispositions && !c->has_rules) return; /* kept as they are */
  memcpy(saved, e->errmsg, sizeof(saved));
  if (!(d = acdr_dispo_state_new(e))) {
    acdr_errs_add(er, ACDR_ERR_NOMEM, c->ptr, "out of memory");
    return;
  }
  acdr_dispo_set_state(e, d);
  acdr_events_suspend(e); /* not recorded */
  build_catalog(er, c, real, d);
  build_rules(er, c, real, d);
  acdr_events_resume(e);
  acdr_dispo_set_state(e, real);
  memcpy(e->errmsg, saved, sizeof(saved));
  if (er->count > before) {
    acdr_dispo_state_free(e, d);
    return;
  }
  c->dispo = d;
  a = state_text(e, real);
  b = state_text(e, d);
  if (!a || !b)
    acdr_errs_add(er, ACDR_ERR_NOMEM, c->ptr, "out of memory");
  c->dispo_changed = !a || !b || strcmp(a, b) != 0;
  acdr_mem_free(&e->mem, a);
  acdr_mem_free(&e->mem, b);
}

void acdr_cfg_apply_dispositions(acdr_engine *e, acdr_cfg *c) {
  acdr_dispo *real = acdr_dispo_of(e), *d = c->dispo, t;
  if (!d || !c->dispo_changed) return;
  /* the catalog and the rules move together: rule chains point into the
   * codes; pending follow-ups and records keep their own copies of ids */
  t = *real;
  real->codes = d->codes;
  real->ncodes = d->ncodes;
  real->capcodes = d->capcodes;
  real->code_map = d->code_map;
  memcpy(real->auto_for, d->auto_for, sizeof(real->auto_for));
  real->rules = d->rules;
  real->nrules = d->nrules;
  real->caprules = d->caprules;
  real->rule_map = d->rule_map;
  d->codes = t.codes;
  d->ncodes = t.ncodes;
  d->capcodes = t.capcodes;
  d->code_map = t.code_map;
  memcpy(d->auto_for, t.auto_for, sizeof(d->auto_for));
  d->rules = t.rules;
  d->nrules = t.nrules;
  d->caprules = t.caprules;
  d->rule_map = t.rule_map;
  acdr_dispo_state_free(e, d);
  c->dispo = NULL;
}

/* ---- writing ---- */

static void write_code(acdr_jw *w, const acdr_dcode *k) {
  acdr_dispo_code c = code_of(k);
  acdr_cfg_write_code(w, &c);
}

void acdr_cfg_write_code(acdr_jw *w, const acdr_dispo_code *k) {
  int pretty = w->pretty, i;
  size_t j;
  if (pretty) {
    acdr_jw_obj(w); /* line break before the code, then one line */
    w->pretty = 0;
  } else {
    acdr_jw_obj(w);
  }
  acdr_jw_kstr(w, "id", k->id);
  acdr_jw_kstr(w, "label", k->label ? k->label : k->id);
  acdr_jw_kstr(w, "category", k->category ? k->category : "");
  acdr_jw_key(w, "attrs");
  acdr_jw_arr(w);
  for (i = 0; i < 8; i++)
    if (k->attrs & (1u << i)) acdr_jw_str(w, attr_names[i]);
  acdr_jw_arr_end(w);
  acdr_jw_key(w, "queues");
  acdr_jw_arr(w);
  for (j = 0; j < k->nqueues; j++) acdr_jw_str(w, k->queues[j]);
  acdr_jw_arr_end(w);
  acdr_jw_ki64(w, "min_duration_ms", k->min_duration_ms);
  acdr_jw_ki64(w, "max_duration_ms", k->max_duration_ms);
  acdr_jw_kstr(w, "auto_end_reason",
               k->auto_end_reason >= 0 &&
                       k->auto_end_reason < ACDR_DISPO_END_REASONS
                   ? end_names[k->auto_end_reason]
                   : "none");
  acdr_jw_ki64(w, "dnc_ms", k->dnc_ms);
  acdr_jw_obj_end(w);
  w->pretty = pretty;
}

static void write_rule(acdr_jw *w, const acdr_drule *r) {
  acdr_dispo_rule x = rule_of(r);
  acdr_cfg_write_rule(w, &x);
}

void acdr_cfg_write_rule(acdr_jw *w, const acdr_dispo_rule *r) {
  int pretty = w->pretty;
  acdr_jw_obj(w);
  w->pretty = 0;
  acdr_jw_kstr(w, "id", r->id);
  acdr_jw_kstr(w, "code", r->code);
  if (r->queue) acdr_jw_kstr(w, "queue", r->queue);
  if (r->attr_key) {
    acdr_jw_kstr(w, "attr_key", r->attr_key);
    acdr_jw_kstr(w, "attr_value", r->attr_value);
  }
  acdr_jw_kstr(w, "action",
               r->action > 0 && r->action < 5 ? action_names[r->action]
                                              : "callback");
  acdr_jw_kstr(w, "argument", r->argument ? r->argument : "");
  acdr_jw_ki64(w, "delay_ms", r->delay_ms);
  acdr_jw_ki64(w, "duration_ms", r->duration_ms);
  acdr_jw_obj_end(w);
  w->pretty = pretty;
}

/* builtin: the catalog is the built-in one (written as "codes": []) */
static void write_state(acdr_jw *w, const acdr_dispo *d, int builtin) {
  size_t i;
  acdr_jw_key(w, "dispositions");
  acdr_jw_obj(w);
  acdr_jw_kbool(w, "replace_builtin", !builtin);
  acdr_jw_key(w, "codes");
  acdr_jw_arr(w);
  for (i = 0; !builtin && i < d->ncodes; i++) write_code(w, d->codes[i]);
  acdr_jw_arr_end(w);
  acdr_jw_obj_end(w);
  acdr_jw_key(w, "rules");
  acdr_jw_arr(w);
  for (i = 0; i < d->nrules; i++) write_rule(w, d->rules[i]);
  acdr_jw_arr_end(w);
}

static char *state_text(acdr_engine *e, const acdr_dispo *d) {
  acdr_jw w;
  acdr_jw_init(&w, &e->mem, 0);
  acdr_jw_obj(&w);
  write_state(&w, d, 0);
  acdr_jw_obj_end(&w);
  return acdr_jw_take(&w, NULL);
}

/* Whether the engine's catalog is exactly the built-in one. */
static int is_builtin(acdr_engine *e) {
  acdr_dispo *real = acdr_dispo_of(e), *d = acdr_dispo_state_new(e);
  char saved[sizeof(e->errmsg)];
  char *a = NULL, *b = NULL;
  int same = 0;
  size_t i;
  if (!d) return 0;
  memcpy(saved, e->errmsg, sizeof(saved));
  acdr_dispo_set_state(e, d);
  acdr_events_suspend(e); /* not recorded */
  i = acdr_dispo_catalog_reset(e) == 0;
  acdr_events_resume(e);
  acdr_dispo_set_state(e, real);
  memcpy(e->errmsg, saved, sizeof(saved));
  if (i && d->ncodes == real->ncodes) {
    /* compare the codes only */
    size_t nr = real->nrules;
    real->nrules = 0;
    a = state_text(e, real);
    real->nrules = nr;
    b = state_text(e, d);
    same = a && b && strcmp(a, b) == 0;
  }
  acdr_mem_free(&e->mem, a);
  acdr_mem_free(&e->mem, b);
  acdr_dispo_state_free(e, d);
  return same;
}

void acdr_cfg_write_dispositions(acdr_jw *w, acdr_engine *e) {
  write_state(w, acdr_dispo_of(e), is_builtin(e));
}
