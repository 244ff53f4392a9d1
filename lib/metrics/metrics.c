/* Metrics (placeholder until the metrics module lands). */
#include "core/modules.h"

int acdr_metrics_init(acdr_engine *e) { (void)e; return 0; }
void acdr_metrics_free(acdr_engine *e) { (void)e; }
void acdr_metrics_contact(acdr_engine *e, acdr_hook h, acdr_contact *c,
                          acdr_agent *a) {
  (void)e; (void)h; (void)c; (void)a;
}
void acdr_metrics_agent_time(acdr_engine *e, acdr_agent *a) {
  a->state_since = e->now;
}
void acdr_metrics_agent_free(acdr_engine *e, acdr_agent *a) { (void)e; (void)a; }
void acdr_metrics_queue_free(acdr_engine *e, acdr_queue *q) { (void)e; (void)q; }
