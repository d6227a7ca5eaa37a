#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Our IKEv2 against itself: IKE_SA_INIT + IKE_AUTH with a PSK and the first
# Child SA, both ends in the module, for AES-GCM/X25519 and
# AES-CBC+HMAC-SHA2/MODP-2048. Both ends must agree on everything they show
# (IKE SPIs, each end's inbound ESP SPI the other's outbound, the
# proposal), and "conn down" must remove the SA on both.
#
#  +---------------------------+          +---------------------------+
#  | ns tun_a: ike-helper      |          | ns tun_b: ike-helper      |
#  |  conn t1, t2 (initiator)  |          |  conn r (responder,       |
#  |   remote 10.0.1.2         |          |   remote %any, both       |
#  |                           |          |   proposals)              |
#  |      10.0.1.1/24 ve-tun_b +----------+ ve-tun_a 10.0.1.2/24      |
#  +---------------------------+   veth   +---------------------------+
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/strongswan.sh"
vm_reexec "$@"

GCM=aes128gcm16-prfsha256-x25519
CBC=aes256-sha256-modp2048
A=tun_a
B=tun_b
PSK=tunnel-test-psk-6d1e

require_root
require_cmd jq
ktap_header
ktap_plan 16

tmp=$(mktemp -d)
cleanup_push "rm -rf '$tmp'"

setup() {
	mod_load &&
	ns_create $A $B &&
	ns_veth $A $B 10.0.1.1/24 10.0.1.2/24 &&
	ours_helper_start $A "$tmp" &&
	ours_helper_start $B "$tmp"
}
# At the top level: the helpers must outlive run_test's subshell.
setup >"$tmp/setup" 2>&1; st=$?
run_test "setup: module, namespaces, ike-helper in both" \
	sh -c "cat '$tmp/setup'; exit $st"

psk=$(ours_psk "$tmp" tun "$PSK")
conns() {
	ike_ns $A conn add t1 local 10.0.1.1 remote 10.0.1.2 \
		auth psk psk-file "$psk" ike $GCM esp aes128gcm16 &&
	ike_ns $A conn add t2 local 10.0.1.1 remote 10.0.1.2 \
		auth psk psk-file "$psk" ike $CBC esp aes256-sha256 &&
	ike_ns $B conn add r local 10.0.1.2 remote %any \
		auth psk psk-file "$psk" ike $GCM,$CBC \
		esp aes128gcm16,aes256-sha256
}
run_test "conn add: two initiator conns, one %any responder" conns

# up NAME: conn up from A, timed; the time goes to $tmp/ms.NAME.
up() {
	local t0 rc

	t0=$(now_ms)
	ike_ns $A conn up "$1" timeout 30
	rc=$?
	echo "$(($(now_ms) - t0))" >"$tmp/ms.$1"
	echo "handshake ms: $(cat "$tmp/ms.$1") ($1)"
	return $rc
}

# established NAME: both ends show an established SA with a Child SA, A
# as initiator and B as responder.
established() {
	local a b

	a=$(ours_wait_established $A "$1" 5) &&
		b=$(ours_wait_established $B r 5) || return 1
	ike_ns $A sa show
	ike_ns $B sa show
	jq_true "$a" '.initiator == true' && jq_true "$b" '.initiator == false'
}

# same_spis NAME: IKE SPIs equal, ESP SPIs crossed, on both ends.
same_spis() {
	spis_match "$(ours_spis $A "$1")" "$(ours_spis $B r)"
}

# same_proposal NAME IKE ESP: both ends show the same IKE and ESP
# proposals, the IKE one with every keyword of IKE, the ESP one starting
# with ESP.
same_proposal() {
	local a b

	a=$(ours_sa_json $A "$1") && b=$(ours_sa_json $B r) || return 1
	echo "A: $(echo "$a" | jq -c '[.proposal, .children[0].proposal]')"
	echo "B: $(echo "$b" | jq -c '[.proposal, .children[0].proposal]')"
	jq -n -e --argjson a "$a" --argjson b "$b" --arg ike "$2" \
		--arg esp "$3" '
		[$a.proposal, $a.children[0].proposal] as $pa |
		[$b.proposal, $b.children[0].proposal] as $pb |
		$pa == $pb and
		all($ike | split("-")[]; . as $k | $pa[0] | contains($k)) and
		($pa[1] | startswith($esp))' >/dev/null
}

down() {
	ike_ns $A conn down "$1" && ours_wait_gone $A "$1" 5 &&
		ours_wait_gone $B r 5
}

run_test "conn up t1 ($GCM) exits 0" up t1
run_test "t1: established on both ends" established t1
run_test "t1: IKE and ESP SPIs agree" same_spis t1
run_test "t1: both ends negotiated $GCM / aes128gcm16" \
	same_proposal t1 $GCM aes128gcm16
ours_spis $A t1 >"$tmp/spis.t1.first" 2>/dev/null
run_test "conn down t1 removes the SA on both ends" down t1

run_test "conn up t2 ($CBC) exits 0" up t2
run_test "t2: established on both ends" established t2
run_test "t2: IKE and ESP SPIs agree" same_spis t2
run_test "t2: both ends negotiated $CBC / aes256-sha256" \
	same_proposal t2 $CBC aes256-sha256
run_test "conn down t2 removes the SA on both ends" down t2

reup() {
	up t1 && established t1 && same_spis t1 || return 1
	echo "first: $(cat "$tmp/spis.t1.first")"
	echo "again: $(ours_spis $A t1)"
	[ "$(ours_spis $A t1)" != "$(cat "$tmp/spis.t1.first")" ]
}
run_test "t1 again: up with fresh SPIs" reup
run_test "conn up of an SA that is up fails (already up)" \
	expect_fail 'already' ike_ns $A conn up t1
run_test "conn down t1 again removes it on both ends" down t1

run_test "kernel log clean" dmesg_check
ktap_finish
