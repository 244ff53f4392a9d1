/* SPDX-License-Identifier: MIT */
/* The length-by-version rows of the public structs this folder owns
 * (util/structlen.h): a new struct version adds its row here. */
#include <acdroute/disposition.h>

#include "util/structlen.h"

ACDR_STRUCT_V1_DEFAULTS(DISPO_CODE, acdr_dispo_code, dnc_ms);
ACDR_STRUCT_V1(DISPO_RECORD, acdr_dispo_record, closed_at, NULL);
ACDR_STRUCT_V1_DEFAULTS(DISPO_RULE, acdr_dispo_rule, duration_ms);
ACDR_STRUCT_V1(DISPO_STATS, acdr_dispo_stats, resolution_rate, NULL);
