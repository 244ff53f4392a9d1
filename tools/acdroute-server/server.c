/* SPDX-License-Identifier: MIT */
/*
 * acdroute-server - one acdroute engine behind a socket (docs/server.md).
 *
 * Clients (Unix socket and/or TCP) send the JSON event lines of
 * docs/events.md; each line is answered by {"ok":true,"seq":N} or
 * {"ok":false,"error":"ACDR_ERR_...","message":"..."} (to that client
 * only).  Every accepted event is appended to a journal before its ack;
 * snapshots are taken every N events; a restart loads the snapshot and
 * replays the journal tail.  Queries are served over HTTP (evhttp).
 *
 * The engine's state is a function of the journaled event lines alone:
 * before an event at time t every deadline x <= t is run at its own time x
 * (as the event loop's timer does), so replay needs no record of expiries.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>
#include <event2/keyvalq_struct.h>
#include <json-c/json.h>

#include <acdroute/acdroute.h>
#include <acdroute/config.h>
#include <acdroute/metrics.h>

#include "journal.h"
#include "ha.h"

#define MAX_SUBS 64
#define OUT_LIMIT (64u * 1024u * 1024u) /* a subscriber this far behind is cut */

typedef struct client {
  struct client *next, *prev;
  struct bufferevent *bev;
  struct server *s;
  int authed;
  int closing;
  int sub_all;
  int nsubs;
  char *subs[MAX_SUBS]; /* "q:<queue>" or "a:<agent>" */
  unsigned long id;
  int held; /* output waits for the journal's fdatasync (commit) */
  const char *nats_reply; /* a request on acdr.<NAME>.events: no socket */
  char *nats_buf;         /* its line (nats_reply points into it) */
} client;

typedef struct sse {
  struct sse *next;
  struct evhttp_request *req;
} sse;

typedef struct pending {
  char *line;
  char *queue;
  char *agent;
} pending;

typedef struct ringing {
  char *contact, *agent, *queue;
  char *line; /* the OFFER line as it was sent */
} ringing;

typedef struct server {
  struct event_base *base;
  acdr_engine *e;
  client *clients;
  client *dying;
  int nclients;
  unsigned long next_client_id;
  /* options */
  const char *dir, *config_path, *token;
  int wall;            /* 1: times from the wall clock; 0: from the lines */
  int fsync_always;
  int64_t fsync_ms;
  uint64_t snapshot_every;
  size_t max_line;
  int max_clients;
  uint64_t seed;
  /* journal */
  int jfd;
  int dirty;           /* written since the last fsync */
  uint64_t seq;        /* last journaled event */
  uint64_t snap_seq;   /* seq the newest snapshot covers */
  int replaying;
  /* actions emitted while processing, sent once the event is journaled */
  pending *pend;
  size_t npend, cappend;
  char *abuf;
  size_t abufcap;
  /* live contact ids (from the actions, also during replay): /queues
   * lists the waiting ones */
  char **live;
  size_t nlive, caplive;
  /* re-send after a restart (server_resend_current): the offers ringing
   * now, and the actions of the deadlines that fell due while down */
  struct ringing *ring;
  size_t nring, capring;
  pending *down;
  size_t ndown;
  acdr_tstamp down_until; /* wall time the down list is kept until */
  struct event *timer, *fsync_timer;
  /* wallboard: server-sent-event streams, refreshed at most every 100 ms
   * after a change */
  struct sse *sse;
  struct event *sse_timer;
  int sse_pending;
  struct event *sigterm, *sigint, *sighup;
  struct evhttp *http;
  struct evconnlistener *lis[2];
  struct event *lis_timer; /* listeners paused after accept() failed */
  struct event *commit_timer; /* group commit across clients */
  int nheld_clients; /* clients whose output waits for commit() */
  /* the exported configuration, parsed, for /queues /agents /metrics,
   * which read only queue ids, their members' agent ids and agent ids
   * from it: dropped by any event that may change those
   * (keeps_config_event; deadlines change none of them) */
  json_object *cfg_cache;
  const char *unix_path;
  /* --journal nats (docs/server.md "High availability"): s->seq is the
   * stream sequence of the last applied line */
  ha *ha;
  ha_opts hao;
  int leader;               /* holds the lease: appends, acks, acts */
  int following;            /* standby: the ordered consumer runs */
  int need_rebuild;         /* standby: the snapshot could not be read */
  uint64_t lease_rev;
  int64_t lease_sent_ms;    /* monotonic ms when the held lease was last
                               requested: it lasts lease_ms from there at
                               the latest */
  struct event *lease_timer, *ha_ev;
  /* group commit: while the leader handles a batch of lines read from a
   * client, their appends are pipelined and everything it would send is
   * held, each line tagged with the stream sequence it depends on; once
   * JetStream has acked the batch, what depends on a stored sequence goes
   * out, the rest becomes NOT_LEADER (replies) or is dropped (actions) */
  int holding;
  int hold_kind;            /* of what send_line holds now: HOLD_* */
  int hold_failed;          /* an append could not even be sent */
  uint64_t hold_tag;        /* the sequence it depends on */
  uint64_t hold_base;       /* s->seq when the batch began */
  struct held *held;
  size_t nheld, capheld;
} server;

enum { HOLD_ACTION, HOLD_REPLY, HOLD_CONTROL };
typedef struct held {
  struct client *c;   /* NULL: a NATS publish on subj */
  char *subj;
  char *line;
  size_t len;
  uint64_t tag;
  int kind;
} held;
static void hold_line(server *s, struct client *c, const char *line, size_t len);
static void ha_release(server *s);
static int lease_valid(const server *s);
static void step_down(server *s, const char *why);

/* apply_event: the line was not appended, this node is no longer leader */
#define SRV_NOT_LEADER (-100000)
static void send_not_leader(struct client *c);
static int ha_append_applied(server *s, const char *line, size_t len);
static int ha_take_snapshot(server *s);

/* ------------------------------------------------------------------ */
/* logging: one JSON object per line on stderr                         */

static void logj(const char *level, const char *msg, const char *fmt, ...) {
  json_object *o = json_object_new_object();
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  json_object_object_add(o, "ts", json_object_new_double(
                                      (double)ts.tv_sec + (double)ts.tv_nsec / 1e9));
  json_object_object_add(o, "level", json_object_new_string(level));
  json_object_object_add(o, "msg", json_object_new_string(msg));
  if (fmt) {
    /* fmt: "key=%s" pairs separated by \t; values are strings */
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *save = NULL;
    for (char *kv = strtok_r(buf, "\t", &save); kv;
         kv = strtok_r(NULL, "\t", &save)) {
      char *eq = strchr(kv, '=');
      if (!eq) continue;
      *eq = '\0';
      json_object_object_add(o, kv, json_object_new_string(eq + 1));
    }
  }
  fprintf(stderr, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
  fflush(stderr);
  json_object_put(o);
}

/* ------------------------------------------------------------------ */
/* time                                                                 */

static acdr_tstamp wall_now(const server *s) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  acdr_tstamp t = (acdr_tstamp)ts.tv_sec * 1000000000ULL + (acdr_tstamp)ts.tv_nsec;
  acdr_tstamp en = acdr_engine_now(s->e);
  return t < en ? en : t; /* a clock stepped back: time stands still */
}

static acdr_tstamp query_now(const server *s) {
  return s->wall ? wall_now(s) : acdr_engine_now(s->e);
}

/* business hours in the host's local time (TZ), wall-clock mode only */
static int local_time_cb(acdr_engine *e, const char *queue_id, acdr_tstamp now,
                         int64_t *local_seconds, void *ud) {
  (void)e;
  (void)queue_id;
  (void)ud;
  time_t t = (time_t)(now / 1000000000ULL);
  struct tm tm;
  if (!localtime_r(&t, &tm)) return -1;
  *local_seconds = (int64_t)t + (int64_t)tm.tm_gmtoff;
  return 0;
}

/* ------------------------------------------------------------------ */
/* output to clients                                                    */

static void client_close(client *c);

static void send_line(client *c, const char *line, size_t len) {
  if (c->closing) return;
  if (c->s->holding) {
    hold_line(c->s, c, line, len);
    return;
  }
  if (c->nats_reply) {
    ha_publish(c->s->ha, c->nats_reply, line, len);
    return;
  }
  struct evbuffer *out = bufferevent_get_output(c->bev);
  if (evbuffer_get_length(out) > OUT_LIMIT) {
    logj("warning", "client too slow, disconnected", "client=%lu", c->id);
    client_close(c);
    return;
  }
  evbuffer_add(out, line, len);
  evbuffer_add(out, "\n", 1);
  /* --fsync always: nothing leaves while a journaled line is not yet
   * durable (commit() lets it go) */
  if (c->s->fsync_always && c->s->dirty && !c->held) {
    c->held = 1;
    c->s->nheld_clients++;
    bufferevent_disable(c->bev, EV_WRITE);
  }
}

static void send_error(client *c, const char *code, const char *msg) {
  json_object *o = json_object_new_object();
  json_object_object_add(o, "ok", json_object_new_boolean(0));
  json_object_object_add(o, "error", json_object_new_string(code));
  json_object_object_add(o, "message", json_object_new_string(msg));
  size_t n;
  const char *t = json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN, &n);
  send_line(c, t, n);
  json_object_put(o);
}

static int wants(const client *c, const char *queue, const char *agent) {
  if (c->sub_all) return 1;
  for (int i = 0; i < c->nsubs; ++i) {
    const char *v = c->subs[i] + 2;
    if (c->subs[i][0] == 'q' && queue && !strcmp(v, queue)) return 1;
    if (c->subs[i][0] == 'a' && agent && !strcmp(v, agent)) return 1;
  }
  return 0;
}

static void nats_actions(server *s, const pending *p);

static void flush_actions(server *s) {
  for (size_t i = 0; i < s->npend; ++i) {
    pending *p = &s->pend[i];
    client *c = s->clients;
    while (c) {
      client *next = c->next; /* send_line may close c */
      if (c->authed && wants(c, p->queue, p->agent))
        send_line(c, p->line, strlen(p->line));
      c = next;
    }
    if (s->ha && s->leader) nats_actions(s, p);
    free(p->line);
    free(p->queue);
    free(p->agent);
  }
  s->npend = 0;
}

/* Room for one more element in *arr (n used of *cap, each size bytes),
 * doubling from first: 0, or -1 out of memory (*arr unchanged). */
static int grow(void *arr, size_t n, size_t *cap, size_t size, size_t first) {
  if (n < *cap) return 0;
  void *old, *na; /* arr points to a T* (memcpy: no access through void**) */
  memcpy(&old, arr, sizeof old);
  size_t nc = *cap ? *cap * 2 : first;
  if (!(na = realloc(old, nc * size))) return -1;
  memcpy(arr, &na, sizeof na);
  *cap = nc;
  return 0;
}

static int track_contact(server *s, const acdr_action *a) {
  if (!a->contact_id) return 0;
  size_t i = 0;
  while (i < s->nlive && strcmp(s->live[i], a->contact_id)) ++i;
  if (a->type == ACDR_ACTION_CONTACT_ENDED && i < s->nlive) {
    free(s->live[i]);
    s->live[i] = s->live[--s->nlive];
  } else if (a->type == ACDR_ACTION_QUEUED && i == s->nlive) {
    if (grow(&s->live, s->nlive, &s->caplive, sizeof *s->live, 256) != 0) return -1;
    if (!(s->live[s->nlive] = strdup(a->contact_id))) return -1;
    s->nlive++;
  }
  return 0;
}

static char *dupz(const char *x) { return x ? strdup(x) : NULL; }

/* ------------------------------------------------------------------ */
/* re-send after a restart or a failover                                */

/* how long after a start the actions of the deadlines that fell due
 * while the server was down are kept for clients that subscribe */
#define RESEND_WINDOW_NS (60ULL * 1000000000ULL)

static void ring_free(ringing *r) {
  free(r->contact);
  free(r->agent);
  free(r->queue);
  free(r->line);
}

/* Keep the offers ringing now, from the actions (also on replay):
 * OFFER adds one, OFFER_CANCEL and CONNECTED end that agent's,
 * CONTACT_ENDED all of the contact's.  line: the OFFER's JSON. */
static int ring_track(server *s, const acdr_action *a, const char *line) {
  if (!a->contact_id) return 0;
  if (a->type == ACDR_ACTION_OFFER && a->agent_id) {
    if (grow(&s->ring, s->nring, &s->capring, sizeof *s->ring, 64) != 0) return -1;
    ringing *r = &s->ring[s->nring];
    r->contact = strdup(a->contact_id);
    r->agent = strdup(a->agent_id);
    r->queue = dupz(a->queue_id);
    r->line = strdup(line);
    if (!r->contact || !r->agent || !r->line || (a->queue_id && !r->queue)) {
      ring_free(r);
      return -1;
    }
    s->nring++;
    return 0;
  }
  int all = a->type == ACDR_ACTION_CONTACT_ENDED;
  if (!all && a->type != ACDR_ACTION_OFFER_CANCEL && a->type != ACDR_ACTION_CONNECTED)
    return 0;
  for (size_t i = 0; i < s->nring;) {
    ringing *r = &s->ring[i];
    if (!strcmp(r->contact, a->contact_id) &&
        (all || (a->agent_id && !strcmp(r->agent, a->agent_id)))) {
      ring_free(r);
      memmove(r, r + 1, (s->nring - i - 1) * sizeof *r); /* keep the order */
      s->nring--;
    } else {
      ++i;
    }
  }
  return 0;
}

/* does one of c's subscriptions among the first nsubs (or sub_all)
 * select an action of queue / agent */
static int selects(const client *c, int sub_all, int nsubs, const char *queue,
                   const char *agent) {
  if (sub_all) return 1;
  for (int i = 0; i < nsubs && i < c->nsubs; ++i) {
    const char *v = c->subs[i] + 2;
    if (c->subs[i][0] == 'q' && queue && !strcmp(v, queue)) return 1;
    if (c->subs[i][0] == 'a' && agent && !strcmp(v, agent)) return 1;
  }
  return 0;
}

/* line (a JSON object) with "replay":true first; malloc'ed, NULL when
 * out of memory or not an object */
static char *replay_line(const char *line, size_t *plen) {
  size_t n = strlen(line);
  char *x = line[0] == '{' ? malloc(n + 16) : NULL;
  if (!x) return NULL;
  memcpy(x, "{\"replay\":true,", 15);
  memcpy(x + 15, line + 1, n); /* with the NUL */
  *plen = n + 14;
  return x;
}

