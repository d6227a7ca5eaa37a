#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: every test, each part's TAP renumbered into one stream (and
# build/check/results.tap):
#   1. host: build the tools, unit tests of the core (ASan+UBSan), tool
#      tests, a short run of every fuzz target;
#   2. per kernel in CHECK_KVERS (default: the newest installed 6.1 and 6.12
#      that have headers and an image): build ikev2.ko W=1 into
#      build/KVER/kmod (must be warning-free), then boot one VM per selftest
#      file, each with its own timeout: three times the file's measured run
#      time in selftests/vm-budget, plus the boot. A file that hangs or
#      crashes its VM fails alone, named with the test it was in; the other
#      files still run and report.
# Every result line names its kernel and file; each file's time is printed
# and collected in build/check/times.txt. Ends with
# "N passed, N failed, N skipped"; exits non-zero if anything failed or
# nothing ran.
#
# Knobs (environment, or make variables of the same meaning):
#   CHECK_TESTS="f1.sh f2.sh"  (make T=...) only these VM selftest files,
#                              and no host part
#   CHECK_KVERS="6.12 6.1.0-57-amd64"  (make KVERS=...) kernels, by release
#                              or by series (the newest installed one)
#   CHECK_SKIP_VM=1            the host part only
#   CHECK_JOBS=N               kernels whose VMs run at the same time
#                              (default 2: a VM's tests mostly keep one
#                              core busy, and each file must pass with
#                              another VM beside it anyway); 1 runs the
#                              kernels one after the other
#   CHECK_VM_CPUS=N            vCPUs per test VM (default 1). Under TCG
#                              two 2-vCPU VMs on this 2-core host burn
#                              twice the CPU for the same work (a vCPU
#                              spins on a lock its preempted sibling
#                              holds): ikev2_interop.sh took 95 s with 2
#                              vCPUs beside the other kernel's VM, 39 s
#                              with 1, and 45 s alone with 2
#   CHECK_TIMEOUT_SCALE=N      multiply every VM timeout (slow kernels)
#   CHECK_DEADLINE=SECS        the whole run's budget (default 4500, CI's
#                              90 minutes less installing and building):
#                              no VM file's timeout reaches past it, and a
#                              file not started by then is a failure that
#                              says so, never a silent omission
#   FUZZ_SECONDS               per fuzz target (default 5)
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
OUT=$TOP/build/check
mkdir -p "$OUT"
RESULTS=$OUT/results.tap
TIMES=$OUT/times.txt
TEST_TIMES=$OUT/test-times.txt
: >"$RESULTS"
: >"$TIMES"
: >"$TEST_TIMES"
n=0
check_start=$(date +%s)
deadline=$((check_start + ${CHECK_DEADLINE:-4500}))

# Seconds a VM takes from qemu's start to the command and from its exit to
# qemu's end, under load; added to every file's timeout.
VM_BOOT_ALLOWANCE=90
# No file gets less than this, however quick it was when measured.
VM_MIN_TIMEOUT=180

# emit ok|fail NAME [LOGFILE]: one TAP line of our own; on failure the log
# tail goes out as diagnostics.
emit() {
	n=$((n + 1))
	if [ "$1" = ok ]; then
		echo "ok $n $2" | tee -a "$RESULTS"
	else
		echo "not ok $n $2" | tee -a "$RESULTS"
		[ -n "${3:-}" ] && [ -f "$3" ] && tail -n 40 "$3" | sed 's/^/# /'
	fi
}

# step NAME LOG CMD...: run CMD, output to LOG, one TAP line for it.
step() {
	local name=$1 log=$2
	shift 2
	if "$@" >"$log" 2>&1; then
		emit ok "$name"
		return 0
	fi
	emit fail "$name" "$log"
	return 1
}

# The files `make regen` writes from the netlink spec, regenerated into a
# temporary tree and compared with the committed ones: a spec edit without
# its regen, or a hand edit of a generated file, fails here.
regen_diff() {
	local tmp rc=0 f
	tmp=$(mktemp -d)
	"$TOP/scripts/regen.sh" "$tmp" || { rm -rf "$tmp"; return 1; }
	for f in include/uapi/linux/ikev2.h kmod/netlink-gen.h \
		 kmod/netlink-gen.c userspace/lib/nl/nl-policy-gen.h \
		 userspace/lib/nl/nl-policy-gen.c; do
		diff -u "$TOP/$f" "$tmp/$f" || rc=1
	done
	rm -rf "$tmp"
	[ "$rc" = 0 ] || echo "generated files differ from the spec: make regen" >&2
	return "$rc"
}

