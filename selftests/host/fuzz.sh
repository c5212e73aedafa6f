#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The fuzzers (fuzz/) in a short run: build them, replay every input kept
# in fuzz/regressions/TARGET/, then fuzz each target for FUZZ_SECONDS
# (default 10) from its seed corpus. make fuzz is the long run.
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
tap_start
repo=$REPO
out=$repo/build/fuzz
secs=${FUZZ_SECONDS:-10}
if ! command -v clang >/dev/null; then
	skip fuzzers "clang is not installed (make deps)"
	tap_done
fi
t() {	# t DESCRIPTION CMD...
	local desc=$1 log
	shift
	log=$(mktemp)
	if "$@" >"$log" 2>&1; then
		ok "$desc"
	else
		not_ok "$desc" \
			"$(grep -E 'ERROR|SUMMARY|==[0-9]+==|runtime error|Test unit written' "$log" | head -10)" \
			"$(tail -3 "$log")"
	fi
	rm -f "$log"
}
t "the fuzzers build (clang, libFuzzer, ASan, UBSan)" make -s -C "$repo/fuzz" all
for target in wire qualify conf; do
	f=$out/fuzz_$target
	regress=$(find "$repo/fuzz/regressions/$target" -type f ! -name .keep | wc -l)
	if [ "$regress" -gt 0 ]; then
		t "fuzz_$target: the $regress kept crash inputs pass" sh -c \
			"find '$repo/fuzz/regressions/$target' -type f ! -name .keep -print0 | xargs -0 '$f' -runs=1"
	fi
	work=$(mktemp -d)
	cp "$out/corpus/$target"/* "$work/"
	t "fuzz_$target: $secs s from the seed corpus, no crash" \
		"$f" -max_total_time="$secs" -artifact_prefix="$out/" "$work"
	rm -rf "$work"
done
tap_done
