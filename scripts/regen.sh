#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make regen: everything generated from the netlink spec,
# Documentation/netlink/specs/ikev2.yaml:
#   include/uapi/linux/ikev2.h          ynl-gen-c.py --mode uapi
#   kmod/netlink-gen.h, netlink-gen.c   ynl-gen-c.py --mode kernel
#   userspace/lib/nl/nl-policy-gen.[ch] scripts/nl-policy-gen.py (libnl)
#
# usage: scripts/regen.sh [OUTDIR]   (default: the tree itself; check.sh
# regenerates into a temporary directory and diffs)
#
# ynl-gen-c.py and the JSON schema it validates the spec against come from
# Debian's linux-source-6.12, extracted once into build/ynl/. The generator
# names the spec by its path below the directory holding a MAINTAINERS
# file and walks up to / looking for one: without one it never returns
# (os.path.dirname("/") is "/"). So the spec is run from a staging tree,
# build/ynl/tree/, with an empty MAINTAINERS, the schemas in
# Documentation/netlink/ and a link to our spec in Documentation/netlink/specs/.
set -e

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top}
src=${LINUX_SOURCE:-/usr/src/linux-source-6.12.tar.xz}
py=${PYTHON:-python3}
ynl=$top/build/ynl
lsrc=$ynl/linux-source
tree=$ynl/tree

if [ ! -f "$lsrc/tools/net/ynl/ynl-gen-c.py" ] ||
   [ "$src" -nt "$lsrc/tools/net/ynl/ynl-gen-c.py" ]; then
	if [ ! -f "$src" ]; then
		echo "regen: no $src (apt-get install linux-source-6.12)" >&2
		exit 1
	fi
	rm -rf "$lsrc"
	mkdir -p "$lsrc"
	tar -xJf "$src" -C "$lsrc" --strip-components=1 --wildcards \
		'linux-source-*/tools/net/ynl/*' \
		'linux-source-*/Documentation/netlink/genetlink*.yaml'
	touch "$lsrc/tools/net/ynl/ynl-gen-c.py"
fi

rm -rf "$tree"
mkdir -p "$tree/Documentation/netlink/specs"
: >"$tree/MAINTAINERS"
cp "$lsrc"/Documentation/netlink/genetlink*.yaml "$tree/Documentation/netlink/"
ln -s "$top/Documentation/netlink/specs/ikev2.yaml" \
	"$tree/Documentation/netlink/specs/ikev2.yaml"
spec=$tree/Documentation/netlink/specs/ikev2.yaml

gen() {
	"$py" "$top/scripts/ynl-gen.py" "$lsrc/tools/net/ynl" --spec "$spec" "$@"
}

mkdir -p "$out/include/uapi/linux" "$out/kmod" "$out/userspace/lib/nl"
gen --mode uapi --header -o "$out/include/uapi/linux/ikev2.h"
gen --mode kernel --header -o "$out/kmod/netlink-gen.h"
gen --mode kernel --source -o "$out/kmod/netlink-gen.c"
"$py" "$top/scripts/nl-policy-gen.py" "$spec" "$out/userspace/lib/nl/nl-policy-gen"
