/* SPDX-License-Identifier: MIT */
/* acdroute-sim: random numbers (xoshiro256**, seeded by splitmix64) and
 * the duration distributions of the traffic model. */
#include <math.h>

#include "sim.h"

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void rng_seed(sim_rng *r, uint64_t seed) {
  for (int i = 0; i < 4; ++i) r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t rng_next(sim_rng *r) {
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

double rng_uniform(sim_rng *r) {
  /* 53 random bits, shifted by half a step: never 0, never 1 */
  return ((double)(rng_next(r) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

double rng_exp(sim_rng *r, double mean) {
  return -mean * log(rng_uniform(r));
}

static double rng_normal(sim_rng *r) {
  double u1 = rng_uniform(r), u2 = rng_uniform(r);
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

double dist_draw(sim_rng *r, const sim_dist *d) {
  double x;
  switch (d->kind) {
  case DIST_EXP:
    return d->mean > 0 ? rng_exp(r, d->mean) : 0.0;
  case DIST_LOGNORMAL: {
    double cv = d->mean > 0 ? d->sd / d->mean : 0;
    double s2 = log(1.0 + cv * cv);
    double mu = log(d->mean) - s2 / 2.0;
    x = exp(mu + sqrt(s2) * rng_normal(r));
    if (d->hi > 0 && x > d->hi) x = d->hi;
    if (x < d->lo) x = d->lo;
    return x;
  }
  case DIST_UNIFORM:
    return d->lo + (d->hi - d->lo) * rng_uniform(r);
  case DIST_FIXED:
  default:
    return d->mean;
  }
}

const char *dist_name(int kind) {
  switch (kind) {
  case DIST_EXP: return "exponential";
  case DIST_LOGNORMAL: return "lognormal";
  case DIST_UNIFORM: return "uniform";
  default: return "fixed";
  }
}
