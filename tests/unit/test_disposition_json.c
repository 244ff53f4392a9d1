/* SPDX-License-Identifier: MIT */
/* Snapshot of the disposition module: everything survives a save / load
 * into another engine (pending follow-ups fire on time there), partial
 * loads keep the rest, and a bad document changes nothing. */
#include "dispo.h"

#include <string.h>

#include <json-c/json.h>

#include "disposition/disposition_int.h"

static void fill(harness *h) {
  acdr_dispo_rule r;
  acdr_dispo_code c;
  h_agent(h, "a1");
  dq(h, "q", 1, 0);
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(1));
  acdr_dispo_code_default(&c);
  c.id = "sale";
  c.attrs = ACDR_DISPO_SUCCESS | ACDR_DISPO_CONTACT_MADE;
  assert_int_equal(acdr_dispo_code_add(h->e, &c), 0);
  acdr_dispo_rule_default(&r);
  r.id = "thanks";
  r.code = "sale";
  r.action = ACDR_FOLLOWUP_MESSAGE;
  r.argument = "tpl-thanks";
  r.delay_ms = 7200000;
  assert_int_equal(acdr_dispo_rule_add(h->e, &r), 0);
  assert_int_equal(acdr_dnc_add(h->e, "tel:+1555", 86400000, S(1)), 0);
  darrive(h, "c1", "q", "cust1", "en", S(2));
  h_accept(h, "c1", "a1", S(2));
  h_hangup(h, "c1", S(62));
  dset(h, "c1", "sale", NULL, 0, S(63));
  assert_int_equal(acdr_dispo_correct(h->e, "c1", "sale", NULL, 0, S(64)), 0);
  darrive(h, "c2", "q", "cust2", NULL, S(65));
  h_accept(h, "c2", "a1", S(65));
  h_hangup(h, "c2", S(70)); /* c2 stays in wrap-up: required code */
  h_take(h);
}

static void round_trip(void **state) {
  harness a, b;
  json_object *snap = json_object_new_object();
  acdr_dispo_record rec;
  acdr_dispo_rule r;
  acdr_dispo_stats st;
  int32_t ok;
  (void)state;
  h_init(&a, NULL);
  fill(&a);
  assert_int_equal(acdr_json_save_state(a.e, snap), 0);
  dset(&a, "c2", "busy", NULL, 0, S(71)); /* not in the snapshot */

  /* b: same agents/queues/contacts as at the snapshot */
  h_init(&b, NULL);
  h_agent(&b, "a1");
  dq(&b, "q", 1, 0);
  h_member(&b, "q", "a1", 0, 0, 0);
  h_login(&b, "a1", S(1));
  h_arrive(&b, "c2", "q", S(65));
  h_accept(&b, "c2", "a1", S(65));
  h_hangup(&b, "c2", S(70));
  h_take(&b);
  assert_int_equal(acdr_json_load_state(b.e, snap), 0);
  h_check(&b);
  assert_int_equal(acdr_dispo_code_count(b.e), 15);
  assert_int_equal(acdr_dispo_rule_get(b.e, "thanks", &r), 0);
  assert_int_equal(r.delay_ms, 7200000);
  assert_int_equal(acdr_dnc_check(b.e, "tel:+1555", S(70), &ok, NULL), 0);
  assert_int_equal(ok, 0);
  assert_int_equal(acdr_dispo_get(b.e, "c1", &rec), 0);
  assert_int_equal(rec.closed, 1);
  assert_string_equal(rec.primary, "sale");
  assert_int_equal(rec.corrections, 1);
  assert_int_equal(rec.duration_ms, 60000);
  assert_int_equal(acdr_dispo_change_count(b.e), 1);
  assert_int_equal(acdr_dispo_stats_get(b.e, NULL, "a1", "sale", &st), 0);
  assert_int_equal(st.contacts, 1);
  assert_int_equal(st.code_primary, 1);
  assert_int_equal(acdr_dispo_pending_count(b.e), 1);
  assert_int_equal(acdr_engine_get_expiry(b.e), S(63) + S(7200));
  /* c2 had no code in the snapshot: still blocked, then set */
  assert_int_equal(acdr_contact_wrapup_done(b.e, "c2", S(71)),
                   ACDR_ERR_DISPOSITION_REQUIRED);
  dset(&b, "c2", "busy", NULL, 0, S(72));
  h_expect(&b, "ENDED c2 completed\n");
  h_advance(&b, S(63) + S(7200));
  h_expect(&b, "FOLLOWUP 2 tpl-thanks\n");
  json_object_put(snap);
  h_free(&a);
  h_free(&b);
}

H_TEST(partial_and_bad_documents) {
  json_object *doc;
  int32_t ok;
  fill(h);
  /* only a catalog: the DNC list, rules... stay */
  doc = json_tokener_parse(
      "{\"catalog\":[{\"id\":\"sale\",\"attrs\":2},{\"id\":\"other\"}]}");
  assert_non_null(doc);
  assert_int_equal(acdr_json_load_state(h->e, doc), 0);
  json_object_put(doc);
  h_check(h);
  assert_int_equal(acdr_dispo_code_count(h->e), 2);
  assert_int_equal(acdr_dispo_rule_count(h->e), 1);
  assert_int_equal(acdr_dnc_check(h->e, "tel:+1555", S(80), &ok, NULL), 0);
  assert_int_equal(ok, 0);
  assert_int_equal(acdr_dispo_pending_count(h->e), 1);
  /* duplicate ids, a rule on a missing code, a wrong type: refused, and
   * nothing changes */
  doc = json_tokener_parse(
      "{\"catalog\":[{\"id\":\"sale\"},{\"id\":\"sale\"}],\"dnc\":[]}");
  assert_int_equal(acdr_json_load_state(h->e, doc),
                   ACDR_ERR_DUPLICATE_ID);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "catalog[1]"));
  json_object_put(doc);
  doc = json_tokener_parse("{\"catalog\":[{\"id\":\"x\"}]}");
  assert_int_equal(acdr_json_load_state(h->e, doc),
                   ACDR_ERR_UNKNOWN_CODE); /* rule "thanks" needs "sale" */
  assert_non_null(strstr(acdr_engine_last_error(h->e), "rules[0]"));
  json_object_put(doc);
  doc = json_tokener_parse("{\"dnc\":[{\"key\":5}]}");
  assert_int_equal(acdr_json_load_state(h->e, doc), ACDR_ERR_PARSE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "dnc[0].key"));
  json_object_put(doc);
  assert_int_equal(acdr_json_load_state(h->e, NULL),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_int_equal(acdr_dispo_code_count(h->e), 2);
  assert_int_equal(acdr_dnc_check(h->e, "tel:+1555", S(80), &ok, NULL), 0);
  assert_int_equal(ok, 0);
  assert_int_equal(acdr_dispo_pending_count(h->e), 1);
  h_check(h);
  h_advance(h, S(63) + S(7200));
  h_expect(h, "FOLLOWUP 2 tpl-thanks\n");
}

H_MAIN(T(round_trip), T(partial_and_bad_documents))
