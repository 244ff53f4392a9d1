/* acdr_engine_apply_event_json: one event line -> one public call
 * (docs/events.md). */
#include <string.h>

#include <acdroute/config.h>
#include <acdroute/disposition.h>
#include <acdroute/metrics.h>
#include <acdroute/policy.h>

#include "config/config_int.h"
#include "core/internal.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

typedef struct ev_spec {
  const char *name;
  const char *keys[12]; /* besides t_ms, t_ns, ev */
} ev_spec;

static const ev_spec specs[] = {
    {"login", {"agent"}},
    {"logout", {"agent"}},
    {"status", {"agent", "status", "reason"}},
    {"arrive",
     {"contact", "queue", "channel", "priority", "attrs", "skills",
      "customer", "reason", "preferred_agent", "preferred_hold_ms"}},
    {"accept", {"contact", "agent"}},
    {"reject", {"contact", "agent", "how"}},
    {"hangup", {"contact"}},
    {"hold", {"contact", "on"}},
    {"wrapup_done", {"contact"}},
    {"transfer", {"contact", "queue", "agent"}},
    {"callback", {"contact"}},
    {"expiry", {NULL}},
    {"agent_add", {"def"}},
    {"agent_update", {"def"}},
    {"agent_remove", {"agent"}},
    {"queue_add", {"def"}},
    {"queue_update", {"def"}},
    {"queue_remove", {"queue", "overflow_waiting"}},
    {"member_add", {"queue", "agent", "penalty", "position"}},
    {"member_remove", {"queue", "agent"}},
    {"reset_counts", {"agent"}},
    {"config", {"config", "remove_waiting"}},
    {"dispo", {"contact", "codes"}},
    {"dispo_correct", {"contact", "codes"}},
    {"hours", {"queue", "hours"}},
    {"dnc_add", {"key", "duration_ms"}},
    {"dnc_remove", {"key"}},
    {"code_add", {"def"}},
    {"code_update", {"def"}},
    {"code_remove", {"code"}},
    {"catalog_set", {"codes"}},
    {"catalog_reset", {NULL}},
    {"rule_add", {"def"}},
    {"rule_remove", {"rule"}},
    {"dispo_limits", {"history", "changes"}},
    {"dispo_stats_reset", {NULL}},
    {"dnc_clear", {NULL}},
    {"metrics_options", {"metrics"}},
};

static const ev_spec *find_spec(const char *name) {
  size_t i;
  for (i = 0; i < NELEM(specs); i++)
    if (strcmp(specs[i].name, name) == 0) return &specs[i];
  return NULL;
}

/* Read the attrs object into kv pairs (values: string/int/bool). */
static int read_attrs(acdr_errs *er, json_object *o, acdr_kv **out,
                      size_t *n) {
  json_object *a;
  size_t i = 0;
  if (!json_object_object_get_ex(o, "attrs", &a)) return 0;
  if (!json_object_is_type(a, json_type_object)) {
    acdr_errs_add(er, ACDR_ERR_PARSE, "/attrs",
                  "expected an object {\"key\": \"value\"}");
    return -1;
  }
  if (!json_object_object_length(a)) return 0;
  if (!(*out = acdr_mem_calloc(&er->e->mem,
                               (size_t)json_object_object_length(a),
                               sizeof(**out)))) {
    acdr_errs_add(er, ACDR_ERR_NOMEM, "/attrs", "out of memory");
    return -1;
  }
  {
    json_object_object_foreach(a, key, val) {
      char p[ACDR_PTR_MAX];
      acdr_ptr_key(p, "/attrs", key);
      if (!json_object_is_type(val, json_type_string)) {
        acdr_errs_add(er, ACDR_ERR_PARSE, p, "expected a string");
        return -1;
      }
      (*out)[i].key = key;
      (*out)[i].value = json_object_get_string(val);
      i++;
    }
  }
  *n = i;
  return 0;
}

typedef struct ev_args {
  const char *contact, *agent, *queue;
  acdr_tstamp t;
} ev_args;

