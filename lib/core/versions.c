/* The length-by-version rows of the public structs this folder owns
 * (util/structlen.h): a new struct version adds its row here. */
#include <acdroute/engine.h>
#include <acdroute/sys/strategy.h>

#include "util/structlen.h"

static void def_options(void *p) {
  acdr_options_default_versioned(ACDR_OPTIONS_VERSION, p);
}
ACDR_STRUCT_LATEST_ENDS_AT(acdr_options, record_events);
const acdr_struct_desc acdr_struct_OPTIONS = {
    ACDR_STRUCT_DESC(acdr_options, ACDR_OPTIONS_VERSION, def_options),
    {[ACDR_OPTIONS_V1] = ACDR_STRUCT_ROW(acdr_options, record_events)}};

ACDR_STRUCT_LATEST_ENDS_AT(acdr_callbacks, local_time);
const acdr_struct_desc acdr_struct_CALLBACKS = {
    ACDR_STRUCT_DESC(acdr_callbacks, ACDR_CALLBACKS_VERSION, NULL),
    {[ACDR_CALLBACKS_V1] = ACDR_STRUCT_ROW(acdr_callbacks, local_time)}};

static void def_agent_def(void *p) {
  acdr_agent_def_default_versioned(ACDR_AGENT_DEF_VERSION, p);
}
ACDR_STRUCT_LATEST_ENDS_AT(acdr_agent_def, voice_blocks_other_channels);
const acdr_struct_desc acdr_struct_AGENT_DEF = {
    ACDR_STRUCT_DESC(acdr_agent_def, ACDR_AGENT_DEF_VERSION, def_agent_def),
    {[ACDR_AGENT_DEF_V1] =
              ACDR_STRUCT_ROW(acdr_agent_def, voice_blocks_other_channels)}};

ACDR_STRUCT_LATEST_ENDS_AT(acdr_agent_info, queues);
const acdr_struct_desc acdr_struct_AGENT_INFO = {
    ACDR_STRUCT_DESC(acdr_agent_info, ACDR_AGENT_INFO_VERSION, NULL),
    {[ACDR_AGENT_INFO_V1] = ACDR_STRUCT_ROW(acdr_agent_info, queues)}};

static void def_queue_def(void *p) {
  acdr_queue_def_default_versioned(ACDR_QUEUE_DEF_VERSION, p);
}
ACDR_STRUCT_LATEST_ENDS_AT(acdr_queue_def, utc_offset_s);
const acdr_struct_desc acdr_struct_QUEUE_DEF = {
    ACDR_STRUCT_DESC(acdr_queue_def, ACDR_QUEUE_DEF_VERSION, def_queue_def),
    {[ACDR_QUEUE_DEF_V1] = ACDR_STRUCT_ROW(acdr_queue_def, utc_offset_s)}};

ACDR_STRUCT_LATEST_ENDS_AT(acdr_queue_info, strategy);
const acdr_struct_desc acdr_struct_QUEUE_INFO = {
    ACDR_STRUCT_DESC(acdr_queue_info, ACDR_QUEUE_INFO_VERSION, NULL),
    {[ACDR_QUEUE_INFO_V1] = ACDR_STRUCT_ROW(acdr_queue_info, strategy)}};

static void def_contact_def(void *p) {
  acdr_contact_def_default_versioned(ACDR_CONTACT_DEF_VERSION, p);
}
ACDR_STRUCT_LATEST_ENDS_AT(acdr_contact_def, preferred_hold_ms);
const acdr_struct_desc acdr_struct_CONTACT_DEF = {
    ACDR_STRUCT_DESC(acdr_contact_def, ACDR_CONTACT_DEF_VERSION, def_contact_def),
    {[ACDR_CONTACT_DEF_V1] = ACDR_STRUCT_ROW(acdr_contact_def, preferred_hold_ms)}};

ACDR_STRUCT_LATEST_ENDS_AT(acdr_contact_info, agent_id);
const acdr_struct_desc acdr_struct_CONTACT_INFO = {
    ACDR_STRUCT_DESC(acdr_contact_info, ACDR_CONTACT_INFO_VERSION, NULL),
    {[ACDR_CONTACT_INFO_V1] = ACDR_STRUCT_ROW(acdr_contact_info, agent_id)}};

ACDR_STRUCT_LATEST_ENDS_AT(acdr_strategy, load);
const acdr_struct_desc acdr_struct_STRATEGY = {
    ACDR_STRUCT_DESC(acdr_strategy, ACDR_STRATEGY_VERSION, NULL),
    {[ACDR_STRATEGY_V1] = ACDR_STRUCT_ROW(acdr_strategy, load)}};
