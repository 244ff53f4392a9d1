/* SPDX-License-Identifier: MIT */
/* Versioned structs: the length-by-version table and its conversions
 * (lib/core/structlen.c), on an artificial struct that has a V2, and every
 * public *_versioned entry point: an unknown version is refused with
 * ACDR_ERR_VERSION, V1 is accepted. */
#include "../common/harness.h"

#include <stdlib.h>
#include <string.h>

#include "util/structlen.h"

/* ------------------------------------------------------------------ */
/* An artificial struct with two versions                               */

/* What a program built against the V1 header has... */
typedef struct t_v1 {
  int64_t a;
  int32_t b;
} t_v1;

/* ...and the library's latest layout: V1's fields, then V2's. */
typedef struct t_v2 {
  int64_t a;
  int32_t b;
  /* since V2 */
  int64_t c;
  const char *d;
} t_v2;

static void t_default(void *p) {
  t_v2 *t = p;
  memset(t, 0, sizeof(*t));
  t->a = -1;
  t->b = -2;
  t->c = 42;
  t->d = "default";
}

/* The rows as lib/core/structlen.c writes them. */
#define T_ROW(LAST, STRIDE) {ACDR_STRUCT_LEN_TO(t_v2, LAST), (STRIDE)}
static const acdr_struct_desc tdesc = {
    "t", 2, sizeof(t_v2), t_default,
    {[1] = T_ROW(b, sizeof(t_v1)), [2] = T_ROW(d, sizeof(t_v2))}};

static void lengths(void **state) {
  (void)state;
  assert_int_equal(acdr_struct_len(&tdesc, 1), offsetof(t_v1, b) + 4);
  assert_int_equal(acdr_struct_len(&tdesc, 2), sizeof(t_v2));
  assert_int_equal(acdr_struct_stride(&tdesc, 1), sizeof(t_v1));
  assert_int_equal(acdr_struct_len(&tdesc, 0), 0);
  assert_int_equal(acdr_struct_len(&tdesc, -1), 0);
  assert_int_equal(acdr_struct_len(&tdesc, 3), 0);
  assert_int_equal(acdr_struct_len(&tdesc, 1000), 0);
  assert_int_equal(acdr_struct_stride(&tdesc, 3), 0);
  assert_true(acdr_struct_is_old(&tdesc, 1));
  assert_false(acdr_struct_is_old(&tdesc, 2));
  assert_false(acdr_struct_is_old(&tdesc, 3));
  assert_false(acdr_struct_is_old(&tdesc, 0));
}

static void to_latest(void **state) {
  /* exactly sizeof(t_v1) on the heap: reading past it trips ASan */
  t_v1 *old = malloc(sizeof(*old));
  t_v2 buf, cur = {7, 8, 9, "cur"};
  const t_v2 *p;
  int version = 1;
  (void)state;
  assert_non_null(old);
  old->a = 100;
  old->b = 200;
  p = acdr_struct_convert_to_latest(&tdesc, &buf, &version, old);
  assert_ptr_equal(p, &buf);
  assert_int_equal(version, 2);
  assert_int_equal(p->a, 100);
  assert_int_equal(p->b, 200);
  assert_int_equal(p->c, 42); /* V2 field: its default */
  assert_string_equal(p->d, "default");

  /* the latest version: no copy */
  version = 2;
  assert_ptr_equal(acdr_struct_convert_to_latest(&tdesc, &buf, &version, &cur),
                   &cur);
  assert_int_equal(version, 2);
  /* an unknown version: untouched, for the entry point to refuse */
  version = 3;
  assert_ptr_equal(acdr_struct_convert_to_latest(&tdesc, &buf, &version, &cur),
                   &cur);
  assert_int_equal(version, 3);
  version = 0;
  assert_ptr_equal(acdr_struct_convert_to_latest(&tdesc, &buf, &version, &cur),
                   &cur);
  assert_int_equal(version, 0);
  /* NULL stays NULL (the entry point reports it), the version is valid */
  version = 1;
  assert_null(acdr_struct_convert_to_latest(&tdesc, &buf, &version, NULL));
  assert_int_equal(version, 2);
  free(old);
}

