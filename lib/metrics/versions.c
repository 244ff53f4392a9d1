/* SPDX-License-Identifier: MIT */
/* The length-by-version rows of the public structs this folder owns
 * (util/structlen.h): a new struct version adds its row here. */
#include <acdroute/metrics.h>

#include "util/structlen.h"

ACDR_STRUCT_V1_DEFAULTS(METRICS_OPTIONS, acdr_metrics_options, fcr_window_ms);
ACDR_STRUCT_LATEST_ENDS_AT(acdr_metrics, detractor_rate);
const acdr_struct_desc acdr_struct_METRICS = {
    ACDR_STRUCT_DESC(acdr_metrics, ACDR_METRICS_VERSION, NULL),
    {[ACDR_METRICS_V1] = ACDR_STRUCT_ROW(acdr_metrics, dropped),
     [ACDR_METRICS_V2] = ACDR_STRUCT_ROW(acdr_metrics, detractor_rate)}};
