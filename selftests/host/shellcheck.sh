#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every shell script of the tree (the files git knows whose first line
# runs a shell, and the sourced *.sh) is clean under shellcheck at
# warning level, with the tree's .shellcheckrc (sourced files found next
# to their scripts).
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo" || exit 1
echo "TAP version 13"
echo "1..1"
if ! command -v shellcheck >/dev/null; then
	echo "ok 1 shellcheck # SKIP shellcheck is not installed (make deps)"
	exit 4
fi
scripts=()
while read -r f; do
	if [[ $f == *.sh ]] || head -n 1 "$f" | grep -qE '^#!.*/(ba)?sh'; then
		scripts+=("$f")
	fi
done < <(git ls-files 2>/dev/null || find . -type f -not -path './build/*' -printf '%P\n')
if out=$(shellcheck -S warning -f gcc "${scripts[@]}" 2>&1); then
	echo "ok 1 shellcheck -S warning: ${#scripts[@]} shell scripts"
else
	echo "not ok 1 shellcheck -S warning: ${#scripts[@]} shell scripts"
	sed 's/^/#   /' <<< "$out"
	exit 1
fi
