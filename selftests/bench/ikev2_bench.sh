#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Data-path benchmark (not a test: `make bench`, never part of `make check`).
# In one VM boot, side by side, single-flow TCP throughput (iperf3) and ping
# latency between two network namespaces joined by veth, for:
#
#   veth          no tunnel: the ceiling of this machine
#   xfrm-gcm      the kernel's XFRM, strongSwan on both ends, aes128gcm16
#   xfrm-chacha   the same, chacha20poly1305
#   wireguard     the kernel's wireguard module (ChaCha20-Poly1305)
#   ike0-gcm      our ikev2 link, aes128gcm16, raw ESP
#   ike0-chacha   our ikev2 link, chacha20poly1305, raw ESP
#   ike0-gcm-udp  our ikev2 link, aes128gcm16, "encap udp" (RFC 3948)
#
# Each tunnel runs in tunnel mode between inner /32 addresses over the same
# kind of veth outer (10.9.0.1 <-> 10.9.0.2). Every row gets its own pair of
# namespaces: charon and our module would both want UDP 500 and raw ESP in
# one namespace, and a pair per row keeps one row's state (policies, SAs,
# routes) from touching another's. All tunnels are set up first, then
# measured in interleaved rounds (every row once per round): a TCG guest
# on a shared host sees its speed drift, and interleaving spreads that
# drift over all rows alike. The table gives each row's median.
#
#   +-------------------------+  veth  +-------------------------+
#   | ns P_a                  +--------+ ns P_b                  |
#   |  10.9.0.1/24 (outer)    |        |  10.9.0.2/24 (outer)    |
#   |  10.10.N.1/32 (inner)   |        |  10.10.N.2/32 (inner)   |
#   |  iperf3 -c, ping        |        |  iperf3 -s              |
#   +-------------------------+        +-------------------------+
#
# Output: progress lines starting with "# ", then the table. A row that
# could not be measured says "failed: REASON" and the others still run.
# Exit status 0 if every row was measured, 1 otherwise.
#
# Knobs (environment; IKEV2_* so that selftests/vm/run hands them to the
# guest): IKEV2_BENCH_SECONDS (iperf3 -t, default 5), IKEV2_BENCH_PINGS
# (default 20), IKEV2_BENCH_ROUNDS (default 3), IKEV2_BENCH_ROWS
# (space-separated row names, default all).

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../common.sh"
. "$here/../strongswan.sh"
vm_reexec "$@"

SECONDS_TCP=${IKEV2_BENCH_SECONDS:-5}
PINGS=${IKEV2_BENCH_PINGS:-20}
ROUNDS=${IKEV2_BENCH_ROUNDS:-3}
ROWS=${IKEV2_BENCH_ROWS:-"veth xfrm-gcm xfrm-chacha wireguard ike0-gcm ike0-chacha ike0-gcm-udp"}
PSK=bench-psk-8c41f0e2
IKE_PROP=aes128gcm16-prfsha256-x25519
OUT_A=10.9.0.1
OUT_B=10.9.0.2

# Per row: the cipher shown, the namespace pair, the third octet of its
# inner addresses (10.10.N.1 in P_a, 10.10.N.2 in P_b; none for veth,
# which measures the outer addresses); MBITS and PINGMS collect one value
# per round, FAIL the reason a row has no result.
declare -A CIPHER PAIR NET MBITS PINGMS FAIL
row_def() {
	CIPHER[$1]=$2
	PAIR[$1]=$3
	NET[$1]=$4
}
row_def veth		none			bv	''
row_def xfrm-gcm	aes128gcm16		bxg	2
row_def xfrm-chacha	chacha20poly1305	bxc	3
row_def wireguard	chacha20poly1305	bw	4
row_def ike0-gcm	aes128gcm16		bog	5
row_def ike0-chacha	chacha20poly1305	boc	6
row_def ike0-gcm-udp	aes128gcm16+udp		bou	7

# log MSG: a progress line, with the guest's seconds since the start.
log() {
	printf '# [%3ds] %s\n' $((EPOCHSECONDS - ${t_start:-$EPOCHSECONDS})) "$*"
}

