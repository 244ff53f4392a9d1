#include "util/hashmap.h"

#include <stdlib.h>
#include <string.h>

uint64_t acdr_hash_bytes(const void *p, size_t n) {
  /* FNV-1a with a final avalanche: cheap, good enough for ids. */
  const unsigned char *s = p;
  uint64_t h = 1469598103934665603ULL;
  size_t i;
  for (i = 0; i < n; i++) {
    h ^= s[i];
    h *= 1099511628211ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

uint64_t acdr_hash_str(const char *s) { return acdr_hash_bytes(s, strlen(s)); }

void acdr_map_init(acdr_map *m) { memset(m, 0, sizeof(*m)); }

void acdr_map_free(acdr_map *m, const acdr_mem *mem) {
  acdr_mem_free(mem, m->slots);
  acdr_map_init(m);
}

static void insert_slot(acdr_map_slot *slots, size_t cap, const char *key,
                        uint64_t hash, void *value) {
  size_t i = (size_t)hash & (cap - 1);
  while (slots[i].key) i = (i + 1) & (cap - 1);
  slots[i].key = key;
  slots[i].hash = hash;
  slots[i].value = value;
}

static int rehash(acdr_map *m, const acdr_mem *mem, size_t ncap) {
  acdr_map_slot *ns = acdr_mem_calloc(mem, ncap, sizeof(*ns));
  size_t i;
  if (!ns) return ACDR_ERR_NOMEM;
  for (i = 0; i < m->cap; i++)
    if (m->slots[i].key)
      insert_slot(ns, ncap, m->slots[i].key, m->slots[i].hash,
                  m->slots[i].value);
  acdr_mem_free(mem, m->slots);
  m->slots = ns;
  m->cap = ncap;
  return 0;
}

int acdr_map_reserve(acdr_map *m, const acdr_mem *mem, size_t extra) {
  size_t need = m->len + extra, ncap = m->cap ? m->cap : 16;
  /* load factor <= 3/4: linear probing with backward-shift deletion keeps
   * probe sequences short there, and the tables of agents and contacts
   * take a third less slot memory than at 1/2.  Output that must not
   * depend on slot order iterates acdr_map_sorted(). */
  while (need > ncap / 4 * 3) {
    if (ncap > SIZE_MAX / 4) return ACDR_ERR_NOMEM;
    ncap *= 2;
  }
  if (ncap == m->cap) return 0;
  return rehash(m, mem, ncap);
}

static size_t find(const acdr_map *m, const char *key, uint64_t h) {
  size_t i;
  if (!m->cap) return SIZE_MAX;
  i = (size_t)h & (m->cap - 1);
  while (m->slots[i].key) {
    if (m->slots[i].hash == h && strcmp(m->slots[i].key, key) == 0) return i;
    i = (i + 1) & (m->cap - 1);
  }
  return SIZE_MAX;
}

void *acdr_map_get(const acdr_map *m, const char *key) {
  size_t i = find(m, key, acdr_hash_str(key));
  return i == SIZE_MAX ? NULL : m->slots[i].value;
}

int acdr_map_put(acdr_map *m, const acdr_mem *mem, const char *key,
                 void *value) {
  uint64_t h = acdr_hash_str(key);
  size_t i = find(m, key, h);
  int rv;
  if (i != SIZE_MAX) {
    m->slots[i].key = key;
    m->slots[i].value = value;
    return 0;
  }
  if ((rv = acdr_map_reserve(m, mem, 1)) != 0) return rv;
  insert_slot(m->slots, m->cap, key, h, value);
  m->len++;
  return 0;
}

void *acdr_map_del(acdr_map *m, const char *key) {
  size_t i = find(m, key, acdr_hash_str(key)), j, k, mask;
  void *old;
  if (i == SIZE_MAX) return NULL;
  old = m->slots[i].value;
  mask = m->cap - 1;
  /* backward-shift deletion: no tombstones */
  j = i;
  for (;;) {
    j = (j + 1) & mask;
    if (!m->slots[j].key) break;
    k = (size_t)m->slots[j].hash & mask;
    /* move j into the hole at i unless its home k lies cyclically in
     * (i, j] */
    if ((i <= j) ? (i < k && k <= j) : (i < k || k <= j)) continue;
    m->slots[i] = m->slots[j];
    i = j;
  }
  m->slots[i].key = NULL;
  m->slots[i].value = NULL;
  m->len--;
  return old;
}

int acdr_map_next(const acdr_map *m, size_t *iter, const char **key,
                  void **value) {
  while (*iter < m->cap) {
    size_t i = (*iter)++;
    if (m->slots[i].key) {
      if (key) *key = m->slots[i].key;
      if (value) *value = m->slots[i].value;
      return 1;
    }
  }
  return 0;
}

static int slot_by_key(const void *x, const void *y) {
  return strcmp(((const acdr_map_slot *)x)->key,
                ((const acdr_map_slot *)y)->key);
}

int acdr_map_sorted(const acdr_map *m, const acdr_mem *mem,
                    acdr_map_slot **out) {
  size_t i, n = 0;
  *out = NULL;
  if (!m->len) return 0;
  if (!(*out = acdr_mem_malloc(mem, m->len * sizeof(**out))))
    return ACDR_ERR_NOMEM;
  for (i = 0; i < m->cap; i++)
    if (m->slots[i].key) (*out)[n++] = m->slots[i];
  qsort(*out, n, sizeof(**out), slot_by_key);
  return 0;
}
