# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034 # kernel_*: for the scripts that source this
# Sourced (bash): where one kernel of the test matrix lives.
#
# kernel_locate KVER sets
#   kernel_rootfs   the root its guest boots and its module is built in:
#                   / for a kernel installed on this machine (Debian 12's),
#                   the Debian 13 root (scripts/debian13-root) for a
#                   *+deb13-* kernel, which needs that root's gcc-14
#   kernel_image    its bzImage
#   kernel_moddir   its module tree (/lib/modules/KVER under the rootfs)
#   kernel_headers  its headers, as a path inside kernel_rootfs
# or fails with a message saying what to install.

kernel_locate() {
	local kver=$1 here
	here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	case $kver in
	*+deb13-*)
		kernel_rootfs=$("$here/debian13-root") || return 1
		;;
	*)
		kernel_rootfs=/
		;;
	esac
	kernel_image=${kernel_rootfs%/}/boot/vmlinuz-$kver
	kernel_moddir=${kernel_rootfs%/}/lib/modules/$kver
	kernel_headers=/lib/modules/$kver/build
	if [ ! -r "$kernel_image" ] || [ ! -e "${kernel_rootfs%/}$kernel_headers/Makefile" ]; then
		if [ "$kernel_rootfs" = / ]; then
			echo "kernel $kver: no image or headers on this machine (run: make deps)" >&2
		else
			echo "kernel $kver: not in $kernel_rootfs (scripts/debian13-root --kernels lists what it installs)" >&2
		fi
		return 1
	fi
}
