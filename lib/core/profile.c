/* SPDX-License-Identifier: MIT */
/* Queue profiles: the defaults of a peer ACD, so that a queue ported from
 * Asterisk app_queue or FreeSWITCH mod_callcenter keeps its behaviour.
 *
 * One table, a row per setting and a column per profile: a new setting
 * whose default differs between the peers is one more row (keep the rows
 * in the order of acdr_queue_def).  docs/config.md "Profiles" lists the
 * same table with the source of each value. */
#include <stddef.h>
#include <string.h>

#include "core/internal.h"

enum { P_ACDROUTE, P_ASTERISK, P_FREESWITCH, P_COUNT };

static const char *const profile_names[P_COUNT] = {"acdroute", "asterisk",
                                                   "freeswitch"};

/* the field's C type */
enum { K_I64, K_I32, K_U32 };

typedef struct profile_row {
  size_t off; /* in acdr_queue_def */
  int kind;
  int64_t v[P_COUNT];
} profile_row;

#define ROW(F, K, ACDR, AST, FS) {offsetof(acdr_queue_def, F), K, {ACDR, AST, FS}}
#define YEAR_MS (366LL * 86400 * 1000)

static const profile_row rows[] = {
    /* app_queue `timeout` 15 s (queues.conf.sample); mod_callcenter sets
     * no ring timeout of its own: the originate default (60 s) applies */
    ROW(ring_timeout_ms, K_I64, 15000, 15000, 60000),
    /* app_queue `wrapuptime` 0; mod_callcenter agent wrap_up_time 0 */
    ROW(wrapup_ms, K_I64, 0, 0, 0),
    /* app_queue init_queue(): joinempty 0 and leavewhenempty 0 (callers
     * join and stay in a queue without members); mod_callcenter has no
     * such rule (max-wait-time-with-no-agent below) */
    ROW(join_when_empty, K_I32, 1, 1, 1),
    ROW(leave_when_empty, K_I32, 0, 0, 0),
    /* app_queue `autopause` no; mod_callcenter max_no_answer 0 (never) */
    ROW(max_missed, K_U32, 3, 0, 0),
    /* app_queue rests no member after a miss: the caller pauses instead
     * (`retry`, retry_ms below); mod_callcenter no_answer / reject / busy
     * delay times 0 */
    ROW(no_answer_delay_ms, K_I64, 5000, 0, 0),
    ROW(reject_delay_ms, K_I64, 5000, 0, 0),
    ROW(busy_delay_ms, K_I64, 5000, 0, 0),
    /* tier-rules-apply false / app_queue penalties: no tier waits */
    ROW(tier_wait_ms, K_I64, 0, 0, 0),
    /* app_queue `weight` has no aging: a heavier queue always wins */
    ROW(weight_aging_ms, K_I64, 60000, YEAR_MS, 60000),
    /* mod_callcenter `time-base-score` default "queue" */
    ROW(time_base, K_I32, ACDR_TIME_BASE_QUEUE, ACDR_TIME_BASE_QUEUE,
        ACDR_TIME_BASE_QUEUE),
    /* app_queue keeps a ringing caller in the queue */
    ROW(position_counts_ringing, K_I32, 0, 1, 0),
    /* app_queue compare_weight() */
    ROW(weight_first, K_I32, 0, 1, 0),
    /* app_queue `timeoutpriority` app (default); mod_callcenter lets the
     * agent being rung answer after max-wait-time */
    ROW(max_wait_rings_out, K_I32, 0, 0, 1),
    /* app_queue `timeoutrestart` no */
    ROW(ring_timeout_restart, K_I32, 0, 0, 0),
    /* mod_callcenter `abandoned-resume-allowed` false by default;
     * app_queue has no resume */
    ROW(abandoned_resume_ms, K_I64, 0, 0, 0),
    /* mod_callcenter load_queue(): tier levels are level numbers, an
     * empty level is skipped (tier_by_level);
     * tier-rule-wait-multiply-level false; tier-rule-no-agent-no-wait
     * true.  They matter once tier_wait_ms is set (tier-rules-apply) */
    ROW(tier_by_level, K_I32, 0, 0, 1),
    ROW(tier_wait_multiply, K_I32, 1, 1, 0),
    ROW(tier_no_agent_no_wait, K_I32, 0, 0, 1),
    /* mod_callcenter ring-all rings every level (tier rules off) and
     * adds an agent who becomes available; app_queue ringall rings the
     * lowest penalty with a free member, a fixed group */
    ROW(ring_all_tiers, K_I32, 0, 0, 1),
    ROW(ring_add_late, K_I32, 0, 0, 1),
    /* mod_callcenter max-wait-time-with-no-agent 0 (off),
     * ...-time-reached 5 s; app_queue has neither */
    ROW(no_agent_wait_ms, K_I64, 0, 0, 0),
    ROW(no_agent_grace_ms, K_I64, 0, 0, 5000),
    /* app_queue autopausedelay 0, autopausebusy no */
    ROW(missed_delay_ms, K_I64, 0, 0, 0),
    ROW(missed_busy, K_I32, 0, 0, 0),
    /* app_queue `retry` 5 s (DEFAULT_RETRY): the caller waits 5 s after
     * a ring timeout; mod_callcenter rings the next agent at once */
    ROW(retry_ms, K_I64, 0, 5000, 0),
    /* app_queue init_queue(): joinempty 0, leavewhenempty 0 */
    ROW(join_empty, K_U32, 0, 0, 0),
    ROW(leave_empty, K_U32, 0, 0, 0),
    /* app_queue `autopause` no (max_missed 0 above): a port of
     * autopause=yes sets max_missed 1 and this */
    ROW(missed_pause_queue, K_I32, 0, 0, 0),
    /* since V2: app_queue init_queue(): penaltymemberslimit 0,
     * autopauseunavail no; mod_callcenter has neither */
    ROW(penalty_members_limit, K_I32, 0, 0, 0),
    ROW(missed_unavail, K_I32, 0, 0, 0),
    /* app_queue checks wrapuptime per queue (is_member_available()), but
     * a profile keeps acdroute's agent wrap-up so that existing ports keep
     * their WRAPUP actions: a port sets wrapup_scope (docs/config.md) */
    ROW(wrapup_scope, K_I32, 0, 0, 0),
};
#undef ROW

