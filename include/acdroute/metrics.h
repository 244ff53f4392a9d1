/* SPDX-License-Identifier: MIT */
/*
 * acdroute - contact-center metrics: counters and KPIs per queue, agent,
 * disposition code, channel and engine, over the engine's lifetime or over
 * a range of time buckets; first-contact resolution; JSON export.
 *
 * Every metric is defined exactly, with its formula, in docs/metrics.md.
 * Staffing predictions (Erlang C / Erlang A) are in erlang.h.
 *
 * Recording is O(1) per event and happens inside the engine's own event
 * calls; nothing here reads a clock.  Queries take the host's `now`, used
 * for the time an agent has spent in its current state so far and to
 * decide which first-contact-resolution windows have passed.
 *
 * Time buckets: host time is cut into buckets of `bucket_ms`; bucket k
 * covers [k*bucket_ms, (k+1)*bucket_ms) in host nanoseconds.  The newest
 * `max_buckets` buckets are kept.  A range [from, to) selects the buckets
 * whose START lies in it, so a day / week / month roll-up is a range whose
 * ends are bucket boundaries (the host maps civil time to its clock).
 * from = 0, to = ACDR_TSTAMP_MAX selects the lifetime counters instead,
 * which never expire.
 *
 * Units: times in the snapshot are nanoseconds (acdr_tstamp), derived
 * averages in milliseconds (double), rates and shares are fractions in
 * [0, 1] (multiply by 100 for percent).  A derived value whose denominator
 * is 0 is -1.0 ("no data"; null in JSON).
 *
 * Threads, errors, memory: as engine.h.  Strings in a snapshot are static
 * or owned by the engine and valid until the next call on the engine.
 */
#ifndef ACDROUTE_METRICS_H
#define ACDROUTE_METRICS_H

#include <acdroute/types.h>
#include <acdroute/errors.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Service-level formula variants (formulas in docs/metrics.md, "KPIs").  "Within T" means
 * wait <= T in milliseconds, T = the queue's sl_threshold_ms; "short"
 * means an abandon with wait < the queue's short_abandon_ms. */
typedef enum acdr_sl_variant {
  /** answered within T / answered */
  ACDR_SL_ANSWERED = 0,
  /** answered within T / (answered + abandoned) (the default; the figure
   * Erlang staffing predicts) */
  ACDR_SL_OFFERED = 1,
  /** (answered within T + abandoned within T) / (answered + abandoned) */
  ACDR_SL_ABANDONED_IN_SL_OK = 2,
  /** answered within T / (answered + abandoned - short abandons) */
  ACDR_SL_EXCLUDE_SHORT = 3
} acdr_sl_variant;
#define ACDR_SL_VARIANT_COUNT 4

/** What identifies "the same issue" for first-contact resolution. */
typedef enum acdr_fcr_key {
  ACDR_FCR_KEY_CUSTOMER = 0,        /* customer_id */
  ACDR_FCR_KEY_CUSTOMER_REASON = 1  /* customer_id + reason */
} acdr_fcr_key;

#define ACDR_METRICS_OPTIONS_V1 1
#define ACDR_METRICS_OPTIONS_VERSION ACDR_METRICS_OPTIONS_V1

/** Metric settings of an engine. */
typedef struct acdr_metrics_options {
  /** Bucket length, 1000 ms .. 31 days; default 900000 (15 minutes). */
  int64_t bucket_ms;
  /** Buckets kept per object, 1 .. 100000; default 768 (8 days of 15
   * minutes).  Memory: at most (objects x max_buckets x ~390 bytes); a
   * bucket is allocated only when an object has something to record in
   * it. */
  uint32_t max_buckets;
  /** acdr_sl_variant; default ACDR_SL_OFFERED. */
  int32_t sl_variant;
  /** 1: abandonment rate leaves short abandons out of numerator and
   * denominator; default 0. */
  int32_t abandon_excludes_short;
  /** acdr_fcr_key; default ACDR_FCR_KEY_CUSTOMER. */
  int32_t fcr_key;
  /** FCR repeat window, 1 ms .. 366 days; default 7 days. */
  int64_t fcr_window_ms;
} acdr_metrics_options;

