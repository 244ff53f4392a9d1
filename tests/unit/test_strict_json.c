/* SPDX-License-Identifier: MIT */
/* Strict JSON and UTF-8 at the boundary: every document and line the
 * library reads refuses lenient JSON (what json-c's default parser takes)
 * and duplicate keys, with what and where; every id and string, whether
 * it comes from JSON or from a direct C call, is valid UTF-8 without NUL;
 * and what the library writes stays JSON. */
#include "sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CFG_BASE                                                          \
  "{\"agents\": [{\"id\": \"keep\"}], \"queues\": [{\"id\": \"kq\", "     \
  "\"members\": [\"keep\"]}]}"

static char *export_(acdr_engine *e) {
  char *doc = NULL;
  assert_int_equal(acdr_config_export(e, &doc, NULL), 0);
  return doc;
}

/* A configuration refused with ACDR_ERR_PARSE whose message contains
 * `want`; the engine's configuration is unchanged. */
static void config_refused(const char *doc, size_t len, const char *want) {
  acdr_engine *e;
  char *before, *after;
  int rv;
  assert_int_equal(acdr_engine_new(&e, NULL, NULL, NULL), 0);
  assert_int_equal(acdr_config_apply(e, CFG_BASE, strlen(CFG_BASE),
                                     ACDR_RELOAD_REFUSE, 0),
                   0);
  before = export_(e);
  rv = acdr_config_validate(e, doc, len, ACDR_RELOAD_REFUSE);
  if (rv != ACDR_ERR_PARSE || !strstr(acdr_config_last_errors(e), want))
    print_error("document %s\n  validate: %d %s\n  wanted: %s\n", doc, rv,
                acdr_config_last_errors(e), want);
  assert_int_equal(rv, ACDR_ERR_PARSE);
  assert_non_null(strstr(acdr_config_last_errors(e), want));
  assert_int_equal(acdr_config_apply(e, doc, len, ACDR_RELOAD_REFUSE, 0),
                   ACDR_ERR_PARSE);
  after = export_(e);
  assert_string_equal(before, after);
  acdr_free(e, before);
  acdr_free(e, after);
  acdr_engine_del(e);
}
#define CONFIG_REFUSED(DOC, WANT) config_refused(DOC, sizeof(DOC) - 1, WANT)

static void lenient_json_refused_in_configs(void **state) {
  (void)state;
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"a1\"},]}",
                 "(document): malformed JSON at line 1, column 26: "
                 "trailing comma");
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"a1\",}]}", "trailing comma");
  CONFIG_REFUSED("{\"agents\": [] /* none */}", "column 15: expected ','");
  CONFIG_REFUSED("// agents\n{\"agents\": []}",
                 "line 1, column 1: unexpected character");
  CONFIG_REFUSED("{'agents': []}", "column 2: expected a key in double");
  CONFIG_REFUSED("{\"agents\": [{\"id\": 'a1'}]}",
                 "column 20: unexpected character");
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"a1\", \"voice_blocks_other_"
                 "channels\": True}]}",
                 "unexpected character");
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"a\tb\"}]}",
                 "/agents/0/id: malformed JSON at line 1, column 22: "
                 "control character in a string");
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"a\nb\"}]}",
                 "control character in a string");
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"a1\", \"wrapup_ms\": NaN}]}",
                 "unexpected character");
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"a1\", \"wrapup_ms\": "
                 "Infinity}]}",
                 "unexpected character");
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"a1\", \"wrapup_ms\": "
                 "-Infinity}]}",
                 "number expected");
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"a1\", \"wrapup_ms\": "
                 "99999999999999999999}]}",
                 "/agents/0/wrapup_ms: malformed JSON at line 1, column 39: "
                 "integer out of range (64-bit)");
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"a1\", \"wrapup_ms\": 1e999}]}",
                 "number out of range (overflows a double)");
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"a1\", \"wrapup_ms\": 01}]}",
                 "leading zero");
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"a1\", \"wrapup_ms\": 1.}]}",
                 "digit expected after '.'");
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"\\x41\"}]}", "invalid escape");
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"\\ud800\"}]}",
                 "lone surrogate escape");
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"\\udc00x\"}]}",
                 "lone surrogate escape");
}

