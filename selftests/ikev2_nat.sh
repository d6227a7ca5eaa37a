#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# NAT traversal (RFC 7296 2.23, RFC 3948): our initiator sits behind a
# masquerading router. NAT detection must move the IKE SA to port 4500
# after IKE_SA_INIT, the initiator must know it is the one behind the NAT
# (nat_local) and its peers must see the NAT (strongSwan: nat-remote, ours:
# nat_remote), with the Child SA UDP-encapsulated. Peers: strongSwan and
# our own responder.
#
#                        +-----------------------------+
#  +----------------+    | ns nat_r: router,           |    +----------------+
#  | ns nat_a: ours |    | nft masquerade out of the   |    | ns nat_s:      |
#  | conns tosw,    |    | public side                 |    | strongSwan     |
#  | toours         |    |                             |    | conn c         |
#  | 192.168.9.2/24 +----+ 192.168.9.1/24  10.0.9.1/24 +----+ 10.0.9.2/24    |
#  | default via    |    |                10.0.10.1/24 +-+  +----------------+
#  | 192.168.9.1    |    +-----------------------------+ |  +----------------+
#  +----------------+                                    |  | ns nat_o: ours |
#                                                        +--+ 10.0.10.2/24   |
#                                                           | conn r (%any)  |
#                                                           +----------------+
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/strongswan.sh"
vm_reexec "$@"

NA=nat_a
NR=nat_r
NS=nat_s
NO=nat_o
PSK=nat-test-psk-0b7f
IKEP=aes128gcm16-prfsha256-x25519

require_root
require_cmd jq nft
sw_require
ktap_header
ktap_plan 13

tmp=$(mktemp -d)
cleanup_push "rm -rf '$tmp'"
SW=$tmp/sw

setup() {
	mod_load &&
	ns_create $NA $NR $NS $NO &&
	ns_veth $NA $NR 192.168.9.2/24 192.168.9.1/24 &&
	ns_veth $NR $NS 10.0.9.1/24 10.0.9.2/24 &&
	ns_veth $NR $NO 10.0.10.1/24 10.0.10.2/24 &&
	ip -n $NA route add default via 192.168.9.1 &&
	ip netns exec $NR sysctl -qw net.ipv4.ip_forward=1 &&
	ip netns exec $NR nft -f - <<-EOF &&
	table ip nat {
		chain post {
			type nat hook postrouting priority srcnat; policy accept;
			oifname != "ve-$NA" masquerade
		}
	}
	EOF
	sw_spawn $NS "$SW" &&
	ours_helper_start $NA "$tmp" &&
	ours_helper_start $NO "$tmp" &&
	sw_wait $NS "$SW"
}
setup >"$tmp/setup" 2>&1; st=$?
run_test "setup: NAT router, charon, ike-helpers" \
	sh -c "cat '$tmp/setup'; exit $st"

psk=$(ours_psk "$tmp" nat "$PSK")
conf() {
	ike_ns $NA conn add tosw local 192.168.9.2 remote 10.0.9.2 \
		auth psk psk-file "$psk" local-id @nat-a.example \
		remote-id @nat-s.example ike $IKEP esp aes128gcm16 &&
	ike_ns $NA conn add toours local 192.168.9.2 remote 10.0.10.2 \
		auth psk psk-file "$psk" local-id @nat-a.example \
		remote-id @nat-o.example ike $IKEP esp aes128gcm16 &&
	ike_ns $NO conn add r local 10.0.10.2 remote %any \
		auth psk psk-file "$psk" local-id @nat-o.example \
		remote-id @nat-a.example ike $IKEP esp aes128gcm16 \
		local-ts 10.0.10.2/32 remote-ts 192.168.9.0/24 &&
	# Tunnel mode behind a NAT: the initiator's selector is its private
	# address, which strongSwan's "dynamic" would not accept.
	sw_conf $NS "$SW" local=10.0.9.2 remote=%any local_id=@nat-s.example \
		remote_id=@nat-a.example ike=$IKEP esp=aes128gcm16 \
		local_ts=10.0.9.2/32 remote_ts=192.168.9.0/24 psk="$PSK"
}
run_test "conns: ours behind NAT, strongSwan and ours public" conf

up() {
	local t0 rc

	t0=$(now_ms)
	ike_ns $NA conn up "$1" timeout 30
	rc=$?
	echo "handshake ms: $(($(now_ms) - t0)) ($1, through NAT)"
	return $rc
}

# behind_nat CONN: our initiator floated to 4500 on both ends, knows it is
# behind the NAT, the peer is not, and ESP goes in UDP.
behind_nat() {
	local j

	j=$(ours_wait_established $NA "$1" 5) || return 1
	echo "$j" | jq .
	jq_true "$j" '.local_port == 4500 and .remote_port == 4500 and
		.nat_local == true and .nat_remote == false and
		.children[0].encap_udp == true'
}

run_test "tosw: conn up through the NAT to strongSwan" up tosw
run_test "tosw: ours on 4500/4500, nat_local, ESP in UDP" behind_nat tosw
sw_side() {
	local raw

	raw=$(sw_wait_established $NS "$SW" 5) || { sw_log $NS "$SW" 40
		return 1; }
	echo "strongSwan: $raw"
	[ "$(sw_field "$raw" nat-remote)" = yes ] &&
	[ "$(sw_field "$raw" nat-local)" != yes ] &&
	[ "$(sw_field "$raw" local-port)" = 4500 ] &&
	[ "$(sw_field "$raw" remote-host)" = 10.0.9.1 ] &&
	[ "$(sw_field "$raw" encap)" = yes ]
}
run_test "tosw: strongSwan sees the peer behind NAT (10.0.9.1), encap" \
	sw_side
spis_sw() {
	spis_match "$(ours_spis $NA tosw)" "$(sw_sa_spis $NS "$SW")"
}
run_test "tosw: same IKE and ESP SPIs on both ends" spis_sw
down_sw() {
	ike_ns $NA conn down tosw && ours_wait_gone $NA tosw 5 &&
		sw_wait_gone $NS "$SW" 5
}
run_test "tosw: conn down removes it on both ends" down_sw

run_test "toours: conn up through the NAT to our responder" up toours
run_test "toours: initiator on 4500/4500, nat_local, ESP in UDP" \
	behind_nat toours
responder_side() {
	local j

	j=$(ours_wait_established $NO r 5) || return 1
	echo "$j" | jq .
	jq_true "$j" '.local_port == 4500 and .remote_port == 4500 and
		.remote_addr == "10.0.10.1" and
		.nat_local == false and .nat_remote == true and
		.children[0].encap_udp == true'
}
run_test "toours: responder sees the peer behind NAT (10.0.10.1), encap" \
	responder_side
spis_ours() {
	spis_match "$(ours_spis $NA toours)" "$(ours_spis $NO r)"
}
run_test "toours: same IKE and ESP SPIs on both ends" spis_ours
down_ours() {
	ike_ns $NA conn down toours && ours_wait_gone $NA toours 5 &&
		ours_wait_gone $NO r 5
}
run_test "toours: conn down removes it on both ends" down_ours

run_test "kernel log clean" dmesg_check
ktap_finish
