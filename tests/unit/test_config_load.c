/* SPDX-License-Identifier: MIT */
/* Configuration documents: every example loads, broken documents are
 * rejected with exact messages and change nothing, export round-trips,
 * and a reload keeps waiting contacts. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf;
  long n;
  assert_non_null(f);
  assert_int_equal(fseek(f, 0, SEEK_END), 0);
  n = ftell(f);
  assert_true(n >= 0);
  rewind(f);
  buf = malloc((size_t)n + 1);
  assert_non_null(buf);
  assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
  buf[n] = '\0';
  fclose(f);
  *len = (size_t)n;
  return buf;
}

static void load_ok(acdr_engine *e, const char *doc) {
  int rv = acdr_config_apply(e, doc, strlen(doc), ACDR_RELOAD_REFUSE,
                             acdr_engine_now(e));
  if (rv) fail_msg("load failed: %s", acdr_config_last_errors(e));
  assert_int_equal(acdr_engine_check(e), 0);
}

static int apply_str(acdr_engine *e, const char *doc, int rw,
                     acdr_tstamp now) {
  return acdr_config_apply(e, doc, strlen(doc), rw, now);
}

static char *export_(acdr_engine *e) {
  char *out = NULL;
  size_t len = 0;
  assert_int_equal(acdr_config_export(e, &out, &len), 0);
  assert_int_equal(strlen(out), len);
  return out;
}

static void examples_load_and_round_trip(void **state) {
  static const char *const names[] = {"small-office.json",
                                      "sales-support.json",
                                      "hunt-groups.json"};
  char dir[512];
  const char *slash;
  size_t i;
  (void)state;
  /* examples/configs relative to this source file */
  slash = strrchr(__FILE__, '/');
  snprintf(dir, sizeof(dir), "%.*s/../../examples/configs",
           (int)(slash - __FILE__), __FILE__);
  for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
    char path[600];
    size_t len;
    char *doc, *x1, *x2;
    acdr_engine *e1, *e2;
    snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
    doc = read_file(path, &len);
    assert_int_equal(acdr_engine_new(&e1, NULL, NULL, NULL), 0);
    assert_int_equal(acdr_config_apply(e1, doc, len, ACDR_RELOAD_REFUSE, 0),
                     0);
    x1 = export_(e1);
    /* the export loads into a new engine and exports identically */
    assert_int_equal(acdr_engine_new(&e2, NULL, NULL, NULL), 0);
    load_ok(e2, x1);
    x2 = export_(e2);
    assert_string_equal(x1, x2);
    /* applying the same document again changes nothing */
    load_ok(e1, doc);
    acdr_free(e2, x2);
    x2 = export_(e1);
    assert_string_equal(x1, x2);
    acdr_free(e1, x1);
    acdr_free(e1, x2);
    acdr_engine_del(e1);
    acdr_engine_del(e2);
    free(doc);
  }
}

/* A document must fail with `code` and exactly these messages. */
static void expect_errors(const char *doc, int code, const char *msgs) {
  acdr_engine *e;
  char *before, *after;
  assert_int_equal(acdr_engine_new(&e, NULL, NULL, NULL), 0);
  load_ok(e, "{\"agents\": [{\"id\": \"keep\"}], \"queues\": [{\"id\": "
             "\"kq\", \"members\": [\"keep\"]}]}");
  before = export_(e);
  assert_int_equal(
      acdr_config_apply(e, doc, strlen(doc), ACDR_RELOAD_REFUSE, 0), code);
  assert_string_equal(acdr_config_last_errors(e), msgs);
  /* the first message is also the engine's last error */
  assert_memory_equal(acdr_engine_last_error(e), msgs,
                      strcspn(msgs, "\n"));
  after = export_(e);
  assert_string_equal(before, after); /* nothing changed */
  assert_int_equal(acdr_config_validate(e, doc, strlen(doc),
                                        ACDR_RELOAD_REFUSE),
                   code);
  acdr_free(e, before);
  acdr_free(e, after);
  acdr_engine_del(e);
}

