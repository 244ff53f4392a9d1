/* SPDX-License-Identifier: MIT */
#include "dispo.h"

void dq(harness *h, const char *id, int32_t require, int64_t wrap_ms) {
  acdr_queue_def d;
  acdr_queue_def_default(&d);
  d.id = id;
  d.require_disposition = require;
  d.wrapup_ms = wrap_ms;
  assert_int_equal(acdr_queue_add(h->e, &d), 0);
  h_check(h);
}

void darrive(harness *h, const char *id, const char *q, const char *customer,
             const char *lang, acdr_tstamp now) {
  acdr_contact_def d;
  acdr_kv kv = {"lang", lang};
  acdr_contact_def_default(&d);
  d.id = id;
  d.queue = q;
  d.customer_id = customer;
  if (lang) {
    d.attrs = &kv;
    d.nattrs = 1;
  }
  assert_int_equal(acdr_contact_arrive(h->e, &d, now), 0);
  h_check(h);
}

void dset(harness *h, const char *cid, const char *primary,
          const char *const *tags, size_t ntags, acdr_tstamp now) {
  int rv = acdr_dispo_set(h->e, cid, primary, tags, ntags, now);
  if (rv) print_error("dispo_set: %s\n", acdr_engine_last_error(h->e));
  assert_int_equal(rv, 0);
  h_check(h);
}
