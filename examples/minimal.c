/* SPDX-License-Identifier: MIT */
/*
 * minimal.c - the smallest useful acdroute host.
 *
 * One queue, two agents, three calls.  The host owns the clock: every call
 * into the engine carries `now`, and the host asks the engine for its next
 * deadline.  Agents answer from inside the OFFER callback (re-entrant calls
 * are allowed).
 */
#include <stdio.h>

#include <acdroute/acdroute.h>

#define SEC(x) ((acdr_tstamp)(x) * ACDR_SECONDS)

static int on_action(acdr_engine *e, const acdr_action *a, void *user_data) {
  (void)user_data;
  switch (a->type) {
  case ACDR_ACTION_QUEUED:
    printf("%s waits in %s at position %lld\n", a->contact_id, a->queue_id,
           (long long)a->position);
    break;
  case ACDR_ACTION_OFFER:
    printf("ring %s for %s -> answered\n", a->agent_id, a->contact_id);
    return acdr_contact_accept(e, a->contact_id, a->agent_id, a->time);
  case ACDR_ACTION_CONNECTED:
    printf("%s talks to %s\n", a->contact_id, a->agent_id);
    break;
  case ACDR_ACTION_CONTACT_ENDED:
    printf("%s ended (%s) after waiting %lld ms\n", a->contact_id,
           acdr_end_reason_name(a->reason), (long long)a->value_ms);
    break;
  default:
    break;
  }
  return 0;
}

static int check(acdr_engine *e, int rv, const char *what) {
  if (rv < 0)
    fprintf(stderr, "%s: %s (%s)\n", what, acdr_strerror(rv),
            acdr_engine_last_error(e));
  return rv;
}

int main(void) {
  acdr_callbacks cb = {on_action, NULL};
  acdr_engine *e = NULL;
  if (acdr_engine_new(&e, &cb, NULL, NULL) != 0)
    return 1;

  acdr_queue_def q;
  acdr_queue_def_default(&q);
  q.id = "support";
  int rv = check(e, acdr_queue_add(e, &q), "queue");

  const char *agents[] = {"alice", "bob"};
  for (int i = 0; i < 2 && rv == 0; ++i) {
    acdr_agent_def a;
    acdr_agent_def_default(&a);
    a.id = agents[i];
    rv = check(e, acdr_agent_add(e, &a), "agent");
    if (rv == 0)
      rv = check(e, acdr_queue_member_add(e, "support", a.id, 0, i, 0),
                 "member");
    if (rv == 0)
      rv = check(e, acdr_agent_login(e, a.id, 0), "login");
  }

  /* Three calls at t = 1, 2, 3 s; each talks 60 s. */
  const char *calls[] = {"call-1", "call-2", "call-3"};
  for (int i = 0; i < 3 && rv == 0; ++i) {
    acdr_contact_def c;
    acdr_contact_def_default(&c);
    c.id = calls[i];
    c.queue = "support";
    rv = check(e, acdr_contact_arrive(e, &c, SEC(i + 1)), "arrive");
  }
  for (int i = 0; i < 3 && rv == 0; ++i) {
    acdr_tstamp now = SEC(61 + 60 * i);
    /* A real host sleeps until acdr_engine_get_expiry(); we just step. */
    if (acdr_engine_get_expiry(e) <= now)
      acdr_engine_handle_expiry(e, now);
    /* No wrap-up time is configured, so the contact ends at hang-up and
     * the agent is offered the next waiting call right away. */
    rv = check(e, acdr_contact_hangup(e, calls[i], now), "hangup");
  }

  acdr_engine_del(e);
  return rv == 0 ? 0 : 1;
}
