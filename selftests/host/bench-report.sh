#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench/report.py on made-up figures: ratios are taken round by round,
# so a round in which the whole guest ran slow cannot skew them.
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
tap_start
here=$SELFTESTS/host
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
t() { # t NAME PYTHON-ASSERTION
	if /usr/bin/python3 -c "import json; d = json.load(open('$dir/out/results.json'))['results']; assert $2, d" 2>"$dir/err"; then
		ok "$1"
	else
		not_ok "$1" "$(cat "$dir/err")"
	fi
}
# report_has NAME REGEX: a line of the report matches REGEX.
report_has() {
	if grep -q "$2" "$dir/report"; then
		ok "$1"
	else
		not_ok "$1" "$(cat "$dir/report")"
	fi
}
# Round 3 of teredo ran while the guest was slow, and only its run.
cat > "$dir/raw.json" <<JSON
{"time": 1, "runs": 3, "cpu_pps": 4000, "kernel": "test", "results": [
 {"name": "ipv4", "tcp_bps": [100, 50, 80], "udp64_pps": [10, 20, 30], "cpu_us_per_pkt": [1, 1, 1]},
 {"name": "miredo-miredo", "tcp_bps": [10, 5, 8], "udp64_pps": [1, 2, 3], "cpu_us_per_pkt": [4, 4, 4]},
 {"name": "teredo-teredo", "tcp_bps": [90, 45, 40], "udp64_pps": [5, 10, 15], "cpu_us_per_pkt": [2, 2, null]}],
 "peer_scale": [
 {"peers": 1000, "inserted": 1000, "insert_s": 0.1, "slab_bytes": 120000, "pps_one": 100, "pps_all": 50, "all_over_one": 0.8},
 {"peers": 10, "inserted": 10, "insert_s": 0.1, "slab_bytes": 1200, "pps_one": 100, "pps_all": 50}],
 "farm": [
 {"what": "teredoctl relay SIGKILLed", "outages_s": [3.4, 3.2, 3.3]},
 {"what": "a server SIGKILLed", "outages_s": []},
 {"what": "6to4 relay's device deleted", "outages_s": [0.4, 0.4]}]}
JSON
/usr/bin/python3 "$here/../../bench/report.py" "$dir/raw.json" "$dir/out" --no-chart >"$dir/report" 2>&1
if [ -s "$dir/out/results.json" ]; then
	ok "report.py writes results.json"
else
	not_ok "report.py writes results.json" "$(cat "$dir/report")"
	tap_done
fi
t "x IPv4 is the median of the per-round ratios (0.9), not of medians (0.56)" \
	"abs(d['teredo-teredo']['tcp_bps']['vs_ipv4'] - 0.9) < 1e-9"
t "x Miredo likewise (9.0)" \
	"abs(d['teredo-teredo']['tcp_bps']['vs_miredo'] - 9.0) < 1e-9"
t "a steady ratio stays as it is (0.5)" \
	"abs(d['teredo-teredo']['udp64_pps']['vs_ipv4'] - 0.5) < 1e-9"
t "a round that could not measure is left out of the figure, not guessed (2)" \
	"d['teredo-teredo']['cpu_us_per_pkt']['median'] == 2 and d['teredo-teredo']['cpu_us_per_pkt']['max'] == 2"
t "... and of its ratios, round by round (2.0, 0.5)" \
	"d['teredo-teredo']['cpu_us_per_pkt']['vs_ipv4'] == 2.0 and d['teredo-teredo']['cpu_us_per_pkt']['vs_miredo'] == 0.5"
# peer-scale's ratio is its own median of per-round ratios: kept as is.
t "the peer table's ratio is the one peer-scale measured round by round (0.8)" \
	"abs(json.load(open('$dir/out/results.json'))['peer_scale'][0]['all_over_one'] - 0.8) < 1e-9"
t "... and from the medians when a peer-scale gave none (0.5)" \
	"abs(json.load(open('$dir/out/results.json'))['peer_scale'][1]['all_over_one'] - 0.5) < 1e-9"
t "the ceiling's drift between rounds is kept: TCP 100/50, 64-byte 30/10" \
	"json.load(open('$dir/out/results.json'))['noise'] == {'tcp_bps': 2.0, 'udp64_pps': 3.0}"
report_has "... and the report calls such a run noisy" \
	"^noise: .* 2.00x (TCP), 3.00x (64-byte); a noisy run"
report_has "the farm's failover: clients, median, worst and x 6to4 (3.3 / 0.4)" \
	"^teredoctl relay SIGKILLed  *3  *3\.3  *3\.4  *8\.25$"
report_has "... the 6to4 baseline itself at 1.00" \
	"^6to4 relay's device deleted  *2  *0\.4  *0\.4  *1\.00$"
t "... and the JSON has the ratio" \
	"abs(json.load(open('$dir/out/results.json'))['farm'][0]['vs_6to4'] - 8.25) < 1e-9"
# The same run with a steady ceiling (within 20%): said, not flagged.
sed -i 's/"tcp_bps": \[100, 50, 80\], "udp64_pps": \[10, 20, 30\]/"tcp_bps": [100, 90, 95], "udp64_pps": [20, 21, 22]/' "$dir/raw.json"
/usr/bin/python3 "$here/../../bench/report.py" "$dir/raw.json" "$dir/out" --no-chart >"$dir/report" 2>&1
report_has "a steady ceiling is reported without the warning" \
	"^noise: .* 1.11x (TCP), 1.10x (64-byte)$"
# A run on the instruction clock says so, in the report and the JSON.
if grep -q "^Clock: instructions" "$dir/report"; then
	not_ok "a real-time run says nothing of instructions"
else
	ok "a real-time run says nothing of instructions"
