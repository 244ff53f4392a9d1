#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Route a few contacts through acdroute and print every action.

Run from the source tree after building the library:

    ACDROUTE_LIBRARY=build/libacdroute.so PYTHONPATH=bindings/python \\
        /usr/bin/python3 examples/python/route_contacts.py
"""

from __future__ import annotations

import acdroute as acd

S = acd.SECOND


def main() -> None:
    def on_action(a: acd.Action) -> None:
        print(f"{a.time / S:7.1f}s  {a}")
        # agents answer their offers straight away (re-entrant call)
        if a.type == acd.ActionType.OFFER and a.contact_id and a.agent_id:
            eng.accept(a.contact_id, a.agent_id, a.time)

    with acd.Engine(on_action=on_action, seed=1) as eng:
        print("libacdroute", acd.version(), "strategies:", ", ".join(eng.strategies()))
        eng.add_queue("support", strategy="longest-idle", wrapup_ms=10_000)
        eng.add_queue("sales", strategy="round-robin" if "round-robin" in eng.strategies()
                      else None)
        for i, name in enumerate(["alice", "bob"]):
            eng.add_agent(name, skills={"english": 90, "spanish": 40 + 40 * i})
            eng.add_member("support", name, 0)
            eng.add_member("sales", name, 0, position=i)
            eng.login(name, 0)

        eng.arrive("call-1", "support", 1 * S, customer="cust-42",
                   attrs={"language": "en"})
        eng.arrive("call-2", "sales", 2 * S, priority=5)
        eng.arrive("call-3", "support", 3 * S)  # waits: everyone is busy
        eng.hangup("call-1", 60 * S)            # alice goes to wrap-up
        eng.advance(80 * S)                     # wrap-up ends; call-3 is routed
        eng.hangup("call-2", 90 * S)
        eng.hangup("call-3", 120 * S)
        eng.advance(200 * S)
        eng.check()

        q = eng.queue_info("support")
        print(f"support: waiting={q.waiting} connected={q.connected} "
              f"ready={q.agents_ready}")
        m = eng.metrics.queue("support")
        print(f"support: offered={m.offered} answered={m.answered} "
              f"service level={m.service_level} ASA={m.asa_ms} ms")


if __name__ == "__main__":
    main()
