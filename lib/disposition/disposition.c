/* Dispositions (placeholder until the disposition module lands). */
#include "core/modules.h"

int acdr_disposition_init(acdr_engine *e) { (void)e; return 0; }
void acdr_disposition_free(acdr_engine *e) { (void)e; }
int acdr_disposition_wrapup_may_end(acdr_engine *e, acdr_contact *c) {
  (void)e; (void)c; return 0;
}
void acdr_disposition_contact_ended(acdr_engine *e, acdr_contact *c) {
  (void)e; (void)c;
}
void acdr_disposition_contact_free(acdr_engine *e, acdr_contact *c) {
  (void)e; (void)c;
}
int acdr_disposition_summary(acdr_engine *e, const acdr_contact *c,
                             acdr_disp_summary *out) {
  (void)e; (void)c; (void)out; return 0;
}
