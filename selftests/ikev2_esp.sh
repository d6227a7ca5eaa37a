#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The ESP data path of the ikev2 link (RFC 4303, RFC 3948): traffic routed
# into ike0 leaves as ESP of the Child SA whose selectors cover it, and
# what the peer sends comes out of ike0. Peers: our own module (es_b) and
# strongSwan on the kernel's XFRM (es_s), all Child SAs up side by side on
# one ike0 in es_a.
#
# 1. ours <-> ours, AES-GCM-128 (IPv4 and IPv6 inner), AES-GCM-256,
#    ChaCha20-Poly1305, AES-CBC-HMAC-SHA256, and AES-256-CBC-HMAC-SHA256
#    with ESN over IPv6 outer: ping, iperf3 TCP and UDP; each end's
#    packet and byte counters equal the other end's.
# 2. ours <-> strongSwan/XFRM for the same four ciphers: ping both ways,
#    iperf3 TCP; our counters equal XFRM's (ip -s xfrm state).
# 3. ESP-in-UDP (encap udp) to ours and to strongSwan.
# 4. Hostile ESP (tools/esp_inject.py): packets captured at es_a's ingress
#    and held back by nft, then sent by es_b as they were (accepted once,
#    then a replay), bit-flipped, truncated, or too old for the window;
#    unknown SPIs as raw ESP and in UDP. Each is dropped under its reason.
# 5. Selectors: nothing outside them is sent, and what strongSwan sends
#    from outside them (an extra XFRM policy onto the same SA) is dropped.
# 6. Byte limits: rekey-bytes rekeys the Child SA, life-bytes deletes it.
#
#              inner 10.10.N.1, fd10:N::1 (to es_b), 10.11.N.1 (to es_s)
#  +-------------------------------------------------------------+
#  | ns es_a: ike0, ike-helper, conns g128 g256 cha cbc v6o enc  |
#  |          rk lf (to es_b), s1 s2 s3 s4 se (to es_s)          |
#  |  10.0.5.1/24 fd00:5::1/64 ve-es_b    ve-es_s 10.0.6.1/24    |
#  +---------------+------------------------------+--------------+
#                  | veth                         | veth
#  +---------------+-----------------+  +---------+--------------------+
#  | 10.0.5.2/24 fd00:5::2/64        |  | 10.0.6.2/24 (conn c: c1..c4) |
#  | ns es_b: ike0, ike-helper,      |  | 10.0.6.3/24 (conn e: e1,     |
#  |  conns r, r6 (responders)       |  |  encap=yes)                  |
#  |  inner 10.20.N.1, fd20:N::1     |  | ns es_s: charon, XFRM,       |
#  +---------------------------------+  |  inner 10.30.N.1 on lo       |
#                                       +------------------------------+
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/strongswan.sh"
vm_reexec "$@"

A=es_a
B=es_b
S=es_s
VA=ve-$B	# es_a's link to es_b
VB=ve-$A	# es_b's link to es_a
PSK="esp-test-psk-7a3c"
IKEP=aes128gcm16-prfsha256-x25519
ESN_CIPHER=aes256-sha256-esn
UP_TIMEOUT=10
ESP_INJECT=${ESP_INJECT:-$SELFTESTS_DIR/tools/esp_inject.py}
IPERF_SECS=${IKEV2_ESP_IPERF_SECS:-2}
IPERF_UDP_RATE=${IKEV2_ESP_IPERF_RATE:-20M}
# Byte limits of conns rk and lf (inner bytes, either direction)
REKEY_BYTES=100000
LIFE_BYTES=50000

# conn|N|esp proposal|what it is: the Child SAs to es_b (inner 10.10.N.0/24
# <-> 10.20.N.0/24; g128 and v6o also fd10:N::/64 <-> fd20:N::/64)
B_CONNS="g128|1|aes128gcm16|AES-GCM-128
g256|2|aes256gcm16|AES-GCM-256
cha|3|chacha20poly1305|ChaCha20-Poly1305
cbc|4|aes128-sha256|AES-128-CBC-HMAC-SHA256
v6o|5|$ESN_CIPHER|AES-256-CBC-HMAC-SHA256 ESN, IPv6 outer"
# conn|N|esp proposal|strongSwan child: to es_s (10.11.N.0/24 <->
# 10.30.N.0/24)
S_CONNS="s1|1|aes128gcm16|c1
s2|2|aes256gcm16|c2
s3|3|chacha20poly1305|c3
s4|4|aes128-sha256|c4"
B_NAMES='["g128", "g256", "cha", "cbc", "v6o"]'
S_NAMES='["s1", "s2", "s3", "s4"]'

require_root
require_cmd jq python3 iperf3 nft ping
sw_require
ktap_header
ktap_plan 56

tmp=$(mktemp -d)
cleanup_push "rm -rf '$tmp'"
SW=$tmp/sw
t_start=$EPOCHSECONDS

# tmark WHAT: elapsed seconds, as a diagnostic.
tmark() {
	ktap_print "t=$((EPOCHSECONDS - t_start))s $*"
}

# --- setup ------------------------------------------------------------------

