/* SPDX-License-Identifier: MIT */
/* Shared oracle of the fuzz targets: "a refused call changes nothing".
 *
 * fz_state_take() records what a host can observe of an engine between
 * events: its complete snapshot (configuration, agents, contacts, timers,
 * strategy and random state, clock), the next deadline and the clock.
 * fz_state_expect_same() takes it again after a refused call and aborts (a
 * crash for libFuzzer) with the first difference when anything moved. */
#ifndef ACDR_FUZZ_ORACLE_H
#define ACDR_FUZZ_ORACLE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <acdroute/acdroute.h>

typedef struct fz_state {
  char *snap; /* acdr_engine_snapshot, freed with acdr_free */
  size_t len;
  acdr_tstamp expiry, now;
} fz_state;

static inline void fz_state_take(acdr_engine *e, fz_state *s) {
  int rv = acdr_engine_snapshot(e, &s->snap, &s->len);
  if (rv != 0) {
    fprintf(stderr, "oracle: snapshot failed: rv=%d %s\n", rv,
            acdr_engine_last_error(e));
    abort();
  }
  s->expiry = acdr_engine_get_expiry(e);
  s->now = acdr_engine_now(e);
}

static inline void fz_state_free(acdr_engine *e, fz_state *s) {
  acdr_free(e, s->snap);
  s->snap = NULL;
  s->len = 0;
}

/* Prints the first differing place of two snapshots with some context. */
static inline void fz_state_print_diff(const fz_state *a, const fz_state *b) {
  size_t i = 0, from;
  while (i < a->len && i < b->len && a->snap[i] == b->snap[i]) i++;
  from = i > 160 ? i - 160 : 0;
  fprintf(stderr,
          "snapshots differ at byte %zu (lengths %zu, %zu)\n"
          "--- before\n%.*s\n--- after\n%.*s\n",
          i, a->len, b->len, (int)(a->len - from > 320 ? 320 : a->len - from),
          a->snap + from, (int)(b->len - from > 320 ? 320 : b->len - from),
          b->snap + from);
}

/* What: the call that was refused (for the message); rv its result. */
static inline void fz_state_expect_same(acdr_engine *e, const fz_state *before,
                                        const char *what, int rv) {
  fz_state after;
  fz_state_take(e, &after);
  if (after.now != before->now || after.expiry != before->expiry ||
      after.len != before->len ||
      memcmp(after.snap, before->snap, after.len) != 0) {
    fprintf(stderr,
            "oracle: refused %s (rv=%d \"%s\") changed the engine\n"
            "  now %llu -> %llu, next deadline %llu -> %llu (%llu: none)\n",
            what, rv, acdr_engine_last_error(e),
            (unsigned long long)before->now, (unsigned long long)after.now,
            (unsigned long long)before->expiry,
            (unsigned long long)after.expiry,
            (unsigned long long)ACDR_TSTAMP_MAX);
    fz_state_print_diff(before, &after);
    abort();
  }
  fz_state_free(e, &after);
}

/* 1 when s[0..n) is well-formed UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF). */
static inline int fz_utf8_valid(const unsigned char *s, size_t n) {
  size_t i = 0, k, len;
  while (i < n) {
    unsigned c = s[i];
    uint32_t cp;
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1Fu;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0Fu;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07u;
    else return 0;
    if (n - i < len) return 0;
    for (k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (s[i + k] & 0x3Fu);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return 0;
    i += len;
  }
  return 1;
}

#endif
