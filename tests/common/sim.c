/* SPDX-License-Identifier: MIT */
/* A seeded random event sequence for the snapshot and replay tests (see
 * sim.h). */
#include "sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sim_config =
    "{\"agents\": ["
    "{\"id\": \"a0\"}, {\"id\": \"a1\", \"skills\": {\"de\": 50}},"
    "{\"id\": \"a2\", \"capacity\": {\"voice\": 1, \"chat\": 2, \"email\": "
    "0}}, {\"id\": \"a3\"}, {\"id\": \"a4\", \"wrapup_ms\": 3000},"
    "{\"id\": \"a5\"}],"
    "\"queues\": ["
    "{\"id\": \"q0\", \"strategy\": \"longest-idle\", \"ring_timeout_ms\": "
    "8000, \"wrapup_ms\": 15000, "
    "\"max_wait_ms\": 60000, \"overflow_kind\": \"queue\", "
    "\"overflow_target\": \"q1\", \"members\": [\"a0\", \"a1\", {\"agent\": "
    "\"a2\", \"penalty\": 1}]},"
    "{\"id\": \"q1\", \"strategy\": \"round-robin\", \"wrapup_ms\": 2000, "
    "\"members\": [\"a1\", \"a3\", \"a4\"]},"
    "{\"id\": \"q2\", \"strategy\": \"random\", \"members\": [\"a0\", "
    "\"a4\", \"a5\"]},"
    "{\"id\": \"q3\", \"strategy\": \"ring-all\", \"ring_timeout_ms\": "
    "5000, \"members\": [\"a3\", \"a5\"],"
    /* open 10 minutes of every 15 on the test's Thursday (host time 0 is
     * 1970-01-01 00:00, a Thursday): contacts waiting at closing time go
     * to q1 */
    "\"hours\": {\"thursday\": [\"00:00-00:10\", \"00:15-00:25\", "
    "\"00:30-00:40\", \"00:45-00:55\", \"01:00-01:10\", \"01:15-01:25\", "
    "\"01:30-01:40\", \"01:45-01:55\", \"02:00-02:10\", \"02:15-02:25\", "
    "\"02:30-03:00\"], \"holidays\": [{\"date\": \"1970-01-02\"}], "
    "\"closed_text\": \"Open every quarter hour\", \"closed_kind\": "
    "\"queue\", \"closed_target\": \"q1\", \"at_closing\": \"overflow\"}}],"
    /* a custom catalog over the built-in one, with delayed follow-ups */
    "\"dispositions\": {\"codes\": ["
    "{\"id\": \"sale\", \"label\": \"Sale\", \"category\": \"success\", "
    "\"attrs\": [\"contact_made\", \"success\", \"final\", \"resolved\"], "
    "\"queues\": [\"q0\", \"q1\"]},"
    "{\"id\": \"no-thanks\", \"attrs\": [\"contact_made\", \"final\", "
    "\"resolved\", \"dnc\"], \"dnc_ms\": 600000},"
    "{\"id\": \"callback-requested\", \"label\": \"Call me back\", "
    "\"attrs\": [\"contact_made\", \"follow_up\", \"callback\"]}]},"
    "\"rules\": ["
    "{\"id\": \"r-cb\", \"code\": \"callback-requested\", \"action\": "
    "\"callback\", \"delay_ms\": 900000},"
    "{\"id\": \"r-sale\", \"code\": \"sale\", \"queue\": \"q0\", "
    "\"action\": \"message\", \"argument\": \"thanks\", \"delay_ms\": "
    "300000},"
    "{\"id\": \"r-dnc\", \"code\": \"not-interested\", \"action\": "
    "\"dnc\", \"delay_ms\": 45000, \"duration_ms\": 300000}],"
    "\"metrics\": {\"bucket_ms\": 300000, \"max_buckets\": 64}}";

/* Codes the sequence disposes contacts with: primary first, then tags. */
static const char *const sim_codes[] = {
    "[\"sale\"]", "[\"callback-requested\", \"interested\"]",
    "[\"no-thanks\"]", "[\"not-interested\"]", "[\"deal-closed\"]",
    "[\"do-not-contact\", \"wrong-number\"]", "[\"sale\", \"demo-booked\"]"};

