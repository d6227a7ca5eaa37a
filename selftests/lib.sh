# SPDX-License-Identifier: GPL-2.0
# "local" is not POSIX but dash, bash and busybox ash all have it.
# shellcheck shell=sh disable=SC3043
#
# Shell helpers for the ikev2 selftests: KTAP output, network namespaces
# joined by veth pairs, and a kernel log check. Source it from a test:
#
#	. "$(dirname "$0")/lib.sh"
#	vm_reexec "$@"			# boot the test VM unless inside it
#	ktap_header
#	ktap_plan 2
#	ns_create a b
#	ns_veth a b 10.0.0.1/24 10.0.0.2/24
#	run_test "ping a->b" ip netns exec a ping -c1 10.0.0.2
#	run_test "no warnings" dmesg_check
#	ktap_finish
#
# POSIX sh (dash) and bash, with or without "set -e". Everything a test prints outside the result
# lines must be a "# " diagnostic: run_test and the helpers do that for the
# commands they run.
#
# Exit statuses follow kselftest: 0 pass, 1 fail, 4 skip (KSFT_SKIP).

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

_ktap_n=0
_ktap_pass=0
_ktap_fail=0
_ktap_skip=0
_ktap_plan=
_ktap_header_done=0
_lib_init_done=0
_lib_cleanups=
_lib_netns=
_lib_tmp=
_dmesg_mark=

# Where this file lives: bash knows; plain sh relies on the usual layouts
# (test next to lib.sh, or one directory below), or on SELFTESTS_DIR.
if [ -z "${SELFTESTS_DIR:-}" ]; then
	if [ -n "${BASH_SOURCE:-}" ]; then
		# shellcheck disable=SC3028,SC3054
		SELFTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	elif [ -f "$(dirname "$0")/lib.sh" ]; then
		SELFTESTS_DIR=$(cd "$(dirname "$0")" && pwd)
	else
		SELFTESTS_DIR=$(cd "$(dirname "$0")/.." && pwd)
	fi
fi

# Print stdin as KTAP diagnostic lines.
ktap_diag() {
	sed 's/^/# /'
}

ktap_print() {
	printf '# %s\n' "$*"
}

# "#" would start a directive and a newline would end the line: keep a
# test name to one plain line.
_ktap_name() {
	printf '%s' "$*" | tr '\n#' ' _'
}

# Once per script: exit traps (cleanups, namespaces) and the kernel log
# mark that dmesg_check starts from.
_lib_init() {
	[ "$_lib_init_done" = 1 ] && return 0
	_lib_init_done=1
	# Made here, in the script's own shell: a subshell's $(...) could not
	# hand the name back for _lib_exit to remove.
	_lib_tmp=$(mktemp -d "${TMPDIR:-/tmp}/ikev2-selftest.XXXXXX") ||
		_lib_tmp=
	trap '_lib_exit' EXIT
	trap '_lib_signal' INT TERM HUP
	_dmesg_mark=$(dmesg_mark)
}

ktap_header() {
	_lib_init
	[ "$_ktap_header_done" = 1 ] && return 0
	_ktap_header_done=1
	echo "KTAP version 1"
}

ktap_plan() {
	_ktap_plan=$1
	echo "1..$1"
}

# Skip the whole test script (e.g. a missing tool); nothing may have been
# reported yet.
ktap_skip_all() {
	ktap_header
	echo "1..0 # SKIP $*"
	exit $KSFT_SKIP
}

ktap_ok() {
	_ktap_n=$((_ktap_n + 1))
	_ktap_pass=$((_ktap_pass + 1))
	echo "ok $_ktap_n $(_ktap_name "$1")"
}