static void send_replay(client *c, const char *line) {
  size_t n = 0;
  char *x = replay_line(line, &n);
  if (x) send_line(c, x, n);
  free(x);
}

/*
 * server_resend_current - tell client c what needs action now, each line
 * marked "replay":true, for the subscriptions of c that the ones it had
 * before (sub_all_before, nsubs_before: its first nsubs_before) did not
 * already select; (0, 0) for all of them (a client after a failover):
 *  1. within RESEND_WINDOW_NS of the start, the actions of the deadlines
 *     that fell due while the server was down (run at start, before any
 *     client could hear them), except OFFERs (2. has those still ringing);
 *  2. every offer ringing now: the OFFER line sent when it started (its
 *     t_ns, position and value_ms are those of that moment).
 * Called after each accepted subscribe, after its {"ok":true}.
 */
static void server_resend_current(server *s, client *c, int sub_all_before,
                                  int nsubs_before) {
  if (s->ndown && s->wall && wall_now(s) <= s->down_until)
    for (size_t i = 0; i < s->ndown; ++i) {
      pending *p = &s->down[i];
      if (strstr(p->line, "\"action\":\"offer\"") ||
          !selects(c, c->sub_all, c->nsubs, p->queue, p->agent) ||
          selects(c, sub_all_before, nsubs_before, p->queue, p->agent))
        continue;
      send_replay(c, p->line);
    }
  for (size_t i = 0; i < s->nring; ++i) {
    ringing *r = &s->ring[i];
    acdr_contact_info ci; /* a guard: the contact must still ring someone */
    if (acdr_contact_get_info(s->e, r->contact, &ci) == 0 && ci.offers > 0 &&
        selects(c, c->sub_all, c->nsubs, r->queue, r->agent) &&
        !selects(c, sub_all_before, nsubs_before, r->queue, r->agent))
      send_replay(c, r->line);
  }
}

/* Keep the actions pending now (those of the deadlines that fell due
 * while the server was down, run at a start or a takeover before any
 * client could hear them) for server_resend_current, instead of sending
 * them to nobody; replaces what an earlier call kept. */
static void server_resend_capture(server *s) {
  for (size_t i = 0; i < s->ndown; ++i) {
    free(s->down[i].line);
    free(s->down[i].queue);
    free(s->down[i].agent);
  }
  free(s->down);
  s->down = s->pend;
  s->ndown = s->npend;
  s->pend = NULL;
  s->npend = s->cappend = 0;
  s->down_until = wall_now(s) + RESEND_WINDOW_NS;
  if (s->ndown)
    logj("info", "actions of deadlines that fell due while down kept for re-send",
         "actions=%zu", s->ndown);
}

/* after a restart from a snapshot: the offers ringing in it (the actions
 * that started them are not replayed), and its live contacts (for
 * /queues).  The snapshot document's "contacts" array: id, queue,
 * channel, customer, offers [{agent, started, timer {when, seq}}]; each
 * OFFER is rebuilt as it was sent (position: rank by timer seq). */
static int track_from_snapshot(server *s, const char *doc, size_t len) {
  json_tokener *tok = json_tokener_new_ex(64);
  if (!tok) return -1;
  json_object *o = json_tokener_parse_ex(tok, doc, (int)len), *cs, *v;
  json_tokener_free(tok);
  if (!o) return -1;
  int rv = 0;
  if (json_object_object_get_ex(o, "contacts", &cs))
    for (size_t i = 0; rv == 0 && i < json_object_array_length(cs); ++i) {
      json_object *c = json_object_array_get_idx(cs, i), *offs;
      if (!json_object_object_get_ex(c, "id", &v)) continue;
      acdr_action q = {0};
      q.type = ACDR_ACTION_QUEUED;
      q.contact_id = json_object_get_string(v);
      if ((rv = track_contact(s, &q)) != 0) break;
      if (!json_object_object_get_ex(c, "offers", &offs)) continue;
      size_t n = json_object_array_length(offs);
      for (size_t k = 0; rv == 0 && k < n; ++k) {
        json_object *of = json_object_array_get_idx(offs, k), *ag, *st, *tm, *w, *sq;
        if (!json_object_object_get_ex(of, "agent", &ag) ||
            !json_object_object_get_ex(of, "started", &st) ||
            !json_object_object_get_ex(of, "timer", &tm) ||
            !json_object_object_get_ex(tm, "when", &w) ||
            !json_object_object_get_ex(tm, "seq", &sq))
          continue;
        int64_t rank = 1;
        for (size_t j = 0; j < n; ++j) {
          json_object *t2, *s2;
          if (j != k &&
              json_object_object_get_ex(json_object_array_get_idx(offs, j), "timer", &t2) &&
              json_object_object_get_ex(t2, "seq", &s2) &&
              json_object_get_int64(s2) < json_object_get_int64(sq))
            ++rank;
        }
        acdr_action a = {0};
        a.type = ACDR_ACTION_OFFER;
        a.contact_id = q.contact_id;
        a.agent_id = json_object_get_string(ag);
        a.queue_id = json_object_object_get_ex(c, "queue", &v) ? json_object_get_string(v) : NULL;
        a.customer_id = json_object_object_get_ex(c, "customer", &v) ? json_object_get_string(v) : NULL;
        a.channel = json_object_object_get_ex(c, "channel", &v) ? json_object_get_int(v) : -1;
        a.time = (acdr_tstamp)json_object_get_int64(st);
        a.position = rank;
        a.value_ms = (json_object_get_int64(w) - json_object_get_int64(st)) /
                     (int64_t)ACDR_MILLISECONDS;
        size_t need = 0;
        char buf[1024];
        char *line = buf;
        int r = acdr_action_to_json(buf, sizeof buf, &need, &a);
        if (r == ACDR_ERR_LIMIT && (line = malloc(need + 1)) != NULL)
          r = acdr_action_to_json(line, need + 1, &need, &a);
        rv = !line || r < 0 ? -1 : ring_track(s, &a, line);
        if (line != buf) free(line);
      }
    }
  json_object_put(o);
  return rv;
}

/* Queue one action line for the subscribers of queue / agent (either may
 * be NULL): 0, or -1 out of memory (nothing queued). */
static int queue_str(server *s, const char *line, const char *queue,
                     const char *agent) {
  if (grow(&s->pend, s->npend, &s->cappend, sizeof *s->pend, 64) != 0) return -1;
  pending *p = &s->pend[s->npend];
  p->line = strdup(line);
  p->queue = dupz(queue);
  p->agent = dupz(agent);
  if (!p->line || (queue && !p->queue) || (agent && !p->agent)) {
    free(p->line);
    free(p->queue);
    free(p->agent);
    return -1;
  }
  s->npend++;
  return 0;
}

static int on_action(acdr_engine *e, const acdr_action *a, void *ud) {
  server *s = ud;
  (void)e;
  if (track_contact(s, a) != 0) return -1;
  if (s->sse && !s->sse_pending && !s->replaying) {
    static const struct timeval tv = {0, 100000};
    evtimer_add(s->sse_timer, &tv);
    s->sse_pending = 1;
  }
  /* on replay only an OFFER's line is needed (kept to be re-sent) */
  if (s->replaying && a->type != ACDR_ACTION_OFFER)
    return ring_track(s, a, NULL);
  size_t need = 0;
  int rv = acdr_action_to_json(s->abuf, s->abufcap, &need, a);
  if (rv == ACDR_ERR_LIMIT) {
    char *nb = realloc(s->abuf, need + 1);
    if (!nb) return -1;
    s->abuf = nb;
    s->abufcap = need + 1;
    rv = acdr_action_to_json(s->abuf, s->abufcap, &need, a);
  }
  if (rv < 0) return -1;
  if (ring_track(s, a, s->abuf) != 0) return -1;
  if (s->replaying) return 0; /* already sent before the restart */
  return queue_str(s, s->abuf, a->queue_id, a->agent_id);
}

/* ------------------------------------------------------------------ */
/* the engine: deadlines, events, journal, snapshots                    */

static void arm_timer(server *s);

/* Every deadline <= t, each at its own time.  After a gap of more than
 * an hour (the server was down, the host slept) every overdue deadline
 * fires once, at t, as in acdroute-drive: a periodic announcement does
 * not fire once per missed period.  The same rule runs on replay, so the
 * state stays a function of the journaled lines. */
#define MAX_GAP_NS (3600ULL * 1000000000ULL)
static void run_deadlines(server *s, acdr_tstamp t) {
  acdr_tstamp x, now = acdr_engine_now(s->e);
  if (t > now && t - now > MAX_GAP_NS) {
    if (acdr_engine_get_expiry(s->e) > t) return;
    int rv = acdr_engine_handle_expiry(s->e, t);
    if (rv < 0)
      logj("error", "deadline failed", "error=%s\tmessage=%s",
           acdr_err_name(rv), acdr_engine_last_error(s->e));
    return;
  }
  while ((x = acdr_engine_get_expiry(s->e)) <= t) {
    if (x < acdr_engine_now(s->e)) x = acdr_engine_now(s->e);
    int rv = acdr_engine_handle_expiry(s->e, x);
    if (rv < 0) {
      logj("error", "deadline failed", "error=%s\tmessage=%s",
           acdr_err_name(rv), acdr_engine_last_error(s->e));
      return;
    }
  }
}

static void fatal(const char *msg, int err) {
  logj("fatal", msg, "errno=%s", strerror(err));
  /* the engine may hold a change the journal does not: stop here; a
   * restart rebuilds the state from the journal */
  _exit(1);
}

static int take_snapshot(server *s) {
  if (s->ha) return ha_take_snapshot(s);
  char *doc = NULL;
  size_t len = 0;
  int rv = acdr_engine_snapshot(s->e, &doc, &len);
  if (rv < 0) {
    logj("error", "snapshot failed", "error=%s", acdr_err_name(rv));
    return -1;
  }
  /* the journal must be durable up to seq before the snapshot replaces
   * it (the snapshot covers exactly seq) */
  if (s->dirty && fdatasync(s->jfd) != 0) fatal("journal fsync failed", errno);
  s->dirty = 0;
  int w = snapshot_write(s->dir, s->seq, doc, len);
  acdr_free(s->e, doc);
  if (w < 0) {
    logj("error", "snapshot write failed", "errno=%s", strerror(-w));
    return -1;
  }
  s->snap_seq = s->seq;
  /* the snapshot is durable: the journal can start over */
  if (ftruncate(s->jfd, 0) != 0) fatal("journal truncate failed", errno);
  logj("info", "snapshot written", "seq=%" PRIu64, s->seq);
  return 0;
}

/* Apply one event line at its time (deadlines first).  On success, when
 * not replaying, journal it.  Returns 0 or an acdroute error code with the
 * message in acdr_engine_last_error. */
static int apply_event(server *s, const char *line, size_t len) {
  acdr_tstamp t;
  int rv = acdr_engine_check_event_json(s->e, line, len, &t);
  if (rv < 0) return rv;
  run_deadlines(s, t);
  rv = acdr_engine_apply_event_json(s->e, line, len);
  if (rv < 0) return rv;
  if (!s->replaying && s->ha) return ha_append_applied(s, line, len);
  if (!s->replaying) {
    int w = journal_append(s->jfd, s->seq + 1, line, len);
    if (w < 0) fatal("journal write failed", -w);
    s->dirty = 1; /* fsync'ed by commit() before any reply goes out */
  }
  s->seq++;
  return 0;
}

static void release_held(server *s);

/* --fsync always: make the journal durable, then let the held output go.
 * Output queued while a journaled line is not durable is held (writes of
 * that client disabled, send_line), so no ack or action leaves before its
 * record is on disk; the commit runs from a zero timer, after every
 * client's lines read in this turn of the loop: one fdatasync covers the
 * lines of all clients (group commit). */
static void commit(server *s) {
  if (s->fsync_always && s->dirty) {
    if (fdatasync(s->jfd) != 0) fatal("journal fsync failed", errno);
    s->dirty = 0;
  }
  release_held(s);
}

/* after an event: snapshot if due, actions out, timer re-armed */
static void after_event(server *s) {
  if (!s->holding && s->snapshot_every && s->seq - s->snap_seq >= s->snapshot_every)
    take_snapshot(s);
  flush_actions(s);
  arm_timer(s);
}

static void ha_tick(server *s);

static void timer_cb(evutil_socket_t fd, short what, void *ud) {
  server *s = ud;
  (void)fd;
  (void)what;
  if (s->ha) {
    ha_tick(s);
    return;
  }
  run_deadlines(s, wall_now(s));
  flush_actions(s);
  arm_timer(s);
}

static void arm_timer(server *s) {
  if (!s->wall) return; /* client clock: deadlines run when lines arrive */
  if (s->ha && !s->leader) return; /* a standby runs them as lines come */
  acdr_tstamp x = acdr_engine_get_expiry(s->e);
  if (x == ACDR_TSTAMP_MAX) {
    evtimer_del(s->timer);
    return;
  }
  acdr_tstamp now = wall_now(s);
  acdr_tstamp d = x > now ? x - now : 0;
  struct timeval tv;
  tv.tv_sec = (time_t)(d / 1000000000ULL);
  tv.tv_usec = (suseconds_t)((d % 1000000000ULL + 999) / 1000);
  evtimer_add(s->timer, &tv);
}

static void fsync_cb(evutil_socket_t fd, short what, void *ud) {
  server *s = ud;
  (void)fd;
  (void)what;
  if (s->dirty) {
    if (fdatasync(s->jfd) != 0) fatal("journal fsync failed", errno);
    s->dirty = 0;
  }
}

/* ------------------------------------------------------------------ */
/* client lines                                                         */

static int add_sub(client *c, json_object *v) {
  if (json_object_is_type(v, json_type_string) &&
      !strcmp(json_object_get_string(v), "all")) {
    c->sub_all = 1;
    return 0;
  }
  json_object *q = NULL, *a = NULL;
  if (!json_object_is_type(v, json_type_object)) return -1;
  json_object_object_get_ex(v, "queue", &q);
  json_object_object_get_ex(v, "agent", &a);
  json_object *x = q ? q : a;
  if (!x || (q && a) || json_object_object_length(v) != 1 ||
      !json_object_is_type(x, json_type_string) || c->nsubs >= MAX_SUBS)
    return -1;
  const char *id = json_object_get_string(x);
  char *sub = malloc(strlen(id) + 3);
  if (!sub) return -1;
  sub[0] = q ? 'q' : 'a';
  sub[1] = ':';
  strcpy(sub + 2, id);
  c->subs[c->nsubs++] = sub;
  return 0;
}

