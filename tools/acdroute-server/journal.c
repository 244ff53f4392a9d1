/* SPDX-License-Identifier: MIT */
/* journal.c - see journal.h. */
#define _GNU_SOURCE
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

uint32_t crc32_ieee(uint32_t crc, const void *data, size_t len) {
  static uint32_t table[256];
  static int ready;
  if (!ready) {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k)
        c = (c & 1u) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
    ready = 1;
  }
  const unsigned char *p = data;
  crc = ~crc;
  for (size_t i = 0; i < len; ++i)
    crc = table[(crc ^ p[i]) & 0xffu] ^ (crc >> 8);
  return ~crc;
}

static void put32(unsigned char *p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = (unsigned char)(v >> (8 * i));
}
static void put64(unsigned char *p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = (unsigned char)(v >> (8 * i));
}
static uint32_t get32(const unsigned char *p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
static uint64_t get64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

/* CRC over len (4 bytes LE), seq (8 bytes LE) and the payload */
static uint32_t record_crc(const unsigned char *lenseq, const void *payload,
                           size_t len) {
  return crc32_ieee(crc32_ieee(0, lenseq, 12), payload, len);
}

static int write_all(int fd, const void *buf, size_t len) {
  const char *p = buf;
  while (len) {
    ssize_t w = write(fd, p, len);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    p += w;
    len -= (size_t)w;
  }
  return 0;
}

int journal_append(int fd, uint64_t seq, const char *payload, size_t len) {
  if (len > JOURNAL_MAX_RECORD) return -EFBIG;
  /* one buffer, one write: a kill between two writes cannot split a
   * record (a crash of the machine still can; the CRC catches that) */
  unsigned char *rec = malloc(JOURNAL_HEADER + len);
  if (!rec) return -ENOMEM;
  put32(rec, JOURNAL_MAGIC);
  put32(rec + 4, (uint32_t)len);
  put64(rec + 8, seq);
  memcpy(rec + JOURNAL_HEADER, payload, len);
  put32(rec + 16, record_crc(rec + 4, payload, len));
  int rv = write_all(fd, rec, JOURNAL_HEADER + len);
  free(rec);
  return rv;
}

void journal_scan(const unsigned char *img, size_t size, journal_fn fn,
                  void *ud, size_t *good_end, const char **why) {
  size_t off = 0;
  *why = NULL;
  while (off < size) {
    if (size - off < JOURNAL_HEADER) {
      *why = "truncated record header";
      break;
    }
    const unsigned char *h = img + off;
    if (get32(h) != JOURNAL_MAGIC) {
      *why = "bad record magic";
      break;
    }
    uint32_t len = get32(h + 4);
    if (len > JOURNAL_MAX_RECORD) {
      *why = "record length out of range";
      break;
    }
    if (size - off - JOURNAL_HEADER < len) {
      *why = "truncated record payload";
      break;
    }
    if (record_crc(h + 4, h + JOURNAL_HEADER, len) != get32(h + 16)) {
      *why = "record CRC mismatch";
      break;
    }
    if (fn && fn(get64(h + 8), (const char *)h + JOURNAL_HEADER, len, ud)) {
      *why = "record refused by the reader";
      break;
    }
    off += JOURNAL_HEADER + len;
  }
  *good_end = off;
}

char *read_whole(const char *path, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    errno = e;
    return NULL;
  }
  size_t cap = (size_t)st.st_size + 1, n = 0;
  char *b = malloc(cap);
  if (!b) {
    close(fd);
    errno = ENOMEM;
    return NULL;
  }
  for (;;) {
    if (n + 1 >= cap) {
      char *nb = realloc(b, cap * 2);
      if (!nb) {
        free(b);
        close(fd);
        errno = ENOMEM;
        return NULL;
      }
      b = nb;
      cap *= 2;
    }
    ssize_t r = read(fd, b + n, cap - n - 1);
    if (r < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      free(b);
      close(fd);
      errno = e;
      return NULL;
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  close(fd);
  b[n] = '\0';
  *len = n;
  return b;
}

int snapshot_write(const char *dir, uint64_t seq, const char *doc,
                   size_t len) {
  char tmp[4096], fin[4096], head[128];
  snprintf(tmp, sizeof tmp, "%s/snapshot.tmp", dir);
  snprintf(fin, sizeof fin, "%s/snapshot", dir);
  int hl = snprintf(head, sizeof head,
                    "{\"seq\":%" PRIu64 ",\"len\":%zu,\"crc\":%" PRIu32 "}\n",
                    seq, len, crc32_ieee(0, doc, len));
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return -errno;
  int rv = write_all(fd, head, (size_t)hl);
  if (!rv) rv = write_all(fd, doc, len);
  if (!rv && fsync(fd) != 0) rv = -errno;
  if (close(fd) != 0 && !rv) rv = -errno;
  if (!rv && rename(tmp, fin) != 0) rv = -errno;
  if (!rv) {
    /* the rename is durable only once the directory is */
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return -errno;
    if (fsync(dfd) != 0) rv = -errno;
    close(dfd);
  }
  return rv;
}

int snapshot_read(const char *dir, uint64_t *seq, char **pdoc, size_t *plen,
                  const char **why) {
  char fin[4096];
  snprintf(fin, sizeof fin, "%s/snapshot", dir);
  size_t n = 0;
  char *b = read_whole(fin, &n);
  *why = NULL;
  if (!b) {
    if (errno == ENOENT) return 0;
    *why = "cannot read the snapshot file";
    return -1;
  }
  char *nl = memchr(b, '\n', n);
  unsigned long long s = 0, crc = 0;
  size_t len = 0;
  if (!nl || sscanf(b, "{\"seq\":%llu,\"len\":%zu,\"crc\":%llu}", &s, &len,
                    &crc) != 3) {
    *why = "bad snapshot header";
    free(b);
    return -1;
  }
  size_t off = (size_t)(nl + 1 - b);
  if (n - off != len || crc32_ieee(0, nl + 1, len) != (uint32_t)crc) {
    *why = "snapshot length or CRC mismatch";
    free(b);
    return -1;
  }
  memmove(b, nl + 1, len);
  b[len] = '\0';
  *seq = s;
  *pdoc = b;
  *plen = len;
  return 1;
}
