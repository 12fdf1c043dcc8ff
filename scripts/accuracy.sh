#!/usr/bin/env bash
# Zero-config accuracy on every public data set in ../shared/data: runs
# `doppel dedupe` with no rules file and default settings (two-file sets with
# --link-only), scores the crosswalk with `doppel eval`, and prints one
# markdown table of pair precision, recall, F1 and B-cubed F1.
#
# usage: scripts/accuracy.sh [DATASET...]     (default: every folder)
#
# Environment: DATA (default ../shared/data), KEEP=1 keeps the outputs and
# prints where. A data set doppel refuses (exit code != 0) is a row with its
# error, never left out.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
data=${DATA:-../shared/data}
if [[ ! -d $data ]]; then
	echo "accuracy.sh: no data folder at $data (the public benchmark sets); nothing to measure" >&2
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/doppel-accuracy.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then trap 'echo "kept $tmp" >&2' EXIT; else trap 'rm -rf "$tmp"' EXIT; fi
go build -o "$tmp/doppel" ./cmd/doppel

sets=("$@")
if [[ ${#sets[@]} -eq 0 ]]; then
	for d in "$data"/*/; do
		d=${d%/}; n=${d##*/}
		[[ $n == _* ]] && continue
		[[ -f $d/truth.csv ]] && sets+=("$n")
	done
fi

echo "| data set | task | records | pair P | pair R | pair F1 | B-cubed F1 | time |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in "${sets[@]}"; do
	d=$data/$n
	out=$tmp/$n
	if [[ -f $d/records.csv ]]; then
		task=dedup; args=("$d/records.csv")
	else
		task=link; args=(--link-only "$d/a.csv" "$d/b.csv")
	fi
	start=$(date +%s.%N)
	if ! "$tmp/doppel" dedupe --quiet --report never --out "$out" "${args[@]}" >"$tmp/$n.log" 2>&1; then
		err=$(grep -m1 '^doppel:' "$tmp/$n.log" | sed 's/^doppel: //; s/|/\\|/g' | cut -c1-120)
		echo "| $n | $task | | | | | | error: ${err:-exit $?} |"
		continue
	fi
	secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f s", e - s }')
	"$tmp/doppel" eval --truth "$d/truth.csv" "$out/crosswalk.csv" >"$tmp/$n.eval"
	recs=$(awk '/^truth records/ { print $3 }' "$tmp/$n.eval")
	read -r p r f < <(awk '$1 == "pair" { print $2, $3, $4 }' "$tmp/$n.eval")
	b=$(awk '$1 == "B-cubed" { print $4 }' "$tmp/$n.eval")
	echo "| $n | $task | $recs | $p | $r | $f | $b | $secs |"
done
