#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# teredoctl's roles against real Miredo 1.2.6: our client qualified by
# miredo-server and by our server, Miredo's client qualified by our
# server, our client through Miredo's relay and Miredo's client through
# ours to a native IPv6 host, our client to our client through NATs;
# a NAT mapping change, server loss and recovery, RFC 6081: a client
# behind a symmetric NAT reaching the native host and a client behind an
# address-restricted NAT, two clients behind one NAT that does not
# hairpin; a client whose device is in a namespace without IPv4 and its
# socket in another's; two clients on one link that find each other by
# local discovery (RFC 4380 5.2.8); the server's drops, a clean stop.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
tap_start
TCP=$SELFTESTS/tools/tcp-check.py
SEND=$SELFTESTS/tools/teredo-send.py
MSRV=198.51.100.10	# miredo-server (and .11)
OSRV=198.51.100.50	# teredoctl server (and .51)
workdir daemon

need_miredo "Teredo daemon interop"
modprobe teredo
modprobe tun

# ---- topology: the IPv4 Internet (ddW), servers, NATs, relays, host ----
internet ddW
netns_new ddM ddS ddR ddQ ddH
wan ddW ddM $MSRV 198.51.100.11
wan ddW ddS $OSRV 198.51.100.51
wan ddW ddR 198.51.100.30
wan ddW ddQ 198.51.100.31
client_ns() { nat_client ddW "$1" "ddN$2" "$2" "${3:-}"; }
client_ns ddA 1		# our client, miredo-server
client_ns ddB 2		# our client, our server
client_ns ddC 3		# our client, our server
client_ns ddM2 4	# Miredo's client, our server
client_ns ddE 5 random	# our client behind a symmetric NAT
client_ns ddF 6 address	# our client behind an address-restricted NAT
client_ns ddG 7		# two of our clients behind one NAT, ddG
netns_new ddG2		# ... and ddG2 on another of its links
veth ddN7 lan2 ddG2 eth0
addr ddN7 lan2 10.7.1.1/24
addr ddG2 eth0 10.7.1.2/24
ip -n ddG2 route add default via 10.7.1.1
wire ddG2 eth0
# Native IPv6: ddH, reached through our relay (ddR) by default.
n=1
for ns in ddR ddQ ddS ddM; do
	veth "$ns" v6 ddH "h$n"
	addr "$ns" v6 "2001:db8:$n::1/64"
	addr ddH "h$n" "2001:db8:$n::2/64"
	wire ddH "h$n"
	n=$((n + 1))
done
forwarding ddH
forwarding ddR
forwarding ddQ
for ns in ddS ddM; do
	ip -n "$ns" -6 route add default via "2001:db8:$([ $ns = ddS ] && echo 3 || echo 4)::2"
done
ip -n ddH -6 route add 2001::/32 via 2001:db8:1::1
ip -n ddQ -6 route add default via 2001:db8:2::2
H=2001:db8:1::2

# ---- servers and relays ----
printf 'ServerBindAddress %s\n' $MSRV > "$W/miredo-server.conf"
in_ns ddM miredo-server -f -u nobody -p "$W/ms.pid" -c "$W/miredo-server.conf" \
	>"$W/miredo-server.log" 2>&1 &
printf 'ServerBindAddress %s\nServerBindAddress2 198.51.100.51\n' $OSRV > "$W/server.conf"
check "teredoctl check-config accepts the server's file" teredoctl check-config "$W/server.conf"
ip netns exec ddS teredoctl run -c "$W/server.conf" >"$W/server.log" 2>&1 &
srv_pid=$!
ip netns exec ddR teredoctl relay tR --port 3545 >"$W/relay.log" 2>&1 &
relay_pid=$!
printf 'RelayType cone\nInterfaceName mr\n' > "$W/miredo-relay.conf"
in_ns ddQ miredo -f -u nobody -p "$W/mr.pid" -c "$W/miredo-relay.conf" \
	>"$W/miredo-relay.log" 2>&1 &
# 2001::/32 to miredo's relay's tunnel, whether or not it routed it yet.
for _ in $(seq 1 50); do ip -n ddQ link show mr >/dev/null 2>&1 && break; sleep 0.2; done
ip -n ddQ -6 route replace 2001::/32 dev mr
ip netns exec ddW dumpcap -q -i br0 -f udp -w "$W/wan.pcap" >/dev/null 2>&1 &
cap_pid=$!
sleep 1

