/* SPDX-License-Identifier: MIT */
#include "util/hashmap.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* ---- SipHash (Aumasson and Bernstein), written from the paper ---- */

static uint64_t rotl(uint64_t x, int b) {
  return (x << b) | (x >> (64 - b));
}

static uint64_t load_le64(const unsigned char *p) {
  return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
         (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
         (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

#define SIPROUND                                   \
  do {                                             \
    v0 += v1;                                      \
    v1 = rotl(v1, 13);                             \
    v1 ^= v0;                                      \
    v0 = rotl(v0, 32);                             \
    v2 += v3;                                      \
    v3 = rotl(v3, 16);                             \
    v3 ^= v2;                                      \
    v0 += v3;                                      \
    v3 = rotl(v3, 21);                             \
    v3 ^= v0;                                      \
    v2 += v1;                                      \
    v1 = rotl(v1, 17);                             \
    v1 ^= v2;                                      \
    v2 = rotl(v2, 32);                             \
  } while (0)

uint64_t acdr_siphash(uint64_t k0, uint64_t k1, const void *p, size_t n,
                      int c, int d) {
  const unsigned char *s = p;
  uint64_t v0 = k0 ^ 0x736f6d6570736575ULL, v1 = k1 ^ 0x646f72616e646f6dULL;
  uint64_t v2 = k0 ^ 0x6c7967656e657261ULL, v3 = k1 ^ 0x7465646279746573ULL;
  uint64_t b = (uint64_t)n << 56, mw;
  size_t i, full = n & ~(size_t)7;
  int r;
  for (i = 0; i < full; i += 8) {
    mw = load_le64(s + i);
    v3 ^= mw;
    for (r = 0; r < c; r++) SIPROUND;
    v0 ^= mw;
  }
  for (r = 0; i + (size_t)r < n; r++) b |= (uint64_t)s[i + (size_t)r] << (8 * r);
  v3 ^= b;
  for (r = 0; r < c; r++) SIPROUND;
  v0 ^= b;
  v2 ^= 0xff;
  for (r = 0; r < d; r++) SIPROUND;
  return v0 ^ v1 ^ v2 ^ v3;
}

/* SipHash-1-3 with the rounds written out: the map's hot path (every id
 * lookup); same result as acdr_siphash(k0, k1, p, n, 1, 3). */
uint64_t acdr_siphash13(uint64_t k0, uint64_t k1, const void *p, size_t n) {
  const unsigned char *s = p;
  uint64_t v0 = k0 ^ 0x736f6d6570736575ULL, v1 = k1 ^ 0x646f72616e646f6dULL;
  uint64_t v2 = k0 ^ 0x6c7967656e657261ULL, v3 = k1 ^ 0x7465646279746573ULL;
  uint64_t b = (uint64_t)n << 56, mw;
  size_t i, full = n & ~(size_t)7;
  for (i = 0; i < full; i += 8) {
    memcpy(&mw, s + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    mw = load_le64(s + i);
#endif
    v3 ^= mw;
    SIPROUND;
    v0 ^= mw;
  }
  switch (n & 7) {
    case 7: b |= (uint64_t)s[i + 6] << 48; /* fall through */
    case 6: b |= (uint64_t)s[i + 5] << 40; /* fall through */
    case 5: b |= (uint64_t)s[i + 4] << 32; /* fall through */
    case 4: b |= (uint64_t)s[i + 3] << 24; /* fall through */
    case 3: b |= (uint64_t)s[i + 2] << 16; /* fall through */
    case 2: b |= (uint64_t)s[i + 1] << 8;  /* fall through */
    case 1: b |= (uint64_t)s[i]; break;
    default: break;
  }
  v3 ^= b;
  SIPROUND;
  v0 ^= b;
  v2 ^= 0xff;
  SIPROUND;
  SIPROUND;
  SIPROUND;
  return v0 ^ v1 ^ v2 ^ v3;
}

static uint64_t key_hash(const acdr_map *m, const char *key) {
  return acdr_siphash13(m->k0, m->k1, key, strlen(key));
}

/* splitmix64's finaliser: spreads every input bit over the output */
static uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* Distinct per map and per process run without reading a clock or a
 * device: ASLR randomises the stack, the heap and the library's image; the counter
 * separates maps that reuse an address. */
void acdr_hash_key_new(const void *owner, const void *heap, uint64_t *k0,
                       uint64_t *k1) {
  static atomic_uint_fast64_t counter;
  uint64_t n = (uint64_t)atomic_fetch_add(&counter, 1);
  uintptr_t stack = (uintptr_t)(const void *)&n;
  uintptr_t image = (uintptr_t)(const void *)&counter;
  *k0 = mix64((uint64_t)(uintptr_t)owner ^ mix64(n + 0x9e3779b97f4a7c15ULL));
  *k1 = mix64((uint64_t)stack ^ mix64((uint64_t)image ^ *k0) ^
              (uint64_t)(uintptr_t)heap);
}

static void choose_key(acdr_map *m, const void *heap) {
  acdr_hash_key_new(m, heap, &m->k0, &m->k1);
}

/* ---- the map ---- */

void acdr_map_init(acdr_map *m) { memset(m, 0, sizeof(*m)); }

void acdr_map_free(acdr_map *m, const acdr_mem *mem) {
  acdr_mem_free(mem, m->ents);
  acdr_mem_free(mem, m->ix);
  acdr_map_init(m);
}

static size_t ents_cap(size_t cap) { return cap / 4 * 3; }

static void ix_put(acdr_map_ix *ix, size_t cap, uint32_t h, size_t ent) {
  size_t i = h & (cap - 1);
  while (ix[i].ent) i = (i + 1) & (cap - 1);
  ix[i].ent = (uint32_t)(ent + 1);
  ix[i].h = h;
}

/* Squeeze the holes out of ents[] (order kept) and rebuild the index
 * ix[] of cap slots over them. */
static void rebuild(acdr_map *m, acdr_map_slot *ents, acdr_map_ix *ix,
                    size_t cap) {
  size_t i, n = 0;
  for (i = 0; i < m->nents; i++)
    if (m->ents[i].key) ents[n++] = m->ents[i];
  memset(ix, 0, cap * sizeof(*ix));
  for (i = 0; i < n; i++) ix_put(ix, cap, (uint32_t)ents[i].hash, i);
  m->nents = n;
}

int acdr_map_reserve(acdr_map *m, const acdr_mem *mem, size_t extra) {
  size_t need, ncap = m->cap ? m->cap : 16;
  acdr_map_slot *ne;
  acdr_map_ix *nx;
  if (extra > SIZE_MAX - m->nents) return ACDR_ERR_NOMEM;
  if (m->nents + extra <= ents_cap(m->cap)) return 0;
  need = m->len + extra;
  if (m->cap && need <= ents_cap(m->cap) / 2) {
    /* at least half holes: compact in place, no memory needed */
    rebuild(m, m->ents, m->ix, m->cap);
    return 0;
  }
  while (need > ents_cap(ncap)) {
    /* the index keeps 32-bit entry numbers and hash bits */
    if (ncap >= ((size_t)1 << 31)) return ACDR_ERR_NOMEM;
    ncap *= 2;
  }
  ne = acdr_mem_malloc(mem, ents_cap(ncap) * sizeof(*ne));
  nx = acdr_mem_malloc(mem, ncap * sizeof(*nx));
  if (!ne || !nx) {
    acdr_mem_free(mem, ne);
    acdr_mem_free(mem, nx);
    return ACDR_ERR_NOMEM;
  }
  if (!m->cap) choose_key(m, ne);
  rebuild(m, ne, nx, ncap);
  acdr_mem_free(mem, m->ents);
  acdr_mem_free(mem, m->ix);
  m->ents = ne;
  m->ix = nx;
  m->cap = ncap;
  return 0;
}

/* Index slot of key, or SIZE_MAX. */
static size_t find(const acdr_map *m, const char *key, uint32_t h) {
  size_t i, mask = m->cap - 1;
  if (!m->cap) return SIZE_MAX;
  for (i = h & mask; m->ix[i].ent; i = (i + 1) & mask)
    if (m->ix[i].h == h && strcmp(m->ents[m->ix[i].ent - 1].key, key) == 0)
      return i;
  return SIZE_MAX;
}

void *acdr_map_get(const acdr_map *m, const char *key) {
  size_t i;
  if (!m->len) return NULL;
  i = find(m, key, (uint32_t)key_hash(m, key));
  return i == SIZE_MAX ? NULL : m->ents[m->ix[i].ent - 1].value;
}

int acdr_map_put(acdr_map *m, const acdr_mem *mem, const char *key,
                 void *value) {
  uint64_t h = 0;
  size_t i;
  int rv, keyed = m->cap != 0;
  if (keyed) {
    h = key_hash(m, key);
    if ((i = find(m, key, (uint32_t)h)) != SIZE_MAX) {
      acdr_map_slot *s = &m->ents[m->ix[i].ent - 1];
      s->key = key;
      s->value = value;
      return 0;
    }
  }
  /* the first allocation chooses the key: hash after it */
  if ((rv = acdr_map_reserve(m, mem, 1)) != 0) return rv;
  if (!keyed) h = key_hash(m, key);
  m->ents[m->nents].key = key;
  m->ents[m->nents].hash = h;
  m->ents[m->nents].value = value;
  ix_put(m->ix, m->cap, (uint32_t)h, m->nents);
  m->nents++;
  m->len++;
  return 0;
}

void *acdr_map_del(acdr_map *m, const char *key) {
  size_t i, j, k, mask, ent;
  void *old;
  if (!m->len || (i = find(m, key, (uint32_t)key_hash(m, key))) == SIZE_MAX)
    return NULL;
  ent = m->ix[i].ent - 1;
  old = m->ents[ent].value;
  m->ents[ent].key = NULL;
  m->ents[ent].value = NULL;
  /* trailing holes are free room again (a stack-like table never
   * compacts) */
  while (m->nents && !m->ents[m->nents - 1].key) m->nents--;
  mask = m->cap - 1;
  /* backward-shift deletion: no tombstones in the index */
  j = i;
  for (;;) {
    j = (j + 1) & mask;
    if (!m->ix[j].ent) break;
    k = m->ix[j].h & mask;
    /* move j into the hole at i unless its home k lies cyclically in
     * (i, j] */
    if ((i <= j) ? (i < k && k <= j) : (i < k || k <= j)) continue;
    m->ix[i] = m->ix[j];
    i = j;
  }
  m->ix[i].ent = 0;
  m->ix[i].h = 0;
  m->len--;
  return old;
}

int acdr_map_next(const acdr_map *m, size_t *iter, const char **key,
                  void **value) {
  while (*iter < m->nents) {
    size_t i = (*iter)++;
    if (m->ents[i].key) {
      if (key) *key = m->ents[i].key;
      if (value) *value = m->ents[i].value;
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
  for (i = 0; i < m->nents; i++)
    if (m->ents[i].key) (*out)[n++] = m->ents[i];
  qsort(*out, n, sizeof(**out), slot_by_key);
  return 0;
}
