#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A relay and server farm on BGP anycast (issue 30), with BIRD 2 in every
# router: three kteredo relays announce 2001::/32 and two kteredo servers
# their two anycast addresses to one border router (tools/examples/bird2,
# as shipped but for the router id), which spreads the flows by ECMP.
# Twenty kernel clients behind NATs ping a native host and keep a TCP
# stream to it open; the host calls three more, which never sent
# anything, through relays that never saw them. One relay fails three
# ways (teredoctl relay SIGKILLed, its device deleted, its link cut),
# and one server dies:
# the clients' traffic moves, each client's outage is measured, no client
# qualifies again, and every TCP stream ends intact. Then the same for
# 6to4: two stf relays announce 192.88.99.0/24 and 2002::/16, one's
# device goes, and ten 6to4 hosts carry on through the other.
#
# The border router hashes on addresses only (ECMP policy 3, source and
# destination): a client takes a native host's packets only from the
# relay its connectivity test found (RFC 4380 5.2.3), so all the flows
# between one client and one host must take one relay.
#
# FARM_OUTAGES=FILE: each failure's outages, one line "WHAT: S S ...",
# for make bench's report.
# timeout: 1800
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
tap_start
workdir farm
N=${FARM_CLIENTS:-20}	# clients 10 .. 10+N-1
SRV=203.0.113.70	# the servers' anycast addresses (and .71)
H=2001:db8:1::2		# the native host
REFRESH=4		# the clients' refresh interval, s
MAX_OUTAGE=${FARM_MAX_OUTAGE:-10}	# s, per client and failure

if ! command -v bird >/dev/null || ! command -v birdc >/dev/null; then
	skip "a relay and server farm" "BIRD 2 (bird2) is not installed"
	tap_done
fi
modprobe teredo
clients=$(seq -s ' ' 10 $((9 + N)))
declare -A pid	# r1..r3 relays, s1 s2 servers, cK clients, tK TCP streams

# fW is the Internet and the border router at once: its bridge carries
# IPv4 between NATs, relays and servers, and IPv6 between the router,
# the relays and the servers; the native host fH hangs off it.
internet fW
addr fW br0 198.51.100.1/24
addr fW br0 2001:db8:ff::1/64
forwarding fW
in_ns fW sysctl -qw net.ipv4.conf.all.send_redirects=0 \
	net.ipv4.conf.br0.send_redirects=0 \
	net.ipv6.fib_multipath_hash_policy=3 \
	net.ipv6.fib_multipath_hash_fields=0x3
netns_new fH
veth fW hh fH hw
addr fW hh 2001:db8:1::1/64
addr fH hw $H/64
ip -n fH -6 route add default via 2001:db8:1::1

# net NS N: NS on the bridge, 198.51.100.N and 2001:db8:ff::N, routed
# through the border router (again after its link came back).
net() {
	ip -n "$1" addr replace "198.51.100.$2/24" dev wan
	ip -n "$1" -6 addr replace "2001:db8:ff::$2/64" dev wan nodad
	ip -n "$1" route replace default via 198.51.100.1
	ip -n "$1" -6 route replace default via 2001:db8:ff::1
}
for i in 1 2 3; do
	netns_new "fX$i"
	wan fW "fX$i"
	net "fX$i" "8$i"
	forwarding "fX$i"
	sed "s/^router id .*/router id 192.0.2.1$i;/" \
		"$REPO/tools/examples/bird2/relay.conf" > "$W/relay$i.conf"
done
for i in 1 2; do
	netns_new "fS$i"
	wan fW "fS$i"
	net "fS$i" "7$i"
	addr "fS$i" lo $SRV/32
	addr "fS$i" lo 203.0.113.71/32
	sed "s/^router id .*/router id 192.0.2.2$i;/" \
		"$REPO/tools/examples/bird2/server.conf" > "$W/server$i.conf"
done
callees="6 7 8"	# clients that never send: the host calls them
for k in $clients $callees; do
	nat_client fW "fC$k" "fN$k" "$k"
	ip -n "fN$k" route add default via 198.51.100.1
done