static void duplicate_keys_refused(void **state) {
  (void)state;
  /* the pointer names the duplicate */
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"a1\", \"id\": \"a2\"}]}",
                 "/agents/0/id: malformed JSON at line 1, column 26: "
                 "duplicate key");
  /* a duplicate hides an invalid first value from the readers */
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"a1\", \"wrapup_ms\": \"soon\", "
                 "\"wrapup_ms\": 5}]}",
                 "/agents/0/wrapup_ms: malformed JSON at line 1, column "
                 "47: duplicate key");
  /* equal once decoded */
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"a1\", \"\\u0069d\": \"a2\"}]}",
                 "duplicate key");
  /* top level, and the same key in two objects is fine */
  CONFIG_REFUSED("{\"agents\": [], \"queues\": [], \"agents\": []}",
                 "/agents: malformed JSON at line 1, column 30: "
                 "duplicate key");
  {
    acdr_engine *e;
    static const char ok[] =
        "{\"agents\": [{\"id\": \"a1\"}, {\"id\": \"a2\"}]}";
    assert_int_equal(acdr_engine_new(&e, NULL, NULL, NULL), 0);
    assert_int_equal(acdr_config_validate(e, ok, sizeof(ok) - 1,
                                          ACDR_RELOAD_REFUSE),
                     0);
    acdr_engine_del(e);
  }
}

/* Invalid UTF-8 (overlong, surrogate, above U+10FFFF, truncated, stray
 * continuation) and NUL in a configuration. */
static void invalid_utf8_and_nul_in_configs(void **state) {
  (void)state;
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"al\xc0\xaf" "ce\"}]}",
                 "/agents/0/id: malformed JSON at line 1, column 23: "
                 "invalid UTF-8");
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"\xed\xa0\x80\"}]}",
                 "invalid UTF-8");
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"\xf4\x90\x80\x80\"}]}",
                 "invalid UTF-8");
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"a\xc3\"}]}", "invalid UTF-8");
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"\x80\"}]}", "invalid UTF-8");
  CONFIG_REFUSED("{\"agents\": [{\"name\": \"\xff\", \"id\": \"a1\"}]}",
                 "/agents/0/name: malformed JSON");
  /* a key, not only a value */
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"a1\", \"\xc1\xbf\": 1}]}",
                 "invalid UTF-8");
  /* "alice\u0000evil" must not become "alice" */
  CONFIG_REFUSED("{\"agents\": [{\"id\": \"alice\"}], \"queues\": [{\"id\": "
                 "\"q\", \"members\": [\"alice\\u0000evil\"]}]}",
                 "/queues/0/members/0: malformed JSON at line 1, column 72: "
                 "\\u0000 (NUL) in a string");
  /* a raw NUL byte inside the document */
  config_refused("{\"agents\": [{\"id\": \"a\0b\"}]}", 26,
                 "control character in a string");
}