static void broken_documents(void **state) {
  (void)state;
  expect_errors("{\"agents\": [", ACDR_ERR_PARSE,
                "(document): malformed JSON at line 1, column 13: unexpected "
                "end of document");
  expect_errors("{\n  \"agents\": [}\n", ACDR_ERR_PARSE,
                "(document): malformed JSON at line 2, column 14: unexpected "
                "character");
  expect_errors("{} x", ACDR_ERR_PARSE,
                "(document): malformed JSON at line 1, column 4: unexpected "
                "text after the JSON value");
  expect_errors(
      "{\"queues\": [{\"id\": \"q0\"}, {\"id\": \"q1\"}, {\"id\": \"q2\"}, "
      "{\"id\": \"q3\", \"strategy\": \"longest-idel\"}]}",
      ACDR_ERR_UNKNOWN_STRATEGY,
      "/queues/3/strategy: unknown strategy \"longest-idel\" (did you mean "
      "\"longest-idle\"?)");
  /* all errors of a document, in document order */
  expect_errors(
      "{\"version\": 1, \"agnets\": [],\n"
      " \"agents\": [{\"id\": \"a1\", \"capacity\": {\"voice\": 2000}},\n"
      "              {\"id\": \"a1\", \"skils\": {}},\n"
      "              {\"id\": 7, \"wrapup_ms\": \"long\"}],\n"
      " \"queues\": [{\"id\": \"q\", \"channel\": \"fax\", "
      "\"members\": [\"a1\", \"zed\", {\"agent\": \"a1\"}],\n"
      "              \"overflow_kind\": \"queue\", \"overflow_target\": "
      "\"qq\"}]}",
      ACDR_ERR_CONFIG,
      "/agnets: unknown key \"agnets\" (did you mean \"agents\"?)\n"
      "/agents/0/capacity/voice: 2000 outside 0..1000\n"
      "/agents/1/skils: unknown key \"skils\" (did you mean \"skills\"?)\n"
      "/agents/2/id: expected a string, got an integer\n"
      "/agents/2/wrapup_ms: expected an integer, got a string\n"
      "/queues/0/channel: unknown channel \"fax\" (voice, chat or email)\n"
      "/queues/0/members/2/agent: agent \"a1\" is already a member "
      "(/queues/0/members/0)\n"
      "/agents/1/id: duplicate agent id \"a1\" (also /agents/0)\n"
      "/queues/0/overflow_target: unknown queue \"qq\" (did you mean "
      "\"q\"?)\n"
      "/queues/0/members/1/agent: unknown agent \"zed\"");
  expect_errors("{\"version\": 2}", ACDR_ERR_VERSION,
                "/version: configuration format 2 is newer than this library "
                "(reads up to 1)");
  expect_errors("[1, 2]", ACDR_ERR_CONFIG,
                "(document): expected an object, got an array");
  expect_errors("{\"queues\": [{\"id\": \"q\", \"strategy\": "
                "\"longest-idle\", \"settings\": {\"speed\": 3}}]}",
                ACDR_ERR_STRATEGY,
                "/queues/0/settings: strategy \"longest-idle\": unknown setting "
                "\"speed\"");
}

