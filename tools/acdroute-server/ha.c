/* SPDX-License-Identifier: MIT */
/* ha.c - see ha.h. */
#define _GNU_SOURCE
#include "ha.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ACDROUTE_HAVE_NATS

struct ha {
  int unused;
};
int ha_available(void) { return 0; }
int ha_open(ha **ph, const ha_opts *o, char *err, size_t errlen) {
  (void)o;
  *ph = NULL;
  snprintf(err, errlen, "built without NATS support");
  return -1;
}
void ha_close(ha *h) { (void)h; }
const char *ha_error(const ha *h) {
  (void)h;
  return "built without NATS support";
}
int ha_last_seq(ha *h, uint64_t *seq) { (void)h; (void)seq; return -1; }
int ha_append(ha *h, uint64_t expect, const char *line, size_t len,
              uint64_t *seq) {
  (void)h; (void)expect; (void)line; (void)len; (void)seq;
  return -1;
}
int ha_get(ha *h, uint64_t seq, char **line, size_t *len) {
  (void)h; (void)seq; (void)line; (void)len;
  return -1;
}
int ha_append_async(ha *h, uint64_t expect, const char *line, size_t len) {
  (void)h; (void)expect; (void)line; (void)len;
  return -1;
}
int ha_append_wait(ha *h, uint64_t *stored) { (void)h; (void)stored; return -1; }
int ha_serve(ha *h, int on) { (void)h; (void)on; return -1; }
int ha_next_request(ha *h, char **line, size_t *len, char **reply) {
  (void)h; (void)line; (void)len; (void)reply;
  return 0;
}
void ha_publish(ha *h, const char *subject, const char *line, size_t len) {
  (void)h; (void)subject; (void)line; (void)len;
}
void ha_action_subject(const ha *h, char *buf, size_t cap, const char *kind,
                       const char *id) {
  (void)h; (void)kind; (void)id;
  if (cap) buf[0] = '\0';
}
int ha_follow(ha *h, uint64_t from) { (void)h; (void)from; return -1; }
void ha_unfollow(ha *h) { (void)h; }
int ha_notify_fd(const ha *h) { (void)h; return -1; }
int ha_next(ha *h, uint64_t *seq, char **line, size_t *len) {
  (void)h; (void)seq; (void)line; (void)len;
  return 0;
}
int ha_lease_try(ha *h, uint64_t *rev) { (void)h; (void)rev; return -1; }
int ha_lease_renew(ha *h, uint64_t *rev) { (void)h; (void)rev; return -1; }
void ha_lease_release(ha *h, uint64_t rev) { (void)h; (void)rev; }
const char *ha_leader(const ha *h) { (void)h; return NULL; }
size_t ha_max_line(const ha *h) { (void)h; return 0; }
int ha_snap_put(ha *h, uint64_t seq, const char *doc, size_t len) {
  (void)h; (void)seq; (void)doc; (void)len;
  return -1;
}
int ha_snap_get(ha *h, uint64_t *seq, char **doc, size_t *len) {
  (void)h; (void)seq; (void)doc; (void)len;
  return -1;
}

#else /* ACDROUTE_HAVE_NATS */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <unistd.h>

#include <json-c/json.h>
#include <nats/nats.h>

#include "journal.h" /* crc32_ieee */

/* a snapshot is stored in chunks below NATS's default max_payload (1 MiB) */
#define SNAP_CHUNK (512u * 1024u)
#define MAX_URLS 16

typedef struct qmsg {
  struct qmsg *next;
  uint64_t seq;
  size_t len;
  char *reply; /* requests: where the answer goes (in line[] after the NUL) */
  char line[]; /* NUL-terminated */
} qmsg;

struct ha {
  ha_opts o;
  natsConnection *nc;
  jsCtx *js;
  kvStore *lease, *snap;
  natsSubscription *sub, *events;
  char subject[256], lease_bucket[256], snap_bucket[256];
  char err[512];
  char leader[256];
  int have_leader;
  /* consumer -> loop */
  pthread_mutex_t mu;
  qmsg *head, *tail;
  qmsg *rhead, *rtail; /* requests on acdr.<NAME>.events */
  int pipe[2];
  uint64_t follow_gen; /* messages of an older subscription are dropped */
  uint64_t snap_seq;   /* the chunks the manifest names now */
  /* pipelined appends: replies on <inbox>.<gen>.<expect> */
  natsInbox *inbox;
  natsSubscription *acks;
  uint64_t gen, first_expect, npending;
  int64_t wait_ms;
  uint32_t snap_chunks;
};

