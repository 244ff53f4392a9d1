/*
 * The length-by-version table of the public versioned structs and the
 * conversions between a caller's struct version and the latest layout.
 * See structlen.h for how the entry points use it and docs/abi.md
 * ("Adding a struct version") for how a V2 is added.
 */
#include "core/structlen.h"

#include <stdalign.h>
#include <string.h>

/* A row: version V of type T ends at field LAST.  `stride` is the size the
 * struct had when V was the latest: `len` rounded up to T's alignment.
 * (If a later version ever raises the alignment of T, write that row's
 * stride as a number-free expression of the old fields instead.) */
#define ROUND_UP_(n, a) (((n) + (a) - 1) / (a) * (a))
#define ROW_(T, LAST)                                                        \
  {ACDR_STRUCT_LEN_TO(T, LAST),                                              \
   ROUND_UP_(ACDR_STRUCT_LEN_TO(T, LAST), alignof(T))}

/* The latest row of each type must name the struct's true last field:
 * rounded up it gives sizeof (no field after it). */
#define LATEST_ENDS_AT_(T, LAST)                                             \
  _Static_assert(ROUND_UP_(ACDR_STRUCT_LEN_TO(T, LAST), alignof(T)) ==       \
                     sizeof(T),                                              \
                 #T ": the latest row does not end at the last field");     \
  _Static_assert(sizeof(T) <= ACDR_STRUCT_BUF_MAX,                           \
                 #T ": raise ACDR_STRUCT_BUF_MAX")

LATEST_ENDS_AT_(acdr_options, record_events);
LATEST_ENDS_AT_(acdr_callbacks, local_time);
LATEST_ENDS_AT_(acdr_agent_def, voice_blocks_other_channels);
LATEST_ENDS_AT_(acdr_agent_info, queues);
LATEST_ENDS_AT_(acdr_queue_def, utc_offset_s);
LATEST_ENDS_AT_(acdr_queue_info, strategy);
LATEST_ENDS_AT_(acdr_contact_def, preferred_hold_ms);
LATEST_ENDS_AT_(acdr_contact_info, agent_id);
LATEST_ENDS_AT_(acdr_hours, closed_target);
LATEST_ENDS_AT_(acdr_strategy, load);
LATEST_ENDS_AT_(acdr_metrics_options, fcr_window_ms);
LATEST_ENDS_AT_(acdr_metrics, dropped);
LATEST_ENDS_AT_(acdr_dispo_code, dnc_ms);
LATEST_ENDS_AT_(acdr_dispo_record, closed_at);
LATEST_ENDS_AT_(acdr_dispo_rule, duration_ms);
LATEST_ENDS_AT_(acdr_dispo_stats, resolution_rate);
LATEST_ENDS_AT_(acdr_erlang_result, occupancy);

/* Latest defaults, through the public *_default_versioned functions. */
static void def_options(void *p) {
  acdr_options_default_versioned(ACDR_OPTIONS_VERSION, p);
}
static void def_agent_def(void *p) {
  acdr_agent_def_default_versioned(ACDR_AGENT_DEF_VERSION, p);
}
static void def_queue_def(void *p) {
  acdr_queue_def_default_versioned(ACDR_QUEUE_DEF_VERSION, p);
}
static void def_contact_def(void *p) {
  acdr_contact_def_default_versioned(ACDR_CONTACT_DEF_VERSION, p);
}
static void def_hours(void *p) {
  acdr_hours_default_versioned(ACDR_HOURS_VERSION, p);
}
static void def_metrics_options(void *p) {
  acdr_metrics_options_default_versioned(ACDR_METRICS_OPTIONS_VERSION, p);
}
static void def_dispo_code(void *p) {
  acdr_dispo_code_default_versioned(ACDR_DISPO_CODE_VERSION, p);
}
static void def_dispo_rule(void *p) {
  acdr_dispo_rule_default_versioned(ACDR_DISPO_RULE_VERSION, p);
}

#define DESC_(T, LATEST, DEF) #T, LATEST, sizeof(T), DEF

/* THE table: one row per struct version.  A new version adds a row
 * [ACDR_X_V2] = ROW_(acdr_x, <its last field>) and leaves the older rows
 * exactly as they are (their last field is still in the struct). */
const acdr_struct_desc acdr_struct_table[ACDR_ST_COUNT] = {
    [ACDR_ST_OPTIONS] =
        {DESC_(acdr_options, ACDR_OPTIONS_VERSION, def_options),
         {[ACDR_OPTIONS_V1] = ROW_(acdr_options, record_events)}},
    [ACDR_ST_CALLBACKS] =
        {DESC_(acdr_callbacks, ACDR_CALLBACKS_VERSION, NULL),
         {[ACDR_CALLBACKS_V1] = ROW_(acdr_callbacks, local_time)}},
    [ACDR_ST_AGENT_DEF] =
        {DESC_(acdr_agent_def, ACDR_AGENT_DEF_VERSION, def_agent_def),
         {[ACDR_AGENT_DEF_V1] =
              ROW_(acdr_agent_def, voice_blocks_other_channels)}},
    [ACDR_ST_AGENT_INFO] =
        {DESC_(acdr_agent_info, ACDR_AGENT_INFO_VERSION, NULL),
         {[ACDR_AGENT_INFO_V1] = ROW_(acdr_agent_info, queues)}},
    [ACDR_ST_QUEUE_DEF] =
        {DESC_(acdr_queue_def, ACDR_QUEUE_DEF_VERSION, def_queue_def),
         {[ACDR_QUEUE_DEF_V1] = ROW_(acdr_queue_def, utc_offset_s)}},
    [ACDR_ST_QUEUE_INFO] =
        {DESC_(acdr_queue_info, ACDR_QUEUE_INFO_VERSION, NULL),
         {[ACDR_QUEUE_INFO_V1] = ROW_(acdr_queue_info, strategy)}},
    [ACDR_ST_CONTACT_DEF] =
        {DESC_(acdr_contact_def, ACDR_CONTACT_DEF_VERSION, def_contact_def),
         {[ACDR_CONTACT_DEF_V1] = ROW_(acdr_contact_def, preferred_hold_ms)}},
    [ACDR_ST_CONTACT_INFO] =
        {DESC_(acdr_contact_info, ACDR_CONTACT_INFO_VERSION, NULL),
         {[ACDR_CONTACT_INFO_V1] = ROW_(acdr_contact_info, agent_id)}},
    [ACDR_ST_HOURS] =
        {DESC_(acdr_hours, ACDR_HOURS_VERSION, def_hours),
         {[ACDR_HOURS_V1] = ROW_(acdr_hours, closed_target)}},
    [ACDR_ST_STRATEGY] =
        {DESC_(acdr_strategy, ACDR_STRATEGY_VERSION, NULL),
         {[ACDR_STRATEGY_V1] = ROW_(acdr_strategy, load)}},
    [ACDR_ST_METRICS_OPTIONS] =
        {DESC_(acdr_metrics_options, ACDR_METRICS_OPTIONS_VERSION,
               def_metrics_options),
         {[ACDR_METRICS_OPTIONS_V1] =
              ROW_(acdr_metrics_options, fcr_window_ms)}},
    [ACDR_ST_METRICS] =
        {DESC_(acdr_metrics, ACDR_METRICS_VERSION, NULL),
         {[ACDR_METRICS_V1] = ROW_(acdr_metrics, dropped)}},
    [ACDR_ST_DISPO_CODE] =
        {DESC_(acdr_dispo_code, ACDR_DISPO_CODE_VERSION, def_dispo_code),
         {[ACDR_DISPO_CODE_V1] = ROW_(acdr_dispo_code, dnc_ms)}},
    [ACDR_ST_DISPO_RECORD] =
        {DESC_(acdr_dispo_record, ACDR_DISPO_RECORD_VERSION, NULL),
         {[ACDR_DISPO_RECORD_V1] = ROW_(acdr_dispo_record, closed_at)}},
    [ACDR_ST_DISPO_RULE] =
        {DESC_(acdr_dispo_rule, ACDR_DISPO_RULE_VERSION, def_dispo_rule),
         {[ACDR_DISPO_RULE_V1] = ROW_(acdr_dispo_rule, duration_ms)}},
    [ACDR_ST_DISPO_STATS] =
        {DESC_(acdr_dispo_stats, ACDR_DISPO_STATS_VERSION, NULL),
         {[ACDR_DISPO_STATS_V1] = ROW_(acdr_dispo_stats, resolution_rate)}},
    [ACDR_ST_ERLANG_RESULT] =
        {DESC_(acdr_erlang_result, ACDR_ERLANG_RESULT_VERSION, NULL),
         {[ACDR_ERLANG_RESULT_V1] = ROW_(acdr_erlang_result, occupancy)}},
};

size_t acdr_struct_len(const acdr_struct_desc *d, int version) {
  if (version < 1 || version > ACDR_STRUCT_MAX_VERSION ||
      version > d->latest)
    return 0;
  return d->v[version].len;
}

size_t acdr_struct_stride(const acdr_struct_desc *d, int version) {
  return acdr_struct_len(d, version) ? d->v[version].stride : 0;
}

int acdr_struct_is_old(const acdr_struct_desc *d, int version) {
  return version != d->latest && acdr_struct_len(d, version) != 0;
}

static void fill_latest_default(const acdr_struct_desc *d, void *buf) {
  if (d->fill_default)
    d->fill_default(buf);
  else
    memset(buf, 0, d->size);
}

const void *acdr_struct_convert_to_latest(const acdr_struct_desc *d,
                                          void *buf, int *pversion,
                                          const void *src) {
  size_t len;
  if (!acdr_struct_is_old(d, *pversion)) return src;
  len = acdr_struct_len(d, *pversion);
  *pversion = d->latest; /* a known version is valid, even with NULL */
  if (!src) return NULL;
  fill_latest_default(d, buf);
  memcpy(buf, src, len);
  return buf;
}

void acdr_struct_convert_to_old(const acdr_struct_desc *d, int version,
                                void *dst, const void *latest) {
  size_t len = acdr_struct_len(d, version);
  if (dst && len) memcpy(dst, latest, len);
}

int acdr_struct_default_old(const acdr_struct_desc *d, int version,
                            void *dst) {
  union {
    max_align_t align;
    unsigned char bytes[ACDR_STRUCT_BUF_MAX];
  } buf;
  if (!dst || !acdr_struct_is_old(d, version) ||
      d->size > sizeof(buf.bytes))
    return 0;
  fill_latest_default(d, buf.bytes);
  acdr_struct_convert_to_old(d, version, dst, buf.bytes);
  return 1;
}

void *acdr_struct_array_to_latest(const acdr_struct_desc *d,
                                  const acdr_mem *mem, int *pversion,
                                  const void *src, size_t n) {
  size_t i, len = acdr_struct_len(d, *pversion),
            stride = acdr_struct_stride(d, *pversion);
  unsigned char *out;
  if (!len || (n && SIZE_MAX / n < d->size)) return NULL;
  if (!(out = acdr_mem_calloc(mem, n, d->size))) return NULL;
  for (i = 0; i < n; i++) {
    fill_latest_default(d, out + i * d->size);
    memcpy(out + i * d->size, (const unsigned char *)src + i * stride, len);
  }
  *pversion = d->latest;
  return out;
}