H_TEST(reload_keeps_waiting_contacts) {
  acdr_contact_info ci;
  load_ok(h->e, "{\"agents\": [{\"id\": \"a1\"}, {\"id\": \"a2\"}], "
               "\"queues\": [{\"id\": \"q\", \"members\": [\"a1\"]}, "
               "{\"id\": \"old\", \"members\": [\"a2\"]}]}");
  h_arrive(h, "c1", "q", S(1));
  h_arrive(h, "c2", "old", S(1));
  h_expect(h, ""); /* nobody logged in: both wait */
  /* "old" disappears while c2 waits: refused, nothing changed */
  assert_int_equal(
      apply_str(h->e,
                        "{\"agents\": [{\"id\": \"a1\"}, {\"id\": \"a2\"}], "
                        "\"queues\": [{\"id\": \"q\", \"members\": [\"a1\", "
                        "\"a2\"]}]}",
                        ACDR_RELOAD_REFUSE, S(2)),
      ACDR_ERR_IN_USE);
  assert_string_equal(acdr_config_last_errors(h->e),
                      "/queues: queue \"old\" is left out but has contacts "
                      "waiting (reload with ACDR_RELOAD_OVERFLOW to send them "
                      "to its overflow target)");
  /* a2 joins q; c1 keeps waiting; a1 logs in and gets c1 */
  load_ok(h->e, "{\"agents\": [{\"id\": \"a1\"}, {\"id\": \"a2\"}], "
               "\"queues\": [{\"id\": \"q\", \"members\": [\"a1\", \"a2\"]}, "
               "{\"id\": \"old\", \"members\": [\"a2\"]}]}");
  assert_int_equal(acdr_contact_get_info(h->e, "c1", &ci), 0);
  assert_int_equal(ci.state, ACDR_CONTACT_WAITING);
  assert_int_equal(ci.position, 1);
  h_login(h, "a2", S(3));
  h_expect(h, "OFFER c1 a2\n");
  h_check(h);
  /* with OVERFLOW the waiting contact leaves through the overflow path */
  assert_int_equal(
      apply_str(h->e,
                        "{\"agents\": [{\"id\": \"a1\"}, {\"id\": \"a2\"}], "
                        "\"queues\": [{\"id\": \"q\", \"members\": [\"a1\", "
                        "\"a2\"]}]}",
                        ACDR_RELOAD_OVERFLOW, S(4)),
      0);
  assert_int_equal(acdr_contact_get_info(h->e, "c2", &ci),
                   ACDR_ERR_CONTACT_NOT_FOUND);
  assert_int_equal(acdr_contact_get_info(h->e, "c1", &ci), 0);
  assert_int_equal(ci.state, ACDR_CONTACT_OFFERED);
  h_check(h);
}

/* "dispositions", "rules", "metrics" and queue "hours": errors with their
 * places, what a load does, and what a reload keeps. */
