#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What must fail, fails cleanly: a wrong PSK (AUTHENTICATION_FAILED), no
# common IKE or ESP proposal (NO_PROPOSAL_CHOSEN), selectors that do not
# meet (TS_UNACCEPTABLE), no ike-helper; what must recover, recovers: the
# INVALID_KE_PAYLOAD retry with another group. Then hostile input while an
# SA is up (tools/ike_inject.py: random bytes, truncated headers, lying
# lengths, wrong versions, unknown SPIs, garbage under the SA's own SPIs,
# 4500 with and without the non-ESP marker, keepalives, stray ESP): it is
# counted and dropped and the SA stays. Last, a namespace and the module go
# away under established SAs with a clean kernel log.
#
#  +---------------------------+          +---------------------------+
#  | ns ng_a: ike-helper       |          | ns ng_b: ike-helper       |
#  |  conn n (initiator),      |          |  conn r (responder, %any),|
#  |  redone for every case    |          |  redone for every case;   |
#  |                           |          |  runs the injector        |
#  |      10.0.4.1/24 ve-ng_b  +----------+ ve-ng_a 10.0.4.2/24       |
#  +---------------------------+   veth   +---------------------------+
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/strongswan.sh"
vm_reexec "$@"

A=ng_a
B=ng_b
GCM=aes128gcm16-prfsha256-x25519
UP_TIMEOUT=20

require_root
require_cmd jq python3
ktap_header
ktap_plan 20

tmp=$(mktemp -d)
cleanup_push "rm -rf '$tmp'"

setup() {
	mod_load &&
	ns_create $A $B &&
	ns_veth $A $B 10.0.4.1/24 10.0.4.2/24 &&
	ours_helper_start $A "$tmp" &&
	ours_helper_start $B "$tmp"
}
setup >"$tmp/setup" 2>&1; st=$?
run_test "setup: module, namespaces, ike-helper in both" \
	sh -c "cat '$tmp/setup'; exit $st"

PSK=$(ours_psk "$tmp" good negative-test-psk-good-93a1)
BAD=$(ours_psk "$tmp" bad negative-test-psk-other-5c0e)
GOOD_A="auth psk psk-file $PSK ike $GCM esp aes128gcm16"
GOOD_B="auth psk psk-file $PSK ike $GCM esp aes128gcm16"

# conf A_ARG... -- B_ARG...: conn n on A (to B) and conn r on B (%any),
# made afresh with these auth/proposal/selector arguments.
conf() {
	local a=()

	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		a+=("$1")
		shift
	done
	shift
	ike_ns $A conn del n >/dev/null 2>&1
	ike_ns $B conn del r >/dev/null 2>&1
	ours_wait_gone $A "" 5 && ours_wait_gone $B "" 5 &&
	ike_ns $A conn add n local 10.0.4.1 remote 10.0.4.2 "${a[@]}" &&
	ike_ns $B conn add r local 10.0.4.2 remote %any "$@"
}

# up_fails PATTERN: conn up n must fail saying PATTERN.
up_fails() {
	local rc

	ike_ns $A conn up n timeout $UP_TIMEOUT >"$tmp/up.out" 2>&1
	rc=$?
	cat "$tmp/up.out"
	if [ $rc = 0 ]; then
		echo "conn up succeeded"
		return 1
	fi
	grep -qiE -- "$1" "$tmp/up.out"
}

none_left() {
	ours_wait_gone $A "" 5 && ours_wait_gone $B "" 5
}

# 1. authentication
wrong_psk() {
	# shellcheck disable=SC2086
	conf $GOOD_A -- auth psk psk-file "$BAD" ike $GCM esp aes128gcm16 &&
		up_fails AUTHENTICATION_FAILED
}
run_test "wrong PSK: conn up fails with AUTHENTICATION_FAILED" wrong_psk
run_test "wrong PSK: no IKE SA left on either end" none_left

# 2. proposals
no_ike_proposal() {
	# shellcheck disable=SC2086
	conf $GOOD_A -- auth psk psk-file "$PSK" \
		ike aes256-sha256-modp2048 esp aes128gcm16 &&
		up_fails NO_PROPOSAL_CHOSEN
}
run_test "no common IKE proposal: NO_PROPOSAL_CHOSEN" no_ike_proposal
run_test "no common IKE proposal: no IKE SA left on either end" none_left

