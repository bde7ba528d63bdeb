#!/usr/bin/env bash
# Regenerates the documentation's pictures on purpose; a test run never writes into the checkout.
# - docs/cards/*.png: every Teams card golden rendered by cards/render/render.sh.
# - docs/dashboard.png: the dashboard as headless Chromium shows it in DashboardBrowserTests,
#   which saves its screenshot in the test output folder; this script copies it here.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

bash cards/render/render.sh

marker=$(mktemp); trap 'rm -f "$marker"' EXIT
dotnet test tests/LeadBot.Tests.csproj --filter "FullyQualifiedName~LeadBot.Tests.Dashboard.DashboardBrowserTests"
shot=$(find tests/bin -path "*/screenshots/dashboard.png" -newer "$marker" -printf "%T@ %p\n" | sort -n | tail -1 | cut -d" " -f2-)
[ -n "$shot" ] || { echo "screenshots.sh: the dashboard test wrote no screenshot" >&2; exit 1; }
cp "$shot" docs/dashboard.png
echo "screenshots.sh: docs/cards/*.png and docs/dashboard.png regenerated; review them with git diff --stat before committing."
