/* SPDX-License-Identifier: MIT */
/* String-keyed hash map.  Keys are borrowed: the caller keeps them alive
 * while they are in the map (usually the id string of the stored object).
 *
 * Layout: the entries live in a dense array in insertion order (a removed
 * entry leaves a hole until the next compaction); the open-addressing
 * index (linear probing, backward-shift deletion, load <= 3/4) holds
 * 8-byte slots: an entry number and 32 bits of the hash.  Iteration walks
 * the entries, so its order is the insertion order of the live keys: it
 * depends on the history of the table, never on the hash or its key.
 *
 * Hash: SipHash-1-3 keyed per map.  Ids come from outside (callers,
 * customers, configuration), so an unkeyed hash would let anyone who
 * knows it pick ids that all land in one probe run.  The key is chosen
 * when the map first allocates, from the map's address, a stack address,
 * a static address (all randomised by ASLR), its first allocation and a process-wide counter; the
 * library reads no clock, file or random device.  Nothing observable
 * depends on the key. */
#ifndef ACDR_UTIL_HASHMAP_H
#define ACDR_UTIL_HASHMAP_H

#include <stddef.h>
#include <stdint.h>
#include "util/mem.h"

/* An entry (also what acdr_map_sorted returns). */
typedef struct acdr_map_slot {
  const char *key; /* NULL = removed (a hole until compaction) */
  uint64_t hash;
  void *value;
} acdr_map_slot;

/* One index slot: entry number + 1 (0 = empty) and the low hash bits. */
typedef struct acdr_map_ix {
  uint32_t ent;
  uint32_t h;
} acdr_map_ix;

typedef struct acdr_map {
  acdr_map_slot *ents; /* cap / 4 * 3 of them, nents used (holes too) */
  acdr_map_ix *ix;     /* cap slots */
  size_t cap;          /* power of two or 0 */
  size_t len;          /* live entries */
  size_t nents;
  uint64_t k0, k1;     /* SipHash key, set at the first allocation */
} acdr_map;

/* SipHash-c-d of n bytes with key (k0, k1) (little-endian key words as
 * in the reference: k0 = bytes 0..7 of the 16-byte key).  The map uses
 * c=1, d=3; the reference vectors are for 2-4. */
uint64_t acdr_siphash(uint64_t k0, uint64_t k1, const void *p, size_t n,
                      int c, int d);

/* The same with c=1, d=3, rounds unrolled (what the map uses). */
uint64_t acdr_siphash13(uint64_t k0, uint64_t k1, const void *p, size_t n);

/* A fresh SipHash key for a table of outside ids that is not an acdr_map
 * (`owner`: the table's address, `heap`: its first allocation).  Distinct
 * per call and per process run; reads no clock or device. */
void acdr_hash_key_new(const void *owner, const void *heap, uint64_t *k0,
                       uint64_t *k1);

void acdr_map_init(acdr_map *m);
void acdr_map_free(acdr_map *m, const acdr_mem *mem);
/* Make room so `extra` more inserts cannot fail. */
int acdr_map_reserve(acdr_map *m, const acdr_mem *mem, size_t extra);
void *acdr_map_get(const acdr_map *m, const char *key);
/* Insert or replace.  Returns 0 or ACDR_ERR_NOMEM (map unchanged).  A
 * replaced key keeps its place in the iteration order. */
int acdr_map_put(acdr_map *m, const acdr_mem *mem, const char *key,
                 void *value);
/* Remove; returns the old value or NULL.  Never allocates; safe inside
 * an acdr_map_next loop (it leaves a hole, the walk goes on). */
void *acdr_map_del(acdr_map *m, const char *key);

/* The entries sorted by key (strcmp), in a new array of m->len slots to
 * free with acdr_mem_free (NULL when the map is empty).  Returns 0 or
 * ACDR_ERR_NOMEM. */
int acdr_map_sorted(const acdr_map *m, const acdr_mem *mem,
                    acdr_map_slot **out);

/* Iterate in insertion order:
 *   for (size_t i = 0; acdr_map_next(m, &i, &k, &v);) */
int acdr_map_next(const acdr_map *m, size_t *iter, const char **key,
                  void **value);

#endif