/* The default strategy: app_queue `strategy` ringall; mod_callcenter
 * longest-idle-agent (the peers' names, registered as aliases). */
static const char *const strategies[P_COUNT] = {NULL, "ringall",
                                                "longest-idle-agent"};

int acdr_profile_find(const char *name) {
  int i;
  if (!name) return -1;
  for (i = 0; i < P_COUNT; i++)
    if (strcmp(name, profile_names[i]) == 0) return i;
  return -1;
}

const char *acdr_profile_name(int i) {
  return i >= 0 && i < P_COUNT ? profile_names[i] : NULL;
}

const char *const *acdr_profile_names(size_t *n) {
  *n = P_COUNT;
  return profile_names;
}

void acdr_profile_apply(acdr_queue_def *d, int p) {
  size_t i;
  for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
    void *at = (char *)d + rows[i].off;
    int64_t v = rows[i].v[p];
    switch (rows[i].kind) {
      case K_I32: *(int32_t *)at = (int32_t)v; break;
      case K_U32: *(uint32_t *)at = (uint32_t)v; break;
      default: *(int64_t *)at = v; break;
    }
  }
  d->strategy = strategies[p];
  d->profile = profile_names[p];
}

int acdr_queue_def_profile_versioned(int version, acdr_queue_def *d,
                                     const char *profile) {
  int p;
  if (version != ACDR_QUEUE_DEF_VERSION) return ACDR_ERR_VERSION;
  if (!d || (p = acdr_profile_find(profile)) < 0)
    return ACDR_ERR_INVALID_ARGUMENT;
  acdr_profile_apply(d, p);
  return 0;
}