# relay PREFIX LOG: LOG's top-level result lines renumbered into ours, each
# name prefixed with PREFIX; a failed test's own diagnostics (the lines
# between the result before it and it, at most 80) go out before it.
relay() {
	local prefix=$1 log=$2 res=$RESULTS.relay
	awk -v p="$prefix" -v start="$n" -v res="$res" '
		BEGIN { printf "" > res }
		/^(not )?ok [0-9]+/ {
			neg = ($1 == "not")
			sub(/^(not )?ok [0-9]+ ?/, "")
			if (neg)
				for (i = nd > 80 ? nd - 80 : 0; i < nd; i++)
					print diag[i + 1]
			nd = 0
			line = sprintf("%sok %d %s%s", neg ? "not " : "", ++start,
				       p, $0)
			print line
			print line >> res
			next
		}
		{ diag[++nd] = "# " $0 }' "$log"
	cat "$res" >>"$RESULTS"
	n=$((n + $(wc -l <"$res")))
}

# run_tap NAME LOG CMD...: CMD prints TAP itself: relay its results, and
# record a failure if it exits non-zero without a "not ok" to show for it.
run_tap() {
	local name=$1 log=$2 rc
	shift 2
	"$@" >"$log" 2>&1
	rc=$?
	relay "" "$log"
	if [ $rc -ne 0 ] && ! grep -q '^not ok' "$log"; then
		emit fail "$name exited $rc" "$log"
	fi
}

# pick_kver SERIES_OR_RELEASE: the release itself if installed, else the
# newest installed SERIES.* with headers and an image.
pick_kver() {
	local want=$1 k best=
	if [ -d "/lib/modules/$want/build" ] && [ -f "/boot/vmlinuz-$want" ]; then
		echo "$want"
		return 0
	fi
	for k in $(ls -1 /lib/modules 2>/dev/null | sort -V); do
		case $k in "$want".*) ;; *) continue ;; esac
		[ -d "/lib/modules/$k/build" ] && [ -f "/boot/vmlinuz-$k" ] &&
			best=$k
	done
	[ -n "$best" ] && echo "$best"
}

# budget FILE: the file's measured run time in seconds (selftests/vm-budget),
# or 300 for a file not measured yet.
budget() {
	local s
	s=$(awk -v f="$1" '$1 == f { print $2 }' "$TOP/selftests/vm-budget" \
		2>/dev/null)
	echo "${s:-300}"
}

# A guest kernel under TCG with several vCPUs now and then dies of an
# "Oops: int3" in whatever kernel function it was live-patching (a static
# key or DO_ONCE flipping: seen in sched_clock_cpu at boot and in
# inet_ehashfn mid-test): QEMU 7.2's TCG races the kernel's text_poke_bp.
# That is not our code; when the Oops is outside ikev2 the file runs once
# more, and the first log is kept beside the results.
#
# The same race has a second face: the vCPU keeps running its stale
# translation, the int3 handler finds the site patched and sends it back
# to retry, forever. The watchdog then reports a soft lockup whose RIP is
# a patched jump-label site (a 5-byte jmp or nop: "<e9", "<eb", "<0f 1f
# 44 00 00>") and whose registers do not change between two reports: no
# progress at all, which no loop of real code shows. Seen on 6.1 at
# net_timestamp_check() in netif_receive_skb_list_internal after a ping
# flipped netstamp_needed_key.
tcg_int3_race() {
	local log=$1 console
	console=$(sed -n 's/.*console log \(.*\); last lines:.*/\1/p' "$log" |
		tail -n 1)
	[ -n "$console" ] && [ -f "$console" ] || return 1
	tr -d '\r' <"$console" | grep -A4 -m1 'Oops: int3' | grep 'RIP:' |
		grep -qv '\[ikev2\]' && return 0
	tr -d '\r' <"$console" | tcg_stuck_lockup
}

# tcg_stuck_lockup <CONSOLE: the first two soft lockup reports show the
# same RIP outside ikev2 at a jump-label site, and the same registers.
tcg_stuck_lockup() {
	awk '
		/watchdog: BUG: soft lockup/ { n++; regs = 1; next }
		n < 1 || n > 2 || !regs { next }
		/Call Trace:/ { regs = 0; next }
		{ sub(/^\[ *[0-9.]+\] /, "") }
		/^RIP: / || /^Code: / || /^R[A-Z0-9]+: / { s[n] = s[n] $0 "\n" }
		/^RIP: / { rip[n] = $0 }
		/^Code: / { code[n] = $0 }
		END {
			if (n < 2 || s[1] != s[2] || rip[1] !~ /^RIP: 0010:/ ||
			    rip[1] ~ /\[ikev2\]/)
				exit 1
			if (code[1] !~ /<(e9|eb)> / && code[1] !~ /<0f> 1f 44 00 00 / &&
			    code[1] !~ /<0f 1f 44 00 00>/)
				exit 1
		}'
}

