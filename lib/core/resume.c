/* SPDX-License-Identifier: MIT */
/* Abandoned resume (mod_callcenter `abandoned-resume-allowed` with
 * `discard-abandoned-after`): a caller who abandons a queue and arrives in
 * it again within the queue's abandoned_resume_ms takes back its place.
 *
 * Per queue: the abandoned callers by key (customer id, else contact id)
 * and in the order they abandoned.  Engine time never goes back, so that
 * order is also the order of expiry: expired records leave from the head,
 * O(1) each, whenever a record is added or looked for. */
#include <string.h>

#include "core/internal.h"

struct acdr_resume {
  acdr_map map; /* key -> record */
  acdr_resume_rec *head, *tail;
};

/* The key of c: its customer id with a prefix that keeps it apart from
 * contact ids, else its contact id. */
static size_t key_of(const acdr_contact *c, char *buf, size_t cap) {
  const char *cust = acdr_contact_customer(c);
  size_t n = strlen(cust ? cust : c->id) + 3;
  if (buf && n <= cap) {
    buf[0] = cust ? 'u' : 'c';
    buf[1] = ':';
    memcpy(buf + 2, cust ? cust : c->id, n - 2);
  }
  return n;
}

static void unlink_rec(acdr_resume *rs, acdr_resume_rec *r) {
  if (r->prev) r->prev->next = r->next; else rs->head = r->next;
  if (r->next) r->next->prev = r->prev; else rs->tail = r->prev;
  acdr_map_del(&rs->map, r->key);
}

static void purge(acdr_engine *e, acdr_queue *q) {
  acdr_resume *rs = q->resume;
  int64_t ms = q->def.abandoned_resume_ms;
  while (rs && rs->head &&
         (ms <= 0 || acdr_deadline(rs->head->abandoned_at, ms) < e->now)) {
    acdr_resume_rec *r = rs->head;
    unlink_rec(rs, r);
    acdr_mem_free(&e->mem, r);
  }
}

int acdr_resume_reserve(acdr_engine *e, acdr_queue *q, const acdr_contact *c,
                        acdr_resume_rec **out) {
  size_t n;
  *out = NULL;
  if (q->def.abandoned_resume_ms <= 0 || c->is_callback) return 0;
  if (!q->resume) {
    if (!(q->resume = acdr_mem_calloc(&e->mem, 1, sizeof(*q->resume))))
      return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
    acdr_map_init(&q->resume->map);
  }
  n = key_of(c, NULL, 0);
  if (acdr_map_reserve(&q->resume->map, &e->mem, 1) != 0 ||
      !(*out = acdr_mem_calloc(&e->mem, 1, sizeof(**out) + n)))
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  key_of(c, (*out)->key, n);
  return 0;
}

void acdr_resume_commit(acdr_engine *e, acdr_queue *q, acdr_resume_rec *r,
                        const acdr_contact *c) {
  if (!r) return;
  r->abandoned_at = e->now;
  r->arrival = c->arrival;
  r->line_at = c->line_at;
  r->head_start_ms = acdr_contact_head_start_ms(c);
  acdr_resume_append(e, q, r);
}

void acdr_resume_append(acdr_engine *e, acdr_queue *q, acdr_resume_rec *r) {
  acdr_resume *rs = q->resume;
  acdr_resume_rec *old = acdr_map_get(&rs->map, r->key);
  if (old) { /* abandoned again: the latest place counts */
    unlink_rec(rs, old);
    acdr_mem_free(&e->mem, old);
  }
  purge(e, q);
  r->prev = rs->tail;
  r->next = NULL;
  if (rs->tail) rs->tail->next = r; else rs->head = r;
  rs->tail = r;
  acdr_must(acdr_map_put(&rs->map, &e->mem, r->key, r)); /* reserved */
}

const acdr_resume_rec *acdr_resume_find(acdr_engine *e, acdr_queue *q,
                                        const acdr_contact *c) {
  char buf[512];
  size_t n;
  if (!q->resume || q->def.abandoned_resume_ms <= 0) return NULL;
  purge(e, q);
  if ((n = key_of(c, buf, sizeof(buf))) > sizeof(buf)) return NULL;
  return acdr_map_get(&q->resume->map, buf);
}

void acdr_resume_drop(acdr_engine *e, acdr_queue *q,
                      const acdr_resume_rec *r) {
  acdr_resume_rec *m = (acdr_resume_rec *)(uintptr_t)r;
  unlink_rec(q->resume, m);
  acdr_mem_free(&e->mem, m);
}

const acdr_resume_rec *acdr_resume_first(const acdr_queue *q) {
  return q->resume ? q->resume->head : NULL;
}

acdr_resume_rec *acdr_resume_new(acdr_engine *e, acdr_queue *q,
                                 const char *key) {
  size_t n = strlen(key) + 1;
  acdr_resume_rec *r;
  if (!q->resume) {
    if (!(q->resume = acdr_mem_calloc(&e->mem, 1, sizeof(*q->resume))))
      return NULL;
    acdr_map_init(&q->resume->map);
  }
  if (acdr_map_reserve(&q->resume->map, &e->mem, 1) != 0 ||
      !(r = acdr_mem_calloc(&e->mem, 1, sizeof(*r) + n)))
    return NULL;
  memcpy(r->key, key, n);
  return r;
}

void acdr_resume_free(acdr_engine *e, acdr_queue *q) {
  acdr_resume *rs = q->resume;
  if (!rs) return;
  while (rs->head) {
    acdr_resume_rec *r = rs->head;
    rs->head = r->next;
    acdr_mem_free(&e->mem, r);
  }
  acdr_map_free(&rs->map, &e->mem);
  acdr_mem_free(&e->mem, rs);
  q->resume = NULL;
}