# diag FILE: a failed step's output, as diagnostics.
diag() {
	[ -s "$1" ] && sed 's/^/#   /' "$1" | tail -n 30
	return 0
}

want() {
	case " $ROWS " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

[ "$(id -u)" = 0 ] || { echo "ikev2_bench: must run as root (in the VM)" >&2
	exit 1; }
for c in iperf3 ping jq; do
	command -v "$c" >/dev/null 2>&1 || {
		echo "ikev2_bench: $c not installed" >&2
		exit 1
	}
done

for r in $ROWS; do
	[ -n "${CIPHER[$r]:-}" ] || { echo "ikev2_bench: unknown row '$r'" >&2
		exit 1; }
done

tmp=$(mktemp -d /tmp/bench.XXXXXX)
cleanup_push "rm -rf '$tmp'"
t_start=$EPOCHSECONDS

# What udev would load at boot from the CPU's modalias: without it the
# AEADs fall back to the generic C implementations and every row measures
# those instead of what a real machine runs. Each one the CPU lacks just
# fails to load.
for m in aesni_intel ghash_clmulni_intel chacha_x86_64 poly1305_x86_64 \
	 curve25519_x86_64; do
	modprobe -q "$m" 2>/dev/null
done

NCPU=$(nproc)
KREL=$(uname -r)
CPU_MODEL=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
log "kernel $KREL, $NCPU CPUs ($CPU_MODEL); $ROUNDS rounds of" \
	"$PINGS pings -i 0.05 and iperf3 -t $SECONDS_TCP -O 1 per row"

# fail ROW REASON [FILE]: ROW has no result, for REASON (FILE: what the
# failed step printed, shown as diagnostics).
fail() {
	FAIL[$1]=$2
	log "$1: failed: $2"
	[ -n "${3:-}" ] && diag "$3"
	return 1
}

# pair ROW: namespaces P_a and P_b of ROW's pair, a veth between them with
# the outer addresses, an iperf3 server daemon in P_b.
pair() {
	local p=${PAIR[$1]}

	ns_create "${p}_a" "${p}_b" &&
	ns_veth "${p}_a" "${p}_b" "$OUT_A/24" "$OUT_B/24" &&
	ip netns exec "${p}_b" iperf3 -s -D -I "$tmp/iperf-$p.pid" \
		--logfile "$tmp/iperf-$p.log"
}

# inner ROW DEV: ROW's inner addresses on DEV, and routes between them:
# through DEV itself if it is a tunnel device, via the peer's outer
# address for XFRM (DEV lo), where the policies catch the packets.
inner() {
	local p=${PAIR[$1]} n=${NET[$1]} dev=$2

	ip -n "${p}_a" addr add "10.10.$n.1/32" dev "$dev" &&
	ip -n "${p}_b" addr add "10.10.$n.2/32" dev "$dev" || return 1
	if [ "$dev" = lo ]; then
		ip -n "${p}_a" route add "10.10.$n.2/32" via $OUT_B \
			src "10.10.$n.1" &&
		ip -n "${p}_b" route add "10.10.$n.1/32" via $OUT_A \
			src "10.10.$n.2"
	else
		ip -n "${p}_a" link set "$dev" up &&
		ip -n "${p}_b" link set "$dev" up &&
		ip -n "${p}_a" route add "10.10.$n.2/32" dev "$dev" \
			src "10.10.$n.1" &&
		ip -n "${p}_b" route add "10.10.$n.1/32" dev "$dev" \
			src "10.10.$n.2"
	fi
}

# dst ROW: the address ROW's client pings and sends to.
dst() {
	if [ -n "${NET[$1]}" ]; then
		echo "10.10.${NET[$1]}.2"
	else
		echo $OUT_B
	fi
}

# measure ROW: one round for ROW: ping, then iperf3 from P_a to dst;
# appends to PINGMS[ROW] and MBITS[ROW], or fails the row.
measure() {
	local row=$1 ns=${PAIR[$1]}_a d out avg bps err mbit

	d=$(dst "$row")
	# The first packet may wait for a handshake (WireGuard): a few
	# seconds before calling the path dead.
	if ! ip netns exec "$ns" ping -c 1 -w 5 "$d" >"$tmp/p0" 2>&1; then
		fail "$row" "no connectivity to $d" "$tmp/p0"
		return 1
	fi
	out=$(ip netns exec "$ns" ping -q -n -c "$PINGS" -i 0.05 -W 1 "$d" \
	      2>&1)
	avg=$(printf '%s\n' "$out" |
	      sed -n 's|^rtt [^=]*= [0-9.]*/\([0-9.]*\)/.*|\1|p')
	if [ -z "$avg" ]; then
		printf '%s\n' "$out" >"$tmp/p1"
		fail "$row" "ping: no replies" "$tmp/p1"
		return 1
	fi
	timeout $((SECONDS_TCP + 30)) ip netns exec "$ns" iperf3 -c "$d" \
		-t "$SECONDS_TCP" -O 1 -J --connect-timeout 5000 \
		>"$tmp/iperf.json" 2>"$tmp/iperf.err"
	bps=$(jq -r '.end.sum_received.bits_per_second // empty' \
	      "$tmp/iperf.json" 2>/dev/null)
	if [ -z "$bps" ]; then
		err=$(jq -r '.error // empty' "$tmp/iperf.json" 2>/dev/null)
		fail "$row" "iperf3: ${err:-no result}" "$tmp/iperf.err"
		return 1
	fi
	mbit=$(awk -v b="$bps" 'BEGIN { printf "%.1f", b / 1e6 }')
	MBITS[$row]="${MBITS[$row]:-} $mbit"
	PINGMS[$row]="${PINGMS[$row]:-} $avg"
	log "$row: $mbit Mbit/s, ping avg $avg ms"
}

# --- setup: 1. plain veth ----------------------------------------------------

if want veth; then
	pair veth >"$tmp/setup" 2>&1 || fail veth "setup failed" "$tmp/setup"
fi

# --- setup: 2, 3. XFRM with strongSwan, one charon pair per row ---------------

XFRM_ROWS=
for r in xfrm-gcm xfrm-chacha; do
	want $r && XFRM_ROWS="$XFRM_ROWS $r"
done

# xfrm_spawn ROW: ROW's pair and its two charons, started (not waited for).
xfrm_spawn() {
	local p=${PAIR[$1]}

	pair "$1" && inner "$1" lo &&
	sw_spawn "${p}_a" "$tmp/$p-a" && sw_spawn "${p}_b" "$tmp/$p-b"
}

# xfrm_up ROW ESP AEAD: once both charons answer, the conn with child
# proposal ESP on both ends, initiated from P_a; the kernel's state must
# use AEAD.
xfrm_up() {
	local row=$1 esp=$2 aead=$3 p=${PAIR[$1]} n=${NET[$1]}

	sw_wait "${p}_a" "$tmp/$p-a" >"$tmp/sw" 2>&1 &&
	sw_wait "${p}_b" "$tmp/$p-b" >>"$tmp/sw" 2>&1 || {
		fail "$row" "charon did not start" "$tmp/sw"
		return 1
	}
	if ! { sw_conf "${p}_a" "$tmp/$p-a" local=$OUT_A remote=$OUT_B \
		psk=$PSK esp="$esp" local_ts="10.10.$n.1/32" \
		remote_ts="10.10.$n.2/32" &&
	       sw_conf "${p}_b" "$tmp/$p-b" local=$OUT_B remote=$OUT_A \
		psk=$PSK esp="$esp" local_ts="10.10.$n.2/32" \
		remote_ts="10.10.$n.1/32"; } >"$tmp/sw" 2>&1; then
		fail "$row" "swanctl --load-all failed" "$tmp/sw"
		return 1
	fi
	if ! sw_initiate "${p}_a" "$tmp/$p-a" >"$tmp/sw" 2>&1; then
		sw_log "${p}_a" "$tmp/$p-a" 20 >>"$tmp/sw"
		fail "$row" "strongSwan could not initiate" "$tmp/sw"
		return 1
	fi
	if ! ip -n "${p}_a" xfrm state | grep -q -F "aead $aead"; then
		ip -n "${p}_a" xfrm state >"$tmp/sw" 2>&1
		fail "$row" "the XFRM state does not use $aead" "$tmp/sw"
		return 1
	fi
}

# xfrm_counters ROW: the receiving end's XFRM state counters (replay
# window and drops), to set beside ours_counters.
xfrm_counters() {
	local p=${PAIR[$1]} c

	c=$(ip -n "${p}_b" -s xfrm state 2>/dev/null | awk -v peer=$OUT_A '
		/^src/ { src = $2; s = 0 }
		src != peer { next }
		/^[ \t]*stats:/ { s = 1; next }
		s == 1 { stats = $0; s = 2; next }
		/replay-window/ && !s { hdr = $0 }
		END {
			sub(/^[ \t]+/, "", hdr); sub(/^[ \t]+/, "", stats)
			if (hdr != "") print hdr "; stats: " stats
		}')
	log "$1: ${p}_b inbound XFRM state: ${c:-(none)}"
}

if [ -n "$XFRM_ROWS" ]; then
	log "xfrm: starting strongSwan (one pair of charons per row)"
	for r in $XFRM_ROWS; do
		if [ ! -x "$SW_CHARON" ] ||
		   ! command -v "$SW_SWANCTL" >/dev/null; then
			fail "$r" "strongSwan not installed"
		elif ! xfrm_spawn "$r" >"$tmp/setup" 2>&1; then
			fail "$r" "setup failed" "$tmp/setup"
		fi
	done
	want xfrm-gcm && [ -z "${FAIL[xfrm-gcm]:-}" ] &&
		xfrm_up xfrm-gcm aes128gcm16 'rfc4106(gcm(aes))'
	want xfrm-chacha && [ -z "${FAIL[xfrm-chacha]:-}" ] &&
		xfrm_up xfrm-chacha chacha20poly1305 \
			'rfc7539esp(chacha20,poly1305)'
fi

# --- setup: 4. WireGuard -------------------------------------------------------

wg_setup() {
	local s p=${PAIR[wireguard]} n=${NET[wireguard]}

	command -v wg >/dev/null || { echo "wg not installed"; return 1; }
	pair wireguard || return 1
	for s in a b; do
		(umask 077 && wg genkey >"$tmp/wg-$s.key") &&
			wg pubkey <"$tmp/wg-$s.key" >"$tmp/wg-$s.pub" &&
			ip -n "${p}_$s" link add wg0 type wireguard || return 1
	done
	ip netns exec "${p}_a" wg set wg0 listen-port 51820 \
		private-key "$tmp/wg-a.key" peer "$(cat "$tmp/wg-b.pub")" \
		allowed-ips "10.10.$n.2/32" endpoint "$OUT_B:51820" &&
	ip netns exec "${p}_b" wg set wg0 listen-port 51820 \
		private-key "$tmp/wg-b.key" peer "$(cat "$tmp/wg-a.pub")" \
		allowed-ips "10.10.$n.1/32" endpoint "$OUT_A:51820" &&
	inner wireguard wg0
}

if want wireguard; then
	log "wireguard: setting up"
	wg_setup >"$tmp/setup" 2>&1 ||
		fail wireguard "setup failed" "$tmp/setup"
fi

# --- setup: 5, 6, 7. our ikev2 link, one pair per row ----------------------------

OURS_ROWS=
for r in ike0-gcm ike0-chacha ike0-gcm-udp; do
	want $r && OURS_ROWS="$OURS_ROWS $r"
done

# ours_pair ROW ESP [encap udp]: ROW's pair with ike0 and a helper in each
# namespace; in P_b a responder conn for any peer, in P_a the initiator's
# conn "b" with child proposal ESP (and "encap udp" if given).
ours_pair() {
	local row=$1 esp=$2 p=${PAIR[$1]} n=${NET[$1]} psk

	shift 2
	pair "$row" &&
	ip -n "${p}_a" link add ike0 type ikev2 &&
	ip -n "${p}_b" link add ike0 type ikev2 &&
	inner "$row" ike0 || return 1
	ours_helper_start "${p}_a" "$tmp" &&
		ours_helper_start "${p}_b" "$tmp" || return 1
	psk=$(ours_psk "$tmp" bench "$PSK") || return 1
	ike_ns "${p}_b" conn add r local $OUT_B remote %any \
		auth psk psk-file "$psk" ike $IKE_PROP esp "$esp" \
		local-ts "10.10.$n.2/32" remote-ts "10.10.$n.1/32" dev ike0 &&
	ike_ns "${p}_a" conn add b local $OUT_A remote $OUT_B \
		auth psk psk-file "$psk" ike $IKE_PROP esp "$esp" \
		local-ts "10.10.$n.1/32" remote-ts "10.10.$n.2/32" dev ike0 "$@"
}

# ours_up ROW ESP ENCAP: conn up from P_a; both ends must show the Child
# SA with proposal ESP on ike0, UDP-encapsulated iff ENCAP is true.
ours_up() {
	local row=$1 esp=$2 encap=$3 p=${PAIR[$1]} s j

	if ! ike_ns "${p}_a" conn up b timeout 30 >"$tmp/up" 2>&1; then
		fail "$row" "conn up: $(tr '\n' ' ' <"$tmp/up" | cut -c1-60)" \
			"$tmp/up"
		return 1
	fi
	for s in a b; do
		if ! j=$(ours_wait_established "${p}_$s" '' 5 2>"$tmp/up"); then
			fail "$row" "no Child SA in ${p}_$s" "$tmp/up"
			return 1
		fi
		if ! printf '%s\n' "$j" | jq -e --arg esp "$esp" \
			--argjson encap "$encap" '.children[0] |
			 (.proposal | startswith($esp)) and
			 .encap_udp == $encap and .ifname == "ike0"' \
			>/dev/null 2>&1; then
			printf '%s\n' "$j" | jq . >"$tmp/up" 2>&1
			fail "$row" "${p}_$s: Child SA is not $esp, encap_udp $encap, on ike0" \
				"$tmp/up"
			return 1
		fi
	done
}

# ours_counters ROW: both ends' Child SA counters (traffic went through
# ike0, no drops), as a diagnostic.
ours_counters() {
	local p=${PAIR[$1]} s c

	for s in a b; do
		c=$(ike_ns "${p}_$s" -j sa show 2>/dev/null | jq -r '
			[.[0].children[0] | to_entries[] |
			 select(.value != null and (.key |
			 test("^(bytes|packets)_|^rx_|^tx_|seq_"))) |
			 "\(.key)=\(.value)"] | join(" ")' 2>/dev/null)
		log "$1: ${p}_$s Child SA: ${c:-(none)}"
	done
}

if [ -n "$OURS_ROWS" ]; then
	log "ours: $IKEV2_KO, ike0 and ike-helper in each namespace"
	ok=1
	for f in "$IKEV2_KO" "$IKE" "$IKE_HELPER"; do
		[ -e "$f" ] || { ok=0; reason="missing $f"; }
	done
	if [ $ok = 1 ] && ! mod_load >"$tmp/setup" 2>&1; then
		ok=0
		reason="insmod: $(tail -n 1 "$tmp/setup")"
	fi
	for r in $OURS_ROWS; do
		[ $ok = 1 ] || { fail "$r" "$reason"; continue; }
		esp=aes128gcm16 encap=false extra=
		case $r in
		ike0-chacha) esp=chacha20poly1305 ;;
		ike0-gcm-udp) encap=true extra="encap udp" ;;
		esac
		# shellcheck disable=SC2086 # $extra: none or two words
		if ! ours_pair "$r" $esp $extra >"$tmp/setup" 2>&1; then
			fail $r "setup failed: $(tail -n 1 "$tmp/setup" |
				cut -c1-50)" "$tmp/setup"
			continue
		fi
		ours_up "$r" $esp $encap
	done
