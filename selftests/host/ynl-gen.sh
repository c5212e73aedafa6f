#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The UAPI header (include/uapi/linux/teredo.h) and the kernel's request
# policies and operation table (kmod/netlink-gen.{c,h}) are what the
# kernel's YNL generator makes of the spec (scripts/ynl-gen): regenerated,
# they differ in nothing from the committed files. Needs scripts/ynl's
# copy of the generator (make check fetches it first).
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
tap_start
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check "scripts/ynl-gen runs the kernel's YNL generator on the spec" \
	"$REPO/scripts/ynl-gen" "$tmp"
for f in include/uapi/linux/teredo.h kmod/netlink-gen.c kmod/netlink-gen.h; do
	check "$f is the spec's, as generated (scripts/ynl-gen)" \
		diff -u "$REPO/$f" "$tmp/$f"
done
tap_done
