/* SPDX-License-Identifier: MIT */
/*
 * Versioned public structs: how many bytes each struct version has, and
 * the conversions between a caller's version and the latest layout (the
 * ngtcp2 settingslen_version / settings_convert_to_latest /
 * settings_convert_to_old pattern).
 *
 * A program built against an older header passes (or receives) a struct
 * that may be shorter than the library's latest one.  Every public
 * `*_versioned` entry point therefore goes through this file at its top:
 *
 *   - input structs (definitions, options, vtables): ACDR_STRUCT_IN copies
 *     the first len(v) bytes of the caller's struct over a defaulted latest
 *     struct, points the parameter at that copy and sets the version to
 *     the latest, so the rest of the function only ever sees the latest
 *     layout;
 *   - output structs (*_get, *_get_info, metrics): ACDR_STRUCT_OUT calls
 *     the function again with the latest version into a local latest
 *     struct and copies the first len(v) bytes back out;
 *   - *_default_versioned: acdr_struct_default_old fills an old struct
 *     from the latest defaults.
 *
 * An unknown version is passed through untouched: the entry point's own
 * check (`version != ACDR_..._VERSION`) rejects it with ACDR_ERR_VERSION,
 * with its usual message and in its usual order of checks.
 *
 * docs/abi.md ("Adding a struct version") says how a V2 is added.
 */
#ifndef ACDR_UTIL_STRUCTLEN_H
#define ACDR_UTIL_STRUCTLEN_H

#include <stddef.h>

#include <acdroute/engine.h>

#include "util/mem.h"

/* Highest version number any row of the table may have. */
#define ACDR_STRUCT_MAX_VERSION 4

/* Biggest latest-layout struct the generic helpers buffer on the stack. */
#define ACDR_STRUCT_BUF_MAX 1024

/* Bytes of struct type T up to the end of field F: the length of the
 * version whose last field is F. */
#define ACDR_STRUCT_LEN_TO(T, F) (offsetof(T, F) + sizeof(((T *)0)->F))

typedef struct acdr_struct_ver {
  size_t len;    /* bytes the version has: offsetof-end of its last field;
                    0 = no such version */
  size_t stride; /* sizeof the struct as that version declared it (array
                    element size); >= len */
} acdr_struct_ver;

typedef struct acdr_struct_desc {
  const char *name;       /* "acdr_agent_def" */
  int latest;             /* the library's version (ACDR_..._VERSION) */
  size_t size;            /* sizeof the latest layout */
  /* fills a latest-layout struct with its defaults; NULL: all zero */
  void (*fill_default)(void *latest);
  acdr_struct_ver v[ACDR_STRUCT_MAX_VERSION + 1]; /* indexed by version */
} acdr_struct_desc;

/* One descriptor per public versioned struct, defined by the folder that
 * owns the struct (the rows of "the table"; ACDR_STRUCT(KIND) names one):
 * lib/core/versions.c, lib/policies/versions.c, lib/metrics/versions.c,
 * lib/disposition/versions.c, lib/erlang/erlang.c, lib/customers/api.c. */
extern const acdr_struct_desc acdr_struct_OPTIONS;
extern const acdr_struct_desc acdr_struct_CALLBACKS;
extern const acdr_struct_desc acdr_struct_AGENT_DEF;
extern const acdr_struct_desc acdr_struct_AGENT_INFO;
extern const acdr_struct_desc acdr_struct_QUEUE_DEF;
extern const acdr_struct_desc acdr_struct_QUEUE_INFO;
extern const acdr_struct_desc acdr_struct_CONTACT_DEF;
extern const acdr_struct_desc acdr_struct_CONTACT_INFO;
extern const acdr_struct_desc acdr_struct_HOURS;
extern const acdr_struct_desc acdr_struct_STRATEGY;
extern const acdr_struct_desc acdr_struct_METRICS_OPTIONS;
extern const acdr_struct_desc acdr_struct_METRICS;
extern const acdr_struct_desc acdr_struct_DISPO_CODE;
extern const acdr_struct_desc acdr_struct_DISPO_RECORD;
extern const acdr_struct_desc acdr_struct_DISPO_RULE;
extern const acdr_struct_desc acdr_struct_DISPO_STATS;
extern const acdr_struct_desc acdr_struct_ERLANG_RESULT;
extern const acdr_struct_desc acdr_struct_CUSTOMER_CONTACT;
extern const acdr_struct_desc acdr_struct_MEMBER_DEF;
#define ACDR_STRUCT(KIND) (&acdr_struct_##KIND)

/* Writing a row: version V of type T ends at field LAST; its stride is the
 * size the struct had when V was the latest (len rounded up to T's
 * alignment; if a later version ever raises the alignment of T, write that
 * row's stride as an expression of the old fields instead). */
#define ACDR_STRUCT_ROUND_UP(n, a) (((n) + (a) - 1) / (a) * (a))
#define ACDR_STRUCT_ROW(T, LAST)                                             \
  {ACDR_STRUCT_LEN_TO(T, LAST),                                              \
   ACDR_STRUCT_ROUND_UP(ACDR_STRUCT_LEN_TO(T, LAST), _Alignof(T))}
#define ACDR_STRUCT_DESC(T, LATEST, DEF) #T, LATEST, sizeof(T), DEF
/* The latest row of each type must name the struct's true last field:
 * rounded up it gives sizeof (no field after it). */
