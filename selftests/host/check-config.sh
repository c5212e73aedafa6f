#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# teredoctl check-config on the host: Miredo's own example files and
# ours are accepted; every kind of bad line is refused with its line
# number; the command line of a role refuses what the file refuses.
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
tap_start
ctl=$TEREDOCTL
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT

# good NAME TEXT EXPECT: valid, and the summary contains EXPECT.
good() {
	printf '%b' "$2" > "$d/f"
	out=$("$ctl" check-config "$d/f" 2>&1)
	rc=$?
	[ $rc = 0 ] && [[ $out == *"$3"* ]]
	ok_if $? "accepted: $1"
	[ $rc = 0 ] || echo "#   $out"
}

# bad NAME TEXT EXPECT: refused (exit 1) with EXPECT in the message.
bad() {
	printf '%b' "$2" > "$d/f"
	out=$("$ctl" check-config "$d/f" 2>&1)
	rc=$?
	[ $rc = 1 ] && [[ $out == *"$3"* ]]
	ok_if $? "refused: $1"
	[ $rc = 1 ] && [[ $out == *"$3"* ]] || echo "#   exit $rc: $out"
}

good "Miredo's default client file" \
	"# Miredo client\nRelayType client\nServerAddress teredo.remlab.net\n#ServerAddress2 x\nInterfaceName teredo\n" \
	"valid: client, server teredo.remlab.net, interface teredo"
good "directives in any case, tabs, trailing comment" \
	"relaytype\tCLIENT\nserveraddress 192.0.2.1 # the server\nBindPort 3545\nInterfaceMTU 1400\nSyslogFacility local3\n" \
	"valid: client, server 192.0.2.1"
good "a relay" "RelayType cone\nInterfaceName tr0\nBindAddress 192.0.2.7\n" \
	"valid: relay, interface tr0"
good "a relay that leaves its route to a routing daemon" \
	"RelayType relay\nRelayRoute no\n" "valid: relay, interface teredo, no route of its own"
good "miredo-server.conf (no RelayType)" \
	"ServerBindAddress 198.51.100.10\nServerBindAddress2 198.51.100.11\n" \
	"valid: server, bound to 198.51.100.10"
good "a server with a device, whose kernel answers plain solicitations" \
	"ServerBindAddress 198.51.100.10\nInterfaceName ts\n" \
	"valid: server, bound to 198.51.100.10, interface ts"
bad "a server's device with AuthKeysFile" \
	"ServerBindAddress 198.51.100.10\nInterfaceName ts\nAuthKeysFile /etc/kteredo/clients\n" \
	"AuthKeysFile and InterfaceName do not go together"
good "no RelayType means client, as in Miredo" "ServerAddress 192.0.2.1\n" "valid: client"
good "LocalDiscovery, in later Miredo's words" \
	"ServerAddress 192.0.2.1\nLocalDiscovery enabled\n" "interface teredo, local discovery"
good "DiscoveryInterfaces (later Miredo's), a regular expression" \
	"ServerAddress 192.0.2.1\nLocalDiscovery yes\nDiscoveryInterfaces ^(eth|en)\n" \
	"local discovery on links matching '^(eth|en)'"
good "DiscoveryNetmask (later Miredo's)" \
	"ServerAddress 192.0.2.1\nLocalDiscovery yes\nDiscoveryNetmask 255.255.255.0\n" \
	"local discovery, peers' NATs under netmask 255.255.255.0"
good "ConeProbe (the cone test)" "ServerAddress 192.0.2.1\nConeProbe yes\n" \
	"interface teredo, cone test"
good "secure qualification, a client's" \
	"ServerAddress 192.0.2.1\nAuthIdentifier office-7\nAuthSecretFile /etc/kteredo/secret\n" \
	"secure qualification as 'office-7' (secret in /etc/kteredo/secret)"