taddr_count() { ip -n "$1" -6 -o addr show dev "$2" scope global | grep -c .; }

# ---- our clients qualify ----
t0=$SECONDS
ip netns exec ddA teredoctl client tA --server $MSRV >"$W/A.log" 2>&1 &
pid_A=$!
in_ns ddB ip link add tB type teredo	# B's device exists before the client
ip netns exec ddB teredoctl client tB --server $OSRV --refresh 3 --inbound on >"$W/B.log" 2>&1 &
pid_B=$!
printf 'RelayType client\nServerAddress %s\nInterfaceName tC\nAllowInbound yes\n' $OSRV > "$W/C.conf"
ip netns exec ddC teredoctl run -c "$W/C.conf" >"$W/C.log" 2>&1 &
pid_C=$!
check "our client qualifies with miredo-server" wait_for 20 qualified ddA tA
check "our client qualifies with our server" wait_for 20 qualified ddB tB
check "our client qualifies from a config file (teredoctl run)" wait_for 20 qualified ddC tC
echo "# qualification took $((SECONDS - t0)) s for all three"
A=$(gaddr ddA tA)
B=$(gaddr ddB tB)
C=$(gaddr ddC tC)
check_output "A's address is a Teredo address of miredo-server" '^2001:0:c633:640a:' echo "$A"
check_output "B's address names our server" '^2001:0:c633:6432:' echo "$B"
check_output "teredoctl show: B's mapping is its NAT's outside address" \
	'mapping 198\.51\.100\.22:[0-9]+' in_ns ddB teredoctl show tB
check_output "the client logged its qualification" "qualified: $B" cat "$W/B.log"
check_output "B has a default route through the device, metric 1029" \
	'default via fe80::1 dev tB .*metric 1029' ip -n ddB -6 route show default
check_output "... and the Teredo prefix, via the same placeholder next hop" \
	'2001::/32 via fe80::1 dev tB ' ip -n ddB -6 route show 2001::/32
check_output "the relay routes the Teredo prefix the same way" \
	'2001::/32 via fe80::1 dev tR ' ip -n ddR -6 route show 2001::/32
check_output "the device has MTU 1280" 'mtu 1280' ip -n ddB link show tB

# ---- Miredo's client with our server ----
printf 'InterfaceName teredo\nServerAddress %s\n' $OSRV > "$W/m2.conf"
ip netns exec ddM2 miredo -f -u nobody -p "$W/m2.pid" -c "$W/m2.conf" >"$W/m2.log" 2>&1 &
check "Miredo's client qualifies with our server" wait_for 20 \
	sh -c "ip -n ddM2 -6 -o addr show dev teredo scope global | grep -q 2001:0:c633:6432:"

# ---- data: client to client, clients to the native host ----
# tcp_transfer DESC FROM TO ADDR PORT: 500 kB from namespace FROM to a
# server in TO at ADDR PORT that checks every byte.
tcp_transfer() {
	ip netns exec "$3" "$TCP" server "$4" "$5" >"$W/tcp-$5.log" 2>&1 &
	sleep 0.5
	check "$1" in_ns "$2" timeout 60 "$TCP" client "$4" "$5" 500000
}
check "ping6 our client -> our client through two NATs (our server)" \
	in_ns ddB ping -6 -c 3 -i 0.5 -W 8 "$C"
tcp_transfer "TCP our client -> our client (500 kB, checked)" ddB ddC "$C" 5001
check "ping6 Miredo client -> our client (our server)" \
	in_ns ddM2 ping -6 -c 3 -i 0.5 -W 8 "$B"
check "ping6 our client -> native host through our relay" \
	in_ns ddB ping -6 -c 3 -i 0.5 -W 8 "$H"
check "ping6 Miredo client -> native host through our relay" \
	in_ns ddM2 ping -6 -c 3 -i 0.5 -W 8 "$H"
tcp_transfer "TCP Miredo client -> native host through our relay (500 kB, checked)" \
	ddM2 ddH "$H" 5002
# Our client A (miredo-server) reaches the native host through Miredo's relay.
ip -n ddH -6 route add "$A/128" via 2001:db8:2::1
check "ping6 our client -> native host through Miredo's relay" \
	in_ns ddA ping -6 -c 3 -i 0.5 -W 8 "$H"
tcp_transfer "TCP our client -> native host through Miredo's relay (500 kB, checked)" \
	ddA ddH "$H" 5003
