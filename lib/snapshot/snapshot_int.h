/* SPDX-License-Identifier: MIT */
/* Internals of lib/snapshot. */
#ifndef ACDR_SNAPSHOT_SNAPSHOT_INT_H
#define ACDR_SNAPSHOT_SNAPSHOT_INT_H

#include "config/config_int.h"

/* The "metrics", "dispositions" and "followup_seq" members of a snapshot
 * (snapshot_modules.c): written canonically (keys sorted), read back into
 * the modules.  write: 0 or NOMEM; restore: errors go to er. */
int acdr_snapshot_write_modules(acdr_jw *w, acdr_engine *e);
void acdr_snapshot_restore_modules(acdr_engine *e, acdr_errs *er,
                                   json_object *root);

#endif