fi

# --- measurement: interleaved rounds ---------------------------------------------

t_setup=$EPOCHSECONDS
for round in $(seq "$ROUNDS"); do
	log "round $round of $ROUNDS"
	for r in $ROWS; do
		[ -z "${FAIL[$r]:-}" ] && measure "$r"
	done
done
t_meas=$EPOCHSECONDS
for r in $XFRM_ROWS; do
	[ -z "${FAIL[$r]:-}" ] && xfrm_counters "$r"
done
for r in $OURS_ROWS; do
	[ -n "${PAIR[$r]:-}" ] && ip netns pids "${PAIR[$r]}_a" >/dev/null \
		2>&1 && ours_counters "$r"
done

# --- teardown, before the kernel log check ---------------------------------------

for r in $XFRM_ROWS; do
	p=${PAIR[$r]}
	sw_stop "${p}_a" "$tmp/$p-a"
	sw_stop "${p}_b" "$tmp/$p-b"
done
for r in $OURS_ROWS; do
	p=${PAIR[$r]}
	ours_helper_stop "${p}_a" "$tmp"
	ours_helper_stop "${p}_b" "$tmp"
done
for r in $ROWS; do
	ns_destroy "${PAIR[$r]}_a" "${PAIR[$r]}_b"
done
[ -n "$OURS_ROWS" ] && { mod_unload >"$tmp/rmmod" 2>&1 ||
	{ log "rmmod ikev2 failed:"; diag "$tmp/rmmod"; }; }

