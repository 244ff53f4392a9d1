/* SPDX-License-Identifier: MIT */
/* Event lines without a json-c tree (replay_int.h: acdr_event_line_fast).
 *
 * A replica applies the leader's log line by line, so a line must cost
 * about what the call it replays costs.  The lines the log is mostly made
 * of (ids, strings, integers, booleans, an arrival's attrs and skills, a
 * disposition's codes) are read here with the strict lexer of
 * json/jscan.h into the same acdr_parsed as the general reader
 * (event_parse.c), with no json-c tree.  Anything else (a definition, a
 * configuration, an unknown, "_" or duplicate key, a wrong type, a value
 * out of range, a malformed line) goes to the general reader, which gives
 * the answer and the error message: both accept exactly the same lines
 * with the same meaning (test_strict_json checks them against each
 * other). */
#include <string.h>

#include "json/jscan.h"
#include "replay/replay_int.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Fields read by the general path only (nested documents; a priority
 * change, whose "priority" key is the arrival's here; an assignment). */
#define SLOW_FIELDS                                                        \
  (ACDR_EVF(AGENT_DEF) | ACDR_EVF(QUEUE_DEF) | ACDR_EVF(CONFIG) |          \
   ACDR_EVF(REMOVE_WAITING) | ACDR_EVF(HOURS) | ACDR_EVF(CODE_DEF) |       \
   ACDR_EVF(CATALOG) | ACDR_EVF(RULE_DEF) | ACDR_EVF(METRICS) |             \
   ACDR_EVF(CUSTOMERS) | ACDR_EVF(PRIORITY) | ACDR_EVF(OVER_CAPACITY) | \
   ACDR_EVF(MEMBER_DEF) | ACDR_EVF(IGNORE_SKILLS))
/* Attributes and skills the fast path holds (more: the general path). */
#define FAST_MAX 64

/* The keys the fast path knows: a field, or one of these. */
enum {
  K_TMS = ACDR_EVF_COUNT, K_TNS, K_EV, K_CHANNEL, K_PRIORITY, K_ATTRS,
  K_SKILLS, K_CUSTOMER, K_PREFERRED_AGENT, K_HOLD, K_COUNT
};

static const struct {
  const char *name;
  uint8_t len;
  uint8_t id;
} fast_keys[] = {
#define FK(S, ID) {S, sizeof(S) - 1, ID}
    /* the most frequent first */
    FK("t_ms", K_TMS), FK("ev", K_EV), FK("contact", ACDR_EVF_IDX_CONTACT),
    FK("agent", ACDR_EVF_IDX_AGENT), FK("queue", ACDR_EVF_IDX_QUEUE),
    FK("t_ns", K_TNS), FK("status", ACDR_EVF_IDX_STATUS),
    FK("reason", ACDR_EVF_IDX_REASON), FK("how", ACDR_EVF_IDX_HOW),
    FK("on", ACDR_EVF_IDX_ON), FK("codes", ACDR_EVF_IDX_CODES),
    FK("channel", K_CHANNEL), FK("priority", K_PRIORITY),
    FK("attrs", K_ATTRS), FK("skills", K_SKILLS),
    FK("customer", K_CUSTOMER), FK("preferred_agent", K_PREFERRED_AGENT),
    FK("preferred_hold_ms", K_HOLD),
    FK("overflow_waiting", ACDR_EVF_IDX_OVERFLOW_WAITING),
    FK("penalty", ACDR_EVF_IDX_PENALTY), FK("position", ACDR_EVF_IDX_POSITION),
    FK("key", ACDR_EVF_IDX_KEY), FK("duration_ms", ACDR_EVF_IDX_DURATION),
    FK("code", ACDR_EVF_IDX_CODE_ID), FK("rule", ACDR_EVF_IDX_RULE_ID),
    FK("history", ACDR_EVF_IDX_HISTORY), FK("changes", ACDR_EVF_IDX_CHANGES),
    FK("score", ACDR_EVF_IDX_SCORE),
#undef FK
};

enum { V_STR = 1, V_INT, V_BOOL, V_NEST };

/* One value of the line (strings decoded in place, NUL-terminated). */
typedef struct fval {
  uint8_t type;
  const char *s;
  int64_t i;
} fval;

typedef struct fast {
  fval v[K_COUNT];
  uint64_t seen;                  /* bit per key id */
  acdr_kv attrs[FAST_MAX];
  size_t nattrs;
  acdr_skill skills[FAST_MAX];
  size_t nskills;
  size_t ncodes;
} fast;

