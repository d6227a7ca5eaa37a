#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Our IKEv2 and ESP against Libreswan 4.10 (pluto on XFRM in its own
# namespace), PSK, Libreswan's defaults (pfs=yes among them) wherever a
# case does not need another value:
#
# 1. Four proposals (AES-GCM-128/x25519, AES-256-CBC+HMAC-SHA2-256/
#    MODP-2048, ChaCha20-Poly1305/ECP-256, AES-GCM-256/ECP-384), each in
#    both roles: the SPIs of our Child SA are those of Libreswan's XFRM
#    states, ping passes both ways, and a Delete from the side that did
#    not initiate removes the SA on both.
# 2. Rekeys under a continuous ping, our conn's esp naming no DH group:
#    Libreswan rekeys the Child SA (with PFS, its default: a KE of its IKE
#    group, which we must accept), then the IKE SA; we rekey the Child SA
#    (rekey-bytes). No ping may be lost, the SPIs change on both ends.
# 3. A wrong PSK, either side initiating: AUTHENTICATION_FAILED, no SA.
#
#  +-------------------------------+          +-------------------------------+
#  | ns ls_o: ikev2.ko, ike-helper |          | ns ls_l: pluto (own /run,     |
#  |  ike0 10.18.N.1               |          |  control socket in its dir),  |
#  |  conn c (one case at a time)  |          |  XFRM; lo 10.28.N.1; conn c   |
#  |         10.0.18.1/24 ve-ls_l  +----------+ ve-ls_o 10.0.18.2/24          |
#  +-------------------------------+   veth   +-------------------------------+
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/strongswan.sh"
. "$(dirname "$0")/libreswan.sh"
vm_reexec "$@"

O=ls_o
L=ls_l
PSK=libreswan-test-psk-93d0
# N|short name|our ike|our esp|Libreswan ike|Libreswan esp|what our side
# must show ("ike proposal|esp proposal" substrings)
CASES="1|gcm|aes128gcm16-prfsha256-x25519|aes128gcm16|\
aes_gcm128-sha2_256;dh31|aes_gcm128|aes128gcm16-prfsha256-x25519|aes128gcm16
2|cbc|aes256-sha256-modp2048|aes256-sha256|aes256-sha2_256;modp2048|\
aes256-sha2_256|aes256-sha256-prfsha256-modp2048|aes256-sha256
3|chacha|chacha20poly1305-prfsha256-ecp256|chacha20poly1305|\
chacha20_poly1305-sha2_256;dh19|chacha20_poly1305|\
chacha20poly1305-prfsha256-ecp256|chacha20poly1305
4|ecp384|aes256gcm16-prfsha384-ecp384|aes256gcm16|\
aes_gcm256-sha2_384;dh20|aes_gcm256|aes256gcm16-prfsha384-ecp384|aes256gcm16"
N_CASES=4
REKEY_N=5

require_root
require_cmd jq ping timeout
ls_require
ktap_header
ktap_plan $((1 + N_CASES * 6 + 9 + 2 + 2))

tmp=$(mktemp -d)
cleanup_push "rm -rf '$tmp'"
LS=$tmp/ls

setup() {
	local n

	mod_load &&
	ns_create $O $L &&
	ns_veth $O $L 10.0.18.1/24 10.0.18.2/24 &&
	ls_spawn $L "$LS" &&
	ours_helper_start $O "$tmp" &&
	ip -n $O link add ike0 type ikev2 &&
	ip -n $O link set ike0 up || return 1
	for n in 1 2 3 4 5 6; do
		ip -n $O addr add 10.18.$n.1/32 dev ike0 &&
		ip -n $L addr add 10.28.$n.1/32 dev lo || return 1
	done
	ip -n $O route add 10.28.0.0/16 dev ike0 &&
	# pluto's XFRM policies take what is routed towards us
	ip -n $L route add 10.18.0.0/16 via 10.0.18.1 &&
	ls_wait $L "$LS" &&
	ls_whack $L "$LS" --globalstatus | head -n 3
}
setup >"$tmp/setup" 2>&1; st=$?
run_test "setup: module, ike0, ike-helper, pluto in its namespace" \
	sh -c "cat '$tmp/setup'; exit $st"
# Without a peer every case would only wait for its timeouts.
[ "$st" = 0 ] || { echo "Bail out! setup failed"; ktap_finish; }
psk=$(ours_psk "$tmp" ls "$PSK")

