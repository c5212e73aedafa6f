#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# stf (6to4): interop with Linux sit both ways, a sit 6to4 relay to a
# native IPv6 host, every receive filter with its counter, the options
# (relay, ttl, permit-rfc1918, link0/1/2), path MTU, bad configuration.
#
#   nsA  stf0 2002:c633:6401::1/16   198.51.100.1 ┐
#   nsB  sit  2002:c633:6402::1/16   198.51.100.2 ├ bridge in nsC
#   nsR  sit relay 192.88.99.1       198.51.100.3 │  nsR ── nsH 2001:db8:1::2
#   nsX  raw sender (attacker)       198.51.100.9 ┘
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
tap_start
SEND=$SELFTESTS/tools/send-6in4.py
TCP=$SELFTESTS/tools/tcp-check.py
A6=2002:c633:6401::1
B6=2002:c633:6402::1
X6=2002:c633:6409::1
H6=2001:db8:1::2

modprobe teredo
modprobe sit
netns_new stfA stfB stfR stfX stfH stfC
ip -n stfC link add br0 type bridge
ip -n stfC link set br0 up
for n in A B R X; do
	ip link add "v$n" netns "stf$n" type veth peer name "p$n" netns stfC
	ip -n "stf$n" link set "v$n" up
	ip -n stfC link set "p$n" master br0 up
done
addr stfA vA 198.51.100.1/24
addr stfB vB 198.51.100.2/24
addr stfR vR 198.51.100.3/24
addr stfX vX 198.51.100.9/24
for n in A B R X; do
	in_ns "stf$n" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \
		"net.ipv4.conf.v$n.rp_filter=0"
done

# A: our stf, default IPv6 route through the relay.
ip -n stfA link add stf0 type stf
ip -n stfA link set stf0 up
check_output "stf without address is unconfigured, no carrier" \
	'state unconfigured' in_ns stfA teredoctl show stf0
check "add the 6to4 address" ip -n stfA -6 addr add $A6/16 dev stf0
check_output "6to4 address configures the device" \
	'state active' in_ns stfA teredoctl show stf0
check_output "local IPv4 taken from the 6to4 address, relay defaults to 192.88.99.1, ttl 40" \
	'6to4 local 198.51.100.1 prefixlen 16 relay 192.88.99.1 ttl 40' \
	in_ns stfA teredoctl show stf0
check "carrier is up" sh -c "ip -n stfA link show stf0 | grep -q LOWER_UP"
ip -n stfA -6 route add default dev stf0
ip -n stfA route add 192.88.99.1/32 via 198.51.100.3

# B: Linux sit in 6to4 mode.
ip -n stfB tunnel add tun6to4 mode sit remote any local 198.51.100.2 ttl 64
ip -n stfB link set tun6to4 up
ip -n stfB -6 addr add $B6/16 dev tun6to4 nodad

# R: sit 6to4 relay on the anycast address, native IPv6 to H.
ip -n stfR addr add 192.88.99.1/32 dev lo
ip -n stfR tunnel add tun6to4 mode sit remote any local 192.88.99.1 ttl 64
ip -n stfR link set tun6to4 up
ip -n stfR -6 addr add 2002:c058:6301::1/16 dev tun6to4 nodad
veth stfR vRH stfH vH
addr stfR vRH 2001:db8:1::1/64
addr stfH vH $H6/64
ip -n stfH -6 route add default via 2001:db8:1::1
forwarding stfR


nftc() {	# nftc NS TABLE COUNTER [FAMILY]: packets of a named counter
	ip netns exec "$1" nft list counter "${4:-ip}" "$2" "$3" | awk '$1 == "packets" {print $2}'
}

# ---- interop with sit ----
check "ping6 stf -> sit" in_ns stfA ping -6 -c 3 -i 0.2 -W 2 $B6
check "ping6 sit -> stf" in_ns stfB ping -6 -c 3 -i 0.2 -W 2 $A6
ip netns exec stfB "$TCP" server $B6 5001 &
sleep 0.5
check "TCP stf -> sit, 2 MB, data intact" in_ns stfA "$TCP" client $B6 5001 2000000
wait
ip netns exec stfA "$TCP" server $A6 5002 &
sleep 0.5
check "TCP sit -> stf, 2 MB, data intact" in_ns stfB "$TCP" client $A6 5002 2000000
wait
# Both transfers' data went through the device, in GSO/GRO-sized packets.
check "sent bytes are counted" test "$(dev_counter stfA stf0 tx_bytes)" -gt 2000000
check "received bytes are counted" test "$(dev_counter stfA stf0 rx_bytes)" -gt 2000000

