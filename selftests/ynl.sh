#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's own YNL client (tools/net/ynl's cli.py, the release
# scripts/ynl pins) drives the teredo family from our spec alone, with
# none of teredoctl's code: it dumps the devices, reads and sets one,
# adds a peer and dumps it, and has an out-of-bounds setting refused by
# the kernel. Its schema check is off (--no-schema): YNL's schema knows
# no uns-admin-perm, which our operations use (CAP_NET_ADMIN in the
# namespace's user namespace).
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
tap_start
if ! ynl=$("$REPO/scripts/ynl" --installed 2>/dev/null); then
	skip "the kernel's YNL client" "no copy of it in build/ynl (scripts/ynl)"
	tap_done
fi
modprobe teredo
netns_new yN
SPEC=$REPO/Documentation/netlink/specs/teredo.yaml
# cli ARGS...: the YNL client in yN, JSON out.
cli() {
	ip netns exec yN python3 "$ynl/cli.py" --spec "$SPEC" --no-schema --output-json "$@"
}
# got JSON PYTHON-EXPR: the expression of the reply, d.
got() { python3 -c "import json, sys; d = json.loads(sys.argv[1]); print($2)" "$1"; }

ip -n yN link add t0 type teredo
ip -n yN link add s0 type stf
out=$(cli --dump dev-get 2>&1)
check_eq "dump dev-get: both devices, each of its kind" "t0 teredo s0 stf" \
	"$(got "$out" '" ".join(x["ifname"] + " " + x["kind"] for x in sorted(d, key=lambda x: x["ifname"] != "t0"))' 2>&1)"
out=$(cli --do dev-get --json '{"ifname": "t0"}' 2>&1)
check_eq "do dev-get t0: the peer list's default bound, as the spec says" \
	"$(sed -n '/name: peer-max-default/{n;s/.*value: //p}' "$SPEC")" \
	"$(got "$out" 'd["peer-max"]' 2>&1)"
check "do dev-set t0 peer-max 4096" cli --do dev-set --json '{"ifname": "t0", "peer-max": 4096}'
check_output "... teredoctl sees it" 'peers 0 max 4096 ' in_ns yN teredoctl show t0
check_fails "do dev-set t0 peer-max 3: refused" \
	cli --do dev-set --json '{"ifname": "t0", "peer-max": 3}'
check_output "... by the kernel's policy: out of range (ERANGE)" 'out of range|-34' \
	cli --do dev-set --json '{"ifname": "t0", "peer-max": 3}'
check_output "... and the bound unchanged" 'peers 0 max 4096 ' in_ns yN teredoctl show t0

peer=2001:0:c000:201:0:f227:39cc:9bfe
# 198.51.100.1, a big-endian u32, as a number.
check "do peer-add: a trusted peer with its mapping" cli --do peer-add --json \
	"{\"ifname\": \"t0\", \"peer\": {\"addr6\": \"$peer\", \"mapped-addr\": 3325256705, \"mapped-port\": 3544, \"trusted\": 1}}"
out=$(cli --dump peer-get --json '{"ifname": "t0"}' 2>&1)
check_eq "dump peer-get: that peer, its mapping and trust" "$peer 198.51.100.1 3544 1" \
	"$(got "$out" '" ".join(str(x) for x in (d[0]["peer"]["addr6"], d[0]["peer"]["mapped-addr"], d[0]["peer"]["mapped-port"], d[0]["peer"]["trusted"]))' 2>&1)"
check_output "... teredoctl lists it the same" "^$peer .*mapping 198\.51\.100\.1:3544 .*trusted" \
	in_ns yN teredoctl peer t0
check "do peer-del" cli --do peer-del --json "{\"ifname\": \"t0\", \"peer\": {\"addr6\": \"$peer\"}}"
check_eq "... the list is empty" 0 "$(in_ns yN teredoctl peer t0 | grep -c .)"
tap_done
