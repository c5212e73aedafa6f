#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# teredoctl show: text and JSON output, errors, and the netlink policy.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
tap_start
modprobe teredo
netns_new sh1
in_ns sh1 ip link add tere0 type teredo
in_ns sh1 ip link add stf0 type stf

out=$(in_ns sh1 "$TEREDOCTL" show)
check_output "text output lists the teredo device" \
	'^[0-9]+: tere0: teredo mode client state unconfigured$' echo "$out"
check_output "text output lists the stf device" \
	'^[0-9]+: stf0: stf state unconfigured$' echo "$out"
check_output "-s adds drop counters" '^    dropped: tx_not_configured 0, tx_not_ipv6 0, .*rx_malformed 0, .*tx_unreachable 0, rx_mapping_full 0, tx_mapping_full 0$' \
	in_ns sh1 "$TEREDOCTL" -s show tere0
check_output "-s adds protocol events" '^    events: bubbles_sent 0, bubbles_received 0, pings_sent 0, peers_evicted 0, peers_expired 0, symmetric_peers 0, hairpin_peers 0, bubbles_ratelimited 0, rs_answered 0, server_forwarded 0, refreshes_sent 0, refreshes_answered 0, predictions 0, prediction_hits 0, prediction_misses 0$' \
	in_ns sh1 "$TEREDOCTL" -s show tere0
check_output "show gives the peer table's size and the inbound policy" \
	'^    peers 0 max 8192 expiry 30s \([0-9]+ bytes each\) inbound closed$' \
	in_ns sh1 "$TEREDOCTL" show tere0
check_output "... and its bubble rate, 1000 a second by default" \
	'^    bubbles 1000/s at most to one address$' in_ns sh1 "$TEREDOCTL" show tere0
check_output "... and server load reduction, on by default" \
	'^    server load reduction on$' in_ns sh1 "$TEREDOCTL" show tere0

# ethtool: -S lists each kind's counters, under teredoctl's names.
for d in tere0 stf0; do
	check_eq "ethtool -S $d lists the counters teredoctl -s shows (packets, bytes apart)" \
		"$(json_get "$(in_ns sh1 "$TEREDOCTL" -j -s show $d)" \
			'" ".join(sorted(k for k in d[0]["stats"] if not k.endswith(("_packets", "_bytes"))))')" \
		"$(in_ns sh1 ethtool -S $d | awk 'NR > 1 {sub(":", "", $1); print $1}' | LC_ALL=C sort | xargs)"
done
check_output "ethtool -i names the driver" '^driver: teredo$' in_ns sh1 ethtool -i tere0

j=$(in_ns sh1 "$TEREDOCTL" -j show)
check "-j output is valid JSON" json_get "$j" 'd'
check_eq "-j lists both devices" "stf0 tere0" "$(json_get "$j" '" ".join(sorted(x["ifname"] for x in d))')"
check_eq "-j teredo entry" "teredo client unconfigured" \
	"$(json_get "$j" '" ".join([x for x in d if x["ifname"]=="tere0"][0][k] for k in ("kind","mode","state"))')"
check_eq "-j stf entry has no mode" "stf unconfigured False" \
	"$(json_get "$j" '" ".join(str(v) for v in ([x for x in d if x["ifname"]=="stf0"][0]["kind"], [x for x in d if x["ifname"]=="stf0"][0]["state"], "mode" in [x for x in d if x["ifname"]=="stf0"][0]))')"
ifidx=$(in_ns sh1 cat /sys/class/net/tere0/ifindex)
check_eq "-j ifindex matches sysfs" "$ifidx" \
	"$(json_get "$j" '[x for x in d if x["ifname"]=="tere0"][0]["ifindex"]')"
check_eq "-j without -s has no counters" "False" "$(json_get "$j" '"stats" in d[0]')"
j=$(in_ns sh1 "$TEREDOCTL" -j -s show stf0)
check_eq "-j -s show DEV gives one device with counters" "1 0" \
	"$(json_get "$j" '"%d %d" % (len(d), d[0]["stats"]["rx_packets"])')"
check_eq "empty namespace gives an empty JSON list" "[]" \
	"$(ip netns exec sh1 unshare -n "$TEREDOCTL" -j show)"

