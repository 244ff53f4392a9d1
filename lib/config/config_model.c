/* SPDX-License-Identifier: MIT */
/* The configuration model: reading agent and queue objects into the
 * engine's definition structs, with every error reported. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "config/config_int.h"
#include "core/internal.h"

#define YEAR_MS (366LL * 86400 * 1000) /* core's limit for durations */
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const agent_keys[] = {
    "id", "name", "capacity", "skills", "wrapup_ms",
    "voice_blocks_other_channels", "ring_timeout_ms",
    /* per-agent miss settings (acdr_agent_def V2) */
    "no_answer_delay_ms", "reject_delay_ms", "busy_delay_ms", "max_missed",
    "missed_status", "on_demand"};

static const char *const queue_keys[] = {
    "id", "profile", "strategy", "settings", "channel", "weight", "sl_threshold_ms",
    "ring_timeout_ms", "wrapup_ms", "max_len", "max_wait_ms",
    "overflow_kind", "overflow_target", "join_when_empty",
    "leave_when_empty", "announce_interval_ms", "short_abandon_ms",
    "max_missed", "no_answer_delay_ms", "reject_delay_ms", "busy_delay_ms",
    "require_disposition", "tier_wait_ms", "weight_aging_ms",
    "known_agent_hold_ms", "utc_offset_s", "connect_delay_ms",
    /* customer memory */
    "wait_for_owner",
    /* since V2: conversations */
    "reply_deadline_ms", "reply_overdue", "reply_target_ms", "inbox",
    "join_message",
    /* peer queue semantics (docs/config.md) */
    "time_base", "position_counts_ringing", "weight_first",
    "max_wait_rings_out", "ring_timeout_restart", "abandoned_resume_ms",
    /* hours and members last: a queue update takes neither */
    /* since V2: tier rules, ring-all across tiers */
    "tier_by_level", "tier_wait_multiply", "tier_no_agent_no_wait",
    "ring_all_tiers", "ring_add_late", "no_agent_wait_ms",
    "no_agent_grace_ms", "missed_delay_ms", "missed_busy",
    "retry_ms", "join_empty", "leave_empty", "missed_pause_queue",
    /* since V2: queue rules, penaltymemberslimit, autopauseunavail */
    "rules", "default_rule", "penalty_members_limit", "missed_unavail",
    "wrapup_scope",
    "hours", "members"};

static const char *const member_keys[] = {"agent", "penalty", "position",
                                          /* acdr_member_def */
                                          "weight", "paused", "wrapup_ms"};

int acdr_cfg_read_member_def(acdr_errs *er, json_object *o, const char *ptr,
                             int all, acdr_member_def *d) {
  int64_t v;
  int b;
  size_t before = er->count;
  v = d->weight;
  if (acdr_jint(er, o, ptr, "weight", all, 0, 1000000, &v) == 0)
    d->weight = (int32_t)v;
  b = d->paused;
  if (all && !json_object_object_get_ex(o, "paused", NULL)) {
    char p[ACDR_PTR_MAX];
    acdr_ptr_key(p, ptr, "paused");
    acdr_errs_add(er, ACDR_ERR_PARSE, p, "missing required key");
  } else if (acdr_jbool(er, o, ptr, "paused", &b) == 0) {
    d->paused = b;
  }
  v = d->wrapup_ms;
  if (acdr_jint(er, o, ptr, "wrapup_ms", all, -1, YEAR_MS, &v) == 0)
    d->wrapup_ms = v;
  return er->count > before ? -1 : 0;
}