good "secure qualification, a server's" \
	"ServerBindAddress 198.51.100.10\nAuthKeysFile /etc/kteredo/clients\n" \
	"secure qualification only (keys in /etc/kteredo/clients)"
bad "AuthIdentifier without AuthSecretFile" "ServerAddress a\nAuthIdentifier x\n" \
	"AuthIdentifier and AuthSecretFile go together"
bad "AuthSecretFile, a relative path" "ServerAddress a\nAuthIdentifier x\nAuthSecretFile secret\n" \
	"f:3: AuthSecretFile 'secret' is an absolute path"
bad "AuthIdentifier longer than 255 bytes" \
	"ServerAddress a\nAuthIdentifier $(printf 'i%.0s' $(seq 1 256))\n" "is 1 to 255 bytes"
bad "AuthKeysFile in a client" "ServerAddress a\nAuthKeysFile /etc/k\n" "AuthKeysFile is for servers"
bad "AuthIdentifier in a server" \
	"ServerBindAddress 198.51.100.10\nAuthIdentifier x\nAuthSecretFile /etc/s\n" \
	"ConeProbe, AuthIdentifier and AuthSecretFile are for clients"
bad "ConeProbe in a relay" "RelayType relay\nConeProbe yes\n" \
	"ConeProbe, AuthIdentifier and AuthSecretFile are for clients"
bad "RelayRoute in a client" "ServerAddress a\nRelayRoute no\n" \
	"RelayRoute is for relays, not a client"
bad "RelayRoute maybe" "RelayType relay\nRelayRoute maybe\n" "f:2: RelayRoute 'maybe' is yes or no"
bad "ConeProbe maybe" "ServerAddress a\nConeProbe maybe\n" "f:2: ConeProbe 'maybe' is yes or no"
good "a client without server load reduction" \
	"ServerAddress 192.0.2.1\nServerLoadReduction no\n" \
	"valid: client, server 192.0.2.1, interface teredo, no server load reduction"
good "a relay with it, as by default" "RelayType relay\nServerLoadReduction yes\n" \
	"valid: relay, interface teredo"
bad "ServerLoadReduction in a server" \
	"ServerBindAddress 198.51.100.10\nServerLoadReduction no\n" \
	"ServerLoadReduction is for clients and relays, not a server"
bad "ServerLoadReduction maybe" "ServerAddress a\nServerLoadReduction maybe\n" \
	"f:2: ServerLoadReduction 'maybe' is yes or no"
good "UPnP (RFC 6081), its defaults" "ServerAddress 192.0.2.1\nUPnP yes\n" \
	"valid: client, server 192.0.2.1, interface teredo, UPnP (search 2000 ms, lease 3600 s)"
good "UPnP with its timeout and lease" \
	"ServerAddress 192.0.2.1\nUPnP yes\nUPnPTimeout 500\nUPnPLease 600\n" \
	"UPnP (search 500 ms, lease 600 s)"
bad "UPnP in a relay" "RelayType relay\nUPnP yes\n" \
	"UPnP, UPnPTimeout and UPnPLease are for clients"
bad "UPnPLease in a server" "ServerBindAddress 198.51.100.10\nUPnPLease 60\n" \
	"UPnP, UPnPTimeout and UPnPLease are for clients"
bad "UPnP with SocketNetns" "ServerAddress a\nSocketNetns host\nUPnP yes\n" \
	"UPnP does not go with SocketNetns"
