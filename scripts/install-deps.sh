#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install everything building and testing ikev2 needs on Debian 12, as root:
# both test kernels (6.1 LTS and 6.12 LTS, image + headers), the VM tools,
# the libraries of the userspace programs and the peers the tests run.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

if [ "$(id -u)" != 0 ]; then
	echo "install-deps: run as root (sudo $0)" >&2
	exit 1
fi

apt-get update -q

# The newest 6.12 ABI for which Debian has both an unsigned image and headers.
k612=$(apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' |
	awk '{print $1}' | sed 's/^linux-headers-//' | sort -V |
	while read -r k; do
		apt-cache show "linux-image-$k-unsigned" >/dev/null 2>&1 && echo "$k"
	done | tail -n 1)
if [ -z "$k612" ]; then
	echo "install-deps: no linux 6.12 image+headers pair found in apt" >&2
	exit 1
fi

apt-get install -y -q --no-install-recommends \
	build-essential pkg-config clang libclang-rt-14-dev \
	linux-image-amd64 linux-headers-amd64 \
	"linux-image-$k612-unsigned" "linux-headers-$k612" linux-source-6.12 \
	qemu-system-x86 busybox-static kmod iproute2 procps \
	libnl-3-dev libnl-genl-3-dev libgnutls28-dev nettle-dev libgmp-dev \
	strongswan-charon strongswan-swanctl strongswan-pki \
	libstrongswan-standard-plugins libstrongswan-extra-plugins \
	iperf3 nftables tcpdump wireguard-tools jq xz-utils cpio \
	iputils-ping bc zstd \
	python3-yaml python3-jsonschema	# ynl-gen-c.py: make regen, check

# Libreswan, a second interop peer. Debian's package conflicts with
# strongswan-charon, so it is unpacked under /opt/libreswan instead of
# installed (selftests/libreswan.sh runs it from there); its runtime
# libraries and NSS's certutil come from apt. Unpacked again only when
# apt has another version than the one there.
ls_ver=$(apt-cache show --no-all-versions libreswan | sed -n 's/^Version: //p')
if [ "$(cat /opt/libreswan/.version 2>/dev/null)" != "$ls_ver" ]; then
	ls_deps=$(apt-cache show --no-all-versions libreswan |
		sed -n 's/^Depends: //p' | tr ',' '\n' |
		sed 's/|.*//; s/(.*)//; s/ //g' | grep -v '^$')
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $ls_deps
	ls_tmp=$(mktemp -d)
	(cd "$ls_tmp" && apt-get download -q libreswan)
	rm -rf /opt/libreswan
	mkdir -p /opt/libreswan
	dpkg -x "$ls_tmp"/libreswan_*.deb /opt/libreswan
	echo "$ls_ver" >/opt/libreswan/.version
	rm -rf "$ls_tmp"
fi
apt-get install -y -q --no-install-recommends libnss3-tools

# OpenBSD iked, a third interop peer (selftests/iked.sh starts it in a
# namespace of the test VM with its own config). Its postinst makes the
# _iked user and /etc/iked/private/local.key, which the VM sees through
# its read-only root; on a host with systemd it also starts iked with
# the empty /etc/iked.conf: the host needs no IKE daemon, so that one
# is stopped and disabled again.
apt-get install -y -q --no-install-recommends openiked
if command -v systemctl >/dev/null 2>&1 &&
	systemctl is-enabled --quiet iked 2>/dev/null; then
	systemctl disable --now iked || true
fi
echo "install-deps: done (kernels: $(ls /lib/modules | tr '\n' ' '))"