/* A {name: level} object as a skill array. */
int acdr_cfg_read_skills(acdr_errs *er, json_object *o, const char *ptr,
                         acdr_skill **out, size_t *n) {
  char p[ACDR_PTR_MAX];
  json_object *s;
  size_t i = 0, cnt;
  int bad = 0;
  acdr_ptr_key(p, ptr, "skills");
  if (!json_object_object_get_ex(o, "skills", &s)) return 0;
  if (!json_object_is_type(s, json_type_object)) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, p,
                  "expected an object {\"skill\": level}");
    return -1;
  }
  cnt = (size_t)json_object_object_length(s);
  if (cnt > er->e->opt.max_skills) {
    acdr_errs_add(er, ACDR_ERR_LIMIT, p, "%zu skills > max_skills %u", cnt,
                  er->e->opt.max_skills);
    return -1;
  }
  if (!cnt) return 0;
  if (!(*out = acdr_mem_calloc(&er->e->mem, cnt, sizeof(**out)))) {
    acdr_errs_add(er, ACDR_ERR_NOMEM, p, "out of memory");
    return -1;
  }
  {
    json_object_object_foreach(s, key, val) {
      int64_t lvl = 0;
      (void)val;
      if (!*key) {
        acdr_errs_add(er, ACDR_ERR_CONFIG, p, "a skill name is empty");
        bad = 1;
      } else if (strlen(key) > er->e->opt.max_id_len) {
        acdr_errs_add(er, ACDR_ERR_LIMIT, p, "skill name longer than %u",
                      er->e->opt.max_id_len);
        bad = 1;
      }
      if (acdr_jint(er, s, p, key, 1, 0, 100, &lvl) != 0) bad = 1;
      (*out)[i].name = key;
      (*out)[i].level = (int32_t)lvl;
      i++;
    }
  }
  *n = i;
  return bad ? -1 : 0;
}

/* The per-agent miss settings; absent keys keep the defaults. */
static void read_agent_miss(acdr_errs *er, json_object *o, const char *ptr,
                            acdr_agent_def *d) {
  int64_t v;
  int b;
  const char *st = NULL;
  v = d->no_answer_delay_ms;
  if (acdr_jint(er, o, ptr, "no_answer_delay_ms", 0, -1, YEAR_MS, &v) == 0)
    d->no_answer_delay_ms = v;
  v = d->reject_delay_ms;
  if (acdr_jint(er, o, ptr, "reject_delay_ms", 0, -1, YEAR_MS, &v) == 0)
    d->reject_delay_ms = v;
  v = d->busy_delay_ms;
  if (acdr_jint(er, o, ptr, "busy_delay_ms", 0, -1, YEAR_MS, &v) == 0)
    d->busy_delay_ms = v;
  v = d->max_missed;
  if (acdr_jint(er, o, ptr, "max_missed", 0, -1, INT32_MAX, &v) == 0)
    d->max_missed = (int32_t)v;
  if (acdr_jstr(er, o, ptr, "missed_status", 0, &st) == 0 && st) {
    if (strcmp(st, "away") == 0)
      d->missed_status = ACDR_AGENT_AWAY;
    else if (strcmp(st, "logged_out") == 0)
      d->missed_status = ACDR_AGENT_LOGGED_OUT;
    else {
      char p[ACDR_PTR_MAX];
      acdr_ptr_key(p, ptr, "missed_status");
      acdr_errs_add(er, ACDR_ERR_RANGE, p,
                    "\"%s\": expected \"away\" or \"logged_out\"", st);
    }
  }
  b = d->on_demand;
  if (acdr_jbool(er, o, ptr, "on_demand", &b) == 0) d->on_demand = b;
}

