#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# RFC 6081 Server Load Reduction. Our client A streams datagrams one way
# to our client B (both behind NATs, both clients of our server, whose
# kernel forwards bubbles and counts them), with a 4 s peer expiry. With
# the extension off, A's peer for B expires every 4 s and each time A
# asks again through the server; on, A asks B itself by a direct bubble
# with a discovery solicitation, B answers directly, and the server sees
# only the first contact. The same for our relay streaming from a native
# host to A. Against Miredo's client, which does not answer them, the
# stream goes on the RFC 4380 way. A solicitation from a peer
# the device does not have, or from a forged source, gets no answer.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
tap_start
SEND=$SELFTESTS/tools/teredo-send.py
SRV=198.51.100.80	# teredoctl server (and .81)
SOLICIT=040400000000	# the neighbor discovery trailer, a solicitation
workdir load-reduction

need_miredo "server load reduction"
modprobe teredo
modprobe tun

internet lW
netns_new lS
wan lW lS $SRV 198.51.100.81
nat_client lW lA lNA 1		# our client, the sender
nat_client lW lB lNB 2		# our client, the receiver
nat_client lW lM lNM 3		# Miredo's client, a receiver
# Native IPv6: lH, behind our relay lR; the server routes A's
# connectivity test there too.
netns_new lR lH
wan lW lR 198.51.100.30
n=1
for ns in lR lS; do
	veth "$ns" v6 lH "h$n"
	addr "$ns" v6 "2001:db8:$n::1/64"
	addr lH "h$n" "2001:db8:$n::2/64"
	wire lH "h$n"
	n=$((n + 1))
done
forwarding lR
forwarding lH
ip -n lS -6 route add default via 2001:db8:2::2
ip -n lH -6 route add 2001::/32 via 2001:db8:1::1
H=2001:db8:1::2
ip netns exec lR teredoctl relay tR --port 3545 >"$W/relay.log" 2>&1 &

ip netns exec lS teredoctl server ts --primary $SRV >"$W/server.log" 2>&1 &
wait_for 10 grep -q "server on $SRV" "$W/server.log"
ip netns exec lA teredoctl client tA --server $SRV --port 3545 --load-reduction off \
	>"$W/A.log" 2>&1 &
ip netns exec lB teredoctl client tB --server $SRV --inbound on >"$W/B.log" 2>&1 &
printf 'InterfaceName teredo\nServerAddress %s\n' $SRV > "$W/m.conf"
ip netns exec lM miredo -f -u nobody -p "$W/m.pid" -c "$W/m.conf" >"$W/m.log" 2>&1 &
check "our client A qualifies with our server" wait_for 20 qualified lA tA
check "... and B" wait_for 20 qualified lB tB
check "Miredo's client qualifies with our server" wait_for 20 \
	sh -c "ip -n lM -6 -o addr show dev teredo scope global | grep -q 2001:0:c633:6450:"
check_output "client --load-reduction off reaches the device" \
	'^    server load reduction off$' in_ns lA teredoctl show tA
A=$(gaddr lA tA)
B=$(gaddr lB tB)
M=$(ip -n lM -6 -o addr show dev teredo scope global | awk '{print $4}' | cut -d/ -f1)
for d in "lA tA" "lB tB" "lR tR"; do
	# shellcheck disable=SC2086
	in_ns ${d% *} teredoctl dev ${d#* } set peer-expiry 4
done

# stream TO ADDR NAME [FROM]: 48 datagrams from FROM (lA) to ADDR port
# 9000, 0.25 s apart (12 s, three peer expiries), received in namespace
# TO; prints how many arrived.
stream() {
	ip netns exec "$1" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 9000))
s.settimeout(20)
n = 0
try:
    while n < 48:
        s.recv(2048)
        n += 1
        s.settimeout(5)
except socket.timeout:
    pass
print(n)' "$2" >"$W/$3.count" 2>&1 &
	local sink=$!
	sleep 1
	in_ns "${4:-lA}" python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
for i in range(48):
    s.sendto(b"x" * 100, (sys.argv[1], 9000))
    time.sleep(0.25)' "$2"
	wait $sink
	cat "$W/$3.count"
}
fwd() { dev_counter lS ts server_forwarded; }
# fresh: both clients forget their peers (the next contact is a first).
fresh() {
	in_ns lA teredoctl peer tA flush
	in_ns lB teredoctl peer tB flush
}

# ---- off: each expiry costs the server an indirect bubble ----
in_ns lA teredoctl dev tA set load-reduction off
in_ns lB teredoctl dev tB set load-reduction off
fresh
f0=$(fwd)
e0=$(dev_counter lA tA peers_expired)
check_eq "off: all 48 datagrams reach B" 48 "$(stream lB "$B" off)"
off=$(($(fwd) - f0))
# Once the flow stops, A's peer for B expires too: on the way, it did at
# least once more.
check "... A's peer for B expired on the way" \
	test "$(dev_counter lA tA peers_expired)" -ge $((e0 + 2))
check "... and the server forwarded an indirect bubble each time, and the first" \
	test "$off" -ge 2
