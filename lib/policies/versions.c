/* The length-by-version rows of the public structs this folder owns
 * (util/structlen.h): a new struct version adds its row here. */
#include <acdroute/policy.h>

#include "util/structlen.h"

static void def_hours(void *p) {
  acdr_hours_default_versioned(ACDR_HOURS_VERSION, p);
}
ACDR_STRUCT_LATEST_ENDS_AT(acdr_hours, closed_target);
const acdr_struct_desc acdr_struct_HOURS = {
    ACDR_STRUCT_DESC(acdr_hours, ACDR_HOURS_VERSION, def_hours),
    {[ACDR_HOURS_V1] = ACDR_STRUCT_ROW(acdr_hours, closed_target)}};
