# SPDX-License-Identifier: MIT
"""Helpers shared by the tests of tests/server (each test imports this
module from its own directory)."""
import os
import socket
from typing import Dict


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env() -> Dict[str, str]:
    """The environment for acdroute-server: under the ASan build ctest
    preloads the sanitizer runtime for Python; ACDROUTE_SERVER_CLEAN_ENV
    says to take it out again for the server, which links it itself."""
    env = dict(os.environ)
    if env.pop("ACDROUTE_SERVER_CLEAN_ENV", None):
        env.pop("LD_PRELOAD", None)
        env.pop("ASAN_OPTIONS", None)
    return env
