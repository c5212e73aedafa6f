#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# RFC 6081's port-preserving and sequential port-symmetric NATs, both
# halves. The peer's: a client behind such a NAT (predicting-client.py,
# which does what RFC 6081 5.4 and 5.5 ask of one) names in a random
# port trailer the port its NAT gives it for us; our client, behind a
# port-restricted NAT, answers its indirect bubble at that port too, and
# the two exchange an echo. Without the trailer our answer goes to the
# origin alone, which a symmetric NAT lets nothing in at. The predicting
# client's: ours, behind each NAT, finds out which it is, predicts its
# port per peer from a socket of its own for that peer, and so reaches
# our client behind the port-restricted NAT, and, behind the
# port-preserving one, ours behind another port-preserving NAT; without
# the prediction it does not. A prediction no peer answers is counted
# as missed. Both NAT behaviours are nftables (lib.sh nat_client), each
# checked first.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
tap_start
SRV=198.51.100.50	# teredoctl server (and .51)
PREDICT=$SELFTESTS/tools/predicting-client.py
workdir prediction

modprobe teredo

internet pW
netns_new pS
wan pW pS $SRV 198.51.100.51
nat_client pW pB pNB 2			# our client: port-restricted
nat_client pW pQ pNQ 1 sequential	# ... a sequential port-symmetric NAT
nat_client pW pP pNP 3 port-preserving	# ... a port-preserving symmetric NAT

printf 'ServerBindAddress %s\nServerBindAddress2 198.51.100.51\n' $SRV > "$W/server.conf"
ip netns exec pS teredoctl run -c "$W/server.conf" >"$W/server.log" 2>&1 &
srv=$!
ip netns exec pB teredoctl client tB --server $SRV --inbound on >"$W/B.log" 2>&1 &
pid_B=$!
check "our client qualifies behind a port-restricted NAT" wait_for 20 qualified pB tB
B=$(gaddr pB tB)

# predict NS KIND [--no-trailer]: the simulated client's run, in $W/NS.out.
predict() {
	local ns=$1 kind=$2
	shift 2
	in_ns "$ns" "$PREDICT" --server $SRV --server2 198.51.100.51 \
		--peer "$B" "--$kind" "$@" > "$W/$ns.out" 2>&1
}
# A UDP socket's mappings at the server's two addresses, from pQ/pP.
mappings() {
	in_ns "$1" python3 -c '
import os, socket, sys
sys.path.insert(0, sys.argv[1])
import testnet
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 0))
s.settimeout(3)
out = [str(s.getsockname()[1])]
for srv in sys.argv[2:]:
    n = os.urandom(8)
    s.sendto(testnet.router_solicitation(n), (srv, 3544))
    while True:
        d, a = s.recvfrom(2048)
        m = testnet.ra_mapping(d, n)
        if m:
            out.append(str(m[1]))
            break
print(" ".join(out))
' "$SELFTESTS/tools" $SRV 198.51.100.51
}

# ---- the NATs behave as their kinds say ----
read -r lport p1 p2 <<< "$(mappings pQ)"
check_eq "the sequential NAT maps the server's second address at the next port" \
	$((p1 + 1)) "$p2"
read -r lport p1 p2 <<< "$(mappings pP)"
check_eq "the port-preserving NAT keeps a port the first time" "$lport" "$p1"
check "... and maps it elsewhere for the next destination (symmetric)" \
	test "$p2" != "$lport"

# ---- sequential: the echo test's prediction ----
predict pQ sequential
check_output "behind the sequential NAT the client finds itself symmetric" \
	'^symmetric$' cat "$W/pQ.out"
check_output "... our client answers at the port its echo test predicts, echoing its nonce" \
	'^bubble from .* nonce echoed$' cat "$W/pQ.out"
check_output "... and they exchange an echo through it" '^echo reply$' cat "$W/pQ.out"
port=$(sed -n 's/^prediction //p' "$W/pQ.out")
check_output "... our client trusts it at that port" \
	"mapping 198.51.100.21:$port trusted" in_ns pB teredoctl peer tB show \
	"$(sed -n 's/^address //p' "$W/pQ.out")"
in_ns pB teredoctl peer tB flush
predict pQ sequential --no-trailer
check_output "without the trailer our answer goes to the origin alone: nothing gets in" \
	'^no bubble$' cat "$W/pQ.out"

# ---- port-preserving: the random socket's own port ----
predict pP port-preserving
check_output "behind the port-preserving NAT the client finds itself symmetric" \
	'^symmetric$' cat "$W/pP.out"
check_output "... our client answers at its random socket's port, echoing its nonce" \
	'^bubble from .* nonce echoed$' cat "$W/pP.out"