/** Fill `opt` with the defaults of struct version `version`.  Does nothing
 * if opt is NULL. */
ACDROUTE_EXTERN void acdr_metrics_options_default_versioned(
    int version, acdr_metrics_options *opt);
#define acdr_metrics_options_default(OPT)                                    \
  acdr_metrics_options_default_versioned(ACDR_METRICS_OPTIONS_VERSION, (OPT))

/**
 * acdr_engine_set_metrics_options - change the metric settings.
 *
 * The struct is copied.  Changing bucket_ms or max_buckets discards every
 * time bucket (lifetime counters and FCR state are kept).  fcr_window_ms
 * applies at once to contacts already waiting for their window to pass;
 * fcr_key applies to contacts that end from now on.
 *
 * Errors: INVALID_ARGUMENT (NULL), VERSION, RANGE (a field outside its
 * range; the message names it), NOMEM.
 */
ACDROUTE_EXTERN int acdr_engine_set_metrics_options_versioned(
    acdr_engine *engine, int version, const acdr_metrics_options *opt);
#define acdr_engine_set_metrics_options(E, OPT)                              \
  acdr_engine_set_metrics_options_versioned((E),                             \
                                            ACDR_METRICS_OPTIONS_VERSION,    \
                                            (OPT))

/** Read the current settings.  Errors: INVALID_ARGUMENT, VERSION. */
ACDROUTE_EXTERN int acdr_engine_get_metrics_options_versioned(
    acdr_engine *engine, int version, acdr_metrics_options *opt);
#define acdr_engine_get_metrics_options(E, OPT)                              \
  acdr_engine_get_metrics_options_versioned((E),                             \
                                            ACDR_METRICS_OPTIONS_VERSION,    \
                                            (OPT))

#define ACDR_METRICS_V1 1
#define ACDR_METRICS_V2 2
#define ACDR_METRICS_VERSION ACDR_METRICS_V2

/**
 * acdr_metrics - a snapshot of one object's metrics over a range.
 *
 * Counters an object cannot have are 0 (a queue has no agent time; an
 * agent is never "offered" a contact the way a queue is: its `offered` is
 * answered + missed).  docs/metrics.md defines each field.
 */
