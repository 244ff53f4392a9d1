/* SPDX-License-Identifier: MIT */
/* The id hash map: SipHash against its reference vectors, a key of its
 * own per map, iteration in insertion order whatever the key, and ids
 * crafted to collide under a fixed hash spreading out anyway. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hashmap.h"

static const acdr_mem *mem(void) { return acdr_mem_default(); }

/* SipHash-2-4, key 00 01 .. 0f, message 00 01 .. (n-1): the vectors of
 * the SipHash paper's reference implementation, n = 0..63. */
static const uint64_t sip24[64] = {
    0x726fdb47dd0e0e31ULL, 0x74f839c593dc67fdULL, 0x0d6c8009d9a94f5aULL,
    0x85676696d7fb7e2dULL, 0xcf2794e0277187b7ULL, 0x18765564cd99a68dULL,
    0xcbc9466e58fee3ceULL, 0xab0200f58b01d137ULL, 0x93f5f5799a932462ULL,
    0x9e0082df0ba9e4b0ULL, 0x7a5dbbc594ddb9f3ULL, 0xf4b32f46226bada7ULL,
    0x751e8fbc860ee5fbULL, 0x14ea5627c0843d90ULL, 0xf723ca908e7af2eeULL,
    0xa129ca6149be45e5ULL, 0x3f2acc7f57c29bdbULL, 0x699ae9f52cbe4794ULL,
    0x4bc1b3f0968dd39cULL, 0xbb6dc91da77961bdULL, 0xbed65cf21aa2ee98ULL,
    0xd0f2cbb02e3b67c7ULL, 0x93536795e3a33e88ULL, 0xa80c038ccd5ccec8ULL,
    0xb8ad50c6f649af94ULL, 0xbce192de8a85b8eaULL, 0x17d835b85bbb15f3ULL,
    0x2f2e6163076bcfadULL, 0xde4daaaca71dc9a5ULL, 0xa6a2506687956571ULL,
    0xad87a3535c49ef28ULL, 0x32d892fad841c342ULL, 0x7127512f72f27cceULL,
    0xa7f32346f95978e3ULL, 0x12e0b01abb051238ULL, 0x15e034d40fa197aeULL,
    0x314dffbe0815a3b4ULL, 0x027990f029623981ULL, 0xcadcd4e59ef40c4dULL,
    0x9abfd8766a33735cULL, 0x0e3ea96b5304a7d0ULL, 0xad0c42d6fc585992ULL,
    0x187306c89bc215a9ULL, 0xd4a60abcf3792b95ULL, 0xf935451de4f21df2ULL,
    0xa9538f0419755787ULL, 0xdb9acddff56ca510ULL, 0xd06c98cd5c0975ebULL,
    0xe612a3cb9ecba951ULL, 0xc766e62cfcadaf96ULL, 0xee64435a9752fe72ULL,
    0xa192d576b245165aULL, 0x0a8787bf8ecb74b2ULL, 0x81b3e73d20b49b6fULL,
    0x7fa8220ba3b2eceaULL, 0x245731c13ca42499ULL, 0xb78dbfaf3a8d83bdULL,
    0xea1ad565322a1a0bULL, 0x60e61c23a3795013ULL, 0x6606d7e446282b93ULL,
    0x6ca4ecb15c5f91e1ULL, 0x9f626da15c9625f3ULL, 0xe51b38608ef25f57ULL,
    0x958a324ceb064572ULL};

/* SipHash-1-3 (what the map uses), all-zero key, message 00 .. (n-1),
 * from the reference implementation with cROUNDS=1, dROUNDS=3. */
static const uint64_t sip13[26] = {
    0xd1fba762150c532cULL, 0x68a914128e01e473ULL, 0x010bac45c41e3669ULL,
    0x4d4c9a4a8ef6e0adULL, 0x7cc43f98813e4dbdULL, 0x5abe2169dff36275ULL,
    0xe3c25f87624f1cdbULL, 0x2f098ab0c751325aULL, 0xead411e67ebe2eeaULL,
    0x75927f9d95124362ULL, 0xaf9f77a65ab51a1dULL, 0xfe64ce8b6617fcffULL,
    0xa6baf4fb0f9fe1c2ULL, 0xa0cf3211850f8e0dULL, 0x7f86049379fbfe67ULL,
    0xf30eb725bb91c9eaULL, 0x8972188433a5c5b7ULL, 0x4883c49a2c009c1dULL,
    0xadc2c0b63044067dULL, 0x091f4a3329f87d19ULL, 0x639e355ae68c0100ULL,
    0xb17bef2cb5213239ULL, 0xf8aeb1066236ccfeULL, 0x37332b1389daa4ffULL,
    0x31185a47af932f3aULL, 0xebf352e82ae23e2fULL};

