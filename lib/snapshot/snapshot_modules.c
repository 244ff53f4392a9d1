/* SPDX-License-Identifier: MIT */
/* The modules' parts of a snapshot: each module writes and reads its own
 * members (lib/metrics/snapshot.c, lib/disposition/snapshot.c); this file
 * only puts them in the document's order. */
#include "snapshot/snapshot_int.h"
#include "disposition/disposition_int.h"
#include "metrics/metrics_int.h"
#include "customers/customers_int.h"

int acdr_snapshot_write_modules(acdr_jw *w, acdr_engine *e) {
  int rv = acdr_snapshot_write_metrics(e, w);
  if (!rv) rv = acdr_snapshot_write_dispositions(e, w);
  return rv ? rv : acdr_snapshot_write_customers(e, w);
}

void acdr_snapshot_restore_modules(acdr_engine *e, acdr_errs *er,
                                   json_object *root) {
  json_object *m = NULL, *d = NULL;
  if (!json_object_object_get_ex(root, "metrics", &m) ||
      !json_object_object_get_ex(root, "dispositions", &d) ||
      !json_object_is_type(d, json_type_object)) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, "",
                  "missing \"metrics\" or \"dispositions\"");
    return;
  }
  acdr_snapshot_read_metrics(e, er, m);
  if (er->count) return;
  acdr_snapshot_read_dispositions(e, er, root, d);
  if (er->count) return;
  acdr_snapshot_read_customers(e, er, root);
}