static void valid_utf8_accepted(void **state) {
  acdr_engine *e;
  char *doc;
  /* 2-, 3- and 4-byte characters, raw or escaped (a surrogate pair) */
  static const char cfg[] =
      "{\"agents\": [{\"id\": \"jos\xc3\xa9\", \"name\": \"\xe2\x82\xac "
      "\\ud83d\\ude00\"}, {\"id\": \"\xf0\x9f\x98\x80\"}]}";
  (void)state;
  assert_int_equal(acdr_engine_new(&e, NULL, NULL, NULL), 0);
  assert_int_equal(acdr_config_apply(e, cfg, sizeof(cfg) - 1,
                                     ACDR_RELOAD_REFUSE, 0),
                   0);
  /* "\u00e9" is the same id as the raw bytes */
  {
    static const char line[] =
        "{\"t_ms\": 1, \"ev\": \"login\", \"agent\": \"jos\\u00e9\"}";
    assert_int_equal(
        acdr_engine_apply_event_json(e, line, sizeof(line) - 1), 0);
    assert_int_equal(acdr_agent_login(e, "jos\xc3\xa9", MS(2)),
                     ACDR_ERR_INVALID_STATE);
  }
  doc = export_(e);
  assert_non_null(strstr(doc, "\"jos\xc3\xa9\""));
  assert_non_null(strstr(doc, "\"\xe2\x82\xac \xf0\x9f\x98\x80\""));
  acdr_free(e, doc);
  acdr_engine_del(e);
}

/* ---- event lines ---- */

#define LINE_REFUSED(H, LINE, WANT)                                      \
  do {                                                                   \
    static const char l_[] = LINE;                                       \
    int rv_ = acdr_engine_apply_event_json((H)->e, l_, sizeof(l_) - 1);  \
    if (rv_ != ACDR_ERR_PARSE ||                                         \
        !strstr(acdr_engine_last_error((H)->e), WANT))                   \
      print_error("line %s\n  got %d %s\n  wanted %s\n", l_, rv_,        \
                  acdr_engine_last_error((H)->e), WANT);                 \
    assert_int_equal(rv_, ACDR_ERR_PARSE);                               \
    assert_non_null(strstr(acdr_engine_last_error((H)->e), WANT));      \
  } while (0)

H_TEST(event_lines_strict) {
  h_queue(h, "q", "longest-idle");
  h_agent(h, "alice");
  h_member(h, "q", "alice", 0, 0, 0);
  h_take(h);
  LINE_REFUSED(h, "{\"t_ms\": 1, \"ev\": \"login\", \"agent\": \"alice\",}",
               "(document): malformed JSON at line 1, column 45: trailing "
               "comma");
  LINE_REFUSED(h, "{\"t_ms\": 1, \"ev\": \"login\", 'agent': \"alice\"}",
               "expected a key in double quotes");
  LINE_REFUSED(h, "{\"t_ms\": 1, \"ev\": \"login\", \"agent\": \"alice\"} "
                  "// x",
               "unexpected text after the JSON value");
  LINE_REFUSED(h, "{\"t_ms\": 1, \"ev\": \"hold\", \"contact\": \"c\", "
                  "\"on\": True}",
               "unexpected character");
  LINE_REFUSED(h, "{\"t_ms\": NaN, \"ev\": \"expiry\"}",
               "unexpected character");
  LINE_REFUSED(h, "{\"t_ns\": 99999999999999999999, \"ev\": \"expiry\"}",
               "/t_ns: malformed JSON at line 1, column 10: integer out of "
               "range (64-bit)");
  LINE_REFUSED(h, "{\"t_ms\": 1, \"ev\": \"login\", \"agent\": \"ali\tce\"}",
               "/agent: malformed JSON at line 1, column 41: control "
               "character in a string");
  /* a duplicate that would log in alice instead of a missing agent */
  LINE_REFUSED(h, "{\"t_ms\": 1, \"ev\": \"login\", \"agent\": \"nobody\", "
                  "\"agent\": \"alice\"}",
               "/agent: malformed JSON at line 1, column 47: duplicate key");
  LINE_REFUSED(h, "{\"t_ms\": 1, \"ev\": \"login\", \"agent\": \"alice\", "
                  "\"t_ms\": 2}",
               "/t_ms: malformed JSON");
  /* invalid UTF-8 and NUL in ids */
  LINE_REFUSED(h,
               "{\"t_ms\": 1, \"ev\": \"login\", \"agent\": \"al\xc0\xafice\"}",
               "/agent: malformed JSON at line 1, column 40: invalid UTF-8");
  LINE_REFUSED(h, "{\"t_ms\": 1, \"ev\": \"agent_add\", \"def\": {\"id\": "
                  "\"\xed\xb0\x80\"}}",
               "/def/id: malformed JSON");
  LINE_REFUSED(h, "{\"t_ms\": 1, \"ev\": \"login\", \"agent\": "
                  "\"alice\\u0000evil\"}",
               "\\u0000 (NUL) in a string");
  LINE_REFUSED(h, "{\"t_ms\": 1, \"ev\": \"arrive\", \"contact\": \"c1\", "
                  "\"queue\": \"q\", \"attrs\": {\"k\": \"v\", \"k\": "
                  "\"w\"}}",
               "/attrs/k: malformed JSON");
  LINE_REFUSED(h, "{\"t_ms\": 1, \"ev\": \"arrive\", \"contact\": \"c1\", "
                  "\"queue\": \"q\", \"skills\": {\"fr\": 10, \"fr\": "
                  "20}}",
               "/skills/fr: malformed JSON");
  /* nothing of it happened: alice is still logged out, no contact */
  assert_string_equal(h_take(h), "");
  assert_int_equal(acdr_agent_logout(h->e, "alice", MS(5)),
                   ACDR_ERR_INVALID_STATE);
  assert_int_equal(acdr_contact_hangup(h->e, "c1", MS(5)),
                   ACDR_ERR_CONTACT_NOT_FOUND);
  /* and the strict lines themselves work */
  assert_int_equal(acdr_engine_apply_event_json(
                       h->e,
                       "{\"t_ms\": 10, \"ev\": \"login\", \"agent\": "
                       "\"alice\"}\n",
                       46),
                   0);
}