int ha_available(void) { return 1; }

static int fail(ha *h, const char *what, natsStatus st, jsErrCode je) {
  const char *last = nats_GetLastError(NULL);
  snprintf(h->err, sizeof h->err, "%s: %s%s%s (jetstream error %d)", what,
           natsStatus_GetText(st), last ? ": " : "", last ? last : "",
           (int)je);
  return -1;
}

const char *ha_error(const ha *h) { return h ? h->err : "no NATS journal"; }

static int stream_exists(ha *h, int *exists) {
  jsStreamInfo *si = NULL;
  jsErrCode je = 0;
  natsStatus st = js_GetStreamInfo(&si, h->js, h->o.stream, NULL, &je);
  if (st == NATS_OK) {
    jsStreamInfo_Destroy(si);
    *exists = 1;
    return 0;
  }
  if (st == NATS_NOT_FOUND || je == JSStreamNotFoundErr) {
    *exists = 0;
    return 0;
  }
  return fail(h, "stream info", st, je);
}

#define SETUP_RETRY_MS 15000

static int open_kv(ha *h, kvStore **kv, const char *bucket, int64_t ttl_ms) {
  natsStatus st = js_KeyValue(kv, h->js, bucket);
  if (st == NATS_OK) return 0;
  kvConfig c;
  kvConfig_Init(&c);
  c.Bucket = bucket;
  c.History = 1;
  c.Replicas = h->o.replicas;
  c.TTL = ttl_ms * 1000000; /* nats.c takes nanoseconds here */
  c.MaxValueSize = (int32_t)SNAP_CHUNK;
  st = js_CreateKeyValue(kv, h->js, &c);
  if (st != NATS_OK) return fail(h, bucket, st, 0);
  return 0;
}

/* the stream and the two KV buckets, created when missing: 0 or -1 */
static int js_setup(ha *h, const ha_opts *o) {
  int exists = 0;
  if (stream_exists(h, &exists) != 0) return -1;
  if (!exists) {
    jsStreamConfig sc;
    const char *subj[1] = {h->subject};
    jsStreamConfig_Init(&sc);
    sc.Name = o->stream;
    sc.Subjects = subj;
    sc.SubjectsLen = 1;
    sc.Storage = js_FileStorage;
    sc.Replicas = o->replicas;
    /* retention: unlimited (the log is the history; docs/server.md) */
    jsStreamInfo *si = NULL;
    jsErrCode je = 0;
    natsStatus st = js_AddStream(&si, h->js, &sc, NULL, &je);
    if (st == NATS_OK) jsStreamInfo_Destroy(si);
    else if (je != JSStreamNameExistErr) /* exists: another node was faster */
      return fail(h, "create stream", st, je);
  }
  if (open_kv(h, &h->lease, h->lease_bucket, o->lease_ms) != 0 ||
      open_kv(h, &h->snap, h->snap_bucket, 0) != 0)
    return -1;
  return 0;
}