# A 6to4 destination goes to the IPv4 address it embeds, whatever the
# route's next hop (stf(4)'s order): through a placeholder next hop the
# stack keeps one neighbour entry, not one per 6to4 site.
# As Documentation/stf.rst sets it up: the address without its on-link
# prefix route, 2002::/16 via the placeholder.
ip -n stfA -6 addr change $A6/16 dev stf0 noprefixroute
ip -n stfA -6 route add 2002::/16 via fe80::1 dev stf0
ip -n stfA -6 neigh del $B6 dev stf0	# left by the on-link route above
relay_in=$(link_stat stfR tun6to4 rx packets)
check "a 6to4 destination behind a non-6to4 next hop: reached" \
	in_ns stfA ping -6 -c 2 -i 0.2 -W 2 $B6
check_eq "... directly, not through the relay" "$relay_in" \
	"$(link_stat stfR tun6to4 rx packets)"
check_eq "... with no neighbour entry of its own" 0 \
	"$(ip -n stfA -6 neigh show nud all dev stf0 | grep -c "^$B6 ")"
check_output "... and the device stays configured" 'state active' \
	in_ns stfA teredoctl show stf0
ip -n stfA -6 route del 2002::/16 via fe80::1 dev stf0
ip -n stfA -6 addr change $A6/16 dev stf0

# A route change applies to the very next packet, and its removal too
# (whatever caches the outer route, now or later).
ip -n stfA route add unreachable 198.51.100.2/32
before=$(dev_counter stfA stf0 tx_no_route)
check_fails "an IPv4 route change applies at once" \
	in_ns stfA ping -6 -c 1 -W 1 $B6
check_eq "... the packet counted as tx_no_route" $((before + 1)) "$(dev_counter stfA stf0 tx_no_route)"
ip -n stfA route del unreachable 198.51.100.2/32
check "... and its removal too" in_ns stfA ping -6 -c 1 -W 2 $B6
# Another 6to4 destination right after: a route per destination.
check "ping6 another 6to4 host right after" \
	in_ns stfA ping -6 -c 1 -W 2 2002:c058:6301::1

# ---- through the relay to native IPv6 ----
check "ping6 native host via the 6to4 relay" in_ns stfA ping -6 -c 3 -i 0.2 -W 2 $H6
ip netns exec stfH "$TCP" server $H6 5003 &
sleep 0.5
check "TCP to the native host via the relay, data intact" \
	in_ns stfA "$TCP" client $H6 5003 1000000
wait
check "relay none: non-6to4 traffic is refused" \
	in_ns stfA teredoctl stf stf0 set relay none
before=$(dev_counter stfA stf0 tx_no_relay)
check_fails "no relay: native host unreachable" in_ns stfA ping -6 -c 1 -W 1 $H6
check_eq "no relay: counted as tx_no_relay" $((before + 1)) "$(dev_counter stfA stf0 tx_no_relay)"
check "a 6to4 gateway route reaches the relay without a relay setting" \
	sh -c "ip -n stfA -6 route replace default via 2002:c058:6301::1 dev stf0 &&
	       ip netns exec stfA ping -6 -c 2 -i 0.2 -W 2 $H6"
ip -n stfA -6 route replace default dev stf0
in_ns stfA teredoctl stf stf0 set relay 192.88.99.1
# The stack sends multicast on its own too (MLD, router solicitations):
# at least our three are counted, and none of it reaches the relay.
ip netns exec stfR nft -f - <<'NFT'
table ip r {
	chain in {
		type filter hook input priority 0; policy accept;
		ip daddr 192.88.99.1 ip protocol 41 counter name to_relay
	}
	counter to_relay {}
}
NFT
relay_rx() { nftc stfR r to_relay; }
before=$(dev_counter stfA stf0 tx_local_scope)
r0=$(relay_rx)
in_ns stfA ping -6 -c 3 -i 0.2 -W 1 ff02::2%stf0 >/dev/null 2>&1
check "multicast is counted as tx_local_scope" \
	test "$(dev_counter stfA stf0 tx_local_scope)" -ge $((before + 3))
check_eq "multicast is not sent to the relay" "$r0" "$(relay_rx)"

