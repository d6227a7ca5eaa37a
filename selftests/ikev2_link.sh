#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The ikev2 link type in two namespaces.
#
#   [ns a: ike0]      [ns b: ike0]      (no wire and no Child SA: ike0
#                                        drops and counts what is routed
#                                        into it, and answers ICMP
#                                        unreachable; traffic through
#                                        Child SAs is in ikev2_esp.sh)
. "$(dirname "$0")/common.sh"

ktap_header
ktap_plan 11
mod_load
ns_create ika ikb
TMPDIR_LINK_PING=$(mktemp)
cleanup_push "rm -f '$TMPDIR_LINK_PING'"

link_dropped() {
	ip -n "$1" -s -j link show ike0 | jq '.[0].stats64.tx.dropped'
}

run_test "ip link add ike0 type ikev2 (ns a)" \
	ip -n ika link add ike0 type ikev2
run_test "ip link add ike0 type ikev2 (ns b)" \
	ip -n ikb link add ike0 type ikev2
run_test "link kind is ikev2, point-to-point, no ARP" sh -c \
	"ip -n ika -d -j link show ike0 | jq -e '.[0].linkinfo.info_kind == \"ikev2\" and (.[0].flags | index(\"POINTOPOINT\") != null) and (.[0].flags | index(\"NOARP\") != null)' >/dev/null"
run_test "MTU leaves room for ESP overhead" sh -c \
	"[ \$(ip -n ika -j link show ike0 | jq '.[0].mtu') -le 1400 ]"
ip -n ika link set ike0 up
ip -n ika addr add 192.0.2.1/32 dev ike0
ip -n ika route add 198.51.100.0/24 dev ike0
no_sa() {
	ip netns exec ika "$IKE" -j stats | jq '.esp_tx_no_sa'
}
before=$(link_dropped ika)
no_sa_before=$(no_sa)
ip netns exec ika ping -c 3 -i 0.2 -W 1 198.51.100.7 >"$TMPDIR_LINK_PING" 2>&1
after=$(link_dropped ika)
no_sa_after=$(no_sa)
run_test "packets no Child SA covers are dropped and counted" \
	test "$after" -ge $((before + 3)) -a "$no_sa_after" -ge $((no_sa_before + 3))
run_test "... and the sender hears ICMP unreachable" \
	grep -q "Unreachable" "$TMPDIR_LINK_PING"
run_test "ike0 cannot move to another namespace" \
	sh -c '! ip -n ika link set ike0 netns ikb 2>/dev/null'
run_test "ip link del ike0 (ns a), ns b keeps its link" sh -c \
	'ip -n ika link del ike0 && ! ip -n ika link show ike0 2>/dev/null &&
	 ip -n ikb link show ike0 >/dev/null'
run_test "several links in one namespace" sh -c \
	'for i in 1 2 3; do ip -n ika link add ike$i type ikev2 || exit 1; done'
run_test "rmmod with links alive removes them" sh -c \
	'rmmod ikev2 && ! ip -n ikb link show ike0 2>/dev/null &&
	 ! ip -n ika link show ike1 2>/dev/null'
run_test "kernel log clean" dmesg_check
ktap_finish
