#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build and run the qualification message tests (tools/qualify_msg.c and
# the secrets of secure qualification, tools/auth.c) with the sanitizers,
# on the host.
here=$(cd "$(dirname "$0")" && pwd)
exe=$(mktemp)
trap 'rm -f "$exe"' EXIT
if ! out=$(cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-I"$here/../../include" -I"$here/../../include/uapi" \
	-o "$exe" "$here/qualify-msg-test.c" "$here/../../tools/qualify_msg.c" \
	"$here/../../tools/auth.c" -lnettle 2>&1); then
	echo "TAP version 13"
	echo "not ok 1 qualify-msg-test builds"
	printf '%s\n' "$out" | sed 's/^/#   /'
	echo "1..1"
	exit 1
fi
"$exe"
