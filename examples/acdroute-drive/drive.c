/* SPDX-License-Identifier: MIT */
/*
 * acdroute-drive - a host in a box.
 *
 * Reads event lines (JSON, one per line, docs/events.md) on stdin, feeds
 * them to an engine configured from a JSON file (docs/config.md), and
 * writes every action the engine emits as a JSON line on stdout.  A PBX
 * script (AGI/ARI, ESL) or a chat backend in any language can drive the
 * library over a pipe.  See docs/drive.md.
 *
 *   replay (default)  times come from the events (t_ms / t_ns).  A line
 *                     is checked whole first (acdr_engine_check_event_json);
 *                     then the engine's deadlines up to its time are run
 *                     (ring timeouts, wrap-up ends...), as a real host
 *                     would have run them, or once at its time after a gap
 *                     longer than --max-gap (a jump in time);
 *                     --no-auto-expiry turns that off for logs recorded
 *                     with explicit "expiry" lines.
 *   --live            times come from the monotonic clock (ms since start;
 *                     times in the lines are ignored) and deadlines are run
 *                     by a timerfd armed at acdr_engine_get_expiry().
 *                     Business hours use the wall clock at start plus that
 *                     time, in the host's local time zone (TZ).
 *
 * Errors do not stop the driver: a failed event is reported in-line as
 *   {"error": "ACDR_ERR_AGENT_NOT_FOUND", "message": "...", "line": 7}
 * and the exit status is 1 if any event failed (0 otherwise).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include <acdroute/acdroute.h>
#include <acdroute/config.h>

#include "json_out.h"
#include "util/suggest.h"

typedef struct drive {
  acdr_engine *e;
  char *buf;          /* action line buffer */
  size_t bufcap;
  int live;
  int auto_expiry;
  int check;
  acdr_tstamp max_gap; /* longer gaps are jumps in time (run_deadlines) */
  unsigned long lineno;
  unsigned long errors;
  struct timespec t0; /* live: clock at start */
  time_t unix0;       /* live: wall clock (s) at start */
} drive;

/* --live: the local civil time of host time `now` (business hours), so a
 * queue open now is open (host time 0 is the start, not 1970) */
static int live_local_time(acdr_engine *e, const char *queue_id,
                           acdr_tstamp now, int64_t *local_seconds,
                           void *user_data) {
  const drive *d = user_data;
  (void)e;
  (void)queue_id;
  time_t t = d->unix0 + (time_t)(now / 1000000000ULL);
  struct tm tm;
  if (!localtime_r(&t, &tm)) return -1;
  *local_seconds = (int64_t)t + (int64_t)tm.tm_gmtoff;
  return 0;
}

static void report_error(drive *d, int rv, const char *msg) {
  d->errors++;
  fputs("{\"error\": ", stdout);
  put_json_string(stdout, acdr_err_name(rv));
  fputs(", \"message\": ", stdout);
  put_json_string(stdout, msg);
  fprintf(stdout, ", \"line\": %lu}\n", d->lineno);
}

static int on_action(acdr_engine *e, const acdr_action *a, void *user_data) {
  drive *d = user_data;
  size_t need = 0;
  (void)e;
  int rv = acdr_action_to_json(d->buf, d->bufcap, &need, a);
  if (rv == ACDR_ERR_LIMIT) {
    char *nb = realloc(d->buf, need + 1);
    if (!nb) return -1;
    d->buf = nb;
    d->bufcap = need + 1;
    rv = acdr_action_to_json(d->buf, d->bufcap, &need, a);
  }
  if (rv < 0) return -1;
  fputs(d->buf, stdout);
  fputc('\n', stdout);
  return 0;
}

static acdr_tstamp live_now(const drive *d) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  int64_t ns = (int64_t)(ts.tv_sec - d->t0.tv_sec) * 1000000000LL +
               (ts.tv_nsec - d->t0.tv_nsec);
  return ns > 0 ? (acdr_tstamp)ns : 0;
}

/* a + b, at most ACDR_TSTAMP_MAX - 1 (MAX means "no deadline") */
static acdr_tstamp add_sat(acdr_tstamp a, acdr_tstamp b) {
  return a > ACDR_TSTAMP_MAX - 1 - b ? ACDR_TSTAMP_MAX - 1 : a + b;
}

