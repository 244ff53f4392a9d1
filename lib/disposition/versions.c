/* The length-by-version rows of the public structs this folder owns
 * (util/structlen.h): a new struct version adds its row here. */
#include <acdroute/disposition.h>

#include "util/structlen.h"

static void def_dispo_code(void *p) {
  acdr_dispo_code_default_versioned(ACDR_DISPO_CODE_VERSION, p);
}
ACDR_STRUCT_LATEST_ENDS_AT(acdr_dispo_code, dnc_ms);
const acdr_struct_desc acdr_struct_DISPO_CODE = {
    ACDR_STRUCT_DESC(acdr_dispo_code, ACDR_DISPO_CODE_VERSION, def_dispo_code),
    {[ACDR_DISPO_CODE_V1] = ACDR_STRUCT_ROW(acdr_dispo_code, dnc_ms)}};

ACDR_STRUCT_LATEST_ENDS_AT(acdr_dispo_record, closed_at);
const acdr_struct_desc acdr_struct_DISPO_RECORD = {
    ACDR_STRUCT_DESC(acdr_dispo_record, ACDR_DISPO_RECORD_VERSION, NULL),
    {[ACDR_DISPO_RECORD_V1] = ACDR_STRUCT_ROW(acdr_dispo_record, closed_at)}};

static void def_dispo_rule(void *p) {
  acdr_dispo_rule_default_versioned(ACDR_DISPO_RULE_VERSION, p);
}
ACDR_STRUCT_LATEST_ENDS_AT(acdr_dispo_rule, duration_ms);
const acdr_struct_desc acdr_struct_DISPO_RULE = {
    ACDR_STRUCT_DESC(acdr_dispo_rule, ACDR_DISPO_RULE_VERSION, def_dispo_rule),
    {[ACDR_DISPO_RULE_V1] = ACDR_STRUCT_ROW(acdr_dispo_rule, duration_ms)}};

ACDR_STRUCT_LATEST_ENDS_AT(acdr_dispo_stats, resolution_rate);
const acdr_struct_desc acdr_struct_DISPO_STATS = {
    ACDR_STRUCT_DESC(acdr_dispo_stats, ACDR_DISPO_STATS_VERSION, NULL),
    {[ACDR_DISPO_STATS_V1] = ACDR_STRUCT_ROW(acdr_dispo_stats, resolution_rate)}};
