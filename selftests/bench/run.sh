#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [KVER]: the data-path benchmark (`make bench`). Builds ikev2.ko for
# KVER into build/KVER/kmod if it is missing or older than its sources,
# builds the userspace tools if they are missing, then boots one VM
# (2 CPUs) that runs selftests/bench/ikev2_bench.sh. The table is printed
# and kept in build/bench/bench-KVER.txt.
#
# KVER defaults to the newest kernel with both headers and a
# /boot/vmlinuz. IKEV2_KO=PATH benchmarks that module instead (no build);
# BENCH_NO_BUILD=1 never builds. IKEV2_BENCH_SECONDS, IKEV2_BENCH_PINGS and
# IKEV2_BENCH_ROWS reach the guest as they are (see ikev2_bench.sh).
set -uo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1

kver=${1:-}
if [ -z "$kver" ]; then
	for d in $(ls -1 /lib/modules 2>/dev/null | sort -rV); do
		if [ -d "/lib/modules/$d/build" ] && [ -f "/boot/vmlinuz-$d" ]; then
			kver=$d
			break
		fi
	done
fi
[ -n "$kver" ] || { echo "bench: no kernel with headers and an image" >&2
	exit 1; }

ko=$TOP/build/$kver/kmod/ikev2.ko
if [ -n "${IKEV2_KO:-}" ]; then
	echo "bench: module $IKEV2_KO (IKEV2_KO)"
elif [ "${BENCH_NO_BUILD:-0}" = 1 ]; then
	echo "bench: module $ko (BENCH_NO_BUILD=1: not rebuilt)"
elif [ ! -f "$ko" ] ||
     [ -n "$(find kmod include \( -name '*.[ch]' -o -name Kbuild \) \
	-newer "$ko" -print -quit)" ]; then
	echo "bench: building $ko"
	# A failed build still leaves the other rows worth measuring: the
	# ike0 rows then say what is missing.
	scripts/build-module.sh "$kver" >/dev/null ||
		echo "bench: module build failed (build/$kver/build.log)" >&2
fi
if [ ! -x userspace/ike/ike ] || [ ! -x userspace/helper/ike-helper ]; then
	echo "bench: building the userspace tools"
	make -s -C userspace >/dev/null ||
		echo "bench: userspace build failed" >&2
fi

mkdir -p build/bench
# Benchmark a copy: build-module.sh empties build/KVER/kmod before it
# rebuilds, and a rebuild by someone else during the run must not take the
# module away from under the VM.
if [ -z "${IKEV2_KO:-}" ] && [ -f "$ko" ]; then
	cp "$ko" "build/bench/ikev2-$kver.ko" &&
		export IKEV2_KO=$TOP/build/bench/ikev2-$kver.ko
fi
out=build/bench/bench-$kver.txt
t0=$(date +%s)
# Other VMs on the host skew TCG numbers: say how busy it was.
echo "host load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out"
selftests/vm/run --kernel "$kver" --cpus 2 --timeout 900 -- \
	./selftests/bench/ikev2_bench.sh | tee -a "$out"
rc=${PIPESTATUS[0]}
{
	echo "host: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' \
		/proc/cpuinfo | head -n 1); wall time $(($(date +%s) - t0)) s" \
		"including the VM boot; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee -a "$out"
echo "bench: result in $out"
exit "$rc"