# ---- TTL ----
ip netns exec stfB nft -f - <<'NFT'
table ip t {
	chain in {
		type filter hook input priority 0; policy accept;
		ip protocol 41 ip ttl 40 counter name ttl40
		ip protocol 41 ip ttl 17 counter name ttl17
		ip protocol 41 ip ecn not-ect counter name notect
		ip protocol 41 ip ecn ect1 counter name ect1
	}
	counter ttl40 {}
	counter ttl17 {}
	counter notect {}
	counter ect1 {}
}
NFT
in_ns stfA ping -6 -c 2 -i 0.2 -W 2 $B6 >/dev/null
check_eq "default outer TTL is 40" 2 "$(nftc stfB t ttl40)"
in_ns stfA teredoctl stf stf0 set ttl 17
in_ns stfA ping -6 -c 2 -i 0.2 -W 2 $B6 >/dev/null
check_eq "ttl 17 is used" 2 "$(nftc stfB t ttl17)"
in_ns stfA teredoctl stf stf0 set ttl 40

# ---- ECN (link1) ----
n0=$(nftc stfB t notect)
in_ns stfA ping -6 -Q 0x01 -c 2 -i 0.2 -W 2 $B6 >/dev/null
check_eq "without ecn the outer header is Not-ECT" $((n0 + 2)) "$(nftc stfB t notect)"
check "ecn on (link1)" in_ns stfA teredoctl stf stf0 set link1 on
in_ns stfA ping -6 -Q 0x01 -c 2 -i 0.2 -W 2 $B6 >/dev/null
check_eq "with ecn the inner ECT(1) is copied outside" 2 "$(nftc stfB t ect1)"
ip netns exec stfA nft -f - <<'NFT'
table ip6 t {
	chain pre {
		type filter hook prerouting priority 0; policy accept;
		iifname "stf0" ip6 saddr 2002:c633:6409::1 counter name fromx
		iifname "stf0" ip6 saddr 2002:c633:6409::1 ip6 ecn ce counter name ce
	}
	counter fromx {}
	counter ce {}
}
NFT
delivered() { nftc stfA t fromx ip6; }
before=$(dev_counter stfA stf0 rx_ecn)
in_ns stfX "$SEND" 198.51.100.9 198.51.100.1 $X6 $A6 --tos 3 --tclass 0
check_eq "ecn: outer CE over Not-ECT inner is dropped" $((before + 1)) "$(dev_counter stfA stf0 rx_ecn)"
d=$(delivered)
in_ns stfX "$SEND" 198.51.100.9 198.51.100.1 $X6 $A6 --tos 3 --tclass 2
check_eq "ecn: outer CE over ECT(0) inner is delivered" $((d + 1)) "$(delivered)"
check_eq "ecn: ... with CE set on the inner packet" 1 "$(nftc stfA t ce ip6)"
in_ns stfA teredoctl stf stf0 set ecn off
d=$(delivered)
in_ns stfX "$SEND" 198.51.100.9 198.51.100.1 $X6 $A6 --tos 3 --tclass 0
check_eq "without ecn the outer CE is ignored and the packet delivered" $((d + 1)) "$(delivered)"

# ---- receive filters: each bad packet dropped and counted ----
# filter NAME COUNTER SEND_ARGS...: not delivered, and COUNTER moved by one.
filter() {
	local name=$1 counter=$2 d before
	shift 2
	d=$(delivered)
	before=$(dev_counter stfA stf0 "$counter")
	in_ns stfX "$SEND" "$@"
	if [ "$(delivered)" != "$d" ]; then
		not_ok "$name: dropped" "delivered although it should have been dropped"
	else
		check_eq "$name: dropped, counted in $counter" $((before + 1)) \
			"$(dev_counter stfA stf0 "$counter")"
	fi
}
# accepted NAME SEND_ARGS...: delivered.
accepted() {
	local name=$1 d
	shift
	d=$(delivered)
	in_ns stfX "$SEND" "$@"
	check_eq "$name" $((d + 1)) "$(delivered)"
}

accepted "a well-formed 6to4 packet from a neighbour is delivered" \
	198.51.100.9 198.51.100.1 $X6 $A6
filter "inner 6to4 source not the outer source" rx_spoofed \
	198.51.100.9 198.51.100.1 2002:cb00:7105::1 $A6
filter "outer source in 255/8" rx_martian \
	255.1.2.3 198.51.100.1 2002:ff01:0203::1 $A6
filter "inner destination embeds 127/8" rx_martian \
	198.51.100.9 198.51.100.1 $X6 2002:7f00:0001::1