static void siphash_reference_vectors(void **state) {
  unsigned char msg[64];
  uint64_t k0 = 0x0706050403020100ULL, k1 = 0x0f0e0d0c0b0a0908ULL;
  size_t i;
  (void)state;
  for (i = 0; i < 64; i++) msg[i] = (unsigned char)i;
  for (i = 0; i < 64; i++)
    assert_true(acdr_siphash(k0, k1, msg, i, 2, 4) == sip24[i]);
  for (i = 0; i < 26; i++) {
    assert_true(acdr_siphash(0, 0, msg, i, 1, 3) == sip13[i]);
    assert_true(acdr_siphash13(0, 0, msg, i) == sip13[i]);
  }
  /* the unrolled one agrees with the generic one under another key */
  for (i = 0; i < 64; i++)
    assert_true(acdr_siphash13(k0, k1, msg, i) ==
                acdr_siphash(k0, k1, msg, i, 1, 3));
}

static char *id(const char *prefix, size_t i) {
  char buf[64];
  snprintf(buf, sizeof(buf), "%s%zu", prefix, i);
  return strdup(buf);
}

static void free_ids(char **ids, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) free(ids[i]);
  free(ids);
}

/* Two maps holding the same ids hash them with different keys. */
static void each_map_has_its_own_key(void **state) {
  acdr_map a, b;
  int one = 1;
  (void)state;
  acdr_map_init(&a);
  acdr_map_init(&b);
  assert_int_equal(acdr_map_put(&a, mem(), "alice", &one), 0);
  assert_int_equal(acdr_map_put(&b, mem(), "alice", &one), 0);
  assert_false(a.k0 == b.k0 && a.k1 == b.k1);
  assert_true(a.ents[0].hash != b.ents[0].hash);
  assert_ptr_equal(acdr_map_get(&a, "alice"), &one);
  assert_ptr_equal(acdr_map_get(&b, "alice"), &one);
  acdr_map_free(&a, mem());
  acdr_map_free(&b, mem());
}

/* Iteration follows insertion (removals leave the others in place,
 * replacing keeps the place), through growth and compaction: what a
 * snapshot or a report lists cannot depend on the hash key. */
static void iteration_is_insertion_order(void **state) {
  enum { N = 5000 };
  char **ids = calloc(N, sizeof(*ids));
  acdr_map m;
  size_t i, it, n;
  const char *k;
  void *v;
  int round;
  (void)state;
  for (round = 0; round < 3; round++) {
    acdr_map_init(&m);
    for (i = 0; i < N; i++) {
      if (round == 0) ids[i] = id("contact-", (i * 7919) % N);
      assert_int_equal(acdr_map_put(&m, mem(), ids[i], ids[i]), 0);
    }
    /* drop two of every three, replace some, and churn a while */
    for (i = 0; i < N; i++)
      if (i % 3) assert_ptr_equal(acdr_map_del(&m, ids[i]), ids[i]);
    for (i = 0; i < N; i += 9)
      assert_int_equal(acdr_map_put(&m, mem(), ids[i], ids[i]), 0);
    for (i = 0; i < 20000; i++) {
      char *t = id("tmp-", i);
      assert_int_equal(acdr_map_put(&m, mem(), t, t), 0);
      assert_ptr_equal(acdr_map_del(&m, t), t);
      free(t);
    }
    n = 0;
    for (it = 0; acdr_map_next(&m, &it, &k, &v);) {
      assert_ptr_equal(k, ids[n]);
      assert_ptr_equal(v, ids[n]);
      n += 3;
    }
    assert_int_equal(n, (N + 2) / 3 * 3);
    assert_int_equal(m.len, (N + 2) / 3);
    for (i = 0; i < N; i++)
      assert_ptr_equal(acdr_map_get(&m, ids[i]), i % 3 ? NULL : ids[i]);
    acdr_map_free(&m, mem());
  }
  free_ids(ids, N);
}

