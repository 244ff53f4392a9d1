/* SPDX-License-Identifier: MIT */
/* The length-by-version rows of the public structs this folder owns
 * (util/structlen.h): a new struct version adds its row here. */
#include <acdroute/engine.h>
#include <acdroute/sys/strategy.h>

#include "util/structlen.h"

ACDR_STRUCT_V1_DEFAULTS(OPTIONS, acdr_options, record_events);
ACDR_STRUCT_V1(CALLBACKS, acdr_callbacks, local_time, NULL);
ACDR_STRUCT_LATEST_ENDS_AT(acdr_agent_def, on_demand);
static void fill_agent_def(void *p) {
  acdr_agent_def_default_versioned(ACDR_AGENT_DEF_VERSION, p);
}
const acdr_struct_desc acdr_struct_AGENT_DEF = {
    ACDR_STRUCT_DESC(acdr_agent_def, ACDR_AGENT_DEF_VERSION, fill_agent_def),
    {[ACDR_AGENT_DEF_V1] =
         ACDR_STRUCT_ROW(acdr_agent_def, voice_blocks_other_channels),
     [ACDR_AGENT_DEF_V2] = ACDR_STRUCT_ROW(acdr_agent_def, on_demand)}};
ACDR_STRUCT_V1(AGENT_INFO, acdr_agent_info, queues, NULL);
static void acdr_fill_QUEUE_DEF(void *p) {
  acdr_queue_def_default_versioned(ACDR_QUEUE_DEF_VERSION, (acdr_queue_def *)p);
}
ACDR_STRUCT_LATEST_ENDS_AT(acdr_queue_def, wrapup_scope);
const acdr_struct_desc acdr_struct_QUEUE_DEF = {
    ACDR_STRUCT_DESC(acdr_queue_def, ACDR_QUEUE_DEF_VERSION,
                     acdr_fill_QUEUE_DEF),
    {[ACDR_QUEUE_DEF_V1] = ACDR_STRUCT_ROW(acdr_queue_def, utc_offset_s),
     /* since V2: tier rules, ring-all across tiers */
     [ACDR_QUEUE_DEF_V2] = ACDR_STRUCT_ROW(acdr_queue_def, wrapup_scope)}};
ACDR_STRUCT_V1(QUEUE_INFO, acdr_queue_info, strategy, NULL);
static void acdr_fill_CONTACT_DEF(void *p) {
  acdr_contact_def_default_versioned(ACDR_CONTACT_DEF_VERSION, p);
}
ACDR_STRUCT_LATEST_ENDS_AT(acdr_contact_def, raise_penalty);
const acdr_struct_desc acdr_struct_CONTACT_DEF = {
    ACDR_STRUCT_DESC(acdr_contact_def, ACDR_CONTACT_DEF_VERSION,
                     acdr_fill_CONTACT_DEF),
    {[ACDR_CONTACT_DEF_V1] =
         ACDR_STRUCT_ROW(acdr_contact_def, preferred_hold_ms),
     [ACDR_CONTACT_DEF_V2] = ACDR_STRUCT_ROW(acdr_contact_def, raise_penalty)}};
ACDR_STRUCT_V1(CONTACT_INFO, acdr_contact_info, agent_id, NULL);
ACDR_STRUCT_LATEST_ENDS_AT(acdr_strategy, stats);
const acdr_struct_desc acdr_struct_STRATEGY = {
    ACDR_STRUCT_DESC(acdr_strategy, ACDR_STRATEGY_VERSION, NULL),
    {[ACDR_STRATEGY_V1] = ACDR_STRUCT_ROW(acdr_strategy, load),
     [ACDR_STRATEGY_V2] = ACDR_STRUCT_ROW(acdr_strategy, stats)}};
ACDR_STRUCT_V1_DEFAULTS(MEMBER_DEF, acdr_member_def, wrapup_ms);