# --- the table -----------------------------------------------------------------------

# median V...: the middle value (the mean of the two middle ones for an
# even count).
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
		if (NR % 2) printf "%.1f", v[(NR + 1) / 2];
		else printf "%.1f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# median3 V...: the same with three decimals (ping milliseconds).
median3() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
		if (NR % 2) printf "%.3f", v[(NR + 1) / 2];
		else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Which implementation the kernel crypto API picked for each AEAD (the
# highest priority of each name that a tunnel instantiated).
crypto_driver() {
	awk -v n="$1" '
		/^name/ { name = $3 } /^driver/ { drv = $3 }
		/^priority/ { if (name == n && $3 > best) { best = $3; d = drv } }
		END { print (d == "" ? "-" : d) }' /proc/crypto
}

declare -A MBIT
for r in $ROWS; do
	# shellcheck disable=SC2086 # one word per round
	[ -z "${FAIL[$r]:-}" ] && [ -n "${MBITS[$r]:-}" ] &&
		MBIT[$r]=$(median ${MBITS[$r]})
done

# ratio ROW BASE: ROW's throughput over BASE's, or "-".
ratio() {
	if [ -n "${MBIT[$1]:-}" ] && [ -n "${MBIT[$2]:-}" ]; then
		awk -v a="${MBIT[$1]}" -v b="${MBIT[$2]}" \
			'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
	else
		echo -
	fi
}

rc=0
echo
echo "ikev2 data-path benchmark: kernel $KREL, $NCPU CPUs" \
	"(${CPU_MODEL:-unknown}, TCG)"
echo "single TCP flow (iperf3 -t $SECONDS_TCP -O 1), $PINGS pings -i 0.05;" \
	"median of $ROUNDS interleaved rounds"
echo "AEAD drivers: gcm=$(crypto_driver 'rfc4106(gcm(aes))')" \
	"chacha=$(crypto_driver 'rfc7539esp(chacha20,poly1305)')"
printf '%-13s %-17s %7s %13s %8s %6s %8s\n' name cipher Mbit/s min-max \
	vs-xfrm vs-wg ping-ms
for r in $ROWS; do
	if [ -z "${MBIT[$r]:-}" ]; then
		printf '%-13s %-17s failed: %s\n' "$r" "${CIPHER[$r]}" \
			"${FAIL[$r]:-not measured}"
		rc=1
		continue
	fi
	wg=-
	case "${CIPHER[$r]}" in
	chacha*) wg=$(ratio "$r" wireguard) ;;
	esac
	# shellcheck disable=SC2086 # one word per round
	printf '%-13s %-17s %7s %13s %8s %6s %8s\n' "$r" "${CIPHER[$r]}" \
		"${MBIT[$r]}" \
		"$(printf '%s\n' ${MBITS[$r]} | sort -g |
		   awk 'NR == 1 { a = $1 } { b = $1 } END { print a "-" b }')" \
		"$(ratio "$r" xfrm-gcm)" "$wg" "$(median3 ${PINGMS[$r]})"
done
echo "guest time: $((t_setup - t_start)) s setup, $((t_meas - t_setup)) s" \
	"measuring, $((EPOCHSECONDS - t_start)) s in all"
if dmesg_check >"$tmp/dmesg" 2>&1; then
	echo "kernel log: clean"
else
	echo "kernel log: warnings (below)"
	cat "$tmp/dmesg"
	rc=1
fi
exit $rc
