#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job, run inside the VM by scripts/quickstart.sh: load the module,
# create an ikev2 link in a namespace, add a connection and show it.
# (Negotiating with strongSwan and passing traffic arrive with the IKE and
# ESP work; this script grows with them.)
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
KO=${IKEV2_KO:-$TOP/build/$(uname -r)/kmod/ikev2.ko}
IKE=$TOP/userspace/ike/ike
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; ip netns del demo 2>/dev/null || true' EXIT

say() { printf '\n$ %s\n' "$*"; "$@"; }

say insmod "$KO"
say ip netns add demo
say ip -n demo link add ike0 type ikev2
say ip -n demo -d link show ike0
head -c 24 /dev/urandom | base64 >"$tmp/psk"
chmod 600 "$tmp/psk"
say ip netns exec demo "$IKE" conn add site-b local 192.0.2.1 remote 192.0.2.2 \
	auth psk psk-file "$tmp/psk" local-id @a.example remote-id @b.example \
	ike aes128gcm16-prfsha256-x25519 esp aes128gcm16 \
	local-ts 10.1.0.0/16 remote-ts 10.2.0.0/16 dev ike0
say ip netns exec demo "$IKE" conn show
say ip netns exec demo "$IKE" -j conn show
say "$TOP/userspace/helper/ike-helper" --self-test
say ip netns del demo
say rmmod ikev2
echo
echo "demo: done"