/* {"token":..}, {"subscribe":..}, {"unsubscribe":"all"}: 1 handled, 0 not
 * a control line */
static int control_line(client *c, json_object *o) {
  json_object *v;
  if (json_object_object_length(o) != 1) return 0;
  if (json_object_object_get_ex(o, "token", &v)) {
    const char *tok = c->s->token;
    if (!tok || (json_object_is_type(v, json_type_string) &&
                 !strcmp(json_object_get_string(v), tok))) {
      c->authed = 1;
      send_line(c, "{\"ok\":true}", 11);
    } else {
      send_error(c, "AUTH_FAILED", "wrong token");
      client_close(c);
    }
    return 1;
  }
  if (!c->authed) return 0;
  if (json_object_object_get_ex(o, "subscribe", &v)) {
    int all0 = c->sub_all, n0 = c->nsubs;
    if (add_sub(c, v) == 0) {
      send_line(c, "{\"ok\":true}", 11);
      server_resend_current(c->s, c, all0, n0);
    } else
      send_error(c, "BAD_SUBSCRIBE",
                 "subscribe takes \"all\", {\"queue\": ID} or {\"agent\": ID} "
                 "(at most 64 per client)");
    return 1;
  }
  if (json_object_object_get_ex(o, "unsubscribe", &v)) {
    c->sub_all = 0;
    for (int i = 0; i < c->nsubs; ++i) free(c->subs[i]);
    c->nsubs = 0;
    send_line(c, "{\"ok\":true}", 11);
    return 1;
  }
  return 0;
}

/* Events that cannot change the configuration (agents, queues, members,
 * settings): the parsed export kept for the queries stays valid.  Any
 * other "ev" (and a line without one) drops it. */
static int keeps_config_event(json_object *o) {
  static const char *const keep[] = {
      "login", "logout", "status", "arrive", "accept", "reject", "hangup",
      "hold", "wrapup_done", "transfer", "callback", "expiry", "dispo",
      "first_reply", "set_priority", "assign", "csat", "nps"};
  json_object *v;
  if (!json_object_object_get_ex(o, "ev", &v) || !json_object_is_type(v, json_type_string))
    return 0;
  const char *ev = json_object_get_string(v);
  for (size_t i = 0; i < sizeof keep / sizeof *keep; ++i)
    if (!strcmp(ev, keep[i])) return 1;
  return 0;
}

static void config_changed(server *s) {
  json_object_put(s->cfg_cache);
  s->cfg_cache = NULL;
}

static void handle_line(client *c, char *line, size_t len) {
  server *s = c->s;
  while (len && (line[len - 1] == '\r' || line[len - 1] == ' ')) line[--len] = '\0';
  size_t i = 0;
  while (i < len && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (i == len) return; /* blank */
  json_object *o = json_tokener_parse(line);
  int handled = o && json_object_is_type(o, json_type_object) &&
                control_line(c, o);
  int keeps_config = !handled && o && keeps_config_event(o);
  if (o) json_object_put(o);
  if (handled) return;
  if (!c->authed) {
    send_error(c, "AUTH_REQUIRED", "send {\"token\": ...} first");
    client_close(c);
    return;
  }
  if (s->ha && !s->leader) {
    send_not_leader(c);
    return;
  }
  if (s->ha && len - i + 48 > ha_max_line(s->ha)) {
    /* refused before it is applied: an append of it would fail */
    send_error(c, "LINE_TOO_LONG", "line longer than the NATS server's max_payload");
    return;
  }
  char *stamped = NULL;
  const char *text = line + i;
  size_t tlen = len - i;
  if (s->wall) {
    /* the server's clock decides: the line must carry no time; "t_ns"
     * goes in front so the library's strict parser still sees the
     * client's text unchanged */
    if (text[0] != '{') {
      send_error(c, "ACDR_ERR_PARSE", "an event line is a JSON object");
      return;
    }
    char head[48];
    int hl = snprintf(head, sizeof head, "{\"t_ns\":%" PRIu64 ",",
                      (uint64_t)wall_now(s));
    stamped = malloc((size_t)hl + tlen);
    if (!stamped) {
      send_error(c, "ACDR_ERR_NOMEM", "out of memory");
      return;
    }
    memcpy(stamped, head, (size_t)hl);
    memcpy(stamped + hl, text + 1, tlen - 1);
    text = stamped;
    tlen = (size_t)hl + tlen - 1;
  }
  int rv = apply_event(s, text, tlen);
  free(stamped);
  if (rv == SRV_NOT_LEADER) {
    send_not_leader(c);
    return;
  }
  s->hold_tag = s->seq; /* what follows is valid once s->seq is stored */
  if (rv < 0) {
    s->hold_kind = HOLD_REPLY;
    send_error(c, acdr_err_name(rv), acdr_engine_last_error(s->e));
    s->hold_kind = HOLD_ACTION;
    flush_actions(s); /* deadlines that ran before the refusal */
    s->hold_kind = HOLD_CONTROL;
    arm_timer(s);
    return;
  }
  if (!keeps_config) config_changed(s);
  char ack[64];
  int n = snprintf(ack, sizeof ack, "{\"ok\":true,\"seq\":%" PRIu64 "}", s->seq);
  s->hold_kind = HOLD_ACTION;
  flush_actions(s);
  s->hold_kind = HOLD_REPLY;
  send_line(c, ack, (size_t)n);
  s->hold_kind = HOLD_CONTROL;
  after_event(s);
}

/* closed clients wait on s->dying (linked by next/prev) until their
 * output is out */
static void drained_cb(struct bufferevent *bev, void *ud) {
  client *c = ud;
  server *s = c->s;
  (void)bev;
  if (c->prev) c->prev->next = c->next; else s->dying = c->next;
  if (c->next) c->next->prev = c->prev;
  bufferevent_free(c->bev);
  free(c);
}

static void dead_event_cb(struct bufferevent *bev, short what, void *ud) {
  (void)what;
  drained_cb(bev, ud);
}

static void free_later(evutil_socket_t fd, short what, void *ud) {
  client *c = ud;
  (void)fd;
  (void)what;
  drained_cb(c->bev, c);
}

/* Unlink c at once (no more lines, no more actions); its socket closes
 * once what is queued for it has gone out. */
static void client_close(client *c) {
  server *s = c->s;
  if (c->closing) return;
  if (s->holding) ha_release(s); /* what is held for c goes out first */
  c->closing = 1;
  if (c->prev) c->prev->next = c->next; else s->clients = c->next;
  if (c->next) c->next->prev = c->prev;
  for (int i = 0; i < c->nsubs; ++i) free(c->subs[i]);
  c->nsubs = 0;
  s->nclients--;
  c->prev = NULL;
  c->next = s->dying;
  if (s->dying) s->dying->prev = c;
  s->dying = c;
  bufferevent_disable(c->bev, EV_READ);
  bufferevent_setcb(c->bev, NULL, drained_cb, dead_event_cb, c);
  if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0) {
    /* freed from the loop, never under a caller still holding c */
    static const struct timeval now = {0, 0};
    if (event_base_once(s->base, -1, EV_TIMEOUT, free_later, c, &now) != 0)
      drained_cb(c->bev, c);
  }
}

static void read_lines(struct bufferevent *bev, client *c);

static void release_held(server *s) {
  if (!s->nheld_clients) return;
  for (int pass = 0; pass < 2; ++pass)
    for (client *c = pass ? s->dying : s->clients; c; c = c->next)
      if (c->held) {
        c->held = 0;
        bufferevent_enable(c->bev, EV_WRITE);
      }
  s->nheld_clients = 0;
}

static void commit_cb(evutil_socket_t fd, short what, void *ud) {
  (void)fd;
  (void)what;
  commit(ud);
}

static void read_cb(struct bufferevent *bev, void *ud) {
  client *c = ud;
  server *s = c->s;
  if (s->ha && s->leader && !lease_valid(s))
    step_down(s, "lease expired before the append");
  if (s->ha && s->leader) {
    s->holding = 1;
    s->hold_base = s->seq;
    s->hold_kind = HOLD_CONTROL;
    s->hold_failed = 0;
  }
  read_lines(bev, c);
  if (s->holding) ha_release(s);
  /* the timer fires after the read callbacks of this turn of the loop */
  if ((s->dirty || s->nheld_clients) && !evtimer_pending(s->commit_timer, NULL)) {
    static const struct timeval zero = {0, 0};
    evtimer_add(s->commit_timer, &zero);
  }
}

static void read_lines(struct bufferevent *bev, client *c) {
  server *s = c->s;
  struct evbuffer *in = bufferevent_get_input(bev);
  for (;;) {
    size_t n = 0;
    char *line = evbuffer_readln(in, &n, EVBUFFER_EOL_LF);
    if (!line) break;
    if (n > s->max_line) {
      free(line);
      send_error(c, "LINE_TOO_LONG", "line longer than --max-line");
      client_close(c);
      return;
    }
    handle_line(c, line, n);
    free(line);
    /* handle_line may have closed c (still allocated until drained) */
    if (c->closing) return;
  }
  if (evbuffer_get_length(in) > s->max_line) {
    send_error(c, "LINE_TOO_LONG", "line longer than --max-line");
    client_close(c);
  }
}

static void event_cb(struct bufferevent *bev, short what, void *ud) {
  (void)bev;
  if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) client_close(ud);
}

static void accept_cb(struct evconnlistener *l, evutil_socket_t fd,
                      struct sockaddr *addr, int socklen, void *ud) {
  server *s = ud;
  (void)l;
  (void)addr;
  (void)socklen;
  if (s->nclients >= s->max_clients) {
    static const char msg[] =
        "{\"ok\":false,\"error\":\"TOO_MANY_CLIENTS\",\"message\":"
        "\"the server has --max-clients clients\"}\n";
    ssize_t w = write(fd, msg, sizeof msg - 1);
    (void)w;
    evutil_closesocket(fd);
    return;
  }
  client *c = calloc(1, sizeof *c);
  if (!c) {
    evutil_closesocket(fd);
    return;
  }
  c->bev = bufferevent_socket_new(s->base, fd, BEV_OPT_CLOSE_ON_FREE);
  if (!c->bev) {
    free(c);
    evutil_closesocket(fd);
    return;
  }
  c->s = s;
  c->id = ++s->next_client_id;
  c->authed = s->token == NULL;
  c->next = s->clients;
  if (s->clients) s->clients->prev = c;
  s->clients = c;
  s->nclients++;
  bufferevent_setcb(c->bev, read_cb, NULL, event_cb, c);
  bufferevent_enable(c->bev, EV_READ | EV_WRITE);
}

static void lis_resume(evutil_socket_t fd, short what, void *ud) {
  server *s = ud;
  (void)fd;
  (void)what;
  for (int i = 0; i < 2; ++i)
    if (s->lis[i]) evconnlistener_enable(s->lis[i]);
}

/* accept() failed (EMFILE, ENFILE, ENOBUFS): the pending connection stays
 * in the backlog and the listener would fire again at once; pause the
 * listeners for 100 ms instead of spinning */
static void accept_error_cb(struct evconnlistener *l, void *ud) {
  server *s = ud;
  int err = EVUTIL_SOCKET_ERROR();
  (void)l;
  static const struct timeval pause = {0, 100000};
  if (evtimer_pending(s->lis_timer, NULL)) return;
  logj("warning", "accept failed, listeners paused 100 ms", "errno=%s\tclients=%d",
       strerror(err), s->nclients);
  for (int i = 0; i < 2; ++i)
    if (s->lis[i]) evconnlistener_disable(s->lis[i]);
  evtimer_add(s->lis_timer, &pause);
}

/* Each client is a descriptor: raise the soft RLIMIT_NOFILE (often 1024)
 * towards the hard one so that --max-clients clients fit, with room for
 * the journal, listeners and HTTP connections. */
static void raise_nofile(const server *s) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return;
  rlim_t want = (rlim_t)s->max_clients + 256;
  if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
    rlim_t old = rl.rlim_cur;
    rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0) rl.rlim_cur = old;
    if (rl.rlim_cur < want)
      logj("warning", "open-file limit below --max-clients", "nofile=%llu\tmax_clients=%d",
           (unsigned long long)rl.rlim_cur, s->max_clients);
  }
}

/* ------------------------------------------------------------------ */
/* HTTP queries                                                         */

static void reply(struct evhttp_request *req, int code, const char *ctype,
                  const char *body, size_t len) {
  struct evbuffer *b = evbuffer_new();
  if (!b) {
    evhttp_send_error(req, 500, "out of memory");
    return;
  }
  evbuffer_add(b, body, len);
  evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
                    ctype);
  evhttp_send_reply(req, code, code == 200 ? "OK" : "Error", b);
  evbuffer_free(b);
}

static void reply_json(struct evhttp_request *req, json_object *o) {
  size_t n;
  const char *t = json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN, &n);
  reply(req, 200, "application/json", t, n);
  json_object_put(o);
}

static void reply_err(struct evhttp_request *req, int code, int rv,
                      const char *msg) {
  json_object *o = json_object_new_object();
  json_object_object_add(o, "error", json_object_new_string(
                                         rv ? acdr_err_name(rv) : "NOT_FOUND"));
  json_object_object_add(o, "message", json_object_new_string(msg));
  size_t n;
  const char *t = json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN, &n);
  reply(req, code, "application/json", t, n);
  json_object_put(o);
}

/* the engine's document text wrapped as {"seq":N,KEY:doc} */
static void reply_doc(struct evhttp_request *req, server *s, const char *key,
                      char *doc, size_t len) {
  struct evbuffer *b = evbuffer_new();
  if (!b) {
    acdr_free(s->e, doc);
    evhttp_send_error(req, 500, "out of memory");
    return;
  }
  evbuffer_add_printf(b, "{\"seq\":%" PRIu64 ",\"%s\":", s->seq, key);
  evbuffer_add(b, doc, len);
  evbuffer_add(b, "}", 1);
  acdr_free(s->e, doc);
  evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
                    "application/json");
  evhttp_send_reply(req, 200, "OK", b);
  evbuffer_free(b);
}

static const char *state_name(int32_t st) {
  switch (st) {
  case ACDR_CONTACT_WAITING: return "waiting";
  case ACDR_CONTACT_OFFERED: return "offered";
  case ACDR_CONTACT_CONNECTED: return "connected";
  case ACDR_CONTACT_WRAPUP: return "wrapup";
  default: return "other";
  }
}

