/* SPDX-License-Identifier: MIT */
/* Civil (proleptic Gregorian) dates by pure arithmetic: no libc time-zone
 * functions, so results do not depend on the machine's settings.  Day
 * numbers count from 1970-01-01 (day 0). */
#ifndef ACDR_UTIL_CIVIL_H
#define ACDR_UTIL_CIVIL_H

#include <stdint.h>

/* Day number of year y, month m (1-12), day d (1-31); no range check. */
int64_t acdr_days_from_civil(int64_t y, unsigned m, unsigned d);
/* 0 = Monday .. 6 = Sunday of a day number. */
int acdr_weekday_of(int64_t days);
/* "YYYY-MM-DD" (exactly ten characters, a date that exists, year >= 1)
 * -> *day.  Returns 0, or -1 (malformed or impossible; *day untouched). */
int acdr_civil_parse(const char *s, int64_t *day);
/* Day number (year 0..9999) -> "YYYY-MM-DD" with its NUL in out. */
void acdr_civil_format(int64_t day, char out[11]);

/* a / b rounded toward minus infinity (b != 0). */
static inline int64_t acdr_floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

#endif