int acdr_cfg_read_agent(acdr_errs *er, json_object *o, const char *ptr,
                        acdr_cfg_agent *a) {
  int64_t v;
  int bad = 0, b;
  size_t before = er->count;
  json_object *cap;
  memset(a, 0, sizeof(*a));
  snprintf(a->ptr, sizeof(a->ptr), "%s", ptr);
  acdr_agent_def_default(&a->def);
  if (acdr_jobject(er, o, ptr, agent_keys, NELEM(agent_keys)) != 0 &&
      !json_object_is_type(o, json_type_object))
    return -1;
  if (acdr_jstr(er, o, ptr, "id", 1, &a->def.id) == 0 &&
      strlen(a->def.id) > er->e->opt.max_id_len) {
    char p[ACDR_PTR_MAX];
    acdr_ptr_key(p, ptr, "id");
    acdr_errs_add(er, ACDR_ERR_LIMIT, p, "id longer than %u bytes",
                  er->e->opt.max_id_len);
  }
  if (acdr_jstr(er, o, ptr, "name", 0, &a->def.name) == 0 && a->def.name &&
      strlen(a->def.name) > 4 * (size_t)er->e->opt.max_id_len) {
    char p[ACDR_PTR_MAX];
    acdr_ptr_key(p, ptr, "name");
    acdr_errs_add(er, ACDR_ERR_LIMIT, p,
                  "longer than %zu bytes (4 x max_id_len)",
                  4 * (size_t)er->e->opt.max_id_len);
  }
  if (json_object_object_get_ex(o, "capacity", &cap)) {
    static const char *const ch_keys[] = {"voice", "chat", "email"};
    char p[ACDR_PTR_MAX];
    int ch;
    acdr_ptr_key(p, ptr, "capacity");
    if (acdr_jobject(er, cap, p, ch_keys, NELEM(ch_keys)) == 0 ||
        json_object_is_type(cap, json_type_object))
      for (ch = 0; ch < ACDR_CHANNEL_COUNT; ch++) {
        v = a->def.capacity[ch];
        if (acdr_jint(er, cap, p, ch_keys[ch], 0, 0, 1000, &v) == 0)
          a->def.capacity[ch] = (uint32_t)v;
      }
  }
  (void)acdr_cfg_read_skills(er, o, ptr, &a->skills, &a->def.nskills);
  a->def.skills = a->skills;
  v = a->def.wrapup_ms;
  if (acdr_jint(er, o, ptr, "wrapup_ms", 0, -1, YEAR_MS, &v) == 0)
    a->def.wrapup_ms = v;
  v = a->def.ring_timeout_ms;
  if (acdr_jint(er, o, ptr, "ring_timeout_ms", 0, -1, YEAR_MS, &v) == 0)
    a->def.ring_timeout_ms = v;
  b = -1;
  if (acdr_jbool(er, o, ptr, "voice_blocks_other_channels", &b) == 0)
    a->def.voice_blocks_other_channels = b;
  read_agent_miss(er, o, ptr, &a->def);
  (void)bad;
  return er->count > before ? -1 : 0;
}

