/* SPDX-License-Identifier: MIT */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *h_end_reason(int r) {
  static const char *n[] = {"none",        "completed", "abandoned",
                            "timed-out",   "overflowed", "transferred",
                            "callback",    "rejected"};
  return r >= 0 && r <= 7 ? n[r] : "?";
}

const char *h_cancel_reason(int r) {
  static const char *n[] = {"?", "answered-elsewhere", "no-answer",
                            "caller-hangup", "agent-unavailable",
                            "withdrawn", "rejected"};
  return r >= 0 && r <= 6 ? n[r] : "?";
}

static const char *status_name(int s) {
  return s == ACDR_AGENT_LOGGED_OUT ? "logged-out"
         : s == ACDR_AGENT_AVAILABLE ? "available"
                                     : "away";
}

static const char *activity_name(int s) {
  static const char *n[] = {"idle", "offered", "on-contact", "wrapup"};
  return s >= 0 && s <= 3 ? n[s] : "?";
}

static void addf(harness *h, const char *fmt, ...) {
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(h->log + h->len, H_LOG_MAX - h->len, fmt, ap);
  va_end(ap);
  if (n > 0 && h->len + (size_t)n < H_LOG_MAX) h->len += (size_t)n;
}

static int on_action(acdr_engine *e, const acdr_action *a, void *ud) {
  harness *h = ud;
  (void)e;
  h->nactions++;
  switch (a->type) {
    case ACDR_ACTION_OFFER:
      addf(h, "OFFER %s %s\n", a->contact_id, a->agent_id);
      break;
    case ACDR_ACTION_OFFER_CANCEL:
      addf(h, "CANCEL %s %s %s\n", a->contact_id, a->agent_id,
           h_cancel_reason(a->reason));
      break;
    case ACDR_ACTION_CONNECTED:
      addf(h, "CONNECTED %s %s\n", a->contact_id, a->agent_id);
      break;
    case ACDR_ACTION_QUEUED:
      if (h->verbose)
        addf(h, "QUEUED %s %s %lld\n", a->contact_id, a->queue_id,
             (long long)a->position);
      break;
    case ACDR_ACTION_WRAPUP:
      addf(h, "WRAPUP %s %s\n", a->contact_id, a->agent_id);
      break;
    case ACDR_ACTION_CONTACT_ENDED:
      addf(h, "ENDED %s %s\n", a->contact_id, h_end_reason(a->reason));
      break;
    case ACDR_ACTION_AGENT_STATE:
      if (h->verbose)
        addf(h, "AGENT %s %s %s%s%s\n", a->agent_id, status_name(a->reason),
             activity_name(a->activity), a->text ? " " : "",
             a->text ? a->text : "");
      break;
    case ACDR_ACTION_ANNOUNCE:
      if (h->verbose)
        addf(h, "ANNOUNCE %s %d %lld\n", a->contact_id, (int)a->reason,
             (long long)a->position);
      break;
    case ACDR_ACTION_OVERFLOW:
      addf(h, "OVERFLOW %s %d %s\n", a->contact_id, (int)a->reason,
           a->text ? a->text : "-");
      break;
    case ACDR_ACTION_CALLBACK:
      addf(h, "CALLBACK %s %s\n", a->contact_id, a->agent_id);
      break;
    case ACDR_ACTION_FOLLOWUP:
      addf(h, "FOLLOWUP %d %s\n", (int)a->reason, a->text ? a->text : "-");
      break;
    case ACDR_ACTION_REQUEUED:
      addf(h, "REQUEUED %s %s\n", a->contact_id, a->queue_id);
      break;
    case ACDR_ACTION_REPLY_OVERDUE:
      addf(h, "OVERDUE %s %s %s %lld\n", a->contact_id, a->agent_id,
           a->reason == ACDR_REPLY_OVERDUE_REASSIGN ? "reassign" : "alert",
           (long long)a->value_ms);
      break;
    default:
      addf(h, "ACTION %d\n", (int)a->type);
  }
  return h->hook ? h->hook(h, a) : 0;
}

void h_init(harness *h, const acdr_options *opt) {
  acdr_callbacks cb;
  memset(h, 0, sizeof(*h));
  memset(&cb, 0, sizeof(cb));
  cb.on_action = on_action;
  assert_int_equal(acdr_engine_new(&h->e, &cb, opt, h), 0);
}

void h_start(harness *h) { h_init(h, NULL); }

void h_free(harness *h) {
  acdr_engine_del(h->e);
  h->e = NULL;
}

const char *h_take(harness *h) {
  static char out[H_LOG_MAX];
  memcpy(out, h->log, h->len);
  out[h->len] = '\0';
  h->len = 0;
  h->log[0] = '\0';
  return out;
}

void h_expect_(harness *h, const char *expected, const char *file, int line) {
  const char *got = h_take(h);
  if (strcmp(got, expected) != 0) {
    print_error("%s:%d: actions differ\n--- expected\n%s--- got\n%s---\n",
                file, line, expected, got);
    _fail(file, line);
  }
}

void h_check_(harness *h, const char *file, int line) {
  int rv = acdr_engine_check(h->e);
  if (rv != 0) {
    print_error("%s:%d: invariant: %s\n", file, line,
                acdr_engine_last_error(h->e));
    _fail(file, line);
  }
}

void h_agent_caps(harness *h, const char *id, uint32_t voice, uint32_t chat,
                  uint32_t email) {
  acdr_agent_def d;
  acdr_agent_def_default(&d);
  d.id = id;
  d.capacity[ACDR_CHANNEL_VOICE] = voice;
  d.capacity[ACDR_CHANNEL_CHAT] = chat;
  d.capacity[ACDR_CHANNEL_EMAIL] = email;
  assert_int_equal(acdr_agent_add(h->e, &d), 0);
  h_check(h);
}

