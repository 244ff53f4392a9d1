/* SPDX-License-Identifier: MIT */
/* Allocator wrappers: every allocation of the library goes through the
 * engine's acdr_mem so hosts can count or fail allocations. */
#ifndef ACDR_UTIL_MEM_H
#define ACDR_UTIL_MEM_H

#include <stddef.h>
#include <acdroute/engine.h>

const acdr_mem *acdr_mem_default(void);

static inline void *acdr_mem_malloc(const acdr_mem *m, size_t n) {
  return m->malloc(n ? n : 1, m->user_data);
}
static inline void *acdr_mem_calloc(const acdr_mem *m, size_t k, size_t n) {
  return m->calloc(k ? k : 1, n ? n : 1, m->user_data);
}
static inline void *acdr_mem_realloc(const acdr_mem *m, void *p, size_t n) {
  return m->realloc(p, n ? n : 1, m->user_data);
}
static inline void acdr_mem_free(const acdr_mem *m, void *p) {
  if (p) m->free(p, m->user_data);
}
char *acdr_mem_strdup(const acdr_mem *m, const char *s);
char *acdr_mem_strndup(const acdr_mem *m, const char *s, size_t n);

/* Grow *arr (element size esz) so it holds at least `need` elements;
 * capacity doubles.  Returns 0 or ACDR_ERR_NOMEM (arr unchanged). */
int acdr_mem_grow(const acdr_mem *m, void **arr, size_t *cap, size_t need,
                  size_t esz);

#endif
