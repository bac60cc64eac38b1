#!/usr/bin/env bash
# Tears down the two-node swarm of scripts/swarm-up.sh and checks nothing is left: Berth services removed, both
# nodes out of the swarm, node 2's daemon stopped by pid, what remains mounted under its roots unmounted, its bridge
# deleted. Node 1's engine keeps running (other tests use it). Exit status 1 when something could not be removed.
#
# Usage: bash scripts/swarm-down.sh [--check]
#   --check  also fail (exit 1, after removing everything) when Berth services or task containers were still there:
#            CI runs it after the tests so that a test leaking a service turns the run red
set -uo pipefail
CHECK=0
[ "${1:-}" = "--check" ] && CHECK=1

SOCK="${BERTH_SWARM_WORKER_SOCKET:-/var/run/berth-swarm2.sock}"
DATA_ROOT="${BERTH_SWARM_WORKER_ROOT:-/var/lib/berth-swarm2}"
EXEC_ROOT="/var/run/berth-swarm2"
BRIDGE="br-berth-sw"
HERE="$(cd "$(dirname "$0")" && pwd)"

log() { printf '[swarm-down] %s\n' "$*" >&2; }
die() { printf '[swarm-down] ERROR: %s\n' "$*" >&2; exit 1; }
# shellcheck source=lib/extra-dockerd.sh
. "$HERE/lib/extra-dockerd.sh"
d1() { docker -H unix:///var/run/docker.sock "$@"; }
d2() { docker -H "unix://$SOCK" "$@"; }

if [ "$(d1 info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null)" = "active" ]; then
  services="$(d1 service ls -q --filter label=berth.managed=true)"
  if [ -n "$services" ]; then
    log "removing $(echo "$services" | wc -l) Berth service(s): $(d1 service ls --filter label=berth.managed=true --format '{{.Name}}' | tr '\n' ' ')"
    [ "$CHECK" -eq 1 ] && leaked=1
    # shellcheck disable=SC2086
    d1 service rm $services >/dev/null
  fi
fi
if [ -S "$SOCK" ] && d2 version >/dev/null 2>&1; then
  d2 swarm leave --force >/dev/null 2>&1 && log "node 2 left the swarm"
fi
d1 swarm leave --force >/dev/null 2>&1 && log "node 1 left the swarm"
bash "$HERE/swarm-up.sh" worker-stop
unmount_under "$DATA_ROOT" "$EXEC_ROOT"
if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link delete "$BRIDGE"; fi

left="${leaked:-0}"
[ "$left" -eq 0 ] || log "LEAK: tests left Berth services behind (listed above)"
[ "$(d1 info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null)" = "inactive" ] || { log "node 1 still in a swarm"; left=1; }
if awk -v a="$DATA_ROOT" -v b="$EXEC_ROOT" '$2 ~ "^"a || $2 ~ "^"b {found=1} END {exit !found}' /proc/mounts; then
  log "mounts remain under $DATA_ROOT or $EXEC_ROOT"; left=1
fi
ip link show "$BRIDGE" >/dev/null 2>&1 && { log "bridge $BRIDGE remains"; left=1; }
n="$(d1 ps -aq --filter label=berth.managed=true --filter label=com.docker.swarm.service.id | wc -l)"
[ "$n" -eq 0 ] || { log "$n swarm task container(s) remain on node 1"; left=1; }
[ "$left" -eq 0 ] && log "clean: no service, swarm membership, node-2 daemon, mount or bridge left"
exit "$left"