no_esp_proposal() {
	# shellcheck disable=SC2086
	conf $GOOD_A -- auth psk psk-file "$PSK" ike $GCM esp aes256-sha256 &&
		up_fails NO_PROPOSAL_CHOSEN || return 1
	# The IKE SA may stay (RFC 7296 1.2); it must have no Child SA.
	ours_no_child $A && ours_no_child $B
}
run_test "no common ESP proposal: NO_PROPOSAL_CHOSEN, no Child SA" \
	no_esp_proposal

# 3. selectors
ts_mismatch() {
	# shellcheck disable=SC2086
	conf $GOOD_A local-ts 10.9.1.0/24 remote-ts 10.9.2.0/24 -- \
		$GOOD_B local-ts 10.9.3.0/24 remote-ts 10.9.4.0/24 &&
		up_fails TS_UNACCEPTABLE
}
run_test "selectors that do not meet: TS_UNACCEPTABLE" ts_mismatch
ts_no_child() {
	ike_ns $A sa show
	ike_ns $B sa show
	ours_no_child $A && ours_no_child $B
}
run_test "selectors that do not meet: no Child SA on either end" ts_no_child

# 4. INVALID_KE_PAYLOAD: our first KE is X25519, the responder only takes
# ECP-256 and says so; the retry must succeed with ECP-256.
ke_retry() {
	# shellcheck disable=SC2086
	conf auth psk psk-file "$PSK" \
		ike $GCM,aes128gcm16-prfsha256-ecp256 esp aes128gcm16 -- \
		auth psk psk-file "$PSK" ike aes128gcm16-prfsha256-ecp256 \
		esp aes128gcm16 &&
	ike_ns $A conn up n timeout $UP_TIMEOUT
}
run_test "KE group retry (INVALID_KE_PAYLOAD): conn up succeeds" ke_retry
ke_result() {
	ours_wait_established $A n 5 >/dev/null &&
		ours_wait_established $B r 5 >/dev/null || return 1
	ike_ns $A sa show
	jq_true "$(ours_sa_json $A n)" '.proposal | test("ecp256")' &&
	jq_true "$(ours_sa_json $B r)" '.proposal | test("ecp256")' &&
	spis_match "$(ours_spis $A n)" "$(ours_spis $B r)"
}
run_test "KE group retry: ECP-256 on both ends, same SPIs" ke_result

# 5. no helper. Stopped and restarted at the top level: the helper must
# outlive run_test's subshell.
conf $GOOD_A -- $GOOD_B >"$tmp/conf" 2>&1
ours_helper_stop $A "$tmp"
run_test "no ike-helper: conn up fails saying so" \
	expect_fail 'no ike-helper' ike_ns $A conn up n timeout $UP_TIMEOUT
run_test "no ike-helper: no IKE SA left on either end" none_left
ours_helper_start $A "$tmp" >"$tmp/restart" 2>&1; st=$?
good_up() {
	cat "$tmp/restart"
	[ "$st" = 0 ] || return 1
	ike_ns $A conn up n timeout $UP_TIMEOUT &&
		ours_wait_established $B r 5 >/dev/null &&
		spis_match "$(ours_spis $A n)" "$(ours_spis $B r)"
}
run_test "helper restarted: conn up works again" good_up

# 6. hostile datagrams from B's namespace at A's 500 and 4500 while the SA
# is up (ESP-level attacks on Child SAs are in ikev2_esp.sh). The SA's SPIs go to the injector for garbage under them.
ours_spis $A n >"$tmp/spis.before" 2>/dev/null
ours_spis $B r >"$tmp/spis.before.b" 2>/dev/null
read -r SPI_I SPI_R _ <"$tmp/spis.before"

stats() {
	ours_stats $A
}


inject() {
	ip netns exec $B "$INJECT" "$@"
}

