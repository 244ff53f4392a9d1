/* SPDX-License-Identifier: MIT */
/* A small JSON writer: into a growing buffer (engine allocator) or into a
 * caller's fixed buffer.  Used for event lines, action lines, exported
 * configurations and snapshots, so that output is byte-for-byte stable
 * (key order as written) and needs no json-c object tree. */
#ifndef ACDR_JSON_JSONW_H
#define ACDR_JSON_JSONW_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <acdroute/engine.h>

typedef struct acdr_jw {
  const acdr_mem *mem; /* NULL: fixed buffer (buf/cap given) */
  char *buf;
  size_t len;          /* bytes produced (may exceed cap when fixed) */
  size_t cap;
  int oom;             /* an allocation failed: output incomplete */
  int comma;           /* a value was written at this level */
  int after_key;       /* next value follows a key */
  int pretty;          /* newlines and two-space indent */
  int depth;
} acdr_jw;

/* A growing writer (buffer from mem, pretty: newlines and indent), or one
 * into the caller's buf of cap bytes (output past cap is counted in len,
 * not written).  Errors never stop the writer: an allocation failure sets
 * w->oom and later output is dropped; check oom (or take's NULL) at the
 * end. */
void acdr_jw_init(acdr_jw *w, const acdr_mem *mem, int pretty);
void acdr_jw_init_fixed(acdr_jw *w, char *buf, size_t cap);
/* Free the buffer (growing mode). */
void acdr_jw_free(acdr_jw *w);
/* Take the NUL-terminated buffer (caller frees with the allocator). NULL
 * if an allocation failed. */
char *acdr_jw_take(acdr_jw *w, size_t *plen);

/* n bytes as they are (no separator, no escaping).  Inline: the event
 * log and action lines call it a few dozen times per line. */
void acdr_jw_raw_slow(acdr_jw *w, const char *s, size_t n);
static inline void acdr_jw_raw(acdr_jw *w, const char *s, size_t n) {
  if (w->buf && w->mem && !w->oom && n <= w->cap - w->len) {
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    return;
  }
  acdr_jw_raw_slow(w, s, n);
}
/* Values: each writes the separator it needs; strings are escaped (UTF-8
 * passes through); a value inside an object follows acdr_jw_key. */
void acdr_jw_obj(acdr_jw *w);
void acdr_jw_obj_end(acdr_jw *w);
void acdr_jw_arr(acdr_jw *w);
void acdr_jw_arr_end(acdr_jw *w);
void acdr_jw_key(acdr_jw *w, const char *k);
/* A key of n bytes known to need no escaping (the library's own names). */
void acdr_jw_key_plain(acdr_jw *w, const char *k, size_t n);
void acdr_jw_str(acdr_jw *w, const char *s); /* NULL writes null */
void acdr_jw_i64(acdr_jw *w, int64_t v);
void acdr_jw_u64(acdr_jw *w, uint64_t v);
/* v in decimal with no separator (like acdr_jw_raw). */
void acdr_jw_raw_u64(acdr_jw *w, uint64_t v);
void acdr_jw_bool(acdr_jw *w, int v);
/* exact: 17 significant digits read back to the same double */
void acdr_jw_f64(acdr_jw *w, double v);
void acdr_jw_null(acdr_jw *w);
/* key + value shortcuts */
void acdr_jw_kstr(acdr_jw *w, const char *k, const char *s);
void acdr_jw_ki64(acdr_jw *w, const char *k, int64_t v);
void acdr_jw_ku64(acdr_jw *w, const char *k, uint64_t v);
void acdr_jw_kbool(acdr_jw *w, const char *k, int v);
/* "t_ms" when t is a whole number of milliseconds, else "t_ns" */
void acdr_jw_time(acdr_jw *w, uint64_t t);

#endif
