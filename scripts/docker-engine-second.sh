#!/usr/bin/env bash
# A second, independent Docker Engine on this machine, for multi-host (DockerHostPool) tests.
# It has its own socket, data root, exec root, pid file and bridge (br-berth2, 172.31.0.1/24) and leaves
# iptables alone: started with the default bridge it would fight the first daemon over docker0.
#
# Usage: bash scripts/docker-engine-second.sh [start|stop|restart|status]
#   start  create the bridge, start dockerd #2, wait for its socket, import berth/busybox:latest into it
#          (exported from the first engine, or built from /bin/busybox when the first engine lacks it)
#   stop   stop dockerd #2 by pid, unmount what is left under its data/exec roots, delete the bridge
#   restart  stop only the daemon (SIGTERM, bridge and data kept) and start it again; used by the events$
#          reconnection test so the first engine, shared with other tests, is never restarted
set -euo pipefail

SOCK="${BERTH_DOCKER2_SOCKET:-/var/run/berth-docker2.sock}"
DATA_ROOT="/var/lib/berth-docker2"
EXEC_ROOT="/var/run/berth-docker2"
PIDFILE="/var/run/berth-docker2.pid"
BRIDGE="br-berth2"
BRIDGE_CIDR="172.31.0.1/24"
LOG_FILE="/var/log/berth-dockerd2.log"
TIMEOUT="${BERTH_DOCKERD_TIMEOUT:-60}"
HERE="$(cd "$(dirname "$0")" && pwd)"

log() { printf '[docker-engine-second] %s\n' "$*" >&2; }
die() { printf '[docker-engine-second] ERROR: %s\n' "$*" >&2; exit 1; }
# shellcheck source=lib/extra-dockerd.sh
. "$HERE/lib/extra-dockerd.sh"

up() { [ -S "$SOCK" ] && docker -H "unix://$SOCK" version >/dev/null 2>&1; }

start() {
  if up; then
    log "already running on $SOCK"
  else
    extra_dockerd_start "$SOCK" "$DATA_ROOT" "$EXEC_ROOT" "$PIDFILE" "$BRIDGE" "$BRIDGE_CIDR" "$LOG_FILE" "$TIMEOUT"
  fi
  if ! docker image inspect berth/busybox:latest >/dev/null 2>&1; then
    bash "$HERE/docker-engine.sh" images
  fi
  local want have
  want="$(docker image inspect --format '{{.Id}}' berth/busybox:latest)"
  have="$(docker -H "unix://$SOCK" image inspect --format '{{.Id}}' berth/busybox:latest 2>/dev/null || true)"
  if [ "$want" != "$have" ]; then
    log "copying berth/busybox:latest into dockerd #2"
    docker save berth/busybox:latest | docker -H "unix://$SOCK" load >/dev/null
  fi
  docker -H "unix://$SOCK" tag berth/busybox:latest busybox:latest
}

stop_daemon() { extra_dockerd_stop "$PIDFILE"; }

stop() {
  stop_daemon
  unmount_under "$DATA_ROOT" "$EXEC_ROOT"
  if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link delete "$BRIDGE"; fi
  rm -f "$SOCK"
  log "stopped"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  restart) stop_daemon; start ;;
  status) if up; then log "running"; else log "not running"; exit 1; fi ;;
  *) die "unknown command '$1' (start|stop|restart|status)" ;;
esac
