#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Packet storms (issue 8): a million almost-right datagrams, mutated from
# valid Teredo and 6in4 packets, from spoofed sources, split over a
# teredo client's socket, a relay's, the Teredo server's and an stf
# device. Afterwards each device still carries traffic, every packet it
# dropped is in one of its drop counters (they add up to the interface's
# rx_dropped), the server still answers, and the kernel log is clean
# (checked by run-guest).
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
tap_start
STORM=$SELFTESTS/tools/storm
N=${STORM_COUNT:-250000}
workdir storm
modprobe teredo

netns_new stA stT
veth stA wa stT wt
addr stA wa 198.51.100.1/24
addr stT wt 198.51.100.2/24
addr stT wt 198.51.100.3/24
# Replies to the spoofed sources go back to stA, which drops them.
ip -n stT route add 100.64.0.0/10 via 198.51.100.1

# Two teredo clients t0 qualified by hand, inbound open.
A=$(fake_client stA t0 198.51.100.1 "$W/A" inbound on)
T=$(fake_client stT t0 198.51.100.2 "$W/T" inbound on)
# No server answers for these two: their trust must outlive the storm.
for ns in stA stT; do in_ns $ns teredoctl dev t0 set peer-expiry 3600; done
in_ns stA teredoctl peer t0 add "$T" mapping 198.51.100.2:3545 trusted on
in_ns stT teredoctl peer t0 add "$A" mapping 198.51.100.1:3545 trusted on
ip netns exec stT teredoctl relay r0 --port 3546 >"$W/relay.log" 2>&1 &
relay_pid=$!
ip netns exec stT teredoctl server --primary 198.51.100.2 >"$W/server.log" 2>&1 &
srv_pid=$!
for ns in stA stT; do
	n=$([ $ns = stA ] && echo 1 || echo 2)
	ip -n $ns link add s0 type stf
	ip -n $ns link set s0 up
	ip -n $ns -6 addr add "2002:c633:640$n::1/16" dev s0
done
sleep 1
check "before: teredo client to client" in_ns stA ping -6 -c 1 -W 5 "$T"
check "before: stf to stf" in_ns stA ping -6 -c 1 -W 5 2002:c633:6402::1

# rxdrops NS DEV: the interface's rx_dropped, and the sum of the device's
# own rx_* drop counters.
rxdrops() {
	echo "$(link_stat "$1" "$2" rx dropped)" \
		"$(json_get "$(in_ns "$1" teredoctl -j -s show "$2")" \
		'sum(v for k, v in d[0]["stats"].items() if k.startswith("rx_") and k not in ("rx_packets", "rx_bytes"))')"
}
read -r i0 c0 < <(rxdrops stT t0)
read -r ri0 rc0 < <(rxdrops stT r0)
read -r si0 sc0 < <(rxdrops stT s0)

t0=$SECONDS
check_eq "storm: $N datagrams at the client's socket" "$N" \
	"$(in_ns stA "$STORM" udp 198.51.100.2 3545 "$N" 1)"
check_eq "storm: $N at the relay's" "$N" "$(in_ns stA "$STORM" udp 198.51.100.2 3546 "$N" 2)"
check_eq "storm: $N at the server's" "$N" "$(in_ns stA "$STORM" udp 198.51.100.2 3544 "$N" 3)"
check_eq "storm: $N 6in4 packets at the stf device" "$N" \
	"$(in_ns stA "$STORM" 6in4 198.51.100.2 "$N" 4)"
echo "# the four storms took $((SECONDS - t0)) s"
sleep 1

for d in "t0 $i0 $c0 client" "r0 $ri0 $rc0 relay" "s0 $si0 $sc0 stf"; do
	set -- $d
	read -r i c < <(rxdrops stT "$1")
	check "$4: the storm was dropped and counted" test $((c - $3)) -gt 0
	check_eq "$4: every drop is in a reason's counter ($((c - $3)) of them)" \
		$((i - $2)) $((c - $3))
done
in_ns stT teredoctl -s show >"$W/show" 2>&1
sed 's/^/# /' "$W/show" | grep -E "dropped|events" | cut -c1-200

check_output "after: the client's real peer survived the storm's peers" '"trusted":true' \
	in_ns stT teredoctl -j peer t0 show "$A"
# The storm's backlog may still be draining when the senders finish.
check "after: teredo client to client" wait_for 30 in_ns stA ping -6 -c 1 -W 2 "$T"
if [ "$_tap_fail" != 0 ]; then
	for ns in stA stT; do
		{ in_ns $ns teredoctl -s show t0; in_ns $ns teredoctl peer t0 | head -3; } 2>&1 | sed "s/^/# $ns: /" | cut -c1-400
	done
fi
check "after: stf to stf" wait_for 30 in_ns stA ping -6 -c 1 -W 2 2002:c633:6402::1
check "after: the relay is still running" kill -0 $relay_pid
check "after: the server is still running" kill -0 $srv_pid
check "... and counted what it dropped" \
	wait_for 10 usr1_count_ge $srv_pid "$W/server.log" drop_malformed 1
check_output "... and still answers a Router Solicitation" '^198\.51\.100\.2 3544 ra$' \
	in_ns stA "$SELFTESTS/tools/send-rs.py" 198.51.100.2
kill $relay_pid $srv_pid
wait $relay_pid $srv_pid 2>/dev/null
pkill -f udp-holder.py
tap_done