/* A line with a raw NUL byte: the length says where the line ends. */
H_TEST(event_line_raw_nul) {
  static const char line[] =
      "{\"t_ms\": 1, \"ev\": \"login\", \"agent\": \"alice\0" "evil\"}";
  h_agent(h, "alice");
  assert_int_equal(acdr_engine_apply_event_json(h->e, line, sizeof(line) - 1),
                   ACDR_ERR_PARSE);
  assert_non_null(strstr(acdr_engine_last_error(h->e),
                         "control character in a string"));
  assert_int_equal(acdr_agent_logout(h->e, "alice", MS(5)),
                   ACDR_ERR_INVALID_STATE);
}

/* ---- snapshots ---- */

static void snapshot_with_invalid_utf8_refused(void **state) {
  acdr_engine *a, *b;
  char *doc, *p;
  size_t len;
  (void)state;
  assert_int_equal(acdr_engine_new(&a, NULL, NULL, NULL), 0);
  assert_int_equal(acdr_config_apply(a, CFG_BASE, strlen(CFG_BASE),
                                     ACDR_RELOAD_REFUSE, 0),
                   0);
  assert_int_equal(acdr_engine_snapshot(a, &doc, &len), 0);
  /* "keep" -> "ke\xc0\xa5": an overlong where an id was */
  assert_non_null(p = strstr(doc, "\"keep\""));
  p[3] = (char)0xc0;
  p[4] = (char)0xa5;
  assert_int_equal(acdr_engine_new(&b, NULL, NULL, NULL), 0);
  assert_int_equal(acdr_engine_restore(b, doc, len), ACDR_ERR_PARSE);
  assert_non_null(strstr(acdr_engine_last_error(b), "invalid UTF-8"));
  /* a duplicate key in a snapshot */
  p[3] = 'e';
  p[4] = 'p';
  assert_non_null(p = strstr(doc, "{"));
  {
    char *dup = malloc(len + 32);
    int n;
    assert_non_null(dup);
    n = snprintf(dup, len + 32, "{\"version\": 1, %s", doc + 1);
    assert_int_equal(acdr_engine_restore(b, dup, (size_t)n),
                     ACDR_ERR_PARSE);
    assert_non_null(strstr(acdr_engine_last_error(b), "duplicate key"));
    free(dup);
  }
  /* the engine is still empty: the original restores into it */
  assert_int_equal(acdr_engine_restore(b, doc, len), 0);
  acdr_free(a, doc);
  acdr_engine_del(a);
  acdr_engine_del(b);
}