# vm_file KVER FILE: FILE in a VM of its own on KVER; its results relayed,
# its time recorded.
vm_file() {
	local kver=$1 file=$2 log=$OUT/$1/$2.log secs timeout rc start took \
		attempt running left
	secs=$(budget "$file")
	timeout=$(((3 * secs + VM_BOOT_ALLOWANCE) * ${CHECK_TIMEOUT_SCALE:-1}))
	[ $timeout -ge $VM_MIN_TIMEOUT ] || timeout=$VM_MIN_TIMEOUT
	left=$((deadline - $(date +%s)))
	if [ $left -lt 60 ]; then
		emit fail "$kver $file: not run, the run's time budget (CHECK_DEADLINE=${CHECK_DEADLINE:-4500} s) is spent"
		printf '%s %s %d %d %s\n' "$kver" "$file" 0 "$secs" "not-run" >>"$TIMES"
		return
	fi
	[ $timeout -le $left ] || timeout=$left
	mkdir -p "$OUT/$kver"
	rm -f "$log.int3-race"
	start=$(date +%s)
	for attempt in 1 2; do
		env IKEV2_KO="$TOP/build/$kver/kmod/ikev2.ko" \
			"$TOP/selftests/vm/run" --kernel "$kver" \
			--cpus "${CHECK_VM_CPUS:-1}" --timeout "$timeout" -- \
			"$TOP/selftests/run_vm.sh" "$file" >"$log" 2>&1
		rc=$?
		if [ $rc -ne 0 ] && [ $attempt -eq 1 ] && tcg_int3_race "$log"; then
			mv "$log" "$log.int3-race"
			echo "# $kver $file: the guest kernel hit the TCG int3 race (not in ikev2); running the file again, first log in $log.int3-race"
			continue
		fi
		break
	done
	took=$(($(date +%s) - start))
	relay "$kver $file: " "$log"
	case $rc in
	0) ;;
	124)
		# The test that was running: the last one started after the
		# last result.
		running=$(awk '/^(not )?ok [0-9]+/ { r = "" }
			/^# run: / { r = substr($0, 8) } END { print r }' "$log")
		emit fail "$kver $file: timed out after $timeout s${running:+ in \"$running\"}" "$log"
		;;
	*)
		grep -q '^not ok' "$log" ||
			emit fail "$kver $file: exited $rc" "$log"
		;;
	esac
	printf '%s %s %d %d %d\n' "$kver" "$file" "$took" "$secs" "$rc" >>"$TIMES"
	# Each test's time (run_test prints it just before the result).
	awk -v f="$kver $file:" '/^# time: [0-9]+ ms$/ { t = $3; next }
		/^(not )?ok [0-9]+/ { if (t != "") { sub(/^(not )?ok [0-9]+ /, "")
			printf "%8d %s %s\n", t, f, $0 }; t = "" }' "$log" \
		>>"$TEST_TIMES"
	echo "# time: $kver $file: $took s (measured budget $secs s, timeout $timeout s)"
	echo "# progress: $kver $file: $took s, exit $rc" >&3
}

# kernel_suite KVER: every selftest file on KVER, one VM each, into
# build/check/KVER/{suite.out,results.tap,times.txt,test-times.txt}.
kernel_suite() {
	local kver=$1 kstart t
	mkdir -p "$OUT/$kver"
	RESULTS=$OUT/$kver/results.tap
	TIMES=$OUT/$kver/times.txt
	TEST_TIMES=$OUT/$kver/test-times.txt
	: >"$RESULTS"; : >"$TIMES"; : >"$TEST_TIMES"
	n=0
	exec >"$OUT/$kver/suite.out" 2>&1
	echo "# kernel $kver"
	kstart=$(date +%s)
	for t in $tests; do
		vm_file "$kver" "${t##*/}"
	done
	echo "# time: kernel $kver: VM selftests took $(($(date +%s) - kstart)) s"
}