check_output "... A's peer for the host is Miredo's relay" \
	'198\.51\.100\.31' in_ns ddA teredoctl peer tA show "$H"
# Through the placeholder next hop the IPv6 stack keeps one neighbour
# entry for the device, however many destinations (on-link: one each).
in_ns ddB python3 -c '
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
for i in range(1, 26):
    s.sendto(b"x", ("2001:db8:77::%x" % i, 9))
    s.sendto(b"x", ("2001:0:c633:6432::%x" % i, 9))
'
ip -n ddB -6 neigh show nud all dev tB | sed 's/^/# neighbour: /'
check_eq "50 destinations through B's device: no neighbour entry for any" 0 \
	"$(ip -n ddB -6 neigh show nud all dev tB | grep -c '^2001:')"
check_output "... but one for the placeholder next hop" '^fe80::1 ' \
	ip -n ddB -6 neigh show nud all dev tB

# ---- the NAT forgets B's mapping: a new port, a new address ----
# The new ports lie below the ephemeral range (32768-60999) the client's
# socket was bound in: masquerade keeps a source port already inside its
# range, so a range that could hold the old port may change nothing.
old_B=$B
in_ns ddN2 nft flush chain ip nat postrouting
in_ns ddN2 nft add rule ip nat postrouting oifname wan meta l4proto udp \
	masquerade to :20000-20999
in_ns ddN2 nft add rule ip nat postrouting oifname wan masquerade
in_ns ddN2 conntrack -D -p udp >/dev/null 2>&1
check "a mapping change gives B a new address" wait_for 20 \
	sh -c "[ -n \"\$(ip -n ddB -6 -o addr show dev tB scope global | grep -v $old_B)\" ]"
sleep 0.5
B=$(gaddr ddB tB)
check_eq "... and only the new one: the old address is gone" 1 "$(taddr_count ddB tB)"
check_output "... which carries the new port" 'mapping 198\.51\.100\.22:20[0-9]{3}' \
	in_ns ddB teredoctl show tB
check_output "... the client logged the change" 'the NAT mapping changed' cat "$W/B.log"
check "... and B is reachable at it" in_ns ddC ping -6 -c 2 -i 0.5 -W 8 "$B"

# ---- server loss and recovery ----
in_ns ddS nft add table ip cut
in_ns ddS nft add chain ip cut in '{ type filter hook input priority 0; }'
in_ns ddS nft add rule ip cut in udp dport 3544 drop
check "server lost: B unqualifies (after 3 unanswered RS)" wait_for 30 \
	sh -c "! ip netns exec ddB teredoctl show tB | grep -q 'state qualified'"
check_eq "... its address is removed" 0 "$(taddr_count ddB tB)"
check_fails "... and its default route" sh -c "ip -n ddB -6 route show default | grep -q tB"
check_fails "... and its Teredo prefix route" sh -c "ip -n ddB -6 route show 2001::/32 | grep -q tB"
check_output "... the client said why" 'the server stopped answering' cat "$W/B.log"
in_ns ddS nft delete table ip cut
check "server back: B qualifies again" wait_for 40 qualified ddB tB
check_eq "... with one address" 1 "$(taddr_count ddB tB)"

# ---- symmetric NAT (RFC 6081): E behind one, F behind a NAT that
# filters by address only ----
ip netns exec ddE teredoctl client tE --server $OSRV --inbound on >"$W/E.log" 2>&1 &
pid_E=$!
ip netns exec ddF teredoctl client tF --server $OSRV --port 3545 --inbound on \
	>"$W/F.log" 2>&1 &
pid_F=$!
check "behind a symmetric NAT the client says so" wait_for 20 \
	grep -q 'symmetric NAT' "$W/E.log"
check "... and qualifies all the same (RFC 6081)" wait_for 20 qualified ddE tE
check "a client behind an address-restricted NAT qualifies" wait_for 20 qualified ddF tF
E=$(gaddr ddE tE)
F=$(gaddr ddF tF)
check "ping6 symmetric NAT -> native host through our relay" \
	in_ns ddE ping -6 -c 3 -i 0.5 -W 8 "$H"
check "... the relay learned E's port for it (symmetric_peers)" \
	test "$(dev_counter ddR tR symmetric_peers)" -gt 0