/* ---- direct C calls ---- */

H_TEST(direct_calls_refuse_invalid_utf8) {
  acdr_agent_def ad;
  acdr_contact_def cd;
  acdr_kv kv = {"k", "v\xe0\x80\xaf"}; /* overlong '/' */
  h_queue(h, "q", "longest-idle");
  h_agent(h, "alice");
  h_member(h, "q", "alice", 0, 0, 0);
  acdr_agent_def_default(&ad);
  ad.id = "bo\xed\xa0\x80" "b"; /* a surrogate */
  assert_int_equal(acdr_agent_add(h->e, &ad), ACDR_ERR_INVALID_ARGUMENT);
  assert_string_equal(acdr_engine_last_error(h->e),
                      "agent id is not valid UTF-8 (byte 2)");
  ad.id = "bob";
  ad.name = "B\xf5";
  assert_int_equal(acdr_agent_add(h->e, &ad), ACDR_ERR_INVALID_ARGUMENT);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "agent name"));
  assert_int_equal(acdr_agent_login(h->e, "al\xff", 1),
                   ACDR_ERR_INVALID_ARGUMENT);
  h_login(h, "alice", 1);
  assert_int_equal(acdr_agent_set_status(h->e, "alice", ACDR_AGENT_AWAY,
                                         "lunch\xc3", 2),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(h_status(h, "alice"), ACDR_AGENT_AVAILABLE);
  acdr_contact_def_default(&cd);
  cd.id = "c1";
  cd.queue = "q";
  cd.attrs = &kv;
  cd.nattrs = 1;
  assert_int_equal(acdr_contact_arrive(h->e, &cd, 3),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "attribute value"));
  cd.nattrs = 0;
  cd.customer_id = "tel:\x80";
  assert_int_equal(acdr_contact_arrive(h->e, &cd, 3),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_dnc_add(h->e, "tel:\xc0\x80", 0, 4),
                   ACDR_ERR_INVALID_ARGUMENT);
  {
    acdr_dispo_code c;
    acdr_dispo_code_default(&c);
    c.id = "sold";
    c.label = "Sold \xe2\x82";
    assert_int_equal(acdr_dispo_code_add(h->e, &c),
                     ACDR_ERR_INVALID_ARGUMENT);
    c.label = "Sold \xe2\x82\xac";
    assert_int_equal(acdr_dispo_code_add(h->e, &c), 0);
  }
  /* nothing was offered: no contact arrived */
  assert_string_equal(h_take(h), "");
}

/* What the library writes stays JSON whatever a host puts in an action. */
static void action_json_stays_valid(void **state) {
  acdr_action a;
  char buf[512];
  size_t n = 0;
  (void)state;
  memset(&a, 0, sizeof(a));
  a.type = ACDR_ACTION_OFFER;
  a.channel = 0;
  a.contact_id = "c\xc0\xaf" "1";
  a.agent_id = "\xe2\x82\xac\xff";
  a.queue_id = "q\"1";
  assert_int_equal(acdr_action_to_json(buf, sizeof(buf), &n, &a), 0);
  assert_non_null(strstr(buf, "\"contact\": \"c\\ufffd\\ufffd1\""));
  assert_non_null(strstr(buf, "\"agent\": \"\xe2\x82\xac\\ufffd\""));
  assert_non_null(strstr(buf, "\"queue\": \"q\\\"1\""));
}

/* The tree-free reader of event lines and the general one (json-c tree)
 * agree: the same seeded sequence (every kind of line, refusals included)
 * applied as written, and with an "_z" member that only the general path
 * takes, gives the same results, actions, snapshot and metrics. */
