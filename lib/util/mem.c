/* SPDX-License-Identifier: MIT */
#include "util/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *def_malloc(size_t n, void *ud) { (void)ud; return malloc(n); }
static void def_free(void *p, void *ud) { (void)ud; free(p); }
static void *def_calloc(size_t k, size_t n, void *ud) {
  (void)ud;
  return calloc(k, n);
}
static void *def_realloc(void *p, size_t n, void *ud) {
  (void)ud;
  return realloc(p, n);
}

static const acdr_mem default_mem = {NULL, def_malloc, def_free, def_calloc,
                                     def_realloc};

const acdr_mem *acdr_mem_default(void) { return &default_mem; }

char *acdr_mem_strndup(const acdr_mem *m, const char *s, size_t n) {
  char *p = acdr_mem_malloc(m, n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *acdr_mem_strdup(const acdr_mem *m, const char *s) {
  return acdr_mem_strndup(m, s, strlen(s));
}

int acdr_mem_grow(const acdr_mem *m, void **arr, size_t *cap, size_t need,
                  size_t esz) {
  size_t ncap;
  void *p;
  if (need <= *cap) return 0;
  ncap = *cap ? *cap : 4;
  while (ncap < need) {
    if (ncap > SIZE_MAX / 2 / esz) return ACDR_ERR_NOMEM;
    ncap *= 2;
  }
  p = acdr_mem_realloc(m, *arr, ncap * esz);
  if (!p) return ACDR_ERR_NOMEM;
  *arr = p;
  *cap = ncap;
  return 0;
}
