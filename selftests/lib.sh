# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Shared by the selftests and the benchmark: TAP output in kselftest
# style and helpers that build network namespace topologies. Sourcing it
# prints nothing; a test calls tap_start, then the helpers, and ends with
# tap_done.
#
# Exit status (kselftest): 0 all passed, 1 something failed, 4 all skipped.
#
# KTEREDO_CASE=REGEX runs one case: the script runs up to the first case
# whose description matches the extended REGEX, reports it, and ends.
# The cases before it are its setup: they are reported only if one fails,
# and the script then ends there.

KSFT_SKIP=4
SELFTESTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$SELFTESTS")
# shellcheck disable=SC2034 # for the tests that source this
TEREDOCTL=$REPO/tools/teredoctl
# shellcheck disable=SC2034
GENL_RAW=$SELFTESTS/tools/genl-raw
export PATH=$REPO/tools:$PATH

_tap_n=0
_tap_fail=0
_tap_skip=0
_netns=()

tap_start() { echo "TAP version 13"; }

# _case_setup DESCRIPTION: true while KTEREDO_CASE names a case still to
# come and DESCRIPTION is not it.
_case_setup() {
	[ -n "${KTEREDO_CASE:-}" ] && ! printf '%s\n' "$1" | grep -Eq -- "$KTEREDO_CASE"
}
# _case_done: the named case was reported; the script ends with it.
_case_done() {
	if [ -n "${KTEREDO_CASE:-}" ]; then
		_case_found=1
		tap_done
	fi
}

# ok DESCRIPTION / not_ok DESCRIPTION [DIAGNOSTIC...] / skip DESCRIPTION WHY
ok() {
	_case_setup "$1" && return 0
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n $1"
	_case_done
}

not_ok() {
	local setup=
	_case_setup "$1" && setup="setup for /$KTEREDO_CASE/ failed: "
	_tap_n=$((_tap_n + 1))
	_tap_fail=$((_tap_fail + 1))
	echo "not ok $_tap_n $setup$1"
	shift
	local line
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/#   /'
	done
	_case_done
}

skip() {
	_case_setup "$1" && return 0
	_tap_n=$((_tap_n + 1))
	_tap_skip=$((_tap_skip + 1))
	echo "ok $_tap_n $1 # SKIP $2"
	_case_done
}

# ok_if STATUS DESCRIPTION: passes when STATUS (a command's $?) is 0.
ok_if() {
	if [ "$1" = 0 ]; then
		ok "$2"
	else
		not_ok "$2"
	fi
}

# check DESCRIPTION CMD...: passes when CMD succeeds; fails (returns 1)
# when it does not, so that "check ... || diagnose" can say more.
check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$desc"
	else
		not_ok "$desc" "command: $*" "$out"
		return 1
	fi
}

# check_fails DESCRIPTION CMD...: passes when CMD fails.
check_fails() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		not_ok "$desc" "command succeeded but should have failed: $*" "$out"
	else
		ok "$desc"
	fi
}

# check_output DESCRIPTION REGEX CMD...: CMD's output (stdout and stderr)
# matches the extended REGEX; CMD's exit status is not looked at.
check_output() {
	local desc=$1 re=$2 out
	shift 2
	out=$("$@" 2>&1)
	if printf '%s\n' "$out" | grep -Eq -- "$re"; then
		ok "$desc"
	else
		not_ok "$desc" "command: $*" "expected /$re/, got:" "$out"
	fi
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "expected '$2', got '$3'"
	fi
}

tap_done() {
	if [ -n "${KTEREDO_CASE:-}" ]; then
		if [ -z "${_case_found:-}" ]; then
			_tap_n=$((_tap_n + 1))
			_tap_fail=$((_tap_fail + 1))
			echo "not ok $_tap_n no case matches /$KTEREDO_CASE/"
		fi
		# Ended early: the daemons the rest of the script would stop.
		# shellcheck disable=SC2046
		kill $(jobs -p) 2>/dev/null
	fi
	cleanup_netns
	echo "1..$_tap_n"
	if [ "$_tap_fail" -gt 0 ]; then
		exit 1
	fi
	if [ "$_tap_n" -gt 0 ] && [ "$_tap_skip" = "$_tap_n" ]; then
		exit $KSFT_SKIP
	fi
	exit 0
}