# configure N IKE ESP LS_IKE LS_ESP [SECRET [OUR_ARG...]]: conn c on both
# ends for inner 10.18.N.0/24 <-> 10.28.N.0/24 (SECRET: Libreswan's PSK,
# default the right one; OUR_ARG: more `ike conn add` arguments;
# LS_EXTRA: one more Libreswan conn option). An empty proposal leaves that
# side's default.
configure() {
	local n=$1 ike=$2 esp=$3 lsike=$4 lsesp=$5 secret=${6:-$PSK}

	shift 6 2>/dev/null || shift $#
	# Libreswan's conn goes first: it revives a connection whose IKE SA
	# the peer deleted, and must not do so into our next case.
	ls_whack $L "$LS" --delete --name c >/dev/null 2>&1
	ike_ns $O conn del c >/dev/null 2>&1
	ike_ns $O conn add c local 10.0.18.1 remote 10.0.18.2 \
		auth psk psk-file "$psk" ${ike:+ike "$ike"} ${esp:+esp "$esp"} \
		local-ts 10.18.$n.0/24 remote-ts 10.28.$n.0/24 dev ike0 "$@" ||
		return 1
	ls_conf $L "$LS" name=c left=10.0.18.2 right=10.0.18.1 \
		leftsubnet=10.28.$n.0/24 rightsubnet=10.18.$n.0/24 \
		${lsike:+"ike=$lsike"} ${lsesp:+"esp=$lsesp"} \
		${LS_EXTRA:+"opt=$LS_EXTRA"} psk="$secret" >"$tmp/lsconf" 2>&1 || {
		cat "$tmp/lsconf"; return 1; }
}

both_ways() {
	pings $O 10.18.$1.1 10.28.$1.1 && pings $L 10.28.$1.1 10.18.$1.1
}

