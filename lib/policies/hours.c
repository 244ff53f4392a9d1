/* SPDX-License-Identifier: MIT */
/* Business hours: weekly schedule, holidays, local time, and the timer
 * that acts at closing time.  Civil dates by pure arithmetic
 * (days-from-civil); no libc time-zone functions. */
#include <stdio.h>
#include <string.h>

#include "policies/policy_int.h"
#include "core/event.h"
#include "util/civil.h"
#include "util/structlen.h"

#define DAY_S 86400
#define HORIZON_DAYS 8

typedef struct pol_day {
  acdr_interval *iv; /* sorted, merged */
  size_t n;
} pol_day;

typedef struct pol_holiday {
  int64_t day; /* days since 1970-01-01 */
  pol_day hours;
} pol_holiday;

typedef struct pol_hours {
  acdr_queue *q;
  pol_day week[7];
  pol_holiday *hol; /* sorted by day */
  size_t nhol;
  acdr_interval *pool; /* every interval above */
  char *closed_text;
  char *closed_target;
  int32_t closed_kind;
  int32_t at_closing;
  int was_open;      /* state at the last transition seen */
  acdr_timer timer;  /* next opening/closing (at_closing OVERFLOW only) */
} pol_hours;

/* ---- schedule lookup ---- */

static const pol_day *day_hours(const pol_hours *h, int64_t day) {
  size_t lo = 0, hi = h->nhol;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (h->hol[mid].day < day)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < h->nhol && h->hol[lo].day == day) return &h->hol[lo].hours;
  return &h->week[acdr_weekday_of(day)];
}

static int open_at(const pol_hours *h, int64_t local) {
  int64_t day = acdr_floor_div(local, DAY_S), sec = local - day * DAY_S;
  const pol_day *pd = day_hours(h, day);
  size_t i;
  for (i = 0; i < pd->n; i++)
    if ((int64_t)pd->iv[i].open_min * 60 <= sec &&
        sec < (int64_t)pd->iv[i].close_min * 60)
      return 1;
  return 0;
}

/* The next local second after `local` at which the state differs from
 * the state at `local`; or local + HORIZON_DAYS days if none that soon.
 * States change only at interval bounds and midnights, so those are the
 * only candidates, visited in increasing order. */
static int64_t next_change(const pol_hours *h, int64_t local, int cur) {
  int64_t day0 = acdr_floor_div(local, DAY_S), d;
  for (d = day0; d <= day0 + HORIZON_DAYS; d++) {
    const pol_day *pd = day_hours(h, d);
    size_t i;
    int64_t t = d * DAY_S;
    if (t > local && open_at(h, t) != cur) return t;
    for (i = 0; i < pd->n; i++) {
      t = d * DAY_S + (int64_t)pd->iv[i].open_min * 60;
      if (t > local && open_at(h, t) != cur) return t;
      t = d * DAY_S + (int64_t)pd->iv[i].close_min * 60;
      if (t > local && open_at(h, t) != cur) return t;
    }
  }
  return local + (int64_t)HORIZON_DAYS * DAY_S;
}

/* Local seconds of host time `now` for q. */
static int64_t local_time(acdr_engine *e, acdr_queue *q, acdr_tstamp now) {
  int64_t local = e->opt.unix_time_at_zero +
                  (int64_t)(now / ACDR_SECONDS) + q->def.utc_offset_s;
  if (e->cb.local_time) {
    int64_t l = 0;
    if (e->cb.local_time(e, q->id, now, &l, e->user_data) == 0)
      return l;
    /* the event still happens, on the fallback clock; only a call in
     * progress can report the failure */
    if (e->depth > 0) e->callback_failed = 1;
  }
  return local;
}

/* Host time at which local second `target` begins, seen from `now` whose
 * local second is `local` (target > local). */
static acdr_tstamp host_time_of(acdr_tstamp now, int64_t local,
                                int64_t target) {
  acdr_tstamp base = now - now % ACDR_SECONDS;
  acdr_tstamp delta = (acdr_tstamp)(target - local) * ACDR_SECONDS;
  return ACDR_TSTAMP_MAX - base < delta ? ACDR_TSTAMP_MAX : base + delta;
}

int acdr_policy_is_open(acdr_engine *e, acdr_queue *q, acdr_tstamp now) {
  const pol_hours *h = q->hours;
  if (!h) return 1;
  return open_at(h, local_time(e, q, now));
}

void acdr_policy_closed_action(const acdr_queue *q, int32_t *kind,
                               const char **target, const char **text) {
  const pol_hours *h = q->hours;
  *kind = h ? h->closed_kind : ACDR_OVERFLOW_NONE;
  *target = h ? h->closed_target : NULL;
  *text = h && h->closed_text ? h->closed_text : "";
}

/* ---- the closing-time timer ---- */