# workdir NAME: W, the script's scratch directory (/tmp/td-NAME), empty.
workdir() {
	W=/tmp/td-$1
	rm -rf "$W"
	mkdir -p "$W"
}

# need_miredo WHAT: the script (WHAT) is skipped as a whole unless
# Miredo's client and server are installed.
need_miredo() {
	command -v miredo-server >/dev/null && command -v miredo >/dev/null && return
	skip "$1" "miredo or miredo-server is not installed"
	tap_done
}

# ---- topology helpers ----

# netns_new NAME...: create namespaces (loopback up), deleted at tap_done.
netns_new() {
	local ns
	for ns in "$@"; do
		ip netns add "$ns"
		ip -n "$ns" link set lo up
		_netns+=("$ns")
	done
}

cleanup_netns() {
	local ns
	for ns in "${_netns[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	_netns=()
}

# veth NS1 IF1 NS2 IF2: a veth pair between two namespaces, both ends up.
veth() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3"
	ip -n "$1" link set "$2" up
	ip -n "$3" link set "$4" up
}

# stub NS IF: an interface in NS that leads nowhere, up (one end of a veth
# pair whose other end, IF-end, is up beside it: the debug kernel has no
# dummy driver).
stub() {
	ip -n "$1" link add "$2" type veth peer name "$2-end"
	ip -n "$1" link set "$2-end" up
	ip -n "$1" link set "$2" up
}

# internet NS: a namespace holding a bridge, br0, that stands for the
# IPv4 Internet; hosts join it with wan. Its address is set, as a
# router's is: a bridge left to choose takes its lowest port's, so a host
# joining later could change it, and whoever had it cached (in ARP or
# neighbour discovery: tens of seconds) would send to the old one in vain.
internet() {
	netns_new "$1"
	ip -n "$1" link add br0 address 02:00:00:00:00:01 type bridge
	ip -n "$1" link set br0 up
}

# wan NET NS [ADDR...]: NS's interface "wan" on NET's bridge (its end
# there is named wNS), with each ADDR as a /24.
wan() {
	local net=$1 ns=$2 a
	shift 2
	ip link add "w$ns" netns "$net" type veth peer name wan netns "$ns"
	ip -n "$net" link set "w$ns" master br0 up
	ip -n "$ns" link set wan up
	for a in "$@"; do addr "$ns" wan "$a/24"; done
}

# link_stat NS IF DIR FIELD: an interface counter as ip -s shows it
# (DIR rx or tx; FIELD packets, bytes, dropped, errors...).
link_stat() {
	json_get "$(ip -n "$1" -j -s link show dev "$2")" "d[0]['stats64']['$3']['$4']"
}

# addr NS IF ADDR/LEN: add an address (IPv4 or IPv6, no DAD).
addr() {
	case "$3" in
	*:*) ip -n "$1" -6 addr add "$3" dev "$2" nodad ;;
	*) ip -n "$1" addr add "$3" dev "$2" ;;
	esac
}

# forwarding NS: make NS a router for both families.
forwarding() {
	ip netns exec "$1" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1
}

# nat_masquerade NS OUT_IF: source NAT everything leaving OUT_IF, as a
# home router does, and its firewall: nothing unsolicited from OUT_IF gets
# in. Dropped before conntrack confirms it, an unsolicited packet leaves
# no entry behind to clash with (and so change) a later mapping: the NAT
# is port-restricted cone, the kind Teredo works through.
nat_masquerade() {
	forwarding "$1"
	ip netns exec "$1" nft -f - <<NFT
table ip nat {
	chain postrouting {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "$2" masquerade
	}
	chain input {
		type filter hook input priority filter; policy accept;
		iifname "$2" ct state new drop
	}
	chain forward {
		type filter hook forward priority filter; policy accept;
		iifname "$2" ct state new drop
	}
}
NFT
}

