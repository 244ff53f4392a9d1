/* SPDX-License-Identifier: MIT */
/* A json-c tree through the writer, canonically: object keys in byte
 * order, so equal trees give equal text (module state in snapshots). */
#include <stdlib.h>
#include <string.h>

#include "json/json.h"

static int by_key(const void *x, const void *y) {
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Any json-c value, object keys in byte order. */
void acdr_jw_tree(acdr_jw *w, json_object *v) {
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
      for (i = 0; i < n; i++) acdr_jw_tree(w, json_object_array_get_idx(v, i));
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
        acdr_jw_tree(w, x);
      }
      acdr_mem_free(w->mem, keys);
      acdr_jw_obj_end(w);
      break;
    }
  }
}