setup() {
	mod_load &&
	ns_create $A $B $S &&
	ns_veth $A $B 10.0.5.1/24,fd00:5::1/64 10.0.5.2/24,fd00:5::2/64 &&
	ns_veth $A $S 10.0.6.1/24 10.0.6.2/24,10.0.6.3/24 &&
	sw_spawn $S "$SW" &&
	ours_helper_start $A "$tmp" &&
	ours_helper_start $B "$tmp" &&
	sw_wait $S "$SW"
}
setup >"$tmp/setup" 2>&1; st=$?
run_test "setup: module, namespaces, ike-helpers, charon" \
	sh -c "cat '$tmp/setup'; exit $st"
tmark setup

# ike0 in es_a and es_b with the inner addresses and routes; es_s's inner
# addresses on lo, routed at es_a (XFRM's policies pick them up on output).
links() {
	local n

	for ns in $A $B; do
		ip -n $ns link add ike0 type ikev2 &&
			ip -n $ns link set ike0 up || return 1
	done
	for n in 1 2 3 4 5 6 7 8; do
		ip -n $A addr add 10.10.$n.1/32 dev ike0 &&
		ip -n $B addr add 10.20.$n.1/32 dev ike0 || return 1
	done
	for n in 1 5; do
		ip -n $A addr add fd10:$n::1/128 dev ike0 nodad &&
		ip -n $B addr add fd20:$n::1/128 dev ike0 nodad || return 1
	done
	for n in 1 2 3 4 9 99; do
		[ $n -le 9 ] && { ip -n $A addr add 10.11.$n.1/32 dev ike0 ||
			return 1; }
		ip -n $S addr add 10.30.$n.1/32 dev lo || return 1
	done
	ip -n $A route add 10.20.0.0/16 dev ike0 &&
	ip -n $A route add fd20::/16 dev ike0 &&
	ip -n $A route add 10.30.0.0/16 dev ike0 &&
	# no Child SA will ever cover these
	ip -n $A route add 10.40.0.0/16 dev ike0 &&
	ip -n $B route add 10.10.0.0/16 dev ike0 &&
	ip -n $B route add fd10::/16 dev ike0 &&
	ip -n $S route add 10.11.0.0/16 via 10.0.6.1 &&
	ip -n $A -d link show ike0 && ip -n $A addr show dev ike0
}
run_test "ike0 in es_a and es_b, inner addresses and routes" links

psk=$(ours_psk "$tmp" esp "$PSK")

conns() {
	local name n esp what l r

	while IFS='|' read -r name n esp what; do
		l=10.10.$n.0/24 r=10.20.$n.0/24
		case $name in
		g128|v6o) l=$l,fd10:$n::/64 r=$r,fd20:$n::/64 ;;
		esac
		if [ $name = v6o ]; then
			set -- local fd00:5::1 remote fd00:5::2
		else
			set -- local 10.0.5.1 remote 10.0.5.2
		fi
		ike_ns $A conn add $name "$@" auth psk psk-file "$psk" \
			ike $IKEP esp "$esp" local-ts $l remote-ts $r \
			dev ike0 || return 1
	done <<<"$B_CONNS"
	ike_ns $A conn add enc local 10.0.5.1 remote 10.0.5.2 \
		auth psk psk-file "$psk" ike $IKEP esp aes128gcm16 \
		local-ts 10.10.8.0/24 remote-ts 10.20.8.0/24 dev ike0 \
		encap udp || return 1
	# es_b answers all of them with one conn per outer family; the
	# initiator's selectors narrow its wide ones.
	esp=aes128gcm16,aes256gcm16,chacha20poly1305,aes128-sha256
	esp=$esp,aes256-sha256,$ESN_CIPHER
	ike_ns $B conn add r local 10.0.5.2 remote %any \
		auth psk psk-file "$psk" ike $IKEP esp $esp \
		local-ts 10.20.0.0/16,fd20::/16 \
		remote-ts 10.10.0.0/16,fd10::/16 dev ike0 &&
	ike_ns $B conn add r6 local fd00:5::2 remote %any \
		auth psk psk-file "$psk" ike $IKEP esp $esp \
		local-ts 10.20.0.0/16,fd20::/16 \
		remote-ts 10.10.0.0/16,fd10::/16 dev ike0 || return 1
	while IFS='|' read -r name n esp what; do
		ike_ns $A conn add $name local 10.0.6.1 remote 10.0.6.2 \
			remote-id 10.0.6.2 auth psk psk-file "$psk" ike $IKEP \
			esp "$esp" local-ts 10.11.$n.0/24 \
			remote-ts 10.30.$n.0/24 dev ike0 || return 1
	done <<<"$S_CONNS"
	ike_ns $A conn add se local 10.0.6.1 remote 10.0.6.3 \
		remote-id @e.sw auth psk psk-file "$psk" ike $IKEP \
		esp aes128gcm16 local-ts 10.11.9.0/24 remote-ts 10.30.9.0/24 \
		dev ike0 encap udp || return 1
	# strongSwan: conn c (raw ESP) with one child per cipher, conn e
	# (encap=yes) on its own address so that its IKE config is never
	# the one conn c's peers get.
	set --
	while IFS='|' read -r name n esp what; do
		set -- "$@" "child=$what|$esp|10.30.$n.0/24|10.11.$n.0/24"
	done <<<"$S_CONNS"
	sw_conf $S "$SW" name=c local=10.0.6.2 remote=10.0.6.1 ike=$IKEP \
		psk="$PSK" "$@" >"$tmp/swconf" 2>&1 &&
	sw_conf $S "$SW" name=e local=10.0.6.3 remote=10.0.6.1 \
		local_id=@e.sw ike=$IKEP psk="$PSK" encap=yes \
		"child=e1|aes128gcm16|10.30.9.0/24|10.11.9.0/24" \
		>>"$tmp/swconf" 2>&1 || { cat "$tmp/swconf"; return 1; }
}
run_test "conns: 6 to es_b, 5 to strongSwan, responders in es_b and es_s" \
	conns

