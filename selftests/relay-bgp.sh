#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A relay's BGP announcement follows its health (issue 30): BIRD 2 on the
# relay, with tools/examples/bird2/relay.conf as shipped, announces
# 2001::/32 to a border router (BIRD too) while teredoctl relay's device
# has carrier. A Teredo client behind a NAT reaches a native IPv6 host
# behind the border router through the relay the router learned; the
# route goes when teredoctl relay is SIGKILLed, when the device is
# deleted, and when the relay's BIRD dies (each within 5 s: under TCG
# beside another guest it took 1.2 to 1.8 s), and comes back with the
# relay. Then the same with FRR (zebra, staticd, bgpd) on the relay,
# running tools/examples/frr/relay.conf as shipped.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
tap_start
workdir relay-bgp
SRV=198.51.100.70	# teredoctl server (and .71)
H=2001:db8:1::2		# the native host

if ! command -v bird >/dev/null || ! command -v birdc >/dev/null; then
	skip "a relay's BGP announcement" "BIRD 2 (bird2) is not installed"
	tap_done
fi
modprobe teredo

internet bW
netns_new bB bX bS bH
wan bW bX 198.51.100.80
wan bW bS $SRV 198.51.100.71
nat_client bW bC bNC 1
# IPv6: border router bB between the relay bX, the server bS (whose
# clients' connectivity tests go out natively) and the host bH.
veth bB bx bX bb
veth bB bs bS bb
veth bB bh bH hb
addr bB bx 2001:db8:ff::1/64
addr bX bb 2001:db8:ff::2/64
addr bB bs 2001:db8:fe::1/64
addr bS bb 2001:db8:fe::2/64
addr bB bh 2001:db8:1::1/64
addr bH hb $H/64
ip -n bS -6 route add default via 2001:db8:fe::1
ip -n bH -6 route add default via 2001:db8:1::1
ip -n bX -6 route add default via 2001:db8:ff::1
forwarding bB
forwarding bX
wait_for 5 sh -c "ip -n bX -6 addr show dev bb | grep -qv tentative"

# border_route: the border router's kernel route to 2001::/32, if any.
border_route() { ip -n bB -6 route show 2001::/32; }
announced() { border_route | grep -q 'via 2001:db8:ff::2 .*proto bird'; }
withdrawn() { ! announced; }
# withdraw_ms CMD...: runs CMD, then the milliseconds until the border
# router's route is gone (polled every 20 ms), 10000 if not within 10 s,
# 99999 (and CMD not run) if there was no route to begin with.
withdraw_ms() {
	local t0 ms
	if ! announced; then
		echo 99999
		return
	fi
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1
	while announced; do
		ms=$((($(date +%s%N) - t0) / 1000000))
		if [ "$ms" -ge 10000 ]; then
			echo 10000
			return
		fi
		sleep 0.02
	done
	echo $((($(date +%s%N) - t0) / 1000000))
}
# start_relay [OPTION...]: teredoctl relay in bX, its pid in $relay.
start_relay() {
	ip netns exec bX teredoctl relay teredo --port 3544 "$@" >>"$W/relay.log" 2>&1 &
	relay=$!
}
start_bird_relay() {
	ip netns exec bX bird -c "$REPO/tools/examples/bird2/relay.conf" \
		-s "$W/relay.ctl" -P "$W/relay-bird.pid"
}

cat > "$W/border.conf" <<EOF
router id 192.0.2.1;
protocol device { }
protocol kernel { ipv6 { export all; }; merge paths on; }
protocol bgp relay {
	local as 65000;
	neighbor 2001:db8:ff::2 as 65001;
	hold time 3;
	keepalive time 1;
	connect retry time 1;
	error wait time 1, 30;	# the next relay daemon at once
	ipv6 { import all; export none; };
}
EOF
check "the shipped relay config parses" ip netns exec bX bird -p \
	-c "$REPO/tools/examples/bird2/relay.conf"
ip netns exec bB bird -c "$W/border.conf" -s "$W/border.ctl" -P "$W/border.pid"
start_bird_relay
check_fails "no announcement before the relay runs" wait_for 6 announced

start_relay
check "teredoctl relay: the border router learns 2001::/32 from it" wait_for 15 announced
ip netns exec bS teredoctl server --primary $SRV >"$W/server.log" 2>&1 &
srv=$!
ip netns exec bC teredoctl client tC --server $SRV >"$W/client.log" 2>&1 &
client=$!
check "a client behind a NAT qualifies" wait_for 20 qualified bC tC
check "... and reaches the native host through the announced relay" \
	in_ns bC ping -6 -c 3 -i 0.5 -W 8 $H
check "... through this relay's device" dev_counter_ge bX teredo tx_packets 1

