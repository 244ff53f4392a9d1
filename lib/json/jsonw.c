/* SPDX-License-Identifier: MIT */
/* JSON writer (see jsonw.h). */
#include "json/jsonw.h"

#include <stdio.h>
#include <string.h>

#include "util/mem.h"
#include "util/utf8.h"

void acdr_jw_init(acdr_jw *w, const acdr_mem *mem, int pretty) {
  memset(w, 0, sizeof(*w));
  w->mem = mem;
  w->pretty = pretty;
}

void acdr_jw_init_fixed(acdr_jw *w, char *buf, size_t cap) {
  memset(w, 0, sizeof(*w));
  w->buf = buf;
  w->cap = cap;
  if (buf && cap) buf[0] = '\0';
}

void acdr_jw_free(acdr_jw *w) {
  if (w->mem) acdr_mem_free(w->mem, w->buf);
  w->buf = NULL;
  w->len = w->cap = 0;
}

char *acdr_jw_take(acdr_jw *w, size_t *plen) {
  char *b;
  if (!w->mem) return NULL;
  acdr_jw_raw(w, "", 1); /* the NUL, counted then dropped */
  if (w->oom) {
    acdr_jw_free(w);
    return NULL;
  }
  w->len--;
  b = w->buf;
  if (plen) *plen = w->len;
  w->buf = NULL;
  w->len = w->cap = 0;
  return b;
}

void acdr_jw_raw_slow(acdr_jw *w, const char *s, size_t n) {
  if (w->oom) return;
  if (!w->mem) {
    /* fixed: copy what fits, keep counting, keep it NUL-terminated */
    if (w->len + n < w->cap) {
      memcpy(w->buf + w->len, s, n);
      w->buf[w->len + n] = '\0';
    } else if (w->cap && w->len < w->cap) {
      w->buf[w->len] = '\0';
    }
    w->len += n;
    return;
  }
  if (w->len + n > w->cap) {
    size_t ncap = w->cap ? w->cap : 256;
    char *nb;
    while (ncap < w->len + n) ncap *= 2;
    nb = acdr_mem_realloc(w->mem, w->buf, ncap);
    if (!nb) {
      w->oom = 1;
      return;
    }
    w->buf = nb;
    w->cap = ncap;
  }
  memcpy(w->buf + w->len, s, n);
  w->len += n;
}

static void newline(acdr_jw *w) {
  int i;
  acdr_jw_raw(w, "\n", 1);
  for (i = 0; i < w->depth; i++) acdr_jw_raw(w, "  ", 2);
}

/* Separator before a value or key at the current level. */
static void prefix(acdr_jw *w) {
  if (w->after_key) {
    w->after_key = 0;
    return;
  }
  if (w->comma) acdr_jw_raw(w, w->pretty ? "," : ", ", w->pretty ? 1 : 2);
  if (w->pretty && w->depth > 0) newline(w);
}

static void open_(acdr_jw *w, const char *c) {
  prefix(w);
  acdr_jw_raw(w, c, 1);
  w->depth++;
  w->comma = 0;
}

static void close_(acdr_jw *w, const char *c) {
  w->depth--;
  if (w->pretty && w->comma) newline(w);
  acdr_jw_raw(w, c, 1);
  w->comma = 1;
}

void acdr_jw_obj(acdr_jw *w) { open_(w, "{"); }
void acdr_jw_obj_end(acdr_jw *w) { close_(w, "}"); }
void acdr_jw_arr(acdr_jw *w) { open_(w, "["); }
void acdr_jw_arr_end(acdr_jw *w) { close_(w, "]"); }

/* A JSON string.  Runs of plain bytes go out in one copy (the event log
 * writes a few per line).  Bytes that are not UTF-8 become U+FFFD: ids
 * are validated on the way in, but acdr_action_to_json takes any action,
 * and what we write must stay JSON. */
/* 1: copied as it is; 2: part of a UTF-8 sequence (checked); 0: the end
 * or an escape. */
static const unsigned char plain[256] = {
#define R4(x) x, x, x, x
#define R16(x) R4(x), R4(x), R4(x), R4(x)
    R16(0), R16(0),                      /* 0x00..0x1F */
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20..0x2F: '"' */
    R16(1),                              /* 0x30..0x3F */
    R16(1),                              /* 0x40..0x4F */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50..0x5F: '\\' */
    R16(1), R16(1),                      /* 0x60..0x7F */
    R16(2), R16(2), R16(2), R16(2),      /* 0x80..0xBF */
    R16(2), R16(2), R16(2), R16(2),      /* 0xC0..0xFF */
#undef R16
#undef R4
};