static const char *status_name(int32_t st) {
  return st == ACDR_AGENT_AVAILABLE ? "available"
         : st == ACDR_AGENT_AWAY   ? "away"
                                   : "logged_out";
}

static const char *activity_name(int32_t a) {
  switch (a) {
  case ACDR_ACTIVITY_IDLE: return "idle";
  case ACDR_ACTIVITY_OFFERED: return "offered";
  case ACDR_ACTIVITY_ON_CONTACT: return "on_contact";
  case ACDR_ACTIVITY_WRAPUP: return "wrapup";
  default: return "other";
  }
}

/* the exported configuration, parsed (NULL on failure) */
static json_object *config_json(server *s) {
  if (!s->cfg_cache) {
    char *doc = NULL;
    size_t len = 0;
    if (acdr_config_export(s->e, &doc, &len) < 0) return NULL;
    s->cfg_cache = json_tokener_parse(doc);
    acdr_free(s->e, doc);
    if (!s->cfg_cache) return NULL;
  }
  return json_object_get(s->cfg_cache); /* the caller puts it */
}

static json_object *agent_json(server *s, const char *id, acdr_tstamp now) {
  acdr_agent_info ai;
  if (acdr_agent_get_info(s->e, id, &ai) < 0) return NULL;
  json_object *o = json_object_new_object();
  json_object_object_add(o, "agent", json_object_new_string(id));
  json_object_object_add(o, "status", json_object_new_string(status_name(ai.status)));
  json_object_object_add(o, "activity", json_object_new_string(activity_name(ai.activity)));
  if (ai.away_reason)
    json_object_object_add(o, "away_reason", json_object_new_string(ai.away_reason));
  if (ai.status != ACDR_AGENT_LOGGED_OUT && ai.activity == ACDR_ACTIVITY_IDLE)
    json_object_object_add(o, "idle_ms", json_object_new_int64((int64_t)(
        (now > ai.idle_since ? now - ai.idle_since : 0) / ACDR_MILLISECONDS)));
  json_object_object_add(o, "handled", json_object_new_int64((int64_t)ai.handled));
  return o;
}

/* ------------------------------------------------------------------ */
/* service level, ASA, abandonment: the library's metrics over a period  */

enum { PERIOD_TODAY, PERIOD_15M, PERIOD_COUNT };
static const char *const PERIOD_NAMES[PERIOD_COUNT] = {"today", "15m"};

/* Start of a period ending at now.  "today": the local midnight (TZ) of
 * now, as now minus the local time of day; "15m": now - 15 minutes.  The
 * library selects the buckets whose start lies in [from, now] (15-minute
 * buckets by default: "15m" is the current bucket). */
static acdr_tstamp period_from(int period, acdr_tstamp now) {
  if (period == PERIOD_15M) {
    const acdr_tstamp q = 15 * 60 * ACDR_SECONDS;
    return now > q ? now - q : 0;
  }
  time_t t = (time_t)(now / ACDR_SECONDS);
  struct tm tm;
  if (!localtime_r(&t, &tm)) return 0;
  acdr_tstamp since = (acdr_tstamp)(tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec) *
                          ACDR_SECONDS + now % ACDR_SECONDS;
  return now > since ? now - since : 0;
}

/* a queue's metrics over a period (to = now + 1: the bucket of now
 * included; never the 0..ACDR_TSTAMP_MAX lifetime selector) */
static int queue_period(server *s, const char *qid, int period, acdr_tstamp now,
                        acdr_metrics *m) {
  return acdr_metrics_get_queue(s->e, qid, period_from(period, now), now + 1, now, m);
}

/* -1.0 is the library's "no data": null */
static json_object *json_kpi(double v) {
  return v < 0 ? NULL : json_object_new_double(v);
}

static json_object *period_json(const acdr_metrics *m) {
  json_object *o = json_object_new_object();
  json_object_object_add(o, "offered", json_object_new_int64((int64_t)m->offered));
  json_object_object_add(o, "answered", json_object_new_int64((int64_t)m->answered));
  json_object_object_add(o, "answered_in_sl", json_object_new_int64((int64_t)m->answered_in_sl));
  json_object_object_add(o, "abandoned", json_object_new_int64((int64_t)m->abandoned));
  json_object_object_add(o, "service_level", json_kpi(m->service_level));
  json_object_object_add(o, "sl_variant", json_object_new_string(m->sl_variant_name));
  json_object_object_add(o, "sl_threshold_ms", json_object_new_int64(m->sl_threshold_ms));
  json_object_object_add(o, "asa_ms", json_kpi(m->asa_ms));
  json_object_object_add(o, "abandon_rate", json_kpi(m->abandon_rate));
  return o;
}

/* a waiting contact, for /queues */
typedef struct waiter {
  const char *queue; /* owned by the engine */
  uint32_t position;
  size_t live;       /* index in s->live: ties keep the live order */
  acdr_tstamp arrival;
} waiter;

static int waiter_cmp(const void *x, const void *y) {
  const waiter *a = x, *b = y;
  int c = strcmp(a->queue, b->queue);
  if (c) return c;
  if (a->position != b->position) return a->position < b->position ? -1 : 1;
  return a->live < b->live ? -1 : a->live > b->live;
}

/* The waiting contacts of every queue, sorted by queue and position: one
 * pass over the live contacts (a scan per position was O(waiting x live):
 * 1.7 s for 2,000 waiting contacts).  NULL with *n = 0 when none (or out
 * of memory: the lists come out empty). */
static waiter *waiters(server *s, size_t *n) {
  *n = 0;
  if (!s->nlive) return NULL;
  waiter *w = malloc(s->nlive * sizeof *w);
  if (!w) return NULL;
  for (size_t k = 0; k < s->nlive; ++k) {
    acdr_contact_info ci;
    if (acdr_contact_get_info(s->e, s->live[k], &ci) < 0 ||
        ci.state != ACDR_CONTACT_WAITING || !ci.queue_id)
      continue;
    w[*n] = (waiter){ci.queue_id, ci.position, k, ci.arrival};
    ++*n;
  }
  qsort(w, *n, sizeof *w, waiter_cmp);
  return w;
}

/* GET /queues: per queue its counts, waiting contacts in line order with
 * their wait, and members with their state */
static json_object *queues_json(server *s, acdr_tstamp now) {
  json_object *cfg = config_json(s), *qs = NULL, *out = json_object_new_array();
  if (!cfg || !json_object_object_get_ex(cfg, "queues", &qs)) {
    json_object_put(cfg);
    return out;
  }
  size_t nw = 0;
  waiter *wl = waiters(s, &nw);
  for (size_t i = 0; i < json_object_array_length(qs); ++i) {
    json_object *q = json_object_array_get_idx(qs, i), *idv, *mem;
    if (!json_object_object_get_ex(q, "id", &idv)) continue;
    const char *qid = json_object_get_string(idv);
    acdr_queue_info qi;
    if (acdr_queue_get_info(s->e, qid, now, &qi) < 0) continue;
    json_object *o = json_object_new_object();
    json_object_object_add(o, "queue", json_object_new_string(qid));
    json_object_object_add(o, "open", json_object_new_boolean(qi.open));
    json_object_object_add(o, "waiting_count", json_object_new_int64(qi.waiting));
    json_object_object_add(o, "longest_wait_ms", json_object_new_int64(
        (int64_t)(qi.longest_wait_ns / ACDR_MILLISECONDS)));
    json_object_object_add(o, "estimated_wait_ms", json_object_new_int64(qi.estimated_wait_ms));
    json_object *w = json_object_new_array();
    /* waiting contacts, by position 1..waiting (the first of each) */
    size_t lo = 0, hi = nw;
    while (lo < hi) { /* first entry of this queue */
      size_t mid = lo + (hi - lo) / 2;
      if (strcmp(wl[mid].queue, qid) < 0) lo = mid + 1; else hi = mid;
    }
    uint32_t last = 0;
    for (size_t k = lo; k < nw && !strcmp(wl[k].queue, qid); ++k) {
      if (wl[k].position == last || wl[k].position < 1 ||
          wl[k].position > qi.waiting)
        continue;
      last = wl[k].position;
      json_object *c = json_object_new_object();
      json_object_object_add(c, "contact", json_object_new_string(s->live[wl[k].live]));
      json_object_object_add(c, "position", json_object_new_int64(wl[k].position));
      json_object_object_add(c, "wait_ms", json_object_new_int64((int64_t)(
          (now > wl[k].arrival ? now - wl[k].arrival : 0) / ACDR_MILLISECONDS)));
      json_object_array_add(w, c);
    }
    json_object_object_add(o, "waiting", w);
    json_object *m = json_object_new_array();
    if (json_object_object_get_ex(q, "members", &mem))
      for (size_t k = 0; k < json_object_array_length(mem); ++k) {
        json_object *me = json_object_array_get_idx(mem, k), *av;
        if (!json_object_object_get_ex(me, "agent", &av)) continue;
        json_object *aj = agent_json(s, json_object_get_string(av), now);
        if (aj) json_object_array_add(m, aj);
      }
    json_object_object_add(o, "members", m);
    for (int p = 0; p < PERIOD_COUNT; ++p) {
      acdr_metrics qm;
      if (queue_period(s, qid, p, now, &qm) == 0)
        json_object_object_add(o, PERIOD_NAMES[p], period_json(&qm));
    }
    json_object_array_add(out, o);
  }
  free(wl);
  json_object_put(cfg);
  return out;
}

static json_object *agents_json(server *s, acdr_tstamp now) {
  json_object *cfg = config_json(s), *as = NULL, *out = json_object_new_array();
  if (cfg && json_object_object_get_ex(cfg, "agents", &as))
    for (size_t i = 0; i < json_object_array_length(as); ++i) {
      json_object *idv;
      if (!json_object_object_get_ex(json_object_array_get_idx(as, i), "id", &idv))
        continue;
      json_object *aj = agent_json(s, json_object_get_string(idv), now);
      if (aj) json_object_array_add(out, aj);
    }
  json_object_put(cfg);
  return out;
}

/* Prometheus label value: \, \" and \n escaped */
static void prom_label(struct evbuffer *b, const char *v) {
  for (; *v; ++v) {
    if (*v == '\\') evbuffer_add(b, "\\\\", 2);
    else if (*v == '"') evbuffer_add(b, "\\\"", 2);
    else if (*v == '\n') evbuffer_add(b, "\\n", 2);
    else evbuffer_add(b, v, 1);
  }
}

/* GET /metrics: the text exposition format (version 0.0.4) */
static void prometheus(struct evhttp_request *req, server *s) {
  struct evbuffer *b = evbuffer_new();
  if (!b) {
    evhttp_send_error(req, 500, "out of memory");
    return;
  }
  acdr_tstamp now = query_now(s);
  evbuffer_add_printf(b,
      "# HELP acdroute_events_total Events accepted and journaled.\n"
      "# TYPE acdroute_events_total counter\n"
      "acdroute_events_total %" PRIu64 "\n"
      "# HELP acdroute_clients Connected clients.\n"
      "# TYPE acdroute_clients gauge\n"
      "acdroute_clients %d\n", s->seq, s->nclients);
  static const char *const names[] = {
      "waiting", "offered", "connected", "agents_logged_in", "agents_ready",
      "agents_busy", "agents_wrapup", "agents_away", "longest_wait_seconds",
      "open"};
  json_object *cfg = config_json(s), *qs = NULL;
  int nq = cfg && json_object_object_get_ex(cfg, "queues", &qs)
               ? (int)json_object_array_length(qs) : 0;
  for (size_t n = 0; n < sizeof names / sizeof *names; ++n) {
    evbuffer_add_printf(b, "# HELP acdroute_queue_%s Queue %s now.\n"
                           "# TYPE acdroute_queue_%s gauge\n",
                        names[n], names[n], names[n]);
    for (int i = 0; i < nq; ++i) {
      json_object *idv;
      if (!json_object_object_get_ex(json_object_array_get_idx(qs, (size_t)i),
                                     "id", &idv))
        continue;
      acdr_queue_info qi;
      if (acdr_queue_get_info(s->e, json_object_get_string(idv), now, &qi) < 0)
        continue;
      double v[] = {qi.waiting, qi.offered, qi.connected, qi.agents_logged_in,
                    qi.agents_ready, qi.agents_busy, qi.agents_wrapup,
                    qi.agents_away, (double)qi.longest_wait_ns / 1e9, qi.open};
      evbuffer_add_printf(b, "acdroute_queue_%s{queue=\"", names[n]);
      prom_label(b, json_object_get_string(idv));
      evbuffer_add_printf(b, "\"} %.9g\n", v[n]);
    }
  }
  /* service level, ASA, abandonment (the library's metrics): ratios per
   * period ("today", "15m"), lifetime counters */
  static const struct {
    const char *name, *help;
  } kpis[] = {
      {"service_level_ratio", "Service level (the library's sl_variant) in the period."},
      {"asa_seconds", "Average speed of answer in the period."},
      {"abandon_ratio", "Abandoned / offered in the period."}};
  for (size_t n = 0; n < sizeof kpis / sizeof *kpis; ++n) {
    evbuffer_add_printf(b, "# HELP acdroute_queue_%s %s\n"
                           "# TYPE acdroute_queue_%s gauge\n",
                        kpis[n].name, kpis[n].help, kpis[n].name);
    for (int i = 0; i < nq; ++i) {
      json_object *idv;
      if (!json_object_object_get_ex(json_object_array_get_idx(qs, (size_t)i),
                                     "id", &idv))
        continue;
      for (int p = 0; p < PERIOD_COUNT; ++p) {
        acdr_metrics m;
        if (queue_period(s, json_object_get_string(idv), p, now, &m) < 0) continue;
        double v = n == 0 ? m.service_level : n == 1 ? m.asa_ms : m.abandon_rate;
        evbuffer_add_printf(b, "acdroute_queue_%s{queue=\"", kpis[n].name);
        prom_label(b, json_object_get_string(idv));
        if (v < 0)
          evbuffer_add_printf(b, "\",period=\"%s\"} NaN\n", PERIOD_NAMES[p]);
        else
          evbuffer_add_printf(b, "\",period=\"%s\"} %.9g\n", PERIOD_NAMES[p],
                              n == 1 ? v / 1000.0 : v);
      }
    }
  }
  static const struct {
    const char *name, *help;
  } counters[] = {
      {"entered", "Contacts that entered the queue (the library's offered)."},
      {"answered", "Contacts answered."},
      {"answered_in_sl", "Contacts answered within the queue's sl_threshold_ms."},
      {"abandoned", "Contacts that hung up while waiting or ringing."}};
  for (size_t n = 0; n < sizeof counters / sizeof *counters; ++n) {
    evbuffer_add_printf(b, "# HELP acdroute_queue_%s_total %s\n"
                           "# TYPE acdroute_queue_%s_total counter\n",
                        counters[n].name, counters[n].help, counters[n].name);
    for (int i = 0; i < nq; ++i) {
      json_object *idv;
      acdr_metrics m;
      if (!json_object_object_get_ex(json_object_array_get_idx(qs, (size_t)i),
                                     "id", &idv) ||
          acdr_metrics_get_queue(s->e, json_object_get_string(idv), 0,
                                 ACDR_TSTAMP_MAX, now, &m) < 0)
        continue;
      uint64_t v = n == 0 ? m.offered : n == 1 ? m.answered
                 : n == 2 ? m.answered_in_sl : m.abandoned;
      evbuffer_add_printf(b, "acdroute_queue_%s_total{queue=\"", counters[n].name);
      prom_label(b, json_object_get_string(idv));
      evbuffer_add_printf(b, "\"} %" PRIu64 "\n", v);
    }
  }
  json_object_put(cfg);
  evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
                    "text/plain; version=0.0.4");
  evhttp_send_reply(req, 200, "OK", b);
  evbuffer_free(b);
}

