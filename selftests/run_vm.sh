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
for t in $tests; do
	t=${t##*/}
	echo "# selftest: $t"
	start=$(date +%s.%N)
	./"$t" || rc=1
	echo "# selftest: $t took $(echo "$(date +%s.%N) - $start" | bc 2>/dev/null || echo '?') s"
done
exit $rc