# ktap_fail NAME [REASON]: the reason goes on its own diagnostic line, as a
# free-form reason after "#" could read as a SKIP directive.
ktap_fail() {
	_ktap_n=$((_ktap_n + 1))
	_ktap_fail=$((_ktap_fail + 1))
	[ $# -gt 1 ] && ktap_print "$(_ktap_name "$1"): $2"
	echo "not ok $_ktap_n $(_ktap_name "$1")"
}

ktap_skip() {
	_ktap_n=$((_ktap_n + 1))
	_ktap_skip=$((_ktap_skip + 1))
	echo "ok $_ktap_n $(_ktap_name "$1") # SKIP${2:+ $2}"
}

# Print the totals and exit: 1 if a test failed or the plan was not met,
# 4 if every test was skipped, else 0.
ktap_finish() {
	local rc=$KSFT_PASS

	[ -n "$_ktap_plan" ] || echo "1..$_ktap_n"
	echo "# Totals: pass:$_ktap_pass fail:$_ktap_fail xfail:0 xpass:0 skip:$_ktap_skip error:0"
	if [ -n "$_ktap_plan" ] && [ "$_ktap_plan" -ne "$_ktap_n" ]; then
		ktap_print "planned $_ktap_plan tests but ran $_ktap_n"
		rc=$KSFT_FAIL
	fi
	if [ "$_ktap_fail" -gt 0 ]; then
		rc=$KSFT_FAIL
	elif [ "$rc" = $KSFT_PASS ] && [ "$_ktap_pass" -eq 0 ] &&
	     [ "$_ktap_skip" -gt 0 ]; then
		rc=$KSFT_SKIP
	fi
	exit $rc
}

# run_test NAME CMD [ARG...]: run CMD (a program or a shell function) in a
# subshell, its output shown as diagnostics once it is done; exit 0 is ok,
# 4 a skip, anything else a failure. Inside the VM the kernel log is
# checked too (KTAP_DMESG_CHECK=0 turns that off): a test that made the
# kernel warn fails even if CMD succeeded.
# The output goes through a file, not a pipe: a daemon that CMD started
# and that kept its stdout would otherwise hold run_test forever.
run_test() {
	local name rc mark='' out errexit=0

	name=$1
	shift
	ktap_header
	if [ "${KTAP_DMESG_CHECK:-1}" = 1 ] && [ "${IKEV2_VM:-}" = 1 ] &&
	   [ -w /dev/kmsg ]; then
		mark=$(dmesg_mark)
	fi
	out=$(_lib_tmpfile) || {
		ktap_fail "$name" "cannot create a temporary file"
		return 0
	}
	# A failing CMD must not end a "set -e" script, yet CMD itself keeps
	# "set -e" if the script has it.
	case $- in
	*e*) errexit=1; set +e ;;
	esac
	(
		[ "$errexit" = 1 ] && set -e
		"$@"
	) </dev/null >"$out" 2>&1
	rc=$?
	[ "$errexit" = 1 ] && set -e
	ktap_diag <"$out"
	rm -f "$out"
	if [ "$rc" = 0 ] && [ -n "$mark" ] && ! dmesg_check "$mark"; then
		rc=dmesg
	fi
	case "$rc" in
	0) ktap_ok "$name" ;;
	"$KSFT_SKIP") ktap_skip "$name" ;;
	dmesg) ktap_fail "$name" "kernel log has warnings (above)" ;;
	*) ktap_fail "$name" "exit status $rc" ;;
	esac
	return 0
}

# --- kernel log ------------------------------------------------------------

# Lines that mean the kernel misbehaved. Case-sensitive on purpose: boot
# messages such as "report a bug" or "This is not a bug" must not match.
DMESG_BAD_RE=${DMESG_BAD_RE:-'WARNING:|BUG[: ]|Oops|refcount|[Ll]eak|KASAN|UBSAN|general protection fault|Call Trace:|cut here|soft lockup|blocked for more than'}

# dmesg_mark: write a unique line into the kernel log and print it, for
# dmesg_check MARK to look only past it (needs root; prints nothing
# without, and dmesg_check then reads the whole log).
dmesg_mark() {
	local m

	[ -w /dev/kmsg ] || return 0
	m="ikev2-selftest-mark $$-$(date +%s%N 2>/dev/null)-${_ktap_n}"
	if echo "$m" >/dev/kmsg 2>/dev/null; then
		echo "$m"
	fi
}

