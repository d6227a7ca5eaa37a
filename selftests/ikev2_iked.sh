#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Our IKEv2 and ESP against OpenBSD iked (Debian's openiked 7.2, PF_KEY on
# Linux) in its own namespace, PSK, iked's default proposals on both
# sides. iked's Linux backend installs no AES-GCM and no HMAC-SHA2-256-128
# Child SA, but AES-CBC with HMAC-SHA2-384/512 both of us do: traffic is
# tested through whatever the two defaults agree on.
#
# 1. We initiate: the same IKE and ESP SPIs on both ends, ping both ways.
# 2. We rekey the Child SA (rekey-bytes) and the IKE SA (ike-rekey) under
#    a continuous ping: new SPIs on both ends, none lost, no SA left over.
# 3. Deletes: our conn down removes iked's SA; iked's "ikectl reset sa"
#    removes ours.
# 4. iked initiates ("ikectl active"): the same SPIs, ping both ways.
# 5. iked rekeys the Child SA (lifetime bytes) and the IKE SA (ikelifetime)
#    under a continuous ping: new SPIs on both ends, none lost.
# 6. A wrong PSK, we initiate: AUTHENTICATION_FAILED, no SA on either end.
#
#  +-------------------------------+          +-------------------------------+
#  | ns ik_o: ikev2.ko, ike-helper |          | ns ik_k: iked (own /run,      |
#  |  ike0 10.19.1.1               |          |  control socket in its dir),  |
#  |  conn c                       |          |  PF_KEY/XFRM; lo 10.29.1.1    |
#  |         10.0.19.1/24 ve-ik_k  +----------+ ve-ik_o 10.0.19.2/24          |
#  +-------------------------------+   veth   +-------------------------------+
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/strongswan.sh"
. "$(dirname "$0")/iked.sh"
vm_reexec "$@"

O=ik_o
K=ik_k
PSK=iked-test-psk-5e21
FLOWS='from 10.29.1.0/24 to 10.19.1.0/24 local 10.0.19.2 peer 10.0.19.1 srcid 10.0.19.2 dstid 10.0.19.1'
IKE_REKEY=15

require_root
require_cmd jq ping timeout
ik_require
ktap_header
ktap_plan 16

tmp=$(mktemp -d)
cleanup_push "rm -rf '$tmp'"
IK=$tmp/ik

setup() {
	mod_load &&
	ns_create $O $K &&
	ns_veth $O $K 10.0.19.1/24 10.0.19.2/24 &&
	ours_helper_start $O "$tmp" &&
	ip -n $O link add ike0 type ikev2 &&
	ip -n $O link set ike0 up &&
	ip -n $O addr add 10.19.1.1/32 dev ike0 &&
	ip -n $K addr add 10.29.1.1/32 dev lo &&
	ip -n $O route add 10.29.0.0/16 dev ike0 &&
	# iked's flows take what is routed towards us
	ip -n $K route add 10.19.0.0/16 via 10.0.19.1 &&
	ik_conf "$IK" c active "$FLOWS" "$PSK" &&
	ik_start $K "$IK" &&
	mon_start
}

# mon_start: our events (ike monitor), each line with the time it was
# read, in $tmp/mon: what a failed rekey test shows beside iked's log.
mon_start() {
	ip netns exec $O "$IKE" monitor 2>&1 | while IFS= read -r l; do
		printf '%s %s\n' "$EPOCHREALTIME" "$l"
	done >"$tmp/mon" &
	cleanup_push "kill $! 2>/dev/null"
}

# mon_show [SINCE]: our events since the epoch time SINCE (default all).
mon_show() {
	ktap_print "---- our events (ike monitor) ----"
	awk -v t="${1:-0}" '$1 >= t' "$tmp/mon" | ktap_diag
}
t0=$(now_ms)
setup >"$tmp/setup" 2>&1; st=$?
run_test "setup: module, ike0, ike-helper, iked configured in its namespace" \
	sh -c "cat '$tmp/setup'; echo 'took $(($(now_ms) - t0)) ms'; exit $st"
[ "$st" = 0 ] || { echo "Bail out! setup failed"; ktap_finish; }
psk=$(ours_psk "$tmp" ik "$PSK")

# conf [OUR_ARG...]: our conn c for 10.19.1.0/24 <-> 10.29.1.0/24,
# default proposals.
conf() {
	ike_ns $O conn del c >/dev/null 2>&1
	ike_ns $O conn add c local 10.0.19.1 remote 10.0.19.2 \
		auth psk psk-file "$psk" local-ts 10.19.1.0/24 \
		remote-ts 10.29.1.0/24 dev ike0 "$@"
}