# --- helpers ----------------------------------------------------------------

# up CONN: conn up from es_a (timed), then the child shows on es_a.
up() {
	local t0 rc

	t0=$(now_ms)
	ike_ns $A conn up "$1" timeout $UP_TIMEOUT
	rc=$?
	echo "handshake ms: $(($(now_ms) - t0)) ($1)"
	[ $rc = 0 ] || return 1
	child_of "$1"
}

# no_pings NS SRC DST [COUNT]: COUNT echo requests, none answered.
no_pings() {
	local out

	out=$(ip netns exec "$1" ping -n -q -c "${4:-3}" -i 0.2 -W 1 \
		-I "$2" "$3" 2>&1)
	printf '%s\n' "$out" | tail -n 2
	printf '%s\n' "$out" | grep -q " 0 received"
}

# need CONN: es_a has a Child SA of CONN (else say so and fail at once,
# rather than wait for traffic that cannot pass).
need() {
	child_of "$1" >/dev/null 2>&1 && return 0
	echo "conn $1 has no Child SA in $A"
	return 1
}

# both_ways CONN NS1 SRC DST NS2: pings from NS1 (SRC to DST), then back
# from NS2 (DST to SRC), over CONN's Child SA.
both_ways() {
	need "$1" && pings "$2" "$3" "$4" && pings "$5" "$4" "$3"
}

