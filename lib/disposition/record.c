/* SPDX-License-Identifier: MIT */
/* Dispositions of contacts: setting during wrap-up, the close of a
 * contact (automatic codes, DNC entries, rules, statistics, history),
 * corrections afterwards, and the hooks the core calls. */
#include <string.h>

#include "core/internal.h"
#include "core/event.h"
#include "disposition/disposition_int.h"
#include "util/structlen.h"

/* Conversation length: answer to hang-up, hold included. */
static int64_t conversation_ms(const acdr_contact *c) {
  if (!c->answered || c->talk_end < c->answered) return 0;
  return (int64_t)((c->talk_end - c->answered) / ACDR_MILLISECONDS);
}

int acdr_record_validate(acdr_engine *e, const char *contact_id,
                         const char *queue_id, int64_t duration_ms,
                         const char *primary, const char *const *tags,
                         size_t ntags, uint32_t *attrs, uint32_t *all_attrs) {
  acdr_dispo *d = acdr_dispo_of(e);
  size_t i, j;
  int rv;
  if ((rv = acdr_dispo_check_code_id(e, primary, "primary disposition")))
    return rv;
  if (ntags > e->opt.max_attrs || ntags > ACDR_DISPO_MAX_TAGS)
    return acdr_err(e, ACDR_ERR_LIMIT,
                    "contact \"%s\": %zu tags > max_attrs %u", contact_id,
                    ntags, e->opt.max_attrs);
  if (ntags && !tags)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "contact \"%s\": tags is NULL", contact_id);
  for (i = 0; i < ntags; i++) {
    if ((rv = acdr_dispo_check_code_id(e, tags[i], "disposition tag")))
      return rv;
    if (strcmp(tags[i], primary) == 0)
      return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                      "contact \"%s\": code \"%s\" is both primary and tag",
                      contact_id, primary);
    for (j = 0; j < i; j++)
      if (strcmp(tags[i], tags[j]) == 0)
        return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                        "contact \"%s\": tag \"%s\" given twice", contact_id,
                        tags[i]);
  }
  if ((rv = acdr_catalog_allowed(e, primary, queue_id, duration_ms,
                                 contact_id)))
    return rv;
  *attrs = *all_attrs = acdr_catalog_find(d, primary)->attrs;
  for (i = 0; i < ntags; i++) {
    if ((rv = acdr_catalog_allowed(e, tags[i], queue_id, duration_ms,
                                   contact_id)))
      return rv;
    *all_attrs |= acdr_catalog_find(d, tags[i])->attrs;
  }
  return 0;
}

/* Codes the engine attaches when the close happens and effects of codes
 * new to the record: DNC entries and follow-up rules.  `old_*` is what the
 * record carried before (nothing at close time). */
static void apply_new_codes(acdr_engine *e, acdr_drec *r,
                            const char *old_primary, char *const *old_tags,
                            size_t old_ntags) {
  acdr_dispo *d = acdr_dispo_of(e);
  int64_t dnc_ms = -1;
  size_t i;
  const char *dnc_code = NULL;
  for (i = 0; r->primary && i <= r->ntags; i++) {
    const char *code = i == 0 ? r->primary : r->tags[i - 1];
    const acdr_dcode *k = acdr_catalog_find(d, code);
    if (acdr_history_codes_contain(old_primary, old_tags, old_ntags, code)) continue;
    /* the longest DNC of the new codes; 0 = until removed wins */
    if (k && (k->attrs & ACDR_DISPO_DNC) &&
        (dnc_ms < 0 || k->dnc_ms == 0 || (dnc_ms && k->dnc_ms > dnc_ms))) {
      dnc_ms = k->dnc_ms;
      dnc_code = code; /* the record's copy: stable while actions wait */
    }
  }
  if (dnc_code)
    acdr_rules_emit(e, ACDR_FOLLOWUP_DNC, dnc_ms, dnc_ms, r->contact_id,
                 r->customer_id, r->queue_id, dnc_code);
  for (i = 0; r->primary && i <= r->ntags; i++) {
    const char *code = i == 0 ? r->primary : r->tags[i - 1];
    if (!acdr_history_codes_contain(old_primary, old_tags, old_ntags, code))
      acdr_rules_fire(e, r, code);
  }
}

