#!/bin/sh
# Starts the real bot (Release build) on a seeded store, opens the dashboard and its two charts ten times for each
# period, and prints the response times and the process's peak resident memory (VmHWM); then leaves the bot alone for
# $LEADBOT_BENCH_IDLE seconds (default 60) and prints its CPU time and peak again, so background work at start (the
# service-level timers' first scan of every waiting lead) is counted too. It runs with the garbage collector setting
# `dotnet run --project bot` gives (bot/Properties/launchSettings.json), its example teams (Development:
# bot/appsettings.Development.json) and the store's default connection (direct; $LEADBOT_BENCH_CONNECTION=shared for
# the other mode). Other settings come from the environment (e.g. Sla__ClaimWithin, as run.sh --backlog sets).
# Usage: bench/Insights/bot-memory.sh /path/to/store.db [port]
set -e
DB=$1; PORT=${2:-5399}
cd "$(dirname "$0")/../.."
DB=$(realpath "$DB")
(cd bot/bin/Release/net10.0 && ConnectionStrings__LeadBot="Filename=$DB;Connection=${LEADBOT_BENCH_CONNECTION:-direct}" Urls="http://127.0.0.1:$PORT" \
  DOTNET_ENVIRONMENT=Development DOTNET_GCgen0size=0x4000000 Logging__LogLevel__Default=Warning exec dotnet LeadBot.dll) > ${TMPDIR:-/tmp}/leadbot-bench-bot.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null' EXIT
for i in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null || { echo "the bot did not start; see ${TMPDIR:-/tmp}/leadbot-bench-bot.log"; exit 1; }
for period in week quarter; do
  for team in "" "EMEA"; do
    total=0
    for i in $(seq 1 10); do
      t=$(curl -s -o ${TMPDIR:-/tmp}/leadbot-bench-page.html -w '%{time_total}' "http://127.0.0.1:$PORT/?period=$period&team=$team")
      for chart in $(grep -o 'src="/charts/[^"]*"' ${TMPDIR:-/tmp}/leadbot-bench-page.html | sed 's/^src="//; s/"$//; s/&amp;/\&/g'); do
        curl -sf -o /dev/null "http://127.0.0.1:$PORT$chart"
      done
      total=$(echo "$total + $t" | bc -l)
    done
    printf 'dashboard %-7s team=%-5s mean %6.1f ms (page only; charts fetched too)\n' "$period" "${team:-all}" "$(echo "$total * 100" | bc -l)"
  done
done
grep -E 'VmHWM|VmRSS' /proc/$PID/status | tr -s ' ' | sed 's/^/bot /'
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' /proc/$PID/stat; }
echo "bot CPU so far $(cpu) s; idle for ${LEADBOT_BENCH_IDLE:-60} s"
sleep "${LEADBOT_BENCH_IDLE:-60}"
echo "bot CPU after idling $(cpu) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
grep -E 'VmHWM|VmRSS' /proc/$PID/status | tr -s ' ' | sed 's/^/bot after idling /'
# A store that failed answers fast and reads nothing: such a run's figures are not the bot's. (Sends to a Teams service
# URL a chat-reports run left in the store fail too; those are not counted.)
STORE_ERRORS='LiteException|StoreUnavailableHandler|timers could not run'
FAILED=$(grep -c -E "$STORE_ERRORS" ${TMPDIR:-/tmp}/leadbot-bench-bot.log || true)
if [ "$FAILED" -gt 0 ]; then
  echo "bot log: $FAILED store errors, the figures above do not count; first: $(grep -m1 -A1 -E "$STORE_ERRORS" ${TMPDIR:-/tmp}/leadbot-bench-bot.log | tr -s ' ' | tr '\n' ' ')"
else
  echo "bot log: no store errors"
fi