# child_of CONN: es_a's Child SA of CONN (one JSON object; fails if there
# is none). peer_child_b CONN: es_b's end of it (found by SPI).
child_of() {
	ike_ns $A -j sa show | jq -ce --arg c "$1" \
		'[.[] | select(.conn == $c) | .children[0] // empty][0] // empty'
}
peer_child_b() {
	local a b

	a=$(ike_ns $A -j sa show) && b=$(ike_ns $B -j sa show) || return 1
	jq -nce --argjson a "$a" --argjson b "$b" --arg c "$1" '
		[$a[] | select(.conn == $c) | .children[0] // empty][0] as $x |
		[$b[].children[] | select(.spi_in == $x.spi_out)][0] // empty'
}

# jq helpers for the counter checks, one jq process per check (a process
# per counter costs seconds under TCG). ERR lines fail the check.
# flow(TX; RX; WHO): one direction of a Child SA, TX's end against RX's:
# every packet TX sent, RX delivered or dropped as a replay (packets
# reordered beyond the window: cryptd under TCG does that); inner bytes
# equal when nothing was dropped; no other drop reason on clean traffic;
# RX's highest sequence number is TX's last, which is its packet count.
JQ_LIB='
def num: type == "number";
def flow($tx; $rx; $who):
	(["packets_out", "bytes_out", "seq_out", "tx_errors"] |
	 map(select($tx[.] | num | not))) as $mt |
	(["packets_in", "bytes_in", "seq_in", "rx_replay", "rx_auth_failed",
	  "rx_bad_padding", "rx_selector", "rx_malformed"] |
	 map(select($rx[.] | num | not))) as $mr |
	if ($mt + $mr | length) > 0 then
		"ERR \($who): counters missing: \($mt + $mr)"
	else
		"\($who): sent \($tx.packets_out), delivered \($rx.packets_in)," +
		" dropped as replays \($rx.rx_replay)",
		(["rx_auth_failed", "rx_bad_padding", "rx_selector",
		  "rx_malformed"][] as $k | select($rx[$k] != 0) |
		 "ERR \($who): \($k) \($rx[$k]) on clean traffic"),
		(select($tx.tx_errors != 0) |
		 "ERR \($who): tx_errors \($tx.tx_errors)"),
		(select($tx.packets_out == 0) | "ERR \($who): no traffic"),
		(select($rx.packets_in + $rx.rx_replay != $tx.packets_out) |
		 "ERR \($who): packets do not add up"),
		(if $rx.rx_replay == 0 then
			select($tx.bytes_out != $rx.bytes_in) |
			"ERR \($who): bytes out \($tx.bytes_out) != in \($rx.bytes_in)"
		 else
			select($tx.bytes_out <= $rx.bytes_in) |
			"ERR \($who): bytes in \($rx.bytes_in) >= out \($tx.bytes_out)"
		 end),
		(select($tx.seq_out != $tx.packets_out or
			$rx.seq_in != $tx.packets_out) |
		 "ERR \($who): seq_out \($tx.seq_out), seq_in \($rx.seq_in)" +
		 " for \($tx.packets_out) packets")
	end;
# child($list; $conn): the first Child SA of CONN in an `ike -j sa show`
def child($list; $conn):
	[$list[] | select(.conn == $conn) | .children[0] // empty][0];
# delta($a; $b): after minus before of every number both have
def delta($a; $b):
	[$a | to_entries[] | select(.value | num) |
	 select($b[.key] | num) | {key, value: (.value - $b[.key])}] |
	from_entries;
'

# jq_check [JQ OPTION...] PROGRAM: run PROGRAM (after JQ_LIB, no input),
# print what it says; fail if it fails or says a line starting with ERR.
jq_check() {
	local out prog=${!#}

	out=$(jq -n -r "${@:1:$#-1}" "$JQ_LIB $prog") || {
		echo "jq_check: jq failed"; printf '%s\n' "$out"; return 1; }
	printf '%s\n' "$out"
	! printf '%s\n' "$out" | grep -q '^ERR'
}

# devstats NS: ike0's stats64 in NS, one JSON object.
devstats() {
	ip -n "$1" -s -j link show ike0 | jq -c '.[0].stats64'
}

# iperf_srv NS PORT [ADDR]: an iperf3 server in NS on PORT (top level: it
# outlives the test). A UDP server must be bound to the address the client
# sends to: unbound, it answers from ike0's first address, which no Child
# SA of that client covers (and the data path rightly drops).
iperf_srv() {
	ip netns exec "$1" iperf3 -s -p "$2" ${3:+-B "$3"} \
		>"$tmp/iperf3-$1-$2.log" 2>&1 </dev/null &
	cleanup_push "kill $! 2>/dev/null; wait $! 2>/dev/null"
}

# iperf CONN NS SRC DST tcp|udp [PORT]: one iperf3 run of IPERF_SECS from
# SRC to DST (server on PORT, default 5201) over CONN; the receiver must
# have got data (TCP) or most datagrams (UDP).
iperf() {
	local j rc conn=$1 proto=$5 port=${6:-5201}

	need "$conn" || return 1
	shift
	if [ "$proto" = udp ]; then
		set -- "$1" "$2" "$3" -p "$port" -u -b "$IPERF_UDP_RATE" -l 1200
	else
		set -- "$1" "$2" "$3" -p "$port"
	fi
	j=$(ip netns exec "$1" timeout $((IPERF_SECS + 8)) iperf3 -c "$3" -B "$2" \
		-t "$IPERF_SECS" -J "${@:4}" 2>&1)
	rc=$?
	if [ $rc != 0 ] || ! jq_true "$j" '.end' 2>/dev/null; then
		echo "iperf3 failed ($rc):"
		printf '%s\n' "$j" | jq -c '.error, .start.connected,
			.end.sum' 2>/dev/null || printf '%s\n' "$j" | tail -n 20
		echo "server: $(tail -n 5 "$tmp"/iperf3-*-"$port".log)"
		echo "es_a: $(child_of "$conn" | jq -c .)"
		echo "es_a stats: $(ours_stats $A | jq -c .)"
		ip netns exec "$1" nstat -az | grep -E '^Udp6?(In|No|Rcv|Out)'
		ip netns exec $B nstat -az | grep -E '^Udp6?(In|No|Rcv|Out)'
		ip netns exec $B ss -uanp
		return 1
	fi
	if [ "$proto" = udp ]; then
		printf '%s\n' "$j" | jq -r '.end.sum |
			"udp: \(.packets) datagrams, \(.lost_packets) lost " +
			"(\(.lost_percent)%), \(.bits_per_second / 1e6) Mbit/s"'
		jq_true "$j" '.end.sum.packets > 0 and
			.end.sum.lost_packets < .end.sum.packets / 2'
	else
		printf '%s\n' "$j" | jq -r '.end.sum_received |
			"tcp: \(.bytes) bytes received, " +
			"\(.bits_per_second / 1e6) Mbit/s"'
		jq_true "$j" '.end.sum_received.bytes > 0'
	fi
}

# ---------------------------------------------------------------------------
# 1. ours <-> ours
while IFS='|' read -r name n esp what; do
	run_test "$name ($what): conn up to our module" up $name
done <<<"$B_CONNS"
tmark "ours<->ours up"

for n in 1 2 3 4; do
	name=$(sed -n "${n}p" <<<"$B_CONNS" | cut -d'|' -f1)
	what=$(sed -n "${n}p" <<<"$B_CONNS" | cut -d'|' -f4)
	run_test "$name ($what): ping over ike0, both ways" \
		both_ways $name $A 10.10.$n.1 10.20.$n.1 $B
done
run_test "g128: IPv6 inner ping, both ways" \
	both_ways g128 $A fd10:1::1 fd20:1::1 $B
v6o() {
	local c

	need v6o && pings $A 10.10.5.1 10.20.5.1 &&
		pings $A fd10:5::1 fd20:5::1 &&
		pings $B fd20:5::1 fd10:5::1 || return 1
	c=$(child_of v6o) || return 1
	echo "$c"
	jq_true "$c" '.esn == true'
}
run_test "v6o: IPv6 outer, ESN: IPv4 and IPv6 inner ping" v6o
tmark "ours<->ours ping"

iperf_srv $B 5201
iperf_srv $B 5211 10.20.1.1
iperf_srv $B 5213 10.20.3.1
iperf_srv $S 5201
sleep 0.5
for n in 1 2 3 4; do
	name=$(sed -n "${n}p" <<<"$B_CONNS" | cut -d'|' -f1)
	run_test "$name: iperf3 TCP es_a -> es_b" iperf $name $A 10.10.$n.1 \
		10.20.$n.1 tcp
done
run_test "g128: iperf3 UDP es_a -> es_b" \
	iperf g128 $A 10.10.1.1 10.20.1.1 udp 5211
run_test "cha: iperf3 UDP es_a -> es_b" \
	iperf cha $A 10.10.3.1 10.20.3.1 udp 5213
tmark "ours<->ours iperf3"

# counters_b: both directions of every child to es_b, once traffic is over.
counters_b() {
	local a b

	sleep 0.5
	a=$(ours_sa_list $A) && b=$(ours_sa_list $B) || return 1
	jq_check --argjson a "$a" --argjson b "$b" --argjson names "$B_NAMES" '
		$names[] as $n | child($a; $n) as $x |
		if $x == null then "ERR \($n): no Child SA in es_a" else
		([$b[].children[] | select(.spi_in == $x.spi_out)][0]) as $y |
		if $y == null then "ERR \($n): es_b has no \($x.spi_out)" else
		flow($x; $y; "\($n) es_a->es_b"), flow($y; $x; "\($n) es_b->es_a")
		end end'
}
run_test "ours<->ours: every packet sent is delivered or counted as dropped" \
	counters_b

# ---------------------------------------------------------------------------
# 2. ours <-> strongSwan
while IFS='|' read -r name n esp what; do
	run_test "$name ($esp): conn up to strongSwan" up $name
done <<<"$S_CONNS"
tmark "ours<->strongSwan up"
while IFS='|' read -r name n esp what; do
	run_test "$name ($esp): ping es_a <-> strongSwan, both ways" \
		both_ways $name $A 10.11.$n.1 10.30.$n.1 $S
done <<<"$S_CONNS"
run_test "s1: iperf3 TCP es_a -> strongSwan" \
	iperf s1 $A 10.11.1.1 10.30.1.1 tcp
run_test "s3: iperf3 TCP es_a -> strongSwan" \
	iperf s3 $A 10.11.3.1 10.30.3.1 tcp
tmark "ours<->strongSwan traffic"

# counters_s: our counters against XFRM's for every child to strongSwan,
# in the terms of flow: XFRM's inbound state is our spi_out, its drops left
# of the window or as duplicates are replays.
counters_s() {
	local a x

	sleep 0.5
	a=$(ours_sa_list $A) && x=$(xfrm_states $S) || return 1
	jq_check --argjson a "$a" --argjson x "$x" --argjson names "$S_NAMES" '
		$names[] as $n | child($a; $n) as $c |
		if $c == null then "ERR \($n): no Child SA in es_a" else
		([$x[] | select(.spi == $c.spi_out)][0]) as $i |
		([$x[] | select(.spi == $c.spi_in)][0]) as $o |
		if $i == null or $o == null then
			"ERR \($n): no XFRM states \($c.spi_out)/\($c.spi_in)"
		else
		"\($n) ours: \($c | tojson)",
		"\($n) XFRM in: \($i | tojson)", "\($n) XFRM out: \($o | tojson)",
		flow($c; {packets_in: $i.packets, bytes_in: $i.bytes,
			  rx_replay: ($i.replay_window + $i.replay),
			  rx_auth_failed: $i.failed, rx_bad_padding: 0,
			  rx_selector: 0, rx_malformed: 0, seq_in: $i.seq};
		     "\($n) ours->XFRM"),
		flow({packets_out: $o.packets, bytes_out: $o.bytes,
		      tx_errors: 0, seq_out: $o.oseq}; $c; "\($n) XFRM->ours")
		end end'
}
run_test "ours<->strongSwan: our counters add up with XFRM's" counters_s

# es_a's totals: every packet of every Child SA is in the namespace's ESP
# counters and in ike0's device counters.
totals() {
	local a s d

	a=$(ours_sa_list $A) && s=$(ours_stats $A) && d=$(devstats $A) ||
		return 1
	jq_check --argjson a "$a" --argjson s "$s" --argjson d "$d" '
		([$a[].children[].packets_out] | add) as $po |
		([$a[].children[].packets_in] | add) as $pi |
		([$a[].children[]] | length) as $n |
		"Child SAs \($n): out \($po) in \($pi)",
		"stats: \($s | tojson)", "ike0: \($d | tojson)",
		(select($s.esp_tx_packets != $po) | "ERR esp_tx_packets"),
		(select($s.esp_rx_packets != $pi) | "ERR esp_rx_packets"),
		(select($d.tx.packets != $po) | "ERR ike0 tx packets"),
		(select($d.rx.packets != $pi) | "ERR ike0 rx packets"),
		(select($s.esp_child_sas != $n or $n != 9) |
		 "ERR esp_child_sas \($s.esp_child_sas), want \($n) = 9")'
}
run_test "es_a: ESP stats and ike0 counters = sums over its 9 Child SAs" totals

# ---------------------------------------------------------------------------
# 3. ESP in UDP
enc_b() {
	local c b cap

	up enc >/dev/null || return 1
	c=$(child_of enc) && b=$(peer_child_b enc) || return 1
	echo "es_a: $c"
	echo "es_b: $b"
	jq_true "$c" '.encap_udp == true' && jq_true "$b" '.encap_udp == true' ||
		{ echo "encap_udp not set on both ends"; return 1; }
	# the wire: what es_b receives from es_a for this SA is ESP-in-UDP
	ip netns exec $B "$ESP_INJECT" capture --dev $VB --count 2 \
		--timeout 6 --spi "$(echo "$b" | jq -r .spi_in)" \
		--out "$tmp/enc.cap" --ready "$tmp/enc.ready" >"$tmp/enc.out" &
	cap=$!
	for _ in $(seq 50); do [ -e "$tmp/enc.ready" ] && break; sleep 0.1
	done
	pings $A 10.10.8.1 10.20.8.1 || { wait $cap; return 1; }
	wait $cap
	cat "$tmp/enc.out"
	jq_true "$(cat "$tmp/enc.out")" '.captured == 2' &&
		[ "$(jq -r .encap "$tmp/enc.cap" | sort -u)" = udp ]
}
run_test "enc: encap udp to ours: UDP 4500 on the wire, ping passes" enc_b
enc_s() {
	local c e

	up se >/dev/null || return 1
	c=$(child_of se) || return 1
	echo "ours: $c"
	jq_true "$c" '.encap_udp == true' || return 1
	pings $A 10.11.9.1 10.30.9.1 && pings $S 10.30.9.1 10.11.9.1 || return 1
	e=$(xfrm_states $S) || return 1
	jq_check --argjson c "$c" --argjson x "$e" '
		[$x[] | select(.spi == $c.spi_in or .spi == $c.spi_out)] as $s |
		"XFRM: \($s | tojson)",
		(select(($s | length) != 2) | "ERR no XFRM states of se"),
		($s[] | select(.encap != "espinudp 4500 4500") |
		 "ERR \(.spi): encap \(.encap)")'

}
run_test "se: encap udp to strongSwan: XFRM espinudp 4500, ping both ways" \
	enc_s
tmark "encap"

# ---------------------------------------------------------------------------
# 4. Hostile ESP at es_a's g128 Child SA, sent from es_b. Four of es_b's
# packets are captured at es_a's ingress while nft drops them there, so
# that es_a never saw them: each is fresh for es_a's replay window.
hold_on() {
	ip netns exec $A nft -f - <<-EOF
	table netdev esp_hold {
		chain in {
			type filter hook ingress device "$VA" priority 0;
			policy accept;
			ip protocol esp drop
		}
	}
	EOF
}
hold_off() {
	ip netns exec $A nft delete table netdev esp_hold
}

capture() {
	local c spi cap

	need g128 || return 1
	c=$(child_of g128) || return 1
	spi=$(echo "$c" | jq -r .spi_in)
	hold_on || return 1
	ip netns exec $A "$ESP_INJECT" capture --dev $VA --count 4 \
		--timeout 8 --spi "$spi" --out "$tmp/held" \
		--ready "$tmp/held.ready" >"$tmp/held.out" &
	cap=$!
	for _ in $(seq 50); do [ -e "$tmp/held.ready" ] && break; sleep 0.1
	done
	no_pings $B 10.20.1.1 10.10.1.1 4
	wait $cap
	hold_off || return 1
	cat "$tmp/held.out"
	jq_true "$(cat "$tmp/held.out")" \
		".captured == 4 and .spis == [\"$spi\"]"
}
run_test "hostile: 4 ESP packets of g128 captured, held back from es_a" \
	capture

# inject_check MUTATE INDEX WANT: es_b sends held packet INDEX (mutated),
# then es_a's g128 child must show exactly the rises of WANT (a JSON
# object; "a+b": the sum of two counters), and none of the other receive
# counters may move.
inject_check() {
	local before after

	before=$(child_of g128) || return 1
	ip netns exec $B "$ESP_INJECT" send --in "$tmp/held" \
		--index "$2" --mutate "$1" || return 1
	sleep 0.3
	after=$(child_of g128) || return 1
	jq_check --argjson a "$after" --argjson b "$before" --argjson w "$3" '
		["packets_in", "rx_replay", "rx_auth_failed", "rx_bad_padding",
		 "rx_selector", "rx_malformed"] as $keys |
		delta($a; $b) as $d |
		"rises: \($d | with_entries(select(.key as $k |
			$keys | index($k))) | tojson)",
		($keys[] | select($d[.] == null) | "ERR no counter \(.)"),
		($w | to_entries[] | .key as $k | .value as $v |
		 ([$k | split("+")[] | $d[.]] | add) as $got |
		 select($got != $v) | "ERR \($k) rose by \($got), want \($v)"),
		([$w | keys[] | split("+")[]]) as $named |
		($keys[] as $k | select(($named | index($k)) == null) |
		 select($d[$k] != 0) | "ERR \($k) rose by \($d[$k]), want 0")'
}
dev_a0=$(devstats $A)
run_test "hostile: held packet 0 as it was: accepted" \
	inject_check none 0 '{"packets_in": 1}'
