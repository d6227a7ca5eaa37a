#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A newcomer's first command on a fresh Debian 12 machine (as root): install
# the dependencies, build everything, boot a VM on the 6.12 kernel and run
# the main job in it (scripts/demo.sh).
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
./scripts/install-deps.sh
kver=$(ls -1 /lib/modules | grep '^6\.12\.' | sort -V | tail -n 1)
make userspace
# Build the module for the VM's kernel in its own tree, as make check does.
./scripts/build-module.sh "$kver"
IKEV2_KO=$TOP/build/$kver/kmod/ikev2.ko \
	./selftests/vm/run --kernel "$kver" --timeout 600 -- ./scripts/demo.sh
