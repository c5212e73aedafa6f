#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Turn guest-bench's raw figures into the report: a table of medians
(with min and max) and their ratios to the baselines measured in the same
run, a JSON summary, and a PNG chart of the ratios.

  report.py RAW.json OUT_DIR [--no-chart]

Baselines: plain IPv4 over the same veth path is the ceiling for every
row (plain IPv6 over it shows what IPv6 itself costs); Linux sit is the reference for the 6to4 rows, Miredo (userland over
TUN) for the Teredo ones.
"""
import json
import os
import statistics
import subprocess
import sys

LABELS = {
    "ipv4": "plain IPv4 (ceiling)",
    "ipv6": "plain IPv6",
    "ipv6-routed": "plain IPv6, routed",
    "sit-sit": "sit <-> sit",
    "fou-fou": "sit+fou <-> sit+fou",
    "stf-stf": "stf <-> stf",
    "stf-sit": "stf -> sit",
    "sit-stf": "sit -> stf",
    "miredo-miredo": "miredo <-> miredo",
    "teredo-teredo": "teredo.ko <-> teredo.ko",
    "teredo-nogro": "... gro off",
    "miredo-relay": "miredo -> miredo relay",
    "teredo-relay": "teredo.ko -> teredo rly",
    "teredo-mrelay": "teredo.ko -> miredo rly",
    "miredo-trelay": "miredo -> teredo rly",
}
# Relay rows compare with Miredo's client through Miredo's relay.
ROW_REFS = {"teredo-relay": "miredo-relay", "teredo-mrelay": "miredo-relay",
            "miredo-trelay": "miredo-relay"}
# The reference of each family of rows, by its first word: (row, key).
REFS = {"sit": ("sit-sit", "vs_sit"), "stf": ("sit-sit", "vs_sit"),
        "fou": ("sit-sit", "vs_sit"),
        "teredo": ("miredo-miredo", "vs_miredo")}


nan = float("nan")


def summary(values):
    """Median, min and max of the rounds that measured (a round's null, a
    figure it could not measure, is left out); "runs" keeps every round in
    order, nulls too, for ratio() to pair."""
    got = [v for v in values if v is not None]
    return {"min": min(got), "median": statistics.median(got), "max": max(got),
            "runs": values}


# Above this spread of the ceiling between rounds the report says so.
NOISY = 1.2
NOISE_NAMES = {"tcp_bps": "TCP", "udp64_pps": "64-byte"}


def run_noise(ipv4, runs):
    """How far plain IPv4, measured the same way every round, moved between
    rounds (fastest over slowest): the guest's own drift, the yardstick for
    what a difference in the ratios can mean."""
    if runs < 2:
        return {}
    return {m: ipv4[m]["max"] / ipv4[m]["min"] for m in NOISE_NAMES
            if m in ipv4 and ipv4[m]["min"] > 0}


def ratio(r, ref):
    """r against ref: the median of the ratios round by round (runs of one
    round share the guest's speed of the moment), or of the medians when
    the rounds do not pair up; rounds where either could not measure are
    left out; None against a reference of 0."""
    a, b = r["runs"], ref["runs"]
    pairs = [(x, y) for x, y in zip(a, b) if x is not None and y]
    if len(a) == len(b) and pairs:
        return statistics.median(x / y for x, y in pairs)
    return r["median"] / ref["median"] if ref["median"] > 0 else None


SERVERS = (("teredoctl", "teredoctl"), ("kernel", "teredoctl + dev"),
           ("miredo", "miredo-server"))


def server_report(srv):
    """The Teredo servers' rows (guest-bench's rs_server rounds), printed;
    returns their summary, with each one's ratio to miredo-server (round
    by round, as ratio() pairs them)."""
    if not srv or not all(srv.get(who) for who, _ in SERVERS):
        return {}
    out = {}
    for who, _ in SERVERS:
        rounds = srv[who]
        out[who] = {
            "rs_per_s": summary([r["max"]["answered_per_s"] for r in rounds]),
            # Answers over what rs-load managed to send: near 1, the load
            # and not the server was the limit.
            "answered_share": min(r["max"]["answered"] / r["max"]["sent"] for r in rounds),
            "p50_us_at_50": summary([r["load50"]["p50_us"] for r in rounds]),
            "p99_us_at_50": summary([r["load50"]["p99_us"] for r in rounds]),
            "p50_us_at_99": summary([r["load99"]["p50_us"] for r in rounds]),
            "p99_us_at_99": summary([r["load99"]["p99_us"] for r in rounds]),
        }
    # Rounds from before the bubble rows have none.
    with_bubbles = all("bubbles" in r for who, _ in SERVERS for r in srv[who])
    for who, _ in SERVERS:
        if with_bubbles:
            out[who]["bubbles_per_s"] = summary([r["bubbles"]["answered_per_s"] for r in srv[who]])
            out[who]["bubbles_p50_us"] = summary([r["bubbles"]["p50_us"] for r in srv[who]])
            out[who]["bubbles_share"] = min(r["bubbles"]["answered"] / max(r["bubbles"]["sent"], 1)
                                            for r in srv[who])
    for who in ("teredoctl", "kernel"):
        out[who]["rs_per_s"]["vs_miredo"] = ratio(out[who]["rs_per_s"], out["miredo"]["rs_per_s"])
        if with_bubbles:
            out[who]["bubbles_per_s"]["vs_miredo"] = ratio(out[who]["bubbles_per_s"],
                                                           out["miredo"]["bubbles_per_s"])
    print("\nTeredo server: Router Solicitations, the server alone on one vCPU, rs-load on the other")
    print("(round trips in us at 50% and 99% of the flat-out rate; * rs-load could send little"
          " more than was answered: the server may go faster)")
    print(f"{'server':16} {'RS/s flat out':>23} {'x miredo':>8}"
          f" {'p50@50%':>8} {'p99@50%':>8} {'p50@99%':>8} {'p99@99%':>8}")
    for who, label in SERVERS:
        r = out[who]
        rate = r["rs_per_s"].get("vs_miredo")
        bound = "*" if r["answered_share"] > 0.9 else " "
        print(f"{label:16} {r['rs_per_s']['median']:8.0f} ({r['rs_per_s']['min']:5.0f}..{r['rs_per_s']['max']:5.0f}){bound}"
              f" {rate if rate is not None else nan:8.2f}"
              f" {r['p50_us_at_50']['median']:8.0f} {r['p99_us_at_50']['median']:8.0f}"
              f" {r['p50_us_at_99']['median']:8.0f} {r['p99_us_at_99']['median']:8.0f}")
    if with_bubbles:
        print("\nTeredo server: bubbles forwarded to its clients, flat out, the same way")
        print(f"{'server':16} {'bubbles/s flat out':>23} {'x miredo':>8} {'p50 us':>8}")
        for who, label in SERVERS:
            r = out[who]
            rate = r["bubbles_per_s"].get("vs_miredo")
            b = r["bubbles_per_s"]
            bound = "*" if r["bubbles_share"] > 0.9 else " "
            print(f"{label:16} {b['median']:8.0f} ({b['min']:5.0f}..{b['max']:5.0f}){bound}"
                  f" {rate if rate is not None else nan:8.2f} {r['bubbles_p50_us']['median']:8.0f}")
    return out


FARM_BASELINE = "6to4 relay's device deleted"


def farm_report(farm):
    """The farm's failover figures (selftests/farm.sh, one run), printed;
    returns their summary. Each failure's outages, one per client, are
    set against the 6to4 relay's failover in the same run: 6to4 keeps no
    state, so that is what routing alone costs."""
    if not farm:
        return []
    base = next((f for f in farm if f["what"] == FARM_BASELINE and f["outages_s"]), None)
    base_median = statistics.median(base["outages_s"]) if base else None
    print("\nFarm failover (selftests/farm.sh): each affected client's longest gap between"
          " echo replies, s")
    print("(x 6to4: the median over that of the 6to4 relay's failover in the same run,"
          " which is routing alone)")
    print(f"{'failure':34} {'clients':>7} {'median':>7} {'max':>6} {'x 6to4':>7}")
    out = []
    for f in farm:
        o = f["outages_s"]
        if not o:
            print(f"{f['what']:34} {0:7}")
            continue
        row = {"what": f["what"], "clients": len(o), "median": statistics.median(o), "max": max(o)}
        if base_median:
            row["vs_6to4"] = row["median"] / base_median
        print(f"{row['what']:34} {row['clients']:7} {row['median']:7.1f} {row['max']:6.1f}"
              f" {row.get('vs_6to4', nan):7.2f}")
        out.append(row)
    return out


def main():
    raw = json.load(open(sys.argv[1]))
    outdir = sys.argv[2]
    chart = "--no-chart" not in sys.argv
    os.makedirs(outdir, exist_ok=True)
    metrics = ("tcp_bps", "udp64_pps", "cpu_us_per_pkt")
    # A metric no round could measure (all null) is left out.
    rows = {r["name"]: {m: summary(r[m]) for m in metrics
                        if any(v is not None for v in r.get(m) or [])}
            for r in raw["results"]}
    # BENCH_ONLY may leave out plain IPv4 or the reference: no ratio then.
    for name, r in rows.items():
        for m in metrics:
            if m not in r:
                continue
            if m in rows.get("ipv4", {}):
                v = ratio(r[m], rows["ipv4"][m])
                if v is not None:
                    r[m]["vs_ipv4"] = v
            ref, key = REFS.get(name.split("-")[0], (None, None))
            if name in ROW_REFS:
                ref, key = ROW_REFS[name], "vs_miredo"
            elif name == "miredo-relay":
                ref = None
            v = ratio(r[m], rows[ref][m]) if ref in rows and m in rows[ref] else None
            if v is not None:
                r[m][key] = v

    print(f"kteredo benchmark: {raw['runs']} rounds of {raw['time']} s runs, "
          f"kernel {raw['kernel']}, one qemu guest; medians (min..max),")
    print("ratios as the median of the ratios within each round")
    print("Absolute figures are TCG-emulated and mean little; compare the ratios.")
    if raw.get("clock") == "instructions":
        print("Clock: instructions (qemu -icount, one vCPU): rates are per "
              "instruction, cache misses and CPU contention unseen.")
    print("x ref: 6to4 rows against sit <-> sit, Teredo rows against miredo <-> miredo,"
          " relay rows against miredo -> miredo relay.")
    hdr = f"{'contender':24} {'TCP Mbit/s':>22} {'x IPv4':>7} {'x ref':>6}   {'64B UDP kpps':>20} {'x IPv4':>7} {'x ref':>6}"
    print(hdr)
    print("-" * len(hdr))

    def vs_ref(name, m):
        if name in (ref for ref, _ in REFS.values()) or name == "miredo-relay":
            return "  1.00"
        v = m.get("vs_sit", m.get("vs_miredo"))
        return f"{v:6.2f}" if v is not None else "     -"

    def cells(name, m, scale, width, prec):
        # A run that failed (iperf3 gave no figure) left its metric out.
        if m is None:
            return f"{'no figure':>{width + 15}} {'-':>7} {'-':>6}"
        return (f"{m['median'] / scale:{width}.{prec}f} "
                f"({m['min'] / scale:5.{prec}f}..{m['max'] / scale:5.{prec}f}) "
                f"{m.get('vs_ipv4', nan):7.2f} {vs_ref(name, m)}")

    for name, r in rows.items():
        print(f"{LABELS.get(name, name):24} "
              f"{cells(name, r.get('tcp_bps'), 1e6, 8, 0)}   "
              f"{cells(name, r.get('udp64_pps'), 1e3, 6, 1)}")
    noise = run_noise(rows.get("ipv4", {}), raw["runs"])
    if noise:
        print("noise: plain IPv4's fastest round over its slowest, "
              + ", ".join(f"{v:.2f}x ({NOISE_NAMES[m]})" for m, v in noise.items())
              + ("; a noisy run: differences smaller than that are not findings"
                 if max(noise.values()) > NOISY else ""))
    if any("cpu_us_per_pkt" in r for r in rows.values()):
        print(f"\nCPU time per packet at {raw.get('cpu_pps', '?')} 64-byte datagrams/s:"
              " what the traffic took from loops soaking up the guest's spare time,"
              " over the packets that arrived")
        print("(lower is better: a ratio below 1 means cheaper than IPv4 or the reference)")
        print(f"{'contender':24} {'us/packet':>22} {'x IPv4':>7} {'x ref':>6}")
        for name, r in rows.items():
            if "cpu_us_per_pkt" not in r:
                continue
            c = r["cpu_us_per_pkt"]
            print(f"{LABELS.get(name, name):24} "
                  f"{c['median']:8.1f} ({c['min']:5.1f}..{c['max']:5.1f}) "
                  f"{c.get('vs_ipv4', nan):7.2f} {vs_ref(name, c)}")
    qual = {}
    for who, ms in raw.get("qualify_ms", {}).items():
        if ms and min(ms) >= 0:
            qual[who] = summary(ms)
    if "teredoctl" in qual and "miredo" in qual:
        o, m = qual["teredoctl"], qual["miredo"]
        qual["miredo_over_teredoctl"] = m["median"] / o["median"]
        print(f"\nqualification, start to usable address (same miredo-server): "
              f"teredoctl {o['median']:.0f} ms ({o['min']:.0f}..{o['max']:.0f}), "
              f"Miredo {m['median']:.0f} ms ({m['min']:.0f}..{m['max']:.0f}): "
              f"Miredo takes {qual['miredo_over_teredoctl']:.2f}x as long")
    elif raw.get("qualify_ms"):
        print("\nqualification: a client did not qualify within 20 s", raw["qualify_ms"])
    server = server_report(raw.get("server"))
    farm = farm_report(raw.get("farm"))
    scale = raw.get("peer_scale", [])
    if scale:
        print("\npeer table: N trusted peers pushed over genl, then 64-byte datagrams"
              " to one peer and spread over all N")
        print(f"{'peers':>9} {'inserted':>9} {'us/insert':>10} {'B each':>7}"
              f" {'slab B/peer':>12} {'kpps one':>9} {'kpps all':>9} {'all/one':>8}")
        for p in scale:
            if not p.get("inserted"):
                print(f"{p['peers']:9} insertion failed")
                continue
            p["insert_us"] = p["insert_s"] * 1e6 / p["inserted"]
            p["slab_per_peer"] = p["slab_bytes"] / p["inserted"]
            # peer-scale gives the median of the ratios within a round.
            if "all_over_one" not in p:
                p["all_over_one"] = p["pps_all"] / p["pps_one"] if p["pps_one"] else 0
            print(f"{p['peers']:9} {p['inserted']:9} {p['insert_us']:10.1f}"
                  f" {p.get('bytes_each', 0):7} {p['slab_per_peer']:12.0f} {p['pps_one'] / 1e3:9.1f}"
                  f" {p['pps_all'] / 1e3:9.1f} {p['all_over_one']:8.2f}")
    summary_path = os.path.join(outdir, "results.json")
    json.dump({"time": raw["time"], "runs": raw["runs"], "kernel": raw["kernel"],
               "clock": raw.get("clock", "real"), "results": rows, "noise": noise, "qualify_ms": qual,
               "server": server, "peer_scale": scale, "farm": farm}, open(summary_path, "w"), indent=2)
    print(f"\nwritten: {summary_path}")
    if chart and "ipv4" not in rows:
        print("no chart: plain IPv4, what it plots against, was not measured")
    elif chart:
        dat = os.path.join(outdir, "ratios.dat")
        with open(dat, "w") as f:
            for name, r in rows.items():
                if "vs_ipv4" not in r.get("tcp_bps", {}) or \
                   "vs_ipv4" not in r.get("udp64_pps", {}):
                    continue
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