# Many devices: the dump must continue across several messages.
netns_new sh2
for i in $(seq 1 200); do echo "link add t$i type teredo"; done | ip -n sh2 -batch -
check_eq "dump of 200 devices is complete" 200 \
	"$(json_get "$(in_ns sh2 "$TEREDOCTL" -j show)" 'len(d)')"

check_output "no such device is reported" \
	'^teredoctl: nosuch: no such device$' in_ns sh1 "$TEREDOCTL" show nosuch
check_output "... by a peer dump too, with the kernel's reason" \
	': no such device$' in_ns sh1 "$TEREDOCTL" peer nosuch
check_output "a device of another kind is refused" \
	'^teredoctl: lo: not a teredo or stf device$' in_ns sh1 "$TEREDOCTL" show lo
check_fails "show of a missing device exits non-zero" in_ns sh1 "$TEREDOCTL" show nosuch
check_output "an overlong name is refused before asking the kernel" \
	'invalid device name' "$TEREDOCTL" show 0123456789abcdefXYZ
check_output "unprivileged users get a clear error" \
	'permission denied' setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all "$TEREDOCTL" show
check_output "unknown command is named" "unknown command 'frobnicate'" \
	"$TEREDOCTL" frobnicate
check_output "--help lists show" '^  show \[DEV\]' "$TEREDOCTL" --help
check_output "--version prints the version" "^teredoctl $(cat "$REPO/VERSION")$" \
	"$TEREDOCTL" --version
check_fails "unknown option fails" "$TEREDOCTL" --bogus show
check_fails "unknown option after the command fails" "$TEREDOCTL" show --bogus
check_output "-b goes before the command: after it, it is named unknown" \
	"^teredoctl: peer: unknown option '--batch'" "$TEREDOCTL" peer tere0 --batch /dev/null
check_eq "options may follow the command" "$(in_ns sh1 "$TEREDOCTL" -j -s show tere0)" "$(in_ns sh1 "$TEREDOCTL" show -j tere0 -s)"

# The kernel's policy: wrong types and bad combinations get extack reasons.
check_output "genl: ifindex of the wrong size is rejected with a reason" \
	'^error: EINVAL: .+' in_ns sh1 "$GENL_RAW" 1 1:u8:1
check_output "genl: ifindex 0 is rejected by the policy" \
	'^error: (EINVAL|ERANGE): .+' in_ns sh1 "$GENL_RAW" 1 1:u32:0
check_output "genl: both ifindex and ifname are refused" \
	'^error: EINVAL: exactly one of ifindex and ifname is required$' \
	in_ns sh1 "$GENL_RAW" 1 "1:u32:$ifidx" 2:str:tere0
check_output "genl: neither ifindex nor ifname is refused" \
	'^error: EINVAL: exactly one of ifindex and ifname is required$' \
	in_ns sh1 "$GENL_RAW" 1
check_output "genl: unterminated ifname is rejected" \
	'^error: EINVAL: .+' in_ns sh1 "$GENL_RAW" 1 2:bin:7465726530
check_output "genl: unknown attribute is rejected" \
	'^error: EINVAL: .+' in_ns sh1 "$GENL_RAW" 1 "1:u32:$ifidx" 77:u32:1
check_output "genl: unknown command is rejected" \
	'^error: EOPNOTSUPP' in_ns sh1 "$GENL_RAW" 99
check "genl: a valid request still works" in_ns sh1 "$GENL_RAW" 1 "1:u32:$ifidx"
check_output "genl: a device in another netns is not visible" \
	'^error: ENODEV: no such device$' "$GENL_RAW" 1 2:str:tere0

# Peers by hand, and every refusal with its reason.
check "peer add with a mapping" in_ns sh1 "$TEREDOCTL" peer tere0 add 2001:0:c000:201::1 mapping 192.0.2.7:4000
check_output "peer show lists it, untrusted, with its mapping" \
	'^2001:0:c000:201::1 mapping 192\.0\.2\.7:4000 untrusted queued 0 probes 0 packets rx 0 tx 0$' \
	in_ns sh1 "$TEREDOCTL" peer tere0