static void module_sections(void **state) {
  acdr_engine *e;
  acdr_dispo_code code;
  acdr_dispo_rule rule;
  acdr_metrics_options mo;
  int32_t open = 1;
  acdr_tstamp next = 0;
  char *x1, *x2;
  static const char *const base =
      "{\"queues\": [{\"id\": \"sales\", \"hours\": {\"thursday\": "
      "[\"13:00-18:00\", \"08:00-12:00\", \"11:00-12:30\"], \"holidays\": "
      "[{\"date\": \"1970-01-08\", \"open\": [\"09:00-10:00\"]}], "
      "\"closed_kind\": \"queue\", \"closed_target\": \"support\"}}, "
      "{\"id\": \"support\"}], "
      "\"dispositions\": {\"codes\": [{\"id\": \"sale\", \"attrs\": "
      "[\"success\", \"contact_made\"], \"queues\": [\"sales\"], "
      "\"auto_end_reason\": \"completed\"}]}, "
      "\"rules\": [{\"id\": \"r1\", \"code\": \"sale\", \"queue\": "
      "\"sales\", \"action\": \"message\", \"argument\": \"thanks\", "
      "\"delay_ms\": 60000}], "
      "\"metrics\": {\"bucket_ms\": 60000, \"sl_variant\": \"answered\"}}";
  (void)state;
  expect_errors(
      "{\"queues\": [{\"id\": \"sales\", \"hours\": {\"monday\": "
      "[\"9:00-17:00\", \"18:00-17:00\"], \"funday\": [], \"holidays\": "
      "[{\"date\": \"2025-02-30\"}, {\"date\": \"2025-12-25\"}, "
      "{\"date\": \"2025-12-25\"}], \"closed_kind\": \"queue\", "
      "\"closed_target\": \"sale\", \"at_closing\": \"later\"}}], "
      "\"dispositions\": {\"codes\": [{\"id\": \"sale\", \"attrs\": "
      "[\"sucess\"], \"queues\": [\"slaes\"], \"min_duration_ms\": 5000, "
      "\"max_duration_ms\": 1000}, {\"id\": \"sale\"}, {\"id\": \"bad "
      "code\"}]}, \"rules\": [{\"id\": \"r1\", \"code\": \"bussy\", "
      "\"action\": \"callback\"}, {\"id\": \"r2\", \"code\": \"busy\", "
      "\"queue\": \"nope\", \"action\": \"mail\"}], \"metrics\": "
      "{\"bucket_ms\": 10, \"sl_variant\": \"ofered\"}}",
      ACDR_ERR_CONFIG,
      "/queues/0/hours/funday: unknown key \"funday\" (did you mean "
      "\"sunday\"?)\n"
      "/queues/0/hours/monday/0: expected \"HH:MM-HH:MM\" (00:00 to 24:00), "
      "got \"9:00-17:00\"\n"
      "/queues/0/hours/monday/1: \"18:00-17:00\" closes before it opens (a "
      "night shift is two intervals: \"22:00-24:00\" and \"00:00-02:00\" the "
      "next day)\n"
      "/queues/0/hours/holidays/0/date: \"2025-02-30\" is not a date "
      "YYYY-MM-DD\n"
      "/queues/0/hours/holidays/2/date: holiday 2025-12-25 is listed twice\n"
      "/queues/0/hours/at_closing: unknown at_closing \"later\" (keep or "
      "overflow)\n"
      "/dispositions/codes/0/attrs/0: unknown attribute \"sucess\" (did you "
      "mean \"success\"?)\n"
      "/dispositions/codes/0/max_duration_ms: 1000 is less than "
      "min_duration_ms 5000 (0 = no limit)\n"
      "/dispositions/codes/1/id: duplicate code id \"sale\" (also "
      "/dispositions/codes/0)\n"
      "/rules/1/action: unknown action \"mail\"\n"
      "/metrics/bucket_ms: 10 outside 1000..2678400000\n"
      "/metrics/sl_variant: unknown sl_variant \"ofered\" (did you mean "
      "\"offered\"?)\n"
      "/queues/0/hours/closed_target: unknown queue \"sale\" (did you mean "
      "\"sales\"?)\n"
      "/dispositions/codes/0/queues/0: unknown queue \"slaes\" (did you mean "
      "\"sales\"?)\n"
      "/dispositions/codes/2: disposition code id \"bad code\" contains "
      "whitespace or a control character\n"
      "/rules/0/code: unknown disposition code \"bussy\" (did you mean "
      "\"busy\"?)\n"
      "/rules/1/queue: unknown queue \"nope\"");

  assert_int_equal(acdr_engine_new(&e, NULL, NULL, NULL), 0);
  load_ok(e, base);
  /* the catalog: 14 built-in codes + "sale" */
  assert_int_equal(acdr_dispo_code_count(e), 15);
  assert_int_equal(acdr_dispo_code_get(e, "sale", &code), 0);
  assert_int_equal(code.attrs, ACDR_DISPO_SUCCESS | ACDR_DISPO_CONTACT_MADE);
  assert_int_equal(code.nqueues, 1);
  assert_string_equal(code.queues[0], "sales");
  assert_int_equal(code.auto_end_reason, ACDR_END_COMPLETED);
  assert_int_equal(acdr_dispo_rule_get(e, "r1", &rule), 0);
  assert_int_equal(rule.action, ACDR_FOLLOWUP_MESSAGE);
  assert_int_equal(rule.delay_ms, 60000);
  assert_int_equal(acdr_engine_get_metrics_options(e, &mo), 0);
  assert_int_equal(mo.bucket_ms, 60000);
  assert_int_equal(mo.sl_variant, ACDR_SL_ANSWERED);
  /* host time 0 is Thursday 1970-01-01 00:00: closed until 08:00 */
  assert_int_equal(acdr_queue_hours_state(e, "sales", 0, &open, &next), 0);
  assert_int_equal(open, 0);
  assert_true(next == 8ULL * 3600 * ACDR_SECONDS);
  /* exported with the intervals merged and sorted */
  x1 = export_(e);
  assert_non_null(strstr(x1, "\"thursday\": [\"08:00-12:30\", "
                             "\"13:00-18:00\"]"));
  assert_non_null(strstr(x1, "{\"date\": \"1970-01-08\", \"open\": "
                             "[\"09:00-10:00\"]}"));
  /* sections left out keep what the engine has; hours are part of the
   * queue: left out, the queue is always open */
  load_ok(e, "{\"queues\": [{\"id\": \"sales\"}, {\"id\": \"support\"}]}");
  assert_int_equal(acdr_dispo_code_count(e), 15);
  assert_int_equal(acdr_dispo_rule_count(e), 1);
  assert_int_equal(acdr_engine_get_metrics_options(e, &mo), 0);
  assert_int_equal(mo.bucket_ms, 60000);
  assert_int_equal(acdr_queue_hours_state(e, "sales", 0, &open, &next), 0);
  assert_int_equal(open, 1);
  /* a catalog without a code a kept rule needs is refused */
  assert_int_equal(
      apply_str(e, "{\"queues\": [{\"id\": \"sales\"}, {\"id\": "
                   "\"support\"}], \"dispositions\": {\"replace_builtin\": "
                   "true, \"codes\": [{\"id\": \"x\"}]}}",
                ACDR_RELOAD_REFUSE, 0),
      ACDR_ERR_IN_USE);
  assert_string_equal(acdr_config_last_errors(e),
                      "/dispositions: code \"sale\" is used by rule \"r1\" "
                      "(give the rules in \"rules\" or keep the code)");
  assert_int_equal(acdr_dispo_code_count(e), 15);
  /* ... unless the rules go at the same time */
  load_ok(e, "{\"queues\": [{\"id\": \"sales\"}, {\"id\": \"support\"}], "
             "\"dispositions\": {\"replace_builtin\": true, \"codes\": "
             "[{\"id\": \"x\"}]}, \"rules\": []}");
  assert_int_equal(acdr_dispo_code_count(e), 1);
  assert_int_equal(acdr_dispo_rule_count(e), 0);
  /* the first document again, and its export round-trips */
  load_ok(e, base);
  x2 = export_(e);
  assert_string_equal(x1, x2);
  acdr_free(e, x1);
  acdr_free(e, x2);
  acdr_engine_del(e);
}

