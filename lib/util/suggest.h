/* SPDX-License-Identifier: MIT */
/* "Did you mean" hints for unknown names in documents and event lines. */
#ifndef ACDR_UTIL_SUGGEST_H
#define ACDR_UTIL_SUGGEST_H

#include <stddef.h>

/* The candidate closest to `word` by edit distance, when it is at most
 * min(strlen(word)/3 + 1, 3) edits away (ties: the first); NULL when none
 * is that close.  NULL entries of cands are skipped; words longer than 64
 * bytes never match.  Returns a pointer into cands (no allocation). */
const char *acdr_suggest(const char *word, const char *const *cands,
                         size_t n);

#endif
