#!/usr/bin/env bash
# Installs Debian's Chromium for the dashboard's end-to-end tests (playwright-core drives /usr/bin/chromium).
# Idempotent: does nothing when /usr/bin/chromium exists. Uses apt-get only; Playwright's own browser
# download is never used (it cannot be fetched here, and Debian's build is what CI has).
#
# Usage: bash scripts/install-chromium.sh
set -euo pipefail

CHROMIUM=/usr/bin/chromium

log() { printf '[install-chromium] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if [ -x "$CHROMIUM" ]; then
  log "$("$CHROMIUM" --version 2>/dev/null || echo chromium) already installed"
  exit 0
fi

log 'installing chromium with apt-get'
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq
as_root apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
[ -x "$CHROMIUM" ] || { log "ERROR: $CHROMIUM missing after install"; exit 1; }
log "$("$CHROMIUM" --version 2>/dev/null || echo chromium) installed"
