#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# RFC 6081's UPnP-enabled symmetric NAT, against Debian's miniupnpd
# (nftables) on a symmetric nftables NAT. Without an IGD the client
# qualifies as before, then searches for about its timeout, and a peer
# behind a port-restricted NAT cannot reach it. With one, the client
# has the gateway map its mapping's port to its socket, stops sending
# direct bubbles (the kernel's open-mapping flag), and is reached
# directly by our client and by Miredo's, each behind a port-restricted
# NAT of its own, and by a second UPnP client behind another symmetric
# NAT; it reaches them too. The mapping is renewed at half its lease, removed
# at SIGTERM; a gateway that refuses is counted and gone around, one
# that is not our NAT is not asked.
#
# miniupnpd refuses to serve on a reserved address, the test networks
# included: this Internet is 100.128.0.0/24, public space that never
# leaves the guest's namespaces.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
tap_start
SRV=100.128.0.50	# teredoctl server
SRV2=100.128.0.51	# ... its secondary address
workdir upnp

need_miredo "UPnP"
if ! command -v miniupnpd >/dev/null; then
	skip "UPnP" "miniupnpd (miniupnpd-nftables) is not installed"
	tap_done
fi
modprobe teredo
modprobe tun

# ---- topology ----
internet uW
netns_new uS
wan uW uS $SRV $SRV2
# nat_host NAT HOST N: HOST, 10.N.0.2, behind NAT, 100.128.0.2N outside.
nat_host() {
	netns_new "$2" "$1"
	wan uW "$1" "100.128.0.2$3"
	veth "$1" lan "$2" eth0
	addr "$1" lan "10.$3.0.1/24"
	addr "$2" eth0 "10.$3.0.2/24"
	ip -n "$2" route add default via "10.$3.0.1"
	wire "$2" eth0
	forwarding "$1"
}
# A symmetric NAT (a new port for each destination) with an IGD: only
# what answers a mapping, or what a UPnP mapping sends in, gets in.
nat_host uN uA 1
netns_new uA2
veth uN lan2 uA2 eth0
addr uN lan2 10.1.1.1/24
addr uA2 eth0 10.1.1.2/24
ip -n uA2 route add default via 10.1.1.1
wire uA2 eth0
upnp_nat() {	# upnp_nat NS: NS's symmetric NAT and the chains miniupnpd fills
	in_ns "$1" nft -f - <<'NFT'
table inet filter {
	chain forward {
		type filter hook forward priority filter; policy accept;
		iifname "wan" ct state new ct status dnat jump miniupnpd
		iifname "wan" ct state new drop
	}
	chain miniupnpd {
	}
	chain input {
		type filter hook input priority filter; policy accept;
		iifname "wan" ct state new drop
	}
	chain prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		jump prerouting_miniupnpd
	}
	chain postrouting {
		type nat hook postrouting priority srcnat; policy accept;
		jump postrouting_miniupnpd
		oifname "wan" masquerade random
	}
	chain prerouting_miniupnpd {
	}
	chain postrouting_miniupnpd {
	}
}
NFT
}
upnp_nat uN
# Another symmetric NAT with an IGD, for a second UPnP client.
nat_host uN4 uD 4
upnp_nat uN4
# Port-restricted cone NATs (Linux's masquerade) for the peers.
nat_host uM uB 2	# our client
nat_host uK uC 3	# Miredo's client
nat_masquerade uM wan
nat_masquerade uK wan

# miniupnpd_conf FILE NET LINK...: a gateway's file: UPnP only (no
# NAT-PMP), each host in NET may map to itself only; 10.1.1.2 (uA2) is
# refused everything. Leases as short as 2 s, so that a lease not
# renewed is seen to end.
miniupnpd_conf() {
	local f=$1 net=$2 l
	shift 2
	{
		echo "ext_ifname=wan"
		for l in "$@"; do echo "listening_ip=$l"; done
		cat <<EOF
enable_natpmp=no
enable_upnp=yes
secure_mode=yes
system_uptime=yes
min_lifetime=2
upnp_table_name=filter
upnp_nat_table_name=filter
upnp_forward_chain=miniupnpd
upnp_nat_chain=prerouting_miniupnpd
upnp_nat_postrouting_chain=postrouting_miniupnpd
deny 0-65535 10.1.1.2/32 0-65535
allow 1024-65535 $net 1024-65535
deny 0-65535 0.0.0.0/0 0-65535
EOF
	} > "$f"
}
miniupnpd_conf "$W/miniupnpd.conf" 10.1.0.0/16 lan lan2
miniupnpd_conf "$W/miniupnpd4.conf" 10.4.0.0/16 lan
# upnp_rules: the gateway's port mappings, as nft lists them.
upnp_rules() { in_ns uN nft list chain inet filter prerouting_miniupnpd | grep dnat; }
# mapped_port NS DEV: the port of the device's mapping.
mapped_port() {
	json_get "$(in_ns "$1" teredoctl -j show "$2")" "d[0]['mapping']['port']"
}
open_mapping() {
	json_get "$(in_ns "$1" teredoctl -j show "$2")" "d[0]['open_mapping']"
}