static const char *const more[] = {
    "\"ev\": \"member_add\", \"queue\": \"q1\", \"agent\": \"a5\", "
    "\"penalty\": 2, \"position\": 1",
    "\"ev\": \"member_add\", \"queue\": \"q1\", \"agent\": \"a5\", "
    "\"penalty\": 4294967296",
    "\"ev\": \"member_add\", \"queue\": \"q1\", \"agent\": \"a5\", "
    "\"penalty\": 1.5",
    "\"ev\": \"member_remove\", \"queue\": \"q0\", \"agent\": \"a0\"",
    "\"ev\": \"login\", \"agent\": \"a\\u0035\"",
    "\"ev\": \"status\", \"agent\": \"a5\", \"status\": \"away\", "
    "\"reason\": \"caf\\u00e9 \\\"break\\\"\"",
    "\"ev\": \"status\", \"agent\": \"a5\", \"status\": \"gone\"",
    "\"ev\": \"status\", \"agent\": \"a5\", \"status\": \"available\", "
    "\"reason\": null",
    "\"ev\": \"status\", \"agent\": \"a5\", \"status\": \"available\"",
    "\"ev\": \"arrive\", \"contact\": \"m1\", \"queue\": \"q1\", "
    "\"channel\": \"voice\", \"priority\": 3, \"attrs\": {\"lang\": "
    "\"de\", \"tier\": \"gold\"}, \"skills\": {\"de\": 10}, "
    "\"customer\": \"cu\\u00fc\", \"reason\": \"billing\", "
    "\"preferred_agent\": \"a1\", \"preferred_hold_ms\": 2000",
    "\"ev\": \"arrive\", \"contact\": \"m2\", \"queue\": \"q1\", "
    "\"skills\": {\"de\": 101}",
    "\"ev\": \"arrive\", \"contact\": \"m2\", \"queue\": \"q1\", "
    "\"skills\": {\"\": 1}",
    "\"ev\": \"arrive\", \"contact\": \"m2\", \"queue\": \"q1\", "
    "\"attrs\": {\"n\": 1}",
    "\"ev\": \"arrive\", \"contact\": \"m2\", \"queue\": \"q1\", "
    "\"channel\": \"fax\"",
    "\"ev\": \"arrive\", \"contact\": \"\", \"queue\": \"q1\"",
    "\"ev\": \"arrive\", \"contact\": \"m3\", \"queue\": \"q2\", "
    "\"attrs\": {}, \"skills\": {}, \"preferred_hold_ms\": -2",
    "\"ev\": \"reject\", \"contact\": \"m1\", \"agent\": \"a1\", "
    "\"how\": \"busy\"",
    "\"ev\": \"reject\", \"contact\": \"m1\", \"agent\": \"a1\", "
    "\"how\": \"rude\"",
    "\"ev\": \"accept\", \"contact\": \"m1\", \"agent\": \"a1\"",
    "\"ev\": \"hold\", \"contact\": \"m1\", \"on\": true",
    "\"ev\": \"hold\", \"contact\": \"m1\", \"on\": 1",
    "\"ev\": \"hold\", \"contact\": \"m1\"",
    "\"ev\": \"transfer\", \"contact\": \"m1\", \"queue\": \"q0\", "
    "\"agent\": \"\"",
    "\"ev\": \"dispo\", \"contact\": \"m1\", \"codes\": []",
    "\"ev\": \"dispo\", \"contact\": \"m1\", \"codes\": [\"sold\", 1]",
    "\"ev\": \"dnc_add\", \"key\": \"tel:1\", \"duration_ms\": 60000",
    "\"ev\": \"dnc_add\", \"key\": \"\"",
    "\"ev\": \"dnc_remove\", \"key\": \"tel:1\"",
    "\"ev\": \"code_remove\", \"code\": \"nope\"",
    "\"ev\": \"rule_remove\", \"rule\": \"nope\"",
    "\"ev\": \"dispo_limits\", \"history\": 100, \"changes\": 50",
    "\"ev\": \"dispo_limits\", \"history\": -1, \"changes\": 50",
    "\"ev\": \"reset_counts\", \"agent\": \"a1\"",
    "\"ev\": \"reset_counts\"",
    "\"ev\": \"dispo_stats_reset\"",
    "\"ev\": \"dnc_clear\"",
    "\"ev\": \"login\", \"agent\": \"a1\", \"queue\": \"q0\"",
    "\"ev\": \"logout\", \"agent\": \"a5\"",
    "\"ev\": \"expiry\"",
};