# agree IKE_SUB ESP_SUB: one IKE SA of conn c on each end with one Child
# SA; ours negotiated what IKE_SUB/ESP_SUB say; Libreswan's XFRM has
# exactly the two states of our Child SA, plain ESP (no NAT here).
agree() {
	local j x

	j=$(ours_wait_established $O c 5) || return 1
	printf '%s\n' "$j" | jq -c '{state, proposal, local_port, remote_port,
		children: [.children[] | {spi_in, spi_out, proposal,
		encap_udp}]}'
	ls_states $L "$LS" | grep -E 'ESTABLISHED_(IKE|CHILD)_SA'
	[ "$(ls_ike_count $L "$LS" c)" = 1 ] &&
		[ "$(ls_child_count $L "$LS" c)" = 1 ] || {
		echo "Libreswan: want one IKE SA and one Child SA of c"
		return 1; }
	jq_true "$j" "(.children | length) == 1 and
		(.proposal | startswith(\"$1\")) and
		(.children[0].proposal | startswith(\"$2\")) and
		(.children[0].encap_udp | not)" || {
		echo "ours: want ike $1, esp $2, no encapsulation"; return 1; }
	x=$(xfrm_states $L) || return 1
	printf '%s\n' "$x" | jq -c '.[] | {spi, src, dst, encap}'
	jq -n -e --argjson x "$x" --argjson j "$j" '
		($x | length) == 2 and all($x[]; .encap == null) and
		([$x[].spi] | sort) ==
		([$j.children[0].spi_in, $j.children[0].spi_out] | sort)' \
		>/dev/null || { echo "XFRM states are not our Child SA's"
		return 1; }
}

both_gone() {
	ours_wait_gone $O c 5 && ls_wait_gone $L "$LS" c 5
}

we_up() {
	local t0 rc

	t0=$(now_ms)
	ike_ns $O conn up c timeout 20
	rc=$?
	echo "handshake ms: $(($(now_ms) - t0)) (ours -> Libreswan)"
	[ $rc = 0 ] || { ls_log $L "$LS" 30; return 1; }
	agree "$1" "$2" || { ls_log $L "$LS" 30; return 1; }
}

they_up() {
	local t0 rc

	t0=$(now_ms)
	ls_initiate $L "$LS" c 20 | tail -n 4
	rc=${PIPESTATUS[0]}
	echo "handshake ms: $(($(now_ms) - t0)) (Libreswan -> ours)"
	[ "$rc" = 0 ] || { ls_log $L "$LS" 30; ike_ns $O sa show; return 1; }
	agree "$1" "$2" || { ls_log $L "$LS" 30; return 1; }
}

# one_up: an IKE SA of c on each end to delete (else a delete test would
# pass on nothing).
one_up() {
	[ "$(ours_sa_count $O c)" = 1 ] &&
		[ "$(ls_ike_count $L "$LS" c)" = 1 ] && return 0
	echo "no IKE SA of c on both ends to delete"
	return 1
}

# we_delete: our conn down deletes the SA on both ends: our IKE SA and
# Libreswan's XFRM states of its Child SA are gone. Libreswan then revives
# the connection by default (it initiated it, the peer deleted it): a new
# IKE SA with new SPIs may follow, and is not the one deleted.
we_delete() {
	local old i x

	one_up || return 1
	old=$(ours_spis $O c) || return 1
	ike_ns $O conn down c || return 1
	# shellcheck disable=SC2086
	set -- $old
	for i in $(seq 25); do
		x=$(xfrm_states $L)
		if ! ours_sa_list $O | jq -e --arg i "$1" \
			'any(.[]; .spi_i == $i)' >/dev/null &&
		   ! jq -e --arg a "$3" --arg b "$4" \
			'any(.[]; .spi == $a or .spi == $b)' <<<"$x" \
			>/dev/null; then
			grep -i -E 'delete|reviv' "$LS/pluto.log" | tail -n 4
			[ "$(ls_ike_count $L "$LS" c)" = 0 ] ||
				echo "Libreswan revived conn c (new SPIs)"
			return 0
		fi
		sleep 0.2
	done
	echo "IKE SA $1 or Child SA $3/$4 still there"
	ike_ns $O sa show
	ls_states $L "$LS"
	return 1
}

they_delete() {
	one_up || return 1
	ls_terminate $L "$LS" c | tail -n 3
	both_gone
}

# --- 1. proposals, both roles -------------------------------------------------

for_case() {
	local line

	line=$(sed -n "${1}p" <<<"$CASES")
	IFS='|' read -r n short ike esp lsike lsesp want_ike want_esp <<<"$line"
}

for i in $(seq $N_CASES); do
	for_case "$i"
	case_we() {
		configure "$n" "$ike" "$esp" "$lsike" "$lsesp" &&
			we_up "$want_ike" "$want_esp"
	}
	case_they() {
		configure "$n" "$ike" "$esp" "$lsike" "$lsesp" &&
			they_up "$want_ike" "$want_esp"
	}
	run_test "$short: we initiate ($ike), same SPIs in Libreswan's XFRM" \
		case_we
	run_test "$short: ping 10.18.$n.1 <-> 10.28.$n.1 both ways" \
		both_ways "$n"
	run_test "$short: Libreswan's Delete removes our SA" they_delete
	run_test "$short: Libreswan initiates ($lsike), same SPIs" case_they
	run_test "$short: ping both ways (Libreswan initiated)" both_ways "$n"
	run_test "$short: our conn down deletes it at Libreswan too" we_delete
done

# --- 2. rekeys under continuous ping ------------------------------------------

PING_PID=
# ping_start N COUNT: COUNT pings, 50 ms apart, 10.18.N.1 -> 10.28.N.1, in
# the background (ping_check collects them).
ping_start() {
	ip netns exec $O ping -n -q -c "$2" -i 0.05 -W 2 -I 10.18.$1.1 \
		10.28.$1.1 >"$tmp/ping.out" 2>&1 &
	PING_PID=$!
}

# ping_check: the background ping is over and lost nothing.
ping_check() {
	wait "$PING_PID"
	tail -n 2 "$tmp/ping.out"
	grep -q " 0% packet loss" "$tmp/ping.out"
}

# our_child: "SPI_IN SPI_OUT PROPOSAL" of our Child SA of conn c.
our_child() {
	ours_sa_json $O c | jq -r -e \
		'.children[0] | "\(.spi_in) \(.spi_out) \(.proposal)"'
}

# wait_child_change OLD: until our Child SA of c is not OLD any more and
# the old one has gone (one Child SA left); prints the new one.
wait_child_change() {
	local now j

	for _ in $(seq 50); do
		j=$(ours_sa_json $O c 2>/dev/null)
		now=$(printf '%s\n' "$j" | jq -r '.children[0] |
			"\(.spi_in) \(.spi_out) \(.proposal)"' 2>/dev/null)
		if [ -n "$now" ] && [ "$now" != "$1" ] &&
		   jq_true "$j" '(.children | length) == 1' 2>/dev/null; then
			echo "$now"
			return 0
		fi
		sleep 0.2
	done
	echo "our Child SA did not change from $1" >&2
	ike_ns $O sa show >&2
	return 1
}

# xfrm_is_child: Libreswan's XFRM holds exactly our current Child SA.
xfrm_is_child() {
	local x j

	for _ in $(seq 25); do
		x=$(xfrm_states $L) && j=$(ours_sa_json $O c) || return 1
		jq -n -e --argjson x "$x" --argjson j "$j" '
			([$x[].spi] | sort) == ([$j.children[0].spi_in,
			$j.children[0].spi_out] | sort)' >/dev/null && return 0
		sleep 0.2
	done
	printf '%s\n' "$x" | jq -c '.[] | {spi, src, dst, packets}'
	echo "Libreswan's XFRM states are not our Child SA's"
	return 1
}

rekey_setup() {
	# esp names no group; Libreswan's esp neither, with pfs=yes (default)
	configure $REKEY_N aes128gcm16-prfsha256-x25519 aes128gcm16 \
		"aes_gcm128-sha2_256;dh31" aes_gcm128 &&
		they_up aes128gcm16-prfsha256-x25519 aes128gcm16 &&
		both_ways $REKEY_N
}
run_test "rekey: Libreswan initiates (pfs=yes default), ping passes" \
	rekey_setup

they_rekey_child() {
	local old new

	old=$(our_child) || return 1
	ping_start $REKEY_N 100
	sleep 1
	ls_whack $L "$LS" --name c --rekey-ipsec | tail -n 3
	new=$(wait_child_change "$old") || { kill "$PING_PID"; return 1; }
	echo "ours: $old -> $new"
	ping_check || return 1
	xfrm_is_child || return 1
	# PFS: the new Child SA used Libreswan's IKE group
	case "$new" in
	*x25519*) ;;
	*) echo "the rekeyed Child SA shows no PFS group: $new"; return 1 ;;
	esac
}
run_test "rekey: Libreswan rekeys the Child SA with PFS (x25519), no ping lost" \
	they_rekey_child

