#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM: the selftest scripts given as arguments (default:
# every TEST_PROGS script) in order, their TAP on stdout, each followed by
# the time it took. Exits non-zero if any script failed.
#
# scripts/check.sh boots one VM per script, so that one slow or hung file
# fails alone; several scripts in one VM are for running by hand.
cd "$(dirname "$0")" || exit 1
rc=0
tests=$*
[ -n "$tests" ] || tests=$(make -s print-tests)
echo "# kernel $(uname -r)"

# Under TCG a vCPU now and then keeps running a stale translation of code
# the kernel live-patched (text_poke_bp: see tcg_int3_race in
# scripts/check.sh). The one key the tests flip again and again is
# netstamp_needed_key: on at every ping's SO_TIMESTAMP, off at its exit.
# One such socket held for the VM's life keeps it on, and the text still.
ping -q -i 86400 127.0.0.1 >/dev/null 2>&1 &
netstamp_pin=$!
trap 'kill $netstamp_pin 2>/dev/null' EXIT
for t in $tests; do
	t=${t##*/}
	echo "# selftest: $t"
	start=$(date +%s.%N)
	./"$t" || rc=1
	echo "# selftest: $t took $(echo "$(date +%s.%N) - $start" | bc 2>/dev/null || echo '?') s"
done
exit $rc