# E's first bubbles to F die at F's NAT, which has not sent to E yet;
# F's answer to E's indirect bubble dies at E's: the third round works.
check "ping6 symmetric NAT -> address-restricted NAT" \
	wait_for 30 in_ns ddE ping -6 -c 1 -W 2 "$F"
check "... F trusts E at a port other than E's address names" \
	test "$(dev_counter ddF tF symmetric_peers)" -gt 0
tcp_transfer "TCP symmetric NAT -> address-restricted NAT (500 kB, checked)" \
	ddE ddF "$F" 5004
check "ping6 address-restricted NAT -> symmetric NAT" \
	in_ns ddF ping -6 -c 2 -i 0.5 -W 8 "$E"
kill $pid_E $pid_F
wait $pid_E $pid_F 2>/dev/null

# ---- a device in a container, its socket in the host's namespace ----
# ddK2 has no IPv4 at all; its client makes the tunnel's socket in ddK,
# a host behind the NAT ddN9, and Teredo runs over ddK's network.
client_ns ddK 9
netns_new ddK2
check_output "--socket-netns naming no namespace: refused" \
	"namespace nowhere: No such file or directory" \
	in_ns ddK2 timeout 20 teredoctl client tK --server $OSRV --socket-netns nowhere
check_fails "... and the device it made is gone" ip -n ddK2 link show tK
check_output "... an address not of that namespace to bind: refused, named" \
	"cannot bind the UDP socket in namespace ddK: Cannot assign requested address" \
	in_ns ddK2 timeout 20 teredoctl client tK --server $OSRV --socket-netns ddK \
	--bind 10.1.0.2
check_output "... nor of ours, without --socket-netns" \
	"cannot bind the UDP socket: Cannot assign requested address" \
	in_ns ddK2 timeout 20 teredoctl client tK --server $OSRV --bind 10.9.0.2
ip netns exec ddK2 teredoctl client tK --server $OSRV --socket-netns ddK --inbound on \
	>"$W/K.log" 2>&1 &
pid_K=$!
check "a client without IPv4 qualifies through another namespace's socket" \
	wait_for 20 qualified ddK2 tK
K=$(gaddr ddK2 tK)
check_output "... at the mapping of that namespace's NAT" 'mapping 198\.51\.100\.29:' \
	in_ns ddK2 teredoctl show tK
check_output "... the socket is in ddK" 'teredoctl' ip netns exec ddK ss -Huanp
check_eq "... and no UDP socket in the device's namespace" 0 \
	"$(ip netns exec ddK2 ss -Huan | grep -c .)"
check "ping6 from it -> native host through our relay" \
	in_ns ddK2 ping -6 -c 3 -i 0.5 -W 8 "$H"
check "ping6 our client B -> it" in_ns ddB ping -6 -c 2 -i 0.5 -W 8 "$K"
kill $pid_K
wait $pid_K
check_eq "... SIGTERM: it exits 0" 0 $?
check_fails "... and its device is gone" ip -n ddK2 link show tK
ip netns exec ddK2 teredoctl relay tKr --socket-netns ddK >"$W/Kr.log" 2>&1 &
pid_Kr=$!
check "a relay with its socket in another namespace comes up" wait_for 10 \
	sh -c "ip netns exec ddK2 teredoctl show tKr | grep -q 'mode relay state active'"
check_eq "... that socket is ddK's" 1 "$(ip netns exec ddK ss -Huanp | grep -c teredoctl)"
kill $pid_Kr
wait $pid_Kr
check_eq "... and it exits 0 on SIGTERM" 0 $?

# ---- hairpinning (RFC 6081): G and G2 behind one NAT, which does not
# hairpin (Linux's does not), each reachable only at its LAN address ----
ip netns exec ddG teredoctl client tG --server $OSRV --port 3545 --inbound on \
	>"$W/G.log" 2>&1 &
pid_G=$!
ip netns exec ddG2 teredoctl client tG2 --server $OSRV --port 3545 --inbound on \
	>"$W/G2.log" 2>&1 &
pid_G2=$!
check "two clients behind one NAT qualify" wait_for 20 qualified ddG tG
wait_for 20 qualified ddG2 tG2
G=$(gaddr ddG tG)
G2=$(gaddr ddG2 tG2)
check "ping6 between clients behind the same NAT" \
	wait_for 20 in_ns ddG ping -6 -c 1 -W 2 "$G2"
