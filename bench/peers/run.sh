#!/usr/bin/env bash
# Side by side with the peers (issue 14): installs Splink (DuckDB), the
# Python Record Linkage Toolkit and dedupe, pinned, into a virtual
# environment; runs each and doppel on the same inputs; scores every
# crosswalk with `doppel eval`; prints one markdown table.
#
# usage: bench/peers/run.sh [CASE...]
#   CASE is a folder name in $DATA or synth1m (doppel-synth -n 1000000
#   -seed 1, run for doppel and Splink only). Default: every data set in
#   $DATA, then synth1m.
#
# Environment: DATA (default ../shared/data), VENV (default
# ${TMPDIR:-/tmp}/doppel-peers-venv, reused when its pins match), LIMIT
# (seconds per tool and case, default 1200), DEDUPE_MEM_GIB (address-space
# cap for dedupe, default 12: it shares the machine), KEEP=1 keeps the work
# folder, TOOLS (default "splink recordlinkage dedupe"; doppel always runs,
# it is the yardstick) picks peers. Needs the network (PyPI) once; not part of go test or .ci/run.
# A tool that cannot run a case is a row that says why, never left out.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
data=${DATA:-../shared/data}
limit=${LIMIT:-1200}
venv=${VENV:-${TMPDIR:-/tmp}/doppel-peers-venv}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/doppel-peers.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then trap 'echo "kept $tmp" >&2' EXIT; else trap 'rm -rf "$tmp"' EXIT; fi

if ! cmp -s "$here/requirements.txt" "$venv/.pins" 2>/dev/null; then
	echo "installing peers into $venv ..." >&2
	rm -rf "$venv"
	python3 -m venv "$venv"
	"$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt" >&2
	cp "$here/requirements.txt" "$venv/.pins"
fi
py=$venv/bin/python
echo "building doppel ..." >&2
go build -o "$tmp/doppel" ./cmd/doppel
go build -o "$tmp/doppel-synth" ./cmd/doppel-synth

