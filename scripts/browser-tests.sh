#!/usr/bin/env bash
# Browser tests: user stories in headless Chromium (Debian's package, driven by
# playwright-core) with an axe-core WCAG 2.1 A/AA check on every page visited.
# Expects a built server binary: VERBINDING_BIN (default target/debug/verbinding).
# Installs Chromium with apt-get and the npm packages from the lock file when
# they are missing; downloads no browser of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

export VERBINDING_BIN="${VERBINDING_BIN:-$PWD/target/debug/verbinding}"
if [ ! -x "$VERBINDING_BIN" ]; then
  echo "browser-tests: no server binary at $VERBINDING_BIN (run cargo build first)" >&2
  exit 1
fi

source scripts/lib.sh
ensure_packages /usr/bin/chromium:chromium node:nodejs npm:npm

# Entry point: tests/browser/run.mjs, which imports the stories (stories_*.mjs)
# in order and ends with the axe-core summary.
# playwright-core never downloads browsers on install; this makes sure of it.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
# The suite takes about a minute and a half; the outer limit only guards against a hang.
timeout --kill-after=10 600 node --test tests/browser/run.mjs
