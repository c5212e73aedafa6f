#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Device life cycle: autoload, create and delete in namespaces, namespace
# deletion with devices in it, module unload while devices exist.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
tap_start
loaded() { grep -q '^teredo ' /proc/modules; }
refcnt() { cat /sys/module/teredo/refcnt; }

modprobe -r teredo 2>/dev/null
check_fails "module not loaded at start" loaded

check "ip link add type teredo autoloads the module" ip link add t0 type teredo
check "module is loaded" loaded
check "teredo device has MTU 1280" \
	sh -c 'ip -d link show t0 | grep -q "mtu 1280 .*state DOWN"'
check "teredo device is point-to-point and NOARP" \
	sh -c 'ip link show t0 | grep -q "<POINTOPOINT,NOARP>"'
check "MTU below 1280 is refused" \
	sh -c '! ip link set t0 mtu 1279 2>/dev/null'
check "MTU can be raised" ip link set t0 mtu 1400
check "teredo rejects a link-layer address" \
	sh -c '! ip link add t1 address 00:11:22:33:44:55 type teredo 2>/dev/null'
ip link set t0 up
check "no carrier before configuration" \
	sh -c 'ip link show t0 | grep -q NO-CARRIER'
check "delete teredo device" ip link del t0
modprobe -r teredo
check "module unloads when unused" sh -c '! grep -q "^teredo " /proc/modules'

check "ip link add type stf autoloads the module" ip link add s0 type stf
check "stf device is point-to-point and NOARP" \
	sh -c 'ip link show s0 | grep -q "<POINTOPOINT,NOARP>"'
check "delete stf device" ip link del s0

netns_new lc1 lc2
check "create teredo in a netns" ip -n lc1 link add t0 type teredo
check "create stf in a netns" ip -n lc1 link add s0 type stf
check "same names in another netns" ip -n lc2 link add t0 type teredo
check "devices stay in their netns" sh -c '! ip link show t0 2>/dev/null'
check_fails "moving a device to another netns is refused" \
	ip -n lc1 link set t0 netns lc2
check "delete in a netns" ip -n lc2 link del t0

# Namespace teardown with devices inside must unregister them.
ip -n lc2 link add t9 type teredo
ip -n lc2 link add s9 type stf
check "netns with devices can be deleted" ip netns del lc2
for _ in $(seq 1 20); do
	ip netns add churn
	ip -n churn link add t0 type teredo
	ip -n churn link add s0 type stf
	ip -n churn link set t0 up
	ip netns del churn
done
check "20 netns create/delete cycles with devices" true
# The namespaces go in a workqueue (cleanup_net), not at ip netns del.
refcnt_zero() { [ "$(refcnt)" = 0 ]; }
check "module refcount drops back to 0" wait_for 20 refcnt_zero
[ "$(refcnt)" = 0 ] || echo "# refcount $(refcnt)"

# Without carrier the stack keeps traffic away from the device (its qdisc
# stays noop until carrier comes up): nothing must be sent, nothing leak.
ip -n lc1 link set t0 up
ip -n lc1 -6 addr add 2001:db8::1/64 dev t0 nodad
in_ns lc1 ping -6 -c 3 -i 0.2 -W 1 2001:db8::2 >/dev/null 2>&1
j=$(in_ns lc1 "$TEREDOCTL" -j -s show t0)
check_eq "no packet leaves an unconfigured device" "0 0" \
	"$(json_get "$j" '"%d %d" % (d[0]["stats"]["tx_packets"], d[0]["stats"]["tx_bytes"])')"
check_eq "unconfigured device reports zero drop counters" "0 0" \
	"$(json_get "$j" '"%d %d" % (d[0]["stats"]["tx_not_configured"], d[0]["stats"]["tx_not_ipv6"])')"

# rmmod while devices exist in several namespaces removes them all.
netns_new lc3
ip -n lc3 link add t0 type teredo
ip link add t5 type teredo
check "rmmod with devices in several netns" modprobe -r teredo
check "devices are gone after rmmod" \
	sh -c '! ip -n lc1 link show t0 2>/dev/null && ! ip -n lc3 link show t0 2>/dev/null && ! ip link show t5 2>/dev/null'
modprobe teredo

tap_done
