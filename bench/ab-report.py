#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""ab-report: what guest-ab's pairs of runs say about B against A.

Usage: ab-report.py RAW_JSON [OUT_JSON]

Prints each pair and, as the finding, the median of the pairs' ratios
B/A with their range, how many pairs B won, and the two-sided sign test
(the chance of a split at least that lopsided if A and B were the same).
A ratio is only a finding when that chance is small; on a noisy host ten
pairs are what it takes to see 10%. OUT_JSON gets the summary.
"""
import json
import math
import statistics
import sys

UNITS = {"udp": ("64-byte datagrams/s", 1.0, "{:,.0f}"),
         "tcp": ("Mbit/s", 1e-6, "{:,.1f}")}


def sign_test(wins, n):
    """Two-sided sign test: P(a split at least as uneven as wins of n)."""
    k = min(wins, n - wins)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def summarize(raw):
    if raw["metric"] not in UNITS:
        raise ValueError(f"unknown metric {raw['metric']!r}")
    a, b = raw["a"]["runs"], raw["b"]["runs"]
    if not a or len(a) != len(b):
        raise ValueError(f"{len(a)} runs of A and {len(b)} of B: "
                         "pairs need one of each")
    if min(a + b) <= 0:
        raise ValueError("a run moved nothing (a figure of 0): "
                         "the path is broken, not slow")
    ratios = [y / x for x, y in zip(a, b)]
    wins = sum(r > 1 for r in ratios)
    ties = sum(r == 1 for r in ratios)
    # Ties say nothing either way; the test is over the rest.
    decided = len(ratios) - ties
    return {
        "path": raw["path"], "metric": raw["metric"], "time": raw["time"],
        "pairs": len(ratios),
        "a": {"label": raw["a"]["label"], "median": statistics.median(a),
              "min": min(a), "max": max(a)},
        "b": {"label": raw["b"]["label"], "median": statistics.median(b),
              "min": min(b), "max": max(b)},
        "ratios": [round(r, 4) for r in ratios],
        "median_ratio": round(statistics.median(ratios), 4),
        "b_wins": wins,
        "sign_p": round(sign_test(wins, decided), 4) if decided else 1.0,
    }


def report(raw, s):
    unit, scale, fmt = UNITS[s["metric"]]
    f = lambda v: fmt.format(v * scale)  # noqa: E731
    print(f"A/B on {s['path']}: {unit}, {s['pairs']} pairs of "
          f"{s['time']}-s runs, A first in odd pairs, B first in even")
    for side in "ab":
        d = s[side]
        print(f"  {side.upper()}: {d['label']}: median {f(d['median'])} "
              f"({f(d['min'])}..{f(d['max'])})")
    for i, (x, y, r) in enumerate(zip(raw["a"]["runs"], raw["b"]["runs"],
                                      s["ratios"]), 1):
        print(f"  pair {i:2}: A {f(x):>12}  B {f(y):>12}  B/A {r:.3f}")
    verdict = "a finding" if s["sign_p"] <= 0.05 else "not a finding"
    print(f"B/A: median {s['median_ratio']:.3f} "
          f"({min(s['ratios']):.3f}..{max(s['ratios']):.3f}), "
          f"B faster in {s['b_wins']} of {s['pairs']} pairs, "
          f"sign test p = {s['sign_p']:.3f} ({verdict} at 0.05)")


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    with open(argv[1]) as fp:
        raw = json.load(fp)
    try:
        s = summarize(raw)
    except (KeyError, ValueError) as e:
        print(f"ab-report: {argv[1]}: {e}", file=sys.stderr)
        return 1
    report(raw, s)
    if len(argv) == 3:
        with open(argv[2], "w") as fp:
            json.dump(s, fp, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