filter "inner destination embeds 224/4" rx_martian \
	198.51.100.9 198.51.100.1 $X6 2002:e000:0001::1
filter "inner destination embeds 0/8" rx_martian \
	198.51.100.9 198.51.100.1 $X6 2002:0000:0001::1
filter "inner destination embeds 255/8" rx_martian \
	198.51.100.9 198.51.100.1 $X6 2002:ff00:0001::1
filter "outer source is the subnet broadcast" rx_broadcast \
	198.51.100.255 198.51.100.1 2002:c633:64ff::1 $A6
filter "inner destination embeds the subnet broadcast" rx_broadcast \
	198.51.100.9 198.51.100.1 $X6 2002:c633:64ff::1
filter "inner source v4-compatible" rx_v4compat \
	198.51.100.9 198.51.100.1 ::198.51.100.9 $A6
filter "inner source v4-mapped" rx_v4compat \
	198.51.100.9 198.51.100.1 ::ffff:198.51.100.9 $A6
filter "inner destination v4-mapped" rx_v4compat \
	198.51.100.9 198.51.100.1 $X6 ::ffff:198.51.100.1
# local_scope NAME SEND_ARGS...: nothing reaches the IPv6 stack, and
# rx_local_scope moved by one (fromx counts only X's 6to4 source).
local_scope() {
	local name=$1 rx before
	shift
	rx=$(dev_counter stfA stf0 rx_packets)
	before=$(dev_counter stfA stf0 rx_local_scope)
	in_ns stfX "$SEND" "$@"
	check_eq "$name: dropped, counted in rx_local_scope" \
		"$rx $((before + 1))" \
		"$(dev_counter stfA stf0 rx_packets) $(dev_counter stfA stf0 rx_local_scope)"
}
local_scope "inner link-local source" 198.51.100.9 198.51.100.1 fe80::1 $A6
local_scope "inner multicast destination" 198.51.100.9 198.51.100.1 $X6 ff02::1
local_scope "a Neighbor Solicitation between 6to4 addresses" \
	198.51.100.9 198.51.100.1 $X6 $A6 --nd 135
# An RA with a prefix from anyone on the IPv4 Internet, to a host that
# would take it (accept_ra 2 takes RAs even when forwarding).
in_ns stfA sysctl -qw net.ipv6.conf.stf0.accept_ra=2 net.ipv6.conf.stf0.autoconf=1
local_scope "a Router Advertisement with a prefix to ff02::1" \
	198.51.100.9 198.51.100.1 fe80::bad ff02::1 --nd 134 --pio 2001:db8:bad::
local_scope "... and the same from a 6to4 source" \
	198.51.100.9 198.51.100.1 $X6 ff02::1 --nd 134 --pio 2001:db8:bad::
check_eq "... configured no route and no prefix" "" \
	"$(ip -n stfA -6 route show proto ra; ip -n stfA -6 route show | grep 2001:db8:bad; ip -n stfA -6 addr show | grep 2001:db8:bad)"
in_ns stfA sysctl -qw net.ipv6.conf.stf0.accept_ra=0
before=$(dev_counter stfA stf0 rx_not_ipv6)
in_ns stfX "$SEND" 198.51.100.9 198.51.100.1 $X6 $A6 --inner-v4
check_eq "IPv4 inside protocol 41 is dropped and counted" $((before + 1)) \
	"$(dev_counter stfA stf0 rx_not_ipv6)"

# RFC 1918: dropped unless permit-rfc1918; the route back must exist.
ip -n stfA route add 10.0.0.0/8 dev vA
filter "outer source in 10/8" rx_rfc1918 10.1.2.3 198.51.100.1 2002:0a01:0203::1 $A6
filter "inner destination embeds 192.168/16" rx_rfc1918 \
	198.51.100.9 198.51.100.1 $X6 2002:c0a8:0001::1
ip -n stfA -6 route add 2002:0a01:0203::/48 dev stf0
ip netns exec stfA nft add rule ip6 t pre iifname stf0 ip6 saddr 2002:0a01:0203::1 counter
in_ns stfA teredoctl stf stf0 set permit-rfc1918 on
before=$(dev_counter stfA stf0 rx_packets)
in_ns stfX "$SEND" 10.1.2.3 198.51.100.1 2002:0a01:0203::1 $A6
check_eq "with permit-rfc1918 the 10/8 packet is delivered" $((before + 1)) \
	"$(dev_counter stfA stf0 rx_packets)"
