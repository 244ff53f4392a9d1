/* SPDX-License-Identifier: MIT */
#include "util/heap.h"

void acdr_heap_init(acdr_heap *h, acdr_heap_less less, acdr_heap_setidx si) {
  h->items = NULL;
  h->len = h->cap = 0;
  h->less = less;
  h->setidx = si;
}

void acdr_heap_free(acdr_heap *h, const acdr_mem *mem) {
  acdr_mem_free(mem, h->items);
  h->items = NULL;
  h->len = h->cap = 0;
}

int acdr_heap_reserve(acdr_heap *h, const acdr_mem *mem, size_t extra) {
  return acdr_mem_grow(mem, (void **)&h->items, &h->cap, h->len + extra,
                       sizeof(void *));
}

static void place(acdr_heap *h, size_t i, void *it) {
  h->items[i] = it;
  h->setidx(it, i);
}

static void sift_up(acdr_heap *h, size_t i) {
  void *it = h->items[i];
  while (i > 0) {
    size_t p = (i - 1) / 2;
    if (!h->less(it, h->items[p])) break;
    place(h, i, h->items[p]);
    i = p;
  }
  place(h, i, it);
}

static void sift_down(acdr_heap *h, size_t i) {
  void *it = h->items[i];
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, m = i;
    void *best = it;
    if (l < h->len && h->less(h->items[l], best)) { m = l; best = h->items[l]; }
    if (r < h->len && h->less(h->items[r], best)) { m = r; best = h->items[r]; }
    if (m == i) break;
    place(h, i, best);
    i = m;
  }
  place(h, i, it);
}

int acdr_heap_push(acdr_heap *h, const acdr_mem *mem, void *item) {
  int rv = acdr_heap_reserve(h, mem, 1);
  if (rv) return rv;
  h->items[h->len++] = item;
  sift_up(h, h->len - 1);
  return 0;
}

void acdr_heap_remove(acdr_heap *h, size_t idx) {
  void *gone = h->items[idx];
  h->len--;
  if (idx != h->len) {
    h->items[idx] = h->items[h->len];
    h->setidx(h->items[idx], idx);
    acdr_heap_update(h, idx);
  }
  h->setidx(gone, ACDR_HEAP_NONE);
}

void *acdr_heap_pop(acdr_heap *h) {
  void *top;
  if (!h->len) return NULL;
  top = h->items[0];
  acdr_heap_remove(h, 0);
  return top;
}

void acdr_heap_update(acdr_heap *h, size_t idx) {
  if (idx > 0 && h->less(h->items[idx], h->items[(idx - 1) / 2]))
    sift_up(h, idx);
  else
    sift_down(h, idx);
}