cat > "$W/border.conf" <<EOF
router id 192.0.2.1;
protocol device { }
protocol kernel { ipv6 { export all; }; merge paths on; }
protocol kernel { ipv4 { export all; }; merge paths on; }
template bgp farm {
	local as 65000;
	hold time 3;
	keepalive time 1;
	connect retry time 1;
	error wait time 1, 30;
}
protocol bgp relay1 from farm {
	neighbor 2001:db8:ff::81 as 65001; ipv6 { import all; export none; };
}
protocol bgp relay2 from farm {
	neighbor 2001:db8:ff::82 as 65001; ipv6 { import all; export none; };
}
protocol bgp relay3 from farm {
	neighbor 2001:db8:ff::83 as 65001; ipv6 { import all; export none; };
}
protocol bgp server1 from farm {
	neighbor 198.51.100.71 as 65002; ipv4 { import all; export none; };
}
protocol bgp server2 from farm {
	neighbor 198.51.100.72 as 65002; ipv4 { import all; export none; };
}
protocol bgp sixtofour1_4 from farm {
	neighbor 198.51.100.91 as 65003; ipv4 { import all; export none; };
}
protocol bgp sixtofour2_4 from farm {
	neighbor 198.51.100.92 as 65003; ipv4 { import all; export none; };
}
protocol bgp sixtofour1_6 from farm {
	neighbor 2001:db8:ff::91 as 65003; ipv6 { import all; export none; };
}
protocol bgp sixtofour2_6 from farm {
	neighbor 2001:db8:ff::92 as 65003; ipv6 { import all; export none; };
}
EOF
for f in relay server 6to4-relay; do
	check "the shipped $f config parses" ip netns exec fW bird -p \
		-c "$REPO/tools/examples/bird2/$f.conf"
done
bird_in() {	# bird_in NS NAME: BIRD with $W/NAME.conf, logging to NAME.bird.log
	sed -i "1i log \"$W/$2.bird.log\" all;" "$W/$2.conf"
	ip netns exec "$1" bird -c "$W/$2.conf" -s "$W/$2.ctl" -P "$W/$2.pid" \
		>>"$W/bird.log" 2>&1
}
bird_in fW border
for i in 1 2 3; do bird_in "fX$i" "relay$i"; done
for i in 1 2; do bird_in "fS$i" "server$i"; done

mac() { ip -n "$1" -br link show "$2" | awk '{print $3}'; }	# mac NS IF
# The border router's next hops for a prefix.
hops() { ip -n fW "$1" route show "$2" | grep -c "via $3"; }
relays_up() { [ "$(hops -6 2001::/32 2001:db8:ff::8)" = "$1" ]; }
servers_up() { [ "$(hops -4 $SRV 198.51.100.7)" = "$1" ]; }
start_relay() {	# start_relay I
	ip netns exec "fX$1" teredoctl relay teredo --port 3544 >>"$W/relay$1.log" 2>&1 &
	pid[r$1]=$!
}
start_server() {
	ip netns exec "fS$1" teredoctl server teredo --primary $SRV \
		--secondary 203.0.113.71 >>"$W/server$1.log" 2>&1 &
	pid[s$1]=$!
}
for i in 1 2 3; do start_relay "$i"; done
for i in 1 2; do start_server "$i"; done
check "the border router spreads 2001::/32 over the three relays" wait_for 30 relays_up 3
check "... and the servers' anycast address over the two servers" wait_for 30 servers_up 2

for k in $clients; do
	ip netns exec "fC$k" teredoctl client tC --server $SRV \
		--refresh $REFRESH >"$W/client$k.log" 2>&1 &
	pid[c$k]=$!
done
for k in $callees; do
	ip netns exec "fC$k" teredoctl client tC --server $SRV \
		--refresh $REFRESH --inbound on >"$W/client$k.log" 2>&1 &
	pid[c$k]=$!
done
all_qualified() {
	local k
	for k in $clients; do qualified "fC$k" tC || return 1; done
}
echo "# the farm built in $SECONDS s"
check "$N clients behind NATs qualify through the anycast servers" wait_for 60 all_qualified
echo "# ... qualified at $SECONDS s"
for k in $clients; do gaddr "fC$k" tC > "$W/addr$k"; done

