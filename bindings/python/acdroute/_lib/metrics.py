# SPDX-License-Identifier: MIT
"""ctypes mirrors of ``metrics.h``."""

from __future__ import annotations

from ctypes import POINTER, Structure, c_char_p, c_int, c_int32, c_size_t, c_void_p

from .core import _E, _S, Proto, acdr_tstamp, c_struct

__all__ = [
    "ACDR_METRICS_OPTIONS_V1", "ACDR_METRICS_V1", "ACDR_METRICS_V2", "acdr_metrics_options", "acdr_metrics",
    "MetricsFunctions",
]

ACDR_METRICS_OPTIONS_V1 = 1


class acdr_metrics_options(Structure):
    _fields_ = c_struct(globals(), """
        int64_t bucket_ms; uint32_t max_buckets;
        int32_t sl_variant, abandon_excludes_short, fcr_key; int64_t fcr_window_ms;""")


ACDR_METRICS_V1 = 1
ACDR_METRICS_V2 = 2


class acdr_metrics(Structure):
    _fields_ = c_struct(globals(), """
        acdr_tstamp from, to, now; int32_t partial, sl_variant;
        const char *sl_variant_name; int64_t sl_threshold_ms;
        /* contacts */
        uint64_t offered, answered, answered_in_sl, abandoned, abandoned_short,
                 abandoned_in_sl, timed_out, overflowed, transferred, callbacks, rejected,
                 missed, handled;
        acdr_tstamp wait_answered_ns, longest_wait_ns, talk_ns, hold_ns, wrapup_ns;
        /* dispositions, FCR */
        uint64_t dispositioned, tagged, resolved, success, contact_made, fcr_first,
                 fcr_resolved, fcr_repeated, fcr_unresolved, fcr_pending, repeat_contacts;
        /* agent time */
        acdr_tstamp logged_in_ns, idle_ns, away_ns, ringing_ns, on_contact_ns, wrapup_time_ns;
        /* derived (-1.0: no data) */
        double service_level, asa_ms, abandon_rate, aht_ms, aht_talk_ms, aht_hold_ms,
               aht_wrapup_ms, occupancy, transfer_rate, resolution_rate, fcr_rate;
        uint64_t dropped;
        /* since V2: conversations */
        uint64_t replied, replied_in_target; acdr_tstamp first_reply_ns;
        uint64_t reply_overdue; double frt_ms, frt_in_target;
        /* since V2: outbound, after-hours contacts, survey scores */
        uint64_t outbound_placed, outbound_dnc_refused, after_hours, csat_responses,
                 csat_sum, csat_satisfied, nps_responses, nps_promoters, nps_detractors;
        double csat_avg, csat_rate, promoter_rate, detractor_rate;""")


_OPTIONS = POINTER(acdr_metrics_options)
_RANGE = (acdr_tstamp, acdr_tstamp, acdr_tstamp, c_int, POINTER(acdr_metrics))  # from, to, now
_DOC_OUT = (POINTER(c_void_p), POINTER(c_size_t))


class MetricsFunctions:
    """metrics.h."""

    acdr_metrics_options_default_versioned = Proto(None, c_int, _OPTIONS)
    acdr_engine_set_metrics_options_versioned = Proto(c_int, _E, c_int, _OPTIONS)
    acdr_engine_get_metrics_options_versioned = Proto(c_int, _E, c_int, _OPTIONS)
    acdr_metrics_get_engine_versioned = Proto(c_int, _E, *_RANGE)
    acdr_metrics_get_queue_versioned = Proto(c_int, _E, _S, *_RANGE)
    acdr_metrics_get_agent_versioned = Proto(c_int, _E, _S, *_RANGE)
    acdr_metrics_get_channel_versioned = Proto(c_int, _E, c_int32, *_RANGE)
    acdr_metrics_get_code_versioned = Proto(c_int, _E, _S, *_RANGE)
    acdr_sl_variant_name = Proto(c_char_p, c_int)
    acdr_survey_record = Proto(c_int, _E, _S, c_int32, c_int32, acdr_tstamp)
    acdr_metrics_to_json = Proto(c_int, _E, acdr_tstamp, *_DOC_OUT)
    acdr_metrics_range_to_json = Proto(
        c_int, _E, acdr_tstamp, acdr_tstamp, acdr_tstamp, *_DOC_OUT
    )
