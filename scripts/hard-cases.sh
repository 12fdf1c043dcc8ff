#!/usr/bin/env bash
# Zero-config accuracy on synthetic exports full of hard cases: generates N
# records over four exports with doppel-synth -hard (households, junior and
# senior, twins, colleagues sharing a switchboard, movers, placeholder
# values, Chinese names in Han and pinyin, company customers), runs
# `doppel dedupe` on them with no rules file, and prints `doppel eval` with
# --cases (and --households when doppel groups households): overall pair
# and B-cubed figures, pair precision/recall/F1 within
# one export and across exports (and per pair of exports), and per hard-case
# kind the missed pairs and the wrongly merged pairs.
#
# usage: scripts/hard-cases.sh N
#
# Environment: HARD (share of new customers that start a hard case, default
# 0.2), DUP (duplicate share, default 0.3), SEED (default 1), FILES (default
# 4), KEEP=1 keeps the generated data and outputs and prints where.
set -euo pipefail
if [[ $# -ne 1 || ! $1 =~ ^[0-9]+$ ]]; then
	echo "usage: scripts/hard-cases.sh N   (N records)" >&2
	exit 1
fi
n=$1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/doppel-hard.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then trap 'echo "kept $tmp" >&2' EXIT; else trap 'rm -rf "$tmp"' EXIT; fi
go build -o "$tmp/doppel" ./cmd/doppel
go build -o "$tmp/doppel-synth" ./cmd/doppel-synth

data=$tmp/data
"$tmp/doppel-synth" -q -n "$n" -files "${FILES:-4}" -dup "${DUP:-0.3}" -hard "${HARD:-0.2}" -seed "${SEED:-1}" -out "$data"
inputs=()
for f in "$data"/*; do
	case ${f##*/} in truth.csv | cases.csv | households.csv) ;; *) inputs+=("$f") ;; esac
done

echo "# hard cases: $n records, ${FILES:-4} exports, dup ${DUP:-0.3}, hard ${HARD:-0.2}, seed ${SEED:-1}"
awk -F, 'NR > 1 { k[$3]++ } END { for (x in k) printf "%s=%d ", x, k[x]; print "" }' "$data/cases.csv" | tr ' ' '\n' | sort | tr '\n' ' '
echo
start=$(date +%s.%N)
"$tmp/doppel" dedupe --quiet --report never --out "$tmp/out" "${inputs[@]}"
awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "doppel dedupe: %.1f s\n\n", e - s }'
# Households: the truth has one household id per record (households.csv);
# doppel's are the household_id column of golden.csv, when it writes one.
if head -1 "$tmp/out/golden.csv" | tr ',' '\n' | grep -qx household_id; then
	"$tmp/doppel" eval --truth "$data/truth.csv" --cases "$data/cases.csv" --households "$data/households.csv" "$tmp/out/crosswalk.csv"
else
	"$tmp/doppel" eval --truth "$data/truth.csv" --cases "$data/cases.csv" "$tmp/out/crosswalk.csv"
	echo
	awk -F, 'FNR == 1 { next } NR == FNR { ent[$1 "," $2] = $3; next }
		{ if (!seen[$3 SUBSEP ent[$1 "," $2]]++) people[$3]++ }
		END { for (h in people) if (people[h] > 1) multi++
			printf "households of two or more people (truth): %d; found: none (golden.csv has no household_id column)\n", multi }' \
		"$data/truth.csv" "$data/households.csv"
fi
