#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# teredoctl's libnl attribute policies (tools/nl_policy.{c,h}) are what
# scripts/nl-policy-gen makes of the YNL spec: regenerated, they differ
# in nothing from the committed files.
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
tap_start
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check "scripts/nl-policy-gen runs on the spec" "$REPO/scripts/nl-policy-gen" \
	"$REPO/Documentation/netlink/specs/teredo.yaml" "$tmp"
for f in nl_policy.c nl_policy.h; do
	check "tools/$f is the spec's, as generated (scripts/nl-policy-gen)" \
		diff -u "$REPO/tools/$f" "$tmp/$f"
done
tap_done