static void arm_transition(acdr_engine *e, pol_hours *h, acdr_tstamp now) {
  int64_t local;
  if (h->at_closing != ACDR_AT_CLOSING_OVERFLOW) {
    acdr_timer_disarm(e, &h->timer);
    return;
  }
  local = local_time(e, h->q, now);
  h->was_open = open_at(h, local);
  /* room was reserved when the hours were set; the timer stays in the
   * heap from then on, so re-arming never allocates */
  acdr_timer_arm_held(
      e, &h->timer,
      host_time_of(now, local, next_change(h, local, h->was_open)));
}

static void transition_fire(acdr_engine *e, acdr_timer *t, acdr_tstamp now) {
  pol_hours *h = (pol_hours *)(void *)((char *)t - offsetof(pol_hours, timer));
  int was_open = h->was_open;
  arm_transition(e, h, now);
  if (was_open && !h->was_open &&
      acdr_policy_evict_waiting(e, h->q, ACDR_OVERFLOW_CAUSE_CLOSED) != 0) {
    /* no memory for the actions: try the closing again a little later
     * (the timer is armed: moving it never allocates) */
    h->was_open = 1;
    acdr_timer_arm_held(e, &h->timer,
                        acdr_deadline(now, ACDR_POLICY_RETRY_NS /
                                               ACDR_MILLISECONDS));
  }
}

/* ---- setting hours ---- */

static void hours_free(acdr_engine *e, pol_hours *h) {
  if (!h) return;
  acdr_timer_disarm(e, &h->timer);
  acdr_mem_free(&e->mem, h->pool);
  acdr_mem_free(&e->mem, h->hol);
  acdr_defer_free(e, h->closed_text);
  acdr_defer_free(e, h->closed_target);
  acdr_mem_free(&e->mem, h);
}

void acdr_policy_queue_free(acdr_engine *e, acdr_queue *q) {
  hours_free(e, q->hours);
  q->hours = NULL;
  acdr_timer_disarm(e, &q->no_agent_timer);
}

void acdr_hours_default_versioned(int version, acdr_hours *h) {
  if (version != ACDR_HOURS_VERSION &&
      acdr_struct_default_old(ACDR_STRUCT(HOURS), version, h)) return;
  if (!h) return;
  memset(h, 0, sizeof(*h));
  h->closed_kind = ACDR_OVERFLOW_NONE;
  h->at_closing = ACDR_AT_CLOSING_KEEP;
}

static int check_day(acdr_engine *e, const char *qid, const char *what,
                     const acdr_interval *iv, size_t n) {
  size_t i;
  if (n > ACDR_HOURS_MAX_INTERVALS)
    return acdr_err(e, ACDR_ERR_LIMIT,
                    "queue \"%s\": %s has %zu intervals (max %d)", qid, what,
                    n, ACDR_HOURS_MAX_INTERVALS);
  if (n && !iv)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "queue \"%s\": %s intervals is NULL", qid, what);
  for (i = 0; i < n; i++)
    if (iv[i].open_min < 0 || iv[i].close_min > 1440 ||
        iv[i].open_min >= iv[i].close_min)
      return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                      "queue \"%s\": %s interval %zu is %d..%d minutes "
                      "(need 0 <= open < close <= 1440)",
                      qid, what, i, (int)iv[i].open_min,
                      (int)iv[i].close_min);
  return 0;
}

