/* SPDX-License-Identifier: MIT */
/* The disposition module's part of a snapshot: its state (json_save.c /
 * json_load.c) written canonically as "dispositions", and the tie-break
 * order of the pending follow-ups' timers as "followup_seq", read back
 * together, so nothing outside the module knows its format. */
#include <string.h>

#include "disposition/disposition_int.h"
#include "json/json.h"

/* Arrays whose order is a hash map's are sorted by one string member;
 * one comparator per member (json-c's sort takes no context). */
static int by_member(json_object *a, json_object *b, const char *field) {
  json_object *va = NULL, *vb = NULL;
  (void)json_object_object_get_ex(a, field, &va);
  (void)json_object_object_get_ex(b, field, &vb);
  return strcmp(va ? json_object_get_string(va) : "",
                vb ? json_object_get_string(vb) : "");
}
#define BY_(FIELD)                                                         \
  static int by_##FIELD(const void *x, const void *y) {                    \
    return by_member(*(json_object *const *)x, *(json_object *const *)y,  \
                     #FIELD);                                              \
  }
BY_(key)
BY_(scope)
BY_(code)

static void sort_array(json_object *o, const char *member,
                       int (*cmp)(const void *, const void *)) {
  json_object *a = NULL;
  if (json_object_object_get_ex(o, member, &a) &&
      json_object_is_type(a, json_type_array))
    json_object_array_sort(a, cmp);
}

int acdr_snapshot_write_dispositions(acdr_engine *e, acdr_jw *w) {
  json_object *d = json_object_new_object(), *st = NULL;
  const acdr_fu *f;
  size_t i;
  int rv;
  if (!d) return acdr_err(e, ACDR_ERR_NOMEM, "out of memory (snapshot)");
  if ((rv = acdr_json_save_state(e, d)) != 0) {
    json_object_put(d);
    return rv;
  }
  sort_array(d, "dnc", by_key);
  sort_array(d, "stats", by_scope);
  if (json_object_object_get_ex(d, "stats", &st))
    for (i = 0; i < json_object_array_length(st); i++)
      sort_array(json_object_array_get_idx(st, i), "codes", by_code);
  acdr_jw_key(w, "dispositions");
  acdr_jw_tree(w, d);
  /* tie-break order of the pending follow-ups, in the order of
   * dispositions/pending */
  acdr_jw_key(w, "followup_seq");
  acdr_jw_arr(w);
  for (f = acdr_dispo_of(e)->pending; f; f = f->next)
    acdr_jw_u64(w, f->timer.seq);
  acdr_jw_arr_end(w);
  json_object_put(d);
  return 0;
}

/* `d` with its "pending" array reversed (into *pend: the original):
 * the module schedules follow-ups at the head of its list, so loading
 * them oldest first brings the list back in the saved order.  NULL when
 * out of memory. */
static json_object *oldest_first(json_object *d, json_object **pend) {
  json_object *in = json_object_new_object();
  size_t i;
  if (!in) return NULL;
  json_object_object_foreach(d, k, v) {
    json_object *x = json_object_get(v);
    if (strcmp(k, "pending") == 0 && json_object_is_type(v, json_type_array)) {
      json_object_put(x);
      *pend = v;
      if (!(x = json_object_new_array())) goto oom;
      for (i = json_object_array_length(v); i-- > 0;)
        if (json_object_array_add(
                x, json_object_get(json_object_array_get_idx(v, i))) != 0) {
          json_object_put(x);
          goto oom;
        }
    }
    if (json_object_object_add(in, k, x) != 0) {
      json_object_put(x);
      goto oom;
    }
  }
  return in;
oom:
  json_object_put(in);
  return NULL;
}

void acdr_snapshot_read_dispositions(acdr_engine *e, acdr_errs *er,
                                     json_object *root, json_object *d) {
  json_object *pend = NULL, *seqs = NULL, *in;
  acdr_fu *f;
  size_t i, n;
  int rv;
  if (!(in = oldest_first(d, &pend))) {
    acdr_errs_add(er, ACDR_ERR_NOMEM, "/dispositions", "out of memory");
    return;
  }
  if ((rv = acdr_json_load_state(e, in)) != 0) {
    acdr_errs_add(er, rv, "/dispositions", "%s", e->errmsg);
    goto done;
  }
  n = pend ? json_object_array_length(pend) : 0;
  if (!json_object_object_get_ex(root, "followup_seq", &seqs) ||
      !json_object_is_type(seqs, json_type_array) ||
      json_object_array_length(seqs) != n ||
      acdr_dispo_of(e)->npending != n) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, "/followup_seq",
                  "expected one sequence number per pending follow-up");
    goto done;
  }
  for (i = 0, f = acdr_dispo_of(e)->pending; f; f = f->next, i++) {
    json_object *s = json_object_array_get_idx(seqs, i);
    if (!json_object_is_type(s, json_type_int) ||
        json_object_get_int64(s) < 0) {
      acdr_errs_add(er, ACDR_ERR_CONFIG, "/followup_seq",
                    "expected unsigned integers");
      goto done;
    }
    f->timer.seq = json_object_get_uint64(s);
    acdr_heap_update(&e->timers, f->timer.heap_idx);
  }
done:
  json_object_put(in);
}
