#!/usr/bin/env bash
# Regenerates the documentation's pictures on purpose; a test run never writes into the checkout.
# - docs/cards/*.png: every Teams card golden rendered by cards/render/render.sh.
# - docs/dashboard.png: the dashboard as headless Chromium shows it in DashboardBrowserTests,
#   which saves its screenshot in the test output folder; this script copies it here.
# - docs/agreement-dashboard.png: the agreement page, likewise from AgreementPageBrowserTests.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

bash cards/render/render.sh

marker=$(mktemp); trap 'rm -f "$marker"' EXIT
dotnet test tests/LeadBot.Tests.csproj --filter "FullyQualifiedName~LeadBot.Tests.Dashboard.DashboardBrowserTests|FullyQualifiedName~LeadBot.Tests.Dashboard.AgreementPageBrowserTests"
for pair in dashboard.png:dashboard.png agreement.png:agreement-dashboard.png; do
  shot=$(find tests/bin -path "*/screenshots/${pair%%:*}" -newer "$marker" -printf "%T@ %p\n" | sort -n | tail -1 | cut -d" " -f2-)
  [ -n "$shot" ] || { echo "screenshots.sh: the browser tests wrote no ${pair%%:*}" >&2; exit 1; }
  cp "$shot" "docs/${pair##*:}"
done
echo "screenshots.sh: docs/cards/*.png, docs/dashboard.png and docs/agreement-dashboard.png regenerated; review them with git diff --stat before committing."
