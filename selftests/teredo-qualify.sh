#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Qualification's options. Secure qualification (RFC 4380 5.1.1, 5.2.1)
# between teredoctl client and server: a key per client identifier,
# HMAC-SHA1 both ways (checked here by Python's own hmac too), each nonce
# taken once; a wrong key, an unknown identifier, Miredo's client (no
# authentication) and a replayed RS refused and counted, a server's RA
# without a value refused by the client; secret files that others can
# read, or that are not ours, refused. The client's cone test (RFC 4380
# 5.2.1, --cone-probe): behind a NAT that filters by port it finds no
# cone and qualifies as before; on a public address it qualifies with
# the cone flag, with our server and with miredo-server.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
tap_start
SEND_RS=$SELFTESTS/tools/send-rs.py
OSRV=198.51.100.50	# teredoctl server (and .51), secure qualification
MSRV=198.51.100.10	# miredo-server (and .11)
workdir qualify

need_miredo "qualification options"
modprobe teredo
modprobe tun

internet qW
netns_new qS qM qP
wan qW qS $OSRV 198.51.100.51
wan qW qM $MSRV 198.51.100.11
wan qW qP 198.51.100.40
wire qP wan
nat_client qW qA qNA 1		# alice, the right key
nat_client qW qB qNB 2		# bob: a wrong key, then the right one
nat_client qW qC qNC 3		# Miredo's client
cone_flag() {	# cone_flag NS DEV: the flags of its address have the cone bit
	python3 -c 'import ipaddress, sys; sys.exit(not int(ipaddress.IPv6Address(sys.argv[1])) >> 48 & 0x8000)' \
		"$(gaddr "$1" "$2")"
}

# ---- the secrets ----
secret() {	# secret NAME TEXT: $W/NAME, 0600
	(umask 077 && printf '%s\n' "$2" > "$W/$1")
}
secret keys "$(printf 'alice al1ce-key\nbob b0b-key\ncarol car0l-key')"
secret alice al1ce-key
secret bob-wrong not-b0b-key
secret bob b0b-key
secret carol car0l-key
printf 'ServerBindAddress %s\nAuthKeysFile %s\n' $OSRV "$W/keys" > "$W/server.conf"
check "check-config takes a server's AuthKeysFile" teredoctl check-config "$W/server.conf"
ip netns exec qS teredoctl run -c "$W/server.conf" >"$W/server.log" 2>&1 &
srv=$!
printf 'ServerBindAddress %s\n' $MSRV > "$W/miredo-server.conf"
in_ns qM miredo-server -f -u nobody -p "$W/ms.pid" -c "$W/miredo-server.conf" \
	>"$W/miredo-server.log" 2>&1 &
srv_count_is() { usr1_count_is $srv "$W/server.log" "$@"; }
srv_count_ge() { usr1_count_ge $srv "$W/server.log" "$@"; }
check "the server says it takes secure qualification only" wait_for 10 \
	grep -q 'secure qualification only' "$W/server.log"

# ---- secure qualification ----
printf 'ServerAddress %s\nAuthIdentifier alice\nAuthSecretFile %s\nRefreshInterval 3\n' \
	$OSRV "$W/alice" > "$W/alice.conf"
ip netns exec qA teredoctl client tA -c "$W/alice.conf" >"$W/A.log" 2>&1 &
pid_A=$!
check "alice qualifies with her key" wait_for 20 qualified qA tA
check "... her refreshes keep being answered, a fresh nonce each (3 s apart)" \
	wait_for 20 srv_count_ge rs_answered 6
check "... none of them counted as a replay" srv_count_is drop_nonce_replayed 0
check "... and she is still qualified" qualified qA tA

ip netns exec qB teredoctl client tB --server $OSRV --auth-id bob \
	--auth-secret "$W/bob-wrong" >"$W/B.log" 2>&1 &
pid_B=$!
check "bob's RSs under a wrong key are refused and counted" \
	wait_for 20 srv_count_ge drop_auth_failed 2
check_fails "... and bob is not qualified" qualified qB tB
kill $pid_B
wait $pid_B

auth0=$(usr1_count $srv "$W/server.log" drop_auth_failed)
in_ns qP "$SEND_RS" --auth mallory m4llory $OSRV > "$W/mallory" 2>&1
check_output "an identifier the server does not know gets no answer" '^none$' cat "$W/mallory"
check "... and is counted" srv_count_is drop_auth_failed $((auth0 + 1))
in_ns qP "$SEND_RS" $OSRV > "$W/plain" 2>&1
check_output "an RS without identifier or value gets no answer" '^none$' cat "$W/plain"
check "... and is counted" srv_count_is drop_auth_failed $((auth0 + 2))

