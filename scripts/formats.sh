#!/usr/bin/env bash
# The same N synthetic customers (default 100000) as CSV, XLSX, Parquet,
# JSON Lines, SQLite and a PostgreSQL table: doppel dedupe must give
# byte-identical crosswalks and golden records for all of them, and this
# prints each format's read throughput (doppel's read stage) next to the
# CSV one (scripts/bench.sh gives the plain encoding/csv floor).
#
# usage: scripts/formats.sh [N]
#
# Runs pipeline's TestFormatsSameCrosswalk at N customers; PostgreSQL needs
# Debian's postgresql package (the test starts a throw-away cluster; it is
# skipped with a message without one). Needs Go.
set -euo pipefail
n=${1:-100000}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
DOPPEL_FORMATS_N=$n go test ./pipeline -run '^TestFormatsSameCrosswalk$' -count=1 -v -timeout 30m >"$log" 2>&1 || { cat "$log"; exit 1; }
echo "| format | rows | doppel read (s) | rows/s | crosswalk and golden as the CSV run's |"
echo "| --- | ---: | ---: | ---: | --- |"
awk -v n="$n" '
	/read [0-9]+ rows in/ { for (i = 1; i <= NF; i++) if ($i == "in") secs = $(i+1); rate = $(NF-1); fmt = (seen++ == 0) ? "csv" : fmts[seen-1] }
	/read [0-9]+ rows in/ { row[fmt] = sprintf("| %s | %d | %s | %s |", fmt, n, secs, rate) ; order[++k] = fmt }
	/--- (PASS|FAIL|SKIP): TestFormatsSameCrosswalk\// { split($3, p, "/"); r = $2; sub(":", "", r); res[p[2]] = (r == "PASS") ? "identical" : r }
	BEGIN { split("xlsx parquet jsonl sqlite postgres", fmts, " ") }
	END {
		for (i = 1; i <= k; i++) { f = order[i]; r = (f == "csv") ? "(reference)" : res[f]; print row[f], r, "|" }
	}' "$log"
grep -E -- '--- SKIP|skipp' "$log" || true