# ike_spis: our IKE SPIs of conn c.
ike_spis() {
	ours_spis $O c | cut -d' ' -f1-2
}

they_rekey_ike() {
	local old new

	old=$(ike_spis)
	ping_start $REKEY_N 100
	sleep 1
	ls_whack $L "$LS" --name c --rekey-ike | tail -n 3
	for _ in $(seq 50); do
		new=$(ike_spis)
		[ -n "$new" ] && [ "$new" != "$old" ] &&
			[ "$(ours_sa_count $O c)" = 1 ] && break
		sleep 0.2
	done
	echo "our IKE SPIs: $old -> $new"
	ping_check || return 1
	[ -n "$new" ] && [ "$new" != "$old" ] &&
		[ "$(ours_sa_count $O c)" = 1 ] &&
		[ "$(ls_ike_count $L "$LS" c)" = 1 ] || {
		ls_states $L "$LS"; ike_ns $O sa show; return 1; }
}
run_test "rekey: Libreswan rekeys the IKE SA, no ping lost" they_rekey_ike

after_they_rekeyed() {
	both_ways $REKEY_N && xfrm_is_child &&
		ls_states $L "$LS" | grep -E 'ESTABLISHED_(IKE|CHILD)_SA'
}
run_test "rekey: the Child SA passes both ways under the new IKE SA" \
	after_they_rekeyed
run_test "rekey: our conn down after Libreswan's rekeys deletes it there" \
	we_delete

# Now we initiate, and rekey ourselves: the Child SA every 20K bytes, the
# IKE SA after IKE_REKEY seconds.
IKE_REKEY=10
we_up_rekeying() {
	configure $REKEY_N aes128gcm16-prfsha256-x25519 aes128gcm16 \
		"aes_gcm128-sha2_256;dh31" aes_gcm128 "$PSK" \
		rekey-bytes 20K ike-rekey $IKE_REKEY &&
		we_up aes128gcm16-prfsha256-x25519 aes128gcm16 &&
		ike_ns $O conn show c
}
run_test "rekey: we initiate (rekey-bytes 20K, ike-rekey $IKE_REKEY)" \
	we_up_rekeying

# held_nosa: "HELD NO_SA" of our namespace counters: ESP held for a Child
# SA we had offered but not installed yet, and ESP for an SPI we did not
# hold at all.
held_nosa() {
	ours_stats $O | jq -r '"\(.esp_rx_held // 0) \(.esp_rx_no_sa // 0)"'
}