typedef struct acdr_metrics {
  /* --- what the snapshot covers --- */
  acdr_tstamp from;          /* first bucket start (0 for lifetime) */
  acdr_tstamp to;            /* end of the last bucket selected
                                (ACDR_TSTAMP_MAX for lifetime) */
  acdr_tstamp now;           /* the `now` of the query */
  int32_t partial;           /* 1: part of the range is older than the
                                buckets kept; those counts are missing */
  int32_t sl_variant;        /* acdr_sl_variant used for service_level */
  const char *sl_variant_name; /* static, e.g. "answered_in_sl/answered" */
  int64_t sl_threshold_ms;   /* queue: its T; others: -1 (each contact's
                                queue's T was used) */

  /* --- contact counters --- */
  uint64_t offered;          /* contacts offered to the object */
  uint64_t answered;
  uint64_t answered_in_sl;   /* answered with wait <= T */
  uint64_t abandoned;        /* caller hung up while waiting / ringing */
  uint64_t abandoned_short;  /* ... with wait < short_abandon_ms */
  uint64_t abandoned_in_sl;  /* ... with wait <= T */
  uint64_t timed_out;
  uint64_t overflowed;
  uint64_t transferred;      /* transferred out */
  uint64_t callbacks;        /* turned into a callback */
  uint64_t rejected;         /* refused on arrival */
  uint64_t missed;           /* offers not answered (no answer, reject) */
  uint64_t handled;          /* conversations that ended (incl. wrap-up) */
  acdr_tstamp wait_answered_ns; /* sum of waits of answered contacts */
  acdr_tstamp longest_wait_ns;  /* longest wait of a contact leaving the
                                   line (answered, abandoned, timed out,
                                   overflowed) */
  acdr_tstamp talk_ns;       /* sums over handled conversations */
  acdr_tstamp hold_ns;
  acdr_tstamp wrapup_ns;

  /* --- dispositions --- */
  uint64_t dispositioned;    /* ended with a primary code */
  uint64_t tagged;           /* codes only: used as an extra tag */
  uint64_t resolved;         /* primary code has ACDR_DISPO_RESOLVED */
  uint64_t success;          /* ... ACDR_DISPO_SUCCESS */
  uint64_t contact_made;     /* ... ACDR_DISPO_CONTACT_MADE */

  /* --- first-contact resolution --- */
  uint64_t fcr_first;        /* first contacts (= the four below) */
  uint64_t fcr_resolved;     /* resolved, window passed without repeat */
  uint64_t fcr_repeated;     /* resolved, but a repeat came in the window */
  uint64_t fcr_unresolved;   /* code not counting as resolved */
  uint64_t fcr_pending;      /* resolved, window not passed yet */
  uint64_t repeat_contacts;  /* contacts that were repeats */

  /* --- agent time (agents and engine) --- */
  acdr_tstamp logged_in_ns;
  acdr_tstamp idle_ns;       /* available with nothing assigned */
  acdr_tstamp away_ns;       /* away with nothing assigned */
  acdr_tstamp ringing_ns;    /* activity "offered" */
  acdr_tstamp on_contact_ns; /* activity "on contact" */
  acdr_tstamp wrapup_time_ns;/* activity "wrap-up" */

  /* --- derived (-1.0 when the denominator is 0) --- */
  double service_level;      /* by sl_variant */
  double asa_ms;             /* wait_answered / answered */
  double abandon_rate;       /* abandoned / offered (short ones out when
                                abandon_excludes_short) */
  double aht_ms;             /* (talk + hold + wrap-up) / handled */
  double aht_talk_ms;
  double aht_hold_ms;
  double aht_wrapup_ms;
  double occupancy;          /* busy / (busy + idle), busy = ringing +
                                on contact + wrap-up time */
  double transfer_rate;      /* transferred / handled */
  double resolution_rate;    /* resolved / offered (agents: / answered,
                                codes: / dispositioned) */
  double fcr_rate;           /* fcr_resolved / (fcr_first - fcr_pending) */
  uint64_t dropped;          /* engine only: events not (fully) recorded
                                for lack of memory */

  /* since V2: conversations (first replies, acdr_contact_first_reply) */
  uint64_t replied;          /* contacts whose first reply was reported
                                (agent: the agent who sent it) */
  uint64_t replied_in_target;/* ... within the queue's reply_target_ms of
                                entering the queue (engine, channel: of
                                arriving) */
  acdr_tstamp first_reply_ns;/* sum of their first-response times */
  uint64_t reply_overdue;    /* assignments that passed the queue's
                                reply_deadline_ms without a reply */
  double frt_ms;             /* average first-response time:
                                first_reply_ns / replied */
  double frt_in_target;      /* replied_in_target / replied */
  /* since V2: outbound, after-hours contacts, survey scores */
  uint64_t outbound_placed;  /* outbound requests that reserved an agent
                                (acdr_outbound_request); not in offered */
  uint64_t outbound_dnc_refused; /* outbound requests refused: the number
                                was on the do-not-contact list */
  uint64_t after_hours;      /* contacts that arrived while their queue was
                                closed; not in offered (docs/metrics.md) */
  uint64_t csat_responses;   /* CSAT scores (1-5) received */
  uint64_t csat_sum;         /* their sum */
  uint64_t csat_satisfied;   /* ... of 4 or 5 */
  uint64_t nps_responses;    /* NPS scores (0-10) received */
  uint64_t nps_promoters;    /* ... of 9 or 10 */
  uint64_t nps_detractors;   /* ... of 0 to 6 */
  double csat_avg;           /* csat_sum / csat_responses */
  double csat_rate;          /* csat_satisfied / csat_responses */
  double promoter_rate;      /* nps_promoters / nps_responses; the NPS is
                                100 * (promoter_rate - detractor_rate) */
  double detractor_rate;     /* nps_detractors / nps_responses */
} acdr_metrics;