# wire NS IF: IF computes its checksums, as a NIC does before the wire.
# A veth would hand partial ones on, and Miredo, reading datagrams in
# userland, would pass them to its TUN device unfinished.
wire() { in_ns "$1" ethtool -K "$2" tx off >/dev/null; }

# nat_client NET NS NAT N [KIND]: a host NS, 10.N.0.2 on its eth0,
# behind the NAT namespace NAT, 198.51.100.2N on NET's Internet. The NAT
# masquerades and lets in only what answers a mapping (conntrack: a port
# restricted cone); KIND "random" makes it symmetric, "address" makes it
# filter by address only: once the host sent to an address, anything
# from there to its port 3545 gets in. Two more symmetric kinds, for UDP
# (RFC 6081): "sequential" gives each new mapping the next port from
# 40000 up (256 of them, round), "port-preserving" keeps a source
# port the first time it goes out (for 2 minutes) and gives each later
# mapping of it a random port.
nat_client() {
	local net=$1 ns=$2 nat=$3 n=$4
	netns_new "$ns" "$nat"
	wan "$net" "$nat" "198.51.100.2$n"
	veth "$nat" lan "$ns" eth0
	addr "$nat" lan "10.$n.0.1/24"
	addr "$ns" eth0 "10.$n.0.2/24"
	ip -n "$ns" route add default via "10.$n.0.1"
	wire "$ns" eth0
	nat_masquerade "$nat" wan
	if [ "${5:-}" = random ]; then
		ip netns exec "$nat" nft flush chain ip nat postrouting
		ip netns exec "$nat" nft add rule ip nat postrouting \
			oifname wan masquerade random
	elif [ "${5:-}" = sequential ]; then
		# numgen's value would go in unswapped: a map gives ports.
		local i ports=
		for i in $(seq 0 255); do
			ports="$ports${ports:+, }$i : $((40000 + i))"
		done
		ip netns exec "$nat" nft insert rule ip nat postrouting \
			oifname wan meta l4proto udp snat to "198.51.100.2$n" : \
			numgen inc mod 256 map "{ $ports }"
	elif [ "${5:-}" = port-preserving ]; then
		ip netns exec "$nat" nft -f - <<NFT
add set ip nat sent { type inet_service; flags dynamic,timeout; timeout 2m; }
insert rule ip nat postrouting oifname "wan" meta l4proto udp update @sent { udp sport } masquerade
insert rule ip nat postrouting oifname "wan" udp sport @sent masquerade random
NFT
	elif [ "${5:-}" = address ]; then
		ip netns exec "$nat" nft -f - <<NFT
add set ip nat sent { type ipv4_addr; flags dynamic,timeout; timeout 2m; }
add chain ip nat prerouting { type nat hook prerouting priority dstnat; policy accept; }
add rule ip nat prerouting iifname "wan" udp dport 3545 ip saddr @sent dnat to 10.$n.0.2
insert rule ip nat forward iifname "wan" ct status dnat accept
insert rule ip nat forward oifname "wan" update @sent { ip daddr }
NFT
	fi
}

# teredo_addr SERVER IPV4 PORT: the Teredo address (flags 0) of a client
# of SERVER whose mapping is IPV4:PORT.
teredo_addr() {
	python3 -c 'import ipaddress as i, sys; print(i.IPv6Address((0x20010000 << 96) | (int(i.IPv4Address(sys.argv[1])) << 64) | ((int(sys.argv[3]) ^ 0xffff) << 32) | (int(i.IPv4Address(sys.argv[2])) ^ 0xffffffff)))' "$@"
}

