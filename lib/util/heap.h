/* SPDX-License-Identifier: MIT */
/* Binary min-heap of pointers with position tracking, so an element can be
 * removed or re-keyed in O(log n).  `less(a, b)` must be a strict total
 * order (break ties on a unique key) so that results never depend on
 * insertion order: a rebuilt heap makes the same decisions. */
#ifndef ACDR_UTIL_HEAP_H
#define ACDR_UTIL_HEAP_H

#include <stddef.h>
#include "util/mem.h"

typedef int (*acdr_heap_less)(const void *a, const void *b);
typedef void (*acdr_heap_setidx)(void *item, size_t idx);

#define ACDR_HEAP_NONE ((size_t)-1)

typedef struct acdr_heap {
  void **items;
  size_t len, cap;
  acdr_heap_less less;
  acdr_heap_setidx setidx;
} acdr_heap;

void acdr_heap_init(acdr_heap *h, acdr_heap_less less, acdr_heap_setidx si);
void acdr_heap_free(acdr_heap *h, const acdr_mem *mem);
int acdr_heap_reserve(acdr_heap *h, const acdr_mem *mem, size_t extra);
/* Push; fails only with ACDR_ERR_NOMEM (nothing changed). */
int acdr_heap_push(acdr_heap *h, const acdr_mem *mem, void *item);
static inline void *acdr_heap_top(const acdr_heap *h) {
  return h->len ? h->items[0] : NULL;
}
void *acdr_heap_pop(acdr_heap *h);
/* Remove the item at index idx (as recorded by setidx). */
void acdr_heap_remove(acdr_heap *h, size_t idx);
/* The key of the item at idx changed. */
void acdr_heap_update(acdr_heap *h, size_t idx);

#endif