check_eq "peer show -j, one peer" '2001:0:c000:201::1 False' \
	"$(json_get "$(in_ns sh1 "$TEREDOCTL" -j peer tere0 show 2001:0:c000:201::1)" 'd[0]["address"] + " " + str(d[0]["trusted"])')"
check "peer add trusted on changes it" in_ns sh1 "$TEREDOCTL" peer tere0 add 2001:0:c000:201::1 mapping 192.0.2.7:4001 trusted on
check_output "... now trusted, at the new mapping" '192\.0\.2\.7:4001 trusted' \
	in_ns sh1 "$TEREDOCTL" peer tere0 show 2001:0:c000:201::1
check_eq "show counts the peer" 1 \
	"$(json_get "$(in_ns sh1 "$TEREDOCTL" -j show tere0)" 'd[0]["peers"]["count"]')"
check "peer add local on (as local discovery adds them)" in_ns sh1 "$TEREDOCTL" \
	peer tere0 add 2001:0:c000:201::1 mapping 10.0.0.7:4001 trusted on local on
check_output "... marked local, -j too" \
	'"mapping":\{"address":"10\.0\.0\.7","port":4001\},"trusted":true,"local":true,"last_rx_ms"' \
	in_ns sh1 "$TEREDOCTL" -j peer tere0 show 2001:0:c000:201::1
check_output "... and heard from just now" ' trusted local rx [0-9]+ms ago' \
	in_ns sh1 "$TEREDOCTL" peer tere0 show 2001:0:c000:201::1
check "peer add without local makes it an ordinary peer again" in_ns sh1 "$TEREDOCTL" \
	peer tere0 add 2001:0:c000:201::1 mapping 10.0.0.7:4001 trusted on
check_output "... not marked local" '"trusted":true,"local":false' \
	in_ns sh1 "$TEREDOCTL" -j peer tere0 show 2001:0:c000:201::1
check "peer del" in_ns sh1 "$TEREDOCTL" peer tere0 del 2001:0:c000:201::1
check_output "peer del of an unknown peer: no such peer" \
	'^teredoctl: tere0: no such peer$' in_ns sh1 "$TEREDOCTL" peer tere0 del 2001:0:c000:201::1
check_output "peer show of an unknown peer: no such peer" \
	'^teredoctl: tere0: no such peer$' in_ns sh1 "$TEREDOCTL" peer tere0 show 2001::5
check_output "a trusted peer without mapping is refused" \
	'^teredoctl: tere0: a trusted peer needs a mapping$' \
	in_ns sh1 "$TEREDOCTL" peer tere0 add 2001::1 trusted on
check_output "a local peer without mapping is refused" \
	'^teredoctl: tere0: a local peer needs a mapping$' \
	in_ns sh1 "$TEREDOCTL" peer tere0 add 2001::1 local on
check_output "peer add local takes on or off" "local takes on or off, not 'maybe'" \
	in_ns sh1 "$TEREDOCTL" peer tere0 add 2001::1 mapping 10.0.0.7:4001 local maybe
check_output "a multicast peer is refused" '^teredoctl: tere0: not a unicast peer address$' \
	in_ns sh1 "$TEREDOCTL" peer tere0 add ff02::1
for m in 127.0.0.1 224.0.0.1 240.0.0.1 0.1.2.3; do
	check_output "a peer mapped to $m is refused" \
		'^teredoctl: tere0: the mapping is not a unicast IPv4 address$' \
		in_ns sh1 "$TEREDOCTL" peer tere0 add 2001:db8::7 mapping $m:3544
done

# Many commands from one process (-b), as with ip -batch.
cat > /tmp/td-batch <<'EOT'
# three peers, one changed, one gone
peer tere0 add 2001:0:c000:201::a mapping 192.0.2.7:4000
peer tere0 add 2001:0:c000:201::b mapping 192.0.2.8:4000   trusted on

peer tere0 add 2001:0:c000:201::c mapping 192.0.2.9:4000
peer tere0 add 2001:0:c000:201::a mapping 192.0.2.7:4002 trusted on
peer tere0 del 2001:0:c000:201::c
-j peer tere0
EOT
out=$(in_ns sh1 "$TEREDOCTL" -b /tmp/td-batch)
check_eq "-b FILE: every line done; a line's own -j prints JSON" \
	"2001:0:c000:201::a 192.0.2.7:4002 True,2001:0:c000:201::b 192.0.2.8:4000 True" \
	"$(json_get "$out" '",".join(sorted("%s %s:%d %s" % (p["address"], p["mapping"]["address"], p["mapping"]["port"], p["trusted"]) for p in d))')"
