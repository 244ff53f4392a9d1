/* SPDX-License-Identifier: MIT */
/* Strict JSON: the lexer (strings, numbers, literals) and the document
 * checker with duplicate-key detection (jscan.h). */
#include "json/jscan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

static int refuse(acdr_jlex *lx, size_t at, const char *what) {
  lx->i = at;
  lx->what = what;
  return -1;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Four hex digits at s[at]: the code unit, or -1. */
static long hex4(const acdr_jlex *lx, size_t at) {
  long v = 0;
  size_t k;
  if (lx->n - at < 4) return -1;
  for (k = 0; k < 4; k++) {
    int h = hexval(lx->s[at + k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

static size_t put_utf8(char *o, unsigned long cp) {
  if (cp < 0x80) {
    o[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (char)(0xC0 | (cp >> 6));
    o[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (char)(0xE0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (char)(0xF0 | (cp >> 18));
  o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Bytes of a string: 1 plain ASCII, 2 the start of a UTF-8 sequence,
 * 0 the end, an escape or a control character. */
const unsigned char acdr_json_str_class[256] = {
#define R4(x) x, x, x, x
#define R16(x) R4(x), R4(x), R4(x), R4(x)
    R16(0), R16(0),
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20..: '"' */
    R16(1), R16(1),
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50..: '\\' */
    R16(1), R16(1),
    R16(2), R16(2), R16(2), R16(2), R16(2), R16(2), R16(2), R16(2),
#undef R16
#undef R4
};

int acdr_jlex_string(acdr_jlex *lx, char *out, size_t *len) {
  const unsigned char *s = (const unsigned char *)lx->s;
  size_t i = lx->i + 1, n = lx->n, o = 0;
  /* decoding in place: nothing to copy until the first escape */
  int copy = out && out != lx->s + i;
  for (;;) {
    size_t k;
    if (!copy) {
      size_t st = i;
      while (i < n && acdr_json_str_class[s[i]] == 1) i++;
      o += i - st;
    } else {
      while (i < n && acdr_json_str_class[s[i]] == 1) out[o++] = (char)s[i++];
    }
    if (i >= n) return refuse(lx, n, "unexpected end of document");
    if (s[i] == '"') break;
    if (acdr_json_str_class[s[i]] == 2) {
      if (!(k = acdr_utf8_seq(s + i, n - i)))
        return refuse(lx, i, "invalid UTF-8");
      if (copy) memmove(out + o, s + i, k);
      o += k;
      i += k;
      continue;
    }
    if (s[i] < 0x20)
      return refuse(lx, i, "control character in a string (use an escape)");
    /* an escape: from here on the output lags the input */
    if (out) copy = 1;
    if (i + 1 >= n) return refuse(lx, n, "unexpected end of document");
    switch (s[i + 1]) {
      case '"': case '\\': case '/':
        if (out) out[o] = (char)s[i + 1];
        o++;
        i += 2;
        continue;
      case 'b': case 'f': case 'n': case 'r': case 't': {
        static const char from[] = "bfnrt", to[] = "\b\f\n\r\t";
        if (out) out[o] = to[strchr(from, s[i + 1]) - from];
        o++;
        i += 2;
        continue;
      }
      case 'u': {
        long u = hex4(lx, i + 2);
        unsigned long cp;
        char tmp[4];
        size_t m;
        if (u < 0) return refuse(lx, i, "invalid \\u escape");
        if (u == 0) return refuse(lx, i, "\\u0000 (NUL) in a string");
        if (u >= 0xDC00 && u <= 0xDFFF)
          return refuse(lx, i, "lone surrogate escape in a string");
        if (u >= 0xD800 && u <= 0xDBFF) {
          long lo = -1;
          if (i + 7 < n && s[i + 6] == '\\' && s[i + 7] == 'u')
            lo = hex4(lx, i + 8);
          if (lo < 0xDC00 || lo > 0xDFFF)
            return refuse(lx, i, "lone surrogate escape in a string");
          cp = 0x10000 + (((unsigned long)u - 0xD800) << 10) +
               ((unsigned long)lo - 0xDC00);
          i += 12;
        } else {
          cp = (unsigned long)u;
          i += 6;
        }
        /* through tmp: out may alias the text being read */
        m = put_utf8(tmp, cp);
        if (out) memcpy(out + o, tmp, m);
        o += m;
        continue;
      }
      default: return refuse(lx, i, "invalid escape in a string");
    }
  }
  lx->i = i + 1;
  *len = o;
  return 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

int acdr_jlex_number(acdr_jlex *lx, int *is_int, int64_t *iv, double *dv) {
  const char *s = lx->s;
  size_t st = lx->i, i = st, d0;
  int neg = 0;
  if (i < lx->n && s[i] == '-') {
    neg = 1;
    i++;
  }
  d0 = i;
  if (i >= lx->n || !is_digit(s[i]))
    return refuse(lx, i < lx->n ? i : lx->n,
                  i < lx->n ? "number expected" : "unexpected end of document");
  if (s[i] == '0') {
    i++;
    if (i < lx->n && is_digit(s[i]))
      return refuse(lx, st, "number with a leading zero");
  } else {
    while (i < lx->n && is_digit(s[i])) i++;
  }
  *is_int = 1;
  if (i < lx->n && s[i] == '.') {
    *is_int = 0;
    i++;
    if (i >= lx->n || !is_digit(s[i]))
      return refuse(lx, i < lx->n ? i : lx->n, "digit expected after '.'");
    while (i < lx->n && is_digit(s[i])) i++;
  }
  if (i < lx->n && (s[i] == 'e' || s[i] == 'E')) {
    *is_int = 0;
    i++;
    if (i < lx->n && (s[i] == '+' || s[i] == '-')) i++;
    if (i >= lx->n || !is_digit(s[i]))
      return refuse(lx, i < lx->n ? i : lx->n, "digit expected in exponent");
    while (i < lx->n && is_digit(s[i])) i++;
  }
  if (*is_int && !neg) {
    /* unsigned 64-bit fields (counters, nanosecond times) use the whole
     * range: accept up to UINT64_MAX and saturate *iv, so a field whose
     * limit is below INT64_MAX still reports its own range */
    uint64_t v = 0;
    size_t k;
    for (k = d0; k < i; k++) {
      unsigned dg = (unsigned)(s[k] - '0');
      if (v > UINT64_MAX / 10 || (v == UINT64_MAX / 10 && dg > 5))
        return refuse(lx, st, "integer out of range (64-bit)");
      v = v * 10 + dg;
    }
    *iv = v > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)v;
  } else if (*is_int) {
    /* accumulate negatively: INT64_MIN has no positive twin */
    int64_t v = 0;
    size_t k;
    for (k = d0; k < i; k++) {
      int dg = s[k] - '0';
      /* v * 10 - dg >= INT64_MIN, without a division per digit */
      if (v < INT64_MIN / 10 || (v == INT64_MIN / 10 && dg > 8))
        return refuse(lx, st, "integer out of range (64-bit)");
      v = v * 10 - dg;
    }
    *iv = v;
  } else {
    /* digits without the point, as "DDDDeX": strtod then needs no
     * locale's decimal point; 40 significant digits decide a double */
    char buf[64];
    size_t k, nb = 0;
    long ex = 0, fd = 0;
    int seen = 0, eneg = 0;
    double x;
    if (neg) buf[nb++] = '-';
    for (k = d0; k < i && s[k] != 'e' && s[k] != 'E'; k++) {
      if (s[k] == '.') {
        fd = 1;
        continue;
      }
      if (!seen && s[k] == '0') {
        if (fd) ex--;
        continue;
      }
      seen = 1;
      if (nb < 41) {
        buf[nb++] = s[k];
        if (fd) ex--;
      } else if (!fd) {
        ex++;
      }
    }
    if (k < i) { /* the exponent, saturated */
      long e = 0;
      k++;
      if (s[k] == '+' || s[k] == '-') eneg = s[k++] == '-';
      for (; k < i; k++)
        if (e < 100000) e = e * 10 + (s[k] - '0');
      ex += eneg ? -e : e;
    }
    if (!seen) {
      x = neg ? -0.0 : 0.0;
    } else {
      snprintf(buf + nb, sizeof(buf) - nb, "e%ld", ex);
      x = strtod(buf, NULL);
    }
    /* underflow to 0 is fine; overflow to infinity is not */
    if (x > 1.7976931348623157e308 || x < -1.7976931348623157e308)
      return refuse(lx, st, "number out of range (overflows a double)");
    *dv = x;
  }
  lx->i = i;
  return 0;
}

int acdr_jlex_literal(acdr_jlex *lx, int *which) {
  static const char *const lit[3] = {"null", "false", "true"};
  size_t k, st = lx->i;
  int w;
  char c = lx->s[st];
  w = c == 'n' ? 0 : c == 'f' ? 1 : c == 't' ? 2 : -1;
  if (w < 0) return refuse(lx, st, "unexpected character");
  for (k = 1; lit[w][k]; k++) {
    if (st + k >= lx->n) return refuse(lx, lx->n, "unexpected end of document");
    if (lx->s[st + k] != lit[w][k])
      return refuse(lx, st + k, w ? "boolean expected" : "null expected");
  }
  lx->i = st + k;
  *which = w - 1;
  return 0;
}

/* ---- the document checker ---- */

typedef struct level {
  int obj;            /* object (1) or array (0) */
  uint32_t serial;    /* objects: which one, for the key table */
  size_t idx;         /* arrays: index of the current element */
  uint32_t koff, klen; /* objects: the current key in the arena */
  int has_key;         /* inside a member (objects) or element (arrays) */
} level;

typedef struct kslot {
  uint32_t serial; /* 0: empty */
  uint32_t hash, off, len;
} kslot;

typedef struct checker {
  const acdr_mem *mem;
  acdr_jlex lx;
  level st[ACDR_JSON_MAX_DEPTH];
  int depth;
  char *arena;        /* decoded keys (at most the document's length) */
  size_t alen;
  kslot *tab;
  size_t tcap, tn;
  uint32_t seed;
  int nomem;
  int content; /* the refusal is about a value, not the grammar */
} checker;

static uint32_t key_hash(uint32_t seed, uint32_t serial, const char *k,
                         size_t n) {
  uint32_t h = 2166136261u ^ seed;
  size_t i;
  h = (h ^ serial) * 16777619u;
  for (i = 0; i < n; i++) h = (h ^ (unsigned char)k[i]) * 16777619u;
  h ^= h >> 15;
  h *= 0x2c1b3c6dU;
  h ^= h >> 12;
  return h;
}

/* Insert the key arena[off..off+len) of object `serial`: 0 new, 1 already
 * there, -1 out of memory. */
static int key_insert(checker *c, uint32_t serial, uint32_t off,
                      uint32_t len) {
  uint32_t h = key_hash(c->seed, serial, c->arena + off, len);
  size_t m, i;
  if ((c->tn + 1) * 2 > c->tcap) {
    size_t ncap = c->tcap ? c->tcap * 2 : 64, j;
    kslot *nt = acdr_mem_calloc(c->mem, ncap, sizeof(*nt));
    if (!nt) return -1;
    for (j = 0; j < c->tcap; j++) {
      kslot *s = &c->tab[j];
      if (!s->serial) continue;
      for (i = s->hash & (ncap - 1); nt[i].serial; i = (i + 1) & (ncap - 1)) {
      }
      nt[i] = *s;
    }
    acdr_mem_free(c->mem, c->tab);
    c->tab = nt;
    c->tcap = ncap;
  }
  m = c->tcap - 1;
  for (i = h & m; c->tab[i].serial; i = (i + 1) & m) {
    kslot *s = &c->tab[i];
    if (s->serial == serial && s->hash == h && s->len == len &&
        memcmp(c->arena + s->off, c->arena + off, len) == 0)
      return 1;
  }
  c->tab[i].serial = serial;
  c->tab[i].hash = h;
  c->tab[i].off = off;
  c->tab[i].len = len;
  c->tn++;
  return 0;
}

/* The JSON pointer of the value being read (RFC 6901 escaping). */
static void make_ptr(const checker *c, char *out, size_t cap) {
  size_t n = 0;
  int d;
  out[0] = '\0';
  for (d = 0; d < c->depth; d++) {
    const level *l = &c->st[d];
    char num[24];
    const char *k;
    size_t kl, j;
    if (!l->has_key) break;
    if (l->obj) {
      k = c->arena + l->koff;
      kl = l->klen;
    } else {
      snprintf(num, sizeof(num), "%zu", l->idx);
      k = num;
      kl = strlen(num);
    }
    if (n + 2 >= cap) break;
    out[n++] = '/';
    for (j = 0; j < kl && n + 3 < cap; j++) {
      if (k[j] == '~' || k[j] == '/') {
        out[n++] = '~';
        out[n++] = k[j] == '~' ? '0' : '1';
      } else {
        out[n++] = k[j];
      }
    }
    out[n] = '\0';
  }
}

static int fail(checker *c, size_t at, const char *what) {
  c->lx.i = at;
  c->lx.what = what;
  return -1;
}

/* One value at lx.i (whitespace skipped before). */
static int scalar(checker *c) {
  acdr_jlex *lx = &c->lx;
  char ch = lx->s[lx->i];
  size_t len;
  int is_int, which, r;
  int64_t iv;
  double dv;
  if (ch == '"')
    r = acdr_jlex_string(lx, NULL, &len);
  else if (ch == '-' || (ch >= '0' && ch <= '9'))
    r = acdr_jlex_number(lx, &is_int, &iv, &dv);
  else
    return acdr_jlex_literal(lx, &which);
  /* a well-formed value with a bad content: its pointer says where */
  if (r && lx->i < lx->n) c->content = 1;
  return r;
}

static int run(checker *c) {
  acdr_jlex *lx = &c->lx;
  uint32_t serial = 0;
  for (;;) {
    level *l;
    /* here a value is expected */
    acdr_jlex_ws(lx);
    if (lx->i >= lx->n) return fail(c, lx->n, "unexpected end of document");
    if (lx->s[lx->i] == '{' || lx->s[lx->i] == '[') {
      int obj = lx->s[lx->i] == '{';
      if (c->depth >= ACDR_JSON_MAX_DEPTH) {
        c->content = 1;
        return fail(c, lx->i, "nesting too deep");
      }
      l = &c->st[c->depth++];
      memset(l, 0, sizeof(*l));
      l->obj = obj;
      l->serial = obj ? ++serial : 0;
      lx->i++;
      acdr_jlex_ws(lx);
      if (lx->i >= lx->n) return fail(c, lx->n, "unexpected end of document");
      if (lx->s[lx->i] == (obj ? '}' : ']')) {
        lx->i++;
        c->depth--;
        goto after_value;
      }
      if (!obj) {
        l->has_key = 1;
        continue; /* the first element */
      }
      goto key;
    }
    if (scalar(c)) return -1;
  after_value:
    /* a value ended: close containers or go to the next member */
    for (;;) {
      if (!c->depth) return 0;
      l = &c->st[c->depth - 1];
      l->has_key = 0; /* the member or element is complete */
      acdr_jlex_ws(lx);
      if (lx->i >= lx->n) return fail(c, lx->n, "unexpected end of document");
      if (lx->s[lx->i] == ',') {
        lx->i++;
        if (!l->obj) {
          l->idx++;
          acdr_jlex_ws(lx);
          if (lx->i < lx->n && lx->s[lx->i] == ']')
            return fail(c, lx->i, "trailing comma");
          l->has_key = 1;
          break; /* next element */
        }
        acdr_jlex_ws(lx);
        if (lx->i < lx->n && lx->s[lx->i] == '}')
          return fail(c, lx->i, "trailing comma");
        goto key;
      }
      if (lx->s[lx->i] != (l->obj ? '}' : ']'))
        return fail(c, lx->i, l->obj ? "expected ',' or '}'"
                                     : "expected ',' or ']'");
      lx->i++;
      c->depth--;
    }
    continue;
  key: {
    size_t st, len;
    int r;
    l = &c->st[c->depth - 1];
    acdr_jlex_ws(lx);
    if (lx->i >= lx->n) return fail(c, lx->n, "unexpected end of document");
    if (lx->s[lx->i] != '"')
      return fail(c, lx->i, "expected a key in double quotes");
    st = lx->i;
    if (acdr_jlex_string(lx, c->arena + c->alen, &len)) {
      c->content = lx->i < lx->n;
      return -1;
    }
    l->koff = (uint32_t)c->alen;
    l->klen = (uint32_t)len;
    l->has_key = 1;
    r = key_insert(c, l->serial, l->koff, l->klen);
    if (r < 0) {
      c->nomem = 1;
      return fail(c, st, "out of memory (duplicate-key table)");
    }
    if (r > 0) {
      c->content = 1;
      return fail(c, st, "duplicate key");
    }
    c->alen += len;
    acdr_jlex_ws(lx);
    if (lx->i >= lx->n) return fail(c, lx->n, "unexpected end of document");
    if (lx->s[lx->i] != ':') return fail(c, lx->i, "expected ':'");
    lx->i++;
  }
  }
}

int acdr_json_check(const acdr_mem *mem, const char *doc, size_t len,
                    acdr_jcheck_err *err) {
  checker c;
  int rv;
  memset(&c, 0, sizeof(c));
  memset(err, 0, sizeof(*err));
  c.mem = mem;
  c.lx.s = doc;
  c.lx.n = len;
  /* the table's seed: not guessable from outside, so crafted colliding
   * keys cannot make a document quadratic; results do not depend on it */
  c.seed = (uint32_t)((uintptr_t)&c ^ ((uintptr_t)doc >> 4));
  if (!(c.arena = acdr_mem_malloc(mem, len + 1))) {
    err->nomem = 1;
    err->what = "out of memory (JSON check)";
    return -1;
  }
  rv = run(&c);
  if (!rv) {
    acdr_jlex_ws(&c.lx);
    if (c.lx.i < len) {
      rv = -1;
      c.lx.what = "unexpected text after the JSON value";
    }
  }
  if (rv) {
    err->off = c.lx.i;
    err->what = c.lx.what;
    err->nomem = c.nomem;
    /* grammar errors: line and column say where; a pointer into a
     * half-read document would mislead */
    if (c.content || c.nomem) make_ptr(&c, err->ptr, sizeof(err->ptr));
  }
  acdr_mem_free(mem, c.arena);
  acdr_mem_free(mem, c.tab);
  return rv;
}
