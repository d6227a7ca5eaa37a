#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The ike-helper upcall: DH requests from the module to the namespace's
# helper and back, proven end to end with the dh-test diagnostic operation
# (keygen, keygen-shared and shared through the helper; the module compares
# both sides' secrets). Registration is one per namespace, helper death
# fails requests cleanly, and namespaces are independent. The helpers under
# test are the release build; dh-test is asked for with the debug build
# (the only one with --dh-test), as a client.
. "$(dirname "$0")/common.sh"

HELPER=${HELPER:-$TOP/userspace/helper/ike-helper}
HELPER_DEBUG=${HELPER_DEBUG:-$TOP/build/helper/ike-helper-debug}
GROUPS_OK="14 15 19 20 21 31"

ktap_header
ktap_plan 18
mod_load
ns_create nsh1 nsh2
tmp=$(mktemp -d)

# helper_start NS: ike-helper -f in NS, its PID in $tmp/NS.pid once it has
# registered (its log says so).
helper_start() {
	local i

	: >"$tmp/$1.log"
	ip netns exec "$1" "$HELPER" -f >"$tmp/$1.log" 2>&1 </dev/null &
	echo $! >"$tmp/$1.pid"
	for i in $(seq 50); do
		grep -q registered "$tmp/$1.log" && return 0
		kill -0 "$(cat "$tmp/$1.pid")" 2>/dev/null || break
		sleep 0.1
	done
	cat "$tmp/$1.log"
	return 1
}

helper_stop() {
	local pid

	pid=$(cat "$tmp/$1.pid" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rm -f "$tmp/$1.pid"
	return 0
}

dh_test() {
	ip netns exec "$1" "$HELPER_DEBUG" --dh-test "$2"
}

all_groups() {
	local g

	for g in $GROUPS_OK; do
		dh_test "$1" "$g" || return 1
	done
}

run_test "no helper: dh-test fails with a clear error" \
	expect_fail 'no ike-helper registered' dh_test nsh1 19
# Started outside run_test: the helper must outlive the test's subshell.
helper_start nsh1 >"$tmp/start1" 2>&1; st1=$?
run_test "ike-helper -f registers" sh -c "cat $tmp/start1; exit $st1"
run_test "dh-test groups $GROUPS_OK through the helper" all_groups nsh1
# Several requesters at once: requests from all of them are in flight
# together and each gets its own answer.
concurrent() {
	local pids='' p rc=0 g

	for g in 14 19 20 21 31 14 19 31; do
		dh_test nsh1 "$g" &
		pids="$pids $!"
	done
	for p in $pids; do
		wait "$p" || rc=1
	done
	return $rc
}
run_test "eight concurrent dh-tests" concurrent
run_test "unknown group fails cleanly" \
	expect_fail 'keygen' dh_test nsh1 2
run_test "second helper in the namespace gets EBUSY" \
	expect_fail 'busy.*already registered' \
	timeout 5 ip netns exec nsh1 "$HELPER" -f
run_test "dh-test in a namespace without a helper still fails" \
	expect_fail 'no ike-helper registered' dh_test nsh2 19
helper_start nsh2 >"$tmp/start2" 2>&1; st2=$?
run_test "helpers in two namespaces serve independently" \
	sh -c "cat $tmp/start2; [ $st2 = 0 ] && $(declare -f dh_test); \
	       HELPER_DEBUG=$HELPER_DEBUG; dh_test nsh1 31 && dh_test nsh2 31"
helper_stop nsh1
run_test "helper killed: dh-test fails cleanly" \
	expect_fail 'no ike-helper registered' dh_test nsh1 19
run_test "other namespace's helper survives" dh_test nsh2 19
helper_start nsh1 >"$tmp/start1" 2>&1; st1=$?
run_test "helper restart serves again" \
	sh -c "cat $tmp/start1; [ $st1 = 0 ] && $(declare -f dh_test); \
	       HELPER_DEBUG=$HELPER_DEBUG; dh_test nsh1 14 && dh_test nsh1 20"

# A stopped helper: the request times out (5 s) and the late answer is
# refused; the helper logs that and keeps serving.
stalled() {
	local pid rc=0

	pid=$(cat "$tmp/nsh2.pid")
	kill -STOP "$pid"
	expect_fail 'did not answer in time' dh_test nsh2 19 || rc=1
	kill -CONT "$pid"
	sleep 0.5
	cat "$tmp/nsh2.log"
	grep -q 'module refused a result' "$tmp/nsh2.log" || rc=1
	dh_test nsh2 19 || rc=1
	return $rc
}
run_test "stalled helper: request times out, late answer refused" stalled

# Death with a request in flight fails it with ESRCH at once.
died() {
	local pid

	pid=$(cat "$tmp/nsh2.pid")
	kill -STOP "$pid"
	dh_test nsh2 21 >"$tmp/inflight" 2>&1 &
	sleep 1
	kill -KILL "$pid"
	wait $!
	cat "$tmp/inflight"
	grep -q 'went away' "$tmp/inflight"
}
run_test "helper killed with a request in flight: fails with ESRCH" died
run_test "namespace without its helper again refuses" \
	expect_fail 'no ike-helper registered' dh_test nsh2 19

# Timings for the report: one round trip = keygen + keygen-shared + shared.
timings() {
	local g

	for g in $GROUPS_OK; do
		dh_test nsh1 "$g" >"$tmp/t" || return 1
		sed 's/^/timing: /' "$tmp/t"
	done
}
run_test "round-trip timings" timings
run_test "helper log has no refused results" \
	sh -c "cat $tmp/nsh1.log; grep -q registered $tmp/nsh1.log &&
	       ! grep -q refused $tmp/nsh1.log"
run_test "rmmod with helpers registered" rmmod ikev2
helper_stop nsh1
helper_stop nsh2
ns_destroy nsh1 nsh2
sleep 1
run_test "kernel log clean" dmesg_check
rm -rf "$tmp"
ktap_finish