/**
 * acdr_metrics_get_engine - metrics of the whole engine.
 *
 * Each contact counts once however many queues it visits: its wait is
 * measured from its arrival, it is "answered" at its first answer and
 * "abandoned" only if never answered.  Agent time is summed over agents.
 *
 * @from, to  range of bucket starts [from, to); 0, ACDR_TSTAMP_MAX for
 *            the lifetime.
 * @now       the host's time (>= the engine's latest time).
 * @version   ACDR_METRICS_VERSION (use the macro).
 * @out       filled on success.
 * Errors: INVALID_ARGUMENT (NULL), VERSION, RANGE (from > to),
 * TIME_BACKWARDS (now earlier than the engine's time).
 */
ACDROUTE_EXTERN int acdr_metrics_get_engine_versioned(acdr_engine *engine,
                                                      acdr_tstamp from,
                                                      acdr_tstamp to,
                                                      acdr_tstamp now,
                                                      int version,
                                                      acdr_metrics *out);
#define acdr_metrics_get_engine(E, FROM, TO, NOW, OUT)                       \
  acdr_metrics_get_engine_versioned((E), (FROM), (TO), (NOW),               \
                                    ACDR_METRICS_VERSION, (OUT))

/** Metrics of one queue.  A contact counts in every queue it enters (a
 * transfer or overflow is a new entry); waits are measured from entering
 * the queue.  Errors: as acdr_metrics_get_engine, QUEUE_NOT_FOUND. */
ACDROUTE_EXTERN int acdr_metrics_get_queue_versioned(acdr_engine *engine,
                                                     const char *queue_id,
                                                     acdr_tstamp from,
                                                     acdr_tstamp to,
                                                     acdr_tstamp now,
                                                     int version,
                                                     acdr_metrics *out);
#define acdr_metrics_get_queue(E, ID, FROM, TO, NOW, OUT)                    \
  acdr_metrics_get_queue_versioned((E), (ID), (FROM), (TO), (NOW),          \
                                   ACDR_METRICS_VERSION, (OUT))

/** Metrics of one agent (contacts it answered, handled, missed; its
 * time).  Errors: as acdr_metrics_get_engine, AGENT_NOT_FOUND. */
ACDROUTE_EXTERN int acdr_metrics_get_agent_versioned(acdr_engine *engine,
                                                     const char *agent_id,
                                                     acdr_tstamp from,
                                                     acdr_tstamp to,
                                                     acdr_tstamp now,
                                                     int version,
                                                     acdr_metrics *out);
#define acdr_metrics_get_agent(E, ID, FROM, TO, NOW, OUT)                    \
  acdr_metrics_get_agent_versioned((E), (ID), (FROM), (TO), (NOW),          \
                                   ACDR_METRICS_VERSION, (OUT))

/** Metrics of one channel (acdr_channel), counted like the engine's.
 * Errors: as acdr_metrics_get_engine, CHANNEL (unknown channel). */
ACDROUTE_EXTERN int acdr_metrics_get_channel_versioned(acdr_engine *engine,
                                                       int32_t channel,
                                                       acdr_tstamp from,
                                                       acdr_tstamp to,
                                                       acdr_tstamp now,
                                                       int version,
                                                       acdr_metrics *out);
