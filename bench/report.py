#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Turn guest-bench's raw figures into the report: a table of medians
(with min and max) and their ratios to the baselines measured in the same
run, a JSON summary, and a PNG chart of the ratios.

  report.py RAW.json OUT_DIR [--no-chart]

Baselines: plain IPv4 over the same veth path is the ceiling for every
row; Linux sit is the reference for the 6to4 rows.
"""
import json
import os
import statistics
import subprocess
import sys

LABELS = {
    "ipv4": "plain IPv4 (ceiling)",
    "sit-sit": "sit <-> sit",
    "stf-stf": "stf <-> stf",
    "stf-sit": "stf -> sit",
    "sit-stf": "sit -> stf",
}
SIT_REF = "sit-sit"


def summary(values):
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def main():
    raw = json.load(open(sys.argv[1]))
    outdir = sys.argv[2]
    chart = "--no-chart" not in sys.argv
    os.makedirs(outdir, exist_ok=True)
    rows = {r["name"]: {"tcp_bps": summary(r["tcp_bps"]), "udp64_pps": summary(r["udp64_pps"])}
            for r in raw["results"]}
    for name, r in rows.items():
        for m in ("tcp_bps", "udp64_pps"):
            med = r[m]["median"]
            r[m]["vs_ipv4"] = med / rows["ipv4"][m]["median"]
            if name != "ipv4" and SIT_REF in rows:
                r[m]["vs_sit"] = med / rows[SIT_REF][m]["median"]

    print(f"kteredo benchmark: {raw['runs']} runs of {raw['time']} s each, "
          f"kernel {raw['kernel']}, one qemu guest; medians (min..max)")
    print("Absolute figures are TCG-emulated and mean little; compare the ratios.")
    hdr = f"{'contender':22} {'TCP Mbit/s':>22} {'x IPv4':>7} {'x sit':>6}   {'64B UDP kpps':>20} {'x IPv4':>7} {'x sit':>6}"
    print(hdr)
    print("-" * len(hdr))
    def vs_sit(name, m):
        if name == SIT_REF:
            return "  1.00"
        return f"{m['vs_sit']:6.2f}" if "vs_sit" in m else "     -"

    for name, r in rows.items():
        t, u = r["tcp_bps"], r["udp64_pps"]
        print(f"{LABELS.get(name, name):22} "
              f"{t['median'] / 1e6:8.0f} ({t['min'] / 1e6:5.0f}..{t['max'] / 1e6:5.0f}) "
              f"{t['vs_ipv4']:7.2f} {vs_sit(name, t)}   "
              f"{u['median'] / 1e3:6.1f} ({u['min'] / 1e3:5.1f}..{u['max'] / 1e3:5.1f}) "
              f"{u['vs_ipv4']:7.2f} {vs_sit(name, u)}")
    summary_path = os.path.join(outdir, "results.json")
    json.dump({"time": raw["time"], "runs": raw["runs"], "kernel": raw["kernel"],
               "results": rows}, open(summary_path, "w"), indent=2)
    print(f"\nwritten: {summary_path}")
    if chart:
        dat = os.path.join(outdir, "ratios.dat")
        with open(dat, "w") as f:
            for name, r in rows.items():
                f.write(f'"{LABELS.get(name, name)}" {r["tcp_bps"]["vs_ipv4"]:.4f} '
                        f'{r["udp64_pps"]["vs_ipv4"]:.4f}\n')
        png = os.path.join(outdir, "ratios.png")
        script = f"""
set terminal pngcairo size 900,500 noenhanced
set output '{png}'
set title 'kteredo: throughput and 64-byte packet rate relative to plain IPv4 (same run)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [0:*]
set ylabel 'ratio to plain IPv4'
set grid ytics
set xtics rotate by -20
plot '{dat}' using 2:xtic(1) title 'TCP throughput', '' using 3 title '64-byte UDP rate'
"""
        try:
            subprocess.run(["gnuplot"], input=script.encode(), check=True)
            print(f"written: {png}")
        except (OSError, subprocess.CalledProcessError) as e:
            print(f"no chart: gnuplot failed ({e})")


if __name__ == "__main__":
    main()