int ha_open(ha **ph, const ha_opts *o, char *err, size_t errlen) {
  ha *h = calloc(1, sizeof *h);
  natsOptions *no = NULL;
  *ph = NULL;
  if (!h) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  h->o = *o;
  h->pipe[0] = h->pipe[1] = -1;
  pthread_mutex_init(&h->mu, NULL);
  snprintf(h->subject, sizeof h->subject, "acdr.%s.log", o->stream);
  snprintf(h->lease_bucket, sizeof h->lease_bucket, "acdr_%s_lease", o->stream);
  snprintf(h->snap_bucket, sizeof h->snap_bucket, "acdr_%s_snap", o->stream);
  if (pipe2(h->pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    snprintf(err, errlen, "pipe: %s", strerror(errno));
    ha_close(h);
    return -1;
  }
  /* the URL list, split at commas */
  char urls[4096];
  const char *list[MAX_URLS];
  int n = 0;
  snprintf(urls, sizeof urls, "%s", o->urls);
  char *save = NULL;
  for (char *u = strtok_r(urls, ",", &save); u && n < MAX_URLS;
       u = strtok_r(NULL, ",", &save))
    list[n++] = u;
  natsStatus st = natsOptions_Create(&no);
  if (st == NATS_OK) st = natsOptions_SetServers(no, list, n);
  if (st == NATS_OK) st = natsOptions_SetTimeout(no, 2000);
  if (st == NATS_OK) st = natsOptions_SetMaxReconnect(no, -1);
  if (st == NATS_OK) st = natsOptions_SetReconnectWait(no, 250);
  /* an append goes out at once, not when the flusher thread wakes */
  if (st == NATS_OK) st = natsOptions_SetSendAsap(no, true);
  /* nothing is kept for after a reconnect: an append or a lease renewal
   * made while the connection is down fails at once (the leader steps
   * down) instead of reaching the stream later, when another node may
   * lead (0 would mean nats.c's default of 8 MiB) */
  if (st == NATS_OK) st = natsOptions_SetReconnectBufSize(no, 1);
  if (st == NATS_OK && o->token) st = natsOptions_SetToken(no, o->token);
  if (st == NATS_OK && o->creds)
    st = natsOptions_SetUserCredentialsFromFiles(no, o->creds, NULL);
  if (st == NATS_OK && o->tls_ca) {
    st = natsOptions_SetSecure(no, true);
    if (st == NATS_OK) st = natsOptions_LoadCATrustedCertificates(no, o->tls_ca);
  }
  if (st == NATS_OK) st = natsConnection_Connect(&h->nc, no);
  natsOptions_Destroy(no);
  if (st != NATS_OK) {
    fail(h, "connect", st, 0);
    snprintf(err, errlen, "%s", h->err);
    ha_close(h);
    return -1;
  }
  jsOptions jo;
  jsOptions_Init(&jo);
  /* an append or a lease request that takes longer than a third of the
   * lease is a failure: the leader steps down rather than act late */
  jo.Wait = o->lease_ms / 3 > 200 ? o->lease_ms / 3 : 200;
  h->wait_ms = jo.Wait;
  st = natsConnection_JetStream(&h->js, h->nc, &jo);
  if (st != NATS_OK) {
    fail(h, "jetstream", st, 0);
    goto bad;
  }
  /* a cluster that is still electing its JetStream meta leader answers
   * with timeouts for a while: retry the setup (systemd would restart us
   * anyway) for up to SETUP_RETRY_MS before giving up */
  for (int64_t waited = 0;; waited += 250) {
    if (js_setup(h, o) == 0) break;
    if (waited >= SETUP_RETRY_MS) goto bad;
    if (h->lease) kvStore_Destroy(h->lease);
    if (h->snap) kvStore_Destroy(h->snap);
    h->lease = h->snap = NULL;
    nats_Sleep(250);
  }
  *ph = h;
  return 0;
bad:
  snprintf(err, errlen, "%s", h->err);
  ha_close(h);
  return -1;
}

static void free_list(qmsg *m) {
  while (m) {
    qmsg *nx = m->next;
    free(m);
    m = nx;
  }
}

static void drop_queue(ha *h) {
  pthread_mutex_lock(&h->mu);
  qmsg *m = h->head;
  h->head = h->tail = NULL;
  pthread_mutex_unlock(&h->mu);
  free_list(m);
}

void ha_close(ha *h) {
  if (!h) return;
  ha_unfollow(h);
  ha_serve(h, 0);
  if (h->acks) {
    natsSubscription_Unsubscribe(h->acks);
    natsSubscription_Destroy(h->acks);
  }
  if (h->inbox) natsInbox_Destroy(h->inbox);
  if (h->lease) kvStore_Destroy(h->lease);
  if (h->snap) kvStore_Destroy(h->snap);
  if (h->js) jsCtx_Destroy(h->js);
  if (h->nc) {
    natsConnection_Close(h->nc);
    natsConnection_Destroy(h->nc);
  }
  if (h->pipe[0] >= 0) close(h->pipe[0]);
  if (h->pipe[1] >= 0) close(h->pipe[1]);
  pthread_mutex_destroy(&h->mu);
  free(h);
}

int ha_last_seq(ha *h, uint64_t *seq) {
  jsStreamInfo *si = NULL;
  jsErrCode je = 0;
  natsStatus st = js_GetStreamInfo(&si, h->js, h->o.stream, NULL, &je);
  if (st != NATS_OK) return fail(h, "stream info", st, je);
  *seq = si->State.LastSeq;
  jsStreamInfo_Destroy(si);
  return 0;
}

int ha_append(ha *h, uint64_t expect, const char *line, size_t len,
              uint64_t *seq) {
  natsMsg *m = NULL;
  jsPubAck *pa = NULL;
  jsErrCode je = 0;
  char exp[32];
  if (len > (size_t)INT32_MAX) {
    snprintf(h->err, sizeof h->err, "append: line too long");
    return -1;
  }
  snprintf(exp, sizeof exp, "%" PRIu64, expect);
  natsStatus st = natsMsg_Create(&m, h->subject, NULL, line, (int)len);
  /* set by hand: the client's ExpectLastSeq option cannot say 0 (an
   * empty stream), the header can */
  if (st == NATS_OK) st = natsMsgHeader_Set(m, "Nats-Expected-Last-Sequence", exp);
  if (st == NATS_OK) st = js_PublishMsg(&pa, h->js, m, NULL, &je);
  natsMsg_Destroy(m);
  if (st != NATS_OK) return fail(h, "append", st, je);
  *seq = pa->Sequence;
  jsPubAck_Destroy(pa);
  if (*seq != expect + 1) {
    snprintf(h->err, sizeof h->err, "append: stored as %" PRIu64
             ", expected %" PRIu64, *seq, expect + 1);
    return -1;
  }
  return 0;
}

/* Pipelined appends: plain publishes with a reply subject, so one wait
 * collects the acks of a whole batch (group commit).  Each expects the
 * sequence of the one before it, so after a failure every later one
 * fails too: what is stored is always a prefix of the batch. */
int ha_append_async(ha *h, uint64_t expect, const char *line, size_t len) {
  natsStatus st = NATS_OK;
  if (!h->acks) {
    char subj[256];
    st = natsInbox_Create(&h->inbox);
    if (st == NATS_OK) {
      snprintf(subj, sizeof subj, "%s.>", (const char *)h->inbox);
      st = natsConnection_SubscribeSync(&h->acks, h->nc, subj);
    }
    if (st == NATS_OK) st = natsSubscription_SetPendingLimits(h->acks, -1, -1);
    if (st != NATS_OK) {
      if (h->acks) natsSubscription_Destroy(h->acks);
      h->acks = NULL;
      return fail(h, "ack inbox", st, 0);
    }
  }
  if (len > (size_t)INT32_MAX) {
    snprintf(h->err, sizeof h->err, "append: line too long");
    return -1;
  }
  if (h->npending == 0) {
    h->gen++;
    h->first_expect = expect;
  } else if (expect != h->first_expect + h->npending) {
    snprintf(h->err, sizeof h->err, "append: out of order");
    return -1;
  }
  char reply[256], exp[32];
  snprintf(reply, sizeof reply, "%s.%" PRIu64 ".%" PRIu64, (const char *)h->inbox,
           h->gen, expect);
  snprintf(exp, sizeof exp, "%" PRIu64, expect);
  natsMsg *m = NULL;
  st = natsMsg_Create(&m, h->subject, reply, line, (int)len);
  if (st == NATS_OK) st = natsMsgHeader_Set(m, "Nats-Expected-Last-Sequence", exp);
  if (st == NATS_OK) st = natsConnection_PublishMsg(h->nc, m);
  natsMsg_Destroy(m);
  if (st != NATS_OK) return fail(h, "append", st, 0);
  h->npending++;
  return 0;
}

int ha_append_wait(ha *h, uint64_t *stored) {
  uint64_t n = h->npending, got = 0, good = 0;
  if (!n) return 0; /* *stored as it was */
  *stored = h->first_expect;
  h->npending = 0;
  unsigned char *ok = calloc((size_t)n, 1);
  if (!ok) {
    snprintf(h->err, sizeof h->err, "out of memory");
    return -1;
  }
  h->err[0] = '\0';
  int64_t end = nats_Now() + h->wait_ms;
  while (got < n) {
    int64_t left = end - nats_Now();
    natsMsg *m = NULL;
    if (left <= 0 || natsSubscription_NextMsg(&m, h->acks, left) != NATS_OK) {
      if (!h->err[0])
        snprintf(h->err, sizeof h->err, "append: no JetStream ack within %" PRId64
                 " ms", h->wait_ms);
      break;
    }
    unsigned long long g = 0, e = 0;
    const char *subj = natsMsg_GetSubject(m);
    const char *tail = strrchr(subj, '.');
    /* <inbox>.<gen>.<expect>: replies of an earlier, timed-out batch are
     * not this batch's */
    if (tail && tail > subj) {
      const char *p = tail - 1;
      while (p > subj && *p != '.') --p;
      if (sscanf(p, ".%llu.%llu", &g, &e) != 2) g = 0;
    }
    if (g != h->gen || e < h->first_expect || e - h->first_expect >= n) {
      natsMsg_Destroy(m);
      continue;
    }
    json_object *o = json_tokener_parse(natsMsg_GetData(m) ? natsMsg_GetData(m) : "");
    json_object *sq = NULL, *er = NULL;
    int stored_ok = o && !json_object_object_get_ex(o, "error", &er) &&
                    json_object_object_get_ex(o, "seq", &sq) &&
                    (uint64_t)json_object_get_int64(sq) == e + 1;
    if (!stored_ok && !h->err[0])
      snprintf(h->err, sizeof h->err, "append of %llu: %s", e + 1,
               o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN)
                 : "unreadable ack");
    json_object_put(o);
    natsMsg_Destroy(m);
    if (!ok[e - h->first_expect]) {
      ok[e - h->first_expect] = stored_ok ? 1 : 2;
      got++;
    }
  }
  while (good < n && ok[good] == 1) good++;
  free(ok);
  *stored = h->first_expect + good;
  return good == n ? 0 : -1;
}

