/* SPDX-License-Identifier: MIT */
/*
 * acdroute - symbol visibility.
 *
 * The library is built with hidden visibility; only functions marked
 * ACDROUTE_EXTERN are exported.  Define ACDROUTE_STATICLIB when linking the
 * static library on platforms that need it (Windows).
 */
#ifndef ACDROUTE_EXPORT_H
#define ACDROUTE_EXPORT_H

#if defined(_WIN32)
#  if defined(ACDROUTE_STATICLIB)
#    define ACDROUTE_EXTERN
#  elif defined(BUILDING_ACDROUTE)
#    define ACDROUTE_EXTERN __declspec(dllexport)
#  else
#    define ACDROUTE_EXTERN __declspec(dllimport)
#  endif
#else
#  if defined(BUILDING_ACDROUTE) && (defined(__GNUC__) || defined(__clang__))
#    define ACDROUTE_EXTERN __attribute__((visibility("default")))
#  else
#    define ACDROUTE_EXTERN
#  endif
#endif

#endif /* ACDROUTE_EXPORT_H */
