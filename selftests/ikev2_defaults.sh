#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# strongSwan as it ships: every connection setting it is not told about
# keeps its default (sw_conf defaults=yes): MOBIKE on, fragmentation,
# default DPD and rekeying, default IKE and ESP proposals where a case does
# not name one. Our conn names no proposals either. Both roles, no NAT on
# the path:
#
# 1. strongSwan initiates. With MOBIKE offered it moves IKE to port 4500
#    after IKE_SA_INIT (RFC 4555 3.3) although no NAT was detected: IKE
#    stays on 4500 but ESP must stay plain (RFC 7296 2.23, RFC 3948), as
#    strongSwan's XFRM states are. A second Child SA with a PFS group
#    (esp_proposals aes128gcm16-x25519), a rekey of each Child SA with its
#    PFS group and an IKE SA rekey, all started by strongSwan, to a conn
#    whose esp names no DH group. Ping both ways through every Child SA.
# 2. We initiate (ike conn up) to strongSwan's defaults: plain ESP, ping
#    both ways.
# 3. strongSwan is killed (SIGKILL) and restarted and initiates again: its
#    INITIAL_CONTACT makes us drop the stale IKE SA and its Child SA at
#    once; ping both ways.
#
# Every Child SA: `ike sa show -j` says no UDP encapsulation and no NAT,
# strongSwan's XFRM states are plain ESP and counted the pings.
#
#  +-------------------------------+          +-------------------------------+
#  | ns df_o: ikev2.ko, ike-helper |          | ns df_s: charon, XFRM         |
#  |  ike0 10.17.1.1, 10.17.2.1    |          |  lo 10.27.1.1, 10.27.2.1      |
#  |  conn d (default proposals)   |          |  conn c: children c1 (esp     |
#  |                               |          |  default), c2 (aes128gcm16-   |
#  |                               |          |  x25519)                      |
#  |         10.0.17.1/24 ve-df_s  +----------+ ve-df_o 10.0.17.2/24          |
#  +-------------------------------+   veth   +-------------------------------+
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/strongswan.sh"
vm_reexec "$@"

O=df_o
S=df_s
PSK=defaults-test-psk-5e21
PFS_ESP=aes128gcm16-x25519

require_root
require_cmd jq ping
sw_require
ktap_header
ktap_plan 24

tmp=$(mktemp -d)
cleanup_push "rm -rf '$tmp'"
SW=$tmp/sw

setup() {
	mod_load &&
	ns_create $O $S &&
	ns_veth $O $S 10.0.17.1/24 10.0.17.2/24 &&
	sw_spawn $S "$SW" &&
	ours_helper_start $O "$tmp" &&
	ip -n $O link add ike0 type ikev2 &&
	ip -n $O link set ike0 up &&
	ip -n $O addr add 10.17.1.1/32 dev ike0 &&
	ip -n $O addr add 10.17.2.1/32 dev ike0 &&
	ip -n $O route add 10.27.0.0/16 dev ike0 &&
	ip -n $S addr add 10.27.1.1/32 dev lo &&
	ip -n $S addr add 10.27.2.1/32 dev lo &&
	# XFRM's policies take what is routed towards us
	ip -n $S route add 10.17.0.0/16 via 10.0.17.1 &&
	sw_wait $S "$SW"
}
setup >"$tmp/setup" 2>&1; st=$?
run_test "setup: module, ike0, ike-helper, charon in its namespace" \
	sh -c "cat '$tmp/setup'; exit $st"
psk=$(ours_psk "$tmp" df "$PSK")

# Our conn d: no ike/esp keywords (our default proposals, no DH in esp),
# selectors wide enough for both of strongSwan's children.
ours_conf() {
	ike_ns $O conn del d >/dev/null 2>&1
	ike_ns $O conn add d local 10.0.17.1 remote 10.0.17.2 \
		auth psk psk-file "$psk" local-ts 10.17.0.0/16 \
		remote-ts 10.27.0.0/16 dev ike0
}

# strongSwan's conn c with its defaults: IKE and c1's ESP proposals
# "default", c2 with a PFS group.
sw_defaults_conf() {
	sw_conf $S "$SW" defaults=yes local=10.0.17.2 remote=10.0.17.1 \
		psk="$PSK" ike=default \
		"child=c1|default|10.27.1.0/24|10.17.1.0/24" \
		"child=c2|$PFS_ESP|10.27.2.0/24|10.17.2.0/24" \
		>"$tmp/swconf" 2>&1 || { cat "$tmp/swconf"; return 1; }
	cat "$SW/conf.d/c.conn"
	# what defaults=yes promises: none of the test-friendly overrides
	! grep -E -q 'mobike|encap|fragmentation|dpd_delay|unique|keyingtries|_action' \
		"$SW/conf.d/c.conn"
}

conf() {
	ours_conf && sw_defaults_conf
}
run_test "conns: ours with default proposals, strongSwan's with its defaults" \
	conf

# both_ways N: ping 10.17.N.1 <-> 10.27.N.1 from each side.
both_ways() {
	pings $O 10.17.$1.1 10.27.$1.1 && pings $S 10.27.$1.1 10.17.$1.1
}