static int read_members(acdr_errs *er, json_object *o, const char *ptr,
                        acdr_cfg_queue *q) {
  json_object *arr;
  char p[ACDR_PTR_MAX];
  size_t i, n;
  if (!json_object_object_get_ex(o, "members", &arr)) return 0;
  q->has_members = 1;
  acdr_ptr_key(p, ptr, "members");
  if (!json_object_is_type(arr, json_type_array)) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, p, "expected an array of members");
    return -1;
  }
  n = json_object_array_length(arr);
  if (n > er->e->opt.max_members) {
    acdr_errs_add(er, ACDR_ERR_LIMIT, p, "%zu members > max_members %u", n,
                  er->e->opt.max_members);
    return -1;
  }
  if (!n) return 0;
  if (!(q->members = acdr_mem_calloc(&er->e->mem, n, sizeof(*q->members)))) {
    acdr_errs_add(er, ACDR_ERR_NOMEM, p, "out of memory");
    return -1;
  }
  q->nmembers = n;
  if (acdr_map_reserve(&q->member_ix, &er->e->mem, n)) {
    acdr_errs_add(er, ACDR_ERR_NOMEM, p, "out of memory");
    return -1;
  }
  for (i = 0; i < n; i++) {
    json_object *m = json_object_array_get_idx(arr, i);
    char mp[ACDR_PTR_MAX], ap[ACDR_PTR_MAX];
    int64_t pen = 0, pos = 0;
    const acdr_cfg_member *first;
    acdr_ptr_idx(mp, p, i);
    acdr_member_def_default(&q->members[i].set);
    if (json_object_is_type(m, json_type_string)) {
      /* shorthand: "a1" = {"agent": "a1"}, with the same checks */
      const char *id = json_object_get_string(m);
      if (!*id) {
        acdr_errs_add(er, ACDR_ERR_CONFIG, mp, "must not be empty");
        continue;
      }
      if (strlen(id) != (size_t)json_object_get_string_len(m)) {
        acdr_errs_add(er, ACDR_ERR_CONFIG, mp, "contains a NUL character");
        continue;
      }
      q->members[i].agent = id;
      snprintf(ap, sizeof(ap), "%s", mp); /* the string itself */
    } else {
      if (acdr_jobject(er, m, mp, member_keys, NELEM(member_keys)) != 0 &&
          !json_object_is_type(m, json_type_object))
        continue;
      (void)acdr_jstr(er, m, mp, "agent", 1, &q->members[i].agent);
      (void)acdr_jint(er, m, mp, "penalty", 0, 0, 1000000, &pen);
      (void)acdr_jint(er, m, mp, "position", 0, INT32_MIN, INT32_MAX, &pos);
      q->members[i].penalty = (int32_t)pen;
      q->members[i].position = (int32_t)pos;
      (void)acdr_cfg_read_member_def(er, m, mp, 0, &q->members[i].set);
      acdr_ptr_key(ap, mp, "agent");
    }
    if (!q->members[i].agent) continue;
    if ((first = acdr_map_get(&q->member_ix, q->members[i].agent)) != NULL)
      acdr_errs_add(er, ACDR_ERR_DUPLICATE_ID, ap,
                    "agent \"%s\" is already a member (%s/%zu)",
                    q->members[i].agent, p, (size_t)(first - q->members));
    else
      (void)acdr_map_put(&q->member_ix, &er->e->mem, q->members[i].agent,
                         &q->members[i]); /* reserved */
  }
  return 0;
}

static int read_settings(acdr_errs *er, json_object *o, const char *ptr,
                         acdr_cfg_queue *q) {
  json_object *s;
  char p[ACDR_PTR_MAX];
  size_t n, i = 0;
  if (!json_object_object_get_ex(o, "settings", &s)) return 0;
  acdr_ptr_key(p, ptr, "settings");
  if (!json_object_is_type(s, json_type_object)) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, p,
                  "expected an object {\"setting\": value}");
    return -1;
  }
  n = (size_t)json_object_object_length(s);
  if (n > 64) {
    acdr_errs_add(er, ACDR_ERR_LIMIT, p, "more than 64 strategy settings");
    return -1;
  }
  if (!n) return 0;
  if (!(q->params = acdr_mem_calloc(&er->e->mem, n, sizeof(*q->params)))) {
    acdr_errs_add(er, ACDR_ERR_NOMEM, p, "out of memory");
    return -1;
  }
  {
    json_object_object_foreach(s, key, val) {
      char tmp[32], kp[ACDR_PTR_MAX];
      const char *v = acdr_jscalar(val, tmp, sizeof(tmp));
      acdr_ptr_key(kp, p, key);
      if (!v) {
        acdr_errs_add(er, ACDR_ERR_CONFIG, kp,
                      "expected a string, integer or boolean");
        v = "";
      } else if (v == tmp) {
        /* keep the text alive with the document: store it as a string */
        json_object *js = json_object_new_string(tmp);
        if (!js || json_object_object_add(s, key, js) != 0) {
          json_object_put(js);
          acdr_errs_add(er, ACDR_ERR_NOMEM, kp, "out of memory");
          v = "";
        } else {
          v = json_object_get_string(js);
        }
      }
      q->params[i].key = key;
      q->params[i].value = v;
      i++;
    }
  }
  q->def.nparams = i;
  q->def.params = q->params;
  return 0;
}

