#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel code passes the kernel's checkpatch.pl, taken from Debian's
# linux-source package (the only place Debian ships it).
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
tap_start
repo=$REPO
cache=$repo/build/checkpatch
tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
if [ -z "$tarball" ]; then
	skip checkpatch "linux-source is not installed (make deps)"
	tap_done
fi
if [ ! -x "$cache/scripts/checkpatch.pl" ] || [ "$tarball" -nt "$cache/scripts/checkpatch.pl" ]; then
	mkdir -p "$cache"
	top=$(basename "$tarball" .tar.xz)
	tar -xJf "$tarball" -C "$cache" --strip-components=1 \
		"$top/scripts/checkpatch.pl" "$top/scripts/spelling.txt" \
		"$top/scripts/const_structs.checkpatch"
fi
# shellcheck disable=SC2054 # checkpatch takes its list with commas
cp=("$cache/scripts/checkpatch.pl" --no-tree --terse --file --show-types
    --ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG)
run() {	# run DESCRIPTION EXTRA_ARGS... -- FILES...
	local desc=$1 out
	shift
	if out=$("${cp[@]}" "$@" 2>&1) && ! grep -q -E '(ERROR|WARNING|CHECK):' <<< "$out"; then
		ok "$desc"
	else
		not_ok "$desc" "$(grep -E '(ERROR|WARNING|CHECK):' <<< "$out")"
	fi
}
cd "$repo" || exit 1
files=()
for f in kmod/*.[ch] kmod/*/*.[ch]; do
	[ "$f" = kmod/compat.h ] || files+=("$f")
done
run "checkpatch: kmod/, the UAPI header and the shared headers" "${files[@]}" include/uapi/linux/teredo.h include/teredo/*.h
# Version tests are what compat.h is for.
run "checkpatch: kmod/compat.h" --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON kmod/compat.h
tap_done