garbage_500() {
	local before after sent total short unknown d

	before=$(stats) || return 1
	sent=$(inject 10.0.4.1 500 all --json --seed 500 \
	       --spi-i "${SPI_I:-1}" --spi-r "${SPI_R:-1}") || return 1
	sleep 1
	after=$(stats) || return 1
	echo "sent: $sent"
	echo "before: $before"
	echo "after:  $after"
	total=$(json_num "$sent" total) && short=$(json_num "$sent" short) &&
		unknown=$(json_num "$sent" unknown-spi) || return 1
	d=$(counter_delta "$before" "$after" rx_packets)
	[ "$d" -ge "$total" ] || { echo "rx_packets +$d < $total"; return 1; }
	d=$(counter_delta "$before" "$after" rx_malformed)
	[ "$d" -ge "$short" ] || { echo "rx_malformed +$d < $short"; return 1; }
	d=$(counter_delta "$before" "$after" rx_no_sa)
	[ "$d" -ge "$unknown" ] || { echo "rx_no_sa +$d < $unknown"; return 1; }
}
run_test "garbage at UDP 500: dropped and counted" garbage_500

garbage_4500() {
	local before after sent nomark short esp d d2

	before=$(stats) || return 1
	# With the non-ESP marker: IKE garbage; keepalives, a bare marker
	# and stray ESP come with "all" on 4500.
	sent=$(inject 10.0.4.1 4500 all --json --seed 4500 \
	       --spi-i "${SPI_I:-1}" --spi-r "${SPI_R:-1}") || return 1
	# Without it the same garbage reads as ESP for unknown SPIs.
	nomark=$(inject 10.0.4.1 4500 unknown-spi bad-version --no-marker \
		 --json --seed 4501) || return 1
	sleep 1
	after=$(stats) || return 1
	echo "sent: $sent"
	echo "sent without marker: $nomark"
	echo "before: $before"
	echo "after:  $after"
	short=$(json_num "$sent" short) && d=$(json_num "$sent" marker-only) &&
		short=$((short + d)) &&
	esp=$(json_num "$sent" esp) && d=$(json_num "$nomark" total) &&
		esp=$((esp + d)) || return 1
	d=$(counter_delta "$before" "$after" rx_malformed)
	[ "$d" -ge "$short" ] || { echo "rx_malformed +$d < $short"; return 1; }
	# ESP for SPIs no Child SA has: the data path's esp_rx_no_sa, or
	# rx_esp_too_short when too short for an ESP header.
	d=$(counter_delta "$before" "$after" rx_esp_too_short) &&
	d2=$(counter_delta "$before" "$after" esp_rx_no_sa) || return 1
	d=$((d + d2))
	[ "$d" -ge "$esp" ] || {
		echo "rx_esp_too_short + esp_rx_no_sa +$d < $esp"; return 1; }
	d=$(counter_delta "$before" "$after" rx_no_sa)
	[ "$d" -ge 1 ] || { echo "rx_no_sa did not rise"; return 1; }
}
run_test "garbage at UDP 4500, marker or not, keepalives, ESP: counted" \
	garbage_4500

survived() {
	ike_ns $A sa show
	ours_wait_established $A n 1 >/dev/null &&
	ours_wait_established $B r 1 >/dev/null &&
	[ "$(ours_spis $A n)" = "$(cat "$tmp/spis.before")" ] &&
	[ "$(ours_spis $B r)" = "$(cat "$tmp/spis.before.b")" ] &&
	kill -0 "$(cat "$tmp/helper-$A.pid")"
}
run_test "after the garbage: same SA established on both ends, helper up" \
	survived
down_up() {
	ike_ns $A conn down n && none_left &&
	ike_ns $A conn up n timeout $UP_TIMEOUT &&
		ours_wait_established $B r 5 >/dev/null
}
run_test "after the garbage: conn down and up still work" down_up

# 7. teardown under established SAs. B's namespace goes (its helper
# first: a process in it would keep it alive), A's SA is still up, then
# the module goes with it.
ns_gone() {
	ours_wait_established $A n 1 >/dev/null || return 1
	ns_destroy $B
	sleep 2
	! ip netns list | grep -qw $B
}
# ns_destroy changes the list of namespaces to delete at exit: top level.
ns_gone >"$tmp/nsgone" 2>&1; st=$?
run_test "ip netns del of a namespace with an established SA" \
	sh -c "cat '$tmp/nsgone'; exit $st"
rmmod_up() {
	ike_ns $A sa show
	rmmod ikev2 || return 1
	sleep 1
	! lsmod | grep -q '^ikev2 '
}
run_test "rmmod with an established SA and a helper registered" rmmod_up
ours_helper_stop $A "$tmp"
run_test "kernel log clean" dmesg_check
ktap_finish