/* A duration field (key = field name), or another numeric one. */
#define QMS(F) {#F, 0, YEAR_MS, 0, offsetof(acdr_queue_def, F)}
#define QNUM(F, LO, HI, KIND) {#F, LO, HI, KIND, offsetof(acdr_queue_def, F)}
const acdr_cfg_num acdr_cfg_queue_nums[ACDR_CFG_QUEUE_NUMS] = {
    QNUM(weight, -1000000, 1000000, 1), QMS(sl_threshold_ms),
    QMS(ring_timeout_ms), QMS(wrapup_ms), QNUM(max_len, 0, UINT32_MAX, 2),
    QMS(max_wait_ms), QMS(announce_interval_ms), QMS(short_abandon_ms),
    QNUM(max_missed, 0, 1000000, 2), QMS(no_answer_delay_ms),
    QMS(reject_delay_ms), QMS(busy_delay_ms), QMS(tier_wait_ms),
    QMS(weight_aging_ms), QMS(known_agent_hold_ms),
    QNUM(utc_offset_s, -18 * 3600, 18 * 3600, 0),
    /* since V2: conversations */
    QMS(reply_deadline_ms), QMS(reply_target_ms),
    /* since V2: pre-connect delay */
    QMS(connect_delay_ms),

    /* since V2: no-agent grace */
    QMS(no_agent_wait_ms), QMS(no_agent_grace_ms), QMS(missed_delay_ms),
    QMS(retry_ms)};
#undef QMS
#undef QNUM

#define QFLAG(F) {#F, offsetof(acdr_queue_def, F), 1}
#define QFLAG_OWN(F) {#F, offsetof(acdr_queue_def, F), 0}
const acdr_cfg_flag acdr_cfg_queue_flags[ACDR_CFG_QUEUE_FLAGS] = {
    QFLAG_OWN(join_when_empty), QFLAG_OWN(leave_when_empty),
    QFLAG_OWN(require_disposition), QFLAG_OWN(wait_for_owner),
    QFLAG_OWN(inbox), QFLAG_OWN(position_counts_ringing),
    QFLAG_OWN(weight_first), QFLAG_OWN(max_wait_rings_out),
    QFLAG_OWN(ring_timeout_restart),
    /* since V2: tier rules, ring-all across tiers */
    QFLAG(tier_by_level), QFLAG(tier_wait_multiply),
    QFLAG(tier_no_agent_no_wait), QFLAG(ring_all_tiers),
    QFLAG(ring_add_late), QFLAG(missed_busy),
    /* since V2: autopause in one queue */
    QFLAG(missed_pause_queue),
    /* since V2: autopauseunavail (written only when set) */
    QFLAG_OWN(missed_unavail)};
#undef QFLAG
#undef QFLAG_OWN

/* since V2: app_queue joinempty conditions, in bit order (ACDR_EMPTY_*) */
const char *const acdr_cfg_empty_names[ACDR_CFG_EMPTY_NAMES] = {
    "paused", "penalty", "inuse", "ringing", "unavailable", "invalid",
    "unknown", "wrapup"};

/* app_queue's shorthands for a whole list */
static uint32_t empty_shorthand(const char *w, size_t n) {
  if (n == 3 && memcmp(w, "yes", 3) == 0) return 0;
  if (n == 2 && memcmp(w, "no", 2) == 0)
    return ACDR_EMPTY_PENALTY | ACDR_EMPTY_PAUSED | ACDR_EMPTY_INVALID;
  if (n == 6 && memcmp(w, "strict", 6) == 0)
    return ACDR_EMPTY_PENALTY | ACDR_EMPTY_PAUSED | ACDR_EMPTY_INVALID |
           ACDR_EMPTY_UNAVAILABLE;
  if (n == 5 && memcmp(w, "loose", 5) == 0)
    return ACDR_EMPTY_PENALTY | ACDR_EMPTY_INVALID;
  return UINT32_MAX;
}

