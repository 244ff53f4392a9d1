/* Queue policies (placeholder). */
#include "core/internal.h"
#include "core/modules.h"

int acdr_policy_admit(acdr_engine *e, acdr_contact *c, acdr_queue *q) {
  (void)e; (void)c; (void)q; return 1;
}
void acdr_policy_joined(acdr_engine *e, acdr_contact *c) { (void)e; (void)c; }
void acdr_policy_queue_empty(acdr_engine *e, acdr_queue *q) { (void)e; (void)q; }
void acdr_policy_assigned(acdr_engine *e, acdr_contact *c, acdr_agent *a) {
  (void)e; (void)c; (void)a;
}
void acdr_policy_no_agent(acdr_engine *e, acdr_contact *c) { (void)e; (void)c; }
void acdr_policy_queue_free(acdr_engine *e, acdr_queue *q) { (void)e; (void)q; }
int64_t acdr_policy_estimated_wait(acdr_engine *e, acdr_queue *q, uint32_t pos) {
  (void)e; (void)q; (void)pos; return 0;
}
int acdr_policy_is_open(acdr_engine *e, acdr_queue *q, acdr_tstamp now) {
  (void)e; (void)q; (void)now; return 1;
}
void acdr_policy_overflow(acdr_engine *e, acdr_contact *c, int cause) {
  (void)cause;
  acdr_contact_pull(e, c);
  acdr_contact_end(e, c, ACDR_END_OVERFLOWED);
}