static void bad_arguments(void **state) {
  acdr_engine *e;
  char *out;
  (void)state;
  assert_int_equal(acdr_config_apply(NULL, "{}", 2, 0, 0),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_engine_new(&e, NULL, NULL, NULL), 0);
  assert_int_equal(acdr_config_apply(e, NULL, 0, 0, 0),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_config_apply(e, "{}", 2, 7, 0),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_non_null(strstr(acdr_engine_last_error(e), "remove_waiting"));
  assert_int_equal(acdr_config_export(e, NULL, NULL),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_config_export(e, &out, NULL), 0);
  /* an empty engine: built-in catalog, no rules, default metrics */
  assert_string_equal(out,
                      "{\n  \"version\": 1,\n  \"agents\": [],\n  "
                      "\"queues\": [],\n  \"dispositions\": {\n    "
                      "\"replace_builtin\": false,\n    \"codes\": []\n  },\n"
                      "  \"rules\": [],\n  \"metrics\": {\n    \"bucket_ms\": "
                      "900000,\n    \"max_buckets\": 768,\n    "
                      "\"sl_variant\": \"offered\",\n    "
                      "\"abandon_excludes_short\": false,\n    \"fcr_key\": "
                      "\"customer\",\n    \"fcr_window_ms\": 604800000\n  }\n}\n");
  acdr_free(e, out);
  acdr_free(e, NULL);
  acdr_engine_del(e);
}


/* acdr_config_validate refuses exactly what acdr_config_apply refuses,
 * with the same code and the same messages (JSON pointers included), and
 * a refused apply leaves a fresh engine empty. */
static void same_refusal(const char *doc, int code, const char *msgs) {
  acdr_engine *v, *a;
  acdr_engine_counts c;
  char *vmsgs;
  int rv;
  assert_int_equal(acdr_engine_new(&v, NULL, NULL, NULL), 0);
  assert_int_equal(acdr_engine_new(&a, NULL, NULL, NULL), 0);
  rv = acdr_config_validate(v, doc, strlen(doc), ACDR_RELOAD_REFUSE);
  if (rv != code)
    fail_msg("validate returned %d, expected %d: %s", rv, code,
             acdr_config_last_errors(v));
  vmsgs = strdup(acdr_config_last_errors(v));
  assert_non_null(vmsgs);
  assert_string_equal(vmsgs, msgs);
  assert_int_equal(apply_str(a, doc, ACDR_RELOAD_REFUSE, 0), code);
  assert_string_equal(acdr_config_last_errors(a), vmsgs);
  assert_int_equal(acdr_engine_get_counts(a, &c), 0);
  assert_int_equal(c.agents + c.queues, 0);
  free(vmsgs);
  acdr_engine_del(v);
  acdr_engine_del(a);
}

static char *doc_with(const char *fmt, char ch, size_t n) {
  char *fill = malloc(n + 1), *out;
  size_t len;
  assert_non_null(fill);
  memset(fill, ch, n);
  fill[n] = '\0';
  len = strlen(fmt) + n + 1;
  out = malloc(len);
  assert_non_null(out);
  snprintf(out, len, fmt, fill);
  free(fill);
  return out;
}

static void validate_equals_apply(void **state) {
  char *doc;
  (void)state;
  /* members given as bare ids: duplicates are refused like objects */
  same_refusal("{\"agents\": [{\"id\": \"alice\"}, {\"id\": \"bob\"}], "
               "\"queues\": [{\"id\": \"q\", \"members\": [\"alice\", "
               "\"bob\", \"alice\"]}]}",
               ACDR_ERR_DUPLICATE_ID,
               "/queues/0/members/2: agent \"alice\" is already a member "
               "(/queues/0/members/0)");
  /* a bare id after an object (which kept the object's penalty) */
  same_refusal("{\"agents\": [{\"id\": \"alice\"}], \"queues\": [{\"id\": "
               "\"q\", \"members\": [{\"agent\": \"alice\", \"penalty\": 5}, "
               "\"alice\"]}]}",
               ACDR_ERR_DUPLICATE_ID,
               "/queues/0/members/1: agent \"alice\" is already a member "
               "(/queues/0/members/0)");
  /* an object after a bare id */
  same_refusal("{\"agents\": [{\"id\": \"alice\"}], \"queues\": [{\"id\": "
               "\"q\", \"members\": [\"alice\", {\"agent\": \"alice\"}]}]}",
               ACDR_ERR_DUPLICATE_ID,
               "/queues/0/members/1/agent: agent \"alice\" is already a "
               "member (/queues/0/members/0)");
  /* a NUL in a bare id: the strict reader refuses it before any check
   * (it used to be cut to "alice") */
  same_refusal("{\"agents\": [{\"id\": \"alice\"}], \"queues\": [{\"id\": "
               "\"q\", \"members\": [\"alice\\u0000evil\"]}]}",
               ACDR_ERR_PARSE,
               "/queues/0/members/0: malformed JSON at line 1, column 72: "
               "\\u0000 (NUL) in a string");
  same_refusal("{\"queues\": [{\"id\": \"q\", \"members\": [\"\"]}]}",
               ACDR_ERR_CONFIG, "/queues/0/members/0: must not be empty");
  /* a 1,100-byte name (4 x max_id_len = 1024) */
  doc = doc_with("{\"agents\": [{\"id\": \"a\", \"name\": \"%s\"}]}", 'n',
                 1100);
  same_refusal(doc, ACDR_ERR_LIMIT,
               "/agents/0/name: longer than 1024 bytes (4 x max_id_len)");
  free(doc);
  /* a 5,000-byte overflow target (16 x max_id_len = 4096) */
  doc = doc_with("{\"queues\": [{\"id\": \"q\", \"overflow_kind\": "
                 "\"voicemail\", \"overflow_target\": \"%s\"}]}",
                 't', 5000);
  same_refusal(doc, ACDR_ERR_LIMIT,
               "/queues/0/overflow_target: longer than 4096 bytes (16 x "
               "max_id_len)");
  free(doc);
  /* numbers: fractions, infinities and values outside the C type */
  same_refusal("{\"queues\": [{\"id\": \"q\", \"ring_timeout_ms\": 1e300}]}",
               ACDR_ERR_CONFIG,
               "/queues/0/ring_timeout_ms: expected an integer, got a "
               "fractional number");
  same_refusal("{\"queues\": [{\"id\": \"q\", \"max_len\": 4294967296}]}",
               ACDR_ERR_RANGE,
               "/queues/0/max_len: 4294967296 outside 0..4294967295");
  same_refusal("{\"queues\": [{\"id\": \"q\", \"weight\": -2147483649}]}",
               ACDR_ERR_RANGE,
               "/queues/0/weight: -2147483649 outside -1000000..1000000");
  same_refusal("{\"agents\": [{\"id\": \"a\", \"wrapup_ms\": "
               "18446744073709551615}]}",
               ACDR_ERR_RANGE,
               "/agents/0/wrapup_ms: >= 9223372036854775807 outside "
               "-1..31622400000");
}

/* Duplicate and reference checks of a large document find the right
 * entries (they go through indexes, not pairwise scans). */
static void large_document(void **state) {
  enum { N = 50000 };
  size_t cap = (size_t)N * 32 + 256, len = 0, i;
  char *doc = malloc(cap);
  acdr_engine *e;
  acdr_engine_counts c;
  (void)state;
  assert_non_null(doc);
  len += (size_t)snprintf(doc + len, cap - len, "{\"agents\": [");
  for (i = 0; i < N; i++)
    len += (size_t)snprintf(doc + len, cap - len, "%s{\"id\": \"a%zu\"}",
                            i ? ", " : "", i);
  len += (size_t)snprintf(doc + len, cap - len,
                          "], \"queues\": [{\"id\": \"q\", \"members\": [");
  for (i = 0; i < N; i++)
    len += (size_t)snprintf(doc + len, cap - len, "%s\"a%zu\"", i ? ", " : "",
                            i);
  len += (size_t)snprintf(doc + len, cap - len, "]}]}");
  assert_int_equal(acdr_engine_new(&e, NULL, NULL, NULL), 0);
  assert_int_equal(acdr_config_apply(e, doc, len, ACDR_RELOAD_REFUSE, 0), 0);
  assert_int_equal(acdr_engine_get_counts(e, &c), 0);
  assert_int_equal(c.agents, N);
  /* the same document again changes nothing */
  assert_int_equal(acdr_config_apply(e, doc, len, ACDR_RELOAD_REFUSE, 0), 0);
  assert_int_equal(acdr_engine_check(e), 0);
  acdr_engine_del(e);
  /* the last member repeats member 7 */
  memcpy(doc + len - 4 - strlen("\"a49999\""), "\"a7\"    ", 8);
  assert_int_equal(acdr_engine_new(&e, NULL, NULL, NULL), 0);
  assert_int_equal(acdr_config_apply(e, doc, len, ACDR_RELOAD_REFUSE, 0),
                   ACDR_ERR_DUPLICATE_ID);
  assert_string_equal(acdr_config_last_errors(e),
                      "/queues/0/members/49999: agent \"a7\" is already a "
                      "member (/queues/0/members/7)");
  acdr_engine_del(e);
  free(doc);
}

H_MAIN(T(examples_load_and_round_trip), T(broken_documents),
       T(reload_keeps_waiting_contacts), T(module_sections), T(bad_arguments),
       T(validate_equals_apply), T(large_document))
