#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Packaging stays consistent: one version everywhere, and the DKMS source
# tree (make dkms-source) builds the module on its own.
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo" || exit 1
n=0 fail=0
t() {	# t DESCRIPTION CMD...
	local desc=$1 out
	shift
	n=$((n + 1))
	if out=$("$@" 2>&1); then
		echo "ok $n $desc"
	else
		fail=$((fail + 1))
		echo "not ok $n $desc"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/#   /'
	fi
}
echo "TAP version 13"
version=$(cat VERSION)
t "dkms.conf has the version in VERSION" grep -qx "PACKAGE_VERSION=\"$version\"" dkms.conf
tmp=$(mktemp -d)
t "make install puts teredoctl, man pages, unit and examples under DESTDIR" sh -c \
	"make -s install DESTDIR=$tmp/inst >/dev/null && test -x $tmp/inst/usr/sbin/teredoctl &&
	 test -f $tmp/inst/usr/share/man/man8/teredoctl.8 &&
	 test -f $tmp/inst/usr/share/man/man5/teredo.conf.5 &&
	 test -f $tmp/inst/usr/lib/systemd/system/teredoctl@.service &&
	 test -f $tmp/inst/usr/share/doc/teredoctl/examples/client.conf"
if command -v systemd-analyze >/dev/null; then
	# Everything verify says, but that teredoctl and its man pages are
	# not installed on this machine.
	t "the systemd unit passes systemd-analyze verify" sh -c \
		"mkdir -p $tmp/unit && cp tools/systemd/teredoctl@.service $tmp/unit/teredoctl@client.service &&
		 out=\$(systemd-analyze verify $tmp/unit/teredoctl@client.service 2>&1 |
			grep -Ev '/usr/sbin/teredoctl is not executable|man (teredoctl|teredo.conf)');
		 echo \"\$out\"; [ -z \"\$out\" ]"
fi
t "make deb builds teredo-dkms and teredoctl" sh -c \
	"make -s deb >/dev/null && test -f build/deb/teredo-dkms_${version}_all.deb &&
	 test -f build/deb/teredoctl_${version}_$(dpkg --print-architecture).deb"
t "teredoctl.deb ships the tool, man pages, unit, completion and examples" sh -c \
	"dpkg-deb -c build/deb/teredoctl_${version}_*.deb > $tmp/c &&
	 for f in usr/sbin/teredoctl usr/share/man/man8/teredoctl.8.gz usr/share/man/man5/teredo.conf.5.gz \
		usr/lib/systemd/system/teredoctl@.service usr/share/bash-completion/completions/teredoctl \
		usr/share/doc/teredoctl/examples/client.conf usr/share/doc/teredoctl/copyright; do
		grep -q \" ./\$f\$\" $tmp/c || { echo missing \$f; exit 1; }; done"
t "teredoctl.deb depends on the libnl libraries it links" sh -c \
	"dpkg-deb -f build/deb/teredoctl_${version}_*.deb Depends | grep -q 'libnl-route-3-200' &&
	 dpkg-deb -f build/deb/teredoctl_${version}_*.deb Depends | grep -q 'libnl-genl-3-200'"
t "teredo-dkms.deb ships the DKMS tree and runs DKMS" sh -c \
	"dpkg-deb -c build/deb/teredo-dkms_${version}_all.deb | grep -q ' ./usr/src/teredo-$version/dkms.conf\$' &&
	 dpkg-deb -I build/deb/teredo-dkms_${version}_all.deb postinst | grep -q common.postinst"
if command -v lintian >/dev/null; then
	t "lintian: no errors or warnings on either package" sh -c \
		"out=\$(lintian build/deb/*.deb 2>&1 | grep -E '^[EW]:'); echo \"\$out\"; [ -z \"\$out\" ]"
fi
for m in tools/man/*.[0-9]; do
	t "man page $(basename "$m") renders without warnings" sh -c \
		"out=\$(MANWIDTH=80 man --warnings -l $m 2>&1 >/dev/null); echo \"\$out\"; [ -z \"\$out\" ]"
done
kver=$(scripts/kver 2>/dev/null)
if [ -n "$kver" ]; then
	t "the DKMS source tree alone builds teredo.ko" sh -c \
		"make -s dkms-source DESTDIR=$tmp/dkms >/dev/null &&
		 make -s -C /lib/modules/$kver/build M=$tmp/dkms/usr/src/teredo-$version modules >/dev/null 2>&1 &&
		 test -f $tmp/dkms/usr/src/teredo-$version/teredo.ko"
else
	n=$((n + 1))
	echo "ok $n the DKMS source tree alone builds teredo.ko # SKIP no kernel headers"
fi
rm -rf "$tmp"
echo "1..$n"
[ "$fail" = 0 ]