check_output "... and -j before -b holds for every line" '^\[\{"ifindex"' \
	sh -c "echo 'show tere0' | ip netns exec sh1 $TEREDOCTL -j -b -"
printf 'peer tere0 del 2001:0:c000:201::a\npeer tere0 del 2001::77\npeer tere0 del 2001:0:c000:201::b\n' > /tmp/td-batch
check_output "-b stops at the first failed line and says which" \
	'^teredoctl: /tmp/td-batch:2: command failed$' in_ns sh1 "$TEREDOCTL" -b /tmp/td-batch
check_eq "... with its exit status, lines after it not run" "1 2001:0:c000:201::b" \
	"$(in_ns sh1 "$TEREDOCTL" -b /tmp/td-batch >/dev/null 2>&1; echo $? \
	   "$(json_get "$(in_ns sh1 "$TEREDOCTL" -j peer tere0)" '" ".join(p["address"] for p in d)')")"
printf 'peer tere0 add 2001::78 mapping 192.0.2.7:1\npeer tere0 del 2001::77\npeer tere0 del 2001:0:c000:201::b\n' > /tmp/td-batch
check_eq "-f: goes on after a failed line, and exits 1" "1 2001::78" \
	"$(in_ns sh1 "$TEREDOCTL" -f -b /tmp/td-batch >/dev/null 2>&1; echo $? \
	   "$(json_get "$(in_ns sh1 "$TEREDOCTL" -j peer tere0)" '" ".join(p["address"] for p in d)')")"
in_ns sh1 "$TEREDOCTL" peer tere0 del 2001::78
check_output "-b refuses a command that runs until stopped" \
	"^teredoctl: 'relay' runs until stopped: not in a batch$" \
	sh -c "echo 'relay tere0' | $TEREDOCTL -b -"
check_output "... an option it does not know" "^teredoctl: unknown option '-V' in a batch" \
	sh -c "echo '-V show' | $TEREDOCTL -b -"
check_output "... an unknown command" "^teredoctl: unknown command 'peers'" \
	sh -c "echo 'peers tere0' | $TEREDOCTL -b -"
check_output "... a file it cannot read" '^teredoctl: /nonexistent: No such file or directory$' \
	"$TEREDOCTL" -b /nonexistent
check_output "... and commands on the command line too" \
	'^teredoctl: -b takes its commands from -, not the command line$' "$TEREDOCTL" -b - show
check_output "-f without -b is a usage error" '^teredoctl: -f goes with -b$' "$TEREDOCTL" -f show
for i in 1 2 3; do echo "peer tere0 add 2001:0:c000:201::f$i mapping 192.0.2.7:$i"; done |
	in_ns sh1 "$TEREDOCTL" -b -
check "peer flush" in_ns sh1 "$TEREDOCTL" peer tere0 flush
check_eq "... leaves no peer" 0 "$(json_get "$(in_ns sh1 "$TEREDOCTL" -j show tere0)" 'd[0]["peers"]["count"]')"
check "... and an empty table flushes too" in_ns sh1 "$TEREDOCTL" peer tere0 flush
check_output "peer flush of an stf device: refused" '^teredoctl: stf0: not a teredo device$' \
	in_ns sh1 "$TEREDOCTL" peer stf0 flush
check_output "... of no device: no such device" ': no such device$' \
	in_ns sh1 "$TEREDOCTL" peer nosuch flush
check_output "... with an argument: usage" 'usage: peer DEV' in_ns sh1 "$TEREDOCTL" peer tere0 flush 2001::1
check_output "peers of an stf device: refused" '^teredoctl: stf0: not a teredo device$' \
	in_ns sh1 "$TEREDOCTL" peer stf0
check_output "genl: a peer request without the peer nest" \
	'^error: EINVAL: peer \(TEREDO_A_PEER\) missing$' in_ns sh1 "$GENL_RAW" 5 2:str:tere0