# Every client pings the host five times a second throughout.
for k in $clients; do
	ip netns exec "fC$k" stdbuf -oL ping -6 -D -i 0.2 -W 1 $H >"$W/ping$k.log" 2>&1 &
done
# replying K: the host's replies reach client K again: one within 3 s
# before the check began (a process takes up to a second to start in a
# busy guest: the time is taken first).
replying() {
	local now last
	now=$(date +%s.%N)
	last=$(tail -n 5 "$W/ping$1.log" |
		sed -n 's/^\[\([0-9.]*\)\] [0-9]* bytes from.*/\1/p' | tail -n 1)
	[ -n "$last" ] && awk -v a="$last" -v b="$now" 'BEGIN { exit !(b - a < 3) }'
}
# all_replying [SINCE]: every client is, by a reply later than SINCE
# (epoch seconds) too. After a failure the replies of the 3 s before it
# pass for a while: a check there must name the failure's time. One awk:
# a process costs up to a second to start in a busy guest, and there are
# twenty logs.
all_replying() {
	local now k logs=()
	now=$(date +%s.%N)
	for k in $clients; do logs+=("$W/ping$k.log"); done
	awk -v now="$now" -v since="${1:-0}" -F'[][]' '
		function fresh() { return now - last < 3 && last > since }
		FNR == 1 && NR > 1 && !fresh() { bad = 1 }
		FNR == 1 { last = 0 }
		/ bytes from / { last = $2 }
		END { exit bad || !fresh() }' "${logs[@]}"
}
# after T: a second after epoch time T, when nothing sent before T is
# still on its way.
after() { awk -v t="$1" 'BEGIN { printf "%.3f", t + 1 }'; }
# diagnose: for each client not replying, what it knows of the host and
# what it counted; what each relay counted.
diagnose() {
	local k i
	for k in $clients; do
		replying "$k" && continue
		echo "# client $k at $(date +%s.%N): $(tail -n 2 "$W/ping$k.log" | tr '\n' ' ')"
		echo "# client $k: $(in_ns "fC$k" teredoctl peer tC show $H 2>&1)"
		in_ns "fC$k" teredoctl -s show tC | grep -E 'events|drops' | sed 's/^ */#   /'
	done
	for i in 1 2 3; do
		in_ns "fX$i" teredoctl -s show teredo 2>&1 | grep -E 'events|drops' |
			sed "s/^ */#   relay $i: /"
	done
}
check "every client reaches the native host" wait_for 60 all_replying || diagnose

# relay_of K: which relay (1, 2 or 3) client K's host is trusted behind.
relay_of() {
	in_ns "fC$1" teredoctl peer tC show $H 2>/dev/null |
		sed -n 's/.*mapping 198\.51\.100\.8\([123]\):3544 trusted.*/\1/p'
}
# on_relay I: the clients whose host is behind relay I now.
on_relay() {
	local k
	for k in $clients; do echo "$k $(relay_of "$k")"; done > "$W/via"
	sed -n "s/ $1\$//p" "$W/via"
}
on_relay 1 >/dev/null
echo "# clients per relay (count relay): $(cut -d' ' -f2 "$W/via" | sort | uniq -c | tr -s ' \n' ' ')"
# Two clients of each relay send the host a TCP stream that stays open
# through every failure below.
streams=$(for i in 1 2 3; do sed -n "s/ $i\$//p" "$W/via" | head -n 2; done)
for k in $streams; do
	ip netns exec fH "$SELFTESTS/tools/tcp-check.py" server $H $((5000 + k)) \
		>/dev/null 2>&1 &
	ip netns exec "fC$k" "$SELFTESTS/tools/tcp-check.py" client $H $((5000 + k)) \
		360000 3600 >"$W/tcp$k.log" 2>&1 &
	pid[t$k]=$!
done
# share_diag I: why relay I carried nothing: the border's route and what
# its BGP session with the relay went through (one CI run of 2026-12-06
# had relay 2 carry no client at all, the route with all three hops).
share_diag() {
	echo "# border: $(ip -n fW -6 route show 2001::/32 | tr -s ' \n' ' ')"
	grep -E "relay$1: " "$W/border.bird.log" |
		grep -iE 'state|error|down|established|hold|closed' | tail -n 20 | sed 's/^/# /'
}
for i in 1 2 3; do
	check "relay $i carries a share of the traffic" \
		dev_counter_ge "fX$i" teredo tx_packets 1 || share_diag "$i"
