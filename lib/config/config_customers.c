/* SPDX-License-Identifier: MIT */
/* The "customers" section of the configuration document: the customer
 * memory's bounds (customer.h, docs/config.md). */
#include <string.h>

#include "config/config_int.h"
#include "core/internal.h"
#include "customers/customers_int.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const customer_keys[] = {"max_customers", "expiry_ms",
                                            "max_bytes", "history"};

void acdr_cfg_read_customers(acdr_errs *er, json_object *root,
                             const char *ptr, acdr_cfg_customers *c) {
  json_object *o;
  char p[ACDR_PTR_MAX];
  int64_t v;
  memset(c, 0, sizeof(*c));
  c->expiry_ms = ACDR_CUST_EXPIRY_DEFAULT_MS;
  c->history = ACDR_CUST_HISTORY_DEFAULT;
  if (!json_object_object_get_ex(root, "customers", &o)) return;
  acdr_ptr_key(p, ptr, "customers");
  c->present = 1;
  if (acdr_jobject(er, o, p, customer_keys, NELEM(customer_keys)) != 0 &&
      !json_object_is_type(o, json_type_object))
    return;
  v = 0;
  if (!acdr_jint(er, o, p, "max_customers", 0, 0, ACDR_CUSTOMER_MAX, &v))
    c->max = (uint32_t)v;
  v = c->expiry_ms;
  if (!acdr_jint(er, o, p, "expiry_ms", 0, 0, ACDR_CUSTOMER_EXPIRY_MAX_MS, &v))
    c->expiry_ms = v;
  v = 0;
  if (!acdr_jint(er, o, p, "max_bytes", 0, 0, INT64_MAX, &v))
    c->max_bytes = (uint64_t)v;
  v = c->history;
  if (!acdr_jint(er, o, p, "history", 0, 0, ACDR_CUSTOMER_HISTORY_MAX, &v))
    c->history = (uint32_t)v;
}

int acdr_cfg_apply_customers(acdr_engine *e, const acdr_cfg_customers *c) {
  uint32_t max, history;
  int64_t expiry;
  uint64_t bytes;
  if (!c->present) return 0;
  (void)acdr_customer_memory_get(e, &max, &expiry, &bytes, &history, NULL,
                                 NULL, NULL);
  if (max == c->max && expiry == c->expiry_ms && bytes == c->max_bytes &&
      history == c->history)
    return 0;
  return acdr_cust_set_limits(e, c->max, c->expiry_ms, c->max_bytes,
                              c->history);
}

void acdr_cfg_write_customers_obj(acdr_jw *w, const acdr_engine *e) {
  uint32_t max = 0, history = 0;
  int64_t expiry = 0;
  uint64_t bytes = 0;
  (void)acdr_customer_memory_get(e, &max, &expiry, &bytes, &history, NULL,
                                 NULL, NULL);
  acdr_jw_obj(w);
  acdr_jw_ku64(w, "max_customers", max);
  acdr_jw_ki64(w, "expiry_ms", expiry);
  acdr_jw_ku64(w, "max_bytes", bytes);
  acdr_jw_ku64(w, "history", history);
  acdr_jw_obj_end(w);
}

void acdr_cfg_write_customers(acdr_jw *w, const acdr_engine *e) {
  uint32_t max = 0;
  /* written only when the memory is on: other documents keep their form */
  (void)acdr_customer_memory_get(e, &max, NULL, NULL, NULL, NULL, NULL,
                                 NULL);
  if (!max) return;
  acdr_jw_key(w, "customers");
  acdr_cfg_write_customers_obj(w, e);
}
