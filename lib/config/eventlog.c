/* Event log (placeholder until the config module lands). */
#include "core/modules.h"

int acdr_eventlog_init(acdr_engine *e) { (void)e; return 0; }
void acdr_eventlog_free(acdr_engine *e) { (void)e; }
void acdr_eventlog_action(acdr_engine *e, const acdr_action *a) {
  (void)e; (void)a;
}
