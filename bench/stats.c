/* SPDX-License-Identifier: MIT */
/* Clock, percentiles and the counting allocator. */
#include "bench.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <malloc.h>

uint64_t bench_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

double bench_clock_overhead_ns(void) {
  bench_samples s = {NULL, 0, 0};
  double med;
  int i;
  for (i = 0; i < 10001; i++) {
    uint64_t a = bench_now_ns(), b = bench_now_ns();
    bench_samples_add(&s, b - a);
  }
  med = bench_samples_quantile(&s, 0.5);
  bench_samples_free(&s);
  return med;
}

void bench_samples_add(bench_samples *s, uint64_t x) {
  if (s->n == s->cap) {
    size_t ncap = s->cap ? s->cap * 2 : 1024;
    uint64_t *p = realloc(s->v, ncap * sizeof(*p));
    if (!p) return; /* drop the sample rather than abort the bench */
    s->v = p;
    s->cap = ncap;
  }
  s->v[s->n++] = x;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

double bench_samples_quantile(bench_samples *s, double q) {
  size_t i;
  if (!s->n) return 0;
  qsort(s->v, s->n, sizeof(*s->v), cmp_u64);
  i = (size_t)(q * (double)(s->n - 1) + 0.5);
  if (i >= s->n) i = s->n - 1;
  return (double)s->v[i];
}

void bench_samples_free(bench_samples *s) {
  free(s->v);
  s->v = NULL;
  s->n = s->cap = 0;
}

/* ---- counting allocator: real chunk sizes ----
 *
 * Every block is counted as glibc holds it: malloc_usable_size() plus the
 * 8-byte chunk header (sizeof(size_t)), so rounding to 16 bytes and the
 * header are included: what the process pays, not what was asked for. */

static int64_t chunk(void *p) {
  return p ? (int64_t)(malloc_usable_size(p) + sizeof(size_t)) : 0;
}

static void count(bench_counter *c, int64_t delta) {
  c->live += delta;
  if (c->live > c->peak) c->peak = c->live;
  c->calls++;
}

static void *cm_malloc(size_t n, void *ud) {
  void *p = malloc(n);
  if (p) count(ud, chunk(p));
  return p;
}

static void cm_free(void *ptr, void *ud) {
  if (!ptr) return;
  count(ud, -chunk(ptr));
  free(ptr);
}

static void *cm_calloc(size_t k, size_t n, void *ud) {
  void *p = calloc(k, n);
  if (p) count(ud, chunk(p));
  return p;
}

static void *cm_realloc(void *ptr, size_t n, void *ud) {
  int64_t old = chunk(ptr);
  void *q = realloc(ptr, n);
  if (!q) return NULL;
  count(ud, chunk(q) - old);
  return q;
}

acdr_mem bench_counting_mem(bench_counter *c) {
  acdr_mem m;
  m.user_data = c;
  m.malloc = cm_malloc;
  m.free = cm_free;
  m.calloc = cm_calloc;
  m.realloc = cm_realloc;
  return m;
}
