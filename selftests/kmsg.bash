# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by lib.sh under bash: the kernel log check of run_test without a
# process per test.
#
# A kernel log check per test costs a dmesg and an awk, a second or so in
# the TCG guest. Under bash in the VM, one "cat /dev/kmsg" per script copies
# the log into a file instead, and run_test reads it with builtins only:
# after the test it writes a mark and reads up to it, matching each line
# against DMESG_BAD_RE. Anything odd (no bash, the follower gone, the mark
# not seen within 5 s) falls back to dmesg_check.
_kmsg_pid=
_kmsg_part=

# _kmsg_ready: the follower runs (started on first use).
_kmsg_ready() {
	[ -n "$_kmsg_pid" ] && return 0
	[ -n "${BASH_VERSION:-}" ] && [ -r /dev/kmsg ] && [ -n "$_lib_tmp" ] &&
		[ "${_kmsg_failed:-0}" = 0 ] || return 1
	_kmsg_failed=1
	: >"$_lib_tmp/kmsg" && mkfifo "$_lib_tmp/kmsg.tick" || return 1
	# fd 8 reads the copy; fd 9 is a FIFO nobody writes: "read -t" on
	# it is a sleep without a process.
	exec 8<"$_lib_tmp/kmsg" 9<>"$_lib_tmp/kmsg.tick" || return 1
	cat /dev/kmsg >>"$_lib_tmp/kmsg" 2>/dev/null </dev/null &
	_kmsg_pid=$!
	_kmsg_failed=0
}

_kmsg_stop() {
	[ -n "$_kmsg_pid" ] || return 0
	kill "$_kmsg_pid" 2>/dev/null
	wait "$_kmsg_pid" 2>/dev/null
	_kmsg_pid=
	_kmsg_failed=1
	exec 8<&- 9<&-
	return 0
}

# _kmsg_scan MARK: read the follower's copy up to the line with MARK;
# the lines before it (message text only) are left in _kmsg_lines.
_kmsg_scan() {
	local line tries=0

	_kmsg_lines=()
	while :; do
		if IFS= read -r -u 8 line; then
			line=$_kmsg_part$line
			_kmsg_part=
			# " KEY=value" lines continue a record
			case $line in " "*) continue ;; esac
			line=${line#*;}
			case $line in *"$1"*) return 0 ;; esac
			_kmsg_lines+=("$line")
		else
			# the end of what cat has written so far
			_kmsg_part=$_kmsg_part$line
			tries=$((tries + 1))
			[ $tries -le 500 ] || return 1
			[ $((tries % 50)) != 0 ] || kill -0 "$_kmsg_pid" 2>/dev/null ||
				return 1
			read -r -t 0.01 -u 9 line
		fi
	done
}

# _kmsg_check MARK: what dmesg_check MARK says, through the follower when
# it runs.
_kmsg_check() {
	local l bad=0 n i

	if [ -z "$_kmsg_pid" ] || ! _dmesg_mark_write ||
	   ! _kmsg_scan "$_dmesg_last_mark"; then
		_kmsg_stop
		dmesg_check "$1"
		return
	fi
	for l in "${_kmsg_lines[@]}"; do
		[[ $l =~ $DMESG_BAD_RE ]] || continue
		[ -n "${DMESG_IGNORE_RE:-}" ] && [[ $l =~ $DMESG_IGNORE_RE ]] &&
			continue
		bad=1
		break
	done
	[ $bad = 0 ] && return 0
	ktap_print "kernel log since the test started:"
	n=${#_kmsg_lines[@]}
	for ((i = n > 60 ? n - 60 : 0; i < n; i++)); do
		l=${_kmsg_lines[i]}
		[[ $l == *ikev2-selftest-mark* ]] || ktap_print "$l"
	done
	return 1
}