static int do_arrive(acdr_engine *e, acdr_errs *er, json_object *o,
                     const ev_args *x) {
  acdr_contact_def d;
  acdr_kv *attrs = NULL;
  acdr_skill *skills = NULL;
  const char *ch = NULL;
  int64_t prio = 0, hold = -1;
  int rv = 0;
  acdr_contact_def_default(&d);
  d.id = x->contact;
  d.queue = x->queue;
  if (!acdr_jstr(er, o, "", "channel", 0, &ch) && ch) {
    d.channel = acdr_channel_parse(ch);
    if (d.channel < 0)
      acdr_errs_add(er, ACDR_ERR_PARSE, "/channel", "unknown channel \"%s\"",
                    ch);
  }
  (void)acdr_jint(er, o, "", "priority", 0, INT32_MIN, INT32_MAX, &prio);
  (void)acdr_jint(er, o, "", "preferred_hold_ms", 0, -1, INT32_MAX, &hold);
  (void)acdr_jstr(er, o, "", "customer", 0, &d.customer_id);
  (void)acdr_jstr(er, o, "", "reason", 0, &d.reason);
  (void)acdr_jstr(er, o, "", "preferred_agent", 0, &d.preferred_agent);
  (void)read_attrs(er, o, &attrs, &d.nattrs);
  (void)acdr_cfg_read_skills(er, o, "", &skills, &d.nskills);
  d.priority = (int32_t)prio;
  d.preferred_hold_ms = hold;
  d.attrs = attrs;
  d.skills = skills;
  if (er->count)
    rv = -1;
  else
    rv = acdr_contact_arrive(e, &d, x->t);
  acdr_mem_free(&e->mem, attrs);
  acdr_mem_free(&e->mem, skills);
  return rv;
}

static int do_def(acdr_engine *e, acdr_errs *er, json_object *o, int agent,
                  int update, const ev_args *x) {
  json_object *d;
  int rv;
  if (!json_object_object_get_ex(o, "def", &d)) {
    acdr_errs_add(er, ACDR_ERR_PARSE, "", "missing required key \"def\"");
    return -1;
  }
  if (agent) {
    acdr_cfg_agent a;
    if (acdr_cfg_read_agent(er, d, "/def", &a) != 0)
      rv = -1;
    else
      rv = update ? acdr_agent_update(e, &a.def) : acdr_agent_add(e, &a.def);
    acdr_cfg_agent_clear(e, &a);
  } else {
    acdr_cfg_queue q;
    if (acdr_cfg_read_queue(er, d, "/def", 0, &q) != 0)
      rv = -1;
    else
      rv = update ? acdr_queue_update(e, &q.def, x->t)
                  : acdr_queue_add(e, &q.def);
    acdr_cfg_queue_clear(e, &q);
  }
  return rv;
}

/* "codes": [primary, tag...] -> acdr_dispo_set / acdr_dispo_correct */
static int do_dispo(acdr_engine *e, acdr_errs *er, json_object *o,
                    int correct, const ev_args *x) {
  json_object *a;
  const char *codes[65];
  size_t n, i;
  if (!json_object_object_get_ex(o, "codes", &a)) {
    acdr_errs_add(er, ACDR_ERR_PARSE, "", "missing required key \"codes\"");
    return -1;
  }
  if (!json_object_is_type(a, json_type_array) ||
      (n = json_object_array_length(a)) == 0 || n > 65) {
    acdr_errs_add(er, ACDR_ERR_PARSE, "/codes",
                  "expected an array of 1 to 65 code ids (the primary code "
                  "first)");
    return -1;
  }
  for (i = 0; i < n; i++) {
    json_object *v = json_object_array_get_idx(a, i);
    if (!json_object_is_type(v, json_type_string)) {
      char p[ACDR_PTR_MAX];
      acdr_ptr_idx(p, "/codes", i);
      acdr_errs_add(er, ACDR_ERR_PARSE, p, "expected a code id");
      return -1;
    }
    codes[i] = json_object_get_string(v);
  }
  return correct ? acdr_dispo_correct(e, x->contact, codes[0], codes + 1,
                                      n - 1, x->t)
                 : acdr_dispo_set(e, x->contact, codes[0], codes + 1, n - 1,
                                  x->t);
}