static int check_hours(acdr_engine *e, const char *qid, const acdr_hours *h,
                       int64_t *days) {
  static const char *names[] = {"Monday", "Tuesday",  "Wednesday",
                                "Thursday", "Friday", "Saturday", "Sunday"};
  size_t i, j;
  int rv;
  char what[48];
  for (i = 0; i < 7; i++)
    if ((rv = check_day(e, qid, names[i], h->week[i].intervals,
                        h->week[i].nintervals)) != 0)
      return rv;
  if (h->nholidays > ACDR_HOURS_MAX_HOLIDAYS)
    return acdr_err(e, ACDR_ERR_LIMIT, "queue \"%s\": %zu holidays (max %d)",
                    qid, h->nholidays, ACDR_HOURS_MAX_HOLIDAYS);
  if (h->nholidays && !h->holidays)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "queue \"%s\": holidays is NULL", qid);
  for (i = 0; i < h->nholidays; i++) {
    const acdr_holiday *hd = &h->holidays[i];
    if (acdr_civil_parse(hd->date, &days[i]) != 0)
      return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                      "queue \"%s\": holiday %zu: date \"%.16s\" is not a "
                      "valid YYYY-MM-DD",
                      qid, i, hd->date ? hd->date : "(null)");
    for (j = 0; j < i; j++)
      if (days[j] == days[i])
        return acdr_err(e, ACDR_ERR_DUPLICATE_ID,
                        "queue \"%s\": holiday %s listed twice", qid,
                        hd->date);
    snprintf(what, sizeof(what), "holiday %s", hd->date);
    if ((rv = check_day(e, qid, what, hd->intervals, hd->nintervals)) != 0)
      return rv;
  }
  if (h->closed_kind < ACDR_OVERFLOW_NONE ||
      h->closed_kind > ACDR_OVERFLOW_MESSAGE)
    return acdr_err(e, ACDR_ERR_RANGE, "queue \"%s\": closed_kind %d unknown",
                    qid, (int)h->closed_kind);
  if (h->closed_kind == ACDR_OVERFLOW_QUEUE &&
      (!h->closed_target || !*h->closed_target ||
       strcmp(h->closed_target, qid) == 0))
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "queue \"%s\": closed action to a queue needs a target "
                    "other than the queue itself",
                    qid);
  if (h->at_closing != ACDR_AT_CLOSING_KEEP &&
      h->at_closing != ACDR_AT_CLOSING_OVERFLOW)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "queue \"%s\": at_closing %d unknown", qid,
                    (int)h->at_closing);
  if ((h->closed_text &&
       strlen(h->closed_text) > 16 * (size_t)e->opt.max_id_len) ||
      (h->closed_target &&
       strlen(h->closed_target) > 16 * (size_t)e->opt.max_id_len))
    return acdr_err(e, ACDR_ERR_LIMIT,
                    "queue \"%s\": closed_text or closed_target too long",
                    qid);
  if (acdr_check_utf8(e, h->closed_text, "closed_text") ||
      acdr_check_utf8(e, h->closed_target, "closed_target"))
    return ACDR_ERR_INVALID_ARGUMENT;
  return 0;
}

size_t acdr_intervals_merge(acdr_interval *iv, size_t n) {
  size_t i, k = 0;
  for (i = 0; i < n; i++) {
    if (k && iv[i].open_min <= iv[k - 1].close_min) {
      if (iv[i].close_min > iv[k - 1].close_min)
        iv[k - 1].close_min = iv[i].close_min;
    } else {
      iv[k++] = iv[i];
    }
  }
  return k;
}

/* Copy intervals into the pool, sorted and merged. */
static void copy_day(pol_day *out, acdr_interval **pool,
                     const acdr_interval *iv, size_t n) {
  acdr_interval *p = *pool;
  size_t i, j;
  for (i = 0; i < n; i++) { /* insertion sort: n <= 96 */
    acdr_interval x = iv[i];
    for (j = i; j > 0 && p[j - 1].open_min > x.open_min; j--) p[j] = p[j - 1];
    p[j] = x;
  }
  out->iv = p;
  out->n = acdr_intervals_merge(p, n);
  *pool = p + n;
}

static pol_hours *build(acdr_engine *e, acdr_queue *q, const acdr_hours *h,
                        const int64_t *days) {
  pol_hours *ph = acdr_mem_calloc(&e->mem, 1, sizeof(*ph));
  size_t total = 0, i;
  acdr_interval *pool;
  if (!ph) return NULL;
  acdr_timer_init(&ph->timer, transition_fire);
  for (i = 0; i < 7; i++) total += h->week[i].nintervals;
  for (i = 0; i < h->nholidays; i++) total += h->holidays[i].nintervals;
  ph->pool = acdr_mem_calloc(&e->mem, total, sizeof(*ph->pool));
  ph->hol = acdr_mem_calloc(&e->mem, h->nholidays, sizeof(*ph->hol));
  ph->closed_text =
      h->closed_text ? acdr_mem_strdup(&e->mem, h->closed_text) : NULL;
  ph->closed_target =
      h->closed_target ? acdr_mem_strdup(&e->mem, h->closed_target) : NULL;
  if (!ph->pool || !ph->hol || (h->closed_text && !ph->closed_text) ||
      (h->closed_target && !ph->closed_target)) {
    hours_free(e, ph);
    return NULL;
  }
  pool = ph->pool;
  for (i = 0; i < 7; i++)
    copy_day(&ph->week[i], &pool, h->week[i].intervals,
             h->week[i].nintervals);
  for (i = 0; i < h->nholidays; i++) { /* insertion by date */
    size_t j;
    pol_holiday x;
    x.day = days[i];
    copy_day(&x.hours, &pool, h->holidays[i].intervals,
             h->holidays[i].nintervals);
    for (j = i; j > 0 && ph->hol[j - 1].day > x.day; j--)
      ph->hol[j] = ph->hol[j - 1];
    ph->hol[j] = x;
  }
  ph->nhol = h->nholidays;
  ph->closed_kind = h->closed_kind;
  ph->at_closing = h->at_closing;
  ph->q = q;
  return ph;
}