/* Run every deadline <= t, each at its own time, as a host's timer would
 * have.  A t more than max_gap after the engine's clock is a jump in time
 * (a host woken from suspension, a far-future line): every overdue
 * deadline then fires once, at t, and a periodic one (announcements) is
 * re-armed a period after t instead of firing once per missed period. */
static void run_deadlines(drive *d, acdr_tstamp t) {
  acdr_tstamp x, now = acdr_engine_now(d->e);
  int rv;
  if (t > now && t - now > d->max_gap) {
    if (acdr_engine_get_expiry(d->e) > t) return;
    if ((rv = acdr_engine_handle_expiry(d->e, t)) < 0)
      report_error(d, rv, acdr_engine_last_error(d->e));
    return;
  }
  while ((x = acdr_engine_get_expiry(d->e)) <= t) {
    if (x < acdr_engine_now(d->e)) x = acdr_engine_now(d->e);
    rv = acdr_engine_handle_expiry(d->e, x);
    if (rv < 0) {
      report_error(d, rv, acdr_engine_last_error(d->e));
      return;
    }
  }
}

static void apply_line(drive *d, char *line, size_t len) {
  while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
    line[--len] = '\0';
  size_t i = 0;
  while (i < len && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (i == len || line[i] == '#') return; /* blank line or comment */

  json_object *o = NULL;
  const char *text = line;
  size_t tlen = len;
  acdr_tstamp t;
  int rv;
  if (d->live && (o = json_tokener_parse(line)) != NULL &&
      json_object_is_type(o, json_type_object)) {
    /* the wall clock decides: replace the line's time */
    acdr_tstamp now = live_now(d);
    json_object_object_del(o, "t_ms");
    json_object_object_del(o, "t_ns");
    json_object_object_add(o, "t_ns", json_object_new_int64((int64_t)now));
    text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
    tlen = strlen(text);
    /* due by the clock: the timerfd would have run them anyway */
    run_deadlines(d, now);
  } else if (!d->live && d->auto_expiry) {
    /* the whole line is checked (the library's own parser, its time
     * range) before any deadline runs: a refused line changes nothing */
    if ((rv = acdr_engine_check_event_json(d->e, text, tlen, &t)) < 0) {
      report_error(d, rv, acdr_engine_last_error(d->e));
      goto done;
    }
    run_deadlines(d, t);
  }
  rv = acdr_engine_apply_event_json(d->e, text, tlen);
  if (rv < 0) report_error(d, rv, acdr_engine_last_error(d->e));
done:
  if (d->check && (rv = acdr_engine_check(d->e)) < 0)
    report_error(d, rv, acdr_engine_last_error(d->e));
  if (o) json_object_put(o);
}

static int arm_timer(const drive *d, int tfd) {
  struct itimerspec its;
  memset(&its, 0, sizeof its);
  acdr_tstamp x = acdr_engine_get_expiry(d->e);
  if (x != ACDR_TSTAMP_MAX) {
    /* absolute CLOCK_MONOTONIC time = start + x (at least 1 ns: 0 would
     * disarm) */
    int64_t ns = (int64_t)d->t0.tv_nsec + (int64_t)(x % 1000000000ULL);
    its.it_value.tv_sec = d->t0.tv_sec + (time_t)(x / 1000000000ULL) +
                          (time_t)(ns / 1000000000LL);
    its.it_value.tv_nsec = (long)(ns % 1000000000LL);
    if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
      its.it_value.tv_nsec = 1;
  }
  return timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
}

static int run_live(drive *d, int64_t drain_ms) {
  int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  if (tfd < 0) {
    perror("acdroute-drive: timerfd_create");
    return -1;
  }
  char *line = NULL;
  size_t cap = 0, have = 0;
  int eof = 0;
  acdr_tstamp stop_at = ACDR_TSTAMP_MAX;
  for (;;) {
    if (arm_timer(d, tfd) != 0) {
      perror("acdroute-drive: timerfd_settime");
      break;
    }
    fflush(stdout);
    struct pollfd p[2] = {{tfd, POLLIN, 0}, {0, POLLIN, 0}};
    int np = eof ? 1 : 2;
    int timeout = -1;
    if (eof) {
      acdr_tstamp now = live_now(d);
      if (now >= stop_at) break;
      acdr_tstamp left = (stop_at - now) / ACDR_MILLISECONDS + 1;
      timeout = left > INT_MAX ? INT_MAX : (int)left;
    }
    int n = poll(p, (nfds_t)np, timeout);
    if (n < 0) {
      if (errno == EINTR) continue;
      perror("acdroute-drive: poll");
      break;
    }
    if (p[0].revents & POLLIN) {
      uint64_t ticks;
      if (read(tfd, &ticks, sizeof ticks) < 0 && errno != EAGAIN) break;
      run_deadlines(d, live_now(d));
    }
    if (!eof && (p[1].revents & (POLLIN | POLLHUP))) {
      /* read what is there; complete lines are applied */
      char chunk[4096];
      ssize_t r = read(0, chunk, sizeof chunk);
      if (r <= 0) {
        eof = 1;
        if (have) { /* last line without newline */
          d->lineno++;
          apply_line(d, line, have);
          have = 0;
        }
        stop_at = add_sat(live_now(d),
                          (acdr_tstamp)drain_ms * ACDR_MILLISECONDS);
        continue;
      }
      if (have + (size_t)r + 1 > cap) {
        size_t nc = cap ? cap : 8192;
        while (nc < have + (size_t)r + 1) nc *= 2;
        char *nl = realloc(line, nc);
        if (!nl) break;
        line = nl;
        cap = nc;
      }
      memcpy(line + have, chunk, (size_t)r);
      have += (size_t)r;
      size_t start = 0;
      for (size_t k = 0; k < have; ++k) {
        if (line[k] != '\n') continue;
        line[k] = '\0';
        d->lineno++;
        apply_line(d, line + start, k - start);
        start = k + 1;
      }
      memmove(line, line + start, have - start);
      have -= start;
    }
  }
  free(line);
  close(tfd);
  return 0;
}

static int run_replay(drive *d, int64_t drain_ms) {
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, stdin)) >= 0) {
    d->lineno++;
    apply_line(d, line, (size_t)n);
  }
  free(line);
  if (drain_ms > 0)
    run_deadlines(d, add_sat(acdr_engine_now(d->e),
                             (acdr_tstamp)drain_ms * ACDR_MILLISECONDS));
  return 0;
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 65536, n = 0, r;
  char *b = malloc(cap);
  while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) {
      char *nb = realloc(b, cap *= 2);
      if (!nb) {
        free(b);
        b = NULL;
      }
      b = nb;
    }
  }
  fclose(f);
  if (b) *len = n;
  return b;
}