static const char WALLBOARD_HTML[] =
    "<!doctype html><html><head><meta charset=utf-8><title>acdroute wallboard</title>"
    "<style>body{font-family:sans-serif;background:#111;color:#eee;margin:1em}"
    "table{border-collapse:collapse;font-size:1.9em;width:100%}"
    "td,th{padding:.2em .4em;border-bottom:1px solid #444;text-align:right}"
    "th{font-size:.6em;color:#aaa}"
    "td:first-child,th:first-child{text-align:left}.warn{color:#fb4}"
    ".bad{color:#f55}#st{font-size:1em;color:#888}</style></head><body>"
    "<table><thead><tr><th>queue</th><th>waiting</th><th>longest</th>"
    "<th>SL today</th><th>SL 15 min</th><th>ASA today</th><th>abandoned today</th>"
    "<th>ready</th><th>busy</th><th>wrap-up</th><th>away</th></tr></thead>"
    "<tbody id=q></tbody></table><h2>agents</h2><table><tbody id=a></tbody>"
    "</table><p id=st>connecting</p><script>"
    "function esc(s){return String(s).replace(/[&<>\"]/g,function(c){return "
    "{'&':'&amp;','<':'&lt;','>':'&gt;','\"':'&quot;'}[c]})}"
    "function sec(ms){var s=Math.floor(ms/1000);return Math.floor(s/60)+':'+"
    "('0'+s%60).slice(-2)}"
    /* a ratio of the library as a percent; null (no data) as a dash */
    "function pc(v){return v==null?'\u2013':Math.round(v*100)+'%'}"
    "function kpi(k,p,f,t){var v=p?p[f]:null;return '<td data-'+k+'=\"'+"
    "(v==null?'':v)+'\" title=\"'+esc(t)+'\">'+(v==null?'\u2013':"
    "(k=='asa'?sec(v):pc(v)))+'</td>'}"
    "var es=new EventSource('events'+location.search);"
    "es.onmessage=function(m){var d=JSON.parse(m.data),q='',a='',seen={};"
    "d.queues.forEach(function(x){var r=0,b=0,w=0,aw=0,t=x.today||{},f=x['15m']||{};"
    "x.members.forEach("
    "function(g){if(g.status=='away')aw++;else if(g.status=='available'){"
    "if(g.activity=='idle')r++;else if(g.activity=='wrapup')w++;else b++}"
    "if(!seen[g.agent]){seen[g.agent]=1;a+='<tr><td>'+esc(g.agent)+'</td><td>'+"
    "esc(g.status)+'</td><td>'+esc(g.activity)+'</td><td>'+"
    "(g.idle_ms!=null?sec(g.idle_ms):'')+'</td></tr>'}});"
    "q+='<tr><td>'+esc(x.queue)+'</td><td class=\"'+(x.waiting_count>0?'warn':'')+"
    "'\" data-waiting=\"'+x.waiting_count+'\">'+x.waiting_count+'</td><td>'+"
    "sec(x.longest_wait_ms)+'</td>'+"
    "kpi('sl',t,'service_level',(t.answered_in_sl||0)+' in '+(t.sl_threshold_ms||0)/1000+"
    "' s of '+(t.answered||0)+' answered ('+t.sl_variant+')')+"
    "kpi('sl15',f,'service_level',(f.answered_in_sl||0)+' of '+(f.answered||0))+"
    "kpi('asa',t,'asa_ms',(t.answered||0)+' answered')+"
    "kpi('ab',t,'abandon_rate',(t.abandoned||0)+' of '+(t.offered||0))+"
    "'<td>'+r+'</td><td>'+b+'</td><td>'+w+"
    "'</td><td>'+aw+'</td></tr>'});"
    "document.getElementById('q').innerHTML=q;"
    "document.getElementById('a').innerHTML=a;"
    "document.getElementById('st').textContent='event '+d.seq};"
    "es.onerror=function(){var st=document.getElementById('st');"
    "st.textContent=st.textContent.split(' (')[0]+' (disconnected)'}"
    "</script></body></html>";

/* {"seq":N,"queues":[...]} as one SSE message */
static void sse_message(server *s, struct evbuffer *b) {
  json_object *o = json_object_new_object();
  json_object_object_add(o, "seq", json_object_new_int64((int64_t)s->seq));
  json_object_object_add(o, "queues", queues_json(s, query_now(s)));
  evbuffer_add_printf(b, "data: %s\n\n",
                      json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
  json_object_put(o);
}

static void sse_timer_cb(evutil_socket_t fd, short what, void *ud) {
  server *s = ud;
  (void)fd;
  (void)what;
  s->sse_pending = 0;
  struct evbuffer *b = evbuffer_new();
  if (!b) return;
  sse_message(s, b);
  for (sse *x = s->sse; x; x = x->next) {
    struct evbuffer *c = evbuffer_new();
    if (!c) continue;
    evbuffer_add(c, evbuffer_pullup(b, -1), evbuffer_get_length(b));
    evhttp_send_reply_chunk(x->req, c);
    evbuffer_free(c);
  }
  evbuffer_free(b);
}

static void sse_closed(struct evhttp_connection *con, void *ud) {
  server *s = ud;
  for (sse **p = &s->sse; *p; p = &(*p)->next) {
    if (evhttp_request_get_connection((*p)->req) == con) {
      sse *x = *p;
      *p = x->next;
      free(x);
      return;
    }
  }
}

/* /events?once=1: one message, then the stream ends (a test or a
 * headless render; the browser retries after 100 s) */
static int sse_once(struct evhttp_request *req) {
  const char *query = evhttp_uri_get_query(evhttp_request_get_evhttp_uri(req));
  struct evkeyvalq qs;
  if (!query || evhttp_parse_query_str(query, &qs) != 0) return 0;
  const char *v = evhttp_find_header(&qs, "once");
  int once = v && !strcmp(v, "1");
  evhttp_clear_headers(&qs);
  return once;
}

static void sse_open(struct evhttp_request *req, server *s) {
  if (sse_once(req)) {
    struct evbuffer *b = evbuffer_new();
    if (!b) {
      evhttp_send_error(req, 500, "out of memory");
      return;
    }
    evbuffer_add_printf(b, "retry: 100000\n");
    sse_message(s, b);
    evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
                      "text/event-stream");
    evhttp_send_reply(req, 200, "OK", b);
    evbuffer_free(b);
    return;
  }
  sse *x = calloc(1, sizeof *x);
  struct evbuffer *b = evbuffer_new();
  if (!x || !b) {
    free(x);
    if (b) evbuffer_free(b);
    evhttp_send_error(req, 500, "out of memory");
    return;
  }
  x->req = req;
  x->next = s->sse;
  s->sse = x;
  struct evkeyvalq *h = evhttp_request_get_output_headers(req);
  evhttp_add_header(h, "Content-Type", "text/event-stream");
  evhttp_add_header(h, "Cache-Control", "no-cache");
  evhttp_send_reply_start(req, 200, "OK");
  evhttp_connection_set_closecb(evhttp_request_get_connection(req), sse_closed, s);
  sse_message(s, b);
  evhttp_send_reply_chunk(req, b);
  evbuffer_free(b);
}

static void http_cb(struct evhttp_request *req, void *ud) {
  server *s = ud;
  if (s->token) {
    const char *auth = evhttp_find_header(
        evhttp_request_get_input_headers(req), "Authorization");
    char want[1024];
    snprintf(want, sizeof want, "Bearer %s", s->token);
    /* EventSource cannot send headers: ?token=T is accepted too */
    struct evkeyvalq qs;
    const char *qtok = NULL;
    const char *query = evhttp_uri_get_query(evhttp_request_get_evhttp_uri(req));
    int parsed = query && evhttp_parse_query_str(query, &qs) == 0;
    if (parsed) qtok = evhttp_find_header(&qs, "token");
    int ok = (auth && !strcmp(auth, want)) || (qtok && !strcmp(qtok, s->token));
    if (parsed) evhttp_clear_headers(&qs);
    if (!ok) {
      reply_err(req, 401, 0, "Authorization: Bearer <token> required");
      return;
    }
  }
  if (evhttp_request_get_command(req) != EVHTTP_REQ_GET) {
    reply_err(req, 405, 0, "only GET");
    return;
  }
  const char *path = evhttp_uri_get_path(evhttp_request_get_evhttp_uri(req));
  if (!path) path = "/";
  char *doc = NULL;
  size_t len = 0;
  int rv;
  if (!strcmp(path, "/snapshot")) {
    if ((rv = acdr_engine_snapshot(s->e, &doc, &len)) < 0)
      reply_err(req, 500, rv, acdr_engine_last_error(s->e));
    else
      reply_doc(req, s, "snapshot", doc, len);
  } else if (!strcmp(path, "/config")) {
    if ((rv = acdr_config_export(s->e, &doc, &len)) < 0)
      reply_err(req, 500, rv, acdr_engine_last_error(s->e));
    else
      reply_doc(req, s, "config", doc, len);
  } else if (!strcmp(path, "/metrics.json")) {
    if ((rv = acdr_metrics_to_json(s->e, query_now(s), &doc, &len)) < 0)
      reply_err(req, 500, rv, acdr_engine_last_error(s->e));
    else
      reply_doc(req, s, "metrics", doc, len);
  } else if (!strcmp(path, "/wallboard") || !strcmp(path, "/")) {
    reply(req, 200, "text/html; charset=utf-8", WALLBOARD_HTML,
          sizeof WALLBOARD_HTML - 1);
  } else if (!strcmp(path, "/events")) {
    sse_open(req, s);
  } else if (!strcmp(path, "/queues")) {
    reply_json(req, queues_json(s, query_now(s)));
  } else if (!strcmp(path, "/agents")) {
    reply_json(req, agents_json(s, query_now(s)));
  } else if (!strcmp(path, "/metrics")) {
    prometheus(req, s);
  } else if (!strcmp(path, "/status")) {
    json_object *o = json_object_new_object();
    json_object_object_add(o, "seq", json_object_new_int64((int64_t)s->seq));
    json_object_object_add(o, "snapshot_seq",
                           json_object_new_int64((int64_t)s->snap_seq));
    json_object_object_add(o, "clients", json_object_new_int(s->nclients));
    json_object_object_add(o, "now_ns",
                           json_object_new_int64((int64_t)query_now(s)));
    if (s->ha) {
      const char *l = s->leader ? s->hao.node_id : ha_leader(s->ha);
      json_object_object_add(o, "role", json_object_new_string(
                                            s->leader ? "leader" : "standby"));
      json_object_object_add(o, "leader", l ? json_object_new_string(l) : NULL);
      json_object_object_add(o, "node_id", json_object_new_string(s->hao.node_id));
      json_object_object_add(o, "applied_seq", json_object_new_int64((int64_t)s->seq));
      json_object_object_add(o, "lease_revision",
                             json_object_new_int64((int64_t)(s->leader ? s->lease_rev : 0)));
    }
    reply_json(req, o);
  } else if (!strncmp(path, "/contacts/", 10) && path[10]) {
    char *id = evhttp_uridecode(path + 10, 0, NULL);
    acdr_contact_info ci;
    rv = id ? acdr_contact_get_info(s->e, id, &ci) : ACDR_ERR_NOMEM;
    if (rv < 0) {
      reply_err(req, rv == ACDR_ERR_CONTACT_NOT_FOUND ? 404 : 400, rv,
                acdr_engine_last_error(s->e));
    } else {
      json_object *o = json_object_new_object();
      acdr_tstamp now = query_now(s);
      json_object_object_add(o, "contact", json_object_new_string(id));
      json_object_object_add(o, "state", json_object_new_string(state_name(ci.state)));
      json_object_object_add(o, "queue", ci.queue_id ? json_object_new_string(ci.queue_id) : NULL);
      json_object_object_add(o, "agent", ci.agent_id ? json_object_new_string(ci.agent_id) : NULL);
      json_object_object_add(o, "position", json_object_new_int64(ci.position));
      json_object_object_add(o, "priority", json_object_new_int(ci.priority));
      json_object_object_add(o, "wait_ms", json_object_new_int64(
          (int64_t)((now > ci.arrival ? now - ci.arrival : 0) / ACDR_MILLISECONDS)));
      reply_json(req, o);
    }
    free(id);
  } else {
    reply_err(req, 404, 0, "unknown query; try /status, /queues, /agents, "
                           "/contacts/ID, /metrics, /metrics.json, /config, "
                           "/snapshot");
  }
}

/* ------------------------------------------------------------------ */
/* start: snapshot + journal tail                                        */

typedef struct replay_ctx {
  server *s;
  uint64_t applied, skipped;
  const char *gap;
} replay_ctx;

static int replay_one(uint64_t seq, const char *payload, size_t len, void *ud) {
  replay_ctx *r = ud;
  server *s = r->s;
  if (seq <= s->seq) { /* covered by the snapshot */
    r->skipped++;
    return 0;
  }
  if (seq != s->seq + 1) {
    r->gap = "sequence gap";
    return 1;
  }
  int rv = apply_event(s, payload, len);
  if (rv < 0) {
    /* cannot happen with the same library version: say so loudly */
    logj("error", "journal record refused on replay",
         "seq=%" PRIu64 "\terror=%s\tmessage=%s", seq, acdr_err_name(rv),
         acdr_engine_last_error(s->e));
    s->seq = seq;
  }
  r->applied++;
  return 0;
}

