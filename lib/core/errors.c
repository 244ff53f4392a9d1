/* SPDX-License-Identifier: MIT */
/* Error strings: generated from the one X-macro list in errors.h. */
#include <acdroute/errors.h>

const char *acdr_strerror(int err) {
  switch (err) {
#define ACDR_ERR_STR_(name, value, msg) \
  case ACDR_##name:                     \
    return msg;
    ACDR_ERRNO_MAP(ACDR_ERR_STR_)
#undef ACDR_ERR_STR_
  default:
    return "unknown error";
  }
}

const char *acdr_err_name(int err) {
  switch (err) {
#define ACDR_ERR_NAME_(name, value, msg) \
  case ACDR_##name:                      \
    return "ACDR_" #name;
    ACDR_ERRNO_MAP(ACDR_ERR_NAME_)
#undef ACDR_ERR_NAME_
  default:
    return "ACDR_ERR_UNKNOWN";
  }
}
