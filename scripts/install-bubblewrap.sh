#!/usr/bin/env bash
# Installs bubblewrap (`bwrap`, Debian package `bubblewrap`): the local driver runs every container inside it
# (own mount, PID, network, UTS and IPC namespaces). Without it the local driver refuses to run containers
# unless told to run them unsandboxed (`isolation: 'none'` or BERTH_LOCAL_ISOLATION=none).
# Idempotent: does nothing when bwrap is on the PATH. Then checks that bwrap can create namespaces here.
#
# Usage: bash scripts/install-bubblewrap.sh
set -euo pipefail

log() { printf '[install-bubblewrap] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if command -v bwrap >/dev/null 2>&1; then
  log "$(bwrap --version 2>/dev/null || echo bwrap) already installed at $(command -v bwrap)"
else
  log 'installing bubblewrap with apt-get'
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends bubblewrap >/dev/null
  command -v bwrap >/dev/null 2>&1 || { log 'ERROR: bwrap missing after install'; exit 1; }
  log "$(bwrap --version) installed"
fi

# The driver's own probe (namespaces as this user: as root without a user namespace, else with one).
userns=()
[ "$(id -u)" -eq 0 ] || userns=(--unshare-user)
if bwrap "${userns[@]}" --unshare-pid --unshare-net --unshare-ipc --unshare-uts --ro-bind / / --proc /proc \
  --dev-bind /dev/null /dev/null -- /bin/true; then
  log 'bwrap can create namespaces here'
else
  log 'WARNING: bwrap cannot create namespaces here (container without privileges, or user namespaces disabled);'
  log "         the local driver will refuse to run containers unless BERTH_LOCAL_ISOLATION=none"
fi
