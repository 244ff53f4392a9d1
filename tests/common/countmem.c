/* SPDX-License-Identifier: MIT */
#include "countmem.h"

#include <malloc.h>
#include <stdlib.h>

/* glibc: the usable size plus the chunk header */
static size_t chunk(void *p) { return p ? malloc_usable_size(p) + 8 : 0; }

static void *c_malloc(size_t n, void *ud) {
  void *p = malloc(n);
  ((h_counter *)ud)->live += chunk(p);
  return p;
}
static void c_free(void *p, void *ud) {
  ((h_counter *)ud)->live -= chunk(p);
  free(p);
}
static void *c_calloc(size_t n, size_t sz, void *ud) {
  void *p = calloc(n, sz);
  ((h_counter *)ud)->live += chunk(p);
  return p;
}
static void *c_realloc(void *p, size_t n, void *ud) {
  size_t old = chunk(p);
  void *q = realloc(p, n);
  if (q || !n) {
    ((h_counter *)ud)->live -= old;
    ((h_counter *)ud)->live += chunk(q);
  }
  return q;
}

acdr_mem h_countmem(h_counter *c) {
  return (acdr_mem){c, c_malloc, c_free, c_calloc, c_realloc};
}
