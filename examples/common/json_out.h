/* SPDX-License-Identifier: MIT */
/* JSON string output shared by the example programs (drive, simulator). */
#ifndef ACDR_EXAMPLES_JSON_OUT_H
#define ACDR_EXAMPLES_JSON_OUT_H

#include <stdio.h>

/* s as a JSON string ("" for NULL): quotes and backslashes escaped,
 * control characters as \u00XX, everything else as it is. */
static inline void put_json_string(FILE *f, const char *s) {
  fputc('"', f);
  for (; s && *s; ++s) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      fprintf(f, "\\%c", c);
    else if (c < 0x20)
      fprintf(f, "\\u%04x", c);
    else
      fputc(c, f);
  }
  fputc('"', f);
}

#endif
