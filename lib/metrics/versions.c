/* The length-by-version rows of the public structs this folder owns
 * (util/structlen.h): a new struct version adds its row here. */
#include <acdroute/metrics.h>

#include "util/structlen.h"

ACDR_STRUCT_V1_DEFAULTS(METRICS_OPTIONS, acdr_metrics_options, fcr_window_ms);
ACDR_STRUCT_V1(METRICS, acdr_metrics, dropped, NULL);