static inline int fast_key_id(const char *k, size_t n) {
  size_t i;
  for (i = 0; i < NELEM(fast_keys); i++)
    if (fast_keys[i].len == n && fast_keys[i].name[0] == k[0] &&
        memcmp(fast_keys[i].name, k, n) == 0)
      return fast_keys[i].id;
  return -1;
}

/* A string at lx->i, decoded in place and NUL-terminated.  The line's
 * copy ends in a NUL, which stops the scan of plain bytes; a string with
 * escapes or non-ASCII bytes goes through the full lexer. */
static inline int fast_str(acdr_jlex *lx, const char **out, size_t *len) {
  char *s = (char *)(uintptr_t)lx->s, *dst;
  size_t i = lx->i, st;
  if (s[i] != '"') return -1;
  st = ++i;
  while (acdr_json_str_class[(unsigned char)s[i]] == 1) i++;
  dst = s + st;
  if (s[i] == '"') {
    *len = i - st;
  } else if (i >= lx->n || acdr_jlex_string(lx, dst, len)) {
    return -1;
  } else {
    i = lx->i - 1; /* the closing quote */
  }
  /* the decoded text ends at or before the closing quote, already read */
  dst[*len] = '\0';
  lx->i = i + 1;
  *out = dst;
  return 0;
}

/* ':' then whitespace. */
static inline int fast_colon(acdr_jlex *lx) {
  acdr_jlex_ws(lx);
  if (lx->i >= lx->n || lx->s[lx->i] != ':') return -1;
  lx->i++;
  acdr_jlex_ws(lx);
  return lx->i < lx->n ? 0 : -1;
}

/* After a member: 1 at '}' (consumed), 0 at ',' (consumed), -1 else. */
static inline int fast_next(acdr_jlex *lx, char close) {
  acdr_jlex_ws(lx);
  if (lx->i >= lx->n) return -1;
  if (lx->s[lx->i] == close) {
    lx->i++;
    return 1;
  }
  if (lx->s[lx->i] != ',') return -1;
  lx->i++;
  acdr_jlex_ws(lx);
  return 0;
}

static inline int is_dig(char c) { return c >= '0' && c <= '9'; }

static inline int fast_int(acdr_jlex *lx, int64_t *v) {
  const char *s = lx->s;
  size_t i = lx->i, st = i;
  int is_int;
  double d;
  int64_t x = 0;
  /* up to 18 digits cannot overflow: the common case, inline */
  if (s[i] > '0' && s[i] <= '9') {
    while (is_dig(s[i]) && i - st < 18) x = x * 10 + (s[i++] - '0');
    if (!is_dig(s[i]) && s[i] != '.' && s[i] != 'e' && s[i] != 'E') {
      lx->i = i;
      *v = x;
      return 0;
    }
  }
  if (s[st] != '-' && !is_dig(s[st])) return -1;
  if (acdr_jlex_number(lx, &is_int, v, &d) || !is_int) return -1;
  return 0;
}

/* The start of an object: 1 when members follow, 0 for "{}" (read),
 * -1 when it is not an object. */
static int fast_open(acdr_jlex *lx) {
  if (lx->s[lx->i] != '{') return -1;
  lx->i++;
  acdr_jlex_ws(lx);
  if (lx->i < lx->n && lx->s[lx->i] == '}') {
    lx->i++;
    return 0;
  }
  return 1;
}

/* "attrs": {"key": "value", ...} */
static int fast_attrs(acdr_jlex *lx, fast *f) {
  size_t i, n;
  int r;
  if ((r = fast_open(lx)) <= 0) return r;
  do {
    acdr_kv *kv;
    if (f->nattrs == FAST_MAX) return -1;
    kv = &f->attrs[f->nattrs];
    if (fast_str(lx, &kv->key, &n) || fast_colon(lx) ||
        fast_str(lx, &kv->value, &n))
      return -1;
    for (i = 0; i < f->nattrs; i++) /* duplicates: the general path says */
      if (strcmp(f->attrs[i].key, kv->key) == 0) return -1;
    f->nattrs++;
  } while ((r = fast_next(lx, '}')) == 0);
  return r > 0 ? 0 : -1;
}

