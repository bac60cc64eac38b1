#!/usr/bin/env bash
# Installs Debian's Prometheus (`prometheus`, with `promtool`) for the Prometheus CI test
# (packages/hub/src/metrics/prometheus.int.spec.ts, which runs its own Prometheus on loopback), then stops and
# disables the system service the package starts (a second Prometheus on :9090 and node-exporter on :9100 would
# only take CPU and ports). Checks the deploy/prometheus rules with promtool.
# Idempotent: skips apt when `prometheus` and `promtool` are on the PATH.
#
# Usage: bash scripts/install-prometheus.sh
# Then:  BERTH_REQUIRE_PROMETHEUS=1 node --experimental-vm-modules node_modules/jest/bin/jest.js prometheus.int
set -euo pipefail

log() { printf '[install-prometheus] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  log "already installed: $(prometheus --version 2>&1 | head -n 1)"
else
  log 'installing prometheus with apt-get'
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  # --no-install-recommends: no node-exporter, no alertmanager (the test does not use them)
  as_root apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  command -v prometheus >/dev/null 2>&1 || { log 'ERROR: prometheus missing after install'; exit 1; }
  log "installed: $(prometheus --version 2>&1 | head -n 1)"
fi

# The package starts a system Prometheus (and node-exporter when recommended packages came along): stop them.
for unit in prometheus prometheus-node-exporter; do
  if command -v systemctl >/dev/null 2>&1 && systemctl list-unit-files "$unit.service" >/dev/null 2>&1; then
    as_root systemctl disable --now "$unit" >/dev/null 2>&1 || true
  fi
  if [ -x "/etc/init.d/$unit" ]; then as_root "/etc/init.d/$unit" stop >/dev/null 2>&1 || true; fi
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
promtool check rules "$here/deploy/prometheus/berth-alerts.rules.yml" >&2
promtool test rules "$here/deploy/prometheus/berth-alerts.test.yml" >&2
log 'deploy/prometheus rules check and unit-test clean'