# dmesg_check [MARK]: fail (status 1), printing the log as diagnostics, if
# the kernel logged a warning, BUG, oops, refcount or leak report, KASAN or
# UBSAN splat since MARK (default: since the script started, that is its
# first ktap_header, ns_create or cleanup_push). Lines matching
# DMESG_IGNORE_RE (extended regex) are ignored.
dmesg_check() {
	local log bad mark="${1:-$_dmesg_mark}"

	command -v dmesg >/dev/null 2>&1 || {
		ktap_print "dmesg_check: no dmesg"
		return 1
	}
	log=$(dmesg 2>/dev/null) || {
		ktap_print "dmesg_check: cannot read the kernel log"
		return 1
	}
	if [ -n "$mark" ]; then
		# After the mark's last occurrence; all of it if the mark has
		# already left the ring buffer.
		log=$(printf '%s\n' "$log" |
		      awk -v m="$mark" 'index($0, m) { buf = ""; next }
			{ buf = buf $0 "\n" } END { printf "%s", buf }')
	fi
	bad=$(printf '%s\n' "$log" | grep -E -e "$DMESG_BAD_RE" |
	      grep -v -E -e "${DMESG_IGNORE_RE:-^\$^}" || true)
	[ -z "$bad" ] && return 0
	ktap_print "kernel log since the test started:"
	printf '%s\n' "$log" | grep -v -F 'ikev2-selftest-mark ' |
		tail -n 60 | ktap_diag
	return 1
}

# --- network namespaces ------------------------------------------------------

# ns_create NAME...: new namespaces with loopback up, deleted at exit.
ns_create() {
	local ns

	_lib_init
	for ns in "$@"; do
		ip netns add "$ns" || return 1
		_lib_netns="$_lib_netns $ns"
		ip -n "$ns" link set lo up || return 1
	done
}

# ns_destroy NAME...: kill what runs in them, then delete them.
ns_destroy() {
	local ns pids rest p

	for ns in "$@"; do
		pids=$(ip netns pids "$ns" 2>/dev/null | grep -v -x -e "$$" ||
		       true)
		# shellcheck disable=SC2086
		[ -n "$pids" ] && { kill $pids 2>/dev/null || true; }
		for p in $pids; do
			# up to 2 s for each to go before SIGKILL
			for _ in 1 2 3 4 5 6 7 8 9 10; do
				kill -0 "$p" 2>/dev/null || break
				sleep 0.2
			done
			kill -9 "$p" 2>/dev/null || true
		done
		ip netns del "$ns" 2>/dev/null || true
		rest=
		for p in $_lib_netns; do
			[ "$p" = "$ns" ] || rest="$rest $p"
		done
		_lib_netns=$rest
	done
}

# ns_veth A B [ADDR_A [ADDR_B]]: a veth pair between namespaces A and B, up,
# named "ve-B" in A and "ve-A" in B (cut to 15 characters). Addresses are
# CIDRs, several separated by commas (IPv4 and IPv6 alike; IPv6 ones skip
# duplicate address detection so they are usable at once).
ns_veth() {
	local a="$1" b="$2" ia ib

	ia=$(printf 've-%s' "$b" | cut -c1-15)
	ib=$(printf 've-%s' "$a" | cut -c1-15)
	# Made directly inside the two namespaces: nothing appears, even
	# briefly, in the caller's.
	ip -n "$a" link add "$ia" type veth peer name "$ib" netns "$b" ||
		return 1
	_ns_addrs "$a" "$ia" "${3:-}" && _ns_addrs "$b" "$ib" "${4:-}" &&
		ip -n "$a" link set "$ia" up && ip -n "$b" link set "$ib" up
}

_ns_addrs() {
	local ns="$1" dev="$2" list="$3" addr old_ifs

	old_ifs=$IFS
	IFS=,
	for addr in $list; do
		IFS=$old_ifs
		case "$addr" in
		*:*) ip -n "$ns" addr add "$addr" dev "$dev" nodad || return 1 ;;
		?*) ip -n "$ns" addr add "$addr" dev "$dev" || return 1 ;;
		esac
	done
	IFS=$old_ifs
}

# ns_exec NS CMD...: shorthand for ip netns exec.
ns_exec() {
	local ns="$1"
	shift
	ip netns exec "$ns" "$@"
}

# --- cleanup, temporary files, requirements -----------------------------------

# cleanup_push CMD: run the shell command CMD (one line) at exit, before the
# namespaces go (last pushed runs first).
cleanup_push() {
	_lib_init
	_lib_cleanups="$1
$_lib_cleanups"
}

_lib_tmpfile() {
	[ -n "$_lib_tmp" ] || return 1
	mktemp "$_lib_tmp/t.XXXXXX"
}

_lib_exit() {
	local rc=$? c

	trap - EXIT
	while [ -n "$_lib_cleanups" ]; do
		c=${_lib_cleanups%%
*}
		_lib_cleanups=${_lib_cleanups#*
}
		[ -n "$c" ] && { eval "$c" || ktap_print "cleanup failed: $c"; }
	done
	# shellcheck disable=SC2086
	[ -n "$_lib_netns" ] && ns_destroy $_lib_netns
	[ -n "$_lib_tmp" ] && rm -rf "$_lib_tmp"
	exit $rc
}

_lib_signal() {
	ktap_print "interrupted"
	exit 130
}

# require_cmd CMD...: skip the whole script if a tool is missing.
require_cmd() {
	local c

	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || ktap_skip_all "$c not installed"
	done
}

require_root() {
	[ "$(id -u)" = 0 ] || ktap_skip_all "must run as root"
}

# vm_reexec [ARG...]: outside the test VM, run this script in it instead
# (selftests/vm/run, options from IKEV2_VM_RUN_OPTS, e.g. "--kernel KVER")
# and exit with its status; inside it, do nothing. Call it first.
vm_reexec() {
	[ "${IKEV2_VM:-}" = 1 ] && return 0
	# shellcheck disable=SC2086
	exec "$SELFTESTS_DIR/vm/run" ${IKEV2_VM_RUN_OPTS:-} -- "$0" "$@"
}