check_output "genl: a peer nest without its address" \
	"^error: EINVAL: the peer's address is missing$" in_ns sh1 "$GENL_RAW" 5 2:str:tere0 "0x8017:bin:0500050001000000"
# peer-add's nest takes what a peer is given, not what the kernel reports
# of it: an address (2001:0:c000:201:0:f227:39cc:9bfe), then last-rx.
raw_addr6=1400020020010000c00002010000f22739cc9bfe
check_output "genl: peer-add with a read-only peer attribute (last-rx) is refused" \
	'^error: EINVAL: Unsupported attribute$' \
	in_ns sh1 "$GENL_RAW" 5 2:str:tere0 "0x8017:bin:${raw_addr6}0800060000000000"
check_output "... the same peer without it is added" '^ok$' \
	in_ns sh1 "$GENL_RAW" 5 2:str:tere0 "0x8017:bin:${raw_addr6}"
check_output "... and deleted" '^ok$' \
	in_ns sh1 "$GENL_RAW" 6 2:str:tere0 "0x8017:bin:${raw_addr6}"
check_output "genl: peer-max below 4 is out of range" \
	'^error: (EINVAL|ERANGE): .+' in_ns sh1 "$GENL_RAW" 3 2:str:tere0 19:u32:3
check_output "genl: peer-count is read-only" \
	'^error: EINVAL: Unsupported attribute$' in_ns sh1 "$GENL_RAW" 3 2:str:tere0 21:u32:3
check_output "teredoctl checks peer-max itself" \
	"^teredoctl: dev: peer-max takes a number from 4 to 1048576, not '3'$" \
	in_ns sh1 "$TEREDOCTL" dev tere0 set peer-max 3
check "inbound on, peer-max and peer-expiry are set" \
	in_ns sh1 "$TEREDOCTL" dev tere0 set inbound on peer-max 100 peer-expiry 5
check_output "... and shown" '^    peers 0 max 100 expiry 5s \([0-9]+ bytes each\) inbound open$' \
	in_ns sh1 "$TEREDOCTL" show tere0
check "bubble-rate is set" in_ns sh1 "$TEREDOCTL" dev tere0 set bubble-rate 7
check_output "... shown (JSON)" '"bubble_rate":7' in_ns sh1 "$TEREDOCTL" -j show tere0
check "... 0 lifts the limit" in_ns sh1 "$TEREDOCTL" dev tere0 set bubble-rate 0
check_output "... shown so" '^    bubbles not rate-limited$' in_ns sh1 "$TEREDOCTL" show tere0
check_output "genl: bubble-rate above 1000000 is refused with a reason" \
	'^error: (EINVAL|ERANGE): .+' in_ns sh1 "$GENL_RAW" 3 2:str:tere0 25:u32:1000001
check_output "teredoctl checks bubble-rate itself" \
	"^teredoctl: dev: bubble-rate takes a number from 0 to 1000000, not '1000001'$" \
	in_ns sh1 "$TEREDOCTL" dev tere0 set bubble-rate 1000001
in_ns sh1 "$TEREDOCTL" dev tere0 set bubble-rate 1000
check "load-reduction off is set" in_ns sh1 "$TEREDOCTL" dev tere0 set load-reduction off
check_output "... shown (JSON)" '"load_reduction":false' in_ns sh1 "$TEREDOCTL" -j show tere0
check_output "genl: load-reduction above 1 is refused with a reason" \
	'^error: (EINVAL|ERANGE): .+' in_ns sh1 "$GENL_RAW" 3 2:str:tere0 27:u8:2
check_output "teredoctl checks load-reduction itself" \
	"^teredoctl: dev: load-reduction takes on or off, not 'maybe'$" \
	in_ns sh1 "$TEREDOCTL" dev tere0 set load-reduction maybe
check "... and on again" in_ns sh1 "$TEREDOCTL" dev tere0 set load-reduction on
check_output "... shown so" '^    server load reduction on$' in_ns sh1 "$TEREDOCTL" show tere0
check_output "open-mapping is off on a new device" '"open_mapping":false' \
	in_ns sh1 "$TEREDOCTL" -j show tere0