done

# The host calls clients that never sent anything (inbound open). The
# relay the border picks for each has never seen it: it reaches the
# client through the client's server (an indirect bubble); the client
# finds that relay by its connectivity test (RFC 4380 5.2.3) and only
# then lets the host's packet in. Each first echo's round trip, ms.
firsts=
for k in $callees; do
	wait_for 30 qualified "fC$k" tC
	t=$(in_ns fH ping -6 -c 1 -W 10 "$(gaddr "fC$k" tC)" |
		sed -n 's/.*time=\([0-9.]*\) ms.*/\1/p')
	firsts="$firsts ${t:-none} (relay $(relay_of "$k")),"
done
echo "# the host's first echo to a client no relay had seen, ms:${firsts%,}"
check "the host reaches three clients no relay had seen, each at its first echo" \
	sh -c "! echo '$firsts' | grep -q none"

# outages FROM TO K...: the longest gap, in seconds, between two echo
# replies $W/pingK.log shows from FROM to TO (epoch seconds), one line
# per K.
outages() {
	python3 - "$@" <<PY
import re, sys
lo, hi = float(sys.argv[1]), float(sys.argv[2])
reply = re.compile(r'^\[([0-9.]+)\] \d+ bytes from')
for k in sys.argv[3:]:
    ts = [float(m.group(1)) for m in map(reply.match, open(f"$W/ping{k}.log")) if m]
    ts = [lo] + [t for t in ts if lo < t < hi] + [hi]
    print(f"{max(b - a for a, b in zip(ts, ts[1:])):.1f}")
PY
}
# left_relay_1 K...: none of these clients has the host behind relay 1;
# for those that still have, their view of the host and their counters.
left_relay_1() {
	local k bad=0
	for k in "$@"; do
		in_ns "fC$k" teredoctl peer tC show $H | grep -q 'mapping 198.51.100.81:' ||
			continue
		bad=1
		echo "client $k: $(in_ns "fC$k" teredoctl peer tC show $H)"
		echo "client $k: $(tail -n 1 "$W/ping$k.log")"
		in_ns "fC$k" teredoctl -s show tC | grep -E 'events|drops'
	done
	return $bad
}
# fail WHAT CMD...: relay 1 fails by CMD; its clients move to the others.
fail() {
	local what=$1 t0 t1 k moved=() o worst
	shift
	read -ra moved <<<"$(on_relay 1 | tr '\n' ' ')"
	t0=$(date +%s.%N)
	"$@" >/dev/null 2>&1
	check "$what: the border router withdraws relay 1" wait_for 10 relays_up 2
	if [ ${#moved[@]} = 0 ]; then
		skip "$what: relay 1's clients move" "relay 1 carried no client"
		return
	fi
	wait_for 40 all_replying "$(after "$t0")" || diagnose
	sleep 2
	t1=$(date +%s.%N)
	o=$(outages "$t0" "$t1" "${moved[@]}" | sort -n | tr '\n' ' ')
	worst=$(echo "$o" | tr ' ' '\n' | grep . | tail -n 1)
	echo "# $what: outage of relay 1's ${#moved[@]} clients, s: $o"
	echo "$what: $o" >> "$W/outages"
	check "$what: relay 1's ${#moved[@]} clients reach the host through the others" \
		left_relay_1 "${moved[@]}"
	check "... each within $MAX_OUTAGE s (worst ${worst} s)" \
		python3 -c 'import sys; sys.exit(float(sys.argv[1]) >= float(sys.argv[2]))' "$worst" "$MAX_OUTAGE"
}
restore() {	# restore: relay 1 back; every client reaching the host
	local t0
	t0=$(date +%s.%N)
	check "relay 1 back: announced again" wait_for 30 relays_up 3
	check "... and every client reaches the host" \
		wait_for 60 all_replying "$(after "$t0")" || diagnose
}

fail "teredoctl relay SIGKILLed" kill -9 "${pid[r1]}"
wait "${pid[r1]}" 2>/dev/null
start_relay 1
restore
fail "relay 1's device deleted" ip -n fX1 link del teredo
kill "${pid[r1]}" 2>/dev/null
wait "${pid[r1]}" 2>/dev/null
start_relay 1
restore
fail "relay 1's link cut" ip -n fW link set wfX1 down
ip -n fW link set wfX1 up
net fX1 81
restore

# A server dies: its anycast addresses are withdrawn, the clients'
# refreshes reach the other member, and nobody's mapping changes. Each
# client refreshes twice in 2 intervals: the survivor, which had about
# half of them, now answers all.
t0=$(date +%s.%N)
kill -9 "${pid[s1]}"
wait "${pid[s1]}" 2>/dev/null
check "a server SIGKILLed: the border router withdraws it" wait_for 10 servers_up 1
rs2=$(dev_counter fS2 teredo rs_answered)
sleep $((2 * REFRESH + 1))
rs2=$(($(dev_counter fS2 teredo rs_answered) - rs2))
t1=$(date +%s.%N)
check "... the other answers the clients' refreshes ($rs2 in $((2 * REFRESH + 1)) s)" \
	test "$rs2" -ge $((3 * N / 2))
o=$(outages "$t0" "$t1" $clients | sort -n | tr '\n' ' ')
echo "# a server SIGKILLed: longest gap of every client, s: $o"
echo "a server SIGKILLed: $o" >> "$W/outages"
check "... and no client's traffic stopped for 2 s" \
	python3 -c 'import sys; sys.exit(max(map(float, sys.argv[1:])) >= 2)' $o

same_address() {
	local k
	for k in $clients; do [ "$(gaddr "fC$k" tC)" = "$(cat "$W/addr$k")" ] || return 1; done
}
check "every client kept its address throughout" same_address
check "... qualified once, never unqualified" sh -c "
	for k in $clients; do
		[ \$(grep -cw 'qualified:' $W/client\$k.log) = 1 ] || exit 1
		! grep -q 'unqualified' $W/client\$k.log || exit 1
	done"

open_streams=0 ok_streams=0 nstreams=$(echo "$streams" | wc -w)
for k in $streams; do
	kill -0 "${pid[t$k]}" 2>/dev/null && open_streams=$((open_streams + 1))
	kill -TERM "${pid[t$k]}" 2>/dev/null
done
check_eq "every TCP stream ($nstreams, two per relay) stayed open through every failure" \
	"$nstreams" "$open_streams"
for k in $streams; do
	wait "${pid[t$k]}" && ok_streams=$((ok_streams + 1))
done
check_eq "... and ends intact" "$nstreams" "$ok_streams"

# ---- 6to4: two stf relays on 192.88.99.1 announce 192.88.99.0/24 and
# 2002::/16 while their stf0 is up; ten 6to4 hosts ping the native host
# through them, by the anycast address one way and by 2002::/16 back.
sixtofour_relay() {	# sixtofour_relay I: stf0 with the anycast 6to4 address
	ip -n "fY$1" link add stf0 type stf
	addr "fY$1" stf0 2002:c058:6301::1/16
	ip -n "fY$1" link set stf0 up
}
for i in 1 2; do
	netns_new "fY$i"
	wan fW "fY$i"
	net "fY$i" "9$i"
	forwarding "fY$i"
	addr "fY$i" lo 192.88.99.1/32
	sixtofour_relay "$i"
	sed "s/^router id .*/router id 192.0.2.3$i;/" \
		"$REPO/tools/examples/bird2/6to4-relay.conf" > "$W/6to4-relay$i.conf"
	bird_in "fY$i" "6to4-relay$i"
done
sixtofour_up() {	# sixtofour_up N: N relays behind both prefixes
	[ "$(hops -4 192.88.99.0/24 198.51.100.9)" = "$1" ] &&
		[ "$(hops -6 2002::/16 2001:db8:ff::9)" = "$1" ]
}
check "the border router spreads 192.88.99.0/24 and 2002::/16 over two stf relays" \
	wait_for 30 sixtofour_up 2
# Ten, so that each relay carries some: the border hashes each host's
# flow onto one of the two (by addresses, with a seed drawn at boot);
# with four, all went to one relay in one run of eight.
hosts6to4=$(seq -f 'g%g' -s ' ' 1 10)
host4() { echo "198.51.100.$((100 + $1))"; }	# 6to4 host G's IPv4
host6() { printf '2002:c633:64%02x::1' $((100 + $1)); }	# ... and its 6to4 address
border_mac=$(mac fW br0)
for g in $(seq 1 10); do
	netns_new "fG$g"
	wan fW "fG$g" "$(host4 "$g")"
	# The last host's port gets the lowest address there is, which a
	# bridge without its own would take, cutting off the hosts before
	# it from their gateway (internet in lib.sh).
	[ "$g" != 10 ] || ip -n fW link set "wfG$g" address 00:00:00:00:00:01
	ip -n "fG$g" route add 192.88.99.0/24 via 198.51.100.1
	ip -n "fG$g" link add stf0 type stf
	addr "fG$g" stf0 "$(host6 "$g")/16"
	ip -n "fG$g" link set stf0 up
	ip -n "fG$g" -6 route add default dev stf0
	ip netns exec "fG$g" stdbuf -oL ping -6 -D -i 0.2 -W 1 $H >"$W/pingg$g.log" 2>&1 &
done
clients=$hosts6to4	# replying and all_replying, for the 6to4 hosts
# diagnose6to4: for each 6to4 host not replying, its last pings, its
# counters and its route to the relays; the relays' counters and routes
# back; where the border sends each way.
# nonzero NS COUNTER-PATTERN...: NS's nstat counters that are not 0, on
# one line.
nonzero() {
	in_ns "$1" nstat -az "${@:2}" |
		awk '!/^#/ && $2 != 0 { printf "%s %s; ", $1, $2 } END { print "" }'
}
diagnose6to4() {
	local g i
	local silent='' caps=()
	for g in $(seq 1 10); do
		replying "g$g" || silent="$silent $g"
	done
	# Captured first, while the hosts are still silent.
	for g in $silent; do
		trace6to4 "$g"
	done
	for g in $silent; do
		echo "# 6to4 host $g: $(tail -n 2 "$W/pingg$g.log" | tr '\n' ' ')"
		echo "#   $(ip -n "fG$g" route get 192.88.99.1 | tr -s ' \n' ' ')"
		# Every counter but the drops that stayed 0.
		echo "#   $(in_ns "fG$g" teredoctl -s show stf0 | tr -s ' \n' ' ' |
			sed -E 's/ [a-z0-9_]+ 0,?//g')"
		ip -n "fG$g" neigh show | sed 's/^/#   neigh: /'
		# -s -s: "otherhost", frames for another MAC, where not 0
		echo "#   $(ip -n "fG$g" -s -s link show wan | tr -s ' \n' ' ')"
		echo "#   $(nonzero "fG$g" 'Ip*' 'Icmp*')"
		echo "#   border fdb: $(bridge -n fW fdb show br br0 |
			grep -i "$(mac "fG$g" wan)" | tr '\n' ' ')"
	done
	for i in 1 2; do
		in_ns "fY$i" teredoctl -s show 2>&1 | tr -s ' \n' ' ' |
			sed "s/^/#   stf relay $i: /"
		echo
		echo "#   stf relay $i: $(ip -n "fY$i" -s -s link show wan | tr -s ' \n' ' ')"
		for g in $silent; do
			echo "#   stf relay $i, host $g: $(ip -n "fY$i" -6 route get "$(host6 "$g")" 2>&1 | tr -s ' \n' ' ')"
			echo "#   stf relay $i, host $g: $(ip -n "fY$i" route get "$(host4 "$g")" from 192.88.99.1 2>&1 | tr -s ' \n' ' ')"
			echo "#   stf relay $i, host $g: $(ip -n "fY$i" -s neigh show "$(host4 "$g")" 2>&1)"
		done
		echo "#   stf relay $i: $(nonzero "fY$i" 'Ip*')"
	done
	echo "#   border: $(nonzero fW 'Ip*' 'Icmp*')"
	echo "#   border: $(ip -n fW -s -s link show br0 | tr -s ' \n' ' ')"
	for g in $silent; do
		echo "# border, host $g: $(ip -n fW route get 192.88.99.1 from "$(host4 "$g")" iif br0 2>&1 | tr -s ' \n' ' ')"
	done
	echo "# border: $(ip -n fW route show 192.88.99.0/24 | tr '\n' ' ')"
	echo "# border: $(ip -n fW -6 route show 2002::/16 | tr '\n' ' ')"
	ip -n fW neigh show | sed 's/^/#   border neigh: /'
	# Not a bare wait: the pings are ours too.
	[ ${#caps[@]} = 0 ] || wait "${caps[@]}"
	for g in $silent; do
		trace6to4_show "$g"
	done
}
# trace_points G: where 6to4 host G's traffic is captured, "NS IF" a
# line: its link, the border's two sides, both relays' links and the
# native host's.
trace_points() { printf '%s\n' "fG$1 wan" "fW br0" "fY1 wan" "fY2 wan" "fW hh" "fH hw"; }
# trace6to4 G: 3 s of capture of 6to4 host G's traffic at every point,
# in the background (pids added to caps), all at once and not
# promiscuous: what each hop takes in and sends. trace6to4_show G: what
# each saw, its Ethernet addresses too.
trace6to4() {
	local ns ifc
	mkdir -p "$W/trace$1"
	while read -r ns ifc; do
		in_ns "$ns" dumpcap -q -p -i "$ifc" -a duration:3 \
			-w "$W/trace$1/$ns-$ifc.pcap" \
			-f "host $(host4 "$1") or ip6 host $(host6 "$1") or arp host $(host4 "$1")" \
			</dev/null 2>/dev/null &
		caps+=($!)
	done < <(trace_points "$1")
}
trace6to4_show() {
	local d="$W/trace$1" ns ifc
	while read -r ns ifc; do
		echo "# trace, $ns $ifc ($(mac "$ns" "$ifc")):"
		tshark -n -r "$d/$ns-$ifc.pcap" -T fields -e frame.time_relative \
			-e eth.src -e eth.dst -e _ws.col.Info > "$d/$ns-$ifc.txt" 2>/dev/null
		echo "#   $(wc -l < "$d/$ns-$ifc.txt") packets"
		head -n 6 "$d/$ns-$ifc.txt" | sed 's/^/#     /'
	done < <(trace_points "$1")
}
check_eq "the border router kept its Ethernet address as hosts joined" \
	"$border_mac" "$(mac fW br0)"
check "ten 6to4 hosts reach the native host through the relays" wait_for 30 all_replying ||
	diagnose6to4
for i in 1 2; do
	check "stf relay $i carries a share" dev_counter_ge "fY$i" stf0 tx_packets 1
done
t0=$(date +%s.%N)
ip -n fY1 link del stf0
check "stf relay 1's device deleted: the border router withdraws both prefixes" \
	wait_for 10 sixtofour_up 1 || diagnose6to4
check "... and every 6to4 host reaches the host through the other" \
	wait_for 30 all_replying "$(after "$t0")" || diagnose6to4
sleep 2
t1=$(date +%s.%N)
o=$(outages "$t0" "$t1" $hosts6to4 | sort -n | tr '\n' ' ')
echo "# stf relay 1's device deleted: longest gap of each 6to4 host, s: $o"
echo "6to4 relay's device deleted: $o" >> "$W/outages"
check "... each within $MAX_OUTAGE s" \
	python3 -c 'import sys; sys.exit(max(map(float, sys.argv[2:])) >= float(sys.argv[1]))' "$MAX_OUTAGE" $o
sixtofour_relay 1
check "stf relay 1 back: announced again" wait_for 30 sixtofour_up 2

[ -z "${FARM_OUTAGES:-}" ] || cp "$W/outages" "$FARM_OUTAGES"
pkill -f "ping -6 -D -i 0.2" 2>/dev/null
kill "${pid[@]}" 2>/dev/null
for f in "$W"/*.pid; do kill "$(cat "$f")" 2>/dev/null; done
wait 2>/dev/null
tap_done
