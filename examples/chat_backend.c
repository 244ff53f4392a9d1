/* SPDX-License-Identifier: MIT */
/*
 * chat_backend.c - the routing loop of a chat backend.
 *
 * Web chats are assigned to the least busy agent (open chats / capacity),
 * never beyond an agent's capacity.  The customer is told "an agent has been
 * assigned" or "all agents are busy"; a chat that an agent does not pick up
 * within 20 s is taken back and given to someone else, and the agent is
 * paused for a moment.
 *
 * The host owns the clock: this program runs a simulated minute-by-minute
 * morning, but the loop is the same with a real clock: sleep until
 * min(next incoming message, acdr_engine_get_expiry()), then feed what
 * happened to the engine.  Public API only.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <acdroute/acdroute.h>

#define SEC(x) ((acdr_tstamp)(x) * ACDR_SECONDS)

typedef struct agent_sim {
  const char *id, *name;
  uint32_t capacity;
  int responsive; /* 0: never picks up (went for coffee, tab closed) */
} agent_sim;

static const agent_sim agents[] = {
    {"ana", "Ana", 3, 1},
    {"ben", "Ben", 2, 1},
    {"kim", "Kim", 3, 0},
};
#define NAGENTS (sizeof agents / sizeof agents[0])

/* A chat the backend knows about: when the agent picks up and when the
 * conversation ends (seconds after the chat started). */
typedef struct chat {
  const char *id;
  double start, talk;
} chat;

static const chat chats[] = {
    {"chat-101", 10, 240}, {"chat-102", 20, 300}, {"chat-103", 25, 180},
    {"chat-104", 40, 200}, {"chat-105", 55, 420}, {"chat-106", 60, 150},
    {"chat-107", 62, 240}, {"chat-108", 64, 200}, {"chat-109", 66, 300},
    {"chat-110", 90, 120}, {"chat-111", 130, 100}, {"chat-112", 135, 90},
};
#define NCHATS (sizeof chats / sizeof chats[0])

/* Pending host-side events: pick-ups and end of conversations. */
typedef struct pending {
  acdr_tstamp t;
  int kind; /* 1 accept, 2 customer leaves */
  size_t chat;
  size_t agent;
} pending;

static pending todo[64];
static size_t ntodo;
static int reassigned, over_capacity, assigned;
static int32_t status[NAGENTS]; /* last acdr_agent_status seen */
static int64_t position[NCHATS]; /* from the last QUEUED action */

static size_t chat_index(const char *id) {
  for (size_t i = 0; i < NCHATS; ++i)
    if (strcmp(chats[i].id, id) == 0) return i;
  return NCHATS;
}

static size_t agent_index(const char *id) {
  for (size_t i = 0; i < NAGENTS; ++i)
    if (strcmp(agents[i].id, id) == 0) return i;
  return NAGENTS;
}

static void schedule(acdr_tstamp t, int kind, size_t c, size_t a) {
  if (ntodo < sizeof todo / sizeof todo[0])
    todo[ntodo++] = (pending){t, kind, c, a};
}

static int on_action(acdr_engine *e, const acdr_action *a, void *ud) {
  (void)e;
  (void)ud;
  double t = (double)a->time / 1e9;
  size_t c = a->contact_id ? chat_index(a->contact_id) : NCHATS;
  size_t ag = a->agent_id ? agent_index(a->agent_id) : NAGENTS;
  switch (a->type) {
  case ACDR_ACTION_QUEUED:
    if (c < NCHATS) position[c] = a->position;
    break;
  case ACDR_ACTION_OFFER:
    printf("%6.1fs  %s pops up on %s's screen\n", t, a->contact_id,
           a->agent_id);
    if (ag < NAGENTS && agents[ag].responsive)
      schedule(a->time + SEC(2), 1, c, ag); /* picks up 2 s later */
    break;
  case ACDR_ACTION_OFFER_CANCEL:
    if (a->reason == ACDR_CANCEL_NO_ANSWER ||
        a->reason == ACDR_CANCEL_AGENT_UNAVAILABLE) {
      printf("%6.1fs  %s did not pick up %s: reassigning\n", t, a->agent_id,
             a->contact_id);
      reassigned++;
    }
    break;
  case ACDR_ACTION_ANNOUNCE:
    if (a->reason == ACDR_ANNOUNCE_AGENT_ASSIGNED) {
      printf("%6.1fs  -> customer of %s: \"%s has joined the chat\"\n", t,
             a->contact_id, a->text ? a->text : "An agent");
      assigned++;
    } else if (a->reason == ACDR_ANNOUNCE_OVER_CAPACITY) {
      printf("%6.1fs  -> customer of %s: \"All our agents are busy, you "
             "are number %" PRId64 " in line\"\n",
             t, a->contact_id, c < NCHATS ? position[c] : 0);
      over_capacity++;
    }
    break;
  case ACDR_ACTION_CONNECTED:
    if (c < NCHATS) schedule(a->time + SEC(chats[c].talk), 2, c, ag);
    break;
  case ACDR_ACTION_CONTACT_ENDED:
    printf("%6.1fs  %s closed (%s)\n", t, a->contact_id,
           acdr_end_reason_name(a->reason));
    break;
  case ACDR_ACTION_AGENT_STATE:
    if (ag < NAGENTS && a->reason != status[ag]) {
      if (a->reason == ACDR_AGENT_AWAY)
        printf("%6.1fs  %s paused: %s\n", t, a->agent_id,
               a->text ? a->text : "away");
      status[ag] = a->reason;
    }
    break;
  default:
    break;
  }
  return 0;
}