# no_encap N_CHILDREN [PORT]: our IKE SA with N_CHILDREN Child SAs, no NAT
# seen, IKE on PORT (both ends; default 4500), no Child SA UDP-encapsulated.
no_encap() {
	local j

	j=$(ours_sa_json $O d) || { echo "no IKE SA of conn d"; return 1; }
	printf '%s\n' "$j" | jq -c '{state, local_port, remote_port,
		nat_local, nat_remote, children: [.children[] |
		{spi_in, spi_out, encap_udp, proposal}]}'
	jq_true "$j" "(.children | length) == $1" || {
		echo "want $1 Child SAs"; return 1; }
	jq_true "$j" ".local_port == ${2:-4500} and
		.remote_port == ${2:-4500}" || {
		echo "IKE is not on port ${2:-4500} at both ends"; return 1; }
	jq_true "$j" '(.nat_local | not) and (.nat_remote | not)' || {
		echo "a NAT was reported where there is none"; return 1; }
	jq_true "$j" 'all(.children[]; (.encap_udp // false) | not)' || {
		echo "a Child SA is UDP-encapsulated without a NAT"; return 1; }
}

# xfrm_plain N: strongSwan's XFRM has 2*N ESP states, none with UDP
# encapsulation, each of which counted packets; each one's SPI is one of
# our Child SAs'.
xfrm_plain() {
	local x j

	x=$(xfrm_states $S) && j=$(ours_sa_json $O d) || return 1
	printf '%s\n' "$x" | jq -c '.[] | {spi, src, dst, encap, packets}'
	jq_true "$x" "length == 2 * $1" || {
		echo "want $((2 * $1)) XFRM states"; return 1; }
	jq_true "$x" 'all(.[]; .encap == null)' || {
		echo "strongSwan's XFRM uses UDP encapsulation"; return 1; }
	jq_true "$x" 'all(.[]; .packets > 0)' || {
		echo "an XFRM state counted no packet"; return 1; }
	jq -n -e --argjson x "$x" --argjson j "$j" '
		[$j.children[] | .spi_in, .spi_out] as $ours |
		all($x[]; .spi as $s | $ours | index($s) != null)' >/dev/null || {
		echo "XFRM states and our Child SAs differ"; return 1; }
}

# --- 1. strongSwan initiates --------------------------------------------------

they_up() {
	local t0 rc raw

	t0=$(now_ms)
	sw_swanctl $S "$SW" --initiate --ike c --child c1 --timeout 30
	rc=$?
	echo "handshake ms: $(($(now_ms) - t0))"
	[ $rc = 0 ] || { sw_log $S "$SW" 40; ike_ns $O sa show; return 1; }
	raw=$(sw_wait_established $S "$SW" 5) || return 1
	echo "strongSwan: $raw"
	ours_wait_established $O d 5 >/dev/null || return 1
	spis_match "$(ours_spis $O d)" "$(sw_raw_spis "$raw")"
}
run_test "strongSwan (defaults, MOBIKE) initiates c1, same SPIs" they_up

mobike() {
	grep -i -E 'mobike|4500' "$SW/charon.log" | head -n 5
	grep -q 'MOBIKE' "$SW/charon.log" &&
		[ "$(sw_sa_field $S "$SW" remote-port)" = 4500 ]
}
run_test "strongSwan offered MOBIKE and moved IKE to 4500 (no NAT)" mobike
run_test "c1: IKE on 4500, no NAT, Child SA not UDP-encapsulated" \
	no_encap 1
run_test "c1: ping 10.17.1.1 <-> 10.27.1.1 both ways" both_ways 1
run_test "c1: strongSwan's XFRM: plain ESP, packets counted" xfrm_plain 1

# they_child NAME: strongSwan adds Child SA NAME to the IKE SA.
they_child() {
	sw_swanctl $S "$SW" --initiate --child "$1" --timeout 20 || {
		sw_log $S "$SW" 30; ike_ns $O sa show; return 1; }
	ike_ns $O sa show
}
run_test "c2: strongSwan's Child SA with PFS ($PFS_ESP), our esp has no group" \
	they_child c2
run_test "c2: ping 10.17.2.1 <-> 10.27.2.1 both ways" both_ways 2
two_plain() {
	no_encap 2 && xfrm_plain 2
}
run_test "c1, c2: no UDP encapsulation; XFRM plain ESP, packets counted" \
	two_plain