run_test "hostile: packet 0 again: dropped as a replay" \
	inject_check none 0 '{"rx_replay": 1}'
run_test "hostile: packet 1 bit-flipped: dropped, authentication failed" \
	inject_check flip 1 '{"rx_auth_failed": 1}'
run_test "hostile: packet 1 intact after its forgery: accepted" \
	inject_check none 1 '{"packets_in": 1}'
run_test "hostile: packet 2 cut to SPI, sequence number + 4 bytes: malformed" \
	inject_check trunc-hdr 2 '{"rx_malformed": 1}'
run_test "hostile: packet 2 without half its ICV: dropped" \
	inject_check cut-icv 2 '{"rx_malformed+rx_auth_failed": 1}'
run_test "hostile: packet 2 with a flipped ICV: authentication failed" \
	inject_check flip-icv 2 '{"rx_auth_failed": 1}'
# 40 newer packets push packet 3 (never received) left of the window
# (default 32).
old() {
	ip netns exec $B ping -n -q -c 40 -i 0.01 -W 1 -I 10.20.1.1 10.10.1.1 |
		tail -n 2
	sleep 0.3
	inject_check none 3 '{"rx_replay": 1}'
}
run_test "hostile: packet 3 after 40 newer ones: left of the window, dropped" \
	old