static void quoted(acdr_jw *w, const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  acdr_jw_raw(w, "\"", 1);
  if (w->buf && w->mem && !w->oom) {
    /* the common case, ASCII ids with room to spare: byte by byte, no
     * copy call; whatever stops it is handled below */
    char *o = w->buf + w->len, *end = w->buf + w->cap;
    while (o < end && plain[*p] == 1) *o++ = (char)*p++;
    w->len = (size_t)(o - w->buf);
  }
  for (;;) {
    const unsigned char *run = p;
    unsigned cls = 0;
    char tmp[8];
    const char *esc = NULL;
    while (plain[*p]) cls |= plain[*p++];
    if (p > run) {
      size_t n = (size_t)(p - run), ok = n;
      if (cls & 2) ok = acdr_utf8_valid_prefix((const char *)run, n);
      acdr_jw_raw(w, (const char *)run, ok);
      if (ok < n) {
        /* one bad byte out, then go on after it */
        acdr_jw_raw(w, "\\ufffd", 6);
        p = run + ok + 1;
        continue;
      }
    }
    if (!*p) break;
    switch (*p) {
      case '"': esc = "\\\""; break;
      case '\\': esc = "\\\\"; break;
      case '\n': esc = "\\n"; break;
      case '\r': esc = "\\r"; break;
      case '\t': esc = "\\t"; break;
      default:
        snprintf(tmp, sizeof(tmp), "\\u%04x", (unsigned)*p);
        esc = tmp;
    }
    acdr_jw_raw(w, esc, strlen(esc));
    p++;
  }
  acdr_jw_raw(w, "\"", 1);
}

void acdr_jw_key_plain(acdr_jw *w, const char *k, size_t n) {
  prefix(w);
  acdr_jw_raw(w, "\"", 1);
  acdr_jw_raw(w, k, n);
  acdr_jw_raw(w, "\": ", 3);
  w->after_key = 1;
}

void acdr_jw_key(acdr_jw *w, const char *k) {
  prefix(w);
  quoted(w, k);
  acdr_jw_raw(w, ": ", 2);
  w->after_key = 1;
}

void acdr_jw_str(acdr_jw *w, const char *s) {
  prefix(w);
  if (s)
    quoted(w, s);
  else
    acdr_jw_raw(w, "null", 4);
  w->comma = 1;
}

/* Decimal digits of v, written backwards from end; returns the start
 * (snprintf's format parsing cost more than the rest of a log line). */
static char *digits(char *end, uint64_t v) {
  do {
    *--end = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  return end;
}

void acdr_jw_i64(acdr_jw *w, int64_t v) {
  char tmp[24], *st;
  st = digits(tmp + sizeof(tmp),
              v < 0 ? 0 - (uint64_t)v : (uint64_t)v);
  if (v < 0) *--st = '-';
  prefix(w);
  acdr_jw_raw(w, st, (size_t)(tmp + sizeof(tmp) - st));
  w->comma = 1;
}

void acdr_jw_raw_u64(acdr_jw *w, uint64_t v) {
  char tmp[24], *st = digits(tmp + sizeof(tmp), v);
  acdr_jw_raw(w, st, (size_t)(tmp + sizeof(tmp) - st));
}

void acdr_jw_u64(acdr_jw *w, uint64_t v) {
  char tmp[24], *st = digits(tmp + sizeof(tmp), v);
  prefix(w);
  acdr_jw_raw(w, st, (size_t)(tmp + sizeof(tmp) - st));
  w->comma = 1;
}

void acdr_jw_bool(acdr_jw *w, int v) {
  prefix(w);
  if (v)
    acdr_jw_raw(w, "true", 4);
  else
    acdr_jw_raw(w, "false", 5);
  w->comma = 1;
}

void acdr_jw_null(acdr_jw *w) {
  prefix(w);
  acdr_jw_raw(w, "null", 4);
  w->comma = 1;
}

void acdr_jw_kstr(acdr_jw *w, const char *k, const char *s) {
  acdr_jw_key(w, k);
  acdr_jw_str(w, s);
}
void acdr_jw_ki64(acdr_jw *w, const char *k, int64_t v) {
  acdr_jw_key(w, k);
  acdr_jw_i64(w, v);
}
void acdr_jw_ku64(acdr_jw *w, const char *k, uint64_t v) {
  acdr_jw_key(w, k);
  acdr_jw_u64(w, v);
}
void acdr_jw_kbool(acdr_jw *w, const char *k, int v) {
  acdr_jw_key(w, k);
  acdr_jw_bool(w, v);
}

void acdr_jw_time(acdr_jw *w, uint64_t t) {
  if (t % ACDR_MILLISECONDS == 0) {
    acdr_jw_key_plain(w, "t_ms", 4);
    acdr_jw_u64(w, t / ACDR_MILLISECONDS);
  } else {
    acdr_jw_key_plain(w, "t_ns", 4);
    acdr_jw_u64(w, t);
  }
}

void acdr_jw_f64(acdr_jw *w, double v) {
  char tmp[40];
  int n = snprintf(tmp, sizeof(tmp), "%.17g", v);
  prefix(w);
  /* keep it a JSON number with a fraction so it reads back as a double */
  acdr_jw_raw(w, tmp, (size_t)n);
  if (!strpbrk(tmp, ".eEn")) acdr_jw_raw(w, ".0", 2);
  w->comma = 1;
}