# they_rekey_child NAME: strongSwan rekeys Child SA NAME (with a KE of its
# PFS group for c2; c1's default ESP proposals name none); our side must
# end up with two Child SAs, new inbound SPIs, and XFRM with two pairs.
they_rekey_child() {
	local before after

	before=$(ours_sa_json $O d | jq -c '[.children[].spi_in] | sort')
	sw_swanctl $S "$SW" --rekey --child "$1" || return 1
	for _ in $(seq 50); do
		after=$(ours_sa_json $O d | jq -c '[.children[].spi_in] | sort')
		[ "$after" != "$before" ] &&
			[ "$(echo "$after" | jq length)" = 2 ] && break
		sleep 0.2
	done
	echo "our inbound SPIs: $before -> $after"
	grep -E 'rekey|CHILD_SA' "$SW/charon.log" | tail -n 6
	[ "$after" != "$before" ] && [ "$(echo "$after" | jq length)" = 2 ] ||
		{ sw_log $S "$SW" 30; return 1; }
	# the old pair is gone from XFRM once the rekey is done
	for _ in $(seq 25); do
		[ "$(xfrm_states $S | jq length)" = 4 ] && return 0
		sleep 0.2
	done
	ip -n $S xfrm state
	return 1
}
run_test "c2: strongSwan rekeys it (PFS x25519)" they_rekey_child c2
run_test "c1: strongSwan rekeys it" they_rekey_child c1

they_rekey_ike() {
	local before after

	before=$(ours_spis $O d | cut -d' ' -f1-2)
	sw_swanctl $S "$SW" --rekey --ike c || return 1
	for _ in $(seq 50); do
		after=$(ours_spis $O d | cut -d' ' -f1-2)
		[ -n "$after" ] && [ "$after" != "$before" ] && break
		sleep 0.2
	done
	echo "our IKE SPIs: $before -> $after"
	[ -n "$after" ] && [ "$after" != "$before" ] &&
		[ "$(ours_sa_count $O d)" = 1 ] &&
		[ "$(sw_ike_count $S "$SW")" = 1 ] ||
		{ sw_log $S "$SW" 30; ike_ns $O sa show; return 1; }
}
run_test "strongSwan rekeys the IKE SA" they_rekey_ike

after_rekeys() {
	both_ways 1 && both_ways 2 && no_encap 2 && xfrm_plain 2
}
run_test "after the rekeys: both Child SAs pass both ways, plain ESP" \
	after_rekeys

they_delete() {
	sw_terminate $S "$SW" c && ours_wait_gone $O d 5 &&
		sw_wait_gone $S "$SW" 5
}
run_test "strongSwan's Delete removes our SA" they_delete

# --- 2. we initiate -----------------------------------------------------------

we_up() {
	local t0 rc raw

	t0=$(now_ms)
	ike_ns $O conn up d timeout 30
	rc=$?
	echo "handshake ms: $(($(now_ms) - t0))"
	[ $rc = 0 ] || { sw_log $S "$SW" 40; return 1; }
	raw=$(sw_wait_established $S "$SW" 5) || return 1
	echo "strongSwan: $raw"
	spis_match "$(ours_spis $O d)" "$(sw_raw_spis "$raw")"
}
run_test "we initiate to strongSwan's defaults, same SPIs" we_up

we_traffic() {
	local n

	# strongSwan narrowed our 10.17/16 <-> 10.27/16 to one child's
	n=$(ours_sa_json $O d | jq -r '.children[0].local_ts | tostring' |
	    grep -o '10\.17\.[12]\.' | head -n 1 | cut -d. -f3)
	[ -n "$n" ] || n=1
	echo "Child SA of strongSwan's c$n"
	both_ways "$n" && no_encap 1 500 && xfrm_plain 1
}
run_test "ours -> strongSwan: ping both ways, plain ESP both ends, IKE on 500" \
	we_traffic

we_delete() {
	ike_ns $O conn down d && ours_wait_gone $O d 5 &&
		sw_wait_gone $S "$SW" 5
}
run_test "our conn down deletes it at strongSwan too" we_delete

# --- 3. strongSwan crashes and comes back ----------------------------------

# strongSwan initiates, its charon dies (SIGKILL: no Delete reaches us), a
# new one initiates again. Holding no other IKE SA with us, it says
# INITIAL_CONTACT (its default unique = no): our SA of the dead charon is
# stale and must go at once with its Child SA, else our traffic keeps
# taking the stale Child SA's selectors until DPD gives up.
run_test "strongSwan initiates c1 again" they_up

# The crash at the top level, where charon is our job: reaped quietly.
crash_restart() {
	local pid

	pid=$(sw_pid $S "$SW")
	kill -9 "$pid" && wait "$pid" 2>/dev/null
	sw_start $S "$SW" && sw_defaults_conf >/dev/null
}
stale=$(ours_spis $O d)
crash_restart >"$tmp/restart" 2>&1; st=$?
run_test "strongSwan killed (SIGKILL, no Delete) and restarted" \
	sh -c "cat '$tmp/restart'; exit $st"

they_restarted() {
	they_up || return 1
	grep -m1 'INIT_CONTACT' "$SW/charon.log"
	echo "ours: stale ${stale:-?}, new $(ours_spis $O d)"
	[ "$(ours_sa_count $O d)" = 1 ] || {
		echo "our IKE SA of the dead charon is still there"
		ike_ns $O sa show
		return 1
	}
}
run_test "restarted strongSwan initiates: INITIAL_CONTACT drops our stale SA" \
	they_restarted
run_test "after strongSwan's restart: ping both ways" both_ways 1

run_test "strongSwan's charon is still running" \
	kill -0 "$(sw_pid $S "$SW")"
run_test "kernel log clean" dmesg_check
ktap_finish
