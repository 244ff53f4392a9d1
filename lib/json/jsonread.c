/* SPDX-License-Identifier: MIT */
/* Reading JSON documents: every error collected with its JSON pointer,
 * typed field readers, and "did you mean" hints. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "json/json.h"
#include "json/jscan.h"
#include "util/suggest.h"

const char *const acdr_channel_names[ACDR_CHANNEL_COUNT] = {"voice", "chat",
                                                            "email"};
const char *const acdr_overflow_kind_names[5] = {"none", "queue", "voicemail",
                                                 "callback", "message"};
const char *const acdr_reject_names[ACDR_REJECT_NAMES] = {"declined", "busy", "no-answer", "unavailable"};

const char *acdr_channel_name(int32_t ch) {
  return ch >= 0 && ch < ACDR_CHANNEL_COUNT ? acdr_channel_names[ch] : NULL;
}

int acdr_channel_parse(const char *s) {
  int i;
  for (i = 0; i < ACDR_CHANNEL_COUNT; i++)
    if (strcmp(s, acdr_channel_names[i]) == 0) return i;
  return -1;
}

/* ---- errors ---- */

void acdr_errs_init(acdr_errs *er, acdr_engine *e) {
  memset(er, 0, sizeof(*er));
  er->e = e;
  acdr_jw_init(&er->text, &e->mem, 0);
}

void acdr_errs_add(acdr_errs *er, int code, const char *ptr, const char *fmt,
                   ...) {
  char msg[512];
  int n;
  va_list ap;
  if (!er->count) er->code = code;
  er->count++;
  if (er->count > ACDR_ERRS_MAX) return;
  n = snprintf(msg, sizeof(msg), "%s: ", ptr && *ptr ? ptr : "(document)");
  if (n < 0) n = 0;
  if ((size_t)n >= sizeof(msg)) n = (int)sizeof(msg) - 1;
  va_start(ap, fmt);
  vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
  va_end(ap);
  if (er->count > 1) acdr_jw_raw(&er->text, "\n", 1);
  acdr_jw_raw(&er->text, msg, strlen(msg));
}

int acdr_errs_finish(acdr_errs *er) {
  char *text;
  size_t len = 0;
  if (!er->count) {
    acdr_errs_free(er);
    acdr_err_report_set(er->e, NULL);
    return 0;
  }
  if (er->count > ACDR_ERRS_MAX) {
    char more[64];
    snprintf(more, sizeof(more), "\n(%zu more errors)",
             er->count - ACDR_ERRS_MAX);
    acdr_jw_raw(&er->text, more, strlen(more));
  }
  text = acdr_jw_take(&er->text, &len);
  if (!text) {
    acdr_err(er->e, ACDR_ERR_NOMEM, "out of memory (error report)");
    return ACDR_ERR_NOMEM;
  }
  {
    const char *nl = strchr(text, '\n');
    int first = nl ? (int)(nl - text) : (int)len;
    if (er->count > 1)
      acdr_err(er->e, er->code, "%.*s (and %zu more errors, see "
               "acdr_config_last_errors)", first, text, er->count - 1);
    else
      acdr_err(er->e, er->code, "%s", text);
  }
  acdr_err_report_set(er->e, text);
  return er->code;
}

void acdr_errs_free(acdr_errs *er) { acdr_jw_free(&er->text); }

/* ---- JSON pointers (RFC 6901: "~" -> "~0", "/" -> "~1") ---- */

void acdr_ptr_key(char *out, const char *base, const char *key) {
  size_t n = strlen(base), i;
  char tmp[ACDR_PTR_MAX];
  if (n >= ACDR_PTR_MAX - 2) n = ACDR_PTR_MAX - 2;
  memcpy(tmp, base, n);
  tmp[n++] = '/';
  for (i = 0; key[i] && n < ACDR_PTR_MAX - 3; i++) {
    if (key[i] == '~' || key[i] == '/') {
      tmp[n++] = '~';
      tmp[n++] = key[i] == '~' ? '0' : '1';
    } else {
      tmp[n++] = key[i];
    }
  }
  tmp[n] = '\0';
  memcpy(out, tmp, n + 1);
}

void acdr_ptr_idx(char *out, const char *base, size_t i) {
  char num[24];
  snprintf(num, sizeof(num), "%zu", i);
  acdr_ptr_key(out, base, num);
}

/* ---- parsing ---- */

/* "line L, column C" of byte `off` (columns count bytes). */
static void line_col(const char *doc, size_t len, size_t off, size_t *line,
                     size_t *col) {
  size_t i;
  *line = 1;
  *col = 1;
  for (i = 0; i < off && i < len; i++) {
    if (doc[i] == '\n') {
      ++*line;
      *col = 1;
    } else {
      ++*col;
    }
  }
}