static int sim_on_action(acdr_engine *e, const acdr_action *a, void *ud) {
  sim *s = ud;
  size_t n = 0;
  int i;
  (void)e;
  if (acdr_action_to_json(s->out + s->len, SIM_OUT_MAX - s->len - 1, &n,
                          a) == 0) {
    s->len += n;
    s->out[s->len++] = '\n';
    s->out[s->len] = '\0';
  }
  if (a->type == ACDR_ACTION_CONNECTED && s->nconn < 64)
    snprintf(s->conn[s->nconn++], 16, "%s", a->contact_id);
  if (a->type == ACDR_ACTION_CONTACT_ENDED ||
      a->type == ACDR_ACTION_REQUEUED)
    for (i = 0; i < s->nconn; i++)
      if (!strcmp(s->conn[i], a->contact_id)) {
        memmove(s->conn[i], s->conn[i + 1],
                (size_t)(s->nconn - i - 1) * sizeof(s->conn[0]));
        s->nconn--;
        break;
      }
  if (a->type == ACDR_ACTION_OFFER && s->noffers < 64) {
    snprintf(s->offers[s->noffers][0], 16, "%s", a->contact_id);
    snprintf(s->offers[s->noffers][1], 16, "%s", a->agent_id);
    s->noffers++;
  } else if (a->type == ACDR_ACTION_OFFER_CANCEL ||
             a->type == ACDR_ACTION_CONNECTED) {
    for (i = 0; i < s->noffers; i++)
      if (!strcmp(s->offers[i][0], a->contact_id) &&
          (a->type == ACDR_ACTION_CONNECTED ||
           !strcmp(s->offers[i][1], a->agent_id))) {
        memmove(s->offers[i], s->offers[i + 1],
                (size_t)(s->noffers - i - 1) * sizeof(s->offers[0]));
        s->noffers--;
        i--;
      }
  }
  return 0;
}

void sim_init(sim *s, int record) {
  acdr_callbacks cb;
  acdr_options opt;
  memset(s, 0, sizeof(*s));
  s->out = calloc(1, SIM_OUT_MAX);
  assert_non_null(s->out);
  memset(&cb, 0, sizeof(cb));
  cb.on_action = sim_on_action;
  acdr_options_default(&opt);
  opt.seed = 42;
  opt.record_events = record;
  assert_int_equal(acdr_engine_new(&s->e, &cb, &opt, s), 0);
}

void sim_load_config(sim *s) {
  int rv = acdr_config_apply(s->e, sim_config, strlen(sim_config),
                             ACDR_RELOAD_REFUSE, 0);
  if (rv) fail_msg("%s", acdr_config_last_errors(s->e));
}

void sim_free(sim *s) {
  acdr_engine_del(s->e);
  free(s->out);
}

uint64_t sim_rand(uint64_t *x) {
  *x ^= *x << 13;
  *x ^= *x >> 7;
  *x ^= *x << 17;
  return *x;
}

/* The i-th event line of the sequence, chosen with `chooser`'s view of the
 * ringing offers.  Errors (a contact that is gone...) are part of the
 * test: both engines must refuse alike. */
