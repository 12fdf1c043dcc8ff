#!/usr/bin/env bash
# Runs doppel-beam through a Beam job server on loopback, the way a Flink
# or Spark cluster is used (Beam's job API, the Go workers in LOOPBACK
# mode inside doppel-beam), on synthetic exports of N records, and
# compares every output with `doppel dedupe` on the same files.
#
# usage: beam/scripts/jobserver.sh [N...]          (default: 100000)
#
# The job server: JOB_SERVER=flink runs Flink's job server with its
# embedded local cluster (--flink-master=[local]): the jar named by
# FLINK_JOB_SERVER_JAR, or else org.apache.beam:beam-runners-flink-1.19-job-server
# at the SDK's version (v2.77.0; FLINK_JOB_SERVER sets another
# group:artifact:version), fetched from Maven Central with mvn (the script
# stops with Maven's error when it is not served). JOB_SERVER=prism (the
# default) runs Prism's, built from the Beam Go SDK; Prism keeps every
# PCollection in memory: ~100k records is its practical limit here.
# Prints per N: wall time and peak RSS of the local run, of doppel-beam (the
# driver and its LOOPBACK workers) and of the job server, and whether the
# outputs are identical. PORT (default 8099) is the job port.
set -euo pipefail
beam=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=$(cd "$beam/.." && pwd)
sizes=("$@")
[[ ${#sizes[@]} -eq 0 ]] && sizes=(100000)
port=${PORT:-8099}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/doppel-jobserver.XXXXXX")
server=""
cleanup() {
	[[ -n $server ]] && kill "$server" 2>/dev/null || true
	[[ ${KEEP:-0} == 1 ]] && echo "kept $tmp" >&2 || rm -rf "$tmp"
}
trap cleanup EXIT

(cd "$root" && go build -o "$tmp/doppel" ./cmd/doppel && go build -o "$tmp/doppel-synth" ./cmd/doppel-synth)
(cd "$beam" && go build -o "$tmp/doppel-beam" ./cmd/doppel-beam)
kind=${JOB_SERVER:-prism}
[[ $kind == flink || $kind == prism ]] || { echo "jobserver.sh: JOB_SERVER is flink or prism, not $kind" >&2; exit 2; }
if [[ $kind == flink ]]; then
	jar=${FLINK_JOB_SERVER_JAR:-}
	if [[ -z $jar ]]; then
		artifact=${FLINK_JOB_SERVER:-org.apache.beam:beam-runners-flink-1.19-job-server:2.77.0}
		if ! mvn -q -B -U dependency:copy -Dartifact="$artifact" -DoutputDirectory="$tmp/jar" >"$tmp/mvn.log" 2>&1; then
			echo "jobserver.sh: cannot fetch Flink's job server $artifact from Maven Central:" >&2
			grep -m1 'ERROR' "$tmp/mvn.log" >&2 || tail -5 "$tmp/mvn.log" >&2
			exit 2
		fi
		jar=$(ls "$tmp"/jar/*.jar)
	fi
	java -jar "$jar" --flink-master='[local]' --job-host=localhost --job-port="$port" >"$tmp/server.log" 2>&1 &
else
	kind=prism
	(cd "$beam" && go build -o "$tmp/prism" github.com/apache/beam/sdks/v2/go/cmd/prism)
	"$tmp/prism" --job_port "$port" --serve_http=false --log_level warn >"$tmp/server.log" 2>&1 &
fi
server=$!
for _ in $(seq 1 300); do
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
	kill -0 "$server" 2>/dev/null || { echo "jobserver.sh: the $kind job server exited:" >&2; cat "$tmp/server.log" >&2; exit 1; }
	sleep 0.2
done

# peak RSS (MiB) of a finished command, from GNU time's report.
rss() { awk -F': ' '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$1"; }
secs() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.1f", s }' "$1"; }

echo "| job server | records | local | local RSS | doppel-beam | doppel-beam RSS | job server peak RSS | outputs |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for n in "${sizes[@]}"; do
	d=$tmp/n$n
	"$tmp/doppel-synth" -q -n "$n" -seed 7 -out "$d/in"
	mapfile -t files < <(ls "$d"/in/*.csv "$d"/in/*.tsv 2>/dev/null | grep -v -e '/truth.csv$' -e '/cases.csv$' -e '/households.csv$')
	/usr/bin/time -v "$tmp/doppel" dedupe --quiet --report never --out "$d/local" "${files[@]}" 2>"$d/local.time"
	/usr/bin/time -v "$tmp/doppel-beam" dedupe --runner=universal --endpoint="localhost:$port" --environment_type=LOOPBACK \
		--quiet --report never --out "$d/beam" "${files[@]}" 2>"$d/beam.time"
	same=identical
	for f in crosswalk.csv golden.csv lineage.csv pairs.csv households.csv review.csv; do
		cmp -s "$d/local/$f" "$d/beam/$f" || same="$f differs"
	done
	peak=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$server/status")
	echo "| $kind | $n | $(secs "$d/local.time") s | $(rss "$d/local.time") MiB | $(secs "$d/beam.time") s | $(rss "$d/beam.time") MiB | $peak MiB | $same |"
done
