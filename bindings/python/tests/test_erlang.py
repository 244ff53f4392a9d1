# SPDX-License-Identifier: MIT
"""Erlang math against the textbook example: 100 calls per 30 minutes, 180 s
handle time, 20 s service-level threshold (docs/erlang.md)."""

from __future__ import annotations

import math

import pytest

import acdroute as acd

from conftest import need

RATE = 100 / 1800  # 100 calls per 30 minutes
AHT = 180.0


def test_erlang_c_published_example() -> None:
    need("acdr_erlang_c_versioned")
    r = acd.erlang_c(RATE, AHT, 14, 20)
    assert isinstance(r, acd.ErlangResult)
    assert r.load == pytest.approx(10.0)
    assert r.p_wait == pytest.approx(0.1741, abs=1e-4)
    assert r.service_level == pytest.approx(0.8884, abs=1e-4)
    assert r.asa_s == pytest.approx(7.84, abs=0.01)
    assert r.occupancy == pytest.approx(0.7143, abs=1e-4)
    assert r.p_abandon == 0


def test_erlang_b_and_c_pwait() -> None:
    need("acdr_erlang_b")
    assert acd.erlang_b(10.0, 14) == pytest.approx(0.0568, abs=1e-3)
    assert acd.erlang_c_pwait(10.0, 14) == pytest.approx(0.1741, abs=1e-4)


def test_erlang_a_tends_to_c() -> None:
    need("acdr_erlang_a_versioned")
    c = acd.erlang_c(RATE, AHT, 14, 20)
    a = acd.erlang_a(RATE, AHT, math.inf, 14, 20)
    assert a.service_level == pytest.approx(c.service_level, abs=1e-9)
    finite = acd.erlang_a(RATE, AHT, 120.0, 14, 20)
    assert 0 < finite.p_abandon < 1


def test_staffing() -> None:
    need("acdr_erlang_c_staff")
    n = acd.erlang_c_staff(RATE, AHT, 20, 0.80)
    assert n == 13 or n == 14
    assert acd.erlang_c(RATE, AHT, n, 20).service_level >= 0.80
    assert acd.erlang_c(RATE, AHT, n - 1, 20, allow_unstable=True).service_level < 0.80
    na = acd.erlang_a_staff(RATE, AHT, 120.0, 20, 0.80, max_abandon=0.05)
    assert 1 <= na <= n


def test_errors() -> None:
    need("acdr_erlang_c_versioned")
    with pytest.raises(acd.RangeError) as ei:
        acd.erlang_c(RATE, AHT, 10, 20)  # A == N: unstable
    assert ei.value.code == acd.ErrorCode.RANGE
    unstable = acd.erlang_c(RATE, AHT, 10, 20, allow_unstable=True)
    assert unstable.p_wait == 1 and math.isinf(unstable.asa_s)
    with pytest.raises(acd.InvalidArgument):
        acd.erlang_b(-1.0, 3)
    with pytest.raises(acd.RangeError):
        acd.erlang_c_staff(RATE, AHT, 20, 0.99, max_agents=5)