#define acdr_metrics_get_channel(E, CH, FROM, TO, NOW, OUT)                  \
  acdr_metrics_get_channel_versioned((E), (CH), (FROM), (TO), (NOW),        \
                                     ACDR_METRICS_VERSION, (OUT))

/** Metrics of one disposition code: contacts that ended with it as the
 * primary code (dispositioned, resolved/success/contact_made, handled and
 * handle times) and how often it was an extra tag.  Errors: as
 * acdr_metrics_get_engine, UNKNOWN_CODE (no contact has carried the code
 * since the engine started). */
ACDROUTE_EXTERN int acdr_metrics_get_code_versioned(acdr_engine *engine,
                                                    const char *code_id,
                                                    acdr_tstamp from,
                                                    acdr_tstamp to,
                                                    acdr_tstamp now,
                                                    int version,
                                                    acdr_metrics *out);
#define acdr_metrics_get_code(E, ID, FROM, TO, NOW, OUT)                     \
  acdr_metrics_get_code_versioned((E), (ID), (FROM), (TO), (NOW),           \
                                  ACDR_METRICS_VERSION, (OUT))

/** What a survey score measures (acdr_survey_record).  Since 1.1. */
typedef enum acdr_survey_kind {
  /** customer satisfaction, 1 (very dissatisfied) .. 5 (very satisfied);
   * 4 and 5 count as satisfied */
  ACDR_SURVEY_CSAT = 0,
  /** net promoter, 0 .. 10: 9-10 promoters, 0-6 detractors */
  ACDR_SURVEY_NPS = 1
} acdr_survey_kind;

/**
 * acdr_survey_record - a customer's survey score for a contact that has
 * ended (since 1.1).
 *
 * The score counts (csat_* or nps_* counters, docs/metrics.md) for the
 * engine, the channel and queue the contact ended in, its agent and its
 * primary disposition code, in the lifetime counters and in the time
 * bucket of `now` (the period the score was received in).  The contact
 * is looked up in the disposition history, so it must have ended and
 * still be in it (acdr_dispo_set_limits).  Each call counts: the host
 * sends one score per contact and kind.
 *
 * Errors (nothing changed): INVALID_ARGUMENT (NULL engine or id, unknown
 * kind), RANGE (score outside 1..5 for CSAT, 0..10 for NPS),
 * INVALID_STATE (the contact has not ended yet), CONTACT_NOT_FOUND
 * (neither live nor in the history), TIME_BACKWARDS, BUSY.
 */
ACDROUTE_EXTERN int acdr_survey_record(acdr_engine *engine,
                                       const char *contact_id, int32_t kind,
                                       int32_t score, acdr_tstamp now);

/** The static name of a service-level variant ("answered_in_sl/answered",
 * ...; "unknown" for other values).  Never NULL. */
ACDROUTE_EXTERN const char *acdr_sl_variant_name(int variant);

/**
 * acdr_metrics_to_json - export the lifetime metrics of the engine, every
 * channel, queue, agent and disposition code as one JSON document
 * (format in docs/metrics.md), including each queue's real-time view.
 *
 * On success *out is a NUL-terminated string allocated with the engine's
 * allocator, owned by the caller (free with acdr_free); *len (may be NULL)
 * its length without the NUL.
 * Errors: INVALID_ARGUMENT (NULL), TIME_BACKWARDS, NOMEM.
 */
ACDROUTE_EXTERN int acdr_metrics_to_json(acdr_engine *engine, acdr_tstamp now,
                                         char **out, size_t *len);

/** As acdr_metrics_to_json, over the buckets of [from, to).  Errors: as
 * acdr_metrics_to_json, RANGE (from > to). */
ACDROUTE_EXTERN int acdr_metrics_range_to_json(acdr_engine *engine,
                                               acdr_tstamp from,
                                               acdr_tstamp to,
                                               acdr_tstamp now, char **out,
                                               size_t *len);

#ifdef __cplusplus
}
#endif

#endif /* ACDROUTE_METRICS_H */
