# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# OpenBSD iked (Debian's openiked 7.2, PF_KEY on Linux) as an interop peer
# inside a network namespace of the test VM. Source it after common.sh:
#
#	. "$(dirname "$0")/common.sh"
#	. "$(dirname "$0")/iked.sh"
#	ik_require			# skip the script without iked
#	ik_conf "$tmp/ik" c passive 'from A to B local X peer Y ...' SECRET
#	ik_start nsk "$tmp/ik"		# top level, not inside run_test
#	ik_ctl nsk "$tmp/ik" show sa
#
# Each instance lives in DIR: its config (iked.conf, mode 600 as iked
# demands), its log (iked.log, from -d -vv: log_debug is where the readiness marks are) and its control socket
# (iked.sock). iked runs under "unshare -m" with a private /run.
#
# iked takes a long time to configure itself under emulation (30-70 s
# seen): its ikev2 process gets its UDP sockets before its policies are
# final, answers IKE_SA_INIT requests in that window, and then frees every
# SA not yet established when the parent's last configuration message
# (active/passive mode) arrives ("sa_free: reload"). An initiator that
# starts in that window sees its IKE_SA_INIT answered, retransmits, and
# has its IKE_AUTH ignored. ik_wait therefore waits for the ikev2
# process's static configuration in the log, then for a control round trip
# through it, before anything talks to iked.

IK_IKED=${IK_IKED:-/usr/sbin/iked}
IK_CTL=${IK_CTL:-/usr/sbin/ikectl}

# ik_require: skip the whole script without iked.
ik_require() {
	[ -x "$IK_IKED" ] && [ -x "$IK_CTL" ] ||
		ktap_skip_all "OpenBSD iked not installed (openiked; scripts/install-deps.sh)"
	id _iked >/dev/null 2>&1 ||
		ktap_skip_all "iked's user _iked missing (openiked's postinst)"
	command -v unshare >/dev/null 2>&1 || ktap_skip_all "unshare missing"
}

# ik_ctl NS DIR ARG...: ikectl against the instance in DIR.
ik_ctl() {
	local ns=$1 dir=$2

	shift 2
	ip netns exec "$ns" "$IK_CTL" -s "$dir/iked.sock" "$@"
}

ik_pid() {
	cat "$2/ik.pid" 2>/dev/null
}

# ik_log NS DIR [LINES]: iked's log without the payload dumps, as KTAP
# diagnostics.
ik_log() {
	local f=$2/iked.log

	[ -f "$f" ] || { ktap_print "no iked log in $2"; return 0; }
	ktap_print "---- iked log ($1, $2) ----"
	grep -v -e '^ikev2_pld' -e '^proposals_' -e '^[0-9a-f]\{8\}\( \|$\)' \
		"$f" | tail -n "${3:-40}" | ktap_diag
	return 0
}

# ik_conf DIR NAME MODE SPEC SECRET: DIR/iked.conf with the one policy
# 'ikev2 "NAME" MODE esp SPEC psk "SECRET"'; "set passive" keeps iked from
# initiating until ik_ctl ... active. Read at ik_start or ik_ctl ... reload.
ik_conf() {
	mkdir -p "$1" || return 1
	printf 'set passive\nikev2 "%s" %s esp %s psk "%s"\n' \
		"$2" "$3" "$4" "$5" >"$1/iked.conf" &&
		chmod 600 "$1/iked.conf"
}

# ik_start NS DIR: start iked in NS with DIR/iked.conf, register ik_stop
# as a cleanup, and wait until it is configured (ik_wait). Top level only.
ik_start() {
	local ns=$1 dir=$2

	[ -f "$dir/iked.conf" ] || { echo "ik_start: no $dir/iked.conf" >&2
		return 1; }
	# iked's ikev2 process chroots to _iked's home.
	mkdir -p /var/empty
	: >"$dir/iked.log"
	ip netns exec "$ns" unshare -m /bin/sh -c \
		'mount -t tmpfs none /run && exec "$1" -f "$2/iked.conf" -d -vv \
		 -s "$2/iked.sock"' sh "$IK_IKED" "$dir" \
		>"$dir/iked.log" 2>&1 </dev/null &
	echo $! >"$dir/ik.pid"
	cleanup_push "ik_stop '$ns' '$dir'"
	ik_wait "$ns" "$dir"
}