#define ACDR_STRUCT_LATEST_ENDS_AT(T, LAST)                                  \
  _Static_assert(ACDR_STRUCT_ROUND_UP(ACDR_STRUCT_LEN_TO(T, LAST),          \
                                      _Alignof(T)) == sizeof(T),            \
                 #T ": the latest row does not end at the last field");     \
  _Static_assert(sizeof(T) <= ACDR_STRUCT_BUF_MAX,                           \
                 #T ": raise ACDR_STRUCT_BUF_MAX")

/* The descriptor of a struct with one version so far: V1 (= latest) ends
 * at field LAST; with ACDR_STRUCT_V1_DEFAULTS the latest defaults come
 * from the public T_default_versioned.  A V2 replaces the line with a
 * descriptor written out (docs/abi.md). */
#define ACDR_STRUCT_V1(KIND, T, LAST, FILL)                                  \
  ACDR_STRUCT_LATEST_ENDS_AT(T, LAST);                                       \
  const acdr_struct_desc acdr_struct_##KIND = {                              \
      ACDR_STRUCT_DESC(T, ACDR_##KIND##_VERSION, FILL),                      \
      {[ACDR_##KIND##_V1] = ACDR_STRUCT_ROW(T, LAST)}}
#define ACDR_STRUCT_V1_DEFAULTS(KIND, T, LAST)                               \
  static void acdr_fill_##KIND(void *p) {                                   \
    T##_default_versioned(ACDR_##KIND##_VERSION, (T *)p);                    \
  }                                                                          \
  ACDR_STRUCT_V1(KIND, T, LAST, acdr_fill_##KIND)

/* Bytes of version `version`, 0 if the version is unknown. */
size_t acdr_struct_len(const acdr_struct_desc *d, int version);
/* Array element size of version `version`, 0 if unknown. */
size_t acdr_struct_stride(const acdr_struct_desc *d, int version);
/* 1 if `version` is known and older than the latest. */
int acdr_struct_is_old(const acdr_struct_desc *d, int version);

/*
 * acdr_struct_convert_to_latest - the caller's struct `src` of version
 * *pversion as a latest-layout struct.  If the version is older than the
 * latest, sets *pversion to the latest version and returns NULL for a
 * NULL src (the entry point reports it), else fills `buf` (d->size bytes)
 * with the latest defaults, copies the first len(old version) bytes of
 * src over it and returns buf.  Otherwise (latest or unknown version)
 * returns src and leaves *pversion alone.
 */
const void *acdr_struct_convert_to_latest(const acdr_struct_desc *d,
                                          void *buf, int *pversion,
                                          const void *src);

/* Copy the first len(version) bytes of the latest-layout `latest` to the
 * caller's `dst` of version `version` (nothing for an unknown version). */
void acdr_struct_convert_to_old(const acdr_struct_desc *d, int version,
                                void *dst, const void *latest);

/* For *_default_versioned: if `version` is old and dst is not NULL, fill
 * dst's len(version) bytes from the latest defaults and return 1; else 0
 * (the caller fills the latest layout itself, as it always did). */
int acdr_struct_default_old(const acdr_struct_desc *d, int version,
                            void *dst);

/* An array of n structs of an old version as a new array of latest
 * structs, allocated with `mem` (free with acdr_mem_free).  NULL when out
 * of memory.  *pversion becomes the latest. */
void *acdr_struct_array_to_latest(const acdr_struct_desc *d,
                                  const acdr_mem *mem, int *pversion,
                                  const void *src, size_t n);

/*
 * ACDR_STRUCT_IN(KIND, T, V, P): at the top of an entry point taking
 * `int V` and `const T *P` - from here on P points at a latest-layout
 * struct and V is the latest version (unless V was unknown: both are then
 * unchanged and the entry point's own check rejects V).  Declares a local
 * T named acdr_in_<P>.
 */
#define ACDR_STRUCT_IN(KIND, T, V, P)                                        \
  T acdr_in_##P;                                                             \
  if ((V) != ACDR_##KIND##_VERSION) /* the latest needs nothing */           \
  (P) = (const T *)acdr_struct_convert_to_latest(ACDR_STRUCT(KIND),          \
                                                 &acdr_in_##P, &(V), (P))

/*
 * ACDR_STRUCT_OUT(KIND, T, V, P, CALL): at the top of an entry point that
 * fills `T *P` of caller version V - if V is an old version, evaluate CALL
 * (the same function with the latest version and &acdr_latest_ as its
 * output), copy the caller's part of acdr_latest_ to P on success and
 * return CALL's result.
 */
#define ACDR_STRUCT_OUT(KIND, T, V, P, CALL)                                 \
  do {                                                                       \
    if ((P) && (V) != ACDR_##KIND##_VERSION &&                               \
        acdr_struct_is_old(ACDR_STRUCT(KIND), (V))) {                        \
      T acdr_latest_;                                                        \
      int acdr_rv_ = (CALL);                                                 \
      if (acdr_rv_ == 0)                                                     \
        acdr_struct_convert_to_old(ACDR_STRUCT(KIND), (V), (P),              \
                                   &acdr_latest_);                           \
      return acdr_rv_;                                                       \
    }                                                                        \
  } while (0)

#endif /* ACDR_UTIL_STRUCTLEN_H */
