#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `ike conn add/show/del` against the module: round trip of every field,
# JSON output, secrets never shown, bad input rejected with nothing
# half-added, connections private to their namespace.
. "$(dirname "$0")/common.sh"

ktap_header
ktap_plan 24
mod_load
ns_create ica icb
tmp=$(mktemp -d)
PSK_TEXT=never-show-this-psk-1f9a
printf '%s\n' "$PSK_TEXT" >"$tmp/psk"
chmod 600 "$tmp/psk"
: >"$tmp/empty"
mkdir "$tmp/dir"
for f in cert key ca; do echo "placeholder $f" >"$tmp/$f.pem"; done

# ica through ike -n, icb through ip netns exec: both ways of reaching a
# namespace are used.
A="$IKE -n ica"
# jq -e exits 0 on empty input: a tool that failed silently must not pass.
jconn() {
	local out

	out=$($A -j conn show "$1") && [ -n "$out" ] &&
		printf '%s\n' "$out" | jq -e "$2" >/dev/null
}

run_test "ike help prints the grammar" sh -c "$IKE help | grep -q 'conn'"
run_test "ike conn help prints the conn grammar" \
	sh -c "$IKE conn help 2>&1 | grep -q 'psk-file'"
run_test "conn add (IPv4, psk, ids, proposals, selectors)" \
	$A conn add c1 local 192.0.2.1 remote 192.0.2.2 \
	auth psk psk-file "$tmp/psk" local-id @a.example remote-id b@example.org \
	ike aes128gcm16-prfsha256-x25519,aes256-sha256-modp2048 \
	esp aes128gcm16,chacha20poly1305 \
	local-ts 10.1.0.0/16,10.3.0.0/24 remote-ts 10.2.0.0/16 encap udp
run_test "conn show round-trips addresses and auth" \
	jconn c1 '.[0] | .name == "c1" and .local == "192.0.2.1" and .remote == "192.0.2.2" and .auth == "psk"'
run_test "conn show round-trips ids" \
	jconn c1 '.[0] | .local_id.type == "fqdn" and .local_id.value == "a.example" and .remote_id.type == "rfc822" and .remote_id.value == "b@example.org"'
run_test "conn show round-trips proposals in order" \
	jconn c1 '.[0] | .ike == ["aes128gcm16-prfsha256-x25519","aes256-sha256-modp2048"] and .esp == ["aes128gcm16","chacha20poly1305"]'
run_test "conn show round-trips selectors and encap" \
	jconn c1 '.[0] | .local_ts == ["10.1.0.0/16","10.3.0.0/24"] and .remote_ts == ["10.2.0.0/16"] and .encap == "udp"'
run_test "show never prints the PSK (text and JSON)" sh -c \
	"! { $A conn show; $A -j conn show; } | grep -q '$PSK_TEXT'"
run_test "conn add IPv6 with remote %any and keyid" \
	$A conn add c6 local 2001:db8::1 remote %any auth psk \
	psk-file "$tmp/psk" local-id keyid:0a0b0c remote-id 2001:db8::2 \
	local-ts 2001:db8:1::/48
run_test "IPv6 conn shows remote %any (JSON null) and its selectors" \
	jconn c6 '.[0] | .remote == null and .local_id.type == "keyid" and .remote_id.type == "ipv6" and .local_ts == ["2001:db8:1::/48"]'
run_test "IPv6 conn text output says remote %any" \
	sh -c "$A conn show c6 | grep -q 'remote %any'"
run_test "conn add auth pubkey" $A conn add cp local 192.0.2.1 \
	remote 192.0.2.9 auth pubkey cert "$tmp/cert.pem" key "$tmp/key.pem" \
	cacert "$tmp/ca.pem"

n=$(conn_count ica)
run_test "bad address rejected" expect_fail 'address|192\.0\.2\.300' \
	$A conn add bad local 192.0.2.300 remote 192.0.2.2 auth psk psk-file "$tmp/psk"
run_test "unknown proposal keyword rejected" expect_fail 'proposal|aes999' \
	$A conn add bad local 192.0.2.1 remote 192.0.2.2 auth psk \
	psk-file "$tmp/psk" ike aes999-sha1-modp1
run_test "missing psk-file rejected" expect_fail 'psk|no such' \
	$A conn add bad local 192.0.2.1 remote 192.0.2.2 auth psk \
	psk-file "$tmp/nonexistent"
run_test "unreadable psk-file (a directory) rejected" expect_fail 'psk|directory|read' \
	$A conn add bad local 192.0.2.1 remote 192.0.2.2 auth psk psk-file "$tmp/dir"
run_test "empty psk-file rejected" expect_fail 'empty|psk' \
	$A conn add bad local 192.0.2.1 remote 192.0.2.2 auth psk psk-file "$tmp/empty"
run_test "address family mismatch rejected" expect_fail 'family|address' \
	$A conn add bad local 192.0.2.1 remote 2001:db8::2 auth psk psk-file "$tmp/psk"
run_test "duplicate name rejected by the kernel" expect_fail 'exist' \
	$A conn add c1 local 192.0.2.1 remote 192.0.2.2 auth psk psk-file "$tmp/psk"
run_test "nothing half-added after the failures" \
	test "$(conn_count ica)" = "$n"
run_test "connections are private to their namespace" sh -c \
	"[ \"\$(ip netns exec icb $IKE -j conn show | jq length)\" = 0 ] &&
	 ! ip netns exec icb $IKE conn show c1 >/dev/null 2>&1"
run_test "ike -n: an unknown or malformed namespace name is an error" sh -c \
	"$IKE -n no-such-ns conn show 2>&1 | grep -q 'no-such-ns' &&
	 ! $IKE -n no-such-ns conn show 2>/dev/null &&
	 ! $IKE -n ../ica conn show 2>/dev/null &&
	 ! $IKE -n 2>/dev/null"
run_test "conn del, then it is gone and a second del fails" sh -c \
	"$A conn del c1 && ! $A conn show c1 >/dev/null 2>&1 &&
	 ! $A conn del c1 2>/dev/null"
run_test "kernel log clean" dmesg_check
rm -rf "$tmp"
ktap_finish