fi
sed -i 's/"runs": 3,/"runs": 3, "clock": "instructions",/' "$dir/raw.json"
/usr/bin/python3 "$here/../../bench/report.py" "$dir/raw.json" "$dir/out" --no-chart >"$dir/report" 2>&1
report_has "a run on the instruction clock says so" "^Clock: instructions (qemu -icount, one vCPU)"
t "... and its JSON too" "json.load(open('$dir/out/results.json'))['clock'] == 'instructions'"
# A CPU time of 0 for plain IPv4 (as older runs recorded what they could
# not measure): no ratio to it, and no crash.
cat > "$dir/raw.json" <<JSON
{"time": 1, "runs": 1, "cpu_pps": 4000, "kernel": "test", "results": [
 {"name": "ipv4", "tcp_bps": [100], "udp64_pps": [10], "cpu_us_per_pkt": [0.0]},
 {"name": "miredo-miredo", "tcp_bps": [10], "udp64_pps": [1], "cpu_us_per_pkt": [4]},
 {"name": "teredo-teredo", "tcp_bps": [90], "udp64_pps": [5], "cpu_us_per_pkt": [2]}]}
JSON
rm -f "$dir/out/results.json"
/usr/bin/python3 "$here/../../bench/report.py" "$dir/raw.json" "$dir/out" --no-chart >"$dir/report" 2>&1
t "a CPU time of 0 for IPv4: the report is written, no ratio to it" \
	"'vs_ipv4' not in d['teredo-teredo']['cpu_us_per_pkt'] and d['teredo-teredo']['cpu_us_per_pkt']['vs_miredo'] == 0.5"
report_has "... and the table shows none" '^teredo\.ko <-> teredo\.ko  *2\.0 (  2\.0\.\.  2\.0)  *nan  *0\.50$'
# A contender no round of which could measure its CPU time: left out of
# that table, which still shows the others.
cat > "$dir/raw.json" <<JSON
{"time": 1, "runs": 2, "cpu_pps": 4000, "kernel": "test", "results": [
 {"name": "ipv4", "tcp_bps": [100, 100], "udp64_pps": [10, 10], "cpu_us_per_pkt": [null, null]},
 {"name": "sit-sit", "tcp_bps": [90, 90], "udp64_pps": [5, 5], "cpu_us_per_pkt": [3, 5]}]}
JSON
rm -f "$dir/out/results.json"
/usr/bin/python3 "$here/../../bench/report.py" "$dir/raw.json" "$dir/out" --no-chart >"$dir/report" 2>&1
t "a CPU time no round measured is left out" \
	"'cpu_us_per_pkt' not in d['ipv4'] and d['sit-sit']['cpu_us_per_pkt']['median'] == 4"
report_has "... and the table shows the others" '^sit <-> sit  *4\.0 (  3\.0\.\.  5\.0)  *nan  *1\.00$'
if grep -q '^plain IPv4 (ceiling)  *[0-9.]* (' <(sed -n '/^CPU time/,$p' "$dir/report"); then
	not_ok "... but not the one that has none" "$(cat "$dir/report")"
else
	ok "... but not the one that has none"
fi
# BENCH_ONLY without plain IPv4: the references' ratios all the same,
# and no chart (it plots against IPv4) rather than a crash.
cat > "$dir/raw.json" <<JSON
{"time": 1, "runs": 1, "cpu_pps": 4000, "kernel": "test", "results": [
 {"name": "sit-sit", "tcp_bps": [100], "udp64_pps": [10], "cpu_us_per_pkt": [3]},
 {"name": "stf-stf", "tcp_bps": [90], "udp64_pps": [9], "cpu_us_per_pkt": [4]}]}
JSON
rm -f "$dir/out/results.json"
/usr/bin/python3 "$here/../../bench/report.py" "$dir/raw.json" "$dir/out" >"$dir/report" 2>&1
t "without plain IPv4: stf's ratio to sit is still given" \
	"d['stf-stf']['tcp_bps']['vs_sit'] == 0.9 and 'vs_ipv4' not in d['stf-stf']['tcp_bps']"
report_has "... and the report says why it draws no chart" \
	'^no chart: plain IPv4, what it plots against, was not measured$'
# A contender whose TCP run gave no figure (iperf3 failed every round).
cat > "$dir/raw.json" <<JSON
{"time": 1, "runs": 1, "cpu_pps": 4000, "kernel": "test", "results": [
 {"name": "ipv4", "tcp_bps": [100], "udp64_pps": [10], "cpu_us_per_pkt": [3]},
 {"name": "teredo-teredo", "tcp_bps": [], "udp64_pps": [5], "cpu_us_per_pkt": [2]}]}
JSON
rm -f "$dir/out/results.json"
/usr/bin/python3 "$here/../../bench/report.py" "$dir/raw.json" "$dir/out" --no-chart >"$dir/report" 2>&1
t "a run without a TCP figure: its 64-byte ratio is still given" \
	"d['teredo-teredo']['udp64_pps']['vs_ipv4'] == 0.5 and 'tcp_bps' not in d['teredo-teredo']"
report_has "... and its row says it has no TCP figure" \
	'^teredo\.ko <-> teredo\.ko  *no figure  *-  *-  *0\.0 (.*)  *0\.50  *-$'
# bench/run's knobs: a bad value is refused, saying why, before a guest boots.
for knob in BENCH_ICOUNT BENCH_FARM; do
	# (timeout: without the check, it would go on to boot the guest)
	out=$(timeout 20 env "$knob=yes" "$here/../../bench/run" 2>&1)
	[ $? = 1 ] && [[ $out == *"$knob is 1 "*"not 'yes'"* ]]
	ok_if $? "bench/run refuses $knob=yes"
done
tap_done
