#!/usr/bin/env bash
# Side by side with the peers (issue 14): installs Splink (DuckDB), the
# Python Record Linkage Toolkit and dedupe, pinned, into a virtual
# environment; runs each and doppel on the same inputs; scores every
# crosswalk with `doppel eval`; prints one markdown table.
#
# usage: bench/peers/run.sh [CASE...]
#   CASE is a folder name in $DATA, hard100k (doppel-synth -q -n 100000
#   -files 4 -dup 0.3 -hard 0.2 -seed 1, the exports of scripts/hard-cases.sh
#   at 100k), synth1m (doppel-synth -n 1000000 -seed 1) or synth10m
#   (-n 10000000; both for doppel and Splink only, speed and memory).
#   Default: every data set in $DATA, smallest first, then hard100k, synth1m
#   and synth10m; dedupe runs last, after every other tool and case.
#
# Environment: DATA (default ../shared/data), VENV (default
# ${TMPDIR:-/tmp}/doppel-peers-venv, reused when its pins match), LIMIT
# (seconds per tool and case, default 1200), MEM_GIB (guard on the resident
# memory of each tool's processes, default 16 of the machine's 24: it is
# shared; see guard.sh), KEEP=1 keeps the work folder, TOOLS (default
# "splink recordlinkage dedupe"; doppel always runs, it is the yardstick)
# picks peers; TOOLS= (empty) runs doppel alone, to refresh its rows. Needs the network (PyPI) once; not part of go test or .ci/run.
# A tool that cannot run a case is a row that says why, never left out.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
data=${DATA:-../shared/data}
limit=${LIMIT:-1200}
mem_gib=${MEM_GIB:-16}
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
	# Smallest first, so that a run cut short has the small sets.
	while read -r _ n; do cases+=("$n"); done < <(
		for d in "$data"/*/; do
			d=${d%/}; n=${d##*/}
			[[ $n == _* || ! -f $d/truth.csv ]] && continue
			echo "$(cat "$d"/*.csv | wc -c) $n"
		done | sort -n)
	cases+=(hard100k synth1m synth10m)
fi
peers=${TOOLS-splink recordlinkage dedupe}
synthetic() { [[ $1 == hard100k || $1 == synth1m || $1 == synth10m ]]; }
later=()

to_seconds() { awk '{ n = split($NF, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.1f", s }'; }
cell() { sed 's/|/\\|/g' | tr '\n' ' ' | cut -c1-110; }
# stage LOG: where a peer that was stopped had got to (dedupe logs its stages)
stage() { local l; l=$(grep -E '^dedupe: [0-9.]+ s ' "$1" | tail -n 1 | awk '{ sub(/:$/, "", $4); print $4, "at", $2, "s" }' | cell); [[ -n $l ]] && echo " (last stage done: ${l% })"; }

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
	dedupe) cmd=("$py" "$here/dedupe_peer.py" "$dir" "$w/crosswalk.csv") ;;
	esac
	echo "$(date -u +%H:%M:%S) $name $tool ..." >&2
	local status=0
	/usr/bin/time -v -o "$w/time.log" "$here/guard.sh" $((mem_gib * 1024)) "$w/mem" timeout "$limit" "${cmd[@]}" >"$w/log" 2>&1 || status=$?
	local secs rss peak
	secs=$(grep 'Elapsed (wall clock)' "$w/time.log" | to_seconds)
	# Peak RSS: /usr/bin/time's (the largest single process), or the guard's
	# sum over the tool's processes when that is larger (dedupe's workers;
	# a process the guard killed).
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): *\([0-9]*\).*/\1/p' "$w/time.log")
	peak=$(cat "$w/mem.peak" 2>/dev/null || echo 0)
	rss=$(awk -v r="${rss:-0}" -v p="$peak" 'BEGIN { r = r / 1024; if (p > r) r = p; printf "%.0f MiB", r }')
	local note=""
	[[ $tool == dedupe ]] && note="trained on up to 200 true pairs (at most a fifth of them) and 200 non-pairs from the truth: an advantage"
	if [[ -f $w/mem ]]; then
		echo "| $name | $tool | | | | | $secs s | > $(cat "$w/mem") MiB | | stopped: its processes' resident memory passed the $mem_gib GiB guard after $secs s$(stage "$w/log") |"
		return
	fi
	if [[ $status == 124 ]]; then
		echo "| $name | $tool | | | | | > $limit s | $rss | | not run to the end: time limit of $limit s$(stage "$w/log") |"
		return
	fi
	if [[ $status != 0 ]]; then
		local why
		why=$(grep -E 'Error|error|Killed|MemoryError|^doppel:' "$w/log" | tail -n 1 | cell || true)
		if grep -q 'MemoryError\|Cannot allocate\|std::bad_alloc\|Out of Memory' "$w/log"; then why="out of memory: $why"; fi
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
	if synthetic "$n"; then
		dir=$tmp/$n
		case $n in
		hard100k)
			# The generator writes the four exports and truth.csv, cases.csv
			# and households.csv, which are not inputs.
			"$tmp/doppel-synth" -q -n 100000 -files 4 -dup 0.3 -hard 0.2 -seed 1 -out "$dir/gen" >"$tmp/synth.log" 2>&1
			mkdir -p "$dir/in"
			mv "$dir/gen/truth.csv" "$dir/"
			for f in "$dir"/gen/*; do
				case ${f##*/} in cases.csv | households.csv) ;; *) mv "$f" "$dir/in/" ;; esac
			done
			tools=(doppel $peers) ;;
		synth1m | synth10m)
			[[ $n == synth10m ]] && rm -rf "${tmp:?}/synth1m" "$tmp"/synth1m.doppel "$tmp"/synth1m.splink # room on the disk
			k=1000000; [[ $n == synth10m ]] && k=10000000
			"$tmp/doppel-synth" -n "$k" -seed 1 -out "$dir/in" -truth "$dir/truth.csv" >"$tmp/synth.log" 2>&1
			tools=(doppel)
			for t in $peers; do [[ $t == splink ]] && tools+=(splink); done ;;
		esac
	else
		dir=$data/$n
		tools=(doppel $peers)
	fi
	# dedupe takes minutes where the others take seconds: it runs after
	# every other tool has run every case, so that a run cut short still
	# has all the other rows.
	t=()
	for x in "${tools[@]}"; do
		if [[ $x == dedupe ]]; then later+=("$n $dir"); else t+=("$x"); fi
	done
	tools=("${t[@]}")
	if [[ ! -f $dir/truth.csv ]]; then
		echo "| $n | all | | | | | | | | no such case (no $dir/truth.csv) |"
		continue
	fi
	if ! synthetic "$n" && ! "$py" -c "import sys; sys.path.insert(0, '$here'); import cases; sys.exit(0 if '$n' in cases.ROLES else 1)"; then
		run doppel "$n" "$dir"
		for t in $peers; do
			echo "| $n | $t | | | | | | | | not run: no column of this set maps to a role the peer configuration compares |"
		done
		continue
	fi
	for t in "${tools[@]}"; do run "$t" "$n" "$dir"; done
	if [[ $n == synth1m || $n == synth10m ]]; then
		for t in $peers; do
			[[ $t == splink ]] && continue
			echo "| $n | $t | | | | | | | | not run: the $([[ $n == synth1m ]] && echo 1M || echo 10M) case is for doppel and Splink only (speed and memory) |"
		done
	fi
done
for x in "${later[@]}"; do run dedupe "${x%% *}" "${x#* }"; done