check_output "... G reaches G2 at G2's LAN address" \
	'"mapping":\{"address":"10\.7\.1\.2","port":3545\},"trusted":true' \
	in_ns ddG teredoctl -j peer tG show "$G2"
check_output "... and G2 G at G's" \
	'"mapping":\{"address":"10\.7\.0\.2","port":3545\},"trusted":true' \
	in_ns ddG2 teredoctl -j peer tG2 show "$G"
check "... each counted a hairpin peer" \
	test "$(dev_counter ddG tG hairpin_peers)" -gt 0 -a "$(dev_counter ddG2 tG2 hairpin_peers)" -gt 0
tcp_transfer "TCP between clients behind the same NAT (500 kB, checked)" \
	ddG ddG2 "$G2" 5005
# Hand-made bubbles to G, from G's own address (on its side of the NAT).
hairpin_bubble() {	# hairpin_bubble SRC_NAT_IP SRC_PORT TRAILER_PORT
	in_ns ddG "$SEND" --to 10.7.0.2 --dport 3545 --sport "$2" \
		--src "$(teredo_addr $OSRV "$1" "$2")" --dst "$G" --bubble \
		--trailer "030800000a070002$(printf %04x "$3")"
	sleep 0.3
}
sp=$(dev_counter ddG tG rx_spoofed)
hairpin_bubble 198.51.100.27 7100 7101
check_eq "a bubble from our side of the NAT that its trailer does not list: rx_spoofed" \
	$((sp + 1)) "$(dev_counter ddG tG rx_spoofed)"
hairpin_bubble 198.51.100.99 7100 7100
check_eq "... one listing it, for a peer behind another NAT: rx_spoofed" \
	$((sp + 2)) "$(dev_counter ddG tG rx_spoofed)"
hp=$(dev_counter ddG tG hairpin_peers)
hairpin_bubble 198.51.100.27 7100 7100
check_eq "... listing it, for a peer behind our NAT: a hairpin peer" \
	$((hp + 1)) "$(dev_counter ddG tG hairpin_peers)"
kill $pid_G $pid_G2
wait $pid_G $pid_G2 2>/dev/null

# ---- local discovery (RFC 4380 5.2.8): L1 and L2 on one link behind
# the NAT ddN8, which does not hairpin, announce themselves there ----
netns_new ddN8 ddL1 ddL2 ddL3
wan ddW ddN8 198.51.100.28
ip -n ddN8 link add lan type bridge
ip -n ddN8 link set lan up
addr ddN8 lan 10.8.0.1/24
nat_masquerade ddN8 wan
for i in 1 2 3; do
	ip link add "l$i" netns ddN8 type veth peer name eth0 netns "ddL$i"
	ip -n ddN8 link set "l$i" master lan up
	ip -n "ddL$i" link set eth0 up
	addr "ddL$i" eth0 "10.8.0.$((i + 1))/24"
	ip -n "ddL$i" route add default via 10.8.0.1
	wire "ddL$i" eth0
done
ip netns exec ddL1 teredoctl client tL1 --server $OSRV --port 3545 \
	--local-discovery on >"$W/L1.log" 2>&1 &
pid_L1=$!
cat > "$W/L2.conf" <<EOF
ServerAddress $OSRV
InterfaceName tL2
BindPort 3545
LocalDiscovery yes
DiscoveryInterfaces ^eth0\$
DiscoveryNetmask 255.255.255.0
EOF
ip netns exec ddL2 teredoctl run -c "$W/L2.conf" >"$W/L2.log" 2>&1 &
pid_L2=$!
check "two clients on one link qualify, local discovery on" wait_for 20 qualified ddL1 tL1
wait_for 20 qualified ddL2 tL2
L1=$(gaddr ddL1 tL1)
L2=$(gaddr ddL2 tL2)
check "L1 learns L2 as a trusted local peer at its LAN address" wait_for 10 sh -c \
	"ip netns exec ddL1 teredoctl -j peer tL1 show $L2 | grep -q '\"mapping\":{\"address\":\"10.8.0.3\",\"port\":3545},\"trusted\":true,\"local\":true'"
check "... and L2 L1 at its" wait_for 10 sh -c \
	"ip netns exec ddL2 teredoctl -j peer tL2 show $L1 | grep -q '\"mapping\":{\"address\":\"10.8.0.2\",\"port\":3545},\"trusted\":true,\"local\":true'"