# 6 dropped: replay, flip, trunc-hdr, cut-icv, flip-icv, old
devdrops() {
	local d

	d=$(devstats $A) || return 1
	jq_check --argjson a "$d" --argjson b "$dev_a0" '
		"ike0 rx before: \($b.rx | tojson)", "after: \($a.rx | tojson)",
		(($a.rx.errors + $a.rx.dropped - $b.rx.errors - $b.rx.dropped) as $n |
		 select($n != 6) | "ERR rx errors+dropped rose by \($n), want 6")'
}
run_test "hostile: ike0's rx errors+dropped rose by the 6 drops" devdrops

unknown_spi() {
	local before after sent mode=$1

	before=$(ours_stats $A) || return 1
	sent=$(ip netns exec $B "$ESP_INJECT" unknown --dst 10.0.5.1 \
	       --count 5 ${mode:+--udp}) || return 1
	sleep 0.3
	after=$(ours_stats $A) || return 1
	echo "sent $sent"
	jq_check --argjson a "$after" --argjson b "$before" '
		delta($a; $b) | "rises: \(tojson)",
		(select(.esp_rx_no_sa != 5) | "ERR esp_rx_no_sa, want +5"),
		(select(.esp_rx_packets != 0 or .esp_rx_child_dropped != 0) |
		 "ERR other ESP counters moved")'
}
run_test "hostile: raw ESP with unknown SPIs: esp_rx_no_sa +5" unknown_spi
run_test "hostile: ESP-in-UDP with unknown SPIs: esp_rx_no_sa +5" \
	unknown_spi udp
