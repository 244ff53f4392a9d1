/* SPDX-License-Identifier: MIT */
/* Strict JSON (RFC 8259) without building a tree: a lexer for strings and
 * numbers shared by the document checker below and the event-line parser
 * (lib/replay/event_parse.c), so both refuse exactly the same text.
 *
 * Refused, each with what and where: trailing commas, comments, single
 * quotes, unquoted or capitalised literals (True), raw control characters
 * in strings, invalid UTF-8 (overlongs, surrogates, > U+10FFFF), lone
 * surrogate escapes, \u0000 (ids are C strings: "a\u0000b" would become
 * "a"), NaN/Infinity, integers outside int64, numbers that overflow a
 * double, nesting deeper than ACDR_JSON_MAX_DEPTH, duplicate keys. */
#ifndef ACDR_JSON_JSCAN_H
#define ACDR_JSON_JSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "util/mem.h"

/* Nesting limit of every document and line (bounds recursion/stack). */
#define ACDR_JSON_MAX_DEPTH 64

typedef struct acdr_jlex {
  const char *s;   /* the text */
  size_t n;        /* its length */
  size_t i;        /* read position */
  const char *what; /* after a refusal: what was wrong (static text) */
} acdr_jlex;

/* Bytes inside a JSON string: 1 plain ASCII (copied as it is), 2 the
 * start of a UTF-8 sequence, 0 the quote, the backslash, a control
 * character or NUL. */
extern const unsigned char acdr_json_str_class[256];

/* Skip JSON whitespace (space, tab, LF, CR). */
static inline void acdr_jlex_ws(acdr_jlex *lx) {
  while (lx->i < lx->n && (lx->s[lx->i] == ' ' || lx->s[lx->i] == '\t' ||
                           lx->s[lx->i] == '\n' || lx->s[lx->i] == '\r'))
    lx->i++;
}

/* Read the string starting at s[i] == '"'.  When out is not NULL the
 * decoded bytes go there (at most as many as the raw text; out may be
 * the text itself at the opening quote's offset + 1 or earlier: decoding
 * never writes past what it has read) followed by no terminator; *len
 * gets the decoded length.  0, or -1 with lx->i at the bad byte and
 * lx->what set. */
int acdr_jlex_string(acdr_jlex *lx, char *out, size_t *len);

/* Read the number at s[i].  *is_int: no fraction and no exponent; then
 * *iv is its value (from INT64_MIN to UINT64_MAX; above INT64_MAX it is
 * saturated to INT64_MAX).  Otherwise *dv (finite).  0, or
 * -1 with lx->i at the number's start and lx->what set. */
int acdr_jlex_number(acdr_jlex *lx, int *is_int, int64_t *iv, double *dv);

/* Read the literal true, false or null at s[i]: 0 with *which = 1, 0 or
 * -1 (null); -1 with lx->what on anything else. */
int acdr_jlex_literal(acdr_jlex *lx, int *which);

/* Where a document was refused. */
typedef struct acdr_jcheck_err {
  size_t off;         /* byte offset of the problem */
  const char *what;   /* what (static text) */
  char ptr[256];      /* JSON pointer of the value being read ("" = root) */
  int nomem;          /* out of memory (the check could not finish) */
} acdr_jcheck_err;

/* Check that doc[0..len) is exactly one strict JSON value (whitespace
 * around it allowed) with no duplicate key in any object.  0, or -1 with
 * *err filled.  Work and memory are linear in len (duplicate keys go
 * through one hash table for the whole document). */
int acdr_json_check(const acdr_mem *mem, const char *doc, size_t len,
                    acdr_jcheck_err *err);

#endif
