#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""How long a CPU kept a ping waiting, from two `ping -D -i 0.01` logs.

Usage: ping-waits.py CPU_LOG CONTROL_LOG T0 LIMIT_MS

CPU_LOG is a ping pinned to the CPU under test, CONTROL_LOG one pinned
to the other CPU. A CPU that runs nothing else for a while shows in two
ways: a request already sent gets its reply late (a long round trip),
or the ping is not run at all and sends nothing (a gap between two
replies; the round trip stays short, as both ends run in the sender's
softirq). Both count as waits.

A wait the control ping shared (it waited 50 ms then too) is the
emulator's: the host descheduled the whole guest. The others are the
CPU's own.

Prints the CPU's own three longest waits over 10 ms (how long, and
when in seconds from T0) as TAP comments, then one line "WORST COUNT
SHARED": the longest own wait in ms, how many own waits were LIMIT_MS
or more, and how many waits of LIMIT_MS were shared.
"""
import re
import sys

INTERVAL = 0.01
REPLY = re.compile(r'^\[([0-9.]+)\].*time=([0-9.]+) ms')


def replies(path):
    with open(path) as f:
        return [(float(m[1]), float(m[2]) / 1000)
                for m in map(REPLY.match, f) if m]


def waits(log, least):
    """(start, end) of every round trip or gap of at least @least s."""
    found = [(at - rtt, at) for at, rtt in log if rtt >= least]
    found += [(a + INTERVAL, b) for (a, _), (b, _) in zip(log, log[1:])
              if b - a - INTERVAL >= least]
    return found


def main():
    cpu, ctl = replies(sys.argv[1]), replies(sys.argv[2])
    t0, limit = float(sys.argv[3]), float(sys.argv[4]) / 1000
    if not cpu or not ctl:
        print('# no replies to judge by')
        print('1000000 1 0')
        return
    shared_with = waits(ctl, 0.05)
    own, shared = [], 0
    for a, b in waits(cpu, 0.01):
        if b - a >= limit and any(x < b and a < y for x, y in shared_with):
            shared += 1
        else:
            own.append((b - a, a))
    own.sort(reverse=True)
    for length, a in own[:3]:
        print(f'# CPU wait: {length * 1000:.0f} ms at {a - t0:.2f} s')
    worst = own[0][0] if own else 0
    print(f'{worst * 1000:.0f} {sum(w >= limit for w, _ in own)} {shared}')


main()