static void to_old(void **state) {
  unsigned char mem[64];
  t_v2 latest = {5, 6, 7, "seven"};
  t_v1 *heap = malloc(sizeof(*heap));
  size_t i, len = acdr_struct_len(&tdesc, 1);
  (void)state;
  assert_non_null(heap);
  /* only the V1 bytes are written: the rest of the buffer is untouched */
  memset(mem, 0xab, sizeof(mem));
  acdr_struct_convert_to_old(&tdesc, 1, mem, &latest);
  assert_memory_equal(mem, &latest, len);
  for (i = len; i < sizeof(mem); i++) assert_int_equal(mem[i], 0xab);
  /* and into a struct of exactly V1's size (ASan checks the bound) */
  acdr_struct_convert_to_old(&tdesc, 1, heap, &latest);
  assert_int_equal(heap->a, 5);
  assert_int_equal(heap->b, 6);
  /* unknown version: nothing written */
  memset(mem, 0xab, sizeof(mem));
  acdr_struct_convert_to_old(&tdesc, 3, mem, &latest);
  for (i = 0; i < sizeof(mem); i++) assert_int_equal(mem[i], 0xab);
  free(heap);
}

static void default_old(void **state) {
  unsigned char mem[64];
  size_t i, len = acdr_struct_len(&tdesc, 1);
  t_v1 v1;
  (void)state;
  memset(mem, 0xab, sizeof(mem));
  assert_int_equal(acdr_struct_default_old(&tdesc, 1, mem), 1);
  memcpy(&v1, mem, len);
  assert_int_equal(v1.a, -1);
  assert_int_equal(v1.b, -2);
  for (i = len; i < sizeof(mem); i++) assert_int_equal(mem[i], 0xab);
  /* latest or unknown: the caller fills it itself */
  assert_int_equal(acdr_struct_default_old(&tdesc, 2, mem), 0);
  assert_int_equal(acdr_struct_default_old(&tdesc, 9, mem), 0);
  assert_int_equal(acdr_struct_default_old(&tdesc, 1, NULL), 0);
}

static void array_to_latest(void **state) {
  t_v1 *old = malloc(3 * sizeof(*old));
  t_v2 *l;
  int i, version = 1;
  (void)state;
  assert_non_null(old);
  for (i = 0; i < 3; i++) {
    old[i].a = 10 + i;
    old[i].b = 20 + i;
  }
  l = acdr_struct_array_to_latest(&tdesc, acdr_mem_default(), &version, old,
                                  3);
  assert_non_null(l);
  assert_int_equal(version, 2);
  for (i = 0; i < 3; i++) {
    assert_int_equal(l[i].a, 10 + i);
    assert_int_equal(l[i].b, 20 + i);
    assert_int_equal(l[i].c, 42);
    assert_string_equal(l[i].d, "default");
  }
  acdr_mem_free(acdr_mem_default(), l);
  free(old);
}

/* The real table: each struct's latest row is its version macro, the
 * rows below it exist, nothing above it. */