int ha_get(ha *h, uint64_t seq, char **line, size_t *len) {
  natsMsg *m = NULL;
  jsErrCode je = 0;
  natsStatus st = js_GetMsg(&m, h->js, h->o.stream, seq, NULL, &je);
  if (st != NATS_OK) return fail(h, "get message", st, je);
  int n = natsMsg_GetDataLength(m);
  char *b = malloc((size_t)n + 1);
  if (!b) {
    natsMsg_Destroy(m);
    snprintf(h->err, sizeof h->err, "out of memory");
    return -1;
  }
  memcpy(b, natsMsg_GetData(m), (size_t)n);
  b[n] = '\0';
  natsMsg_Destroy(m);
  *line = b;
  *len = (size_t)n;
  return 0;
}

/* nats.c thread: queue a message (stream line or request), wake the loop */
static void push(ha *h, natsMsg *msg, uint64_t seq, int request) {
  int n = natsMsg_GetDataLength(msg);
  const char *rep = request ? natsMsg_GetReply(msg) : NULL;
  size_t rl = rep ? strlen(rep) + 1 : 0;
  qmsg *q = malloc(sizeof *q + (size_t)n + 1 + rl);
  if (!q) return; /* a stream line lost so shows as a gap; a request
                     times out at the client */
  q->next = NULL;
  q->seq = seq;
  q->len = (size_t)n;
  memcpy(q->line, natsMsg_GetData(msg), (size_t)n);
  q->line[n] = '\0';
  q->reply = rep ? memcpy(q->line + n + 1, rep, rl) : NULL;
  pthread_mutex_lock(&h->mu);
  qmsg **head = request ? &h->rhead : &h->head;
  qmsg **tail = request ? &h->rtail : &h->tail;
  int was_empty = !h->head && !h->rhead;
  if (*tail) (*tail)->next = q;
  else *head = q;
  *tail = q;
  pthread_mutex_unlock(&h->mu);
  if (was_empty) {
    ssize_t w = write(h->pipe[1], "", 1);
    (void)w; /* a full pipe already wakes the loop */
  }
}

