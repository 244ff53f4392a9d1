/* SPDX-License-Identifier: MIT */
/* A queue's business hours in the configuration document ("hours"):
 * reading with every error at its JSON pointer, writing, and applying
 * through acdr_queue_set_hours (docs/config.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_int.h"
#include "core/internal.h"
#include "policies/policy_int.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const day_names[7] = {"monday", "tuesday", "wednesday",
                                         "thursday", "friday", "saturday",
                                         "sunday"};
static const char *const at_closing_names[2] = {"keep", "overflow"};
static const char *const hours_keys[] = {
    "monday",     "tuesday",     "wednesday",   "thursday",
    "friday",     "saturday",    "sunday",      "holidays",
    "closed_text", "closed_kind", "closed_target", "at_closing"};
static const char *const holiday_keys[] = {"date", "open"};

/* "HH:MM" (00:00 .. 24:00) -> minutes, -1 if malformed. */
static int hhmm(const char *s) {
  int h, m;
  if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[2] != ':' ||
      s[3] < '0' || s[3] > '5' || s[4] < '0' || s[4] > '9')
    return -1;
  h = (s[0] - '0') * 10 + (s[1] - '0');
  m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 24 || (h == 24 && m)) return -1;
  return h * 60 + m;
}

static int valid_date(const char *s) {
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int i, y, m, d, dim;
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
  for (i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 0;
  y = atoi(s);
  m = (s[5] - '0') * 10 + (s[6] - '0');
  d = (s[8] - '0') * 10 + (s[9] - '0');
  if (y < 1 || m < 1 || m > 12) return 0;
  dim = mdays[m - 1] +
        (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
  return d >= 1 && d <= dim;
}

static int by_open(const void *x, const void *y) {
  const acdr_interval *a = x, *b = y;
  if (a->open_min != b->open_min) return a->open_min < b->open_min ? -1 : 1;
  return a->close_min < b->close_min ? -1 : a->close_min > b->close_min;
}

static int by_date(const void *x, const void *y) {
  return strcmp(((const acdr_holiday *)x)->date,
                ((const acdr_holiday *)y)->date);
}

/* Sort and merge overlapping or touching intervals, as the engine does. */
static size_t normalize(acdr_interval *iv, size_t n) {
  if (!n) return 0;
  qsort(iv, n, sizeof(*iv), by_open);
  return acdr_intervals_merge(iv, n);
}

/* An array of "HH:MM-HH:MM" at a[key] (or `arr` itself when key is NULL)
 * into iv[*used...]; returns the number read. */
static size_t read_intervals(acdr_errs *er, json_object *arr, const char *p,
                             acdr_interval *iv) {
  size_t i, n = json_object_array_length(arr), k = 0;
  if (n > ACDR_HOURS_MAX_INTERVALS) {
    acdr_errs_add(er, ACDR_ERR_LIMIT, p, "%zu intervals (at most %d)", n,
                  ACDR_HOURS_MAX_INTERVALS);
    return 0;
  }
  for (i = 0; i < n; i++) {
    json_object *v = json_object_array_get_idx(arr, i);
    const char *s = json_object_get_string(v);
    char ip[ACDR_PTR_MAX];
    int o, c;
    acdr_ptr_idx(ip, p, i);
    if (!json_object_is_type(v, json_type_string) || strlen(s) != 11 ||
        s[5] != '-' || (o = hhmm(s)) < 0 || (c = hhmm(s + 6)) < 0) {
      acdr_errs_add(er, ACDR_ERR_CONFIG, ip,
                    "expected \"HH:MM-HH:MM\" (00:00 to 24:00), got %s",
                    json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
      continue;
    }
    if (o >= c) {
      acdr_errs_add(er, ACDR_ERR_CONFIG, ip,
                    "\"%s\" closes before it opens (a night shift is two "
                    "intervals: \"22:00-24:00\" and \"00:00-02:00\" the next "
                    "day)",
                    s);
      continue;
    }
    iv[k].open_min = o;
    iv[k].close_min = c;
    k++;
  }
  return normalize(iv, k);
}

static json_object *array_or_error(acdr_errs *er, json_object *v,
                                   const char *p) {
  if (!json_object_is_type(v, json_type_array)) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, p, "expected an array");
    return NULL;
  }
  return v;
}

void acdr_cfg_hours_clear(acdr_engine *e, acdr_cfg_hours *h) {
  acdr_mem_free(&e->mem, h->iv);
  acdr_mem_free(&e->mem, h->hol);
  memset(h, 0, sizeof(*h));
}

/* The next free interval slot.  iv is NULL when the document has no
 * interval at all (empty days, holidays without "open"), and NULL + 0 is
 * undefined behaviour. */
static acdr_interval *iv_at(const acdr_cfg_hours *out, size_t used) {
  return out->iv ? out->iv + used : NULL;
}

int acdr_cfg_hours_from_json(acdr_errs *er, json_object *o, const char *ptr,
                             acdr_cfg_hours *out) {
  acdr_engine *e = er->e;
  size_t before = er->count, total = 0, nhol = 0, i, used = 0;
  json_object *v, *hols = NULL;
  char p[ACDR_PTR_MAX];
  const char *s = NULL;
  acdr_hours *h = &out->h;
  memset(out, 0, sizeof(*out));
  acdr_hours_default(h);
  if (!o) return 0; /* null: no hours */
  if (acdr_jobject(er, o, ptr, hours_keys, NELEM(hours_keys)) != 0 &&
      !json_object_is_type(o, json_type_object))
    return -1;
  out->present = 1;
  /* room for every interval */
  for (i = 0; i < 7; i++) {
    acdr_ptr_key(p, ptr, day_names[i]);
    if (json_object_object_get_ex(o, day_names[i], &v) &&
        array_or_error(er, v, p))
      total += json_object_array_length(v);
  }
  if (json_object_object_get_ex(o, "holidays", &hols)) {
    acdr_ptr_key(p, ptr, "holidays");
    if (!array_or_error(er, hols, p)) {
      hols = NULL;
    } else if ((nhol = json_object_array_length(hols)) >
               ACDR_HOURS_MAX_HOLIDAYS) {
      acdr_errs_add(er, ACDR_ERR_LIMIT, p, "%zu holidays (at most %d)", nhol,
                    ACDR_HOURS_MAX_HOLIDAYS);
      hols = NULL;
      nhol = 0;
    }
    for (i = 0; i < nhol; i++) {
      json_object *hd = json_object_array_get_idx(hols, i), *op;
      if (json_object_is_type(hd, json_type_object) &&
          json_object_object_get_ex(hd, "open", &op) &&
          json_object_is_type(op, json_type_array))
        total += json_object_array_length(op);
    }
  }
  if ((total && !(out->iv = acdr_mem_calloc(&e->mem, total,
                                            sizeof(*out->iv)))) ||
      (nhol && !(out->hol = acdr_mem_calloc(&e->mem, nhol,
                                            sizeof(*out->hol))))) {
    acdr_errs_add(er, ACDR_ERR_NOMEM, ptr, "out of memory");
    return -1;
  }
  for (i = 0; i < 7; i++) {
    acdr_ptr_key(p, ptr, day_names[i]);
    if (!json_object_object_get_ex(o, day_names[i], &v) ||
        !json_object_is_type(v, json_type_array))
      continue;
    h->week[i].intervals = iv_at(out, used);
    h->week[i].nintervals = read_intervals(er, v, p, iv_at(out, used));
    used += h->week[i].nintervals;
  }
  for (i = 0; i < nhol; i++) {
    json_object *hd = json_object_array_get_idx(hols, i), *op;
    char hp[ACDR_PTR_MAX], hp2[ACDR_PTR_MAX];
    const char *date = NULL;
    size_t j;
    acdr_ptr_key(p, ptr, "holidays");
    acdr_ptr_idx(hp, p, i);
    if (acdr_jobject(er, hd, hp, holiday_keys, NELEM(holiday_keys)) != 0 &&
        !json_object_is_type(hd, json_type_object))
      continue;
    if (acdr_jstr(er, hd, hp, "date", 1, &date) != 0) continue;
    acdr_ptr_key(hp2, hp, "date");
    if (!valid_date(date)) {
      acdr_errs_add(er, ACDR_ERR_CONFIG, hp2,
                    "\"%s\" is not a date YYYY-MM-DD", date);
      continue;
    }
    for (j = 0; j < h->nholidays; j++)
      if (strcmp(out->hol[j].date, date) == 0) break;
    if (j < h->nholidays) {
      acdr_errs_add(er, ACDR_ERR_DUPLICATE_ID, hp2,
                    "holiday %s is listed twice", date);
      continue;
    }
    out->hol[h->nholidays].date = date;
    out->hol[h->nholidays].intervals = iv_at(out, used);
    acdr_ptr_key(hp2, hp, "open");
    if (json_object_object_get_ex(hd, "open", &op) &&
        array_or_error(er, op, hp2)) {
      out->hol[h->nholidays].nintervals =
          read_intervals(er, op, hp2, iv_at(out, used));
      used += out->hol[h->nholidays].nintervals;
    }
    h->nholidays++;
  }
  if (h->nholidays) qsort(out->hol, h->nholidays, sizeof(*out->hol), by_date);
  h->holidays = out->hol;
  (void)acdr_jstr(er, o, ptr, "closed_text", 0, &h->closed_text);
  (void)acdr_jstr(er, o, ptr, "closed_target", 0, &h->closed_target);
  acdr_cfg_read_kind(er, o, ptr, "closed_kind", "closed kind",
                     " (none, queue, voicemail, callback or message)",
                     &h->closed_kind);
  s = NULL;
  if (acdr_jstr(er, o, ptr, "at_closing", 0, &s) == 0 && s) {
    acdr_ptr_key(p, ptr, "at_closing");
    if (strcmp(s, "keep") == 0)
      h->at_closing = ACDR_AT_CLOSING_KEEP;
    else if (strcmp(s, "overflow") == 0)
      h->at_closing = ACDR_AT_CLOSING_OVERFLOW;
    else
      acdr_errs_add(er, ACDR_ERR_CONFIG, p,
                    "unknown at_closing \"%s\" (keep or overflow)", s);
  }
  if (h->closed_kind == ACDR_OVERFLOW_QUEUE &&
      (!h->closed_target || !*h->closed_target)) {
    acdr_ptr_key(p, ptr, "closed_target");
    acdr_errs_add(er, ACDR_ERR_CONFIG, p,
                  "closed_kind \"queue\" needs a target queue");
  }
  if ((h->closed_text &&
       strlen(h->closed_text) > 16 * (size_t)e->opt.max_id_len) ||
      (h->closed_target &&
       strlen(h->closed_target) > 16 * (size_t)e->opt.max_id_len)) {
    acdr_ptr_key(p, ptr, h->closed_text && strlen(h->closed_text) >
                                               16 * (size_t)e->opt.max_id_len
                             ? "closed_text"
                             : "closed_target");
    acdr_errs_add(er, ACDR_ERR_LIMIT, p, "longer than %zu bytes",
                  16 * (size_t)e->opt.max_id_len);
  }
  return er->count > before ? -1 : 0;
}

void acdr_cfg_read_hours(acdr_errs *er, json_object *o, const char *ptr,
                         acdr_cfg_hours *out) {
  json_object *v;
  char p[ACDR_PTR_MAX];
  memset(out, 0, sizeof(*out));
  if (!json_object_object_get_ex(o, "hours", &v) || !v) return;
  acdr_ptr_key(p, ptr, "hours");
  (void)acdr_cfg_hours_from_json(er, v, p, out);
}

void acdr_cfg_check_hours_refs(acdr_errs *er, const acdr_cfg *c) {
  size_t i;
  for (i = 0; i < c->nqueues; i++) {
    const acdr_cfg_queue *q = &c->queues[i];
    const char *t = q->hours.h.closed_target;
    char p[ACDR_PTR_MAX], hp[ACDR_PTR_MAX];
    if (!q->hours.present || q->hours.h.closed_kind != ACDR_OVERFLOW_QUEUE ||
        !t || !*t || !q->def.id)
      continue;
    acdr_ptr_key(hp, q->ptr, "hours");
    acdr_ptr_key(p, hp, "closed_target");
    if (strcmp(t, q->def.id) == 0) {
      acdr_errs_add(er, ACDR_ERR_CONFIG, p,
                    "a queue cannot send its closed contacts to itself");
      continue;
    }
    if (!acdr_cfg_queue_of(c, t)) {
      char hint[ACDR_PTR_MAX + 32];
      acdr_errs_add(er, ACDR_ERR_QUEUE_NOT_FOUND, p, "unknown queue \"%s\"%s",
                    t, acdr_cfg_hint(er, c, 1, t, hint, sizeof(hint)));
    }
  }
}

/* ---- writing ---- */

static void write_intervals(acdr_jw *w, const char *key,
                            const acdr_interval *iv, size_t n) {
  int pretty = w->pretty;
  size_t i;
  acdr_jw_key(w, key);
  w->pretty = 0; /* a day on one line */
  acdr_jw_arr(w);
  for (i = 0; i < n; i++) {
    char s[16];
    snprintf(s, sizeof(s), "%02d:%02d-%02d:%02d",
             (int)(iv[i].open_min / 60 % 100), (int)(iv[i].open_min % 60),
             (int)(iv[i].close_min / 60 % 100), (int)(iv[i].close_min % 60));
    acdr_jw_str(w, s);
  }
  acdr_jw_arr_end(w);
  w->pretty = pretty;
}

void acdr_cfg_write_hours(acdr_jw *w, const acdr_hours *h) {
  size_t i;
  if (!h) {
    acdr_jw_null(w);
    return;
  }
  acdr_jw_obj(w);
  for (i = 0; i < 7; i++)
    write_intervals(w, day_names[i], h->week[i].intervals,
                    h->week[i].nintervals);
  acdr_jw_key(w, "holidays");
  acdr_jw_arr(w);
  for (i = 0; i < h->nholidays; i++) {
    int pretty = w->pretty;
    acdr_jw_obj(w);
    w->pretty = 0; /* a holiday on one line */
    acdr_jw_kstr(w, "date", h->holidays[i].date);
    write_intervals(w, "open", h->holidays[i].intervals,
                    h->holidays[i].nintervals);
    acdr_jw_obj_end(w);
    w->pretty = pretty;
  }
  acdr_jw_arr_end(w);
  if (h->closed_text) acdr_jw_kstr(w, "closed_text", h->closed_text);
  acdr_jw_kstr(w, "closed_kind",
               h->closed_kind >= 0 && h->closed_kind < 5
                   ? acdr_overflow_kind_names[h->closed_kind]
                   : "none");
  if (h->closed_target) acdr_jw_kstr(w, "closed_target", h->closed_target);
  acdr_jw_kstr(w, "at_closing",
               at_closing_names[h->at_closing == ACDR_AT_CLOSING_OVERFLOW]);
  acdr_jw_obj_end(w);
}

/* ---- applying ---- */

/* The engine's hours of q as compact text (NULL: none or out of memory,
 * *oom says which). */
static char *current_text(acdr_engine *e, const acdr_queue *q, int *oom) {
  acdr_hours h;
  void *buf = NULL;
  acdr_jw w;
  char *s;
  int rv = acdr_policy_hours_get(e, q, &h, &buf);
  *oom = rv < 0;
  if (rv <= 0) return NULL;
  acdr_jw_init(&w, &e->mem, 0);
  acdr_cfg_write_hours(&w, &h);
  acdr_mem_free(&e->mem, buf);
  if (!(s = acdr_jw_take(&w, NULL))) *oom = 1;
  return s;
}

int acdr_cfg_apply_hours(acdr_engine *e, const acdr_cfg *c) {
  size_t i;
  int rv = 0;
  for (i = 0; i < c->nqueues && !rv; i++) {
    const acdr_cfg_queue *dq = &c->queues[i];
    acdr_queue *q = acdr_map_get(&e->queues, dq->def.id);
    char *cur, *doc = NULL;
    int oom, same;
    if (!q) continue;
    cur = current_text(e, q, &oom);
    if (oom) return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
    if (dq->hours.present) {
      acdr_jw w;
      acdr_jw_init(&w, &e->mem, 0);
      acdr_cfg_write_hours(&w, &dq->hours.h);
      if (!(doc = acdr_jw_take(&w, NULL))) {
        acdr_mem_free(&e->mem, cur);
        return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
      }
    }
    same = (!cur && !doc) || (cur && doc && strcmp(cur, doc) == 0);
    acdr_mem_free(&e->mem, cur);
    acdr_mem_free(&e->mem, doc);
    if (!same)
      rv = acdr_queue_set_hours(e, dq->def.id,
                                dq->hours.present ? &dq->hours.h : NULL);
  }
  return rv;
}