void acdr_record_contact_ended(acdr_engine *e, acdr_contact *c) {
  acdr_dispo *d = acdr_dispo_of(e);
  acdr_drec *r = c->disposition;
  const acdr_dcode *k;
  int fail = 0;
  if (!r) {
    if (!(r = acdr_mem_calloc(&e->mem, 1, sizeof(*r)))) {
      d->dropped++;
      return;
    }
    r->contact = c;
    c->disposition = r;
  }
  if (!r->primary && c->end_reason >= 0 &&
      c->end_reason < ACDR_DISPO_END_REASONS &&
      (k = d->auto_for[c->end_reason]) != NULL) {
    r->primary = acdr_dispo_intern(e, k->id, &fail);
    r->attrs = r->all_attrs = k->attrs;
  }
  if (acdr_history_set_ids(e, r, c->id, c->agent ? c->agent->id : NULL))
    fail = 1;
  r->queue_id = acdr_dispo_intern(e, c->queue ? c->queue->id : NULL, &fail);
  r->customer_id = acdr_dispo_strdup0(e, acdr_contact_customer(c), &fail);
  if (acdr_kv_copy(e, c->attrs, c->nattrs, &r->cattrs) != 0) fail = 1;
  else r->ncattrs = (uint32_t)c->nattrs;
  r->end_reason = c->end_reason;
  r->duration_ms = conversation_ms(c);
  r->closed_at = e->now;
  if (fail) {
    /* out of memory: the close is not recorded (counted as dropped) */
    d->dropped++;
    return;
  }
  acdr_history_push(e, r);
  if (!r->primary) return;
  acdr_stats_count(e, r, +1);
  apply_new_codes(e, r, NULL, NULL, 0);
}

void acdr_record_contact_free(acdr_engine *e, acdr_contact *c) {
  acdr_drec *r = c->disposition;
  if (!r) return;
  c->disposition = NULL;
  r->contact = NULL;
  if (!r->in_history) acdr_history_free_record(e, r);
}

int acdr_record_wrapup_may_end(acdr_engine *e, acdr_contact *c) {
  const acdr_drec *r = c->disposition;
  if (c->queue && c->queue->def.require_disposition && !(r && r->primary))
    return acdr_err(e, ACDR_ERR_DISPOSITION_REQUIRED,
                    "contact \"%s\": queue \"%s\" requires a disposition "
                    "before wrap-up ends (acdr_dispo_set)",
                    c->id, c->queue->id);
  return 0;
}

int acdr_record_summary(acdr_engine *e, const acdr_contact *c,
                        acdr_disp_summary *out) {
  const acdr_drec *r = c->disposition;
  (void)e;
  memset(out, 0, sizeof(*out));
  if (!r || !r->primary) return 0;
  out->primary = r->primary;
  out->attrs = r->attrs;
  out->ntags = r->ntags;
  out->tags = (const char *const *)r->tags;
  return 1;
}

/* Room for what a close may emit: the core's wrap-up end plus follow-ups. */
static int reserve_for_codes(acdr_engine *e, acdr_contact *c,
                             const char *primary, const char *const *tags,
                             size_t ntags) {
  size_t nrules = acdr_rules_count_for(acdr_dispo_of(e), primary, tags, ntags);
  size_t members = c && c->agent ? c->agent->nmembers : 0;
  if (acdr_actions_reserve(e, ACDR_BUDGET_MOVE +
                                  ACDR_BUDGET_PER_QUEUE * (members + nrules)) != 0 ||
      acdr_timers_reserve(e, nrules + 1) != 0)
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  return 0;
}

static int do_set(acdr_engine *e, const char *cid, const char *primary,
                  const char *const *tags, size_t ntags) {
  acdr_dispo *d = acdr_dispo_of(e);
  acdr_contact *c;
  acdr_drec *r;
  char *np, **nt;
  uint32_t attrs, all;
  int rv;
  if ((rv = acdr_check_id(e, cid, "contact")) != 0) return rv;
  if (!(c = acdr_map_get(&e->contacts, cid))) {
    if (acdr_history_find(d, cid))
      return acdr_err(e, ACDR_ERR_INVALID_STATE,
                      "contact \"%s\" is already closed (use "
                      "acdr_dispo_correct)",
                      cid);
    return acdr_err(e, ACDR_ERR_CONTACT_NOT_FOUND, "unknown contact \"%s\"",
                    cid);
  }
  if (c->state != ACDR_CONTACT_WRAPUP)
    return acdr_err(e, ACDR_ERR_INVALID_STATE,
                    "contact \"%s\" is not in wrap-up", cid);
  if ((rv = acdr_record_validate(e, cid, c->queue->id, conversation_ms(c),
                               primary, tags, ntags, &attrs, &all)) != 0)
    return rv;
  if ((rv = reserve_for_codes(e, c, primary, tags, ntags)) != 0) return rv;
  if (acdr_history_copy_codes(e, primary, tags, ntags, &np, &nt) != 0)
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  if (!(r = c->disposition)) {
    if (!(r = acdr_mem_calloc(&e->mem, 1, sizeof(*r)))) {
      acdr_history_free_codes(e, np, nt, ntags);
      return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
    }
    r->contact = c;
    c->disposition = r;
  }
  acdr_history_free_codes(e, r->primary, r->tags, r->ntags);
  r->primary = np;
  r->tags = nt;
  r->ntags = ntags & ACDR_DISPO_MAX_TAGS;
  r->attrs = attrs;
  r->all_attrs = all;
  /* a required disposition may be what kept the agent in wrap-up */
  acdr_contact_wrapup_maybe_end(e, c);
  return 0;
}

int acdr_dispo_set(acdr_engine *e, const char *cid, const char *primary,
                   const char *const *tags, size_t ntags, acdr_tstamp now) {
  int rv = acdr_enter(e, now);
  if (rv) return rv;
  if ((rv = do_set(e, cid, primary, tags, ntags)) == 0)
    acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_DISPO, .contact = cid,
                                     .primary = primary, .ntags = ntags,
                                     .tags = tags});
  return acdr_leave(e, rv);
}

