#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# RFC 6081's port-preserving and sequential port-symmetric NATs, the
# peer's half: a client behind such a NAT (predicting-client.py, which
# does what RFC 6081 5.4 and 5.5 ask of one) names in a random port
# trailer the port its NAT gives it for us; our client, behind a
# port-restricted NAT, answers its indirect bubble at that port too, and
# the two exchange an echo. Without the trailer our answer goes to the
# origin alone, which a symmetric NAT lets nothing in at. Both NAT
# behaviours are nftables (lib.sh nat_client), each checked first.
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

kill $pid_B $srv
tap_done
