/* SPDX-License-Identifier: MIT */
/*
 * ha.h - the NATS JetStream journal of acdroute-server (docs/server.md,
 * "High availability").  A thin layer over nats.c that knows nothing of
 * the engine: the replicated log (one stream per shard, subject
 * acdr.<NAME>.log), the leader lease (KV bucket acdr_<NAME>_lease, key
 * "leader") and the snapshots (KV bucket acdr_<NAME>_snap).
 *
 * Everything here is called from the server's event-loop thread, except
 * the consumer's message handler, which runs on a nats.c thread and only
 * queues the message and writes one byte to a pipe (ha_notify_fd).
 * Without libnats (ACDROUTE_NATS=OFF or not found) ha_open fails with
 * "built without NATS support".
 */
#ifndef ACDROUTE_SERVER_HA_H
#define ACDROUTE_SERVER_HA_H

#include <stddef.h>
#include <stdint.h>

typedef struct ha_opts {
  const char *urls;     /* comma separated */
  const char *token, *creds, *tls_ca; /* NULL: not used */
  const char *stream;   /* shard name: subjects acdr.<stream>.log */
  const char *node_id;
  int replicas;
  int64_t lease_ms;
} ha_opts;

typedef struct ha ha;

/* 1 when built with libnats */
int ha_available(void);

/* Connect, create the stream and the two KV buckets when missing.  0, or
 * -1 with a message in err. */
int ha_open(ha **ph, const ha_opts *o, char *err, size_t errlen);
void ha_close(ha *h);

/* the last error's text (static or in h) */
const char *ha_error(const ha *h);

/* ---- the log ---- */
/* The longest line the NATS server takes in one message (its
 * max_payload, less room for the headers). */
size_t ha_max_line(const ha *h);
/* The stream's last sequence number.  0 or -1. */
int ha_last_seq(ha *h, uint64_t *seq);
/* Append with Nats-Expected-Last-Sequence = expect.  0 (*seq the stream
 * sequence of the new message), -1 failed (wrong last sequence, timeout,
 * no quorum: ha_error says which; the message may still have been stored
 * after a timeout). */
int ha_append(ha *h, uint64_t expect, const char *line, size_t len,
              uint64_t *seq);
/* Pipelined append (group commit): publish with the expected last
 * sequence `expect` (consecutive within a batch) without waiting. 0, or
 * -1 when it could not even be sent. */
int ha_append_async(ha *h, uint64_t expect, const char *line, size_t len);
/* Wait for the acks of the batch: *stored = the last sequence of the
 * stored prefix of the batch (failures and timeouts cut it).  0 all
 * stored, -1 not all (ha_error says why). */
int ha_append_wait(ha *h, uint64_t *stored);
/* One message by sequence (catch-up).  0 (*line malloc'ed,
 * NUL-terminated) or -1. */
int ha_get(ha *h, uint64_t seq, char **line, size_t *len);
/* Ordered consumer from sequence `from` on: messages are queued and
 * ha_notify_fd becomes readable.  0 or -1. */
int ha_follow(ha *h, uint64_t from);
void ha_unfollow(ha *h); /* and drops what is queued */
int ha_notify_fd(const ha *h);
/* Next queued message: 1 (*line malloc'ed), 0 none.  Drains the pipe. */
int ha_next(ha *h, uint64_t *seq, char **line, size_t *len);

/* ---- clients over NATS ---- */
/* Answer requests on acdr.<NAME>.events (on: the leader) or stop. */
int ha_serve(ha *h, int on);
/* Next request: 1 (*line malloc'ed, NUL-terminated; *reply points into
 * the same allocation, NULL when the request had none), 0 none. */
int ha_next_request(ha *h, char **line, size_t *len, char **reply);
/* Core NATS publish (no JetStream), best effort. */
void ha_publish(ha *h, const char *subject, const char *line, size_t len);
/* The subject of an action for a queue (kind "queue") or an agent
 * ("agent"): acdr.<NAME>.actions.<kind>.<id>, id percent-encoded outside
 * A-Z a-z 0-9 _ -. */
void ha_action_subject(const ha *h, char *buf, size_t cap, const char *kind,
                       const char *id);

/* ---- the lease ---- */
/* Take the lease when free (no key, or an empty value = released).
 * 1 won (*rev its revision), 0 held by another (ha_leader says whom),
 * -1 error. */
int ha_lease_try(ha *h, uint64_t *rev);
/* Renew at revision *rev (update at the last revision).  0 (*rev the new
 * one) or -1 (lost, or NATS unreachable). */
int ha_lease_renew(ha *h, uint64_t *rev);
/* Give it up at once (empty value at revision rev): a standby need not
 * wait for the TTL.  Best effort. */
void ha_lease_release(ha *h, uint64_t rev);
/* the leader named by the lease at the last look, or NULL */
const char *ha_leader(const ha *h);

/* ---- snapshots ---- */
/* Store the snapshot covering seq (chunked, then the manifest "latest";
 * older chunks are purged).  0 or -1. */
int ha_snap_put(ha *h, uint64_t seq, const char *doc, size_t len);
/* The newest snapshot: 1 (*doc malloc'ed), 0 none, -1 NATS error (try
 * again later), -2 corrupt or incomplete (ha_error says why). */
int ha_snap_get(ha *h, uint64_t *seq, char **doc, size_t *len);

#endif