printf 'ServerBindAddress %s\nServerBindAddress2 %s\n' $SRV $SRV2 > "$W/server.conf"
ip netns exec uS teredoctl run -c "$W/server.conf" >"$W/server.log" 2>&1 &
srv=$!
ip netns exec uB teredoctl client tB --server $SRV --inbound on \
	>"$W/B.log" 2>&1 &
pid_B=$!
printf 'InterfaceName teredo\nServerAddress %s\n' $SRV > "$W/C.conf"
ip netns exec uC miredo -f -u nobody -p "$W/C.pid" -c "$W/C.conf" >"$W/C.log" 2>&1 &
check "the peers qualify behind their port-restricted NATs" wait_for 30 \
	sh -c "ip -n uC -6 -o addr show dev teredo scope global | grep -q 2001: &&
		ip netns exec uB teredoctl show tB | grep -q 'state qualified'"
B=$(gaddr uB tB)
C=$(gaddr uC teredo)

# ---- no IGD on the link ----
ip netns exec uA teredoctl client tA --server $SRV --inbound on --upnp on \
	--upnp-timeout 1500 --port 3546 >"$W/A0.log" 2>&1 &
pid_A=$!
check "with no IGD, the client qualifies all the same" wait_for 20 qualified uA tA
check "... and then searches for a gateway" \
	wait_for 10 grep -q 'no Internet Gateway Device answered' "$W/A0.log"
check_output "... qualified first: the search delays nothing" \
	'^teredoctl: qualified: ' sh -c "grep -e ': qualified: ' -e 'no Internet Gateway' $W/A0.log | head -n 1"
searched=$(sed -n 's/.*searched for \([0-9]*\) ms.*/\1/p' "$W/A0.log")
check "... for about its timeout, 1500 ms (searched for $searched ms)" \
	test "$searched" -le 2000
check "... behind a symmetric NAT, it says" grep -q 'symmetric NAT' "$W/A0.log"
check_eq "... its mapping is not open" False "$(open_mapping uA tA)"
A=$(gaddr uA tA)
check_fails "... and a peer behind a port-restricted NAT cannot reach it" \
	in_ns uB ping -6 -c 2 -i 0.5 -W 3 "$A"
kill $pid_A
wait $pid_A

# ---- the IGD maps our port ----
ip netns exec uN miniupnpd -d -f "$W/miniupnpd.conf" -P "$W/mu.pid" \
	>"$W/miniupnpd.log" 2>&1 &
mu=$!
check "miniupnpd listens on the NAT's inside" wait_for 10 \
	sh -c "ip netns exec uN ss -lun | grep -q ':1900 '"
ip netns exec uA teredoctl client tA --server $SRV --inbound on --upnp on \
	--upnp-lease 4 --port 3545 >"$W/A.log" 2>&1 &
pid_A=$!
check "the client qualifies behind the symmetric NAT" wait_for 20 qualified uA tA
check "... and has the gateway map its mapping's port" wait_for 10 \
	grep -q 'the gateway maps port' "$W/A.log"
port=$(mapped_port uA tA)
check_output "... the very port its server saw, to its socket" \
	"dport $port dnat ip to 10.1.0.2:" upnp_rules
check_eq "... the kernel knows its mapping is open" True "$(open_mapping uA tA)"
check_output "... and teredoctl show says so" 'mapping open to all \(UPnP\)' \
	in_ns uA teredoctl show tA
A=$(gaddr uA tA)
check "our client behind a port-restricted NAT reaches it directly" \
	in_ns uB ping -6 -c 3 -i 0.5 -W 8 "$A"