check_output "... and they exchange an echo through it" '^echo reply$' cat "$W/pP.out"
in_ns pB teredoctl peer tB flush
predict pP port-preserving --no-trailer
check_output "without the trailer: nothing gets in" '^no bubble$' cat "$W/pP.out"

# ---- our client predicts ----
nat_client pW pR pNR 4 port-preserving	# a second port-preserving NAT
in_ns pB teredoctl peer tB flush
ip netns exec pQ teredoctl client tQ --server $SRV >"$W/Q.log" 2>&1 &
pid_Q=$!
ip netns exec pP teredoctl client tP --server $SRV >"$W/P.log" 2>&1 &
pid_P=$!
ip netns exec pR teredoctl client tR --server $SRV --inbound on >"$W/R.log" 2>&1 &
pid_R=$!
for n in Q P R; do
	check "our client qualifies behind NAT p$n" wait_for 20 qualified "p$n" "t$n"
done
R=$(gaddr pR tR)
check_output "behind the sequential NAT it predicts by echo tests" \
	'"prediction":"sequential"' in_ns pQ teredoctl -j show tQ
check_output "... and says so" 'taken for sequential' cat "$W/Q.log"
check_output "behind the port-preserving NAT it predicts from a socket per peer" \
	'"prediction":"port-preserving"' in_ns pP teredoctl -j show tP
check_output "... behind a port-restricted NAT not at all" \
	'"prediction":"none"' in_ns pB teredoctl -j show tB

reaches() { in_ns "$1" ping -6 -c 1 -W 2 "$2" >/dev/null 2>&1; }
in_ns pQ teredoctl dev tQ set prediction none
check_fails "without prediction, the sequential NAT's client cannot reach the port-restricted one" \
	wait_for 8 reaches pQ "$B"
in_ns pQ teredoctl peer tQ flush
in_ns pB teredoctl peer tB flush
in_ns pQ teredoctl dev tQ set prediction sequential
# A Teredo address nobody has: its prediction is never answered.
nobody=$(teredo_addr $SRV 198.51.100.29 40000)
in_ns pQ ping -6 -c 1 -W 1 "$nobody" >/dev/null 2>&1
check "with its echo test's prediction, it reaches the port-restricted NAT's client" \
	wait_for 20 reaches pQ "$B"
check "... a port predicted and offered" dev_counter_ge pQ tQ predictions 1
check "... and the peer in at it" dev_counter_ge pQ tQ prediction_hits 1
check_output "... the peer trusts it at the predicted port, on the NAT's sequence" \
	"mapping 198.51.100.21:4[0-9]{4} trusted" in_ns pB teredoctl peer tB show "$(gaddr pQ tQ)"

check "the port-preserving NAT's client reaches the port-restricted one" \
	wait_for 20 reaches pP "$B"
check "... through a predicted port" dev_counter_ge pP tP prediction_hits 1
check "... and another port-preserving NAT's client, both predicting" \
	wait_for 20 reaches pP "$R"
check "... each in at the other's predicted port" dev_counter_ge pP tP prediction_hits 2
check "... (the other side)" dev_counter_ge pR tR prediction_hits 1
check "... and the echo stream keeps flowing" \
	in_ns pP ping -6 -c 3 -i 0.3 -W 2 "$R"
in_ns pP teredoctl dev tP set prediction none
check_fails "without prediction the two cannot" wait_for 8 reaches pP "$R"

# The peers' own sockets are the kernel's: no process holds them.
peer_socks_are() { [ "$(in_ns pR ss -uanpH | grep -vc 'users:')" = "$1" ]; }
in_ns pR teredoctl peer tR flush
check "a peer gone, its own socket closes" wait_for 15 peer_socks_are 0
# 100 strangers, each in an indirect bubble "from our server" naming a
# random port, ask tR (inbound open) for a socket each: 64 at most.
misses_before=$(dev_counter pR tR prediction_misses)
rport=$(json_get "$(in_ns pR teredoctl -j show tR)" 'd[0]["mapping"]["port"]')
in_ns pS "$SELFTESTS/tools/teredo-send.py" --to 198.51.100.24 --dport "$rport" \
	--sport 3544 --from-server --server $SRV --bubble --senders 100 \
	--src "$(teredo_addr $SRV 198.51.100.30 20000)" --dst "$R" \
	--origin 198.51.100.30:20000 --trailer 0502abcd
check "100 strangers' random ports: 64 sockets made, no more" \
	wait_for 10 peer_socks_are 64
check_eq "... the other 36 counted as missed at once" 36 \
	$(($(dev_counter pR tR prediction_misses) - misses_before))

check "a prediction nobody answers is given up and counted as missed" \
	wait_for 25 dev_counter_ge pQ tQ prediction_misses 1
check "... the strangers' sockets closed after 10 s" \
	wait_for 25 peer_socks_are 0

kill $pid_B $pid_Q $pid_P $pid_R $srv
tap_done