static int recover(server *s) {
  char path[4096];
  uint64_t sseq = 0;
  char *doc = NULL;
  size_t dlen = 0;
  const char *why = NULL;
  int have = snapshot_read(s->dir, &sseq, &doc, &dlen, &why);
  if (have < 0) {
    logj("fatal", "snapshot unreadable", "reason=%s", why);
    return -1;
  }
  if (have) {
    int rv = acdr_engine_restore(s->e, doc, dlen);
    if (rv == 0 && track_from_snapshot(s, doc, dlen) != 0)
      logj("warning", "snapshot: ringing offers not rebuilt", NULL);
    free(doc);
    if (rv < 0) {
      logj("fatal", "snapshot refused", "error=%s\tmessage=%s",
           acdr_err_name(rv), acdr_engine_last_error(s->e));
      return -1;
    }
    s->seq = s->snap_seq = sseq;
  }
  snprintf(path, sizeof path, "%s/journal", s->dir);
  s->jfd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (s->jfd < 0) {
    logj("fatal", "cannot open journal", "path=%s\terrno=%s", path, strerror(errno));
    return -1;
  }
  size_t n = 0;
  char *img = read_whole(path, &n);
  if (!img) {
    logj("fatal", "cannot read journal", "errno=%s", strerror(errno));
    return -1;
  }
  replay_ctx r = {s, 0, 0, NULL};
  size_t good = 0;
  s->replaying = 1;
  journal_scan((const unsigned char *)img, n, replay_one, &r, &good, &why);
  s->replaying = 0;
  free(img);
  if (r.gap) why = r.gap;
  if (why) {
    /* never applied: cut it off so new records follow good ones */
    logj("error", "journal tail dropped", "reason=%s\toffset=%zu\tdropped_bytes=%zu",
         why, good, n - good);
    if (ftruncate(s->jfd, (off_t)good) != 0 || fdatasync(s->jfd) != 0) {
      logj("fatal", "cannot truncate journal", "errno=%s", strerror(errno));
      return -1;
    }
  }
  logj("info", "recovered", "snapshot_seq=%" PRIu64 "\treplayed=%" PRIu64
       "\tseq=%" PRIu64, s->snap_seq, r.applied, s->seq);
  if (!have && s->seq == 0 && s->config_path) {
    /* first start: the configuration is event 1, so the journal alone
     * rebuilds the state */
    size_t clen = 0;
    char *cdoc = read_whole(s->config_path, &clen);
    if (!cdoc) {
      logj("fatal", "cannot read config", "path=%s\terrno=%s", s->config_path,
           strerror(errno));
      return -1;
    }
    char head[64];
    int hl = snprintf(head, sizeof head, "{\"t_ns\":%" PRIu64 ",\"ev\":\"config\",\"config\":",
                      (uint64_t)(s->wall ? wall_now(s) : 0));
    char *line = malloc((size_t)hl + clen + 2);
    if (!line) return -1;
    memcpy(line, head, (size_t)hl);
    size_t ll = (size_t)hl;
    for (size_t k = 0; k < clen; ++k)
      if (cdoc[k] != '\n' && cdoc[k] != '\r') line[ll++] = cdoc[k];
    line[ll++] = '}';
    free(cdoc);
    int rv = apply_event(s, line, ll);
    free(line);
    if (rv < 0) {
      logj("fatal", "config refused", "error=%s\tmessage=%s", acdr_err_name(rv),
           acdr_engine_last_error(s->e));
      return -1;
    }
    if (fdatasync(s->jfd) != 0) return -1;
    s->dirty = 0;
  }
  return 0;
}

/* ------------------------------------------------------------------ */
/* HA: --journal nats (docs/server.md "High availability")              */
/*                                                                      */
/* The leader applies a line, appends it to the stream with the         */
/* expected last sequence = the last one it applied, and acks only      */
/* after JetStream's ack; a failed append or lease renewal makes it a   */
/* standby at once, rebuilt from the newest snapshot and the stream (its */
/* engine may hold a line the stream does not).  A standby applies the  */
/* stream in order as a restart replays the file journal.               */

static int64_t mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void send_not_leader(client *c) {
  server *s = c->s;
  const char *l = s->ha ? ha_leader(s->ha) : NULL;
  json_object *o = json_object_new_object();
  json_object_object_add(o, "ok", json_object_new_boolean(0));
  json_object_object_add(o, "error", json_object_new_string("NOT_LEADER"));
  json_object_object_add(o, "leader",
                         l && strcmp(l, s->hao.node_id) ? json_object_new_string(l) : NULL);
  json_object_object_add(o, "message", json_object_new_string(
                                           "this node is a standby: send events to the leader"));
  size_t n;
  const char *t = json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN, &n);
  send_line(c, t, n);
  json_object_put(o);
}

static void drop_pending(server *s) {
  for (size_t i = 0; i < s->npend; ++i) {
    free(s->pend[i].line);
    free(s->pend[i].queue);
    free(s->pend[i].agent);
  }
  s->npend = 0;
}

/* one line for the subscribers (queue/agent pick who gets it) */
static void queue_line(server *s, json_object *o, const char *queue,
                       const char *agent) {
  (void)queue_str(s, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
                  queue, agent); /* out of memory: that line is not sent */
}

/* the contact ids of a snapshot document into s->live (/queues lists the
 * waiting ones; actions before the snapshot are not seen again) */
static json_object *due_of(json_object *o, const char *key) {
  json_object *t, *w;
  if (!json_object_object_get_ex(o, key, &t) ||
      !json_object_object_get_ex(t, "when", &w))
    return NULL;
  return json_object_new_int64(json_object_get_int64(w));
}

/* The new leader tells the subscribers what the state holds that a
 * client may have missed when the old one died: one "reconcile" line,
 * then every ringing offer and every pending contact deadline, each with
 * "replay":true (an offer the client already rings is the same offer,
 * not a second one). */
static void reconcile(server *s) {
  char *doc = NULL;
  size_t len = 0;
  if (acdr_engine_snapshot(s->e, &doc, &len) < 0) return;
  json_object *d = json_tokener_parse(doc);
  acdr_free(s->e, doc);
  if (!d) return;
  int64_t t_ms = (int64_t)(acdr_engine_now(s->e) / ACDR_MILLISECONDS);
  json_object *o = json_object_new_object();
  json_object_object_add(o, "t_ms", json_object_new_int64(t_ms));
  json_object_object_add(o, "action", json_object_new_string("reconcile"));
  json_object_object_add(o, "node", json_object_new_string(s->hao.node_id));
  json_object_object_add(o, "seq", json_object_new_int64((int64_t)s->seq));
  json_object_object_add(o, "replay", json_object_new_boolean(1));
  queue_line(s, o, NULL, NULL);
  json_object_put(o);
  /* every offer ringing now: its OFFER line as first sent (the same line
   * server_resend_current re-sends to a client that subscribes later) */
  for (size_t i = 0; i < s->nring; ++i) {
    ringing *r = &s->ring[i];
    acdr_contact_info ci;
    size_t n = 0;
    char *x;
    if (acdr_contact_get_info(s->e, r->contact, &ci) != 0 || ci.offers == 0 ||
        !(x = replay_line(r->line, &n)))
      continue;
    (void)queue_str(s, x, r->queue, r->agent);
    free(x);
  }
  static const char *const kinds[] = {"recheck", "max_wait", "announce",
                                      "wrapup", "reply"};
  json_object *cs;
  if (json_object_object_get_ex(d, "contacts", &cs))
    for (size_t i = 0; i < json_object_array_length(cs); ++i) {
      json_object *c = json_object_array_get_idx(cs, i), *idv, *qv;
      if (!json_object_object_get_ex(c, "id", &idv) ||
          !json_object_object_get_ex(c, "queue", &qv))
        continue;
      const char *cid = json_object_get_string(idv);
      const char *qid = json_object_get_string(qv);
      for (size_t k = 0; k < sizeof kinds / sizeof *kinds; ++k) {
        json_object *due = due_of(c, kinds[k]);
        if (!due) continue;
        o = json_object_new_object();
        json_object_object_add(o, "t_ms", json_object_new_int64(t_ms));
        json_object_object_add(o, "action", json_object_new_string("deadline"));
        json_object_object_add(o, "kind", json_object_new_string(kinds[k]));
        json_object_object_add(o, "contact", json_object_new_string(cid));
        json_object_object_add(o, "queue", json_object_new_string(qid));
        json_object_object_add(o, "due_ns", due);
        json_object_object_add(o, "replay", json_object_new_boolean(1));
        queue_line(s, o, qid, NULL);
        json_object_put(o);
      }
    }
  json_object_put(d);
}

static int new_engine(server *s, acdr_engine **pe) {
  acdr_options opt;
  acdr_options_default(&opt);
  opt.seed = s->seed;
  acdr_callbacks cb = {on_action, s->wall ? local_time_cb : NULL};
  return acdr_engine_new(pe, &cb, &opt, s);
}

/* A standby's engine: the newest snapshot in the KV bucket, then the
 * stream from the sequence after it (the ordered consumer).  With no
 * snapshot, or an unreadable one, the whole stream (retention is
 * unlimited). */
static int ha_rebuild(server *s) {
  acdr_engine *ne = NULL;
  int rv = new_engine(s, &ne);
  if (rv < 0) {
    logj("error", "engine", "error=%s", acdr_err_name(rv));
    return -1;
  }
  ha_unfollow(s->ha);
  s->following = 0;
  acdr_engine_del(s->e);
  s->e = ne;
  drop_pending(s);
  for (size_t i = 0; i < s->nlive; ++i) free(s->live[i]);
  s->nlive = 0;
  s->seq = s->snap_seq = 0;
  uint64_t sseq = 0;
  char *doc = NULL;
  size_t len = 0;
  int have = ha_snap_get(s->ha, &sseq, &doc, &len);
  if (have == -1) {
    /* NATS unreachable: an empty engine until the lease timer retries
     * (replaying the whole stream instead could take long) */
    logj("error", "cannot read the snapshot, will retry", "reason=%s",
         ha_error(s->ha));
    s->need_rebuild = 1;
    return 0;
  }
  s->need_rebuild = 0;
  if (have < 0)
    logj("error", "snapshot unreadable, replaying the whole stream",
         "reason=%s", ha_error(s->ha));
  if (have > 0) {
    rv = acdr_engine_restore(s->e, doc, len);
    if (rv < 0) {
      logj("error", "snapshot refused, replaying the whole stream",
           "error=%s\tmessage=%s", acdr_err_name(rv), acdr_engine_last_error(s->e));
      acdr_engine_del(s->e);
      s->e = NULL;
      if (new_engine(s, &s->e) < 0) {
        free(doc);
        return -1;
      }
    } else {
      s->seq = s->snap_seq = sseq;
      if (track_from_snapshot(s, doc, len) != 0)
        logj("warning", "snapshot: ringing offers not rebuilt", NULL);
    }
  }
  free(doc);
  if (ha_follow(s->ha, s->seq + 1) == 0) s->following = 1;
  else logj("error", "cannot follow the stream", "reason=%s", ha_error(s->ha));
  logj("info", "standby", "snapshot_seq=%" PRIu64, s->snap_seq);
  return 0;
}

static void step_down(server *s, const char *why) {
  logj("warning", "stepped down", "reason=%s\tseq=%" PRIu64, why, s->seq);
  s->leader = 0;
  ha_serve(s->ha, 0);
  drop_pending(s); /* actions of a line that is not in the stream */
  evtimer_del(s->timer);
  if (ha_rebuild(s) != 0) fatal("cannot rebuild the engine", ENOMEM);
}

/* the lease is ours until lease_ms after we last asked for it (the TTL
 * starts when NATS stores the request, later); a tenth of it is kept as a
 * margin for the append itself */
static int lease_valid(const server *s) {
  return mono_ms() < s->lease_sent_ms + s->hao.lease_ms - s->hao.lease_ms / 10;
}

static int ha_append_applied(server *s, const char *line, size_t len) {
  uint64_t seq = 0;
  if (!s->leader) return SRV_NOT_LEADER;
  if (s->holding) {
    if (ha_append_async(s->ha, s->seq, line, len) != 0) {
      s->hold_failed = 1; /* the engine holds it: the release steps down */
      ha_release(s);
      return SRV_NOT_LEADER;
    }
    s->seq++;
    return 0;
  }
  if (!lease_valid(s)) {
    step_down(s, "lease expired before the append");
    return SRV_NOT_LEADER;
  }
  if (ha_append(s->ha, s->seq, line, len, &seq) != 0) {
    step_down(s, ha_error(s->ha));
    return SRV_NOT_LEADER;
  }
  s->seq = seq;
  return 0;
}

static void hold_line(server *s, client *c, const char *line, size_t len) {
  if (grow(&s->held, s->nheld, &s->capheld, sizeof *s->held, 256) != 0)
    fatal("out of memory holding replies", ENOMEM);
  held *h = &s->held[s->nheld];
  if (!(h->line = malloc(len))) fatal("out of memory holding replies", ENOMEM);
  memcpy(h->line, line, len);
  h->len = len;
  h->c = c;
  h->tag = s->hold_kind == HOLD_CONTROL ? 0 : s->hold_tag;
  h->kind = s->hold_kind;
  h->subj = NULL;
  s->nheld++;
}

/* an action to NATS subscribers: acdr.<NAME>.actions.queue.<q> and
 * .agent.<a> (held like socket output during a batch) */
static void nats_out(server *s, const char *subj, const char *line, size_t len) {
  if (!s->holding) {
    ha_publish(s->ha, subj, line, len);
    return;
  }
  int kind = s->hold_kind;
  s->hold_kind = HOLD_ACTION;
  hold_line(s, NULL, line, len);
  s->hold_kind = kind;
  if (!(s->held[s->nheld - 1].subj = strdup(subj)))
    fatal("out of memory holding actions", ENOMEM);
}

static void nats_actions(server *s, const pending *p) {
  char subj[600];
  if (p->queue) {
    ha_action_subject(s->ha, subj, sizeof subj, "queue", p->queue);
    nats_out(s, subj, p->line, strlen(p->line));
  }
  if (p->agent) {
    ha_action_subject(s->ha, subj, sizeof subj, "agent", p->agent);
    nats_out(s, subj, p->line, strlen(p->line));
  }
}