/* "paused,inuse" (or app_queue's yes / no / strict / loose) as bits. */
static void read_empty(acdr_errs *er, json_object *o, const char *ptr,
                       const char *key, uint32_t *out) {
  const char *s = NULL, *w;
  char p[ACDR_PTR_MAX];
  uint32_t bits = 0;
  if (acdr_jstr(er, o, ptr, key, 0, &s) != 0 || !s) return;
  acdr_ptr_key(p, ptr, key);
  for (w = s; *w;) {
    size_t n = strcspn(w, ","), k;
    uint32_t sh = empty_shorthand(w, n);
    if (sh != UINT32_MAX) {
      bits |= sh;
    } else {
      for (k = 0; k < ACDR_CFG_EMPTY_NAMES; k++)
        if (strlen(acdr_cfg_empty_names[k]) == n &&
            memcmp(w, acdr_cfg_empty_names[k], n) == 0)
          break;
      if (k == ACDR_CFG_EMPTY_NAMES) {
        acdr_errs_add(er, ACDR_ERR_CONFIG, p,
                      "unknown condition \"%.*s\" (paused, penalty, inuse, "
                      "ringing, unavailable, invalid, unknown, wrapup; or "
                      "yes, no, strict, loose)",
                      (int)(n > 64 ? 64 : n), w);
        return;
      }
      bits |= 1u << k;
    }
    w += n;
    if (*w == ',') w++;
  }
  *out = bits;
}

int64_t acdr_cfg_num_get(const acdr_cfg_num *f, const acdr_queue_def *d) {
  const void *at = (const char *)d + f->off;
  switch (f->kind) {
    case 1: return *(const int32_t *)at;
    case 2: return *(const uint32_t *)at;
    default: return *(const int64_t *)at;
  }
}

void acdr_cfg_read_kind(acdr_errs *er, json_object *o, const char *ptr,
                        const char *key, const char *what, const char *tail,
                        int32_t *out) {
  const char *s = NULL;
  char p[ACDR_PTR_MAX];
  int k;
  if (acdr_jstr(er, o, ptr, key, 0, &s) != 0 || !s) return;
  for (k = 0; k < 5; k++)
    if (strcmp(s, acdr_overflow_kind_names[k]) == 0) break;
  acdr_ptr_key(p, ptr, key);
  if (k == 5) {
    const char *hint = acdr_suggest(s, acdr_overflow_kind_names, 5);
    acdr_errs_add(er, ACDR_ERR_CONFIG, p, "unknown %s \"%s\"%s%s%s%s", what,
                  s, hint ? " (did you mean \"" : "", hint ? hint : "",
                  hint ? "\"?)" : "", tail);
  } else {
    *out = k;
  }
}

