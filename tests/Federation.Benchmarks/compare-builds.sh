#!/usr/bin/env bash
# Same-run comparison of the share load between an earlier commit and the working tree: both are built in
# Release, then their load tools run alternately (before, after, before, after...), each round against the bare
# echo of its own process. Alternating puts both builds under the same machine conditions, which two runs an hour
# apart on a shared machine do not (see README, "The transparency log in the share path").
# Usage: tests/Federation.Benchmarks/compare-builds.sh BEFORE_REV [PAIRS=5] [MESSAGES=5000]
set -euo pipefail

before_rev=${1:?usage: compare-builds.sh BEFORE_REV [PAIRS] [MESSAGES]}
pairs=${2:-5}
messages=${3:-5000}
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=$(mktemp -d /tmp/federation-compare.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The earlier commit from an archive: no worktree left behind, nothing of the working tree mixed in.
mkdir -p "$work/before"
git -C "$repo" archive "$before_rev" | tar -x -C "$work/before"
if [ -d "$repo/../shared" ]; then ln -s "$repo/../shared" "$work/shared"; fi
echo "building $before_rev and the working tree (Release)..."
dotnet build -c Release "$work/before/tests/Federation.Benchmarks" -v quiet -nologo > "$work/before.build.log" 2>&1 \
    || { cat "$work/before.build.log"; exit 1; }
dotnet build -c Release "$repo/tests/Federation.Benchmarks" -v quiet -nologo > "$work/after.build.log" 2>&1 \
    || { cat "$work/after.build.log"; exit 1; }

# Each build runs ten warm-up rounds (tools that have --warmup) and two measured ones, and only round 2 counts:
# tiered compilation keeps recompiling the share path for several rounds after start (on 2 cores, 1.2 s of JIT in
# a round after five warm-ups, 12-90 ms after ten or more; the load prints it per round). A tool from before
# --warmup ignores the option and counts its second round, as this script did then.
run() { # $1: before|after
    local dir
    if [ "$1" = before ]; then dir="$work/before"; else dir="$repo"; fi
    (cd "$dir/tests/Federation.Benchmarks/bin/Release/net10.0" && dotnet Federation.Benchmarks.dll load --messages "$messages" --warmup 10 --rounds 2) \
        | sed -n 's/^round 2: echo *\([0-9,]*\)\/s *share outbox→ack *\([0-9,]*\)\/s.*/\1 \2/p' | tr -d ','
}

: > "$work/rounds"
for pair in $(seq 1 "$pairs"); do
    for side in before after; do
        read -r echo share < <(run "$side")
        ratio=$(awk -v s="$share" -v e="$echo" 'BEGIN { printf "%.4f", s / e }')
        echo "pair $pair $side: echo $echo/s share $share/s ratio $ratio (load $(cut -d' ' -f1 /proc/loadavg))"
        echo "$side $ratio" >> "$work/rounds"
    done
done

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
before=$(awk '$1 == "before" { print $2 }' "$work/rounds" | median)
after=$(awk '$1 == "after" { print $2 }' "$work/rounds" | median)
echo
echo "| build | share/echo, median of $pairs alternated rounds |"
echo "|---|---:|"
echo "| $before_rev | $before |"
echo "| working tree ($(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet || echo '+changes')) | $after |"
awk -v b="$before" -v a="$after" 'BEGIN { printf "change of the ratio: %+.1f %%\n", 100 * (a - b) / b }'
