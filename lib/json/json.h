/* SPDX-License-Identifier: MIT */
/* JSON for every layer above the core: the writer (jsonw.h), error
 * collection with JSON pointers, typed readers over json-c, and the names
 * of enumerations as documents spell them.  json-c types never leave
 * lib/json and the layers above it (config, snapshot, replay, and the
 * modules' own state readers). */
#ifndef ACDR_JSON_JSON_H
#define ACDR_JSON_JSON_H

#include <json-c/json.h>

#include "core/engine_int.h"
#include "json/jsonw.h"

/* ---- errors: all of them, each with a JSON pointer ---- */
#define ACDR_PTR_MAX 256
#define ACDR_ERRS_MAX 100 /* more than this are counted, not listed */

typedef struct acdr_errs {
  acdr_engine *e;
  acdr_jw text;
  size_t count;
  int code;           /* error code of the first error */
} acdr_errs;

/* Start collecting for engine e (nothing allocated yet). */
void acdr_errs_init(acdr_errs *er, acdr_engine *e);
/* One error at JSON pointer ptr; the first error's code is the result.
 * Past ACDR_ERRS_MAX they are counted only; out of memory, the text is
 * cut (the count and code stay right). */
void acdr_errs_add(acdr_errs *er, int code, const char *ptr, const char *fmt,
                   ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Store the messages as the engine's error report (acdr_err_report_set,
 * read by acdr_config_last_errors), the first one as the engine's last
 * error; returns 0 if there were none, else the code of the first error
 * (ACDR_ERR_NOMEM if even the report could not be kept). */
int acdr_errs_finish(acdr_errs *er);
/* Drop the collected messages (success). */
void acdr_errs_free(acdr_errs *er);

/* Append "/" + escaped token (or index) to a pointer (truncates safely). */
void acdr_ptr_key(char *out, const char *base, const char *key);
void acdr_ptr_idx(char *out, const char *base, size_t i);


/* ---- reading JSON ---- */
/* Parse a whole document (len bytes).  On malformed JSON adds one error
 * "line L, column C: <what>" (code ACDR_ERR_PARSE) and returns NULL. */
json_object *acdr_json_parse(acdr_errs *er, const char *doc, size_t len);

/* Check that obj is an object; unknown keys are errors with a hint. */
int acdr_jobject(acdr_errs *er, json_object *obj, const char *ptr,
                 const char *const *known, size_t nknown);
/* Typed field readers.  Absent optional fields leave *out unchanged and
 * return 0; a present field of the wrong type or range adds an error and
 * returns -1.  Required and absent: error, -1. */
int acdr_jstr(acdr_errs *er, json_object *o, const char *ptr,
              const char *key, int required, const char **out);
int acdr_jint(acdr_errs *er, json_object *o, const char *ptr,
              const char *key, int required, int64_t lo, int64_t hi,
              int64_t *out);
int acdr_jbool(acdr_errs *er, json_object *o, const char *ptr,
               const char *key, int *out);
/* A value that is a string, integer or boolean, as a string (strategy
 * settings, attributes).  The string is owned by the object or `tmp`. */
const char *acdr_jscalar(json_object *v, char *tmp, size_t tmplen);

/* ---- names: as documents spell them ---- */
/* "voice", "chat", "email"; NULL for another value. */
const char *acdr_channel_name(int32_t ch);
int acdr_channel_parse(const char *s); /* -1 if unknown */
extern const char *const acdr_channel_names[ACDR_CHANNEL_COUNT];
extern const char *const acdr_overflow_kind_names[5];

#define ACDR_REJECT_NAMES 4 /* acdr_reject_how, in order */
extern const char *const acdr_reject_names[ACDR_REJECT_NAMES];

/* Write any json-c value v, object keys in byte order (arrays keep their
 * order).  Out of memory sets w->oom. */
void acdr_jw_tree(acdr_jw *w, json_object *v);

/* One action as a JSON object (acdr_action_to_json). */
void acdr_action_write(acdr_jw *w, const acdr_action *a);

#endif
