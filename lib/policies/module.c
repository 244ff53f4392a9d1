/* The policies as a module of the engine: its hooks (core/hooks.h). */
#include "policies/policy_int.h"

static int on_admit(acdr_engine *e, void *st, acdr_contact *c,
                    acdr_queue *q) {
  (void)st;
  return acdr_policy_admit(e, c, q);
}

static void on_joined(acdr_engine *e, void *st, acdr_contact *c) {
  (void)st;
  acdr_policy_joined(e, c);
}

static void on_assigned(acdr_engine *e, void *st, acdr_contact *c,
                        acdr_agent *a) {
  (void)st;
  acdr_policy_assigned(e, c, a);
}

static void on_handled(acdr_engine *e, void *st, acdr_contact *c) {
  (void)st;
  acdr_policy_handled(e, c);
}

static void on_queue_empty(acdr_engine *e, void *st, acdr_queue *q) {
  (void)st;
  acdr_policy_queue_empty(e, q);
}

static void on_queue_free(acdr_engine *e, void *st, acdr_queue *q) {
  (void)st;
  acdr_policy_queue_free(e, q);
}

static int64_t on_estimated_wait(acdr_engine *e, void *st, acdr_queue *q,
                                 uint32_t pos) {
  (void)st;
  return acdr_policy_estimated_wait(e, q, pos);
}

static int on_is_open(acdr_engine *e, void *st, acdr_queue *q,
                      acdr_tstamp now) {
  (void)st;
  return acdr_policy_is_open(e, q, now);
}

static void on_overflow(acdr_engine *e, void *st, acdr_contact *c,
                        int cause) {
  (void)st;
  acdr_policy_overflow(e, c, cause);
}

static void on_deadline(acdr_engine *e, void *st, acdr_contact *c, int kind,
                        acdr_tstamp now) {
  (void)st;
  if (kind == ACDR_CT_MAX_WAIT)
    acdr_policy_max_wait_fire(e, c, now);
  else if (kind == ACDR_CT_ANNOUNCE)
    acdr_policy_announce_fire(e, c, now);
}

const acdr_module_vt acdr_policy_module = {
    .name = "policies",
    .queue_free = on_queue_free,
    .queue_empty = on_queue_empty,
    .joined = on_joined,
    .assigned = on_assigned,
    .handled = on_handled,
    .admit = on_admit,
    .estimated_wait = on_estimated_wait,
    .is_open = on_is_open,
    .overflow = on_overflow,
    .deadline = on_deadline,
};

int acdr_policy_attach(acdr_engine *e) {
  return acdr_module_attach(e, &acdr_policy_module, NULL);
}