static void usage(FILE *f) {
  fputs("usage: acdroute-drive [--config FILE] [--live] [--drain MS]\n"
        "                      [--no-auto-expiry] [--max-gap MS] [--seed N]\n"
        "                      [--check] [--metrics] [--version] [--help]\n"
        "Reads event lines on stdin, writes action lines on stdout\n"
        "(docs/drive.md, docs/events.md).\n"
        "examples:\n"
        "  acdroute-drive --config center.json < day.events > day.actions\n"
        "  acdroute-drive --config center.json --live --check\n"
        "  acdroute-drive --metrics < day.events | tail -1\n",
        f);
}

static const char *const k_options[] = {
    "--config", "--live", "--drain", "--no-auto-expiry", "--max-gap",
    "--seed", "--check", "--metrics", "--version", "--help"};

/* The largest time in ms an event line may carry (the library's rule:
 * t_ms <= UINT64_MAX / 10^6 / 2). */
#define MAX_MS ((int64_t)(UINT64_MAX / ACDR_MILLISECONDS / 2))

/* A whole decimal integer in lo..hi, or a message naming the option and
 * the range, and exit status 2. */
static int opt_int(const char *opt, const char *v, int64_t lo, int64_t hi,
                   int64_t *out) {
  char *end;
  long long x;
  errno = 0;
  x = strtoll(v, &end, 10);
  if (end == v || *end || errno || x < lo || x > hi) {
    fprintf(stderr,
            "acdroute-drive: %s: \"%s\" is not an integer in %lld..%lld\n",
            opt, v, (long long)lo, (long long)hi);
    return -1;
  }
  *out = (int64_t)x;
  return 0;
}

