#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# paths.sh: the benchmark's paths, sourced by guest-bench and guest-ab.
# Every path is one veth pair between namespaces bL and bR (and bH, the
# native IPv6 host, on the relay path); path_up builds one by its
# contender's name, path_down takes it all away again, and iperf3_tcp /
# iperf3_udp measure from bL to $dst.
paths_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$paths_dir/../selftests/lib.sh"

modprobe teredo
modprobe sit
modprobe fou	# sit over UDP: Linux's own UDP tunnel for 6in4
modprobe tun	# Miredo's client

# tunnel NS KIND IPV4 IPV6: a 6to4 endpoint of KIND: stf, sit, or fou
# (sit in UDP to port 5555, FOU: the outer UDP layer Teredo has, without
# Teredo's own work, to tell one cost from the other).
tunnel() {
	local ns=$1 kind=$2 v4=$3 v6=$4
	case $kind in
	fou)
		ip netns exec "$ns" ip fou add port 5555 ipproto 41
		ip -n "$ns" link add t6 type sit remote any local "$v4" ttl 64 \
			encap fou encap-sport auto encap-dport 5555 encap-csum
		ip -n "$ns" link set t6 up
		ip -n "$ns" -6 addr add "$v6/16" dev t6 nodad
		;;
	stf)
		ip -n "$ns" link add t6 type stf
		ip -n "$ns" link set t6 up
		ip -n "$ns" -6 addr add "$v6/16" dev t6
		;;
	sit)
		ip -n "$ns" tunnel add t6 mode sit remote any local "$v4" ttl 64
		ip -n "$ns" link set t6 up
		ip -n "$ns" -6 addr add "$v6/16" dev t6 nodad
		;;
	esac
}

# miredo_client NS: Miredo's client in NS, qualified by the miredo-server
# in bR (198.51.100.2, .3). Prints its address once it has one.
miredo_client() {
	local ns=$1 dir a
	dir=$(mktemp -d)
	printf 'InterfaceName teredo\nServerAddress 198.51.100.2\n' > "$dir/conf"
	ip netns exec "$ns" miredo -f -u nobody -c "$dir/conf" -p "$dir/pid" \
		>/dev/null 2>&1 &
	for _ in $(seq 1 150); do
		a=$(ip -n "$ns" -6 -o addr show dev teredo scope global 2>/dev/null |
			awk '{print $4}' | cut -d/ -f1)
		[ -n "$a" ] && break
		sleep 0.2
	done
	echo "$a"
}

# setup LEFT RIGHT: namespaces bL and bR joined by veth; sets $dst to the
# address iperf3 should reach on the right.
setup() {
	local a
	netns_new bL bR
	veth bL vL bR vR
	addr bL vL 198.51.100.1/24
	addr bR vR 198.51.100.2/24
	dst=198.51.100.2
	if [ "$1" = ipv6 ]; then
		addr bL vL 2001:db8:5::1/64
		addr bR vR 2001:db8:5::2/64
		dst=2001:db8:5::2
	elif [ "$1" = teredo ]; then
		a=$(fake_client bL t6 198.51.100.1 "$(mktemp -d)")
		dst=$(fake_client bR t6 198.51.100.2 "$(mktemp -d)")
		# Both proven already: the bubble exchange is not what is measured.
		ip netns exec bL teredoctl peer t6 add "$dst" mapping 198.51.100.2:3545 trusted on
		ip netns exec bR teredoctl peer t6 add "$a" mapping 198.51.100.1:3545 trusted on
	elif [ "$1" = miredo ]; then
		addr bR vR 198.51.100.3/24
		printf 'ServerBindAddress 198.51.100.2\n' > /tmp/bench-server.conf
		ip netns exec bR miredo-server -f -u nobody -c /tmp/bench-server.conf \
			-p /tmp/bench-server.pid >/dev/null 2>&1 &
		sleep 0.5
		miredo_client bL >/dev/null
		dst=$(miredo_client bR)
		# Miredo's bubbles and peer list settle on the first packets.
		ip netns exec bL ping -c 3 -i 0.5 -W 3 "$dst" >/dev/null 2>&1 || true
	elif [ "$1" != ipv4 ]; then
		tunnel bL "$1" 198.51.100.1 2002:c633:6401::1
		tunnel bR "$2" 198.51.100.2 2002:c633:6402::1
		dst=2002:c633:6402::1
	fi
}