static int do_hours(acdr_engine *e, acdr_errs *er, json_object *o,
                    const ev_args *x) {
  json_object *v;
  acdr_cfg_hours h;
  int rv;
  if (!json_object_object_get_ex(o, "hours", &v)) {
    acdr_errs_add(er, ACDR_ERR_PARSE, "", "missing required key \"hours\"");
    return -1;
  }
  if (x->t < e->now)
    return acdr_err(e, ACDR_ERR_TIME_BACKWARDS, "time went backwards");
  /* the call takes effect at the engine's time, which the line recorded
   * (a failed call in between may have advanced the original's clock) */
  e->now = x->t;
  if (acdr_cfg_hours_from_json(er, v, "/hours", &h) != 0)
    rv = -1;
  else
    rv = acdr_queue_set_hours(e, x->queue, h.present ? &h.h : NULL);
  acdr_cfg_hours_clear(e, &h);
  return rv;
}

/* Calls without a time argument happen at the engine's time, which the
 * line recorded: set it first (as for "hours"). */
static int at_line_time(acdr_engine *e, const ev_args *x) {
  if (x->t < e->now)
    return acdr_err(e, ACDR_ERR_TIME_BACKWARDS, "time went backwards");
  e->now = x->t;
  return 0;
}

static json_object *required(acdr_errs *er, json_object *o, const char *k) {
  json_object *v;
  if (json_object_object_get_ex(o, k, &v)) return v;
  acdr_errs_add(er, ACDR_ERR_PARSE, "", "missing required key \"%s\"", k);
  return NULL;
}

/* code_add, code_update, catalog_set, rule_add, rule_remove, code_remove,
 * dispo_limits, dispo_stats_reset, catalog_reset, dnc_clear,
 * metrics_options: the object is read as in the configuration, then the
 * API call checks it (its errors and messages). */
static int do_setting(acdr_engine *e, acdr_errs *er, json_object *o,
                      const char *ev, const ev_args *x) {
  json_object *v = NULL;
  const char *s = NULL;
  int64_t n1 = 0, n2 = 0;
  int rv;
  if (!strcmp(ev, "code_add") || !strcmp(ev, "code_update")) {
    acdr_dispo_code k;
    if (!(v = required(er, o, "def"))) return -1;
    acdr_cfg_read_code(er, v, "/def", &k);
    if (er->count)
      rv = -1;
    else if ((rv = at_line_time(e, x)) == 0)
      rv = !strcmp(ev, "code_add") ? acdr_dispo_code_add(e, &k)
                                   : acdr_dispo_code_update(e, &k);
    acdr_mem_free(&e->mem, (void *)k.queues);
    return rv;
  }
  if (!strcmp(ev, "catalog_set")) {
    acdr_dispo_code *codes = NULL;
    size_t n, i;
    if (!(v = required(er, o, "codes"))) return -1;
    if (!json_object_is_type(v, json_type_array)) {
      acdr_errs_add(er, ACDR_ERR_PARSE, "/codes", "expected an array of codes");
      return -1;
    }
    n = json_object_array_length(v);
    if (n && !(codes = acdr_mem_calloc(&e->mem, n, sizeof(*codes)))) {
      acdr_errs_add(er, ACDR_ERR_NOMEM, "/codes", "out of memory");
      return -1;
    }
    for (i = 0; i < n; i++) {
      char p[ACDR_PTR_MAX];
      acdr_ptr_idx(p, "/codes", i);
      acdr_cfg_read_code(er, json_object_array_get_idx(v, i), p, &codes[i]);
    }
    if (er->count)
      rv = -1;
    else if ((rv = at_line_time(e, x)) == 0)
      rv = acdr_dispo_catalog_set(e, codes, n);
    for (i = 0; i < n; i++) acdr_mem_free(&e->mem, (void *)codes[i].queues);
    acdr_mem_free(&e->mem, codes);
    return rv;
  }
  if (!strcmp(ev, "rule_add")) {
    acdr_dispo_rule r;
    if (!(v = required(er, o, "def"))) return -1;
    acdr_cfg_read_rule(er, v, "/def", &r);
    if (er->count) return -1;
    if ((rv = at_line_time(e, x)) != 0) return rv;
    return acdr_dispo_rule_add(e, &r);
  }
  if (!strcmp(ev, "code_remove") || !strcmp(ev, "rule_remove")) {
    int code = !strcmp(ev, "code_remove");
    if (acdr_jstr(er, o, "", code ? "code" : "rule", 1, &s)) return -1;
    if ((rv = at_line_time(e, x)) != 0) return rv;
    return code ? acdr_dispo_code_remove(e, s) : acdr_dispo_rule_remove(e, s);
  }
  if (!strcmp(ev, "dispo_limits")) {
    if (acdr_jint(er, o, "", "history", 1, 0, UINT32_MAX, &n1) ||
        acdr_jint(er, o, "", "changes", 1, 0, UINT32_MAX, &n2))
      return -1;
    if ((rv = at_line_time(e, x)) != 0) return rv;
    return acdr_dispo_set_limits(e, (uint32_t)n1, (uint32_t)n2);
  }
  if (!strcmp(ev, "metrics_options")) {
    acdr_cfg c;
    memset(&c, 0, sizeof(c));
    acdr_cfg_read_metrics(er, o, "", &c);
    if (!c.has_metrics)
      acdr_errs_add(er, ACDR_ERR_PARSE, "", "missing required key "
                    "\"metrics\"");
    if (er->count) return -1;
    if ((rv = at_line_time(e, x)) != 0) return rv;
    return acdr_engine_set_metrics_options(e, &c.metrics);
  }
  if ((rv = at_line_time(e, x)) != 0) return rv;
  if (!strcmp(ev, "catalog_reset")) return acdr_dispo_catalog_reset(e);
  if (!strcmp(ev, "dispo_stats_reset")) return acdr_dispo_stats_reset(e);
  return acdr_dnc_clear(e); /* "dnc_clear" */
}

