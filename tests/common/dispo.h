/* SPDX-License-Identifier: MIT */
/* Helpers shared by the disposition tests. */
#ifndef ACDR_TEST_DISPO_H
#define ACDR_TEST_DISPO_H

#include "harness.h"

/* Add queue `id` requiring a disposition (`require`) with wrap-up
 * `wrap_ms`. */
void dq(harness *h, const char *id, int32_t require, int64_t wrap_ms);
/* A contact arrives in q for `customer`, with attribute lang=`lang` when
 * lang is not NULL. */
void darrive(harness *h, const char *id, const char *q, const char *customer,
             const char *lang, acdr_tstamp now);
/* Set a disposition and expect success, then run the invariant checker. */
void dset(harness *h, const char *cid, const char *primary,
          const char *const *tags, size_t ntags, acdr_tstamp now);

#endif