run_test "hostile: after it all g128 still carries traffic both ways" \
	both_ways g128 $A 10.10.1.1 10.20.1.1 $B
tmark "hostile"

# ---------------------------------------------------------------------------
# 5. Selectors
# not_sent SRC DST: es_a's pings from SRC to DST (routed into ike0) leave
# no ESP: esp_tx_no_sa counts each, esp_tx_packets does not move, and es_b
# sees no ESP on its link meanwhile.
not_sent() {
	local s0 s1 cap

	s0=$(ours_stats $A) || return 1
	ip netns exec $B "$ESP_INJECT" capture --dev $VB --count 1 \
		--timeout 2 --ready "$tmp/ns.ready" >"$tmp/ns.out" &
	cap=$!
	for _ in $(seq 50); do [ -e "$tmp/ns.ready" ] && break; sleep 0.1
	done
	no_pings $A "$1" "$2" 3
	wait $cap
	rm -f "$tmp/ns.ready"
	s1=$(ours_stats $A) || return 1
	echo "es_b's link: $(cat "$tmp/ns.out")"
	jq_true "$(cat "$tmp/ns.out")" '.captured == 0' || {
		echo "ESP reached es_b"; return 1; }
	jq_check --argjson a "$s1" --argjson b "$s0" '
		delta($a; $b) | "rises: \(tojson)",
		(select(.esp_tx_no_sa != 3) | "ERR esp_tx_no_sa, want +3"),
		(select(.esp_tx_packets != 0) | "ERR esp_tx_packets moved")' || {
		# What else went on meanwhile (IKE exchanges, Child SAs).
		ike_ns $A sa show
		return 1
	}
}
run_test "selectors: to 10.40.0.1 (no Child SA covers it): not sent" \
	not_sent 10.10.1.1 10.40.0.1
run_test "selectors: 10.10.1.1 -> 10.20.2.1 (g256's remote, g128's local): not sent" \
	not_sent 10.10.1.1 10.20.2.1

# strongSwan sends from 10.30.99.1, outside s1's remote selector
# 10.30.1.0/24, through s1's SA: an extra XFRM policy with its reqid.
wide_policy() {
	local c reqid before after

	c=$(child_of s1) || return 1
	reqid=$(xfrm_state $S "$(echo "$c" | jq -r .spi_out)" | jq .reqid) &&
		[ -n "$reqid" ] || { echo "no XFRM state for s1"; return 1; }
	ip -n $S xfrm policy add src 10.30.99.0/24 dst 10.11.1.0/24 dir out \
		tmpl src 10.0.6.2 dst 10.0.6.1 proto esp reqid "$reqid" \
		mode tunnel || return 1
	before=$(child_of s1) || return 1
	no_pings $S 10.30.99.1 10.11.1.1 3
	sleep 0.3
	after=$(child_of s1) || return 1
	ip -n $S xfrm policy del src 10.30.99.0/24 dst 10.11.1.0/24 dir out
	jq_check --argjson a "$after" --argjson b "$before" '
		delta($a; $b) | "rises: \(tojson)",
		(select(.rx_selector != 3) | "ERR rx_selector, want +3"),
		(select(.packets_in != 0) | "ERR packets_in moved")' &&
	pings $S 10.30.1.1 10.11.1.1
}
run_test "selectors: strongSwan's ESP from outside s1's selectors: rx_selector +3, not delivered" \
	wide_policy
tmark "selectors"

