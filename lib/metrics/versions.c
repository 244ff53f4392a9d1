/* The length-by-version rows of the public structs this folder owns
 * (util/structlen.h): a new struct version adds its row here. */
#include <acdroute/metrics.h>

#include "util/structlen.h"

static void def_metrics_options(void *p) {
  acdr_metrics_options_default_versioned(ACDR_METRICS_OPTIONS_VERSION, p);
}
ACDR_STRUCT_LATEST_ENDS_AT(acdr_metrics_options, fcr_window_ms);
const acdr_struct_desc acdr_struct_METRICS_OPTIONS = {
    ACDR_STRUCT_DESC(acdr_metrics_options, ACDR_METRICS_OPTIONS_VERSION, def_metrics_options),
    {[ACDR_METRICS_OPTIONS_V1] =
              ACDR_STRUCT_ROW(acdr_metrics_options, fcr_window_ms)}};

ACDR_STRUCT_LATEST_ENDS_AT(acdr_metrics, dropped);
const acdr_struct_desc acdr_struct_METRICS = {
    ACDR_STRUCT_DESC(acdr_metrics, ACDR_METRICS_VERSION, NULL),
    {[ACDR_METRICS_V1] = ACDR_STRUCT_ROW(acdr_metrics, dropped)}};
