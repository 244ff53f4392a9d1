/* SPDX-License-Identifier: MIT */
/* The disposition module's life: state, limits, small helpers. */
#include <string.h>

#include "core/internal.h"
#include "core/event.h"
#include "disposition/disposition_int.h"

acdr_dispo *acdr_dispo_state_new(acdr_engine *e) {
  acdr_dispo *d = acdr_mem_calloc(&e->mem, 1, sizeof(*d));
  if (!d) return NULL;
  acdr_map_init(&d->code_map);
  acdr_map_init(&d->rule_map);
  acdr_map_init(&d->history);
  acdr_map_init(&d->scopes);
  acdr_dnc_init_state(d);
  d->history_limit = ACDR_DISPO_HISTORY_DEFAULT;
  d->change_limit = ACDR_DISPO_CHANGES_DEFAULT;
  return d;
}

void acdr_dispo_state_free(acdr_engine *e, acdr_dispo *d) {
  if (!d) return;
  acdr_rules_pending_free(e, d);
  acdr_history_free(e, d);
  acdr_history_changes_free(e, d);
  acdr_rules_free(e, d);
  acdr_catalog_free(e, d);
  acdr_dnc_free_state(e, d);
  acdr_stats_free(e, d);
  acdr_mem_free(&e->mem, d);
}

static acdr_dispo *fresh_state(acdr_engine *e) {
  acdr_dispo *d = acdr_dispo_state_new(e), *old;
  int rv;
  if (!d) return NULL;
  /* the catalog is built through the engine's state: install d for it */
  old = acdr_dispo_of(e);
  acdr_dispo_set_state(e, d);
  rv = acdr_catalog_init(e, d);
  acdr_dispo_set_state(e, old);
  if (rv != 0) {
    acdr_dispo_state_free(e, d);
    return NULL;
  }
  return d;
}

static void on_free(acdr_engine *e, void *st) {
  acdr_dispo_state_free(e, st);
}

const acdr_module_vt acdr_dispo_module = {
    .name = "dispositions",
    .free = on_free,
    .contact_ended = acdr_record_contact_ended,
    .contact_free = acdr_record_contact_free,
    .wrapup_may_end = acdr_record_wrapup_may_end,
    .summary = acdr_record_summary,
    .may_contact = acdr_dnc_may_contact,
    .closed_contact = acdr_record_closed_contact,
};

int acdr_dispo_attach(acdr_engine *e) {
  acdr_dispo *d;
  int rv = acdr_module_attach(e, &acdr_dispo_module, NULL);
  if (rv) return rv;
  if (!(d = fresh_state(e))) return ACDR_ERR_NOMEM;
  acdr_dispo_set_state(e, d);
  return 0;
}

int acdr_dispo_reset(acdr_engine *e) {
  acdr_dispo *d = fresh_state(e);
  if (!d) return ACDR_ERR_NOMEM;
  acdr_dispo_state_free(e, acdr_dispo_of(e));
  acdr_dispo_set_state(e, d);
  return 0;
}

int acdr_dispo_check_code_id(acdr_engine *e, const char *id,
                             const char *what) {
  const unsigned char *p;
  int rv = acdr_check_id(e, id, what);
  if (rv) return rv;
  for (p = (const unsigned char *)id; *p; p++)
    if (*p <= ' ' || *p == 0x7f)
      return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                      "%s id \"%s\" contains whitespace or a control "
                      "character",
                      what, id);
  return 0;
}

/* Copy an optional string; NULL stays NULL. */
char *acdr_dispo_strdup0(acdr_engine *e, const char *s, int *fail) {
  char *p;
  if (!s) return NULL;
  p = acdr_mem_strdup(&e->mem, s);
  if (!p) *fail = 1;
  return p;
}

int acdr_dispo_set_limits(acdr_engine *e, uint32_t history,
                          uint32_t changes) {
  acdr_dispo *d;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  d = acdr_dispo_of(e);
  d->history_limit = history;
  d->change_limit = changes;
  acdr_history_trim(e);
  acdr_history_changes_trim(e);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_DISPO_LIMITS,
                                   .history = history, .changes = changes});
  return 0;
}
