# SPDX-License-Identifier: MIT
"""ctypes prototypes of ``config.h``: JSON configuration, snapshots, event
lines."""

from __future__ import annotations

from ctypes import POINTER, c_char_p, c_int, c_size_t, c_void_p

from .core import _E, Proto, acdr_action, acdr_tstamp

__all__ = ["ConfigFunctions"]

_DOC_OUT = (_E, POINTER(c_void_p), POINTER(c_size_t))  # char **pdoc, size_t *plen


class ConfigFunctions:
    """config.h."""

    acdr_config_apply = Proto(c_int, _E, c_char_p, c_size_t, c_int, acdr_tstamp)
    acdr_config_validate = Proto(c_int, _E, c_char_p, c_size_t, c_int)
    acdr_config_export = Proto(c_int, *_DOC_OUT)
    acdr_config_last_errors = Proto(c_char_p, _E)
    acdr_engine_snapshot = Proto(c_int, *_DOC_OUT)
    acdr_engine_restore = Proto(c_int, _E, c_char_p, c_size_t)
    acdr_engine_apply_event_json = Proto(c_int, _E, c_char_p, c_size_t)
    acdr_engine_check_event_json = Proto(
        c_int, _E, c_char_p, c_size_t, POINTER(acdr_tstamp)
    )
    acdr_action_to_json = Proto(
        c_int, c_char_p, c_size_t, POINTER(c_size_t), POINTER(acdr_action)
    )
    acdr_engine_event_log_take = Proto(c_int, *_DOC_OUT)
