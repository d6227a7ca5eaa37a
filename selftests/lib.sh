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
# Where a script's time goes (bash): since sourcing, and inside run_test.
_lib_t0=${EPOCHREALTIME:-}
_lib_test_ms=0
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
# test name to one plain line. Sets _ktap_s; no process for a plain name
# (every process costs a tenth of a second or more in the TCG guest).
_ktap_name() {
	_ktap_s=$*
	case $_ktap_s in
	*'#'*|*'
'*)	_ktap_s=$(printf '%s' "$_ktap_s" | tr '\n#' ' _') ;;
	esac
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
	_dmesg_mark_write; _dmesg_mark=$_dmesg_last_mark
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
	_ktap_name "$1"
	echo "ok $_ktap_n $_ktap_s"
}

# ktap_fail NAME [REASON]: the reason goes on its own diagnostic line, as a
# free-form reason after "#" could read as a SKIP directive.
ktap_fail() {
	_ktap_n=$((_ktap_n + 1))
	_ktap_fail=$((_ktap_fail + 1))
	_ktap_name "$1"
	[ $# -gt 1 ] && ktap_print "$_ktap_s: $2"
	echo "not ok $_ktap_n $_ktap_s"
}

ktap_skip() {
	_ktap_n=$((_ktap_n + 1))
	_ktap_skip=$((_ktap_skip + 1))
	_ktap_name "$1"
	echo "ok $_ktap_n $_ktap_s # SKIP${2:+ $2}"
}

# Print the totals and exit: 1 if a test failed or the plan was not met,
# 4 if every test was skipped, else 0.
ktap_finish() {
	local rc=$KSFT_PASS

	[ -n "$_ktap_plan" ] || echo "1..$_ktap_n"
	echo "# Totals: pass:$_ktap_pass fail:$_ktap_fail xfail:0 xpass:0 skip:$_ktap_skip error:0"
	[ -n "$_lib_t0" ] &&
		ktap_print "time: script $(_lib_ms_since "$_lib_t0") ms, of which in tests $_lib_test_ms ms"
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
# Under TCG every process started costs a tenth of a second or more: the
# bookkeeping here starts two (dmesg and awk, for the kernel log check)
# and nothing else.
run_test() {
	local name rc mark='' out errexit=0 t0 line

	name=$1
	shift
	ktap_header
	# Seen by scripts/check.sh when the VM is killed on a timeout: the
	# test that was running is the last one started without a result.
	_ktap_name "$name"
	ktap_print "run: $_ktap_s"
	if [ "${KTAP_DMESG_CHECK:-1}" = 1 ] && [ "${IKEV2_VM:-}" = 1 ] &&
	   [ -w /dev/kmsg ]; then
		_dmesg_mark_write && mark=$_dmesg_last_mark
		# The follower skips what came before the test.
		[ -n "$mark" ] && _kmsg_ready && ! _kmsg_scan "$mark" &&
			_kmsg_stop
	fi
	if [ -z "$_lib_tmp" ]; then
		ktap_fail "$name" "no temporary directory"
		return 0
	fi
	out=$_lib_tmp/run.$_ktap_n
	# A failing CMD must not end a "set -e" script, yet CMD itself keeps
	# "set -e" if the script has it.
	case $- in
	*e*) errexit=1; set +e ;;
	esac
	t0=${EPOCHREALTIME:-}
	(
		[ "$errexit" = 1 ] && set -e
		"$@"
	) </dev/null >"$out" 2>&1
	rc=$?
	[ "$errexit" = 1 ] && set -e
	while IFS= read -r line || [ -n "$line" ]; do
		printf '# %s\n' "$line"
	done <"$out"
	# Where the time goes: scripts/check.sh lists the slowest tests.
	if [ -n "$t0" ]; then
		t0=$(_lib_ms_since "$t0")
		_lib_test_ms=$((_lib_test_ms + t0))
		ktap_print "time: $t0 ms"
	fi
	if [ "$rc" = 0 ] && [ -n "$mark" ] && ! _kmsg_check "$mark"; then
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

# _lib_ms_since T0: milliseconds since T0, an EPOCHREALTIME reading (bash).
_lib_ms_since() {
	local now=$EPOCHREALTIME
	# "1" before the fraction keeps its leading zeros from reading octal
	echo $(( ((${now%.*} - ${1%.*}) * 1000000 + 1${now#*.} - 1${1#*.}) / 1000 ))
}

# --- kernel log ------------------------------------------------------------

# Lines that mean the kernel misbehaved. Case-sensitive on purpose: boot
# messages such as "report a bug" or "This is not a bug" must not match.
DMESG_BAD_RE=${DMESG_BAD_RE:-'WARNING:|BUG[: ]|Oops|refcount|[Ll]eak|KASAN|UBSAN|general protection fault|Call Trace:|cut here|soft lockup|blocked for more than'}

# dmesg_mark: write a unique line into the kernel log and print it, for
# dmesg_check MARK to look only past it (needs root; prints nothing
# without, and dmesg_check then reads the whole log).
dmesg_mark() {
	_dmesg_mark_write && echo "$_dmesg_last_mark"
}

# _dmesg_mark_write: the same, into _dmesg_last_mark, with no process: the
# script's PID and a count make it unique in this boot's log.
_dmesg_seq=0
_dmesg_mark_write() {
	_dmesg_last_mark=
	[ -w /dev/kmsg ] || return 1
	_dmesg_seq=$((_dmesg_seq + 1))
	_dmesg_last_mark="ikev2-selftest-mark $$-$_dmesg_seq-${_ktap_n}"
	echo "$_dmesg_last_mark" 2>/dev/null >/dev/kmsg || {
		_dmesg_last_mark=
		return 1
	}
}

# The kernel log check of run_test, through a follower of /dev/kmsg where
# bash runs (kmsg.bash: bash syntax, so kept out of this POSIX file); plain
# dmesg_check elsewhere.
if [ -n "${BASH_VERSION:-}" ] && [ -f "$SELFTESTS_DIR/kmsg.bash" ]; then
	# shellcheck source=kmsg.bash
	. "$SELFTESTS_DIR/kmsg.bash"
else
	_kmsg_ready() { return 1; }
	_kmsg_scan() { return 1; }
	_kmsg_stop() { return 0; }
	_kmsg_check() { dmesg_check "$1"; }
fi

# dmesg_check [MARK]: fail (status 1), printing the log as diagnostics, if
# the kernel logged a warning, BUG, oops, refcount or leak report, KASAN or
# UBSAN splat since MARK (default: since the script started, that is its
# first ktap_header, ns_create or cleanup_push). Lines matching
# DMESG_IGNORE_RE (extended regex) are ignored. One dmesg and one awk.
dmesg_check() {
	local mark="${1:-$_dmesg_mark}" out rc

	command -v dmesg >/dev/null 2>&1 || {
		ktap_print "dmesg_check: no dmesg"
		return 1
	}
	# After the mark's last occurrence; all of it if the mark has
	# already left the ring buffer. Regexes go through the environment:
	# awk -v would take their backslashes for escapes.
	out=$(dmesg 2>&1 | DMESG_M="$mark" DMESG_BAD="$DMESG_BAD_RE" \
		DMESG_IGN="${DMESG_IGNORE_RE:-}" awk '
		BEGIN { m = ENVIRON["DMESG_M"]; bad = ENVIRON["DMESG_BAD"]
			ign = ENVIRON["DMESG_IGN"] }
		m != "" && index($0, m) { n = 0; nb = 0; next }
		{ l[++n] = $0 }
		$0 ~ bad && !(ign != "" && $0 ~ ign) { nb++ }
		END {
			if (!nb) exit 0
			print "# kernel log since the test started:"
			for (i = n > 60 ? n - 59 : 1; i <= n; i++)
				if (!index(l[i], "ikev2-selftest-mark "))
					print "# " l[i]
			exit 1
		}')
	rc=$?
	[ -n "$out" ] && printf '%s\n' "$out"
	return $rc
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

# daemon_stop PIDFILE: stop the daemon whose PID PIDFILE holds (SIGTERM,
# SIGKILL after 3 s), reap it and remove PIDFILE; the peers' *_stop
# helpers. Safe twice, and without the file.
daemon_stop() {
	local pid

	pid=$(cat "$1" 2>/dev/null)
	[ -n "$pid" ] || return 0
	if kill "$pid" 2>/dev/null; then
		for _ in $(seq 15); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		kill -9 "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	rm -f "$1"
	return 0
}

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
	local rc=$? c t0

	trap - EXIT
	_kmsg_stop
	t0=${EPOCHREALTIME:-}
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
	[ -n "$t0" ] && ktap_print "time: cleanup at exit $(_lib_ms_since "$t0") ms"
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
