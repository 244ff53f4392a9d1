/* Start and stop the optional modules in a fixed order. */
#include "core/modules.h"

int acdr_modules_init(acdr_engine *e) {
  int rv;
  if ((rv = acdr_metrics_init(e)) != 0) return rv;
  if ((rv = acdr_disposition_init(e)) != 0) return rv;
  if ((rv = acdr_eventlog_init(e)) != 0) return rv;
  return 0;
}

void acdr_modules_free(acdr_engine *e) {
  acdr_eventlog_free(e);
  acdr_disposition_free(e);
  acdr_metrics_free(e);
}