static void table(void **state) {
  static const struct {
    const acdr_struct_desc *d;
    int latest;
  } rows[] = {
      {ACDR_STRUCT(OPTIONS), ACDR_OPTIONS_VERSION},
      {ACDR_STRUCT(CALLBACKS), ACDR_CALLBACKS_VERSION},
      {ACDR_STRUCT(AGENT_DEF), ACDR_AGENT_DEF_VERSION},
      {ACDR_STRUCT(AGENT_INFO), ACDR_AGENT_INFO_VERSION},
      {ACDR_STRUCT(QUEUE_DEF), ACDR_QUEUE_DEF_VERSION},
      {ACDR_STRUCT(QUEUE_INFO), ACDR_QUEUE_INFO_VERSION},
      {ACDR_STRUCT(CONTACT_DEF), ACDR_CONTACT_DEF_VERSION},
      {ACDR_STRUCT(CONTACT_INFO), ACDR_CONTACT_INFO_VERSION},
      {ACDR_STRUCT(HOURS), ACDR_HOURS_VERSION},
      {ACDR_STRUCT(STRATEGY), ACDR_STRATEGY_VERSION},
      {ACDR_STRUCT(METRICS_OPTIONS), ACDR_METRICS_OPTIONS_VERSION},
      {ACDR_STRUCT(METRICS), ACDR_METRICS_VERSION},
      {ACDR_STRUCT(DISPO_CODE), ACDR_DISPO_CODE_VERSION},
      {ACDR_STRUCT(DISPO_RECORD), ACDR_DISPO_RECORD_VERSION},
      {ACDR_STRUCT(DISPO_RULE), ACDR_DISPO_RULE_VERSION},
      {ACDR_STRUCT(DISPO_STATS), ACDR_DISPO_STATS_VERSION},
      {ACDR_STRUCT(ERLANG_RESULT), ACDR_ERLANG_RESULT_VERSION},
      {ACDR_STRUCT(CUSTOMER_CONTACT), ACDR_CUSTOMER_CONTACT_VERSION},
  };
  int k, v;
  (void)state;
  for (k = 0; k < (int)(sizeof(rows) / sizeof(rows[0])); k++) {
    const acdr_struct_desc *d = rows[k].d;
    assert_non_null(d->name);
    assert_int_equal(d->latest, rows[k].latest);
    for (v = 1; v <= d->latest; v++) {
      assert_true(acdr_struct_len(d, v) > 0);
      assert_true(acdr_struct_len(d, v) <= acdr_struct_stride(d, v));
      assert_true(acdr_struct_stride(d, v) <= d->size);
    }
    assert_int_equal(acdr_struct_stride(d, d->latest), d->size);
    assert_int_equal(acdr_struct_len(d, 0), 0);
    assert_int_equal(acdr_struct_len(d, d->latest + 1), 0);
  }
}

/* ------------------------------------------------------------------ */
/* Every public *_versioned entry point                                 */

#define BAD1 0
#define BAD2 99

static int dummy_create(acdr_strategy_state **pstate,
                        const acdr_strategy_ctx *ctx, const acdr_kv *params,
                        size_t nparams, void *user_data) {
  (void)ctx, (void)params, (void)nparams, (void)user_data;
  *pstate = NULL;
  return 0;
}
static void dummy_destroy(acdr_strategy_state *state, void *user_data) {
  (void)state, (void)user_data;
}
static int dummy_select(acdr_strategy_state *state, acdr_contact_view *c,
                        acdr_tstamp now, acdr_member **out, size_t max,
                        size_t *nout, acdr_tstamp *recheck_at) {
  (void)state, (void)c, (void)now, (void)out, (void)max, (void)recheck_at;
  *nout = 0;
  return 0;
}

static void engine_new(void **state) {
  acdr_engine *e = NULL;
  acdr_options opt;
  acdr_callbacks cb;
  (void)state;
  acdr_options_default(&opt);
  memset(&cb, 0, sizeof(cb));
  assert_int_equal(acdr_engine_new_versioned(&e, BAD2, &cb, ACDR_OPTIONS_V1,
                                             &opt, NULL),
                   ACDR_ERR_VERSION);
  assert_null(e);
  assert_int_equal(acdr_engine_new_versioned(&e, ACDR_CALLBACKS_V1, &cb,
                                             BAD1, &opt, NULL),
                   ACDR_ERR_VERSION);
  assert_null(e);
  assert_int_equal(acdr_engine_new_versioned(&e, ACDR_CALLBACKS_V1, &cb,
                                             ACDR_OPTIONS_V1, &opt, NULL),
                   0);
  assert_non_null(e);
  acdr_engine_del(e);
}

/* default_versioned: V1 gives the defaults the macro gives (in the V1
 * part only, once the struct has a V2); an unknown version still fills
 * the latest layout (as it always did). */
