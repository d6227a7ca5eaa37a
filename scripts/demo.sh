#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job, run inside the VM by scripts/quickstart.sh: our module in
# one namespace, strongSwan (charon + swanctl, kernel XFRM) in another,
# joined by veth. We bring the tunnel up, show the SAs on both sides, then
# strongSwan brings it up towards us. Both times traffic crosses the
# tunnel: ping and iperf3 between the inner networks, ESP on the veth.
#
#   ns "ours" 10.0.0.1 (ikev2.ko, ike-helper) <-- veth --> ns "sw" 10.0.0.2 (charon)
#   inner:  10.1.0.1 on ike0                                10.2.0.1 on lo (XFRM)
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
export IKEV2_KO=${IKEV2_KO:-$TOP/build/$(uname -r)/kmod/ikev2.ko}
. "$TOP/selftests/lib.sh"
. "$TOP/selftests/common.sh"
. "$TOP/selftests/strongswan.sh"
HELPER=$TOP/userspace/helper/ike-helper
tmp=$(mktemp -d)
cleanup_push "rm -rf '$tmp'"

say() { printf '\n$ %s\n' "$*"; "$@"; }
die() { echo "demo: $*" >&2; exit 1; }

say insmod "$IKEV2_KO" || die "cannot load the module"
cleanup_push "rmmod ikev2 2>/dev/null"
ns_create ours sw
ns_veth ours sw 10.0.0.1/24 10.0.0.2/24
say ip -n ours link add ike0 type ikev2
say ip -n ours addr add 10.1.0.1/32 dev ike0
say ip -n ours link set ike0 up
say ip -n ours route add 10.2.0.0/16 dev ike0 src 10.1.0.1
ip -n sw addr add 10.2.0.1/32 dev lo
ip -n sw route add 10.1.0.0/16 via 10.0.0.1
ip netns exec ours "$HELPER" -f 2>"$tmp/helper.log" &
helper=$!
cleanup_push "kill $helper 2>/dev/null"
sw_start sw "$tmp/sw" || die "strongSwan did not start"

head -c 24 /dev/urandom | base64 | tr -d '\n' >"$tmp/psk"
chmod 600 "$tmp/psk"
say ip netns exec ours "$IKE" conn add site-b local 10.0.0.1 remote 10.0.0.2 \
	remote-id 10.0.0.2 auth psk psk-file "$tmp/psk" \
	ike aes128gcm16-prfsha256-x25519 esp aes128gcm16 \
	local-ts 10.1.0.0/16 remote-ts 10.2.0.0/16 dev ike0
sw_conf sw "$tmp/sw" name=site-a local=10.0.0.2 remote=%any \
	ike=aes128gcm16-prfsha256-x25519 esp=aes128gcm16 \
	local_ts=10.2.0.0/16 remote_ts=10.1.0.0/16 \
	psk="$(cat "$tmp/psk")" >/dev/null || die "swanctl --load-all failed"

# traffic: ping both ways and a short TCP run, inner to inner.
traffic() {
	say ip netns exec ours ping -c 3 -i 0.2 -W 2 10.2.0.1 ||
		die "no traffic through ike0"
	say ip netns exec sw ping -c 3 -i 0.2 -W 2 -I 10.2.0.1 10.1.0.1 ||
		die "no traffic from strongSwan's side"
	ip netns exec sw iperf3 -s -1 -D -B 10.2.0.1 >/dev/null 2>&1
	sleep 0.5
	say ip netns exec ours timeout 20 iperf3 --connect-timeout 3000 \
		-c 10.2.0.1 -t 3 -f m || die "iperf3 through ike0 failed"
}

ip netns exec ours "$IKE" monitor >"$tmp/monitor.log" 2>&1 &
monitor=$!
cleanup_push "kill $monitor 2>/dev/null"
sleep 0.5
say ip netns exec ours "$IKE" conn up site-b || die "conn up failed"
traffic
say ip netns exec ours "$IKE" sa show
printf '\n$ swanctl --list-sas   (in ns sw)\n'
sw_list_sas sw "$tmp/sw"
say ip -n ours -s link show ike0
say ip netns exec ours "$IKE" conn down site-b
sleep 1

echo
echo "# and the other way round: strongSwan initiates, we respond"
say ip netns exec ours "$IKE" conn add from-b local 10.0.0.1 remote %any \
	auth psk psk-file "$tmp/psk" ike aes256-sha256-modp2048 esp aes256-sha256 \
	local-ts 10.1.0.0/16 remote-ts 10.2.0.0/16 dev ike0
sw_conf sw "$tmp/sw" name=site-a local=10.0.0.2 remote=10.0.0.1 \
	ike=aes256-sha256-modp2048 esp=aes256-sha256 \
	local_ts=10.2.0.0/16 remote_ts=10.1.0.0/16 \
	psk="$(cat "$tmp/psk")" >/dev/null || die "swanctl --load-all failed"
printf '\n$ swanctl --initiate --child site-a   (in ns sw)\n'
sw_initiate sw "$tmp/sw" site-a >/dev/null || die "strongSwan could not initiate"
traffic
say ip netns exec ours "$IKE" -p -j sa show
say ip netns exec ours "$IKE" stats
printf '\n$ ike monitor   (what it printed meanwhile)\n'
cat "$tmp/monitor.log"
echo
echo "demo: done"
