/* SPDX-License-Identifier: MIT */
/* A failing allocator for tests: counts allocations, fails the k-th one,
 * counts outstanding blocks so leaks show. */
#ifndef ACDR_TEST_FAILMEM_H
#define ACDR_TEST_FAILMEM_H

#include <acdroute/acdroute.h>

typedef struct failmem {
  long count;   /* allocations so far (not counted while paused) */
  long fail_at; /* fail this one (0 = never) */
  long live;    /* outstanding blocks */
  int failed;   /* set once the failure was injected */
  int paused;   /* 1: neither count nor fail */
} failmem;

/* Fill *mem with allocator hooks that use *fm. */
void failmem_init(failmem *fm, acdr_mem *mem, long fail_at);

#endif
