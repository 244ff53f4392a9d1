/* SPDX-License-Identifier: MIT */
/* acdroute-sim: the simulator's event heap (binary min-heap on time, then
 * insertion order, so equal times are processed first in, first out). */
#include <stdlib.h>

#include "sim.h"

static int before(const sim_event *x, const sim_event *y) {
  return x->t < y->t || (x->t == y->t && x->seq < y->seq);
}

int heap_push(sim_heap *h, uint64_t t, uint32_t type, uint32_t a, uint32_t b,
              uint32_t gen) {
  if (h->n == h->cap) {
    size_t cap = h->cap ? h->cap * 2 : 1024;
    sim_event *v = realloc(h->v, cap * sizeof(*v));
    if (!v) return -1;
    h->v = v;
    h->cap = cap;
  }
  sim_event ev = {t, h->seq++, type, a, b, gen};
  size_t i = h->n++;
  while (i > 0) {
    size_t p = (i - 1) / 2;
    if (!before(&ev, &h->v[p])) break;
    h->v[i] = h->v[p];
    i = p;
  }
  h->v[i] = ev;
  return 0;
}

int heap_pop(sim_heap *h, sim_event *out) {
  if (h->n == 0) return 0;
  *out = h->v[0];
  sim_event last = h->v[--h->n];
  size_t i = 0, n = h->n;
  for (;;) {
    size_t l = 2 * i + 1, m = i;
    const sim_event *best = &last;
    if (l < n && before(&h->v[l], best)) { m = l; best = &h->v[l]; }
    if (l + 1 < n && before(&h->v[l + 1], best)) m = l + 1;
    if (m == i) break;
    h->v[i] = h->v[m];
    i = m;
  }
  if (n > 0) h->v[i] = last;
  return 1;
}

void heap_free(sim_heap *h) {
  free(h->v);
  h->v = NULL;
  h->n = h->cap = 0;
}
