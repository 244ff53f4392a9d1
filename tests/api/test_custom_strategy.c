/* SPDX-License-Identifier: MIT */
/* A strategy defined outside the library, through the installed plug-in
 * header only: "alphabetical" offers to the ready member with the
 * smallest agent id.  Registration errors leave the engine unchanged. */
#include "harness.h"

#include <acdroute/sys/strategy.h>
#include <string.h>

/* Ready members in an array (swap-remove, position in the index slot);
 * select scans it: O(n), fine for a test plug-in. */
typedef struct alpha_state {
  acdr_strategy_host *host;
  acdr_member **ready;
  size_t len, cap;
  int *destroyed; /* counts destroy() calls */
} alpha_state;

static int alpha_create(acdr_strategy_state **out,
                        const acdr_strategy_ctx *ctx, const acdr_kv *params,
                        size_t nparams, void *ud) {
  alpha_state *s;
  (void)params;
  if (nparams) {
    acdr_strategy_set_error(ctx->host, "alphabetical: no settings");
    return ACDR_ERR_STRATEGY;
  }
  if (!(s = acdr_strategy_malloc(ctx->host, sizeof(*s)))) return ACDR_ERR_NOMEM;
  memset(s, 0, sizeof(*s));
  s->host = ctx->host;
  s->destroyed = ud;
  *out = (acdr_strategy_state *)s;
  return 0;
}

static void alpha_destroy(acdr_strategy_state *st, void *ud) {
  alpha_state *s = (alpha_state *)st;
  (void)ud;
  if (s->destroyed) (*s->destroyed)++;
  acdr_strategy_free(s->host, s->ready);
  acdr_strategy_free(s->host, s);
}

static int alpha_member_add(acdr_strategy_state *st, acdr_member *m) {
  alpha_state *s = (alpha_state *)st;
  (void)m;
  if (s->cap == s->len) {
    size_t ncap = s->cap ? 2 * s->cap : 4;
    acdr_member **p =
        acdr_strategy_realloc(s->host, s->ready, ncap * sizeof(*p));
    if (!p) return ACDR_ERR_NOMEM;
    s->ready = p;
    s->cap = ncap;
  }
  return 0;
}

static int alpha_ready(acdr_strategy_state *st, acdr_member *m) {
  alpha_state *s = (alpha_state *)st;
  if (s->len == s->cap) return ACDR_ERR_NOMEM;
  acdr_member_set_index(m, s->len);
  s->ready[s->len++] = m;
  return 0;
}

static void alpha_unready(acdr_strategy_state *st, acdr_member *m) {
  alpha_state *s = (alpha_state *)st;
  size_t i = acdr_member_get_index(m);
  s->ready[i] = s->ready[--s->len];
  acdr_member_set_index(s->ready[i], i);
}

static int alpha_select(acdr_strategy_state *st, acdr_contact_view *c,
                        acdr_tstamp now, acdr_member **out, size_t max,
                        size_t *nout, acdr_tstamp *recheck) {
  alpha_state *s = (alpha_state *)st;
  acdr_member *best = NULL;
  size_t i;
  (void)now;
  (void)max;
  (void)recheck;
  *nout = 0;
  if (acdr_contact_view_offer_count(c)) return 0;
  for (i = 0; i < s->len; i++)
    if (!best || strcmp(acdr_member_agent_id(s->ready[i]),
                        acdr_member_agent_id(best)) < 0)
      best = s->ready[i];
  if (best) {
    out[0] = best;
    *nout = 1;
  }
  return 0;
}

static acdr_strategy alphabetical(int *destroyed) {
  acdr_strategy s;
  memset(&s, 0, sizeof(s));
  s.name = "alphabetical";
  s.user_data = destroyed;
  s.create = alpha_create;
  s.destroy = alpha_destroy;
  s.member_add = alpha_member_add;
  s.member_ready = alpha_ready;
  s.member_unready = alpha_unready;
  s.select = alpha_select;
  return s;
}

static void routes(void **state) {
  harness h;
  int destroyed = 0;
  acdr_strategy s = alphabetical(&destroyed);
  (void)state;
  h_init(&h, NULL);
  assert_int_equal(acdr_engine_register_strategy(h.e, &s), 0);
  /* the vtable was copied: changing ours changes nothing */
  s.name = "changed";
  s.select = NULL;
  assert_int_equal(acdr_engine_strategy_count(h.e), 14);
  assert_string_equal(acdr_engine_strategy_name(h.e, 13), "alphabetical");
  h_queue(&h, "q", "alphabetical");
  h_agents(&h, "mia bob zoe ann");
  h_members(&h, "q", "mia:0:0 bob:0:1 zoe:0:2 ann:0:3");
  h_logins(&h, "zoe:1 mia:1 bob:1");
  h_arrive(&h, "c1", "q", S(2));
  h_arrive(&h, "c2", "q", S(2));
  h_expect(&h, "OFFER c1 bob\nOFFER c2 mia\n");
  h_login(&h, "ann", S(3));
  h_arrive(&h, "c3", "q", S(3));
  h_expect(&h, "OFFER c3 ann\n");
  h_accept(&h, "c2", "mia", S(4));
  h_accept(&h, "c3", "ann", S(4));
  h_expect(&h, "CONNECTED c2 mia\nCONNECTED c3 ann\n");
  /* bob rings out: c1 goes to zoe, the last one free */
  h_advance(&h, S(17));
  h_expect(&h, "CANCEL c1 bob no-answer\nOFFER c1 zoe\n");
  h_free(&h);
  assert_int_equal(destroyed, 2); /* settings check at queue_add + tier */
}

H_TEST(registration_errors) {
  acdr_strategy s = alphabetical(NULL);
  acdr_queue_def d;
  acdr_kv kv = {"x", "1"};
  assert_int_equal(acdr_engine_register_strategy(NULL, &s),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_engine_register_strategy(h->e, NULL),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_engine_register_strategy_versioned(h->e, 99, &s),
                   ACDR_ERR_VERSION);
  s.select = NULL;
  assert_int_equal(acdr_engine_register_strategy(h->e, &s),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "select"));
  s = alphabetical(NULL);
  s.name = "";
  assert_int_equal(acdr_engine_register_strategy(h->e, &s),
                   ACDR_ERR_INVALID_ARGUMENT);
  s.name = "linear"; /* a built-in's name */
  assert_int_equal(acdr_engine_register_strategy(h->e, &s),
                   ACDR_ERR_DUPLICATE_ID);
  assert_int_equal(acdr_engine_strategy_count(h->e), 13);
  s.name = "alphabetical";
  assert_int_equal(acdr_engine_register_strategy(h->e, &s), 0);
  assert_int_equal(acdr_engine_register_strategy(h->e, &s),
                   ACDR_ERR_DUPLICATE_ID);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "alphabetical"));
  assert_int_equal(acdr_engine_strategy_count(h->e), 14);
  /* the plug-in's own message reaches the host */
  acdr_queue_def_default(&d);
  d.id = "q";
  d.strategy = "alphabetical";
  d.params = &kv;
  d.nparams = 1;
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_STRATEGY);
  assert_string_equal(acdr_engine_last_error(h->e),
                      "alphabetical: no settings");
  h_check(h);
}

H_MAIN(T(routes), T(registration_errors))
