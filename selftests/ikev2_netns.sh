#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Namespace teardown with live objects: links and connections die with their
# namespace; rmmod afterwards (and with objects alive) leaves nothing behind.
. "$(dirname "$0")/common.sh"

ktap_header
ktap_plan 5
mod_load
tmp=$(mktemp -d)
printf 'secret-for-netns-test\n' >"$tmp/psk"
chmod 600 "$tmp/psk"

populate() {
	ip -n "$1" link add ike0 type ikev2 &&
	ip -n "$1" link set ike0 up &&
	for c in one two three; do
		ip netns exec "$1" "$IKE" conn add "$c" local 192.0.2.1 \
			remote 192.0.2.2 auth psk psk-file "$tmp/psk" \
			dev ike0 || return 1
	done
}

ns_create nsx nsy
run_test "populate two namespaces with links and connections" \
	sh -c "$(declare -f populate); IKE=$IKE tmp=$tmp; populate nsx && populate nsy"
run_test "delete a namespace with live objects" ip netns del nsx
run_test "other namespace unaffected" \
	sh -c "[ \"\$(ip netns exec nsy $IKE -j conn show | jq length)\" = 3 ]"
run_test "rmmod with live objects in a namespace" rmmod ikev2
ip netns del nsy 2>/dev/null
sleep 1
run_test "kernel log clean" dmesg_check
rm -rf "$tmp"
ktap_finish
