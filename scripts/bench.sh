#!/usr/bin/env bash
# Benchmark doppel on synthetic customer exports with known duplicates.
#
# usage: scripts/bench.sh [N]        (N records in total, default 100000)
#
# Environment: SEED (default 1), FILES (default 3), DUP (default 0.3),
# DOPPEL_ARGS (extra dedupe flags, e.g. "--spill-dir /data/tmp --memory-limit 6GiB"),
# KEEP=1 keeps the temp dir (inputs, outputs, logs) and prints its path;
# TIMER=builtin measures with csvfloor -exec even where /usr/bin/time exists.
#
# Steps: build cmd/doppel, cmd/doppel-synth and cmd/csvfloor into a temp dir;
# generate N records; time the plain encoding/csv read of them (the floor);
# run `doppel dedupe` under /usr/bin/time -v (or csvfloor -exec when that is
# missing) for wall time and peak RSS; score the crosswalk with `doppel eval`.
# Needs only Go and bash. Run from anywhere inside the repo.
set -euo pipefail

N=${1:-100000}
SEED=${SEED:-1}
FILES=${FILES:-3}
DUP=${DUP:-0.3}

case $N in
'' | *[!0-9]*) echo "bench.sh: N must be a positive integer, got '$N'" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
command -v go >/dev/null 2>&1 || { echo "bench.sh: 'go' not found in PATH" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/doppel-bench.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then
	trap 'echo "kept $tmp"' EXIT
else
	trap 'rm -rf "$tmp"' EXIT
fi
bin=$tmp/bin
mkdir -p "$bin"

# seconds (float) from a line ending in "h:mm:ss", "m:ss.ss" or plain seconds
to_seconds() { awk '{ n = split($NF, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.3f", s }'; }
# kv KEY < text: value of KEY=value on the last line that has it
kv() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" | tail -n 1; }

echo "building tools ..." >&2
go build -o "$bin/doppel-synth" ./cmd/doppel-synth
go build -o "$bin/csvfloor" ./cmd/csvfloor
have_doppel=0
if [[ -d cmd/doppel ]]; then
	go build -o "$bin/doppel" ./cmd/doppel
	have_doppel=1
fi

echo "generating $N records ..." >&2
"$bin/doppel-synth" -n "$N" -files "$FILES" -dup "$DUP" -seed "$SEED" \
	-out "$tmp/in" -truth "$tmp/truth.csv" >"$tmp/synth.log"
synth_secs=$(sed -n 's/^generated in \([0-9.]*\)s.*/\1/p' "$tmp/synth.log")
entities=$(sed -n 's/.* records, \([0-9]*\) entities.*/\1/p' "$tmp/synth.log")

echo "reading with encoding/csv (floor) ..." >&2
"$bin/csvfloor" "$tmp"/in/* >"$tmp/floor.log"
floor_secs=$(grep '^total ' "$tmp/floor.log" | kv seconds)
floor_rate=$(grep '^total ' "$tmp/floor.log" | kv rows_per_sec)

printf '\n== doppel bench: %d records in %d files (%s entities, dup %s, seed %s) ==\n' "$N" "$FILES" "$entities" "$DUP" "$SEED"
printf '%-16s %8.2f s  %12.0f records/s\n' "synth" "$synth_secs" "$(awk -v n="$N" -v s="$synth_secs" 'BEGIN { print (s > 0 ? n / s : 0) }')"
printf '%-16s %8.3f s  %12.0f records/s\n' "csv floor" "$floor_secs" "$floor_rate"

if [[ $have_doppel == 0 ]]; then
	echo "doppel: ./cmd/doppel does not exist yet; skipped dedupe and eval"
	exit 0
fi

echo "running doppel dedupe ..." >&2
if [[ ${TIMER:-} != builtin && -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then
	timer=(/usr/bin/time -v -o "$tmp/time.log")
else
	if [[ ${TIMER:-} != builtin ]]; then
		echo "note: GNU /usr/bin/time (with -v) not found; measuring with csvfloor -exec instead" >&2
	fi
	timer=("$bin/csvfloor" -exec -o "$tmp/time.log" --)
fi
status=0
# shellcheck disable=SC2086 # DOPPEL_ARGS is a list of flags
"${timer[@]}" "$bin/doppel" dedupe --quiet ${DOPPEL_ARGS:-} --out "$tmp/out" "$tmp"/in/* >"$tmp/dedupe.log" 2>&1 || status=$?
if [[ $status != 0 ]]; then
	echo "doppel dedupe failed (exit $status); last lines of its output:" >&2
	tail -n 20 "$tmp/dedupe.log" >&2
	exit 1
fi
wall=$(grep 'Elapsed (wall clock)' "$tmp/time.log" | to_seconds)
rss_kib=$(sed -n 's/.*Maximum resident set size (kbytes): *\([0-9]*\).*/\1/p' "$tmp/time.log")
awk -v n="$N" -v w="$wall" -v r="$rss_kib" -v f="$floor_secs" 'BEGIN {
	printf "%-16s %8.2f s  %12.0f records/s  peak RSS %.1f MiB  %.1fx the csv floor\n",
		"doppel dedupe", w, (w > 0 ? n / w : 0), r / 1024, (f > 0 ? w / f : 0)
}'

status=0
"$bin/doppel" eval --truth "$tmp/truth.csv" "$tmp/out/crosswalk.csv" >"$tmp/eval.log" 2>&1 || status=$?
if [[ $status != 0 ]]; then
	echo "doppel eval failed (exit $status):" >&2
	cat "$tmp/eval.log" >&2
	exit 1
fi
pair_f1=$(awk '$1 == "pair" { print $4 }' "$tmp/eval.log" | tail -n 1)
b3_f1=$(awk '$1 == "B-cubed" { print $4 }' "$tmp/eval.log" | tail -n 1)
printf '%-16s %s\n' "pair F1" "${pair_f1:-?}" "B-cubed F1" "${b3_f1:-?}"
# Stage wall times (seconds) from summary.json's timings_ms.
stages=$(sed -n '/"timings_ms"/,/}/p' "$tmp/out/summary.json" |
	sed -n 's/^ *"\([a-z._]*\)": \([0-9.]*\),\{0,1\}$/\1 \2/p' |
	awk '{ printf "%s%s %.1f", (n++ ? ", " : ""), $1, $2 / 1000 }')
printf '%-16s %s\n' "stages (s)" "$stages"
echo
sed 's/^/  /' "$tmp/eval.log"