# fake_client NS DEV IPV4 DIR [KEY VALUE...]: a teredo client DEV in NS
# qualified by hand, as if the server 198.51.100.254 (never asked) had
# seen it at IPV4:3545: its socket there held by udp-holder.py (state in
# DIR), the mapping, address and any further dev-set settings pushed,
# the address added. Prints the address.
fake_client() {
	local ns=$1 dev=$2 v4=$3 dir=$4 a
	shift 4
	mkdir -p "$dir"
	ip -n "$ns" link add "$dev" type teredo
	ip -n "$ns" link set "$dev" up
	ip netns exec "$ns" "$SELFTESTS/tools/udp-holder.py" "$v4" 3545 "$dir" \
		teredoctl dev "$dev" attach '{fd}' >/dev/null 2>&1 &
	for _ in $(seq 1 100); do
		[ -e "$dir/received" ] && break
		sleep 0.1
	done
	a=$(teredo_addr 198.51.100.254 "$v4" 3545)
	ip netns exec "$ns" teredoctl dev "$dev" set server 198.51.100.254 \
		mapping "$v4:3545" address "$a" qualified on "$@"
	ip -n "$ns" -6 addr add "$a/32" dev "$dev" nodad
	echo "$a"
}

# qualified NS DEV: the Teredo client device DEV in NS is qualified.
qualified() { in_ns "$1" teredoctl show "$2" | grep -q 'state qualified'; }
# gaddr NS DEV: the device's global address.
gaddr() {
	ip -n "$1" -6 -o addr show dev "$2" scope global 2>/dev/null |
		awk '{print $4}' | cut -d/ -f1
}

# wait_for SECONDS CMD...: until CMD succeeds (output dropped); fails
# after SECONDS.
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.3
	done
}

# in_ns NS CMD...: run CMD in NS. Not for background jobs: `in_ns ... &`
# runs in a subshell, so $! is not CMD's pid and `kill $!` leaves CMD
# (and its netns) alive; use `ip netns exec NS CMD &` there.
in_ns() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# dev_counter NS DEV NAME: one counter of a teredo or stf device (the
# "stats" keys of teredoctl -j -s show). Without python: tests read
# counters hundreds of times, and python takes 0.3 s to start under TCG.
dev_counter() {
	in_ns "$1" teredoctl -j -s show "$2" | grep -o "\"$3\": *[0-9]*" | grep -o '[0-9]*$'
}

# usr1_count PID LOG NAME: counter NAME ("NAME VALUE" in the line) of
# daemon PID from a report it logs to LOG on SIGUSR1, asked for now.
# A daemon reports before reading what came with the signal: to see a
# datagram just sent counted, wait_for usr1_count_is.
usr1_count() {
	local n
	n=$(grep -c "$3 [0-9]" "$2")
	kill -USR1 "$1"
	wait_for 10 _usr1_reported "$2" "$3" "$n"
	grep -o "$3 [0-9]*" "$2" | tail -n 1 | cut -d' ' -f2
}
_usr1_reported() { [ "$(grep -c "$2 [0-9]" "$1")" -gt "$3" ]; }
# usr1_count_is PID LOG NAME VALUE (usr1_count_ge: VALUE at least).
usr1_count_is() { [ "$(usr1_count "$1" "$2" "$3")" = "$4" ]; }
usr1_count_ge() { [ "$(usr1_count "$1" "$2" "$3")" -ge "$4" ]; }

# dev_counter_is NS DEV NAME VALUE (dev_counter_ge: VALUE at least): for
# wait_for, until a packet just sent is counted.
dev_counter_is() { [ "$(dev_counter "$1" "$2" "$3")" = "$4" ]; }
dev_counter_ge() { [ "$(dev_counter "$1" "$2" "$3")" -ge "$4" ]; }

# json_get JSON PY_EXPR: evaluate PY_EXPR with the parsed document as `d`.
json_get() {
	python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"
}
