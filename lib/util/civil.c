/* SPDX-License-Identifier: MIT */
/* Civil dates (see civil.h). */
#include "util/civil.h"

#include <string.h>

int64_t acdr_days_from_civil(int64_t y, unsigned m, unsigned d) {
  int64_t era;
  unsigned yoe, doy, doe;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (unsigned)(y - era * 400);
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

int acdr_weekday_of(int64_t days) {
  /* 1970-01-01 was a Thursday (3 with Monday = 0) */
  int64_t w = (days + 3) % 7;
  return (int)(w < 0 ? w + 7 : w);
}

static int is_leap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int acdr_civil_parse(const char *s, int64_t *day) {
  static const unsigned mdays[] = {31, 28, 31, 30, 31, 30,
                                   31, 31, 30, 31, 30, 31};
  int i;
  int64_t y;
  unsigned m, d, dim;
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
  for (i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return -1;
  y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
      (s[3] - '0');
  m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
  d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
  if (y < 1 || m < 1 || m > 12) return -1;
  dim = mdays[m - 1] + (m == 2 && is_leap(y));
  if (d < 1 || d > dim) return -1;
  *day = acdr_days_from_civil(y, m, d);
  return 0;
}


void acdr_civil_format(int64_t z, char out[11]) {
  int64_t era, y;
  unsigned doe, yoe, doy, mp, d, m;
  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (unsigned)(z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = (int64_t)yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  out[0] = (char)('0' + (int)(y / 1000 % 10));
  out[1] = (char)('0' + (int)(y / 100 % 10));
  out[2] = (char)('0' + (int)(y / 10 % 10));
  out[3] = (char)('0' + (int)(y % 10));
  out[4] = '-';
  out[5] = (char)('0' + (int)(m / 10));
  out[6] = (char)('0' + (int)(m % 10));
  out[7] = '-';
  out[8] = (char)('0' + (int)(d / 10));
  out[9] = (char)('0' + (int)(d % 10));
  out[10] = '\0';
}
