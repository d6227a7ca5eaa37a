#!/bin/sh
# Count the top-level TAP/KTAP results read on stdin (or in the files given)
# and print the closing line every test command of ours ends with:
#   N passed, N failed, N skipped
# Exit status: 1 if anything failed or nothing ran at all, else 0.
# Only unindented "ok"/"not ok" lines count: nested KTAP subtests are
# already summarised by their parent's line.
awk '
/^ok [0-9]+/ {
	if ($0 ~ /# *[Ss][Kk][Ii][Pp]/) skipped++; else passed++
	next
}
/^not ok [0-9]+/ {
	if ($0 ~ /# *[Ss][Kk][Ii][Pp]/) skipped++; else failed++
	next
}
END {
	printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
	exit (failed > 0 || passed + failed + skipped == 0) ? 1 : 0
}' "$@"
