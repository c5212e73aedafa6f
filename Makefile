# SPDX-License-Identifier: GPL-2.0
#
# kteredo: teredo.ko (Kbuild), teredoctl (tools/), tests (selftests/).
#   make          build the module and the tools
#   make deps     install the Debian packages everything needs (root)
#   make check    build, then run every test (host and qemu guest) on
#                 Debian 12's kernel and a set of them on Debian 13's two
#   make check-kernels  every test on every kernel (scripts/kernels)
#   make check-debug  the guest tests on a KASAN/KMEMLEAK/lockdep kernel
#   make demo     build, then show the devices at work in a guest
#   make bench    build, then measure against plain IPv4 and sit in a guest
#   make ab       build, then measure two variants of one path in pairs
#                 (AB_REV=REV: that revision's module against this tree's)
#   make fuzz     fuzz the packet and config parsers (FUZZ_TIME s each)
#   make install  teredoctl, man pages, systemd unit, examples (DESTDIR, PREFIX)
#   make install-module / dkms-install / dkms-uninstall
#   make deb      Debian packages teredo-dkms and teredoctl in build/deb/

VERSION := $(shell cat VERSION)
PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
UNITDIR ?= $(PREFIX)/lib/systemd/system
DOCDIR ?= $(PREFIX)/share/doc/teredoctl
DKMS_SRC = $(DESTDIR)/usr/src/teredo-$(VERSION)
# What DKMS needs to build the module, and nothing else.
DKMS_FILES = Kbuild VERSION dkms.conf $(wildcard kmod/*.[ch] kmod/*/*.[ch]) \
	include/uapi/linux/teredo.h $(wildcard include/teredo/*.h)

# Evaluated lazily: on a fresh machine the headers arrive with `make deps`.
KVER = $(shell scripts/kver)
KDIR = /lib/modules/$(KVER)/build

all: module tools

# Built where the kernel's compiler is: a Debian 13 kernel (KVER=...)
# in the Debian 13 root (scripts/build-module).
module:
	scripts/build-module $(KVER) >/dev/null

tools: teredoctl
	$(MAKE) -C selftests
	$(MAKE) -C bench

teredoctl:
	$(MAKE) -C tools

deps:
	scripts/install-deps

check: deps
	$(MAKE) all
	$(MAKE) deb
	selftests/check

# Every selftest on every kernel of the matrix (scripts/kernels), not
# only make check's set on the kernels other than the default.
check-kernels: deps
	$(MAKE) all
	$(MAKE) deb
	KTEREDO_KERNEL_TESTS=all selftests/check

# Slow (builds a kernel once, ~30 min; the tests run ~6x slower): not CI.
check-debug: deps
	$(MAKE) all
	selftests/check-debug

demo: deps
	$(MAKE) all
	scripts/demo

bench: deps
	$(MAKE) all
	bench/run

ab: deps
	$(MAKE) all
	bench/ab

# The long fuzzing run (FUZZ_TIME seconds per target, default 300).
fuzz: deps
	$(MAKE) -C fuzz run

install: teredoctl
	install -D -m 0755 tools/teredoctl $(DESTDIR)$(SBINDIR)/teredoctl
	install -D -m 0644 tools/man/teredoctl.8 $(DESTDIR)$(MANDIR)/man8/teredoctl.8
	install -D -m 0644 tools/man/teredo.conf.5 $(DESTDIR)$(MANDIR)/man5/teredo.conf.5
	install -D -m 0644 tools/systemd/teredoctl@.service $(DESTDIR)$(UNITDIR)/teredoctl@.service
	for f in tools/examples/*.conf tools/examples/bird2/*.conf tools/examples/frr/*.conf; do \
		install -D -m 0644 $$f $(DESTDIR)$(DOCDIR)/$${f#tools/} || exit 1; \
	done

# The module for one kernel (KVER), outside DKMS.
install-module: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=extra modules_install
	if [ -z "$(DESTDIR)" ]; then depmod -a $(KVER); fi

# The list, for scripts that copy the same tree.
dkms-files:
	@echo $(DKMS_FILES)

dkms-source:
	rm -rf $(DKMS_SRC)
	for f in $(DKMS_FILES); do install -D -m 0644 $$f $(DKMS_SRC)/$$f; done

# Register with DKMS and build for every kernel that has headers.
dkms-install: dkms-source
	dkms status teredo/$(VERSION) | grep -q . || dkms add teredo/$(VERSION)
	for b in /lib/modules/*/build; do \
		k=$${b#/lib/modules/}; k=$${k%/build}; \
		dkms install teredo/$(VERSION) -k $$k || exit 1; \
	done

# The two Debian packages, teredo-dkms and teredoctl, into build/deb/.
deb:
	scripts/build-debs

dkms-uninstall:
	-dkms remove teredo/$(VERSION) --all
	rm -rf $(DKMS_SRC)

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C tools clean
	$(MAKE) -C selftests clean
	$(MAKE) -C bench clean
	$(MAKE) -C fuzz clean
	rm -rf build

.PHONY: all module tools teredoctl deps check check-kernels check-debug demo bench ab fuzz install install-module deb \
	dkms-files dkms-source dkms-install dkms-uninstall clean