void sim_line(sim *chooser, uint64_t *x, int i, uint64_t t_ms,
                     char *line, size_t cap) {
  int k = (int)(sim_rand(x) % 100);
  int a = (int)(sim_rand(x) % 6), q = (int)(sim_rand(x) % 4);
  /* a recent contact id (arrivals are named after their event index) */
  int c = i - (int)(sim_rand(x) % 40);
  if (chooser->noffers && k % 3 == 0) k = 41; /* answer often */
  if (k < 10)
    snprintf(line, cap, "{\"t_ms\": %llu, \"ev\": \"login\", \"agent\": "
             "\"a%d\"}", (unsigned long long)t_ms, a);
  else if (k < 13)
    snprintf(line, cap, "{\"t_ms\": %llu, \"ev\": \"logout\", \"agent\": "
             "\"a%d\"}", (unsigned long long)t_ms, a);
  else if (k < 22)
    snprintf(line, cap, "{\"t_ms\": %llu, \"ev\": \"status\", \"agent\": "
             "\"a%d\", \"status\": \"%s\"}", (unsigned long long)t_ms, a,
             k == 13 ? "away" : "available");
  else if (k < 40)
    snprintf(line, cap, "{\"t_ms\": %llu, \"ev\": \"arrive\", \"contact\": "
             "\"c%d\", \"queue\": \"q%d\", \"priority\": %d%s, "
             "\"customer\": \"cu%d\"}",
             (unsigned long long)t_ms, i, q, (int)(sim_rand(x) % 3),
             k % 5 == 0 ? ", \"preferred_agent\": \"a1\"" : "", i % 13);
  else if (k < 58 && chooser->noffers) {
    int o = (int)(sim_rand(x) % (uint64_t)chooser->noffers);
    snprintf(line, cap, "{\"t_ms\": %llu, \"ev\": \"%s\", \"contact\": "
             "\"%s\", \"agent\": \"%s\"}", (unsigned long long)t_ms,
             k < 52 ? "accept" : "reject", chooser->offers[o][0],
             chooser->offers[o][1]);
    if (k >= 52) { /* ended at once: the reject's OFFER_CANCEL then finds
                    * nothing left to remove */
      memmove(chooser->offers[o], chooser->offers[o + 1],
              (size_t)(chooser->noffers - o - 1) * sizeof(chooser->offers[0]));
      chooser->noffers--;
    }
  } else if (k < 75 && chooser->nconn && k % 4) {
    int o = (int)(sim_rand(x) % (uint64_t)chooser->nconn);
    snprintf(line, cap, "{\"t_ms\": %llu, \"ev\": \"%s\", \"contact\": "
             "\"%s\"}", (unsigned long long)t_ms,
             k < 68 ? "hangup" : "wrapup_done", chooser->conn[o]);
  } else if (k < 75)
    snprintf(line, cap, "{\"t_ms\": %llu, \"ev\": \"hangup\", \"contact\": "
             "\"c%d\"}", (unsigned long long)t_ms, c);
  else if (k < 78)
    snprintf(line, cap, "{\"t_ms\": %llu, \"ev\": \"transfer\", "
             "\"contact\": \"c%d\", \"queue\": \"q%d\"}",
             (unsigned long long)t_ms, c, q);
  else if (k < 80)
    snprintf(line, cap, "{\"t_ms\": %llu, \"ev\": \"callback\", "
             "\"contact\": \"c%d\"}", (unsigned long long)t_ms, c);
  else if (k < 82)
    snprintf(line, cap, "{\"t_ms\": %llu, \"ev\": \"hold\", \"contact\": "
             "\"c%d\", \"on\": %s}", (unsigned long long)t_ms, c,
             k % 2 ? "true" : "false");
  else if (k < 86 && chooser->nconn) {
    /* most of these contacts are still talking: refused alike */
    int o = (int)(sim_rand(x) % (uint64_t)chooser->nconn);
    snprintf(line, cap, "{\"t_ms\": %llu, \"ev\": \"dispo\", \"contact\": "
             "\"%s\", \"codes\": %s}", (unsigned long long)t_ms,
             chooser->conn[o], sim_codes[sim_rand(x) % 7]);
  } else if (k == 86)
    snprintf(line, cap, "{\"t_ms\": %llu, \"ev\": \"dispo_correct\", "
             "\"contact\": \"c%d\", \"codes\": %s}",
             (unsigned long long)t_ms, c, sim_codes[sim_rand(x) % 7]);
  else if (k == 87)
    snprintf(line, cap, "{\"t_ms\": %llu, \"ev\": \"dnc_add\", \"key\": "
             "\"cu%d\", \"duration_ms\": %d}", (unsigned long long)t_ms,
             a + q, (int)(sim_rand(x) % 3) * 60000);
  else if (k == 88)
    snprintf(line, cap, "{\"t_ms\": %llu, \"ev\": \"dnc_remove\", "
             "\"key\": \"cu%d\"}", (unsigned long long)t_ms, a + q);
  else if (k == 89)
    snprintf(line, cap, "{\"t_ms\": %llu, \"ev\": \"hours\", \"queue\": "
             "\"q2\", \"hours\": %s}", (unsigned long long)t_ms,
             a % 2 ? "null"
                   : "{\"thursday\": [\"00:00-00:40\", \"01:00-01:40\", "
                     "\"02:00-02:40\"], \"closed_kind\": \"voicemail\", "
                     "\"closed_target\": \"mbox\", \"at_closing\": "
                     "\"overflow\"}");
  else
    snprintf(line, cap, "{\"t_ms\": %llu, \"ev\": \"expiry\"}",
             (unsigned long long)t_ms);
}

