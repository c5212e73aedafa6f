#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The UAPI header (include/uapi/linux/teredo.h) is what the kernel's YNL
# generator makes of the spec (scripts/uapi-gen): regenerated, it
# differs in nothing from the committed file. Needs scripts/ynl's copy
# of the generator (make check fetches it first).
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
tap_start
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check "scripts/uapi-gen runs the kernel's YNL generator on the spec" \
	"$REPO/scripts/uapi-gen" "$REPO/Documentation/netlink/specs/teredo.yaml" \
	"$tmp/teredo.h"
check "include/uapi/linux/teredo.h is the spec's, as generated (scripts/uapi-gen)" \
	diff -u "$REPO/include/uapi/linux/teredo.h" "$tmp/teredo.h"
tap_done