static void fast_and_general_paths_agree(void **state) {
  sim a, b;
  uint64_t x = 0x9e3779b97f4a7c15ULL, t = 0;
  char line[512], alt[600];
  int i, refused = 0, accepted = 0;
  (void)state;
  sim_init(&a, 0);
  sim_load_config(&a);
  sim_init(&b, 0);
  sim_load_config(&b);
  for (i = 0; i < 3000; i++) {
    char *end;
    int ra, rb;
    t += sim_rand(&x) % 4000;
    sim_line(&a, &x, i, t, line, sizeof(line));
    end = strrchr(line, '}');
    assert_non_null(end);
    snprintf(alt, sizeof(alt), "%.*s, \"_z\": 0%s", (int)(end - line), line,
             end);
    ra = sim_apply(&a, line);
    rb = sim_apply(&b, alt);
    if (ra != rb)
      print_error("%s: %d (%s) vs %d (%s)\n", line, ra,
                  acdr_engine_last_error(a.e), rb,
                  acdr_engine_last_error(b.e));
    assert_int_equal(ra, rb);
    refused += ra != 0;
  }
  assert_true(refused > 0 && refused < 3000);
  refused = 0;
  /* the kinds and forms the sequence does not make, good and bad */
  for (i = 0; i < (int)(sizeof(more) / sizeof(more[0])); i++) {
    char *end;
    int ra, rb;
    t += 10;
    snprintf(line, sizeof(line), "{\"t_ms\": %llu, %s}",
             (unsigned long long)t, more[i]);
    end = strrchr(line, '}');
    snprintf(alt, sizeof(alt), "%.*s, \"_z\": 0%s", (int)(end - line), line,
             end);
    /* refused lines included: the same code and message */
    ra = acdr_engine_apply_event_json(a.e, line, strlen(line));
    rb = acdr_engine_apply_event_json(b.e, alt, strlen(alt));
    if (ra != rb)
      print_error("%s: %d (%s) vs %d (%s)\n", line, ra,
                  acdr_engine_last_error(a.e), rb,
                  acdr_engine_last_error(b.e));
    assert_int_equal(ra, rb);
    if (ra) {
      refused++;
      assert_string_equal(acdr_engine_last_error(a.e),
                          acdr_engine_last_error(b.e));
    } else {
      accepted++;
    }
    assert_int_equal(acdr_engine_check(a.e), 0);
  }
  /* both kinds of line are there (how many of the contact lines are
   * accepted depends on the routing of the random sequence before them:
   * 14 since a known agent who cannot take a contact in time costs no
   * hold) */
  assert_true(accepted >= 12 && refused >= 15);
  sim_assert_same(&a, &b, t);
  sim_free(&a);
  sim_free(&b);
}

H_MAIN(T(lenient_json_refused_in_configs), T(duplicate_keys_refused),
       T(invalid_utf8_and_nul_in_configs), T(valid_utf8_accepted),
       T(event_lines_strict), T(event_line_raw_nul),
       T(snapshot_with_invalid_utf8_refused),
       T(direct_calls_refuse_invalid_utf8), T(action_json_stays_valid),
       T(fast_and_general_paths_agree))