bad "UPnP maybe" "ServerAddress a\nUPnP maybe\n" "f:2: UPnP 'maybe' is yes or no"
bad "UPnPTimeout 50 ms" "ServerAddress a\nUPnPTimeout 50\n" "f:2: UPnPTimeout '50' is 100 to 60000 ms"
bad "UPnPLease 1 s" "ServerAddress a\nUPnPLease 1\n" "f:2: UPnPLease '1' is 2 to 86400 seconds"
printf 'ServerAddress 192.0.2.1\nLocalDiscovery no\n' > "$d/f"
out=$("$ctl" check-config "$d/f" 2>&1)
[ $? = 0 ] && [[ $out != *discovery* ]]
ok_if $? "accepted: LocalDiscovery no, and not reported"
for f in /etc/miredo/miredo.conf "$REPO"/tools/examples/*.conf; do
	[ -e "$f" ] || continue
	out=$("$ctl" check-config "$f" 2>&1)
	ok_if $? "example $(basename "$f") is valid"
done

bad "unknown directive, with its line" "RelayType client\n\nServerAddress 192.0.2.1\nPrefix 2001:db8::\n" \
	"f:4: unknown setting 'Prefix'"
bad "directive without value" "RelayType client\nServerAddress\n" "f:2: ServerAddress needs a value"
bad "two values" "ServerAddress 192.0.2.1 192.0.2.2\n" "f:1: ServerAddress takes one value"
bad "set twice" "ServerAddress a\nRelayType client\nserveraddress b\n" \
	"f:3: ServerAddress is already set on line 1"
bad "bad RelayType" "RelayType bridge\n" "f:1: RelayType 'bridge' is client, autoclient"
bad "bad BindAddress" "ServerAddress a\nBindAddress 300.1.1.1\n" "f:2: BindAddress '300.1.1.1' is not an IPv4 address"
bad "port out of range" "ServerAddress a\nBindPort 65536\n" "f:2: BindPort '65536' is a UDP port"
bad "negative port" "ServerAddress a\nBindPort -1\n" "f:2: BindPort '-1' is a UDP port"
bad "MTU below 1280" "ServerAddress a\nInterfaceMTU 1000\n" "f:2: InterfaceMTU '1000' is 1280 to 65535"
bad "interface name too long" "ServerAddress a\nInterfaceName abcdefghijklmnopq\n" \
	"f:2: InterfaceName 'abcdefghijklmnopq' is not a valid interface name"
bad "bad syslog facility" "ServerAddress a\nSyslogFacility kern\n" "f:2: SyslogFacility 'kern'"
bad "LocalDiscovery forced (Miredo's global-address mode)" "ServerAddress a\nLocalDiscovery forced\n" \
	"f:2: LocalDiscovery 'forced' is yes or no"
bad "LocalDiscovery in a relay" "RelayType relay\nLocalDiscovery yes\n" \
	"AllowInbound and LocalDiscovery are for clients"
bad "DiscoveryInterfaces in a relay" "RelayType relay\nDiscoveryInterfaces eth\n" \
	"and so are DiscoveryInterfaces and DiscoveryNetmask"
good "SocketNetns, by name" "ServerAddress 192.0.2.1\nSocketNetns host\n" \
	"interface teredo, socket in namespace host"
good "SocketNetns, a relay's, by path" "RelayType relay\nSocketNetns /proc/1/ns/net\n" \
	"valid: relay, interface teredo, socket in namespace /proc/1/ns/net"
bad "SocketNetns in a server" "ServerBindAddress 198.51.100.10\nSocketNetns host\n" \
	"SocketNetns is for clients and relays, not a server"
bad "SocketNetns with LocalDiscovery" "ServerAddress a\nLocalDiscovery yes\nSocketNetns host\n" \
	"LocalDiscovery does not go with SocketNetns"
bad "SocketNetns that names no namespace" "ServerAddress a\nSocketNetns ..\n" \
	"f:2: SocketNetns '..' is not a namespace's name"
bad "SocketNetns, a relative path" "ServerAddress a\nSocketNetns run/netns/host\n" \
	"f:2: SocketNetns 'run/netns/host' is a name or an absolute path"
bad "DiscoveryInterfaces that does not compile" "ServerAddress a\nLocalDiscovery yes\nDiscoveryInterfaces eth(\n" \
	"f:3: DiscoveryInterfaces 'eth(' is not a valid extended regular expression"
bad "DiscoveryInterfaces whose compiling would take gigabytes (+ after +)" \
	"ServerAddress a\nLocalDiscovery yes\nDiscoveryInterfaces S+++++++++++++++++++++++\n" \
	"f:3: DiscoveryInterfaces 'S+++++++++++++++++++++++' has more than 8 +"
bad "DiscoveryInterfaces with intervals (a{255}{255}{255} takes gigabytes)" \
	"ServerAddress a\nLocalDiscovery yes\nDiscoveryInterfaces a{255}{255}{255}\n" \
	"f:3: DiscoveryInterfaces 'a{255}{255}{255}' uses {n,m}, which is not taken here"
bad "DiscoveryInterfaces longer than 64 bytes" \
	"ServerAddress a\nLocalDiscovery yes\nDiscoveryInterfaces $(printf 'e%.0s' $(seq 1 65))\n" \
	"is longer than 64 bytes"
bad "DiscoveryInterfaces without LocalDiscovery yes" "ServerAddress a\nDiscoveryInterfaces eth\n" \
	"DiscoveryInterfaces and DiscoveryNetmask need LocalDiscovery yes"
bad "DiscoveryNetmask that is no address" "ServerAddress a\nLocalDiscovery yes\nDiscoveryNetmask 255.255.255.256\n" \
	"f:3: DiscoveryNetmask '255.255.255.256' is a netmask in dotted-quad notation"
bad "DiscoveryNetmask 0.0.0.0 (any NAT at all)" "ServerAddress a\nLocalDiscovery yes\nDiscoveryNetmask 0.0.0.0\n" \
	"f:3: DiscoveryNetmask '0.0.0.0' is a netmask in dotted-quad notation, not 0.0.0.0"
bad "LocalDiscovery with BindPort 3544" "ServerAddress a\nBindPort 3544\nLocalDiscovery yes\n" \
	"LocalDiscovery listens on port 3544: BindPort must be another"
bad "client without server" "RelayType client\nInterfaceName t\n" "a client needs ServerAddress"
bad "server address in a relay" "RelayType relay\nServerAddress 192.0.2.1\n" \
	"ServerAddress is for clients, not a relay"
bad "line too long" "ServerAddress $(head -c 2000 /dev/zero | tr '\0' a)\n" "f:1: line too long"
bad "an empty file (a client with no server)" "" "a client needs ServerAddress"
rm -f "$d/f"
out=$("$ctl" check-config "$d/f" 2>&1)
[ $? = 1 ] && [[ $out == *"No such file"* ]]
ok_if $? "refused: a file that does not exist"

printf 'RelayType relay\n' > "$d/relay.conf"
out=$("$ctl" client -c "$d/relay.conf" 2>&1)
[ $? = 2 ] && [[ $out == *"describes a relay"* ]]
ok_if $? "client -c FILE refuses a relay's file"
out=$("$ctl" client tX -c "$d/relay.conf" 2>&1)
[ $? = 2 ] && [[ $out == *"describes a relay"* ]]
ok_if $? "client DEV -c FILE reads the file too (-c after the device)"
out=$("$ctl" client --server 192.0.2.1 --port 70000 2>&1)
[ $? = 2 ] && [[ $out == *"--port '70000' is 0 to 65535"* ]]
ok_if $? "client refuses a bad --port"
out=$("$ctl" client --server 192.0.2.1 --local-discovery maybe 2>&1)
[ $? = 2 ] && [[ $out == *"--local-discovery 'maybe' is on or off"* ]]
ok_if $? "client refuses a bad --local-discovery"
out=$("$ctl" client --server 192.0.2.1 --local-discovery on --discovery-interfaces 'eth[' 2>&1)
[ $? = 2 ] && [[ $out == *"--discovery-interfaces 'eth[' is not a valid extended regular expression"* ]]
ok_if $? "client refuses a --discovery-interfaces that does not compile"
out=$("$ctl" client --server 192.0.2.1 --local-discovery on --discovery-netmask 255.0 2>&1)
[ $? = 2 ] && [[ $out == *"--discovery-netmask '255.0' is a netmask"* ]]
ok_if $? "client refuses a bad --discovery-netmask"
out=$("$ctl" relay --local-discovery on 2>&1)
[ $? = 2 ] && [[ $out == *"unknown option '--local-discovery'"* ]]
ok_if $? "relay refuses --local-discovery"
out=$("$ctl" server --primary 192.0.2.1 --socket-netns host 2>&1)
[ $? = 2 ] && [[ $out == *"unknown option '--socket-netns'"* ]]
ok_if $? "server refuses --socket-netns"
out=$("$ctl" server ts --primary 192.0.2.1 --auth-keys /etc/kteredo/clients 2>&1)
[ $? = 2 ] && [[ $out == *"AuthKeysFile and InterfaceName do not go together"* ]]
ok_if $? "server refuses a device with --auth-keys"
out=$("$ctl" server ts extra --primary 192.0.2.1 2>&1)
[ $? = 2 ] && [[ $out == *"unexpected argument 'extra'"* ]]
ok_if $? "server takes one device at most"
out=$("$ctl" client --server 192.0.2.1 --socket-netns "" 2>&1)
[ $? = 2 ] && [[ $out == *"--socket-netns '' is a namespace's name or path"* ]]
ok_if $? "client refuses an empty --socket-netns"
out=$("$ctl" client 2>&1)
[ $? = 2 ] && [[ $out == *"a client needs ServerAddress"* ]]
ok_if $? "client without --server is refused"
out=$("$ctl" relay --primary 192.0.2.1 2>&1)
[ $? = 2 ] && [[ $out == *"unknown option"* ]]
ok_if $? "relay refuses a server's option"
out=$("$ctl" server 2>&1)
[ $? = 2 ] && [[ $out == *"a server needs ServerBindAddress"* ]]
ok_if $? "server without --primary is refused"
out=$("$ctl" run 2>&1)
[ $? = 2 ]
ok_if $? "run without -c is a usage error"
out=$("$ctl" client --server 192.0.2.1 --upnp-timeout 99 2>&1)
[ $? = 2 ] && [[ $out == *"--upnp-timeout '99' is 100 to 60000 ms"* ]]
ok_if $? "client refuses a --upnp-timeout below 100 ms"
out=$("$ctl" relay --upnp on 2>&1)
[ $? = 2 ] && [[ $out == *"unknown option '--upnp'"* ]]
ok_if $? "relay refuses --upnp"
out=$("$ctl" client --server 192.0.2.1 --cone-probe yes 2>&1)
[ $? = 2 ] && [[ $out == *"--cone-probe 'yes' is on or off"* ]]
ok_if $? "client refuses a bad --cone-probe"
out=$("$ctl" client --server 192.0.2.1 --auth-id 'two words' --auth-secret /s 2>&1)
[ $? = 2 ] && [[ $out == *"is printable and has no spaces"* ]]
ok_if $? "client refuses an --auth-id with a space"
out=$("$ctl" server --primary 192.0.2.1 --auth-keys /nonexistent/keys 2>&1)
[ $? = 1 ] && [[ $out == *"/nonexistent/keys: No such file"* ]]
ok_if $? "server refuses an --auth-keys that does not exist"
out=$("$ctl" client --server 192.0.2.1 --auth-keys /k 2>&1)
[ $? = 2 ] && [[ $out == *"unknown option '--auth-keys'"* ]]
ok_if $? "client refuses the server's --auth-keys"
out=$("$ctl" relay --route no 2>&1)
[ $? = 2 ] && [[ $out == *"--route 'no' is on or off"* ]]
ok_if $? "relay refuses a bad --route"
out=$("$ctl" client --server 192.0.2.1 --route off 2>&1)
[ $? = 2 ] && [[ $out == *"unknown option '--route'"* ]]
ok_if $? "client refuses the relay's --route"

tap_done
