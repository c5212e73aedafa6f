# SPDX-License-Identifier: GPL-2.0
#
# kteredo: teredo.ko (Kbuild), teredoctl (tools/), tests (selftests/).
#   make          build the module and the tools
#   make deps     install the Debian packages everything needs (root)
#   make check    build, then run every test (host and qemu guest)
#   make demo     build, then show the devices at work in a guest
#   make bench    build, then measure against plain IPv4 and sit in a guest

# Evaluated lazily: on a fresh machine the headers arrive with `make deps`.
KVER = $(shell scripts/kver)
KDIR = /lib/modules/$(KVER)/build

all: module tools

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) TEREDO_WERROR=y modules

tools:
	$(MAKE) -C tools
	$(MAKE) -C selftests

deps:
	scripts/install-deps

check: deps
	$(MAKE) all
	selftests/check

demo: deps
	$(MAKE) all
	scripts/demo

bench: deps
	$(MAKE) all
	bench/run

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C tools clean
	$(MAKE) -C selftests clean
	rm -rf build

.PHONY: all module tools deps check demo bench clean
