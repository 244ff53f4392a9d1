/* SPDX-License-Identifier: MIT */
/*
 * hello_routing.c - route a handful of contacts and tell the story.
 *
 * A short scripted morning: two voice agents and a chat agent, a "sales"
 * and a "support" queue, a caller who hangs up while waiting, an agent who
 * lets the phone ring out, a chat.  Every action the engine emits is
 * printed with its time.  The host (this program) keeps the clock and runs
 * the engine's deadlines (ring timeouts, wrap-up) between scripted events.
 *
 * Uses only the public API.  Exit status 0 when every call succeeded.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <acdroute/acdroute.h>

#define SEC(x) ((acdr_tstamp)(x) * ACDR_SECONDS)

/* Agents that answer when offered; "carol" lets it ring out. */
static int answers(const char *agent) { return strcmp(agent, "carol") != 0; }

static int on_action(acdr_engine *e, const acdr_action *a, void *user_data) {
  (void)user_data;
  printf("[%6.1fs] ", (double)a->time / 1e9);
  switch (a->type) {
  case ACDR_ACTION_QUEUED:
    printf("%-8s queued in %s, position %" PRId64 "\n", a->contact_id,
           a->queue_id, a->position);
    break;
  case ACDR_ACTION_OFFER:
    printf("%-8s rings at %s\n", a->contact_id, a->agent_id);
    if (answers(a->agent_id)) /* answer right away, from the callback */
      return acdr_contact_accept(e, a->contact_id, a->agent_id, a->time);
    break;
  case ACDR_ACTION_OFFER_CANCEL:
    printf("%-8s stops ringing at %s (%s)\n", a->contact_id, a->agent_id,
           acdr_cancel_reason_name(a->reason));
    break;
  case ACDR_ACTION_CONNECTED:
    printf("%-8s connected to %s\n", a->contact_id, a->agent_id);
    break;
  case ACDR_ACTION_WRAPUP:
    printf("%-8s done talking; %s wraps up for %" PRId64 " s\n",
           a->contact_id, a->agent_id, a->value_ms / 1000);
    break;
  case ACDR_ACTION_CONTACT_ENDED:
    printf("%-8s ended: %s (waited %.1f s)\n", a->contact_id,
           acdr_end_reason_name(a->reason), (double)a->value_ms / 1000.0);
    break;
  case ACDR_ACTION_AGENT_STATE:
    printf("%-8s is %s, %s%s%s\n", a->agent_id, acdr_agent_status_name(a->reason),
           acdr_agent_activity_name(a->activity), a->text ? " - " : "",
           a->text ? a->text : "");
    break;
  case ACDR_ACTION_ANNOUNCE:
    printf("%-8s hears announcement %s%s%s\n", a->contact_id,
           acdr_announce_kind_name(a->reason),
           a->text ? ": " : "", a->text ? a->text : "");
    break;
  default:
    printf("%s for %s\n", acdr_action_type_name(a->type),
           a->contact_id ? a->contact_id : "-");
    break;
  }
  return 0;
}

/* Run the engine's deadlines up to `now`, one at a time, in order. */
static int advance(acdr_engine *e, acdr_tstamp now) {
  acdr_tstamp t;
  while ((t = acdr_engine_get_expiry(e)) <= now) {
    int rv = acdr_engine_handle_expiry(e, t);
    if (rv < 0) return rv;
  }
  return 0;
}

static int failures;

static void ok(acdr_engine *e, int rv, const char *what) {
  if (rv < 0) {
    fprintf(stderr, "hello_routing: %s: %s (%s)\n", what, acdr_strerror(rv),
            acdr_engine_last_error(e));
    failures++;
  }
}

static void agent(acdr_engine *e, const char *id, uint32_t voice,
                  uint32_t chat, const char *lang) {
  acdr_agent_def d;
  acdr_skill sk = {lang, 80};
  acdr_agent_def_default(&d);
  d.id = id;
  d.capacity[ACDR_CHANNEL_VOICE] = voice;
  d.capacity[ACDR_CHANNEL_CHAT] = chat;
  d.capacity[ACDR_CHANNEL_EMAIL] = 0;
  d.skills = &sk;
  d.nskills = 1;
  ok(e, acdr_agent_add(e, &d), "agent_add");
}

