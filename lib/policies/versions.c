/* SPDX-License-Identifier: MIT */
/* The length-by-version rows of the public structs this folder owns
 * (util/structlen.h): a new struct version adds its row here. */
#include <acdroute/policy.h>

#include "util/structlen.h"

ACDR_STRUCT_V1_DEFAULTS(HOURS, acdr_hours, closed_target);
