#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-module.sh KVER: build ikev2.ko with W=1 for kernel KVER in a private
# tree of symlinks, build/KVER/kmod, so several kernels' objects never mix
# in kmod/. Fails on any compiler warning.
set -euo pipefail
kver=$1
TOP=$(cd "$(dirname "$0")/.." && pwd)
dir=$TOP/build/$kver
kdir=/lib/modules/$kver/build
[ -d "$kdir" ] || { echo "no headers for $kver at $kdir" >&2; exit 1; }
rm -rf "$dir/kmod" "$dir/include"
mkdir -p "$dir/kmod/ike"
ln -s "$TOP/include" "$dir/include"
# Sources only: an in-tree build's generated *.mod.c must not be linked in,
# or modpost would write through the link into kmod/.
for f in "$TOP"/kmod/Kbuild "$TOP"/kmod/*.[ch]; do
	case $f in *.mod.c) continue ;; esac
	ln -s "$f" "$dir/kmod/"
done
for f in "$TOP"/kmod/ike/*.[ch]; do ln -s "$f" "$dir/kmod/ike/"; done
log=$dir/build.log
make -C "$kdir" M="$dir/kmod" W=1 modules 2>&1 | tee "$log"
if grep -q 'warning:' "$log"; then
	echo "build-module: $kver: compiler warnings (see $log)" >&2
	exit 1
fi
