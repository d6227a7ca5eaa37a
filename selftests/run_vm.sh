#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM: every TEST_PROGS script in order, their TAP on
# stdout. Exits non-zero if any script failed.
cd "$(dirname "$0")" || exit 1
rc=0
echo "# kernel $(uname -r)"
for t in $(make -s print-tests); do
	echo "# selftest: $t"
	start=$(date +%s.%N)
	./"$t" || rc=1
	echo "# selftest: $t took $(echo "$(date +%s.%N) - $start" | bc 2>/dev/null || echo '?') s"
done
exit $rc