#define SAME_DEFAULT(T, FN, V1)                                              \
  do {                                                                       \
    T a_, b_, c_;                                                            \
    memset(&a_, 0x5a, sizeof(a_));                                           \
    memset(&b_, 0x5a, sizeof(b_));                                           \
    memset(&c_, 0x5a, sizeof(c_));                                           \
    FN(V1, &a_);                                                             \
    FN(BAD2, &c_);                                                           \
    FN##_latest_(&b_);                                                       \
    assert_memory_equal(&a_, &b_, FN##_v1len_);                              \
    assert_memory_equal(&c_, &b_, sizeof(c_));                               \
    FN(V1, NULL);                                                            \
  } while (0)
/* A struct with a V2: V1 defaults write the V1 bytes only (a V1 caller's
 * struct is that long); the unknown version fills the latest layout. */
#define SAME_DEFAULT_V2(T, FN, DESC, V1)                                     \
  do {                                                                       \
    T a_, b_, c_;                                                            \
    size_t n1_ = acdr_struct_len(ACDR_STRUCT(DESC), V1);                     \
    unsigned char *p_ = (unsigned char *)&a_;                                \
    memset(&a_, 0x5a, sizeof(a_));                                           \
    memset(&b_, 0x5a, sizeof(b_));                                           \
    memset(&c_, 0x5a, sizeof(c_));                                           \
    FN(V1, &a_);                                                             \
    FN(BAD2, &c_);                                                           \
    FN##_latest_(&b_);                                                       \
    assert_true(n1_ > 0 && n1_ < sizeof(a_));                                \
    assert_memory_equal(&a_, &b_, n1_);                                      \
    assert_int_equal(p_[sizeof(a_) - 1], 0x5a); /* past V1: untouched */     \
    assert_memory_equal(&c_, &b_, sizeof(c_));                               \
  } while (0)
/* the bytes of V1 (sizeof while V1 is the latest) */
#define acdr_agent_def_default_versioned_v1len_                              \
  ACDR_STRUCT_LEN_TO(acdr_agent_def, voice_blocks_other_channels)
#define acdr_options_default_versioned_latest_(P) acdr_options_default(P)
#define acdr_options_default_versioned_v1len_ sizeof(acdr_options)
#define acdr_queue_def_default_versioned_v1len_ sizeof(acdr_queue_def)
#define acdr_contact_def_default_versioned_v1len_ sizeof(acdr_contact_def)
#define acdr_hours_default_versioned_v1len_ sizeof(acdr_hours)
#define acdr_metrics_options_default_versioned_v1len_                        \
  sizeof(acdr_metrics_options)
#define acdr_dispo_code_default_versioned_v1len_ sizeof(acdr_dispo_code)
#define acdr_dispo_rule_default_versioned_v1len_ sizeof(acdr_dispo_rule)
#define acdr_agent_def_default_versioned_latest_(P) acdr_agent_def_default(P)
#define acdr_queue_def_default_versioned_latest_(P) acdr_queue_def_default(P)
#define acdr_contact_def_default_versioned_latest_(P)                       \
  acdr_contact_def_default(P)
#define acdr_hours_default_versioned_latest_(P) acdr_hours_default(P)
#define acdr_metrics_options_default_versioned_latest_(P)                   \
  acdr_metrics_options_default(P)
#define acdr_dispo_code_default_versioned_latest_(P) acdr_dispo_code_default(P)
#define acdr_dispo_rule_default_versioned_latest_(P) acdr_dispo_rule_default(P)

static void defaults(void **state) {
  (void)state;
  SAME_DEFAULT(acdr_options, acdr_options_default_versioned,
               ACDR_OPTIONS_V1);
  SAME_DEFAULT_V2(acdr_agent_def, acdr_agent_def_default_versioned,
                  AGENT_DEF, ACDR_AGENT_DEF_V1);
  SAME_DEFAULT_V2(acdr_queue_def, acdr_queue_def_default_versioned,
                  QUEUE_DEF, ACDR_QUEUE_DEF_V1);
  SAME_DEFAULT_V2(acdr_contact_def, acdr_contact_def_default_versioned,
                  CONTACT_DEF, ACDR_CONTACT_DEF_V1);
  SAME_DEFAULT(acdr_hours, acdr_hours_default_versioned, ACDR_HOURS_V1);
  SAME_DEFAULT(acdr_metrics_options, acdr_metrics_options_default_versioned,
               ACDR_METRICS_OPTIONS_V1);
  SAME_DEFAULT(acdr_dispo_code, acdr_dispo_code_default_versioned,
               ACDR_DISPO_CODE_V1);
  SAME_DEFAULT(acdr_dispo_rule, acdr_dispo_rule_default_versioned,
               ACDR_DISPO_RULE_V1);
}

/* BAD(call with version V): V = BAD1 and V = BAD2 give ACDR_ERR_VERSION;
 * OK(call) with V1 gives 0. */
#define BAD(EXPR_OF_V)                                                       \
  do {                                                                       \
    int V = BAD1;                                                            \
    assert_int_equal((EXPR_OF_V), ACDR_ERR_VERSION);                         \
    V = BAD2;                                                                \
    assert_int_equal((EXPR_OF_V), ACDR_ERR_VERSION);                         \
  } while (0)

/* A V1-sized queue definition (V2 added the tier rules): accepted, and
 * the V2 fields get their defaults (tier_wait_multiply 1, others 0). */
static void queue_def_v1_sized(void **state) {
  size_t n1 = ACDR_STRUCT_LEN_TO(acdr_queue_def, utc_offset_s);
  void *d = malloc(n1); /* written with memcpy only: no access past n1 */
  acdr_queue_def full;
  acdr_engine *e;
  char *doc;
  (void)state;
  assert_non_null(d);
  assert_int_equal(acdr_engine_new(&e, NULL, NULL, NULL), 0);
  acdr_queue_def_default(&full);
  full.id = "q";
  memcpy(d, &full, n1);
  assert_int_equal(acdr_queue_add_versioned(e, ACDR_QUEUE_DEF_V1, d), 0);
  full.tier_wait_ms = 1000;
  memcpy(d, &full, n1);
  assert_int_equal(acdr_queue_update_versioned(e, ACDR_QUEUE_DEF_V1, d, 0),
                   0);
  assert_int_equal(acdr_config_export(e, &doc, NULL), 0);
  assert_non_null(strstr(doc, "\"tier_wait_multiply\": true"));
  assert_non_null(strstr(doc, "\"tier_by_level\": false"));
  assert_non_null(strstr(doc, "\"ring_add_late\": false"));
  acdr_free(e, doc);
  acdr_engine_del(e);
  free(d);
}

static void entry_points(void **state) {
  harness h;
  acdr_engine *e;
  acdr_agent_def ad;
  acdr_agent_info ai;
  acdr_queue_def qd;
  acdr_queue_info qi;
  acdr_contact_def cd;
  acdr_contact_info ci;
  acdr_hours hours;
  acdr_strategy st;
  acdr_metrics_options mo;
  acdr_metrics m;
  acdr_dispo_code code, codes[2];
  acdr_dispo_rule rule;
  acdr_dispo_record rec;
  acdr_dispo_stats stats;
  acdr_erlang_result er;
  (void)state;
  h_init(&h, NULL);
  e = h.e;

  /* agents */
  acdr_agent_def_default(&ad);
  ad.id = "a1";
  BAD(acdr_agent_add_versioned(e, V, &ad));
  assert_int_equal(acdr_agent_add_versioned(e, ACDR_AGENT_DEF_V1, &ad), 0);
  ad.name = "Agent One";
  BAD(acdr_agent_update_versioned(e, V, &ad));
  assert_int_equal(acdr_agent_update_versioned(e, ACDR_AGENT_DEF_V1, &ad), 0);
  BAD(acdr_agent_get_info_versioned(e, "a1", V, &ai));
  assert_int_equal(acdr_agent_get_info_versioned(e, "a1", ACDR_AGENT_INFO_V1,
                                                 &ai),
                   0);
  assert_int_equal(ai.status, ACDR_AGENT_LOGGED_OUT);

  /* queues */
  acdr_queue_def_default(&qd);
  qd.id = "q";
  qd.require_disposition = 1;
  BAD(acdr_queue_add_versioned(e, V, &qd));
  assert_int_equal(acdr_queue_add_versioned(e, ACDR_QUEUE_DEF_V1, &qd), 0);
  /* new with V2: V1 callers cannot have it */
  BAD(acdr_queue_def_profile_versioned(V, &qd, "asterisk"));
  assert_int_equal(acdr_queue_def_profile_versioned(ACDR_QUEUE_DEF_V1, &qd,
                                                    "asterisk"),
                   ACDR_ERR_VERSION);
  BAD(acdr_queue_update_versioned(e, V, &qd, 0));
  assert_int_equal(acdr_queue_update_versioned(e, ACDR_QUEUE_DEF_V1, &qd, 0),
                   0);
  BAD(acdr_queue_get_info_versioned(e, "q", 0, V, &qi));
  assert_int_equal(acdr_queue_get_info_versioned(e, "q", 0,
                                                 ACDR_QUEUE_INFO_V1, &qi),
                   0);
  assert_string_equal(qi.strategy, "longest-idle");
  { /* V2 (customer memory): a V1-sized definition (malloc'ed to its V1
     * length, so ASan sees an overrun) gets wait_for_owner 0 */
    size_t n1 = ACDR_STRUCT_LEN_TO(acdr_queue_def, utc_offset_s);
    acdr_queue_def *v1 = malloc(n1);
    char *doc = NULL;
    assert_non_null(v1);
    qd.id = "q-v1";
    memcpy(v1, &qd, n1);
    qd.id = "q";
    assert_int_equal(acdr_queue_add_versioned(e, ACDR_QUEUE_DEF_V1, v1), 0);
    qd.id = "q-v1";
    assert_int_equal(acdr_queue_update_versioned(e, ACDR_QUEUE_DEF_V1, v1, 0),
                     0);
    free(v1);
    assert_int_equal(acdr_config_export(e, &doc, NULL), 0);
    assert_null(strstr(doc, "wait_for_owner"));
    acdr_free(e, doc);
    qd.wait_for_owner = 1;
    assert_int_equal(acdr_queue_update_versioned(e, ACDR_QUEUE_DEF_V2, &qd, 0),
                     0);
    assert_int_equal(acdr_config_export(e, &doc, NULL), 0);
    assert_non_null(strstr(doc, "\"wait_for_owner\": true"));
    acdr_free(e, doc);
    assert_int_equal(acdr_queue_remove(e, "q-v1", 0, 0), 0);
    qd.id = "q";
    qd.wait_for_owner = 0;
  }
  { /* customer history (customer.h, since 1.1) */
    acdr_customer_contact cc;
    BAD(acdr_customer_history_versioned(e, "cu", 0, V, &cc));
    assert_int_equal(acdr_customer_history_versioned(
                         e, "cu", 0, ACDR_CUSTOMER_CONTACT_V1, &cc),
                     ACDR_ERR_NOT_FOUND);
  }

  /* business hours */
  acdr_hours_default(&hours);
  BAD(acdr_queue_set_hours_versioned(e, "q", V, &hours));
  assert_int_equal(acdr_queue_set_hours_versioned(e, "q", ACDR_HOURS_V1,
                                                  &hours),
                   0);
  assert_int_equal(acdr_queue_set_hours_versioned(e, "q", ACDR_HOURS_V1,
                                                  NULL),
                   0);

  /* strategies */
  memset(&st, 0, sizeof(st));
  st.name = "dummy";
  st.create = dummy_create;
  st.destroy = dummy_destroy;
  st.select = dummy_select;
  BAD(acdr_engine_register_strategy_versioned(e, V, &st));
  assert_int_equal(acdr_engine_register_strategy_versioned(
                       e, ACDR_STRATEGY_V1, &st),
                   0);
  {
    /* a V1-sized vtable (it ends at load): nothing past it is read (ASan),
     * the V2 hooks (outcome, stats) are NULL */
    size_t n1 = ACDR_STRUCT_LEN_TO(acdr_strategy, load);
    acdr_strategy tmp = st;
    unsigned char *v1 = malloc(n1);
    assert_non_null(v1);
    tmp.name = "dummy-v1";
    memcpy(v1, &tmp, n1);
    assert_int_equal(acdr_engine_register_strategy_versioned(
                         e, ACDR_STRATEGY_V1, (const acdr_strategy *)v1),
                     0);
    free(v1);
  }

  /* a contact that closes with a code, for the metrics and dispositions
   * below */
  assert_int_equal(acdr_queue_member_add(e, "q", "a1", 0, 0, S(1)), 0);
  assert_int_equal(acdr_agent_login(e, "a1", S(1)), 0);
  acdr_contact_def_default(&cd);
  cd.id = "c1";
  cd.queue = "q";
  cd.customer_id = "cust";
  BAD(acdr_contact_arrive_versioned(e, V, &cd, S(2)));
  assert_int_equal(acdr_contact_arrive_versioned(e, ACDR_CONTACT_DEF_V1, &cd,
                                                 S(2)),
                   0);
  BAD(acdr_contact_get_info_versioned(e, "c1", V, &ci));
  assert_int_equal(acdr_contact_get_info_versioned(e, "c1",
                                                   ACDR_CONTACT_INFO_V1, &ci),
                   0);
  assert_int_equal(ci.state, ACDR_CONTACT_OFFERED);
  assert_int_equal(acdr_contact_accept(e, "c1", "a1", S(3)), 0);
  assert_int_equal(acdr_contact_hangup(e, "c1", S(20)), 0);
  assert_int_equal(acdr_dispo_set(e, "c1", "deal-closed", NULL, 0, S(21)),
                   0);
  /* wrap-up time 0 has passed: the disposition closes the contact */

  /* metrics */
  acdr_metrics_options_default(&mo);
  BAD(acdr_engine_set_metrics_options_versioned(e, V, &mo));
  assert_int_equal(acdr_engine_set_metrics_options_versioned(
                       e, ACDR_METRICS_OPTIONS_V1, &mo),
                   0);
  BAD(acdr_engine_get_metrics_options_versioned(e, V, &mo));
  assert_int_equal(acdr_engine_get_metrics_options_versioned(
                       e, ACDR_METRICS_OPTIONS_V1, &mo),
                   0);
  BAD(acdr_metrics_get_engine_versioned(e, 0, ACDR_TSTAMP_MAX, S(30), V, &m));
  assert_int_equal(acdr_metrics_get_engine_versioned(
                       e, 0, ACDR_TSTAMP_MAX, S(30), ACDR_METRICS_V1, &m),
                   0);
  assert_int_equal(m.answered, 1);
  BAD(acdr_metrics_get_queue_versioned(e, "q", 0, ACDR_TSTAMP_MAX, S(30), V,
                                       &m));
  assert_int_equal(acdr_metrics_get_queue_versioned(e, "q", 0, ACDR_TSTAMP_MAX,
                                                    S(30), ACDR_METRICS_V1,
                                                    &m),
                   0);
  BAD(acdr_metrics_get_agent_versioned(e, "a1", 0, ACDR_TSTAMP_MAX, S(30), V,
                                       &m));
  assert_int_equal(acdr_metrics_get_agent_versioned(
                       e, "a1", 0, ACDR_TSTAMP_MAX, S(30), ACDR_METRICS_V1,
                       &m),
                   0);
  BAD(acdr_metrics_get_channel_versioned(e, ACDR_CHANNEL_VOICE, 0,
                                         ACDR_TSTAMP_MAX, S(30), V, &m));
  assert_int_equal(acdr_metrics_get_channel_versioned(
                       e, ACDR_CHANNEL_VOICE, 0, ACDR_TSTAMP_MAX, S(30),
                       ACDR_METRICS_V1, &m),
                   0);
  BAD(acdr_metrics_get_code_versioned(e, "deal-closed", 0, ACDR_TSTAMP_MAX,
                                      S(30), V, &m));
  assert_int_equal(acdr_metrics_get_code_versioned(
                       e, "deal-closed", 0, ACDR_TSTAMP_MAX, S(30),
                       ACDR_METRICS_V1, &m),
                   0);
  assert_int_equal(m.dispositioned, 1);

  /* dispositions */
  BAD(acdr_dispo_get_versioned(e, "c1", V, &rec));
  assert_int_equal(acdr_dispo_get_versioned(e, "c1", ACDR_DISPO_RECORD_V1,
                                            &rec),
                   0);
  assert_string_equal(rec.primary, "deal-closed");
  BAD(acdr_dispo_stats_get_versioned(e, NULL, NULL, "deal-closed", V,
                                     &stats));
  assert_int_equal(acdr_dispo_stats_get_versioned(e, NULL, NULL,
                                                  "deal-closed",
                                                  ACDR_DISPO_STATS_V1, &stats),
                   0);
  assert_int_equal(stats.code_primary, 1);

  acdr_dispo_code_default(&code);
  code.id = "extra";
  BAD(acdr_dispo_code_add_versioned(e, V, &code));
  assert_int_equal(acdr_dispo_code_add_versioned(e, ACDR_DISPO_CODE_V1, &code),
                   0);
  code.label = "Extra";
  BAD(acdr_dispo_code_update_versioned(e, V, &code));
  assert_int_equal(acdr_dispo_code_update_versioned(e, ACDR_DISPO_CODE_V1,
                                                    &code),
                   0);
  BAD(acdr_dispo_code_get_versioned(e, "extra", V, &code));
  assert_int_equal(acdr_dispo_code_get_versioned(e, "extra",
                                                 ACDR_DISPO_CODE_V1, &code),
                   0);
  assert_string_equal(code.label, "Extra");
  BAD(acdr_dispo_code_at_versioned(e, 0, V, &code));
  assert_int_equal(acdr_dispo_code_at_versioned(e, 0, ACDR_DISPO_CODE_V1,
                                                &code),
                   0);

  acdr_dispo_rule_default(&rule);
  rule.id = "r1";
  rule.code = "extra";
  rule.action = ACDR_FOLLOWUP_MESSAGE;
  BAD(acdr_dispo_rule_add_versioned(e, V, &rule));
  assert_int_equal(acdr_dispo_rule_add_versioned(e, ACDR_DISPO_RULE_V1, &rule),
                   0);
  BAD(acdr_dispo_rule_get_versioned(e, "r1", V, &rule));
  assert_int_equal(acdr_dispo_rule_get_versioned(e, "r1", ACDR_DISPO_RULE_V1,
                                                 &rule),
                   0);
  assert_int_equal(acdr_dispo_rule_remove(e, "r1"), 0);

  acdr_dispo_code_default(&codes[0]);
  acdr_dispo_code_default(&codes[1]);
  codes[0].id = "x1";
  codes[1].id = "x2";
  BAD(acdr_dispo_catalog_set_versioned(e, V, codes, 2));
  assert_int_equal(acdr_dispo_catalog_set_versioned(e, ACDR_DISPO_CODE_V1,
                                                    codes, 2),
                   0);
  assert_int_equal(acdr_dispo_code_count(e), 2);

  /* Erlang (no engine) */
  BAD(acdr_erlang_c_versioned(V, &er, 0.1, 180.0, 25, 20.0));
  assert_int_equal(acdr_erlang_c_versioned(ACDR_ERLANG_RESULT_V1, &er, 0.1,
                                           180.0, 25, 20.0),
                   0);
  BAD(acdr_erlang_a_versioned(V, &er, 0.1, 180.0, 60.0, 25, 20.0));
  assert_int_equal(acdr_erlang_a_versioned(ACDR_ERLANG_RESULT_V1, &er, 0.1,
                                           180.0, 60.0, 25, 20.0),
                   0);
  h_free(&h);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(lengths),      cmocka_unit_test(to_latest),
      cmocka_unit_test(to_old),       cmocka_unit_test(default_old),
      cmocka_unit_test(array_to_latest), cmocka_unit_test(table),
      cmocka_unit_test(engine_new),   cmocka_unit_test(defaults),
      cmocka_unit_test(entry_points), cmocka_unit_test(queue_def_v1_sized),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
