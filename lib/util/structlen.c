/* SPDX-License-Identifier: MIT */
/*
 * Conversions between a caller's struct version and the latest layout,
 * driven by the descriptors (rows) each folder keeps of its own structs.
 * See structlen.h for how the entry points use it and docs/abi.md
 * ("Adding a struct version") for how a V2 is added.
 */
#include "util/structlen.h"

#include <string.h>

size_t acdr_struct_len(const acdr_struct_desc *d, int version) {
  if (version < 1 || version > ACDR_STRUCT_MAX_VERSION ||
      version > d->latest)
    return 0;
  return d->v[version].len;
}

size_t acdr_struct_stride(const acdr_struct_desc *d, int version) {
  return acdr_struct_len(d, version) ? d->v[version].stride : 0;
}

int acdr_struct_is_old(const acdr_struct_desc *d, int version) {
  return version != d->latest && acdr_struct_len(d, version) != 0;
}

static void fill_latest_default(const acdr_struct_desc *d, void *buf) {
  if (d->fill_default)
    d->fill_default(buf);
  else
    memset(buf, 0, d->size);
}

const void *acdr_struct_convert_to_latest(const acdr_struct_desc *d,
                                          void *buf, int *pversion,
                                          const void *src) {
  size_t len;
  if (!acdr_struct_is_old(d, *pversion)) return src;
  len = acdr_struct_len(d, *pversion);
  *pversion = d->latest; /* a known version is valid, even with NULL */
  if (!src) return NULL;
  fill_latest_default(d, buf);
  memcpy(buf, src, len);
  return buf;
}

void acdr_struct_convert_to_old(const acdr_struct_desc *d, int version,
                                void *dst, const void *latest) {
  size_t len = acdr_struct_len(d, version);
  if (dst && len) memcpy(dst, latest, len);
}

int acdr_struct_default_old(const acdr_struct_desc *d, int version,
                            void *dst) {
  union {
    max_align_t align;
    unsigned char bytes[ACDR_STRUCT_BUF_MAX];
  } buf;
  if (!dst || !acdr_struct_is_old(d, version) ||
      d->size > sizeof(buf.bytes))
    return 0;
  fill_latest_default(d, buf.bytes);
  acdr_struct_convert_to_old(d, version, dst, buf.bytes);
  return 1;
}

void *acdr_struct_array_to_latest(const acdr_struct_desc *d,
                                  const acdr_mem *mem, int *pversion,
                                  const void *src, size_t n) {
  size_t i, len = acdr_struct_len(d, *pversion),
            stride = acdr_struct_stride(d, *pversion);
  unsigned char *out;
  if (!len || (n && SIZE_MAX / n < d->size)) return NULL;
  if (!(out = acdr_mem_calloc(mem, n, d->size))) return NULL;
  for (i = 0; i < n; i++) {
    fill_latest_default(d, out + i * d->size);
    memcpy(out + i * d->size, (const unsigned char *)src + i * stride, len);
  }
  *pversion = d->latest;
  return out;
}
