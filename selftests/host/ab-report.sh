#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench/ab-report.py on made-up pairs: the verdict is the median of the
# pairs' ratios, not the ratio of the medians, and a lopsided enough
# split is called a finding while an even one is not.
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
tap_start
report=$REPO/bench/ab-report.py
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# expect NAME REGEX: the last report matched REGEX.
expect() {
	if grep -qE "$2" "$dir/out"; then
		ok "$1"
	else
		fail "$1"
	fi
}
# fail NAME: not ok, with the last report as the diagnostic.
fail() { not_ok "$1" "$(cat "$dir/out")"; }
# raw A-RUNS B-RUNS [METRIC]: a guest-ab result with those runs.
raw() {
	cat > "$dir/raw.json" <<JSON
{"path": "teredo-teredo", "metric": "${3:-udp}", "time": 2, "kernel": "test",
 "order": [], "a": {"label": "old", "runs": [$1]}, "b": {"label": "new", "runs": [$2]}}
JSON
}

# The host slowed down in pairs 3 and 4: B's medians would show a loss,
# but within every pair B is 10% ahead.
raw "100, 100, 50, 50, 100, 100, 100, 100, 100, 100" \
	"110, 110, 55, 55, 110, 110, 110, 110, 110, 110"
/usr/bin/python3 "$report" "$dir/raw.json" "$dir/sum.json" > "$dir/out" 2>&1
expect "B/A is the pairs' ratio (1.100)" '^B/A: median 1\.100 \(1\.100\.\.1\.100\)'
expect "ten of ten pairs for B is a finding (p = 0.002)" \
	'B faster in 10 of 10 pairs, sign test p = 0\.002 \(a finding at 0\.05\)'
expect "each pair is shown with its ratio" '^  pair  3: A +50  B +55  B/A 1\.100$'
if /usr/bin/python3 -c 'import json,sys; s = json.load(open(sys.argv[1])); assert s["median_ratio"] == 1.1 and s["b_wins"] == 10 and s["pairs"] == 10, s' \
	"$dir/sum.json" 2>>"$dir/out"; then
	ok "the summary JSON holds the verdict"
else
	fail "the summary JSON holds the verdict"
fi

# The host slowed down for B's runs in pairs 4 and 5: the medians of the
# runs (60 and 44) would give B/A 0.733; the pairs give 1.100.
raw "100, 100, 40, 60, 60" "110, 110, 44, 40, 40"
/usr/bin/python3 "$report" "$dir/raw.json" > "$dir/out" 2>&1
expect "... the median of the ratios, not the ratio of the medians" '^B/A: median 1\.100 \(0\.667\.\.1\.100\)'

# Split 6 to 4: a median above 1 that means nothing.
raw "100, 100, 100, 100, 100, 100, 100, 100, 100, 100" \
	"120, 120, 120, 120, 120, 120, 90, 90, 90, 90"
/usr/bin/python3 "$report" "$dir/raw.json" > "$dir/out" 2>&1
expect "an even split is not a finding (6 of 10, p = 0.754)" \
	'B faster in 6 of 10 pairs, sign test p = 0\.754 \(not a finding at 0\.05\)'

raw "1000000, 3000000" "2000000, 3000000" tcp
/usr/bin/python3 "$report" "$dir/raw.json" > "$dir/out" 2>&1
expect "TCP figures are given in Mbit/s" '^  A: old: median 2\.0 \(1\.0\.\.3\.0\)'
expect "a tied pair counts for neither side" 'B faster in 1 of 2 pairs, sign test p = 1\.000'

# Bad input: a clear error, no traceback, no summary.
for c in "lopsided pairs:100, 100:100:pairs need one of each" \
	"a dead run:100, 0:100, 100:the path is broken" \
	"no pairs:::pairs need one of each"; do
	IFS=: read -r what a b msg <<< "$c"
	raw "$a" "$b"
	rm -f "$dir/sum.json"
	if /usr/bin/python3 "$report" "$dir/raw.json" "$dir/sum.json" > "$dir/out" 2>&1; then
		fail "$what: refused"
	elif grep -q "$msg" "$dir/out" && ! grep -q Traceback "$dir/out" && [ ! -e "$dir/sum.json" ]; then
		ok "$what: refused ($msg)"
	else
		fail "$what: refused ($msg)"
	fi
done
raw "100" "100" sctp
if /usr/bin/python3 "$report" "$dir/raw.json" > "$dir/out" 2>&1 || ! grep -q "unknown metric 'sctp'" "$dir/out"; then
	fail "an unknown metric is refused"
else
	ok "an unknown metric is refused"
fi
tap_done
