#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Packaging stays consistent: one version everywhere, both packages build
# (lintian-clean), and they install, build the module with DKMS and
# remove cleanly in a throwaway root.
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
repo=$(cd "$SELFTESTS/.." && pwd)
cd "$repo" || exit 1
tap_start
version=$(cat VERSION)
check "dkms.conf has the version in VERSION" grep -qx "PACKAGE_VERSION=\"$version\"" dkms.conf
tmp=$(mktemp -d)
check "make install puts teredoctl, man pages, unit and examples under DESTDIR" sh -c \
	"make -s install DESTDIR=$tmp/inst >/dev/null && test -x $tmp/inst/usr/sbin/teredoctl &&
	 test -f $tmp/inst/usr/share/man/man8/teredoctl.8 &&
	 test -f $tmp/inst/usr/share/man/man5/teredo.conf.5 &&
	 test -f $tmp/inst/usr/lib/systemd/system/teredoctl@.service &&
	 test -f $tmp/inst/usr/share/doc/teredoctl/examples/client.conf"
if command -v systemd-analyze >/dev/null; then
	# Everything verify says, but that teredoctl and its man pages are
	# not installed on this machine.
	check "the systemd unit passes systemd-analyze verify" sh -c \
		"mkdir -p $tmp/unit && cp tools/systemd/teredoctl@.service $tmp/unit/teredoctl@client.service &&
		 out=\$(systemd-analyze verify $tmp/unit/teredoctl@client.service 2>&1 |
			grep -Ev '/usr/sbin/teredoctl is not executable|man (teredoctl|teredo.conf)');
		 echo \"\$out\"; [ -z \"\$out\" ]"
fi
check "make deb builds teredo-dkms and teredoctl" sh -c \
	"make -s deb >/dev/null && test -f build/deb/teredo-dkms_${version}_all.deb &&
	 test -f build/deb/teredoctl_${version}_$(dpkg --print-architecture).deb"
check "teredoctl.deb ships the tool, man pages, unit, completion and examples" sh -c \
	"dpkg-deb -c build/deb/teredoctl_${version}_*.deb > $tmp/c &&
	 for f in usr/sbin/teredoctl usr/share/man/man8/teredoctl.8.gz usr/share/man/man5/teredo.conf.5.gz \
		usr/lib/systemd/system/teredoctl@.service usr/share/bash-completion/completions/teredoctl \
		usr/share/doc/teredoctl/examples/client.conf usr/share/doc/teredoctl/copyright \
		usr/share/doc/teredoctl/examples/bird2/relay.conf usr/share/doc/teredoctl/examples/frr/relay.conf; do
		grep -q \" ./\$f\$\" $tmp/c || { echo missing \$f; exit 1; }; done"
check "teredoctl.deb depends on the libnl and nettle libraries it links" sh -c \
	"dpkg-deb -f build/deb/teredoctl_${version}_*.deb Depends | grep -q 'libnl-route-3-200' &&
	 dpkg-deb -f build/deb/teredoctl_${version}_*.deb Depends | grep -q 'libnl-genl-3-200' &&
	 dpkg-deb -f build/deb/teredoctl_${version}_*.deb Depends | grep -q 'libnettle8'"
check "teredo-dkms.deb ships the DKMS tree and runs DKMS" sh -c \
	"dpkg-deb -c build/deb/teredo-dkms_${version}_all.deb | grep -q ' ./usr/src/teredo-$version/dkms.conf\$' &&
	 dpkg-deb -I build/deb/teredo-dkms_${version}_all.deb postinst | grep -q common.postinst"
if command -v lintian >/dev/null; then
	check "lintian: no errors or warnings on either package" sh -c \
		"out=\$(lintian build/deb/*.deb 2>&1 | grep -E '^[EW]:'); echo \"\$out\"; [ -z \"\$out\" ]"
