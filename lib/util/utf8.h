/* SPDX-License-Identifier: MIT */
/* UTF-8 validation for every string that crosses the library's boundary
 * (ids, names, attributes, JSON strings): the action stream and the
 * documents the library writes echo these strings, so they must be text. */
#ifndef ACDR_UTIL_UTF8_H
#define ACDR_UTIL_UTF8_H

#include <stddef.h>

/* Length of the longest valid prefix of s[0..n): n when all of it is
 * well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF) without a NUL byte; otherwise the offset of the first
 * bad byte. */
size_t acdr_utf8_valid_prefix(const char *s, size_t n);

/* Length (2..4) of the valid multi-byte sequence at s (n bytes left), or
 * 0 when the bytes there are not one. */
size_t acdr_utf8_seq(const unsigned char *s, size_t n);

/* 1 if s[0..n) is valid UTF-8 without NUL, else 0. */
static inline int acdr_utf8_valid(const char *s, size_t n) {
  return acdr_utf8_valid_prefix(s, n) == n;
}

/* Check a NUL-terminated string of at most max bytes: 0 if it is valid
 * UTF-8 and not longer than max; 1 if longer than max (*bad = max);
 * 2 if invalid UTF-8 (*bad = offset of the first bad byte).  Reads at
 * most max + 1 bytes. */
int acdr_utf8_check_str(const char *s, size_t max, size_t *bad);

#endif