/* Removing the entry a walk stands on does not derail the walk. */
static void remove_while_iterating(void **state) {
  enum { N = 300 };
  char **ids = calloc(N, sizeof(*ids));
  acdr_map m;
  size_t i, it, seen = 0;
  const char *k;
  void *v;
  (void)state;
  acdr_map_init(&m);
  for (i = 0; i < N; i++) {
    ids[i] = id("a", i);
    assert_int_equal(acdr_map_put(&m, mem(), ids[i], ids[i]), 0);
  }
  for (it = 0; acdr_map_next(&m, &it, &k, &v);) {
    assert_ptr_equal(k, ids[seen]);
    assert_ptr_equal(acdr_map_del(&m, k), v);
    seen++;
  }
  assert_int_equal(seen, N);
  assert_int_equal(m.len, 0);
  acdr_map_free(&m, mem());
  free_ids(ids, N);
}

/* The hash the map used before it was keyed: FNV-1a with a final mix. */
static uint64_t fixed_hash(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 1099511628211ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

/* Total distance of the entries from their home slots (the extra slots
 * a lookup of every entry reads). */
static size_t total_probe(const acdr_map *m) {
  size_t i, sum = 0, mask = m->cap - 1;
  for (i = 0; i < m->cap; i++)
    if (m->ix[i].ent) sum += (i - (m->ix[i].h & mask)) & mask;
  return sum;
}

/* 1,500 ids that all share one home slot under a fixed hash (as an
 * attacker who knows it would pick them) spread over the table: a lookup
 * reads about 2 extra slots on average (random hashing at this load:
 * ~1.9; the bound is 10).  With the fixed hash it reads ~750. */
static void crafted_ids_do_not_collide(void **state) {
  enum { N = 1500 };
  char **ids = calloc(N, sizeof(*ids));
  const uint64_t mask = 2048 - 1; /* a table of N entries has 2048 */
  acdr_map m;
  size_t n = 0, tries = 0;
  (void)state;
  while (n < N) {
    char buf[32];
    snprintf(buf, sizeof(buf), "c%zx", tries++);
    if ((fixed_hash(buf) & mask) == 0) ids[n++] = strdup(buf);
  }
  acdr_map_init(&m);
  for (n = 0; n < N; n++)
    assert_int_equal(acdr_map_put(&m, mem(), ids[n], ids[n]), 0);
  assert_int_equal(m.cap, mask + 1);
  if (getenv("H_SHOW")) print_message("probe %zu\n", total_probe(&m));
  assert_true(total_probe(&m) < 10 * N);
  for (n = 0; n < N; n++) assert_ptr_equal(acdr_map_get(&m, ids[n]), ids[n]);
  acdr_map_free(&m, mem());
  free_ids(ids, N);
}

/* Sorted output and a map that was never filled. */
static void sorted_and_empty(void **state) {
  acdr_map m;
  acdr_map_slot *s;
  (void)state;
  acdr_map_init(&m);
  assert_null(acdr_map_get(&m, "x"));
  assert_null(acdr_map_del(&m, "x"));
  assert_int_equal(acdr_map_sorted(&m, mem(), &s), 0);
  assert_null(s);
  assert_int_equal(acdr_map_put(&m, mem(), "b", NULL), 0);
  assert_int_equal(acdr_map_put(&m, mem(), "c", NULL), 0);
  assert_int_equal(acdr_map_put(&m, mem(), "a", NULL), 0);
  assert_int_equal(acdr_map_sorted(&m, mem(), &s), 0);
  assert_string_equal(s[0].key, "a");
  assert_string_equal(s[1].key, "b");
  assert_string_equal(s[2].key, "c");
  acdr_mem_free(mem(), s);
  acdr_map_free(&m, mem());
}

H_MAIN(T(siphash_reference_vectors), T(each_map_has_its_own_key),
       T(iteration_is_insertion_order), T(remove_while_iterating),
       T(crafted_ids_do_not_collide), T(sorted_and_empty))
