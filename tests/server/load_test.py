#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""acdroute-server holds 1,000 concurrent clients, short correctness run of
tools/acdroute-server/bench_load.py (--check): 2,000 agents in queues of
100, 1,000 clients on TCP at once (half subscribed to their 2 agents, half
to their queue, one more to "all"), each logging in its agents and sending
2 arrive/hangup cycles and 2 arrivals to a queue without members, one line
in flight per client.  Asserts that every line got its ack (8,000 events,
each sequence number once), that every client received exactly the
actions of the "all" stream its subscriptions select, in order, and that
/queues lists the 2,000 waiting contacts by position.  No timing asserts.

The server is started with a soft open-file limit of 512 (hosts often
have 1024): it must raise its own limit to hold --max-clients (1024)
clients.  Skipped (77) when the hard limit is too low for that.

usage: load_test.py SERVER_BINARY
"""
import os
import resource
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(HERE, "..", "..", "tools", "acdroute-server", "bench_load.py")

if resource.getrlimit(resource.RLIMIT_NOFILE)[1] < 1400:
    print("skipped: hard RLIMIT_NOFILE below 1400")
    sys.exit(77)
r = subprocess.run([sys.executable, BENCH, sys.argv[1], "--check", "--agents", "2000",
                    "--clients", "1000", "--cycles", "2", "--hold", "2",
                    "--server-nofile", "512"], timeout=540)
sys.exit(r.returncode)
