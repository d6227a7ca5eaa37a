#!/bin/sh
# Extract the kselftest headers from Debian's linux-source-6.12 tarball into
# $1 (build/ksft). They are not committed: design.md asks us to take
# kernel-tree tools from the package at build time.
set -eu
out=$1
[ -f "$out/kselftest_harness.h" ] && exit 0
tarball=$(ls /usr/src/linux-source-6.*.tar.xz 2>/dev/null | sort -V | tail -n 1)
if [ -z "$tarball" ]; then
	echo "ksft-headers: no /usr/src/linux-source-6.*.tar.xz (apt-get install linux-source-6.12)" >&2
	exit 1
fi
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xJf "$tarball" -C "$tmp" --wildcards \
	'*/tools/testing/selftests/kselftest.h' \
	'*/tools/testing/selftests/kselftest_harness.h'
cp "$tmp"/*/tools/testing/selftests/kselftest.h \
   "$tmp"/*/tools/testing/selftests/kselftest_harness.h "$out/"
