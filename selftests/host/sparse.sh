#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel code is sparse-clean (make C=2: address spaces, endianness,
# lock context annotations), built from a copy of what DKMS gets so that
# the tree's own objects are left alone. Any warning fails.
repo=$(cd "$(dirname "$0")/../.." && pwd)
echo "TAP version 13"
kver=$("$repo/scripts/kver" 2>/dev/null)
if ! command -v sparse >/dev/null || [ -z "$kver" ]; then
	echo "ok 1 sparse # SKIP sparse or the kernel headers are missing (make deps)"
	echo "1..1"
	exit 4
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$repo" && make -s --no-print-directory dkms-files) | tr ' ' '\n' | grep . |
	while read -r f; do install -D -m 0644 "$repo/$f" "$tmp/$f"; done
out=$(make -s -C "/lib/modules/$kver/build" M="$tmp" C=2 modules 2>&1 |
	grep -E 'warning:|error:' | sed "s|$tmp/||")
if [ -z "$out" ]; then
	echo "ok 1 sparse (C=2): no warnings in teredo.ko for $kver"
else
	echo "not ok 1 sparse (C=2): no warnings in teredo.ko for $kver"
	printf '%s\n' "$out" | sed 's/^/#   /'
fi
echo "1..1"
[ -z "$out" ]