check_eq "... A asked B nothing directly" 0 "$(dev_counter lA tA refreshes_sent)"

# ---- on: B answers A's solicitations, the server sees the first contact ----
in_ns lA teredoctl dev tA set load-reduction on
in_ns lB teredoctl dev tB set load-reduction on
fresh
ip netns exec lW dumpcap -q -i br0 -f udp -w "$W/wan.pcap" >/dev/null 2>&1 &
cap=$!
sleep 1
f0=$(fwd)
e0=$(dev_counter lA tA peers_expired)
check_eq "on: all 48 datagrams reach B" 48 "$(stream lB "$B" on)"
on=$(($(fwd) - f0))
check_eq "... the server forwarded one bubble, for the first contact" 1 "$on"
echo "# indirect bubbles through the server for 12 s of one-way flow: off $off, on $on"
check "... fewer than with the extension off" test "$on" -lt "$off"
check "... A's peer for B did not expire on the way (once the flow stopped at most)" \
	test "$(dev_counter lA tA peers_expired)" -le $((e0 + 1))
check "... A sent solicitations" test "$(dev_counter lA tA refreshes_sent)" -ge 2
check_eq "... B answered each" "$(dev_counter lA tA refreshes_sent)" \
	"$(dev_counter lB tB refreshes_answered)"
kill $cap
wait $cap 2>/dev/null
# A's NAT to B's: UDP 8 + IPv6 40 + the trailer 6, ending type 4, length
# 4, a solicitation (0).
check_output "... on the wire: bubbles from A's NAT to B's with the solicitation trailer" \
	'^[1-9]' sh -c "tshark -r '$W/wan.pcap' -Y 'ip.src==198.51.100.21 && \
		ip.dst==198.51.100.22 && udp.length==54 && frame[-6:3]==04:04:00' \
		2>/dev/null | wc -l"

# ---- the relay's side: native host H streams to A through lR ----
# A's peer for H is the relay its test found, and A lets H's datagrams
# in only while it has that peer: A keeps it 30 s, so that it outlives
# the start of the stream however slow; the relay keeps A 4 s. A tests
# again before each stream all the same.
in_ns lA teredoctl dev tA set peer-expiry 30
declare -A relay
for lr in off on; do
	in_ns lR teredoctl dev tR set load-reduction $lr
	check "$lr: A reaches H through our relay (its connectivity test)" \
		in_ns lA ping -6 -c 2 -i 0.5 -W 8 $H
	# The stream is the relay's first contact with A, however long it
	# takes to start.
	in_ns lR teredoctl peer tR flush
	r0=$(dev_counter lR tR refreshes_sent)
	f0=$(fwd)
	check_eq "relay, $lr: all 48 datagrams from H reach A" 48 \
		"$(stream lA "$A" relay-$lr lH)"
	relay[$lr]=$(($(fwd) - f0))
	if [ $lr = off ]; then
		check "... the relay asked A through the server again" \
			test "${relay[off]}" -ge 2
	else
		check_eq "... the server forwarded one bubble, for the first contact" \
			1 "${relay[on]}"
		check "... the relay asked A directly" \
			test "$(dev_counter lR tR refreshes_sent)" -ge $((r0 + 2))
	fi
done
echo "# relay: indirect bubbles through the server, off ${relay[off]}, on ${relay[on]}"
in_ns lA teredoctl dev tA set peer-expiry 4

# ---- Miredo does not answer: the RFC 4380 way goes on ----
r0=$(dev_counter lA tA refreshes_sent)
e0=$(dev_counter lA tA peers_expired)
f0=$(fwd)
check_eq "on, to Miredo's client: all 48 datagrams arrive" 48 "$(stream lM "$M" miredo)"
check "... A asked it directly" test "$(dev_counter lA tA refreshes_sent)" -gt "$r0"
check "... got no answer, so its peer expired" \
	test "$(dev_counter lA tA peers_expired)" -gt "$e0"
check "... and A asked through the server again" test $(($(fwd) - f0)) -ge 2

# ---- solicitations that get no answer ----
ans=$(dev_counter lA tA refreshes_answered)
stranger=$(teredo_addr $SRV 10.1.0.2 40000)
in_ns lA "$SEND" --to 10.1.0.2 --dport 3545 --sport 40000 --src "$stranger" \
	--dst "$A" --bubble --trailer $SOLICIT
check "a solicitation from a peer A does not have: received" \
	wait_for 5 dev_counter_ge lA tA bubbles_received 1
check_eq "... not answered" "$ans" "$(dev_counter lA tA refreshes_answered)"
sp=$(dev_counter lA tA rx_spoofed)
in_ns lA "$SEND" --to 10.1.0.2 --dport 3545 --sport 40001 --src "$B" \
	--dst "$A" --bubble --trailer $SOLICIT
check "one naming B from elsewhere: dropped as spoofed" \
	wait_for 5 dev_counter_is lA tA rx_spoofed $((sp + 1))
check_eq "... not answered" "$ans" "$(dev_counter lA tA refreshes_answered)"

kill "$(cat "$W/m.pid")" 2>/dev/null
pkill -f "teredoctl (client|server|relay) t[ABRs]"
tap_done