# ik_wait NS DIR [SECONDS]: wait (default 150 s: see the top) until the
# ikev2 process has its configuration and answers through the control
# socket; fails with the log if iked died or did not get there.
ik_wait() {
	local ns=$1 dir=$2 pid end

	pid=$(ik_pid "$ns" "$dir")
	end=$((EPOCHSECONDS + ${3:-150}))
	while :; do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "ik_wait: iked in $ns exited" >&2
			tail -n 30 "$dir/iked.log" >&2
			return 1
		fi
		grep -q '^config_getstatic: .*stickyaddress' "$dir/iked.log" &&
			ik_ctl "$ns" "$dir" show sa >/dev/null 2>&1 && return 0
		[ "$EPOCHSECONDS" -lt "$end" ] || break
		sleep 0.5
	done
	echo "ik_wait: iked in $ns not configured after ${3:-150} s" >&2
	tail -n 30 "$dir/iked.log" >&2
	return 1
}

# ik_reload NS DIR: "ikectl reload", then wait until the ikev2 process has
# the new configuration (its static settings logged once more, then a
# control round trip): a request in between would be answered and then
# dropped, as at start.
ik_reload() {
	local ns=$1 dir=$2 n end

	n=$(grep -c '^config_getstatic: .*stickyaddress' "$dir/iked.log")
	ik_ctl "$ns" "$dir" reload || return 1
	end=$((EPOCHSECONDS + 60))
	while [ "$(grep -c '^config_getstatic: .*stickyaddress' \
		"$dir/iked.log")" -le "$n" ]; do
		[ "$EPOCHSECONDS" -lt "$end" ] || {
			echo "ik_reload: iked did not reload in 60 s" >&2
			return 1
		}
		sleep 0.2
	done
	ik_ctl "$ns" "$dir" show sa >/dev/null
}

# ik_stop NS DIR: stop iked (SIGTERM, SIGKILL after 3 s). Safe twice.
ik_stop() {
	daemon_stop "$2/ik.pid"
}

# ik_sas NS DIR: iked's established IKE SAs and their Child SAs, one line
# each, from "ikectl show sa", SPIs in lower-case hex padded as ours:
#   ike SPI_I SPI_R
#   esp in|out SPI
ik_sas() {
	ik_ctl "$1" "$2" show sa | awk '
		function pad(v, w) {
			sub(/^0x/, "", v)
			while (length(v) < w) v = "0" v
			return tolower(v)
		}
		/^iked_sas: .* ESTABLISHED / {
			for (i = 1; i < NF; i++) {
				if ($i == "rspi") r = $(i + 1)
				if ($i == "ispi") s = $(i + 1)
			}
			print "ike", pad(s, 16), pad(r, 16)
		}
		/^ *sa_childsas: .* ESP 0x[0-9a-fA-F]+ (in|out) / {
			for (i = 1; i < NF; i++)
				if ($i == "ESP") { spi = $(i + 1); dir = $(i + 2) }
			print "esp", dir, pad(spi, 8)
		}'
}

# ik_spis NS DIR: "SPI_I SPI_R ESP_IN ESP_OUT" of iked's one established
# IKE SA and its Child SA (the format of ours_spis); fails unless there
# is exactly one of each.
ik_spis() {
	ik_sas "$1" "$2" | awk '
		$1 == "ike" { n++; i = $2; r = $3 }
		$1 == "esp" && $2 == "in" { ni++; si = $3 }
		$1 == "esp" && $2 == "out" { no++; so = $3 }
		END { if (n != 1 || ni != 1 || no != 1) exit 1
		      print i, r, si, so }'
}

# ik_ike_count NS DIR: iked's established IKE SAs.
ik_ike_count() {
	ik_sas "$1" "$2" | grep -c '^ike ' || true
}