int acdr_queue_set_hours_versioned(acdr_engine *e, const char *qid,
                                   int version, const acdr_hours *h) {
  ACDR_STRUCT_IN(HOURS, acdr_hours, version, h);
  acdr_queue *q;
  pol_hours *ph = NULL;
  int64_t *days = NULL;
  int rv, was_open;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if ((rv = acdr_enter(e, e->now)) != 0) return rv;
  if ((rv = acdr_find_queue(e, qid, &q)) != 0) return acdr_leave(e, rv);
  if (h && version != ACDR_HOURS_VERSION)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_VERSION,
                                  "hours version %d unknown", version));
  if (h) {
    if (!(days = acdr_mem_calloc(&e->mem, h->nholidays, sizeof(*days))))
      return acdr_leave(e, acdr_err(e, ACDR_ERR_NOMEM, "out of memory"));
    if ((rv = check_hours(e, qid, h, days)) != 0) {
      acdr_mem_free(&e->mem, days);
      return acdr_leave(e, rv);
    }
    ph = build(e, q, h, days);
    acdr_mem_free(&e->mem, days);
    if (!ph || acdr_timers_reserve(e, 1) != 0 ||
        acdr_actions_reserve(e, ACDR_BUDGET_STEP + acdr_budget_evict(q)) != 0) {
      hours_free(e, ph);
      return acdr_leave(e, acdr_err(e, ACDR_ERR_NOMEM, "out of memory"));
    }
  }
  was_open = acdr_policy_is_open(e, q, e->now);
  hours_free(e, q->hours);
  q->hours = ph;
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_HOURS, .queue = q->id,
                                   .hours = h});
  if (!ph) return acdr_leave(e, 0);
  arm_transition(e, ph, e->now);
  /* becoming closed now is a closing time like any other */
  if (was_open && ph->at_closing == ACDR_AT_CLOSING_OVERFLOW &&
      !acdr_policy_is_open(e, q, e->now)) {
    /* room reserved above: cannot fail */
    acdr_must(acdr_policy_evict_waiting(e, q, ACDR_OVERFLOW_CAUSE_CLOSED));
  }
  return acdr_leave(e, 0);
}

int acdr_queue_hours_state(acdr_engine *e, const char *qid, acdr_tstamp now,
                           int32_t *open, acdr_tstamp *next) {
  acdr_queue *q;
  pol_hours *h;
  int64_t local;
  int rv, saved, failed;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!open || !next)
    return acdr_err_null(e, "hours state: open or next_change");
  if ((rv = acdr_find_queue(e, qid, &q)) != 0) return rv;
  h = q->hours;
  if (!h) {
    *open = 1;
    *next = ACDR_TSTAMP_MAX;
    return 0;
  }
  saved = e->callback_failed; /* may run inside a callback */
  e->callback_failed = 0;
  e->depth++; /* let local_time() record a callback failure */
  local = local_time(e, q, now);
  e->depth--;
  failed = e->callback_failed;
  e->callback_failed = saved;
  *open = open_at(h, local);
  *next = host_time_of(now, local, next_change(h, local, *open));
  if (failed) {
    return acdr_err(e, ACDR_ERR_CALLBACK_FAILURE,
                    "queue \"%s\": local_time callback failed", qid);
  }
  return 0;
}

/* ---- for lib/config: reading hours back, snapshot state ---- */

int acdr_policy_hours_get(acdr_engine *e, const acdr_queue *q,
                          acdr_hours *out, void **buf) {
  const pol_hours *h = q->hours;
  acdr_holiday *hol = NULL;
  char *dates;
  size_t i;
  if (!h) return 0;
  if (h->nhol &&
      !(hol = acdr_mem_calloc(&e->mem, 1, h->nhol * (sizeof(*hol) + 11))))
    return ACDR_ERR_NOMEM;
  acdr_hours_default(out);
  for (i = 0; i < 7; i++) {
    out->week[i].intervals = h->week[i].iv;
    out->week[i].nintervals = h->week[i].n;
  }
  /* no holidays: hol is NULL, and NULL + 0 is undefined */
  dates = hol ? (char *)(hol + h->nhol) : NULL;
  for (i = 0; i < h->nhol; i++) {
    acdr_civil_format(h->hol[i].day, dates + 11 * i);
    hol[i].date = dates + 11 * i;
    hol[i].intervals = h->hol[i].hours.iv;
    hol[i].nintervals = h->hol[i].hours.n;
  }
  out->holidays = hol;
  out->nholidays = h->nhol;
  out->closed_text = h->closed_text;
  out->closed_kind = h->closed_kind;
  out->at_closing = h->at_closing;
  out->closed_target = h->closed_target;
  *buf = hol;
  return 1;
}

acdr_timer *acdr_policy_hours_timer(acdr_queue *q, int **was_open) {
  pol_hours *h = q->hours;
  if (!h) return NULL;
  *was_open = &h->was_open;
  return &h->timer;
}
