/* SPDX-License-Identifier: MIT */
#include "failmem.h"

#include <stdlib.h>
#include <string.h>

static int should_fail(failmem *f) {
  if (f->paused) return 0;
  f->count++;
  if (f->fail_at && f->count == f->fail_at) {
    f->failed = 1;
    return 1;
  }
  return 0;
}

static void *fm_malloc(size_t n, void *ud) {
  void *p;
  if (should_fail(ud)) return NULL;
  p = malloc(n);
  if (p) ((failmem *)ud)->live++;
  return p;
}

static void *fm_calloc(size_t k, size_t n, void *ud) {
  void *p;
  if (should_fail(ud)) return NULL;
  p = calloc(k, n);
  if (p) ((failmem *)ud)->live++;
  return p;
}

static void *fm_realloc(void *old, size_t n, void *ud) {
  void *p;
  if (should_fail(ud)) return NULL;
  p = realloc(old, n);
  if (p && !old) ((failmem *)ud)->live++;
  return p;
}

static void fm_free(void *p, void *ud) {
  if (p) ((failmem *)ud)->live--;
  free(p);
}

void failmem_init(failmem *fm, acdr_mem *mem, long fail_at) {
  memset(fm, 0, sizeof(*fm));
  fm->fail_at = fail_at;
  mem->user_data = fm;
  mem->malloc = fm_malloc;
  mem->free = fm_free;
  mem->calloc = fm_calloc;
  mem->realloc = fm_realloc;
}