both_ways() {
	pings $O 10.19.1.1 10.29.1.1 && pings $K 10.29.1.1 10.19.1.1
}

# agree: one IKE SA of c with one Child SA on each end, the same SPIs.
# The two ends are read one after the other; an IKE rekey due meanwhile
# (ike-rekey $IKE_REKEY runs on after the rekey test's ping) can show the
# new SA on iked, which switches at its answer, and the old one on ours,
# which switches when iked answers our Delete; iked's own IKE rekeys
# (ikelifetime) do the same the other way round. Under load an exchange
# with its DH through the helper takes seconds: a mismatch is read again,
# for up to 15 s, before it counts.
agree() {
	local j end

	j=$(ours_wait_established $O c 5) || return 1
	printf '%s\n' "$j" | jq -c '{state, initiator, proposal,
		children: [.children[] | {spi_in, spi_out, proposal}]}'
	ik_sas $K "$IK"
	end=$((EPOCHSECONDS + 15))
	until spis_match "$(ours_spis $O c)" "$(ik_spis $K "$IK")"; do
		[ $EPOCHSECONDS -lt $end ] || return 1
		echo "not the same SAs (yet): reading both ends again"
		sleep 0.5
	done
}

we_up() {
	local t0 rc

	conf "$@" || return 1
	t0=$(now_ms)
	ike_ns $O conn up c timeout 20
	rc=$?
	echo "handshake ms: $(($(now_ms) - t0)) (ours -> iked)"
	[ $rc = 0 ] && agree || { ik_log $K "$IK"; return 1; }
}

# --- 1. we initiate -------------------------------------------------------------

run_test "we initiate, iked's defaults: same SPIs on both ends" we_up
run_test "ping 10.19.1.1 <-> 10.29.1.1 both ways" both_ways

# --- 2. our rekeys under ping -----------------------------------------------------

we_up_rekeying() {
	ike_ns $O conn down c >/dev/null 2>&1
	ours_wait_gone $O c 5 || return 1
	we_up rekey-bytes 20K ike-rekey $IKE_REKEY
}
run_test "rekey: we initiate (rekey-bytes 20K, ike-rekey $IKE_REKEY)" \
	we_up_rekeying

our_child() {
	ours_spis $O c | awk '{ print $3 "/" $4 }'
}

our_ike() {
	ours_spis $O c | awk '{ print $1 "_" $2 }'
}

# held_nosa: "HELD NO_SA" of our namespace counters (as in
# ikev2_libreswan.sh).
held_nosa() {
	ours_stats $O | jq -r '"\(.esp_rx_held // 0) \(.esp_rx_no_sa // 0)"'
}

# pings_rekeying WHO: 400 pings of 228 bytes, 50 ms apart (20 s or more)
# while WHO (we, iked) rekeys: by 20K a Child SA is rekeyed about every
# 4.4 s, the IKE SA after 13.5 to 15 s; all within the ping. The Child SA
# and the IKE SA must have changed on our end, none of the pings may be
# lost and no ESP may have met an SPI we do not hold: a Child SA rekey's
# responder may send on the new SA at once, and what arrives before we
# have installed it is held until we have (esp_rx_held). One SA left on
# each end, the same.
pings_rekeying() {
	local who=$1 child0 ike0 child ike c0 c1 sent got lost loads0 loads t0

	child0=$(our_child) && ike0=$(our_ike) && c0=$(held_nosa) ||
		return 1
	t0=$EPOCHREALTIME
	echo "ping from $t0"
	loads0=$(grep -c 'ikev2_childsa_enable: loaded SPIs' "$IK/iked.log")
	ip netns exec $O ping -n -q -c 400 -i 0.05 -W 2 -s 200 \
		-I 10.19.1.1 10.29.1.1 >"$tmp/ping.out" 2>&1
	tail -n 2 "$tmp/ping.out"
	child=$(our_child) && ike=$(our_ike) && c1=$(held_nosa) || return 1
	echo "ours: Child SA $child0 -> $child, IKE SA $ike0 -> $ike"
	ike_ns $O sa show
	ik_sas $K "$IK"
	loads=$(($(grep -c 'ikev2_childsa_enable: loaded SPIs' \
		"$IK/iked.log") - loads0))
	sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$tmp/ping.out")
	got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$tmp/ping.out")
	lost=$((${sent:-0} - ${got:-0}))
	# shellcheck disable=SC2086
	set -- $c0 $c1
	echo "$who rekeying: lost $lost of $sent; esp_rx_held +$(($3 - $1))," \
	     "esp_rx_no_sa +$(($4 - $2)); iked installed $loads Child SAs"
	if [ "${sent:-0}" != 400 ] || [ "$lost" != 0 ] || [ "$4" != "$2" ]; then
		echo "pings lost or ESP for an SPI we did not hold"
	elif [ "$child" = "$child0" ] || [ "$ike" = "$ike0" ]; then
		echo "no Child SA rekey or no IKE SA rekey"
	elif [ "$(ours_sa_count $O c)" = 1 ] && agree; then
		return 0
	fi
	ktap_print "---- iked's exchanges ----"
	grep -E ' (recv|send) [A-Z_]+ (req|res)|sa_state:|rekeyed|sa_free' \
		"$IK/iked.log" | tail -n 60 | ktap_diag
	mon_show "$t0"
	return 1
}
run_test "rekey: we rekey the Child SA and the IKE SA under ping" \
	pings_rekeying we
