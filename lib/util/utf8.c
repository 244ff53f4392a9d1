/* SPDX-License-Identifier: MIT */
/* A table-free UTF-8 validator (RFC 3629, table 3-7 of the Unicode
 * standard): the second byte's range depends on the first, which is what
 * refuses overlongs (E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and
 * code points above U+10FFFF (F4 90..BF, F5..FF). */
#include "util/utf8.h"

size_t acdr_utf8_seq(const unsigned char *s, size_t n) {
  unsigned c = s[0], lo = 0x80, hi = 0xBF;
  size_t len, k;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0; /* ASCII, NUL, a continuation byte, C0/C1, F5..FF */
  }
  if (n < len || s[1] < lo || s[1] > hi) return 0;
  for (k = 2; k < len; k++)
    if (s[k] < 0x80 || s[k] > 0xBF) return 0;
  return len;
}

size_t acdr_utf8_valid_prefix(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0, k;
  while (i < n) {
    if (s[i] >= 0x01 && s[i] < 0x80) { /* ASCII: the common case */
      i++;
      continue;
    }
    if (!(k = acdr_utf8_seq(s + i, n - i))) return i;
    i += k;
  }
  return n;
}

int acdr_utf8_check_str(const char *s, size_t max, size_t *bad) {
  const unsigned char *u = (const unsigned char *)s;
  size_t n, ok;
  /* ids are short and ASCII: one pass for them */
  for (n = 0; n <= max; n++) {
    if (!u[n]) return 0;
    if (u[n] & 0x80) break;
  }
  if (n > max) {
    *bad = max;
    return 1;
  }
  while (n <= max && u[n]) n++;
  if (n > max) {
    *bad = max;
    return 1;
  }
  ok = acdr_utf8_valid_prefix(s, n);
  if (ok != n) {
    *bad = ok;
    return 2;
  }
  return 0;
}