in_ns stfA teredoctl stf stf0 set permit-rfc1918 off

# Ingress check: a source that routes back through another link.
stub stfA other0
ip -n stfA route add 203.0.113.0/24 dev other0
filter "outer source routes back via another link" rx_ingress \
	203.0.113.5 198.51.100.1 2002:cb00:7105::1 $A6
check "no-ingress-check on (link2)" in_ns stfA teredoctl stf stf0 set link2 on
before=$(dev_counter stfA stf0 rx_packets)
in_ns stfX "$SEND" 203.0.113.5 198.51.100.1 2002:cb00:7105::1 $A6
check_eq "without the ingress check it is delivered" $((before + 1)) \
	"$(dev_counter stfA stf0 rx_packets)"
in_ns stfA teredoctl stf stf0 set ingress-check on
# The check follows route changes from the next packet on.
ip -n stfA route replace 203.0.113.0/24 dev vA
before=$(dev_counter stfA stf0 rx_packets)
in_ns stfX "$SEND" 203.0.113.5 198.51.100.1 2002:cb00:7105::1 $A6
check_eq "the source's route moved onto the link it came in on: delivered" \
	$((before + 1)) "$(dev_counter stfA stf0 rx_packets)"
ip -n stfA route replace 203.0.113.0/24 dev other0
filter "... and moved away again" rx_ingress \
	203.0.113.5 198.51.100.1 2002:cb00:7105::1 $A6

# Prefix length 16+N: outer sources limited to the IPv4 /N.
ip -n stfA -6 addr del $A6/16 dev stf0
check "6to4 address with prefix length 40 (IPv4 /24)" ip -n stfA -6 addr add $A6/40 dev stf0
ip -n stfA -6 route replace 2002::/16 dev stf0
ip -n stfA route add 192.0.2.0/24 dev vA
filter "outer source outside the /24 of a /40 prefix" rx_prefix \
	192.0.2.9 198.51.100.1 2002:c000:0209::1 $A6
accepted "outer source inside the /24 is accepted" 198.51.100.9 198.51.100.1 $X6 $A6
ip -n stfA -6 addr del $A6/40 dev stf0
ip -n stfA -6 addr add $A6/16 dev stf0
ip -n stfA -6 route replace default dev stf0

# ---- output-only (link0) ----
check "output-only on (link0)" in_ns stfA teredoctl stf stf0 set output-only on
before=$(dev_counter stfA stf0 rx_output_only)
tx=$(dev_counter stfA stf0 tx_packets)
in_ns stfB ping -6 -c 2 -i 0.2 -W 1 $A6 >/dev/null 2>&1
check "output-only: packets from sit are dropped and counted" \
	test "$(dev_counter stfA stf0 rx_output_only)" -ge $((before + 2))
in_ns stfA ping -6 -c 1 -W 1 $B6 >/dev/null 2>&1
check "output-only: the device still sends" test "$(dev_counter stfA stf0 tx_packets)" -gt "$tx"
in_ns stfA teredoctl stf stf0 set link0 off
check "output-only off: ping from sit works again" in_ns stfB ping -6 -c 2 -i 0.2 -W 2 $A6

