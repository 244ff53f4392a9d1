/* SPDX-License-Identifier: MIT */
/* Names of enum values (names.h): every value of every enum is named with
 * the word the JSON action lines use, values the library does not have
 * give "unknown", and a NULL action is refused with "unknown". */
#include "harness.h"

#include <acdroute/names.h>
#include <stdio.h>
#include <string.h>

/* The string value of "key" in a JSON line, or "" when the key is absent
 * or not a string. */
static void json_str(const char *line, const char *key, char *out,
                     size_t outlen) {
  char pat[64];
  const char *p, *e;
  snprintf(pat, sizeof(pat), "\"%s\": \"", key);
  out[0] = '\0';
  if (!(p = strstr(line, pat))) return;
  p += strlen(pat);
  if (!(e = strchr(p, '"')) || (size_t)(e - p) >= outlen) return;
  memcpy(out, p, (size_t)(e - p));
  out[e - p] = '\0';
}

/* For every action type and every reason / activity value the JSON writer
 * names, the functions give the same word. */
static void names_match_the_json_lines(void **state) {
  int type, v, named_reasons = 0, named_activities = 0;
  (void)state;
  for (type = 1; type <= ACDR_ACTION_REPLY_OVERDUE; type++) {
    for (v = 0; v < 12; v++) {
      acdr_action a;
      char line[512], jtype[64], jreason[64], jact[64];
      memset(&a, 0, sizeof(a));
      a.type = type;
      a.reason = v;
      a.activity = v;
      a.channel = -1;
      assert_int_equal(acdr_action_to_json(line, sizeof(line), NULL, &a), 0);
      json_str(line, "action", jtype, sizeof(jtype));
      json_str(line, "reason", jreason, sizeof(jreason));
      json_str(line, "activity", jact, sizeof(jact));
      assert_string_equal(acdr_action_type_name(type), jtype);
      if (jreason[0]) {
        assert_string_equal(acdr_action_reason_name(&a), jreason);
        named_reasons++;
      } else if (strcmp(acdr_action_reason_name(&a), "none") != 0) {
        /* a value the JSON writes as a number has no name */
        assert_string_equal(acdr_action_reason_name(&a), "unknown");
      }
      if (jact[0]) {
        assert_string_equal(acdr_action_activity_name(&a), jact);
        named_activities++;
      }
    }
  }
  /* cancel 6 + end 8 + status 3 + announce 5 + overflow 5 + followup 4 +
   * overdue 2; activity 4 + cause 5 */
  assert_int_equal(named_reasons, 33);
  assert_int_equal(named_activities, 9);
}

static void every_constant_has_its_name(void **state) {
  (void)state;
  assert_string_equal(acdr_action_type_name(ACDR_ACTION_OFFER), "offer");
  assert_string_equal(acdr_action_type_name(ACDR_ACTION_CONTACT_ENDED),
                      "contact_ended");
  assert_string_equal(acdr_end_reason_name(ACDR_END_ABANDONED), "abandoned");
  assert_string_equal(acdr_end_reason_name(ACDR_END_REJECTED), "rejected");
  assert_string_equal(acdr_cancel_reason_name(ACDR_CANCEL_CALLER_HANGUP),
                      "caller_hangup");
  assert_string_equal(acdr_announce_kind_name(ACDR_ANNOUNCE_MESSAGE),
                      "message");
  assert_string_equal(acdr_agent_status_name(ACDR_AGENT_AWAY), "away");
  assert_string_equal(acdr_agent_activity_name(ACDR_ACTIVITY_ON_CONTACT),
                      "on_contact");
  assert_string_equal(acdr_contact_state_name(ACDR_CONTACT_WAITING),
                      "waiting");
  assert_string_equal(acdr_contact_state_name(ACDR_CONTACT_ENDED), "ended");
  assert_string_equal(acdr_overflow_kind_name(ACDR_OVERFLOW_VOICEMAIL),
                      "voicemail");
  assert_string_equal(
      acdr_overflow_cause_name(ACDR_OVERFLOW_CAUSE_QUEUE_REMOVED),
      "queue_removed");
  assert_string_equal(acdr_followup_kind_name(ACDR_FOLLOWUP_DNC), "dnc");
  assert_string_equal(acdr_reply_overdue_name(ACDR_REPLY_OVERDUE_REASSIGN),
                      "reassign");
}

static void unknown_values_and_null(void **state) {
  acdr_action a;
  (void)state;
  assert_string_equal(acdr_action_type_name(0), "unknown");
  assert_string_equal(acdr_action_type_name(14), "unknown");
  assert_string_equal(acdr_action_type_name(-1), "unknown");
  assert_string_equal(acdr_end_reason_name(8), "unknown");
  assert_string_equal(acdr_cancel_reason_name(0), "unknown");
  assert_string_equal(acdr_agent_status_name(-5), "unknown");
  assert_string_equal(acdr_contact_state_name(5), "unknown");
  assert_string_equal(acdr_action_reason_name(NULL), "unknown");
  assert_string_equal(acdr_action_activity_name(NULL), "unknown");
  memset(&a, 0, sizeof(a));
  a.type = ACDR_ACTION_OFFER; /* carries no reason */
  assert_string_equal(acdr_action_reason_name(&a), "none");
  assert_string_equal(acdr_action_activity_name(&a), "none");
  a.type = 99; /* a future type: its fields mean nothing known */
  assert_string_equal(acdr_action_reason_name(&a), "unknown");
}

H_MAIN(T(names_match_the_json_lines), T(every_constant_has_its_name),
       T(unknown_values_and_null))