json_object *acdr_json_parse(acdr_errs *er, const char *doc, size_t len) {
  json_tokener *tok;
  json_object *root;
  acdr_jcheck_err ce;
  size_t line, col;
  if (len > (size_t)INT32_MAX) {
    acdr_errs_add(er, ACDR_ERR_LIMIT, "", "document larger than 2 GiB");
    return NULL;
  }
  /* json-c, even in strict mode, takes NaN, raw tabs in strings, \u0000,
   * overlong UTF-8 and clamps big integers, and keeps the last of two
   * equal keys: our own strict check reads the text first */
  if (acdr_json_check(&er->e->mem, doc, len, &ce) != 0) {
    if (ce.nomem) {
      acdr_errs_add(er, ACDR_ERR_NOMEM, ce.ptr, "%s", ce.what);
      return NULL;
    }
    line_col(doc, len, ce.off, &line, &col);
    acdr_errs_add(er, ACDR_ERR_PARSE, ce.ptr,
                  "malformed JSON at line %zu, column %zu: %s", line, col,
                  ce.what);
    return NULL;
  }
  if (!(tok = json_tokener_new_ex(ACDR_JSON_MAX_DEPTH))) {
    acdr_errs_add(er, ACDR_ERR_NOMEM, "", "out of memory (JSON parser)");
    return NULL;
  }
  json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
  root = json_tokener_parse_ex(tok, doc, (int)len);
  if (!root || json_tokener_get_error(tok) != json_tokener_success) {
    /* the text passed the check: only memory can fail here */
    json_object_put(root);
    root = NULL;
    acdr_errs_add(er, ACDR_ERR_NOMEM, "", "out of memory (JSON parser)");
  }
  json_tokener_free(tok);
  return root;
}

static const char *type_name(json_object *v) {
  switch (json_object_get_type(v)) {
    case json_type_null: return "null";
    case json_type_boolean: return "a boolean";
    case json_type_double: return "a fractional number";
    case json_type_int: return "an integer";
    case json_type_object: return "an object";
    case json_type_array: return "an array";
    case json_type_string: return "a string";
  }
  return "something else";
}

int acdr_jobject(acdr_errs *er, json_object *obj, const char *ptr,
                 const char *const *known, size_t nknown) {
  int bad = 0;
  if (!json_object_is_type(obj, json_type_object)) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, ptr, "expected an object, got %s",
                  type_name(obj));
    return -1;
  }
  {
    json_object_object_foreach(obj, key, val) {
      size_t i;
      const char *hint;
      char p[ACDR_PTR_MAX];
      (void)val;
      if (key[0] == '_') continue; /* "_comment" etc.: for people */
      for (i = 0; i < nknown; i++)
        if (strcmp(key, known[i]) == 0) break;
      if (i < nknown) continue;
      acdr_ptr_key(p, ptr, key);
      hint = acdr_suggest(key, known, nknown);
      if (hint)
        acdr_errs_add(er, ACDR_ERR_CONFIG, p,
                      "unknown key \"%s\" (did you mean \"%s\"?)", key, hint);
      else
        acdr_errs_add(er, ACDR_ERR_CONFIG, p, "unknown key \"%s\"", key);
      bad = 1;
    }
  }
  return bad ? -1 : 0;
}

static json_object *field(acdr_errs *er, json_object *o, const char *ptr,
                          const char *key, int required, char *p) {
  json_object *v = NULL;
  acdr_ptr_key(p, ptr, key);
  if (!json_object_object_get_ex(o, key, &v)) {
    if (required)
      acdr_errs_add(er, ACDR_ERR_CONFIG, ptr, "missing required key \"%s\"",
                    key);
    return NULL;
  }
  return v;
}

int acdr_jstr(acdr_errs *er, json_object *o, const char *ptr,
              const char *key, int required, const char **out) {
  char p[ACDR_PTR_MAX];
  json_object *v = field(er, o, ptr, key, required, p);
  if (!v) return required ? -1 : 0;
  if (!json_object_is_type(v, json_type_string)) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, p, "expected a string, got %s",
                  type_name(v));
    return -1;
  }
  if (required && json_object_get_string_len(v) == 0) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, p, "must not be empty");
    return -1;
  }
  if (strlen(json_object_get_string(v)) !=
      (size_t)json_object_get_string_len(v)) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, p, "contains a NUL character");
    return -1;
  }
  *out = json_object_get_string(v);
  return 0;
}

int acdr_jint(acdr_errs *er, json_object *o, const char *ptr,
              const char *key, int required, int64_t lo, int64_t hi,
              int64_t *out) {
  char p[ACDR_PTR_MAX];
  json_object *v = field(er, o, ptr, key, required, p);
  int64_t x;
  if (!v) return required ? -1 : 0;
  if (!json_object_is_type(v, json_type_int)) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, p, "expected an integer, got %s",
                  type_name(v));
    return -1;
  }
  x = json_object_get_int64(v);
  if (x < lo || x > hi) {
    acdr_errs_add(er, ACDR_ERR_RANGE, p, "%s%lld outside %lld..%lld",
                  x == INT64_MAX ? ">= " : "", (long long)x, (long long)lo,
                  (long long)hi);
    return -1;
  }
  *out = x;
  return 0;
}

int acdr_jbool(acdr_errs *er, json_object *o, const char *ptr,
               const char *key, int *out) {
  char p[ACDR_PTR_MAX];
  json_object *v = field(er, o, ptr, key, 0, p);
  if (!v) return 0;
  if (!json_object_is_type(v, json_type_boolean)) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, p, "expected true or false, got %s",
                  type_name(v));
    return -1;
  }
  *out = json_object_get_boolean(v) ? 1 : 0;
  return 0;
}

const char *acdr_jscalar(json_object *v, char *tmp, size_t tmplen) {
  switch (json_object_get_type(v)) {
    case json_type_string:
      if (strlen(json_object_get_string(v)) !=
          (size_t)json_object_get_string_len(v))
        return NULL;
      return json_object_get_string(v);
    case json_type_int:
      snprintf(tmp, tmplen, "%lld", (long long)json_object_get_int64(v));
      return tmp;
    case json_type_boolean:
      return json_object_get_boolean(v) ? "true" : "false";
    default:
      return NULL;
  }
}