/* "skills": {"name": level 0..100, ...} */
static int fast_skills(acdr_engine *e, acdr_jlex *lx, fast *f) {
  size_t i, n;
  int64_t lvl;
  int r;
  if ((r = fast_open(lx)) <= 0) return r;
  do {
    acdr_skill *sk;
    if (f->nskills == FAST_MAX || f->nskills == e->opt.max_skills) return -1;
    sk = &f->skills[f->nskills];
    if (fast_str(lx, &sk->name, &n) || !n || n > e->opt.max_id_len ||
        fast_colon(lx) || fast_int(lx, &lvl) || lvl < 0 || lvl > 100)
      return -1;
    for (i = 0; i < f->nskills; i++)
      if (strcmp(f->skills[i].name, sk->name) == 0) return -1;
    sk->level = (int32_t)lvl;
    f->nskills++;
  } while ((r = fast_next(lx, '}')) == 0);
  return r > 0 ? 0 : -1;
}

/* "codes": ["primary", "tag", ...] (1 to ACDR_EVENT_MAX_CODES) */
static int fast_codes(acdr_jlex *lx, fast *f, acdr_parsed *p) {
  size_t n;
  int r;
  if (lx->s[lx->i] != '[') return -1;
  lx->i++;
  acdr_jlex_ws(lx);
  do {
    if (f->ncodes == ACDR_EVENT_MAX_CODES ||
        fast_str(lx, &p->codes[f->ncodes], &n))
      return -1;
    f->ncodes++;
  } while ((r = fast_next(lx, ']')) == 0);
  return r > 0 ? 0 : -1;
}

/* Scan the line's members into f.  0, or -1: take the general path. */
static int fast_scan(acdr_engine *e, acdr_jlex *lx, fast *f, acdr_parsed *p) {
  int r;
  acdr_jlex_ws(lx);
  if (lx->i >= lx->n || lx->s[lx->i] != '{') return -1;
  lx->i++;
  acdr_jlex_ws(lx);
  do {
    const char *k;
    size_t n;
    int id, w;
    fval *v;
    if (fast_str(lx, &k, &n) || (id = fast_key_id(k, n)) < 0 ||
        (f->seen >> id) & 1 || fast_colon(lx))
      return -1;
    f->seen |= UINT64_C(1) << id;
    v = &f->v[id];
    switch (lx->s[lx->i]) {
      case '"':
        v->type = V_STR;
        if (fast_str(lx, &v->s, &n)) return -1;
        break;
      case 't':
      case 'f':
        v->type = V_BOOL;
        if (acdr_jlex_literal(lx, &w) || w < 0) return -1;
        v->i = w;
        break;
      case '{':
      case '[':
        v->type = V_NEST;
        if (id == K_ATTRS) r = fast_attrs(lx, f);
        else if (id == K_SKILLS) r = fast_skills(e, lx, f);
        else if (id == ACDR_EVF_IDX_CODES) r = fast_codes(lx, f, p);
        else r = -1;
        if (r) return -1;
        break;
      default:
        v->type = V_INT;
        if (fast_int(lx, &v->i)) return -1;
    }
  } while ((r = fast_next(lx, '}')) == 0);
  if (r < 0) return -1;
  acdr_jlex_ws(lx);
  return lx->i == lx->n ? 0 : -1;
}

/* The string of key id: 0 (absent: *out unchanged) or -1 (not a string,
 * or required and absent or empty). */
static inline int fast_get_str(const fast *f, int id, int req,
                               const char **out) {
  const fval *v = &f->v[id];
  if (!((f->seen >> id) & 1)) return req ? -1 : 0;
  if (v->type != V_STR || (req && !*v->s)) return -1;
  *out = v->s;
  return 0;
}

static inline int fast_get_int(const fast *f, int id, int req, int64_t lo,
                        int64_t hi, int64_t *out) {
  const fval *v = &f->v[id];
  if (!((f->seen >> id) & 1)) return req ? -1 : 0;
  if (v->type != V_INT || v->i < lo || v->i > hi) return -1;
  *out = v->i;
  return 0;
}

static int fast_enum(const fast *f, int id, int req,
                     const char *const *names, int n, int32_t *out) {
  const char *s = NULL;
  int i;
  if (fast_get_str(f, id, req, &s)) return -1;
  if (!s) return 0;
  for (i = 0; i < n; i++)
    if (!strcmp(s, names[i])) {
      *out = i;
      return 0;
    }
  return -1;
}

/* The kind named `name` (ACDR_EV_NONE if none), lengths compared first. */
static acdr_ev_kind fast_kind(const char *name) {
  static const uint8_t lens[ACDR_EV_COUNT] = {
      0,
#define ACDR_X_(K, N, R, O) sizeof(N) - 1,
      ACDR_EVENTS(ACDR_X_)
#undef ACDR_X_
  };
  size_t n = strlen(name);
  int k;
  for (k = 1; k < ACDR_EV_COUNT; k++)
    if (lens[k] == n && acdr_event_specs[k].name[0] == name[0] &&
        memcmp(acdr_event_specs[k].name, name, n) == 0)
      return (acdr_ev_kind)k;
  return ACDR_EV_NONE;
}

