#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The server's fast path: `teredoctl server DEV` hands its primary socket
# to a device in server mode, and the kernel answers plain Router
# Solicitations and forwards bubbles and small ICMPv6 to the server's
# clients itself (kmod/teredo/server.c). Its RA and its forwarded bubble
# are byte for byte those teredoctl server sends without a device; our
# client and Miredo's qualify and meet through it; what the kernel does
# not handle (the cone test, a client identifier, a bad checksum, a
# spoofed source, a packet not for a client of ours or too big to
# forward) goes to userland as before and is counted there; a flood gets
# one answer per RS, never more; the device goes with the server, and
# --auth-keys refuses a device.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
tap_start
SEND_RS=$SELFTESTS/tools/send-rs.py
SRV=198.51.100.70	# teredoctl server (and .71)
workdir server

need_miredo "the server's fast path"
modprobe teredo
modprobe tun

internet sW
netns_new sS sP
wan sW sS $SRV 198.51.100.71
wan sW sP 198.51.100.40
wire sP wan
nat_client sW sA sNA 1		# our client
nat_client sW sM sNM 2		# Miredo's

# start_server [DEV]: teredoctl server in sS, its pid in $srv.
start_server() {
	: > "$W/server.log"
	ip netns exec sS teredoctl server "$@" --primary $SRV >>"$W/server.log" 2>&1 &
	srv=$!
	wait_for 10 grep -q "server on $SRV" "$W/server.log"
}
srv_count_is() { usr1_count_is $srv "$W/server.log" "$@"; }
kernel_count() { dev_counter sS ts rs_answered; }
kernel_count_is() { [ "$(kernel_count)" = "$1" ]; }
fwd_count() { dev_counter sS ts server_forwarded; }
# via_server SPORT SRC DST NEXT-HEADER PAYLOAD [TRAILER]: an IPv6 packet
# from SRC to DST (hex PAYLOAD after the header, next header NEXT-HEADER;
# hex TRAILER after the packet) sent from sP's port SPORT to the server;
# prints "ADDR PORT HEX" for what
# then reaches sP's port 40002 within 3 s, "none" if nothing does.
via_server() {
	in_ns sP python3 - $SRV "$@" <<'PY'
import ipaddress, socket, struct, sys
srv, sport, src, dst, nh, payload = sys.argv[1:7]
payload = bytes.fromhex(payload)
trailer = bytes.fromhex(sys.argv[7]) if len(sys.argv) > 7 else b""
rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rx.bind(("198.51.100.40", 40002))
rx.settimeout(3)
tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
tx.bind(("198.51.100.40", int(sport)))
tx.sendto(struct.pack("!IHBB", 6 << 28, len(payload), int(nh), 64)
	  + ipaddress.IPv6Address(src).packed + ipaddress.IPv6Address(dst).packed
	  + payload + trailer, (srv, 3544))
try:
	data, frm = rx.recvfrom(2048)
	print(frm[0], frm[1], data.hex())
except socket.timeout:
	print("none")
PY
}
# A client of ours at sP's port 40002, a peer of it at port 40001.
CLIENT=$(teredo_addr $SRV 198.51.100.40 40002)
PEER=$(teredo_addr $SRV 198.51.100.40 40001)
# A bubble with an RFC 6081 nonce trailer after it.
bubble() { via_server 40001 "$PEER" "$CLIENT" 59 '' 0104deadbeef; }

start_server ts
check_output "the server says the device answers plain solicitations" \
	"plain solicitations answered by ts" cat "$W/server.log"
check_output "... a teredo device in server mode" 'mode server' in_ns sS teredoctl show ts

# ---- clients qualify through it ----
ip netns exec sA teredoctl client tA --server $SRV >"$W/A.log" 2>&1 &
pid_A=$!
check "our client behind a NAT qualifies" wait_for 20 qualified sA tA
# Its RS to the secondary address (is the NAT symmetric?) is userland's.
check "the kernel answered its solicitation to the primary address" \
	dev_counter_ge sS ts rs_answered 1
# Miredo's client starts with the cone test (RFC 4380 as first written):
# those RSs are userland's.
printf 'InterfaceName teredo\nServerAddress %s\n' $SRV > "$W/m.conf"
ip netns exec sM miredo -f -u nobody -p "$W/m.pid" -c "$W/m.conf" >"$W/m.log" 2>&1 &
check "Miredo's client qualifies" wait_for 30 sh -c \
	"ip -n sM -6 -o addr show dev teredo scope global | grep -q 2001:0:c633:6446:"
check "the kernel answered its plain solicitations too" dev_counter_ge sS ts rs_answered 2
check "the two clients reach each other" in_ns sA ping -6 -c 2 -i 0.5 -W 8 \
	"$(ip -n sM -6 -o addr show dev teredo scope global | awk '{ sub("/.*", "", $4); print $4 }')"
check "the kernel forwarded their indirect bubbles" dev_counter_ge sS ts server_forwarded 1
check "... and userland none" srv_count_is forwarded_to_client 0
# From here on the RSs counted are the test's own: no refreshes between.
kill $pid_A "$(cat "$W/m.pid")"
wait $pid_A

