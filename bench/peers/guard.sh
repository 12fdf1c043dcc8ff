#!/usr/bin/env bash
# usage: guard.sh CAP_MIB MARKER CMD...
# Runs CMD in a session of its own and checks the memory of all its
# processes every half second: the sum of their proportional set sizes
# (PSS: resident memory, pages shared between a parent and its forked
# workers counted once). Past CAP_MIB it kills them and writes the figure
# to MARKER. The cap is on real memory, unlike `ulimit -v`, which counts
# reserved address space (thread arenas, mapped libraries).
# The peak of that sum is written to MARKER.peak (MiB): /usr/bin/time -v
# reports the largest single process and nothing for processes killed this
# way. Exits with CMD's status (137 when killed).
set -u
cap=$1 marker=$2
shift 2
setsid "$@" &
pid=$!
peak=0
status=0
# pss SID: the summed PSS in MiB of the processes in session SID
pss() {
	local p s=0 v
	for p in $(ps -o pid= -s "$1" 2>/dev/null); do
		v=$(awk '$1 == "Pss:" { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null) || continue
		s=$((s + ${v:-0}))
	done
	echo $((s / 1024))
}
while :; do
	sleep 0.5 &
	tick=$!
	done_pid=
	wait -n -p done_pid "$pid" "$tick"
	st=$?
	if [[ $done_pid == "$pid" ]]; then
		status=$st
		kill "$tick" 2>/dev/null
		break
	fi
	m=$(pss "$pid")
	((m > peak)) && peak=$m
	if ((m > cap)); then
		echo "$m" >"$marker"
		# shellcheck disable=SC2046
		kill -KILL $(ps -o pid= -s "$pid") 2>/dev/null
		wait "$pid"
		status=$?
		break
	fi
done
echo "$peak" >"$marker.peak"
exit "$status"