in_ns qP "$SEND_RS" --auth carol car0l-key --repeat 3 $OSRV > "$W/replay" 2>&1
check_output "an authenticated RS is answered, the RA's value right for Python's hmac" \
	'^198\.51\.100\.50 3544 ra auth-ok$' head -n 1 "$W/replay"
check_eq "... the same RS played twice more gets no answer" "none none" \
	"$(tail -n 2 "$W/replay" | tr '\n' ' ' | sed 's/ $//')"
check "... and the server counted both replays" srv_count_is drop_nonce_replayed 2

printf 'InterfaceName teredo\nServerAddress %s\n' $OSRV > "$W/mc.conf"
ip netns exec qC miredo -f -u nobody -p "$W/mc.pid" -c "$W/mc.conf" >"$W/mc.log" 2>&1 &
check "Miredo's client (no authentication) is refused and counted" \
	wait_for 20 srv_count_ge drop_auth_failed $((auth0 + 3))
check_eq "... and gets no Teredo address" "" "$(gaddr qC teredo)"
kill "$(cat "$W/mc.pid")"

# A client with a key takes no RA without a value: miredo-server's.
ip netns exec qB teredoctl client tB --server $MSRV --auth-id bob \
	--auth-secret "$W/bob" >"$W/B.log" 2>&1 &
pid_B=$!
check "a client with a key refuses miredo-server's RA, which has no value" \
	wait_for 20 grep -q 'router advertisement refused: authentication failed' "$W/B.log"
check_fails "... and is not qualified" qualified qB tB
kill $pid_B
wait $pid_B

# ---- the secrets' files ----
cp "$W/alice" "$W/open"
chmod 644 "$W/open"
check_output "a client refuses a secret file others can read, saying how to fix it" \
	'mode 0644 .*chmod 600' sh -c \
	"ip netns exec qP teredoctl client tX --server $OSRV --auth-id alice --auth-secret $W/open 2>&1; echo exit \$?"
check_output "... and exits 1" 'exit 1$' sh -c \
	"ip netns exec qP teredoctl client tX --server $OSRV --auth-id alice --auth-secret $W/open >/dev/null 2>&1; echo exit \$?"
check_fails "... leaving no device behind" ip -n qP link show tX
cp "$W/alice" "$W/theirs"
chown nobody "$W/theirs"
check_output "a secret file owned by another user is refused" 'owned by uid' sh -c \
	"ip netns exec qP teredoctl client tX --server $OSRV --auth-id alice --auth-secret $W/theirs 2>&1"
chmod 600 "$W/keys"
check_output "an unprivileged user cannot start a server on root's keys" \
	'Permission denied' setpriv --reuid=nobody --regid=nogroup --clear-groups \
	"$REPO/tools/teredoctl" server --primary 198.51.100.60 --auth-keys "$W/keys"
secret dup "$(printf 'alice x\nalice y')"
check_output "a keys file with a client twice is refused" 'listed twice' sh -c \
	"teredoctl server --primary 198.51.100.60 --auth-keys $W/dup 2>&1"

# ---- the cone test ----
ip netns exec qP teredoctl client tP --server $OSRV --auth-id carol \
	--auth-secret "$W/carol" --cone-probe on --inbound on >"$W/P.log" 2>&1 &
pid_P=$!
check "a client on a public address qualifies through the cone test" wait_for 20 qualified qP tP
check "... with the cone flag in its address" cone_flag qP tP
check_output "... and says so" 'cone NAT: the secondary address' cat "$W/P.log"
check "alice reaches it at that address (its inbound open)" in_ns qA ping -6 -c 2 -i 0.5 -W 8 "$(gaddr qP tP)"

ip netns exec qB teredoctl client tB --server $OSRV --auth-id bob \
	--auth-secret "$W/bob" --cone-probe on >"$W/B.log" 2>&1 &
pid_B=$!
check "behind a NAT that filters by port the cone test finds no cone" wait_for 30 \
	grep -q 'no answer to the cone test' "$W/B.log"
check "... and the client qualifies as before" wait_for 20 qualified qB tB
check_fails "... without the cone flag" cone_flag qB tB

ip netns exec qP teredoctl client tQ --server $MSRV --port 3546 --cone-probe on \
	>"$W/Q.log" 2>&1 &
pid_Q=$!
check "the cone test with miredo-server: a public client qualifies" \
	wait_for 20 qualified qP tQ
check "... with the cone flag" cone_flag qP tQ
check_fails "without --cone-probe, no cone flag on a public address" cone_flag qA tA

kill -USR1 $pid_P
check_output "SIGUSR1: the client reports its qualification" \
	'qualification: qualified \(cone\), advertisements refused 0' \
	sh -c "sleep 1; cat $W/P.log"
kill $pid_A $pid_B $pid_P $pid_Q $srv
wait $pid_A
check_eq "an authenticated client exits 0 on SIGTERM" 0 $?
kill "$(cat "$W/ms.pid")" 2>/dev/null
tap_done
