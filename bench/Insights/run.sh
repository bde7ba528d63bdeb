#!/bin/sh
# The insights benchmark: seeds stores of 10k, 100k and 1M leads (once; kept in $LEADBOT_BENCH_DIR), times the
# pipeline and feedback reports in a fresh process, asks for them in Teams chat as a manager would (the real bot on
# the store, bench/LeadBot.Bench chat-reports), then runs the real bot on each store and reads its peak memory.
# --backlog: stores where most leads wait (Seeder.SeedBacklog: a weekend's import, offered and unclaimed), in files
# of their own (backlog-N.db).
# Usage: bench/Insights/run.sh [--backlog] [sizes...]
set -e
cd "$(dirname "$0")/../.."
DIR=${LEADBOT_BENCH_DIR:-${TMPDIR:-/tmp}/leadbot-bench}
SEED=seed; PREFIX=""
if [ "$1" = "--backlog" ]; then
  SEED=seed-backlog; PREFIX=backlog-; shift
  # The seed writes no service-level marks: at its Monday (and on this machine's later clock) the whole weekend import
  # is past its claim time, and the bot would spend the run escalating it (work a running bot did at 09:05 Monday).
  # Long service levels keep the timers to what a running bot does by midday: scanning the waiting leads, firing none.
  export Sla__ClaimWithin=20.00:00:00 Sla__ReassignAfter=30.00:00:00
fi
mkdir -p "$DIR"
dotnet build -c Release bench/Insights > /dev/null
dotnet build -c Release bench/LeadBot.Bench > /dev/null
dotnet build -c Release bot > /dev/null
B="dotnet bench/Insights/bin/Release/net10.0/LeadBot.Bench.Insights.dll"
NOW=2026-11-30T12:00:00Z # Seeder.Now
for n in ${*:-10000 100000 1000000}; do
  FILE="$DIR/$PREFIX$n.db"
  echo "== $n leads ($SEED), load $(cut -d' ' -f1-3 /proc/loadavg)"
  [ -f "$FILE" ] || $B $SEED "$n" "$FILE"
  $B measure "$FILE"
  dotnet bench/LeadBot.Bench/bin/Release/net10.0/LeadBot.Bench.dll chat-reports "$FILE" $NOW
  bench/Insights/bot-memory.sh "$FILE"
done