static int opt_u64(const char *opt, const char *v, uint64_t *out) {
  char *end;
  unsigned long long x;
  errno = 0;
  /* strtoull takes "-1" as 2^64-1: only digits here */
  x = (*v >= '0' && *v <= '9') ? strtoull(v, &end, 10) : 0;
  if (!(*v >= '0' && *v <= '9') || *end || errno) {
    fprintf(stderr,
            "acdroute-drive: %s: \"%s\" is not an integer in 0..%llu\n",
            opt, v, (unsigned long long)UINT64_MAX);
    return -1;
  }
  *out = (uint64_t)x;
  return 0;
}

int main(int argc, char **argv) {
  drive d;
  const char *config = NULL;
  int64_t drain_ms = 0, gap_ms = 3600000;
  int metrics = 0;
  acdr_options opt;
  memset(&d, 0, sizeof d);
  d.auto_expiry = 1;
  acdr_options_default(&opt);
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    int takes = !strcmp(a, "--config") || !strcmp(a, "--drain") ||
                !strcmp(a, "--seed") || !strcmp(a, "--max-gap");
    if (takes && !v) {
      fprintf(stderr, "acdroute-drive: %s needs a value\n", a);
      return 2;
    }
    if (!strcmp(a, "--config")) {
      config = v;
      ++i;
    } else if (!strcmp(a, "--drain")) {
      if (opt_int(a, v, 0, MAX_MS, &drain_ms)) return 2;
      ++i;
    } else if (!strcmp(a, "--max-gap")) {
      if (opt_int(a, v, 1, MAX_MS, &gap_ms)) return 2;
      ++i;
    } else if (!strcmp(a, "--seed")) {
      if (opt_u64(a, v, &opt.seed)) return 2;
      ++i;
    } else if (!strcmp(a, "--live")) {
      d.live = 1;
    } else if (!strcmp(a, "--no-auto-expiry")) {
      d.auto_expiry = 0;
    } else if (!strcmp(a, "--check")) {
      d.check = 1;
    } else if (!strcmp(a, "--metrics")) {
      metrics = 1;
    } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      return 0;
    } else if (!strcmp(a, "--version")) {
      printf("acdroute-drive %s\n", acdr_version());
      return 0;
    } else {
      const char *hint = acdr_suggest(
          a, k_options, sizeof k_options / sizeof k_options[0]);
      if (hint)
        fprintf(stderr, "acdroute-drive: unknown option \"%s\" (did you "
                        "mean %s?)\n", a, hint);
      else
        fprintf(stderr, "acdroute-drive: unknown option \"%s\"\n", a);
      usage(stderr);
      return 2;
    }
  }
  d.max_gap = (acdr_tstamp)gap_ms * ACDR_MILLISECONDS;
  clock_gettime(CLOCK_MONOTONIC, &d.t0);
  d.unix0 = time(NULL);
  acdr_callbacks cb = {on_action, d.live ? live_local_time : NULL};
  int rv = acdr_engine_new(&d.e, &cb, &opt, &d);
  if (rv < 0) {
    fprintf(stderr, "acdroute-drive: %s\n", acdr_strerror(rv));
    return 1;
  }
  if (config) {
    size_t len = 0;
    char *doc = read_file(config, &len);
    if (!doc) {
      fprintf(stderr, "acdroute-drive: cannot read %s: %s\n", config,
              strerror(errno));
      acdr_engine_del(d.e);
      return 1;
    }
    rv = acdr_config_apply(d.e, doc, len, ACDR_RELOAD_REFUSE, 0);
    free(doc);
    if (rv < 0) {
      fprintf(stderr, "acdroute-drive: %s: %s\n%s\n", config,
              acdr_strerror(rv), acdr_config_last_errors(d.e));
      acdr_engine_del(d.e);
      return 1;
    }
  }
  rv = d.live ? run_live(&d, drain_ms) : run_replay(&d, drain_ms);
  if (metrics) {
    char *js = NULL;
    acdr_tstamp now = d.live ? live_now(&d) : acdr_engine_now(d.e);
    if (acdr_metrics_to_json(d.e, now, &js, NULL) == 0) {
      printf("{\"metrics\": %s}\n", js);
      acdr_free(d.e, js);
    }
  }
  fflush(stdout);
  acdr_engine_del(d.e);
  free(d.buf);
  if (rv < 0) return 1;
  return d.errors ? 1 : 0;
}