# ---- forwarding to clients ----
f=$(fwd_count)
sp=$(usr1_count $srv "$W/server.log" drop_spoofed_source)
na=$(usr1_count $srv "$W/server.log" drop_not_allowed)
no=$(usr1_count $srv "$W/server.log" drop_not_our_client)
check_output "a bubble for a client of ours reaches it from the server, trailer and all" \
	'^198\.51\.100\.70 3544 000063be39cc9bd76000000000003b40.*0104deadbeef$' bubble
check_output "... an Echo Request too" '^198\.51\.100\.70 3544 000063be39cc9bd7.*8000000000010001$' \
	via_server 40001 "$PEER" "$CLIENT" 58 8000000000010001
check "... both forwarded by the kernel" test "$(fwd_count)" = $((f + 2))
check_output "a bubble whose Teredo source is not where it came from is not forwarded" \
	'^none$' via_server 40003 "$PEER" "$CLIENT" 59 ''
check "... userland counts it" wait_for 5 srv_count_is drop_spoofed_source $((sp + 1))
check_output "an ICMPv6 packet of 89 bytes for a client is not forwarded" '^none$' \
	via_server 40001 "$PEER" "$CLIENT" 58 "80$(printf '00%.0s' $(seq 1 88))"
check "... userland counts it" wait_for 5 srv_count_is drop_not_allowed $((na + 1))
check_output "a bubble for another server's client is not forwarded" '^none$' \
	via_server 40001 "$PEER" "$(teredo_addr 198.51.100.99 198.51.100.40 40002)" 59 ''
check "... userland counts it" wait_for 5 srv_count_is drop_not_our_client $((no + 1))
check "none of these three was the kernel's" test "$(fwd_count)" = $((f + 2))
check "... nor forwarded by userland" srv_count_is forwarded_to_client 0

# ---- what goes to userland ----
n=$(kernel_count)
u=$(usr1_count $srv "$W/server.log" rs_answered)
check_output "a cone-test RS is answered from the secondary address" \
	'^198\.51\.100\.71 3544 ra$' in_ns sP python3 "$SEND_RS" --cone $SRV
check "... by userland" srv_count_is rs_answered $((u + 1))
check_output "an RS with a client identifier is answered" '^198\.51\.100\.70 3544 ra auth' \
	in_ns sP python3 "$SEND_RS" --auth alice key $SRV
check "... by userland too (its keys are userland's)" srv_count_is rs_answered $((u + 2))
check_output "an RS with a bad checksum gets no answer" '^none$' \
	in_ns sP python3 "$SEND_RS" --bad-checksum --repeat 1 $SRV
check "... and userland counts it" srv_count_is drop_bad_rs 1
check "none of these three was the kernel's" kernel_count_is "$n"

# ---- the same RA either way ----
ra() {	# the RA's bytes for one fixed RS from sP port 40000
	in_ns sP python3 "$SEND_RS" --nonce 0102030405060708 --sport 40000 --dump $SRV |
		awk '{ print $NF }'
}
n=$(kernel_count)
u=$(usr1_count $srv "$W/server.log" rs_answered)
ra_kernel=$(ra)
check "the kernel answered the fixed RS" kernel_count_is $((n + 1))
check "... and userland did not" srv_count_is rs_answered "$u"
bubble_kernel=$(bubble)
kill $srv
wait $srv
check_fails "the server deletes the device it made on SIGTERM" ip -n sS link show ts
start_server
ra_user=$(ra)
check "... and without one userland answers" srv_count_is rs_answered 1
check_eq "the kernel's RA is userland's, byte for byte" "$ra_user" "$ra_kernel"
bubble_user=$(bubble)
check "... and userland forwards the bubble" srv_count_is forwarded_to_client 1
check_eq "the kernel's forwarded bubble is userland's, byte for byte" \
	"$bubble_user" "$bubble_kernel"
check_output "... an RA with the nonce, the origin, prefix 2001:0:c633:6446::/64 and MTU 1280" \
	'^0001000001020304050607080000.*20010000c6336446.*0501000000000500$' echo "$ra_kernel"
kill $srv
wait $srv

# ---- a flood ----
in_ns sS ip link add ts type teredo
start_server ts
check "rs-load's flood is answered" sh -c \
	"ip netns exec sP $REPO/bench/rs-load $SRV 0 2 > $W/flood.json"
sed 's/^/# /' "$W/flood.json"
check "... one RA per RS at most, each a valid RA with one of its nonces" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["answered"] > 0 and d["answered"] <= d["sent"] and d["bad"] == 0, d' "$W/flood.json"
check "... the kernel's answers" dev_counter_ge sS ts rs_answered 1000
kill $srv
wait $srv
check "a device the server did not make stays on SIGTERM" ip -n sS link show ts
check_output "... with no socket left on it" 'unconfigured' in_ns sS teredoctl show ts

# ---- refusals ----
(umask 077 && printf 'alice key\n' > "$W/keys")
check_output "--auth-keys with a device is refused, saying why" \
	'AuthKeysFile and InterfaceName do not go together' sh -c \
	"ip netns exec sS teredoctl server ts --primary $SRV --auth-keys $W/keys 2>&1; echo exit \$?"
check_output "... with exit status 2" 'exit 2$' sh -c \
	"ip netns exec sS teredoctl server ts --primary $SRV --auth-keys $W/keys >/dev/null 2>&1; echo exit \$?"

tap_done