/* the end of a batch: wait for JetStream's acks, then send what they
 * cover; step down if not all of it was stored */
static void ha_release(server *s) {
  uint64_t stored = s->seq;
  int all = !s->hold_failed;
  char why[600] = "append failed";
  if (s->hold_failed) snprintf(why, sizeof why, "%s", ha_error(s->ha));
  s->holding = 0;
  if (s->seq != s->hold_base || s->hold_failed) {
    if (ha_append_wait(s->ha, &stored) != 0) {
      all = 0;
      snprintf(why, sizeof why, "%s", ha_error(s->ha));
    }
    if (stored < s->hold_base) stored = s->hold_base; /* nothing was sent */
    if (stored != s->seq) all = 0;
  }
  for (size_t i = 0; i < s->nheld; ++i) {
    held *h = &s->held[i];
    int valid = h->kind == HOLD_CONTROL || h->tag <= stored;
    if (!h->c) {
      if (valid) ha_publish(s->ha, h->subj, h->line, h->len);
    } else if (valid) {
      send_line(h->c, h->line, h->len);
    } else if (h->kind == HOLD_REPLY) {
      send_not_leader(h->c);
    }
    free(h->subj);
    free(h->line);
  }
  s->nheld = 0;
  s->hold_failed = 0;
  s->hold_kind = HOLD_CONTROL;
  if (!all) {
    s->seq = stored; /* for the log line: the engine is rebuilt anyway */
    step_down(s, why);
  } else if (s->snapshot_every && s->seq - s->snap_seq >= s->snapshot_every) {
    take_snapshot(s);
  }
}

static int ha_take_snapshot(server *s) {
  if (!s->leader) return 0;
  char *doc = NULL;
  size_t len = 0;
  int rv = acdr_engine_snapshot(s->e, &doc, &len);
  if (rv < 0) {
    logj("error", "snapshot failed", "error=%s", acdr_err_name(rv));
    return -1;
  }
  int w = ha_snap_put(s->ha, s->seq, doc, len);
  acdr_free(s->e, doc);
  if (w < 0) {
    logj("error", "snapshot write failed", "reason=%s", ha_error(s->ha));
    return -1;
  }
  s->snap_seq = s->seq;
  logj("info", "snapshot written", "seq=%" PRIu64 "\tlen=%zu", s->seq, len);
  return 0;
}

/* a standby applies stream message seq: 0, or -1 on a gap (resubscribed) */
static int standby_apply(server *s, uint64_t seq, const char *line, size_t len) {
  if (seq <= s->seq) return 0;
  if (seq != s->seq + 1) {
    logj("warning", "stream gap, resubscribing",
         "have=%" PRIu64 "\tgot=%" PRIu64, s->seq, seq);
    s->following = ha_follow(s->ha, s->seq + 1) == 0;
    return -1;
  }
  s->replaying = 1;
  int rv = apply_event(s, line, len);
  s->replaying = 0;
  if (rv < 0)
    /* the leader applied it: only a different library version refuses */
    logj("error", "stream line refused", "seq=%" PRIu64 "\terror=%s\tmessage=%s",
         seq, acdr_err_name(rv), acdr_engine_last_error(s->e));
  s->seq = seq;
  return 0;
}

/* Event lines over NATS (acdr.<NAME>.events, request/reply): handled as
 * lines of a client without a socket, one batch per wake-up; the answer
 * (the ack or the error line) is the reply. */
static void serve_requests(server *s) {
  client *list = NULL;
  char *line, *reply;
  size_t len;
  if (s->ha && s->leader && !lease_valid(s))
    step_down(s, "lease expired before the append");
  if (s->leader) {
    s->holding = 1;
    s->hold_base = s->seq;
    s->hold_kind = HOLD_CONTROL;
    s->hold_failed = 0;
  }
  while (ha_next_request(s->ha, &line, &len, &reply) == 1) {
    client *c = line && reply ? calloc(1, sizeof *c) : NULL;
    if (!c) { /* no reply subject, or out of memory: nobody to answer */
      free(line);
      continue;
    }
    c->s = s;
    c->authed = 1; /* NATS authenticated it */
    c->nats_reply = reply;
    c->nats_buf = line;
    c->id = ++s->next_client_id;
    c->next = list;
    list = c;
    if (len > s->max_line) send_error(c, "LINE_TOO_LONG", "line longer than --max-line");
    else handle_line(c, line, len); /* c and its line live until the release */
  }
  if (s->holding) ha_release(s);
  while (list) {
    client *nx = list->next;
    free(list->nats_buf);
    for (int i = 0; i < list->nsubs; ++i) free(list->subs[i]);
    free(list);
    list = nx;
  }
}

static void ha_msg_cb(evutil_socket_t fd, short what, void *ud) {
  server *s = ud;
  uint64_t seq;
  char *line;
  size_t len;
  (void)fd;
  (void)what;
  while (ha_next(s->ha, &seq, &line, &len) == 1) {
    if (!line) { /* out of memory in the handler: fetch it again */
      s->following = ha_follow(s->ha, s->seq + 1) == 0;
      break;
    }
    int rv = s->leader ? 0 : standby_apply(s, seq, line, len);
    free(line);
    if (rv < 0) break;
  }
  serve_requests(s);
}

/* Under --clock wall the leader's deadlines are lines of the stream too:
 * when the timer finds one due it appends {"t_ns":now,"ev":"expiry"}
 * (the engine runs every deadline up to now, as before a line), so a
 * standby runs them at the same times and holds the leader's state at
 * every sequence, not only at the next client line. */
static void ha_tick(server *s) {
  if (!s->leader) return;
  acdr_tstamp now = wall_now(s);
  if (acdr_engine_get_expiry(s->e) <= now) {
    char line[64];
    int n = snprintf(line, sizeof line, "{\"t_ns\":%" PRIu64 ",\"ev\":\"expiry\"}",
                     (uint64_t)now);
    int rv = apply_event(s, line, (size_t)n);
    if (rv == SRV_NOT_LEADER) return; /* stepped down: nothing goes out */
    if (rv < 0)
      logj("error", "expiry refused", "error=%s\tmessage=%s", acdr_err_name(rv),
           acdr_engine_last_error(s->e));
  }
  flush_actions(s);
  if (s->snapshot_every && s->seq - s->snap_seq >= s->snapshot_every)
    take_snapshot(s);
  arm_timer(s);
}

/* the config document as an event line at time t (malloc'ed) */
static char *config_line(server *s, const char *cdoc, size_t clen, size_t *plen) {
  char head[64];
  int hl = snprintf(head, sizeof head, "{\"t_ns\":%" PRIu64 ",\"ev\":\"config\",\"config\":",
                    (uint64_t)(s->wall ? wall_now(s) : 0));
  char *line = malloc((size_t)hl + clen + 2);
  if (!line) return NULL;
  memcpy(line, head, (size_t)hl);
  size_t ll = (size_t)hl;
  for (size_t k = 0; k < clen; ++k)
    if (cdoc[k] != '\n' && cdoc[k] != '\r') line[ll++] = cdoc[k];
  line[ll++] = '}';
  *plen = ll;
  return line;
}

/* Won the lease: catch up to the stream's end, then lead. */
static void take_over(server *s) {
  uint64_t last = 0;
  if (ha_last_seq(s->ha, &last) != 0) {
    logj("error", "cannot read the stream's end", "reason=%s", ha_error(s->ha));
    ha_lease_release(s->ha, s->lease_rev);
    return;
  }
  ha_msg_cb(-1, 0, s); /* what the consumer already delivered */
  while (s->seq < last) {
    char *line = NULL;
    size_t len = 0;
    if (ha_get(s->ha, s->seq + 1, &line, &len) != 0) {
      logj("error", "catch-up failed", "seq=%" PRIu64 "\treason=%s", s->seq + 1,
           ha_error(s->ha));
      ha_lease_release(s->ha, s->lease_rev);
      return;
    }
    standby_apply(s, s->seq + 1, line, len);
    free(line);
  }
  ha_unfollow(s->ha);
  s->following = 0;
  s->leader = 1;
  logj("info", "leader", "seq=%" PRIu64 "\tlease_revision=%" PRIu64, s->seq,
       s->lease_rev);
  if (s->seq == 0 && s->config_path) {
    /* a new stream: the configuration is its first line */
    size_t clen = 0, ll = 0;
    char *cdoc = read_whole(s->config_path, &clen);
    char *line = cdoc ? config_line(s, cdoc, clen, &ll) : NULL;
    free(cdoc);
    int rv = line ? apply_event(s, line, ll) : ACDR_ERR_NOMEM;
    free(line);
    if (rv == SRV_NOT_LEADER) return;
    if (rv < 0) {
      logj("error", "config refused", "error=%s\tmessage=%s", acdr_err_name(rv),
           acdr_engine_last_error(s->e));
      drop_pending(s);
    }
  }
  reconcile(s);
  flush_actions(s);
  if (s->wall) ha_tick(s); /* what fell due while nobody led */
  if (!s->leader) return;
  arm_timer(s);
  if (ha_serve(s->ha, 1) != 0)
    logj("error", "cannot serve acdr.<stream>.events", "reason=%s", ha_error(s->ha));
}

static void lease_cb(evutil_socket_t fd, short what, void *ud) {
  server *s = ud;
  (void)fd;
  (void)what;
  int64_t t0 = mono_ms();
  if (s->leader) {
    if (ha_lease_renew(s->ha, &s->lease_rev) == 0) s->lease_sent_ms = t0;
    else step_down(s, ha_error(s->ha));
    return;
  }
  if (s->need_rebuild && ha_rebuild(s) != 0) fatal("cannot rebuild the engine", ENOMEM);
  if (s->need_rebuild) return;
  if (!s->following) s->following = ha_follow(s->ha, s->seq + 1) == 0;
  uint64_t rev = 0;
  if (ha_lease_try(s->ha, &rev) == 1) {
    s->lease_rev = rev;
    s->lease_sent_ms = t0;
    take_over(s);
  }
}

/* start in HA mode: standby from the snapshot and the stream; the lease
 * timer (every lease/3) renews or tries to take the lease */
static int ha_start(server *s) {
  char err[600];
  if (ha_open(&s->ha, &s->hao, err, sizeof err) != 0) {
    logj("fatal", "NATS", "reason=%s", err);
    return -1;
  }
  if (ha_rebuild(s) != 0) return -1;
  s->ha_ev = event_new(s->base, ha_notify_fd(s->ha), EV_READ | EV_PERSIST,
                       ha_msg_cb, s);
  s->lease_timer = event_new(s->base, -1, EV_PERSIST, lease_cb, s);
  if (!s->ha_ev || !s->lease_timer) return -1;
  event_add(s->ha_ev, NULL);
  int64_t p = s->hao.lease_ms / 3;
  struct timeval tv = {(time_t)(p / 1000), (suseconds_t)(p % 1000 * 1000)};
  evtimer_add(s->lease_timer, &tv);
  lease_cb(-1, 0, s); /* the first try now, not after a period */
  return 0;
}

/* ------------------------------------------------------------------ */
/* signals                                                              */

static void sd_notify_msg(const char *msg);

static void term_cb(evutil_socket_t sig, short what, void *ud) {
  server *s = ud;
  (void)what;
  logj("info", "stopping", "signal=%d", (int)sig);
  sd_notify_msg("STOPPING=1");
  /* no new clients; the loop ends after this callback */
  for (int i = 0; i < 2; ++i)
    if (s->lis[i]) evconnlistener_disable(s->lis[i]);
  if (s->wall && s->ha && s->leader) ha_tick(s);
  else if (s->wall && !s->ha) run_deadlines(s, wall_now(s));
  flush_actions(s);
  take_snapshot(s);
  if (s->ha && s->leader) {
    /* a standby takes over at once instead of after the TTL */
    ha_lease_release(s->ha, s->lease_rev);
    s->leader = 0;
  }
  event_base_loopexit(s->base, NULL);
}

static void hup_cb(evutil_socket_t sig, short what, void *ud) {
  server *s = ud;
  (void)sig;
  (void)what;
  if (!s->config_path) {
    logj("warning", "SIGHUP: no --config to reload", NULL);
    return;
  }
  if (s->ha && !s->leader) {
    logj("warning", "SIGHUP: not the leader, nothing reloaded", NULL);
    return;
  }
  size_t clen = 0;
  char *cdoc = read_whole(s->config_path, &clen);
  if (!cdoc) {
    logj("error", "SIGHUP: cannot read config", "errno=%s", strerror(errno));
    return;
  }
  /* a reload is an event like any other: journaled, replayed */
  json_object *o = json_object_new_object();
  json_object *cfg = json_tokener_parse(cdoc);
  free(cdoc);
  if (!cfg) {
    json_object_put(o);
    logj("error", "SIGHUP: config is not JSON", NULL);
    return;
  }
  acdr_tstamp t = s->wall ? wall_now(s) : acdr_engine_now(s->e);
  json_object_object_add(o, "t_ns", json_object_new_int64((int64_t)t));
  json_object_object_add(o, "ev", json_object_new_string("config"));
  json_object_object_add(o, "config", cfg);
  size_t n;
  const char *line = json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN, &n);
  int rv = apply_event(s, line, n);
  json_object_put(o);
  config_changed(s);
  if (rv < 0) {
    logj("error", "SIGHUP: config refused, old one kept", "error=%s\tmessage=%s",
         acdr_err_name(rv), acdr_engine_last_error(s->e));
    flush_actions(s);
    return;
  }
  commit(s);
  logj("info", "config reloaded", "seq=%" PRIu64, s->seq);
  after_event(s);
}

/* ------------------------------------------------------------------ */
/* systemd Type=notify: "READY=1" / "STOPPING=1" to $NOTIFY_SOCKET       */

static void sd_notify_msg(const char *msg) {
  const char *path = getenv("NOTIFY_SOCKET");
  if (!path || !*path) return;
  struct sockaddr_un sun;
  memset(&sun, 0, sizeof sun);
  sun.sun_family = AF_UNIX;
  size_t n = strlen(path);
  if (n >= sizeof sun.sun_path) return;
  memcpy(sun.sun_path, path, n);
  if (sun.sun_path[0] == '@') sun.sun_path[0] = '\0'; /* abstract */
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  ssize_t w = sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&sun,
                     (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n));
  if (w < 0) logj("warning", "sd_notify failed", "errno=%s", strerror(errno));
  close(fd);
}