check_output "... the client logs it" "local peer $L2 at 10\\.8\\.0\\.3:3545" cat "$W/L1.log"
check "ping6 between them" in_ns ddL1 ping -6 -c 1 -W 2 "$L2"
check_output "... over the link: L1 sent to L2 there" \
	'mapping 10\.8\.0\.3:3545 trusted local .* packets rx [0-9]+ tx [1-9]' in_ns ddL1 teredoctl peer tL1 show "$L2"
check_eq "... not through the NAT's hairpinning extension" 0 \
	"$(( $(dev_counter ddL1 tL1 hairpin_peers) + $(dev_counter ddL2 tL2 hairpin_peers) ))"
# A local peer outlives peer-expiry (the announcements are minutes apart).
in_ns ddL1 teredoctl dev tL1 set peer-expiry 1
far=$(teredo_addr $OSRV 198.51.100.99 4000)
in_ns ddL1 teredoctl peer tL1 add "$far" mapping 198.51.100.99:4000
check "with peer-expiry 1 s, an ordinary peer expires" wait_for 10 \
	sh -c "! ip netns exec ddL1 teredoctl peer tL1 show $far"
check "... a local peer stays" in_ns ddL1 teredoctl peer tL1 show "$L2"
in_ns ddL1 teredoctl dev tL1 set peer-expiry 30
# Announcements from L2's side of the link that L1 must ignore, then one
# it must take (a made-up peer behind our NAT, from another port).
ig0=$(usr1_count $pid_L1 "$W/L1.log" ignored)
other=$(teredo_addr $OSRV 198.51.100.99 7000)
bogus_data=$(teredo_addr $OSRV 198.51.100.28 7001)
bogus_dst=$(teredo_addr $OSRV 198.51.100.28 7002)
bogus_uni=$(teredo_addr $OSRV 198.51.100.28 7003)
made_up=$(teredo_addr $OSRV 198.51.100.28 7777)
in_ns ddL2 python3 - "$other" "$bogus_data" "$bogus_dst" "$bogus_uni" "$made_up" "$L1" <<'PY'
import ipaddress, socket, sys
a = [ipaddress.IPv6Address(x).packed for x in sys.argv[1:]]
ff02 = ipaddress.IPv6Address("ff02::1").packed
def ann(src, dst=ff02, nh=59, payload=b""):
	return bytes([0x60, 0, 0, 0, 0, len(payload), nh, 255]) + src + dst + payload
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.8.0.3", 7777))
g = ("224.0.0.253", 3544)
s.sendto(ann(a[0]), g)                                   # behind another NAT
s.sendto(ann(a[1], nh=58, payload=bytes(8)), g)          # not a bubble
s.sendto(ann(a[2], dst=a[5]), g)                         # not to ff02::1
s.sendto(ann(a[3]), ("10.8.0.2", 3544))                  # not to the group
s.sendto(ann(a[4]), g)                                   # a good one
PY
check "an announcement from our link, behind our NAT: a local peer at its port" \
	wait_for 10 sh -c "ip netns exec ddL1 teredoctl peer tL1 show $made_up | grep -q 'mapping 10.8.0.3:7777 trusted local'"
for x in "other:a peer behind another NAT" "bogus_data:one that is not a bubble" \
	"bogus_dst:one not to ff02::1" "bogus_uni:one not sent to the group"; do
	var=${x%%:*}
	check_fails "... ignored: ${x#*:}" in_ns ddL1 teredoctl peer tL1 show "${!var}"
done
check "... and counted as ignored (4 more)" \
	wait_for 10 usr1_count_is $pid_L1 "$W/L1.log" ignored $((ig0 + 4))
# L2 takes peers of any NAT in its own /24 (DiscoveryNetmask): a peer
# behind 198.51.100.99, announced from L1's side.
in_ns ddL1 python3 - "$other" <<'PY'
import ipaddress, socket, sys
ann = bytes([0x60, 0, 0, 0, 0, 0, 59, 255]) + ipaddress.IPv6Address(sys.argv[1]).packed \
	+ ipaddress.IPv6Address("ff02::1").packed
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.8.0.2", 7000))
s.sendto(ann, ("224.0.0.253", 3544))
PY
check "DiscoveryNetmask 255.255.255.0: a peer of a neighbouring NAT is taken" \
	wait_for 10 sh -c "ip netns exec ddL2 teredoctl peer tL2 show $other | grep -q 'mapping 10.8.0.2:7000 trusted local'"
