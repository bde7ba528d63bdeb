#!/usr/bin/env bash
# The one test command (README and .ci/run both run exactly this).
# It brings what the tests need on a fresh Debian machine — Chromium for the dashboard browser test,
# PostgreSQL for the store contract tests — then runs the whole suite once.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing test prerequisites: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# PostgreSQL on loopback for the store contract tests; the script prints the connection string to use.
# Assigned on its own line: `export X="$(...)"` would hide the script's exit status and run the suite without a database.
if ! postgres=$(bash tests/postgres.sh); then
  echo "tests/run.sh: PostgreSQL did not start (postgres.sh's error is above); the suite was not run." >&2
  exit 1
fi
export LEADBOT_TEST_POSTGRES="$postgres"

log=$(mktemp)
set +e
dotnet test LeadBot.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One plain closing line, summed over test assemblies, for readers that look for "N passed, N failed".
awk -F'[:,]' '/^(Passed|Failed)! +- +Failed:/ { f += $2; p += $4; s += $6 } END { if (p + f > 0) printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