int acdr_cfg_read_queue(acdr_errs *er, json_object *o, const char *ptr,
                        int members_ok, acdr_cfg_queue *q) {
  size_t before = er->count;
  const char *s = NULL;
  int b;
  char p[ACDR_PTR_MAX];
  size_t i;
  memset(q, 0, sizeof(*q));
  snprintf(q->ptr, sizeof(q->ptr), "%s", ptr);
  acdr_queue_def_default(&q->def);
  if (acdr_jobject(er, o, ptr, queue_keys,
                   members_ok ? NELEM(queue_keys) : NELEM(queue_keys) - 2) !=
          0 &&
      !json_object_is_type(o, json_type_object))
    return -1;
  if (acdr_jstr(er, o, ptr, "id", 1, &q->def.id) == 0 &&
      strlen(q->def.id) > er->e->opt.max_id_len) {
    acdr_ptr_key(p, ptr, "id");
    acdr_errs_add(er, ACDR_ERR_LIMIT, p, "id longer than %u bytes",
                  er->e->opt.max_id_len);
  }
  /* the profile first: every key written next wins over it */
  if (acdr_jstr(er, o, ptr, "profile", 0, &s) == 0 && s) {
    int pi = acdr_profile_find(s);
    if (pi < 0) {
      size_t n;
      const char *const *names = acdr_profile_names(&n);
      const char *hint = acdr_suggest(s, names, n);
      acdr_ptr_key(p, ptr, "profile");
      acdr_errs_add(er, ACDR_ERR_CONFIG, p,
                    "unknown profile \"%s\"%s%s%s (acdroute, asterisk or "
                    "freeswitch)",
                    s, hint ? " (did you mean \"" : "", hint ? hint : "",
                    hint ? "\"?)" : "");
    } else {
      acdr_profile_apply(&q->def, pi);
    }
  }
  s = NULL;
  (void)acdr_jstr(er, o, ptr, "strategy", 0, &q->def.strategy);
  if (acdr_jstr(er, o, ptr, "channel", 0, &s) == 0 && s) {
    int ch = acdr_channel_parse(s);
    acdr_ptr_key(p, ptr, "channel");
    if (ch < 0) {
      const char *hint = acdr_suggest(s, acdr_channel_names,
                                      ACDR_CHANNEL_COUNT);
      acdr_errs_add(er, ACDR_ERR_CONFIG, p,
                    "unknown channel \"%s\"%s%s%s (voice, chat or email)", s,
                    hint ? " (did you mean \"" : "", hint ? hint : "",
                    hint ? "\"?)" : "");
    } else {
      q->def.channel = ch;
    }
  }
  for (i = 0; i < ACDR_CFG_QUEUE_NUMS; i++) {
    const acdr_cfg_num *f = &acdr_cfg_queue_nums[i];
    void *at = (char *)&q->def + f->off;
    int64_t v = acdr_cfg_num_get(f, &q->def);
    if (acdr_jint(er, o, ptr, f->key, 0, f->lo, f->hi, &v)) continue;
    switch (f->kind) {
      case 1: *(int32_t *)at = (int32_t)v; break;
      case 2: *(uint32_t *)at = (uint32_t)v; break;
      default: *(int64_t *)at = v; break;
    }
  }
  acdr_cfg_read_kind(er, o, ptr, "overflow_kind", "overflow kind", "",
                     &q->def.overflow_kind);
  read_empty(er, o, ptr, "join_empty", &q->def.join_empty);
  read_empty(er, o, ptr, "leave_empty", &q->def.leave_empty);
  if (acdr_jstr(er, o, ptr, "overflow_target", 0, &q->def.overflow_target) ==
          0 &&
      q->def.overflow_target &&
      strlen(q->def.overflow_target) > 16 * (size_t)er->e->opt.max_id_len) {
    acdr_ptr_key(p, ptr, "overflow_target");
    acdr_errs_add(er, ACDR_ERR_LIMIT, p,
                  "longer than %zu bytes (16 x max_id_len)",
                  16 * (size_t)er->e->opt.max_id_len);
  }
  if (q->def.overflow_kind == ACDR_OVERFLOW_QUEUE &&
      (!q->def.overflow_target || !*q->def.overflow_target)) {
    acdr_ptr_key(p, ptr, "overflow_target");
    acdr_errs_add(er, ACDR_ERR_CONFIG, p,
                  "overflow_kind \"queue\" needs a target queue");
  }
  /* since V2: conversations */
  s = NULL;
  if (acdr_jstr(er, o, ptr, "reply_overdue", 0, &s) == 0 && s) {
    if (strcmp(s, "alert") == 0) {
      q->def.reply_overdue = ACDR_REPLY_OVERDUE_ALERT;
    } else if (strcmp(s, "reassign") == 0) {
      q->def.reply_overdue = ACDR_REPLY_OVERDUE_REASSIGN;
    } else {
      acdr_ptr_key(p, ptr, "reply_overdue");
      acdr_errs_add(er, ACDR_ERR_CONFIG, p,
                    "unknown reply_overdue \"%s\" (alert or reassign)", s);
    }
  }
  (void)acdr_jstr(er, o, ptr, "join_message", 0, &q->def.join_message);
  s = NULL;
  if (acdr_jstr(er, o, ptr, "time_base", 0, &s) == 0 && s) {
    acdr_ptr_key(p, ptr, "time_base");
    if (strcmp(s, "queue") == 0)
      q->def.time_base = ACDR_TIME_BASE_QUEUE;
    else if (strcmp(s, "system") == 0)
      q->def.time_base = ACDR_TIME_BASE_SYSTEM;
    else
      acdr_errs_add(er, ACDR_ERR_CONFIG, p,
                    "unknown time base \"%s\" (queue or system)", s);
  }
  {
    int64_t v = q->def.abandoned_resume_ms;
    if (!acdr_jint(er, o, ptr, "abandoned_resume_ms", 0, 0, YEAR_MS, &v))
      q->def.abandoned_resume_ms = v;
  }
  for (i = 0; i < ACDR_CFG_QUEUE_FLAGS; i++) { /* every 0/1 setting */
    int32_t *at = (int32_t *)(void *)((char *)&q->def +
                                      acdr_cfg_queue_flags[i].off);
    b = *at;
    if (!acdr_jbool(er, o, ptr, acdr_cfg_queue_flags[i].key, &b)) *at = b;
  }
  {
    int64_t v = q->def.penalty_members_limit;
    if (!acdr_jint(er, o, ptr, "penalty_members_limit", 0, 0, 1000000, &v))
      q->def.penalty_members_limit = (int32_t)v;
  }
  s = NULL;
  if (acdr_jstr(er, o, ptr, "wrapup_scope", 0, &s) == 0 && s) {
    static const char *const scopes[] = {"agent", "queue", "shared"};
    int k;
    for (k = 0; k < 3 && strcmp(s, scopes[k]) != 0; k++) {}
    if (k < 3) {
      q->def.wrapup_scope = k;
    } else {
      acdr_ptr_key(p, ptr, "wrapup_scope");
      acdr_errs_add(er, ACDR_ERR_CONFIG, p,
                    "unknown wrapup_scope \"%s\" (agent, queue or shared)",
                    s);
    }
  }
  (void)acdr_cfg_read_qrules(er, o, ptr, q);
  (void)read_settings(er, o, ptr, q);
  if (members_ok) {
    (void)read_members(er, o, ptr, q);
    acdr_cfg_read_hours(er, o, ptr, &q->hours);
  }
  return er->count > before ? -1 : 0;
}