static void queue(acdr_engine *e, const char *id, int32_t channel) {
  acdr_queue_def q;
  acdr_queue_def_default(&q);
  q.id = id;
  q.channel = channel;
  q.ring_timeout_ms = 10000;
  q.wrapup_ms = 5000;
  ok(e, acdr_queue_add(e, &q), "queue_add");
}

static void arrive(acdr_engine *e, const char *id, const char *q,
                   const char *lang, acdr_tstamp now) {
  acdr_contact_def c;
  acdr_skill sk = {lang, 1};
  acdr_contact_def_default(&c);
  c.id = id;
  c.queue = q;
  if (lang) {
    c.skills = &sk;
    c.nskills = 1;
  }
  ok(e, advance(e, now), "expiry");
  printf("[%6.1fs] --- %s arrives in %s%s%s\n", (double)now / 1e9, id, q,
         lang ? ", speaks " : "", lang ? lang : "");
  ok(e, acdr_contact_arrive(e, &c, now), "arrive");
}

static void hangup(acdr_engine *e, const char *id, acdr_tstamp now) {
  ok(e, advance(e, now), "expiry");
  printf("[%6.1fs] --- %s hangs up\n", (double)now / 1e9, id);
  ok(e, acdr_contact_hangup(e, id, now), "hangup");
}

int main(void) {
  acdr_callbacks cb = {on_action, NULL};
  acdr_engine *e = NULL;
  int rv = acdr_engine_new(&e, &cb, NULL, NULL);
  if (rv != 0) {
    fprintf(stderr, "hello_routing: engine: %s\n", acdr_strerror(rv));
    return 1;
  }
  printf("acdroute %s: a short morning in a small contact center\n\n",
         acdr_version());

  queue(e, "sales", ACDR_CHANNEL_VOICE);
  queue(e, "support", ACDR_CHANNEL_VOICE);
  queue(e, "chat", ACDR_CHANNEL_CHAT);
  agent(e, "alice", 1, 0, "en");
  agent(e, "bob", 1, 0, "de");
  agent(e, "carol", 1, 0, "en");
  agent(e, "dave", 0, 3, "en");
  ok(e, acdr_queue_member_add(e, "sales", "alice", 0, 0, 0), "member");
  ok(e, acdr_queue_member_add(e, "support", "bob", 0, 0, 0), "member");
  ok(e, acdr_queue_member_add(e, "support", "carol", 0, 1, 0), "member");
  ok(e, acdr_queue_member_add(e, "support", "alice", 1, 2, 0), "member");
  ok(e, acdr_queue_member_add(e, "chat", "dave", 0, 0, 0), "member");

  ok(e, acdr_agent_login(e, "carol", SEC(1)), "login");
  ok(e, acdr_agent_login(e, "bob", SEC(2)), "login");
  ok(e, acdr_agent_login(e, "alice", SEC(3)), "login");
  ok(e, acdr_agent_login(e, "dave", SEC(4)), "login");

  arrive(e, "call-1", "support", NULL, SEC(10)); /* carol idles longest */
  arrive(e, "call-2", "sales", NULL, SEC(12));
  arrive(e, "call-3", "support", "de", SEC(14)); /* needs German: bob */
  arrive(e, "chat-1", "chat", NULL, SEC(15));
  arrive(e, "chat-2", "chat", NULL, SEC(16));
  arrive(e, "call-4", "sales", NULL, SEC(20)); /* alice busy: waits */
  hangup(e, "call-4", SEC(45));                /* ... and gives up */
  hangup(e, "call-2", SEC(80));
  hangup(e, "call-3", SEC(90));
  hangup(e, "chat-1", SEC(100));
  hangup(e, "chat-2", SEC(110));
  hangup(e, "call-1", SEC(120));
  ok(e, advance(e, SEC(200)), "expiry");

  acdr_engine_counts n;
  ok(e, acdr_engine_get_counts(e, &n), "counts");
  ok(e, acdr_engine_check(e), "check");
  printf("\n%" PRIu64 " contacts arrived, %" PRIu64 " ended, %" PRIu64
         " still live\n",
         n.contacts_arrived, n.contacts_ended, n.contacts_live);
  acdr_engine_del(e);
  return failures ? 1 : 0;
}