# setup_routed: plain IPv6 from bL through bR, a router, to bH: the relay
# path's shape without a tunnel, for what the hop itself costs.
setup_routed() {
	netns_new bL bR bH
	veth bL vL bR vR
	addr bL vL 2001:db8:5::1/64
	addr bR vR 2001:db8:5::2/64
	veth bR v6 bH hv
	addr bR v6 2001:db8:1::1/64
	addr bH hv 2001:db8:1::2/64
	ip -n bL -6 route add 2001:db8:1::/64 via 2001:db8:5::2
	ip -n bH -6 route add 2001:db8:5::/64 via 2001:db8:1::1
	forwarding bR
	srv_ns=bH
	dst=2001:db8:1::2
}

# setup_relay CLIENT RELAY: the relay path. bL is a Teredo client
# (teredo: teredoctl client; miredo: Miredo's) qualified by miredo-server
# in bR, bR also runs the relay (teredo: teredoctl relay; miredo: Miredo's
# relay) in front of the native IPv6 host bH, which iperf3 reaches.
setup_relay() {
	netns_new bL bR bH
	veth bL vL bR vR
	addr bL vL 198.51.100.1/24
	addr bR vR 198.51.100.2/24
	addr bR vR 198.51.100.3/24
	veth bR v6 bH hv
	addr bR v6 2001:db8:1::1/64
	addr bH hv 2001:db8:1::2/64
	ip -n bH -6 route add 2001::/32 via 2001:db8:1::1
	forwarding bR
	srv_ns=bH
	dst=2001:db8:1::2
	# Miredo reads its datagrams in userland: what our kernel sends it
	# must leave with finished checksums, as a NIC would make them.
	if [ "$1" != "$2" ]; then
		ip netns exec bL ethtool -K vL tx off >/dev/null
		ip netns exec bR ethtool -K vR tx off >/dev/null
	fi
	printf 'ServerBindAddress 198.51.100.2\n' > /tmp/bench-server.conf
	ip netns exec bR miredo-server -f -u nobody -c /tmp/bench-server.conf \
		-p /tmp/bench-server.pid >/dev/null 2>&1 &
	if [ "$2" = teredo ]; then
		ip netns exec bR teredoctl relay t6 --port 3545 >/dev/null 2>&1 &
	else
		printf 'RelayType cone\nInterfaceName mr\nBindPort 3545\n' > /tmp/bench-relay.conf
		ip netns exec bR miredo -f -u nobody -c /tmp/bench-relay.conf \
			-p /tmp/bench-relay.pid >/dev/null 2>&1 &
	fi
	sleep 0.5
	if [ "$1" = teredo ]; then
		ip netns exec bL teredoctl client t6 --server 198.51.100.2 >/dev/null 2>&1 &
		for _ in $(seq 1 100); do
			ip netns exec bL teredoctl show t6 2>/dev/null | grep -q 'state qualified' && break
			sleep 0.1
		done
	else
		miredo_client bL >/dev/null
	fi
	# The connectivity test finds the relay; then the path is warm.
	for _ in $(seq 1 10); do
		ip netns exec bL ping -6 -c 1 -W 2 "$dst" >/dev/null 2>&1 && break
	done
}

# Idle time of all CPUs so far, in USER_HZ ticks, for settle(): good
# enough to tell an idle guest, not to measure CPU (see bench/cpu-soak.c).
cpu_idle() { awk '$1 == "cpu" {print $5 + $6}' /proc/stat; }

# iperf3_run SECONDS ARGS...: one iperf3 run from bL to $dst (a fresh
# one-shot server on the other side), its JSON report.
iperf3_run() {
	local t=$1
	shift
	# The last run's one-shot server may still be on its way out: a new
	# one could not bind, and the client would reach the old one.
	for _ in $(seq 1 50); do
		ip netns exec $srv_ns ss -ltnH 'sport = :5201' | grep -q . || break
		sleep 0.1
	done
	ip netns exec $srv_ns iperf3 -s -D -1 >/dev/null
	# -D returns before the server listens; a loaded guest takes a while.
	for _ in $(seq 1 50); do
		ip netns exec $srv_ns ss -ltnH 'sport = :5201' | grep -q . && break
		sleep 0.1
	done
	ip netns exec bL iperf3 -c "$dst" -t "$t" -J "$@"
}