static void on_request(natsConnection *nc, natsSubscription *sub, natsMsg *msg,
                       void *closure) {
  (void)nc;
  (void)sub;
  push(closure, msg, 0, 1);
  natsMsg_Destroy(msg);
}

int ha_serve(ha *h, int on) {
  if (!on) {
    if (h->events) {
      natsSubscription_Unsubscribe(h->events);
      natsSubscription_Destroy(h->events);
      h->events = NULL;
    }
    pthread_mutex_lock(&h->mu);
    qmsg *m = h->rhead;
    h->rhead = h->rtail = NULL;
    pthread_mutex_unlock(&h->mu);
    free_list(m);
    return 0;
  }
  if (h->events) return 0;
  char subj[300];
  snprintf(subj, sizeof subj, "acdr.%s.events", h->o.stream);
  natsStatus st = natsConnection_Subscribe(&h->events, h->nc, subj, on_request, h);
  if (st != NATS_OK) {
    h->events = NULL;
    return fail(h, "subscribe to events", st, 0);
  }
  natsSubscription_SetPendingLimits(h->events, -1, -1);
  return 0;
}

int ha_next_request(ha *h, char **line, size_t *len, char **reply) {
  pthread_mutex_lock(&h->mu);
  qmsg *q = h->rhead;
  if (q) {
    h->rhead = q->next;
    if (!h->rhead) h->rtail = NULL;
  }
  pthread_mutex_unlock(&h->mu);
  if (!q) return 0;
  size_t rl = q->reply ? strlen(q->reply) + 1 : 0;
  char *b = malloc(q->len + 1 + rl);
  if (!b) { /* dropped: the client's request times out */
    free(q);
    *line = *reply = NULL;
    *len = 0;
    return 1;
  }
  memcpy(b, q->line, q->len + 1 + rl);
  *len = q->len;
  *reply = q->reply ? b + q->len + 1 : NULL;
  *line = b; /* one allocation: free(*line) frees both */
  free(q);
  return 1;
}

