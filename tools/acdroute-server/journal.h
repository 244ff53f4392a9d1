/* SPDX-License-Identifier: MIT */
/*
 * journal.h - the server's write-ahead journal and snapshot files.
 *
 * Journal: a sequence of records, each
 *   magic  u32 LE  0x4a524341 ("ACRJ")
 *   len    u32 LE  payload bytes
 *   seq    u64 LE  event sequence number (1, 2, 3 ...)
 *   crc    u32 LE  CRC-32 (IEEE) of len, seq and the payload
 *   payload        one event line (no newline)
 * A record whose header, length or CRC does not check ends the journal:
 * it and everything after it are reported and cut off, never applied.
 *
 * Snapshot: one header line {"seq":N,"len":L,"crc":C} and the engine's
 * snapshot document (L bytes, CRC-32 C), written to a temporary file,
 * fsync'ed, renamed over the old one, and the directory fsync'ed.
 */
#ifndef ACDROUTE_SERVER_JOURNAL_H
#define ACDROUTE_SERVER_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#define JOURNAL_HEADER 20u
#define JOURNAL_MAGIC 0x4a524341u
#define JOURNAL_MAX_RECORD (64u * 1024u * 1024u)

uint32_t crc32_ieee(uint32_t crc, const void *data, size_t len);

/* Append one record with write(2) (whole or error).  0 or -errno. */
int journal_append(int fd, uint64_t seq, const char *payload, size_t len);

/* One pass over a journal image.  Calls fn for each good record in order
 * and stops at the first bad one; *good_end receives the offset where the
 * good records end and *why a static reason when the end is not clean
 * (NULL when the image ends exactly after a record).  fn returning
 * non-zero stops the scan there: that record and what follows are not
 * good. */
typedef int (*journal_fn)(uint64_t seq, const char *payload, size_t len,
                          void *ud);
void journal_scan(const unsigned char *img, size_t size, journal_fn fn,
                  void *ud, size_t *good_end, const char **why);

/* Write a snapshot atomically into dir/snapshot.  0 or -errno. */
int snapshot_write(const char *dir, uint64_t seq, const char *doc,
                   size_t len);

/* Read dir/snapshot.  1 found (*pdoc malloc'ed, NUL-terminated), 0 none,
 * -1 unreadable or corrupt (*why says why). */
int snapshot_read(const char *dir, uint64_t *seq, char **pdoc, size_t *plen,
                  const char **why);

/* Read a whole file (NUL-terminated).  NULL and errno on failure. */
char *read_whole(const char *path, size_t *len);

#endif
