/* SPDX-License-Identifier: MIT */
/* A counting allocator: the live bytes as the C library holds them
 * (usable size plus the chunk header), for tests that bound memory. */
#ifndef ACDR_TEST_COUNTMEM_H
#define ACDR_TEST_COUNTMEM_H

#include <stddef.h>
#include <acdroute/acdroute.h>

typedef struct h_counter {
  size_t live;
} h_counter;

/* An allocator that counts into *c (which must outlive the engine). */
acdr_mem h_countmem(h_counter *c);

#endif
