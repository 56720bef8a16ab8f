#!/usr/bin/env bash
# Measures issue 8's build targets with /usr/bin/time -v and prints the
# medians: `ecspack build --inventory` of synthetic estates of 500 and 1,000
# services (wall time, max RSS, the 500 → 1,000 growth) and the warm build of
# the bundled sample. Each figure is the median of RUNS runs (default 5); the
# 1-minute load average and the CPU time (user + system) are printed with
# every run: a busy machine inflates wall times, much less CPU time. See
# docs/performance.md.
#
#   .ci/perf-targets.sh [RUNS]
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/ecspack
(cd "$root" && go build -trimpath -o "$bin" ./cmd/ecspack)
[ -x /usr/bin/time ] || { echo "perf-targets: /usr/bin/time (GNU time) is required" >&2; exit 1; }

median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

# measure NAME ARGS...: runs the build RUNS times; prints each run and the medians;
# sets MEDIAN_WALL (seconds) and MEDIAN_RSS (MB).
measure() {
	local name=$1; shift
	: >"$work/$name.wall"; : >"$work/$name.rss"; : >"$work/$name.cpu"
	for i in $(seq "$runs"); do
		local load; load=$(cut -d' ' -f1 /proc/loadavg)
		rm -rf "$work/out"
		/usr/bin/time -v "$bin" "$@" -o "$work/out" 2>"$work/time.txt" >/dev/null || { cat "$work/time.txt" >&2; exit 1; }
		local wall rss cpu
		wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$work/time.txt")
		rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/time.txt")
		cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ {s+=$2} END {print s}' "$work/time.txt")
		echo "$wall" >>"$work/$name.wall"; echo "$rss" >>"$work/$name.rss"; echo "$cpu" >>"$work/$name.cpu"
		printf '  %-14s run %d: %6.2f s wall  %6.2f s CPU  %5d MB  (load %s)\n' "$name" "$i" "$wall" "$cpu" "$rss" "$load"
	done
	MEDIAN_WALL=$(median <"$work/$name.wall"); MEDIAN_RSS=$(median <"$work/$name.rss")
	printf '%-16s median %.2f s wall, %.2f s CPU, max RSS %d MB\n' "$name" "$MEDIAN_WALL" "$(median <"$work/$name.cpu")" "$MEDIAN_RSS"
}

echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p'), $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%d)"
"$bin" synth --services 500 --seed 7 -o "$work/estate500.json" 2>/dev/null
"$bin" synth --services 1000 --seed 7 -o "$work/estate1000.json" 2>/dev/null
# Warm go-graphviz's compilation cache ($TMPDIR/go-graphviz) first.
"$bin" build "$root/samples/harbor" -o "$work/out" >/dev/null 2>&1

measure sample build "$root/samples/harbor"
measure 500-services build --inventory "$work/estate500.json"
w500=$MEDIAN_WALL
measure 1000-services build --inventory "$work/estate1000.json"
w1000=$MEDIAN_WALL
awk -v a="$w500" -v b="$w1000" 'BEGIN {printf "growth 500 → 1,000 services: %.2f× (target ≤ 2.2×)\n", b/a}'
