#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian packages (make deb) in the guest: DKMS's teredo.ko is what
# `ip link add type teredo` loads, the systemd unit's command qualifies a
# client with a server in another namespace, and dpkg -P takes everything
# away. The host's packaging test installs both packages in a throwaway
# root, where DKMS builds with the native compiler, and leaves the module
# it built in build/deb/dkms/<kver>/: that module is put where DKMS puts
# it. Without it (or when it is older than the package), DKMS builds here,
# 4 to 5 minutes under TCG.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
tap_start
debs=$REPO/build/deb
version=$(cat "$REPO/VERSION")
ctl_deb=$(ls "$debs"/teredoctl_"$version"_*.deb 2>/dev/null)
dkms_deb=$debs/teredo-dkms_${version}_all.deb
if [ ! -e "$dkms_deb" ] || [ -z "$ctl_deb" ]; then
	skip "Debian packages" "build/deb has no packages (make deb)"
	tap_done
fi
kver=$(uname -r)
workdir packages

# The guest has the build tree's module in extra/; a fresh machine has
# none, and DKMS would refuse to shadow a module of the same version.
# Put it and the module index aside; both come back at the end.
modprobe -r teredo 2>/dev/null
check "the module can be unloaded first" sh -c "! grep -q '^teredo ' /proc/modules"
mods=/lib/modules/$kver
mkdir -p "$W/index"
cp -a "$mods"/modules.* "$W/index/"
mv "$mods/extra/teredo.ko" "$W/"
restore() {
	modprobe -r teredo 2>/dev/null
	mv "$W/teredo.ko" "$mods/extra/"
	cp -a "$W/index/"* "$mods/"
}
t0=$SECONDS

# Debian 13's DKMS installs teredo.ko.xz, as its kernel's modules are.
host_ko=$(ls "$REPO/build/deb/dkms/$kver"/teredo.ko* 2>/dev/null | head -n 1)
host_ko=${host_ko:-$REPO/build/deb/dkms/$kver/teredo.ko}
dkms_ko=/lib/modules/$kver/updates/dkms/$(basename "$host_ko")
if [ "$host_ko" -nt "$dkms_deb" ]; then
	mkdir -p "$(dirname "$dkms_ko")"
	# With the module index DKMS wrote there (depmod here, over 9p and
	# on Debian 13's compressed modules, takes minutes).
	index=$(dirname "$host_ko")/index
	if [ -e "$index/modules.dep" ]; then
		check "the module DKMS built on the host goes where DKMS installs it, with its index" \
			sh -c "cp '$host_ko' '$dkms_ko' && cp '$index'/modules.* '$mods/'"
	else
		check "the module DKMS built on the host goes where DKMS installs it" \
			sh -c "cp '$host_ko' '$dkms_ko' && depmod '$kver'"
	fi
	packages=teredoctl
else
	check "dpkg -i teredo-dkms: DKMS builds and installs teredo.ko" \
		sh -c "dpkg -i '$dkms_deb' > $W/dkms.log 2>&1"
	echo "# dpkg -i teredo-dkms (DKMS build under TCG) took $((SECONDS - t0)) s"
	check_output "... dkms status: installed for the running kernel" \
		"teredo/$version, $kver, [^:]*: installed" dkms status teredo
	check "... the module is under updates/dkms" test -e "$dkms_ko"
	packages="teredoctl teredo-dkms"
fi
check "dpkg -i teredoctl" sh -c "dpkg -i '$ctl_deb' > $W/ctl.log 2>&1"
check "... dpkg sees it installed" sh -c \
	"dpkg-query -W -f='\${Status}\n' $packages | grep -c 'install ok installed' | grep -qx $(echo $packages | wc -w)"
check_output "... /usr/sbin/teredoctl is the packaged one" "teredoctl $version" /usr/sbin/teredoctl -V

netns_new pkS pkC
veth pkS wan pkC wan
addr pkS wan 198.51.100.10/24
addr pkS wan 198.51.100.11/24
addr pkC wan 198.51.100.20/24
check "ip link add type teredo loads the DKMS-built module" ip -n pkC link add probe0 type teredo
ip -n pkC link del probe0
check_eq "... the one DKMS built (same srcversion)" \
	"$(modinfo -F srcversion "$dkms_ko")" \
	"$(cat /sys/module/teredo/srcversion)"

# The unit's command line, as systemd would run it for teredoctl@client.
unit=/usr/lib/systemd/system/teredoctl@.service
check "the unit is installed" test -e "$unit"
exec_start=$(sed -n 's/^ExecStart=//p' "$unit" | sed 's/%i/client/g')
pre=$(sed -n 's/^ExecStartPre=//p' "$unit" | sed 's/%i/client/g')
mkdir -p /etc/kteredo
cp /usr/share/doc/teredoctl/examples/client.conf /etc/kteredo/client.conf
sed -i 's/^ServerAddress .*/ServerAddress 198.51.100.10/' /etc/kteredo/client.conf
ip netns exec pkS /usr/sbin/teredoctl server --primary 198.51.100.10 >"$W/server.log" 2>&1 &
srv=$!
check "the unit's ExecStartPre accepts the example config" ip netns exec pkC $pre
ip netns exec pkC $exec_start >"$W/client.log" 2>&1 &
cli=$!
check "the unit's ExecStart qualifies the client with the server" wait_for 20 \
	sh -c "ip netns exec pkC /usr/sbin/teredoctl show teredo | grep -q 'state qualified'"
kill $cli
wait $cli
check_eq "... and stops cleanly on SIGTERM (the unit's KillSignal)" 0 $?
kill $srv
wait $srv
cleanup_netns

check "dpkg -P $packages" sh -c "dpkg -P $packages > $W/rm.log 2>&1"
check_fails "... teredoctl is gone" test -e /usr/sbin/teredoctl
check_fails "... so is the unit" test -e "$unit"
if [ "$packages" = teredoctl ]; then
	# teredo-dkms's removal was checked on the host.
	rm -f "$dkms_ko"
else
	check_eq "... DKMS knows no teredo any more" "" "$(dkms status teredo 2>/dev/null)"
	check_fails "... and the module file is gone" test -e "$dkms_ko"
	check_fails "... so are its sources" test -e "/usr/src/teredo-$version"
fi
restore
check "the build tree's module is back for the other tests" modprobe teredo
tap_done
