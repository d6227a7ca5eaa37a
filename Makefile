# SPDX-License-Identifier: GPL-2.0
#
# make [KVER=...]      the module (kmod/ikev2.ko, W=1) and the userspace tools
# make check           every test: host unit tests, fuzz smoke runs, then the
#                      VM selftests (one VM per file) on 6.1 and 6.12; ends
#                      with "N passed, N failed, N skipped"
# make check T=ikev2_esp.sh KVERS=6.12
#                      only these VM selftest files (space or comma
#                      separated) on these kernels (series or release)
# make fuzz            build the libFuzzer targets (clang)
# make bench           data-path benchmark in one VM (veth, XFRM, WireGuard,
#                      ike0); not part of check
# make install         modules_install + the tools into $(PREFIX)/sbin
# make regen           regenerate what the netlink spec
#                      (Documentation/netlink/specs/ikev2.yaml) defines: the
#                      UAPI header, kmod/netlink-gen.[ch] (policies, split
#                      ops) and userspace/lib/nl/nl-policy-gen.[ch]; commit
#                      them with the spec (make check fails on drift). Needs
#                      linux-source-6.12, python3-yaml, python3-jsonschema.

KVER ?= $(shell if [ -d /lib/modules/$$(uname -r)/build ]; then uname -r; \
	else ls -1 /lib/modules 2>/dev/null | sort -V | tail -n 1; fi)
KDIR ?= /lib/modules/$(KVER)/build
PREFIX ?= /usr/local
DESTDIR ?=

all: module userspace

module:
	@if [ ! -d "$(KDIR)" ]; then \
		echo "no kernel headers at $(KDIR): apt-get install linux-headers-$(KVER)" >&2; \
		exit 1; fi
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

modules_install:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

userspace:
	$(MAKE) -C userspace

install: modules_install
	$(MAKE) -C userspace install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

fuzz:
	$(MAKE) -C selftests/fuzz all

check:
	CHECK_TESTS="$(T)" CHECK_KVERS="$(KVERS)" ./scripts/check.sh

bench:
	./selftests/bench/run.sh $(KVER)

regen:
	./scripts/regen.sh

clean:
	-[ -d "$(KDIR)" ] && $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C userspace clean
	rm -rf build

.PHONY: all module modules_install userspace install fuzz check bench regen clean
