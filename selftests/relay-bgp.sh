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
# running tools/examples/frr/relay.conf as shipped, and FRR's server and
# 6to4 relay files (server.conf, 6to4-relay.conf) as shipped on a server
# and a 6to4 relay beside it: their anycast routes follow the teredo
# device's carrier and stf0's state.
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
# clients' connectivity tests go out natively) and the host bH. The
# routers that peer with bB share one link (a bridge, "farm"), with
# the border's addresses of the example files.
ip -n bB link add farm type bridge
ip -n bB link set farm up
veth bB bx bX bb
ip -n bB link set bx master farm
veth bB bs bS bb
veth bB bh bH hb
addr bB farm 2001:db8:ff::1/64
addr bB farm 198.51.100.1/24
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

# announced: the border router's kernel route to 2001::/32 is the relay's.
announced() {
	ip -n bB -6 route show 2001::/32 | grep -q 'via 2001:db8:ff::2 .*proto bird'
}
# withdraw_ms [-p PREDICATE] CMD...: runs CMD, then the milliseconds
# until PREDICATE (default: announced) fails (polled every 20 ms), 10000
# if not within 10 s, 99999 (and CMD not run) if it did not hold before.
withdraw_ms() {
	local t0 ms holds=announced
	if [ "$1" = -p ]; then
		holds=$2
		shift 2
	fi
	if ! $holds; then
		echo 99999
		return
	fi
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1
	while $holds; do
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
protocol kernel { ipv4 { export all; }; }
# FRR's server.conf and 6to4-relay.conf, later on.
template bgp frr {
	local as 65000;
	hold time 3;
	keepalive time 1;
	connect retry time 1;
	error wait time 1, 30;
}
protocol bgp server from frr {
	neighbor 198.51.100.2 as 65002;
	ipv4 { import all; export none; };
}
protocol bgp sixtofour4 from frr {
	neighbor 198.51.100.3 as 65003;
	ipv4 { import all; export none; };
}
protocol bgp sixtofour6 from frr {
	neighbor 2001:db8:ff::3 as 65003;
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
# start_frr NS FILE: zebra, staticd and bgpd in NS, each reading the
# shipped integrated config tools/examples/frr/FILE.conf (each ignores
# the other daemons' commands); pid files, sockets and logs in $W/FILE.
start_frr() {
	local d dir=$W/$2
	mkdir -p "$dir"
	chown frr:frr "$dir"
	for d in zebra staticd bgpd; do
		ip netns exec "$1" "$FRR/$d" -d -P 0 -f "$REPO/tools/examples/frr/$2.conf" \
			-i "$dir/$d.pid" -z "$dir/zserv.api" --vty_socket "$dir" \
			--log "file:$dir/$d.log" || return 1
	done
}
# border_peer NS IF N: router NS on the border's bridged link (its end
# IF in bB), at 198.51.100.N, its IPv4 default route through the border.
border_peer() {
	netns_new "$1"
	veth bB "$2" "$1" bb
	ip -n bB link set "$2" master farm
	addr "$1" bb "198.51.100.$3/24"
	ip -n "$1" route add default via 198.51.100.1
}
stop_frr() {	# stop_frr FILE
	local d
	for d in zebra staticd bgpd; do
		kill "$(cat "$W/$1/$d.pid")" 2>/dev/null
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
		ip netns exec bX vtysh --vty_socket "$W/relay" -c 'show bgp summary' \
			-c 'show ipv6 route' -c 'show interface brief'
		birdc -s "$W/border.ctl" show protocols all relay
		tail -n 20 "$W"/relay/*.log
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
	check "FRR on the relay starts" start_frr bX relay
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

	ms=$(withdraw_ms kill -9 "$(cat "$W/relay/bgpd.pid")")
	echo "# FRR: withdrawn $ms ms after the relay's bgpd was SIGKILLed"
	check "FRR: SIGKILL of the relay's bgpd withdraws it ($ms ms)" test "$ms" -lt 5000
	stop_frr relay

	# A server (tools/examples/frr/server.conf): the two anycast
	# addresses on its teredo device, announced while teredoctl server
	# holds the device; a client in the border router qualifies through
	# the routes it learned.
	check "the shipped FRR server config parses" vtysh -C -f "$REPO/tools/examples/frr/server.conf"
	border_peer bT bt 2
	ip -n bT link add teredo type teredo
	ip -n bT link set teredo up
	addr bT teredo 203.0.113.70/32
	addr bT teredo 203.0.113.71/32
	# server_announced: the border router has both /32s from the server.
	server_announced() {
		[ "$(ip -n bB route show proto bird | grep -c '^203\.0\.113\.7[01] via 198\.51\.100\.2 ')" = 2 ]
	}
	server_any() { ip -n bB route show proto bird | grep -q '^203\.0\.113\.7[01] '; }
	start_server() {
		ip netns exec bT teredoctl server teredo --primary 203.0.113.70 \
			--secondary 203.0.113.71 >>"$W/frr-server.log" 2>&1 &
		frr_srv=$!
	}
	check "FRR on the server starts" start_frr bT server
	check_fails "no announcement before teredoctl server runs" wait_for 6 server_any
	start_server
	check "teredoctl server: the border router learns both anycast /32s" \
		wait_for 20 server_announced
	ip netns exec bB teredoctl client tB --server 203.0.113.70 >"$W/client-bB.log" 2>&1 &
	client_bB=$!
	check "... and a client qualifies through them" wait_for 20 qualified bB tB
	ms=$(withdraw_ms -p server_any kill -9 $frr_srv)
	echo "# FRR server: both withdrawn $ms ms after teredoctl server was SIGKILLed"
	wait $frr_srv 2>/dev/null
	check "FRR: SIGKILL of teredoctl server withdraws both /32s ($ms ms)" test "$ms" -lt 5000
	start_server
	check "... and they are announced again when the server is back" \
		wait_for 15 server_announced
	kill $client_bB $frr_srv 2>/dev/null
	wait $client_bB $frr_srv 2>/dev/null
	stop_frr server

	# A 6to4 relay (tools/examples/frr/6to4-relay.conf): 192.88.99.0/24
	# and 2002::/16 announced while stf0 is up.
	check "the shipped FRR 6to4 relay config parses" vtysh -C -f "$REPO/tools/examples/frr/6to4-relay.conf"
	border_peer bY by 3
	addr bY bb 2001:db8:ff::3/64
	ip -n bY -6 route add default via 2001:db8:ff::1
	addr bY lo 192.88.99.1/32
	ip -n bY link add stf0 type stf
	# As the example says: the address, and so its route, survives down.
	ip netns exec bY sysctl -qw net.ipv6.conf.stf0.keep_addr_on_down=1
	addr bY stf0 2002:c058:6301::1/16
	ip -n bY link set stf0 up
	# sixtofour_announced: the border router has both prefixes from bY.
	sixtofour_announced() {
		ip -n bB route show 192.88.99.0/24 | grep -q 'via 198.51.100.3 .*proto bird' &&
			ip -n bB -6 route show 2002::/16 | grep -q 'via 2001:db8:ff::3 .*proto bird'
	}
	sixtofour_any() {
		ip -n bB route show 192.88.99.0/24 | grep -q 'proto bird' ||
			ip -n bB -6 route show 2002::/16 | grep -q 'proto bird'
	}
	check "FRR on the 6to4 relay starts" start_frr bY 6to4-relay
	check "FRR: the border router learns 192.88.99.0/24 and 2002::/16" \
		wait_for 20 sixtofour_announced
	check "... and the native host reaches the relay's 6to4 address through it" \
		in_ns bH ping -6 -c 3 -i 0.5 -W 8 2002:c058:6301::1
	ms=$(withdraw_ms -p sixtofour_any ip -n bY link set stf0 down)
	echo "# FRR 6to4: both withdrawn $ms ms after stf0 was set down"
	check "FRR: stf0 down withdraws both ($ms ms)" test "$ms" -lt 5000
	ip -n bY link set stf0 up
	check "... stf0 up announces them again" wait_for 15 sixtofour_announced
	ms=$(withdraw_ms -p sixtofour_any ip -n bY link del stf0)
	echo "# FRR 6to4: both withdrawn $ms ms after stf0 was deleted"
	check "FRR: deleting stf0 withdraws both ($ms ms)" test "$ms" -lt 5000
	stop_frr 6to4-relay
fi

kill $relay $client $srv "$(cat "$W/border.pid")" 2>/dev/null
wait $relay $client $srv 2>/dev/null
tap_done
