#!/usr/bin/env bash
# A real two-node Docker Swarm on one machine, for SwarmDriver tests and bench/swarm.
#
#   node 1 (manager): the first engine, /var/run/docker.sock, advertised on 127.0.0.1
#   node 2 (worker):  a second dockerd on /var/run/berth-swarm2.sock with its own data root, exec root, pid file and
#                     bridge (br-berth-sw, 172.31.1.1/24; iptables left alone), advertised on 127.0.0.2
#
# Node 2 is not scripts/docker-engine-second.sh's engine: that one is restarted by the Docker driver's events$ test,
# and a swarm worker must not vanish under the swarm tests running at the same time.
# Never start a second daemon on the default bridge: it breaks the first one's docker0.
#
# Usage: bash scripts/swarm-up.sh [up|worker-start|worker-stop|status]   (default: up)
#   up            start node 1 (scripts/docker-engine.sh start) and node 2, init the swarm on node 1, join node 2,
#                 label the nodes (berth.node=1 / berth.node=2), copy the test images into node 2
#   worker-start  start node 2's daemon only (it rejoins the swarm by itself); used after a test kills it
#   worker-stop   stop node 2's daemon (SIGKILL with `kill`, default SIGTERM), leave the swarm state on disk
#   status        print both nodes' swarm state
# Prints `BERTH_SWARM_*` lines the tests read from the environment when exported:
#   BERTH_SWARM_WORKER_SOCKET (default /var/run/berth-swarm2.sock)
# Tear-down: bash scripts/swarm-down.sh
# Image distribution here: `docker save | docker -H <node 2> load` (no registry is reachable). Real clusters push the
# image to a registry and pass registry auth to the service instead.
set -euo pipefail

SOCK="${BERTH_SWARM_WORKER_SOCKET:-/var/run/berth-swarm2.sock}"
DATA_ROOT="${BERTH_SWARM_WORKER_ROOT:-/var/lib/berth-swarm2}"
EXEC_ROOT="/var/run/berth-swarm2"
PIDFILE="/var/run/berth-swarm2.pid"
BRIDGE="br-berth-sw"
BRIDGE_CIDR="172.31.1.1/24"
LOG_FILE="/var/log/berth-swarm2.log"
TIMEOUT="${BERTH_DOCKERD_TIMEOUT:-60}"
IMAGES="${BERTH_SWARM_IMAGES:-berth/busybox:latest berth/runtime:bookworm}"
HERE="$(cd "$(dirname "$0")" && pwd)"

log() { printf '[swarm] %s\n' "$*" >&2; }
die() { printf '[swarm] ERROR: %s\n' "$*" >&2; exit 1; }
# shellcheck source=lib/extra-dockerd.sh
. "$HERE/lib/extra-dockerd.sh"

d1() { docker -H unix:///var/run/docker.sock "$@"; }
d2() { docker -H "unix://$SOCK" "$@"; }
worker_up() { [ -S "$SOCK" ] && d2 version >/dev/null 2>&1; }

worker_start() {
  if worker_up; then
    log "node 2 already running on $SOCK"
    return 0
  fi
  extra_dockerd_start "$SOCK" "$DATA_ROOT" "$EXEC_ROOT" "$PIDFILE" "$BRIDGE" "$BRIDGE_CIDR" "$LOG_FILE" "$TIMEOUT"
}

worker_stop() {
  extra_dockerd_stop "$PIDFILE" "${1:-TERM}"
  rm -f "$SOCK"
}

swarm_state() { "$@" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unreachable; }

copy_images() {
  local image want have
  for image in $IMAGES; do
    if ! d1 image inspect "$image" >/dev/null 2>&1; then
      log "image $image missing on node 1: building the test images first"
      bash "$HERE/docker-engine.sh" images
    fi
    want="$(d1 image inspect --format '{{.Id}}' "$image")"
    have="$(d2 image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
    if [ "$want" != "$have" ]; then
      log "loading $image into node 2 (docker save | docker -H node2 load)"
      d1 save "$image" | d2 load >/dev/null
    fi
  done
}

up() {
  bash "$HERE/docker-engine.sh" start
  worker_start
  if [ "$(swarm_state d1)" != "active" ]; then
    log "initialising the swarm on node 1 (advertise 127.0.0.1)"
    d1 swarm init --advertise-addr 127.0.0.1 >/dev/null
  fi
  if [ "$(swarm_state d2)" != "active" ]; then
    local token
    token="$(d1 swarm join-token -q worker)"
    log "joining node 2 as a worker (advertise 127.0.0.2)"
    d2 swarm join --token "$token" --advertise-addr 127.0.0.2 --listen-addr 127.0.0.2:2377 \
      --data-path-addr 127.0.0.2 127.0.0.1:2377 >/dev/null
  fi
  local id1 id2
  id1="$(d1 info --format '{{.Swarm.NodeID}}')"
  id2="$(d2 info --format '{{.Swarm.NodeID}}')"
  d1 node update --label-add berth.node=1 "$id1" >/dev/null
  d1 node update --label-add berth.node=2 "$id2" >/dev/null
  copy_images
  local deadline=$((SECONDS + TIMEOUT))
  until [ "$(d1 node inspect --format '{{.Status.State}}' "$id2")" = "ready" ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "node 2 ($id2) did not become ready"
    sleep 0.5
  done
  log "swarm up: manager $id1 (127.0.0.1), worker $id2 (127.0.0.2, $SOCK)"
}

case "${1:-up}" in
  up) up ;;
  worker-start) worker_start ;;
  worker-stop) worker_stop "${2:-TERM}" ;;
  status) log "node 1: $(swarm_state d1)"; log "node 2: $(swarm_state d2)" ;;
  *) die "unknown command '$1' (up|worker-start|worker-stop|status)" ;;
esac
