#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Sourced by every VM selftest: where the module and tools are, and how to
# load and unload the module cleanly. TAP helpers and namespaces come from
# lib.sh.
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$TOP/selftests/lib.sh"

KVER=$(uname -r)
IKEV2_KO=${IKEV2_KO:-$TOP/build/$KVER/kmod/ikev2.ko}
[ -f "$IKEV2_KO" ] || IKEV2_KO=$TOP/kmod/ikev2.ko
IKE=${IKE:-$TOP/userspace/ike/ike}

mod_load() {
	lsmod | grep -q '^ikev2 ' || insmod "$IKEV2_KO"
}

mod_unload() {
	if lsmod | grep -q '^ikev2 '; then
		rmmod ikev2
	fi
}

# expect_fail PATTERN CMD...: CMD must exit non-zero and say PATTERN (an
# extended regex, case-insensitive) on stderr.
expect_fail() {
	local pattern=$1 err rc
	shift
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "# expected failure, got success: $*"
		return 1
	fi
	if ! printf '%s\n' "$err" | grep -qiE -- "$pattern"; then
		echo "# stderr did not match /$pattern/: $err"
		return 1
	fi
	return 0
}

# conn_count [NETNS]: how many connections `ike -j conn show` lists.
conn_count() {
	if [ -n "${1:-}" ]; then
		"$IKE" -n "$1" -j conn show | jq length
	else
		"$IKE" -j conn show | jq length
	fi
}
