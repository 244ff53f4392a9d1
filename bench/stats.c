/* Clock, percentiles and the counting allocator. */
#include "bench.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* ---- counting allocator: a 16-byte header keeps the size ---- */

#define HDR 16u

static void count(bench_counter *c, int64_t delta) {
  c->live += delta;
  if (c->live > c->peak) c->peak = c->live;
  c->calls++;
}

static void *cm_malloc(size_t n, void *ud) {
  unsigned char *p = malloc(n + HDR);
  if (!p) return NULL;
  memcpy(p, &n, sizeof(n));
  count(ud, (int64_t)n);
  return p + HDR;
}

static void cm_free(void *ptr, void *ud) {
  unsigned char *p;
  size_t n;
  if (!ptr) return;
  p = (unsigned char *)ptr - HDR;
  memcpy(&n, p, sizeof(n));
  count(ud, -(int64_t)n);
  free(p);
}

static void *cm_calloc(size_t k, size_t n, void *ud) {
  void *p;
  if (n && k > (SIZE_MAX - HDR) / n) return NULL;
  p = cm_malloc(k * n, ud);
  if (p) memset(p, 0, k * n);
  return p;
}

static void *cm_realloc(void *ptr, size_t n, void *ud) {
  unsigned char *p, *q;
  size_t old;
  if (!ptr) return cm_malloc(n, ud);
  p = (unsigned char *)ptr - HDR;
  memcpy(&old, p, sizeof(old));
  q = realloc(p, n + HDR);
  if (!q) return NULL;
  memcpy(q, &n, sizeof(n));
  count(ud, (int64_t)n - (int64_t)old);
  return q + HDR;
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
