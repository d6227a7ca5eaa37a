#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Our IKEv2 against strongSwan 5.9 (charon + swanctl, XFRM in its own
# namespace), PSK, both directions, for AES-GCM/X25519,
# AES-CBC+HMAC-SHA2/MODP-2048 and ChaCha20-Poly1305/ECP-256: strongSwan must
# show ESTABLISHED and INSTALLED with the IKE SPIs and ESP SPIs that
# `ike sa show` prints, and a Delete from either side must remove the SA on
# both.
#
#  +------------------------------+          +------------------------------+
#  | ns io_o: ikev2.ko, ike-helper|          | ns io_s: charon (own /run,   |
#  |  conn i (one proposal at a   |          |  vici socket in its dir)     |
#  |  time; initiator or          |          |  conn c, same proposal       |
#  |  responder)                  |          |                              |
#  |        10.0.3.1/24 ve-io_s   +----------+ ve-io_o 10.0.3.2/24          |
#  +------------------------------+   veth   +------------------------------+
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/strongswan.sh"
vm_reexec "$@"

O=io_o
S=io_s
PSK=interop-test-psk-41c7
# IKE proposal|ESP proposal|short name|strongSwan's encr-alg and dh-group
CASES="aes128gcm16-prfsha256-x25519|aes128gcm16|gcm|AES_GCM_16 CURVE_25519
aes256-sha256-modp2048|aes256-sha256|cbc|AES_CBC MODP_2048
chacha20poly1305-prfsha256-ecp256|chacha20poly1305|chacha|\
CHACHA20_POLY1305 ECP_256"

require_root
require_cmd jq
sw_require
ktap_header
ktap_plan 18

tmp=$(mktemp -d)
cleanup_push "rm -rf '$tmp'"
SW=$tmp/sw

setup() {
	mod_load &&
	ns_create $O $S &&
	ns_veth $O $S 10.0.3.1/24 10.0.3.2/24 &&
	sw_spawn $S "$SW" &&
	ours_helper_start $O "$tmp" &&
	sw_wait $S "$SW"
}
setup >"$tmp/setup" 2>&1; st=$?
run_test "setup: module, ike-helper, charon in its namespace" \
	sh -c "cat '$tmp/setup'; exit $st"
psk=$(ours_psk "$tmp" io "$PSK")

# configure IKE ESP: the same single proposal on both ends.
configure() {
	ike_ns $O conn del i >/dev/null 2>&1
	ike_ns $O conn add i local 10.0.3.1 remote 10.0.3.2 \
		auth psk psk-file "$psk" ike "$1" esp "$2" || return 1
	sw_conf $S "$SW" local=10.0.3.2 remote=10.0.3.1 ike="$1" esp="$2" \
		psk="$PSK" >"$tmp/swconf" 2>&1 || { cat "$tmp/swconf"; return 1; }
}

# both_up: strongSwan ESTABLISHED/INSTALLED, ours established, the same
# SPIs on both ends.
both_up() {
	local raw

	raw=$(sw_wait_established $S "$SW" 5) || { sw_log $S "$SW" 40
		return 1; }
	echo "strongSwan: $raw"
	ours_wait_established $O i 5 >/dev/null || return 1
	ike_ns $O sa show
	spis_match "$(ours_spis $O i)" "$(sw_raw_spis "$raw")"
}

# both_gone: no IKE SA left on either end (5 s for the Delete).
both_gone() {
	ours_wait_gone $O i 5 && sw_wait_gone $S "$SW" 5
}

# we_initiate IKE ESP: ike conn up, timed; then both ends agree.
we_initiate() {
	local t0 rc

	configure "$1" "$2" || return 1
	t0=$(now_ms)
	ike_ns $O conn up i timeout 30
	rc=$?
	echo "handshake ms: $(($(now_ms) - t0)) (ours -> strongSwan, $1)"
	[ $rc = 0 ] || { sw_log $S "$SW" 40; return 1; }
	both_up
}

# they_initiate IKE ESP: swanctl --initiate, timed (swanctl's own start-up,
# about 0.5 s under TCG, included); then both ends agree.
they_initiate() {
	local t0 rc

	configure "$1" "$2" || return 1
	t0=$(now_ms)
	sw_initiate $S "$SW" c 30
	rc=$?
	echo "handshake ms: $(($(now_ms) - t0)) (strongSwan -> ours, $1)"
	[ $rc = 0 ] || { sw_log $S "$SW" 40; ike_ns $O sa show; return 1; }
	both_up
}

we_delete() {
	ike_ns $O conn down i && both_gone
}

they_delete() {
	sw_terminate $S "$SW" c && both_gone
}

# negotiated IKE "ENCR DH": what strongSwan says it uses, and our side
# names the same DH group (the last keyword of the proposal).
negotiated() {
	local raw algs j

	raw=$(sw_sa_raw $S "$SW") || { echo "strongSwan has no IKE SA"
		return 1; }
	algs="$(sw_field "$raw" encr-alg) $(sw_field "$raw" dh-group)"
	echo "strongSwan: $algs, Child SA $(sw_field "$raw" child-state)" \
	     "$(sw_field "$raw" spi-in)/$(sw_field "$raw" spi-out)"
	j=$(ours_sa_json $O i) || return 1
	echo "ours: $(echo "$j" | jq -c '[.proposal, .children[0].proposal]')"
	[ "$algs" = "$2" ] || return 1
	jq_true "$j" ".proposal | test(\"${1##*-}\")"
}

while IFS='|' read -r ike esp short algs; do
	run_test "$short: we initiate ($ike), strongSwan responds, same SPIs" \
		we_initiate "$ike" "$esp"
	run_test "$short: both ends negotiated $algs" negotiated "$ike" "$algs"
	run_test "$short: our conn down deletes it at strongSwan too" we_delete
	run_test "$short: strongSwan initiates, we respond, same SPIs" \
		they_initiate "$ike" "$esp"
	run_test "$short: strongSwan's Delete removes our SA" they_delete
done <<EOF
$CASES
EOF
run_test "strongSwan's charon is still running" \
	kill -0 "$(sw_pid $S "$SW")"
run_test "kernel log clean" dmesg_check
ktap_finish