check "open-mapping on is set" in_ns sh1 "$TEREDOCTL" dev tere0 set open-mapping on
check_output "... shown (JSON)" '"open_mapping":true' in_ns sh1 "$TEREDOCTL" -j show tere0
check_output "... shown so" '^    mapping open to all \(UPnP\)$' in_ns sh1 "$TEREDOCTL" show tere0
check_output "genl: open-mapping above 1 is refused with a reason" \
	'^error: (EINVAL|ERANGE): .+' in_ns sh1 "$GENL_RAW" 3 2:str:tere0 28:u8:2
check "... a new mapping closes it" \
	in_ns sh1 "$TEREDOCTL" dev tere0 set mapping 198.51.100.9:4000
check_output "... shown (JSON)" '"open_mapping":false' in_ns sh1 "$TEREDOCTL" -j show tere0
check_output "prediction is none on a new device" '"prediction":"none"' \
	in_ns sh1 "$TEREDOCTL" -j show tere0
check "prediction sequential is set" in_ns sh1 "$TEREDOCTL" dev tere0 set prediction sequential
check_output "... shown so" '^    ports predicted per peer \(sequential NAT\)$' \
	in_ns sh1 "$TEREDOCTL" show tere0
check_output "teredoctl names the predictions it takes" \
	'prediction takes none, port-preserving or sequential, not .bogus.' \
	in_ns sh1 "$TEREDOCTL" dev tere0 set prediction bogus
check_output "genl: a prediction above the last is refused with a reason" \
	'^error: (EINVAL|ERANGE): .+' in_ns sh1 "$GENL_RAW" 3 2:str:tere0 29:u8:3
check "... a new mapping drops it" \
	in_ns sh1 "$TEREDOCTL" dev tere0 set mapping 198.51.100.9:4001
check_output "... shown (JSON)" '"prediction":"none"' in_ns sh1 "$TEREDOCTL" -j show tere0
check_fails "a refused dev-set (qualified without socket) ..." \
	in_ns sh1 "$TEREDOCTL" dev tere0 set peer-max 50 qualified on
check_output "... changes nothing, peer-max included" '^    peers 0 max 100 expiry 5s ' \
	in_ns sh1 "$TEREDOCTL" show tere0
# A new bound re-hashes the peers into a table of its size: none lost.
in_ns sh1 "$TEREDOCTL" dev tere0 set peer-expiry 3600
for i in $(seq 1 40); do
	echo "peer tere0 add 2001:0:c000:201::$(printf %x "$i") mapping 192.0.2.7:$((4000 + i)) trusted on"
done | in_ns sh1 "$TEREDOCTL" -b -
# One batch of 40 lookups: it fails at the first peer not found.
all_found() {
	for i in $(seq 1 40); do
		echo "peer tere0 show 2001:0:c000:201::$(printf %x "$i")"
	done | in_ns sh1 "$TEREDOCTL" -b - >/dev/null
}
for max in 1048576 40 5000; do
	check "peer-max $max (another table size)" in_ns sh1 "$TEREDOCTL" dev tere0 set peer-max $max
	check_eq "... keeps all 40 peers" 40 "$(json_get "$(in_ns sh1 "$TEREDOCTL" -j peer tere0)" 'len(d)')"
	check "... each found by its address" all_found
done
check_output "monitor: an unknown device is refused" "^teredoctl: monitor: no such device 'nosuch0'$" \
	in_ns sh1 "$TEREDOCTL" monitor nosuch0
check_output "monitor: a bad count is refused" "^teredoctl: monitor: count takes a number from 1 to 4294967295, not '0'$" \
	in_ns sh1 "$TEREDOCTL" monitor count 0

# Without the module (and no way to load it) teredoctl says what to do.
cleanup_netns
modprobe -r teredo
extra=/lib/modules/$(uname -r)/extra
mount -t tmpfs none "$extra"
check_output "without the module, teredoctl says it is not loaded" \
	'^teredoctl: the teredo kernel module is not loaded and could not be loaded \(try: modprobe teredo\)$' \
	"$TEREDOCTL" show
check_fails "... and fails" "$TEREDOCTL" show
umount "$extra"
check "with the module back, teredoctl loads it" "$TEREDOCTL" show

tap_done
