#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Module life cycle: load, the generic netlink family and link kind appear,
# unload removes them, repeated load/unload stays clean.
. "$(dirname "$0")/common.sh"

ktap_header
ktap_plan 10

mod_unload
run_test "insmod ikev2.ko (runs the crypto known-answer self-test)" insmod "$IKEV2_KO"
run_test "crypto self-test passed" sh -c "dmesg | grep -q \"crypto self-test passed\""
run_test "generic netlink family ikev2 registered" \
	sh -c 'genl ctrl get name ikev2 | grep -q "Name: ikev2"'
run_test "ike conn show works on an empty namespace" \
	sh -c "[ \"\$($IKE -j conn show | jq length)\" = 0 ]"
run_test "rmmod ikev2" rmmod ikev2
run_test "family gone after rmmod" \
	sh -c '! genl ctrl get name ikev2 >/dev/null 2>&1'
run_test "load/unload 5 times" sh -c "
	for i in 1 2 3 4 5; do insmod '$IKEV2_KO' && rmmod ikev2 || exit 1; done
	exit 0"
# The kernel log check every test relies on: a warning logged during a
# test fails it, through the /dev/kmsg follower and through the dmesg
# fallback. The fake warnings are ignored by this script's own checks.
FAKE=ikev2-selftest-fake-warning
DMESG_IGNORE_RE=$FAKE
log_check_fails() {
	local out

	out=$(DMESG_IGNORE_RE= run_test "inner" sh -c \
		"echo 'WARNING: CPU: 0 PID: 1 at $FAKE ($1)' >/dev/kmsg")
	printf '%s\n' "$out"
	printf '%s\n' "$out" | grep -q '^not ok .* inner' &&
		printf '%s\n' "$out" | grep -q "$FAKE ($1)"
}
run_test "a warning during a test fails it (kmsg follower)" \
	log_check_fails follower
fallback() {
	_kmsg_pid= _kmsg_failed=1 log_check_fails fallback
}
run_test "a warning during a test fails it (dmesg fallback)" fallback
run_test "kernel log clean" dmesg_check
ktap_finish