# L3, on the same link, announces only on links named wlan*: none.
ip netns exec ddL3 teredoctl client tL3 --server $OSRV --port 3545 \
	--local-discovery on --discovery-interfaces '^wlan' >"$W/L3.log" 2>&1 &
pid_L3=$!
check "a client whose DiscoveryInterfaces match no link qualifies" wait_for 20 qualified ddL3 tL3
check_output "... and says it has no link to announce on" \
	'no private IPv4 link of those named yet' cat "$W/L3.log"
L3=$(gaddr ddL3 tL3)
sleep 1
check_fails "... L1 has not learned it" in_ns ddL1 teredoctl peer tL1 show "$L3"
check_fails "... nor it L1" in_ns ddL3 teredoctl peer tL3 show "$L1"
kill $pid_L3
check_fails "without local discovery, nothing listens on port 3544" \
	sh -c "ip netns exec ddB ss -ulnH 'sport = :3544' | grep -q ."
kill $pid_L1 $pid_L2
wait $pid_L1
check_eq "a client with local discovery exits 0 on SIGTERM" 0 $?

# ---- the cone test: an RS from the cone address is answered from the
# other server address (RFC 4380 5.3.1); from a public host ----
in_ns ddR "$SELFTESTS/tools/send-rs.py" --cone $OSRV > "$W/cone" 2>&1
check_output "our server answers an RS from the cone address from its secondary" \
	'^198\.51\.100\.51 3544 ra$' cat "$W/cone"
# The flag is the top bit of the interface identifier, whatever follows
# (Windows sends fe80::8000:ffff:ffff:fffd).
for src in fe80::8000:ffff:ffff:fffd fe80::8000:0:0:1 fe80::ffff:ffff:ffff:ffff; do
	in_ns ddR "$SELFTESTS/tools/send-rs.py" --src $src $OSRV > "$W/cone" 2>&1
	check_output "... and from $src (cone flag set)" '^198\.51\.100\.51 3544 ra$' cat "$W/cone"
done
for src in fe80::7fff:ffff:ffff:ffff fe80::ffff:ffff:ffff; do
	in_ns ddR "$SELFTESTS/tools/send-rs.py" --src $src $OSRV > "$W/cone" 2>&1
	check_output "an RS from $src (no cone flag) is answered from the primary" \
		'^198\.51\.100\.50 3544 ra$' cat "$W/cone"
done

# ---- --daemon: in the background, with a pid file ----
in_ns ddE teredoctl client tE --server $OSRV --daemon --pidfile "$W/E.pid"
check "--daemon returns at once, the client running with its pid file" \
	wait_for 5 sh -c "kill -0 \$(cat $W/E.pid)"
check "... it sets its device up in the background" wait_for 5 ip -n ddE link show tE
kill "$(cat "$W/E.pid")"
check "... SIGTERM removes the pid file and the device" wait_for 5 \
	sh -c "[ ! -e $W/E.pid ] && ! ip -n ddE link show tE"

# ---- what our server refuses ----
in_ns ddC python3 - $OSRV <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv = (sys.argv[1], 3544)
s.sendto(b"garbage", srv)                                  # malformed
ip6 = bytes([0x60, 0, 0, 0, 0, 8, 58, 255]) + bytes.fromhex("fe80" + "00" * 12 + "0001") \
	+ bytes.fromhex("ff02" + "00" * 13 + "02")
s.sendto(ip6 + bytes([133, 0, 0, 0, 0, 0, 0, 0]), srv)     # RS, bad checksum
spoof = bytes([0x60, 0, 0, 0, 0, 0, 59, 64]) + bytes.fromhex(
	"20010000c63364320000" + "ffff" + "39cc9bfe") + bytes.fromhex("20010db8" + "00" * 11 + "01")
s.sendto(spoof, srv)                                       # spoofed Teredo source
PY
# srv_count NAME: that counter of our server (srv_count_is NAME N: for
# wait_for, srv_count_ge NAME N: N at least).
srv_count() { usr1_count $srv_pid "$W/server.log" "$1"; }
srv_count_is() { usr1_count_is $srv_pid "$W/server.log" "$@"; }
srv_count_ge() { usr1_count_ge $srv_pid "$W/server.log" "$@"; }
check "our server counted the malformed datagram" wait_for 10 srv_count_ge drop_malformed 1
check "... the RS with a bad checksum" wait_for 10 srv_count_ge drop_bad_rs 1
check "... the spoofed Teredo source" wait_for 10 srv_count_ge drop_spoofed_source 1