void acdr_cfg_agent_clear(acdr_engine *e, acdr_cfg_agent *a) {
  acdr_mem_free(&e->mem, a->skills);
  a->skills = NULL;
}

void acdr_cfg_queue_clear(acdr_engine *e, acdr_cfg_queue *q) {
  acdr_mem_free(&e->mem, q->params);
  acdr_mem_free(&e->mem, q->rules);
  q->rules = NULL;
  acdr_mem_free(&e->mem, q->members);
  acdr_map_free(&q->member_ix, &e->mem);
  acdr_cfg_hours_clear(e, &q->hours);
  q->params = NULL;
  q->members = NULL;
}

void acdr_cfg_free(acdr_engine *e, acdr_cfg *c) {
  size_t i;
  for (i = 0; i < c->nagents; i++) acdr_cfg_agent_clear(e, &c->agents[i]);
  for (i = 0; i < c->nqueues; i++) acdr_cfg_queue_clear(e, &c->queues[i]);
  acdr_mem_free(&e->mem, c->agents);
  acdr_mem_free(&e->mem, c->queues);
  acdr_cfg_dispositions_free(e, c);
  acdr_map_free(&c->agent_ix, &e->mem);
  acdr_map_free(&c->queue_ix, &e->mem);
  memset(c, 0, sizeof(*c));
}