/* Fill p from f as the general path would: 0, or -1 (general path). */
static int fast_fill(fast *f, acdr_parsed *p) {
  static const char *const status_names[] = {"available", "away"};
  const acdr_event_spec *sp;
  const char *name = NULL;
  acdr_event *ev = &p->ev;
  uint64_t fields, req;
  uint64_t allowed;
  int64_t tms = -1, tns = -1;
  int k;
  if (fast_get_str(f, K_EV, 1, &name) || !(ev->kind = fast_kind(name)))
    return -1;
  sp = &acdr_event_specs[ev->kind];
  fields = sp->required | sp->optional;
  req = sp->required;
  if (fields & SLOW_FIELDS) return -1;
  allowed = fields | (UINT64_C(1) << K_TMS) | (UINT64_C(1) << K_TNS) |
            (UINT64_C(1) << K_EV);
  if (fields & ACDR_EVF(ARRIVAL))
    for (k = K_CHANNEL; k < K_COUNT; k++) allowed |= UINT64_C(1) << k;
  /* "reason": the status's or the arrival's, by kind */
  if (fields & ACDR_EVF(ARRIVAL)) allowed |= ACDR_EVF(REASON);
  if (f->seen & ~allowed) return -1;
  if (fast_get_int(f, K_TMS, 0, 0,
                   ACDR_EVENT_TMS_MAX, &tms) ||
      fast_get_int(f, K_TNS, 0, 0, ACDR_EVENT_TNS_MAX, &tns) ||
      (tms < 0) == (tns < 0))
    return -1;
  p->t = tms >= 0 ? (acdr_tstamp)tms * ACDR_MILLISECONDS : (acdr_tstamp)tns;
#define REQ(F) ((int)((req >> ACDR_EVF_IDX_##F) & 1))
#define HAS(F) (fields & ACDR_EVF(F))
  if ((HAS(CONTACT) && fast_get_str(f, ACDR_EVF_IDX_CONTACT, REQ(CONTACT),
                                    &ev->contact)) ||
      (HAS(QUEUE) &&
       fast_get_str(f, ACDR_EVF_IDX_QUEUE, REQ(QUEUE), &ev->queue)) ||
      (HAS(AGENT) &&
       fast_get_str(f, ACDR_EVF_IDX_AGENT, REQ(AGENT), &ev->agent)))
    return -1;
  if (HAS(STATUS)) {
    int32_t st = 0;
    if (fast_enum(f, ACDR_EVF_IDX_STATUS, 1, status_names, 2, &st))
      return -1;
    ev->status = st ? ACDR_AGENT_AWAY : ACDR_AGENT_AVAILABLE;
  }
  if (HAS(REASON) && fast_get_str(f, ACDR_EVF_IDX_REASON, 0, &ev->reason))
    return -1;
  if (HAS(ARRIVAL)) {
    acdr_contact_def *d = &p->arrival;
    const char *ch = NULL;
    int64_t prio = 0, hold = -1;
    acdr_contact_def_default(d);
    d->id = ev->contact;
    d->queue = ev->queue;
    if (fast_get_str(f, K_CHANNEL, 0, &ch)) return -1;
    if (ch && (d->channel = acdr_channel_parse(ch)) < 0) return -1;
    if (fast_get_int(f, K_PRIORITY, 0, INT32_MIN, INT32_MAX, &prio) ||
        fast_get_int(f, K_HOLD, 0, -1, INT32_MAX, &hold) ||
        fast_get_str(f, K_CUSTOMER, 0, &d->customer_id) ||
        fast_get_str(f, ACDR_EVF_IDX_REASON, 0, &d->reason) ||
        fast_get_str(f, K_PREFERRED_AGENT, 0, &d->preferred_agent))
      return -1;
    if (((f->seen >> K_ATTRS) & 1 && f->v[K_ATTRS].type != V_NEST) ||
        ((f->seen >> K_SKILLS) & 1 && f->v[K_SKILLS].type != V_NEST))
      return -1;
    d->priority = (int32_t)prio;
    d->preferred_hold_ms = hold;
    d->attrs = f->nattrs ? f->attrs : NULL;
    d->nattrs = f->nattrs;
    d->skills = f->nskills ? f->skills : NULL;
    d->nskills = f->nskills;
    ev->reason = NULL;
    ev->arrival = d;
  }
  if (HAS(HOW)) {
    ev->how = ACDR_REJECT_DECLINED;
    if (fast_enum(f, ACDR_EVF_IDX_HOW, 0, acdr_reject_names, ACDR_REJECT_NAMES, &ev->how))
      return -1;
  }
  if (HAS(ON) || HAS(OVERFLOW_WAITING)) {
    int id = HAS(ON) ? ACDR_EVF_IDX_ON : ACDR_EVF_IDX_OVERFLOW_WAITING;
    int b = 0;
    if ((f->seen >> id) & 1) {
      if (f->v[id].type != V_BOOL) return -1;
      b = (int)f->v[id].i;
    } else if ((req >> id) & 1) {
      return -1;
    }
    if (HAS(ON))
      ev->on = b;
    else
      ev->overflow_waiting = b;
  }
  if (HAS(PENALTY) || HAS(POSITION)) {
    int64_t pen = 0, pos = 0;
    if (fast_get_int(f, ACDR_EVF_IDX_PENALTY, REQ(PENALTY), INT32_MIN,
                     INT32_MAX, &pen) ||
        fast_get_int(f, ACDR_EVF_IDX_POSITION, REQ(POSITION), INT32_MIN,
                     INT32_MAX, &pos))
      return -1;
    ev->penalty = (int32_t)pen;
    ev->position = (int32_t)pos;
  }
  if (HAS(SCORE)) {
    int64_t sc = 0;
    if (fast_get_int(f, ACDR_EVF_IDX_SCORE, 1, 0, 10, &sc)) return -1;
    ev->score = (int32_t)sc;
  }
  if (HAS(CODES)) {
    if (!((f->seen >> ACDR_EVF_IDX_CODES) & 1) ||
        f->v[ACDR_EVF_IDX_CODES].type != V_NEST || !f->ncodes)
      return -1;
    ev->primary = p->codes[0];
    ev->tags = p->codes + 1;
    ev->ntags = f->ncodes - 1;
  }
  if ((HAS(KEY) && fast_get_str(f, ACDR_EVF_IDX_KEY, 1, &ev->key)) ||
      (HAS(DURATION) && fast_get_int(f, ACDR_EVF_IDX_DURATION, REQ(DURATION),
                                     0, INT64_MAX, &ev->duration_ms)) ||
      (HAS(CODE_ID) &&
       fast_get_str(f, ACDR_EVF_IDX_CODE_ID, 1, &ev->code_id)) ||
      (HAS(RULE_ID) &&
       fast_get_str(f, ACDR_EVF_IDX_RULE_ID, 1, &ev->rule_id)))
    return -1;
  if (HAS(HISTORY) || HAS(CHANGES)) {
    int64_t h = 0, c = 0;
    if (fast_get_int(f, ACDR_EVF_IDX_HISTORY, 1, 0, UINT32_MAX, &h) ||
        fast_get_int(f, ACDR_EVF_IDX_CHANGES, 1, 0, UINT32_MAX, &c))
      return -1;
    ev->history = (uint32_t)h;
    ev->changes = (uint32_t)c;
  }
#undef REQ
#undef HAS
  return 0;
}

int acdr_event_line_fast(acdr_engine *e, const char *line, size_t len,
                         int doit, acdr_tstamp *when) {
  char stackbuf[512], *buf = stackbuf;
  acdr_jlex lx;
  fast f;
  acdr_parsed p;
  int rv = ACDR_EVENT_FAST_NO;
  if (len >= sizeof(stackbuf) &&
      !(buf = acdr_mem_malloc(&e->mem, len + 1)))
    return ACDR_EVENT_FAST_NO; /* the general path reports the lack of memory */
  memcpy(buf, line, len);
  buf[len] = '\0';
  lx.s = buf;
  lx.n = len;
  lx.i = 0;
  lx.what = NULL;
  f.seen = 0;
  f.nattrs = f.nskills = f.ncodes = 0;
  /* acdr_event_apply reads p.ev and p.t only; the rest is set before it is
   * pointed to (the whole struct is kilobytes) */
  memset(&p.ev, 0, sizeof(p.ev));
  if (fast_scan(e, &lx, &f, &p) == 0 && fast_fill(&f, &p) == 0) {
    rv = acdr_event_finish(e, &p, doit, when);
  }
  if (buf != stackbuf) acdr_mem_free(&e->mem, buf);
  return rv;
}