# ---- path MTU ----
# Both sites' uplinks shrink to 1400; sit on B is told, we must find out.
for l in "stfA vA" "stfC pA" "stfC pB" "stfB vB"; do ip -n ${l% *} link set ${l#* } mtu 1400; done
ip -n stfB link set tun6to4 mtu 1380
before=$(dev_counter stfA stf0 tx_too_big)
in_ns stfA ping -6 -c 1 -W 1 -s 1400 $B6 >/dev/null 2>&1
check_eq "over the path MTU: Packet Too Big, counted" $((before + 1)) "$(dev_counter stfA stf0 tx_too_big)"
check "after Packet Too Big, large pings get through (fragmented at the source)" \
	in_ns stfA ping -6 -c 2 -i 0.2 -W 2 -s 1400 $B6
ip netns exec stfB "$TCP" server $B6 5004 &
sleep 0.5
check "TCP over the smaller path MTU, data intact" in_ns stfA "$TCP" client $B6 5004 500000
wait
for l in "stfA vA" "stfC pA" "stfC pB" "stfB vB"; do ip -n ${l% *} link set ${l#* } mtu 1500; done
ip -n stfB link set tun6to4 mtu 1480

# ---- the outer route cache ----
# The outer route is cached per CPU for the last destination: packets
# to the same place but with another mark or DSCP, which rules may route
# elsewhere, must not take it. Each pair: the plain packet (fills the
# cache), then the one a rule sends nowhere, on one CPU. Last of the
# data path: a rule once added leaves the namespace's IPv4 routing in
# its full form (sources checked against every table), which refuses
# some of the bad packets above before stf sees them.
ip -n stfA route add unreachable 198.51.100.2/32 table 7
ip -n stfA rule add fwmark 7 table 7
ip -n stfA rule add tos 0x10 table 7
for how in "-m 7:mark" "-Q 0x10:DSCP"; do
	in_ns stfA taskset -c 0 ping -6 -c 1 -W 2 $B6 >/dev/null
	before=$(dev_counter stfA stf0 tx_no_route)
	check_fails "right after a plain packet, one with a ${how#*:} a rule routes nowhere: not sent" \
		in_ns stfA taskset -c 0 ping -6 ${how%%:*} -c 1 -W 1 $B6
	check_eq "... counted as tx_no_route" $((before + 1)) "$(dev_counter stfA stf0 tx_no_route)"
done
check "... and plain packets still go" in_ns stfA ping -6 -c 1 -W 2 $B6
ip -n stfA rule del tos 0x10 table 7
ip -n stfA rule del fwmark 7 table 7
ip -n stfA route del unreachable 198.51.100.2/32 table 7

# ---- bad configuration: clear errors, device keeps working ----
check_output "a non-6to4 global address is refused" \
	'only a 6to4 \(2002::/16\) address' ip -n stfA -6 addr add 2001:db8::1/64 dev stf0
check_output "a second 6to4 address is refused" \
	'has its 6to4 address already' ip -n stfA -6 addr add 2002:c633:6401::2/16 dev stf0
ip -n stfA link add stf1 type stf
check_output "a 6to4 address whose IPv4 is not ours is refused" \
	'not an address of this host' ip -n stfA -6 addr add 2002:c000:0201::1/16 dev stf1
check_output "a 6to4 address embedding 127.0.0.1 is refused" \
	'not unicast' ip -n stfA -6 addr add 2002:7f00:0001::1/16 dev stf1
check_output "ttl out of range is refused" "ttl takes 1..255" \
	in_ns stfA teredoctl stf stf0 set ttl 256
check_output "a multicast relay is refused by the kernel" \
	'relay must be a unicast IPv4' in_ns stfA teredoctl stf stf0 set relay 224.0.0.1
check_output "an unknown option is named" "unknown option 'frob'" \
	in_ns stfA teredoctl stf stf0 set frob on
check_output "an option without value is refused" 'needs a value' \
	in_ns stfA teredoctl stf stf0 set ecn
check_output "on/off options take on or off" "takes on or off" \
	in_ns stfA teredoctl stf stf0 set ecn maybe
ip -n stfA link add ter0 type teredo
check_output "stf options on a teredo device are refused" 'not an stf device' \
	in_ns stfA teredoctl stf ter0 set ecn on
check_output "genl: the local address is read-only" '^error: EINVAL: .*6to4 address' \
	in_ns stfA "$GENL_RAW" 2 2:str:stf0 "0x8007:bin:0800010001020304"
check_output "genl: a boolean over 1 is rejected by the policy" '^error: (EINVAL|ERANGE)' \
	in_ns stfA "$GENL_RAW" 2 2:str:stf0 "0x8007:bin:0500070002000000"
check "after all that, the device still works" in_ns stfA ping -6 -c 2 -i 0.2 -W 2 $B6
check_output "the options are unchanged" \
	'6to4 local 198.51.100.1 prefixlen 16 relay 192.88.99.1 ttl 40' \
	in_ns stfA teredoctl show stf0
j=$(in_ns stfA teredoctl -j show stf0)
check_eq "JSON shows the stf options" "198.51.100.1 16 192.88.99.1 40 False False False True" \
	"$(json_get "$j" '" ".join(str(d[0]["stf"][k]) for k in ("local","prefixlen","relay","ttl","permit_rfc1918","output_only","ecn","ingress_check"))')"

# Removing the address unconfigures the device.
ip -n stfA -6 addr del $A6/16 dev stf0
check_output "without its 6to4 address the device is unconfigured" \
	'state unconfigured' in_ns stfA teredoctl show stf0
check "and has no carrier" sh -c "ip -n stfA link show stf0 | grep -q NO-CARRIER"

tap_done