# 300 pings of 228 bytes, 50 ms apart: our Child SA passes 20K about
# every 4.4 s, our IKE SA is due after 9 to 10 s; all within the ping.
# Libreswan refuses our rekey without PFS (pfs=yes), we retry with the
# IKE group. As responder it sends on the new Child SA as soon as it has
# answered, while we, the initiator, install its inbound half only once
# the DH result is back from ike-helper: an echo reply in that gap meets
# an SPI we do not hold yet. We hold such packets until the install
# (esp_rx_held); none may be lost, none may meet an unknown SPI.
we_rekey() {
	local child0 ike0 child ike c0 c1 sent got lost rekeys0 rekeys

	child0=$(our_child) && ike0=$(ike_spis) && c0=$(held_nosa) ||
		return 1
	rekeys0=$(grep -c 'responder rekeyed Child SA' "$LS/pluto.log")
	ip netns exec $O ping -n -q -c 300 -i 0.05 -W 2 -s 200 \
		-I 10.18.$REKEY_N.1 10.28.$REKEY_N.1 >"$tmp/ping.out" 2>&1 &
	PING_PID=$!
	wait "$PING_PID"
	tail -n 2 "$tmp/ping.out"
	child=$(our_child) && ike=$(ike_spis) || return 1
	echo "ours: Child SA $child0 -> $child, IKE SA $ike0 -> $ike"
	grep -E 'CREATE_CHILD_SA|NO_PROPOSAL|PFS|rekey' "$LS/pluto.log" |
		tail -n 8
	ike_ns $O sa show
	ls_states $L "$LS" | grep -E 'ESTABLISHED_(IKE|CHILD)_SA'
	c1=$(held_nosa) || return 1
	sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$tmp/ping.out")
	got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$tmp/ping.out")
	rekeys=$(($(grep -c 'responder rekeyed Child SA' "$LS/pluto.log") -
		 rekeys0))
	lost=$((${sent:-0} - ${got:-0}))
	# shellcheck disable=SC2086
	set -- $c0 $c1
	echo "lost $lost of $sent; esp_rx_held +$(($3 - $1))," \
	     "esp_rx_no_sa +$(($4 - $2)); Libreswan answered $rekeys Child SA rekeys"
	[ "${sent:-0}" = 300 ] && [ "$lost" = 0 ] && [ "$4" = "$2" ] || {
		echo "pings lost or ESP for an SPI we did not hold"; return 1; }
	[ "$child" != "$child0" ] || { echo "no Child SA rekey"; return 1; }
	[ "$ike" != "$ike0" ] || { echo "no IKE SA rekey"; return 1; }
	[ "$(ours_sa_count $O c)" = 1 ] &&
		[ "$(ls_ike_count $L "$LS" c)" = 1 ] &&
		[ "$(ls_child_count $L "$LS" c)" = 1 ] || {
		echo "want one IKE SA and one Child SA on each end"; return 1; }
	xfrm_is_child
}
run_test "rekey: we rekey the Child SA (PFS on Libreswan's demand) and the IKE SA under ping" \
	we_rekey

rekey_traffic() {
	both_ways $REKEY_N
}
run_test "rekey: ping both ways after our rekeys" rekey_traffic
run_test "rekey: Libreswan's Delete after our rekeys removes ours" \
	they_delete

# --- 3. wrong PSK -------------------------------------------------------------

wrong_psk_we() {
	configure 6 "" "" "" "" "not-the-$PSK" || return 1
	expect_fail 'AUTHENTICATION_FAILED' ike_ns $O conn up c timeout 20 ||
		return 1
	both_gone
}
run_test "wrong PSK: we initiate, AUTHENTICATION_FAILED, no SA left" \
	wrong_psk_we

# keyingtries=1: Libreswan's default retries for ever, and whack would wait.
wrong_psk_they() {
	LS_EXTRA=keyingtries=1 configure 6 "" "" "" "" "not-the-$PSK" ||
		return 1
	if ls_initiate $L "$LS" c 20 >"$tmp/whack.out" 2>&1; then
		cat "$tmp/whack.out"
		echo "Libreswan's initiate succeeded with a wrong PSK"
		return 1
	fi
	tail -n 3 "$tmp/whack.out"
	ours_wait_gone $O c 5 && [ "$(ls_child_count $L "$LS" c)" = 0 ]
}
run_test "wrong PSK: Libreswan initiates, fails, no SA on our side" \
	wrong_psk_they

run_test "Libreswan's pluto is still running" kill -0 "$(ls_pid $L "$LS")"
run_test "kernel log clean" dmesg_check
ktap_finish
