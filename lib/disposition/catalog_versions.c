/* acdr_dispo_catalog_set_versioned with an array of old-layout codes: the
 * only versioned entry point that takes an array, so the caller's element
 * size (the stride of its version) differs from the latest one and the
 * array is converted as a whole (see core/structlen.h). */
#include "disposition/disposition_int.h"
#include "util/structlen.h"

int acdr_dispo_catalog_set_old(acdr_engine *e, int version,
                               const acdr_dispo_code *codes, size_t n) {
  acdr_dispo_code *latest;
  int rv;
  if (!codes || !n) /* nothing to convert; NULL with n > 0 is reported */
    return acdr_dispo_catalog_set_versioned(e, ACDR_DISPO_CODE_VERSION,
                                            codes, n);
  if (!(latest = acdr_struct_array_to_latest(ACDR_STRUCT(DISPO_CODE), &e->mem,
                                             &version, codes, n)))
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  rv = acdr_dispo_catalog_set_versioned(e, version, latest, n);
  acdr_mem_free(&e->mem, latest);
  return rv;
}
