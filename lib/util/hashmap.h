/* String-keyed hash map (open addressing, linear probing, backward-shift
 * deletion).  Keys are borrowed: the caller keeps them alive while they
 * are in the map (usually the id string of the stored object). */
#ifndef ACDR_UTIL_HASHMAP_H
#define ACDR_UTIL_HASHMAP_H

#include <stddef.h>
#include <stdint.h>
#include "util/mem.h"

typedef struct acdr_map_slot {
  const char *key; /* NULL = empty */
  uint64_t hash;
  void *value;
} acdr_map_slot;

typedef struct acdr_map {
  acdr_map_slot *slots;
  size_t cap; /* power of two or 0 */
  size_t len;
} acdr_map;

uint64_t acdr_hash_str(const char *s);
uint64_t acdr_hash_bytes(const void *p, size_t n);

void acdr_map_init(acdr_map *m);
void acdr_map_free(acdr_map *m, const acdr_mem *mem);
/* Make room so `extra` more inserts cannot fail. */
int acdr_map_reserve(acdr_map *m, const acdr_mem *mem, size_t extra);
void *acdr_map_get(const acdr_map *m, const char *key);
/* Insert or replace.  Returns 0 or ACDR_ERR_NOMEM (map unchanged). */
int acdr_map_put(acdr_map *m, const acdr_mem *mem, const char *key,
                 void *value);
/* Remove; returns the old value or NULL. */
void *acdr_map_del(acdr_map *m, const char *key);

/* The entries sorted by key (strcmp), in a new array of m->len slots to
 * free with acdr_mem_free (NULL when the map is empty).  For output whose
 * order must not depend on the history of the table (hash slot order
 * does).  Returns 0 or ACDR_ERR_NOMEM. */
int acdr_map_sorted(const acdr_map *m, const acdr_mem *mem,
                    acdr_map_slot **out);

/* Iterate: for (size_t i = 0; acdr_map_next(m, &i, &k, &v);) */
int acdr_map_next(const acdr_map *m, size_t *iter, const char **key,
                  void **value);

#endif