void h_agent(harness *h, const char *id) { h_agent_caps(h, id, 1, 0, 0); }

void h_queue(harness *h, const char *id, const char *strategy) {
  acdr_queue_def d;
  acdr_queue_def_default(&d);
  d.id = id;
  d.strategy = strategy;
  assert_int_equal(acdr_queue_add(h->e, &d), 0);
  h_check(h);
}

void h_member(harness *h, const char *q, const char *a, int32_t penalty,
              int32_t pos, acdr_tstamp now) {
  int rv = acdr_queue_member_add(h->e, q, a, penalty, pos, now);
  if (rv) print_error("member_add: %s\n", acdr_engine_last_error(h->e));
  assert_int_equal(rv, 0);
  h_check(h);
}

#define H_CALL(expr) CALL(h, expr)

void h_login(harness *h, const char *a, acdr_tstamp now) {
  H_CALL(acdr_agent_login(h->e, a, now));
}

void h_arrive(harness *h, const char *c, const char *q, acdr_tstamp now) {
  acdr_contact_def d;
  acdr_contact_def_default(&d);
  d.id = c;
  d.queue = q;
  H_CALL(acdr_contact_arrive(h->e, &d, now));
}

void h_accept(harness *h, const char *c, const char *a, acdr_tstamp now) {
  H_CALL(acdr_contact_accept(h->e, c, a, now));
}

void h_hangup(harness *h, const char *c, acdr_tstamp now) {
  H_CALL(acdr_contact_hangup(h->e, c, now));
}

void h_expiry(harness *h, acdr_tstamp now) {
  H_CALL(acdr_engine_handle_expiry(h->e, now));
}

void h_advance(harness *h, acdr_tstamp until) {
  for (;;) {
    acdr_tstamp t = acdr_engine_get_expiry(h->e);
    if (t > until) break;
    h_expiry(h, t < acdr_engine_now(h->e) ? acdr_engine_now(h->e) : t);
  }
  if (until > acdr_engine_now(h->e)) h_expiry(h, until);
}

void h_qdef(acdr_queue_def *d, const char *id, const char *strategy) {
  acdr_queue_def_default(d);
  d->id = id;
  d->strategy = strategy;
}

void h_qadd(harness *h, const acdr_queue_def *d) {
  H_CALL(acdr_queue_add(h->e, d));
}

int h_status(harness *h, const char *agent) {
  acdr_agent_info info;
  H_CALL(acdr_agent_get_info(h->e, agent, &info));
  return info.status;
}

void h_serve(harness *h, const char *c, const char *q, const char *agent,
             acdr_tstamp t, acdr_tstamp talk) {
  char want[128];
  h_arrive(h, c, q, t);
  snprintf(want, sizeof(want), "OFFER %s %s\n", c, agent);
  h_expect(h, want);
  h_accept(h, c, agent, t);
  h_hangup(h, c, t + talk);
  (void)h_take(h);
}

/* Call f for each space-separated word of `list`, split at ':' into at
 * most three fields (missing ones are NULL). */
static void each_word(harness *h, const char *list, const char *arg,
                      void (*f)(harness *, const char *, char **)) {
  char buf[1024], *save = NULL, *w;
  assert_true(strlen(list) < sizeof(buf));
  strcpy(buf, list);
  for (w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
    char *field[3] = {NULL, NULL, NULL};
    int i;
    for (i = 0; i < 3 && w; i++) {
      field[i] = w;
      w = strchr(w, ':');
      if (w) *w++ = '\0';
    }
    f(h, arg, field);
  }
}

static void agent_word(harness *h, const char *arg, char **f) {
  (void)arg;
  h_agent(h, f[0]);
}

static void member_word(harness *h, const char *q, char **f) {
  assert_non_null(f[2]);
  h_member(h, q, f[0], (int32_t)atoi(f[1]), (int32_t)atoi(f[2]), 0);
}

static void login_word(harness *h, const char *arg, char **f) {
  (void)arg;
  assert_non_null(f[1]);
  h_login(h, f[0], S(atoll(f[1])));
}

void h_agents(harness *h, const char *ids) {
  each_word(h, ids, NULL, agent_word);
}

void h_members(harness *h, const char *q, const char *spec) {
  each_word(h, spec, q, member_word);
}

void h_logins(harness *h, const char *spec) {
  each_word(h, spec, NULL, login_word);
}

void h_solo(harness *h) {
  acdr_queue_def d;
  acdr_queue_def_default(&d);
  d.id = "q";
  d.ring_timeout_ms = 0;
  assert_int_equal(acdr_queue_add(h->e, &d), 0);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", 0);
}

void h_cdef(acdr_contact_def *d, const char *q, const acdr_kv *attr,
            const acdr_skill *skill) {
  acdr_contact_def_default(d);
  d->queue = q;
  d->attrs = attr;
  d->nattrs = 1;
  d->skills = skill;
  d->nskills = 1;
}

void h_team(harness *h, const char *q, const char *strategy,
            const char *agents, const char *members, const char *logins) {
  h_agents(h, agents);
  h_queue(h, q, strategy);
  h_members(h, q, members);
  if (logins) h_logins(h, logins);
}

long h_nactions;

int h_count_action(acdr_engine *e, const acdr_action *a, void *ud) {
  (void)e;
  (void)a;
  (void)ud;
  h_nactions++;
  return 0;
}
