#!/usr/bin/env bash
# Renders every Teams card (the golden files in tests/Cards/golden) to docs/cards/*.png
# with the official adaptivecards npm renderer and the Teams light host config, in Debian's headless Chromium.
# Regenerate the golden files first (UPDATE_GOLDEN=1 dotnet test ...) when a card changed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

# The official Teams light host config, kept in the checkout with the other reference files (tests/Reference/README.md).
hostconfig="$repo/tests/Reference/adaptive-cards/hostconfig/microsoft-teams-light.json"
[ -f "$hostconfig" ] || { echo "render.sh: $hostconfig is missing" >&2; exit 1; }

# Debian's Chromium, plus fonts for CJK and emoji so non-Latin cards render as text, not boxes.
need=()
command -v chromium >/dev/null || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -qi "Noto Color Emoji" || need+=(fonts-noto-color-emoji)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
  else echo "render.sh: please install: ${need[*]}" >&2; exit 1; fi
fi

cd "$here"
[ -d node_modules/adaptivecards ] && [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund
node render.mjs "$repo/tests/Cards/golden" "$repo/docs/cards" "$hostconfig"
