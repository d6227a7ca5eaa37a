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

# json_num JSON KEY: the integer KEY has in a flat JSON object such as
# `ike -j stats` or an injector's report. No process: a jq costs half a
# second in the TCG guest. Fails, saying so, if KEY has no integer.
json_num() {
	local re="\"$2\": ?(-?[0-9]+)[,}[:space:]]"

	[[ $1 =~ $re ]] || { echo "json_num: no integer \"$2\" in: $1" >&2
		return 1; }
	echo "${BASH_REMATCH[1]}"
}

# counter_delta BEFORE AFTER KEY: how much counter KEY rose between two
# flat JSON objects (json_num); fails if either lacks it.
counter_delta() {
	local a b

	a=$(json_num "$1" "$3") && b=$(json_num "$2" "$3") || return 1
	echo $((b - a))
}
