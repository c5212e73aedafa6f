#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The UDP socket userland hands a teredo device: attach, refusals, and
# every way of giving it back (detach, close, device delete, netns
# delete, rmmod) leaving the socket usable and the device unconfigured.
# shellcheck source=lib.sh disable=SC2154 # pid_NAME: set by eval below
source "$(dirname "$0")/lib.sh"
tap_start
HOLD=$SELFTESTS/tools/udp-holder.py
modprobe teredo
netns_new tsA tsB
veth tsA va tsB vb
addr tsA va 198.51.100.1/24
addr tsB vb 198.51.100.2/24
in_ns tsA ip link add t0 type teredo
in_ns tsA ip link set t0 up

# hold NAME [holder options] ADDR PORT CMD...: start a holder in tsA
# (in HOLD_NS if set).
hold() {
	local name=$1
	shift
	mkdir -p "/tmp/ts-$name"
	rm -f "/tmp/ts-$name"/*
	# ip netns exec execs the holder: $! is its pid. Its output goes
	# nowhere, so that a straggler cannot keep the runner's pipe open.
	ip netns exec "${HOLD_NS:-tsA}" "$HOLD" "$@" >/dev/null 2>&1 &
	eval "pid_$name=$!"
	for _ in $(seq 1 100); do
		[ -e "/tmp/ts-$name/received" ] && return 0
		[ -e "/tmp/ts-$name/rc" ] && ! kill -0 $! 2>/dev/null && return 0
		sleep 0.1
	done
}
hold_dir() { echo "/tmp/ts-$1"; }
received() { cat "/tmp/ts-$1/received"; }
# poke PORT [HEX]: one datagram (default: 20 bytes of "x", which is not
# Teredo) from tsB to 198.51.100.1:PORT.
poke() {
	in_ns tsB python3 -c 'import socket,sys; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(bytes.fromhex(sys.argv[2]) if len(sys.argv) > 2 else b"x" * 20, ("198.51.100.1", int(sys.argv[1])))' "$@"
	sleep 0.5
}
BUBBLE=600000000000$(printf '3b')ff$(printf '%064d' 0)
rxmal() { dev_counter tsA t0 rx_malformed; }
state() { json_get "$(in_ns tsA teredoctl -j show t0)" 'd[0]["state"]'; }

hold h1 198.51.100.1 3544 "$(hold_dir h1)" teredoctl dev t0 attach '{fd}'
check_eq "attach a bound UDP socket" 0 "$(cat "$(hold_dir h1)/rc")"
check_eq "a client with a socket is qualifying" qualifying "$(state)"
check_output "show names the socket" '^    socket 198\.51\.100\.1:3544$' in_ns tsA teredoctl show t0
check "a qualifying client has no carrier" sh -c "ip -n tsA link show t0 | grep -q NO-CARRIER"
check "mode relay" in_ns tsA teredoctl dev t0 set mode relay
check_eq "a relay with a socket is active" active "$(state)"
check "an active relay has carrier" sh -c "ip -n tsA link show t0 | grep -q LOWER_UP"
in_ns tsA teredoctl dev t0 set mode client
r=$(received h1)
poke 3544 "0001$(printf "%022d" 0)${BUBBLE}"
check_eq "qualification traffic (auth header) reaches userland while attached" \
	$((r + 1)) "$(received h1)"
nc0=$(dev_counter tsA t0 rx_not_configured)
poke 3544 "$BUBBLE"
check_eq "a bubble before qualification neither reaches userland..." \
	$((r + 1)) "$(received h1)"
check_eq "... nor passes: it is counted as rx_not_configured" \
	$((nc0 + 1)) "$(dev_counter tsA t0 rx_not_configured)"
# Not Teredo: dropped in the kernel and counted, userland never sees it.
m=$(rxmal)
poke 3544
poke 3544 "0000ffff"
poke 3544 "${BUBBLE}00"
poke 3544 "0001ff00"
poke 3544 "0003$(printf '%076d' 0)"
check_eq "non-Teredo datagrams do not reach userland" $((r + 1)) "$(received h1)"
check_eq "... and are counted as rx_malformed (version, cut origin, length, cut auth, indicator)" \
	$((m + 5)) "$(rxmal)"

# Refusals, each with its reason; the first socket stays attached.
in_ns tsA ip link add t1 type teredo
hold h2 198.51.100.1 4000 "$(hold_dir h2)" sh -c 'teredoctl dev t0 attach {fd}; teredoctl dev t1 attach {fd}; teredoctl dev t1 attach {fd}'
check_output "a second socket for the same device is refused" \
	'^teredoctl: t0: the device has a socket already; detach it first$' cat "$(hold_dir h2)/out"
check_output "a socket owned by another device is refused" \
	'^teredoctl: t1: the device has a socket already|^teredoctl: t1: the socket is in use by another tunnel$' cat "$(hold_dir h2)/out"
kill "$pid_h2"; wait "$pid_h2" 2>/dev/null
in_ns tsA teredoctl dev t1 detach
hold h3 --kind tcp 198.51.100.1 4001 "$(hold_dir h3)" teredoctl dev t1 attach '{fd}'
check_output "a TCP socket is refused" 'the socket must be UDP over IPv4' cat "$(hold_dir h3)/out"
kill "$pid_h3"; wait "$pid_h3" 2>/dev/null
hold h4 --kind udp6 :: 4002 "$(hold_dir h4)" teredoctl dev t1 attach '{fd}'
check_output "a UDP/IPv6 socket is refused" 'the socket must be UDP over IPv4' cat "$(hold_dir h4)/out"
kill "$pid_h4"; wait "$pid_h4" 2>/dev/null
hold h5 --no-bind 0.0.0.0 0 "$(hold_dir h5)" teredoctl dev t1 attach '{fd}'
check_output "an unbound socket is refused" 'the socket must be bound' cat "$(hold_dir h5)/out"
kill "$pid_h5"; wait "$pid_h5" 2>/dev/null
check_output "a descriptor that is not a socket is refused" \
	'not a socket file descriptor' in_ns tsA teredoctl dev t1 attach 0
check_output "a descriptor that does not exist is refused" \
	'not a socket file descriptor' in_ns tsA teredoctl dev t1 attach 99
check_output "attach and detach together are refused" 'not both' \
	in_ns tsA "$GENL_RAW" 3 2:str:t1 8:u32:0 9:bin:
check_output "a mode outside client/relay/server is refused by the policy" '^error: (EINVAL|ERANGE)' \
	in_ns tsA "$GENL_RAW" 3 2:str:t1 4:u8:7
check_output "mode 0 (unspec) is refused by the policy" '^error: (EINVAL|ERANGE)' \
	in_ns tsA "$GENL_RAW" 3 2:str:t1 4:u8:0
check_output "read-only attributes are refused by the policy" '^error: EINVAL: Unsupported attribute$' \
	in_ns tsA "$GENL_RAW" 3 2:str:t1 10:u32:1
check_output "teredoctl names the valid modes" 'mode takes client, relay or server' \
	in_ns tsA teredoctl dev t1 set mode bogus
check_output "dev set on an stf device is refused" 'not a teredo device' \
	sh -c 'ip -n tsA link add s0 type stf && ip netns exec tsA teredoctl dev s0 set mode relay'
check_eq "after the refusals the first socket is still attached" qualifying "$(state)"
# A refused dev-set changes nothing: a socket, qualified on, and an
# address outside 2001::/32 (SOCK_FD 8, SERVER 12, MAPPED_ADDR 14,
# MAPPED_PORT 15, ADDR6 16, QUALIFIED 17) leaves t1 without the socket.
hold h6 198.51.100.1 4003 "$(hold_dir h6)" "$GENL_RAW" 3 2:str:t1 "8:u32:{fd}" \
	12:bin:c0000201 14:bin:c6336401 15:u16:4003 \
	16:bin:20020000000000000000000000000001 17:u8:1
check_output "a socket with a bad address to qualify is refused as a whole" \
	'^error: EINVAL: the address is not in 2001:0::/32$' cat "$(hold_dir h6)/out"
check_output "... and t1 has no socket" '"state":"unconfigured"' in_ns tsA teredoctl -j show t1
check_fails "... and shows none" sh -c "ip netns exec tsA teredoctl show t1 | grep -q socket"
kill "$pid_h6"; wait "$pid_h6" 2>/dev/null

# Qualification as userland will push it: server, mapping, address.
T6=2001:0:c000:201:0:f227:39cc:9bfe	# server 192.0.2.1, mapping 198.51.100.1:3544
check_output "qualified needs server and mapping" 'server and mapping are needed to qualify' \
	in_ns tsA teredoctl dev t0 set address $T6 qualified on
check_output "an address for another server is refused" 'the address names another server' \
	in_ns tsA teredoctl dev t0 set server 192.0.2.2 mapping 198.51.100.1:3544 address $T6 qualified on
check_output "an address without our mapping is refused" 'the address does not carry the mapping' \
	in_ns tsA teredoctl dev t0 set server 192.0.2.1 mapping 198.51.100.1:3545 address $T6 qualified on
check_output "an address with the U or G flag is refused" 'U or G flag' \
	in_ns tsA teredoctl dev t0 set server 192.0.2.1 mapping 198.51.100.1:3544 \
	address 2001:0:c000:201:200:f227:39cc:9bfe qualified on
check_output "a non-Teredo address is refused" 'not in 2001:0::/32' \
	in_ns tsA teredoctl dev t0 set server 192.0.2.1 mapping 198.51.100.1:3544 \
	address 2002:c633:6401::1 qualified on
check_eq "after the refusals the client is still qualifying" qualifying "$(state)"
check "a consistent server, mapping and address qualify the client" \
	in_ns tsA teredoctl dev t0 set server 192.0.2.1 server2 192.0.2.2 \
	mapping 198.51.100.1:3544 address $T6 qualified on
check_eq "qualified" qualified "$(state)"
check "a qualified client has carrier" sh -c "ip -n tsA link show t0 | grep -q LOWER_UP"
check_output "show gives server, mapping and address" \
	"^    server 192.0.2.1 server2 192.0.2.2 mapping 198.51.100.1:3544 address $T6\$" \
	in_ns tsA teredoctl show t0
check_eq "JSON gives them too" "192.0.2.1 198.51.100.1 3544 $T6" \
	"$(json_get "$(in_ns tsA teredoctl -j show t0)" '" ".join(str(x) for x in (d[0]["server"], d[0]["mapping"]["address"], d[0]["mapping"]["port"], d[0]["address"]))')"
check "a new mapping unqualifies the client" \
	in_ns tsA teredoctl dev t0 set mapping 198.51.100.1:4000
check_eq "... qualifying again, no carrier" "qualifying" "$(state)"
in_ns tsA teredoctl dev t0 set mapping 198.51.100.1:3544 qualified on
check_output "a relay does not qualify" 'only a client qualifies' \
	sh -c "ip netns exec tsA teredoctl dev t0 set mode relay qualified on"
in_ns tsA teredoctl dev t0 set mode client
check_output "bad values are named by teredoctl" "mapping takes IPV4:PORT, not '1.2.3.4:0'" \
	in_ns tsA teredoctl dev t0 set mapping 1.2.3.4:0
check_output "unknown settings are named" "unknown setting 'colour'" \
	in_ns tsA teredoctl dev t0 set colour blue
check_output "the address attribute must be 16 bytes" '^error: (EINVAL|ERANGE)' \
	in_ns tsA "$GENL_RAW" 3 2:str:t0 16:bin:20010000
in_ns tsA teredoctl dev t0 set mapping 198.51.100.1:3544 address $T6 qualified on

# Giving it back: detach.
check "detach" in_ns tsA teredoctl dev t0 detach
check_eq "detached: unconfigured (a qualified client loses its qualification)" \
	unconfigured "$(state)"
r=$(received h1)
poke 3544
check_eq "the detached socket works for userland" $((r + 1)) "$(received h1)"

# Closing the socket detaches it.
in_ns tsA teredoctl dev t0 detach
hold h6 198.51.100.1 4100 "$(hold_dir h6)" teredoctl dev t0 attach '{fd}'
check_eq "attach again" qualifying "$(state)"
kill "$pid_h6"; wait "$pid_h6" 2>/dev/null
sleep 0.5
check_eq "closing the socket unconfigures the device" unconfigured "$(state)"
kill "$pid_h1"; wait "$pid_h1" 2>/dev/null
hold h7 198.51.100.1 4101 "$(hold_dir h7)" teredoctl dev t0 attach '{fd}'
check_eq "and the device takes a new socket" qualifying "$(state)"

# Routes are the socket's: a socket with the same address and port in
# another namespace, where the peer is out of reach, routes afresh. The
# route cache is per CPU: every packet here is sent from CPU 0.
PEER=2001:0:c000:201:0:ef97:39cc:9bfd	# mapping 198.51.100.2:4200
t4() { json_get "$(in_ns tsA teredoctl -j -s show t4)" "d[0]$1"; }
in_ns tsA ip link add t4 type teredo
in_ns tsA ip link set t4 up
# Its peers never answer: they must outlive a slow machine's test.
in_ns tsA teredoctl dev t4 set mode relay peer-expiry 3600
hold h10 198.51.100.1 4110 "$(hold_dir h10)" teredoctl dev t4 attach '{fd}'
addr tsA t4 2001:db8:9::1/128
in_ns tsA ip -6 route add 2001::/32 dev t4 src 2001:db8:9::1
in_ns tsA teredoctl peer t4 add $PEER mapping 198.51.100.2:4200 trusted on
tx=$(t4 '["stats"]["tx_packets"]')
in_ns tsA taskset -c 0 ping -6 -c 2 -i 0.2 -W 1 $PEER >/dev/null 2>&1
check_eq "a relay sends to a trusted peer" $((tx + 2)) "$(t4 '["stats"]["tx_packets"]')"
# Peers behind one NAT address share a cached route, unless something
# routes by port: then a rule on the second peer's port applies to it,
# right after the first peer's packet filled the cache.
PEER2=$(teredo_addr 192.0.2.1 198.51.100.2 4201)
in_ns tsA teredoctl peer t4 add "$PEER2" mapping 198.51.100.2:4201 trusted on
in_ns tsA ip rule add ipproto udp dport 4201 table 4201 priority 100
in_ns tsA ip route add unreachable 198.51.100.2/32 table 4201
tx=$(t4 '["stats"]["tx_packets"]')
nr=$(t4 '["stats"]["tx_no_route"]')
in_ns tsA taskset -c 0 ping -6 -c 1 -W 1 $PEER >/dev/null 2>&1
in_ns tsA taskset -c 0 ping -6 -c 1 -W 1 "$PEER2" >/dev/null 2>&1
check_eq "a policy rule on a peer's port: the other peer at its address is sent to" \
	$((tx + 1)) "$(t4 '["stats"]["tx_packets"]')"
check_eq "... and the rule's peer is not (tx_no_route), though the route was cached" \
	$((nr + 1)) "$(t4 '["stats"]["tx_no_route"]')"
in_ns tsA ip rule del priority 100
in_ns tsA ip route flush table 4201
# The outer route is the socket's owner's, as for the owner's own sends:
# an ip rule for its uid applies (uidrange), whoever sends through us.
PEER3=$(teredo_addr 192.0.2.2 198.51.100.2 4202)
t6() { json_get "$(in_ns tsA teredoctl -j -s show t6)" "d[0]$1"; }
in_ns tsA ip link add t6 type teredo
in_ns tsA ip link set t6 up
in_ns tsA teredoctl dev t6 set mode relay peer-expiry 3600
hold h20 --uid 65534 198.51.100.1 4111 "$(hold_dir h20)" teredoctl dev t6 attach '{fd}'
in_ns tsA ip -6 route add 2001:0:c000:202::/64 dev t6 src 2001:db8:9::1
in_ns tsA teredoctl peer t6 add "$PEER3" mapping 198.51.100.2:4202 trusted on
tx=$(t6 '["stats"]["tx_packets"]')
in_ns tsA taskset -c 0 ping -6 -c 1 -W 1 "$PEER3" >/dev/null 2>&1
check_eq "a relay whose socket nobody owns sends to its peer" $((tx + 1)) "$(t6 '["stats"]["tx_packets"]')"
in_ns tsA ip rule add uidrange 65534-65534 table 4202 priority 101
in_ns tsA ip route add unreachable 198.51.100.2/32 table 4202
nr=$(t6 '["stats"]["tx_no_route"]')
in_ns tsA taskset -c 0 ping -6 -c 1 -W 1 "$PEER3" >/dev/null 2>&1
check_eq "... a uidrange rule for nobody applies to it (tx_no_route), though root sent" \
	$((nr + 1)) "$(t6 '["stats"]["tx_no_route"]')"
tx=$(t4 '["stats"]["tx_packets"]')
in_ns tsA taskset -c 0 ping -6 -c 1 -W 1 $PEER >/dev/null 2>&1
check_eq "... and not to root's socket" $((tx + 1)) "$(t4 '["stats"]["tx_packets"]')"
in_ns tsA ip rule del priority 101
in_ns tsA ip route flush table 4202
in_ns tsA ip link del t6
kill "$pid_h20" 2>/dev/null; wait "$pid_h20" 2>/dev/null
netns_new tsD
stub tsD d0
addr tsD d0 198.51.100.1/32
in_ns tsA teredoctl dev t4 detach
HOLD_NS=tsD hold h11 198.51.100.1 4110 "$(hold_dir h11)" \
	ip netns exec tsA teredoctl dev t4 attach '{fd}'
check_eq "the same address and port from another namespace attach" active "$(t4 '["state"]')"
nr=$(t4 '["stats"]["tx_no_route"]')
in_ns tsA taskset -c 0 ping -6 -c 1 -W 1 $PEER >/dev/null 2>&1
check_eq "... and its packets take that namespace's routes: none (tx_no_route)" \
	$((nr + 1)) "$(t4 '["stats"]["tx_no_route"]')"
in_ns tsA ip link del t4
for p in $pid_h10 $pid_h11; do kill "$p"; wait "$p" 2>/dev/null; done
ip netns del tsD

# Deleting the device gives the socket back.
in_ns tsA ip link del t0
r=$(received h7)
poke 4101
check_eq "after device delete the socket works for userland" $((r + 1)) "$(received h7)"

# The device's netns goes away; the socket lives in another one.
netns_new tsC
in_ns tsC ip link add t2 type teredo
hold h8 198.51.100.1 4102 "$(hold_dir h8)" ip netns exec tsC teredoctl dev t2 attach '{fd}'
check_eq "a socket from another netns is accepted" 0 "$(cat "$(hold_dir h8)/rc")"
ip netns del tsC
sleep 1
r=$(received h8)
poke 4102
check_eq "after netns delete the socket works for userland" $((r + 1)) "$(received h8)"

# UDP_ENCAP 0 by whoever holds the descriptor, then close: the UDP
# layer skips our destroy callback; the device lets go of the closed
# socket all the same (kmod/teredo/socket.c) and never sends from its port.
in_ns tsA ip link add t5 type teredo
in_ns tsA teredoctl dev t5 set mode relay
hold h12 --encap-off 198.51.100.1 4104 "$(hold_dir h12)" teredoctl dev t5 attach '{fd}'
check_eq "UDP_ENCAP 0 on an attached socket: the device keeps it while open" active "$(json_get "$(in_ns tsA teredoctl -j show t5)" 'd[0]["state"]')"
kill "$pid_h12"; wait "$pid_h12" 2>/dev/null
check "closed after UDP_ENCAP 0 (no destroy callback): the device lets go of it" \
	wait_for 5 sh -c "ip netns exec tsA teredoctl show t5 | grep -q 'state unconfigured'"
check "... the kernel says why" sh -c "dmesg | grep -q 't5: the socket was closed without its Teredo hooks'"
check "... its port is free" sh -c "! ip netns exec tsA ss -H -uan 'sport = :4104' | grep -q ."
in_ns tsA ip link del t5

# setup_udp_tunnel_sock() turns multicast loopback off for our sends:
# detaching turns it back on; the socket keeps its hooks for its life,
# so attaching it again sets nothing up twice.
in_ns tsA ip link add t6 type teredo
hold h14 198.51.100.1 4106 "$(hold_dir h14)" teredoctl dev t6 attach '{fd}'
check_eq "attached: multicast loopback off" 0 "$(cat "$(hold_dir h14)/mc_loop")"
in_ns tsA ip link add t7 type teredo
hold h15 198.51.100.1 4107 "$(hold_dir h15)" \
	sh -c 'for i in $(seq 1 300); do echo "dev t7 attach {fd}"; echo "dev t7 detach"; done | teredoctl -b -'
check_eq "attached and detached 300 times from one descriptor" 0 "$(cat "$(hold_dir h15)/rc")"
[ "$(cat "$(hold_dir h15)/rc")" = 0 ] || head -n 5 "$(hold_dir h15)/out" | sed 's/^/# /'
check_eq "... detached: multicast loopback on again" 1 "$(cat "$(hold_dir h15)/mc_loop")"
r=$(received h15)
poke 4107
check_eq "... and the socket works for userland" $((r + 1)) "$(received h15)"
in_ns tsA ip link del t6

# Module unload: a socket with our hooks pins the module (kmod/teredo/socket.c),
# as an open tun descriptor pins tun.ko; once it is closed the module
# goes, and the devices with it.
in_ns tsA ip link add t3 type teredo
hold h9 198.51.100.1 4103 "$(hold_dir h9)" teredoctl dev t3 attach '{fd}'
check_output "rmmod with a socket attached is refused: the module is in use" \
	'in use' modprobe -r teredo
check "... and changed nothing" sh -c "ip netns exec tsA teredoctl show t3 | grep -q 'socket 198.51.100.1:4103'"
in_ns tsA teredoctl dev t3 detach
check_output "... nor while a detached socket is open" 'in use' modprobe -r teredo
r=$(received h9)
poke 4103
check_eq "the detached socket works for userland" $((r + 1)) "$(received h9)"
pkill -f "$HOLD"
check "with every socket closed, rmmod removes the module and its devices" \
	wait_for 10 sh -c 'modprobe -r teredo && ! grep -q "^teredo " /proc/modules'
modprobe teredo
tap_done
