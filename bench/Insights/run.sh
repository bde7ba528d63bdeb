#!/bin/sh
# The insights benchmark: seeds stores of 10k, 100k and 1M leads (once; kept in $LEADBOT_BENCH_DIR), times the
# pipeline and feedback reports in a fresh process, then runs the real bot on each store and reads its peak memory.
# Usage: bench/Insights/run.sh [sizes...]
set -e
cd "$(dirname "$0")/../.."
DIR=${LEADBOT_BENCH_DIR:-${TMPDIR:-/tmp}/leadbot-bench}
mkdir -p "$DIR"
dotnet build -c Release bench/Insights > /dev/null
dotnet build -c Release bot > /dev/null
B="dotnet bench/Insights/bin/Release/net10.0/LeadBot.Bench.Insights.dll"
for n in ${*:-10000 100000 1000000}; do
  echo "== $n leads"
  [ -f "$DIR/$n.db" ] || $B seed "$n" "$DIR/$n.db"
  $B measure "$DIR/$n.db"
  bench/Insights/bot-memory.sh "$DIR/$n.db"
done