fi
for m in tools/man/*.[0-9]; do
	check "man page $(basename "$m") renders without warnings" sh -c \
		"out=\$(MANWIDTH=80 man --warnings -l $m 2>&1 >/dev/null); echo \"\$out\"; [ -z \"\$out\" ]"
done
kver=$(scripts/kver 2>/dev/null)

# The packages installed and purged in a throwaway root: an overlay over
# a root (this machine's /, or the Debian 13 root of scripts/debian13-root)
# with its changes in a tmpfs, in a mount namespace of its own (kept alive
# by a sleep), so that DKMS builds with that root's native compiler (20 s
# here, 4-5 minutes in the emulated guest). The modules it built go to
# build/deb/dkms/<kver>/ for selftests/packages.sh, which loads them in
# the guests; the roots themselves are never written.
throwaway_root() {	# throwaway_root LOWER: the overlay at $tmp/ns/root
	mkdir -p "$tmp/ns"
	unshare -m --propagation private sleep 900 &
	ns_pid=$!
	# nsenter before unshare's own call would mount on this machine
	for _ in $(seq 1 100); do
		[ "$(readlink /proc/$ns_pid/ns/mnt)" = "$(readlink /proc/self/ns/mnt)" ] || break
		sleep 0.05
	done
	[ "$(readlink /proc/$ns_pid/ns/mnt)" != "$(readlink /proc/self/ns/mnt)" ] || return 1
	nsenter -t "$ns_pid" -m sh -ec "
		mount -t tmpfs tmpfs $tmp/ns
		mkdir $tmp/ns/upper $tmp/ns/work $tmp/ns/root
		mount -t overlay overlay -o lowerdir=$1,upperdir=$tmp/ns/upper,workdir=$tmp/ns/work $tmp/ns/root
		mount -t proc proc $tmp/ns/root/proc
		mount --rbind /dev $tmp/ns/root/dev
		mount -t tmpfs tmpfs $tmp/ns/root/tmp
		cp $repo/build/deb/*.deb $tmp/ns/root/tmp/"
}
in_root() {	# in_root CMD...: CMD run in the throwaway root
	nsenter -t "$ns_pid" -m chroot "$tmp/ns/root" env -i \
		PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"
}
dkms_deb=/tmp/teredo-dkms_${version}_all.deb
ctl_deb=/tmp/teredoctl_${version}_$(dpkg --print-architecture).deb

# dkms_in_root NAME LOWER KVER...: install both packages over LOWER, check
# that DKMS built teredo.ko for every KVER, keep those modules, purge.
dkms_in_root() {
	local name=$1 lower=$2 k mod
	shift 2
	if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null || ! throwaway_root "$lower" 2>"$tmp/ns.err"; then
		skip "packages install in a throwaway $name root" \
			"no overlay root: $(tail -n 1 "$tmp/ns.err" 2>/dev/null)"
		[ -z "${ns_pid:-}" ] || kill "$ns_pid" 2>/dev/null
		return
	fi
	check "$name: dpkg -i teredo-dkms in a throwaway root: DKMS builds and installs teredo.ko" \
		in_root sh -c "dpkg -i $dkms_deb > /tmp/dkms.log 2>&1 || { tail -n 30 /tmp/dkms.log; exit 1; }"
	for k in "$@"; do
		# Debian 13's DKMS compresses the module as the kernel's own are.
		mod=$(in_root sh -c "ls /lib/modules/$k/updates/dkms/teredo.ko*" 2>/dev/null | head -n 1)
		mod=${mod:-/lib/modules/$k/updates/dkms/teredo.ko}
		check "... dkms status: installed for $k" in_root sh -c \
			"dkms status teredo | grep -q '^teredo/$version, $k, [^:]*: installed'"
		check "... for that kernel (vermagic)" in_root sh -c "modinfo -F vermagic $mod | grep -q '^$k '"
		mkdir -p "build/deb/dkms/$k/index"
		nsenter -t "$ns_pid" -m cp "$tmp/ns/root$mod" "$repo/build/deb/dkms/$k/"
		# The module index DKMS's depmod wrote: the guest's depmod
		# over 9p takes minutes on compressed modules.
		nsenter -t "$ns_pid" -m sh -c "cp $tmp/ns/root/lib/modules/$k/modules.* $repo/build/deb/dkms/$k/index/"
	done
	# A kernel older than the oldest supported (6.1) is refused by
	# dkms.conf, with DKMS's own words, before any compiler runs.
	check "$name: DKMS refuses a 5.10 kernel (BUILD_EXCLUSIVE_KERNEL), exit 77" in_root sh -c \
		"mkdir -p /lib/modules/5.10.0-99-amd64/build &&
		 dkms build teredo/$version -k 5.10.0-99-amd64 > /tmp/old.log 2>&1; rc=\$?;
		 cat /tmp/old.log; rm -rf /lib/modules/5.10.0-99-amd64;
		 [ \$rc = 77 ] && grep -q BUILD_EXCLUSIVE /tmp/old.log"
	check "$name: dpkg -i teredoctl there, and the packaged tool runs" in_root sh -c \
		"dpkg -i $ctl_deb >/dev/null && /usr/sbin/teredoctl -V | grep -qx 'teredoctl $version'"
	check "$name: dpkg -P teredoctl teredo-dkms there" in_root sh -c \
		"dpkg -P teredoctl teredo-dkms > /tmp/purge.log 2>&1 || { cat /tmp/purge.log; exit 1; }"
	check "... takes the tool, the unit, DKMS's record, the modules and their sources" in_root sh -c \
		"! test -e /usr/sbin/teredoctl && ! test -e /usr/lib/systemd/system/teredoctl@.service &&
		 test -z \"\$(dkms status teredo)\" && ! test -e /var/lib/dkms/teredo &&
		 ! ls /lib/modules/*/updates/dkms/teredo.ko* 2>/dev/null && ! test -e /usr/src/teredo-$version &&
		 ! dpkg-query -W teredoctl teredo-dkms 2>/dev/null"
	kill "$ns_pid"
	wait "$ns_pid" 2>/dev/null
	ns_pid=
}

rm -rf build/deb/dkms
if [ -z "$kver" ]; then
	skip "packages install in a throwaway root" "no kernel headers"
else
	dkms_in_root "Debian 12" / "$kver"
	check "this machine's own root was not touched" sh -c \
		"! test -e /usr/src/teredo-$version && ! dpkg-query -W teredo-dkms >/dev/null 2>&1"
fi
# Debian 13: its own compiler (gcc-14) and DKMS build for every kernel of
# the root, trixie's and the newest backports one.
if [ "${KTEREDO_KERNELS:-all}" != default ]; then
	if d13_kernels=$(scripts/debian13-root --kernels 2>"$tmp/d13.err"); then
		d13=$(scripts/debian13-root)
		# shellcheck disable=SC2086
		dkms_in_root "Debian 13" "$d13" $d13_kernels
		check "the Debian 13 root was not touched" sh -c \
			"! test -e $d13/usr/src/teredo-$version && ! test -e $d13/var/lib/dkms/teredo"
	else
		not_ok "the Debian 13 root: $(tail -n 1 "$tmp/d13.err")"
	fi
fi
rm -rf "$tmp"
tap_done