cases=("$@")
if [[ ${#cases[@]} -eq 0 ]]; then
	for d in "$data"/*/; do
		d=${d%/}; n=${d##*/}
		[[ $n == _* ]] && continue
		[[ -f $d/truth.csv ]] && cases+=("$n")
	done
	cases+=(synth1m)
fi

to_seconds() { awk '{ n = split($NF, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.1f", s }'; }
cell() { sed 's/|/\\|/g' | tr '\n' ' ' | cut -c1-110; }

# run TOOL CASE DIR: runs one tool under time and timeout, scores it, prints a row
run() {
	local tool=$1 name=$2 dir=$3 w=$tmp/$2.$1
	mkdir -p "$w"
	local cmd
	case $tool in
	doppel)
		if [[ -d $dir/in ]]; then cmd=("$tmp/doppel" dedupe --quiet --report never --out "$w/out" "$dir"/in/*)
		elif [[ -f $dir/records.csv ]]; then cmd=("$tmp/doppel" dedupe --quiet --report never --out "$w/out" "$dir/records.csv")
		else cmd=("$tmp/doppel" dedupe --quiet --report never --out "$w/out" --link-only "$dir/a.csv" "$dir/b.csv"); fi ;;
	splink) cmd=("$py" "$here/splink_peer.py" "$dir" "$w/crosswalk.csv") ;;
	recordlinkage) cmd=("$py" "$here/rl_peer.py" "$dir" "$w/crosswalk.csv") ;;
	dedupe) cmd=(bash -c 'ulimit -v $(( $1 * 1024 * 1024 )); shift; exec "$@"' _ "${DEDUPE_MEM_GIB:-12}" "$py" "$here/dedupe_peer.py" "$dir" "$w/crosswalk.csv") ;;
	esac
	local status=0
	/usr/bin/time -v -o "$w/time.log" timeout "$limit" "${cmd[@]}" >"$w/log" 2>&1 || status=$?
	local secs rss
	secs=$(grep 'Elapsed (wall clock)' "$w/time.log" | to_seconds)
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): *\([0-9]*\).*/\1/p' "$w/time.log")
	rss=$(awk -v r="${rss:-0}" 'BEGIN { printf "%.0f MiB", r / 1024 }')
	local note=""
	[[ $tool == dedupe ]] && note="trained on up to 200 true pairs (at most a fifth of them) and 200 non-pairs from the truth: an advantage"
	if [[ $status == 124 ]]; then
		echo "| $name | $tool | | | | | > $limit s | $rss | | not run to the end: time limit of $limit s |"
		return
	fi
	if [[ $status != 0 ]]; then
		local why
		why=$(grep -E 'Error|error|Killed|MemoryError|^doppel:' "$w/log" | tail -n 1 | cell || true)
		if grep -q 'MemoryError\|Cannot allocate\|std::bad_alloc\|Out of Memory' "$w/log" || [[ $status == 137 ]]; then why="out of memory (cap ${DEDUPE_MEM_GIB:-12} GiB for dedupe): $why"; fi
		echo "| $name | $tool | | | | | $secs s | $rss | | failed (exit $status): ${why:-see log} |"
		return
	fi
	local xw=$w/crosswalk.csv
	[[ $tool == doppel ]] && xw=$w/out/crosswalk.csv
	if ! "$tmp/doppel" eval --truth "$dir/truth.csv" "$xw" >"$w/eval" 2>&1; then
		echo "| $name | $tool | | | | | $secs s | $rss | | eval failed: $(tail -n 1 "$w/eval" | cell) |"
		return
	fi
	local p r f b ratio
	read -r p r f < <(awk '$1 == "pair" { print $2, $3, $4 }' "$w/eval")
	b=$(awk '$1 == "B-cubed" { print $4 }' "$w/eval")
	if [[ $tool == doppel ]]; then echo "$secs" >"$tmp/$name.doppel.secs"; fi
	ratio=$(awk -v s="$secs" -v d="$(cat "$tmp/$name.doppel.secs" 2>/dev/null || echo 0)" 'BEGIN { if (d > 0) printf "%.1fx", s / d; else print "(doppel < 0.1 s)" }')
	echo "| $name | $tool | $p | $r | $f | $b | $secs s | $rss | $ratio | $note |"
}

echo "| data set | tool | pair P | pair R | pair F1 | B-cubed F1 | wall | peak RSS | time / doppel's | note |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for n in "${cases[@]}"; do
	if [[ $n == synth1m ]]; then
		dir=$tmp/synth1m
		"$tmp/doppel-synth" -n 1000000 -seed 1 -out "$dir/in" -truth "$dir/truth.csv" >"$tmp/synth.log" 2>&1
		tools=(doppel)
		for t in ${TOOLS:-splink}; do [[ $t == splink ]] && tools+=(splink); done
	else
		dir=$data/$n
		tools=(doppel ${TOOLS:-splink recordlinkage dedupe})
	fi
	if [[ ! -f $dir/truth.csv ]]; then
		echo "| $n | all | | | | | | | | no such case (no $dir/truth.csv) |"
		continue
	fi
	if [[ $n != synth1m ]] && ! "$py" -c "import sys; sys.path.insert(0, '$here'); import cases; sys.exit(0 if '$n' in cases.ROLES else 1)"; then
		run doppel "$n" "$dir"
		for t in splink recordlinkage dedupe; do
			echo "| $n | $t | | | | | | | | not run: no column of this set maps to a role the peer configuration compares |"
		done
		continue
	fi
	for t in "${tools[@]}"; do run "$t" "$n" "$dir"; done
	if [[ $n == synth1m ]]; then
		for t in recordlinkage dedupe; do
			echo "| $n | $t | | | | | | | | not run: the 1M case is for doppel and Splink only (speed and memory) |"
		done
	fi
done