static int do_correct(acdr_engine *e, const char *cid, const char *primary,
                      const char *const *tags, size_t ntags) {
  acdr_dispo *d = acdr_dispo_of(e);
  acdr_drec *r;
  char *np, **nt, *old_s, *new_s, *id_s, *op, **ot;
  size_t ont;
  uint32_t attrs, all;
  int rv;
  if ((rv = acdr_check_id(e, cid, "contact")) != 0) return rv;
  if (acdr_map_get(&e->contacts, cid))
    return acdr_err(e, ACDR_ERR_INVALID_STATE,
                    "contact \"%s\" is still live (use acdr_dispo_set in "
                    "wrap-up)",
                    cid);
  if (!(r = acdr_history_find(d, cid)))
    return acdr_err(e, ACDR_ERR_NOT_FOUND,
                    "contact \"%s\" is not in the disposition history", cid);
  if ((rv = acdr_record_validate(e, cid, r->queue_id, r->duration_ms, primary,
                               tags, ntags, &attrs, &all)) != 0)
    return rv;
  if ((rv = reserve_for_codes(e, NULL, primary, tags, ntags)) != 0) return rv;
  if (acdr_history_copy_codes(e, primary, tags, ntags, &np, &nt) != 0)
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  old_s = acdr_history_join(e, r->primary, r->tags, r->ntags);
  new_s = acdr_history_join(e, np, nt, ntags);
  id_s = acdr_mem_strdup(&e->mem, cid);
  if (!old_s || !new_s || !id_s) {
    acdr_mem_free(&e->mem, old_s);
    acdr_mem_free(&e->mem, new_s);
    acdr_mem_free(&e->mem, id_s);
    acdr_history_free_codes(e, np, nt, ntags);
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  }
  acdr_stats_count(e, r, -1);
  op = r->primary;
  ot = r->tags;
  ont = r->ntags;
  r->primary = np;
  r->tags = nt;
  r->ntags = ntags & ACDR_DISPO_MAX_TAGS;
  r->attrs = attrs;
  r->all_attrs = all;
  r->corrections++;
  acdr_stats_count(e, r, +1);
  acdr_rules_cancel_dropped(e, r);
  apply_new_codes(e, r, op, ot, ont);
  acdr_history_free_codes(e, op, ot, ont);
  acdr_history_changes_log(e, id_s, old_s, new_s, e->now);
  return 0;
}

int acdr_dispo_correct(acdr_engine *e, const char *cid, const char *primary,
                       const char *const *tags, size_t ntags,
                       acdr_tstamp now) {
  int rv = acdr_enter(e, now);
  if (rv) return rv;
  if ((rv = do_correct(e, cid, primary, tags, ntags)) == 0)
    acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_DISPO_CORRECT,
                                     .contact = cid, .primary = primary,
                                     .ntags = ntags, .tags = tags});
  return acdr_leave(e, rv);
}

/* The core's closed_contact service (survey scores, lib/metrics). */
int acdr_record_closed_contact(acdr_engine *e, const char *cid,
                               acdr_closed_contact *out) {
  const acdr_drec *r;
  acdr_dispo *d = acdr_dispo_of(e);
  if (!d || !(r = acdr_history_find(d, cid)) || !r->in_history) return 0;
  out->queue = r->queue_id;
  out->agent = r->agent_id;
  out->primary = r->primary;
  return 1;
}

int acdr_dispo_get_versioned(acdr_engine *e, const char *cid, int version,
                             acdr_dispo_record *out) {
  ACDR_GETTER_OPEN(DISPO_RECORD, acdr_dispo_record, "dispo get", "record",
                   acdr_dispo_get_versioned(e, cid, ACDR_DISPO_RECORD_VERSION,
                                            &acdr_latest_));
  acdr_contact *c;
  const acdr_drec *r;
  if ((rv = acdr_check_id(e, cid, "contact")) != 0) return rv;
  memset(out, 0, sizeof(*out));
  if ((c = acdr_map_get(&e->contacts, cid)) != NULL) {
    r = c->disposition;
    out->duration_ms = conversation_ms(c);
  } else if (!(r = acdr_history_find(acdr_dispo_of(e), cid))) {
    return acdr_err(e, ACDR_ERR_CONTACT_NOT_FOUND,
                    "contact \"%s\" is neither live nor in the history", cid);
  }
  if (!r) return 0;
  out->primary = r->primary;
  out->tags = (const char *const *)r->tags;
  out->ntags = r->ntags;
  out->attrs = r->attrs;
  out->all_attrs = r->all_attrs;
  if (r->in_history) {
    out->closed = 1;
    out->end_reason = r->end_reason;
    out->corrections = r->corrections;
    out->duration_ms = r->duration_ms;
    out->queue_id = r->queue_id;
    out->agent_id = r->agent_id;
    out->customer_id = r->customer_id;
    out->closed_at = r->closed_at;
  }
  return 0;
}