static int fail(acdr_engine *e, int rv, const char *what) {
  fprintf(stderr, "chat_backend: %s: %s (%s)\n", what, acdr_strerror(rv),
          acdr_engine_last_error(e));
  return 1;
}

/* Take the earliest pending host event (0 if none). */
static int next_todo(pending *out) {
  if (!ntodo) return 0;
  size_t best = 0;
  for (size_t i = 1; i < ntodo; ++i)
    if (todo[i].t < todo[best].t) best = i;
  *out = todo[best];
  todo[best] = todo[--ntodo];
  return 1;
}

int main(void) {
  acdr_callbacks cb = {on_action, NULL};
  acdr_engine *e = NULL;
  int rv = acdr_engine_new(&e, &cb, NULL, NULL);
  if (rv < 0) return fail(e, rv, "engine");

  acdr_queue_def q;
  acdr_queue_def_default(&q);
  q.id = "web-chat";
  q.channel = ACDR_CHANNEL_CHAT;
  q.strategy = "least-busy";
  q.ring_timeout_ms = 20000;  /* reassign after 20 s without pick-up */
  q.no_answer_delay_ms = 60000; /* ... and leave that agent alone 1 min */
  q.max_missed = 2;           /* two misses in a row: set away */
  rv = acdr_queue_add(e, &q);
  if (rv == ACDR_ERR_UNKNOWN_STRATEGY) {
    printf("(strategy least-busy not available: using the default)\n");
    q.strategy = NULL;
    rv = acdr_queue_add(e, &q);
  }
  if (rv < 0) return fail(e, rv, "queue");

  for (size_t i = 0; i < NAGENTS; ++i) {
    acdr_agent_def d;
    acdr_agent_def_default(&d);
    d.id = agents[i].id;
    d.name = agents[i].name;
    d.capacity[ACDR_CHANNEL_VOICE] = 0;
    d.capacity[ACDR_CHANNEL_CHAT] = agents[i].capacity;
    d.capacity[ACDR_CHANNEL_EMAIL] = 0;
    if ((rv = acdr_agent_add(e, &d)) < 0 ||
        (rv = acdr_queue_member_add(e, "web-chat", d.id, 0, (int32_t)i, 0)) <
            0 ||
        (rv = acdr_agent_login(e, d.id, 0)) < 0)
      return fail(e, rv, "agent");
  }

  /* The loop: whichever comes first, a new chat, a host event (pick-up,
   * customer leaves) or an engine deadline (ring timeout). */
  size_t next_chat = 0;
  for (;;) {
    acdr_tstamp t_chat =
        next_chat < NCHATS ? SEC(chats[next_chat].start) : ACDR_TSTAMP_MAX;
    acdr_tstamp t_todo = ACDR_TSTAMP_MAX;
    for (size_t i = 0; i < ntodo; ++i)
      if (todo[i].t < t_todo) t_todo = todo[i].t;
    acdr_tstamp t_eng = acdr_engine_get_expiry(e);
    if (t_chat == ACDR_TSTAMP_MAX && t_todo == ACDR_TSTAMP_MAX &&
        t_eng == ACDR_TSTAMP_MAX)
      break;
    if (t_eng <= t_chat && t_eng <= t_todo) {
      if ((rv = acdr_engine_handle_expiry(e, t_eng)) < 0)
        return fail(e, rv, "expiry");
    } else if (t_chat <= t_todo) {
      acdr_contact_def c;
      acdr_contact_def_default(&c);
      c.id = chats[next_chat].id;
      c.queue = "web-chat";
      printf("%6.1fs  %s: new chat\n", (double)t_chat / 1e9, c.id);
      if ((rv = acdr_contact_arrive(e, &c, t_chat)) < 0)
        return fail(e, rv, "arrive");
      next_chat++;
    } else {
      pending p = {0, 0, 0, 0};
      if (!next_todo(&p)) break;
      const char *cid = chats[p.chat].id;
      if (p.kind == 1)
        rv = acdr_contact_accept(e, cid, agents[p.agent].id, p.t);
      else
        rv = acdr_contact_hangup(e, cid, p.t);
      /* a pick-up that came too late is refused: the chat moved on */
      if (rv < 0 && rv != ACDR_ERR_NOT_OFFERED)
        return fail(e, rv, p.kind == 1 ? "accept" : "hangup");
    }
    if ((rv = acdr_engine_check(e)) < 0) return fail(e, rv, "check");
  }

  acdr_engine_counts n;
  acdr_engine_get_counts(e, &n);
  printf("\n%" PRIu64 " chats, %d agent-assigned messages, %d over-capacity "
         "messages, %d reassignments, %" PRIu64 " still open\n",
         n.contacts_arrived, assigned, over_capacity, reassigned,
         n.contacts_live);
  acdr_engine_del(e);
  /* every chat must have been served, and kim's silence noticed */
  return n.contacts_live == 0 && assigned == (int)NCHATS && reassigned > 0 &&
                 over_capacity > 0
             ? 0
             : 1;
}