static int dispatch(acdr_engine *e, acdr_errs *er, json_object *o,
                    const char *ev, const ev_args *x) {
  int b = 0;
  int64_t n1 = 0, n2 = 0;
  const char *s = NULL;
  /* required ids per event, checked before calling */
  if (!strcmp(ev, "login")) return acdr_agent_login(e, x->agent, x->t);
  if (!strcmp(ev, "logout")) return acdr_agent_logout(e, x->agent, x->t);
  if (!strcmp(ev, "status")) {
    int st;
    if (acdr_jstr(er, o, "", "status", 1, &s)) return -1;
    st = !strcmp(s, "available") ? ACDR_AGENT_AVAILABLE
         : !strcmp(s, "away")    ? ACDR_AGENT_AWAY
                                 : -1;
    if (st < 0) {
      acdr_errs_add(er, ACDR_ERR_PARSE, "/status",
                    "expected \"available\" or \"away\", got \"%s\"", s);
      return -1;
    }
    s = NULL;
    if (acdr_jstr(er, o, "", "reason", 0, &s)) return -1;
    return acdr_agent_set_status(e, x->agent, st, s, x->t);
  }
  if (!strcmp(ev, "arrive")) return do_arrive(e, er, o, x);
  if (!strcmp(ev, "accept"))
    return acdr_contact_accept(e, x->contact, x->agent, x->t);
  if (!strcmp(ev, "reject")) {
    int how = ACDR_REJECT_DECLINED;
    if (acdr_jstr(er, o, "", "how", 0, &s)) return -1;
    if (s) {
      for (how = 0; how < 3; how++)
        if (!strcmp(s, acdr_reject_names[how])) break;
      if (how == 3) {
        acdr_errs_add(er, ACDR_ERR_PARSE, "/how",
                      "expected \"declined\", \"busy\" or \"no-answer\", got "
                      "\"%s\"", s);
        return -1;
      }
    }
    return acdr_contact_reject(e, x->contact, x->agent, how, x->t);
  }
  if (!strcmp(ev, "hangup")) return acdr_contact_hangup(e, x->contact, x->t);
  if (!strcmp(ev, "hold")) {
    json_object *v;
    if (!json_object_object_get_ex(o, "on", &v)) {
      acdr_errs_add(er, ACDR_ERR_PARSE, "", "missing required key \"on\"");
      return -1;
    }
    if (acdr_jbool(er, o, "", "on", &b)) return -1;
    return acdr_contact_hold(e, x->contact, b, x->t);
  }
  if (!strcmp(ev, "wrapup_done"))
    return acdr_contact_wrapup_done(e, x->contact, x->t);
  if (!strcmp(ev, "transfer"))
    return acdr_contact_transfer(e, x->contact, x->queue, x->agent, x->t);
  if (!strcmp(ev, "callback"))
    return acdr_contact_request_callback(e, x->contact, x->t);
  if (!strcmp(ev, "expiry")) return acdr_engine_handle_expiry(e, x->t);
  if (!strcmp(ev, "agent_add")) return do_def(e, er, o, 1, 0, x);
  if (!strcmp(ev, "agent_update")) return do_def(e, er, o, 1, 1, x);
  if (!strcmp(ev, "agent_remove")) return acdr_agent_remove(e, x->agent);
  if (!strcmp(ev, "queue_add")) return do_def(e, er, o, 0, 0, x);
  if (!strcmp(ev, "queue_update")) return do_def(e, er, o, 0, 1, x);
  if (!strcmp(ev, "queue_remove")) {
    if (acdr_jbool(er, o, "", "overflow_waiting", &b)) return -1;
    return acdr_queue_remove(e, x->queue, b, x->t);
  }
  if (!strcmp(ev, "member_add")) {
    if (acdr_jint(er, o, "", "penalty", 0, INT32_MIN, INT32_MAX, &n1) ||
        acdr_jint(er, o, "", "position", 0, INT32_MIN, INT32_MAX, &n2))
      return -1;
    return acdr_queue_member_add(e, x->queue, x->agent, (int32_t)n1,
                                 (int32_t)n2, x->t);
  }
  if (!strcmp(ev, "member_remove"))
    return acdr_queue_member_remove(e, x->queue, x->agent, x->t);
  if (!strcmp(ev, "reset_counts"))
    return acdr_agent_reset_counts(e, x->agent);
  if (!strcmp(ev, "dispo")) return do_dispo(e, er, o, 0, x);
  if (!strcmp(ev, "dispo_correct")) return do_dispo(e, er, o, 1, x);
  if (!strcmp(ev, "hours")) return do_hours(e, er, o, x);
  if (!strcmp(ev, "dnc_add") || !strcmp(ev, "dnc_remove")) {
    if (acdr_jstr(er, o, "", "key", 1, &s)) return -1;
    if (!strcmp(ev, "dnc_remove")) {
      if (x->t < e->now)
        return acdr_err(e, ACDR_ERR_TIME_BACKWARDS, "time went backwards");
      e->now = x->t; /* as for "hours" */
      return acdr_dnc_remove(e, s);
    }
    if (acdr_jint(er, o, "", "duration_ms", 0, 0, INT64_MAX, &n1)) return -1;
    return acdr_dnc_add(e, s, n1, x->t);
  }
  if (!strncmp(ev, "code_", 5) || !strncmp(ev, "catalog_", 8) ||
      !strncmp(ev, "rule_", 5) || !strcmp(ev, "dispo_limits") ||
      !strcmp(ev, "dispo_stats_reset") || !strcmp(ev, "dnc_clear") ||
      !strcmp(ev, "metrics_options"))
    return do_setting(e, er, o, ev, x);
  if (!strcmp(ev, "config")) {
    json_object *c;
    int rw = ACDR_RELOAD_REFUSE;
    if (acdr_jstr(er, o, "", "remove_waiting", 0, &s)) return -1;
    if (s && !strcmp(s, "overflow"))
      rw = ACDR_RELOAD_OVERFLOW;
    else if (s && strcmp(s, "refuse")) {
      acdr_errs_add(er, ACDR_ERR_PARSE, "/remove_waiting",
                    "expected \"refuse\" or \"overflow\"");
      return -1;
    }
    if (!json_object_object_get_ex(o, "config", &c)) {
      acdr_errs_add(er, ACDR_ERR_PARSE, "", "missing required key "
                    "\"config\"");
      return -1;
    }
    if (x->t < e->now)
      return acdr_err(e, ACDR_ERR_TIME_BACKWARDS, "time went backwards");
    return acdr_cfg_apply_json(e, c, "/config", rw, x->t, 1);
  }
  return -1; /* not reached: the spec table lists every name */
}