ms=$(withdraw_ms kill -9 $relay)
echo "# withdrawn $ms ms after the relay was SIGKILLed"
wait $relay 2>/dev/null
check "SIGKILL of teredoctl relay withdraws the route, BGP session up ($ms ms)" test "$ms" -lt 5000
check_output "... its device without carrier" 'NO-CARRIER' ip -n bX link show teredo

start_relay
check "the relay back: announced again" wait_for 15 announced
check "... and the client reaches the host again" \
	in_ns bC ping -6 -c 3 -i 0.5 -W 8 $H

ms=$(withdraw_ms ip -n bX link del teredo)
echo "# withdrawn $ms ms after the device was deleted"
check "deleting the relay's device withdraws the route ($ms ms)" test "$ms" -lt 5000
kill $relay 2>/dev/null
wait $relay 2>/dev/null

start_relay
check "... and a new relay announces it again" wait_for 15 announced
ms=$(withdraw_ms kill -9 "$(cat "$W/relay-bird.pid")")
echo "# withdrawn $ms ms after the relay's BIRD was SIGKILLed"
check "SIGKILL of the relay's BIRD withdraws it ($ms ms)" test "$ms" -lt 5000

# FRR on the relay instead of BIRD: zebra follows the device's carrier,
# staticd's route through it with it, and bgpd redistributes that route.
FRR=/usr/lib/frr
# start_frr_relay: the three daemons in bX, each reading the shipped
# integrated config (each ignores the other daemons' commands).
start_frr_relay() {
	local d
	mkdir -p "$W/frr"
	chown frr:frr "$W/frr"
	for d in zebra staticd bgpd; do
		ip netns exec bX "$FRR/$d" -d -P 0 -f "$REPO/tools/examples/frr/relay.conf" \
			-i "$W/frr/$d.pid" -z "$W/frr/zserv.api" --vty_socket "$W/frr" \
			--log "file:$W/frr/$d.log" || return 1
	done
}
# frr_route_only: the relay's one route to 2001::/32 is FRR's static one.
frr_route_only() {
	local r
	r=$(ip -n bX -6 route show 2001::/32)
	[ "$(printf '%s\n' "$r" | wc -l)" = 1 ] &&
		[[ $r == *"via fe80::1 dev teredo proto static"* ]]
}
# frr_diag: what FRR and the border router say, as TAP comments.
frr_diag() {
	{
		ip netns exec bX vtysh --vty_socket "$W/frr" -c 'show bgp summary' \
			-c 'show ipv6 route' -c 'show interface brief'
		birdc -s "$W/border.ctl" show protocols all relay
		tail -n 20 "$W"/frr/*.log
	} 2>&1 | sed 's/^/# /'
}
if [ ! -x "$FRR/bgpd" ] || ! command -v vtysh >/dev/null; then
	skip "a relay's BGP announcement from FRR" "FRR (frr) is not installed"
else
	check "the shipped FRR config parses" vtysh -C -f "$REPO/tools/examples/frr/relay.conf"
	# The route is FRR's, as the file says: the relay adds none.
	kill $relay
	wait $relay 2>/dev/null
	start_relay --route off
	check "FRR on the relay starts" start_frr_relay
	check "teredoctl relay --route off: the route is FRR's alone" \
		wait_for 20 frr_route_only
	wait_for 20 announced || frr_diag
	check "FRR: the border router learns 2001::/32 from the relay" announced
	check "... and the client reaches the host through it" \
		in_ns bC ping -6 -c 3 -i 0.5 -W 8 $H

	ms=$(withdraw_ms kill -9 $relay)
	echo "# FRR: withdrawn $ms ms after the relay was SIGKILLed"
	wait $relay 2>/dev/null
	check "FRR: SIGKILL of teredoctl relay withdraws the route ($ms ms)" test "$ms" -lt 5000
	start_relay --route off
	check "... and it is announced again when the relay is back" wait_for 15 announced

	ms=$(withdraw_ms ip -n bX link del teredo)
	echo "# FRR: withdrawn $ms ms after the device was deleted"
	check "FRR: deleting the relay's device withdraws the route ($ms ms)" test "$ms" -lt 5000
	kill $relay 2>/dev/null
	wait $relay 2>/dev/null
	start_relay --route off
	check "... and a new relay's device is announced again" wait_for 15 announced
	check "... and the client reaches the host again" \
		in_ns bC ping -6 -c 3 -i 0.5 -W 8 $H

	ms=$(withdraw_ms kill -9 "$(cat "$W/frr/bgpd.pid")")
	echo "# FRR: withdrawn $ms ms after the relay's bgpd was SIGKILLed"
	check "FRR: SIGKILL of the relay's bgpd withdraws it ($ms ms)" test "$ms" -lt 5000
	kill "$(cat "$W/frr/zebra.pid")" "$(cat "$W/frr/staticd.pid")" 2>/dev/null
fi

kill $relay $client $srv "$(cat "$W/border.pid")" 2>/dev/null
wait $relay $client $srv 2>/dev/null
tap_done