# merge_first: wait for the first kernel suite in "running", then put its
# output on ours with its results renumbered into ours.
merge_first() {
	local pid=${running[0]%%:*} kver=${running[0]#*:} res=$OUT/merge.tap
	wait "$pid"
	running=("${running[@]:1}")
	awk -v start="$n" -v res="$res" '
		BEGIN { printf "" > res }
		/^(not )?ok [0-9]+/ {
			neg = ($1 == "not")
			sub(/^(not )?ok [0-9]+ ?/, "")
			line = sprintf("%sok %d %s", neg ? "not " : "", ++start, $0)
			print line
			print line >> res
			next
		}
		{ print }' "$OUT/$kver/suite.out"
	cat "$res" >>"$RESULTS"
	n=$((n + $(wc -l <"$res")))
	cat "$OUT/$kver/times.txt" >>"$TIMES"
	cat "$OUT/$kver/test-times.txt" >>"$TEST_TIMES"
}

exec 3>&2
echo "TAP version 13"
tests=${CHECK_TESTS:-}
tests=${tests//,/ }

# 1. Host side (not when only some VM files were asked for).
if [ -z "$tests" ] || [ "${CHECK_HOST:-0}" = 1 ]; then
	host_start=$(date +%s)
	step "generated files match the spec" "$OUT/regen.log" regen_diff
	step "build: userspace tools" "$OUT/userspace.log" make -C "$TOP/userspace"
	step "build: unit tests" "$OUT/unit-build.log" make -C "$TOP/selftests/unit" all
	for t in "$TOP"/build/unit/test_*; do
		[ -x "$t" ] || continue
		echo "# unit: $(basename "$t")"
		run_tap "unit: $(basename "$t")" "$OUT/unit-$(basename "$t").log" \
			env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 "$t"
	done
	if [ -f "$TOP/selftests/tool/Makefile" ]; then
		echo "# tool tests"
		run_tap "tool tests" "$OUT/ike-tool.log" make -s -C "$TOP/selftests/tool" check
	fi
	echo "# fuzz smoke runs (${FUZZ_SECONDS:-5} s each)"
	run_tap "fuzz" "$OUT/fuzz.log" make -s -C "$TOP/selftests/fuzz" run \
		FUZZ_SECONDS="${FUZZ_SECONDS:-5}"
	echo "# time: host part: $(($(date +%s) - host_start)) s"
elif ! make -s -C "$TOP/userspace" >"$OUT/userspace.log" 2>&1; then
	emit fail "build: userspace tools" "$OUT/userspace.log"
fi

# 2. Per kernel: build, then each selftest file in a VM of its own.
if [ "${CHECK_SKIP_VM:-0}" != 1 ]; then
	kvers=
	want=${CHECK_KVERS:-6.1 6.12}
	for k in ${want//,/ }; do
		r=$(pick_kver "$k")
		if [ -z "$r" ]; then
			emit fail "kernel $k: no such kernel with headers and image installed"
			continue
		fi
		kvers="$kvers $r"
	done
	[ -n "$tests" ] || tests=$(make -s -C "$TOP/selftests" print-tests)
	for t in $tests; do
		t=${t##*/}
		if [ ! -x "$TOP/selftests/$t" ]; then
			emit fail "selftest $t: no such file"
			tests=${tests//$t/}
		fi
	done
	built=
	for kver in $kvers; do
		step "build: ikev2.ko W=1 warning-free for $kver" \
			"$OUT/build-$kver.log" "$TOP/scripts/build-module.sh" \
			"$kver" && built="$built $kver"
	done
	# Each kernel's files in order, in a subshell with its own results
	# and times (build/check/KVER/); CHECK_JOBS kernels at a time. The
	# results are merged in kernel order, renumbered, once a kernel is
	# done; "# progress:" lines on stderr say how it goes meanwhile.
	jobs_max=${CHECK_JOBS:-2}
	running=()
	for kver in $built; do
		kernel_suite "$kver" &
		running+=("$!:$kver")
		while [ ${#running[@]} -ge "$jobs_max" ]; do
			merge_first
		done
	done
	while [ ${#running[@]} -gt 0 ]; do
		merge_first
	done
	if [ -s "$TIMES" ]; then
		echo "# VM selftest times (s): kernel file took budget"
		awk '{ printf "#   %-24s %-22s %5d %5d%s\n", $1, $2, $3, $4,
			($3 > 2 * $4 + 30 ? "  (over twice its budget)" : "") }' \
			"$TIMES"
		echo "# slowest VM tests (ms), all in $TEST_TIMES:"
		sort -rn "$TEST_TIMES" | head -n 15 | sed 's/^/#   /'
	fi
fi

"$TOP/selftests/tap-summary.sh" "$RESULTS"