check_output "... the peer is trusted at B's NAT's address" \
	'mapping 100.128.0.22:[0-9]+ trusted' in_ns uA teredoctl peer tA show "$B"
check "Miredo's client behind a port-restricted NAT reaches it" \
	in_ns uC ping -6 -c 3 -i 0.5 -W 8 "$A"
in_ns uA teredoctl peer tA flush
in_ns uB teredoctl peer tB flush
check "it reaches our client (indirect bubble only)" \
	in_ns uA ping -6 -c 3 -i 0.5 -W 8 "$B"
check "... and Miredo's" in_ns uA ping -6 -c 3 -i 0.5 -W 8 "$C"
# Every flow of its socket but those to its server began outside.
check_eq "... its NAT never mapped it for a peer: it sent no direct bubble first" \
	"" "$(in_ns uN conntrack -L -p udp -s 10.1.0.2 --sport 3545 2>/dev/null |
		grep -v -e " dst=$SRV " -e " dst=$SRV2 ")"

# ---- two clients behind symmetric NATs, both with UPnP ----
ip netns exec uN4 miniupnpd -d -f "$W/miniupnpd4.conf" -P "$W/mu4.pid" \
	>"$W/miniupnpd4.log" 2>&1 &
mu4=$!
wait_for 10 sh -c "ip netns exec uN4 ss -lun | grep -q ':1900 '"
ip netns exec uD teredoctl client tD --server $SRV --inbound on --upnp on \
	>"$W/D.log" 2>&1 &
pid_D=$!
check "a second client behind another symmetric NAT with UPnP qualifies" \
	wait_for 20 qualified uD tD
check "... its gateway maps its port" wait_for 10 grep -q 'the gateway maps port' "$W/D.log"
D=$(gaddr uD tD)
check "the two UPnP clients reach each other, symmetric NAT to symmetric NAT" \
	in_ns uD ping -6 -c 3 -i 0.5 -W 8 "$A"
in_ns uA teredoctl peer tA flush
in_ns uD teredoctl peer tD flush
check "... either way" in_ns uA ping -6 -c 3 -i 0.5 -W 8 "$D"
kill $pid_D $mu4
sleep 10
check_output "the 4 s lease is renewed: the mapping is there 10 s on" \
	"dport $port dnat ip to 10.1.0.2:" upnp_rules
check "... renewed at half the lease" usr1_count_ge $pid_A "$W/A.log" renewed 3
kill $pid_A
wait $pid_A
check_eq "the client exits 0 on SIGTERM" 0 $?
check_fails "... and the gateway's mapping is gone" upnp_rules

# ---- a gateway that refuses ----
ip netns exec uA2 teredoctl client tA2 --server $SRV --upnp on \
	>"$W/A2.log" 2>&1 &
pid_A2=$!
check "a client the gateway refuses qualifies all the same" wait_for 20 qualified uA2 tA2
check "... says why" wait_for 10 grep -q 'the gateway refused to map port' "$W/A2.log"
check "... counts it" usr1_count_ge $pid_A2 "$W/A2.log" refusals 1
check_eq "... and its mapping is not open" False "$(open_mapping uA2 tA2)"
check_fails "... no mapping at the gateway" upnp_rules
kill $pid_A2
wait $pid_A2

# ---- a gateway that is not our NAT ----
# It says its outside address is another: a NAT beyond it would map us.
kill $mu
wait $mu
echo "ext_ip=100.128.0.99" >> "$W/miniupnpd.conf"
ip netns exec uN miniupnpd -d -f "$W/miniupnpd.conf" -P "$W/mu.pid" \
	>"$W/miniupnpd2.log" 2>&1 &
mu=$!
wait_for 10 sh -c "ip netns exec uN ss -lun | grep -q ':1900 '"
ip netns exec uA teredoctl client tA --server $SRV --upnp on \
	>"$W/A3.log" 2>&1 &
pid_A=$!
check "behind a gateway that is not our NAT the client qualifies" wait_for 20 qualified uA tA
check "... sees the other NAT beyond it" wait_for 10 \
	grep -q "external address 100.128.0.99 is not our mapping's" "$W/A3.log"
check_eq "... and leaves its mapping closed" False "$(open_mapping uA tA)"
check_fails "... asking the gateway for nothing" upnp_rules

kill $pid_A $pid_B $srv $mu
kill "$(cat "$W/C.pid")" 2>/dev/null
tap_done