run_test "rekey: ping both ways after our rekeys" both_ways

# --- 3. deletes -------------------------------------------------------------------

we_delete() {
	[ "$(ik_ike_count $K "$IK")" = 1 ] ||
		{ echo "no SA at iked to delete"; return 1; }
	ike_ns $O conn down c || return 1
	ours_wait_gone $O c 5 || return 1
	for _ in $(seq 25); do
		[ "$(ik_ike_count $K "$IK")" = 0 ] && return 0
		sleep 0.2
	done
	echo "iked still holds an IKE SA:"
	ik_sas $K "$IK"
	return 1
}
run_test "delete: our conn down removes iked's SA" we_delete

they_delete() {
	we_up || return 1
	ik_ctl $K "$IK" reset sa || return 1
	ours_wait_gone $O c 10
}
run_test "delete: iked's reset removes our SA" they_delete

# --- 4. iked initiates -----------------------------------------------------------

they_up() {
	local t0 j

	conf || return 1
	t0=$(now_ms)
	ik_ctl $K "$IK" active || return 1
	j=$(ours_wait_established $O c 30) || { ik_log $K "$IK"; return 1; }
	echo "handshake ms: $(($(now_ms) - t0)) (iked -> ours, from ikectl active)"
	jq_true "$j" '.initiator | not' ||
		{ echo "our SA is not the responder's"; return 1; }
	agree
}
run_test "iked initiates: same SPIs on both ends" they_up
run_test "ping both ways (iked initiated)" both_ways

# --- 5. iked's rekeys under ping --------------------------------------------------

# iked rekeys its Child SA after 20K either way (the kernel's soft byte
# limit, reported through PF_KEY) and its IKE SA every $IKE_REKEY s.
they_up_rekeying() {
	ik_ctl $K "$IK" passive >/dev/null
	ik_ctl $K "$IK" reset sa >/dev/null
	ours_wait_gone $O c 10 || return 1
	ik_conf "$IK" c active \
		"$FLOWS ikelifetime $IKE_REKEY lifetime 1h bytes 20K" "$PSK" &&
		ik_reload $K "$IK" || return 1
	they_up
}
run_test "rekey: iked initiates (lifetime bytes 20K, ikelifetime $IKE_REKEY)" \
	they_up_rekeying

# As the responder of iked's rekeys we install the new Child SA at once
# and send on it when iked does (or deletes the old one).
run_test "rekey: iked rekeys the Child SA and the IKE SA under ping" \
	pings_rekeying iked
run_test "rekey: ping both ways after iked's rekeys" both_ways

# --- 6. wrong PSK -------------------------------------------------------------------

wrong_psk() {
	ik_ctl $K "$IK" passive >/dev/null
	ik_ctl $K "$IK" reset sa >/dev/null
	ours_wait_gone $O c 10 || return 1
	ik_conf "$IK" c active "$FLOWS" "not-the-$PSK" &&
		ik_reload $K "$IK" || return 1
	conf || return 1
	expect_fail 'AUTHENTICATION_FAILED' ike_ns $O conn up c timeout 20 ||
		{ ik_log $K "$IK"; return 1; }
	ours_wait_gone $O c 5 && [ "$(ik_ike_count $K "$IK")" = 0 ]
}
run_test "wrong PSK: we initiate, AUTHENTICATION_FAILED, no SA left" wrong_psk

run_test "iked is still running" kill -0 "$(ik_pid $K "$IK")"
run_test "kernel log clean" dmesg_check
ktap_finish