# iperf3_figure SECONDS tcp|udp ARGS...: a run's figure, received bits
# (tcp) or datagrams (udp) a second. A run iperf3 reports as failed is
# said so on stderr and run once more.
iperf3_figure() {
	local t=$1 what=$2 try
	shift 2
	for try in 1 2; do
		iperf3_run "$t" "$@" | python3 -c '
import json, sys
r = json.load(sys.stdin)
if r.get("error"):
    sys.exit("# bench: iperf3 failed: " + r["error"])
if sys.argv[1] == "tcp":
    print(r["end"]["sum_received"]["bits_per_second"])
else:
    s = r["end"]["sum"]
    print((s["packets"] - s["lost_packets"]) / s["seconds"])' "$what" && return
		[ "$try" = 2 ] || echo "# bench: trying that run again" >&2
	done
	return 1
}

# iperf3_tcp / iperf3_udp SECONDS: received bits and datagrams a second.
iperf3_tcp() { iperf3_figure "$1" tcp; }
iperf3_udp() { iperf3_figure "$1" udp -u -l 64 -b 0; }

# settle: wait (10 s at most) until the guest is idle. Namespaces are
# freed by a kernel worker after they are deleted, and under TCG that
# takes seconds of CPU: a run started right away shares the guest with
# the last contender's teardown.
settle() {
	local hz ncpu i0 i1
	hz=$(getconf CLK_TCK)
	ncpu=$(nproc)
	for _ in $(seq 1 20); do
		i0=$(cpu_idle)
		sleep 0.5
		i1=$(cpu_idle)
		# idle ticks over 0.5 s on every CPU, at least 90% of them
		[ $(( (i1 - i0) * 20 )) -ge $(( hz * ncpu * 9 )) ] && return
	done
	echo "# bench: the guest did not settle" >&2
}

# Every contender: its name, then the kinds of its left and right ends.
PATHS=("ipv4 ipv4 ipv4" "ipv6 ipv6 ipv6" "ipv6-routed ipv6 ipv6"
	"sit-sit sit sit" "fou-fou fou fou" "stf-stf stf stf"
	"stf-sit stf sit" "sit-stf sit stf" "miredo-miredo miredo miredo"
	"teredo-teredo teredo teredo" "teredo-nogro teredo teredo"
	"miredo-relay miredo miredo" "teredo-relay teredo teredo"
	"teredo-mrelay teredo miredo" "miredo-trelay miredo teredo")

# path_up NAME: the path of contender NAME (one of PATHS), ready to be
# measured: the first packets through and a second of TCP sent, not
# counted (the first seconds on a new path ran up to a third slower
# under TCG, whoever the contender). Sets $dst and $srv_ns (where the
# receiver runs).
path_up() {
	local c name=$1
	for c in "${PATHS[@]}"; do
		[ "${c%% *}" = "$1" ] && break
	done
	[ "${c%% *}" = "$1" ] || { echo "no path named $1" >&2; return 1; }
	set -- $c
	srv_ns=bR
	case $1 in
	*relay) setup_relay "$2" "$3" ;;
	ipv6-routed) setup_routed ;;
	*) setup "$2" "$3" ;;
	esac
	# teredo.ko without GRO's second pass (teredo.rst, Receive)
	if [ "$name" = teredo-nogro ]; then
		ip netns exec bL ethtool -K t6 gro off >/dev/null
		ip netns exec bR ethtool -K t6 gro off >/dev/null
	fi
	# Let the tunnel come up and the first packets resolve; then an
	# uncounted second of TCP (BENCH_WARMUP=0: none, for the smoke run).
	ip netns exec bL ping -c 1 -W 2 "$dst" >/dev/null 2>&1 || true
	[ "${BENCH_WARMUP:-1}" = 0 ] || iperf3_tcp 1 >/dev/null || true
}

# path_down: every process and namespace path_up made, gone.
path_down() {
	# (-x matches the 15-character process name: one name a call, or pkill
	# warns about the pattern's length.)
	for p in iperf3 miredo miredo-server; do
		pkill -x "$p" || true
	done
	pkill -f 'udp-holder\.py|teredoctl (client|relay)' || true
	sleep 0.3
	cleanup_netns
}