int acdr_engine_apply_event_json(acdr_engine *e, const char *line,
                                 size_t len) {
  acdr_errs er;
  json_object *o;
  const char *ev = NULL;
  const ev_spec *sp;
  const char *known[16];
  size_t nk = 0, i;
  int64_t tms = -1, tns = -1;
  ev_args x;
  int rv;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!line)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT, "event line is NULL");
  if (e->depth || e->delivering) {
    /* allowed: events may be applied from callbacks like direct calls */
  }
  acdr_errs_init(&er, e);
  memset(&x, 0, sizeof(x));
  if (!(o = acdr_json_parse(&er, line, len))) goto bad;
  if (!json_object_is_type(o, json_type_object)) {
    acdr_errs_add(&er, ACDR_ERR_PARSE, "", "an event line is a JSON object");
    goto bad;
  }
  if (acdr_jstr(&er, o, "", "ev", 1, &ev)) goto bad;
  if (!(sp = find_spec(ev))) {
    const char *names[NELEM(specs)];
    const char *hint;
    for (i = 0; i < NELEM(specs); i++) names[i] = specs[i].name;
    hint = acdr_suggest(ev, names, NELEM(specs));
    acdr_errs_add(&er, ACDR_ERR_PARSE, "/ev", "unknown event \"%s\"%s%s%s",
                  ev, hint ? " (did you mean \"" : "", hint ? hint : "",
                  hint ? "\"?)" : "");
    goto bad;
  }
  known[nk++] = "t_ms";
  known[nk++] = "t_ns";
  known[nk++] = "ev";
  for (i = 0; i < NELEM(sp->keys) && sp->keys[i]; i++)
    known[nk++] = sp->keys[i];
  (void)acdr_jobject(&er, o, "", known, nk);
  (void)acdr_jint(&er, o, "", "t_ms", 0, 0,
                  (int64_t)(UINT64_MAX / ACDR_MILLISECONDS / 2), &tms);
  /* INT64_MAX - 1: json-c clamps larger numbers to INT64_MAX */
  (void)acdr_jint(&er, o, "", "t_ns", 0, 0, INT64_MAX - 1, &tns);
  if ((tms < 0) == (tns < 0) && !er.count)
    acdr_errs_add(&er, ACDR_ERR_PARSE, "",
                  "exactly one of \"t_ms\" and \"t_ns\" is required");
  x.t = tms >= 0 ? (acdr_tstamp)tms * ACDR_MILLISECONDS : (acdr_tstamp)tns;
  /* ids: required where the event needs them */
  for (i = 0; i < NELEM(sp->keys) && sp->keys[i]; i++) {
    const char *k = sp->keys[i];
    const char **slot = !strcmp(k, "contact") ? &x.contact
                        : !strcmp(k, "agent") ? &x.agent
                        : !strcmp(k, "queue") ? &x.queue
                                              : NULL;
    int required;
    if (!slot) continue;
    required = !((!strcmp(ev, "transfer") && slot != &x.contact) ||
                 !strcmp(ev, "reset_counts"));
    (void)acdr_jstr(&er, o, "", k, required, slot);
  }
  if (er.count) goto bad;
  rv = dispatch(e, &er, o, ev, &x);
  if (er.count) goto bad;
  acdr_errs_free(&er);
  json_object_put(o);
  return rv;
bad:
  rv = acdr_errs_finish(&er);
  if (o) json_object_put(o);
  /* the message keeps its pointer; the code says "bad line" */
  return rv == ACDR_ERR_NOMEM ? rv : ACDR_ERR_PARSE;
}