# ---- RFC 6081 trailers through our server ----
# bubble_via_server DST [TRAILER_HEX]: a bubble from a native host (ddR)
# to Teredo address DST, through our server, trailers after it.
bubble_via_server() {
	in_ns ddR python3 - $OSRV "$1" "${2:-}" <<'PY'
import ipaddress, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(bytes([0x60, 0, 0, 0, 0, 0, 59, 64]) + ipaddress.IPv6Address("2001:db8:1::99").packed
	+ ipaddress.IPv6Address(sys.argv[2]).packed + bytes.fromhex(sys.argv[3]),
	(sys.argv[1], 3544))
PY
}
# For B: one with a nonce trailer (6 bytes), one with 257 bytes of
# trailer, more than the server passes on.
B=$(gaddr ddB tB)
fw0=$(srv_count forwarded_to_client)
na0=$(srv_count drop_not_allowed)
bubble_via_server "$B" 0104deadbeef
bubble_via_server "$B" "7fff$(printf '00%.0s' $(seq 1 255))"
check "our server passes a bubble with a trailer on to its client" \
	wait_for 10 srv_count_is forwarded_to_client $((fw0 + 1))
check "... and refuses one with more trailer than it passes on" \
	wait_for 10 srv_count_is drop_not_allowed $((na0 + 1))
# A client of ours whose address says 127.0.0.1:3544: not forwarded
# (it would go to the server's own loopback).
na0=$(srv_count drop_not_allowed)
bubble_via_server "$(teredo_addr $OSRV 127.0.0.1 3544)"
check "our server forwards nothing to a client mapped to its loopback" \
	wait_for 10 srv_count_is drop_not_allowed $((na0 + 1))

# diag: on failure, what the Internet saw and the relays' state.
kill $cap_pid
sleep 0.5
# Origin indication (8), the bubble (40) and its nonce trailer (6).
check_output "... the trailer with it" '^1$' sh -c \
	"tshark -r '$W/wan.pcap' -Y 'ip.src==$OSRV && udp.srcport==3544 && udp.length==62' 2>/dev/null | wc -l"
# G's indirect bubbles for G2 (behind the same NAT), on their way to our
# server: with G's alternate address trailer (UDP 8 + 40 + 10 bytes),
# and the same without it, for servers that refuse trailers (8 + 40).
for len in 58 48; do
	check_output "hairpinning: G's indirect bubble of $len bytes went to the server" \
		'^[1-9]' sh -c "tshark -r '$W/wan.pcap' -Y 'ip.src==198.51.100.27 && ip.dst==$OSRV && udp.dstport==3544 && udp.length==$len' 2>/dev/null | wc -l"
done
if [ "$_tap_fail" != 0 ]; then
	for f in "198.51.100.31" "198.51.100.24"; do
		echo "# == WAN traffic of $f"
		tshark -r "$W/wan.pcap" -d udp.port==3544,teredo -Y "ip.addr==$f" 2>/dev/null |
			grep -v Router | head -40 | sed 's/^/# /'
	done
	for ns in ddQ ddR ddA ddB ddM2; do
		echo "# == $ns"
		{ ip -n $ns -6 route; ip -n $ns -br addr; in_ns $ns teredoctl -s show; } 2>&1 | sed 's/^/# /'
	done
	for f in "$W"/*.log; do echo "# == $f"; tail -15 "$f" | sed 's/^/# /'; done
fi

# ---- clean stop ----
kill $pid_A
wait $pid_A
check_eq "SIGTERM: the client exits 0" 0 $?
check_fails "... the device it created is gone" ip -n ddA link show tA
kill $pid_B
wait $pid_B
check "... a device it did not create stays" ip -n ddB link show tB
check_output "... unconfigured: no socket, not qualified" 'state unconfigured' \
	in_ns ddB teredoctl show tB
check_eq "... without a global address" 0 "$(taddr_count ddB tB)"
kill $relay_pid
wait $relay_pid
check_eq "the relay exits 0 on SIGTERM" 0 $?
check_fails "... and its device is gone" ip -n ddR link show tR
kill $srv_pid $pid_C
wait $srv_pid
check_eq "the server exits 0 on SIGTERM" 0 $?
pkill -x miredo
pkill -x miredo-server
sleep 0.5
tap_done