/* ------------------------------------------------------------------ */
/* main                                                                 */

static int is_loopback(const char *host) {
  return !strcmp(host, "127.0.0.1") || !strcmp(host, "::1") ||
         !strcmp(host, "localhost");
}

/* every URL of a comma-separated NATS list is on loopback (or carries
 * user:password@): a journal that leaves the machine must authenticate */
static int nats_urls_local(const char *urls) {
  const char *u = urls;
  while (*u) {
    size_t n = strcspn(u, ",");
    char one[512], host[256];
    if (n >= sizeof one) return 0;
    memcpy(one, u, n);
    one[n] = '\0';
    const char *h = strstr(one, "://");
    h = h ? h + 3 : one;
    if (!strchr(h, '@')) {
      size_t hl;
      if (*h == '[') { /* [::1]:4222 */
        ++h;
        hl = strcspn(h, "]");
      } else
        hl = strcspn(h, ":/");
      if (hl >= sizeof host) return 0;
      memcpy(host, h, hl);
      host[hl] = '\0';
      if (!is_loopback(host)) return 0;
    }
    u += n;
    if (*u == ',') ++u;
  }
  return 1;
}

/* "HOST:PORT" or "PORT" (loopback) */
static int split_addr(const char *spec, char *host, size_t hcap, int *port) {
  const char *colon = strrchr(spec, ':');
  const char *p = colon ? colon + 1 : spec;
  char *end;
  long v = strtol(p, &end, 10);
  if (end == p || *end || v < 0 || v > 65535) return -1;
  *port = (int)v;
  if (colon) {
    size_t hl = (size_t)(colon - spec);
    if (hl >= hcap) return -1;
    memcpy(host, spec, hl);
    host[hl] = '\0';
  } else {
    snprintf(host, hcap, "127.0.0.1");
  }
  return 0;
}

static void usage(FILE *f) {
  fputs(
      "usage: acdroute-server --dir DIR [--config FILE] [--unix PATH]\n"
      "         [--tcp [HOST:]PORT] [--http [HOST:]PORT] [--token TOKEN]\n"
      "         [--clock wall|events] [--fsync always|MS] [--snapshot-every N]\n"
      "         [--max-line BYTES] [--max-clients N] [--seed N]\n"
      "         [--journal file|nats] [--nats URL[,URL...]] [--nats-token T]\n"
      "         [--nats-creds FILE] [--nats-tls-ca FILE] [--stream NAME]\n"
      "         [--replicas N] [--node-id ID] [--lease-ms N]\n"
      "See docs/server.md.\n",
      f);
}

static int parse_ll(const char *opt, const char *v, long long lo, long long hi,
                    long long *out) {
  char *end;
  errno = 0;
  long long x = strtoll(v, &end, 10);
  if (end == v || *end || errno || x < lo || x > hi) {
    fprintf(stderr, "acdroute-server: %s: \"%s\" is not an integer in %lld..%lld\n",
            opt, v, lo, hi);
    return -1;
  }
  *out = x;
  return 0;
}

int main(int argc, char **argv) {
  server S;
  server *s = &S;
  memset(s, 0, sizeof *s);
  const char *tcp = NULL, *http = NULL;
  s->wall = 1;
  s->fsync_always = 1;
  s->snapshot_every = 10000;
  s->max_line = 1u << 20;
  s->max_clients = 1024;
  s->jfd = -1;
  int nats = 0, nats_opts = 0;
  s->hao.stream = "acdroute";
  s->hao.replicas = 3;
  s->hao.lease_ms = 3000;
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    long long x;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      return 0;
    }
    if (!v) {
      fprintf(stderr, "acdroute-server: unknown option or missing value: %s\n", a);
      usage(stderr);
      return 2;
    }
    ++i;
    if (!strcmp(a, "--dir")) s->dir = v;
    else if (!strcmp(a, "--config")) s->config_path = v;
    else if (!strcmp(a, "--unix")) s->unix_path = v;
    else if (!strcmp(a, "--tcp")) tcp = v;
    else if (!strcmp(a, "--http")) http = v;
    else if (!strcmp(a, "--token")) s->token = v;
    else if (!strcmp(a, "--clock")) {
      if (strcmp(v, "wall") && strcmp(v, "events")) {
        fprintf(stderr, "acdroute-server: --clock: \"%s\" is not wall or events\n", v);
        return 2;
      }
      s->wall = !strcmp(v, "wall");
    } else if (!strcmp(a, "--fsync")) {
      if (!strcmp(v, "always")) s->fsync_always = 1;
      else if (parse_ll(a, v, 1, 60000, &x)) return 2;
      else {
        s->fsync_always = 0;
        s->fsync_ms = x;
      }
    } else if (!strcmp(a, "--snapshot-every")) {
      if (parse_ll(a, v, 0, LLONG_MAX, &x)) return 2;
      s->snapshot_every = (uint64_t)x;
    } else if (!strcmp(a, "--max-line")) {
      if (parse_ll(a, v, 64, JOURNAL_MAX_RECORD, &x)) return 2;
      s->max_line = (size_t)x;
    } else if (!strcmp(a, "--max-clients")) {
      if (parse_ll(a, v, 1, 1000000, &x)) return 2;
      s->max_clients = (int)x;
    } else if (!strcmp(a, "--seed")) {
      if (parse_ll(a, v, 0, LLONG_MAX, &x)) return 2;
      s->seed = (uint64_t)x;
    } else if (!strcmp(a, "--journal")) {
      if (strcmp(v, "file") && strcmp(v, "nats")) {
        fprintf(stderr, "acdroute-server: --journal: \"%s\" is not file or nats\n", v);
        return 2;
      }
      nats = !strcmp(v, "nats");
    } else if (!strcmp(a, "--nats")) s->hao.urls = v, nats_opts = 1;
    else if (!strcmp(a, "--nats-token")) s->hao.token = v, nats_opts = 1;
    else if (!strcmp(a, "--nats-creds")) s->hao.creds = v, nats_opts = 1;
    else if (!strcmp(a, "--nats-tls-ca")) s->hao.tls_ca = v, nats_opts = 1;
    else if (!strcmp(a, "--node-id")) s->hao.node_id = v, nats_opts = 1;
    else if (!strcmp(a, "--stream")) {
      /* a stream name and a part of subjects and bucket names */
      size_t k = 0;
      while (v[k] && (isalnum((unsigned char)v[k]) || v[k] == '_' || v[k] == '-')) ++k;
      if (!*v || v[k] || k > 64) {
        fprintf(stderr, "acdroute-server: --stream: \"%s\" is not 1-64 of "
                        "A-Z a-z 0-9 _ -\n", v);
        return 2;
      }
      s->hao.stream = v;
      nats_opts = 1;
    } else if (!strcmp(a, "--replicas")) {
      if (parse_ll(a, v, 1, 5, &x)) return 2;
      s->hao.replicas = (int)x;
      nats_opts = 1;
    } else if (!strcmp(a, "--lease-ms")) {
      if (parse_ll(a, v, 300, 600000, &x)) return 2;
      s->hao.lease_ms = x;
      nats_opts = 1;
    } else {
      fprintf(stderr, "acdroute-server: unknown option \"%s\"\n", a);
      usage(stderr);
      return 2;
    }
  }
  if (!s->dir || (!tcp && !s->unix_path)) {
    fprintf(stderr, "acdroute-server: --dir and one of --unix / --tcp are needed\n");
    usage(stderr);
    return 2;
  }
  if (nats_opts && !nats) {
    fprintf(stderr, "acdroute-server: --nats, --stream, --node-id ... need --journal nats\n");
    return 2;
  }
  if (nats && !ha_available()) {
    fprintf(stderr, "acdroute-server: --journal nats: built without NATS support "
                    "(libnats-dev, CMake option ACDROUTE_NATS)\n");
    return 2;
  }
  if (nats && (!s->hao.node_id || !*s->hao.node_id)) {
    fprintf(stderr, "acdroute-server: --journal nats needs --node-id ID\n");
    return 2;
  }
  if (nats && !s->hao.urls) s->hao.urls = "nats://127.0.0.1:4222";
  if (nats && !s->hao.token && !s->hao.creds && !nats_urls_local(s->hao.urls)) {
    fprintf(stderr, "acdroute-server: a NATS server beyond loopback needs "
                    "--nats-token, --nats-creds or user:password@ in the URL\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  raise_nofile(s);
  char thost[256] = "", hhost[256] = "";
  int tport = 0, hport = 0;
  if ((tcp && split_addr(tcp, thost, sizeof thost, &tport)) ||
      (http && split_addr(http, hhost, sizeof hhost, &hport))) {
    fprintf(stderr, "acdroute-server: bad address (want [HOST:]PORT)\n");
    return 2;
  }
  if (((tcp && !is_loopback(thost)) || (http && !is_loopback(hhost))) &&
      !s->token) {
    fprintf(stderr, "acdroute-server: listening beyond loopback needs --token\n");
    return 2;
  }

  acdr_options opt;
  acdr_options_default(&opt);
  opt.seed = s->seed;
  acdr_callbacks cb = {on_action, s->wall ? local_time_cb : NULL};
  int rv = acdr_engine_new(&s->e, &cb, &opt, s);
  if (rv < 0) {
    logj("fatal", "engine", "error=%s", acdr_err_name(rv));
    return 1;
  }
  s->base = event_base_new();
  if (!s->base) return 1;
  s->timer = evtimer_new(s->base, timer_cb, s);
  s->sse_timer = evtimer_new(s->base, sse_timer_cb, s);
  s->lis_timer = evtimer_new(s->base, lis_resume, s);
  s->commit_timer = evtimer_new(s->base, commit_cb, s);
  if ((nats ? ha_start(s) : recover(s)) != 0) return 1;

  if (s->unix_path) {
    struct sockaddr_un sun;
    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_UNIX;
    if (strlen(s->unix_path) >= sizeof sun.sun_path) {
      logj("fatal", "unix socket path too long", NULL);
      return 1;
    }
    strcpy(sun.sun_path, s->unix_path);
    unlink(s->unix_path);
    s->lis[0] = evconnlistener_new_bind(
        s->base, accept_cb, s, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 128,
        (struct sockaddr *)&sun, (int)sizeof sun);
    if (!s->lis[0]) {
      logj("fatal", "cannot listen", "path=%s\terrno=%s", s->unix_path, strerror(errno));
      return 1;
    }
  }
  if (tcp) {
    struct sockaddr_storage ss;
    int sl = (int)sizeof ss;
    char spec[300];
    snprintf(spec, sizeof spec, strchr(thost, ':') ? "[%s]:%d" : "%s:%d",
             !strcmp(thost, "localhost") ? "127.0.0.1" : thost, tport);
    if (evutil_parse_sockaddr_port(spec, (struct sockaddr *)&ss, &sl) != 0) {
      logj("fatal", "bad --tcp address", "addr=%s", spec);
      return 1;
    }
    s->lis[1] = evconnlistener_new_bind(
        s->base, accept_cb, s,
        LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC, 128,
        (struct sockaddr *)&ss, sl);
    if (!s->lis[1]) {
      logj("fatal", "cannot listen", "addr=%s\terrno=%s", spec, strerror(errno));
      return 1;
    }
  }
  for (int i = 0; i < 2; ++i)
    if (s->lis[i]) evconnlistener_set_error_cb(s->lis[i], accept_error_cb);
  if (http) {
    s->http = evhttp_new(s->base);
    if (!s->http ||
        evhttp_bind_socket(s->http, !strcmp(hhost, "localhost") ? "127.0.0.1" : hhost,
                           (ev_uint16_t)hport) != 0) {
      logj("fatal", "cannot listen (http)", "addr=%s", http);
      return 1;
    }
    evhttp_set_gencb(s->http, http_cb, s);
    evhttp_set_max_body_size(s->http, 0);
  }
  if (!s->fsync_always) {
    s->fsync_timer = event_new(s->base, -1, EV_PERSIST, fsync_cb, s);
    struct timeval tv = {(time_t)(s->fsync_ms / 1000),
                         (suseconds_t)(s->fsync_ms % 1000 * 1000)};
    evtimer_add(s->fsync_timer, &tv);
  }
  s->sigterm = evsignal_new(s->base, SIGTERM, term_cb, s);
  s->sigint = evsignal_new(s->base, SIGINT, term_cb, s);
  s->sighup = evsignal_new(s->base, SIGHUP, hup_cb, s);
  evsignal_add(s->sigterm, NULL);
  evsignal_add(s->sigint, NULL);
  evsignal_add(s->sighup, NULL);
  /* what fell due while down (a standby runs deadlines only as lines
   * come; a new leader in take_over) */
  if (s->wall && !s->ha) run_deadlines(s, wall_now(s));
  server_resend_capture(s); /* no client can hear these yet */
  arm_timer(s);
  logj("ready", "listening", "seq=%" PRIu64 "\tclock=%s", s->seq,
       s->wall ? "wall" : "events");
  sd_notify_msg("READY=1");
  event_base_dispatch(s->base);

  while (s->clients) client_close(s->clients);
  while (s->dying) drained_cb(s->dying->bev, s->dying);
  if (s->jfd >= 0) {
    fdatasync(s->jfd);
    close(s->jfd);
  }
  for (int i = 0; i < 2; ++i)
    if (s->lis[i]) evconnlistener_free(s->lis[i]);
  if (s->unix_path) unlink(s->unix_path);
  if (s->http) evhttp_free(s->http);
  if (s->lease_timer) event_free(s->lease_timer);
  if (s->ha_ev) event_free(s->ha_ev);
  ha_close(s->ha);
  event_free(s->timer);
  event_free(s->sse_timer);
  event_free(s->lis_timer);
  event_free(s->commit_timer);
  while (s->sse) {
    sse *x = s->sse;
    s->sse = x->next;
    free(x);
  }
  if (s->fsync_timer) event_free(s->fsync_timer);
  event_free(s->sigterm);
  event_free(s->sigint);
  event_free(s->sighup);
  event_base_free(s->base);
  config_changed(s);
  acdr_engine_del(s->e);
  free(s->pend);
  free(s->held);
  free(s->abuf);
  for (size_t i = 0; i < s->nlive; ++i) free(s->live[i]);
  free(s->live);
  for (size_t i = 0; i < s->nring; ++i) ring_free(&s->ring[i]);
  free(s->ring);
  for (size_t i = 0; i < s->ndown; ++i) {
    free(s->down[i].line);
    free(s->down[i].queue);
    free(s->down[i].agent);
  }
  free(s->down);
  return 0;
}