# ---------------------------------------------------------------------------
# 5b. Path MTU: with es_a's link to es_b at 1280, an IPv4 packet with DF
# whose ESP would not fit is answered with "fragmentation needed" naming
# the inner size that fits (and the sender's route learns it); without DF
# it goes through, fragmented outside; one that fits goes as it is.
pmtu() {
	local big mtu out rc=0

	ip -n $A link set ve-$B mtu 1280 && ip -n $B link set ve-$A mtu 1280 ||
		return 1
	big=$(ip netns exec $A ping -n -c 1 -W 2 -M do -s 1300 \
		-I 10.10.1.1 10.20.1.1 2>&1)
	echo "$big"
	mtu=$(printf '%s\n' "$big" | sed -n 's/.*Frag needed.*mtu = \([0-9]*\).*/\1/p' |
		head -n 1)
	echo "ICMP says mtu ${mtu:-none}"
	[ -n "$mtu" ] && [ "$mtu" -lt 1280 ] && [ "$mtu" -gt 1180 ] || rc=1
	ip -n $A route get 10.20.1.1 from 10.10.1.1 | grep -q "mtu $mtu" || {
		echo "route did not learn it"; rc=1; }
	pings $A 10.10.1.1 10.20.1.1 2 || rc=1
	out=$(ip netns exec $A ping -n -q -c 2 -W 2 -M dont -s 1300 \
		-I 10.10.1.1 10.20.1.1 2>&1)
	echo "$out" | tail -n 2
	echo "$out" | grep -q " 2 received" || { echo "no DF: lost"; rc=1; }
	ip -n $A link set ve-$B mtu 1500 && ip -n $B link set ve-$A mtu 1500
	ip -n $A route flush cache
	return $rc
}
run_test "path MTU: DF packets too big for the path get ICMP with the inner MTU, others are fragmented outside" \
	pmtu
tmark "pmtu"

# ---------------------------------------------------------------------------
# 6. Byte limits
rekey() {
	local old kids b loss

	ike_ns $A conn add rk local 10.0.5.1 remote 10.0.5.2 \
		auth psk psk-file "$psk" ike $IKEP esp aes128gcm16 \
		local-ts 10.10.6.0/24 remote-ts 10.20.6.0/24 dev ike0 \
		rekey-bytes $REKEY_BYTES || return 1
	up rk >"$tmp/rk.up" || { cat "$tmp/rk.up"; return 1; }
	old=$(child_of rk) || return 1
	echo "before: $old"
	# 1428 inner bytes each way per ping: over REKEY_BYTES by about 70.
	# Nothing may be lost across the rekey (make before break, RFC 7296
	# 2.8: the responder sends on the new SA only once it is used).
	loss=$(ip netns exec $A ping -n -q -c 100 -i 0.01 -W 1 -s 1400 \
		-I 10.10.6.1 10.20.6.1 | tail -n 2)
	echo "$loss"
	echo "$loss" | grep -q " 0% packet loss" ||
		{ echo "packets lost across the rekey"; return 1; }
	# the new Child SA replaces the old one (5 s for the Delete)
	for _ in $(seq 25); do
		kids=$(ours_sa_json $A rk 2>/dev/null | jq -c .children)
		jq_true "$kids" "length == 1 and .[0].spi_in != \"$(
			echo "$old" | jq -r .spi_in)\"" 2>/dev/null && break
		sleep 0.2
	done
	ike_ns $A sa show conn rk
	jq_true "$kids" "length == 1 and .[0].spi_in != \"$(
		echo "$old" | jq -r .spi_in)\"" ||
		{ echo "not rekeyed, or the old Child SA is still there"
		  return 1; }
	b=$(peer_child_b rk) || return 1
	echo "es_b: $b"
	pings $A 10.10.6.1 10.20.6.1
}
run_test "rk: rekey-bytes $REKEY_BYTES: Child SA rekeyed, no packet lost" \
	rekey
# lf_children: how many Child SAs es_a has under conn lf (its IKE SA may
# stay or go).
lf_children() {
	ours_sa_list $A | jq '[.[] | select(.conn == "lf") | .children[]] |
		length'
}
life() {
	local c out

	ike_ns $A conn add lf local 10.0.5.1 remote 10.0.5.2 \
		auth psk psk-file "$psk" ike $IKEP esp aes128gcm16 \
		local-ts 10.10.7.0/24 remote-ts 10.20.7.0/24 dev ike0 \
		life-bytes $LIFE_BYTES || return 1
	up lf >"$tmp/lf.up" || { cat "$tmp/lf.up"; return 1; }
	c=$(child_of lf) || return 1
	echo "child: $c"
	out=$(ip netns exec $A ping -n -q -c 60 -i 0.01 -W 1 -s 1400 \
		-I 10.10.7.1 10.20.7.1 2>&1)
	printf '%s\n' "$out" | tail -n 2
	for _ in $(seq 25); do
		[ "$(lf_children)" = 0 ] && break
		sleep 0.2
	done
	ike_ns $A sa show conn lf
	[ "$(lf_children)" = 0 ] ||
		{ echo "Child SA of lf still there"; return 1; }
	! ours_child_by_spi $B "$(echo "$c" | jq -r .spi_out)" >/dev/null ||
		{ echo "es_b still has it"; return 1; }
	# 1428 bytes a ping: the limit stops it well before 60
	! printf '%s\n' "$out" | grep -q " 60 received"
}
run_test "lf: life-bytes $LIFE_BYTES: Child SA deleted on both ends" life
tmark "limits"

run_test "strongSwan's charon is still running" kill -0 "$(sw_pid $S "$SW")"
run_test "kernel log clean" dmesg_check
tmark "done"
ktap_finish