void ha_publish(ha *h, const char *subject, const char *line, size_t len) {
  if (subject && *subject)
    natsConnection_Publish(h->nc, subject, line, (int)len);
}

/* acdr.<NAME>.actions.<kind>.<id>, the id percent-encoded where it is
 * not A-Z a-z 0-9 _ - (a subject token cannot hold '.', '*', '>' or
 * blanks) */
void ha_action_subject(const ha *h, char *buf, size_t cap, const char *kind,
                       const char *id) {
  static const char hex[] = "0123456789ABCDEF";
  int n = snprintf(buf, cap, "acdr.%s.actions.%s.", h->o.stream, kind);
  size_t k = n > 0 ? (size_t)n : 0;
  for (const unsigned char *p = (const unsigned char *)id; *p && k + 4 < cap; ++p) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
        (*p >= '0' && *p <= '9') || *p == '_' || *p == '-') {
      buf[k++] = (char)*p;
    } else {
      buf[k++] = '%';
      buf[k++] = hex[*p >> 4];
      buf[k++] = hex[*p & 15];
    }
  }
  if (k < cap) buf[k] = '\0';
}

static void on_msg(natsConnection *nc, natsSubscription *sub, natsMsg *msg,
                   void *closure) {
  ha *h = closure;
  jsMsgMetaData *meta = NULL;
  (void)nc;
  (void)sub;
  if (natsMsg_GetMetaData(&meta, msg) != NATS_OK) {
    natsMsg_Destroy(msg);
    return;
  }
  push(h, msg, meta->Sequence.Stream, 0);
  /* a message lost for lack of memory shows as a gap: the loop
   * resubscribes from its last applied sequence */
  jsMsgMetaData_Destroy(meta);
  natsMsg_Destroy(msg);
}

int ha_follow(ha *h, uint64_t from) {
  ha_unfollow(h);
  jsSubOptions so;
  jsErrCode je = 0;
  jsSubOptions_Init(&so);
  so.Ordered = true;
  so.Config.DeliverPolicy = js_DeliverByStartSequence;
  so.Config.OptStartSeq = from ? from : 1;
  natsStatus st = js_Subscribe(&h->sub, h->js, h->subject, on_msg, h, NULL,
                               &so, &je);
  if (st != NATS_OK) {
    h->sub = NULL;
    return fail(h, "subscribe", st, je);
  }
  return 0;
}