/* Apply a line; return its result and check the invariants. */
int sim_apply(sim *s, const char *line) {
  int rv = acdr_engine_apply_event_json(s->e, line, strlen(line));
  assert_true(rv != ACDR_ERR_PARSE);
  assert_int_equal(acdr_engine_check(s->e), 0);
  return rv;
}

/* The engine's metrics document at `now`. */
char *sim_metrics(sim *s, uint64_t t_ms) {
  char *doc = NULL;
  assert_int_equal(acdr_metrics_to_json(s->e, t_ms * ACDR_MILLISECONDS, &doc,
                                        NULL), 0);
  return doc;
}

/* Disposition statistics of both engines, everywhere and per queue and
 * code, are the same. */
void sim_same_dispo_stats(sim *a, sim *b) {
  static const char *const qs[] = {NULL, "q0", "q1", "q2", "q3"};
  static const char *const codes[] = {NULL, "sale", "no-thanks",
                                      "not-interested", "abandoned"};
  size_t i, j;
  for (i = 0; i < 5; i++)
    for (j = 0; j < 5; j++) {
      acdr_dispo_stats x, y;
      assert_int_equal(acdr_dispo_stats_get(a->e, qs[i], NULL, codes[j], &x),
                       0);
      assert_int_equal(acdr_dispo_stats_get(b->e, qs[i], NULL, codes[j], &y),
                       0);
      assert_memory_equal(&x, &y, sizeof(x));
    }
  assert_int_equal(acdr_dispo_pending_count(a->e),
                   acdr_dispo_pending_count(b->e));
  assert_int_equal(acdr_dispo_change_count(a->e),
                   acdr_dispo_change_count(b->e));
}

char *sim_snapshot(sim *s) {
  char *doc = NULL;
  assert_int_equal(acdr_engine_snapshot(s->e, &doc, NULL), 0);
  return doc;
}

void sim_pair(sim *a, sim *b, int record) {
  sim_init(a, record);
  sim_init(b, 0);
  sim_load_config(a);
}

int sim_step(sim *s, uint64_t *x, int i, uint64_t *t, char *line,
             size_t cap) {
  *t += sim_rand(x) % 4000;
  sim_line(s, x, i, *t, line, cap);
  return sim_apply(s, line);
}

int sim_expiry(sim *s, uint64_t t_ms) {
  char line[80];
  snprintf(line, sizeof(line), "{\"t_ms\": %llu, \"ev\": \"expiry\"}",
           (unsigned long long)t_ms);
  return sim_apply(s, line);
}

int sim_take_log(sim *s, char **log, size_t *len) {
  const char *p;
  int lines = 0;
  *log = NULL;
  assert_int_equal(acdr_engine_event_log_take(s->e, log, len), 0);
  for (p = *log; (p = strchr(p, '\n')); p++) lines++;
  return lines;
}

void sim_replay(sim *s, const char *log) {
  const char *p;
  for (p = log; *p;) {
    const char *nl = strchr(p, '\n');
    assert_non_null(nl);
    assert_int_equal(acdr_engine_apply_event_json(s->e, p, (size_t)(nl - p)),
                     0);
    assert_int_equal(acdr_engine_check(s->e), 0);
    p = nl + 1;
  }
}

void sim_assert_same(sim *a, sim *b, uint64_t t_ms) {
  char *x, *y;
  assert_string_equal(a->out, b->out);
  x = sim_snapshot(a);
  y = sim_snapshot(b);
  assert_string_equal(x, y);
  acdr_free(a->e, x);
  acdr_free(b->e, y);
  x = sim_metrics(a, t_ms);
  y = sim_metrics(b, t_ms);
  assert_string_equal(x, y);
  acdr_free(a->e, x);
  acdr_free(b->e, y);
  sim_same_dispo_stats(a, b);
}
