/* The metric and disposition state in snapshots.  Both modules save and
 * load themselves as json-c trees (metrics_int.h, disposition_int.h);
 * this file writes those trees canonically (object keys sorted, unordered
 * sets sorted) so that equal states give equal text, and puts back what
 * the modules' own formats leave out: the tie-break order of the timers of
 * pending follow-ups. */
#include <stdlib.h>
#include <string.h>

#include "snapshot/snapshot_int.h"
#include "core/internal.h"
#include "disposition/disposition_int.h"
#include "metrics/metrics_int.h"

static int by_key(const void *x, const void *y) {
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Any json-c value, object keys in byte order. */
static void write_value(acdr_jw *w, json_object *v) {
  switch (json_object_get_type(v)) {
    case json_type_null: acdr_jw_null(w); break;
    case json_type_boolean: acdr_jw_bool(w, json_object_get_boolean(v)); break;
    case json_type_double: acdr_jw_f64(w, json_object_get_double(v)); break;
    case json_type_int: {
      int64_t x = json_object_get_int64(v);
      if (x < 0)
        acdr_jw_i64(w, x);
      else
        acdr_jw_u64(w, json_object_get_uint64(v));
      break;
    }
    case json_type_string: acdr_jw_str(w, json_object_get_string(v)); break;
    case json_type_array: {
      size_t i, n = json_object_array_length(v);
      acdr_jw_arr(w);
      for (i = 0; i < n; i++) write_value(w, json_object_array_get_idx(v, i));
      acdr_jw_arr_end(w);
      break;
    }
    case json_type_object: {
      size_t n = (size_t)json_object_object_length(v), i = 0;
      const char **keys = NULL;
      acdr_jw_obj(w);
      if (n && !(keys = acdr_mem_malloc(w->mem, n * sizeof(*keys)))) {
        w->oom = 1;
        acdr_jw_obj_end(w);
        break;
      }
      {
        json_object_object_foreach(v, k, val) {
          (void)val;
          keys[i++] = k;
        }
      }
      if (n) qsort(keys, n, sizeof(*keys), by_key);
      for (i = 0; i < n; i++) {
        json_object *x = NULL;
        acdr_jw_key(w, keys[i]);
        (void)json_object_object_get_ex(v, keys[i], &x);
        write_value(w, x);
      }
      acdr_mem_free(w->mem, keys);
      acdr_jw_obj_end(w);
      break;
    }
  }
}

/* Arrays whose order is a hash map's: sort them by one string member. */
static const char *sort_field;

static int by_field(const void *x, const void *y) {
  json_object *a = *(json_object *const *)x, *b = *(json_object *const *)y;
  json_object *va = NULL, *vb = NULL;
  const char *sa, *sb;
  (void)json_object_object_get_ex(a, sort_field, &va);
  (void)json_object_object_get_ex(b, sort_field, &vb);
  sa = va ? json_object_get_string(va) : "";
  sb = vb ? json_object_get_string(vb) : "";
  return strcmp(sa, sb);
}

static void sort_array(json_object *o, const char *member, const char *field) {
  json_object *a = NULL;
  if (!json_object_object_get_ex(o, member, &a) ||
      !json_object_is_type(a, json_type_array))
    return;
  sort_field = field;
  json_object_array_sort(a, by_field);
}

int acdr_snapshot_write_modules(acdr_jw *w, acdr_engine *e) {
  json_object *m = json_object_new_object(), *d = json_object_new_object();
  acdr_dispo *ds = acdr_dispo_of(e);
  const acdr_fu *f;
  int rv = 0;
  if (!m || !d) {
    rv = acdr_err(e, ACDR_ERR_NOMEM, "out of memory (snapshot)");
    goto out;
  }
  if ((rv = acdr_metrics_save_json(e, m)) != 0 ||
      (rv = acdr_json_save_state(e, d)) != 0)
    goto out;
  sort_array(d, "dnc", "key");
  sort_array(d, "stats", "scope");
  {
    json_object *st = NULL;
    size_t i;
    if (json_object_object_get_ex(d, "stats", &st))
      for (i = 0; i < json_object_array_length(st); i++)
        sort_array(json_object_array_get_idx(st, i), "codes", "code");
  }
  acdr_jw_key(w, "metrics");
  write_value(w, m);
  acdr_jw_key(w, "dispositions");
  write_value(w, d);
  /* tie-break order of the pending follow-ups, in the order of
   * dispositions/pending */
  acdr_jw_key(w, "followup_seq");
  acdr_jw_arr(w);
  for (f = ds->pending; f; f = f->next) acdr_jw_u64(w, f->timer.seq);
  acdr_jw_arr_end(w);
out:
  json_object_put(m);
  json_object_put(d);
  return rv;
}

void acdr_snapshot_restore_modules(acdr_engine *e, acdr_errs *er,
                                   json_object *root) {
  json_object *m = NULL, *d = NULL, *pend = NULL, *seqs = NULL, *in = NULL;
  acdr_fu *f;
  size_t i, n;
  int rv;
  if (!json_object_object_get_ex(root, "metrics", &m) ||
      !json_object_object_get_ex(root, "dispositions", &d) ||
      !json_object_is_type(d, json_type_object)) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, "",
                  "missing \"metrics\" or \"dispositions\"");
    return;
  }
  if ((rv = acdr_metrics_load_json(e, m)) != 0) {
    acdr_errs_add(er, rv, "/metrics", "%s", e->errmsg);
    return;
  }
  /* the module schedules follow-ups at the head of its list: load them
   * oldest first so the list comes back in the saved order */
  if (!(in = json_object_new_object())) goto oom;
  {
    json_object_object_foreach(d, k, v) {
      json_object *x = json_object_get(v);
      if (strcmp(k, "pending") == 0 && json_object_is_type(v, json_type_array)) {
        json_object_put(x);
        pend = v;
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
  goto done;
oom:
  acdr_errs_add(er, ACDR_ERR_NOMEM, "/dispositions", "out of memory");
done:
  json_object_put(in);
}