void ha_unfollow(ha *h) {
  if (h->sub) {
    natsSubscription_Unsubscribe(h->sub);
    natsSubscription_Destroy(h->sub);
    h->sub = NULL;
  }
  drop_queue(h);
}

int ha_notify_fd(const ha *h) { return h->pipe[0]; }

int ha_next(ha *h, uint64_t *seq, char **line, size_t *len) {
  char buf[64];
  while (read(h->pipe[0], buf, sizeof buf) > 0) {
  }
  pthread_mutex_lock(&h->mu);
  qmsg *q = h->head;
  if (q) {
    h->head = q->next;
    if (!h->head) h->tail = NULL;
  }
  pthread_mutex_unlock(&h->mu);
  if (!q) return 0;
  *seq = q->seq;
  *len = q->len;
  /* hand over the line in place: the struct's header is reused */
  char *b = malloc(q->len + 1);
  if (!b) {
    free(q);
    *line = NULL;
    return 1; /* the caller sees a gap and resubscribes */
  }
  memcpy(b, q->line, q->len + 1);
  free(q);
  *line = b;
  return 1;
}

/* ---- lease ---- */

static void note_leader(ha *h, kvEntry *e) {
  const char *v = e ? kvEntry_ValueString(e) : NULL;
  h->have_leader = v && *v && kvEntry_Operation(e) == kvOp_Put;
  if (h->have_leader) snprintf(h->leader, sizeof h->leader, "%s", v);
}

int ha_lease_try(ha *h, uint64_t *rev) {
  const char *id = h->o.node_id;
  natsStatus st = kvStore_Create(rev, h->lease, "leader", id, (int)strlen(id));
  if (st == NATS_OK) {
    snprintf(h->leader, sizeof h->leader, "%s", id);
    h->have_leader = 1;
    return 1;
  }
  kvEntry *e = NULL;
  st = kvStore_Get(&e, h->lease, "leader");
  if (st == NATS_NOT_FOUND) { /* expired between the two calls */
    h->have_leader = 0;
    return 0;
  }
  if (st != NATS_OK) {
    h->have_leader = 0;
    return fail(h, "lease get", st, 0);
  }
  note_leader(h, e);
  if (!h->have_leader) {
    /* released (empty value): take it at that revision */
    uint64_t r = kvEntry_Revision(e);
    kvEntry_Destroy(e);
    st = kvStore_Update(rev, h->lease, "leader", id, (int)strlen(id), r);
    if (st != NATS_OK) return 0;
    snprintf(h->leader, sizeof h->leader, "%s", id);
    h->have_leader = 1;
    return 1;
  }
  kvEntry_Destroy(e);
  return 0;
}

int ha_lease_renew(ha *h, uint64_t *rev) {
  const char *id = h->o.node_id;
  natsStatus st =
      kvStore_Update(rev, h->lease, "leader", id, (int)strlen(id), *rev);
  if (st != NATS_OK) {
    h->have_leader = 0;
    return fail(h, "lease renewal", st, 0);
  }
  return 0;
}

void ha_lease_release(ha *h, uint64_t rev) {
  uint64_t r = 0;
  kvStore_Update(&r, h->lease, "leader", "", 0, rev);
  h->have_leader = 0;
}

const char *ha_leader(const ha *h) { return h->have_leader ? h->leader : NULL; }

size_t ha_max_line(const ha *h) {
  int64_t m = natsConnection_GetMaxPayload(h->nc);
  /* the message headers (expected last sequence) fit in the rest */
  return m > 1024 ? (size_t)(m - 1024) : 0;
}

/* ---- snapshots ---- */

static void purge_chunks(ha *h, uint64_t seq, uint32_t n) {
  char key[64];
  for (uint32_t i = 0; i < n; ++i) {
    snprintf(key, sizeof key, "s.%" PRIu64 ".%" PRIu32, seq, i);
    kvStore_Purge(h->snap, key, NULL);
  }
}

