#!/usr/bin/env bash
# Byte-identity check for refactors: run one doppel binary on the fixed cases
# and keep the outputs, so two binaries (before and after a change) can be
# compared file by file with everything but the timings.
#
# usage: scripts/identity.sh run BIN OUTROOT [CASE...]
#        scripts/identity.sh diff OUTROOT_A OUTROOT_B
#
# Cases: sample febrl3 febrl4 historical syn100k syn1m (default: all but syn1m).
# The synthetic inputs are generated once into ${SYNTH_DIR:-/tmp/doppel-identity}.
# summary.json and report.html are compared with their timing fields removed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
data=../shared/data
synth=${SYNTH_DIR:-/tmp/doppel-identity}

gen() { # gen N
	local d=$synth/syn$1
	if [[ ! -f $d/truth.csv ]]; then
		mkdir -p "$d"
		go run ./cmd/doppel-synth -n "$1" -seed 1 -out "$d/in" -truth "$d/truth.csv" -q >/dev/null
	fi
}

case ${1:-} in
run)
	bin=$(realpath "$2"); out=$3; shift 3
	cases=("$@"); [[ ${#cases[@]} -gt 0 ]] || cases=(sample febrl3 febrl4 historical syn100k)
	mkdir -p "$out"
	for c in "${cases[@]}"; do
		o=$out/$c; rm -rf "$o"
		case $c in
		sample) "$bin" dedupe --quiet --rules testdata/exports/rules.conf --out "$o" testdata/exports/crm.csv testdata/exports/billing.csv testdata/exports/support.tsv testdata/exports/webshop.csv ;;
		febrl3) "$bin" dedupe --quiet --out "$o" $data/febrl3/records.csv ;;
		febrl4) "$bin" dedupe --quiet --link-only --out "$o" $data/febrl4/a.csv $data/febrl4/b.csv ;;
		historical) "$bin" dedupe --quiet --out "$o" $data/splink_historical_50k/records.csv ;;
		syn100k) gen 100000; "$bin" dedupe --quiet --out "$o" "$synth"/syn100000/in/* ;;
		syn1m) gen 1000000; "$bin" dedupe --quiet --out "$o" "$synth"/syn1000000/in/* ;;
		*) echo "identity.sh: unknown case $c" >&2; exit 2 ;;
		esac
		echo "ran $c" >&2
	done
	;;
diff)
	a=$2; b=$3; bad=0
	strip() { # drop timing fields that legitimately differ
		case $1 in
		*.json) sed -E '/"timings_ms"/,/}/d' "$1" ;;
		*.html) sed -E 's/"timings_ms":\{[^}]*\}//g' "$1" ;;
		*) cat "$1" ;;
		esac
	}
	for c in $(ls "$b"); do
		[[ -d $a/$c ]] || { echo "MISSING $c in $a"; bad=1; continue; }
		for f in $(cd "$a/$c" && ls); do
			if ! cmp -s <(strip "$a/$c/$f") <(strip "$b/$c/$f"); then
				echo "DIFF $c/$f"; bad=1
			fi
		done
		for f in $(cd "$b/$c" && ls); do [[ -e $a/$c/$f ]] || { echo "EXTRA $c/$f"; bad=1; }; done
	done
	[[ $bad == 0 ]] && echo "identical (timings aside): $(ls "$b" | tr '\n' ' ')"
	exit $bad
	;;
*) sed -n '2,12p' "$0"; exit 2 ;;
esac