/* the manifest "latest": {"seq":N,"len":L,"chunks":K,"crc":C} */
static int read_manifest(ha *h, uint64_t *seq, size_t *len, uint32_t *chunks,
                         uint32_t *crc) {
  kvEntry *e = NULL;
  natsStatus st = kvStore_Get(&e, h->snap, "latest");
  if (st == NATS_NOT_FOUND) return 0;
  if (st != NATS_OK) return fail(h, "snapshot manifest", st, 0);
  unsigned long long s = 0, l = 0, c = 0, k = 0;
  int ok = kvEntry_Operation(e) == kvOp_Put &&
           sscanf(kvEntry_ValueString(e),
                  "{\"seq\":%llu,\"len\":%llu,\"chunks\":%llu,\"crc\":%llu}",
                  &s, &l, &k, &c) == 4;
  kvEntry_Destroy(e);
  if (!ok) {
    snprintf(h->err, sizeof h->err, "snapshot manifest unreadable");
    return -2;
  }
  *seq = s;
  *len = (size_t)l;
  *chunks = (uint32_t)k;
  *crc = (uint32_t)c;
  return 1;
}

int ha_snap_put(ha *h, uint64_t seq, const char *doc, size_t len) {
  char key[64], man[160];
  uint64_t rev;
  uint32_t n = (uint32_t)((len + SNAP_CHUNK - 1) / SNAP_CHUNK);
  if (!h->snap_chunks) { /* first put since start: learn the old ones */
    size_t l;
    uint32_t c;
    if (read_manifest(h, &h->snap_seq, &l, &h->snap_chunks, &c) <= 0)
      h->snap_chunks = 0;
  }
  if (h->snap_chunks && h->snap_seq == seq) return 0; /* already there */
  for (uint32_t i = 0; i < n; ++i) {
    size_t off = (size_t)i * SNAP_CHUNK;
    size_t cl = len - off < SNAP_CHUNK ? len - off : SNAP_CHUNK;
    snprintf(key, sizeof key, "s.%" PRIu64 ".%" PRIu32, seq, i);
    natsStatus st = kvStore_Put(&rev, h->snap, key, doc + off, (int)cl);
    if (st != NATS_OK) {
      purge_chunks(h, seq, i);
      return fail(h, "snapshot chunk", st, 0);
    }
  }
  snprintf(man, sizeof man,
           "{\"seq\":%" PRIu64 ",\"len\":%zu,\"chunks\":%" PRIu32
           ",\"crc\":%" PRIu32 "}",
           seq, len, n, crc32_ieee(0, doc, len));
  natsStatus st = kvStore_PutString(&rev, h->snap, "latest", man);
  if (st != NATS_OK) {
    purge_chunks(h, seq, n);
    return fail(h, "snapshot manifest", st, 0);
  }
  if (h->snap_chunks) purge_chunks(h, h->snap_seq, h->snap_chunks);
  h->snap_seq = seq;
  h->snap_chunks = n;
  return 0;
}

int ha_snap_get(ha *h, uint64_t *seq, char **pdoc, size_t *plen) {
  uint64_t s;
  size_t len;
  uint32_t n, crc;
  int r = read_manifest(h, &s, &len, &n, &crc);
  if (r <= 0) return r;
  char *doc = malloc(len + 1);
  if (!doc) {
    snprintf(h->err, sizeof h->err, "out of memory");
    return -1;
  }
  size_t off = 0;
  for (uint32_t i = 0; i < n; ++i) {
    char key[64];
    kvEntry *e = NULL;
    snprintf(key, sizeof key, "s.%" PRIu64 ".%" PRIu32, s, i);
    natsStatus st = kvStore_Get(&e, h->snap, key);
    if (st != NATS_OK) {
      free(doc);
      fail(h, "snapshot chunk", st, 0);
      return st == NATS_NOT_FOUND ? -2 : -1;
    }
    size_t cl = (size_t)kvEntry_ValueLen(e);
    if (off + cl > len) cl = 0, off = len + 1; /* corrupt: caught below */
    else memcpy(doc + off, kvEntry_Value(e), cl);
    off += cl;
    kvEntry_Destroy(e);
  }
  if (off != len || crc32_ieee(0, doc, len) != crc) {
    free(doc);
    snprintf(h->err, sizeof h->err, "snapshot length or CRC mismatch");
    return -2;
  }
  doc[len] = '\0';
  *seq = s;
  *pdoc = doc;
  *plen = len;
  if (!h->snap_chunks) {
    h->snap_seq = s;
    h->snap_chunks = n;
  }
  return 1;
}

#endif /* ACDROUTE_HAVE_NATS */
